/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cw-session.h"

G_BEGIN_DECLS

/*
 * The fixture shared by the register tests (test-gifts, test-contacts,
 * test-photo-consent). One template database is made once and copied for
 * each test. Its staff:
 *
 *   admin  administrator only
 *   mona   line manager
 *   pat    practitioner, line-managed by mona
 *   sam    practitioner, no line manager
 *   dee    DSL
 *
 * and children (made by dee): ALPHA (CHILD_GIVEN CHILD_FAMILY) allocated to
 * pat, BRAVO allocated to sam, CHARLIE allocated to sam and shared with pat
 * (so pat may see it and mona may not). After
 * register_test_use_birth_dates(), ALPHA is born 15 June 2010, BRAVO
 * 1 January 2012 and CHARLIE's date of birth is unknown; otherwise no date
 * of birth is set. Each person signs in once on the template with their
 * password; tests then sign in with the unlock key (no Argon2) and sign out
 * before the next person signs in.
 *
 * The names are short on purpose: this file is compiled only into those
 * three test programs.
 */

#define ORGANISATION    "Riverside Family Centre"
#define ADMIN_PASSWORD  "Harbour-Lantern-Violet-2718"
#define STAFF_PASSWORD  "Copper-Meadow-Tuesday-5521"

/* Content that must never reach the audit log. */
#define DISTINCTIVE_TEXT    "Zanzibarian marmalade hamper"
#define DISTINCTIVE_FAMILY  "Ottoline Quickthorn"
#define CHILD_GIVEN         "Xanthippe"
#define CHILD_FAMILY        "Quillfeather"

typedef struct
{
  char *dir;
  char *db_path;
} Fixture;

extern gint64 child_alpha, child_bravo, child_charlie;

/* Call before g_test_run() to give the template's children dates of birth. */
void         register_test_use_birth_dates (void);
/* Call after g_test_run(): removes the template. */
void         register_test_clean_up   (void);

void         fixture_set_up           (Fixture       *fixture,
                                       gconstpointer  user_data);
void         fixture_tear_down        (Fixture       *fixture,
                                       gconstpointer  user_data);

/* The staff member's id, and a session signed in with their unlock key. */
gint64       id_of                    (const char    *username);
CwSession   *sign_in                  (Fixture       *fixture,
                                       const char    *username);
/* Signs out and drops the reference. */
void         end_session              (CwSession     *session);

/* "1,2,3" */
char        *ids_string               (const gint64  *ids,
                                       guint          n);

void         set_date                 (GDate         *date,
                                       int            year,
                                       int            month,
                                       int            day);

/* The audit log as "action|object_type|object_id|detail" strings. */
GPtrArray   *audit_rows               (CwSession     *session);
gboolean     audit_has                (CwSession     *session,
                                       const char    *format,
                                       ...) G_GNUC_PRINTF (2, 3);
gboolean     audit_mentions           (CwSession     *session,
                                       const char    *text);

/* RFC 4180 CSV (CRLF rows, quoted fields) as rows of fields. */
GPtrArray   *parse_csv                (const char    *text);
const char  *cell                     (GPtrArray     *rows,
                                       guint          r,
                                       guint          c);
void         assert_cell_id           (GPtrArray     *rows,
                                       guint          r,
                                       guint          c,
                                       gint64         id);
/* The column of @title in the header row. */
guint        column                   (GPtrArray     *rows,
                                       const char    *title);

/*
 * A second template, for the judgement and sign-off tests (test-judgements,
 * test-sign-offs), whose people and children the register template's do
 * not fit. The test program describes them in a PeopleTemplate and passes
 * it as the test data of people_fixture_set_up(); the template is made
 * once, with admin and then each person in order (each signs in once with
 * STAFF_PASSWORD), the last person making the children. sign_in(), id_of()
 * and fixture_tear_down() then work as for the register template. A test
 * program uses one template or the other, never both.
 */
typedef struct
{
  const char *username;
  const char *display_name;
  const char *job_title;
  CwRoles     roles;
  const char *line_manager;   /* the username of someone earlier, or NULL */
  gint64     *id_out;         /* (nullable): set to the person's id */
} TemplatePerson;

typedef struct
{
  const char *reference;
  const char *given;
  const char *family;
  const char *worker;         /* the allocated worker's username */
  const char *shared_with;    /* a username, or NULL */
  gint64     *id_out;         /* (nullable): set to the child's id */
} TemplateChild;

typedef struct
{
  const TemplatePerson *people;
  guint                 n_people;
  const TemplateChild  *children;
  guint                 n_children;
} PeopleTemplate;

/* @user_data: the const PeopleTemplate *. */
void         people_fixture_set_up    (Fixture       *fixture,
                                       gconstpointer  user_data);
/* Call after g_test_run(): removes the people template. */
void         people_template_clean_up (void);

/* @date set to today plus @n days (@n < 0: before today). */
void         set_days_from_today      (GDate         *date,
                                       int            n);

/* The first column of the one row @sql gives, with ?1 bound to @id when
 * @sql has a parameter. */
gint64       stored_int               (CwSession     *session,
                                       const char    *sql,
                                       gint64         id);
char        *stored_text              (CwSession     *session,
                                       const char    *sql,
                                       gint64         id);
/* Runs raw SQL (as a tampering user might) with each ? replaced by @id. */
gboolean     run_raw_sql              (CwSession     *session,
                                       const char    *sql,
                                       gint64         id,
                                       GError       **error);

/* end_session(), first failing the test if a statement other than
 * SQLCipher's own is still prepared (one session at a time: the database
 * is opened exclusively). */
void         end_session_checked      (CwSession     *session);

/* The ids @sql gives, in its order, with ?1 bound to @me. */
GArray      *reference_ids            (CwSession     *session,
                                       const char    *sql,
                                       gint64         me);
/* A register row's id (cw_gift_declaration_get_id, …). */
typedef gint64 (*RegisterItemId)      (gpointer       item);
/* @model (a register list; pages of three rows, two kept) gives exactly
 * @expected: jumping to the end and the middle first, then every row
 * backwards and forwards; and cw_sql_list_model_foreach() gives it too. */
void         assert_pages             (GListModel    *model,
                                       GArray        *expected,
                                       RegisterItemId id_of);

G_END_DECLS
