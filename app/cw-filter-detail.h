/* cw-filter-detail.h — the right-hand column of the Inside page: the chosen filter's activation drawn over
 * the input (the input rescaled to the activation's range, in a light colour), that filter's kernel as
 * stems (one series per input channel), and every kernel of the first conv layer overlaid. */
#pragma once

#include <gtk/gtk.h>

#include "cw-training-session.h"

G_BEGIN_DECLS

#define CW_TYPE_FILTER_DETAIL (cw_filter_detail_get_type ())
G_DECLARE_FINAL_TYPE (CwFilterDetail, cw_filter_detail, CW, FILTER_DETAIL, GtkWidget)

GtkWidget *cw_filter_detail_new (void);

/* The watched sample (channels x length raw values, copied) on its axis (length values or NULL = index). */
void cw_filter_detail_set_input (CwFilterDetail *self, const float *input, int channels, int length,
                                 const double *axis, const char *axis_label);
/* Filter `row` of `map` (borrowed for the call only); map NULL or row < 0 shows a hint instead. */
void cw_filter_detail_show_filter (CwFilterDetail *self, const CwActivationMap *map, int map_index, int row);
/* All kernels of the first conv layer; NULL clears. */
void cw_filter_detail_set_first_layer (CwFilterDetail *self, const CwActivationMap *map);
/* Follows the input plot's zoom. */
void cw_filter_detail_set_x_range (CwFilterDetail *self, double lo, double hi);

GtkWidget *cw_filter_detail_get_activation_plot (CwFilterDetail *self);
GtkWidget *cw_filter_detail_get_kernel_plot (CwFilterDetail *self);
GtkWidget *cw_filter_detail_get_first_kernels_plot (CwFilterDetail *self);
/* What is plotted (for tests): activation values of the filter, kernel series and taps, first-layer series. */
int cw_filter_detail_get_activation_length (CwFilterDetail *self);
int cw_filter_detail_get_kernel_series (CwFilterDetail *self);
int cw_filter_detail_get_kernel_taps (CwFilterDetail *self);
int cw_filter_detail_get_first_layer_series (CwFilterDetail *self);

G_END_DECLS
