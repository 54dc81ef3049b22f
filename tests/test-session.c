/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "cw-audit.h"
#include "cw-database-private.h"
#include "cw-key.h"
#include "cw-session.h"
#include "cw-test-util.h"
#include "cw-vault.h"

/*
 * CwSession against real SQLCipher files and key-slot files in temporary
 * folders. Argon2 is slow on purpose, so most tests start from copies of
 * one template database made once: an administrator (admin), a
 * practitioner (pat) and a DSL (dee).
 */

#define ORGANISATION    "Riverside Family Centre"
#define ADMIN_PASSWORD  "Harbour-Lantern-Violet-2718"
#define PAT_PASSWORD    "Copper-Meadow-Tuesday-5521"
#define DEE_PASSWORD    "Willow-Quartz-Beacon-8843"
#define NEW_PASSWORD    "Saffron-Glacier-Kettle-9034"
#define WRONG_PASSWORD  "Not-The-Right-One-1111"

static const char *const file_suffixes[] = { "", "-wal", "-shm", ".keys" };

static char *template_dir;
static char *template_recovery_key;

typedef struct
{
  char *dir;
  char *db_path;
  char *keys_path;
} Fixture;

typedef struct
{
  char  *action;
  char  *actor;
  char  *object_id;
  char  *detail;
} AuditRow;

/* Helpers ----------------------------------------------------------------- */

static void
audit_row_free (AuditRow *row)
{
  g_free (row->action);
  g_free (row->actor);
  g_free (row->object_id);
  g_free (row->detail);
  g_free (row);
}

/* Every audit row, oldest first, straight from the table. */
static GPtrArray *
audit_rows (CwDatabase *database)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) audit_row_free);

  stmt = cw_database_prepare (database,
                              "SELECT action, actor_username, object_id, detail "
                              "FROM audit ORDER BY seq",
                              &error);
  g_assert_no_error (error);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      AuditRow *row = g_new0 (AuditRow, 1);

      row->action = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      row->actor = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      row->object_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      row->detail = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      g_ptr_array_add (rows, row);
    }

  return rows;
}

static guint
count_action (GPtrArray  *rows,
              const char *action)
{
  guint n = 0;

  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (((AuditRow *) rows->pdata[i])->action, action) == 0)
      n++;

  return n;
}

static AuditRow *
last_row (GPtrArray *rows)
{
  g_assert_cmpuint (rows->len, >, 0);
  return rows->pdata[rows->len - 1];
}

static void
assert_audit_intact (CwDatabase *database)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwAuditVerification) verification = cw_audit_verify (database, &error);

  g_assert_no_error (error);
  g_assert_nonnull (verification);
  g_assert_cmpint (verification->first_broken_seq, ==, 0);
}

static void
copy_database_files (const char *from_db,
                     const char *to_db)
{
  for (guint i = 0; i < G_N_ELEMENTS (file_suffixes); i++)
    {
      g_autofree char *from = g_strconcat (from_db, file_suffixes[i], NULL);
      g_autofree char *to = g_strconcat (to_db, file_suffixes[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (!g_file_test (from, G_FILE_TEST_EXISTS))
        continue;

      g_file_get_contents (from, &contents, &len, &error);
      g_assert_no_error (error);
      g_file_set_contents_full (to, contents, len, G_FILE_SET_CONTENTS_NONE, 0600, &error);
      g_assert_no_error (error);
    }
}

static CwSession *
sign_in (const char *db_path,
         const char *username,
         const char *password)
{
  g_autoptr(GError) error = NULL;
  CwSession *session = cw_session_sign_in_with_password (db_path, username, password, &error);

  g_assert_no_error (error);
  g_assert_nonnull (session);
  g_assert_false (cw_session_is_locked (session));

  return session;
}

static gint64
staff_id_of (CwSession  *session,
             const char *username)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwStaffMember) member =
    cw_staff_repository_lookup_by_username (cw_session_get_staff_repository (session),
                                            username, &error);

  g_assert_no_error (error);
  g_assert_nonnull (member);
  return cw_staff_member_get_id (member);
}

/* The template: made once, copied for each test. */
static void
ensure_template (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = NULL;
  g_autoptr(CwStaffMember) pat = NULL;
  g_autoptr(CwStaffMember) dee = NULL;
  g_autofree char *db_path = NULL;

  if (template_dir != NULL)
    return;

  template_dir = cw_test_make_tmpdir ();
  db_path = g_build_filename (template_dir, "casework.db", NULL);

  session = cw_session_create_database (db_path, ORGANISATION, "admin", "Ada Admin",
                                        ADMIN_PASSWORD, &template_recovery_key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);

  pat = cw_session_add_staff (session, ADMIN_PASSWORD, "pat", "Pat Practitioner",
                              "Family support worker", CW_ROLE_PRACTITIONER, 0,
                              PAT_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pat);

  dee = cw_session_add_staff (session, ADMIN_PASSWORD, "dee", "Dee Lead",
                              "Designated Safeguarding Lead", CW_ROLE_DSL, 0,
                              DEE_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_nonnull (dee);

  cw_session_sign_out (session);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *template_db = NULL;

  ensure_template ();

  fixture->dir = cw_test_make_tmpdir ();
  fixture->db_path = g_build_filename (fixture->dir, "casework.db", NULL);
  fixture->keys_path = cw_vault_path_for_database (fixture->db_path);

  template_db = g_build_filename (template_dir, "casework.db", NULL);
  copy_database_files (template_db, fixture->db_path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  cw_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->db_path);
  g_free (fixture->keys_path);
}

static void
locked_notify_cb (GObject    *object,
                  GParamSpec *pspec,
                  gpointer    user_data)
{
  guint *n_notifies = user_data;

  (*n_notifies)++;
}

/* Tests ------------------------------------------------------------------- */

static void
test_create_signed_in (void)
{
  g_autofree char *dir = cw_test_make_tmpdir ();
  g_autofree char *db_path = g_build_filename (dir, "new.db", NULL);
  g_autofree char *keys_path = cw_vault_path_for_database (db_path);
  g_autofree char *recovery_key = NULL;
  g_autofree char *organisation = NULL;
  g_autofree char *uuid = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(CwKey) unlock_key = NULL;
  CwStaffMember *admin;

  session = cw_session_create_database (db_path, "  " ORGANISATION "  ", " Admin ",
                                        "Ada Admin", ADMIN_PASSWORD, &recovery_key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);

  g_assert_true (g_file_test (db_path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (keys_path, G_FILE_TEST_IS_REGULAR));

  g_assert_false (cw_session_is_locked (session));
  g_assert_nonnull (recovery_key);
  g_assert_true (cw_recovery_key_is_well_formed (recovery_key));

  admin = cw_session_get_staff_member (session);
  g_assert_cmpstr (cw_staff_member_get_username (admin), ==, "admin");
  g_assert_cmpstr (cw_staff_member_get_display_name (admin), ==, "Ada Admin");
  g_assert_cmpint (cw_staff_member_get_roles (admin), ==, CW_ROLE_ADMINISTRATOR);
  g_assert_true (cw_staff_member_get_active (admin));
  g_assert_false (cw_staff_member_get_must_change_password (admin));
  g_assert_cmpint (cw_session_get_roles (session), ==, CW_ROLE_ADMINISTRATOR);
  g_assert_true (cw_session_can (session, CW_PERMISSION_MANAGE_STAFF));

  organisation = cw_session_get_organisation (session);
  g_assert_cmpstr (organisation, ==, ORGANISATION);

  /* The vault and the database agree on the UUID. */
  uuid = cw_session_peek_database_uuid (db_path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (uuid, ==, cw_session_get_database_uuid (session));
  g_assert_cmpstr (uuid, ==, cw_database_get_uuid (cw_session_get_database (session)));

  /* Something to remember on this computer. */
  unlock_key = cw_session_dup_unlock_key (session);
  g_assert_nonnull (unlock_key);

  rows = audit_rows (cw_session_get_database (session));
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (((AuditRow *) rows->pdata[0])->action, ==, "setup");
  g_assert_cmpstr (((AuditRow *) rows->pdata[0])->actor, ==, "admin");
  g_assert_cmpstr (((AuditRow *) rows->pdata[1])->action, ==, "sign-in");
  g_assert_cmpstr (((AuditRow *) rows->pdata[1])->actor, ==, "admin");
  assert_audit_intact (cw_session_get_database (session));

  /* The organisation's name is never stored outside the encrypted files. */
  cw_session_sign_out (session);
  g_assert_false (cw_test_file_contains (db_path, ORGANISATION));
  g_assert_false (cw_test_file_contains (keys_path, ORGANISATION));
  g_assert_false (cw_test_file_contains (keys_path, "admin"));

  cw_test_remove_tree (dir);
}

static void
test_create_refuses_existing (void)
{
  g_autofree char *dir = cw_test_make_tmpdir ();
  g_autofree char *db_path = g_build_filename (dir, "taken.db", NULL);
  g_autofree char *keys_path = cw_vault_path_for_database (db_path);
  g_autofree char *recovery_key = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  CwSession *session;

  /* A database file is already there. */
  g_file_set_contents (db_path, "somebody else's file", -1, &error);
  g_assert_no_error (error);
  before = cw_test_read_file (db_path);

  session = cw_session_create_database (db_path, ORGANISATION, "admin", "Ada Admin",
                                        ADMIN_PASSWORD, &recovery_key, &error);
  g_assert_null (session);
  g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_EXISTS);
  g_assert_null (recovery_key);
  g_clear_error (&error);

  after = cw_test_read_file (db_path);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_false (g_file_test (keys_path, G_FILE_TEST_EXISTS));
  g_unlink (db_path);
  g_clear_pointer (&before, g_bytes_unref);
  g_clear_pointer (&after, g_bytes_unref);

  /* Only a key file is there. */
  g_file_set_contents (keys_path, "keys of another database", -1, &error);
  g_assert_no_error (error);
  before = cw_test_read_file (keys_path);

  session = cw_session_create_database (db_path, ORGANISATION, "admin", "Ada Admin",
                                        ADMIN_PASSWORD, &recovery_key, &error);
  g_assert_null (session);
  g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_EXISTS);
  g_clear_error (&error);

  after = cw_test_read_file (keys_path);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_false (g_file_test (db_path, G_FILE_TEST_EXISTS));
  g_unlink (keys_path);

  /* Form values are checked before anything is written. */
  session = cw_session_create_database (db_path, "   ", "admin", "Ada Admin",
                                        ADMIN_PASSWORD, &recovery_key, &error);
  g_assert_null (session);
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_INVALID);
  g_clear_error (&error);

  {
    g_autofree char *long_name = g_strnfill (201, 'x');

    session = cw_session_create_database (db_path, long_name, "admin", "Ada Admin",
                                          ADMIN_PASSWORD, &recovery_key, &error);
    g_assert_null (session);
    g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_INVALID);
    g_clear_error (&error);
  }

  session = cw_session_create_database (db_path, ORGANISATION, "not a username!", "Ada Admin",
                                        ADMIN_PASSWORD, &recovery_key, &error);
  g_assert_null (session);
  g_assert_error (error, CW_STAFF_ERROR, CW_STAFF_ERROR_INVALID);
  g_clear_error (&error);

  session = cw_session_create_database (db_path, ORGANISATION, "admin", "",
                                        ADMIN_PASSWORD, &recovery_key, &error);
  g_assert_null (session);
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_INVALID);
  g_clear_error (&error);

  session = cw_session_create_database (db_path, ORGANISATION, "admin", "Ada Admin",
                                        "password", &recovery_key, &error);
  g_assert_null (session);
  g_assert_nonnull (error);
  g_assert_nonnull (error->message);
  g_clear_error (&error);

  g_assert_false (g_file_test (db_path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (keys_path, G_FILE_TEST_EXISTS));

  cw_test_remove_tree (dir);
}

static void
test_sign_in_password (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(CwSession) session = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *organisation = NULL;
  AuditRow *row;

  session = sign_in (fixture->db_path, "Admin", ADMIN_PASSWORD);

  g_assert_cmpstr (cw_staff_member_get_username (cw_session_get_staff_member (session)), ==,
                   "admin");
  g_assert_cmpstr (cw_session_get_database_path (session), ==, fixture->db_path);
  organisation = cw_session_get_organisation (session);
  g_assert_cmpstr (organisation, ==, ORGANISATION);
  g_assert_nonnull (cw_session_get_database (session));
  g_assert_nonnull (cw_session_get_staff_repository (session));

  rows = audit_rows (cw_session_get_database (session));
  row = last_row (rows);
  g_assert_cmpstr (row->action, ==, "sign-in");
  g_assert_cmpstr (row->actor, ==, "admin");
  g_assert_cmpstr (row->detail, ==, "password");
  g_assert_cmpuint (count_action (rows, "sign-in-failed"), ==, 0);

  cw_session_sign_out (session);
  g_assert_true (cw_session_is_locked (session));
  g_assert_null (cw_session_get_database (session));
}

static void
test_sign_in_wrong_password (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(GError) wrong_password = NULL;
  g_autoptr(GError) unknown_user = NULL;
  g_autoptr(CwSession) session = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *pat_id = NULL;
  gboolean seen_wrong = FALSE, seen_unknown = FALSE;
  CwSession *refused;

  refused = cw_session_sign_in_with_password (fixture->db_path, "pat", WRONG_PASSWORD,
                                              &wrong_password);
  g_assert_null (refused);
  g_assert_error (wrong_password, CW_SESSION_ERROR, CW_SESSION_ERROR_WRONG_PASSWORD);

  refused = cw_session_sign_in_with_password (fixture->db_path, "nobody", PAT_PASSWORD,
                                              &unknown_user);
  g_assert_null (refused);
  g_assert_error (unknown_user, CW_SESSION_ERROR, CW_SESSION_ERROR_WRONG_PASSWORD);

  /* Nobody can tell an unknown username from a wrong password. */
  g_assert_cmpstr (wrong_password->message, ==, unknown_user->message);
  g_assert_cmpstr (wrong_password->message, ==, "That username and password do not match.");

  /* The failed attempts reach the audit log at the next good sign-in. */
  session = sign_in (fixture->db_path, "admin", ADMIN_PASSWORD);
  rows = audit_rows (cw_session_get_database (session));
  g_assert_cmpuint (count_action (rows, "sign-in-failed"), ==, 2);
  g_assert_cmpstr (last_row (rows)->action, ==, "sign-in");
  g_assert_cmpstr (((AuditRow *) rows->pdata[rows->len - 2])->action, ==, "sign-in-failed");

  pat_id = g_strdup_printf ("%" G_GINT64_FORMAT, staff_id_of (session, "pat"));
  for (guint i = 0; i < rows->len; i++)
    {
      AuditRow *row = rows->pdata[i];

      if (g_strcmp0 (row->action, "sign-in-failed") != 0)
        continue;

      if (g_strcmp0 (row->actor, "pat") == 0)
        {
          g_assert_cmpstr (row->object_id, ==, pat_id);
          g_assert_cmpstr (row->detail, ==, "wrong password");
          seen_wrong = TRUE;
        }
      else
        {
          g_assert_cmpstr (row->actor, ==, "");
          g_assert_cmpstr (row->detail, ==, "unknown username");
          seen_unknown = TRUE;
        }
    }
  g_assert_true (seen_wrong);
  g_assert_true (seen_unknown);
  assert_audit_intact (cw_session_get_database (session));
  cw_session_sign_out (session);
  g_clear_object (&session);

  /* They are written once only. */
  session = sign_in (fixture->db_path, "admin", ADMIN_PASSWORD);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = audit_rows (cw_session_get_database (session));
  g_assert_cmpuint (count_action (rows, "sign-in-failed"), ==, 2);
}

static void
test_sign_in_inactive (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  CwSession *refused;

  /* Made inactive behind the session's back, so that the slot stays. */
  session = sign_in (fixture->db_path, "admin", ADMIN_PASSWORD);
  cw_staff_repository_set_active (cw_session_get_staff_repository (session),
                                  staff_id_of (session, "pat"), FALSE, &error);
  g_assert_no_error (error);
  cw_session_sign_out (session);
  g_clear_object (&session);

  refused = cw_session_sign_in_with_password (fixture->db_path, "pat", PAT_PASSWORD, &error);
  g_assert_null (refused);
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_ACCOUNT_INACTIVE);

  session = sign_in (fixture->db_path, "admin", ADMIN_PASSWORD);
  rows = audit_rows (cw_session_get_database (session));
  g_assert_cmpuint (count_action (rows, "sign-in-failed"), ==, 1);
}

static void
test_lock_unlock (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = NULL;
  g_autoptr(CwSession) pat = NULL;
  g_autoptr(CwKey) unlock_key = NULL;
  g_autoptr(CwKey) pat_unlock_key = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(CwStaffMember) added = NULL;
  g_autofree char *setting = NULL;
  guint n_notifies = 0;
  gboolean locked = FALSE;

  /* pat's unlock key, to try on the administrator's locked session. */
  pat = sign_in (fixture->db_path, "pat", PAT_PASSWORD);
  pat_unlock_key = cw_session_dup_unlock_key (pat);
  g_assert_nonnull (pat_unlock_key);
  cw_session_sign_out (pat);

  session = sign_in (fixture->db_path, "admin", ADMIN_PASSWORD);
  unlock_key = cw_session_dup_unlock_key (session);
  g_assert_nonnull (unlock_key);
  g_signal_connect (session, "notify::locked", G_CALLBACK (locked_notify_cb), &n_notifies);

  cw_session_lock (session);
  g_assert_cmpuint (n_notifies, ==, 1);
  g_assert_true (cw_session_is_locked (session));
  g_object_get (session, "locked", &locked, NULL);
  g_assert_true (locked);
  g_assert_null (cw_session_get_database (session));
  g_assert_null (cw_session_get_staff_repository (session));
  g_assert_null (cw_session_dup_unlock_key (session));
  g_assert_false (cw_session_can (session, CW_PERMISSION_MANAGE_STAFF));
  /* Who is signed in stays known, for the unlock page. */
  g_assert_nonnull (cw_session_get_staff_member (session));

  /* Everything that needs the database says it is locked. */
  g_assert_false (cw_session_audit (session, "view", "child", "1", "", &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_LOCKED);
  g_clear_error (&error);

  added = cw_session_add_staff (session, ADMIN_PASSWORD, "sam", "Sam Smith", "",
                                CW_ROLE_PRACTITIONER, 0, NEW_PASSWORD, &error);
  g_assert_null (added);
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_LOCKED);
  g_clear_error (&error);

  g_assert_false (cw_session_set_setting (session, "retention-years", "30", &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_LOCKED);
  g_clear_error (&error);

  g_assert_false (cw_session_confirm_password (session, ADMIN_PASSWORD, &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_LOCKED);
  g_clear_error (&error);

  setting = cw_session_get_setting (session, "retention-years");
  g_assert_null (setting);

  /* Only the same person unlocks: pat's password and unlock key do not. */
  g_assert_false (cw_session_unlock_with_password (session, PAT_PASSWORD, &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);
  g_assert_true (cw_session_is_locked (session));

  g_assert_false (cw_session_unlock_with_unlock_key (session, pat_unlock_key, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (cw_session_is_locked (session));
  g_assert_null (cw_session_get_database (session));

  g_assert_true (cw_session_unlock_with_password (session, ADMIN_PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_false (cw_session_is_locked (session));
  g_assert_cmpuint (n_notifies, ==, 2);
  g_assert_nonnull (cw_session_get_database (session));
  g_assert_true (cw_session_can (session, CW_PERMISSION_MANAGE_STAFF));

  rows = audit_rows (cw_session_get_database (session));
  g_assert_cmpstr (last_row (rows)->action, ==, "unlock");
  g_assert_cmpstr (last_row (rows)->detail, ==, "password");
  g_assert_cmpuint (count_action (rows, "lock"), ==, 1);
  /* The refused password while locked is in the log too. */
  g_assert_cmpuint (count_action (rows, "sign-in-failed"), ==, 1);

  /* The remembered unlock key unlocks as well. */
  cw_session_lock (session);
  g_assert_true (cw_session_unlock_with_unlock_key (session, unlock_key, &error));
  g_assert_no_error (error);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = audit_rows (cw_session_get_database (session));
  g_assert_cmpstr (last_row (rows)->action, ==, "unlock");
  g_assert_cmpstr (last_row (rows)->detail, ==, "remembered on this computer");
  assert_audit_intact (cw_session_get_database (session));

  /* Signing out is final. */
  cw_session_sign_out (session);
  g_assert_true (cw_session_is_locked (session));
  g_assert_false (cw_session_unlock_with_unlock_key (session, unlock_key, &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_LOCKED);
}

static void
test_sign_in_unlock_key (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = NULL;
  g_autoptr(CwKey) unlock_key = NULL;
  g_autoptr(CwKey) random_key = cw_key_new_random ();
  g_autoptr(GPtrArray) rows = NULL;
  CwSession *refused;

  session = sign_in (fixture->db_path, "dee", DEE_PASSWORD);
  unlock_key = cw_session_dup_unlock_key (session);
  cw_session_sign_out (session);
  g_clear_object (&session);

  session = cw_session_sign_in_with_unlock_key (fixture->db_path, "dee", unlock_key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);
  rows = audit_rows (cw_session_get_database (session));
  g_assert_cmpstr (last_row (rows)->action, ==, "sign-in");
  g_assert_cmpstr (last_row (rows)->actor, ==, "dee");
  g_assert_cmpstr (last_row (rows)->detail, ==, "remembered on this computer");
  cw_session_sign_out (session);

  /* A key that does not fit, or a username with no slot: the vault's own
   * errors, so that the sign-in page asks for the password. */
  refused = cw_session_sign_in_with_unlock_key (fixture->db_path, "dee", random_key, &error);
  g_assert_null (refused);
  g_assert_true (error->domain == CW_VAULT_ERROR);
  g_clear_error (&error);

  refused = cw_session_sign_in_with_unlock_key (fixture->db_path, "nobody", unlock_key,
                                                &error);
  g_assert_null (refused);
  g_assert_error (error, CW_VAULT_ERROR, CW_VAULT_ERROR_NO_SUCH_SLOT);
}

static void
test_staff_add (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = NULL;
  g_autoptr(CwStaffMember) sam = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(CwVault) vault = NULL;
  CwSession *refused;
  CwStaffMember *me;

  session = sign_in (fixture->db_path, "admin", ADMIN_PASSWORD);

  /* The one-time password must be acceptable: refused before any change. */
  sam = cw_session_add_staff (session, ADMIN_PASSWORD, "sam", "Sam Smith", "Keyworker",
                              CW_ROLE_PRACTITIONER, staff_id_of (session, "dee"), "short",
                              &error);
  g_assert_null (sam);
  g_assert_nonnull (error);
  g_clear_error (&error);

  sam = cw_session_add_staff (session, ADMIN_PASSWORD, "Sam", "Sam Smith", "Keyworker",
                              CW_ROLE_PRACTITIONER, staff_id_of (session, "dee"), NEW_PASSWORD,
                              &error);
  g_assert_no_error (error);
  g_assert_nonnull (sam);
  g_assert_cmpstr (cw_staff_member_get_username (sam), ==, "sam");
  g_assert_true (cw_staff_member_get_must_change_password (sam));
  g_assert_cmpint (cw_staff_member_get_roles (sam), ==, CW_ROLE_PRACTITIONER);
  g_assert_cmpint (cw_staff_member_get_line_manager_id (sam), ==, staff_id_of (session, "dee"));

  rows = audit_rows (cw_session_get_database (session));
  g_assert_cmpstr (last_row (rows)->action, ==, "staff-add");
  g_assert_cmpstr (last_row (rows)->actor, ==, "admin");
  g_assert_null (strstr (last_row (rows)->detail, NEW_PASSWORD));
  cw_session_sign_out (session);
  g_clear_object (&session);

  vault = cw_vault_load (fixture->keys_path, &error);
  g_assert_no_error (error);
  g_assert_true (cw_vault_has_slot (vault, "sam"));
  g_clear_object (&vault);

  /* Sam signs in with the one-time password and must change it. */
  session = sign_in (fixture->db_path, "sam", NEW_PASSWORD);
  me = cw_session_get_staff_member (session);
  g_assert_true (cw_staff_member_get_must_change_password (me));
  g_assert_false (cw_session_can (session, CW_PERMISSION_MANAGE_STAFF));
  g_assert_true (cw_session_can (session, CW_PERMISSION_RECORD_CASE_NOTES));

  g_assert_false (cw_session_change_password (session, WRONG_PASSWORD, PAT_PASSWORD, &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);

  g_assert_true (cw_session_change_password (session, NEW_PASSWORD, PAT_PASSWORD, &error));
  g_assert_no_error (error);
  me = cw_session_get_staff_member (session);
  g_assert_false (cw_staff_member_get_must_change_password (me));
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = audit_rows (cw_session_get_database (session));
  g_assert_cmpstr (last_row (rows)->action, ==, "password-change");
  g_assert_cmpstr (last_row (rows)->actor, ==, "sam");
  cw_session_sign_out (session);
  g_clear_object (&session);

  refused = cw_session_sign_in_with_password (fixture->db_path, "sam", NEW_PASSWORD, &error);
  g_assert_null (refused);
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);

  session = sign_in (fixture->db_path, "sam", PAT_PASSWORD);
  g_assert_false (cw_staff_member_get_must_change_password (
                    cw_session_get_staff_member (session)));
}

static void
test_permissions (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = NULL;
  g_autoptr(CwStaffMember) added = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  guint n_rows;

  /* A practitioner cannot add staff or change settings. */
  session = sign_in (fixture->db_path, "pat", PAT_PASSWORD);
  added = cw_session_add_staff (session, PAT_PASSWORD, "sam", "Sam Smith", "",
                                CW_ROLE_ADMINISTRATOR, 0, NEW_PASSWORD, &error);
  g_assert_null (added);
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
  g_clear_error (&error);

  g_assert_false (cw_session_set_setting (session, "gift-threshold-pence", "1", &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
  g_clear_error (&error);

  g_assert_false (cw_session_rotate_key (session, PAT_PASSWORD, &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
  g_clear_error (&error);

  g_assert_false (cw_session_require (session, CW_PERMISSION_VIEW_AUDIT, &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
  g_clear_error (&error);

  g_assert_false (cw_session_can (session, CW_PERMISSION_VIEW_ALL_CHILDREN));
  g_assert_true (cw_session_can (session, CW_PERMISSION_KEEP_OWN_REGISTERS));
  g_assert_false (cw_session_can_see_section (session, CW_SECTION_STAFF));
  g_assert_true (cw_session_can_see_section (session, CW_SECTION_MY_WORK));
  cw_session_sign_out (session);
  g_clear_object (&session);

  /* An administrator does not read case content by being one. */
  session = sign_in (fixture->db_path, "admin", ADMIN_PASSWORD);
  g_assert_false (cw_session_can (session, CW_PERMISSION_VIEW_ALL_CHILDREN));
  g_assert_false (cw_session_can (session, CW_PERMISSION_VIEW_RESTRICTED));
  g_assert_true (cw_session_can (session, CW_PERMISSION_VIEW_AUDIT));
  g_assert_true (cw_session_can (session, CW_PERMISSION_EDIT_SETTINGS));
  g_assert_true (cw_session_require (session, CW_PERMISSION_ROTATE_KEY, &error));
  g_assert_no_error (error);
  g_assert_true (cw_session_can_see_section (session, CW_SECTION_STAFF));

  /* A wrong step-up password is refused, audited, and changes nothing. */
  rows = audit_rows (cw_session_get_database (session));
  n_rows = rows->len;
  g_clear_pointer (&rows, g_ptr_array_unref);

  added = cw_session_add_staff (session, WRONG_PASSWORD, "sam", "Sam Smith", "",
                                CW_ROLE_PRACTITIONER, 0, NEW_PASSWORD, &error);
  g_assert_null (added);
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);

  g_assert_null (cw_staff_repository_lookup_by_username (
                   cw_session_get_staff_repository (session), "sam", NULL));
  rows = audit_rows (cw_session_get_database (session));
  g_assert_cmpuint (rows->len, ==, n_rows + 1);
  g_assert_cmpstr (last_row (rows)->action, ==, "step-up-failed");
  g_assert_cmpstr (last_row (rows)->actor, ==, "admin");

  g_assert_false (cw_session_confirm_password (session, WRONG_PASSWORD, &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);
  cw_session_sign_out (session);
  g_clear_object (&session);

  /* The DSL reads every chronology and the audit log. */
  session = sign_in (fixture->db_path, "dee", DEE_PASSWORD);
  g_assert_true (cw_session_can (session, CW_PERMISSION_VIEW_ALL_CHILDREN));
  g_assert_true (cw_session_can (session, CW_PERMISSION_VIEW_AUDIT));
  g_assert_false (cw_session_can (session, CW_PERMISSION_MANAGE_STAFF));
}

static void
test_staff_update (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = NULL;
  g_autoptr(CwStaffMember) pat = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 pat_id, dee_id, admin_id;
  AuditRow *row;

  session = sign_in (fixture->db_path, "admin", ADMIN_PASSWORD);
  pat_id = staff_id_of (session, "pat");
  dee_id = staff_id_of (session, "dee");
  admin_id = staff_id_of (session, "admin");

  g_assert_true (cw_session_update_staff (session, ADMIN_PASSWORD, pat_id, "Pat Practitioner",
                                          "Senior family support worker",
                                          CW_ROLE_PRACTITIONER | CW_ROLE_LINE_MANAGER, dee_id,
                                          &error));
  g_assert_no_error (error);

  pat = cw_staff_repository_lookup_by_id (cw_session_get_staff_repository (session), pat_id,
                                          &error);
  g_assert_no_error (error);
  g_assert_cmpint (cw_staff_member_get_roles (pat), ==,
                   CW_ROLE_PRACTITIONER | CW_ROLE_LINE_MANAGER);
  g_assert_cmpint (cw_staff_member_get_line_manager_id (pat), ==, dee_id);
  g_assert_cmpstr (cw_staff_member_get_job_title (pat), ==, "Senior family support worker");

  rows = audit_rows (cw_session_get_database (session));
  row = last_row (rows);
  g_assert_cmpstr (row->action, ==, "staff-change");
  g_assert_nonnull (strstr (row->detail, "roles"));
  g_assert_nonnull (strstr (row->detail, "line manager"));
  g_assert_nonnull (strstr (row->detail, "Dee Lead"));
  g_assert_null (strstr (row->detail, ADMIN_PASSWORD));

  /* The only administrator cannot give up the role. */
  g_assert_false (cw_session_update_staff (session, ADMIN_PASSWORD, admin_id, "Ada Admin", "",
                                           CW_ROLE_PRACTITIONER, 0, &error));
  g_assert_error (error, CW_STAFF_ERROR, CW_STAFF_ERROR_LAST_ADMINISTRATOR);
  g_clear_error (&error);

  /* An administrator may add roles to themselves; the session follows. */
  g_assert_true (cw_session_update_staff (session, ADMIN_PASSWORD, admin_id, "Ada Admin", "",
                                          CW_ROLE_ADMINISTRATOR | CW_ROLE_DSL, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cw_session_get_roles (session), ==, CW_ROLE_ADMINISTRATOR | CW_ROLE_DSL);
  g_assert_true (cw_session_can (session, CW_PERMISSION_VIEW_ALL_CHILDREN));

  /* A reset password is a one-time password for the person. */
  g_assert_true (cw_session_reset_staff_password (session, ADMIN_PASSWORD, pat_id,
                                                  NEW_PASSWORD, &error));
  g_assert_no_error (error);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = audit_rows (cw_session_get_database (session));
  g_assert_cmpstr (last_row (rows)->action, ==, "password-reset");
  g_assert_null (strstr (last_row (rows)->detail, NEW_PASSWORD));
  assert_audit_intact (cw_session_get_database (session));
  cw_session_sign_out (session);
  g_clear_object (&session);

  session = sign_in (fixture->db_path, "pat", NEW_PASSWORD);
  g_assert_true (cw_staff_member_get_must_change_password (
                   cw_session_get_staff_member (session)));
}

static void
test_staff_deactivate (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = NULL;
  g_autoptr(CwStaffMember) pat = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(CwVault) vault = NULL;
  CwSession *refused;
  gint64 pat_id;

  vault = cw_vault_load (fixture->keys_path, &error);
  g_assert_no_error (error);
  g_assert_true (cw_vault_has_slot (vault, "pat"));
  g_clear_object (&vault);

  session = sign_in (fixture->db_path, "admin", ADMIN_PASSWORD);
  pat_id = staff_id_of (session, "pat");

  g_assert_false (cw_session_deactivate_staff (session, ADMIN_PASSWORD,
                                               staff_id_of (session, "admin"), &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (cw_session_deactivate_staff (session, ADMIN_PASSWORD, pat_id, &error));
  g_assert_no_error (error);

  pat = cw_staff_repository_lookup_by_id (cw_session_get_staff_repository (session), pat_id,
                                          &error);
  g_assert_no_error (error);
  g_assert_false (cw_staff_member_get_active (pat));

  rows = audit_rows (cw_session_get_database (session));
  g_assert_cmpstr (last_row (rows)->action, ==, "staff-deactivate");
  cw_session_sign_out (session);

  vault = cw_vault_load (fixture->keys_path, &error);
  g_assert_no_error (error);
  g_assert_false (cw_vault_has_slot (vault, "pat"));
  g_assert_true (cw_vault_has_slot (vault, "admin"));

  refused = cw_session_sign_in_with_password (fixture->db_path, "pat", PAT_PASSWORD, &error);
  g_assert_null (refused);
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_WRONG_PASSWORD);
}

static void
test_recovery_key (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  CwSession *refused;

  /* Only for an administrator. */
  refused = cw_session_sign_in_with_recovery_key (fixture->db_path, "pat",
                                                  template_recovery_key, &error);
  g_assert_null (refused);
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
  g_clear_error (&error);

  refused = cw_session_sign_in_with_recovery_key (fixture->db_path, "admin",
                                                  "0000-0000-0000-0000-0000-0000-0000-0000",
                                                  &error);
  g_assert_null (refused);
  g_assert_nonnull (error);
  g_clear_error (&error);

  session = cw_session_sign_in_with_recovery_key (fixture->db_path, "admin",
                                                  template_recovery_key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);
  /* The recovery slot's key is never remembered on a computer. */
  g_assert_null (cw_session_dup_unlock_key (session));

  rows = audit_rows (cw_session_get_database (session));
  g_assert_cmpstr (last_row (rows)->action, ==, "sign-in");
  g_assert_cmpstr (last_row (rows)->detail, ==, "recovery key");
  /* The wrong recovery key was recorded as a failed attempt. */
  g_assert_cmpuint (count_action (rows, "sign-in-failed"), >=, 1);

  /* An administrator who forgot their password sets a new one. */
  g_assert_true (cw_session_change_password (session, NULL, NEW_PASSWORD, &error));
  g_assert_no_error (error);
  cw_session_sign_out (session);
  g_clear_object (&session);

  session = sign_in (fixture->db_path, "admin", NEW_PASSWORD);
}

static void
test_rotate_key (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = NULL;
  g_autoptr(CwVault) vault = NULL;
  g_autoptr(CwKey) unlock_key = NULL;
  g_autoptr(CwKey) old_master = NULL;
  g_autoptr(CwDatabase) database = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  const char *const users[][2] = {
    { "admin", ADMIN_PASSWORD },
    { "pat", PAT_PASSWORD },
  };

  /* The master key as it is now, read through the vault. */
  vault = cw_vault_load (fixture->keys_path, &error);
  g_assert_no_error (error);
  unlock_key = cw_vault_derive_recovery_unlock_key (vault, template_recovery_key, &error);
  g_assert_no_error (error);
  old_master = cw_vault_open_master_key (vault, NULL, unlock_key, &error);
  g_assert_no_error (error);
  g_clear_object (&vault);
  g_clear_pointer (&unlock_key, cw_key_free);

  session = sign_in (fixture->db_path, "admin", ADMIN_PASSWORD);
  g_assert_true (cw_session_set_setting (session, "gift-threshold-pence", "1750", &error));
  g_assert_no_error (error);

  g_assert_false (cw_session_rotate_key (session, WRONG_PASSWORD, &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);

  g_assert_true (cw_session_rotate_key (session, ADMIN_PASSWORD, &error));
  g_assert_no_error (error);

  /* The session carries on with the new key. */
  g_assert_true (cw_session_set_setting (session, "retention-years", "30", &error));
  g_assert_no_error (error);
  rows = audit_rows (cw_session_get_database (session));
  g_assert_cmpuint (count_action (rows, "key-rotate"), ==, 1);
  g_assert_cmpstr (last_row (rows)->action, ==, "settings-change");
  cw_session_sign_out (session);
  g_clear_object (&session);

  /* The old master key no longer opens the database. */
  database = cw_database_open (fixture->db_path, old_master, &error);
  g_assert_null (database);
  g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_WRONG_KEY);
  g_clear_error (&error);

  /* Every slot opens it, and the data is still there. */
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_autofree char *threshold = NULL;
      g_autofree char *retention = NULL;

      session = sign_in (fixture->db_path, users[i][0], users[i][1]);
      threshold = cw_session_get_setting (session, "gift-threshold-pence");
      retention = cw_session_get_setting (session, "retention-years");
      g_assert_cmpstr (threshold, ==, "1750");
      g_assert_cmpstr (retention, ==, "30");
      cw_session_sign_out (session);
      g_clear_object (&session);
    }

  session = cw_session_sign_in_with_recovery_key (fixture->db_path, "admin",
                                                  template_recovery_key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);
  {
    g_autofree char *organisation = cw_session_get_organisation (session);

    g_assert_cmpstr (organisation, ==, ORGANISATION);
  }
  assert_audit_intact (cw_session_get_database (session));
}

static void
test_interrupted_rotation (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwVault) vault = NULL;
  g_autoptr(CwKey) unlock_key = NULL;
  g_autoptr(CwKey) old_master = NULL;
  g_autoptr(CwKey) new_master = cw_key_new_random ();
  g_autoptr(CwKey) master = NULL;
  g_autoptr(CwKey) pending = NULL;
  g_autoptr(CwDatabase) database = NULL;
  g_autoptr(CwSession) session = NULL;

  vault = cw_vault_load (fixture->keys_path, &error);
  g_assert_no_error (error);
  unlock_key = cw_vault_derive_recovery_unlock_key (vault, template_recovery_key, &error);
  g_assert_no_error (error);
  old_master = cw_vault_open_master_key (vault, NULL, unlock_key, &error);
  g_assert_no_error (error);

  /* A rotation that stopped after PRAGMA rekey, before the key file was
   * finished: the database only opens with the pending key. */
  database = cw_database_open (fixture->db_path, old_master, &error);
  g_assert_no_error (error);
  g_assert_true (cw_vault_begin_rotation (vault, new_master, &error));
  g_assert_no_error (error);
  g_assert_true (cw_database_rekey (database, new_master, &error));
  g_assert_no_error (error);
  cw_database_close (database);
  g_clear_object (&database);
  g_clear_object (&vault);

  /* Signing in tries the pending key and finishes the rotation. */
  session = sign_in (fixture->db_path, "pat", PAT_PASSWORD);
  cw_session_sign_out (session);
  g_clear_object (&session);

  vault = cw_vault_load (fixture->keys_path, &error);
  g_assert_no_error (error);
  master = cw_vault_open_master_key (vault, NULL, unlock_key, &error);
  g_assert_no_error (error);
  g_assert_true (cw_key_equal (master, new_master));
  pending = cw_vault_open_pending_master_key (vault, NULL, unlock_key, &error);
  g_assert_no_error (error);
  g_assert_null (pending);

  /* A rotation that stopped before the rekey: the current key still
   * opens the database. */
  g_clear_pointer (&new_master, cw_key_free);
  new_master = cw_key_new_random ();
  g_assert_true (cw_vault_begin_rotation (vault, new_master, &error));
  g_assert_no_error (error);
  g_clear_object (&vault);

  session = sign_in (fixture->db_path, "admin", ADMIN_PASSWORD);
  g_assert_true (cw_session_rotate_key (session, ADMIN_PASSWORD, &error));
  g_assert_no_error (error);
  assert_audit_intact (cw_session_get_database (session));
}

static void
test_replace_recovery_key (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *new_key = NULL;
  CwSession *refused;

  session = sign_in (fixture->db_path, "admin", ADMIN_PASSWORD);
  new_key = cw_session_replace_recovery_key (session, ADMIN_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_true (cw_recovery_key_is_well_formed (new_key));
  g_assert_cmpstr (new_key, !=, template_recovery_key);
  rows = audit_rows (cw_session_get_database (session));
  g_assert_cmpstr (last_row (rows)->action, ==, "recovery-key-replace");
  g_assert_null (strstr (last_row (rows)->detail, new_key));
  cw_session_sign_out (session);
  g_clear_object (&session);

  refused = cw_session_sign_in_with_recovery_key (fixture->db_path, "admin",
                                                  template_recovery_key, &error);
  g_assert_null (refused);
  g_assert_nonnull (error);
  g_clear_error (&error);

  session = cw_session_sign_in_with_recovery_key (fixture->db_path, "admin", new_key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);
}

static void
test_settings (Fixture       *fixture,
               gconstpointer  user_data)
{
  static const struct { const char *key; const char *value; } defaults[] = {
    { "organisation-name", ORGANISATION },
    { "gift-threshold-pence", "2500" },
    { "gift-repeat-count", "3" },
    { "gift-repeat-months", "12" },
    { "working-day-start", "08:00" },
    { "working-day-end", "18:00" },
    { "working-days", "1,2,3,4,5" },
    { "deadline-urgent-days", "1" },
    { "deadline-other-days", "3" },
    { "sign-off-overdue-days", "5" },
    { "dsl-may-cover-sign-off", "true" },
    { "retention-years", "25" },
  };
  static const struct { const char *key; const char *value; } invalid[] = {
    { "gift-threshold-pence", "twenty pounds" },
    { "gift-threshold-pence", "-1" },
    { "gift-threshold-pence", "10000001" },
    { "gift-threshold-pence", "" },
    { "gift-repeat-count", "1" },
    { "working-day-start", "25:00" },
    { "working-day-start", "8.30" },
    { "working-day-start", "18:00" },   /* not before the end */
    { "working-day-end", "07:59" },     /* not after the start */
    { "working-days", "" },
    { "working-days", "0,1" },
    { "working-days", "1,8" },
    { "working-days", "1,1,2" },
    { "deadline-urgent-days", "4" },    /* longer than the other deadline */
    { "deadline-other-days", "31x" },
    { "sign-off-overdue-days", "0" },
    { "dsl-may-cover-sign-off", "yes" },
    { "retention-years", "0" },
    { "organisation-name", "  " },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *value = NULL;
  g_autofree char *organisation = NULL;
  guint n_rows;
  AuditRow *row;

  session = sign_in (fixture->db_path, "admin", ADMIN_PASSWORD);

  for (guint i = 0; i < G_N_ELEMENTS (defaults); i++)
    {
      g_autofree char *got = cw_session_get_setting (session, defaults[i].key);

      g_assert_cmpstr (got, ==, defaults[i].value);
    }

  value = cw_session_get_setting (session, "colour-scheme");
  g_assert_null (value);
  g_assert_false (cw_session_set_setting (session, "colour-scheme", "dark", &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_INVALID);
  g_clear_error (&error);

  rows = audit_rows (cw_session_get_database (session));
  n_rows = rows->len;
  g_clear_pointer (&rows, g_ptr_array_unref);

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autofree char *before = cw_session_get_setting (session, invalid[i].key);
      g_autofree char *after = NULL;

      g_test_message ("%s = “%s”", invalid[i].key, invalid[i].value);
      g_assert_false (cw_session_set_setting (session, invalid[i].key, invalid[i].value,
                                              &error));
      g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_INVALID);
      g_assert_nonnull (error->message);
      g_assert_cmpuint (strlen (error->message), >, 10);
      g_clear_error (&error);

      after = cw_session_get_setting (session, invalid[i].key);
      g_assert_cmpstr (before, ==, after);
    }

  /* Refused values leave no trace in the audit log. */
  rows = audit_rows (cw_session_get_database (session));
  g_assert_cmpuint (rows->len, ==, n_rows);
  g_clear_pointer (&rows, g_ptr_array_unref);

  g_assert_true (cw_session_set_setting (session, "gift-threshold-pence", " 3000 ", &error));
  g_assert_no_error (error);
  g_clear_pointer (&value, g_free);
  value = cw_session_get_setting (session, "gift-threshold-pence");
  g_assert_cmpstr (value, ==, "3000");

  rows = audit_rows (cw_session_get_database (session));
  g_assert_cmpuint (rows->len, ==, n_rows + 1);
  row = last_row (rows);
  g_assert_cmpstr (row->action, ==, "settings-change");
  g_assert_cmpstr (row->actor, ==, "admin");
  g_assert_cmpstr (row->object_id, ==, "gift-threshold-pence");
  g_assert_cmpstr (row->detail, ==, "gift-threshold-pence: 2500 → 3000");
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Setting the same value again is not a change. */
  g_assert_true (cw_session_set_setting (session, "gift-threshold-pence", "3000", &error));
  g_assert_no_error (error);
  rows = audit_rows (cw_session_get_database (session));
  g_assert_cmpuint (rows->len, ==, n_rows + 1);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Values are stored in one form. */
  g_assert_true (cw_session_set_setting (session, "working-days", "5, 1,3", &error));
  g_assert_no_error (error);
  g_clear_pointer (&value, g_free);
  value = cw_session_get_setting (session, "working-days");
  g_assert_cmpstr (value, ==, "1,3,5");

  g_assert_true (cw_session_set_setting (session, "working-day-start", "7:30", &error));
  g_assert_no_error (error);
  g_clear_pointer (&value, g_free);
  value = cw_session_get_setting (session, "working-day-start");
  g_assert_cmpstr (value, ==, "07:30");

  g_assert_true (cw_session_set_setting (session, "dsl-may-cover-sign-off", "FALSE", &error));
  g_assert_no_error (error);
  g_clear_pointer (&value, g_free);
  value = cw_session_get_setting (session, "dsl-may-cover-sign-off");
  g_assert_cmpstr (value, ==, "false");

  g_assert_true (cw_session_set_setting (session, "organisation-name", "Hillside Children’s Team",
                                         &error));
  g_assert_no_error (error);
  organisation = cw_session_get_organisation (session);
  g_assert_cmpstr (organisation, ==, "Hillside Children’s Team");

  rows = audit_rows (cw_session_get_database (session));
  g_assert_cmpuint (count_action (rows, "settings-change"), ==, 5);
  assert_audit_intact (cw_session_get_database (session));
  cw_session_sign_out (session);
  g_clear_object (&session);

  /* Stored in the database: a new sign-in sees them. */
  session = sign_in (fixture->db_path, "dee", DEE_PASSWORD);
  g_clear_pointer (&value, g_free);
  value = cw_session_get_setting (session, "working-days");
  g_assert_cmpstr (value, ==, "1,3,5");
  g_clear_pointer (&organisation, g_free);
  organisation = cw_session_get_organisation (session);
  g_assert_cmpstr (organisation, ==, "Hillside Children’s Team");
}

static void
test_mismatch (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autofree char *other_dir = cw_test_make_tmpdir ();
  g_autofree char *other_db = g_build_filename (other_dir, "other.db", NULL);
  g_autofree char *other_keys = cw_vault_path_for_database (other_db);
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) other = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;
  CwSession *refused;

  /* Another database with the same administrator and password. */
  other = cw_session_create_database (other_db, "Another Organisation", "admin", "Ada Admin",
                                      ADMIN_PASSWORD, NULL, &error);
  g_assert_no_error (error);
  cw_session_sign_out (other);

  /* Its key file beside this database. */
  g_file_get_contents (other_keys, &contents, &len, &error);
  g_assert_no_error (error);
  g_file_set_contents (fixture->keys_path, contents, len, &error);
  g_assert_no_error (error);
  before = cw_test_read_file (fixture->db_path);

  refused = cw_session_sign_in_with_password (fixture->db_path, "admin", ADMIN_PASSWORD, &error);
  g_assert_null (refused);
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_MISMATCH);

  /* The database is not touched. */
  after = cw_test_read_file (fixture->db_path);
  g_assert_true (g_bytes_equal (before, after));

  cw_test_remove_tree (other_dir);
}

static void
test_no_key_file (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autofree char *uuid = NULL;
  CwSession *refused;

  uuid = cw_session_peek_database_uuid (fixture->db_path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (uuid);
  g_assert_cmpuint (strlen (uuid), >, 0);
  g_clear_pointer (&uuid, g_free);

  before = cw_test_read_file (fixture->db_path);
  g_assert_cmpint (g_unlink (fixture->keys_path), ==, 0);

  uuid = cw_session_peek_database_uuid (fixture->db_path, &error);
  g_assert_null (uuid);
  g_assert_error (error, CW_VAULT_ERROR, CW_VAULT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "casework.db.keys"));
  g_clear_error (&error);

  refused = cw_session_sign_in_with_password (fixture->db_path, "admin", ADMIN_PASSWORD, &error);
  g_assert_null (refused);
  g_assert_error (error, CW_VAULT_ERROR, CW_VAULT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  refused = cw_session_sign_in_with_recovery_key (fixture->db_path, "admin",
                                                  template_recovery_key, &error);
  g_assert_null (refused);
  g_assert_error (error, CW_VAULT_ERROR, CW_VAULT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Signing in never makes a new key for an existing database. */
  g_assert_false (g_file_test (fixture->keys_path, G_FILE_TEST_EXISTS));
  after = cw_test_read_file (fixture->db_path);
  g_assert_true (g_bytes_equal (before, after));

  /* No database at all. */
  g_unlink (fixture->db_path);
  refused = cw_session_sign_in_with_password (fixture->db_path, "admin", ADMIN_PASSWORD, &error);
  g_assert_null (refused);
  g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (fixture->db_path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (fixture->keys_path, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_assert_true (cw_secure_init ());

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/session/create/signed-in", test_create_signed_in);
  g_test_add_func ("/session/create/refuses-existing", test_create_refuses_existing);
  ADD ("/session/sign-in/password", test_sign_in_password);
  ADD ("/session/sign-in/wrong-password", test_sign_in_wrong_password);
  ADD ("/session/sign-in/inactive", test_sign_in_inactive);
  ADD ("/session/sign-in/unlock-key", test_sign_in_unlock_key);
  ADD ("/session/sign-in/recovery-key", test_recovery_key);
  ADD ("/session/sign-in/mismatch", test_mismatch);
  ADD ("/session/sign-in/no-key-file", test_no_key_file);
  ADD ("/session/lock/unlock", test_lock_unlock);
  ADD ("/session/staff/add", test_staff_add);
  ADD ("/session/staff/update", test_staff_update);
  ADD ("/session/staff/deactivate", test_staff_deactivate);
  ADD ("/session/permissions", test_permissions);
  ADD ("/session/keys/rotate", test_rotate_key);
  ADD ("/session/keys/interrupted-rotation", test_interrupted_rotation);
  ADD ("/session/keys/replace-recovery-key", test_replace_recovery_key);
  ADD ("/session/settings", test_settings);

#undef ADD

  status = g_test_run ();

  cw_test_remove_tree (template_dir);
  g_clear_pointer (&template_dir, g_free);
  if (template_recovery_key != NULL)
    cw_secure_wipe_string (template_recovery_key);
  g_clear_pointer (&template_recovery_key, g_free);

  return status;
}
