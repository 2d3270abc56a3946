/* cw-parity-plot.h — predicted vs true scatter with the identity line (regression), several series on shared
 * axes (CNN and PLS). Clicking a point emits its sample id; the selected sample is ringed in every series. */
#pragma once

#include <gtk/gtk.h>

#include "cw-plot-style.h"

G_BEGIN_DECLS

#define CW_TYPE_PARITY_PLOT (cw_parity_plot_get_type ())
G_DECLARE_FINAL_TYPE (CwParityPlot, cw_parity_plot, CW, PARITY_PLOT, GtkWidget)

GtkWidget *cw_parity_plot_new (void);
void cw_parity_plot_clear (CwParityPlot *self);
/* n points (copied); ids are sample ids reported on click (NULL = 0..n-1). Returns the series index. */
int cw_parity_plot_add_series (CwParityPlot *self, const char *label, const GdkRGBA *color,
                               const float *truth, const float *pred, const int *ids, int n);
void cw_parity_plot_set_axis_label (CwParityPlot *self, const char *label); /* e.g. "octane" */
void cw_parity_plot_set_selected (CwParityPlot *self, int id); /* -1 = none */
/* Residual mode: y shows pred - truth instead of pred. */
void cw_parity_plot_set_residuals (CwParityPlot *self, gboolean residuals);

int cw_parity_plot_get_n_series (CwParityPlot *self);
int cw_parity_plot_get_selected (CwParityPlot *self);
/* RMSE and R² of a series' finite points (what its legend shows); n = how many; NaN when undefined. */
void cw_parity_plot_get_series_stats (CwParityPlot *self, int series, double *rmse, double *r2, int *n);
/* The legend line of a series, e.g. "CNN · RMSE 0.312 · R² 0.972" (free with g_free). */
char *cw_parity_plot_get_legend_text (CwParityPlot *self, int series);

/* Layout at the widget's current size, for hit tests and tests: the data rectangle, the axis ranges. */
CwPlotRect cw_parity_plot_get_data_rect (CwParityPlot *self);
void cw_parity_plot_get_ranges (CwParityPlot *self, double *x0, double *x1, double *y0, double *y1);
/* The id of the point nearest to (x, y) within 8 px, -1 if none; series/index say which (may be NULL). */
int cw_parity_plot_pick (CwParityPlot *self, double x, double y);
int cw_parity_plot_pick_point (CwParityPlot *self, double x, double y, int *series, int *index);

/* Signals:
 *   "point-activated" (int id)
 */

G_END_DECLS
