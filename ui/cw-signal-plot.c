/* cw-signal-plot.c — CwSignalPlot: the data it holds, its view range and the pointer interaction
 * (wheel zoom around the pointer, drag to pan, double-click to reset, crosshair). Rendering lives in
 * cw-signal-plot-draw.c. */
#include "cw-signal-plot-private.h"

#include "cw-drawable-menu.h"

#include <math.h>
#include <string.h>

/* One wheel notch zooms by this factor; touchpads send fractions of a notch. */
#define ZOOM_PER_NOTCH 1.2

enum
{
  SIGNAL_VIEW_CHANGED,
  SIGNAL_HOVER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void cw_signal_plot_drawable_init (CwDrawableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CwSignalPlot, cw_signal_plot, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (CW_TYPE_DRAWABLE, cw_signal_plot_drawable_init))

static void
series_free (gpointer data)
{
  CwSignalSeries *s = data;
  g_free (s->x);
  g_free (s->y);
  g_free (s->label);
  g_free (s);
}

static void
band_free (gpointer data)
{
  CwSignalBand *b = data;
  g_free (b->lo);
  g_free (b->hi);
  g_free (b);
}

/* Data, view or style changed: the cached drawing is stale. (Pointer moves only redraw the crosshair.) */
static void
invalidate (CwSignalPlot *self)
{
  g_clear_pointer (&self->base_node, gsk_render_node_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- extent and view ---- */

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

/* Stems and points are discrete marks: half a sample of room on each side keeps the first and last
 * whole instead of cut by the frame. */
static double
discrete_padding (CwSignalPlot *self, const CwSignalSeries *s)
{
  if (s->style == CW_SERIES_LINE || s->n <= 0)
    return 0.0;
  if (s->n == 1)
    return 0.5;
  double a = cw_signal_series_x (self, s, 0), b = cw_signal_series_x (self, s, s->n - 1);
  double spacing = fabs (b - a) / (s->n - 1);
  return isfinite (spacing) ? spacing / 2 : 0.0;
}

static void
extend_by_series (CwSignalPlot *self, const CwSignalSeries *s, double *lo, double *hi)
{
  double s_lo = INFINITY, s_hi = -INFINITY;
  for (int i = 0; i < s->n; i++)
    extend (&s_lo, &s_hi, cw_signal_series_x (self, s, i));
  if (s_lo > s_hi)
    return;
  double pad = discrete_padding (self, s);
  extend (lo, hi, s_lo - pad);
  extend (lo, hi, s_hi + pad);
}

static void
recompute_extent (CwSignalPlot *self)
{
  double lo = INFINITY, hi = -INFINITY;
  for (guint k = 0; k < self->series->len; k++)
    extend_by_series (self, g_ptr_array_index (self->series, k), &lo, &hi);
  for (guint k = 0; k < self->bands->len; k++)
    {
      const CwSignalBand *b = g_ptr_array_index (self->bands, k);
      if (b->n > 0)
        {
          extend (&lo, &hi, cw_signal_axis_x (self, 0));
          extend (&lo, &hi, cw_signal_axis_x (self, b->n - 1));
        }
    }
  if (!(lo <= hi) && self->axis_n > 0)
    for (int i = 0; i < self->axis_n; i++)
      extend (&lo, &hi, cw_signal_axis_x (self, i));
  if (!(lo <= hi))
    {
      lo = 0.0;
      hi = 1.0;
    }
  if (hi == lo)
    {
      /* One point: show a unit around it so it sits in the middle. */
      lo -= 0.5;
      hi += 0.5;
    }
  self->data_x0 = lo;
  self->data_x1 = hi;
}

/* Moves [lo, hi] (no wider than the data) inside the data extent. */
static void
clamp_to_extent (CwSignalPlot *self, double *lo, double *hi)
{
  double span = *hi - *lo;
  if (*lo < self->data_x0)
    {
      *lo = self->data_x0;
      *hi = *lo + span;
    }
  if (*hi > self->data_x1)
    {
      *hi = self->data_x1;
      *lo = *hi - span;
    }
}

void
cw_signal_plot_get_x_range (CwSignalPlot *self, double *lo, double *hi)
{
  g_return_if_fail (CW_IS_SIGNAL_PLOT (self));
  if (lo)
    *lo = self->x_zoomed ? self->view_x0 : self->data_x0;
  if (hi)
    *hi = self->x_zoomed ? self->view_x1 : self->data_x1;
}

void
cw_signal_plot_set_x_range (CwSignalPlot *self, double lo, double hi)
{
  g_return_if_fail (CW_IS_SIGNAL_PLOT (self));
  if (!isfinite (lo) || !isfinite (hi) || lo == hi)
    return;
  if (lo > hi)
    {
      double t = lo;
      lo = hi;
      hi = t;
    }
  self->x_zoomed = TRUE;
  self->view_x0 = lo;
  self->view_x1 = hi;
  invalidate (self);
}

void
cw_signal_plot_reset_view (CwSignalPlot *self)
{
  g_return_if_fail (CW_IS_SIGNAL_PLOT (self));
  self->x_zoomed = FALSE;
  self->y_fixed = FALSE;
  invalidate (self);
}

void
cw_signal_plot_set_y_range (CwSignalPlot *self, double lo, double hi)
{
  g_return_if_fail (CW_IS_SIGNAL_PLOT (self));
  self->y_fixed = isfinite (lo) && isfinite (hi) && lo < hi;
  self->view_y0 = lo;
  self->view_y1 = hi;
  invalidate (self);
}

void
cw_signal_plot_get_y_range (CwSignalPlot *self, double *lo, double *hi)
{
  g_return_if_fail (CW_IS_SIGNAL_PLOT (self));
  double x0, x1, y0, y1;
  cw_signal_plot_get_x_range (self, &x0, &x1);
  cw_signal_plot_visible_y_range (self, x0, x1, &y0, &y1);
  if (lo)
    *lo = y0;
  if (hi)
    *hi = y1;
}

void
cw_signal_plot_zoom (CwSignalPlot *self, double x_center, double factor)
{
  g_return_if_fail (CW_IS_SIGNAL_PLOT (self));
  if (!(factor > 0.0) || !isfinite (x_center))
    return;
  double lo, hi;
  cw_signal_plot_get_x_range (self, &lo, &hi);
  double full = self->data_x1 - self->data_x0;
  double span = hi - lo;
  double new_span = span * factor;
  if (new_span >= full)
    {
      /* Zooming out ends at the whole signal; the view follows the data again. */
      self->x_zoomed = FALSE;
      invalidate (self);
      return;
    }
  /* Below a millionth of the extent there is nothing left to resolve (and floats would run out). */
  new_span = MAX (new_span, full * 1e-6);
  double new_lo = x_center - (x_center - lo) * (new_span / span);
  double new_hi = new_lo + new_span;
  clamp_to_extent (self, &new_lo, &new_hi);
  self->x_zoomed = TRUE;
  self->view_x0 = new_lo;
  self->view_x1 = new_hi;
  invalidate (self);
}

void
cw_signal_plot_pan (CwSignalPlot *self, double dx)
{
  g_return_if_fail (CW_IS_SIGNAL_PLOT (self));
  if (!self->x_zoomed || !isfinite (dx))
    return;
  double lo = self->view_x0 + dx, hi = self->view_x1 + dx;
  if (hi - lo < self->data_x1 - self->data_x0)
    clamp_to_extent (self, &lo, &hi);
  self->view_x0 = lo;
  self->view_x1 = hi;
  invalidate (self);
}

/* ---- data ---- */

const char *
cw_signal_plot_get_x_label (CwSignalPlot *self)
{
  g_return_val_if_fail (CW_IS_SIGNAL_PLOT (self), NULL);
  return self->x_label;
}

void
cw_signal_plot_set_axis (CwSignalPlot *self, const double *x, int n, const char *x_label)
{
  g_return_if_fail (CW_IS_SIGNAL_PLOT (self));
  g_clear_pointer (&self->axis_x, g_free);
  self->axis_n = MAX (n, 0);
  if (x && n > 0)
    self->axis_x = g_memdup2 (x, sizeof (double) * (gsize) n);
  g_free (self->x_label);
  self->x_label = g_strdup (x_label);
  recompute_extent (self);
  /* A view that no longer overlaps the data would show an empty frame. */
  if (self->x_zoomed && (self->view_x1 <= self->data_x0 || self->view_x0 >= self->data_x1))
    self->x_zoomed = FALSE;
  invalidate (self);
}

void
cw_signal_plot_set_y_label (CwSignalPlot *self, const char *y_label)
{
  g_return_if_fail (CW_IS_SIGNAL_PLOT (self));
  g_free (self->y_label);
  self->y_label = g_strdup (y_label);
  invalidate (self);
}

void
cw_signal_plot_set_title (CwSignalPlot *self, const char *title)
{
  g_return_if_fail (CW_IS_SIGNAL_PLOT (self));
  g_free (self->title);
  self->title = title && *title ? g_strdup (title) : NULL;
  invalidate (self);
}

void
cw_signal_plot_clear (CwSignalPlot *self)
{
  g_return_if_fail (CW_IS_SIGNAL_PLOT (self));
  g_ptr_array_set_size (self->series, 0);
  g_ptr_array_set_size (self->bands, 0);
  self->show_colorbar = FALSE;
  g_clear_pointer (&self->colorbar_label, g_free);
  recompute_extent (self);
  invalidate (self);
}

static int
add_series (CwSignalPlot *self, double *x_owned, const float *y, int n, const GdkRGBA *color,
            double line_width, CwSeriesStyle style, const char *label)
{
  CwSignalSeries *s = g_new0 (CwSignalSeries, 1);
  s->x = x_owned;
  s->n = MAX (n, 0);
  s->y = s->n > 0 && y ? g_memdup2 (y, sizeof (float) * (gsize) s->n) : NULL;
  if (!s->y)
    s->n = 0;
  if (color)
    s->color = *color;
  else
    cw_palette_color ((int) self->series->len, &s->color);
  s->line_width = line_width > 0 ? line_width : 1.2;
  s->style = style;
  s->label = g_strdup (label);
  g_ptr_array_add (self->series, s);

  double lo = self->data_x0, hi = self->data_x1;
  gboolean first = self->series->len == 1 && self->bands->len == 0;
  if (first)
    recompute_extent (self);
  else
    {
      extend_by_series (self, s, &lo, &hi);
      self->data_x0 = lo;
      self->data_x1 = hi;
    }
  invalidate (self);
  return (int) self->series->len - 1;
}

int
cw_signal_plot_add_series (CwSignalPlot *self, const float *y, int n, const GdkRGBA *color,
                           double line_width, CwSeriesStyle style, const char *label)
{
  g_return_val_if_fail (CW_IS_SIGNAL_PLOT (self), -1);
  return add_series (self, NULL, y, n, color, line_width, style, label);
}

int
cw_signal_plot_add_series_xy (CwSignalPlot *self, const double *x, const float *y, int n,
                              const GdkRGBA *color, double line_width, CwSeriesStyle style,
                              const char *label)
{
  g_return_val_if_fail (CW_IS_SIGNAL_PLOT (self), -1);
  double *xs = x && n > 0 ? g_memdup2 (x, sizeof (double) * (gsize) n) : NULL;
  return add_series (self, xs, y, n, color, line_width, style, label);
}

void
cw_signal_plot_add_band (CwSignalPlot *self, const float *lo, const float *hi, int n, const GdkRGBA *color)
{
  g_return_if_fail (CW_IS_SIGNAL_PLOT (self));
  if (!lo || !hi || n <= 0)
    return;
  CwSignalBand *b = g_new0 (CwSignalBand, 1);
  b->lo = g_memdup2 (lo, sizeof (float) * (gsize) n);
  b->hi = g_memdup2 (hi, sizeof (float) * (gsize) n);
  b->n = n;
  if (color)
    b->color = *color;
  else
    cw_palette_color ((int) self->bands->len, &b->color);
  g_ptr_array_add (self->bands, b);
  recompute_extent (self);
  invalidate (self);
}

void
cw_signal_plot_set_colorbar (CwSignalPlot *self, double vmin, double vmax, const char *label)
{
  g_return_if_fail (CW_IS_SIGNAL_PLOT (self));
  self->show_colorbar = label != NULL;
  self->colorbar_min = vmin;
  self->colorbar_max = vmax;
  g_free (self->colorbar_label);
  self->colorbar_label = g_strdup (label);
  invalidate (self);
}

void
cw_signal_plot_set_show_legend (CwSignalPlot *self, gboolean show)
{
  g_return_if_fail (CW_IS_SIGNAL_PLOT (self));
  self->show_legend = show;
  invalidate (self);
}

void
cw_signal_plot_set_highlight (CwSignalPlot *self, double x0, double x1)
{
  g_return_if_fail (CW_IS_SIGNAL_PLOT (self));
  self->highlight_x0 = x0;
  self->highlight_x1 = x1;
  invalidate (self);
}

void
cw_signal_plot_set_spans (CwSignalPlot *self, const double *x0, const double *x1, int n, const GdkRGBA *color)
{
  g_return_if_fail (CW_IS_SIGNAL_PLOT (self));
  g_return_if_fail (n == 0 || (x0 && x1 && color));
  g_clear_pointer (&self->span_x0, g_free);
  g_clear_pointer (&self->span_x1, g_free);
  self->n_spans = MAX (n, 0);
  if (n > 0)
    {
      self->span_x0 = g_memdup2 (x0, sizeof (double) * (gsize) n);
      self->span_x1 = g_memdup2 (x1, sizeof (double) * (gsize) n);
      self->span_color = *color;
    }
  invalidate (self);
}

void
cw_signal_plot_set_marks (CwSignalPlot *self, const double *x, int n, const GdkRGBA *color)
{
  g_return_if_fail (CW_IS_SIGNAL_PLOT (self));
  g_return_if_fail (n == 0 || (x && color));
  g_clear_pointer (&self->mark_x, g_free);
  self->n_marks = MAX (n, 0);
  if (n > 0)
    {
      self->mark_x = g_memdup2 (x, sizeof (double) * (gsize) n);
      self->mark_color = *color;
    }
  invalidate (self);
}

void
cw_signal_plot_set_margins (CwSignalPlot *self, double left, double right)
{
  g_return_if_fail (CW_IS_SIGNAL_PLOT (self));
  self->fixed_left = left;
  self->fixed_right = right;
  self->layout_width = 0; /* the cached data rectangle is stale */
  invalidate (self);
}

int
cw_signal_plot_get_n_series (CwSignalPlot *self)
{
  g_return_val_if_fail (CW_IS_SIGNAL_PLOT (self), 0);
  return (int) self->series->len;
}

/* ---- layout for input ---- */

/* Makes data_rect and shown_y0/y1 match the widget's current size and view, measuring text on a scratch
 * surface when no on-screen draw has done it yet. */
static void
ensure_layout (CwSignalPlot *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  if (width <= 0 || height <= 0)
    {
      width = 800;
      height = 500;
    }
  if (width == self->layout_width && height == self->layout_height)
    return;
  cairo_surface_t *scratch = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (scratch);
  double x0, x1, y0, y1;
  cw_signal_plot_get_x_range (self, &x0, &x1);
  cw_signal_plot_visible_y_range (self, x0, x1, &y0, &y1);
  CwPlotAxes axes;
  cw_signal_plot_frame_axes (self, cr, width, height, x0, x1, y0, y1, &axes);
  self->data_rect = cw_plot_layout_frame (cr, width, height, &axes);
  self->shown_y0 = y0;
  self->shown_y1 = y1;
  self->layout_width = width;
  self->layout_height = height;
  cairo_destroy (cr);
  cairo_surface_destroy (scratch);
}

void
cw_signal_plot_get_data_rect (CwSignalPlot *self, double *x, double *y, double *width, double *height)
{
  g_return_if_fail (CW_IS_SIGNAL_PLOT (self));
  ensure_layout (self);
  if (x)
    *x = self->data_rect.x;
  if (y)
    *y = self->data_rect.y;
  if (width)
    *width = self->data_rect.width;
  if (height)
    *height = self->data_rect.height;
}

static gboolean
pointer_in_data (CwSignalPlot *self, double px, double py)
{
  const CwPlotRect *r = &self->data_rect;
  return px >= r->x && px <= r->x + r->width && py >= r->y && py <= r->y + r->height;
}

static double
pointer_to_x (CwSignalPlot *self, double px)
{
  double x0, x1;
  cw_signal_plot_get_x_range (self, &x0, &x1);
  return x0 + (px - self->data_rect.x) / self->data_rect.width * (x1 - x0);
}

static double
pointer_to_y (CwSignalPlot *self, double py)
{
  const CwPlotRect *r = &self->data_rect;
  return self->shown_y0 + (r->y + r->height - py) / r->height * (self->shown_y1 - self->shown_y0);
}

/* ---- input ---- */

static gboolean
on_scroll (GtkEventControllerScroll *controller, double dx, double dy, CwSignalPlot *self)
{
  if (self->series->len == 0 && self->bands->len == 0)
    return FALSE;
  ensure_layout (self);
  double factor = pow (ZOOM_PER_NOTCH, dy);
  double px = CLAMP (self->pointer_x, self->data_rect.x, self->data_rect.x + self->data_rect.width);
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  if (state & GDK_CONTROL_MASK)
    {
      /* Ctrl+wheel zooms y around the pointer, starting from what is shown. */
      double py = CLAMP (self->pointer_y, self->data_rect.y, self->data_rect.y + self->data_rect.height);
      double center = pointer_to_y (self, py);
      double lo = self->shown_y0, hi = self->shown_y1;
      cw_signal_plot_set_y_range (self, center - (center - lo) * factor, center + (hi - center) * factor);
    }
  else
    cw_signal_plot_zoom (self, pointer_to_x (self, px), factor);
  g_signal_emit (self, signals[SIGNAL_VIEW_CHANGED], 0);
  return TRUE;
}

static void
on_drag_begin (GtkGestureDrag *gesture, double start_x, double start_y, CwSignalPlot *self)
{
  ensure_layout (self);
  cw_signal_plot_get_x_range (self, &self->drag_x0, &self->drag_x1);
  self->drag_y0 = self->shown_y0;
  self->drag_y1 = self->shown_y1;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
}

static void
on_drag_update (GtkGestureDrag *gesture, double offset_x, double offset_y, CwSignalPlot *self)
{
  double per_px_x = (self->drag_x1 - self->drag_x0) / self->data_rect.width;
  gboolean moved = FALSE;
  if (self->x_zoomed && offset_x != 0.0)
    {
      double lo = self->drag_x0 - offset_x * per_px_x, hi = self->drag_x1 - offset_x * per_px_x;
      clamp_to_extent (self, &lo, &hi);
      self->view_x0 = lo;
      self->view_x1 = hi;
      moved = TRUE;
    }
  if (self->y_fixed && offset_y != 0.0)
    {
      /* y pans only once it has been zoomed; the automatic range would snap back anyway. */
      double per_px_y = (self->drag_y1 - self->drag_y0) / self->data_rect.height;
      self->view_y0 = self->drag_y0 + offset_y * per_px_y;
      self->view_y1 = self->drag_y1 + offset_y * per_px_y;
      moved = TRUE;
    }
  if (moved)
    {
      invalidate (self);
      g_signal_emit (self, signals[SIGNAL_VIEW_CHANGED], 0);
    }
}

static void
on_drag_end (GtkGestureDrag *gesture, double offset_x, double offset_y, CwSignalPlot *self)
{
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "crosshair");
}

static void
on_click_pressed (GtkGestureClick *gesture, int n_press, double x, double y, CwSignalPlot *self)
{
  if (n_press != 2)
    return;
  cw_signal_plot_reset_view (self);
  g_signal_emit (self, signals[SIGNAL_VIEW_CHANGED], 0);
}

static void
update_pointer (CwSignalPlot *self, double x, double y)
{
  ensure_layout (self);
  self->pointer_x = x;
  self->pointer_y = y;
  gboolean inside = pointer_in_data (self, x, y) && (self->series->len > 0 || self->bands->len > 0);
  if (inside)
    {
      self->pointer_inside = TRUE;
      g_signal_emit (self, signals[SIGNAL_HOVER], 0, pointer_to_x (self, x), pointer_to_y (self, y));
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  else if (self->pointer_inside)
    {
      self->pointer_inside = FALSE;
      g_signal_emit (self, signals[SIGNAL_HOVER], 0, (double) NAN, (double) NAN);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
on_motion (GtkEventControllerMotion *controller, double x, double y, CwSignalPlot *self)
{
  update_pointer (self, x, y);
}

static void
on_enter (GtkEventControllerMotion *controller, double x, double y, CwSignalPlot *self)
{
  update_pointer (self, x, y);
}

static void
on_leave (GtkEventControllerMotion *controller, CwSignalPlot *self)
{
  if (!self->pointer_inside)
    return;
  self->pointer_inside = FALSE;
  g_signal_emit (self, signals[SIGNAL_HOVER], 0, (double) NAN, (double) NAN);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- GtkWidget ---- */

static void
cw_signal_plot_draw (CwDrawable *drawable, cairo_t *cr, int width, int height)
{
  CwSignalPlot *self = CW_SIGNAL_PLOT (drawable);
  /* Under an export's title band the title is already there: leave it (and its room) out. */
  char *title = self->title;
  if (cw_drawable_get_title_in_band (drawable))
    self->title = NULL;
  cw_signal_plot_draw_all (self, cr, width, height);
  self->title = title;
}

static const char *
cw_signal_plot_get_own_title (CwDrawable *drawable)
{
  return CW_SIGNAL_PLOT (drawable)->title;
}

/* Zoomed by the user (wheel, Ctrl+wheel) or by the page: anything but the automatic whole view. */
static gboolean
cw_signal_plot_get_zoomed (CwDrawable *drawable)
{
  CwSignalPlot *self = CW_SIGNAL_PLOT (drawable);
  double full = self->data_x1 - self->data_x0;
  gboolean x_narrower = self->x_zoomed && self->view_x1 - self->view_x0 < full * (1.0 - 1e-9);
  return x_narrower || self->y_fixed;
}

static void
cw_signal_plot_reset_zoom (CwDrawable *drawable)
{
  /* As a double click does, telling linked plots too. */
  cw_signal_plot_reset_view (CW_SIGNAL_PLOT (drawable));
  g_signal_emit (drawable, signals[SIGNAL_VIEW_CHANGED], 0);
}

static void
cw_signal_plot_drawable_init (CwDrawableInterface *iface)
{
  iface->draw = cw_signal_plot_draw;
  iface->dup_csv = cw_signal_plot_dup_csv;
  iface->get_own_title = cw_signal_plot_get_own_title;
  iface->get_zoomed = cw_signal_plot_get_zoomed;
  iface->reset_zoom = cw_signal_plot_reset_zoom;
  iface->default_title = "Signal plot";
}

static void
cw_signal_plot_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  CwSignalPlot *self = CW_SIGNAL_PLOT (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  if (width <= 0 || height <= 0)
    return;
  /* The chart is kept as a render node so that moving the pointer only redraws the crosshair: 60
   * spectra cost tens of milliseconds, the crosshair almost nothing. */
  if (!self->base_node || self->base_width != width || self->base_height != height)
    {
      g_clear_pointer (&self->base_node, gsk_render_node_unref);
      GtkSnapshot *base = gtk_snapshot_new ();
      /* Only the on-screen drawing updates the layout used to map the pointer (exports have other sizes). */
      self->drawing_on_screen = TRUE;
      cw_drawable_snapshot (CW_DRAWABLE (self), base);
      self->drawing_on_screen = FALSE;
      self->base_node = gtk_snapshot_free_to_node (base);
      self->base_width = width;
      self->base_height = height;
    }
  if (self->base_node)
    gtk_snapshot_append_node (snapshot, self->base_node);
  if (self->pointer_inside)
    {
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
      cw_signal_plot_draw_crosshair (self, cr);
      cairo_destroy (cr);
    }
}

static void
cw_signal_plot_css_changed (GtkWidget *widget, GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (cw_signal_plot_parent_class)->css_changed (widget, change);
  invalidate (CW_SIGNAL_PLOT (widget)); /* light/dark switch, font */
}

static void
cw_signal_plot_system_setting_changed (GtkWidget *widget, GtkSystemSetting setting)
{
  GTK_WIDGET_CLASS (cw_signal_plot_parent_class)->system_setting_changed (widget, setting);
  invalidate (CW_SIGNAL_PLOT (widget));
}

static void
cw_signal_plot_measure (GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum,
                        int *natural, int *minimum_baseline, int *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 160 : 100;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 480 : 280;
}

static void
cw_signal_plot_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  CW_SIGNAL_PLOT (widget)->layout_width = 0;
}

static void
cw_signal_plot_finalize (GObject *object)
{
  CwSignalPlot *self = CW_SIGNAL_PLOT (object);
  g_clear_pointer (&self->base_node, gsk_render_node_unref);
  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->bands, g_ptr_array_unref);
  g_clear_pointer (&self->axis_x, g_free);
  g_clear_pointer (&self->span_x0, g_free);
  g_clear_pointer (&self->span_x1, g_free);
  g_clear_pointer (&self->mark_x, g_free);
  g_clear_pointer (&self->x_label, g_free);
  g_clear_pointer (&self->y_label, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->colorbar_label, g_free);
  G_OBJECT_CLASS (cw_signal_plot_parent_class)->finalize (object);
}

static void
cw_signal_plot_class_init (CwSignalPlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = cw_signal_plot_finalize;
  widget_class->snapshot = cw_signal_plot_snapshot;
  widget_class->measure = cw_signal_plot_measure;
  widget_class->size_allocate = cw_signal_plot_size_allocate;
  widget_class->css_changed = cw_signal_plot_css_changed;
  widget_class->system_setting_changed = cw_signal_plot_system_setting_changed;

  signals[SIGNAL_VIEW_CHANGED] = g_signal_new ("view-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                               0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_HOVER] = g_signal_new ("hover", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                        NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  gtk_widget_class_set_css_name (widget_class, "signalplot");
}

static void
cw_signal_plot_init (CwSignalPlot *self)
{
  self->series = g_ptr_array_new_with_free_func (series_free);
  self->bands = g_ptr_array_new_with_free_func (band_free);
  self->highlight_x0 = 1.0;
  self->highlight_x1 = 0.0;
  self->fixed_left = -1.0;
  self->fixed_right = -1.0;
  recompute_extent (self);

  GtkWidget *widget = GTK_WIDGET (self);
  gtk_widget_set_focusable (widget, FALSE);
  gtk_widget_set_cursor_from_name (widget, "crosshair");

  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (widget, scroll);

  GtkGesture *drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (drag));

  GtkGesture *click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_click_pressed), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (click));

  GtkEventController *motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "enter", G_CALLBACK (on_enter), self);
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (widget, motion);

  cw_drawable_menu_attach (CW_DRAWABLE (self));
}

GtkWidget *
cw_signal_plot_new (void)
{
  return g_object_new (CW_TYPE_SIGNAL_PLOT, NULL);
}
