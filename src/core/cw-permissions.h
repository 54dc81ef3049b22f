/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Roles are flags: one person may hold several. Stored as an integer. */
typedef enum /*< flags >*/
{
  CW_ROLE_NONE          = 0,
  CW_ROLE_PRACTITIONER  = 1 << 0,
  CW_ROLE_LINE_MANAGER  = 1 << 1,
  CW_ROLE_DSL           = 1 << 2,
  CW_ROLE_ADMINISTRATOR = 1 << 3,
} CwRoles;

#define CW_ROLES_ALL (CW_ROLE_PRACTITIONER | CW_ROLE_LINE_MANAGER | CW_ROLE_DSL | CW_ROLE_ADMINISTRATOR)

/* What someone may do, independent of any one record. Record-level rules
 * (is this child allocated to me, is this my team) take the relation too:
 * see cw_session_may_view_child() and
 * CW_CHILD_VISIBLE_SQL in cw-child-repository-private.h. */
typedef enum
{
  CW_PERMISSION_RECORD_CASE_NOTES,     /* write notes for children one may see */
  CW_PERMISSION_VIEW_ALL_CHILDREN,     /* every child's chronology (DSL) */
  CW_PERMISSION_VIEW_TEAM_CHILDREN,    /* children allocated to one's team */
  CW_PERMISSION_VIEW_RESTRICTED,       /* restricted entries (DSL; authors see their own) */
  CW_PERMISSION_MARK_SIGNIFICANT,
  CW_PERMISSION_EXPORT_CHRONOLOGY,
  CW_PERMISSION_SIGN_OFF_JUDGEMENTS,   /* for the staff one line-manages */
  CW_PERMISSION_VIEW_ALL_SIGN_OFFS,    /* every outstanding sign-off (DSL) */
  CW_PERMISSION_CONFIRM_SOFT_DELETE,   /* second person for removal (DSL, manager) */
  CW_PERMISSION_KEEP_OWN_REGISTERS,    /* gifts, contacts, photo consent: everyone */
  CW_PERMISSION_REVIEW_TEAM_REGISTERS, /* decide gifts, review contacts of one's team */
  CW_PERMISSION_REVIEW_ALL_REGISTERS,  /* DSL */
  CW_PERMISSION_VIEW_AUDIT,            /* DSL and administrator */
  CW_PERMISSION_MANAGE_STAFF,          /* administrator */
  CW_PERMISSION_EDIT_SETTINGS,         /* administrator */
  CW_PERMISSION_ROTATE_KEY,            /* administrator */
  CW_PERMISSION_LAST
} CwPermission;

/* The sidebar sections of the main window. */
typedef enum
{
  CW_SECTION_MY_WORK,
  CW_SECTION_CHILDREN,
  CW_SECTION_SIGN_OFFS,
  CW_SECTION_GIFTS,
  CW_SECTION_CONTACTS,
  CW_SECTION_PHOTO_CONSENT,
  CW_SECTION_AUDIT,
  CW_SECTION_STAFF,
  CW_SECTION_LAST
} CwSection;

gboolean    cw_permission_granted          (CwRoles      roles,
                                            CwPermission permission);
gboolean    cw_section_visible             (CwRoles      roles,
                                            CwSection    section);
const char *cw_section_get_id              (CwSection    section);  /* "my-work" … */
const char *cw_section_get_title           (CwSection    section);  /* translated */
const char *cw_section_get_icon_name       (CwSection    section);

const char *cw_role_get_title              (CwRoles      role);     /* one flag, translated */
char       *cw_roles_to_string             (CwRoles      roles);    /* "Line manager, DSL" */
const char *cw_permission_get_nick         (CwPermission permission);

G_END_DECLS
