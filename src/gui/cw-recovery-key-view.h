/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/*
 * Shows a recovery key once: large monospace groups, a "Print" and a
 * "Save as…" button, and an "I have stored this safely" check that enables
 * the "Continue" button. Emits "done" when continued. Used by the set-up
 * assistant and by "replace recovery key" in Preferences.
 */
#define CW_TYPE_RECOVERY_KEY_VIEW (cw_recovery_key_view_get_type ())
G_DECLARE_FINAL_TYPE (CwRecoveryKeyView, cw_recovery_key_view, CW, RECOVERY_KEY_VIEW, GtkWidget)

GtkWidget  *cw_recovery_key_view_new              (void);
void        cw_recovery_key_view_set_recovery_key (CwRecoveryKeyView *self,
                                                   const char        *recovery_key,
                                                   const char        *organisation);
/* Wipes the shown key from the widget. */
void        cw_recovery_key_view_clear            (CwRecoveryKeyView *self);

G_END_DECLS
