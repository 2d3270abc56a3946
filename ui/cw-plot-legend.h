/* cw-plot-legend.h — what the scatter-type charts (parity plot, scatter plot) share about their legend
 * box: where a corner puts it, how many points it would hide there, and the panel drawn under it. */
#pragma once

#include "cw-plot-style.h"

G_BEGIN_DECLS

typedef enum
{
  CW_PLOT_CORNER_TOP_LEFT,
  CW_PLOT_CORNER_TOP_RIGHT,
  CW_PLOT_CORNER_BOTTOM_LEFT,
  CW_PLOT_CORNER_BOTTOM_RIGHT,
} CwPlotCorner;

/* Top-left of a box_width x box_height box in `corner` of rect, `inset` in from its edges. */
void cw_plot_legend_corner_origin (const CwPlotRect *rect, CwPlotCorner corner, double inset, double box_width,
                                   double box_height, double *x, double *y);
/* How many of the points (n pairs px, py in `points`) a box at (x, y) covers, each point counted with its
 * radius so a half-hidden marker counts too. */
int cw_plot_legend_count_covered (double x, double y, double box_width, double box_height,
                                  const double *points, int n, double radius);
/* The legend's panel: background at fill_alpha with a 1 px grid-coloured rim, on whole pixels. */
void cw_plot_legend_draw_panel (cairo_t *cr, double x, double y, double width, double height,
                                const CwPlotColors *colors, double fill_alpha);

G_END_DECLS
