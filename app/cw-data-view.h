/* cw-data-view.h — the Data page: the rows' roles (test rows and validation, CwRowsBar, with the counts),
 * the sample list (GtkColumnView with each row's role as a coloured chip, target/class and meta columns,
 * multi-select), the signal plot of the selected samples (coloured by class, role or target with a colour
 * bar, mean ± SD per class on demand), and the target/task chooser when the file does not say. */
#pragma once

#include <gtk/gtk.h>

#include "cw-project.h"

G_BEGIN_DECLS

#define CW_TYPE_DATA_VIEW (cw_data_view_get_type ())
G_DECLARE_FINAL_TYPE (CwDataView, cw_data_view, CW, DATA_VIEW, GtkWidget)

GtkWidget *cw_data_view_new (CwProject *project);
/* Selects one sample row (and scrolls to it) without emitting "sample-activated". */
void cw_data_view_select_sample (CwDataView *self, int row);
/* The row roles bar (a CwRowsBar). */
GtkWidget *cw_data_view_get_rows_bar (CwDataView *self);
/* The plot, for export. */
GtkWidget *cw_data_view_get_plot (CwDataView *self);
/* Samples drawn in the plot: the selection, or every listed sample when nothing is selected (for tests). */
int cw_data_view_get_n_plotted (CwDataView *self);
/* The dataset rows selected in the list, ascending (a GArray of int; g_array_unref it), empty when none
 * is; rows the search hides do not count. What the window hands to cw_preprocess_view_set_samples. */
GArray *cw_data_view_dup_selected_rows (CwDataView *self);

/* Signals:
 *   "sample-activated" (int row)   the user picked a sample (first of the selection)
 *   "selection-changed" (void)     the rows cw_data_view_dup_selected_rows returns changed: by the user,
 *                                  by cw_data_view_select_sample, by the search, or by new data
 */

G_END_DECLS
