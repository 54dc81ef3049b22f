/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-body-map"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "cw-body-map.h"

/*
 * The outline is drawn in "units": each side's figure stands in a box 100
 * units wide and 200 high (a child's proportions: a large head, short
 * limbs). Marks store their place as a fraction of that box, so a mark
 * stays on the same part of the body whatever the widget's size.
 */
#define UNITS_WIDE 100.0
#define UNITS_HIGH 200.0

#define MARK_RADIUS 11.0          /* pixels */
#define OUTLINE_WIDTH 2.0         /* pixels */
#define FIGURE_GAP 48.0           /* pixels between the two figures */
#define CAPTION_HEIGHT 28.0       /* "Front" / "Back" below each figure */
#define SIDE_MARGIN 8.0           /* pixels beside each figure */

/* The parts of the outline, for hit tests and site names. */
typedef enum
{
  PART_NONE,
  PART_HEAD,
  PART_NECK,
  PART_TORSO,
  PART_UPPER_ARM,
  PART_FOREARM,
  PART_HAND,
  PART_THIGH,
  PART_LOWER_LEG,
  PART_FOOT,
} Part;

typedef struct
{
  double x, y;
} Point;

/* The torso's outline, the viewer's left half from the neck down to the
 * crotch; the right half mirrors it. */
static const Point torso_left[] = {
  { 44.0, 45.0 }, { 35.0, 47.0 }, { 29.5, 51.0 }, { 28.0, 58.0 }, { 30.5, 70.0 },
  { 33.0, 86.0 }, { 32.0, 100.0 }, { 32.0, 112.0 }, { 38.0, 119.5 },
};
static const Point crotch = { 50.0, 121.0 };

/* Limbs on the viewer's left as capsules (a thick line with round ends). */
typedef struct
{
  Part  part;
  Point from, to;
  double width;
} Capsule;

static const Capsule limbs_left[] = {
  { PART_NECK, { 50.0, 36.0 }, { 50.0, 47.0 }, 12.0 },
  { PART_UPPER_ARM, { 29.0, 55.0 }, { 24.5, 83.0 }, 10.5 },
  { PART_FOREARM, { 24.5, 83.0 }, { 21.5, 107.0 }, 9.0 },
  { PART_THIGH, { 39.5, 112.0 }, { 39.5, 152.0 }, 16.0 },
  { PART_LOWER_LEG, { 39.5, 152.0 }, { 39.5, 185.0 }, 12.0 },
};

typedef struct
{
  Part   part;
  Point  centre;
  double rx, ry;
} Ellipse;

static const Ellipse rounds_left[] = {
  { PART_HEAD, { 50.0, 21.0 }, 15.0, 18.0 },
  { PART_HAND, { 20.5, 115.5 }, 5.0, 8.5 },
  { PART_FOOT, { 37.5, 190.5 }, 7.5, 5.0 },
};

static const Point elbow = { 24.5, 83.0 };
static const Point knee = { 39.5, 152.0 };

/* Sites named from the outline: [0] the child's right, [1] their left. */
typedef enum
{
  SITE_SHOULDER,
  SITE_UPPER_ARM,
  SITE_ELBOW,
  SITE_FOREARM,
  SITE_HAND,
  SITE_HIP,
  SITE_THIGH,
  SITE_KNEE,
  SITE_SHIN,
  SITE_CALF,
  SITE_FOOT,
  SITE_SIDED_LAST
} SidedSite;

static const char *const sided_sites[SITE_SIDED_LAST][2] = {
  [SITE_SHOULDER]  = { N_("right shoulder"), N_("left shoulder") },
  [SITE_UPPER_ARM] = { N_("right upper arm"), N_("left upper arm") },
  [SITE_ELBOW]     = { N_("right elbow"), N_("left elbow") },
  [SITE_FOREARM]   = { N_("right forearm"), N_("left forearm") },
  [SITE_HAND]      = { N_("right hand"), N_("left hand") },
  [SITE_HIP]       = { N_("right hip"), N_("left hip") },
  [SITE_THIGH]     = { N_("right thigh"), N_("left thigh") },
  [SITE_KNEE]      = { N_("right knee"), N_("left knee") },
  [SITE_SHIN]      = { N_("right shin"), N_("left shin") },
  [SITE_CALF]      = { N_("right calf"), N_("left calf") },
  [SITE_FOOT]      = { N_("right foot"), N_("left foot") },
};

struct _CwBodyMap
{
  GtkWidget       parent_instance;

  CwEntry        *entry;
  gulong          changed_id;
  gboolean        editable;
  int             selected;

  /* The form of one mark, in a popover. */
  GtkPopover     *popover;
  GtkLabel       *popover_heading;
  GtkEntry       *site_entry;
  GtkEntry       *size_entry;
  GtkEntry       *description_entry;
  GtkSwitch      *skin_broken_switch;
  GtkButton      *remove_button;
  int             editing;        /* the mark in the form, or -1 */
  gboolean        syncing;        /* filling the form: no writes back */
};

enum {
  PROP_0,
  PROP_ENTRY,
  PROP_EDITABLE,
  PROP_SELECTED,
  N_PROPS
};

enum {
  MARK_ADDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CwBodyMap, cw_body_map, GTK_TYPE_WIDGET)

/* Geometry ---------------------------------------------------------------- */

static double
distance_to_segment (Point p,
                     Point a,
                     Point b)
{
  double dx = b.x - a.x, dy = b.y - a.y;
  double length2 = dx * dx + dy * dy;
  double t = length2 > 0.0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2 : 0.0;

  t = CLAMP (t, 0.0, 1.0);
  return hypot (p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

static Point
mirror (Point p)
{
  return (Point) { UNITS_WIDE - p.x, p.y };
}

/* The torso as a polygon (its spline's control points are close enough
 * for a hit test). */
static gboolean
point_in_torso (Point p)
{
  Point polygon[2 * G_N_ELEMENTS (torso_left) + 1];
  guint n = 0;
  gboolean inside = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (torso_left); i++)
    polygon[n++] = torso_left[i];
  polygon[n++] = crotch;
  for (guint i = G_N_ELEMENTS (torso_left); i-- > 0;)
    polygon[n++] = mirror (torso_left[i]);

  for (guint i = 0, j = n - 1; i < n; j = i++)
    {
      if (((polygon[i].y > p.y) != (polygon[j].y > p.y)) &&
          (p.x < (polygon[j].x - polygon[i].x) * (p.y - polygon[i].y) /
                 (polygon[j].y - polygon[i].y) + polygon[i].x))
        inside = !inside;
    }

  return inside;
}

/* The part of the outline under @p (in units, on the viewer's left half
 * after mirroring), with @tolerance units of slack. */
static Part
part_at (Point  p,
         double tolerance)
{
  Point q = p.x > UNITS_WIDE / 2 ? mirror (p) : p;

  for (guint i = 0; i < G_N_ELEMENTS (rounds_left); i++)
    {
      const Ellipse *e = &rounds_left[i];
      double dx = (q.x - e->centre.x) / (e->rx + tolerance);
      double dy = (q.y - e->centre.y) / (e->ry + tolerance);

      if (dx * dx + dy * dy <= 1.0)
        return e->part;
    }

  for (guint i = 0; i < G_N_ELEMENTS (limbs_left); i++)
    {
      const Capsule *c = &limbs_left[i];

      /* The upper arm and thigh meet the torso: the torso wins there. */
      if ((c->part == PART_UPPER_ARM || c->part == PART_THIGH) && point_in_torso (q))
        continue;

      if (distance_to_segment (q, c->from, c->to) <= c->width / 2 + tolerance)
        return c->part;
    }

  if (point_in_torso (q))
    return PART_TORSO;

  /* Slack around the torso's edge too. */
  for (double angle = 0; angle < 2 * G_PI; angle += G_PI / 4)
    {
      Point near = { q.x + tolerance * cos (angle), q.y + tolerance * sin (angle) };

      if (tolerance > 0 && point_in_torso (near))
        return PART_TORSO;
    }

  return PART_NONE;
}

/* Drawing ----------------------------------------------------------------- */

/* A closed Catmull-Rom spline through @points, as Bézier curves. */
static void
closed_spline (cairo_t     *cr,
               const Point *points,
               guint        n)
{
  cairo_move_to (cr, points[0].x, points[0].y);
  for (guint i = 0; i < n; i++)
    {
      Point p0 = points[(i + n - 1) % n];
      Point p1 = points[i];
      Point p2 = points[(i + 1) % n];
      Point p3 = points[(i + 2) % n];

      cairo_curve_to (cr,
                      p1.x + (p2.x - p0.x) / 6, p1.y + (p2.y - p0.y) / 6,
                      p2.x - (p3.x - p1.x) / 6, p2.y - (p3.y - p1.y) / 6,
                      p2.x, p2.y);
    }
  cairo_close_path (cr);
}

static void
torso_path (cairo_t *cr)
{
  Point points[2 * G_N_ELEMENTS (torso_left) + 1];
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (torso_left); i++)
    points[n++] = torso_left[i];
  points[n++] = crotch;
  for (guint i = G_N_ELEMENTS (torso_left); i-- > 0;)
    points[n++] = mirror (torso_left[i]);

  closed_spline (cr, points, n);
}

static void
ellipse_path (cairo_t       *cr,
              const Ellipse *e,
              gboolean       mirrored)
{
  Point centre = mirrored ? mirror (e->centre) : e->centre;

  cairo_save (cr);
  cairo_translate (cr, centre.x, centre.y);
  cairo_scale (cr, e->rx, e->ry);
  cairo_new_sub_path (cr);
  cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
  cairo_restore (cr);
}

/* One pass over every part: @grow units wider all round. */
static void
draw_figure_pass (cairo_t *cr,
                  double   grow)
{
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  for (int mirrored = 0; mirrored < 2; mirrored++)
    for (guint i = 0; i < G_N_ELEMENTS (limbs_left); i++)
      {
        const Capsule *c = &limbs_left[i];
        Point from = mirrored ? mirror (c->from) : c->from;
        Point to = mirrored ? mirror (c->to) : c->to;

        if (mirrored && c->part == PART_NECK)
          continue;
        cairo_new_path (cr);
        cairo_move_to (cr, from.x, from.y);
        cairo_line_to (cr, to.x, to.y);
        cairo_set_line_width (cr, c->width + 2 * grow);
        cairo_stroke (cr);
      }

  for (int mirrored = 0; mirrored < 2; mirrored++)
    for (guint i = 0; i < G_N_ELEMENTS (rounds_left); i++)
      {
        const Ellipse *e = &rounds_left[i];

        if (mirrored && e->part == PART_HEAD)
          continue;
        cairo_new_path (cr);
        ellipse_path (cr, e, mirrored);
        if (grow > 0)
          {
            cairo_set_line_width (cr, 2 * grow);
            cairo_fill_preserve (cr);
            cairo_stroke (cr);
          }
        else
          {
            cairo_fill (cr);
          }
      }

  cairo_new_path (cr);
  torso_path (cr);
  if (grow > 0)
    {
      cairo_set_line_width (cr, 2 * grow);
      cairo_fill_preserve (cr);
      cairo_stroke (cr);
    }
  else
    {
      cairo_fill (cr);
    }
}

typedef struct
{
  double x, y;        /* top left of the figure's box, in pixels */
  double scale;       /* pixels per unit */
} Figure;

/* Where each side's figure goes for a widget of @width × @height. */
static gboolean
layout_figures (double  width,
                double  height,
                Figure  figures[2])
{
  double figure_height = height - CAPTION_HEIGHT - 12;
  double figure_width = figure_height * UNITS_WIDE / UNITS_HIGH;
  double max_width = (width - FIGURE_GAP - 4 * SIDE_MARGIN) / 2;
  double total, left;

  if (figure_width > max_width)
    {
      figure_width = max_width;
      figure_height = figure_width * UNITS_HIGH / UNITS_WIDE;
    }

  if (figure_width <= 10 || figure_height <= 20)
    return FALSE;

  total = 2 * figure_width + FIGURE_GAP + 4 * SIDE_MARGIN;
  left = (width - total) / 2 + SIDE_MARGIN;

  for (int side = 0; side < 2; side++)
    {
      figures[side].x = left + side * (figure_width + FIGURE_GAP + 2 * SIDE_MARGIN);
      figures[side].y = 6;
      figures[side].scale = figure_width / UNITS_WIDE;
    }

  return TRUE;
}

static void
mark_position (const Figure     *figures,
               const CwBodyMark *mark,
               double           *x,
               double           *y)
{
  const Figure *f = &figures[mark->side == CW_BODY_BACK ? 1 : 0];

  *x = f->x + mark->x * UNITS_WIDE * f->scale;
  *y = f->y + mark->y * UNITS_HIGH * f->scale;
}

static void
get_foreground (GtkWidget *widget,
                GdkRGBA   *color)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  gtk_style_context_get_color (context, color);
}

static void
draw_text (cairo_t     *cr,
           GtkWidget   *widget,
           const char  *text,
           double       centre_x,
           double       centre_y,
           gboolean     bold,
           double       scale)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  PangoFontDescription *font = pango_font_description_copy (
    pango_context_get_font_description (pango_layout_get_context (layout)));
  int text_width, text_height;

  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  if (scale != 1.0)
    pango_font_description_set_size (font,
                                     (int) (pango_font_description_get_size (font) * scale));
  pango_layout_set_font_description (layout, font);
  pango_layout_get_pixel_size (layout, &text_width, &text_height);
  cairo_move_to (cr, centre_x - text_width / 2.0, centre_y - text_height / 2.0);
  pango_cairo_show_layout (cr, layout);

  pango_font_description_free (font);
  g_object_unref (layout);
}

static void
draw_figure (CwBodyMap     *self,
             cairo_t       *cr,
             const Figure  *f,
             CwBodySide     side,
             const GdkRGBA *fg)
{
  GtkWidget *widget = GTK_WIDGET (self);
  double figure_width = UNITS_WIDE * f->scale;
  double figure_height = UNITS_HIGH * f->scale;
  double grow = OUTLINE_WIDTH / f->scale;

  /* The outline of the union of every part: each part grown by the
   * outline's width in the outline's colour, then every part in the fill
   * colour over it (SOURCE, so that the fill replaces the strokes). */
  cairo_save (cr);
  cairo_push_group (cr);
  cairo_translate (cr, f->x, f->y);
  cairo_scale (cr, f->scale, f->scale);
  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 1.0);
  draw_figure_pass (cr, grow);
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.07);
  draw_figure_pass (cr, 0);
  cairo_pop_group_to_source (cr);
  cairo_paint_with_alpha (cr, 0.75);
  cairo_restore (cr);

  /* The back: a faint line down the spine tells it from the front. */
  if (side == CW_BODY_BACK)
    {
      cairo_save (cr);
      cairo_translate (cr, f->x, f->y);
      cairo_scale (cr, f->scale, f->scale);
      cairo_move_to (cr, 50.0, 50.0);
      cairo_line_to (cr, 50.0, 100.0);
      cairo_set_line_width (cr, 1.0 / f->scale);
      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.3);
      cairo_stroke (cr);
      cairo_restore (cr);
    }

  /* The child's right and left: on the front their right is on the
   * viewer's left, on the back on the viewer's right. */
  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.55);
  draw_text (cr, widget, side == CW_BODY_FRONT ? C_("body side, short", "R")
                                               : C_("body side, short", "L"),
             f->x + 7 * f->scale, f->y + figure_height * 0.27, FALSE, 0.85);
  draw_text (cr, widget, side == CW_BODY_FRONT ? C_("body side, short", "L")
                                               : C_("body side, short", "R"),
             f->x + figure_width - 7 * f->scale, f->y + figure_height * 0.27, FALSE, 0.85);

  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.85);
  draw_text (cr, widget, cw_body_side_get_title (side), f->x + figure_width / 2,
             f->y + figure_height + 6 + CAPTION_HEIGHT / 2, TRUE, 1.0);
}

static void
draw_marks (CwBodyMap     *self,
            cairo_t       *cr,
            const Figure  *figures)
{
  GPtrArray *marks;

  if (self->entry == NULL)
    return;

  marks = cw_entry_get_body_marks (self->entry);
  for (guint i = 0; i < marks->len; i++)
    {
      const CwBodyMark *mark = g_ptr_array_index (marks, i);
      g_autofree char *number = g_strdup_printf ("%u", i + 1);
      double x, y;

      mark_position (figures, mark, &x, &y);

      if ((int) i == self->selected)
        {
          cairo_new_path (cr);
          cairo_arc (cr, x, y, MARK_RADIUS + 5, 0, 2 * G_PI);
          cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.45);   /* accent blue */
          cairo_fill (cr);
        }

      cairo_new_path (cr);
      cairo_arc (cr, x, y, MARK_RADIUS, 0, 2 * G_PI);
      cairo_set_source_rgb (cr, 0.75, 0.11, 0.16);            /* a deep red */
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);

      draw_text (cr, GTK_WIDGET (self), number, x, y, TRUE, 0.85);
    }
}

/* The form ---------------------------------------------------------------- */

static CwBodyMark *
get_mark (CwBodyMap *self,
          int        index)
{
  GPtrArray *marks;

  if (self->entry == NULL || index < 0)
    return NULL;

  marks = cw_entry_get_body_marks (self->entry);
  if ((guint) index >= marks->len)
    return NULL;

  return g_ptr_array_index (marks, index);
}

static void
set_entry_text_if_different (GtkEntry   *entry,
                             const char *text)
{
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), text != NULL ? text : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (entry), text != NULL ? text : "");
}

static void
sync_form (CwBodyMap *self)
{
  CwBodyMark *mark = get_mark (self, self->editing);
  g_autofree char *heading = NULL;

  if (mark == NULL)
    {
      self->editing = -1;
      if (gtk_widget_get_visible (GTK_WIDGET (self->popover)))
        gtk_popover_popdown (self->popover);
      return;
    }

  self->syncing = TRUE;
  /* TRANSLATORS: the heading of a body-map mark's form: "Mark 2 — Front" */
  heading = g_strdup_printf (_("Mark %d — %s"), self->editing + 1,
                             cw_body_side_get_title (mark->side));
  gtk_label_set_text (self->popover_heading, heading);
  set_entry_text_if_different (self->site_entry, mark->site);
  set_entry_text_if_different (self->size_entry, mark->size);
  set_entry_text_if_different (self->description_entry, mark->description);
  if (gtk_switch_get_active (self->skin_broken_switch) != mark->skin_broken)
    gtk_switch_set_active (self->skin_broken_switch, mark->skin_broken);
  self->syncing = FALSE;
}

static void
point_popover_at_mark (CwBodyMap *self)
{
  CwBodyMark *mark = get_mark (self, self->editing);
  Figure figures[2];
  double x, y;

  if (mark == NULL ||
      !layout_figures (gtk_widget_get_width (GTK_WIDGET (self)),
                       gtk_widget_get_height (GTK_WIDGET (self)), figures))
    return;

  mark_position (figures, mark, &x, &y);
  gtk_popover_set_pointing_to (self->popover,
                               &(GdkRectangle) { (int) (x - MARK_RADIUS), (int) (y - MARK_RADIUS),
                                                 (int) (2 * MARK_RADIUS),
                                                 (int) (2 * MARK_RADIUS) });
}

static gboolean
mark_in_window (CwBodyMap *self,
                int        index)
{
  CwBodyMark *mark = get_mark (self, index);
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)));
  Figure figures[2];
  graphene_point_t point;
  double x, y;

  if (mark == NULL || root == NULL ||
      !layout_figures (gtk_widget_get_width (GTK_WIDGET (self)),
                       gtk_widget_get_height (GTK_WIDGET (self)), figures))
    return FALSE;

  mark_position (figures, mark, &x, &y);
  if (!gtk_widget_compute_point (GTK_WIDGET (self), root, &GRAPHENE_POINT_INIT (x, y), &point))
    return FALSE;

  return point.x >= 0 && point.y >= 0 &&
         point.x <= gtk_widget_get_width (root) && point.y <= gtk_widget_get_height (root);
}

static void
set_selected_internal (CwBodyMap *self,
                       int        index)
{
  if (self->selected == index)
    return;

  self->selected = index;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

static void
update_accessible_description (CwBodyMap *self)
{
  guint n = self->entry != NULL ? cw_entry_get_body_marks (self->entry)->len : 0;
  g_autofree char *description = NULL;

  if (n == 0)
    description = g_strdup (_("No marks recorded."));
  else
    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u mark, listed below the map.",
                                                "%u marks, listed below the map.", n), n);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
}

/* Callbacks --------------------------------------------------------------- */

static void
entry_changed_cb (CwBodyMap *self)
{
  GPtrArray *marks = cw_entry_get_body_marks (self->entry);

  if (self->selected >= (int) marks->len)
    set_selected_internal (self, -1);

  if (self->editing >= 0)
    sync_form (self);

  update_accessible_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
form_changed_cb (CwBodyMap *self)
{
  CwBodyMark *mark = get_mark (self, self->editing);

  if (mark == NULL || self->syncing || !self->editable)
    return;

  g_free (mark->site);
  mark->site = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->site_entry)));
  g_free (mark->size);
  mark->size = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->size_entry)));
  g_free (mark->description);
  mark->description = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->description_entry)));
  mark->skin_broken = gtk_switch_get_active (self->skin_broken_switch);

  cw_entry_emit_changed (self->entry);
}

static void
remove_button_clicked_cb (CwBodyMap *self)
{
  int index = self->editing;

  if (get_mark (self, index) == NULL || !self->editable)
    return;

  self->editing = -1;
  gtk_popover_popdown (self->popover);
  set_selected_internal (self, -1);
  cw_entry_remove_body_mark (self->entry, (guint) index);
}

static void
done_button_clicked_cb (CwBodyMap *self)
{
  gtk_popover_popdown (self->popover);
}

static void
popover_closed_cb (CwBodyMap *self)
{
  self->editing = -1;
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            CwBodyMap       *self)
{
  if (cw_body_map_click (self, x, y))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

/* Overrides --------------------------------------------------------------- */

static void
cw_body_map_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  CwBodyMap *self = CW_BODY_MAP (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  Figure figures[2];
  GdkRGBA fg;
  cairo_t *cr;

  if (!layout_figures (width, height, figures))
    return;

  get_foreground (widget, &fg);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  draw_figure (self, cr, &figures[0], CW_BODY_FRONT, &fg);
  draw_figure (self, cr, &figures[1], CW_BODY_BACK, &fg);
  draw_marks (self, cr, figures);

  cairo_destroy (cr);
}

static void
cw_body_map_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 300;
      *natural = 400;
    }
  else
    {
      *minimum = 300;
      *natural = 400;
    }
}

static void
cw_body_map_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  CwBodyMap *self = CW_BODY_MAP (widget);

  point_popover_at_mark (self);
  gtk_popover_present (self->popover);
}

static void
cw_body_map_dispose (GObject *object)
{
  CwBodyMap *self = CW_BODY_MAP (object);

  if (self->entry != NULL)
    {
      g_clear_signal_handler (&self->changed_id, self->entry);
      g_clear_object (&self->entry);
    }

  if (self->popover != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->popover));
      self->popover = NULL;
    }

  G_OBJECT_CLASS (cw_body_map_parent_class)->dispose (object);
}

static void
cw_body_map_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CwBodyMap *self = CW_BODY_MAP (object);

  switch (prop_id)
    {
    case PROP_ENTRY:
      g_value_set_object (value, self->entry);
      break;
    case PROP_EDITABLE:
      g_value_set_boolean (value, self->editable);
      break;
    case PROP_SELECTED:
      g_value_set_int (value, self->selected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cw_body_map_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  CwBodyMap *self = CW_BODY_MAP (object);

  switch (prop_id)
    {
    case PROP_ENTRY:
      cw_body_map_set_entry (self, g_value_get_object (value));
      break;
    case PROP_EDITABLE:
      cw_body_map_set_editable (self, g_value_get_boolean (value));
      break;
    case PROP_SELECTED:
      cw_body_map_set_selected (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cw_body_map_class_init (CwBodyMapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cw_body_map_dispose;
  object_class->get_property = cw_body_map_get_property;
  object_class->set_property = cw_body_map_set_property;

  widget_class->snapshot = cw_body_map_snapshot;
  widget_class->measure = cw_body_map_measure;
  widget_class->size_allocate = cw_body_map_size_allocate;

  properties[PROP_ENTRY] =
    g_param_spec_object ("entry", NULL, NULL, CW_TYPE_ENTRY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EDITABLE] =
    g_param_spec_boolean ("editable", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED] =
    g_param_spec_int ("selected", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CwBodyMap::mark-added:
   * @index: the new mark's index in the entry's marks
   *
   * A mark was placed (by a click or cw_body_map_add_mark()).
   */
  signals[MARK_ADDED] =
    g_signal_new ("mark-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_css_name (widget_class, "body-map");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static GtkWidget *
form_label (const char *text,
            GtkWidget  *mnemonic_widget)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (text);

  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), mnemonic_widget);
  gtk_widget_add_css_class (label, "dim-label");

  return label;
}

static GtkEntry *
form_entry (CwBodyMap  *self,
            const char *name,
            const char *placeholder)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_widget_set_name (entry, name);
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 26);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (form_changed_cb), self);

  return GTK_ENTRY (entry);
}

static void
build_form (CwBodyMap *self)
{
  GtkWidget *box, *grid, *buttons, *done, *skin_box;

  self->site_entry = form_entry (self, "mark_site_entry", _("For example “left forearm”"));
  self->size_entry = form_entry (self, "mark_size_entry", _("For example “3 cm × 1 cm”"));
  self->description_entry = form_entry (self, "mark_description_entry",
                                        _("Colour, shape, what it looks like"));
  self->skin_broken_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_name (GTK_WIDGET (self->skin_broken_switch), "mark_skin_broken_switch");
  gtk_widget_set_valign (GTK_WIDGET (self->skin_broken_switch), GTK_ALIGN_CENTER);
  g_signal_connect_swapped (self->skin_broken_switch, "notify::active",
                            G_CALLBACK (form_changed_cb), self);

  self->popover_heading = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->popover_heading, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->popover_heading), "heading");

  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 8);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_attach (GTK_GRID (grid), form_label (_("_Site"), GTK_WIDGET (self->site_entry)),
                   0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (self->site_entry), 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), form_label (_("Si_ze"), GTK_WIDGET (self->size_entry)),
                   0, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (self->size_entry), 1, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (grid),
                   form_label (_("_Colour and description"),
                               GTK_WIDGET (self->description_entry)),
                   0, 2, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (self->description_entry), 1, 2, 1, 1);
  skin_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_box_append (GTK_BOX (skin_box), GTK_WIDGET (self->skin_broken_switch));
  gtk_grid_attach (GTK_GRID (grid),
                   form_label (_("Skin _broken"), GTK_WIDGET (self->skin_broken_switch)),
                   0, 3, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), skin_box, 1, 3, 1, 1);

  self->remove_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Remove Mark")));
  gtk_widget_set_name (GTK_WIDGET (self->remove_button), "mark_remove_button");
  gtk_widget_add_css_class (GTK_WIDGET (self->remove_button), "destructive-action");
  g_signal_connect_swapped (self->remove_button, "clicked",
                            G_CALLBACK (remove_button_clicked_cb), self);
  done = gtk_button_new_with_mnemonic (_("_Done"));
  gtk_widget_set_name (done, "mark_done_button");
  gtk_widget_add_css_class (done, "suggested-action");
  gtk_widget_set_hexpand (done, TRUE);
  gtk_widget_set_halign (done, GTK_ALIGN_END);
  g_signal_connect_swapped (done, "clicked", G_CALLBACK (done_button_clicked_cb), self);

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->remove_button));
  gtk_box_append (GTK_BOX (buttons), done);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->popover_heading));
  gtk_box_append (GTK_BOX (box), grid);
  gtk_box_append (GTK_BOX (box), buttons);

  self->popover = GTK_POPOVER (gtk_popover_new ());
  gtk_widget_set_name (GTK_WIDGET (self->popover), "mark_popover");
  gtk_popover_set_child (self->popover, box);
  gtk_popover_set_default_widget (self->popover, done);
  gtk_widget_set_parent (GTK_WIDGET (self->popover), GTK_WIDGET (self));
  g_signal_connect_swapped (self->popover, "closed", G_CALLBACK (popover_closed_cb), self);
}

static void
cw_body_map_init (CwBodyMap *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  self->selected = -1;
  self->editing = -1;

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  build_form (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Body map: the front and back of a child’s body"),
                                  -1);
  update_accessible_description (self);
}

/* Public ------------------------------------------------------------------ */

GtkWidget *
cw_body_map_new (void)
{
  return g_object_new (CW_TYPE_BODY_MAP, NULL);
}

void
cw_body_map_set_entry (CwBodyMap *self,
                       CwEntry   *entry)
{
  g_return_if_fail (CW_IS_BODY_MAP (self));
  g_return_if_fail (entry == NULL || CW_IS_ENTRY (entry));

  if (self->entry == entry)
    return;

  if (self->entry != NULL)
    {
      g_clear_signal_handler (&self->changed_id, self->entry);
      g_clear_object (&self->entry);
    }

  if (gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    gtk_popover_popdown (self->popover);
  self->editing = -1;
  self->selected = -1;

  if (entry != NULL)
    {
      self->entry = g_object_ref (entry);
      self->changed_id = g_signal_connect_swapped (entry, "changed",
                                                   G_CALLBACK (entry_changed_cb), self);
    }

  update_accessible_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENTRY]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

CwEntry *
cw_body_map_get_entry (CwBodyMap *self)
{
  g_return_val_if_fail (CW_IS_BODY_MAP (self), NULL);

  return self->entry;
}

void
cw_body_map_set_editable (CwBodyMap *self,
                          gboolean   editable)
{
  g_return_if_fail (CW_IS_BODY_MAP (self));

  editable = !!editable;
  if (self->editable == editable)
    return;

  self->editable = editable;
  if (!editable && gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    gtk_popover_popdown (self->popover);

  if (editable)
    gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "crosshair");
  else
    gtk_widget_set_cursor (GTK_WIDGET (self), NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDITABLE]);
}

gboolean
cw_body_map_get_editable (CwBodyMap *self)
{
  g_return_val_if_fail (CW_IS_BODY_MAP (self), FALSE);

  return self->editable;
}

int
cw_body_map_get_selected (CwBodyMap *self)
{
  g_return_val_if_fail (CW_IS_BODY_MAP (self), -1);

  return self->selected;
}

void
cw_body_map_set_selected (CwBodyMap *self,
                          int        index)
{
  g_return_if_fail (CW_IS_BODY_MAP (self));

  if (get_mark (self, index) == NULL)
    index = -1;

  set_selected_internal (self, index);
}

gboolean
cw_body_map_click (CwBodyMap *self,
                   double     x,
                   double     y)
{
  Figure figures[2];
  GPtrArray *marks;

  g_return_val_if_fail (CW_IS_BODY_MAP (self), FALSE);

  if (self->entry == NULL ||
      !layout_figures (gtk_widget_get_width (GTK_WIDGET (self)),
                       gtk_widget_get_height (GTK_WIDGET (self)), figures))
    return FALSE;

  /* A mark under the pointer (the last drawn is on top). */
  marks = cw_entry_get_body_marks (self->entry);
  for (guint i = marks->len; i-- > 0;)
    {
      double mx, my;

      mark_position (figures, g_ptr_array_index (marks, i), &mx, &my);
      if (hypot (x - mx, y - my) <= MARK_RADIUS + 2)
        {
          set_selected_internal (self, (int) i);
          if (self->editable)
            cw_body_map_edit_mark (self, i);
          return TRUE;
        }
    }

  if (!self->editable)
    {
      set_selected_internal (self, -1);
      return FALSE;
    }

  for (int side = 0; side < 2; side++)
    {
      const Figure *f = &figures[side];
      double nx = (x - f->x) / (UNITS_WIDE * f->scale);
      double ny = (y - f->y) / (UNITS_HIGH * f->scale);

      if (nx < 0 || nx > 1 || ny < 0 || ny > 1)
        continue;

      if (!cw_body_map_point_is_on_body (side, nx, ny))
        return FALSE;

      cw_body_map_add_mark (self, side, nx, ny);
      return TRUE;
    }

  return FALSE;
}

gboolean
cw_body_map_point_to_widget (CwBodyMap  *self,
                             CwBodySide  side,
                             double      nx,
                             double      ny,
                             double     *x,
                             double     *y)
{
  Figure figures[2];
  const Figure *f;

  g_return_val_if_fail (CW_IS_BODY_MAP (self), FALSE);

  if (!layout_figures (gtk_widget_get_width (GTK_WIDGET (self)),
                       gtk_widget_get_height (GTK_WIDGET (self)), figures))
    return FALSE;

  f = &figures[side == CW_BODY_BACK ? 1 : 0];
  *x = f->x + nx * UNITS_WIDE * f->scale;
  *y = f->y + ny * UNITS_HIGH * f->scale;
  return TRUE;
}

guint
cw_body_map_add_mark (CwBodyMap  *self,
                      CwBodySide  side,
                      double      nx,
                      double      ny)
{
  CwBodyMark *mark;
  const char *site;
  guint index;

  g_return_val_if_fail (CW_IS_BODY_MAP (self), 0);
  g_return_val_if_fail (self->entry != NULL, 0);

  mark = cw_body_mark_new (side, CLAMP (nx, 0.0, 1.0), CLAMP (ny, 0.0, 1.0));
  site = cw_body_map_describe_site (side, mark->x, mark->y);
  if (site != NULL)
    {
      g_free (mark->site);
      mark->site = g_strdup (site);
    }

  index = cw_entry_get_body_marks (self->entry)->len;
  cw_entry_add_body_mark (self->entry, mark);

  set_selected_internal (self, (int) index);
  g_signal_emit (self, signals[MARK_ADDED], 0, index);

  if (self->editable)
    cw_body_map_edit_mark (self, index);

  return index;
}

void
cw_body_map_edit_mark (CwBodyMap *self,
                       guint      index)
{
  g_return_if_fail (CW_IS_BODY_MAP (self));

  if (!self->editable || get_mark (self, (int) index) == NULL)
    return;

  /* A popover pointing outside the window cannot be placed: the caller
   * scrolls the map into view first. */
  if (!mark_in_window (self, (int) index))
    {
      g_debug ("Mark %u is outside the window; its form stays closed", index + 1);
      return;
    }

  self->editing = (int) index;
  set_selected_internal (self, (int) index);
  sync_form (self);
  point_popover_at_mark (self);
  gtk_popover_popup (self->popover);
  gtk_widget_grab_focus (GTK_WIDGET (self->site_entry));
}

gboolean
cw_body_map_point_is_on_body (CwBodySide side,
                              double     nx,
                              double     ny)
{
  Point p = { nx * UNITS_WIDE, ny * UNITS_HIGH };

  return part_at (p, 1.5) != PART_NONE;
}

const char *
cw_body_map_describe_site (CwBodySide side,
                           double     nx,
                           double     ny)
{
  Point p = { nx * UNITS_WIDE, ny * UNITS_HIGH };
  Point q = p.x > UNITS_WIDE / 2 ? mirror (p) : p;
  gboolean front = side != CW_BODY_BACK;
  /* On the front the child's right is on the viewer's left. */
  gboolean childs_left = front ? p.x > UNITS_WIDE / 2 : p.x < UNITS_WIDE / 2;
  int sided = -1;

  switch (part_at (p, 1.5))
    {
    case PART_NONE:
      return NULL;
    case PART_HEAD:
      if (!front)
        return _("back of the head");
      return p.y < 9.0 ? _("top of the head") : _("face");
    case PART_NECK:
      return front ? _("neck") : _("back of the neck");
    case PART_TORSO:
      if (q.y < 58.0 && q.x < 38.0)
        sided = SITE_SHOULDER;
      else if (q.y > 100.0 && q.x < 37.0)
        sided = SITE_HIP;
      else if (front)
        return q.y < 74.0 ? _("chest") : q.y < 104.0 ? _("abdomen") : _("lower abdomen");
      else
        return q.y < 74.0 ? _("upper back") : q.y < 100.0 ? _("lower back") : _("buttocks");
      break;
    case PART_UPPER_ARM:
    case PART_FOREARM:
      if (hypot (q.x - elbow.x, q.y - elbow.y) < 5.0)
        sided = SITE_ELBOW;
      else
        sided = part_at (p, 1.5) == PART_UPPER_ARM ? SITE_UPPER_ARM : SITE_FOREARM;
      break;
    case PART_HAND:
      sided = SITE_HAND;
      break;
    case PART_THIGH:
    case PART_LOWER_LEG:
      if (fabs (q.y - knee.y) < 6.0)
        sided = SITE_KNEE;
      else if (part_at (p, 1.5) == PART_THIGH)
        sided = SITE_THIGH;
      else
        sided = front ? SITE_SHIN : SITE_CALF;
      break;
    case PART_FOOT:
      sided = SITE_FOOT;
      break;
    default:
      return NULL;
    }

  return _(sided_sites[sided][childs_left ? 1 : 0]);
}

const char *
cw_body_side_get_title (CwBodySide side)
{
  return side == CW_BODY_BACK ? C_("body map", "Back") : C_("body map", "Front");
}
