/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/cw-session.h"

G_BEGIN_DECLS

/*
 * "May I use an image of this child for this purpose today?": choose the
 * child (those the signed-in person may see), the purpose and the date
 * (today to start with), then Check. The answer is a large "Allowed" or
 * "Not allowed" with every reason on its own line, in the core's words
 * (cw_photo_consent_register_check(), which audits each check). Changing
 * a choice clears the answer, so an answer on screen always matches the
 * choices above it. Modal, transient for @parent.
 *
 * Buildable ids (for tests): "child_row" holding "child_chooser" (a
 * CwChildChooser), "age_rule_label", "purpose_row",
 * "date_row", "check_button", "result_box", "verdict_label",
 * "verdict_detail_label", "naming_label", "reasons_box" (one GtkLabel per
 * reason, each named "reason_label"), "error_label".
 */
#define CW_TYPE_PHOTO_CHECK_DIALOG (cw_photo_check_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CwPhotoCheckDialog, cw_photo_check_dialog, CW, PHOTO_CHECK_DIALOG,
                      AdwWindow)

/* @child_id: the child to start with (0 = none chosen). Returns (transfer
 * none) a window, not yet shown. */
GtkWidget *cw_photo_check_dialog_new (CwSession *session,
                                      gint64     child_id,
                                      GtkWindow *parent);

G_END_DECLS
