/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cw-sql-list-model.h"

G_BEGIN_DECLS

/* For tests and benchmarks: how the page cache behaves. */

/* Rows per page and the most pages kept; takes effect on the next fetch
 * (the cache is dropped). */
void   cw_sql_list_model_set_page_size   (CwSqlListModel *self,
                                          guint           page_size,
                                          guint           max_pages);
guint  cw_sql_list_model_get_page_size   (CwSqlListModel *self);
guint  cw_sql_list_model_get_max_pages   (CwSqlListModel *self);

/* Rows (objects) the cache holds now. */
guint  cw_sql_list_model_get_n_cached    (CwSqlListModel *self);

/* Rows read from the database since the model was made (every page fetch
 * adds its rows), and the number of page queries run. */
guint64 cw_sql_list_model_get_n_fetched  (CwSqlListModel *self);
guint   cw_sql_list_model_get_n_queries  (CwSqlListModel *self);

G_END_DECLS
