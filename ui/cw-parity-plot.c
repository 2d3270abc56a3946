/* cw-parity-plot.c — predicted vs true (or residual vs true) for several series on shared axes.
 *
 * The parity axes are square and share one range, so the identity line runs corner to corner at 45° and
 * a point's distance from it reads the same up and across. Each series' legend line carries the RMSE and
 * R² of its own points, computed here, so the numbers always match what is drawn. */
#include "cw-parity-plot.h"

#include "cw-chart-text.h"
#include "cw-drawable.h"
#include "cw-plot-legend.h"

#include <math.h>

#define PICK_RADIUS 8.0     /* pixels: a click this close to a point selects it */
#define POINT_RADIUS 4.0
#define HOVER_RADIUS 5.0
#define RING_RADIUS 7.5
#define RANGE_PAD 0.05      /* of the span, on each side */
#define LEGEND_INSET 8.0
#define LEGEND_PAD 6.0
#define LEGEND_ROW_GAP 3.0
#define LEGEND_SWATCH 10.0

typedef struct
{
  char *label;
  GdkRGBA color;
  float *truth;
  float *pred;
  int *ids;
  int n;
  /* over the finite points */
  double rmse, r2;
  int n_finite;
} Series;

struct _CwParityPlot
{
  GtkWidget parent_instance;

  /* owned */
  GPtrArray *series;  /* of Series */
  char *axis_label;  /* the quantity, e.g. "octane" */
  char *x_title;     /* the axis titles made from it, kept so the frame can borrow them */
  char *y_title;
  gboolean residuals;
  int selected_id;    /* -1 = none */
  int hover_series;   /* the point under the pointer, -1 = none */
  int hover_index;
};

static void cw_parity_plot_drawable_init (CwDrawableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CwParityPlot, cw_parity_plot, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (CW_TYPE_DRAWABLE, cw_parity_plot_drawable_init))

enum
{
  SIGNAL_POINT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
series_free (gpointer data)
{
  Series *s = data;
  g_free (s->label);
  g_free (s->truth);
  g_free (s->pred);
  g_free (s->ids);
  g_free (s);
}

static Series *
get_series (CwParityPlot *self, int index)
{
  return g_ptr_array_index (self->series, index);
}

static gboolean
point_is_finite (const Series *s, int i)
{
  return isfinite (s->truth[i]) && isfinite (s->pred[i]);
}

/* y of point i: the prediction, or its residual. */
static double
point_y (CwParityPlot *self, const Series *s, int i)
{
  return self->residuals ? (double) s->pred[i] - s->truth[i] : s->pred[i];
}

static void
compute_stats (Series *s)
{
  double sum_truth = 0, sum_sq_error = 0;
  int n = 0;
  for (int i = 0; i < s->n; i++)
    if (point_is_finite (s, i))
      {
        double e = (double) s->pred[i] - s->truth[i];
        sum_sq_error += e * e;
        sum_truth += s->truth[i];
        n++;
      }
  s->n_finite = n;
  s->rmse = n > 0 ? sqrt (sum_sq_error / n) : NAN;
  double mean = n > 0 ? sum_truth / n : 0, ss_total = 0;
  for (int i = 0; i < s->n; i++)
    if (point_is_finite (s, i))
      ss_total += (s->truth[i] - mean) * (s->truth[i] - mean);
  /* R² = 1 − SS_res / SS_tot, against the mean of the true values. */
  s->r2 = n >= 2 && ss_total > 0 ? 1.0 - sum_sq_error / ss_total : NAN;
}

static void
update_axis_titles (CwParityPlot *self)
{
  g_free (self->x_title);
  g_free (self->y_title);
  const char *what = self->axis_label;
  self->x_title = what != NULL ? g_strdup_printf ("True %s", what) : g_strdup ("True value");
  if (self->residuals)
    self->y_title = g_strdup ("Predicted − true");
  else
    self->y_title = what != NULL ? g_strdup_printf ("Predicted %s", what) : g_strdup ("Predicted value");
}

/* ---- layout ---------------------------------------------------------------------------------- */

typedef struct
{
  double width, height;
  double label_width;  /* the widest series label */
  double line_height;
} LegendSize;

typedef struct
{
  CwPlotAxes axes;   /* ranges, labels and the margins that make the parity frame square */
  CwPlotRect rect;   /* the data rectangle */
  LegendSize legend;
  double legend_x, legend_y; /* top-left of the legend box: in a corner, or above the frame */
} ParityLayout;

static LegendSize measure_legend (CwParityPlot *self, cairo_t *cr);
static void to_pixels (const ParityLayout *layout, double x, double y, double *px, double *py);

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

static void
compute_ranges (CwParityPlot *self, double *x0, double *x1, double *y0, double *y1)
{
  double tlo = INFINITY, thi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
  for (guint k = 0; k < self->series->len; k++)
    {
      Series *s = get_series (self, k);
      for (int i = 0; i < s->n; i++)
        if (point_is_finite (s, i))
          {
            double y = point_y (self, s, i);
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
    total += get_series (self, k)->n;
  double *points = g_new (double, 2 * MAX (total, 1));
  int n = 0;
  for (guint k = 0; k < self->series->len; k++)
    {
      Series *s = get_series (self, k);
      for (int i = 0; i < s->n; i++)
        if (point_is_finite (s, i))
          {
            to_pixels (layout, s->truth[i], point_y (self, s, i), &points[2 * n], &points[2 * n + 1]);
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

static ParityLayout
compute_layout (CwParityPlot *self, cairo_t *cr, int width, int height)
{
  ParityLayout layout = { 0 };
  CwPlotAxes *axes = &layout.axes;
  compute_ranges (self, &axes->x0, &axes->x1, &axes->y0, &axes->y1);
  axes->x_label = self->x_title;
  axes->y_label = self->y_title;
  axes->same_xy_step = !self->residuals;
  layout.rect = fit_frame (self, cr, width, height, 0, axes);
  if (self->series->len > 0)
    place_legend (self, cr, width, height, &layout);
  return layout;
}

static ParityLayout
current_layout (CwParityPlot *self)
{
  cairo_t *cr = cw_chart_scratch_context ();
  ParityLayout layout = compute_layout (self, cr, gtk_widget_get_width (GTK_WIDGET (self)),
                                        gtk_widget_get_height (GTK_WIDGET (self)));
  cairo_destroy (cr);
  return layout;
}

static void
to_pixels (const ParityLayout *layout, double x, double y, double *px, double *py)
{
  const CwPlotAxes *a = &layout->axes;
  const CwPlotRect *r = &layout->rect;
  *px = r->x + (x - a->x0) / (a->x1 - a->x0) * r->width;
  *py = r->y + r->height - (y - a->y0) / (a->y1 - a->y0) * r->height;
}

CwPlotRect
cw_parity_plot_get_data_rect (CwParityPlot *self)
{
  g_return_val_if_fail (CW_IS_PARITY_PLOT (self), (CwPlotRect) { 0 });
  return current_layout (self).rect;
}

void
cw_parity_plot_get_ranges (CwParityPlot *self, double *x0, double *x1, double *y0, double *y1)
{
  g_return_if_fail (CW_IS_PARITY_PLOT (self));
  double a, b, c, d;
  compute_ranges (self, &a, &b, &c, &d);
  if (x0 != NULL)
    *x0 = a;
  if (x1 != NULL)
    *x1 = b;
  if (y0 != NULL)
    *y0 = c;
  if (y1 != NULL)
    *y1 = d;
}

static int
pick_in_layout (CwParityPlot *self, const ParityLayout *layout, double x, double y, int *out_series,
                int *out_index)
{
  double best = PICK_RADIUS * PICK_RADIUS;
  int best_series = -1, best_index = -1;
  for (guint k = 0; k < self->series->len; k++)
    {
      Series *s = get_series (self, k);
      for (int i = 0; i < s->n; i++)
        {
          if (!point_is_finite (s, i))
            continue;
          double px, py;
          to_pixels (layout, s->truth[i], point_y (self, s, i), &px, &py);
          double d = (px - x) * (px - x) + (py - y) * (py - y);
          /* <= : at equal distance the later series wins, being drawn on top. */
          if (d <= best)
            {
              best = d;
              best_series = (int) k;
              best_index = i;
            }
        }
    }
  if (out_series != NULL)
    *out_series = best_series;
  if (out_index != NULL)
    *out_index = best_index;
  return best_series >= 0 ? get_series (self, best_series)->ids[best_index] : -1;
}

int
cw_parity_plot_pick_point (CwParityPlot *self, double x, double y, int *series, int *index)
{
  g_return_val_if_fail (CW_IS_PARITY_PLOT (self), -1);
  ParityLayout layout = current_layout (self);
  return pick_in_layout (self, &layout, x, y, series, index);
}

int
cw_parity_plot_pick (CwParityPlot *self, double x, double y)
{
  return cw_parity_plot_pick_point (self, x, y, NULL, NULL);
}

/* ---- text ------------------------------------------------------------------------------------ */

static void
format_number (double v, char *buf, gsize size)
{
  if (!isfinite (v))
    g_strlcpy (buf, "—", size);
  else if (fabs (v) >= 1000)
    g_snprintf (buf, size, "%.0f", v);
  else
    g_snprintf (buf, size, "%.3g", v);
  cw_chart_typographic_minus (buf, size);
}

/* The statistics part of a legend line: "RMSE 0.312 · R² 0.972". */
static char *
stats_text (const Series *s)
{
  char rmse[32], r2[32];
  format_number (s->rmse, rmse, sizeof rmse);
  if (isfinite (s->r2))
    {
      g_snprintf (r2, sizeof r2, "%.3f", s->r2);
      cw_chart_typographic_minus (r2, sizeof r2);
    }
  else
    g_strlcpy (r2, "—", sizeof r2);
  return g_strdup_printf ("RMSE %s · R² %s", rmse, r2);
}

char *
cw_parity_plot_get_legend_text (CwParityPlot *self, int series)
{
  g_return_val_if_fail (CW_IS_PARITY_PLOT (self), NULL);
  g_return_val_if_fail (series >= 0 && series < (int) self->series->len, NULL);
  Series *s = get_series (self, series);
  g_autofree char *stats = stats_text (s);
  return g_strdup_printf ("%s · %s", s->label, stats);
}

static char *
describe_point (CwParityPlot *self, int series, int index)
{
  Series *s = get_series (self, series);
  char truth[32], pred[32];
  format_number (s->truth[index], truth, sizeof truth);
  format_number (s->pred[index], pred, sizeof pred);
  return g_strdup_printf ("%s · sample %d\ntrue %s · predicted %s", s->label, s->ids[index], truth, pred);
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
      Series *s = get_series (self, k);
      g_autofree char *stats = stats_text (s);
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
      Series *s = get_series (self, k);
      double line_y = y + LEGEND_PAD + k * (size.line_height + LEGEND_ROW_GAP);
      double mid = line_y + size.line_height / 2;
      cairo_arc (cr, x + LEGEND_PAD + LEGEND_SWATCH / 2, mid, POINT_RADIUS + 0.5, 0, 2 * G_PI);
      gdk_cairo_set_source_rgba (cr, &s->color);
      cairo_fill (cr);
      double text_x = x + LEGEND_PAD + LEGEND_SWATCH + 6;
      cw_chart_text_draw (cr, s->label, text_x, line_y, 0, 0, 0, &colors->foreground, CW_CHART_TEXT_NORMAL,
                          CW_CHART_TEXT_BOLD);
      g_autofree char *stats = stats_text (s);
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
      to_pixels (layout, a->x0, 0, &ax, &ay);
      to_pixels (layout, a->x1, 0, &bx, &by);
      ay = by = floor (ay) + 0.5;
    }
  else
    {
      to_pixels (layout, a->x0, a->y0, &ax, &ay);
      to_pixels (layout, a->x1, a->y1, &bx, &by);
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
      Series *s = get_series (self, k);
      for (int i = 0; i < s->n; i++)
        {
          if (!point_is_finite (s, i))
            continue;
          double px, py;
          to_pixels (layout, s->truth[i], point_y (self, s, i), &px, &py);
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
      Series *s = get_series (self, k);
      for (int i = 0; i < s->n; i++)
        if (s->ids[i] == self->selected_id && point_is_finite (s, i))
          {
            double px, py;
            to_pixels (layout, s->truth[i], point_y (self, s, i), &px, &py);
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
cw_parity_plot_draw (CwDrawable *drawable, cairo_t *cr, int width, int height)
{
  CwParityPlot *self = CW_PARITY_PLOT (drawable);
  CwPlotColors colors;
  cw_plot_colors_for_widget (GTK_WIDGET (self), &colors);
  gdk_cairo_set_source_rgba (cr, &colors.background);
  cairo_paint (cr);

  ParityLayout layout = compute_layout (self, cr, width, height);
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

static void
cw_parity_plot_drawable_init (CwDrawableInterface *iface)
{
  iface->draw = cw_parity_plot_draw;
}

/* ---- input ----------------------------------------------------------------------------------- */

static void
set_hover (CwParityPlot *self, int series, int index)
{
  if (series == self->hover_series && index == self->hover_index)
    return;
  self->hover_series = series;
  self->hover_index = index;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion (GtkEventControllerMotion *controller, double x, double y, CwParityPlot *self)
{
  int series, index;
  cw_parity_plot_pick_point (self, x, y, &series, &index);
  set_hover (self, series, index);
}

static void
on_leave (GtkEventControllerMotion *controller, CwParityPlot *self)
{
  set_hover (self, -1, -1);
}

static void
on_pressed (GtkGestureClick *gesture, int n_press, double x, double y, CwParityPlot *self)
{
  int id = cw_parity_plot_pick (self, x, y);
  if (id < 0)
    return;
  cw_parity_plot_set_selected (self, id);
  g_signal_emit (self, signals[SIGNAL_POINT_ACTIVATED], 0, id);
}

static gboolean
cw_parity_plot_query_tooltip (GtkWidget *widget, int x, int y, gboolean keyboard_mode, GtkTooltip *tooltip)
{
  CwParityPlot *self = CW_PARITY_PLOT (widget);
  int series, index;
  cw_parity_plot_pick_point (self, x, y, &series, &index);
  if (series < 0)
    return FALSE;
  g_autofree char *text = describe_point (self, series, index);
  gtk_tooltip_set_text (tooltip, text);
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { x - 2, y - 2, 4, 4 });
  return TRUE;
}

/* ---- GtkWidget ------------------------------------------------------------------------------- */

static void
cw_parity_plot_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  cw_drawable_snapshot (CW_DRAWABLE (widget), snapshot);
}

static void
cw_parity_plot_measure (GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum,
                        int *natural, int *minimum_baseline, int *natural_baseline)
{
  *minimum = 200;
  *natural = 380;
}

static void
cw_parity_plot_finalize (GObject *object)
{
  CwParityPlot *self = CW_PARITY_PLOT (object);
  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->axis_label, g_free);
  g_clear_pointer (&self->x_title, g_free);
  g_clear_pointer (&self->y_title, g_free);
  G_OBJECT_CLASS (cw_parity_plot_parent_class)->finalize (object);
}

static void
cw_parity_plot_class_init (CwParityPlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = cw_parity_plot_finalize;
  widget_class->snapshot = cw_parity_plot_snapshot;
  widget_class->measure = cw_parity_plot_measure;
  widget_class->query_tooltip = cw_parity_plot_query_tooltip;

  signals[SIGNAL_POINT_ACTIVATED] = g_signal_new ("point-activated", G_TYPE_FROM_CLASS (klass),
                                                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                                  1, G_TYPE_INT);
  gtk_widget_class_set_css_name (widget_class, "parityplot");
}

static void
cw_parity_plot_init (CwParityPlot *self)
{
  self->series = g_ptr_array_new_with_free_func (series_free);
  self->selected_id = -1;
  self->hover_series = -1;
  self->hover_index = -1;
  update_axis_titles (self);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);

  GtkEventController *motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  GtkGesture *click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

/* ---- public API ------------------------------------------------------------------------------ */

GtkWidget *
cw_parity_plot_new (void)
{
  return g_object_new (CW_TYPE_PARITY_PLOT, NULL);
}

void
cw_parity_plot_clear (CwParityPlot *self)
{
  g_return_if_fail (CW_IS_PARITY_PLOT (self));
  g_ptr_array_set_size (self->series, 0);
  self->hover_series = self->hover_index = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

int
cw_parity_plot_add_series (CwParityPlot *self, const char *label, const GdkRGBA *color, const float *truth,
                           const float *pred, const int *ids, int n)
{
  g_return_val_if_fail (CW_IS_PARITY_PLOT (self), -1);
  g_return_val_if_fail (n >= 0, -1);
  g_return_val_if_fail (n == 0 || (truth != NULL && pred != NULL), -1);

  Series *s = g_new0 (Series, 1);
  int index = (int) self->series->len;
  s->label = g_strdup (label != NULL ? label : "");
  if (color != NULL)
    s->color = *color;
  else
    cw_palette_color (index, &s->color);
  s->n = n;
  s->truth = g_new (float, MAX (n, 1));
  s->pred = g_new (float, MAX (n, 1));
  s->ids = g_new (int, MAX (n, 1));
  for (int i = 0; i < n; i++)
    {
      s->truth[i] = truth[i];
      s->pred[i] = pred[i];
      s->ids[i] = ids != NULL ? ids[i] : i;
    }
  compute_stats (s);
  g_ptr_array_add (self->series, s);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return index;
}

void
cw_parity_plot_set_axis_label (CwParityPlot *self, const char *label)
{
  g_return_if_fail (CW_IS_PARITY_PLOT (self));
  if (g_strcmp0 (self->axis_label, label) == 0)
    return;
  g_free (self->axis_label);
  self->axis_label = g_strdup (label);
  update_axis_titles (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cw_parity_plot_set_selected (CwParityPlot *self, int id)
{
  g_return_if_fail (CW_IS_PARITY_PLOT (self));
  if (id < 0)
    id = -1;
  if (id == self->selected_id)
    return;
  self->selected_id = id;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

int
cw_parity_plot_get_selected (CwParityPlot *self)
{
  g_return_val_if_fail (CW_IS_PARITY_PLOT (self), -1);
  return self->selected_id;
}

void
cw_parity_plot_set_residuals (CwParityPlot *self, gboolean residuals)
{
  g_return_if_fail (CW_IS_PARITY_PLOT (self));
  if (self->residuals == !!residuals)
    return;
  self->residuals = !!residuals;
  update_axis_titles (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

int
cw_parity_plot_get_n_series (CwParityPlot *self)
{
  g_return_val_if_fail (CW_IS_PARITY_PLOT (self), 0);
  return (int) self->series->len;
}

void
cw_parity_plot_get_series_stats (CwParityPlot *self, int series, double *rmse, double *r2, int *n)
{
  g_return_if_fail (CW_IS_PARITY_PLOT (self));
  g_return_if_fail (series >= 0 && series < (int) self->series->len);
  Series *s = get_series (self, series);
  if (rmse != NULL)
    *rmse = s->rmse;
  if (r2 != NULL)
    *r2 = s->r2;
  if (n != NULL)
    *n = s->n_finite;
}
