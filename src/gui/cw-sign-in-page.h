/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/cw-session.h"

G_BEGIN_DECLS

/*
 * Signing in to an existing database, and unlocking a locked session.
 *
 * cw_sign_in_page_start() first tries the desktop keyring (in a worker
 * thread) and, when that cannot sign anyone in, shows the username and
 * password form with one sentence saying why it asks. Signing in never
 * creates anything for the database.
 *
 * Signals:
 *   "signed-in" (CwSession *session, const char *notice): a new session;
 *       @notice is a sentence for a toast or NULL.
 *   "unlocked" (): the session given to cw_sign_in_page_start_unlock()
 *       is unlocked again.
 *   "sign-out-requested" (): "Sign In as Someone Else" on the unlock page.
 */
#define CW_TYPE_SIGN_IN_PAGE (cw_sign_in_page_get_type ())
G_DECLARE_FINAL_TYPE (CwSignInPage, cw_sign_in_page, CW, SIGN_IN_PAGE, AdwBin)

GtkWidget  *cw_sign_in_page_new               (void);
void        cw_sign_in_page_set_database_path (CwSignInPage *self,
                                               const char   *database_path);
/* @last_username (nullable) is who signed in last on this computer.
 * With @try_keyring FALSE the form shows at once with @message (nullable). */
void        cw_sign_in_page_start             (CwSignInPage *self,
                                               const char   *last_username,
                                               gboolean      try_keyring,
                                               const char   *message);
/* The unlock page for @session, which must be locked. */
void        cw_sign_in_page_start_unlock      (CwSignInPage *self,
                                               CwSession    *session);
/* Drops any session and wipes every field (on sign-out and dispose). */
void        cw_sign_in_page_clear             (CwSignInPage *self);

G_END_DECLS
