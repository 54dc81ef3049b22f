/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  CW_ENTRY_KIND_CASE_NOTE,
  CW_ENTRY_KIND_HOME_VISIT,
  CW_ENTRY_KIND_OFFICE_VISIT,
  CW_ENTRY_KIND_PHONE_CALL,
  CW_ENTRY_KIND_MEETING,
  CW_ENTRY_KIND_OBSERVATION,
  CW_ENTRY_KIND_DISCLOSURE,
  CW_ENTRY_KIND_CONCERN,
  CW_ENTRY_KIND_INCIDENT,
  CW_ENTRY_KIND_INFORMATION_RECEIVED,
  CW_ENTRY_KIND_DECISION,
  CW_ENTRY_KIND_PROFESSIONAL_JUDGEMENT,
  CW_ENTRY_KIND_OTHER,
  CW_ENTRY_KIND_LAST
} CwEntryKind;

const char  *cw_entry_kind_get_id     (CwEntryKind kind);   /* stored text: "home-visit" */
const char  *cw_entry_kind_get_title  (CwEntryKind kind);   /* translated: "Home visit" */
CwEntryKind  cw_entry_kind_from_id    (const char *id);     /* CW_ENTRY_KIND_LAST if unknown */
/* Disclosures, concerns and incidents are due within the urgent deadline. */
gboolean     cw_entry_kind_is_urgent  (CwEntryKind kind);

/* The five Children Act 2004 outcomes, as flags. */
typedef enum /*< flags >*/
{
  CW_OUTCOME_NONE                  = 0,
  CW_OUTCOME_STAY_SAFE             = 1 << 0,
  CW_OUTCOME_BE_HEALTHY            = 1 << 1,
  CW_OUTCOME_ENJOY_AND_ACHIEVE     = 1 << 2,
  CW_OUTCOME_POSITIVE_CONTRIBUTION = 1 << 3,
  CW_OUTCOME_ECONOMIC_WELLBEING    = 1 << 4,
} CwOutcomes;
#define CW_OUTCOMES_ALL 0x1f
const char *cw_outcome_get_title (CwOutcomes outcome);      /* one flag, translated */

typedef enum
{
  CW_EVENT_EXACT,        /* date and time */
  CW_EVENT_DAY,          /* date, no time */
  CW_EVENT_MONTH,        /* month and year only */
  CW_EVENT_APPROXIMATE,  /* a date given as "about" */
} CwEventPrecision;
const char      *cw_event_precision_get_id   (CwEventPrecision p);  /* "exact", "day", "month", "approximate" */
CwEventPrecision cw_event_precision_from_id  (const char *id);
/* "14 Mar 2026, 15:20", "14 Mar 2026", "March 2026", "about 14 Mar 2026" (translated). */
char            *cw_event_format             (const GDate *day, int hour, int minute,
                                              CwEventPrecision precision);

/* The free-text fields of a case note, in the order the editor shows them. */
typedef enum
{
  CW_ENTRY_FIELD_SUMMARY,
  CW_ENTRY_FIELD_PRESENT,
  CW_ENTRY_FIELD_LOCATION,
  CW_ENTRY_FIELD_CHILD_NOT_SEEN_REASON,
  CW_ENTRY_FIELD_CHILD_WORDS,
  CW_ENTRY_FIELD_WISHES_FEELINGS,
  CW_ENTRY_FIELD_OBSERVED_FACTS,
  CW_ENTRY_FIELD_REPORTED_FACTS,
  CW_ENTRY_FIELD_REPORTED_SOURCE_NAME,
  CW_ENTRY_FIELD_REPORTED_SOURCE_ROLE,
  CW_ENTRY_FIELD_OPINION,
  CW_ENTRY_FIELD_OPINION_EVIDENCE,
  CW_ENTRY_FIELD_STRENGTHS,
  CW_ENTRY_FIELD_DIFFICULTIES_RISKS,
  CW_ENTRY_FIELD_DECISION,
  CW_ENTRY_FIELD_DECISION_REASONS,
  CW_ENTRY_FIELD_IMPACT,
  CW_ENTRY_FIELD_AMEND_REASON,
  CW_ENTRY_FIELD_LAST
} CwEntryField;
const char *cw_entry_field_get_column (CwEntryField field);  /* "child_words" */
const char *cw_entry_field_get_title  (CwEntryField field);  /* translated: "The child's own words" */

/* Yes / no / not recorded. */
typedef enum
{
  CW_ANSWER_UNSET = -1,
  CW_ANSWER_NO    = 0,
  CW_ANSWER_YES   = 1,
} CwAnswer;

typedef struct
{
  char  *what;
  char  *who;
  GDate  by_when;     /* invalid when none */
} CwEntryAction;

#define CW_TYPE_ENTRY_ACTION (cw_entry_action_get_type ())
GType          cw_entry_action_get_type (void) G_GNUC_CONST;
CwEntryAction *cw_entry_action_new      (const char *what, const char *who, const GDate *by_when);
CwEntryAction *cw_entry_action_copy     (const CwEntryAction *action);
void           cw_entry_action_free     (CwEntryAction *action);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CwEntryAction, cw_entry_action_free)

typedef enum { CW_BODY_FRONT, CW_BODY_BACK } CwBodySide;

typedef struct
{
  CwBodySide side;
  double     x, y;          /* 0..1 across the outline's width and height */
  char      *site;          /* "left forearm" */
  char      *size;          /* "3 cm × 1 cm" */
  char      *description;   /* colour, shape, appearance */
  gboolean   skin_broken;
} CwBodyMark;

#define CW_TYPE_BODY_MARK (cw_body_mark_get_type ())
GType       cw_body_mark_get_type (void) G_GNUC_CONST;
CwBodyMark *cw_body_mark_new      (CwBodySide side, double x, double y);
CwBodyMark *cw_body_mark_copy     (const CwBodyMark *mark);
void        cw_body_mark_free     (CwBodyMark *mark);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CwBodyMark, cw_body_mark_free)

/*
 * CwEntry: one version of one case note — a draft being written or a
 * finished version read back. Plain data with a "changed" signal (emitted
 * by every setter) so that the editor can autosave and re-check the
 * recording principles. CwEntryRepository stores it; CwPrinciples judges it.
 */
#define CW_TYPE_ENTRY (cw_entry_get_type ())
G_DECLARE_FINAL_TYPE (CwEntry, cw_entry, CW, ENTRY, GObject)

CwEntry      *cw_entry_new                 (void);
CwEntry      *cw_entry_copy                (CwEntry *self);    /* content only, ids kept */

/* Identity and system-set facts (set by the repository, never by forms). */
gint64        cw_entry_get_id              (CwEntry *self);    /* entries.id */
void          cw_entry_set_id              (CwEntry *self, gint64 id);
gint64        cw_entry_get_version_id      (CwEntry *self);    /* entry_versions.id */
void          cw_entry_set_version_id      (CwEntry *self, gint64 id);
int           cw_entry_get_version         (CwEntry *self);    /* 1, 2, … */
void          cw_entry_set_version         (CwEntry *self, int version);
gint64        cw_entry_get_child_id        (CwEntry *self);
void          cw_entry_set_child_id        (CwEntry *self, gint64 child_id);
gboolean      cw_entry_get_finished        (CwEntry *self);
void          cw_entry_set_finished        (CwEntry *self, gboolean finished);
gint64        cw_entry_get_author_id       (CwEntry *self);
void          cw_entry_set_author_id       (CwEntry *self, gint64 id);
const char   *cw_entry_get_author_name     (CwEntry *self);
void          cw_entry_set_author_name     (CwEntry *self, const char *name);
const char   *cw_entry_get_author_role     (CwEntry *self);
void          cw_entry_set_author_role     (CwEntry *self, const char *role);
GDateTime    *cw_entry_get_started_at      (CwEntry *self);    /* UTC; NULL until stored */
void          cw_entry_set_started_at      (CwEntry *self, GDateTime *when);
GDateTime    *cw_entry_get_finished_at     (CwEntry *self);    /* UTC; NULL for a draft */
void          cw_entry_set_finished_at     (CwEntry *self, GDateTime *when);
const char   *cw_entry_get_content_hash    (CwEntry *self);    /* hex SHA-256; "" for a draft */
void          cw_entry_set_content_hash    (CwEntry *self, const char *hash);
/* SHA-256 over a canonical encoding of everything the author wrote
 * (kind, event, every field, answers, outcomes, flags, actions, marks). */
char         *cw_entry_compute_content_hash (CwEntry *self);

/* What the author writes. */
CwEntryKind   cw_entry_get_kind            (CwEntry *self);
void          cw_entry_set_kind            (CwEntry *self, CwEntryKind kind);
const GDate  *cw_entry_get_event_date      (CwEntry *self);    /* invalid until set */
void          cw_entry_set_event_date      (CwEntry *self, const GDate *date);
/* -1 when no time. */
int           cw_entry_get_event_hour      (CwEntry *self);
int           cw_entry_get_event_minute    (CwEntry *self);
void          cw_entry_set_event_time      (CwEntry *self, int hour, int minute);
CwEventPrecision cw_entry_get_event_precision (CwEntry *self);
void          cw_entry_set_event_precision (CwEntry *self, CwEventPrecision precision);
const char   *cw_entry_get_text            (CwEntry *self, CwEntryField field);  /* never NULL */
void          cw_entry_set_text            (CwEntry *self, CwEntryField field, const char *text);
CwAnswer      cw_entry_get_child_seen      (CwEntry *self);
void          cw_entry_set_child_seen      (CwEntry *self, CwAnswer answer);
CwAnswer      cw_entry_get_child_seen_alone (CwEntry *self);
void          cw_entry_set_child_seen_alone (CwEntry *self, CwAnswer answer);
CwAnswer      cw_entry_get_child_spoken_to (CwEntry *self);
void          cw_entry_set_child_spoken_to (CwEntry *self, CwAnswer answer);
CwOutcomes    cw_entry_get_outcomes        (CwEntry *self);
void          cw_entry_set_outcomes        (CwEntry *self, CwOutcomes outcomes);
gboolean      cw_entry_get_significant     (CwEntry *self);
void          cw_entry_set_significant     (CwEntry *self, gboolean significant);
gboolean      cw_entry_get_restricted      (CwEntry *self);
void          cw_entry_set_restricted      (CwEntry *self, gboolean restricted);
/* GPtrArray of CwEntryAction / CwBodyMark, owned by the entry. */
GPtrArray    *cw_entry_get_actions         (CwEntry *self);
void          cw_entry_add_action          (CwEntry *self, CwEntryAction *action);  /* takes it */
void          cw_entry_remove_action       (CwEntry *self, guint index);
GPtrArray    *cw_entry_get_body_marks      (CwEntry *self);
void          cw_entry_add_body_mark       (CwEntry *self, CwBodyMark *mark);       /* takes it */
void          cw_entry_remove_body_mark    (CwEntry *self, guint index);
/* Call after changing an action or mark in place. */
void          cw_entry_emit_changed        (CwEntry *self);

G_END_DECLS
