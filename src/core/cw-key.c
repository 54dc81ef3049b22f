/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-key"

#include "config.h"

#include <string.h>
#include <sodium.h>
#include <sys/resource.h>
#include <sys/prctl.h>

#include "cw-key.h"

struct _CwKey
{
  guint8 *data;   /* sodium_malloc, CW_KEY_SIZE bytes */
};

/*
 * cw_secure_init:
 *
 * Initialises libsodium. In release builds it also stops the process from
 * writing core dumps, which would carry key material and case content.
 * Returns %FALSE if libsodium cannot be initialised.
 */
gboolean
cw_secure_init (void)
{
  if (sodium_init () < 0)
    return FALSE;

#if CW_RELEASE
  {
    struct rlimit no_core = { 0, 0 };

    setrlimit (RLIMIT_CORE, &no_core);
    prctl (PR_SET_DUMPABLE, 0, 0, 0, 0);
  }
#endif

  return TRUE;
}

static CwKey *
cw_key_alloc (void)
{
  CwKey *key;

  if (sodium_init () < 0)
    return NULL;

  key = g_new0 (CwKey, 1);
  key->data = sodium_malloc (CW_KEY_SIZE);
  if (key->data == NULL)
    {
      g_free (key);
      return NULL;
    }

  return key;
}

CwKey *
cw_key_new_random (void)
{
  CwKey *key = cw_key_alloc ();

  if (key != NULL)
    randombytes_buf (key->data, CW_KEY_SIZE);

  return key;
}

CwKey *
cw_key_new_from_data (const guint8 *data,
                      gsize         len)
{
  CwKey *key;

  g_return_val_if_fail (data != NULL, NULL);

  if (len != CW_KEY_SIZE)
    return NULL;

  key = cw_key_alloc ();
  if (key != NULL)
    memcpy (key->data, data, CW_KEY_SIZE);

  return key;
}

CwKey *
cw_key_new_from_hex (const char *hex)
{
  CwKey *key;
  size_t bin_len = 0;
  const char *end = NULL;

  g_return_val_if_fail (hex != NULL, NULL);

  if (strlen (hex) != CW_KEY_SIZE * 2)
    return NULL;

  key = cw_key_alloc ();
  if (key == NULL)
    return NULL;

  if (sodium_hex2bin (key->data, CW_KEY_SIZE, hex, strlen (hex), NULL, &bin_len, &end) != 0 ||
      bin_len != CW_KEY_SIZE || *end != '\0')
    {
      cw_key_free (key);
      return NULL;
    }

  return key;
}

CwKey *
cw_key_copy (const CwKey *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  return cw_key_new_from_data (key->data, CW_KEY_SIZE);
}

const guint8 *
cw_key_get_data (const CwKey *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  return key->data;
}

/*
 * cw_key_to_hex:
 *
 * Returns the key as lower-case hex in ordinary memory, for PRAGMA key and
 * the keyring. Wipe it with cw_secure_wipe_string() before g_free().
 */
char *
cw_key_to_hex (const CwKey *key)
{
  char *hex;

  g_return_val_if_fail (key != NULL, NULL);

  hex = g_malloc (CW_KEY_SIZE * 2 + 1);
  sodium_bin2hex (hex, CW_KEY_SIZE * 2 + 1, key->data, CW_KEY_SIZE);

  return hex;
}

gboolean
cw_key_equal (const CwKey *a,
              const CwKey *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return sodium_memcmp (a->data, b->data, CW_KEY_SIZE) == 0;
}

void
cw_key_free (CwKey *key)
{
  if (key == NULL)
    return;

  sodium_free (key->data);   /* sodium_free wipes before releasing */
  g_free (key);
}

/* Wipes a NUL-terminated string in place (passwords, hex keys). */
void
cw_secure_wipe_string (char *str)
{
  if (str != NULL)
    sodium_memzero (str, strlen (str));
}
