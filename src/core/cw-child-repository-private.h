/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "cw-session.h"

G_BEGIN_DECLS

/*
 * The need-to-know rule, in one place, for repositories in src/core.
 *
 * CW_CHILD_VISIBLE_SQL (expr) is an SQL boolean expression, true when the
 * signed-in person may see the child whose id @expr gives. @expr must be a
 * string literal of SQL and should be qualified ("e.child_id", ":child_id"),
 * never a bare "id". It uses the named parameters :cw_me, :cw_see_team and
 * :cw_see_all; bind them with cw_child_repository_bind_visibility() (a
 * statement left unbound sees nothing).
 *
 *   SELECT … FROM entries e WHERE e.child_id = :child_id
 *     AND " CW_CHILD_VISIBLE_SQL ("e.child_id") "
 *
 * A person sees a child when they hold VIEW_ALL_CHILDREN; or the child is
 * allocated to them; or it is shared with them (child_shares); or they hold
 * VIEW_TEAM_CHILDREN and the allocated worker's line manager is them. A
 * person who holds none of RECORD_CASE_NOTES, VIEW_TEAM_CHILDREN and
 * VIEW_ALL_CHILDREN (an administrator only) sees nothing, as does a locked
 * or signed-out session.
 */
#define CW_CHILD_VISIBLE_SQL(child_id_expr) \
  "(:cw_see_all = 1 OR EXISTS (" \
  "SELECT 1 FROM children cw_vis_c " \
  "LEFT JOIN staff cw_vis_w ON cw_vis_w.id = cw_vis_c.allocated_worker_id " \
  "WHERE cw_vis_c.id = (" child_id_expr ") AND :cw_me > 0 AND (" \
  "cw_vis_c.allocated_worker_id = :cw_me " \
  "OR (:cw_see_team = 1 AND cw_vis_w.line_manager_id = :cw_me) " \
  "OR EXISTS (SELECT 1 FROM child_shares cw_vis_s " \
  "WHERE cw_vis_s.child_id = cw_vis_c.id AND cw_vis_s.staff_id = :cw_me))))"

/* Binds :cw_me, :cw_see_team and :cw_see_all when @stmt has them. */
void     cw_child_repository_bind_visibility (CwSession    *session,
                                              sqlite3_stmt *stmt);

/* The same rule for one child; FALSE when there is no such child. */
gboolean cw_session_may_view_child           (CwSession    *session,
                                              gint64        child_id);

G_END_DECLS
