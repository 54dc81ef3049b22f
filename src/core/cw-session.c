/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-session"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cw-audit.h"
#include "cw-database-private.h"
#include "cw-password.h"
#include "cw-session.h"

/*
 * CwSession keeps, while unlocked: the vault (key-slot file), the open
 * database, the master key and the unlock key of the slot the person signed
 * in with. Locking closes the database and frees both keys (CwKey wipes its
 * memory); what stays is who is signed in (username, staff id, a snapshot
 * of their staff row), the organisation's name and the paths, so that the
 * same person can unlock again.
 */

#define ORGANISATION_MAX_CHARS 200
#define DISPLAY_NAME_MAX_CHARS 200
#define JOB_TITLE_MAX_CHARS    200

typedef enum
{
  SIGN_IN_PASSWORD,
  SIGN_IN_UNLOCK_KEY,
  SIGN_IN_RECOVERY_KEY,
} SignInMethod;

struct _CwSession
{
  GObject            parent_instance;

  char              *database_path;
  char              *vault_path;
  char              *database_uuid;
  char              *username;
  char              *organisation;
  gint64             staff_id;
  CwStaffMember     *staff_member;

  CwVault           *vault;
  CwDatabase        *database;          /* NULL when locked */
  CwStaffRepository *staff_repository;  /* NULL when locked */
  CwKey             *master_key;        /* NULL when locked */
  CwKey             *unlock_key;        /* NULL when locked or signed in by recovery key */

  guint              locked : 1;
  guint              signed_out : 1;
  guint              by_recovery_key : 1;
};

enum {
  PROP_0,
  PROP_LOCKED,
  PROP_STAFF_MEMBER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_TYPE (CwSession, cw_session, G_TYPE_OBJECT)

G_DEFINE_QUARK (cw-session-error-quark, cw_session_error)

/* Organisation settings --------------------------------------------------- */

typedef enum
{
  SETTING_TEXT,
  SETTING_INTEGER,
  SETTING_TIME,
  SETTING_DAYS,
  SETTING_BOOLEAN,
} SettingKind;

typedef struct
{
  const char  *key;
  const char  *default_value;
  SettingKind  kind;
  gint64       min;
  gint64       max;
  const char  *label;   /* N_(), the subject of the validation sentence */
} SettingInfo;

static const SettingInfo settings_info[] = {
  { "organisation-name", "", SETTING_TEXT, 1, ORGANISATION_MAX_CHARS,
    N_("The organisation’s name") },
  { "gift-threshold-pence", "2500", SETTING_INTEGER, 0, 10000000,
    N_("The gift value threshold (in pence)") },
  { "gift-repeat-count", "3", SETTING_INTEGER, 2, 100,
    N_("The number of gifts that counts as regular") },
  { "gift-repeat-months", "12", SETTING_INTEGER, 1, 120,
    N_("The period for regular gifts (in months)") },
  { "working-day-start", "08:00", SETTING_TIME, 0, 0,
    N_("The start of the working day") },
  { "working-day-end", "18:00", SETTING_TIME, 0, 0,
    N_("The end of the working day") },
  { "working-days", "1,2,3,4,5", SETTING_DAYS, 0, 0,
    N_("The working days") },
  { "deadline-urgent-days", "1", SETTING_INTEGER, 0, 30,
    N_("The recording deadline for disclosures, concerns and child protection visits "
       "(in working days)") },
  { "deadline-other-days", "3", SETTING_INTEGER, 0, 60,
    N_("The recording deadline for other notes (in working days)") },
  { "sign-off-overdue-days", "5", SETTING_INTEGER, 1, 90,
    N_("The number of days after which a sign-off is overdue") },
  { "dsl-may-cover-sign-off", "true", SETTING_BOOLEAN, 0, 0,
    N_("Whether the DSL may sign off for an absent line manager") },
  { "retention-years", "25", SETTING_INTEGER, 1, 100,
    N_("The retention period (in years)") },
};

static const SettingInfo *
find_setting (const char *key)
{
  if (key == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (settings_info); i++)
    if (strcmp (settings_info[i].key, key) == 0)
      return &settings_info[i];

  return NULL;
}

/* Static helpers ---------------------------------------------------------- */

static void
set_wrong_password_error (GError **error)
{
  /* One sentence for an unknown username and a wrong password alike, so that
   * nobody can find out which usernames exist. */
  g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_WRONG_PASSWORD,
                       _("That username and password do not match."));
}

static void
set_locked_error (CwSession  *self,
                  GError    **error)
{
  if (self->signed_out)
    g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_LOCKED,
                         _("You have signed out. Sign in again to carry on."));
  else
    g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_LOCKED,
                         _("Casework is locked. Unlock it to carry on."));
}

static gboolean
check_unlocked (CwSession  *self,
                GError    **error)
{
  if (self->locked || self->signed_out || self->database == NULL)
    {
      set_locked_error (self, error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
is_wrong_password_error (const GError *error)
{
  return g_error_matches (error, CW_VAULT_ERROR, CW_VAULT_ERROR_WRONG_PASSWORD) ||
         g_error_matches (error, CW_VAULT_ERROR, CW_VAULT_ERROR_NO_SUCH_SLOT);
}

static void
set_vault_not_found_error (const char  *vault_path,
                           GError     **error)
{
  g_autofree char *name = g_path_get_basename (vault_path);

  g_set_error (error, CW_VAULT_ERROR, CW_VAULT_ERROR_NOT_FOUND,
               _("There is no key file (%s) beside this database, so it cannot be opened. "
                 "Put the key file back in the same folder as the database."),
               name);
}

static void
set_mismatch_error (const char  *vault_path,
                    GError     **error)
{
  g_autofree char *name = g_path_get_basename (vault_path);

  g_set_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_MISMATCH,
               _("The key file beside this database (%s) belongs to a different database, "
                 "so the database cannot be opened. Put this database’s own key file "
                 "beside it."),
               name);
}

static CwVault *
load_vault (const char  *database_path,
            GError     **error)
{
  g_autofree char *vault_path = cw_vault_path_for_database (database_path);
  g_autoptr(GError) local_error = NULL;
  CwVault *vault;

  if (!g_file_test (database_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_NOT_FOUND,
                   _("There is no Casework database at “%s”."), database_path);
      return NULL;
    }

  vault = cw_vault_load (vault_path, &local_error);
  if (vault == NULL)
    {
      if (g_error_matches (local_error, CW_VAULT_ERROR, CW_VAULT_ERROR_NOT_FOUND))
        set_vault_not_found_error (vault_path, error);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
    }

  return vault;
}

/* Normalises @text: trimmed, valid UTF-8, not empty and at most @max_chars. */
static char *
normalise_text (const char  *text,
                gsize        max_chars,
                gboolean     may_be_empty,
                const char  *empty_message,
                const char  *too_long_message,
                GError     **error)
{
  g_autofree char *copy = NULL;

  if (text == NULL)
    text = "";

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_INVALID,
                           _("The text contains characters that cannot be read. "
                             "Type it again."));
      return NULL;
    }

  copy = g_strstrip (g_strdup (text));

  if (!may_be_empty && copy[0] == '\0')
    {
      g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_INVALID, empty_message);
      return NULL;
    }

  if (g_utf8_strlen (copy, -1) > (glong) max_chars)
    {
      g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_INVALID, too_long_message);
      return NULL;
    }

  return g_steal_pointer (&copy);
}

static char *
normalise_organisation (const char  *organisation,
                        GError     **error)
{
  return normalise_text (organisation, ORGANISATION_MAX_CHARS, FALSE,
                         _("Enter the organisation’s name."),
                         _("The organisation’s name is too long: use at most 200 characters."),
                         error);
}

static char *
normalise_display_name (const char  *display_name,
                        GError     **error)
{
  return normalise_text (display_name, DISPLAY_NAME_MAX_CHARS, FALSE,
                         _("Enter the person’s full name."),
                         _("The name is too long: use at most 200 characters."),
                         error);
}

static char *
normalise_job_title (const char  *job_title,
                     GError     **error)
{
  return normalise_text (job_title, JOB_TITLE_MAX_CHARS, TRUE, NULL,
                         _("The job title is too long: use at most 200 characters."),
                         error);
}

static gboolean
check_roles (CwRoles   roles,
             GError  **error)
{
  if ((roles & ~CW_ROLES_ALL) != 0)
    {
      g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_INVALID,
                           _("One of the chosen roles is not known to Casework."));
      return FALSE;
    }

  if (roles == CW_ROLE_NONE)
    {
      g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_INVALID,
                           _("Choose at least one role."));
      return FALSE;
    }

  return TRUE;
}

static void
remove_database_files (const char *database_path)
{
  static const char *const suffixes[] = { "", "-wal", "-shm", "-journal", ".keys" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (database_path, suffixes[i], NULL);

      g_unlink (path);
    }
}

/* Drops everything that needs the database open and wipes the keys. */
static void
close_everything (CwSession *self)
{
  g_clear_object (&self->staff_repository);
  if (self->database != NULL)
    cw_database_close (self->database);
  g_clear_object (&self->database);
  g_clear_pointer (&self->master_key, cw_key_free);
  g_clear_pointer (&self->unlock_key, cw_key_free);
}

static void
set_locked (CwSession *self,
            gboolean   locked)
{
  if (self->locked == !!locked)
    return;

  self->locked = !!locked;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
}

static void
set_staff_member (CwSession     *self,
                  CwStaffMember *member)
{
  if (self->staff_member == member)
    return;

  g_set_object (&self->staff_member, member);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAFF_MEMBER]);
}

static gboolean
audit_as (CwSession   *self,
          const char  *action,
          const char  *object_type,
          const char  *object_id,
          const char  *detail,
          GError     **error)
{
  return cw_audit_append (self->database, self->staff_id, self->username, action,
                          object_type != NULL ? object_type : "",
                          object_id != NULL ? object_id : "",
                          detail != NULL ? detail : "", error);
}

static char *
staff_object_id (gint64 id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

/*
 * Opens the database with @master_key. When the database refuses it and the
 * vault holds a pending rotation (the process stopped between PRAGMA rekey
 * and writing the key file), the pending key is tried and the rotation
 * finished. *master_key_inout is replaced with the key that worked. Checks
 * that the key file and the database belong together.
 */
static CwDatabase *
open_database (CwVault      *vault,
               const char   *database_path,
               const char   *slot_username,
               const CwKey  *unlock_key,
               CwKey       **master_key_inout,
               GError      **error)
{
  g_autoptr(CwDatabase) database = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *uuid = NULL;

  database = cw_database_open (database_path, *master_key_inout, &local_error);

  if (database == NULL &&
      g_error_matches (local_error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_WRONG_KEY))
    {
      g_autoptr(GError) pending_error = NULL;
      g_autoptr(CwKey) pending = NULL;

      pending = cw_vault_open_pending_master_key (vault, slot_username, unlock_key,
                                                  &pending_error);
      if (pending == NULL)
        {
          if (pending_error != NULL)
            g_debug ("No usable pending key: %s", pending_error->message);
          set_mismatch_error (cw_vault_get_path (vault), error);
          return NULL;
        }

      g_clear_error (&local_error);
      database = cw_database_open (database_path, pending, &local_error);
      if (database == NULL)
        {
          if (g_error_matches (local_error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_WRONG_KEY))
            set_mismatch_error (cw_vault_get_path (vault), error);
          else
            g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      /* The rekey had happened; make the new key the current one. If this
       * fails the next sign-in does it again, so it is not fatal. */
      if (!cw_vault_finish_rotation (vault, &local_error))
        g_warning ("Could not finish an interrupted key rotation: %s", local_error->message);

      cw_key_free (*master_key_inout);
      *master_key_inout = g_steal_pointer (&pending);
    }
  else if (database == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  uuid = cw_database_get_meta (database, "database-uuid");
  if (g_strcmp0 (uuid, cw_vault_get_database_uuid (vault)) != 0)
    {
      cw_database_close (database);
      set_mismatch_error (cw_vault_get_path (vault), error);
      return NULL;
    }

  return g_steal_pointer (&database);
}

/* Writes the failed sign-ins kept in the vault into the audit log; call
 * inside a transaction. */
static gboolean
write_failed_attempts (CwSession  *self,
                       GError    **error)
{
  g_autoptr(GPtrArray) attempts = NULL;
  g_autoptr(GHashTable) by_slot = NULL;
  g_autoptr(GListModel) staff = NULL;
  g_autoptr(GError) local_error = NULL;
  guint n_staff;

  attempts = cw_vault_take_failed_attempts (self->vault, &local_error);
  if (attempts == NULL)
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return TRUE;
    }

  if (attempts->len == 0)
    return TRUE;

  by_slot = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  staff = cw_staff_repository_list (self->staff_repository);
  n_staff = g_list_model_get_n_items (staff);
  for (guint i = 0; i < n_staff; i++)
    {
      g_autoptr(CwStaffMember) member = g_list_model_get_item (staff, i);
      char *slot_id;

      if (member == NULL)
        continue;

      slot_id = cw_vault_slot_id_for_username (self->vault,
                                               cw_staff_member_get_username (member));
      if (slot_id != NULL)
        g_hash_table_replace (by_slot, slot_id, g_object_ref (member));
    }

  for (guint i = 0; i < attempts->len; i++)
    {
      CwFailedAttempt *attempt = g_ptr_array_index (attempts, i);
      CwStaffMember *member = NULL;
      g_autofree char *object_id = NULL;

      if (attempt->slot_id != NULL)
        member = g_hash_table_lookup (by_slot, attempt->slot_id);

      if (member != NULL)
        {
          object_id = staff_object_id (cw_staff_member_get_id (member));
          if (!cw_audit_append_at (self->database, attempt->when,
                                   cw_staff_member_get_id (member),
                                   cw_staff_member_get_username (member),
                                   "sign-in-failed", "staff", object_id,
                                   _("wrong password"), error))
            return FALSE;
        }
      else if (!cw_audit_append_at (self->database, attempt->when, 0, "",
                                    "sign-in-failed", "", "",
                                    _("unknown username"), error))
        return FALSE;
    }

  return TRUE;
}

static const char *
describe_method (SignInMethod method)
{
  switch (method)
    {
    case SIGN_IN_PASSWORD:
      return _("password");
    case SIGN_IN_UNLOCK_KEY:
      return _("remembered on this computer");
    case SIGN_IN_RECOVERY_KEY:
      return _("recovery key");
    default:
      g_assert_not_reached ();
    }
}

/* Records the sign-in (or unlock) and any failed attempts before it. */
static gboolean
audit_arrival (CwSession     *self,
               const char    *action,
               SignInMethod   method,
               GError       **error)
{
  g_autofree char *object_id = staff_object_id (self->staff_id);

  if (!cw_database_begin (self->database, error))
    return FALSE;

  if (!write_failed_attempts (self, error) ||
      !audit_as (self, action, "staff", object_id, describe_method (method), error) ||
      !cw_database_commit (self->database, error))
    {
      cw_database_rollback (self->database);
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  CwDatabase        *database;
  CwStaffRepository *staff_repository;
  CwStaffMember     *staff_member;
  CwKey             *master_key;
  CwKey             *unlock_key;
} Opened;

static void
opened_clear (Opened *opened)
{
  g_clear_object (&opened->staff_repository);
  g_clear_object (&opened->staff_member);
  if (opened->database != NULL)
    cw_database_close (opened->database);
  g_clear_object (&opened->database);
  g_clear_pointer (&opened->master_key, cw_key_free);
  g_clear_pointer (&opened->unlock_key, cw_key_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Opened, opened_clear)

/*
 * The steps every sign-in and unlock share: unlock key (from the password,
 * the keyring or the recovery key), master key, database, staff row. Never
 * creates anything. @username is already normalised.
 */
static gboolean
open_as (CwVault      *vault,
         const char   *database_path,
         const char   *username,
         SignInMethod  method,
         const char   *secret_text,
         const CwKey  *unlock_key_in,
         Opened       *out,
         GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *slot_username = method == SIGN_IN_RECOVERY_KEY ? NULL : username;

  switch (method)
    {
    case SIGN_IN_PASSWORD:
      out->unlock_key = cw_vault_derive_unlock_key (vault, username, secret_text, &local_error);
      if (out->unlock_key == NULL)
        {
          if (is_wrong_password_error (local_error))
            {
              g_autoptr(GError) record_error = NULL;

              if (!cw_vault_record_failed_attempt (vault, username, &record_error))
                g_warning ("Could not record a failed sign-in: %s", record_error->message);
              set_wrong_password_error (error);
            }
          else
            g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      break;

    case SIGN_IN_UNLOCK_KEY:
      out->unlock_key = cw_key_copy (unlock_key_in);
      break;

    case SIGN_IN_RECOVERY_KEY:
      out->unlock_key = cw_vault_derive_recovery_unlock_key (vault, secret_text, &local_error);
      if (out->unlock_key == NULL)
        {
          if (g_error_matches (local_error, CW_VAULT_ERROR, CW_VAULT_ERROR_WRONG_RECOVERY_KEY))
            {
              g_autoptr(GError) record_error = NULL;

              if (!cw_vault_record_failed_attempt (vault, username, &record_error))
                g_warning ("Could not record a failed sign-in: %s", record_error->message);
            }
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      break;

    default:
      g_assert_not_reached ();
    }

  out->master_key = cw_vault_open_master_key (vault, slot_username, out->unlock_key, error);
  if (out->master_key == NULL)
    return FALSE;

  out->database = open_database (vault, database_path, slot_username, out->unlock_key,
                                 &out->master_key, error);
  if (out->database == NULL)
    return FALSE;

  out->staff_repository = cw_staff_repository_new (out->database);
  out->staff_member = cw_staff_repository_lookup_by_username (out->staff_repository, username,
                                                              &local_error);
  if (out->staff_member == NULL)
    {
      if (g_error_matches (local_error, CW_STAFF_ERROR, CW_STAFF_ERROR_NOT_FOUND))
        {
          if (method == SIGN_IN_RECOVERY_KEY)
            g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED,
                                 _("Only an active administrator can sign in with the "
                                   "recovery key. Enter an administrator’s username."));
          else
            g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_FAILED,
                                 _("This database has no staff account for that username. "
                                   "Ask an administrator to check your account."));
        }
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!cw_staff_member_get_active (out->staff_member))
    {
      g_autofree char *object_id = staff_object_id (cw_staff_member_get_id (out->staff_member));

      if (!cw_audit_append (out->database, cw_staff_member_get_id (out->staff_member),
                            cw_staff_member_get_username (out->staff_member),
                            "sign-in-failed", "staff", object_id,
                            _("account deactivated"), &local_error))
        g_warning ("Could not record a refused sign-in: %s", local_error->message);

      g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_ACCOUNT_INACTIVE,
                           _("This account has been deactivated. Ask an administrator "
                             "if you need to use Casework again."));
      return FALSE;
    }

  if (method == SIGN_IN_RECOVERY_KEY &&
      !cw_permission_granted (cw_staff_member_get_roles (out->staff_member),
                              CW_PERMISSION_MANAGE_STAFF))
    {
      g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED,
                           _("Only an active administrator can sign in with the "
                             "recovery key. Enter an administrator’s username."));
      return FALSE;
    }

  return TRUE;
}

static CwSession *
sign_in (const char    *database_path,
         const char    *username,
         SignInMethod   method,
         const char    *secret_text,
         const CwKey   *unlock_key,
         GError       **error)
{
  g_autoptr(CwVault) vault = NULL;
  g_autoptr(CwSession) self = NULL;
  g_autofree char *normalised = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(Opened) opened = { 0 };
  char *organisation;

  g_return_val_if_fail (database_path != NULL, NULL);

  vault = load_vault (database_path, error);
  if (vault == NULL)
    return NULL;

  normalised = cw_staff_normalise_username (username != NULL ? username : "", &local_error);
  if (normalised == NULL)
    {
      switch (method)
        {
        case SIGN_IN_PASSWORD:
          {
            g_autoptr(GError) record_error = NULL;

            if (!cw_vault_record_failed_attempt (vault, username != NULL ? username : "",
                                                 &record_error))
              g_warning ("Could not record a failed sign-in: %s", record_error->message);
            set_wrong_password_error (error);
          }
          break;

        case SIGN_IN_UNLOCK_KEY:
          g_set_error_literal (error, CW_VAULT_ERROR, CW_VAULT_ERROR_NO_SUCH_SLOT,
                               _("Nobody with that username can open this database."));
          break;

        case SIGN_IN_RECOVERY_KEY:
        default:
          g_propagate_error (error, g_steal_pointer (&local_error));
          break;
        }
      return NULL;
    }

  if (!open_as (vault, database_path, normalised, method, secret_text, unlock_key,
                &opened, error))
    return NULL;

  self = g_object_new (CW_TYPE_SESSION, NULL);
  self->database_path = g_strdup (database_path);
  self->vault_path = g_strdup (cw_vault_get_path (vault));
  self->database_uuid = g_strdup (cw_vault_get_database_uuid (vault));
  self->username = g_steal_pointer (&normalised);
  self->vault = g_steal_pointer (&vault);
  self->database = g_steal_pointer (&opened.database);
  self->staff_repository = g_steal_pointer (&opened.staff_repository);
  self->staff_member = g_steal_pointer (&opened.staff_member);
  self->staff_id = cw_staff_member_get_id (self->staff_member);
  self->master_key = g_steal_pointer (&opened.master_key);
  self->by_recovery_key = method == SIGN_IN_RECOVERY_KEY;
  if (self->by_recovery_key)
    g_clear_pointer (&opened.unlock_key, cw_key_free);
  else
    self->unlock_key = g_steal_pointer (&opened.unlock_key);

  organisation = cw_database_get_meta (self->database, "organisation-name");
  self->organisation = organisation != NULL ? organisation : g_strdup ("");
  self->locked = FALSE;

  if (!audit_arrival (self, "sign-in", method, error))
    {
      close_everything (self);
      self->signed_out = TRUE;
      self->locked = TRUE;
      return NULL;
    }

  return g_steal_pointer (&self);
}

static gboolean
unlock (CwSession    *self,
        SignInMethod  method,
        const char   *password,
        const CwKey  *unlock_key,
        GError      **error)
{
  g_auto(Opened) opened = { 0 };
  g_autoptr(CwVault) vault = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CW_IS_SESSION (self), FALSE);

  if (self->signed_out)
    {
      set_locked_error (self, error);
      return FALSE;
    }

  if (!self->locked)
    return TRUE;

  /* Read the key file again: it may have changed while locked (a password
   * change elsewhere, a failed attempt recorded by casework --verify), and
   * writing from a stale copy would undo that. */
  vault = cw_vault_load (self->vault_path, &local_error);
  if (vault == NULL)
    {
      if (g_error_matches (local_error, CW_VAULT_ERROR, CW_VAULT_ERROR_NOT_FOUND))
        set_vault_not_found_error (self->vault_path, error);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (g_strcmp0 (cw_vault_get_database_uuid (vault), self->database_uuid) != 0)
    {
      set_mismatch_error (self->vault_path, error);
      return FALSE;
    }

  g_set_object (&self->vault, vault);

  if (!open_as (self->vault, self->database_path, self->username, method, password,
                unlock_key, &opened, error))
    return FALSE;

  if (cw_staff_member_get_id (opened.staff_member) != self->staff_id)
    {
      g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_MISMATCH,
                           _("The staff account on this database has changed since Casework "
                             "was locked. Sign in again."));
      return FALSE;
    }

  self->database = g_steal_pointer (&opened.database);
  self->staff_repository = g_steal_pointer (&opened.staff_repository);
  self->master_key = g_steal_pointer (&opened.master_key);
  self->unlock_key = g_steal_pointer (&opened.unlock_key);
  self->by_recovery_key = FALSE;

  if (!audit_arrival (self, "unlock", method, error))
    {
      close_everything (self);
      return FALSE;
    }

  set_staff_member (self, opened.staff_member);
  set_locked (self, FALSE);

  return TRUE;
}

/* Re-reads the signed-in person's staff row after a change. */
static void
refresh_staff_member (CwSession *self)
{
  g_autoptr(CwStaffMember) member = NULL;
  g_autoptr(GError) local_error = NULL;

  member = cw_staff_repository_lookup_by_id (self->staff_repository, self->staff_id,
                                             &local_error);
  if (member != NULL)
    set_staff_member (self, member);
  else
    g_warning ("Could not re-read the signed-in staff account: %s", local_error->message);
}

/* The administrator's checks for every staff and key change. */
static gboolean
require_with_step_up (CwSession    *self,
                      CwPermission  permission,
                      const char   *admin_password,
                      GError      **error)
{
  return cw_session_require (self, permission, error) &&
         cw_session_confirm_password (self, admin_password, error);
}

static char *
describe_line_manager (CwSession *self,
                       gint64     id)
{
  g_autoptr(CwStaffMember) manager = NULL;

  if (id <= 0)
    return g_strdup (_("none"));

  manager = cw_staff_repository_lookup_by_id (self->staff_repository, id, NULL);
  if (manager == NULL)
    return g_strdup_printf ("#%" G_GINT64_FORMAT, id);

  return g_strdup_printf ("%s (%s)", cw_staff_member_get_display_name (manager),
                          cw_staff_member_get_username (manager));
}

static char *
describe_roles (CwRoles roles)
{
  if (roles == CW_ROLE_NONE)
    return g_strdup (_("none"));

  return cw_roles_to_string (roles);
}

static char *
describe_staff_change (CwSession     *self,
                       CwStaffMember *before,
                       const char    *display_name,
                       const char    *job_title,
                       CwRoles        roles,
                       gint64         line_manager_id)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (g_strcmp0 (cw_staff_member_get_display_name (before), display_name) != 0)
    g_ptr_array_add (parts, g_strdup_printf (_("name: %s → %s"),
                                             cw_staff_member_get_display_name (before),
                                             display_name));

  if (g_strcmp0 (cw_staff_member_get_job_title (before), job_title) != 0)
    g_ptr_array_add (parts, g_strdup_printf (_("job title: %s → %s"),
                                             cw_staff_member_get_job_title (before),
                                             job_title));

  if (cw_staff_member_get_roles (before) != roles)
    {
      g_autofree char *old_roles = describe_roles (cw_staff_member_get_roles (before));
      g_autofree char *new_roles = describe_roles (roles);

      g_ptr_array_add (parts, g_strdup_printf (_("roles: %s → %s"), old_roles, new_roles));
    }

  if (MAX (cw_staff_member_get_line_manager_id (before), 0) != MAX (line_manager_id, 0))
    {
      g_autofree char *old_manager =
        describe_line_manager (self, cw_staff_member_get_line_manager_id (before));
      g_autofree char *new_manager = describe_line_manager (self, line_manager_id);

      g_ptr_array_add (parts, g_strdup_printf (_("line manager: %s → %s"),
                                               old_manager, new_manager));
    }

  if (parts->len == 0)
    return NULL;

  g_ptr_array_add (parts, NULL);
  return g_strjoinv ("; ", (char **) parts->pdata);
}

/* Reads a setting's stored value, or NULL when it has never been set. */
static char *
read_setting (CwSession   *self,
              const char  *key)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (strcmp (key, "organisation-name") == 0)
    return cw_database_get_meta (self->database, "organisation-name");

  stmt = cw_database_prepare (self->database, "SELECT value FROM settings WHERE key = ?1", NULL);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static gboolean
write_setting (CwSession   *self,
               const char  *key,
               const char  *value,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (strcmp (key, "organisation-name") == 0)
    return cw_database_set_meta (self->database, "organisation-name", value, error);

  stmt = cw_database_prepare (self->database,
                              "INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)",
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);

  return cw_database_step_done (self->database, stmt, error);
}

static gboolean
parse_integer (const char *text,
               gint64      min,
               gint64      max,
               gint64     *out)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  guint64 value = 0;

  /* Digits only: no sign, no spaces inside, no hex. */
  for (const char *p = copy; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;

  if (copy[0] == '\0' || strlen (copy) > 12)
    return FALSE;

  if (!g_ascii_string_to_unsigned (copy, 10, 0, G_MAXINT64, &value, NULL))
    return FALSE;

  if ((gint64) value < min || (gint64) value > max)
    return FALSE;

  *out = (gint64) value;
  return TRUE;
}

/* "H:MM" or "HH:MM" → minutes after midnight. */
static gboolean
parse_time (const char *text,
            int        *minutes_out)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  const char *colon = strchr (copy, ':');
  gsize hour_len;
  int hour = 0, minute = 0;

  if (colon == NULL)
    return FALSE;

  hour_len = colon - copy;
  if (hour_len < 1 || hour_len > 2 || strlen (colon + 1) != 2)
    return FALSE;

  for (gsize i = 0; i < hour_len; i++)
    {
      if (!g_ascii_isdigit (copy[i]))
        return FALSE;
      hour = hour * 10 + (copy[i] - '0');
    }
  for (const char *p = colon + 1; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      minute = minute * 10 + (*p - '0');
    }

  if (hour > 23 || minute > 59)
    return FALSE;

  *minutes_out = hour * 60 + minute;
  return TRUE;
}

/* "1,2,3,4,5" (ISO weekdays, Monday = 1) → the set as bits, 1 << day. */
static gboolean
parse_days (const char *text,
            guint      *days_out)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  guint days = 0;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *part = g_strstrip (g_strdup (parts[i]));

      if (strlen (part) != 1 || part[0] < '1' || part[0] > '7')
        return FALSE;
      if ((days & (1u << (part[0] - '0'))) != 0)
        return FALSE;
      days |= 1u << (part[0] - '0');
    }

  if (days == 0)
    return FALSE;

  *days_out = days;
  return TRUE;
}

static char *
current_setting (CwSession  *self,
                 const char *key)
{
  return cw_session_get_setting (self, key);
}

/* Checks and normalises a setting's new value; sentences say what is wrong. */
static char *
validate_setting (CwSession          *self,
                  const SettingInfo  *info,
                  const char         *value,
                  GError            **error)
{
  if (value == NULL || !g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_INVALID,
                   _("%s contains characters that cannot be read."), _(info->label));
      return NULL;
    }

  switch (info->kind)
    {
    case SETTING_TEXT:
      return normalise_organisation (value, error);

    case SETTING_INTEGER:
      {
        gint64 number = 0;

        if (!parse_integer (value, info->min, info->max, &number))
          {
            g_set_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_INVALID,
                         _("%s must be a whole number from %lld to %lld."),
                         _(info->label), (long long) info->min, (long long) info->max);
            return NULL;
          }

        if (strcmp (info->key, "deadline-urgent-days") == 0 ||
            strcmp (info->key, "deadline-other-days") == 0)
          {
            gboolean urgent = strcmp (info->key, "deadline-urgent-days") == 0;
            g_autofree char *other_text =
              current_setting (self, urgent ? "deadline-other-days" : "deadline-urgent-days");
            gint64 other = other_text != NULL ? g_ascii_strtoll (other_text, NULL, 10) : 0;

            if ((urgent && number > other) || (!urgent && number < other))
              {
                g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_INVALID,
                                     _("The deadline for disclosures, concerns and child "
                                       "protection visits cannot be longer than the deadline "
                                       "for other notes."));
                return NULL;
              }
          }

        return g_strdup_printf ("%" G_GINT64_FORMAT, number);
      }

    case SETTING_TIME:
      {
        gboolean is_start = strcmp (info->key, "working-day-start") == 0;
        g_autofree char *other_text = NULL;
        int minutes = 0, other = 0;

        if (!parse_time (value, &minutes))
          {
            g_set_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_INVALID,
                         _("%s must be a time of day written as hours and minutes, "
                           "such as 08:30."), _(info->label));
            return NULL;
          }

        other_text = current_setting (self, is_start ? "working-day-end" : "working-day-start");
        if (other_text != NULL && parse_time (other_text, &other) &&
            ((is_start && minutes >= other) || (!is_start && minutes <= other)))
          {
            g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_INVALID,
                                 _("The working day must start before it ends."));
            return NULL;
          }

        return g_strdup_printf ("%02d:%02d", minutes / 60, minutes % 60);
      }

    case SETTING_DAYS:
      {
        g_autoptr(GString) normalised = g_string_new (NULL);
        guint days = 0;

        if (!parse_days (value, &days))
          {
            g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_INVALID,
                                 _("Choose at least one working day, each day once."));
            return NULL;
          }

        for (guint day = 1; day <= 7; day++)
          if ((days & (1u << day)) != 0)
            g_string_append_printf (normalised, "%s%u", normalised->len > 0 ? "," : "", day);

        return g_string_free (g_steal_pointer (&normalised), FALSE);
      }

    case SETTING_BOOLEAN:
      {
        g_autofree char *copy = g_strstrip (g_strdup (value));

        if (g_ascii_strcasecmp (copy, "true") == 0)
          return g_strdup ("true");
        if (g_ascii_strcasecmp (copy, "false") == 0)
          return g_strdup ("false");

        g_set_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_INVALID,
                     _("%s must be either “true” or “false”."), _(info->label));
        return NULL;
      }

    default:
      g_assert_not_reached ();
    }
}

/* Overrides --------------------------------------------------------------- */

static void
cw_session_dispose (GObject *object)
{
  CwSession *self = CW_SESSION (object);

  close_everything (self);
  g_clear_object (&self->vault);
  g_clear_object (&self->staff_member);

  G_OBJECT_CLASS (cw_session_parent_class)->dispose (object);
}

static void
cw_session_finalize (GObject *object)
{
  CwSession *self = CW_SESSION (object);

  g_clear_pointer (&self->database_path, g_free);
  g_clear_pointer (&self->vault_path, g_free);
  g_clear_pointer (&self->database_uuid, g_free);
  cw_secure_wipe_string (self->username);
  g_clear_pointer (&self->username, g_free);
  cw_secure_wipe_string (self->organisation);
  g_clear_pointer (&self->organisation, g_free);

  G_OBJECT_CLASS (cw_session_parent_class)->finalize (object);
}

static void
cw_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CwSession *self = CW_SESSION (object);

  switch (prop_id)
    {
    case PROP_LOCKED:
      g_value_set_boolean (value, self->locked);
      break;

    case PROP_STAFF_MEMBER:
      g_value_set_object (value, self->staff_member);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cw_session_class_init (CwSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cw_session_dispose;
  object_class->finalize = cw_session_finalize;
  object_class->get_property = cw_session_get_property;

  properties[PROP_LOCKED] =
    g_param_spec_boolean ("locked", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_STAFF_MEMBER] =
    g_param_spec_object ("staff-member", NULL, NULL, CW_TYPE_STAFF_MEMBER,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cw_session_init (CwSession *self)
{
  self->locked = TRUE;
}

/* Public functions -------------------------------------------------------- */

/*
 * cw_session_create_database:
 *
 * Sets up a new database: a fresh random master key, NAME.db keyed with it,
 * NAME.db.keys with a recovery slot and the administrator's password slot,
 * the first administrator's staff row and the organisation's name, then
 * audits "setup" and "sign-in". If any step fails the files it made are
 * removed, so that a second attempt starts clean. Refuses (without touching
 * anything) when a database or key file is already at that path.
 */
CwSession *
cw_session_create_database (const char  *database_path,
                            const char  *organisation,
                            const char  *admin_username,
                            const char  *admin_display_name,
                            const char  *password,
                            char       **recovery_key_out,
                            GError     **error)
{
  static const char *const suffixes[] = { "", "-wal", "-shm", "-journal", ".keys" };
  g_autofree char *vault_path = NULL;
  g_autofree char *org = NULL;
  g_autofree char *username = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *recovery_key = NULL;
  g_autofree char *staff_id_text = NULL;
  g_autoptr(CwKey) master_key = NULL;
  g_autoptr(CwKey) unlock_key = NULL;
  g_autoptr(CwDatabase) database = NULL;
  g_autoptr(CwVault) vault = NULL;
  g_autoptr(CwStaffRepository) staff_repository = NULL;
  g_autoptr(CwStaffMember) admin = NULL;
  g_autoptr(CwSession) self = NULL;
  gboolean in_transaction = FALSE;

  g_return_val_if_fail (database_path != NULL, NULL);

  if (recovery_key_out != NULL)
    *recovery_key_out = NULL;

  vault_path = cw_vault_path_for_database (database_path);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (database_path, suffixes[i], NULL);

      if (g_file_test (path, G_FILE_TEST_EXISTS) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        {
          g_set_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_EXISTS,
                       _("There is already a file at “%s”. Casework will not replace it: "
                         "choose another name or folder for the new database."),
                       path);
          return NULL;
        }
    }

  org = normalise_organisation (organisation, error);
  if (org == NULL)
    return NULL;

  username = cw_staff_normalise_username (admin_username != NULL ? admin_username : "", error);
  if (username == NULL)
    return NULL;

  display_name = normalise_display_name (admin_display_name, error);
  if (display_name == NULL)
    return NULL;

  if (!cw_password_acceptable (password, username, display_name, error))
    return NULL;

  parent = g_path_get_dirname (database_path);
  if (g_mkdir_with_parents (parent, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Casework could not make the folder “%s”: %s."),
                   parent, g_strerror (saved_errno));
      return NULL;
    }

  master_key = cw_key_new_random ();
  if (master_key == NULL)
    {
      g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_FAILED,
                           _("Casework could not make a new key: the computer is short of "
                             "secure memory."));
      return NULL;
    }

  /* From here on every failure removes what was made. */
  database = cw_database_create (database_path, master_key, error);
  if (database == NULL)
    goto failed;

  vault = cw_vault_create (vault_path, cw_database_get_uuid (database), master_key,
                           &recovery_key, error);
  if (vault == NULL)
    goto failed;

  staff_repository = cw_staff_repository_new (database);

  if (!cw_database_begin (database, error))
    goto failed;
  in_transaction = TRUE;

  admin = cw_staff_repository_insert (staff_repository, username, display_name, "",
                                      CW_ROLE_ADMINISTRATOR, 0, FALSE, error);
  if (admin == NULL)
    goto failed;

  if (!cw_vault_add_password_slot (vault, master_key, username, password, error))
    goto failed;

  if (!cw_database_set_meta (database, "organisation-name", org, error))
    goto failed;

  staff_id_text = staff_object_id (cw_staff_member_get_id (admin));
  if (!cw_audit_append (database, cw_staff_member_get_id (admin), username, "setup",
                        "organisation", "", org, error))
    goto failed;

  if (!cw_database_commit (database, error))
    goto failed;
  in_transaction = FALSE;

  /* The unlock key of the new slot, for "Remember on this computer". */
  unlock_key = cw_vault_derive_unlock_key (vault, username, password, error);
  if (unlock_key == NULL)
    goto failed;

  self = g_object_new (CW_TYPE_SESSION, NULL);
  self->database_path = g_strdup (database_path);
  self->vault_path = g_strdup (vault_path);
  self->database_uuid = g_strdup (cw_vault_get_database_uuid (vault));
  self->username = g_strdup (username);
  self->organisation = g_strdup (org);
  self->staff_id = cw_staff_member_get_id (admin);
  self->staff_member = g_object_ref (admin);
  self->vault = g_object_ref (vault);
  self->database = g_object_ref (database);
  self->staff_repository = g_object_ref (staff_repository);
  self->master_key = g_steal_pointer (&master_key);
  self->unlock_key = g_steal_pointer (&unlock_key);
  self->locked = FALSE;

  if (!audit_as (self, "sign-in", "staff", staff_id_text, describe_method (SIGN_IN_PASSWORD),
                 error))
    goto failed;

  if (recovery_key_out != NULL)
    *recovery_key_out = g_steal_pointer (&recovery_key);

  return g_steal_pointer (&self);

failed:
  if (in_transaction)
    cw_database_rollback (database);
  if (self != NULL)
    {
      close_everything (self);
      self->signed_out = TRUE;
      g_clear_object (&self);
    }
  g_clear_object (&staff_repository);
  if (database != NULL)
    cw_database_close (database);
  g_clear_object (&database);
  g_clear_object (&vault);
  cw_secure_wipe_string (recovery_key);
  remove_database_files (database_path);
  return NULL;
}

CwSession *
cw_session_sign_in_with_password (const char  *database_path,
                                  const char  *username,
                                  const char  *password,
                                  GError     **error)
{
  g_return_val_if_fail (database_path != NULL, NULL);

  return sign_in (database_path, username, SIGN_IN_PASSWORD,
                  password != NULL ? password : "", NULL, error);
}

CwSession *
cw_session_sign_in_with_unlock_key (const char   *database_path,
                                    const char   *username,
                                    const CwKey  *unlock_key,
                                    GError      **error)
{
  g_return_val_if_fail (database_path != NULL, NULL);
  g_return_val_if_fail (unlock_key != NULL, NULL);

  return sign_in (database_path, username, SIGN_IN_UNLOCK_KEY, NULL, unlock_key, error);
}

CwSession *
cw_session_sign_in_with_recovery_key (const char  *database_path,
                                      const char  *username,
                                      const char  *recovery_key,
                                      GError     **error)
{
  g_return_val_if_fail (database_path != NULL, NULL);

  return sign_in (database_path, username, SIGN_IN_RECOVERY_KEY,
                  recovery_key != NULL ? recovery_key : "", NULL, error);
}

char *
cw_session_peek_database_uuid (const char  *database_path,
                               GError     **error)
{
  g_autoptr(CwVault) vault = NULL;

  g_return_val_if_fail (database_path != NULL, NULL);

  vault = load_vault (database_path, error);
  if (vault == NULL)
    return NULL;

  return g_strdup (cw_vault_get_database_uuid (vault));
}

const char *
cw_session_get_database_path (CwSession *self)
{
  g_return_val_if_fail (CW_IS_SESSION (self), NULL);

  return self->database_path;
}

const char *
cw_session_get_database_uuid (CwSession *self)
{
  g_return_val_if_fail (CW_IS_SESSION (self), NULL);

  return self->database_uuid;
}

char *
cw_session_get_organisation (CwSession *self)
{
  g_return_val_if_fail (CW_IS_SESSION (self), NULL);

  return g_strdup (self->organisation != NULL ? self->organisation : "");
}

CwStaffMember *
cw_session_get_staff_member (CwSession *self)
{
  g_return_val_if_fail (CW_IS_SESSION (self), NULL);

  return self->staff_member;
}

CwRoles
cw_session_get_roles (CwSession *self)
{
  g_return_val_if_fail (CW_IS_SESSION (self), CW_ROLE_NONE);

  if (self->staff_member == NULL || self->signed_out)
    return CW_ROLE_NONE;

  return cw_staff_member_get_roles (self->staff_member);
}

/* FALSE while locked: nothing may be done then. */
gboolean
cw_session_can (CwSession    *self,
                CwPermission  permission)
{
  g_return_val_if_fail (CW_IS_SESSION (self), FALSE);

  if (self->locked || self->signed_out)
    return FALSE;

  return cw_permission_granted (cw_session_get_roles (self), permission);
}

gboolean
cw_session_can_see_section (CwSession *self,
                            CwSection  section)
{
  g_return_val_if_fail (CW_IS_SESSION (self), FALSE);

  if (self->locked || self->signed_out)
    return FALSE;

  return cw_section_visible (cw_session_get_roles (self), section);
}

gboolean
cw_session_require (CwSession     *self,
                    CwPermission   permission,
                    GError       **error)
{
  const char *message;

  g_return_val_if_fail (CW_IS_SESSION (self), FALSE);

  if (!check_unlocked (self, error))
    return FALSE;

  if (cw_permission_granted (cw_session_get_roles (self), permission))
    return TRUE;

  switch (permission)
    {
    case CW_PERMISSION_MANAGE_STAFF:
      message = _("Only an administrator can add or change staff accounts.");
      break;
    case CW_PERMISSION_EDIT_SETTINGS:
      message = _("Only an administrator can change the organisation’s settings.");
      break;
    case CW_PERMISSION_ROTATE_KEY:
      message = _("Only an administrator can change the database’s keys.");
      break;
    case CW_PERMISSION_VIEW_AUDIT:
      message = _("Only the Designated Safeguarding Lead or an administrator can see the "
                  "audit log.");
      break;
    default:
      message = _("Your roles do not allow this. Ask an administrator if you need it.");
      break;
    }

  g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED, message);
  return FALSE;
}

CwKey *
cw_session_dup_unlock_key (CwSession *self)
{
  g_return_val_if_fail (CW_IS_SESSION (self), NULL);

  if (self->locked || self->unlock_key == NULL)
    return NULL;

  return cw_key_copy (self->unlock_key);
}

CwDatabase *
cw_session_get_database (CwSession *self)
{
  g_return_val_if_fail (CW_IS_SESSION (self), NULL);

  return self->locked ? NULL : self->database;
}

CwStaffRepository *
cw_session_get_staff_repository (CwSession *self)
{
  g_return_val_if_fail (CW_IS_SESSION (self), NULL);

  return self->locked ? NULL : self->staff_repository;
}

gboolean
cw_session_is_locked (CwSession *self)
{
  g_return_val_if_fail (CW_IS_SESSION (self), TRUE);

  return self->locked;
}

/*
 * cw_session_lock:
 *
 * Audits "lock", closes the database and wipes the master and unlock keys.
 * Only the same person can unlock again.
 */
void
cw_session_lock (CwSession *self)
{
  g_autoptr(GError) local_error = NULL;

  g_return_if_fail (CW_IS_SESSION (self));

  if (self->locked || self->signed_out)
    return;

  if (!audit_as (self, "lock", "", "", "", &local_error))
    g_warning ("Could not record locking in the audit log: %s", local_error->message);

  close_everything (self);
  set_locked (self, TRUE);
}

gboolean
cw_session_unlock_with_password (CwSession   *self,
                                 const char  *password,
                                 GError     **error)
{
  return unlock (self, SIGN_IN_PASSWORD, password != NULL ? password : "", NULL, error);
}

gboolean
cw_session_unlock_with_unlock_key (CwSession    *self,
                                   const CwKey  *unlock_key,
                                   GError      **error)
{
  g_return_val_if_fail (unlock_key != NULL, FALSE);

  return unlock (self, SIGN_IN_UNLOCK_KEY, NULL, unlock_key, error);
}

/* Audits "sign-out" and ends the session for good. */
void
cw_session_sign_out (CwSession *self)
{
  g_autoptr(GError) local_error = NULL;

  g_return_if_fail (CW_IS_SESSION (self));

  if (self->signed_out)
    return;

  if (!self->locked && self->database != NULL &&
      !audit_as (self, "sign-out", "", "", "", &local_error))
    g_warning ("Could not record signing out in the audit log: %s", local_error->message);

  close_everything (self);
  self->signed_out = TRUE;
  set_locked (self, TRUE);
}

gboolean
cw_session_confirm_password (CwSession   *self,
                             const char  *password,
                             GError     **error)
{
  g_autoptr(CwKey) unlock_key = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CW_IS_SESSION (self), FALSE);

  if (!check_unlocked (self, error))
    return FALSE;

  unlock_key = cw_vault_derive_unlock_key (self->vault, self->username,
                                           password != NULL ? password : "", &local_error);
  if (unlock_key != NULL)
    return TRUE;

  if (!is_wrong_password_error (local_error))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  {
    g_autofree char *object_id = staff_object_id (self->staff_id);
    g_autoptr(GError) audit_error = NULL;

    if (!audit_as (self, "step-up-failed", "staff", object_id, _("wrong password"),
                   &audit_error))
      g_warning ("Could not record a refused password: %s", audit_error->message);
  }

  g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_WRONG_PASSWORD,
                       _("That password is not right. Type your own password again."));
  return FALSE;
}

/*
 * cw_session_change_password:
 *
 * Changes the signed-in person's password. After a sign-in with the
 * recovery key @old_password may be NULL: the person's slot is then reset
 * with the master key (they are an administrator who forgot theirs).
 */
gboolean
cw_session_change_password (CwSession   *self,
                            const char  *old_password,
                            const char  *new_password,
                            GError     **error)
{
  g_autofree char *object_id = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CW_IS_SESSION (self), FALSE);

  if (!check_unlocked (self, error))
    return FALSE;

  if (!cw_password_acceptable (new_password, self->username,
                               cw_staff_member_get_display_name (self->staff_member), error))
    return FALSE;

  if (old_password == NULL && self->by_recovery_key)
    {
      gboolean ok;

      if (cw_vault_has_slot (self->vault, self->username))
        ok = cw_vault_reset_password_slot (self->vault, self->master_key, self->username,
                                           new_password, error);
      else
        ok = cw_vault_add_password_slot (self->vault, self->master_key, self->username,
                                         new_password, error);
      if (!ok)
        return FALSE;

      /* The slot has a new key pair: keep its unlock key for "Remember". */
      g_clear_pointer (&self->unlock_key, cw_key_free);
      self->unlock_key = cw_vault_derive_unlock_key (self->vault, self->username,
                                                     new_password, NULL);
      self->by_recovery_key = FALSE;
    }
  else if (!cw_vault_change_password (self->vault, self->username,
                                      old_password != NULL ? old_password : "",
                                      new_password, &local_error))
    {
      if (is_wrong_password_error (local_error))
        g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_WRONG_PASSWORD,
                             _("Your current password is not right. Type it again."));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  object_id = staff_object_id (self->staff_id);

  if (cw_staff_member_get_must_change_password (self->staff_member) &&
      !cw_staff_repository_set_must_change_password (self->staff_repository, self->staff_id,
                                                     FALSE, error))
    return FALSE;

  if (!audit_as (self, "password-change", "staff", object_id, "", error))
    return FALSE;

  refresh_staff_member (self);
  return TRUE;
}

CwStaffMember *
cw_session_add_staff (CwSession   *self,
                      const char  *admin_password,
                      const char  *username,
                      const char  *display_name,
                      const char  *job_title,
                      CwRoles      roles,
                      gint64       line_manager_id,
                      const char  *one_time_password,
                      GError     **error)
{
  g_autofree char *normalised = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *object_id = NULL;
  g_autofree char *roles_text = NULL;
  g_autofree char *manager_text = NULL;
  g_autofree char *detail = NULL;
  g_autoptr(CwStaffMember) member = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean slot_added = FALSE;

  g_return_val_if_fail (CW_IS_SESSION (self), NULL);

  if (!cw_session_require (self, CW_PERMISSION_MANAGE_STAFF, error))
    return NULL;

  /* Check the form before asking Argon2 anything. */
  normalised = cw_staff_normalise_username (username != NULL ? username : "", error);
  if (normalised == NULL)
    return NULL;

  name = normalise_display_name (display_name, error);
  if (name == NULL)
    return NULL;

  title = normalise_job_title (job_title, error);
  if (title == NULL)
    return NULL;

  if (!check_roles (roles, error))
    return NULL;

  if (!cw_password_acceptable (one_time_password, normalised, name, error))
    return NULL;

  if (!cw_session_confirm_password (self, admin_password, error))
    return NULL;

  if (!cw_database_begin (self->database, error))
    return NULL;

  member = cw_staff_repository_insert (self->staff_repository, normalised, name, title, roles,
                                       MAX (line_manager_id, 0), TRUE, error);
  if (member == NULL)
    goto failed;

  object_id = staff_object_id (cw_staff_member_get_id (member));
  roles_text = describe_roles (roles);
  manager_text = describe_line_manager (self, line_manager_id);
  detail = g_strdup_printf (_("%s (%s); roles: %s; line manager: %s"),
                            name, normalised, roles_text, manager_text);

  if (!audit_as (self, "staff-add", "staff", object_id, detail, error))
    goto failed;

  /* No staff row had this username, so a slot under it is a leftover. */
  if (cw_vault_has_slot (self->vault, normalised))
    slot_added = cw_vault_reset_password_slot (self->vault, self->master_key, normalised,
                                               one_time_password, error);
  else
    slot_added = cw_vault_add_password_slot (self->vault, self->master_key, normalised,
                                             one_time_password, error);
  if (!slot_added)
    goto failed;

  if (!cw_database_commit (self->database, error))
    goto failed;

  return g_steal_pointer (&member);

failed:
  cw_database_rollback (self->database);
  if (slot_added && !cw_vault_remove_slot (self->vault, normalised, &local_error))
    g_warning ("Could not remove a key slot after a failed change: %s", local_error->message);
  return NULL;
}

gboolean
cw_session_update_staff (CwSession   *self,
                         const char  *admin_password,
                         gint64       staff_id,
                         const char  *display_name,
                         const char  *job_title,
                         CwRoles      roles,
                         gint64       line_manager_id,
                         GError     **error)
{
  g_autoptr(CwStaffMember) before = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *object_id = NULL;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (CW_IS_SESSION (self), FALSE);

  if (!cw_session_require (self, CW_PERMISSION_MANAGE_STAFF, error))
    return FALSE;

  name = normalise_display_name (display_name, error);
  if (name == NULL)
    return FALSE;

  title = normalise_job_title (job_title, error);
  if (title == NULL)
    return FALSE;

  if (!check_roles (roles, error))
    return FALSE;

  before = cw_staff_repository_lookup_by_id (self->staff_repository, staff_id, error);
  if (before == NULL)
    return FALSE;

  line_manager_id = MAX (line_manager_id, 0);

  if ((cw_staff_member_get_roles (before) & CW_ROLE_ADMINISTRATOR) != 0 &&
      (roles & CW_ROLE_ADMINISTRATOR) == 0 &&
      cw_staff_member_get_active (before) &&
      cw_staff_repository_count_active_with_role (self->staff_repository,
                                                  CW_ROLE_ADMINISTRATOR) <= 1)
    {
      g_set_error_literal (error, CW_STAFF_ERROR, CW_STAFF_ERROR_LAST_ADMINISTRATOR,
                           _("This is the only administrator. Make someone else an "
                             "administrator first."));
      return FALSE;
    }

  detail = describe_staff_change (self, before, name, title, roles, line_manager_id);
  if (detail == NULL)
    return TRUE;   /* nothing changed */

  if (!cw_session_confirm_password (self, admin_password, error))
    return FALSE;

  if (!cw_database_begin (self->database, error))
    return FALSE;

  object_id = staff_object_id (staff_id);

  if (!cw_staff_repository_update (self->staff_repository, staff_id, name, title, roles,
                                   line_manager_id, error) ||
      !audit_as (self, "staff-change", "staff", object_id, detail, error) ||
      !cw_database_commit (self->database, error))
    {
      cw_database_rollback (self->database);
      return FALSE;
    }

  if (staff_id == self->staff_id)
    refresh_staff_member (self);

  return TRUE;
}

gboolean
cw_session_deactivate_staff (CwSession   *self,
                             const char  *admin_password,
                             gint64       staff_id,
                             GError     **error)
{
  g_autoptr(CwStaffMember) member = NULL;
  g_autofree char *object_id = NULL;
  g_autofree char *detail = NULL;
  const char *username;

  g_return_val_if_fail (CW_IS_SESSION (self), FALSE);

  if (!cw_session_require (self, CW_PERMISSION_MANAGE_STAFF, error))
    return FALSE;

  if (staff_id == self->staff_id)
    {
      g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_INVALID,
                           _("You cannot deactivate your own account. Ask another "
                             "administrator to do it."));
      return FALSE;
    }

  member = cw_staff_repository_lookup_by_id (self->staff_repository, staff_id, error);
  if (member == NULL)
    return FALSE;

  username = cw_staff_member_get_username (member);

  /* Already done: nothing to change or record. */
  if (!cw_staff_member_get_active (member) && !cw_vault_has_slot (self->vault, username))
    return TRUE;

  if (!cw_session_confirm_password (self, admin_password, error))
    return FALSE;

  object_id = staff_object_id (staff_id);
  detail = g_strdup_printf (_("%s (%s); key slot removed"),
                            cw_staff_member_get_display_name (member), username);

  if (!cw_database_begin (self->database, error))
    return FALSE;

  /* The slot goes inside the transaction: if it cannot be removed nothing
   * changes; if the commit then fails the person still cannot sign in, and
   * deactivating again completes it. */
  if ((cw_staff_member_get_active (member) &&
       !cw_staff_repository_set_active (self->staff_repository, staff_id, FALSE, error)) ||
      !audit_as (self, "staff-deactivate", "staff", object_id, detail, error) ||
      (cw_vault_has_slot (self->vault, username) &&
       !cw_vault_remove_slot (self->vault, username, error)) ||
      !cw_database_commit (self->database, error))
    {
      cw_database_rollback (self->database);
      return FALSE;
    }

  return TRUE;
}

gboolean
cw_session_reset_staff_password (CwSession   *self,
                                 const char  *admin_password,
                                 gint64       staff_id,
                                 const char  *one_time_password,
                                 GError     **error)
{
  g_autoptr(CwStaffMember) member = NULL;
  g_autofree char *object_id = NULL;
  const char *username;
  gboolean ok;

  g_return_val_if_fail (CW_IS_SESSION (self), FALSE);

  if (!cw_session_require (self, CW_PERMISSION_MANAGE_STAFF, error))
    return FALSE;

  if (staff_id == self->staff_id)
    {
      g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_INVALID,
                           _("To change your own password, use Change Password."));
      return FALSE;
    }

  member = cw_staff_repository_lookup_by_id (self->staff_repository, staff_id, error);
  if (member == NULL)
    return FALSE;

  if (!cw_staff_member_get_active (member))
    {
      g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_ACCOUNT_INACTIVE,
                           _("This account has been deactivated, so it has no password "
                             "to reset."));
      return FALSE;
    }

  username = cw_staff_member_get_username (member);

  if (!cw_password_acceptable (one_time_password, username,
                               cw_staff_member_get_display_name (member), error))
    return FALSE;

  if (!cw_session_confirm_password (self, admin_password, error))
    return FALSE;

  if (!cw_database_begin (self->database, error))
    return FALSE;

  object_id = staff_object_id (staff_id);

  if (!cw_staff_repository_set_must_change_password (self->staff_repository, staff_id, TRUE,
                                                     error) ||
      !audit_as (self, "password-reset", "staff", object_id,
                 _("one-time password set; must be changed at next sign-in"), error))
    {
      cw_database_rollback (self->database);
      return FALSE;
    }

  if (cw_vault_has_slot (self->vault, username))
    ok = cw_vault_reset_password_slot (self->vault, self->master_key, username,
                                       one_time_password, error);
  else
    ok = cw_vault_add_password_slot (self->vault, self->master_key, username,
                                     one_time_password, error);

  if (!ok || !cw_database_commit (self->database, error))
    {
      cw_database_rollback (self->database);
      return FALSE;
    }

  return TRUE;
}

/*
 * cw_session_rotate_key:
 *
 * A new random master key: sealed to every slot as pending, PRAGMA rekey,
 * then made current. The session carries on with the new key.
 */
gboolean
cw_session_rotate_key (CwSession   *self,
                       const char  *admin_password,
                       GError     **error)
{
  g_autoptr(CwKey) new_key = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (CW_IS_SESSION (self), FALSE);

  if (!require_with_step_up (self, CW_PERMISSION_ROTATE_KEY, admin_password, error))
    return FALSE;

  new_key = cw_key_new_random ();
  if (new_key == NULL)
    {
      g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_FAILED,
                           _("Casework could not make a new key: the computer is short of "
                             "secure memory."));
      return FALSE;
    }

  if (!cw_vault_begin_rotation (self->vault, new_key, error))
    return FALSE;

  if (!cw_database_rekey (self->database, new_key, error))
    {
      if (!cw_vault_abandon_rotation (self->vault, &local_error))
        g_warning ("Could not abandon a failed key rotation: %s", local_error->message);
      return FALSE;
    }

  g_clear_pointer (&self->master_key, cw_key_free);
  self->master_key = g_steal_pointer (&new_key);

  detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u key slot re-sealed",
                                         "%u key slots re-sealed",
                                         cw_vault_get_n_slots (self->vault)),
                            cw_vault_get_n_slots (self->vault));

  /* The database already uses the new key. If the key file cannot be
   * finished now, the next sign-in finishes it from the pending key. */
  if (!cw_vault_finish_rotation (self->vault, error))
    {
      g_autoptr(GError) audit_error = NULL;

      if (!audit_as (self, "key-rotate", "", "", detail, &audit_error))
        g_warning ("Could not record the key rotation: %s", audit_error->message);
      return FALSE;
    }

  return audit_as (self, "key-rotate", "", "", detail, error);
}

char *
cw_session_replace_recovery_key (CwSession   *self,
                                 const char  *admin_password,
                                 GError     **error)
{
  g_autofree char *recovery_key = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CW_IS_SESSION (self), NULL);

  if (!require_with_step_up (self, CW_PERMISSION_ROTATE_KEY, admin_password, error))
    return NULL;

  recovery_key = cw_vault_replace_recovery_key (self->vault, self->master_key, error);
  if (recovery_key == NULL)
    return NULL;

  /* The new key is in force: it must reach the person even if the audit
   * row cannot be written. */
  if (!audit_as (self, "recovery-key-replace", "", "",
                 _("a new recovery key replaced the old one"), &local_error))
    g_warning ("Could not record replacing the recovery key: %s", local_error->message);

  return g_steal_pointer (&recovery_key);
}

/*
 * cw_session_get_setting:
 *
 * The organisation setting @key, or its default when never set. NULL for a
 * key Casework does not know, or while locked.
 */
char *
cw_session_get_setting (CwSession  *self,
                        const char *key)
{
  const SettingInfo *info;
  char *value;

  g_return_val_if_fail (CW_IS_SESSION (self), NULL);

  info = find_setting (key);
  if (info == NULL)
    return NULL;

  if (self->locked || self->database == NULL)
    return NULL;

  value = read_setting (self, key);
  if (value == NULL)
    value = g_strdup (info->default_value);

  return value;
}

gboolean
cw_session_set_setting (CwSession   *self,
                        const char  *key,
                        const char  *value,
                        GError     **error)
{
  const SettingInfo *info;
  g_autofree char *normalised = NULL;
  g_autofree char *old_value = NULL;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (CW_IS_SESSION (self), FALSE);

  if (!cw_session_require (self, CW_PERMISSION_EDIT_SETTINGS, error))
    return FALSE;

  info = find_setting (key);
  if (info == NULL)
    {
      g_set_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_INVALID,
                   _("Casework has no setting called “%s”."), key != NULL ? key : "");
      return FALSE;
    }

  normalised = validate_setting (self, info, value, error);
  if (normalised == NULL)
    return FALSE;

  old_value = cw_session_get_setting (self, key);
  if (g_strcmp0 (old_value, normalised) == 0)
    return TRUE;

  detail = g_strdup_printf ("%s: %s → %s", key, old_value != NULL ? old_value : "",
                            normalised);

  if (!cw_database_begin (self->database, error))
    return FALSE;

  if (!write_setting (self, key, normalised, error) ||
      !audit_as (self, "settings-change", "setting", key, detail, error) ||
      !cw_database_commit (self->database, error))
    {
      cw_database_rollback (self->database);
      return FALSE;
    }

  if (strcmp (key, "organisation-name") == 0)
    {
      g_free (self->organisation);
      self->organisation = g_steal_pointer (&normalised);
    }

  return TRUE;
}

gboolean
cw_session_audit (CwSession   *self,
                  const char  *action,
                  const char  *object_type,
                  const char  *object_id,
                  const char  *detail,
                  GError     **error)
{
  g_return_val_if_fail (CW_IS_SESSION (self), FALSE);
  g_return_val_if_fail (action != NULL, FALSE);

  if (!check_unlocked (self, error))
    return FALSE;

  return audit_as (self, action, object_type, object_id, detail, error);
}
