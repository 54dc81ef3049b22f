/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <gio/gio.h>

#include "cw-audit.h"
#include "cw-database.h"
#include "cw-database-private.h"
#include "cw-key.h"
#include "cw-test-util.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

typedef struct
{
  char       *dir;
  char       *path;
  CwKey      *key;
  CwDatabase *database;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = cw_test_make_tmpdir ();
  fixture->path = g_build_filename (fixture->dir, "audit.db", NULL);
  fixture->key = cw_key_new_random ();
  fixture->database = cw_database_create (fixture->path, fixture->key, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->database != NULL)
    cw_database_close (fixture->database);
  g_clear_object (&fixture->database);
  g_clear_pointer (&fixture->key, cw_key_free);
  cw_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->path, g_free);
  g_clear_pointer (&fixture->dir, g_free);
}

static void
reopen (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  cw_database_close (fixture->database);
  g_clear_object (&fixture->database);
  fixture->database = cw_database_open (fixture->path, fixture->key, &error);
  g_assert_no_error (error);
}

/* Runs SQL straight on the connection, as someone with the key and a
 * SQLite shell could. */
static void
raw_exec (Fixture    *fixture,
          const char *sql)
{
  char *message = NULL;
  int rc = sqlite3_exec (cw_database_get_handle (fixture->database), sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static void
drop_triggers (Fixture *fixture)
{
  raw_exec (fixture, "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;");
}

static char *
query_text (Fixture    *fixture,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = cw_database_prepare (fixture->database, sql, &error);

  g_assert_no_error (error);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static gint64
query_int (Fixture    *fixture,
           const char *sql)
{
  g_autofree char *text = query_text (fixture, sql);

  g_assert_nonnull (text);
  return g_ascii_strtoll (text, NULL, 10);
}

static void
append (Fixture    *fixture,
        gint64      actor_id,
        const char *actor_username,
        const char *action,
        const char *detail)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cw_audit_append (fixture->database, actor_id, actor_username, action, "staff",
                                  "1", detail, &error));
  g_assert_no_error (error);
}

/* Ten rows, 1 … 10, of different kinds. */
static void
append_ten (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  append (fixture, 0, "", "setup", "Database created");
  append (fixture, 1, "admin", "sign-in", NULL);
  append (fixture, 0, "mallory", "sign-in-failed", "Wrong password");
  g_assert_true (cw_audit_append_at (fixture->database, 1700000000, 1, "admin", "staff-add",
                                     "staff", "2", "Practitioner", &error));
  g_assert_no_error (error);
  append (fixture, 1, "admin", "staff-change", "Roles");
  append (fixture, 1, "admin", "settings-change", "gift-threshold-pence");
  append (fixture, 2, "a.smith", "sign-in", NULL);
  append (fixture, 2, "a.smith", "lock", NULL);
  append (fixture, 2, "a.smith", "unlock", NULL);
  append (fixture, 2, "a.smith", "sign-out", NULL);
}

static CwAuditVerification *
verify (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  CwAuditVerification *v = cw_audit_verify (fixture->database, &error);

  g_assert_no_error (error);
  g_assert_nonnull (v);

  return v;
}

static void
assert_intact (Fixture *fixture,
               gint64   n_rows)
{
  g_autoptr(CwAuditVerification) v = verify (fixture);

  g_assert_cmpstr (v->problem, ==, NULL);
  g_assert_cmpint (v->first_broken_seq, ==, 0);
  g_assert_cmpint (v->n_rows, ==, n_rows);
}

static void
assert_broken (Fixture    *fixture,
               gint64      first_broken_seq,
               const char *problem)
{
  g_autoptr(CwAuditVerification) v = verify (fixture);

  g_assert_cmpstr (v->problem, ==, problem);
  g_assert_cmpint (v->first_broken_seq, ==, first_broken_seq);
}

static void
test_verify_empty (Fixture       *fixture,
                   gconstpointer  data)
{
  assert_intact (fixture, 0);
}

static void
test_append_and_verify (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *first_prev = NULL;
  g_autofree char *head_seq = NULL;
  g_autofree char *head_hash = NULL;
  g_autofree char *last_hash = NULL;
  g_autofree char *actor_id = NULL;

  append_ten (fixture);
  assert_intact (fixture, 10);

  /* What is stored: a chain from 64 zeros, each row naming the one before. */
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM audit"), ==, 10);
  g_assert_cmpint (query_int (fixture, "SELECT min(seq) FROM audit"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT max(seq) FROM audit"), ==, 10);
  first_prev = query_text (fixture, "SELECT prev_hash FROM audit WHERE seq = 1");
  g_assert_cmpstr (first_prev, ==, GENESIS);
  g_assert_cmpint (query_int (fixture,
                              "SELECT count(*) FROM audit a JOIN audit b ON b.seq = a.seq + 1 "
                              "WHERE b.prev_hash = a.hash"), ==, 9);
  g_assert_cmpint (query_int (fixture,
                              "SELECT count(DISTINCT hash) FROM audit WHERE length (hash) = 64 "
                              "AND hash NOT GLOB '*[^0-9a-f]*'"), ==, 10);
  g_assert_cmpint (query_int (fixture, "SELECT at FROM audit WHERE seq = 4"), ==, 1700000000);

  /* Nobody is stored as NULL. */
  actor_id = query_text (fixture, "SELECT actor_id FROM audit WHERE seq = 1");
  g_assert_null (actor_id);

  /* The head in meta is the newest row. */
  head_seq = cw_database_get_meta (fixture->database, "audit-head-seq");
  head_hash = cw_database_get_meta (fixture->database, "audit-head-hash");
  last_hash = query_text (fixture, "SELECT hash FROM audit WHERE seq = 10");
  g_assert_cmpstr (head_seq, ==, "10");
  g_assert_cmpstr (head_hash, ==, last_hash);

  /* And from the file. */
  reopen (fixture);
  assert_intact (fixture, 10);
  append (fixture, 2, "a.smith", "sign-in", NULL);
  assert_intact (fixture, 11);
}

static void
test_append_in_transaction (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *head = NULL;

  append (fixture, 1, "admin", "sign-in", NULL);

  /* Rolled back with the caller's transaction: nothing stays, head included. */
  g_assert_true (cw_database_begin (fixture->database, &error));
  g_assert_no_error (error);
  append (fixture, 1, "admin", "staff-add", NULL);
  append (fixture, 1, "admin", "staff-change", NULL);
  cw_database_rollback (fixture->database);

  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM audit"), ==, 1);
  head = cw_database_get_meta (fixture->database, "audit-head-seq");
  g_assert_cmpstr (head, ==, "1");
  assert_intact (fixture, 1);

  /* Committed with it: both stay. */
  g_assert_true (cw_database_begin (fixture->database, &error));
  g_assert_no_error (error);
  append (fixture, 1, "admin", "staff-add", NULL);
  append (fixture, 1, "admin", "staff-change", NULL);
  /* Still the caller's transaction after the appends. */
  g_assert_cmpint (sqlite3_get_autocommit (cw_database_get_handle (fixture->database)), ==, 0);
  g_assert_true (cw_database_commit (fixture->database, &error));
  g_assert_no_error (error);

  assert_intact (fixture, 3);
}

static void
test_refused_by_triggers (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *detail = NULL;

  append_ten (fixture);

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (cw_database_exec (fixture->database,
                                      "UPDATE audit SET detail = 'nothing' WHERE seq = 3",
                                      &error));
    g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_REFUSED);
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (cw_database_exec (fixture->database, "DELETE FROM audit WHERE seq = 10",
                                      &error));
    g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_REFUSED);
  }

  detail = query_text (fixture, "SELECT detail FROM audit WHERE seq = 3");
  g_assert_cmpstr (detail, ==, "Wrong password");
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM audit"), ==, 10);
  assert_intact (fixture, 10);
}

static void
test_tamper_edited (Fixture       *fixture,
                    gconstpointer  data)
{
  append_ten (fixture);
  drop_triggers (fixture);

  raw_exec (fixture, "UPDATE audit SET detail = 'Nothing to see' WHERE seq = 6");
  assert_broken (fixture, 6, "Audit row 6 has been changed after it was written.");
}

static void
test_tamper_edited_type (Fixture       *fixture,
                         gconstpointer  data)
{
  append_ten (fixture);
  drop_triggers (fixture);

  /* The time moved by an hour. */
  raw_exec (fixture, "UPDATE audit SET at = at + 3600 WHERE seq = 4");
  assert_broken (fixture, 4, "Audit row 4 has been changed after it was written.");
}

static void
test_tamper_actor (Fixture       *fixture,
                   gconstpointer  data)
{
  append_ten (fixture);
  drop_triggers (fixture);

  /* "Nobody" made someone: NULL and 0 are told apart. */
  raw_exec (fixture, "UPDATE audit SET actor_id = 0 WHERE seq = 3");
  assert_broken (fixture, 3, "Audit row 3 has been changed after it was written.");
}

static void
test_tamper_deleted_middle (Fixture       *fixture,
                            gconstpointer  data)
{
  append_ten (fixture);
  drop_triggers (fixture);

  raw_exec (fixture, "DELETE FROM audit WHERE seq = 7");
  assert_broken (fixture, 7, "Audit row 7 is missing: the log jumps from row 6 to row 8.");
}

static void
test_tamper_deleted_first (Fixture       *fixture,
                           gconstpointer  data)
{
  append_ten (fixture);
  drop_triggers (fixture);

  raw_exec (fixture, "DELETE FROM audit WHERE seq <= 2");
  assert_broken (fixture, 1, "Audit row 1 is missing: the log starts at row 3.");
}

static void
test_tamper_swapped (Fixture       *fixture,
                     gconstpointer  data)
{
  append_ten (fixture);
  drop_triggers (fixture);

  /* Rows 3 and 5 exchange everything but their numbers, hashes included. */
  raw_exec (fixture,
            "CREATE TEMP TABLE swap AS SELECT * FROM audit WHERE seq IN (3, 5);"
            "UPDATE audit SET "
            "  at = (SELECT at FROM swap WHERE swap.seq = 8 - audit.seq),"
            "  actor_id = (SELECT actor_id FROM swap WHERE swap.seq = 8 - audit.seq),"
            "  actor_username = (SELECT actor_username FROM swap WHERE swap.seq = 8 - audit.seq),"
            "  action = (SELECT action FROM swap WHERE swap.seq = 8 - audit.seq),"
            "  object_type = (SELECT object_type FROM swap WHERE swap.seq = 8 - audit.seq),"
            "  object_id = (SELECT object_id FROM swap WHERE swap.seq = 8 - audit.seq),"
            "  detail = (SELECT detail FROM swap WHERE swap.seq = 8 - audit.seq),"
            "  prev_hash = (SELECT prev_hash FROM swap WHERE swap.seq = 8 - audit.seq),"
            "  hash = (SELECT hash FROM swap WHERE swap.seq = 8 - audit.seq) "
            "WHERE seq IN (3, 5);"
            "DROP TABLE swap;");

  /* The swap really happened. */
  {
    g_autofree char *action = query_text (fixture, "SELECT action FROM audit WHERE seq = 3");

    g_assert_cmpstr (action, ==, "staff-change");
  }

  assert_broken (fixture, 3, "Audit row 3 has been changed after it was written.");
}

static void
test_tamper_swapped_content (Fixture       *fixture,
                             gconstpointer  data)
{
  append_ten (fixture);
  drop_triggers (fixture);

  /* Only what happened is exchanged; the hashes stay where they were. */
  raw_exec (fixture,
            "CREATE TEMP TABLE swap AS SELECT seq, action, detail FROM audit "
            "WHERE seq IN (8, 9);"
            "UPDATE audit SET "
            "  action = (SELECT action FROM swap WHERE swap.seq = 17 - audit.seq),"
            "  detail = (SELECT detail FROM swap WHERE swap.seq = 17 - audit.seq) "
            "WHERE seq IN (8, 9);"
            "DROP TABLE swap;");

  assert_broken (fixture, 8, "Audit row 8 has been changed after it was written.");
}

static void
test_tamper_deleted_newest (Fixture       *fixture,
                            gconstpointer  data)
{
  append_ten (fixture);
  drop_triggers (fixture);

  raw_exec (fixture, "DELETE FROM audit WHERE seq = 10");
  assert_broken (fixture, 10,
                 "The newest audit rows have been removed: the log ends at row 9 but 10 were "
                 "written.");

  /* Appending afterwards does not hide the removal. */
  append (fixture, 1, "admin", "sign-in", NULL);
  assert_broken (fixture, 10, "Audit row 10 is missing: the log jumps from row 9 to row 11.");
}

static void
test_tamper_deleted_everything (Fixture       *fixture,
                                gconstpointer  data)
{
  append_ten (fixture);
  drop_triggers (fixture);

  raw_exec (fixture, "DELETE FROM audit");
  assert_broken (fixture, 1, "The audit log is empty but 10 rows were written.");
}

static void
test_tamper_head_removed (Fixture       *fixture,
                          gconstpointer  data)
{
  append_ten (fixture);

  raw_exec (fixture, "DELETE FROM meta WHERE key LIKE 'audit-head-%'");
  assert_broken (fixture, 10, "The record of the newest audit row has been removed, so removed "
                              "rows cannot be ruled out.");
}

static void
test_tamper_verify_keeps_counting (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(CwAuditVerification) v = NULL;

  append_ten (fixture);
  drop_triggers (fixture);

  raw_exec (fixture, "UPDATE audit SET detail = 'x' WHERE seq IN (2, 5)");
  v = verify (fixture);
  g_assert_cmpint (v->first_broken_seq, ==, 2);
  g_assert_cmpint (v->n_rows, ==, 10);
}

static void
test_list_newest_first (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GListModel) model = NULL;
  g_autoptr(GError) error = NULL;
  const guint n = 300;   /* more than one page */

  g_assert_true (cw_database_begin (fixture->database, &error));
  g_assert_no_error (error);
  for (guint i = 1; i <= n; i++)
    {
      g_autofree char *detail = g_strdup_printf ("row %u", i);

      g_assert_true (cw_audit_append_at (fixture->database, 1600000000 + i, i % 7, "someone",
                                         i == 1 ? "setup" : "view", "child", "42", detail,
                                         &error));
      g_assert_no_error (error);
    }
  g_assert_true (cw_database_commit (fixture->database, &error));
  g_assert_no_error (error);

  model = cw_audit_list (fixture->database);
  g_assert_true (g_list_model_get_item_type (model) == CW_TYPE_AUDIT_EVENT);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);

  for (guint position = 0; position < n; position += 37)
    {
      g_autoptr(CwAuditEvent) event = g_list_model_get_item (model, position);
      g_autofree char *detail = g_strdup_printf ("row %u", n - position);

      g_assert_cmpint (cw_audit_event_get_seq (event), ==, n - position);
      g_assert_cmpstr (cw_audit_event_get_detail (event), ==, detail);
      g_assert_cmpint (g_date_time_to_unix (cw_audit_event_get_time (event)), ==,
                       1600000000 + n - position);
      g_assert_cmpint (cw_audit_event_get_actor_id (event), ==, (n - position) % 7);
      g_assert_cmpstr (cw_audit_event_get_object_type (event), ==, "child");
      g_assert_cmpstr (cw_audit_event_get_object_id (event), ==, "42");
      g_assert_cmpuint (strlen (cw_audit_event_get_hash (event)), ==, 64);
    }

  {
    g_autoptr(CwAuditEvent) oldest = g_list_model_get_item (model, n - 1);
    g_autoptr(CwAuditEvent) newest = g_list_model_get_item (model, 0);
    g_autofree char *description = NULL;

    g_assert_cmpint (cw_audit_event_get_seq (oldest), ==, 1);
    g_assert_cmpstr (cw_audit_event_get_action (oldest), ==, "setup");
    g_assert_cmpstr (cw_audit_event_get_actor_username (newest), ==, "someone");
    g_assert_null (g_list_model_get_item (model, n));

    g_object_get (oldest, "description", &description, NULL);
    g_assert_cmpstr (description, ==, "Database set up");
  }

  assert_intact (fixture, n);
}

static void
test_describe_action (void)
{
  struct {
    const char *action;
    const char *label;
  } cases[] = {
    { "sign-in", "Signed in" },
    { "sign-in-failed", "Failed sign-in" },
    { "sign-out", "Signed out" },
    { "lock", "Locked" },
    { "staff-deactivate", "Staff account deactivated" },
    { "settings-change", "Settings changed" },
    { "something-new", "something-new" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *label = cw_audit_describe_action (cases[i].action);

      g_assert_cmpstr (label, ==, cases[i].label);
    }
}

static void
test_append_invalid_text (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (cw_audit_append (fixture->database, 1, "admin", "staff-change", "staff", "1",
                                   "bad \xff text", &error));
  g_assert_nonnull (error);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM audit"), ==, 0);
}

static void
test_append_closed (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  cw_database_close (fixture->database);
  g_assert_false (cw_audit_append (fixture->database, 1, "admin", "lock", NULL, NULL, NULL,
                                   &error));
  g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_CLOSED);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/audit/verify/empty", test_verify_empty);
  ADD ("/audit/append/verify-intact", test_append_and_verify);
  ADD ("/audit/append/in-caller-transaction", test_append_in_transaction);
  ADD ("/audit/append/invalid-text", test_append_invalid_text);
  ADD ("/audit/append/closed", test_append_closed);
  ADD ("/audit/triggers/refuse-update-delete", test_refused_by_triggers);
  ADD ("/audit/tamper/edited-detail", test_tamper_edited);
  ADD ("/audit/tamper/edited-time", test_tamper_edited_type);
  ADD ("/audit/tamper/edited-actor", test_tamper_actor);
  ADD ("/audit/tamper/deleted-middle", test_tamper_deleted_middle);
  ADD ("/audit/tamper/deleted-first", test_tamper_deleted_first);
  ADD ("/audit/tamper/swapped-rows", test_tamper_swapped);
  ADD ("/audit/tamper/swapped-content", test_tamper_swapped_content);
  ADD ("/audit/tamper/deleted-newest", test_tamper_deleted_newest);
  ADD ("/audit/tamper/deleted-everything", test_tamper_deleted_everything);
  ADD ("/audit/tamper/head-removed", test_tamper_head_removed);
  ADD ("/audit/tamper/first-break-reported", test_tamper_verify_keeps_counting);
  ADD ("/audit/list/newest-first", test_list_newest_first);
  g_test_add_func ("/audit/describe-action", test_describe_action);

#undef ADD

  return g_test_run ();
}
