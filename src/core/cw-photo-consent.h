/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cw-child.h"
#include "cw-session.h"

G_BEGIN_DECLS

#define CW_PHOTO_CONSENT_ERROR (cw_photo_consent_error_quark ())

typedef enum
{
  CW_PHOTO_CONSENT_ERROR_INVALID,    /* a field is missing or malformed; the message names it */
  CW_PHOTO_CONSENT_ERROR_NOT_FOUND,  /* no such record or version (or not one you may see) */
  CW_PHOTO_CONSENT_ERROR_STATE,      /* already withdrawn, … */
} CwPhotoConsentError;

/* Who gave the consent. */
typedef enum
{
  CW_PHOTO_BY_PARENT_CARER,     /* a parent or carer with parental responsibility */
  CW_PHOTO_BY_LOCAL_AUTHORITY,  /* the local authority, for a looked-after child */
  CW_PHOTO_BY_CHILD,            /* the child themselves */
} CwPhotoRelationship;

typedef enum
{
  CW_PHOTO_PURPOSE_CASE_RECORD,   /* case record or assessment evidence */
  CW_PHOTO_PURPOSE_DISPLAYS,      /* displays in the setting */
  CW_PHOTO_PURPOSE_NEWSLETTERS,   /* newsletters and printed publications */
  CW_PHOTO_PURPOSE_WEBSITE,
  CW_PHOTO_PURPOSE_SOCIAL_MEDIA,
  CW_PHOTO_PURPOSE_PRESS,
  CW_PHOTO_PURPOSE_PROMOTIONAL,
  CW_PHOTO_PURPOSE_LAST
} CwPhotoPurpose;

typedef enum
{
  CW_PHOTO_NOT_ASKED,
  CW_PHOTO_GRANTED,
  CW_PHOTO_REFUSED,
} CwPhotoPermission;

typedef enum
{
  CW_PHOTO_NAMING_NO_NAME,
  CW_PHOTO_NAMING_FIRST_NAME,   /* first name only, never the full name */
} CwPhotoNaming;

typedef enum
{
  CW_PHOTO_CHILD_NOT_ASKED,
  CW_PHOTO_CHILD_AGREED,
  CW_PHOTO_CHILD_DID_NOT_AGREE,
} CwPhotoChildAgreement;

/* Every reason an image may not be used. */
typedef enum /*< flags >*/
{
  CW_PHOTO_REASON_NONE                    = 0,
  CW_PHOTO_REASON_NO_CONSENT              = 1 << 0,  /* none recorded for this purpose */
  CW_PHOTO_REASON_PURPOSE_REFUSED         = 1 << 1,
  CW_PHOTO_REASON_EXPIRED                 = 1 << 2,  /* review date reached */
  CW_PHOTO_REASON_WITHDRAWN               = 1 << 3,
  CW_PHOTO_REASON_NEVER_PUBLISH           = 1 << 4,  /* safeguarding flag, publication purposes */
  CW_PHOTO_REASON_CHILD_AGREEMENT_MISSING = 1 << 5,  /* needed for a child of 13 or over */
  CW_PHOTO_REASON_PARENT_CONSENT_MISSING  = 1 << 6,  /* needed for a child under 17 */
  CW_PHOTO_REASON_MANAGER_CONSENT_MISSING = 1 << 7,  /* needed for promotional use */
  CW_PHOTO_REASON_DATE_OF_BIRTH_UNKNOWN   = 1 << 8,  /* the age rule cannot be applied */
  CW_PHOTO_REASON_NOT_IN_WRITING          = 1 << 9,  /* no written consent form held */
} CwPhotoReasons;

const char *cw_photo_relationship_get_id    (CwPhotoRelationship relationship);
const char *cw_photo_relationship_get_title (CwPhotoRelationship relationship);
const char *cw_photo_purpose_get_id         (CwPhotoPurpose purpose);   /* "social-media" */
const char *cw_photo_purpose_get_title      (CwPhotoPurpose purpose);   /* translated */
gboolean    cw_photo_purpose_from_id        (const char *id, CwPhotoPurpose *out);
/* Every purpose but case-record evidence publishes the image to others. */
gboolean    cw_photo_purpose_is_publication (CwPhotoPurpose purpose);
const char *cw_photo_permission_get_title   (CwPhotoPermission permission);
const char *cw_photo_naming_get_title       (CwPhotoNaming naming);
const char *cw_photo_child_agreement_get_title (CwPhotoChildAgreement agreement);
/* One reason as a sentence for the person checking (translated). */
const char *cw_photo_reason_get_sentence    (CwPhotoReasons reason);

/*
 * CwPhotoConsent: one version of one consent record (one form, or one
 * person's consent) for one child. Plain data like CwGiftDeclaration.
 * child_name is set on rows read back only for a reader who may see that
 * child's record.
 */
#define CW_TYPE_PHOTO_CONSENT (cw_photo_consent_get_type ())
G_DECLARE_FINAL_TYPE (CwPhotoConsent, cw_photo_consent, CW, PHOTO_CONSENT, GObject)

CwPhotoConsent *cw_photo_consent_new  (void);
CwPhotoConsent *cw_photo_consent_copy (CwPhotoConsent *self);

/* Set by the register. */
gint64       cw_photo_consent_get_id                   (CwPhotoConsent *self);
void         cw_photo_consent_set_id                   (CwPhotoConsent *self, gint64 id);
int          cw_photo_consent_get_version              (CwPhotoConsent *self);
void         cw_photo_consent_set_version              (CwPhotoConsent *self, int version);
gint64       cw_photo_consent_get_recorded_by          (CwPhotoConsent *self); /* first recorder */
void         cw_photo_consent_set_recorded_by          (CwPhotoConsent *self, gint64 id);
const char  *cw_photo_consent_get_recorded_by_name     (CwPhotoConsent *self);
void         cw_photo_consent_set_recorded_by_name     (CwPhotoConsent *self, const char *v);
gint64       cw_photo_consent_get_created_at           (CwPhotoConsent *self); /* unix UTC */
void         cw_photo_consent_set_created_at           (CwPhotoConsent *self, gint64 t);
gint64       cw_photo_consent_get_written_at           (CwPhotoConsent *self);
void         cw_photo_consent_set_written_at           (CwPhotoConsent *self, gint64 t);
gint64       cw_photo_consent_get_written_by           (CwPhotoConsent *self);
void         cw_photo_consent_set_written_by           (CwPhotoConsent *self, gint64 id);
const char  *cw_photo_consent_get_correction_reason    (CwPhotoConsent *self);
void         cw_photo_consent_set_correction_reason    (CwPhotoConsent *self, const char *v);
const char  *cw_photo_consent_get_child_name           (CwPhotoConsent *self); /* nullable */
void         cw_photo_consent_set_child_name           (CwPhotoConsent *self, const char *v);
/* The manager's consent (for promotional use); 0 = not given. */
gint64       cw_photo_consent_get_manager_consent_by   (CwPhotoConsent *self);
void         cw_photo_consent_set_manager_consent_by   (CwPhotoConsent *self, gint64 id);
const char  *cw_photo_consent_get_manager_consent_name (CwPhotoConsent *self);
void         cw_photo_consent_set_manager_consent_name (CwPhotoConsent *self, const char *v);
gint64       cw_photo_consent_get_manager_consent_at   (CwPhotoConsent *self);
void         cw_photo_consent_set_manager_consent_at   (CwPhotoConsent *self, gint64 t);

/* What is recorded. */
gint64       cw_photo_consent_get_child_id             (CwPhotoConsent *self);
void         cw_photo_consent_set_child_id             (CwPhotoConsent *self, gint64 id);
const char  *cw_photo_consent_get_consenter_name       (CwPhotoConsent *self);
void         cw_photo_consent_set_consenter_name       (CwPhotoConsent *self, const char *v);
CwPhotoRelationship cw_photo_consent_get_relationship  (CwPhotoConsent *self);
void         cw_photo_consent_set_relationship         (CwPhotoConsent      *self,
                                                        CwPhotoRelationship  relationship);
gboolean     cw_photo_consent_get_written_consent      (CwPhotoConsent *self);
void         cw_photo_consent_set_written_consent      (CwPhotoConsent *self, gboolean v);
const char  *cw_photo_consent_get_form_reference       (CwPhotoConsent *self);
void         cw_photo_consent_set_form_reference       (CwPhotoConsent *self, const char *v);
/* The child's own agreement to this consent, and when it was given. */
CwPhotoChildAgreement cw_photo_consent_get_child_agreement (CwPhotoConsent *self);
void         cw_photo_consent_set_child_agreement      (CwPhotoConsent        *self,
                                                        CwPhotoChildAgreement  agreement);
const GDate *cw_photo_consent_get_child_agreed_on      (CwPhotoConsent *self);
void         cw_photo_consent_set_child_agreed_on      (CwPhotoConsent *self, const GDate *d);
CwPhotoPermission cw_photo_consent_get_permission      (CwPhotoConsent *self,
                                                        CwPhotoPurpose  purpose);
void         cw_photo_consent_set_permission           (CwPhotoConsent    *self,
                                                        CwPhotoPurpose     purpose,
                                                        CwPhotoPermission  permission);
CwPhotoNaming cw_photo_consent_get_naming              (CwPhotoConsent *self);
void         cw_photo_consent_set_naming               (CwPhotoConsent *self, CwPhotoNaming n);
const GDate *cw_photo_consent_get_date_given           (CwPhotoConsent *self);
void         cw_photo_consent_set_date_given           (CwPhotoConsent *self, const GDate *d);
const GDate *cw_photo_consent_get_review_date          (CwPhotoConsent *self); /* invalid = none */
void         cw_photo_consent_set_review_date          (CwPhotoConsent *self, const GDate *d);
/* How long images are kept ("Until the child leaves the service"). */
const char  *cw_photo_consent_get_retention            (CwPhotoConsent *self);
void         cw_photo_consent_set_retention            (CwPhotoConsent *self, const char *v);
const GDate *cw_photo_consent_get_withdrawn_on         (CwPhotoConsent *self); /* invalid = not */
void         cw_photo_consent_set_withdrawn_on         (CwPhotoConsent *self, const GDate *d);
const char  *cw_photo_consent_get_withdrawn_by         (CwPhotoConsent *self);
void         cw_photo_consent_set_withdrawn_by         (CwPhotoConsent *self, const char *v);
const char  *cw_photo_consent_get_withdrawal_action    (CwPhotoConsent *self);
void         cw_photo_consent_set_withdrawal_action    (CwPhotoConsent *self, const char *v);
/* Safeguarding: images of this child must never be published. */
gboolean     cw_photo_consent_get_never_publish        (CwPhotoConsent *self);
void         cw_photo_consent_set_never_publish        (CwPhotoConsent *self, gboolean v);

/* The answer to "may this image be used for this purpose on this date?". */
typedef struct
{
  gboolean        allowed;
  CwPhotoReasons  reasons;          /* every reason it is not allowed; NONE when allowed */
  CwPhotoNaming   naming;           /* the strictest naming rule of the consents used */
  int             age;              /* on the date; -1 when the date of birth is unknown */
  gboolean        age_approximate;
  gboolean        needs_parent;     /* what the age rule asked for */
  gboolean        needs_child;
} CwPhotoDecision;

/*
 * cw_photo_consent_decide: may an image of @child be used for @purpose on
 * @on, given the child's consent records @consents (CwPhotoConsent, the
 * current version of each)? A pure function.
 *
 * Age rule, from the date of birth: under 13 the parent/carer (or the local
 * authority for a looked-after child) consents; 13 to 16 the parent/carer
 * AND the child; 17 and over the child. With an approximate date of birth
 * the rules of the ages a year either side apply as well. With no date of
 * birth the rule cannot be applied: DATE_OF_BIRTH_UNKNOWN, and the records
 * that exist are still checked for every other reason.
 *
 * Records dated after @on are not yet given. For each side (parent/carer
 * or local authority; the child) the most recent record counts. The
 * child's agreement is their own record if there is one, otherwise the
 * child's agreement written on the parent/carer's record. Each record used
 * must be in writing, not withdrawn on or before @on, not at or past its
 * review date, and must grant @purpose (refused: PURPOSE_REFUSED; not
 * asked: NO_CONSENT). Promotional use needs the manager's consent on a
 * record used. The never-publish flag on any record of the child refuses
 * every publication purpose (cw_photo_purpose_is_publication()), whatever
 * the date and even after withdrawal.
 *
 * Returns: TRUE when allowed; @decision_out (optional) gets every reason.
 */
gboolean     cw_photo_consent_decide                   (CwChild          *child,
                                                        GPtrArray        *consents,
                                                        CwPhotoPurpose    purpose,
                                                        const GDate      *on,
                                                        CwPhotoDecision  *decision_out);
/* The reasons as sentences, in a fixed order (NULL-terminated; free with
 * g_strfreev()). */
GStrv        cw_photo_decision_dup_sentences           (const CwPhotoDecision *decision);

typedef struct
{
  gint64    child_id;            /* 0 = any */
  gint64    recorded_by;         /* who first recorded it; 0 = anyone */
  GDate     from;                /* date given on or after; invalid = no limit */
  GDate     to;                  /* date given on or before; invalid = no limit */
  GDate     review_due_on;       /* not withdrawn, review date on or before; invalid = off */
  gboolean  withdrawn_only;
  gboolean  never_publish_only;
} CwPhotoConsentFilter;

void         cw_photo_consent_filter_init              (CwPhotoConsentFilter *filter);

/*
 * CwPhotoConsentRegister: photo consent records for one signed-in person.
 *
 * Records belong to a child: anyone who keeps registers and may see the
 * child's record records, corrects and records the withdrawal of consent
 * (a parent may tell any member of staff). A record is visible to those
 * who may see the child's record, and, as for the other registers, to the
 * person who first recorded it, their line manager and a DSL (the child's
 * name then only with access to the child's record). The manager's consent
 * for promotional use is given by someone with REVIEW_TEAM_REGISTERS who
 * may see the child, or a DSL.
 *
 * No version ever changes (database triggers refuse it): corrections,
 * withdrawals and the manager's consent are each a new version. A
 * correction clears the manager's consent, which must be given again.
 *
 * Audited: "photo-consent-record", "photo-consent-correct",
 * "photo-consent-withdraw", "photo-consent-manager", "photo-consent-check"
 * (detail: the purpose and the answer), "view" (object "photo-consent").
 */
#define CW_TYPE_PHOTO_CONSENT_REGISTER (cw_photo_consent_register_get_type ())
G_DECLARE_FINAL_TYPE (CwPhotoConsentRegister, cw_photo_consent_register, CW,
                      PHOTO_CONSENT_REGISTER, GObject)

GQuark          cw_photo_consent_error_quark               (void);

CwPhotoConsentRegister *cw_photo_consent_register_new      (CwSession *session);
CwSession      *cw_photo_consent_register_get_session      (CwPhotoConsentRegister *self);

CwPhotoConsent *cw_photo_consent_register_record           (CwPhotoConsentRegister *self,
                                                            CwPhotoConsent         *consent,
                                                            GError                **error);
CwPhotoConsent *cw_photo_consent_register_correct          (CwPhotoConsentRegister *self,
                                                            gint64                  consent_id,
                                                            CwPhotoConsent         *corrected,
                                                            const char             *reason,
                                                            GError                **error);
/* Records that consent was withdrawn on @on, by whom, and what was done. */
CwPhotoConsent *cw_photo_consent_register_withdraw         (CwPhotoConsentRegister *self,
                                                            gint64                  consent_id,
                                                            const GDate            *on,
                                                            const char             *withdrawn_by,
                                                            const char             *action_taken,
                                                            GError                **error);
CwPhotoConsent *cw_photo_consent_register_give_manager_consent (CwPhotoConsentRegister *self,
                                                            gint64                  consent_id,
                                                            GError                **error);
/* @version 0: current. Audited ("view"). */
CwPhotoConsent *cw_photo_consent_register_load             (CwPhotoConsentRegister *self,
                                                            gint64                  consent_id,
                                                            int                     version,
                                                            GError                **error);
GPtrArray      *cw_photo_consent_register_list_versions    (CwPhotoConsentRegister *self,
                                                            gint64                  consent_id,
                                                            GError                **error);
/* The current version of each of the child's records (needs access to the
 * child's record). */
GPtrArray      *cw_photo_consent_register_list_for_child   (CwPhotoConsentRegister *self,
                                                            gint64                  child_id,
                                                            GError                **error);
/* "May I use an image of this child for this purpose on this date?"
 * Needs access to the child's record; audited ("photo-consent-check"). */
gboolean        cw_photo_consent_register_check            (CwPhotoConsentRegister *self,
                                                            gint64                  child_id,
                                                            CwPhotoPurpose          purpose,
                                                            const GDate            *on,
                                                            CwPhotoDecision        *decision_out,
                                                            GError                **error);
/* Lazy GListModel of CwPhotoConsent (current versions), newest given
 * first. */
GListModel     *cw_photo_consent_register_list             (CwPhotoConsentRegister *self,
                                                            const CwPhotoConsentFilter *filter);
gint64          cw_photo_consent_register_count            (CwPhotoConsentRegister *self,
                                                            const CwPhotoConsentFilter *filter);
/* For the DSL's and the manager's lists. */
gint64          cw_photo_consent_register_count_reviews_due (CwPhotoConsentRegister *self,
                                                            const GDate            *on);
gint64          cw_photo_consent_register_count_withdrawn  (CwPhotoConsentRegister *self);

G_END_DECLS
