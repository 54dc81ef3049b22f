/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "cw-audit.h"
#include "cw-command-line.h"
#include "cw-database-private.h"
#include "cw-key.h"
#include "cw-keyring.h"
#include "cw-session.h"
#include "cw-test-util.h"
#include "cw-vault.h"

/*
 * casework --init and --verify, run as the built executable with no display
 * and no D-Bus session (DBUS_SESSION_BUS_ADDRESS points at a socket that
 * does not exist), except for the test that uses the real keyring.
 */

#define ORGANISATION   "Riverside Family Centre"
#define ADMIN_PASSWORD "Harbour-Lantern-Violet-2718"
#define PAT_PASSWORD   "Copper-Meadow-Tuesday-5521"

typedef struct
{
  int   status;
  char *out;
  char *err;
} RunResult;

static void
run_result_clear (RunResult *result)
{
  g_clear_pointer (&result->out, g_free);
  g_clear_pointer (&result->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RunResult, run_result_clear)

/* Runs casework with @args; @stdin_text (nullable) is its whole input. With
 * @with_session_bus FALSE there is no display and no D-Bus session. */
static void
run_casework (const char *const *args,
              const char        *stdin_text,
              gboolean           with_session_bus,
              RunResult         *result)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  if (!with_session_bus)
    g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS",
                                  "unix:path=/nonexistent/casework-test/bus", TRUE);

  g_ptr_array_add (argv, (gpointer) cw_test_casework_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8 (process, stdin_text, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);

  g_assert_true (g_subprocess_get_if_exited (process));
  result->status = g_subprocess_get_exit_status (process);

  {
    g_autofree char *joined = g_strjoinv (" ", (char **) args);

    g_test_message ("casework %s\n→ %d\nstdout: %s\nstderr: %s",
                    joined, result->status, result->out, result->err);
  }
}

/* The recovery key printed by --init; exactly one in @out. */
static char *
find_recovery_key (const char *out)
{
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  char *key;

  regex = g_regex_new ("[0-9A-Z]{4}(-[0-9A-Z]{4}){7}", 0, 0, NULL);
  g_assert_true (g_regex_match (regex, out, 0, &match));
  key = g_match_info_fetch (match, 0);
  g_assert_false (g_match_info_next (match, NULL));

  return key;
}

/* Opens the database with the master key unwrapped by the recovery key. */
static CwDatabase *
open_with_recovery_key (const char *db_path,
                        const char *recovery_key)
{
  g_autofree char *keys_path = cw_vault_path_for_database (db_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(CwVault) vault = NULL;
  g_autoptr(CwKey) unlock_key = NULL;
  g_autoptr(CwKey) master_key = NULL;
  CwDatabase *database;

  vault = cw_vault_load (keys_path, &error);
  g_assert_no_error (error);
  unlock_key = cw_vault_derive_recovery_unlock_key (vault, recovery_key, &error);
  g_assert_no_error (error);
  master_key = cw_vault_open_master_key (vault, NULL, unlock_key, &error);
  g_assert_no_error (error);

  database = cw_database_open (db_path, master_key, &error);
  g_assert_no_error (error);

  return database;
}

static gint64
parse_entries_checked (const char *out)
{
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *number = NULL;

  regex = g_regex_new ("^Audit log intact: ([0-9]+) entries checked\\.$",
                       G_REGEX_MULTILINE, 0, NULL);
  g_assert_true (g_regex_match (regex, out, 0, &match));
  number = g_match_info_fetch (match, 1);

  return g_ascii_strtoll (number, NULL, 10);
}

/* Tests ------------------------------------------------------------------- */

static void
test_init_verify_tamper (void)
{
  g_autofree char *dir = cw_test_make_tmpdir ();
  g_autofree char *db_path = g_build_filename (dir, "team.db", NULL);
  g_autofree char *keys_path = cw_vault_path_for_database (db_path);
  g_autofree char *recovery_key = NULL;
  g_autoptr(GBytes) db_before = NULL;
  g_autoptr(GBytes) keys_before = NULL;
  g_autoptr(GBytes) db_after = NULL;
  g_autoptr(GBytes) keys_after = NULL;
  g_autoptr(CwDatabase) database = NULL;
  g_autoptr(CwAuditVerification) verification = NULL;
  g_autoptr(GError) error = NULL;
  const char *init_args[] = {
    "--database", db_path, "--init", "--organisation", ORGANISATION,
    "--admin", "admin", "--admin-name", "Ada Admin", "--password-stdin", NULL
  };
  const char *verify_args[] = {
    "--database", db_path, "--verify", "--user", "admin", "--password-stdin", NULL
  };
  char *sqlite_error = NULL;
  int rc;

  /* --init prints the recovery key once and makes both files. */
  {
    g_auto(RunResult) run = { 0 };

    run_casework (init_args, ADMIN_PASSWORD "\n", FALSE, &run);
    g_assert_cmpint (run.status, ==, 0);
    recovery_key = find_recovery_key (run.out);
    g_assert_true (cw_recovery_key_is_well_formed (recovery_key));
    g_assert_nonnull (strstr (run.out, "Write this recovery key down"));
    g_assert_nonnull (strstr (run.out, ORGANISATION));
    g_assert_cmpstr (run.err, ==, "");
    g_assert_true (g_file_test (db_path, G_FILE_TEST_IS_REGULAR));
    g_assert_true (g_file_test (keys_path, G_FILE_TEST_IS_REGULAR));
  }

  /* A second --init on the same path fails and changes nothing. */
  db_before = cw_test_read_file (db_path);
  keys_before = cw_test_read_file (keys_path);
  {
    g_auto(RunResult) run = { 0 };

    run_casework (init_args, ADMIN_PASSWORD "\n", FALSE, &run);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_true (g_str_has_prefix (run.err, "casework: "));
    g_assert_cmpstr (run.out, ==, "");
  }
  db_after = cw_test_read_file (db_path);
  keys_after = cw_test_read_file (keys_path);
  g_assert_true (g_bytes_equal (db_before, db_after));
  g_assert_true (g_bytes_equal (keys_before, keys_after));

  /* --verify: intact. */
  {
    g_auto(RunResult) run = { 0 };

    run_casework (verify_args, ADMIN_PASSWORD "\n", FALSE, &run);
    g_assert_cmpint (run.status, ==, 0);
    /* setup, sign-in, sign-out by --init; sign-in by --verify at least. */
    g_assert_cmpint (parse_entries_checked (run.out), >=, 4);
  }

  /* A wrong password: exit 2 with the sentence. */
  {
    g_auto(RunResult) run = { 0 };

    run_casework (verify_args, "Not-The-Right-One-1111\n", FALSE, &run);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_cmpstr (run.err, ==, "casework: That username and password do not match.\n");
    g_assert_cmpstr (run.out, ==, "");
  }

  /* The verification itself was audited, after the walk. */
  database = open_with_recovery_key (db_path, recovery_key);
  {
    g_autoptr(sqlite3_stmt) stmt = NULL;

    stmt = cw_database_prepare (database,
                                "SELECT count (*) FROM audit WHERE action = 'verify'", &error);
    g_assert_no_error (error);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  }

  /* Tamper with the log behind Casework's back: drop the trigger that
   * guards it and rewrite the second row's detail. */
  rc = sqlite3_exec (cw_database_get_handle (database),
                     "DROP TRIGGER audit_no_update;"
                     "UPDATE audit SET detail = 'nothing happened here' WHERE seq = 2;",
                     NULL, NULL, &sqlite_error);
  g_assert_cmpstr (sqlite_error, ==, NULL);
  g_assert_cmpint (rc, ==, SQLITE_OK);

  verification = cw_audit_verify (database, &error);
  g_assert_no_error (error);
  g_assert_cmpint (verification->first_broken_seq, ==, 2);
  g_assert_nonnull (verification->problem);
  cw_database_close (database);
  g_clear_object (&database);

  {
    g_auto(RunResult) run = { 0 };

    run_casework (verify_args, ADMIN_PASSWORD "\n", FALSE, &run);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.out, verification->problem));
    g_assert_null (strstr (run.out, "intact"));
  }

  cw_test_remove_tree (dir);
}

static void
test_init_needs_password (void)
{
  g_autofree char *dir = cw_test_make_tmpdir ();
  g_autofree char *db_path = g_build_filename (dir, "team.db", NULL);
  g_autofree char *keys_path = cw_vault_path_for_database (db_path);
  const char *no_password[] = {
    "--database", db_path, "--init", "--organisation", ORGANISATION,
    "--admin", "admin", "--admin-name", "Ada Admin", NULL
  };
  const char *weak_password[] = {
    "--database", db_path, "--init", "--organisation", ORGANISATION,
    "--admin", "admin", "--admin-name", "Ada Admin", "--password-stdin", NULL
  };
  const char *no_name[] = {
    "--database", db_path, "--init", "--organisation", ORGANISATION,
    "--admin", "admin", "--password-stdin", NULL
  };

  /* Standard input is not a terminal and there is no --password-stdin. */
  {
    g_auto(RunResult) run = { 0 };

    run_casework (no_password, ADMIN_PASSWORD "\n", FALSE, &run);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_true (g_str_has_prefix (run.err, "casework: "));
    g_assert_nonnull (strstr (run.err, "--password-stdin"));
    g_assert_cmpstr (run.out, ==, "");
  }

  {
    g_auto(RunResult) run = { 0 };

    run_casework (weak_password, "password\n", FALSE, &run);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_true (g_str_has_prefix (run.err, "casework: "));
  }

  {
    g_auto(RunResult) run = { 0 };

    run_casework (weak_password, "", FALSE, &run);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_true (g_str_has_prefix (run.err, "casework: "));
  }

  {
    g_auto(RunResult) run = { 0 };

    run_casework (no_name, ADMIN_PASSWORD "\n", FALSE, &run);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "--admin-name"));
  }

  g_assert_false (g_file_test (db_path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (keys_path, G_FILE_TEST_EXISTS));

  cw_test_remove_tree (dir);
}

static void
test_verify_not_permitted (void)
{
  g_autofree char *dir = cw_test_make_tmpdir ();
  g_autofree char *db_path = g_build_filename (dir, "team.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = NULL;
  g_autoptr(CwStaffMember) pat = NULL;
  const char *as_pat[] = {
    "--database", db_path, "--verify", "--user", "pat", "--password-stdin", NULL
  };
  const char *missing[] = {
    "--database", "/nonexistent/casework-test/none.db", "--verify", "--user", "pat",
    "--password-stdin", NULL
  };

  session = cw_session_create_database (db_path, ORGANISATION, "admin", "Ada Admin",
                                        ADMIN_PASSWORD, NULL, &error);
  g_assert_no_error (error);
  pat = cw_session_add_staff (session, ADMIN_PASSWORD, "pat", "Pat Practitioner", "",
                              CW_ROLE_PRACTITIONER, 0, PAT_PASSWORD, &error);
  g_assert_no_error (error);
  cw_session_sign_out (session);

  /* A practitioner may not read the audit log. */
  {
    g_auto(RunResult) run = { 0 };

    run_casework (as_pat, PAT_PASSWORD "\n", FALSE, &run);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_true (g_str_has_prefix (run.err, "casework: "));
    g_assert_nonnull (strstr (run.err, "audit log"));
    g_assert_cmpstr (run.out, ==, "");
  }

  {
    g_auto(RunResult) run = { 0 };

    run_casework (missing, PAT_PASSWORD "\n", FALSE, &run);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_true (g_str_has_prefix (run.err, "casework: "));
  }

  cw_test_remove_tree (dir);
}

static void
test_verify_from_keyring (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *db_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = NULL;
  g_autoptr(CwKey) unlock_key = NULL;
  g_autofree char *uuid = NULL;
  const char *verify_args[4] = { "--database", NULL, "--verify", NULL };

  if (!cw_test_keyring_available ())
    {
      g_test_skip ("No Secret Service on the session bus");
      return;
    }

  dir = cw_test_make_tmpdir ();
  db_path = g_build_filename (dir, "team.db", NULL);
  verify_args[1] = db_path;

  session = cw_session_create_database (db_path, ORGANISATION, "admin", "Ada Admin",
                                        ADMIN_PASSWORD, NULL, &error);
  g_assert_no_error (error);
  unlock_key = cw_session_dup_unlock_key (session);
  uuid = g_strdup (cw_session_get_database_uuid (session));
  cw_session_sign_out (session);

  /* Without the keyring (no D-Bus) it cannot know who to sign in as. */
  {
    g_auto(RunResult) run = { 0 };

    run_casework (verify_args, NULL, FALSE, &run);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "--user"));
  }

  cw_keyring_store (uuid, "admin", ORGANISATION, unlock_key, NULL, &error);
  g_assert_no_error (error);

  /* With it: the one remembered account, its unlock key, no password. */
  {
    g_auto(RunResult) run = { 0 };

    run_casework (verify_args, NULL, TRUE, &run);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpint (parse_entries_checked (run.out), >=, 3);
  }

  cw_keyring_clear (uuid, "admin", NULL, &error);
  g_assert_no_error (error);

  cw_test_remove_tree (dir);
}

/* In-process: what the GUI's command lines do here. */
static void
test_not_for_us (void)
{
  const char *gui_only[][4] = {
    { "casework", NULL },
    { "casework", "--database", "/tmp/x.db", NULL },
    { "casework", "--help", NULL },
    { "casework", "--gapplication-service", NULL },
    { "casework", "--", "--init", NULL },
  };
  const char *init_help[] = { "--init", "--help", NULL };
  int status = -1;

  for (guint i = 0; i < G_N_ELEMENTS (gui_only); i++)
    {
      int argc = g_strv_length ((char **) gui_only[i]);

      status = -1;
      g_assert_false (cw_command_line_run (argc, (char **) gui_only[i], &status));
      g_assert_cmpint (status, ==, 0);
    }

  /* --help with an action is answered here, without a display. */
  {
    g_auto(RunResult) run = { 0 };

    run_casework (init_help, NULL, FALSE, &run);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "--organisation"));
    g_assert_nonnull (strstr (run.out, "--password-stdin"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_assert_true (cw_secure_init ());

  g_test_add_func ("/command-line/not-for-us", test_not_for_us);
  g_test_add_func ("/command-line/init-verify-tamper", test_init_verify_tamper);
  g_test_add_func ("/command-line/init-needs-password", test_init_needs_password);
  g_test_add_func ("/command-line/verify-not-permitted", test_verify_not_permitted);
  g_test_add_func ("/command-line/verify-from-keyring", test_verify_from_keyring);

  return g_test_run ();
}
