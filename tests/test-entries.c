/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gstdio.h>

#include "cw-audit.h"
#include "cw-child-repository.h"
#include "cw-database-private.h"
#include "cw-entry-repository.h"
#include "cw-entry.h"
#include "cw-key.h"
#include "cw-session.h"
#include "cw-sql-list-model.h"
#include "cw-test-util.h"
#include "cw-vault.h"

/*
 * Case notes against a real SQLCipher database. A template is made once
 * (Argon2 is slow on purpose) and copied for each test:
 *
 *   admin  administrator
 *   lena   line manager of pat and pete
 *   pat    practitioner; child A and child C are allocated to pat
 *   pete   practitioner; child B is allocated to pete, child A is shared with pete
 *   dee    DSL
 *
 * Child A was born on 1 June 2015; child C's birth date is unknown and C
 * has a child-protection plan.
 */

#define ORGANISATION   "Riverside Family Centre"
#define ADMIN_PASSWORD "Harbour-Lantern-Violet-2718"
#define LENA_PASSWORD  "Orchard-Mosaic-Falcon-3391"
#define PAT_PASSWORD   "Copper-Meadow-Tuesday-5521"
#define PETE_PASSWORD  "Juniper-Cobalt-Anchor-7716"
#define DEE_PASSWORD   "Willow-Quartz-Beacon-8843"
#define WRONG_PASSWORD "Not-The-Right-One-1111"

static const char *const file_suffixes[] = { "", "-wal", "-shm", ".keys" };

static char *template_dir;
static gint64 admin_id, lena_id, pat_id, pete_id, dee_id;
static gint64 child_a, child_b, child_c;

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

static CwSession *
sign_in (const char *db_path,
         const char *username,
         const char *password)
{
  g_autoptr(GError) error = NULL;
  CwSession *session = cw_session_sign_in_with_password (db_path, username, password, &error);

  g_assert_no_error (error);
  g_assert_nonnull (session);
  return session;
}

/* One session at a time (the database is opened exclusively). */
static void
sign_out (CwSession         **session,
          CwEntryRepository **repository)
{
  CwDatabase *database = cw_session_get_database (*session);

  if (repository != NULL)
    g_clear_object (repository);

  /* No statement of ours is left open: the only ones still prepared are
   * those SQLite's FTS4 module keeps for the search index until the
   * connection closes (CwDatabase knows them too). */
  if (database != NULL)
    {
      sqlite3 *handle = cw_database_get_handle (database);

      for (sqlite3_stmt *stmt = sqlite3_next_stmt (handle, NULL); stmt != NULL;
           stmt = sqlite3_next_stmt (handle, stmt))
        if (strstr (sqlite3_sql (stmt), "'main'.'") == NULL)
          g_error ("A statement is still prepared: %s", sqlite3_sql (stmt));
    }

  cw_session_sign_out (*session);
  g_clear_object (session);
}

static gint64
add_staff (CwSession  *session,
           const char *username,
           const char *name,
           const char *job_title,
           CwRoles     roles,
           gint64      line_manager_id,
           const char *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwStaffMember) member = NULL;

  member = cw_session_add_staff (session, ADMIN_PASSWORD, username, name, job_title, roles,
                                 line_manager_id, password, &error);
  g_assert_no_error (error);
  g_assert_nonnull (member);
  return cw_staff_member_get_id (member);
}

static gint64
add_child (CwChildRepository *children,
           const char        *reference,
           const char        *given,
           const char        *family,
           int                dob_year,
           const char        *legal_status,
           gint64             worker_id)
{
  g_autoptr(CwChild) child = cw_child_new ();
  g_autoptr(CwChild) stored = NULL;
  g_autoptr(GError) error = NULL;

  cw_child_set_case_reference (child, reference);
  cw_child_set_given_names (child, given);
  cw_child_set_family_name (child, family);
  if (dob_year > 0)
    {
      GDate dob;

      g_date_clear (&dob, 1);
      g_date_set_dmy (&dob, 1, G_DATE_JUNE, dob_year);
      cw_child_set_date_of_birth (child, &dob);
      cw_child_set_dob_precision (child, CW_DATE_EXACT);
    }
  else
    cw_child_set_dob_precision (child, CW_DATE_UNKNOWN);
  cw_child_set_legal_status (child, legal_status);
  cw_child_set_allocated_worker_id (child, worker_id);

  stored = cw_child_repository_create (children, child, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
  return cw_child_get_id (stored);
}

static void
ensure_template (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = NULL;
  g_autoptr(CwChildRepository) children = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *recovery_key = NULL;

  if (template_dir != NULL)
    return;

  template_dir = cw_test_make_tmpdir ();
  db_path = g_build_filename (template_dir, "casework.db", NULL);

  session = cw_session_create_database (db_path, ORGANISATION, "admin", "Ada Admin",
                                        ADMIN_PASSWORD, &recovery_key, &error);
  g_assert_no_error (error);
  admin_id = cw_staff_member_get_id (cw_session_get_staff_member (session));
  lena_id = add_staff (session, "lena", "Lena Manager", "Team Manager", CW_ROLE_LINE_MANAGER,
                       0, LENA_PASSWORD);
  pat_id = add_staff (session, "pat", "Pat Practitioner", "Social Worker",
                      CW_ROLE_PRACTITIONER, lena_id, PAT_PASSWORD);
  pete_id = add_staff (session, "pete", "Pete Practitioner", "Family Support Worker",
                       CW_ROLE_PRACTITIONER, lena_id, PETE_PASSWORD);
  dee_id = add_staff (session, "dee", "Dee Lead", "Designated Safeguarding Lead",
                      CW_ROLE_DSL, 0, DEE_PASSWORD);
  sign_out (&session, NULL);

  /* The line manager opens records for her team. */
  session = sign_in (db_path, "lena", LENA_PASSWORD);
  children = cw_child_repository_new (session);
  child_a = add_child (children, "CR-0001", "Amara", "Okafor", 2015,
                       CW_LEGAL_STATUS_CHILD_IN_NEED, pat_id);
  child_b = add_child (children, "CR-0002", "Ben", "Lewis", 2012, CW_LEGAL_STATUS_NONE, pete_id);
  child_c = add_child (children, "CR-0003", "Cara", "Nowak", 0,
                       CW_LEGAL_STATUS_CHILD_PROTECTION_PLAN, pat_id);
  cw_child_repository_share (children, child_a, pete_id, &error);
  g_assert_no_error (error);
  g_clear_object (&children);
  sign_out (&session, NULL);
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

static void
days_ago (GDate *date,
          int    n)
{
  g_date_clear (date, 1);
  g_date_set_time_t (date, time (NULL));
  if (n > 0)
    g_date_subtract_days (date, n);
  else if (n < 0)
    g_date_add_days (date, -n);
}

/* @sql with every "?" replaced by @id. */
static char *
with_id (const char *sql,
         gint64      id)
{
  g_auto(GStrv) parts = g_strsplit (sql, "?", -1);
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  return g_strjoinv (id_text, parts);
}

/* Everything a careful author writes, with Unicode, quotes and SQL
 * metacharacters. */
static void
fill_entry (CwEntry *entry)
{
  GDate when, by_when;
  CwBodyMark *mark;

  days_ago (&when, 3);
  days_ago (&by_when, -7);

  cw_entry_set_kind (entry, CW_ENTRY_KIND_HOME_VISIT);
  cw_entry_set_event_date (entry, &when);
  cw_entry_set_event_time (entry, 14, 30);
  cw_entry_set_event_precision (entry, CW_EVENT_EXACT);
  for (guint i = 0; i < CW_ENTRY_FIELD_LAST; i++)
    {
      g_autofree char *text = NULL;

      if (i == CW_ENTRY_FIELD_AMEND_REASON)
        continue;
      if (i == CW_ENTRY_FIELD_SUMMARY)
        text = g_strdup ("Home visit: Amara “seemed quiet”; O'Brien's flat");
      else
        text = g_strdup_printf ("%s — naïve café 😀 'x'; DROP TABLE entries; --\nline two",
                                cw_entry_field_get_column (i));
      cw_entry_set_text (entry, i, text);
    }
  cw_entry_set_child_seen (entry, CW_ANSWER_YES);
  cw_entry_set_child_seen_alone (entry, CW_ANSWER_NO);
  cw_entry_set_child_spoken_to (entry, CW_ANSWER_YES);
  cw_entry_set_outcomes (entry, CW_OUTCOME_STAY_SAFE | CW_OUTCOME_BE_HEALTHY);
  cw_entry_set_significant (entry, TRUE);
  cw_entry_set_restricted (entry, FALSE);

  cw_entry_add_action (entry, cw_entry_action_new ("Refer to the school nurse", "Pat",
                                                   &by_when));
  cw_entry_add_action (entry, cw_entry_action_new ("Call mother back", "", NULL));

  mark = cw_body_mark_new (CW_BODY_FRONT, 0.25, 0.625);
  g_free (mark->site);
  mark->site = g_strdup ("left forearm");
  g_free (mark->size);
  mark->size = g_strdup ("3 cm × 1 cm");
  g_free (mark->description);
  mark->description = g_strdup ("blue-green bruise, oval");
  mark->skin_broken = TRUE;
  cw_entry_add_body_mark (entry, mark);

  mark = cw_body_mark_new (CW_BODY_BACK, 0.5, 0.1);
  g_free (mark->site);
  mark->site = g_strdup ("upper back");
  cw_entry_add_body_mark (entry, mark);
}

/* A draft that passes every finishing rule. */
static CwEntry *
create_finishable (CwEntryRepository *repository,
                   gint64             child_id,
                   const char        *summary)
{
  g_autoptr(GError) error = NULL;
  CwEntry *draft = cw_entry_repository_create_draft (repository, child_id,
                                                     CW_ENTRY_KIND_CASE_NOTE, &error);
  GDate when;

  g_assert_no_error (error);
  g_assert_nonnull (draft);
  days_ago (&when, 1);
  cw_entry_set_event_date (draft, &when);
  cw_entry_set_text (draft, CW_ENTRY_FIELD_SUMMARY, summary);
  cw_entry_set_text (draft, CW_ENTRY_FIELD_OBSERVED_FACTS, "Observed: the kitchen was clean.");
  return draft;
}

static gint64
create_finished (CwEntryRepository *repository,
                 gint64             child_id,
                 const char        *summary,
                 gboolean           restricted)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwEntry) draft = create_finishable (repository, child_id, summary);

  cw_entry_set_restricted (draft, restricted);
  cw_entry_repository_finish (repository, draft, &error);
  g_assert_no_error (error);
  g_assert_true (cw_entry_get_finished (draft));
  return cw_entry_get_id (draft);
}

static void
assert_same_content (CwEntry *a,
                     CwEntry *b)
{
  GPtrArray *actions_a = cw_entry_get_actions (a);
  GPtrArray *actions_b = cw_entry_get_actions (b);
  GPtrArray *marks_a = cw_entry_get_body_marks (a);
  GPtrArray *marks_b = cw_entry_get_body_marks (b);
  g_autofree char *hash_a = cw_entry_compute_content_hash (a);
  g_autofree char *hash_b = cw_entry_compute_content_hash (b);

  g_assert_cmpint (cw_entry_get_kind (a), ==, cw_entry_get_kind (b));
  g_assert_cmpint (g_date_valid (cw_entry_get_event_date (a)), ==,
                   g_date_valid (cw_entry_get_event_date (b)));
  if (g_date_valid (cw_entry_get_event_date (a)))
    g_assert_cmpint (g_date_compare (cw_entry_get_event_date (a),
                                     cw_entry_get_event_date (b)), ==, 0);
  g_assert_cmpint (cw_entry_get_event_hour (a), ==, cw_entry_get_event_hour (b));
  g_assert_cmpint (cw_entry_get_event_minute (a), ==, cw_entry_get_event_minute (b));
  g_assert_cmpint (cw_entry_get_event_precision (a), ==, cw_entry_get_event_precision (b));
  for (guint i = 0; i < CW_ENTRY_FIELD_LAST; i++)
    g_assert_cmpstr (cw_entry_get_text (a, i), ==, cw_entry_get_text (b, i));
  g_assert_cmpint (cw_entry_get_child_seen (a), ==, cw_entry_get_child_seen (b));
  g_assert_cmpint (cw_entry_get_child_seen_alone (a), ==, cw_entry_get_child_seen_alone (b));
  g_assert_cmpint (cw_entry_get_child_spoken_to (a), ==, cw_entry_get_child_spoken_to (b));
  g_assert_cmpint (cw_entry_get_outcomes (a), ==, cw_entry_get_outcomes (b));
  g_assert_cmpint (cw_entry_get_significant (a), ==, cw_entry_get_significant (b));
  g_assert_cmpint (cw_entry_get_restricted (a), ==, cw_entry_get_restricted (b));

  g_assert_cmpuint (actions_a->len, ==, actions_b->len);
  for (guint i = 0; i < actions_a->len; i++)
    {
      CwEntryAction *x = actions_a->pdata[i];
      CwEntryAction *y = actions_b->pdata[i];

      g_assert_cmpstr (x->what, ==, y->what);
      g_assert_cmpstr (x->who, ==, y->who);
      g_assert_cmpint (g_date_valid (&x->by_when), ==, g_date_valid (&y->by_when));
      if (g_date_valid (&x->by_when))
        g_assert_cmpint (g_date_compare (&x->by_when, &y->by_when), ==, 0);
    }

  g_assert_cmpuint (marks_a->len, ==, marks_b->len);
  for (guint i = 0; i < marks_a->len; i++)
    {
      CwBodyMark *x = marks_a->pdata[i];
      CwBodyMark *y = marks_b->pdata[i];

      g_assert_cmpint (x->side, ==, y->side);
      g_assert_cmpfloat (x->x, ==, y->x);
      g_assert_cmpfloat (x->y, ==, y->y);
      g_assert_cmpstr (x->site, ==, y->site);
      g_assert_cmpstr (x->size, ==, y->size);
      g_assert_cmpstr (x->description, ==, y->description);
      g_assert_cmpint (x->skin_broken, ==, y->skin_broken);
    }

  g_assert_cmpstr (hash_a, ==, hash_b);
}

static char *
query_text (CwSession  *session,
            const char *sql,
            gint64      param)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = cw_database_prepare (cw_session_get_database (session), sql,
                                                      &error);
  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, param);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static gint64
query_int (CwSession  *session,
           const char *sql,
           gint64      param)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = cw_database_prepare (cw_session_get_database (session), sql,
                                                      &error);
  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, param);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static void
append_rows (GString    *out,
             CwDatabase *database,
             const char *sql,
             gint64      param)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = cw_database_prepare (database, sql, &error);

  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, param);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    for (int c = 0; c < sqlite3_column_count (stmt); c++)
      {
        const void *blob = sqlite3_column_blob (stmt, c);
        int len = sqlite3_column_bytes (stmt, c);

        g_string_append_printf (out, "%d:%d:", sqlite3_column_type (stmt, c), len);
        if (blob != NULL)
          g_string_append_len (out, blob, len);
        g_string_append_c (out, ';');
      }
}

/* SHA-256 of every stored byte of one version, its actions and marks. */
static char *
snapshot_version (CwSession *session,
                  gint64     version_id)
{
  CwDatabase *database = cw_session_get_database (session);
  g_autoptr(GString) out = g_string_new (NULL);

  append_rows (out, database, "SELECT * FROM entry_versions WHERE id = ?1", version_id);
  append_rows (out, database, "SELECT * FROM entry_actions WHERE version_id = ?1 ORDER BY id",
               version_id);
  append_rows (out, database, "SELECT * FROM body_marks WHERE version_id = ?1 ORDER BY id",
               version_id);
  g_assert_cmpuint (out->len, >, 0);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) out->str, out->len);
}

static gint64
count_audit (CwSession  *session,
             const char *action,
             gint64      entry_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *object_id = g_strdup_printf ("%" G_GINT64_FORMAT, entry_id);

  stmt = cw_database_prepare (cw_session_get_database (session),
                              "SELECT count (*) FROM audit WHERE action = ?1 "
                              "AND object_type = 'entry' AND object_id = ?2", &error);
  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, action, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, object_id, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static void
assert_audit_intact (CwSession *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwAuditVerification) verification =
    cw_audit_verify (cw_session_get_database (session), &error);

  g_assert_no_error (error);
  g_assert_cmpint (verification->first_broken_seq, ==, 0);
}

static void
changed_cb (CwEntry *entry,
            gpointer user_data)
{
  guint *n = user_data;

  (*n)++;
}

static void
assert_invalid_naming (GError     *error,
                       const char *words)
{
  g_assert_error (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_INVALID);
  if (strstr (error->message, words) == NULL)
    g_error ("“%s” does not name “%s”", error->message, words);
}

/* Tests: CwEntry alone ---------------------------------------------------- */

static void
test_entry_basics (void)
{
  g_autoptr(CwEntry) entry = cw_entry_new ();
  g_autoptr(CwEntry) copy = NULL;
  g_autofree char *hash1 = NULL;
  g_autofree char *hash2 = NULL;
  g_autofree char *hash3 = NULL;
  g_autofree char *formatted = NULL;
  guint n_changed = 0;
  GDate day;

  /* Stored ids and titles. */
  for (guint k = 0; k < CW_ENTRY_KIND_LAST; k++)
    {
      g_assert_cmpint (cw_entry_kind_from_id (cw_entry_kind_get_id (k)), ==, k);
      g_assert_nonnull (cw_entry_kind_get_title (k));
    }
  g_assert_cmpstr (cw_entry_kind_get_id (CW_ENTRY_KIND_HOME_VISIT), ==, "home-visit");
  g_assert_cmpstr (cw_entry_kind_get_title (CW_ENTRY_KIND_HOME_VISIT), ==, "Home visit");
  g_assert_cmpint (cw_entry_kind_from_id ("nonsense"), ==, CW_ENTRY_KIND_LAST);
  g_assert_true (cw_entry_kind_is_urgent (CW_ENTRY_KIND_DISCLOSURE));
  g_assert_true (cw_entry_kind_is_urgent (CW_ENTRY_KIND_CONCERN));
  g_assert_true (cw_entry_kind_is_urgent (CW_ENTRY_KIND_INCIDENT));
  g_assert_false (cw_entry_kind_is_urgent (CW_ENTRY_KIND_CASE_NOTE));
  g_assert_cmpstr (cw_entry_field_get_column (CW_ENTRY_FIELD_CHILD_WORDS), ==, "child_words");
  g_assert_cmpstr (cw_entry_field_get_title (CW_ENTRY_FIELD_CHILD_WORDS), ==,
                   "The child's own words");
  for (int p = CW_EVENT_EXACT; p <= CW_EVENT_APPROXIMATE; p++)
    g_assert_cmpint (cw_event_precision_from_id (cw_event_precision_get_id (p)), ==, p);
  g_assert_cmpstr (cw_outcome_get_title (CW_OUTCOME_STAY_SAFE), ==, "Stay safe");

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 14, G_DATE_MARCH, 2026);
  formatted = cw_event_format (&day, 15, 20, CW_EVENT_EXACT);
  g_assert_cmpstr (formatted, ==, "14 Mar 2026, 15:20");
  g_clear_pointer (&formatted, g_free);
  formatted = cw_event_format (&day, -1, -1, CW_EVENT_DAY);
  g_assert_cmpstr (formatted, ==, "14 Mar 2026");
  g_clear_pointer (&formatted, g_free);
  formatted = cw_event_format (&day, -1, -1, CW_EVENT_MONTH);
  g_assert_cmpstr (formatted, ==, "March 2026");
  g_clear_pointer (&formatted, g_free);
  formatted = cw_event_format (&day, -1, -1, CW_EVENT_APPROXIMATE);
  g_assert_cmpstr (formatted, ==, "about 14 Mar 2026");

  /* Defaults. */
  g_assert_cmpstr (cw_entry_get_text (entry, CW_ENTRY_FIELD_OPINION), ==, "");
  g_assert_cmpint (cw_entry_get_child_seen (entry), ==, CW_ANSWER_UNSET);
  g_assert_cmpint (cw_entry_get_event_hour (entry), ==, -1);
  g_assert_false (g_date_valid (cw_entry_get_event_date (entry)));
  g_assert_cmpstr (cw_entry_get_content_hash (entry), ==, "");

  /* Every setter says so; setting the same value again does not. */
  g_signal_connect (entry, "changed", G_CALLBACK (changed_cb), &n_changed);
  cw_entry_set_text (entry, CW_ENTRY_FIELD_SUMMARY, "Visit");
  g_assert_cmpuint (n_changed, ==, 1);
  cw_entry_set_text (entry, CW_ENTRY_FIELD_SUMMARY, "Visit");
  g_assert_cmpuint (n_changed, ==, 1);
  cw_entry_set_kind (entry, CW_ENTRY_KIND_PHONE_CALL);
  cw_entry_set_event_date (entry, &day);
  cw_entry_set_event_time (entry, 9, 5);
  cw_entry_set_event_precision (entry, CW_EVENT_EXACT);
  cw_entry_set_child_seen (entry, CW_ANSWER_NO);
  cw_entry_set_child_seen_alone (entry, CW_ANSWER_NO);
  cw_entry_set_child_spoken_to (entry, CW_ANSWER_YES);
  cw_entry_set_outcomes (entry, CW_OUTCOME_ENJOY_AND_ACHIEVE);
  cw_entry_set_significant (entry, TRUE);
  cw_entry_set_restricted (entry, TRUE);
  cw_entry_add_action (entry, cw_entry_action_new ("Phone school", "Pat", NULL));
  cw_entry_add_body_mark (entry, cw_body_mark_new (CW_BODY_BACK, 0.5, 0.5));
  g_assert_cmpuint (n_changed, ==, 13);
  cw_entry_set_id (entry, 7);
  cw_entry_set_version (entry, 1);
  cw_entry_set_author_name (entry, "Pat");
  g_assert_cmpuint (n_changed, ==, 16);
  cw_entry_emit_changed (entry);
  g_assert_cmpuint (n_changed, ==, 17);

  /* The hash covers what the author wrote, unambiguously. */
  hash1 = cw_entry_compute_content_hash (entry);
  g_assert_cmpuint (strlen (hash1), ==, 64);
  copy = cw_entry_copy (entry);
  hash2 = cw_entry_compute_content_hash (copy);
  g_assert_cmpstr (hash1, ==, hash2);
  g_assert_cmpint (cw_entry_get_id (copy), ==, 7);
  g_clear_pointer (&hash2, g_free);

  cw_entry_set_author_name (copy, "Someone else");
  hash2 = cw_entry_compute_content_hash (copy);
  g_assert_cmpstr (hash1, ==, hash2);
  g_clear_pointer (&hash2, g_free);

  cw_entry_set_text (copy, CW_ENTRY_FIELD_SUMMARY, "Visi");
  cw_entry_set_text (copy, CW_ENTRY_FIELD_PRESENT, "t");
  hash2 = cw_entry_compute_content_hash (copy);
  g_assert_cmpstr (hash1, !=, hash2);
  cw_entry_set_text (entry, CW_ENTRY_FIELD_SUMMARY, "Visit");
  cw_entry_set_text (entry, CW_ENTRY_FIELD_PRESENT, "");
  g_clear_pointer (&hash2, g_free);

  ((CwBodyMark *) cw_entry_get_body_marks (copy)->pdata[0])->skin_broken = TRUE;
  cw_entry_set_text (copy, CW_ENTRY_FIELD_SUMMARY, "Visit");
  cw_entry_set_text (copy, CW_ENTRY_FIELD_PRESENT, "");
  hash2 = cw_entry_compute_content_hash (copy);
  g_assert_cmpstr (hash1, !=, hash2);
  ((CwBodyMark *) cw_entry_get_body_marks (copy)->pdata[0])->skin_broken = FALSE;
  hash3 = cw_entry_compute_content_hash (copy);
  g_assert_cmpstr (hash1, ==, hash3);

  cw_entry_remove_action (entry, 0);
  cw_entry_remove_body_mark (entry, 0);
  g_assert_cmpuint (cw_entry_get_actions (entry)->len, ==, 0);
  g_assert_cmpuint (cw_entry_get_body_marks (entry)->len, ==, 0);
}

static void
test_due_dates (void)
{
  GDate friday, thursday, due;

  g_date_clear (&friday, 1);
  g_date_set_dmy (&friday, 7, G_DATE_MARCH, 2025);
  g_assert_cmpint (g_date_get_weekday (&friday), ==, G_DATE_FRIDAY);
  thursday = friday;
  g_date_subtract_days (&thursday, 1);

  /* One working day after a Friday is the Monday. */
  cw_recording_due_date (&friday, 1, "1,2,3,4,5", &due);
  g_assert_cmpint (g_date_get_day (&due), ==, 10);
  g_assert_cmpint (g_date_get_weekday (&due), ==, G_DATE_MONDAY);

  /* Three working days after a Friday is the Wednesday. */
  cw_recording_due_date (&friday, 3, "1,2,3,4,5", &due);
  g_assert_cmpint (g_date_get_day (&due), ==, 12);

  /* Three working days after a Thursday crosses the weekend: Tuesday. */
  cw_recording_due_date (&thursday, 3, NULL, &due);
  g_assert_cmpint (g_date_get_day (&due), ==, 11);

  /* 0 days: the event day itself, even on a non-working day. */
  {
    GDate saturday = friday;

    g_date_add_days (&saturday, 1);
    cw_recording_due_date (&saturday, 0, "1,2,3,4,5", &due);
    g_assert_cmpint (g_date_compare (&due, &saturday), ==, 0);

    /* An event on a Saturday is due on the Monday with one working day. */
    cw_recording_due_date (&saturday, 1, "1,2,3,4,5", &due);
    g_assert_cmpint (g_date_get_day (&due), ==, 10);
  }

  /* Monday to Thursday only: Thursday + 1 is the next Monday. */
  cw_recording_due_date (&thursday, 1, "1,2,3,4", &due);
  g_assert_cmpint (g_date_get_day (&due), ==, 10);

  /* A seven-day service. */
  cw_recording_due_date (&friday, 1, "1,2,3,4,5,6,7", &due);
  g_assert_cmpint (g_date_get_day (&due), ==, 8);

  /* Weekends only, spaces allowed: Friday + 2 is the Sunday. */
  cw_recording_due_date (&friday, 2, " 6, 7 ", &due);
  g_assert_cmpint (g_date_get_day (&due), ==, 9);

  /* Across a month and a year end. */
  {
    GDate dec;

    g_date_clear (&dec, 1);
    g_date_set_dmy (&dec, 31, G_DATE_DECEMBER, 2027);   /* a Friday */
    g_assert_cmpint (g_date_get_weekday (&dec), ==, G_DATE_FRIDAY);
    cw_recording_due_date (&dec, 1, "1,2,3,4,5", &due);
    g_assert_cmpint (g_date_get_year (&due), ==, 2028);
    g_assert_cmpint (g_date_get_month (&due), ==, G_DATE_JANUARY);
    g_assert_cmpint (g_date_get_day (&due), ==, 3);
  }

  /* An unreadable setting falls back to Monday to Friday. */
  cw_recording_due_date (&friday, 1, "banana", &due);
  g_assert_cmpint (g_date_get_day (&due), ==, 10);
}

/* Tests: the repository --------------------------------------------------- */

static void
test_draft_save_finish (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = NULL;
  g_autoptr(CwEntryRepository) repository = NULL;
  g_autoptr(CwEntry) draft = NULL;
  g_autoptr(CwEntry) reloaded = NULL;
  g_autoptr(CwEntry) finished = NULL;
  g_autoptr(GDateTime) fake_start = g_date_time_new_utc (1999, 1, 1, 0, 0, 0);
  g_autoptr(GDateTime) fake_finish = g_date_time_new_utc (2001, 1, 1, 0, 0, 0);
  g_autoptr(GDateTime) started = NULL;
  g_autofree char *stored_date = NULL;
  g_autofree char *stored_time = NULL;
  gint64 entry_id;
  GDate today;

  session = sign_in (fixture->db_path, "pat", PAT_PASSWORD);
  repository = cw_entry_repository_new (session);

  draft = cw_entry_repository_create_draft (repository, child_a, CW_ENTRY_KIND_HOME_VISIT,
                                            &error);
  g_assert_no_error (error);
  g_assert_nonnull (draft);
  entry_id = cw_entry_get_id (draft);
  g_assert_cmpint (entry_id, >, 0);
  g_assert_cmpint (cw_entry_get_version (draft), ==, 1);
  g_assert_cmpint (cw_entry_get_child_id (draft), ==, child_a);
  g_assert_false (cw_entry_get_finished (draft));
  g_assert_cmpint (cw_entry_get_author_id (draft), ==, pat_id);
  g_assert_cmpstr (cw_entry_get_author_name (draft), ==, "Pat Practitioner");
  g_assert_cmpstr (cw_entry_get_author_role (draft), ==, "Social Worker — Practitioner");
  g_assert_cmpint (cw_entry_get_kind (draft), ==, CW_ENTRY_KIND_HOME_VISIT);
  g_assert_cmpint (cw_entry_get_event_precision (draft), ==, CW_EVENT_DAY);
  days_ago (&today, 0);
  g_assert_cmpint (g_date_compare (cw_entry_get_event_date (draft), &today), ==, 0);
  g_assert_nonnull (cw_entry_get_started_at (draft));
  g_assert_null (cw_entry_get_finished_at (draft));
  started = g_date_time_ref (cw_entry_get_started_at (draft));
  g_assert_cmpint (count_audit (session, "create", entry_id), ==, 1);

  /* Autosave as the author types, many times. */
  for (int i = 0; i < 5; i++)
    {
      g_autofree char *text = g_strdup_printf ("Typing… %d", i);

      cw_entry_set_text (draft, CW_ENTRY_FIELD_OBSERVED_FACTS, text);
      cw_entry_repository_save_draft (repository, draft, &error);
      g_assert_no_error (error);
    }
  fill_entry (draft);
  /* System times are not the form's to set. */
  cw_entry_set_started_at (draft, fake_start);
  cw_entry_set_finished_at (draft, fake_finish);
  cw_entry_repository_save_draft (repository, draft, &error);
  g_assert_no_error (error);
  cw_entry_repository_save_draft (repository, draft, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_audit (session, "create", entry_id), ==, 1);

  /* What was saved comes back as it was typed. */
  reloaded = cw_entry_repository_load_draft (repository, entry_id, &error);
  g_assert_no_error (error);
  assert_same_content (draft, reloaded);
  g_assert_true (g_date_time_equal (cw_entry_get_started_at (reloaded), started));
  g_assert_false (cw_entry_get_finished (reloaded));
  g_clear_object (&reloaded);

  /* Nobody else sees a draft in the chronology sense; the author loads it as version 0. */
  reloaded = cw_entry_repository_load (repository, entry_id, 0, &error);
  g_assert_no_error (error);
  g_assert_false (cw_entry_get_finished (reloaded));
  g_clear_object (&reloaded);

  cw_entry_repository_finish (repository, draft, &error);
  g_assert_no_error (error);
  g_assert_true (cw_entry_get_finished (draft));
  g_assert_nonnull (cw_entry_get_finished_at (draft));
  g_assert_cmpint (g_date_time_compare (cw_entry_get_finished_at (draft), fake_finish), >, 0);
  g_assert_cmpuint (strlen (cw_entry_get_content_hash (draft)), ==, 64);
  g_assert_cmpint (count_audit (session, "finalise", entry_id), ==, 1);

  finished = cw_entry_repository_load (repository, entry_id, 0, &error);
  g_assert_no_error (error);
  g_assert_true (cw_entry_get_finished (finished));
  g_assert_cmpint (cw_entry_get_version (finished), ==, 1);
  g_assert_cmpint (cw_entry_get_child_id (finished), ==, child_a);
  assert_same_content (draft, finished);
  g_assert_cmpstr (cw_entry_get_content_hash (finished), ==, cw_entry_get_content_hash (draft));
  {
    g_autofree char *recomputed = cw_entry_compute_content_hash (finished);

    g_assert_cmpstr (recomputed, ==, cw_entry_get_content_hash (finished));
  }
  g_assert_cmpstr (cw_entry_get_author_name (finished), ==, "Pat Practitioner");
  g_assert_cmpstr (cw_entry_get_author_role (finished), ==, "Social Worker — Practitioner");
  g_assert_true (g_date_time_equal (cw_entry_get_started_at (finished), started));
  g_assert_true (g_date_time_equal (cw_entry_get_finished_at (finished),
                                    cw_entry_get_finished_at (draft)));
  g_assert_cmpint (g_date_time_compare (cw_entry_get_finished_at (finished), started), >=, 0);
  g_assert_cmpint (count_audit (session, "view", entry_id), >=, 1);

  /* The entries row copies the current version for the chronology. */
  stored_date = query_text (session, "SELECT event_day FROM entries WHERE id = ?1", entry_id);
  {
    char expected[16];
    const GDate *d = cw_entry_get_event_date (draft);

    g_snprintf (expected, sizeof expected, "%04u-%02u-%02u", g_date_get_year (d),
                (guint) g_date_get_month (d), g_date_get_day (d));
    g_assert_cmpstr (stored_date, ==, expected);
  }
  stored_time = query_text (session, "SELECT event_time FROM entries WHERE id = ?1", entry_id);
  g_assert_cmpstr (stored_time, ==, "14:30");
  g_assert_cmpint (query_int (session, "SELECT sequence FROM entries WHERE id = ?1", entry_id),
                   ==, 1);
  g_assert_cmpint (query_int (session, "SELECT current_version FROM entries WHERE id = ?1",
                              entry_id), ==, 1);
  g_assert_cmpint (query_int (session, "SELECT significant FROM entries WHERE id = ?1",
                              entry_id), ==, 1);
  g_assert_cmpint (query_int (session, "SELECT count (*) FROM entries WHERE id = ?1 "
                              "AND state = 'finished' AND kind = 'home-visit'", entry_id), ==, 1);

  /* No open draft remains; the finished note refuses a save. */
  g_assert_null (cw_entry_repository_load_draft (repository, entry_id, &error));
  g_assert_error (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_NOT_FOUND);
  g_clear_error (&error);
  cw_entry_set_text (draft, CW_ENTRY_FIELD_OPINION, "A later thought");
  g_assert_false (cw_entry_repository_save_draft (repository, draft, &error));
  g_assert_error (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_FINISHED);
  g_clear_error (&error);
  g_assert_false (cw_entry_repository_finish (repository, draft, &error));
  g_assert_error (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_FINISHED);
  g_clear_error (&error);

  /* A second note on the same day comes after it. */
  {
    g_autoptr(CwEntry) second = create_finishable (repository, child_a, "Phone call to school");

    cw_entry_set_event_date (second, cw_entry_get_event_date (finished));
    cw_entry_repository_finish (repository, second, &error);
    g_assert_no_error (error);
    g_assert_cmpint (query_int (session, "SELECT sequence FROM entries WHERE id = ?1",
                                cw_entry_get_id (second)), ==, 2);
  }

  assert_audit_intact (session);
  sign_out (&session, &repository);
}

static void
test_finished_refused_by_sql (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = NULL;
  g_autoptr(CwEntryRepository) repository = NULL;
  g_autoptr(CwEntry) draft = NULL;
  g_autoptr(CwEntry) open = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  CwDatabase *database;
  gint64 version_id, entry_id;
  static const char * const refused[] = {
    "UPDATE entry_versions SET summary = 'rewritten' WHERE id = ?",
    "UPDATE entry_versions SET finished = 0 WHERE id = ?",
    "DELETE FROM entry_versions WHERE id = ?",
    "UPDATE entry_actions SET what = 'rewritten' WHERE version_id = ?",
    "DELETE FROM entry_actions WHERE version_id = ?",
    "INSERT INTO entry_actions (version_id, what) VALUES (?, 'added')",
    "UPDATE body_marks SET site = 'elsewhere' WHERE version_id = ?",
    "DELETE FROM body_marks WHERE version_id = ?",
    "INSERT INTO body_marks (version_id, side, x, y) VALUES (?, 'front', 0.5, 0.5)",
  };

  session = sign_in (fixture->db_path, "pat", PAT_PASSWORD);
  repository = cw_entry_repository_new (session);
  database = cw_session_get_database (session);

  draft = cw_entry_repository_create_draft (repository, child_a, CW_ENTRY_KIND_INCIDENT, &error);
  g_assert_no_error (error);
  fill_entry (draft);
  cw_entry_repository_finish (repository, draft, &error);
  g_assert_no_error (error);
  version_id = cw_entry_get_version_id (draft);
  entry_id = cw_entry_get_id (draft);
  before = snapshot_version (session, version_id);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *sql = with_id (refused[i], version_id);

      g_assert_false (cw_database_exec (database, sql, &error));
      g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_REFUSED);
      g_clear_error (&error);
    }

  /* Inside a transaction too. */
  cw_database_begin (database, &error);
  g_assert_no_error (error);
  {
    g_autofree char *sql = g_strdup_printf ("DELETE FROM entry_versions WHERE id = %"
                                            G_GINT64_FORMAT, version_id);

    g_assert_false (cw_database_exec (database, sql, &error));
    g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_REFUSED);
    g_clear_error (&error);
  }
  cw_database_rollback (database);

  /* The note itself is never deleted, finished or not. */
  {
    g_autofree char *sql = g_strdup_printf ("DELETE FROM entries WHERE id = %" G_GINT64_FORMAT,
                                            entry_id);

    g_assert_false (cw_database_exec (database, sql, &error));
    g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_REFUSED);
    g_clear_error (&error);
  }

  after = snapshot_version (session, version_id);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (query_int (session, "SELECT count (*) FROM entry_actions WHERE version_id = ?1",
                              version_id), ==, 2);
  g_assert_cmpint (query_int (session, "SELECT count (*) FROM body_marks WHERE version_id = ?1",
                              version_id), ==, 2);

  /* A draft is still the author's to change: the triggers are specific. */
  open = create_finishable (repository, child_a, "Still writing");
  cw_entry_repository_save_draft (repository, open, &error);
  g_assert_no_error (error);
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE entry_versions SET location = 'Office' "
                                            "WHERE id = %" G_GINT64_FORMAT,
                                            cw_entry_get_version_id (open));

    cw_database_exec (database, sql, &error);
    g_assert_no_error (error);
  }

  /* The search index holds the finished text. */
  g_assert_cmpint (query_int (session, "SELECT count (*) FROM entry_search "
                              "WHERE entry_search MATCH 'naive' AND docid = ?1", version_id),
                   ==, 1);

  sign_out (&session, &repository);
}

static void
test_amendment (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = NULL;
  g_autoptr(CwEntryRepository) repository = NULL;
  g_autoptr(CwEntry) draft = NULL;
  g_autoptr(CwEntry) amendment = NULL;
  g_autoptr(CwEntry) current = NULL;
  g_autoptr(CwEntry) first = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autofree char *v1_hash = NULL;
  g_autofree char *v1_snapshot = NULL;
  g_autofree char *v1_snapshot_after = NULL;
  gint64 entry_id, v1_id;
  CwBodyMark *mark;
  static const char * const expected[] = {
    "Observed facts",
    "Child seen alone",
    "Outcome: Enjoy and achieve",
    "Action 2",
    "Body map mark 1",
  };

  session = sign_in (fixture->db_path, "pat", PAT_PASSWORD);
  repository = cw_entry_repository_new (session);

  draft = cw_entry_repository_create_draft (repository, child_a, CW_ENTRY_KIND_HOME_VISIT,
                                            &error);
  g_assert_no_error (error);
  fill_entry (draft);
  cw_entry_repository_finish (repository, draft, &error);
  g_assert_no_error (error);
  entry_id = cw_entry_get_id (draft);
  v1_id = cw_entry_get_version_id (draft);
  v1_hash = g_strdup (cw_entry_get_content_hash (draft));
  v1_snapshot = snapshot_version (session, v1_id);

  /* A reason is required. */
  g_assert_null (cw_entry_repository_start_amendment (repository, entry_id, NULL, &error));
  assert_invalid_naming (error, "reason");
  g_clear_error (&error);
  g_assert_null (cw_entry_repository_start_amendment (repository, entry_id, "   ", &error));
  assert_invalid_naming (error, "reason");
  g_clear_error (&error);

  amendment = cw_entry_repository_start_amendment (repository, entry_id,
                                                   "Wrong facts: I mixed up two visits",
                                                   &error);
  g_assert_no_error (error);
  g_assert_nonnull (amendment);
  g_assert_cmpint (cw_entry_get_version (amendment), ==, 2);
  g_assert_cmpint (cw_entry_get_id (amendment), ==, entry_id);
  g_assert_false (cw_entry_get_finished (amendment));
  g_assert_cmpstr (cw_entry_get_text (amendment, CW_ENTRY_FIELD_AMEND_REASON), ==,
                   "Wrong facts: I mixed up two visits");
  /* It starts as a copy of what is current. */
  cw_entry_set_text (draft, CW_ENTRY_FIELD_AMEND_REASON, "Wrong facts: I mixed up two visits");
  assert_same_content (draft, amendment);
  cw_entry_set_text (draft, CW_ENTRY_FIELD_AMEND_REASON, "");

  /* Only one correction at a time. */
  g_assert_null (cw_entry_repository_start_amendment (repository, entry_id, "Another", &error));
  g_assert_error (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_INVALID);
  g_clear_error (&error);

  /* Until it is finished, version 1 stays current. */
  current = cw_entry_repository_load (repository, entry_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cw_entry_get_version (current), ==, 1);
  g_clear_object (&current);

  cw_entry_set_text (amendment, CW_ENTRY_FIELD_OBSERVED_FACTS, "The kitchen was tidy.");
  cw_entry_set_child_seen_alone (amendment, CW_ANSWER_YES);
  cw_entry_set_outcomes (amendment, cw_entry_get_outcomes (amendment) |
                                    CW_OUTCOME_ENJOY_AND_ACHIEVE);
  cw_entry_remove_action (amendment, 1);
  mark = cw_entry_get_body_marks (amendment)->pdata[0];
  g_free (mark->site);
  mark->site = g_strdup ("right forearm");
  cw_entry_emit_changed (amendment);
  cw_entry_repository_save_draft (repository, amendment, &error);
  g_assert_no_error (error);

  /* The reason cannot be emptied before finishing. */
  cw_entry_set_text (amendment, CW_ENTRY_FIELD_AMEND_REASON, "");
  g_assert_false (cw_entry_repository_finish (repository, amendment, &error));
  assert_invalid_naming (error, "reason");
  g_clear_error (&error);
  cw_entry_set_text (amendment, CW_ENTRY_FIELD_AMEND_REASON,
                     "Wrong facts: I mixed up two visits");

  cw_entry_repository_finish (repository, amendment, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_audit (session, "amend", entry_id), ==, 1);
  g_assert_cmpint (count_audit (session, "finalise", entry_id), ==, 1);

  current = cw_entry_repository_load (repository, entry_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cw_entry_get_version (current), ==, 2);
  g_assert_cmpstr (cw_entry_get_text (current, CW_ENTRY_FIELD_OBSERVED_FACTS), ==,
                   "The kitchen was tidy.");
  assert_same_content (amendment, current);
  g_assert_cmpint (query_int (session, "SELECT current_version FROM entries WHERE id = ?1",
                              entry_id), ==, 2);

  first = cw_entry_repository_load (repository, entry_id, 1, &error);
  g_assert_no_error (error);
  assert_same_content (draft, first);
  g_assert_cmpstr (cw_entry_get_content_hash (first), ==, v1_hash);
  {
    g_autofree char *recomputed = cw_entry_compute_content_hash (first);

    g_assert_cmpstr (recomputed, ==, v1_hash);
  }
  v1_snapshot_after = snapshot_version (session, v1_id);
  g_assert_cmpstr (v1_snapshot, ==, v1_snapshot_after);

  /* The history has both, each with its own content, author and times. */
  versions = cw_entry_repository_list_versions (repository, entry_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (versions->len, ==, 2);
  g_assert_cmpint (cw_entry_get_version (versions->pdata[0]), ==, 1);
  g_assert_cmpint (cw_entry_get_version (versions->pdata[1]), ==, 2);
  assert_same_content (versions->pdata[0], first);
  assert_same_content (versions->pdata[1], current);
  g_assert_cmpint (cw_entry_get_author_id (versions->pdata[1]), ==, pat_id);
  g_assert_cmpstr (cw_entry_get_content_hash (versions->pdata[0]), !=,
                   cw_entry_get_content_hash (versions->pdata[1]));
  g_assert_cmpint (g_date_time_compare (cw_entry_get_started_at (versions->pdata[1]),
                                        cw_entry_get_finished_at (versions->pdata[0])), >=, 0);
  g_assert_cmpstr (cw_entry_get_text (versions->pdata[0], CW_ENTRY_FIELD_AMEND_REASON), ==, "");

  /* What changed, and nothing else. */
  changes = cw_entry_diff (versions->pdata[0], versions->pdata[1]);
  g_assert_cmpuint (changes->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      CwEntryChange *change = changes->pdata[i];

      g_assert_cmpstr (change->what, ==, expected[i]);
    }
  g_assert_cmpstr (((CwEntryChange *) changes->pdata[0])->after, ==, "The kitchen was tidy.");
  g_assert_cmpstr (((CwEntryChange *) changes->pdata[1])->before, ==, "No");
  g_assert_cmpstr (((CwEntryChange *) changes->pdata[1])->after, ==, "Yes");
  g_assert_cmpstr (((CwEntryChange *) changes->pdata[3])->before, ==, "Call mother back");
  g_assert_cmpstr (((CwEntryChange *) changes->pdata[3])->after, ==, "");
  g_assert_nonnull (strstr (((CwEntryChange *) changes->pdata[4])->before, "left forearm"));
  g_assert_nonnull (strstr (((CwEntryChange *) changes->pdata[4])->after, "right forearm"));
  g_clear_pointer (&changes, g_ptr_array_unref);
  changes = cw_entry_diff (versions->pdata[1], versions->pdata[1]);
  g_assert_cmpuint (changes->len, ==, 0);

  /* A correction moved to another day takes its place there. */
  {
    g_autoptr(CwEntry) third = cw_entry_repository_start_amendment (repository, entry_id,
                                                                    "Date was wrong", &error);
    g_autoptr(GPtrArray) date_changes = NULL;
    GDate earlier;

    g_assert_no_error (error);
    g_assert_cmpint (cw_entry_get_version (third), ==, 3);
    days_ago (&earlier, 10);
    cw_entry_set_event_date (third, &earlier);
    cw_entry_repository_finish (repository, third, &error);
    g_assert_no_error (error);
    date_changes = cw_entry_diff (current, third);
    g_assert_cmpuint (date_changes->len, ==, 1);
    g_assert_cmpstr (((CwEntryChange *) date_changes->pdata[0])->what, ==, "When it happened");
  }

  assert_audit_intact (session);
  sign_out (&session, &repository);
}

static void
test_finish_validation (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = NULL;
  g_autoptr(CwEntryRepository) repository = NULL;
  g_autofree char *long_text = NULL;
  g_autofree char *stored = NULL;
  GDate date;

  session = sign_in (fixture->db_path, "pat", PAT_PASSWORD);
  repository = cw_entry_repository_new (session);

  /* Summary: required, one line, at most 200 characters. */
  {
    g_autoptr(CwEntry) draft = create_finishable (repository, child_a, "");
    g_autofree char *too_long = g_strnfill (201, 'x');
    g_autofree char *just_right = g_strnfill (200, 'x');

    g_assert_false (cw_entry_repository_finish (repository, draft, &error));
    assert_invalid_naming (error, "summary");
    g_clear_error (&error);
    cw_entry_set_text (draft, CW_ENTRY_FIELD_SUMMARY, "First line\nsecond line");
    g_assert_false (cw_entry_repository_finish (repository, draft, &error));
    assert_invalid_naming (error, "summary");
    g_clear_error (&error);
    cw_entry_set_text (draft, CW_ENTRY_FIELD_SUMMARY, too_long);
    g_assert_false (cw_entry_repository_finish (repository, draft, &error));
    assert_invalid_naming (error, "summary");
    g_clear_error (&error);
    g_assert_false (cw_entry_get_finished (draft));
    cw_entry_set_text (draft, CW_ENTRY_FIELD_SUMMARY, just_right);
    cw_entry_repository_finish (repository, draft, &error);
    g_assert_no_error (error);
  }

  /* The future. */
  {
    g_autoptr(CwEntry) draft = create_finishable (repository, child_a, "Future");

    days_ago (&date, -1);
    cw_entry_set_event_date (draft, &date);
    g_assert_false (cw_entry_repository_finish (repository, draft, &error));
    g_assert_error (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_INVALID);
    g_assert_cmpstr (error->message, ==, "The event cannot be in the future.");
    g_clear_error (&error);

    /* Exact precision tomorrow at midnight is still the future. */
    cw_entry_set_event_precision (draft, CW_EVENT_EXACT);
    cw_entry_set_event_time (draft, 0, 0);
    g_assert_false (cw_entry_repository_finish (repository, draft, &error));
    g_assert_cmpstr (error->message, ==, "The event cannot be in the future.");
    g_clear_error (&error);

    days_ago (&date, 0);
    cw_entry_set_event_date (draft, &date);
    cw_entry_repository_finish (repository, draft, &error);
    g_assert_no_error (error);
  }

  /* Exact precision needs a time. */
  {
    g_autoptr(CwEntry) draft = create_finishable (repository, child_a, "Exact");

    cw_entry_set_event_precision (draft, CW_EVENT_EXACT);
    g_assert_false (cw_entry_repository_finish (repository, draft, &error));
    assert_invalid_naming (error, "time");
    g_clear_error (&error);
    cw_entry_set_event_time (draft, 9, 15);
    cw_entry_repository_finish (repository, draft, &error);
    g_assert_no_error (error);
    stored = query_text (session, "SELECT event_time FROM entry_versions WHERE id = ?1",
                         cw_entry_get_version_id (draft));
    g_assert_cmpstr (stored, ==, "09:15");
    g_clear_pointer (&stored, g_free);
  }

  /* Month precision: the day is ignored, so a later day of this month is not
   * the future; day precision on that same day is. */
  {
    g_autoptr(CwEntry) draft = create_finishable (repository, child_a, "Some time this month");
    g_autoptr(CwEntry) loaded = NULL;
    GDate today, last;
    char expected[16];

    days_ago (&today, 0);
    last = today;
    g_date_set_day (&last, g_date_get_days_in_month (g_date_get_month (&today),
                                                     g_date_get_year (&today)));
    cw_entry_set_event_date (draft, &last);
    cw_entry_set_event_time (draft, 10, 0);
    if (g_date_compare (&last, &today) > 0)
      {
        g_assert_false (cw_entry_repository_finish (repository, draft, &error));
        g_assert_cmpstr (error->message, ==, "The event cannot be in the future.");
        g_clear_error (&error);
      }
    cw_entry_set_event_precision (draft, CW_EVENT_MONTH);
    cw_entry_repository_finish (repository, draft, &error);
    g_assert_no_error (error);
    g_assert_cmpint (g_date_get_day (cw_entry_get_event_date (draft)), ==, 1);
    g_assert_cmpint (cw_entry_get_event_hour (draft), ==, -1);

    g_snprintf (expected, sizeof expected, "%04u-%02u", g_date_get_year (&today),
                (guint) g_date_get_month (&today));
    stored = query_text (session, "SELECT event_date FROM entry_versions WHERE id = ?1",
                         cw_entry_get_version_id (draft));
    g_assert_cmpstr (stored, ==, expected);
    g_clear_pointer (&stored, g_free);
    stored = query_text (session, "SELECT event_time FROM entry_versions WHERE id = ?1",
                         cw_entry_get_version_id (draft));
    g_assert_cmpstr (stored, ==, "");
    g_clear_pointer (&stored, g_free);

    loaded = cw_entry_repository_load (repository, cw_entry_get_id (draft), 0, &error);
    g_assert_no_error (error);
    g_assert_cmpint (cw_entry_get_event_precision (loaded), ==, CW_EVENT_MONTH);
    g_assert_cmpint (g_date_get_month (cw_entry_get_event_date (loaded)), ==,
                     g_date_get_month (&today));
    g_assert_cmpstr (cw_entry_get_content_hash (loaded), ==, cw_entry_get_content_hash (draft));
  }

  /* Not decades before the child was born (1 June 2015), nor before 1900. */
  {
    g_autoptr(CwEntry) draft = create_finishable (repository, child_a, "Before birth");

    g_date_set_dmy (&date, 31, G_DATE_MAY, 2014);
    cw_entry_set_event_date (draft, &date);
    g_assert_false (cw_entry_repository_finish (repository, draft, &error));
    assert_invalid_naming (error, "born");
    g_clear_error (&error);
    g_date_set_dmy (&date, 1, G_DATE_JUNE, 2014);
    cw_entry_set_event_date (draft, &date);
    cw_entry_repository_finish (repository, draft, &error);
    g_assert_no_error (error);
  }
  {
    g_autoptr(CwEntry) draft = create_finishable (repository, child_c, "Long ago");

    g_date_set_dmy (&date, 31, G_DATE_DECEMBER, 1899);
    cw_entry_set_event_date (draft, &date);
    g_assert_false (cw_entry_repository_finish (repository, draft, &error));
    assert_invalid_naming (error, "1900");
    g_clear_error (&error);
    g_date_set_dmy (&date, 1, G_DATE_JANUARY, 1900);
    cw_entry_set_event_date (draft, &date);
    cw_entry_repository_finish (repository, draft, &error);
    g_assert_no_error (error);
  }
  {
    g_autoptr(CwEntry) draft = create_finishable (repository, child_a, "No date");

    cw_entry_set_event_date (draft, NULL);
    g_assert_false (cw_entry_repository_finish (repository, draft, &error));
    assert_invalid_naming (error, "date");
    g_clear_error (&error);
  }

  /* Actions need "what"; marks need a site. */
  {
    g_autoptr(CwEntry) draft = create_finishable (repository, child_a, "Actions and marks");
    CwEntryAction *action = cw_entry_action_new ("", "Pat", NULL);
    CwBodyMark *mark = cw_body_mark_new (CW_BODY_FRONT, 0.4, 0.4);

    cw_entry_add_action (draft, action);
    cw_entry_add_body_mark (draft, mark);
    /* A draft may be incomplete. */
    cw_entry_repository_save_draft (repository, draft, &error);
    g_assert_no_error (error);
    g_assert_false (cw_entry_repository_finish (repository, draft, &error));
    assert_invalid_naming (error, "action 1");
    g_clear_error (&error);
    g_free (action->what);
    action->what = g_strdup ("Ring the GP");
    g_assert_false (cw_entry_repository_finish (repository, draft, &error));
    assert_invalid_naming (error, "mark 1");
    g_clear_error (&error);
    g_free (mark->site);
    mark->site = g_strdup ("left cheek");
    cw_entry_repository_finish (repository, draft, &error);
    g_assert_no_error (error);
  }

  /* Invalid UTF-8: refused at save and at finish, with the field named. */
  {
    g_autoptr(CwEntry) draft = create_finishable (repository, child_a, "Bad bytes");

    cw_entry_set_text (draft, CW_ENTRY_FIELD_CHILD_WORDS, "She said \xff\xfe hello");
    g_assert_cmpstr (cw_entry_get_text (draft, CW_ENTRY_FIELD_CHILD_WORDS), ==,
                     "She said \xff\xfe hello");
    g_assert_false (cw_entry_repository_save_draft (repository, draft, &error));
    assert_invalid_naming (error, "The child's own words");
    g_clear_error (&error);
    g_assert_false (cw_entry_repository_finish (repository, draft, &error));
    assert_invalid_naming (error, "The child's own words");
    g_clear_error (&error);
    cw_entry_set_text (draft, CW_ENTRY_FIELD_CHILD_WORDS, "She said hello");
    cw_entry_repository_finish (repository, draft, &error);
    g_assert_no_error (error);
  }

  /* 100,001 characters are refused and the earlier save is kept; 100,000 pass. */
  {
    g_autoptr(CwEntry) draft = create_finishable (repository, child_a, "Long text");
    g_autoptr(CwEntry) reloaded = NULL;

    cw_entry_set_text (draft, CW_ENTRY_FIELD_OPINION, "Saved earlier");
    cw_entry_repository_save_draft (repository, draft, &error);
    g_assert_no_error (error);

    long_text = g_strnfill (CW_ENTRY_TEXT_MAX_CHARS + 1, 'a');
    cw_entry_set_text (draft, CW_ENTRY_FIELD_OPINION, long_text);
    g_assert_false (cw_entry_repository_save_draft (repository, draft, &error));
    assert_invalid_naming (error, "Professional opinion");
    g_assert_nonnull (strstr (error->message, "100,000"));
    g_clear_error (&error);
    g_assert_false (cw_entry_repository_finish (repository, draft, &error));
    assert_invalid_naming (error, "Professional opinion");
    g_clear_error (&error);

    reloaded = cw_entry_repository_load_draft (repository, cw_entry_get_id (draft), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (cw_entry_get_text (reloaded, CW_ENTRY_FIELD_OPINION), ==, "Saved earlier");
    g_assert_cmpstr (cw_entry_get_text (reloaded, CW_ENTRY_FIELD_SUMMARY), ==, "Long text");

    long_text[CW_ENTRY_TEXT_MAX_CHARS] = '\0';
    cw_entry_set_text (draft, CW_ENTRY_FIELD_OPINION, long_text);
    cw_entry_repository_save_draft (repository, draft, &error);
    g_assert_no_error (error);
    cw_entry_repository_finish (repository, draft, &error);
    g_assert_no_error (error);
    g_assert_cmpint (query_int (session, "SELECT length (opinion) FROM entry_versions "
                                "WHERE id = ?1", cw_entry_get_version_id (draft)), ==,
                     CW_ENTRY_TEXT_MAX_CHARS);
  }

  sign_out (&session, &repository);
}

static void
test_permissions (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = NULL;
  g_autoptr(CwEntryRepository) repository = NULL;
  g_autoptr(CwEntry) entry = NULL;
  gint64 restricted_id, open_id, draft_id;

  /* pat writes two notes on child A, one restricted, and leaves a draft. */
  session = sign_in (fixture->db_path, "pat", PAT_PASSWORD);
  repository = cw_entry_repository_new (session);

  g_assert_null (cw_entry_repository_create_draft (repository, child_b, CW_ENTRY_KIND_CASE_NOTE,
                                                   &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_cmpint (query_int (session, "SELECT count (*) FROM entries WHERE child_id = ?1",
                              child_b), ==, 0);

  restricted_id = create_finished (repository, child_a, "Disclosure about an adult", TRUE);
  open_id = create_finished (repository, child_a, "School meeting", FALSE);
  {
    g_autoptr(CwEntry) draft = create_finishable (repository, child_a, "Unfinished");

    cw_entry_repository_save_draft (repository, draft, &error);
    g_assert_no_error (error);
    draft_id = cw_entry_get_id (draft);
  }

  entry = cw_entry_repository_load (repository, restricted_id, 0, &error);
  g_assert_no_error (error);
  g_assert_true (cw_entry_get_restricted (entry));
  g_clear_object (&entry);
  sign_out (&session, &repository);

  /* The DSL reads everything finished, restricted or not, but not pat's draft. */
  session = sign_in (fixture->db_path, "dee", DEE_PASSWORD);
  repository = cw_entry_repository_new (session);
  entry = cw_entry_repository_load (repository, restricted_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cw_entry_get_text (entry, CW_ENTRY_FIELD_SUMMARY), ==,
                   "Disclosure about an adult");
  g_clear_object (&entry);
  g_assert_null (cw_entry_repository_load (repository, draft_id, 0, &error));
  g_assert_error (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (cw_entry_repository_load_draft (repository, draft_id, &error));
  g_assert_error (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (count_audit (session, "view", restricted_id), ==, 2);
  sign_out (&session, &repository);

  /* pat's line manager sees child A, but not the restricted note. */
  session = sign_in (fixture->db_path, "lena", LENA_PASSWORD);
  repository = cw_entry_repository_new (session);
  entry = cw_entry_repository_load (repository, open_id, 0, &error);
  g_assert_no_error (error);
  g_clear_object (&entry);
  g_assert_null (cw_entry_repository_load (repository, restricted_id, 0, &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_null (cw_entry_repository_list_versions (repository, restricted_id, &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_null (cw_entry_repository_start_amendment (repository, restricted_id, "Why not",
                                                      &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  /* A draft can only be changed by its author. */
  {
    g_autoptr(CwEntry) stolen = cw_entry_new ();
    g_autofree char *summary = NULL;

    cw_entry_set_version_id (stolen, query_int (session, "SELECT id FROM entry_versions "
                                                "WHERE entry_id = ?1", draft_id));
    cw_entry_set_text (stolen, CW_ENTRY_FIELD_SUMMARY, "Overwritten");
    g_assert_false (cw_entry_repository_save_draft (repository, stolen, &error));
    g_assert_error (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_NOT_AUTHOR);
    g_clear_error (&error);
    g_assert_false (cw_entry_repository_finish (repository, stolen, &error));
    g_assert_error (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_NOT_AUTHOR);
    g_clear_error (&error);
    g_assert_false (cw_entry_repository_discard_draft (repository, stolen, &error));
    g_assert_error (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_NOT_AUTHOR);
    g_clear_error (&error);
    summary = query_text (session, "SELECT summary FROM entry_versions WHERE entry_id = ?1",
                          draft_id);
    g_assert_cmpstr (summary, ==, "Unfinished");
  }
  sign_out (&session, &repository);

  /* pete may see child A (shared), not the restricted note; he may correct the other. */
  session = sign_in (fixture->db_path, "pete", PETE_PASSWORD);
  repository = cw_entry_repository_new (session);
  entry = cw_entry_repository_load (repository, open_id, 0, &error);
  g_assert_no_error (error);
  g_clear_object (&entry);
  g_assert_null (cw_entry_repository_load (repository, restricted_id, 1, &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  entry = cw_entry_repository_start_amendment (repository, open_id, "Add the school's view",
                                               &error);
  g_assert_no_error (error);
  g_assert_cmpint (cw_entry_get_author_id (entry), ==, pete_id);
  g_assert_cmpstr (cw_entry_get_author_role (entry), ==,
                   "Family Support Worker — Practitioner");
  cw_entry_repository_finish (repository, entry, &error);
  g_assert_no_error (error);
  g_clear_object (&entry);
  sign_out (&session, &repository);

  /* The administrator reads nothing and writes nothing. */
  session = sign_in (fixture->db_path, "admin", ADMIN_PASSWORD);
  repository = cw_entry_repository_new (session);
  g_assert_null (cw_entry_repository_load (repository, open_id, 0, &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_null (cw_entry_repository_load (repository, restricted_id, 0, &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_null (cw_entry_repository_list_versions (repository, open_id, &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_null (cw_entry_repository_create_draft (repository, child_a,
                                                   CW_ENTRY_KIND_CASE_NOTE, &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_null (cw_entry_repository_start_amendment (repository, open_id, "Admin edit",
                                                      &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_false (cw_entry_repository_request_removal (repository, open_id, "Tidy up",
                                                       &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_cmpint (count_audit (session, "view", open_id), ==, 2);
  sign_out (&session, &repository);
}

static void
test_removal (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = NULL;
  g_autoptr(CwEntryRepository) repository = NULL;
  g_autofree char *summary = NULL;
  gint64 wrong_child_id, lena_note_id, kept_id;

  session = sign_in (fixture->db_path, "pat", PAT_PASSWORD);
  repository = cw_entry_repository_new (session);
  wrong_child_id = create_finished (repository, child_a, "Meant for another child", FALSE);
  kept_id = create_finished (repository, child_a, "Right child", FALSE);

  /* A reason is required. */
  g_assert_false (cw_entry_repository_request_removal (repository, wrong_child_id, "", &error));
  assert_invalid_naming (error, "reason");
  g_clear_error (&error);
  cw_entry_repository_request_removal (repository, wrong_child_id,
                                       "Entered on the wrong child", &error);
  g_assert_no_error (error);
  g_assert_false (cw_entry_repository_request_removal (repository, wrong_child_id, "Again",
                                                       &error));
  g_assert_error (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_REMOVAL);
  g_clear_error (&error);
  cw_entry_repository_request_removal (repository, kept_id, "Not sure", &error);
  g_assert_no_error (error);

  /* The author cannot confirm (and a practitioner never can). */
  g_assert_false (cw_entry_repository_confirm_removal (repository, wrong_child_id, "Mine",
                                                       PAT_PASSWORD, &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_cmpint (cw_entry_repository_count_removal_requests (repository), ==, 0);
  g_assert_cmpint (count_audit (session, "removal-request", wrong_child_id), ==, 1);
  sign_out (&session, &repository);

  session = sign_in (fixture->db_path, "pete", PETE_PASSWORD);
  repository = cw_entry_repository_new (session);
  g_assert_false (cw_entry_repository_confirm_removal (repository, wrong_child_id, "Agreed",
                                                       PETE_PASSWORD, &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_false (cw_entry_repository_decline_removal (repository, wrong_child_id, "No",
                                                       &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  sign_out (&session, &repository);

  /* The line manager confirms with her password. */
  session = sign_in (fixture->db_path, "lena", LENA_PASSWORD);
  repository = cw_entry_repository_new (session);
  g_assert_cmpint (cw_entry_repository_count_removal_requests (repository), ==, 2);

  g_assert_false (cw_entry_repository_confirm_removal (repository, wrong_child_id,
                                                       "Checked with Pat", WRONG_PASSWORD,
                                                       &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);
  g_assert_false (cw_entry_repository_confirm_removal (repository, wrong_child_id, "",
                                                       LENA_PASSWORD, &error));
  assert_invalid_naming (error, "reason");
  g_clear_error (&error);
  summary = query_text (session, "SELECT state FROM entries WHERE id = ?1", wrong_child_id);
  g_assert_cmpstr (summary, ==, "finished");
  g_clear_pointer (&summary, g_free);

  cw_entry_repository_confirm_removal (repository, wrong_child_id, "Checked with Pat",
                                       LENA_PASSWORD, &error);
  g_assert_no_error (error);
  cw_entry_repository_decline_removal (repository, kept_id, "It is the right child", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cw_entry_repository_count_removal_requests (repository), ==, 0);

  summary = query_text (session, "SELECT state FROM entries WHERE id = ?1", wrong_child_id);
  g_assert_cmpstr (summary, ==, "removed");
  g_clear_pointer (&summary, g_free);
  g_assert_cmpint (query_int (session, "SELECT removed_by FROM entries WHERE id = ?1",
                              wrong_child_id), ==, lena_id);
  g_assert_cmpint (query_int (session, "SELECT removal_requested_by FROM entries WHERE id = ?1",
                              wrong_child_id), ==, pat_id);
  summary = query_text (session, "SELECT state FROM entries WHERE id = ?1", kept_id);
  g_assert_cmpstr (summary, ==, "finished");
  g_clear_pointer (&summary, g_free);

  /* The versions stay in the database; the repository no longer shows the note. */
  summary = query_text (session, "SELECT summary FROM entry_versions WHERE entry_id = ?1 "
                        "AND finished = 1", wrong_child_id);
  g_assert_cmpstr (summary, ==, "Meant for another child");
  g_clear_pointer (&summary, g_free);
  g_assert_null (cw_entry_repository_load (repository, wrong_child_id, 0, &error));
  g_assert_error (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (count_audit (session, "removal-request", wrong_child_id), ==, 1);
  g_assert_cmpint (count_audit (session, "removal-confirm", wrong_child_id), ==, 1);
  g_assert_cmpint (count_audit (session, "removal-decline", kept_id), ==, 1);

  /* A line manager's own request needs someone else too. */
  lena_note_id = create_finished (repository, child_a, "Manager's note", FALSE);
  cw_entry_repository_request_removal (repository, lena_note_id, "Wrong child", &error);
  g_assert_no_error (error);
  g_assert_false (cw_entry_repository_confirm_removal (repository, lena_note_id, "Mine",
                                                       LENA_PASSWORD, &error));
  g_assert_error (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_REMOVAL);
  g_clear_error (&error);
  g_assert_cmpint (cw_entry_repository_count_removal_requests (repository), ==, 0);
  assert_audit_intact (session);
  sign_out (&session, &repository);

  session = sign_in (fixture->db_path, "dee", DEE_PASSWORD);
  repository = cw_entry_repository_new (session);
  g_assert_cmpint (cw_entry_repository_count_removal_requests (repository), ==, 1);
  cw_entry_repository_confirm_removal (repository, lena_note_id, "Agreed with Lena",
                                       DEE_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_audit (session, "removal-confirm", lena_note_id), ==, 1);
  sign_out (&session, &repository);
}

static void
test_discard (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = NULL;
  g_autoptr(CwEntryRepository) repository = NULL;
  g_autoptr(CwEntry) draft = NULL;
  g_autoptr(CwEntry) amendment = NULL;
  g_autoptr(CwEntry) current = NULL;
  g_autofree char *state = NULL;
  gint64 draft_id, finished_id;

  session = sign_in (fixture->db_path, "pat", PAT_PASSWORD);
  repository = cw_entry_repository_new (session);

  draft = create_finishable (repository, child_a, "Started by mistake");
  fill_entry (draft);
  cw_entry_repository_save_draft (repository, draft, &error);
  g_assert_no_error (error);
  draft_id = cw_entry_get_id (draft);

  cw_entry_repository_discard_draft (repository, draft, &error);
  g_assert_no_error (error);
  state = query_text (session, "SELECT state FROM entries WHERE id = ?1", draft_id);
  g_assert_cmpstr (state, ==, "removed");
  g_assert_cmpint (query_int (session, "SELECT count (*) FROM entry_versions WHERE entry_id = ?1",
                              draft_id), ==, 0);
  g_assert_cmpint (query_int (session, "SELECT count (*) FROM entry_actions a "
                              "WHERE a.version_id NOT IN (SELECT id FROM entry_versions)",
                              0), ==, 0);
  g_assert_cmpint (query_int (session, "SELECT count (*) FROM body_marks m "
                              "WHERE m.version_id NOT IN (SELECT id FROM entry_versions)",
                              0), ==, 0);
  g_assert_false (cw_entry_repository_save_draft (repository, draft, &error));
  g_assert_error (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (count_audit (session, "discard", draft_id), ==, 1);

  /* Discarding a correction leaves the finished note as it was. */
  finished_id = create_finished (repository, child_a, "Kept", FALSE);
  amendment = cw_entry_repository_start_amendment (repository, finished_id, "Typo", &error);
  g_assert_no_error (error);
  cw_entry_set_text (amendment, CW_ENTRY_FIELD_SUMMARY, "Kept, corrected");
  cw_entry_repository_save_draft (repository, amendment, &error);
  g_assert_no_error (error);
  cw_entry_repository_discard_draft (repository, amendment, &error);
  g_assert_no_error (error);
  g_clear_pointer (&state, g_free);
  state = query_text (session, "SELECT state FROM entries WHERE id = ?1", finished_id);
  g_assert_cmpstr (state, ==, "finished");
  current = cw_entry_repository_load (repository, finished_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cw_entry_get_version (current), ==, 1);
  g_assert_cmpstr (cw_entry_get_text (current, CW_ENTRY_FIELD_SUMMARY), ==, "Kept");
  g_clear_object (&amendment);

  /* A new correction may start again, numbered after the finished ones. */
  amendment = cw_entry_repository_start_amendment (repository, finished_id, "Typo", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cw_entry_get_version (amendment), ==, 2);

  sign_out (&session, &repository);
}

static void
set_event_day (CwEntryRepository *repository,
               CwEntry           *draft,
               int                day_of_march_2025)
{
  g_autoptr(GError) error = NULL;
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day_of_march_2025, G_DATE_MARCH, 2025);
  cw_entry_set_event_date (draft, &date);
  cw_entry_repository_save_draft (repository, draft, &error);
  g_assert_no_error (error);
}

static gboolean
model_has (GListModel *model,
           gint64      entry_id)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CwEntry) entry = g_list_model_get_item (model, i);

      if (cw_entry_get_id (entry) == entry_id)
        return TRUE;
    }

  return FALSE;
}

static void
test_my_work (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = NULL;
  g_autoptr(CwEntryRepository) repository = NULL;
  g_autoptr(CwEntry) concern = NULL;
  g_autoptr(CwEntry) note = NULL;
  g_autoptr(CwEntry) visit_cp = NULL;
  g_autoptr(CwEntry) thursday_concern = NULL;
  g_autoptr(CwEntry) amendment = NULL;
  g_autoptr(GListModel) drafts = NULL;
  g_autoptr(GListModel) overdue = NULL;
  g_autoptr(GDateTime) monday = g_date_time_new_local (2025, 3, 10, 12, 0, 0);
  g_autoptr(GDateTime) tuesday = g_date_time_new_local (2025, 3, 11, 12, 0, 0);
  g_autoptr(GDateTime) wednesday = g_date_time_new_local (2025, 3, 12, 12, 0, 0);
  g_autoptr(GDateTime) thursday = g_date_time_new_local (2025, 3, 13, 12, 0, 0);
  gint64 finished_id;
  GDate due;

  session = sign_in (fixture->db_path, "pat", PAT_PASSWORD);
  repository = cw_entry_repository_new (session);

  /* Friday 7 March 2025: a concern (urgent), a case note, and a home visit to a
   * child with a child-protection plan (urgent too). */
  concern = cw_entry_repository_create_draft (repository, child_a, CW_ENTRY_KIND_CONCERN,
                                              &error);
  g_assert_no_error (error);
  set_event_day (repository, concern, 7);
  note = cw_entry_repository_create_draft (repository, child_a, CW_ENTRY_KIND_CASE_NOTE, &error);
  g_assert_no_error (error);
  set_event_day (repository, note, 7);
  visit_cp = cw_entry_repository_create_draft (repository, child_c, CW_ENTRY_KIND_HOME_VISIT,
                                               &error);
  g_assert_no_error (error);
  set_event_day (repository, visit_cp, 7);
  /* Thursday 6 March: another concern. */
  thursday_concern = cw_entry_repository_create_draft (repository, child_a,
                                                       CW_ENTRY_KIND_DISCLOSURE, &error);
  g_assert_no_error (error);
  set_event_day (repository, thursday_concern, 6);

  finished_id = create_finished (repository, child_a, "Done", FALSE);
  amendment = cw_entry_repository_start_amendment (repository, finished_id, "Typo", &error);
  g_assert_no_error (error);

  /* My drafts: all four first drafts and the correction, not the finished note. */
  drafts = cw_entry_repository_list_my_drafts (repository);
  g_assert_cmpuint (g_list_model_get_n_items (drafts), ==, 5);
  g_assert_true (model_has (drafts, cw_entry_get_id (concern)));
  g_assert_true (model_has (drafts, finished_id));
  {
    g_autoptr(CwEntry) first = g_list_model_get_item (drafts, 0);

    g_assert_cmpint (cw_entry_get_child_id (first), >, 0);
    g_assert_false (cw_entry_get_finished (first));
  }

  g_assert_true (cw_entry_repository_get_due_date (repository, concern, &due));
  g_assert_cmpint (g_date_get_day (&due), ==, 10);
  g_assert_true (cw_entry_repository_get_due_date (repository, note, &due));
  g_assert_cmpint (g_date_get_day (&due), ==, 12);
  g_assert_true (cw_entry_repository_get_due_date (repository, visit_cp, &due));
  g_assert_cmpint (g_date_get_day (&due), ==, 10);

  /* Monday: only Thursday's disclosure (due Friday) is late. */
  overdue = cw_entry_repository_list_my_overdue (repository, monday);
  g_assert_cmpuint (g_list_model_get_n_items (overdue), ==, 1);
  g_assert_true (model_has (overdue, cw_entry_get_id (thursday_concern)));
  g_clear_object (&overdue);

  /* Tuesday: Friday's urgent drafts were due on Monday (the weekend skipped). */
  overdue = cw_entry_repository_list_my_overdue (repository, tuesday);
  g_assert_cmpuint (g_list_model_get_n_items (overdue), ==, 3);
  g_assert_true (model_has (overdue, cw_entry_get_id (concern)));
  g_assert_true (model_has (overdue, cw_entry_get_id (visit_cp)));
  g_assert_true (model_has (overdue, cw_entry_get_id (thursday_concern)));
  g_assert_false (model_has (overdue, cw_entry_get_id (note)));
  {
    /* Oldest event first. */
    g_autoptr(CwEntry) first = g_list_model_get_item (overdue, 0);

    g_assert_cmpint (cw_entry_get_id (first), ==, cw_entry_get_id (thursday_concern));
  }
  g_clear_object (&overdue);

  /* Wednesday: the case note is due today, not yet late; Thursday it is. */
  overdue = cw_entry_repository_list_my_overdue (repository, wednesday);
  g_assert_false (model_has (overdue, cw_entry_get_id (note)));
  g_clear_object (&overdue);
  overdue = cw_entry_repository_list_my_overdue (repository, thursday);
  g_assert_cmpuint (g_list_model_get_n_items (overdue), ==, 4);
  g_assert_true (model_has (overdue, cw_entry_get_id (note)));
  g_assert_false (model_has (overdue, finished_id));
  g_clear_object (&overdue);

  /* Finishing a draft takes it off both lists. */
  cw_entry_set_text (note, CW_ENTRY_FIELD_SUMMARY, "Late, but written");
  cw_entry_repository_finish (repository, note, &error);
  g_assert_no_error (error);
  cw_sql_list_model_reload (CW_SQL_LIST_MODEL (drafts));
  g_assert_cmpuint (g_list_model_get_n_items (drafts), ==, 4);
  g_assert_false (model_has (drafts, cw_entry_get_id (note)));
  overdue = cw_entry_repository_list_my_overdue (repository, thursday);
  g_assert_cmpuint (g_list_model_get_n_items (overdue), ==, 3);
  g_clear_object (&overdue);
  g_clear_object (&drafts);
  sign_out (&session, &repository);

  /* Nobody else's drafts are mine. */
  session = sign_in (fixture->db_path, "dee", DEE_PASSWORD);
  repository = cw_entry_repository_new (session);
  drafts = cw_entry_repository_list_my_drafts (repository);
  g_assert_cmpuint (g_list_model_get_n_items (drafts), ==, 0);
  overdue = cw_entry_repository_list_my_overdue (repository, thursday);
  g_assert_cmpuint (g_list_model_get_n_items (overdue), ==, 0);
  g_clear_object (&drafts);
  g_clear_object (&overdue);
  sign_out (&session, &repository);

  /* Working Monday to Thursday: Thursday's disclosure is due the next Monday. */
  session = sign_in (fixture->db_path, "admin", ADMIN_PASSWORD);
  cw_session_set_setting (session, "working-days", "1,2,3,4", &error);
  g_assert_no_error (error);
  sign_out (&session, NULL);

  session = sign_in (fixture->db_path, "pat", PAT_PASSWORD);
  repository = cw_entry_repository_new (session);
  overdue = cw_entry_repository_list_my_overdue (repository, monday);
  g_assert_false (model_has (overdue, cw_entry_get_id (thursday_concern)));
  g_clear_object (&overdue);
  overdue = cw_entry_repository_list_my_overdue (repository, tuesday);
  g_assert_true (model_has (overdue, cw_entry_get_id (thursday_concern)));
  g_clear_object (&overdue);
  sign_out (&session, &repository);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_assert_true (cw_secure_init ());

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/entries/entry/basics", test_entry_basics);
  g_test_add_func ("/entries/deadline/working-days", test_due_dates);
  ADD ("/entries/draft/save-finish-read", test_draft_save_finish);
  ADD ("/entries/finished/refused-by-sql", test_finished_refused_by_sql);
  ADD ("/entries/amend/versions", test_amendment);
  ADD ("/entries/finish/validation", test_finish_validation);
  ADD ("/entries/permissions", test_permissions);
  ADD ("/entries/removal", test_removal);
  ADD ("/entries/draft/discard", test_discard);
  ADD ("/entries/my-work", test_my_work);

  status = g_test_run ();

  if (template_dir != NULL)
    cw_test_remove_tree (template_dir);
  g_free (template_dir);

  return status;
}
