/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-setup-page"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "core/cw-key.h"
#include "core/cw-keyring.h"
#include "core/cw-password.h"
#include "core/cw-staff-repository.h"
#include "cw-recovery-key-view.h"
#include "cw-setup-page.h"

struct _CwSetupPage
{
  AdwBin             parent_instance;

  GtkWidget         *back_button;
  GtkWidget         *next_button;
  AdwWindowTitle    *window_title;
  GtkStack          *step_stack;
  GtkLabel          *path_label;
  AdwEntryRow       *organisation_row;
  GtkLabel          *organisation_error;
  AdwEntryRow       *username_row;
  AdwEntryRow       *display_name_row;
  AdwEntryRow       *job_title_row;
  GtkLabel          *username_error;
  GtkLabel          *display_name_error;
  AdwEntryRow       *password_row;
  AdwEntryRow       *confirm_row;
  GtkLevelBar       *strength_bar;
  GtkLabel          *strength_label;
  GtkLabel          *match_label;
  GtkSwitch         *remember_switch;
  GtkSpinner        *creating_spinner;
  AdwStatusPage     *failed_status;
  CwRecoveryKeyView *recovery_key_view;

  char              *database_path;
  GCancellable      *cancellable;
  CwSession         *session;      /* created; waits for the recovery key to be stored */
  char              *notice;
  gboolean           password_ok;
};

enum {
  SIGNAL_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CwSetupPage, cw_setup_page, ADW_TYPE_BIN)

typedef struct
{
  char     *database_path;
  char     *organisation;
  char     *username;
  char     *display_name;
  char     *job_title;
  char     *password;
  gboolean  remember;
} CreateRequest;

typedef struct
{
  CwSession *session;
  char      *recovery_key;
  char      *notice;
} CreateResult;

static void
create_request_free (CreateRequest *request)
{
  g_free (request->database_path);
  g_free (request->organisation);
  g_free (request->username);
  g_free (request->display_name);
  g_free (request->job_title);
  cw_secure_wipe_string (request->password);
  g_free (request->password);
  g_free (request);
}

static void
create_result_free (CreateResult *result)
{
  g_clear_object (&result->session);
  cw_secure_wipe_string (result->recovery_key);
  g_free (result->recovery_key);
  g_free (result->notice);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CreateResult, create_result_free)

static const char *
entry_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static char *
dup_stripped_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
set_field_error (AdwEntryRow *row,
                 GtkLabel    *label,
                 const char  *sentence)
{
  gtk_label_set_text (label, sentence ? sentence : "");
  gtk_widget_set_visible (GTK_WIDGET (label), sentence != NULL);

  if (sentence != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, sentence,
                                      -1);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

static const char *
current_step (CwSetupPage *self)
{
  return gtk_stack_get_visible_child_name (self->step_stack);
}

static void
update_buttons (CwSetupPage *self)
{
  const char *step = current_step (self);
  const char *subtitle = "";
  gboolean back = FALSE, next = FALSE, next_sensitive = TRUE;
  const char *next_label = _("_Next");

  if (g_strcmp0 (step, "welcome") == 0)
    next = TRUE;
  else if (g_strcmp0 (step, "organisation") == 0)
    {
      subtitle = _("Step 1 of 4");
      back = next = TRUE;
    }
  else if (g_strcmp0 (step, "administrator") == 0)
    {
      subtitle = _("Step 2 of 4");
      back = next = TRUE;
    }
  else if (g_strcmp0 (step, "password") == 0)
    {
      subtitle = _("Step 3 of 4");
      back = next = TRUE;
      next_sensitive = self->password_ok;
      next_label = _("_Create");
    }
  else if (g_strcmp0 (step, "creating") == 0)
    subtitle = _("Step 3 of 4");
  else if (g_strcmp0 (step, "failed") == 0)
    {
      subtitle = _("Step 3 of 4");
      back = TRUE;
    }
  else if (g_strcmp0 (step, "recovery-key") == 0)
    subtitle = _("Step 4 of 4");

  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_widget_set_visible (self->back_button, back);
  gtk_widget_set_visible (self->next_button, next);
  gtk_widget_set_sensitive (self->next_button, next_sensitive);
  gtk_button_set_label (GTK_BUTTON (self->next_button), next_label);
}

static void
show_step (CwSetupPage *self,
           const char  *step)
{
  gtk_stack_set_visible_child_name (self->step_stack, step);
}

static gboolean
validate_organisation (CwSetupPage *self)
{
  g_autofree char *organisation = dup_stripped_text (self->organisation_row);
  const char *sentence = NULL;

  if (*organisation == '\0')
    sentence = _("Enter the name of your organisation.");
  else if (g_utf8_strlen (organisation, -1) > 200)
    sentence = _("Use an organisation name of 200 characters or fewer.");

  set_field_error (self->organisation_row, self->organisation_error, sentence);
  return sentence == NULL;
}

static gboolean
validate_administrator (CwSetupPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *username = NULL;
  g_autofree char *display_name = dup_stripped_text (self->display_name_row);
  const char *display_name_sentence = NULL;

  username = cw_staff_normalise_username (entry_text (self->username_row), &error);
  set_field_error (self->username_row, self->username_error,
                   username == NULL ? error->message : NULL);

  if (*display_name == '\0')
    display_name_sentence = _("Enter the administrator’s full name.");
  set_field_error (self->display_name_row, self->display_name_error, display_name_sentence);

  return username != NULL && display_name_sentence == NULL;
}

static void
update_password_feedback (CwSetupPage *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  const char *confirm = gtk_editable_get_text (GTK_EDITABLE (self->confirm_row));
  gboolean acceptable, match;

  acceptable = cw_password_feedback_update (self->strength_bar, self->strength_label, password,
                                            entry_text (self->username_row),
                                            entry_text (self->display_name_row));
  match = g_strcmp0 (password, confirm) == 0;

  gtk_widget_set_visible (GTK_WIDGET (self->match_label), *confirm != '\0' && !match);
  if (*confirm != '\0' && !match)
    gtk_widget_add_css_class (GTK_WIDGET (self->confirm_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->confirm_row), "error");

  self->password_ok = acceptable && match;
  update_buttons (self);
}

static void
create_database_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  CreateRequest *request = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CreateResult) result = g_new0 (CreateResult, 1);
  g_autofree char *folder = g_path_get_dirname (request->database_path);
  CwStaffMember *admin;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               _("The folder %s could not be created: %s"),
                               folder, g_strerror (saved_errno));
      return;
    }

  result->session = cw_session_create_database (request->database_path,
                                                request->organisation,
                                                request->username,
                                                request->display_name,
                                                request->password,
                                                &result->recovery_key,
                                                &error);
  if (result->session == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  admin = cw_session_get_staff_member (result->session);

  if (request->job_title != NULL && *request->job_title != '\0')
    {
      if (!cw_session_update_staff (result->session, request->password,
                                    cw_staff_member_get_id (admin),
                                    cw_staff_member_get_display_name (admin),
                                    request->job_title,
                                    cw_staff_member_get_roles (admin),
                                    cw_staff_member_get_line_manager_id (admin),
                                    &error))
        {
          result->notice = g_strdup_printf (_("Your job title was not saved: %s"), error->message);
          g_clear_error (&error);
        }
    }

  if (request->remember)
    {
      g_autoptr(CwKey) unlock_key = cw_session_dup_unlock_key (result->session);

      /* Updating the job title replaced the staff member snapshot. */
      admin = cw_session_get_staff_member (result->session);

      if (unlock_key == NULL ||
          !cw_keyring_store (cw_session_get_database_uuid (result->session),
                             cw_staff_member_get_username (admin),
                             request->organisation, unlock_key, cancellable, &error))
        {
          g_free (result->notice);
          result->notice = g_strdup (error ? error->message :
                                     _("This computer could not remember your sign-in."));
          g_clear_error (&error);
        }
    }

  g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) create_result_free);
}

static void
create_database_cb (GObject      *source_object,
                    GAsyncResult *res,
                    gpointer      user_data)
{
  CwSetupPage *self = CW_SETUP_PAGE (source_object);
  g_autoptr(GError) error = NULL;
  g_autoptr(CreateResult) result = g_task_propagate_pointer (G_TASK (res), &error);
  g_autofree char *organisation = NULL;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (res))))
    return;

  gtk_spinner_stop (self->creating_spinner);

  if (result == NULL)
    {
      if (g_error_matches (error, CW_STAFF_ERROR, CW_STAFF_ERROR_INVALID) ||
          g_error_matches (error, CW_STAFF_ERROR, CW_STAFF_ERROR_USERNAME_TAKEN))
        {
          set_field_error (self->username_row, self->username_error, error->message);
          show_step (self, "administrator");
          return;
        }

      adw_status_page_set_description (self->failed_status, error->message);
      show_step (self, "failed");
      return;
    }

  organisation = cw_session_get_organisation (result->session);
  g_set_object (&self->session, result->session);
  g_free (self->notice);
  self->notice = g_steal_pointer (&result->notice);

  cw_recovery_key_view_set_recovery_key (self->recovery_key_view, result->recovery_key,
                                         organisation);
  /* The passwords are no longer needed in the form. */
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_row), "");
  show_step (self, "recovery-key");
}

static void
start_creating (CwSetupPage *self)
{
  g_autoptr(GTask) task = NULL;
  CreateRequest *request = g_new0 (CreateRequest, 1);

  request->database_path = g_strdup (self->database_path);
  request->organisation = dup_stripped_text (self->organisation_row);
  request->username = cw_staff_normalise_username (entry_text (self->username_row), NULL);
  request->display_name = dup_stripped_text (self->display_name_row);
  request->job_title = dup_stripped_text (self->job_title_row);
  request->password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
  request->remember = gtk_switch_get_active (self->remember_switch);

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  show_step (self, "creating");
  gtk_spinner_start (self->creating_spinner);

  task = g_task_new (self, self->cancellable, create_database_cb, NULL);
  g_task_set_source_tag (task, start_creating);
  g_task_set_task_data (task, request, (GDestroyNotify) create_request_free);
  g_task_run_in_thread (task, create_database_thread);
}

static void
go_next (CwSetupPage *self)
{
  const char *step = current_step (self);

  if (g_strcmp0 (step, "welcome") == 0)
    show_step (self, "organisation");
  else if (g_strcmp0 (step, "organisation") == 0)
    {
      if (validate_organisation (self))
        show_step (self, "administrator");
      else
        gtk_widget_grab_focus (GTK_WIDGET (self->organisation_row));
    }
  else if (g_strcmp0 (step, "administrator") == 0)
    {
      if (validate_administrator (self))
        {
          update_password_feedback (self);
          show_step (self, "password");
        }
      else if (gtk_widget_get_visible (GTK_WIDGET (self->username_error)))
        gtk_widget_grab_focus (GTK_WIDGET (self->username_row));
      else
        gtk_widget_grab_focus (GTK_WIDGET (self->display_name_row));
    }
  else if (g_strcmp0 (step, "password") == 0)
    {
      update_password_feedback (self);
      if (!self->password_ok)
        return;
      if (!validate_organisation (self))
        show_step (self, "organisation");
      else if (!validate_administrator (self))
        show_step (self, "administrator");
      else
        start_creating (self);
    }
}

static void
next_button_clicked_cb (CwSetupPage *self)
{
  go_next (self);
}

static void
back_button_clicked_cb (CwSetupPage *self)
{
  const char *step = current_step (self);

  if (g_strcmp0 (step, "organisation") == 0)
    show_step (self, "welcome");
  else if (g_strcmp0 (step, "administrator") == 0)
    show_step (self, "organisation");
  else if (g_strcmp0 (step, "password") == 0 || g_strcmp0 (step, "failed") == 0)
    show_step (self, "administrator");
}

static void
step_changed_cb (CwSetupPage *self)
{
  const char *step = current_step (self);

  update_buttons (self);

  if (g_strcmp0 (step, "organisation") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->organisation_row));
  else if (g_strcmp0 (step, "administrator") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->username_row));
  else if (g_strcmp0 (step, "password") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
  else if (g_strcmp0 (step, "recovery-key") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->recovery_key_view));
  else if (g_strcmp0 (step, "welcome") == 0 || g_strcmp0 (step, "failed") == 0)
    gtk_widget_grab_focus (gtk_widget_get_visible (self->next_button) ?
                           self->next_button : self->back_button);
}

static void
organisation_changed_cb (CwSetupPage *self)
{
  set_field_error (self->organisation_row, self->organisation_error, NULL);
}

static void
administrator_changed_cb (CwSetupPage *self,
                          AdwEntryRow *row)
{
  if (row == self->username_row)
    set_field_error (self->username_row, self->username_error, NULL);
  else
    set_field_error (self->display_name_row, self->display_name_error, NULL);
}

static void
password_changed_cb (CwSetupPage *self)
{
  update_password_feedback (self);
}

static void
organisation_activated_cb (CwSetupPage *self)
{
  go_next (self);
}

static void
username_activated_cb (CwSetupPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->display_name_row));
}

static void
display_name_activated_cb (CwSetupPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->job_title_row));
}

static void
job_title_activated_cb (CwSetupPage *self)
{
  go_next (self);
}

static void
password_activated_cb (CwSetupPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->confirm_row));
}

static void
confirm_activated_cb (CwSetupPage *self)
{
  go_next (self);
}

static void
recovery_key_done_cb (CwSetupPage *self)
{
  g_autoptr(CwSession) session = g_steal_pointer (&self->session);
  g_autofree char *notice = g_steal_pointer (&self->notice);

  if (session == NULL)
    return;

  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, session, notice);
}

static void
cw_setup_page_dispose (GObject *object)
{
  CwSetupPage *self = CW_SETUP_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), CW_TYPE_SETUP_PAGE);

  G_OBJECT_CLASS (cw_setup_page_parent_class)->dispose (object);
}

static void
cw_setup_page_finalize (GObject *object)
{
  CwSetupPage *self = CW_SETUP_PAGE (object);

  g_free (self->database_path);
  g_free (self->notice);

  G_OBJECT_CLASS (cw_setup_page_parent_class)->finalize (object);
}

static void
cw_setup_page_class_init (CwSetupPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cw_setup_page_dispose;
  object_class->finalize = cw_setup_page_finalize;

  /**
   * CwSetupPage::finished:
   * @session: the new administrator's session
   * @notice: (nullable): a sentence for a toast
   */
  signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 2, CW_TYPE_SESSION, G_TYPE_STRING);

  g_type_ensure (CW_TYPE_RECOVERY_KEY_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/casework/Casework/cw-setup-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CwSetupPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, CwSetupPage, next_button);
  gtk_widget_class_bind_template_child (widget_class, CwSetupPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, CwSetupPage, step_stack);
  gtk_widget_class_bind_template_child (widget_class, CwSetupPage, path_label);
  gtk_widget_class_bind_template_child (widget_class, CwSetupPage, organisation_row);
  gtk_widget_class_bind_template_child (widget_class, CwSetupPage, organisation_error);
  gtk_widget_class_bind_template_child (widget_class, CwSetupPage, username_row);
  gtk_widget_class_bind_template_child (widget_class, CwSetupPage, display_name_row);
  gtk_widget_class_bind_template_child (widget_class, CwSetupPage, job_title_row);
  gtk_widget_class_bind_template_child (widget_class, CwSetupPage, username_error);
  gtk_widget_class_bind_template_child (widget_class, CwSetupPage, display_name_error);
  gtk_widget_class_bind_template_child (widget_class, CwSetupPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, CwSetupPage, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, CwSetupPage, strength_bar);
  gtk_widget_class_bind_template_child (widget_class, CwSetupPage, strength_label);
  gtk_widget_class_bind_template_child (widget_class, CwSetupPage, match_label);
  gtk_widget_class_bind_template_child (widget_class, CwSetupPage, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, CwSetupPage, creating_spinner);
  gtk_widget_class_bind_template_child (widget_class, CwSetupPage, failed_status);
  gtk_widget_class_bind_template_child (widget_class, CwSetupPage, recovery_key_view);
  gtk_widget_class_bind_template_callback (widget_class, next_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, step_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, organisation_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, administrator_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, organisation_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, username_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, display_name_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, job_title_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, confirm_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, recovery_key_done_cb);
}

static void
cw_setup_page_init (CwSetupPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  cw_password_feedback_init (self->strength_bar);
  update_password_feedback (self);
  update_buttons (self);
}

GtkWidget *
cw_setup_page_new (void)
{
  return g_object_new (CW_TYPE_SETUP_PAGE, NULL);
}

void
cw_setup_page_set_database_path (CwSetupPage *self,
                                 const char  *database_path)
{
  g_return_if_fail (CW_IS_SETUP_PAGE (self));

  g_free (self->database_path);
  self->database_path = g_strdup (database_path);
  gtk_label_set_text (self->path_label, database_path ? database_path : "");
}

void
cw_setup_page_reset (CwSetupPage *self)
{
  g_return_if_fail (CW_IS_SETUP_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->notice, g_free);
  gtk_spinner_stop (self->creating_spinner);
  cw_recovery_key_view_clear (self->recovery_key_view);

  gtk_editable_set_text (GTK_EDITABLE (self->organisation_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->username_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->display_name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->job_title_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_row), "");
  gtk_switch_set_active (self->remember_switch, TRUE);
  set_field_error (self->organisation_row, self->organisation_error, NULL);
  set_field_error (self->username_row, self->username_error, NULL);
  set_field_error (self->display_name_row, self->display_name_error, NULL);
  gtk_stack_set_transition_type (self->step_stack, GTK_STACK_TRANSITION_TYPE_NONE);
  show_step (self, "welcome");
  gtk_stack_set_transition_type (self->step_stack, GTK_STACK_TRANSITION_TYPE_SLIDE_LEFT_RIGHT);
  update_password_feedback (self);
}

void
cw_password_feedback_init (GtkLevelBar *level_bar)
{
  g_return_if_fail (GTK_IS_LEVEL_BAR (level_bar));

  gtk_level_bar_set_mode (level_bar, GTK_LEVEL_BAR_MODE_DISCRETE);
  gtk_level_bar_set_min_value (level_bar, 0);
  gtk_level_bar_set_max_value (level_bar, 4);
  gtk_level_bar_add_offset_value (level_bar, "too-weak", 1);
  gtk_level_bar_add_offset_value (level_bar, GTK_LEVEL_BAR_OFFSET_LOW, 2);
  gtk_level_bar_add_offset_value (level_bar, GTK_LEVEL_BAR_OFFSET_HIGH, 3);
  gtk_level_bar_add_offset_value (level_bar, GTK_LEVEL_BAR_OFFSET_FULL, 4);
  gtk_level_bar_set_value (level_bar, 0);
}

gboolean
cw_password_feedback_update (GtkLevelBar *level_bar,
                             GtkLabel    *feedback_label,
                             const char  *password,
                             const char  *username,
                             const char  *display_name)
{
  g_autofree char *feedback = NULL;
  g_autofree char *text = NULL;
  CwPasswordStrength strength;
  const char *verdict = NULL;

  g_return_val_if_fail (GTK_IS_LEVEL_BAR (level_bar), FALSE);
  g_return_val_if_fail (GTK_IS_LABEL (feedback_label), FALSE);

  if (password == NULL || *password == '\0')
    {
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Use at least %d character.",
                                           "Use at least %d characters.",
                                           CW_PASSWORD_MIN_LENGTH),
                              CW_PASSWORD_MIN_LENGTH);
      gtk_level_bar_set_value (level_bar, 0);
      gtk_label_set_text (feedback_label, text);
      return FALSE;
    }

  strength = cw_password_strength (password, username, display_name, &feedback);
  switch (strength)
    {
    case CW_PASSWORD_TOO_WEAK:
      verdict = _("This password is too weak.");
      break;
    case CW_PASSWORD_WEAK:
      verdict = _("This password is weak.");
      break;
    case CW_PASSWORD_FAIR:
      verdict = _("This password is good enough.");
      break;
    case CW_PASSWORD_STRONG:
    default:
      verdict = _("This password is strong.");
      break;
    }

  if (feedback != NULL && *feedback != '\0')
    /* Translators: a verdict on a password, then advice, e.g. "This
     * password is weak. Add another word." */
    text = g_strdup_printf (C_("password feedback", "%s %s"), verdict, feedback);
  else
    text = g_strdup (verdict);

  gtk_level_bar_set_value (level_bar, (double) strength + 1);
  gtk_label_set_text (feedback_label, text);

  return strength >= CW_PASSWORD_FAIR;
}
