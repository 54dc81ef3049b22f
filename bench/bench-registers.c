/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <glib/gstdio.h>

#include "bench-util.h"
#include "cw-audit.h"
#include "cw-contact-register.h"
#include "cw-database-private.h"
#include "cw-gift-register.h"
#include "cw-photo-consent.h"
#include "cw-register-export.h"
#include "cw-session.h"

/*
 * bench-registers: the three staff registers (gifts, contacts, photo
 * consent) at the scale Casework is designed for. Builds an encrypted
 * database in a temporary folder (or --dir) with --staff members of staff
 * (a DSL, line managers with teams of practitioners), --children children
 * allocated to the practitioners, and then --gifts gift declarations,
 * --contacts contact records and --consents photo consent records spread
 * over --years years, written through SQL in transactions exactly as the
 * registers write them: the header row copying the current version, every
 * version (corrections, decisions and reviews, changed decisions and
 * reviews, the manager's consent, withdrawals), the flags core computes
 * (with core's own rule functions and the organisation's settings), the
 * approvals of planned social contact, and one audit row per action,
 * hash-chained by cw_audit_append_at().
 *
 * Then, signed in in turn as the DSL (sees every row), a line manager (their
 * team's rows and their own) and a practitioner (their own), it times
 * through the public register APIs what a person waits for: each list's
 * first page, the middle and the end, counts, the filters, the waiting
 * counts the sidebar shows, declaring a gift and recording a contact, the
 * photo-consent check, and (as the DSL) a CSV export of the whole gift
 * register, with the peak memory. Every step runs three times; the best
 * time is reported. Statements slower than 100 ms are listed at the end
 * with their EXPLAIN QUERY PLAN.
 *
 * Not a test: it asserts nothing about time. Numbers go in BENCHMARKS.md.
 *
 *   bench-registers [--staff 200] [--children 5000] [--gifts 300000]
 *                   [--contacts 300000] [--consents 50000] [--years 6]
 *                   [--no-audit] [--export-runs 3] [--try-sql SQL]
 *                   [--dir DIR] [--keep]
 *
 * With --dir, an existing DIR/bench.db is reused (not rebuilt). --try-sql
 * runs a statement (say, CREATE INDEX …) on it first, to measure a proposed
 * index: it changes the database, so use it on a copy.
 */

#define ADMIN_PASSWORD   "Harbour-Lantern-Violet-2718"
#define DSL_PASSWORD     "Willow-Quartz-Beacon-8843"
#define MANAGER_PASSWORD "Copper-Meadow-Falcon-5127"
#define WORKER_PASSWORD  "Granite-Orchid-Sparrow-3391"
#define BATCH            20000
#define POOL_BROAD       120     /* children a member of staff meets beyond their caseload */
#define FAMILIES         60      /* family members (no child named) per member of staff */
#define SLOW_MS          100.0   /* statements at least this slow get a query plan */
#define N_ROLES          3
#define N_RUNS           3

/* ---------------------------------------------------------------------- */
/* Options and results                                                     */

typedef struct
{
  gint64   staff;
  gint64   children;
  gint64   gifts;
  gint64   contacts;
  gint64   consents;
  gint64   years;
  gboolean no_audit;
  gint64   export_runs;
  char    *try_sql;
  char    *dir;
  gboolean keep;
} Options;

typedef struct
{
  char    *section;
  char    *step;
  double   ms[N_ROLES];     /* best of N_RUNS; < 0 not run */
  double   first[N_ROLES];  /* the first run */
  char    *detail[N_ROLES];
} Result;

static GPtrArray *results;
static GPtrArray *slow_sql;    /* char *, distinct */
static GPtrArray *slow_notes;  /* char *, "12 ms: what" */
static const char *current_step;

static const char *const role_names[N_ROLES] = { "DSL", "line manager", "practitioner" };

static void
result_free (gpointer data)
{
  Result *r = data;

  g_free (r->section);
  g_free (r->step);
  for (guint i = 0; i < N_ROLES; i++)
    g_free (r->detail[i]);
  g_free (r);
}

static Result *
result_get (const char *section,
            const char *step)
{
  Result *r;

  for (guint i = 0; i < results->len; i++)
    {
      r = g_ptr_array_index (results, i);
      if (strcmp (r->section, section) == 0 && strcmp (r->step, step) == 0)
        return r;
    }

  r = g_new0 (Result, 1);
  r->section = g_strdup (section);
  r->step = g_strdup (step);
  for (guint i = 0; i < N_ROLES; i++)
    r->ms[i] = r->first[i] = -1;
  g_ptr_array_add (results, r);
  return r;
}

static void
record (const char *section,
        const char *step,
        int         role,
        const double ms[N_RUNS],
        const char *format,
        ...) G_GNUC_PRINTF (5, 6);

static void
record (const char   *section,
        const char   *step,
        int           role,
        const double  ms[N_RUNS],
        const char   *format,
        ...)
{
  Result *r = result_get (section, step);
  va_list args;
  double best = ms[0];

  for (guint i = 1; i < N_RUNS; i++)
    best = MIN (best, ms[i]);

  r->ms[role] = best;
  r->first[role] = ms[0];
  g_free (r->detail[role]);
  va_start (args, format);
  r->detail[role] = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("  %-12s %-14s %-40s %9.1f ms (runs %.1f, %.1f, %.1f)  %s\n", role_names[role],
              section, step, best, ms[0], ms[1], ms[2], r->detail[role]);
}

static double
ms_since (gint64 start_us)
{
  return (g_get_monotonic_time () - start_us) / 1000.0;
}

/* ---------------------------------------------------------------------- */
/* Memory                                                                  */

static double
rss_now_mib (void)
{
  g_autofree char *statm = NULL;
  long pages = 0, resident = 0;

  if (g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL) &&
      sscanf (statm, "%ld %ld", &pages, &resident) == 2)
    return resident * (double) sysconf (_SC_PAGESIZE) / 1048576.0;
  return 0;
}

static double
peak_mib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return MAX (usage.ru_maxrss / 1024.0, rss_now_mib ());
}

/* Starts a new peak (Linux: /proc/self/clear_refs "5" resets the high-water
 * mark that getrusage() reports). FALSE when it cannot. */
/* An output stream that passes everything on and samples the resident
 * memory every 256 KiB written: the export's own peak, after the step-up's
 * Argon2id has given its 64 MiB back. */
#define BENCH_TYPE_SAMPLE_STREAM (bench_sample_stream_get_type ())
G_DECLARE_FINAL_TYPE (BenchSampleStream, bench_sample_stream, BENCH, SAMPLE_STREAM,
                      GFilterOutputStream)

struct _BenchSampleStream
{
  GFilterOutputStream parent_instance;
  gsize               since;
  double              max_mib;
};

G_DEFINE_FINAL_TYPE (BenchSampleStream, bench_sample_stream, G_TYPE_FILTER_OUTPUT_STREAM)

static gssize
bench_sample_stream_write (GOutputStream  *stream,
                           const void     *buffer,
                           gsize           count,
                           GCancellable   *cancellable,
                           GError        **error)
{
  BenchSampleStream *self = BENCH_SAMPLE_STREAM (stream);
  GOutputStream *base = g_filter_output_stream_get_base_stream (G_FILTER_OUTPUT_STREAM (stream));

  self->since += count;
  if (self->since >= 256 * 1024)
    {
      self->since = 0;
      self->max_mib = MAX (self->max_mib, rss_now_mib ());
    }

  return g_output_stream_write (base, buffer, count, cancellable, error);
}

static void
bench_sample_stream_class_init (BenchSampleStreamClass *klass)
{
  G_OUTPUT_STREAM_CLASS (klass)->write_fn = bench_sample_stream_write;
}

static void
bench_sample_stream_init (BenchSampleStream *self)
{
}

/* ---------------------------------------------------------------------- */
/* Errors, SQL                                                             */

static void
step_done (CwDatabase   *database,
           sqlite3_stmt *stmt,
           const char   *what)
{
  g_autoptr(GError) error = NULL;

  bench_check (cw_database_step_done (database, stmt, &error), what, error);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  sqlite3_bind_text (stmt, index, text != NULL ? text : "", -1, SQLITE_TRANSIENT);
}

static void
bind_id (sqlite3_stmt *stmt,
         int           index,
         gint64        id)
{
  if (id > 0)
    sqlite3_bind_int64 (stmt, index, id);
  else
    sqlite3_bind_null (stmt, index);
}

/* Statements that took SLOW_MS or more, kept for EXPLAIN QUERY PLAN, and
 * per step how many there were and the slowest. */
typedef struct
{
  char   *step;
  guint   n;
  double  max_ms;
} SlowNote;

static void
slow_note_free (gpointer data)
{
  SlowNote *note = data;

  g_free (note->step);
  g_free (note);
}

static int
profile_cb (unsigned int  type,
            void         *context,
            void         *p,
            void         *x)
{
  sqlite3_stmt *stmt = p;
  double ms = *(sqlite3_int64 *) x / 1e6;
  const char *step = current_step != NULL ? current_step : "?";
  const char *sql;
  SlowNote *note = NULL;

  if (type != SQLITE_TRACE_PROFILE || ms < SLOW_MS)
    return 0;

  sql = sqlite3_sql (stmt);
  if (sql == NULL)
    return 0;

  for (guint i = 0; i < slow_notes->len && note == NULL; i++)
    if (strcmp (((SlowNote *) g_ptr_array_index (slow_notes, i))->step, step) == 0)
      note = g_ptr_array_index (slow_notes, i);
  if (note == NULL)
    {
      note = g_new0 (SlowNote, 1);
      note->step = g_strdup (step);
      g_ptr_array_add (slow_notes, note);
    }
  note->n++;
  note->max_ms = MAX (note->max_ms, ms);

  for (guint i = 0; i < slow_sql->len; i++)
    if (strcmp (g_ptr_array_index (slow_sql, i), sql) == 0)
      return 0;
  g_ptr_array_add (slow_sql, g_strdup (sql));
  return 0;
}

/* ---------------------------------------------------------------------- */
/* Building                                                                */

typedef struct
{
  const Options *o;
  CwDatabase    *db;
  GRand         *rand;
  int            n_staff;
  gint64        *ids;          /* staff index → staff id */
  char         **usernames;
  int           *manager;      /* staff index → their line manager's index, or -1 */
  int           *pidx;         /* staff index → index among practitioners, or -1 */
  int            n_managers;
  int            n_prac;
  int           *pracs;        /* practitioner index → staff index */
  gint64         n_children;
  gint64         first_child;
  guint32        first_day;    /* julian days */
  guint32        last_day;
  guint32        epoch;        /* julian day of 1970-01-01 */
  gint64         now;
  gint64         threshold;
  guint          repeat_count;
  guint          repeat_months;
  CwWorkingHours hours;
  gboolean       audit;
  guint          n_batch;
  gint64         n_audit;
  gint64         n_versions;
} Build;

static void
tick (Build *b)
{
  g_autoptr(GError) error = NULL;

  if (++b->n_batch < BATCH)
    return;
  bench_check (cw_database_commit (b->db, &error), "commit", error);
  bench_check (cw_database_begin (b->db, &error), "begin", error);
  b->n_batch = 0;
}

static void
audit (Build      *b,
       gint64      at,
       int         staff,
       const char *action,
       const char *object_type,
       gint64      object_id,
       const char *detail)
{
  g_autoptr(GError) error = NULL;
  char id[32];

  if (!b->audit)
    return;
  g_snprintf (id, sizeof id, "%" G_GINT64_FORMAT, object_id);
  bench_check (cw_audit_append_at (b->db, at, b->ids[staff], b->usernames[staff], action, object_type,
                             id, detail, &error), "audit", error);
  b->n_audit++;
}

static gint64
unix_of (const Build *b,
         guint32      day,
         int          seconds)
{
  return ((gint64) day - b->epoch) * 86400 + seconds;
}

static void
day_text (char    out[11],
          guint32 day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, day);
  bench_day_text (out, &date);
}

static guint32
random_day (Build *b)
{
  return (guint32) g_rand_int_range (b->rand, (gint32) b->first_day, (gint32) b->last_day + 1);
}

/* A working day, mostly. */
static guint32
random_weekday (Build *b)
{
  for (;;)
    {
      guint32 day = random_day (b);
      GDate date;

      g_date_clear (&date, 1);
      g_date_set_julian (&date, day);
      if (g_date_get_weekday (&date) < G_DATE_SATURDAY || g_rand_int_range (b->rand, 0, 100) < 8)
        return day;
    }
}

static gint64
clamp_past (const Build *b,
            gint64       at)
{
  return MIN (at, b->now - 120);
}

static gboolean
chance (Build *b,
        int    per_mille)
{
  return g_rand_int_range (b->rand, 0, 1000) < per_mille;
}

/* Who decides or reviews @staff's rows: their line manager, sometimes the DSL. */
static int
reviewer_of (Build *b,
             int    staff)
{
  if (b->manager[staff] < 0 || (b->manager[staff] != 0 && chance (b, 100)))
    return 0;
  return b->manager[staff];
}

/* A child the member of staff meets: often their own caseload, otherwise a
 * wider circle (children allocated before, covered for a colleague). */
static gint64
pool_child (Build *b,
            int    staff)
{
  int p = b->pidx[staff];

  if (p >= 0 && g_rand_int_range (b->rand, 0, 100) < 40)
    {
      gint64 per = MAX (1, (b->n_children - 1 - p) / b->n_prac + 1);
      gint64 index = p + (gint64) b->n_prac * g_rand_int_range (b->rand, 0, (gint32) per);

      if (index < b->n_children)
        return index;
    }

  return ((gint64) staff * 7877 + (gint64) g_rand_int_range (b->rand, 0, POOL_BROAD) * 1013) %
         b->n_children;
}

static void
build_staff (Build     *b,
             CwSession *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(CwStaffMember) lead = NULL;
  g_autoptr(CwStaffMember) mona = NULL;
  g_autoptr(CwStaffMember) pat = NULL;
  int n = b->n_staff;

  b->n_managers = MAX (1, n / 10);
  b->n_prac = n - 1 - b->n_managers;
  b->ids = g_new0 (gint64, n);
  b->usernames = g_new0 (char *, n + 1);
  b->manager = g_new0 (int, n);
  b->pidx = g_new0 (int, n);
  b->pracs = g_new0 (int, b->n_prac);

  /* 0: the DSL; 1 … M: line managers (reporting to the DSL); the rest:
   * practitioners, round-robin over the managers. */
  for (int s = 0; s < n; s++)
    {
      b->pidx[s] = -1;
      if (s == 0)
        {
          b->manager[s] = -1;
          b->usernames[s] = g_strdup ("lead");
        }
      else if (s <= b->n_managers)
        {
          b->manager[s] = 0;
          b->usernames[s] = s == 1 ? g_strdup ("mona") : g_strdup_printf ("manager%03d", s);
        }
      else
        {
          int p = s - 1 - b->n_managers;

          b->pidx[s] = p;
          b->pracs[p] = s;
          b->manager[s] = 1 + p % b->n_managers;
          b->usernames[s] = p == 0 ? g_strdup ("pat") : g_strdup_printf ("worker%03d", s);
        }
    }

  /* The three who sign in have key slots. */
  lead = cw_session_add_staff (session, ADMIN_PASSWORD, "lead", "Dee Lead", "DSL", CW_ROLE_DSL, 0,
                               DSL_PASSWORD, &error);
  bench_check (lead != NULL, "add the DSL", error);
  b->ids[0] = cw_staff_member_get_id (lead);
  mona = cw_session_add_staff (session, ADMIN_PASSWORD, "mona", "Mona Manager", "Team manager",
                               CW_ROLE_LINE_MANAGER, b->ids[0], MANAGER_PASSWORD, &error);
  bench_check (mona != NULL, "add the manager", error);
  b->ids[1] = cw_staff_member_get_id (mona);
  if (b->n_prac > 0)
    {
      pat = cw_session_add_staff (session, ADMIN_PASSWORD, "pat", "Pat Practitioner",
                                  "Social Worker", CW_ROLE_PRACTITIONER, b->ids[1],
                                  WORKER_PASSWORD, &error);
      bench_check (pat != NULL, "add the practitioner", error);
      b->ids[b->pracs[0]] = cw_staff_member_get_id (pat);
    }

  stmt = bench_prepare (b->db,
    "INSERT INTO staff (username, display_name, job_title, roles, line_manager_id, created_at, "
    "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, 1600000000, 1600000000)");
  bench_check (cw_database_begin (b->db, &error), "begin", error);
  for (int s = 0; s < n; s++)
    {
      g_autofree char *name = NULL;
      gboolean is_manager = s <= b->n_managers;

      if (b->ids[s] > 0)
        continue;
      name = g_strdup_printf ("%s %03d", is_manager ? "Manager" : "Worker", s);
      bind_text (stmt, 1, b->usernames[s]);
      bind_text (stmt, 2, name);
      bind_text (stmt, 3, is_manager ? "Team manager" : "Social Worker");
      sqlite3_bind_int (stmt, 4, is_manager ? CW_ROLE_LINE_MANAGER : CW_ROLE_PRACTITIONER);
      /* Managers come first, so a practitioner's manager has an id already. */
      sqlite3_bind_int64 (stmt, 5, b->ids[b->manager[s]]);
      step_done (b->db, stmt, "staff");
      b->ids[s] = cw_database_last_insert_rowid (b->db);
    }
  bench_check (cw_database_commit (b->db, &error), "commit", error);
}

static void
build_children (Build *b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = bench_prepare (b->db,
    "INSERT INTO children (case_reference, given_names, family_name, date_of_birth, "
    "dob_precision, legal_status, allocated_worker_id, created_at, created_by, updated_at) "
    "VALUES (?1, ?2, 'Bench', ?3, 'exact', 'child-in-need', ?4, 1600000000, ?5, 1600000000)");
  GDate first_dob;

  g_date_clear (&first_dob, 1);
  g_date_set_dmy (&first_dob, 1, G_DATE_JANUARY, 2004);

  bench_check (cw_database_begin (b->db, &error), "begin", error);
  for (gint64 i = 0; i < b->n_children; i++)
    {
      g_autofree char *reference = g_strdup_printf ("B-%06" G_GINT64_FORMAT, i);
      g_autofree char *given = g_strdup_printf ("Child %" G_GINT64_FORMAT, i);
      char dob[11];

      day_text (dob, g_date_get_julian (&first_dob) + (guint32) g_rand_int_range (b->rand, 0,
                                                                                  7300));
      bind_text (stmt, 1, reference);
      bind_text (stmt, 2, given);
      bind_text (stmt, 3, dob);
      sqlite3_bind_int64 (stmt, 4, b->ids[b->pracs[i % b->n_prac]]);
      sqlite3_bind_int64 (stmt, 5, b->ids[0]);
      step_done (b->db, stmt, "child");
      if (i == 0)
        b->first_child = cw_database_last_insert_rowid (b->db);
    }
  bench_check (cw_database_commit (b->db, &error), "commit", error);
}

/* Gifts ----------------------------------------------------------------- */

static const char *const received_descriptions[] = {
  "Box of chocolates", "Thank-you card and flowers", "Homemade biscuits", "Scented candle",
  "Mug with the child's drawing on it", "Gift voucher for a coffee shop", "Hand-knitted scarf",
  "Bottle of wine", "Cinema tickets", "Plant for the office", "Framed photograph of the family",
};
static const char *const given_descriptions[] = {
  "Birthday card and a book", "Christmas selection box", "Leaving present: a photo album",
  "Football boots", "Art set", "Bus pass top-up for college",
};
static const char *const occasions[] = {
  "", "", "", "Christmas", "Birthday", "End of placement", "Eid", "Case closed",
};
static const char *const decision_reasons[] = {
  "A small token of appreciation; accepted and shared with the team.",
  "Over the limit for gifts; the family thanked and the gift handed back.",
  "Cash is never accepted; returned to the parent with an explanation.",
  "Donated to the children's centre raffle with the family's agreement.",
};

static const char *const gift_flag_ids[] = { "over-threshold", "cash", "repeated",
                                             "outside-plan" };
static const char *const contact_flag_ids[] = { "out-of-hours", "staff-out-of-hours",
                                                "personal-device", "unapproved-social",
                                                "not-reviewed" };

static char *
flag_ids (const char *const *ids,
          guint              n,
          guint              flags)
{
  GString *out = g_string_new ("");

  for (guint i = 0; i < n; i++)
    if ((flags & (1u << i)) != 0)
      {
        if (out->len > 0)
          g_string_append_c (out, ',');
        g_string_append (out, ids[i]);
      }
  if (out->len == 0)
    g_string_append (out, "none");
  return g_string_free (out, FALSE);
}

typedef struct
{
  gint64  id;
  gint64  child;         /* child index, or -1 */
  guint32 day;
  guint16 staff;
  guint16 family;        /* family member (no child) */
  guint8  given;
  guint8  cash;
  guint8  group;
  guint8  plan;
  guint8  same_all;
  guint8  description;
  guint8  occasion;
  guint8  parent_named;  /* a child's gift that names the parent too */
  gint32  value;
  gint32  corrected_value;
  int     version;       /* current */
  gint64  declared_at;
  gint64  corrected_at;  /* 0: never corrected */
} Gift;

typedef struct
{
  gint64  at;
  guint32 gift;
  guint8  correction;
} GiftEvent;

static int
gift_event_compare (gconstpointer a,
                    gconstpointer b)
{
  const GiftEvent *x = a, *y = b;

  if (x->at != y->at)
    return x->at < y->at ? -1 : 1;
  return (int) x->correction - (int) y->correction;
}

static gint64
party_key (const Build *b,
           const Gift  *g)
{
  gint64 party = g->child >= 0 ? g->child : b->n_children + g->family;

  return ((gint64) g->staff << 40) | ((gint64) g->given << 39) | party;
}

/* Gifts of the same member of staff, party and direction declared so far
 * (current versions) in the window of @g, @g itself included once. */
static guint
count_in_window (const Build *b,
                 GArray      *same,
                 const Gift  *gifts,
                 guint32      self)
{
  GDate date, start;
  guint count = 1;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, gifts[self].day);
  cw_gift_window_start (&date, b->repeat_months, &start);

  for (guint i = 0; same != NULL && i < same->len; i++)
    {
      guint32 other = g_array_index (same, guint32, i);

      if (other == self)
        continue;
      if (gifts[other].day > g_date_get_julian (&start) && gifts[other].day <= gifts[self].day)
        count++;
    }
  return count;
}

static CwGiftDecision
choose_decision (Build      *b,
                 CwGiftFlags flags,
                 int        *reason)
{
  if ((flags & CW_GIFT_FLAG_CASH) != 0)
    {
      *reason = 2;
      return CW_GIFT_RETURNED;
    }
  if ((flags & (CW_GIFT_FLAG_OVER_THRESHOLD | CW_GIFT_FLAG_REPEATED)) != 0 && chance (b, 600))
    {
      *reason = chance (b, 500) ? 1 : 3;
      return *reason == 1 ? CW_GIFT_DECLINED : CW_GIFT_DONATED;
    }
  *reason = 0;
  return CW_GIFT_ACCEPTED;
}

/* Whether a version written at @at is decided by now, and when. */
static gint64
decided_at_for (Build  *b,
                gint64  at,
                gint64  before)
{
  gint64 age = b->now - at;
  int per_mille = age > 30 * 86400 ? 985 : age > 7 * 86400 ? 700 : 300;
  gint64 when;

  if (!chance (b, per_mille))
    return 0;
  when = at + 3600 + g_rand_int_range (b->rand, 0, 14 * 86400);
  when = MIN (when, before - 60);
  when = clamp_past (b, when);
  return when > at ? when : 0;
}

typedef struct
{
  sqlite3_stmt *header;
  sqlite3_stmt *version;
  sqlite3_stmt *update;
} GiftStatements;

static void
insert_gift_version (Build            *b,
                     GiftStatements   *st,
                     Gift             *g,
                     int               version,
                     gint64            written_at,
                     int               writer,
                     const char       *reason,
                     gint32            value,
                     CwGiftFlags       flags,
                     guint             repeat,
                     CwGiftDecision    decision,
                     int               decision_reason,
                     int               decider,
                     gint64            decided_at)
{
  sqlite3_stmt *s = st->version;
  char day[11];
  g_autofree char *family = NULL;
  g_autofree char *description = NULL;

  day_text (day, g->day);
  if (g->child < 0)
    family = g_strdup_printf ("Carer %02u of family %03u", g->family, (guint) g->staff);
  else if (g->parent_named)
    family = g_strdup_printf ("Parent of B-%06" G_GINT64_FORMAT, g->child);
  if (g->given)
    description = g_strdup (given_descriptions[g->description %
                                               G_N_ELEMENTS (given_descriptions)]);
  else if (g->cash)
    description = g_strdup ("Cash in a card");
  else
    description = g_strdup (received_descriptions[g->description %
                                                  G_N_ELEMENTS (received_descriptions)]);
  if (version > 1 && value != g->value)
    {
      char *corrected = g_strconcat (description, " (value corrected)", NULL);

      g_free (description);
      description = corrected;
    }

  sqlite3_bind_int64 (s, 1, g->id);
  sqlite3_bind_int (s, 2, version);
  sqlite3_bind_int64 (s, 3, written_at);
  sqlite3_bind_int64 (s, 4, b->ids[writer]);
  bind_text (s, 5, reason);
  bind_text (s, 6, day);
  bind_text (s, 7, g->given ? "given" : "received");
  bind_id (s, 8, g->child >= 0 ? b->first_child + g->child : 0);
  bind_text (s, 9, family);
  bind_text (s, 10, family != NULL ? (g->child >= 0 ? "Mother" : "Grandparent") : "");
  bind_text (s, 11, description);
  sqlite3_bind_int64 (s, 12, value);
  sqlite3_bind_int (s, 13, g->cash);
  sqlite3_bind_int (s, 14, g->group);
  bind_text (s, 15, occasions[g->occasion % G_N_ELEMENTS (occasions)]);
  sqlite3_bind_int (s, 16, g->given && g->plan);
  bind_text (s, 17, g->given && g->plan ? "Keyworker plan" : "");
  bind_text (s, 18, g->given && g->plan ? "Team manager and parent" : "");
  sqlite3_bind_int (s, 19, g->given && g->same_all);
  sqlite3_bind_int (s, 20, (int) flags);
  sqlite3_bind_int (s, 21, (int) repeat);
  if (decision != CW_GIFT_UNDECIDED)
    {
      bind_text (s, 22, cw_gift_decision_get_id (decision));
      bind_text (s, 23, decision_reasons[decision_reason]);
      sqlite3_bind_int64 (s, 24, b->ids[decider]);
      sqlite3_bind_int64 (s, 25, decided_at);
    }
  else
    {
      sqlite3_bind_null (s, 22);
      bind_text (s, 23, "");
      sqlite3_bind_null (s, 24);
      sqlite3_bind_null (s, 25);
    }
  step_done (b->db, s, "gift version");
  b->n_versions++;
  tick (b);
}

static void
update_gift_header (Build          *b,
                    GiftStatements *st,
                    Gift           *g,
                    int             version,
                    CwGiftFlags     flags,
                    gboolean        decided)
{
  g->version = version;
  sqlite3_bind_int (st->update, 1, version);
  sqlite3_bind_int (st->update, 2, (int) flags);
  sqlite3_bind_int (st->update, 3, decided ? 1 : 0);
  sqlite3_bind_int64 (st->update, 4, g->id);
  step_done (b->db, st->update, "gift header");
}

/* The decision on a version just written, and perhaps a changed decision
 * after it: returns the version that is current afterwards. */
static int
decide_gift (Build          *b,
             GiftStatements *st,
             Gift           *g,
             int             version,
             gint64          written_at,
             gint64          before,
             gint32          value,
             CwGiftFlags     flags,
             guint           repeat,
             const char     *reason,
             int             writer)
{
  gint64 decided_at = decided_at_for (b, written_at, before);
  int decider = reviewer_of (b, g->staff);
  int why = 0;
  CwGiftDecision decision = CW_GIFT_UNDECIDED;
  char detail[64];

  if (decided_at > 0)
    decision = choose_decision (b, flags, &why);
  insert_gift_version (b, st, g, version, written_at, writer, reason, value, flags, repeat,
                       decision, why, decider, decided_at);
  update_gift_header (b, st, g, version, flags, decision != CW_GIFT_UNDECIDED);
  if (decision == CW_GIFT_UNDECIDED)
    return version;

  g_snprintf (detail, sizeof detail, "version %d; %s", version,
              cw_gift_decision_get_id (decision));
  audit (b, decided_at, decider, "gift-decide", "gift", g->id, detail);

  /* Now and then the manager decides differently later (the last version only). */
  if (before == G_MAXINT64 && chance (b, 15))
    {
      gint64 changed_at = clamp_past (b, decided_at + 86400 +
                                         g_rand_int_range (b->rand, 0, 10 * 86400));
      CwGiftDecision other = decision == CW_GIFT_ACCEPTED ? CW_GIFT_DONATED : CW_GIFT_ACCEPTED;

      if (changed_at <= decided_at)
        return version;
      insert_gift_version (b, st, g, version + 1, changed_at, decider,
                           "The family asked for the gift to go to the children's centre.",
                           value, flags, repeat, other, other == CW_GIFT_DONATED ? 3 : 0,
                           decider, changed_at);
      update_gift_header (b, st, g, version + 1, flags, TRUE);
      g_snprintf (detail, sizeof detail, "version %d; %s", version + 1,
                  cw_gift_decision_get_id (other));
      audit (b, changed_at, decider, "gift-decision-change", "gift", g->id, detail);
      return version + 1;
    }

  return version;
}

static CwGiftFlags
gift_flags (Build             *b,
            CwGiftDeclaration *rules,
            const Gift        *g,
            gint32             value,
            guint              repeat)
{
  cw_gift_declaration_set_direction (rules, g->given ? CW_GIFT_GIVEN : CW_GIFT_RECEIVED);
  cw_gift_declaration_set_value_pence (rules, value);
  cw_gift_declaration_set_cash (rules, g->cash);
  cw_gift_declaration_set_part_of_plan (rules, g->given && g->plan);
  cw_gift_declaration_set_same_given_to_all (rules, g->given && g->same_all);
  return cw_gift_compute_flags (rules, b->threshold, b->repeat_count, repeat);
}

static gint32
random_value (Build *b)
{
  int r = g_rand_int_range (b->rand, 0, 100);

  if (r < 70)
    return g_rand_int_range (b->rand, 100, 1000);
  if (r < 90)
    return g_rand_int_range (b->rand, 1000, 2500);
  return g_rand_int_range (b->rand, 2501, 20000);
}

static void
build_gifts (Build *b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwGiftDeclaration) rules = cw_gift_declaration_new ();
  g_autoptr(GHashTable) parties = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                         (GDestroyNotify) g_array_unref);
  GiftStatements st;
  gint64 n = b->o->gifts;
  Gift *gifts = g_new0 (Gift, n);
  GArray *events = g_array_sized_new (FALSE, FALSE, sizeof (GiftEvent), n + n / 10);

  for (gint64 i = 0; i < n; i++)
    {
      Gift *g = &gifts[i];
      GiftEvent e = { 0 };

      g->staff = (guint16) g_rand_int_range (b->rand, 1, b->n_staff);
      g->day = random_day (b);
      g->given = chance (b, 150);
      g->child = g->given || chance (b, 750) ? pool_child (b, g->staff) : -1;
      g->family = (guint16) g_rand_int_range (b->rand, 0, FAMILIES);
      g->parent_named = g->child >= 0 && !g->given && chance (b, 300);
      g->cash = !g->given && chance (b, 20);
      g->group = chance (b, 50);
      g->plan = chance (b, 600);
      g->same_all = chance (b, 250);
      g->description = (guint8) g_rand_int_range (b->rand, 0, 200);
      g->occasion = (guint8) g_rand_int_range (b->rand, 0, 200);
      g->value = random_value (b);
      {
        int seconds = g_rand_int_range (b->rand, 8, 18) * 3600 +
                      g_rand_int_range (b->rand, 0, 3600);

        g->declared_at = clamp_past (b, unix_of (b, g->day, seconds) +
                                        86400 * g_rand_int_range (b->rand, 0, 3));
      }
      e.at = g->declared_at;
      e.gift = (guint32) i;
      g_array_append_val (events, e);

      if (chance (b, 50))
        {
          gint64 at = clamp_past (b, g->declared_at + 3600 +
                                     g_rand_int_range (b->rand, 0, 20 * 86400));

          if (at > g->declared_at)
            {
              g->corrected_at = at;
              g->corrected_value = g->value < 2500 && chance (b, 300) ? g->value + 2000
                                                                       : g->value / 2 + 50;
              e.at = at;
              e.correction = 1;
              g_array_append_val (events, e);
            }
        }
    }
  g_array_sort (events, gift_event_compare);

  st.header = bench_prepare (b->db,
    "INSERT INTO gifts (staff_id, declared_at, current_version, gift_date, direction, child_id, "
    "flags, decided) VALUES (?1, ?2, 1, ?3, ?4, ?5, 0, 0)");
  st.version = bench_prepare (b->db,
    "INSERT INTO gift_versions (gift_id, version, written_at, written_by, correction_reason, "
    "gift_date, direction, child_id, family_member_name, family_member_relationship, "
    "description, value_pence, cash, group_collection, occasion, part_of_plan, plan_name, "
    "plan_agreed_with, same_given_to_all, flags, repeat_count, decision, decision_reason, "
    "decided_by, decided_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
    "?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25)");
  st.update = bench_prepare (b->db,
    "UPDATE gifts SET current_version = ?1, flags = ?2, decided = ?3 WHERE id = ?4");

  bench_check (cw_database_begin (b->db, &error), "begin", error);
  for (guint i = 0; i < events->len; i++)
    {
      GiftEvent *e = &g_array_index (events, GiftEvent, i);
      Gift *g = &gifts[e->gift];
      gint64 key = party_key (b, g);
      GArray *same = g_hash_table_lookup (parties, &key);
      char day[11];
      g_autofree char *ids = NULL;
      g_autofree char *detail = NULL;
      CwGiftFlags flags;
      guint repeat;

      repeat = count_in_window (b, same, gifts, e->gift);

      if (!e->correction)
        {
          if (same == NULL)
            {
              same = g_array_new (FALSE, FALSE, sizeof (guint32));
              g_hash_table_insert (parties, g_memdup2 (&key, sizeof key), same);
            }
          g_array_append_val (same, e->gift);

          day_text (day, g->day);
          sqlite3_bind_int64 (st.header, 1, b->ids[g->staff]);
          sqlite3_bind_int64 (st.header, 2, g->declared_at);
          bind_text (st.header, 3, day);
          bind_text (st.header, 4, g->given ? "given" : "received");
          bind_id (st.header, 5, g->child >= 0 ? b->first_child + g->child : 0);
          step_done (b->db, st.header, "gift");
          g->id = cw_database_last_insert_rowid (b->db);

          flags = gift_flags (b, rules, g, g->value, repeat);
          ids = flag_ids (gift_flag_ids, G_N_ELEMENTS (gift_flag_ids), flags);
          detail = g_strdup_printf ("flags: %s", ids);
          audit (b, g->declared_at, g->staff, "gift-declare", "gift", g->id, detail);
          decide_gift (b, &st, g, 1, g->declared_at,
                       g->corrected_at > 0 ? g->corrected_at : G_MAXINT64, g->value, flags,
                       repeat, "", g->staff);
        }
      else
        {
          int version = g->version + 1;

          flags = gift_flags (b, rules, g, g->corrected_value, repeat);
          ids = flag_ids (gift_flag_ids, G_N_ELEMENTS (gift_flag_ids), flags);
          detail = g_strdup_printf ("version %d; flags: %s", version, ids);
          audit (b, g->corrected_at, g->staff, "gift-correct", "gift", g->id, detail);
          decide_gift (b, &st, g, version, g->corrected_at, G_MAXINT64, g->corrected_value,
                       flags, repeat, "The value was estimated wrongly; corrected after "
                       "checking the receipt.", g->staff);
        }
    }
  bench_check (cw_database_commit (b->db, &error), "commit", error);
  b->n_batch = 0;

  sqlite3_finalize (st.header);
  sqlite3_finalize (st.version);
  sqlite3_finalize (st.update);
  g_array_unref (events);
  g_free (gifts);
}

/* Contacts -------------------------------------------------------------- */

static const char *const contact_summaries[] = {
  "Phoned to arrange the home visit next week; mother agreed a time after school.",
  "Visited at home; the child showed me their room and talked about school and friends.",
  "Text reminder about the review meeting; father replied to confirm he will attend.",
  "Email from the school about attendance; replied with the plan agreed at the last meeting.",
  "Met the child at the contact centre before the supervised contact; the child was calm.",
  "Video call with the child and foster carer about the weekend and the new bedtime routine.",
  "Met the family by chance at the supermarket; said hello and moved on, told my manager.",
  "Emergency call from the carer late in the evening about the child going missing; police told.",
};

typedef struct
{
  gint64  at;
  gint64  child;     /* index or -1 */
  guint32 day;
  guint16 staff;
  guint8  hour;
  guint8  minute;
  guint8  kind;      /* CwContactPartyKind */
  guint8  channel;
  guint8  device;
  guint8  initiator;
  guint8  purpose;
  guint8  planned;
  guint8  summary;
} Contact;

static int
contact_compare (gconstpointer a,
                 gconstpointer b)
{
  const Contact *x = a, *y = b;

  return x->at < y->at ? -1 : x->at > y->at ? 1 : 0;
}

typedef struct
{
  sqlite3_stmt *approval;
  sqlite3_stmt *header;
  sqlite3_stmt *version;
  sqlite3_stmt *update;
} ContactStatements;

static void
insert_contact_version (Build             *b,
                        ContactStatements *st,
                        const Contact     *c,
                        gint64             contact_id,
                        int                version,
                        gint64             written_at,
                        int                writer,
                        const char        *reason,
                        gboolean           corrected,
                        gint64             approval_id,
                        CwContactFlags     flags,
                        int                reviewer,
                        gint64             reviewed_at,
                        gboolean           changed_review)
{
  sqlite3_stmt *s = st->version;
  char day[11], time[6];
  g_autofree char *party = NULL;
  g_autofree char *summary = NULL;

  day_text (day, c->day);
  g_snprintf (time, sizeof time, "%02u:%02u", c->hour, c->minute);
  if (c->kind == CW_CONTACT_PARTY_PARENT_CARER)
    party = c->child >= 0 ? g_strdup_printf ("Parent of B-%06" G_GINT64_FORMAT, c->child)
                          : g_strdup_printf ("Parent %03u", (guint) (c->summary % 97));
  else if (c->kind == CW_CONTACT_PARTY_OTHER)
    party = g_strdup ("Designated teacher at the child's school");
  summary = g_strconcat (contact_summaries[c->summary % G_N_ELEMENTS (contact_summaries)],
                         corrected ? " Corrected: the call was with the other parent." : "",
                         NULL);

  sqlite3_bind_int64 (s, 1, contact_id);
  sqlite3_bind_int (s, 2, version);
  sqlite3_bind_int64 (s, 3, written_at);
  sqlite3_bind_int64 (s, 4, b->ids[writer]);
  bind_text (s, 5, reason);
  bind_text (s, 6, day);
  bind_text (s, 7, time);
  bind_id (s, 8, c->child >= 0 ? b->first_child + c->child : 0);
  bind_text (s, 9, cw_contact_party_kind_get_id (c->kind));
  bind_text (s, 10, party);
  bind_text (s, 11, cw_contact_channel_get_id (c->channel));
  bind_text (s, 12, cw_contact_device_get_id (c->device));
  bind_text (s, 13, cw_contact_initiator_get_id (c->initiator));
  sqlite3_bind_int (s, 14, c->planned);
  bind_text (s, 15, cw_contact_purpose_get_id (c->purpose));
  bind_text (s, 16, c->summary % 11 == 0 ? "Colleague on the duty desk" : "");
  bind_text (s, 17, summary);
  bind_text (s, 18, c->summary % 3 == 0 ? "Book the next visit and send the letter." : "");
  bind_id (s, 19, approval_id);
  sqlite3_bind_int (s, 20, (int) flags);
  if (reviewed_at > 0)
    {
      sqlite3_bind_int64 (s, 21, b->ids[reviewer]);
      sqlite3_bind_int64 (s, 22, reviewed_at);
      bind_text (s, 23, changed_review ? "Reviewed again after speaking to the school."
                                       : "Read and discussed in supervision.");
      bind_text (s, 24, c->summary % 5 == 0 ? "Discuss at the next team meeting." : "");
    }
  else
    {
      sqlite3_bind_null (s, 21);
      sqlite3_bind_null (s, 22);
      bind_text (s, 23, "");
      bind_text (s, 24, "");
    }
  step_done (b->db, s, "contact version");
  b->n_versions++;
  tick (b);
}

static gint64
reviewed_at_for (Build  *b,
                 gint64  at,
                 gint64  before)
{
  gint64 age = b->now - at;
  int per_mille = age > 45 * 86400 ? 975 : age > 10 * 86400 ? 600 : 250;
  gint64 when;

  if (!chance (b, per_mille))
    return 0;
  when = at + 3600 + g_rand_int_range (b->rand, 0, 21 * 86400);
  when = MIN (clamp_past (b, when), before - 60);
  return when > at ? when : 0;
}

static void
build_contacts (Build     *b,
                CwSession *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwContactRecord) rules = cw_contact_record_new ();
  g_autoptr(CwContactApproval) approval = cw_contact_approval_new ();
  ContactStatements st = { 0 };
  gint64 n = b->o->contacts;
  Contact *contacts = g_new0 (Contact, n);

  (void) session;

  for (gint64 i = 0; i < n; i++)
    {
      Contact *c = &contacts[i];
      int r;

      c->staff = (guint16) g_rand_int_range (b->rand, 1, b->n_staff);
      c->day = random_weekday (b);
      if (chance (b, 920))
        {
          c->hour = (guint8) g_rand_int_range (b->rand, 8, 18);
        }
      else
        {
          static const guint8 late[] = { 7, 18, 19, 20, 21 };

          c->hour = late[g_rand_int_range (b->rand, 0, G_N_ELEMENTS (late))];
        }
      c->minute = (guint8) g_rand_int_range (b->rand, 0, 60);
      c->child = chance (b, 850) ? pool_child (b, c->staff) : -1;
      r = g_rand_int_range (b->rand, 0, 100);
      c->kind = c->child >= 0 ? (r < 45 ? CW_CONTACT_PARTY_CHILD : r < 90
                                 ? CW_CONTACT_PARTY_PARENT_CARER : CW_CONTACT_PARTY_OTHER)
                              : (r < 70 ? CW_CONTACT_PARTY_PARENT_CARER : CW_CONTACT_PARTY_OTHER);
      r = g_rand_int_range (b->rand, 0, 100);
      c->channel = r < 40 ? CW_CONTACT_CHANNEL_IN_PERSON : r < 70 ? CW_CONTACT_CHANNEL_PHONE_CALL
                 : r < 80 ? CW_CONTACT_CHANNEL_TEXT : r < 90 ? CW_CONTACT_CHANNEL_EMAIL
                 : r < 95 ? CW_CONTACT_CHANNEL_VIDEO_CALL : r < 98
                 ? CW_CONTACT_CHANNEL_MESSAGING_APP : r < 99 ? CW_CONTACT_CHANNEL_SOCIAL_MEDIA
                 : CW_CONTACT_CHANNEL_LETTER;
      c->device = c->channel == CW_CONTACT_CHANNEL_IN_PERSON ? CW_CONTACT_DEVICE_NONE
                : chance (b, 20) ? CW_CONTACT_DEVICE_PERSONAL : CW_CONTACT_DEVICE_WORK;
      r = g_rand_int_range (b->rand, 0, 100);
      c->initiator = r < 50 ? CW_CONTACT_STARTED_BY_STAFF : r < 70 ? CW_CONTACT_STARTED_BY_CHILD
                   : r < 95 ? CW_CONTACT_STARTED_BY_PARENT : CW_CONTACT_STARTED_BY_OTHER;
      r = g_rand_int_range (b->rand, 0, 1000);
      c->purpose = r < 930 ? CW_CONTACT_PURPOSE_WORK : r < 960 ? CW_CONTACT_PURPOSE_COINCIDENTAL
                 : r < 980 ? CW_CONTACT_PURPOSE_SOCIAL : CW_CONTACT_PURPOSE_EMERGENCY;
      c->planned = c->purpose == CW_CONTACT_PURPOSE_SOCIAL ||
                   (c->purpose == CW_CONTACT_PURPOSE_WORK && chance (b, 600));
      c->summary = (guint8) g_rand_int_range (b->rand, 0, 250);
      c->at = clamp_past (b, unix_of (b, c->day, c->hour * 3600 + c->minute * 60) + 1800 +
                             g_rand_int_range (b->rand, 0, 2 * 86400));
    }
  qsort (contacts, n, sizeof (Contact), contact_compare);

  st.approval = bench_prepare (b->db,
    "INSERT INTO contact_approvals (staff_id, requested_at, child_id, other_party_name, "
    "planned_date, details, status, decided_by, decided_at, decision_reason) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  st.header = bench_prepare (b->db,
    "INSERT INTO contacts (staff_id, recorded_at, current_version, contact_day, contact_time, "
    "child_id, flags, reviewed, entry_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, NULL)");
  st.version = bench_prepare (b->db,
    "INSERT INTO contact_versions (contact_id, version, written_at, written_by, "
    "correction_reason, contact_day, contact_time, child_id, other_party_kind, "
    "other_party_name, channel, device, initiator, planned, purpose, witness, summary, "
    "follow_up, approval_id, flags, reviewed_by, reviewed_at, review_comment, further_action) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
    "?19, ?20, ?21, ?22, ?23, ?24)");

  bench_check (cw_database_begin (b->db, &error), "begin", error);
  for (gint64 i = 0; i < n; i++)
    {
      Contact *c = &contacts[i];
      gint64 approval_id = 0, contact_id, reviewed_at, corrected_at = 0;
      int reviewer = reviewer_of (b, c->staff), version = 1;
      gboolean approved = FALSE;
      GDate date;
      char day[11], time[6];
      CwContactFlags flags;
      g_autofree char *ids = NULL;
      g_autofree char *detail = NULL;

      /* Planned social contact: asked for first, usually approved in time. */
      if (c->purpose == CW_CONTACT_PURPOSE_SOCIAL && chance (b, 750))
        {
          gint64 requested = unix_of (b, c->day, 10 * 3600) -
                             86400 * g_rand_int_range (b->rand, 3, 15);
          gboolean declined = chance (b, 80);
          gint64 decided = requested + 86400 * g_rand_int_range (b->rand, 0, 2) + 3600;
          char planned[11];

          day_text (planned, c->day);
          sqlite3_bind_int64 (st.approval, 1, b->ids[c->staff]);
          sqlite3_bind_int64 (st.approval, 2, requested);
          bind_id (st.approval, 3, c->child >= 0 ? b->first_child + c->child : 0);
          bind_text (st.approval, 4, c->child >= 0 ? "" : "Parent");
          bind_text (st.approval, 5, planned);
          bind_text (st.approval, 6, "Going to the child's school play at the parent's "
                                     "invitation.");
          bind_text (st.approval, 7, declined ? "declined" : "approved");
          sqlite3_bind_int64 (st.approval, 8, b->ids[reviewer]);
          sqlite3_bind_int64 (st.approval, 9, decided);
          bind_text (st.approval, 10, declined ? "Not appropriate while the assessment is open."
                                               : "Fine as planned; record how it went.");
          step_done (b->db, st.approval, "approval");
          approval_id = cw_database_last_insert_rowid (b->db);
          audit (b, requested, c->staff, "contact-approval-request", "contact-approval",
                 approval_id, "");
          audit (b, decided, reviewer, "contact-approval-decide", "contact-approval",
                 approval_id, declined ? "declined" : "approved");
          if (declined)
            approval_id = 0;   /* a declined request is not named on the record */
          else
            {
              approved = TRUE;
              cw_contact_approval_set_status (approval, CW_APPROVAL_APPROVED);
              cw_contact_approval_set_decided_at (approval, decided);
              cw_contact_approval_set_staff_id (approval, b->ids[c->staff]);
              cw_contact_approval_set_child_id (approval,
                                                c->child >= 0 ? b->first_child + c->child : 0);
            }
        }

      g_date_clear (&date, 1);
      g_date_set_julian (&date, c->day);
      cw_contact_record_set_date (rules, &date);
      cw_contact_record_set_time (rules, c->hour, c->minute);
      cw_contact_record_set_staff_id (rules, b->ids[c->staff]);
      cw_contact_record_set_child_id (rules, c->child >= 0 ? b->first_child + c->child : 0);
      cw_contact_record_set_device (rules, c->device);
      cw_contact_record_set_initiator (rules, c->initiator);
      cw_contact_record_set_purpose (rules, c->purpose);
      cw_contact_record_set_reviewed_at (rules, 0);
      flags = cw_contact_compute_flags (rules, &b->hours, approved ? approval : NULL) &
              ~CW_CONTACT_FLAG_NOT_REVIEWED;

      day_text (day, c->day);
      g_snprintf (time, sizeof time, "%02u:%02u", c->hour, c->minute);
      sqlite3_bind_int64 (st.header, 1, b->ids[c->staff]);
      sqlite3_bind_int64 (st.header, 2, c->at);
      sqlite3_bind_int (st.header, 3, 1);
      bind_text (st.header, 4, day);
      bind_text (st.header, 5, time);
      bind_id (st.header, 6, c->child >= 0 ? b->first_child + c->child : 0);
      sqlite3_bind_int (st.header, 7, (int) flags);
      sqlite3_bind_int (st.header, 8, 0);
      step_done (b->db, st.header, "contact");
      contact_id = cw_database_last_insert_rowid (b->db);
      ids = flag_ids (contact_flag_ids, G_N_ELEMENTS (contact_flag_ids), flags);
      detail = g_strdup_printf ("flags: %s", ids);
      audit (b, c->at, c->staff, "contact-record", "contact", contact_id, detail);

      /* A correction by the recorder, perhaps after a first review. */
      if (chance (b, 30))
        {
          corrected_at = clamp_past (b, c->at + 3600 + g_rand_int_range (b->rand, 0,
                                                                         15 * 86400));
          if (corrected_at <= c->at)
            corrected_at = 0;
        }
      reviewed_at = reviewed_at_for (b, c->at, corrected_at > 0 ? corrected_at : G_MAXINT64);
      insert_contact_version (b, &st, c, contact_id, 1, c->at, c->staff, "", FALSE, approval_id,
                              flags, reviewer, reviewed_at, FALSE);
      if (reviewed_at > 0)
        {
          g_free (detail);
          detail = g_strdup ("version 1");
          audit (b, reviewed_at, reviewer, "contact-review", "contact", contact_id, detail);
        }

      if (corrected_at > 0)
        {
          version = 2;
          reviewed_at = reviewed_at_for (b, corrected_at, G_MAXINT64);
          insert_contact_version (b, &st, c, contact_id, 2, corrected_at, c->staff,
                                  "Named the wrong parent; corrected.", TRUE, approval_id, flags,
                                  reviewer, reviewed_at, FALSE);
          g_free (detail);
          detail = g_strdup_printf ("version 2; flags: %s", ids);
          audit (b, corrected_at, c->staff, "contact-correct", "contact", contact_id, detail);
          if (reviewed_at > 0)
            {
              g_free (detail);
              detail = g_strdup ("version 2");
              audit (b, reviewed_at, reviewer, "contact-review", "contact", contact_id, detail);
            }
        }

      /* A review changed later: a new version with the same content. */
      if (reviewed_at > 0 && chance (b, 10))
        {
          gint64 changed = clamp_past (b, reviewed_at + 86400 +
                                          g_rand_int_range (b->rand, 0, 10 * 86400));

          if (changed > reviewed_at)
            {
              version++;
              insert_contact_version (b, &st, c, contact_id, version, changed, reviewer,
                                      "New information from the school.", version > 2,
                                      approval_id, flags, reviewer, changed, TRUE);
              g_free (detail);
              detail = g_strdup_printf ("version %d", version);
              audit (b, changed, reviewer, "contact-review-change", "contact", contact_id,
                     detail);
              reviewed_at = changed;
            }
        }

      if (version > 1 || reviewed_at > 0)
        {
          if (st.update == NULL)
            st.update = bench_prepare (b->db, "UPDATE contacts SET current_version = ?1, "
                                        "reviewed = ?2 WHERE id = ?3");
          sqlite3_bind_int (st.update, 1, version);
          sqlite3_bind_int (st.update, 2, reviewed_at > 0 ? 1 : 0);
          sqlite3_bind_int64 (st.update, 3, contact_id);
          step_done (b->db, st.update, "contact header");
        }
    }

  /* Requests still waiting for a decision: a few per team. */
  for (int s = 1; s < b->n_staff; s++)
    {
      gint64 requested;
      char planned[11];

      if (!chance (b, 150))
        continue;
      requested = b->now - g_rand_int_range (b->rand, 3600, 5 * 86400);
      day_text (planned, b->last_day + 1 + (guint32) g_rand_int_range (b->rand, 3, 30));
      sqlite3_bind_int64 (st.approval, 1, b->ids[s]);
      sqlite3_bind_int64 (st.approval, 2, requested);
      bind_id (st.approval, 3, b->first_child + pool_child (b, s));
      bind_text (st.approval, 4, "");
      bind_text (st.approval, 5, planned);
      bind_text (st.approval, 6, "Attending the child's football match at the carer's "
                                 "invitation.");
      bind_text (st.approval, 7, "pending");
      sqlite3_bind_null (st.approval, 8);
      sqlite3_bind_null (st.approval, 9);
      bind_text (st.approval, 10, "");
      step_done (b->db, st.approval, "approval");
      audit (b, requested, s, "contact-approval-request", "contact-approval",
             cw_database_last_insert_rowid (b->db), "");
    }
  bench_check (cw_database_commit (b->db, &error), "commit", error);
  b->n_batch = 0;

  sqlite3_finalize (st.approval);
  sqlite3_finalize (st.header);
  sqlite3_finalize (st.version);
  g_clear_pointer (&st.update, sqlite3_finalize);
  g_free (contacts);
}

/* Photo consent --------------------------------------------------------- */

typedef struct
{
  gint64  at;
  gint64  child;
  guint32 given;
  int     recorder;
} Consent;

static int
consent_compare (gconstpointer a,
                 gconstpointer b)
{
  const Consent *x = a, *y = b;

  return x->at < y->at ? -1 : x->at > y->at ? 1 : 0;
}

typedef struct
{
  int         relationship;
  gboolean    written;
  int         agreement;
  guint32     agreed_on;     /* 0 none */
  int         purposes[CW_PHOTO_PURPOSE_LAST];
  int         naming;
  guint32     review;        /* 0 none */
  guint32     withdrawn;     /* 0 none */
  gboolean    never_publish;
  int         manager;       /* staff index, or -1 */
  gint64      manager_at;
} ConsentContent;

static const char *const relationship_ids[] = { "parent-carer", "local-authority", "child" };
static const char *const agreement_ids[] = { "not-asked", "agreed", "did-not-agree" };

static void
insert_consent_version (Build           *b,
                        sqlite3_stmt    *s,
                        gint64           consent_id,
                        int              version,
                        gint64           written_at,
                        int              writer,
                        const char      *reason,
                        const Consent   *c,
                        const ConsentContent *k)
{
  char given[11], agreed[11] = "", review[11] = "", withdrawn[11] = "";
  g_autofree char *form = g_strdup_printf ("PC-%06" G_GINT64_FORMAT "-%u", c->child, c->given);

  day_text (given, c->given);
  if (k->agreed_on > 0)
    day_text (agreed, k->agreed_on);
  if (k->review > 0)
    day_text (review, k->review);
  if (k->withdrawn > 0)
    day_text (withdrawn, k->withdrawn);

  sqlite3_bind_int64 (s, 1, consent_id);
  sqlite3_bind_int (s, 2, version);
  sqlite3_bind_int64 (s, 3, written_at);
  sqlite3_bind_int64 (s, 4, b->ids[writer]);
  bind_text (s, 5, reason);
  bind_text (s, 6, k->relationship == CW_PHOTO_BY_CHILD ? "The child"
                 : k->relationship == CW_PHOTO_BY_LOCAL_AUTHORITY ? "Social worker for the LA"
                 : "Mother");
  bind_text (s, 7, relationship_ids[k->relationship]);
  sqlite3_bind_int (s, 8, k->written);
  bind_text (s, 9, k->written ? form : "");
  bind_text (s, 10, agreement_ids[k->agreement]);
  bind_text (s, 11, agreed);
  for (int i = 0; i < CW_PHOTO_PURPOSE_LAST; i++)
    sqlite3_bind_int (s, 12 + i, k->purposes[i]);
  bind_text (s, 19, k->naming ? "first-name" : "no-name");
  bind_text (s, 20, given);
  bind_text (s, 21, review);
  bind_text (s, 22, "Until the child leaves the service, then deleted.");
  bind_text (s, 23, withdrawn);
  bind_text (s, 24, k->withdrawn > 0 ? "Mother, by telephone" : "");
  bind_text (s, 25, k->withdrawn > 0 ? "Images taken down from the display and the website."
                                     : "");
  sqlite3_bind_int (s, 26, k->never_publish);
  if (k->manager >= 0)
    {
      sqlite3_bind_int64 (s, 27, b->ids[k->manager]);
      sqlite3_bind_int64 (s, 28, k->manager_at);
    }
  else
    {
      sqlite3_bind_null (s, 27);
      sqlite3_bind_null (s, 28);
    }
  step_done (b->db, s, "consent version");
  b->n_versions++;
  tick (b);
}

static void
build_consents (Build *b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) header = NULL;
  g_autoptr(sqlite3_stmt) version_stmt = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(sqlite3_stmt) dob_stmt = NULL;
  gint64 n = b->o->consents;
  Consent *consents = g_new0 (Consent, n);
  guint32 *dobs = g_new0 (guint32, b->n_children);
  static const int grant[CW_PHOTO_PURPOSE_LAST] = { 950, 800, 600, 500, 350, 250, 200 };

  dob_stmt = bench_prepare (b->db, "SELECT id, date_of_birth FROM children WHERE id >= ?1");
  sqlite3_bind_int64 (dob_stmt, 1, b->first_child);
  while (sqlite3_step (dob_stmt) == SQLITE_ROW)
    {
      gint64 index = sqlite3_column_int64 (dob_stmt, 0) - b->first_child;
      GDate date;
      unsigned int y, m, d;

      if (index < 0 || index >= b->n_children ||
          sscanf ((const char *) sqlite3_column_text (dob_stmt, 1), "%u-%u-%u", &y, &m, &d) != 3)
        continue;
      g_date_clear (&date, 1);
      g_date_set_dmy (&date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
      dobs[index] = g_date_get_julian (&date);
    }

  for (gint64 i = 0; i < n; i++)
    {
      Consent *c = &consents[i];

      c->child = (i * 7919 + g_rand_int_range (b->rand, 0, 3)) % b->n_children;
      c->given = random_day (b);
      c->given = MAX (c->given, dobs[c->child] + 30);
      c->given = MIN (c->given, b->last_day);
      c->recorder = chance (b, 800) ? b->pracs[c->child % b->n_prac]
                                    : g_rand_int_range (b->rand, 1, b->n_staff);
      c->at = clamp_past (b, unix_of (b, c->given, 11 * 3600) +
                             86400 * g_rand_int_range (b->rand, 0, 5));
    }
  qsort (consents, n, sizeof (Consent), consent_compare);

  header = bench_prepare (b->db,
    "INSERT INTO photo_consents (child_id, recorded_by, created_at, current_version, "
    "date_given, review_date, withdrawn_on, never_publish) "
    "VALUES (?1, ?2, ?3, 1, ?4, ?5, '', ?6)");
  version_stmt = bench_prepare (b->db,
    "INSERT INTO photo_consent_versions (consent_id, version, written_at, written_by, "
    "correction_reason, consenter_name, relationship, written_consent, form_reference, "
    "child_agreement, child_agreed_on, purpose_case_record, purpose_displays, "
    "purpose_newsletters, purpose_website, purpose_social_media, purpose_press, "
    "purpose_promotional, naming, date_given, review_date, retention, withdrawn_on, "
    "withdrawn_by, withdrawal_action, never_publish, manager_consent_by, manager_consent_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
    "?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28)");
  update = bench_prepare (b->db,
    "UPDATE photo_consents SET current_version = ?1, review_date = ?2, withdrawn_on = ?3, "
    "never_publish = ?4 WHERE id = ?5");

  bench_check (cw_database_begin (b->db, &error), "begin", error);
  for (gint64 i = 0; i < n; i++)
    {
      Consent *c = &consents[i];
      ConsentContent k = { 0 };
      int age = (int) ((c->given - dobs[c->child]) / 365.25);
      int version = 1, manager = b->manager[c->recorder] >= 0 ? b->manager[c->recorder] : 0;
      gint64 consent_id, at = c->at;
      char given[11], review[11] = "", withdrawn[11] = "";

      k.relationship = age >= 17 ? CW_PHOTO_BY_CHILD
                     : age >= 13 ? (chance (b, 400) ? CW_PHOTO_BY_CHILD : CW_PHOTO_BY_PARENT_CARER)
                     : chance (b, 100) ? CW_PHOTO_BY_LOCAL_AUTHORITY : CW_PHOTO_BY_PARENT_CARER;
      k.written = chance (b, 950);
      k.agreement = age < 8 ? CW_PHOTO_CHILD_NOT_ASKED
                  : chance (b, 850) ? CW_PHOTO_CHILD_AGREED : CW_PHOTO_CHILD_DID_NOT_AGREE;
      k.agreed_on = k.agreement != CW_PHOTO_CHILD_NOT_ASKED ? c->given : 0;
      for (int p = 0; p < CW_PHOTO_PURPOSE_LAST; p++)
        k.purposes[p] = chance (b, grant[p]) ? CW_PHOTO_GRANTED
                      : chance (b, 500) ? CW_PHOTO_REFUSED : CW_PHOTO_NOT_ASKED;
      k.naming = chance (b, 400);
      k.review = chance (b, 800) ? c->given + 365 : 0;
      k.never_publish = chance (b, 20);
      k.manager = -1;

      day_text (given, c->given);
      if (k.review > 0)
        day_text (review, k.review);
      sqlite3_bind_int64 (header, 1, b->first_child + c->child);
      sqlite3_bind_int64 (header, 2, b->ids[c->recorder]);
      sqlite3_bind_int64 (header, 3, c->at);
      bind_text (header, 4, given);
      bind_text (header, 5, review);
      sqlite3_bind_int (header, 6, k.never_publish);
      step_done (b->db, header, "consent");
      consent_id = cw_database_last_insert_rowid (b->db);

      insert_consent_version (b, version_stmt, consent_id, 1, c->at, c->recorder, "", c, &k);
      audit (b, c->at, c->recorder, "photo-consent-record", "photo-consent", consent_id,
             k.never_publish ? "never-publish" : "");

      /* The manager's consent for promotional use. */
      if (k.purposes[CW_PHOTO_PURPOSE_PROMOTIONAL] == CW_PHOTO_GRANTED && chance (b, 700))
        {
          g_autofree char *detail = NULL;

          at = clamp_past (b, at + 86400 * g_rand_int_range (b->rand, 1, 10));
          k.manager = manager;
          k.manager_at = at;
          version++;
          insert_consent_version (b, version_stmt, consent_id, version, at, manager,
                                  "Manager’s consent given.", c, &k);
          detail = g_strdup_printf ("version %d", version);
          audit (b, at, manager, "photo-consent-manager", "photo-consent", consent_id, detail);
        }

      /* A correction (clears the manager's consent). */
      if (chance (b, 30))
        {
          g_autofree char *detail = NULL;

          at = clamp_past (b, at + 86400 * g_rand_int_range (b->rand, 1, 20));
          k.manager = -1;
          k.purposes[CW_PHOTO_PURPOSE_SOCIAL_MEDIA] = CW_PHOTO_REFUSED;
          version++;
          insert_consent_version (b, version_stmt, consent_id, version, at, c->recorder,
                                  "The form refuses social media; entered wrongly.", c, &k);
          detail = g_strdup_printf ("version %d", version);
          audit (b, at, c->recorder, "photo-consent-correct", "photo-consent", consent_id,
                 detail);
        }

      /* Withdrawn. */
      if (chance (b, 50))
        {
          g_autofree char *detail = NULL;
          guint32 on = c->given + (guint32) g_rand_int_range (b->rand, 1, 400);

          k.withdrawn = MIN (on, b->last_day);
          at = clamp_past (b, MAX (at + 3600, unix_of (b, k.withdrawn, 15 * 3600)));
          version++;
          insert_consent_version (b, version_stmt, consent_id, version, at, c->recorder,
                                  "Consent withdrawn.", c, &k);
          detail = g_strdup_printf ("version %d", version);
          audit (b, at, c->recorder, "photo-consent-withdraw", "photo-consent", consent_id,
                 detail);
          day_text (withdrawn, k.withdrawn);
        }

      if (version > 1)
        {
          sqlite3_bind_int (update, 1, version);
          bind_text (update, 2, review);
          bind_text (update, 3, withdrawn);
          sqlite3_bind_int (update, 4, k.never_publish);
          sqlite3_bind_int64 (update, 5, consent_id);
          step_done (b->db, update, "consent header");
        }
    }
  bench_check (cw_database_commit (b->db, &error), "commit", error);
  b->n_batch = 0;

  g_free (dobs);
  g_free (consents);
}

static gint64
setting_int (CwSession  *session,
             const char *key,
             gint64      fallback)
{
  g_autofree char *text = cw_session_get_setting (session, key);

  return text != NULL && text[0] != '\0' ? g_ascii_strtoll (text, NULL, 10) : fallback;
}

static double
build (const char    *db_path,
       const Options *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwSession) session = NULL;
  g_autofree char *recovery_key = NULL;
  g_autofree char *start_text = NULL;
  g_autofree char *end_text = NULL;
  g_autofree char *days_text = NULL;
  gint64 start = g_get_monotonic_time ();
  Build b = { 0 };
  GDate today, epoch;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  b.o = options;
  b.rand = g_rand_new_with_seed (20261123);
  b.n_staff = (int) options->staff;
  b.n_children = options->children;
  b.audit = !options->no_audit;
  b.now = g_get_real_time () / G_USEC_PER_SEC;
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
  g_date_clear (&epoch, 1);
  g_date_set_dmy (&epoch, 1, G_DATE_JANUARY, 1970);
  b.epoch = g_date_get_julian (&epoch);
  b.last_day = g_date_get_julian (&today) - 1;
  b.first_day = b.last_day - (guint32) (options->years * 365);

  session = cw_session_create_database (db_path, "Bench Organisation", "admin", "Bench Admin",
                                        ADMIN_PASSWORD, &recovery_key, &error);
  bench_check (session != NULL, "create", error);
  cw_secure_wipe_string (recovery_key);
  b.db = cw_session_get_database (session);

  b.threshold = setting_int (session, "gift-threshold-pence", 2500);
  b.repeat_count = (guint) setting_int (session, "gift-repeat-count", 3);
  b.repeat_months = (guint) setting_int (session, "gift-repeat-months", 12);
  start_text = cw_session_get_setting (session, "working-day-start");
  end_text = cw_session_get_setting (session, "working-day-end");
  days_text = cw_session_get_setting (session, "working-days");
  cw_working_hours_init_default (&b.hours);
  cw_working_hours_parse (&b.hours, start_text, end_text, days_text);

  build_staff (&b, session);
  build_children (&b);
  g_printerr ("  staff and children after %.0f s\n", (g_get_monotonic_time () - start) / 1e6);
  build_gifts (&b);
  g_printerr ("  gifts after %.0f s\n", (g_get_monotonic_time () - start) / 1e6);
  build_contacts (&b, session);
  g_printerr ("  contacts after %.0f s\n", (g_get_monotonic_time () - start) / 1e6);
  build_consents (&b);
  g_printerr ("  photo consents after %.0f s; %" G_GINT64_FORMAT " versions, %" G_GINT64_FORMAT
              " audit rows\n", (g_get_monotonic_time () - start) / 1e6, b.n_versions, b.n_audit);

  /* No ANALYZE: Casework never runs it, so plans are those without statistics. */
  cw_session_sign_out (session);

  for (int s = 0; s < b.n_staff; s++)
    g_free (b.usernames[s]);
  g_free (b.usernames);
  g_free (b.ids);
  g_free (b.manager);
  g_free (b.pidx);
  g_free (b.pracs);
  g_rand_free (b.rand);

  return (g_get_monotonic_time () - start) / 1e6;
}

/* ---------------------------------------------------------------------- */
/* Measuring                                                               */

typedef struct
{
  CwSession              *session;
  CwGiftRegister         *gifts;
  CwContactRegister      *contacts;
  CwPhotoConsentRegister *consents;
  int                     role;
  const char             *password;
  gint64                  child_id;     /* a child every role may see (the practitioner's) */
  GDate                   from, to, today, yesterday;  /* yesterday: last working day */
} Ctx;

typedef enum
{
  REG_GIFTS,
  REG_CONTACTS,
  REG_CONSENTS,
} Reg;

static const char *const reg_names[] = { "Gifts", "Contacts", "Photo consent" };

/* One filter of any register, made by a small function. */
typedef void (*FilterFunc) (Ctx *ctx, gpointer filter);

static GListModel *
reg_list (Ctx        *ctx,
          Reg         reg,
          gconstpointer filter)
{
  switch (reg)
    {
    case REG_GIFTS:
      return cw_gift_register_list (ctx->gifts, filter);
    case REG_CONTACTS:
      return cw_contact_register_list (ctx->contacts, filter);
    case REG_CONSENTS:
    default:
      return cw_photo_consent_register_list (ctx->consents, filter);
    }
}

static gint64
reg_count (Ctx          *ctx,
           Reg           reg,
           gconstpointer filter)
{
  switch (reg)
    {
    case REG_GIFTS:
      return cw_gift_register_count (ctx->gifts, filter);
    case REG_CONTACTS:
      return cw_contact_register_count (ctx->contacts, filter);
    case REG_CONSENTS:
    default:
      return cw_photo_consent_register_count (ctx->consents, filter);
    }
}

/* The whole list: open (the count), first page, middle, end. */
static void
measure_list (Ctx  *ctx,
              Reg   reg)
{
  double open[N_RUNS], first[N_RUNS], middle[N_RUNS], end[N_RUNS];
  guint n = 0;

  for (int run = 0; run < N_RUNS; run++)
    {
      g_autoptr(GListModel) list = NULL;
      g_autoptr(GObject) item = NULL;
      gint64 start;

      current_step = "open the list";
      start = g_get_monotonic_time ();
      list = reg_list (ctx, reg, NULL);
      n = g_list_model_get_n_items (list);
      open[run] = ms_since (start);

      current_step = "first page";
      start = g_get_monotonic_time ();
      item = g_list_model_get_item (list, 0);
      first[run] = ms_since (start);
      g_clear_object (&item);

      current_step = "jump to the middle";
      start = g_get_monotonic_time ();
      item = g_list_model_get_item (list, n / 2);
      middle[run] = ms_since (start);
      g_clear_object (&item);

      current_step = "jump to the end";
      start = g_get_monotonic_time ();
      item = g_list_model_get_item (list, n > 0 ? n - 1 : 0);
      end[run] = ms_since (start);
      g_clear_object (&item);
    }

  record (reg_names[reg], "open the list (count)", ctx->role, open, "%u", n);
  record (reg_names[reg], "first page", ctx->role, first, "256 rows");
  record (reg_names[reg], "jump to the middle", ctx->role, middle, "row %u", n / 2);
  record (reg_names[reg], "jump to the end", ctx->role, end, "row %u", n > 0 ? n - 1 : 0);
}

/* A filter: its count, and the list opened on it with its first page. */
static void
measure_filter (Ctx          *ctx,
                Reg           reg,
                const char   *name,
                gconstpointer filter)
{
  double count_ms[N_RUNS], page_ms[N_RUNS];
  g_autofree char *count_step = g_strdup_printf ("count: %s", name);
  g_autofree char *page_step = g_strdup_printf ("first page: %s", name);
  gint64 count = 0;
  guint n = 0;

  for (int run = 0; run < N_RUNS; run++)
    {
      g_autoptr(GListModel) list = NULL;
      g_autoptr(GObject) item = NULL;
      gint64 start;

      current_step = count_step;
      start = g_get_monotonic_time ();
      count = reg_count (ctx, reg, filter);
      count_ms[run] = ms_since (start);

      current_step = page_step;
      start = g_get_monotonic_time ();
      list = reg_list (ctx, reg, filter);
      n = g_list_model_get_n_items (list);
      item = n > 0 ? g_list_model_get_item (list, 0) : NULL;
      page_ms[run] = ms_since (start);
    }

  record (reg_names[reg], count_step, ctx->role, count_ms, "%" G_GINT64_FORMAT, count);
  record (reg_names[reg], page_step, ctx->role, page_ms, "%u rows (open + first page)", n);
}

typedef gint64 (*CountFunc) (Ctx *ctx);

static gint64
count_gifts_awaiting (Ctx *ctx)
{
  return cw_gift_register_count_awaiting_decision (ctx->gifts);
}

static gint64
count_contacts_awaiting (Ctx *ctx)
{
  return cw_contact_register_count_awaiting_review (ctx->contacts);
}

static gint64
count_approvals_awaiting (Ctx *ctx)
{
  return cw_contact_register_count_approvals_awaiting (ctx->contacts);
}

static gint64
count_reviews_due (Ctx *ctx)
{
  return cw_photo_consent_register_count_reviews_due (ctx->consents, &ctx->today);
}

static gint64
count_withdrawn (Ctx *ctx)
{
  return cw_photo_consent_register_count_withdrawn (ctx->consents);
}

static gint64
count_gifts (Ctx *ctx)
{
  return cw_gift_register_count (ctx->gifts, NULL);
}

static gint64
count_contacts (Ctx *ctx)
{
  return cw_contact_register_count (ctx->contacts, NULL);
}

static gint64
count_consents (Ctx *ctx)
{
  return cw_photo_consent_register_count (ctx->consents, NULL);
}

static void
measure_count (Ctx        *ctx,
               const char *section,
               const char *name,
               CountFunc   func)
{
  double ms[N_RUNS];
  gint64 count = 0;

  current_step = name;
  for (int run = 0; run < N_RUNS; run++)
    {
      gint64 start = g_get_monotonic_time ();

      count = func (ctx);
      ms[run] = ms_since (start);
    }
  record (section, name, ctx->role, ms, "%" G_GINT64_FORMAT, count);
}

static void
measure_gifts (Ctx *ctx)
{
  CwGiftFilter filter;

  measure_list (ctx, REG_GIFTS);

  measure_count (ctx, "Gifts", "count (no filter)", count_gifts);

  cw_gift_filter_init (&filter);
  filter.any_flags = CW_GIFT_FLAG_CASH;
  measure_filter (ctx, REG_GIFTS, "flag cash", &filter);
  filter.any_flags = CW_GIFT_FLAG_REPEATED;
  measure_filter (ctx, REG_GIFTS, "flag repeated", &filter);

  cw_gift_filter_init (&filter);
  filter.child_id = ctx->child_id;
  measure_filter (ctx, REG_GIFTS, "one child", &filter);

  cw_gift_filter_init (&filter);
  filter.from = ctx->from;
  filter.to = ctx->to;
  measure_filter (ctx, REG_GIFTS, "one month", &filter);

  cw_gift_filter_init (&filter);
  filter.undecided_only = TRUE;
  measure_filter (ctx, REG_GIFTS, "undecided", &filter);

  cw_gift_filter_init (&filter);
  filter.awaiting_me = TRUE;
  measure_filter (ctx, REG_GIFTS, "awaiting my decision", &filter);
}

static void
measure_contacts (Ctx *ctx)
{
  CwContactFilter filter;

  measure_list (ctx, REG_CONTACTS);

  measure_count (ctx, "Contacts", "count (no filter)", count_contacts);

  cw_contact_filter_init (&filter);
  filter.any_flags = CW_CONTACT_FLAG_PERSONAL_DEVICE;
  measure_filter (ctx, REG_CONTACTS, "flag personal device", &filter);
  filter.any_flags = CW_CONTACT_FLAG_OUT_OF_HOURS;
  measure_filter (ctx, REG_CONTACTS, "flag out of hours", &filter);

  cw_contact_filter_init (&filter);
  filter.child_id = ctx->child_id;
  measure_filter (ctx, REG_CONTACTS, "one child", &filter);

  cw_contact_filter_init (&filter);
  filter.from = ctx->from;
  filter.to = ctx->to;
  measure_filter (ctx, REG_CONTACTS, "one month", &filter);

  cw_contact_filter_init (&filter);
  filter.unreviewed_only = TRUE;
  measure_filter (ctx, REG_CONTACTS, "not reviewed", &filter);

  cw_contact_filter_init (&filter);
  filter.awaiting_me = TRUE;
  measure_filter (ctx, REG_CONTACTS, "awaiting my review", &filter);
}

static void
measure_consents (Ctx *ctx)
{
  CwPhotoConsentFilter filter;

  measure_list (ctx, REG_CONSENTS);

  measure_count (ctx, "Photo consent", "count (no filter)", count_consents);

  cw_photo_consent_filter_init (&filter);
  filter.never_publish_only = TRUE;
  measure_filter (ctx, REG_CONSENTS, "never publish", &filter);

  cw_photo_consent_filter_init (&filter);
  filter.child_id = ctx->child_id;
  measure_filter (ctx, REG_CONSENTS, "one child", &filter);

  cw_photo_consent_filter_init (&filter);
  filter.from = ctx->from;
  filter.to = ctx->to;
  measure_filter (ctx, REG_CONSENTS, "one month", &filter);

  cw_photo_consent_filter_init (&filter);
  filter.review_due_on = ctx->today;
  measure_filter (ctx, REG_CONSENTS, "review due", &filter);

  cw_photo_consent_filter_init (&filter);
  filter.withdrawn_only = TRUE;
  measure_filter (ctx, REG_CONSENTS, "withdrawn", &filter);
}

static void
measure_waiting (Ctx *ctx)
{
  measure_count (ctx, "Waiting counts", "gifts awaiting my decision", count_gifts_awaiting);
  measure_count (ctx, "Waiting counts", "contacts awaiting my review", count_contacts_awaiting);
  measure_count (ctx, "Waiting counts", "approvals awaiting me", count_approvals_awaiting);
  measure_count (ctx, "Waiting counts", "photo consent reviews due", count_reviews_due);
  measure_count (ctx, "Waiting counts", "photo consents withdrawn", count_withdrawn);
}

static void
measure_writes (Ctx *ctx)
{
  double declare_ms[N_RUNS], record_ms[N_RUNS], check_ms[N_RUNS];
  guint repeat = 0;
  CwContactFlags contact_flags = 0;
  CwPhotoDecision decision = { 0 };

  for (int run = 0; run < N_RUNS; run++)
    {
      g_autoptr(CwGiftDeclaration) gift = cw_gift_declaration_new ();
      g_autoptr(CwGiftDeclaration) stored = NULL;
      g_autoptr(CwContactRecord) contact = cw_contact_record_new ();
      g_autoptr(CwContactRecord) recorded = NULL;
      g_autoptr(GError) error = NULL;
      gint64 start;

      cw_gift_declaration_set_date (gift, &ctx->yesterday);
      cw_gift_declaration_set_direction (gift, CW_GIFT_RECEIVED);
      cw_gift_declaration_set_child_id (gift, ctx->child_id);
      cw_gift_declaration_set_description (gift, "Box of chocolates");
      cw_gift_declaration_set_value_pence (gift, 800);
      current_step = "declare a gift";
      start = g_get_monotonic_time ();
      stored = cw_gift_register_declare (ctx->gifts, gift, &error);
      declare_ms[run] = ms_since (start);
      bench_check (stored != NULL, "declare a gift", error);
      repeat = cw_gift_declaration_get_repeat_count (stored);

      cw_contact_record_set_date (contact, &ctx->yesterday);
      cw_contact_record_set_time (contact, 10, 30);
      cw_contact_record_set_child_id (contact, ctx->child_id);
      cw_contact_record_set_other_party_kind (contact, CW_CONTACT_PARTY_PARENT_CARER);
      cw_contact_record_set_other_party_name (contact, "Mother");
      cw_contact_record_set_channel (contact, CW_CONTACT_CHANNEL_PHONE_CALL);
      cw_contact_record_set_device (contact, CW_CONTACT_DEVICE_WORK);
      cw_contact_record_set_initiator (contact, CW_CONTACT_STARTED_BY_STAFF);
      cw_contact_record_set_purpose (contact, CW_CONTACT_PURPOSE_WORK);
      cw_contact_record_set_summary (contact, "Phoned to arrange the next home visit.");
      current_step = "record a contact";
      start = g_get_monotonic_time ();
      recorded = cw_contact_register_record (ctx->contacts, contact, &error);
      record_ms[run] = ms_since (start);
      bench_check (recorded != NULL, "record a contact", error);
      contact_flags = cw_contact_record_get_flags (recorded);

      current_step = "photo consent check";
      start = g_get_monotonic_time ();
      bench_check (cw_photo_consent_register_check (ctx->consents, ctx->child_id,
                                              CW_PHOTO_PURPOSE_WEBSITE, &ctx->today, &decision,
                                              &error), "photo check", error);
      check_ms[run] = ms_since (start);
    }

  record ("Writes and checks", "declare one gift", ctx->role, declare_ms,
          "%u in the repeat window", repeat);
  record ("Writes and checks", "record one contact", ctx->role, record_ms, "flags %u",
          (guint) contact_flags);
  record ("Writes and checks", "photo consent bench_check (one child, website)", ctx->role, check_ms,
          "%s", decision.allowed ? "allowed" : "not allowed");
}

typedef struct
{
  double   ms[N_RUNS];
  guint64  rows;
  guint64  bytes;
  double   peak_mib;        /* getrusage after clear_refs: includes the step-up */
  double   writing_mib;     /* sampled while rows were written */
} ExportResult;

static void
measure_export (Ctx          *ctx,
                const char   *dir,
                int           runs,
                ExportResult *out)
{
  g_autofree char *path = g_build_filename (dir, "gifts.csv", NULL);

  memset (out, 0, sizeof *out);
  for (int run = 0; run < runs; run++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GFileOutputStream) file_stream = NULL;
      g_autoptr(GOutputStream) stream = NULL;
      g_autoptr(GError) error = NULL;
      GStatBuf buf;
      gboolean reset = bench_reset_peak_memory ();
      gint64 start;
      guint64 rows = 0;

      file_stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, &error);
      bench_check (file_stream != NULL, "export file", error);
      stream = g_object_new (BENCH_TYPE_SAMPLE_STREAM, "base-stream", file_stream, NULL);

      current_step = "export";
      start = g_get_monotonic_time ();
      bench_check (cw_register_export_gifts (ctx->gifts, NULL, ctx->password, stream, &rows, NULL,
                                       &error), "export", error);
      bench_check (g_output_stream_close (stream, NULL, &error), "close", error);
      out->ms[run] = ms_since (start);
      out->rows = rows;
      out->writing_mib = MAX (out->writing_mib, BENCH_SAMPLE_STREAM (stream)->max_mib);
      if (reset)
        out->peak_mib = MAX (out->peak_mib, peak_mib ());
      if (g_stat (path, &buf) == 0)
        out->bytes = (guint64) buf.st_size;
      g_unlink (path);
    }
  /* Fewer runs: the best of those made. */
  for (int run = runs; run < N_RUNS; run++)
    out->ms[run] = out->ms[run - 1];

  record ("Export", "CSV of the whole gift register", ctx->role, out->ms,
          "%" G_GUINT64_FORMAT " rows, %.1f MiB", out->rows, out->bytes / 1048576.0);
}

static void
explain_slow (CwSession *session)
{
  CwDatabase *database = cw_session_get_database (session);

  for (guint i = 0; i < slow_sql->len; i++)
    {
      const char *sql = g_ptr_array_index (slow_sql, i);
      g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
      g_autoptr(GError) error = NULL;
      sqlite3_stmt *stmt = cw_database_prepare (database, explain, &error);

      g_printerr ("\nSLOW STATEMENT %u:\n%s\nPLAN:\n", i + 1, sql);
      if (stmt == NULL)
        {
          g_printerr ("  (cannot explain: %s)\n", error->message);
          continue;
        }
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_printerr ("  %d %d %d %s\n", sqlite3_column_int (stmt, 0), sqlite3_column_int (stmt, 1),
                    sqlite3_column_int (stmt, 2), sqlite3_column_text (stmt, 3));
      sqlite3_finalize (stmt);
    }
  g_ptr_array_set_size (slow_sql, 0);
}

static gint64
first_child_of (CwSession  *session,
                const char *username)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = cw_database_prepare (cw_session_get_database (session),
    "SELECT c.id FROM children c JOIN staff s ON s.id = c.allocated_worker_id "
    "WHERE s.username = ?1 ORDER BY c.id LIMIT 1", &error);
  gint64 id = 0;

  bench_check (stmt != NULL, "child", error);
  sqlite3_bind_text (stmt, 1, username, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return id;
}

static void
print_table (void)
{
  const char *section = NULL;

  for (guint i = 0; i < results->len; i++)
    {
      Result *r = g_ptr_array_index (results, i);

      if (section == NULL || strcmp (section, r->section) != 0)
        {
          section = r->section;
          printf ("\n**%s**\n\n| Step | DSL (ms) | rows | Manager (ms) | rows | "
                  "Practitioner (ms) | rows |\n|---|---:|---:|---:|---:|---:|---:|\n", section);
        }
      printf ("| %s ", r->step);
      for (int role = 0; role < N_ROLES; role++)
        {
          if (r->ms[role] < 0)
            printf ("| | ");
          else
            printf ("| %.1f | %s ", r->ms[role], r->detail[role]);
        }
      printf ("|\n");
    }
}

int
main (int argc, char **argv)
{
  Options options = { 200, 5000, 300000, 300000, 50000, 6, FALSE, N_RUNS, NULL, NULL, FALSE };
  GOptionEntry entries[] = {
    { "staff", 0, 0, G_OPTION_ARG_INT64, &options.staff, "Members of staff", "N" },
    { "children", 0, 0, G_OPTION_ARG_INT64, &options.children, "Children", "N" },
    { "gifts", 0, 0, G_OPTION_ARG_INT64, &options.gifts, "Gift declarations", "N" },
    { "contacts", 0, 0, G_OPTION_ARG_INT64, &options.contacts, "Contact records", "N" },
    { "consents", 0, 0, G_OPTION_ARG_INT64, &options.consents, "Photo consent records", "N" },
    { "years", 0, 0, G_OPTION_ARG_INT64, &options.years, "Years the rows spread over", "N" },
    { "no-audit", 0, 0, G_OPTION_ARG_NONE, &options.no_audit, "Write no audit rows", NULL },
    { "export-runs", 0, 0, G_OPTION_ARG_INT64, &options.export_runs,
      "Times to run the CSV export (0 to 3)", "N" },
    { "try-sql", 0, 0, G_OPTION_ARG_STRING, &options.try_sql,
      "SQL run on the database before measuring (to try an index)", "SQL" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &options.dir, "Folder for the database", "DIR" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &options.keep, "Keep the database", NULL },
    { NULL }
  };
  static const struct { const char *username; const char *password; } people[N_ROLES] = {
    { "lead", DSL_PASSWORD }, { "mona", MANAGER_PASSWORD }, { "pat", WORKER_PASSWORD },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- time the staff registers");
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *wal_path = NULL;
  gboolean made_dir = FALSE;
  double build_s = -1, role_peak[N_ROLES] = { 0 }, signin_ms[N_ROLES] = { 0 };
  ExportResult export = { 0 };
  GStatBuf buf;
  guint64 db_bytes = 0;
  g_autoptr(GDateTime) now = NULL;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    bench_die ("options", error);
  if (options.staff < 12 || options.staff > 60000 || options.children < 1 ||
      options.gifts < 1 || options.contacts < 1 || options.consents < 1 || options.years < 1 ||
      options.export_runs < 0 || options.export_runs > N_RUNS)
    bench_die ("options (at least 12 staff and one of everything)", NULL);

  results = g_ptr_array_new_with_free_func (result_free);
  slow_sql = g_ptr_array_new_with_free_func (g_free);
  slow_notes = g_ptr_array_new_with_free_func (slow_note_free);

  if (options.dir == NULL)
    {
      options.dir = g_dir_make_tmp ("casework-bench-XXXXXX", &error);
      if (options.dir == NULL)
        bench_die ("temporary folder", error);
      made_dir = TRUE;
    }
  db_path = g_build_filename (options.dir, "bench.db", NULL);
  wal_path = g_strconcat (db_path, "-wal", NULL);

  g_printerr ("bench-registers: %s\n", db_path);
  if (!g_file_test (db_path, G_FILE_TEST_EXISTS))
    {
      build_s = build (db_path, &options);
      g_printerr ("  built in %.1f s\n", build_s);
    }
  if (g_stat (db_path, &buf) == 0)
    db_bytes = (guint64) buf.st_size;

  /* What-if: an index or a statement tried before measuring (changes the
   * database: use it on a copy). */
  if (options.try_sql != NULL)
    {
      g_autoptr(CwSession) session = cw_session_sign_in_with_password (db_path, "lead",
                                                                      DSL_PASSWORD, &error);
      gint64 start = g_get_monotonic_time ();

      if (session == NULL)
        bench_die ("sign in", error);
      bench_check (cw_database_exec (cw_session_get_database (session), options.try_sql, &error),
             options.try_sql, error);
      g_printerr ("bench-registers: ran %s in %.0f ms\n", options.try_sql, ms_since (start));
      cw_session_sign_out (session);
    }

  for (int role = 0; role < N_ROLES; role++)
    {
      g_autoptr(CwSession) session = NULL;
      Ctx ctx = { 0 };
      gint64 start;
      GDate date;

      start = g_get_monotonic_time ();
      session = cw_session_sign_in_with_password (db_path, people[role].username,
                                                  people[role].password, &error);
      if (session == NULL)
        bench_die ("sign in", error);
      signin_ms[role] = ms_since (start);
      sqlite3_trace_v2 (cw_database_get_handle (cw_session_get_database (session)),
                        SQLITE_TRACE_PROFILE, profile_cb, NULL);
      bench_reset_peak_memory ();

      ctx.session = session;
      ctx.role = role;
      ctx.password = people[role].password;
      ctx.gifts = cw_gift_register_new (session);
      ctx.contacts = cw_contact_register_new (session);
      ctx.consents = cw_photo_consent_register_new (session);
      current_step = "setting up";
      ctx.child_id = first_child_of (session, "pat");
      now = g_date_time_new_now_local ();
      g_date_clear (&ctx.today, 1);
      g_date_set_dmy (&ctx.today, (GDateDay) g_date_time_get_day_of_month (now),
                      (GDateMonth) g_date_time_get_month (now),
                      (GDateYear) g_date_time_get_year (now));
      g_clear_pointer (&now, g_date_time_unref);
      /* The last working day before today (a contact in working hours). */
      ctx.yesterday = ctx.today;
      do
        g_date_subtract_days (&ctx.yesterday, 1);
      while (g_date_get_weekday (&ctx.yesterday) >= G_DATE_SATURDAY);
      /* March of last year. */
      g_date_clear (&date, 1);
      g_date_set_dmy (&date, 1, G_DATE_MARCH, g_date_get_year (&ctx.today) - 1);
      ctx.from = date;
      g_date_set_dmy (&date, 31, G_DATE_MARCH, g_date_get_year (&ctx.today) - 1);
      ctx.to = date;

      g_printerr ("\nsigned in as the %s (%s) in %.0f ms\n", role_names[role],
                  people[role].username, signin_ms[role]);
      measure_waiting (&ctx);
      measure_gifts (&ctx);
      measure_contacts (&ctx);
      measure_consents (&ctx);
      measure_writes (&ctx);
      role_peak[role] = peak_mib ();
      if (role == 0 && options.export_runs > 0)
        measure_export (&ctx, options.dir, (int) options.export_runs, &export);

      explain_slow (session);

      g_clear_object (&ctx.gifts);
      g_clear_object (&ctx.contacts);
      g_clear_object (&ctx.consents);
      cw_session_sign_out (session);
    }

  print_table ();
  printf ("\n| Memory | Peak |\n|---|---|\n");
  for (int role = 0; role < N_ROLES; role++)
    printf ("| every step as the %s, after sign-in (getrusage) | %.1f MiB |\n", role_names[role],
            role_peak[role]);
  printf ("| CSV export, including the step-up's Argon2id (getrusage) | %.1f MiB |\n",
          export.peak_mib);
  printf ("| CSV export, sampled while rows were written | %.1f MiB |\n", export.writing_mib);
  printf ("\nSign-in: %.0f / %.0f / %.0f ms. Database file: %.0f MiB (+ WAL %.0f MiB).",
          signin_ms[0], signin_ms[1], signin_ms[2], db_bytes / 1048576.0,
          g_stat (wal_path, &buf) == 0 ? buf.st_size / 1048576.0 : 0.0);
  if (build_s >= 0)
    printf (" Built in %.0f s.", build_s);
  printf ("\nAsked: --staff %" G_GINT64_FORMAT " --children %" G_GINT64_FORMAT " --gifts %"
          G_GINT64_FORMAT " --contacts %" G_GINT64_FORMAT " --consents %" G_GINT64_FORMAT
          " --years %" G_GINT64_FORMAT " --export-runs %" G_GINT64_FORMAT "%s\n", options.staff,
          options.children, options.gifts, options.contacts, options.consents, options.years,
          options.export_runs, options.no_audit ? " --no-audit" : "");

  if (slow_notes->len > 0)
    {
      printf ("\nStatements of %.0f ms or more (every role and run):\n", SLOW_MS);
      for (guint i = 0; i < slow_notes->len; i++)
        {
          SlowNote *note = g_ptr_array_index (slow_notes, i);

          printf ("- %s: %u, the slowest %.0f ms\n", note->step, note->n, note->max_ms);
        }
    }

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
    g_printerr ("bench-registers: kept %s\n", db_path);

  g_ptr_array_unref (results);
  g_ptr_array_unref (slow_sql);
  g_ptr_array_unref (slow_notes);
  g_free (options.try_sql);
  g_free (options.dir);
  return 0;
}
