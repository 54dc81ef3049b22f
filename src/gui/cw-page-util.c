/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-page-util"

#include "config.h"

#include <glib/gi18n.h>

#include "core/cw-staff-repository.h"
#include "cw-page-util.h"
#include "cw-register-ui.h"

typedef struct
{
  AdwToastOverlay *toast_overlay;
  gboolean         folded;
} CwPagePrivate;

enum {
  PROP_0,
  PROP_FOLDED,
  N_PROPS
};

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_TYPE_WITH_PRIVATE (CwPage, cw_page, GTK_TYPE_WIDGET)

/* CwPage ------------------------------------------------------------------ */

static void
cw_page_dispose (GObject *object)
{
  CwPagePrivate *priv = cw_page_get_instance_private (CW_PAGE (object));

  /* A child of the page's template, gone with it. */
  priv->toast_overlay = NULL;

  G_OBJECT_CLASS (cw_page_parent_class)->dispose (object);
}

static void
cw_page_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  CwPage *self = CW_PAGE (object);

  switch (prop_id)
    {
    case PROP_FOLDED:
      g_value_set_boolean (value, cw_page_get_folded (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cw_page_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  CwPage *self = CW_PAGE (object);

  switch (prop_id)
    {
    case PROP_FOLDED:
      cw_page_set_folded (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cw_page_class_init (CwPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cw_page_dispose;
  object_class->get_property = cw_page_get_property;
  object_class->set_property = cw_page_set_property;

  /* The main view's narrow layout: the page shows a back button. */
  properties[PROP_FOLDED] =
    g_param_spec_boolean ("folded", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
cw_page_init (CwPage *self)
{
}

gboolean
cw_page_get_folded (CwPage *self)
{
  CwPagePrivate *priv;

  g_return_val_if_fail (CW_IS_PAGE (self), FALSE);

  priv = cw_page_get_instance_private (self);

  return priv->folded;
}

void
cw_page_set_folded (CwPage   *self,
                    gboolean  folded)
{
  CwPagePrivate *priv;

  g_return_if_fail (CW_IS_PAGE (self));

  priv = cw_page_get_instance_private (self);

  folded = !!folded;
  if (priv->folded == folded)
    return;

  priv->folded = folded;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLDED]);
}

void
cw_page_emit_changed (CwPage *self)
{
  g_return_if_fail (CW_IS_PAGE (self));

  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

void
cw_page_set_toast_overlay (CwPage          *self,
                           AdwToastOverlay *overlay)
{
  CwPagePrivate *priv;

  g_return_if_fail (CW_IS_PAGE (self));

  priv = cw_page_get_instance_private (self);

  priv->toast_overlay = overlay;
}

void
cw_page_show_toast (CwPage     *self,
                    const char *text)
{
  CwPagePrivate *priv;

  g_return_if_fail (CW_IS_PAGE (self));

  priv = cw_page_get_instance_private (self);
  g_return_if_fail (priv->toast_overlay != NULL);

  adw_toast_overlay_add_toast (priv->toast_overlay, adw_toast_new (text));
}

/* Small things ------------------------------------------------------------ */

gboolean
cw_text_is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;

  return TRUE;
}

void
cw_error_label_set (GtkLabel   *label,
                    const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
}

gint64
cw_signed_in_staff_id (CwSession *session)
{
  CwStaffMember *me = cw_session_get_staff_member (session);

  return me != NULL ? cw_staff_member_get_id (me) : 0;
}

gboolean
cw_may_review_registers (CwSession *session)
{
  return cw_session_can (session, CW_PERMISSION_REVIEW_TEAM_REGISTERS) ||
         cw_session_can (session, CW_PERMISSION_REVIEW_ALL_REGISTERS);
}

GtkWindow *
cw_widget_get_parent_window (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  return root != NULL && GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

char *
cw_staff_display_name (CwSession *session,
                       gint64     staff_id)
{
  CwStaffRepository *staff = cw_session_get_staff_repository (session);
  g_autoptr(CwStaffMember) member = NULL;

  if (staff != NULL && staff_id > 0)
    member = cw_staff_repository_lookup_by_id (staff, staff_id, NULL);

  return g_strdup (member != NULL ? cw_staff_member_get_display_name (member)
                                  : _("Unknown member of staff"));
}

char *
cw_count_with_filters (const char *count,
                       const char *filters)
{
  if (filters == NULL)
    return g_strdup (count);

  /* TRANSLATORS: how many rows, and the filters: "3 contacts shown (2 filters)" */
  return g_strdup_printf (_("%s (%s)"), count, filters);
}

/* The detail pane --------------------------------------------------------- */

void
cw_detail_reset (GtkBox    *detail_box,
                 GtkWidget *no_selection,
                 GtkWidget *actions,
                 gboolean   shown)
{
  cw_box_remove_all (detail_box);
  gtk_widget_set_visible (no_selection, !shown);
  gtk_widget_set_visible (GTK_WIDGET (detail_box), shown);
  gtk_widget_set_visible (actions, FALSE);
}

GtkWidget *
cw_detail_add_heading (GtkBox     *box,
                       const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 12);
  gtk_box_append (box, label);

  return label;
}

static GtkWidget *
wrapped_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);

  return label;
}

GtkWidget *
cw_detail_add_text (GtkBox     *box,
                    const char *name,
                    const char *text)
{
  gboolean blank = cw_text_is_blank (text);
  GtkWidget *label = wrapped_label (!blank ? text : _("Not recorded"));

  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (blank)
    gtk_widget_add_css_class (label, "dim-label");
  if (name != NULL)
    gtk_widget_set_name (label, name);
  gtk_box_append (box, label);

  return label;
}

GtkWidget *
cw_detail_add_badge_line (GtkBox     *box,
                          GtkWidget  *badge,
                          const char *name,
                          const char *text)
{
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = wrapped_label (text);

  gtk_widget_set_valign (badge, GTK_ALIGN_START);
  gtk_widget_set_hexpand (label, TRUE);
  if (name != NULL)
    gtk_widget_set_name (label, name);
  gtk_box_append (GTK_BOX (line), badge);
  gtk_box_append (GTK_BOX (line), label);
  gtk_box_append (box, line);

  return label;
}

GtkWidget *
cw_detail_add_version (GtkBox     *box,
                       CwSession  *session,
                       const char *name,
                       int         version,
                       gint64      written_at,
                       gint64      written_by,
                       const char *reason)
{
  g_autofree char *when = cw_time_format (written_at);
  g_autofree char *who = cw_staff_display_name (session, written_by);
  g_autoptr(GString) text = g_string_new (NULL);
  GtkWidget *label;

  /* TRANSLATORS: "Version 2 · 14 Mar 2025, 16:05 · Pat Practitioner" */
  g_string_printf (text, _("Version %d · %s · %s"), version, when, who);
  if (!cw_text_is_blank (reason))
    {
      g_string_append_c (text, '\n');
      /* TRANSLATORS: why a record was corrected or its decision changed */
      g_string_append_printf (text, _("Reason for the change: %s"), reason);
    }

  label = cw_detail_add_text (box, name, text->str);
  gtk_widget_set_margin_top (label, 6);

  return label;
}

/* Lists ------------------------------------------------------------------- */

guint
cw_list_view_show_model (GtkListView         *view,
                         GtkSingleSelection **selection,
                         GListModel          *model,
                         gint64               keep_id,
                         CwItemIdFunc         get_id,
                         guint                limit,
                         GCallback            selection_changed,
                         gpointer             user_data)
{
  guint n = MIN (g_list_model_get_n_items (model), limit);
  guint found = GTK_INVALID_LIST_POSITION;

  if (*selection != NULL)
    g_signal_handlers_disconnect_by_data (*selection, user_data);
  g_clear_object (selection);
  *selection = gtk_single_selection_new (model);
  gtk_single_selection_set_autoselect (*selection, FALSE);
  gtk_single_selection_set_can_unselect (*selection, TRUE);
  gtk_single_selection_set_selected (*selection, GTK_INVALID_LIST_POSITION);

  for (guint i = 0; keep_id > 0 && get_id != NULL && i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (item != NULL && get_id (item) == keep_id)
        {
          found = i;
          gtk_single_selection_set_selected (*selection, i);
          break;
        }
    }

  gtk_list_view_set_model (view, GTK_SELECTION_MODEL (*selection));
  g_signal_connect (*selection, "selection-changed", selection_changed, user_data);

  return found;
}

void
cw_list_view_set_rows (GtkListView *view,
                       GCallback    setup,
                       GCallback    bind)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", setup, NULL);
  g_signal_connect (factory, "bind", bind, NULL);
  gtk_list_view_set_factory (view, factory);
}

GtkBox *
cw_list_row_new (GtkListItem *item)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);

  gtk_widget_set_margin_top (row, 6);
  gtk_widget_set_margin_bottom (row, 6);
  gtk_widget_set_margin_start (row, 6);
  gtk_widget_set_margin_end (row, 6);
  gtk_list_item_set_child (item, row);

  return GTK_BOX (row);
}

static GtkWidget *
row_label (GtkBox     *row,
           const char *key,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  g_object_set_data (G_OBJECT (row), key, label);

  return label;
}

GtkWidget *
cw_list_row_add_title (GtkBox     *row,
                       const char *key,
                       const char *end_key)
{
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title = row_label (row, key, "heading");
  GtkWidget *end = row_label (row, end_key, "numeric");

  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_box_append (GTK_BOX (line), title);
  gtk_box_append (GTK_BOX (line), end);
  gtk_box_append (row, line);

  return end;
}

GtkWidget *
cw_list_row_add_label (GtkBox     *row,
                       const char *key,
                       const char *css_class)
{
  GtkWidget *label = row_label (row, key, css_class);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (row, label);

  return label;
}

GtkBox *
cw_list_row_add_badges (GtkBox *row)
{
  GtkWidget *badges = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);

  gtk_widget_set_name (badges, "row_badges");
  gtk_widget_set_margin_top (badges, 3);
  g_object_set_data (G_OBJECT (row), "badges", badges);
  gtk_box_append (row, badges);

  return GTK_BOX (badges);
}

gpointer
cw_list_row_get (GtkListItem *item,
                 const char  *key)
{
  return g_object_get_data (G_OBJECT (gtk_list_item_get_child (item)), key);
}

/* Dialogs ----------------------------------------------------------------- */

AdwMessageDialog *
cw_message_dialog_new (GtkWidget             *page,
                       const char            *name,
                       const char            *heading,
                       const char            *body,
                       const char            *response,
                       const char            *response_label,
                       AdwResponseAppearance  appearance)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (cw_widget_get_parent_window (page),
                                                       heading, body));
  gtk_widget_set_name (GTK_WIDGET (dialog), name);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    response, response_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, response, appearance);
  adw_message_dialog_set_close_response (dialog, "cancel");

  return dialog;
}

GtkWidget *
cw_dialog_add_entry (GtkBox     *box,
                     const char *name,
                     const char *placeholder,
                     const char *text)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_widget_set_name (entry, name);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, placeholder, -1);
  if (text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), text);
  gtk_box_append (box, entry);

  return entry;
}
