/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "cw-test-util.h"

char *
cw_test_make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("casework-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
cw_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (path == NULL)
    return;

  dir = g_dir_open (path, 0, NULL);
  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) &&
              !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            cw_test_remove_tree (child);
          else
            g_unlink (child);
        }
    }
  g_rmdir (path);
}

GBytes *
cw_test_read_file (const char *path)
{
  char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return NULL;

  return g_bytes_new_take (contents, len);
}

gboolean
cw_test_file_contains (const char *path,
                       const char *needle)
{
  g_autoptr(GBytes) bytes = cw_test_read_file (path);
  gsize len = 0, needle_len = strlen (needle);
  const guint8 *data;

  if (bytes == NULL)
    return FALSE;

  data = g_bytes_get_data (bytes, &len);
  if (needle_len == 0 || len < needle_len)
    return FALSE;

  return memmem (data, len, needle, needle_len) != NULL;
}

const char *
cw_test_casework_path (void)
{
  const char *path = g_getenv ("CW_TEST_CASEWORK");

  g_assert_nonnull (path);
  return path;
}

gboolean
cw_test_keyring_available (void)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  gboolean has_owner = FALSE;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  if (bus != NULL)
    reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                         "org.freedesktop.DBus", "NameHasOwner",
                                         g_variant_new ("(s)", "org.freedesktop.secrets"),
                                         G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE,
                                         2000, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &has_owner);

  if (!has_owner && g_strcmp0 (g_getenv ("CW_TEST_REQUIRE_KEYRING"), "1") == 0)
    g_error ("No Secret Service on the session bus, but CW_TEST_REQUIRE_KEYRING=1");

  return has_owner;
}
