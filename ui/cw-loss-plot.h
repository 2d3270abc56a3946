/* cw-loss-plot.h — training and validation loss per epoch, log-scale toggle, hover read-out, best epoch mark. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CW_TYPE_LOSS_PLOT (cw_loss_plot_get_type ())
G_DECLARE_FINAL_TYPE (CwLossPlot, cw_loss_plot, CW, LOSS_PLOT, GtkWidget)

GtkWidget *cw_loss_plot_new (void);
/* n epochs of losses (copied); val may be NULL or hold NaN where there is none. best_epoch 1-based, 0 = none. */
void cw_loss_plot_set_data (CwLossPlot *self, const double *train, const double *val, int n, int best_epoch);
/* Expected total epochs: the x axis spans 1..max(total, n) so the curve grows into a fixed frame. */
void cw_loss_plot_set_total_epochs (CwLossPlot *self, int total);
void cw_loss_plot_set_log_scale (CwLossPlot *self, gboolean log_scale); /* also the "log-scale" property */
gboolean cw_loss_plot_get_log_scale (CwLossPlot *self);
void cw_loss_plot_set_y_label (CwLossPlot *self, const char *label);    /* e.g. "MSE (standardised)" */
/* The validation curve's legend entry (NULL = "Validation"), e.g. "CV mean validation". */
void cw_loss_plot_set_validation_name (CwLossPlot *self, const char *name);

/* --- Additions --- */
/* The epoch under the pointer (1-based), 0 when the pointer is away; and the data rectangle at the
 * widget's current size (for tests and for lining up). */
int cw_loss_plot_get_hover_epoch (CwLossPlot *self);
void cw_loss_plot_get_data_rect (CwLossPlot *self, double *x, double *y, double *width, double *height);

G_END_DECLS
