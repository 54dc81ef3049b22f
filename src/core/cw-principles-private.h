/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "cw-principles.h"

G_BEGIN_DECLS

/*
 * For CwPrinciples and CwChronology (src/core only): reading case-note
 * versions in bulk, to check them row by row.
 *
 * CW_PRINCIPLES_VERSION_COLUMNS selects, from entry_versions aliased "v",
 * the columns cw_principles_read_entry() reads, starting at @first_column.
 * The free-text columns come last, in CwEntryField order.
 */
#define CW_PRINCIPLES_VERSION_COLUMNS \
  "v.id, v.entry_id, v.version, v.finished, v.started_at, v.finished_at, " \
  "v.author_id, v.author_name, v.author_role, v.kind, v.event_date, v.event_time, " \
  "v.event_precision, v.child_seen, v.child_seen_alone, v.child_spoken_to, " \
  "v.outcomes, v.significant, v.restricted, v.content_hash, " \
  "v.summary, v.present, v.location, v.child_not_seen_reason, v.child_words, " \
  "v.wishes_feelings, v.observed_facts, v.reported_facts, v.reported_source_name, " \
  "v.reported_source_role, v.opinion, v.opinion_evidence, v.strengths, " \
  "v.difficulties_risks, v.decision, v.decision_reasons, v.impact, v.amend_reason"
#define CW_PRINCIPLES_N_VERSION_COLUMNS 38

/* A new CwEntry from the current row (child_id is left 0). */
CwEntry  *cw_principles_read_entry   (sqlite3_stmt *stmt,
                                      int           first_column);

/* Adds the actions of @entry's version (cw_entry_get_version_id()) to it.
 * @cache (nullable) keeps the prepared statement between calls: start with
 * *cache = NULL and sqlite3_finalize() it when done; without it the
 * statement is prepared and finalised in the call. */
gboolean  cw_principles_read_actions (CwDatabase    *database,
                                      sqlite3_stmt **cache,
                                      CwEntry       *entry,
                                      GError       **error);

/* "YYYY-MM-DD" or "YYYY-MM" (the first of the month); FALSE otherwise. */
gboolean  cw_principles_parse_day    (const char   *text,
                                      GDate        *out);

G_END_DECLS
