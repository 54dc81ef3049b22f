/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-csv-writer"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "cw-csv-writer.h"

/*
 * CwCsvWriter: RFC 4180 with the formula-injection defence of the OWASP
 * guidance. Each row is built in memory and written with one
 * g_output_stream_write_all(), so a refused row leaves no trace.
 */

#define UTF8_BOM "\xEF\xBB\xBF"

struct _CwCsvWriter
{
  GObject           parent_instance;

  GOutputStream    *stream;
  CwCsvWriterFlags  flags;

  GString          *row;           /* the row being built by add_field */
  guint             n_row_fields;
  gboolean          row_only_empty;
  guint64           n_rows;
  gboolean          started;       /* something (BOM or a row) was written */
  gboolean          finished;
};

G_DEFINE_FINAL_TYPE (CwCsvWriter, cw_csv_writer, G_TYPE_OBJECT)

G_DEFINE_QUARK (cw-csv-error-quark, cw_csv_error)

static gboolean
check_field (const char  *field,
             GError     **error)
{
  if (field != NULL && !g_utf8_validate (field, -1, NULL))
    {
      g_set_error_literal (error, CW_CSV_ERROR, CW_CSV_ERROR_INVALID_TEXT,
                           _("Some text to export is damaged (it is not valid UTF-8), so "
                             "the export was stopped."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_not_finished (CwCsvWriter  *self,
                    GError      **error)
{
  if (self->finished)
    {
      g_set_error_literal (error, CW_CSV_ERROR, CW_CSV_ERROR_FINISHED,
                           _("The export has already been finished."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
needs_formula_defence (const char *field)
{
  switch (field[0])
    {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
      return TRUE;

    default:
      return FALSE;
    }
}

/* Appends one field, quoted when needed, with its separator. */
static void
append_field (CwCsvWriter *self,
              GString     *row,
              guint        index,
              const char  *field,
              gboolean     defend)
{
  gboolean quote;

  if (field == NULL)
    field = "";

  if (index > 0)
    g_string_append_c (row, ',');

  quote = strpbrk (field, ",\"\r\n") != NULL;

  if (quote)
    g_string_append_c (row, '"');

  if (defend && (self->flags & CW_CSV_WRITER_ALLOW_FORMULAS) == 0 &&
      needs_formula_defence (field))
    g_string_append_c (row, '\'');

  if (quote)
    {
      for (const char *p = field; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (row, '"');
          g_string_append_c (row, *p);
        }
      g_string_append_c (row, '"');
    }
  else
    g_string_append (row, field);
}

static gboolean
write_line (CwCsvWriter   *self,
            GString       *row,
            guint          n_fields,
            gboolean       only_empty,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GString) out = g_string_sized_new (row->len + 8);

  if (!self->started && (self->flags & CW_CSV_WRITER_BYTE_ORDER_MARK) != 0)
    g_string_append (out, UTF8_BOM);

  /* A row of one empty field would read back as a blank line. */
  if (n_fields == 1 && only_empty)
    g_string_append (out, "\"\"");
  else
    g_string_append_len (out, row->str, row->len);
  g_string_append (out, "\r\n");

  if (!g_output_stream_write_all (self->stream, out->str, out->len, NULL, cancellable, error))
    return FALSE;

  self->started = TRUE;
  self->n_rows++;

  return TRUE;
}

static void
cw_csv_writer_dispose (GObject *object)
{
  CwCsvWriter *self = CW_CSV_WRITER (object);

  g_clear_object (&self->stream);

  G_OBJECT_CLASS (cw_csv_writer_parent_class)->dispose (object);
}

static void
cw_csv_writer_finalize (GObject *object)
{
  CwCsvWriter *self = CW_CSV_WRITER (object);

  g_string_free (self->row, TRUE);

  G_OBJECT_CLASS (cw_csv_writer_parent_class)->finalize (object);
}

static void
cw_csv_writer_class_init (CwCsvWriterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cw_csv_writer_dispose;
  object_class->finalize = cw_csv_writer_finalize;
}

static void
cw_csv_writer_init (CwCsvWriter *self)
{
  self->row = g_string_new (NULL);
  self->row_only_empty = TRUE;
}

/**
 * cw_csv_writer_new:
 * @stream: where the CSV goes (a reference is kept; it is not closed)
 * @flags: CW_CSV_WRITER_NONE for no BOM and the formula defence on
 *
 * Returns: (transfer full): a writer.
 */
CwCsvWriter *
cw_csv_writer_new (GOutputStream    *stream,
                   CwCsvWriterFlags  flags)
{
  CwCsvWriter *self;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), NULL);

  self = g_object_new (CW_TYPE_CSV_WRITER, NULL);
  self->stream = g_object_ref (stream);
  self->flags = flags;

  return self;
}

gboolean
cw_csv_writer_write_row (CwCsvWriter         *self,
                         const char * const  *fields,
                         gssize               n_fields,
                         GCancellable        *cancellable,
                         GError             **error)
{
  g_autoptr(GString) row = NULL;
  gboolean only_empty = TRUE;
  gsize n;

  g_return_val_if_fail (CW_IS_CSV_WRITER (self), FALSE);
  g_return_val_if_fail (fields != NULL || n_fields <= 0, FALSE);
  g_return_val_if_fail (self->n_row_fields == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_not_finished (self, error))
    return FALSE;

  if (n_fields < 0)
    n = fields != NULL ? g_strv_length ((char **) fields) : 0;
  else
    n = (gsize) n_fields;

  for (gsize i = 0; i < n; i++)
    if (!check_field (fields[i], error))
      return FALSE;

  row = g_string_new (NULL);
  for (gsize i = 0; i < n; i++)
    {
      append_field (self, row, i, fields[i], TRUE);
      if (fields[i] != NULL && fields[i][0] != '\0')
        only_empty = FALSE;
    }

  return write_line (self, row, n, only_empty, cancellable, error);
}

gboolean
cw_csv_writer_add_field (CwCsvWriter  *self,
                         const char   *field,
                         GError      **error)
{
  g_return_val_if_fail (CW_IS_CSV_WRITER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_not_finished (self, error))
    return FALSE;

  if (!check_field (field, error))
    {
      g_string_truncate (self->row, 0);
      self->n_row_fields = 0;
      self->row_only_empty = TRUE;
      return FALSE;
    }

  append_field (self, self->row, self->n_row_fields, field, TRUE);
  self->n_row_fields++;
  if (field != NULL && field[0] != '\0')
    self->row_only_empty = FALSE;

  return TRUE;
}

/**
 * cw_csv_writer_add_int:
 *
 * Adds a number. It is written as it is: a negative number is a number, not
 * a formula, and gets no quote in front.
 */
gboolean
cw_csv_writer_add_int (CwCsvWriter  *self,
                       gint64        value,
                       GError      **error)
{
  char text[32];

  g_return_val_if_fail (CW_IS_CSV_WRITER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_not_finished (self, error))
    return FALSE;

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, value);
  append_field (self, self->row, self->n_row_fields, text, FALSE);
  self->n_row_fields++;
  self->row_only_empty = FALSE;

  return TRUE;
}

gboolean
cw_csv_writer_end_row (CwCsvWriter   *self,
                       GCancellable  *cancellable,
                       GError       **error)
{
  gboolean ok;

  g_return_val_if_fail (CW_IS_CSV_WRITER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_not_finished (self, error))
    return FALSE;

  ok = write_line (self, self->row, self->n_row_fields, self->row_only_empty,
                   cancellable, error);

  g_string_truncate (self->row, 0);
  self->n_row_fields = 0;
  self->row_only_empty = TRUE;

  return ok;
}

guint64
cw_csv_writer_get_n_rows (CwCsvWriter *self)
{
  g_return_val_if_fail (CW_IS_CSV_WRITER (self), 0);

  return self->n_rows;
}

/**
 * cw_csv_writer_finish:
 *
 * Writes the byte-order mark when it was asked for and no row was written
 * (so that even an empty export is marked UTF-8), then flushes the stream.
 * A row still being built is dropped. The writer takes no more rows.
 */
gboolean
cw_csv_writer_finish (CwCsvWriter   *self,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_return_val_if_fail (CW_IS_CSV_WRITER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_not_finished (self, error))
    return FALSE;

  self->finished = TRUE;
  g_string_truncate (self->row, 0);
  self->n_row_fields = 0;

  if (!self->started && (self->flags & CW_CSV_WRITER_BYTE_ORDER_MARK) != 0)
    {
      if (!g_output_stream_write_all (self->stream, UTF8_BOM, strlen (UTF8_BOM), NULL,
                                      cancellable, error))
        return FALSE;
      self->started = TRUE;
    }

  return g_output_stream_flush (self->stream, cancellable, error);
}
