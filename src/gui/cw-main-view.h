/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/cw-session.h"

G_BEGIN_DECLS

/*
 * The signed-in content: a sidebar of the sections the session's roles may
 * see (My work, Children, Sign-offs, Gifts, Contacts, Photo consent, Audit,
 * Staff) and the page for each. Owned by CwWindow, which swaps it out when
 * the session locks.
 */
#define CW_TYPE_MAIN_VIEW (cw_main_view_get_type ())
G_DECLARE_FINAL_TYPE (CwMainView, cw_main_view, CW, MAIN_VIEW, GtkWidget)

GtkWidget *cw_main_view_new             (CwSession  *session);
CwSession *cw_main_view_get_session     (CwMainView *self);
void       cw_main_view_show_section    (CwMainView *self,
                                         CwSection   section);
CwSection  cw_main_view_get_section     (CwMainView *self);
/* Shows the Children section with @child_id's page on top of the list
 * (opening the record is audited; a refusal is shown there). */
void       cw_main_view_open_child      (CwMainView *self,
                                         gint64      child_id);

G_END_DECLS
