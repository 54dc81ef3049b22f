/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-photo-consent-page"

#include "config.h"

#include <glib/gi18n.h>

#include "core/cw-photo-consent.h"
#include "core/cw-register-export.h"
#include "cw-page-util.h"
#include "cw-photo-check-dialog.h"
#include "cw-photo-consent-editor.h"
#include "cw-photo-consent-page.h"
#include "cw-register-ui.h"

/* The filter bar's one flag. */
#define FLAG_NEVER_PUBLISH 1u

/* How far down the list a record is looked for to select it again. */
#define RESELECT_LIMIT 2000

struct _CwPhotoConsentPage
{
  CwPage                  parent_instance;

  AdwToastOverlay        *toast_overlay;
  GtkBox                 *filter_box;
  GtkToggleButton        *reviews_due_toggle;
  GtkToggleButton        *withdrawn_toggle;
  GtkLabel               *heading_label;
  GtkLabel               *counts_label;
  GtkWidget              *list_scroller;
  GtkListView            *consent_list;
  AdwStatusPage          *empty_status;
  GtkLabel               *error_label;
  GtkWidget              *no_selection_status;
  GtkWidget              *actions_box;
  GtkBox                 *detail_box;
  GtkWidget              *check_use_button;
  GtkWidget              *correct_button;
  GtkWidget              *withdraw_button;
  GtkWidget              *manager_button;
  GtkWidget              *filter_bar;

  CwSession              *session;
  CwPhotoConsentRegister *consents;
  GtkSingleSelection     *selection;
  CwPhotoConsent         *selected;       /* the current version, loaded */
  CwPhotoConsentFilter    filter;         /* of the list shown */

  /* What was typed for a withdrawal, kept until it is recorded. */
  gint64                  pending_id;
  char                   *pending_on;
  char                   *pending_by;
  char                   *pending_action;
};

G_DEFINE_FINAL_TYPE (CwPhotoConsentPage, cw_photo_consent_page, CW_TYPE_PAGE)

static void reload_keeping (CwPhotoConsentPage *self,
                            gint64              consent_id);

/* Helpers ----------------------------------------------------------------- */

static void
clear_pending (CwPhotoConsentPage *self)
{
  self->pending_id = 0;
  g_clear_pointer (&self->pending_on, g_free);
  g_clear_pointer (&self->pending_by, g_free);
  g_clear_pointer (&self->pending_action, g_free);
}

static gboolean
is_withdrawn (CwPhotoConsent *consent)
{
  const GDate *on = cw_photo_consent_get_withdrawn_on (consent);

  return on != NULL && g_date_valid (on);
}

static gboolean
is_review_due (CwPhotoConsent *consent,
               const GDate    *today)
{
  const GDate *review = cw_photo_consent_get_review_date (consent);

  return !is_withdrawn (consent) && review != NULL && g_date_valid (review) &&
         g_date_compare (review, today) <= 0;
}

static const char *
child_name (CwPhotoConsent *consent)
{
  const char *name = cw_photo_consent_get_child_name (consent);

  return name != NULL ? name : _("A child whose record is not shared with you");
}

/* "Granted: Website, Displays in the setting · Refused: Social media" */
static char *
describe_purposes (CwPhotoConsent *consent)
{
  g_autoptr(GString) granted = g_string_new (NULL);
  g_autoptr(GString) refused = g_string_new (NULL);

  for (guint i = 0; i < CW_PHOTO_PURPOSE_LAST; i++)
    {
      CwPhotoPermission permission = cw_photo_consent_get_permission (consent, i);
      GString *list = permission == CW_PHOTO_GRANTED ? granted
                      : permission == CW_PHOTO_REFUSED ? refused : NULL;

      if (list == NULL)
        continue;
      if (list->len > 0)
        g_string_append (list, _(", "));
      g_string_append (list, cw_photo_purpose_get_title (i));
    }

  if (granted->len > 0 && refused->len > 0)
    /* TRANSLATORS: the purposes granted, then those refused */
    return g_strdup_printf (_("Granted: %s · Refused: %s"), granted->str, refused->str);
  if (granted->len > 0)
    return g_strdup_printf (_("Granted: %s"), granted->str);
  if (refused->len > 0)
    return g_strdup_printf (_("Refused: %s"), refused->str);

  return g_strdup (_("No purpose granted or refused"));
}

/* The flags of a record as badges in @box. */
static void
add_badges (GtkBox         *box,
            CwPhotoConsent *consent,
            const GDate    *today)
{
  if (is_withdrawn (consent))
    {
      g_autofree char *on = cw_date_format_long (cw_photo_consent_get_withdrawn_on (consent));
      g_autofree char *why = g_strdup_printf (_("Consent was withdrawn on %s. Images may not "
                                                "be used."), on);

      gtk_box_append (box, cw_badge_new (_("Withdrawn"), why, CW_BADGE_ERROR));
    }

  if (is_review_due (consent, today))
    {
      g_autofree char *on = cw_date_format_long (cw_photo_consent_get_review_date (consent));
      g_autofree char *why = g_strdup_printf (_("The review date, %s, has been reached: "
                                                "ask again before images are used."), on);

      gtk_box_append (box, cw_badge_new (_("Review due"), why, CW_BADGE_WARNING));
    }

  if (cw_photo_consent_get_never_publish (consent))
    gtk_box_append (box, cw_badge_new (_("Never publish"),
                                       cw_photo_reason_get_sentence (
                                         CW_PHOTO_REASON_NEVER_PUBLISH),
                                       CW_BADGE_ERROR));

  if (!cw_photo_consent_get_written_consent (consent))
    gtk_box_append (box, cw_badge_new (_("Not in writing"),
                                       cw_photo_reason_get_sentence (
                                         CW_PHOTO_REASON_NOT_IN_WRITING),
                                       CW_BADGE_WARNING));

  if (cw_photo_consent_get_permission (consent, CW_PHOTO_PURPOSE_PROMOTIONAL)
      == CW_PHOTO_GRANTED && cw_photo_consent_get_manager_consent_by (consent) <= 0)
    gtk_box_append (box, cw_badge_new (_("Manager’s consent needed"),
                                       cw_photo_reason_get_sentence (
                                         CW_PHOTO_REASON_MANAGER_CONSENT_MISSING),
                                       CW_BADGE_WARNING));
}

static void
build_filter (CwPhotoConsentPage   *self,
              CwPhotoConsentFilter *filter)
{
  CwRegisterFilterBar *bar = CW_REGISTER_FILTER_BAR (self->filter_bar);

  cw_photo_consent_filter_init (filter);
  filter->recorded_by = cw_register_filter_bar_get_staff_id (bar);
  filter->child_id = cw_register_filter_bar_get_child_id (bar);
  cw_register_filter_bar_get_range (bar, &filter->from, &filter->to);
  filter->never_publish_only = (cw_register_filter_bar_get_flags (bar) & FLAG_NEVER_PUBLISH) != 0;
  if (gtk_toggle_button_get_active (self->reviews_due_toggle))
    cw_date_today (&filter->review_due_on);
  filter->withdrawn_only = gtk_toggle_button_get_active (self->withdrawn_toggle);
}

static void
update_heading (CwPhotoConsentPage *self)
{
  CwRegisterFilterBar *bar = CW_REGISTER_FILTER_BAR (self->filter_bar);
  g_autofree char *filters = cw_register_filter_bar_describe (bar);
  g_autofree char *count = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *due_text = NULL;
  g_autofree char *withdrawn_text = NULL;
  gint64 n = cw_photo_consent_register_count (self->consents, &self->filter);
  gint64 due, withdrawn;
  GDate today;

  cw_date_today (&today);
  due = cw_photo_consent_register_count_reviews_due (self->consents, &today);
  withdrawn = cw_photo_consent_register_count_withdrawn (self->consents);

  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" G_GINT64_FORMAT " consent",
                                        "%" G_GINT64_FORMAT " consents", (gulong) n), n);
  if (filters == NULL &&
      (self->filter.withdrawn_only || g_date_valid (&self->filter.review_due_on)))
    filters = g_strdup (_("filtered"));
  heading = cw_count_with_filters (count, filters);
  gtk_label_set_text (self->heading_label, heading);

  due_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" G_GINT64_FORMAT " review due",
                                           "%" G_GINT64_FORMAT " reviews due", (gulong) due),
                              due);
  withdrawn_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "%" G_GINT64_FORMAT " withdrawn",
                                                 "%" G_GINT64_FORMAT " withdrawn",
                                                 (gulong) withdrawn),
                                    withdrawn);
  /* TRANSLATORS: "2 reviews due · 1 withdrawn" */
  counts = g_strdup_printf (_("%s · %s"), due_text, withdrawn_text);
  gtk_label_set_text (self->counts_label, counts);
  if (due > 0 || withdrawn > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->counts_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->counts_label), "warning");
}

/* Detail ------------------------------------------------------------------ */

static void
add_purposes (CwPhotoConsentPage *self,
              CwPhotoConsent     *consent)
{
  cw_detail_add_heading (self->detail_box, _("Purposes"));

  for (guint i = 0; i < CW_PHOTO_PURPOSE_LAST; i++)
    {
      CwPhotoPermission permission = cw_photo_consent_get_permission (consent, i);
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *title = gtk_label_new (cw_photo_purpose_get_title (i));
      GtkWidget *badge;
      g_autofree char *name = g_strdup_printf ("detail_purpose_%s",
                                               cw_photo_purpose_get_id (i));

      gtk_label_set_xalign (GTK_LABEL (title), 0.0f);
      gtk_label_set_wrap (GTK_LABEL (title), TRUE);
      gtk_widget_set_hexpand (title, TRUE);
      badge = cw_badge_new (cw_photo_permission_get_title (permission), NULL,
                            permission == CW_PHOTO_GRANTED ? CW_BADGE_SUCCESS
                            : permission == CW_PHOTO_REFUSED ? CW_BADGE_ERROR
                            : CW_BADGE_NEUTRAL);
      gtk_widget_set_name (badge, name);
      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (row), title);
      gtk_box_append (GTK_BOX (row), badge);
      gtk_box_append (self->detail_box, row);
    }
}

static void
add_versions (CwPhotoConsentPage *self,
              CwPhotoConsent     *consent)
{
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GError) error = NULL;

  cw_detail_add_heading (self->detail_box, _("Versions"));
  versions = cw_photo_consent_register_list_versions (self->consents,
                                                     cw_photo_consent_get_id (consent), &error);
  if (versions == NULL)
    {
      cw_detail_add_text (self->detail_box, NULL, error->message);
      return;
    }

  /* Newest first. */
  for (guint i = versions->len; i > 0; i--)
    {
      CwPhotoConsent *version = g_ptr_array_index (versions, i - 1);

      cw_detail_add_version (self->detail_box, self->session,
                             i == versions->len ? "detail_latest_version" : NULL,
                             cw_photo_consent_get_version (version),
                             cw_photo_consent_get_written_at (version),
                             cw_photo_consent_get_written_by (version),
                             cw_photo_consent_get_correction_reason (version));
      if (cw_photo_consent_get_version (version) == 1)
        cw_detail_add_text (self->detail_box, NULL, _("First recorded."));
    }
}

static void
show_detail (CwPhotoConsentPage *self)
{
  CwPhotoConsent *consent = self->selected;
  g_autofree char *text = NULL;
  g_autofree char *given = NULL;
  g_autofree char *review = NULL;
  g_autofree char *recorded_at = NULL;
  GtkWidget *badges;
  gboolean may_see_child, may_review;
  GDate today;

  cw_detail_reset (self->detail_box, self->no_selection_status, self->actions_box,
                   consent != NULL);
  if (consent == NULL)
    return;

  cw_date_today (&today);

  cw_detail_add_text (self->detail_box, "detail_child", child_name (consent));
  gtk_widget_add_css_class (gtk_widget_get_last_child (GTK_WIDGET (self->detail_box)),
                            "title-3");
  badges = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_name (badges, "detail_badges");
  add_badges (GTK_BOX (badges), consent, &today);
  gtk_box_append (self->detail_box, badges);

  cw_detail_add_heading (self->detail_box, _("Who gave consent"));
  /* TRANSLATORS: name · relationship to the child */
  text = g_strdup_printf (_("%s · %s"), cw_photo_consent_get_consenter_name (consent),
                          cw_photo_relationship_get_title (
                            cw_photo_consent_get_relationship (consent)));
  cw_detail_add_text (self->detail_box, "detail_consenter", text);
  g_clear_pointer (&text, g_free);

  cw_detail_add_heading (self->detail_box, _("Written consent"));
  if (cw_photo_consent_get_written_consent (consent))
    text = g_strdup_printf (_("Form held, reference %s"),
                            cw_photo_consent_get_form_reference (consent));
  else
    text = g_strdup (_("No written consent form is held. Images may not be used until one "
                       "is."));
  cw_detail_add_text (self->detail_box, "detail_written", text);
  g_clear_pointer (&text, g_free);

  cw_detail_add_heading (self->detail_box, _("The child’s own agreement"));
  {
    const GDate *agreed = cw_photo_consent_get_child_agreed_on (consent);
    const char *title = cw_photo_child_agreement_get_title (
                          cw_photo_consent_get_child_agreement (consent));

    if (agreed != NULL && g_date_valid (agreed))
      {
        g_autofree char *on = cw_date_format_long (agreed);

        /* TRANSLATORS: "The child agreed, on 14 March 2025" */
        text = g_strdup_printf (_("%s, on %s"), title, on);
      }
    else
      text = g_strdup (title);
    cw_detail_add_text (self->detail_box, "detail_agreement", text);
    g_clear_pointer (&text, g_free);
  }

  add_purposes (self, consent);

  cw_detail_add_heading (self->detail_box, _("Naming"));
  text = g_strdup_printf (_("If an image is used: %s"),
                          cw_photo_naming_get_title (cw_photo_consent_get_naming (consent)));
  cw_detail_add_text (self->detail_box, "detail_naming", text);
  g_clear_pointer (&text, g_free);

  cw_detail_add_heading (self->detail_box, _("Dates"));
  given = cw_date_format_long (cw_photo_consent_get_date_given (consent));
  review = cw_date_format_long (cw_photo_consent_get_review_date (consent));
  if (*review != '\0')
    text = g_strdup_printf (_("Given on %s. To be reviewed by %s."), given, review);
  else
    text = g_strdup_printf (_("Given on %s. No review date is set."), given);
  cw_detail_add_text (self->detail_box, "detail_dates", text);
  g_clear_pointer (&text, g_free);

  cw_detail_add_heading (self->detail_box, _("How long images are kept"));
  cw_detail_add_text (self->detail_box, "detail_retention",
                      cw_photo_consent_get_retention (consent));

  cw_detail_add_heading (self->detail_box, _("Withdrawal"));
  if (is_withdrawn (consent))
    {
      g_autofree char *on = cw_date_format_long (cw_photo_consent_get_withdrawn_on (consent));
      const char *action = cw_photo_consent_get_withdrawal_action (consent);

      text = g_strdup_printf (_("Withdrawn on %s by %s.\nAction taken: %s"), on,
                              cw_photo_consent_get_withdrawn_by (consent),
                              action != NULL && *action != '\0' ? action : _("not recorded"));
    }
  else
    text = g_strdup (_("Not withdrawn"));
  cw_detail_add_text (self->detail_box, "detail_withdrawal", text);
  g_clear_pointer (&text, g_free);

  cw_detail_add_heading (self->detail_box, _("Safeguarding"));
  cw_detail_add_text (self->detail_box, "detail_never_publish",
                      cw_photo_consent_get_never_publish (consent)
                      ? cw_photo_reason_get_sentence (CW_PHOTO_REASON_NEVER_PUBLISH)
                      : _("No never-publish flag"));

  cw_detail_add_heading (self->detail_box, _("Manager’s consent for promotional use"));
  if (cw_photo_consent_get_manager_consent_by (consent) > 0)
    {
      g_autofree char *at = cw_time_format (cw_photo_consent_get_manager_consent_at (consent));
      const char *name = cw_photo_consent_get_manager_consent_name (consent);

      text = g_strdup_printf (_("Given by %s, %s"), name != NULL ? name : _("a manager"), at);
    }
  else
    text = g_strdup (_("Not given"));
  cw_detail_add_text (self->detail_box, "detail_manager", text);
  g_clear_pointer (&text, g_free);

  cw_detail_add_heading (self->detail_box, _("Recorded"));
  recorded_at = cw_time_format (cw_photo_consent_get_created_at (consent));
  text = g_strdup_printf (_("By %s, %s"), cw_photo_consent_get_recorded_by_name (consent),
                          recorded_at);
  cw_detail_add_text (self->detail_box, "detail_recorded", text);
  g_clear_pointer (&text, g_free);

  add_versions (self, consent);

  /* What the person may do: the core checks again. */
  may_see_child = cw_photo_consent_get_child_name (consent) != NULL;
  may_review = cw_may_review_registers (self->session);
  gtk_widget_set_visible (self->check_use_button, may_see_child);
  gtk_widget_set_visible (self->correct_button, may_see_child);
  gtk_widget_set_visible (self->withdraw_button, may_see_child && !is_withdrawn (consent));
  gtk_widget_set_visible (self->manager_button,
                          may_see_child && may_review && !is_withdrawn (consent) &&
                          cw_photo_consent_get_manager_consent_by (consent) <= 0);
  gtk_widget_set_visible (self->actions_box, may_see_child);
}

/* List -------------------------------------------------------------------- */

static void
setup_item_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkBox *row = cw_list_row_new (item);
  GtkWidget *purposes, *review;

  gtk_widget_add_css_class (cw_list_row_add_title (row, "child", "given"), "dim-label");
  cw_list_row_add_label (row, "who", NULL);
  purposes = cw_list_row_add_label (row, "purposes", "dim-label");
  gtk_label_set_ellipsize (GTK_LABEL (purposes), PANGO_ELLIPSIZE_NONE);
  gtk_label_set_wrap (GTK_LABEL (purposes), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (purposes), PANGO_WRAP_WORD_CHAR);
  review = cw_list_row_add_label (row, "review", "dim-label");
  gtk_widget_add_css_class (review, "caption");
  cw_list_row_add_badges (row);
}

static void
bind_item_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  CwPhotoConsent *consent = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);
  GtkBox *badges = cw_list_row_get (item, "badges");
  g_autofree char *given = cw_date_format_short (cw_photo_consent_get_date_given (consent));
  g_autofree char *who = NULL;
  g_autofree char *purposes = describe_purposes (consent);
  g_autofree char *review = NULL;
  g_autofree char *accessible = NULL;
  GDate today;

  cw_date_today (&today);
  gtk_label_set_text (cw_list_row_get (item, "child"), child_name (consent));
  gtk_label_set_text (cw_list_row_get (item, "given"), given);

  /* TRANSLATORS: who consented · their relationship to the child */
  who = g_strdup_printf (_("%s · %s"), cw_photo_consent_get_consenter_name (consent),
                         cw_photo_relationship_get_title (
                           cw_photo_consent_get_relationship (consent)));
  gtk_label_set_text (cw_list_row_get (item, "who"), who);
  gtk_label_set_text (cw_list_row_get (item, "purposes"), purposes);

  review = cw_date_format_short (cw_photo_consent_get_review_date (consent));
  if (*review != '\0')
    {
      g_autofree char *text = g_strdup_printf (_("Review by %s"), review);

      gtk_label_set_text (cw_list_row_get (item, "review"), text);
    }
  else
    gtk_label_set_text (cw_list_row_get (item, "review"), _("No review date"));

  cw_box_remove_all (badges);
  add_badges (badges, consent, &today);
  gtk_widget_set_visible (GTK_WIDGET (badges),
                          gtk_widget_get_first_child (GTK_WIDGET (badges)) != NULL);

  /* TRANSLATORS: a row read aloud: child, date given, who, purposes */
  accessible = g_strdup_printf (_("%s, given %s, %s, %s"), child_name (consent), given, who,
                                purposes);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
}

static void
selection_changed_cb (GtkSingleSelection *selection,
                      guint               position,
                      guint               n_items,
                      CwPhotoConsentPage *self)
{
  CwPhotoConsent *item = gtk_single_selection_get_selected_item (selection);
  g_autoptr(GError) error = NULL;

  cw_error_label_set (self->error_label, NULL);
  g_clear_object (&self->selected);

  if (item != NULL)
    {
      self->selected = cw_photo_consent_register_load (self->consents,
                                                       cw_photo_consent_get_id (item), 0,
                                                       &error);
      if (self->selected == NULL)
        cw_error_label_set (self->error_label, error->message);
    }

  show_detail (self);
}

/* A new list for the current filter; @consent_id is selected again when
 * it is still in the list. */
static void
reload_keeping (CwPhotoConsentPage *self,
                gint64              consent_id)
{
  gboolean empty;
  guint found;

  if (self->consents == NULL)
    return;

  build_filter (self, &self->filter);
  found = cw_list_view_show_model (self->consent_list, &self->selection,
                                   cw_photo_consent_register_list (self->consents, &self->filter),
                                   consent_id, (CwItemIdFunc) cw_photo_consent_get_id,
                                   RESELECT_LIMIT, G_CALLBACK (selection_changed_cb), self);

  g_clear_object (&self->selected);
  cw_error_label_set (self->error_label, NULL);
  show_detail (self);
  update_heading (self);

  empty = g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 0;
  gtk_widget_set_visible (self->list_scroller, !empty);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_status), empty);
  if (self->filter.withdrawn_only)
    adw_status_page_set_description (self->empty_status,
                                     _("No consent you may see has been withdrawn."));
  else if (g_date_valid (&self->filter.review_due_on))
    adw_status_page_set_description (self->empty_status,
                                     _("No consent you may see is due for review."));
  else
    adw_status_page_set_description (self->empty_status,
                                     _("Consents recorded for the children you work with "
                                       "appear here. Press Record Consent to add one."));

  /* Shown as if it had been selected. */
  if (found != GTK_INVALID_LIST_POSITION)
    selection_changed_cb (self->selection, found, 1, self);
}

static void
recorded (CwPhotoConsentPage *self,
          gint64              consent_id,
          const char         *toast)
{
  cw_page_show_toast (CW_PAGE (self), toast);
  reload_keeping (self, consent_id);
  cw_page_emit_changed (CW_PAGE (self));
}

/* Callbacks --------------------------------------------------------------- */

static void
filter_changed_cb (CwPhotoConsentPage *self)
{
  reload_keeping (self, self->selected != NULL ? cw_photo_consent_get_id (self->selected) : 0);
}

static void
toggle_changed_cb (CwPhotoConsentPage *self)
{
  filter_changed_cb (self);
}

static void
editor_saved_cb (CwPhotoConsentEditor *editor,
                 gint64                consent_id,
                 CwPhotoConsentPage   *self)
{
  gboolean correction = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (editor), "correction"));

  recorded (self, consent_id, correction ? _("Correction recorded") : _("Consent recorded"));
}

static void
open_editor (CwPhotoConsentPage *self,
             CwPhotoConsent     *consent)
{
  gint64 child_id = cw_register_filter_bar_get_child_id (CW_REGISTER_FILTER_BAR (
                                                           self->filter_bar));
  GtkWindow *parent = cw_widget_get_parent_window (GTK_WIDGET (self));
  GtkWidget *editor = cw_photo_consent_editor_new (self->session, consent, child_id, parent);

  g_object_set_data (G_OBJECT (editor), "correction", GINT_TO_POINTER (consent != NULL));
  g_signal_connect_object (editor, "saved", G_CALLBACK (editor_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
record_clicked_cb (CwPhotoConsentPage *self)
{
  open_editor (self, NULL);
}

static void
correct_clicked_cb (CwPhotoConsentPage *self)
{
  if (self->selected != NULL)
    open_editor (self, self->selected);
}

static void
open_check (CwPhotoConsentPage *self,
            gint64              child_id)
{
  GtkWidget *dialog = cw_photo_check_dialog_new (self->session, child_id,
                                                 cw_widget_get_parent_window (GTK_WIDGET (self)));

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
check_clicked_cb (CwPhotoConsentPage *self)
{
  open_check (self, cw_register_filter_bar_get_child_id (CW_REGISTER_FILTER_BAR (
                                                           self->filter_bar)));
}

static void
check_use_clicked_cb (CwPhotoConsentPage *self)
{
  if (self->selected != NULL)
    open_check (self, cw_photo_consent_get_child_id (self->selected));
}

static void
export_clicked_cb (CwPhotoConsentPage *self)
{
  CwPhotoConsentFilter filter;

  build_filter (self, &filter);
  cw_register_export_run (GTK_WIDGET (self), self->session, self->consents,
                          (CwRegisterExportFunc) cw_register_export_photo_consents,
                          &filter, sizeof filter, "photo-consent.csv", self->toast_overlay);
}

typedef struct
{
  GtkWidget *on;
  GtkWidget *by;
  GtkWidget *action;
} WithdrawWidgets;

static void
withdraw_update_cb (GtkWidget        *widget,
                    AdwMessageDialog *dialog)
{
  WithdrawWidgets *w = g_object_get_data (G_OBJECT (dialog), "widgets");
  const char *on = gtk_editable_get_text (GTK_EDITABLE (w->on));
  const char *by = gtk_editable_get_text (GTK_EDITABLE (w->by));

  adw_message_dialog_set_response_enabled (dialog, "withdraw",
                                           !cw_text_is_blank (on) && !cw_text_is_blank (by));
}

static void
withdraw_response_cb (AdwMessageDialog   *dialog,
                      const char         *response,
                      CwPhotoConsentPage *self)
{
  WithdrawWidgets *w = g_object_get_data (G_OBJECT (dialog), "widgets");
  g_autoptr(CwPhotoConsent) stored = NULL;
  g_autoptr(GError) error = NULL;
  GDate today, on;

  /* Kept, whatever the answer, until it is recorded. */
  g_free (self->pending_on);
  self->pending_on = g_strdup (gtk_editable_get_text (GTK_EDITABLE (w->on)));
  g_free (self->pending_by);
  self->pending_by = g_strdup (gtk_editable_get_text (GTK_EDITABLE (w->by)));
  g_free (self->pending_action);
  self->pending_action = g_strdup (gtk_editable_get_text (GTK_EDITABLE (w->action)));

  if (g_strcmp0 (response, "withdraw") != 0 || self->pending_id <= 0)
    return;

  cw_date_today (&today);
  if (!cw_date_parse (self->pending_on, &today, _("The date of withdrawal"), &on, &error))
    {
      cw_error_label_set (self->error_label, error->message);
      return;
    }

  stored = cw_photo_consent_register_withdraw (self->consents, self->pending_id, &on,
                                               self->pending_by, self->pending_action, &error);
  if (stored == NULL)
    {
      cw_error_label_set (self->error_label, error->message);
      return;
    }

  clear_pending (self);
  recorded (self, cw_photo_consent_get_id (stored), _("Withdrawal recorded"));
}

static GtkWidget *
add_entry (GtkWidget  *box,
           const char *name,
           const char *label,
           const char *text)
{
  GtkWidget *title = gtk_label_new_with_mnemonic (label);
  GtkWidget *entry = gtk_entry_new ();

  gtk_label_set_xalign (GTK_LABEL (title), 0.0f);
  gtk_label_set_mnemonic_widget (GTK_LABEL (title), entry);
  gtk_widget_add_css_class (title, "caption-heading");
  gtk_widget_set_name (entry, name);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  title, NULL, -1);
  if (text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), text);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), entry);

  return entry;
}

static void
withdraw_clicked_cb (CwPhotoConsentPage *self)
{
  WithdrawWidgets *w;
  AdwMessageDialog *dialog;
  GtkWidget *box;
  g_autofree char *today_text = NULL;
  g_autofree char *body = NULL;
  gint64 id;
  GDate today;

  if (self->selected == NULL)
    return;

  id = cw_photo_consent_get_id (self->selected);
  if (self->pending_id != id)
    {
      clear_pending (self);
      self->pending_id = id;
    }

  cw_date_today (&today);
  today_text = cw_date_format_short (&today);
  body = g_strdup_printf (_("From the date it was withdrawn, images of %s may not be used "
                            "for any purpose this consent covered. Say who withdrew it and "
                            "what was done about images already in use."),
                          child_name (self->selected));
  dialog = cw_message_dialog_new (GTK_WIDGET (self), "withdraw_dialog",
                                  _("Record Withdrawal of Consent?"), body,
                                  "withdraw", _("_Record Withdrawal"), ADW_RESPONSE_DESTRUCTIVE);

  w = g_new0 (WithdrawWidgets, 1);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  w->on = add_entry (box, "withdrawn_on_entry", _("_Date withdrawn (day/month/year)"),
                     self->pending_on != NULL ? self->pending_on : today_text);
  w->by = add_entry (box, "withdrawn_by_entry", _("Withdrawn _by"),
                     self->pending_by != NULL ? self->pending_by
                     : cw_photo_consent_get_consenter_name (self->selected));
  w->action = add_entry (box, "withdrawal_action_entry", _("_Action taken"),
                         self->pending_action);
  gtk_entry_set_placeholder_text (GTK_ENTRY (w->action),
                                  _("Images taken down from the website, prints destroyed…"));
  adw_message_dialog_set_extra_child (dialog, box);
  g_object_set_data_full (G_OBJECT (dialog), "widgets", w, g_free);

  g_signal_connect_object (w->on, "changed", G_CALLBACK (withdraw_update_cb), dialog, 0);
  g_signal_connect_object (w->by, "changed", G_CALLBACK (withdraw_update_cb), dialog, 0);
  withdraw_update_cb (NULL, dialog);

  g_signal_connect_object (dialog, "response", G_CALLBACK (withdraw_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
manager_response_cb (AdwMessageDialog   *dialog,
                     const char         *response,
                     CwPhotoConsentPage *self)
{
  g_autoptr(CwPhotoConsent) stored = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "consent-id"));

  if (g_strcmp0 (response, "give") != 0 || id <= 0)
    return;

  stored = cw_photo_consent_register_give_manager_consent (self->consents, id, &error);
  if (stored == NULL)
    {
      cw_error_label_set (self->error_label, error->message);
      return;
    }

  recorded (self, id, _("Manager’s consent recorded"));
}

static void
manager_clicked_cb (CwPhotoConsentPage *self)
{
  AdwMessageDialog *dialog;
  g_autofree char *body = NULL;

  if (self->selected == NULL)
    return;

  body = g_strdup_printf (_("You agree, as manager, that images of %s may be used for "
                            "promotional material, within what this consent grants. Your "
                            "name and the time are recorded."),
                          child_name (self->selected));
  dialog = cw_message_dialog_new (GTK_WIDGET (self), "manager_dialog",
                                  _("Give Manager’s Consent?"), body,
                                  "give", _("_Give Consent"), ADW_RESPONSE_SUGGESTED);
  g_object_set_data (G_OBJECT (dialog), "consent-id",
                     GSIZE_TO_POINTER ((gsize) cw_photo_consent_get_id (self->selected)));
  g_signal_connect_object (dialog, "response", G_CALLBACK (manager_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Overrides --------------------------------------------------------------- */

static void
cw_photo_consent_page_dispose (GObject *object)
{
  CwPhotoConsentPage *self = CW_PHOTO_CONSENT_PAGE (object);

  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CW_TYPE_PHOTO_CONSENT_PAGE);
  self->filter_bar = NULL;
  g_clear_object (&self->selection);
  g_clear_object (&self->selected);
  g_clear_object (&self->consents);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (cw_photo_consent_page_parent_class)->dispose (object);
}

static void
cw_photo_consent_page_finalize (GObject *object)
{
  CwPhotoConsentPage *self = CW_PHOTO_CONSENT_PAGE (object);

  clear_pending (self);

  G_OBJECT_CLASS (cw_photo_consent_page_parent_class)->finalize (object);
}

static void
cw_photo_consent_page_class_init (CwPhotoConsentPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cw_photo_consent_page_dispose;
  object_class->finalize = cw_photo_consent_page_finalize;

  gtk_widget_class_set_css_name (widget_class, "cw-photo-consent-page");

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/casework/Casework/"
                                               "cw-photo-consent-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CwPhotoConsentPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoConsentPage, filter_box);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoConsentPage, reviews_due_toggle);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoConsentPage, withdrawn_toggle);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoConsentPage, heading_label);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoConsentPage, counts_label);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoConsentPage, list_scroller);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoConsentPage, consent_list);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoConsentPage, empty_status);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoConsentPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoConsentPage, no_selection_status);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoConsentPage, actions_box);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoConsentPage, detail_box);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoConsentPage, check_use_button);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoConsentPage, correct_button);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoConsentPage, withdraw_button);
  gtk_widget_class_bind_template_child (widget_class, CwPhotoConsentPage, manager_button);
  gtk_widget_class_bind_template_callback (widget_class, record_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, check_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, toggle_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, check_use_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, correct_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, withdraw_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, manager_clicked_cb);
}

static void
cw_photo_consent_page_init (CwPhotoConsentPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  cw_page_set_toast_overlay (CW_PAGE (self), self->toast_overlay);
  cw_list_view_set_rows (self->consent_list, G_CALLBACK (setup_item_cb),
                         G_CALLBACK (bind_item_cb));
}

/* Public ------------------------------------------------------------------ */

GtkWidget *
cw_photo_consent_page_new (CwSession *session)
{
  static const char *flag_titles[] = { N_("Never publish") };
  const char *titles[G_N_ELEMENTS (flag_titles)];
  static const guint flag_values[] = { FLAG_NEVER_PUBLISH };
  CwPhotoConsentPage *self;

  g_return_val_if_fail (CW_IS_SESSION (session), NULL);

  self = g_object_new (CW_TYPE_PHOTO_CONSENT_PAGE, NULL);
  self->session = g_object_ref (session);
  self->consents = cw_photo_consent_register_new (session);

  self->filter_bar = cw_register_filter_bar_new (session, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (flag_titles); i++)
    titles[i] = _(flag_titles[i]);
  cw_register_filter_bar_set_flags (CW_REGISTER_FILTER_BAR (self->filter_bar), titles,
                                    flag_values, G_N_ELEMENTS (flag_titles));
  gtk_box_prepend (self->filter_box, self->filter_bar);
  g_signal_connect_object (self->filter_bar, "changed", G_CALLBACK (filter_changed_cb), self,
                           G_CONNECT_SWAPPED);

  reload_keeping (self, 0);

  return GTK_WIDGET (self);
}

void
cw_photo_consent_page_reload (CwPhotoConsentPage *self)
{
  g_return_if_fail (CW_IS_PHOTO_CONSENT_PAGE (self));

  reload_keeping (self, self->selected != NULL ? cw_photo_consent_get_id (self->selected) : 0);
}
