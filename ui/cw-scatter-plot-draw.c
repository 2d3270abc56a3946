/* cw-scatter-plot-draw.c — CwScatterPlot's ranges, layout and drawing. One layout function decides the
 * ranges and the data rectangle for drawing, picking and the tests alike, so a click lands on the point
 * drawn under it at any size. */
#include "cw-scatter-plot-private.h"

#include "cw-chart-text.h"
#include "cw-drawable.h"
#include "cw-plot-legend.h"

/* ---- layout ---------------------------------------------------------------------------------- */

static void
value_range (CwScatterPlot *self, double *vmin, double *vmax)
{
  double lo = INFINITY, hi = -INFINITY;
  for (guint k = 0; k < self->series->len; k++)
    {
      Series *s = cw_scatter_plot_get_series (self, k);
      if (!s->values)
        continue;
      for (int i = 0; i < s->n; i++)
        if (isfinite (s->values[i]))
          {
            lo = MIN (lo, s->values[i]);
            hi = MAX (hi, s->values[i]);
          }
    }
  if (!isfinite (lo))
    lo = 0, hi = 1;
  if (!(hi > lo))
    hi = lo + 1;
  *vmin = lo;
  *vmax = hi;
}

/* The automatic range of one axis: the finite data and the visible limit, padded. */
static void
auto_range (double lo, double hi, double limit, gboolean from_zero, double *out_lo, double *out_hi)
{
  if (isfinite (limit))
    {
      lo = MIN (lo, limit);
      hi = MAX (hi, limit);
    }
  if (!(lo <= hi))
    lo = 0, hi = 1;
  gboolean zero = from_zero && lo >= 0;
  if (zero)
    lo = 0;
  double span = hi - lo;
  double pad = span > 0 ? span * RANGE_PAD : MAX (fabs (lo) * 0.1, 0.5);
  *out_lo = zero ? 0 : lo - pad;
  *out_hi = hi + pad;
}

void
cw_scatter_plot_compute_ranges (CwScatterPlot *self, double *x0, double *x1, double *y0, double *y1)
{
  double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
  for (guint k = 0; k < self->series->len; k++)
    {
      Series *s = cw_scatter_plot_get_series (self, k);
      for (int i = 0; i < s->n; i++)
        if (cw_scatter_plot_point_is_finite (s, i))
          {
            xlo = MIN (xlo, s->x[i]);
            xhi = MAX (xhi, s->x[i]);
            ylo = MIN (ylo, s->y[i]);
            yhi = MAX (yhi, s->y[i]);
          }
    }
  if (self->fixed_x0 < self->fixed_x1)
    *x0 = self->fixed_x0, *x1 = self->fixed_x1;
  else
    auto_range (xlo, xhi, self->x_limit.value, self->x_from_zero, x0, x1);
  if (self->fixed_y0 < self->fixed_y1)
    *y0 = self->fixed_y0, *y1 = self->fixed_y1;
  else
    auto_range (ylo, yhi, self->y_limit.value, self->y_from_zero, y0, y1);
}

/* Every finite point in pixels (px, py pairs), for counting what a legend would hide. */
static double *
point_pixels (CwScatterPlot *self, const ScatterLayout *layout, int *n_out)
{
  int total = 0;
  for (guint k = 0; k < self->series->len; k++)
    total += cw_scatter_plot_get_series (self, k)->n;
  double *points = g_new (double, 2 * MAX (total, 1));
  int n = 0;
  for (guint k = 0; k < self->series->len; k++)
    {
      Series *s = cw_scatter_plot_get_series (self, k);
      for (int i = 0; i < s->n; i++)
        if (cw_scatter_plot_point_is_finite (s, i))
          {
            cw_scatter_plot_layout_to_pixels (layout, s->x[i], s->y[i], &points[2 * n], &points[2 * n + 1]);
            n++;
          }
    }
  *n_out = n;
  return points;
}

/* The legend as one row: its width and height; 0 when no series has a label. */
static int
measure_legend_row (CwScatterPlot *self, cairo_t *cr, double *width, double *height)
{
  int labelled = 0;
  *width = *height = 0;
  for (guint k = 0; k < self->series->len; k++)
    {
      Series *s = cw_scatter_plot_get_series (self, k);
      if (!s->label || !s->label[0])
        continue;
      double w, h;
      cw_chart_text_size (cr, s->label, CW_CHART_TEXT_SMALL, CW_CHART_TEXT_PLAIN, &w, &h);
      *width += (labelled ? LEGEND_GAP : 0) + LEGEND_SWATCH + 4 + w;
      *height = MAX (*height, h);
      labelled++;
    }
  return labelled;
}

/* One layout with the legend placed as asked (mode, and beside the title or under it). */
static ScatterLayout
layout_with_legend (CwScatterPlot *self, cairo_t *cr, int width, int height, LegendMode mode, gboolean beside,
                    double title_h, double legend_w, double legend_h)
{
  ScatterLayout layout = { 0 };
  CwPlotAxes *axes = &layout.axes;
  cw_scatter_plot_compute_ranges (self, &axes->x0, &axes->x1, &axes->y0, &axes->y1);
  axes->x_label = self->x_label;
  axes->y_label = self->y_label;
  axes->x_integer = self->x_integer;
  layout.legend = mode;
  if (mode == LEGEND_ROW)
    {
      layout.legend_y = beside || !self->title ? PAD + MAX (title_h - legend_h, 0) / 2 : PAD + title_h + 3;
      double band = beside ? MAX (title_h, legend_h) : title_h + (self->title ? 3 : 0) + legend_h;
      axes->top = PAD + band + TITLE_GAP;
    }
  else if (self->title)
    axes->top = PAD + title_h + TITLE_GAP;
  value_range (self, &layout.vmin, &layout.vmax);
  if (self->colorbar_label)
    axes->right = COLORBAR_GAP
                  + cw_plot_colorbar_width (cr, COLORBAR_BAR_WIDTH, layout.vmin, layout.vmax,
                                            self->colorbar_label, MAX (40.0, height - 80.0))
                  + PAD;
  layout.rect = cw_plot_layout_frame (cr, width, height, axes);
  /* Beside the title: flush with the data's right edge; under it: with the data's left edge. */
  layout.legend_x = beside ? layout.rect.x + layout.rect.width - legend_w : layout.rect.x;
  return layout;
}

ScatterLayout
cw_scatter_plot_compute_layout (CwScatterPlot *self, cairo_t *cr, int width, int height)
{
  double title_w = 0, title_h = 0, legend_w, legend_h;
  if (self->title)
    cw_chart_text_size (cr, self->title, CW_CHART_TEXT_TITLE, CW_CHART_TEXT_BOLD, &title_w, &title_h);
  if (measure_legend_row (self, cr, &legend_w, &legend_h) == 0)
    return layout_with_legend (self, cr, width, height, LEGEND_NONE, FALSE, title_h, 0, 0);

  /* The title starts at the data's left edge: beside it when both fit over the data, else under it when
   * the row fits the width, else in a corner. */
  ScatterLayout layout;
  if (self->title)
    {
      layout = layout_with_legend (self, cr, width, height, LEGEND_ROW, TRUE, title_h, legend_w, legend_h);
      if (title_w + 2 * LEGEND_GAP + legend_w <= layout.rect.width)
        return layout;
    }
  layout = layout_with_legend (self, cr, width, height, LEGEND_ROW, FALSE, title_h, legend_w, legend_h);
  if (layout.rect.x + legend_w <= width - PAD)
    return layout;
  return layout_with_legend (self, cr, width, height, LEGEND_CORNER, FALSE, title_h, legend_w, legend_h);
}

void
cw_scatter_plot_layout_to_pixels (const ScatterLayout *layout, double x, double y, double *px, double *py)
{
  const CwPlotAxes *a = &layout->axes;
  const CwPlotRect *r = &layout->rect;
  *px = r->x + (x - a->x0) / (a->x1 - a->x0) * r->width;
  *py = r->y + r->height - (y - a->y0) / (a->y1 - a->y0) * r->height;
}

/* ---- drawing --------------------------------------------------------------------------------- */

static GdkRGBA
point_color (const Series *s, int i, const ScatterLayout *layout)
{
  GdkRGBA c = s->color;
  if (s->values)
    {
      if (isfinite (s->values[i]))
        cw_colormap_viridis ((s->values[i] - layout->vmin) / (layout->vmax - layout->vmin), &c);
      else
        c = (GdkRGBA) { 0.55, 0.55, 0.55, 1 };
    }
  else if (s->point_colors)
    c = s->point_colors[i];
  return c;
}

static void
draw_limits (CwScatterPlot *self, cairo_t *cr, const CwPlotColors *colors, const ScatterLayout *layout)
{
  const CwPlotRect *r = &layout->rect;
  cairo_save (cr);
  cairo_set_line_width (cr, 1.5);
  cairo_set_dash (cr, (double[]) { 6, 4 }, 2, 0);
  cw_plot_set_color (cr, &colors->validation, 0.95);
  double px, py;
  if (isfinite (self->x_limit.value))
    {
      cw_scatter_plot_layout_to_pixels (layout, self->x_limit.value, 0, &px, &py);
      px = floor (px) + 0.5;
      cairo_move_to (cr, px, r->y);
      cairo_line_to (cr, px, r->y + r->height);
    }
  if (isfinite (self->y_limit.value))
    {
      cw_scatter_plot_layout_to_pixels (layout, 0, self->y_limit.value, &px, &py);
      py = floor (py) + 0.5;
      cairo_move_to (cr, r->x, py);
      cairo_line_to (cr, r->x + r->width, py);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* Limit labels sit along their lines, inside the data rectangle: the vertical one rotated at the top
 * of the line, the horizontal one above the line at the right end. */
static void
draw_limit_labels (CwScatterPlot *self, cairo_t *cr, const CwPlotColors *colors, const ScatterLayout *layout)
{
  const CwPlotRect *r = &layout->rect;
  double px, py;
  if (isfinite (self->x_limit.value) && self->x_limit.label)
    {
      cw_scatter_plot_layout_to_pixels (layout, self->x_limit.value, 0, &px, &py);
      /* Rotated text reads bottom to top, left of the line (right of it when the line hugs the left). */
      gboolean right_side = px - r->x < 24;
      cw_chart_text_draw (cr, self->x_limit.label, px + (right_side ? 4 : -4), r->y + INSET,
                          1.0, right_side ? 0.0 : 1.0, -G_PI / 2, &colors->validation, CW_CHART_TEXT_SMALL,
                          CW_CHART_TEXT_PLAIN);
    }
  if (isfinite (self->y_limit.value) && self->y_limit.label)
    {
      cw_scatter_plot_layout_to_pixels (layout, 0, self->y_limit.value, &px, &py);
      gboolean below = py - r->y < 20;
      /* At the right end, unless the vertical limit runs there: then at the left end, so the two
       * labels never cross. */
      double w, h, vx = -INFINITY, vy;
      cw_chart_text_size (cr, self->y_limit.label, CW_CHART_TEXT_SMALL, CW_CHART_TEXT_PLAIN, &w, &h);
      if (isfinite (self->x_limit.value))
        cw_scatter_plot_layout_to_pixels (layout, self->x_limit.value, 0, &vx, &vy);
      gboolean left = vx > r->x + r->width - INSET - w - 2 * h;
      cw_chart_text_draw (cr, self->y_limit.label, left ? r->x + INSET : r->x + r->width - INSET,
                          py + (below ? 3 : -3), left ? 0.0 : 1.0, below ? 0.0 : 1.0, 0, &colors->validation,
                          CW_CHART_TEXT_SMALL, CW_CHART_TEXT_PLAIN);
    }
}

static void
draw_series (CwScatterPlot *self, cairo_t *cr, const CwPlotColors *colors, const ScatterLayout *layout)
{
  for (guint k = 0; k < self->series->len; k++)
    {
      Series *s = cw_scatter_plot_get_series (self, k);
      if (!s->joined)
        continue;
      gboolean pen_down = FALSE;
      for (int i = 0; i < s->n; i++)
        {
          double px, py;
          if (!cw_scatter_plot_point_is_finite (s, i))
            {
              pen_down = FALSE;
              continue;
            }
          cw_scatter_plot_layout_to_pixels (layout, s->x[i], s->y[i], &px, &py);
          if (pen_down)
            cairo_line_to (cr, px, py);
          else
            cairo_move_to (cr, px, py);
          pen_down = TRUE;
        }
      cairo_set_line_width (cr, 1.8);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      gdk_cairo_set_source_rgba (cr, &s->color);
      cairo_stroke (cr);
    }

  gboolean dark = cw_chart_luminance (&colors->background) < 0.5;
  cairo_set_line_width (cr, 1);
  for (guint k = 0; k < self->series->len; k++)
    {
      Series *s = cw_scatter_plot_get_series (self, k);
      for (int i = 0; i < s->n; i++)
        {
          if (!cw_scatter_plot_point_is_finite (s, i))
            continue;
          double px, py;
          cw_scatter_plot_layout_to_pixels (layout, s->x[i], s->y[i], &px, &py);
          gboolean hovered = (int) k == self->hover_series && i == self->hover_index;
          GdkRGBA c = point_color (s, i, layout);
          cairo_new_sub_path (cr);
          cairo_arc (cr, px, py, hovered ? HOVER_RADIUS : POINT_RADIUS, 0, 2 * G_PI);
          if (s->hollow)
            {
              cairo_set_line_width (cr, 1.6);
              cw_plot_set_color (cr, &c, 1.0);
              cairo_stroke (cr);
              cairo_set_line_width (cr, 1);
              continue;
            }
          /* A rim keeps overlapping points countable: the background colour on light, a faint light
           * edge on dark, where the dark end of viridis would otherwise sink into the background. */
          cw_plot_set_color (cr, &c, 0.9);
          cairo_fill_preserve (cr);
          if (dark)
            cw_plot_set_color (cr, &colors->foreground, 0.35);
          else
            cw_plot_set_color (cr, &colors->background, 0.9);
          cairo_stroke (cr);
        }
    }

  if (self->selected_id < 0)
    return;
  for (guint k = 0; k < self->series->len; k++)
    {
      Series *s = cw_scatter_plot_get_series (self, k);
      for (int i = 0; i < s->n; i++)
        if (s->ids[i] == self->selected_id && cw_scatter_plot_point_is_finite (s, i))
          {
            double px, py;
            cw_scatter_plot_layout_to_pixels (layout, s->x[i], s->y[i], &px, &py);
            cairo_new_sub_path (cr);
            cairo_arc (cr, px, py, RING_RADIUS, 0, 2 * G_PI);
            cw_plot_set_color (cr, &colors->background, 0.9);
            cairo_set_line_width (cr, 4);
            cairo_stroke_preserve (cr);
            gdk_cairo_set_source_rgba (cr, &colors->foreground);
            cairo_set_line_width (cr, 2);
            cairo_stroke (cr);
          }
    }
}

static void
draw_legend_swatch (const Series *s, cairo_t *cr, double x, double mid)
{
  if (s->joined)
    {
      cairo_move_to (cr, x, mid);
      cairo_line_to (cr, x + LEGEND_SWATCH, mid);
      cairo_set_line_width (cr, 1.8);
      gdk_cairo_set_source_rgba (cr, &s->color);
      cairo_stroke (cr);
    }
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + LEGEND_SWATCH / 2, mid, POINT_RADIUS, 0, 2 * G_PI);
  /* Valued points have no one colour: the legend shows the middle of the map. */
  GdkRGBA c = s->color;
  if (s->values)
    cw_colormap_viridis (0.5, &c);
  gdk_cairo_set_source_rgba (cr, &c);
  if (s->hollow)
    {
      cairo_set_line_width (cr, 1.6);
      cairo_stroke (cr);
    }
  else
    cairo_fill (cr);
}

static void
draw_legend_row (CwScatterPlot *self, cairo_t *cr, const CwPlotColors *colors, const ScatterLayout *layout)
{
  double x = layout->legend_x;
  for (guint k = 0; k < self->series->len; k++)
    {
      Series *s = cw_scatter_plot_get_series (self, k);
      if (!s->label || !s->label[0])
        continue;
      double w, h;
      cw_chart_text_size (cr, s->label, CW_CHART_TEXT_SMALL, CW_CHART_TEXT_PLAIN, &w, &h);
      draw_legend_swatch (s, cr, x, layout->legend_y + h / 2);
      cw_chart_text_draw (cr, s->label, x + LEGEND_SWATCH + 4, layout->legend_y, 0, 0, 0, &colors->foreground,
                          CW_CHART_TEXT_SMALL, CW_CHART_TEXT_PLAIN);
      x += LEGEND_SWATCH + 4 + w + LEGEND_GAP;
    }
}

static void
draw_legend (CwScatterPlot *self, cairo_t *cr, const CwPlotColors *colors, const ScatterLayout *layout)
{
  if (layout->legend == LEGEND_ROW)
    {
      draw_legend_row (self, cr, colors, layout);
      return;
    }
  if (layout->legend != LEGEND_CORNER)
    return;
  int labelled = 0;
  double widest = 0, line_h = 0;
  for (guint k = 0; k < self->series->len; k++)
    {
      Series *s = cw_scatter_plot_get_series (self, k);
      if (!s->label || !s->label[0])
        continue;
      double w, h;
      cw_chart_text_size (cr, s->label, CW_CHART_TEXT_SMALL, CW_CHART_TEXT_PLAIN, &w, &h);
      widest = MAX (widest, w);
      line_h = MAX (line_h, h);
      labelled++;
    }
  if (labelled == 0)
    return;
  const double swatch = LEGEND_SWATCH, pad = 5;
  double box_w = 2 * pad + swatch + 5 + widest, box_h = 2 * pad + labelled * line_h;
  const CwPlotRect *r = &layout->rect;
  /* The corner covering the fewest points. */
  int n_points = 0;
  g_autofree double *points = point_pixels (self, layout, &n_points);
  static const CwPlotCorner order[4] = { CW_PLOT_CORNER_TOP_RIGHT, CW_PLOT_CORNER_TOP_LEFT,
                                         CW_PLOT_CORNER_BOTTOM_RIGHT, CW_PLOT_CORNER_BOTTOM_LEFT };
  double bx = 0, by = 0;
  int best_count = G_MAXINT;
  for (int c = 0; c < 4; c++)
    {
      double cx, cy;
      cw_plot_legend_corner_origin (r, order[c], INSET, box_w, box_h, &cx, &cy);
      int count = cw_plot_legend_count_covered (cx, cy, box_w, box_h, points, n_points, POINT_RADIUS);
      /* A limit line (and its label) under the legend would be hidden: avoid it like many points. */
      double lx, ly;
      if (isfinite (self->x_limit.value))
        {
          cw_scatter_plot_layout_to_pixels (layout, self->x_limit.value, 0, &lx, &ly);
          count += lx >= cx - 16 && lx <= cx + box_w + 16 ? 1000 : 0;
        }
      if (isfinite (self->y_limit.value))
        {
          cw_scatter_plot_layout_to_pixels (layout, 0, self->y_limit.value, &lx, &ly);
          count += ly >= cy - 16 && ly <= cy + box_h + 16 ? 1000 : 0;
        }
      if (count < best_count)
        bx = round (cx), by = round (cy), best_count = count;
    }
  cw_plot_legend_draw_panel (cr, bx, by, box_w, box_h, colors, 0.88);

  int row = 0;
  for (guint k = 0; k < self->series->len; k++)
    {
      Series *s = cw_scatter_plot_get_series (self, k);
      if (!s->label || !s->label[0])
        continue;
      double y = by + pad + row * line_h, mid = y + line_h / 2;
      draw_legend_swatch (s, cr, bx + pad, mid);
      cw_chart_text_draw (cr, s->label, bx + pad + swatch + 5, y, 0, 0, 0, &colors->foreground,
                          CW_CHART_TEXT_SMALL, CW_CHART_TEXT_PLAIN);
      row++;
    }
}

static void
draw_title (CwScatterPlot *self, cairo_t *cr, const CwPlotColors *colors, double x)
{
  cw_chart_text_draw (cr, self->title, round (x), PAD, 0, 0, 0, &colors->foreground, CW_CHART_TEXT_TITLE,
                      CW_CHART_TEXT_BOLD);
}

void
cw_scatter_plot_draw_chart (CwDrawable *drawable, cairo_t *cr, int width, int height)
{
  CwScatterPlot *self = CW_SCATTER_PLOT (drawable);
  CwPlotColors colors;
  cw_plot_colors_for_widget (GTK_WIDGET (self), &colors);
  gdk_cairo_set_source_rgba (cr, &colors.background);
  cairo_paint (cr);

  ScatterLayout layout = cw_scatter_plot_compute_layout (self, cr, width, height);
  cw_plot_draw_frame_axes (cr, width, height, &colors, &layout.axes);
  const CwPlotRect *r = &layout.rect;

  cairo_save (cr);
  cairo_rectangle (cr, r->x, r->y, r->width, r->height);
  cairo_clip (cr);
  draw_limits (self, cr, &colors, &layout);
  draw_series (self, cr, &colors, &layout);
  cairo_restore (cr);

  draw_limit_labels (self, cr, &colors, &layout);
  if (self->series->len == 0)
    cw_chart_text_draw (cr, "No data", r->x + r->width / 2, r->y + r->height / 2, 0.5, 0.5, 0,
                        &colors.axis, CW_CHART_TEXT_NORMAL, CW_CHART_TEXT_PLAIN);
  draw_legend (self, cr, &colors, &layout);
  if (self->title)
    draw_title (self, cr, &colors, r->x);
  if (self->colorbar_label)
    cw_plot_draw_colorbar (cr, r->x + r->width + COLORBAR_GAP, r->y, COLORBAR_BAR_WIDTH, r->height,
                           layout.vmin, layout.vmax, self->colorbar_label, FALSE, &colors);
}

/* The hover read-out belongs to the screen, not to exported figures: drawn over the chart here. */
void
cw_scatter_plot_draw_hover (CwScatterPlot *self, GtkSnapshot *snapshot, int width, int height)
{
  if (!self->hover_text)
    return;
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  CwPlotColors colors;
  cw_plot_colors_for_widget (GTK_WIDGET (self), &colors);
  ScatterLayout layout = cw_scatter_plot_compute_layout (self, cr, width, height);
  const CwPlotRect *r = &layout.rect;
  Series *s = cw_scatter_plot_get_series (self, self->hover_series);
  double px, py, w, h;
  cw_scatter_plot_layout_to_pixels (&layout, s->x[self->hover_index], s->y[self->hover_index], &px, &py);
  cw_chart_text_size (cr, self->hover_text, CW_CHART_TEXT_SMALL, CW_CHART_TEXT_TABULAR, &w, &h);
  const double pad = 5;
  /* Beside the point, flipped to stay inside the data rectangle. */
  double bx = px + 10, by = py - h - 2 * pad - 6;
  if (bx + w + 2 * pad > r->x + r->width)
    bx = px - 10 - w - 2 * pad;
  if (by < r->y)
    by = py + 10;
  bx = round (MAX (bx, 0)), by = round (MAX (by, 0));
  cairo_rectangle (cr, bx + 0.5, by + 0.5, round (w + 2 * pad), round (h + 2 * pad));
  cw_plot_set_color (cr, &colors.background, 0.94);
  cairo_fill_preserve (cr);
  cw_plot_set_color (cr, &colors.axis, 1.0);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  cw_chart_text_draw (cr, self->hover_text, bx + pad, by + pad, 0, 0, 0, &colors.foreground,
                      CW_CHART_TEXT_SMALL, CW_CHART_TEXT_TABULAR);
  cairo_destroy (cr);
}
