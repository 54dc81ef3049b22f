/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/cw-session.h"
#include "cw-page-util.h"

G_BEGIN_DECLS

/*
 * Sign-offs: professional judgements waiting for the signed-in person
 * ("Waiting for me", longest waiting first, overdue ones marked), for a
 * DSL every outstanding one in the organisation, and for authors their
 * judgements returned to them. Selecting one shows the judgement with
 * "Sign Off…" and "Record Disagreement…", each confirmed with the
 * password. Emits "changed" after a decision is recorded (the main view
 * refreshes its count). "folded" shows a back button for the main view's
 * narrow layout.
 */
#define CW_TYPE_SIGN_OFFS_PAGE (cw_sign_offs_page_get_type ())
G_DECLARE_FINAL_TYPE (CwSignOffsPage, cw_sign_offs_page, CW, SIGN_OFFS_PAGE, CwPage)

GtkWidget *cw_sign_offs_page_new    (CwSession      *session);
/* Re-reads the lists. */
void       cw_sign_offs_page_reload (CwSignOffsPage *self);

G_END_DECLS
