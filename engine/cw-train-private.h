/* cw-train-private.h — helpers shared by train.c and train-scaling.c. */
#ifndef CW_TRAIN_PRIVATE_H
#define CW_TRAIN_PRIVATE_H

#include "cw-train.h"

/* Fits the input scaling chosen by config (and, for regression with standardize_targets, the target
 * mean/SD) on the training rows and stores it in the model; other cases store identity. */
cw_status cw_fit_scaling (cw_model *model, const cw_train_config *config, cw_xy train, cw_error *err);
/* y (n x n_outputs, user units) -> model space with the model's target scaling (a copy when identity). */
void cw_standardize_targets (const cw_model *model, const float *y, int n, float *out);

#endif
