/* cw-train.h — metrics, the training loop with progress/abort callbacks, and numerical gradient checks.
 *
 * The loop owns no threads: it runs on the caller's thread (the GUI calls it from its worker) and
 * reports through callbacks after every batch and every epoch. */
#ifndef CW_TRAIN_H
#define CW_TRAIN_H

#include "cw-base.h"
#include "cw-data.h"
#include "cw-loss.h"
#include "cw-model.h"
#include "cw-optim.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- metrics ---- */

typedef struct {
  cw_task task;
  int n;            /* samples evaluated */
  /* regression (averaged over outputs) */
  double rmse, mae, r2;
  /* classification */
  double accuracy;  /* multilabel: mean over labels */
  int n_classes;    /* multiclass: k; binary: 2; multilabel: k labels (per-label binary counts) */
  long *confusion;  /* multiclass/binary: n_classes x n_classes, row = true, column = predicted;
                       multilabel: k blocks of 2 x 2 (label j at 4 j: [t0p0, t0p1, t1p0, t1p1]) */
  double *precision, *recall; /* per class (multilabel: per label); NAN when undefined */
} cw_metrics;

/* pred: n x k model outputs in user units (cw_model_predict: values or probabilities); y: n x k
 * model-space targets (values, one-hot, 0/1). Allocates the arrays in m; free with cw_metrics_clear. */
void cw_metrics_compute (cw_task task, const float *pred, const float *y, int n, int k, cw_metrics *m);
void cw_metrics_clear (cw_metrics *m);

/* ---- training ---- */

typedef enum {
  CW_SCALE_NONE,
  CW_SCALE_PER_FEATURE, /* each (channel, position): autoscaling, as chemometrics does */
  CW_SCALE_PER_CHANNEL, /* one mean/SD per channel over all positions */
} cw_scaling;

typedef struct {
  int epochs;
  int batch;
  uint64_t seed;            /* weights (when init_weights), shuffling, dropout, augmentation */
  bool init_weights;        /* initialise weights from seed before training (default true) */
  bool shuffle;             /* reshuffle training rows every epoch (default true) */
  cw_loss loss;
  cw_optimizer_config optimizer;
  cw_schedule schedule;
  int patience;             /* early stopping: epochs without val improvement; 0 = off */
  float min_delta;          /* improvement needed to reset patience */
  bool restore_best;        /* restore the best-validation weights at the end (default true) */
  cw_scaling input_scaling; /* fitted on the training rows and stored in the model */
  bool standardize_targets; /* regression: fit target mean/SD on training rows (default true) */
  cw_augment augment;
  int threads;              /* 0 = keep the model's setting; the trained model does not depend on it */
  bool train_metrics;       /* compute training-set metrics at every epoch end (default true; off makes an
                               epoch only forward + backward + step, as a benchmark wants) */
} cw_train_config;

/* Defaults for a task: 100 epochs, batch 32, Adam 1e-3, the task's loss, constant lr, patience 0,
 * per-feature input scaling, standardised regression targets, shuffling, seed 1. */
cw_train_config cw_train_config_default (cw_task task);

/* Model-space data: x is n x C x L raw (unscaled) inputs, y is n x k targets (cw_dataset_encode_targets). */
typedef struct {
  const float *x;
  const float *y;
  int n;
} cw_xy;

/* Gathers rows where (is_val[i] != 0) == want_val into freshly allocated x/y (free with cw_xy_free). */
cw_xy cw_xy_select (const float *x, const float *y, int n, int sample_size, int k,
                    const unsigned char *is_val, bool want_val);
void cw_xy_free (cw_xy *xy);

typedef struct {
  int epoch;            /* 1-based, the epoch in progress or just finished */
  int epochs;
  int batch;            /* 1-based batch within the epoch */
  int batches;          /* batches per epoch */
  bool epoch_end;       /* true for the once-per-epoch report (losses and metrics complete) */
  double batch_loss;    /* loss of the last batch */
  double train_loss;    /* running mean over the epoch so far (complete at epoch_end) */
  double val_loss;      /* NAN when there is no validation set or before epoch_end */
  cw_metrics train_metrics; /* epoch_end only; in user units */
  cw_metrics val_metrics;   /* epoch_end only, n = 0 without validation */
  double lr;
  double samples_per_s; /* training throughput of this epoch so far */
  double elapsed_s;
  double eta_s;         /* remaining time at the current rate (ignores early stopping) */
  int best_epoch;       /* epoch with the best validation (or training) loss so far */
  const float *val_pred; /* epoch_end: the validation rows' predictions in user units (val.n x k, as
                            cw_model_predict), NULL without validation rows and in batch reports. The
                            loop's own buffer: valid during the call only, copy what you keep */
} cw_progress;

/* The progress callback runs on the training thread between batches (never between a forward and its
 * backward), so it may read the model and run inference on it: cw_model_predict, cw_model_forward in
 * inference mode, cw_model_layer_output. They reuse the model's batch buffers, which the loop refills
 * for every batch, and inference draws no noise and updates no batch-norm statistics, so training goes
 * on bitwise as without the call. It must not change weights, scaling, batch size or threads. */
typedef struct {
  void (*progress) (const cw_progress *p, void *user); /* after every batch and every epoch */
  bool (*should_abort) (void *user);                   /* polled before every batch */
  void *user;
} cw_train_callbacks;

/* Per-epoch history; arrays of `epochs` entries (the epochs actually run). */
typedef struct {
  int epochs;
  double *train_loss, *val_loss;       /* val_loss NAN without validation */
  double *train_metric, *val_metric;   /* RMSE (regression) or accuracy (classification) */
  double *lr;
  int best_epoch;                      /* 1-based */
  bool stopped_early;
  double seconds;
} cw_history;

void cw_history_clear (cw_history *h);

/* Trains `model` on `train`, validating on `val` (val.n may be 0). Fits and stores input/target
 * scaling from the training rows, so the model predicts in user units afterwards.
 * Returns CW_OK, CW_ERR_ABORTED (stopped by should_abort within one batch; the model keeps the
 * weights of the last completed batch, or the best ones when restore_best), or CW_ERR_NONFINITE
 * (a NaN/Inf loss; the weights of the last good batch are put back). hist may be NULL. */
cw_status cw_train (cw_model *model, const cw_train_config *config, cw_xy train, cw_xy val,
                    const cw_train_callbacks *callbacks, cw_history *hist, cw_error *err);

/* Mean loss of the model on raw data (inference mode, scaling applied). */
double cw_evaluate_loss (cw_model *model, cw_loss loss, cw_xy data);

/* ---- numerical gradient check ---- */

typedef struct {
  double max_rel_error;   /* max over checked entries of |a - n| / max(|a| + |n|, floor) */
  double max_abs_error;
  int checked;            /* entries compared */
  int worst_index;        /* parameter index (or -1 - input index) of the worst entry */
} cw_gradcheck_result;

/* Compares analytic gradients of loss(model(x), y) in training mode (noise reseeded identically for
 * every evaluation) with central differences of step eps, over all parameters and, when check_input,
 * all inputs. x is already standardised, n <= batch. */
cw_gradcheck_result cw_gradcheck (cw_model *model, cw_loss loss, const float *x, const float *y, int n,
                                  double eps, bool check_input);

#ifdef __cplusplus
}
#endif
#endif
