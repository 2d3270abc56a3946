/* cw-heatmap-draw.c — CwHeatmap's drawing: the cells as one nearest-neighbour-scaled image, the colour
 * scale (a bar beside the cells, or a small gradient in the header when the margin is imposed), the title,
 * the row numbers, the optional x axis, the hover and selection outlines. */
#include "cw-heatmap-private.h"

#include "cw-chart-text.h"

#include <math.h>

#define LUT_SIZE 256

/* ---- colour scale ---------------------------------------------------------------------------- */

static gboolean
colors_are_dark (const CwPlotColors *colors)
{
  return cw_chart_luminance (&colors->foreground) > cw_chart_luminance (&colors->background);
}

/* The colour of scale position u in [0, 1] (low to high end of the legend). */
static void
scale_color (gboolean diverging, gboolean dark, double u, GdkRGBA *color)
{
  if (diverging)
    cw_colormap_diverging (2.0 * u - 1.0, dark, color);
  else
    cw_colormap_viridis (u, color);
}

static guint32
pack_rgb (const GdkRGBA *c)
{
  guint32 r = (guint32) lround (CLAMP (c->red, 0, 1) * 255);
  guint32 g = (guint32) lround (CLAMP (c->green, 0, 1) * 255);
  guint32 b = (guint32) lround (CLAMP (c->blue, 0, 1) * 255);
  return 0xff000000u | r << 16 | g << 8 | b;
}

void
cw_heatmap_rebuild_image (CwHeatmap *self, gboolean dark)
{
  g_clear_pointer (&self->image, cairo_surface_destroy);
  if (self->rows <= 0 || self->cols <= 0)
    return;

  /* A table instead of calling the colour map per cell: 262 144 cells colour in a millisecond. */
  gboolean diverging = cw_heatmap_uses_diverging_scale (self);
  guint32 lut[LUT_SIZE];
  for (int i = 0; i < LUT_SIZE; i++)
    {
      GdkRGBA c;
      scale_color (diverging, dark, i / (double) (LUT_SIZE - 1), &c);
      lut[i] = pack_rgb (&c);
    }
  const guint32 missing = dark ? 0xff3a3a3au : 0xffd0d0d0u;

  double lo, hi;
  cw_heatmap_get_value_range (self, &lo, &hi);
  double span = hi - lo;

  self->image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, self->cols, self->rows);
  cairo_surface_flush (self->image);
  unsigned char *pixels = cairo_image_surface_get_data (self->image);
  int stride = cairo_image_surface_get_stride (self->image);
  for (int r = 0; r < self->rows; r++)
    {
      guint32 *line = (guint32 *) (void *) (pixels + (gsize) r * stride);
      const float *v = self->values + (gsize) r * self->cols;
      for (int c = 0; c < self->cols; c++)
        {
          if (!isfinite (v[c]))
            {
              line[c] = missing;
              continue;
            }
          double u = span > 0 ? (v[c] - lo) / span : 0.5;
          int k = (int) lround (CLAMP (u, 0.0, 1.0) * (LUT_SIZE - 1));
          line[c] = lut[k];
        }
    }
  cairo_surface_mark_dirty (self->image);
  self->image_dark = dark;
}

/* ---- drawing --------------------------------------------------------------------------------- */

/* Legend: "lo [gradient] hi", right-aligned at `right`; returns its left edge. */
static double
draw_legend (CwHeatmap *self, cairo_t *cr, const CwPlotColors *colors, gboolean dark, double right,
             double mid_y)
{
  double lo, hi;
  if (!cw_heatmap_get_value_range (self, &lo, &hi))
    return right;
  char lo_text[64], hi_text[64];
  cw_heatmap_format_value (lo, lo_text, sizeof lo_text);
  cw_heatmap_format_value (hi, hi_text, sizeof hi_text);
  double hi_w, lo_w;
  cw_chart_text_size (cr, hi_text, CW_CHART_TEXT_SMALL, CW_CHART_TEXT_TABULAR, &hi_w, NULL);
  cw_chart_text_size (cr, lo_text, CW_CHART_TEXT_SMALL, CW_CHART_TEXT_TABULAR, &lo_w, NULL);

  double bar_right = right - hi_w - 4;
  double bar_left = bar_right - LEGEND_BAR_WIDTH;
  cw_chart_text_draw (cr, hi_text, right, mid_y, 1.0, 0.5, 0, &colors->foreground,
                      CW_CHART_TEXT_SMALL, CW_CHART_TEXT_TABULAR);
  cw_chart_text_draw (cr, lo_text, bar_left - 4, mid_y, 1.0, 0.5, 0, &colors->foreground,
                      CW_CHART_TEXT_SMALL, CW_CHART_TEXT_TABULAR);

  gboolean diverging = cw_heatmap_uses_diverging_scale (self);
  cairo_pattern_t *gradient = cairo_pattern_create_linear (bar_left, 0, bar_right, 0);
  for (int i = 0; i <= 16; i++)
    {
      GdkRGBA c;
      scale_color (diverging, dark, i / 16.0, &c);
      cairo_pattern_add_color_stop_rgb (gradient, i / 16.0, c.red, c.green, c.blue);
    }
  double top = round (mid_y - LEGEND_BAR_HEIGHT / 2);
  cairo_rectangle (cr, bar_left, top, LEGEND_BAR_WIDTH, LEGEND_BAR_HEIGHT);
  cairo_set_source (cr, gradient);
  cairo_fill_preserve (cr);
  cairo_pattern_destroy (gradient);
  gdk_cairo_set_source_rgba (cr, &colors->axis);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  if (diverging)
    {
      /* Zero sits in the middle of a symmetric scale: mark it. */
      double zx = round (bar_left + LEGEND_BAR_WIDTH / 2) + 0.5;
      cairo_move_to (cr, zx, top - 2);
      cairo_line_to (cr, zx, top + LEGEND_BAR_HEIGHT + 2);
      cairo_stroke (cr);
    }
  return bar_left - 4 - lo_w;
}

static void
draw_title (CwHeatmap *self, cairo_t *cr, const CwPlotColors *colors, double left, double max_width,
            double mid_y)
{
  if (self->title == NULL || max_width < 20)
    return;
  g_autoptr (PangoLayout) layout = cw_chart_text_layout (cr, self->title, CW_CHART_TEXT_TITLE,
                                                         CW_CHART_TEXT_BOLD);
  pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  int h;
  pango_layout_get_pixel_size (layout, NULL, &h);
  cairo_move_to (cr, left, round (mid_y - h / 2.0));
  gdk_cairo_set_source_rgba (cr, &colors->foreground);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_cells (CwHeatmap *self, cairo_t *cr, const CwPlotRect *rect)
{
  double step = cw_heatmap_column_step (self);
  double lo, hi;
  cw_heatmap_visible_range (self, &lo, &hi);
  double column_width = step * rect->width / (hi - lo); /* negative on a descending axis: cairo flips */
  double row_height = rect->height / self->rows;

  cairo_save (cr);
  cairo_rectangle (cr, rect->x, rect->y, rect->width, rect->height);
  cairo_clip (cr);
  cairo_translate (cr, cw_heatmap_x_to_pixel (self, rect, self->x0 - step / 2), rect->y);
  cairo_scale (cr, column_width, row_height);
  cairo_set_source_surface (cr, self->image, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_paint (cr);
  cairo_restore (cr);
}

/* Filter numbers down the left margin, thinned to every 1, 2, 5, 10 … rows so they never collide. */
static void
draw_row_labels (CwHeatmap *self, cairo_t *cr, const CwPlotColors *colors, const CwPlotRect *rect)
{
  if (rect->x < 14)
    return;
  double row_height = rect->height / self->rows;
  double label_height;
  cw_chart_text_size (cr, "0", CW_CHART_TEXT_SMALL, CW_CHART_TEXT_TABULAR, NULL, &label_height);
  int every = 1;
  static const int steps[] = { 1, 2, 5 };
  for (int decade = 1, i = 0; every * row_height < label_height; i++)
    {
      if (i == G_N_ELEMENTS (steps))
        {
          i = 0;
          decade *= 10;
        }
      every = steps[i] * decade;
    }
  for (int r = 0; r < self->rows; r++)
    {
      int number = r + 1;
      /* Multiples of the step, and the first row when it stands clear of the first multiple. */
      gboolean first_fits = number == 1 && (every - 1) * row_height >= label_height;
      gboolean selected = r == self->selected_row;
      /* The selected row is always numbered; neighbours that would touch its number make way. */
      gboolean near_selected = self->selected_row >= 0 && !selected
                               && fabs ((double) (r - self->selected_row)) * row_height < label_height;
      if (!selected && ((number % every != 0 && !first_fits) || near_selected))
        continue;
      char text[16];
      g_snprintf (text, sizeof text, "%d", number);
      const GdkRGBA *color = r == self->selected_row ? &colors->accent : &colors->foreground;
      cw_chart_text_draw (cr, text, rect->x - 5, rect->y + (r + 0.5) * row_height, 1.0, 0.5, 0, color,
                          CW_CHART_TEXT_SMALL,
                          CW_CHART_TEXT_TABULAR | (r == self->selected_row ? CW_CHART_TEXT_BOLD : 0));
    }
}

static void
draw_x_axis (CwHeatmap *self, cairo_t *cr, const CwPlotColors *colors, const CwPlotRect *rect)
{
  double lo, hi;
  cw_heatmap_visible_range (self, &lo, &hi);
  int max_ticks = MAX (2, (int) (rect->width / 80));
  double ticks[64], step;
  int n = cw_nice_ticks (lo, hi, MIN (max_ticks, 60), ticks, &step);
  double bottom = rect->y + rect->height;
  cairo_set_line_width (cr, 1);
  gdk_cairo_set_source_rgba (cr, &colors->axis);
  for (int i = 0; i < n; i++)
    {
      if (ticks[i] < lo || ticks[i] > hi)
        continue;
      double px = round (cw_heatmap_x_to_pixel (self, rect, ticks[i])) + 0.5;
      cairo_move_to (cr, px, bottom);
      cairo_line_to (cr, px, bottom + 3);
    }
  cairo_stroke (cr);
  for (int i = 0; i < n; i++)
    {
      if (ticks[i] < lo || ticks[i] > hi)
        continue;
      char text[64];
      cw_format_tick (ticks[i], step, text, sizeof text);
      cw_chart_text_draw (cr, text, cw_heatmap_x_to_pixel (self, rect, ticks[i]), bottom + 4, 0.5, 0.0, 0,
                          &colors->foreground, CW_CHART_TEXT_SMALL, CW_CHART_TEXT_TABULAR);
    }
}

static void
cell_rect (CwHeatmap *self, const CwPlotRect *rect, int row, int col, double *x, double *y, double *w,
           double *h)
{
  double step = cw_heatmap_column_step (self);
  double a = cw_heatmap_x_to_pixel (self, rect, self->x0 + (col - 0.5) * step);
  double b = cw_heatmap_x_to_pixel (self, rect, self->x0 + (col + 0.5) * step);
  double row_height = rect->height / self->rows;
  *x = MIN (a, b);
  *w = fabs (b - a);
  if (*w < 3)
    {
      /* A cell narrower than a pixel still gets an outline you can see. */
      *x -= (3 - *w) / 2;
      *w = 3;
    }
  *y = rect->y + row * row_height;
  *h = row_height;
}

void
cw_heatmap_draw_chart (CwDrawable *drawable, cairo_t *cr, int width, int height)
{
  CwHeatmap *self = CW_HEATMAP (drawable);
  CwPlotColors colors;
  cw_plot_colors_for_widget (GTK_WIDGET (self), &colors);
  gboolean dark = colors_are_dark (&colors);
  HeatmapLayout layout = cw_heatmap_compute_layout (self, cr, width, height);
  CwPlotRect rect = layout.rect;

  gdk_cairo_set_source_rgba (cr, &colors.background);
  cairo_paint (cr);

  double header_mid = HEADER_HEIGHT / 2;
  double title_right = rect.x + rect.width;
  double lo, hi;
  if (layout.colorbar_beside && cw_heatmap_get_value_range (self, &lo, &hi))
    cw_plot_draw_colorbar (cr, rect.x + rect.width + COLORBAR_GAP, rect.y, COLORBAR_WIDTH, rect.height, lo,
                           hi, NULL, cw_heatmap_uses_diverging_scale (self), &colors);
  else
    title_right = draw_legend (self, cr, &colors, dark, rect.x + rect.width, header_mid) - 12;
  draw_title (self, cr, &colors, rect.x, title_right - rect.x, header_mid);

  if (self->rows <= 0 || self->cols <= 0)
    {
      cairo_rectangle (cr, rect.x + 0.5, rect.y + 0.5, rect.width - 1, rect.height - 1);
      gdk_cairo_set_source_rgba (cr, &colors.grid);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
      cw_chart_text_draw (cr, "No data", rect.x + rect.width / 2, rect.y + rect.height / 2, 0.5, 0.5, 0,
                          &colors.axis, CW_CHART_TEXT_NORMAL, CW_CHART_TEXT_PLAIN);
      return;
    }

  if (self->image == NULL || (cw_heatmap_uses_diverging_scale (self) && self->image_dark != dark))
    cw_heatmap_rebuild_image (self, dark);
  draw_cells (self, cr, &rect);

  cairo_set_line_width (cr, 1);
  gdk_cairo_set_source_rgba (cr, &colors.axis);
  cairo_rectangle (cr, rect.x - 0.5, rect.y - 0.5, rect.width + 1, rect.height + 1);
  cairo_stroke (cr);

  draw_row_labels (self, cr, &colors, &rect);
  if (self->show_x_axis)
    draw_x_axis (self, cr, &colors, &rect);

  if (self->hover_row >= 0 && self->hover_col >= 0)
    {
      double x, y, w, h;
      cell_rect (self, &rect, self->hover_row, self->hover_col, &x, &y, &w, &h);
      cairo_save (cr);
      cairo_rectangle (cr, rect.x - 1, rect.y - 1, rect.width + 2, rect.height + 2);
      cairo_clip (cr);
      cairo_rectangle (cr, x, y, w, h);
      gdk_cairo_set_source_rgba (cr, &colors.foreground);
      cairo_stroke (cr);
      cairo_restore (cr);
    }

  if (self->selected_row >= 0 && self->selected_row < self->rows)
    {
      double row_height = rect.height / self->rows;
      double y = rect.y + self->selected_row * row_height;
      /* Outside the row when rows are thin, so the outline never hides the cells it marks; a halo in the
       * background colour under a line in the foreground colour reads over every colour of the map. */
      double inset = row_height >= 24 ? 2 : -2;
      /* Whole-pixel corners and even widths keep the lines sharp. */
      double top = round (y) + inset, bottom = round (y + row_height) - inset;
      double left = round (rect.x) + inset, right = round (rect.x + rect.width) - inset;
      cairo_rectangle (cr, left, top, right - left, bottom - top);
      gdk_cairo_set_source_rgba (cr, &colors.background);
      cairo_set_line_width (cr, 4);
      cairo_stroke_preserve (cr);
      gdk_cairo_set_source_rgba (cr, &colors.foreground);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
    }
}

