/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-chronology"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n.h>

#include "cw-child.h"
#include "cw-child-repository-private.h"
#include "cw-chronology-private.h"
#include "cw-database-private.h"
#include "cw-principles-private.h"
#include "cw-sign-off-repository-private.h"

/*
 * CwChronology reads through a CwSqlListModel whose SELECT returns only
 * index columns of `entries` (id, current version, first finishing time) in
 * chronology order; each row's current version and actions are then read
 * by id for the rows of the pages actually fetched. So skipping to the end
 * of 100,000 notes walks the index and the small `entries` rows, never the
 * text of the versions, and the per-day sort ("timed first") stays cheap.
 *
 * Filters that need a version's columns (outcomes, the precision of an
 * event at the start of a date range, search) reach it through the unique
 * (entry_id, version) index; the search runs the FTS4 query once per
 * statement (an IN list of docids) and tests each of the child's notes
 * against it.
 *
 * The sign-off state of a decision or professional judgement comes with
 * the page, from columns of the page query: the note's newest sign-off
 * request (sign_off_requests_entry) and that request's newest event
 * (sign_off_events_request), as cw_sign_off_state_for_entry() reads them.
 * They are correlated subqueries of an outer query around the ordered
 * list, so SQLite evaluates them for the rows of the page only, and only
 * for those two kinds (a CASE on the kind). Measured on 100,000 notes, the
 * SQL of the last page takes about 10 ms longer than without them (the
 * outer query steps over the rows the OFFSET skips).
 *
 * A Query is everything one filter needs, shared (refcounted) by the
 * chronology and the list model reading with it.
 */

/* Chronology order; the untimed events of a day after its timed ones. */
#define ORDER_SQL \
  " ORDER BY e.event_day, e.event_time = '', e.event_time, e.sequence, e.id"

/*
 * The page query. The inner query is the list in chronology order (its
 * LIMIT -1 keeps SQLite from merging it into the outer one); the outer one
 * takes the page (the model appends LIMIT and OFFSET) and reads the sign-off
 * columns of a decision or professional judgement with correlated
 * subqueries, which SQLite evaluates only for the rows of the page: not for
 * the rows an OFFSET skips, and not for the rows it sorts.
 */
#define JUDGEMENT_KIND_SQL "p.kind IN ('decision', 'professional-judgement')"
#define NEWEST_REQUEST_SQL \
  "(SELECT max (sr.id) FROM sign_off_requests sr WHERE sr.entry_id = p.id)"
#define NEWEST_EVENT_SQL \
  "(SELECT max (se.id) FROM sign_off_events se WHERE se.request_id = " NEWEST_REQUEST_SQL ")"
#define PAGE_SELECT_SQL \
  "SELECT p.id, p.current_version, p.finished_at, p.child_id, " \
  "CASE WHEN " JUDGEMENT_KIND_SQL " THEN (SELECT r.state FROM sign_off_requests r " \
  "  WHERE r.id = " NEWEST_REQUEST_SQL ") END, " \
  "CASE WHEN " JUDGEMENT_KIND_SQL " THEN (SELECT r.queued_at FROM sign_off_requests r " \
  "  WHERE r.id = " NEWEST_REQUEST_SQL ") END, " \
  "CASE WHEN " JUDGEMENT_KIND_SQL " THEN (SELECT ev.signer_name FROM sign_off_events ev " \
  "  WHERE ev.id = " NEWEST_EVENT_SQL ") END, " \
  "CASE WHEN " JUDGEMENT_KIND_SQL " THEN (SELECT ev.at FROM sign_off_events ev " \
  "  WHERE ev.id = " NEWEST_EVENT_SQL ") END " \
  "FROM (SELECT e.id, e.current_version, e.finished_at, e.child_id, e.kind "
#define PAGE_SELECT_END_SQL " LIMIT -1) p"

/* The page's columns, by position. */
enum
{
  PAGE_ENTRY_ID,
  PAGE_CURRENT_VERSION,
  PAGE_FINISHED_AT,
  PAGE_CHILD_ID,
  PAGE_SIGN_OFF_STATE,
  PAGE_SIGN_OFF_QUEUED_AT,
  PAGE_SIGN_OFF_SIGNER,
  PAGE_SIGN_OFF_AT,
};

/* The current version's id, through the (entry_id, version) index. */
#define CURRENT_VERSION_ID_SQL \
  "(SELECT cv.id FROM entry_versions cv " \
  "WHERE cv.entry_id = e.id AND cv.version = e.current_version)"

typedef struct
{
  char     *fold;     /* case-folded, without diacritics */
  gboolean  prefix;
} SearchTerm;

typedef struct
{
  CwSession          *session;
  gint64              child_id;
  CwChronologyFilter  filter;
  char               *match;         /* FTS4 MATCH expression; NULL: no search */
  GPtrArray          *terms;         /* SearchTerm, for highlighting */
  char               *where_sql;     /* "FROM entries e WHERE …" */
  CwRecordingRules    rules;
  GDate               date_of_birth; /* invalid when unknown */
  gboolean            dob_approximate;
  GDateTime          *now;
} Query;

typedef struct
{
  gsize start;
  gsize end;
} TokenSpan;

struct _CwChronologyItem
{
  GObject           parent_instance;

  gint64            entry_id;
  int               version;
  GDate             event_date;
  int               hour;
  int               minute;
  CwEventPrecision  precision;
  char             *event_text;
  const char       *uncertainty;
  char             *age;
  CwEntryKind       kind;
  char             *summary;
  char             *source;
  char             *impact;
  char             *action_outcome;
  char             *author_name;
  GDateTime        *finished_at;
  gboolean          significant;
  gboolean          restricted;
  char             *state;
  guint             n_missed;
  GStrv             missed_titles;
  char             *missed_text;
  CwSignOffState    sign_off_status;
  char             *sign_off_state;
  char             *snippet;
};

struct _CwChronology
{
  GObject             parent_instance;

  CwSession          *session;
  gint64              child_id;
  CwChronologyFilter  filter;
  Query              *query;
  CwSqlListModel     *model;
  gulong              items_changed_id;
};

enum
{
  ITEM_PROP_0,
  ITEM_PROP_ENTRY_ID,
  ITEM_PROP_VERSION,
  ITEM_PROP_EVENT_TEXT,
  ITEM_PROP_UNCERTAINTY,
  ITEM_PROP_AGE,
  ITEM_PROP_KIND,
  ITEM_PROP_KIND_TITLE,
  ITEM_PROP_SUMMARY,
  ITEM_PROP_SOURCE,
  ITEM_PROP_IMPACT,
  ITEM_PROP_ACTION_OUTCOME,
  ITEM_PROP_AUTHOR_NAME,
  ITEM_PROP_FINISHED_AT,
  ITEM_PROP_SIGNIFICANT,
  ITEM_PROP_RESTRICTED,
  ITEM_PROP_STATE,
  ITEM_PROP_N_MISSED,
  ITEM_PROP_MISSED_TEXT,
  ITEM_PROP_SIGN_OFF_STATE,
  ITEM_PROP_SIGN_OFF_STATUS,
  ITEM_PROP_SIGN_OFF_TITLE,
  ITEM_PROP_SNIPPET,
  N_ITEM_PROPS
};

static GParamSpec *item_properties[N_ITEM_PROPS];

G_DEFINE_FINAL_TYPE (CwChronologyItem, cw_chronology_item, G_TYPE_OBJECT)

static void cw_chronology_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CwChronology, cw_chronology, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      cw_chronology_list_model_init))

/* Helpers: words and search */

static gboolean
is_token_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

/* Case-folded and without diacritics, like unicode61 remove_diacritics=1. */
static char *
fold_token (const char *start,
            gssize      len)
{
  g_autofree char *decomposed = g_utf8_normalize (start, len, G_NORMALIZE_NFD);
  g_autoptr(GString) bare = g_string_new (NULL);

  if (decomposed == NULL)
    return g_strdup ("");

  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_ismark (c))
        g_string_append_unichar (bare, c);
    }

  return g_utf8_casefold (bare->str, (gssize) bare->len);
}

/* The spans of the tokens (runs of letters, digits and marks) of @text. */
static GArray *
tokenize (const char *text)
{
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (TokenSpan));
  const char *p = text;

  while (*p != '\0')
    {
      TokenSpan span;

      while (*p != '\0' && !is_token_char (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (*p == '\0')
        break;
      span.start = (gsize) (p - text);
      while (*p != '\0' && is_token_char (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      span.end = (gsize) (p - text);
      g_array_append_val (spans, span);
    }

  return spans;
}

static gboolean
is_fts_operator (const char *word)
{
  return strcmp (word, "AND") == 0 || strcmp (word, "OR") == 0 ||
         strcmp (word, "NOT") == 0 || strcmp (word, "NEAR") == 0 ||
         (g_str_has_prefix (word, "NEAR/") && word[5] != '\0' &&
          strspn (word + 5, "0123456789") == strlen (word + 5));
}

static gboolean
has_token_char (const char *word)
{
  for (const char *q = word; *q != '\0'; q = g_utf8_next_char (q))
    if (is_token_char (g_utf8_get_char (q)))
      return TRUE;

  return FALSE;
}

/* Double quotes (FTS4 cannot escape them inside a phrase), stars and
 * control characters separate words like white space. */
static gboolean
is_word_break (gunichar c)
{
  return g_unichar_isspace (c) || c == '"' || c == '*' || c < 0x20 || c == 0x7f;
}

/* The words of @search worth searching for: each with at least one letter
 * or digit, without bare FTS operators unless nothing else is left (then
 * they are words like any other). NULL when none. */
static GStrv
search_words (const char *search)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GStrvBuilder) builder = NULL;
  g_autofree char *valid = NULL;
  const char *p, *start = NULL;
  gboolean any_word = FALSE;

  if (search == NULL)
    return NULL;

  valid = g_utf8_make_valid (search, -1);

  for (p = valid;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && !is_word_break (c))
        {
          if (start == NULL)
            start = p;
          continue;
        }

      if (start != NULL)
        {
          char *word = g_strndup (start, (gsize) (p - start));

          if (has_token_char (word))
            g_ptr_array_add (words, word);
          else
            g_free (word);
          start = NULL;
        }

      if (c == 0)
        break;
    }

  for (guint i = 0; i < words->len; i++)
    if (!is_fts_operator (g_ptr_array_index (words, i)))
      any_word = TRUE;

  if (words->len == 0)
    return NULL;

  builder = g_strv_builder_new ();
  for (guint i = 0; i < words->len; i++)
    if (!any_word || !is_fts_operator (g_ptr_array_index (words, i)))
      g_strv_builder_add (builder, g_ptr_array_index (words, i));

  return g_strv_builder_end (builder);
}

static void
search_term_free (gpointer data)
{
  SearchTerm *term = data;

  g_free (term->fold);
  g_free (term);
}

static GPtrArray *
search_terms (const char *search)
{
  g_auto(GStrv) words = search_words (search);
  GPtrArray *terms = g_ptr_array_new_with_free_func (search_term_free);
  guint n_words;

  if (words == NULL)
    return terms;

  n_words = g_strv_length (words);
  for (guint w = 0; w < n_words; w++)
    {
      g_autoptr(GArray) spans = tokenize (words[w]);

      for (guint i = 0; i < spans->len; i++)
        {
          TokenSpan *span = &g_array_index (spans, TokenSpan, i);
          SearchTerm *term = g_new0 (SearchTerm, 1);

          term->fold = fold_token (words[w] + span->start, (gssize) (span->end - span->start));
          term->prefix = (w == n_words - 1 && i == spans->len - 1);
          g_ptr_array_add (terms, term);
        }
    }

  return terms;
}

static gboolean
token_matches (GPtrArray  *terms,
               const char *fold)
{
  for (guint i = 0; i < terms->len; i++)
    {
      SearchTerm *term = g_ptr_array_index (terms, i);

      if (term->prefix ? g_str_has_prefix (fold, term->fold) : strcmp (fold, term->fold) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Escaped for markup, with line breaks and tabs as spaces. */
static void
append_escaped (GString    *out,
                const char *text,
                gsize       len)
{
  g_autofree char *flat = g_strndup (text, len);
  g_autofree char *escaped = NULL;

  g_strdelimit (flat, "\n\r\t", ' ');
  escaped = g_markup_escape_text (flat, -1);
  g_string_append (out, escaped);
}

#define SNIPPET_TOKENS_BEFORE 4
#define SNIPPET_TOKENS 14

static char *
snippet_of_text (GPtrArray  *terms,
                 const char *text)
{
  g_autoptr(GArray) spans = tokenize (text);
  g_autoptr(GString) out = NULL;
  guint first = G_MAXUINT;
  guint start, end;

  for (guint i = 0; i < spans->len && first == G_MAXUINT; i++)
    {
      TokenSpan *span = &g_array_index (spans, TokenSpan, i);
      g_autofree char *fold = fold_token (text + span->start,
                                          (gssize) (span->end - span->start));

      if (token_matches (terms, fold))
        first = i;
    }

  if (first == G_MAXUINT)
    return NULL;

  start = first > SNIPPET_TOKENS_BEFORE ? first - SNIPPET_TOKENS_BEFORE : 0;
  end = MIN (spans->len, start + SNIPPET_TOKENS);
  out = g_string_new (start > 0 ? "…" : "");

  for (guint i = start; i < end; i++)
    {
      TokenSpan *span = &g_array_index (spans, TokenSpan, i);
      g_autofree char *fold = fold_token (text + span->start,
                                          (gssize) (span->end - span->start));

      if (i > start)
        {
          TokenSpan *before = &g_array_index (spans, TokenSpan, i - 1);
          append_escaped (out, text + before->end, span->start - before->end);
        }

      if (token_matches (terms, fold))
        {
          g_string_append (out, "<b>");
          append_escaped (out, text + span->start, span->end - span->start);
          g_string_append (out, "</b>");
        }
      else
        append_escaped (out, text + span->start, span->end - span->start);
    }

  if (end < spans->len)
    g_string_append (out, "…");
  else
    {
      TokenSpan *last = &g_array_index (spans, TokenSpan, end - 1);
      g_autofree char *rest = g_strstrip (g_strdup (text + last->end));

      append_escaped (out, rest, strlen (rest));
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Markup around the first match in the fields' search order; the summary,
 * escaped, when no word is found (a match the tokenizers read differently). */
static char *
make_snippet (GPtrArray *terms,
              CwEntry   *entry)
{
  for (guint f = 0; f < CW_ENTRY_FIELD_LAST; f++)
    {
      char *snippet = snippet_of_text (terms, cw_entry_get_text (entry, f));

      if (snippet != NULL)
        return snippet;
    }

  return g_markup_escape_text (cw_entry_get_text (entry, CW_ENTRY_FIELD_SUMMARY), -1);
}

/* Helpers: the child's age */

static char *
format_age (const GDate      *date_of_birth,
            gboolean          dob_approximate,
            const GDate      *event_day,
            CwEventPrecision  precision)
{
  GDate day;
  int months;
  gboolean about;

  if (!g_date_valid (date_of_birth) || event_day == NULL || !g_date_valid (event_day))
    return g_strdup ("");

  day = *event_day;
  if (precision == CW_EVENT_MONTH)
    g_date_set_day (&day, g_date_get_days_in_month (g_date_get_month (&day),
                                                    g_date_get_year (&day)));

  if (g_date_compare (&day, date_of_birth) < 0)
    return g_strdup (_("unborn"));

  months = (g_date_get_year (&day) - g_date_get_year (date_of_birth)) * 12 +
           ((int) g_date_get_month (&day) - (int) g_date_get_month (date_of_birth));
  if (g_date_get_day (&day) < g_date_get_day (date_of_birth))
    months--;
  months = MAX (months, 0);

  about = dob_approximate || precision == CW_EVENT_MONTH || precision == CW_EVENT_APPROXIMATE;

  if (months >= 12)
    {
      int years = months / 12;

      if (about)
        /* TRANSLATORS: an approximate age in years, e.g. "about 7" */
        return g_strdup_printf (_("about %d"), years);
      return g_strdup_printf (ngettext ("%d year", "%d years", years), years);
    }

  if (months == 0)
    return g_strdup (_("under a month"));

  if (about)
    return g_strdup_printf (ngettext ("about %d month", "about %d months", months), months);
  return g_strdup_printf (ngettext ("%d month", "%d months", months), months);
}

/* Helpers: the query */

static void
query_clear (gpointer data)
{
  Query *query = data;

  g_clear_object (&query->session);
  cw_chronology_filter_clear (&query->filter);
  g_clear_pointer (&query->match, g_free);
  g_clear_pointer (&query->terms, g_ptr_array_unref);
  g_clear_pointer (&query->where_sql, g_free);
  cw_recording_rules_clear (&query->rules);
  g_clear_pointer (&query->now, g_date_time_unref);
}

static Query *
query_ref (Query *query)
{
  return g_rc_box_acquire (query);
}

static void
query_unref (gpointer query)
{
  g_rc_box_release_full (query, query_clear);
}

static char *
build_where (const CwChronologyFilter *filter,
             gboolean                  searching)
{
  GString *sql = g_string_new ("FROM entries e "
                               "WHERE e.child_id = :child_id AND e.state = 'finished' "
                               "AND e.current_version > 0 AND ");

  g_string_append (sql, CW_CHILD_VISIBLE_SQL (":child_id"));
  g_string_append (sql, " AND (e.restricted = 0 OR :see_restricted = 1 "
                        "OR e.author_id = :cw_me)");

  if (filter->significant_only)
    g_string_append (sql, " AND e.significant = 1");

  if (filter->kinds_mask != 0)
    {
      gboolean first = TRUE;

      g_string_append (sql, " AND e.kind IN (");
      for (guint kind = 0; kind < CW_ENTRY_KIND_LAST; kind++)
        if ((filter->kinds_mask & (G_GUINT64_CONSTANT (1) << kind)) != 0)
          {
            g_string_append_printf (sql, "%s:kind%u", first ? "" : ", ", kind);
            first = FALSE;
          }
      /* Only unknown bits: nothing matches. */
      g_string_append (sql, first ? "NULL)" : ")");
    }

  if (g_date_valid (&filter->from))
    g_string_append (sql, " AND (e.event_day >= :from OR (e.event_day >= :from_month AND "
                          "(SELECT pv.event_precision FROM entry_versions pv "
                          "WHERE pv.entry_id = e.id AND pv.version = e.current_version) "
                          "= 'month'))");
  if (g_date_valid (&filter->to))
    g_string_append (sql, " AND e.event_day <= :to");

  if (filter->author_id != 0)
    g_string_append (sql, " AND e.author_id = :author_id");

  if ((filter->outcomes_mask & CW_OUTCOMES_ALL) != 0)
    g_string_append (sql, " AND EXISTS (SELECT 1 FROM entry_versions ov "
                          "WHERE ov.entry_id = e.id AND ov.version = e.current_version "
                          "AND (ov.outcomes & :outcomes) != 0)");

  if (searching)
    g_string_append (sql, " AND " CURRENT_VERSION_ID_SQL " IN "
                          "(SELECT docid FROM entry_search WHERE entry_search MATCH :match)");

  return g_string_free (sql, FALSE);
}

static char *
day_text (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

/* The child's date of birth and legal status, read once per query. */
static void
query_read_child (Query *query)
{
  CwDatabase *database = cw_session_get_database (query->session);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;

  if (database == NULL)
    return;

  stmt = cw_database_prepare (database,
                              "SELECT date_of_birth, dob_precision, legal_status "
                              "FROM children WHERE id = ?1", &error);
  if (stmt == NULL)
    {
      g_warning ("Could not read a child's date of birth: %s", error->message);
      return;
    }

  sqlite3_bind_int64 (stmt, 1, query->child_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return;

  if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), "unknown") != 0)
    cw_principles_parse_day ((const char *) sqlite3_column_text (stmt, 0),
                             &query->date_of_birth);
  query->dob_approximate =
    g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), "approximate") == 0;
  query->rules.child_protection_plan =
    g_strcmp0 ((const char *) sqlite3_column_text (stmt, 2),
               CW_LEGAL_STATUS_CHILD_PROTECTION_PLAN) == 0;
}

static Query *
query_new (CwSession                *session,
           gint64                    child_id,
           const CwChronologyFilter *filter)
{
  Query *query = g_rc_box_new0 (Query);

  query->session = g_object_ref (session);
  query->child_id = child_id;
  cw_chronology_filter_copy (filter, &query->filter);
  query->match = cw_chronology_build_match (filter->search);
  query->terms = search_terms (query->match != NULL ? filter->search : NULL);
  query->where_sql = build_where (filter, query->match != NULL);
  cw_recording_rules_init_from_session (&query->rules, session);
  g_date_clear (&query->date_of_birth, 1);
  query->now = g_date_time_new_now_utc ();
  query_read_child (query);

  return query;
}

static void
bind_text_named (sqlite3_stmt *stmt,
                 const char   *name,
                 const char   *value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
}

static void
bind_int64_named (sqlite3_stmt *stmt,
                  const char   *name,
                  gint64        value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    sqlite3_bind_int64 (stmt, index, value);
}

static void
query_bind (sqlite3_stmt *stmt,
            gpointer      user_data)
{
  Query *query = user_data;
  const CwChronologyFilter *filter = &query->filter;

  cw_child_repository_bind_visibility (query->session, stmt);
  bind_int64_named (stmt, ":child_id", query->child_id);
  bind_int64_named (stmt, ":see_restricted",
                    cw_session_can (query->session, CW_PERMISSION_VIEW_RESTRICTED) ? 1 : 0);

  for (guint kind = 0; kind < CW_ENTRY_KIND_LAST; kind++)
    if ((filter->kinds_mask & (G_GUINT64_CONSTANT (1) << kind)) != 0)
      {
        char name[16];

        g_snprintf (name, sizeof name, ":kind%u", kind);
        bind_text_named (stmt, name, cw_entry_kind_get_id (kind));
      }

  if (g_date_valid (&filter->from))
    {
      g_autofree char *from = day_text (&filter->from);
      GDate first_of_month = filter->from;
      g_autofree char *from_month = NULL;

      g_date_set_day (&first_of_month, 1);
      from_month = day_text (&first_of_month);
      bind_text_named (stmt, ":from", from);
      bind_text_named (stmt, ":from_month", from_month);
    }
  if (g_date_valid (&filter->to))
    {
      g_autofree char *to = day_text (&filter->to);

      bind_text_named (stmt, ":to", to);
    }

  bind_int64_named (stmt, ":author_id", filter->author_id);
  bind_int64_named (stmt, ":outcomes", filter->outcomes_mask & CW_OUTCOMES_ALL);
  if (query->match != NULL)
    bind_text_named (stmt, ":match", query->match);
}

/* Helpers: sign-off */

/* The sign-off columns of a page row (NULL state: never queued, or not a
 * decision or professional judgement). */
static void
item_set_sign_off (CwChronologyItem *item,
                   CwSqlStatement   *stmt,
                   GDateTime        *now)
{
  g_autoptr(GDateTime) queued_at = NULL;
  g_autoptr(GDateTime) event_time = NULL;
  const char *signer;

  if (sqlite3_column_type (stmt, PAGE_SIGN_OFF_STATE) == SQLITE_NULL)
    return;

  item->sign_off_status =
    cw_sign_off_state_from_id ((const char *) sqlite3_column_text (stmt, PAGE_SIGN_OFF_STATE));
  queued_at = g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt,
                                                                   PAGE_SIGN_OFF_QUEUED_AT));
  if (sqlite3_column_type (stmt, PAGE_SIGN_OFF_AT) != SQLITE_NULL)
    event_time = g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt, PAGE_SIGN_OFF_AT));
  signer = (const char *) sqlite3_column_text (stmt, PAGE_SIGN_OFF_SIGNER);

  g_free (item->sign_off_state);
  item->sign_off_state = cw_sign_off_describe_state (item->sign_off_status, queued_at, now,
                                                     signer, event_time);
}

/* Helpers: items */

static char *
describe_source (CwEntry *entry)
{
  const char *name = cw_entry_get_text (entry, CW_ENTRY_FIELD_REPORTED_SOURCE_NAME);
  const char *role = cw_entry_get_text (entry, CW_ENTRY_FIELD_REPORTED_SOURCE_ROLE);
  g_autofree char *name_clean = g_strstrip (g_strdup (name));
  g_autofree char *role_clean = g_strstrip (g_strdup (role));

  if (*name_clean != '\0' && *role_clean != '\0')
    /* TRANSLATORS: who reported something and their role, e.g. "Ms Jones (class teacher)" */
    return g_strdup_printf (_("%s (%s)"), name_clean, role_clean);
  if (*name_clean != '\0')
    return g_steal_pointer (&name_clean);
  if (*role_clean != '\0')
    return g_steal_pointer (&role_clean);

  return g_strdup (cw_entry_get_author_name (entry));
}

static char *
describe_action_outcome (CwEntry *entry)
{
  g_autofree char *decision = g_strstrip (g_strdup (cw_entry_get_text (entry,
                                                                       CW_ENTRY_FIELD_DECISION)));
  GPtrArray *actions = cw_entry_get_actions (entry);
  CwEntryAction *action;
  GString *text;

  if (*decision != '\0')
    return g_steal_pointer (&decision);

  if (actions == NULL || actions->len == 0)
    return g_strdup ("");

  action = g_ptr_array_index (actions, 0);
  text = g_string_new (action->what);

  if (action->who != NULL && *action->who != '\0')
    /* TRANSLATORS: who will do an action, after what it is: "Refer to the GP — Sam" */
    g_string_append_printf (text, _(" — %s"), action->who);

  if (g_date_valid (&action->by_when))
    {
      g_autofree char *when = cw_event_format (&action->by_when, -1, -1, CW_EVENT_DAY);

      /* TRANSLATORS: when an action is due, after who will do it: ", by 20 Mar 2026" */
      g_string_append_printf (text, _(", by %s"), when);
    }

  return g_string_free (text, FALSE);
}

static CwChronologyItem *
item_new (Query     *query,
          CwEntry   *entry,
          GDateTime *first_finished_at)
{
  CwChronologyItem *item = g_object_new (CW_TYPE_CHRONOLOGY_ITEM, NULL);
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GStrvBuilder) titles = g_strv_builder_new ();
  const GDate *event_date = cw_entry_get_event_date (entry);

  item->entry_id = cw_entry_get_id (entry);
  item->version = cw_entry_get_version (entry);
  if (g_date_valid (event_date))
    item->event_date = *event_date;
  item->hour = cw_entry_get_event_hour (entry);
  item->minute = cw_entry_get_event_minute (entry);
  item->precision = cw_entry_get_event_precision (entry);
  item->event_text = cw_event_format (&item->event_date, item->hour, item->minute,
                                      item->precision);
  switch (item->precision)
    {
    case CW_EVENT_MONTH:
      item->uncertainty = _("Month only");
      break;
    case CW_EVENT_APPROXIMATE:
      item->uncertainty = _("Approximate");
      break;
    case CW_EVENT_EXACT:
    case CW_EVENT_DAY:
    default:
      item->uncertainty = "";
      break;
    }
  item->age = format_age (&query->date_of_birth, query->dob_approximate, &item->event_date,
                          item->precision);
  item->kind = cw_entry_get_kind (entry);
  item->summary = g_strdup (cw_entry_get_text (entry, CW_ENTRY_FIELD_SUMMARY));
  item->source = describe_source (entry);
  item->impact = g_strdup (cw_entry_get_text (entry, CW_ENTRY_FIELD_IMPACT));
  item->action_outcome = describe_action_outcome (entry);
  item->author_name = g_strdup (cw_entry_get_author_name (entry));
  item->significant = cw_entry_get_significant (entry);
  item->restricted = cw_entry_get_restricted (entry);
  item->state = g_strdup ("finished");

  /* Timeliness counts from when the note was first finished. */
  if (first_finished_at != NULL)
    cw_entry_set_finished_at (entry, first_finished_at);
  item->finished_at = cw_entry_get_finished_at (entry) != NULL
                      ? g_date_time_ref (cw_entry_get_finished_at (entry)) : NULL;

  checks = cw_principles_check (entry, &query->rules, query->now);
  for (guint i = 0; i < checks->len; i++)
    {
      CwPrincipleCheck *check = g_ptr_array_index (checks, i);

      if (check->applies && !check->met)
        {
          item->n_missed++;
          g_strv_builder_add (titles, check->title);
        }
    }
  item->missed_titles = g_strv_builder_end (titles);
  /* TRANSLATORS: the separator between the titles of missed principles */
  item->missed_text = g_strjoinv (_(", "), item->missed_titles);

  if (query->match != NULL)
    item->snippet = make_snippet (query->terms, entry);

  return item;
}

/* A row whose version could not be read still takes its place. */
static CwChronologyItem *
item_new_unreadable (gint64 entry_id,
                     int    version)
{
  CwChronologyItem *item = g_object_new (CW_TYPE_CHRONOLOGY_ITEM, NULL);

  item->entry_id = entry_id;
  item->version = version;
  item->event_text = g_strdup (_("Date not recorded"));
  item->summary = g_strdup (_("This note could not be read."));
  item->state = g_strdup ("finished");
  item->missed_titles = g_new0 (char *, 1);

  return item;
}

static CwEntry *
read_version (CwDatabase  *database,
              gint64       entry_id,
              int          version,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(CwEntry) entry = NULL;
  int rc;

  stmt = cw_database_prepare (database,
                              "SELECT " CW_PRINCIPLES_VERSION_COLUMNS " FROM entry_versions v "
                              "WHERE v.entry_id = ?1 AND v.version = ?2", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, entry_id);
  sqlite3_bind_int (stmt, 2, version);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_FAILED,
                           _("This version of the note could not be found."));
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      cw_database_set_error (database, error, rc, "version");
      return NULL;
    }

  entry = cw_principles_read_entry (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!cw_principles_read_actions (database, NULL, entry, error))
    return NULL;

  return g_steal_pointer (&entry);
}

/* Columns: PAGE_SELECT_SQL. */
static GObject *
item_from_row (CwSqlStatement *stmt,
               gpointer        user_data)
{
  Query *query = user_data;
  CwDatabase *database = cw_session_get_database (query->session);
  gint64 entry_id = sqlite3_column_int64 (stmt, PAGE_ENTRY_ID);
  int version = sqlite3_column_int (stmt, PAGE_CURRENT_VERSION);
  g_autoptr(GDateTime) first_finished_at = NULL;
  g_autoptr(CwEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  CwChronologyItem *item;

  if (sqlite3_column_type (stmt, PAGE_FINISHED_AT) != SQLITE_NULL)
    first_finished_at = g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt,
                                                                             PAGE_FINISHED_AT));

  if (database != NULL)
    entry = read_version (database, entry_id, version, &error);
  if (entry == NULL)
    {
      g_warning ("Could not read a note of the chronology: %s",
                 error != NULL ? error->message : "locked");
      item = item_new_unreadable (entry_id, version);
    }
  else
    {
      cw_entry_set_child_id (entry, sqlite3_column_int64 (stmt, PAGE_CHILD_ID));
      item = item_new (query, entry, first_finished_at);
    }

  item_set_sign_off (item, stmt, query->now);

  return G_OBJECT (item);
}

/* Item: properties and class */

static void
cw_chronology_item_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CwChronologyItem *self = CW_CHRONOLOGY_ITEM (object);

  switch (prop_id)
    {
    case ITEM_PROP_ENTRY_ID:
      g_value_set_int64 (value, self->entry_id);
      break;
    case ITEM_PROP_VERSION:
      g_value_set_int (value, self->version);
      break;
    case ITEM_PROP_EVENT_TEXT:
      g_value_set_string (value, self->event_text);
      break;
    case ITEM_PROP_UNCERTAINTY:
      g_value_set_string (value, self->uncertainty);
      break;
    case ITEM_PROP_AGE:
      g_value_set_string (value, self->age);
      break;
    case ITEM_PROP_KIND:
      g_value_set_int (value, self->kind);
      break;
    case ITEM_PROP_KIND_TITLE:
      g_value_set_string (value, cw_chronology_item_get_kind_title (self));
      break;
    case ITEM_PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;
    case ITEM_PROP_SOURCE:
      g_value_set_string (value, self->source);
      break;
    case ITEM_PROP_IMPACT:
      g_value_set_string (value, self->impact);
      break;
    case ITEM_PROP_ACTION_OUTCOME:
      g_value_set_string (value, self->action_outcome);
      break;
    case ITEM_PROP_AUTHOR_NAME:
      g_value_set_string (value, self->author_name);
      break;
    case ITEM_PROP_FINISHED_AT:
      g_value_set_boxed (value, self->finished_at);
      break;
    case ITEM_PROP_SIGNIFICANT:
      g_value_set_boolean (value, self->significant);
      break;
    case ITEM_PROP_RESTRICTED:
      g_value_set_boolean (value, self->restricted);
      break;
    case ITEM_PROP_STATE:
      g_value_set_string (value, self->state);
      break;
    case ITEM_PROP_N_MISSED:
      g_value_set_uint (value, self->n_missed);
      break;
    case ITEM_PROP_MISSED_TEXT:
      g_value_set_string (value, self->missed_text);
      break;
    case ITEM_PROP_SIGN_OFF_STATE:
      g_value_set_string (value, cw_chronology_item_get_sign_off_state (self));
      break;
    case ITEM_PROP_SIGN_OFF_STATUS:
      g_value_set_int (value, self->sign_off_status);
      break;
    case ITEM_PROP_SIGN_OFF_TITLE:
      g_value_set_string (value, cw_chronology_item_get_sign_off_title (self));
      break;
    case ITEM_PROP_SNIPPET:
      g_value_set_string (value, self->snippet);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cw_chronology_item_finalize (GObject *object)
{
  CwChronologyItem *self = CW_CHRONOLOGY_ITEM (object);

  g_free (self->event_text);
  g_free (self->age);
  g_free (self->summary);
  g_free (self->source);
  g_free (self->impact);
  g_free (self->action_outcome);
  g_free (self->author_name);
  g_clear_pointer (&self->finished_at, g_date_time_unref);
  g_free (self->state);
  g_strfreev (self->missed_titles);
  g_free (self->missed_text);
  g_free (self->sign_off_state);
  g_free (self->snippet);

  G_OBJECT_CLASS (cw_chronology_item_parent_class)->finalize (object);
}

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static void
cw_chronology_item_class_init (CwChronologyItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->get_property = cw_chronology_item_get_property;
  object_class->finalize = cw_chronology_item_finalize;

  item_properties[ITEM_PROP_ENTRY_ID] =
    g_param_spec_int64 ("entry-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  item_properties[ITEM_PROP_VERSION] =
    g_param_spec_int ("version", NULL, NULL, 0, G_MAXINT, 0, flags);
  item_properties[ITEM_PROP_EVENT_TEXT] = string_property ("event-text");
  item_properties[ITEM_PROP_UNCERTAINTY] = string_property ("uncertainty");
  item_properties[ITEM_PROP_AGE] = string_property ("age");
  item_properties[ITEM_PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL, 0, CW_ENTRY_KIND_LAST, 0, flags);
  item_properties[ITEM_PROP_KIND_TITLE] = string_property ("kind-title");
  item_properties[ITEM_PROP_SUMMARY] = string_property ("summary");
  item_properties[ITEM_PROP_SOURCE] = string_property ("source");
  item_properties[ITEM_PROP_IMPACT] = string_property ("impact");
  item_properties[ITEM_PROP_ACTION_OUTCOME] = string_property ("action-outcome");
  item_properties[ITEM_PROP_AUTHOR_NAME] = string_property ("author-name");
  item_properties[ITEM_PROP_FINISHED_AT] =
    g_param_spec_boxed ("finished-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  item_properties[ITEM_PROP_SIGNIFICANT] =
    g_param_spec_boolean ("significant", NULL, NULL, FALSE, flags);
  item_properties[ITEM_PROP_RESTRICTED] =
    g_param_spec_boolean ("restricted", NULL, NULL, FALSE, flags);
  item_properties[ITEM_PROP_STATE] = string_property ("state");
  item_properties[ITEM_PROP_N_MISSED] =
    g_param_spec_uint ("n-missed", NULL, NULL, 0, G_MAXUINT, 0, flags);
  item_properties[ITEM_PROP_MISSED_TEXT] = string_property ("missed-text");
  item_properties[ITEM_PROP_SIGN_OFF_STATE] = string_property ("sign-off-state");
  item_properties[ITEM_PROP_SIGN_OFF_STATUS] =
    g_param_spec_int ("sign-off-status", NULL, NULL, CW_SIGN_OFF_STATE_NONE,
                      CW_SIGN_OFF_STATE_SUPERSEDED, CW_SIGN_OFF_STATE_NONE, flags);
  item_properties[ITEM_PROP_SIGN_OFF_TITLE] = string_property ("sign-off-title");
  item_properties[ITEM_PROP_SNIPPET] = string_property ("snippet");

  g_object_class_install_properties (object_class, N_ITEM_PROPS, item_properties);
}

static void
cw_chronology_item_init (CwChronologyItem *self)
{
  g_date_clear (&self->event_date, 1);
  self->hour = -1;
  self->minute = -1;
  self->precision = CW_EVENT_DAY;
  self->uncertainty = "";
}

/* Chronology: list model */

static GType
cw_chronology_get_item_type (GListModel *model)
{
  return CW_TYPE_CHRONOLOGY_ITEM;
}

static guint
cw_chronology_get_n_items (GListModel *model)
{
  CwChronology *self = CW_CHRONOLOGY (model);

  return self->model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;
}

static gpointer
cw_chronology_get_item (GListModel *model,
                        guint       position)
{
  CwChronology *self = CW_CHRONOLOGY (model);

  return self->model != NULL ? g_list_model_get_item (G_LIST_MODEL (self->model), position)
                             : NULL;
}

static void
cw_chronology_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = cw_chronology_get_item_type;
  iface->get_n_items = cw_chronology_get_n_items;
  iface->get_item = cw_chronology_get_item;
}

static void
model_items_changed_cb (GListModel   *model,
                        guint         position,
                        guint         removed,
                        guint         added,
                        CwChronology *self)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

/* Replaces the query and its model; tells views the whole list changed. */
static void
rebuild (CwChronology *self)
{
  CwDatabase *database = cw_session_get_database (self->session);
  guint old_n_items = cw_chronology_get_n_items (G_LIST_MODEL (self));
  guint new_n_items;
  g_autofree char *select_sql = NULL;
  g_autofree char *count_sql = NULL;

  if (self->model != NULL)
    {
      g_clear_signal_handler (&self->items_changed_id, self->model);
      g_clear_object (&self->model);
    }
  g_clear_pointer (&self->query, query_unref);

  self->query = query_new (self->session, self->child_id, &self->filter);

  if (database != NULL)
    {
      select_sql = g_strconcat (PAGE_SELECT_SQL, self->query->where_sql, ORDER_SQL,
                                PAGE_SELECT_END_SQL, NULL);
      count_sql = g_strconcat ("SELECT count(*) ", self->query->where_sql, NULL);
      self->model = cw_sql_list_model_new (database, CW_TYPE_CHRONOLOGY_ITEM,
                                           select_sql, count_sql,
                                           query_bind, item_from_row,
                                           query_ref (self->query), query_unref);
      self->items_changed_id = g_signal_connect (self->model, "items-changed",
                                                 G_CALLBACK (model_items_changed_cb), self);
    }

  new_n_items = cw_chronology_get_n_items (G_LIST_MODEL (self));
  if (old_n_items > 0 || new_n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_items, new_n_items);
}

/* Chronology: class */

static void
cw_chronology_dispose (GObject *object)
{
  CwChronology *self = CW_CHRONOLOGY (object);

  if (self->model != NULL)
    g_clear_signal_handler (&self->items_changed_id, self->model);
  g_clear_object (&self->model);
  g_clear_pointer (&self->query, query_unref);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (cw_chronology_parent_class)->dispose (object);
}

static void
cw_chronology_finalize (GObject *object)
{
  CwChronology *self = CW_CHRONOLOGY (object);

  cw_chronology_filter_clear (&self->filter);

  G_OBJECT_CLASS (cw_chronology_parent_class)->finalize (object);
}

static void
cw_chronology_class_init (CwChronologyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cw_chronology_dispose;
  object_class->finalize = cw_chronology_finalize;
}

static void
cw_chronology_init (CwChronology *self)
{
  cw_chronology_filter_init (&self->filter);
}

/* Public: items */

gint64
cw_chronology_item_get_entry_id (CwChronologyItem *self)
{
  g_return_val_if_fail (CW_IS_CHRONOLOGY_ITEM (self), 0);
  return self->entry_id;
}

int
cw_chronology_item_get_version (CwChronologyItem *self)
{
  g_return_val_if_fail (CW_IS_CHRONOLOGY_ITEM (self), 0);
  return self->version;
}

const GDate *
cw_chronology_item_get_event_date (CwChronologyItem *self)
{
  g_return_val_if_fail (CW_IS_CHRONOLOGY_ITEM (self), NULL);
  return &self->event_date;
}

int
cw_chronology_item_get_event_hour (CwChronologyItem *self)
{
  g_return_val_if_fail (CW_IS_CHRONOLOGY_ITEM (self), -1);
  return self->hour;
}

int
cw_chronology_item_get_event_minute (CwChronologyItem *self)
{
  g_return_val_if_fail (CW_IS_CHRONOLOGY_ITEM (self), -1);
  return self->minute;
}

CwEventPrecision
cw_chronology_item_get_event_precision (CwChronologyItem *self)
{
  g_return_val_if_fail (CW_IS_CHRONOLOGY_ITEM (self), CW_EVENT_DAY);
  return self->precision;
}

const char *
cw_chronology_item_get_event_text (CwChronologyItem *self)
{
  g_return_val_if_fail (CW_IS_CHRONOLOGY_ITEM (self), NULL);
  return self->event_text;
}

const char *
cw_chronology_item_get_uncertainty (CwChronologyItem *self)
{
  g_return_val_if_fail (CW_IS_CHRONOLOGY_ITEM (self), NULL);
  return self->uncertainty;
}

const char *
cw_chronology_item_get_age (CwChronologyItem *self)
{
  g_return_val_if_fail (CW_IS_CHRONOLOGY_ITEM (self), NULL);
  return self->age != NULL ? self->age : "";
}

CwEntryKind
cw_chronology_item_get_kind (CwChronologyItem *self)
{
  g_return_val_if_fail (CW_IS_CHRONOLOGY_ITEM (self), CW_ENTRY_KIND_OTHER);
  return self->kind;
}

const char *
cw_chronology_item_get_kind_title (CwChronologyItem *self)
{
  g_return_val_if_fail (CW_IS_CHRONOLOGY_ITEM (self), NULL);
  return (guint) self->kind < CW_ENTRY_KIND_LAST ? cw_entry_kind_get_title (self->kind) : "";
}

const char *
cw_chronology_item_get_summary (CwChronologyItem *self)
{
  g_return_val_if_fail (CW_IS_CHRONOLOGY_ITEM (self), NULL);
  return self->summary != NULL ? self->summary : "";
}

const char *
cw_chronology_item_get_source (CwChronologyItem *self)
{
  g_return_val_if_fail (CW_IS_CHRONOLOGY_ITEM (self), NULL);
  return self->source != NULL ? self->source : "";
}

const char *
cw_chronology_item_get_impact (CwChronologyItem *self)
{
  g_return_val_if_fail (CW_IS_CHRONOLOGY_ITEM (self), NULL);
  return self->impact != NULL ? self->impact : "";
}

const char *
cw_chronology_item_get_action_outcome (CwChronologyItem *self)
{
  g_return_val_if_fail (CW_IS_CHRONOLOGY_ITEM (self), NULL);
  return self->action_outcome != NULL ? self->action_outcome : "";
}

const char *
cw_chronology_item_get_author_name (CwChronologyItem *self)
{
  g_return_val_if_fail (CW_IS_CHRONOLOGY_ITEM (self), NULL);
  return self->author_name != NULL ? self->author_name : "";
}

GDateTime *
cw_chronology_item_get_finished_at (CwChronologyItem *self)
{
  g_return_val_if_fail (CW_IS_CHRONOLOGY_ITEM (self), NULL);
  return self->finished_at;
}

gboolean
cw_chronology_item_get_significant (CwChronologyItem *self)
{
  g_return_val_if_fail (CW_IS_CHRONOLOGY_ITEM (self), FALSE);
  return self->significant;
}

gboolean
cw_chronology_item_get_restricted (CwChronologyItem *self)
{
  g_return_val_if_fail (CW_IS_CHRONOLOGY_ITEM (self), FALSE);
  return self->restricted;
}

const char *
cw_chronology_item_get_state (CwChronologyItem *self)
{
  g_return_val_if_fail (CW_IS_CHRONOLOGY_ITEM (self), NULL);
  return self->state;
}

guint
cw_chronology_item_get_n_missed (CwChronologyItem *self)
{
  g_return_val_if_fail (CW_IS_CHRONOLOGY_ITEM (self), 0);
  return self->n_missed;
}

const char * const *
cw_chronology_item_get_missed_titles (CwChronologyItem *self)
{
  g_return_val_if_fail (CW_IS_CHRONOLOGY_ITEM (self), NULL);
  return (const char * const *) self->missed_titles;
}

const char *
cw_chronology_item_get_missed_text (CwChronologyItem *self)
{
  g_return_val_if_fail (CW_IS_CHRONOLOGY_ITEM (self), NULL);
  return self->missed_text != NULL ? self->missed_text : "";
}

const char *
cw_chronology_item_get_sign_off_state (CwChronologyItem *self)
{
  g_return_val_if_fail (CW_IS_CHRONOLOGY_ITEM (self), NULL);
  return self->sign_off_state != NULL ? self->sign_off_state : "";
}

CwSignOffState
cw_chronology_item_get_sign_off_status (CwChronologyItem *self)
{
  g_return_val_if_fail (CW_IS_CHRONOLOGY_ITEM (self), CW_SIGN_OFF_STATE_NONE);
  return self->sign_off_status;
}

const char *
cw_chronology_item_get_sign_off_title (CwChronologyItem *self)
{
  g_return_val_if_fail (CW_IS_CHRONOLOGY_ITEM (self), NULL);

  switch (self->sign_off_status)
    {
    case CW_SIGN_OFF_STATE_AWAITING:
      return _("Waiting for sign-off");
    case CW_SIGN_OFF_STATE_SIGNED_OFF:
      return _("Signed off");
    case CW_SIGN_OFF_STATE_DISAGREEMENT:
      return _("Disagreement recorded");
    case CW_SIGN_OFF_STATE_RETURNED:
      /* TRANSLATORS: a badge: a judgement returned to its author for more information */
      return _("Returned");
    case CW_SIGN_OFF_STATE_ESCALATED:
      return _("Escalated to the DSL");
    case CW_SIGN_OFF_STATE_SUPERSEDED:
    case CW_SIGN_OFF_STATE_NONE:
    default:
      return "";
    }
}

const char *
cw_chronology_item_get_snippet (CwChronologyItem *self)
{
  g_return_val_if_fail (CW_IS_CHRONOLOGY_ITEM (self), NULL);
  return self->snippet;
}

/* Public: filters and search */

void
cw_chronology_filter_init (CwChronologyFilter *filter)
{
  g_return_if_fail (filter != NULL);

  memset (filter, 0, sizeof *filter);
  g_date_clear (&filter->from, 1);
  g_date_clear (&filter->to, 1);
}

void
cw_chronology_filter_clear (CwChronologyFilter *filter)
{
  g_return_if_fail (filter != NULL);

  g_clear_pointer (&filter->search, g_free);
}

void
cw_chronology_filter_copy (const CwChronologyFilter *filter,
                           CwChronologyFilter       *copy_out)
{
  g_return_if_fail (filter != NULL);
  g_return_if_fail (copy_out != NULL);

  *copy_out = *filter;
  copy_out->search = g_strdup (filter->search);
}

gboolean
cw_chronology_filter_is_empty (const CwChronologyFilter *filter)
{
  g_autofree char *match = NULL;

  g_return_val_if_fail (filter != NULL, TRUE);

  match = cw_chronology_build_match (filter->search);

  return !filter->significant_only && filter->kinds_mask == 0 &&
         !g_date_valid (&filter->from) && !g_date_valid (&filter->to) &&
         filter->author_id == 0 && (filter->outcomes_mask & CW_OUTCOMES_ALL) == 0 &&
         match == NULL;
}

/**
 * cw_chronology_build_match:
 * @search: (nullable): what the person typed
 *
 * Returns: (transfer full) (nullable): an FTS4 MATCH expression that cannot
 *   fail to parse, or NULL when there is nothing to search for.
 */
char *
cw_chronology_build_match (const char *search)
{
  g_auto(GStrv) words = search_words (search);
  GString *match;
  guint n_words;

  if (words == NULL)
    return NULL;

  n_words = g_strv_length (words);
  match = g_string_new (NULL);

  for (guint i = 0; i < n_words; i++)
    {
      const char *word = words[i];

      if (i > 0)
        g_string_append_c (match, ' ');
      g_string_append_c (match, '"');

      if (i == n_words - 1)
        {
          /* The prefix star must follow the last letter or digit. */
          const char *end = word + strlen (word);

          while (end > word)
            {
              const char *prev = g_utf8_prev_char (end);

              if (is_token_char (g_utf8_get_char (prev)))
                break;
              end = prev;
            }
          g_string_append_len (match, word, end - word);
          g_string_append (match, "*\"");
        }
      else
        {
          g_string_append (match, word);
          g_string_append_c (match, '"');
        }
    }

  return g_string_free (match, FALSE);
}

/* Public: the chronology */

/**
 * cw_chronology_new:
 * @session: the signed-in person
 * @child_id: whose chronology
 * @filter: (nullable): what to show; NULL for everything
 *
 * Returns: (transfer full): the chronology, or NULL with @error set.
 */
CwChronology *
cw_chronology_new (CwSession                 *session,
                   gint64                     child_id,
                   const CwChronologyFilter  *filter,
                   GError                   **error)
{
  g_autoptr(CwChronology) self = NULL;
  g_autofree char *object_id = NULL;

  g_return_val_if_fail (CW_IS_SESSION (session), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (cw_session_is_locked (session) || cw_session_get_database (session) == NULL)
    {
      g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_LOCKED,
                           _("Casework is locked. Unlock it to continue."));
      return NULL;
    }

  object_id = g_strdup_printf ("%" G_GINT64_FORMAT, child_id);

  if (!cw_session_may_view_child (session, child_id))
    {
      g_autoptr(GError) audit_error = NULL;

      if (!cw_session_audit (session, "view-refused", "child", object_id, "chronology",
                             &audit_error))
        g_warning ("Could not record a refused view in the audit log: %s",
                   audit_error->message);

      g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED,
                           _("You do not have permission to see this child’s record."));
      return NULL;
    }

  /* No view without its audit row. */
  if (!cw_session_audit (session, "view", "child", object_id, "chronology", error))
    return NULL;

  self = g_object_new (CW_TYPE_CHRONOLOGY, NULL);
  self->session = g_object_ref (session);
  self->child_id = child_id;
  if (filter != NULL)
    cw_chronology_filter_copy (filter, &self->filter);
  rebuild (self);

  return g_steal_pointer (&self);
}

gint64
cw_chronology_get_child_id (CwChronology *self)
{
  g_return_val_if_fail (CW_IS_CHRONOLOGY (self), 0);

  return self->child_id;
}

const CwChronologyFilter *
cw_chronology_get_filter (CwChronology *self)
{
  g_return_val_if_fail (CW_IS_CHRONOLOGY (self), NULL);

  return &self->filter;
}

void
cw_chronology_set_filter (CwChronology             *self,
                          const CwChronologyFilter *filter)
{
  g_return_if_fail (CW_IS_CHRONOLOGY (self));

  cw_chronology_filter_clear (&self->filter);
  if (filter != NULL)
    cw_chronology_filter_copy (filter, &self->filter);
  else
    cw_chronology_filter_init (&self->filter);

  rebuild (self);
}

void
cw_chronology_reload (CwChronology *self)
{
  g_return_if_fail (CW_IS_CHRONOLOGY (self));

  rebuild (self);
}

static guint16
kind_from_text (const char *text)
{
  CwEntryKind kind = cw_entry_kind_from_id (text);

  return kind == CW_ENTRY_KIND_LAST ? CW_ENTRY_KIND_OTHER : kind;
}

/* "YYYY-MM-DD" to a Julian day number; 0 when unreadable. */
static guint32
julian_of (const char *text)
{
  GDate date;

  if (!cw_principles_parse_day (text, &date))
    return 0;

  return g_date_get_julian (&date);
}

/**
 * cw_chronology_get_timeline:
 *
 * Returns: (transfer full) (element-type CwChronologyPoint): the points, or
 *   NULL with @error set.
 */
GArray *
cw_chronology_get_timeline (CwChronology  *self,
                            GError       **error)
{
  g_autoptr(GArray) points = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  CwDatabase *database;
  guint position = 0;
  int rc;

  g_return_val_if_fail (CW_IS_CHRONOLOGY (self), NULL);

  database = cw_session_get_database (self->session);
  if (database == NULL)
    {
      g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_LOCKED,
                           _("Casework is locked. Unlock it to continue."));
      return NULL;
    }

  sql = g_strconcat ("SELECT e.id, e.event_day, e.kind, e.significant ",
                     self->query->where_sql, ORDER_SQL, NULL);
  stmt = cw_database_prepare (database, sql, error);
  if (stmt == NULL)
    return NULL;
  query_bind (stmt, self->query);

  points = g_array_new (FALSE, FALSE, sizeof (CwChronologyPoint));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CwChronologyPoint point;

      point.julian_day = julian_of ((const char *) sqlite3_column_text (stmt, 1));
      point.kind = kind_from_text ((const char *) sqlite3_column_text (stmt, 2));
      point.significant = sqlite3_column_int (stmt, 3) != 0;
      point.n_entries = 1;
      point.position = position++;
      point.entry_id = sqlite3_column_int64 (stmt, 0);

      if (points->len > 0)
        {
          CwChronologyPoint *last = &g_array_index (points, CwChronologyPoint, points->len - 1);

          if (last->julian_day == point.julian_day && last->kind == point.kind &&
              last->significant == point.significant)
            {
              last->n_entries++;
              continue;
            }
        }

      g_array_append_val (points, point);
    }

  if (rc != SQLITE_DONE)
    {
      cw_database_set_error (database, error, rc, "timeline");
      return NULL;
    }

  return g_steal_pointer (&points);
}

/**
 * cw_chronology_find_position:
 *
 * Returns: where @entry_id is in the list, or G_MAXUINT.
 */
guint
cw_chronology_find_position (CwChronology *self,
                             gint64        entry_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *day = NULL;
  g_autofree char *time = NULL;
  CwDatabase *database;
  gint64 sequence, count;

  g_return_val_if_fail (CW_IS_CHRONOLOGY (self), G_MAXUINT);

  database = cw_session_get_database (self->session);
  if (database == NULL)
    return G_MAXUINT;

  /* Is it shown at all, and where does it sort? */
  sql = g_strconcat ("SELECT e.event_day, e.event_time, e.sequence ",
                     self->query->where_sql, " AND e.id = :target", NULL);
  stmt = cw_database_prepare (database, sql, &error);
  if (stmt == NULL)
    {
      g_warning ("Could not find a note in the chronology: %s", error->message);
      return G_MAXUINT;
    }
  query_bind (stmt, self->query);
  bind_int64_named (stmt, ":target", entry_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return G_MAXUINT;

  day = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  time = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  sequence = sqlite3_column_int64 (stmt, 2);
  g_clear_pointer (&stmt, sqlite3_finalize);
  g_clear_pointer (&sql, g_free);

  /* The rows before it, in ORDER_SQL's order. */
  sql = g_strconcat ("SELECT count(*) ", self->query->where_sql,
                     " AND (e.event_day < :t_day OR (e.event_day = :t_day AND ("
                     "(e.event_time = '') < :t_untimed OR ((e.event_time = '') = :t_untimed AND ("
                     "e.event_time < :t_time OR (e.event_time = :t_time AND ("
                     "e.sequence < :t_sequence OR (e.sequence = :t_sequence AND "
                     "e.id < :target))))))))",
                     NULL);
  stmt = cw_database_prepare (database, sql, &error);
  if (stmt == NULL)
    {
      g_warning ("Could not find a note in the chronology: %s", error->message);
      return G_MAXUINT;
    }
  query_bind (stmt, self->query);
  bind_text_named (stmt, ":t_day", day != NULL ? day : "");
  bind_int64_named (stmt, ":t_untimed", time == NULL || *time == '\0' ? 1 : 0);
  bind_text_named (stmt, ":t_time", time != NULL ? time : "");
  bind_int64_named (stmt, ":t_sequence", sequence);
  bind_int64_named (stmt, ":target", entry_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return G_MAXUINT;

  count = sqlite3_column_int64 (stmt, 0);
  return (guint) CLAMP (count, 0, G_MAXUINT - 1);
}

/* Private */

CwSqlListModel *
cw_chronology_get_sql_model (CwChronology *self)
{
  g_return_val_if_fail (CW_IS_CHRONOLOGY (self), NULL);

  return self->model;
}
