/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <adwaita.h>

#include "core/cw-child-repository.h"
#include "core/cw-entry-repository.h"
#include "core/cw-key.h"
#include "core/cw-session.h"
#include "gui/cw-child-editor.h"
#include "gui/cw-child-page.h"
#include "gui/cw-entry-editor.h"
#include "gui/cw-timeline.h"
#include "cw-gui-test-util.h"
#include "cw-test-util.h"

/*
 * The child page driven through its widgets, on a real SQLCipher database
 * built once (Argon2 is slow on purpose) and copied for every test:
 *
 *   admin  administrator
 *   dee    DSL: sees every child and restricted notes; writes the notes
 *   pat    practitioner: Maya is allocated to pat
 *
 * Maya Fenwick (CR-7001) has eight finished notes, one restricted; Leo
 * Marsh (CR-7002) has none.
 */

#define ORGANISATION   "Brookfield Family Services"
#define ADMIN_PASSWORD "Lantern-Orchard-Pebble-4417"
#define DEE_PASSWORD   "Saffron-Harbour-Violet-9021"
#define PAT_PASSWORD   "Thistle-Copper-Meadow-3385"

static const char *const file_suffixes[] = { "", "-wal", "-shm", ".keys" };

static char *template_dir;
static char *template_db;
static gint64 pat_id;
static gint64 maya, leo;
static gint64 n_concern, n_month, n_timed, n_first, n_second, n_zoe, n_periwinkle, n_restricted;

/* Maya's notes in chronology order, as their summaries. */
static const char *const maya_order[] = {
  "Nursery noticed a bruise on Maya’s cheek",
  "Health visitor: appointments missed in February",
  "Home visit before school",
  "First untimed note of the day",
  "Second untimed note of the day",
  "Meeting with Zoë at the office",
  "Core group meeting",
  "Maya told her teacher what happened at home",
};

typedef struct
{
  char      *dir;
  char      *path;
  CwSession *session;
  GtkWidget *window;
  GtkWidget *page;
  guint      n_close_requests;
} Fixture;

/* Log handling ------------------------------------------------------------ */

/* CwDatabase warns when it closes a connection with statements still
 * prepared; SQLite's FTS4 module keeps its own until the connection closes
 * (searching makes it prepare them). */
static gboolean
fatal_log_cb (const char     *log_domain,
              GLogLevelFlags  log_level,
              const char     *message,
              gpointer        user_data)
{
  return !(g_strcmp0 (log_domain, "cw-database") == 0 &&
           g_strcmp0 (message, "Closing the database while statements are still prepared") == 0);
}

static void
database_log_cb (const char     *log_domain,
                 GLogLevelFlags  log_level,
                 const char     *message,
                 gpointer        user_data)
{
  if (g_strcmp0 (message, "Closing the database while statements are still prepared") == 0)
    return;

  g_log_default_handler (log_domain, log_level, message, user_data);
}

static void
quiet_fts_statements (void)
{
  g_test_log_set_fatal_handler (fatal_log_cb, NULL);
  g_log_set_handler ("cw-database", G_LOG_LEVEL_WARNING | G_LOG_FLAG_FATAL, database_log_cb,
                     NULL);
}

/* Building the database ----------------------------------------------------- */

static CwSession *
sign_in (const char *db_path,
         const char *username,
         const char *password)
{
  g_autoptr(GError) error = NULL;
  CwSession *session;

  quiet_fts_statements ();
  session = cw_session_sign_in_with_password (db_path, username, password, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);
  return session;
}

static gint64
add_staff (CwSession  *session,
           const char *username,
           const char *name,
           CwRoles     roles,
           const char *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwStaffMember) member = NULL;

  member = cw_session_add_staff (session, ADMIN_PASSWORD, username, name, "Social worker",
                                 roles, 0, password, &error);
  g_assert_no_error (error);
  return cw_staff_member_get_id (member);
}

typedef struct
{
  CwEntryKind       kind;
  int               year, month, day;
  int               hour, minute;
  CwEventPrecision  precision;
  const char       *summary;
  gboolean          significant;
  gboolean          restricted;
  const char       *observed;
} Note;

static gint64
write_note (CwEntryRepository *notes,
            gint64             child_id,
            const Note        *note)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwEntry) draft = cw_entry_repository_create_draft (notes, child_id, note->kind,
                                                               &error);
  GDate day;

  g_assert_no_error (error);
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, note->day, note->month, note->year);
  cw_entry_set_event_date (draft, &day);
  cw_entry_set_event_precision (draft, note->precision);
  cw_entry_set_event_time (draft, note->hour, note->minute);
  cw_entry_set_text (draft, CW_ENTRY_FIELD_SUMMARY, note->summary);
  if (note->observed != NULL)
    cw_entry_set_text (draft, CW_ENTRY_FIELD_OBSERVED_FACTS, note->observed);
  cw_entry_set_significant (draft, note->significant);
  cw_entry_set_restricted (draft, note->restricted);
  cw_entry_set_outcomes (draft, CW_OUTCOME_STAY_SAFE);

  cw_entry_repository_finish (notes, draft, &error);
  g_assert_no_error (error);
  return cw_entry_get_id (draft);
}

static void
build_template (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = NULL;
  g_autoptr(CwChildRepository) children = NULL;
  g_autoptr(CwEntryRepository) notes = NULL;
  g_autoptr(CwChild) child = NULL;
  g_autoptr(CwChild) stored = NULL;
  g_autofree char *recovery_key = NULL;
  GDate dob;

  template_dir = cw_test_make_tmpdir ();
  template_db = g_build_filename (template_dir, "brookfield.db", NULL);

  session = cw_session_create_database (template_db, ORGANISATION, "admin", "Ada Admin",
                                        ADMIN_PASSWORD, &recovery_key, &error);
  g_assert_no_error (error);
  cw_secure_wipe_string (recovery_key);
  add_staff (session, "dee", "Dee Lead", CW_ROLE_DSL, DEE_PASSWORD);
  pat_id = add_staff (session, "pat", "Pat Practitioner", CW_ROLE_PRACTITIONER, PAT_PASSWORD);
  cw_session_sign_out (session);
  g_clear_object (&session);

  session = sign_in (template_db, "dee", DEE_PASSWORD);
  children = cw_child_repository_new (session);

  child = cw_child_new ();
  cw_child_set_case_reference (child, "CR-7001");
  cw_child_set_given_names (child, "Maya");
  cw_child_set_family_name (child, "Fenwick");
  g_date_clear (&dob, 1);
  g_date_set_dmy (&dob, 12, G_DATE_APRIL, 2016);
  cw_child_set_date_of_birth (child, &dob);
  cw_child_set_dob_precision (child, CW_DATE_EXACT);
  cw_child_set_legal_status (child, CW_LEGAL_STATUS_CHILD_PROTECTION_PLAN);
  cw_child_set_allocated_worker_id (child, pat_id);
  cw_child_add_adult (child, cw_child_adult_new ("Rachel Fenwick", "Mother", TRUE,
                                                 "07700 900123"));
  cw_child_add_adult (child, cw_child_adult_new ("Dean Holt", "Mother’s partner", FALSE,
                                                 "Not known"));
  stored = cw_child_repository_create (children, child, &error);
  g_assert_no_error (error);
  maya = cw_child_get_id (stored);
  g_clear_object (&child);
  g_clear_object (&stored);

  child = cw_child_new ();
  cw_child_set_case_reference (child, "CR-7002");
  cw_child_set_given_names (child, "Leo");
  cw_child_set_family_name (child, "Marsh");
  cw_child_set_dob_precision (child, CW_DATE_UNKNOWN);
  cw_child_set_legal_status (child, CW_LEGAL_STATUS_CHILD_IN_NEED);
  cw_child_set_allocated_worker_id (child, pat_id);
  stored = cw_child_repository_create (children, child, &error);
  g_assert_no_error (error);
  leo = cw_child_get_id (stored);

  /* Written out of order: the chronology orders them. */
  notes = cw_entry_repository_new (session);
  n_zoe = write_note (notes, maya, &(Note) {
    CW_ENTRY_KIND_OFFICE_VISIT, 2022, 6, 1, -1, -1, CW_EVENT_DAY,
    "Meeting with Zoë at the office" });
  n_timed = write_note (notes, maya, &(Note) {
    CW_ENTRY_KIND_HOME_VISIT, 2021, 3, 10, 9, 30, CW_EVENT_EXACT, "Home visit before school" });
  n_first = write_note (notes, maya, &(Note) {
    CW_ENTRY_KIND_CASE_NOTE, 2021, 3, 10, -1, -1, CW_EVENT_DAY,
    "First untimed note of the day" });
  n_concern = write_note (notes, maya, &(Note) {
    CW_ENTRY_KIND_CONCERN, 2020, 11, 5, -1, -1, CW_EVENT_DAY,
    "Nursery noticed a bruise on Maya’s cheek", .significant = TRUE });
  n_second = write_note (notes, maya, &(Note) {
    CW_ENTRY_KIND_CASE_NOTE, 2021, 3, 10, -1, -1, CW_EVENT_DAY,
    "Second untimed note of the day" });
  n_month = write_note (notes, maya, &(Note) {
    CW_ENTRY_KIND_INFORMATION_RECEIVED, 2021, 2, 1, -1, -1, CW_EVENT_MONTH,
    "Health visitor: appointments missed in February" });
  n_restricted = write_note (notes, maya, &(Note) {
    CW_ENTRY_KIND_DISCLOSURE, 2023, 1, 20, -1, -1, CW_EVENT_DAY,
    "Maya told her teacher what happened at home", .significant = TRUE, .restricted = TRUE });
  n_periwinkle = write_note (notes, maya, &(Note) {
    CW_ENTRY_KIND_MEETING, 2022, 9, 14, -1, -1, CW_EVENT_DAY, "Core group meeting",
    .observed = "Maya wore a periwinkle coat that was too small for her" });

  g_clear_object (&notes);
  g_clear_object (&children);
  cw_session_sign_out (session);
}

static void
copy_database (const char *to_db)
{
  for (guint i = 0; i < G_N_ELEMENTS (file_suffixes); i++)
    {
      g_autofree char *from = g_strconcat (template_db, file_suffixes[i], NULL);
      g_autofree char *to = g_strconcat (to_db, file_suffixes[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (!g_file_test (from, G_FILE_TEST_EXISTS))
        continue;
      g_file_get_contents (from, &contents, &len, &error);
      g_assert_no_error (error);
      g_file_set_contents_full (to, contents, len, G_FILE_SET_CONTENTS_NONE, 0600, &error);
      g_assert_no_error (error);
    }
}

/* The fixture --------------------------------------------------------------- */

static void
close_requested_cb (GtkWidget *page,
                    Fixture   *fixture)
{
  fixture->n_close_requests++;
}

static gboolean
page_idle (gpointer user_data)
{
  return !cw_child_page_is_busy (CW_CHILD_PAGE (user_data));
}

/* Opens @child_id's page for @username in a window of @height pixels. */
static void
open_page (Fixture    *fixture,
           const char *username,
           const char *password,
           gint64      child_id,
           int         height)
{
  g_autoptr(GError) error = NULL;

  fixture->session = sign_in (fixture->path, username, password);
  fixture->page = cw_child_page_new (fixture->session, child_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->page);
  g_signal_connect (fixture->page, "close-requested", G_CALLBACK (close_requested_cb), fixture);

  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1200, height);
  gtk_window_set_child (GTK_WINDOW (fixture->window), fixture->page);
  gtk_window_present (GTK_WINDOW (fixture->window));
  cw_gui_test_wait_for_showing (fixture->page, CW_GUI_TEST_QUICK_MS);
  g_assert_true (cw_gui_test_wait_until (page_idle, fixture->page, CW_GUI_TEST_SLOW_MS));
  cw_gui_test_flush ();
}

static void
close_page (Fixture *fixture)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autoptr(GPtrArray) windows = g_ptr_array_new_with_free_func (g_object_unref);

  /* The quality summary reads through the session in a thread. */
  if (fixture->page != NULL)
    g_assert_true (cw_gui_test_wait_until (page_idle, fixture->page, CW_GUI_TEST_SLOW_MS));

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    g_ptr_array_add (windows, g_list_model_get_item (toplevels, i));
  for (guint i = 0; i < windows->len; i++)
    gtk_window_destroy (g_ptr_array_index (windows, i));
  fixture->window = NULL;
  fixture->page = NULL;
  cw_gui_test_flush ();

  if (fixture->session != NULL)
    cw_session_sign_out (fixture->session);
  g_clear_object (&fixture->session);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  quiet_fts_statements ();
  fixture->dir = cw_test_make_tmpdir ();
  fixture->path = g_build_filename (fixture->dir, "brookfield.db", NULL);
  copy_database (fixture->path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  close_page (fixture);
  cw_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->path, g_free);
  g_clear_pointer (&fixture->dir, g_free);
}

/* Reading what the page shows --------------------------------------------- */

static GtkWidget *
get (Fixture    *fixture,
     const char *id)
{
  return cw_gui_test_get (fixture->page, id);
}

typedef struct
{
  GtkWidget *label;
  double     y;
} Row;

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const Row *ra = a, *rb = b;

  return ra->y < rb->y ? -1 : ra->y > rb->y ? 1 : 0;
}

static void
collect_named (GtkWidget  *root,
               const char *name,
               GtkWidget  *relative_to,
               GArray     *rows)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (g_strcmp0 (gtk_widget_get_name (child), name) == 0 && cw_gui_test_is_showing (child))
        {
          graphene_point_t point;
          Row row = { child, 0 };

          if (gtk_widget_compute_point (child, relative_to, &GRAPHENE_POINT_INIT (0, 0), &point))
            row.y = point.y;
          g_array_append_val (rows, row);
        }
      collect_named (child, name, relative_to, rows);
    }
}

/* The summary labels of the rows, top to bottom (Row each). */
static GArray *
summary_rows (Fixture *fixture)
{
  GtkWidget *view = get (fixture, "column_view");
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (Row));

  collect_named (view, "summary-label", view, rows);
  g_array_sort (rows, compare_rows);
  return rows;
}

/* The summaries the list shows, top to bottom, joined with " | ". */
static char *
shown_summaries (Fixture *fixture)
{
  g_autoptr(GArray) rows = summary_rows (fixture);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < rows->len; i++)
    {
      if (i > 0)
        g_string_append (text, " | ");
      g_string_append (text, gtk_label_get_text (GTK_LABEL (g_array_index (rows, Row, i).label)));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
join_summaries (const char *const *summaries,
                guint              n)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (text, " | ");
      g_string_append (text, summaries[i]);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

typedef struct
{
  Fixture    *fixture;
  const char *expected;
} SummariesWait;

static gboolean
summaries_are (gpointer user_data)
{
  SummariesWait *wait = user_data;
  g_autofree char *shown = shown_summaries (wait->fixture);

  return g_strcmp0 (shown, wait->expected) == 0;
}

static void
wait_for_summaries (Fixture    *fixture,
                    const char *expected)
{
  SummariesWait wait = { fixture, expected };

  if (!cw_gui_test_wait_until (summaries_are, &wait, CW_GUI_TEST_QUICK_MS))
    {
      g_autofree char *shown = shown_summaries (fixture);

      g_error ("The list shows “%s”, not “%s”", shown, expected);
    }
}

static void
wait_for_label_text (GtkWidget  *label,
                     const char *text)
{
  cw_gui_test_wait_for_label_text (label, text, CW_GUI_TEST_QUICK_MS);
}

typedef struct
{
  GtkStack   *stack;
  const char *name;
  AdwStatusPage *status;
  const char *description_part;
} StackWait;

static gboolean
stack_shows (gpointer user_data)
{
  StackWait *wait = user_data;
  const char *description;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (wait->stack), wait->name) != 0)
    return FALSE;
  if (wait->status == NULL)
    return TRUE;

  description = adw_status_page_get_description (wait->status);
  return description != NULL && strstr (description, wait->description_part) != NULL;
}

/* Waits for the no-match state whose description says @description_part. */
static void
wait_for_no_match (Fixture    *fixture,
                   const char *description_part)
{
  StackWait wait = {
    GTK_STACK (get (fixture, "content_stack")), "no-match",
    ADW_STATUS_PAGE (get (fixture, "no_match_status")), description_part
  };

  if (!cw_gui_test_wait_until (stack_shows, &wait, CW_GUI_TEST_QUICK_MS))
    g_error ("The page shows “%s”, not the no-match state",
             gtk_stack_get_visible_child_name (wait.stack));
  cw_gui_test_wait_for_showing (get (fixture, "no_match_clear_button"), CW_GUI_TEST_QUICK_MS);
}

static GtkWidget *
summary_label_of (Fixture    *fixture,
                  const char *summary)
{
  g_autoptr(GArray) rows = summary_rows (fixture);

  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *label = g_array_index (rows, Row, i).label;

      if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), summary) == 0)
        return label;
    }

  return NULL;
}

/* Whether a person sees the row of @summary inside the list's viewport. */
static gboolean
row_in_view (Fixture    *fixture,
             const char *summary)
{
  GtkWidget *scrolled = get (fixture, "scrolled_window");
  GtkWidget *label = summary_label_of (fixture, summary);
  graphene_point_t top, bottom;

  if (label == NULL)
    return FALSE;

  if (!gtk_widget_compute_point (label, scrolled, &GRAPHENE_POINT_INIT (0, 0), &top) ||
      !gtk_widget_compute_point (label, scrolled,
                                 &GRAPHENE_POINT_INIT (0, gtk_widget_get_height (label)),
                                 &bottom))
    return FALSE;

  return top.y >= 0 && bottom.y <= gtk_widget_get_height (scrolled);
}

static CwChronologyItem *
selected_item (Fixture *fixture)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (get (fixture, "column_view"));
  GtkSelectionModel *model = gtk_column_view_get_model (view);

  g_assert_true (GTK_IS_SINGLE_SELECTION (model));
  return gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (model));
}

/* Tests --------------------------------------------------------------------- */

static void
test_header (Fixture       *fixture,
             gconstpointer  data)
{
  GtkWidget *expander, *rachel;

  open_page (fixture, "dee", DEE_PASSWORD, maya, 760);

  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get (fixture, "reference_label"))), ==,
                   "CR-7001");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (get (fixture, "age_label"))),
                            "(born 12 Apr 2016)"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get (fixture, "legal_status_label"))), ==,
                   cw_legal_status_get_title (CW_LEGAL_STATUS_CHILD_PROTECTION_PLAN));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (get (fixture, "worker_label"))), ==,
                   "Pat Practitioner");
  g_assert_cmpstr (adw_window_title_get_title (ADW_WINDOW_TITLE (get (fixture, "window_title"))),
                   ==, "Maya Fenwick");

  /* The adults, behind an expander a person opens. */
  expander = get (fixture, "adults_expander");
  g_assert_nonnull (strstr (gtk_expander_get_label (GTK_EXPANDER (expander)), "(2)"));
  rachel = cw_gui_test_find_label (expander, "Rachel Fenwick");
  g_assert_true (rachel == NULL || !cw_gui_test_is_showing (rachel));
  gtk_expander_set_expanded (GTK_EXPANDER (expander), TRUE);
  cw_gui_test_wait_for_showing (cw_gui_test_find_label (expander, "Rachel Fenwick"),
                                CW_GUI_TEST_QUICK_MS);
  g_assert_nonnull (cw_gui_test_find_label (expander, "Mother · Parental responsibility"));
  g_assert_nonnull (cw_gui_test_find_label (expander,
                                            "Mother’s partner · No parental responsibility"));
  g_assert_nonnull (cw_gui_test_find_label (expander, "07700 900123"));
  cw_gui_test_screenshot (fixture->page, "child-page-header");

  /* Back: Alt+Left and Escape run this action. */
  g_assert_cmpuint (fixture->n_close_requests, ==, 0);
  cw_gui_test_activate_action (fixture->page, "child-page.go-back");
  g_assert_cmpuint (fixture->n_close_requests, ==, 1);
}

static void
test_order (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *expected = join_summaries (maya_order, G_N_ELEMENTS (maya_order));
  g_autoptr(GArray) rows = NULL;
  GtkWidget *month_row;
  GtkWidget *uncertainty;

  open_page (fixture, "dee", DEE_PASSWORD, maya, 1000);

  /* In event order: the month-only note on the first of its month, the
   * timed visit before the untimed notes of its day, those in the order
   * they were written. */
  wait_for_summaries (fixture, expected);
  wait_for_label_text (get (fixture, "count_label"), "8 entries");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (get (fixture,
                                                                     "content_stack"))),
                   ==, "list");

  /* The month-only note says so beside its date. */
  month_row = cw_gui_test_row_of (summary_label_of (fixture, maya_order[1]));
  uncertainty = cw_gui_test_find (month_row, "uncertainty-label");
  g_assert_nonnull (uncertainty);
  g_assert_true (cw_gui_test_is_showing (uncertainty));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (uncertainty)), ==, "Month only");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (cw_gui_test_find (month_row, "date-label"))),
                   ==, "February 2021");

  /* Significant events carry the star; others do not. */
  g_assert_true (cw_gui_test_is_showing (
    cw_gui_test_find (cw_gui_test_row_of (summary_label_of (fixture, maya_order[0])),
                      "significant-icon")));
  g_assert_false (cw_gui_test_is_showing (
    cw_gui_test_find (cw_gui_test_row_of (summary_label_of (fixture, maya_order[2])),
                      "significant-icon")));

  rows = summary_rows (fixture);
  g_assert_cmpuint (rows->len, ==, G_N_ELEMENTS (maya_order));

  /* The quality summary counts the notes the DSL can see. */
  g_assert_true (cw_gui_test_is_showing (get (fixture, "quality_button")));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (get (fixture,
                                                                       "quality_label"))),
                                   "8 notes — "));
  cw_gui_test_screenshot (fixture->page, "child-page-order");
}

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  GtkWidget *search;
  GtkWidget *row, *snippet;
  g_autofree char *all = join_summaries (maya_order, G_N_ELEMENTS (maya_order));

  open_page (fixture, "dee", DEE_PASSWORD, maya, 900);
  search = get (fixture, "search_entry");

  /* A word from the observed facts leaves that note, with the match
   * highlighted in a snippet. */
  cw_gui_test_set_text (search, "periwinkle");
  wait_for_summaries (fixture, "Core group meeting");
  wait_for_label_text (get (fixture, "count_label"), "1 of 8 entries match");
  row = cw_gui_test_row_of (summary_label_of (fixture, "Core group meeting"));
  snippet = cw_gui_test_find (row, "snippet-label");
  g_assert_true (cw_gui_test_is_showing (snippet));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (snippet)), "<b>"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (snippet)), ">periwinkle</span></b>"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (snippet)), "periwinkle coat"));
  cw_gui_test_screenshot (fixture->page, "child-page-search");

  /* Without the accent, and the summary itself highlighted. */
  cw_gui_test_set_text (search, "Zoe");
  wait_for_summaries (fixture, "Meeting with Zoë at the office");
  row = cw_gui_test_row_of (summary_label_of (fixture, "Meeting with Zoë at the office"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (cw_gui_test_find (row,
                                                                              "summary-label"))),
                            ">Zoë</span></b>"));

  /* Nothing to search for in punctuation alone. */
  cw_gui_test_set_text (search, "%_");
  wait_for_no_match (fixture, "letters or numbers");

  /* Quotes and SQL are words like any other: no note has them. */
  cw_gui_test_set_text (search, "\"'; DROP TABLE");
  wait_for_no_match (fixture, "fits every filter");
  cw_gui_test_screenshot (fixture->page, "child-page-no-match");

  /* Clear Filters brings everything back (and nothing was dropped). */
  cw_gui_test_click (get (fixture, "no_match_clear_button"));
  wait_for_summaries (fixture, all);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search)), ==, "");
  wait_for_label_text (get (fixture, "count_label"), "8 entries");
}

static void
test_filters (Fixture       *fixture,
              gconstpointer  data)
{
  const char *significant[] = { maya_order[0], maya_order[7] };
  g_autofree char *expected = join_summaries (significant, G_N_ELEMENTS (significant));
  g_autofree char *all = join_summaries (maya_order, G_N_ELEMENTS (maya_order));
  GtkWidget *kinds_button, *dates_button, *from, *message;
  GtkDropDown *author;
  GListModel *authors;
  guint pat_position = G_MAXUINT, dee_position = G_MAXUINT;

  open_page (fixture, "dee", DEE_PASSWORD, maya, 900);
  g_assert_false (gtk_widget_is_sensitive (get (fixture, "clear_filters_button")));

  cw_gui_test_click (get (fixture, "significant_toggle"));
  wait_for_summaries (fixture, expected);
  wait_for_label_text (get (fixture, "count_label"), "2 of 8 entries match");
  g_assert_true (gtk_widget_is_sensitive (get (fixture, "clear_filters_button")));

  /* With kinds as well: case notes only, none of them significant. */
  kinds_button = get (fixture, "kinds_button");
  gtk_menu_button_popup (GTK_MENU_BUTTON (kinds_button));
  cw_gui_test_click (cw_gui_test_get (kinds_button, "kind-check-case-note"));
  wait_for_no_match (fixture, "fits every filter");
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (kinds_button)), ==, "1 Kind");
  cw_gui_test_screenshot (fixture->page, "child-page-filters");
  gtk_menu_button_popdown (GTK_MENU_BUTTON (kinds_button));

  cw_gui_test_click (get (fixture, "significant_toggle"));
  wait_for_summaries (fixture, "First untimed note of the day | Second untimed note of the day");

  cw_gui_test_click (get (fixture, "clear_filters_button"));
  wait_for_summaries (fixture, all);
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (kinds_button)), ==, "All Kinds");
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (get (fixture,
                                                                        "significant_toggle"))));

  /* Dates: an impossible one is named and not applied; a real one is. */
  dates_button = get (fixture, "dates_button");
  gtk_menu_button_popup (GTK_MENU_BUTTON (dates_button));
  from = cw_gui_test_get (dates_button, "from_entry");
  cw_gui_test_wait_for_showing (from, CW_GUI_TEST_QUICK_MS);
  cw_gui_test_set_text (from, "31/02/2022");
  cw_gui_test_press_enter (from);
  message = cw_gui_test_get (dates_button, "dates_message");
  cw_gui_test_wait_for_showing (message, CW_GUI_TEST_QUICK_MS);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (message)), ==,
                   "There is no such date as 31/02/2022.");
  g_assert_true (gtk_widget_has_css_class (from, "error"));
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (dates_button)), ==, "Any Date");
  wait_for_summaries (fixture, all);

  cw_gui_test_set_text (from, "01/01/2022");
  wait_for_summaries (fixture, "Meeting with Zoë at the office | Core group meeting | "
                               "Maya told her teacher what happened at home");
  g_assert_false (gtk_widget_get_visible (message));
  g_assert_false (gtk_widget_has_css_class (from, "error"));
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (dates_button)), ==,
                   "From 01/01/2022");
  gtk_menu_button_popdown (GTK_MENU_BUTTON (dates_button));

  /* Author: Pat wrote none of Maya's notes; Dee wrote those three. */
  author = GTK_DROP_DOWN (get (fixture, "author_dropdown"));
  authors = gtk_drop_down_get_model (author);
  for (guint i = 0; i < g_list_model_get_n_items (authors); i++)
    {
      g_autoptr(CwStaffMember) member = g_list_model_get_item (authors, i);

      if (g_strcmp0 (cw_staff_member_get_display_name (member), "Pat Practitioner") == 0)
        pat_position = i;
      else if (g_strcmp0 (cw_staff_member_get_display_name (member), "Dee Lead") == 0)
        dee_position = i;
      /* Administrators who do not record notes are not offered. */
      g_assert_cmpstr (cw_staff_member_get_display_name (member), !=, "Ada Admin");
    }
  g_assert_cmpuint (pat_position, !=, G_MAXUINT);
  g_assert_cmpuint (dee_position, !=, G_MAXUINT);
  gtk_drop_down_set_selected (author, pat_position);
  wait_for_no_match (fixture, "fits every filter");
  gtk_drop_down_set_selected (author, dee_position);
  wait_for_label_text (get (fixture, "count_label"), "3 of 8 entries match");

  cw_gui_test_click (get (fixture, "clear_filters_button"));
  wait_for_summaries (fixture, all);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (from)), ==, "");
  g_assert_cmpuint (gtk_drop_down_get_selected (author), ==, 0);
}

typedef struct
{
  Fixture    *fixture;
  const char *summary;
} ViewWait;

static gboolean
row_comes_into_view (gpointer user_data)
{
  ViewWait *wait = user_data;

  return row_in_view (wait->fixture, wait->summary);
}

/* A key press as the widget's key controller receives it. */
static gboolean
press_key (GtkWidget *widget,
           guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean handled = FALSE;

  gtk_widget_grab_focus (widget);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        {
          g_signal_emit_by_name (controller, "key-pressed", keyval, 0, 0, &handled);
          break;
        }
    }
  cw_gui_test_flush ();
  return handled;
}

static void
test_timeline_click (Fixture       *fixture,
                     gconstpointer  data)
{
  CwTimeline *timeline;
  double x = 0, y = 0, x_concern = 0, y_concern = 0, x_meeting = 0, y_meeting = 0;
  CwChronologyItem *item;
  ViewWait wait;

  /* A short window: the last notes are below the fold. */
  open_page (fixture, "dee", DEE_PASSWORD, maya, 600);
  timeline = CW_TIMELINE (get (fixture, "timeline"));
  g_assert_true (cw_gui_test_is_showing (GTK_WIDGET (timeline)));
  g_assert_null (selected_item (fixture));

  /* Later events further right; significant ones taller (their centre
   * higher up). */
  g_assert_true (cw_timeline_get_point_for_entry (timeline, n_concern, &x_concern, &y_concern));
  g_assert_true (cw_timeline_get_point_for_entry (timeline, n_periwinkle, &x_meeting,
                                                  &y_meeting));
  g_assert_true (cw_timeline_get_point_for_entry (timeline, n_restricted, &x, &y));
  g_assert_cmpfloat (x_concern, <, x_meeting);
  g_assert_cmpfloat (x_meeting, <, x);
  g_assert_cmpfloat (y, <, y_meeting);
  g_assert_cmpfloat (y_concern, <, y_meeting);

  /* Clicking the last note's mark selects it and scrolls it into view. */
  g_assert_false (row_in_view (fixture, maya_order[7]));
  g_assert_true (cw_timeline_activate_at (timeline, x, y));
  wait = (ViewWait) { fixture, maya_order[7] };
  if (!cw_gui_test_wait_until (row_comes_into_view, &wait, CW_GUI_TEST_QUICK_MS))
    g_error ("The clicked note did not scroll into view");
  item = selected_item (fixture);
  g_assert_nonnull (item);
  g_assert_cmpint (cw_chronology_item_get_entry_id (item), ==, n_restricted);
  cw_gui_test_screenshot (fixture->page, "child-page-timeline-click");

  /* And back to the first. */
  g_assert_true (cw_timeline_activate_at (timeline, x_concern, y_concern));
  wait = (ViewWait) { fixture, maya_order[0] };
  if (!cw_gui_test_wait_until (row_comes_into_view, &wait, CW_GUI_TEST_QUICK_MS))
    g_error ("The first note did not scroll into view");
  item = selected_item (fixture);
  g_assert_nonnull (item);
  g_assert_cmpint (cw_chronology_item_get_entry_id (item), ==, n_concern);

  /* From the keyboard: End, then Enter, shows the last note again. */
  g_assert_true (press_key (GTK_WIDGET (timeline), GDK_KEY_End));
  g_assert_true (press_key (GTK_WIDGET (timeline), GDK_KEY_Return));
  wait = (ViewWait) { fixture, maya_order[7] };
  if (!cw_gui_test_wait_until (row_comes_into_view, &wait, CW_GUI_TEST_QUICK_MS))
    g_error ("Enter on the timeline did not show the last note");
  g_assert_cmpint (cw_chronology_item_get_entry_id (selected_item (fixture)), ==, n_restricted);
  g_assert_true (press_key (GTK_WIDGET (timeline), GDK_KEY_Home));
  g_assert_true (press_key (GTK_WIDGET (timeline), GDK_KEY_Right));
  g_assert_true (press_key (GTK_WIDGET (timeline), GDK_KEY_Return));
  g_assert_cmpint (cw_chronology_item_get_entry_id (selected_item (fixture)), ==, n_month);

  /* Where there is no mark, a click does nothing. */
  g_assert_false (cw_timeline_activate_at (timeline, 2, y));
  g_assert_cmpint (cw_chronology_item_get_entry_id (selected_item (fixture)), ==, n_month);
}

static void
test_restricted (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *all = join_summaries (maya_order, G_N_ELEMENTS (maya_order));
  g_autofree char *without = join_summaries (maya_order, G_N_ELEMENTS (maya_order) - 1);
  GtkWidget *row;

  /* The DSL sees the restricted note, marked with a lock. */
  open_page (fixture, "dee", DEE_PASSWORD, maya, 1000);
  wait_for_summaries (fixture, all);
  row = cw_gui_test_row_of (summary_label_of (fixture, maya_order[7]));
  g_assert_true (cw_gui_test_is_showing (cw_gui_test_find (row, "restricted-icon")));
  row = cw_gui_test_row_of (summary_label_of (fixture, maya_order[6]));
  g_assert_false (cw_gui_test_is_showing (cw_gui_test_find (row, "restricted-icon")));
  close_page (fixture);

  /* The allocated practitioner sees the child, but not that note. */
  open_page (fixture, "pat", PAT_PASSWORD, maya, 1000);
  wait_for_summaries (fixture, without);
  wait_for_label_text (get (fixture, "count_label"), "7 entries");
  g_assert_false (cw_timeline_get_point_for_entry (CW_TIMELINE (get (fixture, "timeline")),
                                                   n_restricted, NULL, NULL));
}

static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  GtkWidget *button;

  open_page (fixture, "pat", PAT_PASSWORD, leo, 760);

  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (get (fixture, "content_stack"))),
                   ==, "empty");
  button = get (fixture, "empty_new_note_button");
  g_assert_true (cw_gui_test_is_showing (button));
  g_assert_false (cw_gui_test_is_showing (get (fixture, "filter_bar")));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (get (fixture, "age_label"))),
                            "not known"));
  wait_for_label_text (get (fixture, "count_label"), "No entries");
  cw_gui_test_screenshot (fixture->page, "child-page-empty");
}

static void
test_new_note (Fixture       *fixture,
               gconstpointer  data)
{
  GtkWidget *button, *dialog = NULL, *finish;
  GtkWidget *editor = NULL;
  g_autoptr(CwEntryRepository) notes = NULL;
  g_autoptr(GListModel) drafts = NULL;
  g_autoptr(CwEntry) draft = NULL;

  open_page (fixture, "pat", PAT_PASSWORD, maya, 760);

  /* Ctrl+N offers the kinds; choosing one starts a draft in the editor. */
  cw_gui_test_activate_action (fixture->page, "child-page.choose-new-entry");
  button = get (fixture, "new-note-home-visit");
  cw_gui_test_wait_for_showing (button, CW_GUI_TEST_QUICK_MS);
  cw_gui_test_click (button);

  editor = cw_gui_test_wait_for_window (CW_TYPE_ENTRY_EDITOR, NULL, CW_GUI_TEST_QUICK_MS);

  notes = cw_entry_repository_new (fixture->session);
  drafts = cw_entry_repository_list_my_drafts (notes);
  g_assert_cmpuint (g_list_model_get_n_items (drafts), ==, 1);
  draft = g_list_model_get_item (drafts, 0);
  g_assert_cmpint (cw_entry_get_child_id (draft), ==, maya);
  g_assert_cmpint (cw_entry_get_kind (draft), ==, CW_ENTRY_KIND_HOME_VISIT);
  g_assert_cmpint (cw_entry_get_id (cw_entry_editor_get_entry (CW_ENTRY_EDITOR (editor))), ==,
                   cw_entry_get_id (draft));

  /* A draft is not in the chronology. */
  wait_for_label_text (get (fixture, "count_label"), "7 entries");

  /* Written and finished in the editor, it is; search finds it. */
  cw_gui_test_set_text (cw_gui_test_get (editor, "summary_row"),
                        "Home visit: Maya showed me her marigold drawing");
  cw_gui_test_click (cw_gui_test_get (editor, "finish_button"));
  dialog = cw_gui_test_wait_for_window (ADW_TYPE_MESSAGE_DIALOG, "finish_dialog",
                                        CW_GUI_TEST_QUICK_MS);
  finish = cw_gui_test_find_button (dialog, "_Finish");
  g_assert_nonnull (finish);
  cw_gui_test_click (finish);

  wait_for_label_text (get (fixture, "count_label"), "8 entries");
  cw_gui_test_set_text (get (fixture, "search_entry"), "marigold");
  wait_for_summaries (fixture, "Home visit: Maya showed me her marigold drawing");
  wait_for_label_text (get (fixture, "count_label"), "1 of 8 entries match");
}

static void
test_open_note (Fixture       *fixture,
                gconstpointer  data)
{
  GtkWidget *editor = NULL;
  CwEntry *entry;

  open_page (fixture, "dee", DEE_PASSWORD, maya, 900);

  /* Enter or a double click on a row opens the note. */
  g_signal_emit_by_name (get (fixture, "column_view"), "activate", 6);
  editor = cw_gui_test_wait_for_window (CW_TYPE_ENTRY_EDITOR, NULL, CW_GUI_TEST_QUICK_MS);
  entry = cw_entry_editor_get_entry (CW_ENTRY_EDITOR (editor));
  g_assert_cmpint (cw_entry_get_id (entry), ==, n_periwinkle);
  g_assert_true (cw_entry_get_finished (entry));
  g_assert_cmpint (cw_chronology_item_get_entry_id (selected_item (fixture)), ==, n_periwinkle);
}

static void
test_edit_details (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *editor = NULL;

  open_page (fixture, "dee", DEE_PASSWORD, maya, 760);

  g_assert_null (cw_gui_test_find_window (CW_TYPE_CHILD_EDITOR, NULL));
  cw_gui_test_click (get (fixture, "edit_button"));
  editor = cw_gui_test_wait_for_window (CW_TYPE_CHILD_EDITOR, NULL, CW_GUI_TEST_QUICK_MS);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (editor)) ==
                 GTK_WINDOW (fixture->window));
}

int
main (int argc, char **argv)
{
  int result;

  setlocale (LC_ALL, "");
  cw_gui_test_init (&argc, &argv);

  g_test_add ("/gui/chronology/header", Fixture, NULL, fixture_set_up, test_header,
              fixture_tear_down);
  g_test_add ("/gui/chronology/order", Fixture, NULL, fixture_set_up, test_order,
              fixture_tear_down);
  g_test_add ("/gui/chronology/search", Fixture, NULL, fixture_set_up, test_search,
              fixture_tear_down);
  g_test_add ("/gui/chronology/filters", Fixture, NULL, fixture_set_up, test_filters,
              fixture_tear_down);
  g_test_add ("/gui/chronology/timeline-click", Fixture, NULL, fixture_set_up,
              test_timeline_click, fixture_tear_down);
  g_test_add ("/gui/chronology/restricted", Fixture, NULL, fixture_set_up, test_restricted,
              fixture_tear_down);
  g_test_add ("/gui/chronology/empty", Fixture, NULL, fixture_set_up, test_empty,
              fixture_tear_down);
  g_test_add ("/gui/chronology/new-note", Fixture, NULL, fixture_set_up, test_new_note,
              fixture_tear_down);
  g_test_add ("/gui/chronology/open-note", Fixture, NULL, fixture_set_up, test_open_note,
              fixture_tear_down);
  g_test_add ("/gui/chronology/edit-details", Fixture, NULL, fixture_set_up, test_edit_details,
              fixture_tear_down);

  /* Built once, outside the isolated folders, so that every test finds it. */
  quiet_fts_statements ();
  build_template ();

  result = g_test_run ();

  cw_test_remove_tree (template_dir);
  g_free (template_dir);
  g_free (template_db);
  return result;
}
