/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-audit-page"

#include "config.h"

#include <glib/gi18n.h>

#include "core/cw-audit.h"
#include "core/cw-sql-list-model.h"
#include "cw-audit-page.h"

typedef enum
{
  COLUMN_TIME,
  COLUMN_WHO,
  COLUMN_WHAT,
  COLUMN_RECORD,
  COLUMN_DETAIL,
} AuditColumn;

struct _CwAuditPage
{
  GtkWidget        parent_instance;

  AdwToastOverlay *toast_overlay;
  AdwWindowTitle  *window_title;
  GtkSpinner      *spinner;
  GtkRevealer     *result_revealer;
  GtkImage        *result_icon;
  GtkLabel        *result_label;
  GtkColumnView   *column_view;

  CwSession       *session;
  GListModel      *events;        /* CwAuditEvent, newest first, lazy */
  GCancellable    *verify_cancellable;
  gboolean         folded;
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_FOLDED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CwAuditPage, cw_audit_page, GTK_TYPE_WIDGET)

/* "23 Nov 2026, 14:05" in local time. */
static char *
format_time (GDateTime *utc)
{
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup ("");

  local = g_date_time_to_local (utc);
  /* TRANSLATORS: the time of an audit entry, see g_date_time_format() */
  return g_date_time_format (local, _("%-d %b %Y, %H:%M"));
}

static char *
describe_record (CwAuditPage  *self,
                 CwAuditEvent *event)
{
  const char *type = cw_audit_event_get_object_type (event);
  const char *id = cw_audit_event_get_object_id (event);

  if (type == NULL || *type == '\0')
    return g_strdup ("");

  if (g_str_equal (type, "staff") && id != NULL && *id != '\0')
    {
      CwStaffRepository *staff = cw_session_get_staff_repository (self->session);
      g_autoptr(CwStaffMember) member = NULL;
      gint64 staff_id = g_ascii_strtoll (id, NULL, 10);

      if (staff != NULL && staff_id > 0)
        member = cw_staff_repository_lookup_by_id (staff, staff_id, NULL);
      if (member != NULL)
        /* TRANSLATORS: the record an audit entry is about: a staff member's name */
        return g_strdup_printf (_("Staff: %s"), cw_staff_member_get_display_name (member));

      return g_strdup_printf (_("Staff: number %s"), id);
    }

  if (g_str_equal (type, "setting"))
    return g_strdup_printf (_("Setting: %s"), id != NULL ? id : "");

  if (g_str_equal (type, "organisation"))
    return g_strdup (_("Organisation"));

  if (id == NULL || *id == '\0')
    return g_strdup (type);

  return g_strdup_printf ("%s %s", type, id);
}

static char *
column_text (CwAuditPage  *self,
             CwAuditEvent *event,
             AuditColumn   column)
{
  const char *text;

  switch (column)
    {
    case COLUMN_TIME:
      return format_time (cw_audit_event_get_time (event));
    case COLUMN_WHO:
      text = cw_audit_event_get_actor_username (event);
      return g_strdup (text != NULL && *text != '\0' ? text : _("Nobody signed in"));
    case COLUMN_WHAT:
      return cw_audit_describe_action (cw_audit_event_get_action (event));
    case COLUMN_RECORD:
      return describe_record (self, event);
    case COLUMN_DETAIL:
      text = cw_audit_event_get_detail (event);
      return g_strdup (text != NULL ? text : "");
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
update_count (CwAuditPage *self)
{
  guint n = self->events != NULL ? g_list_model_get_n_items (self->events) : 0;
  g_autofree char *subtitle = NULL;

  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u entry", "%u entries", n), n);
  adw_window_title_set_subtitle (self->window_title, subtitle);
}

static void
show_result (CwAuditPage *self,
             const char  *sentence,
             gboolean     intact)
{
  GtkWidget *label = GTK_WIDGET (self->result_label);

  gtk_label_set_text (self->result_label, sentence);
  gtk_image_set_from_icon_name (self->result_icon,
                                intact ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
  gtk_widget_remove_css_class (label, intact ? "error" : "success");
  gtk_widget_add_css_class (label, intact ? "success" : "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->result_icon), intact ? "error" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->result_icon), intact ? "success" : "error");
  gtk_revealer_set_reveal_child (self->result_revealer, TRUE);
}

static void
set_verifying (CwAuditPage *self,
               gboolean     verifying)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.verify", !verifying);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), verifying);
  gtk_spinner_set_spinning (self->spinner, verifying);
}

static void
verify_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CwDatabase *database = task_data;
  g_autoptr(GError) error = NULL;
  CwAuditVerification *verification = cw_audit_verify (database, &error);

  if (verification == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, verification, (GDestroyNotify) cw_audit_verification_free);
}

static void
verify_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  CwAuditPage *self = CW_AUDIT_PAGE (source);
  g_autoptr(CwAuditVerification) verification = NULL;
  g_autoptr(GError) error = NULL;

  verification = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->verify_cancellable);
  set_verifying (self, FALSE);

  if (verification == NULL)
    {
      g_autofree char *sentence =
        g_strdup_printf (_("The audit log could not be read: %s"), error->message);

      show_result (self, sentence, FALSE);
    }
  else if (verification->problem == NULL)
    {
      g_autofree char *sentence =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "Audit log intact: %lld entry checked.",
                                      "Audit log intact: %lld entries checked.",
                                      (gulong) verification->n_rows),
                         (long long) verification->n_rows);

      show_result (self, sentence, TRUE);
    }
  else
    {
      show_result (self, verification->problem, FALSE);
    }

  cw_audit_page_reload (self);
}

static void
verify_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CwAuditPage *self = CW_AUDIT_PAGE (widget);
  CwDatabase *database = cw_session_get_database (self->session);
  g_autoptr(GTask) task = NULL;

  if (database == NULL || self->verify_cancellable != NULL)
    return;

  gtk_revealer_set_reveal_child (self->result_revealer, FALSE);
  set_verifying (self, TRUE);

  self->verify_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->verify_cancellable, verify_done_cb, NULL);
  g_task_set_source_tag (task, verify_action);
  g_task_set_task_data (task, g_object_ref (database), g_object_unref);
  g_task_run_in_thread (task, verify_thread);
}

static void
result_dismiss_clicked_cb (CwAuditPage *self)
{
  gtk_revealer_set_reveal_child (self->result_revealer, FALSE);
}

static void
events_items_changed_cb (CwAuditPage *self)
{
  update_count (self);
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  AuditColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "cw-column"));
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_set_valign (label, GTK_ALIGN_START);

  if (column == COLUMN_DETAIL || column == COLUMN_RECORD)
    {
      /* Details can be long (a staff change lists roles and manager): they
       * wrap rather than hide. */
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_width_chars (GTK_LABEL (label), column == COLUMN_DETAIL ? 20 : 12);
      gtk_label_set_max_width_chars (GTK_LABEL (label), column == COLUMN_DETAIL ? 60 : 24);
    }
  else
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
    }

  if (column == COLUMN_TIME)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              CwAuditPage              *self)
{
  AuditColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "cw-column"));
  GtkWidget *label = gtk_list_item_get_child (item);
  gpointer event = gtk_list_item_get_item (item);
  g_autofree char *text = NULL;

  if (event == NULL || !CW_IS_AUDIT_EVENT (event))
    {
      gtk_label_set_text (GTK_LABEL (label), "");
      return;
    }

  text = column_text (self, CW_AUDIT_EVENT (event), column);
  gtk_label_set_text (GTK_LABEL (label), text);
}

static void
add_column (CwAuditPage *self,
            AuditColumn  column,
            const char  *title,
            int          fixed_width,
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
  if (fixed_width > 0)
    gtk_column_view_column_set_fixed_width (view_column, fixed_width);
  gtk_column_view_append_column (self->column_view, view_column);
  g_object_unref (view_column);
}

static void
cw_audit_page_constructed (GObject *object)
{
  CwAuditPage *self = CW_AUDIT_PAGE (object);
  CwDatabase *database;
  g_autoptr(GtkNoSelection) selection = NULL;

  G_OBJECT_CLASS (cw_audit_page_parent_class)->constructed (object);

  add_column (self, COLUMN_TIME, _("Time"), 150, FALSE);
  add_column (self, COLUMN_WHO, _("Who"), 100, FALSE);
  add_column (self, COLUMN_WHAT, _("What"), 190, FALSE);
  add_column (self, COLUMN_RECORD, _("Record"), -1, FALSE);
  add_column (self, COLUMN_DETAIL, _("Detail"), -1, TRUE);

  database = self->session != NULL ? cw_session_get_database (self->session) : NULL;
  if (database != NULL)
    {
      self->events = cw_audit_list (database);
      g_signal_connect_object (self->events, "items-changed",
                               G_CALLBACK (events_items_changed_cb), self, G_CONNECT_SWAPPED);
      selection = gtk_no_selection_new (g_object_ref (self->events));
      gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
    }

  update_count (self);
}

static void
cw_audit_page_dispose (GObject *object)
{
  CwAuditPage *self = CW_AUDIT_PAGE (object);

  g_cancellable_cancel (self->verify_cancellable);
  g_clear_object (&self->verify_cancellable);

  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), CW_TYPE_AUDIT_PAGE);

  g_clear_object (&self->events);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (cw_audit_page_parent_class)->dispose (object);
}

static void
cw_audit_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CwAuditPage *self = CW_AUDIT_PAGE (object);

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
cw_audit_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CwAuditPage *self = CW_AUDIT_PAGE (object);

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
cw_audit_page_class_init (CwAuditPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cw_audit_page_constructed;
  object_class->dispose = cw_audit_page_dispose;
  object_class->get_property = cw_audit_page_get_property;
  object_class->set_property = cw_audit_page_set_property;

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
  gtk_widget_class_set_css_name (widget_class, "cw-audit-page");

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/casework/Casework/cw-audit-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CwAuditPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CwAuditPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, CwAuditPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, CwAuditPage, result_revealer);
  gtk_widget_class_bind_template_child (widget_class, CwAuditPage, result_icon);
  gtk_widget_class_bind_template_child (widget_class, CwAuditPage, result_label);
  gtk_widget_class_bind_template_child (widget_class, CwAuditPage, column_view);
  gtk_widget_class_bind_template_callback (widget_class, result_dismiss_clicked_cb);

  gtk_widget_class_install_action (widget_class, "audit.verify", NULL, verify_action);
}

static void
cw_audit_page_init (CwAuditPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * cw_audit_page_new:
 * @session: a session whose roles may view the audit log
 *
 * Returns: (transfer floating): the audit page.
 */
GtkWidget *
cw_audit_page_new (CwSession *session)
{
  g_return_val_if_fail (CW_IS_SESSION (session), NULL);

  return g_object_new (CW_TYPE_AUDIT_PAGE, "session", session, NULL);
}

/**
 * cw_audit_page_reload:
 * @self: an audit page
 *
 * Counts the log again so that entries written since are shown.
 */
void
cw_audit_page_reload (CwAuditPage *self)
{
  g_return_if_fail (CW_IS_AUDIT_PAGE (self));

  if (self->events != NULL && CW_IS_SQL_LIST_MODEL (self->events))
    cw_sql_list_model_reload (CW_SQL_LIST_MODEL (self->events));

  update_count (self);
}
