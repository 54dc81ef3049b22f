/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "cw-key.h"
#include "cw-vault.h"
#include "cw-test-util.h"

/*
 * Every Argon2id call costs a noticeable fraction of a second (more under
 * AddressSanitizer), so each test derives only the keys it needs.
 */

#define DATABASE_UUID   "5f0e9a34-7c1b-4d2e-9a8f-3b6c1d2e4f50"
#define USERNAME        "zebedee.quartermain"
#define PASSWORD        "velvet turnip harbour lantern"
#define OTHER_USERNAME  "philippa.underhill"
#define OTHER_PASSWORD  "kettle orbit meadow forty-seven"

static const char crockford_alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

typedef struct
{
  char    *dir;
  char    *path;
  CwKey   *master;
  char    *recovery_key;
  CwVault *vault;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = cw_test_make_tmpdir ();
  fixture->path = g_build_filename (fixture->dir, "team.db.keys", NULL);
  fixture->master = cw_key_new_random ();
  fixture->vault = cw_vault_create (fixture->path, DATABASE_UUID, fixture->master,
                                    &fixture->recovery_key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->vault);
  g_assert_nonnull (fixture->recovery_key);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->vault);
  g_clear_pointer (&fixture->master, cw_key_free);
  g_clear_pointer (&fixture->recovery_key, g_free);
  cw_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->path, g_free);
}

static void
add_slot (CwVault     *vault,
          const CwKey *master,
          const char  *username,
          const char  *password)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cw_vault_add_password_slot (vault, master, username, password, &error));
  g_assert_no_error (error);
}

static CwKey *
derive (CwVault    *vault,
        const char *username,
        const char *password)
{
  g_autoptr(GError) error = NULL;
  CwKey *unlock_key = cw_vault_derive_unlock_key (vault, username, password, &error);

  g_assert_no_error (error);
  g_assert_nonnull (unlock_key);
  return unlock_key;
}

/* Opens the master key of @username's slot and checks it is @expected. */
static void
assert_master (CwVault     *vault,
               const char  *username,
               const CwKey *unlock_key,
               const CwKey *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwKey) master = cw_vault_open_master_key (vault, username, unlock_key, &error);

  g_assert_no_error (error);
  g_assert_nonnull (master);
  g_assert_true (cw_key_equal (master, expected));
}

static void
assert_pending (CwVault     *vault,
                const char  *username,
                const CwKey *unlock_key,
                const CwKey *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwKey) pending = cw_vault_open_pending_master_key (vault, username, unlock_key,
                                                               &error);

  g_assert_no_error (error);
  if (expected == NULL)
    {
      g_assert_null (pending);
    }
  else
    {
      g_assert_nonnull (pending);
      g_assert_true (cw_key_equal (pending, expected));
    }
}

static void
assert_wrong_password (CwVault    *vault,
                       const char *username,
                       const char *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwKey) unlock_key = cw_vault_derive_unlock_key (vault, username, password, &error);

  g_assert_error (error, CW_VAULT_ERROR, CW_VAULT_ERROR_WRONG_PASSWORD);
  g_assert_null (unlock_key);
}

static CwVault *
reload (const char *path)
{
  g_autoptr(GError) error = NULL;
  CwVault *vault = cw_vault_load (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (vault);
  return vault;
}

static char *
slot_group (CwVault    *vault,
            const char *username)
{
  g_autofree char *slot_id = username != NULL ? cw_vault_slot_id_for_username (vault, username)
                                              : g_strdup ("recovery");

  return g_strconcat ("Slot ", slot_id, NULL);
}

static GKeyFile *
read_key_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  GKeyFile *key_file = g_key_file_new ();

  g_key_file_load_from_file (key_file, path, G_KEY_FILE_KEEP_COMMENTS, &error);
  g_assert_no_error (error);
  return key_file;
}

static char *
write_key_file (GKeyFile   *key_file,
                const char *dir,
                const char *name)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_key_file_save_to_file (key_file, path, &error);
  g_assert_no_error (error);
  return path;
}

/* Flips one bit in the middle of a base64 value, keeping it valid base64
 * of the same length: only the cryptography can notice. */
static void
flip_bit (GKeyFile   *key_file,
          const char *group,
          const char *key)
{
  g_autofree char *value = g_key_file_get_value (key_file, group, key, NULL);
  g_autofree guchar *bytes = NULL;
  g_autofree char *encoded = NULL;
  gsize len = 0;

  g_assert_nonnull (value);
  bytes = g_base64_decode (value, &len);
  g_assert_cmpuint (len, >, 0);
  bytes[len / 2] ^= 0x10;
  encoded = g_base64_encode (bytes, len);
  g_assert_cmpstr (encoded, !=, value);
  g_key_file_set_value (key_file, group, key, encoded);
}

static void
assert_load_damaged (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwVault) vault = cw_vault_load (path, &error);

  g_assert_error (error, CW_VAULT_ERROR, CW_VAULT_ERROR_DAMAGED);
  g_assert_null (vault);
  g_assert_nonnull (strstr (error->message, "damaged"));
}

static void
write_bytes (const char   *path,
             const guint8 *data,
             gsize         len)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, (const char *) data, len, &error);
  g_assert_no_error (error);
}

/* 8 groups of 4 Crockford base32 characters. */
static void
assert_recovery_key_format (const char *text)
{
  g_auto(GStrv) groups = g_strsplit (text, "-", -1);

  g_assert_cmpuint (strlen (text), ==, 39);
  g_assert_cmpuint (g_strv_length (groups), ==, 8);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_assert_cmpuint (strlen (groups[i]), ==, 4);
      for (guint j = 0; j < 4; j++)
        g_assert_nonnull (strchr (crockford_alphabet, groups[i][j]));
    }
  g_assert_true (cw_recovery_key_is_well_formed (text));
}

/* The same key as someone might type it: lower case, spaces for dashes,
 * the letter O for zero, and l or I for one. */
static char *
mangle_recovery_key (const char *text)
{
  GString *mangled = g_string_new (NULL);
  gboolean ones_as_l = TRUE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '-')
        g_string_append_c (mangled, ' ');
      else if (*p == '0')
        g_string_append_c (mangled, 'O');
      else if (*p == '1')
        {
          g_string_append_c (mangled, ones_as_l ? 'l' : 'I');
          ones_as_l = !ones_as_l;
        }
      else
        g_string_append_c (mangled, g_ascii_tolower (*p));
    }

  return g_string_free (mangled, FALSE);
}

static void
test_vault_create_and_recover (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwKey) unlock_key = NULL;
  g_autoptr(CwVault) again = NULL;
  g_autofree char *dup_recovery = NULL;
  GStatBuf st;

  assert_recovery_key_format (fixture->recovery_key);
  g_assert_cmpstr (cw_vault_get_path (fixture->vault), ==, fixture->path);
  g_assert_cmpstr (cw_vault_get_database_uuid (fixture->vault), ==, DATABASE_UUID);
  g_assert_cmpuint (cw_vault_get_n_slots (fixture->vault), ==, 1);

  /* Only the owner may read the key file. */
  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  unlock_key = cw_vault_derive_recovery_unlock_key (fixture->vault, fixture->recovery_key,
                                                    &error);
  g_assert_no_error (error);
  assert_master (fixture->vault, NULL, unlock_key, fixture->master);

  /* The file alone is enough: a fresh load opens with the same unlock key. */
  again = reload (fixture->path);
  g_assert_cmpstr (cw_vault_get_database_uuid (again), ==, DATABASE_UUID);
  assert_master (again, NULL, unlock_key, fixture->master);

  /* A second set-up beside the same database is refused, file untouched. */
  {
    g_autoptr(GBytes) before = cw_test_read_file (fixture->path);
    g_autoptr(GBytes) after = NULL;
    g_autoptr(CwKey) other_master = cw_key_new_random ();
    g_autoptr(CwVault) second = cw_vault_create (fixture->path, DATABASE_UUID, other_master,
                                                 &dup_recovery, &error);

    g_assert_error (error, CW_VAULT_ERROR, CW_VAULT_ERROR_FAILED);
    g_assert_null (second);
    g_assert_null (dup_recovery);
    after = cw_test_read_file (fixture->path);
    g_assert_true (g_bytes_equal (before, after));
  }
}

static void
test_vault_recovery_key_parsing (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwKey) unlock_key = NULL;
  g_autoptr(CwKey) old_unlock_key = NULL;
  g_autofree char *old_key = g_strdup (fixture->recovery_key);
  g_autofree char *new_key = NULL;
  g_autofree char *mangled = NULL;
  const char *malformed[] = {
    "",
    "ABCD-EFGH",
    "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-678",        /* 31 characters */
    "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-67890",      /* 33 characters */
    "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-678U",       /* U is not Crockford */
    "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-678#",
  };

  /* Replace the key until the new one has a 0 or a 1, so that the
   * confusable letters below are really tried (usually the first one). */
  do
    {
      if (new_key != NULL)
        cw_secure_wipe_string (new_key);
      g_clear_pointer (&new_key, g_free);
      new_key = cw_vault_replace_recovery_key (fixture->vault, fixture->master, &error);
      g_assert_no_error (error);
      assert_recovery_key_format (new_key);
    }
  while (strpbrk (new_key, "01") == NULL);

  g_assert_cmpstr (new_key, !=, old_key);
  g_assert_cmpuint (cw_vault_get_n_slots (fixture->vault), ==, 1);

  /* Tolerant parsing: the new key typed sloppily opens the database. */
  mangled = mangle_recovery_key (new_key);
  g_assert_cmpstr (mangled, !=, new_key);
  g_assert_true (cw_recovery_key_is_well_formed (mangled));
  unlock_key = cw_vault_derive_recovery_unlock_key (fixture->vault, mangled, &error);
  g_assert_no_error (error);
  assert_master (fixture->vault, NULL, unlock_key, fixture->master);

  /* The replaced key no longer works. */
  old_unlock_key = cw_vault_derive_recovery_unlock_key (fixture->vault, old_key, &error);
  g_assert_error (error, CW_VAULT_ERROR, CW_VAULT_ERROR_WRONG_RECOVERY_KEY);
  g_assert_null (old_unlock_key);
  g_clear_error (&error);

  /* Malformed text is refused without any key work. */
  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autoptr(CwKey) none = NULL;

      g_assert_false (cw_recovery_key_is_well_formed (malformed[i]));
      none = cw_vault_derive_recovery_unlock_key (fixture->vault, malformed[i], &error);
      g_assert_error (error, CW_VAULT_ERROR, CW_VAULT_ERROR_WRONG_RECOVERY_KEY);
      g_assert_null (none);
      g_clear_error (&error);
    }

  g_assert_true (cw_recovery_key_is_well_formed ("oooo iiii llll 0000 1111 abcd efgh jkmn"));
}

static void
test_vault_password_slot (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwKey) unlock_key = NULL;
  g_autoptr(CwKey) none = NULL;
  g_autoptr(CwVault) again = NULL;
  g_autofree char *slot_id = NULL;
  GStatBuf st;

  add_slot (fixture->vault, fixture->master, USERNAME, PASSWORD);
  g_assert_cmpuint (cw_vault_get_n_slots (fixture->vault), ==, 2);
  g_assert_true (cw_vault_has_slot (fixture->vault, USERNAME));
  g_assert_true (cw_vault_has_slot (fixture->vault, "  Zebedee.Quartermain "));
  g_assert_false (cw_vault_has_slot (fixture->vault, OTHER_USERNAME));

  unlock_key = derive (fixture->vault, USERNAME, PASSWORD);
  assert_master (fixture->vault, USERNAME, unlock_key, fixture->master);

  assert_wrong_password (fixture->vault, USERNAME, "velvet turnip harbour lanterns");

  none = cw_vault_derive_unlock_key (fixture->vault, OTHER_USERNAME, PASSWORD, &error);
  g_assert_error (error, CW_VAULT_ERROR, CW_VAULT_ERROR_NO_SUCH_SLOT);
  g_assert_null (none);
  g_clear_error (&error);

  /* Nobody can take over an existing slot by adding it again. */
  g_assert_false (cw_vault_add_password_slot (fixture->vault, fixture->master, USERNAME,
                                              OTHER_PASSWORD, &error));
  g_assert_error (error, CW_VAULT_ERROR, CW_VAULT_ERROR_SLOT_EXISTS);
  g_clear_error (&error);

  /* The key file names nobody in clear, and stays private. */
  slot_id = cw_vault_slot_id_for_username (fixture->vault, USERNAME);
  g_assert_null (strstr (slot_id, "zebedee"));
  g_assert_true (cw_test_file_contains (fixture->path, slot_id));
  g_assert_false (cw_test_file_contains (fixture->path, USERNAME));
  g_assert_false (cw_test_file_contains (fixture->path, "zebedee"));
  g_assert_false (cw_test_file_contains (fixture->path, "quartermain"));
  g_assert_false (cw_test_file_contains (fixture->path, PASSWORD));
  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* Reloaded from disk, the remembered unlock key opens the same master. */
  again = reload (fixture->path);
  g_assert_true (cw_vault_has_slot (again, USERNAME));
  assert_master (again, USERNAME, unlock_key, fixture->master);

  /* An unlock key from one slot does not open another. */
  {
    g_autoptr(CwKey) master = cw_vault_open_master_key (again, NULL, unlock_key, &error);

    g_assert_error (error, CW_VAULT_ERROR, CW_VAULT_ERROR_STALE_UNLOCK_KEY);
    g_assert_null (master);
    g_clear_error (&error);
  }
}

static void
test_vault_tampered (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwKey) unlock_key = NULL;
  g_autoptr(GBytes) original = NULL;
  g_autofree char *group = NULL;
  g_autofree char *other_group = NULL;
  const guint8 *data;
  gsize len;

  add_slot (fixture->vault, fixture->master, USERNAME, PASSWORD);
  unlock_key = derive (fixture->vault, USERNAME, PASSWORD);
  group = slot_group (fixture->vault, USERNAME);
  other_group = slot_group (fixture->vault, OTHER_USERNAME);
  original = cw_test_read_file (fixture->path);
  data = g_bytes_get_data (original, &len);

  /* A bit flipped in the wrapped unlock key: the right password fails. */
  {
    g_autoptr(GKeyFile) key_file = read_key_file (fixture->path);
    g_autofree char *path = NULL;
    g_autoptr(CwVault) vault = NULL;

    flip_bit (key_file, group, "WrappedSecret");
    path = write_key_file (key_file, fixture->dir, "wrapped.keys");
    vault = reload (path);
    assert_wrong_password (vault, USERNAME, PASSWORD);
  }

  /* A bit flipped in the sealed master key: the right unlock key gives an
   * error, never a wrong master key. */
  {
    g_autoptr(GKeyFile) key_file = read_key_file (fixture->path);
    g_autofree char *path = NULL;
    g_autoptr(CwVault) vault = NULL;
    g_autoptr(CwKey) master = NULL;

    flip_bit (key_file, group, "SealedMaster");
    path = write_key_file (key_file, fixture->dir, "sealed.keys");
    vault = reload (path);
    master = cw_vault_open_master_key (vault, USERNAME, unlock_key, &error);
    g_assert_error (error, CW_VAULT_ERROR, CW_VAULT_ERROR_DAMAGED);
    g_assert_null (master);
    g_clear_error (&error);
  }

  /* Another database's UUID: the slot no longer opens. */
  {
    g_autoptr(GKeyFile) key_file = read_key_file (fixture->path);
    g_autofree char *path = NULL;
    g_autoptr(CwVault) vault = NULL;

    g_key_file_set_value (key_file, "Casework Key Slots", "DatabaseUUID",
                          "0b6c4d7e-1f2a-4b3c-8d9e-0f1a2b3c4d5e");
    path = write_key_file (key_file, fixture->dir, "uuid.keys");
    vault = reload (path);
    assert_wrong_password (vault, USERNAME, PASSWORD);
  }

  /* A slot moved to another person's name does not open for them. */
  {
    g_autoptr(GKeyFile) key_file = read_key_file (fixture->path);
    g_autofree char *path = NULL;
    g_autoptr(CwVault) vault = NULL;
    g_auto(GStrv) keys = g_key_file_get_keys (key_file, group, NULL, NULL);

    for (guint i = 0; keys[i] != NULL; i++)
      {
        g_autofree char *value = g_key_file_get_value (key_file, group, keys[i], NULL);

        g_key_file_set_value (key_file, other_group, keys[i], value);
      }
    g_key_file_remove_group (key_file, group, NULL);
    path = write_key_file (key_file, fixture->dir, "moved.keys");
    vault = reload (path);
    g_assert_true (cw_vault_has_slot (vault, OTHER_USERNAME));
    assert_wrong_password (vault, OTHER_USERNAME, PASSWORD);
  }

  /* Another slot's public key put in: the unlock key is refused. */
  {
    g_autoptr(GKeyFile) key_file = read_key_file (fixture->path);
    g_autofree char *path = NULL;
    g_autofree char *recovery_public = NULL;
    g_autoptr(CwVault) vault = NULL;
    g_autoptr(CwKey) master = NULL;

    recovery_public = g_key_file_get_value (key_file, "Slot recovery", "PublicKey", NULL);
    g_key_file_set_value (key_file, group, "PublicKey", recovery_public);
    path = write_key_file (key_file, fixture->dir, "public.keys");
    vault = reload (path);
    master = cw_vault_open_master_key (vault, USERNAME, unlock_key, &error);
    g_assert_nonnull (error);
    g_assert_null (master);
    g_clear_error (&error);
  }

  /* Structural damage is reported as such. */
  {
    g_autofree char *half = g_build_filename (fixture->dir, "half.keys", NULL);
    g_autofree char *empty = g_build_filename (fixture->dir, "empty.keys", NULL);
    g_autofree char *garbage = g_build_filename (fixture->dir, "garbage.keys", NULL);
    g_autofree char *text = g_build_filename (fixture->dir, "text.keys", NULL);
    guint8 random_bytes[2048];

    write_bytes (half, data, len / 2);
    assert_load_damaged (half);

    write_bytes (empty, data, 0);
    assert_load_damaged (empty);

    for (guint i = 0; i < sizeof random_bytes; i++)
      random_bytes[i] = (guint8) g_random_int_range (0, 256);
    write_bytes (garbage, random_bytes, sizeof random_bytes);
    assert_load_damaged (garbage);

    write_bytes (text, (const guint8 *) "[Desktop Entry]\nName=Files\n", 27);
    assert_load_damaged (text);
  }

  /* Field by field: wrong version, lengths, encodings, missing fields. */
  {
    struct {
      const char *group;   /* NULL: the person's slot */
      const char *key;
      const char *value;   /* NULL: remove the key */
    } edits[] = {
      { "Casework Key Slots", "Version", "2" },
      { "Casework Key Slots", "Version", NULL },
      { "Casework Key Slots", "DatabaseUUID", NULL },
      { "Casework Key Slots", "SlotIdSalt", "c2hvcnQ=" },
      { NULL, "Kind", "administrator" },
      { NULL, "Kind", "recovery" },
      { NULL, "PublicKey", "AAAA" },
      { NULL, "PublicKey", "not base64 at all!" },
      { NULL, "Nonce", NULL },
      { NULL, "SealedMaster", NULL },
      { NULL, "WrappedSecret", "" },
      { NULL, "OpsLimit", "-1" },
      { NULL, "MemLimit", "lots" },
      { NULL, "MemLimit", "99999999999999999999" },
      { "Slot recovery", "Kind", "password" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
      {
        g_autoptr(GKeyFile) key_file = read_key_file (fixture->path);
        g_autofree char *path = NULL;
        g_autofree char *name = g_strdup_printf ("edit-%u.keys", i);
        const char *edit_group = edits[i].group != NULL ? edits[i].group : group;

        if (edits[i].value != NULL)
          g_key_file_set_value (key_file, edit_group, edits[i].key, edits[i].value);
        else
          g_key_file_remove_key (key_file, edit_group, edits[i].key, NULL);
        path = write_key_file (key_file, fixture->dir, name);
        assert_load_damaged (path);
      }
  }

  /* Without its recovery slot, or with a stranger's group, it is not ours. */
  {
    g_autoptr(GKeyFile) no_recovery = read_key_file (fixture->path);
    g_autoptr(GKeyFile) stranger = read_key_file (fixture->path);
    g_autoptr(GKeyFile) bad_id = read_key_file (fixture->path);
    g_autofree char *path1 = NULL;
    g_autofree char *path2 = NULL;
    g_autofree char *path3 = NULL;
    g_autofree char *kind = g_key_file_get_value (bad_id, group, "Kind", NULL);

    g_key_file_remove_group (no_recovery, "Slot recovery", NULL);
    path1 = write_key_file (no_recovery, fixture->dir, "no-recovery.keys");
    assert_load_damaged (path1);

    g_key_file_set_value (stranger, "Something Else", "Key", "value");
    path2 = write_key_file (stranger, fixture->dir, "stranger.keys");
    assert_load_damaged (path2);

    g_key_file_set_value (bad_id, "Slot " USERNAME, "Kind", kind);
    path3 = write_key_file (bad_id, fixture->dir, "bad-id.keys");
    assert_load_damaged (path3);
  }

  /* And the original still opens. */
  {
    g_autoptr(CwVault) vault = reload (fixture->path);

    assert_master (vault, USERNAME, unlock_key, fixture->master);
  }
}

static void
test_vault_change_password (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwKey) before = NULL;
  g_autoptr(CwKey) after = NULL;
  g_autoptr(CwVault) again = NULL;
  g_autoptr(GBytes) bytes_before = NULL;
  g_autoptr(GBytes) bytes_after = NULL;

  add_slot (fixture->vault, fixture->master, USERNAME, PASSWORD);
  before = derive (fixture->vault, USERNAME, PASSWORD);

  /* The old password must be right. */
  bytes_before = cw_test_read_file (fixture->path);
  g_assert_false (cw_vault_change_password (fixture->vault, USERNAME, "not the password",
                                            OTHER_PASSWORD, &error));
  g_assert_error (error, CW_VAULT_ERROR, CW_VAULT_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);
  bytes_after = cw_test_read_file (fixture->path);
  g_assert_true (g_bytes_equal (bytes_before, bytes_after));

  g_assert_true (cw_vault_change_password (fixture->vault, USERNAME, PASSWORD, OTHER_PASSWORD,
                                           &error));
  g_assert_no_error (error);

  again = reload (fixture->path);
  assert_wrong_password (again, USERNAME, PASSWORD);
  after = derive (again, USERNAME, OTHER_PASSWORD);

  /* Same key pair: what the keyring remembered still works. */
  g_assert_true (cw_key_equal (before, after));
  assert_master (again, USERNAME, before, fixture->master);
}

static void
test_vault_reset_password_slot (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwKey) before = NULL;
  g_autoptr(CwKey) after = NULL;
  g_autoptr(CwKey) stale = NULL;
  g_autoptr(CwVault) again = NULL;

  add_slot (fixture->vault, fixture->master, USERNAME, PASSWORD);
  before = derive (fixture->vault, USERNAME, PASSWORD);

  g_assert_false (cw_vault_reset_password_slot (fixture->vault, fixture->master,
                                                OTHER_USERNAME, OTHER_PASSWORD, &error));
  g_assert_error (error, CW_VAULT_ERROR, CW_VAULT_ERROR_NO_SUCH_SLOT);
  g_clear_error (&error);

  g_assert_true (cw_vault_reset_password_slot (fixture->vault, fixture->master, USERNAME,
                                               OTHER_PASSWORD, &error));
  g_assert_no_error (error);

  again = reload (fixture->path);
  assert_wrong_password (again, USERNAME, PASSWORD);
  after = derive (again, USERNAME, OTHER_PASSWORD);
  g_assert_false (cw_key_equal (before, after));
  assert_master (again, USERNAME, after, fixture->master);

  /* A key remembered before the reset is stale, and says so. */
  stale = cw_vault_open_master_key (again, USERNAME, before, &error);
  g_assert_error (error, CW_VAULT_ERROR, CW_VAULT_ERROR_STALE_UNLOCK_KEY);
  g_assert_null (stale);
}

static void
test_vault_remove_slot (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwKey) other = NULL;
  g_autoptr(CwKey) none = NULL;
  g_autoptr(CwVault) again = NULL;

  add_slot (fixture->vault, fixture->master, USERNAME, PASSWORD);
  add_slot (fixture->vault, fixture->master, OTHER_USERNAME, OTHER_PASSWORD);
  g_assert_cmpuint (cw_vault_get_n_slots (fixture->vault), ==, 3);

  g_assert_true (cw_vault_remove_slot (fixture->vault, USERNAME, &error));
  g_assert_no_error (error);
  g_assert_false (cw_vault_remove_slot (fixture->vault, USERNAME, &error));
  g_assert_error (error, CW_VAULT_ERROR, CW_VAULT_ERROR_NO_SUCH_SLOT);
  g_clear_error (&error);

  again = reload (fixture->path);
  g_assert_cmpuint (cw_vault_get_n_slots (again), ==, 2);
  g_assert_false (cw_vault_has_slot (again, USERNAME));
  none = cw_vault_derive_unlock_key (again, USERNAME, PASSWORD, &error);
  g_assert_error (error, CW_VAULT_ERROR, CW_VAULT_ERROR_NO_SUCH_SLOT);
  g_assert_null (none);

  other = derive (again, OTHER_USERNAME, OTHER_PASSWORD);
  assert_master (again, OTHER_USERNAME, other, fixture->master);
}

static void
test_vault_rotation (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwKey) first = NULL;
  g_autoptr(CwKey) second = NULL;
  g_autoptr(CwKey) recovery = NULL;
  g_autoptr(CwKey) new_master = cw_key_new_random ();
  g_autoptr(CwKey) abandoned_master = cw_key_new_random ();
  struct {
    const char *username;
    CwKey      *unlock_key;
  } people[3];

  add_slot (fixture->vault, fixture->master, USERNAME, PASSWORD);
  add_slot (fixture->vault, fixture->master, OTHER_USERNAME, OTHER_PASSWORD);
  first = derive (fixture->vault, USERNAME, PASSWORD);
  second = derive (fixture->vault, OTHER_USERNAME, OTHER_PASSWORD);
  recovery = cw_vault_derive_recovery_unlock_key (fixture->vault, fixture->recovery_key,
                                                  &error);
  g_assert_no_error (error);

  people[0].username = USERNAME;
  people[0].unlock_key = first;
  people[1].username = OTHER_USERNAME;
  people[1].unlock_key = second;
  people[2].username = NULL;
  people[2].unlock_key = recovery;

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    assert_pending (fixture->vault, people[i].username, people[i].unlock_key, NULL);

  g_assert_true (cw_vault_begin_rotation (fixture->vault, new_master, &error));
  g_assert_no_error (error);

  /* Between the steps (as after a crash) both keys open, from disk too. */
  {
    g_autoptr(CwVault) again = reload (fixture->path);

    for (guint i = 0; i < G_N_ELEMENTS (people); i++)
      {
        assert_master (again, people[i].username, people[i].unlock_key, fixture->master);
        assert_pending (again, people[i].username, people[i].unlock_key, new_master);
      }
  }

  g_assert_true (cw_vault_finish_rotation (fixture->vault, &error));
  g_assert_no_error (error);

  {
    g_autoptr(CwVault) again = reload (fixture->path);

    for (guint i = 0; i < G_N_ELEMENTS (people); i++)
      {
        assert_master (again, people[i].username, people[i].unlock_key, new_master);
        assert_pending (again, people[i].username, people[i].unlock_key, NULL);
      }
  }

  /* An abandoned rotation leaves the current key in place. */
  g_assert_true (cw_vault_begin_rotation (fixture->vault, abandoned_master, &error));
  g_assert_no_error (error);
  assert_pending (fixture->vault, USERNAME, first, abandoned_master);
  g_assert_true (cw_vault_abandon_rotation (fixture->vault, &error));
  g_assert_no_error (error);

  {
    g_autoptr(CwVault) again = reload (fixture->path);

    for (guint i = 0; i < G_N_ELEMENTS (people); i++)
      {
        assert_master (again, people[i].username, people[i].unlock_key, new_master);
        assert_pending (again, people[i].username, people[i].unlock_key, NULL);
      }
  }

  /* Nothing to finish now. */
  g_assert_false (cw_vault_finish_rotation (fixture->vault, &error));
  g_assert_error (error, CW_VAULT_ERROR, CW_VAULT_ERROR_FAILED);
}

static void
test_vault_failed_attempts (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) taken = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(CwVault) reloaded = NULL;
  g_autofree char *known_id = NULL;
  g_autofree char *unknown_id = NULL;

  add_slot (fixture->vault, fixture->master, USERNAME, PASSWORD);

  g_assert_true (cw_vault_record_failed_attempt (fixture->vault, USERNAME, &error));
  g_assert_true (cw_vault_record_failed_attempt (fixture->vault, "no.such.person", &error));
  g_assert_true (cw_vault_record_failed_attempt (fixture->vault, USERNAME, &error));
  g_assert_no_error (error);

  /* Kept in the file, under opaque slot ids. */
  g_assert_false (cw_test_file_contains (fixture->path, USERNAME));
  g_assert_false (cw_test_file_contains (fixture->path, "no.such.person"));

  reloaded = reload (fixture->path);
  known_id = cw_vault_slot_id_for_username (reloaded, USERNAME);
  unknown_id = cw_vault_slot_id_for_username (reloaded, "no.such.person");
  g_assert_cmpstr (known_id, !=, unknown_id);
  g_assert_null (strstr (unknown_id, "person"));

  taken = cw_vault_take_failed_attempts (reloaded, &error);
  g_assert_no_error (error);
  g_assert_nonnull (taken);
  g_assert_cmpuint (taken->len, ==, 3);
  g_assert_cmpstr (((CwFailedAttempt *) taken->pdata[0])->slot_id, ==, known_id);
  g_assert_cmpstr (((CwFailedAttempt *) taken->pdata[1])->slot_id, ==, unknown_id);
  g_assert_cmpstr (((CwFailedAttempt *) taken->pdata[2])->slot_id, ==, known_id);
  for (guint i = 0; i < taken->len; i++)
    g_assert_cmpint (((CwFailedAttempt *) taken->pdata[i])->when, >, 0);

  /* Taken once: gone from memory and from the file. */
  again = cw_vault_take_failed_attempts (reloaded, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, ==, 0);
  g_clear_pointer (&again, g_ptr_array_unref);
  g_clear_object (&reloaded);

  reloaded = reload (fixture->path);
  again = cw_vault_take_failed_attempts (reloaded, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, ==, 0);

  /* The slots themselves are untouched. */
  g_assert_true (cw_vault_has_slot (reloaded, USERNAME));
  g_assert_cmpuint (cw_vault_get_n_slots (reloaded), ==, 2);
}

/*
 * A write that fails must leave the file as it was and the vault in memory
 * matching it. Permissions do not stop root, so the failure used here is
 * one that stops everybody: the key file has the longest name the file
 * system allows, so the temporary file written beside it (name + ".XXXXXX")
 * cannot be created.
 */
static void
test_vault_write_failure (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwVault) vault = NULL;
  g_autoptr(CwVault) fresh = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GPtrArray) attempts = NULL;
  g_autoptr(CwKey) unlock_key = NULL;
  g_autoptr(CwKey) new_master = cw_key_new_random ();
  g_autofree char *long_name = NULL;
  g_autofree char *long_path = NULL;
  g_autofree char *missing_dir_path = NULL;
  g_autofree char *none = NULL;

  add_slot (fixture->vault, fixture->master, USERNAME, PASSWORD);
  unlock_key = derive (fixture->vault, USERNAME, PASSWORD);
  g_clear_object (&fixture->vault);

  long_name = g_strnfill (249, 'k');
  long_path = g_build_filename (fixture->dir, long_name, NULL);
  g_assert_cmpint (g_rename (fixture->path, long_path), ==, 0);
  vault = reload (long_path);
  before = cw_test_read_file (long_path);

  g_assert_false (cw_vault_add_password_slot (vault, fixture->master, OTHER_USERNAME,
                                              OTHER_PASSWORD, &error));
  g_assert_error (error, CW_VAULT_ERROR, CW_VAULT_ERROR_IO);
  g_clear_error (&error);
  g_assert_false (cw_vault_has_slot (vault, OTHER_USERNAME));
  g_assert_cmpuint (cw_vault_get_n_slots (vault), ==, 2);

  g_assert_false (cw_vault_remove_slot (vault, USERNAME, &error));
  g_assert_error (error, CW_VAULT_ERROR, CW_VAULT_ERROR_IO);
  g_clear_error (&error);
  g_assert_true (cw_vault_has_slot (vault, USERNAME));

  g_assert_false (cw_vault_begin_rotation (vault, new_master, &error));
  g_assert_error (error, CW_VAULT_ERROR, CW_VAULT_ERROR_IO);
  g_clear_error (&error);
  assert_pending (vault, USERNAME, unlock_key, NULL);

  g_assert_false (cw_vault_record_failed_attempt (vault, USERNAME, &error));
  g_assert_error (error, CW_VAULT_ERROR, CW_VAULT_ERROR_IO);
  g_clear_error (&error);
  attempts = cw_vault_take_failed_attempts (vault, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (attempts->len, ==, 0);

  after = cw_test_read_file (long_path);
  g_assert_true (g_bytes_equal (before, after));

  /* Memory and file agree. */
  fresh = reload (long_path);
  g_assert_cmpuint (cw_vault_get_n_slots (fresh), ==, cw_vault_get_n_slots (vault));
  g_assert_true (cw_vault_has_slot (fresh, USERNAME));
  g_assert_false (cw_vault_has_slot (fresh, OTHER_USERNAME));
  assert_master (vault, USERNAME, unlock_key, fixture->master);
  assert_master (fresh, USERNAME, unlock_key, fixture->master);

  /* Creating in a folder that does not exist fails before any key work
   * and leaves nothing behind. */
  missing_dir_path = g_build_filename (fixture->dir, "gone", "team.db.keys", NULL);
  g_clear_object (&fresh);
  fresh = cw_vault_create (missing_dir_path, DATABASE_UUID, fixture->master, &none, &error);
  g_assert_error (error, CW_VAULT_ERROR, CW_VAULT_ERROR_IO);
  g_assert_null (fresh);
  g_assert_null (none);
  g_assert_false (g_file_test (missing_dir_path, G_FILE_TEST_EXISTS));
}

static void
test_vault_load_missing (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = cw_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "nothing.db.keys", NULL);
  g_autofree char *derived = cw_vault_path_for_database ("/srv/casework/team.db");
  g_autoptr(CwVault) vault = cw_vault_load (path, &error);

  g_assert_error (error, CW_VAULT_ERROR, CW_VAULT_ERROR_NOT_FOUND);
  g_assert_null (vault);
  g_assert_cmpstr (derived, ==, "/srv/casework/team.db.keys");
  cw_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_assert_true (cw_secure_init ());

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/vault/create/recovery-unlock", test_vault_create_and_recover);
  ADD ("/vault/recovery-key/parsing", test_vault_recovery_key_parsing);
  ADD ("/vault/password/unlock", test_vault_password_slot);
  ADD ("/vault/tampered", test_vault_tampered);
  ADD ("/vault/password/change", test_vault_change_password);
  ADD ("/vault/password/reset", test_vault_reset_password_slot);
  ADD ("/vault/slot/remove", test_vault_remove_slot);
  ADD ("/vault/rotation", test_vault_rotation);
  ADD ("/vault/failed-attempts", test_vault_failed_attempts);
  ADD ("/vault/write-failure", test_vault_write_failure);
  g_test_add_func ("/vault/load/missing", test_vault_load_missing);

#undef ADD

  return g_test_run ();
}
