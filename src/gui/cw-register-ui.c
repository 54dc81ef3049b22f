/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-register-ui"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "core/cw-child-repository.h"
#include "core/cw-key.h"
#include "core/cw-staff-repository.h"
#include "cw-form.h"
#include "cw-password-dialog.h"
#include "cw-register-ui.h"

#define EARLIEST_YEAR 1900
#define MAX_FLAGS     16

struct _CwRegisterFilterBar
{
  GtkWidget          parent_instance;

  GtkWidget         *flow;
  GtkDropDown       *person_dropdown;
  GtkWidget         *person_child;      /* the flow box child holding it */
  CwChildChooser    *child_chooser;
  GtkEntry          *from_entry;
  GtkEntry          *to_entry;
  GtkDropDown       *flag_dropdown;
  GtkCheckButton    *undecided_check;
  GtkWidget         *clear_button;

  CwSession         *session;

  /* Index 0 is "All staff"; the others are staff ids in dropdown order. */
  GArray            *person_ids;
  GDate              from;
  GDate              to;
  guint              flag_values[MAX_FLAGS + 1];  /* 0 first: any flag */
  guint              n_flag_values;

  gboolean           quiet;   /* no "changed" while several parts change at once */
};

struct _CwChildChooser
{
  GtkWidget          parent_instance;

  GtkMenuButton     *button;
  GtkSearchEntry    *search;
  GtkListView       *list;
  GtkSingleSelection *selection;
  GtkWidget         *none_button;
  GtkWidget         *empty_label;

  CwChildRepository *children;
  CwChild           *child;
  char              *none_label;
  gint64             stored_id;       /* a stored record's child I may not see; 0 = none */
  char              *stored_name;
  gboolean           show_reference;
};

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];
static guint chooser_signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CwRegisterFilterBar, cw_register_filter_bar, GTK_TYPE_WIDGET)
G_DEFINE_FINAL_TYPE (CwChildChooser, cw_child_chooser, GTK_TYPE_WIDGET)

/* Badges */

GtkWidget *
cw_badge_new (const char   *title,
              const char   *explanation,
              CwBadgeStyle  style)
{
  static const char *const classes[] = { "warning", "error", "success", "neutral" };
  GtkWidget *label;

  g_return_val_if_fail (title != NULL, NULL);
  g_return_val_if_fail ((guint) style < G_N_ELEMENTS (classes), NULL);

  label = gtk_label_new (title);
  gtk_widget_add_css_class (label, "badge");
  gtk_widget_add_css_class (label, classes[style]);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_NONE);
  if (explanation != NULL && *explanation != '\0')
    {
      gtk_widget_set_tooltip_text (label, explanation);
      gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, explanation,
                                      -1);
    }
  return label;
}

GtkWidget *
cw_flag_line_new (const char   *title,
                  const char   *explanation,
                  CwBadgeStyle  style,
                  const char   *extra)
{
  GtkWidget *badge = cw_badge_new (title, explanation, style);
  g_autofree char *text = NULL;

  text = extra != NULL ? g_strdup_printf ("%s %s", explanation, extra) : g_strdup (explanation);
  return cw_form_flag_line_new (badge, text);
}

void
cw_box_remove_all (GtkBox *box)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_BOX (box));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

/* Dates */

static gboolean
all_digits (const char *text)
{
  if (text == NULL || *text == '\0')
    return FALSE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isdigit (*text))
      return FALSE;
  return TRUE;
}

static char *
format_month (GDateMonth month,
              GDateYear  year)
{
  GDate date;
  char buffer[64];

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, month, year);
  if (g_date_strftime (buffer, sizeof buffer, "%B %Y", &date) == 0)
    return g_strdup_printf ("%u/%u", (guint) month, (guint) year);
  return g_strdup (buffer);
}

gboolean
cw_date_parse (const char   *text,
               const GDate  *latest,
               const char   *what,
               GDate        *date_out,
               GError      **error)
{
  g_autofree char *copy = NULL;
  g_auto(GStrv) parts = NULL;
  guint64 day, month, year;
  GDate date;

  g_return_val_if_fail (date_out != NULL, FALSE);

  g_date_clear (date_out, 1);

  copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  parts = g_strsplit_set (copy, "/-. ", -1);

  if (g_strv_length (parts) != 3 || !all_digits (parts[0]) || !all_digits (parts[1]) ||
      !all_digits (parts[2]) || strlen (parts[0]) > 2 || strlen (parts[1]) > 2)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("Type the date as day, month and year, for example 14/03/2015."));
      return FALSE;
    }

  if (strlen (parts[2]) != 4)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("Type the year in full, with four digits, for example 14/03/2015."));
      return FALSE;
    }

  day = g_ascii_strtoull (parts[0], NULL, 10);
  month = g_ascii_strtoull (parts[1], NULL, 10);
  year = g_ascii_strtoull (parts[2], NULL, 10);

  if (month < 1 || month > 12)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("There is no month %u: the month is a number from 1 to 12."),
                   (guint) month);
      return FALSE;
    }

  if (year < EARLIEST_YEAR)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The year %u is before %d. Check the year."),
                   (guint) year, EARLIEST_YEAR);
      return FALSE;
    }

  if (day < 1 || day > g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year))
    {
      g_autofree char *month_name = format_month ((GDateMonth) month, (GDateYear) year);
      guint days = g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year);

      if (day < 1)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                             _("There is no day 0: the day is a number from 1."));
      else
        /* TRANSLATORS: "There is no 31 February 2020: February 2020 has 29 days." The
         * second %s is the month and year. */
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     _("There is no %u %s: %s has %u days."),
                     (guint) day, month_name, month_name, days);
      return FALSE;
    }

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);

  if (latest != NULL && g_date_valid (latest) && g_date_compare (&date, latest) > 0)
    {
      g_autofree char *words = cw_date_format_long (&date);

      /* TRANSLATORS: "15 March 2026 is in the future. The date of the gift cannot be
       * later than today." The second %s names the field. */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s is in the future. %s cannot be later than today."),
                   words, what != NULL ? what : _("The date"));
      return FALSE;
    }

  *date_out = date;
  return TRUE;
}

static char *
format_date (const GDate *date,
             const char  *format)
{
  char buffer[128];

  if (date == NULL || !g_date_valid (date))
    return g_strdup ("");
  if (g_date_strftime (buffer, sizeof buffer, format, date) == 0)
    return g_strdup ("");
  return g_strdup (buffer);
}

char *
cw_date_format_short (const GDate *date)
{
  return format_date (date, "%d/%m/%Y");
}

char *
cw_date_format_long (const GDate *date)
{
  return format_date (date, "%-d %B %Y");
}

char *
cw_time_format (gint64 unix_time)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (unix_time);

  if (time == NULL)
    return g_strdup ("");
  /* TRANSLATORS: a time as strftime() writes it: "14 Mar 2025, 16:05" */
  return g_date_time_format (time, _("%-d %b %Y, %H:%M"));
}

void
cw_date_today (GDate *today)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_return_if_fail (today != NULL);

  g_date_clear (today, 1);
  g_date_set_dmy (today,
                  (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
}

/* Choosing a child */

static void
child_row_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *reference = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (reference), 0);
  gtk_widget_add_css_class (reference, "dim-label");
  gtk_widget_add_css_class (reference, "caption");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), reference);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_list_item_set_child (item, box);
}

static void
child_row_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item)
{
  CwChild *child = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *reference = gtk_widget_get_next_sibling (name);
  g_autofree char *display = cw_child_dup_display_name (child);

  gtk_label_set_text (GTK_LABEL (name), display);
  gtk_label_set_text (GTK_LABEL (reference), cw_child_get_case_reference (child));
}

static void
chooser_update_label (CwChildChooser *self)
{
  g_autofree char *name = self->child != NULL ? cw_child_dup_display_name (self->child) : NULL;
  g_autofree char *label = NULL;

  if (name != NULL && self->show_reference)
    /* TRANSLATORS: a child's name and case reference: "Amara Okafor · CR-0042" */
    label = g_strdup_printf (_("%s · %s"), name, cw_child_get_case_reference (self->child));
  else if (name != NULL)
    label = g_steal_pointer (&name);
  else if (self->stored_id > 0)
    label = g_strdup (self->stored_name != NULL && *self->stored_name != '\0'
                      ? self->stored_name : _("A child whose record you may no longer see"));
  else
    label = g_strdup (self->none_label);

  gtk_menu_button_set_label (self->button, label);
}

/* The list for what is typed in the search; run when the popover opens,
 * not before: a form that is never used to choose a child reads nothing. */
static void
chooser_load (CwChildChooser *self)
{
  g_autoptr(GListModel) model = NULL;
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search));
  g_autofree char *trimmed = g_strstrip (g_strdup (search != NULL ? search : ""));

  model = cw_child_repository_list (self->children, trimmed);
  gtk_single_selection_set_model (self->selection, model);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  gtk_widget_set_visible (self->empty_label, g_list_model_get_n_items (model) == 0);
}

static void
chooser_choose (CwChildChooser *self,
                CwChild        *child)
{
  gint64 old_id = cw_child_chooser_get_child_id (self);
  gint64 new_id = child != NULL ? cw_child_get_id (child) : 0;

  self->stored_id = 0;
  g_clear_pointer (&self->stored_name, g_free);
  g_set_object (&self->child, child);
  chooser_update_label (self);
  if (old_id != new_id)
    g_signal_emit (self, chooser_signals[SIGNAL_CHANGED], 0);
}

static void
chooser_search_changed_cb (CwChildChooser *self)
{
  chooser_load (self);
}

static void
chooser_activated_cb (CwChildChooser *self,
                      guint           position)
{
  GListModel *model = gtk_single_selection_get_model (self->selection);
  g_autoptr(CwChild) child = model != NULL ? g_list_model_get_item (model, position) : NULL;

  if (child == NULL)
    return;
  gtk_menu_button_popdown (self->button);
  chooser_choose (self, child);
}

/* Enter in the search chooses the first child found. */
static void
chooser_search_activate_cb (CwChildChooser *self)
{
  chooser_activated_cb (self, 0);
}

static void
chooser_popover_show_cb (CwChildChooser *self)
{
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search)), "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->search), "");
  chooser_load (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search));
}

static void
chooser_none_clicked_cb (CwChildChooser *self)
{
  gtk_menu_button_popdown (self->button);
  chooser_choose (self, NULL);
}

static void
cw_child_chooser_dispose (GObject *object)
{
  CwChildChooser *self = (CwChildChooser *) object;

  if (self->button != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->button));
      self->button = NULL;
    }
  g_clear_object (&self->selection);
  g_clear_object (&self->children);
  g_clear_object (&self->child);

  G_OBJECT_CLASS (cw_child_chooser_parent_class)->dispose (object);
}

static void
cw_child_chooser_finalize (GObject *object)
{
  CwChildChooser *self = (CwChildChooser *) object;

  g_free (self->none_label);
  g_free (self->stored_name);

  G_OBJECT_CLASS (cw_child_chooser_parent_class)->finalize (object);
}

static void
cw_child_chooser_class_init (CwChildChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cw_child_chooser_dispose;
  object_class->finalize = cw_child_chooser_finalize;

  /**
   * CwChildChooser::changed:
   *
   * Another child (or none) was chosen.
   */
  chooser_signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
cw_child_chooser_init (CwChildChooser *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkWidget *box, *scrolled, *none, *popover;

  self->search = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_widget_set_name (GTK_WIDGET (self->search), "child_chooser_search");
  g_object_set (self->search, "placeholder-text", _("Name or case reference"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Find a child"), -1);
  g_signal_connect_swapped (self->search, "search-changed",
                            G_CALLBACK (chooser_search_changed_cb), self);
  g_signal_connect_swapped (self->search, "activate",
                            G_CALLBACK (chooser_search_activate_cb), self);

  g_signal_connect (factory, "setup", G_CALLBACK (child_row_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (child_row_bind_cb), NULL);
  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  self->list = GTK_LIST_VIEW (gtk_list_view_new (
      GTK_SELECTION_MODEL (g_object_ref (self->selection)), g_object_ref (factory)));
  gtk_list_view_set_single_click_activate (self->list, TRUE);
  gtk_widget_set_name (GTK_WIDGET (self->list), "child_chooser_list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Children"), -1);
  g_signal_connect_swapped (self->list, "activate", G_CALLBACK (chooser_activated_cb), self);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 240);
  gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (scrolled), 280);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list));

  self->empty_label = gtk_label_new (_("No child you may see matches."));
  gtk_widget_set_name (self->empty_label, "child_chooser_empty");
  gtk_label_set_wrap (GTK_LABEL (self->empty_label), TRUE);
  gtk_widget_add_css_class (self->empty_label, "dim-label");
  gtk_widget_set_visible (self->empty_label, FALSE);

  none = self->none_button = gtk_button_new ();
  gtk_widget_set_name (none, "child_chooser_none");
  g_signal_connect_swapped (none, "clicked", G_CALLBACK (chooser_none_clicked_cb), self);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->search));
  gtk_box_append (GTK_BOX (box), scrolled);
  gtk_box_append (GTK_BOX (box), self->empty_label);
  gtk_box_append (GTK_BOX (box), none);

  popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  g_signal_connect_swapped (popover, "show", G_CALLBACK (chooser_popover_show_cb), self);

  self->button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_widget_set_name (GTK_WIDGET (self->button), "child_chooser_button");
  gtk_menu_button_set_popover (self->button, popover);
  gtk_menu_button_set_always_show_arrow (self->button, TRUE);
  gtk_widget_set_parent (GTK_WIDGET (self->button), GTK_WIDGET (self));
}

/**
 * cw_child_chooser_new:
 * @session: the signed-in session
 * @none_label: what the button says when no child is chosen ("Any child")
 *
 * Returns: (transfer floating): a chooser with no child chosen
 */
GtkWidget *
cw_child_chooser_new (CwSession  *session,
                      const char *none_label)
{
  CwChildChooser *self;

  g_return_val_if_fail (CW_IS_SESSION (session), NULL);
  g_return_val_if_fail (none_label != NULL, NULL);

  self = g_object_new (CW_TYPE_CHILD_CHOOSER, NULL);
  self->children = cw_child_repository_new (session);
  self->none_label = g_strdup (none_label);

  gtk_button_set_label (GTK_BUTTON (self->none_button), none_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Child"), -1);

  chooser_update_label (self);

  return GTK_WIDGET (self);
}

gint64
cw_child_chooser_get_child_id (CwChildChooser *self)
{
  g_return_val_if_fail (CW_IS_CHILD_CHOOSER (self), 0);

  return self->child != NULL ? cw_child_get_id (self->child) : self->stored_id;
}

CwChild *
cw_child_chooser_get_child (CwChildChooser *self)
{
  g_return_val_if_fail (CW_IS_CHILD_CHOOSER (self), NULL);

  return self->child;
}

gboolean
cw_child_chooser_set_child_id (CwChildChooser *self,
                               gint64          child_id)
{
  g_autoptr(CwChild) child = NULL;

  g_return_val_if_fail (CW_IS_CHILD_CHOOSER (self), FALSE);

  if (child_id != 0)
    child = cw_child_repository_lookup (self->children, child_id, NULL);
  chooser_choose (self, child);
  return child_id == 0 || child != NULL;
}

gboolean
cw_child_chooser_set_stored_child (CwChildChooser *self,
                                   gint64          child_id,
                                   const char     *stored_name)
{
  g_autoptr(CwChild) child = NULL;
  gint64 old_id;

  g_return_val_if_fail (CW_IS_CHILD_CHOOSER (self), FALSE);

  if (child_id > 0)
    child = cw_child_repository_lookup (self->children, child_id, NULL);
  if (child_id <= 0 || child != NULL)
    {
      chooser_choose (self, child);
      return TRUE;
    }

  /* Not one I may see: kept, so that saving does not drop it. */
  old_id = cw_child_chooser_get_child_id (self);
  g_clear_object (&self->child);
  self->stored_id = child_id;
  g_free (self->stored_name);
  self->stored_name = g_strdup (stored_name);
  chooser_update_label (self);
  if (old_id != child_id)
    g_signal_emit (self, chooser_signals[SIGNAL_CHANGED], 0);
  return FALSE;
}

void
cw_child_chooser_set_show_reference (CwChildChooser *self,
                                     gboolean        show_reference)
{
  g_return_if_fail (CW_IS_CHILD_CHOOSER (self));

  self->show_reference = show_reference;
  chooser_update_label (self);
}

void
cw_child_chooser_set_locked (CwChildChooser *self,
                             gboolean        locked,
                             const char     *why)
{
  g_return_if_fail (CW_IS_CHILD_CHOOSER (self));

  gtk_widget_set_sensitive (GTK_WIDGET (self->button), !locked);
  gtk_menu_button_set_always_show_arrow (self->button, !locked);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), locked ? why : NULL);
}

gboolean
cw_child_chooser_get_locked (CwChildChooser *self)
{
  g_return_val_if_fail (CW_IS_CHILD_CHOOSER (self), FALSE);

  return !gtk_widget_get_sensitive (GTK_WIDGET (self->button));
}

/* The filter bar */

static void
emit_changed (CwRegisterFilterBar *self)
{
  gboolean any = cw_child_chooser_get_child_id (self->child_chooser) != 0 ||
                 g_date_valid (&self->from) || g_date_valid (&self->to) ||
                 cw_register_filter_bar_get_staff_id (self) != 0 ||
                 cw_register_filter_bar_get_flags (self) != 0 ||
                 cw_register_filter_bar_get_undecided (self);

  gtk_widget_set_sensitive (self->clear_button, any);
  if (!self->quiet)
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
load_people (CwRegisterFilterBar *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  CwStaffMember *me = cw_session_get_staff_member (self->session);
  CwStaffRepository *staff = cw_session_get_staff_repository (self->session);
  gint64 none = 0;

  g_array_set_size (self->person_ids, 0);
  gtk_string_list_append (names, _("All staff"));
  g_array_append_val (self->person_ids, none);

  if (cw_session_can (self->session, CW_PERMISSION_REVIEW_ALL_REGISTERS))
    {
      g_autoptr(GListModel) all = cw_staff_repository_list (staff);

      for (guint i = 0; i < g_list_model_get_n_items (all); i++)
        {
          g_autoptr(CwStaffMember) member = g_list_model_get_item (all, i);
          gint64 id = cw_staff_member_get_id (member);

          gtk_string_list_append (names, cw_staff_member_get_display_name (member));
          g_array_append_val (self->person_ids, id);
        }
    }
  else if (cw_session_can (self->session, CW_PERMISSION_REVIEW_TEAM_REGISTERS) && me != NULL)
    {
      g_autoptr(GPtrArray) team = NULL;
      gint64 my_id = cw_staff_member_get_id (me);

      gtk_string_list_append (names, cw_staff_member_get_display_name (me));
      g_array_append_val (self->person_ids, my_id);

      team = cw_staff_repository_list_team (staff, my_id, NULL);
      for (guint i = 0; team != NULL && i < team->len; i++)
        {
          CwStaffMember *member = g_ptr_array_index (team, i);
          gint64 id = cw_staff_member_get_id (member);

          gtk_string_list_append (names, cw_staff_member_get_display_name (member));
          g_array_append_val (self->person_ids, id);
        }
    }

  gtk_drop_down_set_model (self->person_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->person_dropdown, 0);
  /* Staff who see only their own rows have nobody to choose. */
  gtk_widget_set_visible (self->person_child, self->person_ids->len > 1);
}

static void
date_entry_changed_cb (GtkEntry            *entry,
                       CwRegisterFilterBar *self)
{
  g_autoptr(GError) error = NULL;
  GDate *target = entry == self->from_entry ? &self->from : &self->to;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  GDate parsed;

  g_date_clear (&parsed, 1);

  if (*stripped != '\0' && !cw_date_parse (stripped, NULL, NULL, &parsed, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (entry), error->message);
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (entry),
                               entry == self->from_entry
                               ? _("Rows dated on or after this day (day/month/year)")
                               : _("Rows dated on or before this day (day/month/year)"));

  if ((!g_date_valid (target) && !g_date_valid (&parsed)) ||
      (g_date_valid (target) && g_date_valid (&parsed) && g_date_compare (target, &parsed) == 0))
    return;

  *target = parsed;
  emit_changed (self);
}

static void
dropdown_selected_cb (CwRegisterFilterBar *self)
{
  emit_changed (self);
}

static void
clear_clicked_cb (CwRegisterFilterBar *self)
{
  cw_register_filter_bar_clear (self);
}

static GtkWidget *
labelled (GtkWidget  *widget,
          const char *label_text)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (label_text);

  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), widget);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL,
                                  -1);
  return box;
}

static GtkWidget *
add_to_flow (CwRegisterFilterBar *self,
             GtkWidget           *widget)
{
  GtkWidget *child = gtk_flow_box_child_new ();

  gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), widget);
  gtk_widget_set_focusable (child, FALSE);
  gtk_flow_box_append (GTK_FLOW_BOX (self->flow), child);
  return child;
}

static GtkEntry *
date_entry_new (CwRegisterFilterBar *self,
                const char          *name,
                const char          *accessible_label)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_widget_set_name (entry, name);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("dd/mm/yyyy"));
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 10);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (entry), 10);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_DIGITS);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                  -1);
  g_signal_connect (entry, "changed", G_CALLBACK (date_entry_changed_cb), self);
  return GTK_ENTRY (entry);
}

static void
build (CwRegisterFilterBar *self,
       const char          *undecided_label)
{
  const char *flag_titles[] = { _("Any flag"), NULL };

  self->flow = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (self->flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (self->flow), FALSE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (self->flow), 12);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (self->flow), 12);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (self->flow), 6);
  gtk_widget_set_parent (self->flow, GTK_WIDGET (self));

  /* Person */
  self->person_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  gtk_widget_set_name (GTK_WIDGET (self->person_dropdown), "filter_person");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->person_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Person"), -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->person_dropdown),
                               _("Whose rows to show"));
  /* The choices name themselves ("All staff", "Any child", "Any flag"):
   * no labels beside them, so the bar stays one line beside the sidebar. */
  self->person_child = add_to_flow (self, GTK_WIDGET (self->person_dropdown));

  /* Child */
  self->child_chooser = CW_CHILD_CHOOSER (cw_child_chooser_new (self->session, _("Any child")));
  gtk_widget_set_name (GTK_WIDGET (self->child_chooser), "filter_child");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->child_chooser), _("Only rows about one child"));
  g_signal_connect_swapped (self->child_chooser, "changed",
                            G_CALLBACK (dropdown_selected_cb), self);
  add_to_flow (self, GTK_WIDGET (self->child_chooser));

  /* Date range */
  self->from_entry = date_entry_new (self, "filter_from", _("From"));
  self->to_entry = date_entry_new (self, "filter_to", _("To"));
  {
    GtkWidget *range = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *to_label = gtk_label_new (_("to"));

    gtk_widget_add_css_class (to_label, "dim-label");
    gtk_box_append (GTK_BOX (range), GTK_WIDGET (self->from_entry));
    gtk_box_append (GTK_BOX (range), to_label);
    gtk_box_append (GTK_BOX (range), GTK_WIDGET (self->to_entry));
    add_to_flow (self, labelled (range, _("Dated")));
  }

  /* Flag */
  self->flag_dropdown = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (flag_titles));
  gtk_widget_set_name (GTK_WIDGET (self->flag_dropdown), "filter_flag");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->flag_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Flag"), -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->flag_dropdown),
                               _("Only rows that raise this flag"));
  self->flag_values[0] = 0;
  self->n_flag_values = 1;
  add_to_flow (self, GTK_WIDGET (self->flag_dropdown));

  /* Undecided */
  self->undecided_check = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (
      undecided_label != NULL ? undecided_label : ""));
  gtk_widget_set_name (GTK_WIDGET (self->undecided_check), "filter_undecided");
  gtk_widget_set_visible (add_to_flow (self, GTK_WIDGET (self->undecided_check)),
                          undecided_label != NULL);

  self->clear_button = gtk_button_new_with_mnemonic (_("C_lear Filters"));
  gtk_widget_set_name (self->clear_button, "filter_clear");
  gtk_widget_add_css_class (self->clear_button, "flat");
  gtk_widget_set_sensitive (self->clear_button, FALSE);
  g_signal_connect_swapped (self->clear_button, "clicked", G_CALLBACK (clear_clicked_cb), self);
  add_to_flow (self, self->clear_button);

  g_signal_connect_swapped (self->person_dropdown, "notify::selected",
                            G_CALLBACK (dropdown_selected_cb), self);
  g_signal_connect_swapped (self->flag_dropdown, "notify::selected",
                            G_CALLBACK (dropdown_selected_cb), self);
  g_signal_connect_swapped (self->undecided_check, "toggled",
                            G_CALLBACK (dropdown_selected_cb), self);
}

static void
cw_register_filter_bar_dispose (GObject *object)
{
  CwRegisterFilterBar *self = (CwRegisterFilterBar *) object;

  g_clear_pointer (&self->flow, gtk_widget_unparent);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (cw_register_filter_bar_parent_class)->dispose (object);
}

static void
cw_register_filter_bar_finalize (GObject *object)
{
  CwRegisterFilterBar *self = (CwRegisterFilterBar *) object;

  g_clear_pointer (&self->person_ids, g_array_unref);

  G_OBJECT_CLASS (cw_register_filter_bar_parent_class)->finalize (object);
}

static void
cw_register_filter_bar_class_init (CwRegisterFilterBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cw_register_filter_bar_dispose;
  object_class->finalize = cw_register_filter_bar_finalize;

  /**
   * CwRegisterFilterBar::changed:
   *
   * The filter changed; read it again with the getters.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "filterbar");
}

static void
cw_register_filter_bar_init (CwRegisterFilterBar *self)
{
  self->person_ids = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_date_clear (&self->from, 1);
  g_date_clear (&self->to, 1);
}

/**
 * cw_register_filter_bar_new:
 * @session: the signed-in session
 * @undecided_label: (nullable): the switch's label, with a mnemonic; %NULL hides it
 *
 * Returns: (transfer floating): a filter bar letting everything through
 */
GtkWidget *
cw_register_filter_bar_new (CwSession  *session,
                            const char *undecided_label)
{
  CwRegisterFilterBar *self;

  g_return_val_if_fail (CW_IS_SESSION (session), NULL);

  self = g_object_new (CW_TYPE_REGISTER_FILTER_BAR, NULL);
  self->session = g_object_ref (session);

  self->quiet = TRUE;
  build (self, undecided_label);
  load_people (self);
  self->quiet = FALSE;

  return GTK_WIDGET (self);
}

/**
 * cw_register_filter_bar_set_flags:
 * @titles: (array length=n_flags): translated flag titles
 * @values: (array length=n_flags): each title's bit
 *
 * Sets the flags the "Flag" choice offers, after "Any flag".
 */
void
cw_register_filter_bar_set_flags (CwRegisterFilterBar *self,
                                  const char * const  *titles,
                                  const guint         *values,
                                  guint                n_flags)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  g_return_if_fail (CW_IS_REGISTER_FILTER_BAR (self));
  g_return_if_fail (n_flags <= MAX_FLAGS);

  gtk_string_list_append (list, _("Any flag"));
  self->flag_values[0] = 0;
  for (guint i = 0; i < n_flags; i++)
    {
      gtk_string_list_append (list, titles[i]);
      self->flag_values[i + 1] = values[i];
    }
  self->n_flag_values = n_flags + 1;

  self->quiet = TRUE;
  gtk_drop_down_set_model (self->flag_dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (self->flag_dropdown, 0);
  self->quiet = FALSE;
}

gint64
cw_register_filter_bar_get_staff_id (CwRegisterFilterBar *self)
{
  guint selected;

  g_return_val_if_fail (CW_IS_REGISTER_FILTER_BAR (self), 0);

  selected = gtk_drop_down_get_selected (self->person_dropdown);
  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->person_ids->len)
    return 0;
  return g_array_index (self->person_ids, gint64, selected);
}

gint64
cw_register_filter_bar_get_child_id (CwRegisterFilterBar *self)
{
  g_return_val_if_fail (CW_IS_REGISTER_FILTER_BAR (self), 0);

  return cw_child_chooser_get_child_id (self->child_chooser);
}

/**
 * cw_register_filter_bar_set_child:
 * @child_id: a child the person may see, or 0 for any
 *
 * Shows only rows about one child (the page of a child opens a register
 * this way). A child the person may not see is refused: any child.
 */
void
cw_register_filter_bar_set_child (CwRegisterFilterBar *self,
                                  gint64               child_id)
{
  g_return_if_fail (CW_IS_REGISTER_FILTER_BAR (self));

  cw_child_chooser_set_child_id (self->child_chooser, child_id);
}

void
cw_register_filter_bar_get_range (CwRegisterFilterBar *self,
                                  GDate               *from,
                                  GDate               *to)
{
  g_return_if_fail (CW_IS_REGISTER_FILTER_BAR (self));
  g_return_if_fail (from != NULL && to != NULL);

  *from = self->from;
  *to = self->to;
}

guint
cw_register_filter_bar_get_flags (CwRegisterFilterBar *self)
{
  guint selected;

  g_return_val_if_fail (CW_IS_REGISTER_FILTER_BAR (self), 0);

  selected = gtk_drop_down_get_selected (self->flag_dropdown);
  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->n_flag_values)
    return 0;
  return self->flag_values[selected];
}

gboolean
cw_register_filter_bar_get_undecided (CwRegisterFilterBar *self)
{
  g_return_val_if_fail (CW_IS_REGISTER_FILTER_BAR (self), FALSE);

  return gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (self->undecided_check))) &&
         gtk_check_button_get_active (self->undecided_check);
}

void
cw_register_filter_bar_set_undecided (CwRegisterFilterBar *self,
                                      gboolean             undecided)
{
  g_return_if_fail (CW_IS_REGISTER_FILTER_BAR (self));

  gtk_check_button_set_active (self->undecided_check, undecided);
}

void
cw_register_filter_bar_clear (CwRegisterFilterBar *self)
{
  g_return_if_fail (CW_IS_REGISTER_FILTER_BAR (self));

  self->quiet = TRUE;
  gtk_drop_down_set_selected (self->person_dropdown, 0);
  gtk_drop_down_set_selected (self->flag_dropdown, 0);
  gtk_check_button_set_active (self->undecided_check, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), "");
  g_date_clear (&self->from, 1);
  g_date_clear (&self->to, 1);
  cw_child_chooser_set_child_id (self->child_chooser, 0);
  self->quiet = FALSE;

  emit_changed (self);
}

/**
 * cw_register_filter_bar_describe:
 *
 * Returns: (nullable) (transfer full): "2 filters on" or %NULL
 */
char *
cw_register_filter_bar_describe (CwRegisterFilterBar *self)
{
  guint n = 0;

  g_return_val_if_fail (CW_IS_REGISTER_FILTER_BAR (self), NULL);

  n += cw_register_filter_bar_get_staff_id (self) != 0;
  n += cw_register_filter_bar_get_child_id (self) != 0;
  n += g_date_valid (&self->from) || g_date_valid (&self->to);
  n += cw_register_filter_bar_get_flags (self) != 0;
  n += cw_register_filter_bar_get_undecided (self);

  if (n == 0)
    return NULL;
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u filter on", "%u filters on", n), n);
}

/* Export */

typedef struct
{
  CwSession            *session;
  GObject              *register_;
  CwRegisterExportFunc  export_func;
  gpointer              filter;
  GFile                *file;
  char                 *password;
  guint64               n_rows;
} ExportData;

static void
export_data_free (ExportData *data)
{
  cw_secure_wipe_string (data->password);
  g_clear_object (&data->session);
  g_clear_object (&data->register_);
  g_clear_pointer (&data->filter, g_free);
  g_clear_object (&data->file);
  g_free (data);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  stream = g_file_replace (data->file, NULL, FALSE,
                           G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                           cancellable, &error);
  if (stream == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, error->code,
                               _("The file could not be written: %s"), error->message);
      return;
    }

  ok = data->export_func (data->register_, data->filter, data->password,
                          G_OUTPUT_STREAM (stream), &data->n_rows, cancellable, &error);
  if (ok)
    ok = g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, &error);

  if (!ok)
    {
      /* Never leave half a register lying about outside the database. */
      g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, NULL);
      g_file_delete (data->file, NULL, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
export_password_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ExportData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  data->password = cw_password_dialog_confirm_finish (result, &error);
  if (data->password == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_run_in_thread (task, export_thread);
}

void
cw_register_export_to_file_async (GtkWidget            *parent,
                                  CwSession            *session,
                                  gpointer              register_,
                                  CwRegisterExportFunc  export_func,
                                  gconstpointer         filter,
                                  gsize                 filter_size,
                                  GFile                *file,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *body = NULL;
  ExportData *data;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (CW_IS_SESSION (session));
  g_return_if_fail (G_IS_OBJECT (register_));
  g_return_if_fail (export_func != NULL);
  g_return_if_fail (filter != NULL && filter_size > 0);
  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (ExportData, 1);
  data->session = g_object_ref (session);
  data->register_ = g_object_ref (register_);
  data->export_func = export_func;
  data->filter = g_memdup2 (filter, filter_size);
  data->file = g_object_ref (file);

  task = g_task_new (parent, cancellable, callback, user_data);
  g_task_set_source_tag (task, cw_register_export_to_file_async);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);

  basename = g_file_get_basename (file);
  body = g_strdup_printf (_("“%s” will hold the rows this list shows, outside the encrypted "
                            "database. Keep it somewhere safe, share it only with those who "
                            "need it, and delete it when it is no longer needed. Enter your "
                            "password to export."), basename);
  cw_password_dialog_confirm_async (session, parent, _("Export This List?"), body,
                                    _("_Export"), cancellable, export_password_cb,
                                    g_steal_pointer (&task));
}

gboolean
cw_register_export_to_file_finish (GAsyncResult  *result,
                                   guint64       *n_rows_out,
                                   GError       **error)
{
  ExportData *data;

  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (n_rows_out != NULL)
    *n_rows_out = data->n_rows;
  return TRUE;
}

typedef struct
{
  AdwToastOverlay *toasts;
  char            *basename;
} RunData;

static void
run_data_free (RunData *run)
{
  g_clear_object (&run->toasts);
  g_free (run->basename);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RunData, run_data_free)

static void
export_run_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(RunData) run = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  AdwToast *toast;
  guint64 n_rows = 0;

  if (!cw_register_export_to_file_finish (result, &n_rows, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = g_strdup_printf (_("Nothing was exported. %s"), error->message);
    }
  else
    {
      /* TRANSLATORS: "12 rows exported to gifts.csv." */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%" G_GUINT64_FORMAT " row exported to %s.",
                                           "%" G_GUINT64_FORMAT " rows exported to %s.",
                                           n_rows),
                              n_rows, run->basename);
    }

  toast = adw_toast_new (text);
  if (error != NULL)
    {
      adw_toast_set_timeout (toast, 0);
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
    }
  if (run->toasts != NULL)
    adw_toast_overlay_add_toast (run->toasts, toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

typedef struct
{
  GtkWidget            *parent;
  CwSession            *session;
  GObject              *register_;
  CwRegisterExportFunc  export_func;
  gpointer              filter;
  gsize                 filter_size;
  AdwToastOverlay      *toasts;
} ChooseData;

static void
choose_data_free (ChooseData *choose)
{
  g_clear_object (&choose->parent);
  g_clear_object (&choose->session);
  g_clear_object (&choose->register_);
  g_clear_pointer (&choose->filter, g_free);
  g_clear_object (&choose->toasts);
  g_free (choose);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     gpointer         user_data)
{
  ChooseData *choose = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  if (file != NULL && gtk_widget_get_root (choose->parent) != NULL)
    {
      RunData *run = g_new0 (RunData, 1);

      run->toasts = choose->toasts != NULL ? g_object_ref (choose->toasts) : NULL;
      run->basename = g_file_get_basename (file);
      cw_register_export_to_file_async (choose->parent, choose->session, choose->register_,
                                        choose->export_func, choose->filter,
                                        choose->filter_size, file, NULL,
                                        export_run_done_cb, run);
    }

  choose_data_free (choose);
  g_object_unref (chooser);
}

void
cw_register_export_run (GtkWidget            *parent,
                        CwSession            *session,
                        gpointer              register_,
                        CwRegisterExportFunc  export_func,
                        gconstpointer         filter,
                        gsize                 filter_size,
                        const char           *suggested_name,
                        AdwToastOverlay      *toasts)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  GtkRoot *root;
  ChooseData *choose;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (CW_IS_SESSION (session));
  g_return_if_fail (export_func != NULL);
  g_return_if_fail (filter != NULL && filter_size > 0);

  root = gtk_widget_get_root (parent);
  chooser = gtk_file_chooser_native_new (_("Export the List as CSV"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (csv, _("CSV files"));
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser),
                                     suggested_name != NULL ? suggested_name : "export.csv");

  choose = g_new0 (ChooseData, 1);
  choose->parent = g_object_ref (parent);
  choose->session = g_object_ref (session);
  choose->register_ = g_object_ref (register_);
  choose->export_func = export_func;
  choose->filter = g_memdup2 (filter, filter_size);
  choose->filter_size = filter_size;
  choose->toasts = toasts != NULL ? g_object_ref (toasts) : NULL;

  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), choose);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
