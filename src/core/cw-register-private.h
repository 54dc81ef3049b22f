/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "cw-database.h"
#include "cw-session.h"
#include "cw-sql-list-model.h"

G_BEGIN_DECLS

/*
 * What the three staff registers (gifts, contacts, photo consent) share, for
 * their files in src/core only.
 *
 * Who sees a register row: its owner (the member of staff whose declaration
 * or record it is); someone who holds REVIEW_TEAM_REGISTERS and is the
 * owner's line manager; anyone who holds REVIEW_ALL_REGISTERS (a DSL).
 * CW_REGISTER_VISIBLE_SQL (owner_expr) says that in SQL with the named
 * parameters :cw_reg_me, :cw_reg_team and :cw_reg_all; bind them with
 * cw_register_bind_visibility() (a statement left unbound sees nothing).
 *
 * A child's name on a row is a separate question: it is shown only to
 * someone who may see that child's record (CW_CHILD_VISIBLE_SQL), so a
 * manager reviewing a team member's gift sees the declaration but not the
 * name of a child whose record they have no need to know.
 */
#define CW_REGISTER_VISIBLE_SQL(owner_expr) \
  "(:cw_reg_all = 1 OR (:cw_reg_me > 0 AND ((" owner_expr ") = :cw_reg_me " \
  "OR (:cw_reg_team = 1 AND EXISTS (SELECT 1 FROM staff cw_reg_s " \
  "WHERE cw_reg_s.id = (" owner_expr ") AND cw_reg_s.line_manager_id = :cw_reg_me)))))"

/* The rows whose owner is me or in my team (whoever my team is): a term an
 * index on the owner can serve. For someone without REVIEW_ALL_REGISTERS
 * the rows CW_REGISTER_VISIBLE_SQL gives are among these, so ANDing it in
 * changes no list; see cw_register_visible_where (). */
#define CW_REGISTER_OWNER_IN_TEAM_SQL(owner_expr) \
  "(" owner_expr ") IN (SELECT cw_reg_o.id FROM staff cw_reg_o " \
  "WHERE cw_reg_o.id = :cw_reg_me OR cw_reg_o.line_manager_id = :cw_reg_me)"

/* The same rows as CW_REGISTER_OWNER_IN_TEAM_SQL, by id: @alias.id among
 * the ids of @table whose @owner_column is me or in my team. For a filter
 * that must read every candidate row (flags are in no index), SQLite then
 * reads them in id order, page after page, instead of one by one in the
 * owner index's order. */
#define CW_REGISTER_ROW_IN_TEAM_SQL(alias, table, owner_column) \
  alias ".id IN (SELECT cw_reg_r.id FROM " table " cw_reg_r WHERE " \
  CW_REGISTER_OWNER_IN_TEAM_SQL ("cw_reg_r." owner_column) ")"

/* Rows that wait for the signed-in person to decide or review: someone
 * else's, in their team or (REVIEW_ALL_REGISTERS) anyone's. */
#define CW_REGISTER_AWAITING_ME_SQL(owner_expr) \
  "((" owner_expr ") <> :cw_reg_me AND :cw_reg_me > 0 AND (:cw_reg_all = 1 " \
  "OR (:cw_reg_team = 1 AND EXISTS (SELECT 1 FROM staff cw_reg_w " \
  "WHERE cw_reg_w.id = (" owner_expr ") AND cw_reg_w.line_manager_id = :cw_reg_me))))"

/* Binds :cw_reg_me, :cw_reg_team and :cw_reg_all (and the child
 * visibility parameters) for the signed-in person when @stmt has them. */
void        cw_register_bind_visibility   (CwSession    *session,
                                           sqlite3_stmt *stmt);

/* Does the signed-in person see every register row (REVIEW_ALL_REGISTERS,
 * as cw_register_bind_visibility () binds :cw_reg_all)? */
gboolean    cw_register_sees_all          (CwSession    *session);

/* @visible_sql (CW_REGISTER_VISIBLE_SQL of the owner) as a WHERE term for
 * @session: for someone who does not see every row, ANDed with
 * @owner_in_team_sql (CW_REGISTER_OWNER_IN_TEAM_SQL of the same owner, or
 * CW_REGISTER_ROW_IN_TEAM_SQL), so that an index finds the rows instead of
 * a walk over the whole table. The same rows either way: the term is
 * chosen when the list is made and only ever narrows, and @visible_sql is
 * still bound at every fetch. */
char       *cw_register_visible_where     (CwSession    *session,
                                           const char   *visible_sql,
                                           const char   *owner_in_team_sql);
#define CW_REGISTER_VISIBLE_WHERE(session, owner_expr) \
  cw_register_visible_where ((session), CW_REGISTER_VISIBLE_SQL (owner_expr), \
                             CW_REGISTER_OWNER_IN_TEAM_SQL (owner_expr))
/* The same with CW_REGISTER_ROW_IN_TEAM_SQL, for a filter on columns that
 * no index holds. */
#define CW_REGISTER_VISIBLE_ROWS_WHERE(session, alias, table, owner_column) \
  cw_register_visible_where ((session), CW_REGISTER_VISIBLE_SQL (alias "." owner_column), \
                             CW_REGISTER_ROW_IN_TEAM_SQL (alias, table, owner_column))

/* The signed-in person's staff id; 0 when signed out or locked. */
gint64      cw_register_me                (CwSession    *session);

/* The open database, or NULL with CW_SESSION_ERROR_LOCKED. */
CwDatabase *cw_register_get_database      (CwSession    *session,
                                           GError      **error);

/* KEEP_OWN_REGISTERS, with the register's own sentence when refused. */
gboolean    cw_register_require_keep      (CwSession    *session,
                                           GError      **error);

/* May the signed-in person decide or review @owner_id's rows (their line
 * manager with REVIEW_TEAM_REGISTERS, or anyone with REVIEW_ALL_REGISTERS;
 * never their own)? */
gboolean    cw_register_may_review        (CwSession    *session,
                                           gint64        owner_id);

/* May the signed-in person see @owner_id's rows? */
gboolean    cw_register_may_see           (CwSession    *session,
                                           gint64        owner_id);

void        cw_register_set_not_permitted (GError      **error,
                                           const char   *message);
void        cw_register_set_child_not_permitted (GError **error);

/* Trims @value and checks it: valid UTF-8, not empty when @required, at
 * most @max_chars characters, no control characters (line breaks allowed
 * when @multi_line). @label is the field's name as the person knows it.
 * The error is @domain/@code with a sentence naming the field. */
char       *cw_register_clean_text        (const char   *value,
                                           const char   *label,
                                           gboolean      required,
                                           guint         max_chars,
                                           gboolean      multi_line,
                                           GQuark        domain,
                                           int           code,
                                           GError      **error);

/* 'YYYY-MM-DD' and back; an invalid or NULL date is "". */
char       *cw_register_format_date       (const GDate  *date);
gboolean    cw_register_parse_date        (const char   *text,
                                           GDate        *date);
/* A GDate that is set and real (not 31 February). */
gboolean    cw_register_date_is_real      (const GDate  *date);
void        cw_register_today             (GDate        *today);

gint64      cw_register_now               (void);
char       *cw_register_id_string         (gint64        id);

/* The child's display name from the children columns (given, family,
 * preferred), as cw_child_dup_display_name() gives it. */
char       *cw_register_child_name        (const char   *given_names,
                                           const char   *family_name,
                                           const char   *preferred_name);

const char *cw_register_column_text       (sqlite3_stmt *stmt,
                                           int           column);
void        cw_register_bind_text         (sqlite3_stmt *stmt,
                                           int           index,
                                           const char   *text);
/* Binds NULL for an id <= 0. */
void        cw_register_bind_id           (sqlite3_stmt *stmt,
                                           int           index,
                                           gint64        id);
void        cw_register_bind_named_int64  (sqlite3_stmt *stmt,
                                           const char   *name,
                                           gint64        value);
void        cw_register_bind_named_text   (sqlite3_stmt *stmt,
                                           const char   *name,
                                           const char   *text);

/* The display name of a member of staff, or "" when unknown. */
char       *cw_register_staff_name        (CwDatabase   *database,
                                           gint64        staff_id);

/* An empty list of @item_type, for a locked session. */
GListModel *cw_register_empty_list        (GType         item_type);

/* cw_session_audit() with the row's id as @object_id. */
gboolean    cw_register_audit             (CwSession    *session,
                                           const char   *action,
                                           const char   *object_type,
                                           gint64        object_id,
                                           const char   *detail,
                                           GError      **error);

/* Binds the columns every *_versions row starts with, as ?1 … ?5: the
 * register row's id, version, written_at, written_by, correction_reason. */
void        cw_register_bind_version_head (sqlite3_stmt *stmt,
                                           gint64        row_id,
                                           int           version,
                                           gint64        written_at,
                                           gint64        written_by,
                                           const char   *correction_reason);

/* A register's flag: its bit, its id in audit details and exports, and its
 * title and explanation (untranslated, marked with N_()). */
typedef struct
{
  guint       flag;
  const char *id;
  const char *title;
  const char *explanation;
} CwRegisterFlag;

/* The translated title or explanation of @flag in @table, or "". */
const char *cw_register_flag_title        (const CwRegisterFlag *table,
                                           gsize                 n,
                                           guint                 flag);
const char *cw_register_flag_explanation  (const CwRegisterFlag *table,
                                           gsize                 n,
                                           guint                 flag);
/* The translated titles of the set @flags, joined with ", ". */
char       *cw_register_flags_to_string   (const CwRegisterFlag *table,
                                           gsize                 n,
                                           guint                 flags);
/* The ids of the set @flags for audit details ("cash,repeated"), or "none". */
char       *cw_register_flags_to_ids      (const CwRegisterFlag *table,
                                           gsize                 n,
                                           guint                 flags);

typedef void (*CwRegisterSetNotFound) (GError **error);

/* Steps @stmt to its one row: TRUE when there is one; otherwise FALSE with
 * @set_not_found's error when there is none, or the database's error
 * (@what says what was being done, as for cw_database_set_error()). */
gboolean    cw_register_step_row          (CwDatabase            *database,
                                           sqlite3_stmt          *stmt,
                                           const char            *what,
                                           CwRegisterSetNotFound  set_not_found,
                                           GError               **error);

/* Getters and setters for a register object's fields, in its .c file:
 * @Type and @prefix name the class (CwGiftDeclaration, cw_gift_declaration),
 * @CHECK its type check (CW_IS_GIFT_DECLARATION). A text field is never
 * NULL (NULL is stored as ""); a date field is a GDate, cleared when the
 * value given is NULL or invalid. */
#define CW_REGISTER_TEXT_ACCESSORS(Type, prefix, CHECK, field) \
  CW_REGISTER_TEXT_ACCESSORS_STORING_NULL_AS (Type, prefix, CHECK, field, "")

/* The text accessors behind CW_REGISTER_TEXT_ACCESSORS and
 * CW_REGISTER_NULLABLE_TEXT_ACCESSORS: a NULL value given is stored as
 * @null_value (a copy of it). */
#define CW_REGISTER_TEXT_ACCESSORS_STORING_NULL_AS(Type, prefix, CHECK, field, null_value) \
  const char * \
  prefix##_get_##field (Type *self) \
  { \
    g_return_val_if_fail (CHECK (self), NULL); \
    return self->field; \
  } \
  void \
  prefix##_set_##field (Type       *self, \
                        const char *value) \
  { \
    g_return_if_fail (CHECK (self)); \
    g_free (self->field); \
    self->field = g_strdup (value != NULL ? value : (null_value)); \
  }

#define CW_REGISTER_VALUE_ACCESSORS(Type, prefix, CHECK, type, field) \
  type \
  prefix##_get_##field (Type *self) \
  { \
    g_return_val_if_fail (CHECK (self), (type) 0); \
    return self->field; \
  } \
  void \
  prefix##_set_##field (Type *self, \
                        type  value) \
  { \
    g_return_if_fail (CHECK (self)); \
    self->field = value; \
  }

#define CW_REGISTER_DATE_ACCESSORS(Type, prefix, CHECK, field) \
  const GDate * \
  prefix##_get_##field (Type *self) \
  { \
    g_return_val_if_fail (CHECK (self), NULL); \
    return &self->field; \
  } \
  void \
  prefix##_set_##field (Type        *self, \
                        const GDate *value) \
  { \
    g_return_if_fail (CHECK (self)); \
    if (value != NULL && g_date_valid (value)) \
      self->field = *value; \
    else \
      g_date_clear (&self->field, 1); \
  }

/* Like CW_REGISTER_TEXT_ACCESSORS for a text that may be NULL (a child's
 * name is NULL where it is not shown). */
#define CW_REGISTER_NULLABLE_TEXT_ACCESSORS(Type, prefix, CHECK, field) \
  CW_REGISTER_TEXT_ACCESSORS_STORING_NULL_AS (Type, prefix, CHECK, field, NULL)

/* The register object of @Type (a GObject whose struct has a CwSession
 * *session): its dispose, class_init and init, and the public
 * prefix_new (session) and prefix_get_session (). @TYPE is its GType,
 * @CHECK its type check. Place it after G_DEFINE_FINAL_TYPE. */
#define CW_REGISTER_DEFINE_OBJECT(Type, prefix, TYPE, CHECK) \
  static void \
  prefix##_dispose (GObject *object) \
  { \
    Type *self = (Type *) object; \
    g_clear_object (&self->session); \
    G_OBJECT_CLASS (prefix##_parent_class)->dispose (object); \
  } \
  static void \
  prefix##_class_init (Type##Class *klass) \
  { \
    G_OBJECT_CLASS (klass)->dispose = prefix##_dispose; \
  } \
  static void \
  prefix##_init (Type *self) \
  { \
  } \
  Type * \
  prefix##_new (CwSession *session) \
  { \
    Type *self; \
    g_return_val_if_fail (CW_IS_SESSION (session), NULL); \
    self = g_object_new (TYPE, NULL); \
    self->session = g_object_ref (session); \
    return self; \
  } \
  CwSession * \
  prefix##_get_session (Type *self) \
  { \
    g_return_val_if_fail (CHECK (self), NULL); \
    return self->session; \
  }

/*
 * One register's tables: a header row per declaration or record (its
 * owner, current version and the columns lists filter on) and a versions
 * table, written only by appending. The helpers below read and write them
 * the same way for the three registers.
 */

/* A header column copied from the current version: column = (SELECT
 * expression FROM the version). */
typedef struct
{
  const char *column;
  const char *expression;
} CwRegisterCopy;

/* What the helpers need of a header row. */
typedef struct
{
  gint64   owner_id;          /* the member of staff whose row it is */
  int      current_version;
  gboolean settled;           /* decided (gifts), reviewed (contacts) */
  gint64   child_id;          /* photo consent: the child's */
} CwRegisterHeader;

typedef struct _CwRegisterTable CwRegisterTable;

struct _CwRegisterTable
{
  const char    *header_table;      /* "gifts" */
  const char    *versions_table;    /* "gift_versions" */
  const char    *row_column;        /* "gift_id": the versions' column naming the row */
  const char    *object_type;       /* "gift": the audit's object type */
  const char    *reading;           /* "reading a gift", for database errors */
  /* Owner, current version, settled and child, in that order, of the row
   * ?1. */
  const char    *header_sql;
  /* One version's columns for @from_row: the row :row, version :version
   * (0 = current). */
  const char    *version_sql;
  /* Header columns copied from the current version; ends with { NULL }. */
  const CwRegisterCopy *copied;
  CwSqlRowFunc   from_row;
  /* May the signed-in person see a row? NULL: cw_register_may_see () of
   * the owner. */
  gboolean     (*may_see)         (CwSession              *session,
                                   const CwRegisterHeader *header);
  GQuark       (*error_quark)     (void);
  int            not_found_code;
  int            invalid_code;
  const char    *not_found;         /* N_(): the row is not there or not mine to see */
  const char    *version_not_found; /* N_(): that version does not exist */
  guint          max_reason_chars;
};

/* The header of a row I may see; a row I may not see is not found. */
gboolean    cw_register_read_header       (const CwRegisterTable  *table,
                                           CwSession              *session,
                                           CwDatabase             *database,
                                           gint64                  row_id,
                                           CwRegisterHeader       *header,
                                           GError                **error);
/* One version (0 = current), no permission check and no audit.
 * Returns: (transfer full): the table's object, or NULL. */
gpointer    cw_register_read_version      (const CwRegisterTable  *table,
                                           CwSession              *session,
                                           CwDatabase             *database,
                                           gint64                  row_id,
                                           int                     version,
                                           GError                **error);
/* Inside the caller's transaction: copies the header columns from version
 * @version, audits @action with @detail and commits. The caller rolls
 * back when it fails. */
gboolean    cw_register_commit_version    (const CwRegisterTable  *table,
                                           CwSession              *session,
                                           CwDatabase             *database,
                                           gint64                  row_id,
                                           int                     version,
                                           const char             *action,
                                           const char             *detail,
                                           GError                **error);
/* Inside the caller's transaction: runs @sql, which appends version
 * @current_version + 1 of the row as a copy of @current_version with its
 * decision or review changed. @sql's parameters: ?1 the new version, ?2
 * now, ?3 the signed-in person, ?4 @correction_reason, ?5 @first and ?6
 * @second (the new decision or review), ?7 the row, ?8 @current_version. */
gboolean    cw_register_append_changed_version (CwSession          *session,
                                                CwDatabase         *database,
                                                const char         *sql,
                                                gint64              row_id,
                                                int                 current_version,
                                                const char         *correction_reason,
                                                const char         *first,
                                                const char         *second,
                                                GError            **error);
/* The public load: a version of a row I may see, audited as "view"
 * ("version N"). Returns: (transfer full): the object, or NULL. */
gpointer    cw_register_load              (const CwRegisterTable  *table,
                                           CwSession              *session,
                                           gint64                  row_id,
                                           int                     version,
                                           GError                **error);
/* The public list of versions: every version, oldest first, audited once
 * as "view" ("history"). Returns: (transfer full): NULL on error. */
GPtrArray  *cw_register_list_versions     (const CwRegisterTable  *table,
                                           CwSession              *session,
                                           gint64                  row_id,
                                           GError                **error);

/* The start of a correction, which only the row's owner may make: keep
 * registers, the header of a row of mine (refused with @not_mine when it
 * is someone else's), the correction's reason (required) into
 * *@clean_reason, and the current version.
 * Returns: (transfer full): the current version, or NULL. */
gpointer    cw_register_start_correction  (const CwRegisterTable  *table,
                                           CwSession              *session,
                                           gint64                  row_id,
                                           const char             *not_mine,
                                           const char             *reason,
                                           CwRegisterHeader       *header,
                                           char                  **clean_reason,
                                           GError                **error);

/* The table's error with @code and the sentence @message. */
void        cw_register_set_error         (const CwRegisterTable  *table,
                                           GError                **error,
                                           int                     code,
                                           const char             *message);
/* cw_register_clean_text () into *@field (replaced only when valid), with
 * the table's invalid-value error. */
gboolean    cw_register_clean_field       (const CwRegisterTable  *table,
                                           char                  **field,
                                           const char             *value,
                                           const char             *label,
                                           gboolean                required,
                                           guint                   max_chars,
                                           gboolean                multi_line,
                                           GError                **error);
/* A reason, trimmed and checked, into *@clean_out. With @missing, an empty
 * reason is refused with that sentence; without, it may be empty. */
gboolean    cw_register_clean_reason      (const CwRegisterTable  *table,
                                           const char             *reason,
                                           const char             *missing,
                                           char                  **clean_out,
                                           GError                **error);

/* What a register's list binds at every page. A register's own query
 * struct starts with it (so cw_register_query_free () frees it). */
typedef struct
{
  CwSession *session;
  char      *where;   /* the WHERE clause */
  char      *from;    /* the filter's dates as 'YYYY-MM-DD', or "" */
  char      *to;
  char      *due;
} CwRegisterQuery;

/* Takes @where; @due may be NULL. */
void        cw_register_query_init        (CwRegisterQuery        *query,
                                           CwSession              *session,
                                           char                   *where,
                                           const GDate            *from,
                                           const GDate            *to,
                                           const GDate            *due);
void        cw_register_query_free        (gpointer                query);
/* Binds visibility and :f_from, :f_to and :f_due where @stmt has them
 * (a CwSqlBindFunc over a CwRegisterQuery). */
void        cw_register_query_bind_cb     (CwSqlStatement         *stmt,
                                           gpointer                query);
/* " AND column >= :f_from" and " AND column <= :f_to" for the real dates. */
void        cw_register_where_dates       (GString                *where,
                                           const char             *column,
                                           const GDate            *from,
                                           const GDate            *to);
/* A lazy list: @columns FROM @header @joins @where ORDER BY @order_by,
 * counted with @count_from @where; an empty list of @item_type when
 * locked. @header is the header table and its alias @alias ("gifts g"),
 * @where and @order_by use only its columns, and its rows are told apart
 * by @alias.id. A page is read by taking LIMIT and OFFSET over the header
 * alone in a subquery (the skipped rows are never joined), then joining
 * the page's rows and ordering them by @order_by again (which must end
 * with @alias.id, so the order is total). Takes @query (a CwRegisterQuery
 * or a struct starting with one). */
GListModel *cw_register_list_new          (gpointer                query,
                                           GType                   item_type,
                                           const char             *columns,
                                           const char             *header,
                                           const char             *alias,
                                           const char             *joins,
                                           const char             *count_from,
                                           const char             *order_by,
                                           CwSqlBindFunc           bind,
                                           CwSqlRowFunc            from_row);
/* @count_from @where's count, 0 when locked or on error. Takes @query. */
gint64      cw_register_count_query       (gpointer                query,
                                           const char             *count_from,
                                           CwSqlBindFunc           bind);

G_END_DECLS
