/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/cw-session.h"

G_BEGIN_DECLS

/*
 * The Children section: the children whose records the signed-in person
 * may see, in a column view over the repository's lazy list, with a live
 * search by case reference or name, honest empty states, and "New Child
 * Record" (also Ctrl+N through the "children.new-child" action) for those
 * who record case notes. Activating a row pushes that child's page
 * (CwChildPage, which opens and audits the record) inside this page, so
 * the sidebar stays; its "close-requested" brings the list back.
 * "folded" shows a back button for the main view's narrow layout.
 */
#define CW_TYPE_CHILDREN_PAGE (cw_children_page_get_type ())
G_DECLARE_FINAL_TYPE (CwChildrenPage, cw_children_page, CW, CHILDREN_PAGE, GtkWidget)

GtkWidget *cw_children_page_new         (CwSession      *session);
/* Re-reads the list (after a change made elsewhere). */
void       cw_children_page_reload      (CwChildrenPage *self);
/* Opens @child_id's page on top of the list; a refusal is shown as a
 * toast. Returns whether the page opened. */
gboolean   cw_children_page_open_child  (CwChildrenPage *self,
                                         gint64          child_id);
/* The child page shown on top of the list, or NULL. */
GtkWidget *cw_children_page_get_child_page (CwChildrenPage *self);
/* Shows the list again (drops any child page). */
void       cw_children_page_show_list   (CwChildrenPage *self);

G_END_DECLS
