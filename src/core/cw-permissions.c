/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-permissions"

#include "config.h"

#include <glib/gi18n.h>

#include "cw-permissions.h"

/*
 * The permission matrix: the one place that says what each role may do.
 * A person's permissions are the union over the roles they hold; a person
 * with no roles may do nothing.
 *
 * The administrator runs the system (staff, settings, keys, audit) and is
 * given nothing that reads case content: no children, no restricted entries,
 * no case notes, no exports. Someone who must also read case content holds a
 * second role.
 */

#define P(perm) (G_GUINT64_CONSTANT (1) << (CW_PERMISSION_##perm))

typedef struct
{
  CwRoles     role;
  const char *title;
  guint64     permissions;
} CwRoleRow;

static const CwRoleRow role_matrix[] = {
  {
    CW_ROLE_PRACTITIONER, N_("Practitioner"),
    P (RECORD_CASE_NOTES) | P (KEEP_OWN_REGISTERS),
  },
  {
    CW_ROLE_LINE_MANAGER, N_("Line manager"),
    P (RECORD_CASE_NOTES) | P (VIEW_TEAM_CHILDREN) | P (SIGN_OFF_JUDGEMENTS) |
    P (CONFIRM_SOFT_DELETE) | P (KEEP_OWN_REGISTERS) | P (REVIEW_TEAM_REGISTERS),
  },
  {
    /* The DSL signs off judgements as cover when a line manager is away. */
    CW_ROLE_DSL, N_("DSL"),
    P (RECORD_CASE_NOTES) | P (VIEW_ALL_CHILDREN) | P (VIEW_TEAM_CHILDREN) |
    P (VIEW_RESTRICTED) | P (MARK_SIGNIFICANT) | P (EXPORT_CHRONOLOGY) |
    P (SIGN_OFF_JUDGEMENTS) | P (VIEW_ALL_SIGN_OFFS) | P (CONFIRM_SOFT_DELETE) |
    P (KEEP_OWN_REGISTERS) | P (REVIEW_TEAM_REGISTERS) | P (REVIEW_ALL_REGISTERS) |
    P (VIEW_AUDIT),
  },
  {
    CW_ROLE_ADMINISTRATOR, N_("Administrator"),
    P (MANAGE_STAFF) | P (EDIT_SETTINGS) | P (ROTATE_KEY) | P (VIEW_AUDIT) |
    P (KEEP_OWN_REGISTERS),
  },
};

/*
 * Sidebar sections. A section is shown when the person holds ANY of its
 * permissions.
 *
 * Sign-offs is shown to everyone who records case notes, not only to those
 * who sign off: a practitioner sees there the state of their own
 * professional judgements (waiting, signed off, disagreed). An administrator
 * alone records no judgements and so does not see it.
 */
typedef struct
{
  const char *id;
  const char *title;
  const char *icon_name;   /* present in Adwaita's icon theme */
  guint64     any_of;
} CwSectionRow;

static const CwSectionRow section_table[CW_SECTION_LAST] = {
  [CW_SECTION_MY_WORK] = {
    "my-work", N_("My work"), "user-home-symbolic",
    P (RECORD_CASE_NOTES),
  },
  [CW_SECTION_CHILDREN] = {
    "children", N_("Children"), "emoji-people-symbolic",
    P (RECORD_CASE_NOTES) | P (VIEW_ALL_CHILDREN) | P (VIEW_TEAM_CHILDREN),
  },
  [CW_SECTION_SIGN_OFFS] = {
    "sign-offs", N_("Sign-offs"), "emblem-ok-symbolic",
    P (RECORD_CASE_NOTES) | P (SIGN_OFF_JUDGEMENTS) | P (VIEW_ALL_SIGN_OFFS),
  },
  [CW_SECTION_GIFTS] = {
    "gifts", N_("Gifts"), "package-x-generic-symbolic",
    P (KEEP_OWN_REGISTERS),
  },
  [CW_SECTION_CONTACTS] = {
    "contacts", N_("Contacts"), "call-start-symbolic",
    P (KEEP_OWN_REGISTERS),
  },
  [CW_SECTION_PHOTO_CONSENT] = {
    "photo-consent", N_("Photo consent"), "camera-photo-symbolic",
    P (KEEP_OWN_REGISTERS),
  },
  [CW_SECTION_AUDIT] = {
    "audit", N_("Audit"), "document-open-recent-symbolic",
    P (VIEW_AUDIT),
  },
  [CW_SECTION_STAFF] = {
    "staff", N_("Staff"), "avatar-default-symbolic",
    P (MANAGE_STAFF),
  },
};

static const char * const permission_nicks[CW_PERMISSION_LAST] = {
  [CW_PERMISSION_RECORD_CASE_NOTES] = "record-case-notes",
  [CW_PERMISSION_VIEW_ALL_CHILDREN] = "view-all-children",
  [CW_PERMISSION_VIEW_TEAM_CHILDREN] = "view-team-children",
  [CW_PERMISSION_VIEW_RESTRICTED] = "view-restricted",
  [CW_PERMISSION_MARK_SIGNIFICANT] = "mark-significant",
  [CW_PERMISSION_EXPORT_CHRONOLOGY] = "export-chronology",
  [CW_PERMISSION_SIGN_OFF_JUDGEMENTS] = "sign-off-judgements",
  [CW_PERMISSION_VIEW_ALL_SIGN_OFFS] = "view-all-sign-offs",
  [CW_PERMISSION_CONFIRM_SOFT_DELETE] = "confirm-soft-delete",
  [CW_PERMISSION_KEEP_OWN_REGISTERS] = "keep-own-registers",
  [CW_PERMISSION_REVIEW_TEAM_REGISTERS] = "review-team-registers",
  [CW_PERMISSION_REVIEW_ALL_REGISTERS] = "review-all-registers",
  [CW_PERMISSION_VIEW_AUDIT] = "view-audit",
  [CW_PERMISSION_MANAGE_STAFF] = "manage-staff",
  [CW_PERMISSION_EDIT_SETTINGS] = "edit-settings",
  [CW_PERMISSION_ROTATE_KEY] = "rotate-key",
};

G_STATIC_ASSERT (CW_PERMISSION_LAST <= 64);

static guint64
permissions_for_roles (CwRoles roles)
{
  guint64 granted = 0;

  for (guint i = 0; i < G_N_ELEMENTS (role_matrix); i++)
    if ((roles & role_matrix[i].role) != 0)
      granted |= role_matrix[i].permissions;

  return granted;
}

/**
 * cw_permission_granted:
 * @roles: the roles a person holds
 * @permission: what they want to do
 *
 * Returns: %TRUE when any of @roles grants @permission.
 */
gboolean
cw_permission_granted (CwRoles      roles,
                       CwPermission permission)
{
  g_return_val_if_fail ((guint) permission < CW_PERMISSION_LAST, FALSE);

  return (permissions_for_roles (roles) & (G_GUINT64_CONSTANT (1) << permission)) != 0;
}

/**
 * cw_section_visible:
 * @roles: the roles a person holds
 * @section: a sidebar section
 *
 * Returns: %TRUE when the sidebar shows @section to someone with @roles.
 */
gboolean
cw_section_visible (CwRoles   roles,
                    CwSection section)
{
  g_return_val_if_fail ((guint) section < CW_SECTION_LAST, FALSE);

  return (permissions_for_roles (roles) & section_table[section].any_of) != 0;
}

const char *
cw_section_get_id (CwSection section)
{
  g_return_val_if_fail ((guint) section < CW_SECTION_LAST, NULL);

  return section_table[section].id;
}

const char *
cw_section_get_title (CwSection section)
{
  g_return_val_if_fail ((guint) section < CW_SECTION_LAST, NULL);

  return _(section_table[section].title);
}

const char *
cw_section_get_icon_name (CwSection section)
{
  g_return_val_if_fail ((guint) section < CW_SECTION_LAST, NULL);

  return section_table[section].icon_name;
}

/**
 * cw_role_get_title:
 * @role: exactly one role flag
 *
 * Returns: the translated name of @role, or %NULL when @role is not exactly
 *   one known role.
 */
const char *
cw_role_get_title (CwRoles role)
{
  for (guint i = 0; i < G_N_ELEMENTS (role_matrix); i++)
    if (role_matrix[i].role == role)
      return _(role_matrix[i].title);

  return NULL;
}

/**
 * cw_roles_to_string:
 * @roles: any combination of roles
 *
 * Returns: (transfer full): the role names joined with ", " in a fixed order
 *   ("Practitioner, Line manager, DSL, Administrator"), or "No roles".
 */
char *
cw_roles_to_string (CwRoles roles)
{
  g_autoptr(GString) str = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (role_matrix); i++)
    {
      if ((roles & role_matrix[i].role) == 0)
        continue;

      if (str->len > 0)
        g_string_append (str, _(", "));
      g_string_append (str, _(role_matrix[i].title));
    }

  if (str->len == 0)
    g_string_append (str, _("No roles"));

  return g_string_free (g_steal_pointer (&str), FALSE);
}

/**
 * cw_permission_get_nick:
 * @permission: a permission
 *
 * Returns: a stable, untranslated name such as "record-case-notes".
 */
const char *
cw_permission_get_nick (CwPermission permission)
{
  g_return_val_if_fail ((guint) permission < CW_PERMISSION_LAST, NULL);

  return permission_nicks[permission];
}
