/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/cw-session.h"

G_BEGIN_DECLS

/*
 * The audit log, newest first, in a column view over the lazy SQL model,
 * with a row count and "Verify Audit Log" (the hash chain is walked in a
 * worker thread). For the DSL and administrators. "folded" shows a back
 * button for the main view's narrow layout.
 */
#define CW_TYPE_AUDIT_PAGE (cw_audit_page_get_type ())
G_DECLARE_FINAL_TYPE (CwAuditPage, cw_audit_page, CW, AUDIT_PAGE, GtkWidget)

GtkWidget *cw_audit_page_new     (CwSession   *session);
/* Re-reads the log (new rows since the page was built). */
void       cw_audit_page_reload  (CwAuditPage *self);

G_END_DECLS
