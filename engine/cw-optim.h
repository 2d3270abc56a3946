/* cw-optim.h — optimizers over the model's flat parameter vector, learning-rate schedules, clipping. */
#ifndef CW_OPTIM_H
#define CW_OPTIM_H

#include "cw-base.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { CW_OPT_SGD, CW_OPT_ADAM } cw_optimizer_type;

typedef struct {
  cw_optimizer_type type;
  float lr;            /* base learning rate */
  float momentum;      /* SGD */
  bool nesterov;       /* SGD */
  float beta1, beta2, eps; /* Adam */
  float weight_decay;  /* L2 added to the gradient (PyTorch's Adam/SGD weight_decay) */
  float clip_norm;     /* > 0: rescale the whole gradient to at most this L2 norm */
  float clip_value;    /* > 0: clamp each gradient component to [-v, v] */
} cw_optimizer_config;

/* Adam lr 1e-3, betas 0.9/0.999, eps 1e-8; SGD lr 1e-2 momentum 0.9. No decay, no clipping. */
cw_optimizer_config cw_optimizer_config_default (cw_optimizer_type type);
const char *cw_optimizer_name (cw_optimizer_type type); /* "sgd", "adam" */
bool cw_optimizer_from_name (const char *name, cw_optimizer_type *type);

typedef struct cw_optimizer cw_optimizer;

cw_optimizer *cw_optimizer_new (const cw_optimizer_config *config, size_t n_params);
void cw_optimizer_free (cw_optimizer *opt);
void cw_optimizer_reset (cw_optimizer *opt); /* forget moments and step count */
/* One update with learning rate lr (from the schedule). Clipping and weight decay are applied to a
 * copy of grads held by the optimizer; grads itself is not modified. */
void cw_optimizer_step (cw_optimizer *opt, float *params, const float *grads, float lr);
/* The optimizer's moments (for saving a resumable session); n_params floats each, NULL if unused. */
const float *cw_optimizer_moment1 (const cw_optimizer *opt);
const float *cw_optimizer_moment2 (const cw_optimizer *opt);

typedef enum {
  CW_SCHED_CONSTANT, CW_SCHED_STEP, CW_SCHED_EXPONENTIAL, CW_SCHED_COSINE,
  CW_SCHED_PLATEAU, /* ReduceLROnPlateau: lr * gamma after step_epochs epochs without a relative
                       improvement of 1e-4 in the epoch's training loss, never below min_lr. It watches the
                       training loss (not a validation loss) so that a refit on all training rows follows
                       the same schedule as the cross-validation runs that chose its epoch count.
                       Exactly PyTorch's ReduceLROnPlateau (mode min, patience step_epochs, threshold 1e-4
                       rel, cooldown 0): the epoch's mean loss improves when below best (1 - 1e-4); the
                       rate drops on the (step_epochs + 1)-th epoch in a row that does not improve, for
                       the next epoch on, and the count restarts; a drop of 1e-8 or less is skipped. */
} cw_schedule_type;

typedef struct {
  cw_schedule_type type;
  int step_epochs;   /* STEP: multiply by gamma every step_epochs epochs; PLATEAU: patience in epochs */
  float gamma;       /* STEP, EXPONENTIAL: lr * gamma^(epoch / step) or lr * gamma^epoch; PLATEAU: factor */
  float min_lr;      /* COSINE: floor reached at the last epoch; PLATEAU: floor */
} cw_schedule;

const char *cw_schedule_name (cw_schedule_type type); /* "constant", "step", "exp", "cosine", "plateau" */
bool cw_schedule_from_name (const char *name, cw_schedule_type *type);
/* Learning rate for 0-based epoch out of total_epochs. PLATEAU is stateful (it follows the losses), so
 * here it is always base_lr: cw_train applies it, and records each epoch's rate in cw_history.lr. */
float cw_schedule_lr (const cw_schedule *schedule, float base_lr, int epoch, int total_epochs);

/* Scales grads in place so their L2 norm is at most max_norm; returns the norm before clipping. */
double cw_clip_grad_norm (float *grads, size_t n, float max_norm);

#ifdef __cplusplus
}
#endif
#endif
