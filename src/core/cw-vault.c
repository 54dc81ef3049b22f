/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-vault"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "cw-vault.h"

/*
 * The key-slot file (NAME.db.keys) is a GKeyFile:
 *
 *   [Casework Key Slots]
 *   Version=1
 *   DatabaseUUID=…
 *   SlotIdSalt=<base64, 32 bytes>
 *
 *   [Slot <id>]                 id = "recovery" or hex BLAKE2b(SlotIdSalt, username)
 *   Kind=password|recovery
 *   KdfSalt=<base64>            Argon2id salt
 *   OpsLimit=…                  Argon2id cost
 *   MemLimit=…
 *   Nonce=<base64>              XChaCha20-Poly1305 nonce
 *   WrappedSecret=<base64>      the slot's X25519 secret key (the unlock key)
 *   PublicKey=<base64>          the slot's X25519 public key
 *   SealedMaster=<base64>       crypto_box_seal (master key, PublicKey)
 *   SealedPending=<base64>      the same for a rotation under way (optional)
 *
 *   [Failed Sign-in Attempts]   (optional)
 *   Attempts=<slot id>,<unix time>;…
 *
 * The associated data of WrappedSecret binds it to the database UUID, the
 * slot id, the kind and the public key, so a slot moved to another file or
 * edited does not open. Nothing in the file names a person in clear.
 *
 * A CwVault is used from one thread at a time. Every change is made on a
 * copy of the state, written, and only then swapped in, so that a failed
 * write leaves memory matching the file.
 */

#define VAULT_VERSION        1
#define HEADER_GROUP         "Casework Key Slots"
#define ATTEMPTS_GROUP       "Failed Sign-in Attempts"
#define SLOT_GROUP_PREFIX    "Slot "
#define RECOVERY_SLOT_ID     "recovery"
#define KIND_PASSWORD        "password"
#define KIND_RECOVERY        "recovery"

#define SLOT_ID_SALT_BYTES   crypto_generichash_KEYBYTES
#define SLOT_ID_BYTES        16
#define KDF_SALT_BYTES       crypto_pwhash_SALTBYTES
#define NONCE_BYTES          crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define WRAPPED_BYTES        (crypto_box_SECRETKEYBYTES + \
                              crypto_aead_xchacha20poly1305_ietf_ABYTES)
#define PUBLIC_KEY_BYTES     crypto_box_PUBLICKEYBYTES
#define SEALED_BYTES         (CW_KEY_SIZE + crypto_box_SEALBYTES)

#define RECOVERY_KEY_BYTES   20
#define RECOVERY_KEY_CHARS   32
#define RECOVERY_KEY_GROUP   4

#define MAX_FILE_SIZE        (1024 * 1024)
#define MAX_FAILED_ATTEMPTS  500

#define AD_PREFIX            "Casework key slot 1"

static const char crockford_alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

typedef enum
{
  SLOT_KIND_PASSWORD,
  SLOT_KIND_RECOVERY,
} SlotKind;

typedef struct
{
  char     *id;
  SlotKind  kind;
  guint8    kdf_salt[KDF_SALT_BYTES];
  guint64   ops_limit;
  guint64   mem_limit;
  guint8    nonce[NONCE_BYTES];
  guint8    wrapped_secret[WRAPPED_BYTES];
  guint8    public_key[PUBLIC_KEY_BYTES];
  guint8    sealed_master[SEALED_BYTES];
  gboolean  has_pending;
  guint8    sealed_pending[SEALED_BYTES];
} Slot;

typedef struct
{
  char      *database_uuid;
  guint8     slot_id_salt[SLOT_ID_SALT_BYTES];
  GPtrArray *slots;      /* Slot* */
  GPtrArray *attempts;   /* CwFailedAttempt* */
} VaultState;

struct _CwVault
{
  GObject     parent_instance;

  char       *path;
  VaultState *state;
};

G_DEFINE_TYPE (CwVault, cw_vault, G_TYPE_OBJECT)

G_DEFINE_QUARK (cw-vault-error-quark, cw_vault_error)

static void
slot_free (Slot *slot)
{
  if (slot == NULL)
    return;

  g_free (slot->id);
  g_free (slot);
}

static Slot *
slot_copy (const Slot *slot)
{
  Slot *copy = g_memdup2 (slot, sizeof *slot);

  copy->id = g_strdup (slot->id);
  return copy;
}

static CwFailedAttempt *
failed_attempt_new (const char *slot_id,
                    gint64      when)
{
  CwFailedAttempt *attempt = g_new0 (CwFailedAttempt, 1);

  attempt->slot_id = g_strdup (slot_id);
  attempt->when = when;
  return attempt;
}

static VaultState *
vault_state_new (void)
{
  VaultState *state = g_new0 (VaultState, 1);

  state->slots = g_ptr_array_new_with_free_func ((GDestroyNotify) slot_free);
  state->attempts = g_ptr_array_new_with_free_func ((GDestroyNotify) cw_failed_attempt_free);
  return state;
}

static void
vault_state_free (VaultState *state)
{
  if (state == NULL)
    return;

  g_free (state->database_uuid);
  g_ptr_array_unref (state->slots);
  g_ptr_array_unref (state->attempts);
  g_free (state);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VaultState, vault_state_free)

static VaultState *
vault_state_copy (const VaultState *state)
{
  VaultState *copy = vault_state_new ();

  copy->database_uuid = g_strdup (state->database_uuid);
  memcpy (copy->slot_id_salt, state->slot_id_salt, sizeof copy->slot_id_salt);
  for (guint i = 0; i < state->slots->len; i++)
    g_ptr_array_add (copy->slots, slot_copy (g_ptr_array_index (state->slots, i)));
  for (guint i = 0; i < state->attempts->len; i++)
    {
      CwFailedAttempt *attempt = g_ptr_array_index (state->attempts, i);

      g_ptr_array_add (copy->attempts, failed_attempt_new (attempt->slot_id, attempt->when));
    }

  return copy;
}

static Slot *
vault_state_find_slot (VaultState *state,
                       const char *slot_id)
{
  for (guint i = 0; i < state->slots->len; i++)
    {
      Slot *slot = g_ptr_array_index (state->slots, i);

      if (g_strcmp0 (slot->id, slot_id) == 0)
        return slot;
    }

  return NULL;
}

static gboolean
vault_state_remove_slot (VaultState *state,
                         const char *slot_id)
{
  for (guint i = 0; i < state->slots->len; i++)
    {
      Slot *slot = g_ptr_array_index (state->slots, i);

      if (g_strcmp0 (slot->id, slot_id) == 0)
        {
          g_ptr_array_remove_index (state->slots, i);
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
set_damaged_error (GError **error)
{
  g_set_error_literal (error, CW_VAULT_ERROR, CW_VAULT_ERROR_DAMAGED,
                       _("The key file beside this database is damaged or is not a Casework "
                         "key file."));
  return FALSE;
}

static gboolean
set_out_of_memory_error (GError **error)
{
  g_set_error_literal (error, CW_VAULT_ERROR, CW_VAULT_ERROR_FAILED,
                       _("There is not enough memory to check the key. Close other "
                         "applications and try again."));
  return FALSE;
}

static gboolean
set_no_such_slot_error (GError **error)
{
  g_set_error_literal (error, CW_VAULT_ERROR, CW_VAULT_ERROR_NO_SUCH_SLOT,
                       _("Nobody with that username can open this database."));
  return FALSE;
}

static gboolean
set_wrong_password_error (GError **error)
{
  g_set_error_literal (error, CW_VAULT_ERROR, CW_VAULT_ERROR_WRONG_PASSWORD,
                       _("The password is not right."));
  return FALSE;
}

static gboolean
set_wrong_recovery_key_error (GError **error)
{
  g_set_error_literal (error, CW_VAULT_ERROR, CW_VAULT_ERROR_WRONG_RECOVERY_KEY,
                       _("The recovery key is not right. It has 32 letters and digits, "
                         "in 8 groups of 4."));
  return FALSE;
}

static gboolean
ensure_sodium (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error_literal (error, CW_VAULT_ERROR, CW_VAULT_ERROR_FAILED,
                           _("The encryption library could not be started."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
database_uuid_is_valid (const char *uuid)
{
  gsize len;

  if (uuid == NULL)
    return FALSE;

  len = strlen (uuid);
  if (len == 0 || len > 128)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isgraph (uuid[i]))
      return FALSE;

  return TRUE;
}

static gboolean
slot_id_is_valid (const char *id)
{
  gsize len;

  if (g_strcmp0 (id, RECOVERY_SLOT_ID) == 0)
    return TRUE;

  len = strlen (id);
  if (len != SLOT_ID_BYTES * 2)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isxdigit (id[i]) || g_ascii_isupper (id[i]))
      return FALSE;

  return TRUE;
}

/* Trimmed, NFKC, case-folded: "  Alice " and "alice" are one person. */
static char *
normalise_username (const char *username)
{
  g_autofree char *stripped = NULL;
  g_autofree char *normalised = NULL;

  if (!g_utf8_validate (username, -1, NULL))
    return g_strdup (username);

  stripped = g_strstrip (g_strdup (username));
  normalised = g_utf8_normalize (stripped, -1, G_NORMALIZE_NFKC);
  if (normalised == NULL)
    return g_steal_pointer (&stripped);

  return g_utf8_casefold (normalised, -1);
}

static char *
slot_id_for_username (const VaultState *state,
                      const char       *username)
{
  g_autofree char *normalised = normalise_username (username);
  guint8 hash[SLOT_ID_BYTES];
  char hex[SLOT_ID_BYTES * 2 + 1];

  crypto_generichash (hash, sizeof hash, (const guint8 *) normalised, strlen (normalised),
                      state->slot_id_salt, sizeof state->slot_id_salt);
  sodium_bin2hex (hex, sizeof hex, hash, sizeof hash);

  return g_strdup (hex);
}

static char *
encode_base64 (const guint8 *data,
               gsize         len)
{
  gsize b64_len = sodium_base64_ENCODED_LEN (len, sodium_base64_VARIANT_ORIGINAL);
  char *b64 = g_malloc (b64_len);

  sodium_bin2base64 (b64, b64_len, data, len, sodium_base64_VARIANT_ORIGINAL);
  return b64;
}

/* Strict: the value must be base64 of exactly @len bytes. */
static gboolean
read_base64 (GKeyFile   *key_file,
             const char *group,
             const char *key,
             guint8     *out,
             gsize       len)
{
  g_autofree char *value = g_key_file_get_value (key_file, group, key, NULL);
  g_autofree guint8 *decoded = NULL;
  const char *end = NULL;
  size_t decoded_len = 0;
  gsize value_len;

  if (value == NULL)
    return FALSE;

  value_len = strlen (value);
  if (value_len != sodium_base64_ENCODED_LEN (len, sodium_base64_VARIANT_ORIGINAL) - 1)
    return FALSE;

  decoded = g_malloc (len + 1);
  if (sodium_base642bin (decoded, len + 1, value, value_len, NULL, &decoded_len, &end,
                         sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != value + value_len || decoded_len != len)
    return FALSE;

  memcpy (out, decoded, len);
  return TRUE;
}

static gboolean
read_unsigned (GKeyFile   *key_file,
               const char *group,
               const char *key,
               guint64     min,
               guint64     max,
               guint64    *out)
{
  g_autofree char *value = g_key_file_get_value (key_file, group, key, NULL);

  if (value == NULL)
    return FALSE;

  return g_ascii_string_to_unsigned (value, 10, min, max, out, NULL);
}

static gboolean
keys_are_known (GKeyFile          *key_file,
                const char        *group,
                const char *const *known)
{
  g_auto(GStrv) keys = g_key_file_get_keys (key_file, group, NULL, NULL);

  if (keys == NULL)
    return FALSE;

  for (guint i = 0; keys[i] != NULL; i++)
    if (!g_strv_contains (known, keys[i]))
      return FALSE;

  return TRUE;
}

static gboolean
parse_slot (GKeyFile   *key_file,
            const char *group,
            Slot      **out)
{
  static const char *const known[] = {
    "Kind", "KdfSalt", "OpsLimit", "MemLimit", "Nonce", "WrappedSecret", "PublicKey",
    "SealedMaster", "SealedPending", NULL
  };
  g_autofree char *kind = NULL;
  Slot *slot;

  if (!keys_are_known (key_file, group, known))
    return FALSE;

  slot = g_new0 (Slot, 1);
  slot->id = g_strdup (group + strlen (SLOT_GROUP_PREFIX));
  kind = g_key_file_get_value (key_file, group, "Kind", NULL);

  if (!slot_id_is_valid (slot->id) || kind == NULL)
    goto damaged;

  if (strcmp (kind, KIND_PASSWORD) == 0)
    slot->kind = SLOT_KIND_PASSWORD;
  else if (strcmp (kind, KIND_RECOVERY) == 0)
    slot->kind = SLOT_KIND_RECOVERY;
  else
    goto damaged;

  if ((slot->kind == SLOT_KIND_RECOVERY) != (strcmp (slot->id, RECOVERY_SLOT_ID) == 0))
    goto damaged;

  if (!read_base64 (key_file, group, "KdfSalt", slot->kdf_salt, sizeof slot->kdf_salt) ||
      !read_unsigned (key_file, group, "OpsLimit", crypto_pwhash_OPSLIMIT_INTERACTIVE,
                      crypto_pwhash_OPSLIMIT_SENSITIVE, &slot->ops_limit) ||
      !read_unsigned (key_file, group, "MemLimit", crypto_pwhash_MEMLIMIT_INTERACTIVE,
                      crypto_pwhash_MEMLIMIT_SENSITIVE, &slot->mem_limit) ||
      !read_base64 (key_file, group, "Nonce", slot->nonce, sizeof slot->nonce) ||
      !read_base64 (key_file, group, "WrappedSecret", slot->wrapped_secret,
                    sizeof slot->wrapped_secret) ||
      !read_base64 (key_file, group, "PublicKey", slot->public_key, sizeof slot->public_key) ||
      !read_base64 (key_file, group, "SealedMaster", slot->sealed_master,
                    sizeof slot->sealed_master))
    goto damaged;

  if (g_key_file_has_key (key_file, group, "SealedPending", NULL))
    {
      if (!read_base64 (key_file, group, "SealedPending", slot->sealed_pending,
                        sizeof slot->sealed_pending))
        goto damaged;
      slot->has_pending = TRUE;
    }

  *out = slot;
  return TRUE;

damaged:
  slot_free (slot);
  return FALSE;
}

static gboolean
parse_attempts (GKeyFile   *key_file,
                VaultState *state)
{
  static const char *const known[] = { "Attempts", NULL };
  g_auto(GStrv) attempts = NULL;
  gsize n_attempts = 0;

  if (!keys_are_known (key_file, ATTEMPTS_GROUP, known))
    return FALSE;

  attempts = g_key_file_get_string_list (key_file, ATTEMPTS_GROUP, "Attempts", &n_attempts,
                                         NULL);
  if (attempts == NULL || n_attempts > MAX_FAILED_ATTEMPTS)
    return FALSE;

  for (gsize i = 0; i < n_attempts; i++)
    {
      g_auto(GStrv) parts = g_strsplit (attempts[i], ",", -1);
      guint64 when = 0;

      if (g_strv_length (parts) != 2 || !slot_id_is_valid (parts[0]) ||
          !g_ascii_string_to_unsigned (parts[1], 10, 0, G_MAXINT64, &when, NULL))
        return FALSE;

      g_ptr_array_add (state->attempts, failed_attempt_new (parts[0], (gint64) when));
    }

  return TRUE;
}

static VaultState *
parse_state (const char *data,
             gsize       len,
             GError    **error)
{
  static const char *const known[] = { "Version", "DatabaseUUID", "SlotIdSalt", NULL };
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(VaultState) state = vault_state_new ();
  g_auto(GStrv) groups = NULL;
  guint64 version = 0;
  gboolean has_recovery = FALSE;

  if (len > MAX_FILE_SIZE || memchr (data, '\0', len) != NULL ||
      !g_key_file_load_from_data (key_file, data, len, G_KEY_FILE_NONE, NULL))
    return set_damaged_error (error), NULL;

  if (!g_key_file_has_group (key_file, HEADER_GROUP) ||
      !keys_are_known (key_file, HEADER_GROUP, known) ||
      !read_unsigned (key_file, HEADER_GROUP, "Version", 0, G_MAXUINT32, &version) ||
      version != VAULT_VERSION)
    return set_damaged_error (error), NULL;

  state->database_uuid = g_key_file_get_value (key_file, HEADER_GROUP, "DatabaseUUID", NULL);
  if (!database_uuid_is_valid (state->database_uuid) ||
      !read_base64 (key_file, HEADER_GROUP, "SlotIdSalt", state->slot_id_salt,
                    sizeof state->slot_id_salt))
    return set_damaged_error (error), NULL;

  groups = g_key_file_get_groups (key_file, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      Slot *slot = NULL;

      if (strcmp (groups[i], HEADER_GROUP) == 0)
        continue;

      if (strcmp (groups[i], ATTEMPTS_GROUP) == 0)
        {
          if (!parse_attempts (key_file, state))
            return set_damaged_error (error), NULL;
          continue;
        }

      if (!g_str_has_prefix (groups[i], SLOT_GROUP_PREFIX) ||
          !parse_slot (key_file, groups[i], &slot))
        return set_damaged_error (error), NULL;

      if (vault_state_find_slot (state, slot->id) != NULL)
        {
          slot_free (slot);
          return set_damaged_error (error), NULL;
        }

      if (slot->kind == SLOT_KIND_RECOVERY)
        has_recovery = TRUE;
      g_ptr_array_add (state->slots, slot);
    }

  if (!has_recovery)
    return set_damaged_error (error), NULL;

  return g_steal_pointer (&state);
}

static void
set_base64 (GKeyFile     *key_file,
            const char   *group,
            const char   *key,
            const guint8 *data,
            gsize         len)
{
  g_autofree char *b64 = encode_base64 (data, len);

  g_key_file_set_value (key_file, group, key, b64);
}

static char *
serialise_state (const VaultState *state,
                 gsize            *len)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();

  g_key_file_set_uint64 (key_file, HEADER_GROUP, "Version", VAULT_VERSION);
  g_key_file_set_comment (key_file, HEADER_GROUP, NULL,
                          " Casework key slots. Do not edit: a changed file will not open.",
                          NULL);
  g_key_file_set_value (key_file, HEADER_GROUP, "DatabaseUUID", state->database_uuid);
  set_base64 (key_file, HEADER_GROUP, "SlotIdSalt", state->slot_id_salt,
              sizeof state->slot_id_salt);

  for (guint i = 0; i < state->slots->len; i++)
    {
      const Slot *slot = g_ptr_array_index (state->slots, i);
      g_autofree char *group = g_strconcat (SLOT_GROUP_PREFIX, slot->id, NULL);

      g_key_file_set_value (key_file, group, "Kind",
                            slot->kind == SLOT_KIND_RECOVERY ? KIND_RECOVERY : KIND_PASSWORD);
      set_base64 (key_file, group, "KdfSalt", slot->kdf_salt, sizeof slot->kdf_salt);
      g_key_file_set_uint64 (key_file, group, "OpsLimit", slot->ops_limit);
      g_key_file_set_uint64 (key_file, group, "MemLimit", slot->mem_limit);
      set_base64 (key_file, group, "Nonce", slot->nonce, sizeof slot->nonce);
      set_base64 (key_file, group, "WrappedSecret", slot->wrapped_secret,
                  sizeof slot->wrapped_secret);
      set_base64 (key_file, group, "PublicKey", slot->public_key, sizeof slot->public_key);
      set_base64 (key_file, group, "SealedMaster", slot->sealed_master,
                  sizeof slot->sealed_master);
      if (slot->has_pending)
        set_base64 (key_file, group, "SealedPending", slot->sealed_pending,
                    sizeof slot->sealed_pending);
    }

  if (state->attempts->len > 0)
    {
      g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < state->attempts->len; i++)
        {
          const CwFailedAttempt *attempt = g_ptr_array_index (state->attempts, i);

          g_ptr_array_add (values, g_strdup_printf ("%s,%" G_GINT64_FORMAT,
                                                    attempt->slot_id, attempt->when));
        }
      g_key_file_set_string_list (key_file, ATTEMPTS_GROUP, "Attempts",
                                  (const char *const *) values->pdata, values->len);
    }

  return g_key_file_to_data (key_file, len, NULL);
}

static gboolean
write_state (const char       *path,
             const VaultState *state,
             GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;

  data = serialise_state (state, &len);
  if (g_file_set_contents_full (path, data, len,
                                G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                0600, &local_error))
    return TRUE;

  g_debug ("Writing the key file failed: %s", local_error->message);
  if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOSPC))
    g_set_error_literal (error, CW_VAULT_ERROR, CW_VAULT_ERROR_IO,
                         _("The disk is full, so the key file beside this database could not "
                           "be saved. Nothing was changed."));
  else
    g_set_error_literal (error, CW_VAULT_ERROR, CW_VAULT_ERROR_IO,
                         _("The key file beside this database could not be saved. Check that "
                           "its folder still exists and can be written to. Nothing was "
                           "changed."));
  return FALSE;
}

/* Writes @new_state and, only when that worked, makes it the vault's state. */
static gboolean
commit_state (CwVault     *self,
              VaultState **new_state,
              GError     **error)
{
  if (!write_state (self->path, *new_state, error))
    return FALSE;

  vault_state_free (self->state);
  self->state = g_steal_pointer (new_state);
  return TRUE;
}

/* Argon2id of @secret into a CwKey. */
static CwKey *
derive_kek (const char   *secret,
            gsize         secret_len,
            const guint8 *salt,
            guint64       ops_limit,
            guint64       mem_limit,
            GError      **error)
{
  guint8 *buffer = sodium_malloc (CW_KEY_SIZE);
  CwKey *kek = NULL;

  if (buffer == NULL)
    return set_out_of_memory_error (error), NULL;

  if (crypto_pwhash (buffer, CW_KEY_SIZE, secret, secret_len, salt, ops_limit,
                     (size_t) mem_limit, crypto_pwhash_ALG_ARGON2ID13) == 0)
    kek = cw_key_new_from_data (buffer, CW_KEY_SIZE);

  sodium_free (buffer);

  if (kek == NULL)
    set_out_of_memory_error (error);

  return kek;
}

/* Passwords are compared in Unicode NFC so that the same characters typed
 * through different input methods give the same key. */
static CwKey *
derive_kek_from_password (const char   *password,
                          const guint8 *salt,
                          guint64       ops_limit,
                          guint64       mem_limit,
                          GError      **error)
{
  char *normalised = NULL;
  CwKey *kek;

  if (g_utf8_validate (password, -1, NULL))
    normalised = g_utf8_normalize (password, -1, G_NORMALIZE_NFC);

  if (normalised != NULL)
    {
      kek = derive_kek (normalised, strlen (normalised), salt, ops_limit, mem_limit, error);
      cw_secure_wipe_string (normalised);
      g_free (normalised);
    }
  else
    {
      kek = derive_kek (password, strlen (password), salt, ops_limit, mem_limit, error);
    }

  return kek;
}

static GByteArray *
slot_associated_data (const char *database_uuid,
                      const Slot *slot)
{
  GByteArray *ad = g_byte_array_new ();
  const char *kind = slot->kind == SLOT_KIND_RECOVERY ? KIND_RECOVERY : KIND_PASSWORD;

  g_byte_array_append (ad, (const guint8 *) AD_PREFIX, sizeof AD_PREFIX);
  g_byte_array_append (ad, (const guint8 *) database_uuid, strlen (database_uuid) + 1);
  g_byte_array_append (ad, (const guint8 *) slot->id, strlen (slot->id) + 1);
  g_byte_array_append (ad, (const guint8 *) kind, strlen (kind) + 1);
  g_byte_array_append (ad, slot->public_key, sizeof slot->public_key);

  return ad;
}

/* Encrypts @secret_key (the unlock key) under @kek into @slot. The slot's
 * id, kind and public key must already be set. */
static void
wrap_secret_key (const char   *database_uuid,
                 Slot         *slot,
                 const CwKey  *kek,
                 const guint8 *secret_key)
{
  g_autoptr(GByteArray) ad = slot_associated_data (database_uuid, slot);
  unsigned long long wrapped_len = 0;

  randombytes_buf (slot->nonce, sizeof slot->nonce);
  crypto_aead_xchacha20poly1305_ietf_encrypt (slot->wrapped_secret, &wrapped_len,
                                              secret_key, crypto_box_SECRETKEYBYTES,
                                              ad->data, ad->len, NULL, slot->nonce,
                                              cw_key_get_data (kek));
  g_assert (wrapped_len == sizeof slot->wrapped_secret);
}

/* Returns the unlock key, or NULL (no error set) when @kek does not open
 * the slot. */
static CwKey *
unwrap_secret_key (const char  *database_uuid,
                   const Slot  *slot,
                   const CwKey *kek,
                   GError     **error)
{
  g_autoptr(GByteArray) ad = slot_associated_data (database_uuid, slot);
  guint8 public_key[PUBLIC_KEY_BYTES];
  unsigned long long secret_len = 0;
  guint8 *secret;
  CwKey *unlock_key = NULL;

  secret = sodium_malloc (crypto_box_SECRETKEYBYTES);
  if (secret == NULL)
    return set_out_of_memory_error (error), NULL;

  if (crypto_aead_xchacha20poly1305_ietf_decrypt (secret, &secret_len, NULL,
                                                  slot->wrapped_secret,
                                                  sizeof slot->wrapped_secret,
                                                  ad->data, ad->len, slot->nonce,
                                                  cw_key_get_data (kek)) == 0 &&
      secret_len == crypto_box_SECRETKEYBYTES)
    {
      if (crypto_scalarmult_base (public_key, secret) == 0 &&
          sodium_memcmp (public_key, slot->public_key, sizeof public_key) == 0)
        unlock_key = cw_key_new_from_data (secret, crypto_box_SECRETKEYBYTES);
      else
        set_damaged_error (error);
    }

  sodium_free (secret);
  return unlock_key;
}

static gboolean
seal_master_key (const guint8 *public_key,
                 const CwKey  *master_key,
                 guint8       *sealed)
{
  return crypto_box_seal (sealed, cw_key_get_data (master_key), CW_KEY_SIZE, public_key) == 0;
}

/* Gives @slot a new key pair, wraps its secret under @secret (a password or
 * the recovery key bytes) and seals @master_key to it. */
static gboolean
fill_slot (const char   *database_uuid,
           Slot         *slot,
           const char   *secret,
           gsize         secret_len,
           gboolean      secret_is_password,
           const CwKey  *master_key,
           GError      **error)
{
  g_autoptr(CwKey) kek = NULL;
  guint8 *secret_key;
  gboolean ok = FALSE;

  randombytes_buf (slot->kdf_salt, sizeof slot->kdf_salt);
  slot->ops_limit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
  slot->mem_limit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
  slot->has_pending = FALSE;
  sodium_memzero (slot->sealed_pending, sizeof slot->sealed_pending);

  if (secret_is_password)
    kek = derive_kek_from_password (secret, slot->kdf_salt, slot->ops_limit, slot->mem_limit,
                                    error);
  else
    kek = derive_kek (secret, secret_len, slot->kdf_salt, slot->ops_limit, slot->mem_limit,
                      error);
  if (kek == NULL)
    return FALSE;

  secret_key = sodium_malloc (crypto_box_SECRETKEYBYTES);
  if (secret_key == NULL)
    return set_out_of_memory_error (error);

  if (crypto_box_keypair (slot->public_key, secret_key) == 0 &&
      seal_master_key (slot->public_key, master_key, slot->sealed_master))
    {
      wrap_secret_key (database_uuid, slot, kek, secret_key);
      ok = TRUE;
    }
  else
    {
      g_set_error_literal (error, CW_VAULT_ERROR, CW_VAULT_ERROR_FAILED,
                           _("A new key could not be made."));
    }

  sodium_free (secret_key);
  return ok;
}

static char *
encode_recovery_key (const guint8 *bytes)
{
  GString *text = g_string_sized_new (RECOVERY_KEY_CHARS + RECOVERY_KEY_CHARS / 4);
  guint buffer = 0;
  guint bits = 0;
  guint n_chars = 0;

  for (guint i = 0; i < RECOVERY_KEY_BYTES; i++)
    {
      buffer = (buffer << 8) | bytes[i];
      bits += 8;
      while (bits >= 5)
        {
          if (n_chars > 0 && n_chars % RECOVERY_KEY_GROUP == 0)
            g_string_append_c (text, '-');
          g_string_append_c (text, crockford_alphabet[(buffer >> (bits - 5)) & 0x1f]);
          bits -= 5;
          n_chars++;
        }
      buffer &= (1u << bits) - 1;
    }

  sodium_memzero (&buffer, sizeof buffer);
  return g_string_free (text, FALSE);
}

static int
crockford_value (char c)
{
  const char *found;

  c = g_ascii_toupper (c);
  if (c == 'O')
    c = '0';
  else if (c == 'I' || c == 'L')
    c = '1';

  found = c != '\0' ? strchr (crockford_alphabet, c) : NULL;
  return found != NULL ? (int) (found - crockford_alphabet) : -1;
}

/* Decodes recovery key text (tolerant of case, spaces, dashes and
 * Crockford's confusable letters) into sodium memory, or NULL. */
static guint8 *
decode_recovery_key (const char *text)
{
  guint8 *bytes;
  guint buffer = 0;
  guint bits = 0;
  guint n_chars = 0;
  guint n_bytes = 0;

  if (text == NULL)
    return NULL;

  bytes = sodium_malloc (RECOVERY_KEY_BYTES);
  if (bytes == NULL)
    return NULL;

  for (const char *p = text; *p != '\0'; p++)
    {
      int value;

      if (*p == '-' || *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        continue;

      value = crockford_value (*p);
      if (value < 0 || n_chars >= RECOVERY_KEY_CHARS)
        goto invalid;

      n_chars++;
      buffer = (buffer << 5) | (guint) value;
      bits += 5;
      if (bits >= 8)
        {
          bytes[n_bytes++] = (buffer >> (bits - 8)) & 0xff;
          bits -= 8;
          buffer &= (1u << bits) - 1;
        }
    }

  if (n_chars != RECOVERY_KEY_CHARS || n_bytes != RECOVERY_KEY_BYTES)
    goto invalid;

  sodium_memzero (&buffer, sizeof buffer);
  return bytes;

invalid:
  sodium_memzero (&buffer, sizeof buffer);
  sodium_free (bytes);
  return NULL;
}

/* Makes a recovery slot for @master_key in @state and returns its key text. */
static char *
make_recovery_slot (VaultState  *state,
                    const CwKey *master_key,
                    GError     **error)
{
  Slot *slot;
  guint8 *bytes;
  char *text;

  bytes = sodium_malloc (RECOVERY_KEY_BYTES);
  if (bytes == NULL)
    return set_out_of_memory_error (error), NULL;
  randombytes_buf (bytes, RECOVERY_KEY_BYTES);

  slot = g_new0 (Slot, 1);
  slot->id = g_strdup (RECOVERY_SLOT_ID);
  slot->kind = SLOT_KIND_RECOVERY;

  if (!fill_slot (state->database_uuid, slot, (const char *) bytes, RECOVERY_KEY_BYTES, FALSE,
                  master_key, error))
    {
      sodium_free (bytes);
      slot_free (slot);
      return NULL;
    }

  text = encode_recovery_key (bytes);
  sodium_free (bytes);

  vault_state_remove_slot (state, RECOVERY_SLOT_ID);
  g_ptr_array_add (state->slots, slot);
  return text;
}

/* Opens @sealed (the current or pending master key of @slot) with @unlock_key. */
static CwKey *
open_sealed (const Slot   *slot,
             const guint8 *sealed,
             const CwKey  *unlock_key,
             GError      **error)
{
  guint8 public_key[PUBLIC_KEY_BYTES];
  guint8 *master;
  CwKey *master_key = NULL;

  if (crypto_scalarmult_base (public_key, cw_key_get_data (unlock_key)) != 0 ||
      sodium_memcmp (public_key, slot->public_key, sizeof public_key) != 0)
    {
      g_set_error_literal (error, CW_VAULT_ERROR, CW_VAULT_ERROR_STALE_UNLOCK_KEY,
                           _("The sign-in remembered on this computer no longer works, "
                             "perhaps because the password was reset. Sign in with the "
                             "password."));
      return NULL;
    }

  master = sodium_malloc (CW_KEY_SIZE);
  if (master == NULL)
    return set_out_of_memory_error (error), NULL;

  if (crypto_box_seal_open (master, sealed, SEALED_BYTES, slot->public_key,
                            cw_key_get_data (unlock_key)) == 0)
    master_key = cw_key_new_from_data (master, CW_KEY_SIZE);
  else
    set_damaged_error (error);

  sodium_free (master);
  return master_key;
}

static Slot *
find_slot_for_username (CwVault    *self,
                        const char *username)
{
  g_autofree char *slot_id = NULL;

  if (username == NULL)
    return vault_state_find_slot (self->state, RECOVERY_SLOT_ID);

  slot_id = slot_id_for_username (self->state, username);
  return vault_state_find_slot (self->state, slot_id);
}

static void
cw_vault_finalize (GObject *object)
{
  CwVault *self = CW_VAULT (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->state, vault_state_free);

  G_OBJECT_CLASS (cw_vault_parent_class)->finalize (object);
}

static void
cw_vault_class_init (CwVaultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cw_vault_finalize;
}

static void
cw_vault_init (CwVault *self)
{
}

void
cw_failed_attempt_free (CwFailedAttempt *attempt)
{
  if (attempt == NULL)
    return;

  g_free (attempt->slot_id);
  g_free (attempt);
}

char *
cw_vault_path_for_database (const char *database_path)
{
  g_return_val_if_fail (database_path != NULL, NULL);

  return g_strconcat (database_path, ".keys", NULL);
}

/**
 * cw_vault_create:
 *
 * Creates the key file at @path with one recovery slot for @master_key.
 * *@recovery_key_out receives the recovery key text, to show once; the
 * caller wipes it with cw_secure_wipe_string() when done.
 */
CwVault *
cw_vault_create (const char  *path,
                 const char  *database_uuid,
                 const CwKey *master_key,
                 char       **recovery_key_out,
                 GError     **error)
{
  g_autoptr(VaultState) state = NULL;
  g_autoptr(CwVault) self = NULL;
  g_autofree char *recovery_key = NULL;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (database_uuid_is_valid (database_uuid), NULL);
  g_return_val_if_fail (master_key != NULL, NULL);
  g_return_val_if_fail (recovery_key_out != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!ensure_sodium (error))
    return NULL;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error_literal (error, CW_VAULT_ERROR, CW_VAULT_ERROR_FAILED,
                           _("A key file already exists beside this database."));
      return NULL;
    }

  /* Claim the name first, so that two set-ups cannot overwrite each other
   * and a folder that cannot be written to fails before any key work. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      if (errno == EEXIST)
        g_set_error_literal (error, CW_VAULT_ERROR, CW_VAULT_ERROR_FAILED,
                             _("A key file already exists beside this database."));
      else
        g_set_error_literal (error, CW_VAULT_ERROR, CW_VAULT_ERROR_IO,
                             _("The key file beside this database could not be saved. Check "
                               "that its folder exists and can be written to."));
      return NULL;
    }
  close (fd);

  state = vault_state_new ();
  state->database_uuid = g_strdup (database_uuid);
  randombytes_buf (state->slot_id_salt, sizeof state->slot_id_salt);

  recovery_key = make_recovery_slot (state, master_key, error);
  if (recovery_key == NULL || !write_state (path, state, error))
    {
      g_unlink (path);
      if (recovery_key != NULL)
        cw_secure_wipe_string (recovery_key);
      return NULL;
    }

  self = g_object_new (CW_TYPE_VAULT, NULL);
  self->path = g_strdup (path);
  self->state = g_steal_pointer (&state);
  *recovery_key_out = g_steal_pointer (&recovery_key);

  return g_steal_pointer (&self);
}

CwVault *
cw_vault_load (const char  *path,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  VaultState *state;
  CwVault *self;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!ensure_sodium (error))
    return NULL;

  if (!g_file_get_contents (path, &contents, &len, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error_literal (error, CW_VAULT_ERROR, CW_VAULT_ERROR_NOT_FOUND,
                             _("The key file beside this database is missing, so the "
                               "database cannot be opened."));
      else if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_ISDIR))
        set_damaged_error (error);
      else
        g_set_error_literal (error, CW_VAULT_ERROR, CW_VAULT_ERROR_IO,
                             _("The key file beside this database could not be read."));
      return NULL;
    }

  state = parse_state (contents, len, error);
  if (state == NULL)
    return NULL;

  self = g_object_new (CW_TYPE_VAULT, NULL);
  self->path = g_strdup (path);
  self->state = state;

  return self;
}

const char *
cw_vault_get_path (CwVault *self)
{
  g_return_val_if_fail (CW_IS_VAULT (self), NULL);

  return self->path;
}

const char *
cw_vault_get_database_uuid (CwVault *self)
{
  g_return_val_if_fail (CW_IS_VAULT (self), NULL);

  return self->state->database_uuid;
}

/* The opaque slot id that stands for @username in the key file. */
char *
cw_vault_slot_id_for_username (CwVault    *self,
                               const char *username)
{
  g_return_val_if_fail (CW_IS_VAULT (self), NULL);
  g_return_val_if_fail (username != NULL, NULL);

  return slot_id_for_username (self->state, username);
}

gboolean
cw_vault_has_slot (CwVault    *self,
                   const char *username)
{
  g_return_val_if_fail (CW_IS_VAULT (self), FALSE);
  g_return_val_if_fail (username != NULL, FALSE);

  return find_slot_for_username (self, username) != NULL;
}

/* All slots, the recovery slot included. */
guint
cw_vault_get_n_slots (CwVault *self)
{
  g_return_val_if_fail (CW_IS_VAULT (self), 0);

  return self->state->slots->len;
}

gboolean
cw_vault_add_password_slot (CwVault     *self,
                            const CwKey *master_key,
                            const char  *username,
                            const char  *password,
                            GError     **error)
{
  g_autoptr(VaultState) state = NULL;
  Slot *slot;

  g_return_val_if_fail (CW_IS_VAULT (self), FALSE);
  g_return_val_if_fail (master_key != NULL, FALSE);
  g_return_val_if_fail (username != NULL, FALSE);
  g_return_val_if_fail (password != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (find_slot_for_username (self, username) != NULL)
    {
      g_set_error_literal (error, CW_VAULT_ERROR, CW_VAULT_ERROR_SLOT_EXISTS,
                           _("Someone with that username can already open this database."));
      return FALSE;
    }

  state = vault_state_copy (self->state);
  slot = g_new0 (Slot, 1);
  slot->id = slot_id_for_username (state, username);
  slot->kind = SLOT_KIND_PASSWORD;
  if (!fill_slot (state->database_uuid, slot, password, strlen (password), TRUE, master_key,
                  error))
    {
      slot_free (slot);
      return FALSE;
    }
  g_ptr_array_add (state->slots, slot);

  return commit_state (self, &state, error);
}

gboolean
cw_vault_reset_password_slot (CwVault     *self,
                              const CwKey *master_key,
                              const char  *username,
                              const char  *password,
                              GError     **error)
{
  g_autoptr(VaultState) state = NULL;
  g_autofree char *slot_id = NULL;
  Slot *slot;

  g_return_val_if_fail (CW_IS_VAULT (self), FALSE);
  g_return_val_if_fail (master_key != NULL, FALSE);
  g_return_val_if_fail (username != NULL, FALSE);
  g_return_val_if_fail (password != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  state = vault_state_copy (self->state);
  slot_id = slot_id_for_username (state, username);
  slot = vault_state_find_slot (state, slot_id);
  if (slot == NULL)
    return set_no_such_slot_error (error);

  if (!fill_slot (state->database_uuid, slot, password, strlen (password), TRUE, master_key,
                  error))
    return FALSE;

  return commit_state (self, &state, error);
}

/* Keeps the slot's key pair, so that a remembered unlock key still works. */
gboolean
cw_vault_change_password (CwVault     *self,
                          const char  *username,
                          const char  *old_password,
                          const char  *new_password,
                          GError     **error)
{
  g_autoptr(VaultState) state = NULL;
  g_autoptr(CwKey) unlock_key = NULL;
  g_autoptr(CwKey) kek = NULL;
  g_autofree char *slot_id = NULL;
  Slot *slot;

  g_return_val_if_fail (CW_IS_VAULT (self), FALSE);
  g_return_val_if_fail (username != NULL, FALSE);
  g_return_val_if_fail (old_password != NULL, FALSE);
  g_return_val_if_fail (new_password != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  unlock_key = cw_vault_derive_unlock_key (self, username, old_password, error);
  if (unlock_key == NULL)
    return FALSE;

  state = vault_state_copy (self->state);
  slot_id = slot_id_for_username (state, username);
  slot = vault_state_find_slot (state, slot_id);
  g_assert (slot != NULL);

  randombytes_buf (slot->kdf_salt, sizeof slot->kdf_salt);
  slot->ops_limit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
  slot->mem_limit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
  kek = derive_kek_from_password (new_password, slot->kdf_salt, slot->ops_limit,
                                  slot->mem_limit, error);
  if (kek == NULL)
    return FALSE;

  wrap_secret_key (state->database_uuid, slot, kek, cw_key_get_data (unlock_key));

  return commit_state (self, &state, error);
}

gboolean
cw_vault_remove_slot (CwVault     *self,
                      const char  *username,
                      GError     **error)
{
  g_autoptr(VaultState) state = NULL;
  g_autofree char *slot_id = NULL;

  g_return_val_if_fail (CW_IS_VAULT (self), FALSE);
  g_return_val_if_fail (username != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  state = vault_state_copy (self->state);
  slot_id = slot_id_for_username (state, username);
  if (!vault_state_remove_slot (state, slot_id))
    return set_no_such_slot_error (error);

  return commit_state (self, &state, error);
}

/**
 * cw_vault_replace_recovery_key:
 *
 * Replaces the recovery slot; the old recovery key stops working. Returns
 * the new key's text (wipe with cw_secure_wipe_string() when done).
 */
char *
cw_vault_replace_recovery_key (CwVault     *self,
                               const CwKey *master_key,
                               GError     **error)
{
  g_autoptr(VaultState) state = NULL;
  char *recovery_key;

  g_return_val_if_fail (CW_IS_VAULT (self), NULL);
  g_return_val_if_fail (master_key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  state = vault_state_copy (self->state);
  recovery_key = make_recovery_slot (state, master_key, error);
  if (recovery_key == NULL)
    return NULL;

  if (!commit_state (self, &state, error))
    {
      cw_secure_wipe_string (recovery_key);
      g_free (recovery_key);
      return NULL;
    }

  return recovery_key;
}

CwKey *
cw_vault_derive_unlock_key (CwVault     *self,
                            const char  *username,
                            const char  *password,
                            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(CwKey) kek = NULL;
  CwKey *unlock_key;
  Slot *slot;

  g_return_val_if_fail (CW_IS_VAULT (self), NULL);
  g_return_val_if_fail (username != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  slot = find_slot_for_username (self, username);
  if (slot == NULL || slot->kind != SLOT_KIND_PASSWORD)
    {
      /* Take as long as a real attempt, so that usernames cannot be found
       * out by timing sign-ins. */
      kek = derive_kek_from_password (password, self->state->slot_id_salt,
                                      crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                      crypto_pwhash_MEMLIMIT_INTERACTIVE, NULL);
      return set_no_such_slot_error (error), NULL;
    }

  kek = derive_kek_from_password (password, slot->kdf_salt, slot->ops_limit, slot->mem_limit,
                                  error);
  if (kek == NULL)
    return NULL;

  unlock_key = unwrap_secret_key (self->state->database_uuid, slot, kek, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (unlock_key == NULL)
    return set_wrong_password_error (error), NULL;

  return unlock_key;
}

CwKey *
cw_vault_derive_recovery_unlock_key (CwVault     *self,
                                     const char  *recovery_key,
                                     GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(CwKey) kek = NULL;
  CwKey *unlock_key;
  guint8 *bytes;
  Slot *slot;

  g_return_val_if_fail (CW_IS_VAULT (self), NULL);
  g_return_val_if_fail (recovery_key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = decode_recovery_key (recovery_key);
  if (bytes == NULL)
    return set_wrong_recovery_key_error (error), NULL;

  slot = vault_state_find_slot (self->state, RECOVERY_SLOT_ID);
  g_assert (slot != NULL);   /* parse_state() insists on one */

  kek = derive_kek ((const char *) bytes, RECOVERY_KEY_BYTES, slot->kdf_salt, slot->ops_limit,
                    slot->mem_limit, error);
  sodium_free (bytes);
  if (kek == NULL)
    return NULL;

  unlock_key = unwrap_secret_key (self->state->database_uuid, slot, kek, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (unlock_key == NULL)
    return set_wrong_recovery_key_error (error), NULL;

  return unlock_key;
}

CwKey *
cw_vault_open_master_key (CwVault     *self,
                          const char  *username,
                          const CwKey *unlock_key,
                          GError     **error)
{
  Slot *slot;

  g_return_val_if_fail (CW_IS_VAULT (self), NULL);
  g_return_val_if_fail (unlock_key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  slot = find_slot_for_username (self, username);
  if (slot == NULL)
    return set_no_such_slot_error (error), NULL;

  return open_sealed (slot, slot->sealed_master, unlock_key, error);
}

gboolean
cw_vault_begin_rotation (CwVault     *self,
                         const CwKey *new_master_key,
                         GError     **error)
{
  g_autoptr(VaultState) state = NULL;

  g_return_val_if_fail (CW_IS_VAULT (self), FALSE);
  g_return_val_if_fail (new_master_key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  state = vault_state_copy (self->state);
  for (guint i = 0; i < state->slots->len; i++)
    {
      Slot *slot = g_ptr_array_index (state->slots, i);

      if (!seal_master_key (slot->public_key, new_master_key, slot->sealed_pending))
        {
          g_set_error_literal (error, CW_VAULT_ERROR, CW_VAULT_ERROR_FAILED,
                               _("The new database key could not be sealed."));
          return FALSE;
        }
      slot->has_pending = TRUE;
    }

  return commit_state (self, &state, error);
}

gboolean
cw_vault_finish_rotation (CwVault     *self,
                          GError     **error)
{
  g_autoptr(VaultState) state = NULL;

  g_return_val_if_fail (CW_IS_VAULT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  state = vault_state_copy (self->state);
  for (guint i = 0; i < state->slots->len; i++)
    {
      Slot *slot = g_ptr_array_index (state->slots, i);

      /* A slot without the new key would lock its owner out. */
      if (!slot->has_pending)
        {
          g_set_error_literal (error, CW_VAULT_ERROR, CW_VAULT_ERROR_FAILED,
                               _("The change of database key cannot be completed because "
                                 "not everyone has been given the new key."));
          return FALSE;
        }

      memcpy (slot->sealed_master, slot->sealed_pending, sizeof slot->sealed_master);
      sodium_memzero (slot->sealed_pending, sizeof slot->sealed_pending);
      slot->has_pending = FALSE;
    }

  return commit_state (self, &state, error);
}

gboolean
cw_vault_abandon_rotation (CwVault     *self,
                           GError     **error)
{
  g_autoptr(VaultState) state = NULL;

  g_return_val_if_fail (CW_IS_VAULT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  state = vault_state_copy (self->state);
  for (guint i = 0; i < state->slots->len; i++)
    {
      Slot *slot = g_ptr_array_index (state->slots, i);

      sodium_memzero (slot->sealed_pending, sizeof slot->sealed_pending);
      slot->has_pending = FALSE;
    }

  return commit_state (self, &state, error);
}

/* NULL without an error when no rotation is under way for that slot. */
CwKey *
cw_vault_open_pending_master_key (CwVault     *self,
                                  const char  *username,
                                  const CwKey *unlock_key,
                                  GError     **error)
{
  Slot *slot;

  g_return_val_if_fail (CW_IS_VAULT (self), NULL);
  g_return_val_if_fail (unlock_key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  slot = find_slot_for_username (self, username);
  if (slot == NULL)
    return set_no_such_slot_error (error), NULL;

  if (!slot->has_pending)
    return NULL;

  return open_sealed (slot, slot->sealed_pending, unlock_key, error);
}

/* Records a failed sign-in for @username (known or not) under its slot id. */
gboolean
cw_vault_record_failed_attempt (CwVault     *self,
                                const char  *username,
                                GError     **error)
{
  g_autoptr(VaultState) state = NULL;
  g_autofree char *slot_id = NULL;

  g_return_val_if_fail (CW_IS_VAULT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  state = vault_state_copy (self->state);
  slot_id = username != NULL ? slot_id_for_username (state, username)
                             : g_strdup (RECOVERY_SLOT_ID);

  /* Keep the most recent ones: the file must not grow without limit. */
  while (state->attempts->len >= MAX_FAILED_ATTEMPTS)
    g_ptr_array_remove_index (state->attempts, 0);
  g_ptr_array_add (state->attempts,
                   failed_attempt_new (slot_id, g_get_real_time () / G_USEC_PER_SEC));

  return commit_state (self, &state, error);
}

/**
 * cw_vault_take_failed_attempts:
 *
 * Returns the recorded failed sign-ins (oldest first) and clears them from
 * the file. On error nothing is cleared and %NULL is returned.
 *
 * Returns: (transfer full) (element-type CwFailedAttempt)
 */
GPtrArray *
cw_vault_take_failed_attempts (CwVault  *self,
                               GError  **error)
{
  g_autoptr(VaultState) state = NULL;
  g_autoptr(GPtrArray) taken = NULL;

  g_return_val_if_fail (CW_IS_VAULT (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  taken = g_ptr_array_new_with_free_func ((GDestroyNotify) cw_failed_attempt_free);
  if (self->state->attempts->len == 0)
    return g_steal_pointer (&taken);

  for (guint i = 0; i < self->state->attempts->len; i++)
    {
      CwFailedAttempt *attempt = g_ptr_array_index (self->state->attempts, i);

      g_ptr_array_add (taken, failed_attempt_new (attempt->slot_id, attempt->when));
    }

  state = vault_state_copy (self->state);
  g_ptr_array_set_size (state->attempts, 0);
  if (!commit_state (self, &state, error))
    return NULL;

  return g_steal_pointer (&taken);
}

gboolean
cw_recovery_key_is_well_formed (const char *text)
{
  guint8 *bytes;

  if (text == NULL || sodium_init () < 0)
    return FALSE;

  bytes = decode_recovery_key (text);
  if (bytes == NULL)
    return FALSE;

  sodium_free (bytes);
  return TRUE;
}
