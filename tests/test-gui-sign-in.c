/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <adwaita.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "core/cw-key.h"
#include "core/cw-keyring.h"
#include "core/cw-session.h"
#include "core/cw-vault.h"
#include "gui/cw-application.h"
#include "gui/cw-main-view.h"
#include "gui/cw-preferences-window.h"
#include "gui/cw-window.h"
#include "cw-gui-test-util.h"
#include "cw-test-util.h"

/*
 * The sign-in and unlock page, driven through its widgets under Xvfb
 * against real SQLCipher databases and the real gnome-keyring. Argon2 is
 * slow on purpose, so every test starts from a copy of one database made
 * once: an administrator (admin) and a practitioner (pat) who still has
 * the one-time password an administrator gave them.
 */

#define ORGANISATION    "Riverside Family Centre"
#define ADMIN_PASSWORD  "Harbour-Lantern-Violet-2718"
#define PAT_ONE_TIME    "Temporary-Pebble-Orchard-4410"
#define PAT_PASSWORD    "Copper-Meadow-Tuesday-5521"
#define NEW_PASSWORD    "Saffron-Glacier-Kettle-9034"
#define WRONG_PASSWORD  "Not-The-Right-One-1111"
#define NO_KEYRING_SENTENCE \
  "No keyring service is running, so Casework cannot remember your sign-in on this computer."
#define WRONG_RECOVERY_KEY "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789"

static const char *const file_suffixes[] = { "", ".keys" };

static char *template_dir;
static char *template_uuid;
static char *template_recovery_key;

typedef struct
{
  char *dir;
  char *database_path;
} Fixture;

/* Helpers ----------------------------------------------------------------- */

static char *
template_path (const char *suffix)
{
  return g_strconcat (template_dir, G_DIR_SEPARATOR_S, "casework.db", suffix, NULL);
}

static void
make_template (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = NULL;
  g_autoptr(CwStaffMember) pat = NULL;
  g_autofree char *path = NULL;

  template_dir = cw_test_make_tmpdir ();
  path = template_path ("");
  session = cw_session_create_database (path, ORGANISATION, "admin", "Adaeze Okafor",
                                        ADMIN_PASSWORD, &template_recovery_key, &error);
  g_assert_no_error (error);
  pat = cw_session_add_staff (session, ADMIN_PASSWORD, "pat", "Pat Lewis", "Family support worker",
                              CW_ROLE_PRACTITIONER, 0, PAT_ONE_TIME, &error);
  g_assert_no_error (error);
  template_uuid = g_strdup (cw_session_get_database_uuid (session));
  cw_session_sign_out (session);
}

static void
forget_everyone (void)
{
  if (!cw_test_keyring_available ())
    return;

  g_assert_true (cw_keyring_clear (template_uuid, "admin", NULL, NULL));
  g_assert_true (cw_keyring_clear (template_uuid, "pat", NULL, NULL));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  /* The no-keyring child works on its parent's copy. */
  if (g_test_subprocess ())
    return;

  fixture->dir = cw_test_make_tmpdir ();
  fixture->database_path = g_build_filename (fixture->dir, "casework.db", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (file_suffixes); i++)
    {
      g_autofree char *from = template_path (file_suffixes[i]);
      g_autofree char *to = g_strconcat (fixture->database_path, file_suffixes[i], NULL);
      g_autoptr(GBytes) bytes = cw_test_read_file (from);

      g_assert_nonnull (bytes);
      g_assert_true (g_file_set_contents (to, g_bytes_get_data (bytes, NULL),
                                          g_bytes_get_size (bytes), NULL));
    }

  forget_everyone ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (g_test_subprocess ())
    return;

  forget_everyone ();
  cw_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->database_path);
}

static GtkWidget *
get (GtkWidget  *root,
     const char *id)
{
  return cw_gui_test_get (root, id);
}

static GtkWidget *
sign_in_page (CwWindow *window)
{
  return get (GTK_WIDGET (window), "sign_in_page");
}

static const char *
message (CwWindow *window)
{
  GtkWidget *label = get (sign_in_page (window), "message_label");

  g_assert_true (cw_gui_test_is_showing (label));
  return gtk_label_get_text (GTK_LABEL (label));
}

static void
wait_for_form (CwWindow *window)
{
  GtkStack *pages = GTK_STACK (get (sign_in_page (window), "page_stack"));

  cw_gui_test_wait_for_stack_page (pages, "form", CW_GUI_TEST_SLOW_MS);
  g_assert_cmpstr (cw_window_get_page (window), ==, "sign-in");
}

typedef struct
{
  CwWindow   *window;
  const char *text;
} MessageWait;

static gboolean
message_is (gpointer user_data)
{
  MessageWait *wait = user_data;
  GtkWidget *label = get (sign_in_page (wait->window), "message_label");

  return cw_gui_test_is_showing (label) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), wait->text) == 0 &&
         gtk_widget_get_sensitive (get (sign_in_page (wait->window), "sign_in_button"));
}

static void
wait_for_message (CwWindow   *window,
                  const char *text)
{
  MessageWait wait = { window, text };

  if (!cw_gui_test_wait_until (message_is, &wait, CW_GUI_TEST_SLOW_MS))
    g_error ("Waited for the sign-in page to say “%s”, but it says “%s”", text,
             gtk_label_get_text (GTK_LABEL (get (sign_in_page (window), "message_label"))));
}

static CwMainView *
wait_for_main_view (CwWindow   *window,
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
  g_assert_true (cw_window_get_unlocked (window));
  g_assert_cmpstr (cw_staff_member_get_username (cw_session_get_staff_member (session)), ==,
                   username);
  return CW_MAIN_VIEW (main_view);
}

static void
sign_in_with_form (CwWindow   *window,
                   const char *username,
                   const char *password)
{
  GtkWidget *page = sign_in_page (window);

  cw_gui_test_set_text (get (page, "username_row"), username);
  cw_gui_test_set_text (get (page, "password_row"), password);
  cw_gui_test_click (get (page, "sign_in_button"));
}

static void
note_form_shown_cb (gboolean   *form_shown,
                    GParamSpec *pspec,
                    GtkStack   *stack)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (stack), "form") == 0)
    *form_shown = TRUE;
}

/* Flips "Remember on this computer" by clicking it, if it is not @on yet. */
static void
set_remember (CwWindow *window,
              gboolean  on)
{
  GtkWidget *remember = get (sign_in_page (window), "remember_switch");

  if (gtk_switch_get_active (GTK_SWITCH (remember)) != on)
    cw_gui_test_click (remember);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (remember)) == on);
}

static gboolean
action_enabled (CwApplication *app,
                const char    *name)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (app), name);
}

static gboolean
remembered (const char *username)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) usernames = cw_keyring_list_usernames (template_uuid, NULL, &error);

  g_assert_no_error (error);
  return g_strv_contains ((const char * const *) usernames, username);
}

static void
assert_accel (CwApplication *app,
              const char    *action,
              const char    *accel)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), action);

  g_assert_true (g_strv_contains ((const char * const *) accels, accel));
}

typedef struct
{
  GType       type;
  const char *name;
  gboolean    present;
} WindowWait;

static gboolean
window_is (gpointer user_data)
{
  WindowWait *wait = user_data;

  return (cw_gui_test_find_window (wait->type, wait->name) != NULL) == wait->present;
}

static GtkWidget *
wait_for_window (GType       type,
                 const char *name)
{
  WindowWait wait = { type, name, TRUE };

  if (!cw_gui_test_wait_until (window_is, &wait, CW_GUI_TEST_QUICK_MS))
    g_error ("No %s window “%s” appeared", g_type_name (type), name ? name : "");
  return cw_gui_test_find_window (type, name);
}

static void
wait_for_no_window (GType       type,
                    const char *name)
{
  WindowWait wait = { type, name, FALSE };

  if (!cw_gui_test_wait_until (window_is, &wait, CW_GUI_TEST_QUICK_MS))
    g_error ("The %s window “%s” is still there", g_type_name (type), name ? name : "");
}

static gboolean
shortcuts_list_action (GtkWidget  *root,
                       const char *action)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      g_autofree char *name = NULL;

      if (GTK_IS_SHORTCUTS_SHORTCUT (child))
        {
          g_object_get (child, "action-name", &name, NULL);
          if (g_strcmp0 (name, action) == 0)
            return TRUE;
        }
      if (shortcuts_list_action (child, action))
        return TRUE;
    }

  return FALSE;
}

/* Keyboard routes: the accelerators, and the shortcuts window listing them. */
static void
assert_shortcuts (CwApplication *app,
                  CwWindow      *window)
{
  const char *listed[] = { "app.lock", "app.preferences", "app.quit", "win.show-help-overlay" };
  GtkWidget *shortcuts;

  assert_accel (app, "app.lock", "<Control>l");
  assert_accel (app, "app.quit", "<Control>q");
  assert_accel (app, "app.preferences", "<Control>comma");
  assert_accel (app, "win.show-help-overlay", "<Control>question");

  cw_gui_test_activate_action (GTK_WIDGET (window), "win.show-help-overlay");
  shortcuts = wait_for_window (GTK_TYPE_SHORTCUTS_WINDOW, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (listed); i++)
    g_assert_true (shortcuts_list_action (shortcuts, listed[i]));
  cw_gui_test_screenshot (shortcuts, "shortcuts");
  gtk_window_close (GTK_WINDOW (shortcuts));
  wait_for_no_window (GTK_TYPE_SHORTCUTS_WINDOW, NULL);
}

static void
assert_about (CwWindow *window)
{
  GtkWidget *about;

  cw_gui_test_activate_action (GTK_WIDGET (window), "app.about");
  about = wait_for_window (ADW_TYPE_ABOUT_WINDOW, NULL);
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)), ==,
                   "Casework");
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==,
                   PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_developer_name (ADW_ABOUT_WINDOW (about)), ==,
                   "The Casework developers");
  g_assert_cmpint (adw_about_window_get_license_type (ADW_ABOUT_WINDOW (about)), ==,
                   GTK_LICENSE_GPL_3_0);
  g_assert_cmpstr (adw_about_window_get_application_icon (ADW_ABOUT_WINDOW (about)), ==,
                   APPLICATION_ID);
  cw_gui_test_screenshot (about, "about");
  gtk_window_destroy (GTK_WINDOW (about));
  wait_for_no_window (ADW_TYPE_ABOUT_WINDOW, NULL);
}

/* Tests ------------------------------------------------------------------- */

static void
form_step (CwApplication *app,
           CwWindow      *window,
           gpointer       user_data)
{
  gboolean keyring = cw_test_keyring_available ();
  GtkWidget *page;

  wait_for_form (window);
  page = sign_in_page (window);

  /* Why it asks; no set-up is offered for a database that exists. */
  if (keyring)
    g_assert_cmpstr (message (window), ==, "This computer does not remember your sign-in yet.");
  g_assert_false (cw_gui_test_is_showing (get (GTK_WIDGET (window), "setup_page")));
  g_assert_false (action_enabled (app, "lock"));
  g_assert_false (action_enabled (app, "preferences"));
  g_assert_false (action_enabled (app, "sign-out"));
  cw_gui_test_screenshot (GTK_WIDGET (window), "sign-in-1-not-remembered");
  assert_shortcuts (app, window);
  assert_about (window);

  /* Wrong password: one sentence, the password field emptied. */
  sign_in_with_form (window, "admin", WRONG_PASSWORD);
  wait_for_message (window, "That username and password do not match.");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get (page, "password_row"))), ==, "");
  g_assert_null (cw_window_get_session (window));
  cw_gui_test_screenshot (GTK_WIDGET (window), "sign-in-2-wrong-password");

  /* An unknown username gets the same sentence. */
  sign_in_with_form (window, "nobody", ADMIN_PASSWORD);
  wait_for_message (window, "That username and password do not match.");

  /* Right password (Enter in the password field signs in), "Remember" on
   * as it starts: in, and the keyring holds the sign-in. */
  if (keyring)
    g_assert_true (gtk_switch_get_active (GTK_SWITCH (get (page, "remember_switch"))));
  cw_gui_test_set_text (get (page, "username_row"), "admin");
  cw_gui_test_set_text (get (page, "password_row"), ADMIN_PASSWORD);
  cw_gui_test_press_enter (get (page, "password_row"));
  wait_for_main_view (window, "admin");
  g_assert_true (action_enabled (app, "lock"));
  g_assert_true (action_enabled (app, "preferences"));
  g_assert_true (action_enabled (app, "sign-out"));
  g_assert_true (action_enabled (app, "change-password"));
  if (keyring)
    g_assert_true (remembered ("admin"));

  /* Signing out asks again, with nothing of the last person left. */
  cw_gui_test_activate_action (GTK_WIDGET (window), "app.sign-out");
  wait_for_form (window);
  g_assert_null (cw_window_get_session (window));
  g_assert_null (cw_gui_test_find_by_type (GTK_WIDGET (window), CW_TYPE_MAIN_VIEW));
  g_assert_cmpstr (message (window), ==, "You have signed out.");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get (page, "password_row"))), ==, "");
  g_assert_false (action_enabled (app, "sign-out"));
  g_assert_false (action_enabled (app, "lock"));

  /* With "Remember" switched off, the remembered sign-in is forgotten. */
  set_remember (window, FALSE);
  sign_in_with_form (window, "admin", ADMIN_PASSWORD);
  wait_for_main_view (window, "admin");
  if (keyring)
    g_assert_false (remembered ("admin"));
}

static void
test_form_wrong_then_right (Fixture       *fixture,
                            gconstpointer  data)
{
  cw_gui_test_run_app (fixture->database_path, form_step, fixture);
}

static void
lock_step (CwApplication *app,
           CwWindow      *window,
           gpointer       user_data)
{
  GtkWidget *page;
  CwMainView *before;
  CwSession *session;
  gpointer old_view;

  wait_for_form (window);
  page = sign_in_page (window);
  set_remember (window, FALSE);
  sign_in_with_form (window, "admin", ADMIN_PASSWORD);
  before = wait_for_main_view (window, "admin");
  session = cw_window_get_session (window);
  old_view = before;
  g_object_add_weak_pointer (G_OBJECT (before), &old_view);

  /* Preferences open, showing organisation settings. */
  cw_gui_test_activate_action (GTK_WIDGET (window), "app.preferences");
  wait_for_window (CW_TYPE_PREFERENCES_WINDOW, NULL);

  /* Ctrl+L: the main view is destroyed, not covered; the key is wiped;
   * other windows showing content close. */
  cw_gui_test_activate_action (GTK_WIDGET (window), "app.lock");
  wait_for_no_window (CW_TYPE_PREFERENCES_WINDOW, NULL);
  g_assert_null (old_view);
  g_assert_null (cw_gui_test_find_by_type (GTK_WIDGET (window), CW_TYPE_MAIN_VIEW));
  g_assert_cmpstr (cw_window_get_page (window), ==, "sign-in");
  g_assert_true (cw_session_is_locked (session));
  g_assert_null (cw_session_dup_unlock_key (session));
  g_assert_null (cw_session_get_database (session));
  g_assert_false (cw_window_get_unlocked (window));
  g_assert_false (action_enabled (app, "lock"));
  g_assert_false (action_enabled (app, "preferences"));
  g_assert_false (action_enabled (app, "change-password"));
  g_assert_true (action_enabled (app, "sign-out"));

  /* The unlock page: who is signed in, a password field, no username. */
  wait_for_form (window);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get (page, "form_title_label"))), ==,
                   "Casework is locked");
  g_assert_true (cw_gui_test_is_showing (get (page, "form_subtitle_label")));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (get (page, "form_subtitle_label"))),
                            "Adaeze Okafor"));
  g_assert_false (cw_gui_test_is_showing (get (page, "username_row")));
  g_assert_true (cw_gui_test_is_showing (get (page, "password_row")));
  g_assert_true (cw_gui_test_is_showing (get (page, "other_person_button")));
  cw_gui_test_screenshot (GTK_WIDGET (window), "sign-in-3-locked");

  /* A wrong password keeps it locked and says so. */
  cw_gui_test_set_text (get (page, "password_row"), WRONG_PASSWORD);
  cw_gui_test_press_enter (get (page, "password_row"));
  wait_for_message (window, "That password does not match. Try again.");
  g_assert_true (cw_session_is_locked (session));
  g_assert_null (cw_gui_test_find_by_type (GTK_WIDGET (window), CW_TYPE_MAIN_VIEW));
  cw_gui_test_screenshot (GTK_WIDGET (window), "sign-in-4-locked-wrong-password");

  /* The right one brings back a new main view for the same session. */
  cw_gui_test_set_text (get (page, "password_row"), ADMIN_PASSWORD);
  cw_gui_test_click (get (page, "sign_in_button"));
  wait_for_main_view (window, "admin");
  g_assert_true (cw_window_get_session (window) == session);
  g_assert_false (cw_session_is_locked (session));
  g_assert_true (action_enabled (app, "lock"));

  /* Lock again, then "Sign In as Someone Else" signs out. */
  cw_gui_test_activate_action (GTK_WIDGET (window), "app.lock");
  wait_for_form (window);
  cw_gui_test_click (get (page, "other_person_button"));
  wait_for_form (window);
  g_assert_null (cw_window_get_session (window));
  g_assert_true (cw_gui_test_is_showing (get (page, "username_row")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get (page, "form_title_label"))), ==,
                   "Sign in to Casework");
}

static void
test_lock_hides_content (Fixture       *fixture,
                         gconstpointer  data)
{
  cw_gui_test_run_app (fixture->database_path, lock_step, fixture);
}

static void
keyring_step (CwApplication *app,
              CwWindow      *window,
              gpointer       user_data)
{
  GtkWidget *pages = get (sign_in_page (window), "page_stack");
  gboolean form_shown = FALSE;
  gulong handler;

  handler = g_signal_connect_swapped (pages, "notify::visible-child-name",
                                      G_CALLBACK (note_form_shown_cb), &form_shown);
  wait_for_main_view (window, "admin");
  g_signal_handler_disconnect (pages, handler);
  /* No typing: the form was never shown. */
  g_assert_false (form_shown);
}

static void
test_keyring_signs_in (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = NULL;
  g_autoptr(CwKey) unlock_key = NULL;

  if (!cw_test_keyring_available ())
    {
      g_test_skip ("No Secret Service on the session bus");
      return;
    }

  session = cw_session_sign_in_with_password (fixture->database_path, "admin", ADMIN_PASSWORD,
                                              &error);
  g_assert_no_error (error);
  unlock_key = cw_session_dup_unlock_key (session);
  g_assert_true (cw_keyring_store (template_uuid, "admin", ORGANISATION, unlock_key, NULL,
                                   &error));
  g_assert_no_error (error);
  cw_session_sign_out (session);
  g_clear_object (&session);

  cw_gui_test_run_app (fixture->database_path, keyring_step, fixture);
}

static void
stale_step (CwApplication *app,
            CwWindow      *window,
            gpointer       user_data)
{
  wait_for_form (window);
  g_assert_cmpstr (message (window), ==,
                   "The sign-in this computer remembered no longer fits your account, so "
                   "Casework has forgotten it. Sign in with your password.");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get (sign_in_page (window),
                                                             "username_row"))), ==, "admin");
  cw_gui_test_screenshot (GTK_WIDGET (window), "sign-in-9-stale");
  /* The stale entry is gone from the keyring. */
  g_assert_false (remembered ("admin"));
}

static void
test_keyring_stale (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwKey) wrong_key = cw_key_new_random ();

  if (!cw_test_keyring_available ())
    {
      g_test_skip ("No Secret Service on the session bus");
      return;
    }

  /* A key that no longer opens admin's slot (as after a reset elsewhere). */
  g_assert_true (cw_keyring_store (template_uuid, "admin", ORGANISATION, wrong_key, NULL,
                                   &error));
  g_assert_no_error (error);
  cw_gui_test_run_app (fixture->database_path, stale_step, fixture);
}

static void
must_change_password_step (CwApplication *app,
                           CwWindow      *window,
                           gpointer       user_data)
{
  GtkWidget *page, *change;

  wait_for_form (window);
  page = sign_in_page (window);
  sign_in_with_form (window, "pat", PAT_ONE_TIME);

  cw_gui_test_wait_for_stack_page (GTK_STACK (get (page, "page_stack")), "change-password",
                                   CW_GUI_TEST_SLOW_MS);
  g_assert_null (cw_gui_test_find_by_type (GTK_WIDGET (window), CW_TYPE_MAIN_VIEW));
  g_assert_null (cw_window_get_session (window));
  change = get (page, "change_button");
  g_assert_false (gtk_widget_get_sensitive (change));
  /* They typed the one-time password already: not asked again. */
  g_assert_false (cw_gui_test_is_showing (get (page, "current_password_row")));

  cw_gui_test_set_text (get (page, "new_password_row"), "pat");
  cw_gui_test_set_text (get (page, "new_confirm_row"), "pat");
  g_assert_false (gtk_widget_get_sensitive (change));
  cw_gui_test_set_text (get (page, "new_password_row"), PAT_PASSWORD);
  cw_gui_test_set_text (get (page, "new_confirm_row"), PAT_PASSWORD);
  g_assert_true (gtk_widget_get_sensitive (change));
  cw_gui_test_screenshot (GTK_WIDGET (window), "sign-in-5-change-password");
  cw_gui_test_press_enter (get (page, "new_confirm_row"));

  wait_for_main_view (window, "pat");
  g_assert_false (cw_staff_member_get_must_change_password
                    (cw_session_get_staff_member (cw_window_get_session (window))));
}

static void
test_must_change_password (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) check = NULL;

  cw_gui_test_run_app (fixture->database_path, must_change_password_step, fixture);

  /* The new password is the one that works now. */
  check = cw_session_sign_in_with_password (fixture->database_path, "pat", PAT_PASSWORD, &error);
  g_assert_no_error (error);
  cw_session_sign_out (check);
}

static void
recovery_key_step (CwApplication *app,
                   CwWindow      *window,
                   gpointer       user_data)
{
  GtkWidget *page;

  wait_for_form (window);
  page = sign_in_page (window);

  cw_gui_test_click (get (page, "recovery_button"));
  g_assert_true (cw_gui_test_is_showing (get (page, "recovery_key_row")));
  g_assert_false (cw_gui_test_is_showing (get (page, "password_row")));
  cw_gui_test_screenshot (GTK_WIDGET (window), "sign-in-6-recovery-key");

  /* A wrong recovery key is refused with core's sentence about it. */
  cw_gui_test_set_text (get (page, "username_row"), "admin");
  cw_gui_test_set_text (get (page, "recovery_key_row"), WRONG_RECOVERY_KEY);
  cw_gui_test_click (get (page, "sign_in_button"));
  {
    g_autoptr(GError) expected = NULL;
    g_autoptr(CwSession) none = NULL;

    none = cw_session_sign_in_with_recovery_key (cw_window_get_database_path (window), "admin",
                                                 WRONG_RECOVERY_KEY, &expected);
    g_assert_null (none);
    g_assert_nonnull (expected);
    wait_for_message (window, expected->message);
  }
  g_assert_null (cw_window_get_session (window));
  /* The right key for someone who is not an administrator: refused. */
  cw_gui_test_set_text (get (page, "username_row"), "pat");
  cw_gui_test_set_text (get (page, "recovery_key_row"), template_recovery_key);
  cw_gui_test_click (get (page, "sign_in_button"));
  {
    g_autoptr(GError) expected = NULL;
    g_autoptr(CwSession) none = NULL;

    none = cw_session_sign_in_with_recovery_key (cw_window_get_database_path (window), "pat",
                                                 template_recovery_key, &expected);
    g_assert_null (none);
    g_assert_nonnull (expected);
    wait_for_message (window, expected->message);
  }
  g_assert_null (cw_window_get_session (window));
  cw_gui_test_set_text (get (page, "username_row"), "admin");

  cw_gui_test_set_text (get (page, "recovery_key_row"), template_recovery_key);
  cw_gui_test_click (get (page, "sign_in_button"));
  cw_gui_test_wait_for_stack_page (GTK_STACK (get (page, "page_stack")), "change-password",
                                   CW_GUI_TEST_SLOW_MS);
  cw_gui_test_set_text (get (page, "new_password_row"), NEW_PASSWORD);
  cw_gui_test_set_text (get (page, "new_confirm_row"), NEW_PASSWORD);
  cw_gui_test_click (get (page, "change_button"));
  wait_for_main_view (window, "admin");
}

static void
test_recovery_key (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) check = NULL;

  cw_gui_test_run_app (fixture->database_path, recovery_key_step, fixture);

  check = cw_session_sign_in_with_password (fixture->database_path, "admin", NEW_PASSWORD,
                                            &error);
  g_assert_no_error (error);
  cw_session_sign_out (check);
}

static void
change_password_dialog_step (CwApplication *app,
                             CwWindow      *window,
                             gpointer       user_data)
{
  GtkWidget *dialog, *change;

  wait_for_form (window);
  set_remember (window, FALSE);
  sign_in_with_form (window, "admin", ADMIN_PASSWORD);
  wait_for_main_view (window, "admin");

  cw_gui_test_activate_action (GTK_WIDGET (window), "app.change-password");
  dialog = wait_for_window (ADW_TYPE_WINDOW, "change_password_dialog");
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  change = get (dialog, "change_button");
  g_assert_false (gtk_widget_get_sensitive (change));

  /* Weak new password: said, and not allowed. */
  cw_gui_test_set_text (get (dialog, "current_password_row"), WRONG_PASSWORD);
  cw_gui_test_set_text (get (dialog, "new_password_row"), "admin");
  cw_gui_test_set_text (get (dialog, "confirm_row"), "admin");
  g_assert_true (cw_gui_test_is_showing (get (dialog, "strength_label")));
  g_assert_false (gtk_widget_get_sensitive (change));

  /* The wrong current password: the dialog stays and says so. */
  cw_gui_test_set_text (get (dialog, "new_password_row"), NEW_PASSWORD);
  cw_gui_test_set_text (get (dialog, "confirm_row"), NEW_PASSWORD);
  g_assert_true (gtk_widget_get_sensitive (change));
  cw_gui_test_screenshot (dialog, "change-password-dialog");
  cw_gui_test_click (change);
  {
    GtkWidget *error_label = get (dialog, "error_label");

    cw_gui_test_wait_for_showing (error_label, CW_GUI_TEST_SLOW_MS);
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), ==,
                     "Your current password does not match.");
  }

  /* The right one: changed, the dialog closes, a toast says so. */
  cw_gui_test_set_text (get (dialog, "current_password_row"), ADMIN_PASSWORD);
  cw_gui_test_click (change);
  wait_for_no_window (ADW_TYPE_WINDOW, "change_password_dialog");
  g_assert_nonnull (cw_gui_test_find_label (GTK_WIDGET (window),
                                            "Your password has been changed."));
  cw_gui_test_screenshot (GTK_WIDGET (window), "change-password-toast");
}

static void
test_change_password_dialog (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) check = NULL;

  cw_gui_test_run_app (fixture->database_path, change_password_dialog_step, fixture);

  check = cw_session_sign_in_with_password (fixture->database_path, "admin", NEW_PASSWORD,
                                            &error);
  g_assert_no_error (error);
  cw_session_sign_out (check);
}

static void
not_a_database_step (CwApplication *app,
                     CwWindow      *window,
                     gpointer       user_data)
{
  const GError *expected = user_data;

  wait_for_form (window);
  sign_in_with_form (window, "admin", ADMIN_PASSWORD);
  wait_for_message (window, expected->message);
  g_assert_null (cw_window_get_session (window));
  g_assert_false (cw_gui_test_is_showing (get (GTK_WIDGET (window), "setup_page")));
  cw_gui_test_screenshot (GTK_WIDGET (window), "sign-in-7-not-a-database");
}

static void
test_not_a_database (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) expected = NULL;
  g_autoptr(CwSession) none = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  guint8 noise[8192];

  for (guint i = 0; i < sizeof noise; i++)
    noise[i] = (guint8) g_random_int ();
  g_assert_true (g_file_set_contents (fixture->database_path, (const char *) noise,
                                      sizeof noise, NULL));
  before = cw_test_read_file (fixture->database_path);

  /* What core says about this file is what the page must say. */
  none = cw_session_sign_in_with_password (fixture->database_path, "admin", ADMIN_PASSWORD,
                                           &expected);
  g_assert_null (none);
  g_assert_nonnull (expected);
  g_assert_true (expected->domain == CW_DATABASE_ERROR);

  cw_gui_test_run_app (fixture->database_path, not_a_database_step, expected);

  /* Nothing was created over it. */
  after = cw_test_read_file (fixture->database_path);
  g_assert_true (g_bytes_equal (before, after));
}

static void
no_keyring_step (CwApplication *app,
                 CwWindow      *window,
                 gpointer       user_data)
{
  wait_for_form (window);
  g_assert_cmpstr (message (window), ==, NO_KEYRING_SENTENCE);
  cw_gui_test_screenshot (GTK_WIDGET (window), "sign-in-8-no-keyring");

  /* "Remember" was switched off for them. Switched on, signing in still
   * works, and a toast says why the sign-in could not be remembered. */
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (get (sign_in_page (window),
                                                          "remember_switch"))));
  set_remember (window, TRUE);
  sign_in_with_form (window, "admin", ADMIN_PASSWORD);
  wait_for_main_view (window, "admin");
  g_assert_nonnull (cw_gui_test_find_label (GTK_WIDGET (window), NO_KEYRING_SENTENCE));
  cw_gui_test_screenshot (GTK_WIDGET (window), "sign-in-10-no-keyring-toast");
}

/* Runs this test again in a child process whose session bus is @bus:
 * "none" (an address that leads nowhere) or "private-keyring" (a bus of
 * its own with a fresh, unlocked gnome-keyring), set up in main() before
 * anything connects to a bus. */
static void
run_in_child (Fixture    *fixture,
              const char *bus)
{
  g_setenv ("CW_TEST_GUI_DATABASE", fixture->database_path, TRUE);
  g_setenv ("CW_TEST_GUI_BUS", bus, TRUE);
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("CW_TEST_GUI_BUS");
  g_unsetenv ("CW_TEST_GUI_DATABASE");
  g_test_trap_assert_passed ();
}

static void
test_no_keyring_service (Fixture       *fixture,
                         gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      cw_gui_test_run_app (g_getenv ("CW_TEST_GUI_DATABASE"), no_keyring_step, NULL);
      return;
    }

  run_in_child (fixture, "none");
}

static void
locked_keyring_step (CwApplication *app,
                     CwWindow      *window,
                     gpointer       user_data)
{
  GtkWidget *page = sign_in_page (window);

  wait_for_form (window);
  g_assert_cmpstr (message (window), ==,
                   "Your keyring is locked, so Casework could not sign you in automatically.");
  /* Who was remembered is offered. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get (page, "username_row"))), ==,
                   "admin");
  cw_gui_test_screenshot (GTK_WIDGET (window), "sign-in-11-keyring-locked");

  /* Storing in a locked keyring would ask to unlock it: not remembering. */
  set_remember (window, FALSE);
  cw_gui_test_set_text (get (page, "password_row"), ADMIN_PASSWORD);
  cw_gui_test_press_enter (get (page, "password_row"));
  wait_for_main_view (window, "admin");
}

static void
test_keyring_locked (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = NULL;
  g_autoptr(CwKey) unlock_key = NULL;
  g_autoptr(SecretService) service = NULL;
  g_autoptr(SecretCollection) collection = NULL;
  g_autolist(GObject) locked = NULL;
  GList *objects;
  const char *database_path;

  if (!g_test_subprocess ())
    {
      g_autofree char *bus_daemon = g_find_program_in_path ("dbus-daemon");
      g_autofree char *keyring_daemon = g_find_program_in_path ("gnome-keyring-daemon");

      if (bus_daemon == NULL || keyring_daemon == NULL)
        {
          g_test_skip ("No dbus-daemon or gnome-keyring-daemon to run a keyring of its own");
          return;
        }
      run_in_child (fixture, "private-keyring");
      return;
    }

  /* Remembered, then the keyring locked (as after the screen lock). */
  database_path = g_getenv ("CW_TEST_GUI_DATABASE");
  session = cw_session_sign_in_with_password (database_path, "admin", ADMIN_PASSWORD, &error);
  g_assert_no_error (error);
  unlock_key = cw_session_dup_unlock_key (session);
  g_assert_true (cw_keyring_store (cw_session_get_database_uuid (session), "admin",
                                   ORGANISATION, unlock_key, NULL, &error));
  g_assert_no_error (error);
  cw_session_sign_out (session);
  g_clear_object (&session);

  service = secret_service_get_sync (SECRET_SERVICE_LOAD_COLLECTIONS, NULL, &error);
  g_assert_no_error (error);
  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                 SECRET_COLLECTION_NONE, NULL, &error);
  g_assert_no_error (error);
  objects = g_list_append (NULL, collection);
  g_assert_cmpint (secret_service_lock_sync (service, objects, NULL, &locked, &error), ==, 1);
  g_list_free (objects);
  g_assert_no_error (error);
  g_assert_true (secret_collection_get_locked (collection));

  cw_gui_test_run_app (database_path, locked_keyring_step, NULL);
}

/* The child's own bus and keyring (see run_in_child()). */
static GPid private_bus_pid;
static char *private_home;

static void
start_private_keyring (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) address = g_string_new (NULL);
  g_auto(GStrv) envp = NULL;
  const char *bus_argv[] = { "dbus-daemon", "--session", "--nofork", "--print-address=1", NULL };
  const char *keyring_argv[] = { "gnome-keyring-daemon", "--unlock", "--components=secrets",
                                 NULL };
  g_autofree char *data_home = NULL;
  g_autofree char *runtime_dir = NULL;
  GPid keyring_pid;
  int bus_out, keyring_in, wait_status = 0;
  char c;

  private_home = g_dir_make_tmp ("casework-keyring-XXXXXX", &error);
  g_assert_no_error (error);
  data_home = g_build_filename (private_home, "data", NULL);
  runtime_dir = g_build_filename (private_home, "runtime", NULL);
  g_assert_cmpint (g_mkdir_with_parents (data_home, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (runtime_dir, 0700), ==, 0);

  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) bus_argv, NULL,
                                           G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                                           NULL, NULL, &private_bus_pid, NULL, &bus_out, NULL,
                                           &error));
  g_assert_no_error (error);
  while (read (bus_out, &c, 1) == 1 && c != '\n')
    g_string_append_c (address, c);
  close (bus_out);
  g_assert_cmpuint (address->len, >, 0);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address->str, TRUE);

  /* It prints its variables and returns once the daemon is ready; the
   * daemon leaves when its bus does. */
  envp = g_get_environ ();
  envp = g_environ_setenv (envp, "HOME", private_home, TRUE);
  envp = g_environ_setenv (envp, "XDG_DATA_HOME", data_home, TRUE);
  envp = g_environ_setenv (envp, "XDG_RUNTIME_DIR", runtime_dir, TRUE);
  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) keyring_argv, envp,
                                           G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD |
                                           G_SPAWN_STDOUT_TO_DEV_NULL |
                                           G_SPAWN_STDERR_TO_DEV_NULL,
                                           NULL, NULL, &keyring_pid, &keyring_in, NULL, NULL,
                                           &error));
  g_assert_no_error (error);
  g_assert_cmpint (write (keyring_in, "pw", 2), ==, 2);
  close (keyring_in);
  g_assert_cmpint (waitpid (keyring_pid, &wait_status, 0), ==, keyring_pid);
  g_assert_true (WIFEXITED (wait_status) && WEXITSTATUS (wait_status) == 0);
}

static void
stop_private_keyring (void)
{
  if (private_bus_pid > 0)
    {
      kill (private_bus_pid, SIGTERM);
      waitpid (private_bus_pid, NULL, 0);
      g_spawn_close_pid (private_bus_pid);
    }
  if (private_home != NULL)
    cw_test_remove_tree (private_home);
  g_free (private_home);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* A child of run_in_child() gets its bus before anything connects. */
  for (int i = 1; i < argc; i++)
    if (g_strcmp0 (argv[i], "--GTestSubprocess") == 0)
      {
        const char *bus = g_getenv ("CW_TEST_GUI_BUS");

        if (g_strcmp0 (bus, "none") == 0)
          g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/casework-test-bus",
                    TRUE);
        else if (g_strcmp0 (bus, "private-keyring") == 0)
          start_private_keyring ();
      }

  cw_gui_test_init (&argc, &argv);
  g_assert_true (cw_secure_init ());

  if (!g_test_subprocess ())
    make_template ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/gui/sign-in/form/wrong-then-right", test_form_wrong_then_right);
  ADD ("/gui/sign-in/lock/hides-content", test_lock_hides_content);
  ADD ("/gui/sign-in/keyring/signs-in", test_keyring_signs_in);
  ADD ("/gui/sign-in/keyring/stale", test_keyring_stale);
  ADD ("/gui/sign-in/form/must-change-password", test_must_change_password);
  ADD ("/gui/sign-in/form/recovery-key", test_recovery_key);
  ADD ("/gui/sign-in/form/not-a-database", test_not_a_database);
  ADD ("/gui/sign-in/window/change-password", test_change_password_dialog);
  ADD ("/gui/sign-in/keyring/no-service", test_no_keyring_service);
  ADD ("/gui/sign-in/keyring/locked", test_keyring_locked);
#undef ADD

  status = g_test_run ();
  stop_private_keyring ();

  if (template_dir != NULL)
    cw_test_remove_tree (template_dir);
  g_free (template_dir);
  g_free (template_uuid);
  if (template_recovery_key != NULL)
    cw_secure_wipe_string (template_recovery_key);
  g_free (template_recovery_key);

  return status;
}
