/* cw-parity-plot-draw.c — CwParityPlot's layout and drawing: the padded ranges, the square frame, the
 * legend in the emptiest corner (or above the frame), the identity or zero line, the points with their
 * hover and selection rings. */
#include "cw-parity-plot-private.h"

#include "cw-chart-text.h"
#include "cw-plot-legend.h"

#define POINT_RADIUS 4.0
#define HOVER_RADIUS 5.0
#define RING_RADIUS 7.5
#define RANGE_PAD 0.05      /* of the span, on each side */
#define LEGEND_INSET 8.0
#define LEGEND_PAD 6.0
#define LEGEND_ROW_GAP 3.0
#define LEGEND_SWATCH 10.0

/* ---- layout ---------------------------------------------------------------------------------- */

static LegendSize measure_legend (CwParityPlot *self, cairo_t *cr);

static void
padded (double lo, double hi, double *out_lo, double *out_hi)
{
  if (!(lo <= hi))
    {
      lo = 0;
      hi = 1;
    }
  double span = hi - lo;
  double pad = span > 0 ? span * RANGE_PAD : MAX (fabs (lo) * 0.05, 0.5);
  *out_lo = lo - pad;
  *out_hi = hi + pad;
}

void
cw_parity_plot_compute_ranges (CwParityPlot *self, double *x0, double *x1, double *y0, double *y1)
{
  double tlo = INFINITY, thi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
  for (guint k = 0; k < self->series->len; k++)
    {
      ParitySeries *s = cw_parity_plot_get_series (self, k);
      for (int i = 0; i < s->n; i++)
        if (cw_parity_point_is_finite (s, i))
          {
            double y = cw_parity_point_y (self, s, i);
            tlo = MIN (tlo, s->truth[i]);
            thi = MAX (thi, s->truth[i]);
            ylo = MIN (ylo, y);
            yhi = MAX (yhi, y);
          }
    }
  if (self->residuals)
    {
      padded (tlo, thi, x0, x1);
      /* Symmetric around zero: over- and under-prediction read at the same scale. */
      double m = isfinite (ylo) ? MAX (fabs (ylo), fabs (yhi)) : 1;
      padded (-m, m, y0, y1);
    }
  else
    {
      /* One range for both axes (the identity line is the diagonal). */
      padded (MIN (tlo, ylo), MAX (thi, yhi), x0, x1);
      *y0 = *x0;
      *y1 = *x1;
    }
}

/* The data rectangle for the ranges in axes, `reserve_top` pixels lower than the fitted frame would start. */
static CwPlotRect
fit_frame (CwParityPlot *self, cairo_t *cr, int width, int height, double reserve_top, CwPlotAxes *axes)
{
  axes->left = axes->right = axes->top = axes->bottom = 0;
  CwPlotRect fit = cw_plot_layout_frame (cr, width, height, axes);
  if (reserve_top > 0)
    {
      axes->left = fit.x;
      axes->right = MAX (1.0, width - fit.x - fit.width);
      axes->bottom = MAX (1.0, height - fit.y - fit.height);
      axes->top = fit.y + reserve_top;
      fit = cw_plot_layout_frame (cr, width, height, axes);
    }
  if (!self->residuals)
    {
      /* Square: keep the fitted margins, shrink the longer side and centre the frame in the space. */
      double side = MAX (1.0, MIN (fit.width, fit.height));
      axes->left = fit.x + (fit.width - side) / 2;
      axes->right = MAX (1.0, width - axes->left - side);
      axes->top = fit.y + (fit.height - side) / 2;
      axes->bottom = MAX (1.0, height - axes->top - side);
      fit = cw_plot_layout_frame (cr, width, height, axes);
    }
  return fit;
}

/* Every finite point in pixels (px, py pairs), for counting what a legend would hide. */
static double *
point_pixels (CwParityPlot *self, const ParityLayout *layout, int *n_out)
{
  int total = 0;
  for (guint k = 0; k < self->series->len; k++)
    total += cw_parity_plot_get_series (self, k)->n;
  double *points = g_new (double, 2 * MAX (total, 1));
  int n = 0;
  for (guint k = 0; k < self->series->len; k++)
    {
      ParitySeries *s = cw_parity_plot_get_series (self, k);
      for (int i = 0; i < s->n; i++)
        if (cw_parity_point_is_finite (s, i))
          {
            cw_parity_plot_to_pixels (layout, s->truth[i], cw_parity_point_y (self, s, i), &points[2 * n], &points[2 * n + 1]);
            n++;
          }
    }
  *n_out = n;
  return points;
}

/* The legend goes in the corner hiding the fewest points (usually an empty side of a parity plot); when
 * every corner would hide some (a small plot, where the legend spans most of the width), it goes above
 * the frame, which moves down to make room. */
static void
place_legend (CwParityPlot *self, cairo_t *cr, int width, int height, ParityLayout *layout)
{
  layout->legend = measure_legend (self, cr);
  const LegendSize *size = &layout->legend;
  int n = 0;
  g_autofree double *points = point_pixels (self, layout, &n);
  static const CwPlotCorner order[4] = { CW_PLOT_CORNER_TOP_LEFT, CW_PLOT_CORNER_BOTTOM_RIGHT,
                                         CW_PLOT_CORNER_TOP_RIGHT, CW_PLOT_CORNER_BOTTOM_LEFT };
  int best_count = G_MAXINT;
  for (int c = 0; c < 4 && best_count > 0; c++)
    {
      double x, y;
      cw_plot_legend_corner_origin (&layout->rect, order[c], LEGEND_INSET, size->width, size->height, &x, &y);
      int count = cw_plot_legend_count_covered (x, y, size->width, size->height, points, n, POINT_RADIUS);
      if (count < best_count)
        {
          best_count = count;
          layout->legend_x = round (x);
          layout->legend_y = round (y);
        }
    }
  if (best_count == 0)
    return;
  layout->rect = fit_frame (self, cr, width, height, size->height + LEGEND_INSET, &layout->axes);
  const CwPlotRect *r = &layout->rect;
  layout->legend_x = round (MAX (2.0, r->x + r->width - size->width));
  layout->legend_y = round (MAX (2.0, r->y - LEGEND_INSET / 2 - size->height));
}

ParityLayout
cw_parity_plot_compute_layout (CwParityPlot *self, cairo_t *cr, int width, int height)
{
  ParityLayout layout = { 0 };
  CwPlotAxes *axes = &layout.axes;
  cw_parity_plot_compute_ranges (self, &axes->x0, &axes->x1, &axes->y0, &axes->y1);
  axes->x_label = self->x_title;
  axes->y_label = self->y_title;
  axes->same_xy_step = !self->residuals;
  layout.rect = fit_frame (self, cr, width, height, 0, axes);
  if (self->series->len > 0)
    place_legend (self, cr, width, height, &layout);
  return layout;
}

ParityLayout
cw_parity_plot_current_layout (CwParityPlot *self)
{
  cairo_t *cr = cw_chart_scratch_context ();
  ParityLayout layout = cw_parity_plot_compute_layout (self, cr, gtk_widget_get_width (GTK_WIDGET (self)),
                                        gtk_widget_get_height (GTK_WIDGET (self)));
  cairo_destroy (cr);
  return layout;
}

void
cw_parity_plot_to_pixels (const ParityLayout *layout, double x, double y, double *px, double *py)
{
  const CwPlotAxes *a = &layout->axes;
  const CwPlotRect *r = &layout->rect;
  *px = r->x + (x - a->x0) / (a->x1 - a->x0) * r->width;
  *py = r->y + r->height - (y - a->y0) / (a->y1 - a->y0) * r->height;
}
/* ---- drawing --------------------------------------------------------------------------------- */

/* (declared above the layout, which places the legend) */
static LegendSize
measure_legend (CwParityPlot *self, cairo_t *cr)
{
  LegendSize size = { 0 };
  double stats_width = 0;
  for (guint k = 0; k < self->series->len; k++)
    {
      ParitySeries *s = cw_parity_plot_get_series (self, k);
      g_autofree char *stats = cw_parity_plot_stats_text (s);
      double w, h;
      cw_chart_text_size (cr, s->label, CW_CHART_TEXT_NORMAL, CW_CHART_TEXT_BOLD, &w, &h);
      size.label_width = MAX (size.label_width, w);
      size.line_height = MAX (size.line_height, h);
      cw_chart_text_size (cr, stats, CW_CHART_TEXT_NORMAL, CW_CHART_TEXT_TABULAR, &w, &h);
      stats_width = MAX (stats_width, w);
    }
  size.width = 2 * LEGEND_PAD + LEGEND_SWATCH + 6 + size.label_width + 12 + stats_width;
  size.height = 2 * LEGEND_PAD + self->series->len * size.line_height
                + (self->series->len - 1) * LEGEND_ROW_GAP;
  return size;
}

static void
draw_legend (CwParityPlot *self, cairo_t *cr, const CwPlotColors *colors, const ParityLayout *layout)
{
  if (self->series->len == 0)
    return;
  LegendSize size = layout->legend;
  double x = layout->legend_x, y = layout->legend_y;
  cw_plot_legend_draw_panel (cr, x, y, size.width, size.height, colors, 0.9);

  for (guint k = 0; k < self->series->len; k++)
    {
      ParitySeries *s = cw_parity_plot_get_series (self, k);
      double line_y = y + LEGEND_PAD + k * (size.line_height + LEGEND_ROW_GAP);
      double mid = line_y + size.line_height / 2;
      cairo_arc (cr, x + LEGEND_PAD + LEGEND_SWATCH / 2, mid, POINT_RADIUS + 0.5, 0, 2 * G_PI);
      gdk_cairo_set_source_rgba (cr, &s->color);
      cairo_fill (cr);
      double text_x = x + LEGEND_PAD + LEGEND_SWATCH + 6;
      cw_chart_text_draw (cr, s->label, text_x, line_y, 0, 0, 0, &colors->foreground, CW_CHART_TEXT_NORMAL,
                          CW_CHART_TEXT_BOLD);
      g_autofree char *stats = cw_parity_plot_stats_text (s);
      cw_chart_text_draw (cr, stats, text_x + size.label_width + 12, line_y, 0, 0, 0, &colors->foreground,
                          CW_CHART_TEXT_NORMAL, CW_CHART_TEXT_TABULAR);
    }
}

static void
draw_reference_line (CwParityPlot *self, cairo_t *cr, const CwPlotColors *colors, const ParityLayout *layout)
{
  const CwPlotAxes *a = &layout->axes;
  double ax, ay, bx, by;
  if (self->residuals)
    {
      cw_parity_plot_to_pixels (layout, a->x0, 0, &ax, &ay);
      cw_parity_plot_to_pixels (layout, a->x1, 0, &bx, &by);
      ay = by = floor (ay) + 0.5;
    }
  else
    {
      cw_parity_plot_to_pixels (layout, a->x0, a->y0, &ax, &ay);
      cw_parity_plot_to_pixels (layout, a->x1, a->y1, &bx, &by);
    }
  cairo_move_to (cr, ax, ay);
  cairo_line_to (cr, bx, by);
  gdk_cairo_set_source_rgba (cr, &colors->axis);
  cairo_set_line_width (cr, 1.2);
  cairo_set_dash (cr, (double[]) { 5, 4 }, 2, 0);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
}

static void
draw_points (CwParityPlot *self, cairo_t *cr, const CwPlotColors *colors, const ParityLayout *layout)
{
  cairo_set_line_width (cr, 1);
  for (guint k = 0; k < self->series->len; k++)
    {
      ParitySeries *s = cw_parity_plot_get_series (self, k);
      for (int i = 0; i < s->n; i++)
        {
          if (!cw_parity_point_is_finite (s, i))
            continue;
          double px, py;
          cw_parity_plot_to_pixels (layout, s->truth[i], cw_parity_point_y (self, s, i), &px, &py);
          gboolean hovered = (int) k == self->hover_series && i == self->hover_index;
          cairo_new_sub_path (cr);
          cairo_arc (cr, px, py, hovered ? HOVER_RADIUS : POINT_RADIUS, 0, 2 * G_PI);
          /* Slightly see-through, with a rim in the background colour, so overlapping points stay
           * countable and one series does not hide the other. */
          cw_plot_set_color (cr, &s->color, 0.85);
          cairo_fill_preserve (cr);
          cw_plot_set_color (cr, &colors->background, 0.9);
          cairo_stroke (cr);
        }
    }

  if (self->selected_id < 0)
    return;
  for (guint k = 0; k < self->series->len; k++)
    {
      ParitySeries *s = cw_parity_plot_get_series (self, k);
      for (int i = 0; i < s->n; i++)
        if (s->ids[i] == self->selected_id && cw_parity_point_is_finite (s, i))
          {
            double px, py;
            cw_parity_plot_to_pixels (layout, s->truth[i], cw_parity_point_y (self, s, i), &px, &py);
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

void
cw_parity_plot_draw_chart (CwDrawable *drawable, cairo_t *cr, int width, int height)
{
  CwParityPlot *self = CW_PARITY_PLOT (drawable);
  CwPlotColors colors;
  cw_plot_colors_for_widget (GTK_WIDGET (self), &colors);
  gdk_cairo_set_source_rgba (cr, &colors.background);
  cairo_paint (cr);

  ParityLayout layout = cw_parity_plot_compute_layout (self, cr, width, height);
  cw_plot_draw_frame_axes (cr, width, height, &colors, &layout.axes);
  const CwPlotRect *r = &layout.rect;

  cairo_save (cr);
  cairo_rectangle (cr, r->x, r->y, r->width, r->height);
  cairo_clip (cr);
  draw_reference_line (self, cr, &colors, &layout);
  draw_points (self, cr, &colors, &layout);
  cairo_restore (cr);

  if (self->series->len == 0)
    cw_chart_text_draw (cr, "No predictions yet", r->x + r->width / 2, r->y + r->height / 2, 0.5, 0.5, 0,
                        &colors.axis, CW_CHART_TEXT_NORMAL, CW_CHART_TEXT_PLAIN);
  draw_legend (self, cr, &colors, &layout);
}
