/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "cw-database.h"

G_BEGIN_DECLS

/* For repositories in src/core only: SQL stays in their files. */
sqlite3      *cw_database_get_handle   (CwDatabase   *self);

/* Prepares @sql; on failure sets a CW_DATABASE_ERROR and returns NULL. */
sqlite3_stmt *cw_database_prepare      (CwDatabase   *self,
                                        const char   *sql,
                                        GError      **error);

/* Steps a statement that returns no rows to SQLITE_DONE; maps errors. */
gboolean      cw_database_step_done    (CwDatabase   *self,
                                        sqlite3_stmt *stmt,
                                        GError      **error);

/* Turns an SQLite result code into a CW_DATABASE_ERROR with a human message. */
void          cw_database_set_error    (CwDatabase   *self,
                                        GError      **error,
                                        int           rc,
                                        const char   *context);

gint64        cw_database_last_insert_rowid (CwDatabase *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS
