/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/cw-child.h"
#include "core/cw-session.h"

G_BEGIN_DECLS

/*
 * Creates a child's record or edits one: case reference, names, date of
 * birth with its precision, gender, ethnicity, first language, religion,
 * disability, legal status, allocated worker (only those the signed-in
 * person may allocate to) and the adults around the child. Modal,
 * transient for @parent. Save calls CwChildRepository; a refusal is shown
 * as a sentence above the form and everything typed stays. Emits "saved"
 * with the child's id, then closes.
 */
#define CW_TYPE_CHILD_EDITOR (cw_child_editor_get_type ())
G_DECLARE_FINAL_TYPE (CwChildEditor, cw_child_editor, CW, CHILD_EDITOR, AdwWindow)

/* @child_or_null: the stored record to edit (opened with its adults), or
 * NULL for a new one. Returns (transfer none) a window, not yet shown. */
GtkWidget *cw_child_editor_new          (CwSession     *session,
                                         CwChild       *child_or_null,
                                         GtkWindow     *parent);

/*
 * Reads a date typed as day/month/year ("14/03/2015"; "-" or "." may
 * separate, the year has four digits). On success fills @date_out; on
 * failure returns FALSE with a sentence in @error (CW_CHILD_ERROR_INVALID)
 * that says what is wrong ("There is no 31 February 2020: February 2020
 * has 29 days."). A date after @today is refused too.
 */
gboolean   cw_child_editor_parse_date   (const char    *text,
                                         const GDate   *today,
                                         GDate         *date_out,
                                         GError       **error);

G_END_DECLS
