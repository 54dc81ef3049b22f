/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-recovery-key-view"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "core/cw-key.h"
#include "cw-recovery-key-view.h"

struct _CwRecoveryKeyView
{
  GtkWidget             parent_instance;

  GtkWidget            *box;
  GtkLabel             *key_label;
  GtkLabel             *status_label;
  GtkCheckButton       *stored_check;
  GtkWidget            *continue_button;
  GtkWidget            *print_button;
  GtkWidget            *save_button;

  char                 *recovery_key;   /* wiped in cw_recovery_key_view_clear() */
  char                 *organisation;
  GDateTime            *shown_at;
  GtkPrintOperation    *print_operation;
  GtkFileChooserNative *file_chooser;
};

enum {
  SIGNAL_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CwRecoveryKeyView, cw_recovery_key_view, GTK_TYPE_WIDGET)

/* "ABCD-EFGH-…" in two lines of four groups, easier to copy by hand. */
static char *
format_for_display (const char *recovery_key)
{
  g_auto(GStrv) groups = g_strsplit (recovery_key, "-", -1);
  guint n_groups = g_strv_length (groups);
  GString *text;

  if (n_groups < 2 || n_groups % 2 != 0)
    return g_strdup (recovery_key);

  text = g_string_new (NULL);
  for (guint i = 0; i < n_groups; i++)
    {
      if (i > 0)
        g_string_append_c (text, i == n_groups / 2 ? '\n' : '-');
      g_string_append (text, groups[i]);
    }

  for (guint i = 0; i < n_groups; i++)
    cw_secure_wipe_string (groups[i]);

  return g_string_free (text, FALSE);
}

static char *
format_date (GDateTime *when)
{
  /* Translators: a date such as "5 March 2025", see g_date_time_format() */
  return g_date_time_format (when, _("%-d %B %Y"));
}

static void
show_status (CwRecoveryKeyView *self,
             const char        *sentence)
{
  gtk_label_set_text (self->status_label, sentence);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), sentence != NULL);
}

static char *
build_text_file (CwRecoveryKeyView *self)
{
  g_autofree char *date = format_date (self->shown_at);

  return g_strdup_printf ("%s\n%s %s\n%s %s\n\n%s\n\n%s\n",
                          _("Casework recovery key"),
                          _("Organisation:"), self->organisation ? self->organisation : "",
                          _("Created:"), date,
                          self->recovery_key,
                          _("Keep this somewhere safe and away from the computer Casework "
                            "runs on. Anyone who has this key and a copy of the database "
                            "can read every record in it."));
}

static void
print_begin_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                gpointer           user_data)
{
  gtk_print_operation_set_n_pages (operation, 1);
}

/* Shows @markup at @y across the page; returns the y below it. */
static double
draw_markup (GtkPrintContext *context,
             const char      *markup,
             PangoAlignment   alignment,
             double           y)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  g_autoptr(PangoLayout) layout = gtk_print_context_create_pango_layout (context);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans 11");
  int height = 0;

  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (gtk_print_context_get_width (context) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, alignment);
  pango_layout_set_markup (layout, markup, -1);

  cairo_move_to (cr, 0, y);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_pixel_size (layout, NULL, &height);

  return y + height;
}

static void
print_draw_page_cb (GtkPrintOperation *operation,
                    GtkPrintContext   *context,
                    int                page_nr,
                    CwRecoveryKeyView *self)
{
  g_autofree char *date = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *key_markup = NULL;
  g_autofree char *display = NULL;
  g_autofree char *advice = NULL;
  double y;

  if (self->recovery_key == NULL)
    return;

  date = format_date (self->shown_at);
  heading = g_markup_printf_escaped ("<span size='x-large' weight='bold'>%s</span>\n\n"
                                     "%s %s\n%s %s",
                                     _("Casework recovery key"),
                                     _("Organisation:"),
                                     self->organisation ? self->organisation : "",
                                     _("Created:"), date);
  y = draw_markup (context, heading, PANGO_ALIGN_LEFT, 0);

  display = format_for_display (self->recovery_key);
  key_markup = g_markup_printf_escaped ("<span font_family='monospace' size='xx-large' "
                                        "weight='bold'>%s</span>", display);
  y = draw_markup (context, key_markup, PANGO_ALIGN_CENTER, y + 36);
  cw_secure_wipe_string (display);
  cw_secure_wipe_string (key_markup);

  advice = g_markup_escape_text (_("If every administrator forgets their password, this key "
                                   "is the only way into your organisation’s Casework "
                                   "records. Keep this page somewhere safe and locked away "
                                   "from the computer Casework runs on: anyone who has this "
                                   "key and a copy of the database can read every record "
                                   "in it."), -1);
  draw_markup (context, advice, PANGO_ALIGN_LEFT, y + 36);
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               CwRecoveryKeyView       *self)
{
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gtk_print_operation_get_error (operation, &error);
      show_status (self, error ? error->message : _("The recovery key could not be printed."));
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    show_status (self, _("The recovery key was sent to the printer."));

  g_clear_object (&self->print_operation);
}

static void
print_button_clicked_cb (CwRecoveryKeyView *self)
{
  g_autoptr(GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkPrintOperationResult result;

  if (self->recovery_key == NULL || self->print_operation != NULL)
    return;

  self->print_operation = gtk_print_operation_new ();
  gtk_print_operation_set_job_name (self->print_operation, _("Casework recovery key"));
  gtk_print_operation_set_allow_async (self->print_operation, TRUE);
  g_signal_connect (self->print_operation, "begin-print", G_CALLBACK (print_begin_cb), NULL);
  g_signal_connect_object (self->print_operation, "draw-page",
                           G_CALLBACK (print_draw_page_cb), self, 0);
  g_signal_connect_object (self->print_operation, "done",
                           G_CALLBACK (print_done_cb), self, 0);

  result = gtk_print_operation_run (self->print_operation,
                                    GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                    &error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      show_status (self, error->message);
      g_clear_object (&self->print_operation);
    }
  else if (result != GTK_PRINT_OPERATION_RESULT_IN_PROGRESS)
    {
      /* Finished synchronously: "done" has run already. */
      g_clear_object (&self->print_operation);
    }
}

static void
file_chooser_response_cb (GtkNativeDialog   *dialog,
                          int                response,
                          CwRecoveryKeyView *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->recovery_key != NULL)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  if (file != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *contents = build_text_file (self);
      g_autofree char *name = g_file_get_parse_name (file);

      /* The person chose this place for their own key; only they may read it. */
      if (g_file_replace_contents (file, contents, strlen (contents), NULL, FALSE,
                                   G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                   NULL, NULL, &error))
        {
          g_autofree char *sentence = g_strdup_printf (_("Saved in %s."), name);

          show_status (self, sentence);
        }
      else
        {
          g_autofree char *sentence =
            g_strdup_printf (_("The recovery key could not be saved in %s: %s"),
                             name, error->message);

          show_status (self, sentence);
        }
      cw_secure_wipe_string (contents);
    }

  gtk_native_dialog_destroy (dialog);
  g_clear_object (&self->file_chooser);
}

static void
save_button_clicked_cb (CwRecoveryKeyView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->recovery_key == NULL || self->file_chooser != NULL)
    return;

  self->file_chooser = gtk_file_chooser_native_new (_("Save Recovery Key"),
                                                    GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                         : NULL,
                                                    GTK_FILE_CHOOSER_ACTION_SAVE,
                                                    _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->file_chooser), TRUE);
  /* Translators: the suggested file name for a saved recovery key */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->file_chooser),
                                     _("Casework recovery key.txt"));
  g_signal_connect_object (self->file_chooser, "response",
                           G_CALLBACK (file_chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->file_chooser));
}

static void
stored_check_toggled_cb (CwRecoveryKeyView *self)
{
  gtk_widget_set_sensitive (self->continue_button,
                            self->recovery_key != NULL &&
                            gtk_check_button_get_active (self->stored_check));
}

static void
continue_button_clicked_cb (CwRecoveryKeyView *self)
{
  if (self->recovery_key == NULL || !gtk_check_button_get_active (self->stored_check))
    return;

  cw_recovery_key_view_clear (self);
  g_signal_emit (self, signals[SIGNAL_DONE], 0);
}

static void
cw_recovery_key_view_dispose (GObject *object)
{
  CwRecoveryKeyView *self = CW_RECOVERY_KEY_VIEW (object);

  cw_recovery_key_view_clear (self);
  if (self->print_operation != NULL)
    {
      gtk_print_operation_cancel (self->print_operation);
      g_clear_object (&self->print_operation);
    }
  if (self->file_chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->file_chooser));
      g_clear_object (&self->file_chooser);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), CW_TYPE_RECOVERY_KEY_VIEW);

  G_OBJECT_CLASS (cw_recovery_key_view_parent_class)->dispose (object);
}

static void
cw_recovery_key_view_finalize (GObject *object)
{
  CwRecoveryKeyView *self = CW_RECOVERY_KEY_VIEW (object);

  g_clear_pointer (&self->organisation, g_free);
  g_clear_pointer (&self->shown_at, g_date_time_unref);

  G_OBJECT_CLASS (cw_recovery_key_view_parent_class)->finalize (object);
}

static gboolean
cw_recovery_key_view_grab_focus (GtkWidget *widget)
{
  CwRecoveryKeyView *self = CW_RECOVERY_KEY_VIEW (widget);

  /* Not the key label: focusing it would select the whole key. */
  return gtk_widget_grab_focus (GTK_WIDGET (self->stored_check));
}

static void
cw_recovery_key_view_class_init (CwRecoveryKeyViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cw_recovery_key_view_dispose;
  object_class->finalize = cw_recovery_key_view_finalize;
  widget_class->grab_focus = cw_recovery_key_view_grab_focus;

  /**
   * CwRecoveryKeyView::done:
   *
   * The person has confirmed that the key is stored safely and pressed
   * Continue. The key has been wiped from the view.
   */
  signals[SIGNAL_DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/casework/Casework/"
                                                             "cw-recovery-key-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CwRecoveryKeyView, box);
  gtk_widget_class_bind_template_child (widget_class, CwRecoveryKeyView, key_label);
  gtk_widget_class_bind_template_child (widget_class, CwRecoveryKeyView, status_label);
  gtk_widget_class_bind_template_child (widget_class, CwRecoveryKeyView, stored_check);
  gtk_widget_class_bind_template_child (widget_class, CwRecoveryKeyView, continue_button);
  gtk_widget_class_bind_template_child (widget_class, CwRecoveryKeyView, print_button);
  gtk_widget_class_bind_template_child (widget_class, CwRecoveryKeyView, save_button);
  gtk_widget_class_bind_template_callback (widget_class, print_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, stored_check_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, continue_button_clicked_cb);
}

static void
cw_recovery_key_view_init (CwRecoveryKeyView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  cw_recovery_key_view_clear (self);
}

GtkWidget *
cw_recovery_key_view_new (void)
{
  return g_object_new (CW_TYPE_RECOVERY_KEY_VIEW, NULL);
}

void
cw_recovery_key_view_set_recovery_key (CwRecoveryKeyView *self,
                                       const char        *recovery_key,
                                       const char        *organisation)
{
  g_autofree char *display = NULL;

  g_return_if_fail (CW_IS_RECOVERY_KEY_VIEW (self));
  g_return_if_fail (recovery_key != NULL);

  cw_recovery_key_view_clear (self);

  self->recovery_key = g_strdup (recovery_key);
  self->organisation = g_strdup (organisation);
  self->shown_at = g_date_time_new_now_local ();

  display = format_for_display (recovery_key);
  gtk_label_set_text (self->key_label, display);
  gtk_label_select_region (self->key_label, 0, 0);
  cw_secure_wipe_string (display);

  gtk_widget_set_sensitive (self->print_button, TRUE);
  gtk_widget_set_sensitive (self->save_button, TRUE);
}

void
cw_recovery_key_view_clear (CwRecoveryKeyView *self)
{
  g_return_if_fail (CW_IS_RECOVERY_KEY_VIEW (self));

  if (self->recovery_key != NULL)
    {
      cw_secure_wipe_string (self->recovery_key);
      g_clear_pointer (&self->recovery_key, g_free);
    }
  g_clear_pointer (&self->organisation, g_free);
  g_clear_pointer (&self->shown_at, g_date_time_unref);

  if (self->key_label != NULL)
    {
      gtk_label_set_text (self->key_label, "");
      gtk_check_button_set_active (self->stored_check, FALSE);
      gtk_widget_set_sensitive (self->continue_button, FALSE);
      gtk_widget_set_sensitive (self->print_button, FALSE);
      gtk_widget_set_sensitive (self->save_button, FALSE);
      show_status (self, NULL);
    }
}
