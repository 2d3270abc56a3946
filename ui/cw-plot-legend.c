/* cw-plot-legend.c — legend placement and panel shared by the parity and scatter plots. */
#include "cw-plot-legend.h"

void
cw_plot_legend_corner_origin (const CwPlotRect *rect, CwPlotCorner corner, double inset, double box_width,
                              double box_height, double *x, double *y)
{
  gboolean right = corner == CW_PLOT_CORNER_TOP_RIGHT || corner == CW_PLOT_CORNER_BOTTOM_RIGHT;
  gboolean bottom = corner == CW_PLOT_CORNER_BOTTOM_LEFT || corner == CW_PLOT_CORNER_BOTTOM_RIGHT;
  *x = right ? rect->x + rect->width - inset - box_width : rect->x + inset;
  *y = bottom ? rect->y + rect->height - inset - box_height : rect->y + inset;
}

int
cw_plot_legend_count_covered (double x, double y, double box_width, double box_height, const double *points,
                              int n, double radius)
{
  int count = 0;
  for (int i = 0; i < n; i++)
    {
      double px = points[2 * i], py = points[2 * i + 1];
      count += px >= x - radius && px <= x + box_width + radius && py >= y - radius
               && py <= y + box_height + radius;
    }
  return count;
}

void
cw_plot_legend_draw_panel (cairo_t *cr, double x, double y, double width, double height,
                           const CwPlotColors *colors, double fill_alpha)
{
  cairo_rectangle (cr, round (x) + 0.5, round (y) + 0.5, round (width), round (height));
  cw_plot_set_color (cr, &colors->background, fill_alpha);
  cairo_fill_preserve (cr);
  cw_plot_set_color (cr, &colors->grid, 1.0);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
}
