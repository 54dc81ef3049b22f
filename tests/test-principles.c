/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib.h>

#include "cw-principles.h"
#include "cw-test-util.h"

/*
 * The recording principles on notes built in memory: for each principle a
 * note that meets it, notes that miss it (each way of missing it), and
 * kinds of note it does not apply to; timeliness across weekends and with
 * other working weeks; and that every piece of advice is a sentence marked
 * for translation in the source.
 */

/* Every advice sentence the tests saw, to check against the source. */
static GHashTable *seen_advice;

static GDateTime *
local_time (int year, int month, int day, int hour, int minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) local = g_date_time_new (tz, year, month, day, hour, minute, 0);

  g_assert_nonnull (local);
  return g_date_time_to_utc (local);
}

static void
set_event_day (CwEntry *entry, int year, int month, int day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  cw_entry_set_event_date (entry, &date);
}

static void
set_finished (CwEntry *entry, int year, int month, int day, int hour)
{
  g_autoptr(GDateTime) when = local_time (year, month, day, hour, 0);

  cw_entry_set_finished (entry, TRUE);
  cw_entry_set_finished_at (entry, when);
}

static CwEntryAction *
complete_action (void)
{
  GDate by_when;

  g_date_clear (&by_when, 1);
  g_date_set_dmy (&by_when, 20, 3, 2026);
  return cw_entry_action_new ("Refer to the school nurse", "Sam Patel (social worker)", &by_when);
}

/* A note that meets every principle that applies to @kind: the event on
 * Friday 13 March 2026, finished the same afternoon. */
static CwEntry *
good_note (CwEntryKind kind)
{
  CwEntry *entry = cw_entry_new ();

  cw_entry_set_kind (entry, kind);
  set_event_day (entry, 2026, 3, 13);
  cw_entry_set_event_time (entry, 10, 30);
  cw_entry_set_event_precision (entry, CW_EVENT_EXACT);
  set_finished (entry, 2026, 3, 13, 16);

  cw_entry_set_text (entry, CW_ENTRY_FIELD_SUMMARY, "Visit to see Jamie at home");
  cw_entry_set_text (entry, CW_ENTRY_FIELD_PRESENT, "Jamie, his mother, Sam Patel");
  cw_entry_set_text (entry, CW_ENTRY_FIELD_LOCATION, "The family home");
  cw_entry_set_child_seen (entry, CW_ANSWER_YES);
  cw_entry_set_child_seen_alone (entry, CW_ANSWER_YES);
  cw_entry_set_child_spoken_to (entry, CW_ANSWER_YES);
  cw_entry_set_text (entry, CW_ENTRY_FIELD_CHILD_WORDS, "“I like it when Nan picks me up.”");
  cw_entry_set_text (entry, CW_ENTRY_FIELD_WISHES_FEELINGS, "Wants to see Nan more often");
  cw_entry_set_text (entry, CW_ENTRY_FIELD_OBSERVED_FACTS, "Food in the fridge; Jamie clean");
  cw_entry_set_text (entry, CW_ENTRY_FIELD_REPORTED_FACTS, "School reports good attendance");
  cw_entry_set_text (entry, CW_ENTRY_FIELD_REPORTED_SOURCE_NAME, "Ms Jones");
  cw_entry_set_text (entry, CW_ENTRY_FIELD_REPORTED_SOURCE_ROLE, "Class teacher");
  cw_entry_set_text (entry, CW_ENTRY_FIELD_OPINION, "Home conditions are good enough");
  cw_entry_set_text (entry, CW_ENTRY_FIELD_OPINION_EVIDENCE, "What I saw in the kitchen");
  cw_entry_set_text (entry, CW_ENTRY_FIELD_STRENGTHS, "Warm relationship with his mother");
  cw_entry_set_text (entry, CW_ENTRY_FIELD_DIFFICULTIES_RISKS, "Rent arrears");
  cw_entry_set_text (entry, CW_ENTRY_FIELD_DECISION, "Continue weekly visits");
  cw_entry_set_text (entry, CW_ENTRY_FIELD_DECISION_REASONS, "Progress is fragile");
  cw_entry_set_text (entry, CW_ENTRY_FIELD_IMPACT, "Jamie is safe and settled at home");
  cw_entry_set_outcomes (entry, CW_OUTCOME_STAY_SAFE | CW_OUTCOME_BE_HEALTHY);
  cw_entry_add_action (entry, complete_action ());

  return entry;
}

static CwPrincipleCheck *
check_of (GPtrArray *checks, CwPrinciple principle)
{
  CwPrincipleCheck *check;

  g_assert_cmpuint (checks->len, ==, CW_PRINCIPLE_LAST);
  check = g_ptr_array_index (checks, principle);
  g_assert_cmpint (check->principle, ==, principle);
  g_assert_nonnull (check->title);
  g_assert_cmpstr (check->title, ==, cw_principle_get_title (principle));
  return check;
}

static GPtrArray *
run_checks (CwEntry *entry, const CwRecordingRules *rules, GDateTime *now)
{
  GPtrArray *checks = cw_principles_check (entry, rules, now);

  g_assert_nonnull (checks);
  for (guint i = 0; i < checks->len; i++)
    {
      CwPrincipleCheck *check = g_ptr_array_index (checks, i);

      if (check->applies && !check->met)
        {
          g_assert_nonnull (check->advice);
          g_assert_cmpuint (strlen (check->advice), >, 20);
          g_hash_table_add (seen_advice, g_strdup (check->advice));
        }
      else
        g_assert_null (check->advice);
      if (!check->applies)
        g_assert_false (check->met);
    }
  return checks;
}

static void
assert_meets (CwEntry *entry, CwPrinciple principle)
{
  g_autoptr(GPtrArray) checks = run_checks (entry, NULL, NULL);
  CwPrincipleCheck *check = check_of (checks, principle);

  g_assert_true (check->applies);
  g_assert_true (check->met);
}

/* Returns the advice, which the caller may compare. */
static char *
assert_misses (CwEntry *entry, CwPrinciple principle)
{
  g_autoptr(GPtrArray) checks = run_checks (entry, NULL, NULL);
  CwPrincipleCheck *check = check_of (checks, principle);

  g_assert_true (check->applies);
  g_assert_false (check->met);
  g_assert_cmpuint (cw_principles_count_missed (checks), >=, 1);
  return g_strdup (check->advice);
}

static void
assert_not_applies (CwEntry *entry, CwPrinciple principle)
{
  g_autoptr(GPtrArray) checks = run_checks (entry, NULL, NULL);
  CwPrincipleCheck *check = check_of (checks, principle);

  g_assert_false (check->applies);
  g_assert_false (check->met);
  g_assert_null (check->advice);
}

/* Tests */

static void
test_titles (void)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < CW_PRINCIPLE_LAST; i++)
    {
      const char *id = cw_principle_get_id (i);
      const char *title = cw_principle_get_title (i);

      g_assert_nonnull (id);
      g_assert_nonnull (title);
      g_assert_cmpuint (strlen (title), >, 3);
      g_assert_false (g_hash_table_contains (ids, id));
      g_hash_table_add (ids, (gpointer) id);
    }
}

static void
test_good_notes_meet_everything (void)
{
  for (guint kind = 0; kind < CW_ENTRY_KIND_LAST; kind++)
    {
      g_autoptr(CwEntry) entry = good_note (kind);
      g_autoptr(GPtrArray) checks = run_checks (entry, NULL, NULL);

      if (cw_principles_count_missed (checks) != 0)
        g_error ("A complete %s note misses a principle", cw_entry_kind_get_id (kind));
      g_assert_true (check_of (checks, CW_PRINCIPLE_TIMELY)->applies);
      g_assert_true (check_of (checks, CW_PRINCIPLE_IMPACT)->applies);
      g_assert_true (check_of (checks, CW_PRINCIPLE_OUTCOMES)->applies);
    }
}

static void
test_count_missed (void)
{
  g_autoptr(CwEntry) entry = good_note (CW_ENTRY_KIND_HOME_VISIT);
  g_autoptr(GPtrArray) all_met = run_checks (entry, NULL, NULL);
  g_autoptr(GPtrArray) three_missed = NULL;

  g_assert_cmpuint (cw_principles_count_missed (all_met), ==, 0);

  cw_entry_set_text (entry, CW_ENTRY_FIELD_IMPACT, "  ");   /* blank is not written */
  cw_entry_set_text (entry, CW_ENTRY_FIELD_STRENGTHS, "");
  cw_entry_set_outcomes (entry, CW_OUTCOME_NONE);
  three_missed = run_checks (entry, NULL, NULL);
  g_assert_cmpuint (cw_principles_count_missed (three_missed), ==, 3);
}

static void
test_child_seen (void)
{
  g_autoptr(CwEntry) entry = good_note (CW_ENTRY_KIND_HOME_VISIT);
  g_autofree char *unset = NULL, *no_reason = NULL, *not_alone = NULL;

  assert_meets (entry, CW_PRINCIPLE_CHILD_SEEN);

  cw_entry_set_child_seen (entry, CW_ANSWER_UNSET);
  unset = assert_misses (entry, CW_PRINCIPLE_CHILD_SEEN);

  cw_entry_set_child_seen (entry, CW_ANSWER_NO);
  no_reason = assert_misses (entry, CW_PRINCIPLE_CHILD_SEEN);
  g_assert_cmpstr (no_reason, !=, unset);

  /* "Not seen" with the reason given meets it. */
  cw_entry_set_text (entry, CW_ENTRY_FIELD_CHILD_NOT_SEEN_REASON,
                     "Jamie was at his grandmother’s; seen at school the next day");
  assert_meets (entry, CW_PRINCIPLE_CHILD_SEEN);

  /* Seen, but not recorded whether alone. */
  cw_entry_set_child_seen (entry, CW_ANSWER_YES);
  cw_entry_set_child_seen_alone (entry, CW_ANSWER_UNSET);
  not_alone = assert_misses (entry, CW_PRINCIPLE_CHILD_SEEN);
  g_assert_cmpstr (not_alone, !=, no_reason);
  cw_entry_set_child_seen_alone (entry, CW_ANSWER_NO);
  assert_meets (entry, CW_PRINCIPLE_CHILD_SEEN);

  /* Other direct-work kinds. */
  for (CwEntryKind kind = CW_ENTRY_KIND_CASE_NOTE; kind < CW_ENTRY_KIND_LAST; kind++)
    {
      g_autoptr(CwEntry) other = good_note (kind);

      cw_entry_set_child_seen (other, CW_ANSWER_UNSET);
      if (kind == CW_ENTRY_KIND_HOME_VISIT || kind == CW_ENTRY_KIND_OFFICE_VISIT ||
          kind == CW_ENTRY_KIND_OBSERVATION || kind == CW_ENTRY_KIND_DISCLOSURE)
        g_free (assert_misses (other, CW_PRINCIPLE_CHILD_SEEN));
      else
        assert_not_applies (other, CW_PRINCIPLE_CHILD_SEEN);
    }
}

static void
test_child_spoken_to (void)
{
  g_autoptr(CwEntry) entry = good_note (CW_ENTRY_KIND_OFFICE_VISIT);
  g_autoptr(CwEntry) received = good_note (CW_ENTRY_KIND_INFORMATION_RECEIVED);
  g_autoptr(CwEntry) meeting = good_note (CW_ENTRY_KIND_MEETING);

  assert_meets (entry, CW_PRINCIPLE_CHILD_SPOKEN_TO);

  cw_entry_set_child_spoken_to (entry, CW_ANSWER_UNSET);
  g_free (assert_misses (entry, CW_PRINCIPLE_CHILD_SPOKEN_TO));

  cw_entry_set_child_spoken_to (entry, CW_ANSWER_NO);
  g_free (assert_misses (entry, CW_PRINCIPLE_CHILD_SPOKEN_TO));

  cw_entry_set_text (entry, CW_ENTRY_FIELD_CHILD_NOT_SEEN_REASON,
                     "Jamie is four months old and does not talk yet");
  assert_meets (entry, CW_PRINCIPLE_CHILD_SPOKEN_TO);

  cw_entry_set_child_spoken_to (received, CW_ANSWER_UNSET);
  assert_not_applies (received, CW_PRINCIPLE_CHILD_SPOKEN_TO);
  cw_entry_set_child_spoken_to (meeting, CW_ANSWER_UNSET);
  assert_not_applies (meeting, CW_PRINCIPLE_CHILD_SPOKEN_TO);
}

static void
test_childs_words (void)
{
  g_autoptr(CwEntry) disclosure = good_note (CW_ENTRY_KIND_DISCLOSURE);
  g_autoptr(CwEntry) visit = good_note (CW_ENTRY_KIND_HOME_VISIT);
  g_autoptr(CwEntry) call = good_note (CW_ENTRY_KIND_PHONE_CALL);
  g_autoptr(CwEntry) received = good_note (CW_ENTRY_KIND_INFORMATION_RECEIVED);
  g_autoptr(CwEntry) meeting = good_note (CW_ENTRY_KIND_MEETING);
  g_autofree char *disclosure_advice = NULL, *visit_advice = NULL;

  assert_meets (disclosure, CW_PRINCIPLE_CHILDS_WORDS);
  cw_entry_set_text (disclosure, CW_ENTRY_FIELD_CHILD_WORDS, "");
  disclosure_advice = assert_misses (disclosure, CW_PRINCIPLE_CHILDS_WORDS);
  /* Essential for a disclosure whatever else is recorded. */
  cw_entry_set_child_spoken_to (disclosure, CW_ANSWER_NO);
  g_free (assert_misses (disclosure, CW_PRINCIPLE_CHILDS_WORDS));
  g_assert_nonnull (strstr (disclosure_advice, "disclosure"));

  assert_meets (visit, CW_PRINCIPLE_CHILDS_WORDS);
  cw_entry_set_text (visit, CW_ENTRY_FIELD_CHILD_WORDS, "");
  visit_advice = assert_misses (visit, CW_PRINCIPLE_CHILDS_WORDS);
  g_assert_cmpstr (visit_advice, !=, disclosure_advice);
  /* A child not spoken to has no words to record. */
  cw_entry_set_child_spoken_to (visit, CW_ANSWER_NO);
  assert_not_applies (visit, CW_PRINCIPLE_CHILDS_WORDS);

  /* A phone call with the child. */
  assert_meets (call, CW_PRINCIPLE_CHILDS_WORDS);
  cw_entry_set_text (call, CW_ENTRY_FIELD_CHILD_WORDS, "");
  g_free (assert_misses (call, CW_PRINCIPLE_CHILDS_WORDS));
  cw_entry_set_child_spoken_to (call, CW_ANSWER_UNSET);
  assert_not_applies (call, CW_PRINCIPLE_CHILDS_WORDS);

  /* Information received, and a meeting the child did not attend. */
  cw_entry_set_child_spoken_to (received, CW_ANSWER_UNSET);
  cw_entry_set_text (received, CW_ENTRY_FIELD_CHILD_WORDS, "");
  assert_not_applies (received, CW_PRINCIPLE_CHILDS_WORDS);
  cw_entry_set_child_seen (meeting, CW_ANSWER_NO);
  cw_entry_set_child_spoken_to (meeting, CW_ANSWER_NO);
  cw_entry_set_text (meeting, CW_ENTRY_FIELD_CHILD_WORDS, "");
  assert_not_applies (meeting, CW_PRINCIPLE_CHILDS_WORDS);
}

static void
test_wishes_and_feelings (void)
{
  g_autoptr(CwEntry) visit = good_note (CW_ENTRY_KIND_HOME_VISIT);
  g_autoptr(CwEntry) decision = good_note (CW_ENTRY_KIND_DECISION);
  g_autoptr(CwEntry) received = good_note (CW_ENTRY_KIND_INFORMATION_RECEIVED);

  assert_meets (visit, CW_PRINCIPLE_WISHES_AND_FEELINGS);
  cw_entry_set_text (visit, CW_ENTRY_FIELD_WISHES_FEELINGS, "");
  g_free (assert_misses (visit, CW_PRINCIPLE_WISHES_AND_FEELINGS));
  cw_entry_set_child_seen (visit, CW_ANSWER_NO);
  cw_entry_set_child_spoken_to (visit, CW_ANSWER_NO);
  assert_not_applies (visit, CW_PRINCIPLE_WISHES_AND_FEELINGS);

  assert_meets (decision, CW_PRINCIPLE_WISHES_AND_FEELINGS);
  cw_entry_set_text (decision, CW_ENTRY_FIELD_WISHES_FEELINGS, "");
  g_free (assert_misses (decision, CW_PRINCIPLE_WISHES_AND_FEELINGS));

  cw_entry_set_text (received, CW_ENTRY_FIELD_WISHES_FEELINGS, "");
  assert_not_applies (received, CW_PRINCIPLE_WISHES_AND_FEELINGS);
}

static void
test_who_and_where (void)
{
  g_autoptr(CwEntry) visit = good_note (CW_ENTRY_KIND_HOME_VISIT);
  g_autoptr(CwEntry) call = good_note (CW_ENTRY_KIND_PHONE_CALL);
  g_autoptr(CwEntry) received = good_note (CW_ENTRY_KIND_INFORMATION_RECEIVED);
  g_autofree char *no_present = NULL, *no_location = NULL;

  assert_meets (visit, CW_PRINCIPLE_WHO_AND_WHERE);
  cw_entry_set_text (visit, CW_ENTRY_FIELD_LOCATION, "");
  no_location = assert_misses (visit, CW_PRINCIPLE_WHO_AND_WHERE);
  cw_entry_set_text (visit, CW_ENTRY_FIELD_LOCATION, "The family home");
  cw_entry_set_text (visit, CW_ENTRY_FIELD_PRESENT, "");
  no_present = assert_misses (visit, CW_PRINCIPLE_WHO_AND_WHERE);
  g_assert_cmpstr (no_present, !=, no_location);

  /* A call needs who was on it, not a place. */
  cw_entry_set_text (call, CW_ENTRY_FIELD_LOCATION, "");
  assert_meets (call, CW_PRINCIPLE_WHO_AND_WHERE);
  cw_entry_set_text (call, CW_ENTRY_FIELD_PRESENT, "");
  g_free (assert_misses (call, CW_PRINCIPLE_WHO_AND_WHERE));

  cw_entry_set_text (received, CW_ENTRY_FIELD_PRESENT, "");
  cw_entry_set_text (received, CW_ENTRY_FIELD_LOCATION, "");
  assert_not_applies (received, CW_PRINCIPLE_WHO_AND_WHERE);
}

static void
test_fact_recorded (void)
{
  g_autoptr(CwEntry) entry = good_note (CW_ENTRY_KIND_CONCERN);
  g_autoptr(CwEntry) decision = good_note (CW_ENTRY_KIND_DECISION);

  assert_meets (entry, CW_PRINCIPLE_FACT_RECORDED);
  cw_entry_set_text (entry, CW_ENTRY_FIELD_OBSERVED_FACTS, "");
  assert_meets (entry, CW_PRINCIPLE_FACT_RECORDED);   /* reported facts alone */
  cw_entry_set_text (entry, CW_ENTRY_FIELD_REPORTED_FACTS, "");
  g_free (assert_misses (entry, CW_PRINCIPLE_FACT_RECORDED));
  cw_entry_set_text (entry, CW_ENTRY_FIELD_OBSERVED_FACTS, "Bruise on the left cheek");
  assert_meets (entry, CW_PRINCIPLE_FACT_RECORDED);

  cw_entry_set_text (decision, CW_ENTRY_FIELD_OBSERVED_FACTS, "");
  cw_entry_set_text (decision, CW_ENTRY_FIELD_REPORTED_FACTS, "");
  assert_not_applies (decision, CW_PRINCIPLE_FACT_RECORDED);
}

static void
test_reported_source (void)
{
  g_autoptr(CwEntry) entry = good_note (CW_ENTRY_KIND_INFORMATION_RECEIVED);

  assert_meets (entry, CW_PRINCIPLE_REPORTED_SOURCE);
  cw_entry_set_text (entry, CW_ENTRY_FIELD_REPORTED_SOURCE_NAME, "");
  g_free (assert_misses (entry, CW_PRINCIPLE_REPORTED_SOURCE));
  cw_entry_set_text (entry, CW_ENTRY_FIELD_REPORTED_FACTS, "");
  assert_not_applies (entry, CW_PRINCIPLE_REPORTED_SOURCE);
}

static void
test_opinion_evidenced (void)
{
  g_autoptr(CwEntry) entry = good_note (CW_ENTRY_KIND_CASE_NOTE);

  assert_meets (entry, CW_PRINCIPLE_OPINION_EVIDENCED);
  cw_entry_set_text (entry, CW_ENTRY_FIELD_OPINION_EVIDENCE, "");
  g_free (assert_misses (entry, CW_PRINCIPLE_OPINION_EVIDENCED));
  cw_entry_set_text (entry, CW_ENTRY_FIELD_OPINION, "");
  assert_not_applies (entry, CW_PRINCIPLE_OPINION_EVIDENCED);
}

static void
test_decision_reasoned (void)
{
  g_autoptr(CwEntry) decision = good_note (CW_ENTRY_KIND_DECISION);
  g_autoptr(CwEntry) visit = good_note (CW_ENTRY_KIND_HOME_VISIT);
  g_autofree char *no_reasons = NULL, *no_decision = NULL;

  assert_meets (decision, CW_PRINCIPLE_DECISION_REASONED);
  cw_entry_set_text (decision, CW_ENTRY_FIELD_DECISION_REASONS, "");
  no_reasons = assert_misses (decision, CW_PRINCIPLE_DECISION_REASONED);
  cw_entry_set_text (decision, CW_ENTRY_FIELD_DECISION, "");
  no_decision = assert_misses (decision, CW_PRINCIPLE_DECISION_REASONED);
  g_assert_cmpstr (no_reasons, !=, no_decision);

  /* Any note that records a decision needs its reasons. */
  cw_entry_set_text (visit, CW_ENTRY_FIELD_DECISION_REASONS, "");
  g_free (assert_misses (visit, CW_PRINCIPLE_DECISION_REASONED));
  cw_entry_set_text (visit, CW_ENTRY_FIELD_DECISION, "");
  assert_not_applies (visit, CW_PRINCIPLE_DECISION_REASONED);
}

static void
test_actions (void)
{
  static const CwEntryKind needing[] = {
    CW_ENTRY_KIND_DISCLOSURE, CW_ENTRY_KIND_CONCERN, CW_ENTRY_KIND_INCIDENT,
    CW_ENTRY_KIND_DECISION, CW_ENTRY_KIND_MEETING,
  };
  g_autoptr(CwEntry) visit = good_note (CW_ENTRY_KIND_HOME_VISIT);
  g_autofree char *none = NULL, *incomplete = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (needing); i++)
    {
      g_autoptr(CwEntry) entry = good_note (needing[i]);
      CwEntryAction *action;
      g_autofree char *advice = NULL;

      assert_meets (entry, CW_PRINCIPLE_ACTIONS);

      /* No one named. */
      action = g_ptr_array_index (cw_entry_get_actions (entry), 0);
      g_clear_pointer (&action->who, g_free);
      action->who = g_strdup (" ");
      cw_entry_emit_changed (entry);
      g_free (incomplete);
      incomplete = assert_misses (entry, CW_PRINCIPLE_ACTIONS);

      /* No date. */
      g_free (action->who);
      action->who = g_strdup ("Sam");
      g_date_clear (&action->by_when, 1);
      cw_entry_emit_changed (entry);
      g_free (assert_misses (entry, CW_PRINCIPLE_ACTIONS));

      /* A second, complete action does not make up for an incomplete one. */
      cw_entry_add_action (entry, complete_action ());
      g_free (assert_misses (entry, CW_PRINCIPLE_ACTIONS));

      /* None at all. */
      cw_entry_remove_action (entry, 1);
      cw_entry_remove_action (entry, 0);
      g_assert_cmpuint (cw_entry_get_actions (entry)->len, ==, 0);
      advice = assert_misses (entry, CW_PRINCIPLE_ACTIONS);
      g_free (none);
      none = g_strdup (advice);
    }
  g_assert_cmpstr (none, !=, incomplete);

  /* A home visit may have no actions; if it has one, it must be complete. */
  cw_entry_remove_action (visit, 0);
  assert_not_applies (visit, CW_PRINCIPLE_ACTIONS);
  cw_entry_add_action (visit, cw_entry_action_new ("Phone the GP", "", NULL));
  g_free (assert_misses (visit, CW_PRINCIPLE_ACTIONS));
}

static void
test_impact (void)
{
  for (CwEntryKind kind = CW_ENTRY_KIND_CASE_NOTE; kind < CW_ENTRY_KIND_LAST; kind++)
    {
      g_autoptr(CwEntry) entry = good_note (kind);

      assert_meets (entry, CW_PRINCIPLE_IMPACT);
      cw_entry_set_text (entry, CW_ENTRY_FIELD_IMPACT, "");
      g_free (assert_misses (entry, CW_PRINCIPLE_IMPACT));
    }
}

static void
test_strengths (void)
{
  g_autoptr(CwEntry) visit = good_note (CW_ENTRY_KIND_HOME_VISIT);
  g_autoptr(CwEntry) concern = good_note (CW_ENTRY_KIND_CONCERN);

  assert_meets (visit, CW_PRINCIPLE_STRENGTHS);
  cw_entry_set_text (visit, CW_ENTRY_FIELD_STRENGTHS, "");
  g_free (assert_misses (visit, CW_PRINCIPLE_STRENGTHS));
  cw_entry_set_text (visit, CW_ENTRY_FIELD_DIFFICULTIES_RISKS, "");
  g_free (assert_misses (visit, CW_PRINCIPLE_STRENGTHS));   /* a visit always */

  /* A concern: only when difficulties are recorded without strengths. */
  cw_entry_set_text (concern, CW_ENTRY_FIELD_STRENGTHS, "");
  g_free (assert_misses (concern, CW_PRINCIPLE_STRENGTHS));
  cw_entry_set_text (concern, CW_ENTRY_FIELD_DIFFICULTIES_RISKS, "");
  assert_not_applies (concern, CW_PRINCIPLE_STRENGTHS);
}

static void
test_outcomes (void)
{
  g_autoptr(CwEntry) entry = good_note (CW_ENTRY_KIND_PHONE_CALL);

  assert_meets (entry, CW_PRINCIPLE_OUTCOMES);
  cw_entry_set_outcomes (entry, CW_OUTCOME_NONE);
  g_free (assert_misses (entry, CW_PRINCIPLE_OUTCOMES));
  cw_entry_set_outcomes (entry, CW_OUTCOME_ECONOMIC_WELLBEING);
  assert_meets (entry, CW_PRINCIPLE_OUTCOMES);
}

/* Timeliness */

static gboolean
is_timely (CwEntry *entry, const CwRecordingRules *rules, GDateTime *now)
{
  g_autoptr(GPtrArray) checks = run_checks (entry, rules, now);
  CwPrincipleCheck *check = check_of (checks, CW_PRINCIPLE_TIMELY);

  g_assert_true (check->applies);
  return check->met;
}

static gboolean
finished_on_time (CwEntry *entry, const CwRecordingRules *rules,
                  int year, int month, int day)
{
  set_finished (entry, year, month, day, 17);
  return is_timely (entry, rules, NULL);
}

static void
test_timely_weekend (void)
{
  g_autoptr(CwEntry) disclosure = good_note (CW_ENTRY_KIND_DISCLOSURE);
  g_autoptr(CwEntry) draft = good_note (CW_ENTRY_KIND_DISCLOSURE);
  g_autoptr(CwEntry) visit = good_note (CW_ENTRY_KIND_HOME_VISIT);
  g_autoptr(GDateTime) monday = local_time (2026, 3, 16, 9, 0);
  g_autoptr(GDateTime) tuesday = local_time (2026, 3, 17, 9, 0);
  g_autoptr(GPtrArray) late_checks = NULL;
  g_autoptr(GPtrArray) draft_checks = NULL;
  CwRecordingRules rules;

  cw_recording_rules_init (&rules);
  g_assert_cmpuint (rules.urgent_days, ==, 1);
  g_assert_cmpuint (rules.other_days, ==, 3);
  g_assert_cmpstr (rules.working_days, ==, "1,2,3,4,5");

  /* Event on Friday 13 March 2026; one working day: due Monday. */
  g_assert_true (finished_on_time (disclosure, &rules, 2026, 3, 13));
  g_assert_true (finished_on_time (disclosure, &rules, 2026, 3, 14));   /* Saturday */
  g_assert_true (finished_on_time (disclosure, &rules, 2026, 3, 16));   /* Monday */
  g_assert_false (finished_on_time (disclosure, &rules, 2026, 3, 17));  /* Tuesday */
  late_checks = run_checks (disclosure, &rules, NULL);
  g_assert_cmpuint (cw_principles_count_missed (late_checks), ==, 1);

  /* A draft is judged by "now". */
  cw_entry_set_finished (draft, FALSE);
  cw_entry_set_finished_at (draft, NULL);
  g_assert_true (is_timely (draft, &rules, monday));
  g_assert_false (is_timely (draft, &rules, tuesday));
  draft_checks = run_checks (draft, &rules, tuesday);
  g_assert_cmpstr (check_of (draft_checks, CW_PRINCIPLE_TIMELY)->advice, !=,
                   check_of (late_checks, CW_PRINCIPLE_TIMELY)->advice);

  /* Other notes: three working days, due Wednesday. */
  g_assert_true (finished_on_time (visit, &rules, 2026, 3, 18));
  g_assert_false (finished_on_time (visit, &rules, 2026, 3, 19));

  /* The same visit to a child on a child protection plan is urgent. */
  rules.child_protection_plan = TRUE;
  g_assert_cmpuint (cw_recording_rules_get_deadline_days (&rules, CW_ENTRY_KIND_HOME_VISIT),
                    ==, 1);
  g_assert_true (finished_on_time (visit, &rules, 2026, 3, 16));
  g_assert_false (finished_on_time (visit, &rules, 2026, 3, 17));
  g_assert_cmpuint (cw_recording_rules_get_deadline_days (&rules, CW_ENTRY_KIND_CASE_NOTE),
                    ==, 3);

  cw_recording_rules_clear (&rules);
  g_assert_null (rules.working_days);
}

static void
test_timely_custom_working_days (void)
{
  g_autoptr(CwEntry) concern = good_note (CW_ENTRY_KIND_CONCERN);
  g_autoptr(CwEntry) note = good_note (CW_ENTRY_KIND_CASE_NOTE);
  CwRecordingRules rules;

  cw_recording_rules_init (&rules);

  /* A four-day week, Monday to Thursday: a concern on Thursday 12 March is
   * due the next working day, Monday 16 March. */
  g_free (rules.working_days);
  rules.working_days = g_strdup ("1,2,3,4");
  set_event_day (concern, 2026, 3, 12);
  g_assert_true (finished_on_time (concern, &rules, 2026, 3, 13));
  g_assert_true (finished_on_time (concern, &rules, 2026, 3, 16));
  g_assert_false (finished_on_time (concern, &rules, 2026, 3, 17));

  /* Seven days a week: a concern on Friday is due on Saturday. */
  g_free (rules.working_days);
  rules.working_days = g_strdup ("1,2,3,4,5,6,7");
  set_event_day (concern, 2026, 3, 13);
  g_assert_true (finished_on_time (concern, &rules, 2026, 3, 14));
  g_assert_false (finished_on_time (concern, &rules, 2026, 3, 16));

  /* Longer deadlines: five working days from Friday 13 March with
   * Monday to Friday is Friday 20 March. */
  g_free (rules.working_days);
  rules.working_days = g_strdup ("1,2,3,4,5");
  rules.other_days = 5;
  g_assert_true (finished_on_time (note, &rules, 2026, 3, 20));
  g_assert_false (finished_on_time (note, &rules, 2026, 3, 23));

  /* A setting that says nothing usable falls back to Monday to Friday. */
  g_free (rules.working_days);
  rules.working_days = g_strdup ("");
  rules.other_days = 1;
  g_assert_true (finished_on_time (note, &rules, 2026, 3, 16));
  g_assert_false (finished_on_time (note, &rules, 2026, 3, 17));

  cw_recording_rules_clear (&rules);
}

static void
test_timely_uncertain_dates (void)
{
  g_autoptr(CwEntry) note = good_note (CW_ENTRY_KIND_CASE_NOTE);
  g_autoptr(CwEntry) undated = good_note (CW_ENTRY_KIND_CASE_NOTE);
  g_autoptr(GPtrArray) checks = NULL;
  GDate invalid;

  /* Known only to the month (February 2026): counted from 28 February,
   * a Saturday, so three working days end on Wednesday 4 March. */
  set_event_day (note, 2026, 2, 1);
  cw_entry_set_event_time (note, -1, -1);
  cw_entry_set_event_precision (note, CW_EVENT_MONTH);
  g_assert_true (finished_on_time (note, NULL, 2026, 3, 4));
  g_assert_false (finished_on_time (note, NULL, 2026, 3, 5));

  /* An approximate date counts from the day given. */
  set_event_day (note, 2026, 3, 13);
  cw_entry_set_event_precision (note, CW_EVENT_APPROXIMATE);
  g_assert_true (finished_on_time (note, NULL, 2026, 3, 18));
  g_assert_false (finished_on_time (note, NULL, 2026, 3, 19));

  /* No date at all: the deadline cannot be worked out, which is shown. */
  g_date_clear (&invalid, 1);
  cw_entry_set_event_date (undated, &invalid);
  checks = run_checks (undated, NULL, NULL);
  g_assert_true (check_of (checks, CW_PRINCIPLE_TIMELY)->applies);
  g_assert_false (check_of (checks, CW_PRINCIPLE_TIMELY)->met);
}

/* Advice is marked for translation */

/* Every string literal inside _( … ) or N_( … ) in @source, with adjacent
 * literals joined and simple escapes undone, as C does. */
static GHashTable *
marked_strings (const char *source)
{
  GHashTable *marked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *p = source;

  while ((p = strstr (p, "_(")) != NULL)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      gboolean any = FALSE;

      if (p > source && (g_ascii_isalnum (p[-1]) || p[-1] == '_') && p[-1] != 'N')
        {
          p += 2;
          continue;
        }
      p += 2;

      for (;;)
        {
          while (g_ascii_isspace (*p))
            p++;
          if (*p != '"')
            break;
          p++;
          any = TRUE;
          while (*p != '\0' && *p != '"')
            {
              if (*p == '\\' && p[1] != '\0')
                {
                  p++;
                  g_string_append_c (text, *p == 'n' ? '\n' : *p);
                }
              else
                g_string_append_c (text, *p);
              p++;
            }
          if (*p == '"')
            p++;
        }

      if (any)
        g_hash_table_add (marked, g_string_free (g_steal_pointer (&text), FALSE));
    }

  return marked;
}

static void
test_advice_translatable (void)
{
  const char *root = g_getenv ("CW_TEST_SOURCE_ROOT");
  g_autofree char *path = NULL;
  g_autofree char *source = NULL;
  g_autoptr(GHashTable) marked = NULL;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer advice;

  g_assert_nonnull (root);
  path = g_build_filename (root, "src", "core", "cw-principles.c", NULL);
  g_file_get_contents (path, &source, NULL, &error);
  g_assert_no_error (error);
  marked = marked_strings (source);
  g_assert_cmpuint (g_hash_table_size (marked), >=, 20);

  /* Produce every piece of advice the tests know of (they are pure, so
   * running them again here keeps this test independent of the order). */
  test_count_missed ();
  test_child_seen ();
  test_child_spoken_to ();
  test_childs_words ();
  test_wishes_and_feelings ();
  test_who_and_where ();
  test_fact_recorded ();
  test_reported_source ();
  test_opinion_evidenced ();
  test_decision_reasoned ();
  test_actions ();
  test_impact ();
  test_strengths ();
  test_outcomes ();
  test_timely_weekend ();
  test_timely_uncertain_dates ();
  g_assert_cmpuint (g_hash_table_size (seen_advice), >=, CW_PRINCIPLE_LAST);

  g_hash_table_iter_init (&iter, seen_advice);
  while (g_hash_table_iter_next (&iter, &advice, NULL))
    {
      const char *text = advice;

      if (!g_hash_table_contains (marked, text))
        g_error ("Advice not marked for translation: %s", text);
      /* A whole sentence or two: a capital letter and a full stop. */
      g_assert_true (g_unichar_isupper (g_utf8_get_char (text)));
      g_assert_true (g_str_has_suffix (text, "."));
    }

  for (guint i = 0; i < CW_PRINCIPLE_LAST; i++)
    if (!g_hash_table_contains (marked, cw_principle_get_title (i)))
      g_error ("Title not marked for translation: %s", cw_principle_get_title (i));
}

int
main (int argc, char **argv)
{
  int result;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  seen_advice = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_test_add_func ("/principles/titles", test_titles);
  g_test_add_func ("/principles/complete-notes", test_good_notes_meet_everything);
  g_test_add_func ("/principles/count-missed", test_count_missed);
  g_test_add_func ("/principles/child-seen", test_child_seen);
  g_test_add_func ("/principles/child-spoken-to", test_child_spoken_to);
  g_test_add_func ("/principles/childs-words", test_childs_words);
  g_test_add_func ("/principles/wishes-and-feelings", test_wishes_and_feelings);
  g_test_add_func ("/principles/who-and-where", test_who_and_where);
  g_test_add_func ("/principles/fact-recorded", test_fact_recorded);
  g_test_add_func ("/principles/reported-source", test_reported_source);
  g_test_add_func ("/principles/opinion-evidenced", test_opinion_evidenced);
  g_test_add_func ("/principles/decision-reasoned", test_decision_reasoned);
  g_test_add_func ("/principles/actions", test_actions);
  g_test_add_func ("/principles/impact", test_impact);
  g_test_add_func ("/principles/strengths", test_strengths);
  g_test_add_func ("/principles/outcomes", test_outcomes);
  g_test_add_func ("/principles/timely/weekend", test_timely_weekend);
  g_test_add_func ("/principles/timely/custom-working-days", test_timely_custom_working_days);
  g_test_add_func ("/principles/timely/uncertain-dates", test_timely_uncertain_dates);
  g_test_add_func ("/principles/advice/translatable", test_advice_translatable);

  result = g_test_run ();
  g_hash_table_unref (seen_advice);
  return result;
}
