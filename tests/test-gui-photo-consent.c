/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "core/cw-child.h"
#include "core/cw-photo-consent.h"
#include "core/cw-session.h"
#include "gui/cw-photo-check-dialog.h"
#include "gui/cw-photo-consent-editor.h"
#include "gui/cw-photo-consent-page.h"
#include "gui/cw-register-ui.h"
#include "cw-gui-test-util.h"
#include "cw-register-test-util.h"
#include "cw-test-util.h"

/*
 * The photo consent page through its real widgets, on a real SQLCipher
 * file (the register fixture: pat keeps ALPHA, born 15 June 2010; dee is
 * the DSL): recording consent in the form, the check "may I use an image
 * of this child for this purpose today?" with every reason shown,
 * withdrawal, the DSL's "Withdrawn" and "Reviews due" lists and counts,
 * and a form that explains what is wrong and keeps what was typed.
 */

#define FORM_REFERENCE "PC-2026-014"
#define RETENTION      "Until the child leaves the service"
#define ACTION_TAKEN   "Photographs taken down from the website the same day"

/* Helpers ----------------------------------------------------------------- */

typedef struct
{
  GtkWidget *window;
  GtkWidget *page;
} Shown;

static Shown
show_page (CwSession *session)
{
  Shown shown;

  shown.page = cw_photo_consent_page_new (session);
  shown.window = cw_gui_test_show_in_window (shown.page);
  return shown;
}

static guint
list_n_items (GtkWidget *page)
{
  return cw_gui_test_list_n_items (cw_gui_test_get (page, "consent_list"));
}

static CwPhotoConsent *
list_item (GtkWidget *page,
           guint      position)
{
  GtkWidget *list = cw_gui_test_get (page, "consent_list");
  GtkSelectionModel *model = gtk_list_view_get_model (GTK_LIST_VIEW (list));

  return g_list_model_get_item (G_LIST_MODEL (model), position);
}

/* Selects a row the way a click on it does. */
static void
select_row (GtkWidget *page,
            guint      position)
{
  cw_gui_test_select_row (cw_gui_test_get (page, "consent_list"), position);
}

static char *
date_text (int days_from_today)
{
  GDate date;

  cw_gui_test_days_from_today (&date, days_from_today);
  return cw_date_format_short (&date);
}

static void
count_changed_cb (GtkWidget *page,
                  guint     *count)
{
  (*count)++;
}

/* Asks the check dialog about @purpose and returns the answer shown. */
static const char *
check_purpose (GtkWidget      *dialog,
               CwPhotoPurpose  purpose)
{
  GtkWidget *verdict = cw_gui_test_get (dialog, "verdict_label");

  cw_gui_test_set_combo (dialog, "purpose_row", purpose);
  g_assert_false (cw_gui_test_is_showing (cw_gui_test_get (dialog, "result_box")));
  cw_gui_test_click (cw_gui_test_get (dialog, "check_button"));
  cw_gui_test_wait_for_showing (verdict, CW_GUI_TEST_QUICK_MS);
  g_assert_false (cw_gui_test_is_showing (cw_gui_test_get (dialog, "error_label")));

  return gtk_label_get_text (GTK_LABEL (verdict));
}

/* The reasons shown, one label each. */
static GPtrArray *
reasons_shown (GtkWidget *dialog)
{
  GtkWidget *box = cw_gui_test_get (dialog, "reasons_box");
  GPtrArray *reasons = g_ptr_array_new_with_free_func (g_free);

  for (GtkWidget *row = gtk_widget_get_first_child (box);
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *label = cw_gui_test_get (row, "reason_label");

      if (cw_gui_test_is_showing (label))
        g_ptr_array_add (reasons, g_strdup (gtk_label_get_text (GTK_LABEL (label))));
    }

  return reasons;
}

static gboolean
has_reason (GPtrArray      *reasons,
            CwPhotoReasons  reason)
{
  const char *sentence = cw_photo_reason_get_sentence (reason);

  for (guint i = 0; i < reasons->len; i++)
    if (g_strcmp0 (g_ptr_array_index (reasons, i), sentence) == 0)
      return TRUE;

  return FALSE;
}

static gboolean
withdrawal_shown (gpointer user_data)
{
  GtkWidget *label = cw_gui_test_find (user_data, "detail_withdrawal");

  return label != NULL && cw_gui_test_is_showing (label) &&
         strstr (gtk_label_get_text (GTK_LABEL (label)), "Withdrawn on") != NULL;
}

/* The first badge of the first row in the list. */
static const char *
first_row_badge (GtkWidget *page)
{
  GtkWidget *list = cw_gui_test_get (page, "consent_list");
  GtkWidget *badges = cw_gui_test_get (list, "row_badges");
  GtkWidget *badge = gtk_widget_get_first_child (badges);

  g_assert_nonnull (badge);
  return gtk_label_get_text (GTK_LABEL (badge));
}

/* ALPHA's age in whole years today (born 15 June 2010). */
static int
alpha_age_today (void)
{
  GDate today;
  int age;

  cw_date_today (&today);
  age = g_date_get_year (&today) - 2010;
  if (g_date_get_month (&today) < G_DATE_JUNE ||
      (g_date_get_month (&today) == G_DATE_JUNE && g_date_get_day (&today) < 15))
    age--;

  return age;
}

/* A consent for ALPHA in writing from a parent, with the child's
 * agreement: website granted. */
static gint64
record_by_core (CwSession *session,
                int        given_days,
                int        review_days,
                gboolean   promotional)
{
  g_autoptr(CwPhotoConsentRegister) consents = cw_photo_consent_register_new (session);
  g_autoptr(CwPhotoConsent) consent = cw_photo_consent_new ();
  g_autoptr(CwPhotoConsent) stored = NULL;
  g_autoptr(GError) error = NULL;
  GDate given, review;

  cw_date_today (&given);
  g_date_subtract_days (&given, (guint) given_days);
  cw_date_today (&review);
  if (review_days >= 0)
    g_date_add_days (&review, (guint) review_days);
  else
    g_date_subtract_days (&review, (guint) -review_days);

  cw_photo_consent_set_child_id (consent, child_alpha);
  cw_photo_consent_set_consenter_name (consent, DISTINCTIVE_FAMILY);
  cw_photo_consent_set_relationship (consent, CW_PHOTO_BY_PARENT_CARER);
  cw_photo_consent_set_written_consent (consent, TRUE);
  cw_photo_consent_set_form_reference (consent, FORM_REFERENCE);
  cw_photo_consent_set_child_agreement (consent, CW_PHOTO_CHILD_AGREED);
  cw_photo_consent_set_permission (consent, CW_PHOTO_PURPOSE_WEBSITE, CW_PHOTO_GRANTED);
  if (promotional)
    cw_photo_consent_set_permission (consent, CW_PHOTO_PURPOSE_PROMOTIONAL, CW_PHOTO_GRANTED);
  cw_photo_consent_set_date_given (consent, &given);
  cw_photo_consent_set_review_date (consent, &review);
  stored = cw_photo_consent_register_record (consents, consent, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);

  return cw_photo_consent_get_id (stored);
}

/* Tests ------------------------------------------------------------------- */

static void
test_record_check_withdraw (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(CwPhotoConsentRegister) consents = NULL;
  g_autoptr(CwPhotoConsent) row = NULL;
  g_autoptr(CwPhotoConsent) stored = NULL;
  g_autoptr(GPtrArray) reasons = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *today = date_text (0);
  g_autofree char *next_year = date_text (365);
  g_autofree char *audit_allowed = NULL;
  g_autofree char *audit_withdrawn = NULL;
  g_autofree char *aged = NULL;
  int alpha_age;
  GtkWidget *editor, *dialog, *withdraw;
  CwSession *session;
  guint changed = 0;
  gint64 consent_id;
  Shown shown;
  GDate on;

  /* Pat records consent for ALPHA in the form. */
  session = sign_in (fixture, "pat");
  shown = show_page (session);
  g_signal_connect (shown.page, "changed", G_CALLBACK (count_changed_cb), &changed);
  g_assert_cmpuint (list_n_items (shown.page), ==, 0);

  cw_gui_test_click (cw_gui_test_get (shown.page, "record_button"));
  editor = cw_gui_test_wait_for_window (CW_TYPE_PHOTO_CONSENT_EDITOR, NULL, CW_GUI_TEST_QUICK_MS);
  cw_gui_test_choose_child (editor, CHILD_GIVEN);
  /* ALPHA, born 15 June 2010: 13 to 16, a parent or carer and the child;
   * 17 and over, the child. */
  alpha_age = alpha_age_today ();
  aged = g_strdup_printf ("Aged %d:", alpha_age);
  g_assert_nonnull (strstr (cw_gui_test_label_text (editor, "age_rule_label"), aged));
  g_assert_nonnull (strstr (cw_gui_test_label_text (editor, "age_rule_label"),
                            alpha_age < 17 ? "the child must agree too"
                                           : "the child consents themselves"));
  cw_gui_test_set_text (cw_gui_test_get (editor, "consenter_row"), DISTINCTIVE_FAMILY);
  cw_gui_test_set_combo (editor, "relationship_row", CW_PHOTO_BY_PARENT_CARER);
  gtk_switch_set_active (GTK_SWITCH (cw_gui_test_get (editor, "written_switch")), TRUE);
  cw_gui_test_set_text (cw_gui_test_get (editor, "form_reference_row"), FORM_REFERENCE);
  cw_gui_test_set_combo (editor, "agreement_row", CW_PHOTO_CHILD_AGREED);
  cw_gui_test_set_text (cw_gui_test_get (editor, "agreed_on_row"), today);
  cw_gui_test_set_combo (editor, "purpose_case-record", CW_PHOTO_GRANTED);
  cw_gui_test_set_combo (editor, "purpose_website", CW_PHOTO_GRANTED);
  cw_gui_test_set_combo (editor, "purpose_social-media", CW_PHOTO_REFUSED);
  cw_gui_test_set_combo (editor, "naming_row", CW_PHOTO_NAMING_FIRST_NAME);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cw_gui_test_get (editor,
                                                                         "date_given_row"))),
                   ==, today);
  cw_gui_test_set_text (cw_gui_test_get (editor, "review_date_row"), next_year);
  cw_gui_test_set_text (cw_gui_test_get (editor, "retention_row"), RETENTION);
  cw_gui_test_screenshot (editor, "photo-consent-editor");
  cw_gui_test_click (cw_gui_test_get (editor, "save_button"));
  cw_gui_test_wait_for_window_gone (CW_TYPE_PHOTO_CONSENT_EDITOR, NULL, CW_GUI_TEST_QUICK_MS);

  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (list_n_items (shown.page), ==, 1);
  row = list_item (shown.page, 0);
  consent_id = cw_photo_consent_get_id (row);
  g_assert_cmpint (cw_photo_consent_get_child_id (row), ==, child_alpha);
  g_assert_cmpint (cw_photo_consent_get_permission (row, CW_PHOTO_PURPOSE_WEBSITE), ==,
                   CW_PHOTO_GRANTED);
  g_assert_cmpint (cw_photo_consent_get_permission (row, CW_PHOTO_PURPOSE_SOCIAL_MEDIA), ==,
                   CW_PHOTO_REFUSED);
  g_assert_cmpint (cw_photo_consent_get_permission (row, CW_PHOTO_PURPOSE_PRESS), ==,
                   CW_PHOTO_NOT_ASKED);
  g_assert_cmpstr (cw_photo_consent_get_form_reference (row), ==, FORM_REFERENCE);
  g_assert_cmpint (cw_photo_consent_get_naming (row), ==, CW_PHOTO_NAMING_FIRST_NAME);
  g_assert_cmpstr (cw_photo_consent_get_retention (row), ==, RETENTION);

  /* The check: website today is allowed, social media is not. */
  cw_gui_test_click (cw_gui_test_get (shown.page, "page_check_button"));
  dialog = cw_gui_test_wait_for_window (CW_TYPE_PHOTO_CHECK_DIALOG, NULL, CW_GUI_TEST_QUICK_MS);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cw_gui_test_get (dialog, "date_row"))),
                   ==, today);
  cw_gui_test_choose_child (dialog, CHILD_GIVEN);
  g_assert_cmpstr (check_purpose (dialog, CW_PHOTO_PURPOSE_WEBSITE), ==, "Allowed");
  reasons = reasons_shown (dialog);
  g_assert_cmpuint (reasons->len, ==, 0);
  g_clear_pointer (&reasons, g_ptr_array_unref);
  g_assert_nonnull (strstr (cw_gui_test_label_text (dialog, "naming_label"), "First name only"));
  cw_gui_test_screenshot (dialog, "photo-check-allowed");

  g_assert_cmpstr (check_purpose (dialog, CW_PHOTO_PURPOSE_SOCIAL_MEDIA), ==, "Not allowed");
  reasons = reasons_shown (dialog);
  g_assert_cmpuint (reasons->len, ==, 1);
  g_assert_true (has_reason (reasons, CW_PHOTO_REASON_PURPOSE_REFUSED));
  g_clear_pointer (&reasons, g_ptr_array_unref);
  cw_gui_test_screenshot (dialog, "photo-check-refused");
  gtk_window_destroy (GTK_WINDOW (dialog));
  cw_gui_test_flush ();

  /* Pat records that consent was withdrawn. */
  select_row (shown.page, 0);
  withdraw = cw_gui_test_get (shown.page, "withdraw_button");
  cw_gui_test_wait_for_showing (withdraw, CW_GUI_TEST_QUICK_MS);
  g_assert_cmpstr (cw_gui_test_label_text (shown.page, "detail_withdrawal"), ==, "Not withdrawn");
  cw_gui_test_click (withdraw);
  dialog = cw_gui_test_wait_for_window (ADW_TYPE_MESSAGE_DIALOG, "withdraw_dialog",
                                        CW_GUI_TEST_QUICK_MS);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cw_gui_test_get (dialog,
                                                                         "withdrawn_on_entry"))),
                   ==, today);
  cw_gui_test_set_text (cw_gui_test_get (dialog, "withdrawn_by_entry"), DISTINCTIVE_FAMILY);
  cw_gui_test_set_text (cw_gui_test_get (dialog, "withdrawal_action_entry"), ACTION_TAKEN);
  cw_gui_test_click (cw_gui_test_find_button (dialog, "_Record Withdrawal"));
  g_assert_true (cw_gui_test_wait_until (withdrawal_shown, shown.page, CW_GUI_TEST_QUICK_MS));
  g_assert_nonnull (strstr (cw_gui_test_label_text (shown.page, "detail_withdrawal"),
                            DISTINCTIVE_FAMILY));
  g_assert_nonnull (strstr (cw_gui_test_label_text (shown.page, "detail_withdrawal"),
                            ACTION_TAKEN));
  g_assert_false (cw_gui_test_is_showing (withdraw));
  /* A practitioner does not give the manager's consent. */
  g_assert_false (cw_gui_test_is_showing (cw_gui_test_get (shown.page, "manager_button")));
  g_assert_cmpuint (changed, ==, 2);
  g_assert_cmpstr (first_row_badge (shown.page), ==, "Withdrawn");

  /* The check for this child, from the record: website is no longer allowed. */
  cw_gui_test_click (cw_gui_test_get (shown.page, "check_use_button"));
  dialog = cw_gui_test_wait_for_window (CW_TYPE_PHOTO_CHECK_DIALOG, NULL, CW_GUI_TEST_QUICK_MS);
  g_assert_cmpint (cw_child_chooser_get_child_id (CW_CHILD_CHOOSER (cw_gui_test_get (
                     dialog, "child_chooser"))), ==, child_alpha);
  g_assert_cmpstr (check_purpose (dialog, CW_PHOTO_PURPOSE_WEBSITE), ==, "Not allowed");
  reasons = reasons_shown (dialog);
  g_assert_true (has_reason (reasons, CW_PHOTO_REASON_WITHDRAWN));
  g_assert_false (has_reason (reasons, CW_PHOTO_REASON_PURPOSE_REFUSED));
  cw_gui_test_screenshot (dialog, "photo-check-withdrawn");
  gtk_window_destroy (GTK_WINDOW (dialog));
  cw_gui_test_flush ();

  /* What is stored, and what the audit log says (never the names). */
  consents = cw_photo_consent_register_new (session);
  stored = cw_photo_consent_register_load (consents, consent_id, 0, &error);
  g_assert_no_error (error);
  cw_date_today (&on);
  g_assert_true (g_date_valid (cw_photo_consent_get_withdrawn_on (stored)));
  g_assert_cmpint (g_date_compare (cw_photo_consent_get_withdrawn_on (stored), &on), ==, 0);
  g_assert_cmpstr (cw_photo_consent_get_withdrawn_by (stored), ==, DISTINCTIVE_FAMILY);
  g_assert_cmpstr (cw_photo_consent_get_withdrawal_action (stored), ==, ACTION_TAKEN);
  g_assert_cmpint (cw_photo_consent_get_version (stored), ==, 2);
  audit_allowed = g_strdup_printf ("photo-consent-check|child|%" G_GINT64_FORMAT "|website: "
                                   "allowed", child_alpha);
  g_assert_true (audit_has (session, "%s", audit_allowed));
  g_assert_true (audit_has (session, "photo-consent-check|child|%" G_GINT64_FORMAT
                            "|social-media: not allowed (purpose-refused)", child_alpha));
  g_assert_true (audit_has (session, "photo-consent-check|child|%" G_GINT64_FORMAT
                            "|website: not allowed (withdrawn)", child_alpha));
  audit_withdrawn = g_strdup_printf ("photo-consent-withdraw|photo-consent|%" G_GINT64_FORMAT
                                     "|", consent_id);
  g_assert_true (audit_mentions (session, audit_withdrawn));
  g_assert_false (audit_mentions (session, DISTINCTIVE_FAMILY));
  g_clear_object (&stored);
  g_clear_object (&consents);
  cw_gui_test_close_windows ();
  end_session (session);

  /* The DSL sees the withdrawal in the count and in the "Withdrawn" list. */
  session = sign_in (fixture, "dee");
  shown = show_page (session);
  g_assert_nonnull (strstr (cw_gui_test_label_text (shown.page, "counts_label"), "1 withdrawn"));
  g_assert_cmpuint (list_n_items (shown.page), ==, 1);
  cw_gui_test_click (cw_gui_test_get (shown.page, "withdrawn_toggle"));
  g_assert_cmpuint (list_n_items (shown.page), ==, 1);
  g_clear_object (&row);
  row = list_item (shown.page, 0);
  g_assert_cmpint (cw_photo_consent_get_id (row), ==, consent_id);
  g_assert_cmpstr (first_row_badge (shown.page), ==, "Withdrawn");
  select_row (shown.page, 0);
  g_assert_true (cw_gui_test_wait_until (withdrawal_shown, shown.page, CW_GUI_TEST_QUICK_MS));
  g_assert_nonnull (strstr (cw_gui_test_label_text (shown.page, "detail_withdrawal"),
                            ACTION_TAKEN));
  cw_gui_test_screenshot (shown.window, "photo-consent-page");
  cw_gui_test_close_windows ();
  end_session (session);
}

static void
test_reviews_due (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(CwPhotoConsent) row = NULL;
  CwSession *session;
  gint64 due_id, later_id;
  Shown shown;

  session = sign_in (fixture, "pat");
  /* Given 400 days ago, reviewed 10 days ago: due. Given 30 days ago,
   * reviewed in 300 days: not due. */
  due_id = record_by_core (session, 400, -10, FALSE);
  later_id = record_by_core (session, 30, 300, FALSE);
  end_session (session);

  session = sign_in (fixture, "dee");
  shown = show_page (session);
  g_assert_cmpuint (list_n_items (shown.page), ==, 2);
  g_assert_nonnull (strstr (cw_gui_test_label_text (shown.page, "counts_label"), "1 review due"));
  g_assert_nonnull (strstr (cw_gui_test_label_text (shown.page, "heading_label"), "2 consents"));

  cw_gui_test_click (cw_gui_test_get (shown.page, "reviews_due_toggle"));
  g_assert_cmpuint (list_n_items (shown.page), ==, 1);
  row = list_item (shown.page, 0);
  g_assert_cmpint (cw_photo_consent_get_id (row), ==, due_id);
  g_assert_cmpint (cw_photo_consent_get_id (row), !=, later_id);
  cw_gui_test_flush ();
  g_assert_cmpstr (first_row_badge (shown.page), ==, "Review due");
  g_assert_nonnull (strstr (cw_gui_test_label_text (shown.page, "heading_label"), "1 consent"));
  cw_gui_test_screenshot (shown.window, "photo-consent-reviews-due");

  cw_gui_test_click (cw_gui_test_get (shown.page, "reviews_due_toggle"));
  g_assert_cmpuint (list_n_items (shown.page), ==, 2);

  cw_gui_test_close_windows ();
  end_session (session);
}

static void
save_expecting_problem (GtkWidget  *editor,
                        const char *expected)
{
  GtkWidget *error_label = cw_gui_test_get (editor, "error_label");

  cw_gui_test_click (cw_gui_test_get (editor, "save_button"));
  cw_gui_test_flush ();
  /* Still open, with a sentence. */
  g_assert_true (cw_gui_test_is_showing (editor));
  g_assert_true (cw_gui_test_is_showing (error_label));
  if (strstr (gtk_label_get_text (GTK_LABEL (error_label)), expected) == NULL)
    g_error ("Expected “%s” in “%s”", expected, gtk_label_get_text (GTK_LABEL (error_label)));
}

static void
test_form_validation (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(CwPhotoConsentRegister) consents = NULL;
  g_autofree char *ten_days_ago = date_text (-10);
  g_autofree char *twenty_days_ago = date_text (-20);
  GtkWidget *editor;
  CwSession *session;
  Shown shown;
  guint changed = 0;

  session = sign_in (fixture, "pat");
  shown = show_page (session);
  g_signal_connect (shown.page, "changed", G_CALLBACK (count_changed_cb), &changed);
  cw_gui_test_click (cw_gui_test_get (shown.page, "record_button"));
  editor = cw_gui_test_wait_for_window (CW_TYPE_PHOTO_CONSENT_EDITOR, NULL, CW_GUI_TEST_QUICK_MS);

  /* No child. */
  cw_gui_test_set_text (cw_gui_test_get (editor, "consenter_row"), DISTINCTIVE_FAMILY);
  cw_gui_test_set_combo (editor, "purpose_website", CW_PHOTO_GRANTED);
  save_expecting_problem (editor, "Choose the child the consent is for.");
  g_assert_true (gtk_widget_has_css_class (cw_gui_test_get (editor, "child_row"), "error"));

  /* A date given in the future. */
  cw_gui_test_choose_child (editor, CHILD_GIVEN);
  cw_gui_test_set_text (cw_gui_test_get (editor, "date_given_row"), "01/01/2099");
  save_expecting_problem (editor, "future");
  g_assert_true (gtk_widget_has_css_class (cw_gui_test_get (editor, "date_given_row"),
                                           "error"));

  /* A review date before the date given. */
  cw_gui_test_set_text (cw_gui_test_get (editor, "date_given_row"), ten_days_ago);
  cw_gui_test_set_text (cw_gui_test_get (editor, "review_date_row"), twenty_days_ago);
  save_expecting_problem (editor, "The review date must be after the date consent was given");
  cw_gui_test_screenshot (editor, "photo-consent-editor-problem");

  /* Written consent needs its form reference. */
  cw_gui_test_set_text (cw_gui_test_get (editor, "review_date_row"), "");
  gtk_switch_set_active (GTK_SWITCH (cw_gui_test_get (editor, "written_switch")), TRUE);
  save_expecting_problem (editor, "reference of the written consent form");

  /* Nothing typed was lost, and nothing was recorded. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cw_gui_test_get (editor,
                                                                         "consenter_row"))),
                   ==, DISTINCTIVE_FAMILY);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cw_gui_test_get (editor,
                                                                         "date_given_row"))),
                   ==, ten_days_ago);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (cw_gui_test_get (
                      editor, "purpose_website"))), ==, CW_PHOTO_GRANTED);
  g_assert_cmpuint (changed, ==, 0);
  consents = cw_photo_consent_register_new (session);
  g_assert_cmpint (cw_photo_consent_register_count (consents, NULL), ==, 0);

  /* With the reference it is recorded. */
  cw_gui_test_set_text (cw_gui_test_get (editor, "form_reference_row"), FORM_REFERENCE);
  cw_gui_test_click (cw_gui_test_get (editor, "save_button"));
  cw_gui_test_wait_for_window_gone (CW_TYPE_PHOTO_CONSENT_EDITOR, NULL, CW_GUI_TEST_QUICK_MS);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpint (cw_photo_consent_register_count (consents, NULL), ==, 1);
  g_assert_cmpuint (list_n_items (shown.page), ==, 1);

  g_clear_object (&consents);
  cw_gui_test_close_windows ();
  end_session (session);
}

static gboolean
label_contains (gpointer user_data)
{
  const char **what = user_data;
  GtkWidget *label = cw_gui_test_find ((GtkWidget *) what[0], what[1]);

  return label != NULL && cw_gui_test_is_showing (label) &&
         strstr (gtk_label_get_text (GTK_LABEL (label)), what[2]) != NULL;
}

static void
wait_for_label_containing (GtkWidget  *root,
                           const char *id,
                           const char *text)
{
  const char *what[] = { (const char *) root, id, text };

  if (!cw_gui_test_wait_until (label_contains, what, CW_GUI_TEST_QUICK_MS))
    g_error ("Expected “%s” in %s", text, id);
}

/* Promotional use needs the manager: mona gives it, and the check agrees. */
static void
test_manager_consent (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) reasons = NULL;
  GtkWidget *dialog;
  CwSession *session;
  guint changed = 0;
  Shown shown;

  session = sign_in (fixture, "pat");
  record_by_core (session, 5, 300, TRUE);
  end_session (session);

  session = sign_in (fixture, "mona");
  shown = show_page (session);
  g_signal_connect (shown.page, "changed", G_CALLBACK (count_changed_cb), &changed);
  g_assert_cmpuint (list_n_items (shown.page), ==, 1);
  g_assert_cmpstr (first_row_badge (shown.page), ==, "Manager’s consent needed");
  select_row (shown.page, 0);
  cw_gui_test_wait_for_showing (cw_gui_test_get (shown.page, "manager_button"),
                                CW_GUI_TEST_QUICK_MS);
  g_assert_cmpstr (cw_gui_test_label_text (shown.page, "detail_manager"), ==, "Not given");

  /* Before: not allowed, for the want of the manager's consent. */
  cw_gui_test_click (cw_gui_test_get (shown.page, "check_use_button"));
  dialog = cw_gui_test_wait_for_window (CW_TYPE_PHOTO_CHECK_DIALOG, NULL, CW_GUI_TEST_QUICK_MS);
  g_assert_cmpstr (check_purpose (dialog, CW_PHOTO_PURPOSE_PROMOTIONAL), ==, "Not allowed");
  reasons = reasons_shown (dialog);
  g_assert_cmpuint (reasons->len, ==, 1);
  g_assert_true (has_reason (reasons, CW_PHOTO_REASON_MANAGER_CONSENT_MISSING));
  g_clear_pointer (&reasons, g_ptr_array_unref);
  gtk_window_destroy (GTK_WINDOW (dialog));
  cw_gui_test_flush ();

  cw_gui_test_click (cw_gui_test_get (shown.page, "manager_button"));
  dialog = cw_gui_test_wait_for_window (ADW_TYPE_MESSAGE_DIALOG, "manager_dialog",
                                        CW_GUI_TEST_QUICK_MS);
  cw_gui_test_click (cw_gui_test_find_button (dialog, "_Give Consent"));
  wait_for_label_containing (shown.page, "detail_manager", "Given by Mona Manager");
  g_assert_false (cw_gui_test_is_showing (cw_gui_test_get (shown.page, "manager_button")));
  g_assert_cmpuint (changed, ==, 1);

  /* After: allowed. */
  cw_gui_test_click (cw_gui_test_get (shown.page, "check_use_button"));
  dialog = cw_gui_test_wait_for_window (CW_TYPE_PHOTO_CHECK_DIALOG, NULL, CW_GUI_TEST_QUICK_MS);
  g_assert_cmpstr (check_purpose (dialog, CW_PHOTO_PURPOSE_PROMOTIONAL), ==, "Allowed");
  gtk_window_destroy (GTK_WINDOW (dialog));

  cw_gui_test_close_windows ();
  end_session (session);
}

/* A correction is a new version with its reason; the form is filled. */
static void
test_correction (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *editor;
  CwSession *session;
  guint changed = 0;
  Shown shown;

  session = sign_in (fixture, "pat");
  record_by_core (session, 5, 300, FALSE);
  shown = show_page (session);
  g_signal_connect (shown.page, "changed", G_CALLBACK (count_changed_cb), &changed);
  select_row (shown.page, 0);
  cw_gui_test_wait_for_showing (cw_gui_test_get (shown.page, "correct_button"),
                                CW_GUI_TEST_QUICK_MS);
  cw_gui_test_click (cw_gui_test_get (shown.page, "correct_button"));
  editor = cw_gui_test_wait_for_window (CW_TYPE_PHOTO_CONSENT_EDITOR, NULL, CW_GUI_TEST_QUICK_MS);

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cw_gui_test_get (editor,
                                                                         "consenter_row"))),
                   ==, DISTINCTIVE_FAMILY);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cw_gui_test_get (
                                            editor, "form_reference_row"))), ==,
                   FORM_REFERENCE);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (cw_gui_test_get (
                      editor, "purpose_website"))), ==, CW_PHOTO_GRANTED);
  g_assert_true (cw_child_chooser_get_locked (CW_CHILD_CHOOSER (cw_gui_test_get (
                    editor, "child_chooser"))));
  g_assert_false (gtk_widget_is_sensitive (cw_gui_test_get (editor, "child_chooser_button")));

  cw_gui_test_set_combo (editor, "purpose_press", CW_PHOTO_REFUSED);
  save_expecting_problem (editor, "Give the reason for the correction.");
  cw_gui_test_set_text (cw_gui_test_get (editor, "reason_row"),
                        "The mother refused press photographs on the form");
  cw_gui_test_click (cw_gui_test_get (editor, "save_button"));
  cw_gui_test_wait_for_window_gone (CW_TYPE_PHOTO_CONSENT_EDITOR, NULL, CW_GUI_TEST_QUICK_MS);

  g_assert_cmpuint (changed, ==, 1);
  wait_for_label_containing (shown.page, "detail_latest_version",
                             "The mother refused press photographs on the form");
  g_assert_nonnull (strstr (cw_gui_test_label_text (shown.page, "detail_latest_version"),
                            "Version 2"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (cw_gui_test_get (shown.page,
                                                                  "detail_purpose_press"))),
                   ==, "Refused");

  cw_gui_test_close_windows ();
  end_session (session);
}

int
main (int   argc,
      char *argv[])
{
  int result;

  cw_gui_test_init (&argc, &argv);
  register_test_use_birth_dates ();

  g_test_add ("/gui/photo-consent/record-check-withdraw", Fixture, NULL,
              fixture_set_up, test_record_check_withdraw, fixture_tear_down);
  g_test_add ("/gui/photo-consent/reviews-due", Fixture, NULL,
              fixture_set_up, test_reviews_due, fixture_tear_down);
  g_test_add ("/gui/photo-consent/form-validation", Fixture, NULL,
              fixture_set_up, test_form_validation, fixture_tear_down);
  g_test_add ("/gui/photo-consent/manager-consent", Fixture, NULL,
              fixture_set_up, test_manager_consent, fixture_tear_down);
  g_test_add ("/gui/photo-consent/correction", Fixture, NULL,
              fixture_set_up, test_correction, fixture_tear_down);

  result = g_test_run ();
  register_test_clean_up ();

  return result;
}
