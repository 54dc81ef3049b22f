/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <gio/gio.h>

#include "cw-database.h"
#include "cw-database-private.h"
#include "cw-key.h"
#include "cw-sql-list-model-private.h"
#include "cw-test-util.h"

#define N_ROWS 10000

/* One row of the test table as an object. */
#define TEST_TYPE_NUMBER (test_number_get_type ())
G_DECLARE_FINAL_TYPE (TestNumber, test_number, TEST, NUMBER, GObject)

struct _TestNumber
{
  GObject  parent_instance;
  gint64   n;
  char    *label;
};

G_DEFINE_FINAL_TYPE (TestNumber, test_number, G_TYPE_OBJECT)

static void
test_number_finalize (GObject *object)
{
  TestNumber *self = TEST_NUMBER (object);

  g_free (self->label);
  G_OBJECT_CLASS (test_number_parent_class)->finalize (object);
}

static void
test_number_class_init (TestNumberClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_number_finalize;
}

static void
test_number_init (TestNumber *self)
{
}

typedef struct
{
  char       *dir;
  char       *path;
  CwKey      *key;
  CwDatabase *database;
} Fixture;

static GObject *
number_from_row (CwSqlStatement *stmt,
                 gpointer        user_data)
{
  TestNumber *number = g_object_new (TEST_TYPE_NUMBER, NULL);

  number->n = sqlite3_column_int64 (stmt, 0);
  number->label = g_strdup ((const char *) sqlite3_column_text (stmt, 1));

  return G_OBJECT (number);
}

static void
insert_rows (Fixture *fixture,
             gint64   first,
             gint64   last)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_true (cw_database_begin (fixture->database, &error));
  g_assert_no_error (error);

  stmt = cw_database_prepare (fixture->database,
                              "INSERT INTO numbers (n, label) VALUES (?1, ?2)", &error);
  g_assert_no_error (error);

  for (gint64 n = first; n <= last; n++)
    {
      g_autofree char *label = g_strdup_printf ("number %" G_GINT64_FORMAT, n);

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, n);
      sqlite3_bind_text (stmt, 2, label, -1, SQLITE_TRANSIENT);
      g_assert_true (cw_database_step_done (fixture->database, stmt, &error));
      g_assert_no_error (error);
    }

  g_assert_true (cw_database_commit (fixture->database, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = cw_test_make_tmpdir ();
  fixture->path = g_build_filename (fixture->dir, "list.db", NULL);
  fixture->key = cw_key_new_random ();
  fixture->database = cw_database_create (fixture->path, fixture->key, &error);
  g_assert_no_error (error);

  g_assert_true (cw_database_exec (fixture->database,
                                   "CREATE TABLE numbers (n INTEGER PRIMARY KEY, label TEXT)",
                                   &error));
  g_assert_no_error (error);
  insert_rows (fixture, 1, N_ROWS);
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

static CwSqlListModel *
numbers_model (Fixture *fixture)
{
  return cw_sql_list_model_new (fixture->database, TEST_TYPE_NUMBER,
                                "SELECT n, label FROM numbers ORDER BY n",
                                "SELECT count(*) FROM numbers",
                                NULL, number_from_row, NULL, NULL);
}

static gint64
number_at (CwSqlListModel *model,
           guint           position)
{
  g_autoptr(TestNumber) number = g_list_model_get_item (G_LIST_MODEL (model), position);
  g_autofree char *label = NULL;

  g_assert_nonnull (number);
  label = g_strdup_printf ("number %" G_GINT64_FORMAT, number->n);
  g_assert_cmpstr (number->label, ==, label);

  return number->n;
}

static void
test_count_and_items (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(CwSqlListModel) model = numbers_model (fixture);

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == TEST_TYPE_NUMBER);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_ROWS);

  /* Counting reads no rows. */
  g_assert_cmpuint (cw_sql_list_model_get_n_fetched (model), ==, 0);
  g_assert_cmpuint (cw_sql_list_model_get_n_cached (model), ==, 0);

  g_assert_cmpint (number_at (model, 0), ==, 1);
  g_assert_cmpint (number_at (model, 5000), ==, 5001);
  g_assert_cmpint (number_at (model, 9999), ==, 10000);
  g_assert_cmpint (number_at (model, 255), ==, 256);
  g_assert_cmpint (number_at (model, 256), ==, 257);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), N_ROWS));

  /* Only the pages those positions are on were read. */
  g_assert_cmpuint (cw_sql_list_model_get_n_queries (model), ==, 4);
  g_assert_cmpuint (cw_sql_list_model_get_n_fetched (model), <=,
                    4 * cw_sql_list_model_get_page_size (model));
}

static void
test_item_is_new_reference (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(CwSqlListModel) model = numbers_model (fixture);
  TestNumber *first = g_list_model_get_item (G_LIST_MODEL (model), 42);
  TestNumber *second = g_list_model_get_item (G_LIST_MODEL (model), 42);
  GWeakRef weak;

  /* The cache holds the object; each caller gets a reference of its own. */
  g_assert_true (first == second);
  g_object_unref (second);
  g_object_unref (first);

  g_weak_ref_init (&weak, first);
  {
    g_autoptr(GObject) still = g_weak_ref_get (&weak);

    g_assert_nonnull (still);
  }

  /* Dropping the cache drops the object. */
  cw_sql_list_model_reload (model);
  {
    g_autoptr(GObject) gone = g_weak_ref_get (&weak);

    g_assert_null (gone);
  }
  g_weak_ref_clear (&weak);
}

static void
test_cache_bounded (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(CwSqlListModel) model = numbers_model (fixture);
  guint page_size = cw_sql_list_model_get_page_size (model);
  guint max_pages = cw_sql_list_model_get_max_pages (model);
  guint max_cached = 0;

  g_assert_cmpuint (page_size * max_pages, <, N_ROWS);

  /* A full walk reads each row once and never holds more than the bound. */
  for (guint i = 0; i < N_ROWS; i++)
    {
      g_assert_cmpint (number_at (model, i), ==, i + 1);
      max_cached = MAX (max_cached, cw_sql_list_model_get_n_cached (model));
    }

  g_assert_cmpuint (max_cached, <=, page_size * max_pages);
  g_assert_cmpuint (max_cached, >, 0);
  g_assert_cmpuint (cw_sql_list_model_get_n_fetched (model), ==, N_ROWS);

  /* Walking back over the pages still cached reads nothing more. */
  for (guint i = N_ROWS; i > ((N_ROWS - 1) / page_size - (max_pages - 1)) * page_size; i--)
    g_assert_cmpint (number_at (model, i - 1), ==, i);
  g_assert_cmpuint (cw_sql_list_model_get_n_fetched (model), ==, N_ROWS);
}

static void
test_cache_least_recently_used (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(CwSqlListModel) model = numbers_model (fixture);
  guint queries;

  cw_sql_list_model_set_page_size (model, 100, 3);

  number_at (model, 0);      /* page 0 */
  number_at (model, 100);    /* page 1 */
  number_at (model, 200);    /* page 2 */
  g_assert_cmpuint (cw_sql_list_model_get_n_queries (model), ==, 3);
  g_assert_cmpuint (cw_sql_list_model_get_n_cached (model), ==, 300);

  number_at (model, 50);     /* page 0 again: cached, and now the most recent */
  g_assert_cmpuint (cw_sql_list_model_get_n_queries (model), ==, 3);

  number_at (model, 300);    /* page 3 pushes out page 1, the least recent */
  g_assert_cmpuint (cw_sql_list_model_get_n_queries (model), ==, 4);
  g_assert_cmpuint (cw_sql_list_model_get_n_cached (model), ==, 300);

  queries = cw_sql_list_model_get_n_queries (model);
  number_at (model, 99);     /* page 0: still there */
  number_at (model, 299);    /* page 2: still there */
  g_assert_cmpuint (cw_sql_list_model_get_n_queries (model), ==, queries);

  number_at (model, 150);    /* page 1: read again */
  g_assert_cmpuint (cw_sql_list_model_get_n_queries (model), ==, queries + 1);
  g_assert_cmpuint (cw_sql_list_model_get_n_cached (model), ==, 300);
}

typedef struct
{
  guint n_signals;
  guint position;
  guint removed;
  guint added;
  guint n_items_then;
} ItemsChanged;

static void
items_changed_cb (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  ItemsChanged *record)
{
  record->n_signals++;
  record->position = position;
  record->removed = removed;
  record->added = added;
  record->n_items_then = g_list_model_get_n_items (model);
}

static void
test_reload (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(CwSqlListModel) model = numbers_model (fixture);
  ItemsChanged record = { 0, };

  g_assert_cmpint (number_at (model, N_ROWS - 1), ==, N_ROWS);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &record);

  insert_rows (fixture, N_ROWS + 1, N_ROWS + 5);

  /* Counted once: the model does not see new rows until reloaded. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_ROWS);
  g_assert_cmpuint (record.n_signals, ==, 0);

  cw_sql_list_model_reload (model);
  g_assert_cmpuint (record.n_signals, ==, 1);
  g_assert_cmpuint (record.position, ==, 0);
  g_assert_cmpuint (record.removed, ==, N_ROWS);
  g_assert_cmpuint (record.added, ==, N_ROWS + 5);
  g_assert_cmpuint (record.n_items_then, ==, N_ROWS + 5);
  g_assert_cmpuint (cw_sql_list_model_get_n_cached (model), ==, 0);

  g_assert_cmpint (number_at (model, N_ROWS + 4), ==, N_ROWS + 5);
  g_assert_cmpint (number_at (model, 0), ==, 1);

  g_signal_handlers_disconnect_by_func (model, items_changed_cb, &record);
}

typedef struct
{
  gint64 divisor;
  guint  n_binds;
  gboolean destroyed;
} BindData;

static void
bind_divisor (CwSqlStatement *stmt,
              gpointer        user_data)
{
  BindData *bind = user_data;

  bind->n_binds++;
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":divisor"), bind->divisor);
}

static void
bind_data_destroy (gpointer user_data)
{
  BindData *bind = user_data;

  bind->destroyed = TRUE;
}

static void
test_parameters (Fixture       *fixture,
                 gconstpointer  data)
{
  BindData bind = { 7, 0, FALSE };
  CwSqlListModel *model;

  model = cw_sql_list_model_new (fixture->database, TEST_TYPE_NUMBER,
                                 "SELECT n, label FROM numbers WHERE n % :divisor = 0 "
                                 "ORDER BY n DESC",
                                 "SELECT count(*) FROM numbers WHERE n % :divisor = 0",
                                 bind_divisor, number_from_row, &bind, bind_data_destroy);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_ROWS / 7);
  g_assert_cmpint (number_at (model, 0), ==, 9996);
  g_assert_cmpint (number_at (model, N_ROWS / 7 - 1), ==, 7);
  g_assert_cmpuint (bind.n_binds, ==, 3);   /* the count and two pages */

  g_object_unref (model);
  g_assert_true (bind.destroyed);
}

static void
test_closed_database (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(CwSqlListModel) model = numbers_model (fixture);
  ItemsChanged record = { 0, };

  g_assert_cmpint (number_at (model, 0), ==, 1);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &record);

  /* Locking closes the database under the model: nothing new is read. */
  cw_database_close (fixture->database);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 5000));

  cw_sql_list_model_reload (model);
  g_assert_cmpuint (record.n_signals, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 0));

  g_signal_handlers_disconnect_by_func (model, items_changed_cb, &record);
}

typedef struct
{
  gint64 next;      /* the number the next row must hold */
  gint64 stop_at;   /* refuse this one (0: never) */
} Walk;

static gboolean
walk_cb (GObject  *item,
         gpointer  user_data,
         GError  **error)
{
  Walk *walk = user_data;
  TestNumber *number = TEST_NUMBER (item);

  g_assert_cmpint (number->n, ==, walk->next);
  if (number->n == walk->stop_at)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "The disk is full.");
      return FALSE;
    }
  walk->next++;
  return TRUE;
}

/* Reading a whole list in one pass: every row in order, one query, nothing
 * cached; the callback may stop it with its own error. */
static void
test_foreach (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(CwSqlListModel) model = numbers_model (fixture);
  g_autoptr(GError) error = NULL;
  Walk walk = { 1, 0 };

  g_assert_true (cw_sql_list_model_foreach (model, walk_cb, &walk, &error));
  g_assert_no_error (error);
  g_assert_cmpint (walk.next, ==, N_ROWS + 1);
  g_assert_cmpuint (cw_sql_list_model_get_n_queries (model), ==, 1);
  g_assert_cmpuint (cw_sql_list_model_get_n_fetched (model), ==, N_ROWS);
  g_assert_cmpuint (cw_sql_list_model_get_n_cached (model), ==, 0);

  walk = (Walk) { 1, 777 };
  g_assert_false (cw_sql_list_model_foreach (model, walk_cb, &walk, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_cmpint (walk.next, ==, 777);
  g_clear_error (&error);

  /* A closed database is an error, not a crash. */
  cw_database_close (fixture->database);
  walk = (Walk) { 1, 0 };
  g_assert_false (cw_sql_list_model_foreach (model, walk_cb, &walk, &error));
  g_assert_nonnull (error);
  g_assert_cmpint (walk.next, ==, 1);
}

/* A select that places :cw_page_limit and :cw_page_offset itself (in a
 * subquery) gets nothing appended: pages and a whole pass read it. */
static void
test_own_limit (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(CwSqlListModel) model = NULL;
  g_autoptr(GError) error = NULL;
  Walk walk = { 1, 0 };

  model = cw_sql_list_model_new (fixture->database, TEST_TYPE_NUMBER,
                                 "SELECT n, label FROM (SELECT n AS k FROM numbers ORDER BY n "
                                 "LIMIT :cw_page_limit OFFSET :cw_page_offset) "
                                 "CROSS JOIN numbers ON n = k ORDER BY n",
                                 "SELECT count(*) FROM numbers",
                                 NULL, number_from_row, NULL, NULL);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_ROWS);
  g_assert_cmpint (number_at (model, N_ROWS - 1), ==, N_ROWS);
  g_assert_cmpint (number_at (model, 5000), ==, 5001);
  g_assert_cmpint (number_at (model, 0), ==, 1);
  g_assert_cmpint (number_at (model, 256), ==, 257);
  g_assert_cmpuint (cw_sql_list_model_get_n_fetched (model), ==, 3 * 256 + N_ROWS % 256);

  g_assert_true (cw_sql_list_model_foreach (model, walk_cb, &walk, &error));
  g_assert_no_error (error);
  g_assert_cmpint (walk.next, ==, N_ROWS + 1);
}

static gboolean
plain_label_cb (GObject  *item,
                gpointer  user_data,
                GError  **error)
{
  g_autofree char *label = g_strdup_printf ("number %" G_GINT64_FORMAT, TEST_NUMBER (item)->n);

  g_assert_cmpstr (TEST_NUMBER (item)->label, ==, label);
  return walk_cb (item, user_data, error);
}

/* With a page query, pages are read with it and a whole pass with the
 * select. */
static void
test_page_sql (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(CwSqlListModel) model = numbers_model (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(TestNumber) first = NULL;
  g_autoptr(TestNumber) deep = NULL;
  Walk walk = { 1, 0 };

  g_assert_cmpint (number_at (model, 0), ==, 1);
  g_assert_cmpuint (cw_sql_list_model_get_n_cached (model), ==, 256);

  /* The page query marks its labels, to tell which query read a row. */
  cw_sql_list_model_set_page_sql (model,
                                  "SELECT n, 'paged ' || label FROM (SELECT n AS k FROM numbers "
                                  "ORDER BY n LIMIT :cw_page_limit OFFSET :cw_page_offset) "
                                  "CROSS JOIN numbers ON n = k ORDER BY n");
  g_assert_cmpuint (cw_sql_list_model_get_n_cached (model), ==, 0);

  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  deep = g_list_model_get_item (G_LIST_MODEL (model), N_ROWS - 2);
  g_assert_cmpint (first->n, ==, 1);
  g_assert_cmpstr (first->label, ==, "paged number 1");
  g_assert_cmpint (deep->n, ==, N_ROWS - 1);
  g_assert_cmpstr (deep->label, ==, "paged number 9999");

  /* A whole pass reads the select: plain labels, every row in order. */
  g_assert_true (cw_sql_list_model_foreach (model, plain_label_cb, &walk, &error));
  g_assert_no_error (error);
  g_assert_cmpint (walk.next, ==, N_ROWS + 1);

  cw_sql_list_model_set_page_sql (model, NULL);
  g_assert_cmpint (number_at (model, 0), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/sql-list-model/count-and-items", test_count_and_items);
  ADD ("/sql-list-model/item-is-new-reference", test_item_is_new_reference);
  ADD ("/sql-list-model/cache/bounded", test_cache_bounded);
  ADD ("/sql-list-model/cache/least-recently-used", test_cache_least_recently_used);
  ADD ("/sql-list-model/reload", test_reload);
  ADD ("/sql-list-model/parameters", test_parameters);
  ADD ("/sql-list-model/closed-database", test_closed_database);
  ADD ("/sql-list-model/foreach", test_foreach);
  ADD ("/sql-list-model/own-limit", test_own_limit);
  ADD ("/sql-list-model/page-sql", test_page_sql);

#undef ADD

  return g_test_run ();
}
