/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "core/cw-entry.h"

G_BEGIN_DECLS

/*
 * A body map: a plain front and back outline of a child, side by side,
 * on which injuries and marks are placed. It shows the CwBodyMark list of
 * one CwEntry, numbered in order, and follows the entry's "changed"
 * signal.
 *
 * Editable, a primary click on the outline places a new mark there (its
 * site filled in from the part of the body clicked) and opens a small form
 * for site, size, colour and description and whether the skin is broken;
 * a click on a mark selects it and opens the same form. Read-only, a click
 * only selects. The entry is changed in place (cw_entry_add_body_mark(),
 * cw_entry_emit_changed()), so whoever saves the entry saves the marks.
 *
 * Marks are also listed beside the map by its users (the editor), which is
 * the keyboard route: cw_body_map_add_mark() places one in the middle of a
 * side.
 *
 * Signals: "mark-added" (guint index) after a mark is placed.
 */
#define CW_TYPE_BODY_MAP (cw_body_map_get_type ())
G_DECLARE_FINAL_TYPE (CwBodyMap, cw_body_map, CW, BODY_MAP, GtkWidget)

GtkWidget  *cw_body_map_new               (void);
void        cw_body_map_set_entry         (CwBodyMap  *self,
                                           CwEntry    *entry);
CwEntry    *cw_body_map_get_entry         (CwBodyMap  *self);
void        cw_body_map_set_editable      (CwBodyMap  *self,
                                           gboolean    editable);
gboolean    cw_body_map_get_editable      (CwBodyMap  *self);
/* The selected mark's index, or -1. */
int         cw_body_map_get_selected      (CwBodyMap  *self);
void        cw_body_map_set_selected      (CwBodyMap  *self,
                                           int         index);

/* What a primary click at (@x, @y) in the widget's coordinates does (see
 * above). TRUE when it selected or placed a mark. */
gboolean    cw_body_map_click             (CwBodyMap  *self,
                                           double      x,
                                           double      y);
/* Where the point (@nx, @ny) of a side's outline (0..1 across its width
 * and height) is drawn, in the widget's coordinates; FALSE before the
 * widget has a size. */
gboolean    cw_body_map_point_to_widget   (CwBodyMap  *self,
                                           CwBodySide  side,
                                           double      nx,
                                           double      ny,
                                           double     *x,
                                           double     *y);
/* Adds a mark at (@nx, @ny) of @side with its site filled in from the
 * outline, selects it and (editable) opens its form. Returns its index. */
guint       cw_body_map_add_mark          (CwBodyMap  *self,
                                           CwBodySide  side,
                                           double      nx,
                                           double      ny);
/* Opens the form of mark @index (editable only). */
void        cw_body_map_edit_mark         (CwBodyMap  *self,
                                           guint       index);

/* TRUE when (@nx, @ny) is on the drawn outline of a side. */
gboolean    cw_body_map_point_is_on_body  (CwBodySide  side,
                                           double      nx,
                                           double      ny);
/* The part of the body at a point, as a site ("left forearm", translated),
 * or NULL off the body. Left and right are the child's. */
const char *cw_body_map_describe_site     (CwBodySide  side,
                                           double      nx,
                                           double      ny);
/* "Front" or "Back", translated. */
const char *cw_body_side_get_title        (CwBodySide  side);

G_END_DECLS
