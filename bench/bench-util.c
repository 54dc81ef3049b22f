/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>

#include "cw-database-private.h"
#include "bench-util.h"

void
bench_die (const char *what,
           GError     *error)
{
  g_printerr ("%s: %s: %s\n", g_get_prgname () != NULL ? g_get_prgname () : "bench", what,
              error != NULL ? error->message : "failed");
  exit (1);
}

void
bench_check (gboolean    ok,
             const char *what,
             GError     *error)
{
  if (!ok)
    bench_die (what, error);
}

sqlite3_stmt *
bench_prepare (CwDatabase *database,
               const char *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = cw_database_prepare (database, sql, &error);

  if (stmt == NULL)
    bench_die (sql, error);
  return stmt;
}

gboolean
bench_reset_peak_memory (void)
{
  return g_file_set_contents_full ("/proc/self/clear_refs", "5", 1, G_FILE_SET_CONTENTS_NONE,
                                   0600, NULL);
}

void
bench_day_text (char         out[11],
                const GDate *day)
{
  g_snprintf (out, 11, "%04u-%02u-%02u", g_date_get_year (day), g_date_get_month (day),
              g_date_get_day (day));
}
