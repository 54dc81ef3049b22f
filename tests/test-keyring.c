/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <libsecret/secret.h>

#include "cw-key.h"
#include "cw-keyring.h"
#include "cw-vault.h"
#include "cw-test-util.h"

/*
 * These tests talk to the real gnome-keyring daemon on the session bus
 * (build-aux/test starts one, unlocked). Each test uses databases UUIDs of
 * its own, so runs do not disturb one another, and clears what it stored.
 *
 * The "locked" test does not lock the shared login keyring (nobody could
 * unlock it again without its password): it makes a collection of its own
 * with a known password through gnome-keyring's prompt-free interface,
 * stores an item there, locks it, and deletes it afterwards.
 */

#define SECRETS_NAME        "org.freedesktop.secrets"
#define SECRETS_PATH        "/org/freedesktop/secrets"
#define SERVICE_INTERFACE   "org.freedesktop.Secret.Service"
#define COLLECTION_IFACE    "org.freedesktop.Secret.Collection"
#define GNOME_KEYRING_IFACE "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface"
#define TEST_COLLECTION_PASSWORD "casework test collection"

/* The same schema CwKeyring documents: name and attributes. */
static const SecretSchema casework_schema = {
  CW_KEYRING_SCHEMA_NAME, SECRET_SCHEMA_NONE,
  {
    { "database-uuid", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
  0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
};

static gboolean
keyring_or_skip (void)
{
  /* Fails (does not skip) when CW_TEST_REQUIRE_KEYRING=1. */
  if (cw_test_keyring_available ())
    return TRUE;

  g_test_skip ("No Secret Service on the session bus");
  return FALSE;
}

static char *
stored_secret (const char *database_uuid,
               const char *username)
{
  g_autoptr(GError) error = NULL;
  char *secret = secret_password_lookup_sync (&casework_schema, NULL, &error,
                                              "database-uuid", database_uuid,
                                              "username", username,
                                              NULL);

  g_assert_no_error (error);
  return secret;
}

static void
store (const char  *database_uuid,
       const char  *username,
       const CwKey *key)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cw_keyring_store (database_uuid, username, "Hillside Children's Services",
                                   key, NULL, &error));
  g_assert_no_error (error);
}

static void
clear (const char *database_uuid,
       const char *username)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cw_keyring_clear (database_uuid, username, NULL, &error));
  g_assert_no_error (error);
}

static void
assert_not_stored (const char *database_uuid,
                   const char *username)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwKey) key = cw_keyring_lookup (database_uuid, username, NULL, &error);

  g_assert_error (error, CW_KEYRING_ERROR, CW_KEYRING_ERROR_NOT_STORED);
  g_assert_null (key);
  g_assert_cmpuint (strlen (error->message), >, 10);
}

static void
lookup_ready_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
  g_main_context_wakeup (NULL);
}

/* Store with a real vault's unlock key: the keyring gets that key's hex,
 * not the password and not the master key. */
static void
test_keyring_store_lookup (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *recovery = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *unlock_hex = NULL;
  g_autofree char *master_hex = NULL;
  g_autoptr(CwKey) master = cw_key_new_random ();
  g_autoptr(CwKey) unlock_key = NULL;
  g_autoptr(CwKey) found = NULL;
  g_autoptr(CwKey) found_async = NULL;
  g_autoptr(CwKey) replacement = cw_key_new_random ();
  g_autoptr(CwKey) found_replacement = NULL;
  g_autoptr(CwVault) vault = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_auto(GStrv) usernames = NULL;
  GList *items;
  const char *password = "velvet turnip harbour lantern";

  if (!keyring_or_skip ())
    return;

  dir = cw_test_make_tmpdir ();
  path = g_build_filename (dir, "team.db.keys", NULL);
  vault = cw_vault_create (path, uuid, master, &recovery, &error);
  g_assert_no_error (error);
  g_assert_true (cw_vault_add_password_slot (vault, master, "alice", password, &error));
  g_assert_no_error (error);
  unlock_key = cw_vault_derive_unlock_key (vault, "alice", password, &error);
  g_assert_no_error (error);

  assert_not_stored (uuid, "alice");
  store (uuid, "alice", unlock_key);

  found = cw_keyring_lookup (uuid, "alice", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_true (cw_key_equal (found, unlock_key));

  /* What the keyring holds is exactly the unlock key in hex. */
  secret = stored_secret (uuid, "alice");
  unlock_hex = cw_key_to_hex (unlock_key);
  master_hex = cw_key_to_hex (master);
  g_assert_cmpstr (secret, ==, unlock_hex);
  g_assert_cmpstr (secret, !=, master_hex);
  g_assert_cmpstr (secret, !=, password);
  g_assert_null (strstr (secret, password));

  /* And the found key really opens the database's master key. */
  {
    g_autoptr(CwKey) opened = cw_vault_open_master_key (vault, "alice", found, &error);

    g_assert_no_error (error);
    g_assert_true (cw_key_equal (opened, master));
  }

  /* The item is labelled for people reading their keyring. */
  attributes = secret_attributes_build (&casework_schema, "database-uuid", uuid,
                                        "username", "alice", NULL);
  items = secret_service_search_sync (NULL, &casework_schema, attributes, SECRET_SEARCH_ALL,
                                      NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  {
    g_autofree char *label = secret_item_get_label (items->data);

    g_assert_cmpstr (label, ==, "Casework sign-in for alice (Hillside Children's Services)");
  }
  g_list_free_full (items, g_object_unref);

  /* The asynchronous look-up finds the same. */
  cw_keyring_lookup_async (uuid, "alice", NULL, lookup_ready_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  found_async = cw_keyring_lookup_finish (result, &error);
  g_assert_no_error (error);
  g_assert_true (cw_key_equal (found_async, unlock_key));

  /* Storing again replaces, it does not add a second item. */
  store (uuid, "alice", replacement);
  found_replacement = cw_keyring_lookup (uuid, "alice", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cw_key_equal (found_replacement, replacement));
  usernames = cw_keyring_list_usernames (uuid, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (usernames), ==, 1);

  clear (uuid, "alice");
  cw_secure_wipe_string (secret);
  cw_secure_wipe_string (unlock_hex);
  cw_secure_wipe_string (master_hex);
  cw_test_remove_tree (dir);
}

static void
test_keyring_list_usernames (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *other_uuid = g_uuid_string_random ();
  g_autofree char *empty_uuid = g_uuid_string_random ();
  g_autoptr(CwKey) key = cw_key_new_random ();
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) other_names = NULL;
  g_auto(GStrv) no_names = NULL;

  if (!keyring_or_skip ())
    return;

  store (uuid, "bob", key);
  store (uuid, "alice", key);
  store (other_uuid, "carol", key);

  names = cw_keyring_list_usernames (uuid, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (names);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[0], ==, "alice");
  g_assert_cmpstr (names[1], ==, "bob");

  other_names = cw_keyring_list_usernames (other_uuid, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (other_names), ==, 1);
  g_assert_cmpstr (other_names[0], ==, "carol");

  no_names = cw_keyring_list_usernames (empty_uuid, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (no_names);
  g_assert_cmpuint (g_strv_length (no_names), ==, 0);

  clear (uuid, "alice");
  clear (uuid, "bob");
  clear (other_uuid, "carol");
}

static void
test_keyring_clear (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autoptr(CwKey) key = cw_key_new_random ();
  g_autoptr(CwKey) still = NULL;
  g_autofree char *gone = NULL;
  g_auto(GStrv) names = NULL;

  if (!keyring_or_skip ())
    return;

  store (uuid, "alice", key);
  store (uuid, "bob", key);

  clear (uuid, "alice");
  assert_not_stored (uuid, "alice");
  gone = stored_secret (uuid, "alice");
  g_assert_null (gone);

  /* Clearing what is not there is not an error. */
  clear (uuid, "alice");
  clear (uuid, "nobody");

  /* Only that person was forgotten. */
  still = cw_keyring_lookup (uuid, "bob", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cw_key_equal (still, key));
  names = cw_keyring_list_usernames (uuid, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (names), ==, 1);
  g_assert_cmpstr (names[0], ==, "bob");

  clear (uuid, "bob");
}

static void
test_keyring_other_database (void)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *other_uuid = g_uuid_string_random ();
  g_autoptr(CwKey) key = cw_key_new_random ();

  if (!keyring_or_skip ())
    return;

  store (uuid, "alice", key);
  assert_not_stored (other_uuid, "alice");
  assert_not_stored (uuid, "alicia");
  clear (uuid, "alice");
}

static GDBusConnection *
session_bus (void)
{
  g_autoptr(GError) error = NULL;
  GDBusConnection *bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);

  g_assert_no_error (error);
  return bus;
}

static GVariant *
call (GDBusConnection *bus,
      const char      *path,
      const char      *interface,
      const char      *method,
      GVariant        *parameters,
      const char      *reply_type)
{
  g_autoptr(GError) error = NULL;
  GVariant *reply;

  reply = g_dbus_connection_call_sync (bus, SECRETS_NAME, path, interface, method, parameters,
                                       G_VARIANT_TYPE (reply_type), G_DBUS_CALL_FLAGS_NONE,
                                       10000, NULL, &error);
  g_assert_no_error (error);
  return reply;
}

/* A "plain" session of our own, for passing the collection password. */
static char *
open_plain_session (GDBusConnection *bus)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) output = NULL;
  char *session = NULL;

  reply = call (bus, SECRETS_PATH, SERVICE_INTERFACE, "OpenSession",
                g_variant_new ("(sv)", "plain", g_variant_new_string ("")), "(vo)");
  g_variant_get (reply, "(vo)", &output, &session);
  return session;
}

static GVariant *
plain_secret (const char *session,
              const char *password)
{
  return g_variant_new ("(o@ay@ays)", session,
                        g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, "", 0, 1),
                        g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, password,
                                                   strlen (password), 1),
                        "text/plain");
}

static char *
create_test_collection (GDBusConnection *bus,
                        const char      *session)
{
  g_autoptr(GVariant) reply = NULL;
  GVariantBuilder properties;
  char *collection = NULL;

  g_variant_builder_init (&properties, G_VARIANT_TYPE ("a{sv}"));
  g_variant_builder_add (&properties, "{sv}", COLLECTION_IFACE ".Label",
                         g_variant_new_string ("Casework test (locked)"));
  reply = call (bus, SECRETS_PATH, GNOME_KEYRING_IFACE, "CreateWithMasterPassword",
                g_variant_new ("(a{sv}@(oayays))", &properties,
                               plain_secret (session, TEST_COLLECTION_PASSWORD)),
                "(o)");
  g_variant_get (reply, "(o)", &collection);
  return collection;
}

static void
lock_collection (GDBusConnection *bus,
                 const char      *collection)
{
  const char *objects[] = { collection, NULL };
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) locked = NULL;
  g_autofree char *prompt = NULL;

  reply = call (bus, SECRETS_PATH, SERVICE_INTERFACE, "Lock",
                g_variant_new ("(^ao)", objects), "(aoo)");
  g_variant_get (reply, "(@aoo)", &locked, &prompt);
  g_assert_cmpstr (prompt, ==, "/");
  g_assert_cmpuint (g_variant_n_children (locked), ==, 1);
}

static void
delete_test_collection (GDBusConnection *bus,
                        const char      *session,
                        const char      *collection)
{
  g_autoptr(GVariant) unlocked = NULL;
  g_autoptr(GVariant) deleted = NULL;
  g_autofree char *prompt = NULL;

  unlocked = call (bus, SECRETS_PATH, GNOME_KEYRING_IFACE, "UnlockWithMasterPassword",
                   g_variant_new ("(o@(oayays))", collection,
                                  plain_secret (session, TEST_COLLECTION_PASSWORD)),
                   "()");
  deleted = call (bus, collection, COLLECTION_IFACE, "Delete", NULL, "(o)");
  g_variant_get (deleted, "(o)", &prompt);
  g_assert_cmpstr (prompt, ==, "/");
}

/* The unlock prompt must not appear on a display where nobody answers it:
 * the prompter that gnome-keyring starts gets no display, so the prompt
 * fails at once, as when a user dismisses it. */
static void
hide_display_from_prompter (GDBusConnection *bus)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  GVariantBuilder environment;

  g_variant_builder_init (&environment, G_VARIANT_TYPE ("a{ss}"));
  g_variant_builder_add (&environment, "{ss}", "DISPLAY", "");
  g_variant_builder_add (&environment, "{ss}", "WAYLAND_DISPLAY", "");
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "UpdateActivationEnvironment",
                                       g_variant_new ("(a{ss})", &environment), NULL,
                                       G_DBUS_CALL_FLAGS_NONE, 10000, NULL, &error);
  if (error != NULL)
    g_test_message ("Could not change the activation environment: %s", error->message);
}

static void
restore_display_for_prompter (GDBusConnection *bus)
{
  g_autoptr(GVariant) reply = NULL;
  GVariantBuilder environment;

  g_variant_builder_init (&environment, G_VARIANT_TYPE ("a{ss}"));
  g_variant_builder_add (&environment, "{ss}", "DISPLAY",
                         g_getenv ("DISPLAY") != NULL ? g_getenv ("DISPLAY") : "");
  g_variant_builder_add (&environment, "{ss}", "WAYLAND_DISPLAY",
                         g_getenv ("WAYLAND_DISPLAY") != NULL ? g_getenv ("WAYLAND_DISPLAY")
                                                              : "");
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "UpdateActivationEnvironment",
                                       g_variant_new ("(a{ss})", &environment), NULL,
                                       G_DBUS_CALL_FLAGS_NONE, 10000, NULL, NULL);
}

/* Runs in a child process, so that a prompt that nobody answers would
 * end in a failed test, not a hang. */
static void
locked_lookup_child (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwKey) key = NULL;
  g_autofree char *plain = NULL;
  const char *uuid = g_getenv ("CW_TEST_LOCKED_UUID");

  g_assert_nonnull (uuid);

  /* libsecret's simple look-up cannot tell this from "not stored" ... */
  plain = secret_password_lookup_sync (&casework_schema, NULL, &error,
                                       "database-uuid", uuid, "username", "alice", NULL);
  g_assert_no_error (error);
  g_assert_null (plain);

  /* ... CwKeyring can. */
  key = cw_keyring_lookup (uuid, "alice", NULL, &error);
  g_assert_error (error, CW_KEYRING_ERROR, CW_KEYRING_ERROR_LOCKED);
  g_assert_null (key);
  g_print ("%s\n", error->message);
  g_clear_error (&error);

  /* Something never stored is still "not stored". */
  assert_not_stored (uuid, "bob");
}

static void
test_keyring_locked (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(CwKey) key = cw_key_new_random ();
  g_autofree char *uuid = NULL;
  g_autofree char *session = NULL;
  g_autofree char *collection = NULL;
  g_autofree char *hex = NULL;

  if (g_test_subprocess ())
    {
      locked_lookup_child ();
      return;
    }

  if (!keyring_or_skip ())
    return;

  uuid = g_uuid_string_random ();
  bus = session_bus ();
  session = open_plain_session (bus);
  collection = create_test_collection (bus, session);

  hex = cw_key_to_hex (key);
  secret_password_store_sync (&casework_schema, collection, "Casework test item", hex, NULL,
                              &error, "database-uuid", uuid, "username", "alice", NULL);
  g_assert_no_error (error);
  cw_secure_wipe_string (hex);

  lock_collection (bus, collection);
  hide_display_from_prompter (bus);

  g_setenv ("CW_TEST_LOCKED_UUID", uuid, TRUE);
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);

  restore_display_for_prompter (bus);
  delete_test_collection (bus, session, collection);

  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*keyring on this computer is locked*");
}

/* Runs in a child process: the session bus address is process-wide. */
static void
test_keyring_no_service_bad_address (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwKey) key = cw_key_new_random ();
  g_autoptr(CwKey) found = NULL;
  g_auto(GStrv) names = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      g_test_trap_assert_stdout ("*no keyring service*");
      return;
    }

  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/casework-test/bus", TRUE);
  g_unsetenv ("DISPLAY");
  g_unsetenv ("WAYLAND_DISPLAY");

  found = cw_keyring_lookup ("9d7c1c52-8d7b-4f0e-a9b1-2b8f3f0c6d11", "alice", NULL, &error);
  g_assert_error (error, CW_KEYRING_ERROR, CW_KEYRING_ERROR_NO_SERVICE);
  g_assert_null (found);
  g_print ("%s\n", error->message);
  g_clear_error (&error);

  g_assert_false (cw_keyring_store ("9d7c1c52-8d7b-4f0e-a9b1-2b8f3f0c6d11", "alice", "Org",
                                    key, NULL, &error));
  g_assert_error (error, CW_KEYRING_ERROR, CW_KEYRING_ERROR_NO_SERVICE);
  g_clear_error (&error);

  names = cw_keyring_list_usernames ("9d7c1c52-8d7b-4f0e-a9b1-2b8f3f0c6d11", NULL, &error);
  g_assert_error (error, CW_KEYRING_ERROR, CW_KEYRING_ERROR_NO_SERVICE);
  g_assert_null (names);
  g_clear_error (&error);

  g_assert_false (cw_keyring_clear ("9d7c1c52-8d7b-4f0e-a9b1-2b8f3f0c6d11", "alice", NULL,
                                    &error));
  g_assert_error (error, CW_KEYRING_ERROR, CW_KEYRING_ERROR_NO_SERVICE);
}

/* No bus address, no $XDG_RUNTIME_DIR/bus and no display at all:
 * NO_SERVICE at once, with no attempt to start a bus. */
static void
test_keyring_no_service_no_bus (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CwKey) found = NULL;
  g_autofree char *runtime_dir = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  runtime_dir = cw_test_make_tmpdir ();
  g_setenv ("XDG_RUNTIME_DIR", runtime_dir, TRUE);
  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  g_unsetenv ("DISPLAY");
  g_unsetenv ("WAYLAND_DISPLAY");

  found = cw_keyring_lookup ("9d7c1c52-8d7b-4f0e-a9b1-2b8f3f0c6d11", "alice", NULL, &error);
  g_assert_error (error, CW_KEYRING_ERROR, CW_KEYRING_ERROR_NO_SERVICE);
  g_assert_null (found);
  cw_test_remove_tree (runtime_dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_assert_true (cw_secure_init ());

  g_test_add_func ("/keyring/store-lookup", test_keyring_store_lookup);
  g_test_add_func ("/keyring/list-usernames", test_keyring_list_usernames);
  g_test_add_func ("/keyring/clear", test_keyring_clear);
  g_test_add_func ("/keyring/other-database", test_keyring_other_database);
  g_test_add_func ("/keyring/locked", test_keyring_locked);
  g_test_add_func ("/keyring/no-service/bad-address", test_keyring_no_service_bad_address);
  g_test_add_func ("/keyring/no-service/no-bus", test_keyring_no_service_no_bus);

  return g_test_run ();
}
