/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "cw-audit.h"
#include "cw-child-repository.h"
#include "cw-child.h"
#include "cw-database-private.h"
#include "cw-entry-repository.h"
#include "cw-entry.h"
#include "cw-judgement.h"
#include "cw-key.h"
#include "cw-session.h"
#include "cw-register-test-util.h"
#include "cw-sign-off-repository.h"
#include "cw-sql-list-model.h"
#include "cw-test-util.h"

/*
 * Line-manager sign-off of professional judgements, against real SQLCipher
 * files: who may sign, the step-up password, disagreement and its
 * follow-ups, corrections and returns, the lists and counts, overdue from
 * the organisation's setting, the append-only history, and the check that
 * finds a signed judgement changed behind the triggers' back (in core and
 * through `casework --verify`). A template database is made once and
 * copied for each test (people_fixture_set_up() in
 * cw-register-test-util.c); people sign in with the unlock key their first
 * sign-in gave (no Argon2), so only step-ups cost a key derivation:
 *
 *   admin  administrator
 *   mona   line manager of bea
 *   lenny  line manager of nobody here; child A is shared with him
 *   bea    practitioner; child A is allocated to her, child S shared with her
 *   pat    practitioner without a line manager; children P and S are his
 *   dee    DSL
 */

#define WRONG_PASSWORD "Not-The-Right-One-1111"

/* Words that must never reach the audit log. */
#define DISTINCTIVE "Zephyrine"
#define REASON      "Quixotic reasoning about the out-of-hours team"

static gint64 mona_id, lenny_id, bea_id, pat_id, dee_id;
static gint64 child_a, child_p, child_s;

typedef struct
{
  int   status;
  char *out;
  char *err;
} RunResult;

static void
run_result_clear (RunResult *result)
{
  g_clear_pointer (&result->out, g_free);
  g_clear_pointer (&result->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RunResult, run_result_clear)

static const TemplatePerson people_list[] = {
  { "mona", "Mona Manager", "Team Manager", CW_ROLE_LINE_MANAGER, NULL, &mona_id },
  { "lenny", "Lenny Other", "Team Manager", CW_ROLE_LINE_MANAGER, NULL, &lenny_id },
  { "bea", "Bea Practitioner", "Social Worker", CW_ROLE_PRACTITIONER, "mona", &bea_id },
  { "pat", "Pat Practitioner", "Family Support Worker", CW_ROLE_PRACTITIONER, NULL, &pat_id },
  { "dee", "Dee Lead", "Designated Safeguarding Lead", CW_ROLE_DSL, NULL, &dee_id },
};

static const TemplateChild children_list[] = {
  { "CR-0001", "Amara", "Okafor", "bea", "lenny", &child_a },
  { "CR-0002", "Piotr", "Nowak", "pat", NULL, &child_p },
  { "CR-0003", "Sofia", "Hale", "pat", "bea", &child_s },
};

static const PeopleTemplate people = {
  people_list, G_N_ELEMENTS (people_list), children_list, G_N_ELEMENTS (children_list)
};

/* Helpers ----------------------------------------------------------------- */

static void
set_setting (Fixture    *fixture,
             const char *key,
             const char *value)
{
  g_autoptr(GError) error = NULL;
  CwSession *admin = sign_in (fixture, "admin");

  g_assert_true (cw_session_set_setting (admin, key, value, &error));
  g_assert_no_error (error);
  end_session_checked (admin);
}

static CwJudgement *
complete_judgement (void)
{
  CwJudgement *judgement = cw_judgement_new ();
  GDate yesterday;

  set_days_from_today (&yesterday, -1);
  cw_judgement_set_text (judgement, CW_JUDGEMENT_FIELD_CIRCUMSTANCES,
                         DISTINCTIVE " circumstances: nobody at home at 22:00");
  cw_judgement_set_text (judgement, CW_JUDGEMENT_FIELD_ACTION,
                         "Took the child to her grandmother’s for the night");
  cw_judgement_set_action_status (judgement, CW_JUDGEMENT_ACTION_TAKEN);
  cw_judgement_set_text (judgement, CW_JUDGEMENT_FIELD_REASONS, "Grandmother known and safe");
  for (guint i = 0; i < CW_JUDGEMENT_TEST_LAST; i++)
    {
      cw_judgement_set_answer (judgement, i, CW_JUDGEMENT_ANSWER_YES);
      cw_judgement_set_explanation (judgement, i, "Because it was");
    }
  cw_judgement_set_text (judgement, CW_JUDGEMENT_FIELD_DISCUSSED_WITH, "Mona, by phone");
  cw_judgement_set_discussed_on (judgement, &yesterday);
  return judgement;
}

/* The signed-in person writes and finishes a judgement; returns the note. */
static gint64
write_judgement (CwSession   *session,
                 gint64       child_id,
                 const char  *summary,
                 gboolean     restricted)
{
  g_autoptr(CwSignOffRepository) sign_offs = cw_sign_off_repository_new (session);
  g_autoptr(CwEntryRepository) entries = cw_entry_repository_new (session);
  g_autoptr(CwJudgement) judgement = complete_judgement ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CwEntry) draft = NULL;
  GDate yesterday;

  draft = cw_entry_repository_create_draft (entries, child_id,
                                            CW_ENTRY_KIND_PROFESSIONAL_JUDGEMENT, &error);
  g_assert_no_error (error);
  set_days_from_today (&yesterday, -1);
  cw_entry_set_event_date (draft, &yesterday);
  cw_entry_set_text (draft, CW_ENTRY_FIELD_SUMMARY, summary);
  cw_entry_set_text (draft, CW_ENTRY_FIELD_OBSERVED_FACTS, "No adult was at home.");
  cw_entry_set_restricted (draft, restricted);
  g_assert_true (cw_sign_off_repository_finish_judgement (sign_offs, draft, judgement, &error));
  g_assert_no_error (error);
  return cw_entry_get_id (draft);
}

/* The author corrects a note's judgement and finishes the correction. */
static void
correct_judgement (CwSession *session,
                   gint64     entry_id)
{
  g_autoptr(CwSignOffRepository) sign_offs = cw_sign_off_repository_new (session);
  g_autoptr(CwEntryRepository) entries = cw_entry_repository_new (session);
  g_autoptr(GError) error = NULL;
  g_autoptr(CwEntry) correction = NULL;
  g_autoptr(CwJudgement) judgement = NULL;

  correction = cw_entry_repository_start_amendment (entries, entry_id,
                                                    "More information as asked", &error);
  g_assert_no_error (error);
  judgement = cw_sign_off_repository_load_judgement (sign_offs,
                                                     cw_entry_get_version_id (correction),
                                                     &error);
  g_assert_no_error (error);
  cw_judgement_set_text (judgement, CW_JUDGEMENT_FIELD_REASONS,
                         "Grandmother known and safe; the out-of-hours team did not answer");
  g_assert_true (cw_sign_off_repository_finish_judgement (sign_offs, correction, judgement,
                                                          &error));
  g_assert_no_error (error);
}

/* The newest request of a note. */
static gint64
request_of (CwSession *session,
            gint64     entry_id)
{
  return stored_int (session, "SELECT max (id) FROM sign_off_requests WHERE entry_id = ?1",
                     entry_id);
}

static char *
request_state (CwSession *session,
               gint64     request_id)
{
  return stored_text (session, "SELECT state FROM sign_off_requests WHERE id = ?1", request_id);
}

static gint64
count_audit (CwSession  *session,
             const char *action)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = cw_database_prepare (cw_session_get_database (session),
                              "SELECT count (*) FROM audit WHERE action = ?1", &error);
  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, action, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* No judgement text and no reason ever reaches the audit log. */
static void
assert_audit_clean (CwSession *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwAuditVerification) verification = NULL;

  g_assert_cmpint (stored_int (session, "SELECT count (*) FROM audit WHERE "
                               "detail LIKE '%" DISTINCTIVE "%' OR detail LIKE '%Quixotic%' "
                               "OR object_id LIKE '%Quixotic%'", 0), ==, 0);
  verification = cw_audit_verify (cw_session_get_database (session), &error);
  g_assert_no_error (error);
  g_assert_cmpint (verification->first_broken_seq, ==, 0);
}

/* The CwSignOff items of a model, checked to be a lazy SQL model. */
static GPtrArray *
items_of (GListModel *model)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (model);

  g_assert_true (CW_IS_SQL_LIST_MODEL (model));
  g_assert_true (g_list_model_get_item_type (model) == CW_TYPE_SIGN_OFF);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (model, i));
  return items;
}

static guint
n_waiting (CwSignOffRepository *sign_offs)
{
  g_autoptr(GListModel) model = cw_sign_off_repository_list_waiting_for_me (sign_offs, NULL);
  guint count = cw_sign_off_repository_count_waiting_for_me (sign_offs);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, count);
  return count;
}

static guint
n_outstanding (CwSignOffRepository *sign_offs)
{
  g_autoptr(GListModel) model = cw_sign_off_repository_list_outstanding (sign_offs, NULL);
  guint count = cw_sign_off_repository_count_outstanding (sign_offs);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, count);
  return count;
}

/* Runs the built casework with @args and @stdin_text, with no display and
 * no D-Bus session. */
static void
run_casework (const char *const *args,
              const char        *stdin_text,
              RunResult         *result)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS",
                                "unix:path=/nonexistent/casework-test/bus", TRUE);

  g_ptr_array_add (argv, (gpointer) cw_test_casework_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, stdin_text, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  result->status = g_subprocess_get_exit_status (process);
  g_test_message ("casework --verify → %d\nstdout: %s\nstderr: %s",
                  result->status, result->out, result->err);
}

/* Tests: who may sign ----------------------------------------------------- */

static void
test_own_judgement (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSignOffRepository) sign_offs = NULL;
  CwSession *session;
  gint64 dee_note, bea_note, request;

  session = sign_in (fixture, "bea");
  bea_note = write_judgement (session, child_a, "Bea's judgement", FALSE);
  sign_offs = cw_sign_off_repository_new (session);
  request = request_of (session, bea_note);
  g_assert_false (cw_sign_off_repository_sign_off (sign_offs, request, NULL, STAFF_PASSWORD,
                                                   &error));
  g_assert_error (error, CW_SIGN_OFF_ERROR, CW_SIGN_OFF_ERROR_OWN_JUDGEMENT);
  g_clear_error (&error);
  g_clear_object (&sign_offs);
  end_session_checked (session);

  /* A DSL (who may sign others' judgements) may not sign her own. */
  session = sign_in (fixture, "dee");
  dee_note = write_judgement (session, child_a, "Dee's judgement", FALSE);
  sign_offs = cw_sign_off_repository_new (session);
  request = request_of (session, dee_note);
  g_assert_false (cw_sign_off_repository_may_sign (sign_offs, request, &error));
  g_assert_error (error, CW_SIGN_OFF_ERROR, CW_SIGN_OFF_ERROR_OWN_JUDGEMENT);
  g_clear_error (&error);
  g_assert_false (cw_sign_off_repository_sign_off (sign_offs, request, "Fine", STAFF_PASSWORD,
                                                   &error));
  g_assert_error (error, CW_SIGN_OFF_ERROR, CW_SIGN_OFF_ERROR_OWN_JUDGEMENT);
  g_clear_error (&error);
  g_assert_false (cw_sign_off_repository_record_disagreement (sign_offs, request, REASON,
                                                              CW_SIGN_OFF_FOLLOW_UP_RETURN,
                                                              CW_REFERRAL_NONE, NULL, NULL,
                                                              STAFF_PASSWORD, &error));
  g_assert_error (error, CW_SIGN_OFF_ERROR, CW_SIGN_OFF_ERROR_OWN_JUDGEMENT);
  g_clear_error (&error);

  /* Not waiting for her; still among everything outstanding. */
  g_assert_cmpuint (n_waiting (sign_offs), ==, 0);
  g_assert_cmpuint (n_outstanding (sign_offs), ==, 2);
  g_assert_cmpint (stored_int (session, "SELECT count (*) FROM sign_off_events", 0), ==, 0);
  g_assert_cmpint (count_audit (session, "step-up-failed"), ==, 0);
  g_clear_object (&sign_offs);
  end_session_checked (session);
}

static void
test_not_line_manager (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSignOffRepository) sign_offs = NULL;
  g_autofree char *state = NULL;
  CwSession *session;
  gint64 note, request;

  session = sign_in (fixture, "bea");
  note = write_judgement (session, child_a, "Bea's judgement", FALSE);
  request = request_of (session, note);
  end_session_checked (session);

  /* A practitioner's roles do not include signing off. */
  session = sign_in (fixture, "pat");
  sign_offs = cw_sign_off_repository_new (session);
  g_assert_false (cw_sign_off_repository_sign_off (sign_offs, request, NULL, STAFF_PASSWORD,
                                                   &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_cmpuint (n_waiting (sign_offs), ==, 0);
  g_assert_cmpuint (n_outstanding (sign_offs), ==, 0);
  g_clear_object (&sign_offs);
  end_session_checked (session);

  /* Another line manager who may see the child is not Bea's. */
  session = sign_in (fixture, "lenny");
  sign_offs = cw_sign_off_repository_new (session);
  g_assert_false (cw_sign_off_repository_may_sign (sign_offs, request, &error));
  g_assert_error (error, CW_SIGN_OFF_ERROR, CW_SIGN_OFF_ERROR_NOT_SIGNER);
  g_assert_nonnull (strstr (error->message, "Bea Practitioner"));
  g_clear_error (&error);
  g_assert_false (cw_sign_off_repository_sign_off (sign_offs, request, NULL, STAFF_PASSWORD,
                                                   &error));
  g_assert_error (error, CW_SIGN_OFF_ERROR, CW_SIGN_OFF_ERROR_NOT_SIGNER);
  g_clear_error (&error);
  g_assert_false (cw_sign_off_repository_record_disagreement (sign_offs, request, REASON,
                                                              CW_SIGN_OFF_FOLLOW_UP_ESCALATE,
                                                              CW_REFERRAL_NONE, NULL, NULL,
                                                              STAFF_PASSWORD, &error));
  g_assert_error (error, CW_SIGN_OFF_ERROR, CW_SIGN_OFF_ERROR_NOT_SIGNER);
  g_clear_error (&error);
  g_assert_cmpuint (n_waiting (sign_offs), ==, 0);
  g_assert_cmpuint (n_outstanding (sign_offs), ==, 0);

  g_assert_cmpint (stored_int (session, "SELECT count (*) FROM sign_off_events", 0), ==, 0);
  state = request_state (session, request);
  g_assert_cmpstr (state, ==, "waiting");
  g_clear_object (&sign_offs);
  end_session_checked (session);
}

static void
test_line_manager_signs (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSignOffRepository) sign_offs = NULL;
  g_autoptr(CwJudgement) judgement = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(CwSignOff) current = NULL;
  g_autofree char *state = NULL;
  g_autofree char *content_hash = NULL;
  g_autofree char *expected_hash = NULL;
  g_autofree char *description = NULL;
  g_autofree char *entry_text = NULL;
  CwSignOffEvent *event;
  CwSignOffState state_enum;
  CwSession *session;
  gint64 note, request, version_id;

  session = sign_in (fixture, "bea");
  note = write_judgement (session, child_a, "Bea's judgement", FALSE);
  request = request_of (session, note);
  version_id = stored_int (session, "SELECT version_id FROM sign_off_requests WHERE id = ?1",
                           request);
  end_session_checked (session);

  session = sign_in (fixture, "mona");
  sign_offs = cw_sign_off_repository_new (session);
  g_assert_cmpuint (n_waiting (sign_offs), ==, 1);
  g_assert_true (cw_sign_off_repository_may_sign (sign_offs, request, &error));
  g_assert_no_error (error);

  /* The wrong password: nothing stored, the refusal audited. */
  g_assert_false (cw_sign_off_repository_sign_off (sign_offs, request, "Agreed",
                                                   WRONG_PASSWORD, &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);
  g_assert_cmpint (stored_int (session, "SELECT count (*) FROM sign_off_events", 0), ==, 0);
  state = request_state (session, request);
  g_assert_cmpstr (state, ==, "waiting");
  g_clear_pointer (&state, g_free);
  g_assert_cmpint (count_audit (session, "step-up-failed"), ==, 1);
  g_assert_cmpint (count_audit (session, "sign-off"), ==, 0);

  /* The right one. */
  g_assert_true (cw_sign_off_repository_sign_off (sign_offs, request,
                                                  "Agreed — the right call 😀", STAFF_PASSWORD,
                                                  &error));
  g_assert_no_error (error);
  state = request_state (session, request);
  g_assert_cmpstr (state, ==, "signed-off");
  g_clear_pointer (&state, g_free);
  g_assert_cmpuint (n_waiting (sign_offs), ==, 0);

  /* What the event holds, and the hash of exactly what was signed. */
  events = cw_sign_off_repository_list_events (sign_offs, note, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  event = g_ptr_array_index (events, 0);
  g_assert_cmpint (cw_sign_off_event_get_signer_id (event), ==, mona_id);
  g_assert_cmpstr (cw_sign_off_event_get_signer_name (event), ==, "Mona Manager");
  g_assert_nonnull (strstr (cw_sign_off_event_get_signer_role (event), "Team Manager"));
  g_assert_nonnull (strstr (cw_sign_off_event_get_signer_role (event), "Line manager"));
  g_assert_cmpint (cw_sign_off_event_get_capacity (event), ==,
                   CW_SIGN_OFF_CAPACITY_LINE_MANAGER);
  g_assert_cmpint (cw_sign_off_event_get_decision (event), ==, CW_SIGN_OFF_DECISION_SIGNED_OFF);
  g_assert_cmpint (cw_sign_off_event_get_follow_up (event), ==, CW_SIGN_OFF_FOLLOW_UP_NONE);
  g_assert_cmpstr (cw_sign_off_event_get_comment (event), ==, "Agreed — the right call 😀");
  g_assert_cmpint (cw_sign_off_event_get_version_id (event), ==, version_id);
  g_assert_cmpint (cw_sign_off_event_get_version (event), ==, 1);
  g_assert_cmpint (cw_sign_off_event_get_request_id (event), ==, request);
  g_assert_nonnull (cw_sign_off_event_get_time (event));

  content_hash = stored_text (session, "SELECT content_hash FROM entry_versions WHERE id = ?1",
                              version_id);
  judgement = cw_sign_off_repository_load_judgement (sign_offs, version_id, &error);
  g_assert_no_error (error);
  expected_hash = cw_judgement_compute_signed_hash (content_hash, judgement);
  g_assert_cmpstr (cw_sign_off_event_get_signed_hash (event), ==, expected_hash);
  description = cw_sign_off_event_describe (event);
  g_assert_true (g_str_has_prefix (description, "Signed off by Mona Manager (line manager) on "));

  /* Audited without content. */
  entry_text = g_strdup_printf ("%" G_GINT64_FORMAT, note);
  g_assert_cmpint (count_audit (session, "sign-off"), ==, 1);
  {
    g_autofree char *object_id = stored_text (session, "SELECT object_id FROM audit "
                                              "WHERE action = 'sign-off'", 0);
    g_autofree char *detail = stored_text (session, "SELECT detail FROM audit "
                                           "WHERE action = 'sign-off'", 0);

    g_assert_cmpstr (object_id, ==, entry_text);
    g_assert_cmpstr (detail, ==, "version 1");
  }
  assert_audit_clean (session);

  /* Once only. */
  g_assert_false (cw_sign_off_repository_sign_off (sign_offs, request, NULL, STAFF_PASSWORD,
                                                   &error));
  g_assert_error (error, CW_SIGN_OFF_ERROR, CW_SIGN_OFF_ERROR_NOT_OUTSTANDING);
  g_clear_error (&error);

  state = cw_sign_off_state_for_entry (cw_session_get_database (session), note, NULL,
                                       &state_enum);
  g_assert_cmpint (state_enum, ==, CW_SIGN_OFF_STATE_SIGNED_OFF);
  g_assert_true (g_str_has_prefix (state, "signed off by Mona Manager on "));
  g_clear_object (&sign_offs);
  end_session_checked (session);

  /* The author sees it signed. */
  session = sign_in (fixture, "bea");
  sign_offs = cw_sign_off_repository_new (session);
  current = cw_sign_off_repository_lookup_for_entry (sign_offs, note, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cw_sign_off_get_state (current), ==, CW_SIGN_OFF_STATE_SIGNED_OFF);
  g_assert_cmpstr (cw_sign_off_get_state_text (current), ==, state);
  g_assert_cmpstr (cw_sign_off_get_last_signer_name (current), ==, "Mona Manager");
  g_clear_object (&sign_offs);
  end_session_checked (session);
}

static void
test_dsl_cover (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSignOffRepository) sign_offs = NULL;
  g_autoptr(GPtrArray) events = NULL;
  CwSession *session;
  gint64 bea_note, pat_note, bea_request, pat_request;

  set_setting (fixture, "dsl-may-cover-sign-off", "false");

  session = sign_in (fixture, "bea");
  bea_note = write_judgement (session, child_a, "Bea's judgement", FALSE);
  bea_request = request_of (session, bea_note);
  end_session_checked (session);
  session = sign_in (fixture, "pat");
  pat_note = write_judgement (session, child_p, "Pat's judgement", FALSE);
  pat_request = request_of (session, pat_note);
  end_session_checked (session);

  session = sign_in (fixture, "dee");
  sign_offs = cw_sign_off_repository_new (session);

  /* Pat has no line manager: the DSL signs, whatever the setting. */
  g_assert_cmpuint (n_waiting (sign_offs), ==, 1);
  g_assert_cmpuint (n_outstanding (sign_offs), ==, 2);
  {
    g_autoptr(GListModel) waiting = cw_sign_off_repository_list_waiting_for_me (sign_offs,
                                                                                NULL);
    g_autoptr(GPtrArray) items = items_of (waiting);

    g_assert_cmpint (cw_sign_off_get_id (g_ptr_array_index (items, 0)), ==, pat_request);
    g_assert_cmpint (cw_sign_off_get_assigned_to_id (g_ptr_array_index (items, 0)), ==, 0);
  }

  /* Bea has one, and the organisation does not allow cover. */
  g_assert_false (cw_sign_off_repository_may_sign (sign_offs, bea_request, &error));
  g_assert_error (error, CW_SIGN_OFF_ERROR, CW_SIGN_OFF_ERROR_NOT_SIGNER);
  g_clear_error (&error);
  g_assert_false (cw_sign_off_repository_sign_off (sign_offs, bea_request, NULL, STAFF_PASSWORD,
                                                   &error));
  g_assert_error (error, CW_SIGN_OFF_ERROR, CW_SIGN_OFF_ERROR_NOT_SIGNER);
  g_clear_error (&error);

  g_assert_true (cw_sign_off_repository_sign_off (sign_offs, pat_request, NULL, STAFF_PASSWORD,
                                                  &error));
  g_assert_no_error (error);
  events = cw_sign_off_repository_list_events (sign_offs, pat_note, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpint (cw_sign_off_event_get_capacity (g_ptr_array_index (events, 0)), ==,
                   CW_SIGN_OFF_CAPACITY_DSL);
  g_assert_cmpint (cw_sign_off_event_get_signer_id (g_ptr_array_index (events, 0)), ==, dee_id);
  g_clear_pointer (&events, g_ptr_array_unref);
  g_clear_object (&sign_offs);
  end_session_checked (session);

  /* With cover allowed, the DSL may sign for Bea's line manager. */
  set_setting (fixture, "dsl-may-cover-sign-off", "true");
  session = sign_in (fixture, "dee");
  sign_offs = cw_sign_off_repository_new (session);
  g_assert_true (cw_sign_off_repository_may_sign (sign_offs, bea_request, &error));
  g_assert_no_error (error);
  g_assert_true (cw_sign_off_repository_sign_off (sign_offs, bea_request, NULL, STAFF_PASSWORD,
                                                  &error));
  g_assert_no_error (error);
  events = cw_sign_off_repository_list_events (sign_offs, bea_note, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpint (cw_sign_off_event_get_capacity (g_ptr_array_index (events, 0)), ==,
                   CW_SIGN_OFF_CAPACITY_DSL);
  g_assert_cmpuint (n_outstanding (sign_offs), ==, 0);
  g_clear_object (&sign_offs);
  end_session_checked (session);
}

static void
test_need_to_know (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSignOffRepository) sign_offs = NULL;
  g_autoptr(CwSignOff) current = NULL;
  CwSession *session;
  gint64 shared_note, restricted_note, shared_request, restricted_request;

  session = sign_in (fixture, "bea");
  /* Sofia is Pat's, shared with Bea: Bea's line manager does not see her. */
  shared_note = write_judgement (session, child_s, "About Sofia", FALSE);
  shared_request = request_of (session, shared_note);
  /* A restricted note: line managers do not read it. */
  restricted_note = write_judgement (session, child_a, "Restricted judgement", TRUE);
  restricted_request = request_of (session, restricted_note);
  end_session_checked (session);

  session = sign_in (fixture, "mona");
  sign_offs = cw_sign_off_repository_new (session);
  g_assert_cmpuint (n_waiting (sign_offs), ==, 0);
  g_assert_cmpuint (n_outstanding (sign_offs), ==, 0);
  g_assert_false (cw_sign_off_repository_sign_off (sign_offs, shared_request, NULL,
                                                   STAFF_PASSWORD, &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_false (cw_sign_off_repository_sign_off (sign_offs, restricted_request, NULL,
                                                   STAFF_PASSWORD, &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  current = cw_sign_off_repository_lookup_for_entry (sign_offs, shared_note, NULL, &error);
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
  g_assert_null (current);
  g_clear_error (&error);
  g_assert_null (cw_sign_off_repository_list_events (sign_offs, shared_note, &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_assert_cmpint (count_audit (session, "step-up-failed"), ==, 0);
  g_clear_object (&sign_offs);
  end_session_checked (session);

  /* The DSL sees both; the restricted one waits for her. */
  session = sign_in (fixture, "dee");
  sign_offs = cw_sign_off_repository_new (session);
  g_assert_cmpuint (n_outstanding (sign_offs), ==, 2);
  g_assert_cmpuint (n_waiting (sign_offs), ==, 1);
  g_assert_true (cw_sign_off_repository_may_sign (sign_offs, restricted_request, &error));
  g_assert_no_error (error);
  g_assert_true (cw_sign_off_repository_may_sign (sign_offs, shared_request, &error));
  g_assert_no_error (error);
  g_clear_object (&sign_offs);
  end_session_checked (session);
}

/* Tests: disagreement ----------------------------------------------------- */

static void
test_disagreement (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSignOffRepository) sign_offs = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *state = NULL;
  CwSignOffEvent *event;
  CwSignOffState state_enum;
  CwSession *session;
  gint64 notes[3], requests[3];

  session = sign_in (fixture, "bea");
  for (guint i = 0; i < G_N_ELEMENTS (notes); i++)
    {
      g_autofree char *summary = g_strdup_printf ("Judgement %u", i + 1);

      notes[i] = write_judgement (session, child_a, summary, FALSE);
      requests[i] = request_of (session, notes[i]);
    }
  end_session_checked (session);

  session = sign_in (fixture, "mona");
  sign_offs = cw_sign_off_repository_new (session);

  /* What is missing is said before the password is asked for. */
  g_assert_false (cw_sign_off_repository_record_disagreement (sign_offs, requests[0], "  ",
                                                              CW_SIGN_OFF_FOLLOW_UP_ESCALATE,
                                                              CW_REFERRAL_NONE, NULL, NULL,
                                                              WRONG_PASSWORD, &error));
  g_assert_error (error, CW_SIGN_OFF_ERROR, CW_SIGN_OFF_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "reason"));
  g_clear_error (&error);
  g_assert_false (cw_sign_off_repository_record_disagreement (sign_offs, requests[0], REASON,
                                                              CW_SIGN_OFF_FOLLOW_UP_NONE,
                                                              CW_REFERRAL_NONE, NULL, NULL,
                                                              WRONG_PASSWORD, &error));
  g_assert_error (error, CW_SIGN_OFF_ERROR, CW_SIGN_OFF_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "what happens next"));
  g_clear_error (&error);
  g_assert_false (cw_sign_off_repository_record_disagreement (sign_offs, requests[0], REASON,
                                                              CW_SIGN_OFF_FOLLOW_UP_REFER,
                                                              CW_REFERRAL_NONE, NULL, "R1",
                                                              WRONG_PASSWORD, &error));
  g_assert_error (error, CW_SIGN_OFF_ERROR, CW_SIGN_OFF_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Choose the agency"));
  g_clear_error (&error);
  g_assert_false (cw_sign_off_repository_record_disagreement (sign_offs, requests[0], REASON,
                                                              CW_SIGN_OFF_FOLLOW_UP_REFER,
                                                              CW_REFERRAL_OTHER, " ", "R1",
                                                              WRONG_PASSWORD, &error));
  g_assert_error (error, CW_SIGN_OFF_ERROR, CW_SIGN_OFF_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Name the agency"));
  g_clear_error (&error);
  g_assert_cmpint (count_audit (session, "step-up-failed"), ==, 0);
  g_assert_cmpint (stored_int (session, "SELECT count (*) FROM sign_off_events", 0), ==, 0);

  /* 1: escalated to the DSL. */
  g_assert_true (cw_sign_off_repository_record_disagreement (sign_offs, requests[0], REASON,
                                                             CW_SIGN_OFF_FOLLOW_UP_ESCALATE,
                                                             CW_REFERRAL_NONE, NULL, NULL,
                                                             STAFF_PASSWORD, &error));
  g_assert_no_error (error);
  state = cw_sign_off_state_for_entry (cw_session_get_database (session), notes[0], NULL,
                                       &state_enum);
  g_assert_cmpint (state_enum, ==, CW_SIGN_OFF_STATE_ESCALATED);
  g_assert_cmpstr (state, ==, "escalated to the DSL");
  g_clear_pointer (&state, g_free);
  /* No longer the line manager's to decide, though her team's list shows it. */
  g_assert_false (cw_sign_off_repository_sign_off (sign_offs, requests[0], NULL,
                                                   STAFF_PASSWORD, &error));
  g_assert_error (error, CW_SIGN_OFF_ERROR, CW_SIGN_OFF_ERROR_NOT_SIGNER);
  g_clear_error (&error);
  g_assert_cmpuint (n_waiting (sign_offs), ==, 2);
  g_assert_cmpuint (n_outstanding (sign_offs), ==, 3);

  /* 2: referred to the LADO. */
  g_assert_true (cw_sign_off_repository_record_disagreement (sign_offs, requests[1], REASON,
                                                             CW_SIGN_OFF_FOLLOW_UP_REFER,
                                                             CW_REFERRAL_LADO, "ignored",
                                                             "LADO/2026/17", STAFF_PASSWORD,
                                                             &error));
  g_assert_no_error (error);
  state = cw_sign_off_state_for_entry (cw_session_get_database (session), notes[1], NULL,
                                       &state_enum);
  g_assert_cmpint (state_enum, ==, CW_SIGN_OFF_STATE_DISAGREEMENT);
  g_assert_cmpstr (state, ==, "disagreement recorded");
  g_clear_pointer (&state, g_free);
  events = cw_sign_off_repository_list_events (sign_offs, notes[1], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  event = g_ptr_array_index (events, 0);
  g_assert_cmpint (cw_sign_off_event_get_decision (event), ==, CW_SIGN_OFF_DECISION_DISAGREED);
  g_assert_cmpint (cw_sign_off_event_get_follow_up (event), ==, CW_SIGN_OFF_FOLLOW_UP_REFER);
  g_assert_cmpint (cw_sign_off_event_get_agency (event), ==, CW_REFERRAL_LADO);
  g_assert_cmpstr (cw_sign_off_event_get_agency_name (event), ==, "");
  g_assert_cmpstr (cw_sign_off_event_get_agency_reference (event), ==, "LADO/2026/17");
  g_assert_cmpstr (cw_sign_off_event_get_comment (event), ==, REASON);
  {
    g_autofree char *description = cw_sign_off_event_describe (event);

    g_assert_nonnull (strstr (description, "referred to Local Authority Designated Officer"));
  }
  g_clear_pointer (&events, g_ptr_array_unref);

  /* 3: returned to the author. */
  g_assert_true (cw_sign_off_repository_record_disagreement (sign_offs, requests[2], REASON,
                                                             CW_SIGN_OFF_FOLLOW_UP_RETURN,
                                                             CW_REFERRAL_NONE, NULL, NULL,
                                                             STAFF_PASSWORD, &error));
  g_assert_no_error (error);
  state = cw_sign_off_state_for_entry (cw_session_get_database (session), notes[2], NULL,
                                       &state_enum);
  g_assert_cmpint (state_enum, ==, CW_SIGN_OFF_STATE_RETURNED);
  g_assert_cmpstr (state, ==, "returned for more information");
  g_clear_pointer (&state, g_free);
  g_assert_cmpuint (n_waiting (sign_offs), ==, 0);
  g_assert_cmpuint (n_outstanding (sign_offs), ==, 1);

  g_assert_cmpint (count_audit (session, "sign-off-disagree"), ==, 3);
  g_assert_cmpint (count_audit (session, "sign-off-escalate"), ==, 1);
  g_assert_cmpint (count_audit (session, "sign-off-refer"), ==, 1);
  g_assert_cmpint (count_audit (session, "sign-off-return"), ==, 1);
  assert_audit_clean (session);
  {
    g_autofree char *label = cw_audit_describe_action ("sign-off-escalate");

    g_assert_cmpstr (label, !=, "sign-off-escalate");
  }
  g_clear_object (&sign_offs);
  end_session_checked (session);

  /* The DSL takes the escalated one: not escalated again, but signed. */
  session = sign_in (fixture, "dee");
  sign_offs = cw_sign_off_repository_new (session);
  {
    g_autoptr(GListModel) waiting = cw_sign_off_repository_list_waiting_for_me (sign_offs,
                                                                                NULL);
    g_autoptr(GPtrArray) items = items_of (waiting);
    CwSignOff *item;

    g_assert_cmpuint (items->len, ==, 1);
    item = g_ptr_array_index (items, 0);
    g_assert_cmpint (cw_sign_off_get_id (item), ==, requests[0]);
    g_assert_cmpint (cw_sign_off_get_state (item), ==, CW_SIGN_OFF_STATE_ESCALATED);
    g_assert_cmpstr (cw_sign_off_get_last_comment (item), ==, REASON);
    g_assert_cmpstr (cw_sign_off_get_last_signer_name (item), ==, "Mona Manager");
  }
  g_assert_false (cw_sign_off_repository_record_disagreement (sign_offs, requests[0], REASON,
                                                              CW_SIGN_OFF_FOLLOW_UP_ESCALATE,
                                                              CW_REFERRAL_NONE, NULL, NULL,
                                                              STAFF_PASSWORD, &error));
  g_assert_error (error, CW_SIGN_OFF_ERROR, CW_SIGN_OFF_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (cw_sign_off_repository_sign_off (sign_offs, requests[0], "Agreed on review",
                                                  STAFF_PASSWORD, &error));
  g_assert_no_error (error);
  events = cw_sign_off_repository_list_events (sign_offs, notes[0], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpint (cw_sign_off_event_get_follow_up (g_ptr_array_index (events, 0)), ==,
                   CW_SIGN_OFF_FOLLOW_UP_ESCALATE);
  g_assert_cmpint (cw_sign_off_event_get_decision (g_ptr_array_index (events, 1)), ==,
                   CW_SIGN_OFF_DECISION_SIGNED_OFF);
  g_assert_cmpint (cw_sign_off_event_get_capacity (g_ptr_array_index (events, 1)), ==,
                   CW_SIGN_OFF_CAPACITY_DSL);
  state = cw_sign_off_state_for_entry (cw_session_get_database (session), notes[0], NULL,
                                       &state_enum);
  g_assert_cmpint (state_enum, ==, CW_SIGN_OFF_STATE_SIGNED_OFF);
  g_assert_true (g_str_has_prefix (state, "signed off by Dee Lead on "));
  g_assert_cmpuint (n_outstanding (sign_offs), ==, 0);
  g_clear_object (&sign_offs);
  end_session_checked (session);
}

static void
test_returned_requeued (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSignOffRepository) sign_offs = NULL;
  g_autofree char *state = NULL;
  CwSignOffState state_enum;
  CwSession *session;
  gint64 note, first_request, second_request;

  session = sign_in (fixture, "bea");
  note = write_judgement (session, child_a, "Judgement", FALSE);
  first_request = request_of (session, note);
  end_session_checked (session);

  session = sign_in (fixture, "mona");
  sign_offs = cw_sign_off_repository_new (session);
  g_assert_true (cw_sign_off_repository_record_disagreement (sign_offs, first_request, REASON,
                                                             CW_SIGN_OFF_FOLLOW_UP_RETURN,
                                                             CW_REFERRAL_NONE, NULL, NULL,
                                                             STAFF_PASSWORD, &error));
  g_assert_no_error (error);
  g_clear_object (&sign_offs);
  end_session_checked (session);

  /* Back with the author, who sees why. */
  session = sign_in (fixture, "bea");
  sign_offs = cw_sign_off_repository_new (session);
  {
    g_autoptr(GListModel) returned = cw_sign_off_repository_list_returned_to_me (sign_offs,
                                                                                 NULL);
    g_autoptr(GPtrArray) items = items_of (returned);
    CwSignOff *item;

    g_assert_cmpuint (items->len, ==, 1);
    item = g_ptr_array_index (items, 0);
    g_assert_cmpint (cw_sign_off_get_entry_id (item), ==, note);
    g_assert_cmpint (cw_sign_off_get_state (item), ==, CW_SIGN_OFF_STATE_RETURNED);
    g_assert_cmpstr (cw_sign_off_get_last_comment (item), ==, REASON);
    g_assert_cmpstr (cw_sign_off_get_state_text (item), ==, "returned for more information");
  }

  /* Corrected and finished: queued again, no longer returned. */
  correct_judgement (session, note);
  second_request = request_of (session, note);
  g_assert_cmpint (second_request, !=, first_request);
  state = request_state (session, first_request);
  g_assert_cmpstr (state, ==, "returned");
  g_clear_pointer (&state, g_free);
  state = request_state (session, second_request);
  g_assert_cmpstr (state, ==, "waiting");
  g_clear_pointer (&state, g_free);
  {
    g_autoptr(GListModel) returned = cw_sign_off_repository_list_returned_to_me (sign_offs,
                                                                                 NULL);

    g_assert_cmpuint (g_list_model_get_n_items (returned), ==, 0);
  }
  state = cw_sign_off_state_for_entry (cw_session_get_database (session), note, NULL,
                                       &state_enum);
  g_assert_cmpint (state_enum, ==, CW_SIGN_OFF_STATE_AWAITING);
  g_clear_object (&sign_offs);
  end_session_checked (session);

  session = sign_in (fixture, "mona");
  sign_offs = cw_sign_off_repository_new (session);
  {
    g_autoptr(GListModel) waiting = cw_sign_off_repository_list_waiting_for_me (sign_offs,
                                                                                NULL);
    g_autoptr(GPtrArray) items = items_of (waiting);

    g_assert_cmpuint (items->len, ==, 1);
    g_assert_cmpint (cw_sign_off_get_id (g_ptr_array_index (items, 0)), ==, second_request);
    g_assert_cmpint (cw_sign_off_get_version (g_ptr_array_index (items, 0)), ==, 2);
  }
  g_clear_object (&sign_offs);
  end_session_checked (session);
}

static void
test_amendment (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSignOffRepository) sign_offs = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *state = NULL;
  CwSignOffState state_enum;
  CwSession *session;
  gint64 signed_note, waiting_note, v1_request, v2_request, waiting_v1, waiting_v2, v1_id;

  session = sign_in (fixture, "bea");
  signed_note = write_judgement (session, child_a, "Signed judgement", FALSE);
  waiting_note = write_judgement (session, child_a, "Waiting judgement", FALSE);
  v1_request = request_of (session, signed_note);
  waiting_v1 = request_of (session, waiting_note);
  v1_id = stored_int (session, "SELECT version_id FROM sign_off_requests WHERE id = ?1",
                      v1_request);
  end_session_checked (session);

  session = sign_in (fixture, "mona");
  sign_offs = cw_sign_off_repository_new (session);
  g_assert_true (cw_sign_off_repository_sign_off (sign_offs, v1_request, NULL, STAFF_PASSWORD,
                                                  &error));
  g_assert_no_error (error);
  g_clear_object (&sign_offs);
  end_session_checked (session);

  session = sign_in (fixture, "bea");
  correct_judgement (session, signed_note);
  correct_judgement (session, waiting_note);
  v2_request = request_of (session, signed_note);
  waiting_v2 = request_of (session, waiting_note);

  /* The sign-off stays with version 1; version 2 waits. */
  state = request_state (session, v1_request);
  g_assert_cmpstr (state, ==, "signed-off");
  g_clear_pointer (&state, g_free);
  g_assert_cmpint (stored_int (session, "SELECT version_id FROM sign_off_events "
                               "WHERE request_id = ?1", v1_request), ==, v1_id);
  g_assert_cmpint (stored_int (session, "SELECT v.version FROM sign_off_requests r "
                               "JOIN entry_versions v ON v.id = r.version_id WHERE r.id = ?1",
                               v2_request), ==, 2);
  state = request_state (session, v2_request);
  g_assert_cmpstr (state, ==, "waiting");
  g_clear_pointer (&state, g_free);
  state = cw_sign_off_state_for_entry (cw_session_get_database (session), signed_note, NULL,
                                       &state_enum);
  g_assert_cmpint (state_enum, ==, CW_SIGN_OFF_STATE_AWAITING);
  g_clear_pointer (&state, g_free);

  /* A request nobody acted on gives way to the correction. */
  state = request_state (session, waiting_v1);
  g_assert_cmpstr (state, ==, "superseded");
  g_clear_pointer (&state, g_free);
  end_session_checked (session);

  session = sign_in (fixture, "mona");
  sign_offs = cw_sign_off_repository_new (session);
  events = cw_sign_off_repository_list_events (sign_offs, signed_note, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpint (cw_sign_off_event_get_version (g_ptr_array_index (events, 0)), ==, 1);
  {
    g_autoptr(GListModel) waiting = cw_sign_off_repository_list_waiting_for_me (sign_offs,
                                                                                NULL);
    g_autoptr(GPtrArray) items = items_of (waiting);

    g_assert_cmpuint (items->len, ==, 2);
    for (guint i = 0; i < items->len; i++)
      {
        CwSignOff *item = g_ptr_array_index (items, i);

        g_assert_cmpint (cw_sign_off_get_version (item), ==, 2);
        g_assert_true (cw_sign_off_get_id (item) == v2_request ||
                       cw_sign_off_get_id (item) == waiting_v2);
      }
  }
  g_assert_false (cw_sign_off_repository_sign_off (sign_offs, waiting_v1, NULL, STAFF_PASSWORD,
                                                   &error));
  g_assert_error (error, CW_SIGN_OFF_ERROR, CW_SIGN_OFF_ERROR_NOT_OUTSTANDING);
  g_clear_error (&error);
  g_clear_object (&sign_offs);
  end_session_checked (session);
}

/* Tests: lists ------------------------------------------------------------ */

static void
test_lists (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSignOffRepository) sign_offs = NULL;
  CwSession *session;
  gint64 first, second, pats;

  session = sign_in (fixture, "bea");
  first = write_judgement (session, child_a, "First judgement", FALSE);
  second = write_judgement (session, child_a, "Second judgement", FALSE);
  end_session_checked (session);
  session = sign_in (fixture, "pat");
  pats = write_judgement (session, child_p, "Pat's judgement", FALSE);
  end_session_checked (session);

  session = sign_in (fixture, "mona");
  sign_offs = cw_sign_off_repository_new (session);
  g_assert_cmpuint (n_waiting (sign_offs), ==, 2);
  g_assert_cmpuint (n_outstanding (sign_offs), ==, 2);
  {
    g_autoptr(GListModel) waiting = cw_sign_off_repository_list_waiting_for_me (sign_offs,
                                                                                NULL);
    g_autoptr(GPtrArray) items = items_of (waiting);

    for (guint i = 0; i < items->len; i++)
      {
        CwSignOff *item = g_ptr_array_index (items, i);

        /* Longest waiting first. */
        g_assert_cmpint (cw_sign_off_get_entry_id (item), ==, i == 0 ? first : second);
        g_assert_cmpstr (cw_sign_off_get_summary (item), ==,
                         i == 0 ? "First judgement" : "Second judgement");
        g_assert_cmpint (cw_sign_off_get_child_id (item), ==, child_a);
        g_assert_cmpstr (cw_sign_off_get_child_name (item), ==, "Amara Okafor");
        g_assert_cmpstr (cw_sign_off_get_case_reference (item), ==, "CR-0001");
        g_assert_cmpint (cw_sign_off_get_kind (item), ==, CW_ENTRY_KIND_PROFESSIONAL_JUDGEMENT);
        g_assert_cmpint (cw_sign_off_get_author_id (item), ==, bea_id);
        g_assert_cmpstr (cw_sign_off_get_author_name (item), ==, "Bea Practitioner");
        g_assert_cmpint (cw_sign_off_get_assigned_to_id (item), ==, mona_id);
        g_assert_cmpstr (cw_sign_off_get_assigned_to_name (item), ==, "Mona Manager");
        g_assert_cmpint (cw_sign_off_get_version (item), ==, 1);
        g_assert_cmpint (cw_sign_off_get_state (item), ==, CW_SIGN_OFF_STATE_AWAITING);
        g_assert_nonnull (cw_sign_off_get_queued_at (item));
        g_assert_cmpuint (cw_sign_off_get_days_waiting (item), ==, 0);
        g_assert_false (cw_sign_off_get_overdue (item));
        g_assert_cmpstr (cw_sign_off_get_state_text (item), ==,
                         "awaiting sign-off (since today)");
        g_assert_cmpstr (cw_sign_off_get_last_signer_name (item), ==, "");
        g_assert_null (cw_sign_off_get_last_event_time (item));
      }
  }
  g_clear_object (&sign_offs);
  end_session_checked (session);

  session = sign_in (fixture, "dee");
  sign_offs = cw_sign_off_repository_new (session);
  g_assert_cmpuint (n_waiting (sign_offs), ==, 1);
  g_assert_cmpuint (n_outstanding (sign_offs), ==, 3);
  {
    g_autoptr(GListModel) waiting = cw_sign_off_repository_list_waiting_for_me (sign_offs,
                                                                                NULL);
    g_autoptr(GPtrArray) items = items_of (waiting);

    g_assert_cmpint (cw_sign_off_get_entry_id (g_ptr_array_index (items, 0)), ==, pats);
    g_assert_cmpstr (cw_sign_off_get_assigned_to_name (g_ptr_array_index (items, 0)), ==, "");
  }
  g_clear_object (&sign_offs);
  end_session_checked (session);

  /* Neither the author nor an administrator has anything to sign. */
  session = sign_in (fixture, "bea");
  sign_offs = cw_sign_off_repository_new (session);
  g_assert_cmpuint (n_waiting (sign_offs), ==, 0);
  g_assert_cmpuint (n_outstanding (sign_offs), ==, 0);
  g_clear_object (&sign_offs);
  end_session_checked (session);
  session = sign_in (fixture, "admin");
  sign_offs = cw_sign_off_repository_new (session);
  g_assert_cmpuint (n_waiting (sign_offs), ==, 0);
  g_assert_cmpuint (n_outstanding (sign_offs), ==, 0);
  g_assert_null (cw_sign_off_repository_lookup_for_entry (sign_offs, first, NULL, &error));
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
  g_clear_error (&error);
  g_clear_object (&sign_offs);
  end_session_checked (session);
}

/* Overdue after the organisation's sign-off-overdue-days (working days). */
static void
test_overdue (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(CwSignOffRepository) sign_offs = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) in_1 = g_date_time_add_days (now, 1);
  g_autoptr(GDateTime) in_10 = g_date_time_add_days (now, 10);
  g_autoptr(GDateTime) in_60 = g_date_time_add_days (now, 60);
  g_autofree char *state = NULL;
  CwSession *session;
  CwSignOff *item;
  gint64 note;

  session = sign_in (fixture, "bea");
  note = write_judgement (session, child_a, "Judgement", FALSE);
  state = cw_sign_off_state_for_entry (cw_session_get_database (session), note, in_1, NULL);
  g_assert_cmpstr (state, ==, "awaiting sign-off (1 day)");
  g_clear_pointer (&state, g_free);
  state = cw_sign_off_state_for_entry (cw_session_get_database (session), note, in_10, NULL);
  g_assert_cmpstr (state, ==, "awaiting sign-off (10 days)");
  g_clear_pointer (&state, g_free);
  end_session_checked (session);

  /* The default: five working days. */
  session = sign_in (fixture, "mona");
  sign_offs = cw_sign_off_repository_new (session);
  {
    g_autoptr(GListModel) model = cw_sign_off_repository_list_waiting_for_me (sign_offs, in_1);
    g_autoptr(GPtrArray) items = items_of (model);

    item = g_ptr_array_index (items, 0);
    g_assert_cmpuint (cw_sign_off_get_days_waiting (item), ==, 1);
    g_assert_false (cw_sign_off_get_overdue (item));
  }
  {
    g_autoptr(GListModel) model = cw_sign_off_repository_list_waiting_for_me (sign_offs, in_10);
    g_autoptr(GPtrArray) items = items_of (model);

    item = g_ptr_array_index (items, 0);
    g_assert_cmpuint (cw_sign_off_get_days_waiting (item), ==, 10);
    g_assert_true (cw_sign_off_get_overdue (item));
    g_assert_cmpstr (cw_sign_off_get_state_text (item), ==, "awaiting sign-off (10 days)");
  }
  g_clear_object (&sign_offs);
  end_session_checked (session);

  /* Thirty working days: ten calendar days are not overdue, sixty are. */
  set_setting (fixture, "sign-off-overdue-days", "30");
  session = sign_in (fixture, "mona");
  sign_offs = cw_sign_off_repository_new (session);
  {
    g_autoptr(GListModel) model = cw_sign_off_repository_list_outstanding (sign_offs, in_10);
    g_autoptr(GPtrArray) items = items_of (model);

    g_assert_false (cw_sign_off_get_overdue (g_ptr_array_index (items, 0)));
  }
  {
    g_autoptr(GListModel) model = cw_sign_off_repository_list_outstanding (sign_offs, in_60);
    g_autoptr(GPtrArray) items = items_of (model);

    g_assert_true (cw_sign_off_get_overdue (g_ptr_array_index (items, 0)));
    g_assert_cmpuint (cw_sign_off_get_days_waiting (g_ptr_array_index (items, 0)), ==, 60);
  }
  g_clear_object (&sign_offs);
  end_session_checked (session);
}

/* Tests: integrity -------------------------------------------------------- */

static void
test_append_only (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSignOffRepository) sign_offs = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *state = NULL;
  CwSession *session;
  gint64 note, request, event_id;

  session = sign_in (fixture, "bea");
  note = write_judgement (session, child_a, "Judgement", FALSE);
  request = request_of (session, note);
  end_session_checked (session);

  session = sign_in (fixture, "mona");
  sign_offs = cw_sign_off_repository_new (session);
  g_assert_true (cw_sign_off_repository_sign_off (sign_offs, request, "Agreed", STAFF_PASSWORD,
                                                  &error));
  g_assert_no_error (error);
  event_id = stored_int (session, "SELECT id FROM sign_off_events WHERE request_id = ?1",
                         request);
  before = stored_text (session, "SELECT signer_id || '|' || at || '|' || decision || '|' || "
                        "comment || '|' || signed_hash FROM sign_off_events WHERE id = ?1",
                        event_id);

  g_assert_false (run_raw_sql (session, "UPDATE sign_off_events SET comment = 'Changed' "
                               "WHERE id = ?", event_id, &error));
  g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (run_raw_sql (session, "UPDATE sign_off_events SET signed_hash = "
                               "'00000000000000000000000000000000"
                               "00000000000000000000000000000000' "
                               "WHERE id = ?", event_id, &error));
  g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (run_raw_sql (session, "DELETE FROM sign_off_events WHERE id = ?", event_id,
                               &error));
  g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (run_raw_sql (session, "DELETE FROM sign_off_events", 0, &error));
  g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_REFUSED);
  g_clear_error (&error);
  /* A decided request does not reopen. */
  g_assert_false (run_raw_sql (session, "UPDATE sign_off_requests SET state = 'waiting' "
                               "WHERE id = ?", request, &error));
  g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (run_raw_sql (session, "DELETE FROM sign_off_requests WHERE id = ?", request,
                               &error));
  g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_REFUSED);
  g_clear_error (&error);

  after = stored_text (session, "SELECT signer_id || '|' || at || '|' || decision || '|' || "
                       "comment || '|' || signed_hash FROM sign_off_events WHERE id = ?1",
                       event_id);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (stored_int (session, "SELECT count (*) FROM sign_off_events", 0), ==, 1);
  state = request_state (session, request);
  g_assert_cmpstr (state, ==, "signed-off");
  g_clear_object (&sign_offs);
  end_session_checked (session);
}

/* A signed judgement changed behind the triggers' back is found, in core
 * and by `casework --verify`; a changed one cannot be signed. */
static void
test_verify (Fixture       *fixture,
             gconstpointer  user_data)
{
  const char *verify_args[] = {
    "--database", fixture->db_path, "--verify", "--user", "dee", "--password-stdin", NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSignOffRepository) sign_offs = NULL;
  g_autoptr(CwSignOffVerification) verification = NULL;
  g_autofree char *suffix = NULL;
  CwSession *session;
  gint64 notes[3], requests[3], versions[3], events[2];

  session = sign_in (fixture, "bea");
  for (guint i = 0; i < G_N_ELEMENTS (notes); i++)
    {
      g_autofree char *summary = g_strdup_printf ("Judgement %u", i + 1);

      notes[i] = write_judgement (session, child_a, summary, FALSE);
      requests[i] = request_of (session, notes[i]);
      versions[i] = stored_int (session, "SELECT version_id FROM sign_off_requests "
                                "WHERE id = ?1", requests[i]);
    }
  end_session_checked (session);

  session = sign_in (fixture, "mona");
  sign_offs = cw_sign_off_repository_new (session);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (cw_sign_off_repository_sign_off (sign_offs, requests[i], NULL,
                                                      STAFF_PASSWORD, &error));
      g_assert_no_error (error);
      events[i] = stored_int (session, "SELECT id FROM sign_off_events WHERE request_id = ?1",
                              requests[i]);
    }
  verification = cw_sign_off_verify (cw_session_get_database (session), &error);
  g_assert_no_error (error);
  g_assert_cmpint (verification->n_events, ==, 2);
  g_assert_cmpint (verification->first_broken_event, ==, 0);
  g_assert_null (verification->problem);
  g_clear_pointer (&verification, cw_sign_off_verification_free);
  g_clear_object (&sign_offs);
  end_session_checked (session);

  {
    g_auto(RunResult) run = { 0 };

    run_casework (verify_args, STAFF_PASSWORD "\n", &run);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "Sign-offs unchanged: 2 sign-offs checked."));
  }

  /* Change the second signed version's content, past its trigger. */
  session = sign_in (fixture, "bea");
  g_assert_true (cw_database_exec (cw_session_get_database (session),
                                   "DROP TRIGGER entry_versions_finished_no_update", &error));
  g_assert_no_error (error);
  g_assert_true (run_raw_sql (session, "UPDATE entry_versions SET observed_facts = 'Rewritten' "
                              "WHERE id = ?", versions[1], &error));
  g_assert_no_error (error);
  verification = cw_sign_off_verify (cw_session_get_database (session), &error);
  g_assert_no_error (error);
  g_assert_cmpint (verification->first_broken_event, ==, events[1]);
  g_assert_cmpint (verification->entry_id, ==, notes[1]);
  g_assert_cmpint (verification->version, ==, 1);
  suffix = g_strdup_printf (" (case note %" G_GINT64_FORMAT ", version 1) has changed since it "
                            "was signed.", notes[1]);
  g_assert_true (g_str_has_prefix (verification->problem, "The judgement signed off on "));
  g_assert_true (g_str_has_suffix (verification->problem, suffix));
  g_clear_pointer (&verification, cw_sign_off_verification_free);
  g_clear_pointer (&suffix, g_free);

  /* Then the first one's judgement part: the first mismatch is named. */
  g_assert_true (cw_database_exec (cw_session_get_database (session),
                                   "DROP TRIGGER judgement_details_finished_no_update", &error));
  g_assert_no_error (error);
  g_assert_true (run_raw_sql (session, "UPDATE judgement_details SET reasons = 'Other reasons' "
                              "WHERE version_id = ?", versions[0], &error));
  g_assert_no_error (error);
  verification = cw_sign_off_verify (cw_session_get_database (session), &error);
  g_assert_no_error (error);
  g_assert_cmpint (verification->first_broken_event, ==, events[0]);
  g_assert_cmpint (verification->entry_id, ==, notes[0]);
  suffix = g_strdup_printf (" (case note %" G_GINT64_FORMAT ", version 1) has changed since it "
                            "was signed.", notes[0]);
  g_assert_true (g_str_has_suffix (verification->problem, suffix));

  /* The third, not yet signed, changed: it cannot be signed now. */
  g_assert_true (run_raw_sql (session, "UPDATE entry_versions SET summary = 'Rewritten' "
                              "WHERE id = ?", versions[2], &error));
  g_assert_no_error (error);
  end_session_checked (session);

  session = sign_in (fixture, "mona");
  sign_offs = cw_sign_off_repository_new (session);
  g_assert_false (cw_sign_off_repository_sign_off (sign_offs, requests[2], NULL, STAFF_PASSWORD,
                                                   &error));
  g_assert_error (error, CW_SIGN_OFF_ERROR, CW_SIGN_OFF_ERROR_CHANGED);
  g_clear_error (&error);
  g_assert_cmpint (stored_int (session, "SELECT count (*) FROM sign_off_events", 0), ==, 2);
  g_clear_object (&sign_offs);
  end_session_checked (session);

  /* The audit log is intact, the sign-offs are not: exit status 1. */
  {
    g_auto(RunResult) run = { 0 };

    run_casework (verify_args, STAFF_PASSWORD "\n", &run);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.out, "Audit log intact"));
    g_assert_nonnull (strstr (run.out, "Sign-offs changed: "));
    g_assert_nonnull (strstr (run.out, verification->problem));
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_assert_true (cw_secure_init ());

#define ADD(path, func) \
  g_test_add (path, Fixture, &people, people_fixture_set_up, func, fixture_tear_down)

  ADD ("/sign-offs/rules/own-judgement", test_own_judgement);
  ADD ("/sign-offs/rules/not-line-manager", test_not_line_manager);
  ADD ("/sign-offs/rules/line-manager-password", test_line_manager_signs);
  ADD ("/sign-offs/rules/dsl-cover", test_dsl_cover);
  ADD ("/sign-offs/rules/need-to-know", test_need_to_know);
  ADD ("/sign-offs/disagreement/follow-ups", test_disagreement);
  ADD ("/sign-offs/disagreement/returned-requeued", test_returned_requeued);
  ADD ("/sign-offs/amendment/keeps-old-sign-off", test_amendment);
  ADD ("/sign-offs/lists/manager-and-dsl", test_lists);
  ADD ("/sign-offs/lists/overdue", test_overdue);
  ADD ("/sign-offs/integrity/append-only", test_append_only);
  ADD ("/sign-offs/integrity/verify", test_verify);

#undef ADD

  status = g_test_run ();

  people_template_clean_up ();

  return status;
}
