/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cw-database.h"
#include "cw-staff-member.h"

G_BEGIN_DECLS

#define CW_STAFF_ERROR (cw_staff_error_quark ())

typedef enum
{
  CW_STAFF_ERROR_INVALID,          /* empty or malformed field; message says which */
  CW_STAFF_ERROR_USERNAME_TAKEN,
  CW_STAFF_ERROR_NOT_FOUND,
  CW_STAFF_ERROR_MANAGER_LOOP,     /* A manages B manages A */
  CW_STAFF_ERROR_LAST_ADMINISTRATOR,
} CwStaffError;

/*
 * Staff rows. No permission checks here: CwSession checks and audits, then
 * calls these. Usernames are normalised (trimmed, lower-case ASCII letters,
 * digits, '.', '-', '_'; 2–64 characters).
 */

#define CW_TYPE_STAFF_REPOSITORY (cw_staff_repository_get_type ())
G_DECLARE_FINAL_TYPE (CwStaffRepository, cw_staff_repository, CW, STAFF_REPOSITORY, GObject)

GQuark             cw_staff_error_quark               (void);
char              *cw_staff_normalise_username        (const char *username,
                                                       GError    **error);

CwStaffRepository *cw_staff_repository_new            (CwDatabase *database);
CwStaffMember     *cw_staff_repository_lookup_by_id   (CwStaffRepository *self,
                                                       gint64             id,
                                                       GError           **error);
CwStaffMember     *cw_staff_repository_lookup_by_username (CwStaffRepository *self,
                                                       const char        *username,
                                                       GError           **error);
/* Returns a new CwStaffMember with its id. */
CwStaffMember     *cw_staff_repository_insert         (CwStaffRepository *self,
                                                       const char        *username,
                                                       const char        *display_name,
                                                       const char        *job_title,
                                                       CwRoles            roles,
                                                       gint64             line_manager_id,
                                                       gboolean           must_change_password,
                                                       GError           **error);
gboolean           cw_staff_repository_update         (CwStaffRepository *self,
                                                       gint64             id,
                                                       const char        *display_name,
                                                       const char        *job_title,
                                                       CwRoles            roles,
                                                       gint64             line_manager_id,
                                                       GError           **error);
gboolean           cw_staff_repository_set_active     (CwStaffRepository *self,
                                                       gint64             id,
                                                       gboolean           active,
                                                       GError           **error);
gboolean           cw_staff_repository_set_must_change_password (CwStaffRepository *self,
                                                       gint64             id,
                                                       gboolean           must_change,
                                                       GError           **error);
guint              cw_staff_repository_count_active_with_role (CwStaffRepository *self,
                                                       CwRoles            role);
/* Every account, ordered by display name; a GListModel of CwStaffMember that
 * refreshes when the repository changes. */
GListModel        *cw_staff_repository_list           (CwStaffRepository *self);
/* The active staff whose line manager is @manager_id. */
GPtrArray         *cw_staff_repository_list_team      (CwStaffRepository *self,
                                                       gint64             manager_id,
                                                       GError           **error);

G_END_DECLS
