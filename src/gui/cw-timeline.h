/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "core/cw-chronology.h"

G_BEGIN_DECLS

/*
 * CwTimeline: the drawn strip above a chronology. A horizontal band across
 * the child's life (from birth, or the first event when that is earlier or
 * the birth date is unknown, to today or the last event) with the years
 * marked; each event a tick coloured by kind, significant events taller
 * with a round cap, disclosures, concerns and incidents with a triangular
 * cap as well (so that colour is never the only cue).
 *
 * The strip draws one mark per pixel column: the points of a column are
 * counted and the most significant of them is drawn (significance first,
 * then the kind's weight: disclosure, incident, concern …), so 100,000
 * notes cost no more to draw than a few hundred.
 *
 * Hovering shows the date, kind and summary (read from the model, one
 * item at a time); a click, or Enter after moving along the marks with the
 * arrow keys, emits "entry-activated" with the entry the mark stands for.
 */
#define CW_TYPE_TIMELINE (cw_timeline_get_type ())
G_DECLARE_FINAL_TYPE (CwTimeline, cw_timeline, CW, TIMELINE, GtkWidget)

GtkWidget *cw_timeline_new                 (void);

/* The chronology the points come from: its items give the tooltips. */
void       cw_timeline_set_model           (CwTimeline        *self,
                                            GListModel        *chronology);
/* The points of cw_chronology_get_timeline() (a reference is taken; NULL
 * clears). Positions must be those of the model's current contents. */
void       cw_timeline_set_points          (CwTimeline        *self,
                                            GArray            *points);
/* Where the strip starts; an invalid date: the birth date is unknown. */
void       cw_timeline_set_date_of_birth   (CwTimeline        *self,
                                            const GDate       *date_of_birth);
/* Bit (1 << CwEntryKind) for every kind among the points. */
guint64    cw_timeline_get_kinds_present   (CwTimeline        *self);

/* The centre of the mark that shows @entry_id (the first entry of one of
 * the points), in the widget's coordinates; FALSE when it is not drawn
 * (not among the points, or the widget has no size yet). */
gboolean   cw_timeline_get_point_for_entry (CwTimeline        *self,
                                            gint64             entry_id,
                                            double            *x,
                                            double            *y);
/* What a click at (@x, @y) does: emits "entry-activated" for the mark
 * there (within a few pixels) and returns TRUE, or FALSE when there is
 * none. */
gboolean   cw_timeline_activate_at         (CwTimeline        *self,
                                            double             x,
                                            double             y);

/* The fixed palette (colour-blind considerate; lighter on a dark style). */
void       cw_timeline_get_kind_colour     (CwEntryKind        kind,
                                            gboolean           dark,
                                            GdkRGBA           *colour_out);
/* A small drawing of a kind's mark, for legends and list rows. */
GtkWidget *cw_timeline_swatch_new          (CwEntryKind        kind);
void       cw_timeline_swatch_set_kind     (GtkWidget         *swatch,
                                            CwEntryKind        kind);

G_END_DECLS
