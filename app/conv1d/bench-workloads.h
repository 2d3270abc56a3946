/* bench-workloads.h — the three fixed benchmark workloads of shared/bench/workloads.json, and their
 * closed-form synthetic data, so `conv1d bench` measures the same work as the PyTorch peer. */
#ifndef BENCH_WORKLOADS_H
#define BENCH_WORKLOADS_H

#include "cw.h"

typedef enum {
  BENCH_Y_REGRESSION, /* (n mod 13) / 12 */
  BENCH_Y_CLASS5,     /* (n mod 13) mod 5, one-hot over 5 outputs */
  BENCH_Y_TAGS50,     /* tag j on iff ((n mod 13) + j) mod 10 == 0, 50 outputs */
} bench_target;

typedef struct {
  const char *name;   /* "S", "M", "L" */
  const char *desc;
  const char *spec;   /* the layer list in our spec syntax (valid padding, floor pooling) */
  int in_channels, in_length;
  int batch, samples; /* samples per epoch */
  cw_task task;
  int n_outputs;
  cw_loss loss;
  bench_target target;
  double fwd_flops;   /* forward FLOPs per sample as workloads.json counts them */
} bench_workload;

#define BENCH_N_WORKLOADS 3
extern const bench_workload bench_workloads[BENCH_N_WORKLOADS];

/* NULL when the name is not S, M or L (case-insensitive). */
const bench_workload *bench_find_workload (const char *name);
/* Adam as in the JSON: lr 1e-3, betas 0.9/0.999, eps 1e-8, no weight decay. */
cw_optimizer_config bench_optimizer (const bench_workload *w);

/* x[n,c,t] = float32(sin(2 pi f t / L + 0.1 (n mod 7) + 0.5 c) + 0.1 (((7919 n + 104729 t) mod 1000)/1000
 * - 0.5)), f = 1 + (n mod 13), computed in double. Fills samples x C x L floats. */
void bench_make_x (const bench_workload *w, float *x);
/* Model-space targets, samples x n_outputs (class5 one-hot). */
void bench_make_y (const bench_workload *w, float *y);
/* The label of sample n as workloads.json sums it (class index for class5, tag count for tags50). */
double bench_label_sum (const bench_workload *w, int n);

#endif
