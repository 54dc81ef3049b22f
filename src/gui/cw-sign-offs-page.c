/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-sign-offs-page"

#include "config.h"

#include <glib/gi18n.h>

#include "core/cw-entry-repository.h"
#include "core/cw-key.h"
#include "core/cw-sign-off-repository.h"
#include "cw-page-util.h"
#include "cw-password-dialog.h"
#include "cw-register-ui.h"
#include "cw-sign-offs-page.h"

typedef enum
{
  LIST_WAITING,
  LIST_OUTSTANDING,
  LIST_RETURNED,
  N_LISTS
} ListKind;

typedef enum
{
  ACTION_SIGN_OFF,
  ACTION_DISAGREE,
} PendingAction;

struct _CwSignOffsPage
{
  CwPage               parent_instance;

  AdwToastOverlay     *toast_overlay;
  GtkBox              *lists_box;
  GtkLabel            *error_label;
  GtkWidget           *no_selection_status;
  GtkBox              *detail_box;
  GtkWidget           *actions_box;
  GtkWidget           *sign_off_button;
  GtkWidget           *disagree_button;

  CwSession           *session;
  CwSignOffRepository *repository;

  GtkWidget           *list_views[N_LISTS];
  GtkWidget           *empty_labels[N_LISTS];
  GtkSingleSelection  *selections[N_LISTS];

  CwSignOff           *selected;
  gboolean             selected_signable;

  /* What was typed for the last decision, kept until it is recorded. */
  gint64               pending_request_id;
  PendingAction        pending_action;
  char                *pending_text;
  CwSignOffFollowUp    pending_follow_up;
  CwReferralAgency     pending_agency;
  char                *pending_agency_name;
  char                *pending_reference;
};

G_DEFINE_FINAL_TYPE (CwSignOffsPage, cw_sign_offs_page, CW_TYPE_PAGE)

static const char *const list_ids[N_LISTS] = {
  "waiting_list", "outstanding_list", "returned_list"
};

static void
clear_pending (CwSignOffsPage *self)
{
  self->pending_request_id = 0;
  g_clear_pointer (&self->pending_text, g_free);
  g_clear_pointer (&self->pending_agency_name, g_free);
  g_clear_pointer (&self->pending_reference, g_free);
  self->pending_follow_up = CW_SIGN_OFF_FOLLOW_UP_NONE;
  self->pending_agency = CW_REFERRAL_NONE;
}

static char *
describe_waiting (CwSignOff *sign_off)
{
  guint days = cw_sign_off_get_days_waiting (sign_off);

  if (days == 0)
    return g_strdup (_("Since today"));

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day", "%u days", days), days);
}

/* Detail ------------------------------------------------------------------ */

/* A judgement has a heading for each question: closer together than a
 * register's sections. */
static void
add_heading (GtkBox     *box,
             const char *text)
{
  gtk_widget_set_margin_top (cw_detail_add_heading (box, text), 6);
}

static char *
format_date (const GDate *date)
{
  char buffer[64];

  if (date == NULL || !g_date_valid (date))
    return NULL;

  g_date_strftime (buffer, sizeof buffer, "%-d %b %Y", date);
  return g_strdup (buffer);
}

static void
show_judgement (CwSignOffsPage *self,
                CwJudgement    *judgement)
{
  g_autofree char *discussed_on = format_date (cw_judgement_get_discussed_on (judgement));
  CwReferralAgency agency = cw_judgement_get_referral_agency (judgement);

  add_heading (self->detail_box, _("Circumstances"));
  cw_detail_add_text (self->detail_box, "detail_circumstances",
                      cw_judgement_get_text (judgement, CW_JUDGEMENT_FIELD_CIRCUMSTANCES));
  add_heading (self->detail_box, cw_judgement_action_status_get_title (
                 cw_judgement_get_action_status (judgement)));
  cw_detail_add_text (self->detail_box, "detail_action",
                      cw_judgement_get_text (judgement, CW_JUDGEMENT_FIELD_ACTION));
  add_heading (self->detail_box, _("Reasons"));
  cw_detail_add_text (self->detail_box, "detail_reasons",
                      cw_judgement_get_text (judgement, CW_JUDGEMENT_FIELD_REASONS));

  for (guint i = 0; i < CW_JUDGEMENT_TEST_LAST; i++)
    {
      g_autofree char *heading = NULL;

      heading = g_strdup_printf ("%s — %s", cw_judgement_test_get_question (i),
                                 cw_judgement_answer_get_title (
                                   cw_judgement_get_answer (judgement, i)));
      add_heading (self->detail_box, heading);
      cw_detail_add_text (self->detail_box, NULL, cw_judgement_get_explanation (judgement, i));
    }

  add_heading (self->detail_box, _("Discussed with"));
  if (discussed_on != NULL)
    {
      g_autofree char *text = NULL;

      /* Translators: who a judgement was discussed with, and the date. */
      text = g_strdup_printf (_("%s, on %s"),
                              cw_judgement_get_text (judgement,
                                                     CW_JUDGEMENT_FIELD_DISCUSSED_WITH),
                              discussed_on);
      cw_detail_add_text (self->detail_box, NULL, text);
    }
  else
    cw_detail_add_text (self->detail_box, NULL,
                        cw_judgement_get_text (judgement, CW_JUDGEMENT_FIELD_DISCUSSED_WITH));

  add_heading (self->detail_box, _("Areas of disagreement"));
  cw_detail_add_text (self->detail_box, NULL,
                      cw_judgement_get_text (judgement, CW_JUDGEMENT_FIELD_DISAGREEMENT));

  add_heading (self->detail_box, _("Referral"));
  if (agency == CW_REFERRAL_NONE || agency >= CW_REFERRAL_LAST)
    cw_detail_add_text (self->detail_box, NULL, _("No referral to another agency"));
  else
    {
      g_autofree char *date = format_date (cw_judgement_get_referral_date (judgement));
      const char *name = cw_judgement_get_text (judgement,
                                                CW_JUDGEMENT_FIELD_REFERRAL_AGENCY_NAME);
      const char *reference = cw_judgement_get_text (judgement,
                                                     CW_JUDGEMENT_FIELD_REFERRAL_REFERENCE);
      g_autoptr(GString) text = g_string_new (agency == CW_REFERRAL_OTHER && *name != '\0'
                                              ? name : cw_referral_agency_get_title (agency));

      if (date != NULL)
        g_string_append_printf (text, _(", on %s"), date);
      if (*reference != '\0')
        g_string_append_printf (text, _(", reference %s"), reference);
      cw_detail_add_text (self->detail_box, NULL, text->str);
    }
}

static void
show_detail (CwSignOffsPage *self)
{
  g_autoptr(CwEntryRepository) entries = NULL;
  g_autoptr(CwEntry) entry = NULL;
  g_autoptr(CwJudgement) judgement = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *byline = NULL;
  CwSignOff *sign_off = self->selected;
  const char *last_comment;

  cw_detail_reset (self->detail_box, self->no_selection_status, self->actions_box,
                   sign_off != NULL);
  cw_error_label_set (self->error_label, NULL);
  if (sign_off == NULL)
    return;

  add_heading (self->detail_box, cw_sign_off_get_summary (sign_off));
  /* Translators: child (case reference) · author · where the sign-off stands. */
  byline = g_strdup_printf (_("%s (%s) · by %s · %s"),
                            cw_sign_off_get_child_name (sign_off),
                            cw_sign_off_get_case_reference (sign_off),
                            cw_sign_off_get_author_name (sign_off),
                            cw_sign_off_get_state_text (sign_off));
  if (cw_sign_off_get_overdue (sign_off))
    {
      g_autofree char *with_overdue = g_strdup_printf (_("%s · Overdue"), byline);

      g_free (byline);
      byline = g_steal_pointer (&with_overdue);
    }
  cw_detail_add_text (self->detail_box, "detail_byline", byline);

  last_comment = cw_sign_off_get_last_comment (sign_off);
  if (last_comment != NULL && *last_comment != '\0')
    {
      g_autofree char *text = g_strdup_printf (_("%s wrote: %s"),
                                               cw_sign_off_get_last_signer_name (sign_off),
                                               last_comment);
      cw_detail_add_text (self->detail_box, "detail_last_comment", text);
    }

  entries = cw_entry_repository_new (self->session);
  entry = cw_entry_repository_load (entries, cw_sign_off_get_entry_id (sign_off),
                                    cw_sign_off_get_version (sign_off), &error);
  if (entry == NULL)
    {
      cw_error_label_set (self->error_label, error->message);
      return;
    }

  judgement = cw_sign_off_repository_load_judgement (self->repository,
                                                     cw_sign_off_get_version_id (sign_off),
                                                     &error);
  if (judgement == NULL)
    {
      cw_error_label_set (self->error_label, error->message);
      return;
    }

  show_judgement (self, judgement);

  self->selected_signable = cw_sign_off_repository_may_sign (self->repository,
                                                             cw_sign_off_get_id (sign_off),
                                                             NULL);
  gtk_widget_set_visible (self->actions_box, self->selected_signable);
}

/* Lists ------------------------------------------------------------------- */

static void
setup_item_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkBox *row = cw_list_row_new (item);

  cw_list_row_add_title (row, "child", "waited");
  cw_list_row_add_label (row, "summary", NULL);
  cw_list_row_add_label (row, "author", "dim-label");
}

static void
bind_item_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  CwSignOff *sign_off = gtk_list_item_get_item (item);
  GtkWidget *waited = cw_list_row_get (item, "waited");
  g_autofree char *child_text = NULL;
  g_autofree char *waited_text = describe_waiting (sign_off);
  g_autofree char *author_text = NULL;

  child_text = g_strdup_printf ("%s · %s", cw_sign_off_get_child_name (sign_off),
                                cw_sign_off_get_case_reference (sign_off));
  gtk_label_set_text (cw_list_row_get (item, "child"), child_text);
  if (cw_sign_off_get_overdue (sign_off))
    {
      g_autofree char *overdue = g_strdup_printf (_("Overdue · %s"), waited_text);

      gtk_label_set_text (GTK_LABEL (waited), overdue);
      gtk_widget_add_css_class (waited, "warning");
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (waited), waited_text);
      gtk_widget_remove_css_class (waited, "warning");
    }
  gtk_label_set_text (cw_list_row_get (item, "summary"), cw_sign_off_get_summary (sign_off));
  author_text = g_strdup_printf (_("By %s"), cw_sign_off_get_author_name (sign_off));
  gtk_label_set_text (cw_list_row_get (item, "author"), author_text);
}

static void
update_empty (CwSignOffsPage *self)
{
  for (guint i = 0; i < N_LISTS; i++)
    {
      gboolean empty;

      if (self->selections[i] == NULL)
        continue;

      empty = g_list_model_get_n_items (G_LIST_MODEL (self->selections[i])) == 0;
      gtk_widget_set_visible (self->list_views[i], !empty);
      gtk_widget_set_visible (self->empty_labels[i], empty);
    }
}

static void
selection_changed_cb (GtkSingleSelection *selection,
                      guint               position,
                      guint               n_items,
                      CwSignOffsPage     *self)
{
  CwSignOff *item = gtk_single_selection_get_selected_item (selection);

  if (item == NULL)
    {
      if (self->selected != NULL && gtk_single_selection_get_selected_item (selection) == NULL)
        {
          gboolean other_selected = FALSE;

          for (guint i = 0; i < N_LISTS; i++)
            if (self->selections[i] != NULL && self->selections[i] != selection &&
                gtk_single_selection_get_selected_item (self->selections[i]) != NULL)
              other_selected = TRUE;
          if (!other_selected)
            {
              g_clear_object (&self->selected);
              show_detail (self);
            }
        }
      return;
    }

  /* One selection across the lists. */
  for (guint i = 0; i < N_LISTS; i++)
    if (self->selections[i] != NULL && self->selections[i] != selection)
      gtk_single_selection_set_selected (self->selections[i], GTK_INVALID_LIST_POSITION);

  g_set_object (&self->selected, item);
  show_detail (self);
}

static void
build_lists (CwSignOffsPage *self)
{
  static const char *titles[N_LISTS] = {
    N_("Waiting for Me"), N_("All Outstanding in the Organisation"), N_("Returned to Me")
  };
  static const char *empty_texts[N_LISTS] = {
    N_("No judgements are waiting for you to sign off."),
    N_("No judgements are waiting for sign-off anywhere in the organisation."),
    N_("None of your judgements have been returned to you for more information."),
  };
  CwRoles roles = cw_session_get_roles (self->session);
  gboolean show[N_LISTS];

  show[LIST_WAITING] = cw_session_can (self->session, CW_PERMISSION_SIGN_OFF_JUDGEMENTS);
  show[LIST_OUTSTANDING] = (roles & CW_ROLE_DSL) != 0;
  show[LIST_RETURNED] = (roles & CW_ROLE_PRACTITIONER) != 0 || !show[LIST_WAITING];

  for (guint i = 0; i < N_LISTS; i++)
    {
      GtkWidget *title;

      if (!show[i])
        continue;

      title = gtk_label_new (_(titles[i]));
      gtk_label_set_xalign (GTK_LABEL (title), 0.0f);
      gtk_widget_add_css_class (title, "heading");
      gtk_widget_set_margin_top (title, i == 0 ? 0 : 12);
      gtk_box_append (self->lists_box, title);

      self->list_views[i] = gtk_list_view_new (NULL, NULL);
      cw_list_view_set_rows (GTK_LIST_VIEW (self->list_views[i]), G_CALLBACK (setup_item_cb),
                             G_CALLBACK (bind_item_cb));
      gtk_widget_set_name (self->list_views[i], list_ids[i]);
      gtk_widget_add_css_class (self->list_views[i], "boxed-list");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_views[i]),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _(titles[i]), -1);
      gtk_box_append (self->lists_box, self->list_views[i]);

      self->empty_labels[i] = gtk_label_new (_(empty_texts[i]));
      gtk_label_set_xalign (GTK_LABEL (self->empty_labels[i]), 0.0f);
      gtk_label_set_wrap (GTK_LABEL (self->empty_labels[i]), TRUE);
      gtk_widget_add_css_class (self->empty_labels[i], "dim-label");
      gtk_box_append (self->lists_box, self->empty_labels[i]);
    }
}

/* Decisions --------------------------------------------------------------- */

static void
decision_done (CwSignOffsPage *self,
               const char     *toast)
{
  clear_pending (self);
  cw_page_show_toast (CW_PAGE (self), toast);
  cw_sign_offs_page_reload (self);
  cw_page_emit_changed (CW_PAGE (self));
}

static void
password_confirmed_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(CwSignOffsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  char *password = cw_password_dialog_confirm_finish (result, &error);
  gboolean ok;

  if (password == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        cw_error_label_set (self->error_label, error->message);
      return;
    }

  if (self->pending_action == ACTION_SIGN_OFF)
    ok = cw_sign_off_repository_sign_off (self->repository, self->pending_request_id,
                                          self->pending_text, password, &error);
  else
    ok = cw_sign_off_repository_record_disagreement (self->repository,
                                                     self->pending_request_id,
                                                     self->pending_text,
                                                     self->pending_follow_up,
                                                     self->pending_agency,
                                                     self->pending_agency_name,
                                                     self->pending_reference,
                                                     password, &error);
  cw_secure_wipe_string (password);
  g_free (password);

  if (!ok)
    {
      /* What was typed stays pending, offered again next time. */
      cw_error_label_set (self->error_label, error->message);
      return;
    }

  decision_done (self, self->pending_action == ACTION_SIGN_OFF
                       ? _("Judgement signed off")
                       : _("Disagreement recorded"));
}

static void
ask_password (CwSignOffsPage *self,
              const char     *heading,
              const char     *confirm_label)
{
  cw_password_dialog_confirm_async (self->session, GTK_WIDGET (self), heading,
                                    _("Your name and the time are recorded with your "
                                      "decision. Enter your password to confirm it."),
                                    confirm_label, NULL, password_confirmed_cb,
                                    g_object_ref (self));
}

static void
start_pending (CwSignOffsPage *self,
               PendingAction   action)
{
  gint64 request_id = cw_sign_off_get_id (self->selected);

  /* Text typed for another request or another decision is not reused. */
  if (self->pending_request_id != request_id || self->pending_action != action)
    clear_pending (self);
  self->pending_request_id = request_id;
  self->pending_action = action;
}

static void
sign_off_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      CwSignOffsPage   *self)
{
  GtkWidget *entry = g_object_get_data (G_OBJECT (dialog), "comment-entry");
  const char *comment = gtk_editable_get_text (GTK_EDITABLE (entry));

  g_free (self->pending_text);
  self->pending_text = *comment != '\0' ? g_strdup (comment) : NULL;
  if (g_strcmp0 (response, "sign-off") != 0)
    return;

  ask_password (self, _("Sign Off Judgement?"), _("_Sign Off"));
}

static void
sign_off_clicked_cb (CwSignOffsPage *self)
{
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  if (self->selected == NULL)
    return;

  start_pending (self, ACTION_SIGN_OFF);
  dialog = cw_message_dialog_new (GTK_WIDGET (self), "sign_off_dialog",
                                  _("Sign Off Judgement?"),
                                  _("Signing off says you have read this judgement and agree "
                                    "with it. You may add a comment."),
                                  "sign-off", _("_Sign Off…"), ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "sign-off");

  entry = gtk_entry_new ();
  gtk_widget_set_name (entry, "comment_entry");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Comment (optional)"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  if (self->pending_text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), self->pending_text);
  adw_message_dialog_set_extra_child (dialog, entry);
  g_object_set_data (G_OBJECT (dialog), "comment-entry", entry);

  g_signal_connect_object (dialog, "response", G_CALLBACK (sign_off_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct
{
  GtkWidget *reason;
  GtkWidget *escalate;
  GtkWidget *refer;
  GtkWidget *give_back;
  GtkWidget *referral_box;
  GtkWidget *agency;
  GtkWidget *agency_name;
  GtkWidget *reference;
} DisagreeWidgets;

static CwReferralAgency
agency_for_position (guint position)
{
  /* The drop-down lists the agencies after "none". */
  return (CwReferralAgency) (position + 1);
}

static void
disagree_update_cb (GtkWidget        *widget,
                    AdwMessageDialog *dialog)
{
  DisagreeWidgets *w = g_object_get_data (G_OBJECT (dialog), "widgets");
  gboolean refer = gtk_check_button_get_active (GTK_CHECK_BUTTON (w->refer));
  gboolean chosen = refer ||
                    gtk_check_button_get_active (GTK_CHECK_BUTTON (w->escalate)) ||
                    gtk_check_button_get_active (GTK_CHECK_BUTTON (w->give_back));
  gboolean other = agency_for_position (gtk_drop_down_get_selected (
                     GTK_DROP_DOWN (w->agency))) == CW_REFERRAL_OTHER;
  gboolean ok = !cw_text_is_blank (gtk_editable_get_text (GTK_EDITABLE (w->reason))) && chosen;

  gtk_widget_set_sensitive (w->referral_box, refer);
  gtk_widget_set_visible (w->agency_name, other);
  if (refer && other && *gtk_editable_get_text (GTK_EDITABLE (w->agency_name)) == '\0')
    ok = FALSE;
  adw_message_dialog_set_response_enabled (dialog, "disagree", ok);
}

static void
disagree_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      CwSignOffsPage   *self)
{
  DisagreeWidgets *w = g_object_get_data (G_OBJECT (dialog), "widgets");
  CwReferralAgency agency;

  g_free (self->pending_text);
  self->pending_text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (w->reason)));
  if (gtk_check_button_get_active (GTK_CHECK_BUTTON (w->escalate)))
    self->pending_follow_up = CW_SIGN_OFF_FOLLOW_UP_ESCALATE;
  else if (gtk_check_button_get_active (GTK_CHECK_BUTTON (w->refer)))
    self->pending_follow_up = CW_SIGN_OFF_FOLLOW_UP_REFER;
  else if (gtk_check_button_get_active (GTK_CHECK_BUTTON (w->give_back)))
    self->pending_follow_up = CW_SIGN_OFF_FOLLOW_UP_RETURN;
  else
    self->pending_follow_up = CW_SIGN_OFF_FOLLOW_UP_NONE;

  agency = agency_for_position (gtk_drop_down_get_selected (GTK_DROP_DOWN (w->agency)));
  self->pending_agency = self->pending_follow_up == CW_SIGN_OFF_FOLLOW_UP_REFER
                         ? agency : CW_REFERRAL_NONE;
  g_free (self->pending_agency_name);
  self->pending_agency_name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (w->agency_name)));
  g_free (self->pending_reference);
  self->pending_reference = g_strdup (gtk_editable_get_text (GTK_EDITABLE (w->reference)));

  if (g_strcmp0 (response, "disagree") != 0)
    return;

  ask_password (self, _("Record Disagreement?"), _("_Record Disagreement"));
}

static GtkWidget *
add_radio (GtkWidget  *box,
           GtkWidget  *group,
           const char *name,
           const char *label,
           gboolean    active)
{
  GtkWidget *button = gtk_check_button_new_with_mnemonic (label);

  gtk_widget_set_name (button, name);
  if (group != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (button), GTK_CHECK_BUTTON (group));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (button), active);
  gtk_box_append (GTK_BOX (box), button);

  return button;
}

static void
disagree_clicked_cb (CwSignOffsPage *self)
{
  g_autoptr(GtkStringList) agencies = gtk_string_list_new (NULL);
  DisagreeWidgets *w;
  AdwMessageDialog *dialog;
  GtkWidget *box;

  if (self->selected == NULL)
    return;

  start_pending (self, ACTION_DISAGREE);
  dialog = cw_message_dialog_new (GTK_WIDGET (self), "disagree_dialog",
                                  _("Record Disagreement?"),
                                  _("Say why you disagree with this judgement and what "
                                    "happens next."),
                                  "disagree", _("_Record Disagreement…"),
                                  ADW_RESPONSE_DESTRUCTIVE);

  w = g_new0 (DisagreeWidgets, 1);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  w->reason = cw_dialog_add_entry (GTK_BOX (box), "reason_entry", _("Reason (required)"),
                                   self->pending_text);
  w->escalate = add_radio (box, NULL, "follow_up_escalate", _("_Escalate to the DSL"),
                           self->pending_follow_up == CW_SIGN_OFF_FOLLOW_UP_ESCALATE);
  w->refer = add_radio (box, w->escalate, "follow_up_refer",
                        _("Refer to _another agency"),
                        self->pending_follow_up == CW_SIGN_OFF_FOLLOW_UP_REFER);
  w->give_back = add_radio (box, w->escalate, "follow_up_return",
                            _("Return to the _author for more information"),
                            self->pending_follow_up == CW_SIGN_OFF_FOLLOW_UP_RETURN);

  w->referral_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (w->referral_box, 24);
  for (guint i = CW_REFERRAL_NONE + 1; i < CW_REFERRAL_LAST; i++)
    gtk_string_list_append (agencies, cw_referral_agency_get_title (i));
  w->agency = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (agencies)), NULL);
  gtk_widget_set_name (w->agency, "agency_dropdown");
  if (self->pending_agency > CW_REFERRAL_NONE && self->pending_agency < CW_REFERRAL_LAST)
    gtk_drop_down_set_selected (GTK_DROP_DOWN (w->agency), self->pending_agency - 1);
  gtk_box_append (GTK_BOX (w->referral_box), w->agency);
  w->agency_name = cw_dialog_add_entry (GTK_BOX (w->referral_box), "agency_name_entry",
                                        _("Name of the agency"), self->pending_agency_name);
  w->reference = cw_dialog_add_entry (GTK_BOX (w->referral_box), "reference_entry",
                                      _("Their reference (optional)"), self->pending_reference);
  gtk_box_append (GTK_BOX (box), w->referral_box);
  adw_message_dialog_set_extra_child (dialog, box);
  g_object_set_data_full (G_OBJECT (dialog), "widgets", w, g_free);

  g_signal_connect_object (w->reason, "changed", G_CALLBACK (disagree_update_cb), dialog, 0);
  g_signal_connect_object (w->agency_name, "changed", G_CALLBACK (disagree_update_cb), dialog,
                           0);
  g_signal_connect_object (w->escalate, "toggled", G_CALLBACK (disagree_update_cb), dialog, 0);
  g_signal_connect_object (w->refer, "toggled", G_CALLBACK (disagree_update_cb), dialog, 0);
  g_signal_connect_object (w->give_back, "toggled", G_CALLBACK (disagree_update_cb), dialog,
                           0);
  g_signal_connect_object (w->agency, "notify::selected", G_CALLBACK (disagree_update_cb),
                           dialog, 0);
  disagree_update_cb (NULL, dialog);

  g_signal_connect_object (dialog, "response", G_CALLBACK (disagree_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Overrides --------------------------------------------------------------- */

static void
cw_sign_offs_page_dispose (GObject *object)
{
  CwSignOffsPage *self = CW_SIGN_OFFS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CW_TYPE_SIGN_OFFS_PAGE);

  for (guint i = 0; i < N_LISTS; i++)
    {
      self->list_views[i] = NULL;
      self->empty_labels[i] = NULL;
      if (self->selections[i] != NULL)
        g_signal_handlers_disconnect_by_data (self->selections[i], self);
      g_clear_object (&self->selections[i]);
    }
  g_clear_object (&self->selected);
  g_clear_object (&self->repository);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (cw_sign_offs_page_parent_class)->dispose (object);
}

static void
cw_sign_offs_page_finalize (GObject *object)
{
  CwSignOffsPage *self = CW_SIGN_OFFS_PAGE (object);

  clear_pending (self);

  G_OBJECT_CLASS (cw_sign_offs_page_parent_class)->finalize (object);
}

static void
cw_sign_offs_page_class_init (CwSignOffsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cw_sign_offs_page_dispose;
  object_class->finalize = cw_sign_offs_page_finalize;

  gtk_widget_class_set_css_name (widget_class, "cw-sign-offs-page");

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/casework/Casework/"
                                               "cw-sign-offs-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CwSignOffsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CwSignOffsPage, lists_box);
  gtk_widget_class_bind_template_child (widget_class, CwSignOffsPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, CwSignOffsPage, no_selection_status);
  gtk_widget_class_bind_template_child (widget_class, CwSignOffsPage, detail_box);
  gtk_widget_class_bind_template_child (widget_class, CwSignOffsPage, actions_box);
  gtk_widget_class_bind_template_child (widget_class, CwSignOffsPage, sign_off_button);
  gtk_widget_class_bind_template_child (widget_class, CwSignOffsPage, disagree_button);
  gtk_widget_class_bind_template_callback (widget_class, sign_off_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, disagree_clicked_cb);
}

static void
cw_sign_offs_page_init (CwSignOffsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  cw_page_set_toast_overlay (CW_PAGE (self), self->toast_overlay);
}

/* Public ------------------------------------------------------------------ */

GtkWidget *
cw_sign_offs_page_new (CwSession *session)
{
  CwSignOffsPage *self;

  g_return_val_if_fail (CW_IS_SESSION (session), NULL);

  self = g_object_new (CW_TYPE_SIGN_OFFS_PAGE, NULL);
  self->session = g_object_ref (session);
  self->repository = cw_sign_off_repository_new (session);
  build_lists (self);
  cw_sign_offs_page_reload (self);

  return GTK_WIDGET (self);
}

void
cw_sign_offs_page_reload (CwSignOffsPage *self)
{
  g_return_if_fail (CW_IS_SIGN_OFFS_PAGE (self));

  if (self->repository == NULL)
    return;

  for (guint i = 0; i < N_LISTS; i++)
    {
      GListModel *model;

      if (self->list_views[i] == NULL)
        continue;

      if (i == LIST_WAITING)
        model = cw_sign_off_repository_list_waiting_for_me (self->repository, NULL);
      else if (i == LIST_OUTSTANDING)
        model = cw_sign_off_repository_list_outstanding (self->repository, NULL);
      else
        model = cw_sign_off_repository_list_returned_to_me (self->repository, NULL);

      cw_list_view_show_model (GTK_LIST_VIEW (self->list_views[i]), &self->selections[i], model,
                               0, NULL, 0, G_CALLBACK (selection_changed_cb), self);
    }

  g_clear_object (&self->selected);
  update_empty (self);
  show_detail (self);
}
