/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-my-work-page"

#include "config.h"

#include <glib/gi18n.h>

#include "core/cw-child-repository.h"
#include "core/cw-entry-repository.h"
#include "core/cw-principles.h"
#include "cw-entry-editor.h"
#include "cw-main-view.h"
#include "cw-my-work-page.h"

/* Rows shown at first, and added by "Show More": the lists are lazy and a
 * person's drafts are read a page at a time. */
#define ROWS_PER_PAGE 50
/* Recently opened children shown. */
#define RECENT_LIMIT 10
/* Principles listed under a recording-quality summary, most often missed
 * first. */
#define MISSED_LIMIT 5

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
  GtkListBox        *quality_list;
  GtkSpinner        *quality_spinner;
  GtkWidget         *team_quality_group;
  GtkListBox        *team_quality_list;

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

  /* The recording-quality summaries, worked out in a GTask thread through
   * the session's connection: at most one at a time, and never beyond the
   * page's life (see quality_stop()). */
  GTask             *quality_task;
  GCancellable      *quality_cancellable;
  gboolean           quality_pending;  /* asked for again while one ran */
  gboolean           quality_shown;    /* a result is on screen */

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

/* Recording quality ------------------------------------------------------- */

typedef struct
{
  gint64            staff_id;
  char             *display_name;   /* NULL for the signed-in person */
  CwQualitySummary  summary;
  GError           *error;
} QualityLine;

typedef struct
{
  /* Not a reference: the page holds the session and waits for the thread
   * (quality_stop()) before it lets go of it. */
  CwSession *session;
  GArray    *lines;                 /* QualityLine; the first is the signed-in person */

  GMutex     mutex;
  GCond      cond;
  gboolean   done;                  /* the thread no longer uses the session */
} QualityWork;

static void
quality_line_clear (QualityLine *line)
{
  g_clear_pointer (&line->display_name, g_free);
  g_clear_error (&line->error);
}

static void
quality_work_free (QualityWork *work)
{
  g_clear_pointer (&work->lines, g_array_unref);
  g_mutex_clear (&work->mutex);
  g_cond_clear (&work->cond);
  g_free (work);
}

static void
quality_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  QualityWork *work = task_data;

  /* One person after another: the connection does one thing at a time. */
  for (guint i = 0; i < work->lines->len; i++)
    {
      QualityLine *line = &g_array_index (work->lines, QualityLine, i);

      if (g_cancellable_is_cancelled (cancellable))
        break;

      cw_principles_summarise_worker (work->session, line->staff_id, &line->summary,
                                      &line->error);
    }

  g_mutex_lock (&work->mutex);
  work->done = TRUE;
  g_cond_broadcast (&work->cond);
  g_mutex_unlock (&work->mutex);

  g_task_return_boolean (task, TRUE);
}

/* "12 notes finished — 2 written late". */
static char *
quality_headline (const CwQualitySummary *summary)
{
  g_autofree char *notes = NULL;
  g_autofree char *late = NULL;

  /* TRANSLATORS: the first half of "12 notes finished — 2 written late" */
  notes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u note finished",
                                        "%u notes finished", summary->n_notes),
                           summary->n_notes);
  if (summary->n_late == 0)
    /* TRANSLATORS: the second half of "12 notes finished — none written late" */
    late = g_strdup (_("none written late"));
  else
    /* TRANSLATORS: the second half of "12 notes finished — 2 written late" */
    late = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u written late",
                                         "%u written late", summary->n_late),
                            summary->n_late);

  /* TRANSLATORS: "12 notes finished — 2 written late" */
  return g_strdup_printf (_("%s — %s"), notes, late);
}

static int
compare_missed (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const CwQualitySummary *summary = user_data;
  CwPrinciple pa = *(const CwPrinciple *) a;
  CwPrinciple pb = *(const CwPrinciple *) b;
  guint missed_a = summary->n_applied[pa] - summary->n_met[pa];
  guint missed_b = summary->n_applied[pb] - summary->n_met[pb];

  if (missed_a != missed_b)
    return missed_a > missed_b ? -1 : 1;

  return pa < pb ? -1 : pa > pb ? 1 : 0;
}

/* The principles @summary's notes missed, most often missed first, as
 * "The child’s own words: missed in 5 of 12 notes" (at most @limit, then
 * one line that names the rest). Lateness is in the headline, so not here. */
static GPtrArray *
quality_missed_lines (const CwQualitySummary *summary,
                      guint                   limit)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  CwPrinciple missed[CW_PRINCIPLE_LAST];
  guint n_missed = 0;

  for (guint p = 0; p < CW_PRINCIPLE_LAST; p++)
    if (p != CW_PRINCIPLE_TIMELY && summary->n_met[p] < summary->n_applied[p])
      missed[n_missed++] = (CwPrinciple) p;

  g_qsort_with_data (missed, (int) n_missed, sizeof (CwPrinciple), compare_missed,
                     (gpointer) summary);

  for (guint i = 0; i < n_missed && i < limit; i++)
    {
      CwPrinciple p = missed[i];
      guint applied = summary->n_applied[p];

      g_ptr_array_add (lines,
                       /* TRANSLATORS: "The child’s own words: missed in 5 of 12 notes";
                        * 12 is how many notes the principle applies to */
                       g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "%s: missed in %u of %u note",
                                                     "%s: missed in %u of %u notes", applied),
                                        cw_principle_get_title (p),
                                        applied - summary->n_met[p], applied));
    }

  /* The rest by name only: nothing missed is hidden. */
  if (n_missed > limit)
    {
      g_autoptr(GString) rest = g_string_new (NULL);

      for (guint i = limit; i < n_missed; i++)
        {
          if (rest->len > 0)
            /* TRANSLATORS: between the names of principles in "Also missed: A, B" */
            g_string_append (rest, _(", "));
          g_string_append (rest, cw_principle_get_title (missed[i]));
        }

      /* TRANSLATORS: the principles missed as often as, or less often than, those
       * listed above it: "Also missed: Outcomes for the child, Child seen" */
      g_ptr_array_add (lines, g_strdup_printf (_("Also missed: %s"), rest->str));
    }

  return lines;
}

/* A line of text in a boxed list, not activatable. */
static GtkWidget *
quality_text_row (const char *text,
                  const char *name,
                  gboolean    headline)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_name (label, name);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  if (headline)
    gtk_widget_add_css_class (label, "heading");

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);

  return row;
}

/* A principle missed, with a warning icon that repeats the words. */
static GtkWidget *
quality_missed_row (const char *text)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon;

  gtk_widget_set_name (row, "quality_missed_row");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  icon = decorative_icon ("dialog-warning-symbolic");
  gtk_widget_add_css_class (icon, "warning");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_widget_set_focusable (row, FALSE);

  return row;
}

/* A quiet line, like the other groups' empty states, as a row. */
static GtkWidget *
quality_quiet_row (const char *text,
                   const char *name)
{
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), empty_line (text, name));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);

  return row;
}

static void
clear_list_box (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
show_own_quality (CwMyWorkPage      *self,
                  const QualityLine *line)
{
  g_autoptr(GPtrArray) missed = NULL;
  g_autofree char *headline = NULL;

  clear_list_box (self->quality_list);

  if (line->error != NULL)
    {
      /* TRANSLATORS: %s is a sentence saying why */
      g_autofree char *text = g_strdup_printf (_("Your recording quality could not be "
                                                 "checked. %s"), line->error->message);

      gtk_list_box_append (self->quality_list,
                           quality_text_row (text, "quality_error_label", FALSE));
      return;
    }

  if (line->summary.n_notes == 0)
    {
      gtk_list_box_append (self->quality_list,
                           quality_quiet_row (_("No finished notes yet."),
                                              "quality_empty_label"));
      return;
    }

  headline = quality_headline (&line->summary);
  gtk_list_box_append (self->quality_list,
                       quality_text_row (headline, "quality_headline_label", TRUE));

  missed = quality_missed_lines (&line->summary, MISSED_LIMIT);
  for (guint i = 0; i < missed->len; i++)
    gtk_list_box_append (self->quality_list, quality_missed_row (missed->pdata[i]));

  if (missed->len == 0)
    gtk_list_box_append (self->quality_list,
                         quality_text_row (_("Every note meets every principle that applies "
                                             "to it."), "quality_all_met_label", FALSE));
}

/* One member of the team: their name, the same headline, and what they
 * most often missed behind an expander. */
static GtkWidget *
team_member_row (const QualityLine *line)
{
  GtkWidget *row = adw_expander_row_new ();
  g_autofree char *subtitle = NULL;

  gtk_widget_set_name (row, "team_quality_row");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), line->display_name);

  if (line->error != NULL)
    {
      subtitle = g_strdup (line->error->message);
    }
  else if (line->summary.n_notes == 0)
    {
      subtitle = g_strdup (_("No finished notes yet."));
    }
  else
    {
      g_autoptr(GPtrArray) missed = quality_missed_lines (&line->summary, MISSED_LIMIT);

      subtitle = quality_headline (&line->summary);
      for (guint i = 0; i < missed->len; i++)
        adw_expander_row_add_row (ADW_EXPANDER_ROW (row), quality_missed_row (missed->pdata[i]));
      if (missed->len == 0)
        adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                  quality_text_row (_("Every note meets every principle that "
                                                      "applies to it."),
                                                    "quality_all_met_label", FALSE));
    }

  /* Nothing to open when there is nothing behind it. */
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  gtk_widget_set_sensitive (row, line->error == NULL && line->summary.n_notes > 0);

  return row;
}

static void
show_team_quality (CwMyWorkPage *self,
                   GArray       *lines)
{
  /* No one in the team: the line quality_start() put there stays. */
  if (lines->len < 2)
    return;

  clear_list_box (self->team_quality_list);

  for (guint i = 1; i < lines->len; i++)
    gtk_list_box_append (self->team_quality_list,
                         team_member_row (&g_array_index (lines, QualityLine, i)));
}

static void quality_start (CwMyWorkPage *self);

static void
quality_done_cb (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = G_TASK (result);
  QualityWork *work = g_task_get_task_data (task);
  CwMyWorkPage *self;

  /* Cancelled means the page stopped it (and may be gone): @user_data is
   * not a reference, so it is not touched. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    return;

  self = CW_MY_WORK_PAGE (user_data);
  g_return_if_fail (self->quality_task == task);

  show_own_quality (self, &g_array_index (work->lines, QualityLine, 0));
  show_team_quality (self, work->lines);
  self->quality_shown = TRUE;

  g_clear_object (&self->quality_task);
  g_clear_object (&self->quality_cancellable);
  gtk_spinner_stop (self->quality_spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->quality_spinner), FALSE);

  if (self->quality_pending)
    {
      self->quality_pending = FALSE;
      quality_start (self);
    }
}

/* Works the summaries out again: the signed-in person's and, for a line
 * manager, each of their team's. Not while another runs (it is asked for
 * again when that one ends), and only while the page is on screen. */
static void
quality_start (CwMyWorkPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) team = NULL;
  CwStaffMember *me;
  QualityWork *work;
  QualityLine line = { 0 };

  if (self->quality_task != NULL)
    {
      self->quality_pending = TRUE;
      return;
    }

  me = cw_session_get_staff_member (self->session);
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) || me == NULL ||
      cw_session_is_locked (self->session))
    return;

  work = g_new0 (QualityWork, 1);
  work->session = self->session;
  work->lines = g_array_new (FALSE, TRUE, sizeof (QualityLine));
  g_array_set_clear_func (work->lines, (GDestroyNotify) quality_line_clear);
  g_mutex_init (&work->mutex);
  g_cond_init (&work->cond);

  line.staff_id = cw_staff_member_get_id (me);
  g_array_append_val (work->lines, line);

  /* The team is read here, before the thread starts. */
  if (cw_session_get_roles (self->session) & CW_ROLE_LINE_MANAGER)
    {
      team = cw_staff_repository_list_team (cw_session_get_staff_repository (self->session),
                                            cw_staff_member_get_id (me), &error);
      gtk_widget_set_visible (self->team_quality_group, TRUE);
    }
  else
    gtk_widget_set_visible (self->team_quality_group, FALSE);

  if (error != NULL)
    {
      /* TRANSLATORS: %s is a sentence saying why */
      g_autofree char *text = g_strdup_printf (_("Your team could not be read. %s"),
                                               error->message);

      clear_list_box (self->team_quality_list);
      gtk_list_box_append (self->team_quality_list,
                           quality_text_row (text, "team_quality_error_label", FALSE));
    }
  for (guint i = 0; team != NULL && i < team->len; i++)
    {
      CwStaffMember *member = g_ptr_array_index (team, i);
      QualityLine member_line = { 0 };

      member_line.staff_id = cw_staff_member_get_id (member);
      member_line.display_name = g_strdup (cw_staff_member_get_display_name (member));
      g_array_append_val (work->lines, member_line);
    }
  if (team != NULL && team->len == 0)
    {
      clear_list_box (self->team_quality_list);
      gtk_list_box_append (self->team_quality_list,
                           quality_quiet_row (_("No one has you as their line manager yet."),
                                              "team_quality_empty_label"));
    }

  if (!self->quality_shown)
    {
      clear_list_box (self->quality_list);
      gtk_list_box_append (self->quality_list,
                           quality_quiet_row (_("Checking your finished notes…"),
                                              "quality_checking_label"));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->quality_spinner), TRUE);
  gtk_spinner_start (self->quality_spinner);

  self->quality_cancellable = g_cancellable_new ();
  self->quality_task = g_task_new (NULL, self->quality_cancellable, quality_done_cb, self);
  g_task_set_source_tag (self->quality_task, quality_start);
  g_task_set_task_data (self->quality_task, work, (GDestroyNotify) quality_work_free);
  /* The thread always runs to its end (it sets work->done). */
  g_task_set_return_on_cancel (self->quality_task, FALSE);
  g_task_run_in_thread (self->quality_task, quality_thread);
}

/* Stops a running summary and waits until its thread no longer uses the
 * session: the page is going, and the session may be locked or signed
 * out right after (which closes the connection under the thread). A
 * summary takes milliseconds for ordinary numbers of notes. */
static void
quality_stop (CwMyWorkPage *self)
{
  QualityWork *work;

  self->quality_pending = FALSE;

  if (self->quality_task == NULL)
    return;

  g_cancellable_cancel (self->quality_cancellable);

  work = g_task_get_task_data (self->quality_task);
  g_mutex_lock (&work->mutex);
  while (!work->done)
    g_cond_wait (&work->cond, &work->mutex);
  g_mutex_unlock (&work->mutex);

  g_clear_object (&self->quality_task);
  g_clear_object (&self->quality_cancellable);

  if (self->quality_spinner != NULL)
    {
      gtk_spinner_stop (self->quality_spinner);
      gtk_widget_set_visible (GTK_WIDGET (self->quality_spinner), FALSE);
    }
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

  /* After the lists: the summary thread then has the connection to itself
   * as far as this page goes. */
  quality_start (self);
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
cw_my_work_page_unrealize (GtkWidget *widget)
{
  /* Out of its window (the main view goes before a lock or sign-out): no
   * thread may go on reading through the session. */
  quality_stop (CW_MY_WORK_PAGE (widget));

  GTK_WIDGET_CLASS (cw_my_work_page_parent_class)->unrealize (widget);
}

static void
cw_my_work_page_dispose (GObject *object)
{
  CwMyWorkPage *self = CW_MY_WORK_PAGE (object);

  quality_stop (self);

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

  widget_class->unrealize = cw_my_work_page_unrealize;

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
  gtk_widget_class_bind_template_child (widget_class, CwMyWorkPage, quality_list);
  gtk_widget_class_bind_template_child (widget_class, CwMyWorkPage, quality_spinner);
  gtk_widget_class_bind_template_child (widget_class, CwMyWorkPage, team_quality_group);
  gtk_widget_class_bind_template_child (widget_class, CwMyWorkPage, team_quality_list);
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
