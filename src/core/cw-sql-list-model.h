/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cw-database.h"

G_BEGIN_DECLS

/*
 * A lazy GListModel over one SQL query. It counts the rows once, then
 * fetches pages (LIMIT/OFFSET on the given ORDER BY) as items are asked for
 * and keeps a bounded cache of pages, so a list of a million rows costs a
 * few pages of memory. Rows become GObjects through @row_func.
 *
 * @select_sql: "SELECT cols FROM … WHERE … ORDER BY …" without LIMIT (or
 *   with its own :cw_page_limit and :cw_page_offset: then none is added).
 * @count_sql:  "SELECT count(*) FROM … WHERE …" with the same parameters.
 * Parameters are bound with @bind_func (may be NULL) before every step.
 */

typedef struct sqlite3_stmt CwSqlStatement;
typedef GObject *(*CwSqlRowFunc)  (CwSqlStatement *stmt, gpointer user_data);
typedef void     (*CwSqlBindFunc) (CwSqlStatement *stmt, gpointer user_data);

#define CW_TYPE_SQL_LIST_MODEL (cw_sql_list_model_get_type ())
G_DECLARE_FINAL_TYPE (CwSqlListModel, cw_sql_list_model, CW, SQL_LIST_MODEL, GObject)

CwSqlListModel *cw_sql_list_model_new     (CwDatabase    *database,
                                           GType          item_type,
                                           const char    *select_sql,
                                           const char    *count_sql,
                                           CwSqlBindFunc  bind_func,
                                           CwSqlRowFunc   row_func,
                                           gpointer       user_data,
                                           GDestroyNotify user_data_destroy);
/* Reads pages with @page_sql (NULL: the select): the same rows in the
 * same order, with :cw_page_limit and :cw_page_offset placed by it, e.g.
 * inside a subquery that skips rows before the joins. Drops the cache. */
void            cw_sql_list_model_set_page_sql (CwSqlListModel *self,
                                                const char     *page_sql);
/* Reads every row in order with one query (no paging, no cache) and hands
 * each to @func, which returns FALSE to stop (with @error set by it, or
 * not). For reading a whole list once, such as an export: paging through
 * it would cost a query per page with an ever larger OFFSET. */
typedef gboolean (*CwSqlForeachFunc) (GObject *item, gpointer user_data, GError **error);
gboolean        cw_sql_list_model_foreach (CwSqlListModel  *self,
                                           CwSqlForeachFunc func,
                                           gpointer         user_data,
                                           GError         **error);
/* Re-counts and drops the cache; emits items-changed for the whole range. */
void            cw_sql_list_model_reload  (CwSqlListModel *self);

G_END_DECLS
