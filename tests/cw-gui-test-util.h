/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "gui/cw-application.h"
#include "gui/cw-window.h"

G_BEGIN_DECLS

/*
 * Helpers for tests that drive real widgets under Xvfb. A test acts the way
 * a person would: it may only click what is shown and sensitive, and it
 * waits for what it expects to see (iterating the main context) with a
 * generous timeout, never for a fixed time.
 */

/* g_test_init() with G_TEST_OPTION_ISOLATE_DIRS, then GTK and libadwaita.
 * The isolated XDG folders hide the system's MIME database (GTK needs it
 * to load its SVG icons) and icon themes, so this points GIO and GTK at
 * the real ones (and at the source tree's icons) first. */
void        cw_gui_test_init              (int         *argc,
                                           char      ***argv);

/* The first widget at or under @root (depth first) whose buildable id (from
 * a .ui template) or widget name is @id; NULL when none. Library widgets
 * have template ids too (AdwWindowTitle has "title_label"), so give ours
 * ids that say what they are. */
GtkWidget  *cw_gui_test_find              (GtkWidget   *root,
                                           const char  *id);
/* Like cw_gui_test_find(), but fails the test when nothing is found. */
GtkWidget  *cw_gui_test_get               (GtkWidget   *root,
                                           const char  *id);
/* The first widget of @type at or under @root; NULL when none. */
GtkWidget  *cw_gui_test_find_by_type      (GtkWidget   *root,
                                           GType        type);
/* The first GtkLabel under @root whose text is @text; NULL when none. */
GtkWidget  *cw_gui_test_find_label        (GtkWidget   *root,
                                           const char  *text);

/* The first visible toplevel window of @type whose widget name is @name
 * (or any name when NULL); NULL when none. */
GtkWidget  *cw_gui_test_find_window       (GType        type,
                                           const char  *name);

/* TRUE when a person could see @widget: it and its ancestors are visible
 * and mapped (a widget in a hidden stack page is not). */
gboolean    cw_gui_test_is_showing        (GtkWidget   *widget);

/* Clicks a button that is showing and sensitive (fails the test otherwise). */
void        cw_gui_test_click             (GtkWidget   *button);
/* Types @text into an entry, entry row or other GtkEditable that is showing
 * and sensitive. */
void        cw_gui_test_set_text          (GtkWidget   *editable,
                                           const char  *text);
/* Presses Enter in an editable (GtkEntry, GtkText, AdwEntryRow). */
void        cw_gui_test_press_enter       (GtkWidget   *editable);
/* Activates an action the way its keyboard shortcut would, from @widget. */
void        cw_gui_test_activate_action   (GtkWidget   *widget,
                                           const char  *name);

typedef gboolean (*CwGuiTestCondition) (gpointer user_data);

/* Iterates the default main context until @condition holds or @timeout_ms
 * passes; returns whether it held. */
gboolean    cw_gui_test_wait_until        (CwGuiTestCondition condition,
                                           gpointer           user_data,
                                           guint              timeout_ms);
/* Runs the main context until nothing is pending (layout, idle callbacks). */
void        cw_gui_test_flush             (void);

/* Waits until cw_gui_test_is_showing (@widget); fails the test after
 * @timeout_ms. */
void        cw_gui_test_wait_for_showing  (GtkWidget   *widget,
                                           guint        timeout_ms);

/* Waits until the visible child of @stack is named @name; fails the test
 * with what it saw instead after @timeout_ms. */
void        cw_gui_test_wait_for_stack_page (GtkStack  *stack,
                                             const char *name,
                                             guint       timeout_ms);

/* Saves a PNG of @widget's window when CW_TEST_SCREENSHOT_DIR is set
 * (for looking at a failing test); the file is NAME.png in that folder. */
void        cw_gui_test_screenshot        (GtkWidget   *widget,
                                           const char  *name);

/* Runs Casework on @database_path the way `casework --database` does
 * (g_application_run(): startup, activate, shutdown), but as a non-unique
 * instance so that one test can run several in turn. @func is the test's
 * part: it runs once the window is there, driving it by iterating the main
 * context. Afterwards every window is closed (signing out), and the
 * application and the session must really be gone (database closed). */
typedef void (*CwGuiTestAppFunc) (CwApplication *app,
                                  CwWindow      *window,
                                  gpointer       user_data);
void        cw_gui_test_run_app           (const char       *database_path,
                                           CwGuiTestAppFunc  func,
                                           gpointer          user_data);
/* The window's page stack ("loading", "setup", "sign-in", "main"). */
GtkStack   *cw_gui_test_window_stack      (CwWindow       *window);

/* The first button under @root (itself included) whose label is @label
 * exactly, mnemonic underscore and all ("_Export"); NULL if none. */
GtkWidget  *cw_gui_test_find_button       (GtkWidget   *root,
                                           const char  *label);
/* Waits for a mapped toplevel of @type (and named @name when not NULL) and
 * returns it; fails the test after @timeout_ms. */
GtkWidget  *cw_gui_test_wait_for_window   (GType        type,
                                           const char  *name,
                                           guint        timeout_ms);
/* Answers the step-up password dialog (CwPasswordDialog) that is showing
 * or about to show: types @password and clicks the button labelled
 * @confirm_label once it can be clicked. */
void        cw_gui_test_step_up           (const char  *password,
                                           const char  *confirm_label);

/* Waits until no toplevel of @type (named @name when not NULL) is left;
 * fails the test after @timeout_ms. */
void        cw_gui_test_wait_for_window_gone (GType       type,
                                              const char *name,
                                              guint       timeout_ms);
/* Destroys every toplevel window and runs what that leaves pending. */
void        cw_gui_test_close_windows     (void);
/* Loads the application's style sheet the way CwApplication does, so that
 * screenshots show badges and error marks as people see them. */
void        cw_gui_test_load_style        (void);
/* Puts @content in a new 1280×800 window with the style sheet, shows it
 * and waits until @content is showing; returns (transfer none) the window. */
GtkWidget  *cw_gui_test_show_in_window    (GtkWidget   *content);
/* The first label under @root that is showing and whose text contains
 * @part; NULL when none. */
GtkWidget  *cw_gui_test_find_label_containing (GtkWidget  *root,
                                               const char *part);

/* The first label under @root that is showing and whose text is @text
 * (or, with @part, contains it); NULL when none. List cells are reused,
 * so a hidden label with the same text may come first. */
GtkWidget  *cw_gui_test_find_showing_label (GtkWidget  *root,
                                            const char *text,
                                            gboolean    part);
/* Waits until cw_gui_test_find_showing_label() finds a label and returns
 * it; fails the test after @timeout_ms. */
GtkWidget  *cw_gui_test_wait_for_label    (GtkWidget   *root,
                                           const char  *text,
                                           gboolean     part,
                                           guint        timeout_ms);
/* Waits until no such label shows under @root; fails the test after
 * @timeout_ms. */
void        cw_gui_test_wait_for_label_gone (GtkWidget  *root,
                                             const char *text,
                                             gboolean    part,
                                             guint       timeout_ms);
/* Waits until the GtkLabel @label says exactly @text; fails the test with
 * what it says instead after @timeout_ms. */
void        cw_gui_test_wait_for_label_text (GtkWidget  *label,
                                             const char *text,
                                             guint       timeout_ms);
/* Adds to @found every widget under @root (not @root itself), depth first,
 * that is showing and whose widget name is @name. */
void        cw_gui_test_collect_named     (GtkWidget   *root,
                                           const char  *name,
                                           GPtrArray   *found);

/* The text of the GtkLabel @id under @root. */
const char *cw_gui_test_label_text        (GtkWidget   *root,
                                           const char  *id);
/* The whole text of the GtkTextView @id under @root (free it). */
char       *cw_gui_test_view_text         (GtkWidget   *root,
                                           const char  *id);

/* How many items the GtkListView @list_view shows (0 without a model). */
guint       cw_gui_test_list_n_items      (GtkWidget   *list_view);
/* Selects row @position of the GtkListView @list_view the way a click on
 * it does; the list must be showing and have that row. */
void        cw_gui_test_select_row        (GtkWidget   *list_view,
                                           guint        position);

/* Sets @date to today moved by @days (earlier when negative). */
void        cw_gui_test_days_from_today   (GDate       *date,
                                           int          days);

/* The row widget (a direct child of a GtkListView, as in a column view's
 * list) that @cell_widget is in; the topmost ancestor when none. */
GtkWidget  *cw_gui_test_row_of            (GtkWidget   *cell_widget);

/* Types @text into the GtkTextView @id under @root the way a person does:
 * it must be showing and editable; focus, then text. */
void        cw_gui_test_type_into_view    (GtkWidget   *root,
                                           const char  *id,
                                           const char  *text);

/* Waits until the weak pointer *@watched (added with
 * g_object_add_weak_pointer() before acting) is cleared: the window it
 * watched is gone. Fails the test after @timeout_ms. */
void        cw_gui_test_wait_until_closed (gpointer    *watched,
                                           guint        timeout_ms);
/* Answers a message dialog by clicking its @label button (which must be
 * there); waits for the dialog to go. */
void        cw_gui_test_respond           (GtkWidget   *dialog,
                                           const char  *label);
/* Closes @window the way its keyboard shortcut does ("window.close");
 * waits for it to go. */
void        cw_gui_test_close_with_shortcut (GtkWidget *window);

/* Waits until @widget is not showing / is sensitive; fails the test after
 * @timeout_ms. */
void        cw_gui_test_wait_for_hidden   (GtkWidget   *widget,
                                           guint        timeout_ms);
void        cw_gui_test_wait_for_sensitive (GtkWidget  *widget,
                                            guint       timeout_ms);

/* Chooses the item of the AdwComboRow @combo (a list of strings) whose
 * text is @text, as a person picks it; @combo must be showing. */
void        cw_gui_test_choose_in_combo   (GtkWidget   *combo,
                                           const char  *text);

/* Chooses item @position of the AdwComboRow @id under @root, which must
 * be showing and sensitive. */
void        cw_gui_test_set_combo         (GtkWidget   *root,
                                           const char  *id,
                                           guint        position);

/* Chooses a child in the CwChildChooser at or under @root as a person
 * does: opens it, types @search and activates the one child found. Fails
 * the test unless exactly one child matches @search (name or reference). */
void        cw_gui_test_choose_child      (GtkWidget   *root,
                                           const char  *search);

/* An asynchronous call's result, for tests: pass
 * cw_gui_test_async_ready_cb with a zeroed CwGuiTestAsync as the
 * callback, then cw_gui_test_async_wait() returns (transfer none) the
 * result (fails the test after @timeout_ms). cw_gui_test_async_clear()
 * drops it. */
typedef struct
{
  GAsyncResult *result;
} CwGuiTestAsync;

void          cw_gui_test_async_ready_cb  (GObject         *source,
                                           GAsyncResult    *result,
                                           gpointer         user_data);
GAsyncResult *cw_gui_test_async_wait      (CwGuiTestAsync  *async,
                                           guint            timeout_ms);
void          cw_gui_test_async_clear     (CwGuiTestAsync  *async);

/* The timeout for anything that involves Argon2 or the keyring. */
#define CW_GUI_TEST_SLOW_MS 60000
#define CW_GUI_TEST_QUICK_MS 10000

G_END_DECLS
