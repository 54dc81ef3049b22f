/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CW_TYPE_APPLICATION (cw_application_get_type ())
G_DECLARE_FINAL_TYPE (CwApplication, cw_application, CW, APPLICATION, AdwApplication)

CwApplication *cw_application_new               (void);
/* The database this instance works on: --database, else the GSettings
 * "database-path", else $XDG_DATA_HOME/casework/casework.db. */
const char    *cw_application_get_database_path (CwApplication *self);

G_END_DECLS
