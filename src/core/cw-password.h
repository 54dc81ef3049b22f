/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CW_PASSWORD_TOO_WEAK,    /* refused */
  CW_PASSWORD_WEAK,        /* refused */
  CW_PASSWORD_FAIR,        /* accepted */
  CW_PASSWORD_STRONG,
} CwPasswordStrength;

#define CW_PASSWORD_MIN_LENGTH 10

#define CW_PASSWORD_ERROR (cw_password_error_quark ())

typedef enum
{
  CW_PASSWORD_ERROR_WEAK,  /* refused; the message says what would make it stronger */
} CwPasswordError;

GQuark             cw_password_error_quark (void);

/* Judges a candidate password; @feedback (nullable) gets a translated
 * sentence saying what would make it stronger, or NULL when strong.
 * @username and @display_name (nullable) count against the password. */
CwPasswordStrength cw_password_strength   (const char  *password,
                                           const char  *username,
                                           const char  *display_name,
                                           char       **feedback);
gboolean           cw_password_acceptable (const char  *password,
                                           const char  *username,
                                           const char  *display_name,
                                           GError     **error);

G_END_DECLS
