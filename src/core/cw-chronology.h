/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cw-entry.h"
#include "cw-session.h"
#include "cw-sign-off-repository.h"

G_BEGIN_DECLS

/*
 * CwChronologyItem: one row of a child's chronology, as read (immutable).
 * Every text is ready to show (translated where it is ours); the snippet is
 * Pango markup. Read-only GObject properties carry the same values, for
 * GtkExpression and GtkBuilderListItemFactory.
 */
#define CW_TYPE_CHRONOLOGY_ITEM (cw_chronology_item_get_type ())
G_DECLARE_FINAL_TYPE (CwChronologyItem, cw_chronology_item, CW, CHRONOLOGY_ITEM, GObject)

gint64            cw_chronology_item_get_entry_id        (CwChronologyItem *self);
int               cw_chronology_item_get_version         (CwChronologyItem *self);
/* The event's day (the first of the month for month precision). */
const GDate      *cw_chronology_item_get_event_date      (CwChronologyItem *self);
int               cw_chronology_item_get_event_hour      (CwChronologyItem *self);   /* -1: none */
int               cw_chronology_item_get_event_minute    (CwChronologyItem *self);   /* -1: none */
CwEventPrecision  cw_chronology_item_get_event_precision (CwChronologyItem *self);
/* "14 Mar 2026, 15:20", "March 2026", "about 14 Mar 2026" (cw_event_format()). */
const char       *cw_chronology_item_get_event_text      (CwChronologyItem *self);
/* "" for an exact time or day; "Month only" or "Approximate" otherwise. */
const char       *cw_chronology_item_get_uncertainty     (CwChronologyItem *self);
/* The child's age on the day: "7 years", "5 months", "about 7", "unborn",
 * or "" when the date of birth is not known. */
const char       *cw_chronology_item_get_age             (CwChronologyItem *self);
CwEntryKind       cw_chronology_item_get_kind            (CwChronologyItem *self);
const char       *cw_chronology_item_get_kind_title      (CwChronologyItem *self);
const char       *cw_chronology_item_get_summary         (CwChronologyItem *self);
/* "Name (role)" of whoever reported the facts, else the author's name. */
const char       *cw_chronology_item_get_source          (CwChronologyItem *self);
const char       *cw_chronology_item_get_impact          (CwChronologyItem *self);
/* The decision, or the first action: "what — who, by 20 Mar 2026". */
const char       *cw_chronology_item_get_action_outcome  (CwChronologyItem *self);
const char       *cw_chronology_item_get_author_name     (CwChronologyItem *self);
/* When the note was first finished ("when it was written"), UTC. */
GDateTime        *cw_chronology_item_get_finished_at     (CwChronologyItem *self);
gboolean          cw_chronology_item_get_significant     (CwChronologyItem *self);
gboolean          cw_chronology_item_get_restricted      (CwChronologyItem *self);
/* "finished" (the only state a chronology shows). */
const char       *cw_chronology_item_get_state           (CwChronologyItem *self);
/* Recording principles (CwPrinciples) the current version misses. */
guint             cw_chronology_item_get_n_missed        (CwChronologyItem *self);
const char * const *cw_chronology_item_get_missed_titles (CwChronologyItem *self);
const char       *cw_chronology_item_get_missed_text     (CwChronologyItem *self);   /* joined */
/* Where the sign-off of a decision or professional judgement stands, from
 * the note's newest sign-off request: the sentence of
 * cw_sign_off_state_for_entry() ("awaiting sign-off (3 days)", "signed off
 * by Sam Patel on 24 Nov 2026", …; days counted to when the list was
 * read), its state, and a short title for a badge ("Waiting for
 * sign-off", "Signed off", "Disagreement recorded", "Returned", "Escalated
 * to the DSL"). "", CW_SIGN_OFF_STATE_NONE and "" for a note that was
 * never queued and for every other kind of note; a SUPERSEDED request has
 * its sentence but no title. */
const char       *cw_chronology_item_get_sign_off_state  (CwChronologyItem *self);
CwSignOffState    cw_chronology_item_get_sign_off_status (CwChronologyItem *self);
const char       *cw_chronology_item_get_sign_off_title  (CwChronologyItem *self);
/* While searching: Pango markup around the first match, matched words in
 * <b>…</b>, everything else escaped. NULL when not searching. */
const char       *cw_chronology_item_get_snippet         (CwChronologyItem *self);

/*
 * What the chronology shows. Initialise with cw_chronology_filter_init()
 * (everything), free with cw_chronology_filter_clear().
 */
typedef struct
{
  gboolean  significant_only;
  guint64   kinds_mask;       /* bit (1 << CwEntryKind) per kind shown; 0 = every kind */
  GDate     from, to;         /* inclusive; an invalid date leaves that end open */
  gint64    author_id;        /* 0 = every author */
  guint     outcomes_mask;    /* CwOutcomes: notes linked to any of them; 0 = all */
  char     *search;           /* words to find; NULL or "" = none */
} CwChronologyFilter;

void      cw_chronology_filter_init  (CwChronologyFilter       *filter);
void      cw_chronology_filter_clear (CwChronologyFilter       *filter);
void      cw_chronology_filter_copy  (const CwChronologyFilter *filter,
                                      CwChronologyFilter       *copy_out);
/* TRUE when the filter shows everything. */
gboolean  cw_chronology_filter_is_empty (const CwChronologyFilter *filter);

/*
 * The user's search text as a safe FTS4 MATCH expression, or NULL when it
 * holds nothing to search for. Words are split on white space, double
 * quotes, stars and control characters (FTS4 has no way to escape a quote
 * inside a phrase; the tokenizer ignores all of them anyway); words without
 * a letter or digit are dropped; bare FTS operators (AND, OR, NOT, NEAR,
 * NEAR/n) are dropped when other words remain, else searched for as words;
 * each word is wrapped in double quotes, and the last one is a prefix. So
 * no input raises an error, and the rest of the punctuation (' % _ - ( ) :)
 * is read as the tokenizer reads it: a break between words of one phrase.
 * Every word must occur (AND).
 *   Zoë O'Brien     ->  "Zoë" "O'Brien*"
 *   cat OR "dog"    ->  "cat" "dog*"
 */
char     *cw_chronology_build_match  (const char *search);

/* A point of the timeline strip: a run of consecutive rows (in list order)
 * on the same day with the same kind and significance. */
typedef struct
{
  guint32  julian_day;    /* g_date_get_julian() of the event day */
  guint16  kind;          /* CwEntryKind */
  guint16  significant;   /* TRUE or FALSE */
  guint    n_entries;     /* rows in the run (1 when every event differs) */
  guint    position;      /* the first row's position in the list */
  gint64   entry_id;      /* the first row's entry */
} CwChronologyPoint;

/*
 * CwChronology: one child's case notes in event order, as a lazy
 * GListModel of CwChronologyItem (pages of rows are read as the view asks;
 * a chronology of 100,000 notes holds a few pages in memory).
 *
 * Order: event day; on one day, timed events first (by time) and then the
 * events with no time (so exact times lead, and a note known only to the
 * day or month comes after the timed events of its first day); then the
 * sequence the repository gave on that day; then the note's id. An event
 * known only to the month sorts on the first of its month.
 *
 * Shown: the current (newest finished) version of every finished note of
 * the child — drafts and removed notes never; restricted notes only to
 * those with VIEW_RESTRICTED and to their author. The need-to-know rule is
 * also part of the SQL, so a chronology reloaded after access was withdrawn
 * is empty. A month-precision note is inside a date range when its month
 * overlaps it.
 *
 * Search: every text field of the current versions (FTS4 entry_search,
 * unicode61 without diacritics: "zoe" finds "Zoë"). Snippets are made in C
 * for the rows read only: SQLite would compute snippet() for every match
 * before sorting, which for a common word in a long chronology costs
 * seconds per page.
 *
 * Sign-off: each row of a decision or professional judgement carries the
 * state of its newest sign-off request, read with the page (columns of the
 * page query, not a query per row).
 *
 * Principles: each row carries the number and titles of the recording
 * principles its current version misses, with the organisation's deadlines
 * and the child's legal status now (a child protection plan makes home
 * visits urgent); timeliness counts from when the note was first finished.
 */
#define CW_TYPE_CHRONOLOGY (cw_chronology_get_type ())
G_DECLARE_FINAL_TYPE (CwChronology, cw_chronology, CW, CHRONOLOGY, GObject)

/* CW_SESSION_ERROR_NOT_PERMITTED unless the signed-in person may see the
 * child (audited "view-refused"); otherwise audits one "view" of the child
 * (detail "chronology"). @filter may be NULL (everything). */
CwChronology *cw_chronology_new           (CwSession                *session,
                                           gint64                    child_id,
                                           const CwChronologyFilter *filter,
                                           GError                  **error);
gint64        cw_chronology_get_child_id  (CwChronology             *self);
const CwChronologyFilter *cw_chronology_get_filter (CwChronology   *self);
/* Applies @filter (copied; NULL = everything) and reloads: items-changed
 * for the whole list. Not audited again. */
void          cw_chronology_set_filter    (CwChronology             *self,
                                           const CwChronologyFilter *filter);
/* Reads again: after notes were finished, corrected or removed, and after
 * the session was unlocked (locking closes the database the list read). */
void          cw_chronology_reload        (CwChronology             *self);

/*
 * The timeline strip under the current filter: a GArray of
 * CwChronologyPoint in list order, from one SQL pass over the notes' index
 * columns (no objects per row). Consecutive rows on one day with the same
 * kind and significance share a point, so the array is at most one point
 * per row (24 bytes: 2.4 MB for 100,000 notes) and usually far fewer.
 */
GArray       *cw_chronology_get_timeline  (CwChronology             *self,
                                           GError                  **error);

/* The position of @entry_id in the list under the current filter (an SQL
 * count of the rows before it), or G_MAXUINT (GTK_INVALID_LIST_POSITION)
 * when it is not shown. */
guint         cw_chronology_find_position (CwChronology             *self,
                                           gint64                    entry_id);

G_END_DECLS
