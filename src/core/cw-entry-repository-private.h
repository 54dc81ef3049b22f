/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "cw-database.h"
#include "cw-entry.h"
#include "cw-session.h"

G_BEGIN_DECLS

/*
 * What the entry repository shares with the other repositories in
 * src/core that write into an open draft (the sign-off repository writes
 * a judgement's part of it).
 */

/* The open database of a signed-in @session, or NULL with
 * CW_SESSION_ERROR_LOCKED. */
CwDatabase *cw_entry_database             (CwSession        *session,
                                           GError          **error);
/* The signed-in person's staff id, or 0. */
gint64      cw_entry_me                   (CwSession        *session);
/* CW_SESSION_ERROR_NOT_PERMITTED: no access to the child's record. */
void        cw_entry_set_not_permitted    (GError          **error);
/* @member's job title and roles, as a version records who wrote or
 * signed it ("Social Worker — Practitioner"). */
char       *cw_entry_role_at_the_time     (CwStaffMember    *member);

/* The organisation's setting @key as a number of days (0 to 365), or
 * @fallback when unset or not such a number. */
guint       cw_entry_setting_uint         (CwSession        *session,
                                           const char       *key,
                                           guint             fallback);
/* FALSE with CW_ENTRY_ERROR_NOT_FOUND when a note's @state is "removed". */
gboolean    cw_entry_check_not_removed    (const char       *state,
                                           GError          **error);
/* Empty or only white space. */
gboolean    cw_entry_is_blank             (const char       *text);
/* "YYYY-MM-DD" or "YYYY-MM" (the first of the month) into @out; invalid
 * otherwise. */
void        cw_entry_parse_iso_date       (const char       *text,
                                           GDate            *out);
/* @date as "YYYY-MM-DD", or "YYYY-MM" with @month_only; "" when invalid. */
void        cw_entry_format_iso_date      (const GDate      *date,
                                           gboolean          month_only,
                                           char             *buf,
                                           gsize             size);
/* "HH:MM" into @hour and @minute; both -1 when absent or invalid. */
void        cw_entry_parse_time           (const char       *text,
                                           int              *hour,
                                           int              *minute);
/* A nullable 0/1 column as an answer (NULL: unset). */
CwAnswer    cw_entry_column_answer        (sqlite3_stmt     *stmt,
                                           int               col);
/* A nullable Unix-time column, or NULL. */
GDateTime  *cw_entry_column_time          (sqlite3_stmt     *stmt,
                                           int               col);

/* Adds version @version_id's actions and body marks, as stored, to
 * @entry. */
gboolean    cw_entry_read_actions_and_marks (CwDatabase     *database,
                                             CwEntry        *entry,
                                             gint64          version_id,
                                             GError        **error);

/* One open draft version and its note, as stored. */
typedef struct
{
  gint64  version_id;
  gint64  entry_id;
  int     version;
  gint64  child_id;
  char   *state;
  char   *event_day;
  gint64  sequence;
} CwEntryDraftRow;

void     cw_entry_draft_row_clear         (CwEntryDraftRow  *row);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CwEntryDraftRow, cw_entry_draft_row_clear)

/* Reads the open draft version @draft stands for into @row: it must
 * exist, be unfinished, be @author_id's and its note not removed.
 * @finished_message is the error's sentence when the version is finished
 * (it names the note or the judgement). Clear @row with
 * cw_entry_draft_row_clear(). */
gboolean cw_entry_repository_read_draft_row (CwDatabase       *database,
                                             CwEntry          *draft,
                                             gint64            author_id,
                                             const char       *finished_message,
                                             CwEntryDraftRow  *row,
                                             GError          **error);

/* Steps @stmt to its one row: TRUE when there is one; otherwise FALSE with
 * @domain/@code and the sentence @not_found when there is none, or the
 * database's error (@what says what was being done, as for
 * cw_database_set_error()). */
gboolean cw_entry_step_row                  (CwDatabase       *database,
                                             sqlite3_stmt     *stmt,
                                             GQuark            domain,
                                             int               code,
                                             const char       *not_found,
                                             const char       *what,
                                             GError          **error);

G_END_DECLS
