/* cw-kernel-editor.h — an editable kernel: a stem plot whose stems can be dragged up and down with the
 * mouse, and a grid of number entries, one per weight. Holds rows x taps values (e.g. channels x k, or
 * filters x channels x k flattened to rows); each row has its own colour and, with several rows, its
 * stems sit side by side around the tap. Plain data in and out; knows nothing of projects. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CW_TYPE_KERNEL_EDITOR (cw_kernel_editor_get_type ())
G_DECLARE_FINAL_TYPE (CwKernelEditor, cw_kernel_editor, CW, KERNEL_EDITOR, GtkWidget)

GtkWidget *cw_kernel_editor_new (void);

/* Replaces the kernel: rows x taps values (copied, row-major), rows, taps >= 1. Does not emit "changed"
 * (the caller knows). The drag range is refitted to the new values. */
void cw_kernel_editor_set_kernel (CwKernelEditor *self, const float *values, int rows, int taps);
/* The values (rows x taps, row-major; borrowed until the next change); rows / taps may be NULL. */
const float *cw_kernel_editor_get_kernel (CwKernelEditor *self, int *rows, int *taps);
int cw_kernel_editor_get_n_values (CwKernelEditor *self);
/* One weight by flat index (row * taps + tap). */
float cw_kernel_editor_get_value (CwKernelEditor *self, int index);
/* Sets one weight as typing it does: the entry shows it, "changed" is emitted. */
void cw_kernel_editor_set_value (CwKernelEditor *self, int index, double value);
/* What dragging stem `index` to height `value` does (the gesture code calls it): the value is clamped
 * to the drag range, the stem and its entry follow, "changed" is emitted. */
void cw_kernel_editor_drag_to (CwKernelEditor *self, int index, double value);

/* Names of the rows (rows strings, copied; NULL = "row 1", "row 2", ... shown only for several rows). */
void cw_kernel_editor_set_row_labels (CwKernelEditor *self, const char *const *labels);
/* The x-axis label of the stem plot (default "tap j: weight w[j]"). */
void cw_kernel_editor_set_axis_label (CwKernelEditor *self, const char *label);

/* --- for tests and the gesture code --- */
/* The stem plot (a CwSignalPlot: exportable like every chart). */
GtkWidget *cw_kernel_editor_get_plot (CwKernelEditor *self);
/* The entry of weight `index` (GtkEntry). */
GtkWidget *cw_kernel_editor_get_entry (CwKernelEditor *self, int index);
/* The flat index of the stem nearest the point (x, y) in the plot's coordinates, -1 when none is within
 * reach; and the value the plot shows at height y. */
int cw_kernel_editor_pick (CwKernelEditor *self, double x, double y);
double cw_kernel_editor_value_at (CwKernelEditor *self, double y);
/* The plot coordinates of the tip of stem `index` (for tests that drag it). */
void cw_kernel_editor_stem_position (CwKernelEditor *self, int index, double *x, double *y);
/* The range a drag can reach (symmetric around zero, refitted after each drag and each set_kernel). */
void cw_kernel_editor_get_range (CwKernelEditor *self, double *lo, double *hi);

/* Signals:
 *   "changed"   a weight was typed or dragged (not emitted by cw_kernel_editor_set_kernel)
 */

G_END_DECLS
