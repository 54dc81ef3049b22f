/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cw-database.h"
#include "cw-entry.h"
#include "cw-judgement.h"
#include "cw-session.h"

G_BEGIN_DECLS

#define CW_SIGN_OFF_ERROR (cw_sign_off_error_quark ())

typedef enum
{
  CW_SIGN_OFF_ERROR_NOT_FOUND,        /* no such sign-off request */
  CW_SIGN_OFF_ERROR_OWN_JUDGEMENT,    /* nobody signs off their own judgement */
  CW_SIGN_OFF_ERROR_NOT_SIGNER,       /* not the author's line manager, and no DSL cover */
  CW_SIGN_OFF_ERROR_NOT_OUTSTANDING,  /* already dealt with, superseded, or the note removed */
  CW_SIGN_OFF_ERROR_INVALID,          /* a reason, follow-up or agency is missing; named */
  CW_SIGN_OFF_ERROR_CHANGED,          /* the stored version no longer matches its hash */
} CwSignOffError;

/* Where a note's newest sign-off request stands. */
typedef enum
{
  CW_SIGN_OFF_STATE_NONE,          /* never queued (no judgement part) */
  CW_SIGN_OFF_STATE_AWAITING,      /* waiting for the line manager (or a covering DSL) */
  CW_SIGN_OFF_STATE_ESCALATED,     /* disagreement recorded and escalated to the DSL */
  CW_SIGN_OFF_STATE_SIGNED_OFF,
  CW_SIGN_OFF_STATE_DISAGREEMENT,  /* disagreement recorded and referred to another agency */
  CW_SIGN_OFF_STATE_RETURNED,      /* returned to the author for more information */
  CW_SIGN_OFF_STATE_SUPERSEDED,    /* a later version was finished before anyone acted */
} CwSignOffState;

/* What follows a recorded disagreement. */
typedef enum
{
  CW_SIGN_OFF_FOLLOW_UP_NONE,
  CW_SIGN_OFF_FOLLOW_UP_ESCALATE,  /* to the DSL */
  CW_SIGN_OFF_FOLLOW_UP_REFER,     /* to another agency */
  CW_SIGN_OFF_FOLLOW_UP_RETURN,    /* to the author for more information */
} CwSignOffFollowUp;

typedef enum
{
  CW_SIGN_OFF_DECISION_SIGNED_OFF,
  CW_SIGN_OFF_DECISION_DISAGREED,
} CwSignOffDecision;

/* In what capacity someone signed. */
typedef enum
{
  CW_SIGN_OFF_CAPACITY_LINE_MANAGER,
  CW_SIGN_OFF_CAPACITY_DSL,
} CwSignOffCapacity;

/*
 * CwSignOff: one sign-off request (one finished version of a decision or
 * professional judgement), as read (immutable). Days waiting are calendar
 * days from the local day it was queued to the local day of "now" (given
 * when the list was made). Overdue: "now" is after the last working day
 * of the allowance, the organisation's sign-off-overdue-days counted in
 * working days (its working-days setting) from the day it was queued,
 * like the recording deadlines. The last event is the newest decision on
 * this request (for a returned or escalated one: who and why).
 */
#define CW_TYPE_SIGN_OFF (cw_sign_off_get_type ())
G_DECLARE_FINAL_TYPE (CwSignOff, cw_sign_off, CW, SIGN_OFF, GObject)

gint64          cw_sign_off_get_id                 (CwSignOff *self);  /* request id */
gint64          cw_sign_off_get_entry_id           (CwSignOff *self);
gint64          cw_sign_off_get_version_id         (CwSignOff *self);
int             cw_sign_off_get_version            (CwSignOff *self);
gint64          cw_sign_off_get_child_id           (CwSignOff *self);
const char     *cw_sign_off_get_child_name         (CwSignOff *self);  /* display name */
const char     *cw_sign_off_get_case_reference     (CwSignOff *self);
const char     *cw_sign_off_get_summary            (CwSignOff *self);
CwEntryKind     cw_sign_off_get_kind               (CwSignOff *self);
gint64          cw_sign_off_get_author_id          (CwSignOff *self);
const char     *cw_sign_off_get_author_name        (CwSignOff *self);
/* The author's line manager when it was queued; 0 and "" when none. */
gint64          cw_sign_off_get_assigned_to_id     (CwSignOff *self);
const char     *cw_sign_off_get_assigned_to_name   (CwSignOff *self);
GDateTime      *cw_sign_off_get_queued_at          (CwSignOff *self);  /* UTC */
guint           cw_sign_off_get_days_waiting       (CwSignOff *self);
gboolean        cw_sign_off_get_overdue            (CwSignOff *self);  /* only while outstanding */
CwSignOffState  cw_sign_off_get_state              (CwSignOff *self);
/* The translated sentence of cw_sign_off_state_for_entry(). */
const char     *cw_sign_off_get_state_text         (CwSignOff *self);
/* The newest event on this request; "" / NULL when none. */
const char     *cw_sign_off_get_last_signer_name   (CwSignOff *self);
const char     *cw_sign_off_get_last_comment       (CwSignOff *self);
GDateTime      *cw_sign_off_get_last_event_time    (CwSignOff *self);  /* UTC */

/*
 * CwSignOffEvent: one entry of the append-only sign-off history: who
 * decided (their name and role at the time, and in what capacity), when
 * (system clock), what, the comment or reason, any referral, and the
 * SHA-256 of exactly what they signed (cw_judgement_compute_signed_hash()).
 */
#define CW_TYPE_SIGN_OFF_EVENT (cw_sign_off_event_get_type ())
G_DECLARE_FINAL_TYPE (CwSignOffEvent, cw_sign_off_event, CW, SIGN_OFF_EVENT, GObject)

gint64            cw_sign_off_event_get_id               (CwSignOffEvent *self);
gint64            cw_sign_off_event_get_request_id       (CwSignOffEvent *self);
gint64            cw_sign_off_event_get_entry_id         (CwSignOffEvent *self);
gint64            cw_sign_off_event_get_version_id       (CwSignOffEvent *self);
int               cw_sign_off_event_get_version          (CwSignOffEvent *self);
gint64            cw_sign_off_event_get_signer_id        (CwSignOffEvent *self);
const char       *cw_sign_off_event_get_signer_name      (CwSignOffEvent *self);
const char       *cw_sign_off_event_get_signer_role      (CwSignOffEvent *self);
CwSignOffCapacity cw_sign_off_event_get_capacity         (CwSignOffEvent *self);
GDateTime        *cw_sign_off_event_get_time             (CwSignOffEvent *self);  /* UTC */
CwSignOffDecision cw_sign_off_event_get_decision         (CwSignOffEvent *self);
CwSignOffFollowUp cw_sign_off_event_get_follow_up        (CwSignOffEvent *self);
/* A sign-off's comment ("" when none) or a disagreement's reason. */
const char       *cw_sign_off_event_get_comment          (CwSignOffEvent *self);
/* A referral (follow-up REFER); CW_REFERRAL_NONE otherwise. */
CwReferralAgency  cw_sign_off_event_get_agency           (CwSignOffEvent *self);
const char       *cw_sign_off_event_get_agency_name      (CwSignOffEvent *self);
const char       *cw_sign_off_event_get_agency_reference (CwSignOffEvent *self);
const char       *cw_sign_off_event_get_signed_hash      (CwSignOffEvent *self);
/* "Signed off by Sam Patel (line manager) on 24 Nov 2026" and the like. */
char             *cw_sign_off_event_describe             (CwSignOffEvent *self);

/*
 * CwSignOffRepository: judgements and their sign-off, for one signed-in
 * person.
 *
 * The judgement part of a decision or professional-judgement note is
 * stored per version (judgement_details) and, like the version, never
 * changes once finished (database triggers refuse it). Finishing a version
 * that has one queues a sign-off request for the author's line manager in
 * the same transaction (a trigger of 0003-judgements.sql); a newer finished
 * version supersedes a request nobody acted on, so amending a signed
 * judgement leaves the sign-off on the old version and queues the new one.
 *
 * Who may sign (sign off or record disagreement): never the author of the
 * version; the author's line manager (now); or a DSL when the author has
 * no active line manager, when the organisation's setting
 * dsl-may-cover-sign-off is "true", or when the note is restricted (line
 * managers do not read restricted notes); once escalated, only a DSL. The
 * signer needs SIGN_OFF_JUDGEMENTS, must be allowed to read the note
 * (need-to-know, restricted notes) and confirms with their password.
 * Refusals: CW_SIGN_OFF_ERROR_OWN_JUDGEMENT, CW_SIGN_OFF_ERROR_NOT_SIGNER,
 * CW_SESSION_ERROR_NOT_PERMITTED (roles or need-to-know),
 * CW_SESSION_ERROR_WRONG_PASSWORD.
 *
 * Audited (object "entry", the note's id; detail "version N", never
 * content): "sign-off"; a disagreement writes "sign-off-disagree" and then
 * "sign-off-escalate", "sign-off-refer" or "sign-off-return".
 */
#define CW_TYPE_SIGN_OFF_REPOSITORY (cw_sign_off_repository_get_type ())
G_DECLARE_FINAL_TYPE (CwSignOffRepository, cw_sign_off_repository, CW, SIGN_OFF_REPOSITORY,
                      GObject)

GQuark               cw_sign_off_error_quark                 (void);

CwSignOffRepository *cw_sign_off_repository_new              (CwSession           *session);

/* The judgement part of @draft, the signed-in person's open draft (first
 * draft or correction): stored as written (it may be incomplete), replacing
 * what was saved before, in one transaction, not audited. Refuses invalid
 * UTF-8 and over-long text (CW_JUDGEMENT_ERROR_INVALID), a finished version
 * (CW_ENTRY_ERROR_FINISHED) and someone else's draft
 * (CW_ENTRY_ERROR_NOT_AUTHOR). Sets the judgement's version id. */
gboolean             cw_sign_off_repository_save_judgement   (CwSignOffRepository *self,
                                                              CwEntry             *draft,
                                                              CwJudgement         *judgement,
                                                              GError             **error);
/* The judgement part stored for a version: a draft for its author only,
 * a finished version for whoever may read the note. NULL with
 * CW_JUDGEMENT_ERROR_NOT_FOUND when none is stored. Not audited (loading
 * the note itself is). */
CwJudgement         *cw_sign_off_repository_load_judgement   (CwSignOffRepository *self,
                                                              gint64               version_id,
                                                              GError             **error);
/*
 * Finishes a decision or professional judgement: @draft must be of such a
 * kind (else CW_JUDGEMENT_ERROR_NOT_JUDGEMENT); @judgement must pass
 * cw_judgement_validate(); it is saved with the draft
 * (cw_sign_off_repository_save_judgement()) and the note is finished with
 * cw_entry_repository_finish(), whose transaction also queues the sign-off
 * request. If the note itself fails validation the judgement stays saved
 * as a draft and nothing is finished or queued.
 */
gboolean             cw_sign_off_repository_finish_judgement (CwSignOffRepository *self,
                                                              CwEntry             *draft,
                                                              CwJudgement         *judgement,
                                                              GError             **error);

/* Lazy GListModels of CwSignOff, longest waiting first. @now (nullable:
 * the system clock) sets days waiting and overdue. */
/* What I may sign now: outstanding requests of others' notes I may read,
 * waiting for me as their line manager; for a DSL also the escalated ones
 * and those of authors without an active line manager or of restricted
 * notes. */
GListModel          *cw_sign_off_repository_list_waiting_for_me (CwSignOffRepository *self,
                                                              GDateTime           *now);
guint                cw_sign_off_repository_count_waiting_for_me (CwSignOffRepository *self);
/* Every outstanding request (waiting or escalated) for a DSL
 * (VIEW_ALL_SIGN_OFFS); a line manager's team's (authors they now
 * line-manage) for a line manager; empty for anyone else. Only notes the
 * person may read. */
GListModel          *cw_sign_off_repository_list_outstanding (CwSignOffRepository *self,
                                                              GDateTime           *now);
guint                cw_sign_off_repository_count_outstanding (CwSignOffRepository *self);
/* My judgements returned to me for more information and not yet
 * corrected and finished again. */
GListModel          *cw_sign_off_repository_list_returned_to_me (CwSignOffRepository *self,
                                                              GDateTime           *now);
/* The newest request of a note I may read (any state), or NULL with
 * CW_SIGN_OFF_ERROR_NOT_FOUND when it was never queued. */
CwSignOff           *cw_sign_off_repository_lookup_for_entry (CwSignOffRepository *self,
                                                              gint64               entry_id,
                                                              GDateTime           *now,
                                                              GError             **error);
/* Whether the signed-in person may sign this request now (every rule but
 * the password); @error (nullable) says why not. */
gboolean             cw_sign_off_repository_may_sign         (CwSignOffRepository *self,
                                                              gint64               request_id,
                                                              GError             **error);
/* Signs off the version the request stands for. @comment may be NULL. */
gboolean             cw_sign_off_repository_sign_off         (CwSignOffRepository *self,
                                                              gint64               request_id,
                                                              const char          *comment,
                                                              const char          *password,
                                                              GError             **error);
/*
 * Records disagreement with the version the request stands for: @reason is
 * required, and a @follow_up: ESCALATE (to the DSL; only while it waits
 * for the line manager), REFER (@agency other than NONE, @agency_name for
 * CW_REFERRAL_OTHER; @reference may be NULL) or RETURN (to the author,
 * who corrects the note; finishing the correction queues it again).
 */
gboolean             cw_sign_off_repository_record_disagreement (CwSignOffRepository *self,
                                                              gint64               request_id,
                                                              const char          *reason,
                                                              CwSignOffFollowUp    follow_up,
                                                              CwReferralAgency     agency,
                                                              const char          *agency_name,
                                                              const char          *reference,
                                                              const char          *password,
                                                              GError             **error);
/* The sign-off history of a note I may read, every version, oldest first
 * (CwSignOffEvent each). */
GPtrArray           *cw_sign_off_repository_list_events      (CwSignOffRepository *self,
                                                              gint64               entry_id,
                                                              GError             **error);

/*
 * The sign-off state of a note for the chronology and the note's view,
 * from its newest request, as a translated sentence: "awaiting sign-off
 * (3 days)", "signed off by Sam Patel on 24 Nov 2026", "disagreement
 * recorded", "returned for more information", "escalated to the DSL"; ""
 * for CW_SIGN_OFF_STATE_NONE. @now (nullable: the system clock) counts the
 * days waiting (calendar days). No permission check: callers show it only
 * beside a note they were allowed to read. @state_out may be NULL.
 */
char                *cw_sign_off_state_for_entry             (CwDatabase          *database,
                                                              gint64               entry_id,
                                                              GDateTime           *now,
                                                              CwSignOffState      *state_out);

typedef struct
{
  gint64  n_events;
  gint64  first_broken_event;  /* sign_off_events.id; 0 when every event matches */
  gint64  entry_id;            /* of the first broken event */
  int     version;
  char   *problem;             /* translated sentence; NULL when intact */
} CwSignOffVerification;

void                 cw_sign_off_verification_free           (CwSignOffVerification *v);

/*
 * For every sign-off event, oldest first: recomputes the hash of the
 * version it signed from what is stored (the version's content through
 * cw_entry_compute_content_hash() and its judgement part) and compares it
 * with the signed hash. The first mismatch is named: "The judgement signed
 * off on 24 Nov 2026 (case note 17, version 1) has changed since it was
 * signed." Returns NULL only when the database could not be read.
 */
CwSignOffVerification *cw_sign_off_verify                    (CwDatabase          *database,
                                                              GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CwSignOffVerification, cw_sign_off_verification_free)

G_END_DECLS
