/* cw-metrics-table.h — the Training page's numbers: the task's metrics for the training rows, the
 * validation (the holdout rows, or the CV predictions of the training rows) and the test rows, scored
 * once by the final model (regression: RMSE, MAE, R²; classification: accuracy) and, for classification,
 * each class's precision and recall on validation. Rows are built once per task / class count; updates
 * only change label texts. Columns: 1 Training, 2 Validation, 3 Test (scored once). */
#pragma once

#include <gtk/gtk.h>

#include "cw.h"

G_BEGIN_DECLS

#define CW_TYPE_METRICS_TABLE (cw_metrics_table_get_type ())
G_DECLARE_FINAL_TYPE (CwMetricsTable, cw_metrics_table, CW, METRICS_TABLE, GtkWidget)

GtkWidget *cw_metrics_table_new (void);
/* While training: val: the run's validation metrics (NULL or n = 0: none yet); train_metric: the
 * history's per-epoch training metric (RMSE for regression, accuracy otherwise; NaN = unknown); no test
 * column values; class_names: val->n_classes names (NULL = "class 0", ...). */
void cw_metrics_table_set (CwMetricsTable *self, cw_task task, const cw_metrics *val, double train_metric,
                           const char *const *class_names);
/* After training: every column (NULL or n = 0: a dash); val_title names the validation column ("Holdout",
 * "Cross-validation"). */
void cw_metrics_table_set_all (CwMetricsTable *self, cw_task task, const cw_metrics *train, const cw_metrics *val,
                               const char *val_title, const cw_metrics *test, const char *const *class_names);
/* The text shown at (row, column) of the metrics grid (row 0 = headers, column 0 = names), or NULL. */
const char *cw_metrics_table_get_text (CwMetricsTable *self, int row, int column);

G_END_DECLS
