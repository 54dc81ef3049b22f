/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-photo-consent-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "core/cw-child-repository.h"
#include "cw-photo-consent-editor.h"
#include "cw-register-ui.h"

struct _CwPhotoConsentEditor
{
  AdwWindow               parent_instance;

  AdwWindowTitle         *window_title;
  GtkButton              *save_button;
  GtkScrolledWindow      *scrolled_window;
  GtkWidget              *error_box;
  GtkLabel               *error_label;
  AdwComboRow            *child_row;
  GtkLabel               *age_rule_label;
  AdwEntryRow            *consenter_row;
  AdwComboRow            *relationship_row;
  GtkSwitch              *written_switch;
  AdwEntryRow            *form_reference_row;
  AdwComboRow            *agreement_row;
  AdwEntryRow            *agreed_on_row;
  AdwPreferencesGroup    *purposes_group;
  AdwComboRow            *naming_row;
  AdwEntryRow            *date_given_row;
  AdwEntryRow            *review_date_row;
  AdwEntryRow            *retention_row;
  GtkSwitch              *never_publish_switch;
  GtkWidget              *correction_group;
  AdwEntryRow            *reason_row;

  AdwComboRow            *purpose_rows[CW_PHOTO_PURPOSE_LAST];

  CwSession              *session;
  CwPhotoConsent         *consent;        /* the current version, when correcting */
  CwPhotoConsentRegister *consents;
  GListModel             *child_choices;
  char                   *snapshot;       /* the form as first filled */
  gboolean                close_confirmed;
  gboolean                disposed;
};

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CwPhotoConsentEditor, cw_photo_consent_editor, ADW_TYPE_WINDOW)

/* Helpers ----------------------------------------------------------------- */

static const char *
row_text (gpointer editable)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (editable));

  return text != NULL ? text : "";
}

static gboolean
is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;

  return TRUE;
}

static void
set_row_text (gpointer    row,
              const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

static void
set_date_text (gpointer     row,
               const GDate *date)
{
  g_autofree char *text = NULL;

  if (date == NULL || !g_date_valid (date))
    return;

  text = cw_date_format_short (date);
  set_row_text (row, text);
}

/* A combo row over @titles, in the order of the core's enum. */
static void
set_titles (AdwComboRow        *row,
            const char * const *titles,
            guint               n_titles)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  for (guint i = 0; i < n_titles; i++)
    gtk_string_list_append (list, titles[i]);

  adw_combo_row_set_model (row, G_LIST_MODEL (list));
  adw_combo_row_set_selected (row, 0);
}

static char *
child_choice_title_cb (GObject  *item,
                       gpointer  user_data)
{
  if (CW_IS_CHILD (item))
    {
      g_autofree char *name = cw_child_dup_display_name (CW_CHILD (item));

      /* TRANSLATORS: a child in a list to choose from: "Amara Okafor · CR-0042" */
      return g_strdup_printf (_("%s · %s"), name, cw_child_get_case_reference (CW_CHILD (item)));
    }

  if (GTK_IS_STRING_OBJECT (item))
    return g_strdup (gtk_string_object_get_string (GTK_STRING_OBJECT (item)));

  return g_strdup ("");
}

static CwChild *
chosen_child (CwPhotoConsentEditor *self)
{
  gpointer item = adw_combo_row_get_selected_item (self->child_row);

  return CW_IS_CHILD (item) ? CW_CHILD (item) : NULL;
}

/* Everything on the form as one string, to tell whether anything changed. */
static char *
form_snapshot (CwPhotoConsentEditor *self)
{
  GString *snapshot = g_string_new (NULL);
  gpointer rows[] = {
    self->consenter_row, self->form_reference_row, self->agreed_on_row, self->date_given_row,
    self->review_date_row, self->retention_row, self->reason_row,
  };
  gpointer combos[] = {
    self->child_row, self->relationship_row, self->agreement_row, self->naming_row,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    g_string_append_printf (snapshot, "%s\x1f", row_text (rows[i]));
  for (gsize i = 0; i < G_N_ELEMENTS (combos); i++)
    g_string_append_printf (snapshot, "%u\x1f", adw_combo_row_get_selected (combos[i]));
  for (guint i = 0; i < CW_PHOTO_PURPOSE_LAST; i++)
    g_string_append_printf (snapshot, "%u\x1f",
                            adw_combo_row_get_selected (self->purpose_rows[i]));
  g_string_append_printf (snapshot, "%d%d", gtk_switch_get_active (self->written_switch),
                          gtk_switch_get_active (self->never_publish_switch));

  return g_string_free (snapshot, FALSE);
}

static gboolean
form_changed (CwPhotoConsentEditor *self)
{
  g_autofree char *now = form_snapshot (self);

  return g_strcmp0 (now, self->snapshot) != 0;
}

static void
clear_marks (CwPhotoConsentEditor *self)
{
  gpointer rows[] = {
    self->child_row, self->consenter_row, self->form_reference_row, self->agreed_on_row,
    self->date_given_row, self->review_date_row, self->retention_row, self->reason_row,
    self->purposes_group,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (rows[i]), "error");
}

/* A sentence above the form; @field (nullable) is marked and focused.
 * Nothing typed is touched. */
static void
show_problem (CwPhotoConsentEditor *self,
              const char           *sentence,
              GtkWidget            *field)
{
  clear_marks (self);
  gtk_label_set_text (self->error_label, sentence != NULL ? sentence : "");
  gtk_widget_set_visible (self->error_box, sentence != NULL);

  if (sentence != NULL)
    {
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

      /* The sentence is above the form: bring it into view. */
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
    }

  if (field != NULL)
    {
      gtk_widget_add_css_class (field, "error");
      gtk_widget_grab_focus (field);
    }
}

static gboolean
fail (GError    **error,
      GtkWidget **field_out,
      GtkWidget  *field,
      const char *sentence)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, sentence);
  *field_out = field;
  return FALSE;
}

/* Reads an optional date row: TRUE with an invalid date when blank. */
static gboolean
read_date (gpointer     row,
           const GDate *latest,
           const char  *what,
           GDate       *date_out,
           GtkWidget  **field_out,
           GError     **error)
{
  g_date_clear (date_out, 1);
  if (is_blank (row_text (row)))
    return TRUE;

  if (!cw_date_parse (row_text (row), latest, what, date_out, error))
    {
      *field_out = GTK_WIDGET (row);
      return FALSE;
    }

  return TRUE;
}

/*
 * A CwPhotoConsent holding what the form says, or NULL with the first
 * problem as a sentence and the field it is about. The core checks again.
 */
static CwPhotoConsent *
form_consent (CwPhotoConsentEditor  *self,
              GtkWidget            **field_out,
              GError               **error)
{
  g_autoptr(CwPhotoConsent) consent = NULL;
  CwChild *child = chosen_child (self);
  gboolean written = gtk_switch_get_active (self->written_switch);
  gboolean any_purpose = FALSE;
  GDate today, given, review, agreed;

  cw_date_today (&today);
  *field_out = NULL;

  if (self->consent == NULL && child == NULL)
    {
      fail (error, field_out, GTK_WIDGET (self->child_row),
            _("Choose the child the consent is for."));
      return NULL;
    }

  if (is_blank (row_text (self->consenter_row)))
    {
      fail (error, field_out, GTK_WIDGET (self->consenter_row),
            _("Type the name of the person who gave consent."));
      return NULL;
    }

  if (written && is_blank (row_text (self->form_reference_row)))
    {
      fail (error, field_out, GTK_WIDGET (self->form_reference_row),
            _("Type the reference of the written consent form, or switch off “Written "
              "consent form held” if there is no form."));
      return NULL;
    }

  /* A date typed before "not asked" was chosen again is not kept. */
  g_date_clear (&agreed, 1);
  if (adw_combo_row_get_selected (self->agreement_row) != CW_PHOTO_CHILD_NOT_ASKED &&
      !read_date (self->agreed_on_row, &today, _("The date the child was asked"), &agreed,
                  field_out, error))
    return NULL;

  for (guint i = 0; i < CW_PHOTO_PURPOSE_LAST; i++)
    if (adw_combo_row_get_selected (self->purpose_rows[i]) != CW_PHOTO_NOT_ASKED)
      any_purpose = TRUE;
  if (!any_purpose)
    {
      fail (error, field_out, GTK_WIDGET (self->purpose_rows[0]),
            _("Say for at least one purpose whether it was granted or refused."));
      return NULL;
    }

  if (is_blank (row_text (self->date_given_row)))
    {
      fail (error, field_out, GTK_WIDGET (self->date_given_row),
            _("Type the date consent was given."));
      return NULL;
    }
  if (!read_date (self->date_given_row, &today, _("The date consent was given"), &given,
                  field_out, error))
    return NULL;

  if (!read_date (self->review_date_row, NULL, _("The review date"), &review, field_out,
                  error))
    return NULL;
  if (g_date_valid (&review) && g_date_compare (&review, &given) <= 0)
    {
      g_autofree char *given_text = cw_date_format_long (&given);
      g_autofree char *sentence = NULL;

      /* TRANSLATORS: %s is the date consent was given, "14 March 2025". */
      sentence = g_strdup_printf (_("The review date must be after the date consent was "
                                    "given (%s)."), given_text);
      fail (error, field_out, GTK_WIDGET (self->review_date_row), sentence);
      return NULL;
    }

  if (self->consent != NULL && is_blank (row_text (self->reason_row)))
    {
      fail (error, field_out, GTK_WIDGET (self->reason_row),
            _("Give the reason for the correction."));
      return NULL;
    }

  consent = self->consent != NULL ? cw_photo_consent_copy (self->consent)
                                  : cw_photo_consent_new ();
  if (self->consent == NULL)
    cw_photo_consent_set_child_id (consent, cw_child_get_id (child));
  cw_photo_consent_set_consenter_name (consent, g_strstrip (g_strdup (
                                                  row_text (self->consenter_row))));
  cw_photo_consent_set_relationship (consent, (CwPhotoRelationship)
                                     adw_combo_row_get_selected (self->relationship_row));
  cw_photo_consent_set_written_consent (consent, written);
  cw_photo_consent_set_form_reference (consent, written ? row_text (self->form_reference_row)
                                                        : "");
  cw_photo_consent_set_child_agreement (consent, (CwPhotoChildAgreement)
                                        adw_combo_row_get_selected (self->agreement_row));
  cw_photo_consent_set_child_agreed_on (consent, &agreed);
  for (guint i = 0; i < CW_PHOTO_PURPOSE_LAST; i++)
    cw_photo_consent_set_permission (consent, i, (CwPhotoPermission)
                                     adw_combo_row_get_selected (self->purpose_rows[i]));
  cw_photo_consent_set_naming (consent, (CwPhotoNaming)
                               adw_combo_row_get_selected (self->naming_row));
  cw_photo_consent_set_date_given (consent, &given);
  cw_photo_consent_set_review_date (consent, &review);
  cw_photo_consent_set_retention (consent, row_text (self->retention_row));
  cw_photo_consent_set_never_publish (consent, gtk_switch_get_active (self->never_publish_switch));

  return g_steal_pointer (&consent);
}

static void
update_age_rule (CwPhotoConsentEditor *self)
{
  CwChild *child = chosen_child (self);
  g_autofree char *text = NULL;
  GDate today;

  if (child == NULL)
    {
      gtk_label_set_text (self->age_rule_label,
                          _("Under 13, a parent or carer with parental responsibility "
                            "consents (or the local authority for a looked-after child); "
                            "13 to 16, a parent or carer and the child; 17 and over, the "
                            "child."));
      return;
    }

  cw_date_today (&today);
  text = cw_photo_describe_age_rule (child, &today);
  gtk_label_set_text (self->age_rule_label, text);
}

static void
add_purpose_rows (CwPhotoConsentEditor *self)
{
  const char *titles[] = {
    cw_photo_permission_get_title (CW_PHOTO_NOT_ASKED),
    cw_photo_permission_get_title (CW_PHOTO_GRANTED),
    cw_photo_permission_get_title (CW_PHOTO_REFUSED),
  };

  for (guint i = 0; i < CW_PHOTO_PURPOSE_LAST; i++)
    {
      AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());
      g_autofree char *name = g_strdup_printf ("purpose_%s", cw_photo_purpose_get_id (i));

      gtk_widget_set_name (GTK_WIDGET (row), name);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), cw_photo_purpose_get_title (i));
      adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);
      set_titles (row, titles, G_N_ELEMENTS (titles));
      if (i == CW_PHOTO_PURPOSE_PROMOTIONAL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                     _("Also needs the manager’s consent"));
      else if (cw_photo_purpose_is_publication (i))
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                     _("Publishes the image to others"));
      adw_preferences_group_add (self->purposes_group, GTK_WIDGET (row));
      self->purpose_rows[i] = row;
    }
}

static void
fill_form (CwPhotoConsentEditor *self,
           gint64                child_id)
{
  const char *relationships[] = {
    cw_photo_relationship_get_title (CW_PHOTO_BY_PARENT_CARER),
    cw_photo_relationship_get_title (CW_PHOTO_BY_LOCAL_AUTHORITY),
    cw_photo_relationship_get_title (CW_PHOTO_BY_CHILD),
  };
  const char *agreements[] = {
    cw_photo_child_agreement_get_title (CW_PHOTO_CHILD_NOT_ASKED),
    cw_photo_child_agreement_get_title (CW_PHOTO_CHILD_AGREED),
    cw_photo_child_agreement_get_title (CW_PHOTO_CHILD_DID_NOT_AGREE),
  };
  const char *namings[] = {
    cw_photo_naming_get_title (CW_PHOTO_NAMING_NO_NAME),
    cw_photo_naming_get_title (CW_PHOTO_NAMING_FIRST_NAME),
  };
  g_autoptr(GtkExpression) expression = cw_photo_child_choice_expression ();
  CwPhotoConsent *consent = self->consent;
  GDate today;

  set_titles (self->relationship_row, relationships, G_N_ELEMENTS (relationships));
  set_titles (self->agreement_row, agreements, G_N_ELEMENTS (agreements));
  set_titles (self->naming_row, namings, G_N_ELEMENTS (namings));
  add_purpose_rows (self);

  self->child_choices = cw_photo_child_choices_new (self->session);
  adw_combo_row_set_expression (self->child_row, expression);
  adw_combo_row_set_model (self->child_row, self->child_choices);
  if (consent != NULL)
    child_id = cw_photo_consent_get_child_id (consent);
  adw_combo_row_set_selected (self->child_row,
                              cw_photo_child_choices_find (self->child_choices, child_id));

  if (consent == NULL)
    {
      adw_window_title_set_title (self->window_title, _("Record Photo Consent"));
      gtk_window_set_title (GTK_WINDOW (self), _("Record Photo Consent"));
      gtk_button_set_label (self->save_button, _("_Record"));
      cw_date_today (&today);
      set_date_text (self->date_given_row, &today);
    }
  else
    {
      adw_window_title_set_title (self->window_title, _("Correct Photo Consent"));
      if (cw_photo_consent_get_child_name (consent) != NULL)
        adw_window_title_set_subtitle (self->window_title,
                                       cw_photo_consent_get_child_name (consent));
      gtk_window_set_title (GTK_WINDOW (self), _("Correct Photo Consent"));
      gtk_button_set_label (self->save_button, _("_Save Correction"));
      /* A consent record stays with its child. */
      gtk_widget_set_sensitive (GTK_WIDGET (self->child_row), FALSE);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->child_row),
                                   _("A consent record stays with its child"));
      gtk_widget_set_visible (self->correction_group, TRUE);

      set_row_text (self->consenter_row, cw_photo_consent_get_consenter_name (consent));
      adw_combo_row_set_selected (self->relationship_row,
                                  cw_photo_consent_get_relationship (consent));
      gtk_switch_set_active (self->written_switch,
                             cw_photo_consent_get_written_consent (consent));
      set_row_text (self->form_reference_row, cw_photo_consent_get_form_reference (consent));
      adw_combo_row_set_selected (self->agreement_row,
                                  cw_photo_consent_get_child_agreement (consent));
      set_date_text (self->agreed_on_row, cw_photo_consent_get_child_agreed_on (consent));
      for (guint i = 0; i < CW_PHOTO_PURPOSE_LAST; i++)
        adw_combo_row_set_selected (self->purpose_rows[i],
                                    cw_photo_consent_get_permission (consent, i));
      adw_combo_row_set_selected (self->naming_row, cw_photo_consent_get_naming (consent));
      set_date_text (self->date_given_row, cw_photo_consent_get_date_given (consent));
      set_date_text (self->review_date_row, cw_photo_consent_get_review_date (consent));
      set_row_text (self->retention_row, cw_photo_consent_get_retention (consent));
      gtk_switch_set_active (self->never_publish_switch,
                             cw_photo_consent_get_never_publish (consent));
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->form_reference_row),
                            gtk_switch_get_active (self->written_switch));
  gtk_widget_set_sensitive (GTK_WIDGET (self->agreed_on_row),
                            adw_combo_row_get_selected (self->agreement_row)
                            != CW_PHOTO_CHILD_NOT_ASKED);
  update_age_rule (self);

  g_free (self->snapshot);
  self->snapshot = form_snapshot (self);
}

/* Callbacks --------------------------------------------------------------- */

static void
child_changed_cb (CwPhotoConsentEditor *self)
{
  if (self->child_choices == NULL)
    return;

  gtk_widget_remove_css_class (GTK_WIDGET (self->child_row), "error");
  update_age_rule (self);
}

static void
written_changed_cb (CwPhotoConsentEditor *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->form_reference_row),
                            gtk_switch_get_active (self->written_switch));
}

static void
agreement_changed_cb (CwPhotoConsentEditor *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->agreed_on_row),
                            adw_combo_row_get_selected (self->agreement_row)
                            != CW_PHOTO_CHILD_NOT_ASKED);
}

static void
save_button_clicked_cb (CwPhotoConsentEditor *self)
{
  g_autoptr(CwPhotoConsent) consent = NULL;
  g_autoptr(CwPhotoConsent) stored = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *field = NULL;

  consent = form_consent (self, &field, &error);
  if (consent == NULL)
    {
      show_problem (self, error->message, field);
      return;
    }

  if (self->consent == NULL)
    stored = cw_photo_consent_register_record (self->consents, consent, &error);
  else
    stored = cw_photo_consent_register_correct (self->consents,
                                                cw_photo_consent_get_id (self->consent),
                                                consent, row_text (self->reason_row), &error);

  if (stored == NULL)
    {
      /* Everything typed stays on the form. */
      show_problem (self, error != NULL ? error->message
                                        : _("The photo consent could not be recorded."),
                    NULL);
      return;
    }

  show_problem (self, NULL, NULL);
  self->close_confirmed = TRUE;
  g_signal_emit (self, signals[SAVED], 0, cw_photo_consent_get_id (stored));
  gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
close_confirmed_cb (gpointer user_data)
{
  CwPhotoConsentEditor *self = user_data;

  if (!self->disposed)
    gtk_window_destroy (GTK_WINDOW (self));

  return G_SOURCE_REMOVE;
}

static void
discard_response_cb (AdwMessageDialog     *dialog,
                     const char           *response,
                     CwPhotoConsentEditor *self)
{
  if (g_strcmp0 (response, "discard") != 0)
    return;

  self->close_confirmed = TRUE;
  g_idle_add_full (G_PRIORITY_DEFAULT, close_confirmed_cb, g_object_ref (self), g_object_unref);
}

/* Overrides --------------------------------------------------------------- */

/* Closing with changes not saved asks first. */
static gboolean
cw_photo_consent_editor_close_request (GtkWindow *window)
{
  CwPhotoConsentEditor *self = CW_PHOTO_CONSENT_EDITOR (window);
  AdwMessageDialog *dialog;

  if (self->close_confirmed || self->snapshot == NULL || !form_changed (self))
    return GTK_WINDOW_CLASS (cw_photo_consent_editor_parent_class)->close_request (window);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, NULL, NULL));
  adw_message_dialog_set_heading (dialog, self->consent == NULL
                                          ? _("Discard the New Consent?")
                                          : _("Discard the Correction?"));
  adw_message_dialog_set_body (dialog, _("What you typed has not been saved."));
  adw_message_dialog_add_responses (dialog,
                                    "keep", _("_Keep Editing"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "keep");
  adw_message_dialog_set_close_response (dialog, "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  return TRUE;
}

static void
cw_photo_consent_editor_dispose (GObject *object)
{
  CwPhotoConsentEditor *self = CW_PHOTO_CONSENT_EDITOR (object);

  self->disposed = TRUE;
  gtk_widget_dispose_template (GTK_WIDGET (self), CW_TYPE_PHOTO_CONSENT_EDITOR);
  g_clear_object (&self->child_choices);
  g_clear_object (&self->consents);
  g_clear_object (&self->consent);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (cw_photo_consent_editor_parent_class)->dispose (object);
}

static void
cw_photo_consent_editor_finalize (GObject *object)
{
  CwPhotoConsentEditor *self = CW_PHOTO_CONSENT_EDITOR (object);

  g_free (self->snapshot);

  G_OBJECT_CLASS (cw_photo_consent_editor_parent_class)->finalize (object);
}

static void
cw_photo_consent_editor_class_init (CwPhotoConsentEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = cw_photo_consent_editor_dispose;
  object_class->finalize = cw_photo_consent_editor_finalize;
  window_class->close_request = cw_photo_consent_editor_close_request;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/casework/Casework/"
                                               "cw-photo-consent-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CwPhotoConsentEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoConsentEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoConsentEditor, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoConsentEditor, error_box);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoConsentEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoConsentEditor, child_row);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoConsentEditor, age_rule_label);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoConsentEditor, consenter_row);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoConsentEditor, relationship_row);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoConsentEditor, written_switch);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoConsentEditor,
                                        form_reference_row);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoConsentEditor, agreement_row);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoConsentEditor, agreed_on_row);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoConsentEditor, purposes_group);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoConsentEditor, naming_row);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoConsentEditor, date_given_row);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoConsentEditor, review_date_row);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoConsentEditor, retention_row);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoConsentEditor,
                                        never_publish_switch);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoConsentEditor, correction_group);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoConsentEditor, reason_row);
  gtk_widget_class_bind_template_callback (widget_class, save_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, child_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, written_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, agreement_changed_cb);
}

static void
cw_photo_consent_editor_init (CwPhotoConsentEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The sentence under the child is read with it. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->child_row),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  self->age_rule_label, NULL,
                                  -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->save_button),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  self->error_label, NULL,
                                  -1);
}

/* Public ------------------------------------------------------------------ */

GtkWidget *
cw_photo_consent_editor_new (CwSession      *session,
                             CwPhotoConsent *consent_or_null,
                             gint64          child_id,
                             GtkWindow      *parent)
{
  CwPhotoConsentEditor *self;

  g_return_val_if_fail (CW_IS_SESSION (session), NULL);
  g_return_val_if_fail (consent_or_null == NULL || CW_IS_PHOTO_CONSENT (consent_or_null), NULL);

  self = g_object_new (CW_TYPE_PHOTO_CONSENT_EDITOR, NULL);
  self->session = g_object_ref (session);
  self->consents = cw_photo_consent_register_new (session);
  if (consent_or_null != NULL)
    self->consent = g_object_ref (consent_or_null);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);

  fill_form (self, child_id);

  return GTK_WIDGET (self);
}

GListModel *
cw_photo_child_choices_new (CwSession *session)
{
  g_autoptr(CwChildRepository) children = cw_child_repository_new (session);
  g_autoptr(GListStore) parts = g_list_store_new (G_TYPE_LIST_MODEL);
  g_autoptr(GtkStringList) first = gtk_string_list_new (NULL);
  g_autoptr(GListModel) visible = cw_child_repository_list (children, NULL);

  gtk_string_list_append (first, _("Choose a child…"));
  g_list_store_append (parts, first);
  g_list_store_append (parts, visible);

  return G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (g_steal_pointer (&parts))));
}

GtkExpression *
cw_photo_child_choice_expression (void)
{
  return gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                      G_CALLBACK (child_choice_title_cb), NULL, NULL);
}

gint64
cw_photo_child_choice_get_id (gpointer item)
{
  return CW_IS_CHILD (item) ? cw_child_get_id (CW_CHILD (item)) : 0;
}

guint
cw_photo_child_choices_find (GListModel *choices,
                             gint64      child_id)
{
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (choices), 0);

  if (child_id <= 0)
    return 0;

  n = g_list_model_get_n_items (choices);
  for (guint i = 1; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (choices, i);

      if (cw_photo_child_choice_get_id (item) == child_id)
        return i;
    }

  return 0;
}

char *
cw_photo_describe_age_rule (CwChild     *child,
                            const GDate *on)
{
  CwPhotoDecision decision;
  g_autofree char *age = NULL;
  const char *rule;

  g_return_val_if_fail (CW_IS_CHILD (child), NULL);
  g_return_val_if_fail (on != NULL, NULL);

  cw_photo_consent_decide (child, NULL, CW_PHOTO_PURPOSE_CASE_RECORD, on, &decision);

  if (decision.age < 0)
    return g_strdup (cw_photo_reason_get_sentence (CW_PHOTO_REASON_DATE_OF_BIRTH_UNKNOWN));

  if (decision.age_approximate)
    /* TRANSLATORS: the child's age from an approximate date of birth */
    age = g_strdup_printf (_("Aged about %d (the date of birth is approximate)"), decision.age);
  else
    age = g_strdup_printf (_("Aged %d"), decision.age);

  if (decision.needs_parent && decision.needs_child)
    rule = _("a parent or carer with parental responsibility (or the local authority, for a "
             "looked-after child) must consent, and the child must agree too.");
  else if (decision.needs_parent)
    rule = _("a parent or carer with parental responsibility (or the local authority, for a "
             "looked-after child) consents. Ask the child as well and respect their wishes.");
  else
    rule = _("the child consents themselves.");

  /* TRANSLATORS: "Aged 16: a parent or carer … must consent, and the child must agree too." */
  return g_strdup_printf (_("%s: %s"), age, rule);
}
