/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-database"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "cw-database.h"
#include "cw-database-private.h"
#include "cw-resources.h"

/*
 * One SQLCipher connection.
 *
 * Every Casework database is keyed with a raw 256-bit key and an explicit
 * 16-byte salt that begins with the magic "CASEWRK1", so that the first
 * eight bytes of the file say "Casework" without revealing anything else.
 * The connection holds an exclusive lock (locking_mode=EXCLUSIVE) for as
 * long as it is open, so a second process sees CW_DATABASE_ERROR_IN_USE.
 *
 * Opening never writes to a file it then refuses: the file is classified
 * from its first bytes and size before SQLite sees it, the key is proven by
 * a read before anything that could write, and when a -wal file is already
 * there (a crash, or another program has it) the first look is taken on a
 * read-only connection, because closing a read-write connection would
 * checkpoint that WAL into the database even when the key was wrong.
 */

#define CW_DATABASE_PAGE_SIZE   4096
#define CW_DATABASE_SALT_SIZE   16
#define CW_DATABASE_MAGIC       "CASEWRK1"
#define CW_DATABASE_MAGIC_SIZE  8
#define CW_SQLITE_MAGIC         "SQLite format 3"   /* followed by a NUL */
#define CW_MIGRATIONS_PATH      "/io/github/casework/Casework/sql/"

struct _CwDatabase
{
  GObject  parent_instance;

  sqlite3 *db;              /* NULL once closed */
  char    *path;
  char    *uuid;            /* meta 'database-uuid', cached */
  char    *cipher_version;  /* PRAGMA cipher_version, cached */
};

G_DEFINE_FINAL_TYPE (CwDatabase, cw_database, G_TYPE_OBJECT)

G_DEFINE_QUARK (cw-database-error-quark, cw_database_error)

typedef struct
{
  int   version;
  char *name;      /* "0001-foundation.sql" */
} CwMigration;

/* What we learnt about the files before SQLite opened them. */
typedef struct
{
  goffset  size;
  gboolean wal_exists;
  goffset  wal_size;
  gboolean shm_exists;
} CwFileState;

/* ---------------------------------------------------------------------- */
/* Messages                                                                */

static const char *
default_message (CwDatabaseError code)
{
  switch (code)
    {
    case CW_DATABASE_ERROR_NOT_FOUND:
      return _("There is no Casework database at this location. It may have been moved, "
               "renamed or deleted.");
    case CW_DATABASE_ERROR_EXISTS:
      return _("A file with this name already exists. Choose another name or folder so that "
               "nothing is overwritten.");
    case CW_DATABASE_ERROR_WRONG_KEY:
      return _("This Casework database cannot be unlocked with this key. It may belong with "
               "a different key file, or its key may have been changed.");
    case CW_DATABASE_ERROR_NOT_CASEWORK:
      return _("This file is not a Casework database.");
    case CW_DATABASE_ERROR_DAMAGED:
      return _("This Casework database is damaged. Nothing has been changed in it: restore it "
               "from a backup or ask your administrator for help.");
    case CW_DATABASE_ERROR_TOO_NEW:
      return _("This database was last used by a newer version of Casework. Update Casework "
               "to open it; nothing has been changed in it.");
    case CW_DATABASE_ERROR_IN_USE:
      return _("Casework is already open on this database, perhaps in another window or by "
               "another user of this computer.");
    case CW_DATABASE_ERROR_DISK_FULL:
      return _("The disk is full. Nothing was lost: free some space and try again.");
    case CW_DATABASE_ERROR_READ_ONLY:
      return _("Casework cannot save changes to this database because the file or its folder "
               "is read-only.");
    case CW_DATABASE_ERROR_NOT_SQLCIPHER:
      return _("This copy of Casework was built without database encryption, so it will not "
               "open or create case records. Install Casework from a trusted source.");
    case CW_DATABASE_ERROR_REFUSED:
      return _("The change was refused because it would break a rule of the case record.");
    case CW_DATABASE_ERROR_CLOSED:
      return _("The database is closed, perhaps because Casework is locked. Unlock it and "
               "try again.");
    case CW_DATABASE_ERROR_FAILED:
    default:
      return _("Casework could not read or write its database.");
    }
}

static void
set_code (GError        **error,
          CwDatabaseError code)
{
  g_set_error_literal (error, CW_DATABASE_ERROR, code, default_message (code));
}

/* A trigger's RAISE() text is shown only when it reads as a sentence. */
static gboolean
is_sentence (const char *text)
{
  gsize len;
  char last;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return FALSE;

  len = strlen (text);
  if (len < 2 || !g_unichar_isupper (g_utf8_get_char (text)))
    return FALSE;

  last = text[len - 1];
  return last == '.' || last == '!' || last == '?';
}

static gboolean
is_no_space_errno (int err)
{
  return err == ENOSPC
#ifdef EDQUOT
         || err == EDQUOT
#endif
         ;
}

/*
 * Maps a result code to an error. @db (may be NULL) gives the extended code
 * and the errno behind an I/O error; @sqlite_message is SQLite's text, shown
 * only for a refusal whose text is a sentence (a trigger's RAISE message).
 */
static void
set_error_from_rc (GError    **error,
                   sqlite3    *db,
                   int         rc,
                   const char *sqlite_message,
                   const char *context)
{
  int extended = rc;
  int sys_errno = 0;

  if (db != NULL)
    {
      int last = sqlite3_extended_errcode (db);

      if ((last & 0xff) == (rc & 0xff))
        extended = last;
      sys_errno = sqlite3_system_errno (db);
      if (sqlite_message == NULL)
        sqlite_message = sqlite3_errmsg (db);
    }

  g_debug ("%s: %s (%d)", context != NULL ? context : "database",
           sqlite3_errstr (extended), extended);

  switch (extended & 0xff)
    {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      set_code (error, CW_DATABASE_ERROR_DAMAGED);
      break;

    case SQLITE_FULL:
      set_code (error, CW_DATABASE_ERROR_DISK_FULL);
      break;

    case SQLITE_IOERR:
      if (is_no_space_errno (sys_errno))
        set_code (error, CW_DATABASE_ERROR_DISK_FULL);
      else
        g_set_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_FAILED,
                     _("Casework could not read or write the database file (%s). Check that "
                       "the disk is connected and working."),
                     sys_errno != 0 ? g_strerror (sys_errno) : sqlite3_errstr (extended));
      break;

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      set_code (error, CW_DATABASE_ERROR_IN_USE);
      break;

    case SQLITE_READONLY:
    case SQLITE_PERM:
      set_code (error, CW_DATABASE_ERROR_READ_ONLY);
      break;

    case SQLITE_CONSTRAINT:
      if (is_sentence (sqlite_message))
        g_set_error_literal (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_REFUSED,
                             sqlite_message);
      else
        set_code (error, CW_DATABASE_ERROR_REFUSED);
      break;

    case SQLITE_CANTOPEN:
      if (sys_errno == ENOENT)
        set_code (error, CW_DATABASE_ERROR_NOT_FOUND);
      else if (sys_errno == EACCES || sys_errno == EROFS)
        set_code (error, CW_DATABASE_ERROR_READ_ONLY);
      else
        g_set_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_FAILED,
                     _("Casework could not open the database file (%s)."),
                     sys_errno != 0 ? g_strerror (sys_errno) : sqlite3_errstr (extended));
      break;

    default:
      g_set_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_FAILED,
                   _("Casework could not read or write its database (%s)."),
                   sqlite3_errstr (extended));
      break;
    }
}

/* ---------------------------------------------------------------------- */
/* Migrations (GResource)                                                  */

static int
migration_compare (gconstpointer a,
                   gconstpointer b)
{
  const CwMigration *ma = *(const CwMigration * const *) a;
  const CwMigration *mb = *(const CwMigration * const *) b;

  return (ma->version > mb->version) - (ma->version < mb->version);
}

static void
migration_free (gpointer data)
{
  CwMigration *migration = data;

  g_free (migration->name);
  g_free (migration);
}

/* Parses "NNNN-description.sql"; returns 0 when the name is not one. */
static int
migration_version_from_name (const char *name)
{
  int version = 0;
  gsize i;

  for (i = 0; g_ascii_isdigit (name[i]); i++)
    {
      if (version > 99999)
        return 0;
      version = version * 10 + (name[i] - '0');
    }

  if (i != 4 || name[i] != '-' || !g_str_has_suffix (name, ".sql"))
    return 0;

  return version;
}

/* The migrations compiled into the binary, in order. Never freed. */
static GPtrArray *
get_migrations (void)
{
  static GPtrArray *migrations = NULL;

  if (g_once_init_enter (&migrations))
    {
      GPtrArray *list = g_ptr_array_new_with_free_func (migration_free);
      g_auto(GStrv) names = NULL;
      g_autoptr(GError) error = NULL;

      names = g_resource_enumerate_children (cw_get_resource (), CW_MIGRATIONS_PATH,
                                             G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      if (names == NULL)
        g_critical ("No schema migrations are compiled in: %s", error->message);

      for (guint i = 0; names != NULL && names[i] != NULL; i++)
        {
          int version = migration_version_from_name (names[i]);
          CwMigration *migration;

          if (version <= 0)
            {
              g_critical ("Ignoring misnamed migration %s", names[i]);
              continue;
            }

          migration = g_new0 (CwMigration, 1);
          migration->version = version;
          migration->name = g_strdup (names[i]);
          g_ptr_array_add (list, migration);
        }

      g_ptr_array_sort (list, migration_compare);

      for (guint i = 1; i < list->len; i++)
        {
          const CwMigration *prev = g_ptr_array_index (list, i - 1);
          const CwMigration *cur = g_ptr_array_index (list, i);

          if (prev->version == cur->version)
            g_critical ("Two migrations share the number %d", cur->version);
        }

      g_once_init_leave (&migrations, list);
    }

  return migrations;
}

/* ---------------------------------------------------------------------- */
/* Small SQLite helpers                                                    */

/* Runs a query returning one integer. Returns an SQLite result code. */
static int
query_int64 (sqlite3    *db,
             const char *sql,
             gint64     *out)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return rc;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out = sqlite3_column_int64 (stmt, 0);
      rc = SQLITE_OK;
    }
  else if (rc == SQLITE_DONE)
    {
      rc = SQLITE_EMPTY;
    }

  sqlite3_finalize (stmt);
  return rc;
}

/* Runs a query returning one text value (NULL when there is no row). */
static int
query_text (sqlite3    *db,
            const char *sql,
            char      **out)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  *out = NULL;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return rc;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 0);

      *out = g_strdup (text);
      rc = SQLITE_OK;
    }
  else if (rc == SQLITE_DONE)
    {
      rc = SQLITE_OK;
    }

  sqlite3_finalize (stmt);
  return rc;
}

static gboolean
exec_sql (sqlite3    *db,
          const char *sql,
          const char *context,
          GError    **error)
{
  char *message = NULL;
  int rc;

  rc = sqlite3_exec (db, sql, NULL, NULL, &message);
  if (rc != SQLITE_OK)
    {
      set_error_from_rc (error, db, rc, message, context);
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

static void
close_handle (sqlite3 *db)
{
  if (db == NULL)
    return;

  /* A statement left prepared is a bug in a repository. The FTS4 module
   * keeps statements of its own (their SQL names 'main'.'…') until the
   * connection closes: those are not ours. */
  for (sqlite3_stmt *stmt = sqlite3_next_stmt (db, NULL);
       stmt != NULL;
       stmt = sqlite3_next_stmt (db, stmt))
    {
      const char *sql = sqlite3_sql (stmt);

      if (sql == NULL || strstr (sql, "'main'.'") == NULL)
        {
          g_warning ("Closing the database while statements are still prepared: %s",
                     sql != NULL ? sql : "(unknown)");
          break;
        }
    }

  sqlite3_close_v2 (db);
}

/*
 * The key as SQLCipher's raw-key literal, "x'<64 hex>'" or, with @salt,
 * "x'<64 hex><32 hex>'", in sodium_malloc() memory. Free with
 * key_literal_free().
 */
static char *
key_literal_new (const CwKey  *key,
                 const guint8 *salt,
                 int          *out_len)
{
  gsize len = 2 + CW_KEY_SIZE * 2 + (salt != NULL ? CW_DATABASE_SALT_SIZE * 2 : 0) + 1;
  char *literal;

  literal = sodium_malloc (len + 1);
  if (literal == NULL)
    return NULL;

  literal[0] = 'x';
  literal[1] = '\'';
  sodium_bin2hex (literal + 2, CW_KEY_SIZE * 2 + 1, cw_key_get_data (key), CW_KEY_SIZE);
  if (salt != NULL)
    sodium_bin2hex (literal + 2 + CW_KEY_SIZE * 2, CW_DATABASE_SALT_SIZE * 2 + 1,
                    salt, CW_DATABASE_SALT_SIZE);
  literal[len - 1] = '\'';
  literal[len] = '\0';

  *out_len = (int) len;
  return literal;
}

static void
key_literal_free (char *literal)
{
  if (literal == NULL)
    return;

  cw_secure_wipe_string (literal);
  sodium_free (literal);
}

/*
 * Opens @path with @flags (never SQLITE_OPEN_CREATE), proves SQLCipher is
 * linked and keys the connection. Nothing is read from the file yet.
 */
static sqlite3 *
open_keyed (const char   *path,
            int           flags,
            const CwKey  *key,
            const guint8 *salt,
            char        **out_cipher_version,
            GError      **error)
{
  sqlite3 *db = NULL;
  g_autofree char *cipher_version = NULL;
  char *literal;
  int literal_len = 0;
  int rc;

  rc = sqlite3_open_v2 (path, &db, flags, NULL);
  if (rc != SQLITE_OK)
    {
      set_error_from_rc (error, db, rc, NULL, "opening");
      sqlite3_close (db);
      return NULL;
    }

  sqlite3_extended_result_codes (db, 1);

  /* Without SQLCipher, PRAGMA key is silently ignored and the file would
   * be written in plain text: refuse before any key is given. */
  rc = query_text (db, "PRAGMA cipher_version", &cipher_version);
  if (rc != SQLITE_OK || cipher_version == NULL || cipher_version[0] == '\0')
    {
      set_code (error, CW_DATABASE_ERROR_NOT_SQLCIPHER);
      sqlite3_close (db);
      return NULL;
    }

  literal = key_literal_new (key, salt, &literal_len);
  if (literal == NULL)
    {
      set_code (error, CW_DATABASE_ERROR_FAILED);
      sqlite3_close (db);
      return NULL;
    }
  rc = sqlite3_key_v2 (db, "main", literal, literal_len);
  key_literal_free (literal);
  if (rc != SQLITE_OK)
    {
      set_error_from_rc (error, db, rc, NULL, "keying");
      sqlite3_close (db);
      return NULL;
    }

  /* SQLCipher 3.4 ignores cipher_compatibility; 4.x needs it to read and
   * write the version 3 format. The page size comes after it because the
   * compatibility setting resets it. */
  if (!exec_sql (db, "PRAGMA cipher_compatibility = 3", "keying", error) ||
      !exec_sql (db, "PRAGMA cipher_page_size = 4096", "keying", error))
    {
      sqlite3_close (db);
      return NULL;
    }

  if (out_cipher_version != NULL)
    *out_cipher_version = g_steal_pointer (&cipher_version);

  return db;
}

/* Pragmas that only change this connection: none of them writes. */
static gboolean
set_connection_pragmas (sqlite3 *db,
                        GError **error)
{
  return exec_sql (db,
                   "PRAGMA locking_mode = EXCLUSIVE;"
                   "PRAGMA temp_store = MEMORY;"
                   "PRAGMA secure_delete = ON;"
                   "PRAGMA foreign_keys = ON;",
                   "setting up the connection", error);
}

/* Pragmas that may write the header: only once the key is proven. */
static gboolean
set_journal_pragmas (sqlite3 *db,
                     GError **error)
{
  g_autofree char *mode = NULL;
  int rc;

  rc = query_text (db, "PRAGMA journal_mode = WAL", &mode);
  if (rc != SQLITE_OK)
    {
      set_error_from_rc (error, db, rc, NULL, "setting the journal mode");
      return FALSE;
    }
  if (g_ascii_strcasecmp (mode != NULL ? mode : "", "wal") != 0)
    {
      g_debug ("journal_mode is %s, not wal", mode != NULL ? mode : "(none)");
      set_code (error, CW_DATABASE_ERROR_FAILED);
      return FALSE;
    }

  return exec_sql (db, "PRAGMA synchronous = FULL", "setting up the connection", error);
}

/* The newest migration applied, from the header. */
static int
read_user_version (sqlite3 *db)
{
  gint64 version = -1;

  if (query_int64 (db, "PRAGMA user_version", &version) != SQLITE_OK)
    return -1;

  return (int) version;
}

/*
 * Proves the key by a read, then checks the database is Casework's, not
 * newer than this build and not shorter than its header says. Reads only.
 */
static gboolean
inspect (sqlite3           *db,
         const char        *path,
         const CwFileState *state,
         GError           **error)
{
  gint64 count = 0;
  gint64 application_id = 0;
  gint64 page_count = 0;
  int rc;

  rc = query_int64 (db, "SELECT count(*) FROM sqlite_master", &count);
  if (rc != SQLITE_OK)
    {
      if ((rc & 0xff) == SQLITE_NOTADB)
        set_code (error, CW_DATABASE_ERROR_WRONG_KEY);
      else
        set_error_from_rc (error, db, rc, NULL, "proving the key");
      return FALSE;
    }

  rc = query_int64 (db, "PRAGMA application_id", &application_id);
  if (rc != SQLITE_OK)
    {
      set_error_from_rc (error, db, rc, NULL, "reading the application id");
      return FALSE;
    }
  if (application_id != CW_DATABASE_APPLICATION_ID)
    {
      g_set_error_literal (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_NOT_CASEWORK,
                           _("This is an encrypted database, but it was not made by "
                             "Casework."));
      return FALSE;
    }

  if (read_user_version (db) > cw_database_get_latest_schema_version ())
    {
      set_code (error, CW_DATABASE_ERROR_TOO_NEW);
      return FALSE;
    }

  /* With no WAL to add pages, the file must be as long as its header says. */
  if (!state->wal_exists || state->wal_size == 0)
    {
      rc = query_int64 (db, "PRAGMA page_count", &page_count);
      if (rc != SQLITE_OK)
        {
          set_error_from_rc (error, db, rc, NULL, "counting pages");
          return FALSE;
        }
      if (page_count * CW_DATABASE_PAGE_SIZE > state->size)
        {
          g_set_error_literal (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_DAMAGED,
                               _("This Casework database is damaged: the file is shorter "
                                 "than it should be, perhaps because a copy was interrupted. "
                                 "Nothing has been changed in it: restore it from a backup."));
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
apply_migrations (sqlite3 *db,
                  GError **error)
{
  GPtrArray *migrations = get_migrations ();
  int current = read_user_version (db);

  if (current < 0)
    {
      set_code (error, CW_DATABASE_ERROR_FAILED);
      return FALSE;
    }

  for (guint i = 0; i < migrations->len; i++)
    {
      const CwMigration *migration = g_ptr_array_index (migrations, i);
      g_autofree char *resource_path = NULL;
      g_autofree char *sql = NULL;
      g_autofree char *set_version = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) lookup_error = NULL;
      gsize len = 0;
      const char *data;

      if (migration->version <= current)
        continue;

      resource_path = g_strconcat (CW_MIGRATIONS_PATH, migration->name, NULL);
      bytes = g_resource_lookup_data (cw_get_resource (), resource_path,
                                      G_RESOURCE_LOOKUP_FLAGS_NONE, &lookup_error);
      if (bytes == NULL)
        {
          g_critical ("Cannot read migration %s: %s", migration->name, lookup_error->message);
          set_code (error, CW_DATABASE_ERROR_FAILED);
          return FALSE;
        }
      data = g_bytes_get_data (bytes, &len);
      sql = g_strndup (data, len);
      set_version = g_strdup_printf ("PRAGMA user_version = %d", migration->version);

      if (!exec_sql (db, "BEGIN IMMEDIATE", "starting a migration", error))
        return FALSE;

      if (!exec_sql (db, sql, migration->name, error) ||
          !exec_sql (db, set_version, migration->name, error) ||
          !exec_sql (db, "COMMIT", migration->name, error))
        {
          if (!sqlite3_get_autocommit (db))
            sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }

      g_debug ("Applied migration %s", migration->name);
    }

  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Files                                                                   */

static char *
sibling_path (const char *path,
              const char *suffix)
{
  return g_strconcat (path, suffix, NULL);
}

static gboolean
path_exists (const char *path)
{
  GStatBuf buf;

  /* lstat: a dangling symbolic link is something too. */
  return g_lstat (path, &buf) == 0 || errno != ENOENT;
}

/* Size of a file, or -1 when there is none. */
static goffset
file_size_or_none (const char *path)
{
  GStatBuf buf;

  if (g_stat (path, &buf) != 0)
    return -1;

  return buf.st_size;
}

static gboolean
errno_to_error (int         err,
                GError    **error)
{
  if (err == ENOENT || err == ENOTDIR)
    set_code (error, CW_DATABASE_ERROR_NOT_FOUND);
  else if (err == EACCES || err == EPERM || err == EROFS)
    set_code (error, CW_DATABASE_ERROR_READ_ONLY);
  else if (is_no_space_errno (err))
    set_code (error, CW_DATABASE_ERROR_DISK_FULL);
  else if (err == EEXIST)
    set_code (error, CW_DATABASE_ERROR_EXISTS);
  else
    g_set_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_FAILED,
                 _("Casework could not use the database file (%s)."), g_strerror (err));

  return FALSE;
}

/*
 * Looks at the file before SQLite does: what it is from its first bytes and
 * its size, and whether a WAL is beside it. Reads only.
 */
static gboolean
classify_file (const char  *path,
               CwFileState *state,
               GError     **error)
{
  g_autofree char *wal_path = sibling_path (path, "-wal");
  g_autofree char *shm_path = sibling_path (path, "-shm");
  g_autofree char *dir = NULL;
  guint8 head[CW_DATABASE_SALT_SIZE] = { 0 };
  GStatBuf buf;
  ssize_t got;
  int saved_errno;
  int fd;

  memset (state, 0, sizeof *state);

  if (g_stat (path, &buf) != 0)
    return errno_to_error (errno, error);

  if (!S_ISREG (buf.st_mode))
    {
      g_set_error_literal (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_NOT_CASEWORK,
                           _("This is a folder or a device, not a Casework database."));
      return FALSE;
    }

  state->size = buf.st_size;

  if (state->size == 0)
    {
      g_set_error_literal (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_NOT_CASEWORK,
                           _("This file is empty: it is not a Casework database."));
      return FALSE;
    }

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return errno_to_error (errno, error);

  do
    got = read (fd, head, sizeof head);
  while (got < 0 && errno == EINTR);
  saved_errno = errno;
  close (fd);
  if (got < 0)
    return errno_to_error (saved_errno, error);

  if ((gsize) got >= sizeof CW_SQLITE_MAGIC &&
      memcmp (head, CW_SQLITE_MAGIC, sizeof CW_SQLITE_MAGIC) == 0)
    {
      g_set_error_literal (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_NOT_CASEWORK,
                           _("This file is an ordinary, unencrypted SQLite database, not a "
                             "Casework database."));
      return FALSE;
    }

  if (got < CW_DATABASE_MAGIC_SIZE ||
      memcmp (head, CW_DATABASE_MAGIC, CW_DATABASE_MAGIC_SIZE) != 0)
    {
      g_set_error_literal (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_NOT_CASEWORK,
                           _("This file is not a Casework database. It may belong to "
                             "another program."));
      return FALSE;
    }

  if (state->size < CW_DATABASE_PAGE_SIZE || state->size % CW_DATABASE_PAGE_SIZE != 0)
    {
      g_set_error_literal (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_DAMAGED,
                           _("This Casework database is damaged: the file has been cut "
                             "short, perhaps because a copy was interrupted. Nothing has been "
                             "changed in it: restore it from a backup."));
      return FALSE;
    }

  state->wal_size = file_size_or_none (wal_path);
  state->wal_exists = state->wal_size >= 0;
  if (!state->wal_exists)
    state->wal_size = 0;
  state->shm_exists = path_exists (shm_path);

  /* SQLite would open a read-only file read-only without a word, and fail
   * at the first write. Root passes access(), so this is a courtesy. */
  dir = g_path_get_dirname (path);
  if (g_access (path, W_OK) != 0 || g_access (dir, W_OK) != 0)
    {
      set_code (error, CW_DATABASE_ERROR_READ_ONLY);
      return FALSE;
    }

  return TRUE;
}

/*
 * With a -wal file already beside the database, a read-write connection
 * that is refused would still checkpoint that WAL into the database when
 * it closes. So the first look goes through a read-only connection, which
 * never checkpoints. It needs a -shm file; one it made is removed.
 */
static gboolean
inspect_read_only (const char        *path,
                   const CwKey       *key,
                   const CwFileState *state,
                   GError           **error)
{
  g_autofree char *shm_path = sibling_path (path, "-shm");
  sqlite3 *db;
  gboolean ok;

  db = open_keyed (path, SQLITE_OPEN_READONLY, key, NULL, NULL, error);
  if (db == NULL)
    return FALSE;

  ok = exec_sql (db, "PRAGMA temp_store = MEMORY", "setting up the connection", error) &&
       inspect (db, path, state, error);
  sqlite3_close (db);

  if (!state->shm_exists)
    g_unlink (shm_path);

  return ok;
}

/* ---------------------------------------------------------------------- */
/* Object                                                                  */

static void
cw_database_dispose (GObject *object)
{
  CwDatabase *self = CW_DATABASE (object);

  cw_database_close (self);

  G_OBJECT_CLASS (cw_database_parent_class)->dispose (object);
}

static void
cw_database_finalize (GObject *object)
{
  CwDatabase *self = CW_DATABASE (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->uuid, g_free);
  g_clear_pointer (&self->cipher_version, g_free);

  G_OBJECT_CLASS (cw_database_parent_class)->finalize (object);
}

static void
cw_database_class_init (CwDatabaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cw_database_dispose;
  object_class->finalize = cw_database_finalize;
}

static void
cw_database_init (CwDatabase *self)
{
}

static gboolean
check_open (CwDatabase *self,
            GError    **error)
{
  if (self->db == NULL)
    {
      set_code (error, CW_DATABASE_ERROR_CLOSED);
      return FALSE;
    }

  return TRUE;
}

static void
load_uuid (CwDatabase *self)
{
  g_clear_pointer (&self->uuid, g_free);
  self->uuid = cw_database_get_meta (self, "database-uuid");
}

/* ---------------------------------------------------------------------- */
/* Public                                                                  */

/*
 * cw_database_get_latest_schema_version:
 *
 * The number of the newest migration compiled into this build.
 */
int
cw_database_get_latest_schema_version (void)
{
  GPtrArray *migrations = get_migrations ();
  const CwMigration *last;

  if (migrations->len == 0)
    return 0;

  last = g_ptr_array_index (migrations, migrations->len - 1);
  return last->version;
}

/*
 * cw_database_create:
 * @path: where the new database goes; nothing may be there yet
 * @key: the raw 256-bit master key
 *
 * Creates an encrypted Casework database (mode 0600), applies every
 * migration and records its UUID. On failure nothing is left behind.
 */
CwDatabase *
cw_database_create (const char  *path,
                    const CwKey *key,
                    GError     **error)
{
  g_autoptr(CwDatabase) self = NULL;
  g_autofree char *wal_path = NULL;
  g_autofree char *shm_path = NULL;
  g_autofree char *journal_path = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *created_at = NULL;
  g_autofree char *cipher_version = NULL;
  g_autofree char *application_id_sql = NULL;
  guint8 salt[CW_DATABASE_SALT_SIZE];
  sqlite3 *db = NULL;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  wal_path = sibling_path (path, "-wal");
  shm_path = sibling_path (path, "-shm");
  journal_path = sibling_path (path, "-journal");

  if (path_exists (path) || path_exists (wal_path) || path_exists (shm_path) ||
      path_exists (journal_path))
    {
      set_code (error, CW_DATABASE_ERROR_EXISTS);
      return NULL;
    }

  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    {
      if (errno == ENOENT || errno == ENOTDIR)
        g_set_error_literal (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_NOT_FOUND,
                             _("The folder chosen for the new database does not exist."));
      else
        errno_to_error (errno, error);
      return NULL;
    }
  /* Whatever the umask, the file is readable by its owner only. */
  if (fchmod (fd, 0600) != 0)
    {
      int saved_errno = errno;

      close (fd);
      g_unlink (path);
      errno_to_error (saved_errno, error);
      return NULL;
    }
  close (fd);

  application_id_sql = g_strdup_printf ("PRAGMA application_id = %d",
                                        (int) CW_DATABASE_APPLICATION_ID);
  memcpy (salt, CW_DATABASE_MAGIC, CW_DATABASE_MAGIC_SIZE);
  randombytes_buf (salt + CW_DATABASE_MAGIC_SIZE, CW_DATABASE_SALT_SIZE - CW_DATABASE_MAGIC_SIZE);

  db = open_keyed (path, SQLITE_OPEN_READWRITE, key, salt, &cipher_version, error);
  if (db == NULL)
    goto failed;

  self = g_object_new (CW_TYPE_DATABASE, NULL);
  self->db = db;
  self->path = g_strdup (path);
  self->cipher_version = g_steal_pointer (&cipher_version);

  if (!set_connection_pragmas (db, error) ||
      !set_journal_pragmas (db, error) ||
      !exec_sql (db, application_id_sql, "marking the database", error) ||
      !apply_migrations (db, error))
    goto failed;

  uuid = g_uuid_string_random ();
  created_at = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);

  if (!cw_database_begin (self, error))
    goto failed;
  if (!cw_database_set_meta (self, "database-uuid", uuid, error) ||
      !cw_database_set_meta (self, "created-at", created_at, error) ||
      !cw_database_commit (self, error))
    {
      cw_database_rollback (self);
      goto failed;
    }

  /* Leave a complete main file: the header's page count then matches. */
  if (!exec_sql (db, "PRAGMA wal_checkpoint(TRUNCATE)", "checkpointing", error))
    goto failed;

  self->uuid = g_steal_pointer (&uuid);

  return g_steal_pointer (&self);

failed:
  if (self != NULL)
    {
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  g_unlink (wal_path);
  g_unlink (shm_path);
  g_unlink (journal_path);
  g_unlink (path);

  return NULL;
}

/*
 * cw_database_open:
 * @path: an existing Casework database
 * @key: its raw 256-bit master key
 *
 * Opens the database and applies pending migrations. When it fails, the
 * files are as they were, and the error says why in a sentence.
 */
CwDatabase *
cw_database_open (const char  *path,
                  const CwKey *key,
                  GError     **error)
{
  g_autoptr(CwDatabase) self = NULL;
  g_autofree char *cipher_version = NULL;
  CwFileState state;
  sqlite3 *db;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!classify_file (path, &state, error))
    return NULL;

  if (state.wal_exists && !inspect_read_only (path, key, &state, error))
    return NULL;

  db = open_keyed (path, SQLITE_OPEN_READWRITE, key, NULL, &cipher_version, error);
  if (db == NULL)
    return NULL;

  self = g_object_new (CW_TYPE_DATABASE, NULL);
  self->db = db;
  self->path = g_strdup (path);
  self->cipher_version = g_steal_pointer (&cipher_version);

  /* Locking mode first: the read that proves the key takes the lock. */
  if (!set_connection_pragmas (db, error) ||
      !inspect (db, path, &state, error))
    goto failed;

  if (!set_journal_pragmas (db, error) ||
      !apply_migrations (db, error))
    goto failed;

  load_uuid (self);

  return g_steal_pointer (&self);

failed:
  sqlite3_close_v2 (self->db);
  self->db = NULL;
  return NULL;
}

/*
 * cw_database_close:
 *
 * Checkpoints the WAL into the database and closes the connection. The
 * key is the caller's to wipe. Afterwards every call that touches the
 * database fails with CW_DATABASE_ERROR_CLOSED; the path and UUID stay
 * known, so that the same database can be unlocked again.
 */
void
cw_database_close (CwDatabase *self)
{
  g_return_if_fail (CW_IS_DATABASE (self));

  if (self->db == NULL)
    return;

  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);

  if (sqlite3_exec (self->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL) != SQLITE_OK)
    g_debug ("Checkpoint on close failed: %s",
             sqlite3_errstr (sqlite3_extended_errcode (self->db)));

  close_handle (self->db);
  self->db = NULL;
}

gboolean
cw_database_is_open (CwDatabase *self)
{
  g_return_val_if_fail (CW_IS_DATABASE (self), FALSE);

  return self->db != NULL;
}

const char *
cw_database_get_path (CwDatabase *self)
{
  g_return_val_if_fail (CW_IS_DATABASE (self), NULL);

  return self->path;
}

/* The schema version (PRAGMA user_version), or -1 when closed. */
int
cw_database_get_schema_version (CwDatabase *self)
{
  g_return_val_if_fail (CW_IS_DATABASE (self), -1);

  if (self->db == NULL)
    return -1;

  return read_user_version (self->db);
}

const char *
cw_database_get_uuid (CwDatabase *self)
{
  g_return_val_if_fail (CW_IS_DATABASE (self), NULL);

  return self->uuid;
}

/*
 * cw_database_get_cipher_version:
 *
 * SQLCipher's version as the open connection reports it (proof that the
 * database is encrypted), or %NULL when closed.
 */
const char *
cw_database_get_cipher_version (CwDatabase *self)
{
  g_return_val_if_fail (CW_IS_DATABASE (self), NULL);

  if (self->db == NULL)
    return NULL;

  return self->cipher_version;
}

gboolean
cw_database_begin (CwDatabase *self,
                   GError    **error)
{
  g_return_val_if_fail (CW_IS_DATABASE (self), FALSE);

  if (!check_open (self, error))
    return FALSE;

  return exec_sql (self->db, "BEGIN IMMEDIATE", "starting a transaction", error);
}

gboolean
cw_database_commit (CwDatabase *self,
                    GError    **error)
{
  g_return_val_if_fail (CW_IS_DATABASE (self), FALSE);

  if (!check_open (self, error))
    return FALSE;

  return exec_sql (self->db, "COMMIT", "committing", error);
}

/* Rolls back the open transaction, if there is one. */
void
cw_database_rollback (CwDatabase *self)
{
  g_return_if_fail (CW_IS_DATABASE (self));

  if (self->db == NULL || sqlite3_get_autocommit (self->db))
    return;

  if (sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL) != SQLITE_OK)
    g_debug ("Rollback failed: %s", sqlite3_errstr (sqlite3_extended_errcode (self->db)));
}

gboolean
cw_database_exec (CwDatabase *self,
                  const char *sql,
                  GError    **error)
{
  g_return_val_if_fail (CW_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);

  if (!check_open (self, error))
    return FALSE;

  return exec_sql (self->db, sql, "running a statement", error);
}

/* The value of a meta row, or %NULL if there is none or the database is closed. */
char *
cw_database_get_meta (CwDatabase *self,
                      const char *key)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CW_IS_DATABASE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (self->db == NULL)
    return NULL;

  rc = sqlite3_prepare_v2 (self->db, "SELECT value FROM meta WHERE key = ?", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return NULL;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

gboolean
cw_database_set_meta (CwDatabase *self,
                      const char *key,
                      const char *value,
                      GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CW_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  stmt = cw_database_prepare (self, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);

  return cw_database_step_done (self, stmt, error);
}

/*
 * cw_database_rekey:
 *
 * Re-encrypts the whole database with @new_key (the salt, and so the
 * "CASEWRK1" magic, stays) and proves the new key by a read.
 */
gboolean
cw_database_rekey (CwDatabase  *self,
                   const CwKey *new_key,
                   GError     **error)
{
  gint64 count = 0;
  char *literal;
  int literal_len = 0;
  int rc;

  g_return_val_if_fail (CW_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (new_key != NULL, FALSE);

  if (!check_open (self, error))
    return FALSE;

  if (!sqlite3_get_autocommit (self->db))
    {
      g_critical ("cw_database_rekey() called inside a transaction");
      set_code (error, CW_DATABASE_ERROR_FAILED);
      return FALSE;
    }

  literal = key_literal_new (new_key, NULL, &literal_len);
  if (literal == NULL)
    {
      set_code (error, CW_DATABASE_ERROR_FAILED);
      return FALSE;
    }
  rc = sqlite3_rekey_v2 (self->db, "main", literal, literal_len);
  key_literal_free (literal);
  if (rc != SQLITE_OK)
    {
      set_error_from_rc (error, self->db, rc, NULL, "changing the key");
      return FALSE;
    }

  rc = query_int64 (self->db, "SELECT count(*) FROM sqlite_master", &count);
  if (rc != SQLITE_OK)
    {
      set_error_from_rc (error, self->db, rc, NULL, "proving the new key");
      return FALSE;
    }

  return TRUE;
}

sqlite3 *
cw_database_get_handle (CwDatabase *self)
{
  g_return_val_if_fail (CW_IS_DATABASE (self), NULL);

  return self->db;
}

sqlite3_stmt *
cw_database_prepare (CwDatabase *self,
                     const char *sql,
                     GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (CW_IS_DATABASE (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  if (!check_open (self, error))
    return NULL;

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      cw_database_set_error (self, error, rc, "preparing a statement");
      sqlite3_finalize (stmt);
      return NULL;
    }

  return stmt;
}

gboolean
cw_database_step_done (CwDatabase   *self,
                       sqlite3_stmt *stmt,
                       GError      **error)
{
  int rc;

  g_return_val_if_fail (CW_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (stmt != NULL, FALSE);

  if (!check_open (self, error))
    return FALSE;

  do
    rc = sqlite3_step (stmt);
  while (rc == SQLITE_ROW);

  if (rc != SQLITE_DONE)
    {
      cw_database_set_error (self, error, rc, "running a statement");
      return FALSE;
    }

  return TRUE;
}

/*
 * cw_database_set_error:
 * @rc: the result code of the call that failed
 * @context: what was being done, in a few words, for the debug log only
 *   (never content)
 *
 * Turns @rc into a CW_DATABASE_ERROR whose message a social worker can
 * read. A trigger's RAISE (ABORT, '…') text becomes the message of a
 * CW_DATABASE_ERROR_REFUSED when it is a sentence.
 */
void
cw_database_set_error (CwDatabase *self,
                       GError    **error,
                       int         rc,
                       const char *context)
{
  g_return_if_fail (self == NULL || CW_IS_DATABASE (self));

  if (self == NULL || self->db == NULL)
    {
      if (self != NULL)
        set_code (error, CW_DATABASE_ERROR_CLOSED);
      else
        set_error_from_rc (error, NULL, rc, NULL, context);
      return;
    }

  set_error_from_rc (error, self->db, rc, NULL, context);
}

gint64
cw_database_last_insert_rowid (CwDatabase *self)
{
  g_return_val_if_fail (CW_IS_DATABASE (self), 0);

  if (self->db == NULL)
    return 0;

  return sqlite3_last_insert_rowid (self->db);
}
