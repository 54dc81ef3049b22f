/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CW_KEY_SIZE 32

/*
 * CwKey: 32 bytes of key material in sodium_malloc() memory (guarded pages,
 * locked against swapping). Freeing wipes it. Never copy the bytes into
 * ordinary memory for longer than a call.
 */
typedef struct _CwKey CwKey;

gboolean      cw_secure_init      (void);
CwKey        *cw_key_new_random   (void);
CwKey        *cw_key_new_from_data (const guint8 *data,
                                    gsize         len);
CwKey        *cw_key_new_from_hex  (const char   *hex);
CwKey        *cw_key_copy         (const CwKey  *key);
const guint8 *cw_key_get_data     (const CwKey  *key);
char         *cw_key_to_hex       (const CwKey  *key);
gboolean      cw_key_equal        (const CwKey  *a,
                                   const CwKey  *b);
void          cw_key_free         (CwKey        *key);
void          cw_secure_wipe_string (char       *str);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CwKey, cw_key_free)

G_END_DECLS
