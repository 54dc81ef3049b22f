/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/cw-session.h"

G_BEGIN_DECLS

/*
 * Preferences: "Security" for everyone (lock after idle minutes, change my
 * password, forget this computer's remembered sign-in) and, for
 * administrators, "Organisation" (name, gift threshold, working hours and
 * days, recording deadlines, sign-off overdue days, retention) and key
 * management (rotate the database key, replace the recovery key).
 */
#define CW_TYPE_PREFERENCES_WINDOW (cw_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (CwPreferencesWindow, cw_preferences_window, CW, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *cw_preferences_window_new (CwSession *session,
                                      GSettings *settings,
                                      GtkWindow *parent);

G_END_DECLS
