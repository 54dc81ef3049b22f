/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-form"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "cw-form.h"

/* On the error box: the field cw_form_show_problem() marked (a weak
 * pointer, so a field gone meanwhile is not touched). */
#define MARKED_KEY  "cw-form-marked"
/* On a form window: it may close without asking. */
#define CLOSING_KEY "cw-form-closing"

/* Reading and writing what was typed */

gboolean
cw_form_is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;

  return TRUE;
}

const char *
cw_form_row_text (gpointer editable)
{
  const char *text;

  g_return_val_if_fail (GTK_IS_EDITABLE (editable), "");

  text = gtk_editable_get_text (GTK_EDITABLE (editable));
  return text != NULL ? text : "";
}

gboolean
cw_form_row_is_blank (gpointer editable)
{
  return cw_form_is_blank (cw_form_row_text (editable));
}

void
cw_form_set_row_text (gpointer    editable,
                      const char *text)
{
  g_return_if_fail (GTK_IS_EDITABLE (editable));

  gtk_editable_set_text (GTK_EDITABLE (editable), text != NULL ? text : "");
}

char *
cw_form_text_view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (GTK_IS_TEXT_VIEW (view), g_strdup (""));

  buffer = gtk_text_view_get_buffer (view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
cw_form_set_text_view_text (GtkTextView *view,
                            const char  *text)
{
  g_autofree char *current = NULL;

  g_return_if_fail (GTK_IS_TEXT_VIEW (view));

  /* Setting the same text again would still move the cursor and undo. */
  current = cw_form_text_view_text (view);
  if (g_strcmp0 (current, text != NULL ? text : "") != 0)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text != NULL ? text : "", -1);
}

/* The problem sentence and the marked field */

static void
unmark (GtkWidget *error_box)
{
  GWeakRef *marked = g_object_get_data (G_OBJECT (error_box), MARKED_KEY);
  g_autoptr(GtkWidget) field = marked != NULL ? g_weak_ref_get (marked) : NULL;

  if (field != NULL)
    gtk_widget_remove_css_class (field, "error");
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static void
mark (GtkWidget *error_box,
      GtkWidget *field)
{
  GWeakRef *marked = g_new0 (GWeakRef, 1);

  g_weak_ref_init (marked, field);
  g_object_set_data_full (G_OBJECT (error_box), MARKED_KEY, marked, weak_ref_free);
  gtk_widget_add_css_class (field, "error");
}

void
cw_form_show_problem (GtkWidget  *error_box,
                      GtkLabel   *error_label,
                      const char *sentence,
                      GtkWidget  *field)
{
  GtkWidget *scrolled;

  g_return_if_fail (GTK_IS_WIDGET (error_box));
  g_return_if_fail (GTK_IS_LABEL (error_label));
  g_return_if_fail (field == NULL || GTK_IS_WIDGET (field));

  unmark (error_box);
  gtk_label_set_text (error_label, sentence != NULL ? sentence : "");
  gtk_widget_set_visible (error_box, sentence != NULL);

  if (sentence == NULL)
    return;

  /* The sentence is above the form: bring it into view. */
  scrolled = gtk_widget_get_ancestor (error_box, GTK_TYPE_SCROLLED_WINDOW);
  if (scrolled != NULL)
    {
      GtkAdjustment *adjustment =
        gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
    }

  if (field != NULL)
    {
      mark (error_box, field);
      gtk_widget_grab_focus (field);
    }
}

void
cw_form_clear_mark (GtkWidget *error_box)
{
  g_return_if_fail (GTK_IS_WIDGET (error_box));

  unmark (error_box);
}

void
cw_form_set_feedback (GtkLabel   *label,
                      GtkWidget  *row,
                      const char *text,
                      gboolean    problem)
{
  g_return_if_fail (GTK_IS_LABEL (label));
  g_return_if_fail (GTK_IS_WIDGET (row));

  gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");
  gtk_widget_remove_css_class (row, "error");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);

  if (text == NULL)
    return;

  gtk_label_set_text (label, text);
  gtk_widget_add_css_class (GTK_WIDGET (label), problem ? "error" : "dim-label");
  if (problem)
    gtk_widget_add_css_class (row, "error");
}

void
cw_form_describe_with (GtkWidget *field,
                       GtkLabel  *label)
{
  g_return_if_fail (GTK_IS_WIDGET (field));
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_accessible_update_relation (GTK_ACCESSIBLE (field),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, label, NULL,
                                  -1);
}

GtkWidget *
cw_form_flag_line_new (GtkWidget  *badge,
                       const char *text)
{
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (text);

  g_return_val_if_fail (GTK_IS_WIDGET (badge), line);

  gtk_widget_set_valign (badge, GTK_ALIGN_START);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (line), badge);
  gtk_box_append (GTK_BOX (line), label);

  return line;
}

void
cw_form_combo_set_model (AdwComboRow   *row,
                         GtkStringList *titles,
                         guint          selected)
{
  g_return_if_fail (ADW_IS_COMBO_ROW (row));
  g_return_if_fail (GTK_IS_STRING_LIST (titles));

  adw_combo_row_set_expression (row, gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL,
                                                                   "string"));
  adw_combo_row_set_model (row, G_LIST_MODEL (titles));
  adw_combo_row_set_selected (row, selected);
}

void
cw_form_combo_set_titles (AdwComboRow        *row,
                          const char * const *titles,
                          guint               n_titles,
                          guint               selected)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  g_return_if_fail (ADW_IS_COMBO_ROW (row));

  for (guint i = 0; i < n_titles; i++)
    gtk_string_list_append (list, titles[i]);

  cw_form_combo_set_model (row, list, selected < n_titles ? selected : 0);
}

/* The window */

void
cw_form_set_parent (GtkWindow *form,
                    GtkWindow *parent)
{
  g_return_if_fail (GTK_IS_WINDOW (form));
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  gtk_window_set_modal (form, TRUE);
  gtk_window_set_transient_for (form, parent);
  /* Not gtk_window_set_destroy_with_parent(): GTK 4.8 then keeps a
   * pointer to the parent gone, and a form still referenced somewhere
   * touches it when it goes. This way the parent is forgotten first. */
  if (parent != NULL)
    g_signal_connect_object (parent, "destroy", G_CALLBACK (gtk_window_destroy), form,
                             G_CONNECT_SWAPPED);
}

gboolean
cw_form_may_close (GtkWindow *form)
{
  g_return_val_if_fail (GTK_IS_WINDOW (form), TRUE);

  return g_object_get_data (G_OBJECT (form), CLOSING_KEY) != NULL;
}

static gboolean
is_open (GtkWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (toplevel == window)
        return TRUE;
    }

  return FALSE;
}

static gboolean
close_confirmed_cb (gpointer user_data)
{
  GtkWindow *form = user_data;

  /* Unless it went meanwhile (closed on lock with its parent). */
  if (is_open (form))
    gtk_window_destroy (form);

  return G_SOURCE_REMOVE;
}

static void
discard_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     GtkWindow        *form)
{
  if (g_strcmp0 (response, "discard") != 0)
    return;

  /* Once the dialog, which is transient for the form, has closed. */
  g_object_set_data (G_OBJECT (form), CLOSING_KEY, GINT_TO_POINTER (TRUE));
  g_idle_add_full (G_PRIORITY_DEFAULT, close_confirmed_cb, g_object_ref (form), g_object_unref);
}

gboolean
cw_form_ask_discard (GtkWindow  *form,
                     const char *heading)
{
  AdwMessageDialog *dialog;

  g_return_val_if_fail (GTK_IS_WINDOW (form), FALSE);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (form, heading,
                                                       _("What you typed has not been saved.")));
  gtk_widget_set_name (GTK_WIDGET (dialog), "discard_dialog");
  adw_message_dialog_add_responses (dialog,
                                    "keep", _("_Keep Editing"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "keep");
  adw_message_dialog_set_close_response (dialog, "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response_cb), form, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  return TRUE;
}

void
cw_form_close (GtkWindow *form)
{
  g_return_if_fail (GTK_IS_WINDOW (form));

  g_object_set_data (G_OBJECT (form), CLOSING_KEY, GINT_TO_POINTER (TRUE));
  gtk_window_destroy (form);
}

gboolean
cw_form_save_done (GtkWidget    *error_box,
                   GtkLabel     *error_label,
                   gboolean      saved,
                   const GError *error,
                   const char   *fallback,
                   GtkWidget    *field)
{
  if (!saved)
    {
      cw_form_show_problem (error_box, error_label,
                            error != NULL ? error->message : fallback, field);
      return FALSE;
    }

  cw_form_show_problem (error_box, error_label, NULL, NULL);
  return TRUE;
}

/* Times */

gboolean
cw_form_parse_time (const char  *text,
                    int         *hour_out,
                    int         *minute_out,
                    GError     **error)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autofree char *hours = NULL;
  const char *separator = strpbrk (copy, ":.");
  const char *minutes = "";
  gsize length = strlen (copy);
  guint64 hour, minute;

  g_return_val_if_fail (hour_out != NULL && minute_out != NULL, FALSE);

  if (separator != NULL)
    {
      hours = g_strndup (copy, separator - copy);
      minutes = separator + 1;
    }
  else if (length == 3 || length == 4)
    {
      hours = g_strndup (copy, length - 2);
      minutes = copy + length - 2;
    }

  if (hours == NULL || *hours == '\0' || strlen (hours) > 2 || strlen (minutes) != 2 ||
      !g_ascii_string_to_unsigned (hours, 10, 0, 99, &hour, NULL) ||
      !g_ascii_string_to_unsigned (minutes, 10, 0, 99, &minute, NULL))
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
