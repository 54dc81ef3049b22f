/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "cw-database.h"
#include "cw-database-private.h"
#include "cw-key.h"
#include "cw-test-util.h"

#define SECRET "Zephyrine Quillfeather-7741"

typedef struct
{
  char  *dir;
  char  *path;
  CwKey *key;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = cw_test_make_tmpdir ();
  fixture->path = g_build_filename (fixture->dir, "case.db", NULL);
  fixture->key = cw_key_new_random ();
  g_assert_nonnull (fixture->key);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  cw_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
  cw_key_free (fixture->key);
}

static char *
sibling (const char *path,
         const char *suffix)
{
  return g_strconcat (path, suffix, NULL);
}

/* The database, its -wal and its -shm as they are now (NULL where absent). */
typedef struct
{
  GBytes *files[3];
} Snapshot;

static const char *const suffixes[3] = { "", "-wal", "-shm" };

static void
snapshot_take (Snapshot   *snapshot,
               const char *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = sibling (path, suffixes[i]);

      snapshot->files[i] = cw_test_read_file (name);
    }
}

static void
snapshot_clear (Snapshot *snapshot)
{
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    g_clear_pointer (&snapshot->files[i], g_bytes_unref);
}

/* Asserts that the files are byte for byte what they were, and that no
 * -wal or -shm appeared or vanished. */
static void
assert_unchanged (Snapshot   *before,
                  const char *path)
{
  Snapshot after = { { NULL } };

  snapshot_take (&after, path);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      if (before->files[i] == NULL)
        {
          if (after.files[i] != NULL)
            g_error ("%s%s appeared", path, suffixes[i]);
          continue;
        }
      g_assert_nonnull (after.files[i]);
      g_assert_true (g_bytes_equal (before->files[i], after.files[i]));
    }
  snapshot_clear (&after);
}

/* Creates a database with one distinctive meta row, and closes it. */
static void
create_closed (const char  *path,
               const CwKey *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwDatabase) db = NULL;

  db = cw_database_create (path, key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (db);
  cw_database_set_meta (db, "test-note", "kept", &error);
  g_assert_no_error (error);
  cw_database_close (db);
}

static void
assert_open_fails (const char     *path,
                   const CwKey    *key,
                   CwDatabaseError code,
                   const char     *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwDatabase) db = NULL;
  Snapshot before = { { NULL } };

  snapshot_take (&before, path);
  db = cw_database_open (path, key, &error);
  g_assert_null (db);
  g_assert_error (error, CW_DATABASE_ERROR, (int) code);
  if (message_part != NULL)
    g_assert_nonnull (strstr (error->message, message_part));
  assert_unchanged (&before, path);
  snapshot_clear (&before);
}

static gboolean
table_exists (CwDatabase *db,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = cw_database_prepare (db, "SELECT 1 FROM sqlite_master WHERE name = ?", &error);
  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

static gint64
query_int (CwDatabase *db,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = cw_database_prepare (db, sql, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static gboolean
file_begins_with (const char *path,
                  const char *prefix,
                  gsize       len)
{
  g_autoptr(GBytes) bytes = cw_test_read_file (path);
  gsize size = 0;
  const guint8 *data;

  g_assert_nonnull (bytes);
  data = g_bytes_get_data (bytes, &size);
  return size >= len && memcmp (data, prefix, len) == 0;
}

/* ---------------------------------------------------------------------- */

static void
test_create_close_reopen (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwDatabase) db = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *value = NULL;
  g_autofree char *created_at = NULL;
  GStatBuf buf;

  db = cw_database_create (fixture->path, fixture->key, &error);
  g_assert_no_error (error);
  g_assert_true (cw_database_is_open (db));
  g_assert_cmpstr (cw_database_get_path (db), ==, fixture->path);
  g_assert_true (g_uuid_string_is_valid (cw_database_get_uuid (db)));
  uuid = g_strdup (cw_database_get_uuid (db));

  cw_database_set_meta (db, "organisation", "Riverside Family Centre", &error);
  g_assert_no_error (error);
  cw_database_close (db);
  g_clear_object (&db);

  g_assert_cmpint (g_stat (fixture->path, &buf), ==, 0);
  g_assert_cmpint (buf.st_mode & 0777, ==, 0600);

  db = cw_database_open (fixture->path, fixture->key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (db);
  value = cw_database_get_meta (db, "organisation");
  g_assert_cmpstr (value, ==, "Riverside Family Centre");
  g_assert_cmpstr (cw_database_get_uuid (db), ==, uuid);
  created_at = cw_database_get_meta (db, "created-at");
  g_assert_nonnull (created_at);
  g_assert_cmpint (g_ascii_strtoll (created_at, NULL, 10), >, 1600000000);
  g_assert_cmpint (cw_database_get_latest_schema_version (), >=, 1);
  g_assert_cmpint (cw_database_get_schema_version (db), ==,
                   cw_database_get_latest_schema_version ());
  g_assert_cmpint (query_int (db, "PRAGMA application_id"), ==, CW_DATABASE_APPLICATION_ID);
}

static void
test_create_refuses_existing (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwDatabase) db = NULL;
  g_autofree char *other = g_build_filename (fixture->dir, "other.db", NULL);
  g_autofree char *other_wal = sibling (other, "-wal");
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;

  g_assert_true (g_file_set_contents (fixture->path, "a letter, not a database", -1, NULL));
  before = cw_test_read_file (fixture->path);

  db = cw_database_create (fixture->path, fixture->key, &error);
  g_assert_null (db);
  g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_EXISTS);
  after = cw_test_read_file (fixture->path);
  g_assert_true (g_bytes_equal (before, after));
  g_clear_error (&error);

  /* A stray WAL alone is enough to refuse: it could be someone's data. */
  g_assert_true (g_file_set_contents (other_wal, "", 0, NULL));
  db = cw_database_create (other, fixture->key, &error);
  g_assert_null (db);
  g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_EXISTS);
  g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));
}

static void
test_create_missing_folder (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwDatabase) db = NULL;
  g_autofree char *folder = g_build_filename (fixture->dir, "no-such-folder", NULL);
  g_autofree char *path = g_build_filename (folder, "case.db", NULL);

  db = cw_database_create (path, fixture->key, &error);
  g_assert_null (db);
  g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "folder"));
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
}

/* What the connection promises: WAL, full sync, secure delete, foreign
 * keys, temporary tables in memory, an exclusive lock. */
static void
test_pragmas (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwDatabase) db = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  create_closed (fixture->path, fixture->key);
  db = cw_database_open (fixture->path, fixture->key, &error);
  g_assert_no_error (error);

  g_assert_cmpint (query_int (db, "PRAGMA synchronous"), ==, 2);      /* FULL */
  g_assert_cmpint (query_int (db, "PRAGMA secure_delete"), ==, 1);
  g_assert_cmpint (query_int (db, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (query_int (db, "PRAGMA temp_store"), ==, 2);       /* MEMORY */
  g_assert_cmpint (query_int (db, "PRAGMA cipher_page_size"), ==, 4096);

  stmt = cw_database_prepare (db, "PRAGMA journal_mode", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = cw_database_prepare (db, "PRAGMA locking_mode", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "exclusive");
}

static void
test_open_not_found (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwDatabase) db = NULL;

  db = cw_database_open (fixture->path, fixture->key, &error);
  g_assert_null (db);
  g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
}

static void
test_open_wrong_key (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(CwKey) wrong = cw_key_new_random ();

  create_closed (fixture->path, fixture->key);
  assert_open_fails (fixture->path, wrong, CW_DATABASE_ERROR_WRONG_KEY, NULL);
}

/*
 * A crash leaves a WAL full of committed pages. A read-write connection
 * with a wrong key would checkpoint it into the database on close; the
 * wrong key must change neither file, and the right key must then find
 * the data.
 */
static void
test_open_wrong_key_with_wal (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwDatabase) db = NULL;
  g_autoptr(CwDatabase) copy = NULL;
  g_autoptr(CwKey) wrong = cw_key_new_random ();
  g_autoptr(GBytes) main_bytes = NULL;
  g_autoptr(GBytes) wal_bytes = NULL;
  g_autofree char *wal = sibling (fixture->path, "-wal");
  g_autofree char *crashed = g_build_filename (fixture->dir, "crashed.db", NULL);
  g_autofree char *crashed_wal = sibling (crashed, "-wal");
  g_autofree char *crashed_shm = sibling (crashed, "-shm");
  g_autofree char *value = NULL;

  db = cw_database_create (fixture->path, fixture->key, &error);
  g_assert_no_error (error);
  cw_database_set_meta (db, "written-before-the-crash", "yes", &error);
  g_assert_no_error (error);

  /* Copy the files while open: what a power cut would leave. */
  main_bytes = cw_test_read_file (fixture->path);
  wal_bytes = cw_test_read_file (wal);
  g_assert_nonnull (wal_bytes);
  g_assert_cmpuint (g_bytes_get_size (wal_bytes), >, 0);
  g_assert_true (g_file_set_contents (crashed, g_bytes_get_data (main_bytes, NULL),
                                      g_bytes_get_size (main_bytes), NULL));
  g_assert_true (g_file_set_contents (crashed_wal, g_bytes_get_data (wal_bytes, NULL),
                                      g_bytes_get_size (wal_bytes), NULL));
  cw_database_close (db);

  assert_open_fails (crashed, wrong, CW_DATABASE_ERROR_WRONG_KEY, NULL);
  g_assert_false (g_file_test (crashed_shm, G_FILE_TEST_EXISTS));

  copy = cw_database_open (crashed, fixture->key, &error);
  g_assert_no_error (error);
  value = cw_database_get_meta (copy, "written-before-the-crash");
  g_assert_cmpstr (value, ==, "yes");
  g_assert_false (g_file_test (crashed_shm, G_FILE_TEST_EXISTS));
}

static void
test_open_plain_sqlite (Fixture       *fixture,
                        gconstpointer  data)
{
  sqlite3 *plain = NULL;

  /* SQLCipher without a key writes an ordinary SQLite file. */
  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &plain,
                                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (plain, "CREATE TABLE recipes (name TEXT);"
                                        "INSERT INTO recipes VALUES ('scones');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (plain);
  g_assert_true (file_begins_with (fixture->path, "SQLite format 3", 16));

  assert_open_fails (fixture->path, fixture->key, CW_DATABASE_ERROR_NOT_CASEWORK,
                     "unencrypted SQLite");
}

static void
test_open_random_bytes (Fixture       *fixture,
                        gconstpointer  data)
{
  guint8 noise[3 * 4096];

  randombytes_buf (noise, sizeof noise);
  noise[0] = 'R';   /* surely not "CASEWRK1" */
  g_assert_true (g_file_set_contents (fixture->path, (const char *) noise, sizeof noise, NULL));

  assert_open_fails (fixture->path, fixture->key, CW_DATABASE_ERROR_NOT_CASEWORK,
                     "another program");
}

static void
test_open_empty_file (Fixture       *fixture,
                      gconstpointer  data)
{
  g_assert_true (g_file_set_contents (fixture->path, "", 0, NULL));

  assert_open_fails (fixture->path, fixture->key, CW_DATABASE_ERROR_NOT_CASEWORK, "empty");
}

static void
write_prefix (const char *path,
              GBytes     *whole,
              gsize       len)
{
  g_assert_cmpuint (len, <=, g_bytes_get_size (whole));
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (whole, NULL), len, NULL));
}

static void
test_open_truncated (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwDatabase) db = NULL;
  g_autoptr(GBytes) whole = NULL;
  g_autofree char *filler = g_strnfill (3000, 'x');
  gsize size, pages;

  /* Enough rows for the data to run well past the schema's pages. */
  db = cw_database_create (fixture->path, fixture->key, &error);
  g_assert_no_error (error);
  for (int i = 0; i < 40; i++)
    {
      g_autofree char *name = g_strdup_printf ("filler-%d", i);

      cw_database_set_meta (db, name, filler, &error);
      g_assert_no_error (error);
    }
  cw_database_close (db);

  whole = cw_test_read_file (fixture->path);
  size = g_bytes_get_size (whole);
  pages = size / 4096;
  g_assert_cmpuint (size % 4096, ==, 0);
  g_assert_cmpuint (pages, >=, 20);

  /* The sound file opens: the damage below is what makes it fail. */
  db = cw_database_open (fixture->path, fixture->key, &error);
  g_assert_no_error (error);
  g_clear_object (&db);

  write_prefix (fixture->path, whole, (pages / 2) * 4096);
  assert_open_fails (fixture->path, fixture->key, CW_DATABASE_ERROR_DAMAGED, NULL);

  write_prefix (fixture->path, whole, (pages - 1) * 4096);
  assert_open_fails (fixture->path, fixture->key, CW_DATABASE_ERROR_DAMAGED, "damaged");

  write_prefix (fixture->path, whole, size - 1000);
  assert_open_fails (fixture->path, fixture->key, CW_DATABASE_ERROR_DAMAGED, "cut short");

  write_prefix (fixture->path, whole, 100);
  assert_open_fails (fixture->path, fixture->key, CW_DATABASE_ERROR_DAMAGED, "cut short");
}

static void
test_open_too_new (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwDatabase) db = NULL;
  g_autofree char *sql = NULL;

  db = cw_database_create (fixture->path, fixture->key, &error);
  g_assert_no_error (error);
  sql = g_strdup_printf ("PRAGMA user_version = %d",
                         cw_database_get_latest_schema_version () + 1);
  g_assert_cmpint (sqlite3_exec (cw_database_get_handle (db), sql, NULL, NULL, NULL),
                   ==, SQLITE_OK);
  cw_database_close (db);

  assert_open_fails (fixture->path, fixture->key, CW_DATABASE_ERROR_TOO_NEW, "newer");
}

static void
test_open_not_casework_encrypted (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwDatabase) db = NULL;

  db = cw_database_create (fixture->path, fixture->key, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (cw_database_get_handle (db), "PRAGMA application_id = 7",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  cw_database_close (db);

  assert_open_fails (fixture->path, fixture->key, CW_DATABASE_ERROR_NOT_CASEWORK,
                     "not made by Casework");
}

/* The child half of /database/open/in-use: reads a key in hex from standard
 * input, opens the database, says "ready" and holds it until stdin closes. */
static int
hold_open (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwDatabase) db = NULL;
  g_autoptr(CwKey) key = NULL;
  char line[128] = { 0 };
  char rest[16];

  if (fgets (line, sizeof line, stdin) == NULL)
    return 2;
  g_strchomp (line);
  key = cw_key_new_from_hex (line);
  sodium_memzero (line, sizeof line);
  if (key == NULL)
    return 3;

  db = cw_database_open (path, key, &error);
  if (db == NULL)
    {
      g_printerr ("hold-open: %s\n", error->message);
      return 4;
    }

  printf ("ready\n");
  fflush (stdout);
  while (fgets (rest, sizeof rest, stdin) != NULL)
    ;

  cw_database_close (db);
  return 0;
}

static void
test_open_in_use (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwDatabase) first = NULL;
  g_autoptr(CwDatabase) second = NULL;
  g_autoptr(CwDatabase) third = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) child_out = NULL;
  g_autofree char *self_exe = NULL;
  g_autofree char *hex = NULL;
  g_autofree char *hex_line = NULL;
  g_autofree char *ready = NULL;

  create_closed (fixture->path, fixture->key);

  /* A second connection in this process. */
  first = cw_database_open (fixture->path, fixture->key, &error);
  g_assert_no_error (error);
  second = cw_database_open (fixture->path, fixture->key, &error);
  g_assert_null (second);
  g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_IN_USE);
  g_assert_nonnull (strstr (error->message, "already open"));
  g_clear_error (&error);
  cw_database_close (first);

  /* Another process holding it. */
  self_exe = g_file_read_link ("/proc/self/exe", &error);
  g_assert_no_error (error);
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                            &error, self_exe, "--hold-open", fixture->path, NULL);
  g_assert_no_error (error);

  hex = cw_key_to_hex (fixture->key);
  hex_line = g_strconcat (hex, "\n", NULL);
  g_output_stream_write_all (g_subprocess_get_stdin_pipe (child), hex_line, strlen (hex_line),
                             NULL, NULL, &error);
  g_assert_no_error (error);
  cw_secure_wipe_string (hex);
  cw_secure_wipe_string (hex_line);

  child_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  ready = g_data_input_stream_read_line (child_out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ready, ==, "ready");

  assert_open_fails (fixture->path, fixture->key, CW_DATABASE_ERROR_IN_USE, "already open");

  g_output_stream_close (g_subprocess_get_stdin_pipe (child), NULL, &error);
  g_assert_no_error (error);
  g_subprocess_wait_check (child, NULL, &error);
  g_assert_no_error (error);

  /* Once the other process has let go, it opens. */
  third = cw_database_open (fixture->path, fixture->key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (third);
}

static void
test_disk_full (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwDatabase) db = NULL;
  g_autofree char *filler = g_strnfill (2000, 'y');
  g_autofree char *limit = NULL;
  g_autofree char *kept = NULL;
  gint64 pages;
  int written = 0;

  db = cw_database_create (fixture->path, fixture->key, &error);
  g_assert_no_error (error);
  cw_database_set_meta (db, "before-the-disk-filled", "kept", &error);
  g_assert_no_error (error);

  pages = query_int (db, "PRAGMA page_count");
  limit = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT, pages + 3);
  cw_database_exec (db, limit, &error);
  g_assert_no_error (error);

  for (int i = 0; i < 200; i++)
    {
      g_autofree char *name = g_strdup_printf ("filler-%d", i);

      if (!cw_database_set_meta (db, name, filler, &error))
        break;
      written++;
    }
  g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_DISK_FULL);
  g_assert_nonnull (strstr (error->message, "Nothing was lost"));
  g_assert_cmpint (written, >, 0);
  g_clear_error (&error);
  cw_database_close (db);
  g_clear_object (&db);

  db = cw_database_open (fixture->path, fixture->key, &error);
  g_assert_no_error (error);
  kept = cw_database_get_meta (db, "before-the-disk-filled");
  g_assert_cmpstr (kept, ==, "kept");
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM meta WHERE key LIKE 'filler-%'"),
                   ==, written);
}

static void
assert_no_plaintext (const char *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = sibling (path, suffixes[i]);

      g_assert_false (cw_test_file_contains (name, SECRET));
      g_assert_false (cw_test_file_contains (name, "Zephyrine"));
    }
  g_assert_false (file_begins_with (path, "SQLite format 3", 15));
  g_assert_true (file_begins_with (path, "CASEWRK1", 8));
}

static void
test_no_plaintext (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwDatabase) db = NULL;
  g_autofree char *wal = sibling (fixture->path, "-wal");
  g_autofree char *value = NULL;
  g_autoptr(GBytes) wal_bytes = NULL;

  db = cw_database_create (fixture->path, fixture->key, &error);
  g_assert_no_error (error);
  cw_database_set_meta (db, "child-name", SECRET, &error);
  g_assert_no_error (error);
  value = cw_database_get_meta (db, "child-name");
  g_assert_cmpstr (value, ==, SECRET);

  /* While open, the new row lives in the WAL. */
  wal_bytes = cw_test_read_file (wal);
  g_assert_nonnull (wal_bytes);
  g_assert_cmpuint (g_bytes_get_size (wal_bytes), >, 0);
  assert_no_plaintext (fixture->path);

  cw_database_close (db);
  assert_no_plaintext (fixture->path);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_rekey (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwDatabase) db = NULL;
  g_autoptr(CwKey) new_key = cw_key_new_random ();
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GBytes) head_before = NULL;
  g_autoptr(GBytes) head_after = NULL;
  g_autofree char *value = NULL;

  create_closed (fixture->path, fixture->key);
  before = cw_test_read_file (fixture->path);

  db = cw_database_open (fixture->path, fixture->key, &error);
  g_assert_no_error (error);
  cw_database_rekey (db, new_key, &error);
  g_assert_no_error (error);
  value = cw_database_get_meta (db, "test-note");
  g_assert_cmpstr (value, ==, "kept");
  g_clear_pointer (&value, g_free);
  cw_database_close (db);
  g_clear_object (&db);

  /* The salt, and so the magic, stays; everything after it changed. */
  after = cw_test_read_file (fixture->path);
  head_before = g_bytes_new_from_bytes (before, 0, 16);
  head_after = g_bytes_new_from_bytes (after, 0, 16);
  g_assert_true (g_bytes_equal (head_before, head_after));
  g_assert_false (g_bytes_equal (before, after));
  g_assert_true (file_begins_with (fixture->path, "CASEWRK1", 8));

  assert_open_fails (fixture->path, fixture->key, CW_DATABASE_ERROR_WRONG_KEY, NULL);

  db = cw_database_open (fixture->path, new_key, &error);
  g_assert_no_error (error);
  value = cw_database_get_meta (db, "test-note");
  g_assert_cmpstr (value, ==, "kept");
}

static void
test_cipher_version (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwDatabase) db = NULL;
  const char *version;

  create_closed (fixture->path, fixture->key);
  db = cw_database_open (fixture->path, fixture->key, &error);
  g_assert_no_error (error);

  version = cw_database_get_cipher_version (db);
  g_assert_nonnull (version);
  g_assert_true (g_ascii_isdigit (version[0]));
  g_assert_nonnull (strchr (version, '.'));

  cw_database_close (db);
  g_assert_null (cw_database_get_cipher_version (db));
}

static void
test_migrations_applied_in_order (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwDatabase) db = NULL;
  const char *const tables[] = { "meta", "staff", "settings", "audit" };

  db = cw_database_create (fixture->path, fixture->key, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    g_assert_true (table_exists (db, tables[i]));
  g_assert_cmpint (cw_database_get_schema_version (db), ==,
                   cw_database_get_latest_schema_version ());

  cw_database_exec (db, "INSERT INTO audit (at, action, prev_hash, hash) "
                        "VALUES (1700000000, 'sign-in', '', 'aa')", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cw_database_last_insert_rowid (db), ==, 1);

  cw_database_exec (db, "UPDATE audit SET action = 'nothing' WHERE seq = 1", &error);
  g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_REFUSED);
  g_assert_cmpstr (error->message, ==, "The audit log cannot be changed.");
  g_clear_error (&error);

  cw_database_exec (db, "DELETE FROM audit", &error);
  g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_REFUSED);
  g_assert_cmpstr (error->message, ==, "The audit log cannot be changed.");
  g_clear_error (&error);

  /* The same through a prepared statement, as repositories run them. */
  {
    g_autoptr(sqlite3_stmt) stmt = NULL;

    stmt = cw_database_prepare (db, "DELETE FROM audit WHERE seq = ?", &error);
    g_assert_no_error (error);
    sqlite3_bind_int64 (stmt, 1, 1);
    g_assert_false (cw_database_step_done (db, stmt, &error));
    g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_REFUSED);
    g_assert_cmpstr (error->message, ==, "The audit log cannot be changed.");
    g_clear_error (&error);
  }

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM audit WHERE action = 'sign-in'"), ==, 1);

  /* A constraint's own wording is for programmers: a sentence replaces it. */
  cw_database_exec (db, "INSERT INTO staff (username, display_name, created_at, updated_at) "
                        "VALUES ('amy', '', 0, 0)", &error);
  g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_REFUSED);
  g_assert_null (strstr (error->message, "CHECK"));
  g_clear_error (&error);

  /* Foreign keys are enforced. */
  cw_database_exec (db, "INSERT INTO staff (username, display_name, line_manager_id, "
                        "created_at, updated_at) VALUES ('ben', 'Ben', 99, 0, 0)", &error);
  g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_REFUSED);
  g_clear_error (&error);
}

static void
test_migrations_applied_on_open (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwDatabase) db = NULL;

  /* Take a database back to schema 0, as an old build would have left it. */
  db = cw_database_create (fixture->path, fixture->key, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
    sqlite3_stmt *stmt = cw_database_prepare (db,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND sql NOT LIKE 'CREATE TABLE ''%'", &error);

    g_assert_no_error (error);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
    sqlite3_finalize (stmt);

    cw_database_exec (db, "PRAGMA foreign_keys = OFF", &error);
    g_assert_no_error (error);
    for (guint i = 0; i < tables->len; i++)
      {
        g_autofree char *sql = g_strdup_printf ("DROP TABLE IF EXISTS \"%s\"",
                                                (char *) tables->pdata[i]);

        cw_database_exec (db, sql, &error);
        g_assert_no_error (error);
      }
    cw_database_exec (db, "PRAGMA user_version = 0", &error);
    g_assert_no_error (error);
  }
  g_assert_false (table_exists (db, "staff"));
  cw_database_close (db);
  g_clear_object (&db);

  db = cw_database_open (fixture->path, fixture->key, &error);
  g_assert_no_error (error);
  g_assert_true (table_exists (db, "staff"));
  g_assert_true (table_exists (db, "audit_no_delete"));
  g_assert_cmpint (cw_database_get_schema_version (db), ==,
                   cw_database_get_latest_schema_version ());
}

static void
test_transactions (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwDatabase) db = NULL;
  g_autofree char *gone = NULL;
  g_autofree char *kept = NULL;

  db = cw_database_create (fixture->path, fixture->key, &error);
  g_assert_no_error (error);

  cw_database_begin (db, &error);
  g_assert_no_error (error);
  cw_database_set_meta (db, "draft", "abandoned", &error);
  g_assert_no_error (error);
  cw_database_rollback (db);
  gone = cw_database_get_meta (db, "draft");
  g_assert_null (gone);

  cw_database_begin (db, &error);
  g_assert_no_error (error);
  cw_database_set_meta (db, "final", "saved", &error);
  g_assert_no_error (error);
  cw_database_commit (db, &error);
  g_assert_no_error (error);
  kept = cw_database_get_meta (db, "final");
  g_assert_cmpstr (kept, ==, "saved");
}

static void
test_closed (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwDatabase) db = NULL;
  g_autoptr(CwKey) other = cw_key_new_random ();
  g_autofree char *meta = NULL;
  sqlite3_stmt *stmt;

  db = cw_database_create (fixture->path, fixture->key, &error);
  g_assert_no_error (error);
  cw_database_close (db);
  cw_database_close (db);   /* twice is harmless */

  g_assert_false (cw_database_is_open (db));
  g_assert_null (cw_database_get_handle (db));
  g_assert_cmpint (cw_database_get_schema_version (db), ==, -1);
  meta = cw_database_get_meta (db, "database-uuid");
  g_assert_null (meta);
  cw_database_rollback (db);

  g_assert_false (cw_database_exec (db, "SELECT 1", &error));
  g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_CLOSED);
  g_clear_error (&error);
  g_assert_false (cw_database_begin (db, &error));
  g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_CLOSED);
  g_clear_error (&error);
  g_assert_false (cw_database_commit (db, &error));
  g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_CLOSED);
  g_clear_error (&error);
  g_assert_false (cw_database_set_meta (db, "a", "b", &error));
  g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_CLOSED);
  g_clear_error (&error);
  g_assert_false (cw_database_rekey (db, other, &error));
  g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_CLOSED);
  g_clear_error (&error);
  stmt = cw_database_prepare (db, "SELECT 1", &error);
  g_assert_null (stmt);
  g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_CLOSED);
  g_clear_error (&error);

  /* The key was not changed by the refused rekey. */
  g_clear_object (&db);
  db = cw_database_open (fixture->path, fixture->key, &error);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_strcmp0 (argv[1], "--hold-open") == 0)
    return hold_open (argv[2]);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_assert_true (cw_secure_init ());

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/database/create-close-reopen", test_create_close_reopen);
  ADD ("/database/create/refuses-existing", test_create_refuses_existing);
  ADD ("/database/create/missing-folder", test_create_missing_folder);
  ADD ("/database/pragmas", test_pragmas);
  ADD ("/database/open/not-found", test_open_not_found);
  ADD ("/database/open/wrong-key", test_open_wrong_key);
  ADD ("/database/open/wrong-key-with-wal", test_open_wrong_key_with_wal);
  ADD ("/database/open/plain-sqlite", test_open_plain_sqlite);
  ADD ("/database/open/random-bytes", test_open_random_bytes);
  ADD ("/database/open/empty-file", test_open_empty_file);
  ADD ("/database/open/truncated", test_open_truncated);
  ADD ("/database/open/too-new", test_open_too_new);
  ADD ("/database/open/other-application", test_open_not_casework_encrypted);
  ADD ("/database/open/in-use", test_open_in_use);
  ADD ("/database/disk-full", test_disk_full);
  ADD ("/database/no-plaintext", test_no_plaintext);
  ADD ("/database/rekey", test_rekey);
  ADD ("/database/cipher-version", test_cipher_version);
  ADD ("/database/migrations/applied-in-order", test_migrations_applied_in_order);
  ADD ("/database/migrations/applied-on-open", test_migrations_applied_on_open);
  ADD ("/database/transactions", test_transactions);
  ADD ("/database/closed", test_closed);

#undef ADD

  return g_test_run ();
}
