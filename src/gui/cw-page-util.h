/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/cw-session.h"

G_BEGIN_DECLS

/*
 * What the main view's pages have in common.
 *
 * CwPage is the base of a page the main view shows: a readwrite boolean
 * "folded" (the main view binds its leaflet's "folded" to it; a page's
 * template binds the visibility of its back button, action
 * "main-view.go-back", to it) and a "changed" signal with no arguments,
 * emitted after the page recorded something (the main view refreshes its
 * sidebar counts). A page that records nothing never emits it. A page with
 * an AdwToastOverlay hands it over once (cw_page_set_toast_overlay()) and
 * shows its toasts with cw_page_show_toast().
 *
 * The functions after it build the pieces the register and sign-off pages
 * share: the detail pane (headings, text, a badge with its explanation, a
 * version of the record), list rows, the list's selection, and the
 * AdwMessageDialogs that ask for a reason.
 */
#define CW_TYPE_PAGE (cw_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (CwPage, cw_page, CW, PAGE, GtkWidget)

struct _CwPageClass
{
  GtkWidgetClass parent_class;
};

gboolean    cw_page_get_folded             (CwPage          *self);
void        cw_page_set_folded             (CwPage          *self,
                                            gboolean         folded);
/* Emits "changed". */
void        cw_page_emit_changed           (CwPage          *self);
/* The overlay cw_page_show_toast() uses (a child of the page's template). */
void        cw_page_set_toast_overlay      (CwPage          *self,
                                            AdwToastOverlay *overlay);
void        cw_page_show_toast             (CwPage          *self,
                                            const char      *text);

/* Small things ------------------------------------------------------------- */

/* TRUE when @text is NULL, empty or only white space. */
gboolean    cw_text_is_blank               (const char      *text);
/* Shows @text in an error label, or hides the label when @text is NULL. */
void        cw_error_label_set             (GtkLabel        *label,
                                            const char      *text);
/* The id of the member of staff signed in to @session, or 0. */
gint64      cw_signed_in_staff_id          (CwSession       *session);
/* Whether the signed-in person reviews registers (a line manager's team's or all). */
gboolean    cw_may_review_registers        (CwSession       *session);
/* The window @widget is in, or NULL (to be a dialog's parent). */
GtkWindow  *cw_widget_get_parent_window    (GtkWidget       *widget);
/* The display name of a member of staff, or "Unknown member of staff". */
char       *cw_staff_display_name          (CwSession       *session,
                                            gint64           staff_id);
/* "3 contacts (2 filters)", or @count alone when @filters is NULL. */
char       *cw_count_with_filters          (const char      *count,
                                            const char      *filters);

/* The detail pane ---------------------------------------------------------- */

/* Empties the detail box and shows it, or the "nothing selected" status
 * when @shown is FALSE; the actions are hidden until the page knows which
 * of them apply. */
void        cw_detail_reset                (GtkBox          *detail_box,
                                            GtkWidget       *no_selection,
                                            GtkWidget       *actions,
                                            gboolean         shown);
/* A section heading (returned, for a page that sets its own spacing). */
GtkWidget  *cw_detail_add_heading          (GtkBox          *box,
                                            const char      *text);
/* A selectable, wrapped value named @name (may be NULL); a blank @text
 * reads "Not recorded", dimmed. */
GtkWidget  *cw_detail_add_text             (GtkBox          *box,
                                            const char      *name,
                                            const char      *text);
/* @badge and, beside it, the sentence that explains it (a label named
 * @name, which may be NULL; returned). */
GtkWidget  *cw_detail_add_badge_line       (GtkBox          *box,
                                            GtkWidget       *badge,
                                            const char      *name,
                                            const char      *text);
/* One version of a record: "Version 2 · 14 Mar 2025, 16:05 · Pat
 * Practitioner" and, on the next line, the reason for the change when
 * there is one; a label named @name (may be NULL), returned. */
GtkWidget  *cw_detail_add_version          (GtkBox          *box,
                                            CwSession       *session,
                                            const char      *name,
                                            int              version,
                                            gint64           written_at,
                                            gint64           written_by,
                                            const char      *reason);

/* Lists -------------------------------------------------------------------- */

/* The id of an item of a register's list model. */
typedef gint64 (*CwItemIdFunc) (gpointer item);

/* Shows @model (taken) in @view through a new GtkSingleSelection stored in
 * *@selection (the old one is dropped, with its handlers for @user_data);
 * nothing is selected unless the user selects it. The item whose id is
 * @keep_id (when > 0) is selected again if it is among the first @limit
 * (the list is lazy: it is never read whole). That happens before
 * @selection_changed is connected, so it does not run for it. Returns the
 * position selected, or GTK_INVALID_LIST_POSITION. */
guint       cw_list_view_show_model        (GtkListView         *view,
                                            GtkSingleSelection **selection,
                                            GListModel          *model,
                                            gint64               keep_id,
                                            CwItemIdFunc         get_id,
                                            guint                limit,
                                            GCallback            selection_changed,
                                            gpointer             user_data);

/* Makes the rows of @view with a GtkSignalListItemFactory's "setup" and "bind". */
void        cw_list_view_set_rows          (GtkListView         *view,
                                            GCallback            setup,
                                            GCallback            bind);

/* A row of a list view: a vertical box with the usual margins, made the
 * child of @item. Labels and boxes added with a key are found again, when
 * the row is bound, with cw_list_row_get(). */
GtkBox     *cw_list_row_new                (GtkListItem     *item);
/* The row's first line: a bold label (@key) that takes the width, and a
 * label at its end (@end_key, in figures: a date, a value), returned. */
GtkWidget  *cw_list_row_add_title          (GtkBox          *row,
                                            const char      *key,
                                            const char      *end_key);
/* A one-line label (ellipsized) at the end of the row, with @css_class
 * (may be NULL); returned. */
GtkWidget  *cw_list_row_add_label          (GtkBox          *row,
                                            const char      *key,
                                            const char      *css_class);
/* The box of badges at the end of the row, named "row_badges" (key "badges"). */
GtkBox     *cw_list_row_add_badges         (GtkBox          *row);
/* What was added under @key to the row of @item. */
gpointer    cw_list_row_get                (GtkListItem     *item,
                                            const char      *key);

/* Dialogs ------------------------------------------------------------------ */

/* A modal AdwMessageDialog over @page's window, named @name, with "_Cancel"
 * (also its close response) and @response labelled @response_label. */
AdwMessageDialog *cw_message_dialog_new    (GtkWidget             *page,
                                            const char            *name,
                                            const char            *heading,
                                            const char            *body,
                                            const char            *response,
                                            const char            *response_label,
                                            AdwResponseAppearance  appearance);
/* An entry at the end of @box named @name, with @placeholder as its hint and
 * accessible label, holding @text (may be NULL); returned. */
GtkWidget  *cw_dialog_add_entry            (GtkBox          *box,
                                            const char      *name,
                                            const char      *placeholder,
                                            const char      *text);

G_END_DECLS
