/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/cw-session.h"
#include "cw-page-util.h"

G_BEGIN_DECLS

/*
 * One child's record: a header (names, age, legal status, allocated worker,
 * the adults around the child), a drawn timeline strip, and the chronology
 * with its filters and search. "New Case Note" starts a draft and opens the
 * entry editor. Emits "close-requested" when the user goes back; "folded"
 * (from CwPage) shows the window buttons at the start of the header bar.
 * Creating the page opens the record (an audited view).
 */
#define CW_TYPE_CHILD_PAGE (cw_child_page_get_type ())
G_DECLARE_FINAL_TYPE (CwChildPage, cw_child_page, CW, CHILD_PAGE, CwPage)

/* NULL with @error set when the person may not see the child. */
GtkWidget *cw_child_page_new          (CwSession   *session,
                                       gint64       child_id,
                                       GError     **error);
gint64     cw_child_page_get_child_id (CwChildPage *self);
/* Scrolls the chronology to an entry and selects it. */
void       cw_child_page_show_entry   (CwChildPage *self,
                                       gint64       entry_id);
/* TRUE while the quality summary is being worked out in a thread (it
 * reads through the session: wait for it before signing out). */
gboolean   cw_child_page_is_busy      (CwChildPage *self);

G_END_DECLS
