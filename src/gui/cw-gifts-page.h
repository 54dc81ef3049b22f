/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/cw-gift-register.h"
#include "core/cw-session.h"
#include "cw-page-util.h"

G_BEGIN_DECLS

/*
 * Gifts and hospitality: the declarations the signed-in person may see (their own; a line
 * manager's team's; a DSL's all), filtered, with flags as badges and a detail pane. Staff
 * declare and correct; the line manager or a DSL decides. Emits "changed" after anything
 * is recorded (the main view refreshes its counts). "folded" shows a back button for the
 * main view's narrow layout.
 *
 * Buildable ids (for tests): "declare_button", "export_button", "count_label",
 * "awaiting_toggle", "gift_list", "empty_status", "detail_box", "correct_button",
 * "decide_button", "change_decision_button", "error_label"; in the detail
 * "detail_title", "detail_decision", "detail_decision_reason" and
 * "detail_flag_over_threshold", "_cash", "_repeated", "_outside_plan".
 */
#define CW_TYPE_GIFTS_PAGE (cw_gifts_page_get_type ())
G_DECLARE_FINAL_TYPE (CwGiftsPage, cw_gifts_page, CW, GIFTS_PAGE, CwPage)

GtkWidget *cw_gifts_page_new        (CwSession    *session);
/* Re-reads the list and the selected row. */
void       cw_gifts_page_reload     (CwGiftsPage  *self);
/* The filter the list shows now (the one "Export…" uses). */
void       cw_gifts_page_get_filter (CwGiftsPage  *self,
                                     CwGiftFilter *filter);

G_END_DECLS
