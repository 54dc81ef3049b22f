/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "core/cw-child-repository.h"
#include "core/cw-entry-repository.h"
#include "core/cw-key.h"
#include "core/cw-session.h"
#include "gui/cw-child-editor.h"
#include "gui/cw-child-page.h"
#include "gui/cw-children-page.h"
#include "gui/cw-entry-editor.h"
#include "gui/cw-main-view.h"
#include "gui/cw-my-work-page.h"
#include "cw-gui-test-util.h"
#include "cw-test-util.h"

/*
 * The Children section, the child record form and My work, driven
 * through the real widgets on a real SQLCipher database, as a practitioner
 * sees them: an empty list, a record created through the form (with an
 * impossible date first), found by search, opened, and listed in My work
 * with a draft. All names are fictional.
 */

#define ADMIN_PASSWORD "harbour-lantern-crocus-97"
#define STAFF_PASSWORD "orchard-kettle-maple-64"

#define CHILD_GIVEN     "Maëlle"
#define CHILD_FAMILY    "Lefèvre"
#define CHILD_NAME      "Maëlle Lefèvre"
#define CHILD_NEW_NAME  "Mae (Maëlle) Lefèvre"     /* with a preferred name */
#define CHILD_REFERENCE "RS-2041"

typedef struct
{
  char      *dir;
  char      *path;
  CwSession *session;     /* the practitioner's */
  gint64     practitioner_id;
  GtkWidget *window;
  GtkWidget *view;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) admin = NULL;
  g_autoptr(CwStaffMember) practitioner = NULL;
  g_autoptr(CwStaffMember) colleague = NULL;
  g_autofree char *recovery_key = NULL;

  fixture->dir = cw_test_make_tmpdir ();
  fixture->path = g_build_filename (fixture->dir, "riverside.db", NULL);
  admin = cw_session_create_database (fixture->path, "Riverside Children’s Services",
                                      "alex", "Alex Morgan", ADMIN_PASSWORD,
                                      &recovery_key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (admin);
  cw_secure_wipe_string (recovery_key);

  practitioner = cw_session_add_staff (admin, ADMIN_PASSWORD, "rkhan", "Riley Khan",
                                       "Social worker", CW_ROLE_PRACTITIONER, 0,
                                       STAFF_PASSWORD, &error);
  g_assert_no_error (error);
  fixture->practitioner_id = cw_staff_member_get_id (practitioner);

  /* Someone the practitioner may not allocate children to. */
  colleague = cw_session_add_staff (admin, ADMIN_PASSWORD, "tobrien", "Tess O’Brien",
                                    "Social worker", CW_ROLE_PRACTITIONER, 0,
                                    STAFF_PASSWORD, &error);
  g_assert_no_error (error);

  /* One connection at a time. */
  cw_session_sign_out (admin);
  g_clear_object (&admin);

  fixture->session = cw_session_sign_in_with_password (fixture->path, "rkhan", STAFF_PASSWORD,
                                                       &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->session);
}

static void
close_windows (Fixture *fixture)
{
  cw_gui_test_close_windows ();
  fixture->window = NULL;
  fixture->view = NULL;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  close_windows (fixture);

  if (fixture->session != NULL)
    cw_session_sign_out (fixture->session);
  g_clear_object (&fixture->session);

  cw_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->path, g_free);
  g_clear_pointer (&fixture->dir, g_free);
}

/* Helpers ----------------------------------------------------------------- */

static void
show_main_view (Fixture *fixture)
{
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1100, 760);
  fixture->view = cw_main_view_new (fixture->session);
  gtk_window_set_child (GTK_WINDOW (fixture->window), fixture->view);
  gtk_window_present (GTK_WINDOW (fixture->window));

  cw_gui_test_wait_for_showing (fixture->view, CW_GUI_TEST_QUICK_MS);
}

static GtkWidget *
visible_page (Fixture *fixture)
{
  GtkWidget *stack = cw_gui_test_get (fixture->view, "content_stack");

  return gtk_stack_get_visible_child (GTK_STACK (stack));
}

/* Opens a section the way a click on its sidebar row does. */
static GtkWidget *
open_section (Fixture   *fixture,
              CwSection  section)
{
  GtkWidget *list = cw_gui_test_get (fixture->view, "section_list");
  GtkWidget *row = cw_gui_test_find (list, cw_section_get_id (section));
  GtkWidget *stack = cw_gui_test_get (fixture->view, "content_stack");

  g_assert_nonnull (row);
  g_assert_true (cw_gui_test_is_showing (row));
  gtk_widget_activate (row);
  cw_gui_test_wait_for_stack_page (GTK_STACK (stack), cw_section_get_id (section),
                                   CW_GUI_TEST_QUICK_MS);
  g_assert_cmpint (cw_main_view_get_section (CW_MAIN_VIEW (fixture->view)), ==, section);
  cw_gui_test_flush ();

  return visible_page (fixture);
}

/* The children page's own stack, which is not the main view's. */
static GtkStack *
children_content_stack (GtkWidget *page)
{
  GtkWidget *list_box = cw_gui_test_get (page, "list_box");

  return GTK_STACK (cw_gui_test_get (list_box, "content_stack"));
}

/* A label under @root with @text that a person could see (list cells are
 * reused, so a hidden one may come first). */
static void
wait_for_label (GtkWidget  *root,
                const char *text)
{
  cw_gui_test_wait_for_label (root, text, FALSE, CW_GUI_TEST_QUICK_MS);
}

static void
wait_for_label_gone (GtkWidget  *root,
                     const char *text)
{
  cw_gui_test_wait_for_label_gone (root, text, FALSE, CW_GUI_TEST_QUICK_MS);
}

static GtkWidget *
wait_for_toplevel (GType type)
{
  GtkWidget *window = cw_gui_test_wait_for_window (type, NULL, CW_GUI_TEST_QUICK_MS);

  cw_gui_test_flush ();
  return window;
}

/* A window that is expected to close: watch it first, then act. */
typedef struct
{
  gpointer window;
} WindowWatch;

static void
watch_window (WindowWatch *watch,
              GtkWidget   *window)
{
  watch->window = window;
  g_object_add_weak_pointer (G_OBJECT (window), &watch->window);
}

static const char *
combo_text (GtkWidget *combo)
{
  GObject *item = adw_combo_row_get_selected_item (ADW_COMBO_ROW (combo));

  g_assert_true (GTK_IS_STRING_OBJECT (item));
  return gtk_string_object_get_string (GTK_STRING_OBJECT (item));
}

static void
type_into_text_view (GtkWidget  *view,
                     const char *text)
{
  g_assert_true (cw_gui_test_is_showing (view));
  gtk_widget_grab_focus (view);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
  cw_gui_test_flush ();
}

/* Fills the form for the test child (not the date: the caller types it). */
static void
fill_child_form (GtkWidget  *editor,
                 const char *reference)
{
  cw_gui_test_set_text (cw_gui_test_get (editor, "case_reference_row"), reference);
  cw_gui_test_set_text (cw_gui_test_get (editor, "given_names_row"), CHILD_GIVEN);
  cw_gui_test_set_text (cw_gui_test_get (editor, "family_name_row"), CHILD_FAMILY);
  cw_gui_test_set_text (cw_gui_test_get (editor, "gender_row"), "Girl");
  cw_gui_test_set_text (cw_gui_test_get (editor, "first_language_row"), "French");
  cw_gui_test_choose_in_combo (cw_gui_test_get (editor, "legal_status_row"), "Child in need");
}

static GtkWidget *
open_new_child_editor (GtkWidget *page)
{
  GtkWidget *editor;

  cw_gui_test_click (cw_gui_test_get (page, "new_button"));
  editor = wait_for_toplevel (CW_TYPE_CHILD_EDITOR);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (editor)));

  return editor;
}

static void
wait_for_content (GtkWidget  *page,
                  const char *name)
{
  cw_gui_test_wait_for_stack_page (children_content_stack (page), name, CW_GUI_TEST_QUICK_MS);
}

static gboolean
child_page_shown (gpointer user_data)
{
  CwChildrenPage *page = user_data;
  GtkWidget *child_page = cw_children_page_get_child_page (page);

  return child_page != NULL && cw_gui_test_is_showing (child_page);
}

static void
saved_cb (GtkWidget *editor,
          gint64     child_id,
          gint64    *saved_id)
{
  *saved_id = child_id;
}

/* Tests ------------------------------------------------------------------- */

static void
test_parse_date (void)
{
  g_autoptr(GError) error = NULL;
  GDate today, date;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 14, G_DATE_MARCH, 2026);

  g_assert_true (cw_child_editor_parse_date ("29/02/2020", &today, &date, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_date_get_day (&date), ==, 29);
  g_assert_cmpint (g_date_get_month (&date), ==, G_DATE_FEBRUARY);
  g_assert_cmpint (g_date_get_year (&date), ==, 2020);

  g_assert_true (cw_child_editor_parse_date (" 1-3-2015 ", &today, &date, NULL));
  g_assert_cmpint (g_date_get_month (&date), ==, G_DATE_MARCH);
  g_assert_true (cw_child_editor_parse_date ("14.03.2026", &today, &date, NULL));

  g_assert_false (cw_child_editor_parse_date ("31/02/2020", &today, &date, &error));
  g_assert_error (error, CW_CHILD_ERROR, CW_CHILD_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "There is no 31 February 2020: February 2020 has 29 days.");
  g_assert_false (g_date_valid (&date));
  g_clear_error (&error);

  g_assert_false (cw_child_editor_parse_date ("29/02/2021", &today, &date, &error));
  g_assert_cmpstr (error->message, ==, "There is no 29 February 2021: February 2021 has 28 days.");
  g_clear_error (&error);

  g_assert_false (cw_child_editor_parse_date ("15/03/2026", &today, &date, &error));
  g_assert_cmpstr (error->message, ==,
                   "15 March 2026 is in the future. A date of birth cannot be later than today.");
  g_clear_error (&error);

  g_assert_false (cw_child_editor_parse_date ("03/13/2015", &today, &date, &error));
  g_assert_cmpstr (error->message, ==,
                   "There is no month 13: the month is a number from 1 to 12.");
  g_clear_error (&error);

  g_assert_false (cw_child_editor_parse_date ("14/03/15", &today, &date, &error));
  g_assert_nonnull (strstr (error->message, "four digits"));
  g_clear_error (&error);

  g_assert_false (cw_child_editor_parse_date ("1899-01-01", &today, &date, &error));
  g_clear_error (&error);
  g_assert_false (cw_child_editor_parse_date ("14 March 2015", &today, &date, &error));
  g_assert_nonnull (strstr (error->message, "day, month and year"));
  g_clear_error (&error);
  g_assert_false (cw_child_editor_parse_date ("", &today, &date, NULL));
  g_assert_false (cw_child_editor_parse_date ("00/01/2015", &today, &date, NULL));
}

static void
test_children_and_my_work (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwChildRepository) children = cw_child_repository_new (fixture->session);
  g_autoptr(CwEntryRepository) entries = cw_entry_repository_new (fixture->session);
  g_autoptr(GListModel) stored = NULL;
  g_autoptr(CwChild) listed = NULL;
  g_autoptr(CwChild) child = NULL;
  g_autoptr(CwEntry) draft = NULL;
  GtkWidget *page, *my_work, *editor, *save_button, *feedback, *worker_row, *search;
  GtkWidget *adult_name, *drafts_list, *recent_list, *child_page, *entry_editor;
  CwChildAdult *adult;
  GListModel *workers;
  WindowWatch watch;
  gint64 saved_id = 0;
  gint64 child_id;

  show_main_view (fixture);

  /* My work comes first, and says plainly that there is nothing yet. */
  g_assert_cmpint (cw_main_view_get_section (CW_MAIN_VIEW (fixture->view)), ==,
                   CW_SECTION_MY_WORK);
  my_work = visible_page (fixture);
  g_assert_true (CW_IS_MY_WORK_PAGE (my_work));
  wait_for_label (my_work, "No drafts. Everything you started has been finished.");
  wait_for_label (my_work,
                  "No children’s records opened yet. The records you open appear here.");

  /* Children: the empty state, with New Child Record for someone who may create. */
  page = open_section (fixture, CW_SECTION_CHILDREN);
  g_assert_true (CW_IS_CHILDREN_PAGE (page));
  wait_for_content (page, "empty");
  wait_for_label (page, "No Children’s Records Yet");
  g_assert_true (cw_gui_test_is_showing (cw_gui_test_get (page, "empty_new_button")));
  g_assert_false (cw_gui_test_is_showing (cw_gui_test_get (page, "search_entry")));

  /* The form: Save stays off and says why until it is complete. */
  editor = open_new_child_editor (page);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (editor)) ==
                 GTK_WINDOW (fixture->window));
  save_button = cw_gui_test_get (editor, "save_button");
  g_assert_false (gtk_widget_is_sensitive (save_button));
  g_assert_nonnull (cw_gui_test_find_showing_label (editor, "Type the child’s case reference.",
                                                    FALSE));

  fill_child_form (editor, CHILD_REFERENCE);

  /* A practitioner allocates only to themselves. */
  worker_row = cw_gui_test_get (editor, "allocated_worker_row");
  workers = adw_combo_row_get_model (ADW_COMBO_ROW (worker_row));
  g_assert_cmpuint (g_list_model_get_n_items (workers), ==, 1);
  g_assert_cmpstr (combo_text (worker_row), ==, "Riley Khan (you)");

  /* An impossible date is refused with a sentence beside it. */
  cw_gui_test_set_text (cw_gui_test_get (editor, "dob_row"), "31/02/2020");
  feedback = cw_gui_test_get (editor, "dob_feedback_label");
  g_assert_true (cw_gui_test_is_showing (feedback));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (feedback)), ==,
                   "There is no 31 February 2020: February 2020 has 29 days.");
  g_assert_true (gtk_widget_has_css_class (feedback, "error"));
  g_assert_false (gtk_widget_is_sensitive (save_button));

  /* So is a date that has not come yet. */
  cw_gui_test_set_text (cw_gui_test_get (editor, "dob_row"), "31/12/2999");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (feedback)), ==,
                   "31 December 2999 is in the future. A date of birth cannot be later than "
                   "today.");
  g_assert_false (gtk_widget_is_sensitive (save_button));

  /* A real one is read back in words. */
  cw_gui_test_set_text (cw_gui_test_get (editor, "dob_row"), "14/03/2016");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (feedback)), ==, "Born on 14 March 2016.");
  g_assert_false (gtk_widget_has_css_class (feedback, "error"));

  /* "Unknown" hides the date row; back to exact shows it with what was typed. */
  cw_gui_test_choose_in_combo (cw_gui_test_get (editor, "dob_precision_row"), "Unknown");
  g_assert_false (cw_gui_test_is_showing (cw_gui_test_get (editor, "dob_row")));
  cw_gui_test_choose_in_combo (cw_gui_test_get (editor, "dob_precision_row"), "Known exactly");
  g_assert_true (cw_gui_test_is_showing (cw_gui_test_get (editor, "dob_row")));

  /* One adult with parental responsibility. */
  g_assert_null (cw_gui_test_find (editor, "adult_name_row"));
  cw_gui_test_click (cw_gui_test_get (editor, "add_adult_button"));
  adult_name = cw_gui_test_get (editor, "adult_name_row");
  g_assert_false (gtk_widget_is_sensitive (save_button));
  cw_gui_test_set_text (adult_name, "Claire Lefèvre");
  cw_gui_test_set_text (cw_gui_test_get (editor, "adult_relationship_row"), "Mother");
  cw_gui_test_click (cw_gui_test_get (editor, "adult_responsibility_switch"));
  type_into_text_view (cw_gui_test_get (editor, "adult_contact_view"),
                       "12 Orchard Row, Riverside\n07700 900123");

  g_assert_true (gtk_widget_is_sensitive (save_button));
  watch_window (&watch, editor);
  cw_gui_test_click (save_button);
  cw_gui_test_wait_until_closed (&watch.window, CW_GUI_TEST_QUICK_MS);

  /* The list shows the child … */
  wait_for_content (page, "list");
  wait_for_label (page, CHILD_NAME);
  wait_for_label (page, CHILD_REFERENCE);
  wait_for_label (page, "Child in need");
  wait_for_label (page, "Riley Khan");

  /* … and the database holds it, with the adult. */
  stored = cw_child_repository_list (children, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (stored), ==, 1);
  listed = g_list_model_get_item (stored, 0);
  child_id = cw_child_get_id (listed);
  child = cw_child_repository_lookup (children, child_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cw_child_get_case_reference (child), ==, CHILD_REFERENCE);
  g_assert_cmpstr (cw_child_get_given_names (child), ==, CHILD_GIVEN);
  g_assert_cmpstr (cw_child_get_family_name (child), ==, CHILD_FAMILY);
  g_assert_cmpstr (cw_child_get_gender (child), ==, "Girl");
  g_assert_cmpstr (cw_child_get_first_language (child), ==, "French");
  g_assert_cmpstr (cw_child_get_legal_status (child), ==, CW_LEGAL_STATUS_CHILD_IN_NEED);
  g_assert_cmpint (cw_child_get_allocated_worker_id (child), ==, fixture->practitioner_id);
  g_assert_cmpint (cw_child_get_dob_precision (child), ==, CW_DATE_EXACT);
  g_assert_cmpint (g_date_get_day (cw_child_get_date_of_birth (child)), ==, 14);
  g_assert_cmpint (g_date_get_month (cw_child_get_date_of_birth (child)), ==, G_DATE_MARCH);
  g_assert_cmpint (g_date_get_year (cw_child_get_date_of_birth (child)), ==, 2016);
  g_assert_cmpuint (cw_child_get_adults (child)->len, ==, 1);
  adult = g_ptr_array_index (cw_child_get_adults (child), 0);
  g_assert_cmpstr (adult->name, ==, "Claire Lefèvre");
  g_assert_cmpstr (adult->relationship, ==, "Mother");
  g_assert_true (adult->parental_responsibility);
  g_assert_cmpstr (adult->contact_details, ==, "12 Orchard Row, Riverside\n07700 900123");

  /* Editing (as the child's page does): nothing to save until something
   * changes; Save stores the change, keeps the adult and says which child. */
  editor = cw_child_editor_new (fixture->session, child, GTK_WINDOW (fixture->window));
  g_signal_connect (editor, "saved", G_CALLBACK (saved_cb), &saved_id);
  gtk_window_present (GTK_WINDOW (editor));
  cw_gui_test_wait_for_showing (editor, CW_GUI_TEST_QUICK_MS);
  save_button = cw_gui_test_get (editor, "save_button");
  g_assert_false (gtk_widget_is_sensitive (save_button));
  g_assert_nonnull (cw_gui_test_find_showing_label (editor, "Nothing has been changed yet.",
                                                    FALSE));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cw_gui_test_get (editor, "dob_row"))),
                   ==, "14/03/2016");
  g_assert_cmpstr (combo_text (cw_gui_test_get (editor, "legal_status_row")), ==,
                   "Child in need");
  cw_gui_test_set_text (cw_gui_test_get (editor, "preferred_name_row"), "Mae");
  watch_window (&watch, editor);
  cw_gui_test_click (save_button);
  cw_gui_test_wait_until_closed (&watch.window, CW_GUI_TEST_QUICK_MS);
  g_assert_cmpint (saved_id, ==, child_id);
  g_clear_object (&child);
  child = cw_child_repository_lookup (children, child_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cw_child_get_preferred_name (child), ==, "Mae");
  g_assert_cmpuint (cw_child_get_adults (child)->len, ==, 1);
  adult = g_ptr_array_index (cw_child_get_adults (child), 0);
  g_assert_true (adult->parental_responsibility);

  /* A second record with the same reference (other case): the core's
   * sentence shows above the form and nothing typed is lost. */
  editor = open_new_child_editor (page);
  fill_child_form (editor, "rs-2041");
  cw_gui_test_set_text (cw_gui_test_get (editor, "dob_row"), "01/09/2014");
  cw_gui_test_click (cw_gui_test_get (editor, "save_button"));
  g_assert_true (cw_gui_test_is_showing (cw_gui_test_get (editor, "error_label")));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (cw_gui_test_get (editor,
                                                                            "error_label"))),
                            "rs-2041"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cw_gui_test_get (editor,
                                                                         "given_names_row"))),
                   ==, CHILD_GIVEN);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cw_gui_test_get (editor, "dob_row"))),
                   ==, "01/09/2014");
  g_clear_object (&stored);
  stored = cw_child_repository_list (children, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (stored), ==, 1);

  /* Closing with changes asks first. */
  cw_gui_test_activate_action (editor, "window.close");
  {
    GtkWidget *dialog = wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);

    g_assert_nonnull (cw_gui_test_find_showing_label (dialog, "Discard the New Record?", FALSE));
    g_assert_true (cw_gui_test_is_showing (editor));
    watch_window (&watch, editor);
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "discard");
  }
  cw_gui_test_wait_until_closed (&watch.window, CW_GUI_TEST_QUICK_MS);

  /* Search: part of the family name, other case, no accent. */
  search = cw_gui_test_get (page, "search_entry");
  cw_gui_test_set_text (search, "LEFEV");
  wait_for_content (page, "list");
  wait_for_label (page, CHILD_NEW_NAME);
  cw_gui_test_set_text (search, "lefèvre");
  wait_for_label (page, CHILD_NEW_NAME);

  /* Something else: the no-results state says so. */
  cw_gui_test_set_text (search, "Nightingale");
  wait_for_content (page, "no-results");
  wait_for_label (page, "No Matching Children");
  g_assert_null (cw_gui_test_find_showing_label (page, CHILD_NEW_NAME, FALSE));
  cw_gui_test_set_text (search, "");
  wait_for_content (page, "list");
  wait_for_label (page, CHILD_NEW_NAME);

  /* Activating the row opens the child's page over the list. */
  g_assert_null (cw_children_page_get_child_page (CW_CHILDREN_PAGE (page)));
  g_signal_emit_by_name (cw_gui_test_get (page, "column_view"), "activate", 0);
  g_assert_true (cw_gui_test_wait_until (child_page_shown, page, CW_GUI_TEST_QUICK_MS));
  child_page = cw_children_page_get_child_page (CW_CHILDREN_PAGE (page));
  g_assert_true (CW_IS_CHILD_PAGE (child_page));
  g_assert_cmpint (cw_child_page_get_child_id (CW_CHILD_PAGE (child_page)), ==, child_id);
  g_assert_false (cw_gui_test_is_showing (cw_gui_test_get (page, "column_view")));
  /* The sidebar stays. */
  g_assert_true (cw_gui_test_is_showing (cw_gui_test_get (fixture->view, "section_list")));

  /* Its back button asks to close; the list comes back. */
  g_signal_emit_by_name (child_page, "close-requested");
  cw_gui_test_flush ();
  g_assert_null (cw_children_page_get_child_page (CW_CHILDREN_PAGE (page)));
  wait_for_label (page, CHILD_NEW_NAME);

  /* A draft for the child. */
  draft = cw_entry_repository_create_draft (entries, child_id, CW_ENTRY_KIND_HOME_VISIT, &error);
  g_assert_no_error (error);
  cw_entry_set_text (draft, CW_ENTRY_FIELD_SUMMARY, "Visit after school");
  g_assert_true (cw_entry_repository_save_draft (entries, draft, &error));
  g_assert_no_error (error);

  /* My work, read again when shown: the draft and the child just opened. */
  my_work = open_section (fixture, CW_SECTION_MY_WORK);
  drafts_list = cw_gui_test_get (my_work, "drafts_list");
  recent_list = cw_gui_test_get (my_work, "recent_list");
  wait_for_label (drafts_list, "Home visit · Visit after school");
  wait_for_label (drafts_list, CHILD_NEW_NAME);
  wait_for_label (recent_list, CHILD_NEW_NAME);
  wait_for_label_gone (my_work, "No drafts. Everything you started has been finished.");
  /* Written today, so not late. */
  wait_for_label (my_work, "Nothing overdue. No note you started is past its recording "
                           "deadline.");

  /* Activating the draft opens the note editor on it. */
  g_signal_emit_by_name (gtk_list_box_get_row_at_index (GTK_LIST_BOX (drafts_list), 0),
                         "activate");
  entry_editor = wait_for_toplevel (CW_TYPE_ENTRY_EDITOR);
  g_assert_cmpint (cw_entry_get_id (cw_entry_editor_get_entry (CW_ENTRY_EDITOR (entry_editor))),
                   ==, cw_entry_get_id (draft));
  gtk_window_destroy (GTK_WINDOW (entry_editor));
  cw_gui_test_flush ();

  /* A recently opened child opens its page in the Children section. */
  g_signal_emit_by_name (gtk_list_box_get_row_at_index (GTK_LIST_BOX (recent_list), 0),
                         "activate");
  g_assert_true (cw_gui_test_wait_until (child_page_shown, page, CW_GUI_TEST_QUICK_MS));
  g_assert_cmpint (cw_main_view_get_section (CW_MAIN_VIEW (fixture->view)), ==,
                   CW_SECTION_CHILDREN);
  child_page = cw_children_page_get_child_page (CW_CHILDREN_PAGE (page));
  g_assert_cmpint (cw_child_page_get_child_id (CW_CHILD_PAGE (child_page)), ==, child_id);

  /* The action behind New Child Record and Ctrl+N opens the form too. */
  cw_children_page_show_list (CW_CHILDREN_PAGE (page));
  cw_gui_test_activate_action (page, "children.new-child");
  editor = wait_for_toplevel (CW_TYPE_CHILD_EDITOR);
  gtk_window_destroy (GTK_WINDOW (editor));
  cw_gui_test_flush ();
}

int
main (int    argc,
      char **argv)
{
  cw_gui_test_init (&argc, &argv);
  g_assert_true (cw_secure_init ());

  /* No window manager under Xvfb: see test-gui-staff.c. */
  g_object_set (gtk_settings_get_default (),
                "gtk-cursor-blink", FALSE,
                "gtk-enable-animations", FALSE,
                NULL);

  g_test_add_func ("/gui/children/parse-date", test_parse_date);
  g_test_add ("/gui/children/create-search-open-my-work", Fixture, NULL,
              fixture_set_up, test_children_and_my_work, fixture_tear_down);

  return g_test_run ();
}
