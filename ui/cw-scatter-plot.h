/* cw-scatter-plot.h — x/y points in one or more series: per-point colours (a categorical palette, or
 * viridis by a value with a colour bar), optional lines joining a series' points in order, horizontal and
 * vertical limit lines with labels (e.g. T² and Q limits), the selected id ringed in every series, a
 * hover read-out of the point under the pointer, and "point-activated" (id) on click.
 * Plain data in through setters; knows nothing of projects or threads. */
#pragma once

#include <gtk/gtk.h>

#include "cw-plot-style.h"

G_BEGIN_DECLS

#define CW_TYPE_SCATTER_PLOT (cw_scatter_plot_get_type ())
G_DECLARE_FINAL_TYPE (CwScatterPlot, cw_scatter_plot, CW, SCATTER_PLOT, GtkWidget)

GtkWidget *cw_scatter_plot_new (void);

void cw_scatter_plot_set_title (CwScatterPlot *self, const char *title);       /* NULL = none */
void cw_scatter_plot_set_labels (CwScatterPlot *self, const char *x_label, const char *y_label);
/* How a point is named in the read-out: "<noun> <id + offset>", e.g. ("Sample", 1) shows row 0 as
 * "Sample 1"; ("Components", 0) shows id 3 as "Components 3". Default ("Point", 0). */
void cw_scatter_plot_set_id_label (CwScatterPlot *self, const char *noun, int offset);

/* Removes every series, the colour bar and the limit lines (labels, title and selection stay). */
void cw_scatter_plot_clear (CwScatterPlot *self);
/* n points (copied; non-finite ones are skipped); ids are reported on click (NULL = 0..n-1). color is
 * the series colour (NULL = the palette colour of its index); joined draws a line through the points in
 * order (e.g. an error curve per number of components). label names the series in the legend (shown
 * when any series has a label) and the read-out. Returns the series index. */
int cw_scatter_plot_add_series (CwScatterPlot *self, const char *label, const GdkRGBA *color,
                                const double *x, const double *y, const int *ids, int n, gboolean joined);
/* Draws a series' points as rings instead of discs (held-out rows beside calibration rows). */
void cw_scatter_plot_set_series_hollow (CwScatterPlot *self, int series, gboolean hollow);
/* Per-point colours of a series (n of them, copied; NULL = back to the series colour). */
void cw_scatter_plot_set_point_colors (CwScatterPlot *self, int series, const GdkRGBA *colors);
/* Colours a series' points by value through viridis over [vmin, vmax] of all valued series, and shows
 * the colour bar with label. values has the series' n entries (copied; NaN = drawn grey). NULL removes. */
void cw_scatter_plot_set_point_values (CwScatterPlot *self, int series, const double *values,
                                       const char *label);

/* A vertical line at x / a horizontal line at y, with a label along it (e.g. "T² 95 % limit"); a
 * non-finite value hides it. The axis ranges always include visible limit lines. */
void cw_scatter_plot_set_x_limit (CwScatterPlot *self, double x, const char *label);
void cw_scatter_plot_set_y_limit (CwScatterPlot *self, double y, const char *label);

/* Axis ranges: lo < hi fixes one, otherwise it follows the data (5 % padding). from_zero makes the
 * automatic range start at 0 when the data is non-negative (T², Q, errors). */
void cw_scatter_plot_set_x_range (CwScatterPlot *self, double lo, double hi);
void cw_scatter_plot_set_y_range (CwScatterPlot *self, double lo, double hi);
void cw_scatter_plot_set_from_zero (CwScatterPlot *self, gboolean x_from_zero, gboolean y_from_zero);
/* x ticks at whole numbers only (component counts, epochs). */
void cw_scatter_plot_set_x_integer (CwScatterPlot *self, gboolean integer);
/* Picking by x only: a click anywhere in the column of a point (nearest x within 24 px) picks it,
 * as for a curve over component counts. Default FALSE: nearest point within 8 px. */
void cw_scatter_plot_set_pick_by_x (CwScatterPlot *self, gboolean by_x);

void cw_scatter_plot_set_selected (CwScatterPlot *self, int id); /* -1 = none */
int cw_scatter_plot_get_selected (CwScatterPlot *self);
int cw_scatter_plot_get_n_series (CwScatterPlot *self);

/* Layout at the widget's current size: the data rectangle and the ranges shown. */
CwPlotRect cw_scatter_plot_get_data_rect (CwScatterPlot *self);
void cw_scatter_plot_get_ranges (CwScatterPlot *self, double *x0, double *x1, double *y0, double *y1);
/* Widget coordinates of a data point at the current size. */
void cw_scatter_plot_to_pixels (CwScatterPlot *self, double x, double y, double *px, double *py);
/* The id of the point at widget position (x, y) (see set_pick_by_x), -1 if none; series / index say
 * which (may be NULL). */
int cw_scatter_plot_pick (CwScatterPlot *self, double x, double y, int *series, int *index);
/* What a primary click at (x, y) does: picks, rings and emits "point-activated". Returns the id or -1. */
int cw_scatter_plot_activate_at (CwScatterPlot *self, double x, double y);
/* The read-out of a point, e.g. "Sample 12 · test\nT² 3.21 · Q 0.00412" (free with g_free). */
char *cw_scatter_plot_describe_point (CwScatterPlot *self, int series, int index);
/* The read-out currently shown for the point under the pointer (NULL when none). */
const char *cw_scatter_plot_get_hover_text (CwScatterPlot *self);

/* Signals:
 *   "point-activated" (int id)   a point was clicked (the plot rings it first)
 */

G_END_DECLS
