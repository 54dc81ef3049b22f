/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/cw-session.h"

G_BEGIN_DECLS

/*
 * Step-up: asks the signed-in person for their password again before a
 * sensitive action (staff and key changes now; sign-off, soft delete and
 * export later). The password is checked against their key slot in a
 * worker thread; a wrong one keeps the dialog open with a sentence saying
 * so. Completes with the checked password (the caller wipes it with
 * cw_secure_wipe_string() and frees it), or NULL with G_IO_ERROR_CANCELLED.
 */
void  cw_password_dialog_confirm_async  (CwSession           *session,
                                         GtkWidget           *parent,
                                         const char          *heading,
                                         const char          *body,
                                         const char          *confirm_label,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
char *cw_password_dialog_confirm_finish (GAsyncResult        *result,
                                         GError             **error);

G_END_DECLS
