/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "core/cw-contact-register.h"
#include "core/cw-gift-register.h"
#include "core/cw-photo-consent.h"
#include "core/cw-register-export.h"
#include "gui/cw-form.h"
#include "gui/cw-main-view.h"
#include "gui/cw-register-ui.h"
#include "cw-gui-test-util.h"
#include "cw-register-test-util.h"
#include "cw-test-util.h"

/*
 * What the three register pages share, driven through its widgets: dates
 * typed by hand, the filter bar per role (who may be chosen, children
 * searched, dates refused), and the CSV export behind the password.
 */

static void
test_date_parse (void)
{
  g_autoptr(GError) error = NULL;
  GDate latest, date;

  set_date (&latest, 2026, 3, 14);

  g_assert_true (cw_date_parse (" 29/02/2024 ", &latest, "The date", &date, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_date_get_day (&date), ==, 29);
  g_assert_cmpint (g_date_get_month (&date), ==, 2);
  g_assert_cmpint (g_date_get_year (&date), ==, 2024);

  g_assert_true (cw_date_parse ("1-3-2015", NULL, NULL, &date, NULL));
  g_assert_true (cw_date_parse ("14.03.2026", &latest, NULL, &date, NULL));

  g_assert_false (cw_date_parse ("29/02/2025", &latest, "The date", &date, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_cmpstr (error->message, ==, "There is no 29 February 2025: February 2025 has 28 days.");
  g_assert_false (g_date_valid (&date));
  g_clear_error (&error);

  g_assert_false (cw_date_parse ("15/03/2026", &latest, "The date of the gift", &date, &error));
  g_assert_cmpstr (error->message, ==,
                   "15 March 2026 is in the future. The date of the gift cannot be later than "
                   "today.");
  g_clear_error (&error);

  /* No latest day: a date to come is fine (a review date, a filter). */
  g_assert_true (cw_date_parse ("15/03/2030", NULL, NULL, &date, NULL));

  g_assert_false (cw_date_parse ("14/13/2025", NULL, NULL, &date, &error));
  g_assert_cmpstr (error->message, ==, "There is no month 13: the month is a number from 1 to 12.");
  g_clear_error (&error);

  g_assert_false (cw_date_parse ("14/03/25", NULL, NULL, &date, &error));
  g_assert_cmpstr (error->message, ==,
                   "Type the year in full, with four digits, for example 14/03/2015.");
  g_clear_error (&error);

  g_assert_false (cw_date_parse ("01/01/1899", NULL, NULL, &date, &error));
  g_assert_cmpstr (error->message, ==, "The year 1899 is before 1900. Check the year.");
  g_clear_error (&error);

  g_assert_false (cw_date_parse ("0/01/2020", NULL, NULL, &date, &error));
  g_clear_error (&error);
  g_assert_false (cw_date_parse ("yesterday", NULL, NULL, &date, &error));
  g_clear_error (&error);
  g_assert_false (cw_date_parse ("", NULL, NULL, &date, NULL));
  g_assert_false (cw_date_parse ("\xff\xfe/01/2020", NULL, NULL, &date, NULL));

  {
    g_autofree char *short_text = NULL;
    g_autofree char *long_text = NULL;

    set_date (&date, 2025, 3, 4);
    short_text = cw_date_format_short (&date);
    long_text = cw_date_format_long (&date);
    g_assert_cmpstr (short_text, ==, "04/03/2025");
    g_assert_cmpstr (long_text, ==, "4 March 2025");
    g_date_clear (&date, 1);
    g_clear_pointer (&short_text, g_free);
    short_text = cw_date_format_short (&date);
    g_assert_cmpstr (short_text, ==, "");
  }
}

static void
test_badge (void)
{
  GtkWidget *badge = g_object_ref_sink (cw_badge_new ("Cash", "Cash is never accepted.",
                                                      CW_BADGE_WARNING));

  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (badge)), ==, "Cash");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (badge), ==, "Cash is never accepted.");
  g_assert_true (gtk_widget_has_css_class (badge, "badge"));
  g_assert_true (gtk_widget_has_css_class (badge, "warning"));
  g_object_unref (badge);
}

/* The filter bar in a window for @session; counts its "changed". */
typedef struct
{
  GtkWidget *window;
  GtkWidget *bar;
  guint      n_changed;
} Bar;

static void
bar_changed_cb (GtkWidget *bar,
                Bar       *b)
{
  b->n_changed++;
}

static void
bar_show (Bar       *b,
          CwSession *session)
{
  b->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (b->window), 1000, 300);
  b->bar = cw_register_filter_bar_new (session, "_Undecided only");
  g_signal_connect (b->bar, "changed", G_CALLBACK (bar_changed_cb), b);
  gtk_window_set_child (GTK_WINDOW (b->window), b->bar);
  gtk_window_present (GTK_WINDOW (b->window));
  cw_gui_test_wait_for_showing (b->bar, CW_GUI_TEST_QUICK_MS);
  b->n_changed = 0;
}

static void
bar_close (Bar *b)
{
  gtk_window_destroy (GTK_WINDOW (b->window));
  cw_gui_test_flush ();
}

static guint
dropdown_n_items (GtkWidget *dropdown)
{
  return g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown)));
}

static void
test_filter_bar_people (Fixture       *fixture,
                        gconstpointer  data)
{
  CwSession *session;
  GtkWidget *person;
  Bar b = { 0 };

  /* A practitioner sees only their own rows: nobody to choose. */
  session = sign_in (fixture, "pat");
  bar_show (&b, session);
  person = cw_gui_test_get (b.bar, "filter_person");
  g_assert_false (cw_gui_test_is_showing (person));
  g_assert_cmpint (cw_register_filter_bar_get_staff_id (CW_REGISTER_FILTER_BAR (b.bar)), ==, 0);
  bar_close (&b);
  end_session (session);

  /* A line manager: anyone, themselves, their team (pat), no one else. */
  session = sign_in (fixture, "mona");
  bar_show (&b, session);
  person = cw_gui_test_get (b.bar, "filter_person");
  g_assert_true (cw_gui_test_is_showing (person));
  g_assert_cmpuint (dropdown_n_items (person), ==, 3);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (person), 2);
  g_assert_cmpint (cw_register_filter_bar_get_staff_id (CW_REGISTER_FILTER_BAR (b.bar)), ==,
                   id_of ("pat"));
  g_assert_cmpuint (b.n_changed, ==, 1);
  g_assert_true (gtk_widget_is_sensitive (cw_gui_test_get (b.bar, "filter_clear")));
  {
    g_autofree char *described = cw_register_filter_bar_describe (CW_REGISTER_FILTER_BAR (b.bar));

    g_assert_cmpstr (described, ==, "1 filter on");
  }
  cw_gui_test_click (cw_gui_test_get (b.bar, "filter_clear"));
  g_assert_cmpint (cw_register_filter_bar_get_staff_id (CW_REGISTER_FILTER_BAR (b.bar)), ==, 0);
  g_assert_cmpuint (b.n_changed, ==, 2);
  bar_close (&b);
  end_session (session);

  /* A DSL: anyone and every account (admin, mona, pat, sam, dee). */
  session = sign_in (fixture, "dee");
  bar_show (&b, session);
  person = cw_gui_test_get (b.bar, "filter_person");
  g_assert_cmpuint (dropdown_n_items (person), ==, 6);
  bar_close (&b);
  end_session (session);
}

typedef struct
{
  GtkWidget *list;
  guint      n;
} ListWait;

static gboolean
list_has_n (gpointer user_data)
{
  ListWait *wait = user_data;

  return cw_gui_test_list_n_items (wait->list) == wait->n;
}

static void
test_filter_bar_child (Fixture       *fixture,
                       gconstpointer  data)
{
  CwSession *session = sign_in (fixture, "pat");
  CwRegisterFilterBar *bar;
  GtkWidget *chooser, *button, *search, *list;
  ListWait wait;
  Bar b = { 0 };

  bar_show (&b, session);
  bar = CW_REGISTER_FILTER_BAR (b.bar);
  chooser = cw_gui_test_get (b.bar, "filter_child");
  button = cw_gui_test_get (chooser, "child_chooser_button");
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (button)), ==, "Any child");

  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  cw_gui_test_flush ();
  search = cw_gui_test_get (chooser, "child_chooser_search");
  list = cw_gui_test_get (chooser, "child_chooser_list");

  /* pat may see ALPHA (allocated) and CHARLIE (shared), not BRAVO. */
  g_assert_cmpuint (cw_gui_test_list_n_items (list), ==, 2);

  cw_gui_test_set_text (search, CHILD_FAMILY);
  wait = (ListWait) { list, 1 };
  g_assert_true (cw_gui_test_wait_until (list_has_n, &wait, CW_GUI_TEST_QUICK_MS));

  cw_gui_test_set_text (search, "Bravo");
  wait = (ListWait) { list, 0 };
  g_assert_true (cw_gui_test_wait_until (list_has_n, &wait, CW_GUI_TEST_QUICK_MS));

  cw_gui_test_set_text (search, "alpha");
  wait = (ListWait) { list, 1 };
  g_assert_true (cw_gui_test_wait_until (list_has_n, &wait, CW_GUI_TEST_QUICK_MS));
  g_signal_emit_by_name (list, "activate", 0);

  g_assert_cmpint (cw_register_filter_bar_get_child_id (bar), ==, child_alpha);
  g_assert_cmpuint (b.n_changed, ==, 1);
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (button)), ==,
                   CHILD_GIVEN " " CHILD_FAMILY);

  g_assert_false (gtk_widget_get_visible (
      GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)))));
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  cw_gui_test_flush ();
  cw_gui_test_click (cw_gui_test_get (chooser, "child_chooser_none"));
  g_assert_cmpint (cw_register_filter_bar_get_child_id (bar), ==, 0);
  g_assert_cmpuint (b.n_changed, ==, 2);

  /* Opening a register for a child the person may not see opens it for none. */
  cw_register_filter_bar_set_child (bar, child_bravo);
  g_assert_cmpint (cw_register_filter_bar_get_child_id (bar), ==, 0);
  cw_register_filter_bar_set_child (bar, child_charlie);
  g_assert_cmpint (cw_register_filter_bar_get_child_id (bar), ==, child_charlie);
  g_assert_cmpint (cw_child_chooser_get_child_id (CW_CHILD_CHOOSER (chooser)), ==,
                   child_charlie);
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (button)), ==, "Cleo Charlie");

  bar_close (&b);
  end_session (session);
}

static void
test_filter_bar_dates_and_flags (Fixture       *fixture,
                                 gconstpointer  data)
{
  CwSession *session = sign_in (fixture, "pat");
  const char *titles[] = { "Cash", "Repeated" };
  const guint values[] = { CW_GIFT_FLAG_CASH, CW_GIFT_FLAG_REPEATED };
  CwRegisterFilterBar *bar;
  GtkWidget *from, *to, *flag;
  GDate start, end, expected;
  Bar b = { 0 };

  bar_show (&b, session);
  bar = CW_REGISTER_FILTER_BAR (b.bar);
  cw_register_filter_bar_set_flags (bar, titles, values, G_N_ELEMENTS (titles));
  from = cw_gui_test_get (b.bar, "filter_from");
  to = cw_gui_test_get (b.bar, "filter_to");
  flag = cw_gui_test_get (b.bar, "filter_flag");

  /* A date that does not exist is marked, explained and not applied. */
  cw_gui_test_set_text (from, "31/02/2025");
  g_assert_true (gtk_widget_has_css_class (from, "error"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (from), ==,
                   "There is no 31 February 2025: February 2025 has 28 days.");
  g_assert_cmpuint (b.n_changed, ==, 0);
  cw_register_filter_bar_get_range (bar, &start, &end);
  g_assert_false (g_date_valid (&start));

  cw_gui_test_set_text (from, "01/02/2025");
  g_assert_false (gtk_widget_has_css_class (from, "error"));
  g_assert_cmpuint (b.n_changed, ==, 1);
  cw_gui_test_set_text (to, "28/02/2025");
  g_assert_cmpuint (b.n_changed, ==, 2);
  cw_register_filter_bar_get_range (bar, &start, &end);
  set_date (&expected, 2025, 2, 1);
  g_assert_cmpint (g_date_compare (&start, &expected), ==, 0);
  set_date (&expected, 2025, 2, 28);
  g_assert_cmpint (g_date_compare (&end, &expected), ==, 0);

  g_assert_cmpuint (dropdown_n_items (flag), ==, 3);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (flag), 2);
  g_assert_cmpuint (cw_register_filter_bar_get_flags (bar), ==, CW_GIFT_FLAG_REPEATED);
  g_assert_cmpuint (b.n_changed, ==, 3);

  cw_gui_test_click (cw_gui_test_get (b.bar, "filter_undecided"));
  g_assert_true (cw_register_filter_bar_get_undecided (bar));
  {
    g_autofree char *described = cw_register_filter_bar_describe (bar);

    g_assert_cmpstr (described, ==, "3 filters on");
  }

  cw_register_filter_bar_clear (bar);
  cw_register_filter_bar_get_range (bar, &start, &end);
  g_assert_false (g_date_valid (&start));
  g_assert_false (g_date_valid (&end));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (from)), ==, "");
  g_assert_cmpuint (cw_register_filter_bar_get_flags (bar), ==, 0);
  g_assert_false (cw_register_filter_bar_get_undecided (bar));
  g_assert_false (gtk_widget_is_sensitive (cw_gui_test_get (b.bar, "filter_clear")));

  bar_close (&b);
  end_session (session);
}

/* Export */

typedef struct
{
  gboolean  done;
  gboolean  ok;
  guint64   n_rows;
  GError   *error;
} ExportWait;

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ExportWait *wait = user_data;

  wait->ok = cw_register_export_to_file_finish (result, &wait->n_rows, &wait->error);
  wait->done = TRUE;
}

static gboolean
export_done (gpointer user_data)
{
  return ((ExportWait *) user_data)->done;
}

static void
declare_gift (CwSession  *session,
              const char *description,
              gint64      pence)
{
  g_autoptr(CwGiftRegister) gifts = cw_gift_register_new (session);
  g_autoptr(CwGiftDeclaration) gift = cw_gift_declaration_new ();
  g_autoptr(CwGiftDeclaration) stored = NULL;
  g_autoptr(GError) error = NULL;
  GDate date;

  set_date (&date, 2026, 1, 10);
  cw_gift_declaration_set_date (gift, &date);
  cw_gift_declaration_set_direction (gift, CW_GIFT_RECEIVED);
  cw_gift_declaration_set_child_id (gift, child_alpha);
  cw_gift_declaration_set_description (gift, description);
  cw_gift_declaration_set_value_pence (gift, pence);
  cw_gift_declaration_set_occasion (gift, "Birthday");
  stored = cw_gift_register_declare (gifts, gift, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
}

/* Completed exports of the gift register in the audit log. */
static guint
count_audit_exports (CwSession *session)
{
  g_autoptr(GPtrArray) rows = audit_rows (session);
  guint n = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      const char *row = g_ptr_array_index (rows, i);

      if (g_str_has_prefix (row, "export|gift-register|") && strstr (row, "incomplete") == NULL)
        n++;
    }
  return n;
}

static void
test_export (Fixture       *fixture,
             gconstpointer  data)
{
  CwSession *session = sign_in (fixture, "pat");
  g_autoptr(CwGiftRegister) gifts = cw_gift_register_new (session);
  g_autofree char *path = g_build_filename (fixture->dir, "gifts.csv", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "no-such-folder", "gifts.csv",
                                               NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) unwritable = g_file_new_for_path (missing);
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  ExportWait wait = { 0 };
  CwGiftFilter filter;
  GtkWidget *window;

  declare_gift (session, DISTINCTIVE_TEXT, 1500);

  window = gtk_window_new ();
  gtk_window_present (GTK_WINDOW (window));
  cw_gui_test_flush ();

  cw_gift_filter_init (&filter);
  cw_register_export_to_file_async (window, session, gifts,
                                    (CwRegisterExportFunc) cw_register_export_gifts,
                                    &filter, sizeof filter, file, NULL, export_done_cb, &wait);
  /* The caller's filter may change at once: the export has its own copy. */
  filter.child_id = child_bravo;
  cw_gui_test_step_up (STAFF_PASSWORD, "_Export");
  g_assert_true (cw_gui_test_wait_until (export_done, &wait, CW_GUI_TEST_SLOW_MS));
  g_assert_no_error (wait.error);
  g_assert_true (wait.ok);
  g_assert_cmpuint (wait.n_rows, ==, 1);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  rows = parse_csv (contents);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_nonnull (strstr (contents, DISTINCTIVE_TEXT));
  g_assert_cmpuint (count_audit_exports (session), ==, 1);

  /* A folder that is not there: a sentence, and no file. */
  wait = (ExportWait) { 0 };
  cw_gift_filter_init (&filter);
  cw_register_export_to_file_async (window, session, gifts,
                                    (CwRegisterExportFunc) cw_register_export_gifts,
                                    &filter, sizeof filter, unwritable, NULL, export_done_cb,
                                    &wait);
  cw_gui_test_step_up (STAFF_PASSWORD, "_Export");
  g_assert_true (cw_gui_test_wait_until (export_done, &wait, CW_GUI_TEST_SLOW_MS));
  g_assert_false (wait.ok);
  g_assert_nonnull (wait.error);
  g_assert_true (g_str_has_prefix (wait.error->message, "The file could not be written"));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_clear_error (&wait.error);

  /* Cancelling the password: nothing written, nothing audited as exported. */
  {
    g_autofree char *second = g_build_filename (fixture->dir, "second.csv", NULL);
    g_autoptr(GFile) second_file = g_file_new_for_path (second);
    GtkWidget *dialog;

    wait = (ExportWait) { 0 };
    cw_register_export_to_file_async (window, session, gifts,
                                      (CwRegisterExportFunc) cw_register_export_gifts,
                                      &filter, sizeof filter, second_file, NULL,
                                      export_done_cb, &wait);
    dialog = cw_gui_test_wait_for_window (g_type_from_name ("CwPasswordDialog"), NULL,
                                          CW_GUI_TEST_QUICK_MS);
    gtk_window_close (GTK_WINDOW (dialog));
    g_assert_true (cw_gui_test_wait_until (export_done, &wait, CW_GUI_TEST_QUICK_MS));
    g_assert_false (wait.ok);
    g_assert_error (wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_false (g_file_test (second, G_FILE_TEST_EXISTS));
    g_assert_cmpuint (count_audit_exports (session), ==, 1);
    g_clear_error (&wait.error);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  cw_gui_test_flush ();
  end_session (session);
}

/* The sidebar counts what waits for the signed-in person. */

static void
record_contact (CwSession *session)
{
  g_autoptr(CwContactRegister) contacts = cw_contact_register_new (session);
  g_autoptr(CwContactRecord) record = cw_contact_record_new ();
  g_autoptr(CwContactRecord) stored = NULL;
  g_autoptr(GError) error = NULL;
  GDate date;

  set_date (&date, 2026, 1, 12);
  cw_contact_record_set_date (record, &date);
  cw_contact_record_set_time (record, 11, 0);
  cw_contact_record_set_child_id (record, child_alpha);
  cw_contact_record_set_other_party_kind (record, CW_CONTACT_PARTY_PARENT_CARER);
  cw_contact_record_set_other_party_name (record, DISTINCTIVE_FAMILY);
  cw_contact_record_set_channel (record, CW_CONTACT_CHANNEL_PHONE_CALL);
  cw_contact_record_set_device (record, CW_CONTACT_DEVICE_WORK);
  cw_contact_record_set_initiator (record, CW_CONTACT_STARTED_BY_PARENT);
  cw_contact_record_set_purpose (record, CW_CONTACT_PURPOSE_WORK);
  cw_contact_record_set_summary (record, "Arranged the review meeting.");
  stored = cw_contact_register_record (contacts, record, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
}

static void
record_consent_due (CwSession *session)
{
  g_autoptr(CwPhotoConsentRegister) consents = cw_photo_consent_register_new (session);
  g_autoptr(CwPhotoConsent) consent = cw_photo_consent_new ();
  g_autoptr(CwPhotoConsent) stored = NULL;
  g_autoptr(GError) error = NULL;
  GDate given, review;

  set_date (&given, 2025, 1, 6);
  cw_date_today (&review);
  cw_photo_consent_set_child_id (consent, child_alpha);
  cw_photo_consent_set_consenter_name (consent, DISTINCTIVE_FAMILY);
  cw_photo_consent_set_relationship (consent, CW_PHOTO_BY_PARENT_CARER);
  cw_photo_consent_set_written_consent (consent, TRUE);
  cw_photo_consent_set_form_reference (consent, "PC-7");
  cw_photo_consent_set_permission (consent, CW_PHOTO_PURPOSE_CASE_RECORD, CW_PHOTO_GRANTED);
  cw_photo_consent_set_naming (consent, CW_PHOTO_NAMING_NO_NAME);
  cw_photo_consent_set_date_given (consent, &given);
  cw_photo_consent_set_review_date (consent, &review);
  cw_photo_consent_set_retention (consent, "Until the case closes");
  stored = cw_photo_consent_register_record (consents, consent, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
}

static const char *
badge_text (GtkWidget  *view,
            const char *name)
{
  GtkWidget *badge = cw_gui_test_get (view, name);

  return gtk_widget_get_visible (badge) ? gtk_label_get_text (GTK_LABEL (badge)) : "";
}

static void
test_sidebar_counts (Fixture       *fixture,
                     gconstpointer  data)
{
  CwSession *session = sign_in (fixture, "pat");
  GtkWidget *window, *view;

  declare_gift (session, "Theatre tickets", 4000);  /* over the £25 threshold */
  declare_gift (session, "Card", 0);
  record_contact (session);
  record_consent_due (session);

  /* pat decides and reviews nothing: no counts. */
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  view = cw_main_view_new (session);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  cw_gui_test_wait_for_showing (view, CW_GUI_TEST_QUICK_MS);
  g_assert_cmpstr (badge_text (view, "gifts_badge"), ==, "");
  g_assert_cmpstr (badge_text (view, "contacts_badge"), ==, "");
  g_assert_cmpstr (badge_text (view, "photo_consent_badge"), ==, "");
  gtk_window_destroy (GTK_WINDOW (window));
  cw_gui_test_flush ();
  end_session (session);

  /* mona, pat's line manager: two gifts to decide, one contact to review,
   * one consent due for review today. */
  session = sign_in (fixture, "mona");
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  view = cw_main_view_new (session);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  cw_gui_test_wait_for_showing (view, CW_GUI_TEST_QUICK_MS);
  g_assert_cmpstr (badge_text (view, "gifts_badge"), ==, "2");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (cw_gui_test_get (view, "gifts_badge")), ==,
                   "Gifts and hospitality waiting for your decision");
  g_assert_cmpstr (badge_text (view, "contacts_badge"), ==, "1");
  g_assert_cmpstr (badge_text (view, "photo_consent_badge"), ==, "1");

  /* A decision made elsewhere shows when the page says it changed. */
  {
    g_autoptr(CwGiftRegister) gifts = cw_gift_register_new (session);
    g_autoptr(GListModel) list = cw_gift_register_list (gifts, NULL);
    g_autoptr(CwGiftDeclaration) first = g_list_model_get_item (list, 0);
    g_autoptr(GError) error = NULL;
    GtkWidget *stack = cw_gui_test_get (view, "content_stack");

    g_assert_true (cw_gift_register_decide (gifts, cw_gift_declaration_get_id (first),
                                            CW_GIFT_ACCEPTED, "Shared with the team.",
                                            &error));
    g_assert_no_error (error);
    g_signal_emit_by_name (gtk_stack_get_child_by_name (GTK_STACK (stack), "gifts"), "changed");
    g_assert_cmpstr (badge_text (view, "gifts_badge"), ==, "1");
  }

  gtk_window_destroy (GTK_WINDOW (window));
  cw_gui_test_flush ();
  end_session (session);
}

/* Times typed in the forms (cw-form.h): both the contact editor's and the
 * case-note editor's ways of writing them. */
static void
test_form_parse_time (void)
{
  static const struct { const char *text; int hour, minute; } good[] = {
    { "21:30", 21, 30 }, { " 9.05 ", 9, 5 }, { "00:00", 0, 0 }, { "1405", 14, 5 },
    { "930", 9, 30 }, { "23:59", 23, 59 },
  };
  static const char *const bad[] = { "", "half nine", "24:00", "12:60", "9:5", "123:00", "1:2:3" };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      int hour = -1, minute = -1;

      g_assert_true (cw_form_parse_time (good[i].text, &hour, &minute, &error));
      g_assert_no_error (error);
      g_assert_cmpint (hour, ==, good[i].hour);
      g_assert_cmpint (minute, ==, good[i].minute);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      int hour = -1, minute = -1;

      g_assert_false (cw_form_parse_time (bad[i], &hour, &minute, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_cmpint (hour, ==, -1);
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  cw_gui_test_init (&argc, &argv);

  g_test_add_func ("/register-ui/date/parse", test_date_parse);
  g_test_add_func ("/register-ui/badge", test_badge);
  g_test_add_func ("/register-ui/form/parse-time", test_form_parse_time);
  g_test_add ("/register-ui/filter-bar/people", Fixture, NULL,
              fixture_set_up, test_filter_bar_people, fixture_tear_down);
  g_test_add ("/register-ui/filter-bar/child", Fixture, NULL,
              fixture_set_up, test_filter_bar_child, fixture_tear_down);
  g_test_add ("/register-ui/filter-bar/dates-and-flags", Fixture, NULL,
              fixture_set_up, test_filter_bar_dates_and_flags, fixture_tear_down);
  g_test_add ("/register-ui/export", Fixture, NULL,
              fixture_set_up, test_export, fixture_tear_down);
  g_test_add ("/register-ui/sidebar-counts", Fixture, NULL,
              fixture_set_up, test_sidebar_counts, fixture_tear_down);

  status = g_test_run ();
  register_test_clean_up ();
  return status;
}
