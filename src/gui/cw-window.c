/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-window"

#include "config.h"

#include <glib/gi18n.h>

#include "cw-main-view.h"
#include "cw-setup-page.h"
#include "cw-sign-in-page.h"
#include "cw-window.h"

struct _CwWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  GtkSpinner           *loading_spinner;
  CwSetupPage          *setup_page;
  CwSignInPage         *sign_in_page;
  GtkWidget            *main_view;     /* owned by the stack while shown */

  GSettings            *settings;
  char                 *database_path;
  CwSession            *session;
};

enum {
  PROP_0,
  PROP_DATABASE_PATH,
  PROP_SESSION,
  PROP_UNLOCKED,
  PROP_PAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CwWindow, cw_window, ADW_TYPE_APPLICATION_WINDOW)

/* A locked session is already closed and wiped; an unlock attempt may be
 * running on it in a worker thread, so it is only let go (the last
 * reference closes it for good). */
static void
end_session (CwWindow *self)
{
  g_autoptr(CwSession) session = g_steal_pointer (&self->session);

  if (session != NULL && !cw_session_is_locked (session))
    cw_session_sign_out (session);
}

static void
show_page (CwWindow   *self,
           const char *name,
           gboolean    animate)
{
  gtk_stack_set_visible_child_full (self->stack, name,
                                    animate ? GTK_STACK_TRANSITION_TYPE_CROSSFADE
                                            : GTK_STACK_TRANSITION_TYPE_NONE);
}

static void
remove_main_view (CwWindow *self)
{
  if (self->main_view == NULL)
    return;

  gtk_stack_remove (self->stack, g_steal_pointer (&self->main_view));
}

/* Windows showing content (preferences, dialogs, editors) close on lock
 * and sign-out; the keyboard shortcuts and About windows stay. */
static void
close_other_windows (CwWindow *self)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autoptr(GPtrArray) doomed = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);
      GtkWindow *parent;

      if (GTK_IS_SHORTCUTS_WINDOW (window) || ADW_IS_ABOUT_WINDOW (window))
        continue;

      for (parent = gtk_window_get_transient_for (window);
           parent != NULL;
           parent = gtk_window_get_transient_for (parent))
        {
          if (parent == GTK_WINDOW (self))
            {
              g_ptr_array_add (doomed, g_object_ref (window));
              break;
            }
        }
    }

  for (guint i = 0; i < doomed->len; i++)
    gtk_window_destroy (g_ptr_array_index (doomed, i));
}

static void
notify_state (CwWindow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNLOCKED]);
}

static void
show_main_view (CwWindow *self)
{
  remove_main_view (self);

  self->main_view = cw_main_view_new (self->session);
  gtk_stack_add_named (self->stack, self->main_view, "main");
  show_page (self, "main", TRUE);
}

static void
start_session (CwWindow   *self,
               CwSession  *session,
               const char *notice)
{
  CwStaffMember *member = cw_session_get_staff_member (session);

  g_set_object (&self->session, session);
  if (member != NULL)
    g_settings_set_string (self->settings, "last-username",
                           cw_staff_member_get_username (member));

  show_main_view (self);
  cw_sign_in_page_clear (self->sign_in_page);
  cw_setup_page_reset (self->setup_page);

  if (notice != NULL)
    cw_window_add_toast (self, adw_toast_new (notice));

  notify_state (self);
}

static void
start (CwWindow *self)
{
  cw_setup_page_set_database_path (self->setup_page, self->database_path);
  cw_sign_in_page_set_database_path (self->sign_in_page, self->database_path);

  /* A database that exists is never set up again: sign in to it, and say
   * what is wrong with it if it cannot be opened. */
  if (g_file_test (self->database_path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *last_username = g_settings_get_string (self->settings, "last-username");

      cw_sign_in_page_start (self->sign_in_page,
                             *last_username != '\0' ? last_username : NULL, TRUE, NULL);
      show_page (self, "sign-in", FALSE);
    }
  else
    {
      cw_setup_page_reset (self->setup_page);
      show_page (self, "setup", FALSE);
    }

  gtk_spinner_stop (self->loading_spinner);
}

static void
setup_finished_cb (CwWindow   *self,
                   CwSession  *session,
                   const char *notice)
{
  start_session (self, session, notice);
}

static void
signed_in_cb (CwWindow     *self,
              CwSession    *session,
              const char   *notice,
              CwSignInPage *page)
{
  start_session (self, session, notice);
}

static void
unlocked_cb (CwWindow *self)
{
  if (self->session == NULL || cw_session_is_locked (self->session))
    return;

  show_main_view (self);
  cw_sign_in_page_clear (self->sign_in_page);
  notify_state (self);
}

static void
sign_out_requested_cb (CwWindow *self)
{
  cw_window_sign_out (self);
}

static void
page_changed_cb (CwWindow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

static void
cw_window_constructed (GObject *object)
{
  CwWindow *self = CW_WINDOW (object);

  G_OBJECT_CLASS (cw_window_parent_class)->constructed (object);

  g_return_if_fail (self->database_path != NULL);
  start (self);
}

static void
cw_window_dispose (GObject *object)
{
  CwWindow *self = CW_WINDOW (object);

  if (self->stack != NULL)
    remove_main_view (self);
  if (self->sign_in_page != NULL)
    cw_sign_in_page_clear (self->sign_in_page);
  end_session (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CW_TYPE_WINDOW);

  G_OBJECT_CLASS (cw_window_parent_class)->dispose (object);
}

static void
cw_window_finalize (GObject *object)
{
  CwWindow *self = CW_WINDOW (object);

  g_clear_object (&self->settings);
  g_free (self->database_path);

  G_OBJECT_CLASS (cw_window_parent_class)->finalize (object);
}

static void
cw_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CwWindow *self = CW_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATABASE_PATH:
      g_value_set_string (value, self->database_path);
      break;
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_UNLOCKED:
      g_value_set_boolean (value, cw_window_get_unlocked (self));
      break;
    case PROP_PAGE:
      g_value_set_string (value, cw_window_get_page (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cw_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  CwWindow *self = CW_WINDOW (object);

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
cw_window_class_init (CwWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cw_window_constructed;
  object_class->dispose = cw_window_dispose;
  object_class->finalize = cw_window_finalize;
  object_class->get_property = cw_window_get_property;
  object_class->set_property = cw_window_set_property;

  properties[PROP_DATABASE_PATH] =
    g_param_spec_string ("database-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, CW_TYPE_SESSION,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNLOCKED] =
    g_param_spec_boolean ("unlocked", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE] =
    g_param_spec_string ("page", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CW_TYPE_SETUP_PAGE);
  g_type_ensure (CW_TYPE_SIGN_IN_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/casework/Casework/cw-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CwWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CwWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CwWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, CwWindow, setup_page);
  gtk_widget_class_bind_template_child (widget_class, CwWindow, sign_in_page);
  gtk_widget_class_bind_template_callback (widget_class, setup_finished_cb);
  gtk_widget_class_bind_template_callback (widget_class, signed_in_cb);
  gtk_widget_class_bind_template_callback (widget_class, unlocked_cb);
  gtk_widget_class_bind_template_callback (widget_class, sign_out_requested_cb);
  gtk_widget_class_bind_template_callback (widget_class, page_changed_cb);
}

static void
cw_window_init (CwWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized",
                   G_SETTINGS_BIND_DEFAULT);

  gtk_spinner_start (self->loading_spinner);
}

CwWindow *
cw_window_new (GtkApplication *application,
               const char     *database_path)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (database_path != NULL, NULL);

  return g_object_new (CW_TYPE_WINDOW,
                       "application", application,
                       "database-path", database_path,
                       NULL);
}

const char *
cw_window_get_database_path (CwWindow *self)
{
  g_return_val_if_fail (CW_IS_WINDOW (self), NULL);

  return self->database_path;
}

CwSession *
cw_window_get_session (CwWindow *self)
{
  g_return_val_if_fail (CW_IS_WINDOW (self), NULL);

  return self->session;
}

gboolean
cw_window_get_unlocked (CwWindow *self)
{
  g_return_val_if_fail (CW_IS_WINDOW (self), FALSE);

  return self->session != NULL && !cw_session_is_locked (self->session) &&
         self->main_view != NULL;
}

const char *
cw_window_get_page (CwWindow *self)
{
  g_return_val_if_fail (CW_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

void
cw_window_lock (CwWindow *self)
{
  g_return_if_fail (CW_IS_WINDOW (self));

  if (!cw_window_get_unlocked (self))
    return;

  /* Content goes from the widget tree before the key goes from memory. */
  close_other_windows (self);
  show_page (self, "sign-in", FALSE);
  remove_main_view (self);
  cw_session_lock (self->session);
  cw_sign_in_page_start_unlock (self->sign_in_page, self->session);

  notify_state (self);
}

void
cw_window_sign_out (CwWindow *self)
{
  g_return_if_fail (CW_IS_WINDOW (self));

  if (self->session == NULL)
    return;

  close_other_windows (self);
  show_page (self, "sign-in", FALSE);
  remove_main_view (self);
  cw_sign_in_page_clear (self->sign_in_page);
  end_session (self);
  cw_sign_in_page_start (self->sign_in_page, NULL, FALSE, _("You have signed out."));

  notify_state (self);
}

void
cw_window_add_toast (CwWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (CW_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
