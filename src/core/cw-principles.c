/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-principles"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n.h>

#include "cw-child.h"
#include "cw-child-repository-private.h"
#include "cw-database-private.h"
#include "cw-entry-repository.h"
#include "cw-principles-private.h"

/*
 * The recording principles as checks. Each check_* function fills one
 * CwPrincipleCheck from the note alone; advice is one whole translatable
 * sentence pair per way of missing a principle (no pieces glued together,
 * so that translators see whole sentences).
 *
 * The summaries at the end read notes with SQL (the need-to-know rule from
 * cw-child-repository-private.h) and run the same checks on each.
 */

static const struct
{
  const char *id;
  const char *title;
} principles[CW_PRINCIPLE_LAST] = {
  [CW_PRINCIPLE_CHILD_SEEN]          = { "child-seen", N_("Child seen") },
  [CW_PRINCIPLE_CHILD_SPOKEN_TO]     = { "child-spoken-to", N_("Child spoken to") },
  [CW_PRINCIPLE_CHILDS_WORDS]        = { "childs-words", N_("The child’s own words") },
  [CW_PRINCIPLE_WISHES_AND_FEELINGS] = { "wishes-and-feelings", N_("Wishes and feelings") },
  [CW_PRINCIPLE_WHO_AND_WHERE]       = { "who-and-where", N_("Who was there, and where") },
  [CW_PRINCIPLE_FACT_RECORDED]       = { "fact-recorded", N_("Facts recorded") },
  [CW_PRINCIPLE_REPORTED_SOURCE]     = { "reported-source", N_("Source of reported facts") },
  [CW_PRINCIPLE_OPINION_EVIDENCED]   = { "opinion-evidenced", N_("Evidence for the opinion") },
  [CW_PRINCIPLE_DECISION_REASONED]   = { "decision-reasoned", N_("Reasons for the decision") },
  [CW_PRINCIPLE_ACTIONS]             = { "actions", N_("Actions: what, who, by when") },
  [CW_PRINCIPLE_IMPACT]              = { "impact", N_("Impact on the child") },
  [CW_PRINCIPLE_STRENGTHS]           = { "strengths", N_("Strengths as well as difficulties") },
  [CW_PRINCIPLE_OUTCOMES]            = { "outcomes", N_("Outcomes for the child") },
  [CW_PRINCIPLE_TIMELY]              = { "timely", N_("Written on time") },
};

/* Helpers */

static gboolean
has_text (CwEntry      *entry,
          CwEntryField  field)
{
  const char *text = cw_entry_get_text (entry, field);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return TRUE;

  return FALSE;
}

static gboolean
string_has_text (const char *text)
{
  if (text == NULL)
    return FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return TRUE;

  return FALSE;
}

/* Work done with the child present: visits, observations, disclosures. */
static gboolean
kind_is_direct_work (CwEntryKind kind)
{
  switch (kind)
    {
    case CW_ENTRY_KIND_HOME_VISIT:
    case CW_ENTRY_KIND_OFFICE_VISIT:
    case CW_ENTRY_KIND_OBSERVATION:
    case CW_ENTRY_KIND_DISCLOSURE:
      return TRUE;
    default:
      return FALSE;
    }
}

static void
set_applies (CwPrincipleCheck *check,
             gboolean          met,
             const char       *advice)
{
  check->applies = TRUE;
  check->met = met;
  g_clear_pointer (&check->advice, g_free);
  if (!met)
    check->advice = g_strdup (advice);
}

/* The checks, one per principle */

static void
check_child_seen (CwEntry          *entry,
                  CwPrincipleCheck *check)
{
  if (!kind_is_direct_work (cw_entry_get_kind (entry)))
    return;

  switch (cw_entry_get_child_seen (entry))
    {
    case CW_ANSWER_YES:
      if (cw_entry_get_child_seen_alone (entry) == CW_ANSWER_UNSET)
        set_applies (check, FALSE,
                     _("The child was seen, but it is not recorded whether they were seen "
                       "alone. Record it: a child seen only with the adults around them may "
                       "not have been free to speak."));
      else
        set_applies (check, TRUE, NULL);
      break;

    case CW_ANSWER_NO:
      if (has_text (entry, CW_ENTRY_FIELD_CHILD_NOT_SEEN_REASON))
        set_applies (check, TRUE, NULL);
      else
        set_applies (check, FALSE,
                     _("The child was not seen and no reason is given. Record why, so that "
                       "anyone reading later knows whether the child’s safety was checked."));
      break;

    case CW_ANSWER_UNSET:
    default:
      set_applies (check, FALSE,
                   _("It is not recorded whether the child was seen. Record it, so that "
                     "anyone reading later knows whether the child’s safety was checked."));
      break;
    }
}

static void
check_child_spoken_to (CwEntry          *entry,
                       CwPrincipleCheck *check)
{
  if (!kind_is_direct_work (cw_entry_get_kind (entry)))
    return;

  switch (cw_entry_get_child_spoken_to (entry))
    {
    case CW_ANSWER_YES:
      set_applies (check, TRUE, NULL);
      break;

    case CW_ANSWER_NO:
      if (has_text (entry, CW_ENTRY_FIELD_CHILD_NOT_SEEN_REASON))
        set_applies (check, TRUE, NULL);
      else
        set_applies (check, FALSE,
                     _("The child was not spoken to and no reason is given. Record why (for "
                       "example their age or how they communicate), so that readers know "
                       "the child’s view was sought."));
      break;

    case CW_ANSWER_UNSET:
    default:
      set_applies (check, FALSE,
                   _("It is not recorded whether the child was spoken to. Record it, so that "
                     "readers know whether the child’s own view was heard."));
      break;
    }
}

static void
check_childs_words (CwEntry          *entry,
                    CwPrincipleCheck *check)
{
  CwEntryKind kind = cw_entry_get_kind (entry);
  CwAnswer spoken_to = cw_entry_get_child_spoken_to (entry);
  gboolean met = has_text (entry, CW_ENTRY_FIELD_CHILD_WORDS);

  if (kind == CW_ENTRY_KIND_DISCLOSURE)
    set_applies (check, met,
                 _("The child’s own words are not recorded. In a disclosure they are the "
                   "evidence: write down exactly what the child said, in their words, not "
                   "a summary."));
  else if (spoken_to == CW_ANSWER_YES ||
           (kind_is_direct_work (kind) && spoken_to != CW_ANSWER_NO))
    set_applies (check, met,
                 _("The child’s own words are not recorded. Write down what the child said, "
                   "as they said it, so that the child’s voice is heard in the record."));
}

static void
check_wishes_and_feelings (CwEntry          *entry,
                           CwPrincipleCheck *check)
{
  CwEntryKind kind = cw_entry_get_kind (entry);
  gboolean met = has_text (entry, CW_ENTRY_FIELD_WISHES_FEELINGS);
  const char *advice = _("The child’s wishes and feelings are not recorded. Record what the "
                         "child wants and how they feel, so that decisions can be seen to "
                         "take account of them.");

  if (kind == CW_ENTRY_KIND_DECISION)
    set_applies (check, met, advice);
  else if (kind_is_direct_work (kind) &&
           !(cw_entry_get_child_seen (entry) == CW_ANSWER_NO &&
             cw_entry_get_child_spoken_to (entry) != CW_ANSWER_YES))
    set_applies (check, met, advice);
}

static void
check_who_and_where (CwEntry          *entry,
                     CwPrincipleCheck *check)
{
  CwEntryKind kind = cw_entry_get_kind (entry);
  gboolean present = has_text (entry, CW_ENTRY_FIELD_PRESENT);
  gboolean location = has_text (entry, CW_ENTRY_FIELD_LOCATION);

  switch (kind)
    {
    case CW_ENTRY_KIND_HOME_VISIT:
    case CW_ENTRY_KIND_OFFICE_VISIT:
    case CW_ENTRY_KIND_MEETING:
    case CW_ENTRY_KIND_OBSERVATION:
    case CW_ENTRY_KIND_DISCLOSURE:
    case CW_ENTRY_KIND_INCIDENT:
      if (!present)
        set_applies (check, FALSE,
                     _("It is not recorded who was present. Name everyone who was there, so "
                       "that readers know who saw and heard what happened."));
      else if (!location)
        set_applies (check, FALSE,
                     _("It is not recorded where this happened. Record the place, so that "
                       "the event can be understood and checked later."));
      else
        set_applies (check, TRUE, NULL);
      break;

    case CW_ENTRY_KIND_PHONE_CALL:
      set_applies (check, present,
                   _("It is not recorded who was on the call. Name who you spoke to, so that "
                     "readers know where the information came from."));
      break;

    default:
      break;
    }
}

static void
check_fact_recorded (CwEntry          *entry,
                     CwPrincipleCheck *check)
{
  if (cw_entry_get_kind (entry) == CW_ENTRY_KIND_DECISION)
    return;

  set_applies (check,
               has_text (entry, CW_ENTRY_FIELD_OBSERVED_FACTS) ||
               has_text (entry, CW_ENTRY_FIELD_REPORTED_FACTS),
               _("No facts are recorded. Write down what was seen or heard, or what was "
                 "reported, so that fact can be told apart from opinion."));
}

static void
check_reported_source (CwEntry          *entry,
                       CwPrincipleCheck *check)
{
  if (!has_text (entry, CW_ENTRY_FIELD_REPORTED_FACTS))
    return;

  set_applies (check, has_text (entry, CW_ENTRY_FIELD_REPORTED_SOURCE_NAME),
               _("Reported facts are recorded without their source. Name who told you and "
                 "their role or relationship, so that readers can judge how reliable the "
                 "information is."));
}

static void
check_opinion_evidenced (CwEntry          *entry,
                         CwPrincipleCheck *check)
{
  if (!has_text (entry, CW_ENTRY_FIELD_OPINION))
    return;

  set_applies (check, has_text (entry, CW_ENTRY_FIELD_OPINION_EVIDENCE),
               _("An opinion is recorded without the evidence it rests on. Say what you saw, "
                 "heard or read that led to it, so that readers can tell a professional "
                 "judgement from an impression."));
}

static void
check_decision_reasoned (CwEntry          *entry,
                         CwPrincipleCheck *check)
{
  gboolean decision = has_text (entry, CW_ENTRY_FIELD_DECISION);

  if (!decision && cw_entry_get_kind (entry) != CW_ENTRY_KIND_DECISION)
    return;

  if (!decision)
    set_applies (check, FALSE,
                 _("No decision is recorded. Write down what was decided, so that anyone "
                   "reading later knows what was agreed and can act on it."));
  else
    set_applies (check, has_text (entry, CW_ENTRY_FIELD_DECISION_REASONS),
                 _("A decision is recorded without its reasons. Explain why it was made, so "
                   "that it can be understood, reviewed and defended later."));
}

static void
check_actions (CwEntry          *entry,
               CwPrincipleCheck *check)
{
  GPtrArray *actions = cw_entry_get_actions (entry);
  gboolean needed;

  switch (cw_entry_get_kind (entry))
    {
    case CW_ENTRY_KIND_DISCLOSURE:
    case CW_ENTRY_KIND_CONCERN:
    case CW_ENTRY_KIND_INCIDENT:
    case CW_ENTRY_KIND_DECISION:
    case CW_ENTRY_KIND_MEETING:
      needed = TRUE;
      break;
    default:
      needed = FALSE;
      break;
    }

  if (actions == NULL || actions->len == 0)
    {
      if (needed)
        set_applies (check, FALSE,
                     _("No actions are recorded. Write down what will happen next, who will "
                       "do it and by when, so that nothing is left for someone to guess."));
      return;
    }

  for (guint i = 0; i < actions->len; i++)
    {
      CwEntryAction *action = g_ptr_array_index (actions, i);

      if (!string_has_text (action->what) || !string_has_text (action->who) ||
          !g_date_valid (&action->by_when))
        {
          set_applies (check, FALSE,
                       _("An action does not say what will be done, who will do it and by "
                         "when. Complete every action, so that someone is accountable for it "
                         "and it can be followed up."));
          return;
        }
    }

  set_applies (check, TRUE, NULL);
}

static void
check_impact (CwEntry          *entry,
              CwPrincipleCheck *check)
{
  set_applies (check, has_text (entry, CW_ENTRY_FIELD_IMPACT),
               _("The impact on the child is not recorded. Say what this means for the "
                 "child’s safety and wellbeing: it is the question every reader will ask."));
}

static void
check_strengths (CwEntry          *entry,
                 CwPrincipleCheck *check)
{
  switch (cw_entry_get_kind (entry))
    {
    case CW_ENTRY_KIND_HOME_VISIT:
    case CW_ENTRY_KIND_OFFICE_VISIT:
    case CW_ENTRY_KIND_MEETING:
    case CW_ENTRY_KIND_DECISION:
    case CW_ENTRY_KIND_PROFESSIONAL_JUDGEMENT:
      break;
    default:
      if (!has_text (entry, CW_ENTRY_FIELD_DIFFICULTIES_RISKS))
        return;
      break;
    }

  set_applies (check, has_text (entry, CW_ENTRY_FIELD_STRENGTHS),
               _("No strengths are recorded. Note what is going well for the child and "
                 "family as well as the difficulties, so that the record gives a balanced "
                 "picture."));
}

static void
check_outcomes (CwEntry          *entry,
                CwPrincipleCheck *check)
{
  set_applies (check, (cw_entry_get_outcomes (entry) & CW_OUTCOMES_ALL) != 0,
               _("The note is not linked to any of the five outcomes for children. Choose the "
                 "outcomes it concerns, so that the child’s progress can be followed across "
                 "the record."));
}

static void
check_timely (CwEntry                *entry,
              const CwRecordingRules *rules,
              GDateTime              *now,
              CwPrincipleCheck       *check)
{
  const GDate *event = cw_entry_get_event_date (entry);
  GDateTime *written_utc;
  g_autoptr(GDateTime) written = NULL;
  GDate event_day, due, written_day;
  guint days;

  if (event == NULL || !g_date_valid (event))
    {
      set_applies (check, FALSE,
                   _("The date of the event is not recorded. Record when it happened, so that "
                     "the note takes its place in the chronology and its deadline can be "
                     "worked out."));
      return;
    }

  event_day = *event;
  if (cw_entry_get_event_precision (entry) == CW_EVENT_MONTH)
    g_date_set_day (&event_day, g_date_get_days_in_month (g_date_get_month (&event_day),
                                                          g_date_get_year (&event_day)));

  days = cw_recording_rules_get_deadline_days (rules, cw_entry_get_kind (entry));
  cw_recording_due_date (&event_day, days, rules->working_days, &due);

  written_utc = cw_entry_get_finished (entry) ? cw_entry_get_finished_at (entry) : NULL;
  if (written_utc == NULL)
    written_utc = now;
  written = g_date_time_to_local (written_utc);
  g_date_clear (&written_day, 1);
  g_date_set_dmy (&written_day, g_date_time_get_day_of_month (written),
                  g_date_time_get_month (written), g_date_time_get_year (written));

  if (g_date_compare (&written_day, &due) <= 0)
    set_applies (check, TRUE, NULL);
  else if (cw_entry_get_finished (entry))
    set_applies (check, FALSE,
                 _("This note was written after its deadline. Record events promptly: a late "
                   "record is less reliable and may delay help for the child."));
  else
    set_applies (check, FALSE,
                 _("This note is past its deadline. Finish it as soon as you can: a late "
                   "record is less reliable and may delay help for the child."));
}

/* Public: principles and rules */

/**
 * cw_principle_get_id:
 *
 * Returns: a stable identifier ("child-seen"), or NULL for an unknown value.
 */
const char *
cw_principle_get_id (CwPrinciple principle)
{
  g_return_val_if_fail ((guint) principle < CW_PRINCIPLE_LAST, NULL);

  return principles[principle].id;
}

/**
 * cw_principle_get_title:
 *
 * Returns: the principle's short, translated title.
 */
const char *
cw_principle_get_title (CwPrinciple principle)
{
  g_return_val_if_fail ((guint) principle < CW_PRINCIPLE_LAST, NULL);

  return _(principles[principle].title);
}

void
cw_principle_check_free (CwPrincipleCheck *check)
{
  if (check == NULL)
    return;

  g_free (check->advice);
  g_free (check);
}

void
cw_recording_rules_init (CwRecordingRules *rules)
{
  g_return_if_fail (rules != NULL);

  rules->urgent_days = 1;
  rules->other_days = 3;
  rules->working_days = g_strdup ("1,2,3,4,5");
  rules->child_protection_plan = FALSE;
}

static guint
setting_as_days (CwSession  *session,
                 const char *key,
                 guint       fallback)
{
  g_autofree char *value = cw_session_get_setting (session, key);
  char *end = NULL;
  guint64 days;

  if (value == NULL)
    return fallback;

  days = g_ascii_strtoull (value, &end, 10);
  if (end == value || *end != '\0' || days > 366)
    return fallback;

  return (guint) days;
}

void
cw_recording_rules_init_from_session (CwRecordingRules *rules,
                                      CwSession        *session)
{
  g_autofree char *working_days = NULL;

  g_return_if_fail (rules != NULL);
  g_return_if_fail (CW_IS_SESSION (session));

  cw_recording_rules_init (rules);
  rules->urgent_days = setting_as_days (session, "deadline-urgent-days", rules->urgent_days);
  rules->other_days = setting_as_days (session, "deadline-other-days", rules->other_days);

  working_days = cw_session_get_setting (session, "working-days");
  if (working_days != NULL && *working_days != '\0')
    {
      g_free (rules->working_days);
      rules->working_days = g_steal_pointer (&working_days);
    }
}

void
cw_recording_rules_clear (CwRecordingRules *rules)
{
  g_return_if_fail (rules != NULL);

  g_clear_pointer (&rules->working_days, g_free);
}

/**
 * cw_recording_rules_get_deadline_days:
 *
 * Returns: the urgent deadline for disclosures, concerns and incidents, and
 *   for home visits to a child on a child protection plan (as
 *   cw_entry_repository_get_due_date()); the other deadline otherwise.
 */
guint
cw_recording_rules_get_deadline_days (const CwRecordingRules *rules,
                                      CwEntryKind             kind)
{
  g_return_val_if_fail (rules != NULL, 0);

  if ((guint) kind < CW_ENTRY_KIND_LAST && cw_entry_kind_is_urgent (kind))
    return rules->urgent_days;

  if (rules->child_protection_plan && kind == CW_ENTRY_KIND_HOME_VISIT)
    return rules->urgent_days;

  return rules->other_days;
}

/* Public: checking */

/**
 * cw_principles_check:
 * @entry: the note (a draft or a finished version)
 * @rules: (nullable): the organisation's rules; NULL for the defaults
 * @now: (nullable): the time to judge a draft's timeliness by; NULL for now
 *
 * Returns: (transfer full) (element-type CwPrincipleCheck): one check per
 *   principle, in CwPrinciple order.
 */
GPtrArray *
cw_principles_check (CwEntry                *entry,
                     const CwRecordingRules *rules,
                     GDateTime              *now)
{
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GDateTime) now_owned = NULL;
  CwRecordingRules defaults;

  g_return_val_if_fail (CW_IS_ENTRY (entry), NULL);

  cw_recording_rules_init (&defaults);
  if (rules == NULL)
    rules = &defaults;

  if (now == NULL)
    now = now_owned = g_date_time_new_now_utc ();

  checks = g_ptr_array_new_full (CW_PRINCIPLE_LAST, (GDestroyNotify) cw_principle_check_free);
  for (guint i = 0; i < CW_PRINCIPLE_LAST; i++)
    {
      CwPrincipleCheck *check = g_new0 (CwPrincipleCheck, 1);

      check->principle = i;
      check->title = cw_principle_get_title (i);
      g_ptr_array_add (checks, check);
    }

#define CHECK(p) ((CwPrincipleCheck *) g_ptr_array_index (checks, (p)))
  check_child_seen (entry, CHECK (CW_PRINCIPLE_CHILD_SEEN));
  check_child_spoken_to (entry, CHECK (CW_PRINCIPLE_CHILD_SPOKEN_TO));
  check_childs_words (entry, CHECK (CW_PRINCIPLE_CHILDS_WORDS));
  check_wishes_and_feelings (entry, CHECK (CW_PRINCIPLE_WISHES_AND_FEELINGS));
  check_who_and_where (entry, CHECK (CW_PRINCIPLE_WHO_AND_WHERE));
  check_fact_recorded (entry, CHECK (CW_PRINCIPLE_FACT_RECORDED));
  check_reported_source (entry, CHECK (CW_PRINCIPLE_REPORTED_SOURCE));
  check_opinion_evidenced (entry, CHECK (CW_PRINCIPLE_OPINION_EVIDENCED));
  check_decision_reasoned (entry, CHECK (CW_PRINCIPLE_DECISION_REASONED));
  check_actions (entry, CHECK (CW_PRINCIPLE_ACTIONS));
  check_impact (entry, CHECK (CW_PRINCIPLE_IMPACT));
  check_strengths (entry, CHECK (CW_PRINCIPLE_STRENGTHS));
  check_outcomes (entry, CHECK (CW_PRINCIPLE_OUTCOMES));
  check_timely (entry, rules, now, CHECK (CW_PRINCIPLE_TIMELY));
#undef CHECK

  cw_recording_rules_clear (&defaults);

  return g_steal_pointer (&checks);
}

guint
cw_principles_count_missed (GPtrArray *checks)
{
  guint missed = 0;

  g_return_val_if_fail (checks != NULL, 0);

  for (guint i = 0; i < checks->len; i++)
    {
      CwPrincipleCheck *check = g_ptr_array_index (checks, i);

      if (check->applies && !check->met)
        missed++;
    }

  return missed;
}

/* Private: reading versions */

gboolean
cw_principles_parse_day (const char *text,
                         GDate      *out)
{
  unsigned year = 0, month = 0, day = 1;
  size_t len;

  g_date_clear (out, 1);

  if (text == NULL)
    return FALSE;

  len = strlen (text);
  if (len != 7 && len != 10)
    return FALSE;
  for (size_t i = 0; i < len; i++)
    {
      gboolean dash = (i == 4 || i == 7);

      if (dash ? text[i] != '-' : !g_ascii_isdigit (text[i]))
        return FALSE;
    }

  year = (unsigned) atoi (text);
  month = (unsigned) atoi (text + 5);
  if (len == 10)
    day = (unsigned) atoi (text + 8);

  if (!g_date_valid_dmy (day, month, year))
    return FALSE;

  g_date_set_dmy (out, day, month, year);
  return TRUE;
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? text : "";
}

static CwAnswer
column_answer (sqlite3_stmt *stmt,
               int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return CW_ANSWER_UNSET;

  return sqlite3_column_int (stmt, column) != 0 ? CW_ANSWER_YES : CW_ANSWER_NO;
}

static GDateTime *
column_time (sqlite3_stmt *stmt,
             int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;

  return g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt, column));
}

CwEntry *
cw_principles_read_entry (sqlite3_stmt *stmt,
                          int           first_column)
{
  g_autoptr(CwEntry) entry = cw_entry_new ();
  g_autoptr(GDateTime) started_at = NULL;
  g_autoptr(GDateTime) finished_at = NULL;
  const char *time_text;
  GDate day;
  int c = first_column;
  int hour = -1, minute = -1;
  CwEntryKind kind;

  cw_entry_set_version_id (entry, sqlite3_column_int64 (stmt, c + 0));
  cw_entry_set_id (entry, sqlite3_column_int64 (stmt, c + 1));
  cw_entry_set_version (entry, sqlite3_column_int (stmt, c + 2));
  cw_entry_set_finished (entry, sqlite3_column_int (stmt, c + 3) != 0);
  started_at = column_time (stmt, c + 4);
  cw_entry_set_started_at (entry, started_at);
  finished_at = column_time (stmt, c + 5);
  cw_entry_set_finished_at (entry, finished_at);
  cw_entry_set_author_id (entry, sqlite3_column_int64 (stmt, c + 6));
  cw_entry_set_author_name (entry, column_text (stmt, c + 7));
  cw_entry_set_author_role (entry, column_text (stmt, c + 8));

  kind = cw_entry_kind_from_id (column_text (stmt, c + 9));
  cw_entry_set_kind (entry, kind == CW_ENTRY_KIND_LAST ? CW_ENTRY_KIND_OTHER : kind);

  if (cw_principles_parse_day (column_text (stmt, c + 10), &day))
    cw_entry_set_event_date (entry, &day);
  time_text = column_text (stmt, c + 11);
  if (strlen (time_text) == 5 && time_text[2] == ':' &&
      g_ascii_isdigit (time_text[0]) && g_ascii_isdigit (time_text[1]) &&
      g_ascii_isdigit (time_text[3]) && g_ascii_isdigit (time_text[4]))
    {
      hour = atoi (time_text);
      minute = atoi (time_text + 3);
      if (hour > 23 || minute > 59)
        hour = minute = -1;
    }
  cw_entry_set_event_time (entry, hour, minute);
  cw_entry_set_event_precision (entry, cw_event_precision_from_id (column_text (stmt, c + 12)));

  cw_entry_set_child_seen (entry, column_answer (stmt, c + 13));
  cw_entry_set_child_seen_alone (entry, column_answer (stmt, c + 14));
  cw_entry_set_child_spoken_to (entry, column_answer (stmt, c + 15));
  cw_entry_set_outcomes (entry, sqlite3_column_int (stmt, c + 16) & CW_OUTCOMES_ALL);
  cw_entry_set_significant (entry, sqlite3_column_int (stmt, c + 17) != 0);
  cw_entry_set_restricted (entry, sqlite3_column_int (stmt, c + 18) != 0);
  cw_entry_set_content_hash (entry, column_text (stmt, c + 19));

  for (guint f = 0; f < CW_ENTRY_FIELD_LAST; f++)
    cw_entry_set_text (entry, f, column_text (stmt, c + 20 + (int) f));

  return g_steal_pointer (&entry);
}

gboolean
cw_principles_read_actions (CwDatabase    *database,
                            sqlite3_stmt **cache,
                            CwEntry       *entry,
                            GError       **error)
{
  g_autoptr(sqlite3_stmt) owned = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (cache != NULL && *cache != NULL)
    {
      stmt = *cache;
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
  else
    {
      stmt = cw_database_prepare (database,
                                  "SELECT what, who, by_when FROM entry_actions "
                                  "WHERE version_id = ?1 ORDER BY position, id",
                                  error);
      if (stmt == NULL)
        return FALSE;
      if (cache != NULL)
        *cache = stmt;
      else
        owned = stmt;
    }

  sqlite3_bind_int64 (stmt, 1, cw_entry_get_version_id (entry));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GDate by_when;

      cw_principles_parse_day (column_text (stmt, 2), &by_when);
      cw_entry_add_action (entry, cw_entry_action_new (column_text (stmt, 0),
                                                       column_text (stmt, 1),
                                                       &by_when));
    }

  if (rc != SQLITE_DONE)
    {
      cw_database_set_error (database, error, rc, "actions");
      sqlite3_reset (stmt);
      return FALSE;
    }

  sqlite3_reset (stmt);
  return TRUE;
}

/* Summaries */

static void
summary_add (CwQualitySummary *summary,
             GPtrArray        *checks)
{
  summary->n_notes++;

  for (guint i = 0; i < checks->len && i < CW_PRINCIPLE_LAST; i++)
    {
      CwPrincipleCheck *check = g_ptr_array_index (checks, i);

      if (!check->applies)
        continue;

      summary->n_applied[i]++;
      if (check->met)
        summary->n_met[i]++;
      else if (i == CW_PRINCIPLE_TIMELY)
        summary->n_late++;
    }
}

/* Columns: the version, then the note's first finishing time and the
 * child's legal status. */
#define SUMMARY_SELECT \
  "SELECT " CW_PRINCIPLES_VERSION_COLUMNS ", e.finished_at, e.child_id, c.legal_status " \
  "FROM entries e " \
  "JOIN entry_versions v ON v.entry_id = e.id AND v.version = e.current_version " \
  "JOIN children c ON c.id = e.child_id " \
  "WHERE e.state = 'finished' AND v.finished = 1 " \
  "AND (e.restricted = 0 OR :see_restricted = 1 OR e.author_id = :cw_me) "

static gboolean
summarise (CwSession         *session,
           const char        *sql,
           const char        *id_parameter,
           gint64             id,
           CwQualitySummary  *out,
           GError           **error)
{
  CwDatabase *database = cw_session_get_database (session);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) actions = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  CwRecordingRules rules;
  CwQualitySummary summary = { 0 };
  gboolean ok = TRUE;
  int rc;

  if (database == NULL)
    {
      g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_LOCKED,
                           _("Casework is locked. Unlock it to continue."));
      return FALSE;
    }

  stmt = cw_database_prepare (database, sql, error);
  if (stmt == NULL)
    return FALSE;

  cw_child_repository_bind_visibility (session, stmt);
  sqlite3_bind_int (stmt, sqlite3_bind_parameter_index (stmt, ":see_restricted"),
                    cw_session_can (session, CW_PERMISSION_VIEW_RESTRICTED) ? 1 : 0);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, id_parameter), id);

  cw_recording_rules_init_from_session (&rules, session);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(CwEntry) entry = cw_principles_read_entry (stmt, 0);
      g_autoptr(GPtrArray) checks = NULL;
      int c = CW_PRINCIPLES_N_VERSION_COLUMNS;

      /* Timeliness is judged by when the note was first finished. */
      if (sqlite3_column_type (stmt, c) != SQLITE_NULL)
        {
          g_autoptr(GDateTime) first = g_date_time_new_from_unix_utc (
            sqlite3_column_int64 (stmt, c));
          cw_entry_set_finished_at (entry, first);
        }
      cw_entry_set_child_id (entry, sqlite3_column_int64 (stmt, c + 1));
      rules.child_protection_plan =
        g_strcmp0 (column_text (stmt, c + 2), CW_LEGAL_STATUS_CHILD_PROTECTION_PLAN) == 0;

      if (!cw_principles_read_actions (database, &actions, entry, error))
        {
          ok = FALSE;
          break;
        }

      checks = cw_principles_check (entry, &rules, now);
      summary_add (&summary, checks);
    }

  if (ok && rc != SQLITE_DONE)
    {
      cw_database_set_error (database, error, rc, "summary");
      ok = FALSE;
    }

  cw_recording_rules_clear (&rules);

  if (ok)
    *out = summary;

  return ok;
}

/**
 * cw_principles_summarise_child:
 * @out: (out caller-allocates): the summary, filled on success
 *
 * Returns: TRUE when @out was filled.
 */
gboolean
cw_principles_summarise_child (CwSession         *session,
                               gint64             child_id,
                               CwQualitySummary  *out,
                               GError           **error)
{
  g_return_val_if_fail (CW_IS_SESSION (session), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!cw_session_may_view_child (session, child_id))
    {
      g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED,
                           _("You do not have permission to see this child’s record."));
      return FALSE;
    }

  return summarise (session,
                    SUMMARY_SELECT
                    "AND e.child_id = :child_id AND " CW_CHILD_VISIBLE_SQL (":child_id"),
                    ":child_id", child_id, out, error);
}

/**
 * cw_principles_summarise_worker:
 * @out: (out caller-allocates): the summary, filled on success
 *
 * Returns: TRUE when @out was filled.
 */
gboolean
cw_principles_summarise_worker (CwSession         *session,
                                gint64             staff_id,
                                CwQualitySummary  *out,
                                GError           **error)
{
  CwStaffMember *me;
  gboolean allowed = FALSE;

  g_return_val_if_fail (CW_IS_SESSION (session), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  me = cw_session_get_staff_member (session);
  if (me != NULL && !cw_session_is_locked (session))
    {
      if (cw_staff_member_get_id (me) == staff_id)
        allowed = cw_session_can (session, CW_PERMISSION_RECORD_CASE_NOTES);
      else if (cw_session_can (session, CW_PERMISSION_VIEW_ALL_CHILDREN))
        allowed = TRUE;
      else if (cw_session_can (session, CW_PERMISSION_VIEW_TEAM_CHILDREN))
        {
          CwStaffRepository *staff = cw_session_get_staff_repository (session);
          g_autoptr(CwStaffMember) worker = NULL;

          if (staff != NULL)
            worker = cw_staff_repository_lookup_by_id (staff, staff_id, NULL);
          allowed = worker != NULL &&
                    cw_staff_member_get_line_manager_id (worker) == cw_staff_member_get_id (me);
        }
    }

  if (!allowed)
    {
      g_set_error_literal (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED,
                           _("You can see the recording quality of your own notes and of "
                             "the staff you manage only."));
      return FALSE;
    }

  return summarise (session,
                    SUMMARY_SELECT
                    "AND e.author_id = :staff_id AND " CW_CHILD_VISIBLE_SQL ("e.child_id"),
                    ":staff_id", staff_id, out, error);
}
