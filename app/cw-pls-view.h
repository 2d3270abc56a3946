/* cw-pls-view.h — the PLS page: the chemometrics baseline on the project's data, target, preprocessing
 * and validation split. A grid of six plots (RMSE vs components with the chosen number marked, scores
 * coloured by the target, T² vs Q with their limits, loadings, regression coefficients, VIP), the CV
 * metrics per component, and the PLS settings. The fit runs in a CwPlsJob whenever its inputs change
 * while the page is shown (debounced; a newer change cancels the running job); the main thread never
 * computes PLS. Choosing another number of components only redraws from the result. */
#pragma once

#include <gtk/gtk.h>

#include "cw-pls-job.h"
#include "cw-project.h"

G_BEGIN_DECLS

#define CW_TYPE_PLS_VIEW (cw_pls_view_get_type ())
G_DECLARE_FINAL_TYPE (CwPlsView, cw_pls_view, CW, PLS_VIEW, GtkWidget)

GtkWidget *cw_pls_view_new (CwProject *project);
/* Rings the sample (dataset row, -1 = none) in the scores and T² / Q plots. */
void cw_pls_view_select_sample (CwPlsView *self, int row);

/* --- for the window, other pages and tests --- */
/* The result shown (borrowed; NULL before the first fit or after an error). */
CwPlsResult *cw_pls_view_get_result (CwPlsView *self);
/* The number of components the page shows (the chosen one), 0 without a result. */
int cw_pls_view_get_components (CwPlsView *self);
/* TRUE while a job runs or waits for its debounce. */
gboolean cw_pls_view_is_busy (CwPlsView *self);
/* Starts a fit now (cancelling a running one), without waiting for the debounce or the page to show. */
void cw_pls_view_refresh (CwPlsView *self);
/* The status line: a summary of the fit, "Fitting PLS…", or why there is no fit. */
const char *cw_pls_view_get_status (CwPlsView *self);
/* The plots (CwScatterPlot: errors, scores, influence = T² vs Q; CwSignalPlot: loadings, coefficients,
 * vip), and the text of the CV table at (row, column) (row 0 = headers; NULL outside). */
GtkWidget *cw_pls_view_get_plot (CwPlsView *self, const char *name);
const char *cw_pls_view_get_table_text (CwPlsView *self, int row, int column);
/* The test error per component (a curve on the error plot, a column in the table) is hidden until asked
 * for: choices are made on CV, the test rows are for the record. The check button below the table. */
void cw_pls_view_set_show_test_errors (CwPlsView *self, gboolean show);
/* How the preprocessing was chosen and the nested CV estimate, as the page shows it under the table. */
const char *cw_pls_view_get_choice_text (CwPlsView *self);

/* Signals:
 *   "sample-activated" (int row)   a sample's point was clicked (scores or T² / Q)
 *   "result-changed"               a new result is shown (or the last one was dropped)
 */

G_END_DECLS
