/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-contact-editor"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "core/cw-child-repository.h"
#include "cw-contact-editor.h"
#include "cw-register-ui.h"

/* How many of the approvals one may see are read for the approval row. */
#define MAX_APPROVALS_OFFERED 500

/* Positions in device_row after "Choose…". */
static const CwContactDevice device_order[] = {
  CW_CONTACT_DEVICE_WORK, CW_CONTACT_DEVICE_PERSONAL, CW_CONTACT_DEVICE_NONE,
};

static const char *const day_names[] = {
  NULL, N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
  N_("Saturday"), N_("Sunday"),
};

/* CwContactChildPicker ---------------------------------------------------- */

struct _CwContactChildPicker
{
  GtkWidget          parent_instance;

  GtkWidget         *button;
  GtkWidget         *popover;
  GtkWidget         *search;
  GtkWidget         *list;
  GtkWidget         *none;

  CwSession         *session;
  CwChildRepository *children;
  gint64             child_id;
  gboolean           filled;
};

enum {
  PICKER_PROP_0,
  PICKER_PROP_CHILD_ID,
  PICKER_N_PROPS
};

static GParamSpec *picker_properties[PICKER_N_PROPS];

G_DEFINE_FINAL_TYPE (CwContactChildPicker, cw_contact_child_picker, GTK_TYPE_WIDGET)

static char *
child_label (CwChild *child)
{
  g_autofree char *name = cw_child_dup_display_name (child);

  /* TRANSLATORS: a child's name and case reference: "Amara Okafor · CR-0042" */
  return g_strdup_printf (_("%s · %s"), name, cw_child_get_case_reference (child));
}

static void
picker_show_choice (CwContactChildPicker *self,
                    CwChild              *child)
{
  g_autofree char *label = NULL;

  if (child != NULL)
    label = child_label (child);
  else if (self->child_id > 0)
    label = g_strdup (_("A child you cannot see"));
  else
    label = g_strdup (_("No child"));

  gtk_menu_button_set_label (GTK_MENU_BUTTON (self->button), label);
}

static void
picker_choose (CwContactChildPicker *self,
               gint64                child_id,
               CwChild              *child)
{
  if (self->child_id == child_id)
    {
      picker_show_choice (self, child);
      return;
    }

  self->child_id = child_id;
  picker_show_choice (self, child);
  g_object_notify_by_pspec (G_OBJECT (self), picker_properties[PICKER_PROP_CHILD_ID]);
}

static void
picker_refill (CwContactChildPicker *self)
{
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search));
  GListModel *model = cw_child_repository_list (self->children, search);
  GtkSingleSelection *selection = gtk_single_selection_new (model);

  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
  gtk_list_view_set_model (GTK_LIST_VIEW (self->list), GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  self->filled = TRUE;
}

static void
picker_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_end (label, 6);
  gtk_list_item_set_child (item, label);
}

static void
picker_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  g_autofree char *text = child_label (gtk_list_item_get_item (item));

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static void
picker_activate_cb (GtkListView          *list,
                    guint                 position,
                    CwContactChildPicker *self)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (list));
  g_autoptr(CwChild) child = model != NULL ? g_list_model_get_item (model, position) : NULL;

  if (child == NULL)
    return;

  picker_choose (self, cw_child_get_id (child), child);
  gtk_popover_popdown (GTK_POPOVER (self->popover));
}

static void
picker_none_clicked_cb (CwContactChildPicker *self)
{
  picker_choose (self, 0, NULL);
  gtk_popover_popdown (GTK_POPOVER (self->popover));
}

static void
picker_search_changed_cb (CwContactChildPicker *self)
{
  picker_refill (self);
}

static void
picker_popover_show_cb (CwContactChildPicker *self)
{
  if (!self->filled)
    picker_refill (self);
  gtk_widget_grab_focus (self->search);
}

static void
cw_contact_child_picker_dispose (GObject *object)
{
  CwContactChildPicker *self = CW_CONTACT_CHILD_PICKER (object);

  g_clear_pointer (&self->button, gtk_widget_unparent);
  self->popover = NULL;
  self->search = NULL;
  self->list = NULL;
  self->none = NULL;
  g_clear_object (&self->children);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (cw_contact_child_picker_parent_class)->dispose (object);
}

static void
cw_contact_child_picker_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  CwContactChildPicker *self = CW_CONTACT_CHILD_PICKER (object);

  switch (prop_id)
    {
    case PICKER_PROP_CHILD_ID:
      g_value_set_int64 (value, self->child_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cw_contact_child_picker_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  CwContactChildPicker *self = CW_CONTACT_CHILD_PICKER (object);

  switch (prop_id)
    {
    case PICKER_PROP_CHILD_ID:
      cw_contact_child_picker_set_child_id (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cw_contact_child_picker_class_init (CwContactChildPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cw_contact_child_picker_dispose;
  object_class->get_property = cw_contact_child_picker_get_property;
  object_class->set_property = cw_contact_child_picker_set_property;

  picker_properties[PICKER_PROP_CHILD_ID] =
    g_param_spec_int64 ("child-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, PICKER_N_PROPS, picker_properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "cw-contact-child-picker");
}

static void
cw_contact_child_picker_init (CwContactChildPicker *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  self->button = gtk_menu_button_new ();
  gtk_widget_set_name (self->button, "child_button");
  gtk_widget_set_valign (self->button, GTK_ALIGN_CENTER);
  gtk_menu_button_set_label (GTK_MENU_BUTTON (self->button), _("No child"));
  gtk_widget_set_tooltip_text (self->button, _("Choose the child"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Child"), -1);
  gtk_widget_set_parent (self->button, GTK_WIDGET (self));

  self->search = gtk_search_entry_new ();
  gtk_widget_set_name (self->search, "child_search");
  g_object_set (self->search, "placeholder-text", _("Name or case reference"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search children"), -1);
  g_signal_connect_object (self->search, "search-changed",
                           G_CALLBACK (picker_search_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), self->search);

  g_signal_connect (factory, "setup", G_CALLBACK (picker_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (picker_bind_cb), NULL);
  self->list = gtk_list_view_new (NULL, factory);
  gtk_widget_set_name (self->list, "child_list");
  gtk_list_view_set_single_click_activate (GTK_LIST_VIEW (self->list), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Children you may see"), -1);
  g_signal_connect_object (self->list, "activate", G_CALLBACK (picker_activate_cb), self, 0);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 220);
  gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (scrolled), 300);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->list);
  gtk_box_append (GTK_BOX (box), scrolled);

  self->none = gtk_button_new_with_mnemonic (_("_No Child"));
  gtk_widget_set_name (self->none, "child_none");
  gtk_widget_add_css_class (self->none, "flat");
  g_signal_connect_object (self->none, "clicked", G_CALLBACK (picker_none_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), self->none);

  self->popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (self->popover), box);
  g_signal_connect_object (self->popover, "show", G_CALLBACK (picker_popover_show_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->button), self->popover);
}

GtkWidget *
cw_contact_child_picker_new (CwSession *session)
{
  CwContactChildPicker *self;

  g_return_val_if_fail (CW_IS_SESSION (session), NULL);

  self = g_object_new (CW_TYPE_CONTACT_CHILD_PICKER, NULL);
  self->session = g_object_ref (session);
  self->children = cw_child_repository_new (session);

  return GTK_WIDGET (self);
}

gint64
cw_contact_child_picker_get_child_id (CwContactChildPicker *self)
{
  g_return_val_if_fail (CW_IS_CONTACT_CHILD_PICKER (self), 0);

  return self->child_id;
}

void
cw_contact_child_picker_set_child_id (CwContactChildPicker *self,
                                      gint64                child_id)
{
  g_autoptr(CwChild) child = NULL;

  g_return_if_fail (CW_IS_CONTACT_CHILD_PICKER (self));

  if (child_id > 0 && self->children != NULL)
    child = cw_child_repository_lookup (self->children, child_id, NULL);
  picker_choose (self, MAX (child_id, 0), child);
}

/* Shared descriptions ----------------------------------------------------- */

char *
cw_contact_describe_working_hours (const CwWorkingHours *hours)
{
  g_autoptr(GString) days = g_string_new (NULL);
  int first = 0, last = 0, count = 0;
  gboolean contiguous = TRUE;

  for (int day = 1; day <= 7; day++)
    if (hours->days & (1u << day))
      {
        if (first == 0)
          first = day;
        else if (day != last + 1)
          contiguous = FALSE;
        last = day;
        count++;
      }

  if (count == 0)
    g_string_append (days, _("No working days"));
  else if (count == 7)
    g_string_append (days, _("Every day"));
  else if (count == 1)
    g_string_append (days, _(day_names[first]));
  else if (contiguous)
    /* TRANSLATORS: a range of working days: "Monday to Friday" */
    g_string_append_printf (days, _("%s to %s"), _(day_names[first]), _(day_names[last]));
  else
    for (int day = 1; day <= 7; day++)
      if (hours->days & (1u << day))
        {
          if (days->len > 0)
            g_string_append (days, ", ");
          g_string_append (days, _(day_names[day]));
        }

  /* TRANSLATORS: working hours: "Monday to Friday, 08:00 to 18:00" */
  return g_strdup_printf (_("%s, %02d:%02d to %02d:%02d"), days->str,
                          hours->start_minute / 60, hours->start_minute % 60,
                          hours->end_minute / 60, hours->end_minute % 60);
}

char *
cw_contact_describe_when (CwContactRecord *record)
{
  const GDate *date = cw_contact_record_get_date (record);
  char buffer[128];

  if (date == NULL || !g_date_valid (date) ||
      g_date_strftime (buffer, sizeof buffer, "%A %-d %B %Y", date) == 0)
    return g_strdup (_("Date not recorded"));

  if (cw_contact_record_get_hour (record) < 0)
    return g_strdup (buffer);

  /* TRANSLATORS: "Monday 14 April 2025 at 21:30" */
  return g_strdup_printf (_("%s at %02d:%02d"), buffer, cw_contact_record_get_hour (record),
                          cw_contact_record_get_minute (record));
}

/* CwContactEditor --------------------------------------------------------- */

struct _CwContactEditor
{
  AdwWindow            parent_instance;

  AdwWindowTitle      *window_title;
  GtkButton           *save_button;
  GtkScrolledWindow   *scrolled_window;
  GtkWidget           *error_box;
  GtkLabel            *error_label;
  GtkWidget           *validation_box;
  GtkLabel            *validation_label;
  GtkWidget           *correction_group;
  AdwEntryRow         *reason_row;
  AdwEntryRow         *date_row;
  AdwEntryRow         *time_row;
  GtkLabel            *when_feedback_label;
  AdwActionRow        *child_row;
  AdwComboRow         *party_row;
  AdwEntryRow         *party_name_row;
  AdwEntryRow         *witness_row;
  AdwComboRow         *channel_row;
  AdwComboRow         *device_row;
  AdwComboRow         *initiator_row;
  GtkSwitch           *planned_switch;
  AdwComboRow         *purpose_row;
  AdwComboRow         *approval_row;
  GtkTextView         *summary_view;
  GtkTextView         *follow_up_view;
  GtkBox              *flags_box;
  GtkWidget           *chronology_group;
  GtkSwitch           *chronology_switch;

  GtkWidget           *child_picker;

  CwSession           *session;
  CwContactRegister   *contacts;
  CwContactRecord     *original;      /* the version being corrected; NULL when new */
  GPtrArray           *approvals;     /* CwContactApproval per approval_row item after 0 */
  CwWorkingHours       hours;
  char                *snapshot;
  gboolean             filling;
  gboolean             close_confirmed;
  gboolean             disposed;
};

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CwContactEditor, cw_contact_editor, ADW_TYPE_WINDOW)

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

static char *
text_view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* The choice in a combo row whose first item is "Choose…": -1 for none. */
static int
combo_choice (AdwComboRow *row)
{
  guint selected = adw_combo_row_get_selected (row);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return -1;

  return (int) selected - 1;
}

static int
form_device (CwContactEditor *self)
{
  int choice = combo_choice (self->device_row);

  if (choice < 0 || choice >= (int) G_N_ELEMENTS (device_order))
    return -1;

  return device_order[choice];
}

static gint64
form_child_id (CwContactEditor *self)
{
  return cw_contact_child_picker_get_child_id (CW_CONTACT_CHILD_PICKER (self->child_picker));
}

static CwContactApproval *
form_approval (CwContactEditor *self)
{
  guint selected;

  if (!gtk_widget_get_visible (GTK_WIDGET (self->approval_row)))
    return NULL;

  selected = adw_combo_row_get_selected (self->approval_row);
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || selected > self->approvals->len)
    return NULL;

  return g_ptr_array_index (self->approvals, selected - 1);
}

/* Reads "21:30" (or "21.30", "9:05"). */
static gboolean
parse_time (const char  *text,
            int         *hour_out,
            int         *minute_out,
            GError     **error)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_auto(GStrv) parts = NULL;
  guint64 hour, minute;

  parts = g_regex_split_simple ("[:.]", copy, 0, 0);
  if (g_strv_length (parts) != 2 || strlen (parts[0]) < 1 || strlen (parts[0]) > 2 ||
      strlen (parts[1]) != 2 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 0, 99, &hour, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 0, 99, &minute, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is not a time. Type the hours and minutes on the 24-hour clock, "
                     "for example 21:30."), copy);
      return FALSE;
    }

  if (hour > 23 || minute > 59)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("There is no time %s: the 24-hour clock runs from 00:00 to 23:59."),
                   copy);
      return FALSE;
    }

  *hour_out = (int) hour;
  *minute_out = (int) minute;
  return TRUE;
}

/* The date and time typed, or the sentence that says what is wrong. */
static char *
when_problem (CwContactEditor *self,
              GDate           *date,
              int             *hour,
              int             *minute)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate today;

  cw_date_today (&today);
  g_date_clear (date, 1);

  if (is_blank (row_text (self->date_row)))
    return g_strdup (_("Type the date of the contact."));

  if (!cw_date_parse (row_text (self->date_row), &today, _("The date of the contact"), date,
                      &error))
    return g_strdup (error->message);

  if (is_blank (row_text (self->time_row)))
    return g_strdup (_("Type the time of the contact."));

  if (!parse_time (row_text (self->time_row), hour, minute, &error))
    return g_strdup (error->message);

  if (g_date_compare (date, &today) == 0 &&
      *hour * 60 + *minute > g_date_time_get_hour (now) * 60 + g_date_time_get_minute (now))
    return g_strdup_printf (_("%02d:%02d today is later than now. Record the contact once it "
                              "has happened."), *hour, *minute);

  return NULL;
}

/* Everything on the form as one string, to tell whether anything changed. */
static char *
form_snapshot (CwContactEditor *self)
{
  g_autofree char *summary = text_view_text (self->summary_view);
  g_autofree char *follow_up = text_view_text (self->follow_up_view);
  CwContactApproval *approval = form_approval (self);

  return g_strdup_printf ("%s\x1f%s\x1f%" G_GINT64_FORMAT "\x1f%d\x1f%s\x1f%s\x1f%d\x1f%d"
                          "\x1f%d\x1f%d\x1f%d\x1f%" G_GINT64_FORMAT "\x1f%s\x1f%s\x1f%d",
                          row_text (self->date_row), row_text (self->time_row),
                          form_child_id (self), combo_choice (self->party_row),
                          row_text (self->party_name_row), row_text (self->witness_row),
                          combo_choice (self->channel_row), form_device (self),
                          combo_choice (self->initiator_row),
                          gtk_switch_get_active (self->planned_switch),
                          combo_choice (self->purpose_row),
                          approval != NULL ? cw_contact_approval_get_id (approval) : 0,
                          summary, follow_up,
                          gtk_switch_get_active (self->chronology_switch));
}

static gboolean
form_changed (CwContactEditor *self)
{
  g_autofree char *now = form_snapshot (self);

  return g_strcmp0 (now, self->snapshot) != 0;
}

/* A record holding what the form says (what cannot be read is left unset). */
static CwContactRecord *
form_record (CwContactEditor *self)
{
  g_autoptr(CwContactRecord) record = self->original != NULL
                                      ? cw_contact_record_copy (self->original)
                                      : cw_contact_record_new ();
  g_autofree char *summary = text_view_text (self->summary_view);
  g_autofree char *follow_up = text_view_text (self->follow_up_view);
  g_autofree char *problem = NULL;
  CwContactApproval *approval = form_approval (self);
  GDate date;
  int hour = -1, minute = -1;

  problem = when_problem (self, &date, &hour, &minute);
  if (problem == NULL)
    {
      cw_contact_record_set_date (record, &date);
      cw_contact_record_set_time (record, hour, minute);
    }

  cw_contact_record_set_child_id (record, form_child_id (self));
  if (combo_choice (self->party_row) >= 0)
    cw_contact_record_set_other_party_kind (record, combo_choice (self->party_row));
  cw_contact_record_set_other_party_name (record, row_text (self->party_name_row));
  cw_contact_record_set_witness (record, row_text (self->witness_row));
  if (combo_choice (self->channel_row) >= 0)
    cw_contact_record_set_channel (record, combo_choice (self->channel_row));
  if (form_device (self) >= 0)
    cw_contact_record_set_device (record, form_device (self));
  if (combo_choice (self->initiator_row) >= 0)
    cw_contact_record_set_initiator (record, combo_choice (self->initiator_row));
  cw_contact_record_set_planned (record, gtk_switch_get_active (self->planned_switch));
  if (combo_choice (self->purpose_row) >= 0)
    cw_contact_record_set_purpose (record, combo_choice (self->purpose_row));
  cw_contact_record_set_approval_id (record,
                                     approval != NULL ? cw_contact_approval_get_id (approval)
                                                      : 0);
  cw_contact_record_set_summary (record, summary);
  cw_contact_record_set_follow_up (record, follow_up);
  cw_contact_record_set_add_to_chronology (record,
                                           self->original == NULL &&
                                           gtk_widget_get_visible (self->chronology_group) &&
                                           gtk_switch_get_active (self->chronology_switch));

  return g_steal_pointer (&record);
}

/* The first reason the form cannot be saved, or NULL when it can. */
static char *
validation_problem (CwContactEditor *self)
{
  g_autofree char *summary = text_view_text (self->summary_view);
  char *problem;
  GDate date;
  int hour, minute;

  if (self->original != NULL && is_blank (row_text (self->reason_row)))
    return g_strdup (_("Give the reason for the correction."));

  if ((problem = when_problem (self, &date, &hour, &minute)) != NULL)
    return problem;

  if (combo_choice (self->party_row) < 0)
    return g_strdup (_("Say who the contact was with: the child, a parent or carer, or "
                       "another person."));

  if (is_blank (row_text (self->party_name_row)) &&
      !(combo_choice (self->party_row) == CW_CONTACT_PARTY_CHILD && form_child_id (self) > 0))
    return g_strdup (_("Type the name of the person the contact was with."));

  if (combo_choice (self->channel_row) < 0)
    return g_strdup (_("Choose how the contact was made."));

  if (form_device (self) < 0)
    return g_strdup (_("Say which phone, account or address was used: a work one, a personal "
                       "one, or none for contact in person."));

  if (form_device (self) == CW_CONTACT_DEVICE_NONE &&
      combo_choice (self->channel_row) != CW_CONTACT_CHANNEL_IN_PERSON)
    return g_strdup (_("Only contact in person uses no phone or account. Say whether a work "
                       "or a personal phone, account or address was used."));

  if (combo_choice (self->initiator_row) < 0)
    return g_strdup (_("Say who started the contact."));

  if (combo_choice (self->purpose_row) < 0)
    return g_strdup (_("Choose the purpose of the contact: work, social, coincidental or "
                       "emergency."));

  if (is_blank (summary))
    return g_strdup (_("Write a summary of the contact."));

  if (self->original == NULL && gtk_switch_get_active (self->chronology_switch) &&
      gtk_widget_get_visible (self->chronology_group) && form_child_id (self) <= 0)
    return g_strdup (_("Choose the child to add this contact to their chronology."));

  if (self->original != NULL && !form_changed (self))
    return g_strdup (_("Nothing has been changed yet apart from the reason."));

  return NULL;
}

static void
add_flag_line (CwContactEditor *self,
               CwContactFlags   flag,
               const char      *extra)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *badge = cw_badge_new (cw_contact_flag_get_title (flag),
                                   cw_contact_flag_get_explanation (flag),
                                   flag == CW_CONTACT_FLAG_NOT_REVIEWED ? CW_BADGE_NEUTRAL
                                                                        : CW_BADGE_WARNING);
  g_autofree char *text = NULL;
  GtkWidget *label;

  if (extra != NULL)
    text = g_strdup_printf ("%s %s", cw_contact_flag_get_explanation (flag), extra);
  label = gtk_label_new (text != NULL ? text : cw_contact_flag_get_explanation (flag));
  gtk_widget_set_valign (badge, GTK_ALIGN_START);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), badge);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (self->flags_box, box);
}

static void
add_flag_note (CwContactEditor *self,
               const char      *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (self->flags_box, label);
}

/* Which flags saving would raise, from what is filled in so far. */
static void
update_flags (CwContactEditor *self)
{
  g_autoptr(CwContactRecord) record = form_record (self);
  g_autofree char *hours_text = cw_contact_describe_working_hours (&self->hours);
  g_autofree char *hours_sentence = NULL;
  g_autofree char *problem = NULL;
  CwContactFlags flags, known = CW_CONTACT_FLAGS_ALL;
  gboolean any = FALSE;
  GDate date;
  int hour, minute;

  cw_box_remove_all (self->flags_box);

  problem = when_problem (self, &date, &hour, &minute);
  if (problem != NULL)
    {
      GDate placeholder;

      /* Any date will do: the flags that need one are left out below. */
      g_date_clear (&placeholder, 1);
      g_date_set_dmy (&placeholder, 1, G_DATE_JANUARY, 2025);
      cw_contact_record_set_date (record, &placeholder);
      cw_contact_record_set_time (record, 12, 0);
      known &= ~(CW_CONTACT_FLAG_OUT_OF_HOURS | CW_CONTACT_FLAG_STAFF_OUT_OF_HOURS);
    }
  if (combo_choice (self->initiator_row) < 0)
    known &= ~CW_CONTACT_FLAG_STAFF_OUT_OF_HOURS;
  if (form_device (self) < 0)
    known &= ~CW_CONTACT_FLAG_PERSONAL_DEVICE;
  if (combo_choice (self->purpose_row) < 0)
    known &= ~CW_CONTACT_FLAG_UNAPPROVED_SOCIAL;

  flags = cw_contact_compute_flags (record, &self->hours, form_approval (self)) & known;

  /* TRANSLATORS: after the out-of-hours explanation */
  hours_sentence = g_strdup_printf (_("The organisation’s working hours are %s."), hours_text);

  for (guint bit = 0; bit < 5; bit++)
    {
      CwContactFlags flag = 1u << bit;

      if (flag == CW_CONTACT_FLAG_NOT_REVIEWED || !(flags & flag))
        continue;

      add_flag_line (self, flag, flag == CW_CONTACT_FLAG_OUT_OF_HOURS ? hours_sentence : NULL);
      any = TRUE;
    }

  if (!any)
    add_flag_note (self, known == CW_CONTACT_FLAGS_ALL
                         ? _("Nothing will be flagged.")
                         : _("Nothing is flagged so far. Flags are worked out as the form is "
                             "filled in."));
  else if (known != CW_CONTACT_FLAGS_ALL)
    add_flag_note (self, _("More flags may follow as the form is filled in."));

  if (problem != NULL)
    {
      g_autofree char *note = g_strdup_printf (_("Whether the contact was out of hours is "
                                                 "worked out from the date and time. The "
                                                 "organisation’s working hours are %s."),
                                               hours_text);

      add_flag_note (self, note);
    }

  add_flag_note (self, _("Every contact waits for review by your line manager or the "
                         "Designated Safeguarding Lead."));
}

/* The line under the date and time: what is wrong, or the time read back. */
static void
update_when_feedback (CwContactEditor *self)
{
  GtkWidget *label = GTK_WIDGET (self->when_feedback_label);
  g_autofree char *problem = NULL;
  GDate date;
  int hour = -1, minute = -1;

  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (label, "dim-label");
  gtk_widget_remove_css_class (GTK_WIDGET (self->date_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->time_row), "error");

  if (is_blank (row_text (self->date_row)) && is_blank (row_text (self->time_row)))
    {
      gtk_widget_set_visible (label, FALSE);
      return;
    }

  problem = when_problem (self, &date, &hour, &minute);
  if (problem != NULL)
    {
      GDate ignored;
      gboolean date_ok = cw_date_parse (row_text (self->date_row), NULL, NULL, &ignored, NULL);

      /* Blank rows still to be filled are not errors yet. */
      if ((is_blank (row_text (self->time_row)) && date_ok) ||
          is_blank (row_text (self->date_row)))
        {
          gtk_widget_set_visible (label, FALSE);
          return;
        }

      gtk_label_set_text (self->when_feedback_label, problem);
      gtk_widget_add_css_class (label, "error");
      gtk_widget_add_css_class (GTK_WIDGET (date_ok ? self->time_row : self->date_row),
                                "error");
    }
  else
    {
      g_autoptr(CwContactRecord) record = cw_contact_record_new ();
      g_autofree char *when = NULL;
      g_autofree char *text = NULL;
      g_autofree char *hours_text = cw_contact_describe_working_hours (&self->hours);

      cw_contact_record_set_date (record, &date);
      cw_contact_record_set_time (record, hour, minute);
      when = cw_contact_describe_when (record);
      if (cw_working_hours_contains (&self->hours, &date, hour, minute))
        /* TRANSLATORS: "Monday 14 April 2025 at 10:30, within working hours (Monday to …)" */
        text = g_strdup_printf (_("%s, within working hours (%s)."), when, hours_text);
      else
        text = g_strdup_printf (_("%s, outside working hours (%s)."), when, hours_text);
      gtk_label_set_text (self->when_feedback_label, text);
      gtk_widget_add_css_class (label, "dim-label");
    }

  gtk_widget_set_visible (label, TRUE);
}

static void
validate (CwContactEditor *self)
{
  g_autofree char *problem = NULL;
  gboolean social;

  if (self->filling)
    return;

  social = combo_choice (self->purpose_row) == CW_CONTACT_PURPOSE_SOCIAL;
  gtk_widget_set_visible (GTK_WIDGET (self->approval_row), social);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->party_name_row),
                                 combo_choice (self->party_row) == CW_CONTACT_PARTY_CHILD
                                 ? _("Their name (if no child is chosen above)")
                                 : _("Their name"));

  update_when_feedback (self);
  update_flags (self);

  problem = validation_problem (self);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->save_button), problem);

  /* What is still needed, once: not again when it is said in red above
   * or below the date and time. */
  if (problem != NULL && gtk_widget_get_visible (GTK_WIDGET (self->when_feedback_label)) &&
      g_strcmp0 (gtk_label_get_text (self->when_feedback_label), problem) == 0)
    {
      g_free (problem);
      problem = g_strdup (_("Correct the date or time: the problem is shown below them."));
    }
  gtk_label_set_text (self->validation_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (self->validation_box,
                          problem != NULL && !gtk_widget_get_visible (self->error_box));
}

static void
show_error (CwContactEditor *self,
            const char      *sentence)
{
  gtk_label_set_text (self->error_label, sentence != NULL ? sentence : "");
  gtk_widget_set_visible (self->error_box, sentence != NULL);
  if (sentence != NULL)
    gtk_widget_set_visible (self->validation_box, FALSE);

  if (sentence != NULL)
    {
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
    }
}

static void
fill_combo (AdwComboRow *row,
            const char  *first,
            const char  *(*title) (int),
            const int   *values,
            guint        n_values,
            int          selected_value)
{
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);
  guint selected = 0;

  gtk_string_list_append (titles, first);
  for (guint i = 0; i < n_values; i++)
    {
      gtk_string_list_append (titles, title (values[i]));
      if (values[i] == selected_value)
        selected = i + 1;
    }

  adw_combo_row_set_expression (row, gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL,
                                                                   "string"));
  adw_combo_row_set_model (row, G_LIST_MODEL (titles));
  adw_combo_row_set_selected (row, selected);
}

static const char *party_title (int v) { return cw_contact_party_kind_get_title (v); }
static const char *channel_title (int v) { return cw_contact_channel_get_title (v); }
static const char *device_title (int v) { return cw_contact_device_get_title (v); }
static const char *initiator_title (int v) { return cw_contact_initiator_get_title (v); }
static const char *purpose_title (int v) { return cw_contact_purpose_get_title (v); }

static char *
approval_label (CwContactApproval *approval)
{
  g_autofree char *date = cw_date_format_long (cw_contact_approval_get_planned_date (approval));
  const char *with = cw_contact_approval_get_child_name (approval);

  if (with == NULL || *with == '\0')
    with = cw_contact_approval_get_other_party_name (approval);

  /* TRANSLATORS: an approved social contact: "14 March 2025 with Amara Okafor" */
  return g_strdup_printf (_("%s with %s"), date, with != NULL ? with : "");
}

/* "None" and the signed-in person's approved requests. */
static void
fill_approvals (CwContactEditor *self)
{
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);
  g_autoptr(GListModel) all = cw_contact_register_list_approvals (self->contacts, FALSE);
  CwStaffMember *me = cw_session_get_staff_member (self->session);
  gint64 me_id = me != NULL ? cw_staff_member_get_id (me) : 0;
  gint64 current = self->original != NULL ? cw_contact_record_get_approval_id (self->original)
                                          : 0;
  guint n = MIN (g_list_model_get_n_items (all), MAX_APPROVALS_OFFERED);
  guint selected = 0;

  g_ptr_array_set_size (self->approvals, 0);
  gtk_string_list_append (titles, _("No approval asked for"));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CwContactApproval) approval = g_list_model_get_item (all, i);
      g_autofree char *label = NULL;

      if (cw_contact_approval_get_staff_id (approval) != me_id ||
          (cw_contact_approval_get_status (approval) != CW_APPROVAL_APPROVED &&
           cw_contact_approval_get_id (approval) != current))
        continue;

      label = approval_label (approval);
      gtk_string_list_append (titles, label);
      if (cw_contact_approval_get_id (approval) == current)
        selected = self->approvals->len + 1;
      g_ptr_array_add (self->approvals, g_steal_pointer (&approval));
    }

  if (current > 0 && selected == 0)
    {
      g_autoptr(CwContactApproval) approval = cw_contact_register_load_approval (self->contacts,
                                                                               current, NULL);

      if (approval != NULL)
        {
          g_autofree char *label = approval_label (approval);

          gtk_string_list_append (titles, label);
          g_ptr_array_add (self->approvals, g_steal_pointer (&approval));
          selected = self->approvals->len;
        }
    }

  adw_combo_row_set_expression (self->approval_row,
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL,
                                                             "string"));
  adw_combo_row_set_model (self->approval_row, G_LIST_MODEL (titles));
  adw_combo_row_set_selected (self->approval_row, selected);
}

static void
set_text_view (GtkTextView *view,
               const char  *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text != NULL ? text : "", -1);
}

static void
fill_form (CwContactEditor *self)
{
  static const int parties[] = {
    CW_CONTACT_PARTY_CHILD, CW_CONTACT_PARTY_PARENT_CARER, CW_CONTACT_PARTY_OTHER,
  };
  static const int channels[] = {
    CW_CONTACT_CHANNEL_IN_PERSON, CW_CONTACT_CHANNEL_PHONE_CALL, CW_CONTACT_CHANNEL_TEXT,
    CW_CONTACT_CHANNEL_EMAIL, CW_CONTACT_CHANNEL_VIDEO_CALL, CW_CONTACT_CHANNEL_MESSAGING_APP,
    CW_CONTACT_CHANNEL_SOCIAL_MEDIA, CW_CONTACT_CHANNEL_LETTER,
  };
  static const int devices[] = {
    CW_CONTACT_DEVICE_WORK, CW_CONTACT_DEVICE_PERSONAL, CW_CONTACT_DEVICE_NONE,
  };
  static const int initiators[] = {
    CW_CONTACT_STARTED_BY_STAFF, CW_CONTACT_STARTED_BY_CHILD, CW_CONTACT_STARTED_BY_PARENT,
    CW_CONTACT_STARTED_BY_OTHER,
  };
  static const int purposes[] = {
    CW_CONTACT_PURPOSE_WORK, CW_CONTACT_PURPOSE_SOCIAL, CW_CONTACT_PURPOSE_COINCIDENTAL,
    CW_CONTACT_PURPOSE_EMERGENCY,
  };
  CwContactRecord *r = self->original;
  const char *choose = _("Choose…");

  self->filling = TRUE;

  G_STATIC_ASSERT (G_N_ELEMENTS (devices) == G_N_ELEMENTS (device_order));

  fill_combo (self->party_row, choose, party_title, parties, G_N_ELEMENTS (parties),
              r != NULL ? (int) cw_contact_record_get_other_party_kind (r) : -1);
  fill_combo (self->channel_row, choose, channel_title, channels, G_N_ELEMENTS (channels),
              r != NULL ? (int) cw_contact_record_get_channel (r) : -1);
  fill_combo (self->device_row, choose, device_title, devices, G_N_ELEMENTS (devices),
              r != NULL ? (int) cw_contact_record_get_device (r) : -1);
  fill_combo (self->initiator_row, choose, initiator_title, initiators,
              G_N_ELEMENTS (initiators), r != NULL ? (int) cw_contact_record_get_initiator (r)
                                                   : -1);
  fill_combo (self->purpose_row, choose, purpose_title, purposes, G_N_ELEMENTS (purposes),
              r != NULL ? (int) cw_contact_record_get_purpose (r) : -1);
  fill_approvals (self);

  gtk_widget_set_visible (self->chronology_group,
                          r == NULL &&
                          cw_session_can (self->session, CW_PERMISSION_RECORD_CASE_NOTES));
  gtk_widget_set_visible (self->correction_group, r != NULL);

  if (r == NULL)
    {
      adw_window_title_set_title (self->window_title, _("Record a Contact"));
      gtk_window_set_title (GTK_WINDOW (self), _("Record a Contact"));
      gtk_button_set_label (self->save_button, _("_Record"));
    }
  else
    {
      g_autofree char *date = cw_date_format_short (cw_contact_record_get_date (r));
      g_autofree char *time = g_strdup_printf ("%02d:%02d", cw_contact_record_get_hour (r),
                                               cw_contact_record_get_minute (r));
      g_autofree char *subtitle = g_strdup_printf (_("Version %d"),
                                                   cw_contact_record_get_version (r));

      adw_window_title_set_title (self->window_title, _("Correct a Contact"));
      adw_window_title_set_subtitle (self->window_title, subtitle);
      gtk_window_set_title (GTK_WINDOW (self), _("Correct a Contact"));
      gtk_button_set_label (self->save_button, _("_Save Correction"));

      gtk_editable_set_text (GTK_EDITABLE (self->date_row), date);
      if (cw_contact_record_get_hour (r) >= 0)
        gtk_editable_set_text (GTK_EDITABLE (self->time_row), time);
      cw_contact_child_picker_set_child_id (CW_CONTACT_CHILD_PICKER (self->child_picker),
                                            cw_contact_record_get_child_id (r));
      gtk_editable_set_text (GTK_EDITABLE (self->party_name_row),
                             cw_contact_record_get_other_party_name (r) != NULL
                             ? cw_contact_record_get_other_party_name (r) : "");
      gtk_editable_set_text (GTK_EDITABLE (self->witness_row),
                             cw_contact_record_get_witness (r) != NULL
                             ? cw_contact_record_get_witness (r) : "");
      gtk_switch_set_active (self->planned_switch, cw_contact_record_get_planned (r));
      set_text_view (self->summary_view, cw_contact_record_get_summary (r));
      set_text_view (self->follow_up_view, cw_contact_record_get_follow_up (r));
      gtk_widget_set_visible (GTK_WIDGET (self->approval_row),
                              cw_contact_record_get_purpose (r) == CW_CONTACT_PURPOSE_SOCIAL);
    }

  self->filling = FALSE;

  g_free (self->snapshot);
  self->snapshot = form_snapshot (self);
  validate (self);
}

static void
save_button_clicked_cb (CwContactEditor *self)
{
  g_autofree char *problem = validation_problem (self);
  g_autoptr(CwContactRecord) record = NULL;
  g_autoptr(CwContactRecord) stored = NULL;
  g_autoptr(GError) error = NULL;

  if (problem != NULL)
    {
      /* Nothing is cleared: the sentence says what to put right. */
      show_error (self, problem);
      return;
    }

  record = form_record (self);
  if (self->original == NULL)
    stored = cw_contact_register_record (self->contacts, record, &error);
  else
    stored = cw_contact_register_correct (self->contacts,
                                          cw_contact_record_get_id (self->original), record,
                                          row_text (self->reason_row), &error);

  if (stored == NULL)
    {
      show_error (self, error != NULL ? error->message
                                      : _("The contact could not be recorded."));
      return;
    }

  show_error (self, NULL);
  self->close_confirmed = TRUE;
  g_signal_emit (self, signals[SAVED], 0, cw_contact_record_get_id (stored));
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
form_changed_cb (CwContactEditor *self)
{
  if (gtk_widget_get_visible (self->error_box))
    {
      g_autofree char *problem = validation_problem (self);

      /* The red sentence goes once what it asked for is put right, and
       * otherwise says what is still wrong. */
      if (problem == NULL)
        show_error (self, NULL);
      else
        gtk_label_set_text (self->error_label, problem);
    }
  validate (self);
}

static gboolean
close_confirmed_cb (gpointer user_data)
{
  CwContactEditor *self = user_data;

  if (!self->disposed)
    gtk_window_destroy (GTK_WINDOW (self));

  return G_SOURCE_REMOVE;
}

static void
discard_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     CwContactEditor  *self)
{
  if (g_strcmp0 (response, "discard") != 0)
    return;

  self->close_confirmed = TRUE;
  g_idle_add_full (G_PRIORITY_DEFAULT, close_confirmed_cb, g_object_ref (self), g_object_unref);
}

static gboolean
cw_contact_editor_close_request (GtkWindow *window)
{
  CwContactEditor *self = CW_CONTACT_EDITOR (window);
  AdwMessageDialog *dialog;

  if (self->close_confirmed || self->snapshot == NULL ||
      (!form_changed (self) && is_blank (row_text (self->reason_row))))
    return GTK_WINDOW_CLASS (cw_contact_editor_parent_class)->close_request (window);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, NULL, NULL));
  adw_message_dialog_set_heading (dialog, self->original == NULL
                                          ? _("Discard the Contact?")
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
cw_contact_editor_dispose (GObject *object)
{
  CwContactEditor *self = CW_CONTACT_EDITOR (object);

  self->disposed = TRUE;
  gtk_widget_dispose_template (GTK_WIDGET (self), CW_TYPE_CONTACT_EDITOR);
  self->child_picker = NULL;

  if (self->approvals != NULL)
    g_ptr_array_set_size (self->approvals, 0);
  g_clear_object (&self->original);
  g_clear_object (&self->contacts);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (cw_contact_editor_parent_class)->dispose (object);
}

static void
cw_contact_editor_finalize (GObject *object)
{
  CwContactEditor *self = CW_CONTACT_EDITOR (object);

  g_clear_pointer (&self->approvals, g_ptr_array_unref);
  g_clear_pointer (&self->snapshot, g_free);

  G_OBJECT_CLASS (cw_contact_editor_parent_class)->finalize (object);
}

static void
cw_contact_editor_class_init (CwContactEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = cw_contact_editor_dispose;
  object_class->finalize = cw_contact_editor_finalize;
  window_class->close_request = cw_contact_editor_close_request;

  /**
   * CwContactEditor::saved:
   * @contact_id: the contact's id
   *
   * The contact (or its correction) was stored; the editor closes next.
   */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/casework/Casework/"
                                               "cw-contact-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CwContactEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, CwContactEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, CwContactEditor, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, CwContactEditor, error_box);
  gtk_widget_class_bind_template_child (widget_class, CwContactEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, CwContactEditor, validation_box);
  gtk_widget_class_bind_template_child (widget_class, CwContactEditor, validation_label);
  gtk_widget_class_bind_template_child (widget_class, CwContactEditor, correction_group);
  gtk_widget_class_bind_template_child (widget_class, CwContactEditor, reason_row);
  gtk_widget_class_bind_template_child (widget_class, CwContactEditor, date_row);
  gtk_widget_class_bind_template_child (widget_class, CwContactEditor, time_row);
  gtk_widget_class_bind_template_child (widget_class, CwContactEditor, when_feedback_label);
  gtk_widget_class_bind_template_child (widget_class, CwContactEditor, child_row);
  gtk_widget_class_bind_template_child (widget_class, CwContactEditor, party_row);
  gtk_widget_class_bind_template_child (widget_class, CwContactEditor, party_name_row);
  gtk_widget_class_bind_template_child (widget_class, CwContactEditor, witness_row);
  gtk_widget_class_bind_template_child (widget_class, CwContactEditor, channel_row);
  gtk_widget_class_bind_template_child (widget_class, CwContactEditor, device_row);
  gtk_widget_class_bind_template_child (widget_class, CwContactEditor, initiator_row);
  gtk_widget_class_bind_template_child (widget_class, CwContactEditor, planned_switch);
  gtk_widget_class_bind_template_child (widget_class, CwContactEditor, purpose_row);
  gtk_widget_class_bind_template_child (widget_class, CwContactEditor, approval_row);
  gtk_widget_class_bind_template_child (widget_class, CwContactEditor, summary_view);
  gtk_widget_class_bind_template_child (widget_class, CwContactEditor, follow_up_view);
  gtk_widget_class_bind_template_child (widget_class, CwContactEditor, flags_box);
  gtk_widget_class_bind_template_child (widget_class, CwContactEditor, chronology_group);
  gtk_widget_class_bind_template_child (widget_class, CwContactEditor, chronology_switch);
  gtk_widget_class_bind_template_callback (widget_class, save_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cw_contact_editor_init (CwContactEditor *self)
{
  self->approvals = g_ptr_array_new_with_free_func (g_object_unref);

  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
cw_contact_editor_new (CwSession         *session,
                       CwContactRegister *contacts,
                       CwContactRecord   *correct_or_null,
                       GtkWindow         *parent)
{
  CwContactEditor *self;

  g_return_val_if_fail (CW_IS_SESSION (session), NULL);
  g_return_val_if_fail (CW_IS_CONTACT_REGISTER (contacts), NULL);
  g_return_val_if_fail (correct_or_null == NULL || CW_IS_CONTACT_RECORD (correct_or_null),
                        NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (CW_TYPE_CONTACT_EDITOR, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->contacts = g_object_ref (contacts);
  if (correct_or_null != NULL)
    self->original = cw_contact_record_copy (correct_or_null);
  cw_contact_register_get_working_hours (contacts, &self->hours);

  self->child_picker = cw_contact_child_picker_new (session);
  gtk_widget_set_name (self->child_picker, "child_picker");
  gtk_widget_set_valign (self->child_picker, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (self->child_row, self->child_picker);
  g_signal_connect_object (self->child_picker, "notify::child-id",
                           G_CALLBACK (form_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->summary_view), "changed",
                           G_CALLBACK (form_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->follow_up_view), "changed",
                           G_CALLBACK (form_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->date_row),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  self->when_feedback_label, NULL, -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->time_row),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  self->when_feedback_label, NULL, -1);

  fill_form (self);

  if (parent != NULL)
    g_signal_connect_object (parent, "destroy", G_CALLBACK (gtk_window_destroy), self,
                             G_CONNECT_SWAPPED);

  return GTK_WIDGET (self);
}
