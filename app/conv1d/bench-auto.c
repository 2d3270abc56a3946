/* bench-auto.c — `conv1d bench --auto`: how long the auto recipe takes to choose and fit, on generated
 * meat-like NIR spectra (conv1d generate nir) of a given size, as `conv1d train --recipe auto` runs it:
 * with the split column's validation rows (a holdout, then a refit), and with 5-fold CV over the training
 * rows. Wall-clock medians over runs; the test rows are scored once per run, for the record. */
#include "cli-fit.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char bench_auto_usage[] =
  "Usage: conv1d bench --auto [--n N] [--length L] [--threads T] [--runs R] [--seed S] [--json]\n"
  "\n"
  "Times the auto recipe (candidates chosen by validation, then the final ensemble) on N generated NIR\n"
  "spectra of L points (conv1d generate nir; target fat; 60/20/20 train/monitor/test), once with the\n"
  "monitor rows as validation and once with 5-fold CV over the train and monitor rows.\n"
  "\n"
  "      --n N           spectra (default 200)\n"
  "      --length L      points per spectrum (default 100)\n"
  "      --threads T     training runs at once (default 2)\n"
  "      --runs R        repetitions; medians are reported (default 3)\n"
  "      --seed S        data and training seed (default 1)\n"
  "      --budget S      the auto time budget in seconds (default 600, as train's)\n"
  "      --json          one JSON object\n"
  "  -h, --help          this help\n";

enum { OPT_AUTO = 256, OPT_N, OPT_LENGTH, OPT_THREADS, OPT_RUNS, OPT_SEED, OPT_BUDGET, OPT_JSON };

static const struct option options[] = {
  { "auto", no_argument, NULL, OPT_AUTO },
  { "n", required_argument, NULL, OPT_N },
  { "length", required_argument, NULL, OPT_LENGTH },
  { "threads", required_argument, NULL, OPT_THREADS },
  { "runs", required_argument, NULL, OPT_RUNS },
  { "seed", required_argument, NULL, OPT_SEED },
  { "budget", required_argument, NULL, OPT_BUDGET },
  { "json", no_argument, NULL, OPT_JSON },
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 },
};

typedef struct {
  double seconds, score, test_rmse;
  int evaluated;
  char chosen[CW_RECIPE_NAME_MAX];
} auto_run;

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median_of (const auto_run *runs, int n, size_t offset)
{
  double *v = malloc ((size_t) n * sizeof (double));
  for (int i = 0; i < n; i++)
    v[i] = *(const double *) ((const char *) &runs[i] + offset);
  qsort (v, (size_t) n, sizeof (double), compare_double);
  double m = n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
  free (v);
  return m;
}

static double
test_rmse (cw_model *model, const cw_dataset *ds, const float *y, const unsigned char *roles)
{
  int n = cw_dataset_n_samples (ds), L = cw_dataset_length (ds), m = 0;
  float *x = malloc ((size_t) n * L * sizeof (float)), *p = malloc ((size_t) n * sizeof (float));
  float *yt = malloc ((size_t) n * sizeof (float));
  for (int i = 0; i < n; i++)
    if (roles[i] == CW_ROLE_TEST)
      {
        memcpy (x + (size_t) m * L, cw_dataset_signals (ds) + (size_t) i * L, (size_t) L * sizeof (float));
        yt[m++] = y[i];
      }
  double sse = NAN;
  if (m > 0 && cw_model_predict_raw (model, x, m, p, NULL) == CW_OK)
    {
      sse = 0;
      for (int i = 0; i < m; i++)
        sse += ((double) p[i] - yt[i]) * ((double) p[i] - yt[i]);
    }
  free (x);
  free (p);
  free (yt);
  return sqrt (sse / m);
}

int
cli_bench_auto (int argc, char **argv)
{
  int n = 200, length = 100, threads = 2, runs = 3;
  float budget = 600;
  uint64_t seed = 1;
  bool json = false;
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long (argc, argv, ":h", options, NULL)) != -1)
    {
      bool ok = true;
      switch (c)
        {
        case OPT_AUTO: break;
        case OPT_N: ok = cli_parse_int ("n", optarg, 20, 1000000, &n); break;
        case OPT_LENGTH: ok = cli_parse_int ("length", optarg, 16, 1000000, &length); break;
        case OPT_THREADS: ok = cli_parse_int ("threads", optarg, 1, 1024, &threads); break;
        case OPT_RUNS: ok = cli_parse_int ("runs", optarg, 1, 1000, &runs); break;
        case OPT_SEED: ok = cli_parse_u64 ("seed", optarg, &seed); break;
        case OPT_BUDGET: ok = cli_parse_float ("budget", optarg, 0, 1e7, &budget); break;
        case OPT_JSON: json = true; break;
        case 'h': fputs (bench_auto_usage, stdout); return CLI_EXIT_OK;
        default: return cli_option_error ("bench", c, argv);
        }
      if (!ok)
        return CLI_EXIT_USAGE;
    }

  cw_generator_config g = cw_generator_config_default (CW_GEN_NIR);
  g.n = n;
  g.length = length;
  g.seed = seed;
  cw_error err;
  cw_error_clear (&err);
  cw_dataset *ds = cw_generate (&g, &err);
  if (!ds)
    {
      cli_error ("%s", err.message);
      return CLI_EXIT_FAILURE;
    }
  int target = cw_dataset_find_target (ds, "fat");
  float *y = NULL;
  int k = 0;
  cw_dataset_encode_targets (ds, CW_TASK_REGRESSION, &target, 1, &y, &k, &err);
  unsigned char *split = malloc ((size_t) n), *cv_roles = malloc ((size_t) n);
  int *fold = malloc ((size_t) n * sizeof (int));
  cw_roles_from_split_column (ds, "split", split, &err);
  for (int i = 0; i < n; i++)
    cv_roles[i] = split[i] == CW_ROLE_TEST ? CW_ROLE_TEST : CW_ROLE_TRAIN;
  cw_roles_folds (cv_roles, n, 5, NULL, true, seed, fold, &err);
  int counts[3];
  cw_roles_count (cv_roles, n, counts);
  cw_recipe recipes[CW_RECIPE_MAX_AUTO];
  int n_recipes = cw_recipe_auto_candidates (CW_TASK_REGRESSION, 1, length, counts[CW_ROLE_TRAIN], 1, recipes,
                                             CW_RECIPE_MAX_AUTO);

  const char *modes[2] = { "holdout", "5-fold CV" };
  auto_run *results = calloc ((size_t) 2 * runs, sizeof (auto_run));
  int status = CLI_EXIT_OK;
  for (int r = 0; r < runs && status == CLI_EXIT_OK; r++)
    for (int mode = 0; mode < 2 && status == CLI_EXIT_OK; mode++)
      {
        cw_fit_config config = cw_fit_config_default ();
        config.candidates = recipes;
        config.n_candidates = n_recipes;
        config.threads = threads;
        config.time_budget_s = budget;
        config.seed = seed;
        cw_fit_data data = { .x = cw_dataset_signals (ds), .n = n, .channels = 1, .length = length,
                             .axis = cw_dataset_axis (ds), .y = y, .k = k, .task = CW_TASK_REGRESSION,
                             .roles = mode ? cv_roles : split, .fold = mode ? fold : NULL, .n_folds = mode ? 5 : 0 };
        cw_fit_result fit = { 0 };
        double t = cli_now ();
        cw_status st = cli_fit_interruptible (&config, &data, true, &fit, &err);
        auto_run *ar = &results[mode * runs + r];
        ar->seconds = cli_now () - t;
        if (st != CW_OK)
          {
            cli_error ("auto (%s): %s", modes[mode], err.message);
            status = st == CW_ERR_ABORTED ? CLI_EXIT_INTERRUPTED : CLI_EXIT_FAILURE;
          }
        else
          {
            ar->score = fit.score;
            ar->test_rmse = test_rmse (fit.model, ds, y, data.roles);
            for (int i = 0; i < fit.n_candidates; i++)
              ar->evaluated += fit.candidates[i].evaluated;
            snprintf (ar->chosen, sizeof ar->chosen, "%s", fit.candidates[fit.chosen].name);
            fprintf (stderr, "  run %d %-9s %6.1f s  %d of %d candidates  chosen %-14s validation RMSE %.3f  test %.3f\n",
                     r + 1, modes[mode], ar->seconds, ar->evaluated, n_recipes, ar->chosen, ar->score, ar->test_rmse);
          }
        cw_fit_result_clear (&fit);
      }

  if (status == CLI_EXIT_OK)
    {
      if (json)
        {
          cli_json j;
          cli_json_init (&j, stdout);
          cli_json_begin_object (&j, NULL);
          cli_json_string (&j, "command", "bench --auto");
          cli_json_int (&j, "n", n);
          cli_json_int (&j, "length", length);
          cli_json_int (&j, "threads", threads);
          cli_json_int (&j, "runs", runs);
          cli_json_begin_array (&j, "modes", false);
          for (int mode = 0; mode < 2; mode++)
            {
              const auto_run *rs = results + mode * runs;
              cli_json_begin_object (&j, NULL);
              cli_json_string (&j, "validation", modes[mode]);
              cli_json_number (&j, "median_seconds", median_of (rs, runs, offsetof (auto_run, seconds)));
              cli_json_number (&j, "median_validation_rmse", median_of (rs, runs, offsetof (auto_run, score)));
              cli_json_number (&j, "median_test_rmse", median_of (rs, runs, offsetof (auto_run, test_rmse)));
              cli_json_string (&j, "chosen", rs[0].chosen);
              cli_json_end_object (&j);
            }
          cli_json_end_array (&j);
          cli_json_end_object (&j);
          cli_json_finish (&j);
        }
      else
        {
          printf ("auto recipe on %d generated NIR spectra x %d points (fat), %d thread%s, %d run%s:\n", n, length, threads,
                  threads == 1 ? "" : "s", runs, runs == 1 ? "" : "s");
          printf ("  %-10s %10s %10s %10s  %s\n", "validation", "seconds", "val RMSE", "test RMSE", "chosen");
          for (int mode = 0; mode < 2; mode++)
            {
              const auto_run *rs = results + mode * runs;
              printf ("  %-10s %10.1f %10.3f %10.3f  %s\n", modes[mode], median_of (rs, runs, offsetof (auto_run, seconds)),
                      median_of (rs, runs, offsetof (auto_run, score)),
                      median_of (rs, runs, offsetof (auto_run, test_rmse)), rs[0].chosen);
            }
        }
    }
  free (results);
  free (split);
  free (cv_roles);
  free (fold);
  free (y);
  cw_dataset_free (ds);
  return status;
}
