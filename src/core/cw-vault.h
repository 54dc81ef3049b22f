/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cw-key.h"

G_BEGIN_DECLS

#define CW_VAULT_ERROR (cw_vault_error_quark ())

typedef enum
{
  CW_VAULT_ERROR_NOT_FOUND,          /* no key-slot file */
  CW_VAULT_ERROR_DAMAGED,            /* unreadable, foreign or tampered key-slot file */
  CW_VAULT_ERROR_WRONG_PASSWORD,
  CW_VAULT_ERROR_WRONG_RECOVERY_KEY,
  CW_VAULT_ERROR_NO_SUCH_SLOT,       /* nobody of that username can unlock this database */
  CW_VAULT_ERROR_SLOT_EXISTS,
  CW_VAULT_ERROR_STALE_UNLOCK_KEY,   /* a remembered unlock key that no longer fits its slot */
  CW_VAULT_ERROR_IO,                 /* could not write the key-slot file (disk full …) */
  CW_VAULT_ERROR_FAILED,
} CwVaultError;

/*
 * The key hierarchy (see DESIGN.md, "Security model"):
 *
 *   master key (random 256-bit, the SQLCipher raw key)
 *     sealed (crypto_box_seal) to each slot's X25519 public key
 *   slot secret key = the staff member's "unlock key"
 *     wrapped with XChaCha20-Poly1305 under Argon2id(password, salt)
 *     (or, for the recovery slot, Argon2id(recovery key, salt))
 *
 * The unlock key is what the desktop keyring remembers: it opens one slot
 * and survives password changes and key rotation; it is never the password
 * or the master key. Rotation seals a new master key to every public key,
 * so nobody's password is needed.
 */

#define CW_TYPE_VAULT (cw_vault_get_type ())
G_DECLARE_FINAL_TYPE (CwVault, cw_vault, CW, VAULT, GObject)

typedef struct
{
  char   *slot_id;     /* opaque, never the username */
  gint64  when;        /* unix time, UTC */
} CwFailedAttempt;

void        cw_failed_attempt_free             (CwFailedAttempt *attempt);

GQuark      cw_vault_error_quark               (void);
char       *cw_vault_path_for_database         (const char  *database_path);

/* Creates NAME.db.keys with a recovery slot. Fails if it exists. */
CwVault    *cw_vault_create                    (const char  *path,
                                                const char  *database_uuid,
                                                const CwKey *master_key,
                                                char       **recovery_key_out,
                                                GError     **error);
CwVault    *cw_vault_load                      (const char  *path,
                                                GError     **error);
const char *cw_vault_get_path                  (CwVault     *self);
const char *cw_vault_get_database_uuid         (CwVault     *self);
char       *cw_vault_slot_id_for_username      (CwVault     *self,
                                                const char  *username);
gboolean    cw_vault_has_slot                  (CwVault     *self,
                                                const char  *username);
guint       cw_vault_get_n_slots               (CwVault     *self);

gboolean    cw_vault_add_password_slot         (CwVault     *self,
                                                const CwKey *master_key,
                                                const char  *username,
                                                const char  *password,
                                                GError     **error);
/* Replaces a slot's password and key pair (an administrator's reset). */
gboolean    cw_vault_reset_password_slot       (CwVault     *self,
                                                const CwKey *master_key,
                                                const char  *username,
                                                const char  *password,
                                                GError     **error);
gboolean    cw_vault_change_password           (CwVault     *self,
                                                const char  *username,
                                                const char  *old_password,
                                                const char  *new_password,
                                                GError     **error);
gboolean    cw_vault_remove_slot               (CwVault     *self,
                                                const char  *username,
                                                GError     **error);
/* Makes a new recovery key and slot; returns the new key's text once. */
char       *cw_vault_replace_recovery_key      (CwVault     *self,
                                                const CwKey *master_key,
                                                GError     **error);

/* Step 1 of unlocking: Argon2id then AEAD. Returns the slot's unlock key. */
CwKey      *cw_vault_derive_unlock_key         (CwVault     *self,
                                                const char  *username,
                                                const char  *password,
                                                GError     **error);
CwKey      *cw_vault_derive_recovery_unlock_key (CwVault    *self,
                                                const char  *recovery_key,
                                                GError     **error);
/* Step 2: the master key sealed to that slot. @username NULL = recovery slot. */
CwKey      *cw_vault_open_master_key           (CwVault     *self,
                                                const char  *username,
                                                const CwKey *unlock_key,
                                                GError     **error);

/*
 * Key rotation, crash-safe in three steps:
 *   cw_vault_begin_rotation()  seals the new key to every slot as "pending"
 *   (caller runs PRAGMA rekey)
 *   cw_vault_finish_rotation() makes pending the current key
 * If the process dies between the two, cw_vault_open_pending_master_key()
 * returns the pending key (NULL without error when there is none) so that
 * the caller can try it when the current one is refused.
 */
gboolean    cw_vault_begin_rotation            (CwVault     *self,
                                                const CwKey *new_master_key,
                                                GError     **error);
gboolean    cw_vault_finish_rotation           (CwVault     *self,
                                                GError     **error);
gboolean    cw_vault_abandon_rotation          (CwVault     *self,
                                                GError     **error);
CwKey      *cw_vault_open_pending_master_key   (CwVault     *self,
                                                const char  *username,
                                                const CwKey *unlock_key,
                                                GError     **error);

/* Failed sign-ins are kept here (they cannot go in the locked database)
 * until the next successful sign-in writes them into the audit log. */
gboolean    cw_vault_record_failed_attempt     (CwVault     *self,
                                                const char  *username,
                                                GError     **error);
GPtrArray  *cw_vault_take_failed_attempts      (CwVault     *self,
                                                GError     **error);

/* Recovery key text: "ABCD-EFGH-…" in Crockford base32, 8 groups of 4. */
gboolean    cw_recovery_key_is_well_formed     (const char  *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CwFailedAttempt, cw_failed_attempt_free)

G_END_DECLS
