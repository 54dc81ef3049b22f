/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <gtk/gtk.h>

#include "core/cw-child.h"
#include "core/cw-session.h"
#include "gui/cw-register-ui.h"
#include "cw-gui-test-util.h"

void
cw_gui_test_init (int    *argc,
                  char ***argv)
{
  g_auto(GStrv) data_dirs = NULL;
  g_autoptr(GPtrArray) mime_dirs = g_ptr_array_new_with_free_func (g_free);
  const char *source_root = g_getenv ("CW_TEST_SOURCE_ROOT");
  const char *real_dirs = g_getenv ("CW_TEST_SYSTEM_DATA_DIRS");
  GtkIconTheme *icon_theme;

  /* A g_test_trap_subprocess() child inherits its parent's isolated
   * folders, so the real ones are handed down in the environment. */
  if (real_dirs != NULL)
    data_dirs = g_strsplit (real_dirs, G_SEARCHPATH_SEPARATOR_S, -1);
  else
    {
      g_autofree char *joined = NULL;

      data_dirs = g_strdupv ((char **) g_get_system_data_dirs ());
      joined = g_strjoinv (G_SEARCHPATH_SEPARATOR_S, data_dirs);
      g_setenv ("CW_TEST_SYSTEM_DATA_DIRS", joined, TRUE);
    }

  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; data_dirs[i] != NULL; i++)
    g_ptr_array_add (mime_dirs, g_build_filename (data_dirs[i], "mime", NULL));
  g_ptr_array_add (mime_dirs, NULL);
  g_content_type_set_mime_dirs ((const char * const *) mime_dirs->pdata);

  gtk_init ();
  adw_init ();

  /* Under Xvfb no window has the X focus, so a blinking cursor warns that
   * it "did not receive a focus-out event"; no blinking, no waiting for
   * animations either. */
  g_object_set (gtk_settings_get_default (),
                "gtk-cursor-blink", FALSE,
                "gtk-enable-animations", FALSE,
                NULL);

  icon_theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());
  if (source_root != NULL)
    {
      g_autofree char *icons = g_build_filename (source_root, "data", "icons", NULL);

      gtk_icon_theme_add_search_path (icon_theme, icons);
    }
  for (guint i = 0; data_dirs[i] != NULL; i++)
    {
      g_autofree char *icons = g_build_filename (data_dirs[i], "icons", NULL);

      gtk_icon_theme_add_search_path (icon_theme, icons);
    }
}

static gboolean
matches_id (GtkWidget  *widget,
            const char *id)
{
  const char *buildable_id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget));

  return g_strcmp0 (buildable_id, id) == 0 || g_strcmp0 (gtk_widget_get_name (widget), id) == 0;
}

typedef gboolean (*Matcher) (GtkWidget *widget, gconstpointer data);

static GtkWidget *
find_widget (GtkWidget     *root,
             Matcher        matcher,
             gconstpointer  data)
{
  if (root == NULL)
    return NULL;

  if (matcher (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, matcher, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
id_matcher (GtkWidget     *widget,
            gconstpointer  data)
{
  return matches_id (widget, data);
}

static gboolean
type_matcher (GtkWidget     *widget,
              gconstpointer  data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (data));
}

static gboolean
label_matcher (GtkWidget     *widget,
               gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), data) == 0;
}

GtkWidget *
cw_gui_test_find (GtkWidget  *root,
                  const char *id)
{
  return find_widget (root, id_matcher, id);
}

GtkWidget *
cw_gui_test_get (GtkWidget  *root,
                 const char *id)
{
  GtkWidget *widget = cw_gui_test_find (root, id);

  if (widget == NULL)
    g_error ("No widget with id or name “%s” under %s", id, G_OBJECT_TYPE_NAME (root));

  return widget;
}

GtkWidget *
cw_gui_test_find_by_type (GtkWidget *root,
                          GType      type)
{
  return find_widget (root, type_matcher, GSIZE_TO_POINTER (type));
}

GtkWidget *
cw_gui_test_find_label (GtkWidget  *root,
                        const char *text)
{
  return find_widget (root, label_matcher, text);
}

GtkWidget *
cw_gui_test_find_window (GType       type,
                         const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (window) &&
          (name == NULL || g_strcmp0 (gtk_widget_get_name (window), name) == 0))
        return window;
    }

  return NULL;
}

gboolean
cw_gui_test_is_showing (GtkWidget *widget)
{
  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    if (!gtk_widget_get_visible (w))
      return FALSE;

  return gtk_widget_get_mapped (widget);
}

static void
assert_usable (GtkWidget  *widget,
               const char *what)
{
  g_assert_nonnull (widget);
  if (!cw_gui_test_is_showing (widget))
    g_error ("Cannot %s %s “%s”: it is not showing", what, G_OBJECT_TYPE_NAME (widget),
             gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)));
  if (!gtk_widget_is_sensitive (widget))
    g_error ("Cannot %s %s “%s”: it is not sensitive", what, G_OBJECT_TYPE_NAME (widget),
             gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)));
}

void
cw_gui_test_click (GtkWidget *button)
{
  assert_usable (button, "click");
  g_assert_true (GTK_IS_BUTTON (button) || GTK_IS_CHECK_BUTTON (button) ||
                 GTK_IS_SWITCH (button));

  if (GTK_IS_CHECK_BUTTON (button))
    gtk_check_button_set_active (GTK_CHECK_BUTTON (button),
                                 !gtk_check_button_get_active (GTK_CHECK_BUTTON (button)));
  else if (GTK_IS_SWITCH (button))
    gtk_switch_set_active (GTK_SWITCH (button), !gtk_switch_get_active (GTK_SWITCH (button)));
  else
    g_signal_emit_by_name (button, "clicked");

  cw_gui_test_flush ();
}

void
cw_gui_test_set_text (GtkWidget  *editable,
                      const char *text)
{
  assert_usable (editable, "type into");
  g_assert_true (GTK_IS_EDITABLE (editable));

  gtk_widget_grab_focus (editable);
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
  cw_gui_test_flush ();
}

void
cw_gui_test_press_enter (GtkWidget *editable)
{
  GtkEditable *delegate;

  assert_usable (editable, "press Enter in");
  g_assert_true (GTK_IS_EDITABLE (editable));

  /* The innermost GtkText is what a key press activates. */
  delegate = GTK_EDITABLE (editable);
  while (gtk_editable_get_delegate (delegate) != NULL)
    delegate = gtk_editable_get_delegate (delegate);

  g_assert_true (GTK_IS_TEXT (delegate));
  g_signal_emit_by_name (delegate, "activate");
  cw_gui_test_flush ();
}

void
cw_gui_test_activate_action (GtkWidget  *widget,
                             const char *name)
{
  g_assert_true (gtk_widget_activate_action (widget, name, NULL));
  cw_gui_test_flush ();
}

typedef struct
{
  gboolean timed_out;
} WaitState;

static gboolean
timeout_cb (gpointer user_data)
{
  WaitState *state = user_data;

  state->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
cw_gui_test_wait_until (CwGuiTestCondition condition,
                        gpointer           user_data,
                        guint              timeout_ms)
{
  WaitState state = { FALSE };
  guint timeout_id;
  gboolean held;

  timeout_id = g_timeout_add (timeout_ms, timeout_cb, &state);

  while (!(held = condition (user_data)) && !state.timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!state.timed_out)
    g_source_remove (timeout_id);

  return held;
}

void
cw_gui_test_flush (void)
{
  /* Bounded: an animation can keep the context busy for a while. */
  for (guint i = 0; i < 1000 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
showing (gpointer user_data)
{
  return cw_gui_test_is_showing (user_data);
}

void
cw_gui_test_wait_for_showing (GtkWidget *widget,
                              guint      timeout_ms)
{
  if (!cw_gui_test_wait_until (showing, widget, timeout_ms))
    g_error ("Waited for %s “%s” to show", G_OBJECT_TYPE_NAME (widget),
             gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)) ?
             gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)) :
             gtk_widget_get_name (widget));
  cw_gui_test_flush ();
}

typedef struct
{
  GtkStack   *stack;
  const char *name;
} StackWait;

static gboolean
stack_shows (gpointer user_data)
{
  StackWait *wait = user_data;

  return g_strcmp0 (gtk_stack_get_visible_child_name (wait->stack), wait->name) == 0;
}

void
cw_gui_test_wait_for_stack_page (GtkStack   *stack,
                                 const char *name,
                                 guint       timeout_ms)
{
  StackWait wait = { stack, name };

  if (!cw_gui_test_wait_until (stack_shows, &wait, timeout_ms))
    g_error ("Waited for stack page “%s” of “%s”, but “%s” is showing", name,
             gtk_buildable_get_buildable_id (GTK_BUILDABLE (stack)),
             gtk_stack_get_visible_child_name (stack));
  cw_gui_test_flush ();
}

typedef struct
{
  GdkFrameClock *clock;
  gint64         frame;
} FrameWait;

static gboolean
frame_drawn (gpointer user_data)
{
  FrameWait *wait = user_data;

  return gdk_frame_clock_get_frame_counter (wait->clock) > wait->frame;
}

static void
wait_for_next_frame (GtkWidget *widget)
{
  FrameWait wait = { gtk_widget_get_frame_clock (widget), 0 };

  if (wait.clock == NULL)
    return;

  wait.frame = gdk_frame_clock_get_frame_counter (wait.clock);
  gtk_widget_queue_draw (widget);
  cw_gui_test_wait_until (frame_drawn, &wait, CW_GUI_TEST_QUICK_MS);
}

void
cw_gui_test_screenshot (GtkWidget  *widget,
                        const char *name)
{
  const char *folder = g_getenv ("CW_TEST_SCREENSHOT_DIR");
  g_autofree char *file_name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkNative *native;
  GskRenderer *renderer;
  int width, height;

  if (folder == NULL || *folder == '\0')
    return;

  cw_gui_test_flush ();
  native = gtk_widget_get_native (widget);
  g_return_if_fail (native != NULL);
  widget = GTK_WIDGET (native);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  if (width <= 0 || height <= 0)
    {
      g_test_message ("No screenshot %s: the window has no size", name);
      return;
    }

  /* The last frame's drawing; after a change it comes with the next frame. */
  paintable = gtk_widget_paintable_new (widget);
  for (guint attempt = 0; node == NULL && attempt < 100; attempt++)
    {
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      if (node == NULL)
        wait_for_next_frame (widget);
    }
  if (node == NULL)
    {
      g_test_message ("No screenshot %s: nothing drawn", name);
      return;
    }

  renderer = gtk_native_get_renderer (native);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  file_name = g_strconcat (name, ".png", NULL);
  path = g_build_filename (folder, file_name, NULL);
  if (!gdk_texture_save_to_png (texture, path))
    g_warning ("Could not save the screenshot %s", path);
  else
    g_test_message ("Screenshot: %s", path);
}

static gboolean
pointer_cleared (gpointer user_data)
{
  return *(gpointer *) user_data == NULL;
}

typedef struct
{
  const char       *database_path;
  CwGuiTestAppFunc  func;
  gpointer          user_data;
  gboolean          ran;
} RunApp;

static void
run_app_activated_cb (GApplication *application,
                      RunApp       *run)
{
  g_autoptr(GList) windows = NULL;
  CwWindow *window;
  gpointer session = NULL;

  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (application)));
  g_assert_nonnull (windows);
  g_assert_true (CW_IS_WINDOW (windows->data));
  window = windows->data;
  g_assert_cmpstr (cw_window_get_database_path (window), ==, run->database_path);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  run->func (CW_APPLICATION (application), window, run->user_data);
  run->ran = TRUE;

  g_list_free (g_steal_pointer (&windows));
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (application)));
  for (GList *l = windows; l != NULL; l = l->next)
    {
      if (CW_IS_WINDOW (l->data) && cw_window_get_session (l->data) != NULL)
        {
          session = cw_window_get_session (l->data);
          g_object_add_weak_pointer (session, &session);
        }
      gtk_window_destroy (l->data);
    }

  /* A worker thread still finishing may hold it for a moment. */
  if (!cw_gui_test_wait_until (pointer_cleared, &session, CW_GUI_TEST_SLOW_MS))
    g_error ("The session outlived its window");

  g_application_quit (application);
}

void
cw_gui_test_run_app (const char       *database_path,
                     CwGuiTestAppFunc  func,
                     gpointer          user_data)
{
  RunApp run = { database_path, func, user_data, FALSE };
  CwApplication *app;
  gpointer app_pointer;
  int status;

  app = g_object_new (CW_TYPE_APPLICATION,
                      "application-id", APPLICATION_ID,
                      "flags", G_APPLICATION_NON_UNIQUE,
                      "database-path", database_path,
                      NULL);
  g_signal_connect_after (app, "activate", G_CALLBACK (run_app_activated_cb), &run);

  status = g_application_run (G_APPLICATION (app), 0, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (run.ran);

  app_pointer = app;
  g_object_add_weak_pointer (G_OBJECT (app), &app_pointer);
  g_object_unref (app);
  if (!cw_gui_test_wait_until (pointer_cleared, &app_pointer, CW_GUI_TEST_QUICK_MS))
    g_error ("The application outlived its windows (%u references left)",
             G_OBJECT (app_pointer)->ref_count);
}

GtkStack *
cw_gui_test_window_stack (CwWindow *window)
{
  GtkWidget *stack = cw_gui_test_get (GTK_WIDGET (window), "stack");

  g_assert_true (GTK_IS_STACK (stack));
  return GTK_STACK (stack);
}

GtkWidget *
cw_gui_test_find_button (GtkWidget  *root,
                         const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = cw_gui_test_find_button (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

typedef struct
{
  GType       type;
  const char *name;
  GtkWidget  *found;
} WindowWait;

static gboolean
window_mapped (gpointer user_data)
{
  WindowWait *wait = user_data;

  wait->found = cw_gui_test_find_window (wait->type, wait->name);
  return wait->found != NULL && gtk_widget_get_mapped (wait->found);
}

GtkWidget *
cw_gui_test_wait_for_window (GType       type,
                             const char *name,
                             guint       timeout_ms)
{
  WindowWait wait = { type, name, NULL };

  if (!cw_gui_test_wait_until (window_mapped, &wait, timeout_ms))
    g_error ("No %s window%s%s showed within %u ms", g_type_name (type),
             name != NULL ? " named " : "", name != NULL ? name : "", timeout_ms);
  return wait.found;
}

static gboolean
widget_sensitive (gpointer user_data)
{
  return gtk_widget_is_sensitive (user_data);
}

void
cw_gui_test_step_up (const char *password,
                     const char *confirm_label)
{
  GtkWidget *dialog = cw_gui_test_wait_for_window (g_type_from_name ("CwPasswordDialog"), NULL,
                                                   CW_GUI_TEST_QUICK_MS);
  GtkWidget *confirm = cw_gui_test_find_button (dialog, confirm_label);

  g_assert_nonnull (confirm);
  g_assert_true (cw_gui_test_wait_until (widget_sensitive, confirm, CW_GUI_TEST_SLOW_MS));
  cw_gui_test_set_text (cw_gui_test_get (dialog, "password_entry"), password);
  cw_gui_test_click (confirm);
}

static gboolean
window_gone (gpointer user_data)
{
  WindowWait *wait = user_data;

  return cw_gui_test_find_window (wait->type, wait->name) == NULL;
}

void
cw_gui_test_wait_for_window_gone (GType       type,
                                  const char *name,
                                  guint       timeout_ms)
{
  WindowWait wait = { type, name, NULL };

  if (!cw_gui_test_wait_until (window_gone, &wait, timeout_ms))
    g_error ("The %s window%s%s was still there after %u ms", g_type_name (type),
             name != NULL ? " named " : "", name != NULL ? name : "", timeout_ms);
}

void
cw_gui_test_close_windows (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autoptr(GPtrArray) windows = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    g_ptr_array_add (windows, g_list_model_get_item (toplevels, i));
  for (guint i = 0; i < windows->len; i++)
    gtk_window_destroy (g_ptr_array_index (windows, i));

  cw_gui_test_flush ();
}

void
cw_gui_test_load_style (void)
{
  static GtkCssProvider *provider;

  if (provider != NULL)
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/github/casework/Casework/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

GtkWidget *
cw_gui_test_show_in_window (GtkWidget *content)
{
  GtkWidget *window;

  cw_gui_test_load_style ();

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_set_child (GTK_WINDOW (window), content);
  gtk_window_present (GTK_WINDOW (window));
  cw_gui_test_wait_for_showing (content, CW_GUI_TEST_QUICK_MS);
  cw_gui_test_flush ();

  return window;
}

GtkWidget *
cw_gui_test_find_showing_label (GtkWidget  *root,
                                const char *text,
                                gboolean    part)
{
  if (GTK_IS_LABEL (root) && cw_gui_test_is_showing (root))
    {
      const char *shown = gtk_label_get_text (GTK_LABEL (root));

      if (part ? strstr (shown, text) != NULL : g_strcmp0 (shown, text) == 0)
        return root;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = cw_gui_test_find_showing_label (child, text, part);

      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkWidget *
cw_gui_test_find_label_containing (GtkWidget  *root,
                                   const char *part)
{
  return cw_gui_test_find_showing_label (root, part, TRUE);
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
  gboolean    part;
  gboolean    showing;   /* wait for it to show (TRUE) or to go (FALSE) */
} LabelWait;

static gboolean
label_state_reached (gpointer user_data)
{
  LabelWait *wait = user_data;

  return (cw_gui_test_find_showing_label (wait->root, wait->text, wait->part) != NULL) ==
         wait->showing;
}

GtkWidget *
cw_gui_test_wait_for_label (GtkWidget  *root,
                            const char *text,
                            gboolean    part,
                            guint       timeout_ms)
{
  LabelWait wait = { root, text, part, TRUE };

  if (!cw_gui_test_wait_until (label_state_reached, &wait, timeout_ms))
    g_error ("Waited for “%s” to show under %s", text, G_OBJECT_TYPE_NAME (root));

  return cw_gui_test_find_showing_label (root, text, part);
}

void
cw_gui_test_wait_for_label_gone (GtkWidget  *root,
                                 const char *text,
                                 gboolean    part,
                                 guint       timeout_ms)
{
  LabelWait wait = { root, text, part, FALSE };

  if (!cw_gui_test_wait_until (label_state_reached, &wait, timeout_ms))
    g_error ("Waited for “%s” to go from %s", text, G_OBJECT_TYPE_NAME (root));
}

typedef struct
{
  GtkLabel   *label;
  const char *text;
} TextWait;

static gboolean
label_text_is (gpointer user_data)
{
  TextWait *wait = user_data;

  return g_strcmp0 (gtk_label_get_text (wait->label), wait->text) == 0;
}

void
cw_gui_test_wait_for_label_text (GtkWidget  *label,
                                 const char *text,
                                 guint       timeout_ms)
{
  TextWait wait = { GTK_LABEL (label), text };

  if (!cw_gui_test_wait_until (label_text_is, &wait, timeout_ms))
    g_error ("The label says “%s”, not “%s”", gtk_label_get_text (GTK_LABEL (label)), text);
}

void
cw_gui_test_collect_named (GtkWidget  *root,
                           const char *name,
                           GPtrArray  *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (g_strcmp0 (gtk_widget_get_name (child), name) == 0 && cw_gui_test_is_showing (child))
        g_ptr_array_add (found, child);
      cw_gui_test_collect_named (child, name, found);
    }
}

const char *
cw_gui_test_label_text (GtkWidget  *root,
                        const char *id)
{
  return gtk_label_get_text (GTK_LABEL (cw_gui_test_get (root, id)));
}

char *
cw_gui_test_view_text (GtkWidget  *root,
                       const char *id)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (cw_gui_test_get (root, id)));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

guint
cw_gui_test_list_n_items (GtkWidget *list_view)
{
  GtkSelectionModel *model = gtk_list_view_get_model (GTK_LIST_VIEW (list_view));

  return model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (model)) : 0;
}

void
cw_gui_test_select_row (GtkWidget *list_view,
                        guint      position)
{
  GtkSelectionModel *model = gtk_list_view_get_model (GTK_LIST_VIEW (list_view));

  g_assert_true (cw_gui_test_is_showing (list_view));
  g_assert_cmpuint (cw_gui_test_list_n_items (list_view), >, position);
  gtk_selection_model_select_item (model, position, TRUE);
  cw_gui_test_flush ();
}

void
cw_gui_test_days_from_today (GDate *date,
                             int    days)
{
  cw_date_today (date);
  if (days > 0)
    g_date_add_days (date, (guint) days);
  else if (days < 0)
    g_date_subtract_days (date, (guint) -days);
}

GtkWidget *
cw_gui_test_row_of (GtkWidget *cell_widget)
{
  GtkWidget *widget = cell_widget;

  while (widget != NULL && gtk_widget_get_parent (widget) != NULL &&
         !GTK_IS_LIST_VIEW (gtk_widget_get_parent (widget)))
    widget = gtk_widget_get_parent (widget);

  return widget;
}

void
cw_gui_test_type_into_view (GtkWidget  *root,
                            const char *id,
                            const char *text)
{
  GtkWidget *view = cw_gui_test_get (root, id);

  g_assert_true (GTK_IS_TEXT_VIEW (view));
  g_assert_true (cw_gui_test_is_showing (view));
  g_assert_true (gtk_text_view_get_editable (GTK_TEXT_VIEW (view)));
  gtk_widget_grab_focus (view);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
  cw_gui_test_flush ();
}

void
cw_gui_test_wait_until_closed (gpointer *watched,
                               guint     timeout_ms)
{
  if (!cw_gui_test_wait_until (pointer_cleared, watched, timeout_ms))
    g_error ("The %s window stayed open", G_OBJECT_TYPE_NAME (*watched));
}

void
cw_gui_test_respond (GtkWidget  *dialog,
                     const char *label)
{
  GtkWidget *button = cw_gui_test_find_button (dialog, label);
  gpointer watched = dialog;

  if (button == NULL)
    g_error ("The dialog has no “%s” button", label);
  g_object_add_weak_pointer (G_OBJECT (dialog), &watched);
  cw_gui_test_click (button);
  if (!cw_gui_test_wait_until (pointer_cleared, &watched, CW_GUI_TEST_QUICK_MS))
    g_error ("The dialog stayed open after “%s”", label);
}

void
cw_gui_test_close_with_shortcut (GtkWidget *window)
{
  gpointer watched = window;

  g_object_add_weak_pointer (G_OBJECT (window), &watched);
  cw_gui_test_activate_action (window, "window.close");
  cw_gui_test_wait_until_closed (&watched, CW_GUI_TEST_QUICK_MS);
}

static gboolean
hidden (gpointer user_data)
{
  return !cw_gui_test_is_showing (user_data);
}

void
cw_gui_test_wait_for_hidden (GtkWidget *widget,
                             guint      timeout_ms)
{
  if (!cw_gui_test_wait_until (hidden, widget, timeout_ms))
    g_error ("Waited for %s to hide", G_OBJECT_TYPE_NAME (widget));
}

void
cw_gui_test_wait_for_sensitive (GtkWidget *widget,
                                guint      timeout_ms)
{
  if (!cw_gui_test_wait_until (widget_sensitive, widget, timeout_ms))
    g_error ("Waited for %s to become sensitive", G_OBJECT_TYPE_NAME (widget));
}

void
cw_gui_test_choose_in_combo (GtkWidget  *combo,
                             const char *text)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (combo));

  g_assert_true (cw_gui_test_is_showing (combo));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), text) == 0)
        {
          adw_combo_row_set_selected (ADW_COMBO_ROW (combo), i);
          cw_gui_test_flush ();
          return;
        }
    }

  g_error ("The combo row offers no “%s”", text);
}

typedef struct
{
  GtkWidget  *list;
  const char *search;
} ChildSearch;

static gboolean
contains_casefolded (const char *text,
                     const char *part)
{
  g_autofree char *folded_text = g_utf8_casefold (text != NULL ? text : "", -1);
  g_autofree char *folded_part = g_utf8_casefold (part, -1);

  return strstr (folded_text, folded_part) != NULL;
}

/* The list shows one child, and it is the one searched for. */
static gboolean
one_child_found (gpointer user_data)
{
  ChildSearch *search = user_data;
  GtkSelectionModel *model = gtk_list_view_get_model (GTK_LIST_VIEW (search->list));
  g_autoptr(CwChild) child = NULL;
  g_autofree char *name = NULL;

  if (model == NULL || g_list_model_get_n_items (G_LIST_MODEL (model)) != 1)
    return FALSE;

  child = g_list_model_get_item (G_LIST_MODEL (model), 0);
  name = cw_child_dup_display_name (child);
  return contains_casefolded (name, search->search) ||
         contains_casefolded (cw_child_get_case_reference (child), search->search);
}

void
cw_gui_test_choose_child (GtkWidget  *root,
                          const char *search_text)
{
  GtkWidget *button = cw_gui_test_get (root, "child_chooser_button");
  GtkWidget *chooser = gtk_widget_get_ancestor (button, CW_TYPE_CHILD_CHOOSER);
  GtkWidget *search;
  ChildSearch wait;

  g_assert_nonnull (chooser);
  g_assert_true (cw_gui_test_is_showing (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  cw_gui_test_flush ();

  search = cw_gui_test_get (chooser, "child_chooser_search");
  wait.list = cw_gui_test_get (chooser, "child_chooser_list");
  wait.search = search_text;
  cw_gui_test_wait_for_showing (search, CW_GUI_TEST_QUICK_MS);
  cw_gui_test_set_text (search, search_text);
  if (!cw_gui_test_wait_until (one_child_found, &wait, CW_GUI_TEST_QUICK_MS))
    g_error ("No one child matching “%s” to choose", search_text);

  gtk_widget_activate_action (wait.list, "list.activate-item", "u", 0);
  cw_gui_test_flush ();
  g_assert_cmpint (cw_child_chooser_get_child_id (CW_CHILD_CHOOSER (chooser)), >, 0);
}

void
cw_gui_test_async_ready_cb (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  CwGuiTestAsync *async = user_data;

  g_assert_null (async->result);
  async->result = g_object_ref (result);
}

static gboolean
async_done (gpointer user_data)
{
  return ((CwGuiTestAsync *) user_data)->result != NULL;
}

GAsyncResult *
cw_gui_test_async_wait (CwGuiTestAsync *async,
                        guint           timeout_ms)
{
  if (!cw_gui_test_wait_until (async_done, async, timeout_ms))
    g_error ("An asynchronous call did not finish within %u ms", timeout_ms);
  return async->result;
}

void
cw_gui_test_async_clear (CwGuiTestAsync *async)
{
  g_clear_object (&async->result);
}

void
cw_gui_test_set_combo (GtkWidget  *root,
                       const char *id,
                       guint       position)
{
  GtkWidget *row = cw_gui_test_get (root, id);

  g_assert_true (ADW_IS_COMBO_ROW (row));
  g_assert_true (cw_gui_test_is_showing (row));
  g_assert_true (gtk_widget_is_sensitive (row));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), position);
  cw_gui_test_flush ();
}
