/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cw-session.h"

G_BEGIN_DECLS

#define CW_CONTACT_ERROR (cw_contact_error_quark ())

typedef enum
{
  CW_CONTACT_ERROR_INVALID,    /* a field is missing or malformed; the message names it */
  CW_CONTACT_ERROR_NOT_FOUND,  /* no such record, version or approval (or not one you may see) */
  CW_CONTACT_ERROR_STATE,      /* already reviewed, not yet reviewed, already decided, … */
} CwContactError;

typedef enum
{
  CW_CONTACT_PARTY_CHILD,
  CW_CONTACT_PARTY_PARENT_CARER,
  CW_CONTACT_PARTY_OTHER,
} CwContactPartyKind;

typedef enum
{
  CW_CONTACT_CHANNEL_IN_PERSON,
  CW_CONTACT_CHANNEL_PHONE_CALL,
  CW_CONTACT_CHANNEL_TEXT,
  CW_CONTACT_CHANNEL_EMAIL,
  CW_CONTACT_CHANNEL_VIDEO_CALL,
  CW_CONTACT_CHANNEL_MESSAGING_APP,
  CW_CONTACT_CHANNEL_SOCIAL_MEDIA,
  CW_CONTACT_CHANNEL_LETTER,
  CW_CONTACT_CHANNEL_LAST
} CwContactChannel;

/* Whose phone, account or address was used. NONE only for in-person contact. */
typedef enum
{
  CW_CONTACT_DEVICE_NONE,
  CW_CONTACT_DEVICE_WORK,
  CW_CONTACT_DEVICE_PERSONAL,
} CwContactDevice;

typedef enum
{
  CW_CONTACT_STARTED_BY_STAFF,
  CW_CONTACT_STARTED_BY_CHILD,
  CW_CONTACT_STARTED_BY_PARENT,
  CW_CONTACT_STARTED_BY_OTHER,
} CwContactInitiator;

typedef enum
{
  CW_CONTACT_PURPOSE_WORK,
  CW_CONTACT_PURPOSE_SOCIAL,
  CW_CONTACT_PURPOSE_COINCIDENTAL,
  CW_CONTACT_PURPOSE_EMERGENCY,
} CwContactPurpose;

typedef enum /*< flags >*/
{
  CW_CONTACT_FLAG_NONE                  = 0,
  CW_CONTACT_FLAG_OUT_OF_HOURS          = 1 << 0,
  CW_CONTACT_FLAG_STAFF_OUT_OF_HOURS    = 1 << 1,  /* started by staff out of hours */
  CW_CONTACT_FLAG_PERSONAL_DEVICE       = 1 << 2,  /* personal phone, account or address */
  CW_CONTACT_FLAG_UNAPPROVED_SOCIAL     = 1 << 3,  /* social, without prior approval */
  CW_CONTACT_FLAG_NOT_REVIEWED          = 1 << 4,
} CwContactFlags;
#define CW_CONTACT_FLAGS_ALL 0x1f

typedef enum
{
  CW_APPROVAL_PENDING,
  CW_APPROVAL_APPROVED,
  CW_APPROVAL_DECLINED,
} CwApprovalStatus;

/* Stored ids ("phone-call") and translated titles ("Phone call"). */
const char *cw_contact_party_kind_get_id    (CwContactPartyKind kind);
const char *cw_contact_party_kind_get_title (CwContactPartyKind kind);
const char *cw_contact_channel_get_id       (CwContactChannel channel);
const char *cw_contact_channel_get_title    (CwContactChannel channel);
const char *cw_contact_device_get_id        (CwContactDevice device);
const char *cw_contact_device_get_title     (CwContactDevice device);
const char *cw_contact_initiator_get_id     (CwContactInitiator initiator);
const char *cw_contact_initiator_get_title  (CwContactInitiator initiator);
const char *cw_contact_purpose_get_id       (CwContactPurpose purpose);
const char *cw_contact_purpose_get_title    (CwContactPurpose purpose);
const char *cw_approval_status_get_id       (CwApprovalStatus status);
const char *cw_approval_status_get_title    (CwApprovalStatus status);
const char *cw_contact_flag_get_title       (CwContactFlags flag);  /* one flag */
const char *cw_contact_flag_get_explanation (CwContactFlags flag);  /* one flag: a sentence */
char       *cw_contact_flags_to_string      (CwContactFlags flags); /* "Out of hours, …" */

/*
 * The organisation's working hours (settings working-day-start,
 * working-day-end, working-days). A time is in hours when it is on a
 * working day, at or after the start and before the end: with 08:00–18:00,
 * 08:00 and 17:59 are in hours, 07:59 and 18:00 are not.
 */
typedef struct
{
  int     start_minute;   /* minutes after midnight */
  int     end_minute;
  guint8  days;           /* bit n set: ISO weekday n (1 = Monday … 7 = Sunday) works */
} CwWorkingHours;

/* Monday to Friday, 08:00–18:00. */
void        cw_working_hours_init_default   (CwWorkingHours *hours);
/* Parses the three settings ("08:00", "18:00", "1,2,3,4,5"); a value that
 * cannot be read keeps its default and makes it return FALSE. */
gboolean    cw_working_hours_parse          (CwWorkingHours *hours,
                                             const char     *start,
                                             const char     *end,
                                             const char     *days);
gboolean    cw_working_hours_contains       (const CwWorkingHours *hours,
                                             const GDate          *day,
                                             int                   hour,
                                             int                   minute);

/*
 * CwContactApproval: a request for the manager's approval of a planned
 * social contact, made before it, and the manager's answer.
 */
#define CW_TYPE_CONTACT_APPROVAL (cw_contact_approval_get_type ())
G_DECLARE_FINAL_TYPE (CwContactApproval, cw_contact_approval, CW, CONTACT_APPROVAL, GObject)

CwContactApproval *cw_contact_approval_new (void);
gint64       cw_contact_approval_get_id               (CwContactApproval *self);
void         cw_contact_approval_set_id               (CwContactApproval *self, gint64 id);
gint64       cw_contact_approval_get_staff_id         (CwContactApproval *self);
void         cw_contact_approval_set_staff_id         (CwContactApproval *self, gint64 id);
const char  *cw_contact_approval_get_staff_name       (CwContactApproval *self);
void         cw_contact_approval_set_staff_name       (CwContactApproval *self, const char *v);
gint64       cw_contact_approval_get_requested_at     (CwContactApproval *self);
void         cw_contact_approval_set_requested_at     (CwContactApproval *self, gint64 t);
gint64       cw_contact_approval_get_child_id         (CwContactApproval *self); /* 0 = none */
void         cw_contact_approval_set_child_id         (CwContactApproval *self, gint64 id);
const char  *cw_contact_approval_get_child_name       (CwContactApproval *self); /* nullable */
void         cw_contact_approval_set_child_name       (CwContactApproval *self, const char *v);
const char  *cw_contact_approval_get_other_party_name (CwContactApproval *self);
void         cw_contact_approval_set_other_party_name (CwContactApproval *self, const char *v);
const GDate *cw_contact_approval_get_planned_date     (CwContactApproval *self);
void         cw_contact_approval_set_planned_date     (CwContactApproval *self, const GDate *d);
const char  *cw_contact_approval_get_details          (CwContactApproval *self);
void         cw_contact_approval_set_details          (CwContactApproval *self, const char *v);
CwApprovalStatus cw_contact_approval_get_status       (CwContactApproval *self);
void         cw_contact_approval_set_status           (CwContactApproval *self,
                                                       CwApprovalStatus   status);
gint64       cw_contact_approval_get_decided_by       (CwContactApproval *self);
void         cw_contact_approval_set_decided_by       (CwContactApproval *self, gint64 id);
const char  *cw_contact_approval_get_decided_by_name  (CwContactApproval *self);
void         cw_contact_approval_set_decided_by_name  (CwContactApproval *self, const char *v);
gint64       cw_contact_approval_get_decided_at       (CwContactApproval *self); /* unix UTC */
void         cw_contact_approval_set_decided_at       (CwContactApproval *self, gint64 t);
const char  *cw_contact_approval_get_decision_reason  (CwContactApproval *self);
void         cw_contact_approval_set_decision_reason  (CwContactApproval *self, const char *v);

/*
 * CwContactRecord: one version of one record of a contact with a child or
 * parent/carer. Plain data like CwGiftDeclaration: forms fill a new one,
 * CwContactRegister validates and stores it and sets the system fields.
 * child_name is set on rows read back only for a reader who may see that
 * child's record.
 */
#define CW_TYPE_CONTACT_RECORD (cw_contact_record_get_type ())
G_DECLARE_FINAL_TYPE (CwContactRecord, cw_contact_record, CW, CONTACT_RECORD, GObject)

CwContactRecord *cw_contact_record_new  (void);
CwContactRecord *cw_contact_record_copy (CwContactRecord *self);

/* Set by the register. */
gint64       cw_contact_record_get_id                (CwContactRecord *self);
void         cw_contact_record_set_id                (CwContactRecord *self, gint64 id);
int          cw_contact_record_get_version           (CwContactRecord *self);
void         cw_contact_record_set_version           (CwContactRecord *self, int version);
gint64       cw_contact_record_get_staff_id          (CwContactRecord *self);
void         cw_contact_record_set_staff_id          (CwContactRecord *self, gint64 id);
const char  *cw_contact_record_get_staff_name        (CwContactRecord *self);
void         cw_contact_record_set_staff_name        (CwContactRecord *self, const char *v);
gint64       cw_contact_record_get_recorded_at       (CwContactRecord *self); /* unix UTC */
void         cw_contact_record_set_recorded_at       (CwContactRecord *self, gint64 t);
gint64       cw_contact_record_get_written_at        (CwContactRecord *self); /* this version */
void         cw_contact_record_set_written_at        (CwContactRecord *self, gint64 t);
gint64       cw_contact_record_get_written_by        (CwContactRecord *self);
void         cw_contact_record_set_written_by        (CwContactRecord *self, gint64 id);
const char  *cw_contact_record_get_correction_reason (CwContactRecord *self);
void         cw_contact_record_set_correction_reason (CwContactRecord *self, const char *v);
const char  *cw_contact_record_get_child_name        (CwContactRecord *self); /* nullable */
void         cw_contact_record_set_child_name        (CwContactRecord *self, const char *v);
/* As stored when the version was written; NOT_REVIEWED follows the review. */
CwContactFlags cw_contact_record_get_flags           (CwContactRecord *self);
void         cw_contact_record_set_flags             (CwContactRecord *self, CwContactFlags f);
gint64       cw_contact_record_get_entry_id          (CwContactRecord *self); /* chronology note */
void         cw_contact_record_set_entry_id          (CwContactRecord *self, gint64 id);
gint64       cw_contact_record_get_reviewed_by       (CwContactRecord *self); /* 0 = not yet */
void         cw_contact_record_set_reviewed_by       (CwContactRecord *self, gint64 id);
const char  *cw_contact_record_get_reviewed_by_name  (CwContactRecord *self);
void         cw_contact_record_set_reviewed_by_name  (CwContactRecord *self, const char *v);
gint64       cw_contact_record_get_reviewed_at       (CwContactRecord *self);
void         cw_contact_record_set_reviewed_at       (CwContactRecord *self, gint64 t);
const char  *cw_contact_record_get_review_comment    (CwContactRecord *self);
void         cw_contact_record_set_review_comment    (CwContactRecord *self, const char *v);
const char  *cw_contact_record_get_further_action    (CwContactRecord *self);
void         cw_contact_record_set_further_action    (CwContactRecord *self, const char *v);

/* What the member of staff records. */
const GDate *cw_contact_record_get_date              (CwContactRecord *self);
void         cw_contact_record_set_date              (CwContactRecord *self, const GDate *d);
int          cw_contact_record_get_hour              (CwContactRecord *self); /* -1 unset */
int          cw_contact_record_get_minute            (CwContactRecord *self);
void         cw_contact_record_set_time              (CwContactRecord *self,
                                                      int              hour,
                                                      int              minute);
gint64       cw_contact_record_get_child_id          (CwContactRecord *self); /* 0 = none */
void         cw_contact_record_set_child_id          (CwContactRecord *self, gint64 id);
CwContactPartyKind cw_contact_record_get_other_party_kind (CwContactRecord *self);
void         cw_contact_record_set_other_party_kind  (CwContactRecord    *self,
                                                      CwContactPartyKind  kind);
const char  *cw_contact_record_get_other_party_name  (CwContactRecord *self);
void         cw_contact_record_set_other_party_name  (CwContactRecord *self, const char *v);
CwContactChannel cw_contact_record_get_channel       (CwContactRecord *self);
void         cw_contact_record_set_channel           (CwContactRecord *self,
                                                      CwContactChannel channel);
CwContactDevice cw_contact_record_get_device         (CwContactRecord *self);
void         cw_contact_record_set_device            (CwContactRecord *self,
                                                      CwContactDevice  device);
CwContactInitiator cw_contact_record_get_initiator   (CwContactRecord *self);
void         cw_contact_record_set_initiator         (CwContactRecord    *self,
                                                      CwContactInitiator  initiator);
gboolean     cw_contact_record_get_planned           (CwContactRecord *self);
void         cw_contact_record_set_planned           (CwContactRecord *self, gboolean v);
CwContactPurpose cw_contact_record_get_purpose       (CwContactRecord *self);
void         cw_contact_record_set_purpose           (CwContactRecord *self,
                                                      CwContactPurpose purpose);
const char  *cw_contact_record_get_witness           (CwContactRecord *self);
void         cw_contact_record_set_witness           (CwContactRecord *self, const char *v);
const char  *cw_contact_record_get_summary           (CwContactRecord *self);
void         cw_contact_record_set_summary           (CwContactRecord *self, const char *v);
const char  *cw_contact_record_get_follow_up         (CwContactRecord *self);
void         cw_contact_record_set_follow_up         (CwContactRecord *self, const char *v);
/* The approval of a planned social contact this record relies on (0 = none). */
gint64       cw_contact_record_get_approval_id       (CwContactRecord *self);
void         cw_contact_record_set_approval_id       (CwContactRecord *self, gint64 id);
/* Ask the register to add the contact to the child's chronology as a note
 * (only when recording; needs a child). */
gboolean     cw_contact_record_get_add_to_chronology (CwContactRecord *self);
void         cw_contact_record_set_add_to_chronology (CwContactRecord *self, gboolean v);

/*
 * The rules (pure functions).
 *
 * OUT_OF_HOURS: the contact's local date and time are not in @hours.
 * STAFF_OUT_OF_HOURS: out of hours and started by the member of staff.
 * PERSONAL_DEVICE: a personal phone, account or address was used.
 * UNAPPROVED_SOCIAL: the purpose is social and @approval (which may be
 *   NULL) does not cover it: an approval covers a contact when it is
 *   approved, belongs to the same member of staff, names the same child
 *   when both name one, and was decided on or before the day of the
 *   contact (the manager's approval must come first).
 * NOT_REVIEWED: no one has reviewed this version yet.
 */
gboolean       cw_contact_approval_covers            (CwContactApproval    *approval,
                                                      CwContactRecord      *record);
CwContactFlags cw_contact_compute_flags              (CwContactRecord      *record,
                                                      const CwWorkingHours *hours,
                                                      CwContactApproval    *approval);

typedef struct
{
  gint64         staff_id;         /* whose records; 0 = anyone's I may see */
  gint64         child_id;         /* 0 = any */
  GDate          from;             /* contact date on or after; invalid = no limit */
  GDate          to;               /* contact date on or before; invalid = no limit */
  CwContactFlags any_flags;        /* rows raising any of these; 0 = no condition */
  gboolean       unreviewed_only;
  gboolean       awaiting_me;      /* unreviewed, and mine to review (not my own) */
} CwContactFilter;

void           cw_contact_filter_init                (CwContactFilter *filter);

/*
 * CwContactRegister: contacts with children and families for one
 * signed-in person.
 *
 * Everyone who keeps registers records their own contacts; a record linked
 * to a child needs access to that child's record, and adding it to the
 * child's chronology needs RECORD_CASE_NOTES as well (the note is a
 * finished case note: phone calls as "Phone call", other channels as
 * "Case note"; a later correction of the contact does not change the
 * note). Visibility is that of CwGiftRegister: own, team (line manager),
 * all (DSL); the child's name only with access to the child's record.
 *
 * The member of staff's line manager or a DSL reviews a record (comment,
 * further action); a reviewed version never changes: a different review is
 * a new version with a reason, and the recorder's correction is a new
 * version, with a reason, that waits for review again. Planned social
 * contact is approved in advance: the member of staff asks, their line
 * manager or a DSL approves or declines (with a reason), and the contact
 * record then names the approval.
 *
 * Audited: "contact-record", "contact-correct", "contact-review",
 * "contact-review-change", "contact-approval-request",
 * "contact-approval-decide", "view" (object "contact"); details never hold
 * what was said.
 */
#define CW_TYPE_CONTACT_REGISTER (cw_contact_register_get_type ())
G_DECLARE_FINAL_TYPE (CwContactRegister, cw_contact_register, CW, CONTACT_REGISTER, GObject)

GQuark             cw_contact_error_quark            (void);

CwContactRegister *cw_contact_register_new           (CwSession         *session);
CwSession         *cw_contact_register_get_session   (CwContactRegister *self);
/* The organisation's working hours from the settings. */
void               cw_contact_register_get_working_hours (CwContactRegister *self,
                                                      CwWorkingHours    *hours);

/* Records @record as the signed-in person; returns the stored version 1
 * (with the chronology note's id when one was asked for). */
CwContactRecord   *cw_contact_register_record        (CwContactRegister *self,
                                                      CwContactRecord   *record,
                                                      GError           **error);
/* The recorder corrects the record: a new version with @reason, waiting
 * for review again. */
CwContactRecord   *cw_contact_register_correct       (CwContactRegister *self,
                                                      gint64             contact_id,
                                                      CwContactRecord   *corrected,
                                                      const char        *reason,
                                                      GError           **error);
/* Reviews the current, unreviewed version. @comment is required. */
gboolean           cw_contact_register_review        (CwContactRegister *self,
                                                      gint64             contact_id,
                                                      const char        *comment,
                                                      const char        *further_action,
                                                      GError           **error);
/* A different review of a reviewed record: a new version, same content. */
gboolean           cw_contact_register_change_review (CwContactRegister *self,
                                                      gint64             contact_id,
                                                      const char        *comment,
                                                      const char        *further_action,
                                                      const char        *correction_reason,
                                                      GError           **error);
gboolean           cw_contact_register_may_review    (CwContactRegister *self,
                                                      CwContactRecord   *record);
/* @version 0: current. Audited ("view"). */
CwContactRecord   *cw_contact_register_load          (CwContactRegister *self,
                                                      gint64             contact_id,
                                                      int                version,
                                                      GError           **error);
GPtrArray         *cw_contact_register_list_versions (CwContactRegister *self,
                                                      gint64             contact_id,
                                                      GError           **error);
/* Lazy GListModel of CwContactRecord (current versions), newest first. */
GListModel        *cw_contact_register_list          (CwContactRegister *self,
                                                      const CwContactFilter *filter);
gint64             cw_contact_register_count         (CwContactRegister *self,
                                                      const CwContactFilter *filter);
gint64             cw_contact_register_count_awaiting_review (CwContactRegister *self);

/* Approvals of planned social contact. */
CwContactApproval *cw_contact_register_request_approval (CwContactRegister *self,
                                                      CwContactApproval *request,
                                                      GError           **error);
gboolean           cw_contact_register_decide_approval (CwContactRegister *self,
                                                      gint64             approval_id,
                                                      gboolean           approve,
                                                      const char        *reason,
                                                      GError           **error);
CwContactApproval *cw_contact_register_load_approval (CwContactRegister *self,
                                                      gint64             approval_id,
                                                      GError           **error);
/* Lazy GListModel of CwContactApproval I may see, newest planned date
 * first; @awaiting_me: only pending requests I may decide. */
GListModel        *cw_contact_register_list_approvals (CwContactRegister *self,
                                                      gboolean           awaiting_me);
gint64             cw_contact_register_count_approvals_awaiting (CwContactRegister *self);

G_END_DECLS
