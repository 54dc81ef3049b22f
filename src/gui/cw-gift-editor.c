/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-gift-editor"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "core/cw-staff-repository.h"
#include "cw-form.h"
#include "cw-gift-editor.h"
#include "cw-register-ui.h"

/* As the core: the organisation's defaults when a setting is missing. */
#define DEFAULT_THRESHOLD_PENCE 2500
#define DEFAULT_REPEAT_COUNT    3
#define DEFAULT_REPEAT_MONTHS   12
#define MAX_VALUE_PENCE         G_GINT64_CONSTANT (100000000)

/* Positions in direction_row: the same as CwGiftDirection. */

struct _CwGiftEditor
{
  AdwWindow            parent_instance;

  AdwWindowTitle      *window_title;
  GtkButton           *save_button;
  GtkWidget           *error_box;
  GtkLabel            *error_label;
  AdwEntryRow         *date_row;
  GtkLabel            *date_feedback_label;
  AdwComboRow         *direction_row;
  AdwEntryRow         *description_row;
  AdwEntryRow         *occasion_row;
  AdwEntryRow         *value_row;
  GtkLabel            *value_feedback_label;
  GtkSwitch           *cash_switch;
  GtkSwitch           *group_switch;
  AdwActionRow        *child_row;
  CwChildChooser      *child_chooser;
  AdwEntryRow         *family_name_row;
  AdwEntryRow         *relationship_row;
  GtkWidget           *given_group;
  GtkSwitch           *plan_switch;
  AdwEntryRow         *plan_name_row;
  AdwEntryRow         *plan_agreed_with_row;
  GtkSwitch           *same_to_all_switch;
  GtkWidget           *correction_group;
  AdwEntryRow         *reason_row;
  GtkBox              *flags_box;
  GtkLabel            *decision_label;
  GtkWidget           *flags_banner;
  GtkLabel            *flags_banner_label;

  CwSession           *session;
  CwGiftDeclaration   *gift;            /* the version corrected; NULL when new */
  CwGiftRegister      *gifts;

  char                *snapshot;        /* the form as first filled */
  char                *repeat_key;      /* what repeat_n was counted for */
  guint                repeat_n;

  gboolean             filling;
  gboolean             disposed;
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_GIFT,
  N_PROPS
};

enum {
  SAVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CwGiftEditor, cw_gift_editor, ADW_TYPE_WINDOW)

/* Helpers ----------------------------------------------------------------- */

static gint64
setting_int (CwGiftEditor *self,
             const char   *key,
             gint64        fallback)
{
  g_autofree char *text = cw_session_get_setting (self->session, key);
  gint64 value;
  char *end = NULL;

  if (text == NULL || *text == '\0')
    return fallback;

  value = g_ascii_strtoll (text, &end, 10);
  if (end == text || *end != '\0' || value < 0)
    return fallback;

  return value;
}

static gint64
form_child_id (CwGiftEditor *self)
{
  return cw_child_chooser_get_child_id (self->child_chooser);
}

static CwGiftDirection
form_direction (CwGiftEditor *self)
{
  return adw_combo_row_get_selected (self->direction_row) == CW_GIFT_GIVEN
         ? CW_GIFT_GIVEN : CW_GIFT_RECEIVED;
}

static gboolean
form_date (CwGiftEditor  *self,
           GDate         *date_out,
           GError       **error)
{
  GDate today;

  cw_date_today (&today);
  return cw_date_parse (cw_form_row_text (self->date_row), &today, _("The date of the gift"),
                        date_out, error);
}

static gboolean
form_value (CwGiftEditor  *self,
            gint64        *pence_out,
            GError       **error)
{
  return cw_gift_editor_parse_value (cw_form_row_text (self->value_row), pence_out, error);
}

/* Everything on the form as one string, to tell whether anything changed. */
static char *
form_snapshot (CwGiftEditor *self)
{
  GString *snapshot = g_string_new (NULL);
  gpointer rows[] = {
    self->date_row, self->description_row, self->occasion_row, self->value_row,
    self->family_name_row, self->relationship_row, self->plan_name_row,
    self->plan_agreed_with_row,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    g_string_append_printf (snapshot, "%s\x1f", cw_form_row_text (rows[i]));

  g_string_append_printf (snapshot, "%u\x1f%d\x1f%d\x1f%d\x1f%d\x1f%" G_GINT64_FORMAT,
                          (guint) form_direction (self),
                          gtk_switch_get_active (self->cash_switch),
                          gtk_switch_get_active (self->group_switch),
                          gtk_switch_get_active (self->plan_switch),
                          gtk_switch_get_active (self->same_to_all_switch),
                          form_child_id (self));

  return g_string_free (snapshot, FALSE);
}

static gboolean
form_changed (CwGiftEditor *self)
{
  g_autofree char *now = form_snapshot (self);

  return g_strcmp0 (now, self->snapshot) != 0 || !cw_form_row_is_blank (self->reason_row);
}

/* A declaration holding what the form says (the date and value only when
 * they can be read). */
static CwGiftDeclaration *
form_gift (CwGiftEditor *self)
{
  CwGiftDeclaration *gift = cw_gift_declaration_new ();
  CwGiftDirection direction = form_direction (self);
  gint64 pence = 0;
  GDate date;

  if (self->gift != NULL)
    cw_gift_declaration_set_id (gift, cw_gift_declaration_get_id (self->gift));

  if (form_date (self, &date, NULL))
    cw_gift_declaration_set_date (gift, &date);
  cw_gift_declaration_set_direction (gift, direction);
  cw_gift_declaration_set_child_id (gift, form_child_id (self));
  cw_gift_declaration_set_family_member_name (gift, cw_form_row_text (self->family_name_row));
  cw_gift_declaration_set_family_member_relationship (gift,
                                                      cw_form_row_text (self->relationship_row));
  cw_gift_declaration_set_description (gift, cw_form_row_text (self->description_row));
  if (form_value (self, &pence, NULL))
    cw_gift_declaration_set_value_pence (gift, pence);
  cw_gift_declaration_set_cash (gift, gtk_switch_get_active (self->cash_switch));
  cw_gift_declaration_set_group_collection (gift, gtk_switch_get_active (self->group_switch));
  cw_gift_declaration_set_occasion (gift, cw_form_row_text (self->occasion_row));

  if (direction == CW_GIFT_GIVEN)
    {
      gboolean plan = gtk_switch_get_active (self->plan_switch);
      const char *agreed_with = cw_form_row_text (self->plan_agreed_with_row);

      cw_gift_declaration_set_part_of_plan (gift, plan);
      cw_gift_declaration_set_plan_name (gift, plan ? cw_form_row_text (self->plan_name_row) : "");
      cw_gift_declaration_set_plan_agreed_with (gift, plan ? agreed_with : "");
      cw_gift_declaration_set_same_given_to_all (gift,
                                                 gtk_switch_get_active (self->same_to_all_switch));
    }

  return gift;
}

/* How many of my gifts with the same party and direction, this one
 * included, fall in its repeat window. Counted again only when the date,
 * direction or party change. */
static guint
count_in_window (CwGiftEditor      *self,
                 CwGiftDeclaration *gift,
                 guint              months)
{
  g_autofree char *date_text = cw_date_format_short (cw_gift_declaration_get_date (gift));
  g_autofree char *family = g_utf8_casefold (cw_gift_declaration_get_family_member_name (gift),
                                             -1);
  g_autofree char *key = NULL;
  g_autoptr(GListModel) mine = NULL;
  g_autoptr(GPtrArray) others = NULL;
  CwStaffMember *me = cw_session_get_staff_member (self->session);
  CwGiftFilter filter;
  guint n;

  key = g_strdup_printf ("%s|%d|%" G_GINT64_FORMAT "|%s|%u", date_text,
                         (int) cw_gift_declaration_get_direction (gift),
                         cw_gift_declaration_get_child_id (gift), family, months);
  if (g_strcmp0 (key, self->repeat_key) == 0)
    return self->repeat_n;

  cw_gift_filter_init (&filter);
  filter.staff_id = me != NULL ? cw_staff_member_get_id (me) : 0;
  cw_gift_window_start (cw_gift_declaration_get_date (gift), months, &filter.from);
  filter.to = *cw_gift_declaration_get_date (gift);

  /* Only my gifts in one window: a short list. */
  mine = cw_gift_register_list (self->gifts, &filter);
  n = g_list_model_get_n_items (mine);
  others = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (others, g_list_model_get_item (mine, i));

  g_free (self->repeat_key);
  self->repeat_key = g_steal_pointer (&key);
  self->repeat_n = cw_gift_count_in_window (gift, others, months);

  return self->repeat_n;
}

static void
add_flag_line (CwGiftEditor *self,
               CwGiftFlags   flag,
               const char   *extra)
{
  gtk_box_append (self->flags_box,
                  cw_flag_line_new (cw_gift_flag_get_title (flag),
                                    cw_gift_flag_get_explanation (flag),
                                    flag == CW_GIFT_FLAG_CASH ? CW_BADGE_ERROR : CW_BADGE_WARNING,
                                    extra));
}

static void
add_flags_text (CwGiftEditor *self,
                const char   *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_box_append (self->flags_box, label);
}

/* The flags the gift will raise, computed as the core will compute them. */
static void
update_flags (CwGiftEditor *self)
{
  static const CwGiftFlags all[] = {
    CW_GIFT_FLAG_OVER_THRESHOLD, CW_GIFT_FLAG_CASH, CW_GIFT_FLAG_REPEATED,
    CW_GIFT_FLAG_OUTSIDE_PLAN,
  };
  g_autoptr(CwGiftDeclaration) gift = NULL;
  gint64 threshold = setting_int (self, "gift-threshold-pence", DEFAULT_THRESHOLD_PENCE);
  gint64 repeat_count = setting_int (self, "gift-repeat-count", DEFAULT_REPEAT_COUNT);
  gint64 months = setting_int (self, "gift-repeat-months", DEFAULT_REPEAT_MONTHS);
  gboolean have_party;
  guint n_in_window = 1;
  CwGiftFlags flags;
  GDate date;
  gint64 pence;

  cw_box_remove_all (self->flags_box);
  gtk_widget_set_visible (self->flags_banner, FALSE);

  if (!form_date (self, &date, NULL) || !form_value (self, &pence, NULL))
    {
      add_flags_text (self, _("Once the date and the value are typed, this shows whether the "
                              "gift raises a flag."));
      return;
    }

  gift = form_gift (self);
  have_party = form_child_id (self) > 0 || !cw_form_row_is_blank (self->family_name_row);
  if (have_party)
    n_in_window = count_in_window (self, gift, (guint) CLAMP (months, 1, 1200));

  flags = cw_gift_compute_flags (gift, threshold, (guint) CLAMP (repeat_count, 1, 1000),
                                 n_in_window);
  if (flags == CW_GIFT_FLAG_NONE)
    {
      add_flags_text (self, _("This gift raises no flags."));
      return;
    }

  add_flags_text (self, _("This gift will be flagged:"));
  {
    g_autofree char *titles = cw_gift_flags_to_string (flags);
    /* TRANSLATORS: shown above the form: the flags' titles, "Over the threshold, Cash" */
    g_autofree char *banner = g_strdup_printf (_("This gift will be flagged: %s. Your line "
                                                 "manager will see why when they decide on "
                                                 "it."), titles);

    gtk_label_set_text (self->flags_banner_label, banner);
    gtk_widget_set_visible (self->flags_banner, TRUE);
  }
  for (gsize i = 0; i < G_N_ELEMENTS (all); i++)
    {
      g_autofree char *extra = NULL;

      if ((flags & all[i]) == 0)
        continue;

      if (all[i] == CW_GIFT_FLAG_OVER_THRESHOLD)
        {
          g_autofree char *limit = cw_gift_format_pence (threshold);

          /* TRANSLATORS: after "The value is over the organisation's limit for gifts." */
          extra = g_strdup_printf (_("The limit is %s."), limit);
        }
      else if (all[i] == CW_GIFT_FLAG_REPEATED)
        {
          /* TRANSLATORS: after "Gifts with this child or family are becoming regular." */
          extra = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "This is the %u gift in %d month.",
                                                "This would be gift number %u in %d months.",
                                                (gulong) months),
                                   n_in_window, (int) months);
        }

      add_flag_line (self, all[i], extra);
    }
}

/* Who will decide: said before saving, so nobody is surprised. */
static void
update_decision_label (CwGiftEditor *self)
{
  CwStaffMember *me = cw_session_get_staff_member (self->session);
  CwStaffRepository *staff = cw_session_get_staff_repository (self->session);
  gint64 manager_id = me != NULL ? cw_staff_member_get_line_manager_id (me) : 0;
  g_autoptr(CwStaffMember) manager = NULL;
  g_autofree char *text = NULL;

  if (manager_id > 0 && staff != NULL)
    manager = cw_staff_repository_lookup_by_id (staff, manager_id, NULL);

  if (manager != NULL)
    /* TRANSLATORS: the line manager's name */
    text = g_strdup_printf (_("Every declaration goes to your line manager, %s, who decides "
                              "whether the gift is accepted, declined, returned or donated."),
                            cw_staff_member_get_display_name (manager));
  else
    text = g_strdup (_("Every declaration goes to the Designated Safeguarding Lead, who decides "
                       "whether the gift is accepted, declined, returned or donated."));

  if (self->gift != NULL)
    {
      g_autofree char *with = g_strdup_printf ("%s %s", text,
                                               _("A corrected declaration waits for a "
                                                 "decision again."));
      g_free (text);
      text = g_steal_pointer (&with);
    }

  gtk_label_set_text (self->decision_label, text);
}

static void
update_feedback (CwGiftEditor *self)
{
  g_autoptr(GError) date_error = NULL;
  g_autoptr(GError) value_error = NULL;
  GDate date;
  gint64 pence;

  if (cw_form_row_is_blank (self->date_row))
    cw_form_set_feedback (self->date_feedback_label, GTK_WIDGET (self->date_row), NULL, FALSE);
  else if (!form_date (self, &date, &date_error))
    cw_form_set_feedback (self->date_feedback_label, GTK_WIDGET (self->date_row),
                          date_error->message, TRUE);
  else
    {
      g_autofree char *words = cw_date_format_long (&date);
      /* TRANSLATORS: the date typed, read back: "The gift’s date: 14 March 2025." */
      g_autofree char *text = g_strdup_printf (_("The gift’s date: %s."), words);

      cw_form_set_feedback (self->date_feedback_label, GTK_WIDGET (self->date_row), text, FALSE);
    }

  if (cw_form_row_is_blank (self->value_row))
    cw_form_set_feedback (self->value_feedback_label, GTK_WIDGET (self->value_row), NULL, FALSE);
  else if (!form_value (self, &pence, &value_error))
    cw_form_set_feedback (self->value_feedback_label, GTK_WIDGET (self->value_row),
                          value_error->message, TRUE);
  else
    {
      g_autofree char *money = cw_gift_format_pence (pence);
      /* TRANSLATORS: the value typed, read back: "Estimated value: £40.00." */
      g_autofree char *text = g_strdup_printf (_("Estimated value: %s."), money);

      cw_form_set_feedback (self->value_feedback_label, GTK_WIDGET (self->value_row), text, FALSE);
    }
}

/* The first reason the form cannot be saved, and the field to go to; NULL
 * when it can be. */
static char *
validation_problem (CwGiftEditor  *self,
                    GtkWidget    **field_out)
{
  g_autoptr(GError) error = NULL;
  GDate date;
  gint64 pence;

  *field_out = NULL;

  if (cw_form_row_is_blank (self->date_row))
    {
      *field_out = GTK_WIDGET (self->date_row);
      return g_strdup (_("Type the date of the gift or hospitality as day/month/year."));
    }

  if (!form_date (self, &date, &error))
    {
      *field_out = GTK_WIDGET (self->date_row);
      return g_strdup (error->message);
    }

  if (cw_form_row_is_blank (self->description_row))
    {
      *field_out = GTK_WIDGET (self->description_row);
      return g_strdup (_("Describe the gift or hospitality."));
    }

  if (cw_form_row_is_blank (self->value_row))
    {
      *field_out = GTK_WIDGET (self->value_row);
      return g_strdup (_("Type the estimated value in pounds, for example 10 or £7.50. "
                         "Type 0 if it had no value."));
    }

  g_clear_error (&error);
  if (!form_value (self, &pence, &error))
    {
      *field_out = GTK_WIDGET (self->value_row);
      return g_strdup (error->message);
    }

  if (form_child_id (self) <= 0 && cw_form_row_is_blank (self->family_name_row))
    {
      *field_out = GTK_WIDGET (self->family_name_row);
      return g_strdup (_("Choose the child, or name the family member, the gift was received "
                         "from or given to."));
    }

  if (form_direction (self) == CW_GIFT_GIVEN && gtk_switch_get_active (self->plan_switch))
    {
      if (cw_form_row_is_blank (self->plan_name_row))
        {
          *field_out = GTK_WIDGET (self->plan_name_row);
          return g_strdup (_("Say which agreed plan the gift is part of."));
        }
      if (cw_form_row_is_blank (self->plan_agreed_with_row))
        {
          *field_out = GTK_WIDGET (self->plan_agreed_with_row);
          return g_strdup (_("Say who the plan was agreed with."));
        }
    }

  if (self->gift != NULL)
    {
      g_autofree char *now = form_snapshot (self);

      if (g_strcmp0 (now, self->snapshot) == 0)
        {
          *field_out = GTK_WIDGET (self->description_row);
          return g_strdup (_("Nothing has been corrected yet: change what was wrong, then "
                             "save."));
        }

      if (cw_form_row_is_blank (self->reason_row))
        {
          *field_out = GTK_WIDGET (self->reason_row);
          return g_strdup (_("Give the reason for the correction."));
        }
    }

  return NULL;
}

static void
validate (CwGiftEditor *self)
{
  gboolean given;
  gboolean plan;

  if (self->filling)
    return;

  given = form_direction (self) == CW_GIFT_GIVEN;
  plan = gtk_switch_get_active (self->plan_switch);
  gtk_widget_set_visible (self->given_group, given);
  gtk_widget_set_visible (GTK_WIDGET (self->plan_name_row), plan);
  gtk_widget_set_visible (GTK_WIDGET (self->plan_agreed_with_row), plan);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->family_name_row),
                                 given ? _("Family member’s name (given to)")
                                       : _("Family member’s name (received from)"));

  cw_form_clear_mark (self->error_box);

  update_feedback (self);
  update_flags (self);
}

static void
child_changed_cb (CwGiftEditor *self)
{
  validate (self);
}

/* Filling and saving ------------------------------------------------------ */

static void
fill_form (CwGiftEditor *self)
{
  const char *directions[] = {
    cw_gift_direction_get_title (CW_GIFT_RECEIVED),
    cw_gift_direction_get_title (CW_GIFT_GIVEN),
  };

  self->filling = TRUE;

  cw_form_combo_set_titles (self->direction_row, directions, G_N_ELEMENTS (directions),
                            CW_GIFT_RECEIVED);

  if (self->gift == NULL)
    {
      adw_window_title_set_title (self->window_title, _("Declare a Gift or Hospitality"));
      gtk_window_set_title (GTK_WINDOW (self), _("Declare a Gift or Hospitality"));
      gtk_button_set_label (self->save_button, _("_Declare"));
      adw_combo_row_set_selected (self->direction_row, CW_GIFT_RECEIVED);
    }
  else
    {
      CwGiftDeclaration *gift = self->gift;
      g_autofree char *date = cw_date_format_short (cw_gift_declaration_get_date (gift));
      g_autofree char *value = NULL;
      gint64 pence = cw_gift_declaration_get_value_pence (gift);

      adw_window_title_set_title (self->window_title, _("Correct a Gift Declaration"));
      adw_window_title_set_subtitle (self->window_title,
                                     cw_gift_declaration_get_description (gift));
      gtk_window_set_title (GTK_WINDOW (self), _("Correct a Gift Declaration"));
      gtk_button_set_label (self->save_button, _("_Save Correction"));
      gtk_widget_set_visible (self->correction_group, TRUE);

      value = g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", pence / 100, (int) (pence % 100));
      cw_form_set_row_text (self->date_row, date);
      adw_combo_row_set_selected (self->direction_row, cw_gift_declaration_get_direction (gift));
      cw_form_set_row_text (self->description_row, cw_gift_declaration_get_description (gift));
      cw_form_set_row_text (self->occasion_row, cw_gift_declaration_get_occasion (gift));
      cw_form_set_row_text (self->value_row, value);
      gtk_switch_set_active (self->cash_switch, cw_gift_declaration_get_cash (gift));
      gtk_switch_set_active (self->group_switch, cw_gift_declaration_get_group_collection (gift));
      cw_form_set_row_text (self->family_name_row,
                            cw_gift_declaration_get_family_member_name (gift));
      cw_form_set_row_text (self->relationship_row,
                            cw_gift_declaration_get_family_member_relationship (gift));
      gtk_switch_set_active (self->plan_switch, cw_gift_declaration_get_part_of_plan (gift));
      cw_form_set_row_text (self->plan_name_row, cw_gift_declaration_get_plan_name (gift));
      cw_form_set_row_text (self->plan_agreed_with_row,
                            cw_gift_declaration_get_plan_agreed_with (gift));
      gtk_switch_set_active (self->same_to_all_switch,
                             cw_gift_declaration_get_same_given_to_all (gift));
      cw_child_chooser_set_stored_child (self->child_chooser,
                                         cw_gift_declaration_get_child_id (gift),
                                         cw_gift_declaration_get_child_name (gift));
    }

  update_decision_label (self);

  self->filling = FALSE;

  g_free (self->snapshot);
  self->snapshot = form_snapshot (self);
  validate (self);
}

static void
save_button_clicked_cb (CwGiftEditor *self)
{
  g_autoptr(CwGiftDeclaration) gift = NULL;
  g_autoptr(CwGiftDeclaration) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = NULL;
  GtkWidget *field = NULL;

  problem = validation_problem (self, &field);
  if (problem != NULL)
    {
      /* Everything typed stays; the sentence says what to do. */
      cw_form_show_problem (self->error_box, self->error_label, problem, field);
      return;
    }

  gift = form_gift (self);
  if (self->gift == NULL)
    stored = cw_gift_register_declare (self->gifts, gift, &error);
  else
    stored = cw_gift_register_correct (self->gifts, cw_gift_declaration_get_id (self->gift),
                                       gift, cw_form_row_text (self->reason_row), &error);

  if (!cw_form_save_done (self->error_box, self->error_label, stored != NULL, error,
                          _("The declaration could not be saved."), NULL))
    return;

  g_signal_emit (self, signals[SAVED], 0, cw_gift_declaration_get_id (stored));
  cw_form_close (GTK_WINDOW (self));
}

static void
form_changed_cb (CwGiftEditor *self)
{
  validate (self);
}

static void
direction_changed_cb (CwGiftEditor *self)
{
  validate (self);
}

static void
plan_changed_cb (CwGiftEditor *self)
{
  validate (self);
}

/* Overrides --------------------------------------------------------------- */

/* Closing with changes not saved asks first. */
static gboolean
cw_gift_editor_close_request (GtkWindow *window)
{
  CwGiftEditor *self = CW_GIFT_EDITOR (window);

  if (cw_form_may_close (window) || self->disposed || !form_changed (self))
    return GTK_WINDOW_CLASS (cw_gift_editor_parent_class)->close_request (window);

  return cw_form_ask_discard (window, self->gift == NULL ? _("Discard the Declaration?")
                                                         : _("Discard the Correction?"));
}

static void
cw_gift_editor_constructed (GObject *object)
{
  CwGiftEditor *self = CW_GIFT_EDITOR (object);

  G_OBJECT_CLASS (cw_gift_editor_parent_class)->constructed (object);

  g_return_if_fail (CW_IS_SESSION (self->session));

  self->gifts = cw_gift_register_new (self->session);

  self->child_chooser = CW_CHILD_CHOOSER (cw_child_chooser_new (self->session, _("No child")));
  gtk_widget_set_name (GTK_WIDGET (self->child_chooser), "child_chooser");
  gtk_widget_set_valign (GTK_WIDGET (self->child_chooser), GTK_ALIGN_CENTER);
  cw_child_chooser_set_show_reference (self->child_chooser, TRUE);
  adw_action_row_add_suffix (self->child_row, GTK_WIDGET (self->child_chooser));
  g_signal_connect_object (self->child_chooser, "changed", G_CALLBACK (child_changed_cb), self,
                           G_CONNECT_SWAPPED);

  /* The sentences under the typed fields are read with them. */
  cw_form_describe_with (GTK_WIDGET (self->date_row), self->date_feedback_label);
  cw_form_describe_with (GTK_WIDGET (self->value_row), self->value_feedback_label);

  fill_form (self);
}

static void
cw_gift_editor_dispose (GObject *object)
{
  CwGiftEditor *self = CW_GIFT_EDITOR (object);

  self->disposed = TRUE;
  gtk_widget_dispose_template (GTK_WIDGET (self), CW_TYPE_GIFT_EDITOR);
  self->child_chooser = NULL;

  g_clear_object (&self->gifts);
  g_clear_object (&self->gift);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (cw_gift_editor_parent_class)->dispose (object);
}

static void
cw_gift_editor_finalize (GObject *object)
{
  CwGiftEditor *self = CW_GIFT_EDITOR (object);

  g_clear_pointer (&self->snapshot, g_free);
  g_clear_pointer (&self->repeat_key, g_free);

  G_OBJECT_CLASS (cw_gift_editor_parent_class)->finalize (object);
}

static void
cw_gift_editor_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CwGiftEditor *self = CW_GIFT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_GIFT:
      g_value_set_object (value, self->gift);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cw_gift_editor_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CwGiftEditor *self = CW_GIFT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_set_object (&self->session, g_value_get_object (value));
      break;
    case PROP_GIFT:
      g_clear_object (&self->gift);
      if (g_value_get_object (value) != NULL)
        self->gift = cw_gift_declaration_copy (g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cw_gift_editor_class_init (CwGiftEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = cw_gift_editor_constructed;
  object_class->dispose = cw_gift_editor_dispose;
  object_class->finalize = cw_gift_editor_finalize;
  object_class->get_property = cw_gift_editor_get_property;
  object_class->set_property = cw_gift_editor_set_property;
  window_class->close_request = cw_gift_editor_close_request;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         CW_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_GIFT] =
    g_param_spec_object ("gift", NULL, NULL,
                         CW_TYPE_GIFT_DECLARATION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CwGiftEditor::saved:
   * @gift_id: the id of the declaration
   *
   * The declaration or its correction was stored; the editor closes next.
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/casework/Casework/"
                                               "cw-gift-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CwGiftEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, CwGiftEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, CwGiftEditor, error_box);
  gtk_widget_class_bind_template_child (widget_class, CwGiftEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, CwGiftEditor, date_row);
  gtk_widget_class_bind_template_child (widget_class, CwGiftEditor, date_feedback_label);
  gtk_widget_class_bind_template_child (widget_class, CwGiftEditor, direction_row);
  gtk_widget_class_bind_template_child (widget_class, CwGiftEditor, description_row);
  gtk_widget_class_bind_template_child (widget_class, CwGiftEditor, occasion_row);
  gtk_widget_class_bind_template_child (widget_class, CwGiftEditor, value_row);
  gtk_widget_class_bind_template_child (widget_class, CwGiftEditor, value_feedback_label);
  gtk_widget_class_bind_template_child (widget_class, CwGiftEditor, cash_switch);
  gtk_widget_class_bind_template_child (widget_class, CwGiftEditor, group_switch);
  gtk_widget_class_bind_template_child (widget_class, CwGiftEditor, child_row);
  gtk_widget_class_bind_template_child (widget_class, CwGiftEditor, family_name_row);
  gtk_widget_class_bind_template_child (widget_class, CwGiftEditor, relationship_row);
  gtk_widget_class_bind_template_child (widget_class, CwGiftEditor, given_group);
  gtk_widget_class_bind_template_child (widget_class, CwGiftEditor, plan_switch);
  gtk_widget_class_bind_template_child (widget_class, CwGiftEditor, plan_name_row);
  gtk_widget_class_bind_template_child (widget_class, CwGiftEditor, plan_agreed_with_row);
  gtk_widget_class_bind_template_child (widget_class, CwGiftEditor, same_to_all_switch);
  gtk_widget_class_bind_template_child (widget_class, CwGiftEditor, correction_group);
  gtk_widget_class_bind_template_child (widget_class, CwGiftEditor, reason_row);
  gtk_widget_class_bind_template_child (widget_class, CwGiftEditor, flags_box);
  gtk_widget_class_bind_template_child (widget_class, CwGiftEditor, decision_label);
  gtk_widget_class_bind_template_child (widget_class, CwGiftEditor, flags_banner);
  gtk_widget_class_bind_template_child (widget_class, CwGiftEditor, flags_banner_label);
  gtk_widget_class_bind_template_callback (widget_class, save_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, direction_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, plan_changed_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cw_gift_editor_init (CwGiftEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public ------------------------------------------------------------------ */

GtkWidget *
cw_gift_editor_new (CwSession         *session,
                    CwGiftDeclaration *gift_or_null,
                    GtkWindow         *parent)
{
  g_return_val_if_fail (CW_IS_SESSION (session), NULL);
  g_return_val_if_fail (gift_or_null == NULL || CW_IS_GIFT_DECLARATION (gift_or_null), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (CW_TYPE_GIFT_EDITOR,
                       "session", session,
                       "gift", gift_or_null,
                       "transient-for", parent,
                       NULL);
}

static gboolean
value_error (const char  *text,
             GError     **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               /* TRANSLATORS: what was typed as the value of a gift */
               _("“%s” is not an amount of money. Type the value in pounds, for example 25 "
                 "or £12.50."), text);
  return FALSE;
}

gboolean
cw_gift_editor_parse_value (const char  *text,
                            gint64      *pence_out,
                            GError     **error)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  const char *p = copy;
  gboolean negative = FALSE;
  gboolean pence_only = FALSE;
  gboolean pound_sign = FALSE;
  gint64 pounds = 0;
  gint64 pence = 0;
  guint n_digits = 0;
  guint n_decimals = 0;
  gsize len;

  g_return_val_if_fail (pence_out != NULL, FALSE);

  if (*copy == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("Type the estimated value in pounds, for example 10 or £7.50."));
      return FALSE;
    }

  if (*p == '-')
    {
      negative = TRUE;
      p++;
      while (*p == ' ')
        p++;
    }
  if (g_str_has_prefix (p, "£"))
    {
      pound_sign = TRUE;
      p += strlen ("£");
    }
  while (*p == ' ')
    p++;
  if (*p == '-' && !negative)
    {
      negative = TRUE;
      p++;
    }

  len = strlen (p);
  if (len > 0 && (p[len - 1] == 'p' || p[len - 1] == 'P') && !pound_sign)
    pence_only = TRUE;

  for (; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          if (++n_digits > 9)
            {
              g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                   _("The value can be at most £1,000,000.00."));
              return FALSE;
            }
          pounds = pounds * 10 + (*p - '0');
        }
      else if (*p == ',' && n_digits > 0)
        continue;
      else
        break;
    }

  if (*p == '.' && !pence_only)
    {
      p++;
      for (; g_ascii_isdigit (*p); p++)
        {
          if (++n_decimals > 2)
            {
              g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                   _("Give the pence as two figures at most, for example "
                                     "£12.50."));
              return FALSE;
            }
          pence = pence * 10 + (*p - '0');
        }
      if (n_decimals == 1)
        pence *= 10;
      if (n_decimals == 0 && n_digits == 0)
        return value_error (copy, error);
    }
  else if (pence_only && (*p == 'p' || *p == 'P') && p[1] == '\0' && n_digits > 0)
    {
      p++;
      pence = pounds;
      pounds = 0;
    }

  if (*p != '\0' || (n_digits == 0 && n_decimals == 0))
    return value_error (copy, error);

  if (negative)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The value cannot be less than nothing. Type 0 if the gift had "
                             "no value."));
      return FALSE;
    }

  if (pounds * 100 + pence > MAX_VALUE_PENCE)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The value can be at most £1,000,000.00."));
      return FALSE;
    }

  *pence_out = pounds * 100 + pence;
  return TRUE;
}
