/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/cw-entry.h"

G_BEGIN_DECLS

/*
 * The history of one case note: every finished version, newest first,
 * with its author, role, when it was finished and (for a correction) the
 * reason, and what changed from the version before ("before → after",
 * from cw_entry_diff()). Nothing in it can be changed.
 *
 * The caller reads the versions (cw_entry_repository_list_versions(),
 * which audits the viewing) and hands them over.
 */
#define CW_TYPE_ENTRY_HISTORY (cw_entry_history_get_type ())
G_DECLARE_FINAL_TYPE (CwEntryHistory, cw_entry_history, CW, ENTRY_HISTORY, AdwWindow)

/* @versions: CwEntry each, oldest first; the window keeps a reference.
 * @child_name: for the subtitle (may be NULL). */
GtkWidget *cw_entry_history_new              (GPtrArray  *versions,
                                              const char *child_name,
                                              GtkWindow  *parent);
guint      cw_entry_history_get_n_versions   (CwEntryHistory *self);

/* "Finished 23 Nov 2026, 14:05 by Alex Morgan, Social Worker — Practitioner"
 * for a finished version (local time), or "Started …" for a draft. */
char      *cw_entry_describe_version         (CwEntry    *version);
/* "23 Nov 2026, 14:05" in local time. */
char      *cw_entry_format_system_time       (GDateTime  *when);

G_END_DECLS
