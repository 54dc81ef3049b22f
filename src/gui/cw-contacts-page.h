/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/cw-session.h"
#include "cw-page-util.h"

G_BEGIN_DECLS

/*
 * Contacts with children and families: the records the signed-in person may see, filtered,
 * with flags as badges and a detail pane. Staff record and correct; the line manager or a
 * DSL reviews, and approves planned social contact in advance. Emits "changed" after
 * anything is recorded (the main view refreshes its counts).
 */
#define CW_TYPE_CONTACTS_PAGE (cw_contacts_page_get_type ())
G_DECLARE_FINAL_TYPE (CwContactsPage, cw_contacts_page, CW, CONTACTS_PAGE, CwPage)

GtkWidget *cw_contacts_page_new    (CwSession *session);
/* Re-reads the list and the selected row. */
void       cw_contacts_page_reload (CwContactsPage *self);

G_END_DECLS
