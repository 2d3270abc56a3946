/* cw-parity-plot.h — predicted vs true scatter with the identity line (regression), several series on shared
 * axes (CNN and PLS). Clicking a point emits its sample id; the selected sample is ringed in every series. */
#pragma once

#include <gtk/gtk.h>

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

/* Signals:
 *   "point-activated" (int id)
 */

G_END_DECLS
