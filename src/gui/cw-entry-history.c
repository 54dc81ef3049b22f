/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-entry-history"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "core/cw-entry-repository.h"
#include "cw-entry-history.h"

struct _CwEntryHistory
{
  AdwWindow        parent_instance;

  AdwWindowTitle  *window_title;
  GtkBox          *versions_box;

  GPtrArray       *versions;      /* CwEntry, oldest first */
};

G_DEFINE_FINAL_TYPE (CwEntryHistory, cw_entry_history, ADW_TYPE_WINDOW)

static GtkWidget *
text_label (const char *text,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

static gboolean
is_short (const char *text)
{
  return text == NULL || (g_utf8_strlen (text, -1) <= 60 && strchr (text, '\n') == NULL);
}

/* Short values on one line: "<s>before</s>   →   after". */
static GtkWidget *
change_line (const CwEntryChange *change,
             gboolean             had_before,
             gboolean             has_after)
{
  g_autofree char *before = had_before ? g_markup_escape_text (change->before, -1) : NULL;
  g_autofree char *after = has_after ? g_markup_escape_text (change->after, -1) : NULL;
  g_autofree char *markup = NULL;
  GtkWidget *line;

  markup = g_strdup_printf ("<span alpha=\"60%%\">%s%s%s</span>   →   %s%s%s",
                            had_before ? "<s>" : "<i>",
                            had_before ? before : C_("history", "(nothing)"),
                            had_before ? "</s>" : "</i>",
                            has_after ? "" : "<i>",
                            has_after ? after : C_("history", "(nothing)"),
                            has_after ? "" : "</i>");
  line = text_label (NULL, NULL);
  gtk_label_set_markup (GTK_LABEL (line), markup);
  gtk_widget_set_name (line, "change_line");

  return line;
}

/* Long values side by side, each wrapping. */
static GtkWidget *
change_sides (const CwEntryChange *change,
              gboolean             had_before,
              gboolean             has_after)
{
  GtkWidget *sides, *before, *arrow, *after;
  g_autofree char *before_markup = NULL;
  g_autofree char *after_markup = NULL;

  if (had_before)
    {
      g_autofree char *escaped = g_markup_escape_text (change->before, -1);

      before_markup = g_strdup_printf ("<s>%s</s>", escaped);
    }
  else
    {
      before_markup = g_strdup_printf ("<i>%s</i>", C_("history", "(nothing)"));
    }
  before = text_label (NULL, "dim-label");
  gtk_label_set_markup (GTK_LABEL (before), before_markup);
  gtk_widget_set_hexpand (before, TRUE);
  gtk_widget_set_valign (before, GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (before), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Before"), -1);

  arrow = gtk_label_new ("→");
  gtk_widget_set_valign (arrow, GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (arrow), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("changed to"), -1);

  if (has_after)
    after_markup = g_markup_escape_text (change->after, -1);
  else
    after_markup = g_strdup_printf ("<i>%s</i>", C_("history", "(nothing)"));
  after = text_label (NULL, has_after ? NULL : "dim-label");
  gtk_label_set_markup (GTK_LABEL (after), after_markup);
  gtk_widget_set_hexpand (after, TRUE);
  gtk_widget_set_valign (after, GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (after), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("After"), -1);

  sides = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_append (GTK_BOX (sides), before);
  gtk_box_append (GTK_BOX (sides), arrow);
  gtk_box_append (GTK_BOX (sides), after);

  return sides;
}

/* What changed: its title, then "before → after"; an empty side says so. */
static GtkWidget *
change_widget (const CwEntryChange *change)
{
  GtkWidget *box, *title;
  g_autofree char *accessible = NULL;
  gboolean had_before = change->before != NULL && *change->before != '\0';
  gboolean has_after = change->after != NULL && *change->after != '\0';

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

  title = text_label (change->what, "caption-heading");
  gtk_label_set_selectable (GTK_LABEL (title), FALSE);
  gtk_box_append (GTK_BOX (box), title);

  if (is_short (change->before) && is_short (change->after))
    gtk_box_append (GTK_BOX (box), change_line (change, had_before, has_after));
  else
    gtk_box_append (GTK_BOX (box), change_sides (change, had_before, has_after));

  /* TRANSLATORS: read out for one change in a note's history:
   * "Location: The family home → Her grandmother's flat" */
  accessible = g_strdup_printf (_("%s: %s → %s"), change->what,
                                had_before ? change->before : C_("history", "(nothing)"),
                                has_after ? change->after : C_("history", "(nothing)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);

  return box;
}

static GtkWidget *
version_card (CwEntry  *version,
              CwEntry  *previous,
              gboolean  current)
{
  GtkWidget *card, *heading_box, *heading, *pill, *changes_box;
  g_autofree char *heading_text = NULL;
  g_autofree char *described = cw_entry_describe_version (version);
  int number = cw_entry_get_version (version);

  card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  gtk_widget_add_css_class (card, "card");
  gtk_widget_set_name (card, "version_card");

  heading_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_top (heading_box, 18);
  gtk_widget_set_margin_start (heading_box, 18);
  gtk_widget_set_margin_end (heading_box, 18);
  /* TRANSLATORS: the heading of one version in a note's history */
  heading_text = g_strdup_printf (_("Version %d"), number);
  heading = text_label (heading_text, "title-4");
  gtk_label_set_selectable (GTK_LABEL (heading), FALSE);
  gtk_box_append (GTK_BOX (heading_box), heading);

  pill = gtk_label_new (number == 1 ? _("First version") : _("Correction"));
  gtk_widget_add_css_class (pill, "caption");
  gtk_widget_add_css_class (pill, "dim-label");
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (heading_box), pill);

  if (current)
    {
      GtkWidget *current_label = gtk_label_new (_("Current"));

      gtk_widget_add_css_class (current_label, "caption-heading");
      gtk_widget_add_css_class (current_label, "accent");
      gtk_widget_set_hexpand (current_label, TRUE);
      gtk_widget_set_halign (current_label, GTK_ALIGN_END);
      gtk_widget_set_valign (current_label, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (heading_box), current_label);
    }
  gtk_box_append (GTK_BOX (card), heading_box);

  {
    GtkWidget *who = text_label (described, "dim-label");

    gtk_widget_set_margin_start (who, 18);
    gtk_widget_set_margin_end (who, 18);
    gtk_box_append (GTK_BOX (card), who);
  }

  if (number > 1)
    {
      const char *reason = cw_entry_get_text (version, CW_ENTRY_FIELD_AMEND_REASON);
      g_autofree char *reason_text = NULL;
      GtkWidget *reason_label;

      /* TRANSLATORS: why a case note was corrected */
      reason_text = g_strdup_printf (_("Reason for the correction: %s"),
                                     *reason != '\0' ? reason : C_("history", "(not given)"));
      reason_label = text_label (reason_text, NULL);
      gtk_widget_set_name (reason_label, "amend_reason_label");
      gtk_widget_set_margin_start (reason_label, 18);
      gtk_widget_set_margin_end (reason_label, 18);
      gtk_box_append (GTK_BOX (card), reason_label);
    }

  changes_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 14);
  gtk_widget_set_margin_start (changes_box, 18);
  gtk_widget_set_margin_end (changes_box, 18);
  gtk_widget_set_margin_bottom (changes_box, 18);
  gtk_widget_set_margin_top (changes_box, 4);

  if (previous == NULL)
    {
      gtk_box_append (GTK_BOX (changes_box),
                      text_label (_("The note as it was first finished."), "dim-label"));
    }
  else
    {
      g_autoptr(GPtrArray) changes = cw_entry_diff (previous, version);
      GtkWidget *what_changed;

      what_changed = text_label (_("What changed"), "heading");
      gtk_label_set_selectable (GTK_LABEL (what_changed), FALSE);
      gtk_box_append (GTK_BOX (changes_box), what_changed);

      if (changes->len == 0)
        gtk_box_append (GTK_BOX (changes_box),
                        text_label (_("Nothing in the note’s content changed."), "dim-label"));

      for (guint i = 0; i < changes->len; i++)
        gtk_box_append (GTK_BOX (changes_box), change_widget (g_ptr_array_index (changes, i)));
    }

  gtk_box_append (GTK_BOX (card), changes_box);

  return card;
}

static gboolean
deselect_label_cb (gpointer user_data)
{
  GtkLabel *label = user_data;

  if (gtk_widget_has_focus (GTK_WIDGET (label)))
    gtk_label_select_region (label, 0, 0);

  return G_SOURCE_REMOVE;
}

/* A selectable label that gets the focus (the window's first focus, or
 * Tab) selects all its text just after; the text stays unselected instead. */
static void
focus_widget_changed_cb (GtkWindow *window)
{
  GtkWidget *focus = gtk_window_get_focus (window);

  if (GTK_IS_LABEL (focus) && gtk_label_get_selectable (GTK_LABEL (focus)))
    g_idle_add_full (G_PRIORITY_HIGH_IDLE, deselect_label_cb, g_object_ref (focus),
                     g_object_unref);
}

static void
fill (CwEntryHistory *self)
{
  for (guint i = self->versions->len; i-- > 0;)
    {
      CwEntry *version = g_ptr_array_index (self->versions, i);
      CwEntry *previous = i > 0 ? g_ptr_array_index (self->versions, i - 1) : NULL;

      gtk_box_append (self->versions_box,
                      version_card (version, previous, i + 1 == self->versions->len));
    }
}

static void
cw_entry_history_dispose (GObject *object)
{
  CwEntryHistory *self = CW_ENTRY_HISTORY (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CW_TYPE_ENTRY_HISTORY);

  G_OBJECT_CLASS (cw_entry_history_parent_class)->dispose (object);
}

static void
cw_entry_history_finalize (GObject *object)
{
  CwEntryHistory *self = CW_ENTRY_HISTORY (object);

  g_clear_pointer (&self->versions, g_ptr_array_unref);

  G_OBJECT_CLASS (cw_entry_history_parent_class)->finalize (object);
}

static void
cw_entry_history_class_init (CwEntryHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cw_entry_history_dispose;
  object_class->finalize = cw_entry_history_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/casework/Casework/"
                                               "cw-entry-history.ui");
  gtk_widget_class_bind_template_child (widget_class, CwEntryHistory, window_title);
  gtk_widget_class_bind_template_child (widget_class, CwEntryHistory, versions_box);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cw_entry_history_init (CwEntryHistory *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (self, "notify::focus-widget", G_CALLBACK (focus_widget_changed_cb), NULL);
}

GtkWidget *
cw_entry_history_new (GPtrArray  *versions,
                      const char *child_name,
                      GtkWindow  *parent)
{
  CwEntryHistory *self;
  g_autofree char *subtitle = NULL;

  g_return_val_if_fail (versions != NULL, NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (CW_TYPE_ENTRY_HISTORY, "transient-for", parent, NULL);
  self->versions = g_ptr_array_ref (versions);

  if (versions->len > 0)
    {
      CwEntry *current = g_ptr_array_index (versions, versions->len - 1);
      const char *summary = cw_entry_get_text (current, CW_ENTRY_FIELD_SUMMARY);

      /* TRANSLATORS: the subtitle of a note's history: the child and the note */
      subtitle = child_name != NULL ? g_strdup_printf (_("%s — %s"), child_name, summary)
                                    : g_strdup (summary);
      adw_window_title_set_subtitle (self->window_title, subtitle);
    }

  fill (self);

  return GTK_WIDGET (self);
}

guint
cw_entry_history_get_n_versions (CwEntryHistory *self)
{
  g_return_val_if_fail (CW_IS_ENTRY_HISTORY (self), 0);

  return self->versions->len;
}

char *
cw_entry_format_system_time (GDateTime *when)
{
  g_autoptr(GDateTime) local = NULL;

  if (when == NULL)
    return g_strdup ("");

  local = g_date_time_to_local (when);
  /* TRANSLATORS: when a note was written, see g_date_time_format() */
  return g_date_time_format (local, _("%-d %b %Y, %H:%M"));
}

char *
cw_entry_describe_version (CwEntry *version)
{
  g_autofree char *when = NULL;
  const char *name, *role;

  g_return_val_if_fail (CW_IS_ENTRY (version), NULL);

  name = cw_entry_get_author_name (version);
  role = cw_entry_get_author_role (version);
  if (name == NULL || *name == '\0')
    name = _("someone");

  if (cw_entry_get_finished (version))
    {
      when = cw_entry_format_system_time (cw_entry_get_finished_at (version));
      if (role != NULL && *role != '\0')
        /* TRANSLATORS: "Finished 23 Nov 2026, 14:05 by Alex Morgan, Social Worker" */
        return g_strdup_printf (_("Finished %s by %s, %s"), when, name, role);
      return g_strdup_printf (_("Finished %s by %s"), when, name);
    }

  when = cw_entry_format_system_time (cw_entry_get_started_at (version));
  if (role != NULL && *role != '\0')
    /* TRANSLATORS: "Started 23 Nov 2026, 14:05 by Alex Morgan, Social Worker" */
    return g_strdup_printf (_("Started %s by %s, %s"), when, name, role);
  return g_strdup_printf (_("Started %s by %s"), when, name);
}
