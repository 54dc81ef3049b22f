/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/cw-session.h"

G_BEGIN_DECLS

/*
 * Staff management for administrators: every account in a column view,
 * with Add (also Ctrl+N through the "staff.add" action), Edit…, Reset
 * Password… and Deactivate…. Every change asks for the administrator's
 * password first (CwPasswordDialog). "folded" shows a back button for the
 * main view's narrow layout.
 */
#define CW_TYPE_STAFF_PAGE (cw_staff_page_get_type ())
G_DECLARE_FINAL_TYPE (CwStaffPage, cw_staff_page, CW, STAFF_PAGE, GtkWidget)

GtkWidget *cw_staff_page_new         (CwSession   *session);
CwSession *cw_staff_page_get_session (CwStaffPage *self);

G_END_DECLS
