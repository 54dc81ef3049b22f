/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-command-line"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gi18n.h>

#include "cw-audit.h"
#include "cw-command-line.h"
#include "cw-keyring.h"
#include "cw-session.h"
#include "cw-sign-off-repository.h"

/*
 * casework --init and casework --verify: plain GLib, no GTK, no display and
 * no D-Bus session needed (the keyring is tried for --verify, and any
 * keyring failure only means the password is asked for).
 *
 * --help: when --init or --verify is on the command line, --help prints the
 * help for these actions here. Otherwise this file ignores --help and the
 * application (GApplication) answers it.
 *
 * Exit status: 0 success (or an intact audit log), 1 the audit log is
 * broken, 2 anything else, with "casework: <sentence>" on standard error.
 */

#define EXIT_OK     0
#define EXIT_BROKEN 1
#define EXIT_FAILED 2

#define PASSWORD_MAX_BYTES 1024

typedef struct
{
  char     *database;
  char     *organisation;
  char     *admin;
  char     *admin_name;
  char     *user;
  gboolean  init;
  gboolean  verify;
  gboolean  password_stdin;
} Options;

static void
options_clear (Options *options)
{
  g_clear_pointer (&options->database, g_free);
  g_clear_pointer (&options->organisation, g_free);
  g_clear_pointer (&options->admin, g_free);
  g_clear_pointer (&options->admin_name, g_free);
  g_clear_pointer (&options->user, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

/* Terminal echo, restored if the person presses Ctrl+C at the prompt. */
static struct termios saved_termios;
static volatile sig_atomic_t echo_is_off;

/* Static helpers ---------------------------------------------------------- */

static void
print_failure (const char *message)
{
  g_printerr ("casework: %s\n", message);
}

static void
restore_echo (void)
{
  if (echo_is_off)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_termios);
      echo_is_off = 0;
    }
}

static void
interrupted_at_prompt (int signum)
{
  restore_echo ();
  signal (signum, SIG_DFL);
  raise (signum);
}

static void
wipe_password (char **password)
{
  if (*password != NULL)
    {
      cw_secure_wipe_string (*password);
      g_clear_pointer (password, g_free);
    }
}

/*
 * Reads one line from @fd without stdio (so no copy stays in a stdio
 * buffer). The newline and a carriage return before it are dropped and
 * zeroed. Returns NULL with a sentence in @error when nothing could be read
 * or the line is too long.
 */
static char *
read_password_line (int      fd,
                    GError **error)
{
  char *buffer = g_malloc0 (PASSWORD_MAX_BYTES + 1);
  gsize len = 0;
  gboolean got_newline = FALSE;

  while (!got_newline)
    {
      char c;
      ssize_t n = read (fd, &c, 1);

      if (n < 0 && errno == EINTR)
        continue;

      if (n < 0)
        {
          int saved_errno = errno;

          cw_secure_wipe_string (buffer);
          g_free (buffer);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("The password could not be read: %s."), g_strerror (saved_errno));
          return NULL;
        }

      if (n == 0)
        break;

      if (c == '\n')
        {
          got_newline = TRUE;
          c = '\0';
          break;
        }

      if (len == PASSWORD_MAX_BYTES)
        {
          cw_secure_wipe_string (buffer);
          g_free (buffer);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The password is too long: use at most %d characters."),
                       PASSWORD_MAX_BYTES);
          return NULL;
        }

      buffer[len++] = c;
      c = '\0';
    }

  if (len > 0 && buffer[len - 1] == '\r')
    buffer[--len] = '\0';

  if (len == 0)
    {
      g_free (buffer);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("No password was given."));
      return NULL;
    }

  return buffer;
}

/* Prompts on standard error and reads standard input with echo off. */
static char *
prompt_password (const char  *prompt,
                 GError     **error)
{
  struct termios quiet;
  struct sigaction action = { 0 }, old_int, old_term;
  char *password;

  if (tcgetattr (STDIN_FILENO, &saved_termios) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The terminal does not allow typing a password without "
                             "showing it."));
      return NULL;
    }

  action.sa_handler = interrupted_at_prompt;
  sigemptyset (&action.sa_mask);
  sigaction (SIGINT, &action, &old_int);
  sigaction (SIGTERM, &action, &old_term);

  quiet = saved_termios;
  quiet.c_lflag &= ~(ECHO | ECHONL);
  quiet.c_lflag |= ICANON;
  echo_is_off = 1;
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);

  g_printerr ("%s", prompt);
  password = read_password_line (STDIN_FILENO, error);
  g_printerr ("\n");

  restore_echo ();
  sigaction (SIGINT, &old_int, NULL);
  sigaction (SIGTERM, &old_term, NULL);

  return password;
}

/* The password from --password-stdin, else from the terminal. With
 * @twice the terminal asks again to catch a typing mistake. */
static char *
get_password (const Options  *options,
              const char     *prompt,
              gboolean        twice,
              GError        **error)
{
  char *password;
  char *again;

  if (options->password_stdin)
    return read_password_line (STDIN_FILENO, error);

  if (!isatty (STDIN_FILENO))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("No password: standard input is not a terminal. Give the "
                             "password on standard input with --password-stdin."));
      return NULL;
    }

  password = prompt_password (prompt, error);
  if (password == NULL || !twice)
    return password;

  again = prompt_password (_("Type the password again: "), error);
  if (again == NULL)
    {
      wipe_password (&password);
      return NULL;
    }

  if (strcmp (password, again) != 0)
    {
      wipe_password (&password);
      wipe_password (&again);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The two passwords are not the same."));
      return NULL;
    }

  wipe_password (&again);
  return password;
}

/* --database, else the GSettings "database-path" (when the schema is
 * installed), else casework.db in the user data folder: as the application. */
static char *
default_database_path (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autofree char *path = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);

  if (schema != NULL && g_settings_schema_has_key (schema, "database-path"))
    {
      g_autoptr(GSettings) settings = g_settings_new_full (schema, NULL, NULL);

      path = g_settings_get_string (settings, "database-path");
    }

  if (path == NULL || path[0] == '\0')
    {
      g_free (path);
      path = g_build_filename (g_get_user_data_dir (), "casework", "casework.db", NULL);
    }

  return g_steal_pointer (&path);
}

static int
run_init (const Options *options)
{
  g_autoptr(CwSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *recovery_key = NULL;
  g_autofree char *prompt = NULL;
  g_autofree char *organisation = NULL;
  char *password;

  if (options->database == NULL || options->organisation == NULL ||
      options->admin == NULL || options->admin_name == NULL)
    {
      print_failure (_("--init needs --database, --organisation, --admin and --admin-name."));
      return EXIT_FAILED;
    }

  prompt = g_strdup_printf (_("New password for %s: "), options->admin);
  password = get_password (options, prompt, TRUE, &error);
  if (password == NULL)
    {
      print_failure (error->message);
      return EXIT_FAILED;
    }

  session = cw_session_create_database (options->database, options->organisation,
                                        options->admin, options->admin_name, password,
                                        &recovery_key, &error);
  wipe_password (&password);

  if (session == NULL)
    {
      print_failure (error->message);
      return EXIT_FAILED;
    }

  organisation = cw_session_get_organisation (session);
  g_print (_("Casework database created for %s at %s.\n"), organisation, options->database);
  g_print ("\n%s\n\n    %s\n\n", _("Recovery key:"), recovery_key);
  g_print ("%s\n", _("Write this recovery key down and keep it somewhere safe, away from this "
                     "computer. It opens the database if every administrator’s password is "
                     "lost. Casework will not show it again."));
  fflush (stdout);

  cw_secure_wipe_string (recovery_key);
  cw_session_sign_out (session);

  return EXIT_OK;
}

/* Keyring first (any keyring failure only means asking for the password),
 * then the password. */
static CwSession *
sign_in_for_verify (const Options  *options,
                    const char     *database_path,
                    GError        **error)
{
  g_autofree char *uuid = NULL;
  g_autofree char *username = NULL;
  g_autofree char *prompt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(CwKey) unlock_key = NULL;
  CwSession *session;
  char *password;

  uuid = cw_session_peek_database_uuid (database_path, error);
  if (uuid == NULL)
    return NULL;

  if (options->user != NULL)
    username = g_strdup (options->user);
  else
    {
      g_auto(GStrv) remembered = cw_keyring_list_usernames (uuid, NULL, &local_error);

      if (remembered == NULL)
        g_debug ("No remembered usernames: %s", local_error->message);
      else if (g_strv_length (remembered) == 1)
        username = g_strdup (remembered[0]);

      g_clear_error (&local_error);
    }

  if (username == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Say which account to sign in with, using --user USERNAME."));
      return NULL;
    }

  unlock_key = cw_keyring_lookup (uuid, username, NULL, &local_error);
  if (unlock_key != NULL)
    {
      session = cw_session_sign_in_with_unlock_key (database_path, username, unlock_key,
                                                    &local_error);
      if (session != NULL)
        return session;

      /* A remembered key that no longer fits: ask for the password instead. */
      if (local_error->domain != CW_VAULT_ERROR)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  g_debug ("Not signing in from the keyring: %s",
           local_error != NULL ? local_error->message : "");
  g_clear_error (&local_error);

  prompt = g_strdup_printf (_("Password for %s: "), username);
  password = get_password (options, prompt, FALSE, error);
  if (password == NULL)
    return NULL;

  session = cw_session_sign_in_with_password (database_path, username, password, error);
  wipe_password (&password);

  return session;
}

static int
run_verify (const Options *options)
{
  g_autoptr(CwSession) session = NULL;
  g_autoptr(CwAuditVerification) verification = NULL;
  g_autoptr(CwSignOffVerification) sign_offs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *database_path = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *sign_off_detail = NULL;
  int status;

  database_path = options->database != NULL ? g_strdup (options->database)
                                            : default_database_path ();

  session = sign_in_for_verify (options, database_path, &error);
  if (session == NULL)
    {
      print_failure (error->message);
      return EXIT_FAILED;
    }

  if (!cw_session_require (session, CW_PERMISSION_VIEW_AUDIT, &error))
    {
      print_failure (error->message);
      cw_session_sign_out (session);
      return EXIT_FAILED;
    }

  verification = cw_audit_verify (cw_session_get_database (session), &error);
  if (verification == NULL)
    {
      print_failure (error->message);
      cw_session_sign_out (session);
      return EXIT_FAILED;
    }

  if (verification->first_broken_seq == 0)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, verification->n_rows);

      g_print (g_dngettext (GETTEXT_PACKAGE, "Audit log intact: %s entry checked.\n",
                            "Audit log intact: %s entries checked.\n",
                            (gulong) verification->n_rows),
               count);
      detail = g_strdup_printf (_("intact: %lld entries checked"),
                                (long long) verification->n_rows);
      status = EXIT_OK;
    }
  else
    {
      g_print (_("Audit log broken: %s\n"),
               verification->problem != NULL ? verification->problem : "");
      detail = g_strdup_printf (_("broken at entry %lld"),
                                (long long) verification->first_broken_seq);
      status = EXIT_BROKEN;
    }

  /* Every sign-off still matches what was signed. */
  sign_offs = cw_sign_off_verify (cw_session_get_database (session), &error);
  if (sign_offs == NULL)
    {
      print_failure (error->message);
      cw_session_sign_out (session);
      return EXIT_FAILED;
    }

  if (sign_offs->first_broken_event == 0)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, sign_offs->n_events);

      g_print (g_dngettext (GETTEXT_PACKAGE, "Sign-offs unchanged: %s sign-off checked.\n",
                            "Sign-offs unchanged: %s sign-offs checked.\n",
                            (gulong) sign_offs->n_events),
               count);
      sign_off_detail = g_strdup_printf (_("%s; sign-offs unchanged"), detail);
    }
  else
    {
      g_print (_("Sign-offs changed: %s\n"),
               sign_offs->problem != NULL ? sign_offs->problem : "");
      sign_off_detail = g_strdup_printf (_("%s; sign-off %lld no longer matches"), detail,
                                         (long long) sign_offs->first_broken_event);
      status = EXIT_BROKEN;
    }
  g_free (detail);
  detail = g_steal_pointer (&sign_off_detail);
  fflush (stdout);

  /* The verification itself is audited only after the walk. */
  if (!cw_session_audit (session, "verify", "audit", "", detail, &error))
    {
      g_autofree char *message =
        g_strdup_printf (_("The check could not be recorded in the audit log: %s"),
                         error->message);

      print_failure (message);
    }

  cw_session_sign_out (session);

  return status;
}

static gboolean
argv_has (int          argc,
          char       **argv,
          const char  *const *names)
{
  for (int i = 1; i < argc; i++)
    {
      if (g_strcmp0 (argv[i], "--") == 0)
        break;
      for (guint j = 0; names[j] != NULL; j++)
        if (g_strcmp0 (argv[i], names[j]) == 0)
          return TRUE;
    }

  return FALSE;
}

/* Public functions -------------------------------------------------------- */

gboolean
cw_command_line_run (int    argc,
                     char **argv,
                     int   *exit_status)
{
  static const char *const action_names[] = { "--init", "--verify", NULL };
  static const char *const help_names[] = { "--help", "-h", "-?", "--help-all", NULL };
  g_auto(Options) options = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = NULL;
  const GOptionEntry entries[] = {
    { "database", 0, 0, G_OPTION_ARG_FILENAME, &options.database,
      N_("The Casework database to use"), N_("PATH") },
    { "init", 0, 0, G_OPTION_ARG_NONE, &options.init,
      N_("Create a new database and its first administrator"), NULL },
    { "organisation", 0, 0, G_OPTION_ARG_STRING, &options.organisation,
      N_("The organisation’s name (with --init)"), N_("NAME") },
    { "admin", 0, 0, G_OPTION_ARG_STRING, &options.admin,
      N_("The first administrator’s username (with --init)"), N_("USERNAME") },
    { "admin-name", 0, 0, G_OPTION_ARG_STRING, &options.admin_name,
      N_("The first administrator’s full name (with --init)"), N_("NAME") },
    { "verify", 0, 0, G_OPTION_ARG_NONE, &options.verify,
      N_("Check that the audit log has not been changed"), NULL },
    { "user", 0, 0, G_OPTION_ARG_STRING, &options.user,
      N_("Sign in as this user (with --verify)"), N_("USERNAME") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &options.password_stdin,
      N_("Read the password from standard input"), NULL },
    { NULL }
  };

  g_return_val_if_fail (exit_status != NULL, FALSE);

  *exit_status = EXIT_OK;

  /* Quick way out for the GUI: nothing to do here. */
  if (!argv_has (argc, argv, action_names))
    return FALSE;

  /* Parse a copy: the application parses the real argv afterwards. */
  args = g_new0 (char *, argc + 1);
  for (int i = 0; i < argc; i++)
    args[i] = g_strdup (argv[i]);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("Without --init or --verify, Casework starts its window."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_ignore_unknown_options (context, TRUE);
  g_option_context_set_help_enabled (context, FALSE);

  if (!g_option_context_parse_strv (context, &args, &error))
    {
      print_failure (error->message);
      *exit_status = EXIT_FAILED;
      return TRUE;
    }

  if (!options.init && !options.verify)
    return FALSE;

  if (argv_has (argc, argv, help_names))
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_print ("%s", help);
      *exit_status = EXIT_OK;
      return TRUE;
    }

  if (options.init && options.verify)
    {
      print_failure (_("Use either --init or --verify, not both at once."));
      *exit_status = EXIT_FAILED;
      return TRUE;
    }

  if (options.init)
    *exit_status = run_init (&options);
  else
    *exit_status = run_verify (&options);

  return TRUE;
}
