/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-application"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>

#include "core/cw-key.h"
#include "core/cw-vault.h"
#include "cw-application.h"
#include "cw-preferences-window.h"
#include "cw-setup-page.h"
#include "cw-window.h"

/* How often the idle lock looks at the time since the last key or pointer
 * event. The lock may come up to this much later than the setting says. */
#define IDLE_CHECK_SECONDS 15

struct _CwApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  char           *database_path;   /* --database, or resolved on first use */
  gint64          last_activity;   /* monotonic µs */
  guint           idle_source;
  guint           signal_sources[3];
  guint           session_jobs;    /* worker threads using a session */
  gboolean        lock_pending;    /* lock once they are done */
};

enum {
  PROP_0,
  PROP_DATABASE_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CwApplication, cw_application, ADW_TYPE_APPLICATION)

static void lock_all_windows (CwApplication *self);

static const GOptionEntry option_entries[] = {
  { "database", 'd', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Open the Casework database in this file"), N_("FILE") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the version of Casework"), NULL },
  { NULL }
};

/* The change-password dialog (app.change-password) ----------------------- */

typedef struct
{
  CwApplication *application;    /* unowned: outlives its windows */
  CwWindow      *window;         /* unowned: the dialog is destroyed with it */
  CwSession     *session;
  GtkWidget     *dialog;
  GtkWidget     *change_button;
  GtkWidget     *cancel_button;
  AdwEntryRow   *current_row;
  AdwEntryRow   *new_row;
  AdwEntryRow   *confirm_row;
  GtkLevelBar   *strength_bar;
  GtkLabel      *strength_label;
  GtkLabel      *match_label;
  GtkLabel      *error_label;
  GtkSpinner    *spinner;
  GCancellable  *cancellable;
  gboolean       acceptable;
  gboolean       busy;
} PasswordChange;

typedef struct
{
  CwSession *session;
  char      *old_password;
  char      *new_password;
} PasswordChangeJob;

static void
password_change_free (PasswordChange *change)
{
  g_cancellable_cancel (change->cancellable);
  g_clear_object (&change->cancellable);
  g_clear_object (&change->session);
  g_free (change);
}

static void
password_change_job_free (PasswordChangeJob *job)
{
  g_clear_object (&job->session);
  cw_secure_wipe_string (job->old_password);
  g_free (job->old_password);
  cw_secure_wipe_string (job->new_password);
  g_free (job->new_password);
  g_free (job);
}

static void
password_change_update (PasswordChange *change)
{
  const char *current = gtk_editable_get_text (GTK_EDITABLE (change->current_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (change->new_row));
  const char *confirm = gtk_editable_get_text (GTK_EDITABLE (change->confirm_row));
  CwStaffMember *member = cw_session_get_staff_member (change->session);
  const char *username = member ? cw_staff_member_get_username (member) : NULL;
  const char *display_name = member ? cw_staff_member_get_display_name (member) : NULL;
  gboolean strong_enough, match;

  strong_enough = cw_password_feedback_update (change->strength_bar, change->strength_label,
                                               password, username, display_name);
  match = g_strcmp0 (password, confirm) == 0;
  gtk_widget_set_visible (GTK_WIDGET (change->match_label), *confirm != '\0' && !match);

  change->acceptable = strong_enough && match && *current != '\0';
  gtk_widget_set_sensitive (change->change_button, change->acceptable && !change->busy);
}

static void
password_change_set_busy (PasswordChange *change,
                          gboolean        busy)
{
  change->busy = busy;
  gtk_widget_set_sensitive (GTK_WIDGET (change->current_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (change->new_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (change->confirm_row), !busy);
  gtk_widget_set_visible (GTK_WIDGET (change->spinner), busy);
  gtk_spinner_set_spinning (change->spinner, busy);
  gtk_widget_set_sensitive (change->change_button, change->acceptable && !busy);
}

static void
password_change_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  PasswordChangeJob *job = task_data;
  GError *error = NULL;

  if (cw_session_change_password (job->session, job->old_password, job->new_password, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
password_change_done_cb (GObject      *source_object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  CwApplication *self = CW_APPLICATION (source_object);
  PasswordChange *change = user_data;
  g_autoptr(GError) error = NULL;

  /* A lock that came while the session was busy happens now. */
  self->session_jobs--;
  if (self->session_jobs == 0 && self->lock_pending)
    {
      self->lock_pending = FALSE;
      lock_all_windows (self);
    }

  /* Cancelled means the dialog has gone (and @change with it). */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;

  password_change_set_busy (change, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      gboolean wrong = g_error_matches (error, CW_SESSION_ERROR,
                                        CW_SESSION_ERROR_WRONG_PASSWORD) ||
                       g_error_matches (error, CW_VAULT_ERROR, CW_VAULT_ERROR_WRONG_PASSWORD);

      /* Emptying the field first: typing hides the sentence. */
      if (wrong)
        {
          gtk_editable_set_text (GTK_EDITABLE (change->current_row), "");
          gtk_widget_grab_focus (GTK_WIDGET (change->current_row));
        }
      gtk_label_set_text (change->error_label,
                          wrong ? _("Your current password does not match.") : error->message);
      gtk_widget_set_visible (GTK_WIDGET (change->error_label), TRUE);
      return;
    }

  cw_window_add_toast (change->window, adw_toast_new (_("Your password has been changed.")));
  gtk_window_destroy (GTK_WINDOW (change->dialog));
}

static void
password_change_start (PasswordChange *change)
{
  g_autoptr(GTask) task = NULL;
  PasswordChangeJob *job;

  password_change_update (change);
  if (!change->acceptable || change->busy)
    return;

  job = g_new0 (PasswordChangeJob, 1);
  job->session = g_object_ref (change->session);
  job->old_password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (change->current_row)));
  job->new_password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (change->new_row)));

  gtk_widget_set_visible (GTK_WIDGET (change->error_label), FALSE);
  password_change_set_busy (change, TRUE);

  task = g_task_new (change->application, change->cancellable, password_change_done_cb, change);
  change->application->session_jobs++;
  g_task_set_task_data (task, job, (GDestroyNotify) password_change_job_free);
  g_task_run_in_thread (task, password_change_thread);
}

static void
password_change_changed_cb (PasswordChange *change)
{
  gtk_widget_set_visible (GTK_WIDGET (change->error_label), FALSE);
  password_change_update (change);
}

static void
password_change_next_cb (AdwEntryRow    *row,
                         PasswordChange *change)
{
  if (row == change->current_row)
    gtk_widget_grab_focus (GTK_WIDGET (change->new_row));
  else if (row == change->new_row)
    gtk_widget_grab_focus (GTK_WIDGET (change->confirm_row));
  else
    password_change_start (change);
}

static AdwEntryRow *
add_password_row (AdwPreferencesGroup *group,
                  const char          *name,
                  const char          *title,
                  PasswordChange      *change)
{
  GtkWidget *row = adw_password_entry_row_new ();

  gtk_widget_set_name (row, name);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  g_signal_connect_swapped (row, "changed", G_CALLBACK (password_change_changed_cb), change);
  g_signal_connect (row, "entry-activated", G_CALLBACK (password_change_next_cb), change);
  adw_preferences_group_add (group, row);
  return ADW_ENTRY_ROW (row);
}

static GtkLabel *
add_sentence_label (GtkBox     *box,
                    const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, css_class);
  gtk_box_append (box, label);
  return GTK_LABEL (label);
}

static void
show_change_password_dialog (CwWindow *window)
{
  PasswordChange *change = g_new0 (PasswordChange, 1);
  GtkWidget *content, *header, *clamp, *box, *group, *feedback;
  GtkEventController *escape;

  change->application = CW_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));
  change->window = window;
  change->session = g_object_ref (cw_window_get_session (window));
  change->cancellable = g_cancellable_new ();

  change->dialog = adw_window_new ();
  gtk_widget_set_name (change->dialog, "change_password_dialog");
  gtk_window_set_title (GTK_WINDOW (change->dialog), _("Change Password"));
  gtk_window_set_modal (GTK_WINDOW (change->dialog), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (change->dialog), GTK_WINDOW (window));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (change->dialog), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (change->dialog), 460, -1);
  g_object_set_data_full (G_OBJECT (change->dialog), "cw-password-change", change,
                          (GDestroyNotify) password_change_free);
  escape = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (escape),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape,
                                                                                  0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (change->dialog, escape);

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  adw_window_set_content (ADW_WINDOW (change->dialog), content);

  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  change->cancel_button = gtk_button_new_with_mnemonic (_("_Cancel"));
  g_signal_connect_swapped (change->cancel_button, "clicked",
                            G_CALLBACK (gtk_window_destroy), change->dialog);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), change->cancel_button);
  change->change_button = gtk_button_new_with_mnemonic (_("C_hange"));
  gtk_widget_set_name (change->change_button, "change_button");
  gtk_widget_add_css_class (change->change_button, "suggested-action");
  g_signal_connect_swapped (change->change_button, "clicked",
                            G_CALLBACK (password_change_start), change);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), change->change_button);
  gtk_box_append (GTK_BOX (content), header);

  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 420);
  gtk_widget_set_margin_top (clamp, 24);
  gtk_widget_set_margin_bottom (clamp, 24);
  gtk_widget_set_margin_start (clamp, 12);
  gtk_widget_set_margin_end (clamp, 12);
  gtk_box_append (GTK_BOX (content), clamp);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);

  group = adw_preferences_group_new ();
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("A remembered sign-in on this computer keeps "
                                           "working after the change."));
  change->current_row = add_password_row (ADW_PREFERENCES_GROUP (group), "current_password_row",
                                          _("_Current password"), change);
  change->new_row = add_password_row (ADW_PREFERENCES_GROUP (group), "new_password_row",
                                      _("_New password"), change);
  change->confirm_row = add_password_row (ADW_PREFERENCES_GROUP (group), "confirm_row",
                                          _("_Repeat new password"), change);
  gtk_box_append (GTK_BOX (box), group);

  feedback = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (box), feedback);
  change->strength_bar = GTK_LEVEL_BAR (gtk_level_bar_new ());
  gtk_accessible_update_property (GTK_ACCESSIBLE (change->strength_bar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Password strength"), -1);
  cw_password_feedback_init (change->strength_bar);
  gtk_box_append (GTK_BOX (feedback), GTK_WIDGET (change->strength_bar));
  change->strength_label = add_sentence_label (GTK_BOX (feedback), "dim-label");
  change->match_label = add_sentence_label (GTK_BOX (feedback), "error");
  gtk_label_set_text (change->match_label, _("The two passwords are not the same."));
  change->error_label = add_sentence_label (GTK_BOX (feedback), "error");
  gtk_widget_set_name (GTK_WIDGET (change->error_label), "error_label");
  gtk_widget_set_name (GTK_WIDGET (change->strength_label), "strength_label");
  gtk_widget_set_visible (GTK_WIDGET (change->error_label), FALSE);
  change->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_widget_set_visible (GTK_WIDGET (change->spinner), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (change->spinner));

  password_change_update (change);
  gtk_window_present (GTK_WINDOW (change->dialog));
  gtk_widget_grab_focus (GTK_WIDGET (change->current_row));
}

/* Helpers ----------------------------------------------------------------- */

static CwWindow *
get_main_window (CwApplication *self)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (CW_IS_WINDOW (active))
    return CW_WINDOW (active);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (CW_IS_WINDOW (l->data))
      return l->data;

  return NULL;
}

static void
lock_all_windows (CwApplication *self)
{
  g_autoptr(GPtrArray) windows = g_ptr_array_new_with_free_func (g_object_unref);

  /* Never lock (close the database) under a worker thread's feet. */
  if (self->session_jobs > 0)
    {
      self->lock_pending = TRUE;
      return;
    }

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (CW_IS_WINDOW (l->data))
      g_ptr_array_add (windows, g_object_ref (l->data));

  for (guint i = 0; i < windows->len; i++)
    cw_window_lock (g_ptr_array_index (windows, i));
}

/* The one place that decides which session-dependent actions can run. */
static void
update_actions (CwApplication *self)
{
  CwWindow *window = get_main_window (self);
  gboolean signed_in = window != NULL && cw_window_get_session (window) != NULL;
  gboolean unlocked = window != NULL && cw_window_get_unlocked (window);
  GActionMap *map = G_ACTION_MAP (self);
  struct { const char *name; gboolean enabled; } states[] = {
    { "lock", unlocked },
    { "preferences", unlocked },
    { "change-password", unlocked },
    { "sign-out", signed_in },
  };

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      GAction *action = g_action_map_lookup_action (map, states[i].name);

      g_simple_action_set_enabled (G_SIMPLE_ACTION (action), states[i].enabled);
    }
}

/* Callbacks ---------------------------------------------------------------- */

static void
quit_activated_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  CwApplication *self = CW_APPLICATION (user_data);
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Destroying the windows signs out and wipes the keys. */
  for (GList *l = windows; l; l = l->next)
    gtk_window_destroy (l->data);

  g_application_quit (G_APPLICATION (self));
}

static void
lock_activated_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  lock_all_windows (CW_APPLICATION (user_data));
}

static void
sign_out_activated_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  CwWindow *window = get_main_window (CW_APPLICATION (user_data));

  if (window != NULL)
    cw_window_sign_out (window);
}

static void
preferences_activated_cb (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  CwApplication *self = CW_APPLICATION (user_data);
  CwWindow *window = get_main_window (self);
  GtkWidget *preferences;

  if (window == NULL || !cw_window_get_unlocked (window))
    return;

  preferences = cw_preferences_window_new (cw_window_get_session (window), self->settings,
                                           GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
change_password_activated_cb (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data)
{
  CwWindow *window = get_main_window (CW_APPLICATION (user_data));

  if (window != NULL && cw_window_get_unlocked (window))
    show_change_password_dialog (window);
}

static void
about_activated_cb (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  CwApplication *self = CW_APPLICATION (user_data);
  const char *developers[] = { "The Casework developers", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  adw_show_about_window (parent,
                         "application-name", _("Casework"),
                         "application-icon", APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", "The Casework developers",
                         "developers", developers,
                         "comments", _("Safeguarding case records and staff registers for "
                                       "children’s services, kept in an encrypted database."),
                         "copyright", "© The Casework developers",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static gboolean
activity_event_cb (GtkEventControllerLegacy *controller,
                   GdkEvent                 *event,
                   CwApplication            *self)
{
  switch (gdk_event_get_event_type (event))
    {
    case GDK_KEY_PRESS:
    case GDK_KEY_RELEASE:
    case GDK_BUTTON_PRESS:
    case GDK_BUTTON_RELEASE:
    case GDK_MOTION_NOTIFY:
    case GDK_SCROLL:
    case GDK_TOUCH_BEGIN:
    case GDK_TOUCH_UPDATE:
    case GDK_TOUCHPAD_SWIPE:
    case GDK_TOUCHPAD_PINCH:
      self->last_activity = g_get_monotonic_time ();
      break;
    default:
      break;
    }

  return GDK_EVENT_PROPAGATE;
}

/* Ended from outside (logout, kill): sign out and wipe the keys first. */
static gboolean
quit_signal_cb (gpointer user_data)
{
  g_action_group_activate_action (G_ACTION_GROUP (user_data), "quit", NULL);
  return G_SOURCE_CONTINUE;
}

static gboolean
idle_check_cb (gpointer user_data)
{
  CwApplication *self = CW_APPLICATION (user_data);
  guint minutes = g_settings_get_uint (self->settings, "idle-lock-minutes");
  gint64 idle = g_get_monotonic_time () - self->last_activity;

  if (idle >= (gint64) minutes * 60 * G_USEC_PER_SEC)
    lock_all_windows (self);

  return G_SOURCE_CONTINUE;
}

static void
screensaver_active_changed_cb (CwApplication *self)
{
  gboolean active = FALSE;

  g_object_get (self, "screensaver-active", &active, NULL);
  if (active)
    lock_all_windows (self);
}

static void
window_state_changed_cb (CwApplication *self)
{
  update_actions (self);
}

/* Overrides ----------------------------------------------------------------- */

static void
cw_application_window_added (GtkApplication *application,
                             GtkWindow      *window)
{
  CwApplication *self = CW_APPLICATION (application);
  GtkEventController *activity = gtk_event_controller_legacy_new ();

  GTK_APPLICATION_CLASS (cw_application_parent_class)->window_added (application, window);

  /* Any key or pointer use in any of our windows keeps Casework unlocked. */
  gtk_event_controller_set_propagation_phase (activity, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_name (activity, "cw-activity");
  g_signal_connect_object (activity, "event", G_CALLBACK (activity_event_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (window), activity);

  if (CW_IS_WINDOW (window))
    {
      g_signal_connect_object (window, "notify::session",
                               G_CALLBACK (window_state_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (window, "notify::unlocked",
                               G_CALLBACK (window_state_changed_cb), self, G_CONNECT_SWAPPED);
    }

  update_actions (self);
}

static void
cw_application_window_removed (GtkApplication *application,
                               GtkWindow      *window)
{
  GTK_APPLICATION_CLASS (cw_application_parent_class)->window_removed (application, window);
  update_actions (CW_APPLICATION (application));
}

static void
cw_application_startup (GApplication *application)
{
  CwApplication *self = CW_APPLICATION (application);
  static const GActionEntry actions[] = {
    { "quit", quit_activated_cb },
    { "lock", lock_activated_cb },
    { "sign-out", sign_out_activated_cb },
    { "preferences", preferences_activated_cb },
    { "change-password", change_password_activated_cb },
    { "about", about_activated_cb },
  };
  static const struct { const char *action; const char *accels[2]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.lock", { "<Control>l", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
  };

  G_APPLICATION_CLASS (cw_application_parent_class)->startup (application);

  gtk_window_set_default_icon_name (APPLICATION_ID);

  self->settings = g_settings_new (APPLICATION_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);

  self->last_activity = g_get_monotonic_time ();
  self->idle_source = g_timeout_add_seconds (IDLE_CHECK_SECONDS, idle_check_cb, self);
  g_signal_connect (self, "notify::screensaver-active",
                    G_CALLBACK (screensaver_active_changed_cb), NULL);
  self->signal_sources[0] = g_unix_signal_add (SIGTERM, quit_signal_cb, self);
  self->signal_sources[1] = g_unix_signal_add (SIGINT, quit_signal_cb, self);
  self->signal_sources[2] = g_unix_signal_add (SIGHUP, quit_signal_cb, self);

  update_actions (self);
}

static void
cw_application_shutdown (GApplication *application)
{
  CwApplication *self = CW_APPLICATION (application);

  g_clear_handle_id (&self->idle_source, g_source_remove);
  for (guint i = 0; i < G_N_ELEMENTS (self->signal_sources); i++)
    g_clear_handle_id (&self->signal_sources[i], g_source_remove);

  G_APPLICATION_CLASS (cw_application_parent_class)->shutdown (application);
}

static void
cw_application_activate (GApplication *application)
{
  CwApplication *self = CW_APPLICATION (application);
  CwWindow *window = get_main_window (self);

  if (window == NULL)
    window = cw_window_new (GTK_APPLICATION (self), cw_application_get_database_path (self));

  gtk_window_present (GTK_WINDOW (window));
}

static int
cw_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", "casework", PACKAGE_VERSION);
      return 0;
    }

  return -1;
}

static int
cw_application_command_line (GApplication            *application,
                             GApplicationCommandLine *command_line)
{
  CwApplication *self = CW_APPLICATION (application);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree char *path = NULL;
  const char *database = NULL;
  CwWindow *window;

  if (g_variant_dict_lookup (options, "database", "^&ay", &database))
    {
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line,
                                                                              database);

      path = g_file_get_path (file);
    }

  window = get_main_window (self);
  if (window != NULL && path != NULL &&
      g_strcmp0 (path, cw_window_get_database_path (window)) != 0)
    {
      g_application_command_line_printerr (command_line, "%s\n",
                                           _("Casework is already open with another database. "
                                             "Close it first."));
      return 1;
    }

  if (window == NULL && path != NULL)
    {
      g_free (self->database_path);
      self->database_path = g_steal_pointer (&path);
    }

  g_application_activate (application);
  return 0;
}

static void
cw_application_dispose (GObject *object)
{
  CwApplication *self = CW_APPLICATION (object);

  g_clear_handle_id (&self->idle_source, g_source_remove);
  for (guint i = 0; i < G_N_ELEMENTS (self->signal_sources); i++)
    g_clear_handle_id (&self->signal_sources[i], g_source_remove);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (cw_application_parent_class)->dispose (object);
}

static void
cw_application_finalize (GObject *object)
{
  CwApplication *self = CW_APPLICATION (object);

  g_free (self->database_path);

  G_OBJECT_CLASS (cw_application_parent_class)->finalize (object);
}

static void
cw_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CwApplication *self = CW_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_DATABASE_PATH:
      g_value_set_string (value, self->database_path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cw_application_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CwApplication *self = CW_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_DATABASE_PATH:
      g_free (self->database_path);
      self->database_path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cw_application_class_init (CwApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  GtkApplicationClass *gtk_app_class = GTK_APPLICATION_CLASS (klass);

  object_class->dispose = cw_application_dispose;
  object_class->finalize = cw_application_finalize;
  object_class->get_property = cw_application_get_property;
  object_class->set_property = cw_application_set_property;

  app_class->startup = cw_application_startup;
  app_class->shutdown = cw_application_shutdown;
  app_class->activate = cw_application_activate;
  app_class->handle_local_options = cw_application_handle_local_options;
  app_class->command_line = cw_application_command_line;

  gtk_app_class->window_added = cw_application_window_added;
  gtk_app_class->window_removed = cw_application_window_removed;

  /**
   * CwApplication:database-path:
   *
   * The database file, as --database gives it. Tests set it directly
   * (together with G_APPLICATION_NON_UNIQUE in "flags") to run several
   * instances in one process.
   */
  properties[PROP_DATABASE_PATH] =
    g_param_spec_string ("database-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cw_application_init (CwApplication *self)
{
  /* Needed for "screensaver-active": Casework locks when the screen does. */
  g_object_set (self, "register-session", TRUE, NULL);
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Safeguarding case records, kept encrypted."));
  g_application_set_option_context_description (G_APPLICATION (self),
                                                _("Without a window, --init sets up a new "
                                                  "database and --verify checks its audit "
                                                  "trail; see the README."));
}

CwApplication *
cw_application_new (void)
{
  return g_object_new (CW_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/io/github/casework/Casework",
                       NULL);
}

const char *
cw_application_get_database_path (CwApplication *self)
{
  g_return_val_if_fail (CW_IS_APPLICATION (self), NULL);

  if (self->database_path == NULL)
    {
      g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
      g_autofree char *configured = g_settings_get_string (settings, "database-path");

      if (*configured != '\0')
        self->database_path = g_steal_pointer (&configured);
      else
        self->database_path = g_build_filename (g_get_user_data_dir (), "casework",
                                                "casework.db", NULL);
    }

  return self->database_path;
}
