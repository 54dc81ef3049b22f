/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "cw-child-repository.h"
#include "cw-database-private.h"
#include "cw-key.h"
#include "cw-photo-consent.h"
#include "cw-register-export.h"
#include "cw-session.h"
#include "cw-sql-list-model-private.h"
#include "cw-register-test-util.h"
#include "cw-test-util.h"

/*
 * Photo consent: the decision "may this image of this child be used for
 * this purpose on this date?" as a pure function, every reason with cases
 * that raise it and cases that do not (the age rule's 13th and 17th
 * birthdays among them), then the register against a real SQLCipher file.
 * The fixture (template database, staff, children born 15 June 2010,
 * 1 January 2012 and unknown) is described in cw-register-test-util.h.
 */

static CwChild *
child_born (int             year,
            int             month,
            int             day,
            CwDatePrecision precision)
{
  CwChild *child = cw_child_new ();

  cw_child_set_id (child, 1);
  cw_child_set_given_names (child, "Test");
  cw_child_set_family_name (child, "Child");
  if (year > 0)
    {
      GDate born;

      set_date (&born, year, month, day);
      cw_child_set_date_of_birth (child, &born);
      cw_child_set_dob_precision (child, precision);
    }
  else
    cw_child_set_dob_precision (child, CW_DATE_UNKNOWN);

  return child;
}

/* In writing, form F-1, given on the date; case record, displays and
 * website granted, press refused, the rest not asked; first name only. */
static CwPhotoConsent *
make_consent (gint64              child_id,
              CwPhotoRelationship relationship,
              int                 year,
              int                 month,
              int                 day)
{
  CwPhotoConsent *consent = cw_photo_consent_new ();
  GDate given;

  set_date (&given, year, month, day);
  cw_photo_consent_set_child_id (consent, child_id);
  cw_photo_consent_set_consenter_name (consent, relationship == CW_PHOTO_BY_CHILD
                                                  ? "The child" : "Jo Smith");
  cw_photo_consent_set_relationship (consent, relationship);
  cw_photo_consent_set_written_consent (consent, TRUE);
  cw_photo_consent_set_form_reference (consent, "F-1");
  cw_photo_consent_set_permission (consent, CW_PHOTO_PURPOSE_CASE_RECORD, CW_PHOTO_GRANTED);
  cw_photo_consent_set_permission (consent, CW_PHOTO_PURPOSE_DISPLAYS, CW_PHOTO_GRANTED);
  cw_photo_consent_set_permission (consent, CW_PHOTO_PURPOSE_WEBSITE, CW_PHOTO_GRANTED);
  cw_photo_consent_set_permission (consent, CW_PHOTO_PURPOSE_PRESS, CW_PHOTO_REFUSED);
  cw_photo_consent_set_naming (consent, CW_PHOTO_NAMING_FIRST_NAME);
  cw_photo_consent_set_date_given (consent, &given);
  cw_photo_consent_set_retention (consent, "Until the child leaves the service");

  return consent;
}

/* The reasons for @purpose on the day; checks allowed agrees with them. */
static CwPhotoReasons
reasons_on (CwChild        *child,
            GPtrArray      *consents,
            CwPhotoPurpose  purpose,
            int             year,
            int             month,
            int             day)
{
  CwPhotoDecision decision;
  gboolean allowed;
  GDate on;

  set_date (&on, year, month, day);
  allowed = cw_photo_consent_decide (child, consents, purpose, &on, &decision);
  g_assert_cmpint (allowed, ==, decision.allowed);
  g_assert_cmpint (allowed, ==, decision.reasons == CW_PHOTO_REASON_NONE);

  return decision.reasons;
}

static GPtrArray *
consents_of (CwPhotoConsent *first,
             ...)
{
  GPtrArray *consents = g_ptr_array_new_with_free_func (g_object_unref);
  va_list args;

  va_start (args, first);
  for (CwPhotoConsent *c = first; c != NULL; c = va_arg (args, CwPhotoConsent *))
    g_ptr_array_add (consents, c);
  va_end (args);

  return consents;
}

static CwPhotoConsent *
record_consent (CwPhotoConsentRegister *register_,
                CwPhotoConsent         *consent)
{
  g_autoptr(GError) error = NULL;
  CwPhotoConsent *stored = cw_photo_consent_register_record (register_, consent, &error);

  g_assert_no_error (error);
  g_assert_nonnull (stored);
  g_assert_cmpint (cw_photo_consent_get_id (stored), >, 0);

  return stored;
}

static gint64
record_simple (CwSession *session,
               gint64     child_id)
{
  g_autoptr(CwPhotoConsentRegister) consents = cw_photo_consent_register_new (session);
  g_autoptr(CwPhotoConsent) consent = make_consent (child_id, CW_PHOTO_BY_PARENT_CARER,
                                                    2022, 1, 1);
  g_autoptr(CwPhotoConsent) stored = record_consent (consents, consent);

  return cw_photo_consent_get_id (stored);
}

static gint64
count_visible (CwSession *session)
{
  g_autoptr(CwPhotoConsentRegister) consents = cw_photo_consent_register_new (session);
  g_autoptr(GListModel) model = cw_photo_consent_register_list (consents, NULL);
  gint64 count = cw_photo_consent_register_count (consents, NULL);

  g_assert_cmpint (count, ==, g_list_model_get_n_items (model));
  return count;
}

/* The decision (pure) ---------------------------------------------------- */

#define WEBSITE CW_PHOTO_PURPOSE_WEBSITE

static void
test_decide_age_rules (void)
{
  g_autoptr(CwChild) child = child_born (2010, 6, 15, CW_DATE_EXACT);
  struct { int y, m, d, age; } days[] = {
    { 2023, 6, 14, 12 }, { 2023, 6, 15, 13 }, { 2027, 6, 14, 16 }, { 2027, 6, 15, 17 },
  };
  /* What each arrangement gives at 12, 13, 16 and 17. */
  CwPhotoReasons parent_only[] = { 0, CW_PHOTO_REASON_CHILD_AGREEMENT_MISSING,
                                   CW_PHOTO_REASON_CHILD_AGREEMENT_MISSING,
                                   CW_PHOTO_REASON_CHILD_AGREEMENT_MISSING };
  CwPhotoReasons child_only[] = { CW_PHOTO_REASON_PARENT_CONSENT_MISSING,
                                  CW_PHOTO_REASON_PARENT_CONSENT_MISSING,
                                  CW_PHOTO_REASON_PARENT_CONSENT_MISSING, 0 };
  g_autoptr(GPtrArray) parent = consents_of (make_consent (1, CW_PHOTO_BY_PARENT_CARER,
                                                           2020, 1, 1), NULL);
  g_autoptr(GPtrArray) own = consents_of (make_consent (1, CW_PHOTO_BY_CHILD, 2020, 1, 1), NULL);
  g_autoptr(GPtrArray) both = consents_of (make_consent (1, CW_PHOTO_BY_PARENT_CARER,
                                                         2020, 1, 1),
                                           make_consent (1, CW_PHOTO_BY_CHILD, 2020, 1, 1), NULL);
  g_autoptr(GPtrArray) authority = consents_of (make_consent (1, CW_PHOTO_BY_LOCAL_AUTHORITY,
                                                              2020, 1, 1), NULL);
  g_autoptr(GPtrArray) agreed = consents_of (make_consent (1, CW_PHOTO_BY_PARENT_CARER,
                                                           2020, 1, 1), NULL);
  CwPhotoConsent *agreed_form = g_ptr_array_index (agreed, 0);

  cw_photo_consent_set_child_agreement (agreed_form, CW_PHOTO_CHILD_AGREED);

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      CwPhotoDecision decision;
      GDate on;

      g_test_message ("age %d", days[i].age);
      set_date (&on, days[i].y, days[i].m, days[i].d);
      cw_photo_consent_decide (child, both, WEBSITE, &on, &decision);
      g_assert_cmpint (decision.age, ==, days[i].age);
      g_assert_false (decision.age_approximate);
      g_assert_cmpint (decision.needs_parent, ==, days[i].age < 17);
      g_assert_cmpint (decision.needs_child, ==, days[i].age >= 13);
      g_assert_cmpint (decision.reasons, ==, 0);

      g_assert_cmpint (reasons_on (child, parent, WEBSITE, days[i].y, days[i].m, days[i].d), ==,
                       parent_only[i]);
      g_assert_cmpint (reasons_on (child, own, WEBSITE, days[i].y, days[i].m, days[i].d), ==,
                       child_only[i]);
      g_assert_cmpint (reasons_on (child, authority, WEBSITE, days[i].y, days[i].m, days[i].d),
                       ==, parent_only[i]);
      /* The child's agreement written on the parent's form counts. */
      g_assert_cmpint (reasons_on (child, agreed, WEBSITE, days[i].y, days[i].m, days[i].d), ==,
                       0);
    }

  /* The child did not agree, or agreed only later. */
  cw_photo_consent_set_child_agreement (agreed_form, CW_PHOTO_CHILD_DID_NOT_AGREE);
  g_assert_cmpint (reasons_on (child, agreed, WEBSITE, 2023, 6, 15), ==,
                   CW_PHOTO_REASON_CHILD_AGREEMENT_MISSING);
  g_assert_cmpint (reasons_on (child, agreed, WEBSITE, 2023, 6, 14), ==, 0);
  {
    GDate later;

    set_date (&later, 2024, 1, 1);
    cw_photo_consent_set_child_agreement (agreed_form, CW_PHOTO_CHILD_AGREED);
    cw_photo_consent_set_child_agreed_on (agreed_form, &later);
    g_assert_cmpint (reasons_on (child, agreed, WEBSITE, 2023, 12, 31), ==,
                     CW_PHOTO_REASON_CHILD_AGREEMENT_MISSING);
    g_assert_cmpint (reasons_on (child, agreed, WEBSITE, 2024, 1, 1), ==, 0);
  }
}

static void
test_decide_approximate_age (void)
{
  g_autoptr(CwChild) exact = child_born (2011, 1, 1, CW_DATE_EXACT);
  g_autoptr(CwChild) about = child_born (2011, 1, 1, CW_DATE_APPROXIMATE);
  g_autoptr(GPtrArray) parent = consents_of (make_consent (1, CW_PHOTO_BY_PARENT_CARER,
                                                           2020, 1, 1), NULL);
  CwPhotoDecision decision;
  GDate on;

  /* Twelve, perhaps thirteen: the child's agreement is asked for too. */
  g_assert_cmpint (reasons_on (exact, parent, WEBSITE, 2023, 6, 1), ==, 0);
  g_assert_cmpint (reasons_on (about, parent, WEBSITE, 2023, 6, 1), ==,
                   CW_PHOTO_REASON_CHILD_AGREEMENT_MISSING);

  set_date (&on, 2023, 6, 1);
  cw_photo_consent_decide (about, parent, WEBSITE, &on, &decision);
  g_assert_true (decision.age_approximate);
  g_assert_cmpint (decision.age, ==, 12);
}

static void
test_decide_no_consent (void)
{
  g_autoptr(CwChild) young = child_born (2018, 1, 1, CW_DATE_EXACT);
  g_autoptr(CwChild) teen = child_born (2010, 1, 1, CW_DATE_EXACT);
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(GPtrArray) later = consents_of (make_consent (1, CW_PHOTO_BY_PARENT_CARER,
                                                          2023, 5, 2), NULL);
  g_autoptr(GPtrArray) other_child = consents_of (make_consent (2, CW_PHOTO_BY_PARENT_CARER,
                                                                2020, 1, 1), NULL);
  g_autoptr(GPtrArray) given = consents_of (make_consent (1, CW_PHOTO_BY_PARENT_CARER,
                                                          2020, 1, 1), NULL);

  g_assert_cmpint (reasons_on (young, none, WEBSITE, 2023, 5, 1), ==,
                   CW_PHOTO_REASON_NO_CONSENT);
  /* No consent at all is one reason, whatever the age. */
  g_assert_cmpint (reasons_on (teen, none, WEBSITE, 2023, 5, 1), ==,
                   CW_PHOTO_REASON_NO_CONSENT);
  g_assert_cmpint (reasons_on (young, NULL, WEBSITE, 2023, 5, 1), ==,
                   CW_PHOTO_REASON_NO_CONSENT);
  /* Given the day after: not yet; on the day: yes. */
  g_assert_cmpint (reasons_on (young, later, WEBSITE, 2023, 5, 1), ==,
                   CW_PHOTO_REASON_NO_CONSENT);
  g_assert_cmpint (reasons_on (young, later, WEBSITE, 2023, 5, 2), ==, 0);
  /* Another child's consent is not this child's. */
  g_assert_cmpint (reasons_on (young, other_child, WEBSITE, 2023, 5, 1), ==,
                   CW_PHOTO_REASON_NO_CONSENT);
  /* A purpose not asked about has no consent. */
  g_assert_cmpint (reasons_on (young, given, CW_PHOTO_PURPOSE_NEWSLETTERS, 2023, 5, 1), ==,
                   CW_PHOTO_REASON_NO_CONSENT);
  g_assert_cmpint (reasons_on (young, given, CW_PHOTO_PURPOSE_CASE_RECORD, 2023, 5, 1), ==, 0);
}

static void
test_decide_purpose_refused (void)
{
  g_autoptr(CwChild) young = child_born (2018, 1, 1, CW_DATE_EXACT);
  g_autoptr(CwChild) teen = child_born (2009, 1, 1, CW_DATE_EXACT);
  g_autoptr(GPtrArray) given = consents_of (make_consent (1, CW_PHOTO_BY_PARENT_CARER,
                                                          2020, 1, 1), NULL);
  g_autoptr(GPtrArray) both = consents_of (make_consent (1, CW_PHOTO_BY_PARENT_CARER,
                                                         2020, 1, 1),
                                           make_consent (1, CW_PHOTO_BY_CHILD, 2020, 1, 1), NULL);

  g_assert_cmpint (reasons_on (young, given, CW_PHOTO_PURPOSE_PRESS, 2023, 5, 1), ==,
                   CW_PHOTO_REASON_PURPOSE_REFUSED);
  g_assert_cmpint (reasons_on (young, given, WEBSITE, 2023, 5, 1), ==, 0);

  /* The parent grants the website, the fourteen-year-old refuses it. */
  g_assert_cmpint (reasons_on (teen, both, WEBSITE, 2023, 5, 1), ==, 0);
  cw_photo_consent_set_permission (g_ptr_array_index (both, 1), WEBSITE, CW_PHOTO_REFUSED);
  g_assert_cmpint (reasons_on (teen, both, WEBSITE, 2023, 5, 1), ==,
                   CW_PHOTO_REASON_PURPOSE_REFUSED);
}

static void
test_decide_expired (void)
{
  g_autoptr(CwChild) young = child_born (2018, 1, 1, CW_DATE_EXACT);
  g_autoptr(GPtrArray) given = consents_of (make_consent (1, CW_PHOTO_BY_PARENT_CARER,
                                                          2020, 1, 1), NULL);
  GDate review;

  set_date (&review, 2024, 1, 1);
  cw_photo_consent_set_review_date (g_ptr_array_index (given, 0), &review);

  g_assert_cmpint (reasons_on (young, given, WEBSITE, 2023, 12, 31), ==, 0);
  g_assert_cmpint (reasons_on (young, given, WEBSITE, 2024, 1, 1), ==,
                   CW_PHOTO_REASON_EXPIRED);
  g_assert_cmpint (reasons_on (young, given, WEBSITE, 2025, 6, 1), ==,
                   CW_PHOTO_REASON_EXPIRED);
}

static void
test_decide_withdrawn (void)
{
  g_autoptr(CwChild) young = child_born (2018, 1, 1, CW_DATE_EXACT);
  g_autoptr(GPtrArray) given = consents_of (make_consent (1, CW_PHOTO_BY_PARENT_CARER,
                                                          2020, 1, 1), NULL);
  CwPhotoConsent *renewed;
  GDate withdrawn;

  set_date (&withdrawn, 2022, 3, 1);
  cw_photo_consent_set_withdrawn_on (g_ptr_array_index (given, 0), &withdrawn);

  g_assert_cmpint (reasons_on (young, given, WEBSITE, 2022, 2, 28), ==, 0);
  g_assert_cmpint (reasons_on (young, given, WEBSITE, 2022, 3, 1), ==,
                   CW_PHOTO_REASON_WITHDRAWN);
  g_assert_cmpint (reasons_on (young, given, CW_PHOTO_PURPOSE_CASE_RECORD, 2022, 3, 2), ==,
                   CW_PHOTO_REASON_WITHDRAWN);

  /* Consent given again later is the one that counts from then on. */
  renewed = make_consent (1, CW_PHOTO_BY_PARENT_CARER, 2022, 4, 1);
  cw_photo_consent_set_id (renewed, 2);
  g_ptr_array_add (given, renewed);
  g_assert_cmpint (reasons_on (young, given, WEBSITE, 2022, 3, 15), ==,
                   CW_PHOTO_REASON_WITHDRAWN);
  g_assert_cmpint (reasons_on (young, given, WEBSITE, 2022, 5, 1), ==, 0);
}

static void
test_decide_never_publish (void)
{
  g_autoptr(CwChild) young = child_born (2018, 1, 1, CW_DATE_EXACT);
  g_autoptr(GPtrArray) given = consents_of (make_consent (1, CW_PHOTO_BY_PARENT_CARER,
                                                          2020, 1, 1), NULL);
  CwPhotoConsent *flagged;
  GDate withdrawn;

  g_assert_cmpint (reasons_on (young, given, WEBSITE, 2023, 1, 1), ==, 0);

  /* An old, withdrawn record still carries the safeguarding flag. */
  flagged = make_consent (1, CW_PHOTO_BY_PARENT_CARER, 2019, 1, 1);
  cw_photo_consent_set_never_publish (flagged, TRUE);
  set_date (&withdrawn, 2019, 6, 1);
  cw_photo_consent_set_withdrawn_on (flagged, &withdrawn);
  g_ptr_array_add (given, flagged);

  for (guint p = 0; p < CW_PHOTO_PURPOSE_LAST; p++)
    {
      CwPhotoReasons reasons = reasons_on (young, given, p, 2023, 1, 1);

      g_test_message ("purpose %s", cw_photo_purpose_get_id (p));
      if (p == CW_PHOTO_PURPOSE_CASE_RECORD)
        g_assert_cmpint (reasons, ==, 0);
      else
        g_assert_cmpint (reasons & CW_PHOTO_REASON_NEVER_PUBLISH, !=, 0);
    }
  g_assert_cmpint (reasons_on (young, given, WEBSITE, 2023, 1, 1), ==,
                   CW_PHOTO_REASON_NEVER_PUBLISH);
  g_assert_cmpint (reasons_on (young, given, CW_PHOTO_PURPOSE_DISPLAYS, 2023, 1, 1), ==,
                   CW_PHOTO_REASON_NEVER_PUBLISH);
  /* Whatever the date. */
  g_assert_cmpint (reasons_on (young, given, WEBSITE, 2018, 6, 1) &
                   CW_PHOTO_REASON_NEVER_PUBLISH, !=, 0);
  g_assert_true (cw_photo_purpose_is_publication (CW_PHOTO_PURPOSE_DISPLAYS));
  g_assert_false (cw_photo_purpose_is_publication (CW_PHOTO_PURPOSE_CASE_RECORD));
}

static void
test_decide_manager (void)
{
  g_autoptr(CwChild) young = child_born (2018, 1, 1, CW_DATE_EXACT);
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(GPtrArray) given = consents_of (make_consent (1, CW_PHOTO_BY_PARENT_CARER,
                                                          2020, 1, 1), NULL);
  CwPhotoConsent *consent = g_ptr_array_index (given, 0);

  cw_photo_consent_set_permission (consent, CW_PHOTO_PURPOSE_PROMOTIONAL, CW_PHOTO_GRANTED);
  g_assert_cmpint (reasons_on (young, given, CW_PHOTO_PURPOSE_PROMOTIONAL, 2023, 1, 1), ==,
                   CW_PHOTO_REASON_MANAGER_CONSENT_MISSING);
  /* Only promotional use needs it. */
  g_assert_cmpint (reasons_on (young, given, WEBSITE, 2023, 1, 1), ==, 0);

  cw_photo_consent_set_manager_consent_by (consent, 3);
  cw_photo_consent_set_manager_consent_at (consent, 1700000000);
  g_assert_cmpint (reasons_on (young, given, CW_PHOTO_PURPOSE_PROMOTIONAL, 2023, 1, 1), ==, 0);

  g_assert_cmpint (reasons_on (young, none, CW_PHOTO_PURPOSE_PROMOTIONAL, 2023, 1, 1), ==,
                   CW_PHOTO_REASON_NO_CONSENT | CW_PHOTO_REASON_MANAGER_CONSENT_MISSING);
}

static void
test_decide_not_in_writing (void)
{
  g_autoptr(CwChild) young = child_born (2018, 1, 1, CW_DATE_EXACT);
  g_autoptr(GPtrArray) given = consents_of (make_consent (1, CW_PHOTO_BY_PARENT_CARER,
                                                          2020, 1, 1), NULL);

  cw_photo_consent_set_written_consent (g_ptr_array_index (given, 0), FALSE);
  g_assert_cmpint (reasons_on (young, given, WEBSITE, 2023, 1, 1), ==,
                   CW_PHOTO_REASON_NOT_IN_WRITING);
}

static void
test_decide_birth_date_unknown (void)
{
  g_autoptr(CwChild) unknown = child_born (0, 0, 0, CW_DATE_UNKNOWN);
  g_autoptr(GPtrArray) given = consents_of (make_consent (1, CW_PHOTO_BY_PARENT_CARER,
                                                          2020, 1, 1),
                                            make_consent (1, CW_PHOTO_BY_CHILD, 2020, 1, 1),
                                            NULL);
  CwPhotoDecision decision;
  GDate on;

  set_date (&on, 2023, 1, 1);
  g_assert_false (cw_photo_consent_decide (unknown, given, WEBSITE, &on, &decision));
  g_assert_cmpint (decision.reasons, ==, CW_PHOTO_REASON_DATE_OF_BIRTH_UNKNOWN);
  g_assert_cmpint (decision.age, ==, -1);

  /* The other reasons are still given. */
  g_assert_cmpint (reasons_on (unknown, given, CW_PHOTO_PURPOSE_PRESS, 2023, 1, 1), ==,
                   CW_PHOTO_REASON_DATE_OF_BIRTH_UNKNOWN | CW_PHOTO_REASON_PURPOSE_REFUSED);
}

static void
test_decide_every_reason_and_naming (void)
{
  g_autoptr(CwChild) teen = child_born (2009, 1, 1, CW_DATE_EXACT);
  g_autoptr(GPtrArray) given = consents_of (make_consent (1, CW_PHOTO_BY_PARENT_CARER,
                                                          2020, 1, 1), NULL);
  CwPhotoConsent *consent = g_ptr_array_index (given, 0);
  g_auto(GStrv) sentences = NULL;
  CwPhotoDecision decision;
  GDate review, on;

  set_date (&review, 2022, 1, 1);
  cw_photo_consent_set_review_date (consent, &review);
  cw_photo_consent_set_written_consent (consent, FALSE);
  cw_photo_consent_set_never_publish (consent, TRUE);

  set_date (&on, 2023, 1, 1);
  g_assert_false (cw_photo_consent_decide (teen, given, CW_PHOTO_PURPOSE_PRESS, &on,
                                           &decision));
  g_assert_cmpint (decision.reasons, ==,
                   CW_PHOTO_REASON_PURPOSE_REFUSED | CW_PHOTO_REASON_EXPIRED |
                   CW_PHOTO_REASON_NOT_IN_WRITING | CW_PHOTO_REASON_NEVER_PUBLISH |
                   CW_PHOTO_REASON_CHILD_AGREEMENT_MISSING);

  sentences = cw_photo_decision_dup_sentences (&decision);
  g_assert_cmpuint (g_strv_length (sentences), ==, 5);
  g_assert_cmpstr (sentences[0], ==,
                   "For safeguarding reasons, images of this child must never be published.");
  g_assert_cmpstr (sentences[1], ==, "Consent for this purpose was refused.");

  /* The strictest naming rule of the consents used. */
  {
    g_autoptr(GPtrArray) both = consents_of (make_consent (1, CW_PHOTO_BY_PARENT_CARER,
                                                           2020, 1, 1),
                                             make_consent (1, CW_PHOTO_BY_CHILD, 2020, 1, 1),
                                             NULL);

    cw_photo_consent_decide (teen, both, WEBSITE, &on, &decision);
    g_assert_true (decision.allowed);
    g_assert_cmpint (decision.naming, ==, CW_PHOTO_NAMING_FIRST_NAME);

    cw_photo_consent_set_naming (g_ptr_array_index (both, 1), CW_PHOTO_NAMING_NO_NAME);
    cw_photo_consent_decide (teen, both, WEBSITE, &on, &decision);
    g_assert_cmpint (decision.naming, ==, CW_PHOTO_NAMING_NO_NAME);
  }

  for (guint p = 0; p < CW_PHOTO_PURPOSE_LAST; p++)
    {
      CwPhotoPurpose back;

      g_assert_true (cw_photo_purpose_from_id (cw_photo_purpose_get_id (p), &back));
      g_assert_cmpint (back, ==, p);
    }
}

/* The register ------------------------------------------------------------ */

static void
test_register_visibility (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  CwSession *session;
  gint64 pat_alpha, pat_charlie, dee_alpha;

  session = sign_in (fixture, "pat");
  pat_alpha = record_simple (session, child_alpha);
  pat_charlie = record_simple (session, child_charlie);
  {
    g_autoptr(CwPhotoConsentRegister) consents = cw_photo_consent_register_new (session);
    g_autoptr(CwPhotoConsent) bravo = make_consent (child_bravo, CW_PHOTO_BY_PARENT_CARER,
                                                    2022, 1, 1);

    g_assert_null (cw_photo_consent_register_record (consents, bravo, &error));
    g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
    g_clear_error (&error);
  }
  end_session (session);

  session = sign_in (fixture, "sam");
  record_simple (session, child_bravo);
  /* sam sees BRAVO's, and CHARLIE's (allocated to him), not ALPHA's. */
  g_assert_cmpint (count_visible (session), ==, 2);
  {
    g_autoptr(CwPhotoConsentRegister) consents = cw_photo_consent_register_new (session);
    g_autoptr(CwPhotoConsent) consent = NULL;

    consent = cw_photo_consent_register_load (consents, pat_alpha, 0, &error);
    g_assert_error (error, CW_PHOTO_CONSENT_ERROR, CW_PHOTO_CONSENT_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  end_session (session);

  /* The DSL records for anyone's child; pat then sees it through ALPHA. */
  session = sign_in (fixture, "dee");
  dee_alpha = record_simple (session, child_alpha);
  g_assert_cmpint (count_visible (session), ==, 4);
  end_session (session);

  session = sign_in (fixture, "pat");
  g_assert_cmpint (count_visible (session), ==, 3);
  {
    g_autoptr(CwPhotoConsentRegister) consents = cw_photo_consent_register_new (session);
    g_autoptr(CwPhotoConsent) consent = cw_photo_consent_register_load (consents, dee_alpha, 0,
                                                                        &error);

    g_assert_no_error (error);
    g_assert_cmpstr (cw_photo_consent_get_child_name (consent), ==,
                     CHILD_GIVEN " " CHILD_FAMILY);
    g_assert_cmpstr (cw_photo_consent_get_recorded_by_name (consent), ==, "Dee Lead");
  }
  end_session (session);

  /* mona: ALPHA's two (her team's child), and pat's CHARLIE record (her
   * team's record) without CHARLIE's name. */
  session = sign_in (fixture, "mona");
  g_assert_cmpint (count_visible (session), ==, 3);
  {
    g_autoptr(CwPhotoConsentRegister) consents = cw_photo_consent_register_new (session);
    g_autoptr(CwPhotoConsent) consent = cw_photo_consent_register_load (consents, pat_charlie,
                                                                        0, &error);

    g_assert_no_error (error);
    g_assert_null (cw_photo_consent_get_child_name (consent));
  }
  end_session (session);

  session = sign_in (fixture, "admin");
  g_assert_cmpint (count_visible (session), ==, 0);
  end_session (session);
}

static void
test_register_check (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  CwSession *session = sign_in (fixture, "pat");
  g_autoptr(CwPhotoConsentRegister) consents = cw_photo_consent_register_new (session);
  g_autoptr(CwPhotoConsent) consent = make_consent (child_alpha, CW_PHOTO_BY_PARENT_CARER,
                                                    2020, 1, 1);
  g_autoptr(CwPhotoConsent) stored = NULL;
  CwPhotoDecision decision;
  GDate on;

  cw_photo_consent_set_child_agreement (consent, CW_PHOTO_CHILD_AGREED);
  stored = record_consent (consents, consent);

  /* ALPHA is thirteen on 15 June 2023. */
  set_date (&on, 2024, 1, 1);
  g_assert_true (cw_photo_consent_register_check (consents, child_alpha, WEBSITE, &on,
                                                  &decision, &error));
  g_assert_no_error (error);
  g_assert_true (decision.allowed);
  g_assert_cmpint (decision.age, ==, 13);
  g_assert_cmpint (decision.naming, ==, CW_PHOTO_NAMING_FIRST_NAME);
  g_assert_true (audit_has (session, "photo-consent-check|child|%" G_GINT64_FORMAT
                            "|website: allowed", child_alpha));

  g_assert_true (cw_photo_consent_register_check (consents, child_alpha,
                                                  CW_PHOTO_PURPOSE_PRESS, &on, &decision,
                                                  &error));
  g_assert_no_error (error);
  g_assert_false (decision.allowed);
  g_assert_cmpint (decision.reasons, ==, CW_PHOTO_REASON_PURPOSE_REFUSED);
  g_assert_true (audit_has (session, "photo-consent-check|child|%" G_GINT64_FORMAT
                            "|press: not allowed (purpose-refused)", child_alpha));

  /* CHARLIE's date of birth is unknown. */
  g_assert_true (cw_photo_consent_register_check (consents, child_charlie, WEBSITE, &on,
                                                  &decision, &error));
  g_assert_no_error (error);
  g_assert_cmpint (decision.reasons, ==,
                   CW_PHOTO_REASON_DATE_OF_BIRTH_UNKNOWN | CW_PHOTO_REASON_NO_CONSENT);

  /* No child's name in the audit log. */
  g_assert_false (audit_mentions (session, CHILD_GIVEN));
  g_assert_false (audit_mentions (session, CHILD_FAMILY));
  end_session (session);

  session = sign_in (fixture, "sam");
  {
    g_autoptr(CwPhotoConsentRegister) theirs = cw_photo_consent_register_new (session);

    g_assert_false (cw_photo_consent_register_check (theirs, child_alpha, WEBSITE, &on,
                                                     &decision, &error));
    g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
    g_clear_error (&error);
  }
  end_session (session);
}

static void
test_register_withdraw_reviews (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  CwSession *session = sign_in (fixture, "pat");
  gint64 consent_id;
  GDate before, due, withdrawn_on;

  set_date (&before, 2023, 12, 31);
  set_date (&due, 2024, 1, 1);
  set_date (&withdrawn_on, 2023, 5, 1);

  {
    g_autoptr(CwPhotoConsentRegister) consents = cw_photo_consent_register_new (session);
    g_autoptr(CwPhotoConsent) consent = make_consent (child_alpha, CW_PHOTO_BY_PARENT_CARER,
                                                      2020, 1, 1);
    g_autoptr(CwPhotoConsent) stored = NULL;

    cw_photo_consent_set_review_date (consent, &due);
    stored = record_consent (consents, consent);
    consent_id = cw_photo_consent_get_id (stored);
  }
  end_session (session);

  /* Reviews due, on the DSL's and the manager's lists; not on sam's. */
  {
    const char *who[] = { "dee", "mona", "sam" };
    gint64 expected[] = { 1, 1, 0 };

    for (guint i = 0; i < G_N_ELEMENTS (who); i++)
      {
        g_autoptr(CwPhotoConsentRegister) consents = NULL;

        session = sign_in (fixture, who[i]);
        consents = cw_photo_consent_register_new (session);
        g_assert_cmpint (cw_photo_consent_register_count_reviews_due (consents, &before), ==, 0);
        g_assert_cmpint (cw_photo_consent_register_count_reviews_due (consents, &due), ==,
                         expected[i]);
        g_assert_cmpint (cw_photo_consent_register_count_withdrawn (consents), ==, 0);
        g_clear_object (&consents);
        end_session (session);
      }
  }

  session = sign_in (fixture, "pat");
  {
    g_autoptr(CwPhotoConsentRegister) consents = cw_photo_consent_register_new (session);
    g_autoptr(CwPhotoConsent) withdrawn = NULL;
    g_autoptr(CwPhotoConsent) again = NULL;
    CwPhotoDecision decision;
    GDate on;

    /* Who withdrew it must be said. */
    g_assert_null (cw_photo_consent_register_withdraw (consents, consent_id, &withdrawn_on, "",
                                                       "", &error));
    g_assert_error (error, CW_PHOTO_CONSENT_ERROR, CW_PHOTO_CONSENT_ERROR_INVALID);
    g_clear_error (&error);

    withdrawn = cw_photo_consent_register_withdraw (consents, consent_id, &withdrawn_on,
                                                    "Mother, by phone",
                                                    "Photos taken off the website", &error);
    g_assert_no_error (error);
    g_assert_nonnull (withdrawn);
    g_assert_cmpint (cw_photo_consent_get_version (withdrawn), ==, 2);
    g_assert_cmpint (g_date_compare (cw_photo_consent_get_withdrawn_on (withdrawn),
                                     &withdrawn_on), ==, 0);
    g_assert_cmpstr (cw_photo_consent_get_withdrawn_by (withdrawn), ==, "Mother, by phone");
    g_assert_cmpstr (cw_photo_consent_get_withdrawal_action (withdrawn), ==,
                     "Photos taken off the website");
    g_assert_cmpstr (cw_photo_consent_get_correction_reason (withdrawn), ==,
                     "Consent withdrawn.");

    again = cw_photo_consent_register_withdraw (consents, consent_id, &withdrawn_on, "Mother",
                                                "", &error);
    g_assert_error (error, CW_PHOTO_CONSENT_ERROR, CW_PHOTO_CONSENT_ERROR_STATE);
    g_clear_error (&error);

    /* ALPHA is twelve on 1 June 2023: consent withdrawn. */
    set_date (&on, 2023, 6, 1);
    g_assert_true (cw_photo_consent_register_check (consents, child_alpha, WEBSITE, &on,
                                                    &decision, &error));
    g_assert_no_error (error);
    g_assert_cmpint (decision.reasons, ==, CW_PHOTO_REASON_WITHDRAWN);
    set_date (&on, 2023, 4, 30);
    g_assert_true (cw_photo_consent_register_check (consents, child_alpha, WEBSITE, &on,
                                                    &decision, &error));
    g_assert_true (decision.allowed);

    g_assert_true (audit_has (session, "photo-consent-withdraw|photo-consent|%" G_GINT64_FORMAT
                              "|version 2", consent_id));
  }
  end_session (session);

  session = sign_in (fixture, "dee");
  {
    g_autoptr(CwPhotoConsentRegister) consents = cw_photo_consent_register_new (session);
    CwPhotoConsentFilter filter;

    g_assert_cmpint (cw_photo_consent_register_count_withdrawn (consents), ==, 1);
    /* A withdrawn consent is no longer due for review. */
    g_assert_cmpint (cw_photo_consent_register_count_reviews_due (consents, &due), ==, 0);

    cw_photo_consent_filter_init (&filter);
    filter.withdrawn_only = TRUE;
    {
      g_autoptr(GListModel) model = cw_photo_consent_register_list (consents, &filter);
      g_autoptr(CwPhotoConsent) item = g_list_model_get_item (model, 0);

      g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
      g_assert_cmpint (cw_photo_consent_get_id (item), ==, consent_id);
      g_assert_cmpint (cw_photo_consent_get_version (item), ==, 2);
    }
  }
  end_session (session);
}

static void
test_register_manager_consent (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  CwSession *session = sign_in (fixture, "pat");
  CwPhotoDecision decision;
  gint64 consent_id;
  GDate on;

  set_date (&on, 2023, 1, 1);

  {
    g_autoptr(CwPhotoConsentRegister) consents = cw_photo_consent_register_new (session);
    g_autoptr(CwPhotoConsent) consent = make_consent (child_alpha, CW_PHOTO_BY_PARENT_CARER,
                                                      2020, 1, 1);
    g_autoptr(CwPhotoConsent) stored = NULL;
    g_autoptr(CwPhotoConsent) refused = NULL;

    cw_photo_consent_set_permission (consent, CW_PHOTO_PURPOSE_PROMOTIONAL, CW_PHOTO_GRANTED);
    stored = record_consent (consents, consent);
    consent_id = cw_photo_consent_get_id (stored);

    g_assert_true (cw_photo_consent_register_check (consents, child_alpha,
                                                    CW_PHOTO_PURPOSE_PROMOTIONAL, &on,
                                                    &decision, &error));
    g_assert_cmpint (decision.reasons, ==, CW_PHOTO_REASON_MANAGER_CONSENT_MISSING);

    refused = cw_photo_consent_register_give_manager_consent (consents, consent_id, &error);
    g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
    g_assert_null (refused);
    g_clear_error (&error);
  }
  end_session (session);

  session = sign_in (fixture, "mona");
  {
    g_autoptr(CwPhotoConsentRegister) consents = cw_photo_consent_register_new (session);
    g_autoptr(CwPhotoConsent) given = NULL;
    g_autoptr(CwPhotoConsent) twice = NULL;

    given = cw_photo_consent_register_give_manager_consent (consents, consent_id, &error);
    g_assert_no_error (error);
    g_assert_cmpint (cw_photo_consent_get_version (given), ==, 2);
    g_assert_cmpint (cw_photo_consent_get_manager_consent_by (given), ==, id_of ("mona"));
    g_assert_cmpstr (cw_photo_consent_get_manager_consent_name (given), ==, "Mona Manager");
    g_assert_cmpint (cw_photo_consent_get_manager_consent_at (given), >, 0);

    twice = cw_photo_consent_register_give_manager_consent (consents, consent_id, &error);
    g_assert_error (error, CW_PHOTO_CONSENT_ERROR, CW_PHOTO_CONSENT_ERROR_STATE);
    g_clear_error (&error);

    g_assert_true (cw_photo_consent_register_check (consents, child_alpha,
                                                    CW_PHOTO_PURPOSE_PROMOTIONAL, &on,
                                                    &decision, &error));
    g_assert_true (decision.allowed);
  }
  end_session (session);

  /* A correction needs the manager's consent again. */
  session = sign_in (fixture, "pat");
  {
    g_autoptr(CwPhotoConsentRegister) consents = cw_photo_consent_register_new (session);
    g_autoptr(CwPhotoConsent) current = cw_photo_consent_register_load (consents, consent_id, 0,
                                                                        &error);
    g_autoptr(CwPhotoConsent) changed = NULL;
    g_autoptr(CwPhotoConsent) corrected = NULL;

    g_assert_no_error (error);
    changed = cw_photo_consent_copy (current);
    cw_photo_consent_set_form_reference (changed, "F-2");
    corrected = cw_photo_consent_register_correct (consents, consent_id, changed,
                                                   "Wrong form number", &error);
    g_assert_no_error (error);
    g_assert_cmpint (cw_photo_consent_get_version (corrected), ==, 3);
    g_assert_cmpint (cw_photo_consent_get_manager_consent_by (corrected), ==, 0);
    g_assert_cmpstr (cw_photo_consent_get_form_reference (corrected), ==, "F-2");

    g_assert_true (cw_photo_consent_register_check (consents, child_alpha,
                                                    CW_PHOTO_PURPOSE_PROMOTIONAL, &on,
                                                    &decision, &error));
    g_assert_cmpint (decision.reasons, ==, CW_PHOTO_REASON_MANAGER_CONSENT_MISSING);
  }
  end_session (session);
}

static void
test_register_versions_validation (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  CwSession *session = sign_in (fixture, "pat");
  g_autoptr(CwPhotoConsentRegister) consents = cw_photo_consent_register_new (session);
  g_autofree char *sql = NULL;
  gint64 consent_id = record_simple (session, child_alpha);
  const char *what[] = { "no consenter", "written without form", "review before given",
                         "withdrawn by without date", "future", "no child" };

  /* No version ever changes, even the newest; nothing is deleted. */
  sql = g_strdup_printf ("UPDATE photo_consent_versions SET never_publish = 0 "
                         "WHERE consent_id = %" G_GINT64_FORMAT, consent_id);
  g_assert_false (cw_database_exec (cw_session_get_database (session), sql, &error));
  g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_REFUSED);
  g_clear_error (&error);
  g_free (sql);
  sql = g_strdup_printf ("DELETE FROM photo_consents WHERE id = %" G_GINT64_FORMAT, consent_id);
  g_assert_false (cw_database_exec (cw_session_get_database (session), sql, &error));
  g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_REFUSED);
  g_clear_error (&error);

  /* Corrections: with a reason, on the same child, as a new version. */
  {
    g_autoptr(CwPhotoConsent) changed = make_consent (child_alpha, CW_PHOTO_BY_PARENT_CARER,
                                                      2022, 1, 1);
    g_autoptr(CwPhotoConsent) moved = make_consent (child_charlie, CW_PHOTO_BY_PARENT_CARER,
                                                    2022, 1, 1);
    g_autoptr(CwPhotoConsent) corrected = NULL;
    g_autoptr(GPtrArray) versions = NULL;

    cw_photo_consent_set_permission (changed, WEBSITE, CW_PHOTO_REFUSED);
    g_assert_null (cw_photo_consent_register_correct (consents, consent_id, changed, "",
                                                      &error));
    g_assert_error (error, CW_PHOTO_CONSENT_ERROR, CW_PHOTO_CONSENT_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_null (cw_photo_consent_register_correct (consents, consent_id, moved, "Moved",
                                                      &error));
    g_assert_error (error, CW_PHOTO_CONSENT_ERROR, CW_PHOTO_CONSENT_ERROR_INVALID);
    g_clear_error (&error);

    corrected = cw_photo_consent_register_correct (consents, consent_id, changed,
                                                   "Mother ticked no for the website", &error);
    g_assert_no_error (error);
    g_assert_cmpint (cw_photo_consent_get_version (corrected), ==, 2);

    versions = cw_photo_consent_register_list_versions (consents, consent_id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (versions->len, ==, 2);
    g_assert_cmpint (cw_photo_consent_get_permission (g_ptr_array_index (versions, 0), WEBSITE),
                     ==, CW_PHOTO_GRANTED);
    g_assert_cmpint (cw_photo_consent_get_permission (g_ptr_array_index (versions, 1), WEBSITE),
                     ==, CW_PHOTO_REFUSED);
    g_assert_true (audit_has (session, "photo-consent-correct|photo-consent|%" G_GINT64_FORMAT
                              "|version 2", consent_id));
  }

  for (guint i = 0; i < G_N_ELEMENTS (what); i++)
    {
      g_autoptr(CwPhotoConsent) consent = make_consent (child_alpha, CW_PHOTO_BY_PARENT_CARER,
                                                        2022, 1, 1);
      g_autoptr(CwPhotoConsent) stored = NULL;
      GDate date;

      switch (i)
        {
        case 0:
          cw_photo_consent_set_consenter_name (consent, "");
          break;
        case 1:
          cw_photo_consent_set_form_reference (consent, "");
          break;
        case 2:
          set_date (&date, 2021, 12, 31);
          cw_photo_consent_set_review_date (consent, &date);
          break;
        case 3:
          cw_photo_consent_set_withdrawn_by (consent, "Mother");
          break;
        case 4:
          set_date (&date, 2999, 1, 1);
          cw_photo_consent_set_date_given (consent, &date);
          break;
        case 5:
          cw_photo_consent_set_child_id (consent, 0);
          break;
        default:
          g_assert_not_reached ();
        }

      stored = cw_photo_consent_register_record (consents, consent, &error);
      g_test_message ("%s: %s", what[i], error != NULL ? error->message : "stored");
      g_assert_error (error, CW_PHOTO_CONSENT_ERROR, CW_PHOTO_CONSENT_ERROR_INVALID);
      g_assert_null (stored);
      g_clear_error (&error);
    }

  g_assert_cmpint (cw_photo_consent_register_count (consents, NULL), ==, 1);
  end_session (session);
}

/* Deep pages ------------------------------------------------------------- */

/* A manager's, two practitioners' and the DSL's lists with never-publish,
 * review, child and date filters, read in small pages from deep
 * positions, give the rows and order a plain query gives: consents of
 * children they may see or recorded by them or their team, newest first,
 * ties by id. */
static void
test_register_deep_pages (Fixture       *fixture,
                          gconstpointer  user_data)
{
  const struct { const char *who; gint64 *children[3]; guint n_children; } people[] = {
    { "pat", { &child_alpha, &child_charlie }, 2 },
    { "sam", { &child_bravo, &child_charlie }, 2 },
    { "mona", { &child_alpha }, 1 },
    { "dee", { &child_alpha, &child_bravo, &child_charlie }, 3 },
  };
  /* mona: her 9, pat's 9 (her team's records, CHARLIE's too) and dee's 3
   * for ALPHA (her team's child); pat: his 9, ALPHA's 12 and CHARLIE's 7
   * (shared with him); sam: his 9, BRAVO's 3 and CHARLIE's 7. */
  const struct { const char *who; guint n_all; } viewers[] = {
    { "mona", 21 }, { "pat", 28 }, { "sam", 19 }, { "dee", 36 },
  };
  CwSession *session;

  for (guint p = 0; p < G_N_ELEMENTS (people); p++)
    {
      session = sign_in (fixture, people[p].who);
      {
        g_autoptr(CwPhotoConsentRegister) consents = cw_photo_consent_register_new (session);

        for (guint i = 0; i < 9; i++)
          {
            /* Three months, two days each: many ties, ordered by id. */
            gint64 child = *people[p].children[i % people[p].n_children];
            g_autoptr(CwPhotoConsent) consent = make_consent (child, CW_PHOTO_BY_PARENT_CARER,
                                                              2022, 1 + (i * 5 + p) % 3,
                                                              1 + (i % 2) * 14);
            g_autoptr(CwPhotoConsent) stored = NULL;
            GDate review;

            set_date (&review, 2023, 1 + i % 4, 1);
            cw_photo_consent_set_review_date (consent, &review);
            if ((i + p) % 3 == 1)
              {
                cw_photo_consent_set_never_publish (consent, TRUE);
                cw_photo_consent_set_permission (consent, CW_PHOTO_PURPOSE_WEBSITE,
                                                 CW_PHOTO_REFUSED);
              }
            stored = record_consent (consents, consent);
          }
      }
      end_session (session);
    }

  for (guint v = 0; v < G_N_ELEMENTS (viewers); v++)
    {
      gint64 me = id_of (viewers[v].who);
      gboolean all = g_str_equal (viewers[v].who, "dee");

      session = sign_in (fixture, viewers[v].who);
      for (guint f = 0; f < 6; f++)
        {
          g_autoptr(CwPhotoConsentRegister) consents = cw_photo_consent_register_new (session);
          g_autoptr(GListModel) model = NULL;
          g_autoptr(GArray) expected = NULL;
          g_autofree char *condition = NULL;
          g_autofree char *sql = NULL;
          CwPhotoConsentFilter filter;

          cw_photo_consent_filter_init (&filter);
          switch (f)
            {
            case 0:
              condition = g_strdup ("1");
              break;
            case 1:
              filter.never_publish_only = TRUE;
              condition = g_strdup ("v.never_publish = 1");
              break;
            case 2:
              filter.child_id = child_alpha;
              condition = g_strdup_printf ("p.child_id = %" G_GINT64_FORMAT, child_alpha);
              break;
            case 3:
              set_date (&filter.from, 2022, 2, 1);
              set_date (&filter.to, 2022, 3, 1);
              condition = g_strdup ("v.date_given BETWEEN '2022-02-01' AND '2022-03-01'");
              break;
            case 4:
              set_date (&filter.review_due_on, 2023, 2, 1);
              condition = g_strdup ("v.withdrawn_on = '' AND v.review_date <> '' "
                                    "AND v.review_date <= '2023-02-01'");
              break;
            default:
              filter.never_publish_only = TRUE;
              set_date (&filter.from, 2022, 2, 1);
              condition = g_strdup ("v.never_publish = 1 AND v.date_given >= '2022-02-01'");
              break;
            }

          sql = g_strdup_printf ("SELECT p.id FROM photo_consents p JOIN photo_consent_versions v "
                                 "ON v.consent_id = p.id AND v.version = p.current_version "
                                 "JOIN staff r ON r.id = p.recorded_by "
                                 "JOIN children c ON c.id = p.child_id "
                                 "LEFT JOIN staff w ON w.id = c.allocated_worker_id "
                                 "WHERE %s AND %s ORDER BY v.date_given DESC, p.id DESC",
                                 all ? "?1 > 0"
                                     : "(p.recorded_by = ?1 OR r.line_manager_id = ?1 "
                                       "OR c.allocated_worker_id = ?1 OR w.line_manager_id = ?1 "
                                       "OR EXISTS (SELECT 1 FROM child_shares h "
                                       "WHERE h.child_id = c.id AND h.staff_id = ?1))",
                                 condition);
          expected = reference_ids (session, sql, me);
          /* sam sees no row of ALPHA's; every other list has rows. */
          if (f == 0)
            g_assert_cmpuint (expected->len, ==, viewers[v].n_all);
          else if (g_str_equal (viewers[v].who, "sam") && filter.child_id == child_alpha)
            g_assert_cmpuint (expected->len, ==, 0);
          else
            g_assert_cmpuint (expected->len, >, 0);

          g_test_message ("%s, filter %u: %u rows", viewers[v].who, f, expected->len);
          model = cw_photo_consent_register_list (consents, &filter);
          assert_pages (model, expected, (RegisterItemId) cw_photo_consent_get_id);
          g_assert_cmpint (cw_photo_consent_register_count (consents, &filter), ==,
                           expected->len);
        }
      end_session (session);
    }
}

static void
test_register_export (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  CwSession *session = sign_in (fixture, "pat");
  gint64 consent_id;

  {
    g_autoptr(CwPhotoConsentRegister) consents = cw_photo_consent_register_new (session);
    g_autoptr(CwPhotoConsent) consent = make_consent (child_alpha, CW_PHOTO_BY_PARENT_CARER,
                                                      2022, 1, 1);
    g_autoptr(CwPhotoConsent) stored = NULL;

    cw_photo_consent_set_consenter_name (consent, "@SUM(A1) " DISTINCTIVE_FAMILY);
    cw_photo_consent_set_never_publish (consent, TRUE);
    stored = record_consent (consents, consent);
    consent_id = cw_photo_consent_get_id (stored);
    record_simple (session, child_charlie);
  }
  end_session (session);

  session = sign_in (fixture, "dee");
  {
    g_autoptr(CwPhotoConsentRegister) consents = cw_photo_consent_register_new (session);
    g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
    g_autoptr(GPtrArray) rows = NULL;
    g_autofree char *text = NULL;
    g_autofree char *expected_audit = NULL;
    CwPhotoConsentFilter filter;
    guint64 n_rows = 0;
    gsize len;

    cw_photo_consent_filter_init (&filter);
    filter.child_id = child_alpha;

    g_assert_false (cw_register_export_photo_consents (consents, &filter, NULL, memory,
                                                       &n_rows, NULL, &error));
    g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_WRONG_PASSWORD);
    g_clear_error (&error);

    g_assert_true (cw_register_export_photo_consents (consents, &filter, STAFF_PASSWORD,
                                                      memory, &n_rows, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n_rows, ==, 1);
    g_assert_true (g_output_stream_close (memory, NULL, &error));

    len = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (memory));
    text = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (memory)), len);
    rows = parse_csv (text + 3);
    g_assert_cmpuint (rows->len, ==, 2);
    assert_cell_id (rows, 1, column (rows, "Reference"), consent_id);
    g_assert_cmpstr (cell (rows, 1, column (rows, "Child")), ==, CHILD_GIVEN " " CHILD_FAMILY);
    g_assert_cmpstr (cell (rows, 1, column (rows, "Consent given by")), ==,
                     "'@SUM(A1) " DISTINCTIVE_FAMILY);
    g_assert_cmpstr (cell (rows, 1, column (rows, "Website")), ==, "Granted");
    g_assert_cmpstr (cell (rows, 1, column (rows, "Press")), ==, "Refused");
    g_assert_cmpstr (cell (rows, 1, column (rows, "Promotional material")), ==, "Not asked");
    g_assert_cmpstr (cell (rows, 1, column (rows, "Naming")), ==, "First name only");
    g_assert_cmpstr (cell (rows, 1, column (rows, "Never publish")), ==, "Yes");
    g_assert_cmpstr (cell (rows, 1, column (rows, "Date given")), ==, "2022-01-01");
    g_assert_cmpstr (cell (rows, 1, column (rows, "Recorded by")), ==, "Pat Practitioner");

    expected_audit = g_strdup_printf ("export|photo-consent-register||1 rows; child %"
                                      G_GINT64_FORMAT, child_alpha);
    g_assert_true (audit_has (session, "%s", expected_audit));
    g_assert_false (audit_mentions (session, DISTINCTIVE_FAMILY));
    g_assert_false (audit_mentions (session, CHILD_GIVEN));
  }
  end_session (session);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_assert_true (cw_secure_init ());
  register_test_use_birth_dates ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/photo-consent/decide/age-rules", test_decide_age_rules);
  g_test_add_func ("/photo-consent/decide/approximate-age", test_decide_approximate_age);
  g_test_add_func ("/photo-consent/decide/no-consent", test_decide_no_consent);
  g_test_add_func ("/photo-consent/decide/purpose-refused", test_decide_purpose_refused);
  g_test_add_func ("/photo-consent/decide/expired", test_decide_expired);
  g_test_add_func ("/photo-consent/decide/withdrawn", test_decide_withdrawn);
  g_test_add_func ("/photo-consent/decide/never-publish", test_decide_never_publish);
  g_test_add_func ("/photo-consent/decide/manager", test_decide_manager);
  g_test_add_func ("/photo-consent/decide/not-in-writing", test_decide_not_in_writing);
  g_test_add_func ("/photo-consent/decide/birth-date-unknown", test_decide_birth_date_unknown);
  g_test_add_func ("/photo-consent/decide/every-reason-naming",
                   test_decide_every_reason_and_naming);
  ADD ("/photo-consent/register/visibility", test_register_visibility);
  ADD ("/photo-consent/register/check", test_register_check);
  ADD ("/photo-consent/register/withdraw-reviews", test_register_withdraw_reviews);
  ADD ("/photo-consent/register/manager-consent", test_register_manager_consent);
  ADD ("/photo-consent/register/versions-validation", test_register_versions_validation);
  ADD ("/photo-consent/register/deep-pages", test_register_deep_pages);
  ADD ("/photo-consent/register/export", test_register_export);

#undef ADD

  status = g_test_run ();

  register_test_clean_up ();

  return status;
}
