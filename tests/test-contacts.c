/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "cw-child-repository.h"
#include "cw-contact-register.h"
#include "cw-database-private.h"
#include "cw-entry-repository.h"
#include "cw-key.h"
#include "cw-register-export.h"
#include "cw-session.h"
#include "cw-sql-list-model-private.h"
#include "cw-register-test-util.h"
#include "cw-test-util.h"

/*
 * The contact register: the flag rules as pure functions (working hours,
 * out of hours, who started it, personal devices, approval of social
 * contact), then the register, reviews and approvals against a real
 * SQLCipher file. The fixture
 * (template database, staff, children) is described in
 * cw-register-test-util.h.
 */

/* Monday 10 March 2025, and the weekend after. */
#define MONDAY    2025, 3, 10
#define SATURDAY  2025, 3, 15
#define SUNDAY    2025, 3, 16

static CwContactRecord *
make_contact (int    year,
              int    month,
              int    day,
              int    hour,
              int    minute,
              gint64 child_id)
{
  CwContactRecord *record = cw_contact_record_new ();
  GDate date;

  set_date (&date, year, month, day);
  cw_contact_record_set_date (record, &date);
  cw_contact_record_set_time (record, hour, minute);
  cw_contact_record_set_child_id (record, child_id);
  cw_contact_record_set_other_party_kind (record, CW_CONTACT_PARTY_PARENT_CARER);
  cw_contact_record_set_other_party_name (record, "Jo Smith");
  cw_contact_record_set_channel (record, CW_CONTACT_CHANNEL_PHONE_CALL);
  cw_contact_record_set_device (record, CW_CONTACT_DEVICE_WORK);
  cw_contact_record_set_initiator (record, CW_CONTACT_STARTED_BY_PARENT);
  cw_contact_record_set_planned (record, FALSE);
  cw_contact_record_set_purpose (record, CW_CONTACT_PURPOSE_WORK);
  cw_contact_record_set_summary (record, "Talked about the school run.");

  return record;
}

static CwContactRecord *
record_contact (CwContactRegister *contacts,
                CwContactRecord   *record)
{
  g_autoptr(GError) error = NULL;
  CwContactRecord *stored = cw_contact_register_record (contacts, record, &error);

  g_assert_no_error (error);
  g_assert_nonnull (stored);
  g_assert_cmpint (cw_contact_record_get_id (stored), >, 0);

  return stored;
}

static gint64
record_simple (CwSession *session)
{
  g_autoptr(CwContactRegister) contacts = cw_contact_register_new (session);
  g_autoptr(CwContactRecord) record = make_contact (MONDAY, 10, 0, 0);
  g_autoptr(CwContactRecord) stored = record_contact (contacts, record);

  return cw_contact_record_get_id (stored);
}

static CwContactApproval *
make_approval (CwApprovalStatus status,
               gint64           staff_id,
               gint64           child_id,
               int              year,
               int              month,
               int              day)
{
  CwContactApproval *approval = cw_contact_approval_new ();
  g_autoptr(GDateTime) decided = g_date_time_new_local (year, month, day, 12, 0, 0);

  cw_contact_approval_set_status (approval, status);
  cw_contact_approval_set_staff_id (approval, staff_id);
  cw_contact_approval_set_child_id (approval, child_id);
  if (status != CW_APPROVAL_PENDING)
    cw_contact_approval_set_decided_at (approval, g_date_time_to_unix (decided));

  return approval;
}

static char *
visible_ids (CwSession             *session,
             const CwContactFilter *filter)
{
  g_autoptr(CwContactRegister) contacts = cw_contact_register_new (session);
  g_autoptr(GListModel) model = cw_contact_register_list (contacts, filter);
  g_autoptr(GString) text = g_string_new ("");
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CwContactRecord) record = g_list_model_get_item (model, i);

      g_assert_nonnull (record);
      if (i > 0)
        g_string_append_c (text, ',');
      g_string_append_printf (text, "%" G_GINT64_FORMAT, cw_contact_record_get_id (record));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Pure rules ------------------------------------------------------------- */

static void
test_rule_working_hours (void)
{
  CwWorkingHours hours;
  GDate monday, saturday, sunday;

  set_date (&monday, MONDAY);
  set_date (&saturday, SATURDAY);
  set_date (&sunday, SUNDAY);

  g_assert_true (cw_working_hours_parse (&hours, "08:00", "18:00", "1,2,3,4,5"));
  g_assert_cmpint (hours.start_minute, ==, 8 * 60);
  g_assert_cmpint (hours.end_minute, ==, 18 * 60);

  /* The edges: 08:00 and 17:59 are in hours, 07:59 and 18:00 are not. */
  g_assert_false (cw_working_hours_contains (&hours, &monday, 7, 59));
  g_assert_true (cw_working_hours_contains (&hours, &monday, 8, 0));
  g_assert_true (cw_working_hours_contains (&hours, &monday, 17, 59));
  g_assert_false (cw_working_hours_contains (&hours, &monday, 18, 0));
  g_assert_false (cw_working_hours_contains (&hours, &monday, 0, 0));

  /* Weekends. */
  g_assert_false (cw_working_hours_contains (&hours, &saturday, 10, 0));
  g_assert_false (cw_working_hours_contains (&hours, &sunday, 10, 0));

  /* The organisation's own hours and days. */
  g_assert_true (cw_working_hours_parse (&hours, "09:30", "17:00", "1,2,3,4,5,6"));
  g_assert_true (cw_working_hours_contains (&hours, &saturday, 10, 0));
  g_assert_false (cw_working_hours_contains (&hours, &sunday, 10, 0));
  g_assert_false (cw_working_hours_contains (&hours, &monday, 9, 29));
  g_assert_true (cw_working_hours_contains (&hours, &monday, 9, 30));
  g_assert_false (cw_working_hours_contains (&hours, &monday, 17, 0));

  /* Unreadable settings fall back to Monday to Friday, 08:00–18:00. */
  g_assert_false (cw_working_hours_parse (&hours, "25:00", "18:00", "1,2,8"));
  g_assert_cmpint (hours.start_minute, ==, 8 * 60);
  g_assert_false (cw_working_hours_contains (&hours, &saturday, 10, 0));
  g_assert_true (cw_working_hours_contains (&hours, &monday, 10, 0));
}

static void
test_rule_out_of_hours (void)
{
  CwWorkingHours hours;
  struct
  {
    int                y, m, d, hour, minute;
    CwContactInitiator initiator;
    CwContactFlags     expected;
  } cases[] = {
    { MONDAY, 10, 0, CW_CONTACT_STARTED_BY_STAFF, CW_CONTACT_FLAG_NONE },
    { MONDAY, 8, 0, CW_CONTACT_STARTED_BY_STAFF, CW_CONTACT_FLAG_NONE },
    { MONDAY, 17, 59, CW_CONTACT_STARTED_BY_STAFF, CW_CONTACT_FLAG_NONE },
    { MONDAY, 7, 59, CW_CONTACT_STARTED_BY_STAFF,
      CW_CONTACT_FLAG_OUT_OF_HOURS | CW_CONTACT_FLAG_STAFF_OUT_OF_HOURS },
    { MONDAY, 18, 0, CW_CONTACT_STARTED_BY_STAFF,
      CW_CONTACT_FLAG_OUT_OF_HOURS | CW_CONTACT_FLAG_STAFF_OUT_OF_HOURS },
    { MONDAY, 18, 0, CW_CONTACT_STARTED_BY_CHILD, CW_CONTACT_FLAG_OUT_OF_HOURS },
    { MONDAY, 22, 30, CW_CONTACT_STARTED_BY_PARENT, CW_CONTACT_FLAG_OUT_OF_HOURS },
    { SATURDAY, 11, 0, CW_CONTACT_STARTED_BY_STAFF,
      CW_CONTACT_FLAG_OUT_OF_HOURS | CW_CONTACT_FLAG_STAFF_OUT_OF_HOURS },
    { SUNDAY, 11, 0, CW_CONTACT_STARTED_BY_OTHER, CW_CONTACT_FLAG_OUT_OF_HOURS },
  };

  cw_working_hours_init_default (&hours);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CwContactRecord) record = make_contact (cases[i].y, cases[i].m, cases[i].d,
                                                        cases[i].hour, cases[i].minute, 1);
      CwContactFlags flags;

      cw_contact_record_set_initiator (record, cases[i].initiator);
      flags = cw_contact_compute_flags (record, &hours, NULL);
      g_test_message ("case %u", i);
      /* Unreviewed until someone reviews it. */
      g_assert_cmpint (flags, ==, cases[i].expected | CW_CONTACT_FLAG_NOT_REVIEWED);

      cw_contact_record_set_reviewed_at (record, 1700000000);
      cw_contact_record_set_reviewed_by (record, 3);
      g_assert_cmpint (cw_contact_compute_flags (record, &hours, NULL), ==, cases[i].expected);
    }
}

static void
test_rule_personal_device (void)
{
  g_autoptr(CwContactRecord) record = make_contact (MONDAY, 10, 0, 1);

  cw_contact_record_set_reviewed_at (record, 1700000000);
  g_assert_cmpint (cw_contact_compute_flags (record, NULL, NULL), ==, CW_CONTACT_FLAG_NONE);

  cw_contact_record_set_device (record, CW_CONTACT_DEVICE_PERSONAL);
  g_assert_cmpint (cw_contact_compute_flags (record, NULL, NULL), ==,
                   CW_CONTACT_FLAG_PERSONAL_DEVICE);

  cw_contact_record_set_channel (record, CW_CONTACT_CHANNEL_IN_PERSON);
  cw_contact_record_set_device (record, CW_CONTACT_DEVICE_NONE);
  g_assert_cmpint (cw_contact_compute_flags (record, NULL, NULL), ==, CW_CONTACT_FLAG_NONE);
}

static void
test_rule_social_approval (void)
{
  g_autoptr(CwContactRecord) record = make_contact (MONDAY, 10, 0, 5);
  struct
  {
    CwApprovalStatus status;
    gint64           staff_id;
    gint64           child_id;
    int              y, m, d;      /* decided */
    gboolean         covers;
  } cases[] = {
    { CW_APPROVAL_APPROVED, 2, 5, 2025, 3, 9, TRUE },     /* the day before */
    { CW_APPROVAL_APPROVED, 2, 5, 2025, 3, 10, TRUE },    /* the same day */
    { CW_APPROVAL_APPROVED, 2, 0, 2025, 3, 1, TRUE },     /* no child named */
    { CW_APPROVAL_APPROVED, 2, 5, 2025, 3, 11, FALSE },   /* after the contact */
    { CW_APPROVAL_PENDING, 2, 5, 2025, 3, 9, FALSE },
    { CW_APPROVAL_DECLINED, 2, 5, 2025, 3, 9, FALSE },
    { CW_APPROVAL_APPROVED, 9, 5, 2025, 3, 9, FALSE },    /* someone else's */
    { CW_APPROVAL_APPROVED, 2, 6, 2025, 3, 9, FALSE },    /* another child */
  };

  cw_contact_record_set_staff_id (record, 2);
  cw_contact_record_set_reviewed_at (record, 1700000000);

  /* Work contact needs no approval. */
  g_assert_cmpint (cw_contact_compute_flags (record, NULL, NULL), ==, CW_CONTACT_FLAG_NONE);

  cw_contact_record_set_purpose (record, CW_CONTACT_PURPOSE_SOCIAL);
  cw_contact_record_set_planned (record, TRUE);
  g_assert_cmpint (cw_contact_compute_flags (record, NULL, NULL), ==,
                   CW_CONTACT_FLAG_UNAPPROVED_SOCIAL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CwContactApproval) approval = make_approval (cases[i].status, cases[i].staff_id,
                                                             cases[i].child_id, cases[i].y,
                                                             cases[i].m, cases[i].d);

      g_test_message ("case %u", i);
      g_assert_cmpint (cw_contact_approval_covers (approval, record), ==, cases[i].covers);
      g_assert_cmpint (cw_contact_compute_flags (record, NULL, approval), ==,
                       cases[i].covers ? CW_CONTACT_FLAG_NONE
                                       : CW_CONTACT_FLAG_UNAPPROVED_SOCIAL);
    }

  /* Coincidental and emergency contact are not social contact. */
  cw_contact_record_set_purpose (record, CW_CONTACT_PURPOSE_COINCIDENTAL);
  g_assert_cmpint (cw_contact_compute_flags (record, NULL, NULL), ==, CW_CONTACT_FLAG_NONE);
  cw_contact_record_set_purpose (record, CW_CONTACT_PURPOSE_EMERGENCY);
  g_assert_cmpint (cw_contact_compute_flags (record, NULL, NULL), ==, CW_CONTACT_FLAG_NONE);
}

static void
test_rule_names (void)
{
  g_autofree char *flags = cw_contact_flags_to_string (CW_CONTACT_FLAG_OUT_OF_HOURS |
                                                       CW_CONTACT_FLAG_PERSONAL_DEVICE);

  g_assert_cmpstr (flags, ==, "Out of hours, Personal device or account");
  g_assert_cmpstr (cw_contact_channel_get_id (CW_CONTACT_CHANNEL_MESSAGING_APP), ==,
                   "messaging-app");
  g_assert_cmpstr (cw_contact_channel_get_title (CW_CONTACT_CHANNEL_VIDEO_CALL), ==,
                   "Video call");
  g_assert_cmpstr (cw_contact_purpose_get_id (CW_CONTACT_PURPOSE_COINCIDENTAL), ==,
                   "coincidental");
  g_assert_cmpstr (cw_contact_flag_get_explanation (CW_CONTACT_FLAG_STAFF_OUT_OF_HOURS), ==,
                   "Staff never start contact out of hours.");
}

/* The register ------------------------------------------------------------ */

static void
test_record_flags (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  CwSession *session = sign_in (fixture, "pat");
  g_autoptr(CwContactRegister) contacts = cw_contact_register_new (session);
  struct
  {
    int                y, m, d, hour, minute;
    CwContactInitiator initiator;
    CwContactDevice    device;
    CwContactFlags     expected;
  } cases[] = {
    { MONDAY, 10, 0, CW_CONTACT_STARTED_BY_PARENT, CW_CONTACT_DEVICE_WORK, 0 },
    { MONDAY, 18, 0, CW_CONTACT_STARTED_BY_STAFF, CW_CONTACT_DEVICE_WORK,
      CW_CONTACT_FLAG_OUT_OF_HOURS | CW_CONTACT_FLAG_STAFF_OUT_OF_HOURS },
    { SATURDAY, 10, 0, CW_CONTACT_STARTED_BY_CHILD, CW_CONTACT_DEVICE_WORK,
      CW_CONTACT_FLAG_OUT_OF_HOURS },
    { MONDAY, 12, 0, CW_CONTACT_STARTED_BY_CHILD, CW_CONTACT_DEVICE_PERSONAL,
      CW_CONTACT_FLAG_PERSONAL_DEVICE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CwContactRecord) record = make_contact (cases[i].y, cases[i].m, cases[i].d,
                                                        cases[i].hour, cases[i].minute,
                                                        child_alpha);
      g_autoptr(CwContactRecord) stored = NULL;
      g_autoptr(CwContactRecord) reread = NULL;

      cw_contact_record_set_initiator (record, cases[i].initiator);
      cw_contact_record_set_device (record, cases[i].device);
      stored = record_contact (contacts, record);
      g_assert_cmpint (cw_contact_record_get_flags (stored), ==,
                       cases[i].expected | CW_CONTACT_FLAG_NOT_REVIEWED);
      g_assert_cmpint (cw_contact_record_get_staff_id (stored), ==, id_of ("pat"));
      g_assert_cmpint (cw_contact_record_get_version (stored), ==, 1);
      g_assert_cmpint (cw_contact_record_get_recorded_at (stored), >, 0);
      g_assert_cmpint (cw_contact_record_get_entry_id (stored), ==, 0);

      reread = cw_contact_register_load (contacts, cw_contact_record_get_id (stored), 0, &error);
      g_assert_no_error (error);
      g_assert_cmpint (cw_contact_record_get_hour (reread), ==, cases[i].hour);
      g_assert_cmpint (cw_contact_record_get_minute (reread), ==, cases[i].minute);
      g_assert_cmpint (cw_contact_record_get_initiator (reread), ==, cases[i].initiator);
      g_assert_cmpint (cw_contact_record_get_device (reread), ==, cases[i].device);
      g_assert_cmpstr (cw_contact_record_get_other_party_name (reread), ==, "Jo Smith");
      g_assert_cmpstr (cw_contact_record_get_child_name (reread), ==,
                       CHILD_GIVEN " " CHILD_FAMILY);
      g_assert_cmpint (cw_contact_record_get_flags (reread), ==,
                       cases[i].expected | CW_CONTACT_FLAG_NOT_REVIEWED);
    }

  end_session (session);

  /* The organisation's hours are settings: with Saturday a working day
   * and the day ending at 18:30, the same contacts are in hours. */
  session = sign_in (fixture, "admin");
  g_assert_true (cw_session_set_setting (session, "working-days", "1,2,3,4,5,6", &error));
  g_assert_no_error (error);
  g_assert_true (cw_session_set_setting (session, "working-day-end", "18:30", &error));
  g_assert_no_error (error);
  end_session (session);

  session = sign_in (fixture, "pat");
  {
    g_autoptr(CwContactRegister) again = cw_contact_register_new (session);
    g_autoptr(CwContactRecord) evening = make_contact (MONDAY, 18, 0, child_alpha);
    g_autoptr(CwContactRecord) saturday = make_contact (SATURDAY, 10, 0, child_alpha);
    g_autoptr(CwContactRecord) s1 = NULL, s2 = NULL;

    cw_contact_record_set_initiator (evening, CW_CONTACT_STARTED_BY_STAFF);
    s1 = record_contact (again, evening);
    s2 = record_contact (again, saturday);
    g_assert_cmpint (cw_contact_record_get_flags (s1), ==, CW_CONTACT_FLAG_NOT_REVIEWED);
    g_assert_cmpint (cw_contact_record_get_flags (s2), ==, CW_CONTACT_FLAG_NOT_REVIEWED);
  }
  end_session (session);
}

static void
test_record_validation (Fixture       *fixture,
                        gconstpointer  user_data)
{
  CwSession *session = sign_in (fixture, "pat");
  g_autoptr(CwContactRegister) contacts = cw_contact_register_new (session);
  const char *what[] = { "no summary", "no time", "future", "no device for a call",
                         "no name", "chronology without child", "bad approval" };

  for (guint i = 0; i < G_N_ELEMENTS (what); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CwContactRecord) record = make_contact (MONDAY, 10, 0, 0);
      g_autoptr(CwContactRecord) stored = NULL;
      GDate future;

      switch (i)
        {
        case 0:
          cw_contact_record_set_summary (record, "");
          break;
        case 1:
          cw_contact_record_set_time (record, -1, -1);
          break;
        case 2:
          set_date (&future, 2999, 1, 1);
          cw_contact_record_set_date (record, &future);
          break;
        case 3:
          cw_contact_record_set_device (record, CW_CONTACT_DEVICE_NONE);
          break;
        case 4:
          cw_contact_record_set_other_party_name (record, " ");
          break;
        case 5:
          cw_contact_record_set_add_to_chronology (record, TRUE);
          break;
        case 6:
          cw_contact_record_set_approval_id (record, 4242);
          break;
        default:
          g_assert_not_reached ();
        }

      stored = cw_contact_register_record (contacts, record, &error);
      g_test_message ("%s: %s", what[i], error != NULL ? error->message : "stored");
      g_assert_error (error, CW_CONTACT_ERROR, CW_CONTACT_ERROR_INVALID);
      g_assert_null (stored);
      g_assert_true (g_str_has_suffix (error->message, "."));
    }

  /* A child whose record pat may not see. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CwContactRecord) record = make_contact (MONDAY, 10, 0, child_bravo);

    g_assert_null (cw_contact_register_record (contacts, record, &error));
    g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
  }

  /* In person needs no device; a talk with the child needs no other name. */
  {
    g_autoptr(CwContactRecord) record = make_contact (MONDAY, 10, 0, child_alpha);
    g_autoptr(CwContactRecord) stored = NULL;

    cw_contact_record_set_channel (record, CW_CONTACT_CHANNEL_IN_PERSON);
    cw_contact_record_set_device (record, CW_CONTACT_DEVICE_NONE);
    cw_contact_record_set_other_party_kind (record, CW_CONTACT_PARTY_CHILD);
    cw_contact_record_set_other_party_name (record, "");
    stored = record_contact (contacts, record);
    g_assert_cmpint (cw_contact_record_get_device (stored), ==, CW_CONTACT_DEVICE_NONE);
  }

  g_assert_cmpint (cw_contact_register_count (contacts, NULL), ==, 1);
  end_session (session);
}

static void
test_chronology_note (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  CwSession *session = sign_in (fixture, "pat");
  g_autoptr(CwContactRegister) contacts = cw_contact_register_new (session);
  g_autoptr(CwEntryRepository) entries = cw_entry_repository_new (session);
  g_autoptr(CwContactRecord) record = make_contact (MONDAY, 15, 20, child_alpha);
  g_autoptr(CwContactRecord) stored = NULL;
  g_autoptr(CwEntry) note = NULL;
  GPtrArray *actions;

  cw_contact_record_set_add_to_chronology (record, TRUE);
  cw_contact_record_set_witness (record, "Kim Colleague");
  cw_contact_record_set_follow_up (record, "Ring the school on Tuesday");
  stored = record_contact (contacts, record);
  g_assert_cmpint (cw_contact_record_get_entry_id (stored), >, 0);

  note = cw_entry_repository_load (entries, cw_contact_record_get_entry_id (stored), 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (note);
  g_assert_true (cw_entry_get_finished (note));
  g_assert_cmpint (cw_entry_get_child_id (note), ==, child_alpha);
  g_assert_cmpint (cw_entry_get_kind (note), ==, CW_ENTRY_KIND_PHONE_CALL);
  g_assert_cmpstr (cw_entry_get_text (note, CW_ENTRY_FIELD_SUMMARY), ==,
                   "Contact by Phone call with Jo Smith (A parent or carer)");
  g_assert_cmpstr (cw_entry_get_text (note, CW_ENTRY_FIELD_OBSERVED_FACTS), ==,
                   "Talked about the school run.");
  g_assert_cmpstr (cw_entry_get_text (note, CW_ENTRY_FIELD_PRESENT), ==, "Kim Colleague");
  g_assert_cmpint (cw_entry_get_event_hour (note), ==, 15);
  g_assert_cmpint (cw_entry_get_event_minute (note), ==, 20);
  actions = cw_entry_get_actions (note);
  g_assert_cmpuint (actions->len, ==, 1);
  g_assert_cmpstr (((CwEntryAction *) g_ptr_array_index (actions, 0))->what, ==,
                   "Ring the school on Tuesday");

  g_assert_true (audit_has (session, "contact-record|contact|%" G_GINT64_FORMAT
                            "|flags: none; chronology note %" G_GINT64_FORMAT,
                            cw_contact_record_get_id (stored),
                            cw_contact_record_get_entry_id (stored)));

  /* The link to the note is for ever. */
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE contacts SET entry_id = NULL WHERE id = %"
                                            G_GINT64_FORMAT,
                                            cw_contact_record_get_id (stored));

    g_assert_false (cw_database_exec (cw_session_get_database (session), sql, &error));
    g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_REFUSED);
  }

  end_session (session);
}

static void
test_visibility_review (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  const char *people[] = { "pat", "sam", "mona", "dee", "admin" };
  gint64 ids[G_N_ELEMENTS (people)];
  CwSession *session;

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      session = sign_in (fixture, people[i]);
      ids[i] = record_simple (session);
      end_session (session);
    }

  {
    struct { const char *who; gint64 sees[5]; guint n; gint64 awaiting; } cases[] = {
      { "pat", { ids[0] }, 1, 0 },
      { "sam", { ids[1] }, 1, 0 },
      { "mona", { ids[2], ids[0] }, 2, 1 },
      { "dee", { ids[4], ids[3], ids[2], ids[1], ids[0] }, 5, 4 },
      { "admin", { ids[4] }, 1, 0 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *expected = ids_string (cases[i].sees, cases[i].n);
        g_autofree char *seen = NULL;
        g_autoptr(CwContactRegister) contacts = NULL;

        session = sign_in (fixture, cases[i].who);
        contacts = cw_contact_register_new (session);
        seen = visible_ids (session, NULL);
        g_assert_cmpstr (seen, ==, expected);
        g_assert_cmpint (cw_contact_register_count_awaiting_review (contacts), ==,
                         cases[i].awaiting);
        g_clear_object (&contacts);
        end_session (session);
      }
  }

  /* Nobody reviews their own; sam cannot see pat's; mona reviews pat's. */
  session = sign_in (fixture, "pat");
  {
    g_autoptr(CwContactRegister) contacts = cw_contact_register_new (session);

    g_assert_false (cw_contact_register_review (contacts, ids[0], "Fine", "", &error));
    g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
    g_clear_error (&error);
  }
  end_session (session);

  session = sign_in (fixture, "sam");
  {
    g_autoptr(CwContactRegister) contacts = cw_contact_register_new (session);

    g_assert_false (cw_contact_register_review (contacts, ids[0], "Fine", "", &error));
    g_assert_error (error, CW_CONTACT_ERROR, CW_CONTACT_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  end_session (session);

  session = sign_in (fixture, "mona");
  {
    g_autoptr(CwContactRegister) contacts = cw_contact_register_new (session);
    g_autoptr(CwContactRecord) reviewed = NULL;

    g_assert_false (cw_contact_register_review (contacts, ids[0], "  ", "", &error));
    g_assert_error (error, CW_CONTACT_ERROR, CW_CONTACT_ERROR_INVALID);
    g_clear_error (&error);

    g_assert_true (cw_contact_register_review (contacts, ids[0], "Appropriate call",
                                               "Discuss at supervision", &error));
    g_assert_no_error (error);
    g_assert_cmpint (cw_contact_register_count_awaiting_review (contacts), ==, 0);

    reviewed = cw_contact_register_load (contacts, ids[0], 0, &error);
    g_assert_no_error (error);
    g_assert_cmpint (cw_contact_record_get_flags (reviewed) & CW_CONTACT_FLAG_NOT_REVIEWED, ==,
                     0);
    g_assert_cmpint (cw_contact_record_get_reviewed_by (reviewed), ==, id_of ("mona"));
    g_assert_cmpstr (cw_contact_record_get_reviewed_by_name (reviewed), ==, "Mona Manager");
    g_assert_cmpstr (cw_contact_record_get_review_comment (reviewed), ==, "Appropriate call");
    g_assert_cmpstr (cw_contact_record_get_further_action (reviewed), ==,
                     "Discuss at supervision");

    g_assert_false (cw_contact_register_review (contacts, ids[0], "Again", "", &error));
    g_assert_error (error, CW_CONTACT_ERROR, CW_CONTACT_ERROR_STATE);
    g_clear_error (&error);

    g_assert_true (audit_has (session, "contact-review|contact|%" G_GINT64_FORMAT "|version 1",
                              ids[0]));
  }
  end_session (session);

  session = sign_in (fixture, "dee");
  {
    g_autoptr(CwContactRegister) contacts = cw_contact_register_new (session);
    CwContactFilter filter;

    g_assert_true (cw_contact_register_review (contacts, ids[1], "Noted", "", &error));
    g_assert_no_error (error);
    g_assert_cmpint (cw_contact_register_count_awaiting_review (contacts), ==, 2);

    /* Not yet reviewed, as a flag filter and as a state filter. */
    cw_contact_filter_init (&filter);
    filter.any_flags = CW_CONTACT_FLAG_NOT_REVIEWED;
    g_assert_cmpint (cw_contact_register_count (contacts, &filter), ==, 3);
    cw_contact_filter_init (&filter);
    filter.unreviewed_only = TRUE;
    g_assert_cmpint (cw_contact_register_count (contacts, &filter), ==, 3);
  }
  end_session (session);
}

static void
test_approvals (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  CwSession *session;
  gint64 approval_id, sam_approval_id;

  session = sign_in (fixture, "pat");
  {
    g_autoptr(CwContactRegister) contacts = cw_contact_register_new (session);
    g_autoptr(CwContactApproval) request = cw_contact_approval_new ();
    g_autoptr(CwContactApproval) stored = NULL;
    GDate planned;

    /* A request needs what is planned. */
    set_date (&planned, 2025, 6, 1);
    cw_contact_approval_set_planned_date (request, &planned);
    cw_contact_approval_set_child_id (request, child_alpha);
    g_assert_null (cw_contact_register_request_approval (contacts, request, &error));
    g_assert_error (error, CW_CONTACT_ERROR, CW_CONTACT_ERROR_INVALID);
    g_clear_error (&error);

    cw_contact_approval_set_details (request, "Attend the match the child plays in");
    stored = cw_contact_register_request_approval (contacts, request, &error);
    g_assert_no_error (error);
    g_assert_nonnull (stored);
    g_assert_cmpint (cw_contact_approval_get_status (stored), ==, CW_APPROVAL_PENDING);
    g_assert_cmpint (cw_contact_approval_get_staff_id (stored), ==, id_of ("pat"));
    approval_id = cw_contact_approval_get_id (stored);

    /* Not one's own. */
    g_assert_false (cw_contact_register_decide_approval (contacts, approval_id, TRUE, "Yes",
                                                         &error));
    g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
    g_clear_error (&error);
    g_assert_cmpint (cw_contact_register_count_approvals_awaiting (contacts), ==, 0);
  }
  end_session (session);

  session = sign_in (fixture, "sam");
  {
    g_autoptr(CwContactRegister) contacts = cw_contact_register_new (session);
    g_autoptr(CwContactApproval) request = cw_contact_approval_new ();
    g_autoptr(CwContactApproval) stored = NULL;
    GDate planned;

    g_assert_false (cw_contact_register_decide_approval (contacts, approval_id, TRUE, "Yes",
                                                         &error));
    g_assert_error (error, CW_CONTACT_ERROR, CW_CONTACT_ERROR_NOT_FOUND);
    g_clear_error (&error);

    set_date (&planned, 2025, 6, 2);
    cw_contact_approval_set_planned_date (request, &planned);
    cw_contact_approval_set_other_party_name (request, "A family friend");
    cw_contact_approval_set_details (request, "Birthday party");
    stored = cw_contact_register_request_approval (contacts, request, &error);
    g_assert_no_error (error);
    sam_approval_id = cw_contact_approval_get_id (stored);
  }
  end_session (session);

  session = sign_in (fixture, "mona");
  {
    g_autoptr(CwContactRegister) contacts = cw_contact_register_new (session);
    g_autoptr(CwContactApproval) decided = NULL;
    g_autoptr(GListModel) waiting = NULL;
    g_autofree char *sql = NULL;

    g_assert_cmpint (cw_contact_register_count_approvals_awaiting (contacts), ==, 1);
    waiting = cw_contact_register_list_approvals (contacts, TRUE);
    g_assert_cmpuint (g_list_model_get_n_items (waiting), ==, 1);

    g_assert_false (cw_contact_register_decide_approval (contacts, approval_id, TRUE, "",
                                                         &error));
    g_assert_error (error, CW_CONTACT_ERROR, CW_CONTACT_ERROR_INVALID);
    g_clear_error (&error);

    g_assert_true (cw_contact_register_decide_approval (contacts, approval_id, TRUE,
                                                        "Part of the care plan", &error));
    g_assert_no_error (error);
    g_assert_cmpint (cw_contact_register_count_approvals_awaiting (contacts), ==, 0);

    decided = cw_contact_register_load_approval (contacts, approval_id, &error);
    g_assert_no_error (error);
    g_assert_cmpint (cw_contact_approval_get_status (decided), ==, CW_APPROVAL_APPROVED);
    g_assert_cmpint (cw_contact_approval_get_decided_by (decided), ==, id_of ("mona"));
    g_assert_cmpstr (cw_contact_approval_get_decision_reason (decided), ==,
                     "Part of the care plan");
    g_assert_cmpstr (cw_contact_approval_get_child_name (decided), ==,
                     CHILD_GIVEN " " CHILD_FAMILY);

    g_assert_false (cw_contact_register_decide_approval (contacts, approval_id, FALSE, "No",
                                                         &error));
    g_assert_error (error, CW_CONTACT_ERROR, CW_CONTACT_ERROR_STATE);
    g_clear_error (&error);

    /* A decided approval never changes. */
    sql = g_strdup_printf ("UPDATE contact_approvals SET status = 'declined' WHERE id = %"
                           G_GINT64_FORMAT, approval_id);
    g_assert_false (cw_database_exec (cw_session_get_database (session), sql, &error));
    g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_REFUSED);
    g_clear_error (&error);

    /* sam's request is not hers to decide nor to see. */
    g_clear_object (&decided);
    decided = cw_contact_register_load_approval (contacts, sam_approval_id, &error);
    g_assert_error (error, CW_CONTACT_ERROR, CW_CONTACT_ERROR_NOT_FOUND);
    g_clear_error (&error);

    g_assert_true (audit_has (session, "contact-approval-decide|contact-approval|%"
                              G_GINT64_FORMAT "|approved", approval_id));
  }
  end_session (session);

  session = sign_in (fixture, "dee");
  {
    g_autoptr(CwContactRegister) contacts = cw_contact_register_new (session);

    g_assert_cmpint (cw_contact_register_count_approvals_awaiting (contacts), ==, 1);
    g_assert_true (cw_contact_register_decide_approval (contacts, sam_approval_id, FALSE,
                                                        "Not appropriate", &error));
    g_assert_no_error (error);
  }
  end_session (session);

  /* pat records the social contact with the approval. Before the approval
   * was given (a fixed day in the past): flagged. On the day of the
   * approval or after (today): not. */
  session = sign_in (fixture, "pat");
  {
    g_autoptr(CwContactRegister) contacts = cw_contact_register_new (session);
    g_autoptr(CwContactRecord) early = make_contact (MONDAY, 10, 0, child_alpha);
    g_autoptr(CwContactRecord) stored_early = NULL;
    g_autoptr(CwContactRecord) stored_today = NULL;
    g_autoptr(CwContactRecord) unlinked = NULL;
    g_autoptr(CwContactRecord) stored_unlinked = NULL;
    g_autoptr(CwContactRecord) today = NULL;
    g_autoptr(CwContactRecord) stolen = NULL;
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();

    cw_contact_record_set_purpose (early, CW_CONTACT_PURPOSE_SOCIAL);
    cw_contact_record_set_planned (early, TRUE);
    cw_contact_record_set_approval_id (early, approval_id);
    stored_early = record_contact (contacts, early);
    g_assert_cmpint (cw_contact_record_get_flags (stored_early), ==,
                     CW_CONTACT_FLAG_UNAPPROVED_SOCIAL | CW_CONTACT_FLAG_NOT_REVIEWED);
    g_assert_cmpint (cw_contact_record_get_approval_id (stored_early), ==, approval_id);

    unlinked = cw_contact_record_copy (early);
    cw_contact_record_set_approval_id (unlinked, 0);
    stored_unlinked = record_contact (contacts, unlinked);
    g_assert_cmpint (cw_contact_record_get_flags (stored_unlinked), ==,
                     CW_CONTACT_FLAG_UNAPPROVED_SOCIAL | CW_CONTACT_FLAG_NOT_REVIEWED);

    /* Midnight today: never in the future, always after the approval. */
    today = make_contact (g_date_time_get_year (now), g_date_time_get_month (now),
                          g_date_time_get_day_of_month (now), 0, 0, child_alpha);
    cw_contact_record_set_purpose (today, CW_CONTACT_PURPOSE_SOCIAL);
    cw_contact_record_set_planned (today, TRUE);
    cw_contact_record_set_initiator (today, CW_CONTACT_STARTED_BY_CHILD);
    cw_contact_record_set_approval_id (today, approval_id);
    stored_today = record_contact (contacts, today);
    g_assert_cmpint (cw_contact_record_get_flags (stored_today), ==,
                     CW_CONTACT_FLAG_OUT_OF_HOURS | CW_CONTACT_FLAG_NOT_REVIEWED);

    /* sam's approval is not pat's to rely on. */
    stolen = cw_contact_record_copy (today);
    cw_contact_record_set_approval_id (stolen, sam_approval_id);
    g_assert_null (cw_contact_register_record (contacts, stolen, &error));
    g_assert_error (error, CW_CONTACT_ERROR, CW_CONTACT_ERROR_INVALID);
    g_clear_error (&error);
  }
  end_session (session);
}

static void
test_versions (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  CwSession *session;
  gint64 contact_id;

  session = sign_in (fixture, "pat");
  contact_id = record_simple (session);
  end_session (session);

  session = sign_in (fixture, "mona");
  {
    g_autoptr(CwContactRegister) contacts = cw_contact_register_new (session);

    g_assert_false (cw_contact_register_change_review (contacts, contact_id, "x", "", "y",
                                                       &error));
    g_assert_error (error, CW_CONTACT_ERROR, CW_CONTACT_ERROR_STATE);
    g_clear_error (&error);

    g_assert_true (cw_contact_register_review (contacts, contact_id, "Fine", "", &error));
    g_assert_no_error (error);

    sql = g_strdup_printf ("UPDATE contact_versions SET summary = 'Tampered' "
                           "WHERE contact_id = %" G_GINT64_FORMAT, contact_id);
    g_assert_false (cw_database_exec (cw_session_get_database (session), sql, &error));
    g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_REFUSED);
    g_clear_error (&error);
    g_free (sql);
    sql = g_strdup_printf ("DELETE FROM contact_versions WHERE contact_id = %" G_GINT64_FORMAT,
                           contact_id);
    g_assert_false (cw_database_exec (cw_session_get_database (session), sql, &error));
    g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_REFUSED);
    g_clear_error (&error);

    /* Not hers to correct. */
    {
      g_autoptr(CwContactRecord) changed = make_contact (MONDAY, 11, 0, 0);

      g_assert_null (cw_contact_register_correct (contacts, contact_id, changed, "Time",
                                                  &error));
      g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_NOT_PERMITTED);
      g_clear_error (&error);
    }
  }
  end_session (session);

  session = sign_in (fixture, "pat");
  {
    g_autoptr(CwContactRegister) contacts = cw_contact_register_new (session);
    g_autoptr(CwContactRecord) changed = make_contact (MONDAY, 19, 0, 0);
    g_autoptr(CwContactRecord) corrected = NULL;
    g_autoptr(GPtrArray) versions = NULL;

    g_assert_null (cw_contact_register_correct (contacts, contact_id, changed, " ", &error));
    g_assert_error (error, CW_CONTACT_ERROR, CW_CONTACT_ERROR_INVALID);
    g_clear_error (&error);

    cw_contact_record_set_initiator (changed, CW_CONTACT_STARTED_BY_STAFF);
    corrected = cw_contact_register_correct (contacts, contact_id, changed,
                                             "It was in the evening and I rang", &error);
    g_assert_no_error (error);
    g_assert_cmpint (cw_contact_record_get_version (corrected), ==, 2);
    g_assert_cmpint (cw_contact_record_get_flags (corrected), ==,
                     CW_CONTACT_FLAG_OUT_OF_HOURS | CW_CONTACT_FLAG_STAFF_OUT_OF_HOURS |
                     CW_CONTACT_FLAG_NOT_REVIEWED);
    g_assert_cmpint (cw_contact_record_get_reviewed_by (corrected), ==, 0);

    versions = cw_contact_register_list_versions (contacts, contact_id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (versions->len, ==, 2);
    g_assert_cmpint (cw_contact_record_get_hour (g_ptr_array_index (versions, 0)), ==, 10);
    g_assert_cmpstr (cw_contact_record_get_review_comment (g_ptr_array_index (versions, 0)),
                     ==, "Fine");
    g_assert_cmpint (cw_contact_record_get_hour (g_ptr_array_index (versions, 1)), ==, 19);
  }
  end_session (session);

  session = sign_in (fixture, "mona");
  {
    g_autoptr(CwContactRegister) contacts = cw_contact_register_new (session);
    g_autoptr(CwContactRecord) current = NULL;

    g_assert_cmpint (cw_contact_register_count_awaiting_review (contacts), ==, 1);
    g_assert_true (cw_contact_register_review (contacts, contact_id, "Should not have rung",
                                               "", &error));
    g_assert_no_error (error);
    g_assert_true (cw_contact_register_change_review (contacts, contact_id,
                                                      "Should not have rung from home",
                                                      "Reminder of the code of conduct",
                                                      "Added the further action", &error));
    g_assert_no_error (error);

    current = cw_contact_register_load (contacts, contact_id, 0, &error);
    g_assert_no_error (error);
    g_assert_cmpint (cw_contact_record_get_version (current), ==, 3);
    g_assert_cmpint (cw_contact_record_get_hour (current), ==, 19);
    g_assert_cmpstr (cw_contact_record_get_further_action (current), ==,
                     "Reminder of the code of conduct");
    g_assert_cmpstr (cw_contact_record_get_correction_reason (current), ==,
                     "Added the further action");

    g_free (sql);
    sql = g_strdup_printf ("UPDATE contact_versions SET review_comment = 'x' WHERE "
                           "contact_id = %" G_GINT64_FORMAT " AND version = 2", contact_id);
    g_assert_false (cw_database_exec (cw_session_get_database (session), sql, &error));
    g_assert_error (error, CW_DATABASE_ERROR, CW_DATABASE_ERROR_REFUSED);
    g_clear_error (&error);
  }
  end_session (session);
}

static void
test_filters (Fixture       *fixture,
              gconstpointer  user_data)
{
  CwSession *session = sign_in (fixture, "pat");
  g_autoptr(CwContactRegister) contacts = cw_contact_register_new (session);
  g_autoptr(CwContactRecord) a = make_contact (2024, 5, 1, 10, 0, child_alpha);
  g_autoptr(CwContactRecord) b = make_contact (2024, 8, 1, 20, 0, child_charlie);
  g_autoptr(CwContactRecord) c = make_contact (2025, 1, 6, 11, 0, 0);
  g_autoptr(CwContactRecord) sa = NULL, sb = NULL, sc = NULL;
  CwContactFilter filter;
  gint64 ids[3];

  cw_contact_record_set_device (c, CW_CONTACT_DEVICE_PERSONAL);
  sa = record_contact (contacts, a);
  sb = record_contact (contacts, b);
  sc = record_contact (contacts, c);
  ids[0] = cw_contact_record_get_id (sa);
  ids[1] = cw_contact_record_get_id (sb);
  ids[2] = cw_contact_record_get_id (sc);

  {
    struct { const char *what; gint64 expected[3]; guint n; } cases[] = {
      { "all", { ids[2], ids[1], ids[0] }, 3 },
      { "child", { ids[1] }, 1 },
      { "range", { ids[1] }, 1 },
      { "out of hours", { ids[1] }, 1 },
      { "personal or out of hours", { ids[2], ids[1] }, 2 },
      { "other staff", { 0 }, 0 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *expected = ids_string (cases[i].expected, cases[i].n);
        g_autofree char *seen = NULL;

        cw_contact_filter_init (&filter);
        switch (i)
          {
          case 1: filter.child_id = child_charlie; break;
          case 2:
            set_date (&filter.from, 2024, 6, 1);
            set_date (&filter.to, 2024, 12, 31);
            break;
          case 3: filter.any_flags = CW_CONTACT_FLAG_OUT_OF_HOURS; break;
          case 4:
            filter.any_flags = CW_CONTACT_FLAG_OUT_OF_HOURS | CW_CONTACT_FLAG_PERSONAL_DEVICE;
            break;
          case 5: filter.staff_id = id_of ("mona"); break;
          default: break;
          }

        seen = visible_ids (session, &filter);
        g_test_message ("filter %s", cases[i].what);
        g_assert_cmpstr (seen, ==, expected);
        g_assert_cmpint (cw_contact_register_count (contacts, &filter), ==, cases[i].n);
      }
  }

  end_session (session);

  /* mona sees pat's CHARLIE contact, without CHARLIE's name. */
  session = sign_in (fixture, "mona");
  {
    g_autoptr(CwContactRegister) mine = cw_contact_register_new (session);
    g_autoptr(GError) error = NULL;
    g_autoptr(CwContactRecord) seen = cw_contact_register_load (mine, ids[1], 0, &error);
    g_autoptr(CwContactRecord) alpha = NULL;

    g_assert_no_error (error);
    g_assert_null (cw_contact_record_get_child_name (seen));
    alpha = cw_contact_register_load (mine, ids[0], 0, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (cw_contact_record_get_child_name (alpha), ==,
                     CHILD_GIVEN " " CHILD_FAMILY);
  }
  end_session (session);
}

/* Deep pages ------------------------------------------------------------- */

/* A manager's, a practitioner's and the DSL's lists with flag, child and
 * date filters, read in small pages from deep positions, give the rows
 * and order a plain query gives (visible rows newest first, ties by id). */
static void
test_deep_pages (Fixture       *fixture,
                 gconstpointer  user_data)
{
  const char *people[] = { "pat", "sam", "mona", "dee" };
  const struct { const char *who; guint n_all; } viewers[] = {
    { "mona", 24 }, { "pat", 12 }, { "dee", 48 }, { "sam", 12 },
  };
  CwSession *session;

  for (guint p = 0; p < G_N_ELEMENTS (people); p++)
    {
      session = sign_in (fixture, people[p]);
      {
        g_autoptr(CwContactRegister) contacts = cw_contact_register_new (session);
        gint64 child = g_str_equal (people[p], "sam") ? child_bravo : child_alpha;

        for (guint i = 0; i < 12; i++)
          {
            /* Three weekdays, two times each: many ties, ordered by id. */
            g_autoptr(CwContactRecord) record = make_contact (2025, 3, 10 + (i * 5 + p) % 3,
                                                              i % 2 == 0 ? 10 : 14, 0,
                                                              i % 3 == 0 ? child : 0);
            g_autoptr(CwContactRecord) stored = NULL;

            if ((i + p) % 4 == 1)
              cw_contact_record_set_device (record, CW_CONTACT_DEVICE_PERSONAL);
            stored = record_contact (contacts, record);
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
          g_autoptr(CwContactRegister) contacts = cw_contact_register_new (session);
          g_autoptr(GListModel) model = NULL;
          g_autoptr(GArray) expected = NULL;
          g_autofree char *condition = NULL;
          g_autofree char *sql = NULL;
          CwContactFilter filter;
          int personal = CW_CONTACT_FLAG_PERSONAL_DEVICE;

          cw_contact_filter_init (&filter);
          switch (f)
            {
            case 0:
              condition = g_strdup ("1");
              break;
            case 1:
              filter.any_flags = CW_CONTACT_FLAG_PERSONAL_DEVICE;
              condition = g_strdup_printf ("(v.flags & %d) <> 0", personal);
              break;
            case 2:
              filter.child_id = child_alpha;
              condition = g_strdup_printf ("v.child_id = %" G_GINT64_FORMAT, child_alpha);
              break;
            case 3:
              set_date (&filter.from, 2025, 3, 11);
              set_date (&filter.to, 2025, 3, 11);
              condition = g_strdup ("v.contact_day = '2025-03-11'");
              break;
            case 4:
              filter.any_flags = CW_CONTACT_FLAG_PERSONAL_DEVICE;
              set_date (&filter.from, 2025, 3, 11);
              condition = g_strdup_printf ("(v.flags & %d) <> 0 AND v.contact_day >= '2025-03-11'",
                                           personal);
              break;
            default:
              filter.any_flags = CW_CONTACT_FLAG_PERSONAL_DEVICE;
              filter.child_id = child_alpha;
              condition = g_strdup_printf ("(v.flags & %d) <> 0 AND v.child_id = %"
                                           G_GINT64_FORMAT, personal, child_alpha);
              break;
            }

          sql = g_strdup_printf ("SELECT k.id FROM contacts k JOIN contact_versions v "
                                 "ON v.contact_id = k.id AND v.version = k.current_version "
                                 "JOIN staff s ON s.id = k.staff_id WHERE %s AND %s "
                                 "ORDER BY v.contact_day DESC, v.contact_time DESC, k.id DESC",
                                 all ? "?1 > 0" : "(k.staff_id = ?1 OR s.line_manager_id = ?1)",
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
          model = cw_contact_register_list (contacts, &filter);
          assert_pages (model, expected, (RegisterItemId) cw_contact_record_get_id);
          g_assert_cmpint (cw_contact_register_count (contacts, &filter), ==, expected->len);
        }
      end_session (session);
    }
}

static void
test_audit_and_export (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  CwSession *session = sign_in (fixture, "pat");
  gint64 charlie_contact;

  {
    g_autoptr(CwContactRegister) contacts = cw_contact_register_new (session);
    g_autoptr(CwContactRecord) record = make_contact (2025, 1, 6, 21, 5, child_charlie);
    g_autoptr(CwContactRecord) stored = NULL;

    cw_contact_record_set_summary (record, "+44 7700 900123 asked about " DISTINCTIVE_TEXT);
    cw_contact_record_set_other_party_name (record, DISTINCTIVE_FAMILY);
    cw_contact_record_set_initiator (record, CW_CONTACT_STARTED_BY_STAFF);
    cw_contact_record_set_device (record, CW_CONTACT_DEVICE_PERSONAL);
    stored = record_contact (contacts, record);
    charlie_contact = cw_contact_record_get_id (stored);

    g_assert_false (audit_mentions (session, DISTINCTIVE_TEXT));
    g_assert_false (audit_mentions (session, DISTINCTIVE_FAMILY));
    g_assert_false (audit_mentions (session, "Cleo"));
    g_assert_true (audit_has (session, "contact-record|contact|%" G_GINT64_FORMAT
                              "|flags: out-of-hours,staff-out-of-hours,personal-device",
                              charlie_contact));
  }
  end_session (session);

  session = sign_in (fixture, "mona");
  {
    g_autoptr(CwContactRegister) contacts = cw_contact_register_new (session);
    g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
    g_autoptr(GPtrArray) rows = NULL;
    g_autofree char *text = NULL;
    CwContactFilter filter;
    guint64 n_rows = 0;
    gsize len;

    cw_contact_filter_init (&filter);
    filter.any_flags = CW_CONTACT_FLAG_PERSONAL_DEVICE;

    g_assert_false (cw_register_export_contacts (contacts, &filter, "not it", memory, &n_rows,
                                                 NULL, &error));
    g_assert_error (error, CW_SESSION_ERROR, CW_SESSION_ERROR_WRONG_PASSWORD);
    g_clear_error (&error);
    g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (memory)),
                      ==, 0);

    g_assert_true (cw_register_export_contacts (contacts, &filter, STAFF_PASSWORD, memory,
                                                &n_rows, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n_rows, ==, 1);
    g_assert_true (g_output_stream_close (memory, NULL, &error));
    g_assert_no_error (error);

    len = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (memory));
    text = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (memory)), len);
    g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF"));
    rows = parse_csv (text + 3);
    g_assert_cmpuint (rows->len, ==, 2);
    assert_cell_id (rows, 1, column (rows, "Reference"), charlie_contact);
    g_assert_cmpstr (cell (rows, 1, column (rows, "Summary")), ==,
                     "'+44 7700 900123 asked about " DISTINCTIVE_TEXT);
    g_assert_cmpstr (cell (rows, 1, column (rows, "Time")), ==, "21:05");
    g_assert_cmpstr (cell (rows, 1, column (rows, "Date")), ==, "2025-01-06");
    g_assert_cmpstr (cell (rows, 1, column (rows, "How")), ==, "Phone call");
    g_assert_cmpstr (cell (rows, 1, column (rows, "Started by")), ==, "Member of staff");
    g_assert_cmpstr (cell (rows, 1, column (rows, "Flags")), ==,
                     "Out of hours, Started by staff out of hours, Personal device or account, "
                     "Not yet reviewed");
    /* mona may not see CHARLIE's record: the name is not exported. */
    g_assert_cmpstr (cell (rows, 1, column (rows, "Child")), ==,
                     "Not shown: you do not have access to this child’s record");
    g_assert_false (strstr (text, "Cleo") != NULL);

    g_assert_true (audit_has (session, "export|contact-register||1 rows; flags 4"));
    g_assert_false (audit_mentions (session, DISTINCTIVE_TEXT));
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

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/contacts/rules/working-hours", test_rule_working_hours);
  g_test_add_func ("/contacts/rules/out-of-hours", test_rule_out_of_hours);
  g_test_add_func ("/contacts/rules/personal-device", test_rule_personal_device);
  g_test_add_func ("/contacts/rules/social-approval", test_rule_social_approval);
  g_test_add_func ("/contacts/rules/names", test_rule_names);
  ADD ("/contacts/register/record-flags", test_record_flags);
  ADD ("/contacts/register/validation", test_record_validation);
  ADD ("/contacts/register/chronology-note", test_chronology_note);
  ADD ("/contacts/register/filters", test_filters);
  ADD ("/contacts/permissions/visibility-review", test_visibility_review);
  ADD ("/contacts/permissions/approvals", test_approvals);
  ADD ("/contacts/versions/correction", test_versions);
  ADD ("/contacts/register/deep-pages", test_deep_pages);
  ADD ("/contacts/audit-export/csv", test_audit_and_export);

#undef ADD

  status = g_test_run ();

  register_test_clean_up ();

  return status;
}
