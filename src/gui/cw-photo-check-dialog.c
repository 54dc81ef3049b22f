/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-photo-check-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "core/cw-photo-consent.h"
#include "cw-form.h"
#include "cw-photo-check-dialog.h"
#include "cw-photo-consent-editor.h"
#include "cw-register-ui.h"

struct _CwPhotoCheckDialog
{
  AdwWindow               parent_instance;

  AdwActionRow           *child_row;
  CwChildChooser         *child_chooser;
  GtkLabel               *age_rule_label;
  AdwComboRow            *purpose_row;
  AdwEntryRow            *date_row;
  GtkLabel               *error_label;
  GtkWidget              *check_button;
  GtkWidget              *result_box;
  GtkLabel               *verdict_label;
  GtkLabel               *verdict_detail_label;
  GtkLabel               *naming_label;
  GtkBox                 *reasons_box;

  CwSession              *session;
  CwPhotoConsentRegister *consents;
};

G_DEFINE_FINAL_TYPE (CwPhotoCheckDialog, cw_photo_check_dialog, ADW_TYPE_WINDOW)

/* Helpers ----------------------------------------------------------------- */

/* The sentence under the choices; @field (nullable) is marked and focused. */
static void
show_error (CwPhotoCheckDialog *self,
            const char         *sentence,
            GtkWidget          *field)
{
  cw_form_show_problem (GTK_WIDGET (self->error_label), self->error_label, sentence, field);
}

static void
clear_result (CwPhotoCheckDialog *self)
{
  gtk_widget_set_visible (self->result_box, FALSE);
  cw_box_remove_all (self->reasons_box);
  gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_label), "error");
}

static CwChild *
chosen_child (CwPhotoCheckDialog *self)
{
  return cw_child_chooser_get_child (self->child_chooser);
}

static void
update_age_rule (CwPhotoCheckDialog *self)
{
  CwChild *child = chosen_child (self);
  g_autofree char *text = NULL;
  GDate on;

  if (child == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->age_rule_label), FALSE);
      return;
    }

  if (!cw_date_parse (gtk_editable_get_text (GTK_EDITABLE (self->date_row)), NULL, NULL, &on,
                      NULL))
    cw_date_today (&on);

  text = cw_photo_describe_age_rule (child, &on);
  gtk_label_set_text (self->age_rule_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->age_rule_label), TRUE);
}

static void
add_reason (CwPhotoCheckDialog *self,
            const char         *sentence)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *icon = gtk_image_new_from_icon_name ("action-unavailable-symbolic");
  GtkWidget *label = gtk_label_new (sentence);

  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_add_css_class (icon, "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reason"), -1);
  gtk_widget_set_name (label, "reason_label");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (row), icon);
  gtk_box_append (GTK_BOX (row), label);
  gtk_box_append (self->reasons_box, row);
}

static void
show_decision (CwPhotoCheckDialog    *self,
               CwChild               *child,
               CwPhotoPurpose         purpose,
               const GDate           *on,
               const CwPhotoDecision *decision)
{
  g_autofree char *name = cw_child_dup_display_name (child);
  g_autofree char *date = cw_date_format_long (on);
  g_autofree char *detail = NULL;
  g_auto(GStrv) sentences = NULL;

  clear_result (self);

  if (decision->allowed)
    {
      g_autofree char *naming = NULL;

      gtk_label_set_text (self->verdict_label, _("Allowed"));
      gtk_widget_add_css_class (GTK_WIDGET (self->verdict_label), "success");

      /* TRANSLATORS: %s is "No name" or "First name only". */
      naming = g_strdup_printf (_("If the image is used, name the child: %s. Never on "
                                  "personal equipment, and never of injuries, undress or "
                                  "one-to-one situations."),
                                cw_photo_naming_get_title (decision->naming));
      gtk_label_set_text (self->naming_label, naming);
      gtk_widget_set_visible (GTK_WIDGET (self->naming_label), TRUE);
    }
  else
    {
      gtk_label_set_text (self->verdict_label, _("Not allowed"));
      gtk_widget_add_css_class (GTK_WIDGET (self->verdict_label), "error");
      gtk_widget_set_visible (GTK_WIDGET (self->naming_label), FALSE);
    }

  /* TRANSLATORS: child · purpose · date, under "Allowed" or "Not allowed". */
  detail = g_strdup_printf (_("%s · %s · %s"), name, cw_photo_purpose_get_title (purpose), date);
  gtk_label_set_text (self->verdict_detail_label, detail);

  /* Every reason, each on its own line, in the core's words and order. */
  sentences = cw_photo_decision_dup_sentences (decision);
  for (guint i = 0; sentences != NULL && sentences[i] != NULL; i++)
    add_reason (self, sentences[i]);
  gtk_widget_set_visible (GTK_WIDGET (self->reasons_box),
                          sentences != NULL && sentences[0] != NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->result_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_text (self->verdict_label), -1);
  gtk_widget_set_visible (self->result_box, TRUE);
}

/* Callbacks --------------------------------------------------------------- */

static void
choice_changed_cb (CwPhotoCheckDialog *self)
{
  if (self->child_chooser == NULL)
    return;

  /* An answer on screen always matches the choices above it. */
  clear_result (self);
  show_error (self, NULL, NULL);
  update_age_rule (self);
}

static void
check_button_clicked_cb (CwPhotoCheckDialog *self)
{
  g_autoptr(GError) error = NULL;
  CwChild *child = chosen_child (self);
  guint purpose = adw_combo_row_get_selected (self->purpose_row);
  CwPhotoDecision decision;
  GDate on;

  clear_result (self);
  show_error (self, NULL, NULL);

  if (child == NULL)
    {
      show_error (self, _("Choose the child the image is of."), GTK_WIDGET (self->child_row));
      return;
    }

  if (purpose >= CW_PHOTO_PURPOSE_LAST)
    {
      show_error (self, _("Choose what the image would be used for."),
                  GTK_WIDGET (self->purpose_row));
      return;
    }

  if (!cw_date_parse (gtk_editable_get_text (GTK_EDITABLE (self->date_row)), NULL,
                      _("The date the image would be used"), &on, &error))
    {
      show_error (self, error->message, GTK_WIDGET (self->date_row));
      return;
    }

  if (!cw_photo_consent_register_check (self->consents, cw_child_get_id (child),
                                        (CwPhotoPurpose) purpose, &on, &decision, &error))
    {
      show_error (self, error->message, NULL);
      return;
    }

  show_decision (self, child, (CwPhotoPurpose) purpose, &on, &decision);
}

/* Overrides --------------------------------------------------------------- */

static void
cw_photo_check_dialog_dispose (GObject *object)
{
  CwPhotoCheckDialog *self = CW_PHOTO_CHECK_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CW_TYPE_PHOTO_CHECK_DIALOG);
  self->child_chooser = NULL;
  g_clear_object (&self->consents);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (cw_photo_check_dialog_parent_class)->dispose (object);
}

static void
cw_photo_check_dialog_class_init (CwPhotoCheckDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cw_photo_check_dialog_dispose;

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/casework/Casework/"
                                               "cw-photo-check-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CwPhotoCheckDialog, child_row);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoCheckDialog, age_rule_label);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoCheckDialog, purpose_row);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoCheckDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoCheckDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoCheckDialog, check_button);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoCheckDialog, result_box);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoCheckDialog, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoCheckDialog,
                                        verdict_detail_label);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoCheckDialog, naming_label);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoCheckDialog, reasons_box);
  gtk_widget_class_bind_template_callback (widget_class, choice_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, check_button_clicked_cb);
}

static void
cw_photo_check_dialog_init (CwPhotoCheckDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  cw_form_describe_with (GTK_WIDGET (self->child_row), self->age_rule_label);
}

/* Public ------------------------------------------------------------------ */

GtkWidget *
cw_photo_check_dialog_new (CwSession *session,
                           gint64     child_id,
                           GtkWindow *parent)
{
  g_autoptr(GtkStringList) purposes = gtk_string_list_new (NULL);
  g_autofree char *today_text = NULL;
  CwPhotoCheckDialog *self;
  GDate today;

  g_return_val_if_fail (CW_IS_SESSION (session), NULL);

  self = g_object_new (CW_TYPE_PHOTO_CHECK_DIALOG, NULL);
  self->session = g_object_ref (session);
  self->consents = cw_photo_consent_register_new (session);
  cw_form_set_parent (GTK_WINDOW (self), parent);

  for (guint i = 0; i < CW_PHOTO_PURPOSE_LAST; i++)
    gtk_string_list_append (purposes, cw_photo_purpose_get_title (i));
  adw_combo_row_set_model (self->purpose_row, G_LIST_MODEL (purposes));

  cw_date_today (&today);
  today_text = cw_date_format_short (&today);
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), today_text);

  self->child_chooser = CW_CHILD_CHOOSER (cw_child_chooser_new (session, _("No child")));
  gtk_widget_set_name (GTK_WIDGET (self->child_chooser), "child_chooser");
  gtk_widget_set_valign (GTK_WIDGET (self->child_chooser), GTK_ALIGN_CENTER);
  cw_child_chooser_set_show_reference (self->child_chooser, TRUE);
  cw_child_chooser_set_child_id (self->child_chooser, child_id);
  adw_action_row_add_suffix (self->child_row, GTK_WIDGET (self->child_chooser));
  g_signal_connect_object (self->child_chooser, "changed", G_CALLBACK (choice_changed_cb), self,
                           G_CONNECT_SWAPPED);

  clear_result (self);
  update_age_rule (self);

  return GTK_WIDGET (self);
}
