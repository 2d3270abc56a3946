/* cw-conv-lab.h — the convolution lab: what a 1D convolution computes, step by step, and how gradient
 * descent finds a kernel. For teaching; the GUI's lab view drives everything from here.
 *
 * Layouts follow the engine: a signal is channels x length (channel-major), a kernel channels x k, a
 * bank of kernels filters x channels x k (the conv layer's weight layout). The classic examples are
 * usually written time-major (one row per time step); the presets here are already transposed.
 *
 * Step-through: cw_lab_trace_new computes, for every output position t, which input positions the
 * kernel touches (padding zeros marked), the elementwise products per channel and their sum — exactly
 * what the engine's conv layer (cross-correlation, as in PyTorch) outputs for the same settings.
 *
 * Kernel recovery: a cw_recovery owns a bias-free, valid-padding cw_model with one conv layer and
 * trains it with the engine's loss and optimizer, one full-batch step per epoch, keeping the kernel
 * and loss trajectory so a GUI worker can publish progress between cw_recovery_run calls. */
#ifndef CW_CONV_LAB_H
#define CW_CONV_LAB_H

#include "cw-base.h"
#include "cw-loss.h"
#include "cw-optim.h"
#include "cw-spec.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- step-through ---- */

typedef struct {
  int stride;             /* >= 1 */
  int dilation;           /* >= 1 */
  cw_padding padding;     /* valid, same, causal or explicit (the conv layer's rules) */
  int pad_left, pad_right; /* zeros added, CW_PAD_EXPLICIT only */
  bool convolution;       /* true: true convolution (kernel flipped); false: cross-correlation */
} cw_lab_settings;

/* stride 1, dilation 1, valid, cross-correlation */
cw_lab_settings cw_lab_settings_default (void);
/* One sentence on the difference between cross-correlation and true convolution. */
const char *cw_lab_mode_explanation (void);

/* Padding on each side and the output length for an input of `length` and a kernel of k, as the conv
 * layer computes them; CW_ERR_INVALID_ARGUMENT with the reason when no output position exists.
 * Any pointer may be NULL. */
cw_status cw_lab_geometry (const cw_lab_settings *settings, int length, int k, int *pad_left,
                           int *pad_right, int *out_length, cw_error *err);
/* The output-length formula with the numbers filled in, e.g.
 * "L_out = floor((8 + 0 + 0 - 2*(3-1) - 1)/1) + 1 = 4". Caller frees; NULL when the geometry fails. */
char *cw_lab_formula (const cw_lab_settings *settings, int length, int k);

typedef struct cw_lab_trace cw_lab_trace;

/* Traces kernel (channels x k) over x (channels x length). Both are copied. NULL and the reason on an
 * impossible geometry. */
cw_lab_trace *cw_lab_trace_new (const float *x, int channels, int length, const float *kernel, int k,
                                const cw_lab_settings *settings, cw_error *err);
void cw_lab_trace_free (cw_lab_trace *trace);

int cw_lab_trace_channels (const cw_lab_trace *trace);
int cw_lab_trace_length (const cw_lab_trace *trace);     /* input length */
int cw_lab_trace_kernel_size (const cw_lab_trace *trace);
int cw_lab_trace_out_length (const cw_lab_trace *trace);
int cw_lab_trace_pad_left (const cw_lab_trace *trace);
int cw_lab_trace_pad_right (const cw_lab_trace *trace);
const cw_lab_settings *cw_lab_trace_settings (const cw_lab_trace *trace);
const char *cw_lab_trace_formula (const cw_lab_trace *trace);
/* How the padding was chosen, e.g. "same: 1 zero on the left, 1 on the right, so L_out = ceil(8/1) = 8". */
const char *cw_lab_trace_padding_text (const cw_lab_trace *trace);
/* The weights as applied, channels x k: the kernel itself, or reversed for true convolution. */
const float *cw_lab_trace_applied_kernel (const cw_lab_trace *trace);
/* The whole output (out_length values). */
const float *cw_lab_trace_output (const cw_lab_trace *trace);

/* Output position t (0 <= t < out_length): */
/* input positions under kernel taps j = 0..k-1, t*stride + j*dilation - pad_left (k values; < 0 or
 * >= length over padding zeros) */
const int *cw_lab_trace_positions (const cw_lab_trace *trace, int t);
/* the same with -1 where the tap lies on a padding zero */
const int *cw_lab_trace_indices (const cw_lab_trace *trace, int t);
/* applied weight x input value per channel and tap, channels x k (0 over padding) */
const float *cw_lab_trace_products (const cw_lab_trace *trace, int t);
/* the per-channel sums of the products (channels values); their sum is the output */
const float *cw_lab_trace_channel_sums (const cw_lab_trace *trace, int t);
float cw_lab_trace_value (const cw_lab_trace *trace, int t);
/* the input position under the middle of the window (fractional for even spans), to align the output
 * plot under the input */
double cw_lab_trace_centre (const cw_lab_trace *trace, int t);
/* the step written out, e.g. "y[1] = 1*3 + 2*4 = 11" (channels joined by " + ", padding as 0). Caller frees. */
char *cw_lab_trace_step_text (const cw_lab_trace *trace, int t);

/* ---- built-in signals ---- */

typedef enum {
  CW_LAB_SIGNAL_STEP,       /* 0 then 1 from the middle */
  CW_LAB_SIGNAL_RAMP,       /* 0 .. 1 */
  CW_LAB_SIGNAL_PULSES,     /* rectangular pulses, period max(4, L/4), width a quarter of it */
  CW_LAB_SIGNAL_NOISY_SINE, /* two periods of a sine plus N(0, 0.15^2) noise */
  CW_LAB_SIGNAL_PEAKS,      /* three Gaussian peaks of random position, height and width */
  CW_LAB_SIGNAL_N
} cw_lab_signal;

const char *cw_lab_signal_name (cw_lab_signal signal); /* "step", "ramp", "pulses", "noisy-sine", "peaks" */
bool cw_lab_signal_from_name (const char *name, cw_lab_signal *signal);
/* Fills out[0..length-1]; seed matters for the noisy sine and the peaks. length >= 1. */
void cw_lab_signal_fill (cw_lab_signal signal, int length, uint64_t seed, float *out);

/* ---- kernel presets ---- */

typedef enum {
  CW_LAB_KERNEL_EDGE,              /* [-1, 2, -1] */
  CW_LAB_KERNEL_BOX,               /* size x 1/size: moving average */
  CW_LAB_KERNEL_GAUSSIAN,          /* exp(-(j - c)^2 / (2 sigma^2)), normalised to sum 1 */
  CW_LAB_KERNEL_DERIVATIVE,        /* [-1/2, 0, 1/2]: central first difference */
  CW_LAB_KERNEL_SECOND_DERIVATIVE, /* [1, -2, 1] */
  CW_LAB_KERNEL_SAVGOL,            /* Savitzky–Golay smoothing/derivative (window = size, poly, deriv) */
  CW_LAB_KERNEL_N
} cw_lab_kernel;

typedef struct {
  cw_lab_kernel kind;
  int size;     /* box, gaussian, savgol (odd for savgol); fixed 3 for the others */
  double sigma; /* gaussian */
  int poly, deriv; /* savgol */
} cw_lab_kernel_params;

/* edge 3; box 5; gaussian 5 with sigma 1; derivatives 3; savgol 7, order 2, derivative 0 */
cw_lab_kernel_params cw_lab_kernel_params_default (cw_lab_kernel kind);
const char *cw_lab_kernel_name (cw_lab_kernel kind); /* "edge", "box", "gaussian", "derivative",
                                                        "second-derivative", "savgol" */
bool cw_lab_kernel_from_name (const char *name, cw_lab_kernel *kind);
/* Taps the preset produces (params->size, or 3 for the fixed ones). */
int cw_lab_kernel_size (const cw_lab_kernel_params *params);
/* Fills out[0..cw_lab_kernel_size-1] as a cross-correlation kernel (out[j] weighs x[t + j]);
 * CW_ERR_INVALID_ARGUMENT with the reason for impossible parameters. */
cw_status cw_lab_kernel_fill (const cw_lab_kernel_params *params, float *out, cw_error *err);

/* ---- kernel recovery ---- */

typedef enum {
  CW_UNDER_DETERMINED,   /* fewer equations than unknowns: many kernels fit */
  CW_EXACTLY_DETERMINED, /* as many equations as unknowns */
  CW_OVER_DETERMINED,    /* more equations than unknowns */
} cw_determination;

typedef struct {
  long equations;  /* output positions x sequences x filters */
  long unknowns;   /* kernel weights: filters x channels x k */
  cw_determination determination; /* from the two counts */
  int rank;        /* rank of the linear system of one filter (-1 when not computed) */
  bool unique;     /* rank == channels x k: only one kernel fits exactly (false when not computed) */
} cw_lab_system;

/* Counts for inputs of sequences x channels x length and filters kernels of k (valid padding, stride 1);
 * rank is -1 (no data). */
cw_lab_system cw_lab_count (int sequences, int channels, int length, int k, int filters);
const char *cw_determination_name (cw_determination d); /* "over-determined", "exactly determined",
                                                           "under-determined" */
/* A sentence on what the case means for gradient descent. */
const char *cw_determination_explanation (cw_determination d);

/* y (sequences x filters x (length - k + 1)) = the valid cross-correlation of x (sequences x channels x
 * length) with kernels (filters x channels x k), plus N(0, noise^2) from seed when noise > 0. */
cw_status cw_recovery_make_target (const float *x, int sequences, int channels, int length,
                                   const float *kernels, int filters, int k, double noise, uint64_t seed,
                                   float *y, cw_error *err);

typedef struct {
  int kernel;                 /* k >= 1 */
  int filters;                /* >= 1 */
  cw_optimizer_config optimizer; /* type and lr (and momentum, betas) */
  double lr_decay;            /* epoch e steps with lr x lr_decay^e; 1 = constant, < 1 lets MAE settle */
  cw_loss loss;               /* CW_LOSS_MAE or CW_LOSS_MSE */
  uint64_t seed;              /* initial kernel: the conv layer's uniform initialisation from seed */
} cw_recovery_config;

/* k 2, one filter, Adam lr 0.05 (constant), MAE, seed 7 */
cw_recovery_config cw_recovery_config_default (void);

typedef struct cw_recovery cw_recovery;

/* x: sequences x channels x length; y: sequences x filters x (length - k + 1). Copied. NULL and the
 * reason when the shapes do not fit, the loss is not MAE/MSE, lr is not > 0 or lr_decay not in (0, 1]. */
cw_recovery *cw_recovery_new (const cw_recovery_config *config, const float *x, int sequences,
                              int channels, int length, const float *y, cw_error *err);
void cw_recovery_free (cw_recovery *rec);

/* Runs `epochs` full-batch gradient steps. CW_ERR_NONFINITE (and the kernel of the last finite step)
 * when the loss diverges; the steps before it stay in the trajectory. */
cw_status cw_recovery_run (cw_recovery *rec, int epochs, cw_error *err);
/* Starts again from kernel (filters x channels x k), or from the seeded initialisation when NULL:
 * epoch 0, optimizer moments forgotten, trajectory cleared. */
void cw_recovery_reset (cw_recovery *rec, const float *kernel);

int cw_recovery_epoch (const cw_recovery *rec);        /* steps taken since the last reset */
int cw_recovery_n_weights (const cw_recovery *rec);    /* filters x channels x k */
int cw_recovery_out_length (const cw_recovery *rec);   /* length - k + 1 */
const cw_recovery_config *cw_recovery_get_config (const cw_recovery *rec);
/* current, filters x channels x k; like the trajectory, valid until the next run or reset */
const float *cw_recovery_kernel (const cw_recovery *rec);
double cw_recovery_loss (const cw_recovery *rec);      /* of the current kernel */
/* The current kernel's output, sequences x filters x out_length (to draw against the target). */
const float *cw_recovery_output (const cw_recovery *rec);
/* Kernels after 0, 1, ..., epoch steps: (epoch + 1) x n_weights, and their losses (epoch + 1). The
 * pointers change when the run grows them; *n (may be NULL) receives epoch + 1. */
const float *cw_recovery_trajectory (const cw_recovery *rec, int *n);
const double *cw_recovery_losses (const cw_recovery *rec, int *n);
/* The loss of any kernel on this data (e.g. the hidden one), without touching the run. */
double cw_recovery_loss_of (cw_recovery *rec, const float *kernel);
/* Counts, with the rank of the data's system. */
cw_lab_system cw_recovery_system (const cw_recovery *rec);

/* ---- the classic examples ---- */

typedef enum {
  CW_RECOVERY_SINGLE,        /* [0,3,4,5] -> [6,11,14], kernel [1,2] */
  CW_RECOVERY_TWO_CHANNELS,  /* 2 x 8 input -> [14,20,14,15,10,4], kernel [[1,0],[0,1],[2,0]] (time-major) */
  CW_RECOVERY_TWO_FILTERS,   /* [0,3,4,5] -> [[6,12],[11,25],[14,32]] (time-major), kernels [1,2], [3,4] */
  CW_RECOVERY_N_PRESETS
} cw_recovery_preset;

typedef struct {
  const char *name;          /* "single", "two-channels", "two-filters" */
  const char *title;         /* one line for a button */
  int sequences, channels, length, kernel, filters;
  const float *x;            /* sequences x channels x length */
  const float *y;            /* sequences x filters x (length - kernel + 1) */
  const float *hidden;       /* filters x channels x kernel: the kernel that made y */
  int epochs;                /* enough for cw_recovery_preset_config to come within 0.05 of hidden */
} cw_recovery_example;

const cw_recovery_example *cw_recovery_preset_get (cw_recovery_preset preset);
bool cw_recovery_preset_from_name (const char *name, cw_recovery_preset *preset);
/* The settings the example converges with (its kernel size and filters, Adam, MAE, seed 7). */
cw_recovery_config cw_recovery_preset_config (cw_recovery_preset preset);
/* A recovery ready to run on the example. */
cw_recovery *cw_recovery_new_preset (cw_recovery_preset preset, cw_error *err);

#ifdef __cplusplus
}
#endif
#endif
