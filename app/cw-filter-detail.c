/* cw-filter-detail.c — the chosen filter's activation over the input, its kernel, and the first layer's
 * kernels. The plots are re-filled from each snapshot (a handful of short series: cheap); the widgets
 * themselves are created once. */
#include "cw-filter-detail.h"

#include <math.h>

#include "cw-plot-style.h"
#include "cw-signal-plot.h"

/* Overlaying more kernels than this is unreadable; the first ones are shown and the title says so. */
#define MAX_FIRST_LAYER_SERIES 32

struct _CwFilterDetail
{
  GtkWidget parent_instance;

  /* child widgets (built in init, owned by the box) */
  GtkWidget *box;
  CwSignalPlot *activation_plot;
  CwSignalPlot *kernel_plot;
  CwSignalPlot *first_kernels_plot;

  /* owned */
  float *input;          /* channels x length */
  int input_channels, input_length;
  double *axis;          /* input_length values, or NULL for the index */
  char *axis_label;

  /* the filter on show (copied from the borrowed map), so a new input can be drawn under it again */
  float *activation;     /* activation_length values, NULL while the hint is shown */
  double activation_x0, activation_x1;
  int activation_map_index, activation_row;

  /* what is plotted, for tests */
  int activation_length;
  int kernel_series, kernel_taps;
  int first_layer_series;
};

G_DEFINE_FINAL_TYPE (CwFilterDetail, cw_filter_detail, GTK_TYPE_WIDGET)

static double
axis_value (const double *axis, int i)
{
  return axis != NULL ? axis[i] : (double) i;
}

/* The input drawn under an activation: neutral grey reads on light and dark backgrounds alike. */
static const GdkRGBA input_overlay_color = { 0.55, 0.55, 0.58, 0.75 };

static void
show_hint (CwFilterDetail *self)
{
  cw_signal_plot_clear (self->activation_plot);
  cw_signal_plot_clear (self->kernel_plot);
  /* Short enough for the narrow right-hand column (it is cut at the plot's edge, not wrapped). */
  cw_signal_plot_set_title (self->activation_plot, "Click a heatmap row");
  cw_signal_plot_set_title (self->kernel_plot, "Its kernel appears here");
  cw_signal_plot_set_y_label (self->activation_plot, NULL);
  cw_signal_plot_set_y_label (self->kernel_plot, NULL);
  self->activation_length = 0;
  g_clear_pointer (&self->activation, g_free);
  self->kernel_series = 0;
  self->kernel_taps = 0;
  /* A light input trace so the empty plot already shows where things will be. */
  for (int c = 0; c < self->input_channels && self->input != NULL; c++)
    cw_signal_plot_add_series (self->activation_plot, self->input + (gsize) c * self->input_length,
                               self->input_length, &input_overlay_color, 1.2, CW_SERIES_LINE, NULL);
}

/* The shown filter's activation on its own column grid (spanning [x0, x1] of the input's axis), over the
 * input rescaled into its range. Re-run when either changes: the plot keeps whatever series it was given. */
static void
draw_activation (CwFilterDetail *self)
{
  int n = self->activation_length;
  const float *act = self->activation;
  g_autofree double *xs = g_new (double, n);
  float lo = INFINITY, hi = -INFINITY;
  for (int i = 0; i < n; i++)
    {
      xs[i] = n > 1 ? self->activation_x0 + (self->activation_x1 - self->activation_x0) * i / (n - 1)
              : 0.5 * (self->activation_x0 + self->activation_x1);
      if (isfinite (act[i]))
        {
          lo = MIN (lo, act[i]);
          hi = MAX (hi, act[i]);
        }
    }
  if (!(hi > lo))
    {
      /* A dead filter (all zeros after ReLU is common): give the input some room around the flat line. */
      lo = isfinite (lo) ? lo - 0.5f : -0.5f;
      hi = lo + 1.0f;
    }

  cw_signal_plot_clear (self->activation_plot);
  if (self->input != NULL)
    {
      /* The input rescaled into the activation's range: where the filter fires reads against the shape. */
      g_autofree float *scaled = g_new (float, self->input_length);
      for (int c = 0; c < self->input_channels; c++)
        {
          const float *x = self->input + (gsize) c * self->input_length;
          float xlo = INFINITY, xhi = -INFINITY;
          for (int i = 0; i < self->input_length; i++)
            if (isfinite (x[i]))
              {
                xlo = MIN (xlo, x[i]);
                xhi = MAX (xhi, x[i]);
              }
          float span = xhi > xlo ? xhi - xlo : 1.0f;
          for (int i = 0; i < self->input_length; i++)
            scaled[i] = lo + (x[i] - xlo) / span * (hi - lo);
          cw_signal_plot_add_series (self->activation_plot, scaled, self->input_length, &input_overlay_color,
                                     1.2, CW_SERIES_LINE, c == 0 ? "input (rescaled)" : NULL);
        }
    }
  GdkRGBA act_color;
  cw_palette_color (0, &act_color);
  cw_signal_plot_add_series_xy (self->activation_plot, xs, act, n, &act_color, 1.8, CW_SERIES_LINE,
                                "activation");

  g_autofree char *title = g_strdup_printf ("Conv %d · filter %d: activation, input in grey",
                                            self->activation_map_index + 1, self->activation_row + 1);
  cw_signal_plot_set_title (self->activation_plot, title);
  cw_signal_plot_set_y_label (self->activation_plot, "Activation");
}

void
cw_filter_detail_show_filter (CwFilterDetail *self, const CwActivationMap *map, int map_index, int row)
{
  g_return_if_fail (CW_IS_FILTER_DETAIL (self));
  if (map == NULL || row < 0 || row >= map->channels || map->values == NULL)
    {
      show_hint (self);
      return;
    }

  g_clear_pointer (&self->activation, g_free);
  self->activation = g_memdup2 (map->values + (gsize) row * map->length, (gsize) map->length * sizeof (float));
  self->activation_length = map->length;
  self->activation_x0 = map->x0;
  self->activation_x1 = map->x1;
  self->activation_map_index = map_index;
  self->activation_row = row;
  draw_activation (self);

  /* The kernel: one stem series per input channel, taps 0..k-1. */
  cw_signal_plot_clear (self->kernel_plot);
  self->kernel_series = 0;
  self->kernel_taps = 0;
  if (map->kernels != NULL && map->kernel > 0)
    {
      cw_signal_plot_set_axis (self->kernel_plot, NULL, map->kernel, "Kernel tap");
      for (int c = 0; c < map->in_channels; c++)
        {
          const float *w = map->kernels + ((gsize) row * map->in_channels + c) * map->kernel;
          GdkRGBA color;
          cw_palette_color (map->in_channels > 1 ? c : 0, &color);
          g_autofree char *label = map->in_channels > 1 ? g_strdup_printf ("input channel %d", c + 1) : NULL;
          cw_signal_plot_add_series (self->kernel_plot, w, map->kernel, &color, 1.5, CW_SERIES_STEMS, label);
          self->kernel_series++;
        }
      self->kernel_taps = map->kernel;
      cw_signal_plot_reset_view (self->kernel_plot);
      /* Half a tap of room each side, so the first and last stems do not sit on the frame. */
      cw_signal_plot_set_x_range (self->kernel_plot, -0.5, map->kernel - 0.5);
    }
  cw_signal_plot_set_show_legend (self->kernel_plot, map->in_channels > 1 && map->in_channels <= 8);
  g_autofree char *kernel_title = map->in_channels > 1
    ? g_strdup_printf ("Filter %d kernel: %d taps × %d input channels", row + 1, map->kernel, map->in_channels)
    : g_strdup_printf ("Filter %d kernel: %d taps", row + 1, map->kernel);
  cw_signal_plot_set_title (self->kernel_plot, kernel_title);
  cw_signal_plot_set_y_label (self->kernel_plot, "Weight");
}

void
cw_filter_detail_set_first_layer (CwFilterDetail *self, const CwActivationMap *map)
{
  g_return_if_fail (CW_IS_FILTER_DETAIL (self));
  cw_signal_plot_clear (self->first_kernels_plot);
  self->first_layer_series = 0;
  if (map == NULL || map->kernels == NULL || map->kernel <= 0)
    {
      cw_signal_plot_set_title (self->first_kernels_plot, "First conv layer's kernels");
      return;
    }

  cw_signal_plot_set_axis (self->first_kernels_plot, NULL, map->kernel, "Kernel tap");
  int total = map->channels * map->in_channels;
  for (int f = 0; f < map->channels && self->first_layer_series < MAX_FIRST_LAYER_SERIES; f++)
    for (int c = 0; c < map->in_channels && self->first_layer_series < MAX_FIRST_LAYER_SERIES; c++)
      {
        const float *w = map->kernels + ((gsize) f * map->in_channels + c) * map->kernel;
        GdkRGBA color;
        cw_palette_color (f, &color);
        g_autofree char *label = map->in_channels > 1 ? g_strdup_printf ("f%d · ch%d", f + 1, c + 1)
                                                       : g_strdup_printf ("f%d", f + 1);
        cw_signal_plot_add_series (self->first_kernels_plot, w, map->kernel, &color, 1.4,
                                   map->kernel <= 3 ? CW_SERIES_STEMS : CW_SERIES_LINE, label);
        self->first_layer_series++;
      }
  cw_signal_plot_reset_view (self->first_kernels_plot);
  /* A legend over more than a few curves hides them; the colours follow the heatmap's filter order. */
  cw_signal_plot_set_show_legend (self->first_kernels_plot, self->first_layer_series <= 4);
  g_autofree char *title = self->first_layer_series < total
    ? g_strdup_printf ("First conv layer: %d of %d kernels", self->first_layer_series, total)
    : g_strdup_printf ("First conv layer: %d kernels", total);
  cw_signal_plot_set_title (self->first_kernels_plot, title);
  cw_signal_plot_set_y_label (self->first_kernels_plot, "Weight");
}

/* The input trace under the activation (or under the hint) was added for the old input: draw it again. */
static void
redraw_for_input (CwFilterDetail *self)
{
  if (self->activation != NULL)
    draw_activation (self);
  else
    show_hint (self);
}

void
cw_filter_detail_set_input (CwFilterDetail *self, const float *input, int channels, int length,
                            const double *axis, const char *axis_label)
{
  g_return_if_fail (CW_IS_FILTER_DETAIL (self));
  g_clear_pointer (&self->input, g_free);
  g_clear_pointer (&self->axis, g_free);
  g_clear_pointer (&self->axis_label, g_free);
  self->input_channels = input != NULL ? channels : 0;
  self->input_length = input != NULL ? length : 0;
  if (input == NULL || channels <= 0 || length <= 0)
    {
      cw_signal_plot_set_axis (self->activation_plot, NULL, 0, NULL);
      redraw_for_input (self);
      return;
    }
  self->input = g_memdup2 (input, (gsize) channels * length * sizeof (float));
  self->axis = axis != NULL ? g_memdup2 (axis, (gsize) length * sizeof (double)) : NULL;
  self->axis_label = g_strdup (axis_label);
  cw_signal_plot_set_axis (self->activation_plot, self->axis, length, axis_label);
  cw_signal_plot_set_x_range (self->activation_plot, axis_value (self->axis, 0),
                              axis_value (self->axis, length - 1));
  redraw_for_input (self);
}

void
cw_filter_detail_set_x_range (CwFilterDetail *self, double lo, double hi)
{
  g_return_if_fail (CW_IS_FILTER_DETAIL (self));
  cw_signal_plot_set_x_range (self->activation_plot, lo, hi);
}

/* ---- accessors ---- */

GtkWidget *
cw_filter_detail_get_activation_plot (CwFilterDetail *self)
{
  g_return_val_if_fail (CW_IS_FILTER_DETAIL (self), NULL);
  return GTK_WIDGET (self->activation_plot);
}

GtkWidget *
cw_filter_detail_get_kernel_plot (CwFilterDetail *self)
{
  g_return_val_if_fail (CW_IS_FILTER_DETAIL (self), NULL);
  return GTK_WIDGET (self->kernel_plot);
}

GtkWidget *
cw_filter_detail_get_first_kernels_plot (CwFilterDetail *self)
{
  g_return_val_if_fail (CW_IS_FILTER_DETAIL (self), NULL);
  return GTK_WIDGET (self->first_kernels_plot);
}

int
cw_filter_detail_get_activation_length (CwFilterDetail *self)
{
  g_return_val_if_fail (CW_IS_FILTER_DETAIL (self), 0);
  return self->activation_length;
}

int
cw_filter_detail_get_kernel_series (CwFilterDetail *self)
{
  g_return_val_if_fail (CW_IS_FILTER_DETAIL (self), 0);
  return self->kernel_series;
}

int
cw_filter_detail_get_kernel_taps (CwFilterDetail *self)
{
  g_return_val_if_fail (CW_IS_FILTER_DETAIL (self), 0);
  return self->kernel_taps;
}

int
cw_filter_detail_get_first_layer_series (CwFilterDetail *self)
{
  g_return_val_if_fail (CW_IS_FILTER_DETAIL (self), 0);
  return self->first_layer_series;
}

/* ---- GObject ---- */

static void
cw_filter_detail_dispose (GObject *object)
{
  CwFilterDetail *self = CW_FILTER_DETAIL (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->input, g_free);
  g_clear_pointer (&self->axis, g_free);
  g_clear_pointer (&self->axis_label, g_free);
  g_clear_pointer (&self->activation, g_free);

  G_OBJECT_CLASS (cw_filter_detail_parent_class)->dispose (object);
}

static void
cw_filter_detail_class_init (CwFilterDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cw_filter_detail_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "filterdetail");
}

static CwSignalPlot *
add_plot (CwFilterDetail *self, int min_height)
{
  GtkWidget *plot = cw_signal_plot_new ();
  gtk_widget_set_vexpand (plot, TRUE);
  gtk_widget_set_size_request (plot, -1, min_height);
  gtk_box_append (GTK_BOX (self->box), plot);
  return CW_SIGNAL_PLOT (plot);
}

static void
cw_filter_detail_init (CwFilterDetail *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  self->activation_plot = add_plot (self, 170);
  self->kernel_plot = add_plot (self, 140);
  self->first_kernels_plot = add_plot (self, 170);
  show_hint (self);
  cw_filter_detail_set_first_layer (self, NULL);
}

GtkWidget *
cw_filter_detail_new (void)
{
  return g_object_new (CW_TYPE_FILTER_DETAIL, NULL);
}
