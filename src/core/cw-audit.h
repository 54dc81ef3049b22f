/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cw-database.h"

G_BEGIN_DECLS

/*
 * The audit log: append-only (triggers refuse UPDATE and DELETE), one row
 * per action, each row carrying hash = SHA-256 (previous row's hash ||
 * canonical encoding of this row's fields, seq included). The first row's
 * previous hash is 64 '0's. The head (last seq and hash) is also kept in
 * the meta table so that removing the newest rows is found too.
 *
 * Actions (the stored text): "setup", "sign-in", "sign-in-failed",
 * "sign-out", "lock", "unlock", "view", "create", "finalise", "amend",
 * "sign-off", "export", "staff-add", "staff-change", "staff-deactivate",
 * "password-change", "password-reset", "key-rotate", "recovery-key-replace",
 * "settings-change". Later issues add more; detail is short plain text that
 * never holds case content ("Erasure keeps the fact, not the content").
 */

#define CW_TYPE_AUDIT_EVENT (cw_audit_event_get_type ())
G_DECLARE_FINAL_TYPE (CwAuditEvent, cw_audit_event, CW, AUDIT_EVENT, GObject)

gint64      cw_audit_event_get_seq            (CwAuditEvent *self);
GDateTime  *cw_audit_event_get_time           (CwAuditEvent *self);  /* UTC */
gint64      cw_audit_event_get_actor_id       (CwAuditEvent *self);  /* 0 = nobody */
const char *cw_audit_event_get_actor_username (CwAuditEvent *self);
const char *cw_audit_event_get_action         (CwAuditEvent *self);
const char *cw_audit_event_get_object_type    (CwAuditEvent *self);
const char *cw_audit_event_get_object_id      (CwAuditEvent *self);
const char *cw_audit_event_get_detail         (CwAuditEvent *self);
const char *cw_audit_event_get_hash           (CwAuditEvent *self);
char       *cw_audit_describe_action          (const char   *action); /* translated */

/* Appends one row; call inside the caller's transaction when there is one. */
gboolean    cw_audit_append                   (CwDatabase   *database,
                                               gint64        actor_id,
                                               const char   *actor_username,
                                               const char   *action,
                                               const char   *object_type,
                                               const char   *object_id,
                                               const char   *detail,
                                               GError      **error);
/* Same, with an explicit time (failed sign-ins recorded earlier). */
gboolean    cw_audit_append_at                (CwDatabase   *database,
                                               gint64        when_unix_utc,
                                               gint64        actor_id,
                                               const char   *actor_username,
                                               const char   *action,
                                               const char   *object_type,
                                               const char   *object_id,
                                               const char   *detail,
                                               GError      **error);

typedef struct
{
  gint64  n_rows;
  gint64  first_broken_seq;   /* 0 when intact */
  char   *problem;            /* translated sentence naming the row; NULL when intact */
} CwAuditVerification;

void        cw_audit_verification_free        (CwAuditVerification *v);

/* Walks the whole chain. Returns NULL only when it could not read the log. */
CwAuditVerification *cw_audit_verify          (CwDatabase   *database,
                                               GError      **error);

/* Newest first, a lazy GListModel of CwAuditEvent backed by SQL. */
GListModel *cw_audit_list                     (CwDatabase   *database);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CwAuditVerification, cw_audit_verification_free)

G_END_DECLS
