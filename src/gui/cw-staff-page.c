/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-staff-page"

#include "config.h"

#include <glib/gi18n.h>

#include "core/cw-key.h"
#include "core/cw-password.h"
#include "cw-password-dialog.h"
#include "cw-staff-editor.h"
#include "cw-staff-page.h"

typedef enum
{
  COLUMN_NAME,
  COLUMN_USERNAME,
  COLUMN_JOB_TITLE,
  COLUMN_ROLES,
  COLUMN_LINE_MANAGER,
  COLUMN_STATUS,
} StaffColumn;

struct _CwStaffPage
{
  GtkWidget           parent_instance;

  AdwToastOverlay    *toast_overlay;
  AdwWindowTitle     *window_title;
  GtkColumnView      *column_view;
  GtkLabel           *selection_label;

  CwSession          *session;
  GListModel         *staff;        /* CwStaffMember, every account */
  GtkSingleSelection *selection;
  gboolean            folded;
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_FOLDED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CwStaffPage, cw_staff_page, GTK_TYPE_WIDGET)

/* One change in flight: whom it is about and, for a password reset, the
 * new one-time password (wiped when done). */
typedef struct
{
  CwStaffPage   *page;
  CwStaffMember *member;
  char          *password;
} StaffChange;

static StaffChange *
staff_change_new (CwStaffPage   *page,
                  CwStaffMember *member)
{
  StaffChange *change = g_new0 (StaffChange, 1);

  change->page = g_object_ref (page);
  change->member = member != NULL ? g_object_ref (member) : NULL;

  return change;
}

static void
staff_change_set_password (StaffChange *change,
                           const char  *password)
{
  if (change->password != NULL)
    {
      cw_secure_wipe_string (change->password);
      g_free (change->password);
    }
  change->password = g_strdup (password);
}

static void
staff_change_free (StaffChange *change)
{
  staff_change_set_password (change, NULL);
  g_clear_object (&change->member);
  g_clear_object (&change->page);
  g_free (change);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StaffChange, staff_change_free)

static void
wipe_and_free (char *str)
{
  cw_secure_wipe_string (str);
  g_free (str);
}

/* A password held in ordinary memory for one call: wiped, then freed. */
typedef char *CwSecretString;
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (CwSecretString, wipe_and_free, NULL)

static GtkWindow *
parent_window (CwStaffPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return root != NULL && GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
show_toast (CwStaffPage *self,
            const char  *text,
            gboolean     is_problem)
{
  AdwToast *toast = adw_toast_new (text);

  if (is_problem)
    {
      adw_toast_set_timeout (toast, 0);
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static CwStaffMember *
selected_member (CwStaffPage *self)
{
  gpointer item = gtk_single_selection_get_selected_item (self->selection);

  return item != NULL && CW_IS_STAFF_MEMBER (item) ? CW_STAFF_MEMBER (item) : NULL;
}

static gboolean
is_self (CwStaffPage   *self,
         CwStaffMember *member)
{
  CwStaffMember *me = cw_session_get_staff_member (self->session);

  return me != NULL && member != NULL &&
         cw_staff_member_get_id (me) == cw_staff_member_get_id (member);
}

static void
select_member_id (CwStaffPage *self,
                  gint64       id)
{
  guint n = g_list_model_get_n_items (self->staff);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CwStaffMember) member = g_list_model_get_item (self->staff, i);

      if (member != NULL && cw_staff_member_get_id (member) == id)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return;
        }
    }
}

static void
update_actions (CwStaffPage *self)
{
  CwStaffMember *member = selected_member (self);
  gboolean active = member != NULL && cw_staff_member_get_active (member);
  gboolean me = is_self (self, member);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "staff.edit", member != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "staff.reset-password", active && !me);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "staff.deactivate", active && !me);

  if (member == NULL)
    gtk_label_set_text (self->selection_label,
                        _("Select someone to manage their account."));
  else if (me)
    gtk_label_set_text (self->selection_label,
                        _("This is you: change your own password from the main menu."));
  else if (!active)
    {
      g_autofree char *text =
        g_strdup_printf (_("%s is deactivated and cannot sign in."),
                         cw_staff_member_get_display_name (member));

      gtk_label_set_text (self->selection_label, text);
    }
  else
    gtk_label_set_text (self->selection_label, cw_staff_member_get_display_name (member));
}

static void
update_count (CwStaffPage *self)
{
  guint n = g_list_model_get_n_items (self->staff);
  guint active = 0;
  g_autofree char *subtitle = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CwStaffMember) member = g_list_model_get_item (self->staff, i);

      if (member != NULL && cw_staff_member_get_active (member))
        active++;
    }

  if (active == n)
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u person", "%u people", n), n);
  else
    /* TRANSLATORS: "5 people, 4 active" */
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%u person, %u active",
                                             "%u people, %u active", n), n, active);
  adw_window_title_set_subtitle (self->window_title, subtitle);
}

static char *
line_manager_name (CwStaffPage   *self,
                   CwStaffMember *member)
{
  gint64 manager_id = cw_staff_member_get_line_manager_id (member);
  CwStaffRepository *repository = cw_session_get_staff_repository (self->session);
  g_autoptr(CwStaffMember) manager = NULL;

  if (manager_id <= 0)
    return g_strdup ("");

  if (repository != NULL)
    manager = cw_staff_repository_lookup_by_id (repository, manager_id, NULL);

  if (manager == NULL)
    return g_strdup (_("Unknown"));

  return g_strdup (cw_staff_member_get_display_name (manager));
}

/* The page for the one-time password that was just set, to pass on. */
static void
show_one_time_password (CwStaffPage   *self,
                        const char    *heading,
                        CwStaffMember *member,
                        const char    *password)
{
  AdwMessageDialog *dialog;
  GtkWidget *label;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (self), heading, NULL));
  adw_message_dialog_format_body (dialog,
                                  _("Give %s their username, “%s”, and this one-time "
                                    "password, in person or by telephone. They will choose "
                                    "their own password when they first sign in. It is not "
                                    "shown again."),
                                  cw_staff_member_get_display_name (member),
                                  cw_staff_member_get_username (member));

  label = gtk_label_new (password);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "title-2");
  gtk_widget_add_css_class (label, "monospace");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("One-time password"),
                                  -1);
  adw_message_dialog_set_extra_child (dialog, label);

  adw_message_dialog_add_response (dialog, "done", _("_Done"));
  adw_message_dialog_set_default_response (dialog, "done");
  adw_message_dialog_set_close_response (dialog, "done");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
editor_saved_cb (CwStaffEditor *editor,
                 CwStaffMember *member,
                 CwStaffPage   *self)
{
  const char *password = cw_staff_editor_get_one_time_password (editor);
  g_autofree char *text = NULL;

  select_member_id (self, cw_staff_member_get_id (member));

  if (password != NULL)
    {
      text = g_strdup_printf (_("%s was added."), cw_staff_member_get_display_name (member));
      show_toast (self, text, FALSE);
      show_one_time_password (self, _("Staff Member Added"), member, password);
    }
  else
    {
      text = g_strdup_printf (_("Changes to %s were saved."),
                              cw_staff_member_get_display_name (member));
      show_toast (self, text, FALSE);
    }
}

static void
open_editor (CwStaffPage   *self,
             CwStaffMember *member)
{
  CwStaffEditor *editor = cw_staff_editor_new (self->session, member, parent_window (self));

  g_signal_connect_object (editor, "saved", G_CALLBACK (editor_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (editor));
}

/* Deactivate: confirm, step up, then the session call. */

static void
deactivate_confirmed_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(StaffChange) change = user_data;
  CwStaffPage *self = change->page;
  g_autoptr(GError) error = NULL;
  g_auto(CwSecretString) password = cw_password_dialog_confirm_finish (result, &error);
  g_autofree char *text = NULL;

  if (password == NULL)
    return;

  if (!cw_session_deactivate_staff (self->session, password,
                                    cw_staff_member_get_id (change->member), &error))
    {
      show_toast (self, error->message, TRUE);
      return;
    }

  select_member_id (self, cw_staff_member_get_id (change->member));
  text = g_strdup_printf (_("%s was deactivated and can no longer sign in."),
                          cw_staff_member_get_display_name (change->member));
  show_toast (self, text, FALSE);
}

static void
deactivate_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        StaffChange      *change)
{
  g_autofree char *body = NULL;

  if (g_strcmp0 (response, "deactivate") != 0)
    return;

  body = g_strdup_printf (_("Type your password to deactivate %s."),
                          cw_staff_member_get_display_name (change->member));
  cw_password_dialog_confirm_async (change->page->session, GTK_WIDGET (change->page),
                                    _("Confirm Deactivation"), body, _("_Deactivate"), NULL,
                                    deactivate_confirmed_cb,
                                    staff_change_new (change->page, change->member));
}

static void
deactivate_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CwStaffPage *self = CW_STAFF_PAGE (widget);
  CwStaffMember *member = selected_member (self);
  AdwMessageDialog *dialog;
  const char *name;

  if (member == NULL || !cw_staff_member_get_active (member) || is_self (self, member))
    return;

  name = cw_staff_member_get_display_name (member);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (self), NULL, NULL));
  adw_message_dialog_format_heading (dialog, _("Deactivate %s?"), name);
  adw_message_dialog_format_body (dialog,
                                  _("%s will no longer be able to sign in. Their key slot is "
                                    "removed from this database, so neither their password nor "
                                    "a sign-in remembered on a computer opens it any more. "
                                    "Their account and everything they recorded stay, and the "
                                    "change is kept in the audit log."),
                                  name);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "deactivate", _("_Deactivate"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "deactivate", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (deactivate_response_cb),
                         staff_change_new (self, member),
                         (GClosureNotify) staff_change_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Reset password: choose the one-time password, step up, store, show it. */

static void
reset_confirmed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(StaffChange) change = user_data;
  CwStaffPage *self = change->page;
  g_autoptr(GError) error = NULL;
  g_auto(CwSecretString) password = cw_password_dialog_confirm_finish (result, &error);

  if (password == NULL)
    return;

  if (!cw_session_reset_staff_password (self->session, password,
                                        cw_staff_member_get_id (change->member),
                                        change->password, &error))
    {
      show_toast (self, error->message, TRUE);
      return;
    }

  select_member_id (self, cw_staff_member_get_id (change->member));
  show_one_time_password (self, _("Password Reset"), change->member, change->password);
}

static void
reset_entry_changed_cb (GtkEditable *entry,
                        StaffChange *change)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (gtk_widget_get_root (GTK_WIDGET (entry)));
  GtkLabel *feedback = g_object_get_data (G_OBJECT (entry), "cw-feedback");
  CwStaffMember *member = change->member;
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (entry);
  gboolean acceptable;

  staff_change_set_password (change, text);
  acceptable = cw_password_acceptable (text, cw_staff_member_get_username (member),
                                       cw_staff_member_get_display_name (member), &error);
  gtk_label_set_text (feedback, acceptable ? "" : error->message);
  gtk_widget_set_visible (GTK_WIDGET (feedback), !acceptable);
  if (dialog != NULL && ADW_IS_MESSAGE_DIALOG (dialog))
    adw_message_dialog_set_response_enabled (dialog, "reset", acceptable);
}

static void
reset_entry_icon_press_cb (GtkEntry             *entry,
                           GtkEntryIconPosition  position,
                           gpointer              user_data)
{
  g_auto(CwSecretString) password = cw_staff_editor_generate_password ();

  gtk_editable_set_text (GTK_EDITABLE (entry), password);
}

static void
reset_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   StaffChange      *change)
{
  StaffChange *next;
  g_autofree char *body = NULL;

  if (g_strcmp0 (response, "reset") != 0 || change->password == NULL)
    return;

  next = staff_change_new (change->page, change->member);
  staff_change_set_password (next, change->password);

  body = g_strdup_printf (_("Type your password to reset the password of %s."),
                          cw_staff_member_get_display_name (change->member));
  cw_password_dialog_confirm_async (change->page->session, GTK_WIDGET (change->page),
                                    _("Confirm Password Reset"), body, _("_Reset Password"),
                                    NULL, reset_confirmed_cb, next);
}

static void
reset_password_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CwStaffPage *self = CW_STAFF_PAGE (widget);
  CwStaffMember *member = selected_member (self);
  g_auto(CwSecretString) password = NULL;
  AdwMessageDialog *dialog;
  StaffChange *change;
  PangoAttrList *attributes;
  GtkWidget *box, *entry, *feedback;
  const char *name;

  if (member == NULL || !cw_staff_member_get_active (member) || is_self (self, member))
    return;

  name = cw_staff_member_get_display_name (member);
  change = staff_change_new (self, member);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (self), NULL, NULL));
  adw_message_dialog_format_heading (dialog, _("Reset Password for %s?"), name);
  adw_message_dialog_format_body (dialog,
                                  _("%s will sign in once with this one-time password and "
                                    "then choose their own. Their present password, and any "
                                    "sign-in remembered on a computer, stop working."),
                                  name);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  entry = gtk_entry_new ();
  attributes = pango_attr_list_new ();
  pango_attr_list_insert (attributes, pango_attr_family_new ("monospace"));
  gtk_entry_set_attributes (GTK_ENTRY (entry), attributes);
  pango_attr_list_unref (attributes);
  gtk_entry_set_icon_from_icon_name (GTK_ENTRY (entry), GTK_ENTRY_ICON_SECONDARY,
                                     "view-refresh-symbolic");
  gtk_entry_set_icon_tooltip_text (GTK_ENTRY (entry), GTK_ENTRY_ICON_SECONDARY,
                                   _("Generate another"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("One-time password"),
                                  -1);
  feedback = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (feedback), TRUE);
  gtk_widget_add_css_class (feedback, "error");
  gtk_widget_set_visible (feedback, FALSE);
  g_object_set_data (G_OBJECT (entry), "cw-feedback", feedback);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), feedback);
  adw_message_dialog_set_extra_child (dialog, box);

  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "reset", _("_Reset Password"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "reset", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "reset");
  adw_message_dialog_set_close_response (dialog, "cancel");

  g_signal_connect (entry, "changed", G_CALLBACK (reset_entry_changed_cb), change);
  g_signal_connect (entry, "icon-press", G_CALLBACK (reset_entry_icon_press_cb), NULL);
  g_signal_connect_data (dialog, "response", G_CALLBACK (reset_response_cb), change,
                         (GClosureNotify) staff_change_free, 0);

  password = cw_staff_editor_generate_password ();
  gtk_editable_set_text (GTK_EDITABLE (entry), password);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  open_editor (CW_STAFF_PAGE (widget), NULL);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CwStaffPage *self = CW_STAFF_PAGE (widget);
  CwStaffMember *member = selected_member (self);

  if (member != NULL)
    open_editor (self, member);
}

static void
column_view_activate_cb (CwStaffPage *self,
                         guint        position)
{
  gtk_single_selection_set_selected (self->selection, position);
  edit_action (GTK_WIDGET (self), "staff.edit", NULL);
}

static void
selection_changed_cb (CwStaffPage *self)
{
  update_actions (self);
}

static void
staff_items_changed_cb (CwStaffPage *self)
{
  update_count (self);
  update_actions (self);
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  StaffColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "cw-column"));
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);

  switch (column)
    {
    case COLUMN_STATUS:
      {
        GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
        GtkWidget *marker = gtk_label_new (_("Must change password"));

        gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
        gtk_widget_set_margin_top (label, 0);
        gtk_widget_set_margin_bottom (label, 0);
        gtk_label_set_xalign (GTK_LABEL (marker), 0.0f);
        gtk_widget_add_css_class (marker, "caption");
        gtk_widget_add_css_class (marker, "warning");
        gtk_box_append (GTK_BOX (box), label);
        gtk_box_append (GTK_BOX (box), marker);
        gtk_list_item_set_child (item, box);
      }
      return;

    case COLUMN_NAME:
      gtk_widget_add_css_class (label, "heading");
      break;

    case COLUMN_USERNAME:
      gtk_widget_add_css_class (label, "monospace");
      break;

    case COLUMN_JOB_TITLE:
    case COLUMN_ROLES:
    case COLUMN_LINE_MANAGER:
      /* Long titles and several roles wrap rather than hide. */
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_width_chars (GTK_LABEL (label), 12);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
      break;

    default:
      break;
    }

  gtk_list_item_set_child (item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              CwStaffPage              *self)
{
  StaffColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "cw-column"));
  GtkWidget *child = gtk_list_item_get_child (item);
  gpointer object = gtk_list_item_get_item (item);
  CwStaffMember *member;
  g_autofree char *text = NULL;
  GtkWidget *label = child;

  if (object == NULL || !CW_IS_STAFF_MEMBER (object))
    return;
  member = CW_STAFF_MEMBER (object);

  switch (column)
    {
    case COLUMN_NAME:
      text = g_strdup (cw_staff_member_get_display_name (member));
      break;
    case COLUMN_USERNAME:
      text = g_strdup (cw_staff_member_get_username (member));
      break;
    case COLUMN_JOB_TITLE:
      text = g_strdup (cw_staff_member_get_job_title (member));
      break;
    case COLUMN_ROLES:
      text = cw_roles_to_string (cw_staff_member_get_roles (member));
      break;
    case COLUMN_LINE_MANAGER:
      text = line_manager_name (self, member);
      break;
    case COLUMN_STATUS:
      {
        gboolean active = cw_staff_member_get_active (member);
        GtkWidget *marker;

        label = gtk_widget_get_first_child (child);
        marker = gtk_widget_get_last_child (child);
        text = g_strdup (active ? _("Active") : _("Deactivated"));
        gtk_widget_set_visible (marker,
                                active && cw_staff_member_get_must_change_password (member));
        if (active)
          gtk_widget_remove_css_class (label, "dim-label");
        else
          gtk_widget_add_css_class (label, "dim-label");
      }
      break;
    default:
      g_return_if_reached ();
    }

  gtk_label_set_text (GTK_LABEL (label), text != NULL ? text : "");
}

static void
add_column (CwStaffPage *self,
            StaffColumn  column,
            const char  *title,
            gboolean     expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_object_set_data (G_OBJECT (factory), "cw-column", GINT_TO_POINTER (column));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), self);

  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_append_column (self->column_view, view_column);
  g_object_unref (view_column);
}

static void
cw_staff_page_constructed (GObject *object)
{
  CwStaffPage *self = CW_STAFF_PAGE (object);
  CwStaffRepository *repository;

  G_OBJECT_CLASS (cw_staff_page_parent_class)->constructed (object);

  add_column (self, COLUMN_NAME, _("Name"), TRUE);
  add_column (self, COLUMN_USERNAME, _("Username"), FALSE);
  add_column (self, COLUMN_JOB_TITLE, _("Job title"), TRUE);
  add_column (self, COLUMN_ROLES, _("Roles"), TRUE);
  add_column (self, COLUMN_LINE_MANAGER, _("Line manager"), TRUE);
  add_column (self, COLUMN_STATUS, _("Status"), FALSE);

  repository = self->session != NULL ? cw_session_get_staff_repository (self->session) : NULL;
  if (repository != NULL)
    self->staff = cw_staff_repository_list (repository);
  else
    self->staff = G_LIST_MODEL (g_list_store_new (CW_TYPE_STAFF_MEMBER));

  self->selection = gtk_single_selection_new (g_object_ref (self->staff));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->staff, "items-changed",
                           G_CALLBACK (staff_items_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  update_count (self);
  update_actions (self);
}

static void
cw_staff_page_dispose (GObject *object)
{
  CwStaffPage *self = CW_STAFF_PAGE (object);

  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), CW_TYPE_STAFF_PAGE);

  g_clear_object (&self->selection);
  g_clear_object (&self->staff);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (cw_staff_page_parent_class)->dispose (object);
}

static void
cw_staff_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CwStaffPage *self = CW_STAFF_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_FOLDED:
      g_value_set_boolean (value, self->folded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cw_staff_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CwStaffPage *self = CW_STAFF_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_set_object (&self->session, g_value_get_object (value));
      break;
    case PROP_FOLDED:
      if (self->folded != g_value_get_boolean (value))
        {
          self->folded = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cw_staff_page_class_init (CwStaffPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cw_staff_page_constructed;
  object_class->dispose = cw_staff_page_dispose;
  object_class->get_property = cw_staff_page_get_property;
  object_class->set_property = cw_staff_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         CW_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLDED] =
    g_param_spec_boolean ("folded", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "cw-staff-page");

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/casework/Casework/cw-staff-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CwStaffPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CwStaffPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, CwStaffPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, CwStaffPage, selection_label);
  gtk_widget_class_bind_template_callback (widget_class, column_view_activate_cb);

  gtk_widget_class_install_action (widget_class, "staff.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "staff.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "staff.reset-password", NULL,
                                   reset_password_action);
  gtk_widget_class_install_action (widget_class, "staff.deactivate", NULL, deactivate_action);

  g_type_ensure (CW_TYPE_STAFF_EDITOR);
}

static void
cw_staff_page_init (CwStaffPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * cw_staff_page_new:
 * @session: an administrator's session
 *
 * Returns: (transfer floating): the staff management page.
 */
GtkWidget *
cw_staff_page_new (CwSession *session)
{
  g_return_val_if_fail (CW_IS_SESSION (session), NULL);

  return g_object_new (CW_TYPE_STAFF_PAGE, "session", session, NULL);
}

CwSession *
cw_staff_page_get_session (CwStaffPage *self)
{
  g_return_val_if_fail (CW_IS_STAFF_PAGE (self), NULL);

  return self->session;
}
