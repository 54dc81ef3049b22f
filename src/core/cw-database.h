/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cw-key.h"

G_BEGIN_DECLS

#define CW_DATABASE_ERROR (cw_database_error_quark ())

/* Every code has a message a social worker can read (see cw-database.c). */
typedef enum
{
  CW_DATABASE_ERROR_NOT_FOUND,     /* no file at that path */
  CW_DATABASE_ERROR_EXISTS,        /* create: a file is already there */
  CW_DATABASE_ERROR_WRONG_KEY,     /* a Casework database that this key does not open */
  CW_DATABASE_ERROR_NOT_CASEWORK,  /* plain SQLite, random bytes, empty file, another app's */
  CW_DATABASE_ERROR_DAMAGED,       /* truncated or corrupt */
  CW_DATABASE_ERROR_TOO_NEW,       /* schema newer than this build understands */
  CW_DATABASE_ERROR_IN_USE,        /* another process (or connection) has it open */
  CW_DATABASE_ERROR_DISK_FULL,
  CW_DATABASE_ERROR_READ_ONLY,
  CW_DATABASE_ERROR_NOT_SQLCIPHER, /* linked SQLite has no encryption */
  CW_DATABASE_ERROR_REFUSED,       /* a constraint or trigger refused the change */
  CW_DATABASE_ERROR_CLOSED,        /* used after cw_database_close() (e.g. locked) */
  CW_DATABASE_ERROR_FAILED,
} CwDatabaseError;

/* The PRAGMA application_id of every Casework database ("CWRK"). */
#define CW_DATABASE_APPLICATION_ID 0x4357524b

#define CW_TYPE_DATABASE (cw_database_get_type ())
G_DECLARE_FINAL_TYPE (CwDatabase, cw_database, CW, DATABASE, GObject)

GQuark      cw_database_error_quark           (void);
int         cw_database_get_latest_schema_version (void);

CwDatabase *cw_database_create                (const char  *path,
                                               const CwKey *key,
                                               GError     **error);
CwDatabase *cw_database_open                  (const char  *path,
                                               const CwKey *key,
                                               GError     **error);
void        cw_database_close                 (CwDatabase  *self);
gboolean    cw_database_is_open               (CwDatabase  *self);
const char *cw_database_get_path              (CwDatabase  *self);
int         cw_database_get_schema_version    (CwDatabase  *self);
const char *cw_database_get_uuid              (CwDatabase  *self);
/* SQLCipher's version as the open connection reports it; NULL when closed. */
const char *cw_database_get_cipher_version    (CwDatabase  *self);

gboolean    cw_database_begin                 (CwDatabase  *self,
                                               GError     **error);
gboolean    cw_database_commit                (CwDatabase  *self,
                                               GError     **error);
void        cw_database_rollback              (CwDatabase  *self);
gboolean    cw_database_exec                  (CwDatabase  *self,
                                               const char  *sql,
                                               GError     **error);

char       *cw_database_get_meta              (CwDatabase  *self,
                                               const char  *key);
gboolean    cw_database_set_meta              (CwDatabase  *self,
                                               const char  *key,
                                               const char  *value,
                                               GError     **error);

gboolean    cw_database_rekey                 (CwDatabase  *self,
                                               const CwKey *new_key,
                                               GError     **error);

G_END_DECLS
