/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Command-line actions that need no display and no D-Bus session:
 *   casework --database PATH --init --organisation NAME --admin USERNAME
 *            --admin-name "Display Name" [--password-stdin]
 *   casework --database PATH --verify [--user USERNAME] [--password-stdin]
 *
 * Returns TRUE when @argv asked for one of them (then *exit_status is set:
 * 0 success / intact, 1 verification found a broken audit chain or a
 * signed-off judgement changed since it was signed, 2 any other
 * failure with a sentence on stderr); FALSE when the GUI should start.
 * Options it does not know are left for the application.
 */
gboolean cw_command_line_run (int    argc,
                              char **argv,
                              int   *exit_status);

G_END_DECLS
