/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-contact-register"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "cw-child-repository-private.h"
#include "cw-contact-register.h"
#include "cw-database-private.h"
#include "cw-entry-repository.h"
#include "cw-register-private.h"
#include "cw-sql-list-model.h"

/*
 * The contacts, contact_versions and contact_approvals tables
 * (data/sql/0004-registers.sql) and the contact rules. The header row
 * copies the current version's day, time, child, stored flags and whether
 * it is reviewed. Stored flags never include NOT_REVIEWED: that one is read
 * from the review.
 */

#define MAX_SHORT_CHARS   200
#define MAX_LONG_CHARS    10000
#define EARLIEST_YEAR     1900

#define CONTACT_COLUMNS \
  "k.id, v.version, k.staff_id, s.display_name, k.recorded_at, v.written_at, v.written_by, " \
  "v.correction_reason, v.contact_day, v.contact_time, v.child_id, v.other_party_kind, " \
  "v.other_party_name, v.channel, v.device, v.initiator, v.planned, v.purpose, v.witness, " \
  "v.summary, v.follow_up, v.approval_id, v.flags, k.entry_id, v.reviewed_by, " \
  "r.display_name, v.reviewed_at, v.review_comment, v.further_action, c.given_names, " \
  "c.family_name, c.preferred_name, " \
  "(CASE WHEN v.child_id IS NULL THEN 0 WHEN " CW_CHILD_VISIBLE_SQL ("v.child_id") \
  " THEN 1 ELSE 0 END)"

#define CONTACT_JOINS \
  "JOIN staff s ON s.id = k.staff_id " \
  "LEFT JOIN staff r ON r.id = v.reviewed_by " \
  "LEFT JOIN children c ON c.id = v.child_id "

#define CONTACT_CURRENT_JOINS \
  "JOIN contact_versions v ON v.contact_id = k.id AND v.version = k.current_version " \
  CONTACT_JOINS

#define CONTACT_ANY_VERSION_FROM \
  "FROM contacts k JOIN contact_versions v ON v.contact_id = k.id " CONTACT_JOINS

#define CONTACT_COUNT "SELECT count(*) FROM contacts k "

#define CONTACT_CONTENT_COLUMNS \
  "contact_day, contact_time, child_id, other_party_kind, other_party_name, channel, device, " \
  "initiator, planned, purpose, witness, summary, follow_up, approval_id, flags"

#define APPROVAL_COLUMNS \
  "a.id, a.staff_id, s.display_name, a.requested_at, a.child_id, a.other_party_name, " \
  "a.planned_date, a.details, a.status, a.decided_by, d.display_name, a.decided_at, " \
  "a.decision_reason, c.given_names, c.family_name, c.preferred_name, " \
  "(CASE WHEN a.child_id IS NULL THEN 0 WHEN " CW_CHILD_VISIBLE_SQL ("a.child_id") \
  " THEN 1 ELSE 0 END)"

#define APPROVAL_JOINS \
  "JOIN staff s ON s.id = a.staff_id " \
  "LEFT JOIN staff d ON d.id = a.decided_by LEFT JOIN children c ON c.id = a.child_id "

#define APPROVAL_FROM "FROM contact_approvals a " APPROVAL_JOINS

#define APPROVAL_COUNT "SELECT count(*) FROM contact_approvals a "

enum
{
  COL_ID,
  COL_VERSION,
  COL_STAFF_ID,
  COL_STAFF_NAME,
  COL_RECORDED_AT,
  COL_WRITTEN_AT,
  COL_WRITTEN_BY,
  COL_CORRECTION_REASON,
  COL_DAY,
  COL_TIME,
  COL_CHILD_ID,
  COL_PARTY_KIND,
  COL_PARTY_NAME,
  COL_CHANNEL,
  COL_DEVICE,
  COL_INITIATOR,
  COL_PLANNED,
  COL_PURPOSE,
  COL_WITNESS,
  COL_SUMMARY,
  COL_FOLLOW_UP,
  COL_APPROVAL_ID,
  COL_FLAGS,
  COL_ENTRY_ID,
  COL_REVIEWED_BY,
  COL_REVIEWED_BY_NAME,
  COL_REVIEWED_AT,
  COL_REVIEW_COMMENT,
  COL_FURTHER_ACTION,
  COL_CHILD_GIVEN,
  COL_CHILD_FAMILY,
  COL_CHILD_PREFERRED,
  COL_CHILD_VISIBLE,
};

enum
{
  ACOL_ID,
  ACOL_STAFF_ID,
  ACOL_STAFF_NAME,
  ACOL_REQUESTED_AT,
  ACOL_CHILD_ID,
  ACOL_PARTY_NAME,
  ACOL_PLANNED_DATE,
  ACOL_DETAILS,
  ACOL_STATUS,
  ACOL_DECIDED_BY,
  ACOL_DECIDED_BY_NAME,
  ACOL_DECIDED_AT,
  ACOL_DECISION_REASON,
  ACOL_CHILD_GIVEN,
  ACOL_CHILD_FAMILY,
  ACOL_CHILD_PREFERRED,
  ACOL_CHILD_VISIBLE,
};

struct _CwContactApproval
{
  GObject           parent_instance;

  gint64            id;
  gint64            staff_id;
  char             *staff_name;
  gint64            requested_at;
  gint64            child_id;
  char             *child_name;
  char             *other_party_name;
  GDate             planned_date;
  char             *details;
  CwApprovalStatus  status;
  gint64            decided_by;
  char             *decided_by_name;
  gint64            decided_at;
  char             *decision_reason;
};

struct _CwContactRecord
{
  GObject             parent_instance;

  gint64              id;
  int                 version;
  gint64              staff_id;
  char               *staff_name;
  gint64              recorded_at;
  gint64              written_at;
  gint64              written_by;
  char               *correction_reason;
  char               *child_name;
  CwContactFlags      flags;
  gint64              entry_id;
  gint64              reviewed_by;
  char               *reviewed_by_name;
  gint64              reviewed_at;
  char               *review_comment;
  char               *further_action;

  GDate               date;
  int                 hour;
  int                 minute;
  gint64              child_id;
  CwContactPartyKind  other_party_kind;
  char               *other_party_name;
  CwContactChannel    channel;
  CwContactDevice     device;
  CwContactInitiator  initiator;
  gboolean            planned;
  CwContactPurpose    purpose;
  char               *witness;
  char               *summary;
  char               *follow_up;
  gint64              approval_id;
  gboolean            add_to_chronology;
};

struct _CwContactRegister
{
  GObject    parent_instance;

  CwSession *session;
};

G_DEFINE_FINAL_TYPE (CwContactApproval, cw_contact_approval, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE (CwContactRecord, cw_contact_record, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE (CwContactRegister, cw_contact_register, G_TYPE_OBJECT)

G_DEFINE_QUARK (cw-contact-error-quark, cw_contact_error)

typedef struct
{
  CwRegisterQuery base;
  CwContactFilter filter;
} CwContactQuery;

/* ---------------------------------------------------------------------- */
/* Names                                                                   */

typedef struct
{
  const char *id;
  const char *title;
} IdTitle;

static const IdTitle party_kinds[] = {
  [CW_CONTACT_PARTY_CHILD] = { "child", N_("The child") },
  [CW_CONTACT_PARTY_PARENT_CARER] = { "parent-carer", N_("A parent or carer") },
  [CW_CONTACT_PARTY_OTHER] = { "other", N_("Another person") },
};

static const IdTitle channels[] = {
  [CW_CONTACT_CHANNEL_IN_PERSON] = { "in-person", N_("In person") },
  [CW_CONTACT_CHANNEL_PHONE_CALL] = { "phone-call", N_("Phone call") },
  [CW_CONTACT_CHANNEL_TEXT] = { "text", N_("Text message") },
  [CW_CONTACT_CHANNEL_EMAIL] = { "email", N_("Email") },
  [CW_CONTACT_CHANNEL_VIDEO_CALL] = { "video-call", N_("Video call") },
  [CW_CONTACT_CHANNEL_MESSAGING_APP] = { "messaging-app", N_("Messaging app") },
  [CW_CONTACT_CHANNEL_SOCIAL_MEDIA] = { "social-media", N_("Social media") },
  [CW_CONTACT_CHANNEL_LETTER] = { "letter", N_("Letter") },
};

static const IdTitle devices[] = {
  [CW_CONTACT_DEVICE_NONE] = { "none", N_("No phone or account") },
  [CW_CONTACT_DEVICE_WORK] = { "work", N_("Work phone or account") },
  [CW_CONTACT_DEVICE_PERSONAL] = { "personal", N_("Personal phone, account or address") },
};

static const IdTitle initiators[] = {
  [CW_CONTACT_STARTED_BY_STAFF] = { "staff", N_("Member of staff") },
  [CW_CONTACT_STARTED_BY_CHILD] = { "child", N_("The child") },
  [CW_CONTACT_STARTED_BY_PARENT] = { "parent", N_("A parent or carer") },
  [CW_CONTACT_STARTED_BY_OTHER] = { "other", N_("Someone else") },
};

static const IdTitle purposes[] = {
  [CW_CONTACT_PURPOSE_WORK] = { "work", N_("Work") },
  [CW_CONTACT_PURPOSE_SOCIAL] = { "social", N_("Social") },
  [CW_CONTACT_PURPOSE_COINCIDENTAL] = { "coincidental", N_("Coincidental") },
  [CW_CONTACT_PURPOSE_EMERGENCY] = { "emergency", N_("Emergency") },
};

static const IdTitle statuses[] = {
  [CW_APPROVAL_PENDING] = { "pending", N_("Waiting for a decision") },
  [CW_APPROVAL_APPROVED] = { "approved", N_("Approved") },
  [CW_APPROVAL_DECLINED] = { "declined", N_("Declined") },
};

static const CwRegisterFlag flag_table[] = {
  { CW_CONTACT_FLAG_OUT_OF_HOURS, "out-of-hours", N_("Out of hours"),
    N_("The contact was outside the organisation’s working hours.") },
  { CW_CONTACT_FLAG_STAFF_OUT_OF_HOURS, "staff-out-of-hours", N_("Started by staff out of hours"),
    N_("Staff never start contact out of hours.") },
  { CW_CONTACT_FLAG_PERSONAL_DEVICE, "personal-device", N_("Personal device or account"),
    N_("Personal phones, accounts and addresses are never used or given.") },
  { CW_CONTACT_FLAG_UNAPPROVED_SOCIAL, "unapproved-social", N_("Social contact not approved"),
    N_("Social contact needs the line manager’s approval before it happens.") },
  { CW_CONTACT_FLAG_NOT_REVIEWED, "not-reviewed", N_("Not yet reviewed"),
    N_("The line manager or the Designated Safeguarding Lead has not reviewed this contact "
       "yet.") },
};

#define ID_TITLE_FUNCTIONS(prefix, Type, table) \
  const char * \
  prefix##_get_id (Type value) \
  { \
    if ((guint) value >= G_N_ELEMENTS (table)) \
      return ""; \
    return table[value].id; \
  } \
  const char * \
  prefix##_get_title (Type value) \
  { \
    if ((guint) value >= G_N_ELEMENTS (table)) \
      return ""; \
    return _(table[value].title); \
  }

ID_TITLE_FUNCTIONS (cw_contact_party_kind, CwContactPartyKind, party_kinds)
ID_TITLE_FUNCTIONS (cw_contact_channel, CwContactChannel, channels)
ID_TITLE_FUNCTIONS (cw_contact_device, CwContactDevice, devices)
ID_TITLE_FUNCTIONS (cw_contact_initiator, CwContactInitiator, initiators)
ID_TITLE_FUNCTIONS (cw_contact_purpose, CwContactPurpose, purposes)
ID_TITLE_FUNCTIONS (cw_approval_status, CwApprovalStatus, statuses)

#undef ID_TITLE_FUNCTIONS

/* The index of @id in @table, or -1. */
static int
index_of_id (const IdTitle *table,
             gsize          n,
             const char    *id)
{
  for (gsize i = 0; i < n; i++)
    if (g_strcmp0 (table[i].id, id) == 0)
      return (int) i;

  return -1;
}

#define FROM_ID(table, id) MAX (index_of_id (table, G_N_ELEMENTS (table), id), 0)

const char *
cw_contact_flag_get_title (CwContactFlags flag)
{
  return cw_register_flag_title (flag_table, G_N_ELEMENTS (flag_table), flag);
}

const char *
cw_contact_flag_get_explanation (CwContactFlags flag)
{
  return cw_register_flag_explanation (flag_table, G_N_ELEMENTS (flag_table), flag);
}

char *
cw_contact_flags_to_string (CwContactFlags flags)
{
  return cw_register_flags_to_string (flag_table, G_N_ELEMENTS (flag_table), flags);
}

static char *
flags_to_ids (CwContactFlags flags)
{
  return cw_register_flags_to_ids (flag_table, G_N_ELEMENTS (flag_table), flags);
}

/* ---------------------------------------------------------------------- */
/* Working hours                                                           */

void
cw_working_hours_init_default (CwWorkingHours *hours)
{
  g_return_if_fail (hours != NULL);

  hours->start_minute = 8 * 60;
  hours->end_minute = 18 * 60;
  hours->days = 0;
  for (int day = 1; day <= 5; day++)
    hours->days |= (guint8) (1u << day);
}

/* "HH:MM" → minutes after midnight, or -1. */
static int
parse_time (const char *text)
{
  unsigned int hour, minute;
  char rest;

  if (text == NULL || sscanf (text, "%2u:%2u%c", &hour, &minute, &rest) != 2 ||
      strlen (text) != 5 || hour > 23 || minute > 59)
    return -1;

  return (int) (hour * 60 + minute);
}

gboolean
cw_working_hours_parse (CwWorkingHours *hours,
                        const char     *start,
                        const char     *end,
                        const char     *days)
{
  gboolean ok = TRUE;
  int start_minute, end_minute;

  g_return_val_if_fail (hours != NULL, FALSE);

  cw_working_hours_init_default (hours);

  start_minute = parse_time (start);
  end_minute = parse_time (end);
  if (start_minute >= 0 && end_minute > start_minute)
    {
      hours->start_minute = start_minute;
      hours->end_minute = end_minute;
    }
  else
    ok = FALSE;

  if (days != NULL && days[0] != '\0')
    {
      g_auto(GStrv) parts = g_strsplit (days, ",", -1);
      guint8 mask = 0;

      for (guint i = 0; parts[i] != NULL; i++)
        {
          char *part = g_strstrip (parts[i]);

          if (strlen (part) != 1 || part[0] < '1' || part[0] > '7')
            {
              mask = 0;
              break;
            }
          mask |= (guint8) (1u << (part[0] - '0'));
        }

      if (mask != 0)
        hours->days = mask;
      else
        ok = FALSE;
    }
  else
    ok = FALSE;

  return ok;
}

gboolean
cw_working_hours_contains (const CwWorkingHours *hours,
                           const GDate          *day,
                           int                   hour,
                           int                   minute)
{
  GDateWeekday weekday;
  int at;

  g_return_val_if_fail (hours != NULL, FALSE);

  if (!cw_register_date_is_real (day) || hour < 0 || minute < 0)
    return FALSE;

  weekday = g_date_get_weekday (day);
  if ((hours->days & (1u << weekday)) == 0)
    return FALSE;

  at = hour * 60 + minute;
  return at >= hours->start_minute && at < hours->end_minute;
}

/* ---------------------------------------------------------------------- */
/* CwContactApproval                                                       */

#define A_TEXT(field) \
  CW_REGISTER_TEXT_ACCESSORS (CwContactApproval, cw_contact_approval, \
                              CW_IS_CONTACT_APPROVAL, field)
#define A_VALUE(type, field) \
  CW_REGISTER_VALUE_ACCESSORS (CwContactApproval, cw_contact_approval, \
                               CW_IS_CONTACT_APPROVAL, type, field)

A_VALUE (gint64, id)
A_VALUE (gint64, staff_id)
A_TEXT (staff_name)
A_VALUE (gint64, requested_at)
A_VALUE (gint64, child_id)
A_TEXT (other_party_name)
A_TEXT (details)
A_VALUE (CwApprovalStatus, status)
A_VALUE (gint64, decided_by)
A_TEXT (decided_by_name)
A_VALUE (gint64, decided_at)
A_TEXT (decision_reason)
CW_REGISTER_NULLABLE_TEXT_ACCESSORS (CwContactApproval, cw_contact_approval,
                                     CW_IS_CONTACT_APPROVAL, child_name)
CW_REGISTER_DATE_ACCESSORS (CwContactApproval, cw_contact_approval, CW_IS_CONTACT_APPROVAL,
                            planned_date)

#undef A_TEXT
#undef A_VALUE

static void
cw_contact_approval_finalize (GObject *object)
{
  CwContactApproval *self = CW_CONTACT_APPROVAL (object);

  g_free (self->staff_name);
  g_free (self->child_name);
  g_free (self->other_party_name);
  g_free (self->details);
  g_free (self->decided_by_name);
  g_free (self->decision_reason);

  G_OBJECT_CLASS (cw_contact_approval_parent_class)->finalize (object);
}

static void
cw_contact_approval_class_init (CwContactApprovalClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cw_contact_approval_finalize;
}

static void
cw_contact_approval_init (CwContactApproval *self)
{
  self->staff_name = g_strdup ("");
  self->other_party_name = g_strdup ("");
  self->details = g_strdup ("");
  self->decided_by_name = g_strdup ("");
  self->decision_reason = g_strdup ("");
  g_date_clear (&self->planned_date, 1);
}

CwContactApproval *
cw_contact_approval_new (void)
{
  return g_object_new (CW_TYPE_CONTACT_APPROVAL, NULL);
}

/* ---------------------------------------------------------------------- */
/* CwContactRecord                                                         */

#define R_TEXT(field) \
  CW_REGISTER_TEXT_ACCESSORS (CwContactRecord, cw_contact_record, CW_IS_CONTACT_RECORD, field)
#define R_VALUE(type, field) \
  CW_REGISTER_VALUE_ACCESSORS (CwContactRecord, cw_contact_record, \
                               CW_IS_CONTACT_RECORD, type, field)

R_VALUE (gint64, id)
R_VALUE (int, version)
R_VALUE (gint64, staff_id)
R_TEXT (staff_name)
R_VALUE (gint64, recorded_at)
R_VALUE (gint64, written_at)
R_VALUE (gint64, written_by)
R_TEXT (correction_reason)
R_VALUE (CwContactFlags, flags)
R_VALUE (gint64, entry_id)
R_VALUE (gint64, reviewed_by)
R_TEXT (reviewed_by_name)
R_VALUE (gint64, reviewed_at)
R_TEXT (review_comment)
R_TEXT (further_action)
R_VALUE (gint64, child_id)
R_VALUE (CwContactPartyKind, other_party_kind)
R_TEXT (other_party_name)
R_VALUE (CwContactChannel, channel)
R_VALUE (CwContactDevice, device)
R_VALUE (CwContactInitiator, initiator)
R_VALUE (gboolean, planned)
R_VALUE (CwContactPurpose, purpose)
R_TEXT (witness)
R_TEXT (summary)
R_TEXT (follow_up)
R_VALUE (gint64, approval_id)
R_VALUE (gboolean, add_to_chronology)
CW_REGISTER_NULLABLE_TEXT_ACCESSORS (CwContactRecord, cw_contact_record, CW_IS_CONTACT_RECORD,
                                     child_name)
CW_REGISTER_DATE_ACCESSORS (CwContactRecord, cw_contact_record, CW_IS_CONTACT_RECORD, date)

#undef R_TEXT
#undef R_VALUE

int
cw_contact_record_get_hour (CwContactRecord *self)
{
  g_return_val_if_fail (CW_IS_CONTACT_RECORD (self), -1);

  return self->hour;
}

int
cw_contact_record_get_minute (CwContactRecord *self)
{
  g_return_val_if_fail (CW_IS_CONTACT_RECORD (self), -1);

  return self->minute;
}

void
cw_contact_record_set_time (CwContactRecord *self,
                            int              hour,
                            int              minute)
{
  g_return_if_fail (CW_IS_CONTACT_RECORD (self));

  if (hour < 0 || minute < 0)
    hour = minute = -1;

  self->hour = hour;
  self->minute = minute;
}

static void
cw_contact_record_finalize (GObject *object)
{
  CwContactRecord *self = CW_CONTACT_RECORD (object);

  g_free (self->staff_name);
  g_free (self->correction_reason);
  g_free (self->child_name);
  g_free (self->reviewed_by_name);
  g_free (self->review_comment);
  g_free (self->further_action);
  g_free (self->other_party_name);
  g_free (self->witness);
  g_free (self->summary);
  g_free (self->follow_up);

  G_OBJECT_CLASS (cw_contact_record_parent_class)->finalize (object);
}

static void
cw_contact_record_class_init (CwContactRecordClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cw_contact_record_finalize;
}

static void
cw_contact_record_init (CwContactRecord *self)
{
  self->staff_name = g_strdup ("");
  self->correction_reason = g_strdup ("");
  self->reviewed_by_name = g_strdup ("");
  self->review_comment = g_strdup ("");
  self->further_action = g_strdup ("");
  self->other_party_name = g_strdup ("");
  self->witness = g_strdup ("");
  self->summary = g_strdup ("");
  self->follow_up = g_strdup ("");
  self->hour = -1;
  self->minute = -1;
  self->channel = CW_CONTACT_CHANNEL_IN_PERSON;
  self->device = CW_CONTACT_DEVICE_NONE;
  g_date_clear (&self->date, 1);
}

CwContactRecord *
cw_contact_record_new (void)
{
  return g_object_new (CW_TYPE_CONTACT_RECORD, NULL);
}

CwContactRecord *
cw_contact_record_copy (CwContactRecord *self)
{
  CwContactRecord *copy;

  g_return_val_if_fail (CW_IS_CONTACT_RECORD (self), NULL);

  copy = cw_contact_record_new ();
  copy->id = self->id;
  copy->version = self->version;
  copy->staff_id = self->staff_id;
  cw_contact_record_set_staff_name (copy, self->staff_name);
  copy->recorded_at = self->recorded_at;
  copy->written_at = self->written_at;
  copy->written_by = self->written_by;
  cw_contact_record_set_correction_reason (copy, self->correction_reason);
  cw_contact_record_set_child_name (copy, self->child_name);
  copy->flags = self->flags;
  copy->entry_id = self->entry_id;
  copy->reviewed_by = self->reviewed_by;
  cw_contact_record_set_reviewed_by_name (copy, self->reviewed_by_name);
  copy->reviewed_at = self->reviewed_at;
  cw_contact_record_set_review_comment (copy, self->review_comment);
  cw_contact_record_set_further_action (copy, self->further_action);
  copy->date = self->date;
  copy->hour = self->hour;
  copy->minute = self->minute;
  copy->child_id = self->child_id;
  copy->other_party_kind = self->other_party_kind;
  cw_contact_record_set_other_party_name (copy, self->other_party_name);
  copy->channel = self->channel;
  copy->device = self->device;
  copy->initiator = self->initiator;
  copy->planned = self->planned;
  copy->purpose = self->purpose;
  cw_contact_record_set_witness (copy, self->witness);
  cw_contact_record_set_summary (copy, self->summary);
  cw_contact_record_set_follow_up (copy, self->follow_up);
  copy->approval_id = self->approval_id;
  copy->add_to_chronology = self->add_to_chronology;

  return copy;
}

/* ---------------------------------------------------------------------- */
/* The rules                                                               */

gboolean
cw_contact_approval_covers (CwContactApproval *approval,
                            CwContactRecord   *record)
{
  g_autoptr(GDateTime) decided = NULL;
  GDate decided_day;

  g_return_val_if_fail (CW_IS_CONTACT_RECORD (record), FALSE);

  if (approval == NULL)
    return FALSE;
  g_return_val_if_fail (CW_IS_CONTACT_APPROVAL (approval), FALSE);

  if (approval->status != CW_APPROVAL_APPROVED || approval->decided_at <= 0)
    return FALSE;
  if (approval->staff_id > 0 && record->staff_id > 0 && approval->staff_id != record->staff_id)
    return FALSE;
  if (approval->child_id > 0 && record->child_id > 0 && approval->child_id != record->child_id)
    return FALSE;
  if (!cw_register_date_is_real (&record->date))
    return FALSE;

  decided = g_date_time_new_from_unix_local (approval->decided_at);
  if (decided == NULL)
    return FALSE;

  g_date_clear (&decided_day, 1);
  g_date_set_dmy (&decided_day, (GDateDay) g_date_time_get_day_of_month (decided),
                  (GDateMonth) g_date_time_get_month (decided),
                  (GDateYear) g_date_time_get_year (decided));

  return g_date_compare (&decided_day, &record->date) <= 0;
}

CwContactFlags
cw_contact_compute_flags (CwContactRecord      *record,
                          const CwWorkingHours *hours,
                          CwContactApproval    *approval)
{
  CwContactFlags flags = CW_CONTACT_FLAG_NONE;
  CwWorkingHours defaults;

  g_return_val_if_fail (CW_IS_CONTACT_RECORD (record), CW_CONTACT_FLAG_NONE);

  if (hours == NULL)
    {
      cw_working_hours_init_default (&defaults);
      hours = &defaults;
    }

  if (!cw_working_hours_contains (hours, &record->date, record->hour, record->minute))
    {
      flags |= CW_CONTACT_FLAG_OUT_OF_HOURS;
      if (record->initiator == CW_CONTACT_STARTED_BY_STAFF)
        flags |= CW_CONTACT_FLAG_STAFF_OUT_OF_HOURS;
    }

  if (record->device == CW_CONTACT_DEVICE_PERSONAL)
    flags |= CW_CONTACT_FLAG_PERSONAL_DEVICE;

  if (record->purpose == CW_CONTACT_PURPOSE_SOCIAL &&
      !cw_contact_approval_covers (approval, record))
    flags |= CW_CONTACT_FLAG_UNAPPROVED_SOCIAL;

  if (record->reviewed_at <= 0)
    flags |= CW_CONTACT_FLAG_NOT_REVIEWED;

  return flags;
}

void
cw_contact_filter_init (CwContactFilter *filter)
{
  g_return_if_fail (filter != NULL);

  memset (filter, 0, sizeof *filter);
  g_date_clear (&filter->from, 1);
  g_date_clear (&filter->to, 1);
}

/* ---------------------------------------------------------------------- */
/* Reading                                                                 */

static void
parse_clock (const char *text,
             int        *hour,
             int        *minute)
{
  int at = parse_time (text);

  *hour = at >= 0 ? at / 60 : -1;
  *minute = at >= 0 ? at % 60 : -1;
}

static GObject *
record_from_row (CwSqlStatement *stmt,
                 gpointer        user_data)
{
  CwContactRecord *record = cw_contact_record_new ();

  record->id = sqlite3_column_int64 (stmt, COL_ID);
  record->version = sqlite3_column_int (stmt, COL_VERSION);
  record->staff_id = sqlite3_column_int64 (stmt, COL_STAFF_ID);
  cw_contact_record_set_staff_name (record, cw_register_column_text (stmt, COL_STAFF_NAME));
  record->recorded_at = sqlite3_column_int64 (stmt, COL_RECORDED_AT);
  record->written_at = sqlite3_column_int64 (stmt, COL_WRITTEN_AT);
  record->written_by = sqlite3_column_int64 (stmt, COL_WRITTEN_BY);
  cw_contact_record_set_correction_reason (record,
                                           cw_register_column_text (stmt,
                                                                    COL_CORRECTION_REASON));
  cw_register_parse_date (cw_register_column_text (stmt, COL_DAY), &record->date);
  parse_clock (cw_register_column_text (stmt, COL_TIME), &record->hour, &record->minute);
  record->child_id = sqlite3_column_int64 (stmt, COL_CHILD_ID);
  record->other_party_kind = FROM_ID (party_kinds,
                                      cw_register_column_text (stmt, COL_PARTY_KIND));
  cw_contact_record_set_other_party_name (record,
                                          cw_register_column_text (stmt, COL_PARTY_NAME));
  record->channel = FROM_ID (channels, cw_register_column_text (stmt, COL_CHANNEL));
  record->device = FROM_ID (devices, cw_register_column_text (stmt, COL_DEVICE));
  record->initiator = FROM_ID (initiators, cw_register_column_text (stmt, COL_INITIATOR));
  record->planned = sqlite3_column_int (stmt, COL_PLANNED) != 0;
  record->purpose = FROM_ID (purposes, cw_register_column_text (stmt, COL_PURPOSE));
  cw_contact_record_set_witness (record, cw_register_column_text (stmt, COL_WITNESS));
  cw_contact_record_set_summary (record, cw_register_column_text (stmt, COL_SUMMARY));
  cw_contact_record_set_follow_up (record, cw_register_column_text (stmt, COL_FOLLOW_UP));
  record->approval_id = sqlite3_column_int64 (stmt, COL_APPROVAL_ID);
  record->entry_id = sqlite3_column_int64 (stmt, COL_ENTRY_ID);
  record->reviewed_by = sqlite3_column_int64 (stmt, COL_REVIEWED_BY);
  cw_contact_record_set_reviewed_by_name (record,
                                          cw_register_column_text (stmt,
                                                                   COL_REVIEWED_BY_NAME));
  record->reviewed_at = sqlite3_column_int64 (stmt, COL_REVIEWED_AT);
  cw_contact_record_set_review_comment (record,
                                        cw_register_column_text (stmt, COL_REVIEW_COMMENT));
  cw_contact_record_set_further_action (record,
                                        cw_register_column_text (stmt, COL_FURTHER_ACTION));

  record->flags = (CwContactFlags) sqlite3_column_int (stmt, COL_FLAGS);
  record->flags &= ~CW_CONTACT_FLAG_NOT_REVIEWED;
  if (record->reviewed_at <= 0)
    record->flags |= CW_CONTACT_FLAG_NOT_REVIEWED;

  if (record->child_id > 0 && sqlite3_column_int (stmt, COL_CHILD_VISIBLE) != 0)
    record->child_name = cw_register_child_name (cw_register_column_text (stmt, COL_CHILD_GIVEN),
                                                 cw_register_column_text (stmt,
                                                                          COL_CHILD_FAMILY),
                                                 cw_register_column_text (stmt,
                                                                          COL_CHILD_PREFERRED));

  return G_OBJECT (record);
}

static const CwRegisterCopy copied_columns[] = {
  { "contact_day", "contact_day" },
  { "contact_time", "contact_time" },
  { "child_id", "child_id" },
  { "flags", "flags" },
  { "reviewed", "reviewed_at IS NOT NULL" },
  { NULL, NULL },
};

static const CwRegisterTable contact_table = {
  .header_table = "contacts",
  .versions_table = "contact_versions",
  .row_column = "contact_id",
  .object_type = "contact",
  .reading = "reading a contact",
  .header_sql = "SELECT staff_id, current_version, reviewed, NULL FROM contacts WHERE id = ?1",
  .version_sql = "SELECT " CONTACT_COLUMNS " " CONTACT_ANY_VERSION_FROM
                 "WHERE k.id = :row AND v.version = "
                 "(CASE WHEN :version > 0 THEN :version ELSE k.current_version END)",
  .copied = copied_columns,
  .from_row = record_from_row,
  .may_see = NULL,
  .error_quark = cw_contact_error_quark,
  .not_found_code = CW_CONTACT_ERROR_NOT_FOUND,
  .invalid_code = CW_CONTACT_ERROR_INVALID,
  .not_found = N_("This contact record could not be found."),
  .version_not_found = N_("This version of the contact record does not exist."),
  .max_reason_chars = MAX_LONG_CHARS,
};

static GObject *
approval_from_row (CwSqlStatement *stmt,
                   gpointer        user_data)
{
  CwContactApproval *approval = cw_contact_approval_new ();

  approval->id = sqlite3_column_int64 (stmt, ACOL_ID);
  approval->staff_id = sqlite3_column_int64 (stmt, ACOL_STAFF_ID);
  cw_contact_approval_set_staff_name (approval,
                                      cw_register_column_text (stmt, ACOL_STAFF_NAME));
  approval->requested_at = sqlite3_column_int64 (stmt, ACOL_REQUESTED_AT);
  approval->child_id = sqlite3_column_int64 (stmt, ACOL_CHILD_ID);
  cw_contact_approval_set_other_party_name (approval,
                                            cw_register_column_text (stmt, ACOL_PARTY_NAME));
  cw_register_parse_date (cw_register_column_text (stmt, ACOL_PLANNED_DATE),
                          &approval->planned_date);
  cw_contact_approval_set_details (approval, cw_register_column_text (stmt, ACOL_DETAILS));
  approval->status = FROM_ID (statuses, cw_register_column_text (stmt, ACOL_STATUS));
  approval->decided_by = sqlite3_column_int64 (stmt, ACOL_DECIDED_BY);
  cw_contact_approval_set_decided_by_name (approval,
                                           cw_register_column_text (stmt,
                                                                    ACOL_DECIDED_BY_NAME));
  approval->decided_at = sqlite3_column_int64 (stmt, ACOL_DECIDED_AT);
  cw_contact_approval_set_decision_reason (approval,
                                           cw_register_column_text (stmt,
                                                                    ACOL_DECISION_REASON));

  if (approval->child_id > 0 && sqlite3_column_int (stmt, ACOL_CHILD_VISIBLE) != 0)
    approval->child_name =
      cw_register_child_name (cw_register_column_text (stmt, ACOL_CHILD_GIVEN),
                              cw_register_column_text (stmt, ACOL_CHILD_FAMILY),
                              cw_register_column_text (stmt, ACOL_CHILD_PREFERRED));

  return G_OBJECT (approval);
}

static void
set_approval_not_found (GError **error)
{
  g_set_error_literal (error, CW_CONTACT_ERROR, CW_CONTACT_ERROR_NOT_FOUND,
                       _("This request for approval could not be found."));
}

/* An approval with no permission check. */
static CwContactApproval *
read_approval (CwContactRegister  *self,
               CwDatabase         *database,
               gint64              approval_id,
               GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = cw_database_prepare (database,
                              "SELECT " APPROVAL_COLUMNS " " APPROVAL_FROM
                              "WHERE a.id = :approval",
                              error);
  if (stmt == NULL)
    return NULL;

  cw_register_bind_visibility (self->session, stmt);
  cw_register_bind_named_int64 (stmt, ":approval", approval_id);

  if (!cw_register_step_row (database, stmt, "reading an approval", set_approval_not_found, error))
    return NULL;

  return CW_CONTACT_APPROVAL (approval_from_row (stmt, NULL));
}

/* ---------------------------------------------------------------------- */
/* Writing                                                                 */

static void
set_invalid (GError     **error,
             const char  *message)
{
  g_set_error_literal (error, CW_CONTACT_ERROR, CW_CONTACT_ERROR_INVALID, message);
}

static gboolean
check_not_future (const GDate  *date,
                  int           hour,
                  int           minute,
                  GError      **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate today;

  cw_register_today (&today);

  if (g_date_compare (date, &today) > 0 ||
      (g_date_compare (date, &today) == 0 &&
       hour * 60 + minute > g_date_time_get_hour (now) * 60 + g_date_time_get_minute (now)))
    {
      set_invalid (error, _("The contact cannot be in the future. Record it once it has "
                            "happened."));
      return FALSE;
    }

  return TRUE;
}

/* Checks what is recorded and returns a copy to store. */
static CwContactRecord *
validate (CwContactRegister  *self,
          CwContactRecord    *record,
          gint64              keep_child_id,
          GError            **error)
{
  g_autoptr(CwContactRecord) clean = cw_contact_record_new ();

  if (!cw_register_date_is_real (&record->date) ||
      g_date_get_year (&record->date) < EARLIEST_YEAR)
    {
      set_invalid (error, _("Give the date of the contact."));
      return NULL;
    }
  if (record->hour < 0 || record->hour > 23 || record->minute < 0 || record->minute > 59)
    {
      set_invalid (error, _("Give the time of the contact."));
      return NULL;
    }
  if (!check_not_future (&record->date, record->hour, record->minute, error))
    return NULL;
  clean->date = record->date;
  clean->hour = record->hour;
  clean->minute = record->minute;

  if ((guint) record->other_party_kind >= G_N_ELEMENTS (party_kinds))
    {
      set_invalid (error, _("Say who the contact was with: the child, a parent or carer, or "
                            "another person."));
      return NULL;
    }
  clean->other_party_kind = record->other_party_kind;

  if (!cw_register_clean_field (&contact_table, &clean->other_party_name,
                                record->other_party_name, _("Name of the person"), FALSE,
                                MAX_SHORT_CHARS, FALSE, error) ||
      !cw_register_clean_field (&contact_table, &clean->witness, record->witness, _("Witness"),
                                FALSE, MAX_SHORT_CHARS, FALSE, error) ||
      !cw_register_clean_field (&contact_table, &clean->summary, record->summary, _("Summary"),
                                TRUE, MAX_LONG_CHARS, TRUE, error) ||
      !cw_register_clean_field (&contact_table, &clean->follow_up, record->follow_up,
                                _("Follow-up"), FALSE, MAX_LONG_CHARS, TRUE, error))
    return NULL;

  if (clean->other_party_name[0] == '\0' &&
      !(clean->other_party_kind == CW_CONTACT_PARTY_CHILD && record->child_id > 0))
    {
      set_invalid (error, _("Give the name of the person the contact was with."));
      return NULL;
    }

  if (record->child_id > 0 && record->child_id != keep_child_id &&
      !cw_session_may_view_child (self->session, record->child_id))
    {
      cw_register_set_child_not_permitted (error);
      return NULL;
    }
  clean->child_id = MAX (record->child_id, 0);

  if ((guint) record->channel >= CW_CONTACT_CHANNEL_LAST)
    {
      set_invalid (error, _("Choose how the contact was made."));
      return NULL;
    }
  clean->channel = record->channel;

  if ((guint) record->device >= G_N_ELEMENTS (devices) ||
      (record->device == CW_CONTACT_DEVICE_NONE &&
       record->channel != CW_CONTACT_CHANNEL_IN_PERSON))
    {
      set_invalid (error, _("Say whether a work or a personal phone, account or address was "
                            "used."));
      return NULL;
    }
  clean->device = record->device;

  if ((guint) record->initiator >= G_N_ELEMENTS (initiators))
    {
      set_invalid (error, _("Say who started the contact."));
      return NULL;
    }
  clean->initiator = record->initiator;

  if ((guint) record->purpose >= G_N_ELEMENTS (purposes))
    {
      set_invalid (error, _("Choose the purpose of the contact: work, social, coincidental or "
                            "emergency."));
      return NULL;
    }
  clean->purpose = record->purpose;
  clean->planned = record->planned != FALSE;
  clean->approval_id = MAX (record->approval_id, 0);
  clean->add_to_chronology = record->add_to_chronology != FALSE;

  if (clean->add_to_chronology && clean->child_id <= 0)
    {
      set_invalid (error, _("Choose the child to add this contact to their chronology."));
      return NULL;
    }

  return g_steal_pointer (&clean);
}

/* The approval @clean names: it must be one of @staff_id's. NULL and no
 * error when it names none. */
static gboolean
read_own_approval (CwContactRegister  *self,
                   CwDatabase         *database,
                   gint64              staff_id,
                   CwContactRecord    *clean,
                   CwContactApproval **approval_out,
                   GError            **error)
{
  g_autoptr(CwContactApproval) approval = NULL;
  g_autoptr(GError) local_error = NULL;

  *approval_out = NULL;
  if (clean->approval_id <= 0)
    return TRUE;

  approval = read_approval (self, database, clean->approval_id, &local_error);
  if (approval == NULL || approval->staff_id != staff_id)
    {
      if (approval == NULL && !g_error_matches (local_error, CW_CONTACT_ERROR,
                                                CW_CONTACT_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      set_invalid (error, _("The approval chosen is not one of your requests. Choose one of "
                            "your own approvals, or none."));
      return FALSE;
    }

  *approval_out = g_steal_pointer (&approval);
  return TRUE;
}

static void
session_working_hours (CwSession      *session,
                       CwWorkingHours *hours)
{
  g_autofree char *start = cw_session_get_setting (session, "working-day-start");
  g_autofree char *end = cw_session_get_setting (session, "working-day-end");
  g_autofree char *days = cw_session_get_setting (session, "working-days");

  if (!cw_working_hours_parse (hours, start, end, days))
    g_debug ("Working hours settings could not all be read; defaults used for some");
}

/* Flags to store: everything but NOT_REVIEWED. */
static CwContactFlags
stored_flags (CwContactRegister *self,
              CwContactRecord   *clean,
              CwContactApproval *approval)
{
  CwWorkingHours hours;

  session_working_hours (self->session, &hours);

  return cw_contact_compute_flags (clean, &hours, approval) & ~CW_CONTACT_FLAG_NOT_REVIEWED;
}

static gboolean
insert_version (CwDatabase       *database,
                gint64            contact_id,
                int               version,
                gint64            writer_id,
                const char       *reason,
                CwContactRecord  *clean,
                gint64            now,
                GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *day = cw_register_format_date (&clean->date);
  g_autofree char *time = g_strdup_printf ("%02d:%02d", clean->hour, clean->minute);

  stmt = cw_database_prepare (database,
                              "INSERT INTO contact_versions (contact_id, version, written_at, "
                              "written_by, correction_reason, " CONTACT_CONTENT_COLUMNS ") "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
                              "?14, ?15, ?16, ?17, ?18, ?19, ?20)",
                              error);
  if (stmt == NULL)
    return FALSE;

  cw_register_bind_version_head (stmt, contact_id, version, now, writer_id, reason);
  cw_register_bind_text (stmt, 6, day);
  cw_register_bind_text (stmt, 7, time);
  cw_register_bind_id (stmt, 8, clean->child_id);
  cw_register_bind_text (stmt, 9, cw_contact_party_kind_get_id (clean->other_party_kind));
  cw_register_bind_text (stmt, 10, clean->other_party_name);
  cw_register_bind_text (stmt, 11, cw_contact_channel_get_id (clean->channel));
  cw_register_bind_text (stmt, 12, cw_contact_device_get_id (clean->device));
  cw_register_bind_text (stmt, 13, cw_contact_initiator_get_id (clean->initiator));
  sqlite3_bind_int (stmt, 14, clean->planned ? 1 : 0);
  cw_register_bind_text (stmt, 15, cw_contact_purpose_get_id (clean->purpose));
  cw_register_bind_text (stmt, 16, clean->witness);
  cw_register_bind_text (stmt, 17, clean->summary);
  cw_register_bind_text (stmt, 18, clean->follow_up);
  cw_register_bind_id (stmt, 19, clean->approval_id);
  sqlite3_bind_int (stmt, 20, (int) clean->flags);

  return cw_database_step_done (database, stmt, error);
}

/* One line, at most CW_ENTRY_SUMMARY_MAX_CHARS characters. */
static char *
note_summary (CwContactRecord *clean)
{
  g_autofree char *who = NULL;
  g_autofree char *line = NULL;

  if (clean->other_party_name[0] != '\0')
    who = g_strdup_printf (_("%s (%s)"), clean->other_party_name,
                           cw_contact_party_kind_get_title (clean->other_party_kind));
  else
    who = g_strdup (cw_contact_party_kind_get_title (clean->other_party_kind));

  /* Translators: a case note's summary, "Contact by Phone call with Jo Smith (A parent or
   * carer)" */
  line = g_strdup_printf (_("Contact by %s with %s"),
                          cw_contact_channel_get_title (clean->channel), who);
  g_strdelimit (line, "\r\n\t", ' ');

  if (g_utf8_strlen (line, -1) > CW_ENTRY_SUMMARY_MAX_CHARS)
    return g_utf8_substring (line, 0, CW_ENTRY_SUMMARY_MAX_CHARS);

  return g_steal_pointer (&line);
}

/* Adds the contact to the child's chronology as a finished note; returns
 * the entry id, or 0 with @error set. */
static gint64
add_chronology_note (CwContactRegister  *self,
                     CwContactRecord    *clean,
                     GError            **error)
{
  g_autoptr(CwEntryRepository) entries = NULL;
  g_autoptr(CwEntry) draft = NULL;
  g_autofree char *summary = NULL;
  CwStaffMember *me = cw_session_get_staff_member (self->session);
  CwEntryKind kind;

  if (!cw_session_require (self->session, CW_PERMISSION_RECORD_CASE_NOTES, error))
    return 0;

  kind = clean->channel == CW_CONTACT_CHANNEL_PHONE_CALL ? CW_ENTRY_KIND_PHONE_CALL
                                                         : CW_ENTRY_KIND_CASE_NOTE;
  entries = cw_entry_repository_new (self->session);
  draft = cw_entry_repository_create_draft (entries, clean->child_id, kind, error);
  if (draft == NULL)
    return 0;

  summary = note_summary (clean);
  cw_entry_set_event_date (draft, &clean->date);
  cw_entry_set_event_time (draft, clean->hour, clean->minute);
  cw_entry_set_event_precision (draft, CW_EVENT_EXACT);
  cw_entry_set_text (draft, CW_ENTRY_FIELD_SUMMARY, summary);
  cw_entry_set_text (draft, CW_ENTRY_FIELD_OBSERVED_FACTS, clean->summary);
  cw_entry_set_text (draft, CW_ENTRY_FIELD_PRESENT, clean->witness);
  if (clean->follow_up[0] != '\0')
    cw_entry_add_action (draft, cw_entry_action_new (clean->follow_up,
                                                     me != NULL
                                                       ? cw_staff_member_get_display_name (me)
                                                       : "",
                                                     NULL));

  if (!cw_entry_repository_finish (entries, draft, error))
    {
      if (!cw_entry_repository_discard_draft (entries, draft, NULL))
        g_warning ("Could not discard the draft of a contact note");
      return 0;
    }

  return cw_entry_get_id (draft);
}

/* ---------------------------------------------------------------------- */
/* Lists                                                                   */

static void
bind_query_cb (CwSqlStatement *stmt,
               gpointer        user_data)
{
  CwContactQuery *query = user_data;

  cw_register_query_bind_cb (stmt, query);
  cw_register_bind_named_int64 (stmt, ":f_staff", query->filter.staff_id);
  cw_register_bind_named_int64 (stmt, ":f_child", query->filter.child_id);
  cw_register_bind_named_int64 (stmt, ":f_flags",
                                query->filter.any_flags & ~CW_CONTACT_FLAG_NOT_REVIEWED);
}

static char *
filter_where (CwSession             *session,
              const CwContactFilter *filter)
{
  g_autofree char *visible = NULL;
  GString *where = g_string_new ("WHERE ");
  CwContactFlags stored = filter->any_flags & ~CW_CONTACT_FLAG_NOT_REVIEWED;

  /* Flags are in no index: read a team's rows in id order, unless a child
   * or dates narrow them first. */
  if (filter->any_flags != 0 && filter->child_id <= 0 && filter->staff_id <= 0 &&
      !cw_register_date_is_real (&filter->from) && !cw_register_date_is_real (&filter->to))
    visible = CW_REGISTER_VISIBLE_ROWS_WHERE (session, "k", "contacts", "staff_id");
  else
    visible = CW_REGISTER_VISIBLE_WHERE (session, "k.staff_id");
  g_string_append (where, visible);
  if (filter->staff_id > 0)
    g_string_append (where, " AND k.staff_id = :f_staff");
  if (filter->child_id > 0)
    g_string_append (where, " AND k.child_id = :f_child");
  cw_register_where_dates (where, "k.contact_day", &filter->from, &filter->to);
  if (filter->any_flags != 0)
    {
      g_string_append (where, " AND (0");
      if (stored != 0)
        g_string_append (where, " OR (k.flags & :f_flags) <> 0");
      if ((filter->any_flags & CW_CONTACT_FLAG_NOT_REVIEWED) != 0)
        g_string_append (where, " OR k.reviewed = 0");
      g_string_append (where, ")");
    }
  if (filter->unreviewed_only || filter->awaiting_me)
    g_string_append (where, " AND k.reviewed = 0");
  if (filter->awaiting_me)
    g_string_append (where, " AND " CW_REGISTER_AWAITING_ME_SQL ("k.staff_id"));

  return g_string_free (where, FALSE);
}

static CwContactQuery *
query_new (CwSession             *session,
           const CwContactFilter *filter)
{
  CwContactQuery *query = g_new0 (CwContactQuery, 1);

  if (filter != NULL)
    query->filter = *filter;
  else
    cw_contact_filter_init (&query->filter);
  cw_register_query_init (&query->base, session, filter_where (session, &query->filter),
                          &query->filter.from, &query->filter.to, NULL);

  return query;
}

/* Requests for approval I may see, or only those waiting for me. */
static CwRegisterQuery *
approval_query_new (CwSession *session,
                    gboolean   awaiting_me)
{
  CwRegisterQuery *query = g_new0 (CwRegisterQuery, 1);
  g_autofree char *visible = CW_REGISTER_VISIBLE_WHERE (session, "a.staff_id");
  char *where;

  if (awaiting_me)
    where = g_strconcat ("WHERE ", visible, " AND a.status = 'pending' AND "
                         CW_REGISTER_AWAITING_ME_SQL ("a.staff_id"), NULL);
  else
    where = g_strconcat ("WHERE ", visible, NULL);

  cw_register_query_init (query, session, where, NULL, NULL, NULL);
  return query;
}

/* ---------------------------------------------------------------------- */
/* Object                                                                  */

CW_REGISTER_DEFINE_OBJECT (CwContactRegister, cw_contact_register, CW_TYPE_CONTACT_REGISTER,
                           CW_IS_CONTACT_REGISTER)

/* ---------------------------------------------------------------------- */
/* Public                                                                  */

void
cw_contact_register_get_working_hours (CwContactRegister *self,
                                       CwWorkingHours    *hours)
{
  g_return_if_fail (CW_IS_CONTACT_REGISTER (self));
  g_return_if_fail (hours != NULL);

  session_working_hours (self->session, hours);
}

/**
 * cw_contact_register_record:
 *
 * Returns: (transfer full): the stored version 1, or NULL.
 */
CwContactRecord *
cw_contact_register_record (CwContactRegister  *self,
                            CwContactRecord    *record,
                            GError            **error)
{
  g_autoptr(CwContactRecord) clean = NULL;
  g_autoptr(CwContactApproval) approval = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *flag_ids = NULL;
  g_autofree char *detail = NULL;
  CwDatabase *database;
  gint64 me, contact_id, entry_id = 0, now;

  g_return_val_if_fail (CW_IS_CONTACT_REGISTER (self), NULL);
  g_return_val_if_fail (CW_IS_CONTACT_RECORD (record), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!cw_register_require_keep (self->session, error))
    return NULL;
  database = cw_register_get_database (self->session, error);
  me = cw_register_me (self->session);

  clean = validate (self, record, 0, error);
  if (clean == NULL)
    return NULL;
  clean->staff_id = me;

  if (!read_own_approval (self, database, me, clean, &approval, error))
    return NULL;
  clean->flags = stored_flags (self, clean, approval);

  if (clean->add_to_chronology &&
      !cw_session_can (self->session, CW_PERMISSION_RECORD_CASE_NOTES))
    {
      cw_register_set_not_permitted (error, _("Your roles do not include writing case notes, "
                                              "so the contact cannot be added to the child’s "
                                              "chronology."));
      return NULL;
    }

  /* The note first: its repository keeps its own transactions. */
  if (clean->add_to_chronology)
    {
      entry_id = add_chronology_note (self, clean, error);
      if (entry_id <= 0)
        return NULL;
    }

  now = cw_register_now ();

  if (!cw_database_begin (database, error))
    return NULL;

  stmt = cw_database_prepare (database,
                              "INSERT INTO contacts (staff_id, recorded_at, current_version, "
                              "contact_day, contact_time, child_id, flags, reviewed, entry_id) "
                              "VALUES (?1, ?2, 1, '', '', NULL, 0, 0, ?3)",
                              error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, me);
  sqlite3_bind_int64 (stmt, 2, now);
  cw_register_bind_id (stmt, 3, entry_id);
  if (!cw_database_step_done (database, stmt, error))
    goto failed;
  contact_id = cw_database_last_insert_rowid (database);

  if (!insert_version (database, contact_id, 1, me, "", clean, now, error))
    goto failed;

  flag_ids = flags_to_ids (clean->flags);
  if (entry_id > 0)
    detail = g_strdup_printf ("flags: %s; chronology note %" G_GINT64_FORMAT, flag_ids,
                              entry_id);
  else
    detail = g_strdup_printf ("flags: %s", flag_ids);
  if (!cw_register_commit_version (&contact_table, self->session, database, contact_id, 1,
                                   "contact-record", detail, error))
    goto failed;

  return cw_register_read_version (&contact_table, self->session, database, contact_id,
                                   1, error);

failed:
  cw_database_rollback (database);
  if (entry_id > 0)
    g_warning ("A contact's chronology note was kept although the contact was not recorded");
  return NULL;
}

/**
 * cw_contact_register_correct:
 *
 * Returns: (transfer full): the new current version, or NULL.
 */
CwContactRecord *
cw_contact_register_correct (CwContactRegister  *self,
                             gint64              contact_id,
                             CwContactRecord    *corrected,
                             const char         *reason,
                             GError            **error)
{
  g_autoptr(CwContactRecord) current = NULL;
  g_autoptr(CwContactRecord) clean = NULL;
  g_autoptr(CwContactApproval) approval = NULL;
  g_autofree char *clean_reason = NULL;
  g_autofree char *flag_ids = NULL;
  g_autofree char *detail = NULL;
  CwDatabase *database;
  CwRegisterHeader header;
  gint64 me;
  int version;

  g_return_val_if_fail (CW_IS_CONTACT_REGISTER (self), NULL);
  g_return_val_if_fail (CW_IS_CONTACT_RECORD (corrected), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  current = cw_register_start_correction (&contact_table, self->session, contact_id,
                                          _("Only the person who recorded a contact can "
                                            "correct it."),
                                          reason, &header, &clean_reason, error);
  if (current == NULL)
    return NULL;
  database = cw_register_get_database (self->session, error);
  me = cw_register_me (self->session);

  clean = validate (self, corrected, current->child_id, error);
  if (clean == NULL)
    return NULL;
  clean->staff_id = me;
  clean->add_to_chronology = FALSE;

  if (!read_own_approval (self, database, me, clean, &approval, error))
    return NULL;
  clean->flags = stored_flags (self, clean, approval);
  version = header.current_version + 1;

  if (!cw_database_begin (database, error))
    return NULL;

  if (!insert_version (database, contact_id, version, me, clean_reason, clean,
                       cw_register_now (), error))
    goto failed;

  flag_ids = flags_to_ids (clean->flags);
  detail = g_strdup_printf ("version %d; flags: %s", version, flag_ids);
  if (!cw_register_commit_version (&contact_table, self->session, database, contact_id, version,
                                   "contact-correct", detail, error))
    goto failed;

  return cw_register_read_version (&contact_table, self->session, database, contact_id,
                                   version, error);

failed:
  cw_database_rollback (database);
  return NULL;
}

static gboolean
check_may_review (CwContactRegister  *self,
                  gint64              owner_id,
                  GError            **error)
{
  if (cw_register_may_review (self->session, owner_id))
    return TRUE;

  if (owner_id == cw_register_me (self->session))
    cw_register_set_not_permitted (error, _("You cannot review or approve your own contacts. "
                                            "Your line manager or the Designated Safeguarding "
                                            "Lead does."));
  else
    cw_register_set_not_permitted (error, _("Only the line manager of the member of staff or "
                                            "the Designated Safeguarding Lead can review or "
                                            "approve their contacts."));
  return FALSE;
}

gboolean
cw_contact_register_review (CwContactRegister  *self,
                            gint64              contact_id,
                            const char         *comment,
                            const char         *further_action,
                            GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *clean_comment = NULL;
  g_autofree char *clean_action = NULL;
  g_autofree char *detail = NULL;
  CwDatabase *database;
  CwRegisterHeader header;

  g_return_val_if_fail (CW_IS_CONTACT_REGISTER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  database = cw_register_get_database (self->session, error);
  if (database == NULL)
    return FALSE;

  if (!cw_register_read_header (&contact_table, self->session, database, contact_id,
                                &header, error) ||
      !check_may_review (self, header.owner_id, error) ||
      !cw_register_clean_reason (&contact_table, comment, _("Write a comment on the contact."),
                                 &clean_comment, error) ||
      !cw_register_clean_reason (&contact_table, further_action, NULL, &clean_action, error))
    return FALSE;

  if (header.settled)
    {
      g_set_error_literal (error, CW_CONTACT_ERROR, CW_CONTACT_ERROR_STATE,
                           _("This contact has already been reviewed. To review it differently, "
                             "change the review and give the reason."));
      return FALSE;
    }

  if (!cw_database_begin (database, error))
    return FALSE;

  stmt = cw_database_prepare (database,
                              "UPDATE contact_versions SET reviewed_by = ?1, reviewed_at = ?2, "
                              "review_comment = ?3, further_action = ?4 WHERE contact_id = ?5 "
                              "AND version = ?6 AND reviewed_at IS NULL",
                              error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, cw_register_me (self->session));
  sqlite3_bind_int64 (stmt, 2, cw_register_now ());
  cw_register_bind_text (stmt, 3, clean_comment);
  cw_register_bind_text (stmt, 4, clean_action);
  sqlite3_bind_int64 (stmt, 5, contact_id);
  sqlite3_bind_int (stmt, 6, header.current_version);
  if (!cw_database_step_done (database, stmt, error))
    goto failed;

  detail = g_strdup_printf ("version %d", header.current_version);
  if (!cw_register_commit_version (&contact_table, self->session, database, contact_id,
                                   header.current_version, "contact-review", detail, error))
    goto failed;

  return TRUE;

failed:
  cw_database_rollback (database);
  return FALSE;
}

gboolean
cw_contact_register_change_review (CwContactRegister  *self,
                                   gint64              contact_id,
                                   const char         *comment,
                                   const char         *further_action,
                                   const char         *correction_reason,
                                   GError            **error)
{
  g_autofree char *clean_comment = NULL;
  g_autofree char *clean_action = NULL;
  g_autofree char *clean_reason = NULL;
  g_autofree char *detail = NULL;
  CwDatabase *database;
  CwRegisterHeader header;
  int version;

  g_return_val_if_fail (CW_IS_CONTACT_REGISTER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  database = cw_register_get_database (self->session, error);
  if (database == NULL)
    return FALSE;

  if (!cw_register_read_header (&contact_table, self->session, database, contact_id,
                                &header, error) ||
      !check_may_review (self, header.owner_id, error) ||
      !cw_register_clean_reason (&contact_table, comment, _("Write a comment on the contact."),
                                 &clean_comment, error) ||
      !cw_register_clean_reason (&contact_table, further_action, NULL, &clean_action, error) ||
      !cw_register_clean_reason (&contact_table, correction_reason,
                                 _("Give the reason for changing the review."), &clean_reason,
                                 error))
    return FALSE;

  if (!header.settled)
    {
      g_set_error_literal (error, CW_CONTACT_ERROR, CW_CONTACT_ERROR_STATE,
                           _("This contact has not been reviewed yet. Review it instead."));
      return FALSE;
    }

  version = header.current_version + 1;

  if (!cw_database_begin (database, error))
    return FALSE;

  if (!cw_register_append_changed_version (self->session, database,
                                           "INSERT INTO contact_versions (contact_id, version, "
                                           "written_at, written_by, correction_reason, "
                                           CONTACT_CONTENT_COLUMNS ", reviewed_by, reviewed_at, "
                                           "review_comment, further_action) "
                                           "SELECT contact_id, ?1, ?2, ?3, ?4, "
                                           CONTACT_CONTENT_COLUMNS ", ?3, ?2, ?5, ?6 "
                                           "FROM contact_versions "
                                           "WHERE contact_id = ?7 AND version = ?8",
                                           contact_id, header.current_version, clean_reason,
                                           clean_comment, clean_action, error))
    goto failed;

  detail = g_strdup_printf ("version %d", version);
  if (!cw_register_commit_version (&contact_table, self->session, database, contact_id, version,
                                   "contact-review-change", detail, error))
    goto failed;

  return TRUE;

failed:
  cw_database_rollback (database);
  return FALSE;
}

gboolean
cw_contact_register_may_review (CwContactRegister *self,
                                CwContactRecord   *record)
{
  g_return_val_if_fail (CW_IS_CONTACT_REGISTER (self), FALSE);
  g_return_val_if_fail (CW_IS_CONTACT_RECORD (record), FALSE);

  return cw_register_may_review (self->session, record->staff_id);
}

/**
 * cw_contact_register_load:
 *
 * Returns: (transfer full): the version, or NULL.
 */
CwContactRecord *
cw_contact_register_load (CwContactRegister  *self,
                          gint64              contact_id,
                          int                 version,
                          GError            **error)
{
  g_return_val_if_fail (CW_IS_CONTACT_REGISTER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return cw_register_load (&contact_table, self->session, contact_id, version, error);
}

/**
 * cw_contact_register_list_versions:
 *
 * Returns: (transfer full) (element-type CwContactRecord): every version,
 *   oldest first; NULL on error. Audited once ("view", detail "history").
 */
GPtrArray *
cw_contact_register_list_versions (CwContactRegister  *self,
                                   gint64              contact_id,
                                   GError            **error)
{
  g_return_val_if_fail (CW_IS_CONTACT_REGISTER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return cw_register_list_versions (&contact_table, self->session, contact_id, error);
}

/**
 * cw_contact_register_list:
 * @filter: (nullable): which rows
 *
 * Returns: (transfer full): a lazy GListModel of CwContactRecord, newest
 *   contact first.
 */
GListModel *
cw_contact_register_list (CwContactRegister     *self,
                          const CwContactFilter *filter)
{
  g_return_val_if_fail (CW_IS_CONTACT_REGISTER (self), NULL);

  return cw_register_list_new (query_new (self->session, filter), CW_TYPE_CONTACT_RECORD,
                               "SELECT " CONTACT_COLUMNS, "contacts k", "k",
                               CONTACT_CURRENT_JOINS, CONTACT_COUNT,
                               "k.contact_day DESC, k.contact_time DESC, k.id DESC",
                               bind_query_cb, record_from_row);
}

gint64
cw_contact_register_count (CwContactRegister     *self,
                           const CwContactFilter *filter)
{
  g_return_val_if_fail (CW_IS_CONTACT_REGISTER (self), 0);

  return cw_register_count_query (query_new (self->session, filter), CONTACT_COUNT,
                                  bind_query_cb);
}

gint64
cw_contact_register_count_awaiting_review (CwContactRegister *self)
{
  CwContactFilter filter;

  g_return_val_if_fail (CW_IS_CONTACT_REGISTER (self), 0);

  cw_contact_filter_init (&filter);
  filter.awaiting_me = TRUE;

  return cw_contact_register_count (self, &filter);
}

/**
 * cw_contact_register_request_approval:
 * @request: the planned date, the details and, optionally, the child and
 *   the other person's name
 *
 * Returns: (transfer full): the stored, pending request.
 */
CwContactApproval *
cw_contact_register_request_approval (CwContactRegister  *self,
                                      CwContactApproval  *request,
                                      GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *party = NULL;
  g_autofree char *details = NULL;
  g_autofree char *planned = NULL;
  CwDatabase *database;
  gint64 me, approval_id;

  g_return_val_if_fail (CW_IS_CONTACT_REGISTER (self), NULL);
  g_return_val_if_fail (CW_IS_CONTACT_APPROVAL (request), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!cw_register_require_keep (self->session, error))
    return NULL;
  database = cw_register_get_database (self->session, error);
  me = cw_register_me (self->session);

  if (!cw_register_date_is_real (&request->planned_date) ||
      g_date_get_year (&request->planned_date) < EARLIEST_YEAR)
    {
      set_invalid (error, _("Give the date of the planned contact."));
      return NULL;
    }

  party = cw_register_clean_text (request->other_party_name, _("Name of the person"), FALSE,
                                  MAX_SHORT_CHARS, FALSE, CW_CONTACT_ERROR,
                                  CW_CONTACT_ERROR_INVALID, error);
  if (party == NULL)
    return NULL;
  details = cw_register_clean_text (request->details, _("What is planned"), TRUE,
                                    MAX_LONG_CHARS, TRUE, CW_CONTACT_ERROR,
                                    CW_CONTACT_ERROR_INVALID, error);
  if (details == NULL)
    return NULL;

  if (request->child_id > 0 && !cw_session_may_view_child (self->session, request->child_id))
    {
      cw_register_set_child_not_permitted (error);
      return NULL;
    }
  if (request->child_id <= 0 && party[0] == '\0')
    {
      set_invalid (error, _("Choose the child, or name the person, the contact is planned "
                            "with."));
      return NULL;
    }

  planned = cw_register_format_date (&request->planned_date);

  if (!cw_database_begin (database, error))
    return NULL;

  stmt = cw_database_prepare (database,
                              "INSERT INTO contact_approvals (staff_id, requested_at, child_id, "
                              "other_party_name, planned_date, details) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                              error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, me);
  sqlite3_bind_int64 (stmt, 2, cw_register_now ());
  cw_register_bind_id (stmt, 3, request->child_id);
  cw_register_bind_text (stmt, 4, party);
  cw_register_bind_text (stmt, 5, planned);
  cw_register_bind_text (stmt, 6, details);
  if (!cw_database_step_done (database, stmt, error))
    goto failed;
  approval_id = cw_database_last_insert_rowid (database);

  if (!cw_register_audit (self->session, "contact-approval-request", "contact-approval",
                          approval_id, "", error) ||
      !cw_database_commit (database, error))
    goto failed;

  return read_approval (self, database, approval_id, error);

failed:
  cw_database_rollback (database);
  return NULL;
}

gboolean
cw_contact_register_decide_approval (CwContactRegister  *self,
                                     gint64              approval_id,
                                     gboolean            approve,
                                     const char         *reason,
                                     GError            **error)
{
  g_autoptr(CwContactApproval) approval = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *clean_reason = NULL;
  CwDatabase *database;

  g_return_val_if_fail (CW_IS_CONTACT_REGISTER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  database = cw_register_get_database (self->session, error);
  if (database == NULL)
    return FALSE;

  approval = read_approval (self, database, approval_id, error);
  if (approval == NULL)
    return FALSE;
  if (!cw_register_may_see (self->session, approval->staff_id))
    {
      set_approval_not_found (error);
      return FALSE;
    }

  if (!check_may_review (self, approval->staff_id, error) ||
      !cw_register_clean_reason (&contact_table, reason, _("Give the reason for the decision."),
                                 &clean_reason, error))
    return FALSE;

  if (approval->status != CW_APPROVAL_PENDING)
    {
      g_set_error_literal (error, CW_CONTACT_ERROR, CW_CONTACT_ERROR_STATE,
                           _("This request has already been decided. Ask for a new approval "
                             "instead."));
      return FALSE;
    }

  if (!cw_database_begin (database, error))
    return FALSE;

  stmt = cw_database_prepare (database,
                              "UPDATE contact_approvals SET status = ?1, decided_by = ?2, "
                              "decided_at = ?3, decision_reason = ?4 WHERE id = ?5 "
                              "AND status = 'pending'",
                              error);
  if (stmt == NULL)
    goto failed;
  cw_register_bind_text (stmt, 1, cw_approval_status_get_id (approve ? CW_APPROVAL_APPROVED
                                                                     : CW_APPROVAL_DECLINED));
  sqlite3_bind_int64 (stmt, 2, cw_register_me (self->session));
  sqlite3_bind_int64 (stmt, 3, cw_register_now ());
  cw_register_bind_text (stmt, 4, clean_reason);
  sqlite3_bind_int64 (stmt, 5, approval_id);
  if (!cw_database_step_done (database, stmt, error))
    goto failed;

  if (!cw_register_audit (self->session, "contact-approval-decide", "contact-approval",
                          approval_id, approve ? "approved" : "declined", error) ||
      !cw_database_commit (database, error))
    goto failed;

  return TRUE;

failed:
  cw_database_rollback (database);
  return FALSE;
}

/**
 * cw_contact_register_load_approval:
 *
 * Returns: (transfer full): the request and its decision, or NULL
 *   (CW_CONTACT_ERROR_NOT_FOUND also for one I may not see).
 */
CwContactApproval *
cw_contact_register_load_approval (CwContactRegister  *self,
                                   gint64              approval_id,
                                   GError            **error)
{
  g_autoptr(CwContactApproval) approval = NULL;
  CwDatabase *database;

  g_return_val_if_fail (CW_IS_CONTACT_REGISTER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  database = cw_register_get_database (self->session, error);
  if (database == NULL)
    return NULL;

  approval = read_approval (self, database, approval_id, error);
  if (approval == NULL)
    return NULL;

  if (!cw_register_may_see (self->session, approval->staff_id))
    {
      set_approval_not_found (error);
      return NULL;
    }

  return g_steal_pointer (&approval);
}

/**
 * cw_contact_register_list_approvals:
 *
 * Returns: (transfer full): a lazy GListModel of CwContactApproval.
 */
GListModel *
cw_contact_register_list_approvals (CwContactRegister *self,
                                    gboolean           awaiting_me)
{
  g_return_val_if_fail (CW_IS_CONTACT_REGISTER (self), NULL);

  return cw_register_list_new (approval_query_new (self->session, awaiting_me),
                               CW_TYPE_CONTACT_APPROVAL,
                               "SELECT " APPROVAL_COLUMNS, "contact_approvals a", "a",
                               APPROVAL_JOINS, APPROVAL_COUNT,
                               "a.planned_date DESC, a.id DESC", cw_register_query_bind_cb,
                               approval_from_row);
}

gint64
cw_contact_register_count_approvals_awaiting (CwContactRegister *self)
{
  g_return_val_if_fail (CW_IS_CONTACT_REGISTER (self), 0);

  return cw_register_count_query (approval_query_new (self->session, TRUE), APPROVAL_COUNT,
                                  cw_register_query_bind_cb);
}
