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

G_END_DECLS
