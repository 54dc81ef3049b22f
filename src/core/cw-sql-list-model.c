/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-sql-list-model"

#include "config.h"

#include <string.h>

#include "cw-database-private.h"
#include "cw-sql-list-model-private.h"

/*
 * CwSqlListModel: a GListModel over one SELECT, read a page at a time.
 *
 * The rows are counted once (and again on reload). get_item() finds the page
 * holding the position, fetching it with LIMIT/OFFSET when it is not cached;
 * at most max_pages pages are kept, the least recently used going first.
 * Pages own their objects; get_item() hands out a new reference.
 *
 * Statements are prepared for each fetch and finalised at once, so the model
 * never keeps the connection busy (the database may be closed on lock). When
 * the database is closed or a fetch fails, get_item() returns NULL.
 */

#define DEFAULT_PAGE_SIZE 256
#define DEFAULT_MAX_PAGES 8

typedef struct
{
  guint      index;      /* page number: first row is index * page_size */
  GPtrArray *items;      /* GObject, owned */
  GList      link;       /* in the LRU queue; data points to this page */
} CwSqlPage;

struct _CwSqlListModel
{
  GObject         parent_instance;

  CwDatabase     *database;
  GType           item_type;
  char           *select_sql;   /* with LIMIT/OFFSET appended (or its own) */
  char           *page_sql;     /* pages, when not select_sql; NULL: select_sql */
  char           *count_sql;
  CwSqlBindFunc   bind_func;
  CwSqlRowFunc    row_func;
  gpointer        user_data;
  GDestroyNotify  user_data_destroy;

  guint           n_items;
  guint           page_size;
  guint           max_pages;

  GHashTable     *pages;        /* page index → CwSqlPage (owned) */
  GQueue          lru;          /* most recently used at the head */

  guint64         n_fetched;
  guint           n_queries;
  guint           n_cached;
};

static void cw_sql_list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CwSqlListModel, cw_sql_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      cw_sql_list_model_iface_init))

static void
page_free (gpointer data)
{
  CwSqlPage *page = data;

  g_ptr_array_unref (page->items);
  g_free (page);
}

static void
drop_cache (CwSqlListModel *self)
{
  g_queue_init (&self->lru);
  g_hash_table_remove_all (self->pages);
  self->n_cached = 0;
}

static guint
count_rows (CwSqlListModel *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  gint64 count = 0;
  int rc;

  if (!cw_database_is_open (self->database))
    return 0;

  stmt = cw_database_prepare (self->database, self->count_sql, &error);
  if (stmt == NULL)
    {
      g_warning ("Could not count the rows of a list: %s", error->message);
      return 0;
    }

  if (self->bind_func != NULL)
    self->bind_func (stmt, self->user_data);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    {
      cw_database_set_error (self->database, &error, rc, "count");
      g_warning ("Could not count the rows of a list: %s", error->message);
    }

  return (guint) CLAMP (count, 0, G_MAXUINT);
}

static void
evict_oldest (CwSqlListModel *self)
{
  while (self->lru.length > 0 && self->lru.length >= self->max_pages)
    {
      GList *link = g_queue_pop_tail_link (&self->lru);
      CwSqlPage *page = link->data;

      self->n_cached -= page->items->len;
      g_hash_table_remove (self->pages, GUINT_TO_POINTER (page->index));
    }
}

static CwSqlPage *
fetch_page (CwSqlListModel *self,
            guint           index)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  CwSqlPage *page;
  int limit_param, offset_param;
  int rc;

  if (!cw_database_is_open (self->database))
    return NULL;

  stmt = cw_database_prepare (self->database,
                              self->page_sql != NULL ? self->page_sql : self->select_sql, &error);
  if (stmt == NULL)
    {
      g_warning ("Could not read a page of a list: %s", error->message);
      return NULL;
    }

  if (self->bind_func != NULL)
    self->bind_func (stmt, self->user_data);

  limit_param = sqlite3_bind_parameter_index (stmt, ":cw_page_limit");
  offset_param = sqlite3_bind_parameter_index (stmt, ":cw_page_offset");
  sqlite3_bind_int64 (stmt, limit_param, self->page_size);
  sqlite3_bind_int64 (stmt, offset_param, (gint64) index * self->page_size);

  self->n_queries++;
  items = g_ptr_array_new_full (self->page_size, g_object_unref);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GObject *item = self->row_func (stmt, self->user_data);

      if (item == NULL || !g_type_is_a (G_OBJECT_TYPE (item), self->item_type))
        {
          g_critical ("The row function of a list gave no %s", g_type_name (self->item_type));
          g_clear_object (&item);
          return NULL;
        }
      g_ptr_array_add (items, item);
    }

  if (rc != SQLITE_DONE)
    {
      cw_database_set_error (self->database, &error, rc, "page");
      g_warning ("Could not read a page of a list: %s", error->message);
      return NULL;
    }

  self->n_fetched += items->len;

  evict_oldest (self);

  page = g_new0 (CwSqlPage, 1);
  page->index = index;
  page->items = g_steal_pointer (&items);
  page->link.data = page;
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
  g_queue_push_head_link (&self->lru, &page->link);
  self->n_cached += page->items->len;

  return page;
}

static GType
cw_sql_list_model_get_item_type (GListModel *model)
{
  return CW_SQL_LIST_MODEL (model)->item_type;
}

static guint
cw_sql_list_model_get_n_items (GListModel *model)
{
  return CW_SQL_LIST_MODEL (model)->n_items;
}

static gpointer
cw_sql_list_model_get_item (GListModel *model,
                            guint       position)
{
  CwSqlListModel *self = CW_SQL_LIST_MODEL (model);
  guint index, offset;
  CwSqlPage *page;

  if (position >= self->n_items)
    return NULL;

  index = position / self->page_size;
  offset = position % self->page_size;

  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));
  if (page != NULL)
    {
      g_queue_unlink (&self->lru, &page->link);
      g_queue_push_head_link (&self->lru, &page->link);
    }
  else if ((page = fetch_page (self, index)) == NULL)
    return NULL;

  /* The table may have shrunk since it was counted. */
  if (offset >= page->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (page->items, offset));
}

static void
cw_sql_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = cw_sql_list_model_get_item_type;
  iface->get_n_items = cw_sql_list_model_get_n_items;
  iface->get_item = cw_sql_list_model_get_item;
}

static void
cw_sql_list_model_dispose (GObject *object)
{
  CwSqlListModel *self = CW_SQL_LIST_MODEL (object);

  drop_cache (self);
  g_clear_object (&self->database);
  if (self->user_data_destroy != NULL)
    g_clear_pointer (&self->user_data, self->user_data_destroy);

  G_OBJECT_CLASS (cw_sql_list_model_parent_class)->dispose (object);
}

static void
cw_sql_list_model_finalize (GObject *object)
{
  CwSqlListModel *self = CW_SQL_LIST_MODEL (object);

  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->select_sql, g_free);
  g_clear_pointer (&self->page_sql, g_free);
  g_clear_pointer (&self->count_sql, g_free);

  G_OBJECT_CLASS (cw_sql_list_model_parent_class)->finalize (object);
}

static void
cw_sql_list_model_class_init (CwSqlListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cw_sql_list_model_dispose;
  object_class->finalize = cw_sql_list_model_finalize;
}

static void
cw_sql_list_model_init (CwSqlListModel *self)
{
  self->page_size = DEFAULT_PAGE_SIZE;
  self->max_pages = DEFAULT_MAX_PAGES;
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, page_free);
  g_queue_init (&self->lru);
}

/**
 * cw_sql_list_model_new:
 * @database: the open database (a reference is kept)
 * @item_type: the GType every row becomes
 * @select_sql: "SELECT … ORDER BY …" without LIMIT, or with its own
 *   ":cw_page_limit" and ":cw_page_offset" (then nothing is appended)
 * @count_sql: "SELECT count(*) …" over the same rows
 * @bind_func: (nullable): binds the parameters of both statements
 * @row_func: makes an object (full reference) from the current row
 *
 * The parameter names :cw_page_limit and :cw_page_offset are taken by the
 * model. Counts the rows at once.
 *
 * Returns: (transfer full): the model.
 */
CwSqlListModel *
cw_sql_list_model_new (CwDatabase     *database,
                       GType           item_type,
                       const char     *select_sql,
                       const char     *count_sql,
                       CwSqlBindFunc   bind_func,
                       CwSqlRowFunc    row_func,
                       gpointer        user_data,
                       GDestroyNotify  user_data_destroy)
{
  CwSqlListModel *self;

  g_return_val_if_fail (CW_IS_DATABASE (database), NULL);
  g_return_val_if_fail (g_type_is_a (item_type, G_TYPE_OBJECT), NULL);
  g_return_val_if_fail (select_sql != NULL, NULL);
  g_return_val_if_fail (count_sql != NULL, NULL);
  g_return_val_if_fail (row_func != NULL, NULL);

  self = g_object_new (CW_TYPE_SQL_LIST_MODEL, NULL);
  self->database = g_object_ref (database);
  self->item_type = item_type;
  if (strstr (select_sql, ":cw_page_limit") != NULL)
    self->select_sql = g_strdup (select_sql);
  else
    self->select_sql = g_strdup_printf ("%s LIMIT :cw_page_limit OFFSET :cw_page_offset",
                                        select_sql);
  self->count_sql = g_strdup (count_sql);
  self->bind_func = bind_func;
  self->row_func = row_func;
  self->user_data = user_data;
  self->user_data_destroy = user_data_destroy;
  self->n_items = count_rows (self);

  return self;
}

/**
 * cw_sql_list_model_set_page_sql:
 * @page_sql: (nullable): the query pages are read with, or %NULL for the
 *   select
 *
 * Pages are read with @page_sql, which gives the same rows in the same
 * order as the select and places ":cw_page_limit" and ":cw_page_offset"
 * itself (such as in a subquery that skips rows before anything is
 * joined). cw_sql_list_model_foreach() still reads the select. Drops the
 * cached pages.
 */
void
cw_sql_list_model_set_page_sql (CwSqlListModel *self,
                                const char     *page_sql)
{
  g_return_if_fail (CW_IS_SQL_LIST_MODEL (self));
  g_return_if_fail (page_sql == NULL || strstr (page_sql, ":cw_page_offset") != NULL);

  drop_cache (self);
  g_free (self->page_sql);
  self->page_sql = g_strdup (page_sql);
}

/**
 * cw_sql_list_model_foreach:
 * @func: called with each row's object (transfer none) in list order
 *
 * Returns: %TRUE when every row was read and @func never stopped; %FALSE
 * with @error set when the database could not be read or @func set it.
 */
gboolean
cw_sql_list_model_foreach (CwSqlListModel    *self,
                           CwSqlForeachFunc   func,
                           gpointer           user_data,
                           GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CW_IS_SQL_LIST_MODEL (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  stmt = cw_database_prepare (self->database, self->select_sql, error);
  if (stmt == NULL)
    return FALSE;

  if (self->bind_func != NULL)
    self->bind_func (stmt, self->user_data);
  /* LIMIT -1: every row, in one pass. */
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":cw_page_limit"), -1);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":cw_page_offset"), 0);
  self->n_queries++;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GObject) item = self->row_func (stmt, self->user_data);

      if (item == NULL || !g_type_is_a (G_OBJECT_TYPE (item), self->item_type))
        {
          g_critical ("The row function of a list gave no %s", g_type_name (self->item_type));
          cw_database_set_error (self->database, error, SQLITE_ERROR, "list");
          return FALSE;
        }
      self->n_fetched++;
      if (!func (item, user_data, error))
        return FALSE;
    }

  if (rc != SQLITE_DONE)
    {
      cw_database_set_error (self->database, error, rc, "list");
      return FALSE;
    }

  return TRUE;
}

/**
 * cw_sql_list_model_reload:
 *
 * Counts again and drops every cached page, then tells views that the whole
 * list changed (removed: the old count; added: the new count).
 */
void
cw_sql_list_model_reload (CwSqlListModel *self)
{
  guint old_n_items;

  g_return_if_fail (CW_IS_SQL_LIST_MODEL (self));

  old_n_items = self->n_items;
  drop_cache (self);
  self->n_items = count_rows (self);

  if (old_n_items > 0 || self->n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_items, self->n_items);
}

void
cw_sql_list_model_set_page_size (CwSqlListModel *self,
                                 guint           page_size,
                                 guint           max_pages)
{
  g_return_if_fail (CW_IS_SQL_LIST_MODEL (self));
  g_return_if_fail (page_size > 0);
  g_return_if_fail (max_pages > 0);

  drop_cache (self);
  self->page_size = page_size;
  self->max_pages = max_pages;
}

guint
cw_sql_list_model_get_page_size (CwSqlListModel *self)
{
  g_return_val_if_fail (CW_IS_SQL_LIST_MODEL (self), 0);

  return self->page_size;
}

guint
cw_sql_list_model_get_max_pages (CwSqlListModel *self)
{
  g_return_val_if_fail (CW_IS_SQL_LIST_MODEL (self), 0);

  return self->max_pages;
}

guint
cw_sql_list_model_get_n_cached (CwSqlListModel *self)
{
  g_return_val_if_fail (CW_IS_SQL_LIST_MODEL (self), 0);

  return self->n_cached;
}

guint64
cw_sql_list_model_get_n_fetched (CwSqlListModel *self)
{
  g_return_val_if_fail (CW_IS_SQL_LIST_MODEL (self), 0);

  return self->n_fetched;
}

guint
cw_sql_list_model_get_n_queries (CwSqlListModel *self)
{
  g_return_val_if_fail (CW_IS_SQL_LIST_MODEL (self), 0);

  return self->n_queries;
}
