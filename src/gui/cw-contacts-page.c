/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-contacts-page"

#include "config.h"

#include <glib/gi18n.h>

#include "core/cw-contact-register.h"
#include "core/cw-register-export.h"
#include "cw-contact-editor.h"
#include "cw-contacts-page.h"
#include "cw-page-util.h"
#include "cw-register-ui.h"

/* How far down a new list the page looks for the row it had selected. */
#define RESELECT_LIMIT 200

typedef enum
{
  REVIEW_NEW,
  REVIEW_CHANGE,
} ReviewKind;

struct _CwContactsPage
{
  CwPage               parent_instance;

  AdwToastOverlay     *toast_overlay;
  AdwViewStack        *view_stack;
  AdwViewStackPage    *approvals_page;
  GtkBox              *filter_box;
  GtkLabel            *count_label;
  GtkLabel            *awaiting_label;
  GtkStack            *list_stack;
  GtkListView         *record_list;
  AdwStatusPage       *empty_status;
  GtkLabel            *error_label;
  GtkWidget           *no_selection_status;
  GtkBox              *detail_box;
  GtkWidget           *actions_box;
  GtkWidget           *correct_button;
  GtkWidget           *change_review_button;
  GtkWidget           *review_button;
  GtkWidget           *record_button;
  GtkWidget           *export_button;
  GtkDropDown         *approvals_show;
  GtkWidget           *request_approval_button;
  GtkLabel            *approvals_heading;
  GtkStack            *approvals_stack;
  GtkListView         *approval_list;
  GtkLabel            *approval_error_label;
  GtkWidget           *approval_no_selection;
  GtkBox              *approval_detail_box;
  GtkWidget           *approval_actions_box;

  GtkWidget           *filter_bar;

  CwSession           *session;
  CwContactRegister   *contacts;
  CwWorkingHours       hours;
  CwContactFilter      filter;
  GtkSingleSelection  *selection;
  GtkSingleSelection  *approval_selection;
  CwContactRecord     *selected;           /* the current version, loaded */
  CwContactApproval   *selected_approval;

  /* What was typed in the last dialog, offered again until it is stored. */
  gint64               pending_id;
  ReviewKind           pending_kind;
  char                *pending_comment;
  char                *pending_action;
  char                *pending_reason;
  char                *request_date;
  gint64               request_child_id;
  char                *request_party;
  char                *request_details;
};

G_DEFINE_FINAL_TYPE (CwContactsPage, cw_contacts_page, CW_TYPE_PAGE)

static void reload_records (CwContactsPage *self, gint64 keep_id);
static void reload_approvals (CwContactsPage *self, gint64 keep_id);

static void
clear_pending (CwContactsPage *self)
{
  self->pending_id = 0;
  g_clear_pointer (&self->pending_comment, g_free);
  g_clear_pointer (&self->pending_action, g_free);
  g_clear_pointer (&self->pending_reason, g_free);
}

static void
clear_request (CwContactsPage *self)
{
  g_clear_pointer (&self->request_date, g_free);
  g_clear_pointer (&self->request_party, g_free);
  g_clear_pointer (&self->request_details, g_free);
  self->request_child_id = 0;
}

/* "Ottoline Quickthorn (a parent or carer)" or the child's name. */
static char *
describe_party (CwContactRecord *record)
{
  const char *name = cw_contact_record_get_other_party_name (record);
  const char *kind = cw_contact_party_kind_get_title (
                       cw_contact_record_get_other_party_kind (record));

  if (!cw_text_is_blank (name))
    /* TRANSLATORS: the person a contact was with, and who they are:
     * "Ann Lee (A parent or carer)" */
    return g_strdup_printf (_("%s (%s)"), name, kind);

  if (cw_contact_record_get_child_name (record) != NULL)
    return g_strdup (cw_contact_record_get_child_name (record));

  return g_strdup (kind);
}

/* Detail ------------------------------------------------------------------ */

/* A caption and its value, one under the other. */
static void
add_field (GtkBox     *box,
           const char *name,
           const char *title,
           const char *value)
{
  GtkWidget *caption = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (caption), 0.0f);
  gtk_widget_add_css_class (caption, "caption-heading");
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_widget_set_margin_top (caption, 6);
  gtk_box_append (box, caption);
  cw_detail_add_text (box, name, value);
}

static void
add_flag_line (CwContactsPage *self,
               GtkBox         *box,
               CwContactFlags  flag)
{
  GtkWidget *badge = cw_badge_new (cw_contact_flag_get_title (flag),
                                   cw_contact_flag_get_explanation (flag),
                                   flag == CW_CONTACT_FLAG_NOT_REVIEWED ? CW_BADGE_NEUTRAL
                                                                        : CW_BADGE_WARNING);
  g_autofree char *text = NULL;

  if (flag == CW_CONTACT_FLAG_OUT_OF_HOURS)
    {
      g_autofree char *hours = cw_contact_describe_working_hours (&self->hours);

      text = g_strdup_printf (_("%s The organisation’s working hours are %s."),
                              cw_contact_flag_get_explanation (flag), hours);
    }
  else
    text = g_strdup (cw_contact_flag_get_explanation (flag));

  cw_detail_add_badge_line (box, badge, NULL, text);
}

static void
show_versions (CwContactsPage  *self,
               CwContactRecord *record)
{
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GError) error = NULL;

  cw_detail_add_heading (self->detail_box, _("Versions"));
  versions = cw_contact_register_list_versions (self->contacts,
                                                cw_contact_record_get_id (record), &error);
  if (versions == NULL)
    {
      cw_detail_add_text (self->detail_box, NULL, error->message);
      return;
    }

  for (guint i = 0; i < versions->len; i++)
    {
      CwContactRecord *version = g_ptr_array_index (versions, i);

      cw_detail_add_version (self->detail_box, self->session, "detail_version",
                             cw_contact_record_get_version (version),
                             cw_contact_record_get_written_at (version),
                             cw_contact_record_get_written_by (version),
                             cw_contact_record_get_correction_reason (version));
    }
}

static void
show_detail (CwContactsPage *self)
{
  CwContactRecord *r = self->selected;
  g_autofree char *when = NULL;
  g_autofree char *recorded = NULL;
  g_autofree char *recorded_at = NULL;
  g_autofree char *party = NULL;
  CwContactFlags flags;
  gboolean mine, may_review, reviewed;

  cw_detail_reset (self->detail_box, self->no_selection_status, self->actions_box, r != NULL);
  if (r == NULL)
    return;

  when = cw_contact_describe_when (r);
  cw_detail_add_heading (self->detail_box, when);
  gtk_widget_set_margin_top (gtk_widget_get_last_child (GTK_WIDGET (self->detail_box)), 0);
  recorded_at = cw_time_format (cw_contact_record_get_recorded_at (r));
  /* TRANSLATORS: "Recorded by Pat Practitioner on 14 Mar 2025, 16:05" */
  recorded = g_strdup_printf (_("Recorded by %s on %s"), cw_contact_record_get_staff_name (r),
                              recorded_at);
  cw_detail_add_text (self->detail_box, "detail_recorded", recorded);

  party = describe_party (r);
  add_field (self->detail_box, "detail_child", _("Child"),
             cw_contact_record_get_child_id (r) > 0
             ? (cw_contact_record_get_child_name (r) != NULL
                ? cw_contact_record_get_child_name (r) : _("A child whose record you cannot see"))
             : _("No child named"));
  add_field (self->detail_box, "detail_party", _("With"), party);
  add_field (self->detail_box, "detail_channel", _("How"),
             cw_contact_channel_get_title (cw_contact_record_get_channel (r)));
  add_field (self->detail_box, "detail_device", _("Phone, account or address used"),
             cw_contact_device_get_title (cw_contact_record_get_device (r)));
  add_field (self->detail_box, "detail_initiator", _("Started by"),
             cw_contact_initiator_get_title (cw_contact_record_get_initiator (r)));
  add_field (self->detail_box, "detail_planned", _("Planned in advance"),
             cw_contact_record_get_planned (r) ? _("Yes") : _("No"));
  add_field (self->detail_box, "detail_purpose", _("Purpose"),
             cw_contact_purpose_get_title (cw_contact_record_get_purpose (r)));
  if (cw_contact_record_get_approval_id (r) > 0)
    {
      g_autoptr(CwContactApproval) approval = NULL;
      g_autofree char *text = NULL;

      approval = cw_contact_register_load_approval (self->contacts,
                                                    cw_contact_record_get_approval_id (r),
                                                    NULL);
      if (approval != NULL)
        {
          g_autofree char *decided = NULL;

          decided = cw_time_format (cw_contact_approval_get_decided_at (approval));

          /* TRANSLATORS: "Approved · Mona Manager · 3 Mar 2025, 10:00" */
          text = g_strdup_printf (_("%s · %s · %s"),
                                  cw_approval_status_get_title (
                                    cw_contact_approval_get_status (approval)),
                                  cw_contact_approval_get_decided_by_name (approval) != NULL
                                  ? cw_contact_approval_get_decided_by_name (approval) : "",
                                  decided);
        }
      add_field (self->detail_box, "detail_approval", _("Line manager’s approval"), text);
    }
  add_field (self->detail_box, "detail_witness", _("Witness"),
             cw_contact_record_get_witness (r));
  add_field (self->detail_box, "detail_summary", _("Summary"),
             cw_contact_record_get_summary (r));
  add_field (self->detail_box, "detail_follow_up", _("Follow-up"),
             cw_contact_record_get_follow_up (r));
  if (cw_contact_record_get_entry_id (r) > 0)
    add_field (self->detail_box, "detail_chronology", _("Chronology"),
               _("Added to the child’s chronology as a case note."));

  cw_detail_add_heading (self->detail_box, _("Flags"));
  flags = cw_contact_record_get_flags (r);
  if (flags == CW_CONTACT_FLAG_NONE)
    cw_detail_add_text (self->detail_box, "detail_no_flags", _("Nothing is flagged."));
  for (guint bit = 0; bit < 5; bit++)
    if (flags & (1u << bit))
      add_flag_line (self, self->detail_box, 1u << bit);

  cw_detail_add_heading (self->detail_box, _("Review"));
  reviewed = cw_contact_record_get_reviewed_by (r) > 0;
  if (reviewed)
    {
      g_autofree char *at = cw_time_format (cw_contact_record_get_reviewed_at (r));
      g_autofree char *by = g_strdup_printf (_("Reviewed by %s on %s"),
                                             cw_contact_record_get_reviewed_by_name (r), at);

      cw_detail_add_text (self->detail_box, "detail_reviewed_by", by);
      add_field (self->detail_box, "detail_review_comment", _("Comment"),
                 cw_contact_record_get_review_comment (r));
      add_field (self->detail_box, "detail_further_action", _("Further action"),
                 cw_contact_record_get_further_action (r));
    }
  else
    cw_detail_add_text (self->detail_box, "detail_reviewed_by",
                        _("Not yet reviewed by the line manager or the Designated Safeguarding "
                          "Lead."));

  show_versions (self, r);

  mine = cw_contact_record_get_staff_id (r) == cw_signed_in_staff_id (self->session);
  may_review = !mine && cw_contact_register_may_review (self->contacts, r);
  gtk_widget_set_visible (self->correct_button, mine);
  gtk_widget_set_visible (self->review_button, may_review && !reviewed);
  gtk_widget_set_visible (self->change_review_button, may_review && reviewed);
  gtk_widget_set_visible (self->actions_box, mine || may_review);
}

static void
select_record (CwContactsPage *self,
               gint64          contact_id)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->selected);
  cw_error_label_set (self->error_label, NULL);
  if (contact_id > 0)
    {
      self->selected = cw_contact_register_load (self->contacts, contact_id, 0, &error);
      if (self->selected == NULL)
        cw_error_label_set (self->error_label, error->message);
    }
  show_detail (self);
}

/* The records list ---------------------------------------------------------- */

static void
record_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  GtkBox *row = cw_list_row_new (item);
  GtkWidget *badges = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

  cw_list_row_add_label (row, "when", "heading");
  cw_list_row_add_label (row, "people", NULL);
  cw_list_row_add_label (row, "how", "dim-label");
  gtk_widget_set_halign (badges, GTK_ALIGN_START);
  gtk_widget_set_margin_top (badges, 2);
  gtk_widget_set_name (badges, "row_badges");
  g_object_set_data (G_OBJECT (row), "badges", badges);
  gtk_box_append (row, badges);
}

/* Badges in lines of about @ROW_BADGE_CHARS characters, so that a row
 * keeps one height whatever the width of the pane. */
#define ROW_BADGE_CHARS 60

static void
add_row_badge (GtkWidget  *badges,
               guint      *line_chars,
               const char *title,
               const char *explanation,
               CwBadgeStyle style)
{
  GtkWidget *line = gtk_widget_get_last_child (badges);
  guint chars = (guint) g_utf8_strlen (title, -1) + 4;

  if (line == NULL || *line_chars + chars > ROW_BADGE_CHARS)
    {
      line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      gtk_box_append (GTK_BOX (badges), line);
      *line_chars = 0;
    }

  gtk_box_append (GTK_BOX (line), cw_badge_new (title, explanation, style));
  *line_chars += chars;
}

static void
record_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  CwContactRecord *r = gtk_list_item_get_item (item);
  GtkWidget *badges = cw_list_row_get (item, "badges");
  g_autofree char *when_text = cw_contact_describe_when (r);
  g_autofree char *party = describe_party (r);
  g_autofree char *people_text = NULL;
  g_autofree char *how_text = NULL;
  CwContactFlags flags = cw_contact_record_get_flags (r);
  guint line_chars = 0;

  gtk_label_set_text (cw_list_row_get (item, "when"), when_text);
  if (cw_contact_record_get_child_name (r) != NULL &&
      !cw_text_is_blank (cw_contact_record_get_other_party_name (r)))
    /* TRANSLATORS: staff member, the person the contact was with, and the child */
    people_text = g_strdup_printf (_("%s with %s · %s"), cw_contact_record_get_staff_name (r),
                                   party, cw_contact_record_get_child_name (r));
  else
    people_text = g_strdup_printf (_("%s with %s"), cw_contact_record_get_staff_name (r), party);
  gtk_label_set_text (cw_list_row_get (item, "people"), people_text);
  /* TRANSLATORS: channel · device · "started by" who */
  how_text = g_strdup_printf (_("%s · %s · started by %s"),
                              cw_contact_channel_get_title (cw_contact_record_get_channel (r)),
                              cw_contact_device_get_title (cw_contact_record_get_device (r)),
                              cw_contact_initiator_get_title (
                                cw_contact_record_get_initiator (r)));
  gtk_label_set_text (cw_list_row_get (item, "how"), how_text);

  cw_box_remove_all (GTK_BOX (badges));

  for (guint bit = 0; bit < 5; bit++)
    {
      CwContactFlags flag = 1u << bit;

      if (flags & flag)
        add_row_badge (badges, &line_chars, cw_contact_flag_get_title (flag),
                       cw_contact_flag_get_explanation (flag),
                       flag == CW_CONTACT_FLAG_NOT_REVIEWED ? CW_BADGE_NEUTRAL
                                                            : CW_BADGE_WARNING);
    }

  if (cw_contact_record_get_reviewed_by (r) > 0)
    {
      g_autofree char *tip = g_strdup_printf (_("Reviewed by %s"),
                                              cw_contact_record_get_reviewed_by_name (r));

      add_row_badge (badges, &line_chars, _("Reviewed"), tip, CW_BADGE_SUCCESS);
    }
}

static void
record_selection_changed_cb (GtkSingleSelection *selection,
                             guint               position,
                             guint               n_items,
                             CwContactsPage     *self)
{
  CwContactRecord *item = gtk_single_selection_get_selected_item (selection);

  if (item == NULL)
    return;

  clear_pending (self);
  select_record (self, cw_contact_record_get_id (item));
}

static void
read_filter (CwContactsPage *self)
{
  CwRegisterFilterBar *bar = CW_REGISTER_FILTER_BAR (self->filter_bar);

  cw_contact_filter_init (&self->filter);
  self->filter.staff_id = cw_register_filter_bar_get_staff_id (bar);
  self->filter.child_id = cw_register_filter_bar_get_child_id (bar);
  cw_register_filter_bar_get_range (bar, &self->filter.from, &self->filter.to);
  self->filter.any_flags = cw_register_filter_bar_get_flags (bar) & CW_CONTACT_FLAGS_ALL;
  self->filter.unreviewed_only = cw_register_filter_bar_get_undecided (bar);
}

static void
update_heading (CwContactsPage *self)
{
  gint64 shown = cw_contact_register_count (self->contacts, &self->filter);
  gint64 approvals = cw_contact_register_count_approvals_awaiting (self->contacts);
  g_autofree char *described = cw_register_filter_bar_describe (
                                 CW_REGISTER_FILTER_BAR (self->filter_bar));
  g_autofree char *count = NULL;
  g_autofree char *heading = NULL;
  g_autoptr(GString) awaiting = g_string_new (NULL);

  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" G_GINT64_FORMAT " contact shown",
                                        "%" G_GINT64_FORMAT " contacts shown", (gulong) shown),
                           shown);
  heading = cw_count_with_filters (count, described);
  gtk_label_set_text (self->count_label, heading);

  if (cw_may_review_registers (self->session))
    {
      gint64 waiting = cw_contact_register_count_awaiting_review (self->contacts);

      g_string_append_printf (awaiting,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%" G_GINT64_FORMAT " waiting for your review",
                                           "%" G_GINT64_FORMAT " waiting for your review",
                                           (gulong) waiting), waiting);
      g_string_append (awaiting, " · ");
      g_string_append_printf (awaiting,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%" G_GINT64_FORMAT " approval request waiting "
                                           "for you",
                                           "%" G_GINT64_FORMAT " approval requests waiting "
                                           "for you", (gulong) approvals), approvals);
    }
  gtk_label_set_text (self->awaiting_label, awaiting->str);
  gtk_widget_set_visible (GTK_WIDGET (self->awaiting_label), awaiting->len > 0);

  adw_view_stack_page_set_badge_number (self->approvals_page, (guint) MAX (approvals, 0));
  adw_view_stack_page_set_needs_attention (self->approvals_page, approvals > 0);
}

/* A new lazy model for the filter; reselects @keep_id when it is near the
 * top, and shows it in the detail pane either way. */
static void
reload_records (CwContactsPage *self,
                gint64          keep_id)
{
  GListModel *model = cw_contact_register_list (self->contacts, &self->filter);
  guint n = g_list_model_get_n_items (model);

  cw_list_view_show_model (self->record_list, &self->selection, model, keep_id,
                           (CwItemIdFunc) cw_contact_record_get_id, RESELECT_LIMIT,
                           G_CALLBACK (record_selection_changed_cb), self);
  gtk_stack_set_visible_child_name (self->list_stack, n > 0 ? "list" : "empty");

  update_heading (self);
  select_record (self, keep_id);
}

static void
filter_changed_cb (CwContactsPage *self)
{
  read_filter (self);
  reload_records (self, self->selected != NULL ? cw_contact_record_get_id (self->selected) : 0);
}

/* Recording and correcting -------------------------------------------------- */

static void
editor_saved_cb (CwContactsPage *self,
                 gint64          contact_id)
{
  cw_page_show_toast (CW_PAGE (self), _("Contact recorded"));
  reload_records (self, contact_id);
  cw_page_emit_changed (CW_PAGE (self));
}

static void
open_editor (CwContactsPage  *self,
             CwContactRecord *correct)
{
  GtkWidget *editor = cw_contact_editor_new (self->session, self->contacts, correct,
                                             cw_widget_get_parent_window (GTK_WIDGET (self)));

  g_signal_connect_object (editor, "saved", G_CALLBACK (editor_saved_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
record_clicked_cb (CwContactsPage *self)
{
  open_editor (self, NULL);
}

static void
correct_clicked_cb (CwContactsPage *self)
{
  if (self->selected != NULL)
    open_editor (self, self->selected);
}

static void
export_clicked_cb (CwContactsPage *self)
{
  cw_register_export_run (GTK_WIDGET (self), self->session, self->contacts,
                          (CwRegisterExportFunc) cw_register_export_contacts,
                          &self->filter, sizeof self->filter, "contacts.csv",
                          self->toast_overlay);
}

/* Reviews ------------------------------------------------------------------- */

static const char *
entry_text (AdwMessageDialog *dialog,
            const char       *key)
{
  GtkWidget *entry = g_object_get_data (G_OBJECT (dialog), key);

  return entry != NULL ? gtk_editable_get_text (GTK_EDITABLE (entry)) : NULL;
}

static void
review_update_cb (GtkWidget        *entry,
                  AdwMessageDialog *dialog)
{
  gboolean ok = !cw_text_is_blank (entry_text (dialog, "comment"));

  if (g_object_get_data (G_OBJECT (dialog), "reason") != NULL)
    ok = ok && !cw_text_is_blank (entry_text (dialog, "reason"));
  adw_message_dialog_set_response_enabled (dialog, "review", ok);
}

static void open_review_dialog (CwContactsPage *self, ReviewKind kind, const char *problem);

static void
review_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    CwContactsPage   *self)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_free (self->pending_comment);
  self->pending_comment = g_strdup (entry_text (dialog, "comment"));
  g_free (self->pending_action);
  self->pending_action = g_strdup (entry_text (dialog, "action"));
  g_free (self->pending_reason);
  self->pending_reason = g_strdup (entry_text (dialog, "reason"));

  if (g_strcmp0 (response, "review") != 0 || self->pending_id <= 0)
    return;

  if (self->pending_kind == REVIEW_NEW)
    ok = cw_contact_register_review (self->contacts, self->pending_id, self->pending_comment,
                                     self->pending_action, &error);
  else
    ok = cw_contact_register_change_review (self->contacts, self->pending_id,
                                            self->pending_comment, self->pending_action,
                                            self->pending_reason, &error);
  if (!ok)
    {
      /* Asked again with the sentence, and with everything typed. */
      open_review_dialog (self, self->pending_kind, error->message);
      return;
    }

  cw_page_show_toast (CW_PAGE (self), self->pending_kind == REVIEW_NEW ? _("Review recorded")
                                                                     : _("Review changed"));
  {
    gint64 id = self->pending_id;

    clear_pending (self);
    reload_records (self, id);
  }
  cw_page_emit_changed (CW_PAGE (self));
}

static void
open_review_dialog (CwContactsPage *self,
                    ReviewKind      kind,
                    const char     *problem)
{
  AdwMessageDialog *dialog;
  GtkWidget *box, *entry;
  gint64 id;

  if (self->selected == NULL)
    return;

  id = cw_contact_record_get_id (self->selected);
  if (self->pending_id != id || self->pending_kind != kind)
    clear_pending (self);
  self->pending_id = id;
  self->pending_kind = kind;

  dialog = cw_message_dialog_new (GTK_WIDGET (self), "review_dialog",
                                  kind == REVIEW_NEW ? _("Review Contact")
                                                     : _("Change the Review"),
                                  problem != NULL ? problem
                                  : kind == REVIEW_NEW
                                  ? _("Your comment and any further action are kept with the "
                                      "contact, with your name and the time.")
                                  : _("The review so far stays readable; yours is kept as a "
                                      "new version with the reason."),
                                  "review", kind == REVIEW_NEW ? _("_Record Review")
                                                               : _("_Change Review"),
                                  ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "review");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  entry = cw_dialog_add_entry (GTK_BOX (box), "review_comment_entry", _("Comment (required)"),
                               self->pending_comment);
  g_object_set_data (G_OBJECT (dialog), "comment", entry);
  g_signal_connect_object (entry, "changed", G_CALLBACK (review_update_cb), dialog, 0);
  entry = cw_dialog_add_entry (GTK_BOX (box), "review_action_entry",
                               _("Further action (optional)"), self->pending_action);
  g_object_set_data (G_OBJECT (dialog), "action", entry);
  if (kind == REVIEW_CHANGE)
    {
      entry = cw_dialog_add_entry (GTK_BOX (box), "review_reason_entry",
                                   _("Reason for the change (required)"), self->pending_reason);
      g_object_set_data (G_OBJECT (dialog), "reason", entry);
      g_signal_connect_object (entry, "changed", G_CALLBACK (review_update_cb), dialog, 0);
    }
  adw_message_dialog_set_extra_child (dialog, box);
  review_update_cb (NULL, dialog);

  g_signal_connect_object (dialog, "response", G_CALLBACK (review_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
review_clicked_cb (CwContactsPage *self)
{
  open_review_dialog (self, REVIEW_NEW, NULL);
}

static void
change_review_clicked_cb (CwContactsPage *self)
{
  open_review_dialog (self, REVIEW_CHANGE, NULL);
}

/* Approvals ----------------------------------------------------------------- */

static void
approval_setup_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  GtkBox *row = cw_list_row_new (item);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *date = gtk_label_new (NULL);
  GtkWidget *badge_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  gtk_label_set_xalign (GTK_LABEL (date), 0.0f);
  gtk_widget_set_hexpand (date, TRUE);
  gtk_widget_add_css_class (date, "heading");
  gtk_box_append (GTK_BOX (top), date);
  gtk_box_append (GTK_BOX (top), badge_box);
  gtk_box_append (row, top);
  g_object_set_data (G_OBJECT (row), "date", date);
  g_object_set_data (G_OBJECT (row), "badge_box", badge_box);
  cw_list_row_add_label (row, "who", NULL);
  cw_list_row_add_label (row, "details", "dim-label");
}

static CwBadgeStyle
status_style (CwApprovalStatus status)
{
  switch (status)
    {
    case CW_APPROVAL_APPROVED:
      return CW_BADGE_SUCCESS;
    case CW_APPROVAL_DECLINED:
      return CW_BADGE_ERROR;
    case CW_APPROVAL_PENDING:
    default:
      return CW_BADGE_NEUTRAL;
    }
}

static char *
approval_with (CwContactApproval *a)
{
  const char *child = cw_contact_approval_get_child_name (a);
  const char *party = cw_contact_approval_get_other_party_name (a);

  if (!cw_text_is_blank (child) && !cw_text_is_blank (party))
    return g_strdup_printf (_("%s and %s"), child, party);
  if (!cw_text_is_blank (child))
    return g_strdup (child);
  if (!cw_text_is_blank (party))
    return g_strdup (party);
  return g_strdup (cw_contact_approval_get_child_id (a) > 0 ? _("a child") : _("someone"));
}

static void
approval_bind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  CwContactApproval *a = gtk_list_item_get_item (item);
  GtkBox *badge_box = cw_list_row_get (item, "badge_box");
  g_autofree char *date_text = cw_date_format_long (cw_contact_approval_get_planned_date (a));
  g_autofree char *with = approval_with (a);
  g_autofree char *who_text = NULL;

  gtk_label_set_text (cw_list_row_get (item, "date"), date_text);
  cw_box_remove_all (badge_box);
  gtk_box_append (badge_box,
                  cw_badge_new (cw_approval_status_get_title (cw_contact_approval_get_status (a)),
                                NULL, status_style (cw_contact_approval_get_status (a))));
  /* TRANSLATORS: "Pat Practitioner, with Amara Okafor" */
  who_text = g_strdup_printf (_("%s, with %s"), cw_contact_approval_get_staff_name (a), with);
  gtk_label_set_text (cw_list_row_get (item, "who"), who_text);
  gtk_label_set_text (cw_list_row_get (item, "details"), cw_contact_approval_get_details (a));
}

static gboolean
may_decide (CwContactsPage    *self,
            CwContactApproval *a)
{
  return a != NULL && cw_may_review_registers (self->session) &&
         cw_contact_approval_get_status (a) == CW_APPROVAL_PENDING &&
         cw_contact_approval_get_staff_id (a) != cw_signed_in_staff_id (self->session);
}

static void
show_approval_detail (CwContactsPage *self)
{
  CwContactApproval *a = self->selected_approval;
  g_autofree char *date = NULL;
  g_autofree char *requested = NULL;
  g_autofree char *requested_at = NULL;

  cw_detail_reset (self->approval_detail_box, self->approval_no_selection,
                   self->approval_actions_box, a != NULL);
  if (a == NULL)
    return;

  gtk_widget_set_visible (self->approval_actions_box, may_decide (self, a));

  date = cw_date_format_long (cw_contact_approval_get_planned_date (a));
  {
    g_autofree char *heading = g_strdup_printf (_("Social contact planned for %s"), date);

    cw_detail_add_heading (self->approval_detail_box, heading);
    gtk_widget_set_margin_top (gtk_widget_get_last_child (GTK_WIDGET (self->approval_detail_box)),
                               0);
  }
  requested_at = cw_time_format (cw_contact_approval_get_requested_at (a));
  requested = g_strdup_printf (_("Asked for by %s on %s"),
                               cw_contact_approval_get_staff_name (a), requested_at);
  cw_detail_add_text (self->approval_detail_box, "approval_requested", requested);
  add_field (self->approval_detail_box, "approval_child", _("Child"),
             cw_contact_approval_get_child_id (a) > 0
             ? (cw_contact_approval_get_child_name (a) != NULL
                ? cw_contact_approval_get_child_name (a)
                : _("A child whose record you cannot see"))
             : _("No child named"));
  add_field (self->approval_detail_box, "approval_party", _("With"),
             cw_contact_approval_get_other_party_name (a));
  add_field (self->approval_detail_box, "approval_details", _("What is planned"),
             cw_contact_approval_get_details (a));
  add_field (self->approval_detail_box, "approval_status", _("Decision"),
             cw_approval_status_get_title (cw_contact_approval_get_status (a)));
  if (cw_contact_approval_get_status (a) != CW_APPROVAL_PENDING)
    {
      g_autofree char *at = cw_time_format (cw_contact_approval_get_decided_at (a));
      g_autofree char *by = g_strdup_printf (_("Decided by %s on %s"),
                                             cw_contact_approval_get_decided_by_name (a), at);

      cw_detail_add_text (self->approval_detail_box, "approval_decided_by", by);
      add_field (self->approval_detail_box, "approval_reason", _("Reason"),
                 cw_contact_approval_get_decision_reason (a));
    }
}

static void
select_approval (CwContactsPage *self,
                 gint64          approval_id)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->selected_approval);
  cw_error_label_set (self->approval_error_label, NULL);
  if (approval_id > 0)
    {
      self->selected_approval = cw_contact_register_load_approval (self->contacts, approval_id,
                                                                   &error);
      if (self->selected_approval == NULL)
        cw_error_label_set (self->approval_error_label, error->message);
    }
  show_approval_detail (self);
}

static void
approval_selection_changed_cb (GtkSingleSelection *selection,
                               guint               position,
                               guint               n_items,
                               CwContactsPage     *self)
{
  CwContactApproval *item = gtk_single_selection_get_selected_item (selection);

  if (item != NULL)
    select_approval (self, cw_contact_approval_get_id (item));
}

static void
reload_approvals (CwContactsPage *self,
                  gint64          keep_id)
{
  gboolean awaiting_me = cw_may_review_registers (self->session) &&
                         gtk_drop_down_get_selected (self->approvals_show) == 0;
  GListModel *model = cw_contact_register_list_approvals (self->contacts, awaiting_me);
  guint n = g_list_model_get_n_items (model);
  gint64 waiting = cw_contact_register_count_approvals_awaiting (self->contacts);
  g_autofree char *heading = NULL;

  cw_list_view_show_model (self->approval_list, &self->approval_selection, model, keep_id,
                           (CwItemIdFunc) cw_contact_approval_get_id, RESELECT_LIMIT,
                           G_CALLBACK (approval_selection_changed_cb), self);
  gtk_stack_set_visible_child_name (self->approvals_stack, n > 0 ? "list" : "empty");

  if (cw_may_review_registers (self->session))
    heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%" G_GINT64_FORMAT " request waits for your "
                                            "decision.",
                                            "%" G_GINT64_FORMAT " requests wait for your "
                                            "decision.", (gulong) waiting), waiting);
  else
    heading = g_strdup (_("Ask before any planned social contact with a child or family: "
                          "your line manager decides."));
  gtk_label_set_text (self->approvals_heading, heading);

  select_approval (self, keep_id);
}

static void
view_changed_cb (CwContactsPage *self)
{
  gtk_widget_set_visible (self->export_button,
                          g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack),
                                     "records") == 0);
}

static void
approvals_show_changed_cb (CwContactsPage *self)
{
  if (self->contacts != NULL)
    reload_approvals (self, 0);
}

static void
decision_update_cb (GtkWidget        *entry,
                    AdwMessageDialog *dialog)
{
  gboolean ok = !cw_text_is_blank (entry_text (dialog, "reason"));

  adw_message_dialog_set_response_enabled (dialog,
                                           g_object_get_data (G_OBJECT (dialog), "decision"),
                                           ok);
}

static void open_decision_dialog (CwContactsPage *self, gboolean approve, const char *problem);

static void
decision_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      CwContactsPage   *self)
{
  g_autoptr(GError) error = NULL;
  gboolean approve = g_strcmp0 (response, "approve") == 0;
  gint64 id;

  g_free (self->pending_reason);
  self->pending_reason = g_strdup (entry_text (dialog, "reason"));
  if (!approve && g_strcmp0 (response, "decline") != 0)
    return;
  if (self->selected_approval == NULL)
    return;

  id = cw_contact_approval_get_id (self->selected_approval);
  if (!cw_contact_register_decide_approval (self->contacts, id, approve, self->pending_reason,
                                            &error))
    {
      open_decision_dialog (self, approve, error->message);
      return;
    }

  g_clear_pointer (&self->pending_reason, g_free);
  cw_page_show_toast (CW_PAGE (self), approve ? _("Social contact approved")
                                              : _("Social contact declined"));
  reload_approvals (self, id);
  update_heading (self);
  cw_page_emit_changed (CW_PAGE (self));
}

static void
open_decision_dialog (CwContactsPage *self,
                      gboolean        approve,
                      const char     *problem)
{
  AdwMessageDialog *dialog;
  GtkWidget *box, *entry;

  if (self->selected_approval == NULL)
    return;

  dialog = cw_message_dialog_new (GTK_WIDGET (self), "decision_dialog",
                                  approve ? _("Approve the Social Contact?")
                                          : _("Decline the Social Contact?"),
                                  problem != NULL ? problem
                                  : _("Give the reason for your decision. It is kept with "
                                      "the request, with your name and the time."),
                                  approve ? "approve" : "decline",
                                  approve ? _("_Approve") : _("_Decline"),
                                  approve ? ADW_RESPONSE_SUGGESTED : ADW_RESPONSE_DESTRUCTIVE);

  g_object_set_data (G_OBJECT (dialog), "decision", (gpointer) (approve ? "approve" : "decline"));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  entry = cw_dialog_add_entry (GTK_BOX (box), "decision_reason_entry", _("Reason (required)"),
                               self->pending_reason);
  g_object_set_data (G_OBJECT (dialog), "reason", entry);
  g_signal_connect_object (entry, "changed", G_CALLBACK (decision_update_cb), dialog, 0);
  adw_message_dialog_set_extra_child (dialog, box);
  decision_update_cb (NULL, dialog);

  g_signal_connect_object (dialog, "response", G_CALLBACK (decision_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
approve_clicked_cb (CwContactsPage *self)
{
  open_decision_dialog (self, TRUE, NULL);
}

static void
decline_clicked_cb (CwContactsPage *self)
{
  open_decision_dialog (self, FALSE, NULL);
}

static void open_request_dialog (CwContactsPage *self, const char *problem);

static void
request_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     CwContactsPage   *self)
{
  g_autoptr(CwContactApproval) request = cw_contact_approval_new ();
  g_autoptr(CwContactApproval) stored = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *picker = g_object_get_data (G_OBJECT (dialog), "child");
  GDate date;

  g_free (self->request_date);
  self->request_date = g_strdup (entry_text (dialog, "date"));
  g_free (self->request_party);
  self->request_party = g_strdup (entry_text (dialog, "party"));
  g_free (self->request_details);
  self->request_details = g_strdup (entry_text (dialog, "details"));
  self->request_child_id = cw_contact_child_picker_get_child_id (
                             CW_CONTACT_CHILD_PICKER (picker));

  if (g_strcmp0 (response, "request") != 0)
    return;

  if (!cw_date_parse (self->request_date, NULL, _("The date of the planned contact"), &date,
                      &error))
    {
      open_request_dialog (self, error->message);
      return;
    }

  cw_contact_approval_set_planned_date (request, &date);
  cw_contact_approval_set_child_id (request, self->request_child_id);
  cw_contact_approval_set_other_party_name (request, self->request_party);
  cw_contact_approval_set_details (request, self->request_details);
  stored = cw_contact_register_request_approval (self->contacts, request, &error);
  if (stored == NULL)
    {
      open_request_dialog (self, error->message);
      return;
    }

  clear_request (self);
  cw_page_show_toast (CW_PAGE (self), _("Approval asked for: your line manager decides"));
  if (cw_may_review_registers (self->session))
    gtk_drop_down_set_selected (self->approvals_show, 1);
  reload_approvals (self, cw_contact_approval_get_id (stored));
  update_heading (self);
  cw_page_emit_changed (CW_PAGE (self));
}

static void
request_update_cb (GtkWidget        *entry,
                   AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "request",
                                           !cw_text_is_blank (entry_text (dialog, "date")) &&
                                           !cw_text_is_blank (entry_text (dialog, "details")));
}

static void
open_request_dialog (CwContactsPage *self,
                     const char     *problem)
{
  AdwMessageDialog *dialog;
  GtkWidget *box, *entry, *picker, *row, *label;

  dialog = cw_message_dialog_new (GTK_WIDGET (self), "request_dialog",
                                  _("Ask for Approval of Social Contact"),
                                  problem != NULL ? problem
                                  : _("Planned social contact with a child or family needs "
                                      "your line manager’s approval before it happens."),
                                  "request", _("_Ask for Approval"), ADW_RESPONSE_SUGGESTED);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  entry = cw_dialog_add_entry (GTK_BOX (box), "request_date_entry",
                               _("Planned date (day/month/year)"), self->request_date);
  g_object_set_data (G_OBJECT (dialog), "date", entry);
  g_signal_connect_object (entry, "changed", G_CALLBACK (request_update_cb), dialog, 0);

  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  label = gtk_label_new (_("Child"));
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  picker = cw_contact_child_picker_new (self->session);
  gtk_widget_set_name (picker, "request_child_picker");
  cw_contact_child_picker_set_child_id (CW_CONTACT_CHILD_PICKER (picker),
                                        self->request_child_id);
  gtk_box_append (GTK_BOX (row), label);
  gtk_box_append (GTK_BOX (row), picker);
  gtk_box_append (GTK_BOX (box), row);
  g_object_set_data (G_OBJECT (dialog), "child", picker);

  cw_dialog_add_entry (GTK_BOX (box), "request_party_entry",
                       _("Name of the person (if not the child)"), self->request_party);
  g_object_set_data (G_OBJECT (dialog), "party", gtk_widget_get_last_child (box));
  entry = cw_dialog_add_entry (GTK_BOX (box), "request_details_entry",
                               _("What is planned (required)"), self->request_details);
  g_object_set_data (G_OBJECT (dialog), "details", entry);
  g_signal_connect_object (entry, "changed", G_CALLBACK (request_update_cb), dialog, 0);
  adw_message_dialog_set_extra_child (dialog, box);
  request_update_cb (NULL, dialog);

  g_signal_connect_object (dialog, "response", G_CALLBACK (request_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
request_approval_clicked_cb (CwContactsPage *self)
{
  open_request_dialog (self, NULL);
}

/* Overrides ----------------------------------------------------------------- */

static void
cw_contacts_page_dispose (GObject *object)
{
  CwContactsPage *self = CW_CONTACTS_PAGE (object);

  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->approval_selection != NULL)
    g_signal_handlers_disconnect_by_data (self->approval_selection, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), CW_TYPE_CONTACTS_PAGE);
  self->filter_bar = NULL;

  g_clear_object (&self->selection);
  g_clear_object (&self->approval_selection);
  g_clear_object (&self->selected);
  g_clear_object (&self->selected_approval);
  g_clear_object (&self->contacts);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (cw_contacts_page_parent_class)->dispose (object);
}

static void
cw_contacts_page_finalize (GObject *object)
{
  CwContactsPage *self = CW_CONTACTS_PAGE (object);

  clear_pending (self);
  clear_request (self);

  G_OBJECT_CLASS (cw_contacts_page_parent_class)->finalize (object);
}

static void
cw_contacts_page_class_init (CwContactsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cw_contacts_page_dispose;
  object_class->finalize = cw_contacts_page_finalize;

  gtk_widget_class_set_css_name (widget_class, "cw-contacts-page");

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/casework/Casework/"
                                               "cw-contacts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CwContactsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CwContactsPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, CwContactsPage, approvals_page);
  gtk_widget_class_bind_template_child (widget_class, CwContactsPage, filter_box);
  gtk_widget_class_bind_template_child (widget_class, CwContactsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, CwContactsPage, awaiting_label);
  gtk_widget_class_bind_template_child (widget_class, CwContactsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, CwContactsPage, record_list);
  gtk_widget_class_bind_template_child (widget_class, CwContactsPage, empty_status);
  gtk_widget_class_bind_template_child (widget_class, CwContactsPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, CwContactsPage, no_selection_status);
  gtk_widget_class_bind_template_child (widget_class, CwContactsPage, detail_box);
  gtk_widget_class_bind_template_child (widget_class, CwContactsPage, actions_box);
  gtk_widget_class_bind_template_child (widget_class, CwContactsPage, correct_button);
  gtk_widget_class_bind_template_child (widget_class, CwContactsPage, change_review_button);
  gtk_widget_class_bind_template_child (widget_class, CwContactsPage, review_button);
  gtk_widget_class_bind_template_child (widget_class, CwContactsPage, record_button);
  gtk_widget_class_bind_template_child (widget_class, CwContactsPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, CwContactsPage, approvals_show);
  gtk_widget_class_bind_template_child (widget_class, CwContactsPage, request_approval_button);
  gtk_widget_class_bind_template_child (widget_class, CwContactsPage, approvals_heading);
  gtk_widget_class_bind_template_child (widget_class, CwContactsPage, approvals_stack);
  gtk_widget_class_bind_template_child (widget_class, CwContactsPage, approval_list);
  gtk_widget_class_bind_template_child (widget_class, CwContactsPage, approval_error_label);
  gtk_widget_class_bind_template_child (widget_class, CwContactsPage, approval_no_selection);
  gtk_widget_class_bind_template_child (widget_class, CwContactsPage, approval_detail_box);
  gtk_widget_class_bind_template_child (widget_class, CwContactsPage, approval_actions_box);
  gtk_widget_class_bind_template_callback (widget_class, record_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, correct_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, review_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, change_review_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, approvals_show_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, request_approval_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, approve_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, decline_clicked_cb);
}

static void
cw_contacts_page_init (CwContactsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  cw_page_set_toast_overlay (CW_PAGE (self), self->toast_overlay);
  cw_contact_filter_init (&self->filter);

  cw_list_view_set_rows (self->record_list, G_CALLBACK (record_setup_cb),
                         G_CALLBACK (record_bind_cb));

  g_signal_connect_object (self->view_stack, "notify::visible-child-name",
                           G_CALLBACK (view_changed_cb), self, G_CONNECT_SWAPPED);

  cw_list_view_set_rows (self->approval_list, G_CALLBACK (approval_setup_cb),
                         G_CALLBACK (approval_bind_cb));
}

/* Public -------------------------------------------------------------------- */

GtkWidget *
cw_contacts_page_new (CwSession *session)
{
  static const CwContactFlags flag_values[] = {
    CW_CONTACT_FLAG_OUT_OF_HOURS, CW_CONTACT_FLAG_STAFF_OUT_OF_HOURS,
    CW_CONTACT_FLAG_PERSONAL_DEVICE, CW_CONTACT_FLAG_UNAPPROVED_SOCIAL,
    CW_CONTACT_FLAG_NOT_REVIEWED,
  };
  const char *titles[G_N_ELEMENTS (flag_values)];
  guint values[G_N_ELEMENTS (flag_values)];
  CwContactsPage *self;

  g_return_val_if_fail (CW_IS_SESSION (session), NULL);

  self = g_object_new (CW_TYPE_CONTACTS_PAGE, NULL);
  self->session = g_object_ref (session);
  self->contacts = cw_contact_register_new (session);
  cw_contact_register_get_working_hours (self->contacts, &self->hours);

  self->filter_bar = cw_register_filter_bar_new (session, _("Not reviewed only"));
  gtk_widget_set_name (self->filter_bar, "contacts_filter_bar");
  for (guint i = 0; i < G_N_ELEMENTS (flag_values); i++)
    {
      titles[i] = cw_contact_flag_get_title (flag_values[i]);
      values[i] = flag_values[i];
    }
  cw_register_filter_bar_set_flags (CW_REGISTER_FILTER_BAR (self->filter_bar), titles, values,
                                    G_N_ELEMENTS (flag_values));
  gtk_box_append (self->filter_box, self->filter_bar);
  g_signal_connect_object (self->filter_bar, "changed", G_CALLBACK (filter_changed_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_widget_set_visible (GTK_WIDGET (self->approvals_show),
                          cw_may_review_registers (self->session));
  gtk_widget_set_visible (self->record_button,
                          cw_session_can (session, CW_PERMISSION_KEEP_OWN_REGISTERS));
  gtk_widget_set_visible (self->request_approval_button,
                          cw_session_can (session, CW_PERMISSION_KEEP_OWN_REGISTERS));
  if (!cw_may_review_registers (self->session))
    gtk_drop_down_set_selected (self->approvals_show, 1);

  read_filter (self);
  cw_contacts_page_reload (self);

  return GTK_WIDGET (self);
}

void
cw_contacts_page_reload (CwContactsPage *self)
{
  g_return_if_fail (CW_IS_CONTACTS_PAGE (self));

  if (self->contacts == NULL)
    return;

  reload_records (self, self->selected != NULL ? cw_contact_record_get_id (self->selected) : 0);
  reload_approvals (self, self->selected_approval != NULL
                          ? cw_contact_approval_get_id (self->selected_approval) : 0);
}
