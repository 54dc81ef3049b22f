/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-photo-consent"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "cw-child-repository-private.h"
#include "cw-child-repository.h"
#include "cw-database-private.h"
#include "cw-photo-consent.h"
#include "cw-register-private.h"
#include "cw-sql-list-model.h"

/*
 * The photo_consents and photo_consent_versions tables
 * (data/sql/0004-registers.sql) and the photo decision. The header copies
 * the current version's dates and never-publish flag for lists.
 */

#define MAX_SHORT_CHARS   200
#define MAX_LONG_CHARS    4000
#define EARLIEST_YEAR     1900

#define CONSENT_COLUMNS \
  "p.id, v.version, p.child_id, p.recorded_by, rb.display_name, p.created_at, v.written_at, " \
  "v.written_by, v.correction_reason, v.consenter_name, v.relationship, v.written_consent, " \
  "v.form_reference, v.child_agreement, v.child_agreed_on, v.purpose_case_record, " \
  "v.purpose_displays, v.purpose_newsletters, v.purpose_website, v.purpose_social_media, " \
  "v.purpose_press, v.purpose_promotional, v.naming, v.date_given, v.review_date, " \
  "v.retention, v.withdrawn_on, v.withdrawn_by, v.withdrawal_action, v.never_publish, " \
  "v.manager_consent_by, m.display_name, v.manager_consent_at, c.given_names, c.family_name, " \
  "c.preferred_name, (CASE WHEN " CW_CHILD_VISIBLE_SQL ("p.child_id") " THEN 1 ELSE 0 END)"

#define CONSENT_JOINS \
  "JOIN staff rb ON rb.id = p.recorded_by " \
  "LEFT JOIN staff m ON m.id = v.manager_consent_by " \
  "LEFT JOIN children c ON c.id = p.child_id "

#define CONSENT_CURRENT_JOINS \
  "JOIN photo_consent_versions v ON v.consent_id = p.id AND v.version = p.current_version " \
  CONSENT_JOINS

#define CONSENT_CURRENT_FROM "FROM photo_consents p " CONSENT_CURRENT_JOINS

#define CONSENT_ANY_VERSION_FROM \
  "FROM photo_consents p JOIN photo_consent_versions v ON v.consent_id = p.id " CONSENT_JOINS

#define CONSENT_COUNT "SELECT count(*) FROM photo_consents p "

/* Who sees a consent record: those who may see the child, and the
 * register's own/team/all rule for the person who first recorded it. */
#define CONSENT_VISIBLE_SQL \
  "(" CW_CHILD_VISIBLE_SQL ("p.child_id") " OR " CW_REGISTER_VISIBLE_SQL ("p.recorded_by") ")"

/* For someone who sees neither every child nor every register row: the
 * consents of children allocated to me or my team or shared with me, or
 * recorded by me or my team. CONSENT_VISIBLE_SQL's rows are among these,
 * and the indexes on the child and on the recorder find them. */
#define CONSENT_MINE_OR_TEAM_SQL \
  "(" CW_REGISTER_OWNER_IN_TEAM_SQL ("p.recorded_by") " OR p.child_id IN (" \
  "SELECT cw_vis_k.id FROM children cw_vis_k WHERE cw_vis_k.allocated_worker_id = :cw_me " \
  "OR cw_vis_k.allocated_worker_id IN (SELECT cw_vis_t.id FROM staff cw_vis_t " \
  "WHERE cw_vis_t.line_manager_id = :cw_me) " \
  "UNION ALL SELECT cw_vis_h.child_id FROM child_shares cw_vis_h " \
  "WHERE cw_vis_h.staff_id = :cw_me))"

enum
{
  COL_ID,
  COL_VERSION,
  COL_CHILD_ID,
  COL_RECORDED_BY,
  COL_RECORDED_BY_NAME,
  COL_CREATED_AT,
  COL_WRITTEN_AT,
  COL_WRITTEN_BY,
  COL_CORRECTION_REASON,
  COL_CONSENTER_NAME,
  COL_RELATIONSHIP,
  COL_WRITTEN_CONSENT,
  COL_FORM_REFERENCE,
  COL_CHILD_AGREEMENT,
  COL_CHILD_AGREED_ON,
  COL_PURPOSE_FIRST,
  COL_NAMING = COL_PURPOSE_FIRST + CW_PHOTO_PURPOSE_LAST,
  COL_DATE_GIVEN,
  COL_REVIEW_DATE,
  COL_RETENTION,
  COL_WITHDRAWN_ON,
  COL_WITHDRAWN_BY,
  COL_WITHDRAWAL_ACTION,
  COL_NEVER_PUBLISH,
  COL_MANAGER_CONSENT_BY,
  COL_MANAGER_CONSENT_NAME,
  COL_MANAGER_CONSENT_AT,
  COL_CHILD_GIVEN,
  COL_CHILD_FAMILY,
  COL_CHILD_PREFERRED,
  COL_CHILD_VISIBLE,
};

struct _CwPhotoConsent
{
  GObject                parent_instance;

  gint64                 id;
  int                    version;
  gint64                 recorded_by;
  char                  *recorded_by_name;
  gint64                 created_at;
  gint64                 written_at;
  gint64                 written_by;
  char                  *correction_reason;
  char                  *child_name;
  gint64                 manager_consent_by;
  char                  *manager_consent_name;
  gint64                 manager_consent_at;

  gint64                 child_id;
  char                  *consenter_name;
  CwPhotoRelationship    relationship;
  gboolean               written_consent;
  char                  *form_reference;
  CwPhotoChildAgreement  child_agreement;
  GDate                  child_agreed_on;
  CwPhotoPermission      permissions[CW_PHOTO_PURPOSE_LAST];
  CwPhotoNaming          naming;
  GDate                  date_given;
  GDate                  review_date;
  char                  *retention;
  GDate                  withdrawn_on;
  char                  *withdrawn_by;
  char                  *withdrawal_action;
  gboolean               never_publish;
};

struct _CwPhotoConsentRegister
{
  GObject    parent_instance;

  CwSession *session;
};

G_DEFINE_FINAL_TYPE (CwPhotoConsent, cw_photo_consent, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE (CwPhotoConsentRegister, cw_photo_consent_register, G_TYPE_OBJECT)

G_DEFINE_QUARK (cw-photo-consent-error-quark, cw_photo_consent_error)

typedef struct
{
  CwRegisterQuery      base;
  CwPhotoConsentFilter filter;
} CwConsentQuery;

/* ---------------------------------------------------------------------- */
/* Names                                                                   */

static const struct
{
  const char *id;
  const char *title;
} relationships[] = {
  [CW_PHOTO_BY_PARENT_CARER] = { "parent-carer",
                                 N_("Parent or carer with parental responsibility") },
  [CW_PHOTO_BY_LOCAL_AUTHORITY] = { "local-authority",
                                    N_("Local authority (looked-after child)") },
  [CW_PHOTO_BY_CHILD] = { "child", N_("The child") },
};

static const struct
{
  const char *id;
  const char *column;
  const char *title;
} purposes[CW_PHOTO_PURPOSE_LAST] = {
  [CW_PHOTO_PURPOSE_CASE_RECORD] = { "case-record", "purpose_case_record",
                                     N_("Case record or assessment evidence") },
  [CW_PHOTO_PURPOSE_DISPLAYS] = { "displays", "purpose_displays",
                                  N_("Displays in the setting") },
  [CW_PHOTO_PURPOSE_NEWSLETTERS] = { "newsletters", "purpose_newsletters",
                                     N_("Newsletters and printed publications") },
  [CW_PHOTO_PURPOSE_WEBSITE] = { "website", "purpose_website", N_("Website") },
  [CW_PHOTO_PURPOSE_SOCIAL_MEDIA] = { "social-media", "purpose_social_media",
                                      N_("Social media") },
  [CW_PHOTO_PURPOSE_PRESS] = { "press", "purpose_press", N_("Press") },
  [CW_PHOTO_PURPOSE_PROMOTIONAL] = { "promotional", "purpose_promotional",
                                     N_("Promotional material") },
};

static const char * const agreement_ids[] = {
  [CW_PHOTO_CHILD_NOT_ASKED] = "not-asked",
  [CW_PHOTO_CHILD_AGREED] = "agreed",
  [CW_PHOTO_CHILD_DID_NOT_AGREE] = "did-not-agree",
};

static const char * const naming_ids[] = {
  [CW_PHOTO_NAMING_NO_NAME] = "no-name",
  [CW_PHOTO_NAMING_FIRST_NAME] = "first-name",
};

/* In the order the sentences are given. */
static const struct
{
  CwPhotoReasons  reason;
  const char     *id;
  const char     *sentence;
} reason_table[] = {
  { CW_PHOTO_REASON_NEVER_PUBLISH, "never-publish",
    N_("For safeguarding reasons, images of this child must never be published.") },
  { CW_PHOTO_REASON_WITHDRAWN, "withdrawn",
    N_("Consent has been withdrawn.") },
  { CW_PHOTO_REASON_NO_CONSENT, "no-consent",
    N_("There is no recorded consent for this use of an image.") },
  { CW_PHOTO_REASON_PURPOSE_REFUSED, "purpose-refused",
    N_("Consent for this purpose was refused.") },
  { CW_PHOTO_REASON_EXPIRED, "expired",
    N_("The consent is due for review: its review date has been reached.") },
  { CW_PHOTO_REASON_NOT_IN_WRITING, "not-in-writing",
    N_("There is no written consent form on file.") },
  { CW_PHOTO_REASON_PARENT_CONSENT_MISSING, "parent-consent-missing",
    N_("A child of this age needs the consent of a parent or carer with parental "
       "responsibility, or of the local authority.") },
  { CW_PHOTO_REASON_CHILD_AGREEMENT_MISSING, "child-agreement-missing",
    N_("A child of this age must agree themselves, and their agreement is not recorded.") },
  { CW_PHOTO_REASON_MANAGER_CONSENT_MISSING, "manager-consent-missing",
    N_("Promotional use needs the manager’s consent, which is not recorded.") },
  { CW_PHOTO_REASON_DATE_OF_BIRTH_UNKNOWN, "date-of-birth-unknown",
    N_("The child’s date of birth is not known, so whose consent is needed cannot be "
       "worked out. Record the date of birth first.") },
};

const char *
cw_photo_relationship_get_id (CwPhotoRelationship relationship)
{
  if ((guint) relationship >= G_N_ELEMENTS (relationships))
    return "";
  return relationships[relationship].id;
}

const char *
cw_photo_relationship_get_title (CwPhotoRelationship relationship)
{
  if ((guint) relationship >= G_N_ELEMENTS (relationships))
    return "";
  return _(relationships[relationship].title);
}

static CwPhotoRelationship
relationship_from_id (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (relationships); i++)
    if (g_strcmp0 (relationships[i].id, id) == 0)
      return (CwPhotoRelationship) i;

  return CW_PHOTO_BY_PARENT_CARER;
}

const char *
cw_photo_purpose_get_id (CwPhotoPurpose purpose)
{
  if ((guint) purpose >= CW_PHOTO_PURPOSE_LAST)
    return "";
  return purposes[purpose].id;
}

const char *
cw_photo_purpose_get_title (CwPhotoPurpose purpose)
{
  if ((guint) purpose >= CW_PHOTO_PURPOSE_LAST)
    return "";
  return _(purposes[purpose].title);
}

gboolean
cw_photo_purpose_from_id (const char     *id,
                          CwPhotoPurpose *out)
{
  for (guint i = 0; i < CW_PHOTO_PURPOSE_LAST; i++)
    if (g_strcmp0 (purposes[i].id, id) == 0)
      {
        *out = (CwPhotoPurpose) i;
        return TRUE;
      }

  return FALSE;
}

gboolean
cw_photo_purpose_is_publication (CwPhotoPurpose purpose)
{
  return purpose != CW_PHOTO_PURPOSE_CASE_RECORD;
}

const char *
cw_photo_permission_get_title (CwPhotoPermission permission)
{
  switch (permission)
    {
    case CW_PHOTO_GRANTED:
      return _("Granted");
    case CW_PHOTO_REFUSED:
      return _("Refused");
    case CW_PHOTO_NOT_ASKED:
    default:
      return _("Not asked");
    }
}

const char *
cw_photo_naming_get_title (CwPhotoNaming naming)
{
  return naming == CW_PHOTO_NAMING_FIRST_NAME ? _("First name only") : _("No name");
}

const char *
cw_photo_child_agreement_get_title (CwPhotoChildAgreement agreement)
{
  switch (agreement)
    {
    case CW_PHOTO_CHILD_AGREED:
      return _("The child agreed");
    case CW_PHOTO_CHILD_DID_NOT_AGREE:
      return _("The child did not agree");
    case CW_PHOTO_CHILD_NOT_ASKED:
    default:
      return _("The child was not asked");
    }
}

const char *
cw_photo_reason_get_sentence (CwPhotoReasons reason)
{
  for (guint i = 0; i < G_N_ELEMENTS (reason_table); i++)
    if (reason_table[i].reason == reason)
      return _(reason_table[i].sentence);

  return "";
}

static char *
reasons_to_ids (CwPhotoReasons reasons)
{
  GString *out = g_string_new ("");

  for (guint i = 0; i < G_N_ELEMENTS (reason_table); i++)
    {
      if ((reasons & reason_table[i].reason) == 0)
        continue;
      if (out->len > 0)
        g_string_append_c (out, ',');
      g_string_append (out, reason_table[i].id);
    }

  return g_string_free (out, FALSE);
}

static int
index_of (const char * const *ids,
          gsize               n,
          const char         *id)
{
  for (gsize i = 0; i < n; i++)
    if (g_strcmp0 (ids[i], id) == 0)
      return (int) i;

  return 0;
}

/* ---------------------------------------------------------------------- */
/* CwPhotoConsent                                                          */

#define TEXT_ACCESSORS(field) \
  CW_REGISTER_TEXT_ACCESSORS (CwPhotoConsent, cw_photo_consent, CW_IS_PHOTO_CONSENT, field)

#define VALUE_ACCESSORS(type, field) \
  CW_REGISTER_VALUE_ACCESSORS (CwPhotoConsent, cw_photo_consent, CW_IS_PHOTO_CONSENT, type, field)

#define DATE_ACCESSORS(field) \
  CW_REGISTER_DATE_ACCESSORS (CwPhotoConsent, cw_photo_consent, CW_IS_PHOTO_CONSENT, field)

VALUE_ACCESSORS (gint64, id)
VALUE_ACCESSORS (int, version)
VALUE_ACCESSORS (gint64, recorded_by)
TEXT_ACCESSORS (recorded_by_name)
VALUE_ACCESSORS (gint64, created_at)
VALUE_ACCESSORS (gint64, written_at)
VALUE_ACCESSORS (gint64, written_by)
TEXT_ACCESSORS (correction_reason)
VALUE_ACCESSORS (gint64, manager_consent_by)
TEXT_ACCESSORS (manager_consent_name)
VALUE_ACCESSORS (gint64, manager_consent_at)
VALUE_ACCESSORS (gint64, child_id)
TEXT_ACCESSORS (consenter_name)
VALUE_ACCESSORS (CwPhotoRelationship, relationship)
VALUE_ACCESSORS (gboolean, written_consent)
TEXT_ACCESSORS (form_reference)
VALUE_ACCESSORS (CwPhotoChildAgreement, child_agreement)
DATE_ACCESSORS (child_agreed_on)
VALUE_ACCESSORS (CwPhotoNaming, naming)
DATE_ACCESSORS (date_given)
DATE_ACCESSORS (review_date)
TEXT_ACCESSORS (retention)
DATE_ACCESSORS (withdrawn_on)
TEXT_ACCESSORS (withdrawn_by)
TEXT_ACCESSORS (withdrawal_action)
VALUE_ACCESSORS (gboolean, never_publish)
CW_REGISTER_NULLABLE_TEXT_ACCESSORS (CwPhotoConsent, cw_photo_consent, CW_IS_PHOTO_CONSENT,
                                     child_name)

#undef TEXT_ACCESSORS
#undef VALUE_ACCESSORS
#undef DATE_ACCESSORS

CwPhotoPermission
cw_photo_consent_get_permission (CwPhotoConsent *self,
                                 CwPhotoPurpose  purpose)
{
  g_return_val_if_fail (CW_IS_PHOTO_CONSENT (self), CW_PHOTO_NOT_ASKED);
  g_return_val_if_fail ((guint) purpose < CW_PHOTO_PURPOSE_LAST, CW_PHOTO_NOT_ASKED);

  return self->permissions[purpose];
}

void
cw_photo_consent_set_permission (CwPhotoConsent    *self,
                                 CwPhotoPurpose     purpose,
                                 CwPhotoPermission  permission)
{
  g_return_if_fail (CW_IS_PHOTO_CONSENT (self));
  g_return_if_fail ((guint) purpose < CW_PHOTO_PURPOSE_LAST);

  self->permissions[purpose] = permission;
}

static void
cw_photo_consent_finalize (GObject *object)
{
  CwPhotoConsent *self = CW_PHOTO_CONSENT (object);

  g_free (self->recorded_by_name);
  g_free (self->correction_reason);
  g_free (self->child_name);
  g_free (self->manager_consent_name);
  g_free (self->consenter_name);
  g_free (self->form_reference);
  g_free (self->retention);
  g_free (self->withdrawn_by);
  g_free (self->withdrawal_action);

  G_OBJECT_CLASS (cw_photo_consent_parent_class)->finalize (object);
}

static void
cw_photo_consent_class_init (CwPhotoConsentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cw_photo_consent_finalize;
}

static void
cw_photo_consent_init (CwPhotoConsent *self)
{
  self->recorded_by_name = g_strdup ("");
  self->correction_reason = g_strdup ("");
  self->manager_consent_name = g_strdup ("");
  self->consenter_name = g_strdup ("");
  self->form_reference = g_strdup ("");
  self->retention = g_strdup ("");
  self->withdrawn_by = g_strdup ("");
  self->withdrawal_action = g_strdup ("");
  g_date_clear (&self->child_agreed_on, 1);
  g_date_clear (&self->date_given, 1);
  g_date_clear (&self->review_date, 1);
  g_date_clear (&self->withdrawn_on, 1);
}

CwPhotoConsent *
cw_photo_consent_new (void)
{
  return g_object_new (CW_TYPE_PHOTO_CONSENT, NULL);
}

CwPhotoConsent *
cw_photo_consent_copy (CwPhotoConsent *self)
{
  CwPhotoConsent *copy;

  g_return_val_if_fail (CW_IS_PHOTO_CONSENT (self), NULL);

  copy = cw_photo_consent_new ();
  copy->id = self->id;
  copy->version = self->version;
  copy->recorded_by = self->recorded_by;
  cw_photo_consent_set_recorded_by_name (copy, self->recorded_by_name);
  copy->created_at = self->created_at;
  copy->written_at = self->written_at;
  copy->written_by = self->written_by;
  cw_photo_consent_set_correction_reason (copy, self->correction_reason);
  cw_photo_consent_set_child_name (copy, self->child_name);
  copy->manager_consent_by = self->manager_consent_by;
  cw_photo_consent_set_manager_consent_name (copy, self->manager_consent_name);
  copy->manager_consent_at = self->manager_consent_at;
  copy->child_id = self->child_id;
  cw_photo_consent_set_consenter_name (copy, self->consenter_name);
  copy->relationship = self->relationship;
  copy->written_consent = self->written_consent;
  cw_photo_consent_set_form_reference (copy, self->form_reference);
  copy->child_agreement = self->child_agreement;
  copy->child_agreed_on = self->child_agreed_on;
  memcpy (copy->permissions, self->permissions, sizeof copy->permissions);
  copy->naming = self->naming;
  copy->date_given = self->date_given;
  copy->review_date = self->review_date;
  cw_photo_consent_set_retention (copy, self->retention);
  copy->withdrawn_on = self->withdrawn_on;
  cw_photo_consent_set_withdrawn_by (copy, self->withdrawn_by);
  cw_photo_consent_set_withdrawal_action (copy, self->withdrawal_action);
  copy->never_publish = self->never_publish;

  return copy;
}

/* ---------------------------------------------------------------------- */
/* The decision                                                            */

static gboolean
date_on_or_before (const GDate *date,
                   const GDate *on)
{
  return cw_register_date_is_real (date) && g_date_compare (date, on) <= 0;
}

/* The more recent of two records (date given, then id). */
static CwPhotoConsent *
later_of (CwPhotoConsent *a,
          CwPhotoConsent *b)
{
  int cmp;

  if (a == NULL)
    return b;
  if (b == NULL)
    return a;

  cmp = g_date_compare (&a->date_given, &b->date_given);
  if (cmp != 0)
    return cmp > 0 ? a : b;

  return a->id >= b->id ? a : b;
}

/* Checks one record used for the decision; adds its reasons. */
static CwPhotoReasons
check_record (CwPhotoConsent *record,
              CwPhotoPurpose  purpose,
              const GDate    *on)
{
  CwPhotoReasons reasons = CW_PHOTO_REASON_NONE;

  if (date_on_or_before (&record->withdrawn_on, on))
    reasons |= CW_PHOTO_REASON_WITHDRAWN;
  if (date_on_or_before (&record->review_date, on))
    reasons |= CW_PHOTO_REASON_EXPIRED;
  if (!record->written_consent)
    reasons |= CW_PHOTO_REASON_NOT_IN_WRITING;

  switch (record->permissions[purpose])
    {
    case CW_PHOTO_GRANTED:
      break;
    case CW_PHOTO_REFUSED:
      reasons |= CW_PHOTO_REASON_PURPOSE_REFUSED;
      break;
    case CW_PHOTO_NOT_ASKED:
    default:
      reasons |= CW_PHOTO_REASON_NO_CONSENT;
      break;
    }

  return reasons;
}

gboolean
cw_photo_consent_decide (CwChild          *child,
                         GPtrArray        *consents,
                         CwPhotoPurpose    purpose,
                         const GDate      *on,
                         CwPhotoDecision  *decision_out)
{
  CwPhotoDecision decision = { 0 };
  CwPhotoConsent *parent_side = NULL;
  CwPhotoConsent *child_side = NULL;
  g_autoptr(GPtrArray) used = g_ptr_array_new ();
  gboolean approximate = FALSE;
  gboolean any_given = FALSE;
  gboolean manager = FALSE;
  gint64 child_id;
  int age;

  g_return_val_if_fail (CW_IS_CHILD (child), FALSE);
  g_return_val_if_fail (on != NULL && cw_register_date_is_real (on), FALSE);
  g_return_val_if_fail ((guint) purpose < CW_PHOTO_PURPOSE_LAST, FALSE);

  child_id = cw_child_get_id (child);
  decision.naming = CW_PHOTO_NAMING_NO_NAME;

  /* The age rule. */
  age = cw_child_get_age_on (child, on, &approximate);
  decision.age = age;
  decision.age_approximate = approximate;
  if (age < 0)
    decision.reasons |= CW_PHOTO_REASON_DATE_OF_BIRTH_UNKNOWN;
  else
    {
      int youngest = approximate ? MAX (age - 1, 0) : age;
      int oldest = approximate ? age + 1 : age;

      decision.needs_parent = youngest < 17;
      decision.needs_child = oldest >= 13;
    }

  /* The most recent record on each side, among those given by @on. */
  for (guint i = 0; consents != NULL && i < consents->len; i++)
    {
      CwPhotoConsent *record = g_ptr_array_index (consents, i);

      g_return_val_if_fail (CW_IS_PHOTO_CONSENT (record), FALSE);

      if (child_id > 0 && record->child_id > 0 && record->child_id != child_id)
        continue;

      /* The safeguarding flag stands whatever the dates say. */
      if (record->never_publish && cw_photo_purpose_is_publication (purpose))
        decision.reasons |= CW_PHOTO_REASON_NEVER_PUBLISH;

      if (!date_on_or_before (&record->date_given, on))
        continue;

      any_given = TRUE;
      if (record->relationship == CW_PHOTO_BY_CHILD)
        child_side = later_of (child_side, record);
      else
        parent_side = later_of (parent_side, record);
    }

  if (!any_given)
    decision.reasons |= CW_PHOTO_REASON_NO_CONSENT;
  else if (age < 0)
    {
      /* No age rule: check what there is. */
      if (parent_side != NULL)
        g_ptr_array_add (used, parent_side);
      if (child_side != NULL)
        g_ptr_array_add (used, child_side);
    }
  else
    {
      if (decision.needs_parent)
        {
          if (parent_side != NULL)
            g_ptr_array_add (used, parent_side);
          else
            decision.reasons |= CW_PHOTO_REASON_PARENT_CONSENT_MISSING;
        }

      if (decision.needs_child)
        {
          if (child_side != NULL)
            g_ptr_array_add (used, child_side);
          else if (parent_side != NULL &&
                   parent_side->child_agreement == CW_PHOTO_CHILD_AGREED &&
                   (!g_date_valid (&parent_side->child_agreed_on) ||
                    date_on_or_before (&parent_side->child_agreed_on, on)))
            {
              if (!decision.needs_parent)
                g_ptr_array_add (used, parent_side);
            }
          else
            decision.reasons |= CW_PHOTO_REASON_CHILD_AGREEMENT_MISSING;
        }
    }

  for (guint i = 0; i < used->len; i++)
    {
      CwPhotoConsent *record = g_ptr_array_index (used, i);

      decision.reasons |= check_record (record, purpose, on);
      if (record->manager_consent_by > 0)
        manager = TRUE;
      if (i == 0)
        decision.naming = record->naming;
      else if (record->naming == CW_PHOTO_NAMING_NO_NAME)
        decision.naming = CW_PHOTO_NAMING_NO_NAME;
    }

  if (purpose == CW_PHOTO_PURPOSE_PROMOTIONAL && !manager)
    decision.reasons |= CW_PHOTO_REASON_MANAGER_CONSENT_MISSING;

  decision.allowed = decision.reasons == CW_PHOTO_REASON_NONE;

  if (decision_out != NULL)
    *decision_out = decision;

  return decision.allowed;
}

GStrv
cw_photo_decision_dup_sentences (const CwPhotoDecision *decision)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (decision != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (reason_table); i++)
    if ((decision->reasons & reason_table[i].reason) != 0)
      g_strv_builder_add (builder, _(reason_table[i].sentence));

  return g_strv_builder_end (builder);
}

void
cw_photo_consent_filter_init (CwPhotoConsentFilter *filter)
{
  g_return_if_fail (filter != NULL);

  memset (filter, 0, sizeof *filter);
  g_date_clear (&filter->from, 1);
  g_date_clear (&filter->to, 1);
  g_date_clear (&filter->review_due_on, 1);
}

/* ---------------------------------------------------------------------- */
/* Reading                                                                 */

static GObject *
consent_from_row (CwSqlStatement *stmt,
                  gpointer        user_data)
{
  CwPhotoConsent *consent = cw_photo_consent_new ();

  consent->id = sqlite3_column_int64 (stmt, COL_ID);
  consent->version = sqlite3_column_int (stmt, COL_VERSION);
  consent->child_id = sqlite3_column_int64 (stmt, COL_CHILD_ID);
  consent->recorded_by = sqlite3_column_int64 (stmt, COL_RECORDED_BY);
  cw_photo_consent_set_recorded_by_name (consent,
                                         cw_register_column_text (stmt, COL_RECORDED_BY_NAME));
  consent->created_at = sqlite3_column_int64 (stmt, COL_CREATED_AT);
  consent->written_at = sqlite3_column_int64 (stmt, COL_WRITTEN_AT);
  consent->written_by = sqlite3_column_int64 (stmt, COL_WRITTEN_BY);
  cw_photo_consent_set_correction_reason (consent,
                                          cw_register_column_text (stmt,
                                                                   COL_CORRECTION_REASON));
  cw_photo_consent_set_consenter_name (consent,
                                       cw_register_column_text (stmt, COL_CONSENTER_NAME));
  consent->relationship = relationship_from_id (cw_register_column_text (stmt,
                                                                         COL_RELATIONSHIP));
  consent->written_consent = sqlite3_column_int (stmt, COL_WRITTEN_CONSENT) != 0;
  cw_photo_consent_set_form_reference (consent,
                                       cw_register_column_text (stmt, COL_FORM_REFERENCE));
  consent->child_agreement = index_of (agreement_ids, G_N_ELEMENTS (agreement_ids),
                                       cw_register_column_text (stmt, COL_CHILD_AGREEMENT));
  cw_register_parse_date (cw_register_column_text (stmt, COL_CHILD_AGREED_ON),
                          &consent->child_agreed_on);
  for (guint i = 0; i < CW_PHOTO_PURPOSE_LAST; i++)
    {
      int value = sqlite3_column_int (stmt, COL_PURPOSE_FIRST + (int) i);

      consent->permissions[i] = value == 1 ? CW_PHOTO_GRANTED
                              : value == 2 ? CW_PHOTO_REFUSED : CW_PHOTO_NOT_ASKED;
    }
  consent->naming = index_of (naming_ids, G_N_ELEMENTS (naming_ids),
                              cw_register_column_text (stmt, COL_NAMING));
  cw_register_parse_date (cw_register_column_text (stmt, COL_DATE_GIVEN), &consent->date_given);
  cw_register_parse_date (cw_register_column_text (stmt, COL_REVIEW_DATE),
                          &consent->review_date);
  cw_photo_consent_set_retention (consent, cw_register_column_text (stmt, COL_RETENTION));
  cw_register_parse_date (cw_register_column_text (stmt, COL_WITHDRAWN_ON),
                          &consent->withdrawn_on);
  cw_photo_consent_set_withdrawn_by (consent, cw_register_column_text (stmt, COL_WITHDRAWN_BY));
  cw_photo_consent_set_withdrawal_action (consent,
                                          cw_register_column_text (stmt,
                                                                   COL_WITHDRAWAL_ACTION));
  consent->never_publish = sqlite3_column_int (stmt, COL_NEVER_PUBLISH) != 0;
  consent->manager_consent_by = sqlite3_column_int64 (stmt, COL_MANAGER_CONSENT_BY);
  cw_photo_consent_set_manager_consent_name (consent,
                                             cw_register_column_text (stmt,
                                                                      COL_MANAGER_CONSENT_NAME));
  consent->manager_consent_at = sqlite3_column_int64 (stmt, COL_MANAGER_CONSENT_AT);

  if (sqlite3_column_int (stmt, COL_CHILD_VISIBLE) != 0)
    consent->child_name =
      cw_register_child_name (cw_register_column_text (stmt, COL_CHILD_GIVEN),
                              cw_register_column_text (stmt, COL_CHILD_FAMILY),
                              cw_register_column_text (stmt, COL_CHILD_PREFERRED));

  return G_OBJECT (consent);
}

static void
set_invalid (GError     **error,
             const char  *message)
{
  g_set_error_literal (error, CW_PHOTO_CONSENT_ERROR, CW_PHOTO_CONSENT_ERROR_INVALID, message);
}

/* Who may see the child, or the record under the register's own rule for
 * the person who first recorded it. */
static gboolean
may_see_consent (CwSession              *session,
                 const CwRegisterHeader *header)
{
  return cw_session_may_view_child (session, header->child_id) ||
         cw_register_may_see (session, header->owner_id);
}

static const CwRegisterCopy copied_columns[] = {
  { "date_given", "date_given" },
  { "review_date", "review_date" },
  { "withdrawn_on", "withdrawn_on" },
  { "never_publish", "never_publish" },
  { NULL, NULL },
};

static const CwRegisterTable consent_table = {
  .header_table = "photo_consents",
  .versions_table = "photo_consent_versions",
  .row_column = "consent_id",
  .object_type = "photo-consent",
  .reading = "reading a photo consent",
  .header_sql = "SELECT recorded_by, current_version, 0, child_id FROM photo_consents "
                "WHERE id = ?1",
  .version_sql = "SELECT " CONSENT_COLUMNS " " CONSENT_ANY_VERSION_FROM
                 "WHERE p.id = :row AND v.version = "
                 "(CASE WHEN :version > 0 THEN :version ELSE p.current_version END)",
  .copied = copied_columns,
  .from_row = consent_from_row,
  .may_see = may_see_consent,
  .error_quark = cw_photo_consent_error_quark,
  .not_found_code = CW_PHOTO_CONSENT_ERROR_NOT_FOUND,
  .invalid_code = CW_PHOTO_CONSENT_ERROR_INVALID,
  .not_found = N_("This photo consent record could not be found."),
  .version_not_found = N_("This version of the photo consent record does not exist."),
  .max_reason_chars = MAX_LONG_CHARS,
};

/* The child's records, current versions; no permission check. */
static GPtrArray *
read_for_child (CwPhotoConsentRegister  *self,
                CwDatabase              *database,
                gint64                   child_id,
                GError                 **error)
{
  g_autoptr(GPtrArray) consents = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = cw_database_prepare (database,
                              "SELECT " CONSENT_COLUMNS " " CONSENT_CURRENT_FROM
                              "WHERE p.child_id = :child ORDER BY p.date_given, p.id",
                              error);
  if (stmt == NULL)
    return NULL;

  cw_register_bind_visibility (self->session, stmt);
  cw_register_bind_named_int64 (stmt, ":child", child_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (consents, consent_from_row (stmt, NULL));

  if (rc != SQLITE_DONE)
    {
      cw_database_set_error (database, error, rc, "reading photo consents");
      return NULL;
    }

  return g_steal_pointer (&consents);
}

/* ---------------------------------------------------------------------- */
/* Writing                                                                 */

static gboolean
check_past_date (const GDate  *date,
                 const char   *missing,
                 const char   *future,
                 GError      **error)
{
  GDate today;

  if (!cw_register_date_is_real (date) || g_date_get_year (date) < EARLIEST_YEAR)
    {
      set_invalid (error, missing);
      return FALSE;
    }

  cw_register_today (&today);
  if (g_date_compare (date, &today) > 0)
    {
      set_invalid (error, future);
      return FALSE;
    }

  return TRUE;
}

/* Checks a record and returns a copy to store (system fields empty). */
static CwPhotoConsent *
validate (CwPhotoConsentRegister  *self,
          CwPhotoConsent          *consent,
          GError                 **error)
{
  g_autoptr(CwPhotoConsent) clean = cw_photo_consent_new ();

  if (consent->child_id <= 0)
    {
      set_invalid (error, _("Choose the child the consent is for."));
      return NULL;
    }
  clean->child_id = consent->child_id;

  if (!cw_register_clean_field (&consent_table, &clean->consenter_name, consent->consenter_name,
                                _("Who gave consent"), TRUE, MAX_SHORT_CHARS, FALSE, error) ||
      !cw_register_clean_field (&consent_table, &clean->form_reference, consent->form_reference,
                                _("Consent form reference"), FALSE, MAX_SHORT_CHARS, FALSE,
                                error) ||
      !cw_register_clean_field (&consent_table, &clean->retention, consent->retention,
                                _("How long images are kept"), FALSE, MAX_LONG_CHARS, TRUE,
                                error) ||
      !cw_register_clean_field (&consent_table, &clean->withdrawn_by, consent->withdrawn_by,
                                _("Withdrawn by"), FALSE, MAX_SHORT_CHARS, FALSE, error) ||
      !cw_register_clean_field (&consent_table, &clean->withdrawal_action,
                                consent->withdrawal_action, _("Action taken on withdrawal"),
                                FALSE, MAX_LONG_CHARS, TRUE, error))
    return NULL;

  if ((guint) consent->relationship >= G_N_ELEMENTS (relationships))
    {
      set_invalid (error, _("Say who gave consent: a parent or carer with parental "
                            "responsibility, the local authority, or the child."));
      return NULL;
    }
  clean->relationship = consent->relationship;

  clean->written_consent = consent->written_consent != FALSE;
  if (clean->written_consent && clean->form_reference[0] == '\0')
    {
      set_invalid (error, _("Give the reference of the written consent form held."));
      return NULL;
    }

  if ((guint) consent->child_agreement >= G_N_ELEMENTS (agreement_ids))
    {
      set_invalid (error, _("Say whether the child agreed."));
      return NULL;
    }
  clean->child_agreement = consent->child_agreement;
  if (g_date_valid (&consent->child_agreed_on))
    {
      if (!check_past_date (&consent->child_agreed_on,
                            _("The date the child agreed is not a real date."),
                            _("The date the child agreed cannot be in the future."), error))
        return NULL;
      clean->child_agreed_on = consent->child_agreed_on;
    }

  for (guint i = 0; i < CW_PHOTO_PURPOSE_LAST; i++)
    {
      if ((guint) consent->permissions[i] > CW_PHOTO_REFUSED)
        {
          set_invalid (error, _("Say for each purpose whether it was granted or refused."));
          return NULL;
        }
      clean->permissions[i] = consent->permissions[i];
    }

  if ((guint) consent->naming >= G_N_ELEMENTS (naming_ids))
    {
      set_invalid (error, _("Choose how the child may be named: no name, or first name "
                            "only."));
      return NULL;
    }
  clean->naming = consent->naming;

  if (!check_past_date (&consent->date_given, _("Give the date consent was given."),
                        _("The date consent was given cannot be in the future."), error))
    return NULL;
  clean->date_given = consent->date_given;

  if (g_date_valid (&consent->review_date))
    {
      if (!cw_register_date_is_real (&consent->review_date) ||
          g_date_compare (&consent->review_date, &consent->date_given) <= 0)
        {
          set_invalid (error, _("The review date must be after the date consent was given."));
          return NULL;
        }
      clean->review_date = consent->review_date;
    }

  if (g_date_valid (&consent->withdrawn_on))
    {
      if (!check_past_date (&consent->withdrawn_on,
                            _("The date of withdrawal is not a real date."),
                            _("The date of withdrawal cannot be in the future."), error))
        return NULL;
      if (g_date_compare (&consent->withdrawn_on, &consent->date_given) < 0)
        {
          set_invalid (error, _("Consent cannot be withdrawn before it was given. Check the "
                                "dates."));
          return NULL;
        }
      if (clean->withdrawn_by[0] == '\0')
        {
          set_invalid (error, _("Say who withdrew consent."));
          return NULL;
        }
      clean->withdrawn_on = consent->withdrawn_on;
    }
  else if (clean->withdrawn_by[0] != '\0' || clean->withdrawal_action[0] != '\0')
    {
      set_invalid (error, _("Give the date consent was withdrawn."));
      return NULL;
    }

  clean->never_publish = consent->never_publish != FALSE;

  return g_steal_pointer (&clean);
}

static gboolean
insert_version (CwDatabase      *database,
                gint64           consent_id,
                int              version,
                gint64           writer_id,
                const char      *reason,
                CwPhotoConsent  *clean,
                gint64           now,
                GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *agreed_on = cw_register_format_date (&clean->child_agreed_on);
  g_autofree char *given = cw_register_format_date (&clean->date_given);
  g_autofree char *review = cw_register_format_date (&clean->review_date);
  g_autofree char *withdrawn = cw_register_format_date (&clean->withdrawn_on);

  stmt = cw_database_prepare (database,
                              "INSERT INTO photo_consent_versions (consent_id, version, "
                              "written_at, written_by, correction_reason, consenter_name, "
                              "relationship, written_consent, form_reference, child_agreement, "
                              "child_agreed_on, purpose_case_record, purpose_displays, "
                              "purpose_newsletters, purpose_website, purpose_social_media, "
                              "purpose_press, purpose_promotional, naming, date_given, "
                              "review_date, retention, withdrawn_on, withdrawn_by, "
                              "withdrawal_action, never_publish, manager_consent_by, "
                              "manager_consent_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                              "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, "
                              "?23, ?24, ?25, ?26, ?27, ?28)",
                              error);
  if (stmt == NULL)
    return FALSE;

  cw_register_bind_version_head (stmt, consent_id, version, now, writer_id, reason);
  cw_register_bind_text (stmt, 6, clean->consenter_name);
  cw_register_bind_text (stmt, 7, cw_photo_relationship_get_id (clean->relationship));
  sqlite3_bind_int (stmt, 8, clean->written_consent ? 1 : 0);
  cw_register_bind_text (stmt, 9, clean->form_reference);
  cw_register_bind_text (stmt, 10, agreement_ids[clean->child_agreement]);
  cw_register_bind_text (stmt, 11, agreed_on);
  for (guint i = 0; i < CW_PHOTO_PURPOSE_LAST; i++)
    sqlite3_bind_int (stmt, 12 + (int) i, (int) clean->permissions[i]);
  cw_register_bind_text (stmt, 19, naming_ids[clean->naming]);
  cw_register_bind_text (stmt, 20, given);
  cw_register_bind_text (stmt, 21, review);
  cw_register_bind_text (stmt, 22, clean->retention);
  cw_register_bind_text (stmt, 23, withdrawn);
  cw_register_bind_text (stmt, 24, clean->withdrawn_by);
  cw_register_bind_text (stmt, 25, clean->withdrawal_action);
  sqlite3_bind_int (stmt, 26, clean->never_publish ? 1 : 0);
  cw_register_bind_id (stmt, 27, clean->manager_consent_by);
  if (clean->manager_consent_by > 0)
    sqlite3_bind_int64 (stmt, 28, clean->manager_consent_at);
  else
    sqlite3_bind_null (stmt, 28);

  return cw_database_step_done (database, stmt, error);
}

/* Writes the next version of @consent_id in one audited transaction.
 * Returns: (transfer full): the new version, or NULL. */
static CwPhotoConsent *
write_new_version (CwPhotoConsentRegister  *self,
                   CwDatabase              *database,
                   gint64                   consent_id,
                   CwRegisterHeader        *header,
                   const char              *reason,
                   CwPhotoConsent          *clean,
                   const char              *action,
                   GError                 **error)
{
  int version = header->current_version + 1;
  g_autofree char *detail = g_strdup_printf ("version %d", version);

  if (!cw_database_begin (database, error))
    return NULL;

  if (!insert_version (database, consent_id, version, cw_register_me (self->session), reason,
                       clean, cw_register_now (), error) ||
      !cw_register_commit_version (&consent_table, self->session, database, consent_id,
                                   version, action, detail, error))
    {
      cw_database_rollback (database);
      return NULL;
    }

  return cw_register_read_version (&consent_table, self->session, database, consent_id,
                                   version, error);
}

/* Keep registers, and see the child. */
static gboolean
require_child (CwPhotoConsentRegister  *self,
               gint64                   child_id,
               GError                 **error)
{
  if (!cw_register_require_keep (self->session, error))
    return FALSE;

  if (!cw_session_may_view_child (self->session, child_id))
    {
      cw_register_set_child_not_permitted (error);
      return FALSE;
    }

  return TRUE;
}

/* The open database and the header of a record I may change (keep
 * registers and see the child), or NULL. */
static CwDatabase *
read_header_to_change (CwPhotoConsentRegister  *self,
                       gint64                   consent_id,
                       CwRegisterHeader        *header,
                       GError                 **error)
{
  CwDatabase *database = cw_register_get_database (self->session, error);

  if (database == NULL ||
      !cw_register_read_header (&consent_table, self->session, database, consent_id, header,
                                error) ||
      !require_child (self, header->child_id, error))
    return NULL;

  return database;
}

/* ---------------------------------------------------------------------- */
/* Lists                                                                   */

static void
bind_query_cb (CwSqlStatement *stmt,
               gpointer        user_data)
{
  CwConsentQuery *query = user_data;

  cw_register_query_bind_cb (stmt, query);
  cw_register_bind_named_int64 (stmt, ":f_child", query->filter.child_id);
  cw_register_bind_named_int64 (stmt, ":f_recorder", query->filter.recorded_by);
}

static char *
filter_where (CwSession                  *session,
              const CwPhotoConsentFilter *filter)
{
  GString *where = g_string_new ("WHERE " CONSENT_VISIBLE_SQL);
  gboolean mine_or_team = !cw_register_sees_all (session) &&
                          !cw_session_can (session, CW_PERMISSION_VIEW_ALL_CHILDREN);

  if (mine_or_team)
    g_string_append (where, " AND " CONSENT_MINE_OR_TEAM_SQL);

  if (filter->child_id > 0)
    g_string_append (where, " AND p.child_id = :f_child");
  if (filter->recorded_by > 0)
    g_string_append (where, " AND p.recorded_by = :f_recorder");
  cw_register_where_dates (where, "p.date_given", &filter->from, &filter->to);
  /* For someone who sees only their own and their team's, the indexes on
   * the child and the recorder find fewer rows than the one on the review
   * date: the unary + keeps SQLite from choosing the latter. */
  if (cw_register_date_is_real (&filter->review_due_on))
    g_string_append (where, mine_or_team
                            ? " AND +p.withdrawn_on = '' AND +p.review_date <> '' "
                              "AND +p.review_date <= :f_due"
                            : " AND p.withdrawn_on = '' AND p.review_date <> '' "
                              "AND p.review_date <= :f_due");
  if (filter->withdrawn_only)
    g_string_append (where, " AND p.withdrawn_on <> ''");
  if (filter->never_publish_only)
    g_string_append (where, " AND p.never_publish = 1");

  return g_string_free (where, FALSE);
}

static CwConsentQuery *
query_new (CwSession                  *session,
           const CwPhotoConsentFilter *filter)
{
  CwConsentQuery *query = g_new0 (CwConsentQuery, 1);

  if (filter != NULL)
    query->filter = *filter;
  else
    cw_photo_consent_filter_init (&query->filter);
  cw_register_query_init (&query->base, session, filter_where (session, &query->filter),
                          &query->filter.from, &query->filter.to, &query->filter.review_due_on);

  return query;
}

/* ---------------------------------------------------------------------- */
/* Object                                                                  */

CW_REGISTER_DEFINE_OBJECT (CwPhotoConsentRegister, cw_photo_consent_register,
                           CW_TYPE_PHOTO_CONSENT_REGISTER, CW_IS_PHOTO_CONSENT_REGISTER)

/* ---------------------------------------------------------------------- */
/* Public                                                                  */

/**
 * cw_photo_consent_register_record:
 *
 * Returns: (transfer full): the stored version 1, or NULL.
 */
CwPhotoConsent *
cw_photo_consent_register_record (CwPhotoConsentRegister  *self,
                                  CwPhotoConsent          *consent,
                                  GError                 **error)
{
  g_autoptr(CwPhotoConsent) clean = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  CwDatabase *database;
  gint64 me, consent_id, now;

  g_return_val_if_fail (CW_IS_PHOTO_CONSENT_REGISTER (self), NULL);
  g_return_val_if_fail (CW_IS_PHOTO_CONSENT (consent), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!cw_register_require_keep (self->session, error))
    return NULL;
  database = cw_register_get_database (self->session, error);
  me = cw_register_me (self->session);

  clean = validate (self, consent, error);
  if (clean == NULL || !require_child (self, clean->child_id, error))
    return NULL;

  now = cw_register_now ();

  if (!cw_database_begin (database, error))
    return NULL;

  stmt = cw_database_prepare (database,
                              "INSERT INTO photo_consents (child_id, recorded_by, created_at, "
                              "current_version, date_given) VALUES (?1, ?2, ?3, 1, '')",
                              error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, clean->child_id);
  sqlite3_bind_int64 (stmt, 2, me);
  sqlite3_bind_int64 (stmt, 3, now);
  if (!cw_database_step_done (database, stmt, error))
    goto failed;
  consent_id = cw_database_last_insert_rowid (database);

  if (!insert_version (database, consent_id, 1, me, "", clean, now, error) ||
      !cw_register_commit_version (&consent_table, self->session, database, consent_id, 1,
                                   "photo-consent-record",
                                   clean->never_publish ? "never-publish" : "", error))
    goto failed;

  return cw_register_read_version (&consent_table, self->session, database, consent_id, 1,
                                   error);

failed:
  cw_database_rollback (database);
  return NULL;
}

/**
 * cw_photo_consent_register_correct:
 *
 * Returns: (transfer full): the new current version, or NULL.
 */
CwPhotoConsent *
cw_photo_consent_register_correct (CwPhotoConsentRegister  *self,
                                   gint64                   consent_id,
                                   CwPhotoConsent          *corrected,
                                   const char              *reason,
                                   GError                 **error)
{
  g_autoptr(CwPhotoConsent) clean = NULL;
  g_autofree char *clean_reason = NULL;
  CwDatabase *database;
  CwRegisterHeader header;

  g_return_val_if_fail (CW_IS_PHOTO_CONSENT_REGISTER (self), NULL);
  g_return_val_if_fail (CW_IS_PHOTO_CONSENT (corrected), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  database = read_header_to_change (self, consent_id, &header, error);
  if (database == NULL ||
      !cw_register_clean_reason (&consent_table, reason, _("Give the reason for the correction."),
                                 &clean_reason, error))
    return NULL;

  if (cw_photo_consent_get_child_id (corrected) <= 0)
    {
      g_autoptr(CwPhotoConsent) with_child = cw_photo_consent_copy (corrected);

      with_child->child_id = header.child_id;
      clean = validate (self, with_child, error);
    }
  else
    clean = validate (self, corrected, error);
  if (clean == NULL)
    return NULL;

  if (clean->child_id != header.child_id)
    {
      set_invalid (error, _("A consent record cannot be moved to another child. Record the "
                            "consent on the right child instead."));
      return NULL;
    }

  return write_new_version (self, database, consent_id, &header, clean_reason, clean,
                            "photo-consent-correct", error);
}

/**
 * cw_photo_consent_register_withdraw:
 *
 * Returns: (transfer full): the new current version, or NULL.
 */
CwPhotoConsent *
cw_photo_consent_register_withdraw (CwPhotoConsentRegister  *self,
                                    gint64                   consent_id,
                                    const GDate             *on,
                                    const char              *withdrawn_by,
                                    const char              *action_taken,
                                    GError                 **error)
{
  g_autoptr(CwPhotoConsent) current = NULL;
  g_autoptr(CwPhotoConsent) clean = NULL;
  g_autoptr(CwPhotoConsent) changed = NULL;
  CwDatabase *database;
  CwRegisterHeader header;

  g_return_val_if_fail (CW_IS_PHOTO_CONSENT_REGISTER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  database = read_header_to_change (self, consent_id, &header, error);
  if (database == NULL)
    return NULL;

  current = cw_register_read_version (&consent_table, self->session, database, consent_id, 0,
                                      error);
  if (current == NULL)
    return NULL;

  if (g_date_valid (&current->withdrawn_on))
    {
      g_set_error_literal (error, CW_PHOTO_CONSENT_ERROR, CW_PHOTO_CONSENT_ERROR_STATE,
                           _("This consent has already been withdrawn."));
      return NULL;
    }

  if (on == NULL || !g_date_valid (on))
    {
      set_invalid (error, _("Give the date consent was withdrawn."));
      return NULL;
    }

  changed = cw_photo_consent_copy (current);
  cw_photo_consent_set_withdrawn_on (changed, on);
  cw_photo_consent_set_withdrawn_by (changed, withdrawn_by);
  cw_photo_consent_set_withdrawal_action (changed, action_taken);

  clean = validate (self, changed, error);
  if (clean == NULL)
    return NULL;
  /* Withdrawal changes nothing else: the manager's consent is kept. */
  clean->manager_consent_by = current->manager_consent_by;
  clean->manager_consent_at = current->manager_consent_at;

  return write_new_version (self, database, consent_id, &header, _("Consent withdrawn."), clean,
                            "photo-consent-withdraw", error);
}

/**
 * cw_photo_consent_register_give_manager_consent:
 *
 * Returns: (transfer full): the new current version, or NULL.
 */
CwPhotoConsent *
cw_photo_consent_register_give_manager_consent (CwPhotoConsentRegister  *self,
                                                gint64                   consent_id,
                                                GError                 **error)
{
  g_autoptr(CwPhotoConsent) current = NULL;
  g_autoptr(CwPhotoConsent) changed = NULL;
  CwDatabase *database;
  CwRegisterHeader header;

  g_return_val_if_fail (CW_IS_PHOTO_CONSENT_REGISTER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  database = read_header_to_change (self, consent_id, &header, error);
  if (database == NULL)
    return NULL;

  if (!cw_session_can (self->session, CW_PERMISSION_REVIEW_TEAM_REGISTERS) &&
      !cw_session_can (self->session, CW_PERMISSION_REVIEW_ALL_REGISTERS))
    {
      cw_register_set_not_permitted (error, _("Only a line manager or the Designated "
                                              "Safeguarding Lead can give the manager’s "
                                              "consent."));
      return NULL;
    }

  current = cw_register_read_version (&consent_table, self->session, database, consent_id, 0,
                                      error);
  if (current == NULL)
    return NULL;

  if (current->manager_consent_by > 0)
    {
      g_set_error_literal (error, CW_PHOTO_CONSENT_ERROR, CW_PHOTO_CONSENT_ERROR_STATE,
                           _("The manager’s consent has already been given."));
      return NULL;
    }

  changed = cw_photo_consent_copy (current);
  changed->manager_consent_by = cw_register_me (self->session);
  changed->manager_consent_at = cw_register_now ();

  return write_new_version (self, database, consent_id, &header, _("Manager’s consent given."),
                            changed, "photo-consent-manager", error);
}

/**
 * cw_photo_consent_register_load:
 *
 * Returns: (transfer full): the version, or NULL.
 */
CwPhotoConsent *
cw_photo_consent_register_load (CwPhotoConsentRegister  *self,
                                gint64                   consent_id,
                                int                      version,
                                GError                 **error)
{
  g_return_val_if_fail (CW_IS_PHOTO_CONSENT_REGISTER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return cw_register_load (&consent_table, self->session, consent_id, version, error);
}

/**
 * cw_photo_consent_register_list_versions:
 *
 * Returns: (transfer full) (element-type CwPhotoConsent): every version,
 *   oldest first; NULL on error. Audited once ("view", detail "history").
 */
GPtrArray *
cw_photo_consent_register_list_versions (CwPhotoConsentRegister  *self,
                                         gint64                   consent_id,
                                         GError                 **error)
{
  g_return_val_if_fail (CW_IS_PHOTO_CONSENT_REGISTER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return cw_register_list_versions (&consent_table, self->session, consent_id, error);
}

/**
 * cw_photo_consent_register_list_for_child:
 *
 * Returns: (transfer full) (element-type CwPhotoConsent): the current
 *   version of each of the child's records, oldest given first.
 */
GPtrArray *
cw_photo_consent_register_list_for_child (CwPhotoConsentRegister  *self,
                                          gint64                   child_id,
                                          GError                 **error)
{
  CwDatabase *database;

  g_return_val_if_fail (CW_IS_PHOTO_CONSENT_REGISTER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  database = cw_register_get_database (self->session, error);
  if (database == NULL)
    return NULL;

  if (!cw_session_may_view_child (self->session, child_id))
    {
      cw_register_set_child_not_permitted (error);
      return NULL;
    }

  return read_for_child (self, database, child_id, error);
}

gboolean
cw_photo_consent_register_check (CwPhotoConsentRegister  *self,
                                 gint64                   child_id,
                                 CwPhotoPurpose           purpose,
                                 const GDate             *on,
                                 CwPhotoDecision         *decision_out,
                                 GError                 **error)
{
  g_autoptr(CwChildRepository) children = NULL;
  g_autoptr(CwChild) child = NULL;
  g_autoptr(GPtrArray) consents = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *reason_ids = NULL;
  CwPhotoDecision decision;
  CwDatabase *database;

  g_return_val_if_fail (CW_IS_PHOTO_CONSENT_REGISTER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  database = cw_register_get_database (self->session, error);
  if (database == NULL)
    return FALSE;

  if ((guint) purpose >= CW_PHOTO_PURPOSE_LAST)
    {
      set_invalid (error, _("Choose what the image would be used for."));
      return FALSE;
    }
  if (on == NULL || !cw_register_date_is_real (on))
    {
      set_invalid (error, _("Give the date the image would be used."));
      return FALSE;
    }

  children = cw_child_repository_new (self->session);
  child = cw_child_repository_lookup (children, child_id, error);
  if (child == NULL)
    return FALSE;

  consents = read_for_child (self, database, child_id, error);
  if (consents == NULL)
    return FALSE;

  cw_photo_consent_decide (child, consents, purpose, on, &decision);

  reason_ids = reasons_to_ids (decision.reasons);
  if (decision.allowed)
    detail = g_strdup_printf ("%s: allowed", cw_photo_purpose_get_id (purpose));
  else
    detail = g_strdup_printf ("%s: not allowed (%s)", cw_photo_purpose_get_id (purpose),
                              reason_ids);
  if (!cw_register_audit (self->session, "photo-consent-check", "child", child_id, detail,
                          error))
    return FALSE;

  if (decision_out != NULL)
    *decision_out = decision;

  return TRUE;
}

/**
 * cw_photo_consent_register_list:
 * @filter: (nullable): which rows
 *
 * Returns: (transfer full): a lazy GListModel of CwPhotoConsent.
 */
GListModel *
cw_photo_consent_register_list (CwPhotoConsentRegister     *self,
                                const CwPhotoConsentFilter *filter)
{
  g_return_val_if_fail (CW_IS_PHOTO_CONSENT_REGISTER (self), NULL);

  return cw_register_list_new (query_new (self->session, filter), CW_TYPE_PHOTO_CONSENT,
                               "SELECT " CONSENT_COLUMNS, "photo_consents p", "p",
                               CONSENT_CURRENT_JOINS, CONSENT_COUNT, "p.date_given DESC, p.id DESC",
                               bind_query_cb, consent_from_row);
}

gint64
cw_photo_consent_register_count (CwPhotoConsentRegister     *self,
                                 const CwPhotoConsentFilter *filter)
{
  g_return_val_if_fail (CW_IS_PHOTO_CONSENT_REGISTER (self), 0);

  return cw_register_count_query (query_new (self->session, filter), CONSENT_COUNT,
                                  bind_query_cb);
}

gint64
cw_photo_consent_register_count_reviews_due (CwPhotoConsentRegister *self,
                                             const GDate            *on)
{
  CwPhotoConsentFilter filter;

  g_return_val_if_fail (CW_IS_PHOTO_CONSENT_REGISTER (self), 0);
  g_return_val_if_fail (on != NULL, 0);

  cw_photo_consent_filter_init (&filter);
  filter.review_due_on = *on;

  return cw_photo_consent_register_count (self, &filter);
}

gint64
cw_photo_consent_register_count_withdrawn (CwPhotoConsentRegister *self)
{
  CwPhotoConsentFilter filter;

  g_return_val_if_fail (CW_IS_PHOTO_CONSENT_REGISTER (self), 0);

  cw_photo_consent_filter_init (&filter);
  filter.withdrawn_only = TRUE;

  return cw_photo_consent_register_count (self, &filter);
}
