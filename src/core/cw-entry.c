/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-entry"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "cw-entry.h"

/*
 * CwEntry: one version of one case note as plain data. Every setter emits
 * "changed" when the value really changes (setting the same value again is
 * silent, so that an editor that writes widget text back cannot loop).
 * The repository fills the identity and system-set facts; forms fill the rest.
 */

struct _CwEntry
{
  GObject           parent_instance;

  /* Identity and system-set facts. */
  gint64            id;
  gint64            version_id;
  int               version;
  gint64            child_id;
  gboolean          finished;
  gint64            author_id;
  char             *author_name;
  char             *author_role;
  GDateTime        *started_at;
  GDateTime        *finished_at;
  char             *content_hash;

  /* What the author writes. */
  CwEntryKind       kind;
  GDate             event_date;
  int               event_hour;
  int               event_minute;
  CwEventPrecision  precision;
  char             *text[CW_ENTRY_FIELD_LAST];
  CwAnswer          child_seen;
  CwAnswer          child_seen_alone;
  CwAnswer          child_spoken_to;
  CwOutcomes        outcomes;
  gboolean          significant;
  gboolean          restricted;
  GPtrArray        *actions;   /* CwEntryAction */
  GPtrArray        *marks;     /* CwBodyMark */
};

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CwEntry, cw_entry, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (CwEntryAction, cw_entry_action, cw_entry_action_copy, cw_entry_action_free)
G_DEFINE_BOXED_TYPE (CwBodyMark, cw_body_mark, cw_body_mark_copy, cw_body_mark_free)

static const struct
{
  const char *id;
  const char *title;
  gboolean    urgent;
} kinds[CW_ENTRY_KIND_LAST] = {
  [CW_ENTRY_KIND_CASE_NOTE]              = { "case-note", N_("Case note"), FALSE },
  [CW_ENTRY_KIND_HOME_VISIT]             = { "home-visit", N_("Home visit"), FALSE },
  [CW_ENTRY_KIND_OFFICE_VISIT]           = { "office-visit", N_("Office visit"), FALSE },
  [CW_ENTRY_KIND_PHONE_CALL]             = { "phone-call", N_("Phone call"), FALSE },
  [CW_ENTRY_KIND_MEETING]                = { "meeting", N_("Meeting"), FALSE },
  [CW_ENTRY_KIND_OBSERVATION]            = { "observation", N_("Observation"), FALSE },
  [CW_ENTRY_KIND_DISCLOSURE]             = { "disclosure", N_("Disclosure"), TRUE },
  [CW_ENTRY_KIND_CONCERN]                = { "concern", N_("Concern"), TRUE },
  [CW_ENTRY_KIND_INCIDENT]               = { "incident", N_("Incident"), TRUE },
  [CW_ENTRY_KIND_INFORMATION_RECEIVED]   = { "information-received",
                                             N_("Information received"), FALSE },
  [CW_ENTRY_KIND_DECISION]               = { "decision", N_("Decision"), FALSE },
  [CW_ENTRY_KIND_PROFESSIONAL_JUDGEMENT] = { "professional-judgement",
                                             N_("Professional judgement"), FALSE },
  [CW_ENTRY_KIND_OTHER]                  = { "other", N_("Other"), FALSE },
};

static const struct
{
  const char *column;
  const char *title;
} fields[CW_ENTRY_FIELD_LAST] = {
  [CW_ENTRY_FIELD_SUMMARY]               = { "summary", N_("Summary") },
  [CW_ENTRY_FIELD_PRESENT]               = { "present", N_("People present") },
  [CW_ENTRY_FIELD_LOCATION]              = { "location", N_("Location") },
  [CW_ENTRY_FIELD_CHILD_NOT_SEEN_REASON] = { "child_not_seen_reason",
                                             N_("Why the child was not seen") },
  [CW_ENTRY_FIELD_CHILD_WORDS]           = { "child_words", N_("The child's own words") },
  [CW_ENTRY_FIELD_WISHES_FEELINGS]       = { "wishes_feelings", N_("Wishes and feelings") },
  [CW_ENTRY_FIELD_OBSERVED_FACTS]        = { "observed_facts", N_("Observed facts") },
  [CW_ENTRY_FIELD_REPORTED_FACTS]        = { "reported_facts", N_("Reported facts") },
  [CW_ENTRY_FIELD_REPORTED_SOURCE_NAME]  = { "reported_source_name",
                                             N_("Who reported it") },
  [CW_ENTRY_FIELD_REPORTED_SOURCE_ROLE]  = { "reported_source_role",
                                             N_("Their role or relationship") },
  [CW_ENTRY_FIELD_OPINION]               = { "opinion",
                                             N_("Professional opinion and analysis") },
  [CW_ENTRY_FIELD_OPINION_EVIDENCE]      = { "opinion_evidence",
                                             N_("Evidence the opinion rests on") },
  [CW_ENTRY_FIELD_STRENGTHS]             = { "strengths", N_("Strengths") },
  [CW_ENTRY_FIELD_DIFFICULTIES_RISKS]    = { "difficulties_risks",
                                             N_("Difficulties and risks") },
  [CW_ENTRY_FIELD_DECISION]              = { "decision", N_("Decision") },
  [CW_ENTRY_FIELD_DECISION_REASONS]      = { "decision_reasons", N_("Reasons for the decision") },
  [CW_ENTRY_FIELD_IMPACT]                = { "impact", N_("Impact on the child") },
  [CW_ENTRY_FIELD_AMEND_REASON]          = { "amend_reason", N_("Reason for the correction") },
};

static const char * const precision_ids[] = { "exact", "day", "month", "approximate" };

static void
changed (CwEntry *self)
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

static gboolean
replace_date_time (GDateTime **slot,
                   GDateTime  *value)
{
  if (*slot == value || (*slot != NULL && value != NULL && g_date_time_equal (*slot, value)))
    return FALSE;

  g_clear_pointer (slot, g_date_time_unref);
  if (value != NULL)
    *slot = g_date_time_to_utc (value);
  return TRUE;
}

static gboolean
dates_equal (const GDate *a,
             const GDate *b)
{
  gboolean a_valid = g_date_valid (a);
  gboolean b_valid = g_date_valid (b);

  if (a_valid != b_valid)
    return FALSE;

  return !a_valid || g_date_compare (a, b) == 0;
}

/* Length-prefixed pieces: an 8-byte big-endian byte count, then the bytes. */
static void
hash_bytes (GChecksum  *checksum,
            const char *bytes,
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
    g_checksum_update (checksum, (const guchar *) bytes, len);
}

static void
hash_string (GChecksum  *checksum,
             const char *s)
{
  if (s == NULL)
    s = "";
  hash_bytes (checksum, s, strlen (s));
}

static void
hash_int (GChecksum *checksum,
          gint64     value)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, value);
  hash_string (checksum, buf);
}

static void
hash_double (GChecksum *checksum,
             double     value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_dtostr (buf, sizeof buf, value);
  hash_string (checksum, buf);
}

static void
hash_date (GChecksum   *checksum,
           const GDate *date,
           gboolean     month_only)
{
  char buf[16] = "";

  if (g_date_valid (date))
    {
      if (month_only)
        g_snprintf (buf, sizeof buf, "%04u-%02u",
                    g_date_get_year (date), (guint) g_date_get_month (date));
      else
        g_snprintf (buf, sizeof buf, "%04u-%02u-%02u",
                    g_date_get_year (date), (guint) g_date_get_month (date),
                    g_date_get_day (date));
    }

  hash_string (checksum, buf);
}

static void
cw_entry_finalize (GObject *object)
{
  CwEntry *self = CW_ENTRY (object);

  g_clear_pointer (&self->author_name, g_free);
  g_clear_pointer (&self->author_role, g_free);
  g_clear_pointer (&self->started_at, g_date_time_unref);
  g_clear_pointer (&self->finished_at, g_date_time_unref);
  g_clear_pointer (&self->content_hash, g_free);
  for (guint i = 0; i < CW_ENTRY_FIELD_LAST; i++)
    g_clear_pointer (&self->text[i], g_free);
  g_clear_pointer (&self->actions, g_ptr_array_unref);
  g_clear_pointer (&self->marks, g_ptr_array_unref);

  G_OBJECT_CLASS (cw_entry_parent_class)->finalize (object);
}

static void
cw_entry_class_init (CwEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cw_entry_finalize;

  /**
   * CwEntry::changed:
   *
   * Emitted after any setter changed the entry, and by
   * cw_entry_emit_changed().
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
cw_entry_init (CwEntry *self)
{
  self->author_name = g_strdup ("");
  self->author_role = g_strdup ("");
  self->content_hash = g_strdup ("");
  self->kind = CW_ENTRY_KIND_CASE_NOTE;
  g_date_clear (&self->event_date, 1);
  self->event_hour = -1;
  self->event_minute = -1;
  self->precision = CW_EVENT_DAY;
  for (guint i = 0; i < CW_ENTRY_FIELD_LAST; i++)
    self->text[i] = g_strdup ("");
  self->child_seen = CW_ANSWER_UNSET;
  self->child_seen_alone = CW_ANSWER_UNSET;
  self->child_spoken_to = CW_ANSWER_UNSET;
  self->actions = g_ptr_array_new_with_free_func ((GDestroyNotify) cw_entry_action_free);
  self->marks = g_ptr_array_new_with_free_func ((GDestroyNotify) cw_body_mark_free);
}

/* Kinds */

const char *
cw_entry_kind_get_id (CwEntryKind kind)
{
  g_return_val_if_fail ((guint) kind < CW_ENTRY_KIND_LAST, NULL);

  return kinds[kind].id;
}

const char *
cw_entry_kind_get_title (CwEntryKind kind)
{
  g_return_val_if_fail ((guint) kind < CW_ENTRY_KIND_LAST, NULL);

  return _(kinds[kind].title);
}

CwEntryKind
cw_entry_kind_from_id (const char *id)
{
  if (id == NULL)
    return CW_ENTRY_KIND_LAST;

  for (guint i = 0; i < CW_ENTRY_KIND_LAST; i++)
    if (strcmp (kinds[i].id, id) == 0)
      return (CwEntryKind) i;

  return CW_ENTRY_KIND_LAST;
}

gboolean
cw_entry_kind_is_urgent (CwEntryKind kind)
{
  g_return_val_if_fail ((guint) kind < CW_ENTRY_KIND_LAST, FALSE);

  return kinds[kind].urgent;
}

/* Outcomes */

const char *
cw_outcome_get_title (CwOutcomes outcome)
{
  switch (outcome)
    {
    case CW_OUTCOME_STAY_SAFE:
      return _("Stay safe");
    case CW_OUTCOME_BE_HEALTHY:
      return _("Be healthy");
    case CW_OUTCOME_ENJOY_AND_ACHIEVE:
      return _("Enjoy and achieve");
    case CW_OUTCOME_POSITIVE_CONTRIBUTION:
      return _("Make a positive contribution");
    case CW_OUTCOME_ECONOMIC_WELLBEING:
      return _("Achieve economic wellbeing");
    case CW_OUTCOME_NONE:
    default:
      return NULL;
    }
}

/* Event precision and formatting */

const char *
cw_event_precision_get_id (CwEventPrecision p)
{
  g_return_val_if_fail ((guint) p <= CW_EVENT_APPROXIMATE, NULL);

  return precision_ids[p];
}

/* Unknown ids read as day precision, the schema's default. */
CwEventPrecision
cw_event_precision_from_id (const char *id)
{
  if (id != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (precision_ids); i++)
      if (strcmp (precision_ids[i], id) == 0)
        return (CwEventPrecision) i;

  return CW_EVENT_DAY;
}

/**
 * cw_event_format:
 * @day: the event's date (an invalid date gives "Date not recorded")
 * @hour: 0–23, or -1 when no time
 * @minute: 0–59, or -1 when no time
 * @precision: how much of the date is known
 *
 * Returns: (transfer full): "14 Mar 2026, 15:20", "14 Mar 2026",
 *   "March 2026" or "about 14 Mar 2026", translated.
 */
char *
cw_event_format (const GDate      *day,
                 int               hour,
                 int               minute,
                 CwEventPrecision  precision)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *date_text = NULL;

  if (day == NULL || !g_date_valid (day))
    return g_strdup (_("Date not recorded"));

  dt = g_date_time_new_local (g_date_get_year (day), g_date_get_month (day),
                              g_date_get_day (day), 0, 0, 0);
  if (dt == NULL)
    dt = g_date_time_new_utc (g_date_get_year (day), g_date_get_month (day),
                              g_date_get_day (day), 0, 0, 0);
  if (dt == NULL)
    return g_strdup (_("Date not recorded"));

  switch (precision)
    {
    case CW_EVENT_MONTH:
      /* TRANSLATORS: an event known to the month, e.g. "March 2026" (g_date_time_format) */
      return g_date_time_format (dt, _("%B %Y"));

    case CW_EVENT_APPROXIMATE:
      /* TRANSLATORS: a day, e.g. "14 Mar 2026" (g_date_time_format) */
      date_text = g_date_time_format (dt, _("%-d %b %Y"));
      /* TRANSLATORS: an approximate date, e.g. "about 14 Mar 2026" */
      return g_strdup_printf (_("about %s"), date_text);

    case CW_EVENT_EXACT:
      date_text = g_date_time_format (dt, _("%-d %b %Y"));
      if (hour >= 0 && hour < 24 && minute >= 0 && minute < 60)
        /* TRANSLATORS: a date and a time, e.g. "14 Mar 2026, 15:20" */
        return g_strdup_printf (_("%s, %02d:%02d"), date_text, hour, minute);
      return g_steal_pointer (&date_text);

    case CW_EVENT_DAY:
    default:
      return g_date_time_format (dt, _("%-d %b %Y"));
    }
}

/* Fields */

const char *
cw_entry_field_get_column (CwEntryField field)
{
  g_return_val_if_fail ((guint) field < CW_ENTRY_FIELD_LAST, NULL);

  return fields[field].column;
}

const char *
cw_entry_field_get_title (CwEntryField field)
{
  g_return_val_if_fail ((guint) field < CW_ENTRY_FIELD_LAST, NULL);

  return _(fields[field].title);
}

/* Actions */

CwEntryAction *
cw_entry_action_new (const char  *what,
                     const char  *who,
                     const GDate *by_when)
{
  CwEntryAction *action = g_new0 (CwEntryAction, 1);

  action->what = g_strdup (what != NULL ? what : "");
  action->who = g_strdup (who != NULL ? who : "");
  g_date_clear (&action->by_when, 1);
  if (by_when != NULL && g_date_valid (by_when))
    action->by_when = *by_when;

  return action;
}

CwEntryAction *
cw_entry_action_copy (const CwEntryAction *action)
{
  g_return_val_if_fail (action != NULL, NULL);

  return cw_entry_action_new (action->what, action->who, &action->by_when);
}

void
cw_entry_action_free (CwEntryAction *action)
{
  if (action == NULL)
    return;

  g_free (action->what);
  g_free (action->who);
  g_free (action);
}

/* Body marks */

CwBodyMark *
cw_body_mark_new (CwBodySide side,
                  double     x,
                  double     y)
{
  CwBodyMark *mark = g_new0 (CwBodyMark, 1);

  mark->side = side;
  mark->x = CLAMP (x, 0.0, 1.0);
  mark->y = CLAMP (y, 0.0, 1.0);
  mark->site = g_strdup ("");
  mark->size = g_strdup ("");
  mark->description = g_strdup ("");

  return mark;
}

CwBodyMark *
cw_body_mark_copy (const CwBodyMark *mark)
{
  CwBodyMark *copy;

  g_return_val_if_fail (mark != NULL, NULL);

  copy = g_new0 (CwBodyMark, 1);
  copy->side = mark->side;
  copy->x = mark->x;
  copy->y = mark->y;
  copy->site = g_strdup (mark->site != NULL ? mark->site : "");
  copy->size = g_strdup (mark->size != NULL ? mark->size : "");
  copy->description = g_strdup (mark->description != NULL ? mark->description : "");
  copy->skin_broken = mark->skin_broken;

  return copy;
}

void
cw_body_mark_free (CwBodyMark *mark)
{
  if (mark == NULL)
    return;

  g_free (mark->site);
  g_free (mark->size);
  g_free (mark->description);
  g_free (mark);
}

/* CwEntry */

CwEntry *
cw_entry_new (void)
{
  return g_object_new (CW_TYPE_ENTRY, NULL);
}

/**
 * cw_entry_copy:
 * @self: an entry
 *
 * Returns: (transfer full): a new entry with the same ids, system facts and
 *   content (actions and marks copied), and no signal handlers.
 */
CwEntry *
cw_entry_copy (CwEntry *self)
{
  CwEntry *copy;

  g_return_val_if_fail (CW_IS_ENTRY (self), NULL);

  copy = cw_entry_new ();
  copy->id = self->id;
  copy->version_id = self->version_id;
  copy->version = self->version;
  copy->child_id = self->child_id;
  copy->finished = self->finished;
  copy->author_id = self->author_id;
  replace_string (&copy->author_name, self->author_name);
  replace_string (&copy->author_role, self->author_role);
  copy->started_at = self->started_at != NULL ? g_date_time_ref (self->started_at) : NULL;
  copy->finished_at = self->finished_at != NULL ? g_date_time_ref (self->finished_at) : NULL;
  replace_string (&copy->content_hash, self->content_hash);

  copy->kind = self->kind;
  copy->event_date = self->event_date;
  copy->event_hour = self->event_hour;
  copy->event_minute = self->event_minute;
  copy->precision = self->precision;
  for (guint i = 0; i < CW_ENTRY_FIELD_LAST; i++)
    replace_string (&copy->text[i], self->text[i]);
  copy->child_seen = self->child_seen;
  copy->child_seen_alone = self->child_seen_alone;
  copy->child_spoken_to = self->child_spoken_to;
  copy->outcomes = self->outcomes;
  copy->significant = self->significant;
  copy->restricted = self->restricted;
  for (guint i = 0; i < self->actions->len; i++)
    g_ptr_array_add (copy->actions, cw_entry_action_copy (g_ptr_array_index (self->actions, i)));
  for (guint i = 0; i < self->marks->len; i++)
    g_ptr_array_add (copy->marks, cw_body_mark_copy (g_ptr_array_index (self->marks, i)));

  return copy;
}

gint64
cw_entry_get_id (CwEntry *self)
{
  g_return_val_if_fail (CW_IS_ENTRY (self), 0);
  return self->id;
}

void
cw_entry_set_id (CwEntry *self,
                 gint64   id)
{
  g_return_if_fail (CW_IS_ENTRY (self));
  if (self->id == id)
    return;
  self->id = id;
  changed (self);
}

gint64
cw_entry_get_version_id (CwEntry *self)
{
  g_return_val_if_fail (CW_IS_ENTRY (self), 0);
  return self->version_id;
}

void
cw_entry_set_version_id (CwEntry *self,
                         gint64   id)
{
  g_return_if_fail (CW_IS_ENTRY (self));
  if (self->version_id == id)
    return;
  self->version_id = id;
  changed (self);
}

int
cw_entry_get_version (CwEntry *self)
{
  g_return_val_if_fail (CW_IS_ENTRY (self), 0);
  return self->version;
}

void
cw_entry_set_version (CwEntry *self,
                      int      version)
{
  g_return_if_fail (CW_IS_ENTRY (self));
  if (self->version == version)
    return;
  self->version = version;
  changed (self);
}

gint64
cw_entry_get_child_id (CwEntry *self)
{
  g_return_val_if_fail (CW_IS_ENTRY (self), 0);
  return self->child_id;
}

void
cw_entry_set_child_id (CwEntry *self,
                       gint64   child_id)
{
  g_return_if_fail (CW_IS_ENTRY (self));
  if (self->child_id == child_id)
    return;
  self->child_id = child_id;
  changed (self);
}

gboolean
cw_entry_get_finished (CwEntry *self)
{
  g_return_val_if_fail (CW_IS_ENTRY (self), FALSE);
  return self->finished;
}

void
cw_entry_set_finished (CwEntry  *self,
                       gboolean  finished)
{
  g_return_if_fail (CW_IS_ENTRY (self));
  finished = !!finished;
  if (self->finished == finished)
    return;
  self->finished = finished;
  changed (self);
}

gint64
cw_entry_get_author_id (CwEntry *self)
{
  g_return_val_if_fail (CW_IS_ENTRY (self), 0);
  return self->author_id;
}

void
cw_entry_set_author_id (CwEntry *self,
                        gint64   id)
{
  g_return_if_fail (CW_IS_ENTRY (self));
  if (self->author_id == id)
    return;
  self->author_id = id;
  changed (self);
}

const char *
cw_entry_get_author_name (CwEntry *self)
{
  g_return_val_if_fail (CW_IS_ENTRY (self), NULL);
  return self->author_name;
}

void
cw_entry_set_author_name (CwEntry    *self,
                          const char *name)
{
  g_return_if_fail (CW_IS_ENTRY (self));
  if (replace_string (&self->author_name, name))
    changed (self);
}

const char *
cw_entry_get_author_role (CwEntry *self)
{
  g_return_val_if_fail (CW_IS_ENTRY (self), NULL);
  return self->author_role;
}

void
cw_entry_set_author_role (CwEntry    *self,
                          const char *role)
{
  g_return_if_fail (CW_IS_ENTRY (self));
  if (replace_string (&self->author_role, role))
    changed (self);
}

GDateTime *
cw_entry_get_started_at (CwEntry *self)
{
  g_return_val_if_fail (CW_IS_ENTRY (self), NULL);
  return self->started_at;
}

void
cw_entry_set_started_at (CwEntry   *self,
                         GDateTime *when)
{
  g_return_if_fail (CW_IS_ENTRY (self));
  if (replace_date_time (&self->started_at, when))
    changed (self);
}

GDateTime *
cw_entry_get_finished_at (CwEntry *self)
{
  g_return_val_if_fail (CW_IS_ENTRY (self), NULL);
  return self->finished_at;
}

void
cw_entry_set_finished_at (CwEntry   *self,
                          GDateTime *when)
{
  g_return_if_fail (CW_IS_ENTRY (self));
  if (replace_date_time (&self->finished_at, when))
    changed (self);
}

const char *
cw_entry_get_content_hash (CwEntry *self)
{
  g_return_val_if_fail (CW_IS_ENTRY (self), NULL);
  return self->content_hash;
}

void
cw_entry_set_content_hash (CwEntry    *self,
                           const char *hash)
{
  g_return_if_fail (CW_IS_ENTRY (self));
  if (replace_string (&self->content_hash, hash))
    changed (self);
}

/**
 * cw_entry_compute_content_hash:
 * @self: an entry
 *
 * SHA-256 over an unambiguous encoding of everything the author wrote: a
 * format tag, then every piece as an 8-byte big-endian length followed by
 * its bytes (numbers as decimal text, doubles in their shortest exact
 * form). The event is hashed as stored: "YYYY-MM" for month precision and
 * a time only for exact precision. Identity and system facts (ids, author,
 * times) are not part of it.
 *
 * Returns: (transfer full): 64 lowercase hex digits.
 */
char *
cw_entry_compute_content_hash (CwEntry *self)
{
  g_autoptr(GChecksum) checksum = NULL;
  gboolean timed;

  g_return_val_if_fail (CW_IS_ENTRY (self), NULL);

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  hash_string (checksum, "casework-entry-content-1");

  hash_string (checksum, cw_entry_kind_get_id (self->kind));
  hash_string (checksum, cw_event_precision_get_id (self->precision));
  hash_date (checksum, &self->event_date, self->precision == CW_EVENT_MONTH);
  timed = self->precision == CW_EVENT_EXACT && self->event_hour >= 0 && self->event_minute >= 0;
  hash_int (checksum, timed ? self->event_hour : -1);
  hash_int (checksum, timed ? self->event_minute : -1);

  hash_int (checksum, CW_ENTRY_FIELD_LAST);
  for (guint i = 0; i < CW_ENTRY_FIELD_LAST; i++)
    {
      hash_string (checksum, fields[i].column);
      hash_string (checksum, self->text[i]);
    }

  hash_int (checksum, self->child_seen);
  hash_int (checksum, self->child_seen_alone);
  hash_int (checksum, self->child_spoken_to);
  hash_int (checksum, self->outcomes);
  hash_int (checksum, self->significant ? 1 : 0);
  hash_int (checksum, self->restricted ? 1 : 0);

  hash_int (checksum, self->actions->len);
  for (guint i = 0; i < self->actions->len; i++)
    {
      const CwEntryAction *action = g_ptr_array_index (self->actions, i);

      hash_string (checksum, action->what);
      hash_string (checksum, action->who);
      hash_date (checksum, &action->by_when, FALSE);
    }

  hash_int (checksum, self->marks->len);
  for (guint i = 0; i < self->marks->len; i++)
    {
      const CwBodyMark *mark = g_ptr_array_index (self->marks, i);

      hash_string (checksum, mark->side == CW_BODY_BACK ? "back" : "front");
      hash_double (checksum, mark->x);
      hash_double (checksum, mark->y);
      hash_string (checksum, mark->site);
      hash_string (checksum, mark->size);
      hash_string (checksum, mark->description);
      hash_int (checksum, mark->skin_broken ? 1 : 0);
    }

  return g_strdup (g_checksum_get_string (checksum));
}

CwEntryKind
cw_entry_get_kind (CwEntry *self)
{
  g_return_val_if_fail (CW_IS_ENTRY (self), CW_ENTRY_KIND_CASE_NOTE);
  return self->kind;
}

void
cw_entry_set_kind (CwEntry     *self,
                   CwEntryKind  kind)
{
  g_return_if_fail (CW_IS_ENTRY (self));
  g_return_if_fail ((guint) kind < CW_ENTRY_KIND_LAST);
  if (self->kind == kind)
    return;
  self->kind = kind;
  changed (self);
}

const GDate *
cw_entry_get_event_date (CwEntry *self)
{
  g_return_val_if_fail (CW_IS_ENTRY (self), NULL);
  return &self->event_date;
}

/* @date NULL or invalid clears the date. */
void
cw_entry_set_event_date (CwEntry     *self,
                         const GDate *date)
{
  GDate cleared;

  g_return_if_fail (CW_IS_ENTRY (self));

  g_date_clear (&cleared, 1);
  if (date == NULL || !g_date_valid (date))
    date = &cleared;

  if (dates_equal (&self->event_date, date))
    return;

  self->event_date = *date;
  changed (self);
}

int
cw_entry_get_event_hour (CwEntry *self)
{
  g_return_val_if_fail (CW_IS_ENTRY (self), -1);
  return self->event_hour;
}

int
cw_entry_get_event_minute (CwEntry *self)
{
  g_return_val_if_fail (CW_IS_ENTRY (self), -1);
  return self->event_minute;
}

/* Out-of-range or negative values clear the time (both become -1). */
void
cw_entry_set_event_time (CwEntry *self,
                         int      hour,
                         int      minute)
{
  g_return_if_fail (CW_IS_ENTRY (self));

  if (hour < 0 || hour > 23 || minute < 0 || minute > 59)
    hour = minute = -1;

  if (self->event_hour == hour && self->event_minute == minute)
    return;

  self->event_hour = hour;
  self->event_minute = minute;
  changed (self);
}

CwEventPrecision
cw_entry_get_event_precision (CwEntry *self)
{
  g_return_val_if_fail (CW_IS_ENTRY (self), CW_EVENT_DAY);
  return self->precision;
}

void
cw_entry_set_event_precision (CwEntry          *self,
                              CwEventPrecision  precision)
{
  g_return_if_fail (CW_IS_ENTRY (self));
  g_return_if_fail ((guint) precision <= CW_EVENT_APPROXIMATE);
  if (self->precision == precision)
    return;
  self->precision = precision;
  changed (self);
}

const char *
cw_entry_get_text (CwEntry      *self,
                   CwEntryField  field)
{
  g_return_val_if_fail (CW_IS_ENTRY (self), "");
  g_return_val_if_fail ((guint) field < CW_ENTRY_FIELD_LAST, "");
  return self->text[field];
}

/* Stores @text as given (even invalid UTF-8: the repository refuses it with
 * a sentence when saving, so nothing typed is silently dropped here). */
void
cw_entry_set_text (CwEntry      *self,
                   CwEntryField  field,
                   const char   *text)
{
  g_return_if_fail (CW_IS_ENTRY (self));
  g_return_if_fail ((guint) field < CW_ENTRY_FIELD_LAST);
  if (replace_string (&self->text[field], text))
    changed (self);
}

static void
set_answer (CwEntry  *self,
            CwAnswer *slot,
            CwAnswer  answer)
{
  if (answer != CW_ANSWER_NO && answer != CW_ANSWER_YES)
    answer = CW_ANSWER_UNSET;
  if (*slot == answer)
    return;
  *slot = answer;
  changed (self);
}

CwAnswer
cw_entry_get_child_seen (CwEntry *self)
{
  g_return_val_if_fail (CW_IS_ENTRY (self), CW_ANSWER_UNSET);
  return self->child_seen;
}

void
cw_entry_set_child_seen (CwEntry  *self,
                         CwAnswer  answer)
{
  g_return_if_fail (CW_IS_ENTRY (self));
  set_answer (self, &self->child_seen, answer);
}

CwAnswer
cw_entry_get_child_seen_alone (CwEntry *self)
{
  g_return_val_if_fail (CW_IS_ENTRY (self), CW_ANSWER_UNSET);
  return self->child_seen_alone;
}

void
cw_entry_set_child_seen_alone (CwEntry  *self,
                               CwAnswer  answer)
{
  g_return_if_fail (CW_IS_ENTRY (self));
  set_answer (self, &self->child_seen_alone, answer);
}

CwAnswer
cw_entry_get_child_spoken_to (CwEntry *self)
{
  g_return_val_if_fail (CW_IS_ENTRY (self), CW_ANSWER_UNSET);
  return self->child_spoken_to;
}

void
cw_entry_set_child_spoken_to (CwEntry  *self,
                              CwAnswer  answer)
{
  g_return_if_fail (CW_IS_ENTRY (self));
  set_answer (self, &self->child_spoken_to, answer);
}

CwOutcomes
cw_entry_get_outcomes (CwEntry *self)
{
  g_return_val_if_fail (CW_IS_ENTRY (self), CW_OUTCOME_NONE);
  return self->outcomes;
}

void
cw_entry_set_outcomes (CwEntry    *self,
                       CwOutcomes  outcomes)
{
  g_return_if_fail (CW_IS_ENTRY (self));
  outcomes &= CW_OUTCOMES_ALL;
  if (self->outcomes == outcomes)
    return;
  self->outcomes = outcomes;
  changed (self);
}

gboolean
cw_entry_get_significant (CwEntry *self)
{
  g_return_val_if_fail (CW_IS_ENTRY (self), FALSE);
  return self->significant;
}

void
cw_entry_set_significant (CwEntry  *self,
                          gboolean  significant)
{
  g_return_if_fail (CW_IS_ENTRY (self));
  significant = !!significant;
  if (self->significant == significant)
    return;
  self->significant = significant;
  changed (self);
}

gboolean
cw_entry_get_restricted (CwEntry *self)
{
  g_return_val_if_fail (CW_IS_ENTRY (self), FALSE);
  return self->restricted;
}

void
cw_entry_set_restricted (CwEntry  *self,
                         gboolean  restricted)
{
  g_return_if_fail (CW_IS_ENTRY (self));
  restricted = !!restricted;
  if (self->restricted == restricted)
    return;
  self->restricted = restricted;
  changed (self);
}

GPtrArray *
cw_entry_get_actions (CwEntry *self)
{
  g_return_val_if_fail (CW_IS_ENTRY (self), NULL);
  return self->actions;
}

void
cw_entry_add_action (CwEntry       *self,
                     CwEntryAction *action)
{
  g_return_if_fail (CW_IS_ENTRY (self));
  g_return_if_fail (action != NULL);
  g_ptr_array_add (self->actions, action);
  changed (self);
}

void
cw_entry_remove_action (CwEntry *self,
                        guint    index)
{
  g_return_if_fail (CW_IS_ENTRY (self));
  g_return_if_fail (index < self->actions->len);
  g_ptr_array_remove_index (self->actions, index);
  changed (self);
}

GPtrArray *
cw_entry_get_body_marks (CwEntry *self)
{
  g_return_val_if_fail (CW_IS_ENTRY (self), NULL);
  return self->marks;
}

void
cw_entry_add_body_mark (CwEntry    *self,
                        CwBodyMark *mark)
{
  g_return_if_fail (CW_IS_ENTRY (self));
  g_return_if_fail (mark != NULL);
  g_ptr_array_add (self->marks, mark);
  changed (self);
}

void
cw_entry_remove_body_mark (CwEntry *self,
                           guint    index)
{
  g_return_if_fail (CW_IS_ENTRY (self));
  g_return_if_fail (index < self->marks->len);
  g_ptr_array_remove_index (self->marks, index);
  changed (self);
}

void
cw_entry_emit_changed (CwEntry *self)
{
  g_return_if_fail (CW_IS_ENTRY (self));
  changed (self);
}
