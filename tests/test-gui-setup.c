/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <adwaita.h>
#include <glib/gstdio.h>

#include "core/cw-key.h"
#include "core/cw-keyring.h"
#include "core/cw-session.h"
#include "core/cw-vault.h"
#include "gui/cw-application.h"
#include "gui/cw-main-view.h"
#include "gui/cw-window.h"
#include "cw-gui-test-util.h"
#include "cw-test-util.h"

/*
 * The first-run set-up assistant, driven through its widgets under Xvfb
 * against a real SQLCipher database and the real gnome-keyring: every
 * step, the strength feedback, the recovery key, landing signed in; then
 * a second launch that signs in from the keyring with no typing, and a
 * launch after the keyring forgot the sign-in.
 */

#define ORGANISATION  "Riverside Family Support"
#define USERNAME      "amira.hassan"
#define DISPLAY_NAME  "Amira Hassan"
#define JOB_TITLE     "Designated Safeguarding Lead"
#define PASSWORD      "Harbour-Lantern-Violet-2718"

typedef struct
{
  char     *dir;
  char     *database_path;
  char     *recovery_key;
  char     *uuid;
  gboolean  keyring;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = cw_test_make_tmpdir ();
  /* A folder that does not exist yet: set-up makes it. */
  fixture->database_path = g_build_filename (fixture->dir, "records", "casework.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->keyring && fixture->uuid != NULL)
    cw_keyring_clear (fixture->uuid, USERNAME, NULL, NULL);
  cw_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->database_path);
  if (fixture->recovery_key != NULL)
    cw_secure_wipe_string (fixture->recovery_key);
  g_free (fixture->recovery_key);
  g_free (fixture->uuid);
}

static GtkWidget *
get (GtkWidget  *root,
     const char *id)
{
  return cw_gui_test_get (root, id);
}

static gboolean
label_showing (GtkWidget  *root,
               const char *id)
{
  return cw_gui_test_is_showing (get (root, id));
}

static void
note_form_shown_cb (gboolean *form_shown,
                    GParamSpec *pspec,
                    GtkStack   *stack)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (stack), "form") == 0)
    *form_shown = TRUE;
}

static void
assert_main_view_for (CwWindow   *window,
                      const char *username)
{
  GtkWidget *main_view;
  CwSession *session;

  cw_gui_test_wait_for_stack_page (cw_gui_test_window_stack (window), "main",
                                   CW_GUI_TEST_SLOW_MS);
  main_view = cw_gui_test_find_by_type (GTK_WIDGET (window), CW_TYPE_MAIN_VIEW);
  g_assert_nonnull (main_view);
  g_assert_true (cw_gui_test_is_showing (main_view));

  session = cw_window_get_session (window);
  g_assert_nonnull (session);
  g_assert_false (cw_session_is_locked (session));
  g_assert_true (cw_window_get_unlocked (window));
  g_assert_cmpstr (cw_staff_member_get_username (cw_session_get_staff_member (session)), ==,
                   username);
  g_assert_true (cw_main_view_get_session (CW_MAIN_VIEW (main_view)) == session);
}

/* Walks the assistant up to the password step, checking what a person
 * is told when a field is missing or wrong on the way. */
static void
fill_organisation_and_administrator (CwWindow   *window,
                                     const char *database_path)
{
  GtkWidget *setup = get (GTK_WIDGET (window), "setup_page");
  GtkStack *steps = GTK_STACK (get (setup, "step_stack"));
  GtkWidget *next = get (setup, "next_button");

  cw_gui_test_wait_for_stack_page (cw_gui_test_window_stack (window), "setup",
                                   CW_GUI_TEST_QUICK_MS);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (steps), ==, "welcome");
  /* Where the database will be created is shown. */
  g_assert_true (label_showing (setup, "path_label"));
  g_assert_cmpstr (cw_gui_test_label_text (setup, "path_label"), ==, database_path);
  cw_gui_test_screenshot (setup, "setup-1-welcome");

  cw_gui_test_click (next);
  cw_gui_test_wait_for_stack_page (steps, "organisation", CW_GUI_TEST_QUICK_MS);

  /* An empty organisation is refused with a sentence next to the field. */
  g_assert_false (label_showing (setup, "organisation_error"));
  cw_gui_test_click (next);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (steps), ==, "organisation");
  g_assert_true (label_showing (setup, "organisation_error"));
  g_assert_cmpstr (cw_gui_test_label_text (setup, "organisation_error"), ==,
                   "Enter the name of your organisation.");
  cw_gui_test_screenshot (setup, "setup-2-organisation-error");

  /* Typing clears it; Enter moves on. */
  cw_gui_test_set_text (get (setup, "organisation_row"), ORGANISATION);
  g_assert_false (label_showing (setup, "organisation_error"));
  cw_gui_test_press_enter (get (setup, "organisation_row"));
  cw_gui_test_wait_for_stack_page (steps, "administrator", CW_GUI_TEST_QUICK_MS);

  /* A username with spaces and no full name: both explained. */
  cw_gui_test_set_text (get (setup, "username_row"), "Amira Hassan!");
  cw_gui_test_click (next);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (steps), ==, "administrator");
  g_assert_true (label_showing (setup, "username_error"));
  g_assert_cmpstr (cw_gui_test_label_text (setup, "username_error"), !=, "");
  g_assert_true (label_showing (setup, "display_name_error"));
  g_assert_cmpstr (cw_gui_test_label_text (setup, "display_name_error"), ==,
                   "Enter the administrator’s full name.");
  cw_gui_test_screenshot (setup, "setup-3-administrator-errors");

  cw_gui_test_set_text (get (setup, "username_row"), USERNAME);
  cw_gui_test_set_text (get (setup, "display_name_row"), DISPLAY_NAME);
  cw_gui_test_set_text (get (setup, "job_title_row"), JOB_TITLE);
  g_assert_false (label_showing (setup, "username_error"));
  g_assert_false (label_showing (setup, "display_name_error"));
  cw_gui_test_click (next);
  cw_gui_test_wait_for_stack_page (steps, "password", CW_GUI_TEST_QUICK_MS);

  /* Back keeps what was typed. */
  cw_gui_test_click (get (setup, "back_button"));
  cw_gui_test_wait_for_stack_page (steps, "administrator", CW_GUI_TEST_QUICK_MS);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get (setup, "display_name_row"))), ==,
                   DISPLAY_NAME);
  cw_gui_test_press_enter (get (setup, "job_title_row"));
  cw_gui_test_wait_for_stack_page (steps, "password", CW_GUI_TEST_QUICK_MS);
}

static void
choose_password (CwWindow *window)
{
  GtkWidget *setup = get (GTK_WIDGET (window), "setup_page");
  GtkWidget *next = get (setup, "next_button");
  GtkLevelBar *bar = GTK_LEVEL_BAR (get (setup, "strength_bar"));
  g_autofree char *weak_feedback = NULL;

  g_assert_false (gtk_widget_get_sensitive (next));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (get (setup, "remember_switch"))));

  /* Weak: told so, and Next stays off. */
  cw_gui_test_set_text (get (setup, "password_row"), "kettle");
  cw_gui_test_set_text (get (setup, "confirm_row"), "kettle");
  g_assert_cmpfloat (gtk_level_bar_get_value (bar), >=, 1);
  g_assert_cmpfloat (gtk_level_bar_get_value (bar), <=, 2);
  g_assert_true (label_showing (setup, "strength_label"));
  weak_feedback = g_strdup (cw_gui_test_label_text (setup, "strength_label"));
  g_assert_true (g_str_has_prefix (weak_feedback, "This password is too weak.") ||
                 g_str_has_prefix (weak_feedback, "This password is weak."));
  g_assert_false (gtk_widget_get_sensitive (next));
  cw_gui_test_screenshot (setup, "setup-4-password-weak");

  /* Strong enough, but not repeated the same: still off, and said. */
  cw_gui_test_set_text (get (setup, "password_row"), PASSWORD);
  g_assert_cmpfloat (gtk_level_bar_get_value (bar), >=, 3);
  g_assert_cmpstr (cw_gui_test_label_text (setup, "strength_label"), !=, weak_feedback);
  g_assert_true (g_str_has_prefix (cw_gui_test_label_text (setup, "strength_label"),
                                   "This password is good enough.") ||
                 g_str_has_prefix (cw_gui_test_label_text (setup, "strength_label"),
                                   "This password is strong."));
  g_assert_true (label_showing (setup, "match_label"));
  g_assert_false (gtk_widget_get_sensitive (next));

  cw_gui_test_set_text (get (setup, "confirm_row"), PASSWORD);
  g_assert_false (label_showing (setup, "match_label"));
  g_assert_true (gtk_widget_get_sensitive (next));
  cw_gui_test_screenshot (setup, "setup-5-password-acceptable");
}

static char *
take_recovery_key (CwWindow *window)
{
  GtkWidget *setup = get (GTK_WIDGET (window), "setup_page");
  GtkStack *steps = GTK_STACK (get (setup, "step_stack"));
  GtkWidget *view, *continue_button;
  g_autofree char *shown = NULL;

  cw_gui_test_wait_for_stack_page (steps, "recovery-key", CW_GUI_TEST_SLOW_MS);
  view = get (setup, "recovery_key_view");
  g_assert_true (cw_gui_test_is_showing (view));

  /* Shown in two lines of four groups; the same key as one line. */
  shown = g_strdup (cw_gui_test_label_text (view, "key_label"));
  g_assert_nonnull (strchr (shown, '\n'));
  g_strdelimit (shown, "\n", '-');
  g_assert_true (cw_recovery_key_is_well_formed (shown));
  cw_gui_test_screenshot (setup, "setup-6-recovery-key");

  /* Continue only once "stored safely" is ticked. */
  continue_button = get (view, "continue_button");
  g_assert_false (gtk_widget_get_sensitive (continue_button));
  cw_gui_test_click (get (view, "stored_check"));
  g_assert_true (gtk_widget_get_sensitive (continue_button));
  cw_gui_test_click (continue_button);

  /* The key is gone from the widget once done. */
  g_assert_cmpstr (cw_gui_test_label_text (view, "key_label"), ==, "");

  return g_steal_pointer (&shown);
}

static void
setup_step (CwApplication *app,
            CwWindow      *window,
            gpointer       user_data)
{
  Fixture *fixture = user_data;
  g_autofree char *keys_path = cw_vault_path_for_database (fixture->database_path);
  g_autoptr(GError) error = NULL;
  g_autofree char *organisation = NULL;
  CwSession *session;
  CwStaffMember *admin;

  g_assert_false (g_file_test (fixture->database_path, G_FILE_TEST_EXISTS));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "lock"));

  fill_organisation_and_administrator (window, fixture->database_path);
  choose_password (window);

  /* Create: the database and its key file appear; then the recovery key. */
  cw_gui_test_click (get (get (GTK_WIDGET (window), "setup_page"), "next_button"));
  fixture->recovery_key = take_recovery_key (window);

  assert_main_view_for (window, USERNAME);
  cw_gui_test_screenshot (GTK_WIDGET (window), "setup-7-signed-in");
  g_assert_true (g_file_test (fixture->database_path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (keys_path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "lock"));

  session = cw_window_get_session (window);
  admin = cw_session_get_staff_member (session);
  g_assert_cmpstr (cw_staff_member_get_display_name (admin), ==, DISPLAY_NAME);
  g_assert_cmpstr (cw_staff_member_get_job_title (admin), ==, JOB_TITLE);
  g_assert_true (cw_staff_member_has_role (admin, CW_ROLE_ADMINISTRATOR));
  organisation = cw_session_get_organisation (session);
  g_assert_cmpstr (organisation, ==, ORGANISATION);
  fixture->uuid = g_strdup (cw_session_get_database_uuid (session));

  /* "Remember on this computer" was on: the keyring holds the sign-in. */
  if (fixture->keyring)
    {
      g_auto(GStrv) usernames = cw_keyring_list_usernames (fixture->uuid, NULL, &error);

      g_assert_no_error (error);
      g_assert_true (g_strv_contains ((const char * const *) usernames, USERNAME));
    }
}

/* Second launch: signed in from the keyring, the form never shown. */
static void
keyring_step (CwApplication *app,
              CwWindow      *window,
              gpointer       user_data)
{
  GtkWidget *pages = get (get (GTK_WIDGET (window), "sign_in_page"), "page_stack");
  gboolean form_shown = FALSE;
  gulong handler;

  handler = g_signal_connect_swapped (pages, "notify::visible-child-name",
                                      G_CALLBACK (note_form_shown_cb), &form_shown);
  assert_main_view_for (window, USERNAME);
  g_signal_handler_disconnect (pages, handler);
  g_assert_false (form_shown);
}

/* The keyring forgot: the launch asks, says why, and the form works. */
static void
not_remembered_step (CwApplication *app,
                     CwWindow      *window,
                     gpointer       user_data)
{
  GtkWidget *sign_in = get (GTK_WIDGET (window), "sign_in_page");
  GtkStack *pages = GTK_STACK (get (sign_in, "page_stack"));

  cw_gui_test_wait_for_stack_page (pages, "form", CW_GUI_TEST_SLOW_MS);
  g_assert_cmpstr (cw_window_get_page (window), ==, "sign-in");
  g_assert_true (label_showing (sign_in, "message_label"));
  g_assert_cmpstr (cw_gui_test_label_text (sign_in, "message_label"), ==,
                   "This computer does not remember your sign-in yet.");
  /* The last username is offered; no set-up for an existing database. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get (sign_in, "username_row"))), ==,
                   USERNAME);
  g_assert_false (cw_gui_test_is_showing (get (GTK_WIDGET (window), "setup_page")));
  cw_gui_test_screenshot (GTK_WIDGET (window), "setup-8-not-remembered");

  cw_gui_test_set_text (get (sign_in, "password_row"), PASSWORD);
  cw_gui_test_press_enter (get (sign_in, "password_row"));
  assert_main_view_for (window, USERNAME);
}

static void
test_setup_creates_database (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(CwSession) check = NULL;
  g_autoptr(GError) error = NULL;

  fixture->keyring = cw_test_keyring_available ();

  cw_gui_test_run_app (fixture->database_path, setup_step, fixture);

  /* The recovery key that was shown really opens the database. */
  check = cw_session_sign_in_with_recovery_key (fixture->database_path, USERNAME,
                                                fixture->recovery_key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (check);
  cw_session_sign_out (check);
  g_clear_object (&check);

  if (!fixture->keyring)
    {
      g_test_skip ("No Secret Service on the session bus: no second launch from the keyring");
      return;
    }

  cw_gui_test_run_app (fixture->database_path, keyring_step, fixture);

  g_assert_true (cw_keyring_clear (fixture->uuid, USERNAME, NULL, &error));
  g_assert_no_error (error);
  cw_gui_test_run_app (fixture->database_path, not_remembered_step, fixture);
}

int
main (int   argc,
      char *argv[])
{
  cw_gui_test_init (&argc, &argv);
  g_assert_true (cw_secure_init ());

  g_test_add ("/gui/setup/creates-database-and-signs-in", Fixture, NULL, fixture_set_up,
              test_setup_creates_database, fixture_tear_down);

  return g_test_run ();
}
