/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cw-session.h"

G_BEGIN_DECLS

#define CW_GIFT_ERROR (cw_gift_error_quark ())

typedef enum
{
  CW_GIFT_ERROR_INVALID,    /* a field is missing or malformed; the message names it */
  CW_GIFT_ERROR_NOT_FOUND,  /* no such declaration or version (or not one you may see) */
  CW_GIFT_ERROR_STATE,      /* already decided, not yet decided, … */
} CwGiftError;

typedef enum
{
  CW_GIFT_RECEIVED,
  CW_GIFT_GIVEN,
} CwGiftDirection;

typedef enum
{
  CW_GIFT_UNDECIDED,
  CW_GIFT_ACCEPTED,
  CW_GIFT_DECLINED,
  CW_GIFT_RETURNED,
  CW_GIFT_DONATED,
} CwGiftDecision;

typedef enum /*< flags >*/
{
  CW_GIFT_FLAG_NONE           = 0,
  CW_GIFT_FLAG_OVER_THRESHOLD = 1 << 0,  /* value over the organisation's threshold */
  CW_GIFT_FLAG_CASH           = 1 << 1,  /* cash is never accepted */
  CW_GIFT_FLAG_REPEATED       = 1 << 2,  /* N or more with the same child/family in M months */
  CW_GIFT_FLAG_OUTSIDE_PLAN   = 1 << 3,  /* given, not in a plan, not small-and-equal-for-all */
} CwGiftFlags;
#define CW_GIFT_FLAGS_ALL 0xf

const char     *cw_gift_direction_get_id     (CwGiftDirection direction); /* "received" */
const char     *cw_gift_direction_get_title  (CwGiftDirection direction); /* translated */
gboolean        cw_gift_direction_from_id    (const char *id, CwGiftDirection *out);
const char     *cw_gift_decision_get_id      (CwGiftDecision decision);   /* NULL undecided */
const char     *cw_gift_decision_get_title   (CwGiftDecision decision);   /* "Returned" */
CwGiftDecision  cw_gift_decision_from_id     (const char *id);  /* UNDECIDED for NULL/unknown */
const char     *cw_gift_flag_get_title       (CwGiftFlags flag);  /* one flag: "Cash" */
const char     *cw_gift_flag_get_explanation (CwGiftFlags flag);  /* one flag: a sentence */
/* "Over the threshold, Cash" (translated); "" for none. */
char           *cw_gift_flags_to_string      (CwGiftFlags flags);
/* "£25.00" */
char           *cw_gift_format_pence         (gint64 pence);

/*
 * CwGiftDeclaration: one version of one gift or hospitality declaration.
 * Plain data: a form fills a new one and hands it to CwGiftRegister, which
 * validates it and fills in what the system sets (ids, staff, times, flags,
 * decision); read back, it is the stored version.
 *
 * The child is optional when a family member is named, and the other way
 * round. child_name is set on rows read back only when the reader may see
 * that child's record (need to know); otherwise it is NULL.
 */
#define CW_TYPE_GIFT_DECLARATION (cw_gift_declaration_get_type ())
G_DECLARE_FINAL_TYPE (CwGiftDeclaration, cw_gift_declaration, CW, GIFT_DECLARATION, GObject)

CwGiftDeclaration *cw_gift_declaration_new (void);
CwGiftDeclaration *cw_gift_declaration_copy (CwGiftDeclaration *self);

/* Set by the register. */
gint64       cw_gift_declaration_get_id                (CwGiftDeclaration *self);
void         cw_gift_declaration_set_id                (CwGiftDeclaration *self, gint64 id);
int          cw_gift_declaration_get_version           (CwGiftDeclaration *self);
void         cw_gift_declaration_set_version           (CwGiftDeclaration *self, int version);
gint64       cw_gift_declaration_get_staff_id          (CwGiftDeclaration *self);
void         cw_gift_declaration_set_staff_id          (CwGiftDeclaration *self, gint64 id);
const char  *cw_gift_declaration_get_staff_name        (CwGiftDeclaration *self);
void         cw_gift_declaration_set_staff_name        (CwGiftDeclaration *self, const char *v);
gint64       cw_gift_declaration_get_declared_at       (CwGiftDeclaration *self); /* unix UTC */
void         cw_gift_declaration_set_declared_at       (CwGiftDeclaration *self, gint64 t);
gint64       cw_gift_declaration_get_written_at        (CwGiftDeclaration *self); /* version */
void         cw_gift_declaration_set_written_at        (CwGiftDeclaration *self, gint64 t);
gint64       cw_gift_declaration_get_written_by        (CwGiftDeclaration *self);
void         cw_gift_declaration_set_written_by        (CwGiftDeclaration *self, gint64 id);
const char  *cw_gift_declaration_get_correction_reason (CwGiftDeclaration *self);
void         cw_gift_declaration_set_correction_reason (CwGiftDeclaration *self, const char *v);
const char  *cw_gift_declaration_get_child_name        (CwGiftDeclaration *self); /* nullable */
void         cw_gift_declaration_set_child_name        (CwGiftDeclaration *self, const char *v);
CwGiftFlags  cw_gift_declaration_get_flags             (CwGiftDeclaration *self);
void         cw_gift_declaration_set_flags             (CwGiftDeclaration *self, CwGiftFlags f);
/* How many gifts, this one included, fell in the repeat window when it was written. */
guint        cw_gift_declaration_get_repeat_count      (CwGiftDeclaration *self);
void         cw_gift_declaration_set_repeat_count      (CwGiftDeclaration *self, guint n);
CwGiftDecision cw_gift_declaration_get_decision        (CwGiftDeclaration *self);
void         cw_gift_declaration_set_decision          (CwGiftDeclaration *self, CwGiftDecision d);
const char  *cw_gift_declaration_get_decision_reason   (CwGiftDeclaration *self);
void         cw_gift_declaration_set_decision_reason   (CwGiftDeclaration *self, const char *v);
gint64       cw_gift_declaration_get_decided_by        (CwGiftDeclaration *self);
void         cw_gift_declaration_set_decided_by        (CwGiftDeclaration *self, gint64 id);
const char  *cw_gift_declaration_get_decided_by_name   (CwGiftDeclaration *self);
void         cw_gift_declaration_set_decided_by_name   (CwGiftDeclaration *self, const char *v);
gint64       cw_gift_declaration_get_decided_at        (CwGiftDeclaration *self);
void         cw_gift_declaration_set_decided_at        (CwGiftDeclaration *self, gint64 t);

/* What the member of staff declares. */
const GDate *cw_gift_declaration_get_date              (CwGiftDeclaration *self);
void         cw_gift_declaration_set_date              (CwGiftDeclaration *self, const GDate *d);
CwGiftDirection cw_gift_declaration_get_direction      (CwGiftDeclaration *self);
void         cw_gift_declaration_set_direction         (CwGiftDeclaration *self,
                                                        CwGiftDirection    direction);
gint64       cw_gift_declaration_get_child_id          (CwGiftDeclaration *self); /* 0 = none */
void         cw_gift_declaration_set_child_id          (CwGiftDeclaration *self, gint64 id);
const char  *cw_gift_declaration_get_family_member_name (CwGiftDeclaration *self);
void         cw_gift_declaration_set_family_member_name (CwGiftDeclaration *self, const char *v);
const char  *cw_gift_declaration_get_family_member_relationship (CwGiftDeclaration *self);
void         cw_gift_declaration_set_family_member_relationship (CwGiftDeclaration *self,
                                                                 const char        *v);
const char  *cw_gift_declaration_get_description       (CwGiftDeclaration *self);
void         cw_gift_declaration_set_description       (CwGiftDeclaration *self, const char *v);
gint64       cw_gift_declaration_get_value_pence       (CwGiftDeclaration *self);
void         cw_gift_declaration_set_value_pence       (CwGiftDeclaration *self, gint64 pence);
gboolean     cw_gift_declaration_get_cash              (CwGiftDeclaration *self);
void         cw_gift_declaration_set_cash              (CwGiftDeclaration *self, gboolean v);
gboolean     cw_gift_declaration_get_group_collection  (CwGiftDeclaration *self);
void         cw_gift_declaration_set_group_collection  (CwGiftDeclaration *self, gboolean v);
const char  *cw_gift_declaration_get_occasion          (CwGiftDeclaration *self);
void         cw_gift_declaration_set_occasion          (CwGiftDeclaration *self, const char *v);
/* For gifts given: */
gboolean     cw_gift_declaration_get_part_of_plan      (CwGiftDeclaration *self);
void         cw_gift_declaration_set_part_of_plan      (CwGiftDeclaration *self, gboolean v);
const char  *cw_gift_declaration_get_plan_name         (CwGiftDeclaration *self); /* which plan */
void         cw_gift_declaration_set_plan_name         (CwGiftDeclaration *self, const char *v);
const char  *cw_gift_declaration_get_plan_agreed_with  (CwGiftDeclaration *self);
void         cw_gift_declaration_set_plan_agreed_with  (CwGiftDeclaration *self, const char *v);
gboolean     cw_gift_declaration_get_same_given_to_all (CwGiftDeclaration *self);
void         cw_gift_declaration_set_same_given_to_all (CwGiftDeclaration *self, gboolean v);

/*
 * The rules (pure functions).
 *
 * Same party: both name the same child (child id), or both name the same
 * family member (names compared ignoring case, accents and surrounding
 * space).
 *
 * The repeat window of a gift dated D is the @months months ending on D:
 * an earlier gift counts when it is dated after the same day @months
 * months before D (a gift exactly @months months before is outside) and
 * not after D. cw_gift_count_in_window() counts @gift itself and every gift
 * in @others (CwGiftDeclaration) in its window with the same party and
 * direction (a gift with the same id as @gift is skipped).
 *
 * Flags: OVER_THRESHOLD when the value is more than @threshold_pence (a
 * gift worth exactly the threshold is not over it); CASH when it is cash;
 * REPEATED when @n_in_window >= @repeat_count; OUTSIDE_PLAN when it was
 * given, is not part of an agreed plan, and is not both of insignificant
 * value (not over the threshold) and the same as was given to all.
 */
gboolean     cw_gift_same_party                        (CwGiftDeclaration *a,
                                                        CwGiftDeclaration *b);
void         cw_gift_window_start                      (const GDate       *gift_date,
                                                        guint              months,
                                                        GDate             *start_out);
guint        cw_gift_count_in_window                   (CwGiftDeclaration *gift,
                                                        GPtrArray         *others,
                                                        guint              months);
CwGiftFlags  cw_gift_compute_flags                     (CwGiftDeclaration *gift,
                                                        gint64             threshold_pence,
                                                        guint              repeat_count,
                                                        guint              n_in_window);

/* A filter for lists, counts and exports. cw_gift_filter_init() makes one
 * that lets every visible row through. */
typedef struct
{
  gint64       staff_id;        /* whose declarations; 0 = anyone's I may see */
  gint64       child_id;        /* 0 = any */
  GDate        from;            /* gift date on or after; invalid = no limit */
  GDate        to;              /* gift date on or before; invalid = no limit */
  CwGiftFlags  any_flags;       /* rows raising any of these; 0 = no condition */
  gboolean     undecided_only;
  gboolean     awaiting_me;     /* undecided, and mine to decide (not my own) */
} CwGiftFilter;

void         cw_gift_filter_init                       (CwGiftFilter *filter);

/*
 * CwGiftRegister: gifts and hospitality for one signed-in person.
 *
 * Everyone who keeps registers (KEEP_OWN_REGISTERS) declares their own
 * gifts; a declaration linked to a child needs access to that child's
 * record. Visibility: one's own declarations; a line manager with
 * REVIEW_TEAM_REGISTERS also those of the staff they line-manage; a DSL
 * (REVIEW_ALL_REGISTERS) all. The child's name on a row is shown only to
 * those who may see the child's record.
 *
 * The line manager of the declarer, or a DSL, decides (never their own):
 * accepted, declined, returned or donated, with a reason. A decided
 * version never changes (database triggers refuse it): a different
 * decision is a new version with a reason, and a correction of what was
 * declared (by the declarer) is a new version, with a reason, that waits
 * for a decision again. Flags are computed when a version is written, with
 * the organisation's settings of that time (gift-threshold-pence,
 * gift-repeat-count, gift-repeat-months), and stored with it.
 *
 * Audited: "gift-declare", "gift-correct", "gift-decide",
 * "gift-decision-change", "view" (object "gift"); details hold ids,
 * version numbers, flag and decision names, never what was declared.
 */
#define CW_TYPE_GIFT_REGISTER (cw_gift_register_get_type ())
G_DECLARE_FINAL_TYPE (CwGiftRegister, cw_gift_register, CW, GIFT_REGISTER, GObject)

GQuark             cw_gift_error_quark                 (void);

CwGiftRegister    *cw_gift_register_new                (CwSession         *session);
CwSession         *cw_gift_register_get_session        (CwGiftRegister    *self);

/* Declares @gift as the signed-in person. Returns the stored version 1. */
CwGiftDeclaration *cw_gift_register_declare            (CwGiftRegister    *self,
                                                        CwGiftDeclaration *gift,
                                                        GError           **error);
/* The declarer corrects what was declared: a new version (with @reason)
 * that waits for a decision again. Returns it. */
CwGiftDeclaration *cw_gift_register_correct            (CwGiftRegister    *self,
                                                        gint64             gift_id,
                                                        CwGiftDeclaration *corrected,
                                                        const char        *reason,
                                                        GError           **error);
/* Decides the current, undecided version. @reason is required. */
gboolean           cw_gift_register_decide             (CwGiftRegister    *self,
                                                        gint64             gift_id,
                                                        CwGiftDecision     decision,
                                                        const char        *reason,
                                                        GError           **error);
/* A different decision on a decided declaration: a new version with the
 * same content, the new decision and its reason, and @correction_reason. */
gboolean           cw_gift_register_change_decision    (CwGiftRegister    *self,
                                                        gint64             gift_id,
                                                        CwGiftDecision     decision,
                                                        const char        *decision_reason,
                                                        const char        *correction_reason,
                                                        GError           **error);
gboolean           cw_gift_register_may_decide         (CwGiftRegister    *self,
                                                        CwGiftDeclaration *gift);
/* @version 0: the current version. Audited ("view"). */
CwGiftDeclaration *cw_gift_register_load               (CwGiftRegister    *self,
                                                        gint64             gift_id,
                                                        int                version,
                                                        GError           **error);
/* Every version, oldest first (CwGiftDeclaration). */
GPtrArray         *cw_gift_register_list_versions      (CwGiftRegister    *self,
                                                        gint64             gift_id,
                                                        GError           **error);
/* A lazy GListModel of CwGiftDeclaration (current versions) I may see,
 * newest gift date first. @filter may be NULL. */
GListModel        *cw_gift_register_list               (CwGiftRegister    *self,
                                                        const CwGiftFilter *filter);
gint64             cw_gift_register_count              (CwGiftRegister    *self,
                                                        const CwGiftFilter *filter);
/* The manager's waiting list: undecided declarations I may decide. */
gint64             cw_gift_register_count_awaiting_decision (CwGiftRegister *self);

G_END_DECLS
