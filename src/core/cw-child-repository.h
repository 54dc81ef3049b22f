/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cw-child.h"
#include "cw-session.h"

G_BEGIN_DECLS

#define CW_CHILD_ERROR (cw_child_error_quark ())

typedef enum
{
  CW_CHILD_ERROR_INVALID,              /* a field is missing or malformed; the message names it */
  CW_CHILD_ERROR_DUPLICATE_REFERENCE,  /* another child already has this case reference */
  CW_CHILD_ERROR_NOT_FOUND,            /* no child with that id */
} CwChildError;

/*
 * CwChildRepository: children's records for one signed-in person.
 *
 * Need to know: a person sees a child when they may see every child (DSL),
 * when the child is allocated to them or explicitly shared with them, or
 * when they see their team's children and the allocated worker's line
 * manager is them. An administrator sees no child by virtue of that role.
 * Refusals are CW_SESSION_ERROR_NOT_PERMITTED; a child one may not see is
 * refused the same way whether or not it exists.
 *
 * Opening a record (cw_child_repository_open()) is audited ("view"; a
 * refusal "view-refused"); audit details never hold a child's names or
 * other content.
 */

#define CW_TYPE_CHILD_REPOSITORY (cw_child_repository_get_type ())
G_DECLARE_FINAL_TYPE (CwChildRepository, cw_child_repository, CW, CHILD_REPOSITORY, GObject)

GQuark             cw_child_error_quark             (void);

CwChildRepository *cw_child_repository_new          (CwSession         *session);

gboolean           cw_child_repository_may_view     (CwChildRepository *self,
                                                     gint64             child_id);

/* Needs RECORD_CASE_NOTES. Returns the stored record with its id. */
CwChild           *cw_child_repository_create       (CwChildRepository *self,
                                                     CwChild           *child,
                                                     GError           **error);
/* Needs may_view and RECORD_CASE_NOTES. Adults are replaced as a set. */
gboolean           cw_child_repository_update       (CwChildRepository *self,
                                                     CwChild           *child,
                                                     GError           **error);
/* Permission checked and audited ("view"). */
CwChild           *cw_child_repository_open         (CwChildRepository *self,
                                                     gint64             child_id,
                                                     GError           **error);
/* Permission checked, not audited: for labels and headings. */
CwChild           *cw_child_repository_lookup       (CwChildRepository *self,
                                                     gint64             child_id,
                                                     GError           **error);
/* A lazy GListModel of CwChild the person may see, by family then given
 * name. @search matches the case reference or any name, ignoring case;
 * NULL or "" lists all. */
GListModel        *cw_child_repository_list         (CwChildRepository *self,
                                                     const char        *search);

/* The allocated worker, their line manager or a DSL may share a child with
 * an active staff member who records case notes. Audited. */
gboolean           cw_child_repository_share        (CwChildRepository *self,
                                                     gint64             child_id,
                                                     gint64             staff_id,
                                                     GError           **error);
gboolean           cw_child_repository_unshare      (CwChildRepository *self,
                                                     gint64             child_id,
                                                     gint64             staff_id,
                                                     GError           **error);
/* CwStaffMember, by display name. Needs may_view. */
GPtrArray         *cw_child_repository_list_shares  (CwChildRepository *self,
                                                     gint64             child_id,
                                                     GError           **error);

/* Children the signed-in person opened, newest first, each once, only those
 * still visible to them; at most @limit. */
GListModel        *cw_child_repository_list_recent  (CwChildRepository *self,
                                                     guint              limit);

G_END_DECLS
