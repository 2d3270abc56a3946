/* cw-lab-recover.h — the Convolution Lab's kernel recovery: learn a kernel by gradient descent from an
 * input and a target. The target is generated from a hidden kernel the user sets (with optional noise)
 * or typed in; the three classic examples load with one click. The optimizer, learning rate and loss
 * are chosen; Start runs the engine's recovery on a worker (CwLabRecoverJob) and the weights'
 * trajectories are drawn live against the truth (dashed), with the loss curve on a log scale. The counts
 * of equations and unknowns say whether the problem is over-, exactly or under-determined; "Try 5
 * starting points" reruns from other seeds and lists the kernels they end at, so a short input shows
 * several kernels fitting equally well. */
#pragma once

#include <gtk/gtk.h>

#include "cw.h"

G_BEGIN_DECLS

#define CW_TYPE_LAB_RECOVER (cw_lab_recover_get_type ())
G_DECLARE_FINAL_TYPE (CwLabRecover, cw_lab_recover, CW, LAB_RECOVER, GtkWidget)

GtkWidget *cw_lab_recover_new (void);

/* --- for the lab view and tests --- */
/* Loads a classic example: its input and target typed in, its kernel size, the settings it converges with. */
void cw_lab_recover_load_preset (CwLabRecover *self, cw_recovery_preset preset);
/* The generated problem: `length` points of input, a hidden kernel of `k` taps (copied, filters x
 * channels x k with one filter and one channel here), noise SD. */
void cw_lab_recover_set_generated (CwLabRecover *self, int length, const float *hidden, int k, double noise);
/* The input length of the generated problem (the under-determination demonstration). */
void cw_lab_recover_set_input_length (CwLabRecover *self, int length);
/* Paced runs take a few seconds so the convergence can be watched (default); unpaced ones run flat out. */
void cw_lab_recover_set_animate (CwLabRecover *self, gboolean animate);
/* What Start / Stop / "Try 5 starting points" do. */
void cw_lab_recover_start (CwLabRecover *self);
void cw_lab_recover_stop (CwLabRecover *self);
void cw_lab_recover_try_seeds (CwLabRecover *self, int n_seeds);
gboolean cw_lab_recover_is_running (CwLabRecover *self);

/* The latest kernel received (filters x channels x k), its epoch and loss; NULL / 0 / NAN before any. */
const float *cw_lab_recover_get_kernel (CwLabRecover *self, int *n_weights);
int cw_lab_recover_get_epoch (CwLabRecover *self);
double cw_lab_recover_get_loss (CwLabRecover *self);
/* The kernel that made the target (NULL when it is not known, e.g. a typed-in target). */
const float *cw_lab_recover_get_truth (CwLabRecover *self, int *n_weights);
/* The counts and what they mean, as shown. */
cw_determination cw_lab_recover_get_determination (CwLabRecover *self);
const char *cw_lab_recover_get_system_text (CwLabRecover *self);
const char *cw_lab_recover_get_status_text (CwLabRecover *self);
/* Finished runs of the last "Try starting points": their final kernels and losses. */
int cw_lab_recover_get_n_results (CwLabRecover *self);
const float *cw_lab_recover_get_result (CwLabRecover *self, int i, double *loss);
/* "weights" (CwSignalPlot), "loss" (CwLossPlot), "hidden" (CwKernelEditor). */
GtkWidget *cw_lab_recover_get_widget (CwLabRecover *self, const char *name);

/* Signals:
 *   "finished" (gboolean cancelled)   a run (or a set of seeded runs) ended
 */

G_END_DECLS
