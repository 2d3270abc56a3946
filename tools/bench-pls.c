/* bench-pls.c — times PLS on gasoline: the final fit on all 60 samples plus 10-fold consecutive CV, 1 to 10
 * components (one cw_pls_cv_run), centred and autoscaled, NIPALS and SIMPLS, 1 and 2 threads. The peer
 * is tools/sklearn_pls_bench.py (same workload, scikit-learn's PLSRegression); run both on the same
 * machine in the same sitting:
 *
 *   build-NAME/tools/bench-pls [repeats] [data.csv]
 *   /usr/bin/python3 tools/sklearn_pls_bench.py [repeats]
 *
 * Prints the median and the fastest run in milliseconds, and RMSECV at 7 components so the two sides can
 * be seen to compute the same thing (the centred value is 0.2264 in shared/reference/pls_gasoline.md). */
#include "cw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double
now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

int
main (int argc, char **argv)
{
  int repeats = argc > 1 ? atoi (argv[1]) : 200;
  const char *path = argc > 2 ? argv[2] : SHARED_DIR "/data/gasoline.csv";
  if (repeats < 1)
    repeats = 1;
  cw_error err;
  cw_dataset *ds = cw_dataset_load_csv (path, NULL, &err);
  if (!ds)
    {
      fprintf (stderr, "bench-pls: %s\n", err.message);
      return 1;
    }
  int col = cw_dataset_find_target (ds, "octane");
  cw_chemo_data d;
  if (col < 0 || cw_chemo_data_from_dataset (ds, CW_TASK_REGRESSION, &col, 1, &d, &err) != CW_OK)
    {
      fprintf (stderr, "bench-pls: %s\n", col < 0 ? "no target 'octane'" : err.message);
      return 1;
    }
  cw_cv_plan plan;
  cw_cv_plan_init (&plan, d.n);
  if (cw_cv_plan_kfold (&plan, 10, false, 0, &err) != CW_OK)
    {
      fprintf (stderr, "bench-pls: %s\n", err.message);
      return 1;
    }
  printf ("PLS on %s: %d x %d, fit + 10-fold consecutive CV, 1-10 components, %d repeats\n", path, d.n,
          d.length, repeats);
  printf ("%-10s %-7s %7s %11s %11s %13s\n", "prep", "alg", "threads", "median ms", "min ms", "RMSECV(7)");
  const char *preps[2] = { "center", "autoscale" };
  double *times = malloc ((size_t) repeats * sizeof (double));
  for (int prep = 0; prep < 2; prep++)
    for (int alg = 0; alg < 2; alg++)
      for (int threads = 1; threads <= 2; threads++)
        {
          cw_pipeline *pipe = cw_pipeline_parse (preps[prep], &err);
          cw_pls_cv_config cfg = cw_pls_cv_config_default ();
          cfg.max_components = 10;
          cfg.algorithm = alg;
          cfg.pipeline = pipe;
          cfg.threads = threads;
          double rmsecv7 = 0;
          for (int r = -3; r < repeats; r++) /* three warm-up runs */
            {
              cw_pls_cv_result res;
              double t0 = now ();
              if (cw_pls_cv_run (&cfg, &d, &plan, &res, &err) != CW_OK)
                {
                  fprintf (stderr, "bench-pls: %s\n", err.message);
                  return 1;
                }
              double t1 = now ();
              if (r >= 0)
                times[r] = (t1 - t0) * 1e3;
              rmsecv7 = res.rmsecv[6];
              cw_pls_cv_result_clear (&res);
            }
          qsort (times, (size_t) repeats, sizeof (double), compare_double);
          printf ("%-10s %-7s %7d %11.3f %11.3f %13.4f\n", preps[prep], cw_pls_algorithm_name (alg), threads,
                  times[repeats / 2], times[0], rmsecv7);
          cw_pipeline_free (pipe);
        }
  free (times);
  cw_cv_plan_clear (&plan);
  cw_chemo_data_clear (&d);
  cw_dataset_free (ds);
  return 0;
}
