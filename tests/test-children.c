/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "cw-audit.h"
#include "cw-child-repository-private.h"
#include "cw-child-repository.h"
#include "cw-child.h"
#include "cw-database-private.h"
#include "cw-key.h"
#include "cw-session.h"
#include "cw-test-util.h"
#include "cw-vault.h"

/*
 * Children's records and the need-to-know rule, against real SQLCipher
 * files. One template database is made once (Argon2 is slow on purpose)
 * and copied for each test. Its staff:
 *
 *   admin  administrator only
 *   pat    practitioner, no line manager
 *   mona   line manager
 *   bea    practitioner, line-managed by mona
 *   dee    DSL
 *   ivy    practitioner, deactivated
 *
 * Each person signs in once on the template with their password; the
 * tests then sign in with the unlock key that gave (no Argon2). Only one
 * connection may be open at a time, so each test signs one person out
 * before the next signs in.
 */

#define ORGANISATION    "Riverside Family Centre"
#define ADMIN_PASSWORD  "Harbour-Lantern-Violet-2718"
#define STAFF_PASSWORD  "Copper-Meadow-Tuesday-5521"

/* A name that must never reach the audit log. */
#define DISTINCTIVE_GIVEN   "Xanthippe"
#define DISTINCTIVE_FAMILY  "Quillfeather"

static const char *const file_suffixes[] = { "", "-wal", "-shm", ".keys" };
static const char *const staff_names[] = { "admin", "pat", "mona", "bea", "dee", "ivy" };

static char *template_dir;
static GHashTable *unlock_keys;     /* username → CwKey */
static GHashTable *staff_ids;       /* username → gint64 * */

typedef struct
{
  char *dir;
  char *db_path;
} Fixture;

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

static gint64
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

static void
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

static void
ensure_template (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwStaffMember) mona = NULL;
  g_autoptr(CwStaffMember) ivy = NULL;
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

  g_object_unref (add_staff (session, "pat", "Pat Practitioner", CW_ROLE_PRACTITIONER, 0));
  mona = add_staff (session, "mona", "Mona Manager", CW_ROLE_LINE_MANAGER, 0);
  g_object_unref (add_staff (session, "bea", "Bea Practitioner", CW_ROLE_PRACTITIONER,
                             cw_staff_member_get_id (mona)));
  g_object_unref (add_staff (session, "dee", "Dee Lead", CW_ROLE_DSL, 0));
  ivy = add_staff (session, "ivy", "Ivy Gone", CW_ROLE_PRACTITIONER, 0);
  remember (session, "admin");
  {
    gint64 *id = g_new (gint64, 1);

    *id = cw_staff_member_get_id (ivy);
    g_hash_table_insert (staff_ids, g_strdup ("ivy"), id);
  }
  g_assert_true (cw_session_deactivate_staff (session, ADMIN_PASSWORD,
                                              cw_staff_member_get_id (ivy), &error));
  g_assert_no_error (error);
  end_session (session);

  for (guint i = 1; i < G_N_ELEMENTS (staff_names); i++)
    {
      if (g_str_equal (staff_names[i], "ivy"))
        continue;

      session = cw_session_sign_in_with_password (db_path, staff_names[i], STAFF_PASSWORD,
                                                  &error);
      g_assert_no_error (error);
      g_assert_nonnull (session);
      remember (session, staff_names[i]);
      end_session (session);
    }
}

static void
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

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  cw_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->db_path);
}

static CwSession *
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

static CwChild *
make_child (const char *reference,
            const char *given,
            const char *family,
            gint64      worker_id)
{
  CwChild *child = cw_child_new ();

  cw_child_set_case_reference (child, reference);
  cw_child_set_given_names (child, given);
  cw_child_set_family_name (child, family);
  cw_child_set_allocated_worker_id (child, worker_id);

  return child;
}

/* Creates a child as the signed-in person and returns its id. */
static gint64
create_child (CwSession  *session,
              const char *reference,
              const char *given,
              const char *family,
              gint64      worker_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwChildRepository) repository = cw_child_repository_new (session);
  g_autoptr(CwChild) child = make_child (reference, given, family, worker_id);
  g_autoptr(CwChild) stored = NULL;

  stored = cw_child_repository_create (repository, child, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
  g_assert_cmpint (cw_child_get_id (stored), >, 0);

  return cw_child_get_id (stored);
}

/* "REF1,REF2" from a list of children, in the list's order. */
static char *
list_references (GListModel *model)
{
  g_autoptr(GString) text = g_string_new ("");
  guint n = g_list_model_get_n_items (model);

  g_assert_true (g_list_model_get_item_type (model) == CW_TYPE_CHILD);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CwChild) child = g_list_model_get_item (model, i);

      g_assert_nonnull (child);
      if (i > 0)
        g_string_append_c (text, ',');
      g_string_append (text, cw_child_get_case_reference (child));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
search_references (CwChildRepository *repository,
                   const char        *search)
{
  g_autoptr(GListModel) model = cw_child_repository_list (repository, search);

  return list_references (model);
}

static gint64
count_rows (CwSession  *session,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = cw_database_prepare (cw_session_get_database (session), sql, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return sqlite3_column_int64 (stmt, 0);
}

typedef struct
{
  char *actor;
  char *action;
  char *object_type;
  char *object_id;
  char *detail;
} AuditRow;

static void
audit_row_free (AuditRow *row)
{
  g_free (row->actor);
  g_free (row->action);
  g_free (row->object_type);
  g_free (row->object_id);
  g_free (row->detail);
  g_free (row);
}

/* Every audit row, oldest first, straight from the table. */
static GPtrArray *
audit_rows (CwSession *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) audit_row_free);

  stmt = cw_database_prepare (cw_session_get_database (session),
                              "SELECT actor_username, action, object_type, object_id, detail "
                              "FROM audit ORDER BY seq",
                              &error);
  g_assert_no_error (error);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      AuditRow *row = g_new0 (AuditRow, 1);

      row->actor = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      row->action = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      row->object_type = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      row->object_id = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      row->detail = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      g_ptr_array_add (rows, row);
    }

  return rows;
}

static AuditRow *
last_row (GPtrArray *rows)
{
  g_assert_cmpuint (rows->len, >, 0);
  return rows->pdata[rows->len - 1];
}

static guint
count_audit (CwSession  *session,
             const char *action,
             gint64      child_id)
{
  g_autoptr(GPtrArray) rows = audit_rows (session);
  g_autofree char *object_id = g_strdup_printf ("%" G_GINT64_FORMAT, child_id);
  guint n = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      AuditRow *row = rows->pdata[i];

      if (g_str_equal (row->action, action) && g_str_equal (row->object_type, "child") &&
          g_str_equal (row->object_id, object_id))
        n++;
    }

  return n;
}

static void
assert_audit_intact (CwSession *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwAuditVerification) verification =
    cw_audit_verify (cw_session_get_database (session), &error);

  g_assert_no_error (error);
  g_assert_nonnull (verification);
  g_assert_cmpint (verification->first_broken_seq, ==, 0);
}

static void
set_dob (CwChild         *child,
         int              day,
         int              month,
         int              year,
         CwDatePrecision  precision)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  cw_child_set_date_of_birth (child, &date);
  cw_child_set_dob_precision (child, precision);
}

static int
age_on (CwChild *child,
        int      day,
        int      month,
        int      year,
        gboolean *approximate)
{
  GDate on;

  g_date_clear (&on, 1);
  g_date_set_dmy (&on, (GDateDay) day, (GDateMonth) month, (GDateYear) year);

  return cw_child_get_age_on (child, &on, approximate);
}

/* Tests: CwChild ---------------------------------------------------------- */

static void
test_age (void)
{
  g_autoptr(CwChild) child = cw_child_new ();
  gboolean approximate = TRUE;

  /* Unknown by default. */
  g_assert_cmpint (cw_child_get_dob_precision (child), ==, CW_DATE_UNKNOWN);
  g_assert_cmpint (age_on (child, 1, 1, 2020, &approximate), ==, -1);
  g_assert_false (approximate);

  set_dob (child, 15, 6, 2010, CW_DATE_EXACT);
  g_assert_cmpint (age_on (child, 14, 6, 2020, &approximate), ==, 9);    /* day before */
  g_assert_false (approximate);
  g_assert_cmpint (age_on (child, 15, 6, 2020, NULL), ==, 10);           /* birthday */
  g_assert_cmpint (age_on (child, 16, 6, 2020, NULL), ==, 10);
  g_assert_cmpint (age_on (child, 31, 5, 2021, NULL), ==, 10);           /* month before */
  g_assert_cmpint (age_on (child, 1, 7, 2020, NULL), ==, 10);
  g_assert_cmpint (age_on (child, 15, 6, 2010, NULL), ==, 0);            /* born that day */
  g_assert_cmpint (age_on (child, 14, 6, 2010, NULL), ==, -1);           /* not yet born */

  /* 29 February: in other years the birthday counts on 1 March. */
  set_dob (child, 29, 2, 2008, CW_DATE_EXACT);
  g_assert_cmpint (age_on (child, 28, 2, 2009, NULL), ==, 0);
  g_assert_cmpint (age_on (child, 1, 3, 2009, NULL), ==, 1);
  g_assert_cmpint (age_on (child, 28, 2, 2012, NULL), ==, 3);
  g_assert_cmpint (age_on (child, 29, 2, 2012, NULL), ==, 4);
  g_assert_cmpint (age_on (child, 28, 2, 2026, NULL), ==, 17);
  g_assert_cmpint (age_on (child, 1, 3, 2026, NULL), ==, 18);

  /* Approximate: same arithmetic, flagged. */
  set_dob (child, 1, 1, 2015, CW_DATE_APPROXIMATE);
  g_assert_cmpint (age_on (child, 1, 1, 2020, &approximate), ==, 5);
  g_assert_true (approximate);

  /* Unknown again: the date goes with it. */
  cw_child_set_dob_precision (child, CW_DATE_UNKNOWN);
  g_assert_false (g_date_valid (cw_child_get_date_of_birth (child)));
  g_assert_cmpint (age_on (child, 1, 1, 2020, &approximate), ==, -1);
  g_assert_false (approximate);

  /* A date given to an unknown precision makes it exact. */
  set_dob (child, 3, 3, 2003, CW_DATE_UNKNOWN);
  g_assert_cmpint (age_on (child, 1, 1, 2020, NULL), ==, -1);
  {
    GDate date;

    g_date_clear (&date, 1);
    g_date_set_dmy (&date, 3, 3, 2003);
    cw_child_set_date_of_birth (child, &date);
  }
  g_assert_cmpint (cw_child_get_dob_precision (child), ==, CW_DATE_EXACT);
  g_assert_cmpint (age_on (child, 2, 3, 2020, NULL), ==, 16);
}

static void
test_value_object (void)
{
  g_autoptr(CwChild) child = make_child ("R1", "Amelia Rose", "Okafor", 7);
  g_autoptr(CwChild) copy = NULL;
  g_autofree char *name = NULL;
  g_autofree char *preferred = NULL;
  const char * const *statuses = cw_legal_status_all ();

  name = cw_child_dup_display_name (child);
  g_assert_cmpstr (name, ==, "Amelia Rose Okafor");
  cw_child_set_preferred_name (child, "Millie");
  preferred = cw_child_dup_display_name (child);
  g_assert_cmpstr (preferred, ==, "Millie (Amelia Rose) Okafor");

  g_assert_cmpstr (cw_child_get_legal_status (child), ==, CW_LEGAL_STATUS_NONE);
  g_assert_cmpstr (cw_child_get_gender (child), ==, "");

  cw_child_add_adult (child, cw_child_adult_new ("Grace Okafor", "Mother", TRUE, "07700 900123"));
  copy = cw_child_copy (child);
  cw_child_clear_adults (child);
  g_assert_cmpuint (cw_child_get_adults (child)->len, ==, 0);
  g_assert_cmpuint (cw_child_get_adults (copy)->len, ==, 1);
  g_assert_cmpstr (((CwChildAdult *) cw_child_get_adults (copy)->pdata[0])->name, ==,
                   "Grace Okafor");
  g_assert_cmpint (cw_child_get_allocated_worker_id (copy), ==, 7);
  g_assert_cmpstr (cw_child_get_preferred_name (copy), ==, "Millie");

  g_assert_cmpuint (g_strv_length ((char **) statuses), ==, 6);
  for (guint i = 0; statuses[i] != NULL; i++)
    {
      g_assert_cmpstr (cw_legal_status_get_title (statuses[i]), !=, "");
      g_assert_cmpstr (cw_legal_status_get_title (statuses[i]), !=, statuses[i]);
    }
  g_assert_cmpstr (cw_legal_status_get_title (CW_LEGAL_STATUS_LOOKED_AFTER), ==, "Looked after");

  {
    g_autoptr(CwChildAdult) adult = cw_child_adult_new ("A", NULL, FALSE, NULL);
    g_autoptr(CwChildAdult) boxed = g_boxed_copy (CW_TYPE_CHILD_ADULT, adult);

    g_assert_cmpstr (boxed->name, ==, "A");
    g_assert_cmpstr (boxed->relationship, ==, "");
    g_assert_cmpstr (boxed->contact_details, ==, "");
  }
}

/* Tests: repository ------------------------------------------------------- */

static void
test_create_read (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = sign_in (fixture, "pat");
  g_autoptr(CwChildRepository) repository = cw_child_repository_new (session);
  g_autoptr(CwChild) child = make_child ("  CR-2024-0001  ", " Amelia Rose ", "Okafor", 0);
  g_autoptr(CwChild) stored = NULL;
  g_autoptr(CwChild) opened = NULL;
  const GDate *born;
  GPtrArray *adults;
  CwChildAdult *adult;

  cw_child_set_preferred_name (child, "Millie");
  set_dob (child, 29, 2, 2012, CW_DATE_APPROXIMATE);
  cw_child_set_gender (child, "Female");
  cw_child_set_ethnicity (child, "Black British – African");
  cw_child_set_first_language (child, "Yorùbá");
  cw_child_set_religion (child, "Christian");
  cw_child_set_disability (child, "Asthma");
  cw_child_set_legal_status (child, CW_LEGAL_STATUS_CHILD_PROTECTION_PLAN);
  cw_child_add_adult (child, cw_child_adult_new ("Grace Okafor", "Mother", TRUE,
                                                 "12 Elm Road\nBrighton\n07700 900123"));
  cw_child_add_adult (child, cw_child_adult_new ("Tunde Okafor", "Father", FALSE, ""));

  stored = cw_child_repository_create (repository, child, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
  g_assert_cmpint (cw_child_get_id (stored), >, 0);

  opened = cw_child_repository_open (repository, cw_child_get_id (stored), &error);
  g_assert_no_error (error);
  g_assert_nonnull (opened);

  g_assert_cmpint (cw_child_get_id (opened), ==, cw_child_get_id (stored));
  g_assert_cmpstr (cw_child_get_case_reference (opened), ==, "CR-2024-0001");
  g_assert_cmpstr (cw_child_get_given_names (opened), ==, "Amelia Rose");
  g_assert_cmpstr (cw_child_get_family_name (opened), ==, "Okafor");
  g_assert_cmpstr (cw_child_get_preferred_name (opened), ==, "Millie");
  g_assert_cmpint (cw_child_get_dob_precision (opened), ==, CW_DATE_APPROXIMATE);
  born = cw_child_get_date_of_birth (opened);
  g_assert_true (g_date_valid (born));
  g_assert_cmpint (g_date_get_day (born), ==, 29);
  g_assert_cmpint (g_date_get_month (born), ==, 2);
  g_assert_cmpint (g_date_get_year (born), ==, 2012);
  g_assert_cmpstr (cw_child_get_gender (opened), ==, "Female");
  g_assert_cmpstr (cw_child_get_ethnicity (opened), ==, "Black British – African");
  g_assert_cmpstr (cw_child_get_first_language (opened), ==, "Yorùbá");
  g_assert_cmpstr (cw_child_get_religion (opened), ==, "Christian");
  g_assert_cmpstr (cw_child_get_disability (opened), ==, "Asthma");
  g_assert_cmpstr (cw_child_get_legal_status (opened), ==, CW_LEGAL_STATUS_CHILD_PROTECTION_PLAN);
  /* 0 means the creator. */
  g_assert_cmpint (cw_child_get_allocated_worker_id (opened), ==, id_of ("pat"));

  adults = cw_child_get_adults (opened);
  g_assert_cmpuint (adults->len, ==, 2);
  adult = adults->pdata[0];
  g_assert_cmpint (adult->id, >, 0);
  g_assert_cmpstr (adult->name, ==, "Grace Okafor");
  g_assert_cmpstr (adult->relationship, ==, "Mother");
  g_assert_true (adult->parental_responsibility);
  g_assert_cmpstr (adult->contact_details, ==, "12 Elm Road\nBrighton\n07700 900123");
  adult = adults->pdata[1];
  g_assert_cmpstr (adult->name, ==, "Tunde Okafor");
  g_assert_cmpstr (adult->relationship, ==, "Father");
  g_assert_false (adult->parental_responsibility);
  g_assert_cmpstr (adult->contact_details, ==, "");

  /* Stored as 'YYYY-MM-DD' text, and the creator and times are recorded. */
  g_assert_cmpint (count_rows (session, "SELECT count(*) FROM children WHERE "
                                        "date_of_birth = '2012-02-29' AND "
                                        "dob_precision = 'approximate' AND created_by > 0 "
                                        "AND created_at > 0 AND updated_at = created_at"),
                   ==, 1);

  /* Unknown date of birth. */
  {
    g_autoptr(CwChild) unknown = make_child ("CR-2024-0002", "Noah", "Price", 0);
    g_autoptr(CwChild) back = NULL;

    cw_child_set_dob_precision (unknown, CW_DATE_UNKNOWN);
    g_clear_object (&stored);
    stored = cw_child_repository_create (repository, unknown, &error);
    g_assert_no_error (error);
    back = cw_child_repository_lookup (repository, cw_child_get_id (stored), &error);
    g_assert_no_error (error);
    g_assert_cmpint (cw_child_get_dob_precision (back), ==, CW_DATE_UNKNOWN);
    g_assert_false (g_date_valid (cw_child_get_date_of_birth (back)));
    g_assert_cmpuint (cw_child_get_adults (back)->len, ==, 0);
    g_assert_cmpint (count_rows (session, "SELECT count(*) FROM children WHERE "
                                          "date_of_birth IS NULL AND dob_precision = 'unknown'"),
                     ==, 1);
  }

  /* A child that does not exist is refused like one that cannot be seen. */
  g_assert_null (cw_child_repository_open (repository, 999999, &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);

  end_session (g_steal_pointer (&session));
}

static void
test_update (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = sign_in (fixture, "pat");
  g_autoptr(CwChildRepository) repository = cw_child_repository_new (session);
  g_autoptr(CwChild) child = make_child ("UP-1", DISTINCTIVE_GIVEN, DISTINCTIVE_FAMILY, 0);
  g_autoptr(CwChild) stored = NULL;
  g_autoptr(CwChild) back = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  AuditRow *row;
  guint n_rows;

  cw_child_add_adult (child, cw_child_adult_new ("First Adult", "Aunt", FALSE, ""));
  cw_child_add_adult (child, cw_child_adult_new ("Second Adult", "Uncle", FALSE, ""));
  cw_child_add_adult (child, cw_child_adult_new ("Third Adult", "Cousin", FALSE, ""));
  stored = cw_child_repository_create (repository, child, &error);
  g_assert_no_error (error);

  cw_child_set_given_names (stored, "Xanthe");
  set_dob (stored, 2, 4, 2016, CW_DATE_EXACT);
  cw_child_set_legal_status (stored, CW_LEGAL_STATUS_LOOKED_AFTER);
  cw_child_clear_adults (stored);
  cw_child_add_adult (stored, cw_child_adult_new ("Foster Carer", "Foster carer", TRUE,
                                                  "Via the fostering team"));
  g_assert_true (cw_child_repository_update (repository, stored, &error));
  g_assert_no_error (error);

  back = cw_child_repository_lookup (repository, cw_child_get_id (stored), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cw_child_get_given_names (back), ==, "Xanthe");
  g_assert_cmpstr (cw_child_get_family_name (back), ==, DISTINCTIVE_FAMILY);
  g_assert_cmpint (g_date_get_year (cw_child_get_date_of_birth (back)), ==, 2016);
  g_assert_cmpstr (cw_child_get_legal_status (back), ==, CW_LEGAL_STATUS_LOOKED_AFTER);
  g_assert_cmpuint (cw_child_get_adults (back)->len, ==, 1);
  g_assert_cmpstr (((CwChildAdult *) cw_child_get_adults (back)->pdata[0])->name, ==,
                   "Foster Carer");
  /* The old adults are gone from the table, not only from the record. */
  g_assert_cmpint (count_rows (session, "SELECT count(*) FROM child_adults"), ==, 1);

  /* The audit names the fields, never their values. */
  rows = audit_rows (session);
  row = last_row (rows);
  g_assert_cmpstr (row->action, ==, "child-change");
  g_assert_cmpstr (row->object_type, ==, "child");
  g_assert_cmpstr (row->actor, ==, "pat");
  g_assert_cmpint (g_ascii_strtoll (row->object_id, NULL, 10), ==, cw_child_get_id (stored));
  g_assert_nonnull (strstr (row->detail, "given names"));
  g_assert_nonnull (strstr (row->detail, "date of birth"));
  g_assert_nonnull (strstr (row->detail, "legal status"));
  g_assert_nonnull (strstr (row->detail, "adults"));
  g_assert_null (strstr (row->detail, "family name"));
  g_assert_null (strstr (row->detail, "Xanth"));
  g_assert_null (strstr (row->detail, "looked"));
  g_assert_null (strstr (row->detail, "Foster"));
  g_assert_null (strstr (row->detail, "2016"));
  n_rows = rows->len;
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Nothing changed: nothing written. */
  g_assert_true (cw_child_repository_update (repository, back, &error));
  g_assert_no_error (error);
  rows = audit_rows (session);
  g_assert_cmpuint (rows->len, ==, n_rows);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* A failed update changes nothing, adults included (one transaction). */
  {
    g_autoptr(CwChild) other = make_child ("UP-2", "Other", "Child", 0);
    g_autoptr(CwChild) other_stored = cw_child_repository_create (repository, other, &error);
    g_autoptr(CwChild) again = NULL;

    g_assert_no_error (error);
    cw_child_set_case_reference (back, "up-2");
    cw_child_clear_adults (back);
    g_assert_false (cw_child_repository_update (repository, back, &error));
    g_assert_error (error, CW_CHILD_ERROR, CW_CHILD_ERROR_DUPLICATE_REFERENCE);
    g_clear_error (&error);

    again = cw_child_repository_lookup (repository, cw_child_get_id (back), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (cw_child_get_case_reference (again), ==, "UP-1");
    g_assert_cmpuint (cw_child_get_adults (again)->len, ==, 1);
  }

  /* Someone who cannot see the child cannot change it. */
  end_session (g_steal_pointer (&session));
  session = sign_in (fixture, "bea");
  g_clear_object (&repository);
  repository = cw_child_repository_new (session);
  cw_child_set_case_reference (back, "UP-1");
  cw_child_set_religion (back, "Changed by someone else");
  g_assert_false (cw_child_repository_update (repository, back, &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (session, "SELECT count(*) FROM children WHERE religion <> ''"),
                   ==, 0);

  end_session (g_steal_pointer (&session));
}

/* Asserts that creating @child fails with @code and that the message
 * contains @word (the field), and that nothing was stored. */
static void
assert_invalid (CwChildRepository *repository,
                CwSession         *session,
                CwChild           *child,
                GQuark             domain,
                int                code,
                const char        *word)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwChild) stored = NULL;
  gint64 before = count_rows (session, "SELECT count(*) FROM children");

  stored = cw_child_repository_create (repository, child, &error);
  g_assert_null (stored);
  g_assert_error (error, domain, code);
  if (word != NULL && strstr (error->message, word) == NULL)
    g_error ("“%s” does not name “%s”", error->message, word);
  g_assert_cmpint (count_rows (session, "SELECT count(*) FROM children"), ==, before);
}

static void
test_validation (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = sign_in (fixture, "pat");
  g_autoptr(CwChildRepository) repository = cw_child_repository_new (session);
  g_autoptr(CwChild) valid = make_child ("VAL-1", "Valid", "Child", 0);
  g_autoptr(CwChild) stored = NULL;
  g_autofree char *long_reference = g_strnfill (41, 'R');
  g_autofree char *long_name = g_strnfill (101, 'n');
  g_autofree char *long_other = g_strnfill (201, 'o');
  g_autofree char *long_contact = g_strnfill (1001, 'c');
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 40);
  struct
  {
    void        (*set) (CwChild *, const char *);
    const char  *value;
    const char  *word;
  } text_cases[] = {
    { cw_child_set_case_reference, "", "case reference" },
    { cw_child_set_case_reference, "   ", "case reference" },
    { cw_child_set_case_reference, long_reference, "case reference" },
    { cw_child_set_case_reference, "CR\t1", "case reference" },
    { cw_child_set_case_reference, "CR\n1", "case reference" },
    { cw_child_set_given_names, "", "given names" },
    { cw_child_set_given_names, long_name, "given names" },
    { cw_child_set_given_names, "Zo\xff", "given names" },
    { cw_child_set_family_name, " ", "family name" },
    { cw_child_set_family_name, long_name, "family name" },
    { cw_child_set_family_name, "Smith\x01", "family name" },
    { cw_child_set_preferred_name, long_other, "preferred name" },
    { cw_child_set_gender, "a\nb", "gender" },
    { cw_child_set_ethnicity, long_other, "ethnicity" },
    { cw_child_set_first_language, "\xc3\x28", "first language" },
    { cw_child_set_religion, long_other, "religion" },
    { cw_child_set_disability, "x\x7f", "disability" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (text_cases); i++)
    {
      g_autoptr(CwChild) child = cw_child_copy (valid);

      text_cases[i].set (child, text_cases[i].value);
      assert_invalid (repository, session, child, CW_CHILD_ERROR, CW_CHILD_ERROR_INVALID,
                      text_cases[i].word);
    }

  /* Limits are in characters, not bytes: 100 two-byte letters are fine. */
  {
    g_autoptr(GString) hundred = g_string_new ("");
    g_autoptr(CwChild) child = make_child ("VAL-UTF8", "x", "y", 0);
    g_autoptr(CwChild) ok = NULL;

    for (guint i = 0; i < 100; i++)
      g_string_append (hundred, "ë");
    cw_child_set_family_name (child, hundred->str);
    ok = cw_child_repository_create (repository, child, &error);
    g_assert_no_error (error);
    g_assert_nonnull (ok);
  }

  /* Legal status. */
  {
    g_autoptr(CwChild) child = cw_child_copy (valid);

    cw_child_set_legal_status (child, "prison");
    assert_invalid (repository, session, child, CW_CHILD_ERROR, CW_CHILD_ERROR_INVALID,
                    "legal status");
  }

  /* Dates of birth. */
  {
    g_autoptr(CwChild) child = cw_child_copy (valid);

    set_dob (child, g_date_time_get_day_of_month (later), g_date_time_get_month (later),
             g_date_time_get_year (later), CW_DATE_EXACT);
    assert_invalid (repository, session, child, CW_CHILD_ERROR, CW_CHILD_ERROR_INVALID,
                    "future");
    cw_child_set_dob_precision (child, CW_DATE_APPROXIMATE);
    set_dob (child, g_date_time_get_day_of_month (later), g_date_time_get_month (later),
             g_date_time_get_year (later), CW_DATE_APPROXIMATE);
    assert_invalid (repository, session, child, CW_CHILD_ERROR, CW_CHILD_ERROR_INVALID,
                    "future");

    set_dob (child, 31, 12, 1899, CW_DATE_EXACT);
    assert_invalid (repository, session, child, CW_CHILD_ERROR, CW_CHILD_ERROR_INVALID,
                    "1900");
  }
  {
    /* An impossible date handed in through the API: 31 February. */
    g_autoptr(CwChild) child = cw_child_copy (valid);
    GDate impossible;

    g_date_clear (&impossible, 1);
    impossible.day = 31;
    impossible.month = 2;
    impossible.year = 2015;
    impossible.dmy = 1;
    g_assert_true (g_date_valid (&impossible));     /* set, but not a real day */
    g_assert_false (g_date_valid_dmy (31, 2, 2015));
    cw_child_set_dob_precision (child, CW_DATE_EXACT);
    cw_child_set_date_of_birth (child, &impossible);
    assert_invalid (repository, session, child, CW_CHILD_ERROR, CW_CHILD_ERROR_INVALID,
                    "date of birth");

    /* Approximate with no date at all. */
    cw_child_set_date_of_birth (child, NULL);
    cw_child_set_dob_precision (child, CW_DATE_APPROXIMATE);
    assert_invalid (repository, session, child, CW_CHILD_ERROR, CW_CHILD_ERROR_INVALID,
                    "date of birth");

    /* A precision that does not exist. */
    cw_child_set_dob_precision (child, (CwDatePrecision) 42);
    assert_invalid (repository, session, child, CW_CHILD_ERROR, CW_CHILD_ERROR_INVALID,
                    "date of birth");
  }
  {
    /* The earliest allowed day, and today, are fine. */
    g_autoptr(CwChild) child = make_child ("VAL-1900", "Old", "Record", 0);
    g_autoptr(CwChild) today = make_child ("VAL-TODAY", "New", "Born", 0);
    g_autoptr(CwChild) a = NULL;
    g_autoptr(CwChild) b = NULL;

    set_dob (child, 1, 1, 1900, CW_DATE_EXACT);
    a = cw_child_repository_create (repository, child, &error);
    g_assert_no_error (error);
    set_dob (today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
             g_date_time_get_year (now), CW_DATE_EXACT);
    b = cw_child_repository_create (repository, today, &error);
    g_assert_no_error (error);
  }

  /* Adults. */
  {
    struct
    {
      const char *name;
      const char *relationship;
      const char *contact;
      const char *word;
    } adult_cases[] = {
      { "", "Mother", "", "name" },
      { "  ", "Mother", "", "name" },
      { long_other, "Mother", "", "name" },
      { "Ann\tB", "Mother", "", "name" },
      { "Ann", long_name, "", "relationship" },
      { "Ann", "Mo\xfether", "", "relationship" },
      { "Ann", "Mother", long_contact, "contact details" },
      { "Ann", "Mother", "phone\t0123", "contact details" },
      { "Ann", "Mother", "\xed\xa0\x80", "contact details" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (adult_cases); i++)
      {
        g_autoptr(CwChild) child = cw_child_copy (valid);

        cw_child_add_adult (child, cw_child_adult_new ("Fine Adult", "Father", TRUE, ""));
        cw_child_add_adult (child, cw_child_adult_new (adult_cases[i].name,
                                                       adult_cases[i].relationship, FALSE,
                                                       adult_cases[i].contact));
        assert_invalid (repository, session, child, CW_CHILD_ERROR, CW_CHILD_ERROR_INVALID,
                        adult_cases[i].word);
      }
    g_assert_cmpint (count_rows (session, "SELECT count(*) FROM child_adults"), ==, 0);
  }

  /* Duplicate references, whatever the case. */
  stored = cw_child_repository_create (repository, valid, &error);
  g_assert_no_error (error);
  {
    g_autoptr(CwChild) twin = make_child ("val-1", "Another", "Child", 0);
    g_autoptr(CwChild) spaced = make_child (" VAL-1 ", "Another", "Child", 0);
    g_autoptr(CwChild) accented = make_child ("ÅB-7", "Åse", "Berg", 0);
    g_autoptr(CwChild) accented_twin = make_child ("åb-7", "Åse", "Berg", 0);
    g_autoptr(CwChild) ok = NULL;

    assert_invalid (repository, session, twin, CW_CHILD_ERROR,
                    CW_CHILD_ERROR_DUPLICATE_REFERENCE, "val-1");
    assert_invalid (repository, session, spaced, CW_CHILD_ERROR,
                    CW_CHILD_ERROR_DUPLICATE_REFERENCE, NULL);
    ok = cw_child_repository_create (repository, accented, &error);
    g_assert_no_error (error);
    assert_invalid (repository, session, accented_twin, CW_CHILD_ERROR,
                    CW_CHILD_ERROR_DUPLICATE_REFERENCE, NULL);
  }

  /* Allocation: a practitioner allocates only to themselves, and only to
   * an active member of staff who records case notes. */
  {
    g_autoptr(CwChild) to_bea = make_child ("VAL-ALLOC", "A", "B", id_of ("bea"));
    g_autoptr(CwChild) to_admin = make_child ("VAL-ALLOC", "A", "B", id_of ("admin"));
    g_autoptr(CwChild) to_ivy = make_child ("VAL-ALLOC", "A", "B", id_of ("ivy"));
    g_autoptr(CwChild) to_nobody = make_child ("VAL-ALLOC", "A", "B", 424242);

    assert_invalid (repository, session, to_bea, CW_SESSION_ERROR,
                    CW_SESSION_ERROR_NOT_PERMITTED, NULL);
    assert_invalid (repository, session, to_admin, CW_CHILD_ERROR, CW_CHILD_ERROR_INVALID,
                    "allocated worker");
    assert_invalid (repository, session, to_ivy, CW_CHILD_ERROR, CW_CHILD_ERROR_INVALID,
                    "allocated worker");
    assert_invalid (repository, session, to_nobody, CW_CHILD_ERROR, CW_CHILD_ERROR_INVALID,
                    "allocated worker");
  }

  /* Nothing of the refused children reached the audit log either. */
  g_assert_cmpint (count_rows (session, "SELECT count(*) FROM audit WHERE action = 'create'"),
                   ==, count_rows (session, "SELECT count(*) FROM children"));

  end_session (g_steal_pointer (&session));
}

typedef struct
{
  const char *reference;
  gint64      id;
} KnownChild;

/* may_view, lookup, open, the private helper, the SQL macro through list
 * and list_recent: all must agree with @visible ("P,D"). */
static void
assert_sees (Fixture    *fixture,
             const char *username,
             KnownChild *children,
             guint       n_children,
             const char *visible)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = sign_in (fixture, username);
  g_autoptr(CwChildRepository) repository = cw_child_repository_new (session);
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GListModel) recent = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *recent_refs = NULL;
  g_autoptr(GString) expected_recent = g_string_new ("");
  g_auto(GStrv) expected = g_strsplit (visible, ",", -1);

  if (visible[0] == '\0')
    g_clear_pointer (&expected, g_strfreev);

  list = cw_child_repository_list (repository, NULL);
  listed = list_references (list);
  g_assert_cmpstr (listed, ==, visible);

  for (guint i = 0; i < n_children; i++)
    {
      gboolean should = expected != NULL &&
                        g_strv_contains ((const char * const *) expected,
                                         children[i].reference);
      g_autoptr(CwChild) looked_up = NULL;
      g_autoptr(CwChild) opened = NULL;
      g_autoptr(GError) lookup_error = NULL;
      guint views = count_audit (session, "view", children[i].id);
      guint refusals = count_audit (session, "view-refused", children[i].id);

      if (cw_child_repository_may_view (repository, children[i].id) != should)
        g_error ("%s: may_view (%s) is not %d", username, children[i].reference, should);
      g_assert_true (cw_session_may_view_child (session, children[i].id) == should);

      looked_up = cw_child_repository_lookup (repository, children[i].id, &lookup_error);
      opened = cw_child_repository_open (repository, children[i].id, &error);
      if (should)
        {
          g_assert_no_error (lookup_error);
          g_assert_no_error (error);
          g_assert_nonnull (looked_up);
          g_assert_nonnull (opened);
          g_assert_cmpstr (cw_child_get_case_reference (opened), ==, children[i].reference);
          g_assert_cmpuint (count_audit (session, "view", children[i].id), ==, views + 1);
          g_assert_cmpuint (count_audit (session, "view-refused", children[i].id), ==, refusals);
          /* Opened in this order; list_recent is newest first. */
          if (expected_recent->len > 0)
            g_string_prepend_c (expected_recent, ',');
          g_string_prepend (expected_recent, children[i].reference);
        }
      else
        {
          g_assert_error (lookup_error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
          g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
          g_assert_null (looked_up);
          g_assert_null (opened);
          g_assert_cmpuint (count_audit (session, "view", children[i].id), ==, views);
          g_assert_cmpuint (count_audit (session, "view-refused", children[i].id), ==,
                            refusals + 1);
          g_clear_error (&error);
        }
    }

  recent = cw_child_repository_list_recent (repository, 50);
  recent_refs = list_references (recent);
  g_assert_cmpstr (recent_refs, ==, expected_recent->str);

  end_session (g_steal_pointer (&session));
}

static void
test_permissions (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  KnownChild children[] = {
    { "B-BEA", 0 }, { "D-DEE-FOR-PAT", 0 }, { "M-MONA", 0 }, { "P-PAT", 0 },
    { "T-MONA-FOR-BEA", 0 },
  };
  CwSession *session;

  /* Practitioners create their own. */
  session = sign_in (fixture, "pat");
  children[3].id = create_child (session, "P-PAT", "Pat's", "Aaron", 0);
  end_session (session);
  session = sign_in (fixture, "bea");
  children[0].id = create_child (session, "B-BEA", "Bea's", "Baker", 0);
  end_session (session);

  /* A line manager allocates to herself and her team, not to others. */
  session = sign_in (fixture, "mona");
  children[2].id = create_child (session, "M-MONA", "Mona's", "Cole", 0);
  children[4].id = create_child (session, "T-MONA-FOR-BEA", "Team", "Evans", id_of ("bea"));
  {
    g_autoptr(CwChildRepository) repository = cw_child_repository_new (session);
    g_autoptr(CwChild) child = make_child ("X-MONA-FOR-PAT", "Not", "Hers", id_of ("pat"));
    g_autoptr(CwChild) stored = cw_child_repository_create (repository, child, &error);

    g_assert_null (stored);
    g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
    g_clear_error (&error);
  }
  end_session (session);

  /* A DSL allocates to anyone. */
  session = sign_in (fixture, "dee");
  children[1].id = create_child (session, "D-DEE-FOR-PAT", "Dee's", "Davies", id_of ("pat"));
  end_session (session);

  /* An administrator creates none. */
  session = sign_in (fixture, "admin");
  {
    g_autoptr(CwChildRepository) repository = cw_child_repository_new (session);
    g_autoptr(CwChild) child = make_child ("A-ADMIN", "Admin's", "Child", 0);
    g_autoptr(CwChild) stored = cw_child_repository_create (repository, child, &error);

    g_assert_null (stored);
    g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
    g_clear_error (&error);
    g_assert_cmpint (count_rows (session, "SELECT count(*) FROM children"), ==, 5);
  }
  end_session (session);

  /* Listed by family name: Aaron, Baker, Cole, Davies, Evans. */
  assert_sees (fixture, "pat", children, G_N_ELEMENTS (children), "P-PAT,D-DEE-FOR-PAT");
  assert_sees (fixture, "bea", children, G_N_ELEMENTS (children), "B-BEA,T-MONA-FOR-BEA");
  assert_sees (fixture, "mona", children, G_N_ELEMENTS (children),
               "B-BEA,M-MONA,T-MONA-FOR-BEA");
  assert_sees (fixture, "dee", children, G_N_ELEMENTS (children),
               "P-PAT,B-BEA,M-MONA,D-DEE-FOR-PAT,T-MONA-FOR-BEA");
  assert_sees (fixture, "admin", children, G_N_ELEMENTS (children), "");

  /* The line manager may change her team's child; the administrator no child. */
  session = sign_in (fixture, "mona");
  {
    g_autoptr(CwChildRepository) repository = cw_child_repository_new (session);
    g_autoptr(CwChild) child = cw_child_repository_lookup (repository, children[0].id, &error);

    g_assert_no_error (error);
    cw_child_set_gender (child, "Male");
    g_assert_true (cw_child_repository_update (repository, child, &error));
    g_assert_no_error (error);
    /* … and reallocate within her team (to herself). */
    cw_child_set_allocated_worker_id (child, id_of ("mona"));
    g_assert_true (cw_child_repository_update (repository, child, &error));
    g_assert_no_error (error);
    cw_child_set_allocated_worker_id (child, id_of ("pat"));
    g_assert_false (cw_child_repository_update (repository, child, &error));
    g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
    g_clear_error (&error);
  }
  end_session (session);

  /* Now allocated to mona, B-BEA is no longer bea's to see. */
  assert_sees (fixture, "bea", children, G_N_ELEMENTS (children), "T-MONA-FOR-BEA");

  /* The SQL macro itself, as other repositories use it. */
  session = sign_in (fixture, "pat");
  {
    g_autoptr(sqlite3_stmt) stmt = NULL;

    stmt = cw_database_prepare (cw_session_get_database (session),
                                "SELECT group_concat (c.case_reference) FROM "
                                "(SELECT case_reference, id FROM children ORDER BY id) c "
                                "WHERE " CW_CHILD_VISIBLE_SQL ("c.id"),
                                &error);
    g_assert_no_error (error);
    cw_child_repository_bind_visibility (session, stmt);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "P-PAT,D-DEE-FOR-PAT");

    /* Left unbound, it sees nothing. */
    sqlite3_reset (stmt);
    sqlite3_clear_bindings (stmt);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_null (sqlite3_column_text (stmt, 0));
  }

  /* Locked: nothing is seen and nothing opens. */
  {
    g_autoptr(CwChildRepository) repository = cw_child_repository_new (session);
    g_autoptr(GListModel) list = NULL;

    cw_session_lock (session);
    g_assert_false (cw_child_repository_may_view (repository, children[3].id));
    g_assert_false (cw_session_may_view_child (session, children[3].id));
    g_assert_null (cw_child_repository_open (repository, children[3].id, &error));
    g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_LOCKED);
    g_clear_error (&error);
    list = cw_child_repository_list (repository, NULL);
    g_assert_cmpuint (g_list_model_get_n_items (list), ==, 0);
  }
  end_session (session);

  /* Allocation alone is not enough: someone who now holds only the
   * administrator role sees none of the children still allocated to them. */
  session = sign_in (fixture, "admin");
  g_assert_true (cw_session_update_staff (session, ADMIN_PASSWORD, id_of ("pat"),
                                          "Pat Practitioner", "Worker", CW_ROLE_ADMINISTRATOR,
                                          0, &error));
  g_assert_no_error (error);
  end_session (session);
  assert_sees (fixture, "pat", children, G_N_ELEMENTS (children), "");
}

static void
test_share (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) shares = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  KnownChild children[] = { { "S-PAT", 0 }, { "S-BEA", 0 } };
  CwChildRepository *repository;
  CwSession *session;
  AuditRow *row;

  session = sign_in (fixture, "bea");
  children[1].id = create_child (session, "S-BEA", "Shared", "Beta", 0);
  end_session (session);

  session = sign_in (fixture, "pat");
  children[0].id = create_child (session, "S-PAT", "Shared", "Alpha", 0);
  repository = cw_child_repository_new (session);

  /* Only with active staff who record case notes. */
  g_assert_false (cw_child_repository_share (repository, children[0].id, id_of ("admin"),
                                             &error));
  g_assert_error (error, CW_CHILD_ERROR, CW_CHILD_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (cw_child_repository_share (repository, children[0].id, id_of ("ivy"),
                                             &error));
  g_assert_error (error, CW_CHILD_ERROR, CW_CHILD_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (cw_child_repository_share (repository, children[0].id, 987654, &error));
  g_assert_error (error, CW_CHILD_ERROR, CW_CHILD_ERROR_INVALID);
  g_clear_error (&error);
  /* Not a child pat can see. */
  g_assert_false (cw_child_repository_share (repository, children[1].id, id_of ("pat"),
                                             &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
  g_clear_error (&error);

  g_assert_true (cw_child_repository_share (repository, children[0].id, id_of ("bea"),
                                            &error));
  g_assert_no_error (error);
  /* Again: no second row, no second audit. */
  g_assert_true (cw_child_repository_share (repository, children[0].id, id_of ("bea"),
                                            &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_audit (session, "child-share", children[0].id), ==, 1);
  rows = audit_rows (session);
  row = last_row (rows);
  g_assert_cmpstr (row->action, ==, "child-share");
  g_assert_cmpstr (row->actor, ==, "pat");
  g_assert_cmpstr (row->detail, ==, "bea");

  shares = cw_child_repository_list_shares (repository, children[0].id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (shares->len, ==, 1);
  g_assert_cmpstr (cw_staff_member_get_username (shares->pdata[0]), ==, "bea");
  g_clear_pointer (&shares, g_ptr_array_unref);
  g_assert_null (cw_child_repository_list_shares (repository, children[1].id, &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_clear_object (&repository);
  end_session (session);

  /* bea now sees pat's child, but may not share it onwards. */
  assert_sees (fixture, "bea", children, G_N_ELEMENTS (children), "S-PAT,S-BEA");
  session = sign_in (fixture, "bea");
  repository = cw_child_repository_new (session);
  g_assert_false (cw_child_repository_share (repository, children[0].id, id_of ("mona"),
                                             &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  /* Shared with bea does not make it her manager's. */
  g_clear_object (&repository);
  end_session (session);
  assert_sees (fixture, "mona", children, G_N_ELEMENTS (children), "S-BEA");

  /* bea's line manager may share bea's child; the DSL any child. */
  session = sign_in (fixture, "mona");
  repository = cw_child_repository_new (session);
  g_assert_true (cw_child_repository_share (repository, children[1].id, id_of ("pat"),
                                            &error));
  g_assert_no_error (error);
  g_clear_object (&repository);
  end_session (session);
  assert_sees (fixture, "pat", children, G_N_ELEMENTS (children), "S-PAT,S-BEA");

  session = sign_in (fixture, "dee");
  repository = cw_child_repository_new (session);
  g_assert_true (cw_child_repository_unshare (repository, children[1].id, id_of ("pat"),
                                              &error));
  g_assert_no_error (error);
  g_assert_true (cw_child_repository_share (repository, children[0].id, id_of ("mona"),
                                            &error));
  g_assert_no_error (error);
  shares = cw_child_repository_list_shares (repository, children[0].id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (shares->len, ==, 2);
  g_assert_cmpstr (cw_staff_member_get_username (shares->pdata[0]), ==, "bea");
  g_assert_cmpstr (cw_staff_member_get_username (shares->pdata[1]), ==, "mona");
  g_clear_object (&repository);
  end_session (session);

  /* pat opened S-BEA while it was shared; unshared, it leaves list_recent too. */
  assert_sees (fixture, "pat", children, G_N_ELEMENTS (children), "S-PAT");

  /* The allocated worker takes the share away. */
  session = sign_in (fixture, "pat");
  repository = cw_child_repository_new (session);
  g_assert_true (cw_child_repository_unshare (repository, children[0].id, id_of ("bea"),
                                              &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_audit (session, "child-unshare", children[0].id), ==, 1);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = audit_rows (session);
  row = last_row (rows);
  g_assert_cmpstr (row->action, ==, "child-unshare");
  g_assert_cmpstr (row->detail, ==, "bea");
  /* Unsharing what is not shared changes nothing. */
  g_assert_true (cw_child_repository_unshare (repository, children[0].id, id_of ("bea"),
                                              &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_audit (session, "child-unshare", children[0].id), ==, 1);
  g_clear_object (&repository);
  end_session (session);

  /* bea opened S-PAT while shared; now gone everywhere, list_recent included. */
  assert_sees (fixture, "bea", children, G_N_ELEMENTS (children), "S-BEA");
}

static void
test_audit (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(CwChild) child = make_child ("AUD-1", DISTINCTIVE_GIVEN, DISTINCTIVE_FAMILY, 0);
  g_autoptr(CwChild) stored = NULL;
  g_autoptr(CwChild) opened = NULL;
  g_autofree char *object_id = NULL;
  CwChildRepository *repository;
  CwSession *session;
  AuditRow *row;

  session = sign_in (fixture, "pat");
  repository = cw_child_repository_new (session);
  cw_child_set_preferred_name (child, "Xanny");
  cw_child_add_adult (child, cw_child_adult_new ("Hermione " DISTINCTIVE_FAMILY, "Mother", TRUE,
                                                 "Flat 9, Quill Court"));
  stored = cw_child_repository_create (repository, child, &error);
  g_assert_no_error (error);
  object_id = g_strdup_printf ("%" G_GINT64_FORMAT, cw_child_get_id (stored));

  rows = audit_rows (session);
  row = last_row (rows);
  g_assert_cmpstr (row->action, ==, "create");
  g_assert_cmpstr (row->object_type, ==, "child");
  g_assert_cmpstr (row->object_id, ==, object_id);
  g_assert_cmpstr (row->actor, ==, "pat");
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* lookup is not audited; open is, every time. */
  opened = cw_child_repository_lookup (repository, cw_child_get_id (stored), &error);
  g_assert_no_error (error);
  g_clear_object (&opened);
  g_assert_cmpuint (count_audit (session, "view", cw_child_get_id (stored)), ==, 0);
  for (guint i = 1; i <= 3; i++)
    {
      opened = cw_child_repository_open (repository, cw_child_get_id (stored), &error);
      g_assert_no_error (error);
      g_clear_object (&opened);

      rows = audit_rows (session);
      row = last_row (rows);
      g_assert_cmpstr (row->action, ==, "view");
      g_assert_cmpstr (row->object_type, ==, "child");
      g_assert_cmpstr (row->object_id, ==, object_id);
      g_assert_cmpstr (row->actor, ==, "pat");
      g_clear_pointer (&rows, g_ptr_array_unref);
      g_assert_cmpuint (count_audit (session, "view", cw_child_get_id (stored)), ==, i);
    }

  cw_child_set_family_name (stored, "Quillfeathers");
  cw_child_set_religion (stored, "Quakerism");
  g_assert_true (cw_child_repository_update (repository, stored, &error));
  g_assert_no_error (error);
  g_assert_true (cw_child_repository_share (repository, cw_child_get_id (stored),
                                            id_of ("bea"), &error));
  g_assert_no_error (error);
  g_clear_object (&repository);
  end_session (session);

  /* A refusal is logged against the person who tried. */
  session = sign_in (fixture, "mona");
  repository = cw_child_repository_new (session);
  g_assert_null (cw_child_repository_open (repository, cw_child_get_id (stored), &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  rows = audit_rows (session);
  row = last_row (rows);
  g_assert_cmpstr (row->action, ==, "view-refused");
  g_assert_cmpstr (row->object_type, ==, "child");
  g_assert_cmpstr (row->object_id, ==, object_id);
  g_assert_cmpstr (row->actor, ==, "mona");
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Nothing that identifies the child in any audit row, in any column. */
  g_assert_cmpint (count_rows (session,
                               "SELECT count(*) FROM audit WHERE "
                               "instr (lower (actor_username || action || object_type || "
                               "object_id || detail), 'xanth') > 0 OR "
                               "instr (lower (actor_username || action || object_type || "
                               "object_id || detail), 'xanny') > 0 OR "
                               "instr (lower (actor_username || action || object_type || "
                               "object_id || detail), 'quill') > 0 OR "
                               "instr (lower (actor_username || action || object_type || "
                               "object_id || detail), 'quaker') > 0 OR "
                               "instr (lower (actor_username || action || object_type || "
                               "object_id || detail), 'hermione') > 0 OR "
                               "instr (lower (actor_username || action || object_type || "
                               "object_id || detail), 'aud-1') > 0"),
                   ==, 0);
  /* … while the record itself holds it (so the query above can find it). */
  g_assert_cmpint (count_rows (session,
                               "SELECT count(*) FROM children WHERE "
                               "instr (lower (given_names), 'xanth') > 0"),
                   ==, 1);
  assert_audit_intact (session);

  g_clear_object (&repository);
  end_session (session);
}

static void
test_search (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = sign_in (fixture, "pat");
  g_autoptr(CwChildRepository) repository = cw_child_repository_new (session);
  struct
  {
    const char *reference;
    const char *given;
    const char *family;
    const char *preferred;
  } children[] = {
    { "SR-1", "Zoë", "Ångström", "" },
    { "SR-2", "Zoe", "Smith", "" },
    { "SR-100%", "Liam", "O'Brien", "" },
    { "SR_4", "Ava", "Jones", "" },
    { "SR-5", "Noah", "Say \"Hi\"", "" },
    { "SR-6", "Muhammad", "Ali", "Mo" },
    { "SR-7", "Émile", "Zola", "" },
  };
  g_autofree char *all = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *blank = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    {
      g_autoptr(CwChild) child = make_child (children[i].reference, children[i].given,
                                             children[i].family, 0);
      g_autoptr(CwChild) stored = NULL;

      cw_child_set_preferred_name (child, children[i].preferred);
      stored = cw_child_repository_create (repository, child, &error);
      g_assert_no_error (error);
    }
  end_session (g_steal_pointer (&session));

  /* One that pat cannot see, whose names match too. */
  session = sign_in (fixture, "bea");
  create_child (session, "SR-HIDDEN", "Zoë", "Hidden", 0);
  end_session (g_steal_pointer (&session));

  session = sign_in (fixture, "pat");
  g_clear_object (&repository);
  repository = cw_child_repository_new (session);

#define ASSERT_SEARCH(search, expected) \
  G_STMT_START { \
    g_autofree char *found_ = search_references (repository, search); \
    g_assert_cmpstr (found_, ==, expected); \
  } G_STMT_END

  /* By family then given name; O'Brien sorts among the Os. */
  all = search_references (repository, NULL);
  g_assert_cmpstr (all, ==, "SR-6,SR_4,SR-100%,SR-5,SR-2,SR-7,SR-1");
  empty = search_references (repository, "");
  blank = search_references (repository, "   ");
  g_assert_cmpstr (empty, ==, all);
  g_assert_cmpstr (blank, ==, all);

  /* Names, ignoring case and accents, Unicode included. */
  ASSERT_SEARCH ("zoë", "SR-2,SR-1");
  ASSERT_SEARCH ("ZOË", "SR-2,SR-1");
  ASSERT_SEARCH ("Zoe", "SR-2,SR-1");
  ASSERT_SEARCH ("ångström", "SR-1");
  ASSERT_SEARCH ("ANGSTROM", "SR-1");
  ASSERT_SEARCH ("émile", "SR-7");
  ASSERT_SEARCH ("zo", "SR-2,SR-7,SR-1");
  ASSERT_SEARCH ("smith zoe", "SR-2");
  ASSERT_SEARCH ("zoe  smith", "SR-2");
  ASSERT_SEARCH ("mo", "SR-6");                 /* preferred name */
  ASSERT_SEARCH ("hidden", "");                 /* only bea's child matches */
  ASSERT_SEARCH ("nobody", "");

  /* References. */
  ASSERT_SEARCH ("sr-1", "SR-100%,SR-1");
  ASSERT_SEARCH ("SR-5", "SR-5");

  /* SQL metacharacters are plain characters. */
  ASSERT_SEARCH ("%", "SR-100%");
  ASSERT_SEARCH ("_", "SR_4");
  ASSERT_SEARCH ("'", "SR-100%");
  ASSERT_SEARCH ("o'b", "SR-100%");
  ASSERT_SEARCH ("\"", "SR-5");
  ASSERT_SEARCH ("\"hi\"", "SR-5");
  ASSERT_SEARCH ("'; DROP TABLE children; --", "");
  ASSERT_SEARCH ("\xff\xfe", all);            /* not text: treated as no search */

#undef ASSERT_SEARCH

  g_assert_cmpint (count_rows (session, "SELECT count(*) FROM children"), ==, 8);
  end_session (g_steal_pointer (&session));
}

static void
test_recent (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = sign_in (fixture, "pat");
  g_autoptr(CwChildRepository) repository = cw_child_repository_new (session);
  gint64 one = create_child (session, "RC-1", "One", "Recent", 0);
  gint64 two = create_child (session, "RC-2", "Two", "Recent", 0);
  gint64 three = create_child (session, "RC-3", "Three", "Recent", 0);
  gint64 order[] = { one, two, one, three, two };
  g_autoptr(GListModel) empty = cw_child_repository_list_recent (repository, 10);

  g_assert_cmpuint (g_list_model_get_n_items (empty), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      g_autoptr(CwChild) child = cw_child_repository_open (repository, order[i], &error);

      g_assert_no_error (error);
    }
  /* lookup does not count as opening. */
  {
    g_autoptr(CwChild) child = cw_child_repository_lookup (repository, one, &error);

    g_assert_no_error (error);
  }

  {
    g_autoptr(GListModel) recent = cw_child_repository_list_recent (repository, 10);
    g_autoptr(GListModel) top = cw_child_repository_list_recent (repository, 2);
    g_autoptr(GListModel) none = cw_child_repository_list_recent (repository, 0);
    g_autofree char *refs = list_references (recent);
    g_autofree char *top_refs = list_references (top);

    g_assert_cmpstr (refs, ==, "RC-2,RC-3,RC-1");
    g_assert_cmpstr (top_refs, ==, "RC-2,RC-3");
    g_assert_cmpuint (g_list_model_get_n_items (none), ==, 0);
  }
  g_clear_object (&repository);
  end_session (g_steal_pointer (&session));

  /* Someone else's views are not mine. */
  session = sign_in (fixture, "dee");
  repository = cw_child_repository_new (session);
  {
    g_autoptr(GListModel) recent = cw_child_repository_list_recent (repository, 10);
    g_autoptr(CwChild) child = cw_child_repository_open (repository, three, &error);
    g_autoptr(GListModel) after = NULL;
    g_autofree char *refs = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (recent), ==, 0);
    after = cw_child_repository_list_recent (repository, 10);
    refs = list_references (after);
    g_assert_cmpstr (refs, ==, "RC-3");
  }
  g_clear_object (&repository);
  end_session (g_steal_pointer (&session));
}

/* A long list is read page by page, in order, with the search applied. */
static void
test_list_many (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = sign_in (fixture, "pat");
  g_autoptr(CwChildRepository) repository = cw_child_repository_new (session);
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GListModel) nines = NULL;
  g_autofree char *previous = NULL;
  guint n = 250;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *reference = g_strdup_printf ("MANY-%03u", i);
      g_autofree char *family = g_strdup_printf ("Family%03u", (i * 7) % n);

      create_child (session, reference, "Kid", family, 0);
    }

  list = cw_child_repository_list (repository, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CwChild) child = g_list_model_get_item (list, i);

      if (previous != NULL)
        g_assert_cmpstr (previous, <, cw_child_get_family_name (child));
      g_free (previous);
      previous = g_strdup (cw_child_get_family_name (child));
    }
  g_assert_null (g_list_model_get_item (list, n));

  nines = cw_child_repository_list (repository, "many-9");
  g_assert_cmpuint (g_list_model_get_n_items (nines), ==, 0);
  g_clear_object (&nines);
  nines = cw_child_repository_list (repository, "many-19");
  g_assert_cmpuint (g_list_model_get_n_items (nines), ==, 10);

  end_session (g_steal_pointer (&session));
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

  g_test_add_func ("/children/child/age", test_age);
  g_test_add_func ("/children/child/value-object", test_value_object);
  ADD ("/children/repository/create-read", test_create_read);
  ADD ("/children/repository/update", test_update);
  ADD ("/children/repository/validation", test_validation);
  ADD ("/children/need-to-know/matrix", test_permissions);
  ADD ("/children/need-to-know/share", test_share);
  ADD ("/children/audit/views-and-content", test_audit);
  ADD ("/children/list/search", test_search);
  ADD ("/children/list/recent", test_recent);
  ADD ("/children/list/many", test_list_many);

#undef ADD

  status = g_test_run ();

  if (template_dir != NULL)
    cw_test_remove_tree (template_dir);
  g_clear_pointer (&template_dir, g_free);
  g_clear_pointer (&unlock_keys, g_hash_table_unref);
  g_clear_pointer (&staff_ids, g_hash_table_unref);

  return status;
}
