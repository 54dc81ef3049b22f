/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-child-repository"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "cw-child-repository.h"
#include "cw-child-repository-private.h"
#include "cw-database-private.h"
#include "cw-sql-list-model.h"

/*
 * CwChildRepository: the children, child_adults and child_shares tables,
 * and the need-to-know rule (CW_CHILD_VISIBLE_SQL) every other repository
 * uses for case content.
 *
 * What is stored is validated here: each CW_CHILD_ERROR_INVALID message
 * names the field. Audit rows carry ids and the names of changed fields,
 * never a child's names or other content.
 *
 * Search folds case and removes accents on both sides with an SQL function
 * (cw_fold) registered on the connection, and matches with instr(), so
 * "zoe" finds "Zoë" and %, _ and quotes are plain characters.
 */

#define MAX_REFERENCE_CHARS   40
#define MAX_NAME_CHARS        100
#define MAX_OTHER_CHARS       200
#define MAX_CONTACT_CHARS     1000
#define MAX_SEARCH_TERMS      8
#define EARLIEST_BIRTH_YEAR   1900

#define CHILD_COLUMNS \
  "c.id, c.case_reference, c.given_names, c.family_name, c.preferred_name, " \
  "c.date_of_birth, c.dob_precision, c.gender, c.ethnicity, c.first_language, " \
  "c.religion, c.disability, c.legal_status, c.allocated_worker_id"

#define CHILD_ORDER "ORDER BY c.family_name COLLATE NOCASE, c.given_names COLLATE NOCASE, c.id"

#define STAFF_COLUMNS \
  "s.id, s.username, s.display_name, s.job_title, s.roles, s.line_manager_id, s.active, " \
  "s.must_change_password"

enum
{
  COL_ID,
  COL_CASE_REFERENCE,
  COL_GIVEN_NAMES,
  COL_FAMILY_NAME,
  COL_PREFERRED_NAME,
  COL_DATE_OF_BIRTH,
  COL_DOB_PRECISION,
  COL_GENDER,
  COL_ETHNICITY,
  COL_FIRST_LANGUAGE,
  COL_RELIGION,
  COL_DISABILITY,
  COL_LEGAL_STATUS,
  COL_ALLOCATED_WORKER_ID,
};

struct _CwChildRepository
{
  GObject    parent_instance;

  CwSession *session;
};

G_DEFINE_FINAL_TYPE (CwChildRepository, cw_child_repository, G_TYPE_OBJECT)

G_DEFINE_QUARK (cw-child-error-quark, cw_child_error)

/* What a list model needs to bind its statements again at every page. */
typedef struct
{
  CwSession *session;
  GStrv      terms;          /* folded search terms; NULL for none */
  gint64     actor_id;       /* list_recent: whose views */
  gint64     limit;          /* list_recent: how many */
} CwChildQuery;

static void
child_query_free (gpointer data)
{
  CwChildQuery *query = data;

  g_clear_object (&query->session);
  g_clear_pointer (&query->terms, g_strfreev);
  g_free (query);
}

static gint64
now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/*
 * g_date_valid() only says whether a GDate was set; a GDate filled in by
 * hand may still hold 31 February. This checks the date itself.
 */
static gboolean
date_is_real (const GDate *date)
{
  if (date == NULL || !g_date_valid (date))
    return FALSE;
  if (date->dmy)
    return g_date_valid_dmy ((GDateDay) date->day, (GDateMonth) date->month,
                             (GDateYear) date->year);

  return g_date_valid_julian (date->julian_days);
}

static char *
id_to_string (gint64 id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

/*
 * Folds @text for comparison: case folded and compatibility-decomposed,
 * and with @strip_marks without combining marks (accents).
 */
static char *
fold_text (const char *text,
           gboolean    strip_marks)
{
  g_autofree char *folded = NULL;
  g_autofree char *normal = NULL;
  GString *out;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return g_strdup ("");

  folded = g_utf8_casefold (text, -1);
  normal = g_utf8_normalize (folded, -1, strip_marks ? G_NORMALIZE_NFKD : G_NORMALIZE_NFKC);
  if (normal == NULL)
    return g_strdup ("");

  if (!strip_marks)
    return g_steal_pointer (&normal);

  out = g_string_sized_new (strlen (normal));
  for (const char *p = normal; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK ||
          type == G_UNICODE_ENCLOSING_MARK)
        continue;
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static void
fold_sql_cb (sqlite3_context  *context,
             int               argc,
             sqlite3_value   **argv)
{
  const char *text;

  g_assert (argc == 2);

  if (sqlite3_value_type (argv[0]) == SQLITE_NULL)
    {
      sqlite3_result_null (context);
      return;
    }

  text = (const char *) sqlite3_value_text (argv[0]);
  sqlite3_result_text (context, fold_text (text, sqlite3_value_int (argv[1]) != 0), -1, g_free);
}

/* Registers cw_fold (text, strip_marks) on the connection once. */
static void
ensure_sql_functions (CwDatabase *database)
{
  sqlite3 *handle = cw_database_get_handle (database);
  sqlite3_stmt *probe = NULL;

  if (handle == NULL)
    return;

  if (sqlite3_prepare_v2 (handle, "SELECT cw_fold ('', 0)", -1, &probe, NULL) == SQLITE_OK)
    {
      sqlite3_finalize (probe);
      return;
    }
  sqlite3_finalize (probe);

  sqlite3_create_function_v2 (handle, "cw_fold", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                              NULL, fold_sql_cb, NULL, NULL, NULL);
}

static void
set_locked_error (GError **error)
{
  g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_LOCKED,
                       _("Casework is locked. Unlock it to continue."));
}

/* The open database, or NULL with a "locked" error. */
static CwDatabase *
get_database (CwChildRepository  *self,
              GError            **error)
{
  CwDatabase *database = cw_session_get_database (self->session);

  if (database == NULL || !cw_database_is_open (database))
    {
      set_locked_error (error);
      return NULL;
    }

  return database;
}

static void
set_not_permitted_error (GError **error)
{
  g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED,
                       _("You do not have access to this child’s record. Ask the allocated "
                         "worker, their line manager or the Designated Safeguarding Lead if "
                         "you need it."));
}

static void
set_not_found_error (GError **error)
{
  g_set_error_literal (error, CW_CHILD_ERROR, CW_CHILD_ERROR_NOT_FOUND,
                       _("This child’s record could not be found. It may have been removed."));
}

static void
visibility_parameters (CwSession *session,
                       gint64    *me,
                       gboolean  *see_team,
                       gboolean  *see_all)
{
  CwStaffMember *member = cw_session_get_staff_member (session);

  *see_all = cw_session_can (session, CW_PERMISSION_VIEW_ALL_CHILDREN);
  *see_team = cw_session_can (session, CW_PERMISSION_VIEW_TEAM_CHILDREN);

  /* Someone who neither records case notes nor views children (an
   * administrator only) sees nothing, even if allocated or shared. */
  if (member != NULL &&
      (*see_all || *see_team || cw_session_can (session, CW_PERMISSION_RECORD_CASE_NOTES)))
    *me = cw_staff_member_get_id (member);
  else
    *me = -1;
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? text : "";
}

static CwDatePrecision
precision_from_string (const char *text)
{
  if (g_strcmp0 (text, "approximate") == 0)
    return CW_DATE_APPROXIMATE;
  if (g_strcmp0 (text, "unknown") == 0)
    return CW_DATE_UNKNOWN;

  return CW_DATE_EXACT;
}

static const char *
precision_to_string (CwDatePrecision precision)
{
  switch (precision)
    {
    case CW_DATE_APPROXIMATE:
      return "approximate";
    case CW_DATE_UNKNOWN:
      return "unknown";
    case CW_DATE_EXACT:
    default:
      return "exact";
    }
}

static gboolean
parse_date (const char *text,
            GDate      *date)
{
  unsigned int year, month, day;
  char rest;

  g_date_clear (date, 1);

  if (text == NULL || sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &rest) != 3)
    return FALSE;
  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;

  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

static char *
format_date (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", (unsigned int) g_date_get_year (date),
                          (unsigned int) g_date_get_month (date),
                          (unsigned int) g_date_get_day (date));
}

static CwChild *
child_from_row (sqlite3_stmt *stmt)
{
  CwChild *child = cw_child_new ();
  CwDatePrecision precision;
  GDate date;

  cw_child_set_id (child, sqlite3_column_int64 (stmt, COL_ID));
  cw_child_set_case_reference (child, column_text (stmt, COL_CASE_REFERENCE));
  cw_child_set_given_names (child, column_text (stmt, COL_GIVEN_NAMES));
  cw_child_set_family_name (child, column_text (stmt, COL_FAMILY_NAME));
  cw_child_set_preferred_name (child, column_text (stmt, COL_PREFERRED_NAME));

  precision = precision_from_string (column_text (stmt, COL_DOB_PRECISION));
  if (precision != CW_DATE_UNKNOWN &&
      parse_date ((const char *) sqlite3_column_text (stmt, COL_DATE_OF_BIRTH), &date))
    {
      cw_child_set_date_of_birth (child, &date);
      cw_child_set_dob_precision (child, precision);
    }
  else
    cw_child_set_dob_precision (child, CW_DATE_UNKNOWN);

  cw_child_set_gender (child, column_text (stmt, COL_GENDER));
  cw_child_set_ethnicity (child, column_text (stmt, COL_ETHNICITY));
  cw_child_set_first_language (child, column_text (stmt, COL_FIRST_LANGUAGE));
  cw_child_set_religion (child, column_text (stmt, COL_RELIGION));
  cw_child_set_disability (child, column_text (stmt, COL_DISABILITY));
  cw_child_set_legal_status (child, column_text (stmt, COL_LEGAL_STATUS));
  cw_child_set_allocated_worker_id (child, sqlite3_column_int64 (stmt, COL_ALLOCATED_WORKER_ID));

  return child;
}

static GObject *
child_from_row_cb (CwSqlStatement *stmt,
                   gpointer        user_data)
{
  return G_OBJECT (child_from_row (stmt));
}

static CwStaffMember *
staff_from_row (sqlite3_stmt *stmt)
{
  return cw_staff_member_new (sqlite3_column_int64 (stmt, 0),
                              column_text (stmt, 1),
                              column_text (stmt, 2),
                              column_text (stmt, 3),
                              (CwRoles) sqlite3_column_int (stmt, 4),
                              sqlite3_column_int64 (stmt, 5),
                              sqlite3_column_int (stmt, 6) != 0,
                              sqlite3_column_int (stmt, 7) != 0);
}

static gboolean
may_view (CwSession *session,
          gint64     child_id)
{
  CwDatabase *database = cw_session_get_database (session);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (database == NULL || !cw_database_is_open (database) || child_id <= 0)
    return FALSE;

  stmt = cw_database_prepare (database,
                              "SELECT 1 FROM children c WHERE c.id = :child_id AND "
                              CW_CHILD_VISIBLE_SQL ("c.id"),
                              NULL);
  if (stmt == NULL)
    return FALSE;

  cw_child_repository_bind_visibility (session, stmt);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":child_id"), child_id);

  return sqlite3_step (stmt) == SQLITE_ROW;
}

/* Reads one child with its adults; no permission check. */
static CwChild *
read_child (CwDatabase  *database,
            gint64       child_id,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) adults = NULL;
  g_autoptr(CwChild) child = NULL;
  int rc;

  stmt = cw_database_prepare (database,
                              "SELECT " CHILD_COLUMNS " FROM children c WHERE c.id = ?1",
                              error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, child_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      set_not_found_error (error);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      cw_database_set_error (database, error, rc, "reading a child");
      return NULL;
    }

  child = child_from_row (stmt);

  adults = cw_database_prepare (database,
                                "SELECT id, name, relationship, parental_responsibility, "
                                "contact_details FROM child_adults WHERE child_id = ?1 "
                                "ORDER BY position, id",
                                error);
  if (adults == NULL)
    return NULL;

  sqlite3_bind_int64 (adults, 1, child_id);
  while ((rc = sqlite3_step (adults)) == SQLITE_ROW)
    {
      CwChildAdult *adult = cw_child_adult_new (column_text (adults, 1),
                                                column_text (adults, 2),
                                                sqlite3_column_int (adults, 3) != 0,
                                                column_text (adults, 4));

      adult->id = sqlite3_column_int64 (adults, 0);
      cw_child_add_adult (child, adult);
    }
  if (rc != SQLITE_DONE)
    {
      cw_database_set_error (database, error, rc, "reading a child’s adults");
      return NULL;
    }

  return g_steal_pointer (&child);
}

/* Validation */

static gboolean
is_allowed_control (gunichar c,
                    gboolean multi_line)
{
  return multi_line && (c == '\n' || c == '\r');
}

/*
 * Checks one text field and returns a trimmed copy to store. @label is the
 * field's name as the user knows it (translated, lower case).
 */
static char *
normalise_text (const char  *value,
                const char  *label,
                gboolean     required,
                guint        max_chars,
                gboolean     multi_line,
                GError     **error)
{
  g_autofree char *copy = NULL;

  if (value == NULL)
    value = "";

  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, CW_CHILD_ERROR, CW_CHILD_ERROR_INVALID,
                   _("Some characters in the %s are not valid text. Type it again."), label);
      return NULL;
    }

  copy = g_strstrip (g_strdup (value));

  if (required && copy[0] == '\0')
    {
      g_set_error (error, CW_CHILD_ERROR, CW_CHILD_ERROR_INVALID,
                   _("Enter the %s: it cannot be left empty."), label);
      return NULL;
    }

  if (g_utf8_strlen (copy, -1) > (glong) max_chars)
    {
      g_set_error (error, CW_CHILD_ERROR, CW_CHILD_ERROR_INVALID,
                   _("Shorten the %s to %u characters or fewer."), label, max_chars);
      return NULL;
    }

  for (const char *p = copy; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) && !is_allowed_control (c, multi_line))
        {
          g_set_error (error, CW_CHILD_ERROR, CW_CHILD_ERROR_INVALID,
                       multi_line
                       ? _("Remove the tabs and other control characters from the %s.")
                       : _("Remove the line breaks and tabs from the %s."),
                       label);
          return NULL;
        }
    }

  return g_steal_pointer (&copy);
}

static gboolean
is_known_legal_status (const char *status)
{
  return status != NULL && g_strv_contains (cw_legal_status_all (), status);
}

static gboolean
validate_date_of_birth (CwChild  *child,
                        GError  **error)
{
  CwDatePrecision precision = cw_child_get_dob_precision (child);
  const GDate *born = cw_child_get_date_of_birth (child);
  g_autoptr(GDateTime) now = NULL;
  GDate today;

  if (precision == CW_DATE_UNKNOWN)
    return TRUE;

  if (precision != CW_DATE_EXACT && precision != CW_DATE_APPROXIMATE)
    {
      g_set_error_literal (error, CW_CHILD_ERROR, CW_CHILD_ERROR_INVALID,
                           _("Say whether the date of birth is exact, approximate or "
                             "unknown."));
      return FALSE;
    }

  if (!date_is_real (born))
    {
      g_set_error_literal (error, CW_CHILD_ERROR, CW_CHILD_ERROR_INVALID,
                           _("The date of birth is not a real date. Enter a valid date, or "
                             "mark the date of birth as unknown."));
      return FALSE;
    }

  if (g_date_get_year (born) < EARLIEST_BIRTH_YEAR)
    {
      g_set_error (error, CW_CHILD_ERROR, CW_CHILD_ERROR_INVALID,
                   _("The date of birth is before %d. Check the date of birth."),
                   EARLIEST_BIRTH_YEAR);
      return FALSE;
    }

  now = g_date_time_new_now_local ();
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));

  if (g_date_compare (born, &today) > 0)
    {
      g_set_error_literal (error, CW_CHILD_ERROR, CW_CHILD_ERROR_INVALID,
                           _("The date of birth is in the future. Check the date of birth."));
      return FALSE;
    }

  return TRUE;
}

/* Checks @child and returns a copy with trimmed text to store. */
static CwChild *
validate_child (CwChild  *child,
                GError  **error)
{
  g_autoptr(CwChild) clean = cw_child_copy (child);
  GPtrArray *adults;
  struct
  {
    const char *(*get) (CwChild *);
    void        (*set) (CwChild *, const char *);
    const char  *label;
    gboolean     required;
    guint        max_chars;
  } fields[] = {
    { cw_child_get_case_reference, cw_child_set_case_reference, N_("case reference"),
      TRUE, MAX_REFERENCE_CHARS },
    { cw_child_get_given_names, cw_child_set_given_names, N_("given names"),
      TRUE, MAX_NAME_CHARS },
    { cw_child_get_family_name, cw_child_set_family_name, N_("family name"),
      TRUE, MAX_NAME_CHARS },
    { cw_child_get_preferred_name, cw_child_set_preferred_name, N_("preferred name"),
      FALSE, MAX_OTHER_CHARS },
    { cw_child_get_gender, cw_child_set_gender, N_("gender"), FALSE, MAX_OTHER_CHARS },
    { cw_child_get_ethnicity, cw_child_set_ethnicity, N_("ethnicity"), FALSE, MAX_OTHER_CHARS },
    { cw_child_get_first_language, cw_child_set_first_language, N_("first language"),
      FALSE, MAX_OTHER_CHARS },
    { cw_child_get_religion, cw_child_set_religion, N_("religion"), FALSE, MAX_OTHER_CHARS },
    { cw_child_get_disability, cw_child_set_disability, N_("disability"),
      FALSE, MAX_OTHER_CHARS },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *value = normalise_text (fields[i].get (child), _(fields[i].label),
                                               fields[i].required, fields[i].max_chars,
                                               FALSE, error);

      if (value == NULL)
        return NULL;
      fields[i].set (clean, value);
    }

  if (!is_known_legal_status (cw_child_get_legal_status (child)))
    {
      g_set_error_literal (error, CW_CHILD_ERROR, CW_CHILD_ERROR_INVALID,
                           _("Choose the legal status from the list."));
      return NULL;
    }

  if (!validate_date_of_birth (child, error))
    return NULL;

  adults = cw_child_get_adults (clean);
  for (guint i = 0; i < adults->len; i++)
    {
      CwChildAdult *adult = g_ptr_array_index (adults, i);
      g_autofree char *name = NULL;
      g_autofree char *relationship = NULL;
      g_autofree char *contact = NULL;

      name = normalise_text (adult->name, _("name of the adult"), TRUE, MAX_OTHER_CHARS,
                             FALSE, error);
      if (name == NULL)
        return NULL;
      relationship = normalise_text (adult->relationship, _("relationship of the adult"),
                                     FALSE, MAX_NAME_CHARS, FALSE, error);
      if (relationship == NULL)
        return NULL;
      contact = normalise_text (adult->contact_details, _("contact details of the adult"),
                                FALSE, MAX_CONTACT_CHARS, TRUE, error);
      if (contact == NULL)
        return NULL;

      g_free (adult->name);
      adult->name = g_steal_pointer (&name);
      g_free (adult->relationship);
      adult->relationship = g_steal_pointer (&relationship);
      g_free (adult->contact_details);
      adult->contact_details = g_steal_pointer (&contact);
      adult->parental_responsibility = adult->parental_responsibility != FALSE;
    }

  return g_steal_pointer (&clean);
}

/*
 * May the signed-in person allocate a child to @worker_id? The worker must
 * be an active member of staff who records case notes; a practitioner
 * allocates only to themselves, a line manager to themselves or their
 * team, a DSL to anyone.
 */
static gboolean
check_allocation (CwChildRepository  *self,
                  gint64              worker_id,
                  GError            **error)
{
  CwStaffRepository *staff = cw_session_get_staff_repository (self->session);
  CwStaffMember *me = cw_session_get_staff_member (self->session);
  g_autoptr(CwStaffMember) worker = NULL;
  g_autoptr(GError) local_error = NULL;

  if (staff == NULL || me == NULL)
    {
      set_locked_error (error);
      return FALSE;
    }

  worker = cw_staff_repository_lookup_by_id (staff, worker_id, &local_error);
  if (worker == NULL)
    {
      if (g_error_matches (local_error, CW_STAFF_ERROR, CW_STAFF_ERROR_NOT_FOUND))
        g_set_error_literal (error, CW_CHILD_ERROR, CW_CHILD_ERROR_INVALID,
                             _("The allocated worker is not a member of staff. Choose "
                               "someone from the list."));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!cw_staff_member_get_active (worker))
    {
      g_set_error_literal (error, CW_CHILD_ERROR, CW_CHILD_ERROR_INVALID,
                           _("The allocated worker no longer works here. Choose someone "
                             "who does."));
      return FALSE;
    }

  if (!cw_permission_granted (cw_staff_member_get_roles (worker),
                              CW_PERMISSION_RECORD_CASE_NOTES))
    {
      g_set_error_literal (error, CW_CHILD_ERROR, CW_CHILD_ERROR_INVALID,
                           _("The allocated worker does not record case notes. Choose a "
                             "practitioner, line manager or Designated Safeguarding Lead."));
      return FALSE;
    }

  if (worker_id == cw_staff_member_get_id (me) ||
      cw_session_can (self->session, CW_PERMISSION_VIEW_ALL_CHILDREN))
    return TRUE;

  if (cw_session_can (self->session, CW_PERMISSION_VIEW_TEAM_CHILDREN))
    {
      if (cw_staff_member_get_line_manager_id (worker) == cw_staff_member_get_id (me))
        return TRUE;

      g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED,
                           _("You can allocate a child only to yourself or to someone you "
                             "line-manage. Ask the Designated Safeguarding Lead to allocate "
                             "to anyone else."));
      return FALSE;
    }

  g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED,
                       _("You can allocate a child only to yourself. Ask your line manager "
                         "or the Designated Safeguarding Lead to allocate to someone else."));
  return FALSE;
}

/* Inside the caller's transaction. */
static gboolean
check_reference_free (CwDatabase  *database,
                      const char  *reference,
                      gint64       child_id,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  ensure_sql_functions (database);

  stmt = cw_database_prepare (database,
                              "SELECT 1 FROM children WHERE id <> ?2 AND "
                              "(case_reference = ?1 COLLATE NOCASE OR "
                              "cw_fold (case_reference, 0) = cw_fold (?1, 0))",
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, reference, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, child_id);
  rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    {
      g_set_error (error, CW_CHILD_ERROR, CW_CHILD_ERROR_DUPLICATE_REFERENCE,
                   _("Another child already has the case reference “%s”. Each child needs "
                     "their own case reference."),
                   reference);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      cw_database_set_error (database, error, rc, "checking a case reference");
      return FALSE;
    }

  return TRUE;
}

static void
bind_child_columns (sqlite3_stmt *stmt,
                    CwChild      *child)
{
  const GDate *born = cw_child_get_date_of_birth (child);
  CwDatePrecision precision = cw_child_get_dob_precision (child);

  sqlite3_bind_text (stmt, 1, cw_child_get_case_reference (child), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, cw_child_get_given_names (child), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, cw_child_get_family_name (child), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, cw_child_get_preferred_name (child), -1, SQLITE_TRANSIENT);
  if (precision != CW_DATE_UNKNOWN && date_is_real (born))
    sqlite3_bind_text (stmt, 5, format_date (born), -1, g_free);
  else
    sqlite3_bind_null (stmt, 5);
  sqlite3_bind_text (stmt, 6, precision_to_string (precision), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, cw_child_get_gender (child), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, cw_child_get_ethnicity (child), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 9, cw_child_get_first_language (child), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 10, cw_child_get_religion (child), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 11, cw_child_get_disability (child), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 12, cw_child_get_legal_status (child), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 13, cw_child_get_allocated_worker_id (child));
  sqlite3_bind_int64 (stmt, 14, now_unix ());
}

/* Replaces the adults of @child_id with those of @child, in order. */
static gboolean
write_adults (CwDatabase  *database,
              gint64       child_id,
              CwChild     *child,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) remove = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  GPtrArray *adults = cw_child_get_adults (child);

  remove = cw_database_prepare (database, "DELETE FROM child_adults WHERE child_id = ?1", error);
  if (remove == NULL)
    return FALSE;
  sqlite3_bind_int64 (remove, 1, child_id);
  if (!cw_database_step_done (database, remove, error))
    return FALSE;

  insert = cw_database_prepare (database,
                                "INSERT INTO child_adults (child_id, name, relationship, "
                                "parental_responsibility, contact_details, position) "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                error);
  if (insert == NULL)
    return FALSE;

  for (guint i = 0; i < adults->len; i++)
    {
      CwChildAdult *adult = g_ptr_array_index (adults, i);

      sqlite3_reset (insert);
      sqlite3_bind_int64 (insert, 1, child_id);
      sqlite3_bind_text (insert, 2, adult->name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 3, adult->relationship, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (insert, 4, adult->parental_responsibility ? 1 : 0);
      sqlite3_bind_text (insert, 5, adult->contact_details, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (insert, 6, (int) i);
      if (!cw_database_step_done (database, insert, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
adults_equal (CwChild *a,
              CwChild *b)
{
  GPtrArray *x = cw_child_get_adults (a);
  GPtrArray *y = cw_child_get_adults (b);

  if (x->len != y->len)
    return FALSE;

  for (guint i = 0; i < x->len; i++)
    {
      CwChildAdult *p = g_ptr_array_index (x, i);
      CwChildAdult *q = g_ptr_array_index (y, i);

      if (g_strcmp0 (p->name, q->name) != 0 ||
          g_strcmp0 (p->relationship, q->relationship) != 0 ||
          (p->parental_responsibility != FALSE) != (q->parental_responsibility != FALSE) ||
          g_strcmp0 (p->contact_details, q->contact_details) != 0)
        return FALSE;
    }

  return TRUE;
}

static gboolean
dates_of_birth_equal (CwChild *a,
                      CwChild *b)
{
  const GDate *x = cw_child_get_date_of_birth (a);
  const GDate *y = cw_child_get_date_of_birth (b);

  if (cw_child_get_dob_precision (a) != cw_child_get_dob_precision (b))
    return FALSE;
  if (date_is_real (x) != date_is_real (y))
    return FALSE;

  return !date_is_real (x) || g_date_compare (x, y) == 0;
}

/*
 * The names (never the values) of the fields that differ, for the audit
 * detail: "given names, date of birth". Empty when nothing changed.
 */
static char *
describe_changes (CwChild *before,
                  CwChild *after)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  struct
  {
    const char *(*get) (CwChild *);
    const char  *name;
  } fields[] = {
    { cw_child_get_case_reference, "case reference" },
    { cw_child_get_given_names, "given names" },
    { cw_child_get_family_name, "family name" },
    { cw_child_get_preferred_name, "preferred name" },
    { cw_child_get_gender, "gender" },
    { cw_child_get_ethnicity, "ethnicity" },
    { cw_child_get_first_language, "first language" },
    { cw_child_get_religion, "religion" },
    { cw_child_get_disability, "disability" },
    { cw_child_get_legal_status, "legal status" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      if (g_strcmp0 (fields[i].get (before), fields[i].get (after)) != 0)
        g_ptr_array_add (names, (gpointer) fields[i].name);

      /* Keep the order of the form: date of birth after the names. */
      if (fields[i].get == cw_child_get_preferred_name && !dates_of_birth_equal (before, after))
        g_ptr_array_add (names, (gpointer) "date of birth");
    }

  if (cw_child_get_allocated_worker_id (before) != cw_child_get_allocated_worker_id (after))
    g_ptr_array_add (names, (gpointer) "allocated worker");
  if (!adults_equal (before, after))
    g_ptr_array_add (names, (gpointer) "adults");

  g_ptr_array_add (names, NULL);
  return g_strjoinv (", ", (char **) names->pdata);
}

/* Splits @search into at most MAX_SEARCH_TERMS folded words; NULL for none. */
static GStrv
search_terms (const char *search)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) words = NULL;
  g_autofree char *folded = NULL;
  guint n = 0;

  if (search == NULL || !g_utf8_validate (search, -1, NULL))
    return NULL;

  folded = fold_text (search, TRUE);
  words = g_strsplit_set (folded, " \t\n\r", -1);
  builder = g_strv_builder_new ();

  for (guint i = 0; words[i] != NULL && n < MAX_SEARCH_TERMS; i++)
    {
      if (words[i][0] == '\0')
        continue;
      g_strv_builder_add (builder, words[i]);
      n++;
    }

  if (n == 0)
    return NULL;

  return g_strv_builder_end (builder);
}

static void
bind_query_cb (CwSqlStatement *stmt,
               gpointer        user_data)
{
  CwChildQuery *query = user_data;
  int index;

  cw_child_repository_bind_visibility (query->session, stmt);

  for (guint i = 0; query->terms != NULL && query->terms[i] != NULL; i++)
    {
      g_autofree char *name = g_strdup_printf (":cw_term%u", i);

      index = sqlite3_bind_parameter_index (stmt, name);
      if (index > 0)
        sqlite3_bind_text (stmt, index, query->terms[i], -1, SQLITE_TRANSIENT);
    }

  index = sqlite3_bind_parameter_index (stmt, ":cw_recent_actor");
  if (index > 0)
    sqlite3_bind_int64 (stmt, index, query->actor_id);
  index = sqlite3_bind_parameter_index (stmt, ":cw_recent_limit");
  if (index > 0)
    sqlite3_bind_int64 (stmt, index, query->limit);
}

static GListModel *
empty_list (void)
{
  return G_LIST_MODEL (g_list_store_new (CW_TYPE_CHILD));
}

/* May the signed-in person share this child (and take shares away)? */
static gboolean
check_may_share (CwChildRepository  *self,
                 CwDatabase         *database,
                 gint64              child_id,
                 GError            **error)
{
  CwStaffMember *me = cw_session_get_staff_member (self->session);
  g_autoptr(CwChild) child = NULL;
  g_autoptr(CwStaffMember) worker = NULL;
  gint64 worker_id;

  if (!may_view (self->session, child_id))
    {
      set_not_permitted_error (error);
      return FALSE;
    }

  child = read_child (database, child_id, error);
  if (child == NULL)
    return FALSE;

  if (cw_session_can (self->session, CW_PERMISSION_VIEW_ALL_CHILDREN))
    return TRUE;

  worker_id = cw_child_get_allocated_worker_id (child);
  if (me != NULL && worker_id != 0 && worker_id == cw_staff_member_get_id (me) &&
      cw_session_can (self->session, CW_PERMISSION_RECORD_CASE_NOTES))
    return TRUE;

  if (me != NULL && worker_id != 0 &&
      cw_session_can (self->session, CW_PERMISSION_VIEW_TEAM_CHILDREN))
    {
      worker = cw_staff_repository_lookup_by_id (cw_session_get_staff_repository (self->session),
                                                 worker_id, NULL);
      if (worker != NULL &&
          cw_staff_member_get_line_manager_id (worker) == cw_staff_member_get_id (me))
        return TRUE;
    }

  g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED,
                       _("Only the allocated worker, their line manager or the Designated "
                         "Safeguarding Lead can share this child’s record."));
  return FALSE;
}

static void
cw_child_repository_dispose (GObject *object)
{
  CwChildRepository *self = CW_CHILD_REPOSITORY (object);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (cw_child_repository_parent_class)->dispose (object);
}

static void
cw_child_repository_class_init (CwChildRepositoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cw_child_repository_dispose;
}

static void
cw_child_repository_init (CwChildRepository *self)
{
}

/* Private API (cw-child-repository-private.h) */

/**
 * cw_child_repository_bind_visibility:
 *
 * Binds :cw_me, :cw_see_team and :cw_see_all of CW_CHILD_VISIBLE_SQL for
 * the signed-in person. A locked or signed-out session sees nothing.
 */
void
cw_child_repository_bind_visibility (CwSession    *session,
                                     sqlite3_stmt *stmt)
{
  gint64 me;
  gboolean see_team, see_all;
  int index;

  g_return_if_fail (CW_IS_SESSION (session));
  g_return_if_fail (stmt != NULL);

  visibility_parameters (session, &me, &see_team, &see_all);

  index = sqlite3_bind_parameter_index (stmt, ":cw_me");
  if (index > 0)
    sqlite3_bind_int64 (stmt, index, me);
  index = sqlite3_bind_parameter_index (stmt, ":cw_see_team");
  if (index > 0)
    sqlite3_bind_int (stmt, index, see_team ? 1 : 0);
  index = sqlite3_bind_parameter_index (stmt, ":cw_see_all");
  if (index > 0)
    sqlite3_bind_int (stmt, index, see_all ? 1 : 0);
}

gboolean
cw_session_may_view_child (CwSession *session,
                           gint64     child_id)
{
  g_return_val_if_fail (CW_IS_SESSION (session), FALSE);

  return may_view (session, child_id);
}

/* Public API */

CwChildRepository *
cw_child_repository_new (CwSession *session)
{
  CwChildRepository *self;

  g_return_val_if_fail (CW_IS_SESSION (session), NULL);

  self = g_object_new (CW_TYPE_CHILD_REPOSITORY, NULL);
  self->session = g_object_ref (session);

  return self;
}

gboolean
cw_child_repository_may_view (CwChildRepository *self,
                              gint64             child_id)
{
  g_return_val_if_fail (CW_IS_CHILD_REPOSITORY (self), FALSE);

  return may_view (self->session, child_id);
}

/**
 * cw_child_repository_create:
 * @child: the record to store; its id is ignored. An allocated worker of 0
 *   means the signed-in person.
 *
 * Audited as "create".
 *
 * Returns: (transfer full): the stored record with its id, or NULL.
 */
CwChild *
cw_child_repository_create (CwChildRepository  *self,
                            CwChild            *child,
                            GError            **error)
{
  g_autoptr(CwChild) clean = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *object_id = NULL;
  CwDatabase *database;
  CwStaffMember *me;
  gint64 child_id;

  g_return_val_if_fail (CW_IS_CHILD_REPOSITORY (self), NULL);
  g_return_val_if_fail (CW_IS_CHILD (child), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  database = get_database (self, error);
  if (database == NULL)
    return NULL;

  if (!cw_session_require (self->session, CW_PERMISSION_RECORD_CASE_NOTES, error))
    return NULL;

  clean = validate_child (child, error);
  if (clean == NULL)
    return NULL;

  me = cw_session_get_staff_member (self->session);
  if (cw_child_get_allocated_worker_id (clean) <= 0)
    cw_child_set_allocated_worker_id (clean, cw_staff_member_get_id (me));

  if (!check_allocation (self, cw_child_get_allocated_worker_id (clean), error))
    return NULL;

  if (!cw_database_begin (database, error))
    return NULL;

  if (!check_reference_free (database, cw_child_get_case_reference (clean), 0, error))
    goto failed;

  stmt = cw_database_prepare (database,
                              "INSERT INTO children (case_reference, given_names, family_name, "
                              "preferred_name, date_of_birth, dob_precision, gender, ethnicity, "
                              "first_language, religion, disability, legal_status, "
                              "allocated_worker_id, updated_at, created_at, created_by) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
                              "?14, ?14, ?15)",
                              error);
  if (stmt == NULL)
    goto failed;

  bind_child_columns (stmt, clean);
  sqlite3_bind_int64 (stmt, 15, cw_staff_member_get_id (me));
  if (!cw_database_step_done (database, stmt, error))
    goto failed;

  child_id = cw_database_last_insert_rowid (database);
  object_id = id_to_string (child_id);

  if (!write_adults (database, child_id, clean, error) ||
      !cw_session_audit (self->session, "create", "child", object_id, "", error) ||
      !cw_database_commit (database, error))
    goto failed;

  return read_child (database, child_id, error);

failed:
  cw_database_rollback (database);
  return NULL;
}

/**
 * cw_child_repository_update:
 * @child: the changed record (its id says which). An allocated worker of 0
 *   keeps the current one.
 *
 * Stores the child row and replaces the adults as a set, in one
 * transaction. Audited as "child-change" with the names of the changed
 * fields; nothing is written when nothing changed.
 */
gboolean
cw_child_repository_update (CwChildRepository  *self,
                            CwChild            *child,
                            GError            **error)
{
  g_autoptr(CwChild) clean = NULL;
  g_autoptr(CwChild) before = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *object_id = NULL;
  g_autofree char *changes = NULL;
  CwDatabase *database;
  gint64 child_id;

  g_return_val_if_fail (CW_IS_CHILD_REPOSITORY (self), FALSE);
  g_return_val_if_fail (CW_IS_CHILD (child), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  database = get_database (self, error);
  if (database == NULL)
    return FALSE;

  child_id = cw_child_get_id (child);
  if (!may_view (self->session, child_id))
    {
      set_not_permitted_error (error);
      return FALSE;
    }

  if (!cw_session_require (self->session, CW_PERMISSION_RECORD_CASE_NOTES, error))
    return FALSE;

  clean = validate_child (child, error);
  if (clean == NULL)
    return FALSE;

  before = read_child (database, child_id, error);
  if (before == NULL)
    return FALSE;

  if (cw_child_get_allocated_worker_id (clean) <= 0)
    cw_child_set_allocated_worker_id (clean, cw_child_get_allocated_worker_id (before));

  if (cw_child_get_allocated_worker_id (clean) != cw_child_get_allocated_worker_id (before) &&
      !check_allocation (self, cw_child_get_allocated_worker_id (clean), error))
    return FALSE;

  changes = describe_changes (before, clean);
  if (changes[0] == '\0')
    return TRUE;

  object_id = id_to_string (child_id);

  if (!cw_database_begin (database, error))
    return FALSE;

  if (!check_reference_free (database, cw_child_get_case_reference (clean), child_id, error))
    goto failed;

  stmt = cw_database_prepare (database,
                              "UPDATE children SET case_reference = ?1, given_names = ?2, "
                              "family_name = ?3, preferred_name = ?4, date_of_birth = ?5, "
                              "dob_precision = ?6, gender = ?7, ethnicity = ?8, "
                              "first_language = ?9, religion = ?10, disability = ?11, "
                              "legal_status = ?12, allocated_worker_id = ?13, updated_at = ?14 "
                              "WHERE id = ?15",
                              error);
  if (stmt == NULL)
    goto failed;

  bind_child_columns (stmt, clean);
  sqlite3_bind_int64 (stmt, 15, child_id);
  if (!cw_database_step_done (database, stmt, error))
    goto failed;

  if (!adults_equal (before, clean) && !write_adults (database, child_id, clean, error))
    goto failed;

  if (!cw_session_audit (self->session, "child-change", "child", object_id, changes, error) ||
      !cw_database_commit (database, error))
    goto failed;

  return TRUE;

failed:
  cw_database_rollback (database);
  return FALSE;
}

/**
 * cw_child_repository_open:
 *
 * Reads a child's record for reading by the signed-in person and audits
 * it as "view". A refusal is audited as "view-refused" and is
 * CW_SESSION_ERROR_NOT_PERMITTED.
 *
 * Returns: (transfer full): the record with its adults, or NULL.
 */
CwChild *
cw_child_repository_open (CwChildRepository  *self,
                          gint64              child_id,
                          GError            **error)
{
  g_autoptr(CwChild) child = NULL;
  g_autofree char *object_id = NULL;
  CwDatabase *database;

  g_return_val_if_fail (CW_IS_CHILD_REPOSITORY (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  database = get_database (self, error);
  if (database == NULL)
    return NULL;

  object_id = id_to_string (child_id);

  if (!may_view (self->session, child_id))
    {
      g_autoptr(GError) audit_error = NULL;

      if (!cw_session_audit (self->session, "view-refused", "child", object_id, "",
                             &audit_error))
        g_warning ("Could not record a refused view in the audit log: %s",
                   audit_error->message);

      set_not_permitted_error (error);
      return NULL;
    }

  child = read_child (database, child_id, error);
  if (child == NULL)
    return NULL;

  /* No view without its audit row. */
  if (!cw_session_audit (self->session, "view", "child", object_id, "", error))
    return NULL;

  return g_steal_pointer (&child);
}

/**
 * cw_child_repository_lookup:
 *
 * Like cw_child_repository_open() without the audit row: for names in
 * labels and headings of records already opened.
 *
 * Returns: (transfer full): the record with its adults, or NULL.
 */
CwChild *
cw_child_repository_lookup (CwChildRepository  *self,
                            gint64              child_id,
                            GError            **error)
{
  CwDatabase *database;

  g_return_val_if_fail (CW_IS_CHILD_REPOSITORY (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  database = get_database (self, error);
  if (database == NULL)
    return NULL;

  if (!may_view (self->session, child_id))
    {
      set_not_permitted_error (error);
      return NULL;
    }

  return read_child (database, child_id, error);
}

/**
 * cw_child_repository_list:
 * @search: (nullable): words that must each appear in the case reference or
 *   a name, ignoring case and accents
 *
 * Items carry no adults (open the record for those). The permissions are
 * those of the signed-in person at each page fetch.
 *
 * Returns: (transfer full): a lazy GListModel of CwChild.
 */
GListModel *
cw_child_repository_list (CwChildRepository *self,
                          const char        *search)
{
  g_autoptr(GString) where = NULL;
  g_autofree char *select_sql = NULL;
  g_autofree char *count_sql = NULL;
  CwChildQuery *query;
  CwDatabase *database;

  g_return_val_if_fail (CW_IS_CHILD_REPOSITORY (self), NULL);

  database = get_database (self, NULL);
  if (database == NULL)
    return empty_list ();

  ensure_sql_functions (database);

  query = g_new0 (CwChildQuery, 1);
  query->session = g_object_ref (self->session);
  query->terms = search_terms (search);

  where = g_string_new ("WHERE " CW_CHILD_VISIBLE_SQL ("c.id"));
  for (guint i = 0; query->terms != NULL && query->terms[i] != NULL; i++)
    g_string_append_printf (where,
                            " AND instr (cw_fold (c.case_reference || char (10) || "
                            "c.given_names || char (10) || c.family_name || char (10) || "
                            "c.preferred_name, 1), :cw_term%u) > 0",
                            i);

  select_sql = g_strdup_printf ("SELECT " CHILD_COLUMNS " FROM children c %s " CHILD_ORDER,
                                where->str);
  count_sql = g_strdup_printf ("SELECT count(*) FROM children c %s", where->str);

  return G_LIST_MODEL (cw_sql_list_model_new (database, CW_TYPE_CHILD, select_sql, count_sql,
                                              bind_query_cb, child_from_row_cb,
                                              query, child_query_free));
}

/**
 * cw_child_repository_share:
 *
 * Gives @staff_id access to the child. The allocated worker, their line
 * manager or a DSL may share, with an active staff member who records case
 * notes. Audited as "child-share" (detail: the username shared with).
 * Sharing again changes nothing.
 */
gboolean
cw_child_repository_share (CwChildRepository  *self,
                           gint64              child_id,
                           gint64              staff_id,
                           GError            **error)
{
  g_autoptr(CwStaffMember) member = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *object_id = NULL;
  CwDatabase *database;

  g_return_val_if_fail (CW_IS_CHILD_REPOSITORY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  database = get_database (self, error);
  if (database == NULL)
    return FALSE;

  if (!check_may_share (self, database, child_id, error))
    return FALSE;

  member = cw_staff_repository_lookup_by_id (cw_session_get_staff_repository (self->session),
                                             staff_id, &local_error);
  if (member == NULL)
    {
      if (g_error_matches (local_error, CW_STAFF_ERROR, CW_STAFF_ERROR_NOT_FOUND))
        g_set_error_literal (error, CW_CHILD_ERROR, CW_CHILD_ERROR_INVALID,
                             _("The person to share with is not a member of staff."));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!cw_staff_member_get_active (member))
    {
      g_set_error_literal (error, CW_CHILD_ERROR, CW_CHILD_ERROR_INVALID,
                           _("The person to share with no longer works here."));
      return FALSE;
    }

  if (!cw_permission_granted (cw_staff_member_get_roles (member),
                              CW_PERMISSION_RECORD_CASE_NOTES))
    {
      g_set_error_literal (error, CW_CHILD_ERROR, CW_CHILD_ERROR_INVALID,
                           _("A child’s record can be shared only with someone who records "
                             "case notes."));
      return FALSE;
    }

  object_id = id_to_string (child_id);

  if (!cw_database_begin (database, error))
    return FALSE;

  stmt = cw_database_prepare (database,
                              "INSERT OR IGNORE INTO child_shares (child_id, staff_id, "
                              "shared_by, shared_at) VALUES (?1, ?2, ?3, ?4)",
                              error);
  if (stmt == NULL)
    goto failed;

  sqlite3_bind_int64 (stmt, 1, child_id);
  sqlite3_bind_int64 (stmt, 2, staff_id);
  sqlite3_bind_int64 (stmt, 3,
                      cw_staff_member_get_id (cw_session_get_staff_member (self->session)));
  sqlite3_bind_int64 (stmt, 4, now_unix ());
  if (!cw_database_step_done (database, stmt, error))
    goto failed;

  if (sqlite3_changes (cw_database_get_handle (database)) > 0 &&
      !cw_session_audit (self->session, "child-share", "child", object_id,
                         cw_staff_member_get_username (member), error))
    goto failed;

  if (!cw_database_commit (database, error))
    goto failed;

  return TRUE;

failed:
  cw_database_rollback (database);
  return FALSE;
}

/**
 * cw_child_repository_unshare:
 *
 * Takes away a share (same permission as sharing). Audited as
 * "child-unshare"; taking away a share that does not exist changes nothing.
 */
gboolean
cw_child_repository_unshare (CwChildRepository  *self,
                             gint64              child_id,
                             gint64              staff_id,
                             GError            **error)
{
  g_autoptr(CwStaffMember) member = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *object_id = NULL;
  g_autofree char *detail = NULL;
  CwDatabase *database;

  g_return_val_if_fail (CW_IS_CHILD_REPOSITORY (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  database = get_database (self, error);
  if (database == NULL)
    return FALSE;

  if (!check_may_share (self, database, child_id, error))
    return FALSE;

  member = cw_staff_repository_lookup_by_id (cw_session_get_staff_repository (self->session),
                                             staff_id, NULL);
  detail = member != NULL ? g_strdup (cw_staff_member_get_username (member))
                          : id_to_string (staff_id);
  object_id = id_to_string (child_id);

  if (!cw_database_begin (database, error))
    return FALSE;

  stmt = cw_database_prepare (database,
                              "DELETE FROM child_shares WHERE child_id = ?1 AND staff_id = ?2",
                              error);
  if (stmt == NULL)
    goto failed;

  sqlite3_bind_int64 (stmt, 1, child_id);
  sqlite3_bind_int64 (stmt, 2, staff_id);
  if (!cw_database_step_done (database, stmt, error))
    goto failed;

  if (sqlite3_changes (cw_database_get_handle (database)) > 0 &&
      !cw_session_audit (self->session, "child-unshare", "child", object_id, detail, error))
    goto failed;

  if (!cw_database_commit (database, error))
    goto failed;

  return TRUE;

failed:
  cw_database_rollback (database);
  return FALSE;
}

/**
 * cw_child_repository_list_shares:
 *
 * Returns: (transfer full) (element-type CwStaffMember): the people the
 *   child is shared with, by display name; NULL on error.
 */
GPtrArray *
cw_child_repository_list_shares (CwChildRepository  *self,
                                 gint64              child_id,
                                 GError            **error)
{
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  CwDatabase *database;
  int rc;

  g_return_val_if_fail (CW_IS_CHILD_REPOSITORY (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  database = get_database (self, error);
  if (database == NULL)
    return NULL;

  if (!may_view (self->session, child_id))
    {
      set_not_permitted_error (error);
      return NULL;
    }

  stmt = cw_database_prepare (database,
                              "SELECT " STAFF_COLUMNS " FROM child_shares cs "
                              "JOIN staff s ON s.id = cs.staff_id WHERE cs.child_id = ?1 "
                              "ORDER BY s.display_name COLLATE NOCASE, s.id",
                              error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, child_id);
  members = g_ptr_array_new_with_free_func (g_object_unref);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (members, staff_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      cw_database_set_error (database, error, rc, "listing shares");
      return NULL;
    }

  return g_steal_pointer (&members);
}

/**
 * cw_child_repository_list_recent:
 * @limit: the most children to give
 *
 * Read from the audit log ("view" rows with the signed-in person as actor).
 *
 * Returns: (transfer full): a GListModel of CwChild, most recently opened
 *   first, each child once, only those the person may still see.
 */
GListModel *
cw_child_repository_list_recent (CwChildRepository *self,
                                 guint              limit)
{
  CwStaffMember *me;
  CwChildQuery *query;
  CwDatabase *database;

#define RECENT_SQL \
  "FROM children c JOIN (" \
  "SELECT r.child_id AS child_id, r.last_seq AS last_seq FROM (" \
  "SELECT CAST (a.object_id AS INTEGER) AS child_id, max (a.seq) AS last_seq " \
  "FROM audit a WHERE a.actor_id = :cw_recent_actor AND a.action = 'view' " \
  "AND a.object_type = 'child' GROUP BY a.object_id) r " \
  "WHERE " CW_CHILD_VISIBLE_SQL ("r.child_id") " " \
  "ORDER BY r.last_seq DESC LIMIT :cw_recent_limit) rc ON rc.child_id = c.id "

  g_return_val_if_fail (CW_IS_CHILD_REPOSITORY (self), NULL);

  database = get_database (self, NULL);
  me = cw_session_get_staff_member (self->session);
  if (database == NULL || me == NULL || limit == 0)
    return empty_list ();

  query = g_new0 (CwChildQuery, 1);
  query->session = g_object_ref (self->session);
  query->actor_id = cw_staff_member_get_id (me);
  query->limit = limit;

  return G_LIST_MODEL (cw_sql_list_model_new (database, CW_TYPE_CHILD,
                                              "SELECT " CHILD_COLUMNS " " RECENT_SQL
                                              "ORDER BY rc.last_seq DESC",
                                              "SELECT count(*) " RECENT_SQL,
                                              bind_query_cb, child_from_row_cb,
                                              query, child_query_free));
#undef RECENT_SQL
}
