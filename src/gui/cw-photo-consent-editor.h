/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/cw-child.h"
#include "core/cw-photo-consent.h"
#include "core/cw-session.h"

G_BEGIN_DECLS

/*
 * Records a child's photo consent, or corrects one (a new version, with a
 * reason): the child (from those the signed-in person may see, with the
 * age rule for that child explained), who consented and their
 * relationship, the written consent form, the child's own agreement, each
 * purpose granted or refused, the naming rule, the dates, how long images
 * are kept and the never-publish safeguarding flag. Modal, transient for
 * @parent. Save checks the form, then CwPhotoConsentRegister; a problem is
 * shown as a sentence above the form, the field is marked, and
 * everything typed stays. Emits "saved" with the record's id, then closes.
 *
 * Buildable ids (for tests): "child_row" holding "child_chooser" (a
 * CwChildChooser, locked for a correction), "age_rule_label",
 * "consenter_row", "relationship_row", "written_switch",
 * "form_reference_row", "agreement_row", "agreed_on_row",
 * "purpose_<purpose id>" (such as "purpose_social-media"), "naming_row",
 * "date_given_row", "review_date_row", "retention_row",
 * "never_publish_switch", "reason_row" (corrections only), "save_button",
 * "error_label".
 */
#define CW_TYPE_PHOTO_CONSENT_EDITOR (cw_photo_consent_editor_get_type ())
G_DECLARE_FINAL_TYPE (CwPhotoConsentEditor, cw_photo_consent_editor, CW, PHOTO_CONSENT_EDITOR,
                      AdwWindow)

/* @consent_or_null: the current version to correct, or NULL to record a
 * new consent; @child_id: the child to start with for a new one (0 =
 * none). Returns (transfer none) a window, not yet shown. */
GtkWidget  *cw_photo_consent_editor_new       (CwSession      *session,
                                               CwPhotoConsent *consent_or_null,
                                               gint64          child_id,
                                               GtkWindow      *parent);

/* Whose consent the age rule asks for, for @child on @on, in a sentence
 * (from cw_photo_consent_decide()). */
char       *cw_photo_describe_age_rule  (CwChild        *child,
                                          const GDate    *on);

G_END_DECLS
