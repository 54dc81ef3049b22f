/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "core/cw-child-repository.h"
#include "core/cw-entry-repository.h"
#include "core/cw-judgement.h"
#include "core/cw-key.h"
#include "core/cw-session.h"
#include "core/cw-sign-off-repository.h"
#include "gui/cw-child-page.h"
#include "gui/cw-children-page.h"
#include "gui/cw-entry-editor.h"
#include "gui/cw-main-view.h"
#include "gui/cw-sign-offs-page.h"
#include "cw-gui-test-util.h"
#include "cw-test-util.h"

/*
 * Sign-off of professional judgements through the real widgets: a
 * judgement recorded in the case-note editor, the Sign-offs count on the
 * sidebar, the page's lists and detail, "Sign Off…" and "Record
 * Disagreement…" with the step-up password, and the sign-off state in the
 * chronology and the note, on a real SQLCipher database. One person is
 * signed in at a time:
 *
 *   admin  administrator
 *   mona   line manager of bea
 *   bea    practitioner; writes the judgements
 */

#define ADMIN_PASSWORD   "harbour-lantern-crocus-97"
#define STAFF_PASSWORD   "meadow-pebble-violin-31"
#define SIGN_OFF_COMMENT "Agreed: the grandmother was the safest place that night"
#define DISAGREE_REASON  "Please say who else was considered before the grandmother"

typedef struct
{
  char      *dir;
  char      *path;
  CwKey     *mona_key;
  CwKey     *bea_key;
  gint64     child_id;
  GtkWidget *window;
  GtkWidget *view;
} Fixture;

static CwKey *
first_sign_in (const char *path,
               const char *username)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = NULL;
  CwKey *key;

  session = cw_session_sign_in_with_password (path, username, STAFF_PASSWORD, &error);
  g_assert_no_error (error);
  key = cw_session_dup_unlock_key (session);
  cw_session_sign_out (session);

  return key;
}

static CwSession *
sign_in (Fixture *fixture,
         CwKey   *key,
         const char *username)
{
  g_autoptr(GError) error = NULL;
  CwSession *session;

  session = cw_session_sign_in_with_unlock_key (fixture->path, username, key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);

  return session;
}

static void
sign_out (CwSession *session)
{
  cw_session_sign_out (session);
  g_object_unref (session);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *recovery_key = NULL;
  g_autoptr(CwStaffMember) mona = NULL;
  g_autoptr(CwStaffMember) bea = NULL;
  g_autoptr(CwChildRepository) children = NULL;
  g_autoptr(CwChild) child = cw_child_new ();
  g_autoptr(CwChild) stored = NULL;
  CwSession *session;

  fixture->dir = cw_test_make_tmpdir ();
  fixture->path = g_build_filename (fixture->dir, "riverside.db", NULL);
  session = cw_session_create_database (fixture->path, "Riverside Children’s Services",
                                        "admin", "Ada Admin", ADMIN_PASSWORD,
                                        &recovery_key, &error);
  g_assert_no_error (error);
  cw_secure_wipe_string (recovery_key);

  mona = cw_session_add_staff (session, ADMIN_PASSWORD, "mona", "Mona Manager",
                               "Team Manager", CW_ROLE_LINE_MANAGER, 0, STAFF_PASSWORD,
                               &error);
  g_assert_no_error (error);
  bea = cw_session_add_staff (session, ADMIN_PASSWORD, "bea", "Bea Practitioner",
                              "Social Worker", CW_ROLE_PRACTITIONER,
                              cw_staff_member_get_id (mona), STAFF_PASSWORD, &error);
  g_assert_no_error (error);
  sign_out (session);

  fixture->mona_key = first_sign_in (fixture->path, "mona");
  fixture->bea_key = first_sign_in (fixture->path, "bea");

  session = sign_in (fixture, fixture->bea_key, "bea");
  children = cw_child_repository_new (session);
  cw_child_set_case_reference (child, "CR-0042");
  cw_child_set_given_names (child, "Amara");
  cw_child_set_family_name (child, "Okafor");
  cw_child_set_allocated_worker_id (child, cw_staff_member_get_id (bea));
  stored = cw_child_repository_create (children, child, &error);
  g_assert_no_error (error);
  fixture->child_id = cw_child_get_id (stored);
  g_clear_object (&children);
  sign_out (session);
}

static void
close_window (Fixture *fixture)
{
  cw_gui_test_close_windows ();
  fixture->window = NULL;
  fixture->view = NULL;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  close_window (fixture);
  g_clear_pointer (&fixture->mona_key, cw_key_free);
  g_clear_pointer (&fixture->bea_key, cw_key_free);
  cw_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->path, g_free);
  g_clear_pointer (&fixture->dir, g_free);
}

/* Helpers ----------------------------------------------------------------- */

static void
yesterday (GDate *date)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  g_date_subtract_days (date, 1);
}

/* Bea writes and finishes a professional judgement; returns the note. */
static gint64
write_judgement (Fixture    *fixture,
                 const char *summary)
{
  CwSession *session = sign_in (fixture, fixture->bea_key, "bea");
  g_autoptr(CwSignOffRepository) sign_offs = cw_sign_off_repository_new (session);
  g_autoptr(CwEntryRepository) entries = cw_entry_repository_new (session);
  g_autoptr(CwJudgement) judgement = cw_judgement_new ();
  g_autoptr(CwEntry) draft = NULL;
  g_autoptr(GError) error = NULL;
  GDate day;
  gint64 entry_id;

  yesterday (&day);
  cw_judgement_set_text (judgement, CW_JUDGEMENT_FIELD_CIRCUMSTANCES,
                         "Nobody was at home at 22:00");
  cw_judgement_set_text (judgement, CW_JUDGEMENT_FIELD_ACTION,
                         "Took Amara to her grandmother’s for the night");
  cw_judgement_set_action_status (judgement, CW_JUDGEMENT_ACTION_TAKEN);
  cw_judgement_set_text (judgement, CW_JUDGEMENT_FIELD_REASONS,
                         "Her grandmother is known to us and safe");
  for (guint i = 0; i < CW_JUDGEMENT_TEST_LAST; i++)
    {
      cw_judgement_set_answer (judgement, i, CW_JUDGEMENT_ANSWER_YES);
      cw_judgement_set_explanation (judgement, i, "It kept her safe overnight");
    }
  cw_judgement_set_text (judgement, CW_JUDGEMENT_FIELD_DISCUSSED_WITH, "Mona, by phone");
  cw_judgement_set_discussed_on (judgement, &day);

  draft = cw_entry_repository_create_draft (entries, fixture->child_id,
                                            CW_ENTRY_KIND_PROFESSIONAL_JUDGEMENT, &error);
  g_assert_no_error (error);
  cw_entry_set_event_date (draft, &day);
  cw_entry_set_text (draft, CW_ENTRY_FIELD_SUMMARY, summary);
  cw_entry_set_text (draft, CW_ENTRY_FIELD_OBSERVED_FACTS, "No adult was at home.");
  g_assert_true (cw_sign_off_repository_finish_judgement (sign_offs, draft, judgement,
                                                          &error));
  g_assert_no_error (error);
  entry_id = cw_entry_get_id (draft);

  g_clear_object (&sign_offs);
  g_clear_object (&entries);
  sign_out (session);

  return entry_id;
}

static void
show_main_view_sized (Fixture   *fixture,
                      CwSession *session,
                      int        width,
                      int        height)
{
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), width, height);
  fixture->view = cw_main_view_new (session);
  gtk_window_set_child (GTK_WINDOW (fixture->window), fixture->view);
  gtk_window_present (GTK_WINDOW (fixture->window));

  cw_gui_test_wait_for_showing (fixture->view, CW_GUI_TEST_QUICK_MS);
}

static void
show_main_view (Fixture   *fixture,
                CwSession *session)
{
  show_main_view_sized (fixture, session, 1100, 720);
}

/* Opens the Sign-offs page from the sidebar; returns it. */
static GtkWidget *
open_sign_offs (Fixture *fixture)
{
  GtkWidget *list = cw_gui_test_get (fixture->view, "section_list");
  GtkWidget *row = cw_gui_test_get (list, "sign-offs");
  GtkWidget *stack = cw_gui_test_get (fixture->view, "content_stack");

  gtk_widget_activate (row);
  cw_gui_test_wait_for_stack_page (GTK_STACK (stack), "sign-offs", CW_GUI_TEST_QUICK_MS);
  return gtk_stack_get_visible_child (GTK_STACK (stack));
}

/* The main view for @session: the sidebar counts one judgement waiting,
 * and the Sign-offs page (returned) lists one in @waiting_out. */
static GtkWidget *
open_one_waiting (Fixture    *fixture,
                  CwSession  *session,
                  GtkWidget **badge_out,
                  GtkWidget **waiting_out)
{
  GtkWidget *page;

  show_main_view (fixture, session);
  *badge_out = cw_gui_test_get (fixture->view, "sign_offs_badge");
  g_assert_true (cw_gui_test_is_showing (*badge_out));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (*badge_out)), ==, "1");
  page = open_sign_offs (fixture);
  g_assert_true (CW_IS_SIGN_OFFS_PAGE (page));
  *waiting_out = cw_gui_test_get (page, "waiting_list");
  g_assert_cmpuint (cw_gui_test_list_n_items (*waiting_out), ==, 1);

  return page;
}

/* Sign Off… on the selected judgement, with the comment and the password. */
static void
sign_off_with_comment (GtkWidget *page)
{
  GtkWidget *dialog;

  cw_gui_test_click (cw_gui_test_get (page, "sign_off_button"));
  dialog = cw_gui_test_wait_for_window (ADW_TYPE_MESSAGE_DIALOG, "sign_off_dialog",
                                        CW_GUI_TEST_QUICK_MS);
  cw_gui_test_set_text (cw_gui_test_get (dialog, "comment_entry"), SIGN_OFF_COMMENT);
  cw_gui_test_click (cw_gui_test_find_button (dialog, "_Sign Off…"));
  cw_gui_test_step_up (STAFF_PASSWORD, "_Sign Off");
}

/* Selects the first row of a list the way a click on it does. */
static void
select_first (Fixture    *fixture,
              const char *list_id)
{
  cw_gui_test_select_row (cw_gui_test_get (fixture->view, list_id), 0);
}

static CwSignOffState
entry_state (Fixture *fixture,
             gint64   entry_id,
             char   **text_out)
{
  CwSession *session = sign_in (fixture, fixture->bea_key, "bea");
  CwSignOffState state = CW_SIGN_OFF_STATE_NONE;

  *text_out = cw_sign_off_state_for_entry (cw_session_get_database (session), entry_id, NULL,
                                           &state);
  sign_out (session);

  return state;
}

/* The whole flow through the widgets ---------------------------------------- */

typedef struct
{
  GtkWidget  *child_page;
  const char *badge;
  GtkWidget  *found;
} BadgeWait;

/* The chronology shows one row, a judgement with @badge under its kind. */
static gboolean
only_row_has_badge (gpointer user_data)
{
  BadgeWait *wait = user_data;
  GtkWidget *view = cw_gui_test_get (wait->child_page, "column_view");
  g_autoptr(GPtrArray) summaries = g_ptr_array_new ();
  g_autoptr(GPtrArray) badges = g_ptr_array_new ();

  cw_gui_test_collect_named (view, "summary-label", summaries);
  cw_gui_test_collect_named (view, "sign-off-label", badges);
  if (summaries->len != 1 || badges->len != 1 ||
      g_strcmp0 (gtk_label_get_text (badges->pdata[0]), wait->badge) != 0)
    return FALSE;

  wait->found = badges->pdata[0];
  return TRUE;
}

static GtkWidget *
wait_for_row_badge (GtkWidget  *child_page,
                    const char *badge)
{
  BadgeWait wait = { child_page, badge, NULL };

  if (!cw_gui_test_wait_until (only_row_has_badge, &wait, CW_GUI_TEST_QUICK_MS))
    g_error ("The chronology does not show one row marked “%s”", badge);

  return wait.found;
}

static gboolean
child_page_shown (gpointer user_data)
{
  GtkWidget *child_page = cw_children_page_get_child_page (CW_CHILDREN_PAGE (user_data));

  return child_page != NULL && cw_gui_test_is_showing (child_page);
}

/* Children, then the only child's row: its page, with the chronology. */
static GtkWidget *
open_child_page (Fixture *fixture)
{
  GtkWidget *list = cw_gui_test_get (fixture->view, "section_list");
  GtkWidget *row = cw_gui_test_get (list, cw_section_get_id (CW_SECTION_CHILDREN));
  GtkWidget *stack = cw_gui_test_get (fixture->view, "content_stack");
  GtkWidget *page, *child_page;

  gtk_widget_activate (row);
  cw_gui_test_wait_for_stack_page (GTK_STACK (stack), cw_section_get_id (CW_SECTION_CHILDREN),
                                   CW_GUI_TEST_QUICK_MS);
  page = gtk_stack_get_visible_child (GTK_STACK (stack));
  g_assert_true (CW_IS_CHILDREN_PAGE (page));
  cw_gui_test_wait_for_label (page, "CR-0042", TRUE, CW_GUI_TEST_QUICK_MS);

  g_signal_emit_by_name (cw_gui_test_get (page, "column_view"), "activate", 0);
  if (!cw_gui_test_wait_until (child_page_shown, page, CW_GUI_TEST_QUICK_MS))
    g_error ("The child’s page did not open");
  child_page = cw_children_page_get_child_page (CW_CHILDREN_PAGE (page));
  g_assert_true (CW_IS_CHILD_PAGE (child_page));
  cw_gui_test_wait_for_label (cw_gui_test_get (child_page, "reference_label"), "CR-0042", TRUE,
                              CW_GUI_TEST_QUICK_MS);

  return child_page;
}

static char *
format_day (const GDate *date)
{
  return g_strdup_printf ("%02u/%02u/%04u", g_date_get_day (date),
                          (guint) g_date_get_month (date), g_date_get_year (date));
}

/* Tests ------------------------------------------------------------------- */

static void
test_sign_off_and_return (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *state_text = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(CwSignOffRepository) repository = NULL;
  GtkWidget *badge, *waiting, *page, *dialog;
  CwSession *session;
  gint64 first, second;

  first = write_judgement (fixture, "Amara stayed with her grandmother");

  /* Mona sees the count on the sidebar, then the judgement on the page. */
  session = sign_in (fixture, fixture->mona_key, "mona");
  page = open_one_waiting (fixture, session, &badge, &waiting);
  g_assert_null (cw_gui_test_find (page, "returned_list"));
  g_assert_nonnull (cw_gui_test_find_label (page, "Amara Okafor · CR-0042"));
  g_assert_nonnull (cw_gui_test_find_label (page, "Amara stayed with her grandmother"));
  g_assert_nonnull (cw_gui_test_find_label (page, "By Bea Practitioner"));

  select_first (fixture, "waiting_list");
  cw_gui_test_wait_for_showing (cw_gui_test_get (page, "sign_off_button"),
                                CW_GUI_TEST_QUICK_MS);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (cw_gui_test_get (page,
                                                                   "detail_circumstances"))),
                   ==, "Nobody was at home at 22:00");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (cw_gui_test_get (page, "detail_reasons"))),
                   ==, "Her grandmother is known to us and safe");
  cw_gui_test_screenshot (fixture->window, "sign-offs-page");

  /* Sign Off… with a comment and the password. */
  sign_off_with_comment (page);

  cw_gui_test_wait_for_hidden (waiting, CW_GUI_TEST_SLOW_MS);
  g_assert_cmpuint (cw_gui_test_list_n_items (waiting), ==, 0);
  cw_gui_test_wait_for_hidden (badge, CW_GUI_TEST_QUICK_MS);
  g_assert_nonnull (cw_gui_test_find_label (page,
                                            "No judgements are waiting for you to sign off."));

  repository = cw_sign_off_repository_new (session);
  events = cw_sign_off_repository_list_events (repository, first, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpint (cw_sign_off_event_get_decision (g_ptr_array_index (events, 0)), ==,
                   CW_SIGN_OFF_DECISION_SIGNED_OFF);
  g_assert_cmpstr (cw_sign_off_event_get_comment (g_ptr_array_index (events, 0)), ==,
                   SIGN_OFF_COMMENT);
  g_clear_pointer (&events, g_ptr_array_unref);
  g_clear_object (&repository);
  close_window (fixture);
  sign_out (session);

  g_assert_cmpint (entry_state (fixture, first, &state_text), ==,
                   CW_SIGN_OFF_STATE_SIGNED_OFF);
  g_assert_nonnull (strstr (state_text, "igned off"));

  /* A second judgement: Mona disagrees and returns it to Bea. */
  second = write_judgement (fixture, "Amara stayed with her aunt");
  session = sign_in (fixture, fixture->mona_key, "mona");
  show_main_view (fixture, session);
  page = open_sign_offs (fixture);
  select_first (fixture, "waiting_list");
  cw_gui_test_wait_for_showing (cw_gui_test_get (page, "disagree_button"),
                                CW_GUI_TEST_QUICK_MS);
  cw_gui_test_click (cw_gui_test_get (page, "disagree_button"));
  dialog = cw_gui_test_wait_for_window (ADW_TYPE_MESSAGE_DIALOG, "disagree_dialog",
                                        CW_GUI_TEST_QUICK_MS);
  /* Nothing to record until there is a reason and a follow-up. */
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog),
                                                           "disagree"));
  cw_gui_test_set_text (cw_gui_test_get (dialog, "reason_entry"), DISAGREE_REASON);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog),
                                                           "disagree"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (cw_gui_test_get (dialog,
                                                                  "follow_up_return")), TRUE);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog),
                                                          "disagree"));
  cw_gui_test_click (cw_gui_test_find_button (dialog, "_Record Disagreement…"));
  cw_gui_test_step_up (STAFF_PASSWORD, "_Record Disagreement");

  waiting = cw_gui_test_get (page, "waiting_list");
  cw_gui_test_wait_for_hidden (waiting, CW_GUI_TEST_SLOW_MS);
  g_assert_cmpuint (cw_gui_test_list_n_items (waiting), ==, 0);
  badge = cw_gui_test_get (fixture->view, "sign_offs_badge");
  g_assert_false (cw_gui_test_is_showing (badge));
  close_window (fixture);
  sign_out (session);

  g_clear_pointer (&state_text, g_free);
  g_assert_cmpint (entry_state (fixture, second, &state_text), ==,
                   CW_SIGN_OFF_STATE_RETURNED);

  /* Bea's "Returned to me" lists it, with Mona's reason. */
  session = sign_in (fixture, fixture->bea_key, "bea");
  show_main_view (fixture, session);
  page = open_sign_offs (fixture);
  g_assert_null (cw_gui_test_find (page, "waiting_list"));
  g_assert_cmpuint (cw_gui_test_list_n_items (cw_gui_test_get (page, "returned_list")), ==, 1);
  g_assert_nonnull (cw_gui_test_find_label (page, "Amara stayed with her aunt"));
  select_first (fixture, "returned_list");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (cw_gui_test_get (
                                                  page, "detail_last_comment"))),
                            DISAGREE_REASON));
  /* The author cannot sign her own judgement. */
  g_assert_false (cw_gui_test_is_showing (cw_gui_test_get (page, "sign_off_button")));
  close_window (fixture);
  sign_out (session);
}

/* A refusal from core is shown as a sentence and the comment is kept. */
static void
test_refusal_keeps_comment (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSignOffRepository) repository = NULL;
  g_autoptr(GListModel) waiting_model = NULL;
  g_autoptr(CwSignOff) sign_off = NULL;
  GtkWidget *page, *dialog, *error_label;
  CwSession *session;

  write_judgement (fixture, "Amara stayed with her grandmother");
  session = sign_in (fixture, fixture->mona_key, "mona");
  show_main_view (fixture, session);
  page = open_sign_offs (fixture);
  select_first (fixture, "waiting_list");
  cw_gui_test_wait_for_showing (cw_gui_test_get (page, "sign_off_button"),
                                CW_GUI_TEST_QUICK_MS);

  /* Meanwhile it is signed off (as from another window). */
  repository = cw_sign_off_repository_new (session);
  waiting_model = cw_sign_off_repository_list_waiting_for_me (repository, NULL);
  sign_off = g_list_model_get_item (waiting_model, 0);
  g_assert_nonnull (sign_off);
  g_assert_true (cw_sign_off_repository_sign_off (repository, cw_sign_off_get_id (sign_off),
                                                  NULL, STAFF_PASSWORD, &error));
  g_assert_no_error (error);

  sign_off_with_comment (page);

  error_label = cw_gui_test_get (page, "error_label");
  cw_gui_test_wait_for_showing (error_label, CW_GUI_TEST_SLOW_MS);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), !=, "");

  /* The comment is offered again. */
  cw_gui_test_click (cw_gui_test_get (page, "sign_off_button"));
  dialog = cw_gui_test_wait_for_window (ADW_TYPE_MESSAGE_DIALOG, "sign_off_dialog",
                                        CW_GUI_TEST_QUICK_MS);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cw_gui_test_get (dialog,
                                                                         "comment_entry"))),
                   ==, SIGN_OFF_COMMENT);
  cw_gui_test_click (cw_gui_test_find_button (dialog, "_Cancel"));

  g_clear_object (&sign_off);
  g_clear_object (&waiting_model);
  g_clear_object (&repository);
  close_window (fixture);
  sign_out (session);
}

/* The whole flow, as people do it: Bea records a professional judgement
 * in the case-note editor and finishes it; Mona signs in, sees the count on
 * the sidebar and signs it off with her password on the Sign-offs page;
 * Bea signs in again and sees it signed in the chronology and the note. */
static void
test_record_sign_off_and_see (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(CwSignOffRepository) repository = NULL;
  g_autofree char *discussed_on = NULL;
  g_autofree char *state_text = NULL;
  g_autofree char *tooltip = NULL;
  static const char *const tests[CW_JUDGEMENT_TEST_LAST] = { "yes", "yes", "unsure", "yes" };
  GtkWidget *child_page, *menu_toggle, *kind_button, *editor, *row_badge, *badge, *page;
  GtkWidget *waiting, *note_label;
  CwSession *session;
  gint64 entry_id;
  GDate day;

  /* Bea: Children → Amara → New Case Note → Professional judgement. */
  session = sign_in (fixture, fixture->bea_key, "bea");
  show_main_view (fixture, session);
  child_page = open_child_page (fixture);
  menu_toggle = cw_gui_test_find_by_type (cw_gui_test_get (child_page, "empty_new_note_button"),
                                          GTK_TYPE_TOGGLE_BUTTON);
  g_assert_nonnull (menu_toggle);
  cw_gui_test_click (menu_toggle);
  kind_button = cw_gui_test_get (child_page, "empty-new-note-professional-judgement");
  cw_gui_test_wait_for_showing (kind_button, CW_GUI_TEST_QUICK_MS);
  cw_gui_test_click (kind_button);
  editor = cw_gui_test_wait_for_window (CW_TYPE_ENTRY_EDITOR, NULL, CW_GUI_TEST_QUICK_MS);
  entry_id = cw_entry_get_id (cw_entry_editor_get_entry (CW_ENTRY_EDITOR (editor)));
  g_assert_cmpint (cw_entry_get_kind (cw_entry_editor_get_entry (CW_ENTRY_EDITOR (editor))),
                   ==, CW_ENTRY_KIND_PROFESSIONAL_JUDGEMENT);

  /* The judgement section, filled as a person does. */
  g_assert_true (cw_gui_test_is_showing (cw_gui_test_get (editor, "judgement_group")));
  cw_gui_test_set_text (cw_gui_test_get (editor, "summary_row"),
                        "Took Amara to her grandmother for the night");
  cw_gui_test_type_into_view (editor, "judgement_circumstances_view",
                              "Nobody was at home at 22:00.");
  adw_combo_row_set_selected (ADW_COMBO_ROW (cw_gui_test_get (editor,
                                                              "judgement_action_status_row")),
                              CW_JUDGEMENT_ACTION_TAKEN);
  cw_gui_test_type_into_view (editor, "judgement_action_view",
                              "Drove Amara to her grandmother, who is known to us.");
  cw_gui_test_type_into_view (editor, "judgement_reasons_view",
                              "She could not be left alone and her grandmother is safe.");
  for (guint t = 0; t < CW_JUDGEMENT_TEST_LAST; t++)
    {
      g_autofree char *button = g_strdup_printf ("judgement_%s_%s",
                                                 cw_judgement_test_get_id (t), tests[t]);
      g_autofree char *view = g_strdup_printf ("judgement_%s_explanation_view",
                                               cw_judgement_test_get_id (t));

      cw_gui_test_click (cw_gui_test_get (editor, button));
      cw_gui_test_type_into_view (editor, view, "Amara was safe with someone she knows.");
    }
  cw_gui_test_set_text (cw_gui_test_get (editor, "judgement_discussed_with_row"),
                        "Mona Manager, by phone");
  yesterday (&day);
  discussed_on = format_day (&day);
  cw_gui_test_set_text (cw_gui_test_get (editor, "judgement_discussed_on_entry"), discussed_on);

  /* Finish: the note shows that it awaits sign-off. */
  cw_gui_test_click (cw_gui_test_get (editor, "finish_button"));
  cw_gui_test_respond (cw_gui_test_wait_for_window (ADW_TYPE_MESSAGE_DIALOG, "finish_dialog",
                                                    CW_GUI_TEST_QUICK_MS), "_Finish");
  cw_gui_test_wait_for_showing (cw_gui_test_get (editor, "read_summary_label"),
                                CW_GUI_TEST_QUICK_MS);
  cw_gui_test_wait_for_label (editor, "Awaiting sign-off", TRUE, CW_GUI_TEST_QUICK_MS);
  cw_gui_test_close_with_shortcut (editor);

  /* Her chronology marks it as waiting. */
  row_badge = wait_for_row_badge (child_page, "Waiting for sign-off");
  g_assert_true (gtk_widget_has_css_class (row_badge, "warning"));
  close_window (fixture);
  sign_out (session);

  /* Mona: the count on the sidebar, then Sign Off… with her password. */
  session = sign_in (fixture, fixture->mona_key, "mona");
  page = open_one_waiting (fixture, session, &badge, &waiting);
  g_assert_nonnull (cw_gui_test_find_label (page,
                                            "Took Amara to her grandmother for the night"));
  select_first (fixture, "waiting_list");
  cw_gui_test_wait_for_showing (cw_gui_test_get (page, "sign_off_button"),
                                CW_GUI_TEST_QUICK_MS);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (cw_gui_test_get (page,
                                                                   "detail_circumstances"))),
                   ==, "Nobody was at home at 22:00.");
  sign_off_with_comment (page);
  cw_gui_test_wait_for_hidden (waiting, CW_GUI_TEST_SLOW_MS);
  cw_gui_test_wait_for_hidden (badge, CW_GUI_TEST_QUICK_MS);

  /* What is stored: one sign-off of this note, by Mona, with her comment. */
  repository = cw_sign_off_repository_new (session);
  events = cw_sign_off_repository_list_events (repository, entry_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpint (cw_sign_off_event_get_decision (g_ptr_array_index (events, 0)), ==,
                   CW_SIGN_OFF_DECISION_SIGNED_OFF);
  g_assert_cmpstr (cw_sign_off_event_get_signer_name (g_ptr_array_index (events, 0)), ==,
                   "Mona Manager");
  g_assert_cmpstr (cw_sign_off_event_get_comment (g_ptr_array_index (events, 0)), ==,
                   SIGN_OFF_COMMENT);
  g_clear_pointer (&events, g_ptr_array_unref);
  g_clear_object (&repository);
  close_window (fixture);
  sign_out (session);

  /* Bea again: the row says it is signed off, and by whom … */
  session = sign_in (fixture, fixture->bea_key, "bea");
  show_main_view_sized (fixture, session, 1280, 800);
  child_page = open_child_page (fixture);
  row_badge = wait_for_row_badge (child_page, "Signed off");
  g_assert_true (gtk_widget_has_css_class (row_badge, "success"));
  g_assert_false (gtk_widget_has_css_class (row_badge, "warning"));
  /* (Copied: the row is bound again when the note opens.) */
  tooltip = g_strdup (gtk_widget_get_tooltip_text (row_badge));
  g_assert_nonnull (tooltip);
  g_assert_true (g_str_has_prefix (tooltip, "Signed off by Mona Manager on "));
  cw_gui_test_screenshot (fixture->window, "sign-offs-chronology-signed");

  /* … and so does the note, opened from its row. */
  g_signal_emit_by_name (cw_gui_test_get (child_page, "column_view"), "activate", 0);
  editor = cw_gui_test_wait_for_window (CW_TYPE_ENTRY_EDITOR, NULL, CW_GUI_TEST_QUICK_MS);
  note_label = cw_gui_test_get (editor, "read_sign_off_label");
  cw_gui_test_wait_for_showing (note_label, CW_GUI_TEST_QUICK_MS);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (note_label)), ==, tooltip);
  cw_gui_test_close_with_shortcut (editor);
  close_window (fixture);
  sign_out (session);

  g_assert_cmpint (entry_state (fixture, entry_id, &state_text), ==,
                   CW_SIGN_OFF_STATE_SIGNED_OFF);
}

int
main (int   argc,
      char *argv[])
{
  cw_gui_test_init (&argc, &argv);

  g_test_add ("/gui/sign-offs/record-sign-off-and-see", Fixture, NULL,
              fixture_set_up, test_record_sign_off_and_see, fixture_tear_down);
  g_test_add ("/gui/sign-offs/sign-off-and-return", Fixture, NULL,
              fixture_set_up, test_sign_off_and_return, fixture_tear_down);
  g_test_add ("/gui/sign-offs/refusal-keeps-comment", Fixture, NULL,
              fixture_set_up, test_refusal_keeps_comment, fixture_tear_down);

  return g_test_run ();
}
