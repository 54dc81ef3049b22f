/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-gift-register"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "cw-child-repository-private.h"
#include "cw-database-private.h"
#include "cw-gift-register.h"
#include "cw-register-private.h"
#include "cw-sql-list-model.h"

/*
 * The gifts and gift_versions tables (data/sql/0004-registers.sql) and the
 * gift rules. The header row copies the current version's date, direction,
 * child, flags and whether it is decided, so that lists filter and order
 * without reading versions.
 */

#define MAX_SHORT_CHARS   200
#define MAX_LONG_CHARS    4000
#define MAX_VALUE_PENCE   G_GINT64_CONSTANT (100000000)   /* £1,000,000 */
#define EARLIEST_YEAR     1900

#define DEFAULT_THRESHOLD_PENCE 2500
#define DEFAULT_REPEAT_COUNT    3
#define DEFAULT_REPEAT_MONTHS   12

#define GIFT_COLUMNS \
  "g.id, v.version, g.staff_id, s.display_name, g.declared_at, v.written_at, v.written_by, " \
  "v.correction_reason, v.gift_date, v.direction, v.child_id, v.family_member_name, " \
  "v.family_member_relationship, v.description, v.value_pence, v.cash, v.group_collection, " \
  "v.occasion, v.part_of_plan, v.plan_name, v.plan_agreed_with, v.same_given_to_all, " \
  "v.flags, v.repeat_count, v.decision, v.decision_reason, v.decided_by, d.display_name, " \
  "v.decided_at, c.given_names, c.family_name, c.preferred_name, " \
  "(CASE WHEN v.child_id IS NULL THEN 0 WHEN " CW_CHILD_VISIBLE_SQL ("v.child_id") \
  " THEN 1 ELSE 0 END)"

#define GIFT_JOINS \
  "JOIN staff s ON s.id = g.staff_id " \
  "LEFT JOIN staff d ON d.id = v.decided_by " \
  "LEFT JOIN children c ON c.id = v.child_id "

#define GIFT_CURRENT_JOINS \
  "JOIN gift_versions v ON v.gift_id = g.id AND v.version = g.current_version " GIFT_JOINS

#define GIFT_ANY_VERSION_FROM \
  "FROM gifts g JOIN gift_versions v ON v.gift_id = g.id " GIFT_JOINS

#define GIFT_COUNT "SELECT count(*) FROM gifts g "

#define GIFT_CONTENT_COLUMNS \
  "gift_date, direction, child_id, family_member_name, family_member_relationship, " \
  "description, value_pence, cash, group_collection, occasion, part_of_plan, plan_name, " \
  "plan_agreed_with, same_given_to_all"

enum
{
  COL_ID,
  COL_VERSION,
  COL_STAFF_ID,
  COL_STAFF_NAME,
  COL_DECLARED_AT,
  COL_WRITTEN_AT,
  COL_WRITTEN_BY,
  COL_CORRECTION_REASON,
  COL_GIFT_DATE,
  COL_DIRECTION,
  COL_CHILD_ID,
  COL_FAMILY_MEMBER_NAME,
  COL_FAMILY_MEMBER_RELATIONSHIP,
  COL_DESCRIPTION,
  COL_VALUE_PENCE,
  COL_CASH,
  COL_GROUP_COLLECTION,
  COL_OCCASION,
  COL_PART_OF_PLAN,
  COL_PLAN_NAME,
  COL_PLAN_AGREED_WITH,
  COL_SAME_GIVEN_TO_ALL,
  COL_FLAGS,
  COL_REPEAT_COUNT,
  COL_DECISION,
  COL_DECISION_REASON,
  COL_DECIDED_BY,
  COL_DECIDED_BY_NAME,
  COL_DECIDED_AT,
  COL_CHILD_GIVEN,
  COL_CHILD_FAMILY,
  COL_CHILD_PREFERRED,
  COL_CHILD_VISIBLE,
};

struct _CwGiftDeclaration
{
  GObject          parent_instance;

  gint64           id;
  int              version;
  gint64           staff_id;
  char            *staff_name;
  gint64           declared_at;
  gint64           written_at;
  gint64           written_by;
  char            *correction_reason;
  char            *child_name;
  CwGiftFlags      flags;
  guint            repeat_count;
  CwGiftDecision   decision;
  char            *decision_reason;
  gint64           decided_by;
  char            *decided_by_name;
  gint64           decided_at;

  GDate            date;
  CwGiftDirection  direction;
  gint64           child_id;
  char            *family_member_name;
  char            *family_member_relationship;
  char            *description;
  gint64           value_pence;
  gboolean         cash;
  gboolean         group_collection;
  char            *occasion;
  gboolean         part_of_plan;
  char            *plan_name;
  char            *plan_agreed_with;
  gboolean         same_given_to_all;
};

struct _CwGiftRegister
{
  GObject    parent_instance;

  CwSession *session;
};

G_DEFINE_FINAL_TYPE (CwGiftDeclaration, cw_gift_declaration, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE (CwGiftRegister, cw_gift_register, G_TYPE_OBJECT)

G_DEFINE_QUARK (cw-gift-error-quark, cw_gift_error)

/* What a list model needs to bind its statements at every page. */
typedef struct
{
  CwRegisterQuery base;
  CwGiftFilter    filter;
} CwGiftQuery;

/* ---------------------------------------------------------------------- */
/* Names                                                                   */

static const char * const decision_ids[] = {
  [CW_GIFT_UNDECIDED] = NULL,
  [CW_GIFT_ACCEPTED] = "accepted",
  [CW_GIFT_DECLINED] = "declined",
  [CW_GIFT_RETURNED] = "returned",
  [CW_GIFT_DONATED] = "donated",
};

static const CwRegisterFlag flag_table[] = {
  { CW_GIFT_FLAG_OVER_THRESHOLD, "over-threshold", N_("Over the threshold"),
    N_("The value is over the organisation’s limit for gifts.") },
  { CW_GIFT_FLAG_CASH, "cash", N_("Cash"),
    N_("Cash is never accepted.") },
  { CW_GIFT_FLAG_REPEATED, "repeated", N_("Repeated"),
    N_("Gifts with this child or family are becoming regular.") },
  { CW_GIFT_FLAG_OUTSIDE_PLAN, "outside-plan", N_("Outside an agreed plan"),
    N_("A gift given to a child must be part of an agreed plan, or of insignificant value "
       "and the same for all.") },
};

const char *
cw_gift_direction_get_id (CwGiftDirection direction)
{
  return direction == CW_GIFT_GIVEN ? "given" : "received";
}

const char *
cw_gift_direction_get_title (CwGiftDirection direction)
{
  return direction == CW_GIFT_GIVEN ? _("Given") : _("Received");
}

gboolean
cw_gift_direction_from_id (const char      *id,
                           CwGiftDirection *out)
{
  if (g_strcmp0 (id, "received") == 0)
    *out = CW_GIFT_RECEIVED;
  else if (g_strcmp0 (id, "given") == 0)
    *out = CW_GIFT_GIVEN;
  else
    return FALSE;

  return TRUE;
}

const char *
cw_gift_decision_get_id (CwGiftDecision decision)
{
  if ((guint) decision >= G_N_ELEMENTS (decision_ids))
    return NULL;

  return decision_ids[decision];
}

const char *
cw_gift_decision_get_title (CwGiftDecision decision)
{
  switch (decision)
    {
    case CW_GIFT_ACCEPTED:
      return _("Accepted");
    case CW_GIFT_DECLINED:
      return _("Declined");
    case CW_GIFT_RETURNED:
      return _("Returned");
    case CW_GIFT_DONATED:
      return _("Donated");
    case CW_GIFT_UNDECIDED:
    default:
      return _("Waiting for a decision");
    }
}

CwGiftDecision
cw_gift_decision_from_id (const char *id)
{
  if (id == NULL)
    return CW_GIFT_UNDECIDED;

  for (guint i = 0; i < G_N_ELEMENTS (decision_ids); i++)
    if (decision_ids[i] != NULL && strcmp (decision_ids[i], id) == 0)
      return (CwGiftDecision) i;

  return CW_GIFT_UNDECIDED;
}

const char *
cw_gift_flag_get_title (CwGiftFlags flag)
{
  return cw_register_flag_title (flag_table, G_N_ELEMENTS (flag_table), flag);
}

const char *
cw_gift_flag_get_explanation (CwGiftFlags flag)
{
  return cw_register_flag_explanation (flag_table, G_N_ELEMENTS (flag_table), flag);
}

char *
cw_gift_flags_to_string (CwGiftFlags flags)
{
  return cw_register_flags_to_string (flag_table, G_N_ELEMENTS (flag_table), flags);
}

/* Flag ids for audit details ("cash,repeated"). */
static char *
flags_to_ids (CwGiftFlags flags)
{
  return cw_register_flags_to_ids (flag_table, G_N_ELEMENTS (flag_table), flags);
}

char *
cw_gift_format_pence (gint64 pence)
{
  gboolean negative = pence < 0;
  guint64 magnitude = negative ? (guint64) -(pence + 1) + 1 : (guint64) pence;

  return g_strdup_printf ("%s£%" G_GUINT64_FORMAT ".%02u", negative ? "-" : "",
                          magnitude / 100, (unsigned int) (magnitude % 100));
}

/* ---------------------------------------------------------------------- */
/* CwGiftDeclaration                                                       */

#define TEXT_ACCESSORS(field) \
  CW_REGISTER_TEXT_ACCESSORS (CwGiftDeclaration, cw_gift_declaration, \
                              CW_IS_GIFT_DECLARATION, field)

#define VALUE_ACCESSORS(type, field) \
  CW_REGISTER_VALUE_ACCESSORS (CwGiftDeclaration, cw_gift_declaration, \
                               CW_IS_GIFT_DECLARATION, type, field)

VALUE_ACCESSORS (gint64, id)
VALUE_ACCESSORS (int, version)
VALUE_ACCESSORS (gint64, staff_id)
TEXT_ACCESSORS (staff_name)
VALUE_ACCESSORS (gint64, declared_at)
VALUE_ACCESSORS (gint64, written_at)
VALUE_ACCESSORS (gint64, written_by)
TEXT_ACCESSORS (correction_reason)
VALUE_ACCESSORS (CwGiftFlags, flags)
VALUE_ACCESSORS (guint, repeat_count)
VALUE_ACCESSORS (CwGiftDecision, decision)
TEXT_ACCESSORS (decision_reason)
VALUE_ACCESSORS (gint64, decided_by)
TEXT_ACCESSORS (decided_by_name)
VALUE_ACCESSORS (gint64, decided_at)
VALUE_ACCESSORS (CwGiftDirection, direction)
VALUE_ACCESSORS (gint64, child_id)
TEXT_ACCESSORS (family_member_name)
TEXT_ACCESSORS (family_member_relationship)
TEXT_ACCESSORS (description)
VALUE_ACCESSORS (gint64, value_pence)
VALUE_ACCESSORS (gboolean, cash)
VALUE_ACCESSORS (gboolean, group_collection)
TEXT_ACCESSORS (occasion)
VALUE_ACCESSORS (gboolean, part_of_plan)
TEXT_ACCESSORS (plan_name)
TEXT_ACCESSORS (plan_agreed_with)
VALUE_ACCESSORS (gboolean, same_given_to_all)
CW_REGISTER_NULLABLE_TEXT_ACCESSORS (CwGiftDeclaration, cw_gift_declaration,
                                     CW_IS_GIFT_DECLARATION, child_name)
CW_REGISTER_DATE_ACCESSORS (CwGiftDeclaration, cw_gift_declaration, CW_IS_GIFT_DECLARATION, date)

#undef TEXT_ACCESSORS
#undef VALUE_ACCESSORS

static void
cw_gift_declaration_finalize (GObject *object)
{
  CwGiftDeclaration *self = CW_GIFT_DECLARATION (object);

  g_free (self->staff_name);
  g_free (self->correction_reason);
  g_free (self->child_name);
  g_free (self->decision_reason);
  g_free (self->decided_by_name);
  g_free (self->family_member_name);
  g_free (self->family_member_relationship);
  g_free (self->description);
  g_free (self->occasion);
  g_free (self->plan_name);
  g_free (self->plan_agreed_with);

  G_OBJECT_CLASS (cw_gift_declaration_parent_class)->finalize (object);
}

static void
cw_gift_declaration_class_init (CwGiftDeclarationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cw_gift_declaration_finalize;
}

static void
cw_gift_declaration_init (CwGiftDeclaration *self)
{
  self->staff_name = g_strdup ("");
  self->correction_reason = g_strdup ("");
  self->decision_reason = g_strdup ("");
  self->decided_by_name = g_strdup ("");
  self->family_member_name = g_strdup ("");
  self->family_member_relationship = g_strdup ("");
  self->description = g_strdup ("");
  self->occasion = g_strdup ("");
  self->plan_name = g_strdup ("");
  self->plan_agreed_with = g_strdup ("");
  self->repeat_count = 1;
  g_date_clear (&self->date, 1);
}

CwGiftDeclaration *
cw_gift_declaration_new (void)
{
  return g_object_new (CW_TYPE_GIFT_DECLARATION, NULL);
}

CwGiftDeclaration *
cw_gift_declaration_copy (CwGiftDeclaration *self)
{
  CwGiftDeclaration *copy;

  g_return_val_if_fail (CW_IS_GIFT_DECLARATION (self), NULL);

  copy = cw_gift_declaration_new ();
  copy->id = self->id;
  copy->version = self->version;
  copy->staff_id = self->staff_id;
  cw_gift_declaration_set_staff_name (copy, self->staff_name);
  copy->declared_at = self->declared_at;
  copy->written_at = self->written_at;
  copy->written_by = self->written_by;
  cw_gift_declaration_set_correction_reason (copy, self->correction_reason);
  cw_gift_declaration_set_child_name (copy, self->child_name);
  copy->flags = self->flags;
  copy->repeat_count = self->repeat_count;
  copy->decision = self->decision;
  cw_gift_declaration_set_decision_reason (copy, self->decision_reason);
  copy->decided_by = self->decided_by;
  cw_gift_declaration_set_decided_by_name (copy, self->decided_by_name);
  copy->decided_at = self->decided_at;
  copy->date = self->date;
  copy->direction = self->direction;
  copy->child_id = self->child_id;
  cw_gift_declaration_set_family_member_name (copy, self->family_member_name);
  cw_gift_declaration_set_family_member_relationship (copy, self->family_member_relationship);
  cw_gift_declaration_set_description (copy, self->description);
  copy->value_pence = self->value_pence;
  copy->cash = self->cash;
  copy->group_collection = self->group_collection;
  cw_gift_declaration_set_occasion (copy, self->occasion);
  copy->part_of_plan = self->part_of_plan;
  cw_gift_declaration_set_plan_name (copy, self->plan_name);
  cw_gift_declaration_set_plan_agreed_with (copy, self->plan_agreed_with);
  copy->same_given_to_all = self->same_given_to_all;

  return copy;
}

/* ---------------------------------------------------------------------- */
/* The rules                                                               */

/* Folds a name for comparison: case, accents and runs of space. */
static char *
fold_name (const char *name)
{
  g_autofree char *folded = NULL;
  g_autofree char *normal = NULL;
  GString *out;
  gboolean space = FALSE;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    return g_strdup ("");

  folded = g_utf8_casefold (name, -1);
  normal = g_utf8_normalize (folded, -1, G_NORMALIZE_NFKD);
  if (normal == NULL)
    return g_strdup ("");

  out = g_string_new ("");
  for (const char *p = normal; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK ||
          type == G_UNICODE_ENCLOSING_MARK)
        continue;
      if (g_unichar_isspace (c))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

gboolean
cw_gift_same_party (CwGiftDeclaration *a,
                    CwGiftDeclaration *b)
{
  g_autofree char *name_a = NULL;
  g_autofree char *name_b = NULL;

  g_return_val_if_fail (CW_IS_GIFT_DECLARATION (a), FALSE);
  g_return_val_if_fail (CW_IS_GIFT_DECLARATION (b), FALSE);

  if (a->child_id > 0 && a->child_id == b->child_id)
    return TRUE;

  name_a = fold_name (a->family_member_name);
  name_b = fold_name (b->family_member_name);

  return name_a[0] != '\0' && strcmp (name_a, name_b) == 0;
}

void
cw_gift_window_start (const GDate *gift_date,
                      guint        months,
                      GDate       *start_out)
{
  g_return_if_fail (gift_date != NULL && g_date_valid (gift_date));
  g_return_if_fail (start_out != NULL);

  *start_out = *gift_date;
  g_date_subtract_months (start_out, months);
}

guint
cw_gift_count_in_window (CwGiftDeclaration *gift,
                         GPtrArray         *others,
                         guint              months)
{
  GDate start;
  guint count = 1;

  g_return_val_if_fail (CW_IS_GIFT_DECLARATION (gift), 0);

  if (!g_date_valid (&gift->date) || others == NULL)
    return 1;

  cw_gift_window_start (&gift->date, months, &start);

  for (guint i = 0; i < others->len; i++)
    {
      CwGiftDeclaration *other = g_ptr_array_index (others, i);

      if (other == gift || (gift->id > 0 && other->id == gift->id))
        continue;
      if (other->direction != gift->direction || !g_date_valid (&other->date))
        continue;
      if (g_date_compare (&other->date, &start) <= 0 ||
          g_date_compare (&other->date, &gift->date) > 0)
        continue;
      if (!cw_gift_same_party (gift, other))
        continue;

      count++;
    }

  return count;
}

CwGiftFlags
cw_gift_compute_flags (CwGiftDeclaration *gift,
                       gint64             threshold_pence,
                       guint              repeat_count,
                       guint              n_in_window)
{
  CwGiftFlags flags = CW_GIFT_FLAG_NONE;
  gboolean over;

  g_return_val_if_fail (CW_IS_GIFT_DECLARATION (gift), CW_GIFT_FLAG_NONE);

  over = gift->value_pence > threshold_pence;

  if (over)
    flags |= CW_GIFT_FLAG_OVER_THRESHOLD;
  if (gift->cash)
    flags |= CW_GIFT_FLAG_CASH;
  if (repeat_count > 0 && n_in_window >= repeat_count)
    flags |= CW_GIFT_FLAG_REPEATED;
  if (gift->direction == CW_GIFT_GIVEN && !gift->part_of_plan &&
      !(gift->same_given_to_all && !over))
    flags |= CW_GIFT_FLAG_OUTSIDE_PLAN;

  return flags;
}

void
cw_gift_filter_init (CwGiftFilter *filter)
{
  g_return_if_fail (filter != NULL);

  memset (filter, 0, sizeof *filter);
  g_date_clear (&filter->from, 1);
  g_date_clear (&filter->to, 1);
}

/* ---------------------------------------------------------------------- */
/* Reading                                                                 */

static GObject *
gift_from_row (CwSqlStatement *stmt,
               gpointer        user_data)
{
  CwGiftDeclaration *gift = cw_gift_declaration_new ();
  CwGiftDirection direction = CW_GIFT_RECEIVED;

  gift->id = sqlite3_column_int64 (stmt, COL_ID);
  gift->version = sqlite3_column_int (stmt, COL_VERSION);
  gift->staff_id = sqlite3_column_int64 (stmt, COL_STAFF_ID);
  cw_gift_declaration_set_staff_name (gift, cw_register_column_text (stmt, COL_STAFF_NAME));
  gift->declared_at = sqlite3_column_int64 (stmt, COL_DECLARED_AT);
  gift->written_at = sqlite3_column_int64 (stmt, COL_WRITTEN_AT);
  gift->written_by = sqlite3_column_int64 (stmt, COL_WRITTEN_BY);
  cw_gift_declaration_set_correction_reason (gift,
                                             cw_register_column_text (stmt,
                                                                      COL_CORRECTION_REASON));
  cw_register_parse_date (cw_register_column_text (stmt, COL_GIFT_DATE), &gift->date);
  cw_gift_direction_from_id (cw_register_column_text (stmt, COL_DIRECTION), &direction);
  gift->direction = direction;
  gift->child_id = sqlite3_column_int64 (stmt, COL_CHILD_ID);
  cw_gift_declaration_set_family_member_name (gift,
                                              cw_register_column_text (stmt,
                                                                       COL_FAMILY_MEMBER_NAME));
  cw_gift_declaration_set_family_member_relationship (
    gift, cw_register_column_text (stmt, COL_FAMILY_MEMBER_RELATIONSHIP));
  cw_gift_declaration_set_description (gift, cw_register_column_text (stmt, COL_DESCRIPTION));
  gift->value_pence = sqlite3_column_int64 (stmt, COL_VALUE_PENCE);
  gift->cash = sqlite3_column_int (stmt, COL_CASH) != 0;
  gift->group_collection = sqlite3_column_int (stmt, COL_GROUP_COLLECTION) != 0;
  cw_gift_declaration_set_occasion (gift, cw_register_column_text (stmt, COL_OCCASION));
  gift->part_of_plan = sqlite3_column_int (stmt, COL_PART_OF_PLAN) != 0;
  cw_gift_declaration_set_plan_name (gift, cw_register_column_text (stmt, COL_PLAN_NAME));
  cw_gift_declaration_set_plan_agreed_with (gift,
                                            cw_register_column_text (stmt,
                                                                     COL_PLAN_AGREED_WITH));
  gift->same_given_to_all = sqlite3_column_int (stmt, COL_SAME_GIVEN_TO_ALL) != 0;
  gift->flags = (CwGiftFlags) sqlite3_column_int (stmt, COL_FLAGS);
  gift->repeat_count = (guint) sqlite3_column_int (stmt, COL_REPEAT_COUNT);
  gift->decision = cw_gift_decision_from_id ((const char *) sqlite3_column_text (stmt,
                                                                                 COL_DECISION));
  cw_gift_declaration_set_decision_reason (gift,
                                           cw_register_column_text (stmt, COL_DECISION_REASON));
  gift->decided_by = sqlite3_column_int64 (stmt, COL_DECIDED_BY);
  cw_gift_declaration_set_decided_by_name (gift,
                                           cw_register_column_text (stmt, COL_DECIDED_BY_NAME));
  gift->decided_at = sqlite3_column_int64 (stmt, COL_DECIDED_AT);

  if (gift->child_id > 0 && sqlite3_column_int (stmt, COL_CHILD_VISIBLE) != 0)
    gift->child_name = cw_register_child_name (cw_register_column_text (stmt, COL_CHILD_GIVEN),
                                               cw_register_column_text (stmt, COL_CHILD_FAMILY),
                                               cw_register_column_text (stmt,
                                                                        COL_CHILD_PREFERRED));

  return G_OBJECT (gift);
}

static const CwRegisterCopy copied_columns[] = {
  { "gift_date", "gift_date" },
  { "direction", "direction" },
  { "child_id", "child_id" },
  { "flags", "flags" },
  { "decided", "decision IS NOT NULL" },
  { NULL, NULL },
};

static const CwRegisterTable gift_table = {
  .header_table = "gifts",
  .versions_table = "gift_versions",
  .row_column = "gift_id",
  .object_type = "gift",
  .reading = "reading a gift",
  .header_sql = "SELECT staff_id, current_version, decided, NULL FROM gifts WHERE id = ?1",
  .version_sql = "SELECT " GIFT_COLUMNS " " GIFT_ANY_VERSION_FROM
                 "WHERE g.id = :row AND v.version = "
                 "(CASE WHEN :version > 0 THEN :version ELSE g.current_version END)",
  .copied = copied_columns,
  .from_row = gift_from_row,
  .may_see = NULL,
  .error_quark = cw_gift_error_quark,
  .not_found_code = CW_GIFT_ERROR_NOT_FOUND,
  .invalid_code = CW_GIFT_ERROR_INVALID,
  .not_found = N_("This gift declaration could not be found."),
  .version_not_found = N_("This version of the gift declaration does not exist."),
  .max_reason_chars = MAX_LONG_CHARS,
};

/* ---------------------------------------------------------------------- */
/* Writing                                                                 */

static gint64
setting_int (CwSession  *session,
             const char *key,
             gint64      fallback)
{
  g_autofree char *text = cw_session_get_setting (session, key);
  gint64 value;
  char *end = NULL;

  if (text == NULL || text[0] == '\0')
    return fallback;

  value = g_ascii_strtoll (text, &end, 10);
  if (end == NULL || *end != '\0' || value < 0)
    return fallback;

  return value;
}

/*
 * Checks what the person declares and returns a copy to store: text
 * trimmed, fields that do not apply to the direction cleared, system
 * fields empty.
 */
static CwGiftDeclaration *
validate (CwGiftRegister     *self,
          CwGiftDeclaration  *gift,
          gint64              keep_child_id,
          GError            **error)
{
  g_autoptr(CwGiftDeclaration) clean = cw_gift_declaration_new ();
  GDate today;

  if (!cw_register_date_is_real (&gift->date))
    {
      g_set_error_literal (error, CW_GIFT_ERROR, CW_GIFT_ERROR_INVALID,
                           _("Give the date of the gift or hospitality."));
      return NULL;
    }
  cw_register_today (&today);
  if (g_date_get_year (&gift->date) < EARLIEST_YEAR || g_date_compare (&gift->date, &today) > 0)
    {
      g_set_error_literal (error, CW_GIFT_ERROR, CW_GIFT_ERROR_INVALID,
                           _("The date of the gift cannot be in the future. Check the date."));
      return NULL;
    }
  clean->date = gift->date;

  if (gift->direction != CW_GIFT_RECEIVED && gift->direction != CW_GIFT_GIVEN)
    {
      g_set_error_literal (error, CW_GIFT_ERROR, CW_GIFT_ERROR_INVALID,
                           _("Say whether the gift was received or given."));
      return NULL;
    }
  clean->direction = gift->direction;

  if (!cw_register_clean_field (&gift_table, &clean->family_member_name,
                                gift->family_member_name, _("Family member’s name"), FALSE,
                                MAX_SHORT_CHARS, FALSE, error) ||
      !cw_register_clean_field (&gift_table, &clean->family_member_relationship,
                                gift->family_member_relationship,
                                _("Relationship to the child"), FALSE, MAX_SHORT_CHARS, FALSE,
                                error) ||
      !cw_register_clean_field (&gift_table, &clean->description, gift->description,
                                _("Description"), TRUE, MAX_LONG_CHARS, TRUE, error) ||
      !cw_register_clean_field (&gift_table, &clean->occasion, gift->occasion, _("Occasion"),
                                FALSE, MAX_SHORT_CHARS, FALSE, error))
    return NULL;

  if (gift->child_id <= 0 && clean->family_member_name[0] == '\0')
    {
      g_set_error_literal (error, CW_GIFT_ERROR, CW_GIFT_ERROR_INVALID,
                           _("Choose the child, or name the family member, the gift was "
                             "received from or given to."));
      return NULL;
    }

  if (gift->child_id > 0 && gift->child_id != keep_child_id &&
      !cw_session_may_view_child (self->session, gift->child_id))
    {
      cw_register_set_child_not_permitted (error);
      return NULL;
    }
  clean->child_id = MAX (gift->child_id, 0);

  if (gift->value_pence < 0 || gift->value_pence > MAX_VALUE_PENCE)
    {
      g_set_error_literal (error, CW_GIFT_ERROR, CW_GIFT_ERROR_INVALID,
                           _("Give the estimated value in pounds and pence, from £0.00 to "
                             "£1,000,000.00."));
      return NULL;
    }
  clean->value_pence = gift->value_pence;
  clean->cash = gift->cash != FALSE;
  clean->group_collection = gift->group_collection != FALSE;

  if (gift->direction == CW_GIFT_GIVEN)
    {
      clean->part_of_plan = gift->part_of_plan != FALSE;
      clean->same_given_to_all = gift->same_given_to_all != FALSE;
      if (clean->part_of_plan)
        {
          if (!cw_register_clean_field (&gift_table, &clean->plan_name, gift->plan_name,
                                        _("Which plan"), TRUE, MAX_SHORT_CHARS, FALSE,
                                        error) ||
              !cw_register_clean_field (&gift_table, &clean->plan_agreed_with,
                                        gift->plan_agreed_with, _("Plan agreed with"), TRUE,
                                        MAX_SHORT_CHARS, FALSE, error))
            return NULL;
        }
    }

  return g_steal_pointer (&clean);
}

/* The current versions of my other gifts that may fall in @gift's window. */
static GPtrArray *
read_window_candidates (CwDatabase         *database,
                        gint64              staff_id,
                        CwGiftDeclaration  *gift,
                        guint               months,
                        GError            **error)
{
  g_autoptr(GPtrArray) others = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *start_text = NULL;
  g_autofree char *date_text = NULL;
  GDate start;
  int rc;

  cw_gift_window_start (&gift->date, months, &start);
  start_text = cw_register_format_date (&start);
  date_text = cw_register_format_date (&gift->date);

  stmt = cw_database_prepare (database,
                              "SELECT g.id, v.gift_date, v.direction, v.child_id, "
                              "v.family_member_name FROM gifts g JOIN gift_versions v "
                              "ON v.gift_id = g.id AND v.version = g.current_version "
                              "WHERE g.staff_id = ?1 AND g.direction = ?2 AND g.gift_date > ?3 "
                              "AND g.gift_date <= ?4 AND g.id <> ?5",
                              error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, staff_id);
  cw_register_bind_text (stmt, 2, cw_gift_direction_get_id (gift->direction));
  cw_register_bind_text (stmt, 3, start_text);
  cw_register_bind_text (stmt, 4, date_text);
  sqlite3_bind_int64 (stmt, 5, gift->id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CwGiftDeclaration *other = cw_gift_declaration_new ();
      CwGiftDirection direction = CW_GIFT_RECEIVED;

      other->id = sqlite3_column_int64 (stmt, 0);
      cw_register_parse_date (cw_register_column_text (stmt, 1), &other->date);
      cw_gift_direction_from_id (cw_register_column_text (stmt, 2), &direction);
      other->direction = direction;
      other->child_id = sqlite3_column_int64 (stmt, 3);
      cw_gift_declaration_set_family_member_name (other, cw_register_column_text (stmt, 4));
      g_ptr_array_add (others, other);
    }
  if (rc != SQLITE_DONE)
    {
      cw_database_set_error (database, error, rc, "reading earlier gifts");
      return NULL;
    }

  return g_steal_pointer (&others);
}

/* Sets @clean's flags and repeat count from the settings and history. */
static gboolean
compute_flags (CwGiftRegister     *self,
               CwDatabase         *database,
               gint64              staff_id,
               CwGiftDeclaration  *clean,
               GError            **error)
{
  g_autoptr(GPtrArray) others = NULL;
  gint64 threshold = setting_int (self->session, "gift-threshold-pence",
                                  DEFAULT_THRESHOLD_PENCE);
  gint64 repeat_count = setting_int (self->session, "gift-repeat-count", DEFAULT_REPEAT_COUNT);
  gint64 months = setting_int (self->session, "gift-repeat-months", DEFAULT_REPEAT_MONTHS);

  others = read_window_candidates (database, staff_id, clean, (guint) months, error);
  if (others == NULL)
    return FALSE;

  clean->repeat_count = cw_gift_count_in_window (clean, others, (guint) months);
  clean->flags = cw_gift_compute_flags (clean, threshold, (guint) repeat_count,
                                        clean->repeat_count);
  return TRUE;
}

static gboolean
insert_version (CwDatabase         *database,
                gint64              gift_id,
                int                 version,
                gint64              writer_id,
                const char         *reason,
                CwGiftDeclaration  *clean,
                gint64              now,
                GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *date_text = cw_register_format_date (&clean->date);

  stmt = cw_database_prepare (database,
                              "INSERT INTO gift_versions (gift_id, version, written_at, "
                              "written_by, correction_reason, " GIFT_CONTENT_COLUMNS ", flags, "
                              "repeat_count) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                              "?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
                              error);
  if (stmt == NULL)
    return FALSE;

  cw_register_bind_version_head (stmt, gift_id, version, now, writer_id, reason);
  cw_register_bind_text (stmt, 6, date_text);
  cw_register_bind_text (stmt, 7, cw_gift_direction_get_id (clean->direction));
  cw_register_bind_id (stmt, 8, clean->child_id);
  cw_register_bind_text (stmt, 9, clean->family_member_name);
  cw_register_bind_text (stmt, 10, clean->family_member_relationship);
  cw_register_bind_text (stmt, 11, clean->description);
  sqlite3_bind_int64 (stmt, 12, clean->value_pence);
  sqlite3_bind_int (stmt, 13, clean->cash ? 1 : 0);
  sqlite3_bind_int (stmt, 14, clean->group_collection ? 1 : 0);
  cw_register_bind_text (stmt, 15, clean->occasion);
  sqlite3_bind_int (stmt, 16, clean->part_of_plan ? 1 : 0);
  cw_register_bind_text (stmt, 17, clean->plan_name);
  cw_register_bind_text (stmt, 18, clean->plan_agreed_with);
  sqlite3_bind_int (stmt, 19, clean->same_given_to_all ? 1 : 0);
  sqlite3_bind_int (stmt, 20, (int) clean->flags);
  sqlite3_bind_int (stmt, 21, (int) clean->repeat_count);

  return cw_database_step_done (database, stmt, error);
}

static char *
version_detail (int         version,
                const char *extra)
{
  if (extra == NULL || extra[0] == '\0')
    return g_strdup_printf ("version %d", version);

  return g_strdup_printf ("version %d; %s", version, extra);
}

/* ---------------------------------------------------------------------- */
/* Lists                                                                   */

static void
bind_query_cb (CwSqlStatement *stmt,
               gpointer        user_data)
{
  CwGiftQuery *query = user_data;

  cw_register_query_bind_cb (stmt, query);
  cw_register_bind_named_int64 (stmt, ":f_staff", query->filter.staff_id);
  cw_register_bind_named_int64 (stmt, ":f_child", query->filter.child_id);
  cw_register_bind_named_int64 (stmt, ":f_flags", query->filter.any_flags);
}

/* The WHERE clause for @filter over the gifts header g. */
static char *
filter_where (CwSession          *session,
              const CwGiftFilter *filter)
{
  g_autofree char *visible = NULL;
  GString *where = g_string_new ("WHERE ");

  /* Flags are in no index: read a team's rows in id order, unless a child
   * or dates narrow them first. */
  if (filter->any_flags != 0 && filter->child_id <= 0 && filter->staff_id <= 0 &&
      !cw_register_date_is_real (&filter->from) && !cw_register_date_is_real (&filter->to))
    visible = CW_REGISTER_VISIBLE_ROWS_WHERE (session, "g", "gifts", "staff_id");
  else
    visible = CW_REGISTER_VISIBLE_WHERE (session, "g.staff_id");

  g_string_append (where, visible);

  if (filter->staff_id > 0)
    g_string_append (where, " AND g.staff_id = :f_staff");
  if (filter->child_id > 0)
    g_string_append (where, " AND g.child_id = :f_child");
  cw_register_where_dates (where, "g.gift_date", &filter->from, &filter->to);
  if (filter->any_flags != 0)
    g_string_append (where, " AND (g.flags & :f_flags) <> 0");
  if (filter->undecided_only || filter->awaiting_me)
    g_string_append (where, " AND g.decided = 0");
  if (filter->awaiting_me)
    g_string_append (where, " AND " CW_REGISTER_AWAITING_ME_SQL ("g.staff_id"));

  return g_string_free (where, FALSE);
}

static CwGiftQuery *
query_new (CwSession          *session,
           const CwGiftFilter *filter)
{
  CwGiftQuery *query = g_new0 (CwGiftQuery, 1);

  if (filter != NULL)
    query->filter = *filter;
  else
    cw_gift_filter_init (&query->filter);
  cw_register_query_init (&query->base, session, filter_where (session, &query->filter),
                          &query->filter.from, &query->filter.to, NULL);

  return query;
}

/* ---------------------------------------------------------------------- */
/* Object                                                                  */

CW_REGISTER_DEFINE_OBJECT (CwGiftRegister, cw_gift_register, CW_TYPE_GIFT_REGISTER,
                           CW_IS_GIFT_REGISTER)

/* ---------------------------------------------------------------------- */
/* Public                                                                  */

/**
 * cw_gift_register_declare:
 * @gift: what is declared; system fields are ignored
 *
 * Returns: (transfer full): the stored version 1, with its id and flags.
 */
CwGiftDeclaration *
cw_gift_register_declare (CwGiftRegister     *self,
                          CwGiftDeclaration  *gift,
                          GError            **error)
{
  g_autoptr(CwGiftDeclaration) clean = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *flag_ids = NULL;
  g_autofree char *detail = NULL;
  CwDatabase *database;
  gint64 me, gift_id, now;

  g_return_val_if_fail (CW_IS_GIFT_REGISTER (self), NULL);
  g_return_val_if_fail (CW_IS_GIFT_DECLARATION (gift), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!cw_register_require_keep (self->session, error))
    return NULL;
  database = cw_register_get_database (self->session, error);
  me = cw_register_me (self->session);

  clean = validate (self, gift, 0, error);
  if (clean == NULL)
    return NULL;

  now = cw_register_now ();

  if (!cw_database_begin (database, error))
    return NULL;

  if (!compute_flags (self, database, me, clean, error))
    goto failed;

  stmt = cw_database_prepare (database,
                              "INSERT INTO gifts (staff_id, declared_at, current_version, "
                              "gift_date, direction, child_id, flags, decided) "
                              "VALUES (?1, ?2, 1, '', ?3, NULL, 0, 0)",
                              error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, me);
  sqlite3_bind_int64 (stmt, 2, now);
  cw_register_bind_text (stmt, 3, cw_gift_direction_get_id (clean->direction));
  if (!cw_database_step_done (database, stmt, error))
    goto failed;
  gift_id = cw_database_last_insert_rowid (database);

  if (!insert_version (database, gift_id, 1, me, "", clean, now, error))
    goto failed;

  flag_ids = flags_to_ids (clean->flags);
  detail = g_strdup_printf ("flags: %s", flag_ids);
  if (!cw_register_commit_version (&gift_table, self->session, database, gift_id, 1,
                                   "gift-declare", detail, error))
    goto failed;

  return cw_register_read_version (&gift_table, self->session, database, gift_id,
                                   1, error);

failed:
  cw_database_rollback (database);
  return NULL;
}

/**
 * cw_gift_register_correct:
 *
 * Returns: (transfer full): the new current version, or NULL.
 */
CwGiftDeclaration *
cw_gift_register_correct (CwGiftRegister     *self,
                          gint64              gift_id,
                          CwGiftDeclaration  *corrected,
                          const char         *reason,
                          GError            **error)
{
  g_autoptr(CwGiftDeclaration) current = NULL;
  g_autoptr(CwGiftDeclaration) clean = NULL;
  g_autofree char *clean_reason = NULL;
  g_autofree char *flag_ids = NULL;
  g_autofree char *detail = NULL;
  CwDatabase *database;
  CwRegisterHeader header;
  gint64 me;
  int version;

  g_return_val_if_fail (CW_IS_GIFT_REGISTER (self), NULL);
  g_return_val_if_fail (CW_IS_GIFT_DECLARATION (corrected), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  current = cw_register_start_correction (&gift_table, self->session, gift_id,
                                          _("Only the person who declared a gift can "
                                            "correct what was declared."),
                                          reason, &header, &clean_reason, error);
  if (current == NULL)
    return NULL;
  database = cw_register_get_database (self->session, error);
  me = cw_register_me (self->session);

  clean = validate (self, corrected, current->child_id, error);
  if (clean == NULL)
    return NULL;
  clean->id = gift_id;
  version = header.current_version + 1;

  if (!cw_database_begin (database, error))
    return NULL;

  if (!compute_flags (self, database, me, clean, error) ||
      !insert_version (database, gift_id, version, me, clean_reason, clean, cw_register_now (),
                       error))
    goto failed;

  flag_ids = flags_to_ids (clean->flags);
  detail = g_strdup_printf ("version %d; flags: %s", version, flag_ids);
  if (!cw_register_commit_version (&gift_table, self->session, database, gift_id, version,
                                   "gift-correct", detail, error))
    goto failed;

  return cw_register_read_version (&gift_table, self->session, database, gift_id,
                                   version, error);

failed:
  cw_database_rollback (database);
  return NULL;
}

static gboolean
check_may_decide (CwGiftRegister    *self,
                  CwRegisterHeader  *header,
                  GError           **error)
{
  if (cw_register_may_review (self->session, header->owner_id))
    return TRUE;

  if (header->owner_id == cw_register_me (self->session))
    cw_register_set_not_permitted (error, _("You cannot decide on your own gift declaration. "
                                            "Your line manager or the Designated Safeguarding "
                                            "Lead decides."));
  else
    cw_register_set_not_permitted (error, _("Only the declarer’s line manager or the Designated "
                                            "Safeguarding Lead can decide on a gift."));
  return FALSE;
}

static gboolean
check_decision (CwGiftDecision   decision,
                GError         **error)
{
  if (decision == CW_GIFT_ACCEPTED || decision == CW_GIFT_DECLINED ||
      decision == CW_GIFT_RETURNED || decision == CW_GIFT_DONATED)
    return TRUE;

  g_set_error_literal (error, CW_GIFT_ERROR, CW_GIFT_ERROR_INVALID,
                       _("Choose the decision: accepted, declined, returned or donated."));
  return FALSE;
}

gboolean
cw_gift_register_decide (CwGiftRegister  *self,
                         gint64           gift_id,
                         CwGiftDecision   decision,
                         const char      *reason,
                         GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *clean_reason = NULL;
  g_autofree char *detail = NULL;
  CwDatabase *database;
  CwRegisterHeader header;

  g_return_val_if_fail (CW_IS_GIFT_REGISTER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  database = cw_register_get_database (self->session, error);
  if (database == NULL)
    return FALSE;

  if (!cw_register_read_header (&gift_table, self->session, database, gift_id, &header,
                                error) ||
      !check_may_decide (self, &header, error) ||
      !check_decision (decision, error) ||
      !cw_register_clean_reason (&gift_table, reason, _("Give the reason for the decision."),
                                 &clean_reason, error))
    return FALSE;

  if (header.settled)
    {
      g_set_error_literal (error, CW_GIFT_ERROR, CW_GIFT_ERROR_STATE,
                           _("This gift has already been decided. To decide differently, change "
                             "the decision and give the reason."));
      return FALSE;
    }

  if (!cw_database_begin (database, error))
    return FALSE;

  stmt = cw_database_prepare (database,
                              "UPDATE gift_versions SET decision = ?1, decision_reason = ?2, "
                              "decided_by = ?3, decided_at = ?4 WHERE gift_id = ?5 "
                              "AND version = ?6 AND decision IS NULL",
                              error);
  if (stmt == NULL)
    goto failed;
  cw_register_bind_text (stmt, 1, cw_gift_decision_get_id (decision));
  cw_register_bind_text (stmt, 2, clean_reason);
  sqlite3_bind_int64 (stmt, 3, cw_register_me (self->session));
  sqlite3_bind_int64 (stmt, 4, cw_register_now ());
  sqlite3_bind_int64 (stmt, 5, gift_id);
  sqlite3_bind_int (stmt, 6, header.current_version);
  if (!cw_database_step_done (database, stmt, error))
    goto failed;

  detail = version_detail (header.current_version, cw_gift_decision_get_id (decision));
  if (!cw_register_commit_version (&gift_table, self->session, database, gift_id,
                                   header.current_version, "gift-decide", detail, error))
    goto failed;

  return TRUE;

failed:
  cw_database_rollback (database);
  return FALSE;
}

gboolean
cw_gift_register_change_decision (CwGiftRegister  *self,
                                  gint64           gift_id,
                                  CwGiftDecision   decision,
                                  const char      *decision_reason,
                                  const char      *correction_reason,
                                  GError         **error)
{
  g_autofree char *clean_decision_reason = NULL;
  g_autofree char *clean_correction_reason = NULL;
  g_autofree char *detail = NULL;
  CwDatabase *database;
  CwRegisterHeader header;
  int version;

  g_return_val_if_fail (CW_IS_GIFT_REGISTER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  database = cw_register_get_database (self->session, error);
  if (database == NULL)
    return FALSE;

  if (!cw_register_read_header (&gift_table, self->session, database, gift_id, &header,
                                error) ||
      !check_may_decide (self, &header, error) ||
      !check_decision (decision, error) ||
      !cw_register_clean_reason (&gift_table, decision_reason,
                                 _("Give the reason for the decision."),
                                 &clean_decision_reason, error) ||
      !cw_register_clean_reason (&gift_table, correction_reason,
                                 _("Give the reason for changing the decision."),
                                 &clean_correction_reason, error))
    return FALSE;

  if (!header.settled)
    {
      g_set_error_literal (error, CW_GIFT_ERROR, CW_GIFT_ERROR_STATE,
                           _("This gift has not been decided yet. Decide it instead."));
      return FALSE;
    }

  version = header.current_version + 1;

  if (!cw_database_begin (database, error))
    return FALSE;

  if (!cw_register_append_changed_version (self->session, database,
                                           "INSERT INTO gift_versions (gift_id, version, "
                                           "written_at, written_by, correction_reason, "
                                           GIFT_CONTENT_COLUMNS ", flags, repeat_count, "
                                           "decision, decision_reason, decided_by, decided_at) "
                                           "SELECT gift_id, ?1, ?2, ?3, ?4, "
                                           GIFT_CONTENT_COLUMNS ", flags, repeat_count, ?5, "
                                           "?6, ?3, ?2 FROM gift_versions "
                                           "WHERE gift_id = ?7 AND version = ?8",
                                           gift_id, header.current_version,
                                           clean_correction_reason,
                                           cw_gift_decision_get_id (decision),
                                           clean_decision_reason, error))
    goto failed;

  detail = version_detail (version, cw_gift_decision_get_id (decision));
  if (!cw_register_commit_version (&gift_table, self->session, database, gift_id, version,
                                   "gift-decision-change", detail, error))
    goto failed;

  return TRUE;

failed:
  cw_database_rollback (database);
  return FALSE;
}

gboolean
cw_gift_register_may_decide (CwGiftRegister    *self,
                             CwGiftDeclaration *gift)
{
  g_return_val_if_fail (CW_IS_GIFT_REGISTER (self), FALSE);
  g_return_val_if_fail (CW_IS_GIFT_DECLARATION (gift), FALSE);

  return cw_register_may_review (self->session, gift->staff_id);
}

/**
 * cw_gift_register_load:
 *
 * Returns: (transfer full): the version, or NULL (CW_GIFT_ERROR_NOT_FOUND
 *   also for a declaration one may not see).
 */
CwGiftDeclaration *
cw_gift_register_load (CwGiftRegister  *self,
                       gint64           gift_id,
                       int              version,
                       GError         **error)
{
  g_return_val_if_fail (CW_IS_GIFT_REGISTER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return cw_register_load (&gift_table, self->session, gift_id, version, error);
}

/**
 * cw_gift_register_list_versions:
 *
 * Returns: (transfer full) (element-type CwGiftDeclaration): every version,
 *   oldest first; NULL on error.
 */
GPtrArray *
cw_gift_register_list_versions (CwGiftRegister  *self,
                                gint64           gift_id,
                                GError         **error)
{
  g_return_val_if_fail (CW_IS_GIFT_REGISTER (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return cw_register_list_versions (&gift_table, self->session, gift_id, error);
}

/**
 * cw_gift_register_list:
 * @filter: (nullable): which rows
 *
 * Permissions are those of the signed-in person at each page fetch.
 *
 * Returns: (transfer full): a lazy GListModel of CwGiftDeclaration.
 */
GListModel *
cw_gift_register_list (CwGiftRegister     *self,
                       const CwGiftFilter *filter)
{
  g_return_val_if_fail (CW_IS_GIFT_REGISTER (self), NULL);

  return cw_register_list_new (query_new (self->session, filter), CW_TYPE_GIFT_DECLARATION,
                               "SELECT " GIFT_COLUMNS, "gifts g", "g", GIFT_CURRENT_JOINS,
                               GIFT_COUNT, "g.gift_date DESC, g.id DESC", bind_query_cb,
                               gift_from_row);
}

gint64
cw_gift_register_count (CwGiftRegister     *self,
                        const CwGiftFilter *filter)
{
  g_return_val_if_fail (CW_IS_GIFT_REGISTER (self), 0);

  return cw_register_count_query (query_new (self->session, filter), GIFT_COUNT, bind_query_cb);
}

gint64
cw_gift_register_count_awaiting_decision (CwGiftRegister *self)
{
  CwGiftFilter filter;

  g_return_val_if_fail (CW_IS_GIFT_REGISTER (self), 0);

  cw_gift_filter_init (&filter);
  filter.awaiting_me = TRUE;

  return cw_gift_register_count (self, &filter);
}
