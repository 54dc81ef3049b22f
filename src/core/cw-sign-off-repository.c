/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-sign-off-repository"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "cw-child-repository-private.h"
#include "cw-child.h"
#include "cw-database-private.h"
#include "cw-entry-repository-private.h"
#include "cw-entry-repository.h"
#include "cw-sign-off-repository-private.h"
#include "cw-sql-list-model.h"

/*
 * Judgements and sign-offs in SQL (0003-judgements.sql):
 *
 *   judgement_details   the judgement part of one version, keyed by
 *                       entry_versions.id; triggers refuse any change once
 *                       the version is finished, copy it into a correction
 *                       and delete it with a discarded draft.
 *   sign_off_requests   one per finished version with a judgement part,
 *                       inserted by a trigger in the transaction that
 *                       finishes the version (so no finished judgement is
 *                       ever left unqueued); only an open request's state
 *                       changes.
 *   sign_off_events     the append-only history of decisions.
 *
 * The hash a signer signs is recomputed from what is stored (the version's
 * content through cw_entry_compute_content_hash() and the judgement part),
 * never taken from a column, so that cw_sign_off_verify() finds a stored
 * version that was changed behind the triggers' back.
 */

#define COMMENT_MAX_CHARS 10000

struct _CwSignOff
{
  GObject         parent_instance;

  gint64          id;
  gint64          entry_id;
  gint64          version_id;
  int             version;
  gint64          child_id;
  char           *child_name;
  char           *case_reference;
  char           *summary;
  CwEntryKind     kind;
  gint64          author_id;
  char           *author_name;
  gint64          assigned_to_id;
  char           *assigned_to_name;
  GDateTime      *queued_at;
  guint           days_waiting;
  gboolean        overdue;
  CwSignOffState  state;
  char           *state_text;
  char           *last_signer_name;
  char           *last_comment;
  GDateTime      *last_event_time;
};

struct _CwSignOffEvent
{
  GObject            parent_instance;

  gint64             id;
  gint64             request_id;
  gint64             entry_id;
  gint64             version_id;
  int                version;
  gint64             signer_id;
  char              *signer_name;
  char              *signer_role;
  CwSignOffCapacity  capacity;
  GDateTime         *time;
  CwSignOffDecision  decision;
  CwSignOffFollowUp  follow_up;
  char              *comment;
  CwReferralAgency   agency;
  char              *agency_name;
  char              *agency_reference;
  char              *signed_hash;
};

struct _CwSignOffRepository
{
  GObject    parent_instance;

  CwSession *session;
};

G_DEFINE_FINAL_TYPE (CwSignOff, cw_sign_off, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE (CwSignOffEvent, cw_sign_off_event, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE (CwSignOffRepository, cw_sign_off_repository, G_TYPE_OBJECT)

G_DEFINE_QUARK (cw-sign-off-error-quark, cw_sign_off_error)

/* Request states as stored. */
static const struct
{
  const char     *id;
  CwSignOffState  state;
} request_states[] = {
  { "waiting", CW_SIGN_OFF_STATE_AWAITING },
  { "escalated", CW_SIGN_OFF_STATE_ESCALATED },
  { "signed-off", CW_SIGN_OFF_STATE_SIGNED_OFF },
  { "referred", CW_SIGN_OFF_STATE_DISAGREEMENT },
  { "returned", CW_SIGN_OFF_STATE_RETURNED },
  { "superseded", CW_SIGN_OFF_STATE_SUPERSEDED },
};

static const char * const follow_up_ids[] = {
  [CW_SIGN_OFF_FOLLOW_UP_NONE] = "",
  [CW_SIGN_OFF_FOLLOW_UP_ESCALATE] = "escalate",
  [CW_SIGN_OFF_FOLLOW_UP_REFER] = "refer",
  [CW_SIGN_OFF_FOLLOW_UP_RETURN] = "return",
};

/* The columns of a list item, and the tables they come from. The base
 * tables are all the WHERE clauses need (the count uses only them). */
#define ITEM_COLUMNS \
  "r.id, r.entry_id, r.version_id, v.version, e.child_id, c.given_names, c.family_name, " \
  "c.preferred_name, c.case_reference, v.summary, v.kind, r.author_id, v.author_name, " \
  "coalesce (r.assigned_to, 0), coalesce (m.display_name, ''), r.queued_at, r.state, " \
  "coalesce (ev.signer_name, ''), coalesce (ev.comment, ''), ev.at "
#define ITEM_FROM_BASE \
  "FROM sign_off_requests r " \
  "JOIN entry_versions v ON v.id = r.version_id " \
  "JOIN entries e ON e.id = r.entry_id " \
  "JOIN staff a ON a.id = r.author_id "
#define ITEM_FROM_EXTRA \
  "JOIN children c ON c.id = e.child_id " \
  "LEFT JOIN staff m ON m.id = r.assigned_to " \
  "LEFT JOIN sign_off_events ev ON ev.id = " \
  "(SELECT max (id) FROM sign_off_events WHERE request_id = r.id) "

/* A note the person may read: not removed, the child visible, and a
 * restricted note only for its author or with VIEW_RESTRICTED. */
#define READABLE_SQL \
  "e.state = 'finished' AND " CW_CHILD_VISIBLE_SQL ("e.child_id") " " \
  "AND ((e.restricted = 0 AND v.restricted = 0) OR e.author_id = :cw_me " \
  "     OR r.author_id = :cw_me OR :restricted_ok = 1) "

#define NO_ACTIVE_LINE_MANAGER_SQL \
  "NOT EXISTS (SELECT 1 FROM staff lm WHERE lm.id = a.line_manager_id AND lm.active = 1)"

#define WAITING_FOR_ME_SQL \
  "r.state IN ('waiting', 'escalated') AND r.author_id <> :cw_me AND " READABLE_SQL \
  "AND ((:may_sign = 1 AND r.state = 'waiting' AND a.line_manager_id = :cw_me) " \
  "  OR (:dsl = 1 AND (r.state = 'escalated' OR (r.state = 'waiting' AND " \
  "      (e.restricted = 1 OR v.restricted = 1 OR " NO_ACTIVE_LINE_MANAGER_SQL "))))) "

#define OUTSTANDING_SQL \
  "r.state IN ('waiting', 'escalated') AND " READABLE_SQL \
  "AND (:dsl = 1 OR (:may_sign = 1 AND a.line_manager_id = :cw_me)) "

#define RETURNED_TO_ME_SQL \
  "r.state = 'returned' AND r.author_id = :cw_me AND " READABLE_SQL \
  "AND NOT EXISTS (SELECT 1 FROM sign_off_requests r2 " \
  "                WHERE r2.entry_id = r.entry_id AND r2.id > r.id) "

#define ORDER_SQL "ORDER BY r.queued_at, r.id"

/* The list columns, by position. */
enum
{
  ITEM_ID,
  ITEM_ENTRY_ID,
  ITEM_VERSION_ID,
  ITEM_VERSION,
  ITEM_CHILD_ID,
  ITEM_GIVEN_NAMES,
  ITEM_FAMILY_NAME,
  ITEM_PREFERRED_NAME,
  ITEM_CASE_REFERENCE,
  ITEM_SUMMARY,
  ITEM_KIND,
  ITEM_AUTHOR_ID,
  ITEM_AUTHOR_NAME,
  ITEM_ASSIGNED_TO,
  ITEM_ASSIGNED_TO_NAME,
  ITEM_QUEUED_AT,
  ITEM_STATE,
  ITEM_LAST_SIGNER,
  ITEM_LAST_COMMENT,
  ITEM_LAST_AT,
};

/* What a list needs to bind its parameters and make its items, captured
 * when it was made. */
typedef struct
{
  gint64      me;
  gboolean    see_team;
  gboolean    see_all;
  gboolean    restricted_ok;
  gboolean    may_sign;
  gboolean    dsl;
  GDateTime  *now;            /* NULL: the system clock */
  guint       overdue_days;
  char       *working_days;
} ListData;

static void
list_data_free (gpointer data)
{
  ListData *list_data = data;

  g_clear_pointer (&list_data->now, g_date_time_unref);
  g_clear_pointer (&list_data->working_days, g_free);
  g_free (list_data);
}

static void     list_bind_cb (CwSqlStatement *stmt,
                              gpointer        user_data);
static GObject *list_row_cb  (CwSqlStatement *stmt,
                              gpointer        user_data);

/* One request as the rules need it. */
typedef struct
{
  gint64   id;
  gint64   version_id;
  gint64   entry_id;
  gint64   author_id;
  int      version;
  gint64   child_id;
  char    *state;
  char    *entry_state;
  gboolean restricted;
  gint64   line_manager_id;
  gboolean line_manager_active;
  char    *author_name;
} RequestRow;

static void
request_row_clear (RequestRow *row)
{
  g_clear_pointer (&row->state, g_free);
  g_clear_pointer (&row->entry_state, g_free);
  g_clear_pointer (&row->author_name, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RequestRow, request_row_clear)

/* Helpers: values */

static gint64
now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static char *
version_detail (int version)
{
  return g_strdup_printf ("version %d", version);
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           col)
{
  const char *text = (const char *) sqlite3_column_text (stmt, col);

  return text != NULL ? text : "";
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  sqlite3_bind_text (stmt, index, text != NULL ? text : "", -1, SQLITE_TRANSIENT);
}

static void
bind_named (sqlite3_stmt *stmt,
            const char   *name,
            gint64        value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    sqlite3_bind_int64 (stmt, index, value);
}

CwSignOffState
cw_sign_off_state_from_id (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (request_states); i++)
    if (g_strcmp0 (request_states[i].id, id) == 0)
      return request_states[i].state;

  return CW_SIGN_OFF_STATE_NONE;
}

static CwSignOffFollowUp
follow_up_from_id (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (follow_up_ids); i++)
    if (g_strcmp0 (follow_up_ids[i], id) == 0)
      return i;

  return CW_SIGN_OFF_FOLLOW_UP_NONE;
}

/* The local calendar day of @when. */
static void
local_day (GDateTime *when,
           GDate     *day)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (when);

  g_date_clear (day, 1);
  g_date_set_dmy (day, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
}

/* "24 Nov 2026" for a moment, in local time. */
static char *
format_day (GDateTime *when)
{
  GDate day;

  if (when == NULL)
    return g_strdup ("");

  local_day (when, &day);
  return cw_event_format (&day, -1, -1, CW_EVENT_DAY);
}

/* Calendar days from the local day of @queued_at to that of @now. */
static guint
days_between (GDateTime *queued_at,
              GDateTime *now)
{
  GDate from, to;
  int days;

  local_day (queued_at, &from);
  local_day (now, &to);
  days = g_date_days_between (&from, &to);

  return days > 0 ? (guint) days : 0;
}

static char *
describe_state (CwSignOffState  state,
                guint           days_waiting,
                const char     *signer_name,
                GDateTime      *event_time)
{
  switch (state)
    {
    case CW_SIGN_OFF_STATE_AWAITING:
      if (days_waiting == 0)
        return g_strdup (_("awaiting sign-off (since today)"));
      /* TRANSLATORS: how long a judgement has waited for sign-off */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "awaiting sign-off (%u day)",
                                           "awaiting sign-off (%u days)", days_waiting),
                              days_waiting);

    case CW_SIGN_OFF_STATE_SIGNED_OFF:
      {
        g_autofree char *day = format_day (event_time);

        /* TRANSLATORS: "signed off by Sam Patel on 24 Nov 2026" */
        return g_strdup_printf (_("signed off by %s on %s"), signer_name, day);
      }

    case CW_SIGN_OFF_STATE_DISAGREEMENT:
      return g_strdup (_("disagreement recorded"));

    case CW_SIGN_OFF_STATE_RETURNED:
      return g_strdup (_("returned for more information"));

    case CW_SIGN_OFF_STATE_ESCALATED:
      return g_strdup (_("escalated to the DSL"));

    case CW_SIGN_OFF_STATE_SUPERSEDED:
      return g_strdup (_("replaced by a later version"));

    case CW_SIGN_OFF_STATE_NONE:
    default:
      return g_strdup ("");
    }
}

char *
cw_sign_off_describe_state (CwSignOffState  state,
                            GDateTime      *queued_at,
                            GDateTime      *now,
                            const char     *signer_name,
                            GDateTime      *event_time)
{
  return describe_state (state, queued_at != NULL && now != NULL
                                ? days_between (queued_at, now) : 0,
                         signer_name != NULL ? signer_name : "", event_time);
}

/* Helpers: session */

static gboolean
setting_true (CwSession  *session,
              const char *key)
{
  g_autofree char *text = cw_session_get_setting (session, key);

  return text != NULL && (g_ascii_strcasecmp (text, "true") == 0 || strcmp (text, "1") == 0);
}

/* Whether the note (child and restriction) may be read by the signed-in
 * person. */
static gboolean
may_read_note (CwSignOffRepository *self,
               gint64               child_id,
               gboolean             restricted,
               gint64               author_id)
{
  if (!cw_session_may_view_child (self->session, child_id))
    return FALSE;

  return !restricted || author_id == cw_entry_me (self->session) ||
         cw_session_can (self->session, CW_PERMISSION_VIEW_RESTRICTED);
}

static ListData *
list_data_new (CwSignOffRepository *self,
               GDateTime           *now)
{
  ListData *data = g_new0 (ListData, 1);
  CwStaffMember *member = cw_session_get_staff_member (self->session);

  data->see_all = cw_session_can (self->session, CW_PERMISSION_VIEW_ALL_CHILDREN);
  data->see_team = cw_session_can (self->session, CW_PERMISSION_VIEW_TEAM_CHILDREN);
  /* As the need-to-know rule: someone who neither records notes nor views
   * children (an administrator only) sees nothing. */
  if (member != NULL &&
      (data->see_all || data->see_team ||
       cw_session_can (self->session, CW_PERMISSION_RECORD_CASE_NOTES)))
    data->me = cw_staff_member_get_id (member);
  else
    data->me = -1;
  data->restricted_ok = cw_session_can (self->session, CW_PERMISSION_VIEW_RESTRICTED);
  data->may_sign = cw_session_can (self->session, CW_PERMISSION_SIGN_OFF_JUDGEMENTS);
  data->dsl = cw_session_can (self->session, CW_PERMISSION_VIEW_ALL_SIGN_OFFS);
  data->now = now != NULL ? g_date_time_ref (now) : NULL;
  data->overdue_days = cw_entry_setting_uint (self->session, "sign-off-overdue-days", 5);
  data->working_days = cw_session_get_setting (self->session, "working-days");

  return data;
}

/* Helpers: reading what was signed */

static const char *
version_content_sql (void)
{
  static gsize once = 0;
  static char *sql = NULL;

  if (g_once_init_enter (&once))
    {
      GString *text = g_string_new ("SELECT kind, event_date, event_time, event_precision, "
                                    "child_seen, child_seen_alone, child_spoken_to, outcomes, "
                                    "significant, restricted, content_hash");

      for (guint i = 0; i < CW_ENTRY_FIELD_LAST; i++)
        g_string_append_printf (text, ", %s", cw_entry_field_get_column (i));
      g_string_append (text, " FROM entry_versions WHERE id = ?1");
      sql = g_string_free (text, FALSE);
      g_once_init_leave (&once, 1);
    }

  return sql;
}

/* What the author wrote in one version, exactly as stored (content only:
 * what cw_entry_compute_content_hash() reads). NULL with
 * CW_ENTRY_ERROR_NOT_FOUND when there is no such version. */
static CwEntry *
read_stored_content (CwDatabase  *database,
                     gint64       version_id,
                     char       **stored_hash_out,
                     GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(CwEntry) entry = NULL;
  CwEntryKind kind;
  GDate date;
  int hour, minute;

  stmt = cw_database_prepare (database, version_content_sql (), error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, version_id);
  if (!cw_entry_step_row (database, stmt, CW_ENTRY_ERROR, CW_ENTRY_ERROR_NOT_FOUND,
                          _("This version of the case note does not exist."),
                          "reading a case note", error))
    return NULL;

  entry = cw_entry_new ();
  kind = cw_entry_kind_from_id (column_text (stmt, 0));
  cw_entry_set_kind (entry, kind != CW_ENTRY_KIND_LAST ? kind : CW_ENTRY_KIND_OTHER);
  cw_entry_parse_iso_date (column_text (stmt, 1), &date);
  cw_entry_set_event_date (entry, &date);
  cw_entry_parse_time (column_text (stmt, 2), &hour, &minute);
  cw_entry_set_event_time (entry, hour, minute);
  cw_entry_set_event_precision (entry, cw_event_precision_from_id (column_text (stmt, 3)));
  cw_entry_set_child_seen (entry, cw_entry_column_answer (stmt, 4));
  cw_entry_set_child_seen_alone (entry, cw_entry_column_answer (stmt, 5));
  cw_entry_set_child_spoken_to (entry, cw_entry_column_answer (stmt, 6));
  cw_entry_set_outcomes (entry, sqlite3_column_int (stmt, 7));
  cw_entry_set_significant (entry, sqlite3_column_int (stmt, 8) != 0);
  cw_entry_set_restricted (entry, sqlite3_column_int (stmt, 9) != 0);
  if (stored_hash_out != NULL)
    *stored_hash_out = g_strdup (column_text (stmt, 10));
  for (guint i = 0; i < CW_ENTRY_FIELD_LAST; i++)
    cw_entry_set_text (entry, i, column_text (stmt, 11 + (int) i));
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!cw_entry_read_actions_and_marks (database, entry, version_id, error))
    return NULL;

  return g_steal_pointer (&entry);
}

/* The judgement part stored for a version, or NULL with NOT_FOUND. */
static CwJudgement *
read_judgement (CwDatabase  *database,
                gint64       version_id,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(CwJudgement) judgement = NULL;
  GDate date;
  int col;

  stmt = cw_database_prepare (database,
                              "SELECT circumstances, action, reasons, discussed_with, "
                              "disagreement, referral_agency_name, referral_reference, "
                              "action_status, "
                              "warranted, warranted_explanation, "
                              "proportionate, proportionate_explanation, "
                              "safe, safe_explanation, equitable, equitable_explanation, "
                              "discussed_on, referral_agency, referral_date "
                              "FROM judgement_details WHERE version_id = ?1", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, version_id);
  if (!cw_entry_step_row (database, stmt, CW_JUDGEMENT_ERROR, CW_JUDGEMENT_ERROR_NOT_FOUND,
                          _("No judgement has been recorded for this version of the note."),
                          "reading a judgement", error))
    return NULL;

  /* The text columns above are in CwJudgementField order. */
  G_STATIC_ASSERT (CW_JUDGEMENT_FIELD_LAST == 7);

  judgement = cw_judgement_new ();
  cw_judgement_set_version_id (judgement, version_id);
  for (col = 0; col < CW_JUDGEMENT_FIELD_LAST; col++)
    cw_judgement_set_text (judgement, col, column_text (stmt, col));
  cw_judgement_set_action_status (judgement,
                                  cw_judgement_action_status_from_id (column_text (stmt, col)));
  col++;
  for (guint i = 0; i < CW_JUDGEMENT_TEST_LAST; i++)
    {
      cw_judgement_set_answer (judgement, i, cw_judgement_answer_from_id (column_text (stmt,
                                                                                       col)));
      cw_judgement_set_explanation (judgement, i, column_text (stmt, col + 1));
      col += 2;
    }
  cw_entry_parse_iso_date (column_text (stmt, col), &date);
  cw_judgement_set_discussed_on (judgement, &date);
  {
    CwReferralAgency agency = cw_referral_agency_from_id (column_text (stmt, col + 1));

    cw_judgement_set_referral_agency (judgement,
                                      agency != CW_REFERRAL_LAST ? agency : CW_REFERRAL_NONE);
  }
  cw_entry_parse_iso_date (column_text (stmt, col + 2), &date);
  cw_judgement_set_referral_date (judgement, &date);

  return g_steal_pointer (&judgement);
}

/* The hash of a version as stored now: *content_matches_out says whether
 * its content still gives the content hash stored when it was finished. */
static char *
compute_stored_signed_hash (CwDatabase  *database,
                            gint64       version_id,
                            gboolean    *content_matches_out,
                            GError     **error)
{
  g_autoptr(CwEntry) entry = NULL;
  g_autoptr(CwJudgement) judgement = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *stored_hash = NULL;
  g_autofree char *content_hash = NULL;

  entry = read_stored_content (database, version_id, &stored_hash, error);
  if (entry == NULL)
    return NULL;

  judgement = read_judgement (database, version_id, &local_error);
  if (judgement == NULL &&
      !g_error_matches (local_error, CW_JUDGEMENT_ERROR, CW_JUDGEMENT_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  content_hash = cw_entry_compute_content_hash (entry);
  if (content_matches_out != NULL)
    *content_matches_out = g_strcmp0 (content_hash, stored_hash) == 0;

  return cw_judgement_compute_signed_hash (content_hash, judgement);
}

/* Helpers: requests and the rules */

static gboolean
read_request (CwDatabase  *database,
              gint64       request_id,
              RequestRow  *row,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = cw_database_prepare (database,
                              "SELECT r.id, r.version_id, r.entry_id, r.author_id, v.version, "
                              "e.child_id, r.state, e.state, "
                              "(e.restricted = 1 OR v.restricted = 1), "
                              "coalesce (a.line_manager_id, 0), coalesce (lm.active, 0), "
                              "a.display_name "
                              "FROM sign_off_requests r "
                              "JOIN entry_versions v ON v.id = r.version_id "
                              "JOIN entries e ON e.id = r.entry_id "
                              "JOIN staff a ON a.id = r.author_id "
                              "LEFT JOIN staff lm ON lm.id = a.line_manager_id "
                              "WHERE r.id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, request_id);
  if (!cw_entry_step_row (database, stmt, CW_SIGN_OFF_ERROR, CW_SIGN_OFF_ERROR_NOT_FOUND,
                          _("This sign-off request does not exist."),
                          "reading a sign-off request", error))
    return FALSE;

  row->id = sqlite3_column_int64 (stmt, 0);
  row->version_id = sqlite3_column_int64 (stmt, 1);
  row->entry_id = sqlite3_column_int64 (stmt, 2);
  row->author_id = sqlite3_column_int64 (stmt, 3);
  row->version = sqlite3_column_int (stmt, 4);
  row->child_id = sqlite3_column_int64 (stmt, 5);
  row->state = g_strdup (column_text (stmt, 6));
  row->entry_state = g_strdup (column_text (stmt, 7));
  row->restricted = sqlite3_column_int (stmt, 8) != 0;
  row->line_manager_id = sqlite3_column_int64 (stmt, 9);
  row->line_manager_active = sqlite3_column_int (stmt, 10) != 0;
  row->author_name = g_strdup (column_text (stmt, 11));

  return TRUE;
}

/* Every rule but the password: who may act on @row now, and as what. */
static gboolean
check_may_sign (CwSignOffRepository  *self,
                const RequestRow     *row,
                CwSignOffCapacity    *capacity_out,
                GError              **error)
{
  gint64 me = cw_entry_me (self->session);
  gboolean dsl;

  if (row->author_id == me)
    {
      g_set_error_literal (error, CW_SIGN_OFF_ERROR, CW_SIGN_OFF_ERROR_OWN_JUDGEMENT,
                           _("You cannot sign off your own judgement: your line manager or "
                             "the Designated Safeguarding Lead does that."));
      return FALSE;
    }

  if (!cw_session_can (self->session, CW_PERMISSION_SIGN_OFF_JUDGEMENTS))
    {
      g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED,
                           _("Your roles do not include signing off judgements."));
      return FALSE;
    }

  if (!may_read_note (self, row->child_id, row->restricted, row->author_id))
    {
      cw_entry_set_not_permitted (error);
      return FALSE;
    }

  if (strcmp (row->entry_state, "removed") == 0)
    {
      g_set_error_literal (error, CW_SIGN_OFF_ERROR, CW_SIGN_OFF_ERROR_NOT_OUTSTANDING,
                           _("This note has been removed."));
      return FALSE;
    }

  switch (cw_sign_off_state_from_id (row->state))
    {
    case CW_SIGN_OFF_STATE_AWAITING:
    case CW_SIGN_OFF_STATE_ESCALATED:
      break;

    case CW_SIGN_OFF_STATE_SIGNED_OFF:
      g_set_error_literal (error, CW_SIGN_OFF_ERROR, CW_SIGN_OFF_ERROR_NOT_OUTSTANDING,
                           _("This judgement has already been signed off."));
      return FALSE;

    case CW_SIGN_OFF_STATE_SUPERSEDED:
      g_set_error_literal (error, CW_SIGN_OFF_ERROR, CW_SIGN_OFF_ERROR_NOT_OUTSTANDING,
                           _("A later version of this note has been finished. Sign off that "
                             "version instead."));
      return FALSE;

    case CW_SIGN_OFF_STATE_DISAGREEMENT:
    case CW_SIGN_OFF_STATE_RETURNED:
    case CW_SIGN_OFF_STATE_NONE:
    default:
      g_set_error_literal (error, CW_SIGN_OFF_ERROR, CW_SIGN_OFF_ERROR_NOT_OUTSTANDING,
                           _("A decision on this judgement has already been recorded."));
      return FALSE;
    }

  dsl = cw_session_can (self->session, CW_PERMISSION_VIEW_ALL_SIGN_OFFS);

  if (strcmp (row->state, "escalated") == 0)
    {
      if (!dsl)
        {
          g_set_error_literal (error, CW_SIGN_OFF_ERROR, CW_SIGN_OFF_ERROR_NOT_SIGNER,
                               _("This judgement has been escalated to the Designated "
                                 "Safeguarding Lead, who now decides on it."));
          return FALSE;
        }
      *capacity_out = CW_SIGN_OFF_CAPACITY_DSL;
      return TRUE;
    }

  if (row->line_manager_id == me)
    {
      *capacity_out = CW_SIGN_OFF_CAPACITY_LINE_MANAGER;
      return TRUE;
    }

  if (dsl)
    {
      gboolean no_line_manager = row->line_manager_id == 0 || !row->line_manager_active;

      if (no_line_manager || row->restricted ||
          setting_true (self->session, "dsl-may-cover-sign-off"))
        {
          *capacity_out = CW_SIGN_OFF_CAPACITY_DSL;
          return TRUE;
        }

      g_set_error (error, CW_SIGN_OFF_ERROR, CW_SIGN_OFF_ERROR_NOT_SIGNER,
                   _("%s has a line manager, and the organisation’s settings do not let the "
                     "Designated Safeguarding Lead sign off in their place."), row->author_name);
      return FALSE;
    }

  g_set_error (error, CW_SIGN_OFF_ERROR, CW_SIGN_OFF_ERROR_NOT_SIGNER,
               _("Only the line manager of %s can sign off this judgement."), row->author_name);
  return FALSE;
}

static gboolean
check_text (const char  *title,
            const char  *text,
            guint        max_chars,
            GError     **error)
{
  if (text == NULL)
    return TRUE;

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, CW_SIGN_OFF_ERROR, CW_SIGN_OFF_ERROR_INVALID,
                   _("“%s” holds characters that are not readable text. Type it again."),
                   title);
      return FALSE;
    }

  if (g_utf8_strlen (text, -1) > (glong) max_chars)
    {
      g_set_error (error, CW_SIGN_OFF_ERROR, CW_SIGN_OFF_ERROR_INVALID,
                   _("“%s” is too long: it can hold at most %u characters."),
                   title, max_chars);
      return FALSE;
    }

  return TRUE;
}

/* Whether the note may be read; the error when not. */
static gboolean
check_note_readable (CwSignOffRepository  *self,
                     CwDatabase           *database,
                     gint64                entry_id,
                     GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = cw_database_prepare (database,
                              "SELECT child_id, restricted, author_id, state FROM entries "
                              "WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, entry_id);
  if (!cw_entry_step_row (database, stmt, CW_ENTRY_ERROR, CW_ENTRY_ERROR_NOT_FOUND,
                          _("This case note does not exist."),
                          "reading a case note", error))
    return FALSE;

  if (!may_read_note (self, sqlite3_column_int64 (stmt, 0), sqlite3_column_int (stmt, 1) != 0,
                      sqlite3_column_int64 (stmt, 2)))
    {
      cw_entry_set_not_permitted (error);
      return FALSE;
    }

  if (!cw_entry_check_not_removed (column_text (stmt, 3), error))
    return FALSE;

  return TRUE;
}

/* The open draft version @draft stands for, which must be mine. */
static gboolean
check_my_draft (CwSignOffRepository  *self,
                CwDatabase           *database,
                CwEntry              *draft,
                GError              **error)
{
  g_auto(CwEntryDraftRow) row = { 0 };

  return cw_entry_repository_read_draft_row (database, draft, cw_entry_me (self->session),
                                             _("This judgement is finished and cannot change. "
                                               "Add a correction instead."),
                                             &row, error);
}

/* Writes the judgement part of an open draft version; inside a transaction. */
static gboolean
write_judgement (CwDatabase   *database,
                 gint64        version_id,
                 CwJudgement  *judgement,
                 GError      **error)
{
  static const char * const statements[] = {
    "UPDATE judgement_details SET circumstances = ?2, action = ?3, reasons = ?4, "
    "discussed_with = ?5, disagreement = ?6, referral_agency_name = ?7, "
    "referral_reference = ?8, action_status = ?9, warranted = ?10, "
    "warranted_explanation = ?11, proportionate = ?12, proportionate_explanation = ?13, "
    "safe = ?14, safe_explanation = ?15, equitable = ?16, equitable_explanation = ?17, "
    "discussed_on = ?18, referral_agency = ?19, referral_date = ?20, saved_at = ?21 "
    "WHERE version_id = ?1",
    "INSERT INTO judgement_details (version_id, circumstances, action, reasons, "
    "discussed_with, disagreement, referral_agency_name, referral_reference, action_status, "
    "warranted, warranted_explanation, proportionate, proportionate_explanation, safe, "
    "safe_explanation, equitable, equitable_explanation, discussed_on, referral_agency, "
    "referral_date, saved_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
    "?18, ?19, ?20, ?21)",
  };
  char discussed_on[16], referral_date[16];

  G_STATIC_ASSERT (CW_JUDGEMENT_FIELD_LAST == 7);
  G_STATIC_ASSERT (CW_JUDGEMENT_TEST_LAST == 4);

  cw_entry_format_iso_date (cw_judgement_get_discussed_on (judgement), FALSE, discussed_on,
                            sizeof discussed_on);
  cw_entry_format_iso_date (cw_judgement_get_referral_date (judgement), FALSE, referral_date,
                            sizeof referral_date);

  for (guint s = 0; s < G_N_ELEMENTS (statements); s++)
    {
      g_autoptr(sqlite3_stmt) stmt = cw_database_prepare (database, statements[s], error);
      int index = 2;

      if (stmt == NULL)
        return FALSE;

      sqlite3_bind_int64 (stmt, 1, version_id);
      for (guint i = 0; i < CW_JUDGEMENT_FIELD_LAST; i++)
        bind_text (stmt, index++, cw_judgement_get_text (judgement, i));
      bind_text (stmt, index++,
                 cw_judgement_action_status_get_id (cw_judgement_get_action_status (judgement)));
      for (guint i = 0; i < CW_JUDGEMENT_TEST_LAST; i++)
        {
          bind_text (stmt, index++,
                     cw_judgement_answer_get_id (cw_judgement_get_answer (judgement, i)));
          bind_text (stmt, index++, cw_judgement_get_explanation (judgement, i));
        }
      bind_text (stmt, index++, discussed_on);
      bind_text (stmt, index++,
                 cw_referral_agency_get_id (cw_judgement_get_referral_agency (judgement)));
      bind_text (stmt, index++, referral_date);
      sqlite3_bind_int64 (stmt, index, now_unix ());

      if (!cw_database_step_done (database, stmt, error))
        return FALSE;

      /* The UPDATE found the row: no INSERT. */
      if (s == 0 && sqlite3_changes (cw_database_get_handle (database)) > 0)
        break;
    }

  return TRUE;
}

/* Signs or records disagreement: every rule, the step-up, then one
 * transaction for the event, the request's new state and the audit. */
static gboolean
record_decision (CwSignOffRepository  *self,
                 gint64                request_id,
                 CwSignOffDecision     decision,
                 const char           *comment,
                 CwSignOffFollowUp     follow_up,
                 CwReferralAgency      agency,
                 const char           *agency_name,
                 const char           *reference,
                 const char           *password,
                 GError              **error)
{
  g_auto(RequestRow) row = { 0 };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *signed_hash = NULL;
  g_autofree char *role = NULL;
  g_autofree char *object_id = NULL;
  g_autofree char *detail = NULL;
  CwSignOffCapacity capacity = CW_SIGN_OFF_CAPACITY_LINE_MANAGER;
  CwStaffMember *me;
  CwDatabase *database;
  const char *new_state;
  const char *follow_up_action = NULL;
  gboolean content_matches = FALSE;
  gint64 now;

  database = cw_entry_database (self->session, error);
  if (database == NULL)
    return FALSE;

  if (!read_request (database, request_id, &row, error) ||
      !check_may_sign (self, &row, &capacity, error))
    return FALSE;

  if (decision == CW_SIGN_OFF_DECISION_SIGNED_OFF)
    {
      if (!check_text (_("Comment"), comment, COMMENT_MAX_CHARS, error))
        return FALSE;
      new_state = "signed-off";
      follow_up = CW_SIGN_OFF_FOLLOW_UP_NONE;
      agency = CW_REFERRAL_NONE;
    }
  else
    {
      if (cw_entry_is_blank (comment))
        {
          g_set_error_literal (error, CW_SIGN_OFF_ERROR, CW_SIGN_OFF_ERROR_INVALID,
                               _("Give the reason for your disagreement."));
          return FALSE;
        }
      if (!check_text (_("Reason"), comment, COMMENT_MAX_CHARS, error))
        return FALSE;

      switch (follow_up)
        {
        case CW_SIGN_OFF_FOLLOW_UP_ESCALATE:
          if (strcmp (row.state, "escalated") == 0)
            {
              g_set_error_literal (error, CW_SIGN_OFF_ERROR, CW_SIGN_OFF_ERROR_INVALID,
                                   _("This judgement is already with the Designated "
                                     "Safeguarding Lead. Refer it to another agency or "
                                     "return it to its author instead."));
              return FALSE;
            }
          new_state = "escalated";
          follow_up_action = "sign-off-escalate";
          agency = CW_REFERRAL_NONE;
          break;

        case CW_SIGN_OFF_FOLLOW_UP_REFER:
          if (agency == CW_REFERRAL_NONE || (guint) agency >= CW_REFERRAL_LAST)
            {
              g_set_error_literal (error, CW_SIGN_OFF_ERROR, CW_SIGN_OFF_ERROR_INVALID,
                                   _("Choose the agency you are referring it to."));
              return FALSE;
            }
          if (agency == CW_REFERRAL_OTHER && cw_entry_is_blank (agency_name))
            {
              g_set_error_literal (error, CW_SIGN_OFF_ERROR, CW_SIGN_OFF_ERROR_INVALID,
                                   _("Name the agency you are referring it to."));
              return FALSE;
            }
          if (!check_text (_("Name of the other agency"), agency_name, 500, error) ||
              !check_text (_("Referral reference"), reference, 500, error))
            return FALSE;
          new_state = "referred";
          follow_up_action = "sign-off-refer";
          break;

        case CW_SIGN_OFF_FOLLOW_UP_RETURN:
          new_state = "returned";
          follow_up_action = "sign-off-return";
          agency = CW_REFERRAL_NONE;
          break;

        case CW_SIGN_OFF_FOLLOW_UP_NONE:
        default:
          g_set_error_literal (error, CW_SIGN_OFF_ERROR, CW_SIGN_OFF_ERROR_INVALID,
                               _("Choose what happens next: escalate it to the Designated "
                                 "Safeguarding Lead, refer it to another agency, or return it "
                                 "to its author for more information."));
          return FALSE;
        }
    }

  if (agency != CW_REFERRAL_OTHER)
    agency_name = NULL;
  if (agency == CW_REFERRAL_NONE)
    reference = NULL;

  /* What is signed is what is stored, recomputed now. */
  signed_hash = compute_stored_signed_hash (database, row.version_id, &content_matches, error);
  if (signed_hash == NULL)
    return FALSE;
  if (!content_matches)
    {
      g_set_error_literal (error, CW_SIGN_OFF_ERROR, CW_SIGN_OFF_ERROR_CHANGED,
                           _("This note no longer matches what its author finished, so it "
                             "cannot be signed. Tell the Designated Safeguarding Lead."));
      return FALSE;
    }

  /* Step-up before the transaction: a refused password is audited by the session. */
  if (!cw_session_confirm_password (self->session, password, error))
    return FALSE;

  me = cw_session_get_staff_member (self->session);
  role = cw_entry_role_at_the_time (me);
  now = now_unix ();

  if (!cw_database_begin (database, error))
    return FALSE;

  stmt = cw_database_prepare (database,
                              "INSERT INTO sign_off_events (request_id, version_id, entry_id, "
                              "signer_id, signer_name, signer_role, capacity, at, decision, "
                              "follow_up, comment, agency, agency_name, agency_reference, "
                              "signed_hash) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
                              "?14, ?15)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, row.id);
  sqlite3_bind_int64 (stmt, 2, row.version_id);
  sqlite3_bind_int64 (stmt, 3, row.entry_id);
  sqlite3_bind_int64 (stmt, 4, cw_staff_member_get_id (me));
  bind_text (stmt, 5, cw_staff_member_get_display_name (me));
  bind_text (stmt, 6, role);
  bind_text (stmt, 7, capacity == CW_SIGN_OFF_CAPACITY_DSL ? "dsl" : "line-manager");
  sqlite3_bind_int64 (stmt, 8, now);
  bind_text (stmt, 9, decision == CW_SIGN_OFF_DECISION_SIGNED_OFF ? "signed-off" : "disagreed");
  bind_text (stmt, 10, follow_up_ids[follow_up]);
  bind_text (stmt, 11, comment);
  bind_text (stmt, 12, agency == CW_REFERRAL_NONE ? "" : cw_referral_agency_get_id (agency));
  bind_text (stmt, 13, agency_name);
  bind_text (stmt, 14, reference);
  bind_text (stmt, 15, signed_hash);
  if (!cw_database_step_done (database, stmt, error))
    goto fail;
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = cw_database_prepare (database,
                              "UPDATE sign_off_requests SET state = ?1, closed_at = ?2 "
                              "WHERE id = ?3 AND state = ?4", error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, 1, new_state);
  if (strcmp (new_state, "escalated") == 0)
    sqlite3_bind_null (stmt, 2);
  else
    sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, row.id);
  bind_text (stmt, 4, row.state);
  if (!cw_database_step_done (database, stmt, error))
    goto fail;
  if (sqlite3_changes (cw_database_get_handle (database)) != 1)
    {
      g_set_error_literal (error, CW_SIGN_OFF_ERROR, CW_SIGN_OFF_ERROR_NOT_OUTSTANDING,
                           _("A decision on this judgement has already been recorded."));
      goto fail;
    }

  object_id = g_strdup_printf ("%" G_GINT64_FORMAT, row.entry_id);
  detail = version_detail (row.version);
  if (decision == CW_SIGN_OFF_DECISION_SIGNED_OFF)
    {
      if (!cw_session_audit (self->session, "sign-off", "entry", object_id, detail, error))
        goto fail;
    }
  else if (!cw_session_audit (self->session, "sign-off-disagree", "entry", object_id, detail,
                              error) ||
           !cw_session_audit (self->session, follow_up_action, "entry", object_id, detail,
                              error))
    goto fail;

  if (!cw_database_commit (database, error))
    goto fail;

  return TRUE;

fail:
  cw_database_rollback (database);
  return FALSE;
}

/* Helpers: objects from rows */

static CwSignOff *
sign_off_from_row (sqlite3_stmt   *stmt,
                   const ListData *data)
{
  CwSignOff *item = g_object_new (CW_TYPE_SIGN_OFF, NULL);
  g_autoptr(CwChild) child = cw_child_new ();
  g_autoptr(GDateTime) now = NULL;
  CwEntryKind kind;

  item->id = sqlite3_column_int64 (stmt, ITEM_ID);
  item->entry_id = sqlite3_column_int64 (stmt, ITEM_ENTRY_ID);
  item->version_id = sqlite3_column_int64 (stmt, ITEM_VERSION_ID);
  item->version = sqlite3_column_int (stmt, ITEM_VERSION);
  item->child_id = sqlite3_column_int64 (stmt, ITEM_CHILD_ID);

  cw_child_set_given_names (child, column_text (stmt, ITEM_GIVEN_NAMES));
  cw_child_set_family_name (child, column_text (stmt, ITEM_FAMILY_NAME));
  cw_child_set_preferred_name (child, column_text (stmt, ITEM_PREFERRED_NAME));
  item->child_name = cw_child_dup_display_name (child);
  item->case_reference = g_strdup (column_text (stmt, ITEM_CASE_REFERENCE));
  item->summary = g_strdup (column_text (stmt, ITEM_SUMMARY));
  kind = cw_entry_kind_from_id (column_text (stmt, ITEM_KIND));
  item->kind = kind != CW_ENTRY_KIND_LAST ? kind : CW_ENTRY_KIND_OTHER;
  item->author_id = sqlite3_column_int64 (stmt, ITEM_AUTHOR_ID);
  item->author_name = g_strdup (column_text (stmt, ITEM_AUTHOR_NAME));
  item->assigned_to_id = sqlite3_column_int64 (stmt, ITEM_ASSIGNED_TO);
  item->assigned_to_name = g_strdup (column_text (stmt, ITEM_ASSIGNED_TO_NAME));
  item->queued_at = g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt,
                                                                         ITEM_QUEUED_AT));
  item->state = cw_sign_off_state_from_id (column_text (stmt, ITEM_STATE));
  item->last_signer_name = g_strdup (column_text (stmt, ITEM_LAST_SIGNER));
  item->last_comment = g_strdup (column_text (stmt, ITEM_LAST_COMMENT));
  item->last_event_time = cw_entry_column_time (stmt, ITEM_LAST_AT);

  now = data->now != NULL ? g_date_time_ref (data->now) : g_date_time_new_now_utc ();
  item->days_waiting = days_between (item->queued_at, now);

  if (item->state == CW_SIGN_OFF_STATE_AWAITING || item->state == CW_SIGN_OFF_STATE_ESCALATED)
    {
      GDate queued_day, today, due;

      local_day (item->queued_at, &queued_day);
      local_day (now, &today);
      cw_recording_due_date (&queued_day, data->overdue_days, data->working_days, &due);
      item->overdue = g_date_compare (&today, &due) > 0;
    }

  item->state_text = describe_state (item->state, item->days_waiting, item->last_signer_name,
                                     item->last_event_time);

  return item;
}

static CwSignOffEvent *
event_from_row (sqlite3_stmt *stmt)
{
  CwSignOffEvent *event = g_object_new (CW_TYPE_SIGN_OFF_EVENT, NULL);
  CwReferralAgency agency;

  event->id = sqlite3_column_int64 (stmt, 0);
  event->request_id = sqlite3_column_int64 (stmt, 1);
  event->entry_id = sqlite3_column_int64 (stmt, 2);
  event->version_id = sqlite3_column_int64 (stmt, 3);
  event->version = sqlite3_column_int (stmt, 4);
  event->signer_id = sqlite3_column_int64 (stmt, 5);
  event->signer_name = g_strdup (column_text (stmt, 6));
  event->signer_role = g_strdup (column_text (stmt, 7));
  event->capacity = strcmp (column_text (stmt, 8), "dsl") == 0 ? CW_SIGN_OFF_CAPACITY_DSL
                                                               : CW_SIGN_OFF_CAPACITY_LINE_MANAGER;
  event->time = g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt, 9));
  event->decision = strcmp (column_text (stmt, 10), "disagreed") == 0
                    ? CW_SIGN_OFF_DECISION_DISAGREED : CW_SIGN_OFF_DECISION_SIGNED_OFF;
  event->follow_up = follow_up_from_id (column_text (stmt, 11));
  event->comment = g_strdup (column_text (stmt, 12));
  agency = cw_referral_agency_from_id (column_text (stmt, 13));
  event->agency = agency != CW_REFERRAL_LAST ? agency : CW_REFERRAL_NONE;
  event->agency_name = g_strdup (column_text (stmt, 14));
  event->agency_reference = g_strdup (column_text (stmt, 15));
  event->signed_hash = g_strdup (column_text (stmt, 16));

  return event;
}

/* Helpers: lists */

static GListModel *
new_list (CwSignOffRepository *self,
          const char          *where,
          GDateTime           *now)
{
  g_autofree char *select_sql = NULL;
  g_autofree char *count_sql = NULL;
  CwDatabase *database;

  database = cw_entry_database (self->session, NULL);
  if (database == NULL)
    return G_LIST_MODEL (g_list_store_new (CW_TYPE_SIGN_OFF));

  select_sql = g_strconcat ("SELECT " ITEM_COLUMNS ITEM_FROM_BASE ITEM_FROM_EXTRA "WHERE ",
                            where, ORDER_SQL, NULL);
  count_sql = g_strconcat ("SELECT count (*) " ITEM_FROM_BASE "WHERE ", where, NULL);

  return G_LIST_MODEL (cw_sql_list_model_new (database, CW_TYPE_SIGN_OFF, select_sql, count_sql,
                                              list_bind_cb, list_row_cb,
                                              list_data_new (self, now), list_data_free));
}

static gboolean
count_where (CwSignOffRepository *self,
             const char          *where,
             guint               *count_out)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  ListData *data;
  CwDatabase *database;
  int rc;

  *count_out = 0;

  database = cw_entry_database (self->session, NULL);
  if (database == NULL)
    return FALSE;

  sql = g_strconcat ("SELECT count (*) " ITEM_FROM_BASE "WHERE ", where, NULL);
  stmt = cw_database_prepare (database, sql, &error);
  if (stmt == NULL)
    {
      g_debug ("Could not count sign-offs: %s", error->message);
      return FALSE;
    }

  data = list_data_new (self, NULL);
  list_bind_cb (stmt, data);
  list_data_free (data);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      g_debug ("Could not count sign-offs: %s", sqlite3_errstr (rc));
      return FALSE;
    }

  *count_out = (guint) sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/* Callbacks */

static void
list_bind_cb (CwSqlStatement *stmt,
              gpointer        user_data)
{
  ListData *data = user_data;

  bind_named (stmt, ":cw_me", data->me);
  bind_named (stmt, ":cw_see_team", data->see_team ? 1 : 0);
  bind_named (stmt, ":cw_see_all", data->see_all ? 1 : 0);
  bind_named (stmt, ":restricted_ok", data->restricted_ok ? 1 : 0);
  bind_named (stmt, ":may_sign", data->may_sign ? 1 : 0);
  bind_named (stmt, ":dsl", data->dsl ? 1 : 0);
}

static GObject *
list_row_cb (CwSqlStatement *stmt,
             gpointer        user_data)
{
  return G_OBJECT (sign_off_from_row (stmt, user_data));
}

/* Overrides */

static void
cw_sign_off_finalize (GObject *object)
{
  CwSignOff *self = CW_SIGN_OFF (object);

  g_clear_pointer (&self->child_name, g_free);
  g_clear_pointer (&self->case_reference, g_free);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->author_name, g_free);
  g_clear_pointer (&self->assigned_to_name, g_free);
  g_clear_pointer (&self->queued_at, g_date_time_unref);
  g_clear_pointer (&self->state_text, g_free);
  g_clear_pointer (&self->last_signer_name, g_free);
  g_clear_pointer (&self->last_comment, g_free);
  g_clear_pointer (&self->last_event_time, g_date_time_unref);

  G_OBJECT_CLASS (cw_sign_off_parent_class)->finalize (object);
}

static void
cw_sign_off_event_finalize (GObject *object)
{
  CwSignOffEvent *self = CW_SIGN_OFF_EVENT (object);

  g_clear_pointer (&self->signer_name, g_free);
  g_clear_pointer (&self->signer_role, g_free);
  g_clear_pointer (&self->time, g_date_time_unref);
  g_clear_pointer (&self->comment, g_free);
  g_clear_pointer (&self->agency_name, g_free);
  g_clear_pointer (&self->agency_reference, g_free);
  g_clear_pointer (&self->signed_hash, g_free);

  G_OBJECT_CLASS (cw_sign_off_event_parent_class)->finalize (object);
}

static void
cw_sign_off_repository_dispose (GObject *object)
{
  CwSignOffRepository *self = CW_SIGN_OFF_REPOSITORY (object);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (cw_sign_off_repository_parent_class)->dispose (object);
}

static void
cw_sign_off_class_init (CwSignOffClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cw_sign_off_finalize;
}

static void
cw_sign_off_init (CwSignOff *self)
{
}

static void
cw_sign_off_event_class_init (CwSignOffEventClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cw_sign_off_event_finalize;
}

static void
cw_sign_off_event_init (CwSignOffEvent *self)
{
}

static void
cw_sign_off_repository_class_init (CwSignOffRepositoryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cw_sign_off_repository_dispose;
}

static void
cw_sign_off_repository_init (CwSignOffRepository *self)
{
}

/* Public: CwSignOff */

#define SIGN_OFF_GETTER(type, name, fallback) \
  type \
  cw_sign_off_get_##name (CwSignOff *self) \
  { \
    g_return_val_if_fail (CW_IS_SIGN_OFF (self), fallback); \
    return self->name; \
  }

SIGN_OFF_GETTER (gint64, id, 0)
SIGN_OFF_GETTER (gint64, entry_id, 0)
SIGN_OFF_GETTER (gint64, version_id, 0)
SIGN_OFF_GETTER (int, version, 0)
SIGN_OFF_GETTER (gint64, child_id, 0)
SIGN_OFF_GETTER (const char *, child_name, "")
SIGN_OFF_GETTER (const char *, case_reference, "")
SIGN_OFF_GETTER (const char *, summary, "")
SIGN_OFF_GETTER (CwEntryKind, kind, CW_ENTRY_KIND_OTHER)
SIGN_OFF_GETTER (gint64, author_id, 0)
SIGN_OFF_GETTER (const char *, author_name, "")
SIGN_OFF_GETTER (gint64, assigned_to_id, 0)
SIGN_OFF_GETTER (const char *, assigned_to_name, "")
SIGN_OFF_GETTER (GDateTime *, queued_at, NULL)
SIGN_OFF_GETTER (guint, days_waiting, 0)
SIGN_OFF_GETTER (gboolean, overdue, FALSE)
SIGN_OFF_GETTER (CwSignOffState, state, CW_SIGN_OFF_STATE_NONE)
SIGN_OFF_GETTER (const char *, state_text, "")
SIGN_OFF_GETTER (const char *, last_signer_name, "")
SIGN_OFF_GETTER (const char *, last_comment, "")
SIGN_OFF_GETTER (GDateTime *, last_event_time, NULL)

#undef SIGN_OFF_GETTER

/* Public: CwSignOffEvent */

#define EVENT_GETTER(type, name, fallback) \
  type \
  cw_sign_off_event_get_##name (CwSignOffEvent *self) \
  { \
    g_return_val_if_fail (CW_IS_SIGN_OFF_EVENT (self), fallback); \
    return self->name; \
  }

EVENT_GETTER (gint64, id, 0)
EVENT_GETTER (gint64, request_id, 0)
EVENT_GETTER (gint64, entry_id, 0)
EVENT_GETTER (gint64, version_id, 0)
EVENT_GETTER (int, version, 0)
EVENT_GETTER (gint64, signer_id, 0)
EVENT_GETTER (const char *, signer_name, "")
EVENT_GETTER (const char *, signer_role, "")
EVENT_GETTER (CwSignOffCapacity, capacity, CW_SIGN_OFF_CAPACITY_LINE_MANAGER)
EVENT_GETTER (GDateTime *, time, NULL)
EVENT_GETTER (CwSignOffDecision, decision, CW_SIGN_OFF_DECISION_SIGNED_OFF)
EVENT_GETTER (CwSignOffFollowUp, follow_up, CW_SIGN_OFF_FOLLOW_UP_NONE)
EVENT_GETTER (const char *, comment, "")
EVENT_GETTER (CwReferralAgency, agency, CW_REFERRAL_NONE)
EVENT_GETTER (const char *, agency_name, "")
EVENT_GETTER (const char *, agency_reference, "")
EVENT_GETTER (const char *, signed_hash, "")

#undef EVENT_GETTER

/**
 * cw_sign_off_event_describe:
 *
 * Returns: (transfer full): one translated sentence saying who decided
 *   what, in what capacity, on which day.
 */
char *
cw_sign_off_event_describe (CwSignOffEvent *self)
{
  g_autofree char *day = NULL;
  const char *capacity;

  g_return_val_if_fail (CW_IS_SIGN_OFF_EVENT (self), NULL);

  day = format_day (self->time);
  capacity = self->capacity == CW_SIGN_OFF_CAPACITY_DSL
             ? _("Designated Safeguarding Lead") : _("line manager");

  if (self->decision == CW_SIGN_OFF_DECISION_SIGNED_OFF)
    /* TRANSLATORS: "Signed off by Sam Patel (line manager) on 24 Nov 2026" */
    return g_strdup_printf (_("Signed off by %s (%s) on %s"), self->signer_name, capacity, day);

  switch (self->follow_up)
    {
    case CW_SIGN_OFF_FOLLOW_UP_ESCALATE:
      return g_strdup_printf (_("Disagreement recorded by %s (%s) on %s, and escalated to the "
                                "Designated Safeguarding Lead"), self->signer_name, capacity,
                              day);
    case CW_SIGN_OFF_FOLLOW_UP_REFER:
      {
        const char *agency = self->agency == CW_REFERRAL_OTHER && *self->agency_name != '\0'
                             ? self->agency_name : cw_referral_agency_get_title (self->agency);

        return g_strdup_printf (_("Disagreement recorded by %s (%s) on %s, and referred to %s"),
                                self->signer_name, capacity, day, agency);
      }
    case CW_SIGN_OFF_FOLLOW_UP_RETURN:
      return g_strdup_printf (_("Disagreement recorded by %s (%s) on %s, and returned to the "
                                "author for more information"), self->signer_name, capacity,
                              day);
    case CW_SIGN_OFF_FOLLOW_UP_NONE:
    default:
      return g_strdup_printf (_("Disagreement recorded by %s (%s) on %s"), self->signer_name,
                              capacity, day);
    }
}

/* Public: the repository */

CwSignOffRepository *
cw_sign_off_repository_new (CwSession *session)
{
  CwSignOffRepository *self;

  g_return_val_if_fail (CW_IS_SESSION (session), NULL);

  self = g_object_new (CW_TYPE_SIGN_OFF_REPOSITORY, NULL);
  self->session = g_object_ref (session);

  return self;
}

gboolean
cw_sign_off_repository_save_judgement (CwSignOffRepository  *self,
                                       CwEntry              *draft,
                                       CwJudgement          *judgement,
                                       GError              **error)
{
  GError *local_error = NULL;
  CwDatabase *database;

  g_return_val_if_fail (CW_IS_SIGN_OFF_REPOSITORY (self), FALSE);
  g_return_val_if_fail (CW_IS_ENTRY (draft), FALSE);
  g_return_val_if_fail (CW_IS_JUDGEMENT (judgement), FALSE);

  database = cw_entry_database (self->session, error);
  if (database == NULL)
    return FALSE;

  if (!check_my_draft (self, database, draft, error) ||
      !cw_judgement_check_storable (judgement, error))
    return FALSE;

  if (!cw_database_begin (database, error))
    return FALSE;

  if (!write_judgement (database, cw_entry_get_version_id (draft), judgement, &local_error) ||
      !cw_database_commit (database, &local_error))
    {
      cw_database_rollback (database);
      if (g_error_matches (local_error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_REFUSED))
        {
          g_clear_error (&local_error);
          g_set_error_literal (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_FINISHED,
                               _("A finished judgement cannot be changed. Add a correction "
                                 "instead."));
        }
      else
        g_propagate_error (error, local_error);
      return FALSE;
    }

  cw_judgement_set_version_id (judgement, cw_entry_get_version_id (draft));
  return TRUE;
}

CwJudgement *
cw_sign_off_repository_load_judgement (CwSignOffRepository  *self,
                                       gint64                version_id,
                                       GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  CwDatabase *database;
  gint64 entry_id;

  g_return_val_if_fail (CW_IS_SIGN_OFF_REPOSITORY (self), NULL);

  database = cw_entry_database (self->session, error);
  if (database == NULL)
    return NULL;

  stmt = cw_database_prepare (database,
                              "SELECT v.entry_id, v.finished, v.author_id, v.restricted "
                              "FROM entry_versions v WHERE v.id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, version_id);
  if (!cw_entry_step_row (database, stmt, CW_ENTRY_ERROR, CW_ENTRY_ERROR_NOT_FOUND,
                          _("This version of the case note does not exist."),
                          "reading a case note", error))
    return NULL;

  entry_id = sqlite3_column_int64 (stmt, 0);
  if (sqlite3_column_int (stmt, 1) == 0)
    {
      /* A draft is its author's alone. */
      if (sqlite3_column_int64 (stmt, 2) != cw_entry_me (self->session))
        {
          cw_entry_set_not_permitted (error);
          return NULL;
        }
    }
  else
    {
      gboolean version_restricted = sqlite3_column_int (stmt, 3) != 0;

      if (!check_note_readable (self, database, entry_id, error))
        return NULL;
      if (version_restricted && sqlite3_column_int64 (stmt, 2) != cw_entry_me (self->session) &&
          !cw_session_can (self->session, CW_PERMISSION_VIEW_RESTRICTED))
        {
          cw_entry_set_not_permitted (error);
          return NULL;
        }
    }

  return read_judgement (database, version_id, error);
}

gboolean
cw_sign_off_repository_finish_judgement (CwSignOffRepository  *self,
                                         CwEntry              *draft,
                                         CwJudgement          *judgement,
                                         GError              **error)
{
  g_autoptr(CwEntryRepository) entries = NULL;

  g_return_val_if_fail (CW_IS_SIGN_OFF_REPOSITORY (self), FALSE);
  g_return_val_if_fail (CW_IS_ENTRY (draft), FALSE);
  g_return_val_if_fail (CW_IS_JUDGEMENT (judgement), FALSE);

  if (cw_entry_database (self->session, error) == NULL)
    return FALSE;

  if (!cw_entry_kind_has_judgement (cw_entry_get_kind (draft)))
    {
      g_set_error_literal (error, CW_JUDGEMENT_ERROR, CW_JUDGEMENT_ERROR_NOT_JUDGEMENT,
                           _("Only decisions and professional judgements have a judgement "
                             "to sign off."));
      return FALSE;
    }

  if (!cw_judgement_validate (judgement, error) ||
      !cw_sign_off_repository_save_judgement (self, draft, judgement, error))
    return FALSE;

  /* Its transaction writes the note and, by trigger, the sign-off request. */
  entries = cw_entry_repository_new (self->session);
  return cw_entry_repository_finish (entries, draft, error);
}

GListModel *
cw_sign_off_repository_list_waiting_for_me (CwSignOffRepository *self,
                                            GDateTime           *now)
{
  g_return_val_if_fail (CW_IS_SIGN_OFF_REPOSITORY (self), NULL);

  return new_list (self, WAITING_FOR_ME_SQL, now);
}

guint
cw_sign_off_repository_count_waiting_for_me (CwSignOffRepository *self)
{
  guint count = 0;

  g_return_val_if_fail (CW_IS_SIGN_OFF_REPOSITORY (self), 0);

  count_where (self, WAITING_FOR_ME_SQL, &count);
  return count;
}

GListModel *
cw_sign_off_repository_list_outstanding (CwSignOffRepository *self,
                                         GDateTime           *now)
{
  g_return_val_if_fail (CW_IS_SIGN_OFF_REPOSITORY (self), NULL);

  return new_list (self, OUTSTANDING_SQL, now);
}

guint
cw_sign_off_repository_count_outstanding (CwSignOffRepository *self)
{
  guint count = 0;

  g_return_val_if_fail (CW_IS_SIGN_OFF_REPOSITORY (self), 0);

  count_where (self, OUTSTANDING_SQL, &count);
  return count;
}

GListModel *
cw_sign_off_repository_list_returned_to_me (CwSignOffRepository *self,
                                            GDateTime           *now)
{
  g_return_val_if_fail (CW_IS_SIGN_OFF_REPOSITORY (self), NULL);

  return new_list (self, RETURNED_TO_ME_SQL, now);
}

CwSignOff *
cw_sign_off_repository_lookup_for_entry (CwSignOffRepository  *self,
                                         gint64                entry_id,
                                         GDateTime            *now,
                                         GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  ListData *data;
  CwSignOff *item;
  CwDatabase *database;

  g_return_val_if_fail (CW_IS_SIGN_OFF_REPOSITORY (self), NULL);

  database = cw_entry_database (self->session, error);
  if (database == NULL)
    return NULL;

  if (!check_note_readable (self, database, entry_id, error))
    return NULL;

  stmt = cw_database_prepare (database,
                              "SELECT " ITEM_COLUMNS ITEM_FROM_BASE ITEM_FROM_EXTRA
                              "WHERE r.entry_id = ?1 ORDER BY r.id DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, entry_id);
  if (!cw_entry_step_row (database, stmt, CW_SIGN_OFF_ERROR, CW_SIGN_OFF_ERROR_NOT_FOUND,
                          _("This note has not been sent for sign-off."),
                          "reading a sign-off request", error))
    return NULL;

  data = list_data_new (self, now);
  item = sign_off_from_row (stmt, data);
  list_data_free (data);

  return item;
}

gboolean
cw_sign_off_repository_may_sign (CwSignOffRepository  *self,
                                 gint64                request_id,
                                 GError              **error)
{
  g_auto(RequestRow) row = { 0 };
  CwSignOffCapacity capacity;
  CwDatabase *database;

  g_return_val_if_fail (CW_IS_SIGN_OFF_REPOSITORY (self), FALSE);

  database = cw_entry_database (self->session, error);
  if (database == NULL)
    return FALSE;

  return read_request (database, request_id, &row, error) &&
         check_may_sign (self, &row, &capacity, error);
}

gboolean
cw_sign_off_repository_sign_off (CwSignOffRepository  *self,
                                 gint64                request_id,
                                 const char           *comment,
                                 const char           *password,
                                 GError              **error)
{
  g_return_val_if_fail (CW_IS_SIGN_OFF_REPOSITORY (self), FALSE);

  return record_decision (self, request_id, CW_SIGN_OFF_DECISION_SIGNED_OFF, comment,
                          CW_SIGN_OFF_FOLLOW_UP_NONE, CW_REFERRAL_NONE, NULL, NULL, password,
                          error);
}

gboolean
cw_sign_off_repository_record_disagreement (CwSignOffRepository  *self,
                                            gint64                request_id,
                                            const char           *reason,
                                            CwSignOffFollowUp     follow_up,
                                            CwReferralAgency      agency,
                                            const char           *agency_name,
                                            const char           *reference,
                                            const char           *password,
                                            GError              **error)
{
  g_return_val_if_fail (CW_IS_SIGN_OFF_REPOSITORY (self), FALSE);

  return record_decision (self, request_id, CW_SIGN_OFF_DECISION_DISAGREED, reason, follow_up,
                          agency, agency_name, reference, password, error);
}

/**
 * cw_sign_off_repository_list_events:
 *
 * Returns: (transfer container) (element-type CwSignOffEvent): the note's
 *   sign-off history, oldest first; NULL on error.
 */
GPtrArray *
cw_sign_off_repository_list_events (CwSignOffRepository  *self,
                                    gint64                entry_id,
                                    GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) events = NULL;
  CwDatabase *database;
  int rc;

  g_return_val_if_fail (CW_IS_SIGN_OFF_REPOSITORY (self), NULL);

  database = cw_entry_database (self->session, error);
  if (database == NULL)
    return NULL;

  if (!check_note_readable (self, database, entry_id, error))
    return NULL;

  stmt = cw_database_prepare (database,
                              "SELECT ev.id, ev.request_id, ev.entry_id, ev.version_id, "
                              "coalesce (v.version, 0), ev.signer_id, ev.signer_name, "
                              "ev.signer_role, ev.capacity, ev.at, ev.decision, ev.follow_up, "
                              "ev.comment, ev.agency, ev.agency_name, ev.agency_reference, "
                              "ev.signed_hash FROM sign_off_events ev "
                              "LEFT JOIN entry_versions v ON v.id = ev.version_id "
                              "WHERE ev.entry_id = ?1 ORDER BY ev.id", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, entry_id);
  events = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (events, event_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      cw_database_set_error (database, error, rc, "reading the sign-off history");
      return NULL;
    }

  return g_steal_pointer (&events);
}

/* Public: state and verification */

/**
 * cw_sign_off_state_for_entry:
 *
 * Returns: (transfer full): the translated sentence; "" for none.
 */
char *
cw_sign_off_state_for_entry (CwDatabase     *database,
                             gint64          entry_id,
                             GDateTime      *now,
                             CwSignOffState *state_out)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) queued_at = NULL;
  g_autoptr(GDateTime) event_time = NULL;
  g_autoptr(GDateTime) when = NULL;
  CwSignOffState state;

  g_return_val_if_fail (CW_IS_DATABASE (database), NULL);

  if (state_out != NULL)
    *state_out = CW_SIGN_OFF_STATE_NONE;

  stmt = cw_database_prepare (database,
                              "SELECT r.state, r.queued_at, coalesce (ev.signer_name, ''), "
                              "ev.at FROM sign_off_requests r "
                              "LEFT JOIN sign_off_events ev ON ev.id = "
                              "(SELECT max (id) FROM sign_off_events WHERE request_id = r.id) "
                              "WHERE r.entry_id = ?1 ORDER BY r.id DESC LIMIT 1", &error);
  if (stmt == NULL)
    {
      g_debug ("Could not read a sign-off state: %s", error->message);
      return g_strdup ("");
    }

  sqlite3_bind_int64 (stmt, 1, entry_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return g_strdup ("");

  state = cw_sign_off_state_from_id (column_text (stmt, 0));
  queued_at = g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt, 1));
  event_time = cw_entry_column_time (stmt, 3);
  when = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();

  if (state_out != NULL)
    *state_out = state;

  return describe_state (state, days_between (queued_at, when), column_text (stmt, 2),
                         event_time);
}

void
cw_sign_off_verification_free (CwSignOffVerification *v)
{
  if (v == NULL)
    return;

  g_free (v->problem);
  g_free (v);
}

CwSignOffVerification *
cw_sign_off_verify (CwDatabase  *database,
                    GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(CwSignOffVerification) result = NULL;
  int rc;

  g_return_val_if_fail (CW_IS_DATABASE (database), NULL);

  stmt = cw_database_prepare (database,
                              "SELECT ev.id, ev.version_id, ev.entry_id, "
                              "coalesce (v.version, 0), ev.at, ev.decision, ev.signed_hash "
                              "FROM sign_off_events ev "
                              "LEFT JOIN entry_versions v ON v.id = ev.version_id "
                              "ORDER BY ev.id", error);
  if (stmt == NULL)
    return NULL;

  result = g_new0 (CwSignOffVerification, 1);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *hash = NULL;
      gint64 event_id = sqlite3_column_int64 (stmt, 0);
      gint64 version_id = sqlite3_column_int64 (stmt, 1);
      gint64 entry_id = sqlite3_column_int64 (stmt, 2);
      int version = sqlite3_column_int (stmt, 3);

      result->n_events++;

      hash = compute_stored_signed_hash (database, version_id, NULL, &local_error);
      if (hash == NULL && !g_error_matches (local_error, CW_ENTRY_ERROR,
                                            CW_ENTRY_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      if (hash == NULL || g_strcmp0 (hash, column_text (stmt, 6)) != 0)
        {
          g_autoptr(GDateTime) at = g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt,
                                                                                       4));
          g_autofree char *day = format_day (at);
          g_autofree char *entry_text = g_strdup_printf ("%" G_GINT64_FORMAT, entry_id);

          result->first_broken_event = event_id;
          result->entry_id = entry_id;
          result->version = version;
          if (strcmp (column_text (stmt, 5), "disagreed") == 0)
            result->problem =
              /* TRANSLATORS: the day, the case note's number, the version's number */
              g_strdup_printf (_("The judgement disagreed with on %s (case note %s, version %d) "
                                 "has changed since the disagreement was recorded."),
                               day, entry_text, version);
          else
            result->problem =
              /* TRANSLATORS: the day, the case note's number, the version's number */
              g_strdup_printf (_("The judgement signed off on %s (case note %s, version %d) "
                                 "has changed since it was signed."), day, entry_text, version);
          break;
        }
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      cw_database_set_error (database, error, rc, "reading the sign-offs");
      return NULL;
    }

  return g_steal_pointer (&result);
}
