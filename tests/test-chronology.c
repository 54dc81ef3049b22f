/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <pango/pango.h>

#include "cw-child-repository.h"
#include "cw-chronology-private.h"
#include "cw-database-private.h"
#include "cw-entry-repository.h"
#include "cw-principles.h"
#include "cw-session.h"
#include "cw-sign-off-repository.h"
#include "cw-sql-list-model-private.h"
#include "cw-test-util.h"

/*
 * The chronology against a real SQLCipher database, made once (Argon2 is
 * slow on purpose) and read by every test; tests that change it work on a
 * copy. Notes are written and finished through CwEntryRepository.
 *
 *   admin  administrator (sees no child)
 *   dee    DSL (sees every child and restricted notes)
 *   pat    practitioner; Amara and Cara are allocated to pat
 *   pete   practitioner; Ben is allocated to pete
 *
 * Amara (born 1 June 2015) has the notes of the order, filter and search
 * tests; Ben's date of birth is unknown; Cara's is approximate (2010).
 */

#define ORGANISATION   "Hillside Children's Team"
#define ADMIN_PASSWORD "Harbour-Lantern-Violet-2718"
#define DEE_PASSWORD   "Willow-Quartz-Beacon-8843"
#define PAT_PASSWORD   "Copper-Meadow-Tuesday-5521"
#define PETE_PASSWORD  "Juniper-Cobalt-Anchor-7716"

#define N_BULK 20000

static const char *const file_suffixes[] = { "", "-wal", "-shm", ".keys" };

static char *template_dir;
static char *template_db;
static gint64 admin_id, dee_id, pat_id, pete_id;
static gint64 amara, ben, cara;

/* Amara's notes, by what they are for. */
static gint64 n_feb_about, n_mar1_timed, n_march_month, n_mar10_morning, n_mar10_call,
              n_mar10_first, n_mar10_second, n_disclosure, n_decision, n_amended, n_removed,
              n_draft, n_pat_restricted, n_fields, n_meta, n_zoe_plain, n_unborn, n_sparse;
static gint64 n_ben, n_cara;

/* Sessions ---------------------------------------------------------------- */

/* CwDatabase warns when it closes a connection with statements still
 * prepared. SQLite's FTS4 module keeps its own until the connection
 * closes; sign_out() checks that no other statement is left. */
static gboolean
fatal_log_cb (const char     *log_domain,
              GLogLevelFlags  log_level,
              const char     *message,
              gpointer        user_data)
{
  return !(g_strcmp0 (log_domain, "cw-database") == 0 &&
           g_strcmp0 (message, "Closing the database while statements are still prepared") == 0);
}

static void
database_log_cb (const char     *log_domain,
                 GLogLevelFlags  log_level,
                 const char     *message,
                 gpointer        user_data)
{
  if (g_strcmp0 (message, "Closing the database while statements are still prepared") == 0)
    return;

  g_log_default_handler (log_domain, log_level, message, user_data);
}

static void
quiet_fts_statements (void)
{
  g_test_log_set_fatal_handler (fatal_log_cb, NULL);
  g_log_set_handler ("cw-database", G_LOG_LEVEL_WARNING | G_LOG_FLAG_FATAL, database_log_cb,
                     NULL);
}

static CwSession *
sign_in (const char *db_path,
         const char *username,
         const char *password)
{
  g_autoptr(GError) error = NULL;
  CwSession *session;

  /* GLib resets the log handlers for every test. */
  quiet_fts_statements ();
  session = cw_session_sign_in_with_password (db_path, username, password, &error);

  g_assert_no_error (error);
  g_assert_nonnull (session);
  return session;
}

static void
sign_out (CwSession **session)
{
  CwDatabase *database = cw_session_get_database (*session);

  /* No statement of ours is left prepared (FTS4's own are named 'main'.'…'). */
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

static void
copy_database (const char *to_db)
{
  for (guint i = 0; i < G_N_ELEMENTS (file_suffixes); i++)
    {
      g_autofree char *from = g_strconcat (template_db, file_suffixes[i], NULL);
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

/* Building the database ---------------------------------------------------- */

static gint64
add_staff (CwSession  *session,
           const char *username,
           const char *name,
           CwRoles     roles,
           const char *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwStaffMember) member = NULL;

  member = cw_session_add_staff (session, ADMIN_PASSWORD, username, name, "Worker", roles, 0,
                                 password, &error);
  g_assert_no_error (error);
  return cw_staff_member_get_id (member);
}

static gint64
add_child (CwChildRepository *children,
           const char        *reference,
           const char        *given,
           const char        *family,
           int                dob_year,
           CwDatePrecision    precision,
           const char        *legal_status,
           gint64             worker_id)
{
  g_autoptr(CwChild) child = cw_child_new ();
  g_autoptr(CwChild) stored = NULL;
  g_autoptr(GError) error = NULL;

  cw_child_set_case_reference (child, reference);
  cw_child_set_given_names (child, given);
  cw_child_set_family_name (child, family);
  if (precision != CW_DATE_UNKNOWN)
    {
      GDate dob;

      g_date_clear (&dob, 1);
      g_date_set_dmy (&dob, 1, G_DATE_JUNE, dob_year);
      cw_child_set_date_of_birth (child, &dob);
    }
  cw_child_set_dob_precision (child, precision);
  cw_child_set_legal_status (child, legal_status);
  cw_child_set_allocated_worker_id (child, worker_id);

  stored = cw_child_repository_create (children, child, &error);
  g_assert_no_error (error);
  return cw_child_get_id (stored);
}

typedef struct
{
  CwEntryKind       kind;
  int               year, month, day;   /* day 0: known to the month */
  int               hour, minute;       /* -1: no time */
  CwEventPrecision  precision;
  const char       *summary;
  gboolean          significant;
  gboolean          restricted;
  CwOutcomes        outcomes;
  const char       *texts[CW_ENTRY_FIELD_LAST];
  const char       *action_what;        /* a first action, if any */
  const char       *action_who;
} NoteSpec;

static CwEntry *
draft_note (CwEntryRepository *notes,
            gint64             child_id,
            const NoteSpec    *spec)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwEntry) draft = cw_entry_repository_create_draft (notes, child_id, spec->kind,
                                                               &error);
  GDate date;

  g_assert_no_error (error);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, spec->day > 0 ? spec->day : 1, spec->month, spec->year);
  cw_entry_set_event_date (draft, &date);
  cw_entry_set_event_precision (draft, spec->precision);
  cw_entry_set_event_time (draft, spec->hour, spec->minute);
  cw_entry_set_text (draft, CW_ENTRY_FIELD_SUMMARY, spec->summary);
  for (guint f = 0; f < CW_ENTRY_FIELD_LAST; f++)
    if (spec->texts[f] != NULL)
      cw_entry_set_text (draft, f, spec->texts[f]);
  cw_entry_set_significant (draft, spec->significant);
  cw_entry_set_restricted (draft, spec->restricted);
  cw_entry_set_outcomes (draft, spec->outcomes);
  if (spec->action_what != NULL)
    {
      GDate by_when;

      g_date_clear (&by_when, 1);
      g_date_set_dmy (&by_when, 20, 3, 2021);
      cw_entry_add_action (draft, cw_entry_action_new (spec->action_what, spec->action_who,
                                                       &by_when));
    }

  return g_steal_pointer (&draft);
}

static gint64
write_note (CwEntryRepository *notes,
            gint64             child_id,
            const NoteSpec    *spec)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwEntry) draft = draft_note (notes, child_id, spec);

  cw_entry_repository_finish (notes, draft, &error);
  g_assert_no_error (error);
  g_assert_true (cw_entry_get_finished (draft));
  return cw_entry_get_id (draft);
}

static void
build_template (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = NULL;
  g_autoptr(CwChildRepository) children = NULL;
  g_autoptr(CwEntryRepository) notes = NULL;
  g_autoptr(CwEntry) draft = NULL;
  g_autoptr(CwEntry) amendment = NULL;
  g_autofree char *recovery_key = NULL;

  template_dir = cw_test_make_tmpdir ();
  template_db = g_build_filename (template_dir, "casework.db", NULL);

  session = cw_session_create_database (template_db, ORGANISATION, "admin", "Ada Admin",
                                        ADMIN_PASSWORD, &recovery_key, &error);
  g_assert_no_error (error);
  admin_id = cw_staff_member_get_id (cw_session_get_staff_member (session));
  dee_id = add_staff (session, "dee", "Dee Lead", CW_ROLE_DSL, DEE_PASSWORD);
  pat_id = add_staff (session, "pat", "Pat Practitioner", CW_ROLE_PRACTITIONER, PAT_PASSWORD);
  pete_id = add_staff (session, "pete", "Pete Practitioner", CW_ROLE_PRACTITIONER,
                       PETE_PASSWORD);
  sign_out (&session);

  /* The DSL opens the records and writes her notes. */
  session = sign_in (template_db, "dee", DEE_PASSWORD);
  children = cw_child_repository_new (session);
  amara = add_child (children, "CR-0001", "Amara", "Okafor", 2015, CW_DATE_EXACT,
                     CW_LEGAL_STATUS_CHILD_IN_NEED, pat_id);
  ben = add_child (children, "CR-0002", "Ben", "Lewis", 0, CW_DATE_UNKNOWN,
                   CW_LEGAL_STATUS_NONE, pete_id);
  cara = add_child (children, "CR-0003", "Cara", "Nowak", 2010, CW_DATE_APPROXIMATE,
                    CW_LEGAL_STATUS_CHILD_PROTECTION_PLAN, pat_id);
  notes = cw_entry_repository_new (session);

  n_feb_about = write_note (notes, amara, &(NoteSpec) {
    CW_ENTRY_KIND_CONCERN, 2021, 2, 20, -1, -1, CW_EVENT_APPROXIMATE,
    "Neighbour worried about shouting", .significant = TRUE, .outcomes = CW_OUTCOME_STAY_SAFE,
    .texts = { [CW_ENTRY_FIELD_REPORTED_FACTS] = "Shouting late at night",
               [CW_ENTRY_FIELD_REPORTED_SOURCE_NAME] = "Mr Hale",
               [CW_ENTRY_FIELD_REPORTED_SOURCE_ROLE] = "Neighbour" } });
  n_disclosure = write_note (notes, amara, &(NoteSpec) {
    CW_ENTRY_KIND_DISCLOSURE, 2022, 7, 15, -1, -1, CW_EVENT_DAY,
    "Amara told her teacher about a bruise", .significant = TRUE, .restricted = TRUE,
    .outcomes = CW_OUTCOME_STAY_SAFE,
    .texts = { [CW_ENTRY_FIELD_CHILD_WORDS] = "“Mummy’s friend grabbed my arm”",
               [CW_ENTRY_FIELD_OBSERVED_FACTS] = "A yellow bruise on the upper arm; "
                                                 "confidential walrus" } });
  n_decision = write_note (notes, amara, &(NoteSpec) {
    CW_ENTRY_KIND_DECISION, 2023, 1, 5, -1, -1, CW_EVENT_DAY,
    "Strategy discussion outcome", .outcomes = CW_OUTCOME_BE_HEALTHY,
    .texts = { [CW_ENTRY_FIELD_DECISION] = "Section 47 enquiry to start",
               [CW_ENTRY_FIELD_DECISION_REASONS] = "Repeated injuries" } });
  n_ben = write_note (notes, ben, &(NoteSpec) {
    CW_ENTRY_KIND_CASE_NOTE, 2022, 3, 1, -1, -1, CW_EVENT_DAY, "Ben started at a new school",
    .texts = { [CW_ENTRY_FIELD_OBSERVED_FACTS] = "Zoe walked him to the gate" } });
  g_clear_object (&notes);
  g_clear_object (&children);
  sign_out (&session);

  /* The allocated worker writes the rest. */
  session = sign_in (template_db, "pat", PAT_PASSWORD);
  notes = cw_entry_repository_new (session);

  n_mar10_morning = write_note (notes, amara, &(NoteSpec) {
    CW_ENTRY_KIND_HOME_VISIT, 2021, 3, 10, 9, 30, CW_EVENT_EXACT, "Morning home visit",
    .outcomes = CW_OUTCOME_STAY_SAFE,
    .texts = { [CW_ENTRY_FIELD_IMPACT] = "Amara is safe at home for now" },
    .action_what = "Refer to the school nurse", .action_who = "Pat" });
  /* Untimed notes of 10 March, finished in this order (their sequence). */
  n_mar10_first = write_note (notes, amara, &(NoteSpec) {
    CW_ENTRY_KIND_CASE_NOTE, 2021, 3, 10, -1, -1, CW_EVENT_DAY, "Untimed, written first",
    .outcomes = CW_OUTCOME_STAY_SAFE });
  n_mar10_call = write_note (notes, amara, &(NoteSpec) {
    CW_ENTRY_KIND_PHONE_CALL, 2021, 3, 10, 15, 0, CW_EVENT_EXACT, "Afternoon call with school",
    .outcomes = CW_OUTCOME_ENJOY_AND_ACHIEVE });
  n_mar10_second = write_note (notes, amara, &(NoteSpec) {
    CW_ENTRY_KIND_CASE_NOTE, 2021, 3, 10, -1, -1, CW_EVENT_DAY, "Untimed, written second",
    .outcomes = CW_OUTCOME_STAY_SAFE });
  n_march_month = write_note (notes, amara, &(NoteSpec) {
    CW_ENTRY_KIND_INFORMATION_RECEIVED, 2021, 3, 0, -1, -1, CW_EVENT_MONTH,
    "Housing officer: rent arrears some time in March",
    .outcomes = CW_OUTCOME_ECONOMIC_WELLBEING });
  n_mar1_timed = write_note (notes, amara, &(NoteSpec) {
    CW_ENTRY_KIND_MEETING, 2021, 3, 1, 10, 0, CW_EVENT_EXACT, "Core group meeting",
    .outcomes = CW_OUTCOME_STAY_SAFE });
  n_pat_restricted = write_note (notes, amara, &(NoteSpec) {
    CW_ENTRY_KIND_CASE_NOTE, 2024, 1, 10, -1, -1, CW_EVENT_DAY, "Pat's restricted note",
    .restricted = TRUE, .outcomes = CW_OUTCOME_STAY_SAFE });

  /* One word per field, to show that search reads every field. */
  n_fields = write_note (notes, amara, &(NoteSpec) {
    CW_ENTRY_KIND_HOME_VISIT, 2023, 6, 1, -1, -1, CW_EVENT_DAY, "Visit aardvark",
    .outcomes = CW_OUTCOME_STAY_SAFE,
    .texts = {
      [CW_ENTRY_FIELD_PRESENT] = "bison",
      [CW_ENTRY_FIELD_LOCATION] = "cheetah",
      [CW_ENTRY_FIELD_CHILD_NOT_SEEN_REASON] = "dingo",
      [CW_ENTRY_FIELD_CHILD_WORDS] = "emu",
      [CW_ENTRY_FIELD_WISHES_FEELINGS] = "ferret",
      [CW_ENTRY_FIELD_OBSERVED_FACTS] = "gazelle",
      [CW_ENTRY_FIELD_REPORTED_FACTS] = "hyena",
      [CW_ENTRY_FIELD_REPORTED_SOURCE_NAME] = "ibis",
      [CW_ENTRY_FIELD_REPORTED_SOURCE_ROLE] = "jackal",
      [CW_ENTRY_FIELD_OPINION] = "koala",
      [CW_ENTRY_FIELD_OPINION_EVIDENCE] = "lemur",
      [CW_ENTRY_FIELD_STRENGTHS] = "meerkat",
      [CW_ENTRY_FIELD_DIFFICULTIES_RISKS] = "narwhal",
      [CW_ENTRY_FIELD_DECISION] = "ocelot",
      [CW_ENTRY_FIELD_DECISION_REASONS] = "The <b>pelican</b> & the \"gull\" said so",
      [CW_ENTRY_FIELD_IMPACT] = "quetzal",
    } });

  /* Punctuation, quotes and Unicode to search for. */
  n_meta = write_note (notes, amara, &(NoteSpec) {
    CW_ENTRY_KIND_OFFICE_VISIT, 2023, 6, 2, -1, -1, CW_EVENT_DAY,
    "Meeting with Zoë O'Brien", .outcomes = CW_OUTCOME_STAY_SAFE,
    .texts = {
      [CW_ENTRY_FIELD_CHILD_WORDS] = "“I said \"no\" to the 50% offer” (she meant it), near "
                                     "the door or the gate; a_b test-case",
    } });
  n_zoe_plain = write_note (notes, amara, &(NoteSpec) {
    CW_ENTRY_KIND_CASE_NOTE, 2023, 6, 3, -1, -1, CW_EVENT_DAY, "Zoe phoned",
    .outcomes = CW_OUTCOME_STAY_SAFE });

  /* Before Amara was born (the repository allows a year before). */
  n_unborn = write_note (notes, amara, &(NoteSpec) {
    CW_ENTRY_KIND_INFORMATION_RECEIVED, 2015, 3, 1, -1, -1, CW_EVENT_DAY,
    "Midwife: pregnancy booked late", .outcomes = CW_OUTCOME_BE_HEALTHY,
    .texts = { [CW_ENTRY_FIELD_REPORTED_FACTS] = "Booked at 30 weeks",
               [CW_ENTRY_FIELD_REPORTED_SOURCE_NAME] = "Ms Jones",
               [CW_ENTRY_FIELD_REPORTED_SOURCE_ROLE] = "Community midwife" } });

  /* A note with nothing but a summary. */
  n_sparse = write_note (notes, amara, &(NoteSpec) {
    CW_ENTRY_KIND_HOME_VISIT, 2023, 7, 1, -1, -1, CW_EVENT_DAY, "Visit, nothing else written" });

  /* Corrected: only version 2 is current. */
  n_amended = write_note (notes, amara, &(NoteSpec) {
    CW_ENTRY_KIND_CASE_NOTE, 2023, 5, 1, -1, -1, CW_EVENT_DAY, "Original wording pineapple",
    .outcomes = CW_OUTCOME_STAY_SAFE });
  amendment = cw_entry_repository_start_amendment (notes, n_amended, "Wrong fruit raccoon",
                                                   &error);
  g_assert_no_error (error);
  cw_entry_set_text (amendment, CW_ENTRY_FIELD_SUMMARY, "Corrected wording mango");
  cw_entry_repository_finish (notes, amendment, &error);
  g_assert_no_error (error);

  /* Entered on the wrong child: removed (confirmed by dee below). */
  n_removed = write_note (notes, amara, &(NoteSpec) {
    CW_ENTRY_KIND_CASE_NOTE, 2022, 1, 1, -1, -1, CW_EVENT_DAY, "Wrong child removedword",
    .outcomes = CW_OUTCOME_STAY_SAFE });
  cw_entry_repository_request_removal (notes, n_removed, "This is about another child",
                                       &error);
  g_assert_no_error (error);

  /* Never finished. */
  draft = draft_note (notes, amara, &(NoteSpec) {
    CW_ENTRY_KIND_CASE_NOTE, 2022, 2, 1, -1, -1, CW_EVENT_DAY, "Draft draftword" });
  cw_entry_repository_save_draft (notes, draft, &error);
  g_assert_no_error (error);
  n_draft = cw_entry_get_id (draft);

  n_cara = write_note (notes, cara, &(NoteSpec) {
    CW_ENTRY_KIND_HOME_VISIT, 2020, 9, 1, -1, -1, CW_EVENT_DAY, "Visit to Cara" });

  g_clear_object (&notes);
  sign_out (&session);

  session = sign_in (template_db, "dee", DEE_PASSWORD);
  notes = cw_entry_repository_new (session);
  cw_entry_repository_confirm_removal (notes, n_removed, "Confirmed: wrong child",
                                       DEE_PASSWORD, &error);
  g_assert_no_error (error);
  g_clear_object (&notes);
  sign_out (&session);
}

/* Reading the chronology ---------------------------------------------------- */

static CwChronology *
open_chronology (CwSession                *session,
                 gint64                    child_id,
                 const CwChronologyFilter *filter)
{
  g_autoptr(GError) error = NULL;
  CwChronology *chronology = cw_chronology_new (session, child_id, filter, &error);

  g_assert_no_error (error);
  g_assert_nonnull (chronology);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (chronology)) ==
                 CW_TYPE_CHRONOLOGY_ITEM);
  return chronology;
}

static CwChronologyItem *
item_at (CwChronology *chronology,
         guint         position)
{
  CwChronologyItem *item = g_list_model_get_item (G_LIST_MODEL (chronology), position);

  g_assert_nonnull (item);
  return item;
}

/* The entry ids, in list order. */
static GArray *
ids_of (CwChronology *chronology)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (chronology));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CwChronologyItem) item = item_at (chronology, i);
      gint64 id = cw_chronology_item_get_entry_id (item);

      g_array_append_val (ids, id);
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (chronology), n));

  return ids;
}

static gboolean
ids_contain (GArray *ids,
             gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

static guint
position_of (GArray *ids,
             gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return i;
  g_assert_not_reached ();
}

/* Exactly @expected (0-terminated), in any order. */
static void
assert_ids (CwChronology *chronology,
            const gint64 *expected)
{
  g_autoptr(GArray) ids = ids_of (chronology);
  guint n_expected = 0;

  for (; expected[n_expected] != 0; n_expected++)
    if (!ids_contain (ids, expected[n_expected]))
      g_error ("Note %" G_GINT64_FORMAT " is missing", expected[n_expected]);
  g_assert_cmpuint (ids->len, ==, n_expected);
}

static GDate
make_date (int year, int month, int day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  return date;
}

/* Tests ------------------------------------------------------------------- */

static void
test_order (void)
{
  g_autoptr(CwSession) session = sign_in (template_db, "dee", DEE_PASSWORD);
  g_autoptr(CwChronology) chronology = open_chronology (session, amara, NULL);
  g_autoptr(GArray) ids = ids_of (chronology);
  const gint64 expected[] = {
    n_unborn,
    n_feb_about,                       /* about 20 Feb 2021 */
    n_mar1_timed,                      /* 1 Mar 2021, 10:00 */
    n_march_month,                     /* March 2021: untimed, after the timed 1 March */
    n_mar10_morning,                   /* 10 Mar 2021, 09:30 */
    n_mar10_call,                      /* 10 Mar 2021, 15:00 */
    n_mar10_first,                     /* untimed, sequence 1 */
    n_mar10_second,                    /* untimed, sequence 2 */
    n_disclosure,                      /* 15 Jul 2022 */
    n_decision,                        /* 5 Jan 2023 */
    n_amended,                         /* 1 May 2023 */
    n_fields, n_meta, n_zoe_plain,     /* 1, 2, 3 June 2023 */
    n_sparse,                          /* 1 July 2023 */
    n_pat_restricted,                  /* 10 Jan 2024 */
  };

  g_assert_cmpuint (ids->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    if (g_array_index (ids, gint64, i) != expected[i])
      g_error ("Position %u holds note %" G_GINT64_FORMAT ", expected %" G_GINT64_FORMAT,
               i, g_array_index (ids, gint64, i), expected[i]);

  /* Jumping to a note finds the position the list has. */
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpuint (cw_chronology_find_position (chronology, expected[i]), ==, i);
  g_assert_cmpuint (cw_chronology_find_position (chronology, n_removed), ==, G_MAXUINT);
  g_assert_cmpuint (cw_chronology_find_position (chronology, n_draft), ==, G_MAXUINT);
  g_assert_cmpuint (cw_chronology_find_position (chronology, n_ben), ==, G_MAXUINT);

  g_clear_object (&chronology);
  sign_out (&session);
}

static void
test_items (void)
{
  g_autoptr(CwSession) session = sign_in (template_db, "dee", DEE_PASSWORD);
  g_autoptr(CwChronology) chronology = open_chronology (session, amara, NULL);
  g_autoptr(CwChronology) ben_chronology = NULL;
  g_autoptr(CwChronology) cara_chronology = NULL;
  g_autoptr(GArray) ids = ids_of (chronology);
  g_autoptr(CwChronologyItem) morning = NULL;
  g_autoptr(CwChronologyItem) month = NULL;
  g_autoptr(CwChronologyItem) about = NULL;
  g_autoptr(CwChronologyItem) unborn = NULL;
  g_autoptr(CwChronologyItem) decision = NULL;
  g_autoptr(CwChronologyItem) sparse = NULL;
  g_autoptr(CwChronologyItem) amended = NULL;
  g_autoptr(CwChronologyItem) ben_item = NULL;
  g_autoptr(CwChronologyItem) cara_item = NULL;
  g_autofree char *summary_prop = NULL;
  g_autofree char *age_prop = NULL;
  guint n_missed_prop = 0;
  const char * const *missed;
  gboolean impact_missed = FALSE;

  morning = item_at (chronology, position_of (ids, n_mar10_morning));
  g_assert_cmpint (cw_chronology_item_get_version (morning), ==, 1);
  g_assert_cmpint (cw_chronology_item_get_kind (morning), ==, CW_ENTRY_KIND_HOME_VISIT);
  g_assert_cmpstr (cw_chronology_item_get_kind_title (morning), ==,
                   cw_entry_kind_get_title (CW_ENTRY_KIND_HOME_VISIT));
  g_assert_cmpstr (cw_chronology_item_get_summary (morning), ==, "Morning home visit");
  g_assert_cmpint (cw_chronology_item_get_event_hour (morning), ==, 9);
  g_assert_cmpint (cw_chronology_item_get_event_minute (morning), ==, 30);
  g_assert_cmpint (g_date_get_day (cw_chronology_item_get_event_date (morning)), ==, 10);
  g_assert_cmpstr (cw_chronology_item_get_uncertainty (morning), ==, "");
  g_assert_cmpstr (cw_chronology_item_get_age (morning), ==, "5 years");
  g_assert_cmpstr (cw_chronology_item_get_author_name (morning), ==, "Pat Practitioner");
  g_assert_cmpstr (cw_chronology_item_get_source (morning), ==, "Pat Practitioner");
  g_assert_cmpstr (cw_chronology_item_get_impact (morning), ==, "Amara is safe at home for now");
  g_assert_nonnull (strstr (cw_chronology_item_get_action_outcome (morning),
                            "Refer to the school nurse"));
  g_assert_nonnull (strstr (cw_chronology_item_get_action_outcome (morning), "Pat"));
  g_assert_nonnull (strstr (cw_chronology_item_get_action_outcome (morning), "2021"));
  g_assert_nonnull (strstr (cw_chronology_item_get_event_text (morning), "09:30"));
  g_assert_cmpstr (cw_chronology_item_get_state (morning), ==, "finished");
  g_assert_cmpstr (cw_chronology_item_get_sign_off_state (morning), ==, "");
  g_assert_null (cw_chronology_item_get_snippet (morning));
  g_assert_nonnull (cw_chronology_item_get_finished_at (morning));
  g_assert_false (cw_chronology_item_get_significant (morning));
  g_assert_false (cw_chronology_item_get_restricted (morning));

  /* Properties carry the same values (for list item factories). */
  g_object_get (morning, "summary", &summary_prop, "age", &age_prop,
                "n-missed", &n_missed_prop, NULL);
  g_assert_cmpstr (summary_prop, ==, "Morning home visit");
  g_assert_cmpstr (age_prop, ==, "5 years");
  g_assert_cmpuint (n_missed_prop, ==, cw_chronology_item_get_n_missed (morning));

  month = item_at (chronology, position_of (ids, n_march_month));
  g_assert_cmpint (cw_chronology_item_get_event_precision (month), ==, CW_EVENT_MONTH);
  g_assert_cmpstr (cw_chronology_item_get_uncertainty (month), !=, "");
  g_assert_cmpstr (cw_chronology_item_get_age (month), ==, "about 5");
  g_assert_cmpint (cw_chronology_item_get_event_hour (month), ==, -1);

  about = item_at (chronology, position_of (ids, n_feb_about));
  g_assert_cmpstr (cw_chronology_item_get_uncertainty (about), !=, "");
  g_assert_cmpstr (cw_chronology_item_get_uncertainty (about), !=,
                   cw_chronology_item_get_uncertainty (month));
  g_assert_true (cw_chronology_item_get_significant (about));
  g_assert_cmpstr (cw_chronology_item_get_source (about), ==, "Mr Hale (Neighbour)");

  unborn = item_at (chronology, position_of (ids, n_unborn));
  g_assert_cmpstr (cw_chronology_item_get_age (unborn), ==, "unborn");
  g_assert_cmpstr (cw_chronology_item_get_source (unborn), ==, "Ms Jones (Community midwife)");

  decision = item_at (chronology, position_of (ids, n_decision));
  g_assert_cmpstr (cw_chronology_item_get_action_outcome (decision), ==,
                   "Section 47 enquiry to start");
  g_assert_cmpstr (cw_chronology_item_get_author_name (decision), ==, "Dee Lead");

  /* Quality marks: a note with only a summary misses, among others, the
   * impact on the child and the child being seen. */
  sparse = item_at (chronology, position_of (ids, n_sparse));
  missed = cw_chronology_item_get_missed_titles (sparse);
  g_assert_nonnull (missed);
  g_assert_cmpuint (g_strv_length ((char **) missed), ==,
                    cw_chronology_item_get_n_missed (sparse));
  g_assert_cmpuint (cw_chronology_item_get_n_missed (sparse), >=, 5);
  for (guint i = 0; missed[i] != NULL; i++)
    if (g_strcmp0 (missed[i], cw_principle_get_title (CW_PRINCIPLE_IMPACT)) == 0)
      impact_missed = TRUE;
  g_assert_true (impact_missed);
  g_assert_true (g_strv_contains (missed, cw_principle_get_title (CW_PRINCIPLE_CHILD_SEEN)));
  g_assert_nonnull (strstr (cw_chronology_item_get_missed_text (sparse),
                            cw_principle_get_title (CW_PRINCIPLE_OUTCOMES)));
  /* Every note here was written years after the event: all late. */
  g_assert_true (g_strv_contains (cw_chronology_item_get_missed_titles (morning),
                                  cw_principle_get_title (CW_PRINCIPLE_TIMELY)));
  g_assert_cmpuint (cw_chronology_item_get_n_missed (sparse), >,
                    cw_chronology_item_get_n_missed (morning));

  amended = item_at (chronology, position_of (ids, n_amended));
  g_assert_cmpint (cw_chronology_item_get_version (amended), ==, 2);
  g_assert_cmpstr (cw_chronology_item_get_summary (amended), ==, "Corrected wording mango");

  /* Unknown and approximate dates of birth. */
  ben_chronology = open_chronology (session, ben, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ben_chronology)), ==, 1);
  ben_item = item_at (ben_chronology, 0);
  g_assert_cmpstr (cw_chronology_item_get_age (ben_item), ==, "");
  cara_chronology = open_chronology (session, cara, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (cara_chronology)), ==, 1);
  cara_item = item_at (cara_chronology, 0);
  g_assert_cmpstr (cw_chronology_item_get_age (cara_item), ==, "about 10");

  g_clear_object (&chronology);
  g_clear_object (&ben_chronology);
  g_clear_object (&cara_chronology);
  sign_out (&session);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *changes)
{
  g_assert_cmpuint (position, ==, 0);
  g_assert_cmpuint (removed, ==, 2);
  g_assert_cmpuint (added, ==, g_list_model_get_n_items (model));
  (*changes)++;
}

static void
test_filters (void)
{
  g_autoptr(CwSession) session = sign_in (template_db, "dee", DEE_PASSWORD);
  g_autoptr(CwChronology) chronology = open_chronology (session, amara, NULL);
  CwChronologyFilter filter;
  guint all = g_list_model_get_n_items (G_LIST_MODEL (chronology));
  guint changes = 0;

  g_assert_cmpuint (all, ==, 16);

  cw_chronology_filter_init (&filter);
  g_assert_true (cw_chronology_filter_is_empty (&filter));

  /* Significant events only. */
  filter.significant_only = TRUE;
  g_assert_false (cw_chronology_filter_is_empty (&filter));
  cw_chronology_set_filter (chronology, &filter);
  assert_ids (chronology, (gint64[]) { n_feb_about, n_disclosure, 0 });
  filter.significant_only = FALSE;

  /* Kinds. */
  filter.kinds_mask = (1 << CW_ENTRY_KIND_HOME_VISIT) | (1 << CW_ENTRY_KIND_PHONE_CALL);
  cw_chronology_set_filter (chronology, &filter);
  assert_ids (chronology, (gint64[]) { n_mar10_morning, n_mar10_call, n_fields, n_sparse, 0 });
  filter.kinds_mask = 1 << CW_ENTRY_KIND_DECISION;
  cw_chronology_set_filter (chronology, &filter);
  assert_ids (chronology, (gint64[]) { n_decision, 0 });
  filter.kinds_mask = 0;

  /* Date range: the month-precision note overlaps any range in March. */
  filter.from = make_date (2021, 3, 5);
  filter.to = make_date (2021, 3, 10);
  cw_chronology_set_filter (chronology, &filter);
  assert_ids (chronology, (gint64[]) { n_march_month, n_mar10_morning, n_mar10_call,
                                       n_mar10_first, n_mar10_second, 0 });
  filter.from = make_date (2021, 3, 1);
  filter.to = make_date (2021, 3, 1);
  cw_chronology_set_filter (chronology, &filter);
  assert_ids (chronology, (gint64[]) { n_mar1_timed, n_march_month, 0 });
  /* Open at the start. */
  g_date_clear (&filter.from, 1);
  filter.to = make_date (2021, 2, 28);
  cw_chronology_set_filter (chronology, &filter);
  assert_ids (chronology, (gint64[]) { n_unborn, n_feb_about, 0 });
  /* Open at the end. */
  filter.from = make_date (2023, 6, 2);
  g_date_clear (&filter.to, 1);
  cw_chronology_set_filter (chronology, &filter);
  assert_ids (chronology, (gint64[]) { n_meta, n_zoe_plain, n_sparse, n_pat_restricted, 0 });
  g_date_clear (&filter.from, 1);

  /* Author. */
  filter.author_id = dee_id;
  cw_chronology_set_filter (chronology, &filter);
  assert_ids (chronology, (gint64[]) { n_feb_about, n_disclosure, n_decision, 0 });
  filter.author_id = 0;

  /* Outcomes: any of those asked for. */
  filter.outcomes_mask = CW_OUTCOME_BE_HEALTHY;
  cw_chronology_set_filter (chronology, &filter);
  assert_ids (chronology, (gint64[]) { n_unborn, n_decision, 0 });
  filter.outcomes_mask = CW_OUTCOME_BE_HEALTHY | CW_OUTCOME_ENJOY_AND_ACHIEVE;
  cw_chronology_set_filter (chronology, &filter);
  assert_ids (chronology, (gint64[]) { n_unborn, n_decision, n_mar10_call, 0 });
  filter.outcomes_mask = 0;

  /* Combined. */
  filter.significant_only = TRUE;
  filter.author_id = dee_id;
  filter.kinds_mask = 1 << CW_ENTRY_KIND_DISCLOSURE;
  filter.outcomes_mask = CW_OUTCOME_STAY_SAFE;
  filter.from = make_date (2022, 1, 1);
  filter.to = make_date (2022, 12, 31);
  cw_chronology_set_filter (chronology, &filter);
  assert_ids (chronology, (gint64[]) { n_disclosure, 0 });
  filter.kinds_mask = 1 << CW_ENTRY_KIND_CONCERN;
  cw_chronology_set_filter (chronology, &filter);
  assert_ids (chronology, (gint64[]) { 0 });
  g_assert_cmpuint (cw_chronology_find_position (chronology, n_disclosure), ==, G_MAXUINT);

  /* Filter and search together. */
  cw_chronology_filter_clear (&filter);
  cw_chronology_filter_init (&filter);
  filter.kinds_mask = 1 << CW_ENTRY_KIND_CASE_NOTE;
  filter.search = g_strdup ("zoe");
  cw_chronology_set_filter (chronology, &filter);
  assert_ids (chronology, (gint64[]) { n_zoe_plain, 0 });

  /* Positions follow the filter. */
  filter.kinds_mask = 0;
  cw_chronology_set_filter (chronology, &filter);
  assert_ids (chronology, (gint64[]) { n_meta, n_zoe_plain, 0 });
  g_assert_cmpuint (cw_chronology_find_position (chronology, n_zoe_plain), ==, 1);
  g_assert_cmpstr (cw_chronology_get_filter (chronology)->search, ==, "zoe");

  /* Back to everything, telling views. */
  g_signal_connect (chronology, "items-changed", G_CALLBACK (items_changed_cb), &changes);
  cw_chronology_set_filter (chronology, NULL);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (chronology)), ==, all);
  g_assert_true (cw_chronology_filter_is_empty (cw_chronology_get_filter (chronology)));

  cw_chronology_filter_clear (&filter);
  g_clear_object (&chronology);
  sign_out (&session);
}

static void
test_build_match (void)
{
  static const struct
  {
    const char *search;
    const char *match;
  } cases[] = {
    { "Zoë O'Brien", "\"Zoë\" \"O'Brien*\"" },
    { "cat OR \"dog\"", "\"cat\" \"dog*\"" },
    { "  bruise  ", "\"bruise*\"" },
    { "say \"hi\"", "\"say\" \"hi*\"" },
    { "meant)", "\"meant*\"" },
    { "(she meant", "\"(she\" \"meant*\"" },
    { "foo*bar", "\"foo\" \"bar*\"" },
    { "NEAR", "\"NEAR*\"" },
    { "a NEAR/3 b", "\"a\" \"b*\"" },
    { "OR AND", "\"OR\" \"AND*\"" },
    { "50%", "\"50*\"" },
    { "' OR 1=1 --", "\"1=1*\"" },
    { "", NULL },
    { "   ", NULL },
    { "%", NULL },
    { "\"", NULL },
    { "- ( ) * ' _", NULL },
  };

  g_assert_null (cw_chronology_build_match (NULL));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *match = cw_chronology_build_match (cases[i].search);

      g_assert_cmpstr (match, ==, cases[i].match);
    }
}

static guint
search_count (CwChronology *chronology,
              const char   *search)
{
  CwChronologyFilter filter;
  g_autofree char *match = NULL;
  guint n;

  cw_chronology_filter_init (&filter);
  filter.search = g_strdup (search);
  cw_chronology_set_filter (chronology, &filter);
  cw_chronology_filter_clear (&filter);
  n = g_list_model_get_n_items (G_LIST_MODEL (chronology));
  match = cw_chronology_build_match (search);

  /* Every row can be read, and carries valid markup while searching. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CwChronologyItem) item = item_at (chronology, i);

      if (match != NULL)
        {
          g_assert_nonnull (cw_chronology_item_get_snippet (item));
          g_assert_true (pango_parse_markup (cw_chronology_item_get_snippet (item), -1, 0,
                                             NULL, NULL, NULL, NULL));
        }
      else
        g_assert_null (cw_chronology_item_get_snippet (item));
    }
  return n;
}

static gboolean
search_finds (CwChronology *chronology,
              const char   *search,
              gint64        entry_id)
{
  g_autoptr(GArray) ids = NULL;

  search_count (chronology, search);
  ids = ids_of (chronology);
  return ids_contain (ids, entry_id);
}

static void
test_search (void)
{
  static const char *const hostile[] = {
    "'", "\"", "%", "_", "*", "-", "NEAR", "OR", "AND", "NOT", "(", ")", "()", "\"unterminated",
    "O'Brien", "50%", "a_b", "-child", "NEAR/3", "foo OR bar", "(bruise", "bruise)",
    "'; DROP TABLE entries; --", "\\", "^", ":", "summary:zoe", "zoe*", "*zoe", "z*o*e",
    "\"\"", "''", "%%", "__", "--", "a -b", "x NEAR y", "{ } [ ]", "$1 ?1 :a @a",
    "\t\n", "émigré", "日本語", "🙂", "Zoë\"", "NEAR(", "AND OR NOT",
  };
  g_autoptr(CwSession) session = sign_in (template_db, "dee", DEE_PASSWORD);
  g_autoptr(CwChronology) chronology = open_chronology (session, amara, NULL);
  guint all = g_list_model_get_n_items (G_LIST_MODEL (chronology));

  /* Nothing to search for shows everything. */
  g_assert_cmpuint (search_count (chronology, ""), ==, all);
  g_assert_cmpuint (search_count (chronology, "   "), ==, all);
  g_assert_cmpuint (search_count (chronology, "%"), ==, all);

  /* Whatever is typed, no error (a failed count or page would warn, and
   * warnings are fatal here). */
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    search_count (chronology, hostile[i]);

  /* Unicode: with or without the diaeresis, any case. */
  g_assert_cmpuint (search_count (chronology, "zoe"), ==, 2);
  g_assert_cmpuint (search_count (chronology, "Zoë"), ==, 2);
  g_assert_cmpuint (search_count (chronology, "ZOË"), ==, 2);
  g_assert_true (search_finds (chronology, "zoë", n_zoe_plain));
  g_assert_true (search_finds (chronology, "ZOE", n_meta));

  /* Punctuation is read as the tokenizer reads it. */
  g_assert_true (search_finds (chronology, "O'Brien", n_meta));
  g_assert_true (search_finds (chronology, "o'bri", n_meta));          /* prefix */
  g_assert_true (search_finds (chronology, "\"no\" offer", n_meta));
  g_assert_true (search_finds (chronology, "50%", n_meta));
  g_assert_true (search_finds (chronology, "a_b", n_meta));
  g_assert_true (search_finds (chronology, "test-case", n_meta));
  g_assert_true (search_finds (chronology, "(she", n_meta));
  g_assert_true (search_finds (chronology, "meant)", n_meta));
  g_assert_true (search_finds (chronology, "near door", n_meta));
  g_assert_true (search_finds (chronology, "NEAR", n_meta));
  g_assert_true (search_finds (chronology, "OR", n_meta));
  g_assert_true (search_finds (chronology, "gate OR door", n_meta));
  g_assert_cmpuint (search_count (chronology, "gate OR zebra"), ==, 0);
  g_assert_cmpuint (search_count (chronology, "' OR 1=1 --"), ==, 0);
  g_assert_cmpuint (search_count (chronology, "'; DROP TABLE entries; --"), ==, 0);
  g_assert_cmpuint (search_count (chronology, "-child"), ==, 0);

  /* Every word must occur. */
  g_assert_cmpuint (search_count (chronology, "zoe phoned"), ==, 1);
  g_assert_cmpuint (search_count (chronology, "zoe brien"), ==, 1);

  /* The database is as it was. */
  g_assert_cmpuint (search_count (chronology, ""), ==, all);

  g_clear_object (&chronology);
  sign_out (&session);
}

static void
test_search_fields (void)
{
  static const char *const words[] = {
    "aardvark", "bison", "cheetah", "dingo", "emu", "ferret", "gazelle", "hyena", "ibis",
    "jackal", "koala", "lemur", "meerkat", "narwhal", "ocelot", "pelican", "quetzal",
  };
  g_autoptr(CwSession) session = sign_in (template_db, "dee", DEE_PASSWORD);
  g_autoptr(CwChronology) chronology = open_chronology (session, amara, NULL);
  g_autoptr(CwChronologyItem) item = NULL;
  g_autoptr(CwChronologyItem) meta = NULL;
  const char *snippet;
  g_autofree char *text = NULL;

  /* One word in each field of the note: each finds it, and only it. */
  G_STATIC_ASSERT (G_N_ELEMENTS (words) == CW_ENTRY_FIELD_LAST - 1);
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      if (search_count (chronology, words[i]) != 1)
        g_error ("Searching for “%s” did not find exactly one note", words[i]);
      g_assert_true (search_finds (chronology, words[i], n_fields));
    }

  /* The reason for a correction is searched too. */
  g_assert_cmpuint (search_count (chronology, "raccoon"), ==, 1);
  g_assert_true (search_finds (chronology, "raccoon", n_amended));

  /* Only the current version. */
  g_assert_cmpuint (search_count (chronology, "pineapple"), ==, 0);
  g_assert_cmpuint (search_count (chronology, "mango"), ==, 1);
  g_assert_true (search_finds (chronology, "mango", n_amended));

  /* Removed notes and drafts are never found. */
  g_assert_cmpuint (search_count (chronology, "removedword"), ==, 0);
  g_assert_cmpuint (search_count (chronology, "draftword"), ==, 0);
  /* Nor another child's notes. */
  g_assert_cmpuint (search_count (chronology, "started"), ==, 0);

  /* The snippet: matches in <b>, the note's own markup escaped. */
  g_assert_cmpuint (search_count (chronology, "pelican"), ==, 1);
  item = item_at (chronology, 0);
  snippet = cw_chronology_item_get_snippet (item);
  g_assert_nonnull (snippet);
  g_assert_nonnull (strstr (snippet, "<b>pelican</b>"));
  g_assert_nonnull (strstr (snippet, "&lt;b&gt;"));
  g_assert_nonnull (strstr (snippet, "&amp;"));
  g_assert_true (pango_parse_markup (snippet, -1, 0, NULL, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "The <b>pelican</b> & the"));

  /* The original spelling is kept and highlighted; prefixes too. */
  g_assert_cmpuint (search_count (chronology, "zoe o'bri"), ==, 1);
  meta = item_at (chronology, 0);
  g_assert_nonnull (strstr (cw_chronology_item_get_snippet (meta), "<b>Zoë</b>"));
  g_assert_nonnull (strstr (cw_chronology_item_get_snippet (meta), "<b>Brien</b>"));

  g_clear_object (&chronology);
  sign_out (&session);
}

static void
test_need_to_know (void)
{
  g_autoptr(CwSession) session = NULL;
  g_autoptr(CwChronology) chronology = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *child_text = g_strdup_printf ("%" G_GINT64_FORMAT, amara);
  CwQualitySummary summary;

  /* The allocated worker: her own restricted note, not the DSL's. */
  session = sign_in (template_db, "pat", PAT_PASSWORD);
  chronology = open_chronology (session, amara, NULL);
  ids = ids_of (chronology);
  g_assert_cmpuint (ids->len, ==, 15);
  g_assert_true (ids_contain (ids, n_pat_restricted));
  g_assert_false (ids_contain (ids, n_disclosure));
  g_assert_false (ids_contain (ids, n_removed));
  g_assert_false (ids_contain (ids, n_draft));
  g_assert_cmpuint (search_count (chronology, "walrus"), ==, 0);
  g_assert_cmpuint (search_count (chronology, "bruise"), ==, 0);
  g_assert_cmpuint (cw_chronology_find_position (chronology, n_disclosure), ==, G_MAXUINT);
  cw_chronology_set_filter (chronology, NULL);

  /* Her quality summary of the child counts what she may see. */
  g_assert_true (cw_principles_summarise_child (session, amara, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.n_notes, ==, 15);
  g_assert_cmpuint (summary.n_late, ==, 15);
  g_assert_cmpuint (summary.n_applied[CW_PRINCIPLE_IMPACT], ==, 15);
  g_assert_cmpuint (summary.n_met[CW_PRINCIPLE_IMPACT], ==, 2);
  g_assert_cmpuint (summary.n_applied[CW_PRINCIPLE_TIMELY], ==, 15);
  g_assert_cmpuint (summary.n_met[CW_PRINCIPLE_TIMELY], ==, 0);
  g_assert_cmpuint (summary.n_met[CW_PRINCIPLE_OUTCOMES], ==, 14);   /* the sparse note */
  g_assert_true (cw_principles_summarise_worker (session, pat_id, &summary, &error));
  g_assert_no_error (error);
  /* Pat's notes on Amara and Cara. */
  g_assert_cmpuint (summary.n_notes, ==, 14);
  g_assert_false (cw_principles_summarise_worker (session, dee_id, &summary, &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
  g_clear_error (&error);

  /* Ben is not hers: refused, and the refusal is audited. */
  g_assert_null (cw_chronology_new (session, ben, NULL, &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_false (cw_principles_summarise_child (session, ben, &summary, &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
  g_clear_error (&error);

  /* One "view" audited for the chronology opened above, none for filters. */
  stmt = cw_database_prepare (cw_session_get_database (session),
                              "SELECT count (*) FROM audit WHERE action = ?1 "
                              "AND object_type = 'child' AND object_id = ?2 "
                              "AND actor_id = ?3 AND detail = 'chronology'", &error);
  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, "view", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, child_text, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, pat_id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  sqlite3_reset (stmt);
  g_clear_pointer (&child_text, g_free);
  child_text = g_strdup_printf ("%" G_GINT64_FORMAT, ben);
  sqlite3_bind_text (stmt, 1, "view-refused", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, child_text, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  g_clear_pointer (&stmt, sqlite3_finalize);

  g_clear_object (&chronology);
  g_clear_pointer (&ids, g_array_unref);
  sign_out (&session);

  /* Another practitioner: no access at all. */
  session = sign_in (template_db, "pete", PETE_PASSWORD);
  g_assert_null (cw_chronology_new (session, amara, NULL, &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_false (cw_principles_summarise_worker (session, pat_id, &summary, &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  chronology = open_chronology (session, ben, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (chronology)), ==, 1);
  g_clear_object (&chronology);
  sign_out (&session);

  /* An administrator sees no child's record by being one. */
  session = sign_in (template_db, "admin", ADMIN_PASSWORD);
  g_assert_null (cw_chronology_new (session, amara, NULL, &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  sign_out (&session);

  /* The DSL: everything but removed notes and drafts. */
  session = sign_in (template_db, "dee", DEE_PASSWORD);
  chronology = open_chronology (session, amara, NULL);
  ids = ids_of (chronology);
  g_assert_cmpuint (ids->len, ==, 16);
  g_assert_true (ids_contain (ids, n_disclosure));
  g_assert_true (ids_contain (ids, n_pat_restricted));
  g_assert_false (ids_contain (ids, n_removed));
  g_assert_false (ids_contain (ids, n_draft));
  g_assert_cmpuint (search_count (chronology, "walrus"), ==, 1);
  g_assert_true (cw_principles_summarise_child (session, amara, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.n_notes, ==, 16);
  g_assert_true (cw_principles_summarise_worker (session, pat_id, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.n_notes, ==, 14);
  g_clear_object (&chronology);
  sign_out (&session);
}

static void
test_timeline (void)
{
  g_autoptr(CwSession) session = sign_in (template_db, "dee", DEE_PASSWORD);
  g_autoptr(CwChronology) chronology = open_chronology (session, amara, NULL);
  g_autoptr(GArray) ids = ids_of (chronology);
  g_autoptr(GArray) points = NULL;
  g_autoptr(GError) error = NULL;
  guint total = 0;
  GDate mar10 = make_date (2021, 3, 10);
  gboolean found_significant = FALSE;

  points = cw_chronology_get_timeline (chronology, &error);
  g_assert_no_error (error);
  g_assert_nonnull (points);

  /* The two untimed case notes on 10 March share a point. */
  g_assert_cmpuint (points->len, ==, ids->len - 1);

  for (guint i = 0; i < points->len; i++)
    {
      CwChronologyPoint *point = &g_array_index (points, CwChronologyPoint, i);
      g_autoptr(CwChronologyItem) item = item_at (chronology, point->position);

      g_assert_cmpuint (point->position, ==, total);
      g_assert_cmpint (point->entry_id, ==, g_array_index (ids, gint64, point->position));
      g_assert_cmpint (point->entry_id, ==, cw_chronology_item_get_entry_id (item));
      g_assert_cmpuint (point->julian_day, ==,
                        g_date_get_julian (cw_chronology_item_get_event_date (item)));
      g_assert_cmpint (point->kind, ==, cw_chronology_item_get_kind (item));
      g_assert_cmpint (point->significant, ==, cw_chronology_item_get_significant (item));
      if (i > 0)
        g_assert_cmpuint (point->julian_day, >=,
                          g_array_index (points, CwChronologyPoint, i - 1).julian_day);
      if (point->entry_id == n_mar10_first)
        {
          g_assert_cmpuint (point->n_entries, ==, 2);
          g_assert_cmpuint (point->julian_day, ==, g_date_get_julian (&mar10));
        }
      else
        g_assert_cmpuint (point->n_entries, ==, 1);
      if (point->significant)
        found_significant = TRUE;
      total += point->n_entries;
    }
  g_assert_cmpuint (total, ==, ids->len);
  g_assert_true (found_significant);
  g_clear_pointer (&points, g_array_unref);

  /* It follows the filter. */
  {
    CwChronologyFilter filter;

    cw_chronology_filter_init (&filter);
    filter.significant_only = TRUE;
    cw_chronology_set_filter (chronology, &filter);
    points = cw_chronology_get_timeline (chronology, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (points->len, ==, 2);
    g_assert_cmpint (g_array_index (points, CwChronologyPoint, 1).entry_id, ==, n_disclosure);
    g_assert_cmpuint (g_array_index (points, CwChronologyPoint, 1).position, ==, 1);
    g_assert_true (g_array_index (points, CwChronologyPoint, 1).significant);
  }

  g_clear_object (&chronology);
  sign_out (&session);
}

/* 20,000 notes on one child, through SQL in one transaction. */
static gint64
insert_bulk (CwSession *session,
             gint64     child_id,
             guint      n,
             GDate     *last_day_out)
{
  CwDatabase *database = cw_session_get_database (session);
  g_autoptr(sqlite3_stmt) entry = NULL;
  g_autoptr(sqlite3_stmt) version = NULL;
  g_autoptr(GError) error = NULL;
  gint64 last_id = 0;
  GDate first = make_date (2000, 1, 1);

  g_assert_true (cw_database_begin (database, &error));
  g_assert_no_error (error);
  entry = cw_database_prepare (database,
                               "INSERT INTO entries (child_id, author_id, created_at, state, "
                               "current_version, event_day, event_time, sequence, kind, "
                               "significant, restricted, finished_at) "
                               "VALUES (?1, ?2, 1700000000, 'finished', 1, ?3, ?4, ?5, ?6, ?7, "
                               "0, 1700000000)", &error);
  g_assert_no_error (error);
  version = cw_database_prepare (database,
                                 "INSERT INTO entry_versions (entry_id, version, finished, "
                                 "started_at, saved_at, finished_at, author_id, author_name, "
                                 "author_role, kind, summary, event_date, event_time, "
                                 "event_precision, observed_facts, impact, outcomes, "
                                 "significant) "
                                 "VALUES (?1, 1, 1, 1700000000, 1700000000, 1700000000, ?2, "
                                 "'Dee Lead', 'DSL', ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1, ?10)",
                                 &error);
  g_assert_no_error (error);

  for (guint i = 0; i < n; i++)
    {
      /* Three notes a day: untimed (written first), 17:00, 08:00. */
      GDate day = first;
      const char *time = (i % 3 == 0) ? "" : (i % 3 == 1) ? "17:00" : "08:00";
      const char *kind = cw_entry_kind_get_id (i % CW_ENTRY_KIND_LAST);
      g_autofree char *day_text = NULL;
      g_autofree char *summary = g_strdup_printf ("Bulk note %u", i);
      gboolean significant = (i % 97) == 0;

      g_date_add_days (&day, i / 3);
      day_text = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&day),
                                  g_date_get_month (&day), g_date_get_day (&day));
      *last_day_out = day;

      sqlite3_reset (entry);
      sqlite3_bind_int64 (entry, 1, child_id);
      sqlite3_bind_int64 (entry, 2, dee_id);
      sqlite3_bind_text (entry, 3, day_text, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (entry, 4, time, -1, SQLITE_STATIC);
      sqlite3_bind_int (entry, 5, (int) (i % 3) + 1);
      sqlite3_bind_text (entry, 6, kind, -1, SQLITE_STATIC);
      sqlite3_bind_int (entry, 7, significant);
      g_assert_true (cw_database_step_done (database, entry, &error));
      g_assert_no_error (error);
      last_id = cw_database_last_insert_rowid (database);

      sqlite3_reset (version);
      sqlite3_bind_int64 (version, 1, last_id);
      sqlite3_bind_int64 (version, 2, dee_id);
      sqlite3_bind_text (version, 3, kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (version, 4, summary, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (version, 5, day_text, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (version, 6, time, -1, SQLITE_STATIC);
      sqlite3_bind_text (version, 7, *time != '\0' ? "exact" : "day", -1, SQLITE_STATIC);
      sqlite3_bind_text (version, 8, i % 1000 == 0 ? "thousandth marker" : "routine", -1,
                         SQLITE_STATIC);
      sqlite3_bind_text (version, 9, "Settled", -1, SQLITE_STATIC);
      sqlite3_bind_int (version, 10, significant);
      g_assert_true (cw_database_step_done (database, version, &error));
      g_assert_no_error (error);
    }

  g_assert_true (cw_database_commit (database, &error));
  g_assert_no_error (error);

  return last_id;
}

static void
test_large (void)
{
  g_autofree char *dir = cw_test_make_tmpdir ();
  g_autofree char *db_path = g_build_filename (dir, "large.db", NULL);
  g_autoptr(CwSession) session = NULL;
  g_autoptr(CwChildRepository) children = NULL;
  g_autoptr(CwChronology) chronology = NULL;
  g_autoptr(CwChronologyItem) last = NULL;
  g_autoptr(CwChronologyItem) first = NULL;
  g_autoptr(CwChronologyItem) middle = NULL;
  g_autoptr(GArray) points = NULL;
  g_autoptr(GError) error = NULL;
  CwSqlListModel *model;
  CwChronologyFilter filter;
  gint64 child_id, last_id;
  GDate last_day;
  guint page_size, max_pages, total = 0;

  copy_database (db_path);
  session = sign_in (db_path, "dee", DEE_PASSWORD);
  children = cw_child_repository_new (session);
  child_id = add_child (children, "CR-9999", "Long", "Record", 1999, CW_DATE_EXACT,
                        CW_LEGAL_STATUS_LOOKED_AFTER, pat_id);
  last_id = insert_bulk (session, child_id, N_BULK, &last_day);

  chronology = open_chronology (session, child_id, NULL);
  model = cw_chronology_get_sql_model (chronology);
  g_assert_nonnull (model);
  page_size = cw_sql_list_model_get_page_size (model);
  max_pages = cw_sql_list_model_get_max_pages (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (chronology)), ==, N_BULK);
  g_assert_cmpuint (cw_sql_list_model_get_n_fetched (model), ==, 0);

  /* The last note is the untimed one of the last day (timed ones lead). */
  last = item_at (chronology, N_BULK - 1);
  g_assert_cmpint (g_date_compare (cw_chronology_item_get_event_date (last), &last_day), ==, 0);
  g_assert_cmpint (cw_chronology_item_get_event_hour (last), ==, -1);
  g_assert_cmpint (cw_chronology_item_get_entry_id (last), ==, last_id - 1);
  g_assert_cmpstr (cw_chronology_item_get_summary (last), ==, "Bulk note 19998");

  /* The first: 1 January 2000 at 08:00 (the third note written). */
  first = item_at (chronology, 0);
  g_assert_cmpstr (cw_chronology_item_get_summary (first), ==, "Bulk note 2");
  g_assert_cmpstr (cw_chronology_item_get_age (first), ==, "7 months");

  middle = item_at (chronology, N_BULK / 2);
  g_assert_cmpint (cw_chronology_find_position (chronology,
                                                cw_chronology_item_get_entry_id (middle)),
                   ==, N_BULK / 2);
  g_assert_cmpint (cw_chronology_find_position (chronology, last_id - 1), ==, N_BULK - 1);

  /* Only the pages asked for were read. */
  g_assert_cmpuint (cw_sql_list_model_get_n_queries (model), ==, 3);
  g_assert_cmpuint (cw_sql_list_model_get_n_fetched (model), <=, 3 * page_size);
  g_assert_cmpuint (cw_sql_list_model_get_n_cached (model), <=, max_pages * page_size);

  /* The timeline: one point per run, every row counted once. */
  points = cw_chronology_get_timeline (chronology, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (points->len, <=, N_BULK);
  for (guint i = 0; i < points->len; i++)
    total += g_array_index (points, CwChronologyPoint, i).n_entries;
  g_assert_cmpuint (total, ==, N_BULK);
  g_assert_cmpint (g_array_index (points, CwChronologyPoint, points->len - 1).entry_id, ==,
                   last_id - 1);
  g_assert_cmpuint (cw_sql_list_model_get_n_fetched (model), <=, 3 * page_size);

  /* Filters and search at this size. */
  cw_chronology_filter_init (&filter);
  filter.significant_only = TRUE;
  cw_chronology_set_filter (chronology, &filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (chronology)), ==,
                    (N_BULK + 96) / 97);
  filter.significant_only = FALSE;
  filter.search = g_strdup ("thousandth");
  cw_chronology_set_filter (chronology, &filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (chronology)), ==, N_BULK / 1000);
  g_clear_object (&last);
  last = item_at (chronology, N_BULK / 1000 - 1);
  g_assert_nonnull (strstr (cw_chronology_item_get_snippet (last), "<b>thousandth</b>"));
  cw_chronology_filter_clear (&filter);

  g_clear_object (&chronology);
  g_clear_object (&children);
  sign_out (&session);
  cw_test_remove_tree (dir);
}

/* Finishes a professional judgement about @child_id, its judgement part
 * complete; returns the note. */
static gint64
write_judgement (CwSession  *session,
                 gint64      child_id,
                 const char *summary)
{
  g_autoptr(CwEntryRepository) notes = cw_entry_repository_new (session);
  g_autoptr(CwSignOffRepository) sign_offs = cw_sign_off_repository_new (session);
  g_autoptr(CwJudgement) judgement = cw_judgement_new ();
  g_autoptr(CwEntry) draft = NULL;
  g_autoptr(GError) error = NULL;
  GDate day = make_date (2024, 3, 14);

  draft = draft_note (notes, child_id, &(NoteSpec) {
    CW_ENTRY_KIND_PROFESSIONAL_JUDGEMENT, 2024, 3, 14, 22, 0, CW_EVENT_EXACT, summary,
    .outcomes = CW_OUTCOME_STAY_SAFE,
    .texts = { [CW_ENTRY_FIELD_OBSERVED_FACTS] = "No adult was at home at 22:00" } });

  cw_judgement_set_text (judgement, CW_JUDGEMENT_FIELD_CIRCUMSTANCES,
                         "Nobody was at home at 22:00");
  cw_judgement_set_text (judgement, CW_JUDGEMENT_FIELD_ACTION,
                         "Took Amara to her grandmother's for the night");
  cw_judgement_set_action_status (judgement, CW_JUDGEMENT_ACTION_TAKEN);
  cw_judgement_set_text (judgement, CW_JUDGEMENT_FIELD_REASONS,
                         "Her grandmother is known to us and safe");
  for (guint t = 0; t < CW_JUDGEMENT_TEST_LAST; t++)
    {
      cw_judgement_set_answer (judgement, t, CW_JUDGEMENT_ANSWER_YES);
      cw_judgement_set_explanation (judgement, t, "It kept her safe overnight");
    }
  cw_judgement_set_text (judgement, CW_JUDGEMENT_FIELD_DISCUSSED_WITH, "Dee Lead, by phone");
  cw_judgement_set_discussed_on (judgement, &day);

  g_assert_true (cw_sign_off_repository_finish_judgement (sign_offs, draft, judgement,
                                                          &error));
  g_assert_no_error (error);
  g_assert_true (cw_entry_get_finished (draft));
  return cw_entry_get_id (draft);
}

/* The row's sign-off state is the note's (what cw_sign_off_state_for_entry()
 * says, so the row and the note agree), read with the page. */
static void
assert_sign_off (CwSession        *session,
                 CwChronologyItem *item,
                 CwSignOffState    expected,
                 const char       *title)
{
  CwSignOffState state = CW_SIGN_OFF_STATE_NONE;
  g_autofree char *text = NULL;
  g_autofree char *text_prop = NULL;
  g_autofree char *title_prop = NULL;
  int status_prop = -1;

  text = cw_sign_off_state_for_entry (cw_session_get_database (session),
                                      cw_chronology_item_get_entry_id (item), NULL, &state);
  g_assert_cmpint (state, ==, expected);
  g_assert_cmpint (cw_chronology_item_get_sign_off_status (item), ==, expected);
  g_assert_cmpstr (cw_chronology_item_get_sign_off_state (item), ==, text);
  g_assert_cmpstr (cw_chronology_item_get_sign_off_title (item), ==, title);

  g_object_get (item, "sign-off-state", &text_prop, "sign-off-title", &title_prop,
                "sign-off-status", &status_prop, NULL);
  g_assert_cmpstr (text_prop, ==, text);
  g_assert_cmpstr (title_prop, ==, title);
  g_assert_cmpint (status_prop, ==, expected);
}

static void
test_sign_off_state (void)
{
  g_autofree char *dir = cw_test_make_tmpdir ();
  g_autofree char *db_path = g_build_filename (dir, "casework.db", NULL);
  g_autoptr(CwSession) session = NULL;
  g_autoptr(CwSignOffRepository) sign_offs = NULL;
  g_autoptr(CwSignOff) request = NULL;
  g_autoptr(CwChronology) chronology = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(CwChronologyItem) waiting_item = NULL;
  g_autoptr(CwChronologyItem) signed_item = NULL;
  g_autoptr(CwChronologyItem) decision_item = NULL;
  g_autoptr(CwChronologyItem) visit_item = NULL;
  g_autoptr(GError) error = NULL;
  CwChronologyFilter filter;
  gint64 waiting, signed_off;

  copy_database (db_path);

  /* Pat has no line manager: the DSL signs her judgements. */
  session = sign_in (db_path, "pat", PAT_PASSWORD);
  waiting = write_judgement (session, amara, "Judgement still waiting");
  signed_off = write_judgement (session, amara, "Judgement signed off");
  sign_out (&session);

  session = sign_in (db_path, "dee", DEE_PASSWORD);
  sign_offs = cw_sign_off_repository_new (session);
  request = cw_sign_off_repository_lookup_for_entry (sign_offs, signed_off, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cw_sign_off_repository_sign_off (sign_offs, cw_sign_off_get_id (request),
                                                  "Agreed", DEE_PASSWORD, &error));
  g_assert_no_error (error);

  chronology = open_chronology (session, amara, NULL);
  ids = ids_of (chronology);

  waiting_item = item_at (chronology, position_of (ids, waiting));
  assert_sign_off (session, waiting_item, CW_SIGN_OFF_STATE_AWAITING, "Waiting for sign-off");
  g_assert_true (g_str_has_prefix (cw_chronology_item_get_sign_off_state (waiting_item),
                                   "awaiting sign-off"));

  signed_item = item_at (chronology, position_of (ids, signed_off));
  assert_sign_off (session, signed_item, CW_SIGN_OFF_STATE_SIGNED_OFF, "Signed off");
  g_assert_true (g_str_has_prefix (cw_chronology_item_get_sign_off_state (signed_item),
                                   "signed off by Dee Lead on "));

  /* A decision without a judgement part was never queued; a home visit
   * is not a judgement. */
  decision_item = item_at (chronology, position_of (ids, n_decision));
  assert_sign_off (session, decision_item, CW_SIGN_OFF_STATE_NONE, "");
  g_assert_cmpstr (cw_chronology_item_get_sign_off_state (decision_item), ==, "");
  visit_item = item_at (chronology, position_of (ids, n_mar10_morning));
  assert_sign_off (session, visit_item, CW_SIGN_OFF_STATE_NONE, "");
  g_assert_cmpstr (cw_chronology_item_get_sign_off_state (visit_item), ==, "");

  /* Filtered and searched lists read the same columns. */
  g_clear_object (&signed_item);
  cw_chronology_filter_init (&filter);
  filter.kinds_mask = G_GUINT64_CONSTANT (1) << CW_ENTRY_KIND_PROFESSIONAL_JUDGEMENT;
  filter.search = g_strdup ("signed");
  cw_chronology_set_filter (chronology, &filter);
  cw_chronology_filter_clear (&filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (chronology)), ==, 1);
  signed_item = item_at (chronology, 0);
  g_assert_cmpint (cw_chronology_item_get_entry_id (signed_item), ==, signed_off);
  assert_sign_off (session, signed_item, CW_SIGN_OFF_STATE_SIGNED_OFF, "Signed off");

  g_clear_object (&chronology);
  g_clear_object (&request);
  g_clear_object (&sign_offs);
  sign_out (&session);
  cw_test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  int result;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/chronology/build-match", test_build_match);
  g_test_add_func ("/chronology/order", test_order);
  g_test_add_func ("/chronology/items", test_items);
  g_test_add_func ("/chronology/filters", test_filters);
  g_test_add_func ("/chronology/search", test_search);
  g_test_add_func ("/chronology/search/fields", test_search_fields);
  g_test_add_func ("/chronology/need-to-know", test_need_to_know);
  g_test_add_func ("/chronology/timeline", test_timeline);
  g_test_add_func ("/chronology/large", test_large);
  g_test_add_func ("/chronology/sign-off-state", test_sign_off_state);

  /* The shared database is built once, before the tests (outside any
   * isolated directory, so that every test finds it). */
  quiet_fts_statements ();
  build_template ();

  result = g_test_run ();

  cw_test_remove_tree (template_dir);
  g_free (template_dir);
  g_free (template_db);
  return result;
}
