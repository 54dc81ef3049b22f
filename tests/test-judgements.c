/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "cw-child-repository.h"
#include "cw-child.h"
#include "cw-database-private.h"
#include "cw-entry-repository.h"
#include "cw-entry.h"
#include "cw-judgement.h"
#include "cw-key.h"
#include "cw-session.h"
#include "cw-register-test-util.h"
#include "cw-sign-off-repository.h"
#include "cw-test-util.h"

/*
 * The judgement part of decision and professional-judgement notes: the
 * value object, its rules and hash, and how it is stored beside a version
 * (saved with the draft, immutable once finished, copied into a
 * correction, queued for sign-off when finished). A template database is
 * made once and copied for each test (people_fixture_set_up() in
 * cw-register-test-util.c); people then sign in with the unlock key their
 * first sign-in gave (no Argon2):
 *
 *   admin  administrator
 *   mona   line manager of bea
 *   bea    practitioner; child A is allocated to her
 *   pat    practitioner without a line manager; child P is allocated to him
 *   dee    DSL
 */


/* Words that must never reach the audit log. */
#define DISTINCTIVE "Zephyrine"

static gint64 mona_id, bea_id, pat_id, dee_id;
static gint64 child_a, child_p;

static const TemplatePerson people_list[] = {
  { "mona", "Mona Manager", "Team Manager", CW_ROLE_LINE_MANAGER, NULL, &mona_id },
  { "bea", "Bea Practitioner", "Social Worker", CW_ROLE_PRACTITIONER, "mona", &bea_id },
  { "pat", "Pat Practitioner", "Family Support Worker", CW_ROLE_PRACTITIONER, NULL, &pat_id },
  { "dee", "Dee Lead", "Designated Safeguarding Lead", CW_ROLE_DSL, NULL, &dee_id },
};

static const TemplateChild children_list[] = {
  { "CR-0001", "Amara", "Okafor", "bea", NULL, &child_a },
  { "CR-0002", "Piotr", "Nowak", "pat", NULL, &child_p },
};

static const PeopleTemplate people = {
  people_list, G_N_ELEMENTS (people_list), children_list, G_N_ELEMENTS (children_list)
};

/* Helpers ----------------------------------------------------------------- */

/* Everything a careful author writes. */
static void
fill_judgement (CwJudgement *judgement)
{
  GDate yesterday;

  set_days_from_today (&yesterday, -1);
  cw_judgement_set_text (judgement, CW_JUDGEMENT_FIELD_CIRCUMSTANCES,
                         DISTINCTIVE " circumstances: mother 'absent'; \"unsafe\" flat; --");
  cw_judgement_set_text (judgement, CW_JUDGEMENT_FIELD_ACTION,
                         "Took Amara to her grandmother’s for the night 😀");
  cw_judgement_set_action_status (judgement, CW_JUDGEMENT_ACTION_TAKEN);
  cw_judgement_set_text (judgement, CW_JUDGEMENT_FIELD_REASONS,
                         "No adult at home at 22:00; grandmother known and safe");
  for (guint i = 0; i < CW_JUDGEMENT_TEST_LAST; i++)
    {
      g_autofree char *explanation = g_strdup_printf ("Explanation %u — naïve café", i);

      cw_judgement_set_answer (judgement, i, i == CW_JUDGEMENT_TEST_SAFE
                                             ? CW_JUDGEMENT_ANSWER_UNSURE
                                             : CW_JUDGEMENT_ANSWER_YES);
      cw_judgement_set_explanation (judgement, i, explanation);
    }
  cw_judgement_set_text (judgement, CW_JUDGEMENT_FIELD_DISCUSSED_WITH, "Mona Manager by phone");
  cw_judgement_set_discussed_on (judgement, &yesterday);
  cw_judgement_set_text (judgement, CW_JUDGEMENT_FIELD_DISAGREEMENT,
                         "Mona would have called the out-of-hours team first");
  cw_judgement_set_referral_agency (judgement, CW_REFERRAL_CHILDRENS_SOCIAL_CARE);
  cw_judgement_set_referral_date (judgement, &yesterday);
  cw_judgement_set_text (judgement, CW_JUDGEMENT_FIELD_REFERRAL_REFERENCE, "CSC/2026/0042");
}

static CwJudgement *
complete_judgement (void)
{
  CwJudgement *judgement = cw_judgement_new ();

  fill_judgement (judgement);
  return judgement;
}

/* A draft of @kind that passes every rule of the note itself. */
static CwEntry *
create_draft (CwSession   *session,
              gint64       child_id,
              CwEntryKind  kind,
              const char  *summary)
{
  g_autoptr(CwEntryRepository) entries = cw_entry_repository_new (session);
  g_autoptr(GError) error = NULL;
  CwEntry *draft;
  GDate yesterday;

  draft = cw_entry_repository_create_draft (entries, child_id, kind, &error);
  g_assert_no_error (error);
  g_assert_nonnull (draft);
  set_days_from_today (&yesterday, -1);
  cw_entry_set_event_date (draft, &yesterday);
  cw_entry_set_text (draft, CW_ENTRY_FIELD_SUMMARY, summary);
  cw_entry_set_text (draft, CW_ENTRY_FIELD_OBSERVED_FACTS, "No adult was at home.");
  return draft;
}

static void
changed_cb (CwJudgement *judgement,
            guint       *count)
{
  (*count)++;
}

/* Tests: the value object ------------------------------------------------- */

static void
test_enums (void)
{
  for (guint i = 0; i < CW_REFERRAL_LAST; i++)
    {
      g_assert_cmpint (cw_referral_agency_from_id (cw_referral_agency_get_id (i)), ==, i);
      g_assert_cmpstr (cw_referral_agency_get_title (i), !=, "");
    }
  g_assert_cmpint (cw_referral_agency_from_id ("nonsense"), ==, CW_REFERRAL_LAST);
  g_assert_cmpstr (cw_referral_agency_get_id (CW_REFERRAL_LADO), ==, "lado");

  for (int a = CW_JUDGEMENT_ANSWER_UNSET; a <= CW_JUDGEMENT_ANSWER_UNSURE; a++)
    g_assert_cmpint (cw_judgement_answer_from_id (cw_judgement_answer_get_id (a)), ==, a);
  g_assert_cmpstr (cw_judgement_answer_get_id (CW_JUDGEMENT_ANSWER_UNSURE), ==, "unsure");

  for (int s = CW_JUDGEMENT_ACTION_UNSET; s <= CW_JUDGEMENT_ACTION_PROPOSED; s++)
    g_assert_cmpint (cw_judgement_action_status_from_id (cw_judgement_action_status_get_id (s)),
                     ==, s);

  g_assert_cmpstr (cw_judgement_test_get_title (CW_JUDGEMENT_TEST_EQUITABLE), ==,
                   "Applied equitably");
  g_assert_cmpstr (cw_judgement_test_get_id (CW_JUDGEMENT_TEST_PROPORTIONATE), ==,
                   "proportionate");
  g_assert_cmpstr (cw_judgement_field_get_column (CW_JUDGEMENT_FIELD_CIRCUMSTANCES), ==,
                   "circumstances");

  g_assert_true (cw_entry_kind_has_judgement (CW_ENTRY_KIND_PROFESSIONAL_JUDGEMENT));
  g_assert_true (cw_entry_kind_has_judgement (CW_ENTRY_KIND_DECISION));
  g_assert_false (cw_entry_kind_has_judgement (CW_ENTRY_KIND_HOME_VISIT));
  g_assert_false (cw_entry_kind_has_judgement (CW_ENTRY_KIND_CASE_NOTE));
}

static void
test_value_object (void)
{
  g_autoptr(CwJudgement) judgement = cw_judgement_new ();
  g_autoptr(CwJudgement) copy = NULL;
  guint changes = 0;
  GDate day;

  /* A new judgement holds nothing, never NULL text. */
  g_assert_cmpstr (cw_judgement_get_text (judgement, CW_JUDGEMENT_FIELD_REASONS), ==, "");
  g_assert_cmpstr (cw_judgement_get_explanation (judgement, CW_JUDGEMENT_TEST_SAFE), ==, "");
  g_assert_cmpint (cw_judgement_get_answer (judgement, CW_JUDGEMENT_TEST_SAFE), ==,
                   CW_JUDGEMENT_ANSWER_UNSET);
  g_assert_cmpint (cw_judgement_get_referral_agency (judgement), ==, CW_REFERRAL_NONE);
  g_assert_false (g_date_valid (cw_judgement_get_discussed_on (judgement)));

  g_signal_connect (judgement, "changed", G_CALLBACK (changed_cb), &changes);
  cw_judgement_set_text (judgement, CW_JUDGEMENT_FIELD_REASONS, "Because");
  cw_judgement_set_text (judgement, CW_JUDGEMENT_FIELD_REASONS, "Because");
  g_assert_cmpuint (changes, ==, 1);
  cw_judgement_set_answer (judgement, CW_JUDGEMENT_TEST_SAFE, CW_JUDGEMENT_ANSWER_NO);
  cw_judgement_set_answer (judgement, CW_JUDGEMENT_TEST_SAFE, CW_JUDGEMENT_ANSWER_NO);
  g_assert_cmpuint (changes, ==, 2);
  cw_judgement_set_explanation (judgement, CW_JUDGEMENT_TEST_SAFE, "Risky");
  cw_judgement_set_action_status (judgement, CW_JUDGEMENT_ACTION_PROPOSED);
  set_days_from_today (&day, -3);
  cw_judgement_set_discussed_on (judgement, &day);
  cw_judgement_set_discussed_on (judgement, &day);
  cw_judgement_set_referral_agency (judgement, CW_REFERRAL_POLICE);
  cw_judgement_set_referral_date (judgement, &day);
  g_assert_cmpuint (changes, ==, 7);
  cw_judgement_set_referral_date (judgement, NULL);
  g_assert_false (g_date_valid (cw_judgement_get_referral_date (judgement)));
  g_assert_cmpuint (changes, ==, 8);

  cw_judgement_set_version_id (judgement, 42);
  copy = cw_judgement_copy (judgement);
  g_assert_true (cw_judgement_equal (judgement, copy));
  g_assert_cmpint (cw_judgement_get_version_id (copy), ==, 42);
  g_assert_cmpstr (cw_judgement_get_explanation (copy, CW_JUDGEMENT_TEST_SAFE), ==, "Risky");
  g_assert_cmpint (cw_judgement_get_action_status (copy), ==, CW_JUDGEMENT_ACTION_PROPOSED);
  cw_judgement_set_explanation (copy, CW_JUDGEMENT_TEST_SAFE, "Risky!");
  g_assert_false (cw_judgement_equal (judgement, copy));
}

/* Each way a judgement may be incomplete, and the part the message names. */
static void
test_validate (void)
{
  g_autoptr(CwJudgement) complete = complete_judgement ();
  g_autoptr(GError) error = NULL;
  GDate tomorrow, yesterday;
  static const struct
  {
    const char *what;
    const char *message_part;
  } cases[] = {
    { "circumstances", "circumstances" },
    { "action", "action you took" },
    { "action-status", "taken or is proposed" },
    { "reasons", "reasons" },
    { "answer", "Was it proportionate?" },
    { "explanation", "Explain your answer to “Was it safe?”" },
    { "discussed-date", "date of the discussion" },
    { "discussed-with", "with whom" },
    { "discussed-future", "discussion cannot be in the future" },
    { "referral-date", "date of the referral" },
    { "referral-future", "referral cannot be in the future" },
    { "referral-other", "Name the agency" },
    { "referral-without-agency", "Choose the agency" },
    { "bad-utf8", "Reasons" },
  };

  set_days_from_today (&tomorrow, 1);
  set_days_from_today (&yesterday, -1);

  g_assert_true (cw_judgement_validate (complete, &error));
  g_assert_no_error (error);

  /* A proposed action with no discussion and no referral is complete too. */
  {
    g_autoptr(CwJudgement) minimal = cw_judgement_copy (complete);

    cw_judgement_set_action_status (minimal, CW_JUDGEMENT_ACTION_PROPOSED);
    cw_judgement_set_text (minimal, CW_JUDGEMENT_FIELD_DISCUSSED_WITH, "");
    cw_judgement_set_discussed_on (minimal, NULL);
    cw_judgement_set_text (minimal, CW_JUDGEMENT_FIELD_DISAGREEMENT, "");
    cw_judgement_set_referral_agency (minimal, CW_REFERRAL_NONE);
    cw_judgement_set_referral_date (minimal, NULL);
    cw_judgement_set_text (minimal, CW_JUDGEMENT_FIELD_REFERRAL_REFERENCE, "");
    g_assert_true (cw_judgement_validate (minimal, &error));
    g_assert_no_error (error);
  }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CwJudgement) judgement = cw_judgement_copy (complete);
      const char *what = cases[i].what;

      if (g_str_equal (what, "circumstances"))
        cw_judgement_set_text (judgement, CW_JUDGEMENT_FIELD_CIRCUMSTANCES, "  \n ");
      else if (g_str_equal (what, "action"))
        cw_judgement_set_text (judgement, CW_JUDGEMENT_FIELD_ACTION, "");
      else if (g_str_equal (what, "action-status"))
        cw_judgement_set_action_status (judgement, CW_JUDGEMENT_ACTION_UNSET);
      else if (g_str_equal (what, "reasons"))
        cw_judgement_set_text (judgement, CW_JUDGEMENT_FIELD_REASONS, "");
      else if (g_str_equal (what, "answer"))
        cw_judgement_set_answer (judgement, CW_JUDGEMENT_TEST_PROPORTIONATE,
                                 CW_JUDGEMENT_ANSWER_UNSET);
      else if (g_str_equal (what, "explanation"))
        cw_judgement_set_explanation (judgement, CW_JUDGEMENT_TEST_SAFE, " ");
      else if (g_str_equal (what, "discussed-date"))
        cw_judgement_set_discussed_on (judgement, NULL);
      else if (g_str_equal (what, "discussed-with"))
        cw_judgement_set_text (judgement, CW_JUDGEMENT_FIELD_DISCUSSED_WITH, "");
      else if (g_str_equal (what, "discussed-future"))
        cw_judgement_set_discussed_on (judgement, &tomorrow);
      else if (g_str_equal (what, "referral-date"))
        cw_judgement_set_referral_date (judgement, NULL);
      else if (g_str_equal (what, "referral-future"))
        cw_judgement_set_referral_date (judgement, &tomorrow);
      else if (g_str_equal (what, "referral-other"))
        cw_judgement_set_referral_agency (judgement, CW_REFERRAL_OTHER);
      else if (g_str_equal (what, "referral-without-agency"))
        cw_judgement_set_referral_agency (judgement, CW_REFERRAL_NONE);
      else if (g_str_equal (what, "bad-utf8"))
        cw_judgement_set_text (judgement, CW_JUDGEMENT_FIELD_REASONS, "caf\xc3");
      else
        g_assert_not_reached ();

      g_test_message ("case %s", what);
      g_assert_false (cw_judgement_validate (judgement, &error));
      g_assert_error (error, CW_JUDGEMENT_ERROR, CW_JUDGEMENT_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, cases[i].message_part));
      g_clear_error (&error);
    }

  /* Another agency, named, passes. */
  {
    g_autoptr(CwJudgement) judgement = cw_judgement_copy (complete);

    cw_judgement_set_referral_agency (judgement, CW_REFERRAL_OTHER);
    cw_judgement_set_text (judgement, CW_JUDGEMENT_FIELD_REFERRAL_AGENCY_NAME, "NSPCC");
    g_assert_true (cw_judgement_validate (judgement, &error));
    g_assert_no_error (error);
  }

  /* Storable is looser: an empty judgement may be saved. */
  {
    g_autoptr(CwJudgement) empty = cw_judgement_new ();
    g_autofree char *long_text = g_strnfill (CW_JUDGEMENT_TEXT_MAX_CHARS + 1, 'x');

    g_assert_true (cw_judgement_check_storable (empty, &error));
    g_assert_no_error (error);
    cw_judgement_set_explanation (empty, CW_JUDGEMENT_TEST_WARRANTED, long_text);
    g_assert_false (cw_judgement_check_storable (empty, &error));
    g_assert_error (error, CW_JUDGEMENT_ERROR, CW_JUDGEMENT_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "Warranted"));
  }
}

/* Every part of the judgement and the content hash change what is signed. */
static void
test_signed_hash (void)
{
  static const char content_hash[] =
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  static const char other_content_hash[] =
    "f123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  g_autoptr(CwJudgement) base = complete_judgement ();
  g_autoptr(CwJudgement) same = complete_judgement ();
  g_autoptr(CwJudgement) empty = cw_judgement_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *base_hash = cw_judgement_compute_signed_hash (content_hash, base);
  g_autofree char *same_hash = cw_judgement_compute_signed_hash (content_hash, same);
  GDate other_day;
  guint n_variants = 0;

  g_assert_cmpuint (strlen (base_hash), ==, 64);
  g_assert_cmpstr (base_hash, ==, same_hash);
  g_hash_table_add (seen, g_strdup (base_hash));

  set_days_from_today (&other_day, -9);

  /* Moving text between two parts is a change too. */
  for (guint variant = 0; ; variant++)
    {
      g_autoptr(CwJudgement) judgement = cw_judgement_copy (base);
      g_autofree char *hash = NULL;
      guint v = variant;

      if (v < CW_JUDGEMENT_FIELD_LAST)
        cw_judgement_set_text (judgement, v, "changed");
      else if ((v -= CW_JUDGEMENT_FIELD_LAST) < CW_JUDGEMENT_TEST_LAST)
        cw_judgement_set_answer (judgement, v, CW_JUDGEMENT_ANSWER_NO);
      else if ((v -= CW_JUDGEMENT_TEST_LAST) < CW_JUDGEMENT_TEST_LAST)
        cw_judgement_set_explanation (judgement, v, "changed");
      else if ((v -= CW_JUDGEMENT_TEST_LAST) == 0)
        cw_judgement_set_action_status (judgement, CW_JUDGEMENT_ACTION_PROPOSED);
      else if (v == 1)
        cw_judgement_set_discussed_on (judgement, &other_day);
      else if (v == 2)
        cw_judgement_set_referral_agency (judgement, CW_REFERRAL_POLICE);
      else if (v == 3)
        cw_judgement_set_referral_date (judgement, &other_day);
      else if (v == 4)
        {
          /* The same characters split differently between two parts. */
          cw_judgement_set_text (judgement, CW_JUDGEMENT_FIELD_CIRCUMSTANCES, "ab");
          cw_judgement_set_text (judgement, CW_JUDGEMENT_FIELD_ACTION, "c");
          hash = cw_judgement_compute_signed_hash (content_hash, judgement);
          g_assert_false (g_hash_table_contains (seen, hash));
          g_hash_table_add (seen, g_steal_pointer (&hash));
          cw_judgement_set_text (judgement, CW_JUDGEMENT_FIELD_CIRCUMSTANCES, "a");
          cw_judgement_set_text (judgement, CW_JUDGEMENT_FIELD_ACTION, "bc");
        }
      else
        break;

      g_assert_false (cw_judgement_equal (base, judgement));
      hash = cw_judgement_compute_signed_hash (content_hash, judgement);
      g_test_message ("variant %u", variant);
      g_assert_false (g_hash_table_contains (seen, hash));
      g_hash_table_add (seen, g_steal_pointer (&hash));
      n_variants++;
    }
  g_assert_cmpuint (n_variants, ==, CW_JUDGEMENT_FIELD_LAST + 2 * CW_JUDGEMENT_TEST_LAST + 5);

  /* The version's content is part of it; so is whether there is a judgement. */
  {
    g_autofree char *other = cw_judgement_compute_signed_hash (other_content_hash, base);
    g_autofree char *none = cw_judgement_compute_signed_hash (content_hash, NULL);
    g_autofree char *blank = cw_judgement_compute_signed_hash (content_hash, empty);

    g_assert_cmpstr (other, !=, base_hash);
    g_assert_cmpstr (none, !=, blank);
    g_assert_cmpstr (none, !=, base_hash);
  }

  /* The encoding is byte-for-byte stable for equal content. */
  {
    g_autoptr(GBytes) a = cw_judgement_encode (base);
    g_autoptr(GBytes) b = cw_judgement_encode (same);

    g_assert_true (g_bytes_equal (a, b));
  }
}

/* Tests: storage ---------------------------------------------------------- */

static void
test_save_load (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwEntry) draft = NULL;
  g_autoptr(CwJudgement) judgement = cw_judgement_new ();
  g_autoptr(CwJudgement) loaded = NULL;
  g_autoptr(CwSignOffRepository) sign_offs = NULL;
  CwSession *session;
  gint64 version_id;

  session = sign_in (fixture, "bea");
  sign_offs = cw_sign_off_repository_new (session);
  draft = create_draft (session, child_a, CW_ENTRY_KIND_PROFESSIONAL_JUDGEMENT,
                        "Took Amara to her grandmother");
  version_id = cw_entry_get_version_id (draft);

  /* Nothing stored yet. */
  loaded = cw_sign_off_repository_load_judgement (sign_offs, version_id, &error);
  g_assert_error (error, CW_JUDGEMENT_ERROR, CW_JUDGEMENT_ERROR_NOT_FOUND);
  g_assert_null (loaded);
  g_clear_error (&error);

  /* An incomplete judgement saves (autosave), and reads back as written. */
  cw_judgement_set_text (judgement, CW_JUDGEMENT_FIELD_CIRCUMSTANCES, DISTINCTIVE " at night");
  cw_judgement_set_answer (judgement, CW_JUDGEMENT_TEST_WARRANTED, CW_JUDGEMENT_ANSWER_UNSURE);
  g_assert_true (cw_sign_off_repository_save_judgement (sign_offs, draft, judgement, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cw_judgement_get_version_id (judgement), ==, version_id);
  loaded = cw_sign_off_repository_load_judgement (sign_offs, version_id, &error);
  g_assert_no_error (error);
  g_assert_true (cw_judgement_equal (judgement, loaded));
  g_assert_cmpint (cw_judgement_get_version_id (loaded), ==, version_id);
  g_clear_object (&loaded);

  /* Saving again replaces it (one row). */
  fill_judgement (judgement);
  g_assert_true (cw_sign_off_repository_save_judgement (sign_offs, draft, judgement, &error));
  g_assert_no_error (error);
  loaded = cw_sign_off_repository_load_judgement (sign_offs, version_id, &error);
  g_assert_no_error (error);
  g_assert_true (cw_judgement_equal (judgement, loaded));
  g_assert_cmpstr (cw_judgement_get_text (loaded, CW_JUDGEMENT_FIELD_REFERRAL_REFERENCE), ==,
                   "CSC/2026/0042");
  g_assert_cmpint (cw_judgement_get_referral_agency (loaded), ==,
                   CW_REFERRAL_CHILDRENS_SOCIAL_CARE);
  g_assert_true (g_date_valid (cw_judgement_get_discussed_on (loaded)));
  g_clear_object (&loaded);
  g_assert_cmpint (stored_int (session, "SELECT count (*) FROM judgement_details "
                               "WHERE version_id = ?1", version_id), ==, 1);

  /* Unreadable text is refused and what was saved stays. */
  {
    g_autoptr(CwJudgement) bad = cw_judgement_copy (judgement);

    cw_judgement_set_text (bad, CW_JUDGEMENT_FIELD_REASONS, "caf\xc3");
    g_assert_false (cw_sign_off_repository_save_judgement (sign_offs, draft, bad, &error));
    g_assert_error (error, CW_JUDGEMENT_ERROR, CW_JUDGEMENT_ERROR_INVALID);
    g_clear_error (&error);
    loaded = cw_sign_off_repository_load_judgement (sign_offs, version_id, &error);
    g_assert_no_error (error);
    g_assert_true (cw_judgement_equal (judgement, loaded));
    g_clear_object (&loaded);
  }

  /* Nothing of it reaches the audit log. */
  g_assert_cmpint (stored_int (session, "SELECT count (*) FROM audit WHERE detail LIKE '%"
                               DISTINCTIVE "%' OR object_id LIKE '%" DISTINCTIVE "%'", 0),
                   ==, 0);
  g_clear_object (&sign_offs);
  end_session_checked (session);

  /* Only the author reads or saves a draft's judgement. */
  session = sign_in (fixture, "mona");
  sign_offs = cw_sign_off_repository_new (session);
  loaded = cw_sign_off_repository_load_judgement (sign_offs, version_id, &error);
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
  g_assert_null (loaded);
  g_clear_error (&error);
  g_assert_false (cw_sign_off_repository_save_judgement (sign_offs, draft, judgement, &error));
  g_assert_error (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_NOT_AUTHOR);
  g_clear_error (&error);
  g_clear_object (&sign_offs);
  end_session_checked (session);
}

static void
test_finish (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwEntry) draft = NULL;
  g_autoptr(CwEntry) visit = NULL;
  g_autoptr(CwEntry) decision = NULL;
  g_autoptr(CwJudgement) judgement = complete_judgement ();
  g_autoptr(CwJudgement) loaded = NULL;
  g_autoptr(CwSignOffRepository) sign_offs = NULL;
  g_autofree char *state = NULL;
  CwSession *session;
  CwSignOffState state_enum;
  gint64 entry_id, version_id, decision_id;

  session = sign_in (fixture, "bea");
  sign_offs = cw_sign_off_repository_new (session);
  draft = create_draft (session, child_a, CW_ENTRY_KIND_PROFESSIONAL_JUDGEMENT,
                        "Took Amara to her grandmother");
  entry_id = cw_entry_get_id (draft);
  version_id = cw_entry_get_version_id (draft);

  /* An incomplete judgement: nothing is finished, nothing queued. */
  {
    g_autoptr(CwJudgement) incomplete = cw_judgement_copy (judgement);

    cw_judgement_set_text (incomplete, CW_JUDGEMENT_FIELD_REASONS, "");
    g_assert_false (cw_sign_off_repository_finish_judgement (sign_offs, draft, incomplete,
                                                             &error));
    g_assert_error (error, CW_JUDGEMENT_ERROR, CW_JUDGEMENT_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "reasons"));
    g_clear_error (&error);
  }
  /* A note that fails its own rules: the judgement stays a draft. */
  cw_entry_set_text (draft, CW_ENTRY_FIELD_SUMMARY, "");
  g_assert_false (cw_sign_off_repository_finish_judgement (sign_offs, draft, judgement, &error));
  g_assert_error (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (cw_entry_get_finished (draft));
  g_assert_cmpint (stored_int (session, "SELECT finished FROM entry_versions WHERE id = ?1",
                               version_id), ==, 0);
  g_assert_cmpint (stored_int (session, "SELECT count (*) FROM sign_off_requests", 0), ==, 0);
  state = cw_sign_off_state_for_entry (cw_session_get_database (session), entry_id, NULL,
                                       &state_enum);
  g_assert_cmpstr (state, ==, "");
  g_assert_cmpint (state_enum, ==, CW_SIGN_OFF_STATE_NONE);
  g_clear_pointer (&state, g_free);

  /* A home visit has no judgement to sign off. */
  visit = create_draft (session, child_a, CW_ENTRY_KIND_HOME_VISIT, "Home visit");
  g_assert_false (cw_sign_off_repository_finish_judgement (sign_offs, visit, judgement, &error));
  g_assert_error (error, CW_JUDGEMENT_ERROR, CW_JUDGEMENT_ERROR_NOT_JUDGEMENT);
  g_clear_error (&error);
  g_assert_false (cw_entry_get_finished (visit));

  /* Complete: finished, stored and queued for Bea's line manager at once. */
  cw_entry_set_text (draft, CW_ENTRY_FIELD_SUMMARY, "Took Amara to her grandmother");
  g_assert_true (cw_sign_off_repository_finish_judgement (sign_offs, draft, judgement, &error));
  g_assert_no_error (error);
  g_assert_true (cw_entry_get_finished (draft));
  g_assert_cmpint (stored_int (session, "SELECT count (*) FROM sign_off_requests", 0), ==, 1);
  g_assert_cmpint (stored_int (session, "SELECT version_id FROM sign_off_requests "
                               "WHERE entry_id = ?1", entry_id), ==, version_id);
  g_assert_cmpint (stored_int (session, "SELECT author_id FROM sign_off_requests "
                               "WHERE entry_id = ?1", entry_id), ==, bea_id);
  g_assert_cmpint (stored_int (session, "SELECT assigned_to FROM sign_off_requests "
                               "WHERE entry_id = ?1", entry_id), ==, mona_id);
  g_assert_cmpint (stored_int (session, "SELECT queued_at FROM sign_off_requests "
                               "WHERE entry_id = ?1", entry_id), ==,
                   stored_int (session, "SELECT finished_at FROM entry_versions WHERE id = ?1",
                               version_id));
  {
    g_autofree char *request_state = stored_text (session, "SELECT state FROM sign_off_requests "
                                                  "WHERE entry_id = ?1", entry_id);

    g_assert_cmpstr (request_state, ==, "waiting");
  }
  state = cw_sign_off_state_for_entry (cw_session_get_database (session), entry_id, NULL,
                                       &state_enum);
  g_assert_cmpint (state_enum, ==, CW_SIGN_OFF_STATE_AWAITING);
  g_assert_cmpstr (state, ==, "awaiting sign-off (since today)");
  g_clear_pointer (&state, g_free);

  /* From now on the judgement never changes. */
  {
    g_autoptr(CwJudgement) changed = cw_judgement_copy (judgement);

    cw_judgement_set_text (changed, CW_JUDGEMENT_FIELD_REASONS, "Other reasons");
    g_assert_false (cw_sign_off_repository_save_judgement (sign_offs, draft, changed, &error));
    g_assert_error (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_FINISHED);
    g_clear_error (&error);
  }
  loaded = cw_sign_off_repository_load_judgement (sign_offs, version_id, &error);
  g_assert_no_error (error);
  g_assert_true (cw_judgement_equal (judgement, loaded));
  g_clear_object (&loaded);

  /* A decision note is queued the same way. */
  decision = create_draft (session, child_a, CW_ENTRY_KIND_DECISION, "Decided to refer");
  g_assert_true (cw_sign_off_repository_finish_judgement (sign_offs, decision, judgement,
                                                          &error));
  g_assert_no_error (error);
  decision_id = cw_entry_get_id (decision);
  g_assert_cmpint (stored_int (session, "SELECT count (*) FROM sign_off_requests "
                               "WHERE entry_id = ?1", decision_id), ==, 1);
  g_clear_object (&sign_offs);
  end_session_checked (session);

  /* The line manager reads the finished judgement. */
  session = sign_in (fixture, "mona");
  sign_offs = cw_sign_off_repository_new (session);
  loaded = cw_sign_off_repository_load_judgement (sign_offs, version_id, &error);
  g_assert_no_error (error);
  g_assert_true (cw_judgement_equal (judgement, loaded));
  g_clear_object (&loaded);
  g_clear_object (&sign_offs);
  end_session_checked (session);

  /* Someone who may not see the child may not read it. */
  session = sign_in (fixture, "pat");
  sign_offs = cw_sign_off_repository_new (session);
  loaded = cw_sign_off_repository_load_judgement (sign_offs, version_id, &error);
  g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
  g_assert_null (loaded);
  g_clear_error (&error);

  /* Pat has no line manager: his judgement waits for nobody in particular. */
  {
    g_autoptr(CwEntry) own = create_draft (session, child_p, CW_ENTRY_KIND_PROFESSIONAL_JUDGEMENT,
                                           "Kept Piotr after school");

    g_assert_true (cw_sign_off_repository_finish_judgement (sign_offs, own, judgement, &error));
    g_assert_no_error (error);
    g_assert_cmpint (stored_int (session, "SELECT count (*) FROM sign_off_requests "
                                 "WHERE entry_id = ?1 AND assigned_to IS NULL "
                                 "AND author_id = (SELECT id FROM staff WHERE username = 'pat')",
                                 cw_entry_get_id (own)), ==, 1);
  }
  g_clear_object (&sign_offs);
  end_session_checked (session);
}

/* Whatever code asks, a finished judgement is not changed or deleted. */
static void
test_raw_sql_refused (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwEntry) draft = NULL;
  g_autoptr(CwJudgement) judgement = complete_judgement ();
  g_autoptr(CwJudgement) loaded = NULL;
  g_autoptr(CwSignOffRepository) sign_offs = NULL;
  CwSession *session;
  gint64 version_id, request_id;

  session = sign_in (fixture, "bea");
  sign_offs = cw_sign_off_repository_new (session);
  draft = create_draft (session, child_a, CW_ENTRY_KIND_PROFESSIONAL_JUDGEMENT, "Judgement");
  g_assert_true (cw_sign_off_repository_finish_judgement (sign_offs, draft, judgement, &error));
  g_assert_no_error (error);
  version_id = cw_entry_get_version_id (draft);
  request_id = stored_int (session, "SELECT id FROM sign_off_requests WHERE version_id = ?1",
                           version_id);

  g_assert_false (run_raw_sql (session, "UPDATE judgement_details SET reasons = 'x' "
                               "WHERE version_id = ?", version_id, &error));
  g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (run_raw_sql (session, "UPDATE judgement_details SET version_id = 999999 "
                               "WHERE version_id = ?", version_id, &error));
  g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (run_raw_sql (session, "DELETE FROM judgement_details WHERE version_id = ?",
                               version_id, &error));
  g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (run_raw_sql (session, "DELETE FROM judgement_details", 0, &error));
  g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_REFUSED);
  g_clear_error (&error);
  /* Nor added to a finished version that has none. */
  {
    g_autoptr(CwEntry) visit = create_draft (session, child_a, CW_ENTRY_KIND_HOME_VISIT,
                                             "Visit");
    g_autoptr(CwEntryRepository) entries = cw_entry_repository_new (session);

    g_assert_true (cw_entry_repository_finish (entries, visit, &error));
    g_assert_no_error (error);
    g_assert_false (run_raw_sql (session, "INSERT INTO judgement_details (version_id, saved_at) "
                                 "VALUES (?, 0)", cw_entry_get_version_id (visit), &error));
    g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_REFUSED);
    g_clear_error (&error);
  }
  /* Nor is a request deleted or re-pointed. */
  g_assert_false (run_raw_sql (session, "DELETE FROM sign_off_requests WHERE id = ?", request_id,
                               &error));
  g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (run_raw_sql (session, "UPDATE sign_off_requests SET assigned_to = NULL "
                               "WHERE id = ?", request_id, &error));
  g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_REFUSED);
  g_clear_error (&error);

  loaded = cw_sign_off_repository_load_judgement (sign_offs, version_id, &error);
  g_assert_no_error (error);
  g_assert_true (cw_judgement_equal (judgement, loaded));
  g_assert_cmpint (stored_int (session, "SELECT assigned_to FROM sign_off_requests "
                               "WHERE id = ?1", request_id), ==, mona_id);
  g_clear_object (&sign_offs);
  end_session_checked (session);
}

/* Finishing through the plain note path: a professional judgement needs
 * its judgement part (a trigger refuses it); a decision without one is
 * finished but not queued. */
static void
test_plain_finish (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwEntry) judgement_note = NULL;
  g_autoptr(CwEntry) decision = NULL;
  g_autoptr(CwEntryRepository) entries = NULL;
  CwSession *session;

  session = sign_in (fixture, "bea");
  entries = cw_entry_repository_new (session);

  judgement_note = create_draft (session, child_a, CW_ENTRY_KIND_PROFESSIONAL_JUDGEMENT,
                                 "Judgement without its part");
  g_assert_false (cw_entry_repository_finish (entries, judgement_note, &error));
  /* The sentence says what is missing, not that the note is finished. */
  g_assert_error (error, CW_ENTRY_ERROR, CW_ENTRY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "four tests"));
  g_clear_error (&error);
  g_assert_false (cw_entry_get_finished (judgement_note));
  g_assert_cmpint (stored_int (session, "SELECT finished FROM entry_versions WHERE id = ?1",
                               cw_entry_get_version_id (judgement_note)), ==, 0);

  decision = create_draft (session, child_a, CW_ENTRY_KIND_DECISION, "Plain decision");
  g_assert_true (cw_entry_repository_finish (entries, decision, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stored_int (session, "SELECT count (*) FROM sign_off_requests", 0), ==, 0);

  g_clear_object (&entries);
  end_session_checked (session);
}

/* A correction starts from the judgement it corrects; discarding it takes
 * its copy away, and the finished version's judgement stays. */
static void
test_correction (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwEntry) draft = NULL;
  g_autoptr(CwEntry) correction = NULL;
  g_autoptr(CwEntryRepository) entries = NULL;
  g_autoptr(CwJudgement) judgement = complete_judgement ();
  g_autoptr(CwJudgement) loaded = NULL;
  g_autoptr(CwSignOffRepository) sign_offs = NULL;
  CwSession *session;
  gint64 v1, v2;

  session = sign_in (fixture, "bea");
  entries = cw_entry_repository_new (session);
  sign_offs = cw_sign_off_repository_new (session);
  draft = create_draft (session, child_a, CW_ENTRY_KIND_PROFESSIONAL_JUDGEMENT, "Judgement");
  g_assert_true (cw_sign_off_repository_finish_judgement (sign_offs, draft, judgement, &error));
  g_assert_no_error (error);
  v1 = cw_entry_get_version_id (draft);

  correction = cw_entry_repository_start_amendment (entries, cw_entry_get_id (draft),
                                                    "The date was wrong", &error);
  g_assert_no_error (error);
  v2 = cw_entry_get_version_id (correction);
  g_assert_cmpint (v2, !=, v1);
  loaded = cw_sign_off_repository_load_judgement (sign_offs, v2, &error);
  g_assert_no_error (error);
  g_assert_true (cw_judgement_equal (judgement, loaded));
  g_assert_cmpint (cw_judgement_get_version_id (loaded), ==, v2);

  /* The copy is a draft: it may change. */
  cw_judgement_set_text (loaded, CW_JUDGEMENT_FIELD_REASONS, "Better reasons");
  g_assert_true (cw_sign_off_repository_save_judgement (sign_offs, correction, loaded, &error));
  g_assert_no_error (error);
  g_clear_object (&loaded);

  g_assert_true (cw_entry_repository_discard_draft (entries, correction, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stored_int (session, "SELECT count (*) FROM judgement_details "
                               "WHERE version_id = ?1", v2), ==, 0);
  loaded = cw_sign_off_repository_load_judgement (sign_offs, v1, &error);
  g_assert_no_error (error);
  g_assert_true (cw_judgement_equal (judgement, loaded));
  g_clear_object (&loaded);

  /* A never-finished judgement draft discarded takes its part too. */
  {
    g_autoptr(CwEntry) other = create_draft (session, child_a,
                                             CW_ENTRY_KIND_PROFESSIONAL_JUDGEMENT, "Other");
    gint64 other_version = cw_entry_get_version_id (other);

    g_assert_true (cw_sign_off_repository_save_judgement (sign_offs, other, judgement, &error));
    g_assert_no_error (error);
    g_assert_true (cw_entry_repository_discard_draft (entries, other, &error));
    g_assert_no_error (error);
    g_assert_cmpint (stored_int (session, "SELECT count (*) FROM judgement_details "
                                 "WHERE version_id = ?1", other_version), ==, 0);
  }

  g_clear_object (&entries);
  g_clear_object (&sign_offs);
  end_session_checked (session);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_assert_true (cw_secure_init ());

#define ADD(path, func) \
  g_test_add (path, Fixture, &people, people_fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/judgements/judgement/enums", test_enums);
  g_test_add_func ("/judgements/judgement/value-object", test_value_object);
  g_test_add_func ("/judgements/judgement/validate", test_validate);
  g_test_add_func ("/judgements/judgement/signed-hash", test_signed_hash);
  ADD ("/judgements/store/save-load", test_save_load);
  ADD ("/judgements/store/finish-queues", test_finish);
  ADD ("/judgements/store/raw-sql-refused", test_raw_sql_refused);
  ADD ("/judgements/store/plain-finish", test_plain_finish);
  ADD ("/judgements/store/correction", test_correction);

#undef ADD

  status = g_test_run ();

  people_template_clean_up ();

  return status;
}
