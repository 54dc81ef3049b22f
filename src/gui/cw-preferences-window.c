/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-preferences-window"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "core/cw-key.h"
#include "core/cw-keyring.h"
#include "cw-password-dialog.h"
#include "cw-preferences-window.h"
#include "cw-recovery-key-view.h"

/* How a setting's stored text maps onto its widget. */
typedef enum
{
  FIELD_TEXT,      /* AdwEntryRow, stored as typed (core normalises) */
  FIELD_PENCE,     /* GtkSpinButton in pounds, stored in pence */
  FIELD_INTEGER,   /* GtkSpinButton */
  FIELD_DAYS,      /* a box of seven GtkToggleButton, stored "1,2,3,4,5" (1 = Monday) */
  FIELD_BOOLEAN,   /* GtkSwitch, stored "true" / "false" */
} FieldKind;

typedef struct
{
  const char *key;
  FieldKind   kind;
  GtkWidget  *widget;
  char       *stored;     /* the value the database holds */
} SettingField;

typedef struct _CwPreferencesWindow CwPreferencesWindow;

/* One preferences group of organisation settings, saved together. */
typedef struct
{
  CwPreferencesWindow *window;
  AdwPreferencesGroup *group;
  GtkWidget           *save_button;
  GtkLabel            *error_label;
  GPtrArray           *fields;      /* SettingField, owned */
} SettingGroup;

struct _CwPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwPreferencesPage   *security_page;
  AdwPreferencesPage   *organisation_page;
  GtkSpinButton        *idle_spin;
  AdwActionRow         *idle_row;
  GtkButton            *forget_button;
  AdwPreferencesGroup  *keys_group;
  GtkButton            *rotate_button;
  GtkButton            *recovery_button;
  GtkWidget            *keys_busy_box;
  GtkSpinner           *keys_spinner;
  GtkLabel             *keys_busy_label;

  AdwPreferencesGroup  *name_group;
  AdwPreferencesGroup  *gifts_group;
  AdwPreferencesGroup  *hours_group;
  AdwPreferencesGroup  *deadlines_group;
  AdwPreferencesGroup  *sign_off_group;
  AdwPreferencesGroup  *retention_group;
  AdwEntryRow          *organisation_row;
  GtkSpinButton        *gift_threshold_spin;
  GtkSpinButton        *gift_repeat_count_spin;
  GtkSpinButton        *gift_repeat_months_spin;
  AdwEntryRow          *day_start_row;
  AdwEntryRow          *day_end_row;
  GtkBox               *days_box;
  GtkSpinButton        *deadline_urgent_spin;
  GtkSpinButton        *deadline_other_spin;
  GtkSpinButton        *sign_off_overdue_spin;
  GtkSwitch            *dsl_cover_switch;
  GtkSpinButton        *retention_spin;

  CwSession            *session;
  GSettings            *settings;
  GPtrArray            *groups;     /* SettingGroup, owned */
  GCancellable         *cancellable;
  gboolean              filling;
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CwPreferencesWindow, cw_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

typedef struct
{
  CwSession *session;
  char      *password;
} KeyTaskData;

static void
wipe_and_free (char *str)
{
  cw_secure_wipe_string (str);
  g_free (str);
}

static void
key_task_data_free (gpointer data)
{
  KeyTaskData *key_data = data;

  g_clear_object (&key_data->session);
  g_clear_pointer (&key_data->password, wipe_and_free);
  g_free (key_data);
}

static void
setting_field_free (gpointer data)
{
  SettingField *field = data;

  g_free (field->stored);
  g_free (field);
}

static void
setting_group_free (gpointer data)
{
  SettingGroup *group = data;

  g_ptr_array_unref (group->fields);
  g_free (group);
}

static void
add_toast (CwPreferencesWindow *self,
           const char          *text,
           gboolean             is_problem)
{
  AdwToast *toast = adw_toast_new (text);

  if (is_problem)
    {
      adw_toast_set_timeout (toast, 0);
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
    }
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
}

/* Organisation settings */

static char *
field_get_value (SettingField *field)
{
  switch (field->kind)
    {
    case FIELD_TEXT:
      return g_strdup (gtk_editable_get_text (GTK_EDITABLE (field->widget)));

    case FIELD_PENCE:
      {
        double pounds = gtk_spin_button_get_value (GTK_SPIN_BUTTON (field->widget));

        return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) llround (pounds * 100.0));
      }

    case FIELD_INTEGER:
      return g_strdup_printf ("%d",
                              gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (field->widget)));

    case FIELD_DAYS:
      {
        g_autoptr(GString) days = g_string_new (NULL);

        for (GtkWidget *child = gtk_widget_get_first_child (field->widget);
             child != NULL;
             child = gtk_widget_get_next_sibling (child))
          {
            guint day = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (child), "cw-day"));

            if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (child)))
              g_string_append_printf (days, "%s%u", days->len > 0 ? "," : "", day);
          }

        return g_string_free (g_steal_pointer (&days), FALSE);
      }

    case FIELD_BOOLEAN:
      return g_strdup (gtk_switch_get_active (GTK_SWITCH (field->widget)) ? "true" : "false");

    default:
      g_return_val_if_reached (NULL);
    }
}

static void
field_set_value (SettingField *field,
                 const char   *value)
{
  if (value == NULL)
    value = "";

  switch (field->kind)
    {
    case FIELD_TEXT:
      gtk_editable_set_text (GTK_EDITABLE (field->widget), value);
      break;

    case FIELD_PENCE:
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (field->widget),
                                 (double) g_ascii_strtoll (value, NULL, 10) / 100.0);
      break;

    case FIELD_INTEGER:
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (field->widget),
                                 (double) g_ascii_strtoll (value, NULL, 10));
      break;

    case FIELD_DAYS:
      {
        g_auto(GStrv) days = g_strsplit (value, ",", -1);

        for (GtkWidget *child = gtk_widget_get_first_child (field->widget);
             child != NULL;
             child = gtk_widget_get_next_sibling (child))
          {
            guint day = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (child), "cw-day"));
            gboolean active = FALSE;

            for (guint i = 0; days[i] != NULL; i++)
              if (g_ascii_strtoull (g_strstrip (days[i]), NULL, 10) == day)
                active = TRUE;
            gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child), active);
          }
      }
      break;

    case FIELD_BOOLEAN:
      gtk_switch_set_active (GTK_SWITCH (field->widget), g_strcmp0 (value, "true") == 0);
      break;

    default:
      g_return_if_reached ();
    }
}

static gboolean
field_is_changed (SettingField *field)
{
  g_autofree char *value = field_get_value (field);

  return g_strcmp0 (value, field->stored) != 0;
}

static void
setting_group_update (SettingGroup *group)
{
  gboolean changed = FALSE;

  for (guint i = 0; i < group->fields->len; i++)
    if (field_is_changed (g_ptr_array_index (group->fields, i)))
      changed = TRUE;

  /* Save appears only where something has changed. */
  gtk_widget_set_visible (group->save_button, changed);
}

static void
setting_group_show_error (SettingGroup *group,
                          const char   *sentence)
{
  gtk_label_set_text (group->error_label, sentence != NULL ? sentence : "");
  gtk_widget_set_visible (GTK_WIDGET (group->error_label), sentence != NULL);
}

static void
setting_group_load (SettingGroup *group)
{
  CwPreferencesWindow *self = group->window;

  self->filling = TRUE;
  for (guint i = 0; i < group->fields->len; i++)
    {
      SettingField *field = g_ptr_array_index (group->fields, i);

      g_free (field->stored);
      field->stored = cw_session_get_setting (self->session, field->key);
      field_set_value (field, field->stored);

      /* What the widget shows is what counts as unchanged (a spin button
       * may round what it is given). */
      g_free (field->stored);
      field->stored = field_get_value (field);
    }
  self->filling = FALSE;

  setting_group_update (group);
}

static void
setting_changed_cb (SettingGroup *group)
{
  if (group->window->filling)
    return;

  setting_group_show_error (group, NULL);
  setting_group_update (group);
}

static void
save_button_clicked_cb (GtkButton    *button,
                        SettingGroup *group)
{
  CwPreferencesWindow *self = group->window;
  g_autoptr(GPtrArray) pending = g_ptr_array_new ();
  g_autoptr(GError) last_error = NULL;

  for (guint i = 0; i < group->fields->len; i++)
    {
      SettingField *field = g_ptr_array_index (group->fields, i);

      if (GTK_IS_SPIN_BUTTON (field->widget))
        gtk_spin_button_update (GTK_SPIN_BUTTON (field->widget));
      if (field_is_changed (field))
        g_ptr_array_add (pending, field);
    }

  /* Some settings are checked against each other (the day starts before it
   * ends; the urgent deadline is not longer than the other): a value that
   * was refused may be accepted once its partner is saved, so try twice. */
  for (guint attempt = 0; attempt < 2 && pending->len > 0; attempt++)
    {
      g_autoptr(GPtrArray) refused = g_ptr_array_new ();

      for (guint i = 0; i < pending->len; i++)
        {
          SettingField *field = g_ptr_array_index (pending, i);
          g_autofree char *value = field_get_value (field);
          g_autoptr(GError) error = NULL;

          if (cw_session_set_setting (self->session, field->key, value, &error))
            continue;

          g_ptr_array_add (refused, field);
          g_clear_error (&last_error);
          last_error = g_steal_pointer (&error);
        }

      g_clear_pointer (&pending, g_ptr_array_unref);
      pending = g_steal_pointer (&refused);
    }

  if (pending->len > 0)
    {
      g_autoptr(GPtrArray) unsaved = g_ptr_array_new ();

      /* Keep what was refused on screen, so nothing typed is lost. */
      for (guint i = 0; i < pending->len; i++)
        {
          SettingField *field = g_ptr_array_index (pending, i);

          g_ptr_array_add (unsaved, field_get_value (field));
        }

      setting_group_load (group);

      self->filling = TRUE;
      for (guint i = 0; i < pending->len; i++)
        {
          field_set_value (g_ptr_array_index (pending, i), g_ptr_array_index (unsaved, i));
          g_free (g_ptr_array_index (unsaved, i));
        }
      self->filling = FALSE;

      setting_group_update (group);
      setting_group_show_error (group, last_error != NULL ? last_error->message :
                                _("The setting could not be saved."));
      return;
    }

  setting_group_load (group);
  setting_group_show_error (group, NULL);
  add_toast (self, _("Saved."), FALSE);
}

static void
add_field (SettingGroup *group,
           const char   *key,
           FieldKind     kind,
           GtkWidget    *widget)
{
  SettingField *field = g_new0 (SettingField, 1);

  field->key = key;
  field->kind = kind;
  field->widget = widget;
  g_ptr_array_add (group->fields, field);

  switch (kind)
    {
    case FIELD_TEXT:
      g_signal_connect_swapped (widget, "changed", G_CALLBACK (setting_changed_cb), group);
      break;
    case FIELD_PENCE:
    case FIELD_INTEGER:
      g_signal_connect_swapped (widget, "value-changed", G_CALLBACK (setting_changed_cb), group);
      break;
    case FIELD_DAYS:
      for (GtkWidget *child = gtk_widget_get_first_child (widget);
           child != NULL;
           child = gtk_widget_get_next_sibling (child))
        g_signal_connect_swapped (child, "toggled", G_CALLBACK (setting_changed_cb), group);
      break;
    case FIELD_BOOLEAN:
      g_signal_connect_swapped (widget, "notify::active", G_CALLBACK (setting_changed_cb), group);
      break;
    default:
      g_return_if_reached ();
    }
}

static SettingGroup *
add_group (CwPreferencesWindow *self,
           AdwPreferencesGroup *preferences_group)
{
  SettingGroup *group = g_new0 (SettingGroup, 1);
  g_autofree char *tooltip = NULL;
  GtkWidget *label;

  group->window = self;
  group->group = preferences_group;
  group->fields = g_ptr_array_new_with_free_func (setting_field_free);

  group->save_button = gtk_button_new_with_mnemonic (_("_Save"));
  gtk_widget_set_valign (group->save_button, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (group->save_button, FALSE);
  gtk_widget_add_css_class (group->save_button, "suggested-action");
  tooltip = g_strdup_printf (_("Save the changes to “%s”"),
                             adw_preferences_group_get_title (preferences_group));
  gtk_widget_set_tooltip_text (group->save_button, tooltip);
  g_signal_connect (group->save_button, "clicked", G_CALLBACK (save_button_clicked_cb), group);
  adw_preferences_group_set_header_suffix (preferences_group, group->save_button);

  label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_set_visible (label, FALSE);
  adw_preferences_group_add (preferences_group, label);
  group->error_label = GTK_LABEL (label);

  g_ptr_array_add (self->groups, group);

  return group;
}

static void
build_days (CwPreferencesWindow *self)
{
  /* ISO weekday numbers: 1 is Monday. */
  static const struct { const char *short_name; const char *name; } days[] = {
    { N_("Mon"), N_("Monday") },
    { N_("Tue"), N_("Tuesday") },
    { N_("Wed"), N_("Wednesday") },
    { N_("Thu"), N_("Thursday") },
    { N_("Fri"), N_("Friday") },
    { N_("Sat"), N_("Saturday") },
    { N_("Sun"), N_("Sunday") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      GtkWidget *toggle = gtk_toggle_button_new_with_label (_(days[i].short_name));

      g_object_set_data (G_OBJECT (toggle), "cw-day", GUINT_TO_POINTER (i + 1));
      gtk_widget_set_tooltip_text (toggle, _(days[i].name));
      gtk_accessible_update_property (GTK_ACCESSIBLE (toggle),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _(days[i].name),
                                      -1);
      gtk_box_append (self->days_box, toggle);
    }
}

static void
build_organisation_settings (CwPreferencesWindow *self)
{
  SettingGroup *group;

  build_days (self);

  group = add_group (self, self->name_group);
  add_field (group, "organisation-name", FIELD_TEXT, GTK_WIDGET (self->organisation_row));

  group = add_group (self, self->gifts_group);
  add_field (group, "gift-threshold-pence", FIELD_PENCE, GTK_WIDGET (self->gift_threshold_spin));
  add_field (group, "gift-repeat-count", FIELD_INTEGER, GTK_WIDGET (self->gift_repeat_count_spin));
  add_field (group, "gift-repeat-months", FIELD_INTEGER,
             GTK_WIDGET (self->gift_repeat_months_spin));

  group = add_group (self, self->hours_group);
  add_field (group, "working-day-start", FIELD_TEXT, GTK_WIDGET (self->day_start_row));
  add_field (group, "working-day-end", FIELD_TEXT, GTK_WIDGET (self->day_end_row));
  add_field (group, "working-days", FIELD_DAYS, GTK_WIDGET (self->days_box));

  group = add_group (self, self->deadlines_group);
  add_field (group, "deadline-urgent-days", FIELD_INTEGER,
             GTK_WIDGET (self->deadline_urgent_spin));
  add_field (group, "deadline-other-days", FIELD_INTEGER, GTK_WIDGET (self->deadline_other_spin));

  group = add_group (self, self->sign_off_group);
  add_field (group, "sign-off-overdue-days", FIELD_INTEGER,
             GTK_WIDGET (self->sign_off_overdue_spin));
  add_field (group, "dsl-may-cover-sign-off", FIELD_BOOLEAN,
             GTK_WIDGET (self->dsl_cover_switch));

  group = add_group (self, self->retention_group);
  add_field (group, "retention-years", FIELD_INTEGER, GTK_WIDGET (self->retention_spin));

  for (guint i = 0; i < self->groups->len; i++)
    setting_group_load (g_ptr_array_index (self->groups, i));
}

/* This computer's remembered sign-in */

static void
forget_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GStrv ids = task_data;
  g_autoptr(GError) error = NULL;

  if (cw_keyring_clear (ids[0], ids[1], cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
forget_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  CwPreferencesWindow *self = CW_PREFERENCES_WINDOW (source);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      gtk_widget_set_sensitive (GTK_WIDGET (self->forget_button), TRUE);
      add_toast (self, error->message, TRUE);
      return;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->forget_button), TRUE);
  add_toast (self, _("This computer no longer remembers your sign-in."), FALSE);
}

static void
forget_button_clicked_cb (CwPreferencesWindow *self)
{
  CwStaffMember *member = cw_session_get_staff_member (self->session);
  const char *uuid = cw_session_get_database_uuid (self->session);
  g_autoptr(GTask) task = NULL;
  GStrv ids;

  if (member == NULL || uuid == NULL)
    return;

  ids = g_new0 (char *, 3);
  ids[0] = g_strdup (uuid);
  ids[1] = g_strdup (cw_staff_member_get_username (member));

  gtk_widget_set_sensitive (GTK_WIDGET (self->forget_button), FALSE);
  task = g_task_new (self, self->cancellable, forget_done_cb, NULL);
  g_task_set_source_tag (task, forget_button_clicked_cb);
  g_task_set_task_data (task, ids, (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, forget_thread);
}

/* Keys */

static void
set_keys_busy (CwPreferencesWindow *self,
               const char          *what)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->rotate_button), what == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->recovery_button), what == NULL);
  gtk_widget_set_visible (self->keys_busy_box, what != NULL);
  gtk_spinner_set_spinning (self->keys_spinner, what != NULL);
  gtk_label_set_text (self->keys_busy_label, what != NULL ? what : "");
}

static GTask *
new_key_task (CwPreferencesWindow *self,
              char                *password,
              gpointer             source_tag,
              GAsyncReadyCallback  callback)
{
  KeyTaskData *data = g_new0 (KeyTaskData, 1);
  GTask *task;

  data->session = g_object_ref (self->session);
  data->password = password;

  task = g_task_new (self, self->cancellable, callback, NULL);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, key_task_data_free);

  return task;
}

static void
rotate_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  KeyTaskData *data = task_data;
  g_autoptr(GError) error = NULL;

  if (cw_session_rotate_key (data->session, data->password, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
rotate_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  CwPreferencesWindow *self = CW_PREFERENCES_WINDOW (source);
  g_autoptr(GError) error = NULL;

  set_keys_busy (self, NULL);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      add_toast (self, error->message, TRUE);
      return;
    }

  add_toast (self, _("The database key was rotated. Every key slot opens the new key."), FALSE);
}

static void
rotate_confirmed_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(CwPreferencesWindow) self = user_data;
  g_autoptr(GTask) task = NULL;
  char *password = cw_password_dialog_confirm_finish (result, NULL);

  if (password == NULL)
    return;

  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    {
      wipe_and_free (password);
      return;
    }

  set_keys_busy (self, _("Rotating the database key… Keep Casework open until this finishes."));
  task = new_key_task (self, password, rotate_confirmed_cb, rotate_done_cb);
  g_task_run_in_thread (task, rotate_thread);
}

static void
rotate_response_cb (AdwMessageDialog    *dialog,
                    const char          *response,
                    CwPreferencesWindow *self)
{
  if (g_strcmp0 (response, "rotate") != 0)
    return;

  cw_password_dialog_confirm_async (self->session, GTK_WIDGET (self),
                                    _("Confirm Key Rotation"),
                                    _("Type your password to rotate the database key."),
                                    _("_Rotate Key"), self->cancellable,
                                    rotate_confirmed_cb, g_object_ref (self));
}

static void
rotate_button_clicked_cb (CwPreferencesWindow *self)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Rotate the Database Key?"),
                                                       NULL));
  adw_message_dialog_set_body (dialog,
                               _("Casework makes a new random key, re-encrypts the whole "
                                 "database with it and seals it again for every staff "
                                 "member and for the recovery key. Passwords, remembered "
                                 "sign-ins and the recovery key keep working.\n\n"
                                 "Do this if a copy of the database and its key file may "
                                 "have left your control. A large database takes a while; "
                                 "keep Casework open until it finishes."));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "rotate", _("_Rotate Key"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "rotate", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (rotate_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
replace_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  KeyTaskData *data = task_data;
  g_autoptr(GError) error = NULL;
  char *recovery_key = cw_session_replace_recovery_key (data->session, data->password, &error);

  if (recovery_key != NULL)
    g_task_return_pointer (task, recovery_key, (GDestroyNotify) wipe_and_free);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static gboolean
recovery_window_close_request_cb (GtkWindow *window,
                                  gpointer   user_data)
{
  /* The new key is shown once: it closes through "I have stored this
   * safely" and Continue only. */
  return !GPOINTER_TO_INT (g_object_get_data (G_OBJECT (window), "cw-done"));
}

static void
recovery_view_done_cb (CwRecoveryKeyView   *view,
                       CwPreferencesWindow *self)
{
  GtkRoot *window = gtk_widget_get_root (GTK_WIDGET (view));

  cw_recovery_key_view_clear (view);
  g_object_set_data (G_OBJECT (window), "cw-done", GINT_TO_POINTER (TRUE));
  gtk_window_destroy (GTK_WINDOW (window));

  add_toast (self,
             _("The new recovery key is in force. The old one no longer opens the database."),
             FALSE);
}

static void
show_recovery_key (CwPreferencesWindow *self,
                   const char          *recovery_key)
{
  g_autofree char *organisation = cw_session_get_organisation (self->session);
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *view = cw_recovery_key_view_new ();

  gtk_window_set_title (GTK_WINDOW (window), _("New Recovery Key"));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_set_default_size (GTK_WINDOW (window), 600, 560);

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                   adw_window_title_new (_("New Recovery Key"), NULL));
  gtk_box_append (GTK_BOX (box), header);

  cw_recovery_key_view_set_recovery_key (CW_RECOVERY_KEY_VIEW (view), recovery_key,
                                         organisation);
  gtk_widget_set_margin_top (view, 24);
  gtk_widget_set_margin_bottom (view, 24);
  gtk_widget_set_margin_start (view, 12);
  gtk_widget_set_margin_end (view, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), view);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (ADW_WINDOW (window), box);

  g_signal_connect (window, "close-request", G_CALLBACK (recovery_window_close_request_cb), NULL);
  g_signal_connect_object (self, "destroy", G_CALLBACK (gtk_window_destroy), window,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "done", G_CALLBACK (recovery_view_done_cb), self, 0);
  gtk_window_present (GTK_WINDOW (window));
}

static void
replace_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CwPreferencesWindow *self = CW_PREFERENCES_WINDOW (source);
  g_autoptr(GError) error = NULL;
  char *recovery_key = g_task_propagate_pointer (G_TASK (result), &error);

  set_keys_busy (self, NULL);

  if (recovery_key == NULL)
    {
      add_toast (self, error->message, TRUE);
      return;
    }

  show_recovery_key (self, recovery_key);
  wipe_and_free (recovery_key);
}

static void
replace_confirmed_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(CwPreferencesWindow) self = user_data;
  g_autoptr(GTask) task = NULL;
  char *password = cw_password_dialog_confirm_finish (result, NULL);

  if (password == NULL)
    return;

  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    {
      wipe_and_free (password);
      return;
    }

  set_keys_busy (self, _("Making a new recovery key…"));
  task = new_key_task (self, password, replace_confirmed_cb, replace_done_cb);
  g_task_run_in_thread (task, replace_thread);
}

static void
replace_response_cb (AdwMessageDialog    *dialog,
                     const char          *response,
                     CwPreferencesWindow *self)
{
  if (g_strcmp0 (response, "replace") != 0)
    return;

  cw_password_dialog_confirm_async (self->session, GTK_WIDGET (self),
                                    _("Confirm Recovery Key Replacement"),
                                    _("Type your password to replace the recovery key."),
                                    _("_Replace Key"), self->cancellable,
                                    replace_confirmed_cb, g_object_ref (self));
}

static void
recovery_button_clicked_cb (CwPreferencesWindow *self)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Replace the Recovery Key?"),
                                                       NULL));
  adw_message_dialog_set_body (dialog,
                               _("Casework makes a new recovery key and shows it once. The "
                                 "old recovery key stops working at once, wherever it is "
                                 "kept. Have somewhere safe ready to store the new one: "
                                 "without it, nobody can get in if every administrator’s "
                                 "password is lost."));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "replace", _("_Replace Key"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "replace", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (replace_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Overrides */

static void
cw_preferences_window_constructed (GObject *object)
{
  CwPreferencesWindow *self = CW_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (cw_preferences_window_parent_class)->constructed (object);

  if (self->settings != NULL)
    g_settings_bind (self->settings, "idle-lock-minutes",
                     self->idle_spin, "value", G_SETTINGS_BIND_DEFAULT);
  else
    gtk_widget_set_sensitive (GTK_WIDGET (self->idle_row), FALSE);

  gtk_widget_set_visible (GTK_WIDGET (self->keys_group),
                          cw_session_can (self->session, CW_PERMISSION_ROTATE_KEY));

  if (cw_session_can (self->session, CW_PERMISSION_EDIT_SETTINGS))
    {
      build_organisation_settings (self);
    }
  else
    {
      adw_preferences_window_remove (ADW_PREFERENCES_WINDOW (self), self->organisation_page);
      self->organisation_page = NULL;
    }
}

static void
cw_preferences_window_dispose (GObject *object)
{
  CwPreferencesWindow *self = CW_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), CW_TYPE_PREFERENCES_WINDOW);

  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (cw_preferences_window_parent_class)->dispose (object);
}

static void
cw_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  CwPreferencesWindow *self = CW_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cw_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  CwPreferencesWindow *self = CW_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_set_object (&self->session, g_value_get_object (value));
      break;
    case PROP_SETTINGS:
      g_set_object (&self->settings, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define BIND(name) \
  gtk_widget_class_bind_template_child (widget_class, CwPreferencesWindow, name)

static void
cw_preferences_window_class_init (CwPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cw_preferences_window_constructed;
  object_class->dispose = cw_preferences_window_dispose;
  object_class->get_property = cw_preferences_window_get_property;
  object_class->set_property = cw_preferences_window_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         CW_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/casework/Casework/"
                                                             "cw-preferences-window.ui");
  BIND (security_page);
  BIND (organisation_page);
  BIND (idle_spin);
  BIND (idle_row);
  BIND (forget_button);
  BIND (keys_group);
  BIND (rotate_button);
  BIND (recovery_button);
  BIND (keys_busy_box);
  BIND (keys_spinner);
  BIND (keys_busy_label);
  BIND (name_group);
  BIND (gifts_group);
  BIND (hours_group);
  BIND (deadlines_group);
  BIND (sign_off_group);
  BIND (retention_group);
  BIND (organisation_row);
  BIND (gift_threshold_spin);
  BIND (gift_repeat_count_spin);
  BIND (gift_repeat_months_spin);
  BIND (day_start_row);
  BIND (day_end_row);
  BIND (days_box);
  BIND (deadline_urgent_spin);
  BIND (deadline_other_spin);
  BIND (sign_off_overdue_spin);
  BIND (dsl_cover_switch);
  BIND (retention_spin);
  gtk_widget_class_bind_template_callback (widget_class, forget_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, rotate_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, recovery_button_clicked_cb);

  g_type_ensure (CW_TYPE_RECOVERY_KEY_VIEW);
}

static void
cw_preferences_window_init (CwPreferencesWindow *self)
{
  self->groups = g_ptr_array_new_with_free_func (setting_group_free);
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * cw_preferences_window_new:
 * @session: the signed-in session
 * @settings: (nullable): the application's GSettings (idle lock)
 * @parent: (nullable): the main window
 *
 * Returns: (transfer none): a new preferences window, not yet shown.
 */
GtkWidget *
cw_preferences_window_new (CwSession *session,
                           GSettings *settings,
                           GtkWindow *parent)
{
  CwPreferencesWindow *self;

  g_return_val_if_fail (CW_IS_SESSION (session), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (CW_TYPE_PREFERENCES_WINDOW,
                       "session", session,
                       "settings", settings,
                       "transient-for", parent,
                       NULL);

  /* Not "destroy-with-parent": with GTK 4.8 a window that outlives its
   * parent (a key rotation thread holds a reference) keeps a dangling
   * parent pointer then. The parent's "destroy" closes it instead. */
  if (parent != NULL)
    g_signal_connect_object (parent, "destroy", G_CALLBACK (gtk_window_destroy), self,
                             G_CONNECT_SWAPPED);

  return GTK_WIDGET (self);
}
