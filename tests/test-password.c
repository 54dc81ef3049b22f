/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cw-password.h"
#include "cw-test-util.h"

/* Asserts @password is refused, with a feedback sentence and a
 * CW_PASSWORD_ERROR_WEAK error carrying the same sentence. */
static void
assert_refused (const char *password,
                const char *username,
                const char *display_name,
                const char *feedback_contains)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *feedback = NULL;
  CwPasswordStrength strength;

  strength = cw_password_strength (password, username, display_name, &feedback);
  if (strength >= CW_PASSWORD_FAIR)
    g_error ("“%s” should have been refused", password);
  g_assert_nonnull (feedback);
  g_assert_cmpuint (strlen (feedback), >, 10);
  g_assert_true (g_str_has_suffix (feedback, "."));
  if (feedback_contains != NULL)
    g_assert_nonnull (strstr (feedback, feedback_contains));

  g_assert_false (cw_password_acceptable (password, username, display_name, &error));
  g_assert_error (error, CW_PASSWORD_ERROR, CW_PASSWORD_ERROR_WEAK);
  g_assert_cmpstr (error->message, ==, feedback);
}

static void
assert_accepted (const char         *password,
                 const char         *username,
                 const char         *display_name,
                 CwPasswordStrength  at_least)
{
  g_autoptr(GError) error = NULL;
  CwPasswordStrength strength;

  strength = cw_password_strength (password, username, display_name, NULL);
  if (strength < at_least)
    g_error ("“%s” judged %d, expected at least %d", password, strength, at_least);

  g_assert_true (cw_password_acceptable (password, username, display_name, &error));
  g_assert_no_error (error);
}

static void
test_password_too_short (void)
{
  g_autofree char *feedback = NULL;

  assert_refused ("", NULL, NULL, "10");
  assert_refused ("Xq7!pL2", NULL, NULL, "10");
  /* Nine random-looking characters are still too short. */
  assert_refused ("Zk4#vR9@m", NULL, NULL, "10");

  g_assert_cmpint (cw_password_strength ("Zk4#vR9@m", NULL, NULL, &feedback), ==,
                   CW_PASSWORD_TOO_WEAK);
}

static void
test_password_length_counts_characters (void)
{
  /* Nine characters in eighteen bytes: too short, although strlen() says
   * otherwise. Twelve such characters are long enough. */
  g_assert_cmpuint (strlen ("жёлтыйкотик"), >, CW_PASSWORD_MIN_LENGTH);
  assert_refused ("жёлтыйкот", NULL, NULL, "10");
  assert_accepted ("жёлтыйкотдом", NULL, NULL, CW_PASSWORD_FAIR);
}

static void
test_password_common (void)
{
  assert_refused ("password123", NULL, NULL, NULL);
  assert_refused ("Password123!", NULL, NULL, NULL);
  assert_refused ("P@ssw0rd2024", NULL, NULL, NULL);
  assert_refused ("qwertyuiop", NULL, NULL, NULL);
  assert_refused ("1234567890", NULL, NULL, NULL);
  assert_refused ("casework2024", NULL, NULL, NULL);
  assert_refused ("Letmein!Letmein!", NULL, NULL, NULL);
  assert_refused ("welcome12345", NULL, NULL, NULL);
}

static void
test_password_patterns (void)
{
  assert_refused ("aaaaaaaaaaaa", NULL, NULL, "repeated");
  assert_refused ("abcdefghijkl", NULL, NULL, NULL);
  assert_refused ("zyxwvutsrqpo", NULL, NULL, NULL);
  assert_refused ("xkcdxkcdxkcd", NULL, NULL, NULL);
}

static void
test_password_contains_name (void)
{
  g_autofree char *feedback = NULL;

  /* Strong by itself, refused because it holds the username. */
  assert_accepted ("Kettle-Orbit-Meadow-47", NULL, NULL, CW_PASSWORD_FAIR);
  assert_refused ("Kettle-Orbit-Meadow-jbloggs", "jbloggs", NULL, "name");
  assert_refused ("Kettle-Orbit-JBLOGGS", "jbloggs", NULL, "name");
  assert_refused ("Kettle-Orbit-Bloggs-47", "jb", "Joanna Bloggs", "name");
  assert_refused ("Kettle-Joanna-Meadow", NULL, "Joanna Bloggs", "name");

  g_assert_cmpint (cw_password_strength ("Kettle-Orbit-Meadow-jbloggs", "jbloggs", NULL,
                                         &feedback), <, CW_PASSWORD_FAIR);
}

static void
test_password_accepted (void)
{
  g_autofree char *feedback = NULL;

  assert_accepted ("Kettle-Orbit-Meadow-47", "jbloggs", "Joanna Bloggs", CW_PASSWORD_FAIR);
  assert_accepted ("velvet turnip harbour lantern", "jbloggs", "Joanna Bloggs",
                   CW_PASSWORD_STRONG);
  assert_accepted ("hjkeqwmzpt", NULL, NULL, CW_PASSWORD_FAIR);
  assert_accepted ("Tr0ub4dor&3zq", NULL, NULL, CW_PASSWORD_FAIR);
  assert_accepted ("Gänseblümchen-Würfel-92", NULL, NULL, CW_PASSWORD_STRONG);

  /* Strong: no advice. */
  g_assert_cmpint (cw_password_strength ("velvet turnip harbour lantern", NULL, NULL,
                                         &feedback), ==, CW_PASSWORD_STRONG);
  g_assert_null (feedback);
}

static void
test_password_invalid_utf8 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *feedback = NULL;
  const char *invalid = "Kettle-Orbit-\xff\xfe-Meadow-47";

  g_assert_cmpint (cw_password_strength (invalid, NULL, NULL, &feedback), ==,
                   CW_PASSWORD_TOO_WEAK);
  g_assert_nonnull (feedback);
  g_assert_nonnull (strstr (feedback, "cannot be read"));

  g_assert_false (cw_password_acceptable (invalid, NULL, NULL, &error));
  g_assert_error (error, CW_PASSWORD_ERROR, CW_PASSWORD_ERROR_WEAK);
}

static void
test_password_feedback_optional (void)
{
  /* NULL feedback pointer and NULL error are allowed. */
  g_assert_cmpint (cw_password_strength ("short", NULL, NULL, NULL), ==, CW_PASSWORD_TOO_WEAK);
  g_assert_false (cw_password_acceptable ("short", NULL, NULL, NULL));
  g_assert_true (cw_password_acceptable ("velvet turnip harbour lantern", NULL, NULL, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/password/too-short", test_password_too_short);
  g_test_add_func ("/password/length-counts-characters", test_password_length_counts_characters);
  g_test_add_func ("/password/common", test_password_common);
  g_test_add_func ("/password/patterns", test_password_patterns);
  g_test_add_func ("/password/contains-name", test_password_contains_name);
  g_test_add_func ("/password/accepted", test_password_accepted);
  g_test_add_func ("/password/invalid-utf8", test_password_invalid_utf8);
  g_test_add_func ("/password/feedback-optional", test_password_feedback_optional);

  return g_test_run ();
}
