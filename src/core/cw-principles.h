/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cw-entry.h"
#include "cw-session.h"

G_BEGIN_DECLS

/*
 * CwPrinciples: the case-recording principles (Sussex procedures 1.2.16–17
 * and local recording policies) as checks on one case note.
 *
 * cw_principles_check() is a pure function of the note, the organisation's
 * recording rules and the time: no database, no session. It returns one
 * CwPrincipleCheck per principle, in the order of CwPrinciple, each saying
 * whether the principle applies to this note and, when it does, whether the
 * note meets it. A principle that does not apply counts as neither met nor
 * missed. What applies to which kind of note:
 *
 *   CHILD_SEEN, CHILD_SPOKEN_TO   home and office visits, observations and
 *                                 disclosures. "Not seen" or "not spoken to"
 *                                 meets it when the reason is recorded; a
 *                                 child seen must also be recorded as seen
 *                                 alone or not.
 *   CHILDS_WORDS                  disclosures always (the child's own words
 *                                 are the evidence); the other direct-work
 *                                 kinds unless the child was not spoken to;
 *                                 any note that says the child was spoken to.
 *   WISHES_AND_FEELINGS           direct-work kinds unless the child was
 *                                 neither seen nor spoken to; decisions.
 *   WHO_AND_WHERE                 visits, meetings, observations,
 *                                 disclosures, incidents (who was present and
 *                                 where); phone calls (who was on the call).
 *   FACT_RECORDED                 every kind but a decision.
 *   REPORTED_SOURCE               whenever reported facts are written.
 *   OPINION_EVIDENCED             whenever an opinion is written.
 *   DECISION_REASONED             decisions, and any note that records one.
 *   ACTIONS                       disclosures, concerns, incidents, decisions
 *                                 and meetings (at least one action, each
 *                                 complete), and any note with actions (each
 *                                 complete: what, who, by when).
 *   IMPACT, OUTCOMES, TIMELY      every note.
 *   STRENGTHS                     visits, meetings, decisions and
 *                                 professional judgements, and any note that
 *                                 records difficulties or risks.
 *
 * TIMELY: a note is due within rules->urgent_days working days of the event
 * for disclosures, concerns and incidents (and home visits to a child on a
 * child protection plan), rules->other_days otherwise, counted with
 * cw_recording_due_date() (cw-entry-repository.h). A finished note is
 * judged by its finished_at, a draft by @now (so an overdue draft shows as
 * late while it is being written).
 * An event known only to the month counts from the month's last day. A
 * correction (version 2, 3 …) should be judged by when the note was first
 * finished: CwChronology and the summaries pass that time.
 */

typedef enum
{
  CW_PRINCIPLE_CHILD_SEEN,
  CW_PRINCIPLE_CHILD_SPOKEN_TO,
  CW_PRINCIPLE_CHILDS_WORDS,
  CW_PRINCIPLE_WISHES_AND_FEELINGS,
  CW_PRINCIPLE_WHO_AND_WHERE,       /* who was present and where */
  CW_PRINCIPLE_FACT_RECORDED,       /* observed or reported facts */
  CW_PRINCIPLE_REPORTED_SOURCE,     /* reported facts name their source */
  CW_PRINCIPLE_OPINION_EVIDENCED,   /* an opinion states the evidence it rests on */
  CW_PRINCIPLE_DECISION_REASONED,   /* a decision has its reasons */
  CW_PRINCIPLE_ACTIONS,             /* what, who, by when: every action complete */
  CW_PRINCIPLE_IMPACT,              /* impact on the child */
  CW_PRINCIPLE_STRENGTHS,           /* strengths as well as difficulties */
  CW_PRINCIPLE_OUTCOMES,            /* linked to at least one of the five outcomes */
  CW_PRINCIPLE_TIMELY,              /* written within the deadline */
  CW_PRINCIPLE_LAST
} CwPrinciple;

const char *cw_principle_get_id    (CwPrinciple principle);   /* "child-seen" */
const char *cw_principle_get_title (CwPrinciple principle);   /* translated: "Child seen" */

typedef struct
{
  CwPrinciple  principle;
  gboolean     applies;
  gboolean     met;        /* FALSE when it does not apply */
  const char  *title;      /* translated, short; static */
  char        *advice;     /* translated: what is missing and why it matters;
                            * NULL when met or when it does not apply */
} CwPrincipleCheck;

void cw_principle_check_free (CwPrincipleCheck *check);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CwPrincipleCheck, cw_principle_check_free)

/* The organisation's recording deadlines, and what the child's plan adds. */
typedef struct
{
  guint     urgent_days;             /* working days; default 1 */
  guint     other_days;              /* working days; default 3 */
  char     *working_days;            /* "1,2,3,4,5": 1 = Monday … 7 = Sunday */
  gboolean  child_protection_plan;   /* home visits to this child are urgent too */
} CwRecordingRules;

/* Defaults: 1, 3, "1,2,3,4,5", no plan. */
void      cw_recording_rules_init         (CwRecordingRules *rules);
/* The organisation's settings (deadline-urgent-days, deadline-other-days,
 * working-days); child_protection_plan stays FALSE. */
void      cw_recording_rules_init_from_session (CwRecordingRules *rules,
                                           CwSession        *session);
void      cw_recording_rules_clear        (CwRecordingRules *rules);
/* Working days allowed for a note of @kind under @rules. */
guint     cw_recording_rules_get_deadline_days (const CwRecordingRules *rules,
                                           CwEntryKind       kind);

/* Every principle, in CwPrinciple order: a GPtrArray of CwPrincipleCheck
 * (owns them). @rules NULL means the defaults; @now NULL means the current
 * time (used for drafts only). */
GPtrArray *cw_principles_check            (CwEntry                *entry,
                                           const CwRecordingRules *rules,
                                           GDateTime              *now);
/* Checks that apply and are not met. */
guint      cw_principles_count_missed     (GPtrArray              *checks);

/*
 * Recording quality over many notes: the finished notes (their current
 * versions) that the signed-in person may see — of one child, or written by
 * one worker. Restricted notes count only for those who may see them.
 *
 * These read every note in scope and check it, so they take time in
 * proportion: about 1.3 s per 100,000 notes on a 2-core machine, a few
 * milliseconds for a child with a hundred (BENCHMARKS.md). They are
 * blocking and use the session's database connection: the GUI calls them
 * directly for a child or worker of ordinary size, or runs them in a GTask
 * thread while nothing else uses the session (no lock, no other query).
 */
typedef struct
{
  guint n_notes;
  guint n_late;                          /* TIMELY applied and not met */
  guint n_applied[CW_PRINCIPLE_LAST];    /* notes to which the principle applies */
  guint n_met[CW_PRINCIPLE_LAST];        /* … and which meet it */
} CwQualitySummary;

/* CW_SESSION_ERROR_NOT_PERMITTED unless the person may see the child. */
gboolean   cw_principles_summarise_child  (CwSession        *session,
                                           gint64            child_id,
                                           CwQualitySummary *out,
                                           GError          **error);
/* The worker themself, their line manager (VIEW_TEAM_CHILDREN) or someone
 * who sees every child (DSL); otherwise CW_SESSION_ERROR_NOT_PERMITTED.
 * Counts only notes about children the signed-in person may see. */
gboolean   cw_principles_summarise_worker (CwSession        *session,
                                           gint64            staff_id,
                                           CwQualitySummary *out,
                                           GError          **error);

G_END_DECLS
