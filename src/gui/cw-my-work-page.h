/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/cw-session.h"

G_BEGIN_DECLS

/*
 * My work: what the signed-in person has to do. Groups: "Drafts"
 * (their unfinished notes; activating one opens the note editor on it),
 * "Overdue" (drafts past their recording deadline, with how late each is,
 * never hidden) and "Recently opened" (children whose records they opened;
 * activating one opens the child's page in the Children section through
 * cw_main_view_open_child()); then "Your Recording Quality" (the
 * recording-principles summary of their finished notes) and, for line
 * managers, the same for each member of their team, computed in a worker
 * thread. Each group says plainly when it is empty.
 * Re-read whenever the page is shown. "folded" shows a back button for
 * the main view's narrow layout.
 */
#define CW_TYPE_MY_WORK_PAGE (cw_my_work_page_get_type ())
G_DECLARE_FINAL_TYPE (CwMyWorkPage, cw_my_work_page, CW, MY_WORK_PAGE, GtkWidget)

GtkWidget *cw_my_work_page_new    (CwSession    *session);
/* Re-reads the groups. */
void       cw_my_work_page_reload (CwMyWorkPage *self);

G_END_DECLS
