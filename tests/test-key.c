/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cw-key.h"
#include "cw-test-util.h"

static void
test_key_random_differ (void)
{
  g_autoptr(CwKey) a = cw_key_new_random ();
  g_autoptr(CwKey) b = cw_key_new_random ();
  static const guint8 zeros[CW_KEY_SIZE] = { 0 };

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_false (cw_key_equal (a, b));
  g_assert_cmpint (memcmp (cw_key_get_data (a), cw_key_get_data (b), CW_KEY_SIZE), !=, 0);
  g_assert_cmpint (memcmp (cw_key_get_data (a), zeros, CW_KEY_SIZE), !=, 0);
}

static void
test_key_hex_round_trip (void)
{
  g_autoptr(CwKey) key = cw_key_new_random ();
  g_autoptr(CwKey) back = NULL;
  g_autoptr(CwKey) upper_back = NULL;
  g_autofree char *hex = cw_key_to_hex (key);
  g_autofree char *upper = NULL;

  g_assert_cmpuint (strlen (hex), ==, CW_KEY_SIZE * 2);
  for (const char *p = hex; *p != '\0'; p++)
    g_assert_true (g_ascii_isxdigit (*p) && !g_ascii_isupper (*p));

  back = cw_key_new_from_hex (hex);
  g_assert_nonnull (back);
  g_assert_true (cw_key_equal (key, back));
  g_assert_cmpmem (cw_key_get_data (key), CW_KEY_SIZE, cw_key_get_data (back), CW_KEY_SIZE);

  upper = g_ascii_strup (hex, -1);
  upper_back = cw_key_new_from_hex (upper);
  g_assert_nonnull (upper_back);
  g_assert_true (cw_key_equal (key, upper_back));

  cw_secure_wipe_string (hex);
  g_assert_cmpuint (strlen (hex), ==, 0);
}

static void
test_key_hex_known_value (void)
{
  static const guint8 bytes[CW_KEY_SIZE] = {
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e,
    0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d,
    0xfe, 0xff,
  };
  g_autoptr(CwKey) key = cw_key_new_from_data (bytes, sizeof bytes);
  g_autofree char *hex = cw_key_to_hex (key);

  g_assert_cmpstr (hex, ==,
                   "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1dfeff");
}

static void
test_key_hex_rejects_bad_input (void)
{
  g_autoptr(CwKey) key = cw_key_new_random ();
  g_autofree char *hex = cw_key_to_hex (key);
  g_autofree char *too_long = g_strconcat (hex, "00", NULL);
  g_autofree char *not_hex = g_strdup (hex);
  g_autofree char *with_space = g_strdup (hex);

  not_hex[10] = 'g';
  with_space[0] = ' ';

  g_assert_null (cw_key_new_from_hex (""));
  g_assert_null (cw_key_new_from_hex ("00"));
  g_assert_null (cw_key_new_from_hex (hex + 2));
  g_assert_null (cw_key_new_from_hex (too_long));
  g_assert_null (cw_key_new_from_hex (not_hex));
  g_assert_null (cw_key_new_from_hex (with_space));
}

static void
test_key_from_data_rejects_wrong_length (void)
{
  guint8 bytes[CW_KEY_SIZE + 1] = { 0 };

  g_assert_null (cw_key_new_from_data (bytes, CW_KEY_SIZE - 1));
  g_assert_null (cw_key_new_from_data (bytes, CW_KEY_SIZE + 1));
}

static void
test_key_equal (void)
{
  guint8 bytes[CW_KEY_SIZE];
  g_autoptr(CwKey) a = NULL;
  g_autoptr(CwKey) b = NULL;
  g_autoptr(CwKey) c = NULL;

  for (guint i = 0; i < CW_KEY_SIZE; i++)
    bytes[i] = (guint8) (i * 7);

  a = cw_key_new_from_data (bytes, sizeof bytes);
  b = cw_key_new_from_data (bytes, sizeof bytes);
  bytes[CW_KEY_SIZE - 1] ^= 0x01;   /* differ in the last bit only */
  c = cw_key_new_from_data (bytes, sizeof bytes);

  g_assert_true (cw_key_equal (a, b));
  g_assert_false (cw_key_equal (a, c));
}

static void
test_key_copy (void)
{
  g_autoptr(CwKey) key = cw_key_new_random ();
  g_autoptr(CwKey) copy = cw_key_copy (key);

  g_assert_nonnull (copy);
  g_assert_true (cw_key_equal (key, copy));
  /* A copy has its own memory: freeing the original leaves it intact. */
  g_assert_true (cw_key_get_data (key) != cw_key_get_data (copy));
  {
    guint8 saved[CW_KEY_SIZE];

    memcpy (saved, cw_key_get_data (key), CW_KEY_SIZE);
    g_clear_pointer (&key, cw_key_free);
    g_assert_cmpmem (saved, CW_KEY_SIZE, cw_key_get_data (copy), CW_KEY_SIZE);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_assert_true (cw_secure_init ());

  g_test_add_func ("/key/random/differ", test_key_random_differ);
  g_test_add_func ("/key/hex/round-trip", test_key_hex_round_trip);
  g_test_add_func ("/key/hex/known-value", test_key_hex_known_value);
  g_test_add_func ("/key/hex/rejects-bad-input", test_key_hex_rejects_bad_input);
  g_test_add_func ("/key/data/wrong-length", test_key_from_data_rejects_wrong_length);
  g_test_add_func ("/key/equal", test_key_equal);
  g_test_add_func ("/key/copy", test_key_copy);

  return g_test_run ();
}
