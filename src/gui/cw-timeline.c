/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-timeline"

#include "config.h"

#include <math.h>
#include <time.h>
#include <glib/gi18n.h>
#include <adwaita.h>

#include "cw-timeline.h"

/* Geometry of the strip, in pixels. */
#define PAD_X              16    /* space left and right of the band */
#define BAND_TOP           4
#define BASELINE           44    /* the axis; marks stand on it */
#define TICK_HEIGHT        16
#define SIGNIFICANT_HEIGHT 32
#define TICK_WIDTH         3.0
#define CAP_RADIUS         3.5
#define TRIANGLE_HEIGHT    6.0
#define HIT_SLOP           4     /* how far from a mark a click still finds it */
#define COLUMN_WIDTH       4     /* pixels per bucket: a 3-pixel mark and a gap */
#define DENSITY_HEIGHT     30    /* the tallest bar of the note-count histogram */
#define DENSE_ENTRIES      8     /* notes in one column that make the histogram worth it */
#define STRIP_HEIGHT       66

#define SWATCH_WIDTH       12
#define SWATCH_HEIGHT      26

/* The points that fall in one column (COLUMN_WIDTH pixels) of the band. */
typedef struct
{
  guint first;       /* index of the column's first point */
  guint last;        /* … and its last */
  guint best;        /* the point drawn: the most significant */
  guint n_entries;   /* 0: an empty column */
} Column;

struct _CwTimeline
{
  GtkWidget   parent_instance;

  GListModel *model;           /* CwChronologyItem, for tooltips */
  GArray     *points;          /* CwChronologyPoint, in list order */
  GDate       date_of_birth;   /* invalid when unknown */
  guint32     start_day;       /* Julian days of the band's two ends */
  guint32     end_day;
  guint64     kinds_present;

  Column     *columns;         /* one per COLUMN_WIDTH pixels of the band */
  guint       n_columns;
  guint       max_entries;     /* the most notes in one column */
  GArray     *occupied;        /* guint: the columns with marks, left to right */
  int         columns_band;    /* the band width the columns were made for; -1 stale */

  int         hover;           /* index into occupied, or -1 */
  int         cursor;          /* index into occupied (keyboard), or -1 */
  gint64      cursor_entry;    /* the entry under the cursor, kept across rebuilds */
};

enum {
  ENTRY_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CwTimeline, cw_timeline, GTK_TYPE_WIDGET)

/* The palette: Okabe–Ito and Paul Tol colours chosen to stay apart under
 * the common colour-vision deficiencies and to keep 3:1 contrast with the
 * background; kinds of one family share a hue family (visits blue, risk
 * warm). Risk kinds carry a triangular cap as a second cue. */
static const guint32 light_palette[CW_ENTRY_KIND_LAST] = {
  [CW_ENTRY_KIND_CASE_NOTE]              = 0x6e6e6e,
  [CW_ENTRY_KIND_HOME_VISIT]             = 0x0072b2,
  [CW_ENTRY_KIND_OFFICE_VISIT]           = 0x3a8fc7,
  [CW_ENTRY_KIND_PHONE_CALL]             = 0x009e73,
  [CW_ENTRY_KIND_MEETING]                = 0x117733,
  [CW_ENTRY_KIND_OBSERVATION]            = 0x332288,
  [CW_ENTRY_KIND_DISCLOSURE]             = 0xd55e00,
  [CW_ENTRY_KIND_CONCERN]                = 0xb07d00,
  [CW_ENTRY_KIND_INCIDENT]               = 0x882255,
  [CW_ENTRY_KIND_INFORMATION_RECEIVED]   = 0x858526,
  [CW_ENTRY_KIND_DECISION]               = 0xaa4499,
  [CW_ENTRY_KIND_PROFESSIONAL_JUDGEMENT] = 0xc05a93,
  [CW_ENTRY_KIND_OTHER]                  = 0x2e8b7d,
};

static const guint32 dark_palette[CW_ENTRY_KIND_LAST] = {
  [CW_ENTRY_KIND_CASE_NOTE]              = 0xaaaaaa,
  [CW_ENTRY_KIND_HOME_VISIT]             = 0x56b4e9,
  [CW_ENTRY_KIND_OFFICE_VISIT]           = 0x8ccbf0,
  [CW_ENTRY_KIND_PHONE_CALL]             = 0x2dc99a,
  [CW_ENTRY_KIND_MEETING]                = 0x55b86e,
  [CW_ENTRY_KIND_OBSERVATION]            = 0x9a8ce6,
  [CW_ENTRY_KIND_DISCLOSURE]             = 0xff8a3d,
  [CW_ENTRY_KIND_CONCERN]                = 0xf0c340,
  [CW_ENTRY_KIND_INCIDENT]               = 0xd8679c,
  [CW_ENTRY_KIND_INFORMATION_RECEIVED]   = 0xc4c45a,
  [CW_ENTRY_KIND_DECISION]               = 0xd58ac9,
  [CW_ENTRY_KIND_PROFESSIONAL_JUDGEMENT] = 0xeaa0c6,
  [CW_ENTRY_KIND_OTHER]                  = 0x6fcfbf,
};

/* Which mark a crowded column shows, after significance. */
static int
kind_weight (CwEntryKind kind)
{
  switch (kind)
    {
    case CW_ENTRY_KIND_DISCLOSURE:             return 12;
    case CW_ENTRY_KIND_INCIDENT:               return 11;
    case CW_ENTRY_KIND_CONCERN:                return 10;
    case CW_ENTRY_KIND_PROFESSIONAL_JUDGEMENT: return 9;
    case CW_ENTRY_KIND_DECISION:               return 8;
    case CW_ENTRY_KIND_HOME_VISIT:             return 7;
    case CW_ENTRY_KIND_OBSERVATION:            return 6;
    case CW_ENTRY_KIND_OFFICE_VISIT:           return 5;
    case CW_ENTRY_KIND_MEETING:                return 4;
    case CW_ENTRY_KIND_PHONE_CALL:             return 3;
    case CW_ENTRY_KIND_INFORMATION_RECEIVED:   return 2;
    case CW_ENTRY_KIND_CASE_NOTE:              return 1;
    case CW_ENTRY_KIND_OTHER:
    case CW_ENTRY_KIND_LAST:
    default:
      return 0;
    }
}

static gboolean
kind_is_risk (CwEntryKind kind)
{
  return kind == CW_ENTRY_KIND_DISCLOSURE || kind == CW_ENTRY_KIND_CONCERN ||
         kind == CW_ENTRY_KIND_INCIDENT;
}

static gboolean
style_is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

/* Draws one mark standing on @baseline at @x. */
static void
draw_mark (cairo_t     *cr,
           double       x,
           double       baseline,
           CwEntryKind  kind,
           gboolean     significant,
           gboolean     dark)
{
  GdkRGBA colour;
  double height = significant ? SIGNIFICANT_HEIGHT : TICK_HEIGHT;
  double top = baseline - height;

  cw_timeline_get_kind_colour (kind, dark, &colour);
  gdk_cairo_set_source_rgba (cr, &colour);

  cairo_rectangle (cr, x - TICK_WIDTH / 2.0, top, TICK_WIDTH, height);
  cairo_fill (cr);

  if (kind_is_risk (kind))
    {
      cairo_move_to (cr, x, top - TRIANGLE_HEIGHT);
      cairo_line_to (cr, x - 5.0, top + 1.0);
      cairo_line_to (cr, x + 5.0, top + 1.0);
      cairo_close_path (cr);
      cairo_fill (cr);
    }
  else if (significant)
    {
      cairo_arc (cr, x, top, CAP_RADIUS, 0, 2 * G_PI);
      cairo_fill (cr);
    }
}

static const CwChronologyPoint *
point_at (CwTimeline *self,
          guint       index)
{
  return &g_array_index (self->points, CwChronologyPoint, index);
}

/* TRUE when @a should be drawn rather than @b. */
static gboolean
point_outranks (const CwChronologyPoint *a,
                const CwChronologyPoint *b)
{
  if (a->significant != b->significant)
    return a->significant > b->significant;

  return kind_weight (a->kind) > kind_weight (b->kind);
}

static void
compute_range (CwTimeline *self)
{
  GDate today;
  guint32 today_day, first = 0, last = 0;

  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  today_day = g_date_get_julian (&today);

  self->kinds_present = 0;
  for (guint i = 0; self->points != NULL && i < self->points->len; i++)
    {
      const CwChronologyPoint *point = point_at (self, i);

      if (point->kind < CW_ENTRY_KIND_LAST)
        self->kinds_present |= G_GUINT64_CONSTANT (1) << point->kind;
      if (point->julian_day == 0)
        continue;
      if (first == 0 || point->julian_day < first)
        first = point->julian_day;
      if (point->julian_day > last)
        last = point->julian_day;
    }

  if (g_date_valid (&self->date_of_birth))
    self->start_day = g_date_get_julian (&self->date_of_birth);
  else if (first != 0)
    self->start_day = first;
  else
    self->start_day = today_day > 365 ? today_day - 365 : 1;

  if (first != 0 && first < self->start_day)
    self->start_day = first;

  self->end_day = MAX (today_day, last);
  if (self->end_day <= self->start_day)
    self->end_day = self->start_day + 1;
}

static int
band_width (CwTimeline *self)
{
  return MAX (1, gtk_widget_get_width (GTK_WIDGET (self)) - 2 * PAD_X);
}

static guint
column_for_day (CwTimeline *self,
                int         band,
                guint32     day)
{
  double span = (double) (self->end_day - self->start_day);
  double offset = day > self->start_day ? (double) (day - self->start_day) : 0.0;
  double column = floor (offset * band / span / COLUMN_WIDTH + 0.5);

  return (guint) CLAMP (column, 0.0, (double) (band / COLUMN_WIDTH));
}

static double
x_for_column (guint column)
{
  return PAD_X + column * COLUMN_WIDTH + 0.5;
}

static double
x_for_day (CwTimeline *self,
           int         band,
           guint32     day)
{
  double span = (double) (self->end_day - self->start_day);

  return PAD_X + ((double) day - (double) self->start_day) * band / span;
}

static void
invalidate_columns (CwTimeline *self)
{
  self->columns_band = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Buckets the points by pixel column for the present width. */
static void
ensure_columns (CwTimeline *self)
{
  int band = band_width (self);

  if (self->columns_band == band && self->columns != NULL)
    return;

  g_clear_pointer (&self->columns, g_free);
  g_array_set_size (self->occupied, 0);
  self->columns_band = band;
  self->n_columns = (guint) (band / COLUMN_WIDTH) + 1;
  self->columns = g_new0 (Column, self->n_columns);
  self->max_entries = 0;
  self->hover = -1;
  self->cursor = -1;

  for (guint i = 0; self->points != NULL && i < self->points->len; i++)
    {
      const CwChronologyPoint *point = point_at (self, i);
      Column *column;

      if (point->julian_day == 0)
        continue;

      column = &self->columns[column_for_day (self, band, point->julian_day)];
      if (column->n_entries == 0)
        {
          column->first = i;
          column->best = i;
        }
      else if (point_outranks (point, point_at (self, column->best)))
        column->best = i;
      column->last = i;
      column->n_entries += MAX (point->n_entries, 1u);
    }

  for (guint c = 0; c < self->n_columns; c++)
    if (self->columns[c].n_entries > 0)
      {
        self->max_entries = MAX (self->max_entries, self->columns[c].n_entries);
        g_array_append_val (self->occupied, c);
        if (self->cursor_entry != 0 &&
            point_at (self, self->columns[c].best)->entry_id == self->cursor_entry)
          self->cursor = (int) self->occupied->len - 1;
      }
}

static const Column *
occupied_column (CwTimeline *self,
                 int         index)
{
  if (index < 0 || (guint) index >= self->occupied->len)
    return NULL;

  return &self->columns[g_array_index (self->occupied, guint, index)];
}

static guint
occupied_column_index (CwTimeline *self,
                       int         index)
{
  return g_array_index (self->occupied, guint, index);
}

/* The occupied column nearest to @x within HIT_SLOP, as an index into
 * occupied; -1 when none. */
static int
hit_test (CwTimeline *self,
          double      x)
{
  double wanted = (x - PAD_X - 0.5) / COLUMN_WIDTH;
  guint lo = 0, hi;
  int best = -1;
  double best_distance = HIT_SLOP + 0.5;

  ensure_columns (self);
  hi = self->occupied->len;

  /* The first occupied column at or after the wanted one … */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if ((double) g_array_index (self->occupied, guint, mid) < wanted)
        lo = mid + 1;
      else
        hi = mid;
    }

  /* … and the one before it. */
  for (int candidate = (int) lo - 1; candidate <= (int) lo; candidate++)
    {
      double distance;

      if (candidate < 0 || (guint) candidate >= self->occupied->len)
        continue;
      distance = fabs (x_for_column (occupied_column_index (self, candidate)) - x);
      if (distance < best_distance)
        {
          best_distance = distance;
          best = candidate;
        }
    }

  return best;
}

static char *
format_day (guint32 julian_day)
{
  GDate day;

  if (julian_day == 0 || !g_date_valid_julian (julian_day))
    return g_strdup ("");

  g_date_clear (&day, 1);
  g_date_set_julian (&day, julian_day);
  return cw_event_format (&day, -1, -1, CW_EVENT_DAY);
}

/* What a column stands for, as Pango markup (tooltips) or plain text
 * (the accessible description). */
static char *
describe_column (CwTimeline   *self,
                 const Column *column,
                 gboolean      markup)
{
  const CwChronologyPoint *best = point_at (self, column->best);
  g_autoptr(CwChronologyItem) item = NULL;
  g_autofree char *when = NULL;
  g_autofree char *what = NULL;
  const char *kind_title = cw_entry_kind_get_title (best->kind < CW_ENTRY_KIND_LAST
                                                    ? best->kind : CW_ENTRY_KIND_OTHER);
  GString *text = g_string_new (NULL);

  if (self->model != NULL)
    {
      gpointer object = g_list_model_get_item (self->model, best->position);

      if (object != NULL && CW_IS_CHRONOLOGY_ITEM (object))
        item = object;
      else
        g_clear_object (&object);
    }

  if (item != NULL && cw_chronology_item_get_entry_id (item) == best->entry_id)
    {
      const char *uncertainty = cw_chronology_item_get_uncertainty (item);

      if (uncertainty != NULL && *uncertainty != '\0')
        /* TRANSLATORS: an event's date and how certain it is: "March 2021 (Month only)" */
        when = g_strdup_printf (_("%s (%s)"), cw_chronology_item_get_event_text (item),
                                uncertainty);
      else
        when = g_strdup (cw_chronology_item_get_event_text (item));
      what = g_strdup (cw_chronology_item_get_summary (item));
    }
  else
    {
      when = format_day (best->julian_day);
      what = g_strdup ("");
    }

  if (column->n_entries <= 1)
    {
      if (markup)
        g_string_append_printf (text, "<b>%s</b> — %s", when, kind_title);
      else
        g_string_append_printf (text, "%s — %s", when, kind_title);
    }
  else
    {
      g_autofree char *from = format_day (point_at (self, column->first)->julian_day);
      g_autofree char *to = format_day (point_at (self, column->last)->julian_day);
      g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u note", "%u notes",
                                                             column->n_entries),
                                                column->n_entries);
      g_autofree char *range = NULL;

      if (g_strcmp0 (from, to) == 0)
        /* TRANSLATORS: "3 notes on 14 Mar 2021" */
        range = g_strdup_printf (_("%s on %s"), count, from);
      else
        /* TRANSLATORS: "12 notes from 2 Mar 2021 to 9 Mar 2021" */
        range = g_strdup_printf (_("%s from %s to %s"), count, from, to);

      if (markup)
        g_string_append_printf (text, "<b>%s</b>\n", range);
      else
        g_string_append_printf (text, "%s. ", range);
      /* TRANSLATORS: the mark drawn for a crowded part of the timeline */
      g_string_append_printf (text, _("Shown: %s — %s"), when, kind_title);
    }

  if (what != NULL && *what != '\0')
    {
      g_autofree char *escaped = markup ? g_markup_escape_text (what, -1) : g_strdup (what);

      g_string_append_printf (text, markup ? "\n%s" : ". %s", escaped);
    }

  if (best->significant)
    g_string_append_printf (text, markup ? "\n<i>%s</i>" : ". %s", _("Significant event"));

  return g_string_free (text, FALSE);
}

static void
update_accessible_description (CwTimeline *self)
{
  const Column *column = occupied_column (self, self->cursor);
  g_autofree char *text = NULL;

  if (column != NULL)
    text = describe_column (self, column, FALSE);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text != NULL ? text
                                               : _("Use the arrow keys to move between "
                                                   "events and Enter to show one in the list."),
                                  -1);
}

static void
set_cursor (CwTimeline *self,
            int         index)
{
  const Column *column;

  ensure_columns (self);
  if (self->occupied->len == 0)
    index = -1;
  else
    index = CLAMP (index, 0, (int) self->occupied->len - 1);

  self->cursor = index;
  column = occupied_column (self, index);
  self->cursor_entry = column != NULL ? point_at (self, column->best)->entry_id : 0;

  update_accessible_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
}

static void
activate_column (CwTimeline *self,
                 int         index)
{
  const Column *column = occupied_column (self, index);

  if (column == NULL)
    return;

  g_signal_emit (self, signals[ENTRY_ACTIVATED], 0, point_at (self, column->best)->entry_id);
}

/* The years (or months, when there is room) along the axis. */
static void
draw_scale (CwTimeline    *self,
            cairo_t       *cr,
            const GdkRGBA *fg,
            int            band,
            int            width)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, "8888");
  PangoAttrList *attributes = pango_attr_list_new ();
  double span = (double) (self->end_day - self->start_day);
  double px_per_year = band * 365.25 / span;
  int label_width, label_height, month_width;
  GDate day;
  int first_year, last_year;
  gboolean months;
  int step = 1;
  static const int steps[] = { 1, 2, 5, 10, 20, 50, 100, 200, 500 };

  pango_attr_list_insert (attributes, pango_attr_scale_new (PANGO_SCALE_SMALL));
  pango_layout_set_attributes (layout, attributes);
  pango_attr_list_unref (attributes);
  pango_layout_get_pixel_size (layout, &label_width, &label_height);
  pango_layout_set_text (layout, "Mmm", -1);
  pango_layout_get_pixel_size (layout, &month_width, NULL);

  g_date_clear (&day, 1);
  g_date_set_julian (&day, self->start_day);
  first_year = g_date_get_year (&day);
  g_date_set_julian (&day, self->end_day);
  last_year = g_date_get_year (&day);

  months = px_per_year / 12.0 >= month_width + 10;
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      step = steps[i];
      if (px_per_year * step >= label_width + 12)
        break;
    }

  cairo_set_line_width (cr, 1.0);

  for (int year = first_year; year <= last_year; year++)
    for (int month = 1; month <= (months ? 12 : 1); month++)
      {
        guint32 julian;
        double x;
        gboolean label;
        char text[32];
        int text_width;

        if (!g_date_valid_dmy (1, (GDateMonth) month, (GDateYear) year))
          continue;
        g_date_set_dmy (&day, 1, (GDateMonth) month, (GDateYear) year);
        julian = g_date_get_julian (&day);
        if (julian < self->start_day || julian > self->end_day)
          continue;

        x = floor (x_for_day (self, band, julian)) + 0.5;

        /* A faint line across the band at each year. */
        if (month == 1)
          {
            cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, fg->alpha * 0.12);
            cairo_move_to (cr, x, BAND_TOP + 2);
            cairo_line_to (cr, x, BASELINE);
            cairo_stroke (cr);
          }

        if (px_per_year >= 4 || months)
          {
            cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, fg->alpha * 0.4);
            cairo_move_to (cr, x, BASELINE);
            cairo_line_to (cr, x, BASELINE + (month == 1 ? 5 : 3));
            cairo_stroke (cr);
          }

        label = months || year % step == 0;
        if (!label)
          continue;

        if (month == 1)
          g_snprintf (text, sizeof text, "%d", year);
        else
          g_date_strftime (text, sizeof text, "%b", &day);

        pango_layout_set_text (layout, text, -1);
        pango_layout_get_pixel_size (layout, &text_width, NULL);
        cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue,
                               fg->alpha * (month == 1 ? 0.8 : 0.55));
        cairo_move_to (cr, CLAMP (x - text_width / 2.0, 0, width - text_width), BASELINE + 6);
        pango_cairo_show_layout (cr, layout);
      }

  /* A range inside one year still says which year. */
  if (first_year == last_year && !months)
    {
      char text[16];

      g_snprintf (text, sizeof text, "%d", first_year);
      pango_layout_set_text (layout, text, -1);
      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, fg->alpha * 0.8);
      cairo_move_to (cr, PAD_X, BASELINE + 6);
      pango_cairo_show_layout (cr, layout);
    }
}

/* Callbacks */

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           CwTimeline               *self)
{
  int hover = hit_test (self, x);

  if (hover != self->hover)
    {
      self->hover = hover;
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), hover >= 0 ? "pointer" : NULL);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
leave_cb (GtkEventControllerMotion *controller,
          CwTimeline               *self)
{
  if (self->hover != -1)
    {
      self->hover = -1;
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), NULL);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
released_cb (GtkGestureClick *gesture,
             int              n_press,
             double           x,
             double           y,
             CwTimeline      *self)
{
  int index = hit_test (self, x);

  if (index < 0)
    return;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  set_cursor (self, index);
  cw_timeline_activate_at (self, x, y);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                CwTimeline            *self)
{
  ensure_columns (self);

  if (self->occupied->len == 0 ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      set_cursor (self, self->cursor < 0 ? 0 : self->cursor - 1);
      return TRUE;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      set_cursor (self, self->cursor < 0 ? 0 : self->cursor + 1);
      return TRUE;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      set_cursor (self, 0);
      return TRUE;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      set_cursor (self, (int) self->occupied->len - 1);
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
      if (self->cursor < 0)
        set_cursor (self, 0);
      activate_column (self, self->cursor);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
focus_enter_cb (GtkEventControllerFocus *controller,
                CwTimeline              *self)
{
  ensure_columns (self);
  if (self->cursor < 0 && self->occupied->len > 0)
    set_cursor (self, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
focus_leave_cb (GtkEventControllerFocus *controller,
                CwTimeline              *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard_mode,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  CwTimeline *self = CW_TIMELINE (widget);
  int index = keyboard_mode ? self->cursor : hit_test (self, x);
  const Column *column = occupied_column (self, index);
  g_autofree char *markup = NULL;
  GdkRectangle area;

  if (column == NULL)
    return FALSE;

  markup = describe_column (self, column, TRUE);
  gtk_tooltip_set_markup (tooltip, markup);

  area.x = (int) x_for_column (occupied_column_index (self, index)) - HIT_SLOP - 1;
  area.y = 0;
  area.width = 2 * HIT_SLOP + 3;
  area.height = BASELINE + 2;
  gtk_tooltip_set_tip_area (tooltip, &area);

  return TRUE;
}

static void
swatch_draw_cb (GtkDrawingArea *area,
                cairo_t        *cr,
                int             width,
                int             height,
                gpointer        user_data)
{
  CwEntryKind kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (area), "cw-kind"));

  draw_mark (cr, width / 2.0, height - 1.0, kind, FALSE, style_is_dark ());
}

/* Overrides */

static void
cw_timeline_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 2 * PAD_X + 120;
      *natural = 2 * PAD_X + 600;
    }
  else
    {
      *minimum = STRIP_HEIGHT;
      *natural = STRIP_HEIGHT;
    }
}

static void
cw_timeline_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  CwTimeline *self = CW_TIMELINE (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  gboolean dark = style_is_dark ();
  GdkRGBA fg;
  cairo_t *cr;
  int band;

  if (width <= 2 * PAD_X || height <= 0)
    return;

  ensure_columns (self);
  band = self->columns_band;
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  /* The band. */
  {
    double x0 = PAD_X - 8, x1 = PAD_X + band + 8, y0 = BAND_TOP, y1 = BASELINE + 1, r = 6;

    cairo_new_sub_path (cr);
    cairo_arc (cr, x1 - r, y0 + r, r, -G_PI / 2, 0);
    cairo_arc (cr, x1 - r, y1 - r, r, 0, G_PI / 2);
    cairo_arc (cr, x0 + r, y1 - r, r, G_PI / 2, G_PI);
    cairo_arc (cr, x0 + r, y0 + r, r, G_PI, 3 * G_PI / 2);
    cairo_close_path (cr);
    cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, fg.alpha * 0.06);
    cairo_fill (cr);
  }

  draw_scale (self, cr, &fg, band, width);

  /* The axis. */
  cairo_set_line_width (cr, 1.0);
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, fg.alpha * 0.45);
  cairo_move_to (cr, PAD_X, BASELINE + 0.5);
  cairo_line_to (cr, PAD_X + band, BASELINE + 0.5);
  cairo_stroke (cr);

  /* The hovered mark's background. */
  if (self->hover >= 0)
    {
      double x = x_for_column (occupied_column_index (self, self->hover));

      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, fg.alpha * 0.12);
      cairo_rectangle (cr, x - HIT_SLOP - 1, BAND_TOP, 2 * HIT_SLOP + 2, BASELINE - BAND_TOP);
      cairo_fill (cr);
    }

  /* Where many notes share columns, a faint histogram of how many. */
  if (self->max_entries >= DENSE_ENTRIES)
    {
      double scale = sqrt ((double) self->max_entries);

      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, fg.alpha * 0.13);
      for (guint i = 0; i < self->occupied->len; i++)
        {
          guint c = occupied_column_index (self, (int) i);
          double height = DENSITY_HEIGHT * sqrt ((double) self->columns[c].n_entries) / scale;

          cairo_rectangle (cr, x_for_column (c) - COLUMN_WIDTH / 2.0, BASELINE - height,
                           COLUMN_WIDTH, height);
        }
      cairo_fill (cr);
    }

  /* Ordinary marks first, so that significant ones are never hidden. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < self->occupied->len; i++)
      {
        guint c = occupied_column_index (self, (int) i);
        const CwChronologyPoint *point = point_at (self, self->columns[c].best);

        if ((point->significant ? 1 : 0) != pass)
          continue;
        draw_mark (cr, x_for_column (c), BASELINE, point->kind < CW_ENTRY_KIND_LAST
                   ? point->kind : CW_ENTRY_KIND_OTHER, point->significant, dark);
      }

  /* The keyboard cursor. */
  if (self->cursor >= 0 && gtk_widget_has_visible_focus (widget))
    {
      double x = x_for_column (occupied_column_index (self, self->cursor));

      cairo_set_line_width (cr, 2.0);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, fg.alpha * 0.8);
      cairo_rectangle (cr, x - HIT_SLOP - 2, BAND_TOP - 2,
                       2 * HIT_SLOP + 4, BASELINE - BAND_TOP + 5);
      cairo_stroke (cr);
    }

  cairo_destroy (cr);
}

static void
cw_timeline_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  CwTimeline *self = CW_TIMELINE (widget);

  if (self->columns_band != MAX (1, width - 2 * PAD_X))
    invalidate_columns (self);
}

static void
cw_timeline_dispose (GObject *object)
{
  CwTimeline *self = CW_TIMELINE (object);

  g_clear_object (&self->model);
  g_clear_pointer (&self->points, g_array_unref);

  G_OBJECT_CLASS (cw_timeline_parent_class)->dispose (object);
}

static void
cw_timeline_finalize (GObject *object)
{
  CwTimeline *self = CW_TIMELINE (object);

  g_clear_pointer (&self->columns, g_free);
  g_clear_pointer (&self->occupied, g_array_unref);

  G_OBJECT_CLASS (cw_timeline_parent_class)->finalize (object);
}

static void
cw_timeline_class_init (CwTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cw_timeline_dispose;
  object_class->finalize = cw_timeline_finalize;

  widget_class->measure = cw_timeline_measure;
  widget_class->snapshot = cw_timeline_snapshot;
  widget_class->size_allocate = cw_timeline_size_allocate;

  /**
   * CwTimeline::entry-activated:
   * @entry_id: the note the clicked (or chosen) mark stands for
   */
  signals[ENTRY_ACTIVATED] =
    g_signal_new ("entry-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_css_name (widget_class, "cw-timeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
cw_timeline_init (CwTimeline *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  g_date_clear (&self->date_of_birth, 1);
  self->occupied = g_array_new (FALSE, FALSE, sizeof (guint));
  self->columns_band = -1;
  self->hover = -1;
  self->cursor = -1;
  compute_range (self);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect (gesture, "released", G_CALLBACK (released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect (controller, "enter", G_CALLBACK (focus_enter_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Timeline of events"),
                                  -1);
  update_accessible_description (self);
}

/* Public */

GtkWidget *
cw_timeline_new (void)
{
  return g_object_new (CW_TYPE_TIMELINE, NULL);
}

void
cw_timeline_set_model (CwTimeline *self,
                       GListModel *chronology)
{
  g_return_if_fail (CW_IS_TIMELINE (self));
  g_return_if_fail (chronology == NULL || G_IS_LIST_MODEL (chronology));

  g_set_object (&self->model, chronology);
}

void
cw_timeline_set_points (CwTimeline *self,
                        GArray     *points)
{
  g_return_if_fail (CW_IS_TIMELINE (self));
  g_return_if_fail (points == NULL ||
                    g_array_get_element_size (points) == sizeof (CwChronologyPoint));

  if (points != NULL)
    g_array_ref (points);
  g_clear_pointer (&self->points, g_array_unref);
  self->points = points;

  compute_range (self);
  invalidate_columns (self);
  ensure_columns (self);
  update_accessible_description (self);
}

void
cw_timeline_set_date_of_birth (CwTimeline  *self,
                               const GDate *date_of_birth)
{
  g_return_if_fail (CW_IS_TIMELINE (self));

  if (date_of_birth != NULL && g_date_valid (date_of_birth))
    self->date_of_birth = *date_of_birth;
  else
    g_date_clear (&self->date_of_birth, 1);

  compute_range (self);
  invalidate_columns (self);
}

guint64
cw_timeline_get_kinds_present (CwTimeline *self)
{
  g_return_val_if_fail (CW_IS_TIMELINE (self), 0);

  return self->kinds_present;
}

gboolean
cw_timeline_get_point_for_entry (CwTimeline *self,
                                 gint64      entry_id,
                                 double     *x,
                                 double     *y)
{
  g_return_val_if_fail (CW_IS_TIMELINE (self), FALSE);

  if (self->points == NULL || gtk_widget_get_width (GTK_WIDGET (self)) <= 2 * PAD_X)
    return FALSE;

  ensure_columns (self);

  for (guint i = 0; i < self->points->len; i++)
    {
      const CwChronologyPoint *point = point_at (self, i);
      const CwChronologyPoint *drawn;
      guint c;

      if (point->entry_id != entry_id || point->julian_day == 0)
        continue;

      c = column_for_day (self, self->columns_band, point->julian_day);
      drawn = point_at (self, self->columns[c].best);
      if (x != NULL)
        *x = x_for_column (c);
      if (y != NULL)
        *y = BASELINE - (drawn->significant ? SIGNIFICANT_HEIGHT : TICK_HEIGHT) / 2.0;
      return TRUE;
    }

  return FALSE;
}

gboolean
cw_timeline_activate_at (CwTimeline *self,
                         double      x,
                         double      y)
{
  int index;

  g_return_val_if_fail (CW_IS_TIMELINE (self), FALSE);

  if (y < 0 || y > gtk_widget_get_height (GTK_WIDGET (self)))
    return FALSE;

  index = hit_test (self, x);
  if (index < 0)
    return FALSE;

  activate_column (self, index);
  return TRUE;
}

void
cw_timeline_get_kind_colour (CwEntryKind  kind,
                             gboolean     dark,
                             GdkRGBA     *colour_out)
{
  guint32 hex;

  g_return_if_fail (colour_out != NULL);

  if ((guint) kind >= CW_ENTRY_KIND_LAST)
    kind = CW_ENTRY_KIND_OTHER;
  hex = dark ? dark_palette[kind] : light_palette[kind];

  colour_out->red = ((hex >> 16) & 0xff) / 255.0f;
  colour_out->green = ((hex >> 8) & 0xff) / 255.0f;
  colour_out->blue = (hex & 0xff) / 255.0f;
  colour_out->alpha = 1.0f;
}

GtkWidget *
cw_timeline_swatch_new (CwEntryKind kind)
{
  GtkWidget *area = gtk_drawing_area_new ();

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), SWATCH_WIDTH);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), SWATCH_HEIGHT);
  gtk_widget_set_valign (area, GTK_ALIGN_CENTER);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), swatch_draw_cb, NULL, NULL);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gtk_widget_queue_draw), area, G_CONNECT_SWAPPED);
  cw_timeline_swatch_set_kind (area, kind);

  return area;
}

void
cw_timeline_swatch_set_kind (GtkWidget   *swatch,
                             CwEntryKind  kind)
{
  g_return_if_fail (GTK_IS_DRAWING_AREA (swatch));

  if ((guint) kind >= CW_ENTRY_KIND_LAST)
    kind = CW_ENTRY_KIND_OTHER;
  g_object_set_data (G_OBJECT (swatch), "cw-kind", GUINT_TO_POINTER (kind));
  gtk_widget_queue_draw (swatch);
}
