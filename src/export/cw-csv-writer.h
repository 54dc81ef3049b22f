/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * CwCsvWriter: writes RFC 4180 CSV to a GOutputStream.
 *
 * Rows end in CRLF; a field holding a comma, a double quote, CR or LF is put
 * in double quotes, with quotes inside doubled. Text must be UTF-8: a row
 * with invalid UTF-8 is refused whole (CW_CSV_ERROR_INVALID_TEXT) and
 * nothing of it is written.
 *
 * Spreadsheet formula injection: unless CW_CSV_WRITER_ALLOW_FORMULAS is
 * given, a field starting with '=', '+', '-', '@', a tab or CR gets a single
 * quote (') in front, so that a spreadsheet shows it as text instead of
 * running it.
 *
 * The writer does not close the stream; cw_csv_writer_finish() flushes it.
 */

#define CW_CSV_ERROR (cw_csv_error_quark ())

typedef enum
{
  CW_CSV_ERROR_INVALID_TEXT,   /* a field is not valid UTF-8 */
  CW_CSV_ERROR_FINISHED,       /* written to after cw_csv_writer_finish() */
} CwCsvError;

typedef enum /*< flags >*/
{
  CW_CSV_WRITER_NONE            = 0,
  CW_CSV_WRITER_BYTE_ORDER_MARK = 1 << 0,  /* start with a UTF-8 BOM (for Excel) */
  CW_CSV_WRITER_ALLOW_FORMULAS  = 1 << 1,  /* turn the formula-injection defence off */
} CwCsvWriterFlags;

#define CW_TYPE_CSV_WRITER (cw_csv_writer_get_type ())
G_DECLARE_FINAL_TYPE (CwCsvWriter, cw_csv_writer, CW, CSV_WRITER, GObject)

GQuark        cw_csv_error_quark         (void);

CwCsvWriter  *cw_csv_writer_new          (GOutputStream     *stream,
                                          CwCsvWriterFlags   flags);

/* Writes one row. @fields has @n_fields entries, or is NULL-terminated when
 * @n_fields is -1; a NULL entry (with @n_fields ≥ 0) is an empty field. */
gboolean      cw_csv_writer_write_row    (CwCsvWriter       *self,
                                          const char * const *fields,
                                          gssize             n_fields,
                                          GCancellable      *cancellable,
                                          GError           **error);

/* Builds a row field by field; cw_csv_writer_end_row() writes it. A field
 * that is not valid UTF-8 is refused and the row being built is dropped. */
gboolean      cw_csv_writer_add_field    (CwCsvWriter       *self,
                                          const char        *field,
                                          GError           **error);
gboolean      cw_csv_writer_add_int      (CwCsvWriter       *self,
                                          gint64             value,
                                          GError           **error);
gboolean      cw_csv_writer_end_row      (CwCsvWriter       *self,
                                          GCancellable      *cancellable,
                                          GError           **error);

/* Rows written so far. */
guint64       cw_csv_writer_get_n_rows   (CwCsvWriter       *self);

/* Writes the byte-order mark if nothing was written yet, then flushes. */
gboolean      cw_csv_writer_finish       (CwCsvWriter       *self,
                                          GCancellable      *cancellable,
                                          GError           **error);

G_END_DECLS
