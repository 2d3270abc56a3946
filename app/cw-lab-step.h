/* cw-lab-step.h — the Convolution Lab's step-through: a kernel slides along a signal one output position
 * at a time. The signal is built in (step, ramp, pulse train, noisy sine, Gaussian peaks), a sample of
 * the project's data, or drawn with the mouse; one or two channels. The kernel comes from a preset or
 * is typed / dragged in a CwKernelEditor. Stride, padding and dilation follow the conv layer's rules, and
 * cross-correlation can be switched to true convolution. For the current position the input plot
 * highlights the window and draws the applied weights as stems at the input positions they meet, a
 * table lists inputs, weights and products, the engine's arithmetic line gives the sum, and the output
 * plot holds y[0..t] under the centres of their windows. Play steps on a GLib timeout; the trace is
 * computed by the engine once per change. */
#pragma once

#include <gtk/gtk.h>

#include "cw-project.h"

G_BEGIN_DECLS

#define CW_TYPE_LAB_STEP (cw_lab_step_get_type ())
G_DECLARE_FINAL_TYPE (CwLabStep, cw_lab_step, CW, LAB_STEP, GtkWidget)

GtkWidget *cw_lab_step_new (CwProject *project);

/* --- for the lab view and tests --- */
/* A signal as if drawn: channels (1 or 2) x length values, channel-major (copied). */
void cw_lab_step_set_signal (CwLabStep *self, const float *x, int channels, int length);
/* A built-in signal of `length` points on every channel. */
void cw_lab_step_set_builtin (CwLabStep *self, cw_lab_signal signal, int length);
/* Row `row` (0-based) of the project's data on every channel (a one-channel file feeds both). */
void cw_lab_step_set_data_sample (CwLabStep *self, int row);
/* A custom kernel: channels x k (channels must match the signal's; copied). */
void cw_lab_step_set_kernel (CwLabStep *self, const float *kernel, int channels, int k);
/* A preset with its default parameters, on every channel. */
void cw_lab_step_set_kernel_preset (CwLabStep *self, cw_lab_kernel kind);
/* Stride, dilation, padding and mode at once (the controls follow). */
void cw_lab_step_set_settings (CwLabStep *self, const cw_lab_settings *settings);
void cw_lab_step_set_convolution (CwLabStep *self, gboolean convolution);
/* Output position shown (clamped to the trace): y[0..t] are drawn. */
void cw_lab_step_set_position (CwLabStep *self, int t);
int cw_lab_step_get_position (CwLabStep *self);
/* One position forward, as the Step button (stops at the last one). */
void cw_lab_step_step (CwLabStep *self);
void cw_lab_step_set_playing (CwLabStep *self, gboolean playing);
gboolean cw_lab_step_get_playing (CwLabStep *self);
/* Paints channel `channel` from (x0, y0) to (x1, y1) in data units (index, value), as a mouse drag on
 * the input plot does: every index between gets the interpolated value; the source becomes "drawn". */
void cw_lab_step_draw_stroke (CwLabStep *self, int channel, double x0, double y0, double x1, double y1);

/* The engine's trace of the current settings (NULL when the geometry is impossible: see the error). */
const cw_lab_trace *cw_lab_step_get_trace (CwLabStep *self);
/* The signal (channels x length) and the kernel as edited (channels x k). */
const float *cw_lab_step_get_signal (CwLabStep *self, int *channels, int *length);
const float *cw_lab_step_get_kernel (CwLabStep *self, int *channels, int *k);
/* The arithmetic line of the current position ("y[1] = 1*3 + 2*4 = 11"), the formula line, the error
 * shown instead of a trace ("" when none). */
const char *cw_lab_step_get_step_text (CwLabStep *self);
const char *cw_lab_step_get_formula_text (CwLabStep *self);
const char *cw_lab_step_get_error_text (CwLabStep *self);
/* The text of the products table at (row, column) (row 0 = tap headers; NULL outside). */
const char *cw_lab_step_get_table_text (CwLabStep *self, int row, int column);
/* The output values drawn so far (y[0..position]); *n receives how many. */
const float *cw_lab_step_get_shown_output (CwLabStep *self, int *n);
/* "input", "input2", "output" (CwSignalPlot) or "kernel" (CwKernelEditor). */
GtkWidget *cw_lab_step_get_widget (CwLabStep *self, const char *name);

G_END_DECLS
