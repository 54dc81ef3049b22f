/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-entry-repository"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "cw-child-repository-private.h"
#include "cw-database-private.h"
#include "cw-entry-repository-private.h"
#include "cw-entry-repository.h"
#include "cw-sql-list-model.h"

/*
 * Case notes in SQL: one `entries` row per note, one `entry_versions` row
 * per version, and the version's actions and body marks. Triggers in
 * 0002-case-records.sql refuse any UPDATE or DELETE of a finished version,
 * its actions and its marks, and any DELETE of an `entries` row; this file
 * never asks for either, and turns a refusal into CW_ENTRY_ERROR_FINISHED.
 */

#define REASON_MAX_CHARS 2000

struct _CwEntryRepository
{
  GObject    parent_instance;

  CwSession *session;
};

G_DEFINE_FINAL_TYPE (CwEntryRepository, cw_entry_repository, G_TYPE_OBJECT)

G_DEFINE_QUARK (cw-entry-error-quark, cw_entry_error)

G_DEFINE_BOXED_TYPE (CwEntryChange, cw_entry_change, cw_entry_change_copy, cw_entry_change_free)

/* The columns of a version as entry_from_row() reads them. */
enum
{
  COL_VERSION_ID,
  COL_ENTRY_ID,
  COL_VERSION,
  COL_FINISHED,
  COL_STARTED_AT,
  COL_FINISHED_AT,
  COL_AUTHOR_ID,
  COL_AUTHOR_NAME,
  COL_AUTHOR_ROLE,
  COL_KIND,
  COL_EVENT_DATE,
  COL_EVENT_TIME,
  COL_EVENT_PRECISION,
  COL_CHILD_SEEN,
  COL_CHILD_SEEN_ALONE,
  COL_CHILD_SPOKEN_TO,
  COL_OUTCOMES,
  COL_SIGNIFICANT,
  COL_RESTRICTED,
  COL_CONTENT_HASH,
  COL_CHILD_ID,
  COL_TEXT_FIRST,
};

/* What the repository needs to know about one `entries` row. */
typedef struct
{
  gint64  id;
  gint64  child_id;
  gint64  author_id;
  char   *state;
  int     current_version;
  char   *event_day;
  gint64  sequence;
  gboolean restricted;
  gint64  removal_requested_by;
} EntryRow;

static void
entry_row_clear (EntryRow *row)
{
  g_clear_pointer (&row->state, g_free);
  g_clear_pointer (&row->event_day, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EntryRow, entry_row_clear)

typedef struct
{
  CwDatabase *database;
  gint64      me;
} ListData;

static void
list_data_free (gpointer data)
{
  ListData *list_data = data;

  g_clear_object (&list_data->database);
  g_free (list_data);
}

/* Helpers: SQL text */

/* "v.summary, v.present, …" for the text fields, optionally without the
 * reason for a correction. */
static void
append_text_columns (GString    *sql,
                     const char *prefix,
                     gboolean    with_amend_reason)
{
  for (guint i = 0; i < CW_ENTRY_FIELD_LAST; i++)
    {
      if (i == CW_ENTRY_FIELD_AMEND_REASON && !with_amend_reason)
        continue;
      g_string_append_printf (sql, ", %s%s", prefix, cw_entry_field_get_column (i));
    }
}

static const char *
version_columns (void)
{
  static gsize once = 0;
  static char *columns = NULL;

  if (g_once_init_enter (&once))
    {
      GString *sql = g_string_new ("v.id, v.entry_id, v.version, v.finished, v.started_at, "
                                   "v.finished_at, v.author_id, v.author_name, v.author_role, "
                                   "v.kind, v.event_date, v.event_time, v.event_precision, "
                                   "v.child_seen, v.child_seen_alone, v.child_spoken_to, "
                                   "v.outcomes, v.significant, v.restricted, v.content_hash, "
                                   "e.child_id");

      append_text_columns (sql, "v.", TRUE);
      columns = g_string_free (sql, FALSE);
      g_once_init_leave (&once, 1);
    }

  return columns;
}

/* Helpers: values */

static gint64
now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static char *
id_text (gint64 id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

/* "100,000". */
static char *
format_count (guint n)
{
  g_autofree char *digits = g_strdup_printf ("%u", n);
  GString *out = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, _(","));
      g_string_append_c (out, digits[i]);
    }

  return g_string_free (out, FALSE);
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           col)
{
  const char *text = (const char *) sqlite3_column_text (stmt, col);

  return text != NULL ? text : "";
}

static void
bind_answer (sqlite3_stmt *stmt,
             int           index,
             CwAnswer      answer)
{
  if (answer == CW_ANSWER_UNSET)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int (stmt, index, answer == CW_ANSWER_YES ? 1 : 0);
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  sqlite3_bind_text (stmt, index, text != NULL ? text : "", -1, SQLITE_TRANSIENT);
}

/* Helpers: session */

static gboolean
require_record (CwEntryRepository  *self,
                GError            **error)
{
  if (cw_entry_database (self->session, error) == NULL)
    return FALSE;

  if (cw_session_can (self->session, CW_PERMISSION_RECORD_CASE_NOTES))
    return TRUE;

  g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED,
                       _("Your roles do not include writing case notes."));
  return FALSE;
}

/* The need-to-know rule for reading one note. */
static gboolean
may_read (CwEntryRepository *self,
          const EntryRow    *row,
          gboolean           version_restricted)
{
  if (!cw_session_may_view_child (self->session, row->child_id))
    return FALSE;

  if (!row->restricted && !version_restricted)
    return TRUE;

  return row->author_id == cw_entry_me (self->session) ||
         cw_session_can (self->session, CW_PERMISSION_VIEW_RESTRICTED);
}

/* The author, or someone who records notes and may read this note. */
static gboolean
may_act_on (CwEntryRepository *self,
            const EntryRow    *row)
{
  if (row->author_id == cw_entry_me (self->session))
    return TRUE;

  return cw_session_can (self->session, CW_PERMISSION_RECORD_CASE_NOTES) &&
         may_read (self, row, FALSE);
}

/* Helpers: errors */

/* A trigger's refusal of a write to a version is the rule that finished
 * notes never change; say so in the entry domain. */
static void
propagate_write_error (GError  **error,
                       GError   *local_error)
{
  /* A professional judgement is finished only with its judgement part
   * (0003-judgements.sql): that refusal is about what is missing. */
  if (g_error_matches (local_error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_REFUSED) &&
      strstr (local_error->message, "judgement part") != NULL)
    {
      g_set_error_literal (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_INVALID,
                           _("A professional judgement is finished together with its "
                             "judgement: the circumstances, the action, the reasons and the "
                             "four tests. Keep this note as a draft until that part is "
                             "recorded."));
      g_error_free (local_error);
      return;
    }

  if (g_error_matches (local_error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_REFUSED))
    {
      g_set_error_literal (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_FINISHED,
                           _("A finished case note cannot be changed. Add a correction "
                             "instead."));
      g_error_free (local_error);
      return;
    }

  g_propagate_error (error, local_error);
}

/* Helpers: validation */

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
      g_set_error (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_INVALID,
                   _("“%s” holds characters that are not readable text. Type it again, "
                     "or paste it again as plain text."), title);
      return FALSE;
    }

  if (g_utf8_strlen (text, -1) > (glong) max_chars)
    {
      g_autofree char *count = format_count (max_chars);

      g_set_error (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_INVALID,
                   _("“%s” is too long: it can hold at most %s characters. Shorten it or "
                     "split it across notes."), title, count);
      return FALSE;
    }

  return TRUE;
}

/* What every save must hold: readable text of a sensible length, marks
 * on the outline. */
static gboolean
validate_storable (CwEntry  *entry,
                   GError  **error)
{
  GPtrArray *actions = cw_entry_get_actions (entry);
  GPtrArray *marks = cw_entry_get_body_marks (entry);

  for (guint i = 0; i < CW_ENTRY_FIELD_LAST; i++)
    if (!check_text (cw_entry_field_get_title (i), cw_entry_get_text (entry, i),
                     CW_ENTRY_TEXT_MAX_CHARS, error))
      return FALSE;

  for (guint i = 0; i < actions->len; i++)
    {
      const CwEntryAction *action = g_ptr_array_index (actions, i);
      g_autofree char *what_title = g_strdup_printf (_("What is to be done (action %u)"), i + 1);
      g_autofree char *who_title = g_strdup_printf (_("Who will do it (action %u)"), i + 1);

      if (!check_text (what_title, action->what, CW_ENTRY_TEXT_MAX_CHARS, error) ||
          !check_text (who_title, action->who, CW_ENTRY_TEXT_MAX_CHARS, error))
        return FALSE;
    }

  for (guint i = 0; i < marks->len; i++)
    {
      const CwBodyMark *mark = g_ptr_array_index (marks, i);
      g_autofree char *site_title = g_strdup_printf (_("Site (body map mark %u)"), i + 1);
      g_autofree char *size_title = g_strdup_printf (_("Size (body map mark %u)"), i + 1);
      g_autofree char *description_title =
        g_strdup_printf (_("Description (body map mark %u)"), i + 1);

      if (!isfinite (mark->x) || !isfinite (mark->y) ||
          mark->x < 0.0 || mark->x > 1.0 || mark->y < 0.0 || mark->y > 1.0 ||
          (mark->side != CW_BODY_FRONT && mark->side != CW_BODY_BACK))
        {
          g_set_error (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_INVALID,
                       _("Mark %u on the body map is outside the outline. Place it again."),
                       i + 1);
          return FALSE;
        }

      if (!check_text (site_title, mark->site, CW_ENTRY_TEXT_MAX_CHARS, error) ||
          !check_text (size_title, mark->size, CW_ENTRY_TEXT_MAX_CHARS, error) ||
          !check_text (description_title, mark->description, CW_ENTRY_TEXT_MAX_CHARS, error))
        return FALSE;
    }

  return TRUE;
}

/* Month precision keeps no day (the first of the month stands for it);
 * only exact precision keeps a time. */
static void
normalise_event (CwEntry *entry)
{
  CwEventPrecision precision = cw_entry_get_event_precision (entry);
  const GDate *date = cw_entry_get_event_date (entry);

  if (precision == CW_EVENT_MONTH && g_date_valid (date) && g_date_get_day (date) != 1)
    {
      GDate first;

      g_date_clear (&first, 1);
      g_date_set_dmy (&first, 1, g_date_get_month (date), g_date_get_year (date));
      cw_entry_set_event_date (entry, &first);
    }

  if (precision != CW_EVENT_EXACT)
    cw_entry_set_event_time (entry, -1, -1);
}

static gboolean
validate_for_finish (CwEntry      *entry,
                     const GDate  *date_of_birth,
                     GError      **error)
{
  const char *summary = cw_entry_get_text (entry, CW_ENTRY_FIELD_SUMMARY);
  CwEventPrecision precision = cw_entry_get_event_precision (entry);
  const GDate *date = cw_entry_get_event_date (entry);
  GPtrArray *actions = cw_entry_get_actions (entry);
  GPtrArray *marks = cw_entry_get_body_marks (entry);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate today, earliest, last_day;

  if (!validate_storable (entry, error))
    return FALSE;

  if (cw_entry_is_blank (summary))
    {
      g_set_error_literal (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_INVALID,
                           _("Write a summary: one line that says what happened."));
      return FALSE;
    }
  if (strchr (summary, '\n') != NULL || strchr (summary, '\r') != NULL)
    {
      g_set_error_literal (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_INVALID,
                           _("The summary must be a single line. Put the detail in the "
                             "fields below it."));
      return FALSE;
    }
  if (g_utf8_strlen (summary, -1) > CW_ENTRY_SUMMARY_MAX_CHARS)
    {
      g_set_error (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_INVALID,
                   _("The summary is too long: it can hold at most %d characters."),
                   CW_ENTRY_SUMMARY_MAX_CHARS);
      return FALSE;
    }

  if (!g_date_valid (date))
    {
      g_set_error_literal (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_INVALID,
                           _("Give the date of the event."));
      return FALSE;
    }

  /* The last day the given date may stand for: a month stands for all its days. */
  last_day = *date;
  if (precision == CW_EVENT_MONTH)
    g_date_set_day (&last_day, g_date_get_days_in_month (g_date_get_month (date),
                                                         g_date_get_year (date)));

  if (g_date_get_year (&last_day) < 1900)
    {
      g_set_error_literal (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_INVALID,
                           _("The event date cannot be before 1900. Check the year."));
      return FALSE;
    }

  if (date_of_birth != NULL && g_date_valid (date_of_birth))
    {
      earliest = *date_of_birth;
      g_date_subtract_years (&earliest, 1);
      if (g_date_compare (&last_day, &earliest) < 0)
        {
          g_set_error_literal (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_INVALID,
                               _("The event date is more than a year before the child was "
                                 "born. Check the date."));
          return FALSE;
        }
    }

  if (precision == CW_EVENT_EXACT && cw_entry_get_event_hour (entry) < 0)
    {
      g_set_error_literal (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_INVALID,
                           _("Give the time of the event, or choose a less exact date."));
      return FALSE;
    }

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  if (g_date_compare (date, &today) > 0)
    {
      g_set_error_literal (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_INVALID,
                           _("The event cannot be in the future."));
      return FALSE;
    }
  if (precision == CW_EVENT_EXACT && g_date_compare (date, &today) == 0)
    {
      int hour = cw_entry_get_event_hour (entry);
      int minute = cw_entry_get_event_minute (entry);
      int now_minutes = g_date_time_get_hour (now) * 60 + g_date_time_get_minute (now);

      if (hour * 60 + minute > now_minutes)
        {
          g_set_error_literal (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_INVALID,
                               _("The event cannot be in the future."));
          return FALSE;
        }
    }

  for (guint i = 0; i < actions->len; i++)
    {
      const CwEntryAction *action = g_ptr_array_index (actions, i);

      if (cw_entry_is_blank (action->what))
        {
          g_set_error (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_INVALID,
                       _("Say what is to be done for action %u, or remove the action."),
                       i + 1);
          return FALSE;
        }
    }

  for (guint i = 0; i < marks->len; i++)
    {
      const CwBodyMark *mark = g_ptr_array_index (marks, i);

      if (cw_entry_is_blank (mark->site))
        {
          g_set_error (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_INVALID,
                       _("Name the site of mark %u on the body map (for example “left "
                         "forearm”)."), i + 1);
          return FALSE;
        }
    }

  if (cw_entry_get_version (entry) > 1 &&
      cw_entry_is_blank (cw_entry_get_text (entry, CW_ENTRY_FIELD_AMEND_REASON)))
    {
      g_set_error_literal (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_INVALID,
                           _("Give the reason for the correction."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_reason (const char  *reason,
              const char  *missing_message,
              GError     **error)
{
  if (reason == NULL || cw_entry_is_blank (reason))
    {
      g_set_error_literal (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_INVALID, missing_message);
      return FALSE;
    }

  return check_text (_("Reason"), reason, REASON_MAX_CHARS, error);
}

/* Helpers: reading */

static gboolean
read_entry_row (CwDatabase  *database,
                gint64       entry_id,
                EntryRow    *row,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = cw_database_prepare (database,
                              "SELECT id, child_id, author_id, state, current_version, "
                              "event_day, sequence, restricted, "
                              "coalesce (removal_requested_by, 0) "
                              "FROM entries WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, entry_id);
  if (!cw_entry_step_row (database, stmt, CW_ENTRY_ERROR, CW_ENTRY_ERROR_NOT_FOUND,
                          _("This case note does not exist."),
                          "reading a case note", error))
    return FALSE;

  row->id = sqlite3_column_int64 (stmt, 0);
  row->child_id = sqlite3_column_int64 (stmt, 1);
  row->author_id = sqlite3_column_int64 (stmt, 2);
  row->state = g_strdup (column_text (stmt, 3));
  row->current_version = sqlite3_column_int (stmt, 4);
  row->event_day = g_strdup (column_text (stmt, 5));
  row->sequence = sqlite3_column_int64 (stmt, 6);
  row->restricted = sqlite3_column_int (stmt, 7) != 0;
  row->removal_requested_by = sqlite3_column_int64 (stmt, 8);

  return TRUE;
}

/* The note @entry_id, not removed, that I may read or, with @to_act, act
 * on. */
static gboolean
read_live_row (CwEntryRepository  *self,
               CwDatabase         *database,
               gint64              entry_id,
               gboolean            to_act,
               EntryRow           *row,
               GError            **error)
{
  if (!read_entry_row (database, entry_id, row, error))
    return FALSE;

  if (to_act ? !may_act_on (self, row) : !may_read (self, row, FALSE))
    {
      cw_entry_set_not_permitted (error);
      return FALSE;
    }

  if (!cw_entry_check_not_removed (row->state, error))
    return FALSE;

  return TRUE;
}

/* Runs @sql on note @entry_id's removal columns and audits @action, in one
 * transaction. @sql's parameters: ?1 me, ?2 now, ?3 @reason, ?4 the note. */
static gboolean
write_removal (CwEntryRepository  *self,
               CwDatabase         *database,
               gint64              entry_id,
               const char         *sql,
               const char         *reason,
               const char         *action,
               GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *object_id = NULL;

  if (!cw_database_begin (database, error))
    return FALSE;

  stmt = cw_database_prepare (database, sql, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, cw_entry_me (self->session));
  sqlite3_bind_int64 (stmt, 2, now_unix ());
  bind_text (stmt, 3, reason);
  sqlite3_bind_int64 (stmt, 4, entry_id);
  if (!cw_database_step_done (database, stmt, error))
    goto fail;

  object_id = id_text (entry_id);
  if (!cw_session_audit (self->session, action, "entry", object_id, NULL, error) ||
      !cw_database_commit (database, error))
    goto fail;

  return TRUE;

fail:
  cw_database_rollback (database);
  return FALSE;
}

/* A CwEntry from a row of version_columns(); no actions or marks yet. */
static CwEntry *
entry_from_row (sqlite3_stmt *stmt)
{
  CwEntry *entry = cw_entry_new ();
  CwEntryKind kind = cw_entry_kind_from_id (column_text (stmt, COL_KIND));
  g_autoptr(GDateTime) started_at = cw_entry_column_time (stmt, COL_STARTED_AT);
  g_autoptr(GDateTime) finished_at = cw_entry_column_time (stmt, COL_FINISHED_AT);
  GDate date;
  int hour, minute;

  cw_entry_set_id (entry, sqlite3_column_int64 (stmt, COL_ENTRY_ID));
  cw_entry_set_version_id (entry, sqlite3_column_int64 (stmt, COL_VERSION_ID));
  cw_entry_set_version (entry, sqlite3_column_int (stmt, COL_VERSION));
  cw_entry_set_child_id (entry, sqlite3_column_int64 (stmt, COL_CHILD_ID));
  cw_entry_set_finished (entry, sqlite3_column_int (stmt, COL_FINISHED) != 0);
  cw_entry_set_author_id (entry, sqlite3_column_int64 (stmt, COL_AUTHOR_ID));
  cw_entry_set_author_name (entry, column_text (stmt, COL_AUTHOR_NAME));
  cw_entry_set_author_role (entry, column_text (stmt, COL_AUTHOR_ROLE));
  cw_entry_set_started_at (entry, started_at);
  cw_entry_set_finished_at (entry, finished_at);
  cw_entry_set_content_hash (entry, column_text (stmt, COL_CONTENT_HASH));

  cw_entry_set_kind (entry, kind != CW_ENTRY_KIND_LAST ? kind : CW_ENTRY_KIND_OTHER);
  cw_entry_parse_iso_date (column_text (stmt, COL_EVENT_DATE), &date);
  cw_entry_set_event_date (entry, &date);
  cw_entry_parse_time (column_text (stmt, COL_EVENT_TIME), &hour, &minute);
  cw_entry_set_event_time (entry, hour, minute);
  cw_entry_set_event_precision (entry,
                                cw_event_precision_from_id (column_text (stmt,
                                                                         COL_EVENT_PRECISION)));
  cw_entry_set_child_seen (entry, cw_entry_column_answer (stmt, COL_CHILD_SEEN));
  cw_entry_set_child_seen_alone (entry, cw_entry_column_answer (stmt, COL_CHILD_SEEN_ALONE));
  cw_entry_set_child_spoken_to (entry, cw_entry_column_answer (stmt, COL_CHILD_SPOKEN_TO));
  cw_entry_set_outcomes (entry, sqlite3_column_int (stmt, COL_OUTCOMES));
  cw_entry_set_significant (entry, sqlite3_column_int (stmt, COL_SIGNIFICANT) != 0);
  cw_entry_set_restricted (entry, sqlite3_column_int (stmt, COL_RESTRICTED) != 0);

  for (guint i = 0; i < CW_ENTRY_FIELD_LAST; i++)
    cw_entry_set_text (entry, i, column_text (stmt, COL_TEXT_FIRST + i));

  return entry;
}

/* One version, with its actions and marks. @where selects it with ?1 and
 * ?2 bound to @a and @b. NULL with NOT_FOUND when there is none. */
static CwEntry *
read_version (CwDatabase  *database,
              const char  *where,
              gint64       a,
              gint64       b,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(CwEntry) entry = NULL;
  g_autofree char *sql = NULL;

  sql = g_strdup_printf ("SELECT %s FROM entry_versions v JOIN entries e ON e.id = v.entry_id "
                         "WHERE %s", version_columns (), where);
  stmt = cw_database_prepare (database, sql, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, a);
  sqlite3_bind_int64 (stmt, 2, b);
  if (!cw_entry_step_row (database, stmt, CW_ENTRY_ERROR, CW_ENTRY_ERROR_NOT_FOUND,
                          _("This version of the case note does not exist."),
                          "reading a case note", error))
    return NULL;

  entry = entry_from_row (stmt);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!cw_entry_read_actions_and_marks (database, entry, cw_entry_get_version_id (entry),
                                        error))
    return NULL;

  return g_steal_pointer (&entry);
}

/* The open draft @draft stands for, which must be mine. */
static gboolean
read_my_draft_row (CwEntryRepository  *self,
                   CwDatabase         *database,
                   CwEntry            *draft,
                   CwEntryDraftRow    *row,
                   GError            **error)
{
  return cw_entry_repository_read_draft_row (database, draft, cw_entry_me (self->session),
                                             _("This note is finished and cannot change. "
                                               "Add a correction instead."),
                                             row, error);
}

static gboolean
read_date_of_birth (CwDatabase  *database,
                    gint64       child_id,
                    GDate       *dob_out,
                    GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_date_clear (dob_out, 1);
  stmt = cw_database_prepare (database,
                              "SELECT date_of_birth FROM children WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, child_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    cw_entry_parse_iso_date ((const char *) sqlite3_column_text (stmt, 0), dob_out);
  else if (rc != SQLITE_DONE)
    {
      cw_database_set_error (database, error, rc, "reading a child's date of birth");
      return FALSE;
    }

  return TRUE;
}

/* Helpers: writing */

/* Writes what the author wrote into an open draft version and replaces
 * its actions and marks. Call inside a transaction. @finishing stores the
 * event as finished notes keep it. */
static gboolean
write_content (CwDatabase  *database,
               gint64       version_id,
               CwEntry     *entry,
               gboolean     finishing,
               gint64       now,
               GError     **error)
{
  g_autoptr(GString) sql = g_string_new ("UPDATE entry_versions SET kind = ?1, "
                                         "event_date = ?2, event_time = ?3, "
                                         "event_precision = ?4, child_seen = ?5, "
                                         "child_seen_alone = ?6, child_spoken_to = ?7, "
                                         "outcomes = ?8, significant = ?9, restricted = ?10, "
                                         "saved_at = ?11");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  GPtrArray *actions = cw_entry_get_actions (entry);
  GPtrArray *marks = cw_entry_get_body_marks (entry);
  CwEventPrecision precision = cw_entry_get_event_precision (entry);
  int hour = cw_entry_get_event_hour (entry);
  int minute = cw_entry_get_event_minute (entry);
  char date_text[16];
  char time_text[8] = "";
  int first_text = 12;
  int id_index = first_text + CW_ENTRY_FIELD_LAST;

  for (guint i = 0; i < CW_ENTRY_FIELD_LAST; i++)
    g_string_append_printf (sql, ", %s = ?%d", cw_entry_field_get_column (i),
                            first_text + (int) i);
  g_string_append_printf (sql, " WHERE id = ?%d AND finished = 0", id_index);

  cw_entry_format_iso_date (cw_entry_get_event_date (entry),
                            finishing && precision == CW_EVENT_MONTH, date_text,
                            sizeof date_text);
  if (hour >= 0 && minute >= 0 && (!finishing || precision == CW_EVENT_EXACT))
    g_snprintf (time_text, sizeof time_text, "%02d:%02d", hour, minute);

  stmt = cw_database_prepare (database, sql->str, error);
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, cw_entry_kind_get_id (cw_entry_get_kind (entry)));
  bind_text (stmt, 2, date_text);
  bind_text (stmt, 3, time_text);
  bind_text (stmt, 4, cw_event_precision_get_id (precision));
  bind_answer (stmt, 5, cw_entry_get_child_seen (entry));
  bind_answer (stmt, 6, cw_entry_get_child_seen_alone (entry));
  bind_answer (stmt, 7, cw_entry_get_child_spoken_to (entry));
  sqlite3_bind_int (stmt, 8, cw_entry_get_outcomes (entry));
  sqlite3_bind_int (stmt, 9, cw_entry_get_significant (entry) ? 1 : 0);
  sqlite3_bind_int (stmt, 10, cw_entry_get_restricted (entry) ? 1 : 0);
  sqlite3_bind_int64 (stmt, 11, now);
  for (guint i = 0; i < CW_ENTRY_FIELD_LAST; i++)
    bind_text (stmt, first_text + (int) i, cw_entry_get_text (entry, i));
  sqlite3_bind_int64 (stmt, id_index, version_id);

  if (!cw_database_step_done (database, stmt, error))
    return FALSE;

  if (sqlite3_changes (cw_database_get_handle (database)) != 1)
    {
      g_set_error_literal (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_FINISHED,
                           _("This note is finished and cannot change. Add a correction "
                             "instead."));
      return FALSE;
    }

  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = cw_database_prepare (database, "DELETE FROM entry_actions WHERE version_id = ?1",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, version_id);
  if (!cw_database_step_done (database, stmt, error))
    return FALSE;

  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = cw_database_prepare (database, "DELETE FROM body_marks WHERE version_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, version_id);
  if (!cw_database_step_done (database, stmt, error))
    return FALSE;

  if (actions->len > 0)
    {
      insert = cw_database_prepare (database,
                                    "INSERT INTO entry_actions (version_id, position, what, "
                                    "who, by_when) VALUES (?1, ?2, ?3, ?4, ?5)", error);
      if (insert == NULL)
        return FALSE;

      for (guint i = 0; i < actions->len; i++)
        {
          const CwEntryAction *action = g_ptr_array_index (actions, i);
          char by_when[16];

          cw_entry_format_iso_date (&action->by_when, FALSE, by_when, sizeof by_when);
          sqlite3_reset (insert);
          sqlite3_bind_int64 (insert, 1, version_id);
          sqlite3_bind_int (insert, 2, (int) i);
          bind_text (insert, 3, action->what);
          bind_text (insert, 4, action->who);
          bind_text (insert, 5, by_when);
          if (!cw_database_step_done (database, insert, error))
            return FALSE;
        }

      g_clear_pointer (&insert, sqlite3_finalize);
    }

  if (marks->len > 0)
    {
      insert = cw_database_prepare (database,
                                    "INSERT INTO body_marks (version_id, position, side, x, y, "
                                    "site, size, description, skin_broken) "
                                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);
      if (insert == NULL)
        return FALSE;

      for (guint i = 0; i < marks->len; i++)
        {
          const CwBodyMark *mark = g_ptr_array_index (marks, i);

          sqlite3_reset (insert);
          sqlite3_bind_int64 (insert, 1, version_id);
          sqlite3_bind_int (insert, 2, (int) i);
          bind_text (insert, 3, mark->side == CW_BODY_BACK ? "back" : "front");
          sqlite3_bind_double (insert, 4, mark->x);
          sqlite3_bind_double (insert, 5, mark->y);
          bind_text (insert, 6, mark->site);
          bind_text (insert, 7, mark->size);
          bind_text (insert, 8, mark->description);
          sqlite3_bind_int (insert, 9, mark->skin_broken ? 1 : 0);
          if (!cw_database_step_done (database, insert, error))
            return FALSE;
        }
    }

  return TRUE;
}

static gboolean
delete_version (CwDatabase  *database,
                gint64       version_id,
                GError     **error)
{
  static const char * const statements[] = {
    "DELETE FROM entry_actions WHERE version_id = ?1",
    "DELETE FROM body_marks WHERE version_id = ?1",
    "DELETE FROM entry_versions WHERE id = ?1 AND finished = 0",
  };

  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      g_autoptr(sqlite3_stmt) stmt = cw_database_prepare (database, statements[i], error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, version_id);
      if (!cw_database_step_done (database, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gint64
next_sequence (CwDatabase  *database,
               gint64       child_id,
               gint64       entry_id,
               const char  *event_day,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = cw_database_prepare (database,
                              "SELECT coalesce (max (sequence), 0) + 1 FROM entries "
                              "WHERE child_id = ?1 AND event_day = ?2 AND id != ?3 "
                              "AND state = 'finished'", error);
  if (stmt == NULL)
    return -1;

  sqlite3_bind_int64 (stmt, 1, child_id);
  bind_text (stmt, 2, event_day);
  sqlite3_bind_int64 (stmt, 3, entry_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      cw_database_set_error (database, error, rc, "ordering a case note");
      return -1;
    }

  return sqlite3_column_int64 (stmt, 0);
}

/* Helpers: deadlines */

static guint
parse_working_days (const char *setting)
{
  g_auto(GStrv) parts = NULL;
  guint mask = 0;

  if (setting != NULL)
    {
      parts = g_strsplit (setting, ",", -1);
      for (guint i = 0; parts[i] != NULL; i++)
        {
          g_autofree char *part = g_strstrip (g_strdup (parts[i]));
          guint64 day = 0;

          if (*part == '\0')
            continue;
          if (!g_ascii_string_to_unsigned (part, 10, 1, 7, &day, NULL))
            return 0x3e;
          mask |= 1u << day;
        }
    }

  /* Monday (1) to Friday (5). */
  return mask != 0 ? mask : 0x3e;
}

static void
due_date_for (CwEntryKind       kind,
              const GDate      *event_day,
              CwEventPrecision  precision,
              gboolean          child_protection_plan,
              guint             urgent_days,
              guint             other_days,
              const char       *working_days,
              GDate            *due_out)
{
  gboolean urgent = cw_entry_kind_is_urgent (kind) ||
                    (kind == CW_ENTRY_KIND_HOME_VISIT && child_protection_plan);
  GDate from = *event_day;

  /* A month stands for all its days: the deadline runs from the last one
   * (as CwPrinciples counts it). */
  if (precision == CW_EVENT_MONTH)
    g_date_set_day (&from, g_date_get_days_in_month (g_date_get_month (&from),
                                                     g_date_get_year (&from)));

  cw_recording_due_date (&from, urgent ? urgent_days : other_days, working_days, due_out);
}

/* Helpers: diff */

static const char *
answer_text (CwAnswer answer)
{
  switch (answer)
    {
    case CW_ANSWER_YES:
      return _("Yes");
    case CW_ANSWER_NO:
      return _("No");
    case CW_ANSWER_UNSET:
    default:
      return _("Not recorded");
    }
}

static char *
describe_event (CwEntry *entry)
{
  return cw_event_format (cw_entry_get_event_date (entry), cw_entry_get_event_hour (entry),
                          cw_entry_get_event_minute (entry),
                          cw_entry_get_event_precision (entry));
}

static char *
describe_action (const CwEntryAction *action)
{
  g_autoptr(GString) text = g_string_new (action->what);

  if (action->who != NULL && *action->who != '\0')
    /* TRANSLATORS: who does an action, after what it is */
    g_string_append_printf (text, _("; by %s"), action->who);

  if (g_date_valid (&action->by_when))
    {
      g_autofree char *when = cw_event_format (&action->by_when, -1, -1, CW_EVENT_DAY);

      /* TRANSLATORS: when an action is due, after what it is */
      g_string_append_printf (text, _("; by %s"), when);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
describe_mark (const CwBodyMark *mark)
{
  g_autoptr(GString) text = g_string_new (mark->side == CW_BODY_BACK ? _("Back") : _("Front"));

  if (mark->site != NULL && *mark->site != '\0')
    g_string_append_printf (text, _(", %s"), mark->site);
  if (mark->size != NULL && *mark->size != '\0')
    g_string_append_printf (text, _(", %s"), mark->size);
  if (mark->description != NULL && *mark->description != '\0')
    g_string_append_printf (text, _(", %s"), mark->description);
  g_string_append (text, mark->skin_broken ? _(", skin broken") : _(", skin not broken"));
  /* TRANSLATORS: where a mark is on the outline, in per cent across and down */
  g_string_append_printf (text, _(", at %.0f%% across and %.0f%% down"),
                          mark->x * 100.0, mark->y * 100.0);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
marks_equal (const CwBodyMark *a,
             const CwBodyMark *b)
{
  return a->side == b->side && a->x == b->x && a->y == b->y &&
         g_strcmp0 (a->site, b->site) == 0 && g_strcmp0 (a->size, b->size) == 0 &&
         g_strcmp0 (a->description, b->description) == 0 &&
         !a->skin_broken == !b->skin_broken;
}

static gboolean
actions_equal (const CwEntryAction *a,
               const CwEntryAction *b)
{
  gboolean a_valid = g_date_valid (&a->by_when);
  gboolean b_valid = g_date_valid (&b->by_when);

  return g_strcmp0 (a->what, b->what) == 0 && g_strcmp0 (a->who, b->who) == 0 &&
         a_valid == b_valid && (!a_valid || g_date_compare (&a->by_when, &b->by_when) == 0);
}

static void
add_change (GPtrArray  *changes,
            const char *what,
            const char *before,
            const char *after)
{
  g_ptr_array_add (changes, cw_entry_change_new (what, before, after));
}

/* Callbacks */

static void
list_bind_cb (CwSqlStatement *stmt,
              gpointer        user_data)
{
  ListData *data = user_data;

  sqlite3_bind_int64 (stmt, 1, data->me);
}

static GObject *
list_row_cb (CwSqlStatement *stmt,
             gpointer        user_data)
{
  ListData *data = user_data;
  g_autoptr(CwEntry) entry = entry_from_row (stmt);
  g_autoptr(GError) error = NULL;

  if (!cw_entry_read_actions_and_marks (data->database, entry, cw_entry_get_version_id (entry),
                                        &error))
    g_debug ("Could not read a draft's actions and marks: %s", error->message);

  return G_OBJECT (g_steal_pointer (&entry));
}

static int
compare_event_dates_cb (gconstpointer a,
                        gconstpointer b)
{
  CwEntry *entry_a = *(CwEntry **) a;
  CwEntry *entry_b = *(CwEntry **) b;
  int cmp = g_date_compare (cw_entry_get_event_date (entry_a),
                            cw_entry_get_event_date (entry_b));

  if (cmp != 0)
    return cmp;

  return cw_entry_get_id (entry_a) < cw_entry_get_id (entry_b) ? -1 : 1;
}

/* Overrides */

static void
cw_entry_repository_dispose (GObject *object)
{
  CwEntryRepository *self = CW_ENTRY_REPOSITORY (object);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (cw_entry_repository_parent_class)->dispose (object);
}

static void
cw_entry_repository_class_init (CwEntryRepositoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cw_entry_repository_dispose;
}

static void
cw_entry_repository_init (CwEntryRepository *self)
{
}

/* Public: changes */

CwEntryChange *
cw_entry_change_new (const char *what,
                     const char *before,
                     const char *after)
{
  CwEntryChange *change = g_new0 (CwEntryChange, 1);

  change->what = g_strdup (what != NULL ? what : "");
  change->before = g_strdup (before != NULL ? before : "");
  change->after = g_strdup (after != NULL ? after : "");

  return change;
}

CwEntryChange *
cw_entry_change_copy (const CwEntryChange *change)
{
  g_return_val_if_fail (change != NULL, NULL);

  return cw_entry_change_new (change->what, change->before, change->after);
}

void
cw_entry_change_free (CwEntryChange *change)
{
  if (change == NULL)
    return;

  g_free (change->what);
  g_free (change->before);
  g_free (change->after);
  g_free (change);
}

/**
 * cw_entry_diff:
 * @older: a version
 * @newer: a later version of the same note
 *
 * Returns: (transfer container) (element-type CwEntryChange): what differs,
 *   in the editor's order.
 */
GPtrArray *
cw_entry_diff (CwEntry *older,
               CwEntry *newer)
{
  g_autoptr(GPtrArray) changes = NULL;
  g_autofree char *event_before = NULL;
  g_autofree char *event_after = NULL;
  GPtrArray *actions_before, *actions_after, *marks_before, *marks_after;
  static const struct
  {
    CwAnswer (*get) (CwEntry *);
    const char *title;
  } answers[] = {
    { cw_entry_get_child_seen, N_("Child seen") },
    { cw_entry_get_child_seen_alone, N_("Child seen alone") },
    { cw_entry_get_child_spoken_to, N_("Child spoken to") },
  };

  g_return_val_if_fail (CW_IS_ENTRY (older), NULL);
  g_return_val_if_fail (CW_IS_ENTRY (newer), NULL);

  changes = g_ptr_array_new_with_free_func ((GDestroyNotify) cw_entry_change_free);

  if (cw_entry_get_kind (older) != cw_entry_get_kind (newer))
    add_change (changes, _("Kind of note"), cw_entry_kind_get_title (cw_entry_get_kind (older)),
                cw_entry_kind_get_title (cw_entry_get_kind (newer)));

  event_before = describe_event (older);
  event_after = describe_event (newer);
  if (strcmp (event_before, event_after) != 0 ||
      cw_entry_get_event_precision (older) != cw_entry_get_event_precision (newer) ||
      (g_date_valid (cw_entry_get_event_date (older)) &&
       g_date_valid (cw_entry_get_event_date (newer)) &&
       g_date_compare (cw_entry_get_event_date (older), cw_entry_get_event_date (newer)) != 0))
    add_change (changes, _("When it happened"), event_before, event_after);

  for (guint i = 0; i < CW_ENTRY_FIELD_LAST; i++)
    {
      if (i == CW_ENTRY_FIELD_AMEND_REASON)
        continue;
      if (strcmp (cw_entry_get_text (older, i), cw_entry_get_text (newer, i)) != 0)
        add_change (changes, cw_entry_field_get_title (i), cw_entry_get_text (older, i),
                    cw_entry_get_text (newer, i));
    }

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      CwAnswer before = answers[i].get (older);
      CwAnswer after = answers[i].get (newer);

      if (before != after)
        add_change (changes, _(answers[i].title), answer_text (before), answer_text (after));
    }

  for (CwOutcomes outcome = CW_OUTCOME_STAY_SAFE; outcome <= CW_OUTCOME_ECONOMIC_WELLBEING;
       outcome <<= 1)
    {
      gboolean before = (cw_entry_get_outcomes (older) & outcome) != 0;
      gboolean after = (cw_entry_get_outcomes (newer) & outcome) != 0;

      if (before != after)
        {
          g_autofree char *what = g_strdup_printf (_("Outcome: %s"),
                                                   cw_outcome_get_title (outcome));

          add_change (changes, what, before ? _("Yes") : _("No"), after ? _("Yes") : _("No"));
        }
    }

  if (!cw_entry_get_significant (older) != !cw_entry_get_significant (newer))
    add_change (changes, _("Significant event"),
                cw_entry_get_significant (older) ? _("Yes") : _("No"),
                cw_entry_get_significant (newer) ? _("Yes") : _("No"));

  if (!cw_entry_get_restricted (older) != !cw_entry_get_restricted (newer))
    add_change (changes, _("Restricted"),
                cw_entry_get_restricted (older) ? _("Yes") : _("No"),
                cw_entry_get_restricted (newer) ? _("Yes") : _("No"));

  actions_before = cw_entry_get_actions (older);
  actions_after = cw_entry_get_actions (newer);
  for (guint i = 0; i < MAX (actions_before->len, actions_after->len); i++)
    {
      const CwEntryAction *a = i < actions_before->len ? g_ptr_array_index (actions_before, i)
                                                        : NULL;
      const CwEntryAction *b = i < actions_after->len ? g_ptr_array_index (actions_after, i)
                                                       : NULL;
      g_autofree char *what = NULL;
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;

      if (a != NULL && b != NULL && actions_equal (a, b))
        continue;

      what = g_strdup_printf (_("Action %u"), i + 1);
      before = a != NULL ? describe_action (a) : g_strdup ("");
      after = b != NULL ? describe_action (b) : g_strdup ("");
      add_change (changes, what, before, after);
    }

  marks_before = cw_entry_get_body_marks (older);
  marks_after = cw_entry_get_body_marks (newer);
  for (guint i = 0; i < MAX (marks_before->len, marks_after->len); i++)
    {
      const CwBodyMark *a = i < marks_before->len ? g_ptr_array_index (marks_before, i) : NULL;
      const CwBodyMark *b = i < marks_after->len ? g_ptr_array_index (marks_after, i) : NULL;
      g_autofree char *what = NULL;
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;

      if (a != NULL && b != NULL && marks_equal (a, b))
        continue;

      what = g_strdup_printf (_("Body map mark %u"), i + 1);
      before = a != NULL ? describe_mark (a) : g_strdup ("");
      after = b != NULL ? describe_mark (b) : g_strdup ("");
      add_change (changes, what, before, after);
    }

  return g_steal_pointer (&changes);
}

/* Public: deadlines */

void
cw_recording_due_date (const GDate *event_day,
                       guint        n_working_days,
                       const char  *working_days_setting,
                       GDate       *due_out)
{
  guint mask;
  GDate day;

  g_return_if_fail (event_day != NULL && g_date_valid (event_day));
  g_return_if_fail (due_out != NULL);

  mask = parse_working_days (working_days_setting);
  day = *event_day;

  for (guint counted = 0; counted < n_working_days;)
    {
      g_date_add_days (&day, 1);
      if ((mask & (1u << g_date_get_weekday (&day))) != 0)
        counted++;
    }

  *due_out = day;
}

/* Public: the repository */

CwEntryRepository *
cw_entry_repository_new (CwSession *session)
{
  CwEntryRepository *self;

  g_return_val_if_fail (CW_IS_SESSION (session), NULL);

  self = g_object_new (CW_TYPE_ENTRY_REPOSITORY, NULL);
  self->session = g_object_ref (session);

  return self;
}

CwEntry *
cw_entry_repository_create_draft (CwEntryRepository  *self,
                                  gint64              child_id,
                                  CwEntryKind         kind,
                                  GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(CwEntry) entry = NULL;
  g_autoptr(GDateTime) started = NULL;
  g_autofree char *role = NULL;
  g_autofree char *object_id = NULL;
  CwStaffMember *me;
  CwDatabase *database;
  GDate today;
  char today_text[16];
  gint64 now, entry_id, version_id;

  g_return_val_if_fail (CW_IS_ENTRY_REPOSITORY (self), NULL);
  g_return_val_if_fail ((guint) kind < CW_ENTRY_KIND_LAST, NULL);

  if (!require_record (self, error))
    return NULL;
  database = cw_entry_database (self->session, error);

  if (!cw_session_may_view_child (self->session, child_id))
    {
      cw_entry_set_not_permitted (error);
      return NULL;
    }

  me = cw_session_get_staff_member (self->session);
  role = cw_entry_role_at_the_time (me);
  now = now_unix ();
  g_date_clear (&today, 1);
  g_date_set_time_t (&today, (time_t) now);
  cw_entry_format_iso_date (&today, FALSE, today_text, sizeof today_text);

  if (!cw_database_begin (database, error))
    return NULL;

  stmt = cw_database_prepare (database,
                              "INSERT INTO entries (child_id, author_id, created_at, state, kind) "
                              "VALUES (?1, ?2, ?3, 'draft', ?4)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, child_id);
  sqlite3_bind_int64 (stmt, 2, cw_staff_member_get_id (me));
  sqlite3_bind_int64 (stmt, 3, now);
  bind_text (stmt, 4, cw_entry_kind_get_id (kind));
  if (!cw_database_step_done (database, stmt, error))
    goto fail;
  entry_id = cw_database_last_insert_rowid (database);

  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = cw_database_prepare (database,
                              "INSERT INTO entry_versions (entry_id, version, finished, "
                              "started_at, saved_at, author_id, author_name, author_role, kind, "
                              "event_date, event_precision) "
                              "VALUES (?1, 1, 0, ?2, ?2, ?3, ?4, ?5, ?6, ?7, 'day')", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, entry_id);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, cw_staff_member_get_id (me));
  bind_text (stmt, 4, cw_staff_member_get_display_name (me));
  bind_text (stmt, 5, role);
  bind_text (stmt, 6, cw_entry_kind_get_id (kind));
  bind_text (stmt, 7, today_text);
  if (!cw_database_step_done (database, stmt, error))
    goto fail;
  version_id = cw_database_last_insert_rowid (database);

  object_id = id_text (entry_id);
  if (!cw_session_audit (self->session, "create", "entry", object_id, NULL, error) ||
      !cw_database_commit (database, error))
    goto fail;

  started = g_date_time_new_from_unix_utc (now);
  entry = cw_entry_new ();
  cw_entry_set_id (entry, entry_id);
  cw_entry_set_version_id (entry, version_id);
  cw_entry_set_version (entry, 1);
  cw_entry_set_child_id (entry, child_id);
  cw_entry_set_author_id (entry, cw_staff_member_get_id (me));
  cw_entry_set_author_name (entry, cw_staff_member_get_display_name (me));
  cw_entry_set_author_role (entry, role);
  cw_entry_set_started_at (entry, started);
  cw_entry_set_kind (entry, kind);
  cw_entry_set_event_date (entry, &today);
  cw_entry_set_event_precision (entry, CW_EVENT_DAY);

  return g_steal_pointer (&entry);

fail:
  cw_database_rollback (database);
  return NULL;
}

gboolean
cw_entry_repository_save_draft (CwEntryRepository  *self,
                                CwEntry            *draft,
                                GError            **error)
{
  g_auto(CwEntryDraftRow) row = { 0 };
  GError *local_error = NULL;
  CwDatabase *database;

  g_return_val_if_fail (CW_IS_ENTRY_REPOSITORY (self), FALSE);
  g_return_val_if_fail (CW_IS_ENTRY (draft), FALSE);

  if (!require_record (self, error))
    return FALSE;
  database = cw_entry_database (self->session, error);

  if (!read_my_draft_row (self, database, draft, &row, error))
    return FALSE;

  if (!validate_storable (draft, error))
    return FALSE;

  if (!cw_database_begin (database, error))
    return FALSE;

  if (!write_content (database, row.version_id, draft, FALSE, now_unix (), &local_error) ||
      !cw_database_commit (database, &local_error))
    {
      cw_database_rollback (database);
      propagate_write_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}

gboolean
cw_entry_repository_finish (CwEntryRepository  *self,
                            CwEntry            *draft,
                            GError            **error)
{
  g_auto(CwEntryDraftRow) row = { 0 };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GDateTime) finished_at = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *object_id = NULL;
  g_autofree char *detail = NULL;
  GError *local_error = NULL;
  CwDatabase *database;
  GDate date_of_birth;
  GDate day;
  char event_day[16];
  char event_time[8] = "";
  gint64 now, sequence;

  g_return_val_if_fail (CW_IS_ENTRY_REPOSITORY (self), FALSE);
  g_return_val_if_fail (CW_IS_ENTRY (draft), FALSE);

  if (!require_record (self, error))
    return FALSE;
  database = cw_entry_database (self->session, error);

  if (!read_my_draft_row (self, database, draft, &row, error))
    return FALSE;

  if (row.version > 1 && strcmp (row.state, "finished") != 0)
    {
      g_set_error_literal (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_NOT_FOUND,
                           _("This note has been removed."));
      return FALSE;
    }

  /* The version number decides whether a reason is needed: trust the database. */
  cw_entry_set_version (draft, row.version);

  if (!read_date_of_birth (database, row.child_id, &date_of_birth, error))
    return FALSE;

  /* Judge the note as it will be stored, but change @draft only once it passes. */
  {
    g_autoptr(CwEntry) stored = cw_entry_copy (draft);

    normalise_event (stored);
    if (!validate_for_finish (stored, &date_of_birth, error))
      return FALSE;
  }

  normalise_event (draft);
  hash = cw_entry_compute_content_hash (draft);
  now = now_unix ();

  day = *cw_entry_get_event_date (draft);
  cw_entry_format_iso_date (&day, FALSE, event_day, sizeof event_day);
  if (cw_entry_get_event_precision (draft) == CW_EVENT_EXACT)
    g_snprintf (event_time, sizeof event_time, "%02d:%02d",
                cw_entry_get_event_hour (draft), cw_entry_get_event_minute (draft));

  if (!cw_database_begin (database, error))
    return FALSE;

  if (!write_content (database, row.version_id, draft, TRUE, now, &local_error))
    goto fail;

  stmt = cw_database_prepare (database,
                              "UPDATE entry_versions SET finished = 1, finished_at = ?1, "
                              "content_hash = ?2 WHERE id = ?3 AND finished = 0", &local_error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, now);
  bind_text (stmt, 2, hash);
  sqlite3_bind_int64 (stmt, 3, row.version_id);
  if (!cw_database_step_done (database, stmt, &local_error))
    goto fail;

  /* A correction that keeps the day keeps its place among the day's events. */
  if (row.version > 1 && row.sequence > 0 && g_strcmp0 (row.event_day, event_day) == 0)
    sequence = row.sequence;
  else
    {
      sequence = next_sequence (database, row.child_id, row.entry_id, event_day, &local_error);
      if (sequence < 0)
        goto fail;
    }

  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = cw_database_prepare (database,
                              "UPDATE entries SET state = 'finished', current_version = ?1, "
                              "event_day = ?2, event_time = ?3, sequence = ?4, kind = ?5, "
                              "significant = ?6, restricted = ?7, "
                              "finished_at = coalesce (finished_at, ?8) WHERE id = ?9",
                              &local_error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int (stmt, 1, row.version);
  bind_text (stmt, 2, event_day);
  bind_text (stmt, 3, event_time);
  sqlite3_bind_int64 (stmt, 4, sequence);
  bind_text (stmt, 5, cw_entry_kind_get_id (cw_entry_get_kind (draft)));
  sqlite3_bind_int (stmt, 6, cw_entry_get_significant (draft) ? 1 : 0);
  sqlite3_bind_int (stmt, 7, cw_entry_get_restricted (draft) ? 1 : 0);
  sqlite3_bind_int64 (stmt, 8, now);
  sqlite3_bind_int64 (stmt, 9, row.entry_id);
  if (!cw_database_step_done (database, stmt, &local_error))
    goto fail;

  object_id = id_text (row.entry_id);
  if (row.version > 1)
    detail = g_strdup_printf ("%d", row.version);
  if (!cw_session_audit (self->session, row.version > 1 ? "amend" : "finalise", "entry",
                         object_id, detail, &local_error) ||
      !cw_database_commit (database, &local_error))
    goto fail;

  finished_at = g_date_time_new_from_unix_utc (now);
  cw_entry_set_finished_at (draft, finished_at);
  cw_entry_set_content_hash (draft, hash);
  cw_entry_set_finished (draft, TRUE);

  return TRUE;

fail:
  cw_database_rollback (database);
  propagate_write_error (error, local_error);
  return FALSE;
}

CwEntry *
cw_entry_repository_start_amendment (CwEntryRepository  *self,
                                     gint64              entry_id,
                                     const char         *reason,
                                     GError            **error)
{
  g_auto(EntryRow) row = { 0 };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) sql = NULL;
  g_autofree char *role = NULL;
  g_autofree char *content_columns = NULL;
  CwStaffMember *me;
  CwDatabase *database;
  gint64 now, version_id, current_version_id;
  int rc, version;

  g_return_val_if_fail (CW_IS_ENTRY_REPOSITORY (self), NULL);

  database = cw_entry_database (self->session, error);
  if (database == NULL)
    return NULL;

  if (!read_live_row (self, database, entry_id, TRUE, &row, error))
    return NULL;
  if (strcmp (row.state, "finished") != 0 || row.current_version < 1)
    {
      g_set_error_literal (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_INVALID,
                           _("This note is still a draft: change the draft itself."));
      return NULL;
    }

  if (!check_reason (reason, _("Give the reason for the correction."), error))
    return NULL;

  stmt = cw_database_prepare (database,
                              "SELECT (SELECT count (*) FROM entry_versions "
                              "        WHERE entry_id = ?1 AND finished = 0), "
                              "(SELECT max (version) FROM entry_versions WHERE entry_id = ?1), "
                              "(SELECT id FROM entry_versions WHERE entry_id = ?1 "
                              "        AND version = ?2 AND finished = 1)", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, entry_id);
  sqlite3_bind_int (stmt, 2, row.current_version);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      cw_database_set_error (database, error, rc, "reading a case note");
      return NULL;
    }
  if (sqlite3_column_int (stmt, 0) > 0)
    {
      g_set_error_literal (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_INVALID,
                           _("A correction of this note is already being written. Finish or "
                             "discard it first."));
      return NULL;
    }
  version = sqlite3_column_int (stmt, 1) + 1;
  current_version_id = sqlite3_column_int64 (stmt, 2);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (current_version_id == 0)
    {
      g_set_error_literal (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_NOT_FOUND,
                           _("This version of the case note does not exist."));
      return NULL;
    }

  me = cw_session_get_staff_member (self->session);
  role = cw_entry_role_at_the_time (me);
  now = now_unix ();

  sql = g_string_new ("kind, event_date, event_time, event_precision, child_seen, "
                      "child_seen_alone, child_spoken_to, outcomes, significant, restricted");
  append_text_columns (sql, "", FALSE);
  content_columns = g_string_free (g_steal_pointer (&sql), FALSE);

  sql = g_string_new (NULL);
  g_string_printf (sql,
                   "INSERT INTO entry_versions (entry_id, version, finished, started_at, "
                   "saved_at, author_id, author_name, author_role, amend_reason, %s) "
                   "SELECT ?1, ?2, 0, ?3, ?3, ?4, ?5, ?6, ?7, %s FROM entry_versions "
                   "WHERE id = ?8", content_columns, content_columns);

  if (!cw_database_begin (database, error))
    return NULL;

  stmt = cw_database_prepare (database, sql->str, error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, entry_id);
  sqlite3_bind_int (stmt, 2, version);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_int64 (stmt, 4, cw_staff_member_get_id (me));
  bind_text (stmt, 5, cw_staff_member_get_display_name (me));
  bind_text (stmt, 6, role);
  bind_text (stmt, 7, reason);
  sqlite3_bind_int64 (stmt, 8, current_version_id);
  if (!cw_database_step_done (database, stmt, error))
    goto fail;
  version_id = cw_database_last_insert_rowid (database);

  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = cw_database_prepare (database,
                              "INSERT INTO entry_actions (version_id, position, what, who, "
                              "by_when) SELECT ?1, position, what, who, by_when "
                              "FROM entry_actions WHERE version_id = ?2", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, version_id);
  sqlite3_bind_int64 (stmt, 2, current_version_id);
  if (!cw_database_step_done (database, stmt, error))
    goto fail;

  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = cw_database_prepare (database,
                              "INSERT INTO body_marks (version_id, position, side, x, y, site, "
                              "size, description, skin_broken) SELECT ?1, position, side, x, y, "
                              "site, size, description, skin_broken FROM body_marks "
                              "WHERE version_id = ?2", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, version_id);
  sqlite3_bind_int64 (stmt, 2, current_version_id);
  if (!cw_database_step_done (database, stmt, error))
    goto fail;
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!cw_database_commit (database, error))
    goto fail;

  return read_version (database, "v.id = ?1 AND ?2 = ?2", version_id, 0, error);

fail:
  cw_database_rollback (database);
  return NULL;
}

gboolean
cw_entry_repository_discard_draft (CwEntryRepository  *self,
                                   CwEntry            *draft,
                                   GError            **error)
{
  g_auto(CwEntryDraftRow) row = { 0 };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *object_id = NULL;
  GError *local_error = NULL;
  CwDatabase *database;

  g_return_val_if_fail (CW_IS_ENTRY_REPOSITORY (self), FALSE);
  g_return_val_if_fail (CW_IS_ENTRY (draft), FALSE);

  database = cw_entry_database (self->session, error);
  if (database == NULL)
    return FALSE;

  if (!read_my_draft_row (self, database, draft, &row, error))
    return FALSE;

  if (!cw_database_begin (database, error))
    return FALSE;

  if (!delete_version (database, row.version_id, &local_error))
    goto fail;

  if (row.version == 1)
    {
      stmt = cw_database_prepare (database,
                                  "UPDATE entries SET state = 'removed', removed_by = ?1, "
                                  "removed_at = ?2 WHERE id = ?3 AND state = 'draft'",
                                  &local_error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, cw_entry_me (self->session));
      sqlite3_bind_int64 (stmt, 2, now_unix ());
      sqlite3_bind_int64 (stmt, 3, row.entry_id);
      if (!cw_database_step_done (database, stmt, &local_error))
        goto fail;

      object_id = id_text (row.entry_id);
      if (!cw_session_audit (self->session, "discard", "entry", object_id, NULL, &local_error))
        goto fail;
    }

  if (!cw_database_commit (database, &local_error))
    goto fail;

  return TRUE;

fail:
  cw_database_rollback (database);
  propagate_write_error (error, local_error);
  return FALSE;
}

CwEntry *
cw_entry_repository_load (CwEntryRepository  *self,
                          gint64              entry_id,
                          int                 version,
                          GError            **error)
{
  g_auto(EntryRow) row = { 0 };
  g_autoptr(CwEntry) entry = NULL;
  g_autofree char *object_id = NULL;
  g_autofree char *detail = NULL;
  CwDatabase *database;

  g_return_val_if_fail (CW_IS_ENTRY_REPOSITORY (self), NULL);

  database = cw_entry_database (self->session, error);
  if (database == NULL)
    return NULL;

  if (!read_live_row (self, database, entry_id, FALSE, &row, error))
    return NULL;

  if (version <= 0 && row.current_version == 0)
    {
      /* Never finished: the draft, for its author only. */
      if (row.author_id != cw_entry_me (self->session))
        {
          g_set_error_literal (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_NOT_FOUND,
                               _("This note has not been finished yet."));
          return NULL;
        }
      entry = read_version (database, "v.entry_id = ?1 AND v.version = ?2", entry_id, 1, error);
    }
  else
    {
      if (version <= 0)
        version = row.current_version;
      entry = read_version (database,
                            "v.entry_id = ?1 AND v.version = ?2 AND v.finished = 1",
                            entry_id, version, error);
    }

  if (entry == NULL)
    return NULL;

  if (!may_read (self, &row, cw_entry_get_restricted (entry)))
    {
      cw_entry_set_not_permitted (error);
      return NULL;
    }

  object_id = id_text (entry_id);
  detail = g_strdup_printf ("version %d", cw_entry_get_version (entry));
  if (!cw_session_audit (self->session, "view", "entry", object_id, detail, error))
    return NULL;

  return g_steal_pointer (&entry);
}

CwEntry *
cw_entry_repository_load_draft (CwEntryRepository  *self,
                                gint64              entry_id,
                                GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  CwDatabase *database;
  CwEntry *entry;

  g_return_val_if_fail (CW_IS_ENTRY_REPOSITORY (self), NULL);

  database = cw_entry_database (self->session, error);
  if (database == NULL)
    return NULL;

  entry = read_version (database,
                        "v.entry_id = ?1 AND v.author_id = ?2 AND v.finished = 0 "
                        "AND e.state != 'removed'",
                        entry_id, cw_entry_me (self->session), &local_error);
  if (entry != NULL)
    return entry;

  if (g_error_matches (local_error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_NOT_FOUND))
    g_set_error_literal (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_NOT_FOUND,
                         _("You have no draft of this note."));
  else
    g_propagate_error (error, g_steal_pointer (&local_error));

  return NULL;
}

GPtrArray *
cw_entry_repository_list_versions (CwEntryRepository  *self,
                                   gint64              entry_id,
                                   GError            **error)
{
  g_auto(EntryRow) row = { 0 };
  g_autoptr(GPtrArray) versions = NULL;
  g_autofree char *object_id = NULL;
  CwDatabase *database;

  g_return_val_if_fail (CW_IS_ENTRY_REPOSITORY (self), NULL);

  database = cw_entry_database (self->session, error);
  if (database == NULL)
    return NULL;

  if (!read_live_row (self, database, entry_id, FALSE, &row, error))
    return NULL;

  versions = g_ptr_array_new_with_free_func (g_object_unref);
  for (int version = 1; version <= row.current_version; version++)
    {
      g_autoptr(GError) local_error = NULL;
      CwEntry *entry = read_version (database,
                                     "v.entry_id = ?1 AND v.version = ?2 AND v.finished = 1",
                                     entry_id, version, &local_error);

      if (entry == NULL)
        {
          /* Discarded corrections leave no version behind. */
          if (g_error_matches (local_error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_NOT_FOUND))
            continue;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      if (!may_read (self, &row, cw_entry_get_restricted (entry)))
        {
          g_object_unref (entry);
          cw_entry_set_not_permitted (error);
          return NULL;
        }

      g_ptr_array_add (versions, entry);
    }

  object_id = id_text (entry_id);
  if (!cw_session_audit (self->session, "view", "entry", object_id, "history", error))
    return NULL;

  return g_steal_pointer (&versions);
}

gboolean
cw_entry_repository_request_removal (CwEntryRepository  *self,
                                     gint64              entry_id,
                                     const char         *reason,
                                     GError            **error)
{
  g_auto(EntryRow) row = { 0 };
  CwDatabase *database;

  g_return_val_if_fail (CW_IS_ENTRY_REPOSITORY (self), FALSE);

  database = cw_entry_database (self->session, error);
  if (database == NULL)
    return FALSE;

  if (!read_entry_row (database, entry_id, &row, error))
    return FALSE;

  if (!may_act_on (self, &row))
    {
      cw_entry_set_not_permitted (error);
      return FALSE;
    }

  if (strcmp (row.state, "removed") == 0)
    {
      g_set_error_literal (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_NOT_FOUND,
                           _("This note has already been removed."));
      return FALSE;
    }
  if (strcmp (row.state, "finished") != 0)
    {
      g_set_error_literal (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_REMOVAL,
                           _("This note is still a draft: discard the draft instead."));
      return FALSE;
    }
  if (row.removal_requested_by != 0)
    {
      g_set_error_literal (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_REMOVAL,
                           _("Someone has already asked for this note to be removed."));
      return FALSE;
    }

  if (!check_reason (reason, _("Give the reason for removing this note."), error))
    return FALSE;

  return write_removal (self, database, entry_id,
                        "UPDATE entries SET removal_requested_by = ?1, "
                        "removal_requested_at = ?2, removal_reason = ?3, "
                        "removal_confirm_reason = NULL "
                        "WHERE id = ?4 AND state = 'finished' "
                        "AND removal_requested_by IS NULL",
                        reason, "removal-request", error);
}

/* A pending request on a note I may read. */
static gboolean
read_pending_request (CwEntryRepository  *self,
                      CwDatabase         *database,
                      gint64              entry_id,
                      EntryRow           *row,
                      GError            **error)
{
  if (!read_entry_row (database, entry_id, row, error))
    return FALSE;

  if (!may_read (self, row, FALSE))
    {
      cw_entry_set_not_permitted (error);
      return FALSE;
    }

  if (strcmp (row->state, "removed") == 0)
    {
      g_set_error_literal (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_NOT_FOUND,
                           _("This note has already been removed."));
      return FALSE;
    }

  if (strcmp (row->state, "finished") != 0 || row->removal_requested_by == 0)
    {
      g_set_error_literal (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_REMOVAL,
                           _("No one has asked for this note to be removed."));
      return FALSE;
    }

  return TRUE;
}

gboolean
cw_entry_repository_get_removal_request (CwEntryRepository  *self,
                                         gint64              entry_id,
                                         gint64             *requested_by_out,
                                         char              **reason_out,
                                         GError            **error)
{
  g_auto(EntryRow) row = { 0 };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  CwDatabase *database;

  g_return_val_if_fail (CW_IS_ENTRY_REPOSITORY (self), FALSE);

  database = cw_entry_database (self->session, error);
  if (database == NULL || !read_pending_request (self, database, entry_id, &row, error))
    return FALSE;

  stmt = cw_database_prepare (database,
                              "SELECT coalesce (removal_reason, '') FROM entries WHERE id = ?1",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entry_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error_literal (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_REMOVAL,
                           _("No one has asked for this note to be removed."));
      return FALSE;
    }

  if (requested_by_out != NULL)
    *requested_by_out = row.removal_requested_by;
  if (reason_out != NULL)
    *reason_out = g_strdup (column_text (stmt, 0));
  return TRUE;
}

gboolean
cw_entry_repository_confirm_removal (CwEntryRepository  *self,
                                     gint64              entry_id,
                                     const char         *reason,
                                     const char         *password,
                                     GError            **error)
{
  g_auto(EntryRow) row = { 0 };
  CwDatabase *database;

  g_return_val_if_fail (CW_IS_ENTRY_REPOSITORY (self), FALSE);

  database = cw_entry_database (self->session, error);
  if (database == NULL)
    return FALSE;

  if (!cw_session_can (self->session, CW_PERMISSION_CONFIRM_SOFT_DELETE))
    {
      g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED,
                           _("Only a line manager or the Designated Safeguarding Lead can "
                             "confirm that a note is removed."));
      return FALSE;
    }

  if (!read_pending_request (self, database, entry_id, &row, error))
    return FALSE;

  if (row.removal_requested_by == cw_entry_me (self->session))
    {
      g_set_error_literal (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_REMOVAL,
                           _("You asked for this note to be removed, so someone else must "
                             "confirm it."));
      return FALSE;
    }

  if (!check_reason (reason, _("Give the reason for confirming the removal."), error))
    return FALSE;

  /* Step-up before the transaction: a refused password is audited by the session. */
  if (!cw_session_confirm_password (self->session, password, error))
    return FALSE;

  return write_removal (self, database, entry_id,
                        "UPDATE entries SET state = 'removed', removed_by = ?1, "
                        "removed_at = ?2, removal_confirm_reason = ?3 "
                        "WHERE id = ?4 AND state = 'finished' "
                        "AND removal_requested_by IS NOT NULL",
                        reason, "removal-confirm", error);
}

gboolean
cw_entry_repository_decline_removal (CwEntryRepository  *self,
                                     gint64              entry_id,
                                     const char         *reason,
                                     GError            **error)
{
  g_auto(EntryRow) row = { 0 };
  CwDatabase *database;

  g_return_val_if_fail (CW_IS_ENTRY_REPOSITORY (self), FALSE);

  database = cw_entry_database (self->session, error);
  if (database == NULL)
    return FALSE;

  if (!read_pending_request (self, database, entry_id, &row, error))
    return FALSE;

  if (row.removal_requested_by != cw_entry_me (self->session) &&
      !cw_session_can (self->session, CW_PERMISSION_CONFIRM_SOFT_DELETE))
    {
      g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED,
                           _("Only a line manager or the Designated Safeguarding Lead can "
                             "decline a request to remove a note."));
      return FALSE;
    }

  if (!check_reason (reason, _("Give the reason for keeping this note."), error))
    return FALSE;

  /* ?1 and ?2 (who and when) are not needed: the request is cleared. */
  return write_removal (self, database, entry_id,
                        "UPDATE entries SET removal_requested_by = NULL, "
                        "removal_requested_at = NULL, removal_reason = NULL, "
                        "removal_confirm_reason = ?3 "
                        "WHERE id = ?4 AND state = 'finished'",
                        reason, "removal-decline", error);
}

gint64
cw_entry_repository_count_removal_requests (CwEntryRepository *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  CwDatabase *database;
  int rc;

  g_return_val_if_fail (CW_IS_ENTRY_REPOSITORY (self), 0);

  database = cw_entry_database (self->session, NULL);
  if (database == NULL ||
      !cw_session_can (self->session, CW_PERMISSION_CONFIRM_SOFT_DELETE))
    return 0;

  stmt = cw_database_prepare (database,
                              "SELECT count (*) FROM entries e "
                              "WHERE e.state = 'finished' "
                              "AND e.removal_requested_by IS NOT NULL "
                              "AND e.removal_requested_by != :cw_me "
                              "AND (e.restricted = 0 OR e.author_id = :cw_me "
                              "     OR :restricted_ok = 1) "
                              "AND " CW_CHILD_VISIBLE_SQL ("e.child_id"), &error);
  if (stmt == NULL)
    {
      g_debug ("Could not count removal requests: %s", error->message);
      return 0;
    }

  cw_child_repository_bind_visibility (self->session, stmt);
  sqlite3_bind_int (stmt, sqlite3_bind_parameter_index (stmt, ":restricted_ok"),
                    cw_session_can (self->session, CW_PERMISSION_VIEW_RESTRICTED) ? 1 : 0);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return 0;

  return sqlite3_column_int64 (stmt, 0);
}

GListModel *
cw_entry_repository_list_my_drafts (CwEntryRepository *self)
{
  g_autofree char *select_sql = NULL;
  CwDatabase *database;
  ListData *data;

  g_return_val_if_fail (CW_IS_ENTRY_REPOSITORY (self), NULL);

  database = cw_entry_database (self->session, NULL);
  if (database == NULL)
    return G_LIST_MODEL (g_list_store_new (CW_TYPE_ENTRY));

  select_sql = g_strdup_printf ("SELECT %s FROM entry_versions v "
                                "JOIN entries e ON e.id = v.entry_id "
                                "WHERE v.finished = 0 AND v.author_id = ?1 "
                                "AND e.state != 'removed' "
                                "ORDER BY v.saved_at DESC, v.id DESC", version_columns ());

  data = g_new0 (ListData, 1);
  data->database = g_object_ref (database);
  data->me = cw_entry_me (self->session);

  return G_LIST_MODEL (cw_sql_list_model_new (database, CW_TYPE_ENTRY, select_sql,
                                              "SELECT count (*) FROM entry_versions v "
                                              "JOIN entries e ON e.id = v.entry_id "
                                              "WHERE v.finished = 0 AND v.author_id = ?1 "
                                              "AND e.state != 'removed'",
                                              list_bind_cb, list_row_cb, data,
                                              list_data_free));
}

GListModel *
cw_entry_repository_list_my_overdue (CwEntryRepository *self,
                                     GDateTime         *now)
{
  g_autoptr(GListStore) store = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) overdue = NULL;
  g_autoptr(GDateTime) local_now = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *working_days = NULL;
  CwDatabase *database;
  guint urgent_days, other_days;
  GDate today;
  int rc;

  g_return_val_if_fail (CW_IS_ENTRY_REPOSITORY (self), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  store = g_list_store_new (CW_TYPE_ENTRY);

  database = cw_entry_database (self->session, NULL);
  if (database == NULL)
    return G_LIST_MODEL (g_steal_pointer (&store));

  local_now = g_date_time_to_local (now);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (local_now),
                  g_date_time_get_month (local_now), g_date_time_get_year (local_now));

  urgent_days = cw_entry_setting_uint (self->session, "deadline-urgent-days", 1);
  other_days = cw_entry_setting_uint (self->session, "deadline-other-days", 3);
  working_days = cw_session_get_setting (self->session, "working-days");

  sql = g_strdup_printf ("SELECT %s, coalesce (c.legal_status, '') FROM entry_versions v "
                         "JOIN entries e ON e.id = v.entry_id "
                         "LEFT JOIN children c ON c.id = e.child_id "
                         "WHERE v.finished = 0 AND v.version = 1 AND v.author_id = ?1 "
                         "AND e.state = 'draft'", version_columns ());
  stmt = cw_database_prepare (database, sql, &error);
  if (stmt == NULL)
    {
      g_debug ("Could not list overdue drafts: %s", error->message);
      return G_LIST_MODEL (g_steal_pointer (&store));
    }

  sqlite3_bind_int64 (stmt, 1, cw_entry_me (self->session));
  overdue = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(CwEntry) entry = entry_from_row (stmt);
      const char *legal_status = column_text (stmt, COL_TEXT_FIRST + CW_ENTRY_FIELD_LAST);
      const GDate *event_day = cw_entry_get_event_date (entry);
      GDate due;

      if (!g_date_valid (event_day))
        continue;

      due_date_for (cw_entry_get_kind (entry), event_day, cw_entry_get_event_precision (entry),
                    strcmp (legal_status, "child-protection-plan") == 0,
                    urgent_days, other_days, working_days, &due);
      if (g_date_compare (&today, &due) > 0)
        g_ptr_array_add (overdue, g_steal_pointer (&entry));
    }
  if (rc != SQLITE_DONE)
    g_debug ("Could not list overdue drafts: %s", sqlite3_errstr (rc));

  g_ptr_array_sort (overdue, compare_event_dates_cb);
  for (guint i = 0; i < overdue->len; i++)
    {
      CwEntry *entry = g_ptr_array_index (overdue, i);

      if (!cw_entry_read_actions_and_marks (database, entry, cw_entry_get_version_id (entry),
                                            &error))
        {
          g_debug ("Could not read a draft's actions and marks: %s", error->message);
          g_clear_error (&error);
        }
      g_list_store_append (store, entry);
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

gboolean
cw_entry_repository_get_due_date (CwEntryRepository *self,
                                  CwEntry           *entry,
                                  GDate             *due_out)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *working_days = NULL;
  gboolean child_protection_plan = FALSE;
  CwDatabase *database;
  const GDate *event_day;

  g_return_val_if_fail (CW_IS_ENTRY_REPOSITORY (self), FALSE);
  g_return_val_if_fail (CW_IS_ENTRY (entry), FALSE);
  g_return_val_if_fail (due_out != NULL, FALSE);

  event_day = cw_entry_get_event_date (entry);
  if (!g_date_valid (event_day))
    return FALSE;

  database = cw_entry_database (self->session, NULL);
  if (database == NULL)
    return FALSE;

  stmt = cw_database_prepare (database, "SELECT legal_status FROM children WHERE id = ?1", NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, cw_entry_get_child_id (entry));
      if (sqlite3_step (stmt) == SQLITE_ROW)
        child_protection_plan = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0),
                                           "child-protection-plan") == 0;
    }

  working_days = cw_session_get_setting (self->session, "working-days");
  due_date_for (cw_entry_get_kind (entry), event_day, cw_entry_get_event_precision (entry),
                child_protection_plan,
                cw_entry_setting_uint (self->session, "deadline-urgent-days", 1),
                cw_entry_setting_uint (self->session, "deadline-other-days", 3),
                working_days, due_out);

  return TRUE;
}

void
cw_entry_draft_row_clear (CwEntryDraftRow *row)
{
  g_clear_pointer (&row->state, g_free);
  g_clear_pointer (&row->event_day, g_free);
}

gboolean
cw_entry_repository_read_draft_row (CwDatabase       *database,
                                    CwEntry          *draft,
                                    gint64            author_id,
                                    const char       *finished_message,
                                    CwEntryDraftRow  *row,
                                    GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = cw_database_prepare (database,
                              "SELECT v.id, v.entry_id, v.version, v.finished, v.author_id, "
                              "e.child_id, e.state, e.event_day, e.sequence "
                              "FROM entry_versions v JOIN entries e ON e.id = v.entry_id "
                              "WHERE v.id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, cw_entry_get_version_id (draft));
  if (!cw_entry_step_row (database, stmt, CW_ENTRY_ERROR, CW_ENTRY_ERROR_NOT_FOUND,
                          _("This draft no longer exists: it was discarded."),
                          "reading a draft", error))
    return FALSE;

  if (sqlite3_column_int (stmt, 3) != 0)
    {
      g_set_error_literal (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_FINISHED, finished_message);
      return FALSE;
    }

  if (sqlite3_column_int64 (stmt, 4) != author_id)
    {
      g_set_error_literal (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_NOT_AUTHOR,
                           _("Only the person who is writing this draft can change it."));
      return FALSE;
    }

  if (!cw_entry_check_not_removed (column_text (stmt, 6), error))
    return FALSE;

  row->version_id = sqlite3_column_int64 (stmt, 0);
  row->entry_id = sqlite3_column_int64 (stmt, 1);
  row->version = sqlite3_column_int (stmt, 2);
  row->child_id = sqlite3_column_int64 (stmt, 5);
  row->state = g_strdup (column_text (stmt, 6));
  row->event_day = g_strdup (column_text (stmt, 7));
  row->sequence = sqlite3_column_int64 (stmt, 8);

  return TRUE;
}

gboolean
cw_entry_step_row (CwDatabase    *database,
                   sqlite3_stmt  *stmt,
                   GQuark         domain,
                   int            code,
                   const char    *not_found,
                   const char    *what,
                   GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, domain, code, not_found);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      cw_database_set_error (database, error, rc, what);
      return FALSE;
    }

  return TRUE;
}

CwDatabase *
cw_entry_database (CwSession  *session,
                   GError    **error)
{
  CwDatabase *database = cw_session_get_database (session);

  if (database == NULL || !cw_database_is_open (database) ||
      cw_session_get_staff_member (session) == NULL)
    {
      g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_LOCKED,
                           _("Casework is locked. Unlock it to carry on."));
      return NULL;
    }

  return database;
}

gint64
cw_entry_me (CwSession *session)
{
  CwStaffMember *me = cw_session_get_staff_member (session);

  return me != NULL ? cw_staff_member_get_id (me) : 0;
}

void
cw_entry_set_not_permitted (GError **error)
{
  g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED,
                       _("You do not have access to this child’s record."));
}

char *
cw_entry_role_at_the_time (CwStaffMember *member)
{
  g_autofree char *roles = cw_roles_to_string (cw_staff_member_get_roles (member));
  const char *job_title = cw_staff_member_get_job_title (member);

  if (job_title == NULL || *job_title == '\0')
    return g_steal_pointer (&roles);

  /* TRANSLATORS: a job title and the person's roles, "Social Worker — Practitioner" */
  return g_strdup_printf (_("%s — %s"), job_title, roles);
}

gboolean
cw_entry_is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

void
cw_entry_parse_iso_date (const char *text,
                         GDate      *out)
{
  guint year = 0, month = 0, day = 1;
  int n;

  g_date_clear (out, 1);
  if (text == NULL || *text == '\0')
    return;

  n = sscanf (text, "%4u-%2u-%2u", &year, &month, &day);
  if (n < 2)
    return;
  if (n == 2)
    day = 1;

  if (g_date_valid_dmy (day, month, year))
    g_date_set_dmy (out, day, month, year);
}

void
cw_entry_parse_time (const char *text,
                     int        *hour,
                     int        *minute)
{
  int h = -1, m = -1;

  *hour = *minute = -1;
  if (text == NULL || sscanf (text, "%2d:%2d", &h, &m) != 2)
    return;
  if (h < 0 || h > 23 || m < 0 || m > 59)
    return;

  *hour = h;
  *minute = m;
}

CwAnswer
cw_entry_column_answer (sqlite3_stmt *stmt,
                        int           col)
{
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    return CW_ANSWER_UNSET;

  return sqlite3_column_int (stmt, col) != 0 ? CW_ANSWER_YES : CW_ANSWER_NO;
}

GDateTime *
cw_entry_column_time (sqlite3_stmt *stmt,
                      int           col)
{
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    return NULL;

  return g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt, col));
}

void
cw_entry_format_iso_date (const GDate *date,
                          gboolean     month_only,
                          char        *buf,
                          gsize        size)
{
  if (!g_date_valid (date))
    {
      buf[0] = '\0';
      return;
    }

  if (month_only)
    g_snprintf (buf, size, "%04u-%02u", g_date_get_year (date), (guint) g_date_get_month (date));
  else
    g_snprintf (buf, size, "%04u-%02u-%02u", g_date_get_year (date),
                (guint) g_date_get_month (date), g_date_get_day (date));
}

gboolean
cw_entry_read_actions_and_marks (CwDatabase  *database,
                                 CwEntry     *entry,
                                 gint64       version_id,
                                 GError     **error)
{
  g_autoptr(sqlite3_stmt) actions = NULL;
  g_autoptr(sqlite3_stmt) marks = NULL;
  int rc;

  actions = cw_database_prepare (database,
                                 "SELECT what, who, by_when FROM entry_actions "
                                 "WHERE version_id = ?1 ORDER BY position, id", error);
  if (actions == NULL)
    return FALSE;

  sqlite3_bind_int64 (actions, 1, version_id);
  while ((rc = sqlite3_step (actions)) == SQLITE_ROW)
    {
      GDate by_when;

      cw_entry_parse_iso_date (column_text (actions, 2), &by_when);
      g_ptr_array_add (cw_entry_get_actions (entry),
                       cw_entry_action_new (column_text (actions, 0), column_text (actions, 1),
                                            &by_when));
    }
  if (rc != SQLITE_DONE)
    {
      cw_database_set_error (database, error, rc, "reading actions");
      return FALSE;
    }

  marks = cw_database_prepare (database,
                               "SELECT side, x, y, site, size, description, skin_broken "
                               "FROM body_marks WHERE version_id = ?1 ORDER BY position, id",
                               error);
  if (marks == NULL)
    return FALSE;

  sqlite3_bind_int64 (marks, 1, version_id);
  while ((rc = sqlite3_step (marks)) == SQLITE_ROW)
    {
      CwBodySide side = strcmp (column_text (marks, 0), "back") == 0 ? CW_BODY_BACK
                                                                      : CW_BODY_FRONT;
      CwBodyMark *mark = cw_body_mark_new (side, sqlite3_column_double (marks, 1),
                                           sqlite3_column_double (marks, 2));

      g_free (mark->site);
      mark->site = g_strdup (column_text (marks, 3));
      g_free (mark->size);
      mark->size = g_strdup (column_text (marks, 4));
      g_free (mark->description);
      mark->description = g_strdup (column_text (marks, 5));
      mark->skin_broken = sqlite3_column_int (marks, 6) != 0;
      g_ptr_array_add (cw_entry_get_body_marks (entry), mark);
    }
  if (rc != SQLITE_DONE)
    {
      cw_database_set_error (database, error, rc, "reading body marks");
      return FALSE;
    }

  return TRUE;
}

guint
cw_entry_setting_uint (CwSession  *session,
                       const char *key,
                       guint       fallback)
{
  g_autofree char *text = cw_session_get_setting (session, key);
  guint64 value = 0;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, 365, &value, NULL))
    return fallback;

  return (guint) value;
}

gboolean
cw_entry_check_not_removed (const char  *state,
                            GError     **error)
{
  if (g_strcmp0 (state, "removed") != 0)
    return TRUE;

  g_set_error_literal (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_NOT_FOUND,
                       _("This note has been removed."));
  return FALSE;
}
