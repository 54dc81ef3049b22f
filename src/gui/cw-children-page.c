/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-children-page"

#include "config.h"

#include <glib/gi18n.h>

#include "core/cw-child-repository.h"
#include "core/cw-sql-list-model.h"
#include "cw-child-editor.h"
#include "cw-child-page.h"
#include "cw-children-page.h"

typedef enum
{
  COLUMN_NAME,
  COLUMN_REFERENCE,
  COLUMN_AGE,
  COLUMN_LEGAL_STATUS,
  COLUMN_WORKER,
} ChildColumn;

/* How many rows select_child_id() looks through. */
#define SELECT_SCAN_LIMIT 200

struct _CwChildrenPage
{
  GtkWidget           parent_instance;

  AdwToastOverlay    *toast_overlay;
  GtkStack           *navigation_stack;
  GtkWidget          *list_box;
  AdwWindowTitle     *window_title;
  GtkWidget          *new_icon_button;
  GtkWidget          *new_button;
  GtkWidget          *empty_new_button;
  GtkWidget          *search_box;
  GtkSearchEntry     *search_entry;
  GtkStack           *content_stack;
  GtkColumnView      *column_view;
  AdwStatusPage      *empty_status;
  AdwStatusPage      *no_results_status;

  CwSession          *session;
  CwChildRepository  *children;
  GListModel         *model;          /* CwChild, lazy, for the current search */
  GtkSingleSelection *selection;
  GHashTable         *worker_names;   /* gint64 * → char *, for the current list */
  char               *search;         /* trimmed search text, never NULL */

  GtkWidget          *child_page;     /* shown on top of the list; the stack owns it */
  GPtrArray          *leaving_pages;  /* child pages to remove once the slide ends */
  gboolean            folded;
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_FOLDED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CwChildrenPage, cw_children_page, GTK_TYPE_WIDGET)

static GtkWindow *
parent_window (CwChildrenPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return root != NULL && GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
show_toast (CwChildrenPage *self,
            const char     *text,
            gboolean        is_problem)
{
  AdwToast *toast = adw_toast_new (text);

  if (is_problem)
    {
      adw_toast_set_timeout (toast, 0);
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static gboolean
may_create (CwChildrenPage *self)
{
  return self->session != NULL &&
         cw_session_can (self->session, CW_PERMISSION_RECORD_CASE_NOTES);
}

static void
today (GDate *date)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
}

/* "7 years", "about 7 years", "5 months", "Age unknown". */
static char *
format_age (CwChild     *child,
            const GDate *on)
{
  gboolean approximate = FALSE;
  int years = cw_child_get_age_on (child, on, &approximate);

  if (years < 0)
    return g_strdup (_("Age unknown"));

  if (years == 0)
    {
      const GDate *born = cw_child_get_date_of_birth (child);
      int months = (g_date_get_year (on) - g_date_get_year (born)) * 12 +
                   (int) g_date_get_month (on) - (int) g_date_get_month (born);

      if (g_date_get_day (on) < g_date_get_day (born))
        months--;

      if (months < 1)
        return g_strdup (approximate ? _("about a month or less") : _("under a month"));

      if (approximate)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "about %d month", "about %d months", months),
                                months);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d month", "%d months", months),
                              months);
    }

  if (approximate)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "about %d year", "about %d years",
                                         years),
                            years);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d year", "%d years", years), years);
}

/* What the empty list means for this person: who would appear here. */
static char *
empty_text (CwChildrenPage *self)
{
  const char *who;

  if (cw_session_can (self->session, CW_PERMISSION_VIEW_ALL_CHILDREN))
    who = _("Every child’s record appears here. None have been created yet.");
  else if (cw_session_can (self->session, CW_PERMISSION_VIEW_TEAM_CHILDREN))
    who = _("The records of children allocated to you, to someone you line-manage or shared "
            "with you appear here. There are none yet.");
  else
    who = _("The records of children allocated to you or shared with you appear here. There "
            "are none yet.");

  if (!may_create (self))
    return g_strdup (who);

  /* TRANSLATORS: the first %s says whose records appear in the Children section */
  return g_strdup_printf (_("%s Create a record to start a child’s chronology."), who);
}

static const char *
worker_name (CwChildrenPage *self,
             gint64          worker_id)
{
  CwStaffRepository *staff;
  g_autoptr(CwStaffMember) member = NULL;
  const char *name;
  gint64 *key;

  if (worker_id <= 0)
    return _("Unallocated");

  name = g_hash_table_lookup (self->worker_names, &worker_id);
  if (name != NULL)
    return name;

  staff = self->session != NULL ? cw_session_get_staff_repository (self->session) : NULL;
  if (staff != NULL)
    member = cw_staff_repository_lookup_by_id (staff, worker_id, NULL);

  key = g_new (gint64, 1);
  *key = worker_id;
  name = member != NULL ? cw_staff_member_get_display_name (member) : _("Unknown");
  g_hash_table_insert (self->worker_names, key, g_strdup (name));

  return g_hash_table_lookup (self->worker_names, &worker_id);
}

static void
update_new_buttons (CwChildrenPage *self)
{
  gboolean can = may_create (self);

  gtk_widget_set_visible (self->new_button, can && !self->folded);
  gtk_widget_set_visible (self->new_icon_button, can && self->folded);
  gtk_widget_set_visible (self->empty_new_button, can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "children.new-child", can);
}

static void
update_state (CwChildrenPage *self)
{
  guint n = self->model != NULL ? g_list_model_get_n_items (self->model) : 0;
  gboolean searching = self->search[0] != '\0';
  g_autofree char *subtitle = NULL;

  if (n > 0)
    {
      gtk_stack_set_visible_child_name (self->content_stack, "list");
      if (searching)
        subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u child found",
                                                 "%u children found", n), n);
      else
        subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u child", "%u children",
                                                 n), n);
    }
  else if (searching)
    {
      g_autofree char *description =
        g_strdup_printf (_("No child whose record you may see has a case reference or name "
                           "containing “%s”. Check the spelling, or search for part of the "
                           "name."),
                         self->search);

      adw_status_page_set_description (self->no_results_status, description);
      gtk_stack_set_visible_child_name (self->content_stack, "no-results");
    }
  else
    {
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
    }

  /* With nothing to search, the search entry only gets in the way. */
  gtk_widget_set_visible (self->search_box, n > 0 || searching);
  adw_window_title_set_subtitle (self->window_title, subtitle);
}

static void
reload (CwChildrenPage *self)
{
  g_autoptr(GListModel) model = NULL;

  if (self->children == NULL)
    return;

  g_hash_table_remove_all (self->worker_names);
  model = cw_child_repository_list (self->children, self->search);
  g_set_object (&self->model, model);
  gtk_single_selection_set_model (self->selection, self->model);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  update_state (self);
}

/* Selects @child_id when it is among the first rows: the list is lazy, and
 * a search for one child must not read every page of thousands. */
static void
select_child_id (CwChildrenPage *self,
                 gint64          child_id)
{
  guint n = MIN (g_list_model_get_n_items (self->model), SELECT_SCAN_LIMIT);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CwChild) child = g_list_model_get_item (self->model, i);

      if (child != NULL && cw_child_get_id (child) == child_id)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return;
        }
    }
}

static void
remove_leaving_pages (CwChildrenPage *self)
{
  if (self->leaving_pages == NULL)
    return;

  while (self->leaving_pages->len > 0)
    {
      GtkWidget *page = g_ptr_array_steal_index (self->leaving_pages, 0);

      if (gtk_widget_get_parent (page) == GTK_WIDGET (self->navigation_stack))
        gtk_stack_remove (self->navigation_stack, page);
      g_object_unref (page);
    }
}

/* Moves the child page shown now out of the way; it is removed when the
 * slide has finished. */
static void
retire_child_page (CwChildrenPage *self)
{
  if (self->child_page == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->child_page, self);
  g_ptr_array_add (self->leaving_pages, g_object_ref (self->child_page));
  self->child_page = NULL;
}

static void
child_page_close_requested_cb (CwChildrenPage *self)
{
  cw_children_page_show_list (self);
}

static void
editor_saved_cb (GtkWidget      *editor,
                 gint64          child_id,
                 CwChildrenPage *self)
{
  g_autoptr(CwChild) child = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  reload (self);
  select_child_id (self, child_id);

  child = cw_child_repository_lookup (self->children, child_id, NULL);
  if (child == NULL)
    return;

  name = cw_child_dup_display_name (child);
  text = g_strdup_printf (_("The record for %s was created."), name);
  show_toast (self, text, FALSE);
}

static void
new_child_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CwChildrenPage *self = CW_CHILDREN_PAGE (widget);
  GtkWidget *editor;

  if (!may_create (self))
    return;

  editor = cw_child_editor_new (self->session, NULL, parent_window (self));
  g_signal_connect_object (editor, "saved", G_CALLBACK (editor_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (editor));
}

static gboolean
focus_search_cb (GtkWidget *widget,
                 GVariant  *args,
                 gpointer   user_data)
{
  CwChildrenPage *self = CW_CHILDREN_PAGE (widget);

  if (self->child_page != NULL || !gtk_widget_get_visible (self->search_box))
    return FALSE;

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  return TRUE;
}

static gboolean
back_to_list_cb (GtkWidget *widget,
                 GVariant  *args,
                 gpointer   user_data)
{
  CwChildrenPage *self = CW_CHILDREN_PAGE (widget);

  if (self->child_page == NULL)
    return FALSE;

  cw_children_page_show_list (self);
  return TRUE;
}

static void
search_changed_cb (CwChildrenPage *self)
{
  g_autofree char *search = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (
                                                                         self->search_entry))));

  if (g_strcmp0 (search, self->search) == 0)
    return;

  g_free (self->search);
  self->search = g_steal_pointer (&search);
  reload (self);
}

/* Enter in the search: with one match, open it; otherwise go to the list. */
static void
search_activate_cb (CwChildrenPage *self)
{
  guint n = self->model != NULL ? g_list_model_get_n_items (self->model) : 0;

  if (n == 1)
    {
      g_autoptr(CwChild) child = g_list_model_get_item (self->model, 0);

      if (child != NULL)
        cw_children_page_open_child (self, cw_child_get_id (child));
      return;
    }

  if (n > 0)
    {
      gtk_single_selection_set_selected (self->selection, 0);
      gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
    }
}

static void
search_stop_cb (CwChildrenPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
column_view_activate_cb (CwChildrenPage *self,
                         guint           position)
{
  g_autoptr(CwChild) child = NULL;

  if (self->model == NULL)
    return;

  child = g_list_model_get_item (self->model, position);
  if (child == NULL)
    return;

  gtk_single_selection_set_selected (self->selection, position);
  cw_children_page_open_child (self, cw_child_get_id (child));
}

static void
navigation_transition_cb (CwChildrenPage *self)
{
  if (!gtk_stack_get_transition_running (self->navigation_stack))
    remove_leaving_pages (self);
}

static void
map_cb (CwChildrenPage *self)
{
  /* Records may have changed elsewhere (an edit from a child's page). */
  if (self->child_page == NULL)
    reload (self);
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  ChildColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "cw-column"));
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (label, 8);
  gtk_widget_set_margin_bottom (label, 8);

  switch (column)
    {
    case COLUMN_NAME:
      gtk_widget_set_name (label, "child_name_label");
      gtk_widget_add_css_class (label, "heading");
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_width_chars (GTK_LABEL (label), 14);
      break;
    case COLUMN_REFERENCE:
      gtk_widget_set_name (label, "child_reference_label");
      gtk_widget_add_css_class (label, "monospace");
      break;
    case COLUMN_AGE:
      gtk_widget_set_name (label, "child_age_label");
      gtk_label_set_width_chars (GTK_LABEL (label), 8);
      break;
    case COLUMN_LEGAL_STATUS:
    case COLUMN_WORKER:
    default:
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_width_chars (GTK_LABEL (label), 10);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 26);
      break;
    }

  gtk_list_item_set_child (item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              CwChildrenPage           *self)
{
  ChildColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "cw-column"));
  GtkWidget *label = gtk_list_item_get_child (item);
  gpointer object = gtk_list_item_get_item (item);
  g_autofree char *text = NULL;
  CwChild *child;

  if (object == NULL || !CW_IS_CHILD (object))
    return;
  child = CW_CHILD (object);

  gtk_widget_remove_css_class (label, "dim-label");

  switch (column)
    {
    case COLUMN_NAME:
      text = cw_child_dup_display_name (child);
      break;
    case COLUMN_REFERENCE:
      text = g_strdup (cw_child_get_case_reference (child));
      break;
    case COLUMN_AGE:
      {
        GDate on;

        today (&on);
        text = format_age (child, &on);
        if (cw_child_get_age_on (child, &on, NULL) < 0)
          gtk_widget_add_css_class (label, "dim-label");
      }
      break;
    case COLUMN_LEGAL_STATUS:
      text = g_strdup (cw_legal_status_get_title (cw_child_get_legal_status (child)));
      break;
    case COLUMN_WORKER:
      text = g_strdup (worker_name (self, cw_child_get_allocated_worker_id (child)));
      if (cw_child_get_allocated_worker_id (child) <= 0)
        gtk_widget_add_css_class (label, "dim-label");
      break;
    default:
      g_return_if_reached ();
    }

  gtk_label_set_text (GTK_LABEL (label), text != NULL ? text : "");
}

static void
add_column (CwChildrenPage *self,
            ChildColumn     column,
            const char     *title,
            gboolean        expand)
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
cw_children_page_constructed (GObject *object)
{
  CwChildrenPage *self = CW_CHILDREN_PAGE (object);
  g_autofree char *empty_description = NULL;

  G_OBJECT_CLASS (cw_children_page_parent_class)->constructed (object);

  g_return_if_fail (CW_IS_SESSION (self->session));

  self->children = cw_child_repository_new (self->session);

  add_column (self, COLUMN_NAME, _("Name"), TRUE);
  add_column (self, COLUMN_REFERENCE, _("Case reference"), FALSE);
  add_column (self, COLUMN_AGE, _("Age"), FALSE);
  add_column (self, COLUMN_LEGAL_STATUS, _("Legal status"), TRUE);
  add_column (self, COLUMN_WORKER, _("Allocated worker"), TRUE);

  adw_status_page_set_icon_name (self->empty_status,
                                 cw_section_get_icon_name (CW_SECTION_CHILDREN));
  empty_description = empty_text (self);
  adw_status_page_set_description (self->empty_status, empty_description);

  update_new_buttons (self);
  reload (self);
}

static void
cw_children_page_dispose (GObject *object)
{
  CwChildrenPage *self = CW_CHILDREN_PAGE (object);

  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);

  if (self->child_page != NULL)
    g_signal_handlers_disconnect_by_data (self->child_page, self);
  self->child_page = NULL;
  g_clear_pointer (&self->leaving_pages, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), CW_TYPE_CHILDREN_PAGE);

  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->children);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (cw_children_page_parent_class)->dispose (object);
}

static void
cw_children_page_finalize (GObject *object)
{
  CwChildrenPage *self = CW_CHILDREN_PAGE (object);

  g_clear_pointer (&self->worker_names, g_hash_table_unref);
  g_clear_pointer (&self->search, g_free);

  G_OBJECT_CLASS (cw_children_page_parent_class)->finalize (object);
}

static void
cw_children_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CwChildrenPage *self = CW_CHILDREN_PAGE (object);

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
cw_children_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CwChildrenPage *self = CW_CHILDREN_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_set_object (&self->session, g_value_get_object (value));
      break;
    case PROP_FOLDED:
      if (self->folded != g_value_get_boolean (value))
        {
          self->folded = g_value_get_boolean (value);
          update_new_buttons (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cw_children_page_class_init (CwChildrenPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cw_children_page_constructed;
  object_class->dispose = cw_children_page_dispose;
  object_class->finalize = cw_children_page_finalize;
  object_class->get_property = cw_children_page_get_property;
  object_class->set_property = cw_children_page_set_property;

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
  gtk_widget_class_set_css_name (widget_class, "cw-children-page");

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/casework/Casework/"
                                               "cw-children-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CwChildrenPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CwChildrenPage, navigation_stack);
  gtk_widget_class_bind_template_child (widget_class, CwChildrenPage, list_box);
  gtk_widget_class_bind_template_child (widget_class, CwChildrenPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, CwChildrenPage, new_icon_button);
  gtk_widget_class_bind_template_child (widget_class, CwChildrenPage, new_button);
  gtk_widget_class_bind_template_child (widget_class, CwChildrenPage, empty_new_button);
  gtk_widget_class_bind_template_child (widget_class, CwChildrenPage, search_box);
  gtk_widget_class_bind_template_child (widget_class, CwChildrenPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CwChildrenPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, CwChildrenPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, CwChildrenPage, empty_status);
  gtk_widget_class_bind_template_child (widget_class, CwChildrenPage, no_results_status);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, column_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, navigation_transition_cb);

  gtk_widget_class_install_action (widget_class, "children.new-child", NULL, new_child_action);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, focus_search_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Left, GDK_ALT_MASK, back_to_list_cb, NULL);

  g_type_ensure (CW_TYPE_CHILD_EDITOR);
}

static void
cw_children_page_init (CwChildrenPage *self)
{
  self->search = g_strdup ("");
  self->worker_names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->leaving_pages = g_ptr_array_new_with_free_func (g_object_unref);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);
}

/**
 * cw_children_page_new:
 * @session: the signed-in session
 *
 * Returns: (transfer floating): the Children section.
 */
GtkWidget *
cw_children_page_new (CwSession *session)
{
  g_return_val_if_fail (CW_IS_SESSION (session), NULL);

  return g_object_new (CW_TYPE_CHILDREN_PAGE, "session", session, NULL);
}

void
cw_children_page_reload (CwChildrenPage *self)
{
  g_return_if_fail (CW_IS_CHILDREN_PAGE (self));

  reload (self);
}

/**
 * cw_children_page_open_child:
 * @self: the Children section
 * @child_id: the child whose record to open
 *
 * Creates the child's page (which opens the record: an audited view) and
 * slides it over the list. A refusal, or a record that cannot be read, is
 * shown as a toast and the list stays.
 *
 * Returns: whether the child's page is shown.
 */
gboolean
cw_children_page_open_child (CwChildrenPage *self,
                             gint64          child_id)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *page;

  g_return_val_if_fail (CW_IS_CHILDREN_PAGE (self), FALSE);

  page = cw_child_page_new (self->session, child_id, &error);
  if (page == NULL)
    {
      show_toast (self, error != NULL ? error->message
                                      : _("This child’s record could not be opened."), TRUE);
      return FALSE;
    }

  retire_child_page (self);

  self->child_page = page;
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (page), "folded") != NULL)
    g_object_bind_property (self, "folded", page, "folded", G_BINDING_SYNC_CREATE);
  g_signal_connect_swapped (page, "close-requested",
                            G_CALLBACK (child_page_close_requested_cb), self);

  gtk_stack_add_child (self->navigation_stack, page);
  gtk_stack_set_visible_child (self->navigation_stack, page);
  if (!gtk_stack_get_transition_running (self->navigation_stack))
    remove_leaving_pages (self);

  gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD);

  return TRUE;
}

GtkWidget *
cw_children_page_get_child_page (CwChildrenPage *self)
{
  g_return_val_if_fail (CW_IS_CHILDREN_PAGE (self), NULL);

  return self->child_page;
}

/**
 * cw_children_page_show_list:
 * @self: the Children section
 *
 * Slides back to the list (re-read, since the record may have changed) and
 * lets go of the child's page.
 */
void
cw_children_page_show_list (CwChildrenPage *self)
{
  gint64 child_id = 0;

  g_return_if_fail (CW_IS_CHILDREN_PAGE (self));

  if (self->child_page != NULL && CW_IS_CHILD_PAGE (self->child_page))
    child_id = cw_child_page_get_child_id (CW_CHILD_PAGE (self->child_page));

  retire_child_page (self);
  gtk_stack_set_visible_child (self->navigation_stack, self->list_box);
  if (!gtk_stack_get_transition_running (self->navigation_stack))
    remove_leaving_pages (self);

  reload (self);
  if (child_id > 0)
    select_child_id (self, child_id);
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}
