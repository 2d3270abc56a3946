/* cw-train-view.h — the Training page: progress (epoch, batch, samples/s, ETA), live train/validation loss
 * curves (log-scale toggle), the task's metrics (RMSE/MAE/R², or accuracy, per-class precision/recall and
 * the confusion matrix), and the parity plot of validation predictions. Fed by session snapshots. */
#pragma once

#include <gtk/gtk.h>

#include "cw-project.h"
#include "cw-training-session.h"

G_BEGIN_DECLS

#define CW_TYPE_TRAIN_VIEW (cw_train_view_get_type ())
G_DECLARE_FINAL_TYPE (CwTrainView, cw_train_view, CW, TRAIN_VIEW, GtkWidget)

GtkWidget *cw_train_view_new (CwProject *project, CwTrainingSession *session);
void cw_train_view_select_sample (CwTrainView *self, int row);
GtkWidget *cw_train_view_get_loss_plot (CwTrainView *self);
GtkWidget *cw_train_view_get_parity_plot (CwTrainView *self);
/* The progress bar (text "Epoch 12 / 200 · batch 2 / 2 · 5,230 samples/s · ETA 0:41") and the final
 * status line ("" while none): for tests and for a window that wants to mirror them. */
GtkWidget *cw_train_view_get_progress_bar (CwTrainView *self);
const char *cw_train_view_get_status (CwTrainView *self);
/* Fraction of the run done at (epoch, batch), both 1-based: (epoch - 1 + batch / batches) / epochs. */
double cw_train_view_progress_fraction (int epoch, int epochs, int batch, int batches);

/* Signals:
 *   "sample-activated" (int row)   a point of the parity plot was clicked
 */

G_END_DECLS
