/* bench-pls-scale.c — times PLS on large synthetic spectra: the final fit on all n rows plus 10-fold
 * consecutive CV, 1 to 10 components (one cw_pls_cv_run, centred, NIPALS, one thread), then separately
 * the Q limits of every component of the final model (cw_pls_q_limits). The peer is
 * tools/sklearn_pls_scale_bench.py, which generates the same data (the same formula and hash) and times
 * the same workload with scikit-learn's PLSRegression. Run one size per process, so that the maximum
 * RSS belongs to that size:
 *
 *   build/tools/bench-pls-scale N P [repeats]        e.g. 5000 2000 3
 *   /usr/bin/python3 tools/sklearn_pls_scale_bench.py N P [repeats]
 *
 * Prints the median and fastest wall time and the median CPU time in seconds, RMSECV at 10 components (the two sides must agree to
 * about 1e-6), and the process's maximum RSS beside the size of the data as float32. */
#include "cw.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static double
now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double
cpu_now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* splitmix64 of k, as a uniform double in [0, 1): the same in the Python peer (numpy uint64). */
static double
uniform (uint64_t k)
{
  uint64_t z = k + 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  z ^= z >> 31;
  return (double) (z >> 11) * 0x1.0p-53;
}

/* Row i: eight Gaussian bands (centres (k + 0.5) / 8, SD 0.05 of the axis) with heights h_k, a slope,
 * and noise; y = h_3 + 0.5 h_5 + noise. */
static void
make_data (int n, int p, double *x, double *y)
{
  const uint64_t noise_base = 1ULL << 40;
  for (int i = 0; i < n; i++)
    {
      double h[8];
      for (int k = 0; k < 8; k++)
        h[k] = uniform ((uint64_t) i * 16 + k);
      double slope = uniform ((uint64_t) i * 16 + 8) - 0.5;
      for (int j = 0; j < p; j++)
        {
          double u = (double) j / p, v = slope * u;
          for (int k = 0; k < 8; k++)
            {
              double d = (u - (k + 0.5) / 8) / 0.05;
              v += h[k] * exp (-0.5 * d * d);
            }
          x[(size_t) i * p + j] = v + 0.01 * (uniform (noise_base + (uint64_t) i * p + j) - 0.5);
        }
      y[i] = h[3] + 0.5 * h[5] + 0.01 * (uniform ((uint64_t) i * 16 + 9) - 0.5);
    }
}

int
main (int argc, char **argv)
{
  if (argc < 3)
    {
      fprintf (stderr, "usage: bench-pls-scale N P [repeats]\n");
      return 2;
    }
  int n = atoi (argv[1]), p = atoi (argv[2]), repeats = argc > 3 ? atoi (argv[3]) : 3;
  if (n < 20 || p < 1 || repeats < 1)
    {
      fprintf (stderr, "bench-pls-scale: N >= 20, P >= 1, repeats >= 1\n");
      return 2;
    }
  double *x = malloc ((size_t) n * p * sizeof (double)), *y = malloc ((size_t) n * sizeof (double));
  make_data (n, p, x, y);
  cw_chemo_data d = { .x = x, .n = n, .channels = 1, .length = p, .y = y, .q = 1 };
  cw_error err;
  cw_cv_plan plan;
  cw_cv_plan_init (&plan, n);
  if (cw_cv_plan_kfold (&plan, 10, false, 0, &err) != CW_OK)
    {
      fprintf (stderr, "bench-pls-scale: %s\n", err.message);
      return 1;
    }
  cw_pipeline *pipe = cw_pipeline_parse ("center", &err);
  cw_pls_cv_config cfg = cw_pls_cv_config_default ();
  cfg.max_components = 10;
  cfg.pipeline = pipe;
  double *times = malloc ((size_t) repeats * sizeof (double));
  double *qtimes = malloc ((size_t) repeats * sizeof (double));
  double *cpu = malloc ((size_t) repeats * sizeof (double));
  double rmsecv10 = 0, qlim10 = 0;
  for (int r = 0; r < repeats; r++)
    {
      cw_pls_cv_result res;
      double c0 = cpu_now (), t0 = now ();
      if (cw_pls_cv_run (&cfg, &d, &plan, &res, &err) != CW_OK)
        {
          fprintf (stderr, "bench-pls-scale: %s\n", err.message);
          return 1;
        }
      double t1 = now ();
      cpu[r] = cpu_now () - c0;
      double limits[10];
      cw_pls_q_limits (res.model, 0.95, limits);
      double t2 = now ();
      times[r] = t1 - t0;
      qtimes[r] = t2 - t1;
      rmsecv10 = res.rmsecv[res.n_components - 1];
      qlim10 = limits[res.n_components - 1];
      cw_pls_cv_result_clear (&res);
    }
  qsort (times, (size_t) repeats, sizeof (double), compare_double);
  qsort (qtimes, (size_t) repeats, sizeof (double), compare_double);
  qsort (cpu, (size_t) repeats, sizeof (double), compare_double);
  struct rusage ru;
  getrusage (RUSAGE_SELF, &ru);
  printf ("conv1d  %6d x %-5d fit+CV median %8.3f s  min %8.3f s  CPU %8.3f s | Q limits (1-10) median %7.3f s"
          "  | RMSECV(10) %.8f  Q limit(10) %.6g  | max RSS %6.0f MB = %.2f x float32 data (%d runs)\n",
          n, p, times[(repeats - 1) / 2], times[0], cpu[(repeats - 1) / 2], qtimes[(repeats - 1) / 2], rmsecv10, qlim10,
          ru.ru_maxrss / 1024.0, ru.ru_maxrss * 1024.0 / ((double) n * p * 4), repeats);
  free (times);
  free (qtimes);
  free (cpu);
  cw_pipeline_free (pipe);
  cw_cv_plan_clear (&plan);
  free (x);
  free (y);
  return 0;
}
