/* cw-drift-panel.h — the drift stress test section of the Compare page: a button that runs the sweeps
 * (cancellable, with progress), one small plot per kind of perturbation with the error of each model
 * against the perturbation size, and a one-line verdict under each. */
#pragma once

#include <gtk/gtk.h>

#include "cw-drift-job.h"

G_BEGIN_DECLS

#define CW_TYPE_DRIFT_PANEL (cw_drift_panel_get_type ())
G_DECLARE_FINAL_TYPE (CwDriftPanel, cw_drift_panel, CW, DRIFT_PANEL, GtkWidget)

GtkWidget *cw_drift_panel_new (void);
/* The models to test (either may be NULL; inputs NULL = nothing to test). A change cancels a running
 * test and clears the plots: they described other models. */
void cw_drift_panel_set_models (CwDriftPanel *self, CwCompareInputs *inputs, CwPlsResult *pls);
/* Starts the test (what the button does); FALSE when there is nothing to test or it is already running. */
gboolean cw_drift_panel_run (CwDriftPanel *self);
void cw_drift_panel_cancel (CwDriftPanel *self);
gboolean cw_drift_panel_is_running (CwDriftPanel *self);

/* The last finished test (NULL before one), the small plot of a kind, the verdict shown under it, and the
 * status line ("" or the last error); for tests and export. */
CwDriftResult *cw_drift_panel_get_result (CwDriftPanel *self);
GtkWidget *cw_drift_panel_get_plot (CwDriftPanel *self, cw_drift_kind kind);
const char *cw_drift_panel_get_verdict (CwDriftPanel *self, cw_drift_kind kind);
const char *cw_drift_panel_get_status (CwDriftPanel *self);

/* Signals:
 *   "finished" (void)   a test ended (result, error or cancellation)
 */

G_END_DECLS
