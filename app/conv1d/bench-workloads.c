/* bench-workloads.c — workloads S, M, L of shared/bench/workloads.json and their synthetic data. */
#include "bench-workloads.h"

#include <math.h>
#include <string.h>
#include <strings.h>

#define BLOCK3 "conv(64,k=3) relu maxpool(3) "

const bench_workload bench_workloads[BENCH_N_WORKLOADS] = {
  {
    .name = "S", .desc = "NIR-regression-like",
    .spec = "conv(8,k=9) relu maxpool(2) conv(16,k=9) relu maxpool(2) flatten dense(64) relu dense(1)",
    .in_channels = 1, .in_length = 401, .batch = 32, .samples = 2048,
    .task = CW_TASK_REGRESSION, .n_outputs = 1, .loss = CW_LOSS_MSE, .target = BENCH_Y_REGRESSION,
    .fwd_flops = 682384,
  },
  {
    .name = "M", .desc = "ECG-like 5-class classification",
    .spec = "conv(32,k=7) relu maxpool(2) conv(64,k=7) relu maxpool(2) conv(64,k=7) relu maxpool(2) "
            "gavgpool dense(5)",
    .in_channels = 1, .in_length = 1000, .batch = 64, .samples = 512,
    .task = CW_TASK_MULTICLASS, .n_outputs = 5, .loss = CW_LOSS_CROSS_ENTROPY, .target = BENCH_Y_CLASS5,
    .fwd_flops = 28229120,
  },
  {
    .name = "L", .desc = "sample-level music-tagging-like, 50 tags",
    .spec = BLOCK3 BLOCK3 BLOCK3 BLOCK3 BLOCK3 BLOCK3 "flatten dense(50)",
    .in_channels = 1, .in_length = 4096, .batch = 16, .samples = 256,
    .task = CW_TASK_MULTILABEL, .n_outputs = 50, .loss = CW_LOSS_BINARY_CROSS_ENTROPY,
    .target = BENCH_Y_TAGS50, .fwd_flops = 51290368,
  },
};

const bench_workload *
bench_find_workload (const char *name)
{
  for (int i = 0; i < BENCH_N_WORKLOADS; i++)
    if (strcasecmp (name, bench_workloads[i].name) == 0)
      return &bench_workloads[i];
  return NULL;
}

cw_optimizer_config
bench_optimizer (const bench_workload *w)
{
  (void) w;
  cw_optimizer_config c = cw_optimizer_config_default (CW_OPT_ADAM);
  c.lr = 1e-3f;
  c.beta1 = 0.9f;
  c.beta2 = 0.999f;
  c.eps = 1e-8f;
  c.weight_decay = 0.0f;
  return c;
}

void
bench_make_x (const bench_workload *w, float *x)
{
  int C = w->in_channels, L = w->in_length;
  for (int n = 0; n < w->samples; n++)
    {
      double f = 1 + n % 13;
      for (int c = 0; c < C; c++)
        for (int t = 0; t < L; t++)
          {
            /* Same operation order as the peer's numpy expression, so the float32 values match. */
            double u = (double) ((7919LL * n + 104729LL * t) % 1000) / 1000.0 - 0.5;
            double v = sin (2 * M_PI * f * t / L + 0.1 * (n % 7) + 0.5 * c) + 0.1 * u;
            x[((size_t) n * C + c) * L + t] = (float) v;
          }
    }
}

static bool
tag_on (int n, int j)
{
  return (n % 13 + j) % 10 == 0;
}

void
bench_make_y (const bench_workload *w, float *y)
{
  int k = w->n_outputs;
  memset (y, 0, (size_t) w->samples * (size_t) k * sizeof (float));
  for (int n = 0; n < w->samples; n++)
    {
      float *row = y + (size_t) n * k;
      switch (w->target)
        {
        case BENCH_Y_REGRESSION: row[0] = (float) ((n % 13) / 12.0); break;
        case BENCH_Y_CLASS5: row[(n % 13) % 5] = 1.0f; break;
        case BENCH_Y_TAGS50:
          for (int j = 0; j < k; j++)
            row[j] = tag_on (n, j) ? 1.0f : 0.0f;
          break;
        }
    }
}

double
bench_label_sum (const bench_workload *w, int n)
{
  switch (w->target)
    {
    case BENCH_Y_REGRESSION: return (double) (float) ((n % 13) / 12.0);
    case BENCH_Y_CLASS5: return (n % 13) % 5;
    case BENCH_Y_TAGS50:
      {
        int on = 0;
        for (int j = 0; j < w->n_outputs; j++)
          on += tag_on (n, j);
        return on;
      }
    }
  return 0;
}
