/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cw-entry.h"
#include "cw-session.h"

G_BEGIN_DECLS

#define CW_ENTRY_ERROR (cw_entry_error_quark ())

typedef enum
{
  CW_ENTRY_ERROR_INVALID,    /* a field is missing or malformed; the message names it */
  CW_ENTRY_ERROR_NOT_FOUND,  /* no such note, version or draft (or it was removed) */
  CW_ENTRY_ERROR_FINISHED,   /* a finished version cannot change */
  CW_ENTRY_ERROR_NOT_AUTHOR, /* only the author may change or discard a draft */
  CW_ENTRY_ERROR_REMOVAL,    /* the removal rules (second person, pending request) */
} CwEntryError;

/* The longest text one field may hold, in characters. */
#define CW_ENTRY_TEXT_MAX_CHARS 100000
/* The longest summary, in characters (one line). */
#define CW_ENTRY_SUMMARY_MAX_CHARS 200

/*
 * CwEntryRepository: case notes for one signed-in person.
 *
 * A note is one `entries` row and its versions. Version 1 starts as a draft
 * that only its author sees and saves (often: autosave); finishing makes it
 * read-only for ever (database triggers refuse any change). A correction is
 * a new draft version with a reason; finishing it makes it current. A note
 * entered on the wrong child is removed only when a second person (a line
 * manager or DSL) confirms the author's request with their password; its
 * versions stay in the database and the audit trail.
 *
 * Need to know: a person reads notes of the children they may see
 * (cw_session_may_view_child()); restricted notes only with VIEW_RESTRICTED
 * or as their author. Refusals are CW_SESSION_ERROR_NOT_PERMITTED. Every
 * load is audited ("view", object "entry"); audit details never hold what a
 * note says.
 *
 * System times (started, saved, finished) come from the system clock; the
 * repository ignores whatever a CwEntry says about them.
 *
 * Removal state of an `entries` row: a request pending when state is
 * 'finished' and removal_requested_by is set; a declined request clears
 * removal_requested_* and keeps the decline reason in removal_confirm_reason.
 */

#define CW_TYPE_ENTRY_REPOSITORY (cw_entry_repository_get_type ())
G_DECLARE_FINAL_TYPE (CwEntryRepository, cw_entry_repository, CW, ENTRY_REPOSITORY, GObject)

GQuark             cw_entry_error_quark                  (void);

CwEntryRepository *cw_entry_repository_new               (CwSession         *session);

/* Needs RECORD_CASE_NOTES and may view the child. A new entries row and a
 * version 1 draft: started now, author and their role at the time ("Social
 * Worker — Practitioner"), event date today with day precision. Audited
 * ("create"). */
CwEntry           *cw_entry_repository_create_draft      (CwEntryRepository *self,
                                                          gint64             child_id,
                                                          CwEntryKind        kind,
                                                          GError           **error);
/* Autosave: the author's open draft only. Stores what is written (it may
 * be incomplete), replaces the draft's actions and marks, sets saved_at,
 * in one transaction, not audited. Refuses only invalid UTF-8, over-long
 * text and marks outside the outline; then nothing is written and what was
 * saved before stays. */
gboolean           cw_entry_repository_save_draft        (CwEntryRepository *self,
                                                          CwEntry           *draft,
                                                          GError           **error);
/* Validates (the message names the field), stores and finishes: from now on
 * the version never changes. Normalises @draft as stored (month precision
 * keeps no day, only exact precision keeps a time) and sets its finished,
 * finished-at and content-hash. Audited "finalise" (version 1) or "amend"
 * (detail: the version number). */
gboolean           cw_entry_repository_finish            (CwEntryRepository *self,
                                                          CwEntry           *draft,
                                                          GError           **error);
/* A correction: the author, or anyone who records notes and may view the
 * child (and, for a restricted note, may read it). The note must be
 * finished with no open correction. @reason is required. Returns the new
 * draft version (n + 1) holding a copy of the current content. */
CwEntry           *cw_entry_repository_start_amendment   (CwEntryRepository *self,
                                                          gint64             entry_id,
                                                          const char        *reason,
                                                          GError           **error);
/* The author's open draft. A never-finished note: its draft is deleted and
 * the entries row marked removed (audited "discard"). A correction: only
 * that draft version is deleted. */
gboolean           cw_entry_repository_discard_draft     (CwEntryRepository *self,
                                                          CwEntry           *draft,
                                                          GError           **error);
/* @version 0: the current finished version (or, for its author, the draft
 * of a never-finished note); otherwise that finished version. Audited. */
CwEntry           *cw_entry_repository_load              (CwEntryRepository *self,
                                                          gint64             entry_id,
                                                          int                version,
                                                          GError           **error);
/* My open draft (first draft or correction) of this note, or NULL with
 * CW_ENTRY_ERROR_NOT_FOUND. */
CwEntry           *cw_entry_repository_load_draft        (CwEntryRepository *self,
                                                          gint64             entry_id,
                                                          GError           **error);
/* Every finished version, oldest first (CwEntry each). Same permission as
 * cw_entry_repository_load(); audited once ("view", detail "history"). */
GPtrArray         *cw_entry_repository_list_versions     (CwEntryRepository *self,
                                                          gint64             entry_id,
                                                          GError           **error);

/* Asks for a finished note "entered on the wrong child" to be removed: the
 * author, or anyone who records notes and may view the child. @reason is
 * required. Audited ("removal-request"). */
gboolean           cw_entry_repository_request_removal   (CwEntryRepository *self,
                                                          gint64             entry_id,
                                                          const char        *reason,
                                                          GError           **error);
/* The pending request to remove a finished note I may read: who asked (staff
 * id) and why. FALSE with CW_ENTRY_ERROR_REMOVAL when none waits. */
gboolean           cw_entry_repository_get_removal_request (CwEntryRepository *self,
                                                          gint64             entry_id,
                                                          gint64            *requested_by_out,
                                                          char             **reason_out,
                                                          GError           **error);
/* A second person (not the requester) with CONFIRM_SOFT_DELETE who may
 * view the child confirms, with a reason and their password (step-up). The
 * note's state becomes removed; its versions stay. Audited
 * ("removal-confirm"). */
gboolean           cw_entry_repository_confirm_removal   (CwEntryRepository *self,
                                                          gint64             entry_id,
                                                          const char        *reason,
                                                          const char        *password,
                                                          GError           **error);
/* Someone with CONFIRM_SOFT_DELETE who may view the child, or the requester
 * withdrawing it, declines a pending request with a reason. Audited
 * ("removal-decline"). */
gboolean           cw_entry_repository_decline_removal   (CwEntryRepository *self,
                                                          gint64             entry_id,
                                                          const char        *reason,
                                                          GError           **error);
/* Pending requests I may confirm (requested by someone else, notes I may
 * read); 0 without CONFIRM_SOFT_DELETE. */
gint64             cw_entry_repository_count_removal_requests (CwEntryRepository *self);

/* Lazy GListModel of CwEntry: my open drafts (first drafts and
 * corrections), newest saved first, with child id, actions and marks. */
GListModel        *cw_entry_repository_list_my_drafts    (CwEntryRepository *self);
/* GListModel of CwEntry: my never-finished drafts whose recording deadline
 * (cw_entry_repository_get_due_date()) ended before @now, oldest event
 * first. */
GListModel        *cw_entry_repository_list_my_overdue   (CwEntryRepository *self,
                                                          GDateTime         *now);
/* The last day (local calendar) on which @entry is on time, from the
 * organisation's settings: deadline-urgent-days for urgent kinds
 * (cw_entry_kind_is_urgent()) and for home visits to a child with a
 * child-protection plan, deadline-other-days otherwise, counted in
 * working days. FALSE when the entry has no valid event date. */
gboolean           cw_entry_repository_get_due_date      (CwEntryRepository *self,
                                                          CwEntry           *entry,
                                                          GDate             *due_out);

/*
 * The recording deadline in working days: @due_out is the @n_working_days-th
 * working day after @event_day (the note is due by the end of that day);
 * with 0 it is @event_day itself. @working_days_setting is the
 * "working-days" setting: ISO weekday numbers separated by commas
 * ("1,2,3,4,5" = Monday to Friday); NULL, empty or unreadable means Monday
 * to Friday.
 */
void               cw_recording_due_date                 (const GDate       *event_day,
                                                          guint              n_working_days,
                                                          const char        *working_days_setting,
                                                          GDate             *due_out);

/* One difference between two versions. @what is a translated title;
 * @before and @after are readable text ("" when absent). */
typedef struct
{
  char *what;
  char *before;
  char *after;
} CwEntryChange;

#define CW_TYPE_ENTRY_CHANGE (cw_entry_change_get_type ())
GType          cw_entry_change_get_type (void) G_GNUC_CONST;
CwEntryChange *cw_entry_change_new      (const char *what, const char *before, const char *after);
CwEntryChange *cw_entry_change_copy     (const CwEntryChange *change);
void           cw_entry_change_free     (CwEntryChange *change);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CwEntryChange, cw_entry_change_free)

/* Every kind, event date, text field, answer, outcome, flag, action and
 * body mark that differs between two versions, in the editor's order
 * (CwEntryChange each; the array frees them). The reason for a correction
 * belongs to the version, not its content, and is not listed. */
GPtrArray     *cw_entry_diff            (CwEntry *older,
                                         CwEntry *newer);

G_END_DECLS
