/* cw-loss.h — losses on raw network outputs (logits), each with its gradient.
 *
 * out and target are n x k. Targets: regression values; multiclass one-hot rows; binary/multilabel 0/1.
 * Reductions follow PyTorch: MSE, MAE, BCE, hinge and exponential average over n*k elements;
 * cross-entropy averages over the n rows. */
#ifndef CW_LOSS_H
#define CW_LOSS_H

#include "cw-base.h"
#include "cw-model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  CW_LOSS_MSE,                  /* mean (o - t)^2 */
  CW_LOSS_MAE,                  /* mean |o - t| */
  CW_LOSS_CROSS_ENTROPY,        /* softmax fused: -sum t log softmax(o) / n */
  CW_LOSS_BINARY_CROSS_ENTROPY, /* sigmoid fused: mean -(t log s(o) + (1-t) log(1-s(o))) */
  CW_LOSS_HINGE,                /* y = 2t-1 in {-1,1}: mean max(0, 1 - y o) */
  CW_LOSS_EXPONENTIAL,          /* y = 2t-1: mean exp(-y o) */
  CW_LOSS_N
} cw_loss;

const char *cw_loss_name (cw_loss loss);           /* "mse", "mae", "crossentropy", "bce", "hinge", "exp" */
bool cw_loss_from_name (const char *name, cw_loss *loss);
/* The natural loss of a task: MSE, BCE, cross-entropy, BCE. */
cw_loss cw_loss_default_for_task (cw_task task);

/* Returns the reduced loss (double accumulation). When grad is non-NULL it receives d(loss)/d(out). */
double cw_loss_compute (cw_loss loss, const float *out, const float *target, int n, int k, float *grad);

#ifdef __cplusplus
}
#endif
#endif
