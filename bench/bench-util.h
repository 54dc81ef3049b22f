/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "cw-database.h"

G_BEGIN_DECLS

/* What the benchmark programs share. They stop at the first error: a
 * benchmark that carries on after one measures something else. */

/* Prints "PROGRAM: @what: message" and exits with status 1. */
G_NORETURN void  bench_die               (const char   *what,
                                          GError       *error);
/* bench_die() unless @ok. */
void             bench_check             (gboolean      ok,
                                          const char   *what,
                                          GError       *error);
/* A prepared statement (finalize it), or bench_die(). */
sqlite3_stmt    *bench_prepare           (CwDatabase   *database,
                                          const char   *sql);
/* Resets the peak resident set (/proc/self/clear_refs), so that
 * getrusage() reports the peak of what follows; FALSE where unsupported. */
gboolean         bench_reset_peak_memory (void);
/* "2026-11-23" */
void             bench_day_text          (char          out[11],
                                          const GDate  *day);

G_END_DECLS
