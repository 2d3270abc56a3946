/* cw-heatmap.h — a rows x columns matrix as coloured cells (one row per filter, columns along the signal
 * axis), aligned with a CwSignalPlot's x range. Hover shows row, x and value; clicking selects a row. */
#pragma once

#include <gtk/gtk.h>

#include "cw-plot-style.h"

G_BEGIN_DECLS

#define CW_TYPE_HEATMAP (cw_heatmap_get_type ())
G_DECLARE_FINAL_TYPE (CwHeatmap, cw_heatmap, CW, HEATMAP, GtkWidget)

GtkWidget *cw_heatmap_new (void);

/* values: rows x cols, row-major (copied). The columns span x in [x0, x1] (cell centres evenly spaced), so
 * a layer's output lines up with the input signal's axis. Colour scale: viridis from min to max, or the
 * diverging map symmetric around 0 when the data has both signs and `diverging` is set. */
void cw_heatmap_set_data (CwHeatmap *self, const float *values, int rows, int cols, double x0, double x1);
void cw_heatmap_set_diverging (CwHeatmap *self, gboolean diverging);
void cw_heatmap_set_title (CwHeatmap *self, const char *title);      /* e.g. "conv(8,k=9) · 8 × 393" */
void cw_heatmap_set_row_name (CwHeatmap *self, const char *row_name); /* hover text, e.g. "filter" */
/* Visible x range in data units (follow the signal plot). */
void cw_heatmap_set_x_range (CwHeatmap *self, double lo, double hi);
/* Left margin in pixels, so columns align with a signal plot's data rectangle (<0 = automatic). */
void cw_heatmap_set_left_margin (CwHeatmap *self, double margin);
void cw_heatmap_set_selected_row (CwHeatmap *self, int row); /* -1 = none */
int cw_heatmap_get_selected_row (CwHeatmap *self);
int cw_heatmap_get_rows (CwHeatmap *self);
int cw_heatmap_get_cols (CwHeatmap *self);

/* Right margin in pixels (<0 = automatic), the other half of lining up with a signal plot. */
void cw_heatmap_set_right_margin (CwHeatmap *self, double margin);
/* The margins the heatmap picks by itself at its current height: left for the row numbers, right for the
 * colour bar. A view stacking plots can take the largest of each over all of them and impose it on all. */
void cw_heatmap_get_natural_margins (CwHeatmap *self, double *left, double *right);
/* Unit written after x in the hover read-out, e.g. "nm" (NULL = none). */
void cw_heatmap_set_x_unit (CwHeatmap *self, const char *unit);
/* Tick labels along x under the cells (off by default: stacked under a signal plot, its axis serves). */
void cw_heatmap_set_show_x_axis (CwHeatmap *self, gboolean show);
/* The colour scale's limits: min..max, or -m..m in diverging mode. FALSE when there is no data. */
gboolean cw_heatmap_get_value_range (CwHeatmap *self, double *lo, double *hi);

/* Layout queries in widget coordinates at the current size (for hit tests and tests). Row and column
 * labels shown to the user count from 1 (row 0 is "filter 1"); these return 0-based indices, -1 outside. */
CwPlotRect cw_heatmap_get_data_rect (CwHeatmap *self);
int cw_heatmap_row_at (CwHeatmap *self, double y);
int cw_heatmap_column_at (CwHeatmap *self, double x);
/* The hover read-out for a point, e.g. "filter 3 · x = 1024 nm · 0.731"; NULL outside the cells. */
char *cw_heatmap_describe_at (CwHeatmap *self, double x, double y);

/* Signals:
 *   "row-activated" (int row)        a click on a row
 */

G_END_DECLS
