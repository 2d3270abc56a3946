/* cw-signal-plot-draw.c — rendering of CwSignalPlot: frame, bands, series (decimated to min/max per
 * pixel column when there are more points than pixels), highlight, legend, colour bar and crosshair. */
#include "cw-signal-plot-private.h"

#include <math.h>

#include <pango/pangocairo.h>

#define PAD 10.0
#define TITLE_GAP 6.0
#define COLORBAR_GAP 16.0
#define COLORBAR_BAR_WIDTH 12.0
#define LEGEND_FONT_SCALE 0.85
#define READOUT_FONT_SCALE 0.85
/* Pixel coordinates are clamped here: far-off points of a deep zoom would overflow cairo's fixed point. */
#define COORD_LIMIT 1e6

/* Data -> pixel mapping for one draw. */
typedef struct
{
  CwPlotRect rect;
  double x0, x1, y0, y1;
  double sx, sy;
} Mapping;

static inline double
map_x (const Mapping *m, double x)
{
  return CLAMP (m->rect.x + (x - m->x0) * m->sx, -COORD_LIMIT, COORD_LIMIT);
}

static inline double
map_y (const Mapping *m, double y)
{
  return CLAMP (m->rect.y + m->rect.height - (y - m->y0) * m->sy, -COORD_LIMIT, COORD_LIMIT);
}

/* -1 left of the view, +1 right of it, 0 inside. */
static inline int
side_of (const Mapping *m, double x)
{
  return x < m->x0 ? -1 : x > m->x1 ? 1 : 0;
}

/* ---- ranges and layout ---- */

static void
extend (double *lo, double *hi, double v)
{
  if (!isfinite (v))
    return;
  if (v < *lo)
    *lo = v;
  if (v > *hi)
    *hi = v;
}

void
cw_signal_plot_visible_y_range (CwSignalPlot *self, double x0, double x1, double *y0, double *y1)
{
  if (self->y_fixed)
    {
      *y0 = self->view_y0;
      *y1 = self->view_y1;
      return;
    }
  double lo = INFINITY, hi = -INFINITY;
  for (guint k = 0; k < self->series->len; k++)
    {
      const CwSignalSeries *s = g_ptr_array_index (self->series, k);
      gboolean any = FALSE;
      for (int i = 0; i < s->n; i++)
        {
          double x = cw_signal_series_x (self, s, i);
          if (x >= x0 && x <= x1)
            {
              extend (&lo, &hi, s->y[i]);
              any = TRUE;
            }
        }
      if (any && s->style == CW_SERIES_STEMS)
        extend (&lo, &hi, 0.0); /* stems grow from zero */
    }
  for (guint k = 0; k < self->bands->len; k++)
    {
      const CwSignalBand *b = g_ptr_array_index (self->bands, k);
      for (int i = 0; i < b->n; i++)
        {
          double x = cw_signal_axis_x (self, i);
          if (x >= x0 && x <= x1)
            {
              extend (&lo, &hi, b->lo[i]);
              extend (&lo, &hi, b->hi[i]);
            }
        }
    }
  if (!(lo <= hi))
    {
      lo = 0.0;
      hi = 1.0;
    }
  else if (hi - lo <= fabs (hi) * 1e-9)
    {
      /* A flat signal: centre it rather than divide by zero. */
      double pad = lo != 0.0 ? fabs (lo) * 0.1 : 1.0;
      lo -= pad;
      hi += pad;
    }
  else
    {
      double pad = (hi - lo) * 0.05;
      lo -= pad;
      hi += pad;
    }
  *y0 = lo;
  *y1 = hi;
}

void
cw_signal_plot_frame_axes (CwSignalPlot *self, cairo_t *cr, int width, int height, double x0, double x1,
                           double y0, double y1, CwPlotAxes *axes)
{
  *axes = (CwPlotAxes) {
    .x0 = x0, .x1 = x1, .y0 = y0, .y1 = y1,
    .x_label = self->x_label, .y_label = self->y_label,
  };
  if (self->fixed_left >= 0)
    axes->left = MAX (self->fixed_left, 1.0);
  if (self->title)
    {
      double h;
      cw_plot_text_size (cr, self->title, 1.0, NULL, &h);
      axes->top = PAD + h + TITLE_GAP;
    }
  if (self->fixed_right >= 0)
    axes->right = MAX (self->fixed_right, 1.0);
  else if (self->show_colorbar)
    axes->right = COLORBAR_GAP
                  + cw_plot_colorbar_width (cr, COLORBAR_BAR_WIDTH, self->colorbar_min, self->colorbar_max,
                                            self->colorbar_label, MAX (40.0, height - 80.0))
                  + PAD;
}

/* ---- series ---- */

static void
path_line (const CwSignalPlot *self, const CwSignalSeries *s, const Mapping *m, cairo_t *cr)
{
  gboolean pen_down = FALSE;
  for (int i = 0; i < s->n; i++)
    {
      double x = cw_signal_series_x (self, s, i);
      double y = s->y[i];
      if (!isfinite (x) || !isfinite (y))
        {
          pen_down = FALSE;
          continue;
        }
      /* Skip points whose segments both lie on the same side outside the view. */
      int side = side_of (m, x);
      if (side != 0 && (i == 0 || side_of (m, cw_signal_series_x (self, s, i - 1)) == side)
          && (i == s->n - 1 || side_of (m, cw_signal_series_x (self, s, i + 1)) == side))
        {
          pen_down = FALSE;
          continue;
        }
      if (pen_down)
        cairo_line_to (cr, map_x (m, x), map_y (m, y));
      else
        cairo_move_to (cr, map_x (m, x), map_y (m, y));
      pen_down = TRUE;
    }
}

/* More points than columns: per column of `bucket` pixels keep the first, lowest, highest and last value,
 * which draws the same envelope as every point would at a fraction of the cost (100k points -> ~4 per
 * column). */
static void
path_line_decimated (const CwSignalPlot *self, const CwSignalSeries *s, const Mapping *m, int bucket, cairo_t *cr)
{
  gboolean pen_down = FALSE, have = FALSE;
  double column = 0;
  /* Each kept point at its own x, the extremes in the order they occur: with wide columns this stays the
   * polyline through the points that matter, not a staircase. */
  double first_x = 0, first_y = 0, low_x = 0, low_y = 0, high_x = 0, high_y = 0, last_x = 0, last_y = 0;
  int low_i = 0, high_i = 0;
#define VERTEX(X, Y)                                                             \
  G_STMT_START                                                                   \
  {                                                                              \
    if (pen_down)                                                                \
      cairo_line_to (cr, (X), (Y));                                              \
    else                                                                         \
      cairo_move_to (cr, (X), (Y));                                              \
    pen_down = TRUE;                                                             \
  }                                                                              \
  G_STMT_END
#define FLUSH_COLUMN()                                                           \
  G_STMT_START                                                                   \
  {                                                                              \
    if (have)                                                                    \
      {                                                                          \
        VERTEX (first_x, first_y);                                               \
        if (low_i <= high_i)                                                     \
          {                                                                      \
            VERTEX (low_x, low_y);                                               \
            VERTEX (high_x, high_y);                                             \
          }                                                                      \
        else                                                                     \
          {                                                                      \
            VERTEX (high_x, high_y);                                             \
            VERTEX (low_x, low_y);                                               \
          }                                                                      \
        VERTEX (last_x, last_y);                                                 \
        have = FALSE;                                                            \
      }                                                                          \
  }                                                                              \
  G_STMT_END

  for (int i = 0; i < s->n; i++)
    {
      double x = cw_signal_series_x (self, s, i);
      double y = s->y[i];
      if (!isfinite (x) || !isfinite (y))
        {
          FLUSH_COLUMN ();
          pen_down = FALSE;
          continue;
        }
      int side = side_of (m, x);
      if (side != 0 && (i == 0 || side_of (m, cw_signal_series_x (self, s, i - 1)) == side)
          && (i == s->n - 1 || side_of (m, cw_signal_series_x (self, s, i + 1)) == side))
        {
          FLUSH_COLUMN ();
          pen_down = FALSE;
          continue;
        }
      double fx = map_x (m, x), px = floor (fx / bucket) * bucket, py = map_y (m, y);
      if (have && px == column)
        {
          if (py > low_y) /* pixel rows grow downwards: "low" is the larger row */
            {
              low_x = fx;
              low_y = py;
              low_i = i;
            }
          if (py < high_y)
            {
              high_x = fx;
              high_y = py;
              high_i = i;
            }
          last_x = fx;
          last_y = py;
          continue;
        }
      FLUSH_COLUMN ();
      have = TRUE;
      column = px;
      first_x = low_x = high_x = last_x = fx;
      first_y = low_y = high_y = last_y = py;
      low_i = high_i = i;
    }
  FLUSH_COLUMN ();
#undef FLUSH_COLUMN
#undef VERTEX
}

static void
draw_stems (const CwSignalPlot *self, const CwSignalSeries *s, const Mapping *m, cairo_t *cr)
{
  double base = map_y (m, CLAMP (0.0, m->y0, m->y1));
  int visible = 0;
  for (int i = 0; i < s->n; i++)
    {
      double x = cw_signal_series_x (self, s, i);
      if (!isfinite (x) || !isfinite (s->y[i]) || side_of (m, x) != 0)
        continue;
      double px = round (map_x (m, x)) + 0.5;
      cairo_move_to (cr, px, base);
      cairo_line_to (cr, px, map_y (m, s->y[i]));
      visible++;
    }
  cairo_set_line_width (cr, MAX (1.0, s->line_width));
  cairo_stroke (cr);
  /* Dots on the tips while there is room for them. */
  if (visible > 0 && visible < m->rect.width / 5)
    {
      double radius = MAX (2.5, s->line_width * 1.7);
      for (int i = 0; i < s->n; i++)
        {
          double x = cw_signal_series_x (self, s, i);
          if (!isfinite (x) || !isfinite (s->y[i]) || side_of (m, x) != 0)
            continue;
          cairo_new_sub_path (cr);
          cairo_arc (cr, round (map_x (m, x)) + 0.5, map_y (m, s->y[i]), radius, 0, 2 * G_PI);
        }
      cairo_fill (cr);
    }
}

static void
draw_points (const CwSignalPlot *self, const CwSignalSeries *s, const Mapping *m, cairo_t *cr)
{
  double radius = MAX (1.5, s->line_width * 1.4);
  gboolean dense = s->n > 2 * m->rect.width;
  for (int i = 0; i < s->n; i++)
    {
      double x = cw_signal_series_x (self, s, i);
      if (!isfinite (x) || !isfinite (s->y[i]) || side_of (m, x) != 0)
        continue;
      double px = map_x (m, x), py = map_y (m, s->y[i]);
      if (dense)
        cairo_rectangle (cr, floor (px), floor (py), 1, 1);
      else
        {
          cairo_new_sub_path (cr);
          cairo_arc (cr, px, py, radius, 0, 2 * G_PI);
        }
    }
  cairo_fill (cr);
}

/* Vertices all the line series of a plot may send to cairo. Rasterising is what costs (a redraw replays
 * the whole path): 500 spectra of 4096 points cut to 4 vertices per pixel column were 1.5 M vertices and
 * seconds per frame. Past the budget the columns widen, which a dense bundle of lines hides. */
enum { LINE_VERTEX_BUDGET = 200000 };

static void
draw_series (CwSignalPlot *self, const Mapping *m, cairo_t *cr)
{
  int n_lines = 0;
  for (guint k = 0; k < self->series->len; k++)
    n_lines += ((const CwSignalSeries *) g_ptr_array_index (self->series, k))->style == CW_SERIES_LINE;
  double width = MAX (m->rect.width, 1);
  int bucket = (int) MAX (1.0, ceil (4.0 * n_lines * width / LINE_VERTEX_BUDGET));
  int columns = (int) ceil (width / bucket);
  /* Round joins cost most; with many lines each is too thin for its joins to show. */
  cairo_set_line_join (cr, bucket > 1 ? CAIRO_LINE_JOIN_BEVEL : CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint k = 0; k < self->series->len; k++)
    {
      const CwSignalSeries *s = g_ptr_array_index (self->series, k);
      cw_plot_set_color (cr, &s->color, 1.0);
      switch (s->style)
        {
        case CW_SERIES_LINE:
          if (s->n > 2 * columns)
            path_line_decimated (self, s, m, bucket, cr);
          else
            path_line (self, s, m, cr);
          cairo_set_line_width (cr, s->line_width);
          cairo_stroke (cr);
          break;
        case CW_SERIES_STEMS:
          draw_stems (self, s, m, cr);
          break;
        case CW_SERIES_POINTS:
          draw_points (self, s, m, cr);
          break;
        }
    }
}

static void
draw_bands (CwSignalPlot *self, const Mapping *m, cairo_t *cr)
{
  for (guint k = 0; k < self->bands->len; k++)
    {
      const CwSignalBand *b = g_ptr_array_index (self->bands, k);
      /* Bands are smooth envelopes: every few points per pixel are plenty. */
      int stride = MAX (1, (int) (b->n / MAX (1.0, 2 * m->rect.width)));
      gboolean started = FALSE;
      for (int i = 0; i < b->n; i += stride)
        if (isfinite (b->hi[i]))
          {
            double px = map_x (m, cw_signal_axis_x (self, i)), py = map_y (m, b->hi[i]);
            if (started)
              cairo_line_to (cr, px, py);
            else
              cairo_move_to (cr, px, py);
            started = TRUE;
          }
      for (int i = ((b->n - 1) / stride) * stride; i >= 0; i -= stride)
        if (isfinite (b->lo[i]))
          cairo_line_to (cr, map_x (m, cw_signal_axis_x (self, i)), map_y (m, b->lo[i]));
      cairo_close_path (cr);
      /* An opaque colour would hide the series beneath; bands are a wash of it. */
      cw_plot_set_color (cr, &b->color, b->color.alpha > 0.99 ? 0.22 : 1.0);
      cairo_fill (cr);
    }
}

/* Windows as washes under the signal; every other one lighter, so neighbours and overlaps show. Spans
 * outside the view are skipped, so a recording's thousands of windows cost what the visible ones do. */
static void
draw_spans (CwSignalPlot *self, const Mapping *m, cairo_t *cr)
{
  for (int i = 0; i < self->n_spans; i++)
    {
      if (self->span_x1[i] < m->x0 || self->span_x0[i] > m->x1)
        continue;
      double a = map_x (m, self->span_x0[i]), b = map_x (m, self->span_x1[i]);
      if (b - a < 1)
        b = a + 1;
      cw_plot_set_color (cr, &self->span_color, i % 2 ? 0.10 : 0.20);
      cairo_rectangle (cr, a, m->rect.y, b - a, m->rect.height);
      cairo_fill (cr);
    }
}

static void
draw_marks (CwSignalPlot *self, const Mapping *m, cairo_t *cr)
{
  if (self->n_marks == 0)
    return;
  cw_plot_set_color (cr, &self->mark_color, 0.8);
  cairo_set_line_width (cr, 1.0);
  double last = -1;
  for (int i = 0; i < self->n_marks; i++)
    {
      if (self->mark_x[i] < m->x0 || self->mark_x[i] > m->x1)
        continue;
      double a = round (map_x (m, self->mark_x[i])) + 0.5;
      /* Marks closer than a pixel draw once. */
      if (a == last)
        continue;
      last = a;
      cairo_move_to (cr, a, m->rect.y);
      cairo_line_to (cr, a, m->rect.y + m->rect.height);
    }
  cairo_stroke (cr);
}

static void
draw_highlight (CwSignalPlot *self, const Mapping *m, const CwPlotColors *colors, cairo_t *cr)
{
  if (!(self->highlight_x0 <= self->highlight_x1))
    return;
  double a = map_x (m, self->highlight_x0), b = map_x (m, self->highlight_x1);
  if (b - a < 2)
    {
      /* A one-sample window stays visible. */
      double c = (a + b) / 2;
      a = c - 1;
      b = c + 1;
    }
  cw_plot_set_color (cr, &colors->selection, 1.0);
  cairo_rectangle (cr, a, m->rect.y, b - a, m->rect.height);
  cairo_fill (cr);
  cw_plot_set_color (cr, &colors->accent, 0.55);
  cairo_set_line_width (cr, 1.0);
  cairo_move_to (cr, round (a) + 0.5, m->rect.y);
  cairo_line_to (cr, round (a) + 0.5, m->rect.y + m->rect.height);
  cairo_move_to (cr, round (b) - 0.5, m->rect.y);
  cairo_line_to (cr, round (b) - 0.5, m->rect.y + m->rect.height);
  cairo_stroke (cr);
}

/* ---- overlays ---- */

static void
rounded_box (cairo_t *cr, double x, double y, double w, double h, double r)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
draw_panel (cairo_t *cr, double x, double y, double w, double h, const CwPlotColors *colors)
{
  rounded_box (cr, x, y, w, h, 4);
  cw_plot_set_color (cr, &colors->background, 0.9);
  cairo_fill_preserve (cr);
  cw_plot_set_color (cr, &colors->grid, 2.5);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);
}

static void
draw_legend (CwSignalPlot *self, const Mapping *m, const CwPlotColors *colors, cairo_t *cr)
{
  int n_labelled = 0;
  double widest = 0, row = 0;
  for (guint k = 0; k < self->series->len; k++)
    {
      const CwSignalSeries *s = g_ptr_array_index (self->series, k);
      if (!s->label)
        continue;
      double w, h;
      cw_plot_text_size (cr, s->label, LEGEND_FONT_SCALE, &w, &h);
      widest = MAX (widest, w);
      row = MAX (row, h + 2);
      n_labelled++;
    }
  if (n_labelled == 0)
    return;

  const double inset = 8, pad = 7, swatch = 18, gap = 6;
  int max_rows = (int) ((m->rect.height - 2 * inset - 2 * pad) / row);
  if (max_rows < 1)
    return;
  int rows = MIN (n_labelled, max_rows);
  gboolean truncated = rows < n_labelled;
  char more[64] = "";
  if (truncated)
    {
      g_snprintf (more, sizeof more, "+ %d more", n_labelled - (rows - 1));
      double w;
      cw_plot_text_size (cr, more, LEGEND_FONT_SCALE, &w, NULL);
      widest = MAX (widest, w);
    }
  double box_w = MIN (pad * 2 + swatch + gap + widest, m->rect.width - 2 * inset);
  double box_h = pad * 2 + rows * row;
  double bx = m->rect.x + m->rect.width - inset - box_w, by = m->rect.y + inset;
  draw_panel (cr, bx, by, box_w, box_h, colors);

  cairo_save (cr);
  cairo_rectangle (cr, bx, by, box_w, box_h);
  cairo_clip (cr);
  int shown = 0;
  for (guint k = 0; k < self->series->len && shown < rows - (truncated ? 1 : 0); k++)
    {
      const CwSignalSeries *s = g_ptr_array_index (self->series, k);
      if (!s->label)
        continue;
      double cy = by + pad + shown * row + row / 2;
      double sx = bx + pad;
      cw_plot_set_color (cr, &s->color, 1.0);
      if (s->style == CW_SERIES_LINE)
        {
          cairo_set_line_width (cr, CLAMP (s->line_width, 1.5, 3.0));
          cairo_move_to (cr, sx, cy);
          cairo_line_to (cr, sx + swatch, cy);
          cairo_stroke (cr);
        }
      else
        {
          cairo_arc (cr, sx + swatch / 2, cy, 3.5, 0, 2 * G_PI);
          cairo_fill (cr);
        }
      cw_plot_draw_text (cr, s->label, sx + swatch + gap, cy, 0.0, 0.5, LEGEND_FONT_SCALE, &colors->foreground);
      shown++;
    }
  if (truncated)
    {
      GdkRGBA muted = colors->foreground;
      muted.alpha *= 0.7f;
      cw_plot_draw_text (cr, more, bx + pad + swatch + gap, by + pad + shown * row + row / 2, 0.0, 0.5,
                         LEGEND_FONT_SCALE, &muted);
    }
  cairo_restore (cr);
}

/* A value formatted a decade finer than the ticks of its visible range. */
static void
format_readout (double value, double lo, double hi, char *buf, gsize size)
{
  double ticks[16], step;
  cw_nice_ticks (lo, hi, 8, ticks, &step);
  cw_format_tick (value, step / 10.0, buf, size);
}

static void
draw_crosshair (CwSignalPlot *self, const Mapping *m, const CwPlotColors *colors, cairo_t *cr)
{
  const CwPlotRect *r = &m->rect;
  double px = self->pointer_x, py = self->pointer_y;
  if (px < r->x || px > r->x + r->width || py < r->y || py > r->y + r->height)
    return;
  cw_plot_set_color (cr, &colors->foreground, 0.35);
  cairo_set_line_width (cr, 1.0);
  cairo_move_to (cr, floor (px) + 0.5, r->y);
  cairo_line_to (cr, floor (px) + 0.5, r->y + r->height);
  cairo_move_to (cr, r->x, floor (py) + 0.5);
  cairo_line_to (cr, r->x + r->width, floor (py) + 0.5);
  cairo_stroke (cr);

  double x = m->x0 + (px - r->x) / m->sx;
  double y = m->y0 + (r->y + r->height - py) / m->sy;
  char xs[48], ys[48];
  format_readout (x, m->x0, m->x1, xs, sizeof xs);
  format_readout (y, m->y0, m->y1, ys, sizeof ys);
  g_autofree char *text = g_strdup_printf ("x  %s     y  %s", xs, ys);
  double w, h;
  cw_plot_text_size (cr, text, READOUT_FONT_SCALE, &w, &h);
  const double inset = 8, pad = 5;
  double bx = r->x + inset, by = r->y + inset, bw = w + 2 * pad, bh = h + 2 * pad;
  /* Out of the pointer's way: drop to the bottom corner when the pointer is over the box. */
  if (px <= bx + bw + 12 && py <= by + bh + 12)
    by = r->y + r->height - inset - bh;
  draw_panel (cr, bx, by, bw, bh, colors);
  cw_plot_draw_text (cr, text, bx + pad, by + pad, 0.0, 0.0, READOUT_FONT_SCALE, &colors->foreground);
}

/* The title, semibold, at the left edge of the data area. */
static void
draw_title (CwSignalPlot *self, double x, const CwPlotColors *colors, cairo_t *cr)
{
  g_autoptr (PangoLayout) layout = cw_plot_create_layout (cr, 1.0);
  PangoAttrList *attrs = pango_attr_list_new ();
  pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_SEMIBOLD));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_set_text (layout, self->title, -1);
  cw_plot_set_color (cr, &colors->foreground, 1.0);
  cairo_move_to (cr, round (x), PAD);
  pango_cairo_show_layout (cr, layout);
}

/* The crosshair belongs to the screen, not to exported figures: the widget draws it over its cached
 * chart with the layout of the last on-screen drawing. */
void
cw_signal_plot_draw_crosshair (CwSignalPlot *self, cairo_t *cr)
{
  if (self->layout_width <= 0)
    return;
  CwPlotColors colors;
  cw_plot_colors_for_widget (GTK_WIDGET (self), &colors);
  Mapping m = { .rect = self->data_rect, .y0 = self->shown_y0, .y1 = self->shown_y1 };
  cw_signal_plot_get_x_range (self, &m.x0, &m.x1);
  m.sx = m.rect.width / (m.x1 - m.x0);
  m.sy = m.rect.height / (m.y1 - m.y0);
  draw_crosshair (self, &m, &colors, cr);
}

/* ---- everything ---- */

void
cw_signal_plot_draw_all (CwSignalPlot *self, cairo_t *cr, int width, int height)
{
  CwPlotColors colors;
  cw_plot_colors_for_widget (GTK_WIDGET (self), &colors);
  cairo_save (cr);
  cw_plot_set_color (cr, &colors.background, 1.0);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);

  Mapping m;
  cw_signal_plot_get_x_range (self, &m.x0, &m.x1);
  cw_signal_plot_visible_y_range (self, m.x0, m.x1, &m.y0, &m.y1);
  CwPlotAxes axes;
  cw_signal_plot_frame_axes (self, cr, width, height, m.x0, m.x1, m.y0, m.y1, &axes);
  m.rect = cw_plot_draw_frame_axes (cr, width, height, &colors, &axes);
  m.sx = m.rect.width / (m.x1 - m.x0);
  m.sy = m.rect.height / (m.y1 - m.y0);
  if (self->drawing_on_screen)
    {
      self->data_rect = m.rect;
      self->shown_y0 = m.y0;
      self->shown_y1 = m.y1;
      self->layout_width = width;
      self->layout_height = height;
    }

  if (self->title)
    draw_title (self, m.rect.x, &colors, cr);

  cairo_save (cr);
  cairo_rectangle (cr, m.rect.x, m.rect.y, m.rect.width, m.rect.height);
  cairo_clip (cr);
  draw_spans (self, &m, cr);
  draw_highlight (self, &m, &colors, cr);
  draw_bands (self, &m, cr);
  draw_series (self, &m, cr);
  draw_marks (self, &m, cr);
  cairo_restore (cr);

  if (self->show_legend)
    draw_legend (self, &m, &colors, cr);
  if (self->show_colorbar)
    cw_plot_draw_colorbar (cr, m.rect.x + m.rect.width + COLORBAR_GAP, m.rect.y, COLORBAR_BAR_WIDTH,
                           m.rect.height, self->colorbar_min, self->colorbar_max, self->colorbar_label, FALSE,
                           &colors);
  cairo_restore (cr);
}
