/* cw-confusion-view.h — a confusion matrix (rows = true class, columns = predicted) with counts, row-normalised
 * shading, and per-class recall/precision in the margins. Clicking a cell emits its (true, predicted) pair. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CW_TYPE_CONFUSION_VIEW (cw_confusion_view_get_type ())
G_DECLARE_FINAL_TYPE (CwConfusionView, cw_confusion_view, CW, CONFUSION_VIEW, GtkWidget)

GtkWidget *cw_confusion_view_new (void);
/* counts: k x k (copied); names: k class names (copied; NULL = "0".."k-1"). k = 0 clears. */
void cw_confusion_view_set_data (CwConfusionView *self, const long *counts, int k, const char *const *names);

/* Signals:
 *   "cell-activated" (int true_class, int predicted_class)
 */

G_END_DECLS
