/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/cw-contact-register.h"
#include "core/cw-session.h"
#include "cw-register-ui.h"

G_BEGIN_DECLS

/*
 * CwContactEditor: the form for recording a contact with a child or family,
 * or for correcting one the signed-in person recorded (a new version with a
 * required reason). A modal AdwWindow that validates as it is filled in,
 * shows before saving which flags the contact will raise, and keeps
 * everything typed when saving fails. Emits "saved" (the contact's id) and
 * closes once the register has stored it.
 *
 * Buildable ids (for tests): "date_row", "time_row", "when_feedback_label",
 * "child_row" holding "child_chooser" (a CwChildChooser), "party_row", "party_name_row",
 * "witness_row", "channel_row", "device_row", "initiator_row",
 * "planned_switch", "purpose_row", "approval_row", "summary_view",
 * "follow_up_view", "chronology_switch", "reason_row", "flags_box",
 * "validation_label", "error_label", "save_button".
 *
 * The combo rows list "Choose…" first, then the core's values in the order
 * of their enums (device: work, personal, none).
 */
#define CW_TYPE_CONTACT_EDITOR (cw_contact_editor_get_type ())
G_DECLARE_FINAL_TYPE (CwContactEditor, cw_contact_editor, CW, CONTACT_EDITOR, AdwWindow)

/* @correct_or_null: the current version to correct (the recorder only), or
 * NULL to record a new contact. Returns (transfer none): a new editor, not
 * yet shown, destroyed when closed (and with @parent). */
GtkWidget *cw_contact_editor_new (CwSession         *session,
                                  CwContactRegister *contacts,
                                  CwContactRecord   *correct_or_null,
                                  GtkWindow         *parent);

/*
 * The child picker of the contacts page's request dialog: a CwChildChooser
 * (its parts are named as cw-register-ui.h says) that says "No child" and
 * shows the case reference. Kept so that the page's calls stay as they
 * are; new code uses CwChildChooser.
 */
typedef CwChildChooser CwContactChildPicker;
#define CW_TYPE_CONTACT_CHILD_PICKER CW_TYPE_CHILD_CHOOSER
#define CW_CONTACT_CHILD_PICKER(obj) CW_CHILD_CHOOSER (obj)

GtkWidget *cw_contact_child_picker_new          (CwSession            *session);
gint64     cw_contact_child_picker_get_child_id (CwContactChildPicker *self);
/* A child the person may not see stays chosen (cw_child_chooser_set_stored_child()). */
void       cw_contact_child_picker_set_child_id (CwContactChildPicker *self,
                                                 gint64                child_id);

/* "Monday to Friday, 08:00 to 18:00" */
char      *cw_contact_describe_working_hours    (const CwWorkingHours *hours);
/* "Monday 14 April 2025 at 21:30" */
char      *cw_contact_describe_when             (CwContactRecord      *record);

G_END_DECLS
