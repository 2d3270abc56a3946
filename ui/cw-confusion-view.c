/* cw-confusion-view.c — a confusion matrix: rows are the true class, columns the predicted one.
 *
 * Cells are shaded by the fraction of their row (what share of class A went where), so a small class's
 * mistakes show as clearly as a large one's; the counts are written in the cells, recall down the right,
 * precision along the bottom, accuracy in the title. */
#include "cw-confusion-view.h"

#include "cw-chart-text.h"
#include "cw-drawable-menu.h"
#include "cw-drawable.h"

#include <math.h>

#define PAD 10.0
#define GAP 6.0                  /* between a label band and the grid */
#define CELL_GAP 1.0             /* background showing between cells */
#define MIN_CELL 18.0
#define MAX_CELL 96.0
#define MAX_LABEL_WIDTH 140.0    /* class names past this are ellipsized */
#define MIN_SHADE 0.06           /* alpha of the accent colour in a cell holding any sample at all */
#define MAX_SHADE 0.92           /* … and in a cell holding its whole row */

struct _CwConfusionView
{
  GtkWidget parent_instance;

  /* owned */
  long *counts;     /* k x k, row = true class */
  int k;
  char **names;     /* k class names */
  long *row_totals; /* samples of each true class */
  long *col_totals; /* predictions of each class */
  long total, correct;
  int selected_true, selected_pred; /* -1 = none */
};

static void cw_confusion_view_drawable_init (CwDrawableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CwConfusionView, cw_confusion_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (CW_TYPE_DRAWABLE, cw_confusion_view_drawable_init))

enum
{
  SIGNAL_CELL_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- numbers and texts ----------------------------------------------------------------------- */

static long
count_at (CwConfusionView *self, int t, int p)
{
  return self->counts[(gsize) t * self->k + p];
}

static char *
percent_text_with (long part, long whole, int decimals)
{
  if (whole <= 0)
    return g_strdup ("—");
  return g_strdup_printf ("%.*f %%", decimals, 100.0 * part / whole);
}

static char *
percent_text (long part, long whole)
{
  return percent_text_with (part, whole, 1);
}

char *
cw_confusion_view_get_title (CwConfusionView *self)
{
  g_return_val_if_fail (CW_IS_CONFUSION_VIEW (self), NULL);
  if (self->total <= 0)
    return g_strdup ("Accuracy —");
  g_autofree char *accuracy = percent_text (self->correct, self->total);
  return g_strdup_printf ("Accuracy %s · %ld of %ld", accuracy, self->correct, self->total);
}

char *
cw_confusion_view_get_cell_text (CwConfusionView *self, int true_class, int predicted_class)
{
  g_return_val_if_fail (CW_IS_CONFUSION_VIEW (self), NULL);
  g_return_val_if_fail (true_class >= 0 && true_class < self->k, NULL);
  g_return_val_if_fail (predicted_class >= 0 && predicted_class < self->k, NULL);
  return g_strdup_printf ("%ld", count_at (self, true_class, predicted_class));
}

char *
cw_confusion_view_get_recall_text (CwConfusionView *self, int true_class)
{
  g_return_val_if_fail (CW_IS_CONFUSION_VIEW (self), NULL);
  g_return_val_if_fail (true_class >= 0 && true_class < self->k, NULL);
  return percent_text (count_at (self, true_class, true_class), self->row_totals[true_class]);
}

char *
cw_confusion_view_get_precision_text (CwConfusionView *self, int predicted_class)
{
  g_return_val_if_fail (CW_IS_CONFUSION_VIEW (self), NULL);
  g_return_val_if_fail (predicted_class >= 0 && predicted_class < self->k, NULL);
  return percent_text (count_at (self, predicted_class, predicted_class), self->col_totals[predicted_class]);
}

char *
cw_confusion_view_get_summary (CwConfusionView *self)
{
  g_return_val_if_fail (CW_IS_CONFUSION_VIEW (self), NULL);
  GString *s = g_string_new (NULL);
  g_autofree char *title = cw_confusion_view_get_title (self);
  g_string_append_printf (s, "%s\ntrue \\ predicted", title);
  for (int p = 0; p < self->k; p++)
    g_string_append_printf (s, "\t%s", self->names[p]);
  g_string_append (s, "\trecall\n");
  for (int t = 0; t < self->k; t++)
    {
      g_string_append (s, self->names[t]);
      for (int p = 0; p < self->k; p++)
        g_string_append_printf (s, "\t%ld", count_at (self, t, p));
      g_autofree char *recall = cw_confusion_view_get_recall_text (self, t);
      g_string_append_printf (s, "\t%s\n", recall);
    }
  g_string_append (s, "precision");
  for (int p = 0; p < self->k; p++)
    {
      g_autofree char *precision = cw_confusion_view_get_precision_text (self, p);
      g_string_append_printf (s, "\t%s", precision);
    }
  g_string_append_c (s, '\n');
  return g_string_free (s, FALSE);
}

/* ---- layout ---------------------------------------------------------------------------------- */

typedef struct
{
  double title_x, title_y;
  double grid_x, grid_y, cell;  /* the k x k grid */
  double row_label_width;       /* right-aligned names end GAP left of the grid */
  double column_band;           /* height of the class names above the grid */
  gboolean rotate_columns;      /* names too long for a cell stand vertically */
  double axis_height;           /* height of a line of axis-title text */
  double margin_width;          /* the recall column right of the grid */
  double margin_height;         /* the precision row under it */
  double precision_scale;       /* text size and decimals of the precision row: smaller in narrow cells */
  int precision_decimals;
  gboolean precision_staggered; /* still too wide: alternate columns on two lines */
  double precision_label_right; /* where the bold "Precision" ends: GAP left of the first number */
  double precision_label_y;     /* its top: level with the first number, or on its own line under them */
} ConfusionLayout;

static double
widest_name (CwConfusionView *self, cairo_t *cr)
{
  double widest = 0;
  for (int i = 0; i < self->k; i++)
    {
      double w;
      cw_chart_text_size (cr, self->names[i], CW_CHART_TEXT_NORMAL, CW_CHART_TEXT_PLAIN, &w, NULL);
      widest = MAX (widest, w);
    }
  return MIN (widest, MAX_LABEL_WIDTH);
}

static ConfusionLayout
compute_layout (CwConfusionView *self, cairo_t *cr, double width, double height)
{
  ConfusionLayout l = { 0 };
  int k = MAX (self->k, 1);
  double title_h, text_h, recall_w, percent_w;
  cw_chart_text_size (cr, "Accuracy", CW_CHART_TEXT_TITLE, CW_CHART_TEXT_BOLD, NULL, &title_h);
  cw_chart_text_size (cr, "Ag", CW_CHART_TEXT_NORMAL, CW_CHART_TEXT_PLAIN, NULL, &text_h);
  cw_chart_text_size (cr, "Recall", CW_CHART_TEXT_NORMAL, CW_CHART_TEXT_BOLD, &recall_w, NULL);
  cw_chart_text_size (cr, "100.0 %", CW_CHART_TEXT_NORMAL, CW_CHART_TEXT_TABULAR, &percent_w, NULL);
  l.axis_height = text_h;
  l.row_label_width = widest_name (self, cr);
  l.margin_width = GAP + MAX (recall_w, percent_w) + 4;
  l.margin_height = GAP + text_h;

  double top = PAD + title_h + 8;
  double left_block = l.axis_height + GAP + l.row_label_width + GAP; /* "True class", names */
  double avail_w = width - 2 * PAD - left_block - l.margin_width;
  double fixed_h = top + l.axis_height + 4 + l.margin_height + PAD;

  /* Names across the top when they fit a cell, standing on end otherwise. */
  double name_w = widest_name (self, cr);
  l.column_band = text_h + GAP;
  double cell = MIN (avail_w / k, (height - fixed_h - l.column_band) / k);
  if (name_w > cell - 6)
    {
      l.rotate_columns = TRUE;
      l.column_band = name_w + GAP;
      cell = MIN (avail_w / k, (height - fixed_h - l.column_band) / k);
    }
  l.cell = CLAMP (floor (cell), MIN_CELL, MAX_CELL);

  /* The precision row must not run its numbers together: smaller, then without decimals, then staggered
   * on two lines (each number gets two cells' width), then both. */
  static const struct { double scale; int decimals; gboolean staggered; } styles[] = {
    { CW_CHART_TEXT_NORMAL, 1, FALSE }, { CW_CHART_TEXT_SMALL, 1, FALSE }, { CW_CHART_TEXT_SMALL, 0, FALSE },
    { CW_CHART_TEXT_SMALL, 1, TRUE }, { CW_CHART_TEXT_SMALL, 0, TRUE },
  };
  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    {
      l.precision_scale = styles[i].scale;
      l.precision_decimals = styles[i].decimals;
      l.precision_staggered = styles[i].staggered;
      double room = (styles[i].staggered ? 2 : 1) * l.cell - 4;
      gboolean fits = TRUE;
      for (int p = 0; p < self->k && fits; p++)
        {
          g_autofree char *text = percent_text_with (count_at (self, p, p), self->col_totals[p],
                                                     l.precision_decimals);
          double w;
          cw_chart_text_size (cr, text, l.precision_scale, CW_CHART_TEXT_TABULAR, &w, NULL);
          fits = w <= room;
        }
      if (fits)
        break;
    }
  if (l.precision_staggered)
    {
      double small_h;
      cw_chart_text_size (cr, "0", CW_CHART_TEXT_SMALL, CW_CHART_TEXT_TABULAR, NULL, &small_h);
      l.margin_height += small_h;
      l.cell = MIN (l.cell, MAX (MIN_CELL, floor ((height - fixed_h - small_h - l.column_band) / k)));
    }

  /* Centre the whole block (labels, grid, margins) in the widget. */
  double block_w = left_block + k * l.cell + l.margin_width;
  double x = MAX (PAD, floor ((width - block_w) / 2));

  /* A number wider than its cell spills left of the grid, into the label's place: the label moves left
   * of it, or, without room for that, to its own line under the numbers. */
  double label_w, first_w = 0, line_h;
  cw_chart_text_size (cr, "Precision", CW_CHART_TEXT_NORMAL, CW_CHART_TEXT_BOLD, &label_w, NULL);
  cw_chart_text_size (cr, "0", l.precision_scale, CW_CHART_TEXT_TABULAR, NULL, &line_h);
  if (self->k > 0)
    {
      g_autofree char *first = percent_text_with (count_at (self, 0, 0), self->col_totals[0],
                                                  l.precision_decimals);
      cw_chart_text_size (cr, first, l.precision_scale, CW_CHART_TEXT_TABULAR, &first_w, NULL);
    }
  double first_left = x + left_block + (l.cell - first_w) / 2;
  l.precision_label_right = floor (MIN (x + left_block - GAP, first_left - GAP));
  l.precision_label_y = GAP;
  if (l.precision_label_right - label_w < PAD / 2)
    {
      double own_line = (l.precision_staggered ? 2 : 1) * line_h;
      l.margin_height += own_line;
      l.cell = MIN (l.cell, MAX (MIN_CELL, floor ((height - fixed_h - own_line - l.column_band) / k)));
      block_w = left_block + k * l.cell + l.margin_width;
      x = MAX (PAD, floor ((width - block_w) / 2));
      /* Alone on its line it may reach under the grid, but not out of the widget. */
      l.precision_label_right = MAX (x + left_block - GAP, PAD + label_w);
      l.precision_label_y = GAP + own_line;
    }

  double block_h = l.axis_height + 4 + l.column_band + k * l.cell + l.margin_height;
  double y = MAX (top, floor (top + (height - PAD - top - block_h) / 2));
  l.title_x = x;
  l.title_y = PAD;
  l.grid_x = x + left_block;
  l.grid_y = y + l.axis_height + 4 + l.column_band;
  return l;
}

static ConfusionLayout
current_layout (CwConfusionView *self)
{
  cairo_t *cr = cw_chart_scratch_context ();
  ConfusionLayout l = compute_layout (self, cr, gtk_widget_get_width (GTK_WIDGET (self)),
                                      gtk_widget_get_height (GTK_WIDGET (self)));
  cairo_destroy (cr);
  return l;
}

CwPlotRect
cw_confusion_view_get_grid_rect (CwConfusionView *self)
{
  g_return_val_if_fail (CW_IS_CONFUSION_VIEW (self), (CwPlotRect) { 0 });
  ConfusionLayout l = current_layout (self);
  return (CwPlotRect) { l.grid_x, l.grid_y, self->k * l.cell, self->k * l.cell };
}

gboolean
cw_confusion_view_cell_at (CwConfusionView *self, double x, double y, int *true_class, int *predicted_class)
{
  g_return_val_if_fail (CW_IS_CONFUSION_VIEW (self), FALSE);
  ConfusionLayout l = current_layout (self);
  int p = (int) floor ((x - l.grid_x) / l.cell), t = (int) floor ((y - l.grid_y) / l.cell);
  gboolean inside = self->k > 0 && x >= l.grid_x && y >= l.grid_y && p < self->k && t < self->k;
  if (true_class != NULL)
    *true_class = inside ? t : -1;
  if (predicted_class != NULL)
    *predicted_class = inside ? p : -1;
  return inside;
}

/* ---- drawing --------------------------------------------------------------------------------- */

/* A class name, ellipsized past MAX_LABEL_WIDTH, anchored like cw_chart_text_draw. */
static void
draw_name (cairo_t *cr, const char *name, double x, double y, double xalign, double yalign, double angle,
           const GdkRGBA *color)
{
  g_autoptr (PangoLayout) layout = cw_chart_text_layout (cr, name, CW_CHART_TEXT_NORMAL, CW_CHART_TEXT_PLAIN);
  pango_layout_set_width (layout, (int) (MAX_LABEL_WIDTH * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  int w, h;
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_save (cr);
  cairo_translate (cr, round (x), round (y));
  cairo_rotate (cr, angle);
  cairo_move_to (cr, round (-xalign * w), round (-yalign * h));
  gdk_cairo_set_source_rgba (cr, color);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

static void
mix (const GdkRGBA *under, const GdkRGBA *over, double alpha, GdkRGBA *out)
{
  out->red = under->red + (over->red - under->red) * alpha;
  out->green = under->green + (over->green - under->green) * alpha;
  out->blue = under->blue + (over->blue - under->blue) * alpha;
  out->alpha = 1;
}

static void
draw_cell (CwConfusionView *self, cairo_t *cr, const CwPlotColors *colors, const ConfusionLayout *l, int t,
           int p)
{
  long count = count_at (self, t, p);
  long row_total = self->row_totals[t];
  double fraction = row_total > 0 ? (double) count / row_total : 0;
  GdkRGBA fill;
  /* Any count shows a tint, so rare confusions stand out from empty cells at a glance. */
  double alpha = count > 0 ? MIN_SHADE + (MAX_SHADE - MIN_SHADE) * fraction : 0;
  mix (&colors->background, &colors->accent, alpha, &fill);
  double x = l->grid_x + p * l->cell, y = l->grid_y + t * l->cell;
  cairo_rectangle (cr, x + CELL_GAP / 2, y + CELL_GAP / 2, l->cell - CELL_GAP, l->cell - CELL_GAP);
  gdk_cairo_set_source_rgba (cr, &fill);
  cairo_fill (cr);

  /* Dark text on light shades, light text on dark ones, whatever the theme. */
  static const GdkRGBA dark_text = { 0.12, 0.12, 0.12, 1 }, light_text = { 0.96, 0.96, 0.96, 1 };
  const GdkRGBA *ink = cw_chart_luminance (&fill) > 0.3 ? &dark_text : &light_text;
  GdkRGBA faint = *ink;
  faint.alpha = 0.45;

  char text[32];
  g_snprintf (text, sizeof text, "%ld", count);
  CwChartTextFlags flags = CW_CHART_TEXT_TABULAR | (t == p ? CW_CHART_TEXT_BOLD : 0);
  double tw, th;
  cw_chart_text_size (cr, text, CW_CHART_TEXT_NORMAL, flags, &tw, &th);
  if (tw > l->cell - 2)
    return;
  double cx = x + l->cell / 2, cy = y + l->cell / 2;
  if (l->cell >= 44 && row_total > 0 && count > 0)
    {
      /* The row share under the count: the number the shading encodes. */
      char share[16];
      g_snprintf (share, sizeof share, "%.0f %%", 100 * fraction);
      cw_chart_text_draw (cr, text, cx, cy - 1, 0.5, 0.9, 0, ink, CW_CHART_TEXT_NORMAL, flags);
      GdkRGBA soft = *ink;
      soft.alpha = 0.75;
      cw_chart_text_draw (cr, share, cx, cy + 1, 0.5, 0.0, 0, &soft, CW_CHART_TEXT_SMALL,
                          CW_CHART_TEXT_TABULAR);
    }
  else
    cw_chart_text_draw (cr, text, cx, cy, 0.5, 0.5, 0, count > 0 ? ink : &faint, CW_CHART_TEXT_NORMAL, flags);
}

static void
draw_margins (CwConfusionView *self, cairo_t *cr, const CwPlotColors *colors, const ConfusionLayout *l)
{
  double grid_right = l->grid_x + self->k * l->cell, grid_bottom = l->grid_y + self->k * l->cell;
  GdkRGBA muted = colors->foreground;
  muted.alpha *= 0.78f;

  cw_chart_text_draw (cr, "Recall", grid_right + GAP, l->grid_y - GAP, 0, 1, 0, &colors->foreground,
                      CW_CHART_TEXT_NORMAL, CW_CHART_TEXT_BOLD);
  for (int t = 0; t < self->k; t++)
    {
      g_autofree char *recall = cw_confusion_view_get_recall_text (self, t);
      cw_chart_text_draw (cr, recall, grid_right + GAP, l->grid_y + (t + 0.5) * l->cell, 0, 0.5, 0, &muted,
                          CW_CHART_TEXT_NORMAL, CW_CHART_TEXT_TABULAR);
    }
  cw_chart_text_draw (cr, "Precision", l->precision_label_right, grid_bottom + l->precision_label_y, 1, 0, 0,
                      &colors->foreground, CW_CHART_TEXT_NORMAL, CW_CHART_TEXT_BOLD);
  double line_h;
  cw_chart_text_size (cr, "0", l->precision_scale, CW_CHART_TEXT_TABULAR, NULL, &line_h);
  for (int p = 0; p < self->k; p++)
    {
      g_autofree char *precision = percent_text_with (count_at (self, p, p), self->col_totals[p],
                                                      l->precision_decimals);
      double y = grid_bottom + GAP + (l->precision_staggered && p % 2 == 1 ? line_h : 0);
      cw_chart_text_draw (cr, precision, l->grid_x + (p + 0.5) * l->cell, y, 0.5, 0, 0, &muted,
                          l->precision_scale, CW_CHART_TEXT_TABULAR);
    }
}

static void
draw_names (CwConfusionView *self, cairo_t *cr, const CwPlotColors *colors, const ConfusionLayout *l)
{
  double grid_size = self->k * l->cell;
  for (int i = 0; i < self->k; i++)
    {
      draw_name (cr, self->names[i], l->grid_x - GAP, l->grid_y + (i + 0.5) * l->cell, 1, 0.5, 0,
                 &colors->foreground);
      double cx = l->grid_x + (i + 0.5) * l->cell;
      if (l->rotate_columns)
        draw_name (cr, self->names[i], cx, l->grid_y - GAP, 0, 0.5, -G_PI / 2, &colors->foreground);
      else
        draw_name (cr, self->names[i], cx, l->grid_y - GAP, 0.5, 1, 0, &colors->foreground);
    }

  GdkRGBA muted = colors->foreground;
  muted.alpha *= 0.78f;
  cw_chart_text_draw (cr, "Predicted class", l->grid_x + grid_size / 2, l->grid_y - l->column_band - 4,
                      0.5, 1, 0, &muted, CW_CHART_TEXT_NORMAL, CW_CHART_TEXT_PLAIN);
  double true_x = l->grid_x - GAP - l->row_label_width - GAP - l->axis_height / 2;
  cw_chart_text_draw (cr, "True class", true_x, l->grid_y + grid_size / 2, 0.5, 0.5, -G_PI / 2, &muted,
                      CW_CHART_TEXT_NORMAL, CW_CHART_TEXT_PLAIN);
}

static void
cw_confusion_view_draw (CwDrawable *drawable, cairo_t *cr, int width, int height)
{
  CwConfusionView *self = CW_CONFUSION_VIEW (drawable);
  CwPlotColors colors;
  cw_plot_colors_for_widget (GTK_WIDGET (self), &colors);
  gdk_cairo_set_source_rgba (cr, &colors.background);
  cairo_paint (cr);

  if (self->k == 0)
    {
      cw_chart_text_draw (cr, "No classification results yet", width / 2.0, height / 2.0, 0.5, 0.5, 0,
                          &colors.axis, CW_CHART_TEXT_NORMAL, CW_CHART_TEXT_PLAIN);
      return;
    }

  ConfusionLayout l = compute_layout (self, cr, width, height);
  g_autofree char *title = cw_confusion_view_get_title (self);
  cw_chart_text_draw (cr, title, l.title_x, l.title_y, 0, 0, 0, &colors.foreground, CW_CHART_TEXT_TITLE,
                      CW_CHART_TEXT_BOLD);

  for (int t = 0; t < self->k; t++)
    for (int p = 0; p < self->k; p++)
      draw_cell (self, cr, &colors, &l, t, p);
  draw_names (self, cr, &colors, &l);
  draw_margins (self, cr, &colors, &l);

  if (self->selected_true >= 0)
    {
      double x = l.grid_x + self->selected_pred * l.cell, y = l.grid_y + self->selected_true * l.cell;
      cairo_rectangle (cr, round (x) + 1, round (y) + 1, round (l.cell) - 2, round (l.cell) - 2);
      gdk_cairo_set_source_rgba (cr, &colors.background);
      cairo_set_line_width (cr, 4);
      cairo_stroke_preserve (cr);
      gdk_cairo_set_source_rgba (cr, &colors.foreground);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
    }
}

/* The counts: a header of the predicted classes, then one line per true class. */
static char *
cw_confusion_view_dup_csv (CwDrawable *drawable)
{
  CwConfusionView *self = CW_CONFUSION_VIEW (drawable);
  GString *csv = g_string_new (NULL);
  cw_drawable_csv_text (csv, "true \\ predicted", TRUE);
  for (int p = 0; p < self->k; p++)
    cw_drawable_csv_text (csv, self->names[p], FALSE);
  g_string_append_c (csv, '\n');
  for (int t = 0; t < self->k; t++)
    {
      cw_drawable_csv_text (csv, self->names[t], TRUE);
      for (int p = 0; p < self->k; p++)
        g_string_append_printf (csv, ",%ld", count_at (self, t, p));
      g_string_append_c (csv, '\n');
    }
  return g_string_free (csv, FALSE);
}

static void
cw_confusion_view_drawable_init (CwDrawableInterface *iface)
{
  iface->draw = cw_confusion_view_draw;
  iface->dup_csv = cw_confusion_view_dup_csv;
  iface->default_title = "Confusion matrix";
}

/* ---- input ----------------------------------------------------------------------------------- */

static void
on_pressed (GtkGestureClick *gesture, int n_press, double x, double y, CwConfusionView *self)
{
  int t, p;
  if (!cw_confusion_view_cell_at (self, x, y, &t, &p))
    return;
  cw_confusion_view_set_selected_cell (self, t, p);
  g_signal_emit (self, signals[SIGNAL_CELL_ACTIVATED], 0, t, p);
}

static gboolean
cw_confusion_view_query_tooltip (GtkWidget *widget, int x, int y, gboolean keyboard_mode, GtkTooltip *tooltip)
{
  CwConfusionView *self = CW_CONFUSION_VIEW (widget);
  int t, p;
  if (!cw_confusion_view_cell_at (self, x, y, &t, &p))
    return FALSE;
  long count = count_at (self, t, p);
  g_autofree char *share = percent_text (count, self->row_totals[t]);
  g_autofree char *text = g_strdup_printf ("True %s, predicted %s: %ld of %ld (%s)", self->names[t],
                                           self->names[p], count, self->row_totals[t], share);
  gtk_tooltip_set_text (tooltip, text);
  ConfusionLayout l = current_layout (self);
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { (int) (l.grid_x + p * l.cell),
                                                       (int) (l.grid_y + t * l.cell), (int) l.cell,
                                                       (int) l.cell });
  return TRUE;
}

/* ---- GtkWidget ------------------------------------------------------------------------------- */

static void
cw_confusion_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  cw_drawable_snapshot (CW_DRAWABLE (widget), snapshot);
}

static void
cw_confusion_view_measure (GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum,
                           int *natural, int *minimum_baseline, int *natural_baseline)
{
  CwConfusionView *self = CW_CONFUSION_VIEW (widget);
  /* Room for cells of about 56 px plus the labels and margins around them. */
  int k = MAX (self->k, 2);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = MIN (220 + 56 * k, 900);
    }
  else
    {
      *minimum = 200;
      *natural = MIN (160 + 56 * k, 800);
    }
}

static void
clear_data (CwConfusionView *self)
{
  g_clear_pointer (&self->counts, g_free);
  g_clear_pointer (&self->names, g_strfreev);
  g_clear_pointer (&self->row_totals, g_free);
  g_clear_pointer (&self->col_totals, g_free);
  self->k = 0;
  self->total = self->correct = 0;
}

static void
cw_confusion_view_finalize (GObject *object)
{
  clear_data (CW_CONFUSION_VIEW (object));
  G_OBJECT_CLASS (cw_confusion_view_parent_class)->finalize (object);
}

static void
cw_confusion_view_class_init (CwConfusionViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = cw_confusion_view_finalize;
  widget_class->snapshot = cw_confusion_view_snapshot;
  widget_class->measure = cw_confusion_view_measure;
  widget_class->query_tooltip = cw_confusion_view_query_tooltip;

  signals[SIGNAL_CELL_ACTIVATED] = g_signal_new ("cell-activated", G_TYPE_FROM_CLASS (klass),
                                                 G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                                 2, G_TYPE_INT, G_TYPE_INT);
  gtk_widget_class_set_css_name (widget_class, "confusionview");
}

static void
cw_confusion_view_init (CwConfusionView *self)
{
  self->selected_true = self->selected_pred = -1;
  cw_drawable_menu_attach (CW_DRAWABLE (self));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);

  GtkGesture *click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

/* ---- public API ------------------------------------------------------------------------------ */

GtkWidget *
cw_confusion_view_new (void)
{
  return g_object_new (CW_TYPE_CONFUSION_VIEW, NULL);
}

void
cw_confusion_view_set_data (CwConfusionView *self, const long *counts, int k, const char *const *names)
{
  g_return_if_fail (CW_IS_CONFUSION_VIEW (self));
  g_return_if_fail (k >= 0);
  g_return_if_fail (k == 0 || counts != NULL);

  gboolean size_changed = k != self->k;
  clear_data (self);
  if (size_changed)
    self->selected_true = self->selected_pred = -1;
  if (k > 0)
    {
      self->k = k;
      self->counts = g_memdup2 (counts, (gsize) k * k * sizeof (long));
      self->names = g_new0 (char *, k + 1);
      for (int i = 0; i < k; i++)
        self->names[i] = names != NULL && names[i] != NULL ? g_strdup (names[i]) : g_strdup_printf ("%d", i);
      self->row_totals = g_new0 (long, k);
      self->col_totals = g_new0 (long, k);
      for (int t = 0; t < k; t++)
        for (int p = 0; p < k; p++)
          {
            long c = count_at (self, t, p);
            self->row_totals[t] += c;
            self->col_totals[p] += c;
            self->total += c;
            if (t == p)
              self->correct += c;
          }
    }
  if (size_changed)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

int
cw_confusion_view_get_n_classes (CwConfusionView *self)
{
  g_return_val_if_fail (CW_IS_CONFUSION_VIEW (self), 0);
  return self->k;
}

void
cw_confusion_view_set_selected_cell (CwConfusionView *self, int true_class, int predicted_class)
{
  g_return_if_fail (CW_IS_CONFUSION_VIEW (self));
  if (true_class < 0 || predicted_class < 0 || true_class >= self->k || predicted_class >= self->k)
    true_class = predicted_class = -1;
  if (true_class == self->selected_true && predicted_class == self->selected_pred)
    return;
  self->selected_true = true_class;
  self->selected_pred = predicted_class;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
cw_confusion_view_get_selected_cell (CwConfusionView *self, int *true_class, int *predicted_class)
{
  g_return_val_if_fail (CW_IS_CONFUSION_VIEW (self), FALSE);
  if (true_class != NULL)
    *true_class = self->selected_true;
  if (predicted_class != NULL)
    *predicted_class = self->selected_pred;
  return self->selected_true >= 0;
}
