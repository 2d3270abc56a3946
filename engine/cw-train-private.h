/* cw-train-private.h — helpers shared by train.c and train-scaling.c. */
#ifndef CW_TRAIN_PRIVATE_H
#define CW_TRAIN_PRIVATE_H

#include "cw-train.h"

/* Fits the input scaling chosen by config (and, for regression with standardize_targets, the target
 * mean/SD) on the training rows and stores it in the model; other cases store identity. */
cw_status cw_fit_scaling (cw_model *model, const cw_train_config *config, cw_xy train, cw_error *err);
/* Sample SD (n - 1) of all values of the training signals (n x f), in double over two passes: the unit
 * of input-unit augmentation sizes. 1 when it is 0 (every value equal), like a constant feature's scale. */
double cw_signal_sd (const float *x, int n, size_t f);
/* y (n x n_outputs, user units) -> model space with the model's target scaling (a copy when identity). */
void cw_standardize_targets (const cw_model *model, const float *y, int n, float *out);

/* ReduceLROnPlateau (CW_SCHED_PLATEAU) exactly as PyTorch steps it: mode 'min', threshold 1e-4 'rel',
 * cooldown 0, eps 1e-8, patience schedule->step_epochs, factor gamma, floor min_lr. The rate is kept in
 * double, as PyTorch keeps Python floats; the loop trains each epoch with (float) lr and steps the rule
 * with the epoch's mean training loss at its end. */
typedef struct {
  double lr;       /* the rate of the next epoch */
  double best;     /* lowest loss so far */
  int bad_epochs;  /* epochs in a row without an improvement */
} cw_plateau;

void cw_plateau_init (cw_plateau *p, float base_lr);
void cw_plateau_step (cw_plateau *p, const cw_schedule *schedule, double loss);

#endif
