/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-register"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "cw-child.h"
#include "cw-child-repository-private.h"
#include "cw-database-private.h"
#include "cw-register-private.h"

/*
 * Helpers shared by the gift, contact and photo consent registers: the
 * visibility rule, text and date checks, binding. See cw-register-private.h.
 */

static void
visibility_parameters (CwSession *session,
                       gint64    *me,
                       gboolean  *see_team,
                       gboolean  *see_all)
{
  *me = cw_register_me (session);
  *see_all = *me > 0 && cw_session_can (session, CW_PERMISSION_REVIEW_ALL_REGISTERS);
  *see_team = *me > 0 && cw_session_can (session, CW_PERMISSION_REVIEW_TEAM_REGISTERS);

  if (*me > 0 && !cw_session_can (session, CW_PERMISSION_KEEP_OWN_REGISTERS) &&
      !*see_team && !*see_all)
    *me = -1;
  if (*me <= 0)
    *me = -1;
}

static gint64
line_manager_of (CwSession *session,
                 gint64     staff_id)
{
  CwDatabase *database = cw_session_get_database (session);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (database == NULL || !cw_database_is_open (database))
    return 0;

  stmt = cw_database_prepare (database, "SELECT line_manager_id FROM staff WHERE id = ?1", NULL);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, staff_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;

  return sqlite3_column_int64 (stmt, 0);
}

void
cw_register_bind_visibility (CwSession    *session,
                             sqlite3_stmt *stmt)
{
  gint64 me;
  gboolean see_team, see_all;
  int index;

  g_return_if_fail (CW_IS_SESSION (session));
  g_return_if_fail (stmt != NULL);

  visibility_parameters (session, &me, &see_team, &see_all);

  index = sqlite3_bind_parameter_index (stmt, ":cw_reg_me");
  if (index > 0)
    sqlite3_bind_int64 (stmt, index, me);
  index = sqlite3_bind_parameter_index (stmt, ":cw_reg_team");
  if (index > 0)
    sqlite3_bind_int (stmt, index, see_team ? 1 : 0);
  index = sqlite3_bind_parameter_index (stmt, ":cw_reg_all");
  if (index > 0)
    sqlite3_bind_int (stmt, index, see_all ? 1 : 0);

  cw_child_repository_bind_visibility (session, stmt);
}

gint64
cw_register_me (CwSession *session)
{
  CwStaffMember *member;

  if (session == NULL || cw_session_is_locked (session))
    return 0;

  member = cw_session_get_staff_member (session);
  if (member == NULL || cw_session_get_roles (session) == CW_ROLE_NONE)
    return 0;

  return cw_staff_member_get_id (member);
}

CwDatabase *
cw_register_get_database (CwSession  *session,
                          GError    **error)
{
  CwDatabase *database = cw_session_get_database (session);

  if (database == NULL || !cw_database_is_open (database) || cw_session_is_locked (session))
    {
      g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_LOCKED,
                           _("Casework is locked. Unlock it to continue."));
      return NULL;
    }

  return database;
}

gboolean
cw_register_require_keep (CwSession  *session,
                          GError    **error)
{
  if (cw_register_get_database (session, error) == NULL)
    return FALSE;

  if (cw_session_can (session, CW_PERMISSION_KEEP_OWN_REGISTERS))
    return TRUE;

  cw_register_set_not_permitted (error, _("Your roles do not include keeping the staff "
                                          "registers. Ask an administrator if you need it."));
  return FALSE;
}

gboolean
cw_register_may_review (CwSession *session,
                        gint64     owner_id)
{
  gint64 me = cw_register_me (session);

  if (me <= 0 || owner_id <= 0 || owner_id == me)
    return FALSE;

  if (cw_session_can (session, CW_PERMISSION_REVIEW_ALL_REGISTERS))
    return TRUE;

  return cw_session_can (session, CW_PERMISSION_REVIEW_TEAM_REGISTERS) &&
         line_manager_of (session, owner_id) == me;
}

gboolean
cw_register_may_see (CwSession *session,
                     gint64     owner_id)
{
  gint64 me = cw_register_me (session);

  if (me <= 0 || owner_id <= 0)
    return FALSE;

  if (owner_id == me)
    return cw_session_can (session, CW_PERMISSION_KEEP_OWN_REGISTERS) ||
           cw_session_can (session, CW_PERMISSION_REVIEW_TEAM_REGISTERS) ||
           cw_session_can (session, CW_PERMISSION_REVIEW_ALL_REGISTERS);

  return cw_register_may_review (session, owner_id);
}

void
cw_register_set_not_permitted (GError     **error,
                               const char  *message)
{
  g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED, message);
}

void
cw_register_set_child_not_permitted (GError **error)
{
  cw_register_set_not_permitted (error,
                                 _("You do not have access to this child’s record. Ask the "
                                   "allocated worker, their line manager or the Designated "
                                   "Safeguarding Lead if you need it."));
}

char *
cw_register_clean_text (const char  *value,
                        const char  *label,
                        gboolean     required,
                        guint        max_chars,
                        gboolean     multi_line,
                        GQuark       domain,
                        int          code,
                        GError     **error)
{
  g_autofree char *copy = NULL;

  if (value == NULL)
    value = "";

  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, domain, code,
                   _("Some characters in “%s” are not readable text. Type it again."), label);
      return NULL;
    }

  copy = g_strstrip (g_strdup (value));

  if (required && copy[0] == '\0')
    {
      g_set_error (error, domain, code, _("Fill in “%s”: it cannot be left empty."), label);
      return NULL;
    }

  if (g_utf8_strlen (copy, -1) > (glong) max_chars)
    {
      g_set_error (error, domain, code,
                   _("“%s” is too long: shorten it to %u characters or fewer."), label,
                   max_chars);
      return NULL;
    }

  for (const char *p = copy; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) && !(multi_line && (c == '\n' || c == '\r' || c == '\t')))
        {
          g_set_error (error, domain, code,
                       multi_line ? _("Remove the control characters from “%s”.")
                                  : _("“%s” must be a single line: remove the line breaks "
                                      "and tabs."),
                       label);
          return NULL;
        }
    }

  return g_steal_pointer (&copy);
}

gboolean
cw_register_date_is_real (const GDate *date)
{
  if (date == NULL || !g_date_valid (date))
    return FALSE;
  if (date->dmy)
    return g_date_valid_dmy ((GDateDay) date->day, (GDateMonth) date->month,
                             (GDateYear) date->year);

  return g_date_valid_julian (date->julian_days);
}

char *
cw_register_format_date (const GDate *date)
{
  if (!cw_register_date_is_real (date))
    return g_strdup ("");

  return g_strdup_printf ("%04u-%02u-%02u", (unsigned int) g_date_get_year (date),
                          (unsigned int) g_date_get_month (date),
                          (unsigned int) g_date_get_day (date));
}

gboolean
cw_register_parse_date (const char *text,
                        GDate      *date)
{
  unsigned int year, month, day;
  char rest;

  g_date_clear (date, 1);

  if (text == NULL || text[0] == '\0' ||
      sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &rest) != 3)
    return FALSE;
  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;

  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

void
cw_register_today (GDate *today)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (today, 1);
  g_date_set_dmy (today, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
}

gint64
cw_register_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

char *
cw_register_id_string (gint64 id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

char *
cw_register_child_name (const char *given_names,
                        const char *family_name,
                        const char *preferred_name)
{
  g_autoptr(CwChild) child = cw_child_new ();

  cw_child_set_given_names (child, given_names != NULL ? given_names : "");
  cw_child_set_family_name (child, family_name != NULL ? family_name : "");
  cw_child_set_preferred_name (child, preferred_name != NULL ? preferred_name : "");

  return cw_child_dup_display_name (child);
}

const char *
cw_register_column_text (sqlite3_stmt *stmt,
                         int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? text : "";
}

void
cw_register_bind_text (sqlite3_stmt *stmt,
                       int           index,
                       const char   *text)
{
  sqlite3_bind_text (stmt, index, text != NULL ? text : "", -1, SQLITE_TRANSIENT);
}

void
cw_register_bind_id (sqlite3_stmt *stmt,
                     int           index,
                     gint64        id)
{
  if (id > 0)
    sqlite3_bind_int64 (stmt, index, id);
  else
    sqlite3_bind_null (stmt, index);
}

void
cw_register_bind_named_int64 (sqlite3_stmt *stmt,
                              const char   *name,
                              gint64        value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    sqlite3_bind_int64 (stmt, index, value);
}

void
cw_register_bind_named_text (sqlite3_stmt *stmt,
                             const char   *name,
                             const char   *text)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    cw_register_bind_text (stmt, index, text);
}

char *
cw_register_staff_name (CwDatabase *database,
                        gint64      staff_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (staff_id <= 0)
    return g_strdup ("");

  stmt = cw_database_prepare (database, "SELECT display_name FROM staff WHERE id = ?1", NULL);
  if (stmt == NULL)
    return g_strdup ("");

  sqlite3_bind_int64 (stmt, 1, staff_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return g_strdup ("");

  return g_strdup (cw_register_column_text (stmt, 0));
}

GListModel *
cw_register_empty_list (GType item_type)
{
  return G_LIST_MODEL (g_list_store_new (item_type));
}

gboolean
cw_register_audit (CwSession   *session,
                   const char  *action,
                   const char  *object_type,
                   gint64       object_id,
                   const char  *detail,
                   GError     **error)
{
  g_autofree char *id_text = cw_register_id_string (object_id);

  return cw_session_audit (session, action, object_type, id_text, detail, error);
}

void
cw_register_bind_version_head (sqlite3_stmt *stmt,
                               gint64        row_id,
                               int           version,
                               gint64        written_at,
                               gint64        written_by,
                               const char   *correction_reason)
{
  sqlite3_bind_int64 (stmt, 1, row_id);
  sqlite3_bind_int (stmt, 2, version);
  sqlite3_bind_int64 (stmt, 3, written_at);
  sqlite3_bind_int64 (stmt, 4, written_by);
  cw_register_bind_text (stmt, 5, correction_reason);
}

const char *
cw_register_flag_title (const CwRegisterFlag *table,
                        gsize                 n,
                        guint                 flag)
{
  for (gsize i = 0; i < n; i++)
    if (table[i].flag == flag)
      return _(table[i].title);

  return "";
}

const char *
cw_register_flag_explanation (const CwRegisterFlag *table,
                              gsize                 n,
                              guint                 flag)
{
  for (gsize i = 0; i < n; i++)
    if (table[i].flag == flag)
      return _(table[i].explanation);

  return "";
}

char *
cw_register_flags_to_string (const CwRegisterFlag *table,
                             gsize                 n,
                             guint                 flags)
{
  GString *out = g_string_new ("");

  for (gsize i = 0; i < n; i++)
    {
      if ((flags & table[i].flag) == 0)
        continue;
      if (out->len > 0)
        g_string_append (out, _(", "));
      g_string_append (out, _(table[i].title));
    }

  return g_string_free (out, FALSE);
}

char *
cw_register_flags_to_ids (const CwRegisterFlag *table,
                          gsize                 n,
                          guint                 flags)
{
  GString *out = g_string_new ("");

  for (gsize i = 0; i < n; i++)
    {
      if ((flags & table[i].flag) == 0)
        continue;
      if (out->len > 0)
        g_string_append_c (out, ',');
      g_string_append (out, table[i].id);
    }

  if (out->len == 0)
    g_string_append (out, "none");

  return g_string_free (out, FALSE);
}

gboolean
cw_register_step_row (CwDatabase             *database,
                      sqlite3_stmt           *stmt,
                      const char             *what,
                      CwRegisterSetNotFound   set_not_found,
                      GError                **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_DONE)
    {
      set_not_found (error);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      cw_database_set_error (database, error, rc, what);
      return FALSE;
    }

  return TRUE;
}
