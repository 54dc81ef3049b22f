/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "core/cw-session.h"
#include "cw-page-util.h"

G_BEGIN_DECLS

/*
 * Photo consent: the consents the signed-in person may see, filtered (reviews due,
 * withdrawn), with a detail pane; recording, correcting and withdrawing consent; and the
 * check "May I use an image of this child for this purpose today?" with every reason.
 * Emits "changed" after anything is recorded (the main view refreshes its counts).
 */
#define CW_TYPE_PHOTO_CONSENT_PAGE (cw_photo_consent_page_get_type ())
G_DECLARE_FINAL_TYPE (CwPhotoConsentPage, cw_photo_consent_page, CW, PHOTO_CONSENT_PAGE, CwPage)

GtkWidget *cw_photo_consent_page_new    (CwSession *session);
/* Re-reads the list and the selected row. */
void       cw_photo_consent_page_reload (CwPhotoConsentPage *self);

G_END_DECLS
