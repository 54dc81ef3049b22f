/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "cw-child-repository.h"
#include "cw-database-private.h"
#include "cw-key.h"
#include "cw-register-test-util.h"
#include "cw-sql-list-model-private.h"
#include "cw-sql-list-model.h"
#include "cw-test-util.h"

/*
 * The fixture shared by the register tests (gifts, contacts, photo
 * consent): one template database made once and copied for each test,
 * with the staff and children described in cw-register-test-util.h.
 */

static const char *const file_suffixes[] = { "", "-wal", "-shm", ".keys" };
static const char *const staff_names[] = { "admin", "mona", "pat", "sam", "dee" };

static char *template_dir;
static GHashTable *unlock_keys;     /* username → CwKey */
static GHashTable *staff_ids;       /* username → gint64 * */
static gboolean with_birth_dates;

gint64 child_alpha, child_bravo, child_charlie;

/* Helpers ----------------------------------------------------------------- */

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

gint64
id_of (const char *username)
{
  gint64 *id = g_hash_table_lookup (staff_ids, username);

  g_assert_nonnull (id);
  return *id;
}

static void
remember (CwSession  *session,
          const char *username)
{
  gint64 *id = g_new (gint64, 1);

  *id = cw_staff_member_get_id (cw_session_get_staff_member (session));
  g_hash_table_insert (staff_ids, g_strdup (username), id);
  g_hash_table_insert (unlock_keys, g_strdup (username), cw_session_dup_unlock_key (session));
}

void
end_session (CwSession *session)
{
  cw_session_sign_out (session);
  g_object_unref (session);
}

static CwStaffMember *
add_staff (CwSession  *admin,
           const char *username,
           const char *display_name,
           CwRoles     roles,
           gint64      line_manager_id)
{
  g_autoptr(GError) error = NULL;
  CwStaffMember *member;

  member = cw_session_add_staff (admin, ADMIN_PASSWORD, username, display_name, "Worker",
                                 roles, line_manager_id, STAFF_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_nonnull (member);

  return member;
}

static gint64
create_child (CwSession  *session,
              const char *reference,
              const char *given,
              const char *family,
              gint64      worker_id,
              int         born_year,
              int         born_month,
              int         born_day)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwChildRepository) repository = cw_child_repository_new (session);
  g_autoptr(CwChild) child = cw_child_new ();
  g_autoptr(CwChild) stored = NULL;

  cw_child_set_case_reference (child, reference);
  cw_child_set_given_names (child, given);
  cw_child_set_family_name (child, family);
  cw_child_set_allocated_worker_id (child, worker_id);
  if (with_birth_dates && born_year > 0)
    {
      GDate born;

      g_date_clear (&born, 1);
      g_date_set_dmy (&born, (GDateDay) born_day, (GDateMonth) born_month,
                      (GDateYear) born_year);
      cw_child_set_date_of_birth (child, &born);
      cw_child_set_dob_precision (child, CW_DATE_EXACT);
    }
  else if (with_birth_dates)
    cw_child_set_dob_precision (child, CW_DATE_UNKNOWN);

  stored = cw_child_repository_create (repository, child, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);

  return cw_child_get_id (stored);
}

static void
ensure_template (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwStaffMember) mona = NULL;
  g_autofree char *recovery_key = NULL;
  g_autofree char *db_path = NULL;
  CwSession *session;

  if (template_dir != NULL)
    return;

  unlock_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) cw_key_free);
  staff_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  template_dir = cw_test_make_tmpdir ();
  db_path = g_build_filename (template_dir, "casework.db", NULL);

  session = cw_session_create_database (db_path, ORGANISATION, "admin", "Ada Admin",
                                        ADMIN_PASSWORD, &recovery_key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);
  cw_secure_wipe_string (recovery_key);

  mona = add_staff (session, "mona", "Mona Manager", CW_ROLE_LINE_MANAGER, 0);
  g_object_unref (add_staff (session, "pat", "Pat Practitioner", CW_ROLE_PRACTITIONER,
                             cw_staff_member_get_id (mona)));
  g_object_unref (add_staff (session, "sam", "Sam Solo", CW_ROLE_PRACTITIONER, 0));
  g_object_unref (add_staff (session, "dee", "Dee Lead", CW_ROLE_DSL, 0));
  remember (session, "admin");
  end_session (session);

  for (guint i = 1; i < G_N_ELEMENTS (staff_names); i++)
    {
      session = cw_session_sign_in_with_password (db_path, staff_names[i], STAFF_PASSWORD,
                                                  &error);
      g_assert_no_error (error);
      g_assert_nonnull (session);
      remember (session, staff_names[i]);

      if (g_str_equal (staff_names[i], "dee"))
        {
          g_autoptr(CwChildRepository) children = cw_child_repository_new (session);

          child_alpha = create_child (session, "ALPHA", CHILD_GIVEN, CHILD_FAMILY,
                                      id_of ("pat"), 2010, 6, 15);
          child_bravo = create_child (session, "BRAVO", "Bruno", "Bravo", id_of ("sam"),
                                      2012, 1, 1);
          child_charlie = create_child (session, "CHARLIE", "Cleo", "Charlie", id_of ("sam"),
                                        0, 0, 0);
          g_assert_true (cw_child_repository_share (children, child_charlie, id_of ("pat"),
                                                    &error));
          g_assert_no_error (error);
        }

      end_session (session);
    }
}

void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *template_db = NULL;

  ensure_template ();

  fixture->dir = cw_test_make_tmpdir ();
  fixture->db_path = g_build_filename (fixture->dir, "casework.db", NULL);

  template_db = g_build_filename (template_dir, "casework.db", NULL);
  copy_database_files (template_db, fixture->db_path);
}

void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  cw_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->db_path);
}

CwSession *
sign_in (Fixture    *fixture,
         const char *username)
{
  g_autoptr(GError) error = NULL;
  CwKey *key = g_hash_table_lookup (unlock_keys, username);
  CwSession *session;

  g_assert_nonnull (key);
  session = cw_session_sign_in_with_unlock_key (fixture->db_path, username, key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);

  return session;
}

void
set_date (GDate *date,
          int    year,
          int    month,
          int    day)
{
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

/* Every audit row as "action|object_type|object_id|detail", oldest first. */
GPtrArray *
audit_rows (CwSession *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);

  stmt = cw_database_prepare (cw_session_get_database (session),
                              "SELECT action, object_type, object_id, detail FROM audit "
                              "ORDER BY seq",
                              &error);
  g_assert_no_error (error);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (rows, g_strdup_printf ("%s|%s|%s|%s",
                                            (const char *) sqlite3_column_text (stmt, 0),
                                            (const char *) sqlite3_column_text (stmt, 1),
                                            (const char *) sqlite3_column_text (stmt, 2),
                                            (const char *) sqlite3_column_text (stmt, 3)));

  return rows;
}

/* Is there an audit row "action|object_type|object_id|detail"? */
gboolean
audit_has (CwSession  *session,
           const char *format,
           ...)
{
  g_autoptr(GPtrArray) rows = audit_rows (session);
  g_autofree char *row = NULL;
  va_list args;

  va_start (args, format);
  row = g_strdup_vprintf (format, args);
  va_end (args);

  for (guint i = 0; i < rows->len; i++)
    if (g_str_equal (g_ptr_array_index (rows, i), row))
      return TRUE;

  return FALSE;
}

void
assert_cell_id (GPtrArray  *rows,
                guint       r,
                guint       c,
                gint64      id)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  g_assert_cmpstr (cell (rows, r, c), ==, text);
}

gboolean
audit_mentions (CwSession  *session,
                const char *text)
{
  g_autoptr(GPtrArray) rows = audit_rows (session);

  for (guint i = 0; i < rows->len; i++)
    if (strstr (g_ptr_array_index (rows, i), text) != NULL)
      return TRUE;

  return FALSE;
}

/* Parses RFC 4180 CSV (CRLF rows, quoted fields) into rows of fields. */
GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new ("");
  gboolean quoted = FALSE;
  const char *p = text;

  while (*p != '\0')
    {
      if (quoted)
        {
          if (p[0] == '"' && p[1] == '"')
            {
              g_string_append_c (field, '"');
              p += 2;
              continue;
            }
          if (p[0] == '"')
            {
              quoted = FALSE;
              p++;
              continue;
            }
          g_string_append_c (field, *p++);
          continue;
        }

      if (p[0] == '"')
        {
          quoted = TRUE;
          p++;
        }
      else if (p[0] == ',')
        {
          g_ptr_array_add (row, g_string_free (field, FALSE));
          field = g_string_new ("");
          p++;
        }
      else if (p[0] == '\r' && p[1] == '\n')
        {
          g_ptr_array_add (row, g_string_free (field, FALSE));
          field = g_string_new ("");
          g_ptr_array_add (rows, row);
          row = g_ptr_array_new_with_free_func (g_free);
          p += 2;
        }
      else
        g_string_append_c (field, *p++);
    }

  g_assert_cmpuint (field->len, ==, 0);
  g_assert_cmpuint (row->len, ==, 0);
  g_string_free (field, TRUE);
  g_ptr_array_unref (row);

  return rows;
}

const char *
cell (GPtrArray *rows,
      guint      r,
      guint      c)
{
  GPtrArray *row;

  g_assert_cmpuint (r, <, rows->len);
  row = g_ptr_array_index (rows, r);
  g_assert_cmpuint (c, <, row->len);

  return g_ptr_array_index (row, c);
}

/* The column of @title in the header row. */
guint
column (GPtrArray  *rows,
        const char *title)
{
  GPtrArray *header = g_ptr_array_index (rows, 0);

  for (guint i = 0; i < header->len; i++)
    if (g_str_equal (g_ptr_array_index (header, i), title))
      return i;

  g_error ("No column %s", title);
  return 0;
}

char *
ids_string (const gint64 *ids,
            guint         n)
{
  g_autoptr(GString) text = g_string_new ("");

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (text, ',');
      g_string_append_printf (text, "%" G_GINT64_FORMAT, ids[i]);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Public ------------------------------------------------------------------ */

void
register_test_use_birth_dates (void)
{
  g_assert_null (template_dir);
  with_birth_dates = TRUE;
}

void
register_test_clean_up (void)
{
  if (template_dir != NULL)
    cw_test_remove_tree (template_dir);
  g_clear_pointer (&template_dir, g_free);
  g_clear_pointer (&unlock_keys, g_hash_table_unref);
  g_clear_pointer (&staff_ids, g_hash_table_unref);
}

/* The people template (judgements, sign-offs) ---------------------------- */

static char *people_template_dir;

void
end_session_checked (CwSession *session)
{
  CwDatabase *database = cw_session_get_database (session);

  if (database != NULL)
    {
      sqlite3 *handle = cw_database_get_handle (database);

      for (sqlite3_stmt *stmt = sqlite3_next_stmt (handle, NULL); stmt != NULL;
           stmt = sqlite3_next_stmt (handle, stmt))
        if (strstr (sqlite3_sql (stmt), "'main'.'") == NULL)
          g_error ("A statement is still prepared: %s", sqlite3_sql (stmt));
    }

  end_session (session);
}

static void
remember_id (const char *username,
             gint64      id,
             gint64     *id_out)
{
  gint64 *stored = g_new (gint64, 1);

  *stored = id;
  g_hash_table_insert (staff_ids, g_strdup (username), stored);
  if (id_out != NULL)
    *id_out = id;
}

static void
add_person (CwSession            *admin,
            const TemplatePerson *person)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwStaffMember) member = NULL;

  member = cw_session_add_staff (admin, ADMIN_PASSWORD, person->username,
                                 person->display_name, person->job_title, person->roles,
                                 person->line_manager != NULL ? id_of (person->line_manager) : 0,
                                 STAFF_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_nonnull (member);
  remember_id (person->username, cw_staff_member_get_id (member), person->id_out);
}

/* Every child first, then the shares. */
static void
add_template_children (CwSession            *session,
                       const PeopleTemplate *people)
{
  g_autoptr(CwChildRepository) children = cw_child_repository_new (session);
  g_autoptr(GArray) ids = g_array_new (FALSE, TRUE, sizeof (gint64));

  for (guint i = 0; i < people->n_children; i++)
    {
      const TemplateChild *spec = &people->children[i];
      g_autoptr(CwChild) child = cw_child_new ();
      g_autoptr(CwChild) stored = NULL;
      g_autoptr(GError) error = NULL;
      gint64 id;

      cw_child_set_case_reference (child, spec->reference);
      cw_child_set_given_names (child, spec->given);
      cw_child_set_family_name (child, spec->family);
      cw_child_set_allocated_worker_id (child, id_of (spec->worker));
      stored = cw_child_repository_create (children, child, &error);
      g_assert_no_error (error);
      g_assert_nonnull (stored);

      id = cw_child_get_id (stored);
      g_array_append_val (ids, id);
      if (spec->id_out != NULL)
        *spec->id_out = id;
    }

  for (guint i = 0; i < people->n_children; i++)
    {
      const TemplateChild *spec = &people->children[i];
      g_autoptr(GError) error = NULL;

      if (spec->shared_with == NULL)
        continue;
      g_assert_true (cw_child_repository_share (children, g_array_index (ids, gint64, i),
                                                id_of (spec->shared_with), &error));
      g_assert_no_error (error);
    }
}

static void
ensure_people_template (const PeopleTemplate *people)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *recovery_key = NULL;
  g_autofree char *db_path = NULL;
  CwSession *session;

  if (people_template_dir != NULL)
    return;

  g_assert_null (template_dir);
  g_assert_cmpuint (people->n_people, >, 0);

  unlock_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) cw_key_free);
  staff_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  people_template_dir = cw_test_make_tmpdir ();
  db_path = g_build_filename (people_template_dir, "casework.db", NULL);

  session = cw_session_create_database (db_path, ORGANISATION, "admin", "Ada Admin",
                                        ADMIN_PASSWORD, &recovery_key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);
  cw_secure_wipe_string (recovery_key);

  for (guint i = 0; i < people->n_people; i++)
    add_person (session, &people->people[i]);
  remember (session, "admin");
  end_session_checked (session);

  for (guint i = 0; i < people->n_people; i++)
    {
      const char *username = people->people[i].username;

      session = cw_session_sign_in_with_password (db_path, username, STAFF_PASSWORD, &error);
      g_assert_no_error (error);
      g_assert_nonnull (session);
      g_hash_table_insert (unlock_keys, g_strdup (username),
                           cw_session_dup_unlock_key (session));

      if (i == people->n_people - 1)
        add_template_children (session, people);

      end_session_checked (session);
    }
}

void
people_fixture_set_up (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autofree char *template_db = NULL;

  g_assert_nonnull (user_data);
  ensure_people_template (user_data);

  fixture->dir = cw_test_make_tmpdir ();
  fixture->db_path = g_build_filename (fixture->dir, "casework.db", NULL);

  template_db = g_build_filename (people_template_dir, "casework.db", NULL);
  copy_database_files (template_db, fixture->db_path);
}

void
people_template_clean_up (void)
{
  if (people_template_dir != NULL)
    cw_test_remove_tree (people_template_dir);
  g_clear_pointer (&people_template_dir, g_free);
  g_clear_pointer (&unlock_keys, g_hash_table_unref);
  g_clear_pointer (&staff_ids, g_hash_table_unref);
}

void
set_days_from_today (GDate *date,
                     int    n)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  if (n > 0)
    g_date_add_days (date, n);
  else if (n < 0)
    g_date_subtract_days (date, -n);
}

static sqlite3_stmt *
step_one_row (CwSession  *session,
              const char *sql,
              gint64      id)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;

  stmt = cw_database_prepare (cw_session_get_database (session), sql, &error);
  g_assert_no_error (error);
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return stmt;
}

gint64
stored_int (CwSession  *session,
            const char *sql,
            gint64      id)
{
  g_autoptr(sqlite3_stmt) stmt = step_one_row (session, sql, id);

  return sqlite3_column_int64 (stmt, 0);
}

char *
stored_text (CwSession  *session,
             const char *sql,
             gint64      id)
{
  g_autoptr(sqlite3_stmt) stmt = step_one_row (session, sql, id);

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

gboolean
run_raw_sql (CwSession   *session,
             const char  *sql,
             gint64       id,
             GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (sql, "?", -1);
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autofree char *text = g_strjoinv (id_text, parts);

  return cw_database_exec (cw_session_get_database (session), text, error);
}

GArray *
reference_ids (CwSession  *session,
               const char *sql,
               gint64      me)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  stmt = cw_database_prepare (cw_session_get_database (session), sql, &error);
  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, me);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);

  return ids;
}

typedef struct
{
  GArray         *ids;
  RegisterItemId  id_of;
} Collect;

static gboolean
collect_id_cb (GObject  *item,
               gpointer  user_data,
               GError  **error)
{
  Collect *collect = user_data;
  gint64 id = collect->id_of (item);

  g_array_append_val (collect->ids, id);
  return TRUE;
}

void
assert_pages (GListModel     *model,
              GArray         *expected,
              RegisterItemId  id_of)
{
  g_autoptr(GArray) each = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  Collect collect = { each, id_of };
  guint n = expected->len;

  cw_sql_list_model_set_page_size (CW_SQL_LIST_MODEL (model), 3, 2);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);

  for (guint k = 0; n > 0 && k < 2 * n + 2; k++)
    {
      guint i = k == 0 ? n - 1 : k == 1 ? n / 2 : k < n + 2 ? n + 1 - k : k - n - 2;
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      g_assert_nonnull (item);
      g_assert_cmpint (id_of (item), ==, g_array_index (expected, gint64, i));
    }
  g_assert_null (g_list_model_get_item (model, n));

  g_assert_true (cw_sql_list_model_foreach (CW_SQL_LIST_MODEL (model), collect_id_cb, &collect,
                                            &error));
  g_assert_no_error (error);
  g_assert_cmpuint (each->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (g_array_index (each, gint64, i), ==, g_array_index (expected, gint64, i));
}
