/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cw-key.h"

G_BEGIN_DECLS

#define CW_KEYRING_ERROR (cw_keyring_error_quark ())

/* The outcomes the sign-in page must tell apart, each with its own sentence. */
typedef enum
{
  CW_KEYRING_ERROR_NOT_STORED,   /* nothing remembered for this database and user */
  CW_KEYRING_ERROR_LOCKED,       /* keyring locked, or its unlock prompt dismissed */
  CW_KEYRING_ERROR_NO_SERVICE,   /* no Secret Service (no D-Bus session, no daemon) */
  CW_KEYRING_ERROR_FAILED,
} CwKeyringError;

/* Schema name = application id; attributes "database-uuid", "username". */
#define CW_KEYRING_SCHEMA_NAME "io.github.casework.Casework"

GQuark   cw_keyring_error_quark    (void);

CwKey   *cw_keyring_lookup         (const char    *database_uuid,
                                    const char    *username,
                                    GCancellable  *cancellable,
                                    GError       **error);
void     cw_keyring_lookup_async   (const char    *database_uuid,
                                    const char    *username,
                                    GCancellable  *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer       user_data);
CwKey   *cw_keyring_lookup_finish  (GAsyncResult  *result,
                                    GError       **error);

/* Usernames remembered for a database (sorted; empty array if none). */
GStrv    cw_keyring_list_usernames (const char    *database_uuid,
                                    GCancellable  *cancellable,
                                    GError       **error);

gboolean cw_keyring_store          (const char    *database_uuid,
                                    const char    *username,
                                    const char    *organisation,
                                    const CwKey   *unlock_key,
                                    GCancellable  *cancellable,
                                    GError       **error);
/* Removing something that is not stored is not an error. */
gboolean cw_keyring_clear          (const char    *database_uuid,
                                    const char    *username,
                                    GCancellable  *cancellable,
                                    GError       **error);

G_END_DECLS
