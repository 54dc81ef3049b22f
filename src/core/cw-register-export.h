/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cw-contact-register.h"
#include "cw-gift-register.h"
#include "cw-photo-consent.h"

G_BEGIN_DECLS

/*
 * CSV export of a filtered register list: exactly the rows the list with
 * the same filter shows the signed-in person (current versions, newest
 * first), one header row first, written with CwCsvWriter (UTF-8 with a
 * byte-order mark, CRLF, formula-injection defence on). A child's name is
 * written only where the list would show it.
 *
 * Exporting takes the person's password again (step-up,
 * cw_session_confirm_password()) and is audited as "export" (object type
 * "gift-register", "contact-register" or "photo-consent-register"; detail:
 * the number of rows and the filter by ids and dates, never content). An
 * export that fails part-way is audited too, as incomplete. The stream is
 * not closed.
 *
 * @n_rows_out (optional) gets the number of data rows written.
 */
gboolean cw_register_export_gifts          (CwGiftRegister             *gifts,
                                            const CwGiftFilter         *filter,
                                            const char                 *password,
                                            GOutputStream              *stream,
                                            guint64                    *n_rows_out,
                                            GCancellable               *cancellable,
                                            GError                    **error);
gboolean cw_register_export_contacts       (CwContactRegister          *contacts,
                                            const CwContactFilter      *filter,
                                            const char                 *password,
                                            GOutputStream              *stream,
                                            guint64                    *n_rows_out,
                                            GCancellable               *cancellable,
                                            GError                    **error);
gboolean cw_register_export_photo_consents (CwPhotoConsentRegister     *consents,
                                            const CwPhotoConsentFilter *filter,
                                            const char                 *password,
                                            GOutputStream              *stream,
                                            guint64                    *n_rows_out,
                                            GCancellable               *cancellable,
                                            GError                    **error);

G_END_DECLS
