/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cw-sign-off-repository.h"

G_BEGIN_DECLS

/*
 * For the chronology, which reads the sign-off state of a page of notes in
 * its own query and must say it in the same words as the sign-off
 * repository.
 */

/* sign_off_requests.state as stored ("waiting", "signed-off", …);
 * CW_SIGN_OFF_STATE_NONE for anything else. */
CwSignOffState cw_sign_off_state_from_id   (const char     *id);

/* "awaiting sign-off (3 days)", "signed off by Sam Patel on 24 Nov 2026",
 * … ; "" for CW_SIGN_OFF_STATE_NONE. Days are counted between the local
 * calendar days of @queued_at and @now; @event_time (nullable) is when it
 * was signed. */
char          *cw_sign_off_describe_state  (CwSignOffState  state,
                                            GDateTime      *queued_at,
                                            GDateTime      *now,
                                            const char     *signer_name,
                                            GDateTime      *event_time);

G_END_DECLS
