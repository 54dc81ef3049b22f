/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-password-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "core/cw-key.h"
#include "core/cw-vault.h"
#include "cw-password-dialog.h"

/*
 * The step-up dialog. AdwMessageDialog closes itself as soon as a response
 * button is pressed; this one must stay open while the password is checked
 * and after a wrong one, so it refuses close requests until it is finished.
 * A close request that no response follows (Escape, the window manager's
 * close button) means Cancel.
 */

#define CW_TYPE_PASSWORD_DIALOG (cw_password_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CwPasswordDialog, cw_password_dialog, CW, PASSWORD_DIALOG, AdwMessageDialog)

struct _CwPasswordDialog
{
  AdwMessageDialog  parent_instance;

  GtkPasswordEntry *password_entry;
  GtkSpinner       *spinner;
  GtkLabel         *message_label;

  CwSession        *session;
  GTask            *task;               /* the caller's confirm_async; owned */
  GCancellable     *check_cancellable;  /* the worker check in flight */
  gulong            cancelled_id;

  guint             close_idle_id;
  guint             responded_idle_id;
  gboolean          close_pending;
  gboolean          just_responded;
  gboolean          checking;
  gboolean          finished;
};

G_DEFINE_FINAL_TYPE (CwPasswordDialog, cw_password_dialog, ADW_TYPE_MESSAGE_DIALOG)

typedef struct
{
  CwSession *session;
  char      *password;
} CheckData;

static void
wipe_and_free (gpointer data)
{
  char *str = data;

  cw_secure_wipe_string (str);
  g_free (str);
}

static void
check_data_free (gpointer data)
{
  CheckData *check = data;

  g_clear_object (&check->session);
  g_clear_pointer (&check->password, wipe_and_free);
  g_free (check);
}

static void
set_busy (CwPasswordDialog *self,
          gboolean          busy)
{
  self->checking = busy;
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_entry), !busy);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "confirm", !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);

  if (busy)
    {
      gtk_label_set_text (self->message_label, _("Checking your password…"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "dim-label");
      gtk_widget_set_visible (GTK_WIDGET (self->message_label), TRUE);
    }
}

static void
show_problem (CwPasswordDialog *self,
              const char       *sentence)
{
  gtk_label_set_text (self->message_label, sentence);
  gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->password_entry),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, sentence,
                                  -1);
}

/* Completes the caller's task (with @password, or cancelled) and closes. */
static void
finish (CwPasswordDialog *self,
        char             *password)
{
  g_autoptr(CwPasswordDialog) keep = g_object_ref (self);
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  if (self->finished)
    {
      g_clear_pointer (&password, wipe_and_free);
      return;
    }

  self->finished = TRUE;
  g_cancellable_cancel (self->check_cancellable);

  if (task != NULL)
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      if (cancellable != NULL && self->cancelled_id != 0)
        g_cancellable_disconnect (cancellable, self->cancelled_id);
      self->cancelled_id = 0;
    }

  /* Gone before the caller hears the result: the caller may close the
   * window this dialog belongs to, and a worker thread's reference may keep
   * this object alive for a moment after that. */
  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_window_set_transient_for (GTK_WINDOW (self), NULL);
  gtk_window_destroy (GTK_WINDOW (self));

  if (task != NULL)
    {
      if (password != NULL)
        g_task_return_pointer (task, g_steal_pointer (&password), wipe_and_free);
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                 _("The password was not confirmed."));
    }

  g_clear_pointer (&password, wipe_and_free);
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CheckData *check = task_data;
  g_autoptr(GError) error = NULL;

  if (cw_session_confirm_password (check->session, check->password, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static gboolean
is_wrong_password (const GError *error)
{
  return g_error_matches (error, CW_SESSION_ERROR, CW_SESSION_ERROR_WRONG_PASSWORD) ||
         g_error_matches (error, CW_VAULT_ERROR, CW_VAULT_ERROR_WRONG_PASSWORD);
}

static void
check_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  CwPasswordDialog *self = CW_PASSWORD_DIALOG (source);
  CheckData *check = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (self->finished)
    return;

  g_clear_object (&self->check_cancellable);
  set_busy (self, FALSE);

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      finish (self, g_steal_pointer (&check->password));
      return;
    }

  if (is_wrong_password (error))
    show_problem (self, _("That password is not right."));
  else
    show_problem (self, error->message);

  gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->password_entry), 0, -1);
}

static void
start_check (CwPasswordDialog *self)
{
  g_autoptr(GTask) task = NULL;
  const char *text;
  CheckData *check;

  if (self->checking || self->finished)
    return;

  text = gtk_editable_get_text (GTK_EDITABLE (self->password_entry));
  if (text == NULL || *text == '\0')
    {
      show_problem (self, _("Type your password to go on."));
      gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
      return;
    }

  check = g_new0 (CheckData, 1);
  check->session = g_object_ref (self->session);
  check->password = g_strdup (text);

  self->check_cancellable = g_cancellable_new ();
  set_busy (self, TRUE);

  task = g_task_new (self, self->check_cancellable, check_done_cb, NULL);
  g_task_set_source_tag (task, start_check);
  g_task_set_task_data (task, check, check_data_free);
  g_task_run_in_thread (task, check_thread);
}

static void
responded_idle_cb (gpointer user_data)
{
  CwPasswordDialog *self = user_data;

  self->responded_idle_id = 0;
  self->just_responded = FALSE;
}

static void
close_idle_cb (gpointer user_data)
{
  CwPasswordDialog *self = user_data;

  self->close_idle_id = 0;

  /* A close request with no response after it: Escape or the title bar. */
  if (self->close_pending)
    {
      self->close_pending = FALSE;
      finish (self, NULL);
    }
}

static void
response_cb (CwPasswordDialog *self,
             const char       *response)
{
  self->close_pending = FALSE;
  self->just_responded = TRUE;
  if (self->responded_idle_id == 0)
    self->responded_idle_id = g_idle_add_once (responded_idle_cb, self);

  if (g_strcmp0 (response, "confirm") == 0)
    start_check (self);
  else
    finish (self, NULL);
}

static void
password_entry_changed_cb (CwPasswordDialog *self)
{
  if (!self->checking)
    gtk_widget_set_visible (GTK_WIDGET (self->message_label), FALSE);
}

static gboolean
caller_cancelled_idle_cb (gpointer user_data)
{
  finish (CW_PASSWORD_DIALOG (user_data), NULL);

  return G_SOURCE_REMOVE;
}

static void
caller_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  /* Never finish from inside the cancelled signal: defer to the main loop. */
  g_idle_add_full (G_PRIORITY_DEFAULT, caller_cancelled_idle_cb,
                   g_object_ref (user_data), g_object_unref);
}

/* The window this dialog belongs to went away (the session locked, say). */
static void
parent_destroyed_cb (CwPasswordDialog *self)
{
  finish (self, NULL);
}

static gboolean
cw_password_dialog_close_request (GtkWindow *window)
{
  CwPasswordDialog *self = CW_PASSWORD_DIALOG (window);

  if (self->finished)
    return GTK_WINDOW_CLASS (cw_password_dialog_parent_class)->close_request (window);

  /* A response button asks to close too; the response itself decides. */
  if (self->just_responded)
    return TRUE;

  self->close_pending = TRUE;
  if (self->close_idle_id == 0)
    self->close_idle_id = g_idle_add_once (close_idle_cb, self);

  return TRUE;
}

static void
cw_password_dialog_dispose (GObject *object)
{
  CwPasswordDialog *self = CW_PASSWORD_DIALOG (object);

  g_clear_handle_id (&self->close_idle_id, g_source_remove);
  g_clear_handle_id (&self->responded_idle_id, g_source_remove);

  if (self->task != NULL)
    {
      GCancellable *cancellable = g_task_get_cancellable (self->task);

      if (cancellable != NULL && self->cancelled_id != 0)
        g_cancellable_disconnect (cancellable, self->cancelled_id);
      self->cancelled_id = 0;
      g_task_return_new_error (self->task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The password was not confirmed."));
      g_clear_object (&self->task);
    }

  if (self->check_cancellable != NULL)
    g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  g_clear_object (&self->session);

  /* The entry must not be the focus while the template is taken down. */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CW_TYPE_PASSWORD_DIALOG);

  G_OBJECT_CLASS (cw_password_dialog_parent_class)->dispose (object);
}

static void
cw_password_dialog_class_init (CwPasswordDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = cw_password_dialog_dispose;
  window_class->close_request = cw_password_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/casework/Casework/"
                                                             "cw-password-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CwPasswordDialog, password_entry);
  gtk_widget_class_bind_template_child (widget_class, CwPasswordDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, CwPasswordDialog, message_label);
  gtk_widget_class_bind_template_callback (widget_class, password_entry_changed_cb);
}

static void
cw_password_dialog_init (CwPasswordDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (self, "response", G_CALLBACK (response_cb), NULL);
}

/**
 * cw_password_dialog_confirm_async:
 * @session: the signed-in session
 * @parent: (nullable): a widget in the window the dialog belongs to
 * @heading: what is about to happen, e.g. "Add Staff Member?"
 * @body: (nullable): why the password is asked for
 * @confirm_label: (nullable): the confirm button's label, with a mnemonic
 * @cancellable: (nullable): closes the dialog when cancelled
 * @callback: called when the password is confirmed or the dialog cancelled
 * @user_data: for @callback
 *
 * Asks for the signed-in person's password again and checks it against
 * their key slot in a worker thread.
 */
void
cw_password_dialog_confirm_async (CwSession           *session,
                                  GtkWidget           *parent,
                                  const char          *heading,
                                  const char          *body,
                                  const char          *confirm_label,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  CwPasswordDialog *self;
  GtkRoot *root = NULL;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CW_IS_SESSION (session));
  g_return_if_fail (parent == NULL || GTK_IS_WIDGET (parent));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cw_password_dialog_confirm_async);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (heading == NULL)
    heading = _("Confirm Your Password");
  if (body == NULL)
    body = _("Type your password to confirm this change.");

  self = g_object_new (CW_TYPE_PASSWORD_DIALOG, "heading", heading, "body", body, NULL);
  self->session = g_object_ref (session);

  if (confirm_label != NULL)
    adw_message_dialog_set_response_label (ADW_MESSAGE_DIALOG (self), "confirm", confirm_label);

  if (parent != NULL)
    root = gtk_widget_get_root (parent);
  /* Not "destroy-with-parent": GTK 4.8 then leaves a dangling parent
   * pointer when this dialog outlives its parent (a worker thread holds a
   * reference); the parent's "destroy" closes it instead. */
  if (root != NULL && GTK_IS_WINDOW (root))
    {
      gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (root));
      g_signal_connect_object (root, "destroy", G_CALLBACK (parent_destroyed_cb), self,
                               G_CONNECT_SWAPPED);
    }

  self->task = g_steal_pointer (&task);
  if (cancellable != NULL)
    self->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                self, NULL);

  gtk_window_present (GTK_WINDOW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
}

/**
 * cw_password_dialog_confirm_finish:
 * @result: the result given to the callback
 * @error: G_IO_ERROR_CANCELLED when the person cancelled
 *
 * Returns: (transfer full): the confirmed password; wipe it with
 *   cw_secure_wipe_string() before g_free().
 */
char *
cw_password_dialog_confirm_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        cw_password_dialog_confirm_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
