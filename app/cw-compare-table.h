/* cw-compare-table.h — the Compare page's numbers: CNN and PLS side by side on the same test rows
 * (regression: RMSEP, SEP, bias, R², RPD, MAE, n; classification: accuracy, recall per class, n), then
 * what each model is (recipe, components). The better value of each metric is set in bold. */
#pragma once

#include <gtk/gtk.h>

#include "cw-compare-data.h"

G_BEGIN_DECLS

#define CW_TYPE_COMPARE_TABLE (cw_compare_table_get_type ())
G_DECLARE_FINAL_TYPE (CwCompareTable, cw_compare_table, CW, COMPARE_TABLE, GtkWidget)

enum
{
  CW_COMPARE_COLUMN_NAME,
  CW_COMPARE_COLUMN_CNN,
  CW_COMPARE_COLUMN_PLS,
};

GtkWidget *cw_compare_table_new (void);
/* cnn / pls: NULL = not available ("—"); *_model: the model line ("120 epochs", "5 components"), may be
 * NULL; class_names: n_classes names for classification (NULL = "class 0", ...). */
void cw_compare_table_set (CwCompareTable *self, cw_task task, const CwCompareMetrics *cnn,
                           const CwCompareMetrics *pls, const char *cnn_model, const char *pls_model,
                           const char *const *class_names);
/* Appends a row of text (NULL shows as "—"), e.g. the scores each model's choices were made on. */
void cw_compare_table_add_text_row (CwCompareTable *self, const char *name, const char *cnn, const char *pls);
/* The text at (row, column): row 0 = headers, column 0 = metric names; NULL outside the table. */
const char *cw_compare_table_get_text (CwCompareTable *self, int row, int column);
/* The row of a metric by its name ("RMSEP", "R²", "Accuracy", or a class name under "Recall", which is
 * shown indented), -1 when absent. */
int cw_compare_table_find_row (CwCompareTable *self, const char *name);

G_END_DECLS
