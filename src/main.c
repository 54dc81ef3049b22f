/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "casework"

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "core/cw-command-line.h"
#include "core/cw-key.h"
#include "gui/cw-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CwApplication) app = NULL;
  int status = 0;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (!cw_secure_init ())
    {
      g_printerr ("%s\n", _("Casework could not start its encryption library."));
      return 2;
    }

  /* --init and --verify need no display and no D-Bus session. */
  if (cw_command_line_run (argc, argv, &status))
    return status;

  app = cw_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
