/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <glib/gstdio.h>

#include "bench-util.h"
#include "cw-child-repository.h"
#include "cw-chronology-private.h"
#include "cw-database-private.h"
#include "cw-principles.h"
#include "cw-session.h"
#include "cw-sql-list-model-private.h"

/*
 * bench-chronology: a child's chronology at the scale Casework is designed
 * for. Builds an encrypted database in a temporary folder (or --dir) with
 * --children children and --entries finished case notes, --per-child-max
 * of them on one child and the rest spread over the others, through SQL in
 * transactions (the FTS4 triggers index every version as the app would);
 * then, signed in as a DSL, times what a person waits for: opening the big
 * child's chronology, the first page, jumping to the middle and the end,
 * the timeline strip, a filter, a search in the chronology and one across
 * the whole database, the quality summary, and the process's peak memory.
 *
 * Not a test: it asserts nothing about time. Numbers go in BENCHMARKS.md.
 *
 *   bench-chronology [--children 10000] [--entries 1000000]
 *                    [--per-child-max 100000] [--dir DIR] [--keep]
 *
 * With --dir, an existing DIR/bench.db is reused (not rebuilt).
 */

#define ADMIN_PASSWORD "Harbour-Lantern-Violet-2718"
#define DSL_PASSWORD   "Willow-Quartz-Beacon-8843"
#define N_AUTHORS      40
#define BATCH          20000

static const char *const vocabulary[] = {
  "school", "home", "mother", "father", "grandmother", "brother", "sister", "teacher",
  "nursery", "health", "visitor", "doctor", "appointment", "attended", "missed", "kitchen",
  "bedroom", "clean", "untidy", "food", "fridge", "breakfast", "tired", "happy", "upset",
  "quiet", "playing", "drawing", "reading", "homework", "bus", "late", "early", "uniform",
  "friends", "bullying", "worried", "safe", "unsafe", "shouting", "argument", "police",
  "housing", "rent", "arrears", "benefits", "money", "shopping", "park", "football",
  "swimming", "dentist", "medication", "asthma", "sleep", "nightmares", "toilet", "bath",
  "clothes", "shoes", "coat", "weather", "garden", "dog", "cat", "neighbour", "visit",
  "contact", "supervised", "weekend", "holiday", "birthday", "present", "tablet", "phone",
  "online", "game", "television", "calm", "angry", "crying", "laughing", "smiling", "hug",
  "routine", "bedtime", "dinner", "lunch", "snack", "water", "juice", "sweets", "fruit",
  "vegetables", "weight", "height", "growth", "speech", "language", "words", "sentences",
  "counting", "colours", "shapes", "music", "singing", "dancing", "bike", "scooter",
  "injury", "scratch", "graze", "plaster", "hospital", "ambulance", "fever", "cough",
  "cold", "rash", "nits", "glasses", "hearing", "review", "plan", "meeting", "conference",
  "strategy", "assessment", "referral", "support", "worker", "carer", "foster", "placement",
  "stable", "settled", "progress", "concern", "risk", "strength", "wishes", "feelings",
};

/* Rare words, for searches with few matches. */
static const char *const rare[] = { "bruise", "trampoline", "allotment", "kayak" };

typedef struct
{
  gint64 children;
  gint64 entries;
  gint64 per_child_max;
  char  *dir;
  gboolean keep;
} Options;

typedef struct
{
  const char *what;
  double      ms;
  char       *detail;
} Row;

static GArray *rows;

static void
row_free (gpointer data)
{
  g_free (((Row *) data)->detail);
}

static void
report (const char *what,
        gint64      start_us,
        const char *format,
        ...) G_GNUC_PRINTF (3, 4);

static void
report (const char *what,
        gint64      start_us,
        const char *format,
        ...)
{
  Row row;
  va_list args;

  row.what = what;
  row.ms = start_us < 0 ? -1 : (g_get_monotonic_time () - start_us) / 1000.0;
  va_start (args, format);
  row.detail = g_strdup_vprintf (format, args);
  va_end (args);
  g_array_append_val (rows, row);

  if (row.ms < 0)
    g_printerr ("  %-44s %13s  %s\n", what, "", row.detail);
  else
    g_printerr ("  %-44s %10.1f ms  %s\n", what, row.ms, row.detail);
}

/* Resident memory now and at its peak, in MiB (from /proc; getrusage for
 * the peak where /proc is missing). */
static void
memory_mib (double *now,
            double *peak)
{
  g_autofree char *status = NULL;
  struct rusage usage;

  *now = 0;
  getrusage (RUSAGE_SELF, &usage);
  *peak = usage.ru_maxrss / 1024.0;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    {
      const char *line = strstr (status, "VmRSS:");

      if (line != NULL)
        *now = g_ascii_strtod (line + 6, NULL) / 1024.0;
    }

  /* The peak is sampled; it is never below what is resident now. */
  *peak = MAX (*peak, *now);
}

/* SQLite's FTS4 module keeps statements until the connection closes, and
 * CwDatabase says so when it closes; that is expected here. */
static void
log_cb (const char     *log_domain,
        GLogLevelFlags  log_level,
        const char     *message,
        gpointer        user_data)
{
  if (g_strcmp0 (message, "Closing the database while statements are still prepared") == 0)
    return;
  g_log_default_handler (log_domain, log_level, message, user_data);
}

static void
append_words (GString *text,
              GRand   *rand,
              guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      const char *word;

      if (g_rand_int_range (rand, 0, 1000) < 3)
        word = rare[g_rand_int_range (rand, 0, G_N_ELEMENTS (rare))];
      else
        word = vocabulary[g_rand_int_range (rand, 0, G_N_ELEMENTS (vocabulary))];
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, word);
    }
}

/* Staff who write the notes (no key slots: they never sign in here). */
static void
insert_authors (CwDatabase *database,
                gint64      author_ids[N_AUTHORS])
{
  g_autoptr(sqlite3_stmt) stmt = bench_prepare (database,
    "INSERT INTO staff (username, display_name, job_title, roles, created_at, updated_at) "
    "VALUES (?1, ?2, 'Social Worker', 1, 1700000000, 1700000000)");
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < N_AUTHORS; i++)
    {
      g_autofree char *username = g_strdup_printf ("worker%02u", i);
      g_autofree char *name = g_strdup_printf ("Worker %02u", i);

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, username, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
      bench_check (cw_database_step_done (database, stmt, &error), "author", error);
      author_ids[i] = cw_database_last_insert_rowid (database);
    }
}

static gint64
insert_children (CwDatabase *database,
                 gint64      n_children,
                 gint64      creator_id)
{
  g_autoptr(sqlite3_stmt) stmt = bench_prepare (database,
    "INSERT INTO children (case_reference, given_names, family_name, date_of_birth, "
    "dob_precision, legal_status, allocated_worker_id, created_at, created_by, updated_at) "
    "VALUES (?1, ?2, 'Bench', ?3, 'exact', 'child-in-need', ?4, 1700000000, ?4, 1700000000)");
  g_autoptr(GError) error = NULL;
  gint64 first_id = 0;

  bench_check (cw_database_begin (database, &error), "begin", error);
  for (gint64 i = 0; i < n_children; i++)
    {
      g_autofree char *reference = g_strdup_printf ("B-%06" G_GINT64_FORMAT, i);
      g_autofree char *given = g_strdup_printf ("Child %" G_GINT64_FORMAT, i);

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, reference, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, given, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, "2004-05-17", -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, creator_id);
      bench_check (cw_database_step_done (database, stmt, &error), "child", error);
      if (i == 0)
        first_id = cw_database_last_insert_rowid (database);
    }
  bench_check (cw_database_commit (database, &error), "commit", error);

  return first_id;
}

/* @n notes on one child, days spread from 2004-06-01 forwards. */
static void
insert_notes (CwDatabase   *database,
              sqlite3_stmt *entry,
              sqlite3_stmt *version,
              GRand        *rand,
              gint64        child_id,
              gint64        n,
              const gint64  author_ids[N_AUTHORS],
              gint64       *n_in_batch)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autoptr(GString) facts = g_string_new (NULL);
  g_autoptr(GString) words = g_string_new (NULL);
  g_autoptr(GString) impact = g_string_new (NULL);
  GDate first;
  /* About fifteen notes a day for the biggest child, fewer for others. */
  gint64 span_days = MAX (1, MIN (n / 15 + 1, 6500));

  g_date_clear (&first, 1);
  g_date_set_dmy (&first, 1, G_DATE_JUNE, 2004);

  for (gint64 i = 0; i < n; i++)
    {
      GDate day = first;
      char day_buf[11];
      char time_buf[6] = "";
      CwEntryKind kind = g_rand_int_range (rand, 0, CW_ENTRY_KIND_LAST);
      gint64 author = author_ids[g_rand_int_range (rand, 0, N_AUTHORS)];
      gboolean significant = g_rand_int_range (rand, 0, 100) < 2;
      gint64 entry_id;

      g_date_add_days (&day, (guint) (i * span_days / n));
      bench_day_text (day_buf, &day);
      if (g_rand_int_range (rand, 0, 3) != 0)
        g_snprintf (time_buf, sizeof time_buf, "%02d:%02d", g_rand_int_range (rand, 8, 19),
                    g_rand_int_range (rand, 0, 60));

      g_string_truncate (summary, 0);
      append_words (summary, rand, 6);
      g_string_truncate (facts, 0);
      append_words (facts, rand, 30);
      g_string_truncate (words, 0);
      append_words (words, rand, 8);
      g_string_truncate (impact, 0);
      append_words (impact, rand, 10);

      sqlite3_reset (entry);
      sqlite3_bind_int64 (entry, 1, child_id);
      sqlite3_bind_int64 (entry, 2, author);
      sqlite3_bind_text (entry, 3, day_buf, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (entry, 4, time_buf, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (entry, 5, i + 1);
      sqlite3_bind_text (entry, 6, cw_entry_kind_get_id (kind), -1, SQLITE_STATIC);
      sqlite3_bind_int (entry, 7, significant);
      bench_check (cw_database_step_done (database, entry, &error), "entry", error);
      entry_id = cw_database_last_insert_rowid (database);

      sqlite3_reset (version);
      sqlite3_bind_int64 (version, 1, entry_id);
      sqlite3_bind_int64 (version, 2, author);
      sqlite3_bind_text (version, 3, cw_entry_kind_get_id (kind), -1, SQLITE_STATIC);
      sqlite3_bind_text (version, 4, summary->str, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (version, 5, day_buf, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (version, 6, time_buf, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (version, 7, time_buf[0] != '\0' ? "exact" : "day", -1, SQLITE_STATIC);
      sqlite3_bind_text (version, 8, facts->str, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (version, 9, words->str, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (version, 10, impact->str, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (version, 11, 1 << g_rand_int_range (rand, 0, 5));
      sqlite3_bind_int (version, 12, significant);
      bench_check (cw_database_step_done (database, version, &error), "version", error);

      if (++*n_in_batch >= BATCH)
        {
          bench_check (cw_database_commit (database, &error), "commit", error);
          bench_check (cw_database_begin (database, &error), "begin", error);
          *n_in_batch = 0;
        }
    }
}

static void
build (const char    *db_path,
       const Options *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = NULL;
  g_autoptr(CwStaffMember) dsl = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260314);
  g_autoptr(sqlite3_stmt) entry = NULL;
  g_autoptr(sqlite3_stmt) version = NULL;
  g_autofree char *recovery_key = NULL;
  gint64 author_ids[N_AUTHORS];
  gint64 first_child, big_n, rest, others, n_in_batch = 0;
  gint64 start = g_get_monotonic_time ();
  CwDatabase *database;

  session = cw_session_create_database (db_path, "Bench Organisation", "admin", "Bench Admin",
                                        ADMIN_PASSWORD, &recovery_key, &error);
  if (session == NULL)
    bench_die ("create", error);
  cw_secure_wipe_string (recovery_key);
  dsl = cw_session_add_staff (session, ADMIN_PASSWORD, "lead", "Bench Lead", "DSL",
                              CW_ROLE_DSL, 0, DSL_PASSWORD, &error);
  if (dsl == NULL)
    bench_die ("add staff", error);

  database = cw_session_get_database (session);
  insert_authors (database, author_ids);
  first_child = insert_children (database, options->children,
                                 cw_staff_member_get_id (dsl));

  entry = bench_prepare (database,
    "INSERT INTO entries (child_id, author_id, created_at, state, current_version, "
    "event_day, event_time, sequence, kind, significant, restricted, finished_at) "
    "VALUES (?1, ?2, 1700000000, 'finished', 1, ?3, ?4, ?5, ?6, ?7, 0, 1700000000)");
  version = bench_prepare (database,
    "INSERT INTO entry_versions (entry_id, version, finished, started_at, saved_at, "
    "finished_at, author_id, author_name, author_role, kind, summary, event_date, event_time, "
    "event_precision, present, location, child_seen, child_seen_alone, child_spoken_to, "
    "observed_facts, child_words, impact, outcomes, significant) "
    "VALUES (?1, 1, 1, 1700000000, 1700000000, 1700000000, ?2, 'Worker', 'Social Worker', "
    "?3, ?4, ?5, ?6, ?7, 'Child and carer', 'Home', 1, 0, 1, ?8, ?9, ?10, ?11, ?12)");

  big_n = MIN (options->per_child_max, options->entries);
  rest = options->entries - big_n;
  others = MAX (options->children - 1, 1);

  bench_check (cw_database_begin (database, &error), "begin", error);
  insert_notes (database, entry, version, rand, first_child, big_n, author_ids, &n_in_batch);
  g_printerr ("  built the big child's %" G_GINT64_FORMAT " notes after %.0f s\n", big_n,
              (g_get_monotonic_time () - start) / 1e6);
  for (gint64 c = 0; c < others && rest > 0; c++)
    {
      gint64 n = rest / (others - c);

      insert_notes (database, entry, version, rand, first_child + 1 + c, n, author_ids,
                    &n_in_batch);
      rest -= n;
    }
  bench_check (cw_database_commit (database, &error), "commit", error);
  g_clear_pointer (&entry, sqlite3_finalize);
  g_clear_pointer (&version, sqlite3_finalize);

  /* The search index in one b-tree, as after long use and "optimize". */
  bench_check (cw_database_exec (database,
                           "INSERT INTO entry_search (entry_search) VALUES ('optimize')",
                           &error), "optimize", error);

  cw_session_sign_out (session);
  report ("build the database", start, "%" G_GINT64_FORMAT " children, %" G_GINT64_FORMAT
          " notes", options->children, options->entries);
}

static guint64
file_size (const char *path)
{
  GStatBuf buf;

  return g_stat (path, &buf) == 0 ? (guint64) buf.st_size : 0;
}

/* Starts a new peak (Linux: /proc/self/clear_refs "5" resets the high-water
 * mark that getrusage() reports). FALSE when it cannot. */
static void
print_table (const Options *options,
             const char    *db_path,
             double         peak_before_reset,
             gboolean       reset)
{
  double now, peak;
  g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);

  memory_mib (&now, &peak);

  printf ("\n| Operation | Time (ms) | Detail |\n|---|---:|---|\n");
  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = &g_array_index (rows, Row, i);

      if (row->ms < 0)
        printf ("| %s | | %s |\n", row->what, row->detail);
      else
        printf ("| %s | %.1f | %s |\n", row->what, row->ms, row->detail);
    }
  if (reset)
    {
      printf ("| peak resident memory, building and signing in (getrusage) | | %.1f MiB "
              "(Argon2id takes 64 MiB) |\n", peak_before_reset);
      printf ("| peak resident memory, every step after sign-in (getrusage) | | %.1f MiB "
              "(now %.1f MiB) |\n", peak, now);
    }
  else
    printf ("| peak resident memory (getrusage) | | %.1f MiB (now %.1f MiB) |\n", peak, now);
  printf ("| database file | | %.0f MiB (+ WAL %.0f MiB) |\n",
          file_size (db_path) / 1048576.0, file_size (wal) / 1048576.0);
  printf ("\nAsked: --children %" G_GINT64_FORMAT " --entries %" G_GINT64_FORMAT
          " --per-child-max %" G_GINT64_FORMAT "\n",
          options->children, options->entries, options->per_child_max);
}

int
main (int argc, char **argv)
{
  Options options = { 10000, 1000000, 100000, NULL, FALSE };
  GOptionEntry entries[] = {
    { "children", 0, 0, G_OPTION_ARG_INT64, &options.children, "Children", "N" },
    { "entries", 0, 0, G_OPTION_ARG_INT64, &options.entries, "Case notes in all", "N" },
    { "per-child-max", 0, 0, G_OPTION_ARG_INT64, &options.per_child_max,
      "Notes on the biggest child", "N" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &options.dir, "Folder for the database", "DIR" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &options.keep, "Keep the database", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- time the chronology");
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = NULL;
  g_autoptr(CwChronology) chronology = NULL;
  g_autoptr(CwChronologyItem) item = NULL;
  g_autoptr(GArray) points = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *match = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  CwChronologyFilter filter;
  CwQualitySummary summary;
  gboolean made_dir = FALSE, peak_reset;
  double rss_now, peak_before_reset;
  gint64 start, big_child = 0, last_id;
  guint n;

  setlocale (LC_ALL, "");
  g_log_set_handler ("cw-database", G_LOG_LEVEL_WARNING, log_cb, NULL);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    bench_die ("options", error);
  if (options.children < 1 || options.entries < 1 || options.per_child_max < 1)
    bench_die ("options", NULL);

  rows = g_array_new (FALSE, FALSE, sizeof (Row));
  g_array_set_clear_func (rows, row_free);

  if (options.dir == NULL)
    {
      options.dir = g_dir_make_tmp ("casework-bench-XXXXXX", &error);
      if (options.dir == NULL)
        bench_die ("temporary folder", error);
      made_dir = TRUE;
    }
  db_path = g_build_filename (options.dir, "bench.db", NULL);

  g_printerr ("bench-chronology: %s\n", db_path);
  if (!g_file_test (db_path, G_FILE_TEST_EXISTS))
    build (db_path, &options);

  start = g_get_monotonic_time ();
  session = cw_session_sign_in_with_password (db_path, "lead", DSL_PASSWORD, &error);
  if (session == NULL)
    bench_die ("sign in", error);
  report ("sign in (Argon2id, open, migrations)", start, "as a DSL");

  /* Argon2id's 64 MiB is not the chronology's: measure from here. */
  memory_mib (&rss_now, &peak_before_reset);
  peak_reset = bench_reset_peak_memory ();

  /* The child with the most notes. */
  stmt = bench_prepare (cw_session_get_database (session),
                  "SELECT child_id FROM entries GROUP BY child_id ORDER BY count (*) DESC "
                  "LIMIT 1");
  if (sqlite3_step (stmt) == SQLITE_ROW)
    big_child = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);

  start = g_get_monotonic_time ();
  chronology = cw_chronology_new (session, big_child, NULL, &error);
  if (chronology == NULL)
    bench_die ("chronology", error);
  n = g_list_model_get_n_items (G_LIST_MODEL (chronology));
  report ("open the big child's chronology", start, "%u notes (count, audit row)", n);

  start = g_get_monotonic_time ();
  item = g_list_model_get_item (G_LIST_MODEL (chronology), 0);
  report ("first page", start, "%u rows read, principles checked",
          cw_sql_list_model_get_page_size (cw_chronology_get_sql_model (chronology)));
  g_clear_object (&item);

  start = g_get_monotonic_time ();
  for (guint i = 1; i < 40; i++)
    {
      g_clear_object (&item);
      item = g_list_model_get_item (G_LIST_MODEL (chronology), i);
    }
  report ("scroll 40 rows (cached page)", start, "items 1–39");
  g_clear_object (&item);

  start = g_get_monotonic_time ();
  item = g_list_model_get_item (G_LIST_MODEL (chronology), n / 2);
  report ("jump to the middle", start, "item %u", n / 2);
  g_clear_object (&item);

  start = g_get_monotonic_time ();
  item = g_list_model_get_item (G_LIST_MODEL (chronology), n - 1);
  last_id = item != NULL ? cw_chronology_item_get_entry_id (item) : 0;
  report ("jump to the end", start, "item %u", n - 1);
  g_clear_object (&item);

  start = g_get_monotonic_time ();
  n = cw_chronology_find_position (chronology, last_id);
  report ("find an entry's position (timeline click)", start, "position %u", n);

  start = g_get_monotonic_time ();
  points = cw_chronology_get_timeline (chronology, &error);
  if (points == NULL)
    bench_die ("timeline", error);
  report ("timeline strip", start, "%u points, %.1f MiB", points->len,
          points->len * sizeof (CwChronologyPoint) / 1048576.0);
  g_clear_pointer (&points, g_array_unref);

  {
    CwSqlListModel *model = cw_chronology_get_sql_model (chronology);

    report ("rows read from the list so far", -1, "%" G_GUINT64_FORMAT " rows in %u page "
            "queries; %u cached", cw_sql_list_model_get_n_fetched (model),
            cw_sql_list_model_get_n_queries (model), cw_sql_list_model_get_n_cached (model));
  }

  cw_chronology_filter_init (&filter);
  filter.significant_only = TRUE;
  start = g_get_monotonic_time ();
  cw_chronology_set_filter (chronology, &filter);
  n = g_list_model_get_n_items (G_LIST_MODEL (chronology));
  item = g_list_model_get_item (G_LIST_MODEL (chronology), n > 0 ? n - 1 : 0);
  report ("filter: significant only, then its end", start, "%u notes", n);
  g_clear_object (&item);

  filter.significant_only = FALSE;
  filter.outcomes_mask = CW_OUTCOME_BE_HEALTHY;
  start = g_get_monotonic_time ();
  cw_chronology_set_filter (chronology, &filter);
  n = g_list_model_get_n_items (G_LIST_MODEL (chronology));
  item = g_list_model_get_item (G_LIST_MODEL (chronology), 0);
  report ("filter: one outcome, first page", start, "%u notes", n);
  g_clear_object (&item);
  filter.outcomes_mask = 0;

  filter.search = g_strdup ("bruise");
  start = g_get_monotonic_time ();
  cw_chronology_set_filter (chronology, &filter);
  n = g_list_model_get_n_items (G_LIST_MODEL (chronology));
  item = g_list_model_get_item (G_LIST_MODEL (chronology), 0);
  report ("search the chronology: a rare word", start, "%u notes, first page highlighted", n);
  g_clear_object (&item);
  g_free (filter.search);

  filter.search = g_strdup ("scho");
  start = g_get_monotonic_time ();
  cw_chronology_set_filter (chronology, &filter);
  n = g_list_model_get_n_items (G_LIST_MODEL (chronology));
  item = g_list_model_get_item (G_LIST_MODEL (chronology), 0);
  report ("search the chronology: a common prefix", start, "%u notes, first page", n);
  g_clear_object (&item);
  start = g_get_monotonic_time ();
  item = g_list_model_get_item (G_LIST_MODEL (chronology), n > 0 ? n - 1 : 0);
  report ("  … and its last page", start, "item %u", n > 0 ? n - 1 : 0);
  g_clear_object (&item);
  cw_chronology_filter_clear (&filter);
  g_clear_object (&chronology);

  /* Across the whole database: current versions that match, newest 50. */
  match = cw_chronology_build_match ("allotment kayak");
  start = g_get_monotonic_time ();
  stmt = bench_prepare (cw_session_get_database (session),
                  "SELECT count (*) FROM entry_search s "
                  "JOIN entry_versions v ON v.id = s.docid "
                  "JOIN entries e ON e.id = v.entry_id AND e.current_version = v.version "
                  "WHERE entry_search MATCH ?1 AND e.state = 'finished'");
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  n = sqlite3_step (stmt) == SQLITE_ROW ? (guint) sqlite3_column_int64 (stmt, 0) : 0;
  g_clear_pointer (&stmt, sqlite3_finalize);
  report ("search the whole database: two rare words", start, "%u notes", n);
  g_clear_pointer (&match, g_free);

  match = cw_chronology_build_match ("bruise");
  start = g_get_monotonic_time ();
  stmt = bench_prepare (cw_session_get_database (session),
                  "SELECT count (*) FROM entry_search s "
                  "JOIN entry_versions v ON v.id = s.docid "
                  "JOIN entries e ON e.id = v.entry_id AND e.current_version = v.version "
                  "WHERE entry_search MATCH ?1 AND e.state = 'finished'");
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  n = sqlite3_step (stmt) == SQLITE_ROW ? (guint) sqlite3_column_int64 (stmt, 0) : 0;
  g_clear_pointer (&stmt, sqlite3_finalize);
  report ("search the whole database: one rare word", start, "%u notes", n);

  /* A typical child. */
  start = g_get_monotonic_time ();
  chronology = cw_chronology_new (session, big_child + 1, NULL, &error);
  if (chronology == NULL)
    bench_die ("chronology", error);
  n = g_list_model_get_n_items (G_LIST_MODEL (chronology));
  item = g_list_model_get_item (G_LIST_MODEL (chronology), 0);
  report ("open a typical child's chronology + page", start, "%u notes", n);
  g_clear_object (&item);
  g_clear_object (&chronology);

  start = g_get_monotonic_time ();
  if (!cw_principles_summarise_child (session, big_child, &summary, &error))
    bench_die ("summary", error);
  report ("quality summary of the big child", start, "%u notes checked, %u late",
          summary.n_notes, summary.n_late);

  cw_session_sign_out (session);
  g_clear_object (&session);

  print_table (&options, db_path, peak_before_reset, peak_reset);

  if (made_dir && !options.keep)
    {
      const char *suffixes[] = { "", "-wal", "-shm", ".keys" };

      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *path = g_strconcat (db_path, suffixes[i], NULL);

          g_unlink (path);
        }
      g_rmdir (options.dir);
    }
  else
    g_printerr ("bench-chronology: kept %s\n", db_path);

  g_array_unref (rows);
  g_free (options.dir);
  return 0;
}
