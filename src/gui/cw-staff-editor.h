/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/cw-session.h"

G_BEGIN_DECLS

/*
 * Adds a staff member (with a one-time password they change at first
 * sign-in) or edits one (the username stays). Modal, transient for
 * @parent. Save asks for the administrator's password, then calls
 * CwSession; a refusal is shown as a sentence in the editor and the form
 * keeps its values. Emits "saved" with the stored CwStaffMember, then
 * closes.
 */
#define CW_TYPE_STAFF_EDITOR (cw_staff_editor_get_type ())
G_DECLARE_FINAL_TYPE (CwStaffEditor, cw_staff_editor, CW, STAFF_EDITOR, AdwWindow)

/* @member: NULL to add someone new. */
CwStaffEditor *cw_staff_editor_new                 (CwSession     *session,
                                                    CwStaffMember *member,
                                                    GtkWindow     *parent);
/* The one-time password on the form (new staff only), or NULL. */
const char    *cw_staff_editor_get_one_time_password (CwStaffEditor *self);

/* A readable strong one-time password: groups of letters and digits from
 * libsodium's random bytes, e.g. "k7mp-3xqr-h9tf-w2nd". */
char          *cw_staff_editor_generate_password   (void);

G_END_DECLS
