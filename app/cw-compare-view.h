/* cw-compare-view.h — the Compare page: the project's trained CNN and PLS on the same test rows (the
 * project's test rows, which neither model chose anything on). A table of test statistics (RMSEP, SEP,
 * bias, R², RPD, MAE; accuracy and recall for classes), the paired randomisation test's verdict, both
 * models' predictions on shared parity axes (or residuals; confusion matrices for classes), where each
 * model looks over the signal axis, and the drift stress test.
 *
 * Everything is computed off the main thread: PLS by the PLS job (app/cw-pls-job.h), the CNN's predictions
 * and saliency on a private copy of the trained model (app/cw-saliency-job.h), the stress test on request
 * (app/cw-drift-job.h). The page recomputes when it is shown after the data, target, rows, preprocessing,
 * PLS settings or the trained model changed. */
#pragma once

#include <gtk/gtk.h>

#include "cw-compare-data.h"
#include "cw-project.h"
#include "cw-saliency-job.h"

G_BEGIN_DECLS

#define CW_TYPE_COMPARE_VIEW (cw_compare_view_get_type ())
G_DECLARE_FINAL_TYPE (CwCompareView, cw_compare_view, CW, COMPARE_VIEW, GtkWidget)

GtkWidget *cw_compare_view_new (CwProject *project);
/* Rings the sample (a dataset row) in the parity plot; -1 = none. */
void cw_compare_view_select_sample (CwCompareView *self, int row);

/* Recomputes now, whether shown or not (showing the page does it when something changed). */
void cw_compare_view_refresh (CwCompareView *self);
/* TRUE while the PLS or the CNN job of the last refresh runs (the drift test is separate). */
gboolean cw_compare_view_is_busy (CwCompareView *self);

/* What the page shows, for tests and export (borrowed; NULL when not available). */
CwCompareInputs *cw_compare_view_get_inputs (CwCompareView *self);
CwPlsResult *cw_compare_view_get_pls_result (CwCompareView *self);
CwSaliencyResult *cw_compare_view_get_saliency_result (CwCompareView *self);
GtkWidget *cw_compare_view_get_table (CwCompareView *self);        /* CwCompareTable */
GtkWidget *cw_compare_view_get_parity_plot (CwCompareView *self);  /* CwParityPlot */
GtkWidget *cw_compare_view_get_saliency_panel (CwCompareView *self); /* CwSaliencyPanel */
GtkWidget *cw_compare_view_get_drift_panel (CwCompareView *self);  /* CwDriftPanel */
/* The status line over the page, e.g. "10 test rows · PLS 5 components · CNN 200 epochs". */
const char *cw_compare_view_get_status (CwCompareView *self);
/* The verdict under the table ("Verdict: no clear winner — … (…; paired sign-flip test, p = 0.43)"), ""
 * until both models have predicted; and the note under it: how each model made its choices, and a
 * preprocessing the CNN predates. */
const char *cw_compare_view_get_verdict (CwCompareView *self);
const char *cw_compare_view_get_note (CwCompareView *self);

/* Signals:
 *   "sample-activated" (int row)   a point of the parity plot was clicked
 */

G_END_DECLS
