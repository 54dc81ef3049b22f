/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "cw-permissions.h"

G_BEGIN_DECLS

#define CW_TYPE_STAFF_MEMBER (cw_staff_member_get_type ())
G_DECLARE_FINAL_TYPE (CwStaffMember, cw_staff_member, CW, STAFF_MEMBER, GObject)

/* An immutable snapshot of one staff account row. */
CwStaffMember *cw_staff_member_new                    (gint64      id,
                                                       const char *username,
                                                       const char *display_name,
                                                       const char *job_title,
                                                       CwRoles     roles,
                                                       gint64      line_manager_id,
                                                       gboolean    active,
                                                       gboolean    must_change_password);
gint64         cw_staff_member_get_id                 (CwStaffMember *self);
const char    *cw_staff_member_get_username           (CwStaffMember *self);
const char    *cw_staff_member_get_display_name       (CwStaffMember *self);
const char    *cw_staff_member_get_job_title          (CwStaffMember *self);
CwRoles        cw_staff_member_get_roles              (CwStaffMember *self);
gboolean       cw_staff_member_has_role               (CwStaffMember *self,
                                                       CwRoles        role);
gint64         cw_staff_member_get_line_manager_id    (CwStaffMember *self); /* 0 = none */
gboolean       cw_staff_member_get_active             (CwStaffMember *self);
gboolean       cw_staff_member_get_must_change_password (CwStaffMember *self);

G_END_DECLS
