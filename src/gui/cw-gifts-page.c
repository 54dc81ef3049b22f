/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-gifts-page"

#include "config.h"

#include <glib/gi18n.h>

#include "core/cw-register-export.h"
#include "cw-gift-editor.h"
#include "cw-gifts-page.h"
#include "cw-page-util.h"
#include "cw-register-ui.h"

/* How far down the list a declaration is looked for to select it again
 * after the list is re-read (the list is lazy: never read it all). */
#define RESELECT_SCAN_LIMIT 200

typedef enum
{
  ACTION_DECIDE,
  ACTION_CHANGE_DECISION,
} PendingAction;

/* The flags in the order they are shown, with the names of their detail labels. */
static const struct
{
  CwGiftFlags  flag;
  const char  *name;
} flag_order[] = {
  { CW_GIFT_FLAG_CASH, "detail_flag_cash" },
  { CW_GIFT_FLAG_OVER_THRESHOLD, "detail_flag_over_threshold" },
  { CW_GIFT_FLAG_REPEATED, "detail_flag_repeated" },
  { CW_GIFT_FLAG_OUTSIDE_PLAN, "detail_flag_outside_plan" },
};

struct _CwGiftsPage
{
  CwPage               parent_instance;

  AdwToastOverlay     *toast_overlay;
  GtkWidget           *declare_button;
  GtkWidget           *export_button;
  GtkBox              *filter_box;
  GtkLabel            *count_label;
  GtkLabel            *filter_summary_label;
  GtkToggleButton     *awaiting_toggle;
  GtkStack            *list_stack;
  GtkListView         *gift_list;
  AdwStatusPage       *empty_status;
  GtkWidget           *clear_filters_button;
  GtkWidget           *detail_scroller;
  GtkLabel            *error_label;
  GtkWidget           *no_selection_status;
  GtkWidget           *actions_box;
  GtkWidget           *correct_button;
  GtkWidget           *change_decision_button;
  GtkWidget           *decide_button;
  GtkBox              *detail_box;

  CwSession           *session;
  CwGiftRegister      *gifts;
  CwRegisterFilterBar *filter_bar;
  GtkSingleSelection  *selection;

  gint64               selected_id;
  CwGiftDeclaration   *selected;        /* its current version, loaded */

  /* What was chosen and typed for the last decision, kept until it is recorded. */
  gint64               pending_gift_id;
  PendingAction        pending_action;
  CwGiftDecision       pending_decision;
  char                *pending_reason;
  char                *pending_correction_reason;

  gboolean             reviewer;
};

G_DEFINE_FINAL_TYPE (CwGiftsPage, cw_gifts_page, CW_TYPE_PAGE)

static void show_detail (CwGiftsPage *self);

/* Helpers ----------------------------------------------------------------- */

static void
clear_pending (CwGiftsPage *self)
{
  self->pending_gift_id = 0;
  self->pending_decision = CW_GIFT_UNDECIDED;
  g_clear_pointer (&self->pending_reason, g_free);
  g_clear_pointer (&self->pending_correction_reason, g_free);
}

/* "Xanthippe Quillfeather, Ottoline Quickthorn (Mother)" */
static char *
describe_party (CwGiftDeclaration *gift)
{
  GString *text = g_string_new (NULL);
  const char *name = cw_gift_declaration_get_family_member_name (gift);
  const char *relationship = cw_gift_declaration_get_family_member_relationship (gift);

  if (cw_gift_declaration_get_child_id (gift) > 0)
    {
      const char *child = cw_gift_declaration_get_child_name (gift);

      g_string_append (text, child != NULL ? child
                                           : _("a child whose record you cannot see"));
    }

  if (!cw_text_is_blank (name))
    {
      if (text->len > 0)
        g_string_append (text, ", ");
      if (!cw_text_is_blank (relationship))
        /* TRANSLATORS: a family member and their relationship: "Ottoline Quickthorn (Mother)" */
        g_string_append_printf (text, _("%s (%s)"), name, relationship);
      else
        g_string_append (text, name);
    }

  return g_string_free (text, FALSE);
}

/* "Received from Xanthippe Quillfeather" */
static char *
describe_direction (CwGiftDeclaration *gift)
{
  g_autofree char *party = describe_party (gift);

  if (cw_gift_declaration_get_direction (gift) == CW_GIFT_GIVEN)
    /* TRANSLATORS: a gift given, and to whom */
    return g_strdup_printf (_("Given to %s"), party);

  /* TRANSLATORS: a gift received, and from whom */
  return g_strdup_printf (_("Received from %s"), party);
}

static GtkWidget *
decision_badge (CwGiftDeclaration *gift)
{
  CwGiftDecision decision = cw_gift_declaration_get_decision (gift);

  if (decision == CW_GIFT_UNDECIDED)
    return cw_badge_new (cw_gift_decision_get_title (decision),
                         _("The line manager or the Designated Safeguarding Lead has not "
                           "decided yet."),
                         CW_BADGE_NEUTRAL);

  return cw_badge_new (cw_gift_decision_get_title (decision),
                       cw_gift_declaration_get_decision_reason (gift), CW_BADGE_SUCCESS);
}

static GtkWidget *
flag_badge (CwGiftFlags flag)
{
  return cw_badge_new (cw_gift_flag_get_title (flag), cw_gift_flag_get_explanation (flag),
                       flag == CW_GIFT_FLAG_CASH ? CW_BADGE_ERROR : CW_BADGE_WARNING);
}

static void
fill_badges (GtkBox            *box,
             CwGiftDeclaration *gift)
{
  CwGiftFlags flags = cw_gift_declaration_get_flags (gift);

  cw_box_remove_all (box);
  gtk_box_append (box, decision_badge (gift));
  for (gsize i = 0; i < G_N_ELEMENTS (flag_order); i++)
    if ((flags & flag_order[i].flag) != 0)
      gtk_box_append (box, flag_badge (flag_order[i].flag));
}

/* Detail ------------------------------------------------------------------ */

/* A line of text in the detail, with its style. */
static GtkWidget *
add_label (GtkBox     *box,
           const char *name,
           const char *text,
           const char *css_class)
{
  GtkWidget *label = cw_detail_add_text (box, name, text);

  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

static void
add_field (GtkGrid    *grid,
           int        *row,
           const char *name,
           const char *title,
           const char *value)
{
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *value_label = gtk_label_new (!cw_text_is_blank (value) ? value : _("Not recorded"));

  gtk_label_set_xalign (GTK_LABEL (title_label), 0.0f);
  gtk_label_set_yalign (GTK_LABEL (title_label), 0.0f);
  gtk_widget_add_css_class (title_label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (value_label), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  gtk_widget_set_hexpand (value_label, TRUE);
  if (name != NULL)
    gtk_widget_set_name (value_label, name);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (value_label),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, title_label, NULL, -1);
  gtk_grid_attach (grid, title_label, 0, *row, 1, 1);
  gtk_grid_attach (grid, value_label, 1, *row, 1, 1);
  (*row)++;
}

static const char *
yes_no (gboolean value)
{
  return value ? _("Yes") : _("No");
}

static void
show_fields (CwGiftsPage       *self,
             CwGiftDeclaration *gift)
{
  GtkWidget *grid = gtk_grid_new ();
  g_autofree char *date = cw_date_format_long (cw_gift_declaration_get_date (gift));
  g_autofree char *value = cw_gift_format_pence (cw_gift_declaration_get_value_pence (gift));
  g_autofree char *declared = cw_time_format (cw_gift_declaration_get_declared_at (gift));
  g_autofree char *declared_by = NULL;
  const char *child = NULL;
  int row = 0;

  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);

  if (cw_gift_declaration_get_child_id (gift) > 0)
    child = cw_gift_declaration_get_child_name (gift) != NULL
            ? cw_gift_declaration_get_child_name (gift)
            : _("A child whose record you cannot see");

  /* TRANSLATORS: who declared a gift, and when: "Pat Practitioner, 14 Mar 2025, 16:05" */
  declared_by = g_strdup_printf (_("%s, %s"), cw_gift_declaration_get_staff_name (gift),
                                 declared);

  add_field (GTK_GRID (grid), &row, "detail_date", _("Date"), date);
  add_field (GTK_GRID (grid), &row, "detail_direction", _("Received or given"),
             cw_gift_direction_get_title (cw_gift_declaration_get_direction (gift)));
  add_field (GTK_GRID (grid), &row, "detail_child", _("Child"),
             child != NULL ? child : _("None named"));
  add_field (GTK_GRID (grid), &row, "detail_family_member", _("Family member"),
             !cw_text_is_blank (cw_gift_declaration_get_family_member_name (gift))
             ? cw_gift_declaration_get_family_member_name (gift) : _("None named"));
  if (!cw_text_is_blank (cw_gift_declaration_get_family_member_name (gift)))
    add_field (GTK_GRID (grid), &row, "detail_relationship", _("Relationship to the child"),
               cw_gift_declaration_get_family_member_relationship (gift));
  add_field (GTK_GRID (grid), &row, "detail_description", _("Description"),
             cw_gift_declaration_get_description (gift));
  add_field (GTK_GRID (grid), &row, "detail_value", _("Estimated value"), value);
  add_field (GTK_GRID (grid), &row, "detail_cash", _("Cash"),
             yes_no (cw_gift_declaration_get_cash (gift)));
  add_field (GTK_GRID (grid), &row, "detail_group", _("Group collection"),
             yes_no (cw_gift_declaration_get_group_collection (gift)));
  add_field (GTK_GRID (grid), &row, "detail_occasion", _("Occasion"),
             cw_gift_declaration_get_occasion (gift));

  if (cw_gift_declaration_get_direction (gift) == CW_GIFT_GIVEN)
    {
      gboolean plan = cw_gift_declaration_get_part_of_plan (gift);

      add_field (GTK_GRID (grid), &row, "detail_part_of_plan", _("Part of an agreed plan"),
                 yes_no (plan));
      if (plan)
        {
          add_field (GTK_GRID (grid), &row, "detail_plan", _("Which plan"),
                     cw_gift_declaration_get_plan_name (gift));
          add_field (GTK_GRID (grid), &row, "detail_plan_agreed_with", _("Agreed with"),
                     cw_gift_declaration_get_plan_agreed_with (gift));
        }
      add_field (GTK_GRID (grid), &row, "detail_same_to_all", _("The same was given to all"),
                 yes_no (cw_gift_declaration_get_same_given_to_all (gift)));
    }

  add_field (GTK_GRID (grid), &row, "detail_declared_by", _("Declared by"), declared_by);
  gtk_box_append (self->detail_box, grid);
}

static void
show_flags (CwGiftsPage       *self,
            CwGiftDeclaration *gift)
{
  CwGiftFlags flags = cw_gift_declaration_get_flags (gift);

  cw_detail_add_heading (self->detail_box, _("Flags"));
  if (flags == CW_GIFT_FLAG_NONE)
    {
      add_label (self->detail_box, "detail_no_flags",
                 _("None: nothing about this gift needs particular attention."), NULL);
      return;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (flag_order); i++)
    {
      g_autofree char *text = NULL;
      CwGiftFlags flag = flag_order[i].flag;

      if ((flags & flag) == 0)
        continue;

      if (flag == CW_GIFT_FLAG_REPEATED && cw_gift_declaration_get_repeat_count (gift) > 0)
        {
          guint n = cw_gift_declaration_get_repeat_count (gift);

          /* TRANSLATORS: the flag's explanation, then how many gifts */
          text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%s With this one, %u gift with the same child "
                                               "or family in the period.",
                                               "%s With this one, %u gifts with the same "
                                               "child or family in the period.", n),
                                  cw_gift_flag_get_explanation (flag), n);
        }
      else
        text = g_strdup (cw_gift_flag_get_explanation (flag));

      cw_detail_add_badge_line (self->detail_box, flag_badge (flag), flag_order[i].name, text);
    }
}

static char *
describe_decision (CwGiftDeclaration *gift)
{
  CwGiftDecision decision = cw_gift_declaration_get_decision (gift);
  g_autofree char *when = NULL;

  if (decision == CW_GIFT_UNDECIDED)
    return g_strdup (_("Waiting for a decision by the declarer’s line manager or the "
                       "Designated Safeguarding Lead."));

  when = cw_time_format (cw_gift_declaration_get_decided_at (gift));
  /* TRANSLATORS: "Returned — decided by Mona Manager on 14 Mar 2025, 16:05." */
  return g_strdup_printf (_("%s — decided by %s on %s."), cw_gift_decision_get_title (decision),
                          cw_gift_declaration_get_decided_by_name (gift), when);
}

static void
show_decision (CwGiftsPage       *self,
               CwGiftDeclaration *gift)
{
  g_autofree char *text = describe_decision (gift);
  const char *reason = cw_gift_declaration_get_decision_reason (gift);

  cw_detail_add_heading (self->detail_box, _("Decision"));
  add_label (self->detail_box, "detail_decision", text, NULL);
  if (cw_gift_declaration_get_decision (gift) != CW_GIFT_UNDECIDED && !cw_text_is_blank (reason))
    {
      /* TRANSLATORS: the reason given for a decision on a gift */
      g_autofree char *with = g_strdup_printf (_("Reason: %s"), reason);

      add_label (self->detail_box, "detail_decision_reason", with, NULL);
    }
}

static void
show_history (CwGiftsPage *self)
{
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GError) error = NULL;

  cw_detail_add_heading (self->detail_box, _("History"));
  versions = cw_gift_register_list_versions (self->gifts, self->selected_id, &error);
  if (versions == NULL)
    {
      add_label (self->detail_box, NULL, error->message, "error");
      return;
    }

  /* Newest first. */
  for (guint i = versions->len; i > 0; i--)
    {
      CwGiftDeclaration *version = g_ptr_array_index (versions, i - 1);
      int number = cw_gift_declaration_get_version (version);
      g_autofree char *name = g_strdup_printf ("detail_version_%d", number);
      g_autofree char *decision = describe_decision (version);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

      gtk_widget_set_name (box, name);
      cw_detail_add_version (GTK_BOX (box), self->session, NULL, number,
                             cw_gift_declaration_get_written_at (version),
                             cw_gift_declaration_get_written_by (version),
                             cw_gift_declaration_get_correction_reason (version));
      if (number == 1)
        add_label (GTK_BOX (box), NULL, _("Declared."), NULL);

      if (cw_gift_declaration_get_decision (version) != CW_GIFT_UNDECIDED &&
          !cw_text_is_blank (cw_gift_declaration_get_decision_reason (version)))
        {
          g_autofree char *with = g_strdup_printf ("%s %s", decision,
                                                   cw_gift_declaration_get_decision_reason (
                                                     version));
          g_free (decision);
          decision = g_steal_pointer (&with);
        }
      add_label (GTK_BOX (box), NULL, decision, "dim-label");
      gtk_box_append (self->detail_box, box);
    }
}

static void
show_detail (CwGiftsPage *self)
{
  CwGiftDeclaration *gift = self->selected;
  g_autofree char *byline = NULL;
  g_autofree char *date = NULL;
  g_autofree char *direction = NULL;
  GtkWidget *badges;
  gboolean decided, may_decide;

  cw_detail_reset (self->detail_box, self->no_selection_status, self->actions_box,
                   gift != NULL);
  if (gift == NULL)
    return;

  add_label (self->detail_box, "detail_title", cw_gift_declaration_get_description (gift),
             "title-3");

  date = cw_date_format_long (cw_gift_declaration_get_date (gift));
  direction = describe_direction (gift);
  /* TRANSLATORS: "14 March 2025 · Received from Xanthippe Quillfeather" */
  byline = g_strdup_printf (_("%s · %s"), date, direction);
  add_label (self->detail_box, "detail_byline", byline, "dim-label");

  badges = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_name (badges, "detail_badges");
  gtk_widget_set_margin_top (badges, 6);
  fill_badges (GTK_BOX (badges), gift);
  gtk_box_append (self->detail_box, badges);

  show_flags (self, gift);
  show_decision (self, gift);
  cw_detail_add_heading (self->detail_box, _("Declaration"));
  show_fields (self, gift);
  show_history (self);

  decided = cw_gift_declaration_get_decision (gift) != CW_GIFT_UNDECIDED;
  may_decide = cw_gift_register_may_decide (self->gifts, gift);
  gtk_widget_set_visible (self->correct_button,
                          cw_gift_declaration_get_staff_id (gift) ==
                          cw_signed_in_staff_id (self->session));
  gtk_widget_set_visible (self->decide_button, may_decide && !decided);
  gtk_widget_set_visible (self->change_decision_button, may_decide && decided);
  gtk_widget_set_visible (self->actions_box,
                          gtk_widget_get_visible (self->correct_button) || may_decide);
}

/* Reads the selected declaration again (audited as a view) and shows it. */
static void
load_selected (CwGiftsPage *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->selected);
  cw_error_label_set (self->error_label, NULL);

  if (self->selected_id > 0)
    {
      self->selected = cw_gift_register_load (self->gifts, self->selected_id, 0, &error);
      if (self->selected == NULL)
        {
          self->selected_id = 0;
          if (!g_error_matches (error, CW_GIFT_ERROR, CW_GIFT_ERROR_NOT_FOUND))
            cw_error_label_set (self->error_label, error->message);
        }
    }

  show_detail (self);
}

/* List -------------------------------------------------------------------- */

static void
setup_item_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkBox *row = cw_list_row_new (item);
  GtkWidget *who;

  cw_list_row_add_title (row, "description", "value");
  cw_list_row_add_label (row, "meta", "dim-label");
  who = cw_list_row_add_label (row, "who", "dim-label");
  gtk_widget_add_css_class (who, "caption");
  cw_list_row_add_badges (row);
}

static void
bind_item_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  CwGiftDeclaration *gift = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);
  g_autofree char *value = cw_gift_format_pence (cw_gift_declaration_get_value_pence (gift));
  g_autofree char *date = cw_date_format_long (cw_gift_declaration_get_date (gift));
  g_autofree char *direction = describe_direction (gift);
  g_autofree char *meta = NULL;
  g_autofree char *who = NULL;
  g_autofree char *accessible = NULL;
  g_autofree char *flags = cw_gift_flags_to_string (cw_gift_declaration_get_flags (gift));

  /* TRANSLATORS: "14 March 2025 · Received from Xanthippe Quillfeather" */
  meta = g_strdup_printf (_("%s · %s"), date, direction);
  /* TRANSLATORS: who declared a gift */
  who = g_strdup_printf (_("Declared by %s"), cw_gift_declaration_get_staff_name (gift));

  gtk_label_set_text (cw_list_row_get (item, "description"),
                      cw_gift_declaration_get_description (gift));
  gtk_label_set_text (cw_list_row_get (item, "value"), value);
  gtk_label_set_text (cw_list_row_get (item, "meta"), meta);
  gtk_label_set_text (cw_list_row_get (item, "who"), who);
  fill_badges (cw_list_row_get (item, "badges"), gift);

  /* One sentence for a screen reader. */
  accessible = g_strdup_printf ("%s, %s, %s. %s. %s. %s",
                                cw_gift_declaration_get_description (gift), value, meta, who,
                                cw_gift_decision_get_title (
                                  cw_gift_declaration_get_decision (gift)),
                                flags);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
}

static void
selection_changed_cb (GtkSingleSelection *selection,
                      guint               position,
                      guint               n_items,
                      CwGiftsPage        *self)
{
  CwGiftDeclaration *item = gtk_single_selection_get_selected_item (selection);

  if (item == NULL)
    {
      self->selected_id = 0;
      load_selected (self);
      return;
    }

  if (cw_gift_declaration_get_id (item) == self->selected_id && self->selected != NULL)
    return;

  self->selected_id = cw_gift_declaration_get_id (item);
  clear_pending (self);
  load_selected (self);
}

/* Filter and heading ------------------------------------------------------ */

static void
read_filter (CwGiftsPage  *self,
             CwGiftFilter *filter)
{
  cw_gift_filter_init (filter);
  if (self->filter_bar == NULL)
    return;

  filter->staff_id = cw_register_filter_bar_get_staff_id (self->filter_bar);
  filter->child_id = cw_register_filter_bar_get_child_id (self->filter_bar);
  cw_register_filter_bar_get_range (self->filter_bar, &filter->from, &filter->to);
  filter->any_flags = cw_register_filter_bar_get_flags (self->filter_bar) & CW_GIFT_FLAGS_ALL;
  filter->undecided_only = cw_register_filter_bar_get_undecided (self->filter_bar);
  filter->awaiting_me = self->reviewer && gtk_toggle_button_get_active (self->awaiting_toggle);
  if (filter->awaiting_me)
    filter->undecided_only = TRUE;
}

static void
update_heading (CwGiftsPage        *self,
                const CwGiftFilter *filter,
                gint64              total)
{
  CwGiftFilter waiting_filter = *filter;
  g_autofree char *rows = NULL;
  g_autofree char *waiting_text = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *summary = NULL;
  gint64 waiting;

  waiting_filter.undecided_only = TRUE;
  waiting_filter.awaiting_me = self->reviewer;
  waiting = cw_gift_register_count (self->gifts, &waiting_filter);

  if (total == 0)
    rows = g_strdup (_("No declarations"));
  else
    rows = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" G_GINT64_FORMAT " declaration",
                                         "%" G_GINT64_FORMAT " declarations", (gulong) total),
                            total);

  if (self->reviewer)
    waiting_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "%" G_GINT64_FORMAT " waiting for your decision",
                                                 "%" G_GINT64_FORMAT " waiting for your decision",
                                                 (gulong) waiting),
                                    waiting);
  else
    waiting_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "%" G_GINT64_FORMAT " waiting for a decision",
                                                 "%" G_GINT64_FORMAT " waiting for a decision",
                                                 (gulong) waiting),
                                    waiting);

  /* TRANSLATORS: "14 declarations · 3 waiting for your decision" */
  heading = g_strdup_printf (_("%s · %s"), rows, waiting_text);
  gtk_label_set_text (self->count_label, heading);

  if (self->filter_bar != NULL)
    summary = cw_register_filter_bar_describe (self->filter_bar);
  if (filter->awaiting_me)
    {
      g_autofree char *with = summary != NULL
                              /* TRANSLATORS: "3 filters · waiting for me" */
                              ? g_strdup_printf (_("%s · waiting for me"), summary)
                              : g_strdup (_("Waiting for me"));
      g_free (summary);
      summary = g_steal_pointer (&with);
    }
  gtk_label_set_text (self->filter_summary_label, summary != NULL ? summary : "");
  gtk_widget_set_visible (GTK_WIDGET (self->filter_summary_label), summary != NULL);

  if (total > 0)
    {
      gtk_stack_set_visible_child_name (self->list_stack, "list");
      return;
    }

  if (summary == NULL)
    {
      adw_status_page_set_title (self->empty_status, _("No Gifts Declared"));
      adw_status_page_set_description (self->empty_status,
                                       self->reviewer
                                       ? _("Declarations you and the staff you review make "
                                           "appear here. Every gift or hospitality received "
                                           "from or given to a child or their family is "
                                           "declared.")
                                       : _("Declare every gift or hospitality received from "
                                           "or given to a child or their family, however "
                                           "small. Your line manager decides on each."));
      gtk_widget_set_visible (self->clear_filters_button, FALSE);
    }
  else if (filter->awaiting_me)
    {
      adw_status_page_set_title (self->empty_status, _("Nothing Is Waiting for You"));
      adw_status_page_set_description (self->empty_status,
                                       _("No declarations that match are waiting for your "
                                         "decision."));
      gtk_widget_set_visible (self->clear_filters_button, TRUE);
    }
  else
    {
      adw_status_page_set_title (self->empty_status, _("No Declarations Match"));
      adw_status_page_set_description (self->empty_status,
                                       _("Change the filters, or clear them to see every "
                                         "declaration you may see."));
      gtk_widget_set_visible (self->clear_filters_button, TRUE);
    }
  gtk_stack_set_visible_child_name (self->list_stack, "empty");
}

/* A new model for the filter as it is now. The declaration shown stays
 * shown, even when the filter now leaves it out (a decided one after
 * "Waiting for me"); @reread_detail reads it again (after something was
 * recorded), which is audited as a view. */
static void
reload_list (CwGiftsPage *self,
             gboolean     reread_detail)
{
  CwGiftFilter filter;
  gint64 keep = self->selected_id;

  if (self->gifts == NULL)
    return;

  read_filter (self, &filter);
  cw_list_view_show_model (self->gift_list, &self->selection,
                           cw_gift_register_list (self->gifts, &filter), keep,
                           (CwItemIdFunc) cw_gift_declaration_get_id, RESELECT_SCAN_LIMIT,
                           G_CALLBACK (selection_changed_cb), self);
  update_heading (self, &filter, cw_gift_register_count (self->gifts, &filter));

  if (reread_detail || (self->selected == NULL) != (keep == 0))
    load_selected (self);
}

/* Callbacks --------------------------------------------------------------- */

static void
recorded (CwGiftsPage *self,
          gint64       gift_id,
          const char  *toast)
{
  self->selected_id = gift_id;
  cw_gifts_page_reload (self);
  cw_page_show_toast (CW_PAGE (self), toast);
  cw_page_emit_changed (CW_PAGE (self));
}

static void
editor_saved_cb (CwGiftEditor *editor,
                 gint64        gift_id,
                 CwGiftsPage  *self)
{
  gboolean correction = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (editor), "correction"));

  clear_pending (self);
  recorded (self, gift_id, correction
                           ? _("Correction saved. It waits for a decision again.")
                           : _("Gift declared. Your line manager will decide on it."));
}

static void
open_editor (CwGiftsPage       *self,
             CwGiftDeclaration *gift)
{
  GtkWidget *editor;

  editor = cw_gift_editor_new (self->session, gift,
                               cw_widget_get_parent_window (GTK_WIDGET (self)));
  g_object_set_data (G_OBJECT (editor), "correction", GINT_TO_POINTER (gift != NULL));
  g_signal_connect_object (editor, "saved", G_CALLBACK (editor_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
declare_clicked_cb (CwGiftsPage *self)
{
  open_editor (self, NULL);
}

static void
correct_clicked_cb (CwGiftsPage *self)
{
  if (self->selected != NULL)
    open_editor (self, self->selected);
}

static void
export_clicked_cb (CwGiftsPage *self)
{
  CwGiftFilter filter;

  read_filter (self, &filter);
  cw_register_export_run (GTK_WIDGET (self), self->session, self->gifts,
                          (CwRegisterExportFunc) cw_register_export_gifts,
                          &filter, sizeof filter, "gifts-and-hospitality.csv",
                          self->toast_overlay);
}

static void
filter_changed_cb (CwGiftsPage *self)
{
  reload_list (self, FALSE);
}

static void
awaiting_toggled_cb (CwGiftsPage *self)
{
  reload_list (self, FALSE);
}

static void
clear_filters_clicked_cb (CwGiftsPage *self)
{
  gtk_toggle_button_set_active (self->awaiting_toggle, FALSE);
  if (self->filter_bar != NULL)
    cw_register_filter_bar_clear (self->filter_bar);
  reload_list (self, FALSE);
}

/* Decisions --------------------------------------------------------------- */

#define N_DECISIONS 4

typedef struct
{
  GtkWidget *choices[N_DECISIONS];
  GtkWidget *reason;
  GtkWidget *correction_reason;   /* NULL when deciding the first time */
} DecisionWidgets;

static CwGiftDecision
decision_at (guint i)
{
  static const CwGiftDecision decisions[N_DECISIONS] = {
    CW_GIFT_ACCEPTED, CW_GIFT_DECLINED, CW_GIFT_RETURNED, CW_GIFT_DONATED,
  };

  return decisions[i];
}

static CwGiftDecision
chosen_decision (DecisionWidgets *w)
{
  for (guint i = 0; i < N_DECISIONS; i++)
    if (gtk_check_button_get_active (GTK_CHECK_BUTTON (w->choices[i])))
      return decision_at (i);

  return CW_GIFT_UNDECIDED;
}

static void
decision_update_cb (GtkWidget        *widget,
                    AdwMessageDialog *dialog)
{
  DecisionWidgets *w = g_object_get_data (G_OBJECT (dialog), "widgets");
  gboolean ok = chosen_decision (w) != CW_GIFT_UNDECIDED &&
                !cw_text_is_blank (gtk_editable_get_text (GTK_EDITABLE (w->reason)));

  if (w->correction_reason != NULL &&
      cw_text_is_blank (gtk_editable_get_text (GTK_EDITABLE (w->correction_reason))))
    ok = FALSE;

  adw_message_dialog_set_response_enabled (dialog, "record", ok);
}

static void
record_decision (CwGiftsPage *self)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->pending_action == ACTION_DECIDE)
    ok = cw_gift_register_decide (self->gifts, self->pending_gift_id, self->pending_decision,
                                  self->pending_reason, &error);
  else
    ok = cw_gift_register_change_decision (self->gifts, self->pending_gift_id,
                                           self->pending_decision, self->pending_reason,
                                           self->pending_correction_reason, &error);

  if (!ok)
    {
      /* What was chosen and typed is offered again. */
      load_selected (self);
      cw_error_label_set (self->error_label, error->message);
      return;
    }

  {
    g_autofree char *toast = NULL;
    gint64 gift_id = self->pending_gift_id;

    /* TRANSLATORS: "Decision recorded: Returned." */
    toast = g_strdup_printf (_("Decision recorded: %s."),
                             cw_gift_decision_get_title (self->pending_decision));
    clear_pending (self);
    recorded (self, gift_id, toast);
  }
}

static void
decision_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      CwGiftsPage      *self)
{
  DecisionWidgets *w = g_object_get_data (G_OBJECT (dialog), "widgets");

  self->pending_decision = chosen_decision (w);
  g_free (self->pending_reason);
  self->pending_reason = g_strdup (gtk_editable_get_text (GTK_EDITABLE (w->reason)));
  if (w->correction_reason != NULL)
    {
      g_free (self->pending_correction_reason);
      self->pending_correction_reason = g_strdup (gtk_editable_get_text (
                                                    GTK_EDITABLE (w->correction_reason)));
    }

  if (g_strcmp0 (response, "record") != 0)
    return;

  record_decision (self);
}

static void
ask_decision (CwGiftsPage   *self,
              PendingAction  action)
{
  CwGiftDeclaration *gift = self->selected;
  DecisionWidgets *w;
  AdwMessageDialog *dialog;
  GtkWidget *box;
  g_autofree char *value = NULL;
  g_autofree char *flags = NULL;
  g_autofree char *body = NULL;
  gboolean change = action == ACTION_CHANGE_DECISION;

  if (gift == NULL)
    return;

  if (self->pending_gift_id != self->selected_id || self->pending_action != action)
    {
      clear_pending (self);
      self->pending_gift_id = self->selected_id;
      self->pending_action = action;
    }

  value = cw_gift_format_pence (cw_gift_declaration_get_value_pence (gift));
  flags = cw_gift_flags_to_string (cw_gift_declaration_get_flags (gift));
  if (*flags != '\0')
    /* TRANSLATORS: description, value, declarer, then the flags */
    body = g_strdup_printf (_("“%s”, %s, declared by %s. Flags: %s."),
                            cw_gift_declaration_get_description (gift), value,
                            cw_gift_declaration_get_staff_name (gift), flags);
  else
    body = g_strdup_printf (_("“%s”, %s, declared by %s. No flags."),
                            cw_gift_declaration_get_description (gift), value,
                            cw_gift_declaration_get_staff_name (gift));

  dialog = cw_message_dialog_new (GTK_WIDGET (self),
                                  change ? "change_decision_dialog" : "decide_dialog",
                                  change ? _("Change the Decision?") : _("Decide on This Gift"),
                                  body,
                                  "record", change ? _("_Change Decision") : _("_Decide"),
                                  ADW_RESPONSE_SUGGESTED);

  w = g_new0 (DecisionWidgets, 1);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  for (guint i = 0; i < N_DECISIONS; i++)
    {
      CwGiftDecision decision = decision_at (i);
      g_autofree char *name = g_strdup_printf ("decision_%s", cw_gift_decision_get_id (decision));
      GtkWidget *button = gtk_check_button_new_with_label (cw_gift_decision_get_title (decision));

      gtk_widget_set_name (button, name);
      if (i > 0)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (button), GTK_CHECK_BUTTON (w->choices[0]));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (button),
                                   self->pending_decision == decision);
      gtk_box_append (GTK_BOX (box), button);
      w->choices[i] = button;
    }
  w->reason = cw_dialog_add_entry (GTK_BOX (box), "decision_reason_entry",
                                   _("Reason for the decision (required)"),
                                   self->pending_reason);
  gtk_widget_set_margin_top (w->reason, 6);
  if (change)
    w->correction_reason = cw_dialog_add_entry (GTK_BOX (box), "correction_reason_entry",
                                                _("Why the decision is changed (required)"),
                                                self->pending_correction_reason);
  adw_message_dialog_set_extra_child (dialog, box);
  g_object_set_data_full (G_OBJECT (dialog), "widgets", w, g_free);

  for (guint i = 0; i < N_DECISIONS; i++)
    g_signal_connect_object (w->choices[i], "toggled", G_CALLBACK (decision_update_cb), dialog,
                             0);
  g_signal_connect_object (w->reason, "changed", G_CALLBACK (decision_update_cb), dialog, 0);
  if (w->correction_reason != NULL)
    g_signal_connect_object (w->correction_reason, "changed", G_CALLBACK (decision_update_cb),
                             dialog, 0);
  decision_update_cb (NULL, dialog);

  g_signal_connect_object (dialog, "response", G_CALLBACK (decision_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
decide_clicked_cb (CwGiftsPage *self)
{
  ask_decision (self, ACTION_DECIDE);
}

static void
change_decision_clicked_cb (CwGiftsPage *self)
{
  ask_decision (self, ACTION_CHANGE_DECISION);
}

/* Overrides --------------------------------------------------------------- */

static void
cw_gifts_page_dispose (GObject *object)
{
  CwGiftsPage *self = CW_GIFTS_PAGE (object);

  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->filter_bar != NULL)
    g_signal_handlers_disconnect_by_data (self->filter_bar, self);
  self->filter_bar = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), CW_TYPE_GIFTS_PAGE);

  g_clear_object (&self->selection);
  g_clear_object (&self->selected);
  g_clear_object (&self->gifts);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (cw_gifts_page_parent_class)->dispose (object);
}

static void
cw_gifts_page_finalize (GObject *object)
{
  CwGiftsPage *self = CW_GIFTS_PAGE (object);

  clear_pending (self);

  G_OBJECT_CLASS (cw_gifts_page_parent_class)->finalize (object);
}

static void
cw_gifts_page_class_init (CwGiftsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cw_gifts_page_dispose;
  object_class->finalize = cw_gifts_page_finalize;

  gtk_widget_class_set_css_name (widget_class, "cw-gifts-page");

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/casework/Casework/"
                                               "cw-gifts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CwGiftsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CwGiftsPage, declare_button);
  gtk_widget_class_bind_template_child (widget_class, CwGiftsPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, CwGiftsPage, filter_box);
  gtk_widget_class_bind_template_child (widget_class, CwGiftsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, CwGiftsPage, filter_summary_label);
  gtk_widget_class_bind_template_child (widget_class, CwGiftsPage, awaiting_toggle);
  gtk_widget_class_bind_template_child (widget_class, CwGiftsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, CwGiftsPage, gift_list);
  gtk_widget_class_bind_template_child (widget_class, CwGiftsPage, empty_status);
  gtk_widget_class_bind_template_child (widget_class, CwGiftsPage, clear_filters_button);
  gtk_widget_class_bind_template_child (widget_class, CwGiftsPage, detail_scroller);
  gtk_widget_class_bind_template_child (widget_class, CwGiftsPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, CwGiftsPage, no_selection_status);
  gtk_widget_class_bind_template_child (widget_class, CwGiftsPage, actions_box);
  gtk_widget_class_bind_template_child (widget_class, CwGiftsPage, correct_button);
  gtk_widget_class_bind_template_child (widget_class, CwGiftsPage, change_decision_button);
  gtk_widget_class_bind_template_child (widget_class, CwGiftsPage, decide_button);
  gtk_widget_class_bind_template_child (widget_class, CwGiftsPage, detail_box);
  gtk_widget_class_bind_template_callback (widget_class, declare_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, awaiting_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_filters_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, correct_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, decide_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, change_decision_clicked_cb);
}

static void
cw_gifts_page_init (CwGiftsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  cw_page_set_toast_overlay (CW_PAGE (self), self->toast_overlay);
  cw_list_view_set_rows (self->gift_list, G_CALLBACK (setup_item_cb), G_CALLBACK (bind_item_cb));
}

/* Public ------------------------------------------------------------------ */

GtkWidget *
cw_gifts_page_new (CwSession *session)
{
  static const CwGiftFlags flags[] = {
    CW_GIFT_FLAG_OVER_THRESHOLD, CW_GIFT_FLAG_CASH, CW_GIFT_FLAG_REPEATED,
    CW_GIFT_FLAG_OUTSIDE_PLAN,
  };
  const char *titles[G_N_ELEMENTS (flags)];
  guint values[G_N_ELEMENTS (flags)];
  CwGiftsPage *self;
  GtkWidget *bar;

  g_return_val_if_fail (CW_IS_SESSION (session), NULL);

  self = g_object_new (CW_TYPE_GIFTS_PAGE, NULL);
  self->session = g_object_ref (session);
  self->gifts = cw_gift_register_new (session);
  self->reviewer = cw_may_review_registers (session);
  gtk_widget_set_visible (GTK_WIDGET (self->awaiting_toggle), self->reviewer);

  bar = cw_register_filter_bar_new (session, _("Undecided only"));
  gtk_widget_set_hexpand (bar, TRUE);
  for (gsize i = 0; i < G_N_ELEMENTS (flags); i++)
    {
      titles[i] = cw_gift_flag_get_title (flags[i]);
      values[i] = flags[i];
    }
  cw_register_filter_bar_set_flags (CW_REGISTER_FILTER_BAR (bar), titles, values,
                                    G_N_ELEMENTS (flags));
  gtk_box_append (self->filter_box, bar);
  self->filter_bar = CW_REGISTER_FILTER_BAR (bar);
  g_signal_connect_swapped (bar, "changed", G_CALLBACK (filter_changed_cb), self);

  cw_gifts_page_reload (self);

  return GTK_WIDGET (self);
}

void
cw_gifts_page_reload (CwGiftsPage *self)
{
  g_return_if_fail (CW_IS_GIFTS_PAGE (self));

  reload_list (self, TRUE);
}

void
cw_gifts_page_get_filter (CwGiftsPage  *self,
                          CwGiftFilter *filter)
{
  g_return_if_fail (CW_IS_GIFTS_PAGE (self));
  g_return_if_fail (filter != NULL);

  read_filter (self, filter);
}
