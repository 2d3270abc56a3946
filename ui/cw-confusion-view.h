/* cw-confusion-view.h — a confusion matrix (rows = true class, columns = predicted) with counts, row-normalised
 * shading, and per-class recall/precision in the margins. Clicking a cell emits its (true, predicted) pair. */
#pragma once

#include <gtk/gtk.h>

#include "cw-plot-style.h"

G_BEGIN_DECLS

#define CW_TYPE_CONFUSION_VIEW (cw_confusion_view_get_type ())
G_DECLARE_FINAL_TYPE (CwConfusionView, cw_confusion_view, CW, CONFUSION_VIEW, GtkWidget)

GtkWidget *cw_confusion_view_new (void);
/* counts: k x k (copied); names: k class names (copied; NULL = "0".."k-1"). k = 0 clears. */
void cw_confusion_view_set_data (CwConfusionView *self, const long *counts, int k, const char *const *names);
int cw_confusion_view_get_n_classes (CwConfusionView *self);

/* The outlined cell (a click sets it too); -1, -1 = none. */
void cw_confusion_view_set_selected_cell (CwConfusionView *self, int true_class, int predicted_class);
gboolean cw_confusion_view_get_selected_cell (CwConfusionView *self, int *true_class, int *predicted_class);

/* The texts as drawn (free with g_free): the title ("Accuracy 87.3 % · 131 of 150"), a cell's count, a
 * row's recall and a column's precision ("93.0 %", or "—" when the class has no samples/predictions). */
char *cw_confusion_view_get_title (CwConfusionView *self);
char *cw_confusion_view_get_cell_text (CwConfusionView *self, int true_class, int predicted_class);
char *cw_confusion_view_get_recall_text (CwConfusionView *self, int true_class);
char *cw_confusion_view_get_precision_text (CwConfusionView *self, int predicted_class);
/* The whole matrix as tab-separated text with recall and precision, for the clipboard or a report. */
char *cw_confusion_view_get_summary (CwConfusionView *self);

/* Layout at the widget's current size: the k x k grid (equal square cells), and the cell under a point. */
CwPlotRect cw_confusion_view_get_grid_rect (CwConfusionView *self);
gboolean cw_confusion_view_cell_at (CwConfusionView *self, double x, double y, int *true_class,
                                    int *predicted_class);

/* Signals:
 *   "cell-activated" (int true_class, int predicted_class)
 */

G_END_DECLS
