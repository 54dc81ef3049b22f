/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <gio/gio.h>

#include "cw-csv-writer.h"
#include "cw-test-util.h"

typedef struct
{
  GOutputStream *stream;
  CwCsvWriter   *writer;
} Output;

static void
output_init (Output           *out,
             CwCsvWriterFlags  flags)
{
  out->stream = g_memory_output_stream_new_resizable ();
  out->writer = cw_csv_writer_new (out->stream, flags);
}

static void
output_clear (Output *out)
{
  g_clear_object (&out->writer);
  g_clear_object (&out->stream);
}

/* What has been written so far, as a string. */
static char *
output_text (Output *out)
{
  GMemoryOutputStream *memory = G_MEMORY_OUTPUT_STREAM (out->stream);
  gsize len = g_memory_output_stream_get_data_size (memory);

  return g_strndup (g_memory_output_stream_get_data (memory), len);
}

static void
write_row (Output             *out,
           const char * const *fields,
           gssize              n_fields)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cw_csv_writer_write_row (out->writer, fields, n_fields, NULL, &error));
  g_assert_no_error (error);
}

static void
assert_row (CwCsvWriterFlags    flags,
            const char * const *fields,
            gssize              n_fields,
            const char         *expected)
{
  Output out;
  g_autofree char *text = NULL;

  output_init (&out, flags);
  write_row (&out, fields, n_fields);
  text = output_text (&out);
  g_assert_cmpstr (text, ==, expected);
  output_clear (&out);
}

/* A small RFC 4180 reader, to show that what is written reads back. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      if (*p == '"')
        {
          p++;
          while (*p != '\0')
            {
              if (p[0] == '"' && p[1] == '"')
                {
                  g_string_append_c (field, '"');
                  p += 2;
                }
              else if (p[0] == '"')
                {
                  p++;
                  break;
                }
              else
                g_string_append_c (field, *p++);
            }
        }
      else if (*p == ',')
        {
          g_ptr_array_add (row, g_string_free (field, FALSE));
          field = g_string_new (NULL);
          p++;
        }
      else if (p[0] == '\r' && p[1] == '\n')
        {
          g_ptr_array_add (row, g_string_free (field, FALSE));
          field = g_string_new (NULL);
          g_ptr_array_add (rows, row);
          row = g_ptr_array_new_with_free_func (g_free);
          p += 2;
        }
      else
        {
          /* A bare CR or LF outside quotes is not RFC 4180. */
          g_assert_cmpint (*p, !=, '\r');
          g_assert_cmpint (*p, !=, '\n');
          g_string_append_c (field, *p++);
        }
    }

  g_assert_cmpuint (field->len, ==, 0);   /* every row ends in CRLF */
  g_string_free (field, TRUE);
  g_ptr_array_unref (row);

  return rows;
}

static void
test_plain (void)
{
  const char *fields[] = { "Alex", "Smith", "Keyworker", NULL };

  assert_row (CW_CSV_WRITER_NONE, fields, -1, "Alex,Smith,Keyworker\r\n");
  assert_row (CW_CSV_WRITER_NONE, fields, 2, "Alex,Smith\r\n");
}

static void
test_quoting (void)
{
  const char *fields[] = { "Smith, Alex", "said \"no\"", "\"", "plain", NULL };

  assert_row (CW_CSV_WRITER_NONE, fields, -1,
              "\"Smith, Alex\",\"said \"\"no\"\"\",\"\"\"\",plain\r\n");
}

static void
test_newlines (void)
{
  const char *fields[] = { "first line\nsecond line", "old\rMac", "both\r\nends", NULL };

  assert_row (CW_CSV_WRITER_NONE, fields, -1,
              "\"first line\nsecond line\",\"old\rMac\",\"both\r\nends\"\r\n");
}

static void
test_empty_fields (void)
{
  const char *with_null[] = { "a", NULL, "", "b" };
  const char *one_empty[] = { "" };
  const char *one_null[] = { NULL };

  assert_row (CW_CSV_WRITER_NONE, with_null, 4, "a,,,b\r\n");
  /* One empty field must not read back as a blank line. */
  assert_row (CW_CSV_WRITER_NONE, one_empty, 1, "\"\"\r\n");
  assert_row (CW_CSV_WRITER_NONE, one_null, 1, "\"\"\r\n");
  assert_row (CW_CSV_WRITER_NONE, NULL, 0, "\r\n");
}

static void
test_unicode (void)
{
  const char *fields[] = { "Zoë Brontë", "日本語", "🙂 smile", "naïve, “quoted”", NULL };

  assert_row (CW_CSV_WRITER_NONE, fields, -1,
              "Zoë Brontë,日本語,🙂 smile,\"naïve, “quoted”\"\r\n");
}

static void
test_byte_order_mark (void)
{
  const char *fields[] = { "Zoë", NULL };
  Output out;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *empty = NULL;
  g_autofree char *plain = NULL;

  /* Once at the start, not on every row. */
  output_init (&out, CW_CSV_WRITER_BYTE_ORDER_MARK);
  write_row (&out, fields, -1);
  write_row (&out, fields, -1);
  g_assert_true (cw_csv_writer_finish (out.writer, NULL, &error));
  g_assert_no_error (error);
  text = output_text (&out);
  g_assert_cmpstr (text, ==, "\xEF\xBB\xBFZoë\r\nZoë\r\n");
  output_clear (&out);

  /* An export with no rows is still marked. */
  output_init (&out, CW_CSV_WRITER_BYTE_ORDER_MARK);
  g_assert_true (cw_csv_writer_finish (out.writer, NULL, &error));
  g_assert_no_error (error);
  empty = output_text (&out);
  g_assert_cmpstr (empty, ==, "\xEF\xBB\xBF");
  output_clear (&out);

  /* Off by default. */
  output_init (&out, CW_CSV_WRITER_NONE);
  write_row (&out, fields, -1);
  g_assert_true (cw_csv_writer_finish (out.writer, NULL, &error));
  plain = output_text (&out);
  g_assert_cmpstr (plain, ==, "Zoë\r\n");
  output_clear (&out);
}

static void
test_formula_defence (void)
{
  struct {
    const char *field;
    const char *defended;
  } cases[] = {
    { "=SUM(A1:A9)", "'=SUM(A1:A9)" },
    { "=HYPERLINK(\"http://example.com\",\"x\")",
      "\"'=HYPERLINK(\"\"http://example.com\"\",\"\"x\"\")\"" },
    { "+44 1234 567890", "'+44 1234 567890" },
    { "-2+3", "'-2+3" },
    { "@SUM(1)", "'@SUM(1)" },
    { "\tindented", "'\tindented" },
    { "\rcarriage", "\"'\rcarriage\"" },
    { "=1,2", "\"'=1,2\"" },
    { "a=b", "a=b" },
    { "Mrs -", "Mrs -" },
    { "", "\"\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *fields[] = { cases[i].field };
      g_autofree char *expected = g_strconcat (cases[i].defended, "\r\n", NULL);

      assert_row (CW_CSV_WRITER_NONE, fields, 1, expected);
    }

  /* The defence can be turned off for a machine-read export. */
  {
    const char *fields[] = { "=SUM(A1)", "-5", "@x", NULL };

    assert_row (CW_CSV_WRITER_ALLOW_FORMULAS, fields, -1, "=SUM(A1),-5,@x\r\n");
  }

  /* A number added as a number is not a formula. */
  {
    Output out;
    g_autoptr(GError) error = NULL;
    g_autofree char *text = NULL;

    output_init (&out, CW_CSV_WRITER_NONE);
    g_assert_true (cw_csv_writer_add_int (out.writer, -1500, &error));
    g_assert_true (cw_csv_writer_add_field (out.writer, "-1500", &error));
    g_assert_true (cw_csv_writer_end_row (out.writer, NULL, &error));
    g_assert_no_error (error);
    text = output_text (&out);
    g_assert_cmpstr (text, ==, "-1500,'-1500\r\n");
    output_clear (&out);
  }
}

static void
test_invalid_utf8 (void)
{
  const char *good[] = { "good", "row", NULL };
  const char *bad[] = { "also good", "bad \xC3\x28 text", NULL };
  Output out;
  g_autofree char *after_bad_row = NULL;
  g_autofree char *after_bad_field = NULL;

  output_init (&out, CW_CSV_WRITER_NONE);
  write_row (&out, good, -1);

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (cw_csv_writer_write_row (out.writer, bad, -1, NULL, &error));
    g_assert_error (error, CW_CSV_ERROR, CW_CSV_ERROR_INVALID_TEXT);
  }

  /* Nothing of the refused row was written. */
  after_bad_row = output_text (&out);
  g_assert_cmpstr (after_bad_row, ==, "good,row\r\n");

  /* Field by field: the row being built is dropped. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (cw_csv_writer_add_field (out.writer, "kept?", &error));
    g_assert_false (cw_csv_writer_add_field (out.writer, "\xFF", &error));
    g_assert_error (error, CW_CSV_ERROR, CW_CSV_ERROR_INVALID_TEXT);
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (cw_csv_writer_add_field (out.writer, "next", &error));
    g_assert_true (cw_csv_writer_end_row (out.writer, NULL, &error));
    g_assert_no_error (error);
  }

  after_bad_field = output_text (&out);
  g_assert_cmpstr (after_bad_field, ==, "good,row\r\nnext\r\n");
  g_assert_cmpuint (cw_csv_writer_get_n_rows (out.writer), ==, 2);
  output_clear (&out);
}

static void
test_incremental_matches_row (void)
{
  const char *fields[] = { "Smith, Alex", "=1", "two\nlines", NULL };
  Output out;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  output_init (&out, CW_CSV_WRITER_NONE);
  for (guint i = 0; fields[i] != NULL; i++)
    g_assert_true (cw_csv_writer_add_field (out.writer, fields[i], &error));
  g_assert_true (cw_csv_writer_end_row (out.writer, NULL, &error));
  write_row (&out, fields, -1);
  g_assert_no_error (error);

  text = output_text (&out);
  g_assert_cmpstr (text, ==,
                   "\"Smith, Alex\",'=1,\"two\nlines\"\r\n"
                   "\"Smith, Alex\",'=1,\"two\nlines\"\r\n");
  output_clear (&out);
}

static void
test_round_trip (void)
{
  const char *rows[][4] = {
    { "id", "name", "note", "when" },
    { "1", "Smith, Alex", "He said \"see you\"\r\nthen left", "2024-01-02" },
    { "2", "", "Zoë — “fine”", "" },
    { "3", "tab\there", "\n", "\"\"" },
  };
  Output out;
  g_autoptr(GPtrArray) parsed = NULL;
  g_autofree char *text = NULL;

  output_init (&out, CW_CSV_WRITER_NONE);
  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    write_row (&out, rows[r], 4);

  text = output_text (&out);
  parsed = parse_csv (text);
  g_assert_cmpuint (parsed->len, ==, G_N_ELEMENTS (rows));
  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    {
      GPtrArray *row = g_ptr_array_index (parsed, r);

      g_assert_cmpuint (row->len, ==, 4);
      for (guint f = 0; f < 4; f++)
        g_assert_cmpstr (g_ptr_array_index (row, f), ==, rows[r][f]);
    }
  output_clear (&out);
}

static void
test_stream_error (void)
{
  const char *fields[] = { "a", NULL };
  Output out;
  g_autoptr(GError) error = NULL;

  output_init (&out, CW_CSV_WRITER_NONE);
  g_assert_true (g_output_stream_close (out.stream, NULL, NULL));
  g_assert_false (cw_csv_writer_write_row (out.writer, fields, -1, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_assert_cmpuint (cw_csv_writer_get_n_rows (out.writer), ==, 0);
  output_clear (&out);
}

static void
test_after_finish (void)
{
  const char *fields[] = { "a", NULL };
  Output out;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  output_init (&out, CW_CSV_WRITER_NONE);
  write_row (&out, fields, -1);
  g_assert_true (cw_csv_writer_finish (out.writer, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (cw_csv_writer_write_row (out.writer, fields, -1, NULL, &error));
  g_assert_error (error, CW_CSV_ERROR, CW_CSV_ERROR_FINISHED);

  text = output_text (&out);
  g_assert_cmpstr (text, ==, "a\r\n");
  output_clear (&out);
}

static void
test_to_file (void)
{
  g_autofree char *dir = cw_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "export.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(CwCsvWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *header[] = { "Name", "Amount", NULL };
  const char *row[] = { "Zoë", "=2+2", NULL };
  const char expected[] = "\xEF\xBB\xBFName,Amount\r\nZoë,'=2+2\r\n";

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, &error);
  g_assert_no_error (error);
  writer = cw_csv_writer_new (G_OUTPUT_STREAM (stream), CW_CSV_WRITER_BYTE_ORDER_MARK);
  g_assert_true (cw_csv_writer_write_row (writer, header, -1, NULL, &error));
  g_assert_true (cw_csv_writer_write_row (writer, row, -1, NULL, &error));
  g_assert_true (cw_csv_writer_finish (writer, NULL, &error));
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error));
  g_assert_no_error (error);

  bytes = cw_test_read_file (path);
  g_assert_nonnull (bytes);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   expected, strlen (expected));

  cw_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/csv/plain", test_plain);
  g_test_add_func ("/csv/quoting", test_quoting);
  g_test_add_func ("/csv/newlines", test_newlines);
  g_test_add_func ("/csv/empty-fields", test_empty_fields);
  g_test_add_func ("/csv/unicode", test_unicode);
  g_test_add_func ("/csv/byte-order-mark", test_byte_order_mark);
  g_test_add_func ("/csv/formula-defence", test_formula_defence);
  g_test_add_func ("/csv/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/csv/incremental-matches-row", test_incremental_matches_row);
  g_test_add_func ("/csv/round-trip", test_round_trip);
  g_test_add_func ("/csv/stream-error", test_stream_error);
  g_test_add_func ("/csv/after-finish", test_after_finish);
  g_test_add_func ("/csv/to-file", test_to_file);

  return g_test_run ();
}
