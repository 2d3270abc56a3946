/* cw-parity-plot.c — predicted vs true (or residual vs true) for several series on shared axes.
 *
 * The parity axes are square and share one range, so the identity line runs corner to corner at 45° and
 * a point's distance from it reads the same up and across. Each series' legend line carries the RMSE and
 * R² of its own points, computed here, so the numbers always match what is drawn. */
#include "cw-parity-plot-private.h"

#include "cw-chart-text.h"
#include "cw-drawable-menu.h"

#define PICK_RADIUS 8.0     /* pixels: a click this close to a point selects it */

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
  ParitySeries *s = data;
  g_free (s->label);
  g_free (s->truth);
  g_free (s->pred);
  g_free (s->ids);
  g_free (s);
}

static void
compute_stats (ParitySeries *s)
{
  double sum_truth = 0, sum_sq_error = 0;
  int n = 0;
  for (int i = 0; i < s->n; i++)
    if (cw_parity_point_is_finite (s, i))
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
    if (cw_parity_point_is_finite (s, i))
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

/* ---- layout queries -------------------------------------------------------------------------- */

CwPlotRect
cw_parity_plot_get_data_rect (CwParityPlot *self)
{
  g_return_val_if_fail (CW_IS_PARITY_PLOT (self), (CwPlotRect) { 0 });
  return cw_parity_plot_current_layout (self).rect;
}

void
cw_parity_plot_get_ranges (CwParityPlot *self, double *x0, double *x1, double *y0, double *y1)
{
  g_return_if_fail (CW_IS_PARITY_PLOT (self));
  double a, b, c, d;
  cw_parity_plot_compute_ranges (self, &a, &b, &c, &d);
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
      ParitySeries *s = cw_parity_plot_get_series (self, k);
      for (int i = 0; i < s->n; i++)
        {
          if (!cw_parity_point_is_finite (s, i))
            continue;
          double px, py;
          cw_parity_plot_to_pixels (layout, s->truth[i], cw_parity_point_y (self, s, i), &px, &py);
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
  return best_series >= 0 ? cw_parity_plot_get_series (self, best_series)->ids[best_index] : -1;
}

int
cw_parity_plot_pick_point (CwParityPlot *self, double x, double y, int *series, int *index)
{
  g_return_val_if_fail (CW_IS_PARITY_PLOT (self), -1);
  ParityLayout layout = cw_parity_plot_current_layout (self);
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

char *
cw_parity_plot_stats_text (const ParitySeries *s)
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
  ParitySeries *s = cw_parity_plot_get_series (self, series);
  g_autofree char *stats = cw_parity_plot_stats_text (s);
  return g_strdup_printf ("%s · %s", s->label, stats);
}

static char *
describe_point (CwParityPlot *self, int series, int index)
{
  ParitySeries *s = cw_parity_plot_get_series (self, series);
  char truth[32], pred[32];
  format_number (s->truth[index], truth, sizeof truth);
  format_number (s->pred[index], pred, sizeof pred);
  return g_strdup_printf ("%s · sample %d\ntrue %s · predicted %s", s->label, s->ids[index], truth, pred);
}

static void
cw_parity_plot_drawable_init (CwDrawableInterface *iface)
{
  iface->draw = cw_parity_plot_draw_chart;
  iface->dup_csv = cw_parity_plot_dup_csv;
  iface->default_title = "Predicted vs true";
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
  cw_drawable_menu_attach (CW_DRAWABLE (self));
  self->hover_series = -1;
  self->hover_index = -1;
  update_axis_titles (self);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);

  cw_plot_add_pointer_controllers (GTK_WIDGET (self), G_CALLBACK (on_motion), G_CALLBACK (on_leave),
                                   G_CALLBACK (on_pressed), self);
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

  ParitySeries *s = g_new0 (ParitySeries, 1);
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
  ParitySeries *s = cw_parity_plot_get_series (self, series);
  if (rmse != NULL)
    *rmse = s->rmse;
  if (r2 != NULL)
    *r2 = s->r2;
  if (n != NULL)
    *n = s->n_finite;
}
