/* cmd-compare.c — `conv1d compare`: a CNN and PLS on one split, fed by one preprocessing pipeline fitted
 * on the training rows, scored on the same test rows; optionally how each degrades under instrument
 * drift (perturbations of the raw test spectra). */
#include "compare-report.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char compare_usage[] =
  "Usage: conv1d compare --data FILE --target NAME [OPTIONS]\n"
  "\n"
  "Trains a 1D CNN and fits PLS on the same training rows, with the same preprocessing (fitted on those\n"
  "rows), and reports both on the same test rows: RMSEP, R² and MAE, or accuracy for classes.\n"
  "\n"
  "Data and split:\n"
  "  -d, --data FILE          CSV/TSV with meta:, target: and signal columns\n"
  "  -t, --target NAME        column(s) to predict (default: every target: column)\n"
  "      --task TASK          regression | binary | multiclass (default: from the column)\n"
  "      --test-meta COL=VAL  test rows by a meta column, e.g. split_vignette=test\n"
  "      --test-rows RANGES   test rows by 1-based row number, e.g. 51-60\n"
  "      --test-fraction F    random test share (default 0.2, by --seed)\n"
  "  -p, --preprocess STEPS   e.g. \"snv sg(11,2,1) center\" (default: center), for both models\n"
  "      --scale MODE         center (default) | autoscale | none: appended as in `conv1d pls`\n"
  "PLS:\n"
  "  -c, --components N|auto  components (default auto: suggested by CV on the training rows)\n"
  "  -m, --max-components N   components evaluated for auto (default 10)\n"
  "      --cv SPEC            CV for auto: K (default 10), loo, kfold:K:random:SEED, group:META[:K]\n"
  "      --algorithm NAME     nipals (default) | simpls\n"
  "CNN (as in `conv1d train`; its own input standardisation is applied on top of the preprocessing):\n"
  "  -a, --arch SPEC          layers (default: the `conv1d train` default for the preprocessed length)\n"
  "  -e, --epochs N           epochs (default 100)\n"
  "  -b, --batch N            batch size (default 32)\n"
  "      --lr RATE            learning rate (default 1e-3 for adam, 1e-2 for sgd)\n"
  "      --optimizer NAME     adam (default) | sgd\n"
  "      --momentum M         sgd momentum (default 0.9)\n"
  "      --weight-decay W     L2 penalty added to the gradient\n"
  "      --loss NAME          mse | mae | crossentropy | bce | hinge | exp (default: the task's)\n"
  "      --schedule NAME      constant (default) | step | exp | cosine (with --lr-step, --lr-gamma, --lr-min)\n"
  "                           | plateau (with --plateau-patience N (10), --plateau-factor F (0.5), --lr-min)\n"
  "      --val FRACTION       share of the training rows held out for early stopping (default 0)\n"
  "      --patience N         stop after N epochs without improvement (validation loss with --val)\n"
  "      --scaling MODE       input scaling: feature (default) | channel | none\n"
  "      --no-target-scaling  do not standardise regression targets\n"
  "      --aug-shift N, --aug-noise SD, --aug-scale SD, --aug-offset SD, --aug-slope SD\n"
  "                           augmentation of training batches (in the units --aug-units says)\n"
  "      --aug-units UNITS    standardised (default) | input: augment the preprocessed signals before the\n"
  "                           CNN's scaling, offset/slope/noise in SDs of all training signal values\n"
  "      --seed N             seed for the weights, the random test split and the drift noise (default 1)\n"
  "      --threads N          threads (default 1)\n"
  "Output:\n"
  "      --drift              also perturb the raw test spectra in graded steps (shift, offset, slope,\n"
  "                           scale, noise) and report each model's RMSEP (accuracy) per step\n"
  "      --json               print one JSON object instead of the text report\n"
  "  -q, --quiet              no training progress on stderr\n"
  "  -h, --help               this help\n"
  "\n"
  "Example:\n"
  "  conv1d compare --data resources/data/gasoline.csv --target octane --test-meta split_vignette=test \\\n"
  "                 --epochs 300 --drift\n";

enum {
  OPT_TASK = 256, OPT_TEST_META, OPT_TEST_ROWS, OPT_TEST_FRACTION, OPT_SCALE, OPT_CV, OPT_ALGORITHM, OPT_VAL,
  OPT_DRIFT, OPT_JSON,
};

static const struct option compare_options_table[] = {
  { "data", required_argument, NULL, 'd' },
  { "target", required_argument, NULL, 't' },
  { "task", required_argument, NULL, OPT_TASK },
  { "test-meta", required_argument, NULL, OPT_TEST_META },
  { "test-rows", required_argument, NULL, OPT_TEST_ROWS },
  { "test-fraction", required_argument, NULL, OPT_TEST_FRACTION },
  { "preprocess", required_argument, NULL, 'p' },
  { "scale", required_argument, NULL, OPT_SCALE },
  { "components", required_argument, NULL, 'c' },
  { "max-components", required_argument, NULL, 'm' },
  { "cv", required_argument, NULL, OPT_CV },
  { "algorithm", required_argument, NULL, OPT_ALGORITHM },
  { "val", required_argument, NULL, OPT_VAL },
  CLI_CNN_OPTIONS,
  { "drift", no_argument, NULL, OPT_DRIFT },
  { "json", no_argument, NULL, OPT_JSON },
  { "quiet", no_argument, NULL, 'q' },
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 },
};

/* NAN / -1 / NULL = not given, so the engine's defaults stay in charge. */
typedef struct {
  const char *data, *target, *preprocess, *scale, *test_meta, *test_rows, *cv_text;
  bool task_given, drift, json, quiet;
  cw_task task;
  float test_fraction;
  int components, max_components;     /* components 0 = auto */
  cli_cv cv;
  cw_pls_algorithm algorithm;
  float val;
  cli_cnn_args cnn;
} compare_args;

static int
parse_args (int argc, char **argv, compare_args *a)
{
  memset (a, 0, sizeof *a);
  a->test_fraction = NAN;
  a->max_components = 10;
  a->cv_text = "10";
  cli_cnn_args_init (&a->cnn);
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long (argc, argv, ":d:t:p:c:m:a:e:b:qh", compare_options_table, NULL)) != -1)
    {
      bool ok = true;
      switch (c)
        {
        case 'd': a->data = optarg; break;
        case 't': a->target = optarg; break;
        case 'p': a->preprocess = optarg; break;
        case 'q': a->quiet = true; break;
        case OPT_TASK: ok = cli_parse_task (optarg, &a->task); a->task_given = true; break;
        case OPT_TEST_META:
          a->test_meta = optarg;
          ok = cli_check_meta_value ("compare", "test-meta", optarg);
          break;
        case OPT_TEST_ROWS: a->test_rows = optarg; break;
        case OPT_TEST_FRACTION:
          ok = cli_parse_float ("test-fraction", optarg, 0.01, 0.95, &a->test_fraction);
          break;
        case OPT_SCALE: a->scale = optarg; ok = cli_check_scale (optarg); break;
        case 'c':
          if (strcmp (optarg, "auto") == 0)
            a->components = 0;
          else
            ok = cli_parse_int ("components", optarg, 1, 10000, &a->components);
          break;
        case 'm': ok = cli_parse_int ("max-components", optarg, 1, 10000, &a->max_components); break;
        case OPT_CV: a->cv_text = optarg; break;
        case OPT_ALGORITHM:
          ok = cli_parse_pls_algorithm ("compare", optarg, &a->algorithm);
          break;
        case OPT_VAL: ok = cli_parse_float ("val", optarg, 0, 0.9, &a->val); break;
        case OPT_DRIFT: a->drift = true; break;
        case OPT_JSON: a->json = true; break;
        case 'h': fputs (compare_usage, stdout); return CLI_EXIT_OK;
        default:
          {
            int rc = cli_cnn_parse_option (&a->cnn, "compare", c, optarg);
            if (rc < 0)
              return cli_option_error ("compare", c, argv);
            if (rc > 0)
              return rc;
          }
        }
      if (!ok)
        return CLI_EXIT_USAGE;
    }
  if (optind < argc)
    return cli_usage_error ("compare", "unexpected argument '%s'.", argv[optind]);
  if (!a->data)
    return cli_usage_error ("compare", "--data FILE is required.");
  if ((a->test_meta != NULL) + (a->test_rows != NULL) + !isnan (a->test_fraction) > 1)
    return cli_usage_error ("compare", "--test-meta, --test-rows and --test-fraction are alternatives; give one.");
  if (!cli_parse_cv (a->cv_text, &a->cv))
    return CLI_EXIT_USAGE;
  if (a->components == 0 && a->cv.kind == CLI_CV_NONE)
    return cli_usage_error ("compare", "--components auto needs cross-validation; give --cv or --components N.");
  if (a->components > a->max_components)
    a->max_components = a->components;
  if (a->task_given && a->task == CW_TASK_MULTILABEL)
    return cli_usage_error ("compare", "--task multilabel is not available (PLS-DA takes one class column).");
  return -1;
}

/* ---- training progress (a redrawn line on a terminal) ---- */

typedef struct {
  bool show, line_open;
  double last_draw;
} progress_state;

static void
on_progress (const cw_progress *p, void *user)
{
  progress_state *s = user;
  if (!s->show)
    return;
  double now = cli_now ();
  bool last = p->epoch_end && p->epoch == p->epochs;
  if (!last && now - s->last_draw < 0.1)
    return;
  s->last_draw = now;
  char eta[32];
  cli_format_duration (p->eta_s, eta, sizeof eta);
  fprintf (stderr, "\r\033[KCNN: epoch %d/%d  loss %.4g  ETA %s", p->epoch, p->epochs, p->train_loss, eta);
  fflush (stderr);
  s->line_open = true;
}

/* ---- evaluation ---- */

static cw_status
evaluate (model_result *m, const double *x, const double *y, int n, int q, bool classification, cw_error *err)
{
  double *pred = malloc ((size_t) n * q * sizeof (double));
  cw_status st = cw_predictor_predict (&m->predictor, x, n, pred, err);
  if (st == CW_OK)
    m->scores = cli_score (y, pred, n, q, NULL, classification);
  free (pred);
  return st;
}

/* Every drift kind and size for one model: RMSEP through the engine's driver, or accuracy by the same
 * steps (perturb the raw rows, then predict through the pipeline) for classes. */
static cw_status
drift_model (model_result *m, double sizes[CW_DRIFT_N_KINDS][CW_DRIFT_STEPS], uint64_t seed, const double *x,
             const double *y, int n, int channels, int length, int q, bool classification, cw_error *err)
{
  cw_status st = CW_OK;
  double *xp = classification ? malloc ((size_t) n * channels * length * sizeof (double)) : NULL;
  double *pred = classification ? malloc ((size_t) n * q * sizeof (double)) : NULL;
  for (int k = 0; k < CW_DRIFT_N_KINDS && st == CW_OK; k++)
    {
      double *out = m->drift + k * CW_DRIFT_STEPS;
      if (!classification)
        {
          st = cw_drift_curve ((cw_drift_kind) k, sizes[k], CW_DRIFT_STEPS, seed, x, y, n, channels, length, q,
                               cw_predictor_predict, &m->predictor, out, err);
          continue;
        }
      for (int s = 0; s < CW_DRIFT_STEPS && st == CW_OK; s++)
        {
          cw_drift_apply ((cw_drift_kind) k, sizes[k][s], seed, x, n, channels, length, xp);
          st = cw_predictor_predict (&m->predictor, xp, n, pred, err);
          if (st == CW_OK)
            out[s] = cli_score (y, pred, n, q, NULL, true).accuracy;
        }
    }
  free (xp);
  free (pred);
  return st;
}

static void
gather_rows (const double *src, size_t width, const unsigned char *is_test, int n, double *dst)
{
  for (int i = 0, m = 0; i < n; i++)
    if (is_test[i])
      memcpy (dst + (size_t) m++ * width, src + (size_t) i * width, width * sizeof (double));
}

int
cli_compare (int argc, char **argv)
{
  compare_args a;
  int rc = parse_args (argc, argv, &a);
  if (rc >= 0)
    return rc;

  int status = CLI_EXIT_FAILURE;
  cw_dataset *ds = NULL;
  cw_pipeline *pipe = NULL;
  cw_chemo_data d = { 0 };
  cw_cv_plan plan = { 0 };
  cw_pls_cv_result r = { 0 };
  cw_model *model = NULL;
  float *y = NULL, *xf = NULL;
  double *xt = NULL, *x_test = NULL, *y_test = NULL, *drift = NULL;
  unsigned char *role = NULL;
  cw_xy train = { 0 }, val = { 0 };
  cw_history hist = { 0 };
  compare_report cr = { 0 };
  cw_error err;
  cw_error_clear (&err);

  if (!(pipe = cli_parse_preprocess (a.preprocess, a.scale ? a.scale : "center")))
    goto out;
  if (!(ds = cli_load_data (a.data, a.target)))
    goto out;
  int cols[CLI_MAX_TARGETS], n_cols = 0;
  cw_task task = a.task;
  if (!cli_resolve_targets (ds, a.target, a.task_given, &task, cols, &n_cols))
    goto out;
  if (task == CW_TASK_MULTILABEL)
    {
      cli_error ("PLS-DA takes one class column; several 0/1 columns (multilabel) are not supported.");
      goto out;
    }
  if (!cli_chemo_data (ds, task, cols, n_cols, &d))
    goto out;
  int n = d.n, C = d.channels, L = d.length, q = d.q;

  /* The split: one for both models. */
  char split[256];
  cw_cv_plan_init (&plan, n);
  if (a.test_meta || a.test_rows)
    {
      if (!cli_plan_test (&plan, ds, a.test_meta, a.test_rows, split, sizeof split))
        goto out;
    }
  else
    {
      double fraction = isnan (a.test_fraction) ? 0.2 : a.test_fraction;
      unsigned char *is_test = calloc ((size_t) n + 1, 1);
      cw_split_random (n, fraction, a.cnn.seed, is_test);
      cw_status st = cw_cv_plan_test_rows (&plan, is_test, &err);
      free (is_test);
      if (st != CW_OK)
        {
          cli_error ("%s", err.message);
          goto out;
        }
      snprintf (split, sizeof split, "random %g, seed %llu", fraction, (unsigned long long) a.cnn.seed);
    }
  int n_test = cw_cv_plan_n_test (&plan), n_train = n - n_test;
  if (n_test == 0 || n_train < 2)
    {
      cli_error ("The split (%s) gives %d training and %d test rows; a comparison needs test rows and at "
                 "least 2 training rows.", split, n_train, n_test);
      goto out;
    }
  if (a.components == 0 && !cli_plan_folds (&plan, ds, &a.cv))
    goto out;

  /* PLS, and with it the pipeline fitted on the training rows. */
  cw_pls_cv_config pcfg = cw_pls_cv_config_default ();
  pcfg.max_components = a.max_components;
  pcfg.algorithm = a.algorithm;
  pcfg.pipeline = pipe;
  pcfg.classification = task != CW_TASK_REGRESSION;
  pcfg.threads = a.cnn.threads > 0 ? a.cnn.threads : 1;
  if (cw_pls_cv_run (&pcfg, &d, &plan, &r, &err) != CW_OK)
    {
      cli_error ("PLS: %s", err.message[0] ? err.message : cw_status_name (err.status));
      goto out;
    }
  int components = a.components ? a.components : r.suggested;
  if (components > r.n_components)
    {
      cli_error ("--components %d: only %d component%s could be fitted.", components, r.n_components,
                 r.n_components == 1 ? "" : "s");
      goto out;
    }

  /* The CNN on the same preprocessed rows (its own standardisation comes on top, inside the model). */
  int Lp = cw_pipeline_out_length (r.pipeline);
  size_t width = (size_t) C * Lp, size = (size_t) n * width;
  xt = malloc ((size ? size : 1) * sizeof (double));
  xf = malloc ((size ? size : 1) * sizeof (float));
  cw_pipeline_apply (r.pipeline, d.x, n, xt);
  for (size_t i = 0; i < size; i++)
    xf[i] = (float) xt[i];
  int k = 0;
  if (cw_dataset_encode_targets (ds, task, cols, n_cols, &y, &k, &err) != CW_OK)
    {
      cli_error ("%s", err.message);
      goto out;
    }
  if (!(model = cli_cnn_model (&a.cnn, C, Lp, task, k)))
    goto out;
  /* role: 0 = fit, 1 = early-stopping rows (a share of the training rows), 2 = test. */
  role = calloc ((size_t) n + 1, 1);
  unsigned char *held = calloc ((size_t) n_train + 1, 1);
  if (!isnan (a.val) && a.val > 0)
    cw_split_random (n_train, a.val, a.cnn.seed, held);
  for (int i = 0, t = 0; i < n; i++)
    role[i] = plan.is_test[i] ? 2 : held[t++] ? 1 : 0;
  free (held);
  unsigned char *is_val = calloc ((size_t) n + 1, 1), *not_fit = calloc ((size_t) n + 1, 1);
  for (int i = 0; i < n; i++)
    {
      is_val[i] = role[i] == 1;
      not_fit[i] = role[i] != 0;
    }
  train = cw_xy_select (xf, y, n, (int) width, k, not_fit, false);
  val = cw_xy_select (xf, y, n, (int) width, k, is_val, true);
  free (is_val);
  free (not_fit);
  if (train.n == 0)
    {
      cli_error ("No rows are left to train the CNN on (--val %g).", (double) a.val);
      goto out;
    }
  cw_train_config cfg = cli_cnn_config (&a.cnn, task);
  progress_state ps = { .show = !a.quiet && isatty (STDERR_FILENO) };
  cw_status st = cli_train_interruptible (model, &cfg, train, val, on_progress, &ps, &hist, &err);
  if (ps.line_open)
    fputc ('\n', stderr);
  if (st != CW_OK && st != CW_ERR_ABORTED)
    {
      cli_error ("CNN training failed: %s", err.message[0] ? err.message : cw_status_name (st));
      goto out;
    }

  /* Both models on the raw test rows through the same fitted pipeline. */
  x_test = malloc ((size_t) n_test * C * L * sizeof (double));
  y_test = malloc ((size_t) n_test * q * sizeof (double));
  gather_rows (d.x, (size_t) C * L, plan.is_test, n, x_test);
  gather_rows (d.y, (size_t) q, plan.is_test, n, y_test);
  cr = (compare_report) { .data = a.data, .ds = ds, .cols = cols, .n_cols = n_cols, .task = task,
                          .classification = pcfg.classification, .split = split, .n_train = n_train,
                          .n_test = n_test, .n_val = val.n, .pipeline = cw_pipeline_to_string (r.pipeline),
                          .arch = cw_spec_to_string (cw_model_spec (model)), .params = cw_model_n_params (model), .hist = &hist,
                          .interrupted = st == CW_ERR_ABORTED, .components = components,
                          .components_given = a.components > 0, .validation = plan.label,
                          .algorithm = a.algorithm, .drift = a.drift, .seed = a.cnn.seed };
  cr.models[0] = (model_result) { .name = "CNN", .predictor = { .pipeline = r.pipeline, .model = model } };
  cr.models[1] = (model_result) { .name = "PLS",
                                  .predictor = { .pipeline = r.pipeline, .pls = r.model, .ncomp = components } };
  for (int m = 0; m < 2; m++)
    if (evaluate (&cr.models[m], x_test, y_test, n_test, q, cr.classification, &err) != CW_OK)
      {
        cli_error ("%s: %s", cr.models[m].name, err.message);
        goto out;
      }
  if (a.drift)
    {
      drift = malloc (2 * CW_DRIFT_N_KINDS * CW_DRIFT_STEPS * sizeof (double));
      for (int kind = 0; kind < CW_DRIFT_N_KINDS; kind++)
        cw_drift_default_sizes ((cw_drift_kind) kind, x_test, n_test, C, L, cr.sizes[kind]);
      for (int m = 0; m < 2; m++)
        {
          cr.models[m].drift = drift + m * CW_DRIFT_N_KINDS * CW_DRIFT_STEPS;
          if (drift_model (&cr.models[m], cr.sizes, a.cnn.seed, x_test, y_test, n_test, C, L, q, cr.classification,
                           &err) != CW_OK)
            {
              cli_error ("%s under drift: %s", cr.models[m].name, err.message);
              goto out;
            }
        }
    }
  if (a.json)
    compare_print_json (&cr);
  else
    compare_print_text (&cr);
  status = st == CW_ERR_ABORTED ? CLI_EXIT_INTERRUPTED : CLI_EXIT_OK;

out:
  free (cr.pipeline);
  free (cr.arch);
  free (drift);
  free (x_test);
  free (y_test);
  free (role);
  cw_history_clear (&hist);
  cw_xy_free (&train);
  cw_xy_free (&val);
  free (xt);
  free (xf);
  free (y);
  cw_model_free (model);
  cw_pls_cv_result_clear (&r);
  cw_cv_plan_clear (&plan);
  cw_chemo_data_clear (&d);
  cw_pipeline_free (pipe);
  cw_dataset_free (ds);
  return status;
}
