/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-register-export"

#include "config.h"

#include <glib/gi18n.h>

#include "cw-csv-writer.h"
#include "cw-register-export.h"
#include "cw-register-private.h"

/*
 * CSV export of the three registers. Rows come from the same lazy list the
 * register's page shows, so what is exported is what the person may see,
 * read a page at a time.
 */

typedef struct
{
  GPtrArray *fields;   /* char *, owned */
} Row;

static void
row_init (Row *row)
{
  row->fields = g_ptr_array_new_with_free_func (g_free);
}

static void
row_clear (Row *row)
{
  g_clear_pointer (&row->fields, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Row, row_clear)

static void
add (Row        *row,
     const char *text)
{
  g_ptr_array_add (row->fields, g_strdup (text != NULL ? text : ""));
}

static void
add_take (Row  *row,
          char *text)
{
  g_ptr_array_add (row->fields, text != NULL ? text : g_strdup (""));
}

static void
add_int (Row    *row,
         gint64  value)
{
  add_take (row, g_strdup_printf ("%" G_GINT64_FORMAT, value));
}

static void
add_id (Row    *row,
        gint64  id)
{
  add_take (row, id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, id) : g_strdup (""));
}

static void
add_bool (Row      *row,
          gboolean  value)
{
  add (row, value ? _("Yes") : _("No"));
}

static void
add_date (Row         *row,
          const GDate *date)
{
  add_take (row, cw_register_format_date (date));
}

/* A system time as local "YYYY-MM-DD HH:MM"; "" for none. */
static void
add_time (Row    *row,
          gint64  unix_utc)
{
  g_autoptr(GDateTime) when = NULL;

  if (unix_utc <= 0)
    {
      add (row, "");
      return;
    }

  when = g_date_time_new_from_unix_local (unix_utc);
  add_take (row, when != NULL ? g_date_time_format (when, "%Y-%m-%d %H:%M") : NULL);
}

/* The child's name where the list shows it. */
static void
add_child (Row        *row,
           gint64      child_id,
           const char *child_name)
{
  if (child_id <= 0)
    add (row, "");
  else if (child_name != NULL)
    add (row, child_name);
  else
    add (row, _("Not shown: you do not have access to this child’s record"));
}

static void
add_pence (Row    *row,
           gint64  pence)
{
  add_take (row, g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", pence / 100,
                                  (int) (pence % 100)));
}

static gboolean
write_row (CwCsvWriter   *writer,
           Row           *row,
           GCancellable  *cancellable,
           GError       **error)
{
  return cw_csv_writer_write_row (writer, (const char * const *) row->fields->pdata,
                                  (gssize) row->fields->len, cancellable, error);
}

static gboolean
write_header (CwCsvWriter        *writer,
              const char * const *titles,
              GCancellable       *cancellable,
              GError            **error)
{
  g_auto(Row) row = { 0 };

  row_init (&row);
  for (guint i = 0; titles[i] != NULL; i++)
    add (&row, _(titles[i]));

  return write_row (writer, &row, cancellable, error);
}

/* Step-up before anything is read. */
static gboolean
require_export (CwSession   *session,
                const char  *password,
                GError     **error)
{
  if (!cw_register_require_keep (session, error))
    return FALSE;

  return cw_session_confirm_password (session, password, error);
}

static void
append_date_condition (GString     *detail,
                       const char  *name,
                       const GDate *date)
{
  g_autofree char *text = NULL;

  if (!cw_register_date_is_real (date))
    return;

  text = cw_register_format_date (date);
  g_string_append_printf (detail, "; %s %s", name, text);
}

static void
append_id_condition (GString    *detail,
                     const char *name,
                     gint64      id)
{
  if (id > 0)
    g_string_append_printf (detail, "; %s %" G_GINT64_FORMAT, name, id);
}

/* The conditions the gift and contact filters share, in their order. */
static void
append_staff_conditions (GString     *detail,
                         gint64       staff_id,
                         gint64       child_id,
                         const GDate *from,
                         const GDate *to,
                         guint        any_flags)
{
  append_id_condition (detail, "staff", staff_id);
  append_id_condition (detail, "child", child_id);
  append_date_condition (detail, "from", from);
  append_date_condition (detail, "to", to);
  if (any_flags != 0)
    g_string_append_printf (detail, "; flags %u", any_flags);
}

/* Audits the export: rows, the filter, and whether it finished. */
static gboolean
audit_export (CwSession   *session,
              const char  *object_type,
              guint64      n_rows,
              GString     *conditions,
              gboolean     complete,
              GError     **error)
{
  g_autofree char *detail = NULL;

  detail = g_strdup_printf ("%" G_GUINT64_FORMAT " rows%s%s", n_rows,
                            complete ? "" : " (incomplete)", conditions->str);

  return cw_session_audit (session, "export", object_type, "", detail, error);
}

typedef void (*ItemToRow) (GObject *item, Row *row);

/* One register's export: its column titles, how an item becomes a row,
 * and the object type of the audit row. */
typedef struct
{
  const char * const *titles;
  ItemToRow           item_to_row;
  const char         *object_type;
} ExportKind;

typedef struct
{
  CwCsvWriter  *writer;
  ItemToRow     item_to_row;
  guint64       n_rows;
  GCancellable *cancellable;
} WriteRows;

static gboolean
write_item (GObject  *item,
            gpointer  user_data,
            GError  **error)
{
  WriteRows *rows = user_data;
  g_auto(Row) row = { 0 };

  row_init (&row);
  rows->item_to_row (item, &row);
  if (!write_row (rows->writer, &row, rows->cancellable, error))
    return FALSE;
  rows->n_rows++;
  return TRUE;
}

/* Writes every item of @model_in (taken) as a row, then audits with
 * @conditions_in (taken). */
static gboolean
export_model (CwSession           *session,
              GListModel          *model_in,
              GString             *conditions_in,
              const ExportKind    *kind,
              GOutputStream       *stream,
              guint64             *n_rows_out,
              GCancellable        *cancellable,
              GError             **error)
{
  g_autoptr(GListModel) model = model_in;
  g_autoptr(GString) conditions = conditions_in;
  const char * const *titles = kind->titles;
  const char *object_type = kind->object_type;
  g_autoptr(CwCsvWriter) writer = cw_csv_writer_new (stream, CW_CSV_WRITER_BYTE_ORDER_MARK);
  g_autoptr(GError) local_error = NULL;
  WriteRows rows = { writer, kind->item_to_row, 0, cancellable };
  guint64 n_rows;
  gboolean ok;

  ok = write_header (writer, titles, cancellable, &local_error);

  /* A list from the database is read in one pass; one that is empty
   * because nothing may be seen is an in-memory store. */
  if (ok && CW_IS_SQL_LIST_MODEL (model))
    ok = cw_sql_list_model_foreach (CW_SQL_LIST_MODEL (model), write_item, &rows,
                                    &local_error);
  else
    for (guint i = 0; ok && i < g_list_model_get_n_items (model); i++)
      {
        g_autoptr(GObject) item = g_list_model_get_item (model, i);

        ok = write_item (item, &rows, &local_error);
      }
  n_rows = rows.n_rows;

  if (ok)
    ok = cw_csv_writer_finish (writer, cancellable, &local_error);

  if (!ok)
    {
      g_autoptr(GError) audit_error = NULL;

      if (!audit_export (session, object_type, n_rows, conditions, FALSE, &audit_error))
        g_warning ("Could not record an incomplete export in the audit log: %s",
                   audit_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!audit_export (session, object_type, n_rows, conditions, TRUE, error))
    return FALSE;

  if (n_rows_out != NULL)
    *n_rows_out = n_rows;

  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Gifts                                                                   */

static const char * const gift_titles[] = {
  N_("Reference"), N_("Version"), N_("Date"), N_("Member of staff"), N_("Received or given"),
  N_("Child"), N_("Family member"), N_("Relationship"), N_("Description"),
  N_("Estimated value (£)"), N_("Cash"), N_("Group collection"), N_("Occasion"),
  N_("Part of an agreed plan"), N_("Plan"), N_("Plan agreed with"), N_("Same given to all"),
  N_("Flags"), N_("Decision"), N_("Reason for the decision"), N_("Decided by"),
  N_("Decided at"), N_("Declared at"), N_("Reason for the correction"),
  NULL
};

static void
gift_to_row (GObject *item,
             Row     *row)
{
  CwGiftDeclaration *gift = CW_GIFT_DECLARATION (item);
  CwGiftDecision decision = cw_gift_declaration_get_decision (gift);

  add_int (row, cw_gift_declaration_get_id (gift));
  add_int (row, cw_gift_declaration_get_version (gift));
  add_date (row, cw_gift_declaration_get_date (gift));
  add (row, cw_gift_declaration_get_staff_name (gift));
  add (row, cw_gift_direction_get_title (cw_gift_declaration_get_direction (gift)));
  add_child (row, cw_gift_declaration_get_child_id (gift),
             cw_gift_declaration_get_child_name (gift));
  add (row, cw_gift_declaration_get_family_member_name (gift));
  add (row, cw_gift_declaration_get_family_member_relationship (gift));
  add (row, cw_gift_declaration_get_description (gift));
  add_pence (row, cw_gift_declaration_get_value_pence (gift));
  add_bool (row, cw_gift_declaration_get_cash (gift));
  add_bool (row, cw_gift_declaration_get_group_collection (gift));
  add (row, cw_gift_declaration_get_occasion (gift));
  if (cw_gift_declaration_get_direction (gift) == CW_GIFT_GIVEN)
    {
      add_bool (row, cw_gift_declaration_get_part_of_plan (gift));
      add (row, cw_gift_declaration_get_plan_name (gift));
      add (row, cw_gift_declaration_get_plan_agreed_with (gift));
      add_bool (row, cw_gift_declaration_get_same_given_to_all (gift));
    }
  else
    {
      add (row, "");
      add (row, "");
      add (row, "");
      add (row, "");
    }
  add_take (row, cw_gift_flags_to_string (cw_gift_declaration_get_flags (gift)));
  add (row, cw_gift_decision_get_title (decision));
  add (row, cw_gift_declaration_get_decision_reason (gift));
  add (row, cw_gift_declaration_get_decided_by_name (gift));
  add_time (row, cw_gift_declaration_get_decided_at (gift));
  add_time (row, cw_gift_declaration_get_declared_at (gift));
  add (row, cw_gift_declaration_get_correction_reason (gift));
}

static GString *
gift_conditions (const CwGiftFilter *filter)
{
  GString *out = g_string_new ("");

  if (filter == NULL)
    return out;

  append_staff_conditions (out, filter->staff_id, filter->child_id, &filter->from, &filter->to,
                           (guint) filter->any_flags);
  if (filter->undecided_only)
    g_string_append (out, "; undecided");
  if (filter->awaiting_me)
    g_string_append (out, "; awaiting my decision");

  return out;
}

static const ExportKind gift_export = { gift_titles, gift_to_row, "gift-register" };

gboolean
cw_register_export_gifts (CwGiftRegister      *gifts,
                          const CwGiftFilter  *filter,
                          const char          *password,
                          GOutputStream       *stream,
                          guint64             *n_rows_out,
                          GCancellable        *cancellable,
                          GError             **error)
{
  CwSession *session;

  g_return_val_if_fail (CW_IS_GIFT_REGISTER (gifts), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  session = cw_gift_register_get_session (gifts);
  if (!require_export (session, password, error))
    return FALSE;

  return export_model (session, cw_gift_register_list (gifts, filter),
                       gift_conditions (filter), &gift_export, stream, n_rows_out, cancellable,
                       error);
}

/* ---------------------------------------------------------------------- */
/* Contacts                                                                */

static const char * const contact_titles[] = {
  N_("Reference"), N_("Version"), N_("Date"), N_("Time"), N_("Member of staff"), N_("Child"),
  N_("Contact with"), N_("Name"), N_("How"), N_("Phone or account"), N_("Started by"),
  N_("Planned"), N_("Purpose"), N_("Witness"), N_("Summary"), N_("Follow-up"),
  N_("Approval reference"), N_("Flags"), N_("Reviewed by"), N_("Reviewed at"),
  N_("Review comment"), N_("Further action"), N_("Recorded at"),
  N_("Reason for the correction"),
  NULL
};

static void
contact_to_row (GObject *item,
                Row     *row)
{
  CwContactRecord *record = CW_CONTACT_RECORD (item);

  add_int (row, cw_contact_record_get_id (record));
  add_int (row, cw_contact_record_get_version (record));
  add_date (row, cw_contact_record_get_date (record));
  add_take (row, g_strdup_printf ("%02d:%02d", cw_contact_record_get_hour (record),
                                  cw_contact_record_get_minute (record)));
  add (row, cw_contact_record_get_staff_name (record));
  add_child (row, cw_contact_record_get_child_id (record),
             cw_contact_record_get_child_name (record));
  add (row, cw_contact_party_kind_get_title (cw_contact_record_get_other_party_kind (record)));
  add (row, cw_contact_record_get_other_party_name (record));
  add (row, cw_contact_channel_get_title (cw_contact_record_get_channel (record)));
  add (row, cw_contact_device_get_title (cw_contact_record_get_device (record)));
  add (row, cw_contact_initiator_get_title (cw_contact_record_get_initiator (record)));
  add_bool (row, cw_contact_record_get_planned (record));
  add (row, cw_contact_purpose_get_title (cw_contact_record_get_purpose (record)));
  add (row, cw_contact_record_get_witness (record));
  add (row, cw_contact_record_get_summary (record));
  add (row, cw_contact_record_get_follow_up (record));
  add_id (row, cw_contact_record_get_approval_id (record));
  add_take (row, cw_contact_flags_to_string (cw_contact_record_get_flags (record)));
  add (row, cw_contact_record_get_reviewed_by_name (record));
  add_time (row, cw_contact_record_get_reviewed_at (record));
  add (row, cw_contact_record_get_review_comment (record));
  add (row, cw_contact_record_get_further_action (record));
  add_time (row, cw_contact_record_get_recorded_at (record));
  add (row, cw_contact_record_get_correction_reason (record));
}

static GString *
contact_conditions (const CwContactFilter *filter)
{
  GString *out = g_string_new ("");

  if (filter == NULL)
    return out;

  append_staff_conditions (out, filter->staff_id, filter->child_id, &filter->from, &filter->to,
                           (guint) filter->any_flags);
  if (filter->unreviewed_only)
    g_string_append (out, "; not reviewed");
  if (filter->awaiting_me)
    g_string_append (out, "; awaiting my review");

  return out;
}

static const ExportKind contact_export = { contact_titles, contact_to_row, "contact-register" };

gboolean
cw_register_export_contacts (CwContactRegister      *contacts,
                             const CwContactFilter  *filter,
                             const char             *password,
                             GOutputStream          *stream,
                             guint64                *n_rows_out,
                             GCancellable           *cancellable,
                             GError                **error)
{
  CwSession *session;

  g_return_val_if_fail (CW_IS_CONTACT_REGISTER (contacts), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  session = cw_contact_register_get_session (contacts);
  if (!require_export (session, password, error))
    return FALSE;

  return export_model (session, cw_contact_register_list (contacts, filter),
                       contact_conditions (filter), &contact_export, stream, n_rows_out,
                       cancellable, error);
}

/* ---------------------------------------------------------------------- */
/* Photo consent                                                           */

static const char * const consent_titles[] = {
  N_("Reference"), N_("Version"), N_("Child"), N_("Consent given by"), N_("Relationship"),
  N_("Written consent held"), N_("Form reference"), N_("Child’s own agreement"),
  N_("Child agreed on"), N_("Case record or assessment evidence"),
  N_("Displays in the setting"), N_("Newsletters and printed publications"), N_("Website"),
  N_("Social media"), N_("Press"), N_("Promotional material"), N_("Naming"),
  N_("Date given"), N_("Review date"), N_("How long images are kept"), N_("Withdrawn on"),
  N_("Withdrawn by"), N_("Action taken on withdrawal"), N_("Never publish"),
  N_("Manager’s consent by"), N_("Recorded by"), N_("Reason for the correction"),
  NULL
};

G_STATIC_ASSERT (CW_PHOTO_PURPOSE_LAST == 7);

static void
consent_to_row (GObject *item,
                Row     *row)
{
  CwPhotoConsent *consent = CW_PHOTO_CONSENT (item);

  add_int (row, cw_photo_consent_get_id (consent));
  add_int (row, cw_photo_consent_get_version (consent));
  add_child (row, cw_photo_consent_get_child_id (consent),
             cw_photo_consent_get_child_name (consent));
  add (row, cw_photo_consent_get_consenter_name (consent));
  add (row, cw_photo_relationship_get_title (cw_photo_consent_get_relationship (consent)));
  add_bool (row, cw_photo_consent_get_written_consent (consent));
  add (row, cw_photo_consent_get_form_reference (consent));
  add (row, cw_photo_child_agreement_get_title (cw_photo_consent_get_child_agreement (consent)));
  add_date (row, cw_photo_consent_get_child_agreed_on (consent));
  for (guint i = 0; i < CW_PHOTO_PURPOSE_LAST; i++)
    add (row, cw_photo_permission_get_title (cw_photo_consent_get_permission (consent, i)));
  add (row, cw_photo_naming_get_title (cw_photo_consent_get_naming (consent)));
  add_date (row, cw_photo_consent_get_date_given (consent));
  add_date (row, cw_photo_consent_get_review_date (consent));
  add (row, cw_photo_consent_get_retention (consent));
  add_date (row, cw_photo_consent_get_withdrawn_on (consent));
  add (row, cw_photo_consent_get_withdrawn_by (consent));
  add (row, cw_photo_consent_get_withdrawal_action (consent));
  add_bool (row, cw_photo_consent_get_never_publish (consent));
  add (row, cw_photo_consent_get_manager_consent_name (consent));
  add (row, cw_photo_consent_get_recorded_by_name (consent));
  add (row, cw_photo_consent_get_correction_reason (consent));
}

static GString *
consent_conditions (const CwPhotoConsentFilter *filter)
{
  GString *out = g_string_new ("");

  if (filter == NULL)
    return out;

  append_id_condition (out, "child", filter->child_id);
  append_id_condition (out, "recorded by", filter->recorded_by);
  append_date_condition (out, "from", &filter->from);
  append_date_condition (out, "to", &filter->to);
  append_date_condition (out, "review due by", &filter->review_due_on);
  if (filter->withdrawn_only)
    g_string_append (out, "; withdrawn");
  if (filter->never_publish_only)
    g_string_append (out, "; never publish");

  return out;
}

static const ExportKind consent_export = {
  consent_titles, consent_to_row, "photo-consent-register"
};

gboolean
cw_register_export_photo_consents (CwPhotoConsentRegister      *consents,
                                   const CwPhotoConsentFilter  *filter,
                                   const char                  *password,
                                   GOutputStream               *stream,
                                   guint64                     *n_rows_out,
                                   GCancellable                *cancellable,
                                   GError                     **error)
{
  CwSession *session;

  g_return_val_if_fail (CW_IS_PHOTO_CONSENT_REGISTER (consents), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  session = cw_photo_consent_register_get_session (consents);
  if (!require_export (session, password, error))
    return FALSE;

  return export_model (session, cw_photo_consent_register_list (consents, filter),
                       consent_conditions (filter), &consent_export, stream, n_rows_out,
                       cancellable, error);
}
