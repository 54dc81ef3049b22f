/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-contact-editor"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "cw-contact-editor.h"
#include "cw-form.h"
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

/* The child picker the contacts page uses: a CwChildChooser ------------- */

GtkWidget *
cw_contact_child_picker_new (CwSession *session)
{
  GtkWidget *chooser = cw_child_chooser_new (session, _("No child"));

  cw_child_chooser_set_show_reference (CW_CHILD_CHOOSER (chooser), TRUE);
  return chooser;
}

gint64
cw_contact_child_picker_get_child_id (CwContactChildPicker *self)
{
  return cw_child_chooser_get_child_id (self);
}

void
cw_contact_child_picker_set_child_id (CwContactChildPicker *self,
                                      gint64                child_id)
{
  cw_child_chooser_set_stored_child (self, MAX (child_id, 0), NULL);
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

  CwChildChooser      *child_chooser;

  CwSession           *session;
  CwContactRegister   *contacts;
  CwContactRecord     *original;      /* the version being corrected; NULL when new */
  GPtrArray           *approvals;     /* CwContactApproval per approval_row item after 0 */
  CwWorkingHours       hours;
  char                *snapshot;
  gboolean             filling;
};

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CwContactEditor, cw_contact_editor, ADW_TYPE_WINDOW)

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
  return cw_child_chooser_get_child_id (self->child_chooser);
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

  if (cw_form_row_is_blank (self->date_row))
    return g_strdup (_("Type the date of the contact."));

  if (!cw_date_parse (cw_form_row_text (self->date_row), &today, _("The date of the contact"),
                      date, &error))
    return g_strdup (error->message);

  if (cw_form_row_is_blank (self->time_row))
    return g_strdup (_("Type the time of the contact."));

  if (!cw_form_parse_time (cw_form_row_text (self->time_row), hour, minute, &error))
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
  g_autofree char *summary = cw_form_text_view_text (self->summary_view);
  g_autofree char *follow_up = cw_form_text_view_text (self->follow_up_view);
  CwContactApproval *approval = form_approval (self);

  return g_strdup_printf ("%s\x1f%s\x1f%" G_GINT64_FORMAT "\x1f%d\x1f%s\x1f%s\x1f%d\x1f%d"
                          "\x1f%d\x1f%d\x1f%d\x1f%" G_GINT64_FORMAT "\x1f%s\x1f%s\x1f%d",
                          cw_form_row_text (self->date_row), cw_form_row_text (self->time_row),
                          form_child_id (self), combo_choice (self->party_row),
                          cw_form_row_text (self->party_name_row),
                          cw_form_row_text (self->witness_row),
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
  g_autofree char *summary = cw_form_text_view_text (self->summary_view);
  g_autofree char *follow_up = cw_form_text_view_text (self->follow_up_view);
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
  cw_contact_record_set_other_party_name (record, cw_form_row_text (self->party_name_row));
  cw_contact_record_set_witness (record, cw_form_row_text (self->witness_row));
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
  g_autofree char *summary = cw_form_text_view_text (self->summary_view);
  char *problem;
  GDate date;
  int hour, minute;

  if (self->original != NULL && cw_form_row_is_blank (self->reason_row))
    return g_strdup (_("Give the reason for the correction."));

  if ((problem = when_problem (self, &date, &hour, &minute)) != NULL)
    return problem;

  if (combo_choice (self->party_row) < 0)
    return g_strdup (_("Say who the contact was with: the child, a parent or carer, or "
                       "another person."));

  if (cw_form_row_is_blank (self->party_name_row) &&
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

  if (cw_form_is_blank (summary))
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
  gtk_box_append (self->flags_box,
                  cw_flag_line_new (cw_contact_flag_get_title (flag),
                                    cw_contact_flag_get_explanation (flag),
                                    flag == CW_CONTACT_FLAG_NOT_REVIEWED ? CW_BADGE_NEUTRAL
                                                                         : CW_BADGE_WARNING,
                                    extra));
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

  if (cw_form_row_is_blank (self->date_row) && cw_form_row_is_blank (self->time_row))
    {
      gtk_widget_set_visible (label, FALSE);
      return;
    }

  problem = when_problem (self, &date, &hour, &minute);
  if (problem != NULL)
    {
      GDate ignored;
      gboolean date_ok = cw_date_parse (cw_form_row_text (self->date_row), NULL, NULL, &ignored,
                                        NULL);

      /* Blank rows still to be filled are not errors yet. */
      if ((cw_form_row_is_blank (self->time_row) && date_ok) ||
          cw_form_row_is_blank (self->date_row))
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
  cw_form_show_problem (self->error_box, self->error_label, sentence, NULL);
  if (sentence != NULL)
    gtk_widget_set_visible (self->validation_box, FALSE);
}

static void
fill_combo (AdwComboRow *row,
            const char  *first,
            const char  *(*title) (int),
            const int   *values,
            guint        n_values,
            int          selected_value)
{
  g_autofree const char **titles = g_new0 (const char *, n_values + 1);
  guint selected = 0;

  titles[0] = first;
  for (guint i = 0; i < n_values; i++)
    {
      titles[i + 1] = title (values[i]);
      if (values[i] == selected_value)
        selected = i + 1;
    }

  cw_form_combo_set_titles (row, titles, n_values + 1, selected);
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

  cw_form_combo_set_model (self->approval_row, titles, selected);
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
      cw_child_chooser_set_stored_child (self->child_chooser, cw_contact_record_get_child_id (r),
                                         cw_contact_record_get_child_name (r));
      gtk_editable_set_text (GTK_EDITABLE (self->party_name_row),
                             cw_contact_record_get_other_party_name (r) != NULL
                             ? cw_contact_record_get_other_party_name (r) : "");
      gtk_editable_set_text (GTK_EDITABLE (self->witness_row),
                             cw_contact_record_get_witness (r) != NULL
                             ? cw_contact_record_get_witness (r) : "");
      gtk_switch_set_active (self->planned_switch, cw_contact_record_get_planned (r));
      cw_form_set_text_view_text (self->summary_view, cw_contact_record_get_summary (r));
      cw_form_set_text_view_text (self->follow_up_view, cw_contact_record_get_follow_up (r));
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
                                          cw_form_row_text (self->reason_row), &error);

  if (stored == NULL)
    {
      show_error (self, error != NULL ? error->message
                                      : _("The contact could not be recorded."));
      return;
    }

  show_error (self, NULL);
  g_signal_emit (self, signals[SAVED], 0, cw_contact_record_get_id (stored));
  cw_form_close (GTK_WINDOW (self));
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
cw_contact_editor_close_request (GtkWindow *window)
{
  CwContactEditor *self = CW_CONTACT_EDITOR (window);

  if (cw_form_may_close (window) || self->snapshot == NULL ||
      (!form_changed (self) && cw_form_row_is_blank (self->reason_row)))
    return GTK_WINDOW_CLASS (cw_contact_editor_parent_class)->close_request (window);

  return cw_form_ask_discard (window, self->original == NULL ? _("Discard the Contact?")
                                                             : _("Discard the Correction?"));
}

static void
cw_contact_editor_dispose (GObject *object)
{
  CwContactEditor *self = CW_CONTACT_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CW_TYPE_CONTACT_EDITOR);
  self->child_chooser = NULL;

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

  self = g_object_new (CW_TYPE_CONTACT_EDITOR, NULL);
  cw_form_set_parent (GTK_WINDOW (self), parent);
  self->session = g_object_ref (session);
  self->contacts = g_object_ref (contacts);
  if (correct_or_null != NULL)
    self->original = cw_contact_record_copy (correct_or_null);
  cw_contact_register_get_working_hours (contacts, &self->hours);

  self->child_chooser = CW_CHILD_CHOOSER (cw_child_chooser_new (session, _("No child")));
  gtk_widget_set_name (GTK_WIDGET (self->child_chooser), "child_chooser");
  gtk_widget_set_valign (GTK_WIDGET (self->child_chooser), GTK_ALIGN_CENTER);
  cw_child_chooser_set_show_reference (self->child_chooser, TRUE);
  adw_action_row_add_suffix (self->child_row, GTK_WIDGET (self->child_chooser));
  g_signal_connect_object (self->child_chooser, "changed",
                           G_CALLBACK (form_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->summary_view), "changed",
                           G_CALLBACK (form_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->follow_up_view), "changed",
                           G_CALLBACK (form_changed_cb), self, G_CONNECT_SWAPPED);

  cw_form_describe_with (GTK_WIDGET (self->date_row), self->when_feedback_label);
  cw_form_describe_with (GTK_WIDGET (self->time_row), self->when_feedback_label);

  fill_form (self);

  return GTK_WIDGET (self);
}
