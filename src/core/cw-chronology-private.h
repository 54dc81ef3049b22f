/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cw-chronology.h"
#include "cw-sql-list-model.h"

G_BEGIN_DECLS

/* For tests and benchmarks: the paged SQL model the chronology reads
 * through (its page counters are in cw-sql-list-model-private.h). Replaced
 * by every cw_chronology_set_filter() and cw_chronology_reload(). */
CwSqlListModel *cw_chronology_get_sql_model (CwChronology *self);

G_END_DECLS
