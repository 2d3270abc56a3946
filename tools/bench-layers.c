/* bench-layers.c — micro-benchmark of the conv1d layer (forward, input gradient, weight gradient) and
 * the pooling layers on the shapes of the benchmark workloads (/work/shared/bench/workloads.json).
 *
 *   bench-layers [--threads 1,2] [--path auto|im2col|direct|portable] [--filter S|M|L] [--seconds 0.3]
 *                [--cpu]
 *
 * Prints GFLOP/s per pass (FLOPs = 2 x MACs; each backward pass counts as one forward). The input
 * gradient is timed as a full backward minus a weights-only backward (dx = NULL). */
#include "conv-kernels-private.h"
#include "cw-layer-private.h"
#include "cw-blas-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
  const char *workload;
  int batch, c, l, f, k;
} conv_case;

static const conv_case conv_cases[] = {
  { "S", 32, 1, 401, 8, 9 },   { "S", 32, 8, 196, 16, 9 },
  { "M", 64, 1, 1000, 32, 7 }, { "M", 64, 32, 497, 64, 7 }, { "M", 64, 64, 245, 64, 7 },
  { "L", 16, 1, 4096, 64, 3 }, { "L", 16, 64, 1364, 64, 3 }, { "L", 16, 64, 454, 64, 3 },
  { "L", 16, 64, 150, 64, 3 }, { "L", 16, 64, 49, 64, 3 },   { "L", 16, 64, 15, 64, 3 },
};

typedef struct {
  const char *workload;
  cw_layer_type type;
  int batch, c, l, k;
} pool_case;

static const pool_case pool_cases[] = {
  { "S", CW_LAYER_MAXPOOL, 32, 8, 393, 2 },
  { "M", CW_LAYER_MAXPOOL, 64, 32, 994, 2 },
  { "M", CW_LAYER_MAXPOOL, 64, 64, 491, 2 },
  { "M", CW_LAYER_GLOBAL_AVGPOOL, 64, 64, 119, 0 },
  { "L", CW_LAYER_MAXPOOL, 16, 64, 4094, 3 },
  { "L", CW_LAYER_MAXPOOL, 16, 64, 1362, 3 },
};

/* --cpu: process CPU time instead of wall time, for tuning single-threaded kernels on a busy machine
 * (time spent descheduled is not counted; with several threads it sums over them). */
static clockid_t bench_clock = CLOCK_MONOTONIC;

static double
now (void)
{
  struct timespec ts;
  clock_gettime (bench_clock, &ts);
  return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

static void
fill (float *v, size_t n, cw_rng *rng)
{
  for (size_t i = 0; i < n; i++)
    v[i] = (float) (2.0 * cw_rng_uniform (rng) - 1.0);
}

typedef struct {
  cw_layer l;
  float *x, *y, *dy, *dx;
  int n;
} bench_layer;

static void
setup (bench_layer *b, cw_layer_spec spec, int batch, int c, int len, int threads, cw_rng *rng)
{
  memset (b, 0, sizeof *b);
  cw_layer *l = &b->l;
  l->spec = spec;
  l->ops = cw_layer_ops_for (spec.type);
  cw_shape_info si;
  size_t ns;
  cw_error err;
  if (l->ops->shape (&spec, c, len, &si, &ns, &err) != CW_OK)
    {
      fprintf (stderr, "bad shape: %s\n", err.message);
      exit (1);
    }
  l->in_c = c;
  l->in_l = len;
  l->out_c = si.channels;
  l->out_l = si.length;
  l->n_params = si.params;
  l->threads = threads;
  l->params = calloc (si.params + 1, sizeof (float));
  l->grads = calloc (si.params + 1, sizeof (float));
  if (l->ops->init)
    l->ops->init (l, rng);
  l->ws_size = l->ops->workspace ? l->ops->workspace (l, batch, threads) : 0;
  l->ws = calloc (l->ws_size + 1, sizeof (float));
  size_t in = (size_t) batch * c * len, out = (size_t) batch * si.channels * si.length;
  b->x = malloc (in * sizeof (float));
  b->dx = malloc (in * sizeof (float));
  b->y = malloc (out * sizeof (float));
  b->dy = malloc (out * sizeof (float));
  fill (b->x, in, rng);
  fill (b->dy, out, rng);
  b->n = batch;
}

static void
teardown (bench_layer *b)
{
  free (b->l.params);
  free (b->l.grads);
  free (b->l.ws);
  free (b->x);
  free (b->y);
  free (b->dy);
  free (b->dx);
}

enum { PASS_FORWARD, PASS_WEIGHTS, PASS_FULL };

/* Seconds per call of one pass, best of several timed rounds. */
static double
time_pass (bench_layer *b, int pass, double seconds)
{
  cw_layer *l = &b->l;
  double best = 1e30;
  double t_end = now () + seconds;
  int rounds = 0;
  do
    {
      int reps = 0;
      double t0 = now (), dt;
      do
        {
          if (pass == PASS_FORWARD)
            l->ops->forward (l, b->x, b->y, b->n, true);
          else
            l->ops->backward (l, b->x, b->y, b->dy, pass == PASS_FULL ? b->dx : NULL, b->n);
          reps++;
          dt = now () - t0;
        }
      while (dt < seconds / 8);
      if (dt / reps < best)
        best = dt / reps;
      rounds++;
    }
  while (now () < t_end || rounds < 3);
  return best;
}

static int
parse_threads (const char *s, int *out, int max)
{
  int n = 0;
  while (*s && n < max)
    {
      out[n++] = atoi (s);
      const char *comma = strchr (s, ',');
      if (!comma)
        break;
      s = comma + 1;
    }
  return n;
}

int
main (int argc, char **argv)
{
  int threads[8] = { 1, 2 }, n_threads = 2;
  const char *filter = NULL;
  double seconds = 0.3;
  for (int i = 1; i < argc; i++)
    {
      if (!strcmp (argv[i], "--threads") && i + 1 < argc)
        n_threads = parse_threads (argv[++i], threads, 8);
      else if (!strcmp (argv[i], "--filter") && i + 1 < argc)
        filter = argv[++i];
      else if (!strcmp (argv[i], "--cpu"))
        bench_clock = CLOCK_PROCESS_CPUTIME_ID;
      else if (!strcmp (argv[i], "--seconds") && i + 1 < argc)
        seconds = atof (argv[++i]);
      else if (!strcmp (argv[i], "--path") && i + 1 < argc)
        {
          const char *p = argv[++i];
          cw_conv_force_path = !strcmp (p, "im2col")     ? CW_CONV_PATH_IM2COL
                               : !strcmp (p, "direct")   ? CW_CONV_PATH_DIRECT
                               : !strcmp (p, "portable") ? CW_CONV_PATH_DIRECT_PORTABLE
                                                         : CW_CONV_PATH_AUTO;
        }
      else
        {
          fprintf (stderr, "usage: %s [--threads 1,2] [--path auto|im2col|direct|portable] "
                   "[--filter S|M|L] [--seconds 0.3] [--cpu]\n", argv[0]);
          return 2;
        }
    }
  cw_blas_init ();
  cw_rng rng;
  cw_rng_seed (&rng, 1);
  printf ("conv1d, GFLOP/s (direct kernel: %s)\n", cw_conv_direct_is_simd () ? "AVX-512" : "plain C");
  printf ("%-2s %5s %-26s %3s %9s %9s %9s %10s\n", "wl", "batch", "layer", "thr", "forward", "bwd-data",
          "bwd-wgt", "ms/batch");
  for (size_t ci = 0; ci < sizeof conv_cases / sizeof conv_cases[0]; ci++)
    {
      const conv_case *cc = &conv_cases[ci];
      if (filter && strcmp (filter, cc->workload))
        continue;
      for (int ti = 0; ti < n_threads; ti++)
        {
          cw_layer_spec spec = cw_layer_spec_default (CW_LAYER_CONV);
          spec.units = cc->f;
          spec.kernel = cc->k;
          bench_layer b;
          setup (&b, spec, cc->batch, cc->c, cc->l, threads[ti], &rng);
          double flops = 2.0 * cc->f * cc->c * cc->k * b.l.out_l * cc->batch;
          double tf = time_pass (&b, PASS_FORWARD, seconds);
          double tw = time_pass (&b, PASS_WEIGHTS, seconds);
          double tb = time_pass (&b, PASS_FULL, seconds);
          double td = tb - tw > 1e-9 ? tb - tw : 1e-9;
          char name[64];
          snprintf (name, sizeof name, "%d->%d k%d L%d", cc->c, cc->f, cc->k, cc->l);
          printf ("%-2s %5d %-26s %3d %9.1f %9.1f %9.1f %10.3f\n", cc->workload, cc->batch, name, threads[ti],
                  flops / tf * 1e-9, flops / td * 1e-9, flops / tw * 1e-9, (tf + tb) * 1e3);
          fflush (stdout);
          teardown (&b);
        }
    }
  printf ("\npooling, GB/s of input read (forward) / input gradient written (backward)\n");
  printf ("%-2s %5s %-26s %3s %9s %9s %10s\n", "wl", "batch", "layer", "thr", "forward", "backward",
          "ms/batch");
  for (size_t pi = 0; pi < sizeof pool_cases / sizeof pool_cases[0]; pi++)
    {
      const pool_case *pc = &pool_cases[pi];
      if (filter && strcmp (filter, pc->workload))
        continue;
      for (int ti = 0; ti < n_threads; ti++)
        {
          cw_layer_spec spec = cw_layer_spec_default (pc->type);
          spec.kernel = pc->k;
          spec.stride = pc->k;
          bench_layer b;
          setup (&b, spec, pc->batch, pc->c, pc->l, threads[ti], &rng);
          double bytes = 4.0 * pc->batch * pc->c * pc->l;
          double tf = time_pass (&b, PASS_FORWARD, seconds);
          double tb = time_pass (&b, PASS_FULL, seconds);
          char name[64];
          snprintf (name, sizeof name, "%s(%d) %dx%d", cw_layer_type_name (pc->type), pc->k, pc->c, pc->l);
          printf ("%-2s %5d %-26s %3d %9.1f %9.1f %10.3f\n", pc->workload, pc->batch, name, threads[ti],
                  bytes / tf * 1e-9, bytes / tb * 1e-9, (tf + tb) * 1e3);
          fflush (stdout);
          teardown (&b);
        }
    }
  return 0;
}
