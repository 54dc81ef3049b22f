/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <gio/gio.h>

#include "cw-database.h"
#include "cw-database-private.h"
#include "cw-key.h"
#include "cw-staff-repository.h"
#include "cw-test-util.h"

typedef struct
{
  char              *dir;
  char              *path;
  CwKey             *key;
  CwDatabase        *database;
  CwStaffRepository *repository;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = cw_test_make_tmpdir ();
  fixture->path = g_build_filename (fixture->dir, "staff.db", NULL);
  fixture->key = cw_key_new_random ();
  fixture->database = cw_database_create (fixture->path, fixture->key, &error);
  g_assert_no_error (error);
  fixture->repository = cw_staff_repository_new (fixture->database);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->repository);
  if (fixture->database != NULL)
    cw_database_close (fixture->database);
  g_clear_object (&fixture->database);
  g_clear_pointer (&fixture->key, cw_key_free);
  cw_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->path, g_free);
  g_clear_pointer (&fixture->dir, g_free);
}

/* Closes and reopens the database, so that what follows reads the file. */
static void
reopen (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&fixture->repository);
  cw_database_close (fixture->database);
  g_clear_object (&fixture->database);

  fixture->database = cw_database_open (fixture->path, fixture->key, &error);
  g_assert_no_error (error);
  fixture->repository = cw_staff_repository_new (fixture->database);
}

static CwStaffMember *
add (Fixture    *fixture,
     const char *username,
     const char *display_name,
     CwRoles     roles,
     gint64      line_manager_id)
{
  g_autoptr(GError) error = NULL;
  CwStaffMember *member;

  member = cw_staff_repository_insert (fixture->repository, username, display_name, "Keyworker",
                                       roles, line_manager_id, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (member);

  return member;
}

static gint64
count_rows (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = cw_database_prepare (fixture->database,
                                                      "SELECT count(*) FROM staff", &error);

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return sqlite3_column_int64 (stmt, 0);
}

static void
assert_invalid (GError     *error,
                const char *field)
{
  g_assert_error (error, CW_STAFF_ERROR, CW_STAFF_ERROR_INVALID);
  if (strstr (error->message, field) == NULL)
    g_error ("“%s” does not name the %s", error->message, field);
}

static void
test_insert_and_lookup (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwStaffMember) manager = NULL;
  g_autoptr(CwStaffMember) inserted = NULL;
  g_autoptr(CwStaffMember) by_id = NULL;
  g_autoptr(CwStaffMember) by_name = NULL;
  gint64 id;

  manager = add (fixture, "m.jones", "Mary Jones", CW_ROLE_LINE_MANAGER, 0);
  inserted = cw_staff_repository_insert (fixture->repository, "  A.Smith ", "  Alex Smith  ",
                                         " Family support worker ",
                                         CW_ROLE_PRACTITIONER | CW_ROLE_DSL,
                                         cw_staff_member_get_id (manager), TRUE, &error);
  g_assert_no_error (error);
  id = cw_staff_member_get_id (inserted);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (id, !=, cw_staff_member_get_id (manager));
  g_assert_cmpstr (cw_staff_member_get_username (inserted), ==, "a.smith");
  g_assert_cmpstr (cw_staff_member_get_display_name (inserted), ==, "Alex Smith");

  /* Read back from the file itself. */
  reopen (fixture);

  by_id = cw_staff_repository_lookup_by_id (fixture->repository, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cw_staff_member_get_username (by_id), ==, "a.smith");
  g_assert_cmpstr (cw_staff_member_get_display_name (by_id), ==, "Alex Smith");
  g_assert_cmpstr (cw_staff_member_get_job_title (by_id), ==, "Family support worker");
  g_assert_cmpuint (cw_staff_member_get_roles (by_id), ==, CW_ROLE_PRACTITIONER | CW_ROLE_DSL);
  g_assert_true (cw_staff_member_has_role (by_id, CW_ROLE_DSL));
  g_assert_false (cw_staff_member_has_role (by_id, CW_ROLE_ADMINISTRATOR));
  g_assert_cmpint (cw_staff_member_get_line_manager_id (by_id), ==,
                   cw_staff_member_get_id (manager));
  g_assert_true (cw_staff_member_get_active (by_id));
  g_assert_true (cw_staff_member_get_must_change_password (by_id));

  by_name = cw_staff_repository_lookup_by_username (fixture->repository, " A.SMITH", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cw_staff_member_get_id (by_name), ==, id);

  /* Properties say the same as the getters. */
  {
    g_autofree char *display_name = NULL;
    gint64 line_manager_id = 0;
    guint roles = 0;

    g_object_get (by_name, "display-name", &display_name, "roles", &roles,
                  "line-manager-id", &line_manager_id, NULL);
    g_assert_cmpstr (display_name, ==, "Alex Smith");
    g_assert_cmpuint (roles, ==, CW_ROLE_PRACTITIONER | CW_ROLE_DSL);
    g_assert_cmpint (line_manager_id, ==, cw_staff_member_get_id (manager));
  }
}

static void
test_normalise_username (void)
{
  struct {
    const char *input;
    const char *expected;   /* NULL: refused */
  } cases[] = {
    { "a.smith", "a.smith" },
    { "  Alex_Smith-2 ", "alex_smith-2" },
    { "AB", "ab" },
    { "a", NULL },
    { "", NULL },
    { "   ", NULL },
    { "alex smith", NULL },
    { "alex@example", NULL },
    { "zoë", NULL },
    { "\xff\xfe", NULL },
    { "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", /* 64 */
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" },
    { "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", NULL }, /* 65 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *result = cw_staff_normalise_username (cases[i].input, &error);

      g_assert_cmpstr (result, ==, cases[i].expected);
      if (cases[i].expected == NULL)
        assert_invalid (error, "username");
      else
        g_assert_no_error (error);
    }
}

static void
test_invalid_fields (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *long_name = NULL;
  g_autofree char *max_name = NULL;
  g_autoptr(CwStaffMember) max_member = NULL;
  g_autoptr(GString) accented = g_string_new (NULL);
  struct {
    const char *username;
    const char *display_name;
    const char *job_title;
    CwRoles     roles;
    const char *field;
  } cases[] = {
    { "a.smith", "", NULL, CW_ROLE_PRACTITIONER, "display name" },
    { "a.smith", "   ", NULL, CW_ROLE_PRACTITIONER, "display name" },
    { "a.smith", NULL, NULL, CW_ROLE_PRACTITIONER, "display name" },
    { "a.smith", "Alex\xc3\x28Smith", NULL, CW_ROLE_PRACTITIONER, "display name" },
    { "a.smith", "Alex\nSmith", NULL, CW_ROLE_PRACTITIONER, "display name" },
    { "a.smith", "Alex Smith", "Keyworker\xff", CW_ROLE_PRACTITIONER, "job title" },
    { "a smith", "Alex Smith", NULL, CW_ROLE_PRACTITIONER, "username" },
    { "", "Alex Smith", NULL, CW_ROLE_PRACTITIONER, "username" },
    { "x", "Alex Smith", NULL, CW_ROLE_PRACTITIONER, "username" },
    { "a.smith", "Alex Smith", NULL, 1 << 7, "roles" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CwStaffMember) member = NULL;

      member = cw_staff_repository_insert (fixture->repository, cases[i].username,
                                           cases[i].display_name, cases[i].job_title,
                                           cases[i].roles, 0, FALSE, &error);
      g_assert_null (member);
      assert_invalid (error, cases[i].field);
    }

  /* 201 characters (not bytes: each "é" is two bytes) is too long … */
  for (guint i = 0; i < 201; i++)
    g_string_append (accented, "é");
  long_name = g_strdup (accented->str);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CwStaffMember) member = NULL;

    member = cw_staff_repository_insert (fixture->repository, "a.smith", long_name, NULL,
                                         CW_ROLE_PRACTITIONER, 0, FALSE, &error);
    g_assert_null (member);
    assert_invalid (error, "display name");
    g_assert_nonnull (strstr (error->message, "200"));
  }

  /* … 200 is not. */
  g_string_truncate (accented, 200 * strlen ("é"));
  max_name = g_strdup (accented->str);
  max_member = add (fixture, "a.smith", max_name, CW_ROLE_PRACTITIONER, 0);
  g_assert_cmpstr (cw_staff_member_get_display_name (max_member), ==, max_name);

  /* Nothing refused was stored. */
  g_assert_cmpint (count_rows (fixture), ==, 1);

  /* Update validates too. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (cw_staff_repository_update (fixture->repository,
                                                cw_staff_member_get_id (max_member), "",
                                                NULL, CW_ROLE_PRACTITIONER, 0, &error));
    assert_invalid (error, "display name");
  }
}

static void
test_username_taken (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(CwStaffMember) first = add (fixture, "a.smith", "Alex Smith",
                                        CW_ROLE_PRACTITIONER, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(CwStaffMember) second = NULL;

  second = cw_staff_repository_insert (fixture->repository, " A.Smith", "Another Smith", NULL,
                                       CW_ROLE_PRACTITIONER, 0, FALSE, &error);
  g_assert_null (second);
  g_assert_error (error, CW_STAFF_ERROR, CW_STAFF_ERROR_USERNAME_TAKEN);
  g_assert_cmpint (count_rows (fixture), ==, 1);
}

static void
test_not_found (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(CwStaffMember) member = add (fixture, "a.smith", "Alex Smith",
                                         CW_ROLE_PRACTITIONER, 0);
  gint64 missing = cw_staff_member_get_id (member) + 100;

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CwStaffMember) found = NULL;

    found = cw_staff_repository_lookup_by_id (fixture->repository, missing, &error);
    g_assert_null (found);
    g_assert_error (error, CW_STAFF_ERROR, CW_STAFF_ERROR_NOT_FOUND);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CwStaffMember) found = NULL;

    found = cw_staff_repository_lookup_by_username (fixture->repository, "b.brown", &error);
    g_assert_null (found);
    g_assert_error (error, CW_STAFF_ERROR, CW_STAFF_ERROR_NOT_FOUND);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CwStaffMember) found = NULL;

    /* A name that could never be valid is simply not found. */
    found = cw_staff_repository_lookup_by_username (fixture->repository, "not a name", &error);
    g_assert_null (found);
    g_assert_error (error, CW_STAFF_ERROR, CW_STAFF_ERROR_NOT_FOUND);
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (cw_staff_repository_update (fixture->repository, missing, "Nobody", NULL,
                                                CW_ROLE_PRACTITIONER, 0, &error));
    g_assert_error (error, CW_STAFF_ERROR, CW_STAFF_ERROR_NOT_FOUND);
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (cw_staff_repository_set_active (fixture->repository, missing, FALSE,
                                                    &error));
    g_assert_error (error, CW_STAFF_ERROR, CW_STAFF_ERROR_NOT_FOUND);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CwStaffMember) orphan = NULL;

    /* A line manager that does not exist. */
    orphan = cw_staff_repository_insert (fixture->repository, "c.clark", "Chris Clark", NULL,
                                         CW_ROLE_PRACTITIONER, missing, FALSE, &error);
    g_assert_null (orphan);
    g_assert_error (error, CW_STAFF_ERROR, CW_STAFF_ERROR_NOT_FOUND);
  }
}

static void
test_manager_loop (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(CwStaffMember) a = add (fixture, "a.head", "Ann Head", CW_ROLE_LINE_MANAGER, 0);
  g_autoptr(CwStaffMember) b = add (fixture, "b.middle", "Ben Middle", CW_ROLE_LINE_MANAGER,
                                    cw_staff_member_get_id (a));
  g_autoptr(CwStaffMember) c = add (fixture, "c.worker", "Cat Worker", CW_ROLE_PRACTITIONER,
                                    cw_staff_member_get_id (b));
  g_autoptr(CwStaffMember) a_after = NULL;
  gint64 a_id = cw_staff_member_get_id (a);

  {
    g_autoptr(GError) error = NULL;

    /* Own manager. */
    g_assert_false (cw_staff_repository_update (fixture->repository, a_id, "Ann Head", NULL,
                                                CW_ROLE_LINE_MANAGER, a_id, &error));
    g_assert_error (error, CW_STAFF_ERROR, CW_STAFF_ERROR_MANAGER_LOOP);
  }
  {
    g_autoptr(GError) error = NULL;

    /* A is managed by C who is managed by B who is managed by A. */
    g_assert_false (cw_staff_repository_update (fixture->repository, a_id, "Ann Head", NULL,
                                                CW_ROLE_LINE_MANAGER,
                                                cw_staff_member_get_id (c), &error));
    g_assert_error (error, CW_STAFF_ERROR, CW_STAFF_ERROR_MANAGER_LOOP);
  }
  {
    g_autoptr(GError) error = NULL;

    /* Direct two-person loop. */
    g_assert_false (cw_staff_repository_update (fixture->repository, a_id, "Ann Head", NULL,
                                                CW_ROLE_LINE_MANAGER,
                                                cw_staff_member_get_id (b), &error));
    g_assert_error (error, CW_STAFF_ERROR, CW_STAFF_ERROR_MANAGER_LOOP);
  }

  a_after = cw_staff_repository_lookup_by_id (fixture->repository, a_id, NULL);
  g_assert_cmpint (cw_staff_member_get_line_manager_id (a_after), ==, 0);

  /* Moving C up to report to A directly is fine. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CwStaffMember) c_after = NULL;

    g_assert_true (cw_staff_repository_update (fixture->repository, cw_staff_member_get_id (c),
                                               "Cat Worker", NULL, CW_ROLE_PRACTITIONER, a_id,
                                               &error));
    g_assert_no_error (error);
    c_after = cw_staff_repository_lookup_by_id (fixture->repository,
                                                cw_staff_member_get_id (c), NULL);
    g_assert_cmpint (cw_staff_member_get_line_manager_id (c_after), ==, a_id);
  }
}

static void
test_last_administrator (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(CwStaffMember) admin = add (fixture, "admin", "Ada Admin",
                                        CW_ROLE_ADMINISTRATOR, 0);
  g_autoptr(CwStaffMember) other = add (fixture, "o.other", "Olu Other",
                                        CW_ROLE_PRACTITIONER, 0);
  g_autoptr(CwStaffMember) admin_after = NULL;
  gint64 admin_id = cw_staff_member_get_id (admin);
  gint64 other_id = cw_staff_member_get_id (other);

  g_assert_cmpuint (cw_staff_repository_count_active_with_role (fixture->repository,
                                                                CW_ROLE_ADMINISTRATOR), ==, 1);
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (cw_staff_repository_update (fixture->repository, admin_id, "Ada Admin",
                                                NULL, CW_ROLE_DSL, 0, &error));
    g_assert_error (error, CW_STAFF_ERROR, CW_STAFF_ERROR_LAST_ADMINISTRATOR);
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (cw_staff_repository_set_active (fixture->repository, admin_id, FALSE,
                                                    &error));
    g_assert_error (error, CW_STAFF_ERROR, CW_STAFF_ERROR_LAST_ADMINISTRATOR);
  }

  admin_after = cw_staff_repository_lookup_by_id (fixture->repository, admin_id, NULL);
  g_assert_true (cw_staff_member_get_active (admin_after));
  g_assert_true (cw_staff_member_has_role (admin_after, CW_ROLE_ADMINISTRATOR));

  /* Adding a role while keeping the administrator one is fine. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (cw_staff_repository_update (fixture->repository, admin_id, "Ada Admin",
                                               NULL, CW_ROLE_ADMINISTRATOR | CW_ROLE_DSL, 0,
                                               &error));
    g_assert_no_error (error);
  }

  /* An inactive administrator does not count as one in post. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (cw_staff_repository_update (fixture->repository, other_id, "Olu Other",
                                               NULL, CW_ROLE_ADMINISTRATOR, 0, &error));
    g_assert_no_error (error);
    g_assert_true (cw_staff_repository_set_active (fixture->repository, other_id, FALSE,
                                                   &error));
    g_assert_no_error (error);
    g_assert_cmpuint (cw_staff_repository_count_active_with_role (fixture->repository,
                                                                  CW_ROLE_ADMINISTRATOR), ==, 1);
    g_assert_false (cw_staff_repository_set_active (fixture->repository, admin_id, FALSE,
                                                    &error));
    g_assert_error (error, CW_STAFF_ERROR, CW_STAFF_ERROR_LAST_ADMINISTRATOR);
  }

  /* With a second active administrator the first may go. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CwStaffMember) gone = NULL;

    g_assert_true (cw_staff_repository_set_active (fixture->repository, other_id, TRUE,
                                                   &error));
    g_assert_no_error (error);
    g_assert_true (cw_staff_repository_set_active (fixture->repository, admin_id, FALSE,
                                                   &error));
    g_assert_no_error (error);

    gone = cw_staff_repository_lookup_by_id (fixture->repository, admin_id, NULL);
    g_assert_false (cw_staff_member_get_active (gone));

    /* And now the other is the last one. */
    g_assert_false (cw_staff_repository_update (fixture->repository, other_id, "Olu Other",
                                                NULL, CW_ROLE_PRACTITIONER, 0, &error));
    g_assert_error (error, CW_STAFF_ERROR, CW_STAFF_ERROR_LAST_ADMINISTRATOR);
  }
}

static void
test_update_and_deactivate (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(CwStaffMember) manager = add (fixture, "m.jones", "Mary Jones",
                                          CW_ROLE_LINE_MANAGER, 0);
  g_autoptr(CwStaffMember) worker = add (fixture, "w.ward", "Wes Ward",
                                         CW_ROLE_PRACTITIONER, 0);
  g_autoptr(CwStaffMember) second = add (fixture, "s.second", "Sam Second",
                                         CW_ROLE_PRACTITIONER, cw_staff_member_get_id (manager));
  g_autoptr(CwStaffMember) after = NULL;
  g_autoptr(GPtrArray) team = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = cw_staff_member_get_id (worker);
  gint64 manager_id = cw_staff_member_get_id (manager);

  g_assert_true (cw_staff_repository_update (fixture->repository, id, "Wesley Ward",
                                             "Senior practitioner",
                                             CW_ROLE_PRACTITIONER | CW_ROLE_LINE_MANAGER,
                                             manager_id, &error));
  g_assert_no_error (error);
  g_assert_true (cw_staff_repository_set_must_change_password (fixture->repository, id, TRUE,
                                                               &error));
  g_assert_no_error (error);

  reopen (fixture);

  after = cw_staff_repository_lookup_by_id (fixture->repository, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cw_staff_member_get_display_name (after), ==, "Wesley Ward");
  g_assert_cmpstr (cw_staff_member_get_job_title (after), ==, "Senior practitioner");
  g_assert_cmpstr (cw_staff_member_get_username (after), ==, "w.ward");
  g_assert_cmpuint (cw_staff_member_get_roles (after), ==,
                    CW_ROLE_PRACTITIONER | CW_ROLE_LINE_MANAGER);
  g_assert_cmpint (cw_staff_member_get_line_manager_id (after), ==, manager_id);
  g_assert_true (cw_staff_member_get_must_change_password (after));

  team = cw_staff_repository_list_team (fixture->repository, manager_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (team->len, ==, 2);
  g_assert_cmpstr (cw_staff_member_get_display_name (g_ptr_array_index (team, 0)), ==,
                   "Sam Second");
  g_assert_cmpstr (cw_staff_member_get_display_name (g_ptr_array_index (team, 1)), ==,
                   "Wesley Ward");
  g_clear_pointer (&team, g_ptr_array_unref);

  /* Deactivation keeps the row, marks it inactive and takes it out of the team. */
  g_assert_true (cw_staff_repository_set_active (fixture->repository, id, FALSE, &error));
  g_assert_no_error (error);
  g_clear_object (&after);
  after = cw_staff_repository_lookup_by_id (fixture->repository, id, &error);
  g_assert_no_error (error);
  g_assert_false (cw_staff_member_get_active (after));
  g_assert_cmpint (count_rows (fixture), ==, 3);
  g_assert_cmpuint (cw_staff_repository_count_active_with_role (fixture->repository,
                                                                CW_ROLE_PRACTITIONER), ==, 1);

  team = cw_staff_repository_list_team (fixture->repository, manager_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (team->len, ==, 1);
  g_assert_cmpint (cw_staff_member_get_id (g_ptr_array_index (team, 0)), ==,
                   cw_staff_member_get_id (second));

  /* A deactivated account cannot become someone's line manager. */
  g_assert_false (cw_staff_repository_update (fixture->repository,
                                              cw_staff_member_get_id (second), "Sam Second",
                                              NULL, CW_ROLE_PRACTITIONER, id, &error));
  assert_invalid (error, "line manager");
}

typedef struct
{
  guint n_signals;
  guint removed;
  guint added;
} ItemsChanged;

static void
items_changed_cb (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  ItemsChanged *record)
{
  record->n_signals++;
  record->removed = removed;
  record->added = added;
}

static CwStaffMember *
model_item (GListModel *model,
            guint       position)
{
  CwStaffMember *member = g_list_model_get_item (model, position);

  g_assert_nonnull (member);
  g_object_unref (member);   /* the model keeps it alive */

  return member;
}

static void
test_list_model (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(CwStaffMember) zed = add (fixture, "z.zed", "zed Zephyr", CW_ROLE_PRACTITIONER, 0);
  g_autoptr(CwStaffMember) amy = add (fixture, "a.amy", "Amy Adams", CW_ROLE_PRACTITIONER, 0);
  g_autoptr(CwStaffMember) ben = NULL;
  g_autoptr(GListModel) model = cw_staff_repository_list (fixture->repository);
  g_autoptr(GError) error = NULL;
  ItemsChanged record = { 0, };

  g_assert_true (g_list_model_get_item_type (model) == CW_TYPE_STAFF_MEMBER);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  g_assert_cmpstr (cw_staff_member_get_display_name (model_item (model, 0)), ==, "Amy Adams");
  g_assert_cmpstr (cw_staff_member_get_display_name (model_item (model, 1)), ==, "zed Zephyr");

  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &record);

  /* An insert shows, in order, ignoring case. */
  ben = add (fixture, "b.ben", "ben Brown", CW_ROLE_PRACTITIONER, 0);
  g_assert_cmpuint (record.n_signals, ==, 1);
  g_assert_cmpuint (record.removed, ==, 2);
  g_assert_cmpuint (record.added, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  g_assert_cmpstr (cw_staff_member_get_display_name (model_item (model, 1)), ==, "ben Brown");

  /* An update shows the new name at its new place. */
  g_assert_true (cw_staff_repository_update (fixture->repository, cw_staff_member_get_id (amy),
                                             "Zara Adams", NULL, CW_ROLE_PRACTITIONER, 0,
                                             &error));
  g_assert_no_error (error);
  g_assert_cmpuint (record.n_signals, ==, 2);
  g_assert_cmpstr (cw_staff_member_get_display_name (model_item (model, 0)), ==, "ben Brown");
  g_assert_cmpstr (cw_staff_member_get_display_name (model_item (model, 1)), ==, "Zara Adams");
  g_assert_cmpstr (cw_staff_member_get_display_name (model_item (model, 2)), ==, "zed Zephyr");

  /* Deactivated accounts stay in the list, marked inactive. */
  g_assert_true (cw_staff_repository_set_active (fixture->repository,
                                                 cw_staff_member_get_id (zed), FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (record.n_signals, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  g_assert_false (cw_staff_member_get_active (model_item (model, 2)));

  /* A refused change says nothing. */
  g_assert_false (cw_staff_repository_update (fixture->repository, cw_staff_member_get_id (ben),
                                              "", NULL, CW_ROLE_PRACTITIONER, 0, &error));
  g_assert_error (error, CW_STAFF_ERROR, CW_STAFF_ERROR_INVALID);
  g_assert_cmpuint (record.n_signals, ==, 3);

  g_signal_handlers_disconnect_by_func (model, items_changed_cb, &record);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/staff/insert-and-lookup", test_insert_and_lookup);
  g_test_add_func ("/staff/normalise-username", test_normalise_username);
  ADD ("/staff/error/invalid", test_invalid_fields);
  ADD ("/staff/error/username-taken", test_username_taken);
  ADD ("/staff/error/not-found", test_not_found);
  ADD ("/staff/error/manager-loop", test_manager_loop);
  ADD ("/staff/error/last-administrator", test_last_administrator);
  ADD ("/staff/update-and-deactivate", test_update_and_deactivate);
  ADD ("/staff/list-model", test_list_model);

#undef ADD

  return g_test_run ();
}
