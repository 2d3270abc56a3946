/* cw-heatmap.c — a rows x columns matrix as coloured cells, aligned with a signal plot's x axis.
 *
 * The cells are one image of cols x rows pixels, built once per data (or colour scale) change and scaled
 * into the data rectangle with nearest-neighbour sampling: a 64 x 4096 activation map redraws as fast as
 * a rectangle, at any zoom. */
#include "cw-heatmap-private.h"

#include "cw-chart-text.h"
#include "cw-drawable-menu.h"

#include <math.h>

static void cw_heatmap_drawable_init (CwDrawableInterface *iface);
static int natural_height (CwHeatmap *self);

G_DEFINE_FINAL_TYPE_WITH_CODE (CwHeatmap, cw_heatmap, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (CW_TYPE_DRAWABLE, cw_heatmap_drawable_init))

enum
{
  SIGNAL_ROW_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- colour scale ---------------------------------------------------------------------------- */

gboolean
cw_heatmap_uses_diverging_scale (CwHeatmap *self)
{
  return self->diverging && self->value_min < 0 && self->value_max > 0;
}

gboolean
cw_heatmap_get_value_range (CwHeatmap *self, double *lo, double *hi)
{
  g_return_val_if_fail (CW_IS_HEATMAP (self), FALSE);
  double l = self->value_min, h = self->value_max;
  if (cw_heatmap_uses_diverging_scale (self))
    {
      h = MAX (fabs (l), fabs (h));
      l = -h;
    }
  if (lo != NULL)
    *lo = l;
  if (hi != NULL)
    *hi = h;
  return self->rows > 0 && self->cols > 0;
}

static void
invalidate_image (CwHeatmap *self)
{
  g_clear_pointer (&self->image, cairo_surface_destroy);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cw_heatmap_format_value (double v, char *buf, gsize size)
{
  if (!isfinite (v))
    g_strlcpy (buf, "—", size);
  else if (v != 0 && (fabs (v) >= 1e5 || fabs (v) < 1e-3))
    g_snprintf (buf, size, "%.3g", v);
  else
    g_snprintf (buf, size, "%.3f", v);
  cw_chart_typographic_minus (buf, size);
}

/* ---- layout and hit tests -------------------------------------------------------------------- */

HeatmapLayout
cw_heatmap_compute_layout (CwHeatmap *self, cairo_t *cr, double width, double height)
{
  HeatmapLayout layout = { { 0 }, FALSE };
  double bottom = BOTTOM_GAP + (self->show_x_axis ? X_AXIS_HEIGHT : 0);
  double rect_height = MAX (1.0, height - HEADER_HEIGHT - bottom);
  double left = self->left_margin >= 0 ? self->left_margin : AUTO_LEFT_MARGIN;

  /* The colour bar needs its width beside the cells; when the right margin is imposed (to line up with a
   * signal plot) and too narrow, the scale moves to the header instead. */
  double lo, hi, needed = 0;
  if (cw_heatmap_get_value_range (self, &lo, &hi))
    needed = COLORBAR_GAP + cw_plot_colorbar_width (cr, COLORBAR_WIDTH, lo, hi, NULL, rect_height)
             + COLORBAR_PAD;
  double right;
  if (self->right_margin >= 0)
    {
      right = self->right_margin;
      layout.colorbar_beside = needed > 0 && right >= needed;
    }
  else
    {
      right = needed > 0 ? needed : AUTO_RIGHT_MARGIN;
      layout.colorbar_beside = needed > 0;
    }
  layout.rect = (CwPlotRect) { left, HEADER_HEIGHT, MAX (1.0, width - left - right), rect_height };
  return layout;
}

void
cw_heatmap_visible_range (CwHeatmap *self, double *lo, double *hi)
{
  if (self->has_x_range)
    {
      *lo = self->x_lo;
      *hi = self->x_hi;
    }
  else if (self->x0 != self->x1)
    {
      *lo = MIN (self->x0, self->x1);
      *hi = MAX (self->x0, self->x1);
    }
  else
    {
      *lo = self->x0 - 0.5;
      *hi = self->x0 + 0.5;
    }
}

/* Spacing of the column centres in data units (negative for a descending axis). */
double
cw_heatmap_column_step (CwHeatmap *self)
{
  if (self->cols > 1 && self->x1 != self->x0)
    return (self->x1 - self->x0) / (self->cols - 1);
  return 1.0;
}

double
cw_heatmap_x_to_pixel (CwHeatmap *self, const CwPlotRect *rect, double x)
{
  double lo, hi;
  cw_heatmap_visible_range (self, &lo, &hi);
  return rect->x + (x - lo) / (hi - lo) * rect->width;
}

/* The layout at the widget's current size, measuring text on a scratch context (for hit tests). */
static HeatmapLayout
current_layout (CwHeatmap *self)
{
  cairo_t *cr = cw_chart_scratch_context ();
  HeatmapLayout layout = cw_heatmap_compute_layout (self, cr, gtk_widget_get_width (GTK_WIDGET (self)),
                                                    gtk_widget_get_height (GTK_WIDGET (self)));
  cairo_destroy (cr);
  return layout;
}

void
cw_heatmap_get_natural_margins (CwHeatmap *self, double *left, double *right)
{
  g_return_if_fail (CW_IS_HEATMAP (self));
  double saved_left = self->left_margin, saved_right = self->right_margin;
  self->left_margin = self->right_margin = -1;
  /* Margins do not depend on the width; a wide one keeps the data rectangle from clamping. */
  const double width = 10000;
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  cairo_t *cr = cw_chart_scratch_context ();
  HeatmapLayout layout = cw_heatmap_compute_layout (self, cr, width,
                                                    height > 0 ? height : natural_height (self));
  cairo_destroy (cr);
  self->left_margin = saved_left;
  self->right_margin = saved_right;
  if (left != NULL)
    *left = layout.rect.x;
  if (right != NULL)
    *right = width - layout.rect.x - layout.rect.width;
}

static double
pixel_to_x (CwHeatmap *self, const CwPlotRect *rect, double px)
{
  double lo, hi;
  cw_heatmap_visible_range (self, &lo, &hi);
  return lo + (px - rect->x) / rect->width * (hi - lo);
}

CwPlotRect
cw_heatmap_get_data_rect (CwHeatmap *self)
{
  g_return_val_if_fail (CW_IS_HEATMAP (self), (CwPlotRect) { 0 });
  return current_layout (self).rect;
}

int
cw_heatmap_row_at (CwHeatmap *self, double y)
{
  g_return_val_if_fail (CW_IS_HEATMAP (self), -1);
  CwPlotRect rect = cw_heatmap_get_data_rect (self);
  if (self->rows <= 0 || y < rect.y || y >= rect.y + rect.height)
    return -1;
  int row = (int) floor ((y - rect.y) / (rect.height / self->rows));
  return CLAMP (row, 0, self->rows - 1);
}

int
cw_heatmap_column_at (CwHeatmap *self, double x)
{
  g_return_val_if_fail (CW_IS_HEATMAP (self), -1);
  CwPlotRect rect = cw_heatmap_get_data_rect (self);
  if (self->cols <= 0 || x < rect.x || x >= rect.x + rect.width)
    return -1;
  long col = lround ((pixel_to_x (self, &rect, x) - self->x0) / cw_heatmap_column_step (self));
  return col >= 0 && col < self->cols ? (int) col : -1;
}

char *
cw_heatmap_describe_at (CwHeatmap *self, double x, double y)
{
  g_return_val_if_fail (CW_IS_HEATMAP (self), NULL);
  int row = cw_heatmap_row_at (self, y);
  int col = cw_heatmap_column_at (self, x);
  if (row < 0 || col < 0)
    return NULL;
  double step = fabs (cw_heatmap_column_step (self));
  char xbuf[64], vbuf[64];
  cw_format_tick (self->x0 + col * cw_heatmap_column_step (self), step, xbuf, sizeof xbuf);
  cw_heatmap_format_value (self->values[(gsize) row * self->cols + col], vbuf, sizeof vbuf);
  return g_strdup_printf ("%s %d · x = %s%s%s · %s", self->row_name, row + 1, xbuf,
                          self->x_unit != NULL ? " " : "", self->x_unit != NULL ? self->x_unit : "",
                          vbuf);
}

static void
cw_heatmap_draw (CwDrawable *drawable, cairo_t *cr, int width, int height)
{
  CwHeatmap *self = CW_HEATMAP (drawable);
  /* Under an export's title band the title is already there. */
  char *title = self->title;
  if (cw_drawable_get_title_in_band (drawable))
    self->title = NULL;
  cw_heatmap_draw_chart (drawable, cr, width, height);
  self->title = title;
}

static const char *
cw_heatmap_get_own_title (CwDrawable *drawable)
{
  return CW_HEATMAP (drawable)->title;
}

static void
cw_heatmap_drawable_init (CwDrawableInterface *iface)
{
  iface->draw = cw_heatmap_draw;
  iface->dup_csv = cw_heatmap_dup_csv;
  iface->get_own_title = cw_heatmap_get_own_title;
  iface->default_title = "Heatmap";
}

/* ---- input ----------------------------------------------------------------------------------- */

static void
set_hover (CwHeatmap *self, int row, int col)
{
  if (row < 0 || col < 0)
    row = col = -1;
  if (row == self->hover_row && col == self->hover_col)
    return;
  self->hover_row = row;
  self->hover_col = col;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion (GtkEventControllerMotion *controller, double x, double y, CwHeatmap *self)
{
  set_hover (self, cw_heatmap_row_at (self, y), cw_heatmap_column_at (self, x));
}

static void
on_leave (GtkEventControllerMotion *controller, CwHeatmap *self)
{
  set_hover (self, -1, -1);
}

static void
on_pressed (GtkGestureClick *gesture, int n_press, double x, double y, CwHeatmap *self)
{
  int row = cw_heatmap_row_at (self, y);
  if (row < 0 || cw_heatmap_column_at (self, x) < 0)
    return;
  cw_heatmap_set_selected_row (self, row);
  g_signal_emit (self, signals[SIGNAL_ROW_ACTIVATED], 0, row);
}

static gboolean
cw_heatmap_query_tooltip (GtkWidget *widget, int x, int y, gboolean keyboard_mode, GtkTooltip *tooltip)
{
  CwHeatmap *self = CW_HEATMAP (widget);
  g_autofree char *text = cw_heatmap_describe_at (self, x, y);
  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  /* A one-pixel tip area makes GTK ask again as soon as the pointer moves on. */
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { x, y, 1, 1 });
  return TRUE;
}

/* ---- GtkWidget ------------------------------------------------------------------------------- */

static void
cw_heatmap_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  cw_drawable_snapshot (CW_DRAWABLE (widget), snapshot);
}

static int
natural_height (CwHeatmap *self)
{
  double chrome = HEADER_HEIGHT + BOTTOM_GAP + (self->show_x_axis ? X_AXIS_HEIGHT : 0);
  int h = (int) (chrome + MAX (self->rows, 1) * ROW_PIXELS);
  return CLAMP (h, MIN_HEIGHT, MAX_NATURAL_HEIGHT);
}

static void
cw_heatmap_measure (GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum,
                    int *natural, int *minimum_baseline, int *natural_baseline)
{
  CwHeatmap *self = CW_HEATMAP (widget);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 160;
      *natural = 480;
    }
  else
    {
      *minimum = MIN_HEIGHT;
      *natural = natural_height (self);
    }
}

static void
cw_heatmap_finalize (GObject *object)
{
  CwHeatmap *self = CW_HEATMAP (object);
  g_clear_pointer (&self->values, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->row_name, g_free);
  g_clear_pointer (&self->x_unit, g_free);
  g_clear_pointer (&self->image, cairo_surface_destroy);
  G_OBJECT_CLASS (cw_heatmap_parent_class)->finalize (object);
}

static void
cw_heatmap_class_init (CwHeatmapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = cw_heatmap_finalize;
  widget_class->snapshot = cw_heatmap_snapshot;
  widget_class->measure = cw_heatmap_measure;
  widget_class->query_tooltip = cw_heatmap_query_tooltip;

  signals[SIGNAL_ROW_ACTIVATED] = g_signal_new ("row-activated", G_TYPE_FROM_CLASS (klass),
                                                G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                                1, G_TYPE_INT);
  gtk_widget_class_set_css_name (widget_class, "heatmap");
}

static void
cw_heatmap_init (CwHeatmap *self)
{
  self->row_name = g_strdup ("row");
  cw_drawable_menu_attach (CW_DRAWABLE (self));
  self->x1 = 1;
  self->left_margin = -1;
  self->right_margin = -1;
  self->selected_row = -1;
  self->hover_row = -1;
  self->hover_col = -1;
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);

  cw_plot_add_pointer_controllers (GTK_WIDGET (self), G_CALLBACK (on_motion), G_CALLBACK (on_leave),
                                   G_CALLBACK (on_pressed), self);
}

/* ---- public API ------------------------------------------------------------------------------ */

GtkWidget *
cw_heatmap_new (void)
{
  return g_object_new (CW_TYPE_HEATMAP, NULL);
}

void
cw_heatmap_set_data (CwHeatmap *self, const float *values, int rows, int cols, double x0, double x1)
{
  g_return_if_fail (CW_IS_HEATMAP (self));
  g_return_if_fail (rows >= 0 && cols >= 0);
  g_return_if_fail (values != NULL || rows == 0 || cols == 0);

  gboolean rows_changed = rows != self->rows;
  g_clear_pointer (&self->values, g_free);
  if (rows == 0 || cols == 0)
    rows = cols = 0;
  else
    self->values = g_memdup2 (values, (gsize) rows * cols * sizeof (float));
  self->rows = rows;
  self->cols = cols;
  self->x0 = x0;
  self->x1 = x1;

  self->value_min = INFINITY;
  self->value_max = -INFINITY;
  for (gsize i = 0; i < (gsize) rows * cols; i++)
    if (isfinite (self->values[i]))
      {
        self->value_min = MIN (self->value_min, self->values[i]);
        self->value_max = MAX (self->value_max, self->values[i]);
      }
  if (self->value_min > self->value_max)
    self->value_min = self->value_max = 0;

  if (self->selected_row >= rows)
    self->selected_row = -1;
  if (self->hover_row >= rows || self->hover_col >= cols)
    self->hover_row = self->hover_col = -1;
  invalidate_image (self);
  if (rows_changed)
    gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
cw_heatmap_set_diverging (CwHeatmap *self, gboolean diverging)
{
  g_return_if_fail (CW_IS_HEATMAP (self));
  if (self->diverging == !!diverging)
    return;
  self->diverging = !!diverging;
  invalidate_image (self);
}

static void
replace_string (CwHeatmap *self, char **field, const char *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cw_heatmap_set_title (CwHeatmap *self, const char *title)
{
  g_return_if_fail (CW_IS_HEATMAP (self));
  replace_string (self, &self->title, title);
}

void
cw_heatmap_set_row_name (CwHeatmap *self, const char *row_name)
{
  g_return_if_fail (CW_IS_HEATMAP (self));
  replace_string (self, &self->row_name, row_name != NULL ? row_name : "row");
}

void
cw_heatmap_set_x_unit (CwHeatmap *self, const char *unit)
{
  g_return_if_fail (CW_IS_HEATMAP (self));
  replace_string (self, &self->x_unit, unit != NULL && unit[0] != '\0' ? unit : NULL);
}

void
cw_heatmap_set_x_range (CwHeatmap *self, double lo, double hi)
{
  g_return_if_fail (CW_IS_HEATMAP (self));
  if (!isfinite (lo) || !isfinite (hi) || lo == hi)
    self->has_x_range = FALSE;
  else
    {
      self->has_x_range = TRUE;
      self->x_lo = MIN (lo, hi);
      self->x_hi = MAX (lo, hi);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cw_heatmap_set_left_margin (CwHeatmap *self, double margin)
{
  g_return_if_fail (CW_IS_HEATMAP (self));
  self->left_margin = margin;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cw_heatmap_set_right_margin (CwHeatmap *self, double margin)
{
  g_return_if_fail (CW_IS_HEATMAP (self));
  self->right_margin = margin;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cw_heatmap_set_show_x_axis (CwHeatmap *self, gboolean show)
{
  g_return_if_fail (CW_IS_HEATMAP (self));
  if (self->show_x_axis == !!show)
    return;
  self->show_x_axis = !!show;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
cw_heatmap_set_selected_row (CwHeatmap *self, int row)
{
  g_return_if_fail (CW_IS_HEATMAP (self));
  if (row < 0 || row >= self->rows)
    row = -1;
  if (row == self->selected_row)
    return;
  self->selected_row = row;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

int
cw_heatmap_get_selected_row (CwHeatmap *self)
{
  g_return_val_if_fail (CW_IS_HEATMAP (self), -1);
  return self->selected_row;
}

int
cw_heatmap_get_rows (CwHeatmap *self)
{
  g_return_val_if_fail (CW_IS_HEATMAP (self), 0);
  return self->rows;
}

int
cw_heatmap_get_cols (CwHeatmap *self)
{
  g_return_val_if_fail (CW_IS_HEATMAP (self), 0);
  return self->cols;
}
