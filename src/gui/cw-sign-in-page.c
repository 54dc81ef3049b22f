/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-sign-in-page"

#include "config.h"

#include <glib/gi18n.h>

#include "core/cw-database.h"
#include "core/cw-key.h"
#include "core/cw-keyring.h"
#include "core/cw-password.h"
#include "core/cw-vault.h"
#include "cw-setup-page.h"
#include "cw-sign-in-page.h"

typedef enum
{
  MODE_SIGN_IN,
  MODE_RECOVERY,
  MODE_UNLOCK,
} Mode;

struct _CwSignInPage
{
  AdwBin          parent_instance;

  AdwWindowTitle *window_title;
  GtkStack       *page_stack;
  GtkSpinner     *checking_spinner;
  GtkImage       *form_icon;
  GtkLabel       *form_title_label;
  GtkLabel       *form_subtitle_label;
  GtkLabel       *message_label;
  GtkWidget      *credentials_group;
  AdwEntryRow    *username_row;
  AdwEntryRow    *password_row;
  AdwEntryRow    *recovery_key_row;
  GtkWidget      *remember_group;
  GtkSwitch      *remember_switch;
  GtkWidget      *sign_in_button;
  GtkSpinner     *busy_spinner;
  GtkWidget      *recovery_button;
  GtkWidget      *other_person_button;
  GtkLabel       *change_message_label;
  AdwEntryRow    *current_password_row;
  AdwEntryRow    *new_password_row;
  AdwEntryRow    *new_confirm_row;
  GtkLevelBar    *new_strength_bar;
  GtkLabel       *new_strength_label;
  GtkLabel       *new_match_label;
  GtkLabel       *change_error_label;
  GtkWidget      *change_button;
  GtkSpinner     *change_spinner;
  GtkWidget      *change_sign_out_button;

  char           *database_path;
  Mode            mode;
  gboolean        busy;
  GCancellable   *cancellable;

  /* Unlock mode: the locked session. */
  CwSession      *locked_session;

  /* Signed in but must choose a new password first. */
  CwSession      *pending_session;
  char           *pending_old_password;  /* wiped; NULL after a recovery-key sign-in */
  gboolean        pending_remember;
  gboolean        new_password_ok;
};

enum {
  SIGNAL_SIGNED_IN,
  SIGNAL_UNLOCKED,
  SIGNAL_SIGN_OUT_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CwSignInPage, cw_sign_in_page, ADW_TYPE_BIN)

/* What a worker thread hands back. */
typedef struct
{
  /* in */
  char      *database_path;
  char      *username;
  char      *secret;          /* password or recovery key; wiped */
  char      *new_password;    /* wiped */
  char      *organisation;
  Mode       mode;
  gboolean   remember;
  CwSession *session;         /* unlock / change password: the session worked on */

  /* out */
  CwSession *signed_in;
  char      *notice;
  gboolean   several_remembered;
  gboolean   must_change_password;
  GError    *error;
} Job;

static void
job_free (Job *job)
{
  g_free (job->database_path);
  g_free (job->username);
  cw_secure_wipe_string (job->secret);
  g_free (job->secret);
  cw_secure_wipe_string (job->new_password);
  g_free (job->new_password);
  g_free (job->organisation);
  g_clear_object (&job->session);
  g_clear_object (&job->signed_in);
  g_free (job->notice);
  g_clear_error (&job->error);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static const char *
sentence_for_error (const GError *error,
                    Mode          mode)
{
  if (error->domain == CW_KEYRING_ERROR)
    {
      switch (error->code)
        {
        case CW_KEYRING_ERROR_NOT_STORED:
          return _("This computer does not remember your sign-in yet.");
        case CW_KEYRING_ERROR_LOCKED:
          return _("Your keyring is locked, so Casework could not sign you in automatically.");
        case CW_KEYRING_ERROR_NO_SERVICE:
          return _("No keyring service is running, so Casework cannot remember your sign-in "
                   "on this computer.");
        default:
          return error->message;
        }
    }

  if (g_error_matches (error, CW_VAULT_ERROR, CW_VAULT_ERROR_STALE_UNLOCK_KEY))
    return _("The sign-in this computer remembered no longer fits your account, so Casework "
             "has forgotten it. Sign in with your password.");

  if (g_error_matches (error, CW_VAULT_ERROR, CW_VAULT_ERROR_WRONG_PASSWORD) ||
      g_error_matches (error, CW_VAULT_ERROR, CW_VAULT_ERROR_NO_SUCH_SLOT) ||
      g_error_matches (error, CW_SESSION_ERROR, CW_SESSION_ERROR_WRONG_PASSWORD))
    {
      if (mode == MODE_UNLOCK)
        return _("That password does not match. Try again.");
      if (mode == MODE_RECOVERY)
        return _("That username and recovery key do not match.");
      return _("That username and password do not match.");
    }

  /* Database, vault and account errors are already sentences. */
  return error->message;
}

static void
set_message (CwSignInPage *self,
             const char   *sentence,
             gboolean      is_error)
{
  gtk_label_set_text (self->message_label, sentence ? sentence : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), sentence != NULL);

  if (is_error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "dim-label");
    }
}

static void
update_default_widget (CwSignInPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  const char *page = gtk_stack_get_visible_child_name (self->page_stack);
  GtkWidget *default_widget = NULL;

  if (!GTK_IS_WINDOW (root) || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  if (g_strcmp0 (page, "form") == 0)
    default_widget = self->sign_in_button;
  else if (g_strcmp0 (page, "change-password") == 0)
    default_widget = self->change_button;

  gtk_window_set_default_widget (GTK_WINDOW (root), default_widget);
}

static void
set_busy (CwSignInPage *self,
          gboolean      busy)
{
  self->busy = busy;

  gtk_widget_set_sensitive (self->credentials_group, !busy);
  gtk_widget_set_sensitive (self->remember_group, !busy);
  gtk_widget_set_sensitive (self->sign_in_button, !busy);
  gtk_widget_set_sensitive (self->recovery_button, !busy);
  gtk_widget_set_sensitive (self->other_person_button, !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->busy_spinner), busy);
  gtk_spinner_set_spinning (self->busy_spinner, busy);

  gtk_widget_set_visible (GTK_WIDGET (self->change_spinner), busy);
  gtk_spinner_set_spinning (self->change_spinner, busy);
  gtk_widget_set_sensitive (self->change_sign_out_button, !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->current_password_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->new_password_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->new_confirm_row), !busy);
  gtk_widget_set_sensitive (self->change_button, !busy && self->new_password_ok);
}

static void
cancel_work (CwSignInPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_spinner_stop (self->checking_spinner);
  set_busy (self, FALSE);
}

static GTask *
new_job_task (CwSignInPage        *self,
              Job                 *job,
              GAsyncReadyCallback  callback)
{
  GTask *task;

  cancel_work (self);
  self->cancellable = g_cancellable_new ();

  task = g_task_new (self, self->cancellable, callback, NULL);
  /* The thread hands the job back as the task's result, freed with it. */
  g_task_set_task_data (task, job, NULL);
  return task;
}

/* Takes the job back from a finished task, or NULL when the page has
 * moved on (cancelled) in the meantime. */
static Job *
steal_job (CwSignInPage *self,
           GAsyncResult *result)
{
  GTask *task = G_TASK (result);
  Job *job;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    return NULL;

  job = g_task_propagate_pointer (task, NULL);
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  return job;
}

static void
wipe_entry (AdwEntryRow *row)
{
  gtk_editable_set_text (GTK_EDITABLE (row), "");
}

static void
clear_pending (CwSignInPage *self)
{
  g_clear_object (&self->pending_session);
  if (self->pending_old_password != NULL)
    {
      cw_secure_wipe_string (self->pending_old_password);
      g_clear_pointer (&self->pending_old_password, g_free);
    }
  wipe_entry (self->current_password_row);
  wipe_entry (self->new_password_row);
  wipe_entry (self->new_confirm_row);
}

/* Stores or forgets this person's unlock key; returns a sentence for a toast
 * when the keyring could not do it. Runs in a worker thread. */
static char *
remember_or_forget (CwSession    *session,
                    gboolean      remember,
                    GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  CwStaffMember *member = cw_session_get_staff_member (session);
  const char *uuid = cw_session_get_database_uuid (session);
  const char *username = cw_staff_member_get_username (member);

  if (remember)
    {
      g_autoptr(CwKey) unlock_key = cw_session_dup_unlock_key (session);
      g_autofree char *organisation = cw_session_get_organisation (session);

      if (unlock_key == NULL)
        return g_strdup (_("This computer could not remember your sign-in."));
      if (!cw_keyring_store (uuid, username, organisation, unlock_key, cancellable, &error))
        return g_strdup (sentence_for_error (error, MODE_SIGN_IN));
    }
  else if (!cw_keyring_clear (uuid, username, cancellable, &error) &&
           !g_error_matches (error, CW_KEYRING_ERROR, CW_KEYRING_ERROR_NO_SERVICE))
    {
      return g_strdup (error->message);
    }

  return NULL;
}

static void
show_form (CwSignInPage *self)
{
  gboolean unlock = self->mode == MODE_UNLOCK;
  gboolean recovery = self->mode == MODE_RECOVERY;

  gtk_spinner_stop (self->checking_spinner);

  gtk_widget_set_visible (GTK_WIDGET (self->username_row), !unlock);
  gtk_widget_set_visible (GTK_WIDGET (self->password_row), !recovery);
  gtk_widget_set_visible (GTK_WIDGET (self->recovery_key_row), recovery);
  gtk_widget_set_visible (self->remember_group, !unlock);
  gtk_widget_set_visible (self->recovery_button, !unlock);
  gtk_widget_set_visible (self->other_person_button, unlock);

  gtk_button_set_label (GTK_BUTTON (self->recovery_button),
                        recovery ? _("Use _Password Instead") : _("Use _Recovery Key"));
  gtk_button_set_label (GTK_BUTTON (self->sign_in_button),
                        unlock ? _("_Unlock") : _("_Sign In"));
  gtk_image_set_from_icon_name (self->form_icon,
                                unlock ? "system-lock-screen-symbolic"
                                       : "io.github.casework.Casework");
  gtk_image_set_pixel_size (self->form_icon, unlock ? 64 : 96);
  if (unlock)
    gtk_widget_add_css_class (GTK_WIDGET (self->form_icon), "dim-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->form_icon), "dim-label");
  if (unlock)
    gtk_label_set_text (self->form_title_label, _("Casework is locked"));
  else if (recovery)
    gtk_label_set_text (self->form_title_label, _("Use the recovery key"));
  else
    gtk_label_set_text (self->form_title_label, _("Sign in to Casework"));

  if (unlock && self->locked_session != NULL)
    {
      CwStaffMember *member = cw_session_get_staff_member (self->locked_session);
      g_autofree char *who = NULL;

      if (member != NULL)
        who = g_strdup_printf (_("%s (%s) is signed in."),
                               cw_staff_member_get_display_name (member),
                               cw_staff_member_get_username (member));
      gtk_label_set_text (self->form_subtitle_label, who ? who : "");
      gtk_widget_set_visible (GTK_WIDGET (self->form_subtitle_label), who != NULL);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->form_subtitle_label), FALSE);

  gtk_stack_set_visible_child_name (self->page_stack, "form");
  update_default_widget (self);

  if (!unlock && *gtk_editable_get_text (GTK_EDITABLE (self->username_row)) == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->username_row));
  else if (recovery)
    gtk_widget_grab_focus (GTK_WIDGET (self->recovery_key_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
update_new_password (CwSignInPage *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->new_password_row));
  const char *confirm = gtk_editable_get_text (GTK_EDITABLE (self->new_confirm_row));
  const char *username = NULL, *display_name = NULL;
  gboolean acceptable, match, current_ok = TRUE;

  if (self->pending_session != NULL)
    {
      CwStaffMember *member = cw_session_get_staff_member (self->pending_session);

      username = cw_staff_member_get_username (member);
      display_name = cw_staff_member_get_display_name (member);
    }

  acceptable = cw_password_feedback_update (self->new_strength_bar, self->new_strength_label,
                                            password, username, display_name);
  match = g_strcmp0 (password, confirm) == 0;
  gtk_widget_set_visible (GTK_WIDGET (self->new_match_label), *confirm != '\0' && !match);

  if (gtk_widget_get_visible (GTK_WIDGET (self->current_password_row)))
    current_ok = *gtk_editable_get_text (GTK_EDITABLE (self->current_password_row)) != '\0';

  self->new_password_ok = acceptable && match && current_ok;
  gtk_widget_set_sensitive (self->change_button, !self->busy && self->new_password_ok);
}

static void
show_change_password (CwSignInPage *self,
                      CwSession    *session,
                      const char   *old_password,
                      gboolean      remember,
                      gboolean      after_recovery)
{
  clear_pending (self);
  self->pending_session = g_object_ref (session);
  self->pending_old_password = g_strdup (old_password);
  self->pending_remember = remember;

  gtk_widget_set_visible (GTK_WIDGET (self->current_password_row),
                          old_password == NULL && !after_recovery);
  if (after_recovery)
    gtk_label_set_text (self->change_message_label,
                        _("You signed in with the recovery key. Choose a new password now, so "
                          "that you can sign in with it next time."));
  else
    gtk_label_set_text (self->change_message_label,
                        _("Your administrator gave you a temporary password. Choose your own "
                          "password before you carry on."));
  gtk_widget_set_visible (GTK_WIDGET (self->change_error_label), FALSE);
  update_new_password (self);

  gtk_stack_set_visible_child_name (self->page_stack, "change-password");
  update_default_widget (self);
  if (gtk_widget_get_visible (GTK_WIDGET (self->current_password_row)))
    gtk_widget_grab_focus (GTK_WIDGET (self->current_password_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->new_password_row));
}

static void
finish_sign_in (CwSignInPage *self,
                CwSession    *session,
                const char   *notice)
{
  g_autoptr(CwSession) keep = g_object_ref (session);

  wipe_entry (self->password_row);
  wipe_entry (self->recovery_key_row);
  clear_pending (self);
  g_signal_emit (self, signals[SIGNAL_SIGNED_IN], 0, keep, notice);
}

/* Automatic sign-in from the keyring ------------------------------------ */

static void
keyring_sign_in_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  Job *job = task_data;
  g_autofree char *uuid = NULL;
  g_auto(GStrv) usernames = NULL;
  g_autoptr(CwKey) unlock_key = NULL;
  const char *username = NULL;
  guint n_usernames;

  uuid = cw_session_peek_database_uuid (job->database_path, &job->error);
  if (uuid == NULL)
    goto out;

  usernames = cw_keyring_list_usernames (uuid, cancellable, &job->error);
  if (usernames == NULL)
    goto out;

  n_usernames = g_strv_length (usernames);
  if (n_usernames == 1)
    username = usernames[0];
  else if (job->username != NULL && g_strv_contains ((const char * const *) usernames,
                                                     job->username))
    username = job->username;
  else if (n_usernames > 1)
    {
      job->several_remembered = TRUE;
      goto out;
    }
  else
    {
      g_set_error_literal (&job->error, CW_KEYRING_ERROR, CW_KEYRING_ERROR_NOT_STORED,
                           _("This computer does not remember your sign-in yet."));
      goto out;
    }

  if (username != job->username)
    {
      g_free (job->username);
      job->username = g_strdup (username);
    }

  unlock_key = cw_keyring_lookup (uuid, job->username, cancellable, &job->error);
  if (unlock_key == NULL)
    goto out;

  /* They chose to type their password meanwhile: do not open it twice. */
  if (g_cancellable_set_error_if_cancelled (cancellable, &job->error))
    goto out;

  job->signed_in = cw_session_sign_in_with_unlock_key (job->database_path, job->username,
                                                       unlock_key, &job->error);
  if (job->signed_in == NULL &&
      g_error_matches (job->error, CW_VAULT_ERROR, CW_VAULT_ERROR_STALE_UNLOCK_KEY))
    cw_keyring_clear (uuid, job->username, cancellable, NULL);

out:
  g_task_return_pointer (task, job, (GDestroyNotify) job_free);
}

static void
keyring_sign_in_cb (GObject      *source_object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  CwSignInPage *self = CW_SIGN_IN_PAGE (source_object);
  g_autoptr(Job) job = steal_job (self, result);

  if (job == NULL)
    return;

  if (job->username != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->username_row), job->username);

  if (job->signed_in != NULL)
    {
      CwStaffMember *member = cw_session_get_staff_member (job->signed_in);

      if (cw_staff_member_get_must_change_password (member))
        show_change_password (self, job->signed_in, NULL, TRUE, FALSE);
      else
        finish_sign_in (self, job->signed_in, NULL);
      return;
    }

  if (job->several_remembered)
    set_message (self, _("More than one person is remembered on this computer. Enter your "
                         "username and password."), FALSE);
  else if (job->error == NULL)
    set_message (self, _("This computer does not remember your sign-in yet."), FALSE);
  else
    {
      gboolean is_error = job->error->domain != CW_KEYRING_ERROR;

      set_message (self, sentence_for_error (job->error, MODE_SIGN_IN), is_error);
      if (g_error_matches (job->error, CW_KEYRING_ERROR, CW_KEYRING_ERROR_NO_SERVICE))
        gtk_switch_set_active (self->remember_switch, FALSE);
    }

  show_form (self);
}

/* Signing in with the form ---------------------------------------------- */

static void
form_sign_in_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  Job *job = task_data;

  if (job->mode == MODE_UNLOCK)
    {
      cw_session_unlock_with_password (job->session, job->secret, &job->error);
      goto out;
    }

  if (job->mode == MODE_RECOVERY)
    job->signed_in = cw_session_sign_in_with_recovery_key (job->database_path, job->username,
                                                           job->secret, &job->error);
  else
    job->signed_in = cw_session_sign_in_with_password (job->database_path, job->username,
                                                       job->secret, &job->error);
  if (job->signed_in == NULL)
    goto out;

  job->must_change_password =
    job->mode == MODE_RECOVERY ||
    cw_staff_member_get_must_change_password (cw_session_get_staff_member (job->signed_in));

  /* With a new password to choose, the keyring waits until it is chosen. */
  if (!job->must_change_password)
    job->notice = remember_or_forget (job->signed_in, job->remember, cancellable);

out:
  g_task_return_pointer (task, job, (GDestroyNotify) job_free);
}

static void
form_sign_in_cb (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CwSignInPage *self = CW_SIGN_IN_PAGE (source_object);
  g_autoptr(Job) job = steal_job (self, result);

  if (job == NULL)
    return;

  if (job->error != NULL)
    {
      set_message (self, sentence_for_error (job->error, job->mode), TRUE);
      wipe_entry (self->password_row);
      wipe_entry (self->recovery_key_row);
      show_form (self);
      return;
    }

  if (job->mode == MODE_UNLOCK)
    {
      wipe_entry (self->password_row);
      g_clear_object (&self->locked_session);
      g_signal_emit (self, signals[SIGNAL_UNLOCKED], 0);
      return;
    }

  if (job->must_change_password)
    {
      show_change_password (self, job->signed_in,
                            job->mode == MODE_SIGN_IN ? job->secret : NULL,
                            job->remember, job->mode == MODE_RECOVERY);
      wipe_entry (self->password_row);
      wipe_entry (self->recovery_key_row);
      return;
    }

  finish_sign_in (self, job->signed_in, job->notice);
}

static void
start_form_sign_in (CwSignInPage *self)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *username = NULL;
  const char *secret;
  Job *job;

  if (self->busy)
    return;

  username = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->username_row))));
  secret = gtk_editable_get_text (GTK_EDITABLE (self->mode == MODE_RECOVERY ?
                                                self->recovery_key_row : self->password_row));

  if (self->mode != MODE_UNLOCK && *username == '\0')
    {
      set_message (self, _("Enter your username."), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->username_row));
      return;
    }
  if (*secret == '\0')
    {
      set_message (self, self->mode == MODE_RECOVERY ? _("Enter the recovery key.")
                                                     : _("Enter your password."), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->mode == MODE_RECOVERY ?
                                         self->recovery_key_row : self->password_row));
      return;
    }

  job = g_new0 (Job, 1);
  job->mode = self->mode;
  job->database_path = g_strdup (self->database_path);
  job->username = g_steal_pointer (&username);
  job->secret = g_strdup (secret);
  job->remember = gtk_switch_get_active (self->remember_switch);
  if (self->mode == MODE_UNLOCK)
    job->session = g_object_ref (self->locked_session);

  task = new_job_task (self, job, form_sign_in_cb);
  g_task_set_source_tag (task, start_form_sign_in);
  set_busy (self, TRUE);
  g_task_run_in_thread (task, form_sign_in_thread);
}

/* Choosing a new password ------------------------------------------------ */

static void
change_password_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  Job *job = task_data;

  if (cw_session_change_password (job->session, job->secret, job->new_password, &job->error))
    job->notice = remember_or_forget (job->session, job->remember, cancellable);

  g_task_return_pointer (task, job, (GDestroyNotify) job_free);
}

static void
change_password_cb (GObject      *source_object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  CwSignInPage *self = CW_SIGN_IN_PAGE (source_object);
  g_autoptr(Job) job = steal_job (self, result);

  if (job == NULL)
    return;

  if (job->error != NULL)
    {
      gtk_label_set_text (self->change_error_label,
                          g_error_matches (job->error, CW_SESSION_ERROR,
                                           CW_SESSION_ERROR_WRONG_PASSWORD) ||
                          g_error_matches (job->error, CW_VAULT_ERROR,
                                           CW_VAULT_ERROR_WRONG_PASSWORD)
                          ? _("The current password does not match.")
                          : job->error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->change_error_label), TRUE);
      update_new_password (self);
      return;
    }

  finish_sign_in (self, job->session, job->notice);
}

static void
start_change_password (CwSignInPage *self)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  if (self->busy || self->pending_session == NULL)
    return;

  update_new_password (self);
  if (!self->new_password_ok)
    return;

  job = g_new0 (Job, 1);
  job->session = g_object_ref (self->pending_session);
  job->remember = self->pending_remember;
  job->new_password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->new_password_row)));
  if (self->pending_old_password != NULL)
    job->secret = g_strdup (self->pending_old_password);
  else if (gtk_widget_get_visible (GTK_WIDGET (self->current_password_row)))
    job->secret = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->current_password_row)));

  gtk_widget_set_visible (GTK_WIDGET (self->change_error_label), FALSE);
  task = new_job_task (self, job, change_password_cb);
  g_task_set_source_tag (task, start_change_password);
  set_busy (self, TRUE);
  g_task_run_in_thread (task, change_password_thread);
}

/* Callbacks -------------------------------------------------------------- */

static void
sign_in_button_clicked_cb (CwSignInPage *self)
{
  start_form_sign_in (self);
}

static void
username_activated_cb (CwSignInPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->mode == MODE_RECOVERY ?
                                     self->recovery_key_row : self->password_row));
}

static void
recovery_button_clicked_cb (CwSignInPage *self)
{
  if (self->mode == MODE_UNLOCK || self->busy)
    return;

  self->mode = self->mode == MODE_RECOVERY ? MODE_SIGN_IN : MODE_RECOVERY;
  wipe_entry (self->password_row);
  wipe_entry (self->recovery_key_row);
  if (self->mode == MODE_RECOVERY)
    set_message (self, _("Administrators can sign in with the recovery key made when Casework "
                         "was set up, and then choose a new password."), FALSE);
  else
    set_message (self, NULL, FALSE);
  show_form (self);
}

/* The keyring may be waiting for its own unlock prompt: do not wait with it. */
static void
skip_keyring_button_clicked_cb (CwSignInPage *self)
{
  cancel_work (self);
  set_message (self, NULL, FALSE);
  show_form (self);
}

static void
other_person_button_clicked_cb (CwSignInPage *self)
{
  if (self->busy)
    return;

  g_signal_emit (self, signals[SIGNAL_SIGN_OUT_REQUESTED], 0);
}

static void
new_password_changed_cb (CwSignInPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->change_error_label), FALSE);
  update_new_password (self);
}

static void
current_password_activated_cb (CwSignInPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->new_password_row));
}

static void
new_password_activated_cb (CwSignInPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->new_confirm_row));
}

static void
new_confirm_activated_cb (CwSignInPage *self)
{
  start_change_password (self);
}

static void
change_button_clicked_cb (CwSignInPage *self)
{
  start_change_password (self);
}

static void
change_sign_out_button_clicked_cb (CwSignInPage *self)
{
  if (self->busy)
    return;

  if (self->pending_session != NULL)
    cw_session_sign_out (self->pending_session);
  clear_pending (self);
  self->mode = MODE_SIGN_IN;
  set_message (self, _("You have signed out."), FALSE);
  show_form (self);
}

static void
page_changed_cb (CwSignInPage *self)
{
  update_default_widget (self);
}

/* Overrides -------------------------------------------------------------- */

static void
cw_sign_in_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (cw_sign_in_page_parent_class)->map (widget);
  update_default_widget (CW_SIGN_IN_PAGE (widget));
}

static void
cw_sign_in_page_unmap (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  if (GTK_IS_WINDOW (root))
    {
      GtkWidget *current = gtk_window_get_default_widget (GTK_WINDOW (root));

      if (current != NULL && gtk_widget_is_ancestor (current, widget))
        gtk_window_set_default_widget (GTK_WINDOW (root), NULL);
    }

  GTK_WIDGET_CLASS (cw_sign_in_page_parent_class)->unmap (widget);
}

static void
cw_sign_in_page_dispose (GObject *object)
{
  CwSignInPage *self = CW_SIGN_IN_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->new_password_row != NULL)
    clear_pending (self);
  g_clear_object (&self->locked_session);
  gtk_widget_dispose_template (GTK_WIDGET (self), CW_TYPE_SIGN_IN_PAGE);

  G_OBJECT_CLASS (cw_sign_in_page_parent_class)->dispose (object);
}

static void
cw_sign_in_page_finalize (GObject *object)
{
  CwSignInPage *self = CW_SIGN_IN_PAGE (object);

  g_free (self->database_path);

  G_OBJECT_CLASS (cw_sign_in_page_parent_class)->finalize (object);
}

static void
cw_sign_in_page_class_init (CwSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cw_sign_in_page_dispose;
  object_class->finalize = cw_sign_in_page_finalize;
  widget_class->map = cw_sign_in_page_map;
  widget_class->unmap = cw_sign_in_page_unmap;

  /**
   * CwSignInPage::signed-in:
   * @session: the new session
   * @notice: (nullable): a sentence for a toast
   */
  signals[SIGNAL_SIGNED_IN] = g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 2, CW_TYPE_SESSION, G_TYPE_STRING);
  signals[SIGNAL_UNLOCKED] = g_signal_new ("unlocked", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 0);
  signals[SIGNAL_SIGN_OUT_REQUESTED] = g_signal_new ("sign-out-requested",
                                                     G_TYPE_FROM_CLASS (klass),
                                                     G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                     G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/casework/Casework/cw-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CwSignInPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, CwSignInPage, page_stack);
  gtk_widget_class_bind_template_child (widget_class, CwSignInPage, checking_spinner);
  gtk_widget_class_bind_template_child (widget_class, CwSignInPage, form_icon);
  gtk_widget_class_bind_template_child (widget_class, CwSignInPage, form_title_label);
  gtk_widget_class_bind_template_child (widget_class, CwSignInPage, form_subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, CwSignInPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, CwSignInPage, credentials_group);
  gtk_widget_class_bind_template_child (widget_class, CwSignInPage, username_row);
  gtk_widget_class_bind_template_child (widget_class, CwSignInPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, CwSignInPage, recovery_key_row);
  gtk_widget_class_bind_template_child (widget_class, CwSignInPage, remember_group);
  gtk_widget_class_bind_template_child (widget_class, CwSignInPage, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, CwSignInPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, CwSignInPage, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, CwSignInPage, recovery_button);
  gtk_widget_class_bind_template_child (widget_class, CwSignInPage, other_person_button);
  gtk_widget_class_bind_template_child (widget_class, CwSignInPage, change_message_label);
  gtk_widget_class_bind_template_child (widget_class, CwSignInPage, current_password_row);
  gtk_widget_class_bind_template_child (widget_class, CwSignInPage, new_password_row);
  gtk_widget_class_bind_template_child (widget_class, CwSignInPage, new_confirm_row);
  gtk_widget_class_bind_template_child (widget_class, CwSignInPage, new_strength_bar);
  gtk_widget_class_bind_template_child (widget_class, CwSignInPage, new_strength_label);
  gtk_widget_class_bind_template_child (widget_class, CwSignInPage, new_match_label);
  gtk_widget_class_bind_template_child (widget_class, CwSignInPage, change_error_label);
  gtk_widget_class_bind_template_child (widget_class, CwSignInPage, change_button);
  gtk_widget_class_bind_template_child (widget_class, CwSignInPage, change_spinner);
  gtk_widget_class_bind_template_child (widget_class, CwSignInPage, change_sign_out_button);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, username_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, recovery_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, skip_keyring_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, other_person_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_password_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, current_password_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_password_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_confirm_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, change_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, change_sign_out_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, page_changed_cb);
}

static void
cw_sign_in_page_init (CwSignInPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  cw_password_feedback_init (self->new_strength_bar);
}

GtkWidget *
cw_sign_in_page_new (void)
{
  return g_object_new (CW_TYPE_SIGN_IN_PAGE, NULL);
}

void
cw_sign_in_page_set_database_path (CwSignInPage *self,
                                   const char   *database_path)
{
  g_autofree char *name = NULL;

  g_return_if_fail (CW_IS_SIGN_IN_PAGE (self));

  g_free (self->database_path);
  self->database_path = g_strdup (database_path);

  name = database_path ? g_path_get_basename (database_path) : NULL;
  adw_window_title_set_subtitle (self->window_title, name ? name : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->window_title), database_path);
}

void
cw_sign_in_page_start (CwSignInPage *self,
                       const char   *last_username,
                       gboolean      try_keyring,
                       const char   *message)
{
  g_return_if_fail (CW_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (self->database_path != NULL);

  cw_sign_in_page_clear (self);
  self->mode = MODE_SIGN_IN;
  gtk_switch_set_active (self->remember_switch, TRUE);
  if (last_username != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->username_row), last_username);

  if (try_keyring)
    {
      g_autoptr(GTask) task = NULL;
      Job *job = g_new0 (Job, 1);

      job->database_path = g_strdup (self->database_path);
      job->username = g_strdup (last_username);

      task = new_job_task (self, job, keyring_sign_in_cb);
      g_task_set_source_tag (task, cw_sign_in_page_start);
      gtk_stack_set_visible_child_name (self->page_stack, "checking");
      gtk_spinner_start (self->checking_spinner);
      g_task_run_in_thread (task, keyring_sign_in_thread);
      return;
    }

  set_message (self, message, FALSE);
  show_form (self);
}

void
cw_sign_in_page_start_unlock (CwSignInPage *self,
                              CwSession    *session)
{
  g_return_if_fail (CW_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (CW_IS_SESSION (session));

  cw_sign_in_page_clear (self);
  self->mode = MODE_UNLOCK;
  self->locked_session = g_object_ref (session);
  set_message (self, _("Enter your password to carry on."), FALSE);
  show_form (self);
}

void
cw_sign_in_page_clear (CwSignInPage *self)
{
  g_return_if_fail (CW_IS_SIGN_IN_PAGE (self));

  cancel_work (self);
  clear_pending (self);
  g_clear_object (&self->locked_session);
  wipe_entry (self->username_row);
  wipe_entry (self->password_row);
  wipe_entry (self->recovery_key_row);
  set_message (self, NULL, FALSE);
  self->mode = MODE_SIGN_IN;
}
