/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cw-database.h"
#include "cw-key.h"
#include "cw-permissions.h"
#include "cw-staff-member.h"
#include "cw-staff-repository.h"
#include "cw-vault.h"

G_BEGIN_DECLS

#define CW_SESSION_ERROR (cw_session_error_quark ())

typedef enum
{
  CW_SESSION_ERROR_NOT_PERMITTED,     /* the signed-in person's roles do not allow it */
  CW_SESSION_ERROR_WRONG_PASSWORD,    /* sign-in or step-up (same sentence either way) */
  CW_SESSION_ERROR_ACCOUNT_INACTIVE,
  CW_SESSION_ERROR_LOCKED,            /* the session is locked: unlock first */
  CW_SESSION_ERROR_MISMATCH,          /* key file and database do not belong together */
  CW_SESSION_ERROR_INVALID,           /* a form value is missing or malformed */
  CW_SESSION_ERROR_FAILED,
} CwSessionError;

/*
 * CwSession: one signed-in staff member on one open database.
 *
 * It owns the vault, the database connection and the repositories, answers
 * every permission question (through cw_permission_granted()) and audits
 * what it does. Sign-in functions never create a key for an existing
 * database. Locking closes the database and wipes the master key; unlocking
 * (password or keyring) reopens it for the same person only.
 *
 * Errors come from CW_SESSION_ERROR, CW_VAULT_ERROR, CW_DATABASE_ERROR,
 * CW_STAFF_ERROR or CW_PASSWORD_ERROR; every message is a sentence for the
 * person at the keyboard.
 */

#define CW_TYPE_SESSION (cw_session_get_type ())
G_DECLARE_FINAL_TYPE (CwSession, cw_session, CW, SESSION, GObject)

GQuark         cw_session_error_quark      (void);

/* Set-up: creates NAME.db and NAME.db.keys, the organisation and its first
 * administrator, and signs them in. *recovery_key_out gets the recovery key
 * text, to show once. Fails without touching anything if either file exists. */
CwSession     *cw_session_create_database  (const char   *database_path,
                                            const char   *organisation,
                                            const char   *admin_username,
                                            const char   *admin_display_name,
                                            const char   *password,
                                            char        **recovery_key_out,
                                            GError      **error);

CwSession     *cw_session_sign_in_with_password (const char *database_path,
                                            const char   *username,
                                            const char   *password,
                                            GError      **error);
/* Unlock key as found in the desktop keyring (cw_keyring_lookup()). */
CwSession     *cw_session_sign_in_with_unlock_key (const char *database_path,
                                            const char   *username,
                                            const CwKey  *unlock_key,
                                            GError      **error);
/* The recovery key signs in @username (who must be an active administrator). */
CwSession     *cw_session_sign_in_with_recovery_key (const char *database_path,
                                            const char   *username,
                                            const char   *recovery_key,
                                            GError      **error);

/* Reads the database UUID from the key-slot file beside @database_path
 * without any key (for keyring look-ups before sign-in). */
char          *cw_session_peek_database_uuid (const char *database_path,
                                            GError      **error);

const char    *cw_session_get_database_path (CwSession   *self);
const char    *cw_session_get_database_uuid (CwSession   *self);
char          *cw_session_get_organisation (CwSession    *self);
CwStaffMember *cw_session_get_staff_member (CwSession    *self);
CwRoles        cw_session_get_roles        (CwSession    *self);
gboolean       cw_session_can              (CwSession    *self,
                                            CwPermission  permission);
gboolean       cw_session_can_see_section  (CwSession    *self,
                                            CwSection     section);
/* Sets CW_SESSION_ERROR_NOT_PERMITTED with a sentence when not granted. */
gboolean       cw_session_require          (CwSession    *self,
                                            CwPermission  permission,
                                            GError      **error);

/* The unlock key of the signed-in slot, for "Remember on this computer".
 * A copy the caller frees. NULL when locked. */
CwKey         *cw_session_dup_unlock_key   (CwSession    *self);

/* For repositories. NULL when locked. */
CwDatabase    *cw_session_get_database     (CwSession    *self);
CwStaffRepository *cw_session_get_staff_repository (CwSession *self);

/* Lock / unlock / sign out. */
gboolean       cw_session_is_locked        (CwSession    *self);
void           cw_session_lock             (CwSession    *self);
gboolean       cw_session_unlock_with_password (CwSession *self,
                                            const char   *password,
                                            GError      **error);
gboolean       cw_session_unlock_with_unlock_key (CwSession *self,
                                            const CwKey  *unlock_key,
                                            GError      **error);
void           cw_session_sign_out         (CwSession    *self);

/* Step-up: confirms the signed-in person's password again. */
gboolean       cw_session_confirm_password (CwSession    *self,
                                            const char   *password,
                                            GError      **error);

/* The signed-in person's own password (also at first sign-in). */
gboolean       cw_session_change_password  (CwSession    *self,
                                            const char   *old_password,
                                            const char   *new_password,
                                            GError      **error);

/* Administration (administrators only; @admin_password is the step-up). */
CwStaffMember *cw_session_add_staff        (CwSession    *self,
                                            const char   *admin_password,
                                            const char   *username,
                                            const char   *display_name,
                                            const char   *job_title,
                                            CwRoles       roles,
                                            gint64        line_manager_id,
                                            const char   *one_time_password,
                                            GError      **error);
gboolean       cw_session_update_staff     (CwSession    *self,
                                            const char   *admin_password,
                                            gint64        staff_id,
                                            const char   *display_name,
                                            const char   *job_title,
                                            CwRoles       roles,
                                            gint64        line_manager_id,
                                            GError      **error);
/* Deactivation removes the person's key slot. */
gboolean       cw_session_deactivate_staff (CwSession    *self,
                                            const char   *admin_password,
                                            gint64        staff_id,
                                            GError      **error);
gboolean       cw_session_reset_staff_password (CwSession *self,
                                            const char   *admin_password,
                                            gint64        staff_id,
                                            const char   *one_time_password,
                                            GError      **error);
gboolean       cw_session_rotate_key       (CwSession    *self,
                                            const char   *admin_password,
                                            GError      **error);
char          *cw_session_replace_recovery_key (CwSession *self,
                                            const char   *admin_password,
                                            GError      **error);

/* Organisation settings (stored in the database, audited on change).
 * Known keys and defaults: see cw-session.c (organisation-name,
 * gift-threshold-pence, working-day-start, working-day-end,
 * working-days, deadline-urgent-days, deadline-other-days,
 * sign-off-overdue-days, retention-years). */
char          *cw_session_get_setting      (CwSession    *self,
                                            const char   *key);
gboolean       cw_session_set_setting      (CwSession    *self,
                                            const char   *key,
                                            const char   *value,
                                            GError      **error);

/* Audit with the signed-in person as actor. */
gboolean       cw_session_audit            (CwSession    *self,
                                            const char   *action,
                                            const char   *object_type,
                                            const char   *object_id,
                                            const char   *detail,
                                            GError      **error);

G_END_DECLS
