/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-staff-member"

#include "config.h"

#include "cw-staff-member.h"

/*
 * CwStaffMember: an immutable snapshot of one row of the staff table. Every
 * property is read-only; a changed account is a new object from the
 * repository.
 */

struct _CwStaffMember
{
  GObject  parent_instance;

  gint64   id;
  char    *username;
  char    *display_name;
  char    *job_title;
  CwRoles  roles;
  gint64   line_manager_id;
  guint    active : 1;
  guint    must_change_password : 1;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_USERNAME,
  PROP_DISPLAY_NAME,
  PROP_JOB_TITLE,
  PROP_ROLES,
  PROP_LINE_MANAGER_ID,
  PROP_ACTIVE,
  PROP_MUST_CHANGE_PASSWORD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CwStaffMember, cw_staff_member, G_TYPE_OBJECT)

static void
cw_staff_member_finalize (GObject *object)
{
  CwStaffMember *self = CW_STAFF_MEMBER (object);

  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->job_title, g_free);

  G_OBJECT_CLASS (cw_staff_member_parent_class)->finalize (object);
}

static void
cw_staff_member_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CwStaffMember *self = CW_STAFF_MEMBER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;

    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;

    case PROP_JOB_TITLE:
      g_value_set_string (value, self->job_title);
      break;

    case PROP_ROLES:
      g_value_set_uint (value, self->roles);
      break;

    case PROP_LINE_MANAGER_ID:
      g_value_set_int64 (value, self->line_manager_id);
      break;

    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;

    case PROP_MUST_CHANGE_PASSWORD:
      g_value_set_boolean (value, self->must_change_password);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cw_staff_member_class_init (CwStaffMemberClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cw_staff_member_finalize;
  object_class->get_property = cw_staff_member_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_JOB_TITLE] =
    g_param_spec_string ("job-title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* CwRoles flags as an integer (the type has no GType). */
  properties[PROP_ROLES] =
    g_param_spec_uint ("roles", NULL, NULL, 0, CW_ROLES_ALL, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LINE_MANAGER_ID] =
    g_param_spec_int64 ("line-manager-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MUST_CHANGE_PASSWORD] =
    g_param_spec_boolean ("must-change-password", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cw_staff_member_init (CwStaffMember *self)
{
  self->active = TRUE;
}

/**
 * cw_staff_member_new:
 *
 * Returns: (transfer full): a snapshot of one staff account. @job_title may
 *   be %NULL (no title); @line_manager_id is 0 for none.
 */
CwStaffMember *
cw_staff_member_new (gint64      id,
                     const char *username,
                     const char *display_name,
                     const char *job_title,
                     CwRoles     roles,
                     gint64      line_manager_id,
                     gboolean    active,
                     gboolean    must_change_password)
{
  CwStaffMember *self;

  g_return_val_if_fail (username != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);

  self = g_object_new (CW_TYPE_STAFF_MEMBER, NULL);
  self->id = id;
  self->username = g_strdup (username);
  self->display_name = g_strdup (display_name);
  self->job_title = g_strdup (job_title != NULL ? job_title : "");
  self->roles = roles & CW_ROLES_ALL;
  self->line_manager_id = MAX (line_manager_id, 0);
  self->active = !!active;
  self->must_change_password = !!must_change_password;

  return self;
}

gint64
cw_staff_member_get_id (CwStaffMember *self)
{
  g_return_val_if_fail (CW_IS_STAFF_MEMBER (self), 0);

  return self->id;
}

const char *
cw_staff_member_get_username (CwStaffMember *self)
{
  g_return_val_if_fail (CW_IS_STAFF_MEMBER (self), NULL);

  return self->username;
}

const char *
cw_staff_member_get_display_name (CwStaffMember *self)
{
  g_return_val_if_fail (CW_IS_STAFF_MEMBER (self), NULL);

  return self->display_name;
}

const char *
cw_staff_member_get_job_title (CwStaffMember *self)
{
  g_return_val_if_fail (CW_IS_STAFF_MEMBER (self), NULL);

  return self->job_title;
}

CwRoles
cw_staff_member_get_roles (CwStaffMember *self)
{
  g_return_val_if_fail (CW_IS_STAFF_MEMBER (self), CW_ROLE_NONE);

  return self->roles;
}

/**
 * cw_staff_member_has_role:
 * @role: one or more role flags
 *
 * Returns: %TRUE when the staff member holds every role in @role.
 */
gboolean
cw_staff_member_has_role (CwStaffMember *self,
                          CwRoles        role)
{
  g_return_val_if_fail (CW_IS_STAFF_MEMBER (self), FALSE);

  return role != CW_ROLE_NONE && (self->roles & role) == role;
}

gint64
cw_staff_member_get_line_manager_id (CwStaffMember *self)
{
  g_return_val_if_fail (CW_IS_STAFF_MEMBER (self), 0);

  return self->line_manager_id;
}

gboolean
cw_staff_member_get_active (CwStaffMember *self)
{
  g_return_val_if_fail (CW_IS_STAFF_MEMBER (self), FALSE);

  return self->active;
}

gboolean
cw_staff_member_get_must_change_password (CwStaffMember *self)
{
  g_return_val_if_fail (CW_IS_STAFF_MEMBER (self), FALSE);

  return self->must_change_password;
}
