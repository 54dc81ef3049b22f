/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib.h>

#include "cw-permissions.h"
#include "cw-test-util.h"

/*
 * The expected matrix, written out by hand from the design: one line per
 * permission, one column per role. A change to cw-permissions.c that is not
 * also made here fails the test.
 */
typedef struct
{
  CwPermission permission;
  gboolean     practitioner;
  gboolean     line_manager;
  gboolean     dsl;
  gboolean     administrator;
} ExpectedPermission;

static const ExpectedPermission expected_matrix[] = {
  /*                                   practitioner  line manager  DSL    administrator */
  { CW_PERMISSION_RECORD_CASE_NOTES,     TRUE,         TRUE,         TRUE,  FALSE },
  { CW_PERMISSION_VIEW_ALL_CHILDREN,     FALSE,        FALSE,        TRUE,  FALSE },
  { CW_PERMISSION_VIEW_TEAM_CHILDREN,    FALSE,        TRUE,         TRUE,  FALSE },
  { CW_PERMISSION_VIEW_RESTRICTED,       FALSE,        FALSE,        TRUE,  FALSE },
  { CW_PERMISSION_MARK_SIGNIFICANT,      FALSE,        FALSE,        TRUE,  FALSE },
  { CW_PERMISSION_EXPORT_CHRONOLOGY,     FALSE,        FALSE,        TRUE,  FALSE },
  { CW_PERMISSION_SIGN_OFF_JUDGEMENTS,   FALSE,        TRUE,         TRUE,  FALSE },
  { CW_PERMISSION_VIEW_ALL_SIGN_OFFS,    FALSE,        FALSE,        TRUE,  FALSE },
  { CW_PERMISSION_CONFIRM_SOFT_DELETE,   FALSE,        TRUE,         TRUE,  FALSE },
  { CW_PERMISSION_KEEP_OWN_REGISTERS,    TRUE,         TRUE,         TRUE,  TRUE  },
  { CW_PERMISSION_REVIEW_TEAM_REGISTERS, FALSE,        TRUE,         TRUE,  FALSE },
  { CW_PERMISSION_REVIEW_ALL_REGISTERS,  FALSE,        FALSE,        TRUE,  FALSE },
  { CW_PERMISSION_VIEW_AUDIT,            FALSE,        FALSE,        TRUE,  TRUE  },
  { CW_PERMISSION_MANAGE_STAFF,          FALSE,        FALSE,        FALSE, TRUE  },
  { CW_PERMISSION_EDIT_SETTINGS,         FALSE,        FALSE,        FALSE, TRUE  },
  { CW_PERMISSION_ROTATE_KEY,            FALSE,        FALSE,        FALSE, TRUE  },
};

typedef struct
{
  CwSection section;
  const char *id;
  gboolean   practitioner;
  gboolean   line_manager;
  gboolean   dsl;
  gboolean   administrator;
} ExpectedSection;

static const ExpectedSection expected_sections[] = {
  /*                                            practitioner line manager DSL   administrator */
  { CW_SECTION_MY_WORK,       "my-work",        TRUE,        TRUE,        TRUE,  FALSE },
  { CW_SECTION_CHILDREN,      "children",       TRUE,        TRUE,        TRUE,  FALSE },
  { CW_SECTION_SIGN_OFFS,     "sign-offs",      TRUE,        TRUE,        TRUE,  FALSE },
  { CW_SECTION_GIFTS,         "gifts",          TRUE,        TRUE,        TRUE,  TRUE  },
  { CW_SECTION_CONTACTS,      "contacts",       TRUE,        TRUE,        TRUE,  TRUE  },
  { CW_SECTION_PHOTO_CONSENT, "photo-consent",  TRUE,        TRUE,        TRUE,  TRUE  },
  { CW_SECTION_AUDIT,         "audit",          FALSE,       FALSE,       TRUE,  TRUE  },
  { CW_SECTION_STAFF,         "staff",          FALSE,       FALSE,       FALSE, TRUE  },
};

static const CwRoles single_roles[] = {
  CW_ROLE_PRACTITIONER, CW_ROLE_LINE_MANAGER, CW_ROLE_DSL, CW_ROLE_ADMINISTRATOR,
};

static gboolean
expected_for_role (const gboolean columns[4],
                   CwRoles        role)
{
  for (guint i = 0; i < G_N_ELEMENTS (single_roles); i++)
    if (single_roles[i] == role)
      return columns[i];

  g_assert_not_reached ();
}

static gboolean
expected_permission (CwPermission permission,
                     CwRoles      roles)
{
  for (guint i = 0; i < G_N_ELEMENTS (expected_matrix); i++)
    {
      const ExpectedPermission *row = &expected_matrix[i];
      const gboolean columns[4] = {
        row->practitioner, row->line_manager, row->dsl, row->administrator,
      };
      gboolean any = FALSE;

      if (row->permission != permission)
        continue;

      for (guint r = 0; r < G_N_ELEMENTS (single_roles); r++)
        if ((roles & single_roles[r]) != 0)
          any |= expected_for_role (columns, single_roles[r]);
      return any;
    }

  g_assert_not_reached ();
}

static gboolean
expected_section (CwSection section,
                  CwRoles   roles)
{
  for (guint i = 0; i < G_N_ELEMENTS (expected_sections); i++)
    {
      const ExpectedSection *row = &expected_sections[i];
      const gboolean columns[4] = {
        row->practitioner, row->line_manager, row->dsl, row->administrator,
      };
      gboolean any = FALSE;

      if (row->section != section)
        continue;

      for (guint r = 0; r < G_N_ELEMENTS (single_roles); r++)
        if ((roles & single_roles[r]) != 0)
          any |= expected_for_role (columns, single_roles[r]);
      return any;
    }

  g_assert_not_reached ();
}

static void
test_matrix_covers_every_permission (void)
{
  /* Every permission has exactly one line in the expected table. */
  g_assert_cmpuint (G_N_ELEMENTS (expected_matrix), ==, CW_PERMISSION_LAST);
  for (guint p = 0; p < CW_PERMISSION_LAST; p++)
    g_assert_cmpuint (expected_matrix[p].permission, ==, p);
}

static void
test_matrix_single_roles (void)
{
  for (guint r = 0; r < G_N_ELEMENTS (single_roles); r++)
    for (guint p = 0; p < CW_PERMISSION_LAST; p++)
      {
        gboolean want = expected_permission (p, single_roles[r]);
        gboolean got = cw_permission_granted (single_roles[r], p);

        if (want != got)
          g_error ("%s: %s expected %s, got %s", cw_role_get_title (single_roles[r]),
                   cw_permission_get_nick (p), want ? "granted" : "refused",
                   got ? "granted" : "refused");
      }
}

static void
test_matrix_no_roles (void)
{
  for (guint p = 0; p < CW_PERMISSION_LAST; p++)
    g_assert_false (cw_permission_granted (CW_ROLE_NONE, p));

  for (guint s = 0; s < CW_SECTION_LAST; s++)
    g_assert_false (cw_section_visible (CW_ROLE_NONE, s));
}

static void
test_matrix_combined_roles (void)
{
  /* Every one of the 16 combinations is the union of its roles. */
  for (guint roles = 0; roles <= CW_ROLES_ALL; roles++)
    for (guint p = 0; p < CW_PERMISSION_LAST; p++)
      g_assert_cmpint (cw_permission_granted (roles, p), ==, expected_permission (p, roles));

  /* Spelled out for the combinations people actually hold. */
  g_assert_true (cw_permission_granted (CW_ROLE_DSL | CW_ROLE_LINE_MANAGER,
                                        CW_PERMISSION_VIEW_ALL_CHILDREN));
  g_assert_true (cw_permission_granted (CW_ROLE_ADMINISTRATOR | CW_ROLE_PRACTITIONER,
                                        CW_PERMISSION_RECORD_CASE_NOTES));
  g_assert_true (cw_permission_granted (CW_ROLE_ADMINISTRATOR | CW_ROLE_PRACTITIONER,
                                        CW_PERMISSION_MANAGE_STAFF));
  g_assert_false (cw_permission_granted (CW_ROLE_ADMINISTRATOR | CW_ROLE_PRACTITIONER,
                                         CW_PERMISSION_VIEW_ALL_CHILDREN));
  g_assert_false (cw_permission_granted (CW_ROLE_LINE_MANAGER | CW_ROLE_PRACTITIONER,
                                         CW_PERMISSION_EXPORT_CHRONOLOGY));
}

static void
test_administrator_reads_no_case_content (void)
{
  const CwPermission case_content[] = {
    CW_PERMISSION_RECORD_CASE_NOTES, CW_PERMISSION_VIEW_ALL_CHILDREN,
    CW_PERMISSION_VIEW_TEAM_CHILDREN, CW_PERMISSION_VIEW_RESTRICTED,
    CW_PERMISSION_EXPORT_CHRONOLOGY, CW_PERMISSION_MARK_SIGNIFICANT,
  };

  for (guint i = 0; i < G_N_ELEMENTS (case_content); i++)
    g_assert_false (cw_permission_granted (CW_ROLE_ADMINISTRATOR, case_content[i]));

  g_assert_false (cw_section_visible (CW_ROLE_ADMINISTRATOR, CW_SECTION_CHILDREN));
  g_assert_false (cw_section_visible (CW_ROLE_ADMINISTRATOR, CW_SECTION_MY_WORK));
}

static void
test_sections (void)
{
  g_assert_cmpuint (G_N_ELEMENTS (expected_sections), ==, CW_SECTION_LAST);

  for (guint s = 0; s < CW_SECTION_LAST; s++)
    {
      g_assert_cmpuint (expected_sections[s].section, ==, s);
      g_assert_cmpstr (cw_section_get_id (s), ==, expected_sections[s].id);
      g_assert_nonnull (cw_section_get_title (s));
      g_assert_cmpuint (strlen (cw_section_get_title (s)), >, 0);
      g_assert_true (g_str_has_suffix (cw_section_get_icon_name (s), "-symbolic"));

      for (guint roles = 0; roles <= CW_ROLES_ALL; roles++)
        g_assert_cmpint (cw_section_visible (roles, s), ==, expected_section (s, roles));
    }

  g_assert_cmpstr (cw_section_get_title (CW_SECTION_MY_WORK), ==, "My work");
  g_assert_cmpstr (cw_section_get_title (CW_SECTION_PHOTO_CONSENT), ==, "Photo consent");
  g_assert_cmpstr (cw_section_get_title (CW_SECTION_SIGN_OFFS), ==, "Sign-offs");
}

static void
test_section_icons_exist (void)
{
  const char *theme = "/usr/share/icons/Adwaita/scalable";
  g_autoptr(GDir) dir = g_dir_open (theme, 0, NULL);

  if (dir == NULL)
    {
      g_test_skip ("Adwaita's icon theme is not installed");
      return;
    }

  for (guint s = 0; s < CW_SECTION_LAST; s++)
    {
      g_autofree char *file = g_strconcat (cw_section_get_icon_name (s), ".svg", NULL);
      const char *context;
      gboolean found = FALSE;

      g_dir_rewind (dir);
      while (!found && (context = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (theme, context, file, NULL);

          /* Legacy icons may go in later versions of the theme. */
          if (g_strcmp0 (context, "legacy") != 0)
            found = g_file_test (path, G_FILE_TEST_EXISTS);
        }

      if (!found)
        g_error ("Icon %s of section %s is not in Adwaita", cw_section_get_icon_name (s),
                 cw_section_get_id (s));
    }
}

static void
test_role_titles (void)
{
  g_autofree char *none = cw_roles_to_string (CW_ROLE_NONE);
  g_autofree char *one = cw_roles_to_string (CW_ROLE_DSL);
  g_autofree char *two = cw_roles_to_string (CW_ROLE_LINE_MANAGER | CW_ROLE_PRACTITIONER);
  g_autofree char *all = cw_roles_to_string (CW_ROLES_ALL);

  g_assert_cmpstr (cw_role_get_title (CW_ROLE_PRACTITIONER), ==, "Practitioner");
  g_assert_cmpstr (cw_role_get_title (CW_ROLE_LINE_MANAGER), ==, "Line manager");
  g_assert_cmpstr (cw_role_get_title (CW_ROLE_DSL), ==, "DSL");
  g_assert_cmpstr (cw_role_get_title (CW_ROLE_ADMINISTRATOR), ==, "Administrator");
  g_assert_null (cw_role_get_title (CW_ROLE_DSL | CW_ROLE_ADMINISTRATOR));
  g_assert_null (cw_role_get_title (CW_ROLE_NONE));

  g_assert_cmpstr (none, ==, "No roles");
  g_assert_cmpstr (one, ==, "DSL");
  g_assert_cmpstr (two, ==, "Practitioner, Line manager");
  g_assert_cmpstr (all, ==, "Practitioner, Line manager, DSL, Administrator");
}

static void
test_permission_nicks (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpstr (cw_permission_get_nick (CW_PERMISSION_RECORD_CASE_NOTES), ==,
                   "record-case-notes");
  g_assert_cmpstr (cw_permission_get_nick (CW_PERMISSION_ROTATE_KEY), ==, "rotate-key");

  for (guint p = 0; p < CW_PERMISSION_LAST; p++)
    {
      const char *nick = cw_permission_get_nick (p);

      g_assert_nonnull (nick);
      g_assert_false (g_hash_table_contains (seen, nick));
      g_hash_table_add (seen, (gpointer) nick);
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/permissions/matrix/covers-every-permission",
                   test_matrix_covers_every_permission);
  g_test_add_func ("/permissions/matrix/single-roles", test_matrix_single_roles);
  g_test_add_func ("/permissions/matrix/no-roles", test_matrix_no_roles);
  g_test_add_func ("/permissions/matrix/combined-roles", test_matrix_combined_roles);
  g_test_add_func ("/permissions/matrix/administrator-no-case-content",
                   test_administrator_reads_no_case_content);
  g_test_add_func ("/permissions/sections/visibility", test_sections);
  g_test_add_func ("/permissions/sections/icons-exist", test_section_icons_exist);
  g_test_add_func ("/permissions/roles/titles", test_role_titles);
  g_test_add_func ("/permissions/nicks", test_permission_nicks);

  return g_test_run ();
}
