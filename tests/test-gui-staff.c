/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "core/cw-audit.h"
#include "core/cw-key.h"
#include "core/cw-password.h"
#include "core/cw-session.h"
#include "gui/cw-audit-page.h"
#include "gui/cw-children-page.h"
#include "gui/cw-main-view.h"
#include "gui/cw-staff-editor.h"
#include "gui/cw-staff-page.h"
#include "cw-gui-test-util.h"
#include "cw-test-util.h"

/*
 * Staff management driven through the real widgets: the main view's
 * sidebar per role, the Staff page, the editor, the step-up password
 * dialog and the Audit page, on a real SQLCipher database.
 */

#define ADMIN_PASSWORD "harbour-lantern-crocus-97"
#define MANAGER_PASSWORD "meadow-pebble-violin-31"

typedef struct
{
  char      *dir;
  char      *path;
  CwSession *session;     /* the administrator's */
  GtkWidget *window;
  GtkWidget *view;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *recovery_key = NULL;

  fixture->dir = cw_test_make_tmpdir ();
  fixture->path = g_build_filename (fixture->dir, "riverside.db", NULL);
  fixture->session = cw_session_create_database (fixture->path, "Riverside Children’s Services",
                                                 "alex", "Alex Morgan", ADMIN_PASSWORD,
                                                 &recovery_key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->session);
  cw_secure_wipe_string (recovery_key);
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

  if (fixture->session != NULL)
    cw_session_sign_out (fixture->session);
  g_clear_object (&fixture->session);

  cw_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->path, g_free);
  g_clear_pointer (&fixture->dir, g_free);
}

static void
show_main_view (Fixture   *fixture,
                CwSession *session)
{
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1100, 720);
  fixture->view = cw_main_view_new (session);
  gtk_window_set_child (GTK_WINDOW (fixture->window), fixture->view);
  gtk_window_present (GTK_WINDOW (fixture->window));

  cw_gui_test_wait_for_showing (fixture->view, CW_GUI_TEST_QUICK_MS);
}

/* The section ids of the sidebar rows, in order, joined with spaces. */
static char *
sidebar_sections (CwMainView *view)
{
  GtkWidget *list = cw_gui_test_get (GTK_WIDGET (view), "section_list");
  g_autoptr(GString) ids = g_string_new (NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (list);
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (!GTK_IS_LIST_BOX_ROW (row) || !cw_gui_test_is_showing (row))
        continue;

      if (ids->len > 0)
        g_string_append_c (ids, ' ');
      g_string_append (ids, gtk_widget_get_name (row));
    }

  return g_string_free (g_steal_pointer (&ids), FALSE);
}

static GtkWidget *
sidebar_row (CwMainView *view,
             CwSection   section)
{
  GtkWidget *list = cw_gui_test_get (GTK_WIDGET (view), "section_list");
  GtkWidget *row = cw_gui_test_find (list, cw_section_get_id (section));

  g_assert_nonnull (row);
  g_assert_true (GTK_IS_LIST_BOX_ROW (row));

  return row;
}

/* Opens a section the way a click on its sidebar row does. */
static void
open_section (CwMainView *view,
              CwSection   section)
{
  GtkWidget *row = sidebar_row (view, section);
  GtkWidget *stack = cw_gui_test_get (GTK_WIDGET (view), "content_stack");

  g_assert_true (cw_gui_test_is_showing (row));
  gtk_widget_activate (row);
  cw_gui_test_wait_for_stack_page (GTK_STACK (stack), cw_section_get_id (section),
                                   CW_GUI_TEST_QUICK_MS);
  g_assert_cmpint (cw_main_view_get_section (view), ==, section);
}

static GtkWidget *
visible_page (CwMainView *view)
{
  GtkWidget *stack = cw_gui_test_get (GTK_WIDGET (view), "content_stack");

  return gtk_stack_get_visible_child (GTK_STACK (stack));
}

static GtkWidget *
wait_for_toplevel (GType type)
{
  GtkWidget *window = cw_gui_test_wait_for_window (type, NULL, CW_GUI_TEST_QUICK_MS);

  cw_gui_test_flush ();
  return window;
}

typedef struct
{
  const char *text;
  GtkWidget  *found;
} DialogWait;

static gboolean
dialog_shows_text (gpointer user_data)
{
  DialogWait *wait = user_data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) &&
          cw_gui_test_find_showing_label (window, wait->text, FALSE) != NULL)
        {
          wait->found = window;
          return TRUE;
        }
    }

  return FALSE;
}

/* The message dialog that shows @text, once it does. */
static GtkWidget *
wait_for_dialog_showing (const char *text)
{
  DialogWait wait = { text, NULL };

  if (!cw_gui_test_wait_until (dialog_shows_text, &wait, CW_GUI_TEST_SLOW_MS))
    g_error ("No dialog showed “%s”", text);

  return wait.found;
}

static gint64
add_line_manager (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwStaffMember) manager = NULL;

  manager = cw_session_add_staff (fixture->session, ADMIN_PASSWORD, "spatel", "Sam Patel",
                                  "Team manager", CW_ROLE_LINE_MANAGER | CW_ROLE_PRACTITIONER,
                                  0, MANAGER_PASSWORD, &error);
  g_assert_no_error (error);

  return cw_staff_member_get_id (manager);
}

/* Opens the Staff page, clicks Add and fills the editor for Casey Brooks.
 * Returns the editor; *password_out gets the generated one-time password. */
static GtkWidget *
fill_new_staff_member (Fixture  *fixture,
                       char    **password_out)
{
  GtkWidget *page, *editor, *password_row, *save_button;
  const char *password;

  open_section (CW_MAIN_VIEW (fixture->view), CW_SECTION_STAFF);
  page = visible_page (CW_MAIN_VIEW (fixture->view));
  g_assert_true (CW_IS_STAFF_PAGE (page));

  cw_gui_test_click (cw_gui_test_get (page, "add_button"));
  editor = wait_for_toplevel (CW_TYPE_STAFF_EDITOR);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (editor)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (editor)) ==
                 GTK_WINDOW (fixture->window));

  save_button = cw_gui_test_get (editor, "save_button");
  g_assert_false (gtk_widget_is_sensitive (save_button));

  cw_gui_test_set_text (cw_gui_test_get (editor, "username_row"), "cbrooks");
  cw_gui_test_set_text (cw_gui_test_get (editor, "display_name_row"), "Casey Brooks");
  cw_gui_test_set_text (cw_gui_test_get (editor, "job_title_row"), "Youth worker");

  /* No role yet: Save stays off and says why. */
  g_assert_false (gtk_widget_is_sensitive (save_button));
  g_assert_nonnull (cw_gui_test_find_showing_label (editor, "Choose at least one role.", FALSE));

  cw_gui_test_click (cw_gui_test_get (editor, "practitioner_check"));
  cw_gui_test_choose_in_combo (cw_gui_test_get (editor, "line_manager_row"), "Sam Patel");

  password_row = cw_gui_test_get (editor, "password_row");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (password_row)), ==, "");
  cw_gui_test_click (cw_gui_test_get (editor, "generate_button"));
  password = gtk_editable_get_text (GTK_EDITABLE (password_row));
  g_assert_cmpuint (strlen (password), >=, CW_PASSWORD_MIN_LENGTH);
  g_assert_true (cw_password_acceptable (password, "cbrooks", "Casey Brooks", NULL));

  g_assert_true (gtk_widget_is_sensitive (save_button));
  *password_out = g_strdup (password);

  return editor;
}

static GtkWidget *
press_save (GtkWidget *editor)
{
  GtkWidget *dialog;

  cw_gui_test_click (cw_gui_test_get (editor, "save_button"));
  dialog = wait_for_toplevel (g_type_from_name ("CwPasswordDialog"));
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (editor));

  return dialog;
}

static void
step_up_with (GtkWidget  *dialog,
              const char *confirm_label,
              const char *password)
{
  GtkWidget *confirm = cw_gui_test_find_button (dialog, confirm_label);

  g_assert_nonnull (confirm);
  cw_gui_test_wait_for_sensitive (confirm, CW_GUI_TEST_SLOW_MS);
  cw_gui_test_set_text (cw_gui_test_get (dialog, "password_entry"), password);
  cw_gui_test_click (confirm);
}

static void
step_up (GtkWidget  *dialog,
         const char *password)
{
  step_up_with (dialog, "_Add", password);
}

static const char *
editor_text (GtkWidget  *editor,
             const char *id)
{
  return gtk_editable_get_text (GTK_EDITABLE (cw_gui_test_get (editor, id)));
}

static void
assert_not_stored (Fixture    *fixture,
                   const char *username)
{
  CwStaffRepository *repository = cw_session_get_staff_repository (fixture->session);
  g_autoptr(CwStaffMember) member = NULL;
  g_autoptr(GError) error = NULL;

  member = cw_staff_repository_lookup_by_username (repository, username, &error);
  g_assert_null (member);
  g_assert_error (error, CW_STAFF_ERROR, CW_STAFF_ERROR_NOT_FOUND);
}

static gint64
add_practitioner (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwStaffMember) member = NULL;

  member = cw_session_add_staff (fixture->session, ADMIN_PASSWORD, "jlee", "Jamie Lee",
                                 "Social worker", CW_ROLE_PRACTITIONER, 0, MANAGER_PASSWORD,
                                 &error);
  g_assert_no_error (error);

  return cw_staff_member_get_id (member);
}

/* Opens the Staff page and selects @username's row, as a click would. */
static GtkWidget *
select_staff_row (Fixture    *fixture,
                  const char *username)
{
  GtkWidget *page, *column_view;
  GtkSelectionModel *model;
  guint n;

  open_section (CW_MAIN_VIEW (fixture->view), CW_SECTION_STAFF);
  page = visible_page (CW_MAIN_VIEW (fixture->view));
  column_view = cw_gui_test_get (page, "column_view");
  model = gtk_column_view_get_model (GTK_COLUMN_VIEW (column_view));
  n = g_list_model_get_n_items (G_LIST_MODEL (model));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CwStaffMember) member = g_list_model_get_item (G_LIST_MODEL (model), i);

      if (g_strcmp0 (cw_staff_member_get_username (member), username) == 0)
        {
          g_assert_true (gtk_selection_model_select_item (model, i, TRUE));
          cw_gui_test_flush ();
          return page;
        }
    }

  g_error ("No row for “%s” on the Staff page", username);
}

static void
sign_out_administrator (Fixture *fixture)
{
  close_window (fixture);
  cw_session_sign_out (fixture->session);
  g_clear_object (&fixture->session);
}

/* An administrator alone sees the registers, Audit and Staff, and no case
 * content; a DSL who is also a line manager sees everything but Staff. */
static void
test_sidebar_administrator (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *sections = NULL;
  GtkWidget *page;

  show_main_view (fixture, fixture->session);

  sections = sidebar_sections (CW_MAIN_VIEW (fixture->view));
  g_assert_cmpstr (sections, ==, "gifts contacts photo-consent audit staff");

  /* The first section is open at start. */
  g_assert_cmpint (cw_main_view_get_section (CW_MAIN_VIEW (fixture->view)), ==,
                   CW_SECTION_GIFTS);
  page = visible_page (CW_MAIN_VIEW (fixture->view));
  g_assert_true (cw_gui_test_is_showing (page));

  /* Who is signed in, and as what. */
  g_assert_nonnull (cw_gui_test_find_label (fixture->view, "Alex Morgan"));
  g_assert_nonnull (cw_gui_test_find_label (fixture->view, "Administrator"));

  /* A register a later version fills says so honestly: no rows at all. */
  g_assert_nonnull (cw_gui_test_find_by_type (page, ADW_TYPE_STATUS_PAGE));
  g_assert_null (cw_gui_test_find_by_type (page, GTK_TYPE_COLUMN_VIEW));

  /* Sections the person may not see cannot be opened. */
  cw_main_view_show_section (CW_MAIN_VIEW (fixture->view), CW_SECTION_CHILDREN);
  g_assert_cmpint (cw_main_view_get_section (CW_MAIN_VIEW (fixture->view)), ==,
                   CW_SECTION_GIFTS);

  open_section (CW_MAIN_VIEW (fixture->view), CW_SECTION_STAFF);
  g_assert_true (CW_IS_STAFF_PAGE (visible_page (CW_MAIN_VIEW (fixture->view))));
}

static void
test_sidebar_dsl_line_manager (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwStaffMember) member = NULL;
  g_autoptr(CwSession) dsl = NULL;
  g_autofree char *sections = NULL;
  GtkWidget *page, *status;

  member = cw_session_add_staff (fixture->session, ADMIN_PASSWORD, "rokafor", "Ruth Okafor",
                                 "Designated safeguarding lead",
                                 CW_ROLE_DSL | CW_ROLE_LINE_MANAGER, 0, MANAGER_PASSWORD,
                                 &error);
  g_assert_no_error (error);

  /* One connection at a time: the database is locked while open. */
  cw_session_sign_out (fixture->session);
  g_clear_object (&fixture->session);

  dsl = cw_session_sign_in_with_password (fixture->path, "rokafor", MANAGER_PASSWORD, &error);
  g_assert_no_error (error);

  show_main_view (fixture, dsl);

  sections = sidebar_sections (CW_MAIN_VIEW (fixture->view));
  g_assert_cmpstr (sections, ==,
                   "my-work children sign-offs gifts contacts photo-consent audit");
  g_assert_null (cw_gui_test_find (cw_gui_test_get (fixture->view, "section_list"), "staff"));
  g_assert_nonnull (cw_gui_test_find_label (fixture->view, "Line manager, DSL"));

  g_assert_cmpint (cw_main_view_get_section (CW_MAIN_VIEW (fixture->view)), ==,
                   CW_SECTION_MY_WORK);
  cw_main_view_show_section (CW_MAIN_VIEW (fixture->view), CW_SECTION_STAFF);
  g_assert_cmpint (cw_main_view_get_section (CW_MAIN_VIEW (fixture->view)), ==,
                   CW_SECTION_MY_WORK);

  /* Children is the children list, honestly empty: no invented rows. */
  open_section (CW_MAIN_VIEW (fixture->view), CW_SECTION_CHILDREN);
  page = visible_page (CW_MAIN_VIEW (fixture->view));
  g_assert_true (CW_IS_CHILDREN_PAGE (page));
  status = cw_gui_test_get (page, "empty_status");
  cw_gui_test_wait_for_showing (status, 10000);
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==,
                   "No Children’s Records Yet");

  /* The DSL reads the audit log. */
  open_section (CW_MAIN_VIEW (fixture->view), CW_SECTION_AUDIT);
  g_assert_true (CW_IS_AUDIT_PAGE (visible_page (CW_MAIN_VIEW (fixture->view))));

  close_window (fixture);
  cw_session_sign_out (dsl);
}

/* The whole of adding someone: editor, a wrong step-up password that saves
 * nothing, the right one, the new row, the stored account, the audit row
 * and the new person's first sign-in. */
static void
test_add_staff_member (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *one_time_password = NULL;
  g_autoptr(CwStaffMember) stored = NULL;
  g_autoptr(CwSession) newcomer = NULL;
  g_autofree char *staff_add = cw_audit_describe_action ("staff-add");
  CwStaffRepository *repository;
  gpointer editor_pointer;
  GtkWidget *editor, *dialog, *added, *page, *column_view, *audit_page;
  gint64 manager_id;

  manager_id = add_line_manager (fixture);
  show_main_view (fixture, fixture->session);

  editor = fill_new_staff_member (fixture, &one_time_password);
  dialog = press_save (editor);

  /* A wrong password keeps the dialog open, says so and saves nothing. */
  step_up (dialog, "not-my-password-at-all");
  cw_gui_test_wait_for_label (dialog, "That password is not right.", FALSE, CW_GUI_TEST_SLOW_MS);
  g_assert_true (gtk_widget_get_visible (dialog));
  g_assert_true (cw_gui_test_find_window (CW_TYPE_STAFF_EDITOR, NULL) == editor);
  assert_not_stored (fixture, "cbrooks");

  /* The right one stores the account and closes the editor. */
  editor_pointer = editor;
  g_object_add_weak_pointer (G_OBJECT (editor), &editor_pointer);
  step_up (dialog, ADMIN_PASSWORD);
  cw_gui_test_wait_until_closed (&editor_pointer, CW_GUI_TEST_SLOW_MS);

  /* The one-time password is shown once more, to pass on. */
  added = wait_for_dialog_showing (one_time_password);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (added)), ==,
                   "Staff Member Added");
  cw_gui_test_click (cw_gui_test_find_button (added, "_Done"));

  /* The new row is in the column view… */
  page = visible_page (CW_MAIN_VIEW (fixture->view));
  column_view = cw_gui_test_get (page, "column_view");
  cw_gui_test_wait_for_label (column_view, "Casey Brooks", FALSE, CW_GUI_TEST_QUICK_MS);
  cw_gui_test_wait_for_label (column_view, "cbrooks", FALSE, CW_GUI_TEST_QUICK_MS);
  cw_gui_test_wait_for_label (column_view, "Must change password", FALSE, CW_GUI_TEST_QUICK_MS);

  /* …and in the database. */
  repository = cw_session_get_staff_repository (fixture->session);
  stored = cw_staff_repository_lookup_by_username (repository, "cbrooks", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cw_staff_member_get_display_name (stored), ==, "Casey Brooks");
  g_assert_cmpstr (cw_staff_member_get_job_title (stored), ==, "Youth worker");
  g_assert_cmpint (cw_staff_member_get_roles (stored), ==, CW_ROLE_PRACTITIONER);
  g_assert_cmpint (cw_staff_member_get_line_manager_id (stored), ==, manager_id);
  g_assert_true (cw_staff_member_get_active (stored));
  g_assert_true (cw_staff_member_get_must_change_password (stored));

  /* The Audit page shows the addition. */
  open_section (CW_MAIN_VIEW (fixture->view), CW_SECTION_AUDIT);
  audit_page = visible_page (CW_MAIN_VIEW (fixture->view));
  g_assert_true (CW_IS_AUDIT_PAGE (audit_page));
  cw_gui_test_wait_for_label (audit_page, staff_add, FALSE, CW_GUI_TEST_QUICK_MS);
  cw_gui_test_wait_for_label (audit_page, "Staff: Casey Brooks", FALSE, CW_GUI_TEST_QUICK_MS);

  /* Casey signs in with the one-time password. */
  close_window (fixture);
  cw_session_sign_out (fixture->session);
  g_clear_object (&fixture->session);

  newcomer = cw_session_sign_in_with_password (fixture->path, "cbrooks", one_time_password,
                                               &error);
  g_assert_no_error (error);
  g_assert_nonnull (newcomer);
  g_assert_cmpint (cw_session_get_roles (newcomer), ==, CW_ROLE_PRACTITIONER);
  g_assert_true (cw_staff_member_get_must_change_password (
                   cw_session_get_staff_member (newcomer)));
  cw_session_sign_out (newcomer);

  cw_secure_wipe_string (one_time_password);
}

/* A wrong password, then Cancel: nothing stored, the editor keeps every
 * value so that nothing typed is lost. */
static void
test_wrong_password_saves_nothing (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autofree char *one_time_password = NULL;
  gpointer dialog_pointer;
  GtkWidget *editor, *dialog, *check;

  add_line_manager (fixture);
  show_main_view (fixture, fixture->session);

  editor = fill_new_staff_member (fixture, &one_time_password);
  dialog = press_save (editor);

  step_up (dialog, "harbour-lantern-crocus-98");
  cw_gui_test_wait_for_label (dialog, "That password is not right.", FALSE, CW_GUI_TEST_SLOW_MS);
  assert_not_stored (fixture, "cbrooks");

  dialog_pointer = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &dialog_pointer);
  cw_gui_test_click (cw_gui_test_find_button (dialog, "_Cancel"));
  cw_gui_test_wait_until_closed (&dialog_pointer, CW_GUI_TEST_QUICK_MS);

  assert_not_stored (fixture, "cbrooks");
  g_assert_true (cw_gui_test_find_window (CW_TYPE_STAFF_EDITOR, NULL) == editor);
  g_assert_cmpstr (editor_text (editor, "username_row"), ==, "cbrooks");
  g_assert_cmpstr (editor_text (editor, "display_name_row"), ==, "Casey Brooks");
  g_assert_cmpstr (editor_text (editor, "password_row"), ==, one_time_password);
  check = cw_gui_test_get (editor, "practitioner_check");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  g_assert_true (gtk_widget_is_sensitive (cw_gui_test_get (editor, "save_button")));

  cw_secure_wipe_string (one_time_password);
}

/* A username that is taken is refused by core; the editor says so in a
 * sentence and keeps the form. */
static void
test_taken_username_kept_in_form (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autofree char *one_time_password = NULL;
  GtkWidget *editor, *dialog, *error_label;

  add_line_manager (fixture);
  show_main_view (fixture, fixture->session);

  editor = fill_new_staff_member (fixture, &one_time_password);
  cw_gui_test_set_text (cw_gui_test_get (editor, "username_row"), "spatel");
  dialog = press_save (editor);
  step_up (dialog, ADMIN_PASSWORD);

  error_label = cw_gui_test_get (editor, "error_label");
  cw_gui_test_wait_for_showing (error_label, CW_GUI_TEST_SLOW_MS);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), !=, "");
  g_assert_true (cw_gui_test_find_window (CW_TYPE_STAFF_EDITOR, NULL) == editor);
  g_assert_cmpstr (editor_text (editor, "display_name_row"), ==, "Casey Brooks");
  assert_not_stored (fixture, "cbrooks");

  cw_secure_wipe_string (one_time_password);
}

/* Deactivating asks first (destructively worded), then for the password;
 * the row says so, the account is inactive and its key slot is gone. */
static void
test_deactivate_staff_member (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwStaffMember) stored = NULL;
  g_autoptr(CwSession) refused = NULL;
  GtkWidget *page, *confirm, *deactivate, *dialog;
  gint64 id;

  id = add_practitioner (fixture);
  show_main_view (fixture, fixture->session);

  page = select_staff_row (fixture, "jlee");
  cw_gui_test_click (cw_gui_test_get (page, "deactivate_button"));

  confirm = wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (confirm)), ==,
                   "Deactivate Jamie Lee?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (confirm)),
                            "key slot is removed"));
  deactivate = cw_gui_test_find_button (confirm, "_Deactivate");
  g_assert_nonnull (deactivate);
  /* Styled as destructive ("destructive" in libadwaita 1.2, later
   * "destructive-action"). */
  g_assert_true (gtk_widget_has_css_class (deactivate, "destructive") ||
                 gtk_widget_has_css_class (deactivate, "destructive-action"));
  cw_gui_test_click (deactivate);

  dialog = wait_for_toplevel (g_type_from_name ("CwPasswordDialog"));
  step_up_with (dialog, "_Deactivate", ADMIN_PASSWORD);

  cw_gui_test_wait_for_label (cw_gui_test_get (page, "column_view"), "Deactivated", FALSE,
                              CW_GUI_TEST_SLOW_MS);
  stored = cw_staff_repository_lookup_by_id (cw_session_get_staff_repository (fixture->session),
                                             id, &error);
  g_assert_no_error (error);
  g_assert_false (cw_staff_member_get_active (stored));

  /* They can no longer sign in. */
  sign_out_administrator (fixture);
  refused = cw_session_sign_in_with_password (fixture->path, "jlee", MANAGER_PASSWORD, &error);
  g_assert_null (refused);
  g_assert_nonnull (error);
}

/* Resetting a password shows the new one-time password, and only it opens
 * the account afterwards. */
static void
test_reset_password (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) old_password = NULL;
  g_autoptr(CwSession) new_password = NULL;
  g_autofree char *one_time_password = NULL;
  GtkWidget *page, *reset_dialog, *entry, *dialog, *shown;
  gpointer reset_pointer;

  add_practitioner (fixture);
  show_main_view (fixture, fixture->session);

  page = select_staff_row (fixture, "jlee");
  cw_gui_test_click (cw_gui_test_get (page, "reset_password_button"));

  reset_dialog = wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  entry = cw_gui_test_find_by_type (reset_dialog, GTK_TYPE_ENTRY);
  g_assert_nonnull (entry);
  one_time_password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));
  g_assert_true (cw_password_acceptable (one_time_password, "jlee", "Jamie Lee", NULL));

  reset_pointer = reset_dialog;
  g_object_add_weak_pointer (G_OBJECT (reset_dialog), &reset_pointer);
  cw_gui_test_click (cw_gui_test_find_button (reset_dialog, "_Reset Password"));
  cw_gui_test_wait_until_closed (&reset_pointer, CW_GUI_TEST_QUICK_MS);

  dialog = wait_for_toplevel (g_type_from_name ("CwPasswordDialog"));
  step_up_with (dialog, "_Reset Password", ADMIN_PASSWORD);

  /* The new one-time password is shown to pass on. */
  shown = wait_for_dialog_showing (one_time_password);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (shown)), ==,
                   "Password Reset");
  cw_gui_test_click (cw_gui_test_find_button (shown, "_Done"));

  sign_out_administrator (fixture);

  old_password = cw_session_sign_in_with_password (fixture->path, "jlee", MANAGER_PASSWORD,
                                                   &error);
  g_assert_null (old_password);
  g_assert_nonnull (error);
  g_clear_error (&error);

  new_password = cw_session_sign_in_with_password (fixture->path, "jlee", one_time_password,
                                                   &error);
  g_assert_no_error (error);
  g_assert_true (cw_staff_member_get_must_change_password (
                   cw_session_get_staff_member (new_password)));
  cw_session_sign_out (new_password);

  cw_secure_wipe_string (one_time_password);
}

/* Editing through a double-click: the username cannot change, Save waits
 * for a change, and the change is stored and shown. */
static void
test_edit_staff_member (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwStaffMember) stored = NULL;
  GtkWidget *page, *column_view, *editor, *save_button, *dialog;
  gpointer editor_pointer;
  gint64 id;
  guint position;

  id = add_practitioner (fixture);
  show_main_view (fixture, fixture->session);

  page = select_staff_row (fixture, "jlee");
  column_view = cw_gui_test_get (page, "column_view");
  position = gtk_single_selection_get_selected (
               GTK_SINGLE_SELECTION (gtk_column_view_get_model (GTK_COLUMN_VIEW (column_view))));
  g_signal_emit_by_name (column_view, "activate", position);

  editor = wait_for_toplevel (CW_TYPE_STAFF_EDITOR);
  g_assert_cmpstr (editor_text (editor, "username_row"), ==, "jlee");
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (cw_gui_test_get (editor,
                                                                            "username_row"))));
  g_assert_false (cw_gui_test_is_showing (cw_gui_test_get (editor, "password_row")));

  save_button = cw_gui_test_get (editor, "save_button");
  g_assert_false (gtk_widget_is_sensitive (save_button));
  g_assert_nonnull (cw_gui_test_find_showing_label (editor, "Nothing has been changed yet.",
                                                    FALSE));

  cw_gui_test_set_text (cw_gui_test_get (editor, "job_title_row"), "Senior social worker");
  g_assert_true (gtk_widget_is_sensitive (save_button));

  editor_pointer = editor;
  g_object_add_weak_pointer (G_OBJECT (editor), &editor_pointer);
  cw_gui_test_click (save_button);
  dialog = wait_for_toplevel (g_type_from_name ("CwPasswordDialog"));
  step_up_with (dialog, "_Save", ADMIN_PASSWORD);
  cw_gui_test_wait_until_closed (&editor_pointer, CW_GUI_TEST_SLOW_MS);

  cw_gui_test_wait_for_label (column_view, "Senior social worker", FALSE, CW_GUI_TEST_QUICK_MS);
  stored = cw_staff_repository_lookup_by_id (cw_session_get_staff_repository (fixture->session),
                                             id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cw_staff_member_get_job_title (stored), ==, "Senior social worker");
  g_assert_cmpstr (cw_staff_member_get_username (stored), ==, "jlee");
}

int
main (int    argc,
      char **argv)
{
  cw_gui_test_init (&argc, &argv);
  g_assert_true (cw_secure_init ());

  /* Xvfb has no window manager to move keyboard focus between the main
   * window, the editor and the dialog, so a blinking cursor would find it
   * lost focus without being told (a GTK warning, fatal in tests). */
  g_object_set (gtk_settings_get_default (),
                "gtk-cursor-blink", FALSE,
                "gtk-enable-animations", FALSE,
                NULL);

  g_test_add ("/gui/staff/sidebar/administrator", Fixture, NULL,
              fixture_set_up, test_sidebar_administrator, fixture_tear_down);
  g_test_add ("/gui/staff/sidebar/dsl-line-manager", Fixture, NULL,
              fixture_set_up, test_sidebar_dsl_line_manager, fixture_tear_down);
  g_test_add ("/gui/staff/add", Fixture, NULL,
              fixture_set_up, test_add_staff_member, fixture_tear_down);
  g_test_add ("/gui/staff/add/wrong-password", Fixture, NULL,
              fixture_set_up, test_wrong_password_saves_nothing, fixture_tear_down);
  g_test_add ("/gui/staff/add/username-taken", Fixture, NULL,
              fixture_set_up, test_taken_username_kept_in_form, fixture_tear_down);
  g_test_add ("/gui/staff/edit", Fixture, NULL,
              fixture_set_up, test_edit_staff_member, fixture_tear_down);
  g_test_add ("/gui/staff/deactivate", Fixture, NULL,
              fixture_set_up, test_deactivate_staff_member, fixture_tear_down);
  g_test_add ("/gui/staff/reset-password", Fixture, NULL,
              fixture_set_up, test_reset_password, fixture_tear_down);

  return g_test_run ();
}
