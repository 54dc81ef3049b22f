/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/cw-session.h"

G_BEGIN_DECLS

/*
 * The first-run set-up assistant: welcome (and where the database will
 * be), organisation, first administrator, password (twice, with strength
 * feedback and "Remember on this computer"), creating, recovery key.
 *
 * Emits "finished" (CwSession *session, const char *notice) when the
 * administrator has confirmed the recovery key is stored; @notice is a
 * sentence for a toast (e.g. why the keyring could not remember the
 * sign-in) or NULL.
 */
#define CW_TYPE_SETUP_PAGE (cw_setup_page_get_type ())
G_DECLARE_FINAL_TYPE (CwSetupPage, cw_setup_page, CW, SETUP_PAGE, AdwBin)

GtkWidget  *cw_setup_page_new               (void);
void        cw_setup_page_set_database_path (CwSetupPage *self,
                                             const char  *database_path);
/* Back to the welcome step with empty fields. */
void        cw_setup_page_reset             (CwSetupPage *self);

/*
 * Shared by every form that chooses a new password (set-up, the
 * must-change-password step, "Change Password"): shows the strength of
 * @password in @level_bar (0 empty … 4 strong) and a sentence in
 * @feedback_label, and returns whether the password is acceptable.
 */
gboolean    cw_password_feedback_update     (GtkLevelBar *level_bar,
                                             GtkLabel    *feedback_label,
                                             const char  *password,
                                             const char  *username,
                                             const char  *display_name);
/* Sets up @level_bar's range and offsets for cw_password_feedback_update(). */
void        cw_password_feedback_init       (GtkLevelBar *level_bar);

G_END_DECLS
