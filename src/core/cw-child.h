/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* An adult around the child. */
typedef struct
{
  gint64    id;                       /* 0 until stored */
  char     *name;
  char     *relationship;             /* "Mother", "Foster carer", … */
  gboolean  parental_responsibility;
  char     *contact_details;
} CwChildAdult;

#define CW_TYPE_CHILD_ADULT (cw_child_adult_get_type ())
GType         cw_child_adult_get_type (void) G_GNUC_CONST;
CwChildAdult *cw_child_adult_new      (const char *name,
                                       const char *relationship,
                                       gboolean    parental_responsibility,
                                       const char *contact_details);
CwChildAdult *cw_child_adult_copy     (const CwChildAdult *adult);
void          cw_child_adult_free     (CwChildAdult *adult);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CwChildAdult, cw_child_adult_free)

/* Stored text of legal_status. */
#define CW_LEGAL_STATUS_NONE                  "none"
#define CW_LEGAL_STATUS_EARLY_HELP            "early-help"
#define CW_LEGAL_STATUS_CHILD_IN_NEED         "child-in-need"
#define CW_LEGAL_STATUS_CHILD_PROTECTION_PLAN "child-protection-plan"
#define CW_LEGAL_STATUS_LOOKED_AFTER          "looked-after"
#define CW_LEGAL_STATUS_OTHER                 "other"
const char  *cw_legal_status_get_title (const char *status);     /* translated */
const char * const *cw_legal_status_all (void);                  /* NULL-terminated ids */

typedef enum
{
  CW_DATE_EXACT,
  CW_DATE_APPROXIMATE,
  CW_DATE_UNKNOWN,
} CwDatePrecision;

/*
 * CwChild: one child's record as stored. Mutable so that forms can fill a
 * copy and hand it to CwChildRepository; the repository validates.
 * date_of_birth is a GDate (invalid when unknown).
 */
#define CW_TYPE_CHILD (cw_child_get_type ())
G_DECLARE_FINAL_TYPE (CwChild, cw_child, CW, CHILD, GObject)

CwChild     *cw_child_new                  (void);
CwChild     *cw_child_copy                 (CwChild *self);
gint64       cw_child_get_id               (CwChild *self);
void         cw_child_set_id               (CwChild *self, gint64 id);
const char  *cw_child_get_case_reference   (CwChild *self);
void         cw_child_set_case_reference   (CwChild *self, const char *value);
const char  *cw_child_get_given_names      (CwChild *self);
void         cw_child_set_given_names      (CwChild *self, const char *value);
const char  *cw_child_get_family_name      (CwChild *self);
void         cw_child_set_family_name      (CwChild *self, const char *value);
const char  *cw_child_get_preferred_name   (CwChild *self);
void         cw_child_set_preferred_name   (CwChild *self, const char *value);
/* "Preferred (Given) Family" or "Given Family". */
char        *cw_child_dup_display_name     (CwChild *self);
const GDate *cw_child_get_date_of_birth    (CwChild *self);  /* invalid GDate when unknown */
void         cw_child_set_date_of_birth    (CwChild *self, const GDate *date);
CwDatePrecision cw_child_get_dob_precision (CwChild *self);
void         cw_child_set_dob_precision    (CwChild *self, CwDatePrecision precision);
/* Age in whole years on @on, or -1 when the birth date is unknown or after @on.
 * *approximate is set when the birth date is approximate. */
int          cw_child_get_age_on           (CwChild *self, const GDate *on, gboolean *approximate);
const char  *cw_child_get_gender           (CwChild *self);
void         cw_child_set_gender           (CwChild *self, const char *value);
const char  *cw_child_get_ethnicity        (CwChild *self);
void         cw_child_set_ethnicity        (CwChild *self, const char *value);
const char  *cw_child_get_first_language   (CwChild *self);
void         cw_child_set_first_language   (CwChild *self, const char *value);
const char  *cw_child_get_religion         (CwChild *self);
void         cw_child_set_religion         (CwChild *self, const char *value);
const char  *cw_child_get_disability       (CwChild *self);
void         cw_child_set_disability       (CwChild *self, const char *value);
const char  *cw_child_get_legal_status     (CwChild *self);
void         cw_child_set_legal_status     (CwChild *self, const char *value);
gint64       cw_child_get_allocated_worker_id (CwChild *self);   /* 0 = unallocated */
void         cw_child_set_allocated_worker_id (CwChild *self, gint64 staff_id);
/* GPtrArray of CwChildAdult, owned by the child. */
GPtrArray   *cw_child_get_adults           (CwChild *self);
void         cw_child_add_adult            (CwChild *self, CwChildAdult *adult); /* takes it */
void         cw_child_clear_adults         (CwChild *self);

G_END_DECLS
