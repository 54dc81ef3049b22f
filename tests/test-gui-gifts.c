/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "core/cw-gift-register.h"
#include "core/cw-register-export.h"
#include "core/cw-session.h"
#include "gui/cw-gift-editor.h"
#include "gui/cw-gifts-page.h"
#include "gui/cw-register-ui.h"
#include "cw-gui-test-util.h"
#include "cw-register-test-util.h"
#include "cw-test-util.h"

/*
 * The Gifts and Hospitality page through its real widgets, on a real
 * SQLCipher database (the register fixture: pat is a practitioner whose
 * line manager is mona; ALPHA is pat's child). Pat declares through the
 * editor, mona decides through the page, pat sees the decision; the form
 * keeps what was typed on an error; the flag filter narrows the list; the
 * export writes the list's rows.
 */

#define DECISION_REASON "Too generous: returned to the family with thanks"

static GtkWidget *window;

/* Helpers ----------------------------------------------------------------- */

static GtkWidget *
show_page (CwSession *session)
{
  GtkWidget *page = cw_gifts_page_new (session);

  window = cw_gui_test_show_in_window (page);
  return page;
}

static guint
list_n_items (GtkWidget *page)
{
  return cw_gui_test_list_n_items (cw_gui_test_get (page, "gift_list"));
}

static gboolean
list_has_one (gpointer user_data)
{
  return list_n_items (user_data) == 1;
}

/* Selects the first row of the list the way a click on it does. */
static void
select_first (GtkWidget *page)
{
  cw_gui_test_select_row (cw_gui_test_get (page, "gift_list"), 0);
  cw_gui_test_wait_for_showing (cw_gui_test_get (page, "detail_title"), CW_GUI_TEST_QUICK_MS);
}

static char *
day_text (int offset_days)
{
  GDate date;

  cw_gui_test_days_from_today (&date, offset_days);
  return g_strdup_printf ("%02u/%02u/%04u", (guint) g_date_get_day (&date),
                          (guint) g_date_get_month (&date), (guint) g_date_get_year (&date));
}

static GtkWidget *
open_editor (GtkWidget *page)
{
  cw_gui_test_click (cw_gui_test_get (page, "declare_button"));
  return cw_gui_test_wait_for_window (CW_TYPE_GIFT_EDITOR, NULL, CW_GUI_TEST_QUICK_MS);
}

static gint64
declare_in_core (CwSession  *session,
                 const char *description,
                 gint64      pence,
                 gboolean    cash)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwGiftRegister) gifts = cw_gift_register_new (session);
  g_autoptr(CwGiftDeclaration) gift = cw_gift_declaration_new ();
  g_autoptr(CwGiftDeclaration) stored = NULL;
  GDate date;

  cw_date_today (&date);
  g_date_subtract_days (&date, 3);
  cw_gift_declaration_set_date (gift, &date);
  cw_gift_declaration_set_direction (gift, CW_GIFT_RECEIVED);
  cw_gift_declaration_set_family_member_name (gift, DISTINCTIVE_FAMILY);
  cw_gift_declaration_set_family_member_relationship (gift, "Grandmother");
  cw_gift_declaration_set_description (gift, description);
  cw_gift_declaration_set_value_pence (gift, pence);
  cw_gift_declaration_set_cash (gift, cash);
  stored = cw_gift_register_declare (gifts, gift, &error);
  g_assert_no_error (error);

  return cw_gift_declaration_get_id (stored);
}

/* Tests ------------------------------------------------------------------- */

static void
test_declare_and_decide (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwGiftRegister) gifts = NULL;
  g_autoptr(CwGiftDeclaration) stored = NULL;
  g_autofree char *today = day_text (0);
  const char *over_explanation = cw_gift_flag_get_explanation (CW_GIFT_FLAG_OVER_THRESHOLD);
  GtkWidget *page, *editor, *list, *dialog, *record;
  CwSession *session;
  gint64 gift_id;

  /* Pat declares a gift from ALPHA's family worth £40 through the editor. */
  session = sign_in (fixture, "pat");
  page = show_page (session);
  g_assert_nonnull (strstr (cw_gui_test_label_text (page, "count_label"), "No declarations"));
  g_assert_false (cw_gui_test_is_showing (cw_gui_test_get (page, "awaiting_toggle")));

  editor = open_editor (page);
  cw_gui_test_set_text (cw_gui_test_get (editor, "date_row"), today);
  cw_gui_test_choose_child (editor, CHILD_GIVEN);
  g_assert_cmpint (cw_child_chooser_get_child_id (CW_CHILD_CHOOSER (cw_gui_test_get (
                     editor, "child_chooser"))), ==, child_alpha);
  cw_gui_test_set_text (cw_gui_test_get (editor, "family_name_row"), DISTINCTIVE_FAMILY);
  cw_gui_test_set_text (cw_gui_test_get (editor, "relationship_row"), "Mother");
  cw_gui_test_set_text (cw_gui_test_get (editor, "description_row"), DISTINCTIVE_TEXT);
  cw_gui_test_set_text (cw_gui_test_get (editor, "occasion_row"), "End of the school year");
  cw_gui_test_set_text (cw_gui_test_get (editor, "value_row"), "£40");

  /* Before saving, the editor says the gift will be flagged, and who decides. */
  g_assert_nonnull (cw_gui_test_find_label_containing (cw_gui_test_get (editor, "flags_box"),
                                           over_explanation));
  g_assert_nonnull (cw_gui_test_find_label_containing (editor, "Mona Manager"));
  g_assert_true (cw_gui_test_is_showing (cw_gui_test_get (editor, "flags_banner")));
  g_assert_nonnull (strstr (cw_gui_test_label_text (editor, "flags_banner_label"),
                            "Over the threshold"));
  g_assert_nonnull (cw_gui_test_find_label_containing (editor, "£40.00"));
  cw_gui_test_screenshot (editor, "gift-editor");

  cw_gui_test_click (cw_gui_test_get (editor, "save_button"));
  cw_gui_test_wait_for_window_gone (CW_TYPE_GIFT_EDITOR, NULL, CW_GUI_TEST_QUICK_MS);

  /* The row carries the badge; the detail explains the flag. */
  list = cw_gui_test_get (page, "gift_list");
  g_assert_cmpuint (list_n_items (page), ==, 1);
  g_assert_nonnull (strstr (cw_gui_test_label_text (page, "count_label"), "1 declaration"));
  g_assert_nonnull (cw_gui_test_find_label_containing (list, DISTINCTIVE_TEXT));
  g_assert_nonnull (cw_gui_test_find_label_containing (cw_gui_test_get (list, "row_badges"),
                                           "Over the threshold"));
  select_first (page);
  g_assert_cmpstr (cw_gui_test_label_text (page, "detail_flag_over_threshold"), ==,
                   over_explanation);
  g_assert_null (cw_gui_test_find (page, "detail_flag_cash"));
  g_assert_cmpstr (cw_gui_test_label_text (page, "detail_child"), ==,
                   CHILD_GIVEN " " CHILD_FAMILY);
  g_assert_cmpstr (cw_gui_test_label_text (page, "detail_value"), ==, "£40.00");

  /* Pat may correct her own declaration but not decide on it. */
  g_assert_true (cw_gui_test_is_showing (cw_gui_test_get (page, "correct_button")));
  g_assert_false (cw_gui_test_is_showing (cw_gui_test_get (page, "decide_button")));
  g_assert_false (cw_gui_test_is_showing (cw_gui_test_get (page, "change_decision_button")));
  cw_gui_test_screenshot (window, "gifts-page-pat");
  cw_gui_test_close_windows ();
  end_session (session);

  /* Mona sees it waiting for her. */
  session = sign_in (fixture, "mona");
  page = show_page (session);
  g_assert_nonnull (strstr (cw_gui_test_label_text (page, "count_label"),
                            "1 waiting for your decision"));
  cw_gui_test_click (cw_gui_test_get (page, "awaiting_toggle"));
  g_assert_cmpuint (list_n_items (page), ==, 1);
  g_assert_nonnull (strstr (cw_gui_test_label_text (page, "count_label"), "1 declaration"));
  select_first (page);
  g_assert_false (cw_gui_test_is_showing (cw_gui_test_get (page, "correct_button")));
  cw_gui_test_wait_for_showing (cw_gui_test_get (page, "decide_button"),
                                CW_GUI_TEST_QUICK_MS);
  cw_gui_test_screenshot (window, "gifts-page-mona");

  /* Decide "Returned" with a reason. */
  cw_gui_test_click (cw_gui_test_get (page, "decide_button"));
  dialog = cw_gui_test_wait_for_window (ADW_TYPE_MESSAGE_DIALOG, "decide_dialog",
                                        CW_GUI_TEST_QUICK_MS);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog),
                                                           "record"));
  cw_gui_test_click (cw_gui_test_get (dialog, "decision_returned"));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog),
                                                           "record"));
  cw_gui_test_set_text (cw_gui_test_get (dialog, "decision_reason_entry"), DECISION_REASON);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog),
                                                          "record"));
  record = cw_gui_test_find_button (dialog, "_Decide");
  g_assert_nonnull (record);
  cw_gui_test_click (record);
  cw_gui_test_wait_for_window_gone (ADW_TYPE_MESSAGE_DIALOG, "decide_dialog",
                                    CW_GUI_TEST_QUICK_MS);

  g_assert_nonnull (strstr (cw_gui_test_label_text (page, "detail_decision"), "Returned"));
  g_assert_nonnull (strstr (cw_gui_test_label_text (page, "detail_decision"), "Mona Manager"));
  g_assert_nonnull (strstr (cw_gui_test_label_text (page, "detail_decision_reason"),
                            DECISION_REASON));
  g_assert_nonnull (strstr (cw_gui_test_label_text (page, "count_label"),
                            "0 waiting for your decision"));
  g_assert_false (cw_gui_test_is_showing (cw_gui_test_get (page, "decide_button")));
  g_assert_true (cw_gui_test_is_showing (cw_gui_test_get (page, "change_decision_button")));

  /* What is stored. */
  gifts = cw_gift_register_new (session);
  {
    g_autoptr(GListModel) all = cw_gift_register_list (gifts, NULL);
    g_autoptr(CwGiftDeclaration) first = g_list_model_get_item (all, 0);

    g_assert_nonnull (first);
    gift_id = cw_gift_declaration_get_id (first);
  }
  stored = cw_gift_register_load (gifts, gift_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cw_gift_declaration_get_decision (stored), ==, CW_GIFT_RETURNED);
  g_assert_cmpstr (cw_gift_declaration_get_decision_reason (stored), ==, DECISION_REASON);
  g_assert_cmpint (cw_gift_declaration_get_decided_by (stored), ==, id_of ("mona"));
  g_assert_cmpint (cw_gift_declaration_get_child_id (stored), ==, child_alpha);
  g_assert_cmpint (cw_gift_declaration_get_value_pence (stored), ==, 4000);
  g_assert_cmpstr (cw_gift_declaration_get_description (stored), ==, DISTINCTIVE_TEXT);
  g_assert_cmpstr (cw_gift_declaration_get_family_member_name (stored), ==,
                   DISTINCTIVE_FAMILY);
  g_assert_true ((cw_gift_declaration_get_flags (stored) & CW_GIFT_FLAG_OVER_THRESHOLD) != 0);
  g_clear_object (&stored);
  g_clear_object (&gifts);
  cw_gui_test_close_windows ();
  end_session (session);

  /* Pat sees the decision. */
  session = sign_in (fixture, "pat");
  page = show_page (session);
  select_first (page);
  g_assert_nonnull (strstr (cw_gui_test_label_text (page, "detail_decision"), "Returned"));
  g_assert_nonnull (strstr (cw_gui_test_label_text (page, "detail_decision_reason"),
                            DECISION_REASON));
  g_assert_nonnull (cw_gui_test_find_label_containing (cw_gui_test_get (cw_gui_test_get (page,
                                                                              "gift_list"),
                                                            "row_badges"),
                                           "Returned"));
  g_assert_false (cw_gui_test_is_showing (cw_gui_test_get (page, "change_decision_button")));
  cw_gui_test_close_windows ();
  end_session (session);
}

static void
assert_form_error (GtkWidget  *editor,
                   const char *part)
{
  GtkWidget *error_label = cw_gui_test_get (editor, "error_label");

  g_assert_true (cw_gui_test_is_showing (error_label));
  if (strstr (gtk_label_get_text (GTK_LABEL (error_label)), part) == NULL)
    g_error ("Expected “%s” in the form's error, saw “%s”", part,
             gtk_label_get_text (GTK_LABEL (error_label)));
  /* The form is still open. */
  g_assert_true (cw_gui_test_find_window (CW_TYPE_GIFT_EDITOR, NULL) == editor);
}

static const char *
row_value (GtkWidget  *editor,
           const char *id)
{
  return gtk_editable_get_text (GTK_EDITABLE (cw_gui_test_get (editor, id)));
}

static void
test_form_errors (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *today = day_text (0);
  g_autofree char *tomorrow = day_text (1);
  g_autoptr(CwGiftRegister) gifts = NULL;
  GtkWidget *page, *editor, *save;
  CwSession *session;

  session = sign_in (fixture, "pat");
  gifts = cw_gift_register_new (session);
  page = show_page (session);
  editor = open_editor (page);
  save = cw_gui_test_get (editor, "save_button");

  /* No description. */
  cw_gui_test_set_text (cw_gui_test_get (editor, "date_row"), today);
  cw_gui_test_set_text (cw_gui_test_get (editor, "family_name_row"), DISTINCTIVE_FAMILY);
  cw_gui_test_set_text (cw_gui_test_get (editor, "relationship_row"), "Aunt");
  cw_gui_test_set_text (cw_gui_test_get (editor, "value_row"), "£10");
  cw_gui_test_click (save);
  assert_form_error (editor, "Describe the gift");
  g_assert_cmpstr (row_value (editor, "value_row"), ==, "£10");
  g_assert_cmpstr (row_value (editor, "family_name_row"), ==, DISTINCTIVE_FAMILY);
  g_assert_cmpstr (row_value (editor, "relationship_row"), ==, "Aunt");

  /* A date in the future. */
  cw_gui_test_set_text (cw_gui_test_get (editor, "description_row"), "A box of fudge");
  cw_gui_test_set_text (cw_gui_test_get (editor, "date_row"), tomorrow);
  cw_gui_test_click (save);
  assert_form_error (editor, "future");
  g_assert_cmpstr (row_value (editor, "description_row"), ==, "A box of fudge");
  g_assert_cmpstr (row_value (editor, "date_row"), ==, tomorrow);

  /* A value that is not money. */
  cw_gui_test_set_text (cw_gui_test_get (editor, "date_row"), today);
  cw_gui_test_set_text (cw_gui_test_get (editor, "value_row"), "abc");
  g_assert_true (cw_gui_test_is_showing (cw_gui_test_get (editor, "value_feedback_label")));
  cw_gui_test_click (save);
  assert_form_error (editor, "“abc” is not an amount of money");
  g_assert_cmpstr (row_value (editor, "value_row"), ==, "abc");
  g_assert_cmpstr (row_value (editor, "description_row"), ==, "A box of fudge");
  cw_gui_test_screenshot (editor, "gift-editor-error");

  /* Nothing was stored meanwhile. */
  g_assert_cmpint (cw_gift_register_count (gifts, NULL), ==, 0);

  /* Corrected, it is declared. */
  cw_gui_test_set_text (cw_gui_test_get (editor, "value_row"), "7.5");
  g_assert_nonnull (cw_gui_test_find_label_containing (cw_gui_test_get (editor, "flags_box"),
                                           "no flags"));
  g_assert_false (cw_gui_test_is_showing (cw_gui_test_get (editor, "flags_banner")));
  cw_gui_test_click (save);
  cw_gui_test_wait_for_window_gone (CW_TYPE_GIFT_EDITOR, NULL, CW_GUI_TEST_QUICK_MS);
  g_assert_cmpint (cw_gift_register_count (gifts, NULL), ==, 1);
  g_assert_cmpuint (list_n_items (page), ==, 1);
  select_first (page);
  g_assert_cmpstr (cw_gui_test_label_text (page, "detail_value"), ==, "£7.50");
  g_assert_nonnull (cw_gui_test_find (page, "detail_no_flags"));

  g_clear_object (&gifts);
  cw_gui_test_close_windows ();
  end_session (session);
}

static void
decide_in_core (Fixture        *fixture,
                gint64          gift_id,
                CwGiftDecision  decision)
{
  g_autoptr(GError) error = NULL;
  CwSession *session = sign_in (fixture, "mona");
  g_autoptr(CwGiftRegister) gifts = cw_gift_register_new (session);

  g_assert_true (cw_gift_register_decide (gifts, gift_id, decision, "Fine as it is", &error));
  g_assert_no_error (error);
  g_clear_object (&gifts);
  end_session (session);
}

/* Pat corrects a decided declaration (a reason is required); it waits for a
 * decision again; mona decides, then changes her decision with a reason. */
static void
test_correct_and_change_decision (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwGiftRegister) gifts = NULL;
  g_autoptr(CwGiftDeclaration) stored = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  GtkWidget *page, *editor, *save, *dialog;
  CwSession *session;
  gint64 gift_id;

  session = sign_in (fixture, "pat");
  gift_id = declare_in_core (session, "A box of fudge", 1200, FALSE);
  end_session (session);
  decide_in_core (fixture, gift_id, CW_GIFT_ACCEPTED);

  session = sign_in (fixture, "pat");
  page = show_page (session);
  select_first (page);
  g_assert_nonnull (strstr (cw_gui_test_label_text (page, "detail_decision"), "Accepted"));
  cw_gui_test_click (cw_gui_test_get (page, "correct_button"));
  editor = cw_gui_test_wait_for_window (CW_TYPE_GIFT_EDITOR, NULL, CW_GUI_TEST_QUICK_MS);
  save = cw_gui_test_get (editor, "save_button");

  /* Prefilled with what was declared. */
  g_assert_cmpstr (row_value (editor, "description_row"), ==, "A box of fudge");
  g_assert_cmpstr (row_value (editor, "value_row"), ==, "12.00");
  g_assert_cmpstr (row_value (editor, "family_name_row"), ==, DISTINCTIVE_FAMILY);
  g_assert_true (cw_gui_test_is_showing (cw_gui_test_get (editor, "reason_row")));

  cw_gui_test_click (save);
  assert_form_error (editor, "Nothing has been corrected");
  cw_gui_test_set_text (cw_gui_test_get (editor, "value_row"), "£30");
  cw_gui_test_click (save);
  assert_form_error (editor, "reason for the correction");
  g_assert_cmpstr (row_value (editor, "value_row"), ==, "£30");
  cw_gui_test_set_text (cw_gui_test_get (editor, "reason_row"), "The receipt showed £30");
  cw_gui_test_click (save);
  cw_gui_test_wait_for_window_gone (CW_TYPE_GIFT_EDITOR, NULL, CW_GUI_TEST_QUICK_MS);

  /* Version 2 with its reason; it waits for a decision again. */
  g_assert_cmpstr (cw_gui_test_label_text (page, "detail_value"), ==, "£30.00");
  g_assert_nonnull (cw_gui_test_find (page, "detail_version_2"));
  g_assert_nonnull (cw_gui_test_find_label_containing (cw_gui_test_get (page, "detail_version_2"),
                                           "The receipt showed £30"));
  g_assert_nonnull (cw_gui_test_find (page, "detail_version_1"));
  g_assert_nonnull (strstr (cw_gui_test_label_text (page, "detail_decision"), "Waiting"));
  g_assert_nonnull (cw_gui_test_find (page, "detail_flag_over_threshold"));
  cw_gui_test_close_windows ();
  end_session (session);

  /* Mona decides again, then changes her mind through the page. */
  decide_in_core (fixture, gift_id, CW_GIFT_ACCEPTED);
  session = sign_in (fixture, "mona");
  page = show_page (session);
  select_first (page);
  g_assert_false (cw_gui_test_is_showing (cw_gui_test_get (page, "decide_button")));
  cw_gui_test_click (cw_gui_test_get (page, "change_decision_button"));
  dialog = cw_gui_test_wait_for_window (ADW_TYPE_MESSAGE_DIALOG, "change_decision_dialog",
                                        CW_GUI_TEST_QUICK_MS);
  cw_gui_test_click (cw_gui_test_get (dialog, "decision_donated"));
  cw_gui_test_set_text (cw_gui_test_get (dialog, "decision_reason_entry"),
                        "Given to the centre's raffle");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog),
                                                           "record"));
  cw_gui_test_set_text (cw_gui_test_get (dialog, "correction_reason_entry"),
                        "Over the threshold once corrected");
  cw_gui_test_click (cw_gui_test_find_button (dialog, "_Change Decision"));
  cw_gui_test_wait_for_window_gone (ADW_TYPE_MESSAGE_DIALOG, "change_decision_dialog",
                                    CW_GUI_TEST_QUICK_MS);
  g_assert_nonnull (strstr (cw_gui_test_label_text (page, "detail_decision"), "Donated"));

  gifts = cw_gift_register_new (session);
  stored = cw_gift_register_load (gifts, gift_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cw_gift_declaration_get_decision (stored), ==, CW_GIFT_DONATED);
  g_assert_cmpstr (cw_gift_declaration_get_decision_reason (stored), ==,
                   "Given to the centre's raffle");
  g_assert_cmpstr (cw_gift_declaration_get_correction_reason (stored), ==,
                   "Over the threshold once corrected");
  g_assert_cmpint (cw_gift_declaration_get_value_pence (stored), ==, 3000);
  versions = cw_gift_register_list_versions (gifts, gift_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (versions->len, ==, 3);
  g_assert_nonnull (cw_gui_test_find (page, "detail_version_3"));
  cw_gui_test_screenshot (window, "gifts-page-history");

  g_clear_pointer (&versions, g_ptr_array_unref);
  g_clear_object (&stored);
  g_clear_object (&gifts);
  cw_gui_test_close_windows ();
  end_session (session);
}

/* The value parser on its own. */
static void
test_parse_value (void)
{
  static const struct { const char *text; gint64 pence; } good[] = {
    { "25", 2500 }, { "£25", 2500 }, { " £ 25.50 ", 2550 }, { "7.5", 750 }, { "0", 0 },
    { "£1,250.00", 125000 }, { "50p", 50 }, { ".99", 99 }, { "£1000000", 100000000 },
  };
  static const char *bad[] = {
    "", "abc", "-5", "£-5", "25.555", "£1000000.01", "12..5", "£", "1e5", "25 pounds",
    "9999999999",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 pence = -1;

      g_assert_true (cw_gift_editor_parse_value (good[i].text, &pence, &error));
      g_assert_no_error (error);
      g_assert_cmpint (pence, ==, good[i].pence);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 pence = -1;

      g_assert_false (cw_gift_editor_parse_value (bad[i], &pence, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_cmpint (pence, ==, -1);
    }
}

static gboolean
count_label_says (gpointer user_data)
{
  const char **args = user_data;

  return strstr (cw_gui_test_label_text ((GtkWidget *) args[0], "count_label"), args[1]) != NULL;
}

static void
test_flag_filter (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *page, *flag;
  CwSession *session;
  const char *args[2];

  session = sign_in (fixture, "pat");
  declare_in_core (session, "Ten pounds in a card", 1000, TRUE);
  declare_in_core (session, "A bunch of daffodils", 300, FALSE);
  declare_in_core (session, DISTINCTIVE_TEXT, 6000, FALSE);

  page = show_page (session);
  g_assert_cmpuint (list_n_items (page), ==, 3);
  g_assert_nonnull (strstr (cw_gui_test_label_text (page, "count_label"), "3 declarations"));

  /* "Any flag" first, then the page's flags in order: over the threshold, cash, … */
  flag = cw_gui_test_get (page, "filter_flag");
  g_assert_true (GTK_IS_DROP_DOWN (flag));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (flag), 2);
  args[0] = (const char *) page;
  args[1] = "1 declaration";
  g_assert_true (cw_gui_test_wait_until (count_label_says, args, CW_GUI_TEST_QUICK_MS));
  g_assert_true (cw_gui_test_wait_until (list_has_one, page, CW_GUI_TEST_QUICK_MS));
  g_assert_nonnull (cw_gui_test_find_label_containing (cw_gui_test_get (page, "gift_list"),
                                           "Ten pounds in a card"));
  g_assert_null (cw_gui_test_find_label_containing (cw_gui_test_get (page, "gift_list"),
                                        "daffodils"));
  cw_gui_test_screenshot (window, "gifts-page-cash-filter");

  /* The export uses the same filter. */
  {
    CwGiftFilter filter;

    cw_gifts_page_get_filter (CW_GIFTS_PAGE (page), &filter);
    g_assert_cmpuint (filter.any_flags, ==, CW_GIFT_FLAG_CASH);
  }

  cw_gui_test_close_windows ();
  end_session (session);
}

static void
test_export (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(CwGiftRegister) gifts = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  CwGuiTestAsync export = { NULL };
  GtkWidget *page;
  guint64 n_rows = 0;
  CwGiftFilter filter;
  CwSession *session;

  session = sign_in (fixture, "pat");
  declare_in_core (session, DISTINCTIVE_TEXT, 6000, FALSE);
  gifts = cw_gift_register_new (session);
  page = show_page (session);
  g_assert_cmpuint (list_n_items (page), ==, 1);

  path = g_build_filename (fixture->dir, "gifts-and-hospitality.csv", NULL);
  file = g_file_new_for_path (path);
  cw_gifts_page_get_filter (CW_GIFTS_PAGE (page), &filter);
  cw_register_export_to_file_async (page, session, gifts,
                                    (CwRegisterExportFunc) cw_register_export_gifts,
                                    &filter, sizeof filter, file, NULL,
                                    cw_gui_test_async_ready_cb, &export);

  /* The password again, typed into the step-up dialog. */
  cw_gui_test_step_up (STAFF_PASSWORD, "_Export");
  g_assert_true (cw_register_export_to_file_finish (
                   cw_gui_test_async_wait (&export, CW_GUI_TEST_SLOW_MS), &n_rows, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_rows, ==, 1);
  cw_gui_test_async_clear (&export);

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents, DISTINCTIVE_TEXT));
  g_assert_nonnull (strstr (contents, DISTINCTIVE_FAMILY));

  g_clear_object (&gifts);
  cw_gui_test_close_windows ();
  end_session (session);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  cw_gui_test_init (&argc, &argv);

  g_test_add_func ("/gui/gifts/parse-value", test_parse_value);
  g_test_add ("/gui/gifts/declare-and-decide", Fixture, NULL,
              fixture_set_up, test_declare_and_decide, fixture_tear_down);
  g_test_add ("/gui/gifts/form-errors-keep-input", Fixture, NULL,
              fixture_set_up, test_form_errors, fixture_tear_down);
  g_test_add ("/gui/gifts/correct-and-change-decision", Fixture, NULL,
              fixture_set_up, test_correct_and_change_decision, fixture_tear_down);
  g_test_add ("/gui/gifts/flag-filter", Fixture, NULL,
              fixture_set_up, test_flag_filter, fixture_tear_down);
  g_test_add ("/gui/gifts/export", Fixture, NULL,
              fixture_set_up, test_export, fixture_tear_down);

  status = g_test_run ();
  register_test_clean_up ();

  return status;
}
