/* cw-loss-plot.c — training and validation loss per epoch: a fixed frame the curves grow into, a
 * log-scale toggle, the best epoch marked, and a read-out of the epoch under the pointer. */
#include "cw-loss-plot.h"

#include "cw-drawable.h"
#include "cw-drawable-menu.h"
#include "cw-plot-style.h"

#include <math.h>
#include <pango/pangocairo.h>

#define PAD 10.0
#define FONT_SCALE 0.85
#define CURVE_WIDTH 2.0

struct _CwLossPlot
{
  GtkWidget parent_instance;

  /* owned: data */
  double *train, *val; /* n each; val NULL when there is no validation at all */
  int n;
  int best_epoch;      /* 1-based, 0 = none */
  int total_epochs;
  gboolean log_scale;
  char *y_label;
  char *val_name;      /* the validation curve's legend entry; NULL = "Validation" */

  /* owned: interaction and the last on-screen layout */
  gboolean pointer_inside;
  double pointer_x;
  int hover_epoch;
  gboolean drawing_on_screen;
  CwPlotRect data_rect;
  int layout_width, layout_height;
};

enum
{
  PROP_0,
  PROP_LOG_SCALE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void cw_loss_plot_drawable_init (CwDrawableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CwLossPlot, cw_loss_plot, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (CW_TYPE_DRAWABLE, cw_loss_plot_drawable_init))

/* ---- ranges ---- */

/* The axes in drawing units: epochs on x, loss (or its log10) on y. */
typedef struct
{
  double x0, x1, y0, y1;
} Ranges;

static gboolean
has_validation (CwLossPlot *self)
{
  if (!self->val)
    return FALSE;
  for (int i = 0; i < self->n; i++)
    if (isfinite (self->val[i]))
      return TRUE;
  return FALSE;
}

/* A loss as drawn: log10 on a log axis, NaN for what cannot be drawn (missing, or <= 0 on log). */
static double
to_axis (CwLossPlot *self, double v)
{
  if (!isfinite (v))
    return NAN;
  if (self->log_scale)
    return v > 0 ? log10 (v) : NAN;
  return v;
}

static Ranges
compute_ranges (CwLossPlot *self)
{
  Ranges r = { .x0 = 1.0, .x1 = MAX (MAX (self->total_epochs, self->n), 2) };
  double lo = INFINITY, hi = -INFINITY;
  gboolean all_nonnegative = TRUE;
  for (int i = 0; i < self->n; i++)
    for (int k = 0; k < 2; k++)
      {
        double raw = k == 0 ? self->train[i] : self->val ? self->val[i] : NAN;
        double v = to_axis (self, raw);
        if (!isfinite (v))
          continue;
        lo = MIN (lo, v);
        hi = MAX (hi, v);
        if (raw < 0)
          all_nonnegative = FALSE;
      }
  if (!(lo <= hi))
    {
      /* Nothing yet: an empty frame with a plausible scale. */
      r.y0 = self->log_scale ? -3.0 : 0.0;
      r.y1 = self->log_scale ? 0.0 : 1.0;
      return r;
    }
  double span = hi - lo;
  if (span < (self->log_scale ? 0.1 : fabs (hi) * 1e-6 + 1e-12))
    {
      /* One epoch or a flat curve: give it room around the value. */
      double pad = self->log_scale ? 0.25 : MAX (fabs (hi) * 0.1, 1e-6);
      lo -= pad;
      hi += pad;
    }
  else
    {
      lo -= span * 0.05;
      hi += span * 0.05;
    }
  /* A loss is not negative: do not invent negative room below it. */
  if (!self->log_scale && all_nonnegative && lo < 0)
    lo = 0;
  r.y0 = lo;
  r.y1 = hi;
  return r;
}

static void
frame_axes (CwLossPlot *self, const Ranges *r, CwPlotAxes *axes)
{
  *axes = (CwPlotAxes) {
    .x0 = r->x0, .x1 = r->x1, .y0 = r->y0, .y1 = r->y1,
    .x_label = "Epoch", .y_label = self->y_label ? self->y_label : "Loss",
    .log_y = self->log_scale, .x_integer = TRUE,
  };
}

/* Keeps data_rect in step with the widget size for pointer mapping before the first on-screen draw. */
static void
ensure_layout (CwLossPlot *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self)), height = gtk_widget_get_height (GTK_WIDGET (self));
  if (width <= 0 || height <= 0 || (width == self->layout_width && height == self->layout_height))
    return;
  cairo_surface_t *scratch = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (scratch);
  Ranges r = compute_ranges (self);
  CwPlotAxes axes;
  frame_axes (self, &r, &axes);
  self->data_rect = cw_plot_layout_frame (cr, width, height, &axes);
  self->layout_width = width;
  self->layout_height = height;
  cairo_destroy (cr);
  cairo_surface_destroy (scratch);
}

/* ---- drawing ---- */

typedef struct
{
  CwPlotRect rect;
  Ranges r;
} Mapping;

static double
map_x (const Mapping *m, double epoch)
{
  return m->rect.x + (epoch - m->r.x0) / (m->r.x1 - m->r.x0) * m->rect.width;
}

static double
map_y (const Mapping *m, double v)
{
  return m->rect.y + m->rect.height - (v - m->r.y0) / (m->r.y1 - m->r.y0) * m->rect.height;
}

static void
draw_curve (CwLossPlot *self, const double *values, const GdkRGBA *color, const Mapping *m, cairo_t *cr)
{
  gboolean pen_down = FALSE;
  for (int i = 0; i < self->n; i++)
    {
      double v = to_axis (self, values[i]);
      if (!isfinite (v))
        {
          pen_down = FALSE;
          continue;
        }
      double px = map_x (m, i + 1), py = map_y (m, v);
      if (pen_down)
        cairo_line_to (cr, px, py);
      else
        cairo_move_to (cr, px, py);
      pen_down = TRUE;
    }
  cw_plot_set_color (cr, color, 1.0);
  cairo_set_line_width (cr, CURVE_WIDTH);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_stroke (cr);

  /* Dots on each epoch while they are far enough apart to tell (and always for a lone epoch). */
  double spacing = m->rect.width / MAX (1.0, m->r.x1 - m->r.x0);
  if (spacing < 7 && self->n > 1)
    return;
  for (int i = 0; i < self->n; i++)
    {
      double v = to_axis (self, values[i]);
      if (!isfinite (v))
        continue;
      cairo_new_sub_path (cr);
      cairo_arc (cr, map_x (m, i + 1), map_y (m, v), self->n == 1 ? 4.0 : 2.5, 0, 2 * G_PI);
    }
  cairo_fill (cr);
}

static void
draw_panel (cairo_t *cr, double x, double y, double w, double h, const CwPlotColors *colors)
{
  double r = 4;
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
  cw_plot_set_color (cr, &colors->background, 0.9);
  cairo_fill_preserve (cr);
  cw_plot_set_color (cr, &colors->grid, 2.5);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);
}

/* Rows of (colour swatch, text) in a panel; swatch NULL = plain text row. Anchored by its top-left or,
 * with align_right, its top-right corner. Returns the panel's rectangle, so other labels can keep clear. */
static CwPlotRect
draw_rows (cairo_t *cr, double x, double y, gboolean align_right, const char **texts,
           const GdkRGBA **swatches, int n, const CwPlotColors *colors)
{
  const double pad = 7, swatch_w = 16, gap = 6;
  double widest = 0, row = 0;
  for (int i = 0; i < n; i++)
    {
      double w, h;
      cw_plot_text_size (cr, texts[i], FONT_SCALE, &w, &h);
      widest = MAX (widest, w + (swatches[i] ? swatch_w + gap : 0));
      row = MAX (row, h + 2);
    }
  double box_w = widest + 2 * pad, box_h = n * row + 2 * pad;
  if (align_right)
    x -= box_w;
  draw_panel (cr, x, y, box_w, box_h, colors);
  for (int i = 0; i < n; i++)
    {
      double cy = y + pad + i * row + row / 2, tx = x + pad;
      if (swatches[i])
        {
          cw_plot_set_color (cr, swatches[i], 1.0);
          cairo_set_line_width (cr, CURVE_WIDTH);
          cairo_move_to (cr, tx, cy);
          cairo_line_to (cr, tx + swatch_w, cy);
          cairo_stroke (cr);
          tx += swatch_w + gap;
        }
      cw_plot_draw_text (cr, texts[i], tx, cy, 0.0, 0.5, FONT_SCALE, &colors->foreground);
    }
  return (CwPlotRect) { x, y, box_w, box_h };
}

/* The best epoch: a dashed guide under the curves (on_top FALSE), a ring on the curve above them. */
static void
draw_best_marker (CwLossPlot *self, const Mapping *m, const CwPlotColors *colors, gboolean on_top, cairo_t *cr)
{
  if (self->best_epoch < 1 || self->best_epoch > self->n)
    return;
  int i = self->best_epoch - 1;
  const double *curve = has_validation (self) && isfinite (self->val[i]) ? self->val : self->train;
  const GdkRGBA *color = curve == self->val ? &colors->validation : &colors->train;
  double px = round (map_x (m, self->best_epoch)) + 0.5;
  if (on_top)
    {
      double v = to_axis (self, curve[i]);
      if (!isfinite (v))
        return;
      /* Filled with the background so it reads on top of the curve in either theme. */
      cairo_arc (cr, px, map_y (m, v), 5.0, 0, 2 * G_PI);
      cw_plot_set_color (cr, &colors->background, 1.0);
      cairo_fill_preserve (cr);
      cw_plot_set_color (cr, color, 1.0);
      cairo_set_line_width (cr, 2.0);
      cairo_stroke (cr);
      return;
    }
  double dash[2] = { 4, 3 };
  cairo_save (cr);
  cairo_set_dash (cr, dash, 2, 0);
  cairo_set_line_width (cr, 1.0);
  cw_plot_set_color (cr, &colors->foreground, 0.45);
  cairo_move_to (cr, px, m->rect.y);
  cairo_line_to (cr, px, m->rect.y + m->rect.height);
  cairo_stroke (cr);
  cairo_restore (cr);

}

/* "best N" beside the guide line, on whichever side has room, and under the legend when the legend sits
 * where it would go (the best epoch is often one of the last, right under the legend). */
static void
draw_best_label (CwLossPlot *self, const Mapping *m, const CwPlotColors *colors, const CwPlotRect *legend,
                 cairo_t *cr)
{
  if (self->best_epoch < 1 || self->best_epoch > self->n)
    return;
  double px = round (map_x (m, self->best_epoch)) + 0.5;
  char text[32];
  g_snprintf (text, sizeof text, "best %d", self->best_epoch);
  double w, h;
  cw_plot_text_size (cr, text, FONT_SCALE, &w, &h);
  gboolean left = px + 4 + w > m->rect.x + m->rect.width;
  double text_x = left ? px - 4 - w : px + 4, text_y = m->rect.y + 4;
  gboolean overlaps_legend = text_x < legend->x + legend->width && text_x + w > legend->x
                             && text_y < legend->y + legend->height && text_y + h > legend->y;
  if (overlaps_legend)
    text_y = legend->y + legend->height + 4;
  GdkRGBA muted = colors->foreground;
  muted.alpha *= 0.75f;
  cw_plot_draw_text (cr, text, text_x, text_y, 0.0, 0.0, FONT_SCALE, &muted);
}

static void
format_loss (double v, char *buf, gsize size)
{
  if (!isfinite (v))
    g_strlcpy (buf, "—", size);
  else
    g_snprintf (buf, size, "%.4g", v);
}

static void
draw_hover (CwLossPlot *self, const Mapping *m, const CwPlotColors *colors, cairo_t *cr)
{
  int e = self->hover_epoch;
  if (e < 1 || e > self->n)
    return;
  double px = round (map_x (m, e)) + 0.5;
  cw_plot_set_color (cr, &colors->foreground, 0.35);
  cairo_set_line_width (cr, 1.0);
  cairo_move_to (cr, px, m->rect.y);
  cairo_line_to (cr, px, m->rect.y + m->rect.height);
  cairo_stroke (cr);

  gboolean with_val = has_validation (self);
  for (int k = 0; k < (with_val ? 2 : 1); k++)
    {
      double v = to_axis (self, k == 0 ? self->train[e - 1] : self->val[e - 1]);
      if (!isfinite (v))
        continue;
      cairo_arc (cr, px, map_y (m, v), 4.0, 0, 2 * G_PI);
      cw_plot_set_color (cr, k == 0 ? &colors->train : &colors->validation, 1.0);
      cairo_fill (cr);
    }

  char epoch[32], train[64], val[64], tv[32], vv[32];
  g_snprintf (epoch, sizeof epoch, "Epoch %d", e);
  format_loss (self->train[e - 1], tv, sizeof tv);
  g_snprintf (train, sizeof train, "Training  %s", tv);
  const char *texts[3] = { epoch, train, val };
  const GdkRGBA *swatches[3] = { NULL, &colors->train, &colors->validation };
  if (with_val)
    {
      format_loss (self->val[e - 1], vv, sizeof vv);
      g_snprintf (val, sizeof val, "Validation  %s", vv);
    }
  /* The read-out sits beside the guide line, away from the side it would run off. */
  double x = px + 10;
  gboolean flip = px > m->rect.x + m->rect.width * 0.6;
  draw_rows (cr, flip ? px - 10 : x, m->rect.y + 28, flip, texts, swatches, with_val ? 3 : 2, colors);
}

static void
cw_loss_plot_draw (CwDrawable *drawable, cairo_t *cr, int width, int height)
{
  CwLossPlot *self = CW_LOSS_PLOT (drawable);
  CwPlotColors colors;
  cw_plot_colors_for_widget (GTK_WIDGET (self), &colors);
  cairo_save (cr);
  cw_plot_set_color (cr, &colors.background, 1.0);
  cairo_paint (cr);

  Mapping m = { .r = compute_ranges (self) };
  CwPlotAxes axes;
  frame_axes (self, &m.r, &axes);
  m.rect = cw_plot_draw_frame_axes (cr, width, height, &colors, &axes);
  if (self->drawing_on_screen)
    {
      self->data_rect = m.rect;
      self->layout_width = width;
      self->layout_height = height;
    }

  if (self->n == 0)
    {
      GdkRGBA muted = colors.foreground;
      muted.alpha *= 0.6f;
      cw_plot_draw_text (cr, "No epochs yet", m.rect.x + m.rect.width / 2, m.rect.y + m.rect.height / 2, 0.5,
                         0.5, 1.0, &muted);
      cairo_restore (cr);
      return;
    }

  gboolean with_val = has_validation (self);
  cairo_save (cr);
  /* Clip loosely: dots on the first and last epoch may stick out of the data area a little. */
  cairo_rectangle (cr, m.rect.x - 6, m.rect.y, m.rect.width + 12, m.rect.height);
  cairo_clip (cr);
  draw_best_marker (self, &m, &colors, FALSE, cr);
  if (with_val)
    draw_curve (self, self->val, &colors.validation, &m, cr);
  draw_curve (self, self->train, &colors.train, &m, cr);
  draw_best_marker (self, &m, &colors, TRUE, cr);
  cairo_restore (cr);

  const char *texts[2] = { "Training", self->val_name ? self->val_name : "Validation" };
  const GdkRGBA *swatches[2] = { &colors.train, &colors.validation };
  CwPlotRect legend = draw_rows (cr, m.rect.x + m.rect.width - 8, m.rect.y + 8, TRUE, texts, swatches,
                                 with_val ? 2 : 1, &colors);
  draw_best_label (self, &m, &colors, &legend, cr);

  if (self->drawing_on_screen && self->pointer_inside)
    draw_hover (self, &m, &colors, cr);
  cairo_restore (cr);
}

/* epoch, the training loss and the validation loss (when there is one), one line per epoch: the values
 * as computed, not their log10 of the log scale. */
static char *
cw_loss_plot_dup_csv (CwDrawable *drawable)
{
  CwLossPlot *self = CW_LOSS_PLOT (drawable);
  GString *csv = g_string_new (NULL);
  cw_drawable_csv_text (csv, "epoch", TRUE);
  cw_drawable_csv_text (csv, "training", FALSE);
  if (self->val)
    cw_drawable_csv_text (csv, self->val_name ? self->val_name : "validation", FALSE);
  g_string_append_c (csv, '\n');
  for (int e = 0; e < self->n; e++)
    {
      g_string_append_printf (csv, "%d", e + 1);
      cw_drawable_csv_number (csv, self->train[e], FALSE);
      if (self->val)
        cw_drawable_csv_number (csv, self->val[e], FALSE);
      g_string_append_c (csv, '\n');
    }
  return g_string_free (csv, FALSE);
}

static void
cw_loss_plot_drawable_init (CwDrawableInterface *iface)
{
  iface->draw = cw_loss_plot_draw;
  iface->dup_csv = cw_loss_plot_dup_csv;
  iface->default_title = "Loss plot";
}

/* ---- pointer ---- */

static void
update_hover (CwLossPlot *self, double x, double y)
{
  ensure_layout (self);
  const CwPlotRect *r = &self->data_rect;
  int epoch = 0;
  if (self->n > 0 && x >= r->x - 6 && x <= r->x + r->width + 6 && y >= r->y && y <= r->y + r->height)
    {
      Ranges ranges = compute_ranges (self);
      double e = ranges.x0 + (x - r->x) / r->width * (ranges.x1 - ranges.x0);
      epoch = (int) CLAMP (lround (e), 1, self->n); /* the nearest epoch that exists */
    }
  self->pointer_inside = epoch > 0;
  self->pointer_x = x;
  if (epoch != self->hover_epoch)
    {
      self->hover_epoch = epoch;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
on_motion (GtkEventControllerMotion *controller, double x, double y, CwLossPlot *self)
{
  update_hover (self, x, y);
}

static void
on_leave (GtkEventControllerMotion *controller, CwLossPlot *self)
{
  self->pointer_inside = FALSE;
  if (self->hover_epoch != 0)
    {
      self->hover_epoch = 0;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

/* ---- API ---- */

void
cw_loss_plot_set_data (CwLossPlot *self, const double *train, const double *val, int n, int best_epoch)
{
  g_return_if_fail (CW_IS_LOSS_PLOT (self));
  g_clear_pointer (&self->train, g_free);
  g_clear_pointer (&self->val, g_free);
  self->n = train && n > 0 ? n : 0;
  if (self->n > 0)
    {
      self->train = g_memdup2 (train, sizeof (double) * (gsize) n);
      if (val)
        self->val = g_memdup2 (val, sizeof (double) * (gsize) n);
    }
  self->best_epoch = CLAMP (best_epoch, 0, self->n);
  if (self->hover_epoch > self->n)
    self->hover_epoch = self->n;
  self->layout_width = 0; /* tick labels, hence margins, may change */
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cw_loss_plot_set_total_epochs (CwLossPlot *self, int total)
{
  g_return_if_fail (CW_IS_LOSS_PLOT (self));
  self->total_epochs = MAX (total, 0);
  self->layout_width = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cw_loss_plot_set_log_scale (CwLossPlot *self, gboolean log_scale)
{
  g_return_if_fail (CW_IS_LOSS_PLOT (self));
  log_scale = !!log_scale;
  if (self->log_scale == log_scale)
    return;
  self->log_scale = log_scale;
  self->layout_width = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG_SCALE]);
}

gboolean
cw_loss_plot_get_log_scale (CwLossPlot *self)
{
  g_return_val_if_fail (CW_IS_LOSS_PLOT (self), FALSE);
  return self->log_scale;
}

void
cw_loss_plot_set_y_label (CwLossPlot *self, const char *label)
{
  g_return_if_fail (CW_IS_LOSS_PLOT (self));
  g_free (self->y_label);
  self->y_label = g_strdup (label);
  self->layout_width = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cw_loss_plot_set_validation_name (CwLossPlot *self, const char *name)
{
  g_return_if_fail (CW_IS_LOSS_PLOT (self));
  if (g_strcmp0 (name, self->val_name) == 0)
    return;
  g_free (self->val_name);
  self->val_name = g_strdup (name);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

int
cw_loss_plot_get_hover_epoch (CwLossPlot *self)
{
  g_return_val_if_fail (CW_IS_LOSS_PLOT (self), 0);
  return self->hover_epoch;
}

void
cw_loss_plot_get_data_rect (CwLossPlot *self, double *x, double *y, double *width, double *height)
{
  g_return_if_fail (CW_IS_LOSS_PLOT (self));
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

/* ---- GObject / GtkWidget ---- */

static void
cw_loss_plot_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  CwLossPlot *self = CW_LOSS_PLOT (widget);
  self->drawing_on_screen = TRUE;
  cw_drawable_snapshot (CW_DRAWABLE (self), snapshot);
  self->drawing_on_screen = FALSE;
}

static void
cw_loss_plot_measure (GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum, int *natural,
                      int *minimum_baseline, int *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 160 : 100;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 420 : 260;
}

static void
cw_loss_plot_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CwLossPlot *self = CW_LOSS_PLOT (object);
  switch (prop_id)
    {
    case PROP_LOG_SCALE:
      g_value_set_boolean (value, self->log_scale);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cw_loss_plot_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  CwLossPlot *self = CW_LOSS_PLOT (object);
  switch (prop_id)
    {
    case PROP_LOG_SCALE:
      cw_loss_plot_set_log_scale (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cw_loss_plot_finalize (GObject *object)
{
  CwLossPlot *self = CW_LOSS_PLOT (object);
  g_clear_pointer (&self->train, g_free);
  g_clear_pointer (&self->val, g_free);
  g_clear_pointer (&self->y_label, g_free);
  g_clear_pointer (&self->val_name, g_free);
  G_OBJECT_CLASS (cw_loss_plot_parent_class)->finalize (object);
}

static void
cw_loss_plot_class_init (CwLossPlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = cw_loss_plot_get_property;
  object_class->set_property = cw_loss_plot_set_property;
  object_class->finalize = cw_loss_plot_finalize;
  widget_class->snapshot = cw_loss_plot_snapshot;
  widget_class->measure = cw_loss_plot_measure;

  properties[PROP_LOG_SCALE] = g_param_spec_boolean ("log-scale", NULL, NULL, FALSE,
                                                     G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                                       | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "lossplot");
}

static void
cw_loss_plot_init (CwLossPlot *self)
{
  cw_drawable_menu_attach (CW_DRAWABLE (self));
  GtkEventController *motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "enter", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
}

GtkWidget *
cw_loss_plot_new (void)
{
  return g_object_new (CW_TYPE_LOSS_PLOT, NULL);
}
