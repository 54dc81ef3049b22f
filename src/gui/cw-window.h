/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/cw-session.h"

G_BEGIN_DECLS

/*
 * The main window: a toast overlay over a stack of pages, "loading",
 * "setup" (first run: no database file yet), "sign-in" (also the unlock
 * page) and "main" (a CwMainView, created on sign-in and unlock and
 * destroyed on lock and sign-out, so that no case content stays in the
 * widget tree while Casework is locked).
 *
 * The window owns the CwSession. "session" changes on sign-in and
 * sign-out; "unlocked" is TRUE while someone is signed in and not locked.
 */
#define CW_TYPE_WINDOW (cw_window_get_type ())
G_DECLARE_FINAL_TYPE (CwWindow, cw_window, CW, WINDOW, AdwApplicationWindow)

CwWindow   *cw_window_new               (GtkApplication *application,
                                         const char     *database_path);
const char *cw_window_get_database_path (CwWindow       *self);
/* The signed-in session (locked or not), or NULL. */
CwSession  *cw_window_get_session       (CwWindow       *self);
gboolean    cw_window_get_unlocked      (CwWindow       *self);
/* Name of the visible page: "loading", "setup", "sign-in" or "main". */
const char *cw_window_get_page          (CwWindow       *self);

/* Locks the session (nothing happens unless unlocked): the main view and
 * every other window of the application showing content are destroyed
 * and the unlock page asks for the password. */
void        cw_window_lock              (CwWindow       *self);
/* Signs out (locked or not) and shows the sign-in form. */
void        cw_window_sign_out          (CwWindow       *self);
/* Takes ownership of @toast. */
void        cw_window_add_toast         (CwWindow       *self,
                                         AdwToast       *toast);

G_END_DECLS
