/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "cw-entry.h"

G_BEGIN_DECLS

#define CW_JUDGEMENT_ERROR (cw_judgement_error_quark ())

typedef enum
{
  CW_JUDGEMENT_ERROR_INVALID,        /* a part is missing or malformed; the message names it */
  CW_JUDGEMENT_ERROR_NOT_FOUND,      /* no judgement part is stored for that version */
  CW_JUDGEMENT_ERROR_NOT_JUDGEMENT,  /* the note is not a decision or professional judgement */
} CwJudgementError;

/* The longest text one part may hold, in characters. */
#define CW_JUDGEMENT_TEXT_MAX_CHARS 100000

/* Decisions and professional judgements carry a judgement part. */
gboolean     cw_entry_kind_has_judgement       (CwEntryKind kind);

/* Yes / no / unsure, or not answered yet. */
typedef enum
{
  CW_JUDGEMENT_ANSWER_UNSET  = -1,
  CW_JUDGEMENT_ANSWER_NO     = 0,
  CW_JUDGEMENT_ANSWER_YES    = 1,
  CW_JUDGEMENT_ANSWER_UNSURE = 2,
} CwJudgementAnswer;

/* Stored text: "yes", "no", "unsure", "" (not answered); titles are translated. */
const char        *cw_judgement_answer_get_id    (CwJudgementAnswer answer);
const char        *cw_judgement_answer_get_title (CwJudgementAnswer answer);
CwJudgementAnswer  cw_judgement_answer_from_id   (const char *id);    /* UNSET if unknown */

/* The four tests the codes of conduct ask a judgement to pass. */
typedef enum
{
  CW_JUDGEMENT_TEST_WARRANTED,
  CW_JUDGEMENT_TEST_PROPORTIONATE,
  CW_JUDGEMENT_TEST_SAFE,
  CW_JUDGEMENT_TEST_EQUITABLE,
  CW_JUDGEMENT_TEST_LAST
} CwJudgementTest;

const char  *cw_judgement_test_get_id          (CwJudgementTest test);  /* "warranted" … */
const char  *cw_judgement_test_get_title       (CwJudgementTest test);  /* "Applied equitably" */
const char  *cw_judgement_test_get_question    (CwJudgementTest test);  /* "Was it safe?" */

/* Whether the action was already taken or is only proposed. */
typedef enum
{
  CW_JUDGEMENT_ACTION_UNSET,
  CW_JUDGEMENT_ACTION_TAKEN,
  CW_JUDGEMENT_ACTION_PROPOSED,
} CwJudgementActionStatus;

/* Stored text: "taken", "proposed", "" (not said); titles are translated. */
const char  *cw_judgement_action_status_get_id    (CwJudgementActionStatus status);
const char  *cw_judgement_action_status_get_title (CwJudgementActionStatus status);
CwJudgementActionStatus cw_judgement_action_status_from_id (const char *id);

/* Another agency a judgement (or a disagreement with one) is referred to. */
typedef enum
{
  CW_REFERRAL_NONE,
  CW_REFERRAL_LADO,
  CW_REFERRAL_CHILDRENS_SOCIAL_CARE,
  CW_REFERRAL_POLICE,
  CW_REFERRAL_OTHER,     /* named in its own field */
  CW_REFERRAL_LAST
} CwReferralAgency;

const char       *cw_referral_agency_get_id    (CwReferralAgency agency); /* "none", "lado", … */
const char       *cw_referral_agency_get_title (CwReferralAgency agency); /* translated */
CwReferralAgency  cw_referral_agency_from_id   (const char *id);          /* LAST if unknown */

/* The free-text parts of a judgement (the tests' explanations are apart). */
typedef enum
{
  CW_JUDGEMENT_FIELD_CIRCUMSTANCES,
  CW_JUDGEMENT_FIELD_ACTION,
  CW_JUDGEMENT_FIELD_REASONS,
  CW_JUDGEMENT_FIELD_DISCUSSED_WITH,
  CW_JUDGEMENT_FIELD_DISAGREEMENT,
  CW_JUDGEMENT_FIELD_REFERRAL_AGENCY_NAME,
  CW_JUDGEMENT_FIELD_REFERRAL_REFERENCE,
  CW_JUDGEMENT_FIELD_LAST
} CwJudgementField;

const char  *cw_judgement_field_get_column     (CwJudgementField field);  /* "circumstances" */
const char  *cw_judgement_field_get_title      (CwJudgementField field);  /* translated */

/*
 * CwJudgement: the judgement part of one version of a decision or
 * professional-judgement note: the circumstances, the action taken or
 * proposed and the reasons; the four tests (warranted, proportionate, safe,
 * applied equitably), each answered yes / no / unsure with an explanation;
 * with whom it was discussed and when; areas of disagreement; a referral
 * to another agency with its date and reference. Plain data with a
 * "changed" signal (emitted by every setter that changes a value), like
 * CwEntry. CwSignOffRepository stores it beside the version.
 */
#define CW_TYPE_JUDGEMENT (cw_judgement_get_type ())
G_DECLARE_FINAL_TYPE (CwJudgement, cw_judgement, CW, JUDGEMENT, GObject)

GQuark        cw_judgement_error_quark         (void);

CwJudgement  *cw_judgement_new                 (void);
CwJudgement  *cw_judgement_copy                (CwJudgement *self);   /* version id kept */
gboolean      cw_judgement_equal               (CwJudgement *a,
                                                CwJudgement *b);      /* content only */

/* The entry_versions.id it belongs to; 0 until stored. */
gint64        cw_judgement_get_version_id      (CwJudgement *self);
void          cw_judgement_set_version_id      (CwJudgement *self, gint64 version_id);

/* Never NULL. */
const char   *cw_judgement_get_text            (CwJudgement *self, CwJudgementField field);
void          cw_judgement_set_text            (CwJudgement *self, CwJudgementField field,
                                                const char *text);
CwJudgementActionStatus cw_judgement_get_action_status (CwJudgement *self);
void          cw_judgement_set_action_status   (CwJudgement *self, CwJudgementActionStatus status);
CwJudgementAnswer cw_judgement_get_answer      (CwJudgement *self, CwJudgementTest test);
void          cw_judgement_set_answer          (CwJudgement *self, CwJudgementTest test,
                                                CwJudgementAnswer answer);
/* Never NULL. */
const char   *cw_judgement_get_explanation     (CwJudgement *self, CwJudgementTest test);
void          cw_judgement_set_explanation     (CwJudgement *self, CwJudgementTest test,
                                                const char *text);
/* When it was discussed; invalid until given. */
const GDate  *cw_judgement_get_discussed_on    (CwJudgement *self);
void          cw_judgement_set_discussed_on    (CwJudgement *self, const GDate *date);
CwReferralAgency cw_judgement_get_referral_agency (CwJudgement *self);
void          cw_judgement_set_referral_agency (CwJudgement *self, CwReferralAgency agency);
/* When the referral was made; invalid until given. */
const GDate  *cw_judgement_get_referral_date   (CwJudgement *self);
void          cw_judgement_set_referral_date   (CwJudgement *self, const GDate *date);

/* What every save needs: readable text of a sensible length, known values.
 * The message names the part. */
gboolean      cw_judgement_check_storable      (CwJudgement *self,
                                                GError     **error);
/*
 * What finishing needs (besides cw_judgement_check_storable()): the
 * circumstances, the action and whether it was taken or proposed, the
 * reasons; each test answered with an explanation; a discussion has both
 * a person and a date, not in the future; a referral (other than "none")
 * has its date, not in the future, and "another agency" its name. The
 * message names the part (CW_JUDGEMENT_ERROR_INVALID).
 */
gboolean      cw_judgement_validate            (CwJudgement *self,
                                                GError     **error);

/* The canonical encoding of the content (a format tag, then every part as
 * an 8-byte big-endian length and its bytes, dates as "YYYY-MM-DD" or ""):
 * two judgements encode alike exactly when cw_judgement_equal(). */
GBytes       *cw_judgement_encode              (CwJudgement *self);
/*
 * The hash a sign-off signs: SHA-256 over a format tag, the version's
 * content hash (cw_entry_compute_content_hash(), 64 hex digits) and the
 * judgement's canonical encoding, each length-prefixed. @judgement NULL
 * stands for a version without a judgement part. 64 lowercase hex digits.
 */
char         *cw_judgement_compute_signed_hash (const char  *content_hash,
                                                CwJudgement *judgement);

G_END_DECLS
