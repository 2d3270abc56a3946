/* cw-preprocess-view.h — the Preprocess page: the pipeline as a list of steps (add from a menu: mean
 * centre, autoscale, SNV, MSC, Savitzky–Golay, detrend, range, PCA scores; edit parameters in place;
 * remove; move up and down) and as its one-line text (typed in, with located errors), both written to
 * the project; and a live preview: the raw signals above, the same samples after the pipeline below
 * (fitted on the training rows, computed off the main thread), coloured by the target like the Data
 * page. */
#pragma once

#include <gtk/gtk.h>

#include "cw-project.h"

G_BEGIN_DECLS

#define CW_TYPE_PREPROCESS_VIEW (cw_preprocess_view_get_type ())
G_DECLARE_FINAL_TYPE (CwPreprocessView, cw_preprocess_view, CW, PREPROCESS_VIEW, GtkWidget)

GtkWidget *cw_preprocess_view_new (CwProject *project);
/* Highlights one sample in both plots (-1 = none), adding it to the preview when it is not shown. */
void cw_preprocess_view_select_sample (CwPreprocessView *self, int row);
/* The samples previewed: rows (copied; e.g. the Data page's selection), or every sample when n_rows is
 * 0 (the first CW_PREPROCESS_VIEW_MAX_SHOWN are drawn). */
#define CW_PREPROCESS_VIEW_MAX_SHOWN 500
void cw_preprocess_view_set_samples (CwPreprocessView *self, const int *rows, int n_rows);
/* The plots, for export. */
GtkWidget *cw_preprocess_view_get_raw_plot (CwPreprocessView *self);
GtkWidget *cw_preprocess_view_get_processed_plot (CwPreprocessView *self);

/* ---- for tests ---- */
/* TRUE while a preview is being computed (or is due). */
gboolean cw_preprocess_view_get_busy (CwPreprocessView *self);
/* The processed series of the last preview: *n_rows dataset rows (in *rows), each channels x *length
 * values, one after the other. NULL before the first preview or when the pipeline does not fit the data
 * (then cw_preprocess_view_get_status says why). Transfer none. */
const float *cw_preprocess_view_get_processed (CwPreprocessView *self, const int **rows, int *n_rows,
                                               int *length);
/* The line under the plots, e.g. "60 samples · fitted on 50 training rows · 401 → 301 points". */
const char *cw_preprocess_view_get_status (CwPreprocessView *self);
/* The steps editor's rows and the text entry (for tests that drive them). */
int cw_preprocess_view_get_n_step_rows (CwPreprocessView *self);
GtkWidget *cw_preprocess_view_get_text_entry (CwPreprocessView *self);

/* Actions (group "prep"):
 *   prep.add-step (string: "center", "autoscale", "snv", "msc", "sg", "detrend", "range", "pca")
 *   prep.remove-step (int index), prep.move-step-up (int), prep.move-step-down (int)
 *   prep.apply-text
 */

G_END_DECLS
