/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-child"

#include "config.h"

#include <glib/gi18n.h>

#include "cw-child.h"

/*
 * CwChild: one child's record as a plain, mutable value object.
 *
 * Text getters never return NULL (unset text is ""). The date of birth and
 * its precision go together: setting the precision to CW_DATE_UNKNOWN
 * clears the date, and setting a valid date while the precision is unknown
 * makes it exact (set the precision afterwards for an approximate date).
 * The repository validates everything else.
 */

struct _CwChild
{
  GObject          parent_instance;

  gint64           id;
  char            *case_reference;
  char            *given_names;
  char            *family_name;
  char            *preferred_name;
  GDate            date_of_birth;
  CwDatePrecision  dob_precision;
  char            *gender;
  char            *ethnicity;
  char            *first_language;
  char            *religion;
  char            *disability;
  char            *legal_status;
  gint64           allocated_worker_id;
  GPtrArray       *adults;          /* CwChildAdult */
};

G_DEFINE_FINAL_TYPE (CwChild, cw_child, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (CwChildAdult, cw_child_adult, cw_child_adult_copy, cw_child_adult_free)

typedef struct
{
  const char *id;
  const char *title;
} CwLegalStatusRow;

static const CwLegalStatusRow legal_statuses[] = {
  { CW_LEGAL_STATUS_NONE, N_("No statutory involvement") },
  { CW_LEGAL_STATUS_EARLY_HELP, N_("Early help") },
  { CW_LEGAL_STATUS_CHILD_IN_NEED, N_("Child in need") },
  { CW_LEGAL_STATUS_CHILD_PROTECTION_PLAN, N_("Child protection plan") },
  { CW_LEGAL_STATUS_LOOKED_AFTER, N_("Looked after") },
  { CW_LEGAL_STATUS_OTHER, N_("Other") },
};

static const char * const legal_status_ids[] = {
  CW_LEGAL_STATUS_NONE,
  CW_LEGAL_STATUS_EARLY_HELP,
  CW_LEGAL_STATUS_CHILD_IN_NEED,
  CW_LEGAL_STATUS_CHILD_PROTECTION_PLAN,
  CW_LEGAL_STATUS_LOOKED_AFTER,
  CW_LEGAL_STATUS_OTHER,
  NULL,
};

/*
 * g_date_valid() only says whether a GDate was set; a GDate filled in by
 * hand may still hold 31 February. This checks the date itself.
 */
static gboolean
date_is_real (const GDate *date)
{
  if (date == NULL || !g_date_valid (date))
    return FALSE;
  if (date->dmy)
    return g_date_valid_dmy ((GDateDay) date->day, (GDateMonth) date->month,
                             (GDateYear) date->year);

  return g_date_valid_julian (date->julian_days);
}

/* Replaces *field with a copy of @value ("" for NULL). */
static void
set_text (char       **field,
          const char  *value)
{
  char *copy = g_strdup (value != NULL ? value : "");

  g_free (*field);
  *field = copy;
}

static void
cw_child_finalize (GObject *object)
{
  CwChild *self = CW_CHILD (object);

  g_free (self->case_reference);
  g_free (self->given_names);
  g_free (self->family_name);
  g_free (self->preferred_name);
  g_free (self->gender);
  g_free (self->ethnicity);
  g_free (self->first_language);
  g_free (self->religion);
  g_free (self->disability);
  g_free (self->legal_status);
  g_clear_pointer (&self->adults, g_ptr_array_unref);

  G_OBJECT_CLASS (cw_child_parent_class)->finalize (object);
}

static void
cw_child_class_init (CwChildClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cw_child_finalize;
}

static void
cw_child_init (CwChild *self)
{
  self->case_reference = g_strdup ("");
  self->given_names = g_strdup ("");
  self->family_name = g_strdup ("");
  self->preferred_name = g_strdup ("");
  g_date_clear (&self->date_of_birth, 1);
  self->dob_precision = CW_DATE_UNKNOWN;
  self->gender = g_strdup ("");
  self->ethnicity = g_strdup ("");
  self->first_language = g_strdup ("");
  self->religion = g_strdup ("");
  self->disability = g_strdup ("");
  self->legal_status = g_strdup (CW_LEGAL_STATUS_NONE);
  self->adults = g_ptr_array_new_with_free_func ((GDestroyNotify) cw_child_adult_free);
}

/* CwChildAdult */

CwChildAdult *
cw_child_adult_new (const char *name,
                    const char *relationship,
                    gboolean    parental_responsibility,
                    const char *contact_details)
{
  CwChildAdult *adult = g_new0 (CwChildAdult, 1);

  adult->name = g_strdup (name != NULL ? name : "");
  adult->relationship = g_strdup (relationship != NULL ? relationship : "");
  adult->parental_responsibility = parental_responsibility != FALSE;
  adult->contact_details = g_strdup (contact_details != NULL ? contact_details : "");

  return adult;
}

CwChildAdult *
cw_child_adult_copy (const CwChildAdult *adult)
{
  CwChildAdult *copy;

  g_return_val_if_fail (adult != NULL, NULL);

  copy = cw_child_adult_new (adult->name, adult->relationship,
                             adult->parental_responsibility, adult->contact_details);
  copy->id = adult->id;

  return copy;
}

void
cw_child_adult_free (CwChildAdult *adult)
{
  if (adult == NULL)
    return;

  g_free (adult->name);
  g_free (adult->relationship);
  g_free (adult->contact_details);
  g_free (adult);
}

/* Legal status */

/**
 * cw_legal_status_get_title:
 *
 * Returns: the translated title of a stored legal status, or @status itself
 *   when it is not one this build knows.
 */
const char *
cw_legal_status_get_title (const char *status)
{
  if (status == NULL)
    return "";

  for (gsize i = 0; i < G_N_ELEMENTS (legal_statuses); i++)
    if (g_str_equal (legal_statuses[i].id, status))
      return _(legal_statuses[i].title);

  return status;
}

const char * const *
cw_legal_status_all (void)
{
  return legal_status_ids;
}

/* CwChild */

CwChild *
cw_child_new (void)
{
  return g_object_new (CW_TYPE_CHILD, NULL);
}

/**
 * cw_child_copy:
 *
 * Returns: (transfer full): a deep copy, adults included.
 */
CwChild *
cw_child_copy (CwChild *self)
{
  CwChild *copy;

  g_return_val_if_fail (CW_IS_CHILD (self), NULL);

  copy = cw_child_new ();
  copy->id = self->id;
  set_text (&copy->case_reference, self->case_reference);
  set_text (&copy->given_names, self->given_names);
  set_text (&copy->family_name, self->family_name);
  set_text (&copy->preferred_name, self->preferred_name);
  copy->date_of_birth = self->date_of_birth;
  copy->dob_precision = self->dob_precision;
  set_text (&copy->gender, self->gender);
  set_text (&copy->ethnicity, self->ethnicity);
  set_text (&copy->first_language, self->first_language);
  set_text (&copy->religion, self->religion);
  set_text (&copy->disability, self->disability);
  set_text (&copy->legal_status, self->legal_status);
  copy->allocated_worker_id = self->allocated_worker_id;

  for (guint i = 0; i < self->adults->len; i++)
    g_ptr_array_add (copy->adults, cw_child_adult_copy (g_ptr_array_index (self->adults, i)));

  return copy;
}

gint64
cw_child_get_id (CwChild *self)
{
  g_return_val_if_fail (CW_IS_CHILD (self), 0);

  return self->id;
}

void
cw_child_set_id (CwChild *self,
                 gint64   id)
{
  g_return_if_fail (CW_IS_CHILD (self));

  self->id = id;
}

const char *
cw_child_get_case_reference (CwChild *self)
{
  g_return_val_if_fail (CW_IS_CHILD (self), NULL);

  return self->case_reference;
}

void
cw_child_set_case_reference (CwChild    *self,
                             const char *value)
{
  g_return_if_fail (CW_IS_CHILD (self));

  set_text (&self->case_reference, value);
}

const char *
cw_child_get_given_names (CwChild *self)
{
  g_return_val_if_fail (CW_IS_CHILD (self), NULL);

  return self->given_names;
}

void
cw_child_set_given_names (CwChild    *self,
                          const char *value)
{
  g_return_if_fail (CW_IS_CHILD (self));

  set_text (&self->given_names, value);
}

const char *
cw_child_get_family_name (CwChild *self)
{
  g_return_val_if_fail (CW_IS_CHILD (self), NULL);

  return self->family_name;
}

void
cw_child_set_family_name (CwChild    *self,
                          const char *value)
{
  g_return_if_fail (CW_IS_CHILD (self));

  set_text (&self->family_name, value);
}

const char *
cw_child_get_preferred_name (CwChild *self)
{
  g_return_val_if_fail (CW_IS_CHILD (self), NULL);

  return self->preferred_name;
}

void
cw_child_set_preferred_name (CwChild    *self,
                             const char *value)
{
  g_return_if_fail (CW_IS_CHILD (self));

  set_text (&self->preferred_name, value);
}

/**
 * cw_child_dup_display_name:
 *
 * Returns: (transfer full): "Preferred (Given) Family" when a preferred
 *   name different from the given names is set, else "Given Family".
 */
char *
cw_child_dup_display_name (CwChild *self)
{
  g_return_val_if_fail (CW_IS_CHILD (self), NULL);

  if (self->preferred_name[0] != '\0' &&
      g_strcmp0 (self->preferred_name, self->given_names) != 0)
    {
      if (self->given_names[0] == '\0')
        return g_strdup_printf ("%s %s", self->preferred_name, self->family_name);

      /* Translators: a child's name: preferred name, (given names), family name */
      return g_strdup_printf (C_("child name", "%s (%s) %s"), self->preferred_name,
                              self->given_names, self->family_name);
    }

  if (self->given_names[0] == '\0')
    return g_strdup (self->family_name);
  if (self->family_name[0] == '\0')
    return g_strdup (self->given_names);

  return g_strdup_printf ("%s %s", self->given_names, self->family_name);
}

const GDate *
cw_child_get_date_of_birth (CwChild *self)
{
  g_return_val_if_fail (CW_IS_CHILD (self), NULL);

  return &self->date_of_birth;
}

/*
 * @date may be NULL or invalid (unknown). The GDate is copied as it is, so
 * that an impossible date reaches the repository's validation.
 */
void
cw_child_set_date_of_birth (CwChild     *self,
                            const GDate *date)
{
  g_return_if_fail (CW_IS_CHILD (self));

  if (date == NULL)
    {
      g_date_clear (&self->date_of_birth, 1);
      return;
    }

  self->date_of_birth = *date;

  if (date_is_real (&self->date_of_birth) && self->dob_precision == CW_DATE_UNKNOWN)
    self->dob_precision = CW_DATE_EXACT;
}

CwDatePrecision
cw_child_get_dob_precision (CwChild *self)
{
  g_return_val_if_fail (CW_IS_CHILD (self), CW_DATE_UNKNOWN);

  return self->dob_precision;
}

void
cw_child_set_dob_precision (CwChild         *self,
                            CwDatePrecision  precision)
{
  g_return_if_fail (CW_IS_CHILD (self));

  self->dob_precision = precision;

  if (precision == CW_DATE_UNKNOWN)
    g_date_clear (&self->date_of_birth, 1);
}

/**
 * cw_child_get_age_on:
 * @on: the day to give the age on
 * @approximate: (out) (optional): set when the birth date is approximate
 *
 * Whole years lived on @on. A child born on 29 February has their birthday
 * on 1 March in years that are not leap years.
 *
 * Returns: the age, or -1 when the birth date is unknown or after @on.
 */
int
cw_child_get_age_on (CwChild     *self,
                     const GDate *on,
                     gboolean    *approximate)
{
  const GDate *born;
  int years;

  if (approximate != NULL)
    *approximate = FALSE;

  g_return_val_if_fail (CW_IS_CHILD (self), -1);
  g_return_val_if_fail (on != NULL, -1);

  born = &self->date_of_birth;

  if (self->dob_precision == CW_DATE_UNKNOWN || !date_is_real (born) || !date_is_real (on))
    return -1;

  if (g_date_compare (born, on) > 0)
    return -1;

  years = g_date_get_year (on) - g_date_get_year (born);

  /* Comparing (month, day) pairs: 29 February is after 28 February and
   * before 1 March, which is the rule wanted in a year with no 29th. */
  if (g_date_get_month (on) < g_date_get_month (born) ||
      (g_date_get_month (on) == g_date_get_month (born) &&
       g_date_get_day (on) < g_date_get_day (born)))
    years--;

  if (approximate != NULL)
    *approximate = self->dob_precision == CW_DATE_APPROXIMATE;

  return years;
}

const char *
cw_child_get_gender (CwChild *self)
{
  g_return_val_if_fail (CW_IS_CHILD (self), NULL);

  return self->gender;
}

void
cw_child_set_gender (CwChild    *self,
                     const char *value)
{
  g_return_if_fail (CW_IS_CHILD (self));

  set_text (&self->gender, value);
}

const char *
cw_child_get_ethnicity (CwChild *self)
{
  g_return_val_if_fail (CW_IS_CHILD (self), NULL);

  return self->ethnicity;
}

void
cw_child_set_ethnicity (CwChild    *self,
                        const char *value)
{
  g_return_if_fail (CW_IS_CHILD (self));

  set_text (&self->ethnicity, value);
}

const char *
cw_child_get_first_language (CwChild *self)
{
  g_return_val_if_fail (CW_IS_CHILD (self), NULL);

  return self->first_language;
}

void
cw_child_set_first_language (CwChild    *self,
                             const char *value)
{
  g_return_if_fail (CW_IS_CHILD (self));

  set_text (&self->first_language, value);
}

const char *
cw_child_get_religion (CwChild *self)
{
  g_return_val_if_fail (CW_IS_CHILD (self), NULL);

  return self->religion;
}

void
cw_child_set_religion (CwChild    *self,
                       const char *value)
{
  g_return_if_fail (CW_IS_CHILD (self));

  set_text (&self->religion, value);
}

const char *
cw_child_get_disability (CwChild *self)
{
  g_return_val_if_fail (CW_IS_CHILD (self), NULL);

  return self->disability;
}

void
cw_child_set_disability (CwChild    *self,
                         const char *value)
{
  g_return_if_fail (CW_IS_CHILD (self));

  set_text (&self->disability, value);
}

const char *
cw_child_get_legal_status (CwChild *self)
{
  g_return_val_if_fail (CW_IS_CHILD (self), NULL);

  return self->legal_status;
}

void
cw_child_set_legal_status (CwChild    *self,
                           const char *value)
{
  g_return_if_fail (CW_IS_CHILD (self));

  set_text (&self->legal_status, value);
}

gint64
cw_child_get_allocated_worker_id (CwChild *self)
{
  g_return_val_if_fail (CW_IS_CHILD (self), 0);

  return self->allocated_worker_id;
}

void
cw_child_set_allocated_worker_id (CwChild *self,
                                  gint64   staff_id)
{
  g_return_if_fail (CW_IS_CHILD (self));

  self->allocated_worker_id = staff_id;
}

/**
 * cw_child_get_adults:
 *
 * Returns: (transfer none) (element-type CwChildAdult): the adults, owned
 *   by the child.
 */
GPtrArray *
cw_child_get_adults (CwChild *self)
{
  g_return_val_if_fail (CW_IS_CHILD (self), NULL);

  return self->adults;
}

void
cw_child_add_adult (CwChild      *self,
                    CwChildAdult *adult)
{
  g_return_if_fail (CW_IS_CHILD (self));
  g_return_if_fail (adult != NULL);

  g_ptr_array_add (self->adults, adult);
}

void
cw_child_clear_adults (CwChild *self)
{
  g_return_if_fail (CW_IS_CHILD (self));

  g_ptr_array_set_size (self->adults, 0);
}
