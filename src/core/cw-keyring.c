/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-keyring"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "cw-keyring.h"

/*
 * The desktop keyring remembers one thing per staff member and database:
 * the slot's unlock key (see cw-vault.h), as 64 hex characters. Never the
 * password, never the master key.
 *
 * Look-ups search WITHOUT asking the keyring to unlock, so that "nothing
 * stored" and "stored but locked" can be told apart (libsecret's simple
 * password look-up answers NULL for both once an unlock prompt is
 * dismissed). When the item is locked, the keyring is asked to unlock it,
 * which may show the desktop's unlock prompt; a dismissed or failed prompt
 * is reported as CW_KEYRING_ERROR_LOCKED.
 */

typedef struct
{
  char *database_uuid;
  char *username;
} LookupData;

G_DEFINE_QUARK (cw-keyring-error-quark, cw_keyring_error)

static const SecretSchema *
cw_keyring_get_schema (void)
{
  static const SecretSchema schema = {
    CW_KEYRING_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { "database-uuid", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };

  return &schema;
}

static void
lookup_data_free (LookupData *data)
{
  g_free (data->database_uuid);
  g_free (data->username);
  g_free (data);
}

static void
set_not_stored_error (GError **error)
{
  g_set_error_literal (error, CW_KEYRING_ERROR, CW_KEYRING_ERROR_NOT_STORED,
                       _("This computer does not remember a sign-in for you on this "
                         "database. Sign in with your password."));
}

static void
set_locked_error (GError **error)
{
  g_set_error_literal (error, CW_KEYRING_ERROR, CW_KEYRING_ERROR_LOCKED,
                       _("The keyring on this computer is locked, so the remembered sign-in "
                         "could not be used. Unlock the keyring, or sign in with your "
                         "password."));
}

static void
set_no_service_error (GError **error)
{
  g_set_error_literal (error, CW_KEYRING_ERROR, CW_KEYRING_ERROR_NO_SERVICE,
                       _("There is no keyring service on this computer, so sign-ins cannot "
                         "be remembered here. Sign in with your password."));
}

static gboolean
is_no_service_error (const GError *error)
{
  if (error->domain == G_IO_ERROR)
    return error->code != G_IO_ERROR_CANCELLED;

  if (error->domain == G_SPAWN_ERROR)
    return TRUE;

  if (error->domain == G_DBUS_ERROR)
    {
      switch (error->code)
        {
        case G_DBUS_ERROR_SERVICE_UNKNOWN:
        case G_DBUS_ERROR_NAME_HAS_NO_OWNER:
        case G_DBUS_ERROR_NO_SERVER:
        case G_DBUS_ERROR_NO_REPLY:
        case G_DBUS_ERROR_IO_ERROR:
        case G_DBUS_ERROR_BAD_ADDRESS:
        case G_DBUS_ERROR_NOT_SUPPORTED:
        case G_DBUS_ERROR_TIMEOUT:
        case G_DBUS_ERROR_TIMED_OUT:
        case G_DBUS_ERROR_DISCONNECTED:
        case G_DBUS_ERROR_FILE_NOT_FOUND:
        case G_DBUS_ERROR_UNKNOWN_METHOD:
        case G_DBUS_ERROR_UNKNOWN_OBJECT:
        case G_DBUS_ERROR_UNKNOWN_INTERFACE:
        case G_DBUS_ERROR_SPAWN_EXEC_FAILED:
        case G_DBUS_ERROR_SPAWN_FORK_FAILED:
        case G_DBUS_ERROR_SPAWN_CHILD_EXITED:
        case G_DBUS_ERROR_SPAWN_CHILD_SIGNALED:
        case G_DBUS_ERROR_SPAWN_FAILED:
        case G_DBUS_ERROR_SPAWN_SETUP_FAILED:
        case G_DBUS_ERROR_SPAWN_CONFIG_INVALID:
        case G_DBUS_ERROR_SPAWN_SERVICE_INVALID:
        case G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND:
        case G_DBUS_ERROR_SPAWN_PERMISSIONS_INVALID:
        case G_DBUS_ERROR_SPAWN_FILE_INVALID:
        case G_DBUS_ERROR_SPAWN_NO_MEMORY:
          return TRUE;
        default:
          return FALSE;
        }
    }

  return FALSE;
}

/* Turns a libsecret, D-Bus or GIO error into one of ours (cancellation
 * stays G_IO_ERROR_CANCELLED). Takes @source. */
static void
propagate_secret_error (GError  *source,
                        GError **error)
{
  g_autoptr(GError) owned = source;

  g_debug ("Keyring error: %s", source->message);

  if (g_error_matches (source, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_steal_pointer (&owned));
  else if (g_error_matches (source, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    set_locked_error (error);
  else if (is_no_service_error (source))
    set_no_service_error (error);
  else
    g_set_error_literal (error, CW_KEYRING_ERROR, CW_KEYRING_ERROR_FAILED,
                         _("The keyring on this computer could not be used. Sign in with "
                           "your password."));
}

/* Without a session bus address GLib would try X11 autolaunching, which
 * can spawn a bus or wait; with nothing to talk to, say so at once. */
static gboolean
session_bus_may_exist (void)
{
  const char *address = g_getenv ("DBUS_SESSION_BUS_ADDRESS");
  const char *runtime_dir = g_getenv ("XDG_RUNTIME_DIR");

  if (address != NULL && address[0] != '\0')
    return TRUE;

  if (runtime_dir != NULL && runtime_dir[0] != '\0')
    {
      g_autofree char *socket_path = g_build_filename (runtime_dir, "bus", NULL);

      if (g_file_test (socket_path, G_FILE_TEST_EXISTS))
        return TRUE;
    }

  return FALSE;
}

static SecretService *
get_service (GCancellable  *cancellable,
             GError       **error)
{
  GError *local_error = NULL;
  SecretService *service;

  if (!session_bus_may_exist ())
    {
      set_no_service_error (error);
      return NULL;
    }

  /* Opening a session proves that a Secret Service answers. */
  service = secret_service_get_sync (SECRET_SERVICE_OPEN_SESSION, cancellable, &local_error);
  if (service == NULL)
    {
      propagate_secret_error (local_error, error);
      return NULL;
    }

  return service;
}

static GHashTable *
build_attributes (const char *database_uuid,
                  const char *username)
{
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_hash_table_insert (attributes, g_strdup ("database-uuid"), g_strdup (database_uuid));
  if (username != NULL)
    g_hash_table_insert (attributes, g_strdup ("username"), g_strdup (username));

  return attributes;
}

static void
free_item_list (GList *items)
{
  g_list_free_full (items, g_object_unref);
}

static CwKey *
key_from_secret (SecretValue  *value,
                 GError      **error)
{
  const char *text;
  CwKey *key = NULL;

  text = value != NULL ? secret_value_get_text (value) : NULL;
  if (text != NULL)
    key = cw_key_new_from_hex (text);

  if (key == NULL)
    g_set_error_literal (error, CW_KEYRING_ERROR, CW_KEYRING_ERROR_FAILED,
                         _("The sign-in remembered on this computer is damaged. Sign in with "
                           "your password."));

  return key;
}

static void
lookup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  LookupData *data = task_data;
  GError *error = NULL;
  CwKey *key;

  key = cw_keyring_lookup (data->database_uuid, data->username, cancellable, &error);
  if (key != NULL)
    g_task_return_pointer (task, key, (GDestroyNotify) cw_key_free);
  else
    g_task_return_error (task, error);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/**
 * cw_keyring_lookup:
 *
 * Finds the unlock key remembered for @username on the database
 * @database_uuid. May show the desktop's keyring unlock prompt.
 *
 * Returns: the unlock key, or %NULL with CW_KEYRING_ERROR_NOT_STORED,
 *   _LOCKED, _NO_SERVICE or _FAILED (or G_IO_ERROR_CANCELLED).
 */
CwKey *
cw_keyring_lookup (const char    *database_uuid,
                   const char    *username,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(SecretValue) value = NULL;
  GList *items;
  GError *local_error = NULL;
  SecretItem *found = NULL;
  CwKey *key;

  g_return_val_if_fail (database_uuid != NULL, NULL);
  g_return_val_if_fail (username != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  service = get_service (cancellable, error);
  if (service == NULL)
    return NULL;

  attributes = build_attributes (database_uuid, username);
  items = secret_service_search_sync (service, cw_keyring_get_schema (), attributes,
                                      SECRET_SEARCH_ALL, cancellable, &local_error);
  if (local_error != NULL)
    {
      propagate_secret_error (local_error, error);
      return NULL;
    }

  if (items == NULL)
    {
      set_not_stored_error (error);
      return NULL;
    }

  for (GList *l = items; l != NULL && found == NULL; l = l->next)
    if (!secret_item_get_locked (l->data))
      found = g_object_ref (l->data);

  if (found == NULL)
    {
      GList *unlocked = NULL;

      /* May show the desktop's prompt; dismissing it unlocks nothing. */
      secret_service_unlock_sync (service, items, cancellable, &unlocked, &local_error);
      if (local_error != NULL)
        {
          free_item_list (items);
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            propagate_secret_error (local_error, error);
          else
            {
              g_debug ("Unlocking the keyring failed: %s", local_error->message);
              g_clear_error (&local_error);
              set_locked_error (error);
            }
          return NULL;
        }

      if (unlocked != NULL)
        found = g_object_ref (unlocked->data);
      free_item_list (unlocked);
    }

  free_item_list (items);

  if (found == NULL)
    {
      set_locked_error (error);
      return NULL;
    }

  if (!secret_item_load_secret_sync (found, cancellable, &local_error))
    {
      g_object_unref (found);
      propagate_secret_error (local_error, error);
      return NULL;
    }

  value = secret_item_get_secret (found);
  g_object_unref (found);

  if (value == NULL)
    {
      set_locked_error (error);
      return NULL;
    }

  key = key_from_secret (value, error);
  return key;
}

void
cw_keyring_lookup_async (const char          *database_uuid,
                         const char          *username,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LookupData *data;

  g_return_if_fail (database_uuid != NULL);
  g_return_if_fail (username != NULL);

  data = g_new0 (LookupData, 1);
  data->database_uuid = g_strdup (database_uuid);
  data->username = g_strdup (username);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cw_keyring_lookup_async);
  g_task_set_task_data (task, data, (GDestroyNotify) lookup_data_free);
  g_task_run_in_thread (task, lookup_thread);
}

CwKey *
cw_keyring_lookup_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cw_keyring_lookup_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * cw_keyring_list_usernames:
 *
 * Returns: (transfer full): the usernames remembered for @database_uuid,
 *   sorted, or %NULL with an error.
 */
GStrv
cw_keyring_list_usernames (const char    *database_uuid,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GPtrArray) usernames = NULL;
  GError *local_error = NULL;
  GList *items;

  g_return_val_if_fail (database_uuid != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  service = get_service (cancellable, error);
  if (service == NULL)
    return NULL;

  attributes = build_attributes (database_uuid, NULL);
  items = secret_service_search_sync (service, cw_keyring_get_schema (), attributes,
                                      SECRET_SEARCH_ALL, cancellable, &local_error);
  if (local_error != NULL)
    {
      propagate_secret_error (local_error, error);
      return NULL;
    }

  usernames = g_ptr_array_new_with_free_func (g_free);
  for (GList *l = items; l != NULL; l = l->next)
    {
      g_autoptr(GHashTable) item_attributes = secret_item_get_attributes (l->data);
      const char *username = NULL;

      if (item_attributes != NULL)
        username = g_hash_table_lookup (item_attributes, "username");

      if (username != NULL && username[0] != '\0' &&
          !g_ptr_array_find_with_equal_func (usernames, username, g_str_equal, NULL))
        g_ptr_array_add (usernames, g_strdup (username));
    }
  free_item_list (items);

  g_ptr_array_sort (usernames, compare_strings);
  g_ptr_array_add (usernames, NULL);

  return (GStrv) g_ptr_array_free (g_steal_pointer (&usernames), FALSE);
}

/**
 * cw_keyring_store:
 *
 * Remembers @unlock_key for @username on @database_uuid in the default
 * keyring, replacing what was there.
 */
gboolean
cw_keyring_store (const char    *database_uuid,
                  const char    *username,
                  const char    *organisation,
                  const CwKey   *unlock_key,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(SecretValue) value = NULL;
  g_autofree char *label = NULL;
  GError *local_error = NULL;
  char *hex;

  g_return_val_if_fail (database_uuid != NULL, FALSE);
  g_return_val_if_fail (username != NULL, FALSE);
  g_return_val_if_fail (unlock_key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  service = get_service (cancellable, error);
  if (service == NULL)
    return FALSE;

  if (organisation != NULL && organisation[0] != '\0')
    /* Translators: the keyring item's label, e.g. "Casework sign-in for
     * jsmith (Hillside Children's Services)" */
    label = g_strdup_printf (_("Casework sign-in for %s (%s)"), username, organisation);
  else
    label = g_strdup_printf (_("Casework sign-in for %s"), username);

  hex = cw_key_to_hex (unlock_key);
  value = secret_value_new (hex, -1, "text/plain");
  cw_secure_wipe_string (hex);
  g_free (hex);

  attributes = build_attributes (database_uuid, username);
  if (!secret_service_store_sync (service, cw_keyring_get_schema (), attributes,
                                  SECRET_COLLECTION_DEFAULT, label, value, cancellable,
                                  &local_error))
    {
      if (local_error == NULL)
        set_locked_error (error);
      else
        propagate_secret_error (local_error, error);
      return FALSE;
    }

  return TRUE;
}

gboolean
cw_keyring_clear (const char    *database_uuid,
                  const char    *username,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (database_uuid != NULL, FALSE);
  g_return_val_if_fail (username != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  service = get_service (cancellable, error);
  if (service == NULL)
    return FALSE;

  attributes = build_attributes (database_uuid, username);

  /* FALSE without an error means there was nothing to remove. */
  if (!secret_service_clear_sync (service, cw_keyring_get_schema (), attributes, cancellable,
                                  &local_error) &&
      local_error != NULL)
    {
      propagate_secret_error (local_error, error);
      return FALSE;
    }

  return TRUE;
}
