/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-audit"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "cw-audit.h"
#include "cw-database-private.h"
#include "cw-sql-list-model.h"

/*
 * The audit log, and the only file with SQL for the audit table.
 *
 * Each row's hash is the SHA-256 (hex) of a canonical encoding of the row:
 *
 *   "casework-audit-1;" prev_hash seq at actor_id actor_username action
 *                       object_type object_id detail
 *
 * where every field is written as its length in bytes in decimal, ':', the
 * bytes, ';' (a NULL as "n;"), and integers are their decimal text as SQLite
 * gives it. So no two different rows share an encoding, and the row's
 * number and its predecessor's hash are part of what is hashed: an edited,
 * removed, inserted or swapped row breaks the chain. The head (newest seq
 * and hash) is also kept in meta, so that removing the newest rows, which
 * leaves an unbroken chain, is found too.
 *
 * Appending runs inside the caller's transaction when there is one (under a
 * savepoint, so that a failure leaves nothing half-written), else in its own
 * BEGIN IMMEDIATE … COMMIT.
 */

#define GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"
#define META_HEAD_SEQ  "audit-head-seq"
#define META_HEAD_HASH "audit-head-hash"

#define AUDIT_COLUMNS \
  "seq, at, actor_id, actor_username, action, object_type, object_id, detail, prev_hash, hash"

/* Column positions in AUDIT_COLUMNS. */
enum {
  COL_SEQ,
  COL_AT,
  COL_ACTOR_ID,
  COL_ACTOR_USERNAME,
  COL_ACTION,
  COL_OBJECT_TYPE,
  COL_OBJECT_ID,
  COL_DETAIL,
  COL_PREV_HASH,
  COL_HASH,
};

struct _CwAuditEvent
{
  GObject    parent_instance;

  gint64     seq;
  GDateTime *time;
  gint64     actor_id;
  char      *actor_username;
  char      *action;
  char      *object_type;
  char      *object_id;
  char      *detail;
  char      *hash;
};

enum {
  PROP_0,
  PROP_SEQ,
  PROP_TIME,
  PROP_ACTOR_ID,
  PROP_ACTOR_USERNAME,
  PROP_ACTION,
  PROP_DESCRIPTION,
  PROP_OBJECT_TYPE,
  PROP_OBJECT_ID,
  PROP_DETAIL,
  PROP_HASH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CwAuditEvent, cw_audit_event, G_TYPE_OBJECT)

typedef struct
{
  const char *action;
  const char *label;
} CwAuditActionLabel;

static const CwAuditActionLabel action_labels[] = {
  { "setup", N_("Database set up") },
  { "sign-in", N_("Signed in") },
  { "sign-in-failed", N_("Failed sign-in") },
  { "sign-out", N_("Signed out") },
  { "lock", N_("Locked") },
  { "unlock", N_("Unlocked") },
  { "view", N_("Viewed a record") },
  { "create", N_("Created a record") },
  { "finalise", N_("Finalised a record") },
  { "amend", N_("Amended a record") },
  { "sign-off", N_("Signed off") },
  { "export", N_("Exported") },
  { "staff-add", N_("Staff account added") },
  { "staff-change", N_("Staff account changed") },
  { "staff-deactivate", N_("Staff account deactivated") },
  { "password-change", N_("Password changed") },
  { "password-reset", N_("Password reset") },
  { "key-rotate", N_("Database key changed") },
  { "recovery-key-replace", N_("Recovery key replaced") },
  { "settings-change", N_("Settings changed") },
  { "step-up-failed", N_("Wrong password when confirming an action") },
  { "verify", N_("Audit log verified") },
  { "view-refused", N_("Refused access to a record") },
  { "child-change", N_("Changed a child’s details") },
  { "child-share", N_("Shared a child’s record") },
  { "child-unshare", N_("Stopped sharing a child’s record") },
  { "removal-request", N_("Asked for a case note to be removed") },
  { "removal-confirm", N_("Confirmed the removal of a case note") },
  { "removal-decline", N_("Declined the removal of a case note") },
  { "discard", N_("Discarded a draft") },
  { "sign-off-disagree", N_("Recorded disagreement with a judgement") },
  { "sign-off-escalate", N_("Escalated a judgement to the DSL") },
  { "sign-off-refer", N_("Referred a judgement to another agency") },
  { "sign-off-return", N_("Returned a judgement to its author") },
  { "gift-declare", N_("Declared a gift") },
  { "gift-correct", N_("Corrected a gift declaration") },
  { "gift-decide", N_("Decided on a gift") },
  { "gift-decision-change", N_("Changed a decision on a gift") },
  { "contact-record", N_("Recorded a contact") },
  { "contact-correct", N_("Corrected a contact record") },
  { "contact-review", N_("Reviewed a contact") },
  { "contact-review-change", N_("Changed the review of a contact") },
  { "contact-approval-request", N_("Asked for approval of a planned contact") },
  { "contact-approval-decide", N_("Decided on a planned contact") },
  { "photo-consent-record", N_("Recorded photo consent") },
  { "photo-consent-correct", N_("Corrected photo consent") },
  { "photo-consent-withdraw", N_("Recorded the withdrawal of photo consent") },
  { "photo-consent-manager", N_("Gave the manager’s consent for images") },
  { "photo-consent-check", N_("Checked photo consent") },
};

/* A field of the canonical encoding; @value NULL is SQL NULL. */
static void
encode_field (GString    *out,
              const char *value,
              gsize       len)
{
  if (value == NULL)
    {
      g_string_append (out, "n;");
      return;
    }

  g_string_append_printf (out, "%" G_GSIZE_FORMAT ":", len);
  g_string_append_len (out, value, len);
  g_string_append_c (out, ';');
}

static void
encode_text (GString    *out,
             const char *value)
{
  encode_field (out, value, value != NULL ? strlen (value) : 0);
}

static void
encode_column (GString      *out,
               sqlite3_stmt *stmt,
               int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  encode_field (out, text, text != NULL ? (gsize) sqlite3_column_bytes (stmt, column) : 0);
}

static char *
hash_encoding (const GString *encoding)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (checksum, (const guchar *) encoding->str, encoding->len);

  return g_strdup (g_checksum_get_string (checksum));
}

/* The hash of a row about to be written. */
static char *
compute_hash (const char *prev_hash,
              gint64      seq,
              gint64      at,
              gint64      actor_id,
              const char *actor_username,
              const char *action,
              const char *object_type,
              const char *object_id,
              const char *detail)
{
  g_autoptr(GString) encoding = g_string_new ("casework-audit-1;");
  char number[32];

  encode_text (encoding, prev_hash);
  g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, seq);
  encode_text (encoding, number);
  g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, at);
  encode_text (encoding, number);
  if (actor_id != 0)
    {
      g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, actor_id);
      encode_text (encoding, number);
    }
  else
    encode_text (encoding, NULL);
  encode_text (encoding, actor_username);
  encode_text (encoding, action);
  encode_text (encoding, object_type);
  encode_text (encoding, object_id);
  encode_text (encoding, detail);

  return hash_encoding (encoding);
}

/* The hash of a stored row (selected with AUDIT_COLUMNS), from its stored
 * text, so that any change of value or type shows. */
static char *
compute_row_hash (sqlite3_stmt *stmt)
{
  g_autoptr(GString) encoding = g_string_new ("casework-audit-1;");

  encode_column (encoding, stmt, COL_PREV_HASH);
  encode_column (encoding, stmt, COL_SEQ);
  encode_column (encoding, stmt, COL_AT);
  encode_column (encoding, stmt, COL_ACTOR_ID);
  encode_column (encoding, stmt, COL_ACTOR_USERNAME);
  encode_column (encoding, stmt, COL_ACTION);
  encode_column (encoding, stmt, COL_OBJECT_TYPE);
  encode_column (encoding, stmt, COL_OBJECT_ID);
  encode_column (encoding, stmt, COL_DETAIL);

  return hash_encoding (encoding);
}

static const char *
column_text_or_empty (sqlite3_stmt *stmt,
                      int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? text : "";
}

static GObject *
event_from_row (CwSqlStatement *stmt,
                gpointer        user_data)
{
  CwAuditEvent *self = g_object_new (CW_TYPE_AUDIT_EVENT, NULL);

  self->seq = sqlite3_column_int64 (stmt, COL_SEQ);
  self->time = g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt, COL_AT));
  if (self->time == NULL)
    self->time = g_date_time_new_from_unix_utc (0);
  self->actor_id = sqlite3_column_int64 (stmt, COL_ACTOR_ID);
  self->actor_username = g_strdup (column_text_or_empty (stmt, COL_ACTOR_USERNAME));
  self->action = g_strdup (column_text_or_empty (stmt, COL_ACTION));
  self->object_type = g_strdup (column_text_or_empty (stmt, COL_OBJECT_TYPE));
  self->object_id = g_strdup (column_text_or_empty (stmt, COL_OBJECT_ID));
  self->detail = g_strdup (column_text_or_empty (stmt, COL_DETAIL));
  self->hash = g_strdup (column_text_or_empty (stmt, COL_HASH));

  return G_OBJECT (self);
}

static gboolean
check_text (const char  *value,
            GError     **error)
{
  if (value != NULL && !g_utf8_validate (value, -1, NULL))
    {
      g_set_error_literal (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_REFUSED,
                           _("The audit entry was not written because its text is not valid."));
      return FALSE;
    }

  return TRUE;
}

/* The newest row: from the table, or from the head kept in meta when that
 * is further on (rows were removed), so that a new row never hides the
 * removal. */
static gboolean
read_head (CwDatabase  *database,
           gint64      *seq_out,
           char       **hash_out,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *meta_seq = NULL;
  g_autofree char *meta_hash = NULL;
  gint64 seq = 0;
  g_autofree char *hash = g_strdup (GENESIS_HASH);
  int rc;

  stmt = cw_database_prepare (database, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1",
                              error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      seq = sqlite3_column_int64 (stmt, 0);
      g_free (hash);
      hash = g_strdup (column_text_or_empty (stmt, 1));
    }
  else if (rc != SQLITE_DONE)
    {
      cw_database_set_error (database, error, rc, "audit head");
      return FALSE;
    }

  meta_seq = cw_database_get_meta (database, META_HEAD_SEQ);
  meta_hash = cw_database_get_meta (database, META_HEAD_HASH);
  if (meta_seq != NULL && meta_hash != NULL)
    {
      gint64 head = g_ascii_strtoll (meta_seq, NULL, 10);

      if (head > seq)
        {
          seq = head;
          g_free (hash);
          hash = g_steal_pointer (&meta_hash);
        }
    }

  *seq_out = seq;
  *hash_out = g_steal_pointer (&hash);

  return TRUE;
}

static gboolean
write_row (CwDatabase  *database,
           gint64       when_unix_utc,
           gint64       actor_id,
           const char  *actor_username,
           const char  *action,
           const char  *object_type,
           const char  *object_id,
           const char  *detail,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *prev_hash = NULL;
  g_autofree char *hash = NULL;
  char seq_text[32];
  gint64 seq;

  if (!read_head (database, &seq, &prev_hash, error))
    return FALSE;

  seq++;
  hash = compute_hash (prev_hash, seq, when_unix_utc, actor_id, actor_username, action,
                       object_type, object_id, detail);

  stmt = cw_database_prepare (database, "INSERT INTO audit (" AUDIT_COLUMNS ") "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1 + COL_SEQ, seq);
  sqlite3_bind_int64 (stmt, 1 + COL_AT, when_unix_utc);
  if (actor_id != 0)
    sqlite3_bind_int64 (stmt, 1 + COL_ACTOR_ID, actor_id);
  else
    sqlite3_bind_null (stmt, 1 + COL_ACTOR_ID);
  sqlite3_bind_text (stmt, 1 + COL_ACTOR_USERNAME, actor_username, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 1 + COL_ACTION, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 1 + COL_OBJECT_TYPE, object_type, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 1 + COL_OBJECT_ID, object_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 1 + COL_DETAIL, detail, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 1 + COL_PREV_HASH, prev_hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 1 + COL_HASH, hash, -1, SQLITE_STATIC);

  if (!cw_database_step_done (database, stmt, error))
    return FALSE;

  g_snprintf (seq_text, sizeof seq_text, "%" G_GINT64_FORMAT, seq);

  return cw_database_set_meta (database, META_HEAD_SEQ, seq_text, error) &&
         cw_database_set_meta (database, META_HEAD_HASH, hash, error);
}

static void
set_problem (CwAuditVerification *v,
             gint64               seq,
             char                *problem)
{
  if (v->problem != NULL)
    {
      g_free (problem);
      return;
    }

  v->first_broken_seq = seq;
  v->problem = problem;
}

/* The head kept in meta must be the last row: else the newest rows went. */
static void
check_head (CwDatabase          *database,
            CwAuditVerification *v,
            gint64               last_seq,
            const char          *last_hash)
{
  g_autofree char *meta_seq = cw_database_get_meta (database, META_HEAD_SEQ);
  g_autofree char *meta_hash = cw_database_get_meta (database, META_HEAD_HASH);
  gint64 head_seq;

  if (meta_seq == NULL || meta_hash == NULL)
    {
      if (last_seq > 0)
        set_problem (v, last_seq,
                     g_strdup (_("The record of the newest audit row has been removed, so "
                                 "removed rows cannot be ruled out.")));
      return;
    }

  head_seq = g_ascii_strtoll (meta_seq, NULL, 10);

  if (head_seq > last_seq && last_seq == 0)
    set_problem (v, 1,
                 g_strdup_printf (ngettext ("The audit log is empty but %lld row was written.",
                                            "The audit log is empty but %lld rows were written.",
                                            (gulong) MIN (head_seq, G_MAXLONG)),
                                  (long long) head_seq));
  else if (head_seq > last_seq)
    set_problem (v, last_seq + 1,
                 g_strdup_printf (_("The newest audit rows have been removed: the log ends at "
                                    "row %lld but %lld were written."),
                                  (long long) last_seq, (long long) head_seq));
  else if (head_seq < last_seq)
    set_problem (v, head_seq + 1,
                 g_strdup_printf (_("Audit row %lld was added outside "
                                    "Casework: the log was last written at row %lld."),
                                  (long long) head_seq + 1, (long long) head_seq));
  else if (g_strcmp0 (meta_hash, last_hash) != 0)
    set_problem (v, last_seq,
                 g_strdup_printf (_("Audit row %lld has been changed after it "
                                    "was written."),
                                  (long long) last_seq));
}

static void
cw_audit_event_finalize (GObject *object)
{
  CwAuditEvent *self = CW_AUDIT_EVENT (object);

  g_clear_pointer (&self->time, g_date_time_unref);
  g_clear_pointer (&self->actor_username, g_free);
  g_clear_pointer (&self->action, g_free);
  g_clear_pointer (&self->object_type, g_free);
  g_clear_pointer (&self->object_id, g_free);
  g_clear_pointer (&self->detail, g_free);
  g_clear_pointer (&self->hash, g_free);

  G_OBJECT_CLASS (cw_audit_event_parent_class)->finalize (object);
}

static void
cw_audit_event_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CwAuditEvent *self = CW_AUDIT_EVENT (object);

  switch (prop_id)
    {
    case PROP_SEQ:
      g_value_set_int64 (value, self->seq);
      break;

    case PROP_TIME:
      g_value_set_boxed (value, self->time);
      break;

    case PROP_ACTOR_ID:
      g_value_set_int64 (value, self->actor_id);
      break;

    case PROP_ACTOR_USERNAME:
      g_value_set_string (value, self->actor_username);
      break;

    case PROP_ACTION:
      g_value_set_string (value, self->action);
      break;

    case PROP_DESCRIPTION:
      g_value_take_string (value, cw_audit_describe_action (self->action));
      break;

    case PROP_OBJECT_TYPE:
      g_value_set_string (value, self->object_type);
      break;

    case PROP_OBJECT_ID:
      g_value_set_string (value, self->object_id);
      break;

    case PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;

    case PROP_HASH:
      g_value_set_string (value, self->hash);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cw_audit_event_class_init (CwAuditEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cw_audit_event_finalize;
  object_class->get_property = cw_audit_event_get_property;

  properties[PROP_SEQ] =
    g_param_spec_int64 ("seq", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIME] =
    g_param_spec_boxed ("time", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTOR_ID] =
    g_param_spec_int64 ("actor-id", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTOR_USERNAME] =
    g_param_spec_string ("actor-username", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTION] =
    g_param_spec_string ("action", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* The translated label of the action, for list columns. */
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_OBJECT_TYPE] =
    g_param_spec_string ("object-type", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_OBJECT_ID] =
    g_param_spec_string ("object-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DETAIL] =
    g_param_spec_string ("detail", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HASH] =
    g_param_spec_string ("hash", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cw_audit_event_init (CwAuditEvent *self)
{
}

gint64
cw_audit_event_get_seq (CwAuditEvent *self)
{
  g_return_val_if_fail (CW_IS_AUDIT_EVENT (self), 0);

  return self->seq;
}

/**
 * cw_audit_event_get_time:
 *
 * Returns: (transfer none): when it happened, in UTC.
 */
GDateTime *
cw_audit_event_get_time (CwAuditEvent *self)
{
  g_return_val_if_fail (CW_IS_AUDIT_EVENT (self), NULL);

  return self->time;
}

gint64
cw_audit_event_get_actor_id (CwAuditEvent *self)
{
  g_return_val_if_fail (CW_IS_AUDIT_EVENT (self), 0);

  return self->actor_id;
}

const char *
cw_audit_event_get_actor_username (CwAuditEvent *self)
{
  g_return_val_if_fail (CW_IS_AUDIT_EVENT (self), NULL);

  return self->actor_username;
}

const char *
cw_audit_event_get_action (CwAuditEvent *self)
{
  g_return_val_if_fail (CW_IS_AUDIT_EVENT (self), NULL);

  return self->action;
}

const char *
cw_audit_event_get_object_type (CwAuditEvent *self)
{
  g_return_val_if_fail (CW_IS_AUDIT_EVENT (self), NULL);

  return self->object_type;
}

const char *
cw_audit_event_get_object_id (CwAuditEvent *self)
{
  g_return_val_if_fail (CW_IS_AUDIT_EVENT (self), NULL);

  return self->object_id;
}

const char *
cw_audit_event_get_detail (CwAuditEvent *self)
{
  g_return_val_if_fail (CW_IS_AUDIT_EVENT (self), NULL);

  return self->detail;
}

const char *
cw_audit_event_get_hash (CwAuditEvent *self)
{
  g_return_val_if_fail (CW_IS_AUDIT_EVENT (self), NULL);

  return self->hash;
}

/**
 * cw_audit_describe_action:
 * @action: the stored action text, such as "sign-in-failed"
 *
 * Returns: (transfer full): a translated label ("Failed sign-in"); an action
 *   this build does not know is returned as it is stored.
 */
char *
cw_audit_describe_action (const char *action)
{
  if (action == NULL)
    return g_strdup ("");

  for (guint i = 0; i < G_N_ELEMENTS (action_labels); i++)
    if (strcmp (action_labels[i].action, action) == 0)
      return g_strdup (_(action_labels[i].label));

  return g_strdup (action);
}

/**
 * cw_audit_append:
 *
 * Appends one row timed now. See cw_audit_append_at().
 */
gboolean
cw_audit_append (CwDatabase  *database,
                 gint64       actor_id,
                 const char  *actor_username,
                 const char  *action,
                 const char  *object_type,
                 const char  *object_id,
                 const char  *detail,
                 GError     **error)
{
  return cw_audit_append_at (database, g_get_real_time () / G_USEC_PER_SEC, actor_id,
                             actor_username, action, object_type, object_id, detail, error);
}

/**
 * cw_audit_append_at:
 * @when_unix_utc: seconds since 1970 (UTC)
 * @actor_id: the staff member who acted, 0 for nobody (stored as NULL)
 * @actor_username: (nullable): their username at the time
 * @action: one of the actions listed in cw-audit.h
 * @object_type: (nullable): what was acted on ("staff", "child" …)
 * @object_id: (nullable): which one
 * @detail: (nullable): short plain text, never case content
 *
 * Appends one row and moves the head in meta, all or nothing: inside the
 * caller's transaction when one is open, else in a transaction of its own.
 */
gboolean
cw_audit_append_at (CwDatabase  *database,
                    gint64       when_unix_utc,
                    gint64       actor_id,
                    const char  *actor_username,
                    const char  *action,
                    const char  *object_type,
                    const char  *object_id,
                    const char  *detail,
                    GError     **error)
{
  sqlite3 *handle;
  gboolean own_transaction;

  g_return_val_if_fail (CW_IS_DATABASE (database), FALSE);
  g_return_val_if_fail (action != NULL && action[0] != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_text (actor_username, error) || !check_text (action, error) ||
      !check_text (object_type, error) || !check_text (object_id, error) ||
      !check_text (detail, error))
    return FALSE;

  if ((handle = cw_database_get_handle (database)) == NULL)
    {
      cw_database_set_error (database, error, SQLITE_MISUSE, "audit append");
      return FALSE;
    }

  own_transaction = sqlite3_get_autocommit (handle) != 0;

  if (!cw_database_exec (database, own_transaction ? "BEGIN IMMEDIATE" : "SAVEPOINT cw_audit",
                         error))
    return FALSE;

  if (!write_row (database, when_unix_utc, actor_id,
                  actor_username != NULL ? actor_username : "", action,
                  object_type != NULL ? object_type : "",
                  object_id != NULL ? object_id : "",
                  detail != NULL ? detail : "", error))
    {
      if (own_transaction)
        sqlite3_exec (handle, "ROLLBACK", NULL, NULL, NULL);
      else
        sqlite3_exec (handle, "ROLLBACK TO cw_audit; RELEASE cw_audit", NULL, NULL, NULL);
      return FALSE;
    }

  if (!cw_database_exec (database, own_transaction ? "COMMIT" : "RELEASE cw_audit", error))
    {
      if (own_transaction && sqlite3_get_autocommit (handle) == 0)
        sqlite3_exec (handle, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }

  return TRUE;
}

void
cw_audit_verification_free (CwAuditVerification *v)
{
  if (v == NULL)
    return;

  g_free (v->problem);
  g_free (v);
}

/**
 * cw_audit_verify:
 *
 * Walks every row in order, one at a time, and checks that the rows are
 * numbered 1, 2, 3 … without gaps, that each row's hash is what its content
 * gives, that each row names its predecessor's hash, and that the last row
 * is the head kept in meta. May take a while on a long log: run it in a
 * thread.
 *
 * Returns: (transfer full): the result (first_broken_seq 0 and problem NULL
 *   when intact), or %NULL when the log could not be read.
 */
CwAuditVerification *
cw_audit_verify (CwDatabase  *database,
                 GError     **error)
{
  g_autoptr(CwAuditVerification) v = g_new0 (CwAuditVerification, 1);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *last_hash = g_strdup (GENESIS_HASH);
  gint64 last_seq = 0;
  int rc;

  g_return_val_if_fail (CW_IS_DATABASE (database), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = cw_database_prepare (database, "SELECT " AUDIT_COLUMNS " FROM audit ORDER BY seq",
                              error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 seq = sqlite3_column_int64 (stmt, COL_SEQ);
      const char *hash = column_text_or_empty (stmt, COL_HASH);
      const char *prev_hash = column_text_or_empty (stmt, COL_PREV_HASH);

      v->n_rows++;

      /* After the first break the rest is only counted. */
      if (v->problem != NULL)
        continue;

      if (seq != last_seq + 1)
        {
          if (seq <= last_seq)
            set_problem (v, seq,
                         g_strdup_printf (_("Audit row %lld does not belong in "
                                            "the log: rows are numbered from 1."),
                                          (long long) seq));
          else if (last_seq == 0)
            set_problem (v, 1,
                         g_strdup_printf (_("Audit row 1 is missing: the log starts at row %lld."),
                                          (long long) seq));
          else
            set_problem (v, last_seq + 1,
                         g_strdup_printf (_("Audit row %lld is missing: the log "
                                            "jumps from row %lld to row %lld."),
                                          (long long) last_seq + 1, (long long) last_seq,
                                          (long long) seq));
        }
      else
        {
          g_autofree char *computed = compute_row_hash (stmt);

          if (strcmp (computed, hash) != 0)
            set_problem (v, seq,
                         g_strdup_printf (_("Audit row %lld has been changed "
                                            "after it was written."),
                                          (long long) seq));
          else if (strcmp (prev_hash, last_hash) != 0)
            set_problem (v, seq,
                         g_strdup_printf (_("Audit row %lld does not follow on "
                                            "from row %lld: rows have been "
                                            "changed or put in a different order."),
                                          (long long) seq, (long long) last_seq));
        }

      last_seq = seq;
      g_free (last_hash);
      last_hash = g_strdup (hash);
    }

  if (rc != SQLITE_DONE)
    {
      cw_database_set_error (database, error, rc, "audit verify");
      return NULL;
    }

  if (v->problem == NULL)
    check_head (database, v, last_seq, last_hash);

  return g_steal_pointer (&v);
}

/**
 * cw_audit_list:
 *
 * Returns: (transfer full): every audit row as a CwAuditEvent, newest first,
 *   read page by page. Call cw_sql_list_model_reload() on it to see rows
 *   appended since.
 */
GListModel *
cw_audit_list (CwDatabase *database)
{
  g_return_val_if_fail (CW_IS_DATABASE (database), NULL);

  return G_LIST_MODEL (cw_sql_list_model_new (database, CW_TYPE_AUDIT_EVENT,
                                              "SELECT " AUDIT_COLUMNS " FROM audit "
                                              "ORDER BY seq DESC",
                                              "SELECT count(*) FROM audit",
                                              NULL, event_from_row, NULL, NULL));
}
