/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-child-editor"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "core/cw-child-repository.h"
#include "cw-child-editor.h"
#include "cw-form.h"
#include "cw-register-ui.h"

/* The earliest year the core accepts for a date of birth. */

/* Positions in dob_precision_row. */
enum {
  PRECISION_EXACT,
  PRECISION_APPROXIMATE,
  PRECISION_UNKNOWN,
};

/* One adult's rows in the form. */
typedef struct
{
  gint64     id;               /* 0 for one added here */
  GtkWidget *expander;         /* AdwExpanderRow in adults_list */
  GtkWidget *name_row;
  GtkWidget *relationship_row;
  GtkWidget *responsibility_switch;
  GtkWidget *contact_view;
} AdultForm;

struct _CwChildEditor
{
  AdwWindow            parent_instance;

  AdwWindowTitle      *window_title;
  GtkButton           *save_button;
  GtkWidget           *error_box;
  GtkLabel            *error_label;
  GtkWidget           *validation_box;
  GtkLabel            *validation_label;
  AdwEntryRow         *case_reference_row;
  AdwEntryRow         *given_names_row;
  AdwEntryRow         *family_name_row;
  AdwEntryRow         *preferred_name_row;
  AdwComboRow         *dob_precision_row;
  AdwEntryRow         *dob_row;
  GtkLabel            *dob_feedback_label;
  AdwEntryRow         *gender_row;
  AdwEntryRow         *ethnicity_row;
  AdwEntryRow         *first_language_row;
  AdwEntryRow         *religion_row;
  AdwEntryRow         *disability_row;
  AdwComboRow         *legal_status_row;
  AdwComboRow         *allocated_worker_row;
  GtkListBox          *adults_list;

  CwSession           *session;
  CwChild             *child;          /* the stored record; NULL when new */
  CwChildRepository   *children;
  GArray              *worker_ids;     /* gint64 per allocated_worker_row item */
  GPtrArray           *adults;         /* AdultForm */
  char                *snapshot;       /* the form as first filled */
  gboolean             filling;
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_CHILD,
  N_PROPS
};

enum {
  SAVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CwChildEditor, cw_child_editor, ADW_TYPE_WINDOW)

static void validate (CwChildEditor *self);

static guint
precision_position (CwChildEditor *self)
{
  return adw_combo_row_get_selected (self->dob_precision_row);
}

static const char *
form_legal_status (CwChildEditor *self)
{
  const char * const *all = cw_legal_status_all ();
  guint selected = adw_combo_row_get_selected (self->legal_status_row);

  /* Item 0 is "Choose…". */
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return NULL;

  for (guint i = 0; all[i] != NULL; i++)
    if (i + 1 == selected)
      return all[i];

  return NULL;
}

static gint64
form_worker_id (CwChildEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->allocated_worker_row);

  if (self->worker_ids == NULL || selected >= self->worker_ids->len)
    return 0;

  return g_array_index (self->worker_ids, gint64, selected);
}

/* Everything on the form as one string, to tell whether anything changed. */
static char *
form_snapshot (CwChildEditor *self)
{
  GString *snapshot = g_string_new (NULL);
  gpointer rows[] = {
    self->case_reference_row, self->given_names_row, self->family_name_row,
    self->preferred_name_row, self->dob_row, self->gender_row, self->ethnicity_row,
    self->first_language_row, self->religion_row, self->disability_row,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    g_string_append_printf (snapshot, "%s\x1f", cw_form_row_text (rows[i]));

  g_string_append_printf (snapshot, "%u\x1f%s\x1f%" G_GINT64_FORMAT "\x1f",
                          precision_position (self),
                          form_legal_status (self) != NULL ? form_legal_status (self) : "",
                          form_worker_id (self));

  for (guint i = 0; i < self->adults->len; i++)
    {
      AdultForm *adult = g_ptr_array_index (self->adults, i);
      g_autofree char *contact = cw_form_text_view_text (GTK_TEXT_VIEW (adult->contact_view));

      g_string_append_printf (snapshot, "%" G_GINT64_FORMAT "\x1e%s\x1e%s\x1e%d\x1e%s\x1f",
                              adult->id, cw_form_row_text (adult->name_row),
                              cw_form_row_text (adult->relationship_row),
                              gtk_switch_get_active (GTK_SWITCH (adult->responsibility_switch)),
                              contact);
    }

  return g_string_free (snapshot, FALSE);
}

static gboolean
form_changed (CwChildEditor *self)
{
  g_autofree char *now = form_snapshot (self);

  return g_strcmp0 (now, self->snapshot) != 0;
}

/* Reads the date of birth row. FALSE with a sentence when it is not a
 * date of birth. */
static gboolean
form_date_of_birth (CwChildEditor  *self,
                    GDate          *date_out,
                    GError        **error)
{
  GDate on;

  cw_date_today (&on);
  return cw_child_editor_parse_date (cw_form_row_text (self->dob_row), &on, date_out, error);
}

/* The date row's own line: the problem with what is typed, or the date
 * read back in words so that a slip (month and day swapped) is seen. */
static void
update_dob_feedback (CwChildEditor *self)
{
  GtkWidget *row = GTK_WIDGET (self->dob_row);
  g_autoptr(GError) error = NULL;
  GDate date;

  if (precision_position (self) == PRECISION_UNKNOWN || cw_form_row_is_blank (self->dob_row))
    cw_form_set_feedback (self->dob_feedback_label, row, NULL, FALSE);
  else if (!form_date_of_birth (self, &date, &error))
    cw_form_set_feedback (self->dob_feedback_label, row, error->message, TRUE);
  else
    {
      g_autofree char *words = cw_date_format_long (&date);
      g_autofree char *text = NULL;

      if (precision_position (self) == PRECISION_APPROXIMATE)
        /* TRANSLATORS: an approximate date of birth, read back: "Born about 14 March 2015." */
        text = g_strdup_printf (_("Born about %s."), words);
      else
        /* TRANSLATORS: a date of birth, read back: "Born on 14 March 2015." */
        text = g_strdup_printf (_("Born on %s."), words);
      cw_form_set_feedback (self->dob_feedback_label, row, text, FALSE);
    }
}

/* The first reason the form cannot be saved, or NULL when it can. */
static char *
validation_problem (CwChildEditor *self)
{
  if (cw_form_row_is_blank (self->case_reference_row))
    return g_strdup (_("Type the child’s case reference."));

  if (cw_form_row_is_blank (self->given_names_row))
    return g_strdup (_("Type the child’s given names."));

  if (cw_form_row_is_blank (self->family_name_row))
    return g_strdup (_("Type the child’s family name."));

  if (precision_position (self) != PRECISION_UNKNOWN)
    {
      GDate date;

      if (cw_form_row_is_blank (self->dob_row))
        return g_strdup (_("Type the date of birth, or choose “Unknown” if nobody knows it."));

      if (!form_date_of_birth (self, &date, NULL))
        return g_strdup (_("Correct the date of birth: the problem is shown below it."));
    }

  if (form_legal_status (self) == NULL)
    return g_strdup (_("Choose the child’s legal status."));

  if (form_worker_id (self) <= 0)
    return g_strdup (_("Choose the allocated worker."));

  for (guint i = 0; i < self->adults->len; i++)
    {
      AdultForm *adult = g_ptr_array_index (self->adults, i);

      if (cw_form_row_is_blank (adult->name_row))
        return g_strdup (_("Type the name of each adult around the child, or remove the "
                           "adult with no name."));
    }

  if (self->child != NULL && !form_changed (self))
    return g_strdup (_("Nothing has been changed yet."));

  return NULL;
}

static void
validate (CwChildEditor *self)
{
  g_autofree char *problem = NULL;

  if (self->filling)
    return;

  update_dob_feedback (self);

  problem = validation_problem (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), problem == NULL);

  /* Why Save cannot be pressed yet, where it is seen first. */
  gtk_label_set_text (self->validation_label, problem != NULL ? problem : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->save_button), problem);
  gtk_widget_set_visible (self->validation_box, problem != NULL);
}

static void
update_adult_title (AdultForm *adult)
{
  const char *name = cw_form_row_text (adult->name_row);
  const char *relationship = cw_form_row_text (adult->relationship_row);
  gboolean responsible = gtk_switch_get_active (GTK_SWITCH (adult->responsibility_switch));
  g_autofree char *subtitle = NULL;
  g_autofree char *title = NULL;

  title = cw_form_is_blank (name) ? g_strdup (_("New adult")) : g_markup_escape_text (name, -1);

  if (!cw_form_is_blank (relationship) && responsible)
    {
      g_autofree char *escaped = g_markup_escape_text (relationship, -1);

      /* TRANSLATORS: "Mother · parental responsibility" */
      subtitle = g_strdup_printf (_("%s · parental responsibility"), escaped);
    }
  else if (!cw_form_is_blank (relationship))
    subtitle = g_markup_escape_text (relationship, -1);
  else if (responsible)
    subtitle = g_strdup (_("Parental responsibility"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (adult->expander), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (adult->expander),
                                 subtitle != NULL ? subtitle : "");
}

static void
adult_changed_cb (CwChildEditor *self)
{
  for (guint i = 0; i < self->adults->len; i++)
    update_adult_title (g_ptr_array_index (self->adults, i));

  validate (self);
}

static void
remove_adult_button_clicked_cb (GtkButton     *button,
                                CwChildEditor *self)
{
  GtkWidget *expander = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_EXPANDER_ROW);

  for (guint i = 0; i < self->adults->len; i++)
    {
      AdultForm *adult = g_ptr_array_index (self->adults, i);

      if (adult->expander != expander)
        continue;

      gtk_list_box_remove (self->adults_list, adult->expander);
      g_ptr_array_remove_index (self->adults, i);
      break;
    }

  validate (self);
}

static GtkWidget *
adult_entry_row (const char *title,
                 const char *name,
                 const char *text)
{
  GtkWidget *row = adw_entry_row_new ();

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  cw_form_set_row_text (row, text);

  return row;
}

/* The rows for one adult, added to the list and expanded. */
static AdultForm *
add_adult (CwChildEditor      *self,
           const CwChildAdult *stored,
           gboolean            expanded)
{
  AdultForm *adult = g_new0 (AdultForm, 1);
  GtkWidget *row, *box, *label, *frame, *button;
  GtkTextBuffer *buffer;

  adult->id = stored != NULL ? stored->id : 0;

  adult->expander = adw_expander_row_new ();
  gtk_widget_set_name (adult->expander, "adult_row");
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (adult->expander), FALSE);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (adult->expander), expanded);

  adult->name_row = adult_entry_row (_("Name"), "adult_name_row",
                                     stored != NULL ? stored->name : NULL);
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (adult->name_row), GTK_INPUT_PURPOSE_NAME);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (adult->expander), adult->name_row);

  adult->relationship_row = adult_entry_row (_("Relationship to the child"),
                                             "adult_relationship_row",
                                             stored != NULL ? stored->relationship : NULL);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (adult->expander), adult->relationship_row);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Parental responsibility"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("Holds parental responsibility for the child in law"));
  adult->responsibility_switch = gtk_switch_new ();
  gtk_widget_set_name (adult->responsibility_switch, "adult_responsibility_switch");
  gtk_widget_set_valign (adult->responsibility_switch, GTK_ALIGN_CENTER);
  gtk_switch_set_active (GTK_SWITCH (adult->responsibility_switch),
                         stored != NULL && stored->parental_responsibility);
  gtk_accessible_update_property (GTK_ACCESSIBLE (adult->responsibility_switch),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Parental responsibility"),
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), adult->responsibility_switch);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), adult->responsibility_switch);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (adult->expander), row);

  /* Contact details: several lines (address, telephone, email). */
  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 12);
  label = gtk_label_new (_("Contact details"));
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  adult->contact_view = gtk_text_view_new ();
  gtk_widget_set_name (adult->contact_view, "adult_contact_view");
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (adult->contact_view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (adult->contact_view), FALSE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (adult->contact_view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (adult->contact_view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (adult->contact_view), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (adult->contact_view), 6);
  gtk_widget_set_size_request (adult->contact_view, -1, 72);
  gtk_accessible_update_property (GTK_ACCESSIBLE (adult->contact_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Contact details"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Address, telephone numbers and email, one to a line"),
                                  -1);
  gtk_widget_set_tooltip_text (adult->contact_view,
                               _("Address, telephone numbers and email, one to a line"));
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (adult->contact_view));
  gtk_text_buffer_set_text (buffer, stored != NULL ? stored->contact_details : "", -1);
  frame = gtk_frame_new (NULL);
  gtk_frame_set_child (GTK_FRAME (frame), adult->contact_view);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), frame);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (adult->expander), row);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  button = gtk_button_new_with_mnemonic (_("_Remove This Adult"));
  gtk_widget_set_name (button, "adult_remove_button");
  gtk_widget_set_halign (button, GTK_ALIGN_END);
  gtk_widget_set_margin_start (button, 12);
  gtk_widget_set_margin_end (button, 12);
  gtk_widget_set_margin_top (button, 8);
  gtk_widget_set_margin_bottom (button, 8);
  gtk_widget_add_css_class (button, "destructive-action");
  gtk_widget_add_css_class (button, "flat");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), button);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (adult->expander), row);

  g_signal_connect_object (adult->name_row, "changed", G_CALLBACK (adult_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (adult->relationship_row, "changed", G_CALLBACK (adult_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adult->responsibility_switch, "notify::active",
                           G_CALLBACK (adult_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (buffer, "changed", G_CALLBACK (adult_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (button, "clicked", G_CALLBACK (remove_adult_button_clicked_cb),
                           self, 0);

  gtk_list_box_append (self->adults_list, adult->expander);
  g_ptr_array_add (self->adults, adult);
  update_adult_title (adult);

  return adult;
}

static void
fill_legal_statuses (CwChildEditor *self)
{
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);
  const char * const *all = cw_legal_status_all ();
  const char *current = self->child != NULL ? cw_child_get_legal_status (self->child) : NULL;
  guint selected = 0;

  gtk_string_list_append (titles, _("Choose…"));
  for (guint i = 0; all[i] != NULL; i++)
    {
      gtk_string_list_append (titles, cw_legal_status_get_title (all[i]));
      if (g_strcmp0 (all[i], current) == 0)
        selected = i + 1;
    }

  cw_form_combo_set_model (self->legal_status_row, titles, selected);
}

static gboolean
records_case_notes (CwStaffMember *member)
{
  return member != NULL && cw_staff_member_get_active (member) &&
         cw_permission_granted (cw_staff_member_get_roles (member),
                                CW_PERMISSION_RECORD_CASE_NOTES);
}

static gboolean
has_worker (CwChildEditor *self,
            gint64         id)
{
  for (guint i = 0; i < self->worker_ids->len; i++)
    if (g_array_index (self->worker_ids, gint64, i) == id)
      return TRUE;

  return FALSE;
}

static void
append_worker (CwChildEditor *self,
               GtkStringList *names,
               CwStaffMember *member,
               gint64         me_id)
{
  gint64 id = cw_staff_member_get_id (member);

  if (has_worker (self, id))
    return;

  if (id == me_id)
    {
      /* TRANSLATORS: the signed-in person in the list of workers: "Sam Patel (you)" */
      g_autofree char *label = g_strdup_printf (_("%s (you)"),
                                                cw_staff_member_get_display_name (member));

      gtk_string_list_append (names, label);
    }
  else
    {
      gtk_string_list_append (names, cw_staff_member_get_display_name (member));
    }

  g_array_append_val (self->worker_ids, id);
}

/*
 * Whom the signed-in person may allocate to (the core checks again):
 * themselves; a line manager also their team; a DSL anyone active who
 * records case notes. An existing record's worker stays on the list so
 * that saving other changes keeps them.
 */
static void
fill_workers (CwChildEditor *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  CwStaffRepository *staff = cw_session_get_staff_repository (self->session);
  CwStaffMember *me = cw_session_get_staff_member (self->session);
  gint64 me_id = me != NULL ? cw_staff_member_get_id (me) : 0;
  gint64 current = self->child != NULL ? cw_child_get_allocated_worker_id (self->child) : me_id;
  guint selected = 0;

  g_array_set_size (self->worker_ids, 0);

  if (me != NULL && cw_session_can (self->session, CW_PERMISSION_RECORD_CASE_NOTES))
    append_worker (self, names, me, me_id);

  if (staff != NULL && cw_session_can (self->session, CW_PERMISSION_VIEW_ALL_CHILDREN))
    {
      g_autoptr(GListModel) everyone = cw_staff_repository_list (staff);
      guint n = g_list_model_get_n_items (everyone);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(CwStaffMember) member = g_list_model_get_item (everyone, i);

          if (records_case_notes (member))
            append_worker (self, names, member, me_id);
        }
    }
  else if (staff != NULL && me != NULL &&
           cw_session_can (self->session, CW_PERMISSION_VIEW_TEAM_CHILDREN))
    {
      g_autoptr(GPtrArray) team = cw_staff_repository_list_team (staff, me_id, NULL);

      for (guint i = 0; team != NULL && i < team->len; i++)
        {
          CwStaffMember *member = g_ptr_array_index (team, i);

          if (records_case_notes (member))
            append_worker (self, names, member, me_id);
        }
    }

  if (current > 0 && !has_worker (self, current) && staff != NULL)
    {
      g_autoptr(CwStaffMember) worker = cw_staff_repository_lookup_by_id (staff, current, NULL);
      g_autofree char *label = NULL;

      if (worker != NULL && cw_staff_member_get_active (worker))
        label = g_strdup (cw_staff_member_get_display_name (worker));
      else if (worker != NULL)
        /* TRANSLATORS: an allocated worker whose account was deactivated */
        label = g_strdup_printf (_("%s (no longer works here)"),
                                 cw_staff_member_get_display_name (worker));
      else
        label = g_strdup (_("Unknown worker"));

      gtk_string_list_append (names, label);
      g_array_append_val (self->worker_ids, current);
    }

  for (guint i = 0; i < self->worker_ids->len; i++)
    if (g_array_index (self->worker_ids, gint64, i) == current)
      selected = i;

  adw_combo_row_set_expression (self->allocated_worker_row,
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL,
                                                             "string"));
  adw_combo_row_set_model (self->allocated_worker_row, G_LIST_MODEL (names));
  if (self->worker_ids->len > 0)
    adw_combo_row_set_selected (self->allocated_worker_row, selected);

  if (cw_session_can (self->session, CW_PERMISSION_VIEW_ALL_CHILDREN))
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->allocated_worker_row),
                                 _("Anyone who records case notes"));
  else if (cw_session_can (self->session, CW_PERMISSION_VIEW_TEAM_CHILDREN))
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->allocated_worker_row),
                                 _("You or someone you line-manage"));
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->allocated_worker_row),
                                 _("Ask your line manager or the Designated Safeguarding Lead "
                                   "to allocate to someone else"));
}

static void
fill_form (CwChildEditor *self)
{
  self->filling = TRUE;

  fill_legal_statuses (self);
  fill_workers (self);

  if (self->child == NULL)
    {
      adw_window_title_set_title (self->window_title, _("New Child Record"));
      gtk_window_set_title (GTK_WINDOW (self), _("New Child Record"));
      gtk_button_set_label (self->save_button, _("_Create"));
      adw_combo_row_set_selected (self->dob_precision_row, PRECISION_EXACT);
    }
  else
    {
      g_autofree char *name = cw_child_dup_display_name (self->child);
      const GDate *born = cw_child_get_date_of_birth (self->child);
      GPtrArray *stored_adults = cw_child_get_adults (self->child);

      adw_window_title_set_title (self->window_title, _("Edit Child Record"));
      adw_window_title_set_subtitle (self->window_title, name);
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Child Record"));
      gtk_button_set_label (self->save_button, _("_Save"));

      cw_form_set_row_text (self->case_reference_row, cw_child_get_case_reference (self->child));
      cw_form_set_row_text (self->given_names_row, cw_child_get_given_names (self->child));
      cw_form_set_row_text (self->family_name_row, cw_child_get_family_name (self->child));
      cw_form_set_row_text (self->preferred_name_row, cw_child_get_preferred_name (self->child));
      cw_form_set_row_text (self->gender_row, cw_child_get_gender (self->child));
      cw_form_set_row_text (self->ethnicity_row, cw_child_get_ethnicity (self->child));
      cw_form_set_row_text (self->first_language_row, cw_child_get_first_language (self->child));
      cw_form_set_row_text (self->religion_row, cw_child_get_religion (self->child));
      cw_form_set_row_text (self->disability_row, cw_child_get_disability (self->child));

      switch (cw_child_get_dob_precision (self->child))
        {
        case CW_DATE_APPROXIMATE:
          adw_combo_row_set_selected (self->dob_precision_row, PRECISION_APPROXIMATE);
          break;
        case CW_DATE_UNKNOWN:
          adw_combo_row_set_selected (self->dob_precision_row, PRECISION_UNKNOWN);
          break;
        case CW_DATE_EXACT:
        default:
          adw_combo_row_set_selected (self->dob_precision_row, PRECISION_EXACT);
          break;
        }

      if (born != NULL && g_date_valid (born) &&
          cw_child_get_dob_precision (self->child) != CW_DATE_UNKNOWN)
        {
          g_autofree char *text = g_strdup_printf ("%02u/%02u/%04u",
                                                   (guint) g_date_get_day (born),
                                                   (guint) g_date_get_month (born),
                                                   (guint) g_date_get_year (born));

          cw_form_set_row_text (self->dob_row, text);
        }

      for (guint i = 0; stored_adults != NULL && i < stored_adults->len; i++)
        add_adult (self, g_ptr_array_index (stored_adults, i), FALSE);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->dob_row),
                          precision_position (self) != PRECISION_UNKNOWN);

  self->filling = FALSE;

  g_free (self->snapshot);
  self->snapshot = form_snapshot (self);
  validate (self);
}

/* A CwChild holding what the form says. */
static CwChild *
form_child (CwChildEditor *self)
{
  g_autoptr(CwChild) child = self->child != NULL ? cw_child_copy (self->child) : cw_child_new ();
  guint precision = precision_position (self);
  GDate born;

  cw_child_set_case_reference (child, cw_form_row_text (self->case_reference_row));
  cw_child_set_given_names (child, cw_form_row_text (self->given_names_row));
  cw_child_set_family_name (child, cw_form_row_text (self->family_name_row));
  cw_child_set_preferred_name (child, cw_form_row_text (self->preferred_name_row));
  cw_child_set_gender (child, cw_form_row_text (self->gender_row));
  cw_child_set_ethnicity (child, cw_form_row_text (self->ethnicity_row));
  cw_child_set_first_language (child, cw_form_row_text (self->first_language_row));
  cw_child_set_religion (child, cw_form_row_text (self->religion_row));
  cw_child_set_disability (child, cw_form_row_text (self->disability_row));
  cw_child_set_legal_status (child, form_legal_status (self));
  cw_child_set_allocated_worker_id (child, form_worker_id (self));

  g_date_clear (&born, 1);
  if (precision == PRECISION_UNKNOWN)
    {
      cw_child_set_dob_precision (child, CW_DATE_UNKNOWN);
    }
  else
    {
      cw_child_set_dob_precision (child, precision == PRECISION_APPROXIMATE
                                         ? CW_DATE_APPROXIMATE : CW_DATE_EXACT);
      if (!form_date_of_birth (self, &born, NULL))
        g_date_clear (&born, 1);
    }
  cw_child_set_date_of_birth (child, &born);

  cw_child_clear_adults (child);
  for (guint i = 0; i < self->adults->len; i++)
    {
      AdultForm *form = g_ptr_array_index (self->adults, i);
      g_autofree char *contact = cw_form_text_view_text (GTK_TEXT_VIEW (form->contact_view));
      CwChildAdult *adult;

      adult = cw_child_adult_new (cw_form_row_text (form->name_row),
                                  cw_form_row_text (form->relationship_row),
                                  gtk_switch_get_active (GTK_SWITCH (form->responsibility_switch)),
                                  contact);
      adult->id = form->id;
      cw_child_add_adult (child, adult);
    }

  return g_steal_pointer (&child);
}

static void
save_button_clicked_cb (CwChildEditor *self)
{
  g_autofree char *problem = validation_problem (self);
  g_autoptr(CwChild) child = NULL;
  g_autoptr(CwChild) stored = NULL;
  g_autoptr(GError) error = NULL;
  gint64 child_id = 0;

  if (problem != NULL)
    return;

  child = form_child (self);

  if (self->child == NULL)
    {
      stored = cw_child_repository_create (self->children, child, &error);
      if (stored != NULL)
        child_id = cw_child_get_id (stored);
    }
  else if (cw_child_repository_update (self->children, child, &error))
    {
      child_id = cw_child_get_id (child);
    }

  /* Everything typed stays on the form when it could not be. */
  if (!cw_form_save_done (self->error_box, self->error_label, child_id > 0, error,
                          _("The child’s record could not be saved."),
                          g_error_matches (error, CW_CHILD_ERROR,
                                           CW_CHILD_ERROR_DUPLICATE_REFERENCE)
                          ? GTK_WIDGET (self->case_reference_row) : NULL))
    return;

  g_signal_emit (self, signals[SAVED], 0, child_id);
  cw_form_close (GTK_WINDOW (self));
}

static void
add_adult_button_clicked_cb (CwChildEditor *self)
{
  AdultForm *adult = add_adult (self, NULL, TRUE);

  validate (self);
  gtk_widget_grab_focus (adult->name_row);
}

static void
dob_precision_changed_cb (CwChildEditor *self)
{
  gboolean unknown = precision_position (self) == PRECISION_UNKNOWN;

  gtk_widget_set_visible (GTK_WIDGET (self->dob_row), !unknown);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->dob_row),
                                 precision_position (self) == PRECISION_APPROXIMATE
                                 ? _("Estimated date of birth (day/month/year)")
                                 : _("Date of birth (day/month/year)"));
  validate (self);
}

static void
form_changed_cb (CwChildEditor *self)
{
  validate (self);
}

/* Closing with changes not saved asks first: nothing typed is lost by a
 * slip of the Escape key. */
static gboolean
cw_child_editor_close_request (GtkWindow *window)
{
  CwChildEditor *self = CW_CHILD_EDITOR (window);

  if (cw_form_may_close (window) || !form_changed (self))
    return GTK_WINDOW_CLASS (cw_child_editor_parent_class)->close_request (window);

  return cw_form_ask_discard (window, self->child == NULL ? _("Discard the New Record?")
                                                          : _("Discard the Changes?"));
}

static void
cw_child_editor_constructed (GObject *object)
{
  CwChildEditor *self = CW_CHILD_EDITOR (object);
  GtkWidget *placeholder;

  G_OBJECT_CLASS (cw_child_editor_parent_class)->constructed (object);

  g_return_if_fail (CW_IS_SESSION (self->session));

  self->children = cw_child_repository_new (self->session);

  placeholder = gtk_label_new (_("No adults recorded yet."));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (self->adults_list, placeholder);

  /* The sentence under the date row is read with it. */
  cw_form_describe_with (GTK_WIDGET (self->dob_row), self->dob_feedback_label);

  fill_form (self);
}

static void
cw_child_editor_dispose (GObject *object)
{
  CwChildEditor *self = CW_CHILD_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CW_TYPE_CHILD_EDITOR);

  if (self->adults != NULL)
    g_ptr_array_set_size (self->adults, 0);
  g_clear_object (&self->children);
  g_clear_object (&self->child);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (cw_child_editor_parent_class)->dispose (object);
}

static void
cw_child_editor_finalize (GObject *object)
{
  CwChildEditor *self = CW_CHILD_EDITOR (object);

  g_clear_pointer (&self->adults, g_ptr_array_unref);
  g_clear_pointer (&self->worker_ids, g_array_unref);
  g_clear_pointer (&self->snapshot, g_free);

  G_OBJECT_CLASS (cw_child_editor_parent_class)->finalize (object);
}

static void
cw_child_editor_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CwChildEditor *self = CW_CHILD_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_CHILD:
      g_value_set_object (value, self->child);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cw_child_editor_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CwChildEditor *self = CW_CHILD_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_set_object (&self->session, g_value_get_object (value));
      break;
    case PROP_CHILD:
      g_clear_object (&self->child);
      if (g_value_get_object (value) != NULL)
        self->child = cw_child_copy (g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cw_child_editor_class_init (CwChildEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = cw_child_editor_constructed;
  object_class->dispose = cw_child_editor_dispose;
  object_class->finalize = cw_child_editor_finalize;
  object_class->get_property = cw_child_editor_get_property;
  object_class->set_property = cw_child_editor_set_property;
  window_class->close_request = cw_child_editor_close_request;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         CW_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHILD] =
    g_param_spec_object ("child", NULL, NULL,
                         CW_TYPE_CHILD,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CwChildEditor::saved:
   * @child_id: the id of the child's stored record
   *
   * The record was stored; the editor closes next.
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/casework/Casework/"
                                               "cw-child-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CwChildEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, CwChildEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, CwChildEditor, error_box);
  gtk_widget_class_bind_template_child (widget_class, CwChildEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, CwChildEditor, validation_box);
  gtk_widget_class_bind_template_child (widget_class, CwChildEditor, validation_label);
  gtk_widget_class_bind_template_child (widget_class, CwChildEditor, case_reference_row);
  gtk_widget_class_bind_template_child (widget_class, CwChildEditor, given_names_row);
  gtk_widget_class_bind_template_child (widget_class, CwChildEditor, family_name_row);
  gtk_widget_class_bind_template_child (widget_class, CwChildEditor, preferred_name_row);
  gtk_widget_class_bind_template_child (widget_class, CwChildEditor, dob_precision_row);
  gtk_widget_class_bind_template_child (widget_class, CwChildEditor, dob_row);
  gtk_widget_class_bind_template_child (widget_class, CwChildEditor, dob_feedback_label);
  gtk_widget_class_bind_template_child (widget_class, CwChildEditor, gender_row);
  gtk_widget_class_bind_template_child (widget_class, CwChildEditor, ethnicity_row);
  gtk_widget_class_bind_template_child (widget_class, CwChildEditor, first_language_row);
  gtk_widget_class_bind_template_child (widget_class, CwChildEditor, religion_row);
  gtk_widget_class_bind_template_child (widget_class, CwChildEditor, disability_row);
  gtk_widget_class_bind_template_child (widget_class, CwChildEditor, legal_status_row);
  gtk_widget_class_bind_template_child (widget_class, CwChildEditor, allocated_worker_row);
  gtk_widget_class_bind_template_child (widget_class, CwChildEditor, adults_list);
  gtk_widget_class_bind_template_callback (widget_class, save_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_adult_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, dob_precision_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cw_child_editor_init (CwChildEditor *self)
{
  self->worker_ids = g_array_new (FALSE, TRUE, sizeof (gint64));
  self->adults = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * cw_child_editor_new:
 * @session: the signed-in session (someone who records case notes)
 * @child_or_null: (nullable): the record to edit, with its adults (as
 *   cw_child_repository_open() or _lookup() give it), or %NULL for a new one
 * @parent: (nullable): the window the editor belongs to
 *
 * Returns: (transfer none): a new editor, not yet shown. It is owned by the
 *   toolkit's list of windows and destroys itself when closed.
 */
GtkWidget *
cw_child_editor_new (CwSession *session,
                     CwChild   *child_or_null,
                     GtkWindow *parent)
{
  CwChildEditor *self;

  g_return_val_if_fail (CW_IS_SESSION (session), NULL);
  g_return_val_if_fail (child_or_null == NULL || CW_IS_CHILD (child_or_null), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (CW_TYPE_CHILD_EDITOR,
                       "session", session,
                       "child", child_or_null,
                       "transient-for", parent,
                       NULL);

  /* Closed with its parent (not "destroy-with-parent": see CwStaffEditor). */
  if (parent != NULL)
    g_signal_connect_object (parent, "destroy", G_CALLBACK (gtk_window_destroy), self,
                             G_CONNECT_SWAPPED);

  return GTK_WIDGET (self);
}

/**
 * cw_child_editor_parse_date:
 * @text: what was typed: day, month and year ("14/03/2015")
 * @today: the day that counts as today (later dates are refused)
 * @date_out: (out): the date
 * @error: a sentence saying what is wrong
 *
 * Returns: whether @text is a real date of birth.
 */
gboolean
cw_child_editor_parse_date (const char   *text,
                            const GDate  *today_date,
                            GDate        *date_out,
                            GError      **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (today_date != NULL, FALSE);
  g_return_val_if_fail (date_out != NULL, FALSE);

  if (!cw_date_parse (text, today_date, _("A date of birth"), date_out, &local_error))
    {
      g_set_error_literal (error, CW_CHILD_ERROR, CW_CHILD_ERROR_INVALID, local_error->message);
      return FALSE;
    }

  return TRUE;
}
