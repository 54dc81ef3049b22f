/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-judgement"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "cw-judgement.h"

/*
 * CwJudgement: the judgement part of one version of a note, as plain data.
 * Every setter emits "changed" when the value really changes (setting the
 * same value again is silent, so an editor that writes widget text back
 * cannot loop). The encoding and hashes are pure functions of the content.
 */

struct _CwJudgement
{
  GObject                  parent_instance;

  gint64                   version_id;

  char                    *text[CW_JUDGEMENT_FIELD_LAST];
  CwJudgementActionStatus  action_status;
  CwJudgementAnswer        answers[CW_JUDGEMENT_TEST_LAST];
  char                    *explanations[CW_JUDGEMENT_TEST_LAST];
  GDate                    discussed_on;
  CwReferralAgency         referral_agency;
  GDate                    referral_date;
};

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CwJudgement, cw_judgement, G_TYPE_OBJECT)

G_DEFINE_QUARK (cw-judgement-error-quark, cw_judgement_error)

static const struct
{
  const char *column;
  const char *title;
} fields[CW_JUDGEMENT_FIELD_LAST] = {
  [CW_JUDGEMENT_FIELD_CIRCUMSTANCES]        = { "circumstances", N_("Circumstances") },
  [CW_JUDGEMENT_FIELD_ACTION]               = { "action", N_("Action taken or proposed") },
  [CW_JUDGEMENT_FIELD_REASONS]              = { "reasons", N_("Reasons") },
  [CW_JUDGEMENT_FIELD_DISCUSSED_WITH]       = { "discussed_with", N_("Discussed with") },
  [CW_JUDGEMENT_FIELD_DISAGREEMENT]         = { "disagreement", N_("Areas of disagreement") },
  [CW_JUDGEMENT_FIELD_REFERRAL_AGENCY_NAME] = { "referral_agency_name",
                                                N_("Name of the other agency") },
  [CW_JUDGEMENT_FIELD_REFERRAL_REFERENCE]   = { "referral_reference",
                                                N_("Referral reference") },
};

static const struct
{
  const char *id;
  const char *title;
  const char *question;
} tests[CW_JUDGEMENT_TEST_LAST] = {
  [CW_JUDGEMENT_TEST_WARRANTED]     = { "warranted", N_("Warranted"), N_("Was it warranted?") },
  [CW_JUDGEMENT_TEST_PROPORTIONATE] = { "proportionate", N_("Proportionate"),
                                        N_("Was it proportionate?") },
  [CW_JUDGEMENT_TEST_SAFE]          = { "safe", N_("Safe"), N_("Was it safe?") },
  [CW_JUDGEMENT_TEST_EQUITABLE]     = { "equitable", N_("Applied equitably"),
                                        N_("Was it applied equitably?") },
};

static const struct
{
  const char *id;
  const char *title;
} agencies[CW_REFERRAL_LAST] = {
  [CW_REFERRAL_NONE]                  = { "none", N_("No referral") },
  [CW_REFERRAL_LADO]                  = { "lado",
                                          N_("Local Authority Designated Officer (LADO)") },
  [CW_REFERRAL_CHILDRENS_SOCIAL_CARE] = { "childrens-social-care",
                                          N_("Children’s social care") },
  [CW_REFERRAL_POLICE]                = { "police", N_("Police") },
  [CW_REFERRAL_OTHER]                 = { "other", N_("Another agency") },
};

/* Helpers */

static void
changed (CwJudgement *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/* Replaces *slot with a copy of @value ("" for NULL); TRUE when it differed. */
static gboolean
replace_string (char       **slot,
                const char  *value)
{
  if (value == NULL)
    value = "";

  if (*slot != NULL && strcmp (*slot, value) == 0)
    return FALSE;

  g_free (*slot);
  *slot = g_strdup (value);
  return TRUE;
}

/* @date NULL or invalid clears; TRUE when it differed. */
static gboolean
replace_date (GDate       *slot,
              const GDate *date)
{
  gboolean was_valid = g_date_valid (slot);
  gboolean valid = date != NULL && g_date_valid (date);

  if (!was_valid && !valid)
    return FALSE;
  if (was_valid && valid && g_date_compare (slot, date) == 0)
    return FALSE;

  if (valid)
    *slot = *date;
  else
    g_date_clear (slot, 1);
  return TRUE;
}

static gboolean
dates_equal (const GDate *a,
             const GDate *b)
{
  gboolean a_valid = g_date_valid (a);
  gboolean b_valid = g_date_valid (b);

  return a_valid == b_valid && (!a_valid || g_date_compare (a, b) == 0);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

static gboolean
check_text (const char  *title,
            const char  *text,
            GError     **error)
{
  if (text == NULL)
    return TRUE;

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, CW_JUDGEMENT_ERROR, CW_JUDGEMENT_ERROR_INVALID,
                   _("“%s” holds characters that are not readable text. Type it again, "
                     "or paste it again as plain text."), title);
      return FALSE;
    }

  if (g_utf8_strlen (text, -1) > CW_JUDGEMENT_TEXT_MAX_CHARS)
    {
      g_set_error (error, CW_JUDGEMENT_ERROR, CW_JUDGEMENT_ERROR_INVALID,
                   _("“%s” is too long: it can hold at most %d characters. Shorten it."),
                   title, CW_JUDGEMENT_TEXT_MAX_CHARS);
      return FALSE;
    }

  return TRUE;
}

static void
today_local (GDate *today)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (today, 1);
  g_date_set_dmy (today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
}

static void
append_bytes (GByteArray *out,
              const void *data,
              gsize       len)
{
  guint8 prefix[8];
  guint64 n = len;

  for (int i = 7; i >= 0; i--)
    {
      prefix[i] = n & 0xff;
      n >>= 8;
    }

  g_byte_array_append (out, prefix, sizeof prefix);
  if (len > 0)
    g_byte_array_append (out, data, (guint) len);
}

static void
append_string (GByteArray *out,
               const char *s)
{
  if (s == NULL)
    s = "";
  append_bytes (out, s, strlen (s));
}

static void
append_uint (GByteArray *out,
             guint       n)
{
  char buf[16];

  g_snprintf (buf, sizeof buf, "%u", n);
  append_string (out, buf);
}

static void
append_date (GByteArray  *out,
             const GDate *date)
{
  char buf[16] = "";

  if (g_date_valid (date))
    g_snprintf (buf, sizeof buf, "%04u-%02u-%02u", g_date_get_year (date),
                (guint) g_date_get_month (date), g_date_get_day (date));
  append_string (out, buf);
}

static void
checksum_part (GChecksum  *checksum,
               const void *data,
               gsize       len)
{
  guint8 prefix[8];
  guint64 n = len;

  for (int i = 7; i >= 0; i--)
    {
      prefix[i] = n & 0xff;
      n >>= 8;
    }

  g_checksum_update (checksum, prefix, sizeof prefix);
  if (len > 0)
    g_checksum_update (checksum, data, (gssize) len);
}

/* Overrides */

static void
cw_judgement_finalize (GObject *object)
{
  CwJudgement *self = CW_JUDGEMENT (object);

  for (guint i = 0; i < CW_JUDGEMENT_FIELD_LAST; i++)
    g_clear_pointer (&self->text[i], g_free);
  for (guint i = 0; i < CW_JUDGEMENT_TEST_LAST; i++)
    g_clear_pointer (&self->explanations[i], g_free);

  G_OBJECT_CLASS (cw_judgement_parent_class)->finalize (object);
}

static void
cw_judgement_class_init (CwJudgementClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cw_judgement_finalize;

  /**
   * CwJudgement::changed:
   *
   * Emitted whenever a setter changes a value.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
cw_judgement_init (CwJudgement *self)
{
  for (guint i = 0; i < CW_JUDGEMENT_FIELD_LAST; i++)
    self->text[i] = g_strdup ("");
  for (guint i = 0; i < CW_JUDGEMENT_TEST_LAST; i++)
    {
      self->answers[i] = CW_JUDGEMENT_ANSWER_UNSET;
      self->explanations[i] = g_strdup ("");
    }
  self->action_status = CW_JUDGEMENT_ACTION_UNSET;
  self->referral_agency = CW_REFERRAL_NONE;
  g_date_clear (&self->discussed_on, 1);
  g_date_clear (&self->referral_date, 1);
}

/* Public: kinds and enums */

gboolean
cw_entry_kind_has_judgement (CwEntryKind kind)
{
  return kind == CW_ENTRY_KIND_DECISION || kind == CW_ENTRY_KIND_PROFESSIONAL_JUDGEMENT;
}

const char *
cw_judgement_answer_get_id (CwJudgementAnswer answer)
{
  switch (answer)
    {
    case CW_JUDGEMENT_ANSWER_YES:
      return "yes";
    case CW_JUDGEMENT_ANSWER_NO:
      return "no";
    case CW_JUDGEMENT_ANSWER_UNSURE:
      return "unsure";
    case CW_JUDGEMENT_ANSWER_UNSET:
    default:
      return "";
    }
}

const char *
cw_judgement_answer_get_title (CwJudgementAnswer answer)
{
  switch (answer)
    {
    case CW_JUDGEMENT_ANSWER_YES:
      return _("Yes");
    case CW_JUDGEMENT_ANSWER_NO:
      return _("No");
    case CW_JUDGEMENT_ANSWER_UNSURE:
      return _("Unsure");
    case CW_JUDGEMENT_ANSWER_UNSET:
    default:
      return _("Not answered");
    }
}

CwJudgementAnswer
cw_judgement_answer_from_id (const char *id)
{
  if (g_strcmp0 (id, "yes") == 0)
    return CW_JUDGEMENT_ANSWER_YES;
  if (g_strcmp0 (id, "no") == 0)
    return CW_JUDGEMENT_ANSWER_NO;
  if (g_strcmp0 (id, "unsure") == 0)
    return CW_JUDGEMENT_ANSWER_UNSURE;

  return CW_JUDGEMENT_ANSWER_UNSET;
}

const char *
cw_judgement_test_get_id (CwJudgementTest test)
{
  g_return_val_if_fail ((guint) test < CW_JUDGEMENT_TEST_LAST, "");
  return tests[test].id;
}

const char *
cw_judgement_test_get_title (CwJudgementTest test)
{
  g_return_val_if_fail ((guint) test < CW_JUDGEMENT_TEST_LAST, "");
  return _(tests[test].title);
}

const char *
cw_judgement_test_get_question (CwJudgementTest test)
{
  g_return_val_if_fail ((guint) test < CW_JUDGEMENT_TEST_LAST, "");
  return _(tests[test].question);
}

const char *
cw_judgement_action_status_get_id (CwJudgementActionStatus status)
{
  switch (status)
    {
    case CW_JUDGEMENT_ACTION_TAKEN:
      return "taken";
    case CW_JUDGEMENT_ACTION_PROPOSED:
      return "proposed";
    case CW_JUDGEMENT_ACTION_UNSET:
    default:
      return "";
    }
}

const char *
cw_judgement_action_status_get_title (CwJudgementActionStatus status)
{
  switch (status)
    {
    case CW_JUDGEMENT_ACTION_TAKEN:
      return _("Action taken");
    case CW_JUDGEMENT_ACTION_PROPOSED:
      return _("Action proposed");
    case CW_JUDGEMENT_ACTION_UNSET:
    default:
      return _("Not said whether taken or proposed");
    }
}

CwJudgementActionStatus
cw_judgement_action_status_from_id (const char *id)
{
  if (g_strcmp0 (id, "taken") == 0)
    return CW_JUDGEMENT_ACTION_TAKEN;
  if (g_strcmp0 (id, "proposed") == 0)
    return CW_JUDGEMENT_ACTION_PROPOSED;

  return CW_JUDGEMENT_ACTION_UNSET;
}

const char *
cw_referral_agency_get_id (CwReferralAgency agency)
{
  g_return_val_if_fail ((guint) agency < CW_REFERRAL_LAST, "");
  return agencies[agency].id;
}

const char *
cw_referral_agency_get_title (CwReferralAgency agency)
{
  g_return_val_if_fail ((guint) agency < CW_REFERRAL_LAST, "");
  return _(agencies[agency].title);
}

CwReferralAgency
cw_referral_agency_from_id (const char *id)
{
  if (id == NULL)
    return CW_REFERRAL_LAST;

  for (guint i = 0; i < CW_REFERRAL_LAST; i++)
    if (strcmp (agencies[i].id, id) == 0)
      return i;

  return CW_REFERRAL_LAST;
}

const char *
cw_judgement_field_get_column (CwJudgementField field)
{
  g_return_val_if_fail ((guint) field < CW_JUDGEMENT_FIELD_LAST, "");
  return fields[field].column;
}

const char *
cw_judgement_field_get_title (CwJudgementField field)
{
  g_return_val_if_fail ((guint) field < CW_JUDGEMENT_FIELD_LAST, "");
  return _(fields[field].title);
}

/* Public: the object */

CwJudgement *
cw_judgement_new (void)
{
  return g_object_new (CW_TYPE_JUDGEMENT, NULL);
}

CwJudgement *
cw_judgement_copy (CwJudgement *self)
{
  CwJudgement *copy;

  g_return_val_if_fail (CW_IS_JUDGEMENT (self), NULL);

  copy = cw_judgement_new ();
  copy->version_id = self->version_id;
  for (guint i = 0; i < CW_JUDGEMENT_FIELD_LAST; i++)
    replace_string (&copy->text[i], self->text[i]);
  copy->action_status = self->action_status;
  for (guint i = 0; i < CW_JUDGEMENT_TEST_LAST; i++)
    {
      copy->answers[i] = self->answers[i];
      replace_string (&copy->explanations[i], self->explanations[i]);
    }
  copy->discussed_on = self->discussed_on;
  copy->referral_agency = self->referral_agency;
  copy->referral_date = self->referral_date;

  return copy;
}

gboolean
cw_judgement_equal (CwJudgement *a,
                    CwJudgement *b)
{
  g_return_val_if_fail (CW_IS_JUDGEMENT (a), FALSE);
  g_return_val_if_fail (CW_IS_JUDGEMENT (b), FALSE);

  for (guint i = 0; i < CW_JUDGEMENT_FIELD_LAST; i++)
    if (strcmp (a->text[i], b->text[i]) != 0)
      return FALSE;
  for (guint i = 0; i < CW_JUDGEMENT_TEST_LAST; i++)
    if (a->answers[i] != b->answers[i] || strcmp (a->explanations[i], b->explanations[i]) != 0)
      return FALSE;

  return a->action_status == b->action_status && a->referral_agency == b->referral_agency &&
         dates_equal (&a->discussed_on, &b->discussed_on) &&
         dates_equal (&a->referral_date, &b->referral_date);
}

gint64
cw_judgement_get_version_id (CwJudgement *self)
{
  g_return_val_if_fail (CW_IS_JUDGEMENT (self), 0);
  return self->version_id;
}

void
cw_judgement_set_version_id (CwJudgement *self,
                             gint64       version_id)
{
  g_return_if_fail (CW_IS_JUDGEMENT (self));
  self->version_id = version_id;
}

const char *
cw_judgement_get_text (CwJudgement      *self,
                       CwJudgementField  field)
{
  g_return_val_if_fail (CW_IS_JUDGEMENT (self), "");
  g_return_val_if_fail ((guint) field < CW_JUDGEMENT_FIELD_LAST, "");
  return self->text[field];
}

void
cw_judgement_set_text (CwJudgement      *self,
                       CwJudgementField  field,
                       const char       *text)
{
  g_return_if_fail (CW_IS_JUDGEMENT (self));
  g_return_if_fail ((guint) field < CW_JUDGEMENT_FIELD_LAST);

  if (replace_string (&self->text[field], text))
    changed (self);
}

CwJudgementActionStatus
cw_judgement_get_action_status (CwJudgement *self)
{
  g_return_val_if_fail (CW_IS_JUDGEMENT (self), CW_JUDGEMENT_ACTION_UNSET);
  return self->action_status;
}

void
cw_judgement_set_action_status (CwJudgement             *self,
                                CwJudgementActionStatus  status)
{
  g_return_if_fail (CW_IS_JUDGEMENT (self));
  g_return_if_fail ((guint) status <= CW_JUDGEMENT_ACTION_PROPOSED);

  if (self->action_status == status)
    return;
  self->action_status = status;
  changed (self);
}

CwJudgementAnswer
cw_judgement_get_answer (CwJudgement     *self,
                         CwJudgementTest  test)
{
  g_return_val_if_fail (CW_IS_JUDGEMENT (self), CW_JUDGEMENT_ANSWER_UNSET);
  g_return_val_if_fail ((guint) test < CW_JUDGEMENT_TEST_LAST, CW_JUDGEMENT_ANSWER_UNSET);
  return self->answers[test];
}

void
cw_judgement_set_answer (CwJudgement       *self,
                         CwJudgementTest    test,
                         CwJudgementAnswer  answer)
{
  g_return_if_fail (CW_IS_JUDGEMENT (self));
  g_return_if_fail ((guint) test < CW_JUDGEMENT_TEST_LAST);
  g_return_if_fail (answer >= CW_JUDGEMENT_ANSWER_UNSET && answer <= CW_JUDGEMENT_ANSWER_UNSURE);

  if (self->answers[test] == answer)
    return;
  self->answers[test] = answer;
  changed (self);
}

const char *
cw_judgement_get_explanation (CwJudgement     *self,
                              CwJudgementTest  test)
{
  g_return_val_if_fail (CW_IS_JUDGEMENT (self), "");
  g_return_val_if_fail ((guint) test < CW_JUDGEMENT_TEST_LAST, "");
  return self->explanations[test];
}

void
cw_judgement_set_explanation (CwJudgement     *self,
                              CwJudgementTest  test,
                              const char      *text)
{
  g_return_if_fail (CW_IS_JUDGEMENT (self));
  g_return_if_fail ((guint) test < CW_JUDGEMENT_TEST_LAST);

  if (replace_string (&self->explanations[test], text))
    changed (self);
}

const GDate *
cw_judgement_get_discussed_on (CwJudgement *self)
{
  g_return_val_if_fail (CW_IS_JUDGEMENT (self), NULL);
  return &self->discussed_on;
}

void
cw_judgement_set_discussed_on (CwJudgement *self,
                               const GDate *date)
{
  g_return_if_fail (CW_IS_JUDGEMENT (self));

  if (replace_date (&self->discussed_on, date))
    changed (self);
}

CwReferralAgency
cw_judgement_get_referral_agency (CwJudgement *self)
{
  g_return_val_if_fail (CW_IS_JUDGEMENT (self), CW_REFERRAL_NONE);
  return self->referral_agency;
}

void
cw_judgement_set_referral_agency (CwJudgement      *self,
                                  CwReferralAgency  agency)
{
  g_return_if_fail (CW_IS_JUDGEMENT (self));
  g_return_if_fail ((guint) agency < CW_REFERRAL_LAST);

  if (self->referral_agency == agency)
    return;
  self->referral_agency = agency;
  changed (self);
}

const GDate *
cw_judgement_get_referral_date (CwJudgement *self)
{
  g_return_val_if_fail (CW_IS_JUDGEMENT (self), NULL);
  return &self->referral_date;
}

void
cw_judgement_set_referral_date (CwJudgement *self,
                                const GDate *date)
{
  g_return_if_fail (CW_IS_JUDGEMENT (self));

  if (replace_date (&self->referral_date, date))
    changed (self);
}

/* Public: rules */

gboolean
cw_judgement_check_storable (CwJudgement  *self,
                             GError      **error)
{
  g_return_val_if_fail (CW_IS_JUDGEMENT (self), FALSE);

  for (guint i = 0; i < CW_JUDGEMENT_FIELD_LAST; i++)
    if (!check_text (cw_judgement_field_get_title (i), self->text[i], error))
      return FALSE;

  for (guint i = 0; i < CW_JUDGEMENT_TEST_LAST; i++)
    {
      /* TRANSLATORS: the explanation of one test, e.g. "Explanation (Safe)" */
      g_autofree char *title = g_strdup_printf (_("Explanation (%s)"),
                                                cw_judgement_test_get_title (i));

      if (!check_text (title, self->explanations[i], error))
        return FALSE;
    }

  return TRUE;
}

/**
 * cw_judgement_validate:
 *
 * Whether the judgement may be finished. See the header for the rules.
 */
gboolean
cw_judgement_validate (CwJudgement  *self,
                       GError      **error)
{
  GDate today;
  CwReferralAgency agency;

  g_return_val_if_fail (CW_IS_JUDGEMENT (self), FALSE);

  if (!cw_judgement_check_storable (self, error))
    return FALSE;

  today_local (&today);

  if (is_blank (self->text[CW_JUDGEMENT_FIELD_CIRCUMSTANCES]))
    {
      g_set_error_literal (error, CW_JUDGEMENT_ERROR, CW_JUDGEMENT_ERROR_INVALID,
                           _("Describe the circumstances in which you used your judgement."));
      return FALSE;
    }

  if (is_blank (self->text[CW_JUDGEMENT_FIELD_ACTION]))
    {
      g_set_error_literal (error, CW_JUDGEMENT_ERROR, CW_JUDGEMENT_ERROR_INVALID,
                           _("Say what action you took or propose to take."));
      return FALSE;
    }

  if (self->action_status == CW_JUDGEMENT_ACTION_UNSET)
    {
      g_set_error_literal (error, CW_JUDGEMENT_ERROR, CW_JUDGEMENT_ERROR_INVALID,
                           _("Say whether the action was taken or is proposed."));
      return FALSE;
    }

  if (is_blank (self->text[CW_JUDGEMENT_FIELD_REASONS]))
    {
      g_set_error_literal (error, CW_JUDGEMENT_ERROR, CW_JUDGEMENT_ERROR_INVALID,
                           _("Give the reasons for the action."));
      return FALSE;
    }

  for (guint i = 0; i < CW_JUDGEMENT_TEST_LAST; i++)
    {
      if (self->answers[i] == CW_JUDGEMENT_ANSWER_UNSET)
        {
          g_set_error (error, CW_JUDGEMENT_ERROR, CW_JUDGEMENT_ERROR_INVALID,
                       _("Answer “%s” with yes, no or unsure."),
                       cw_judgement_test_get_question (i));
          return FALSE;
        }
      if (is_blank (self->explanations[i]))
        {
          g_set_error (error, CW_JUDGEMENT_ERROR, CW_JUDGEMENT_ERROR_INVALID,
                       _("Explain your answer to “%s”."), cw_judgement_test_get_question (i));
          return FALSE;
        }
    }

  if (!is_blank (self->text[CW_JUDGEMENT_FIELD_DISCUSSED_WITH]) &&
      !g_date_valid (&self->discussed_on))
    {
      g_set_error_literal (error, CW_JUDGEMENT_ERROR, CW_JUDGEMENT_ERROR_INVALID,
                           _("Give the date of the discussion."));
      return FALSE;
    }
  if (g_date_valid (&self->discussed_on))
    {
      if (is_blank (self->text[CW_JUDGEMENT_FIELD_DISCUSSED_WITH]))
        {
          g_set_error_literal (error, CW_JUDGEMENT_ERROR, CW_JUDGEMENT_ERROR_INVALID,
                               _("Say with whom you discussed it."));
          return FALSE;
        }
      if (g_date_compare (&self->discussed_on, &today) > 0)
        {
          g_set_error_literal (error, CW_JUDGEMENT_ERROR, CW_JUDGEMENT_ERROR_INVALID,
                               _("The date of the discussion cannot be in the future."));
          return FALSE;
        }
    }

  agency = self->referral_agency;
  if (agency != CW_REFERRAL_NONE)
    {
      if (agency == CW_REFERRAL_OTHER &&
          is_blank (self->text[CW_JUDGEMENT_FIELD_REFERRAL_AGENCY_NAME]))
        {
          g_set_error_literal (error, CW_JUDGEMENT_ERROR, CW_JUDGEMENT_ERROR_INVALID,
                               _("Name the agency the referral went to."));
          return FALSE;
        }
      if (!g_date_valid (&self->referral_date))
        {
          g_set_error_literal (error, CW_JUDGEMENT_ERROR, CW_JUDGEMENT_ERROR_INVALID,
                               _("Give the date of the referral."));
          return FALSE;
        }
      if (g_date_compare (&self->referral_date, &today) > 0)
        {
          g_set_error_literal (error, CW_JUDGEMENT_ERROR, CW_JUDGEMENT_ERROR_INVALID,
                               _("The date of the referral cannot be in the future."));
          return FALSE;
        }
    }
  else if (g_date_valid (&self->referral_date) ||
           !is_blank (self->text[CW_JUDGEMENT_FIELD_REFERRAL_REFERENCE]) ||
           !is_blank (self->text[CW_JUDGEMENT_FIELD_REFERRAL_AGENCY_NAME]))
    {
      g_set_error_literal (error, CW_JUDGEMENT_ERROR, CW_JUDGEMENT_ERROR_INVALID,
                           _("Choose the agency the referral went to, or clear the referral’s "
                             "details."));
      return FALSE;
    }

  return TRUE;
}

/**
 * cw_judgement_encode:
 *
 * Returns: (transfer full): the canonical encoding of the content.
 */
GBytes *
cw_judgement_encode (CwJudgement *self)
{
  g_autoptr(GByteArray) out = NULL;

  g_return_val_if_fail (CW_IS_JUDGEMENT (self), NULL);

  out = g_byte_array_new ();
  append_string (out, "casework-judgement-1");

  append_string (out, "fields");
  append_uint (out, CW_JUDGEMENT_FIELD_LAST);
  for (guint i = 0; i < CW_JUDGEMENT_FIELD_LAST; i++)
    {
      append_string (out, fields[i].column);
      append_string (out, self->text[i]);
    }

  append_string (out, "action_status");
  append_string (out, cw_judgement_action_status_get_id (self->action_status));

  append_string (out, "tests");
  append_uint (out, CW_JUDGEMENT_TEST_LAST);
  for (guint i = 0; i < CW_JUDGEMENT_TEST_LAST; i++)
    {
      append_string (out, tests[i].id);
      append_string (out, cw_judgement_answer_get_id (self->answers[i]));
      append_string (out, self->explanations[i]);
    }

  append_string (out, "discussed_on");
  append_date (out, &self->discussed_on);
  append_string (out, "referral_agency");
  append_string (out, cw_referral_agency_get_id (self->referral_agency));
  append_string (out, "referral_date");
  append_date (out, &self->referral_date);

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/**
 * cw_judgement_compute_signed_hash:
 * @content_hash: the version's content hash (64 hex digits)
 * @judgement: (nullable): its judgement part
 *
 * Returns: (transfer full): 64 lowercase hex digits.
 */
char *
cw_judgement_compute_signed_hash (const char  *content_hash,
                                  CwJudgement *judgement)
{
  g_autoptr(GChecksum) checksum = NULL;
  static const char tag[] = "casework-sign-off-1";

  g_return_val_if_fail (content_hash != NULL, NULL);
  g_return_val_if_fail (judgement == NULL || CW_IS_JUDGEMENT (judgement), NULL);

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  checksum_part (checksum, tag, strlen (tag));
  checksum_part (checksum, content_hash, strlen (content_hash));

  if (judgement != NULL)
    {
      g_autoptr(GBytes) encoding = cw_judgement_encode (judgement);
      gsize len = 0;
      const void *data = g_bytes_get_data (encoding, &len);

      checksum_part (checksum, "1", 1);
      checksum_part (checksum, data, len);
    }
  else
    checksum_part (checksum, "0", 1);

  return g_strdup (g_checksum_get_string (checksum));
}
