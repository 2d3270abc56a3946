/* cmd-bench.c — `conv1d bench`: training and inference throughput on the fixed workloads, with the
 * protocol of shared/bench/torch_bench.py (1 warm-up epoch, E timed epochs, batches in row order,
 * forward + backward + Adam step; medians over epochs, then over interleaved runs). */
#include "bench-workloads.h"
#include "cli-common.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char bench_usage[] =
  "Usage: conv1d bench [--workload S|M|L|all] [--threads N[,N...]] [--epochs E] [--runs R] [--json]\n"
  "\n"
  "Training and inference speed on the workloads of shared/bench/workloads.json (S: NIR regression,\n"
  "M: ECG-like 5 classes, L: 50-tag sample-level tagging), measured like the PyTorch peer\n"
  "torch_bench.py: one warm-up epoch, then E timed epochs in row order; each run reports the median\n"
  "epoch, the table the median over runs. GFLOP/s count 2 x multiply-adds of conv and dense layers\n"
  "(training = 3 x forward).\n"
  "\n"
  "  -w, --workload W    S, M, L, a comma-separated list, or all (default all)\n"
  "      --threads LIST  thread counts, e.g. 1,2 (default 1)\n"
  "  -e, --epochs E      timed epochs per run (default 7)\n"
  "      --runs R        runs, interleaved over workloads and thread counts (default 3)\n"
  "      --checksums     print the synthetic data's checksums (as in workloads.json) and stop\n"
  "      --json          print one JSON object (progress goes to stderr)\n"
  "      --auto          time the auto recipe instead (conv1d bench --auto --help)\n"
  "  -h, --help          this help\n";

enum { OPT_THREADS = 256, OPT_RUNS, OPT_JSON, OPT_CHECKSUMS };

static const struct option bench_options[] = {
  { "workload", required_argument, NULL, 'w' },
  { "threads", required_argument, NULL, OPT_THREADS },
  { "epochs", required_argument, NULL, 'e' },
  { "runs", required_argument, NULL, OPT_RUNS },
  { "checksums", no_argument, NULL, OPT_CHECKSUMS },
  { "json", no_argument, NULL, OPT_JSON },
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 },
};

#define MAX_THREAD_COUNTS 8

typedef struct {
  const bench_workload *workloads[BENCH_N_WORKLOADS];
  int n_workloads;
  int threads[MAX_THREAD_COUNTS];
  int n_threads;
  int epochs, runs;
  bool json, checksums;
} bench_args;

typedef struct {
  const bench_workload *w;
  int threads, run;
  double fwd_flops;
  double train_sps, train_min, train_max; /* median, slowest and fastest timed epoch */
  double infer_sps;
  double loss_first, loss_last;           /* mean loss of the warm-up and of the last epoch */
} bench_result;

static bool
parse_workloads (const char *text, bench_args *a)
{
  if (strcasecmp (text, "all") == 0)
    {
      for (int i = 0; i < BENCH_N_WORKLOADS; i++)
        a->workloads[i] = &bench_workloads[i];
      a->n_workloads = BENCH_N_WORKLOADS;
      return true;
    }
  char *copy = strdup (text), *save = NULL;
  a->n_workloads = 0;
  bool ok = true;
  for (char *tok = strtok_r (copy, ",", &save); tok && ok; tok = strtok_r (NULL, ",", &save))
    {
      const bench_workload *w = bench_find_workload (tok);
      if (!w || a->n_workloads == BENCH_N_WORKLOADS)
        ok = false;
      else
        a->workloads[a->n_workloads++] = w;
    }
  free (copy);
  return ok && a->n_workloads > 0;
}

static bool
parse_threads (const char *text, bench_args *a)
{
  char *copy = strdup (text), *save = NULL;
  a->n_threads = 0;
  bool ok = true;
  for (char *tok = strtok_r (copy, ",", &save); tok && ok; tok = strtok_r (NULL, ",", &save))
    ok = a->n_threads < MAX_THREAD_COUNTS && cli_parse_int ("threads", tok, 1, 1024, &a->threads[a->n_threads++]);
  free (copy);
  return ok && a->n_threads > 0;
}

static int
parse_args (int argc, char **argv, bench_args *a)
{
  memset (a, 0, sizeof *a);
  parse_workloads ("all", a);
  a->threads[0] = 1;
  a->n_threads = 1;
  a->epochs = 7;
  a->runs = 3;
  optind = 1;
  opterr = 0;
  int c;
  while ((c = getopt_long (argc, argv, ":w:e:h", bench_options, NULL)) != -1)
    {
      switch (c)
        {
        case 'w':
          if (!parse_workloads (optarg, a))
            return cli_usage_error ("bench", "--workload: '%s' is not S, M, L, a list of them, or all.", optarg);
          break;
        case OPT_THREADS:
          if (!parse_threads (optarg, a))
            return cli_usage_error ("bench", "--threads wants a number or a list such as 1,2.");
          break;
        case 'e':
          if (!cli_parse_int ("epochs", optarg, 1, 10000, &a->epochs))
            return CLI_EXIT_USAGE;
          break;
        case OPT_RUNS:
          if (!cli_parse_int ("runs", optarg, 1, 1000, &a->runs))
            return CLI_EXIT_USAGE;
          break;
        case OPT_CHECKSUMS: a->checksums = true; break;
        case OPT_JSON: a->json = true; break;
        case 'h': fputs (bench_usage, stdout); return CLI_EXIT_OK;
        default: return cli_option_error ("bench", c, argv);
        }
    }
  if (optind < argc)
    return cli_usage_error ("bench", "unexpected argument '%s'.", argv[optind]);
  return -1;
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* Median of v[0..n-1] (sorts v). */
static double
median (double *v, int n)
{
  qsort (v, (size_t) n, sizeof *v, compare_doubles);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* One run of one workload at one thread count: a fresh model, training epochs, then inference epochs. */
static bool
bench_one (const bench_workload *w, const float *x, const float *y, int threads, int epochs,
           bench_result *r)
{
  cw_error err;
  cw_error_clear (&err);
  cw_spec *spec = cw_spec_parse (w->spec, &err);
  cw_model *model = spec ? cw_model_new (spec, w->in_channels, w->in_length, w->task, w->n_outputs, &err)
                         : NULL;
  cw_spec_free (spec);
  if (!model)
    {
      cli_error ("workload %s: %s", w->name, err.message);
      return false;
    }
  cw_model_set_threads (model, threads);
  cw_model_init_weights (model, 0);
  if (cw_model_set_batch (model, w->batch, &err) != CW_OK)
    {
      cli_error ("workload %s: %s", w->name, err.message);
      cw_model_free (model);
      return false;
    }
  cw_optimizer_config oc = bench_optimizer (w);
  size_t n_params = cw_model_n_params (model);
  cw_optimizer *opt = cw_optimizer_new (&oc, n_params);
  float *params = cw_model_params (model), *grads = cw_model_grads (model);
  int N = w->samples, B = w->batch, k = w->n_outputs;
  size_t f = (size_t) w->in_channels * (size_t) w->in_length;
  float *dout = malloc ((size_t) B * (size_t) k * sizeof (float));
  double *times = malloc ((size_t) epochs * sizeof (double));

  memset (r, 0, sizeof *r);
  r->w = w;
  r->threads = threads;
  r->fwd_flops = cw_model_flops (model);
  for (int ep = 0; ep < 1 + epochs; ep++)
    {
      double t0 = cli_now ();
      double total = 0;
      for (int i = 0; i < N; i += B)
        {
          int nb = N - i < B ? N - i : B;
          const float *out = cw_model_forward (model, x + (size_t) i * f, nb, true);
          double loss = cw_loss_compute (w->loss, out, y + (size_t) i * k, nb, k, dout);
          cw_model_zero_grads (model);
          cw_model_backward (model, dout, NULL);
          cw_optimizer_step (opt, params, grads, oc.lr);
          total += loss * nb;
        }
      double dt = cli_now () - t0;
      if (ep > 0)
        times[ep - 1] = dt;
      if (ep == 0)
        r->loss_first = total / N;
      r->loss_last = total / N;
    }
  r->train_sps = N / median (times, epochs); /* sorted from here on */
  r->train_min = N / times[epochs - 1];
  r->train_max = N / times[0];

  for (int ep = 0; ep < 1 + epochs; ep++)
    {
      double t0 = cli_now ();
      for (int i = 0; i < N; i += B)
        cw_model_forward (model, x + (size_t) i * f, N - i < B ? N - i : B, false);
      if (ep > 0)
        times[ep - 1] = cli_now () - t0;
    }
  r->infer_sps = N / median (times, epochs);

  free (times);
  free (dout);
  cw_optimizer_free (opt);
  cw_model_free (model);
  return true;
}

static void
print_layers (const bench_workload *w)
{
  cw_spec *spec = cw_spec_parse (w->spec, NULL);
  int n = spec ? cw_spec_count (spec) : 0;
  cw_shape_info *info = calloc ((size_t) n + 1, sizeof *info);
  if (!spec || cw_spec_infer (spec, w->in_channels, w->in_length, info, NULL) != CW_OK)
    n = 0;
  double flops = 0;
  for (int i = 0; i < n; i++)
    flops += info[i].flops;
  fprintf (stderr, "%s: %s  fwd %.3f MFLOP/sample  layers:", w->name, w->desc, flops / 1e6);
  for (int i = 0; i < n; i++)
    {
      const cw_layer_spec *ls = cw_spec_get (spec, i);
      fprintf (stderr, "%s %s[%dx%d]", i ? " ->" : "",
               ls->type == CW_LAYER_ACTIVATION ? cw_activation_name (ls->activation) : cw_layer_type_name (ls->type),
               info[i].channels, info[i].length);
    }
  fputc ('\n', stderr);
  if (n > 0 && flops != w->fwd_flops)
    fprintf (stderr, "warning: the engine counts %.0f FLOPs per sample for %s, workloads.json %.0f\n", flops,
             w->name, w->fwd_flops);
  free (info);
  cw_spec_free (spec);
}

static void
machine_json (cli_json *j)
{
  char cpu[256] = "?";
  FILE *f = fopen ("/proc/cpuinfo", "r");
  if (f)
    {
      char line[512];
      while (fgets (line, sizeof line, f))
        if (strncmp (line, "model name", 10) == 0 && strchr (line, ':'))
          {
            const char *v = strchr (line, ':') + 1;
            while (*v == ' ' || *v == '\t')
              v++;
            snprintf (cpu, sizeof cpu, "%s", v);
            cpu[strcspn (cpu, "\n")] = '\0';
            break;
          }
      fclose (f);
    }
  cli_json_begin_object (j, "machine");
  cli_json_string (j, "cpu", cpu);
  cli_json_int (j, "ncpu", sysconf (_SC_NPROCESSORS_ONLN));
  cli_json_string (j, "engine", cw_version ());
  const char *coretype = getenv ("OPENBLAS_CORETYPE");
  cli_json_string (j, "OPENBLAS_CORETYPE", coretype);
  cli_json_end_object (j);
}

static void
result_json (cli_json *j, const bench_result *r, bool raw)
{
  cli_json_begin_object (j, NULL);
  cli_json_string (j, "workload", r->w->name);
  cli_json_int (j, "threads", r->threads);
  if (raw)
    cli_json_int (j, "run", r->run);
  cli_json_number (j, "fwd_flops_per_sample", r->fwd_flops);
  cli_json_number (j, "train_samples_per_s", r->train_sps);
  cli_json_begin_array (j, raw ? "train_samples_per_s_min_max" : "train_samples_per_s_range_over_runs", true);
  cli_json_number (j, NULL, r->train_min);
  cli_json_number (j, NULL, r->train_max);
  cli_json_end_array (j);
  cli_json_number (j, "train_gflops", 3 * r->fwd_flops * r->train_sps / 1e9);
  cli_json_number (j, "infer_samples_per_s", r->infer_sps);
  cli_json_number (j, "infer_gflops", r->fwd_flops * r->infer_sps / 1e9);
  cli_json_begin_array (j, "loss_first_last", true);
  cli_json_number (j, NULL, r->loss_first);
  cli_json_number (j, NULL, r->loss_last);
  cli_json_end_array (j);
  cli_json_end_object (j);
}

/* Checksums computed the way workloads.json's were: float32 values summed in double. */
static void
print_checksums (const bench_args *a)
{
  cli_json j;
  if (a->json)
    {
      cli_json_init (&j, stdout);
      cli_json_begin_object (&j, NULL);
    }
  for (int wi = 0; wi < a->n_workloads; wi++)
    {
      const bench_workload *w = a->workloads[wi];
      size_t size = (size_t) w->samples * (size_t) w->in_channels * (size_t) w->in_length;
      float *x = malloc (size * sizeof (float));
      bench_make_x (w, x);
      double sum = 0, sum_abs = 0, sum_y = 0;
      for (size_t i = 0; i < size; i++)
        {
          sum += x[i];
          sum_abs += fabs (x[i]);
        }
      for (int n = 0; n < w->samples; n++)
        sum_y += bench_label_sum (w, n);
      if (a->json)
        {
          cli_json_begin_object (&j, w->name);
          cli_json_number (&j, "sum_x", sum);
          cli_json_number (&j, "sum_abs_x", sum_abs);
          cli_json_begin_array (&j, "x_0_0_0to3", true);
          for (int t = 0; t < 4; t++)
            cli_json_number (&j, NULL, x[t]);
          cli_json_end_array (&j);
          cli_json_number (&j, "sum_y", sum_y);
          cli_json_end_object (&j);
        }
      else
        printf ("%s: sum_x %.17g  sum_abs_x %.17g  x[0,0,0..3] %.9g %.9g %.9g %.9g  sum_y %.17g\n", w->name, sum,
                sum_abs, x[0], x[1], x[2], x[3], sum_y);
      free (x);
    }
  if (a->json)
    {
      cli_json_end_object (&j);
      cli_json_finish (&j);
    }
}

int
cli_bench (int argc, char **argv)
{
  for (int i = 1; i < argc; i++)
    if (strcmp (argv[i], "--auto") == 0)
      return cli_bench_auto (argc, argv);
  bench_args a;
  int rc = parse_args (argc, argv, &a);
  if (rc >= 0)
    return rc;
  if (a.checksums)
    {
      print_checksums (&a);
      return CLI_EXIT_OK;
    }

  float *xs[BENCH_N_WORKLOADS], *ys[BENCH_N_WORKLOADS];
  for (int wi = 0; wi < a.n_workloads; wi++)
    {
      const bench_workload *w = a.workloads[wi];
      print_layers (w);
      xs[wi] = malloc ((size_t) w->samples * w->in_channels * w->in_length * sizeof (float));
      ys[wi] = malloc ((size_t) w->samples * w->n_outputs * sizeof (float));
      bench_make_x (w, xs[wi]);
      bench_make_y (w, ys[wi]);
    }
  int n_raw = a.runs * a.n_workloads * a.n_threads;
  bench_result *raw = calloc ((size_t) n_raw, sizeof *raw);
  int status = CLI_EXIT_OK, done = 0;
  /* Interleaved like the peer: machine noise spreads over every configuration. */
  for (int run = 0; run < a.runs && status == CLI_EXIT_OK; run++)
    for (int wi = 0; wi < a.n_workloads && status == CLI_EXIT_OK; wi++)
      for (int ti = 0; ti < a.n_threads; ti++)
        {
          bench_result *r = &raw[done];
          if (!bench_one (a.workloads[wi], xs[wi], ys[wi], a.threads[ti], a.epochs, r))
            {
              status = CLI_EXIT_FAILURE;
              break;
            }
          r->run = run;
          done++;
          fprintf (stderr, "  run %d %s threads=%d  train %9.1f samples/s  infer %9.1f samples/s  loss %.4f->%.4f\n",
                   run, r->w->name, r->threads, r->train_sps, r->infer_sps, r->loss_first, r->loss_last);
        }

  if (status == CLI_EXIT_OK)
    {
      /* Summary per (workload, threads): medians over runs, the train range over runs. */
      int n_summary = a.n_workloads * a.n_threads;
      bench_result *summary = calloc ((size_t) n_summary, sizeof *summary);
      double *tr = malloc ((size_t) a.runs * sizeof (double)), *inf = malloc ((size_t) a.runs * sizeof (double));
      for (int wi = 0; wi < a.n_workloads; wi++)
        for (int ti = 0; ti < a.n_threads; ti++)
          {
            bench_result *s = &summary[wi * a.n_threads + ti];
            int m = 0;
            for (int i = 0; i < done; i++)
              if (raw[i].w == a.workloads[wi] && raw[i].threads == a.threads[ti])
                {
                  if (m == 0)
                    *s = raw[i];
                  tr[m] = raw[i].train_sps;
                  inf[m] = raw[i].infer_sps;
                  m++;
                }
            s->train_sps = median (tr, m);
            s->train_min = tr[0];
            s->train_max = tr[m - 1];
            s->infer_sps = median (inf, m);
          }
      if (a.json)
        {
          cli_json j;
          cli_json_init (&j, stdout);
          cli_json_begin_object (&j, NULL);
          cli_json_string (&j, "command", "bench");
          machine_json (&j);
          cli_json_int (&j, "epochs_timed", a.epochs);
          cli_json_int (&j, "runs", a.runs);
          cli_json_begin_array (&j, "summary", false);
          for (int i = 0; i < n_summary; i++)
            result_json (&j, &summary[i], false);
          cli_json_end_array (&j);
          cli_json_begin_array (&j, "raw", false);
          for (int i = 0; i < done; i++)
            result_json (&j, &raw[i], true);
          cli_json_end_array (&j);
          cli_json_end_object (&j);
          cli_json_finish (&j);
        }
      else
        {
          printf ("\nconv1d %s: median over %d run%s (each = median of %d epochs after 1 warm-up)\n", cw_version (),
                  a.runs, a.runs == 1 ? "" : "s", a.epochs);
          printf ("%-3s %3s %9s %15s %10s %15s %10s  %s\n", "wl", "thr", "fwd MFLOP", "train samples/s",
                  "train GF/s", "infer samples/s", "infer GF/s", "train range over runs");
          for (int i = 0; i < n_summary; i++)
            {
              const bench_result *s = &summary[i];
              printf ("%-3s %3d %9.3f %15.1f %10.2f %15.1f %10.2f  [%.1f, %.1f]\n", s->w->name, s->threads,
                      s->fwd_flops / 1e6, s->train_sps, 3 * s->fwd_flops * s->train_sps / 1e9, s->infer_sps,
                      s->fwd_flops * s->infer_sps / 1e9, s->train_min, s->train_max);
            }
        }
      free (tr);
      free (inf);
      free (summary);
    }
  free (raw);
  for (int wi = 0; wi < a.n_workloads; wi++)
    {
      free (xs[wi]);
      free (ys[wi]);
    }
  return status;
}
