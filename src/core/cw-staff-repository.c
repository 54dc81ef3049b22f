/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-staff-repository"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "cw-database-private.h"
#include "cw-staff-repository.h"

/*
 * CwStaffRepository: the staff table, and the only file with SQL for it.
 *
 * It validates what it stores (the message of every CW_STAFF_ERROR_INVALID
 * names the field), keeps an administrator in post, refuses line-manager
 * loops, and keeps one GListStore of every account that it refills after
 * each change it makes (staff numbers are small).
 */

#define MAX_NAME_CHARS      200
#define MIN_USERNAME_CHARS  2
#define MAX_USERNAME_CHARS  64

#define STAFF_COLUMNS \
  "id, username, display_name, job_title, roles, line_manager_id, active, " \
  "must_change_password"

struct _CwStaffRepository
{
  GObject     parent_instance;

  CwDatabase *database;
  GListStore *store;      /* NULL until cw_staff_repository_list() is called */
};

G_DEFINE_FINAL_TYPE (CwStaffRepository, cw_staff_repository, G_TYPE_OBJECT)

G_DEFINE_QUARK (cw-staff-error-quark, cw_staff_error)

static gint64
now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static CwStaffMember *
member_from_row (sqlite3_stmt *stmt)
{
  return cw_staff_member_new (sqlite3_column_int64 (stmt, 0),
                              (const char *) sqlite3_column_text (stmt, 1),
                              (const char *) sqlite3_column_text (stmt, 2),
                              (const char *) sqlite3_column_text (stmt, 3),
                              (CwRoles) sqlite3_column_int (stmt, 4),
                              sqlite3_column_int64 (stmt, 5),
                              sqlite3_column_int (stmt, 6) != 0,
                              sqlite3_column_int (stmt, 7) != 0);
}

static gboolean
has_control_characters (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return TRUE;

  return FALSE;
}

/* Trims and checks a display name; returns a copy to store. */
static char *
normalise_display_name (const char  *display_name,
                        GError     **error)
{
  g_autofree char *copy = NULL;

  if (display_name == NULL)
    display_name = "";

  if (!g_utf8_validate (display_name, -1, NULL))
    {
      g_set_error_literal (error, CW_STAFF_ERROR, CW_STAFF_ERROR_INVALID,
                           _("The display name contains characters that are not valid text."));
      return NULL;
    }

  copy = g_strstrip (g_strdup (display_name));

  if (copy[0] == '\0')
    {
      g_set_error_literal (error, CW_STAFF_ERROR, CW_STAFF_ERROR_INVALID,
                           _("The display name is empty. Enter the name colleagues know "
                             "this person by."));
      return NULL;
    }

  if (g_utf8_strlen (copy, -1) > MAX_NAME_CHARS)
    {
      g_set_error (error, CW_STAFF_ERROR, CW_STAFF_ERROR_INVALID,
                   _("The display name is longer than %d characters."), MAX_NAME_CHARS);
      return NULL;
    }

  if (has_control_characters (copy))
    {
      g_set_error_literal (error, CW_STAFF_ERROR, CW_STAFF_ERROR_INVALID,
                           _("The display name cannot contain line breaks or tabs."));
      return NULL;
    }

  return g_steal_pointer (&copy);
}

/* Trims and checks a job title (which may be empty). */
static char *
normalise_job_title (const char  *job_title,
                     GError     **error)
{
  g_autofree char *copy = NULL;

  if (job_title == NULL)
    job_title = "";

  if (!g_utf8_validate (job_title, -1, NULL))
    {
      g_set_error_literal (error, CW_STAFF_ERROR, CW_STAFF_ERROR_INVALID,
                           _("The job title contains characters that are not valid text."));
      return NULL;
    }

  copy = g_strstrip (g_strdup (job_title));

  if (g_utf8_strlen (copy, -1) > MAX_NAME_CHARS)
    {
      g_set_error (error, CW_STAFF_ERROR, CW_STAFF_ERROR_INVALID,
                   _("The job title is longer than %d characters."), MAX_NAME_CHARS);
      return NULL;
    }

  if (has_control_characters (copy))
    {
      g_set_error_literal (error, CW_STAFF_ERROR, CW_STAFF_ERROR_INVALID,
                           _("The job title cannot contain line breaks or tabs."));
      return NULL;
    }

  return g_steal_pointer (&copy);
}

static gboolean
check_roles (CwRoles   roles,
             GError  **error)
{
  if ((roles & ~CW_ROLES_ALL) != 0)
    {
      g_set_error_literal (error, CW_STAFF_ERROR, CW_STAFF_ERROR_INVALID,
                           _("The roles are not ones Casework knows."));
      return FALSE;
    }

  return TRUE;
}

static void
set_not_found (GError **error)
{
  g_set_error_literal (error, CW_STAFF_ERROR, CW_STAFF_ERROR_NOT_FOUND,
                       _("The staff account could not be found."));
}

/* Looks a row up by id; NULL with no error set when there is none. */
static CwStaffMember *
find_by_id (CwStaffRepository  *self,
            gint64              id,
            GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = cw_database_prepare (self->database,
                              "SELECT " STAFF_COLUMNS " FROM staff WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return member_from_row (stmt);
  if (rc != SQLITE_DONE)
    cw_database_set_error (self->database, error, rc, "staff lookup");

  return NULL;
}

static CwStaffMember *
find_by_username (CwStaffRepository  *self,
                  const char         *username,
                  GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = cw_database_prepare (self->database,
                              "SELECT " STAFF_COLUMNS " FROM staff WHERE username = ?1",
                              error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, username, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return member_from_row (stmt);
  if (rc != SQLITE_DONE)
    cw_database_set_error (self->database, error, rc, "staff lookup");

  return NULL;
}

/* The line manager must be an existing, active account. */
static gboolean
check_line_manager (CwStaffRepository  *self,
                    gint64              line_manager_id,
                    GError            **error)
{
  g_autoptr(CwStaffMember) manager = NULL;
  GError *local_error = NULL;

  if (line_manager_id == 0)
    return TRUE;

  if (line_manager_id < 0)
    {
      g_set_error_literal (error, CW_STAFF_ERROR, CW_STAFF_ERROR_INVALID,
                           _("The line manager is not a staff account."));
      return FALSE;
    }

  manager = find_by_id (self, line_manager_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  if (manager == NULL)
    {
      g_set_error_literal (error, CW_STAFF_ERROR, CW_STAFF_ERROR_NOT_FOUND,
                           _("The chosen line manager does not have a staff account."));
      return FALSE;
    }

  if (!cw_staff_member_get_active (manager))
    {
      g_set_error_literal (error, CW_STAFF_ERROR, CW_STAFF_ERROR_INVALID,
                           _("The chosen line manager’s account has been deactivated."));
      return FALSE;
    }

  return TRUE;
}

/* Walks up the chain from @line_manager_id: reaching @id would make a loop. */
static gboolean
check_no_manager_loop (CwStaffRepository  *self,
                       gint64              id,
                       gint64              line_manager_id,
                       GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) visited = NULL;
  gint64 current = line_manager_id;

  if (line_manager_id == 0)
    return TRUE;

  if (line_manager_id == id)
    {
      g_set_error_literal (error, CW_STAFF_ERROR, CW_STAFF_ERROR_MANAGER_LOOP,
                           _("A person cannot be their own line manager."));
      return FALSE;
    }

  stmt = cw_database_prepare (self->database,
                              "SELECT line_manager_id FROM staff WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  visited = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  while (current != 0)
    {
      int rc;

      if (current == id)
        {
          g_set_error_literal (error, CW_STAFF_ERROR, CW_STAFF_ERROR_MANAGER_LOOP,
                               _("The chosen line manager reports, directly or through "
                                 "others, to this person. Choose someone else."));
          return FALSE;
        }

      /* A loop already stored above us (not through @id) ends the walk. */
      if (g_hash_table_contains (visited, &current))
        break;
      g_hash_table_add (visited, g_memdup2 (&current, sizeof current));

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, current);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        current = sqlite3_column_int64 (stmt, 0);
      else if (rc == SQLITE_DONE)
        current = 0;
      else
        {
          cw_database_set_error (self->database, error, rc, "staff line manager");
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
is_last_active_administrator (CwStaffRepository *self,
                              CwStaffMember     *member)
{
  return cw_staff_member_get_active (member) &&
         cw_staff_member_has_role (member, CW_ROLE_ADMINISTRATOR) &&
         cw_staff_repository_count_active_with_role (self, CW_ROLE_ADMINISTRATOR) <= 1;
}

static GPtrArray *
query_members (CwStaffRepository  *self,
               const char         *sql,
               gint64              param,
               GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  stmt = cw_database_prepare (self->database, sql, error);
  if (stmt == NULL)
    return NULL;

  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, param);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (members, member_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      cw_database_set_error (self->database, error, rc, "staff list");
      return NULL;
    }

  return g_steal_pointer (&members);
}

/* Refills the list model, if anyone asked for it, in one items-changed. */
static void
refresh_store (CwStaffRepository *self)
{
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;

  members = query_members (self,
                           "SELECT " STAFF_COLUMNS " FROM staff "
                           "ORDER BY display_name COLLATE NOCASE, id",
                           0, &error);
  if (members == NULL)
    {
      g_debug ("Could not refresh the staff list: %s", error->message);
      return;
    }

  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       members->pdata, members->len);
}

static void
cw_staff_repository_dispose (GObject *object)
{
  CwStaffRepository *self = CW_STAFF_REPOSITORY (object);

  g_clear_object (&self->store);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (cw_staff_repository_parent_class)->dispose (object);
}

static void
cw_staff_repository_class_init (CwStaffRepositoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cw_staff_repository_dispose;
}

static void
cw_staff_repository_init (CwStaffRepository *self)
{
}

/**
 * cw_staff_normalise_username:
 * @username: what was typed
 * @error: a CW_STAFF_ERROR_INVALID naming the username when it is unusable
 *
 * Trims @username and lower-cases ASCII letters. The result has 2 to 64
 * characters, each a letter a–z, a digit, '.', '-' or '_'.
 *
 * Returns: (transfer full): the username as stored, or %NULL.
 */
char *
cw_staff_normalise_username (const char  *username,
                             GError     **error)
{
  g_autofree char *copy = NULL;
  gsize len;

  if (username == NULL)
    username = "";

  if (!g_utf8_validate (username, -1, NULL))
    {
      g_set_error_literal (error, CW_STAFF_ERROR, CW_STAFF_ERROR_INVALID,
                           _("The username contains characters that are not valid text."));
      return NULL;
    }

  copy = g_strstrip (g_ascii_strdown (username, -1));
  len = strlen (copy);

  if (len == 0)
    {
      g_set_error_literal (error, CW_STAFF_ERROR, CW_STAFF_ERROR_INVALID,
                           _("The username is empty."));
      return NULL;
    }

  for (const char *p = copy; *p != '\0'; p++)
    {
      if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '.' && *p != '-' && *p != '_')
        {
          g_set_error_literal (error, CW_STAFF_ERROR, CW_STAFF_ERROR_INVALID,
                               _("The username may contain only the letters a to z, digits, "
                                 "full stops, hyphens and underscores."));
          return NULL;
        }
    }

  if (len < MIN_USERNAME_CHARS || len > MAX_USERNAME_CHARS)
    {
      g_set_error (error, CW_STAFF_ERROR, CW_STAFF_ERROR_INVALID,
                   _("The username must be between %d and %d characters long."),
                   MIN_USERNAME_CHARS, MAX_USERNAME_CHARS);
      return NULL;
    }

  return g_steal_pointer (&copy);
}

CwStaffRepository *
cw_staff_repository_new (CwDatabase *database)
{
  CwStaffRepository *self;

  g_return_val_if_fail (CW_IS_DATABASE (database), NULL);

  self = g_object_new (CW_TYPE_STAFF_REPOSITORY, NULL);
  self->database = g_object_ref (database);

  return self;
}

CwStaffMember *
cw_staff_repository_lookup_by_id (CwStaffRepository  *self,
                                  gint64              id,
                                  GError            **error)
{
  GError *local_error = NULL;
  CwStaffMember *member;

  g_return_val_if_fail (CW_IS_STAFF_REPOSITORY (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  member = find_by_id (self, id, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  else if (member == NULL)
    set_not_found (error);

  return member;
}

/**
 * cw_staff_repository_lookup_by_username:
 *
 * @username is normalised first, so " A.Smith " finds "a.smith". A username
 * that could never be valid is simply not found.
 */
CwStaffMember *
cw_staff_repository_lookup_by_username (CwStaffRepository  *self,
                                        const char         *username,
                                        GError            **error)
{
  g_autofree char *normalised = NULL;
  GError *local_error = NULL;
  CwStaffMember *member;

  g_return_val_if_fail (CW_IS_STAFF_REPOSITORY (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  normalised = cw_staff_normalise_username (username, NULL);
  if (normalised == NULL)
    {
      set_not_found (error);
      return NULL;
    }

  member = find_by_username (self, normalised, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  else if (member == NULL)
    set_not_found (error);

  return member;
}

/**
 * cw_staff_repository_insert:
 *
 * Adds an active account. The line manager (0 for none) must be an active
 * account.
 *
 * Returns: (transfer full): the stored account with its id, or %NULL.
 */
CwStaffMember *
cw_staff_repository_insert (CwStaffRepository  *self,
                            const char         *username,
                            const char         *display_name,
                            const char         *job_title,
                            CwRoles             roles,
                            gint64              line_manager_id,
                            gboolean            must_change_password,
                            GError            **error)
{
  g_autofree char *clean_username = NULL;
  g_autofree char *clean_name = NULL;
  g_autofree char *clean_title = NULL;
  g_autoptr(CwStaffMember) existing = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GError *local_error = NULL;
  CwStaffMember *member;
  gint64 now = now_unix ();

  g_return_val_if_fail (CW_IS_STAFF_REPOSITORY (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((clean_username = cw_staff_normalise_username (username, error)) == NULL ||
      (clean_name = normalise_display_name (display_name, error)) == NULL ||
      (clean_title = normalise_job_title (job_title, error)) == NULL ||
      !check_roles (roles, error) ||
      !check_line_manager (self, line_manager_id, error))
    return NULL;

  existing = find_by_username (self, clean_username, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (existing != NULL)
    {
      g_set_error_literal (error, CW_STAFF_ERROR, CW_STAFF_ERROR_USERNAME_TAKEN,
                           _("That username is already in use. Choose another."));
      return NULL;
    }

  stmt = cw_database_prepare (self->database,
                              "INSERT INTO staff (username, display_name, job_title, roles, "
                              "line_manager_id, active, must_change_password, created_at, "
                              "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?7, ?7)",
                              error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, clean_username, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, clean_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, clean_title, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 4, roles);
  if (line_manager_id != 0)
    sqlite3_bind_int64 (stmt, 5, line_manager_id);
  else
    sqlite3_bind_null (stmt, 5);
  sqlite3_bind_int (stmt, 6, must_change_password ? 1 : 0);
  sqlite3_bind_int64 (stmt, 7, now);

  if (!cw_database_step_done (self->database, stmt, error))
    return NULL;

  member = cw_staff_member_new (cw_database_last_insert_rowid (self->database),
                                clean_username, clean_name, clean_title, roles,
                                line_manager_id, TRUE, must_change_password);
  refresh_store (self);

  return member;
}

/**
 * cw_staff_repository_update:
 *
 * Changes what an administrator may edit. Refuses to take the administrator
 * role from the last active administrator, and to make a line-manager loop.
 */
gboolean
cw_staff_repository_update (CwStaffRepository  *self,
                            gint64              id,
                            const char         *display_name,
                            const char         *job_title,
                            CwRoles             roles,
                            gint64              line_manager_id,
                            GError            **error)
{
  g_autofree char *clean_name = NULL;
  g_autofree char *clean_title = NULL;
  g_autoptr(CwStaffMember) existing = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CW_IS_STAFF_REPOSITORY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((existing = cw_staff_repository_lookup_by_id (self, id, error)) == NULL)
    return FALSE;

  if ((clean_name = normalise_display_name (display_name, error)) == NULL ||
      (clean_title = normalise_job_title (job_title, error)) == NULL ||
      !check_roles (roles, error) ||
      !check_no_manager_loop (self, id, line_manager_id, error))
    return FALSE;

  /* An unchanged manager may have been deactivated since; that is no reason
   * to refuse other changes. */
  if (line_manager_id != cw_staff_member_get_line_manager_id (existing) &&
      !check_line_manager (self, line_manager_id, error))
    return FALSE;

  if ((roles & CW_ROLE_ADMINISTRATOR) == 0 && is_last_active_administrator (self, existing))
    {
      g_set_error_literal (error, CW_STAFF_ERROR, CW_STAFF_ERROR_LAST_ADMINISTRATOR,
                           _("This is the only active administrator. Give the administrator "
                             "role to another account before taking it from this one."));
      return FALSE;
    }

  stmt = cw_database_prepare (self->database,
                              "UPDATE staff SET display_name = ?2, job_title = ?3, roles = ?4, "
                              "line_manager_id = ?5, updated_at = ?6 WHERE id = ?1",
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, clean_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, clean_title, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 4, roles);
  if (line_manager_id != 0)
    sqlite3_bind_int64 (stmt, 5, line_manager_id);
  else
    sqlite3_bind_null (stmt, 5);
  sqlite3_bind_int64 (stmt, 6, now_unix ());

  if (!cw_database_step_done (self->database, stmt, error))
    return FALSE;

  refresh_store (self);

  return TRUE;
}

/**
 * cw_staff_repository_set_active:
 *
 * Deactivates or reactivates an account. The last active administrator
 * cannot be deactivated.
 */
gboolean
cw_staff_repository_set_active (CwStaffRepository  *self,
                                gint64              id,
                                gboolean            active,
                                GError            **error)
{
  g_autoptr(CwStaffMember) existing = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CW_IS_STAFF_REPOSITORY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((existing = cw_staff_repository_lookup_by_id (self, id, error)) == NULL)
    return FALSE;

  if (!active && is_last_active_administrator (self, existing))
    {
      g_set_error_literal (error, CW_STAFF_ERROR, CW_STAFF_ERROR_LAST_ADMINISTRATOR,
                           _("This is the only active administrator, so the account cannot "
                             "be deactivated. Give the administrator role to another account "
                             "first."));
      return FALSE;
    }

  stmt = cw_database_prepare (self->database,
                              "UPDATE staff SET active = ?2, updated_at = ?3 WHERE id = ?1",
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int (stmt, 2, active ? 1 : 0);
  sqlite3_bind_int64 (stmt, 3, now_unix ());

  if (!cw_database_step_done (self->database, stmt, error))
    return FALSE;

  refresh_store (self);

  return TRUE;
}

gboolean
cw_staff_repository_set_must_change_password (CwStaffRepository  *self,
                                              gint64              id,
                                              gboolean            must_change,
                                              GError            **error)
{
  g_autoptr(CwStaffMember) existing = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CW_IS_STAFF_REPOSITORY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((existing = cw_staff_repository_lookup_by_id (self, id, error)) == NULL)
    return FALSE;

  stmt = cw_database_prepare (self->database,
                              "UPDATE staff SET must_change_password = ?2, updated_at = ?3 "
                              "WHERE id = ?1",
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int (stmt, 2, must_change ? 1 : 0);
  sqlite3_bind_int64 (stmt, 3, now_unix ());

  if (!cw_database_step_done (self->database, stmt, error))
    return FALSE;

  refresh_store (self);

  return TRUE;
}

/**
 * cw_staff_repository_count_active_with_role:
 * @role: one or more role flags
 *
 * Returns: the number of active accounts holding any of @role; 0 when the
 *   database cannot be read.
 */
guint
cw_staff_repository_count_active_with_role (CwStaffRepository *self,
                                            CwRoles            role)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  guint count = 0;
  int rc;

  g_return_val_if_fail (CW_IS_STAFF_REPOSITORY (self), 0);

  stmt = cw_database_prepare (self->database,
                              "SELECT count(*) FROM staff WHERE active = 1 AND (roles & ?1) <> 0",
                              &error);
  if (stmt == NULL)
    {
      g_debug ("Could not count staff: %s", error->message);
      return 0;
    }

  sqlite3_bind_int (stmt, 1, role);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    count = (guint) sqlite3_column_int64 (stmt, 0);

  return count;
}

/**
 * cw_staff_repository_list:
 *
 * Returns: (transfer full): every account (active or not) ordered by display
 *   name, ignoring case. The same model is returned each time; it is refilled
 *   (one items-changed) after every change made through this repository.
 */
GListModel *
cw_staff_repository_list (CwStaffRepository *self)
{
  g_return_val_if_fail (CW_IS_STAFF_REPOSITORY (self), NULL);

  if (self->store == NULL)
    {
      self->store = g_list_store_new (CW_TYPE_STAFF_MEMBER);
      refresh_store (self);
    }

  return g_object_ref (G_LIST_MODEL (self->store));
}

/**
 * cw_staff_repository_list_team:
 * @manager_id: the line manager
 *
 * Returns: (transfer full) (element-type CwStaffMember): the active staff
 *   whose line manager is @manager_id, ordered by display name.
 */
GPtrArray *
cw_staff_repository_list_team (CwStaffRepository  *self,
                               gint64              manager_id,
                               GError            **error)
{
  g_return_val_if_fail (CW_IS_STAFF_REPOSITORY (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return query_members (self,
                        "SELECT " STAFF_COLUMNS " FROM staff "
                        "WHERE line_manager_id = ?1 AND active = 1 "
                        "ORDER BY display_name COLLATE NOCASE, id",
                        manager_id, error);
}
