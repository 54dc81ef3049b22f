/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-child-page"

#include "config.h"

#include <string.h>
#include <time.h>
#include <glib/gi18n.h>

#include "core/cw-child-repository.h"
#include "core/cw-chronology.h"
#include "core/cw-entry-repository.h"
#include "core/cw-principles.h"
#include "cw-child-editor.h"
#include "cw-child-page.h"
#include "cw-entry-editor.h"
#include "cw-page-util.h"
#include "cw-timeline.h"

/*
 * The page reads through one CwChronology: the column view shows it
 * lazily (rows are bound as they scroll into view; see detach_chronology()
 * for why it reaches the view through a list store), the filter bar sets
 * its filter, and the timeline strip draws the points of the same filter.
 * The number of notes under no filter (the "M" of "N of M entries match")
 * is counted when the page opens and again whenever the chronology is
 * reloaded. A decision or professional judgement shows where its sign-off
 * stands as a badge under its kind, read with the row.
 */

typedef enum
{
  COLUMN_DATE,
  COLUMN_AGE,
  COLUMN_KIND,
  COLUMN_SUMMARY,
  COLUMN_SOURCE,
  COLUMN_IMPACT,
  COLUMN_ACTION,
  COLUMN_AUTHOR,
  COLUMN_QUALITY,
} ChronologyColumn;

typedef enum
{
  DATE_EMPTY,
  DATE_VALID,
  DATE_MALFORMED,
  DATE_IMPOSSIBLE,
} DateState;

struct _CwChildPage
{
  CwPage              parent_instance;

  AdwToastOverlay    *toast_overlay;
  AdwWindowTitle     *window_title;
  GtkMenuButton      *new_note_button;
  GtkWidget          *edit_button;
  GtkLabel           *reference_label;
  GtkLabel           *age_label;
  GtkLabel           *legal_status_label;
  GtkLabel           *worker_label;
  GtkExpander        *adults_expander;
  GtkFlowBox         *adults_box;
  GtkWidget          *no_adults_label;
  GtkWidget          *timeline_box;
  CwTimeline         *timeline;
  GtkLabel           *legend_label;
  GtkWidget          *filter_bar;
  GtkFlowBox         *filter_flow;
  GtkSearchEntry     *search_entry;
  GtkToggleButton    *significant_toggle;
  GtkMenuButton      *kinds_button;
  GtkBox             *kinds_box;
  GtkMenuButton      *dates_button;
  GtkEntry           *from_entry;
  GtkEntry           *to_entry;
  GtkLabel           *dates_message;
  GtkDropDown        *author_dropdown;
  GtkDropDown        *outcome_dropdown;
  GtkWidget          *clear_filters_button;
  GtkWidget          *status_bar;
  GtkLabel           *count_label;
  GtkWidget          *quality_button;
  GtkLabel           *quality_label;
  GtkGrid            *quality_grid;
  GtkStack           *content_stack;
  GtkColumnView      *column_view;
  AdwStatusPage      *empty_status;
  AdwStatusPage      *no_match_status;
  GtkMenuButton      *empty_new_note_button;

  CwSession          *session;
  CwChild            *child;
  CwChronology       *chronology;
  CwEntryRepository  *entries;
  GListStore         *rows_store;       /* holds the chronology while it is shown */
  GtkSingleSelection *selection;
  GtkCheckButton     *kind_checks[CW_ENTRY_KIND_LAST];

  guint               n_total;          /* notes shown under no filter */
  guint64             kinds_all;        /* kinds among them (the legend) */
  gboolean            unsearchable;     /* search text with no word in it */
  gboolean            resetting;        /* clearing the filter widgets */
  GCancellable       *quality_cancellable;
  guint               quality_running;  /* summaries in flight: 0 or 1 */
  gboolean            quality_pending;  /* asked for again while one ran */
  struct _QualityWork *quality_work;    /* the running one, until its thread is done */
};

enum {
  CLOSE_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CwChildPage, cw_child_page, CW_TYPE_PAGE)

static void apply_filters     (CwChildPage *self);
static void reload_chronology (CwChildPage *self);

/* Helpers: small things */

static void
show_toast (CwChildPage *self,
            const char  *text,
            gboolean     is_problem)
{
  AdwToast *toast = adw_toast_new (text);

  if (is_problem)
    {
      adw_toast_set_timeout (toast, 0);
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
today (GDate *date)
{
  g_date_clear (date, 1);
  g_date_set_time_t (date, time (NULL));
}

static GtkWidget *
caption_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_add_css_class (label, "caption");
  return label;
}

/* The GtkListView inside a GtkColumnView, which has the list actions. */
static GtkWidget *
find_list_view (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LIST_VIEW (child))
        return child;
      found = find_list_view (child);
      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Helpers: the header */

static int
months_between (const GDate *from,
                const GDate *to)
{
  int months = (g_date_get_year (to) - g_date_get_year (from)) * 12 +
               ((int) g_date_get_month (to) - (int) g_date_get_month (from));

  if (g_date_get_day (to) < g_date_get_day (from))
    months--;

  return MAX (months, 0);
}

static char *
format_age_line (CwChild *child)
{
  const GDate *dob = cw_child_get_date_of_birth (child);
  CwDatePrecision precision = cw_child_get_dob_precision (child);
  g_autofree char *born = NULL;
  g_autofree char *age = NULL;
  gboolean approximate = FALSE;
  GDate now;
  int years;

  if (precision == CW_DATE_UNKNOWN || dob == NULL || !g_date_valid (dob))
    return g_strdup (_("Unknown: the date of birth is not known"));

  today (&now);
  born = cw_event_format (dob, -1, -1, CW_EVENT_DAY);

  if (g_date_compare (dob, &now) > 0)
    /* TRANSLATORS: a child not yet born: "Not yet born (expected 3 Mar 2026)" */
    return g_strdup_printf (_("Not yet born (expected %s)"), born);

  years = cw_child_get_age_on (child, &now, &approximate);
  if (years < 1)
    {
      int months = months_between (dob, &now);

      age = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d month", "%d months", months),
                             months);
    }
  else
    age = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d year", "%d years", years), years);

  if (precision == CW_DATE_APPROXIMATE || approximate)
    {
      g_autofree char *about = cw_event_format (dob, -1, -1, CW_EVENT_APPROXIMATE);

      /* TRANSLATORS: "about 7 years (born about 3 Mar 2018; the date is approximate)" */
      return g_strdup_printf (_("about %s (born %s; the date is approximate)"), age, about);
    }

  /* TRANSLATORS: "7 years (born 3 Mar 2018)" */
  return g_strdup_printf (_("%s (born %s)"), age, born);
}

static char *
worker_name (CwChildPage *self)
{
  gint64 worker_id = cw_child_get_allocated_worker_id (self->child);
  CwStaffRepository *staff = cw_session_get_staff_repository (self->session);
  g_autoptr(CwStaffMember) worker = NULL;

  if (worker_id <= 0)
    return g_strdup (_("Not allocated"));

  if (staff != NULL)
    worker = cw_staff_repository_lookup_by_id (staff, worker_id, NULL);

  return g_strdup (worker != NULL ? cw_staff_member_get_display_name (worker) : _("Unknown"));
}

static GtkWidget *
build_adult_card (const CwChildAdult *adult)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *name = gtk_label_new (adult->name != NULL ? adult->name : "");
  GtkWidget *relation;
  g_autofree char *relation_text = NULL;
  const char *relationship = adult->relationship != NULL && *adult->relationship != '\0'
                             ? adult->relationship : _("Relationship not recorded");

  gtk_label_set_xalign (GTK_LABEL (name), 0.0f);
  gtk_label_set_selectable (GTK_LABEL (name), TRUE);
  gtk_widget_add_css_class (name, "heading");
  gtk_box_append (GTK_BOX (box), name);

  relation_text = g_strdup_printf ("%s · %s", relationship,
                                   adult->parental_responsibility
                                   ? _("Parental responsibility")
                                   : _("No parental responsibility"));
  relation = caption_label (relation_text);
  if (adult->parental_responsibility)
    gtk_widget_add_css_class (relation, "accent");
  else
    gtk_widget_add_css_class (relation, "dim-label");
  gtk_box_append (GTK_BOX (box), relation);

  if (adult->contact_details != NULL && *adult->contact_details != '\0')
    {
      GtkWidget *contact = caption_label (adult->contact_details);

      gtk_label_set_selectable (GTK_LABEL (contact), TRUE);
      gtk_label_set_wrap (GTK_LABEL (contact), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (contact), 36);
      gtk_box_append (GTK_BOX (box), contact);
    }

  return box;
}

static void
populate_header (CwChildPage *self)
{
  g_autofree char *name = cw_child_dup_display_name (self->child);
  g_autofree char *age = format_age_line (self->child);
  g_autofree char *worker = worker_name (self);
  GPtrArray *adults = cw_child_get_adults (self->child);
  GtkWidget *card;

  adw_window_title_set_title (self->window_title, name);
  adw_window_title_set_subtitle (self->window_title, _("Chronology"));
  gtk_label_set_text (self->reference_label, cw_child_get_case_reference (self->child));
  gtk_label_set_text (self->age_label, age);
  gtk_label_set_text (self->legal_status_label,
                      cw_legal_status_get_title (cw_child_get_legal_status (self->child)));
  gtk_label_set_text (self->worker_label, worker);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->worker_label), worker);

  while ((card = gtk_widget_get_first_child (GTK_WIDGET (self->adults_box))) != NULL)
    gtk_flow_box_remove (self->adults_box, card);

  for (guint i = 0; adults != NULL && i < adults->len; i++)
    gtk_flow_box_append (self->adults_box, build_adult_card (g_ptr_array_index (adults, i)));

  if (adults != NULL && adults->len > 0)
    {
      g_autofree char *title =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "_Adults around the child (%u)",
                                      "_Adults around the child (%u)", adults->len),
                         adults->len);

      gtk_expander_set_label (self->adults_expander, title);
      gtk_widget_set_visible (GTK_WIDGET (self->adults_expander), TRUE);
      gtk_widget_set_visible (self->no_adults_label, FALSE);
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->adults_expander), FALSE);
      gtk_widget_set_visible (self->no_adults_label, TRUE);
    }

  cw_timeline_set_date_of_birth (self->timeline,
                                 cw_child_get_dob_precision (self->child) == CW_DATE_UNKNOWN
                                 ? NULL : cw_child_get_date_of_birth (self->child));
}

/* Helpers: filters */

static DateState
parse_day (const char *text,
           GDate      *day_out)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_auto(GStrv) parts = NULL;
  guint64 numbers[3];

  g_date_clear (day_out, 1);

  if (*trimmed == '\0')
    return DATE_EMPTY;

  g_strdelimit (trimmed, ".-", '/');
  parts = g_strsplit (trimmed, "/", -1);
  if (g_strv_length (parts) != 3)
    return DATE_MALFORMED;

  for (guint i = 0; i < 3; i++)
    {
      const char *part = parts[i];
      gsize len = strlen (part);

      if (len == 0 || len > (i == 2 ? 4u : 2u) || (i == 2 && len != 4))
        return DATE_MALFORMED;
      for (gsize j = 0; j < len; j++)
        if (!g_ascii_isdigit (part[j]))
          return DATE_MALFORMED;
      numbers[i] = g_ascii_strtoull (part, NULL, 10);
    }

  if (numbers[1] < 1 || numbers[1] > 12 || numbers[0] < 1 || numbers[2] < 1 ||
      !g_date_valid_dmy ((GDateDay) numbers[0], (GDateMonth) numbers[1],
                         (GDateYear) numbers[2]))
    return DATE_IMPOSSIBLE;

  g_date_set_dmy (day_out, (GDateDay) numbers[0], (GDateMonth) numbers[1],
                  (GDateYear) numbers[2]);
  return DATE_VALID;
}

static char *
format_short_date (const GDate *date)
{
  char text[32];

  g_date_strftime (text, sizeof text, "%d/%m/%Y", date);
  return g_strdup (text);
}

/* Validates the two date entries; @show_problems turns a problem into a
 * sentence (while typing the entry is only left unapplied). */
static void
check_dates (CwChildPage *self,
             gboolean     show_problems,
             GDate       *from_out,
             GDate       *to_out)
{
  GtkEntry *entries[2] = { self->from_entry, self->to_entry };
  GDate *days[2] = { from_out, to_out };
  g_autofree char *message = NULL;

  for (guint i = 0; i < 2; i++)
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (entries[i]));
      DateState state = parse_day (text, days[i]);
      gboolean problem = state == DATE_MALFORMED || state == DATE_IMPOSSIBLE;

      if (problem && message == NULL)
        {
          if (state == DATE_MALFORMED)
            message = g_strdup (i == 0
                                ? _("Type the “From” date as day/month/year, for example "
                                    "14/03/2021.")
                                : _("Type the “To” date as day/month/year, for example "
                                    "14/03/2021."));
          else
            /* TRANSLATORS: %s is what was typed, "31/02/2021" */
            message = g_strdup_printf (_("There is no such date as %s."), text);
        }

      if (problem && show_problems)
        {
          gtk_widget_add_css_class (GTK_WIDGET (entries[i]), "error");
          gtk_accessible_update_state (GTK_ACCESSIBLE (entries[i]),
                                       GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                       -1);
        }
      else if (!problem)
        {
          gtk_widget_remove_css_class (GTK_WIDGET (entries[i]), "error");
          gtk_accessible_reset_state (GTK_ACCESSIBLE (entries[i]), GTK_ACCESSIBLE_STATE_INVALID);
        }
    }

  if (message == NULL && g_date_valid (from_out) && g_date_valid (to_out) &&
      g_date_compare (from_out, to_out) > 0)
    {
      message = g_strdup (_("The “From” date is after the “To” date, so no event could "
                            "fall between them. Neither is applied."));
      g_date_clear (from_out, 1);
      g_date_clear (to_out, 1);
    }

  /* A sentence already shown follows what is typed now. */
  if (message != NULL &&
      (show_problems || gtk_widget_get_visible (GTK_WIDGET (self->dates_message))))
    {
      gtk_label_set_text (self->dates_message, message);
      gtk_widget_set_visible (GTK_WIDGET (self->dates_message), TRUE);
    }
  else if (message == NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->dates_message), FALSE);
}

static gint64
selected_author_id (CwChildPage *self)
{
  gpointer item = gtk_drop_down_get_selected_item (self->author_dropdown);

  return item != NULL && CW_IS_STAFF_MEMBER (item) ? cw_staff_member_get_id (item) : 0;
}

static guint
selected_outcomes (CwChildPage *self)
{
  guint position = gtk_drop_down_get_selected (self->outcome_dropdown);

  if (position == GTK_INVALID_LIST_POSITION || position == 0 || position > 5)
    return 0;

  return 1u << (position - 1);
}

/* What the filter widgets say. */
static void
gather_filter (CwChildPage        *self,
               gboolean            show_date_problems,
               CwChronologyFilter *filter)
{
  g_autofree char *search = g_strstrip (g_strdup (gtk_editable_get_text (
                                                    GTK_EDITABLE (self->search_entry))));
  g_autofree char *match = NULL;

  cw_chronology_filter_init (filter);
  filter->significant_only = gtk_toggle_button_get_active (self->significant_toggle);

  for (guint kind = 0; kind < CW_ENTRY_KIND_LAST; kind++)
    if (self->kind_checks[kind] != NULL &&
        gtk_check_button_get_active (self->kind_checks[kind]))
      filter->kinds_mask |= G_GUINT64_CONSTANT (1) << kind;

  check_dates (self, show_date_problems, &filter->from, &filter->to);
  filter->author_id = selected_author_id (self);
  filter->outcomes_mask = selected_outcomes (self);

  match = cw_chronology_build_match (search);
  self->unsearchable = *search != '\0' && match == NULL;
  filter->search = match != NULL ? g_steal_pointer (&search) : NULL;
}

static gboolean
filters_equal (const CwChronologyFilter *a,
               const CwChronologyFilter *b)
{
  gboolean from_same = g_date_valid (&a->from) == g_date_valid (&b->from) &&
                       (!g_date_valid (&a->from) || g_date_compare (&a->from, &b->from) == 0);
  gboolean to_same = g_date_valid (&a->to) == g_date_valid (&b->to) &&
                     (!g_date_valid (&a->to) || g_date_compare (&a->to, &b->to) == 0);

  return a->significant_only == b->significant_only && a->kinds_mask == b->kinds_mask &&
         from_same && to_same && a->author_id == b->author_id &&
         a->outcomes_mask == b->outcomes_mask && g_strcmp0 (a->search, b->search) == 0;
}

static void
update_filter_buttons (CwChildPage              *self,
                       const CwChronologyFilter *filter)
{
  guint n_kinds = 0;
  g_autofree char *dates = NULL;
  gboolean empty = cw_chronology_filter_is_empty (filter) && !self->unsearchable;

  for (guint kind = 0; kind < CW_ENTRY_KIND_LAST; kind++)
    if (filter->kinds_mask & (G_GUINT64_CONSTANT (1) << kind))
      n_kinds++;

  if (n_kinds == 0)
    gtk_menu_button_set_label (self->kinds_button, _("All Kinds"));
  else
    {
      g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Kind",
                                                             "%u Kinds", n_kinds), n_kinds);

      gtk_menu_button_set_label (self->kinds_button, label);
    }

  if (g_date_valid (&filter->from) && g_date_valid (&filter->to))
    {
      g_autofree char *from = format_short_date (&filter->from);
      g_autofree char *to = format_short_date (&filter->to);

      /* TRANSLATORS: a date range on a button: "01/03/2021 – 31/12/2022" */
      dates = g_strdup_printf (_("%s – %s"), from, to);
    }
  else if (g_date_valid (&filter->from))
    {
      g_autofree char *from = format_short_date (&filter->from);

      dates = g_strdup_printf (_("From %s"), from);
    }
  else if (g_date_valid (&filter->to))
    {
      g_autofree char *to = format_short_date (&filter->to);

      dates = g_strdup_printf (_("Until %s"), to);
    }
  gtk_menu_button_set_label (self->dates_button, dates != NULL ? dates : _("Any Date"));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "child-page.clear-filters", !empty);
}

/* Helpers: what the list area shows */

/* The key to the timeline: a mark and a title for every kind among the
 * child's notes (all of them, so that it stays put while filtering). */
static void
update_legend (CwChildPage *self)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GString *markup = g_string_new (NULL);
  GString *spoken = g_string_new (_("Key to the timeline: "));
  guint n = 0;

  for (guint kind = 0; kind < CW_ENTRY_KIND_LAST; kind++)
    {
      g_autofree char *escaped = NULL;
      GString *title;
      GdkRGBA colour;
      gboolean risk = kind == CW_ENTRY_KIND_DISCLOSURE || kind == CW_ENTRY_KIND_CONCERN ||
                      kind == CW_ENTRY_KIND_INCIDENT;

      if (!(self->kinds_all & (G_GUINT64_CONSTANT (1) << kind)))
        continue;

      cw_timeline_get_kind_colour (kind, dark, &colour);
      escaped = g_markup_escape_text (cw_entry_kind_get_title (kind), -1);
      /* No break between a mark and its title. */
      title = g_string_new (escaped);
      g_string_replace (title, " ", "\u00a0", 0);
      g_string_append_printf (markup, "%s<span foreground=\"#%02x%02x%02x\">%s</span>\u00a0%s",
                              n > 0 ? "\u2003 " : "",
                              (guint) (colour.red * 255 + 0.5), (guint) (colour.green * 255 + 0.5),
                              (guint) (colour.blue * 255 + 0.5),
                              risk ? "\u25b2" : "\u258e", title->str);
      g_string_free (title, TRUE);
      g_string_append_printf (spoken, "%s%s", n > 0 ? ", " : "", cw_entry_kind_get_title (kind));
      n++;
    }

  if (n > 0)
    {
      g_autofree char *note = g_markup_escape_text (_("Taller marks: significant events"), -1);
      GString *kept = g_string_new (note);

      g_string_replace (kept, " ", "\u00a0", 0);
      g_string_append_printf (markup, "\u2003 <span alpha=\"70%%\">%s</span>", kept->str);
      g_string_free (kept, TRUE);
    }

  gtk_label_set_markup (self->legend_label, markup->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->legend_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, spoken->str, -1);
  gtk_widget_set_visible (GTK_WIDGET (self->legend_label), n > 0);

  g_string_free (markup, TRUE);
  g_string_free (spoken, TRUE);
}

static void
update_timeline (CwChildPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) points = cw_chronology_get_timeline (self->chronology, &error);

  if (points == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The timeline could not be drawn: %s"),
                                               error->message);

      show_toast (self, text, TRUE);
    }

  cw_timeline_set_points (self->timeline, points);
  if (cw_chronology_filter_is_empty (cw_chronology_get_filter (self->chronology)))
    self->kinds_all = cw_timeline_get_kinds_present (self->timeline);
  update_legend (self);
}

static void
update_view (CwChildPage *self)
{
  const CwChronologyFilter *filter = cw_chronology_get_filter (self->chronology);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->chronology));
  gboolean filtered = !cw_chronology_filter_is_empty (filter) || self->unsearchable;
  g_autofree char *count = NULL;
  g_autofree char *name = cw_child_dup_display_name (self->child);

  if (self->unsearchable)
    n = 0;

  if (self->n_total == 0)
    {
      g_autofree char *description =
        g_strdup_printf (_("Notes about %s will appear here in the order things happened, "
                           "once they are finished."), name);

      adw_status_page_set_description (self->empty_status, description);
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
      count = g_strdup (_("No entries"));
    }
  else if (n == 0)
    {
      adw_status_page_set_description (
        self->no_match_status,
        self->unsearchable
        ? _("Search looks for words and the beginnings of words: type some letters or "
            "numbers.")
        : _("None of the notes you can see fits every filter that is set. Change the "
            "filters or clear them to see the whole chronology."));
      gtk_stack_set_visible_child_name (self->content_stack, "no-match");
    }
  else
    gtk_stack_set_visible_child_name (self->content_stack, "list");

  if (count == NULL)
    {
      if (filtered)
        /* TRANSLATORS: "3 of 14 entries match" */
        count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u entry matches",
                                              "%u of %u entries match", self->n_total),
                                 n, self->n_total);
      else
        count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u entry", "%u entries",
                                              self->n_total), self->n_total);
    }
  gtk_label_set_text (self->count_label, count);

  /* With no notes at all there is nothing to draw or filter. */
  gtk_widget_set_visible (self->timeline_box, self->n_total > 0);
  gtk_widget_set_visible (self->filter_bar, self->n_total > 0);
  gtk_widget_set_visible (self->status_bar, self->n_total > 0);

  update_filter_buttons (self, filter);
}

/* Helpers: quality summary (a GTask thread) */

/* Shared (reference counted) by the page and its thread, so that the page
 * can wait until the thread no longer uses the session's connection
 * before the window locks or signs out and closes it. */
typedef struct _QualityWork
{
  CwSession        *session;
  gint64            child_id;
  CwQualitySummary  summary;
  GMutex            mutex;
  GCond             cond;
  gboolean          done;
} QualityWork;

static void
quality_work_clear (QualityWork *work)
{
  g_clear_object (&work->session);
  g_mutex_clear (&work->mutex);
  g_cond_clear (&work->cond);
}

static void
quality_work_unref (QualityWork *work)
{
  g_atomic_rc_box_release_full (work, (GDestroyNotify) quality_work_clear);
}

/* Blocks until the running summary's thread has finished with the
 * session. Called when the page leaves its window, before a lock or
 * sign-out can close the database under it. */
static void
quality_wait (CwChildPage *self)
{
  QualityWork *work = self->quality_work;

  if (self->quality_cancellable != NULL)
    g_cancellable_cancel (self->quality_cancellable);
  self->quality_pending = FALSE;

  if (work == NULL)
    return;

  g_mutex_lock (&work->mutex);
  while (!work->done)
    g_cond_wait (&work->cond, &work->mutex);
  g_mutex_unlock (&work->mutex);
}

static void
quality_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  QualityWork *work = task_data;
  GError *error = NULL;

  gboolean ok = cw_principles_summarise_child (work->session, work->child_id,
                                               &work->summary, &error);

  g_mutex_lock (&work->mutex);
  work->done = TRUE;
  g_cond_broadcast (&work->cond);
  g_mutex_unlock (&work->mutex);

  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void start_quality_summary (CwChildPage *self);

static void
show_quality (CwChildPage            *self,
              const CwQualitySummary *summary)
{
  g_autofree char *notes = NULL;
  g_autofree char *late = NULL;
  g_autofree char *text = NULL;
  GtkWidget *child;
  guint row = 0;
  int worst = -1;
  guint worst_missed = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->quality_grid))) != NULL)
    gtk_grid_remove (self->quality_grid, child);

  if (summary->n_notes == 0)
    {
      gtk_widget_set_visible (self->quality_button, FALSE);
      return;
    }

  notes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u note", "%u notes",
                                        summary->n_notes), summary->n_notes);
  if (summary->n_late == 0)
    late = g_strdup (_("none written late"));
  else
    late = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u written late",
                                         "%u written late", summary->n_late),
                            summary->n_late);

  for (guint p = 0; p < CW_PRINCIPLE_LAST; p++)
    {
      guint applied = summary->n_applied[p];
      guint met = summary->n_met[p];
      g_autofree char *value = NULL;
      GtkWidget *title, *count;

      if (applied == 0)
        continue;

      if (p != CW_PRINCIPLE_TIMELY && applied - met > worst_missed)
        {
          worst = (int) p;
          worst_missed = applied - met;
        }

      title = gtk_label_new (cw_principle_get_title (p));
      gtk_label_set_xalign (GTK_LABEL (title), 0.0f);
      /* TRANSLATORS: how many of the notes to which a principle applies meet it */
      value = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u note meets it",
                                            "%u of %u notes meet it", applied), met, applied);
      count = gtk_label_new (value);
      gtk_label_set_xalign (GTK_LABEL (count), 0.0f);
      gtk_widget_add_css_class (count, met < applied ? "warning" : "dim-label");
      gtk_grid_attach (self->quality_grid, title, 0, (int) row, 1, 1);
      gtk_grid_attach (self->quality_grid, count, 1, (int) row, 1, 1);
      row++;
    }

  if (worst >= 0)
    /* TRANSLATORS: "12 notes — 2 written late; most often missed: Impact on the
     * child (4 notes)" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%s — %s; most often missed: %s (%u note)",
                                         "%s — %s; most often missed: %s (%u notes)",
                                         worst_missed),
                            notes, late, cw_principle_get_title ((CwPrinciple) worst),
                            worst_missed);
  else
    /* TRANSLATORS: "12 notes — none written late" */
    text = g_strdup_printf (_("%s — %s"), notes, late);

  gtk_label_set_text (self->quality_label, text);
  gtk_widget_set_visible (self->quality_button, TRUE);
}

static void
quality_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CwChildPage *self = CW_CHILD_PAGE (source);
  GTask *task = G_TASK (result);
  QualityWork *work = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gboolean cancelled = g_cancellable_is_cancelled (g_task_get_cancellable (task));

  self->quality_running--;
  g_clear_pointer (&self->quality_work, quality_work_unref);

  if (self->quality_pending && !cancelled)
    {
      self->quality_pending = FALSE;
      start_quality_summary (self);
      return;
    }

  if (!g_task_propagate_boolean (task, &error))
    {
      if (!cancelled)
        {
          gtk_label_set_text (self->quality_label, _("Recording quality could not be checked"));
          gtk_widget_set_tooltip_text (self->quality_button, error->message);
          gtk_widget_set_visible (self->quality_button, TRUE);
        }
      return;
    }

  if (!cancelled)
    show_quality (self, &work->summary);
}

static void
start_quality_summary (CwChildPage *self)
{
  g_autoptr(GTask) task = NULL;
  QualityWork *work;

  /* One at a time on the shared connection: ask again when it is done. */
  if (self->quality_work != NULL)
    {
      self->quality_pending = TRUE;
      return;
    }

  g_clear_object (&self->quality_cancellable);

  if (cw_session_is_locked (self->session))
    return;

  self->quality_cancellable = g_cancellable_new ();
  work = g_atomic_rc_box_new0 (QualityWork);
  g_mutex_init (&work->mutex);
  g_cond_init (&work->cond);
  work->session = g_object_ref (self->session);
  work->child_id = cw_child_get_id (self->child);
  self->quality_work = g_atomic_rc_box_acquire (work);

  task = g_task_new (self, self->quality_cancellable, quality_done_cb, NULL);
  g_task_set_source_tag (task, start_quality_summary);
  g_task_set_task_data (task, work, (GDestroyNotify) quality_work_unref);
  /* The summary must finish even when cancelled: its result is dropped. */
  g_task_set_return_on_cancel (task, FALSE);
  self->quality_running++;
  g_task_run_in_thread (task, quality_thread);
}

/* Helpers: editors */

static void
entry_changed_cb (CwChildPage *self)
{
  reload_chronology (self);
}

static void
open_entry_editor (CwChildPage *self,
                   CwEntry     *entry)
{
  GtkWidget *editor = cw_entry_editor_new (self->session, entry,
                                           cw_widget_get_parent_window (GTK_WIDGET (self)));

  if (editor == NULL)
    return;

  g_signal_connect_object (editor, "finished", G_CALLBACK (entry_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (editor, "changed-state", G_CALLBACK (entry_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
open_entry (CwChildPage *self,
            gint64       entry_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwEntry) entry = cw_entry_repository_load (self->entries, entry_id, 0, &error);

  if (entry == NULL)
    {
      show_toast (self, error->message, TRUE);
      return;
    }

  open_entry_editor (self, entry);
}

static void
child_saved_cb (CwChildPage *self)
{
  g_autoptr(CwChildRepository) children = cw_child_repository_new (self->session);
  g_autoptr(GError) error = NULL;
  g_autoptr(CwChild) child = cw_child_repository_lookup (children, cw_child_get_id (self->child),
                                                          &error);

  if (child == NULL)
    {
      show_toast (self, error->message, TRUE);
      return;
    }

  g_set_object (&self->child, child);
  populate_header (self);
  /* The legal status changes which deadlines apply. */
  reload_chronology (self);
  show_toast (self, _("The child’s details were saved."), FALSE);
}

/* Helpers: the popover that picks a kind of note */

static GtkWidget *
build_new_note_popover (CwChildPage *self,
                        const char  *name_prefix)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *heading = gtk_label_new (_("What kind of note?"));

  gtk_label_set_xalign (GTK_LABEL (heading), 0.0f);
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_set_margin_start (heading, 6);
  gtk_widget_set_margin_bottom (heading, 6);
  gtk_box_append (GTK_BOX (box), heading);

  for (guint kind = 0; kind < CW_ENTRY_KIND_LAST; kind++)
    {
      GtkWidget *button = gtk_button_new ();
      GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *label = gtk_label_new (cw_entry_kind_get_title (kind));
      g_autofree char *name = g_strconcat (name_prefix, "new-note-",
                                           cw_entry_kind_get_id (kind), NULL);

      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_box_append (GTK_BOX (content), cw_timeline_swatch_new (kind));
      gtk_box_append (GTK_BOX (content), label);
      gtk_button_set_child (GTK_BUTTON (button), content);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_name (button, name);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "child-page.new-entry");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s",
                                        cw_entry_kind_get_id (kind));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      cw_entry_kind_get_title (kind), -1);
      g_signal_connect_object (button, "clicked", G_CALLBACK (gtk_popover_popdown), popover,
                               G_CONNECT_SWAPPED);
      gtk_box_append (GTK_BOX (box), button);
    }

  gtk_popover_set_child (GTK_POPOVER (popover), box);
  return popover;
}

/* Helpers: list cells */

static GtkWidget *
cell_label (const char *name,
            int         width_chars,
            int         max_width_chars,
            int         lines)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_name (label, name);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_yalign (GTK_LABEL (label), 0.0f);
  if (lines > 0)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_lines (GTK_LABEL (label), lines);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
    }
  if (width_chars > 0)
    gtk_label_set_width_chars (GTK_LABEL (label), width_chars);
  if (max_width_chars > 0)
    gtk_label_set_max_width_chars (GTK_LABEL (label), max_width_chars);

  return label;
}

static GtkWidget *
cell_box (GtkOrientation orientation,
          int            spacing)
{
  GtkWidget *box = gtk_box_new (orientation, spacing);

  gtk_widget_set_valign (box, GTK_ALIGN_START);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  return box;
}

static void
set_text_with_tooltip (GtkWidget  *label,
                       const char *text)
{
  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, *text != '\0' ? text : NULL);
}

static char *
fold_whitespace (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text != NULL ? text : "", " \t\n\r", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (*words[i] == '\0')
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, words[i]);
    }

  return g_string_free (out, FALSE);
}

/* The chronology marks matched words <b>…</b>; a highlight behind them shows
 * them in the bold summary of a significant event too. */
static char *
highlight_matches (const char *snippet)
{
  GString *markup = g_string_new (snippet);

  g_string_replace (markup, "<b>", "<b><span background=\"#f6d32d\" bgalpha=\"50%\">", 0);
  g_string_replace (markup, "</b>", "</span></b>", 0);
  return g_string_free (markup, FALSE);
}

/* Pango markup without its tags, whitespace folded; for comparing. */
static char *
plain_text_of (const char *markup)
{
  g_autofree char *text = NULL;

  if (!pango_parse_markup (markup, -1, 0, NULL, &text, NULL, NULL))
    return fold_whitespace (markup);

  return fold_whitespace (text);
}

/* The sign-off badge of a decision or professional judgement: its short
 * title, coloured by what it asks of people, and the whole sentence ("Signed
 * off by Sam Patel on 24 Nov 2026") as its tooltip and accessible label. */
static void
bind_sign_off_badge (GtkWidget        *badge,
                     CwChronologyItem *row)
{
  static const char *const styles[] = { "warning", "success", "error" };
  CwEntryKind kind = cw_chronology_item_get_kind (row);
  const char *title = cw_chronology_item_get_sign_off_title (row);
  const char *state = cw_chronology_item_get_sign_off_state (row);
  const char *style = NULL;
  g_autofree char *sentence = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (badge, styles[i]);

  if ((kind != CW_ENTRY_KIND_DECISION && kind != CW_ENTRY_KIND_PROFESSIONAL_JUDGEMENT) ||
      *title == '\0')
    {
      gtk_label_set_text (GTK_LABEL (badge), "");
      gtk_widget_set_tooltip_text (badge, NULL);
      gtk_widget_set_visible (badge, FALSE);
      return;
    }

  switch (cw_chronology_item_get_sign_off_status (row))
    {
    case CW_SIGN_OFF_STATE_SIGNED_OFF:
      style = "success";
      break;
    case CW_SIGN_OFF_STATE_DISAGREEMENT:
    case CW_SIGN_OFF_STATE_ESCALATED:
      style = "error";
      break;
    case CW_SIGN_OFF_STATE_AWAITING:
    case CW_SIGN_OFF_STATE_RETURNED:
    case CW_SIGN_OFF_STATE_SUPERSEDED:
    case CW_SIGN_OFF_STATE_NONE:
    default:
      style = "warning";
      break;
    }

  /* The core's sentence starts in lower case, to follow other words. */
  if (*state != '\0')
    {
      g_autofree char *first = g_utf8_strup (state, g_utf8_next_char (state) - state);

      sentence = g_strconcat (first, g_utf8_next_char (state), NULL);
    }
  else
    sentence = g_strdup (title);

  gtk_label_set_text (GTK_LABEL (badge), title);
  gtk_widget_add_css_class (badge, style);
  gtk_widget_set_tooltip_text (badge, sentence);
  gtk_accessible_update_property (GTK_ACCESSIBLE (badge), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  sentence, -1);
  gtk_widget_set_visible (badge, TRUE);
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  ChronologyColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory),
                                                                "cw-column"));
  GtkWidget *box, *label;

  switch (column)
    {
    case COLUMN_DATE:
      {
        GtkWidget *marks = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
        GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
        GtkWidget *star = gtk_image_new_from_icon_name ("starred-symbolic");
        GtkWidget *lock = gtk_image_new_from_icon_name ("changes-prevent-symbolic");
        GtkWidget *uncertainty = cell_label ("uncertainty-label", -1, 16, 0);

        box = cell_box (GTK_ORIENTATION_HORIZONTAL, 6);
        gtk_widget_set_size_request (marks, 16, -1);
        gtk_widget_set_name (star, "significant-icon");
        gtk_widget_add_css_class (star, "accent");
        gtk_widget_set_tooltip_text (star, _("Significant event"));
        gtk_accessible_update_property (GTK_ACCESSIBLE (star),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, _("Significant event"),
                                        -1);
        gtk_widget_set_name (lock, "restricted-icon");
        gtk_widget_set_tooltip_text (lock, _("Restricted: seen only by DSLs and its author"));
        gtk_accessible_update_property (GTK_ACCESSIBLE (lock),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, _("Restricted"),
                                        -1);
        gtk_box_append (GTK_BOX (marks), star);
        gtk_box_append (GTK_BOX (marks), lock);

        gtk_widget_add_css_class (uncertainty, "caption");
        gtk_widget_add_css_class (uncertainty, "warning");
        gtk_box_append (GTK_BOX (texts), cell_label ("date-label", 12, 20, 0));
        gtk_box_append (GTK_BOX (texts), uncertainty);

        gtk_box_append (GTK_BOX (box), marks);
        gtk_box_append (GTK_BOX (box), texts);
      }
      break;

    case COLUMN_AGE:
      box = cell_box (GTK_ORIENTATION_VERTICAL, 0);
      gtk_box_append (GTK_BOX (box), cell_label ("age-label", 6, 10, 2));
      break;

    case COLUMN_KIND:
      {
        GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
        GtkWidget *sign_off = cell_label ("sign-off-label", -1, 14, 2);

        box = cell_box (GTK_ORIENTATION_HORIZONTAL, 6);
        gtk_box_append (GTK_BOX (box), cw_timeline_swatch_new (CW_ENTRY_KIND_OTHER));
        label = cell_label ("kind-label", 10, 14, 2);
        gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD);
        gtk_box_append (GTK_BOX (texts), label);
        /* Where a judgement's sign-off stands: a badge under its kind. */
        gtk_label_set_wrap_mode (GTK_LABEL (sign_off), PANGO_WRAP_WORD);
        gtk_widget_add_css_class (sign_off, "caption-heading");
        gtk_widget_set_visible (sign_off, FALSE);
        gtk_box_append (GTK_BOX (texts), sign_off);
        gtk_box_append (GTK_BOX (box), texts);
      }
      break;

    case COLUMN_SUMMARY:
      {
        GtkWidget *snippet = cell_label ("snippet-label", -1, 60, 2);

        box = cell_box (GTK_ORIENTATION_VERTICAL, 2);
        gtk_box_append (GTK_BOX (box), cell_label ("summary-label", 24, 70, 3));
        gtk_widget_add_css_class (snippet, "caption");
        gtk_box_append (GTK_BOX (box), snippet);
      }
      break;

    case COLUMN_SOURCE:
      box = cell_box (GTK_ORIENTATION_VERTICAL, 0);
      gtk_box_append (GTK_BOX (box), cell_label ("source-label", 8, 16, 3));
      break;

    case COLUMN_IMPACT:
      box = cell_box (GTK_ORIENTATION_VERTICAL, 0);
      gtk_box_append (GTK_BOX (box), cell_label ("impact-label", 10, 20, 3));
      break;

    case COLUMN_ACTION:
      box = cell_box (GTK_ORIENTATION_VERTICAL, 0);
      gtk_box_append (GTK_BOX (box), cell_label ("action-label", 10, 20, 3));
      break;

    case COLUMN_AUTHOR:
      box = cell_box (GTK_ORIENTATION_VERTICAL, 0);
      gtk_box_append (GTK_BOX (box), cell_label ("author-label", 8, 16, 2));
      break;

    case COLUMN_QUALITY:
      {
        GtkWidget *icon = gtk_image_new_from_icon_name ("emblem-ok-symbolic");
        GtkWidget *badge = cell_label ("quality-label", -1, -1, 0);

        box = cell_box (GTK_ORIENTATION_HORIZONTAL, 4);
        gtk_widget_set_name (icon, "quality-icon");
        gtk_widget_add_css_class (icon, "success");
        gtk_widget_add_css_class (badge, "caption-heading");
        gtk_widget_add_css_class (badge, "warning");
        gtk_box_append (GTK_BOX (box), icon);
        gtk_box_append (GTK_BOX (box), badge);
      }
      break;

    default:
      g_return_if_reached ();
    }

  gtk_list_item_set_child (item, box);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              CwChildPage              *self)
{
  ChronologyColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory),
                                                                "cw-column"));
  GtkWidget *box = gtk_list_item_get_child (item);
  gpointer object = gtk_list_item_get_item (item);
  CwChronologyItem *row;
  GtkWidget *first;

  if (object == NULL || !CW_IS_CHRONOLOGY_ITEM (object) || box == NULL)
    return;
  row = CW_CHRONOLOGY_ITEM (object);
  first = gtk_widget_get_first_child (box);

  switch (column)
    {
    case COLUMN_DATE:
      {
        GtkWidget *marks = first;
        GtkWidget *texts = gtk_widget_get_next_sibling (marks);
        GtkWidget *date = gtk_widget_get_first_child (texts);
        GtkWidget *uncertainty = gtk_widget_get_next_sibling (date);
        const char *uncertain = cw_chronology_item_get_uncertainty (row);
        gboolean significant = cw_chronology_item_get_significant (row);

        gtk_widget_set_visible (gtk_widget_get_first_child (marks), significant);
        gtk_widget_set_visible (gtk_widget_get_last_child (marks),
                                cw_chronology_item_get_restricted (row));
        gtk_label_set_text (GTK_LABEL (date), cw_chronology_item_get_event_text (row));
        if (significant)
          gtk_widget_add_css_class (date, "heading");
        else
          gtk_widget_remove_css_class (date, "heading");
        gtk_label_set_text (GTK_LABEL (uncertainty), uncertain != NULL ? uncertain : "");
        gtk_widget_set_visible (uncertainty, uncertain != NULL && *uncertain != '\0');
      }
      break;

    case COLUMN_AGE:
      gtk_label_set_text (GTK_LABEL (first), cw_chronology_item_get_age (row));
      break;

    case COLUMN_KIND:
      {
        GtkWidget *texts = gtk_widget_get_next_sibling (first);

        cw_timeline_swatch_set_kind (first, cw_chronology_item_get_kind (row));
        gtk_label_set_text (GTK_LABEL (gtk_widget_get_first_child (texts)),
                            cw_chronology_item_get_kind_title (row));
        bind_sign_off_badge (gtk_widget_get_last_child (texts), row);
      }
      break;

    case COLUMN_SUMMARY:
      {
        GtkWidget *summary = first;
        GtkWidget *snippet_label = gtk_widget_get_next_sibling (summary);
        const char *text = cw_chronology_item_get_summary (row);
        const char *snippet = cw_chronology_item_get_snippet (row);
        gboolean significant = cw_chronology_item_get_significant (row);

        if (significant)
          gtk_widget_add_css_class (summary, "heading");
        else
          gtk_widget_remove_css_class (summary, "heading");
        gtk_widget_set_tooltip_text (summary, *text != '\0' ? text : NULL);

        if (snippet != NULL && *snippet != '\0')
          {
            g_autofree char *plain = plain_text_of (snippet);
            g_autofree char *folded = fold_whitespace (text);
            g_autofree char *highlighted = highlight_matches (snippet);

            /* A match in the summary highlights the summary itself. */
            if (g_strcmp0 (plain, folded) == 0)
              {
                gtk_label_set_markup (GTK_LABEL (summary), highlighted);
                gtk_label_set_text (GTK_LABEL (snippet_label), "");
                gtk_widget_set_visible (snippet_label, FALSE);
              }
            else
              {
                gtk_label_set_text (GTK_LABEL (summary), text);
                gtk_label_set_markup (GTK_LABEL (snippet_label), highlighted);
                gtk_widget_set_visible (snippet_label, TRUE);
              }
          }
        else
          {
            gtk_label_set_text (GTK_LABEL (summary), text);
            gtk_label_set_text (GTK_LABEL (snippet_label), "");
            gtk_widget_set_visible (snippet_label, FALSE);
          }
      }
      break;

    case COLUMN_SOURCE:
      set_text_with_tooltip (first, cw_chronology_item_get_source (row));
      break;

    case COLUMN_IMPACT:
      set_text_with_tooltip (first, cw_chronology_item_get_impact (row));
      break;

    case COLUMN_ACTION:
      set_text_with_tooltip (first, cw_chronology_item_get_action_outcome (row));
      break;

    case COLUMN_AUTHOR:
      set_text_with_tooltip (first, cw_chronology_item_get_author_name (row));
      break;

    case COLUMN_QUALITY:
      {
        GtkWidget *badge = gtk_widget_get_next_sibling (first);
        guint missed = cw_chronology_item_get_n_missed (row);
        g_autofree char *text = NULL;
        g_autofree char *tooltip = NULL;

        gtk_widget_set_visible (first, missed == 0);
        gtk_widget_set_visible (badge, missed > 0);

        if (missed == 0)
          {
            tooltip = g_strdup (_("Meets every recording principle that applies to it"));
            gtk_label_set_text (GTK_LABEL (badge), "");
          }
        else
          {
            /* TRANSLATORS: a badge: how many recording principles a note misses */
            text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u missed", "%u missed",
                                                 missed), missed);
            gtk_label_set_text (GTK_LABEL (badge), text);
            tooltip = g_strdup_printf (_("Misses: %s"), cw_chronology_item_get_missed_text (row));
          }
        gtk_widget_set_tooltip_text (box, tooltip);
        gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
      }
      break;

    default:
      g_return_if_reached ();
    }
}

static void
add_column (CwChildPage      *self,
            ChronologyColumn  column,
            const char       *title,
            gboolean          expand)
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

/* Helpers: the filter widgets */

static char *
staff_display_name (CwStaffMember *member)
{
  return g_strdup (member != NULL ? cw_staff_member_get_display_name (member) : "");
}

static gboolean
records_notes (gpointer item,
               gpointer user_data)
{
  CwRoles roles = cw_staff_member_get_roles (CW_STAFF_MEMBER (item));

  return (roles & (CW_ROLE_PRACTITIONER | CW_ROLE_LINE_MANAGER | CW_ROLE_DSL)) != 0;
}

static void
setup_author_dropdown (CwChildPage *self)
{
  CwStaffRepository *staff = cw_session_get_staff_repository (self->session);
  g_autoptr(GListStore) everyone = g_list_store_new (CW_TYPE_STAFF_MEMBER);
  g_autoptr(CwStaffMember) sentinel = NULL;
  GListStore *parts = g_list_store_new (G_TYPE_LIST_MODEL);
  GtkFlattenListModel *authors;
  GtkExpression *expression;

  sentinel = cw_staff_member_new (0, "", _("Every author"), "", CW_ROLE_NONE, 0, TRUE, FALSE);
  g_list_store_append (everyone, sentinel);
  g_list_store_append (parts, everyone);

  /* The staff who write notes, lazily filtered from the staff list. */
  if (staff != NULL)
    {
      g_autoptr(GtkFilterListModel) writers =
        gtk_filter_list_model_new (cw_staff_repository_list (staff),
                                   GTK_FILTER (gtk_custom_filter_new (records_notes,
                                                                      NULL, NULL)));
      g_list_store_append (parts, writers);
    }

  authors = gtk_flatten_list_model_new (G_LIST_MODEL (parts));
  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                            G_CALLBACK (staff_display_name), NULL, NULL);
  gtk_drop_down_set_expression (self->author_dropdown, expression);
  gtk_expression_unref (expression);
  gtk_drop_down_set_enable_search (self->author_dropdown, TRUE);
  gtk_drop_down_set_model (self->author_dropdown, G_LIST_MODEL (authors));
  g_object_unref (authors);
  gtk_drop_down_set_selected (self->author_dropdown, 0);
}

static void
setup_outcome_dropdown (CwChildPage *self)
{
  g_autoptr(GtkStringList) outcomes = gtk_string_list_new (NULL);

  gtk_string_list_append (outcomes, _("Every outcome"));
  for (guint i = 0; i < 5; i++)
    gtk_string_list_append (outcomes, cw_outcome_get_title ((CwOutcomes) (1u << i)));

  gtk_drop_down_set_model (self->outcome_dropdown, G_LIST_MODEL (outcomes));
  gtk_drop_down_set_selected (self->outcome_dropdown, 0);
}

static void filter_changed_cb (CwChildPage *self);

static void
setup_kind_checks (CwChildPage *self)
{
  for (guint kind = 0; kind < CW_ENTRY_KIND_LAST; kind++)
    {
      GtkWidget *check = gtk_check_button_new ();
      GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *label = gtk_label_new (cw_entry_kind_get_title (kind));
      g_autofree char *name = g_strconcat ("kind-check-", cw_entry_kind_get_id (kind), NULL);

      gtk_box_append (GTK_BOX (content), cw_timeline_swatch_new (kind));
      gtk_box_append (GTK_BOX (content), label);
      gtk_check_button_set_child (GTK_CHECK_BUTTON (check), content);
      gtk_widget_set_name (check, name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      cw_entry_kind_get_title (kind), -1);
      g_signal_connect_object (check, "toggled", G_CALLBACK (filter_changed_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_box_append (self->kinds_box, check);
      self->kind_checks[kind] = GTK_CHECK_BUTTON (check);
    }
}

/*
 * The chronology tells its views of a new filter or a reload as one change
 * of the whole list (all rows removed, all rows added). GTK 4.8's list item
 * manager, and GtkSingleSelection, answer such a change by looking for the
 * rows they were showing or had selected among every added row, by
 * identity; new row objects never match, so on a lazy chronology of
 * 100,000 notes that reads all of them (seconds). So the view is given the
 * chronology through a list store it is taken out of before the change and
 * put back into after it: two changes, "all removed" then "all added",
 * which neither searches. The selection is found again by SQL.
 */
static gint64
detach_chronology (CwChildPage *self)
{
  gpointer item = gtk_single_selection_get_selected_item (self->selection);
  gint64 entry_id = item != NULL ? cw_chronology_item_get_entry_id (item) : 0;

  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_list_store_remove_all (self->rows_store);
  return entry_id;
}

static void
attach_chronology (CwChildPage *self,
                   gint64       selected_entry_id)
{
  guint position;

  g_list_store_append (self->rows_store, self->chronology);

  if (selected_entry_id == 0)
    return;

  position = cw_chronology_find_position (self->chronology, selected_entry_id);
  if (position < g_list_model_get_n_items (G_LIST_MODEL (self->chronology)))
    gtk_single_selection_set_selected (self->selection, position);
}

/* Applies the filter widgets to the chronology (when they changed it). */
static void
apply_filters (CwChildPage *self)
{
  CwChronologyFilter filter;
  gboolean was_unsearchable = self->unsearchable;

  if (self->resetting || self->chronology == NULL)
    return;

  gather_filter (self, FALSE, &filter);
  if (!filters_equal (&filter, cw_chronology_get_filter (self->chronology)))
    {
      gint64 selected = detach_chronology (self);

      cw_chronology_set_filter (self->chronology, &filter);
      attach_chronology (self, selected);
      update_timeline (self);
      update_view (self);
    }
  else if (was_unsearchable != self->unsearchable)
    update_view (self);
  else
    update_filter_buttons (self, &filter);

  cw_chronology_filter_clear (&filter);
}

static void
clear_filters (CwChildPage *self)
{
  self->resetting = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_toggle_button_set_active (self->significant_toggle, FALSE);
  for (guint kind = 0; kind < CW_ENTRY_KIND_LAST; kind++)
    if (self->kind_checks[kind] != NULL)
      gtk_check_button_set_active (self->kind_checks[kind], FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), "");
  gtk_drop_down_set_selected (self->author_dropdown, 0);
  gtk_drop_down_set_selected (self->outcome_dropdown, 0);
  self->resetting = FALSE;

  apply_filters (self);
}

/* Re-reads the chronology after notes changed; the filter stays. */
static void
reload_chronology (CwChildPage *self)
{
  const CwChronologyFilter *current = cw_chronology_get_filter (self->chronology);
  gint64 selected;

  if (cw_session_is_locked (self->session))
    return;

  selected = detach_chronology (self);

  if (cw_chronology_filter_is_empty (current))
    {
      cw_chronology_reload (self->chronology);
      self->n_total = g_list_model_get_n_items (G_LIST_MODEL (self->chronology));
    }
  else
    {
      CwChronologyFilter saved;
      g_autoptr(GArray) points = NULL;

      cw_chronology_filter_copy (current, &saved);
      cw_chronology_set_filter (self->chronology, NULL);
      self->n_total = g_list_model_get_n_items (G_LIST_MODEL (self->chronology));
      points = cw_chronology_get_timeline (self->chronology, NULL);
      self->kinds_all = 0;
      for (guint i = 0; points != NULL && i < points->len; i++)
        {
          const CwChronologyPoint *point = &g_array_index (points, CwChronologyPoint, i);

          if (point->kind < CW_ENTRY_KIND_LAST)
            self->kinds_all |= G_GUINT64_CONSTANT (1) << point->kind;
        }
      cw_chronology_set_filter (self->chronology, &saved);
      cw_chronology_filter_clear (&saved);
    }
  attach_chronology (self, selected);

  update_timeline (self);
  update_view (self);
  start_quality_summary (self);
}

/* Callbacks */

static void
filter_changed_cb (CwChildPage *self)
{
  apply_filters (self);
}

static void
search_changed_cb (CwChildPage *self)
{
  apply_filters (self);
}

/* Escape in the search entry empties it (a second Escape goes back). */
static void
stop_search_cb (CwChildPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (text != NULL && *text != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  else
    g_signal_emit (self, signals[CLOSE_REQUESTED], 0);
}

static void
every_kind_clicked_cb (CwChildPage *self)
{
  self->resetting = TRUE;
  for (guint kind = 0; kind < CW_ENTRY_KIND_LAST; kind++)
    if (self->kind_checks[kind] != NULL)
      gtk_check_button_set_active (self->kind_checks[kind], FALSE);
  self->resetting = FALSE;

  apply_filters (self);
}

static void
date_entry_changed_cb (CwChildPage *self)
{
  apply_filters (self);
}

static void
show_date_problems (CwChildPage *self)
{
  GDate from, to;

  check_dates (self, TRUE, &from, &to);
}

static void
date_entry_activate_cb (CwChildPage *self)
{
  show_date_problems (self);
  apply_filters (self);
}

static void
dates_popover_closed_cb (CwChildPage *self)
{
  show_date_problems (self);
}

static void
dropdown_selected_cb (CwChildPage *self)
{
  apply_filters (self);
}

static void
timeline_entry_activated_cb (CwChildPage *self,
                             gint64       entry_id)
{
  cw_child_page_show_entry (self, entry_id);
}

static void
column_view_activate_cb (CwChildPage *self,
                         guint        position)
{
  g_autoptr(CwChronologyItem) item = g_list_model_get_item (G_LIST_MODEL (self->chronology),
                                                            position);

  if (item == NULL)
    return;

  gtk_single_selection_set_selected (self->selection, position);
  open_entry (self, cw_chronology_item_get_entry_id (item));
}

/* Actions */

static void
go_back_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  g_signal_emit (widget, signals[CLOSE_REQUESTED], 0);
}

static void
choose_new_entry_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  CwChildPage *self = CW_CHILD_PAGE (widget);

  if (gtk_widget_is_drawable (GTK_WIDGET (self->empty_new_note_button)))
    gtk_menu_button_popup (self->empty_new_note_button);
  else
    gtk_menu_button_popup (self->new_note_button);
}

static void
new_entry_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CwChildPage *self = CW_CHILD_PAGE (widget);
  CwEntryKind kind = cw_entry_kind_from_id (g_variant_get_string (parameter, NULL));
  g_autoptr(GError) error = NULL;
  g_autoptr(CwEntry) draft = NULL;

  if (kind == CW_ENTRY_KIND_LAST)
    kind = CW_ENTRY_KIND_CASE_NOTE;

  draft = cw_entry_repository_create_draft (self->entries, cw_child_get_id (self->child), kind,
                                            &error);
  if (draft == NULL)
    {
      show_toast (self, error->message, TRUE);
      return;
    }

  open_entry_editor (self, draft);
}

static void
edit_details_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CwChildPage *self = CW_CHILD_PAGE (widget);
  GtkWidget *editor = cw_child_editor_new (self->session, self->child,
                                           cw_widget_get_parent_window (GTK_WIDGET (self)));

  if (editor == NULL)
    return;

  g_signal_connect_object (editor, "saved", G_CALLBACK (child_saved_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  clear_filters (CW_CHILD_PAGE (widget));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CwChildPage *self = CW_CHILD_PAGE (widget);

  if (gtk_widget_get_visible (self->filter_bar))
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* Overrides */

static void
cw_child_page_dispose (GObject *object)
{
  CwChildPage *self = CW_CHILD_PAGE (object);

  quality_wait (self);
  g_clear_object (&self->quality_cancellable);

  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  if (self->timeline != NULL)
    cw_timeline_set_model (self->timeline, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), CW_TYPE_CHILD_PAGE);

  for (guint kind = 0; kind < CW_ENTRY_KIND_LAST; kind++)
    self->kind_checks[kind] = NULL;

  g_clear_object (&self->selection);
  g_clear_object (&self->rows_store);
  g_clear_object (&self->chronology);
  g_clear_object (&self->entries);
  g_clear_object (&self->child);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (cw_child_page_parent_class)->dispose (object);
}

static void
cw_child_page_unroot (GtkWidget *widget)
{
  /* Leaving the window comes before a lock or sign-out closes the
   * database: the summary's thread must be done with it first. */
  quality_wait (CW_CHILD_PAGE (widget));

  GTK_WIDGET_CLASS (cw_child_page_parent_class)->unroot (widget);
}

static void
cw_child_page_class_init (CwChildPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cw_child_page_dispose;
  widget_class->unroot = cw_child_page_unroot;

  /**
   * CwChildPage::close-requested:
   *
   * The person went back (the back button, Alt+Left or Escape).
   */
  signals[CLOSE_REQUESTED] =
    g_signal_new ("close-requested",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "cw-child-page");

  g_type_ensure (CW_TYPE_TIMELINE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/casework/Casework/cw-child-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CwChildPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CwChildPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, CwChildPage, new_note_button);
  gtk_widget_class_bind_template_child (widget_class, CwChildPage, edit_button);
  gtk_widget_class_bind_template_child (widget_class, CwChildPage, reference_label);
  gtk_widget_class_bind_template_child (widget_class, CwChildPage, age_label);
  gtk_widget_class_bind_template_child (widget_class, CwChildPage, legal_status_label);
  gtk_widget_class_bind_template_child (widget_class, CwChildPage, worker_label);
  gtk_widget_class_bind_template_child (widget_class, CwChildPage, adults_expander);
  gtk_widget_class_bind_template_child (widget_class, CwChildPage, adults_box);
  gtk_widget_class_bind_template_child (widget_class, CwChildPage, no_adults_label);
  gtk_widget_class_bind_template_child (widget_class, CwChildPage, timeline_box);
  gtk_widget_class_bind_template_child (widget_class, CwChildPage, timeline);
  gtk_widget_class_bind_template_child (widget_class, CwChildPage, legend_label);
  gtk_widget_class_bind_template_child (widget_class, CwChildPage, filter_flow);
  gtk_widget_class_bind_template_child (widget_class, CwChildPage, filter_bar);
  gtk_widget_class_bind_template_child (widget_class, CwChildPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CwChildPage, significant_toggle);
  gtk_widget_class_bind_template_child (widget_class, CwChildPage, kinds_button);
  gtk_widget_class_bind_template_child (widget_class, CwChildPage, kinds_box);
  gtk_widget_class_bind_template_child (widget_class, CwChildPage, dates_button);
  gtk_widget_class_bind_template_child (widget_class, CwChildPage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, CwChildPage, to_entry);
  gtk_widget_class_bind_template_child (widget_class, CwChildPage, dates_message);
  gtk_widget_class_bind_template_child (widget_class, CwChildPage, author_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CwChildPage, outcome_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CwChildPage, clear_filters_button);
  gtk_widget_class_bind_template_child (widget_class, CwChildPage, status_bar);
  gtk_widget_class_bind_template_child (widget_class, CwChildPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, CwChildPage, quality_button);
  gtk_widget_class_bind_template_child (widget_class, CwChildPage, quality_label);
  gtk_widget_class_bind_template_child (widget_class, CwChildPage, quality_grid);
  gtk_widget_class_bind_template_child (widget_class, CwChildPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, CwChildPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, CwChildPage, empty_status);
  gtk_widget_class_bind_template_child (widget_class, CwChildPage, no_match_status);
  gtk_widget_class_bind_template_child (widget_class, CwChildPage, empty_new_note_button);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, every_kind_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, date_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, date_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, dates_popover_closed_cb);
  gtk_widget_class_bind_template_callback (widget_class, timeline_entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, column_view_activate_cb);

  gtk_widget_class_install_action (widget_class, "child-page.go-back", NULL, go_back_action);
  gtk_widget_class_install_action (widget_class, "child-page.choose-new-entry", NULL,
                                   choose_new_entry_action);
  gtk_widget_class_install_action (widget_class, "child-page.new-entry", "s",
                                   new_entry_action);
  gtk_widget_class_install_action (widget_class, "child-page.edit-details", NULL,
                                   edit_details_action);
  gtk_widget_class_install_action (widget_class, "child-page.clear-filters", NULL,
                                   clear_filters_action);
  gtk_widget_class_install_action (widget_class, "child-page.search", NULL, search_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "child-page.go-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0,
                                       "child-page.go-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "child-page.choose-new-entry", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "child-page.search", NULL);
}

static void
cw_child_page_init (CwChildPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_menu_button_set_popover (self->new_note_button, build_new_note_popover (self, ""));
  gtk_menu_button_set_popover (self->empty_new_note_button,
                               build_new_note_popover (self, "empty-"));
}

/* Everything that needs the session, the child and the chronology. */
static void
setup (CwChildPage *self)
{
  gboolean may_record = cw_session_can (self->session, CW_PERMISSION_RECORD_CASE_NOTES);

  self->entries = cw_entry_repository_new (self->session);

  add_column (self, COLUMN_DATE, _("Date"), FALSE);
  add_column (self, COLUMN_AGE, _("Age"), FALSE);
  add_column (self, COLUMN_KIND, _("Kind"), FALSE);
  add_column (self, COLUMN_SUMMARY, _("Summary"), TRUE);
  add_column (self, COLUMN_SOURCE, _("Source"), FALSE);
  add_column (self, COLUMN_IMPACT, _("Impact on the child"), FALSE);
  add_column (self, COLUMN_ACTION, _("Action or outcome"), FALSE);
  add_column (self, COLUMN_AUTHOR, _("Author"), FALSE);
  add_column (self, COLUMN_QUALITY, _("Quality"), FALSE);

  self->rows_store = g_list_store_new (G_TYPE_LIST_MODEL);
  g_list_store_append (self->rows_store, self->chronology);
  self->selection = gtk_single_selection_new (
    G_LIST_MODEL (gtk_flatten_list_model_new (g_object_ref (G_LIST_MODEL (self->rows_store)))));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  cw_timeline_set_model (self->timeline, G_LIST_MODEL (self->chronology));

  setup_kind_checks (self);
  setup_author_dropdown (self);
  setup_outcome_dropdown (self);
  g_signal_connect_object (self->author_dropdown, "notify::selected",
                           G_CALLBACK (dropdown_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->outcome_dropdown, "notify::selected",
                           G_CALLBACK (dropdown_selected_cb), self, G_CONNECT_SWAPPED);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "child-page.new-entry", may_record);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "child-page.choose-new-entry", may_record);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "child-page.edit-details", may_record);
  gtk_widget_set_visible (GTK_WIDGET (self->new_note_button), may_record);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_new_note_button), may_record);
  gtk_widget_set_visible (self->edit_button, may_record);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_legend), self, G_CONNECT_SWAPPED);

  /* The flow box only lays the filters out: Tab goes to them directly. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->filter_flow));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);

  populate_header (self);

  self->n_total = g_list_model_get_n_items (G_LIST_MODEL (self->chronology));
  update_timeline (self);
  update_view (self);
  start_quality_summary (self);
}

/* Public */

/**
 * cw_child_page_new:
 * @session: the signed-in person
 * @child_id: whose record
 * @error: a refusal (CW_SESSION_ERROR_NOT_PERMITTED) or a read failure
 *
 * Opens the child's record (audited) and chronology.
 *
 * Returns: (transfer floating) (nullable): the page, or NULL with @error.
 */
GtkWidget *
cw_child_page_new (CwSession  *session,
                   gint64      child_id,
                   GError    **error)
{
  g_autoptr(CwChildRepository) children = NULL;
  g_autoptr(CwChild) child = NULL;
  g_autoptr(CwChronology) chronology = NULL;
  CwChildPage *self;

  g_return_val_if_fail (CW_IS_SESSION (session), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  children = cw_child_repository_new (session);
  child = cw_child_repository_open (children, child_id, error);
  if (child == NULL)
    return NULL;

  chronology = cw_chronology_new (session, child_id, NULL, error);
  if (chronology == NULL)
    return NULL;

  self = g_object_new (CW_TYPE_CHILD_PAGE, NULL);
  self->session = g_object_ref (session);
  self->child = g_steal_pointer (&child);
  self->chronology = g_steal_pointer (&chronology);
  setup (self);

  return GTK_WIDGET (self);
}

gint64
cw_child_page_get_child_id (CwChildPage *self)
{
  g_return_val_if_fail (CW_IS_CHILD_PAGE (self), 0);

  return self->child != NULL ? cw_child_get_id (self->child) : 0;
}

/**
 * cw_child_page_show_entry:
 * @entry_id: a note of this child
 *
 * Selects the note in the chronology and scrolls to it. A note hidden by
 * the filters clears them first; a note the person may not see (or that
 * is not finished) is reported in a toast.
 */
void
cw_child_page_show_entry (CwChildPage *self,
                          gint64       entry_id)
{
  guint position;
  GtkWidget *list_view;

  g_return_if_fail (CW_IS_CHILD_PAGE (self));

  if (self->chronology == NULL)
    return;

  position = cw_chronology_find_position (self->chronology, entry_id);
  if (position == G_MAXUINT &&
      !cw_chronology_filter_is_empty (cw_chronology_get_filter (self->chronology)))
    {
      clear_filters (self);
      position = cw_chronology_find_position (self->chronology, entry_id);
    }

  if (position == G_MAXUINT ||
      position >= g_list_model_get_n_items (G_LIST_MODEL (self->chronology)))
    {
      show_toast (self, _("That note is not in the chronology you can see."), TRUE);
      return;
    }

  gtk_single_selection_set_selected (self->selection, position);

  list_view = find_list_view (GTK_WIDGET (self->column_view));
  if (list_view != NULL)
    gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", position);
}

gboolean
cw_child_page_is_busy (CwChildPage *self)
{
  g_return_val_if_fail (CW_IS_CHILD_PAGE (self), FALSE);

  return self->quality_running > 0;
}
