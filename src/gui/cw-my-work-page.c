/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-my-work-page"

#include "config.h"

#include <glib/gi18n.h>

#include "core/cw-child-repository.h"
#include "core/cw-entry-repository.h"
#include "cw-entry-editor.h"
#include "cw-main-view.h"
#include "cw-my-work-page.h"

/* Rows shown at first, and added by "Show More": the lists are lazy and a
 * person's drafts are read a page at a time. */
#define ROWS_PER_PAGE 50
/* Recently opened children shown. */
#define RECENT_LIMIT 10

struct _CwMyWorkPage
{
  GtkWidget          parent_instance;

  AdwToastOverlay   *toast_overlay;
  AdwPreferencesGroup *overdue_group;
  GtkListBox        *drafts_list;
  GtkListBox        *overdue_list;
  GtkListBox        *recent_list;
  GtkWidget         *drafts_more_button;
  GtkWidget         *overdue_more_button;

  CwSession         *session;
  CwChildRepository *children;
  CwEntryRepository *entries;

  GListModel        *drafts;          /* CwEntry, lazy */
  GListModel        *overdue;         /* CwEntry */
  GListModel        *recent;          /* CwChild */
  GtkSliceListModel *drafts_slice;
  GtkSliceListModel *overdue_slice;
  GHashTable        *child_names;     /* gint64 * → char *, for one reading */
  GDate              today;           /* the day the lists were read */

  gboolean           folded;
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_FOLDED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CwMyWorkPage, cw_my_work_page, GTK_TYPE_WIDGET)

static GtkWindow *
parent_window (CwMyWorkPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return root != NULL && GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
show_problem (CwMyWorkPage *self,
              const char   *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 0);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static guint
setting_days (CwMyWorkPage *self,
              const char   *key,
              guint         fallback)
{
  g_autofree char *value = cw_session_get_setting (self->session, key);
  guint64 days;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, 365, &days, NULL))
    return fallback;

  return (guint) days;
}

static const char *
child_name (CwMyWorkPage *self,
            gint64        child_id)
{
  g_autoptr(CwChild) child = NULL;
  const char *name;
  gint64 *key;

  name = g_hash_table_lookup (self->child_names, &child_id);
  if (name != NULL)
    return name;

  child = cw_child_repository_lookup (self->children, child_id, NULL);

  key = g_new (gint64, 1);
  *key = child_id;
  g_hash_table_insert (self->child_names, key,
                       child != NULL ? cw_child_dup_display_name (child)
                                     : g_strdup (_("A child’s record you cannot open now")));

  return g_hash_table_lookup (self->child_names, &child_id);
}

/* "14 Mar 2026, 15:20" in local time. */
static char *
format_time (GDateTime *when)
{
  g_autoptr(GDateTime) local = NULL;

  if (when == NULL)
    return NULL;

  local = g_date_time_to_local (when);
  /* TRANSLATORS: when a draft was started: strftime format */
  return g_date_time_format (local, _("%-d %b %Y, %H:%M"));
}

static char *
format_day (const GDate *date)
{
  char buffer[128];

  if (g_date_strftime (buffer, sizeof buffer, "%a %-d %b %Y", date) == 0)
    return g_strdup ("");

  return g_strdup (buffer);
}

/* Days after its due date that @entry is now, or 0 when on time. */
static int
days_late (CwMyWorkPage *self,
           CwEntry      *entry,
           GDate        *due_out)
{
  if (!cw_entry_repository_get_due_date (self->entries, entry, due_out))
    return 0;

  if (g_date_compare (&self->today, due_out) <= 0)
    return 0;

  return g_date_days_between (due_out, &self->today);
}

/* An icon that repeats what the text beside it says: screen readers skip it. */
static GtkWidget *
decorative_icon (const char *icon_name)
{
  return g_object_new (GTK_TYPE_IMAGE,
                       "icon-name", icon_name,
                       "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                       NULL);
}

static GtkWidget *
late_marker (int          days,
             const GDate *due)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = decorative_icon ("dialog-warning-symbolic");
  GtkWidget *label, *due_label;
  g_autofree char *late = NULL;
  g_autofree char *due_day = format_day (due);
  g_autofree char *due_text = NULL;

  late = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day late", "%d days late", days),
                          days);
  /* TRANSLATORS: the last day on which a note was on time: "Due Thu 12 Mar 2026" */
  due_text = g_strdup_printf (_("Due %s"), due_day);

  label = gtk_label_new (late);
  gtk_widget_set_name (label, "late_label");
  gtk_label_set_xalign (GTK_LABEL (label), 1.0f);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (line), icon);
  gtk_box_append (GTK_BOX (line), label);
  gtk_widget_set_halign (line, GTK_ALIGN_END);
  gtk_widget_add_css_class (line, "warning");

  due_label = gtk_label_new (due_text);
  gtk_label_set_xalign (GTK_LABEL (due_label), 1.0f);
  gtk_widget_add_css_class (due_label, "caption");
  gtk_widget_add_css_class (due_label, "dim-label");

  gtk_box_append (GTK_BOX (box), line);
  gtk_box_append (GTK_BOX (box), due_label);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);

  return box;
}

/* One draft: the child, the kind and summary, when it was started and,
 * when @show_lateness and it is past its deadline, how late it is. */
static GtkWidget *
entry_row (CwMyWorkPage *self,
           CwEntry      *entry,
           gboolean      overdue_list)
{
  GtkWidget *row = adw_action_row_new ();
  const char *summary = cw_entry_get_text (entry, CW_ENTRY_FIELD_SUMMARY);
  const char *kind = cw_entry_kind_get_title (cw_entry_get_kind (entry));
  g_autofree char *title = g_markup_escape_text (child_name (self, cw_entry_get_child_id (entry)),
                                                 -1);
  g_autofree char *escaped_summary = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *started = format_time (cw_entry_get_started_at (entry));
  GDate due;
  int late;

  if (summary == NULL || summary[0] == '\0')
    escaped_summary = g_markup_printf_escaped ("<i>%s</i>", _("(no summary yet)"));
  else
    escaped_summary = g_markup_escape_text (summary, -1);

  if (cw_entry_get_version (entry) > 1)
    /* TRANSLATORS: "Home visit (correction) · summary" */
    subtitle = g_strdup_printf (_("%s (correction) · %s"), kind, escaped_summary);
  else
    /* TRANSLATORS: "Home visit · summary" */
    subtitle = g_strdup_printf (_("%s · %s"), kind, escaped_summary);

  gtk_widget_set_name (row, overdue_list ? "overdue_row" : "draft_row");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  g_date_clear (&due, 1);
  late = days_late (self, entry, &due);
  if (late > 0)
    {
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), late_marker (late, &due));
    }
  else if (started != NULL)
    {
      /* TRANSLATORS: when a draft was started: "Started 14 Mar 2026, 15:20" */
      g_autofree char *text = g_strdup_printf (_("Started %s"), started);
      GtkWidget *label = gtk_label_new (text);

      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }

  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             decorative_icon ("go-next-symbolic"));

  return row;
}

static GtkWidget *
create_draft_row_cb (gpointer item,
                     gpointer user_data)
{
  return entry_row (CW_MY_WORK_PAGE (user_data), CW_ENTRY (item), FALSE);
}

static GtkWidget *
create_overdue_row_cb (gpointer item,
                       gpointer user_data)
{
  return entry_row (CW_MY_WORK_PAGE (user_data), CW_ENTRY (item), TRUE);
}

static GtkWidget *
create_recent_row_cb (gpointer item,
                      gpointer user_data)
{
  CwChild *child = CW_CHILD (item);
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *name = cw_child_dup_display_name (child);
  g_autofree char *title = g_markup_escape_text (name, -1);
  g_autofree char *subtitle = NULL;

  /* TRANSLATORS: a child's case reference and legal status: "RS-1042 · Child in need" */
  subtitle = g_markup_printf_escaped (_("%s · %s"), cw_child_get_case_reference (child),
                                      cw_legal_status_get_title (
                                        cw_child_get_legal_status (child)));

  gtk_widget_set_name (row, "recent_row");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             decorative_icon ("go-next-symbolic"));
  return row;
}

static GtkWidget *
empty_line (const char *text,
            const char *name)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_name (label, name);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_set_margin_top (label, 18);
  gtk_widget_set_margin_bottom (label, 18);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_add_css_class (label, "dim-label");

  return label;
}

static void
update_more_buttons (CwMyWorkPage *self)
{
  gtk_widget_set_visible (self->drafts_more_button,
                          self->drafts != NULL &&
                          g_list_model_get_n_items (self->drafts) >
                          gtk_slice_list_model_get_size (self->drafts_slice));
  gtk_widget_set_visible (self->overdue_more_button,
                          self->overdue != NULL &&
                          g_list_model_get_n_items (self->overdue) >
                          gtk_slice_list_model_get_size (self->overdue_slice));
}

static void
update_overdue_description (CwMyWorkPage *self)
{
  guint urgent = setting_days (self, "deadline-urgent-days", 1);
  guint other = setting_days (self, "deadline-other-days", 3);
  g_autofree char *urgent_text = NULL;
  g_autofree char *other_text = NULL;
  g_autofree char *description = NULL;

  urgent_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u working day",
                                              "%u working days", urgent), urgent);
  other_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u working day",
                                             "%u working days", other), other);
  /* TRANSLATORS: the two %s are "1 working day" and "3 working days" */
  description = g_strdup_printf (_("Drafts past their recording deadline: %s for disclosures, "
                                   "concerns, incidents and visits to a child with a child "
                                   "protection plan, %s for the rest. Finish them as soon as "
                                   "you can; the lateness stays on the record."),
                                 urgent_text, other_text);
  adw_preferences_group_set_description (self->overdue_group, description);
}

static void
reload (CwMyWorkPage *self)
{
  g_autoptr(GDateTime) now = NULL;

  if (self->entries == NULL)
    return;

  now = g_date_time_new_now_local ();
  g_date_clear (&self->today, 1);
  g_date_set_dmy (&self->today, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
  g_hash_table_remove_all (self->child_names);

  g_clear_object (&self->drafts);
  g_clear_object (&self->overdue);
  g_clear_object (&self->recent);

  self->drafts = cw_entry_repository_list_my_drafts (self->entries);
  self->overdue = cw_entry_repository_list_my_overdue (self->entries, now);
  self->recent = cw_child_repository_list_recent (self->children, RECENT_LIMIT);

  gtk_slice_list_model_set_model (self->drafts_slice, self->drafts);
  gtk_slice_list_model_set_size (self->drafts_slice, ROWS_PER_PAGE);
  gtk_slice_list_model_set_model (self->overdue_slice, self->overdue);
  gtk_slice_list_model_set_size (self->overdue_slice, ROWS_PER_PAGE);
  gtk_list_box_bind_model (self->recent_list, self->recent, create_recent_row_cb, self, NULL);

  update_more_buttons (self);
  update_overdue_description (self);
}

static void
entry_editor_destroy_cb (CwMyWorkPage *self)
{
  if (!gtk_widget_in_destruction (GTK_WIDGET (self)))
    reload (self);
}

static void
open_draft (CwMyWorkPage *self,
            CwEntry      *listed)
{
  g_autoptr(CwEntry) draft = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *editor;

  draft = cw_entry_repository_load_draft (self->entries, cw_entry_get_id (listed), &error);
  if (draft == NULL)
    {
      show_problem (self, error != NULL ? error->message : _("The draft could not be opened."));
      reload (self);
      return;
    }

  editor = cw_entry_editor_new (self->session, draft, parent_window (self));
  g_signal_connect_object (editor, "destroy", G_CALLBACK (entry_editor_destroy_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
drafts_row_activated_cb (CwMyWorkPage  *self,
                         GtkListBoxRow *row)
{
  g_autoptr(CwEntry) entry = NULL;

  entry = g_list_model_get_item (G_LIST_MODEL (self->drafts_slice),
                                 gtk_list_box_row_get_index (row));
  if (entry != NULL)
    open_draft (self, entry);
}

static void
overdue_row_activated_cb (CwMyWorkPage  *self,
                          GtkListBoxRow *row)
{
  g_autoptr(CwEntry) entry = NULL;

  entry = g_list_model_get_item (G_LIST_MODEL (self->overdue_slice),
                                 gtk_list_box_row_get_index (row));
  if (entry != NULL)
    open_draft (self, entry);
}

static void
recent_row_activated_cb (CwMyWorkPage  *self,
                         GtkListBoxRow *row)
{
  g_autoptr(CwChild) child = NULL;
  GtkWidget *main_view;

  if (self->recent == NULL)
    return;

  child = g_list_model_get_item (self->recent, gtk_list_box_row_get_index (row));
  main_view = gtk_widget_get_ancestor (GTK_WIDGET (self), CW_TYPE_MAIN_VIEW);
  if (child == NULL || main_view == NULL)
    return;

  cw_main_view_open_child (CW_MAIN_VIEW (main_view), cw_child_get_id (child));
}

static void
drafts_more_clicked_cb (CwMyWorkPage *self)
{
  gtk_slice_list_model_set_size (self->drafts_slice,
                                 gtk_slice_list_model_get_size (self->drafts_slice) +
                                 ROWS_PER_PAGE);
  update_more_buttons (self);
}

static void
overdue_more_clicked_cb (CwMyWorkPage *self)
{
  gtk_slice_list_model_set_size (self->overdue_slice,
                                 gtk_slice_list_model_get_size (self->overdue_slice) +
                                 ROWS_PER_PAGE);
  update_more_buttons (self);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  reload (CW_MY_WORK_PAGE (widget));
}

static void
map_cb (CwMyWorkPage *self)
{
  reload (self);
}

static void
cw_my_work_page_constructed (GObject *object)
{
  CwMyWorkPage *self = CW_MY_WORK_PAGE (object);

  G_OBJECT_CLASS (cw_my_work_page_parent_class)->constructed (object);

  g_return_if_fail (CW_IS_SESSION (self->session));

  self->children = cw_child_repository_new (self->session);
  self->entries = cw_entry_repository_new (self->session);

  gtk_list_box_set_placeholder (self->drafts_list,
                                empty_line (_("No drafts. Everything you started has been "
                                              "finished."), "drafts_empty_label"));
  gtk_list_box_set_placeholder (self->overdue_list,
                                empty_line (_("Nothing overdue. No note you started is past "
                                              "its recording deadline."),
                                            "overdue_empty_label"));
  gtk_list_box_set_placeholder (self->recent_list,
                                empty_line (_("No children’s records opened yet. The records "
                                              "you open appear here."), "recent_empty_label"));

  self->drafts_slice = gtk_slice_list_model_new (NULL, 0, ROWS_PER_PAGE);
  self->overdue_slice = gtk_slice_list_model_new (NULL, 0, ROWS_PER_PAGE);
  gtk_list_box_bind_model (self->drafts_list, G_LIST_MODEL (self->drafts_slice),
                           create_draft_row_cb, self, NULL);
  gtk_list_box_bind_model (self->overdue_list, G_LIST_MODEL (self->overdue_slice),
                           create_overdue_row_cb, self, NULL);

  reload (self);
}

static void
cw_my_work_page_dispose (GObject *object)
{
  CwMyWorkPage *self = CW_MY_WORK_PAGE (object);

  if (self->drafts_list != NULL)
    gtk_list_box_bind_model (self->drafts_list, NULL, NULL, NULL, NULL);
  if (self->overdue_list != NULL)
    gtk_list_box_bind_model (self->overdue_list, NULL, NULL, NULL, NULL);
  if (self->recent_list != NULL)
    gtk_list_box_bind_model (self->recent_list, NULL, NULL, NULL, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), CW_TYPE_MY_WORK_PAGE);

  g_clear_object (&self->drafts_slice);
  g_clear_object (&self->overdue_slice);
  g_clear_object (&self->drafts);
  g_clear_object (&self->overdue);
  g_clear_object (&self->recent);
  g_clear_object (&self->entries);
  g_clear_object (&self->children);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (cw_my_work_page_parent_class)->dispose (object);
}

static void
cw_my_work_page_finalize (GObject *object)
{
  CwMyWorkPage *self = CW_MY_WORK_PAGE (object);

  g_clear_pointer (&self->child_names, g_hash_table_unref);

  G_OBJECT_CLASS (cw_my_work_page_parent_class)->finalize (object);
}

static void
cw_my_work_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CwMyWorkPage *self = CW_MY_WORK_PAGE (object);

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
cw_my_work_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CwMyWorkPage *self = CW_MY_WORK_PAGE (object);

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
cw_my_work_page_class_init (CwMyWorkPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cw_my_work_page_constructed;
  object_class->dispose = cw_my_work_page_dispose;
  object_class->finalize = cw_my_work_page_finalize;
  object_class->get_property = cw_my_work_page_get_property;
  object_class->set_property = cw_my_work_page_set_property;

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
  gtk_widget_class_set_css_name (widget_class, "cw-my-work-page");

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/casework/Casework/"
                                               "cw-my-work-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CwMyWorkPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CwMyWorkPage, overdue_group);
  gtk_widget_class_bind_template_child (widget_class, CwMyWorkPage, drafts_list);
  gtk_widget_class_bind_template_child (widget_class, CwMyWorkPage, overdue_list);
  gtk_widget_class_bind_template_child (widget_class, CwMyWorkPage, recent_list);
  gtk_widget_class_bind_template_child (widget_class, CwMyWorkPage, drafts_more_button);
  gtk_widget_class_bind_template_child (widget_class, CwMyWorkPage, overdue_more_button);
  gtk_widget_class_bind_template_callback (widget_class, drafts_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, overdue_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, recent_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, drafts_more_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, overdue_more_clicked_cb);

  gtk_widget_class_install_action (widget_class, "my-work.reload", NULL, reload_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "my-work.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "my-work.reload", NULL);
}

static void
cw_my_work_page_init (CwMyWorkPage *self)
{
  self->child_names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_date_clear (&self->today, 1);

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);
}

/**
 * cw_my_work_page_new:
 * @session: the signed-in session
 *
 * Returns: (transfer floating): the My work section.
 */
GtkWidget *
cw_my_work_page_new (CwSession *session)
{
  g_return_val_if_fail (CW_IS_SESSION (session), NULL);

  return g_object_new (CW_TYPE_MY_WORK_PAGE, "session", session, NULL);
}

void
cw_my_work_page_reload (CwMyWorkPage *self)
{
  g_return_if_fail (CW_IS_MY_WORK_PAGE (self));

  reload (self);
}
