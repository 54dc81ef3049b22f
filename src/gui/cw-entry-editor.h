/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/cw-entry.h"
#include "core/cw-session.h"

G_BEGIN_DECLS

/*
 * The case-note editor, a window of its own so that the chronology stays
 * readable beside it. With a draft it edits: every field of the note, the
 * body map, actions, outcomes, and a live panel of the recording
 * principles met and missed; it saves the draft by itself as the user
 * types. "Finish" validates and makes the note read-only. With a finished
 * version it shows the note read-only (body map included) with "Correct…",
 * "History" and "Ask to Remove…" (and "Confirm Removal…" for a DSL or line
 * manager when a removal waits).
 *
 * Signals: "saved" (after each autosave), "finished" (entry id),
 * "changed-state" (after correction, removal or discard).
 */
#define CW_TYPE_ENTRY_EDITOR (cw_entry_editor_get_type ())
G_DECLARE_FINAL_TYPE (CwEntryEditor, cw_entry_editor, CW, ENTRY_EDITOR, AdwWindow)

GtkWidget *cw_entry_editor_new       (CwSession     *session,
                                      CwEntry       *entry,
                                      GtkWindow     *parent);
CwEntry   *cw_entry_editor_get_entry (CwEntryEditor *self);
/* Saves a pending draft change now (also done on close and lock). */
gboolean   cw_entry_editor_flush     (CwEntryEditor *self,
                                      GError       **error);
/* A request to remove the finished note shown waits: asked by staff member
 * @requested_by for @reason. The editor then offers "Confirm Removal…"
 * and "Decline…" to someone with CONFIRM_SOFT_DELETE who is not the
 * requester, and "Withdraw Request…" to the requester. The editor knows of
 * requests made in it; whoever lists pending requests passes the others
 * on (CwEntryRepository has no per-note look-up yet). */
void       cw_entry_editor_set_removal_request (CwEntryEditor *self,
                                                gint64         requested_by,
                                                const char    *reason);

G_END_DECLS
