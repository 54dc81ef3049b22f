/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-photo-consent-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "cw-form.h"
#include "cw-photo-consent-editor.h"
#include "cw-register-ui.h"

struct _CwPhotoConsentEditor
{
  AdwWindow               parent_instance;

  AdwWindowTitle         *window_title;
  GtkButton              *save_button;
  GtkWidget              *error_box;
  GtkLabel               *error_label;
  AdwActionRow           *child_row;
  CwChildChooser         *child_chooser;
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
  char                   *snapshot;       /* the form as first filled */
};

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CwPhotoConsentEditor, cw_photo_consent_editor, ADW_TYPE_WINDOW)

/* Helpers ----------------------------------------------------------------- */

static void
set_date_text (gpointer     row,
               const GDate *date)
{
  g_autofree char *text = NULL;

  if (date == NULL || !g_date_valid (date))
    return;

  text = cw_date_format_short (date);
  cw_form_set_row_text (row, text);
}

static CwChild *
chosen_child (CwPhotoConsentEditor *self)
{
  return cw_child_chooser_get_child (self->child_chooser);
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
    self->relationship_row, self->agreement_row, self->naming_row,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    g_string_append_printf (snapshot, "%s\x1f", cw_form_row_text (rows[i]));
  for (gsize i = 0; i < G_N_ELEMENTS (combos); i++)
    g_string_append_printf (snapshot, "%u\x1f", adw_combo_row_get_selected (combos[i]));
  for (guint i = 0; i < CW_PHOTO_PURPOSE_LAST; i++)
    g_string_append_printf (snapshot, "%u\x1f",
                            adw_combo_row_get_selected (self->purpose_rows[i]));
  g_string_append_printf (snapshot, "%d%d\x1f%" G_GINT64_FORMAT,
                          gtk_switch_get_active (self->written_switch),
                          gtk_switch_get_active (self->never_publish_switch),
                          cw_child_chooser_get_child_id (self->child_chooser));

  return g_string_free (snapshot, FALSE);
}

static gboolean
form_changed (CwPhotoConsentEditor *self)
{
  g_autofree char *now = form_snapshot (self);

  return g_strcmp0 (now, self->snapshot) != 0;
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
  if (cw_form_row_is_blank (row))
    return TRUE;

  if (!cw_date_parse (cw_form_row_text (row), latest, what, date_out, error))
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

  if (cw_form_row_is_blank (self->consenter_row))
    {
      fail (error, field_out, GTK_WIDGET (self->consenter_row),
            _("Type the name of the person who gave consent."));
      return NULL;
    }

  if (written && cw_form_row_is_blank (self->form_reference_row))
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

  if (cw_form_row_is_blank (self->date_given_row))
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

  if (self->consent != NULL && cw_form_row_is_blank (self->reason_row))
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
                                                  cw_form_row_text (self->consenter_row))));
  cw_photo_consent_set_relationship (consent, (CwPhotoRelationship)
                                     adw_combo_row_get_selected (self->relationship_row));
  cw_photo_consent_set_written_consent (consent, written);
  cw_photo_consent_set_form_reference (consent,
                                       written ? cw_form_row_text (self->form_reference_row) : "");
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
  cw_photo_consent_set_retention (consent, cw_form_row_text (self->retention_row));
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
      cw_form_combo_set_titles (row, titles, G_N_ELEMENTS (titles), 0);
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
  CwPhotoConsent *consent = self->consent;
  GDate today;

  cw_form_combo_set_titles (self->relationship_row, relationships, G_N_ELEMENTS (relationships),
                            0);
  cw_form_combo_set_titles (self->agreement_row, agreements, G_N_ELEMENTS (agreements), 0);
  cw_form_combo_set_titles (self->naming_row, namings, G_N_ELEMENTS (namings), 0);
  add_purpose_rows (self);

  if (consent != NULL)
    cw_child_chooser_set_stored_child (self->child_chooser,
                                       cw_photo_consent_get_child_id (consent),
                                       cw_photo_consent_get_child_name (consent));
  else
    cw_child_chooser_set_child_id (self->child_chooser, child_id);

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
      cw_child_chooser_set_locked (self->child_chooser, TRUE,
                                   _("A consent record stays with its child"));
      gtk_widget_set_visible (self->correction_group, TRUE);

      cw_form_set_row_text (self->consenter_row, cw_photo_consent_get_consenter_name (consent));
      adw_combo_row_set_selected (self->relationship_row,
                                  cw_photo_consent_get_relationship (consent));
      gtk_switch_set_active (self->written_switch,
                             cw_photo_consent_get_written_consent (consent));
      cw_form_set_row_text (self->form_reference_row,
                            cw_photo_consent_get_form_reference (consent));
      adw_combo_row_set_selected (self->agreement_row,
                                  cw_photo_consent_get_child_agreement (consent));
      set_date_text (self->agreed_on_row, cw_photo_consent_get_child_agreed_on (consent));
      for (guint i = 0; i < CW_PHOTO_PURPOSE_LAST; i++)
        adw_combo_row_set_selected (self->purpose_rows[i],
                                    cw_photo_consent_get_permission (consent, i));
      adw_combo_row_set_selected (self->naming_row, cw_photo_consent_get_naming (consent));
      set_date_text (self->date_given_row, cw_photo_consent_get_date_given (consent));
      set_date_text (self->review_date_row, cw_photo_consent_get_review_date (consent));
      cw_form_set_row_text (self->retention_row, cw_photo_consent_get_retention (consent));
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
      cw_form_show_problem (self->error_box, self->error_label, error->message, field);
      return;
    }

  if (self->consent == NULL)
    stored = cw_photo_consent_register_record (self->consents, consent, &error);
  else
    stored = cw_photo_consent_register_correct (self->consents,
                                                cw_photo_consent_get_id (self->consent),
                                                consent, cw_form_row_text (self->reason_row),
                                                &error);

  /* Everything typed stays on the form when it could not be. */
  if (!cw_form_save_done (self->error_box, self->error_label, stored != NULL, error,
                          _("The photo consent could not be recorded."), NULL))
    return;

  g_signal_emit (self, signals[SAVED], 0, cw_photo_consent_get_id (stored));
  cw_form_close (GTK_WINDOW (self));
}

/* Overrides --------------------------------------------------------------- */

/* Closing with changes not saved asks first. */
static gboolean
cw_photo_consent_editor_close_request (GtkWindow *window)
{
  CwPhotoConsentEditor *self = CW_PHOTO_CONSENT_EDITOR (window);

  if (cw_form_may_close (window) || self->snapshot == NULL || !form_changed (self))
    return GTK_WINDOW_CLASS (cw_photo_consent_editor_parent_class)->close_request (window);

  return cw_form_ask_discard (window, self->consent == NULL ? _("Discard the New Consent?")
                                                            : _("Discard the Correction?"));
}

static void
cw_photo_consent_editor_dispose (GObject *object)
{
  CwPhotoConsentEditor *self = CW_PHOTO_CONSENT_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CW_TYPE_PHOTO_CONSENT_EDITOR);
  self->child_chooser = NULL;
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
  gtk_widget_class_bind_template_callback (widget_class, written_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, agreement_changed_cb);
}

static void
cw_photo_consent_editor_init (CwPhotoConsentEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The sentence under the child is read with it. */
  cw_form_describe_with (GTK_WIDGET (self->child_row), self->age_rule_label);
  cw_form_describe_with (GTK_WIDGET (self->save_button), self->error_label);
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
  cw_form_set_parent (GTK_WINDOW (self), parent);

  self->child_chooser = CW_CHILD_CHOOSER (cw_child_chooser_new (session, _("No child")));
  gtk_widget_set_name (GTK_WIDGET (self->child_chooser), "child_chooser");
  gtk_widget_set_valign (GTK_WIDGET (self->child_chooser), GTK_ALIGN_CENTER);
  cw_child_chooser_set_show_reference (self->child_chooser, TRUE);
  adw_action_row_add_suffix (self->child_row, GTK_WIDGET (self->child_chooser));
  g_signal_connect_object (self->child_chooser, "changed", G_CALLBACK (child_changed_cb), self,
                           G_CONNECT_SWAPPED);

  fill_form (self, child_id);

  return GTK_WIDGET (self);
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
