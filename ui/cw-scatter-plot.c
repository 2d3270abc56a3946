/* cw-scatter-plot.c — points in series with limit lines, colour by value, picking and a hover read-out:
 * the object, input, picking and the API (drawing and layout are in cw-scatter-plot-draw.c). */
#include "cw-scatter-plot-private.h"

#include "cw-chart-text.h"
#include "cw-drawable-menu.h"
#include "cw-drawable.h"

#include <math.h>

static void cw_scatter_plot_drawable_init (CwDrawableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CwScatterPlot, cw_scatter_plot, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (CW_TYPE_DRAWABLE, cw_scatter_plot_drawable_init))

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
  g_free (s->x);
  g_free (s->y);
  g_free (s->ids);
  g_free (s->point_colors);
  g_free (s->values);
  g_free (s);
}

/* ---- layout at the widget's size ------------------------------------------------------------- */

static ScatterLayout
current_layout (CwScatterPlot *self)
{
  cairo_t *cr = cw_chart_scratch_context ();
  ScatterLayout layout = cw_scatter_plot_compute_layout (self, cr, gtk_widget_get_width (GTK_WIDGET (self)),
                                         gtk_widget_get_height (GTK_WIDGET (self)));
  cairo_destroy (cr);
  return layout;
}

static int
pick_in_layout (CwScatterPlot *self, const ScatterLayout *layout, double x, double y, int *out_series,
                int *out_index)
{
  const CwPlotRect *r = &layout->rect;
  double best = self->pick_by_x ? PICK_COLUMN : PICK_RADIUS * PICK_RADIUS;
  int best_series = -1, best_index = -1;
  gboolean inside = x >= r->x - PICK_RADIUS && x <= r->x + r->width + PICK_RADIUS
                    && y >= r->y - PICK_RADIUS && y <= r->y + r->height + PICK_RADIUS;
  for (guint k = 0; k < self->series->len && inside; k++)
    {
      Series *s = cw_scatter_plot_get_series (self, k);
      for (int i = 0; i < s->n; i++)
        {
          if (!cw_scatter_plot_point_is_finite (s, i))
            continue;
          double px, py;
          cw_scatter_plot_layout_to_pixels (layout, s->x[i], s->y[i], &px, &py);
          double d = self->pick_by_x ? fabs (px - x) : (px - x) * (px - x) + (py - y) * (py - y);
          /* By x, several series share a column: the point nearest in y wins among equals. */
          if (self->pick_by_x && best_series >= 0 && fabs (d - best) < 0.5)
            {
              double bx, by;
              Series *b = cw_scatter_plot_get_series (self, best_series);
              cw_scatter_plot_layout_to_pixels (layout, b->x[best_index], b->y[best_index], &bx, &by);
              if (fabs (py - y) >= fabs (by - y))
                continue;
            }
          else if (d > best)
            continue;
          best = d;
          best_series = (int) k;
          best_index = i;
        }
    }
  if (out_series)
    *out_series = best_series;
  if (out_index)
    *out_index = best_index;
  return best_series >= 0 ? cw_scatter_plot_get_series (self, best_series)->ids[best_index] : -1;
}

/* ---- text ------------------------------------------------------------------------------------ */

static void
format_number (double v, char *buf, gsize size)
{
  if (!isfinite (v))
    g_strlcpy (buf, "—", size);
  else if (fabs (v) >= 1e5 || (v != 0 && fabs (v) < 1e-3))
    g_snprintf (buf, size, "%.3g", v);
  else
    g_snprintf (buf, size, "%.4g", v);
  cw_chart_typographic_minus (buf, size);
}

char *
cw_scatter_plot_describe_point (CwScatterPlot *self, int series, int index)
{
  g_return_val_if_fail (CW_IS_SCATTER_PLOT (self), NULL);
  g_return_val_if_fail (series >= 0 && series < (int) self->series->len, NULL);
  Series *s = cw_scatter_plot_get_series (self, series);
  g_return_val_if_fail (index >= 0 && index < s->n, NULL);

  GString *text = g_string_new (NULL);
  g_string_append_printf (text, "%s %d", self->id_noun, s->ids[index] + self->id_offset);
  if (s->label && s->label[0])
    g_string_append_printf (text, " · %s", s->label);
  char x[32], y[32];
  format_number (s->x[index], x, sizeof x);
  format_number (s->y[index], y, sizeof y);
  g_string_append_printf (text, "\n%s %s · %s %s", self->x_label ? self->x_label : "x", x,
                          self->y_label ? self->y_label : "y", y);
  if (s->values && self->colorbar_label)
    {
      char v[32];
      format_number (s->values[index], v, sizeof v);
      g_string_append_printf (text, "\n%s %s", self->colorbar_label, v);
    }
  return g_string_free (text, FALSE);
}

/* One line per point: its series, its id as the plot names it (e.g. "Row" with the offset added), x, y,
 * and the value that colours it when the plot has a colour bar. */
static char *
cw_scatter_plot_dup_csv (CwDrawable *drawable)
{
  CwScatterPlot *self = CW_SCATTER_PLOT (drawable);
  gboolean with_values = self->colorbar_label != NULL;
  GString *csv = g_string_new (NULL);
  cw_drawable_csv_text (csv, "series", TRUE);
  cw_drawable_csv_text (csv, self->id_noun ? self->id_noun : "id", FALSE);
  cw_drawable_csv_text (csv, self->x_label && *self->x_label ? self->x_label : "x", FALSE);
  cw_drawable_csv_text (csv, self->y_label && *self->y_label ? self->y_label : "y", FALSE);
  if (with_values)
    cw_drawable_csv_text (csv, *self->colorbar_label ? self->colorbar_label : "value", FALSE);
  g_string_append_c (csv, '\n');
  for (guint k = 0; k < self->series->len; k++)
    {
      const Series *s = cw_scatter_plot_get_series (self, (int) k);
      for (int i = 0; i < s->n; i++)
        {
          if (s->label && *s->label)
            cw_drawable_csv_text (csv, s->label, TRUE);
          else
            g_string_append_printf (csv, "series %u", k + 1);
          g_string_append_printf (csv, ",%d", s->ids[i] + self->id_offset);
          cw_drawable_csv_number (csv, s->x[i], FALSE);
          cw_drawable_csv_number (csv, s->y[i], FALSE);
          if (with_values)
            cw_drawable_csv_number (csv, s->values ? s->values[i] : NAN, FALSE);
          g_string_append_c (csv, '\n');
        }
    }
  return g_string_free (csv, FALSE);
}

static void
cw_scatter_plot_draw (CwDrawable *drawable, cairo_t *cr, int width, int height)
{
  CwScatterPlot *self = CW_SCATTER_PLOT (drawable);
  /* Under an export's title band the title is already there: leave it (and its room) out. */
  char *title = self->title;
  if (cw_drawable_get_title_in_band (drawable))
    self->title = NULL;
  cw_scatter_plot_draw_chart (drawable, cr, width, height);
  self->title = title;
}

static const char *
cw_scatter_plot_get_own_title (CwDrawable *drawable)
{
  return CW_SCATTER_PLOT (drawable)->title;
}

static void
cw_scatter_plot_drawable_init (CwDrawableInterface *iface)
{
  iface->draw = cw_scatter_plot_draw;
  iface->dup_csv = cw_scatter_plot_dup_csv;
  iface->get_own_title = cw_scatter_plot_get_own_title;
  iface->default_title = "Scatter plot";
}

/* ---- input ----------------------------------------------------------------------------------- */

static void
set_hover (CwScatterPlot *self, int series, int index)
{
  if (series == self->hover_series && index == self->hover_index)
    return;
  self->hover_series = series;
  self->hover_index = index;
  g_clear_pointer (&self->hover_text, g_free);
  if (series >= 0)
    self->hover_text = cw_scatter_plot_describe_point (self, series, index);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion (GtkEventControllerMotion *controller, double x, double y, CwScatterPlot *self)
{
  int series, index;
  cw_scatter_plot_pick (self, x, y, &series, &index);
  set_hover (self, series, index);
}

static void
on_leave (GtkEventControllerMotion *controller, CwScatterPlot *self)
{
  set_hover (self, -1, -1);
}

int
cw_scatter_plot_activate_at (CwScatterPlot *self, double x, double y)
{
  g_return_val_if_fail (CW_IS_SCATTER_PLOT (self), -1);
  int id = cw_scatter_plot_pick (self, x, y, NULL, NULL);
  if (id < 0)
    return -1;
  cw_scatter_plot_set_selected (self, id);
  g_signal_emit (self, signals[SIGNAL_POINT_ACTIVATED], 0, id);
  return id;
}

static void
on_pressed (GtkGestureClick *gesture, int n_press, double x, double y, CwScatterPlot *self)
{
  cw_scatter_plot_activate_at (self, x, y);
}

/* ---- GtkWidget ------------------------------------------------------------------------------- */

static void
cw_scatter_plot_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  cw_drawable_snapshot (CW_DRAWABLE (widget), snapshot);
  cw_scatter_plot_draw_hover (CW_SCATTER_PLOT (widget), snapshot, gtk_widget_get_width (widget),
                      gtk_widget_get_height (widget));
}

static void
cw_scatter_plot_measure (GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum,
                         int *natural, int *minimum_baseline, int *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 200 : 160;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 400 : 300;
}

static void
cw_scatter_plot_finalize (GObject *object)
{
  CwScatterPlot *self = CW_SCATTER_PLOT (object);
  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->x_label, g_free);
  g_clear_pointer (&self->y_label, g_free);
  g_clear_pointer (&self->id_noun, g_free);
  g_clear_pointer (&self->colorbar_label, g_free);
  g_clear_pointer (&self->x_limit.label, g_free);
  g_clear_pointer (&self->y_limit.label, g_free);
  g_clear_pointer (&self->hover_text, g_free);
  G_OBJECT_CLASS (cw_scatter_plot_parent_class)->finalize (object);
}

static void
cw_scatter_plot_class_init (CwScatterPlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = cw_scatter_plot_finalize;
  widget_class->snapshot = cw_scatter_plot_snapshot;
  widget_class->measure = cw_scatter_plot_measure;

  signals[SIGNAL_POINT_ACTIVATED] = g_signal_new ("point-activated", G_TYPE_FROM_CLASS (klass),
                                                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                                  1, G_TYPE_INT);
  gtk_widget_class_set_css_name (widget_class, "scatterplot");
}

static void
cw_scatter_plot_init (CwScatterPlot *self)
{
  self->series = g_ptr_array_new_with_free_func (series_free);
  self->id_noun = g_strdup ("Point");
  cw_drawable_menu_attach (CW_DRAWABLE (self));
  self->x_limit.value = self->y_limit.value = NAN;
  self->selected_id = -1;
  self->hover_series = self->hover_index = -1;

  cw_plot_add_pointer_controllers (GTK_WIDGET (self), G_CALLBACK (on_motion), G_CALLBACK (on_leave),
                                   G_CALLBACK (on_pressed), self);
}

/* ---- public API ------------------------------------------------------------------------------ */

GtkWidget *
cw_scatter_plot_new (void)
{
  return g_object_new (CW_TYPE_SCATTER_PLOT, NULL);
}

static void
replace_string (char **field, const char *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
}

void
cw_scatter_plot_set_title (CwScatterPlot *self, const char *title)
{
  g_return_if_fail (CW_IS_SCATTER_PLOT (self));
  replace_string (&self->title, title);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cw_scatter_plot_set_labels (CwScatterPlot *self, const char *x_label, const char *y_label)
{
  g_return_if_fail (CW_IS_SCATTER_PLOT (self));
  replace_string (&self->x_label, x_label);
  replace_string (&self->y_label, y_label);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cw_scatter_plot_set_id_label (CwScatterPlot *self, const char *noun, int offset)
{
  g_return_if_fail (CW_IS_SCATTER_PLOT (self));
  replace_string (&self->id_noun, noun ? noun : "Point");
  self->id_offset = offset;
}

void
cw_scatter_plot_clear (CwScatterPlot *self)
{
  g_return_if_fail (CW_IS_SCATTER_PLOT (self));
  g_ptr_array_set_size (self->series, 0);
  g_clear_pointer (&self->colorbar_label, g_free);
  cw_scatter_plot_set_x_limit (self, NAN, NULL);
  cw_scatter_plot_set_y_limit (self, NAN, NULL);
  self->hover_series = self->hover_index = -1;
  g_clear_pointer (&self->hover_text, g_free);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

int
cw_scatter_plot_add_series (CwScatterPlot *self, const char *label, const GdkRGBA *color, const double *x,
                            const double *y, const int *ids, int n, gboolean joined)
{
  g_return_val_if_fail (CW_IS_SCATTER_PLOT (self), -1);
  g_return_val_if_fail (n >= 0 && (n == 0 || (x && y)), -1);

  Series *s = g_new0 (Series, 1);
  int index = (int) self->series->len;
  s->label = g_strdup (label);
  if (color)
    s->color = *color;
  else
    cw_palette_color (index, &s->color);
  s->n = n;
  s->joined = joined;
  s->x = g_memdup2 (x, MAX (n, 1) * sizeof (double));
  s->y = g_memdup2 (y, MAX (n, 1) * sizeof (double));
  s->ids = g_new (int, MAX (n, 1));
  for (int i = 0; i < n; i++)
    s->ids[i] = ids ? ids[i] : i;
  g_ptr_array_add (self->series, s);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return index;
}

void
cw_scatter_plot_set_series_hollow (CwScatterPlot *self, int series, gboolean hollow)
{
  g_return_if_fail (CW_IS_SCATTER_PLOT (self));
  g_return_if_fail (series >= 0 && series < (int) self->series->len);
  cw_scatter_plot_get_series (self, series)->hollow = hollow;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cw_scatter_plot_set_point_colors (CwScatterPlot *self, int series, const GdkRGBA *colors)
{
  g_return_if_fail (CW_IS_SCATTER_PLOT (self));
  g_return_if_fail (series >= 0 && series < (int) self->series->len);
  Series *s = cw_scatter_plot_get_series (self, series);
  g_clear_pointer (&s->point_colors, g_free);
  if (colors)
    s->point_colors = g_memdup2 (colors, MAX (s->n, 1) * sizeof (GdkRGBA));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cw_scatter_plot_set_point_values (CwScatterPlot *self, int series, const double *values, const char *label)
{
  g_return_if_fail (CW_IS_SCATTER_PLOT (self));
  g_return_if_fail (series >= 0 && series < (int) self->series->len);
  Series *s = cw_scatter_plot_get_series (self, series);
  g_clear_pointer (&s->values, g_free);
  if (values)
    s->values = g_memdup2 (values, MAX (s->n, 1) * sizeof (double));
  gboolean any = FALSE;
  for (guint k = 0; k < self->series->len; k++)
    any |= cw_scatter_plot_get_series (self, k)->values != NULL;
  if (!any)
    g_clear_pointer (&self->colorbar_label, g_free);
  else if (values)
    replace_string (&self->colorbar_label, label ? label : "");
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_limit (CwScatterPlot *self, Limit *limit, double value, const char *label)
{
  limit->value = value;
  replace_string (&limit->label, isfinite (value) ? label : NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cw_scatter_plot_set_x_limit (CwScatterPlot *self, double x, const char *label)
{
  g_return_if_fail (CW_IS_SCATTER_PLOT (self));
  set_limit (self, &self->x_limit, x, label);
}

void
cw_scatter_plot_set_y_limit (CwScatterPlot *self, double y, const char *label)
{
  g_return_if_fail (CW_IS_SCATTER_PLOT (self));
  set_limit (self, &self->y_limit, y, label);
}

void
cw_scatter_plot_set_x_range (CwScatterPlot *self, double lo, double hi)
{
  g_return_if_fail (CW_IS_SCATTER_PLOT (self));
  self->fixed_x0 = lo < hi ? lo : 0;
  self->fixed_x1 = lo < hi ? hi : 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cw_scatter_plot_set_y_range (CwScatterPlot *self, double lo, double hi)
{
  g_return_if_fail (CW_IS_SCATTER_PLOT (self));
  self->fixed_y0 = lo < hi ? lo : 0;
  self->fixed_y1 = lo < hi ? hi : 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cw_scatter_plot_set_from_zero (CwScatterPlot *self, gboolean x_from_zero, gboolean y_from_zero)
{
  g_return_if_fail (CW_IS_SCATTER_PLOT (self));
  self->x_from_zero = x_from_zero;
  self->y_from_zero = y_from_zero;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cw_scatter_plot_set_x_integer (CwScatterPlot *self, gboolean integer)
{
  g_return_if_fail (CW_IS_SCATTER_PLOT (self));
  self->x_integer = integer;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cw_scatter_plot_set_pick_by_x (CwScatterPlot *self, gboolean by_x)
{
  g_return_if_fail (CW_IS_SCATTER_PLOT (self));
  self->pick_by_x = by_x;
}

void
cw_scatter_plot_set_selected (CwScatterPlot *self, int id)
{
  g_return_if_fail (CW_IS_SCATTER_PLOT (self));
  id = MAX (id, -1);
  if (id == self->selected_id)
    return;
  self->selected_id = id;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

int
cw_scatter_plot_get_selected (CwScatterPlot *self)
{
  g_return_val_if_fail (CW_IS_SCATTER_PLOT (self), -1);
  return self->selected_id;
}

int
cw_scatter_plot_get_n_series (CwScatterPlot *self)
{
  g_return_val_if_fail (CW_IS_SCATTER_PLOT (self), 0);
  return (int) self->series->len;
}

CwPlotRect
cw_scatter_plot_get_data_rect (CwScatterPlot *self)
{
  g_return_val_if_fail (CW_IS_SCATTER_PLOT (self), (CwPlotRect) { 0 });
  return current_layout (self).rect;
}

void
cw_scatter_plot_get_ranges (CwScatterPlot *self, double *x0, double *x1, double *y0, double *y1)
{
  g_return_if_fail (CW_IS_SCATTER_PLOT (self));
  double a, b, c, d;
  cw_scatter_plot_compute_ranges (self, &a, &b, &c, &d);
  if (x0)
    *x0 = a;
  if (x1)
    *x1 = b;
  if (y0)
    *y0 = c;
  if (y1)
    *y1 = d;
}

void
cw_scatter_plot_to_pixels (CwScatterPlot *self, double x, double y, double *px, double *py)
{
  g_return_if_fail (CW_IS_SCATTER_PLOT (self));
  ScatterLayout layout = current_layout (self);
  cw_scatter_plot_layout_to_pixels (&layout, x, y, px, py);
}

int
cw_scatter_plot_pick (CwScatterPlot *self, double x, double y, int *series, int *index)
{
  g_return_val_if_fail (CW_IS_SCATTER_PLOT (self), -1);
  ScatterLayout layout = current_layout (self);
  return pick_in_layout (self, &layout, x, y, series, index);
}

const char *
cw_scatter_plot_get_hover_text (CwScatterPlot *self)
{
  g_return_val_if_fail (CW_IS_SCATTER_PLOT (self), NULL);
  return self->hover_text;
}
