/* cw-metrics-table.h — the Training page's numbers: the task's metrics for validation and training
 * (regression: RMSE, MAE, R²; classification: accuracy) and, for classification, each class's precision
 * and recall. Rows are built once per task / class count; updates only change label texts. */
#pragma once

#include <gtk/gtk.h>

#include "cw.h"

G_BEGIN_DECLS

#define CW_TYPE_METRICS_TABLE (cw_metrics_table_get_type ())
G_DECLARE_FINAL_TYPE (CwMetricsTable, cw_metrics_table, CW, METRICS_TABLE, GtkWidget)

GtkWidget *cw_metrics_table_new (void);
/* val: validation metrics (NULL or n = 0: none yet); train_metric: the history's per-epoch training metric
 * (RMSE for regression, accuracy otherwise; NaN = unknown); class_names: val->n_classes names (NULL =
 * "class 0", ...). */
void cw_metrics_table_set (CwMetricsTable *self, cw_task task, const cw_metrics *val, double train_metric,
                           const char *const *class_names);
/* The text shown at (row, column) of the metrics grid (row 0 = headers, column 0 = names), or NULL. */
const char *cw_metrics_table_get_text (CwMetricsTable *self, int row, int column);

G_END_DECLS
