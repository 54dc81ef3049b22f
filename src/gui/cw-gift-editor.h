/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/cw-gift-register.h"
#include "core/cw-session.h"

G_BEGIN_DECLS

/*
 * Declares a gift or hospitality, or corrects a declaration: the date,
 * received or given, the child (from the children the signed-in person may
 * see) and/or the family member and their relationship, description,
 * estimated value, cash, group collection, occasion and, for gifts given,
 * the agreed plan (which, agreed with whom) and whether the same was given
 * to all. Before saving it shows the flags the gift will raise with the
 * organisation's settings, and that it goes to the line manager for a
 * decision. A correction needs a reason. Modal, transient for @parent.
 * Save calls CwGiftRegister; a problem or refusal is shown as a sentence
 * above the form and everything typed stays. Emits "saved" with the
 * declaration's id, then closes.
 *
 * Buildable ids (for tests): "date_row", "date_feedback_label",
 * "direction_row", "child_row" holding "child_chooser" (a CwChildChooser),
 * "family_name_row", "relationship_row",
 * "description_row", "value_row", "value_feedback_label", "cash_switch",
 * "group_switch", "occasion_row", "plan_switch", "plan_name_row",
 * "plan_agreed_with_row", "same_to_all_switch", "reason_row",
 * "flags_box", "flags_banner", "flags_banner_label", "error_label",
 * "save_button".
 */
#define CW_TYPE_GIFT_EDITOR (cw_gift_editor_get_type ())
G_DECLARE_FINAL_TYPE (CwGiftEditor, cw_gift_editor, CW, GIFT_EDITOR, AdwWindow)

/* @gift_or_null: the current version of a declaration to correct (the
 * form opens prefilled and asks for the reason), or NULL to declare a new
 * one. Returns (transfer none) a window, not yet shown. */
GtkWidget *cw_gift_editor_new          (CwSession         *session,
                                        CwGiftDeclaration *gift_or_null,
                                        GtkWindow         *parent);

/*
 * Reads an amount of money typed in pounds: "25", "£25", "25.5", "£1,250.00",
 * or pence as "50p". FALSE with a sentence in @error (G_IO_ERROR_INVALID_DATA)
 * for anything else, a negative amount, more than two figures of pence or
 * more than £1,000,000.00.
 */
gboolean   cw_gift_editor_parse_value  (const char        *text,
                                        gint64            *pence_out,
                                        GError           **error);

G_END_DECLS
