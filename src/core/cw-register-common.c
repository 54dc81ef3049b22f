/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-register"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "cw-child.h"
#include "cw-child-repository-private.h"
#include "cw-database-private.h"
#include "cw-register-private.h"

/*
 * Helpers shared by the gift, contact and photo consent registers: the
 * visibility rule, text and date checks, binding. See cw-register-private.h.
 */

static void
visibility_parameters (CwSession *session,
                       gint64    *me,
                       gboolean  *see_team,
                       gboolean  *see_all)
{
  *me = cw_register_me (session);
  *see_all = *me > 0 && cw_session_can (session, CW_PERMISSION_REVIEW_ALL_REGISTERS);
  *see_team = *me > 0 && cw_session_can (session, CW_PERMISSION_REVIEW_TEAM_REGISTERS);

  if (*me > 0 && !cw_session_can (session, CW_PERMISSION_KEEP_OWN_REGISTERS) &&
      !*see_team && !*see_all)
    *me = -1;
  if (*me <= 0)
    *me = -1;
}

static gint64
line_manager_of (CwSession *session,
                 gint64     staff_id)
{
  CwDatabase *database = cw_session_get_database (session);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (database == NULL || !cw_database_is_open (database))
    return 0;

  stmt = cw_database_prepare (database, "SELECT line_manager_id FROM staff WHERE id = ?1", NULL);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, staff_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;

  return sqlite3_column_int64 (stmt, 0);
}

void
cw_register_bind_visibility (CwSession    *session,
                             sqlite3_stmt *stmt)
{
  gint64 me;
  gboolean see_team, see_all;
  int index;

  g_return_if_fail (CW_IS_SESSION (session));
  g_return_if_fail (stmt != NULL);

  visibility_parameters (session, &me, &see_team, &see_all);

  index = sqlite3_bind_parameter_index (stmt, ":cw_reg_me");
  if (index > 0)
    sqlite3_bind_int64 (stmt, index, me);
  index = sqlite3_bind_parameter_index (stmt, ":cw_reg_team");
  if (index > 0)
    sqlite3_bind_int (stmt, index, see_team ? 1 : 0);
  index = sqlite3_bind_parameter_index (stmt, ":cw_reg_all");
  if (index > 0)
    sqlite3_bind_int (stmt, index, see_all ? 1 : 0);

  cw_child_repository_bind_visibility (session, stmt);
}

gboolean
cw_register_sees_all (CwSession *session)
{
  gint64 me;
  gboolean see_team, see_all;

  g_return_val_if_fail (CW_IS_SESSION (session), FALSE);

  visibility_parameters (session, &me, &see_team, &see_all);
  return see_all;
}

char *
cw_register_visible_where (CwSession  *session,
                           const char *visible_sql,
                           const char *owner_in_team_sql)
{
  g_return_val_if_fail (CW_IS_SESSION (session), NULL);
  g_return_val_if_fail (visible_sql != NULL && owner_in_team_sql != NULL, NULL);

  if (cw_register_sees_all (session))
    return g_strdup (visible_sql);

  return g_strdup_printf ("%s AND %s", visible_sql, owner_in_team_sql);
}

gint64
cw_register_me (CwSession *session)
{
  CwStaffMember *member;

  if (session == NULL || cw_session_is_locked (session))
    return 0;

  member = cw_session_get_staff_member (session);
  if (member == NULL || cw_session_get_roles (session) == CW_ROLE_NONE)
    return 0;

  return cw_staff_member_get_id (member);
}

CwDatabase *
cw_register_get_database (CwSession  *session,
                          GError    **error)
{
  CwDatabase *database = cw_session_get_database (session);

  if (database == NULL || !cw_database_is_open (database) || cw_session_is_locked (session))
    {
      g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_LOCKED,
                           _("Casework is locked. Unlock it to continue."));
      return NULL;
    }

  return database;
}

gboolean
cw_register_require_keep (CwSession  *session,
                          GError    **error)
{
  if (cw_register_get_database (session, error) == NULL)
    return FALSE;

  if (cw_session_can (session, CW_PERMISSION_KEEP_OWN_REGISTERS))
    return TRUE;

  cw_register_set_not_permitted (error, _("Your roles do not include keeping the staff "
                                          "registers. Ask an administrator if you need it."));
  return FALSE;
}

gboolean
cw_register_may_review (CwSession *session,
                        gint64     owner_id)
{
  gint64 me = cw_register_me (session);

  if (me <= 0 || owner_id <= 0 || owner_id == me)
    return FALSE;

  if (cw_session_can (session, CW_PERMISSION_REVIEW_ALL_REGISTERS))
    return TRUE;

  return cw_session_can (session, CW_PERMISSION_REVIEW_TEAM_REGISTERS) &&
         line_manager_of (session, owner_id) == me;
}

gboolean
cw_register_may_see (CwSession *session,
                     gint64     owner_id)
{
  gint64 me = cw_register_me (session);

  if (me <= 0 || owner_id <= 0)
    return FALSE;

  if (owner_id == me)
    return cw_session_can (session, CW_PERMISSION_KEEP_OWN_REGISTERS) ||
           cw_session_can (session, CW_PERMISSION_REVIEW_TEAM_REGISTERS) ||
           cw_session_can (session, CW_PERMISSION_REVIEW_ALL_REGISTERS);

  return cw_register_may_review (session, owner_id);
}

void
cw_register_set_not_permitted (GError     **error,
                               const char  *message)
{
  g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED, message);
}

void
cw_register_set_child_not_permitted (GError **error)
{
  cw_register_set_not_permitted (error,
                                 _("You do not have access to this child’s record. Ask the "
                                   "allocated worker, their line manager or the Designated "
                                   "Safeguarding Lead if you need it."));
}

char *
cw_register_clean_text (const char  *value,
                        const char  *label,
                        gboolean     required,
                        guint        max_chars,
                        gboolean     multi_line,
                        GQuark       domain,
                        int          code,
                        GError     **error)
{
  g_autofree char *copy = NULL;

  if (value == NULL)
    value = "";

  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, domain, code,
                   _("Some characters in “%s” are not readable text. Type it again."), label);
      return NULL;
    }

  copy = g_strstrip (g_strdup (value));

  if (required && copy[0] == '\0')
    {
      g_set_error (error, domain, code, _("Fill in “%s”: it cannot be left empty."), label);
      return NULL;
    }

  if (g_utf8_strlen (copy, -1) > (glong) max_chars)
    {
      g_set_error (error, domain, code,
                   _("“%s” is too long: shorten it to %u characters or fewer."), label,
                   max_chars);
      return NULL;
    }

  for (const char *p = copy; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) && !(multi_line && (c == '\n' || c == '\r' || c == '\t')))
        {
          g_set_error (error, domain, code,
                       multi_line ? _("Remove the control characters from “%s”.")
                                  : _("“%s” must be a single line: remove the line breaks "
                                      "and tabs."),
                       label);
          return NULL;
        }
    }

  return g_steal_pointer (&copy);
}

gboolean
cw_register_date_is_real (const GDate *date)
{
  if (date == NULL || !g_date_valid (date))
    return FALSE;
  if (date->dmy)
    return g_date_valid_dmy ((GDateDay) date->day, (GDateMonth) date->month,
                             (GDateYear) date->year);

  return g_date_valid_julian (date->julian_days);
}

char *
cw_register_format_date (const GDate *date)
{
  if (!cw_register_date_is_real (date))
    return g_strdup ("");

  return g_strdup_printf ("%04u-%02u-%02u", (unsigned int) g_date_get_year (date),
                          (unsigned int) g_date_get_month (date),
                          (unsigned int) g_date_get_day (date));
}

gboolean
cw_register_parse_date (const char *text,
                        GDate      *date)
{
  unsigned int year, month, day;
  char rest;

  g_date_clear (date, 1);

  if (text == NULL || text[0] == '\0' ||
      sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &rest) != 3)
    return FALSE;
  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;

  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

void
cw_register_today (GDate *today)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (today, 1);
  g_date_set_dmy (today, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
}

gint64
cw_register_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

char *
cw_register_id_string (gint64 id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

char *
cw_register_child_name (const char *given_names,
                        const char *family_name,
                        const char *preferred_name)
{
  g_autoptr(CwChild) child = cw_child_new ();

  cw_child_set_given_names (child, given_names != NULL ? given_names : "");
  cw_child_set_family_name (child, family_name != NULL ? family_name : "");
  cw_child_set_preferred_name (child, preferred_name != NULL ? preferred_name : "");

  return cw_child_dup_display_name (child);
}

const char *
cw_register_column_text (sqlite3_stmt *stmt,
                         int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? text : "";
}

void
cw_register_bind_text (sqlite3_stmt *stmt,
                       int           index,
                       const char   *text)
{
  sqlite3_bind_text (stmt, index, text != NULL ? text : "", -1, SQLITE_TRANSIENT);
}

void
cw_register_bind_id (sqlite3_stmt *stmt,
                     int           index,
                     gint64        id)
{
  if (id > 0)
    sqlite3_bind_int64 (stmt, index, id);
  else
    sqlite3_bind_null (stmt, index);
}

void
cw_register_bind_named_int64 (sqlite3_stmt *stmt,
                              const char   *name,
                              gint64        value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    sqlite3_bind_int64 (stmt, index, value);
}

void
cw_register_bind_named_text (sqlite3_stmt *stmt,
                             const char   *name,
                             const char   *text)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    cw_register_bind_text (stmt, index, text);
}

char *
cw_register_staff_name (CwDatabase *database,
                        gint64      staff_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (staff_id <= 0)
    return g_strdup ("");

  stmt = cw_database_prepare (database, "SELECT display_name FROM staff WHERE id = ?1", NULL);
  if (stmt == NULL)
    return g_strdup ("");

  sqlite3_bind_int64 (stmt, 1, staff_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return g_strdup ("");

  return g_strdup (cw_register_column_text (stmt, 0));
}

GListModel *
cw_register_empty_list (GType item_type)
{
  return G_LIST_MODEL (g_list_store_new (item_type));
}

gboolean
cw_register_audit (CwSession   *session,
                   const char  *action,
                   const char  *object_type,
                   gint64       object_id,
                   const char  *detail,
                   GError     **error)
{
  g_autofree char *id_text = cw_register_id_string (object_id);

  return cw_session_audit (session, action, object_type, id_text, detail, error);
}

void
cw_register_bind_version_head (sqlite3_stmt *stmt,
                               gint64        row_id,
                               int           version,
                               gint64        written_at,
                               gint64        written_by,
                               const char   *correction_reason)
{
  sqlite3_bind_int64 (stmt, 1, row_id);
  sqlite3_bind_int (stmt, 2, version);
  sqlite3_bind_int64 (stmt, 3, written_at);
  sqlite3_bind_int64 (stmt, 4, written_by);
  cw_register_bind_text (stmt, 5, correction_reason);
}

const char *
cw_register_flag_title (const CwRegisterFlag *table,
                        gsize                 n,
                        guint                 flag)
{
  for (gsize i = 0; i < n; i++)
    if (table[i].flag == flag)
      return _(table[i].title);

  return "";
}

const char *
cw_register_flag_explanation (const CwRegisterFlag *table,
                              gsize                 n,
                              guint                 flag)
{
  for (gsize i = 0; i < n; i++)
    if (table[i].flag == flag)
      return _(table[i].explanation);

  return "";
}

char *
cw_register_flags_to_string (const CwRegisterFlag *table,
                             gsize                 n,
                             guint                 flags)
{
  GString *out = g_string_new ("");

  for (gsize i = 0; i < n; i++)
    {
      if ((flags & table[i].flag) == 0)
        continue;
      if (out->len > 0)
        g_string_append (out, _(", "));
      g_string_append (out, _(table[i].title));
    }

  return g_string_free (out, FALSE);
}

char *
cw_register_flags_to_ids (const CwRegisterFlag *table,
                          gsize                 n,
                          guint                 flags)
{
  GString *out = g_string_new ("");

  for (gsize i = 0; i < n; i++)
    {
      if ((flags & table[i].flag) == 0)
        continue;
      if (out->len > 0)
        g_string_append_c (out, ',');
      g_string_append (out, table[i].id);
    }

  if (out->len == 0)
    g_string_append (out, "none");

  return g_string_free (out, FALSE);
}

gboolean
cw_register_step_row (CwDatabase             *database,
                      sqlite3_stmt           *stmt,
                      const char             *what,
                      CwRegisterSetNotFound   set_not_found,
                      GError                **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_DONE)
    {
      set_not_found (error);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      cw_database_set_error (database, error, rc, what);
      return FALSE;
    }

  return TRUE;
}

void
cw_register_set_error (const CwRegisterTable  *table,
                       GError                **error,
                       int                     code,
                       const char             *message)
{
  g_set_error_literal (error, table->error_quark (), code, message);
}

gboolean
cw_register_read_header (const CwRegisterTable  *table,
                         CwSession              *session,
                         CwDatabase             *database,
                         gint64                  row_id,
                         CwRegisterHeader       *header,
                         GError                **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;
  gboolean visible;

  stmt = cw_database_prepare (database, table->header_sql, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, row_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      cw_database_set_error (database, error, rc, table->reading);
      return FALSE;
    }

  if (rc == SQLITE_ROW)
    {
      header->owner_id = sqlite3_column_int64 (stmt, 0);
      header->current_version = sqlite3_column_int (stmt, 1);
      header->settled = sqlite3_column_int (stmt, 2) != 0;
      header->child_id = sqlite3_column_int64 (stmt, 3);
    }

  /* A row one may not see is not found, whether or not it exists. */
  visible = rc == SQLITE_ROW &&
            (table->may_see != NULL ? table->may_see (session, header)
                                    : cw_register_may_see (session, header->owner_id));
  if (!visible)
    {
      cw_register_set_error (table, error, table->not_found_code, _(table->not_found));
      return FALSE;
    }

  return TRUE;
}

gpointer
cw_register_read_version (const CwRegisterTable  *table,
                          CwSession              *session,
                          CwDatabase             *database,
                          gint64                  row_id,
                          int                     version,
                          GError                **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = cw_database_prepare (database, table->version_sql, error);
  if (stmt == NULL)
    return NULL;

  cw_register_bind_visibility (session, stmt);
  cw_register_bind_named_int64 (stmt, ":row", row_id);
  cw_register_bind_named_int64 (stmt, ":version", version);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      cw_register_set_error (table, error, table->not_found_code,
                             _(table->version_not_found));
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      cw_database_set_error (database, error, rc, table->reading);
      return NULL;
    }

  return table->from_row (stmt, NULL);
}

/* SQLite 3.15 has no UPDATE … FROM: copy with subqueries. */
static char *
update_header_sql (const CwRegisterTable *table)
{
  GString *sql = g_string_new ("UPDATE ");

  g_string_append_printf (sql, "%s SET current_version = ?2", table->header_table);
  for (const CwRegisterCopy *copy = table->copied; copy->column != NULL; copy++)
    g_string_append_printf (sql, ", %s = (SELECT %s FROM %s WHERE %s = ?1 AND version = ?2)",
                            copy->column, copy->expression, table->versions_table,
                            table->row_column);
  g_string_append (sql, " WHERE id = ?1");

  return g_string_free (sql, FALSE);
}

gboolean
cw_register_commit_version (const CwRegisterTable  *table,
                            CwSession              *session,
                            CwDatabase             *database,
                            gint64                  row_id,
                            int                     version,
                            const char             *action,
                            const char             *detail,
                            GError                **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = update_header_sql (table);

  stmt = cw_database_prepare (database, sql, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, row_id);
  sqlite3_bind_int (stmt, 2, version);

  return cw_database_step_done (database, stmt, error) &&
         cw_register_audit (session, action, table->object_type, row_id, detail, error) &&
         cw_database_commit (database, error);
}

gboolean
cw_register_append_changed_version (CwSession   *session,
                                    CwDatabase  *database,
                                    const char  *sql,
                                    gint64       row_id,
                                    int          current_version,
                                    const char  *correction_reason,
                                    const char  *first,
                                    const char  *second,
                                    GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = cw_database_prepare (database, sql, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int (stmt, 1, current_version + 1);
  sqlite3_bind_int64 (stmt, 2, cw_register_now ());
  sqlite3_bind_int64 (stmt, 3, cw_register_me (session));
  cw_register_bind_text (stmt, 4, correction_reason);
  cw_register_bind_text (stmt, 5, first);
  cw_register_bind_text (stmt, 6, second);
  sqlite3_bind_int64 (stmt, 7, row_id);
  sqlite3_bind_int (stmt, 8, current_version);

  return cw_database_step_done (database, stmt, error);
}

gpointer
cw_register_load (const CwRegisterTable  *table,
                  CwSession              *session,
                  gint64                  row_id,
                  int                     version,
                  GError                **error)
{
  g_autoptr(GObject) object = NULL;
  g_autofree char *detail = NULL;
  CwRegisterHeader header;
  CwDatabase *database;

  database = cw_register_get_database (session, error);
  if (database == NULL || !cw_register_read_header (table, session, database, row_id, &header,
                                                    error))
    return NULL;

  object = cw_register_read_version (table, session, database, row_id, version, error);
  if (object == NULL)
    return NULL;

  detail = g_strdup_printf ("version %d", version > 0 ? version : header.current_version);
  if (!cw_register_audit (session, "view", table->object_type, row_id, detail, error))
    return NULL;

  return g_steal_pointer (&object);
}

GPtrArray *
cw_register_list_versions (const CwRegisterTable  *table,
                           CwSession              *session,
                           gint64                  row_id,
                           GError                **error)
{
  g_autoptr(GPtrArray) versions = NULL;
  CwRegisterHeader header;
  CwDatabase *database;

  database = cw_register_get_database (session, error);
  if (database == NULL || !cw_register_read_header (table, session, database, row_id, &header,
                                                    error))
    return NULL;

  versions = g_ptr_array_new_with_free_func (g_object_unref);
  for (int v = 1; v <= header.current_version; v++)
    {
      gpointer object = cw_register_read_version (table, session, database, row_id, v, error);

      if (object == NULL)
        return NULL;
      g_ptr_array_add (versions, object);
    }

  if (!cw_register_audit (session, "view", table->object_type, row_id, "history", error))
    return NULL;

  return g_steal_pointer (&versions);
}

gpointer
cw_register_start_correction (const CwRegisterTable  *table,
                              CwSession              *session,
                              gint64                  row_id,
                              const char             *not_mine,
                              const char             *reason,
                              CwRegisterHeader       *header,
                              char                  **clean_reason,
                              GError                **error)
{
  CwDatabase *database;

  if (!cw_register_require_keep (session, error))
    return NULL;
  database = cw_register_get_database (session, error);

  if (!cw_register_read_header (table, session, database, row_id, header, error))
    return NULL;

  if (header->owner_id != cw_register_me (session))
    {
      cw_register_set_not_permitted (error, not_mine);
      return NULL;
    }

  if (!cw_register_clean_reason (table, reason, _("Give the reason for the correction."),
                                 clean_reason, error))
    return NULL;

  return cw_register_read_version (table, session, database, row_id, 0, error);
}

gboolean
cw_register_clean_field (const CwRegisterTable  *table,
                         char                  **field,
                         const char             *value,
                         const char             *label,
                         gboolean                required,
                         guint                   max_chars,
                         gboolean                multi_line,
                         GError                **error)
{
  char *text = cw_register_clean_text (value, label, required, max_chars, multi_line,
                                       table->error_quark (), table->invalid_code, error);

  if (text == NULL)
    return FALSE;

  g_free (*field);
  *field = text;
  return TRUE;
}

gboolean
cw_register_clean_reason (const CwRegisterTable  *table,
                          const char             *reason,
                          const char             *missing,
                          char                  **clean_out,
                          GError                **error)
{
  g_autofree char *clean = NULL;

  clean = cw_register_clean_text (reason, _("Reason"), FALSE, table->max_reason_chars, TRUE,
                                  table->error_quark (), table->invalid_code, error);
  if (clean == NULL)
    return FALSE;

  if (missing != NULL && clean[0] == '\0')
    {
      cw_register_set_error (table, error, table->invalid_code, missing);
      return FALSE;
    }

  *clean_out = g_steal_pointer (&clean);
  return TRUE;
}

void
cw_register_query_init (CwRegisterQuery *query,
                        CwSession       *session,
                        char            *where,
                        const GDate     *from,
                        const GDate     *to,
                        const GDate     *due)
{
  query->session = g_object_ref (session);
  query->where = where;
  query->from = cw_register_format_date (from);
  query->to = cw_register_format_date (to);
  query->due = cw_register_format_date (due);
}

void
cw_register_query_free (gpointer data)
{
  CwRegisterQuery *query = data;

  g_clear_object (&query->session);
  g_free (query->where);
  g_free (query->from);
  g_free (query->to);
  g_free (query->due);
  g_free (query);
}

void
cw_register_query_bind_cb (CwSqlStatement *stmt,
                           gpointer        data)
{
  CwRegisterQuery *query = data;

  cw_register_bind_visibility (query->session, stmt);
  cw_register_bind_named_text (stmt, ":f_from", query->from);
  cw_register_bind_named_text (stmt, ":f_to", query->to);
  cw_register_bind_named_text (stmt, ":f_due", query->due);
}

void
cw_register_where_dates (GString     *where,
                         const char  *column,
                         const GDate *from,
                         const GDate *to)
{
  if (cw_register_date_is_real (from))
    g_string_append_printf (where, " AND %s >= :f_from", column);
  if (cw_register_date_is_real (to))
    g_string_append_printf (where, " AND %s <= :f_to", column);
}

GListModel *
cw_register_list_new (gpointer       data,
                      GType          item_type,
                      const char    *columns,
                      const char    *header,
                      const char    *alias,
                      const char    *joins,
                      const char    *count_from,
                      const char    *order_by,
                      CwSqlBindFunc  bind,
                      CwSqlRowFunc   from_row)
{
  CwRegisterQuery *query = data;
  g_autofree char *select_sql = NULL;
  g_autofree char *page_sql = NULL;
  g_autofree char *count_sql = NULL;
  CwSqlListModel *model;
  CwDatabase *database;

  database = cw_register_get_database (query->session, NULL);
  if (database == NULL)
    {
      cw_register_query_free (query);
      return cw_register_empty_list (item_type);
    }

  select_sql = g_strdup_printf ("%s FROM %s %s%s ORDER BY %s", columns, header, joins,
                                query->where, order_by);
  /* SQLite performs every join of a row it skips with OFFSET: skip over
   * the header alone, then join the page. CROSS JOIN keeps the page as the
   * outer loop. */
  page_sql = g_strdup_printf ("%s FROM (SELECT %s.id AS cw_page_id FROM %s %s ORDER BY %s "
                              "LIMIT :cw_page_limit OFFSET :cw_page_offset) cw_page "
                              "CROSS JOIN %s ON %s.id = cw_page.cw_page_id %s ORDER BY %s",
                              columns, alias, header, query->where, order_by,
                              header, alias, joins, order_by);
  count_sql = g_strdup_printf ("%s%s", count_from, query->where);

  model = cw_sql_list_model_new (database, item_type, select_sql, count_sql, bind, from_row,
                                 query, cw_register_query_free);
  cw_sql_list_model_set_page_sql (model, page_sql);

  return G_LIST_MODEL (model);
}

gint64
cw_register_count_query (gpointer       data,
                         const char    *count_from,
                         CwSqlBindFunc  bind)
{
  CwRegisterQuery *query = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  CwDatabase *database;
  gint64 count = 0;

  database = cw_register_get_database (query->session, NULL);
  if (database != NULL)
    {
      sql = g_strdup_printf ("%s%s", count_from, query->where);
      stmt = cw_database_prepare (database, sql, NULL);
    }
  if (stmt != NULL)
    {
      bind (stmt, query);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        count = sqlite3_column_int64 (stmt, 0);
    }

  g_clear_pointer (&stmt, sqlite3_finalize);
  cw_register_query_free (query);
  return count;
}
