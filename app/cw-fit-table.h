/* cw-fit-table.h — the Training page's account of a fit: one row per candidate recipe (its validation
 * score — RMSECV, validation RMSE or accuracy —, the epochs it would train, the seconds it took, and which
 * was chosen, or why it was skipped), and the sentence saying which epoch's weights the model kept and
 * why. Fed a CwFitSummary; hidden parts for a single candidate without validation. */
#pragma once

#include <gtk/gtk.h>

#include "cw-fit-summary.h"

G_BEGIN_DECLS

#define CW_TYPE_FIT_TABLE (cw_fit_table_get_type ())
G_DECLARE_FINAL_TYPE (CwFitTable, cw_fit_table, CW, FIT_TABLE, GtkWidget)

GtkWidget *cw_fit_table_new (void);
/* NULL clears it. */
void cw_fit_table_set_summary (CwFitTable *self, const CwFitSummary *summary);
/* The text at (row, column) of the candidates grid (row 0 = headers: Recipe, score, Epochs, Seconds, the
 * chosen mark), or NULL; and the kept-weights sentence. */
const char *cw_fit_table_get_text (CwFitTable *self, int row, int column);
const char *cw_fit_table_get_kept (CwFitTable *self);

G_END_DECLS
