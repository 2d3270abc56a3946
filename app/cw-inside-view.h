/* cw-inside-view.h — the Inside page: the watched sample's input signal on top and, under it, one heatmap
 * per conv layer (one row per filter, same x axis, aligned), updated live; hovering a cell shows filter,
 * position and value; clicking a row shows that filter's activation over the input and its kernel as a
 * stem plot. Also the first layer's kernels, plotted. Fed by session snapshots while training, and by a
 * one-sample forward pass of the project's trained model otherwise. */
#pragma once

#include <gtk/gtk.h>

#include "cw-project.h"
#include "cw-training-session.h"

G_BEGIN_DECLS

#define CW_TYPE_INSIDE_VIEW (cw_inside_view_get_type ())
G_DECLARE_FINAL_TYPE (CwInsideView, cw_inside_view, CW, INSIDE_VIEW, GtkWidget)

GtkWidget *cw_inside_view_new (CwProject *project, CwTrainingSession *session);
void cw_inside_view_select_sample (CwInsideView *self, int row);
/* Number of heatmaps holding data (one per conv layer once a snapshot or model is there): for tests. */
int cw_inside_view_get_n_maps_with_data (CwInsideView *self);
GtkWidget *cw_inside_view_get_input_plot (CwInsideView *self);

/* Signals:
 *   "sample-activated" (int row)
 */

G_END_DECLS
