/* cmd-compare.c — `conv1d compare`: a CNN and PLS on one split, fed by one preprocessing pipeline fitted
 * on the training rows, scored on the same test rows; optionally how each degrades under instrument
 * drift (perturbations of the raw test spectra). */
#include "compare-report.h"

#include <getopt.h>
#include <math.h>
#include <signal.h>
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
  "      --val FRACTION       share of the training rows held out for early stopping (default 0)\n"
  "      --patience N         stop after N epochs without improvement (validation loss with --val)\n"
  "      --scaling MODE       input scaling: feature (default) | channel | none\n"
  "      --no-target-scaling  do not standardise regression targets\n"
  "      --aug-shift N, --aug-noise SD, --aug-scale SD, --aug-offset SD, --aug-slope SD\n"
  "                           augmentation of training batches (standardised units)\n"
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
  OPT_TASK = 256, OPT_TEST_META, OPT_TEST_ROWS, OPT_TEST_FRACTION, OPT_SCALE, OPT_CV, OPT_ALGORITHM, OPT_LR,
  OPT_OPTIMIZER, OPT_MOMENTUM, OPT_WEIGHT_DECAY, OPT_LOSS, OPT_SCHEDULE, OPT_LR_STEP, OPT_LR_GAMMA,
  OPT_LR_MIN, OPT_VAL, OPT_PATIENCE, OPT_SCALING, OPT_NO_TARGET_SCALING, OPT_AUG_SHIFT, OPT_AUG_NOISE,
  OPT_AUG_SCALE, OPT_AUG_OFFSET, OPT_AUG_SLOPE, OPT_SEED, OPT_THREADS, OPT_DRIFT, OPT_JSON,
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
  { "arch", required_argument, NULL, 'a' },
  { "epochs", required_argument, NULL, 'e' },
  { "batch", required_argument, NULL, 'b' },
  { "lr", required_argument, NULL, OPT_LR },
  { "optimizer", required_argument, NULL, OPT_OPTIMIZER },
  { "momentum", required_argument, NULL, OPT_MOMENTUM },
  { "weight-decay", required_argument, NULL, OPT_WEIGHT_DECAY },
  { "loss", required_argument, NULL, OPT_LOSS },
  { "schedule", required_argument, NULL, OPT_SCHEDULE },
  { "lr-step", required_argument, NULL, OPT_LR_STEP },
  { "lr-gamma", required_argument, NULL, OPT_LR_GAMMA },
  { "lr-min", required_argument, NULL, OPT_LR_MIN },
  { "val", required_argument, NULL, OPT_VAL },
  { "patience", required_argument, NULL, OPT_PATIENCE },
  { "scaling", required_argument, NULL, OPT_SCALING },
  { "no-target-scaling", no_argument, NULL, OPT_NO_TARGET_SCALING },
  { "aug-shift", required_argument, NULL, OPT_AUG_SHIFT },
  { "aug-noise", required_argument, NULL, OPT_AUG_NOISE },
  { "aug-scale", required_argument, NULL, OPT_AUG_SCALE },
  { "aug-offset", required_argument, NULL, OPT_AUG_OFFSET },
  { "aug-slope", required_argument, NULL, OPT_AUG_SLOPE },
  { "seed", required_argument, NULL, OPT_SEED },
  { "threads", required_argument, NULL, OPT_THREADS },
  { "drift", no_argument, NULL, OPT_DRIFT },
  { "json", no_argument, NULL, OPT_JSON },
  { "quiet", no_argument, NULL, 'q' },
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 },
};

/* NAN / -1 / NULL = not given, so the engine's defaults stay in charge. */
typedef struct {
  const char *data, *target, *preprocess, *scale, *test_meta, *test_rows, *cv_text, *arch;
  bool task_given, drift, json, quiet;
  cw_task task;
  float test_fraction;
  int components, max_components;     /* components 0 = auto */
  cli_cv cv;
  cw_pls_algorithm algorithm;
  int epochs, batch, patience, threads, lr_step;
  float lr, momentum, weight_decay, lr_gamma, lr_min, val;
  bool optimizer_given, loss_given, scaling_given, no_target_scaling;
  cw_optimizer_type optimizer;
  cw_loss loss;
  cw_schedule_type schedule;
  cw_scaling scaling;
  cw_augment aug;
  uint64_t seed;
} compare_args;

static int
parse_args (int argc, char **argv, compare_args *a)
{
  memset (a, 0, sizeof *a);
  a->test_fraction = NAN;
  a->max_components = 10;
  a->cv_text = "10";
  a->epochs = a->batch = a->patience = a->threads = a->lr_step = -1;
  a->lr = a->momentum = a->weight_decay = a->lr_gamma = a->lr_min = NAN;
  a->schedule = CW_SCHED_CONSTANT;
  a->seed = 1;
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
        case 'a': a->arch = optarg; break;
        case 'q': a->quiet = true; break;
        case OPT_TASK: ok = cli_parse_task (optarg, &a->task); a->task_given = true; break;
        case OPT_TEST_META:
          a->test_meta = optarg;
          if (!strchr (optarg, '=') || optarg[0] == '=')
            return cli_usage_error ("compare", "--test-meta wants COLUMN=VALUE, e.g. split_vignette=test.");
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
          if (strcmp (optarg, "nipals") == 0)
            a->algorithm = CW_PLS_NIPALS;
          else if (strcmp (optarg, "simpls") == 0)
            a->algorithm = CW_PLS_SIMPLS;
          else
            return cli_usage_error ("compare", "--algorithm: '%s' is not one of nipals, simpls.", optarg);
          break;
        case 'e': ok = cli_parse_int ("epochs", optarg, 1, 1000000, &a->epochs); break;
        case 'b': ok = cli_parse_int ("batch", optarg, 1, 1 << 20, &a->batch); break;
        case OPT_LR: ok = cli_parse_float ("lr", optarg, 0, 100, &a->lr); break;
        case OPT_OPTIMIZER:
          if (!cw_optimizer_from_name (optarg, &a->optimizer))
            return cli_usage_error ("compare", "--optimizer: '%s' is not one of adam, sgd.", optarg);
          a->optimizer_given = true;
          break;
        case OPT_MOMENTUM: ok = cli_parse_float ("momentum", optarg, 0, 1, &a->momentum); break;
        case OPT_WEIGHT_DECAY: ok = cli_parse_float ("weight-decay", optarg, 0, 1e3, &a->weight_decay); break;
        case OPT_LOSS:
          if (!cw_loss_from_name (optarg, &a->loss))
            return cli_usage_error ("compare", "--loss: '%s' is not one of mse, mae, crossentropy, bce, hinge, "
                                    "exp.", optarg);
          a->loss_given = true;
          break;
        case OPT_SCHEDULE:
          if (!cw_schedule_from_name (optarg, &a->schedule))
            return cli_usage_error ("compare", "--schedule: '%s' is not one of constant, step, exp, cosine.",
                                    optarg);
          break;
        case OPT_LR_STEP: ok = cli_parse_int ("lr-step", optarg, 1, 1000000, &a->lr_step); break;
        case OPT_LR_GAMMA: ok = cli_parse_float ("lr-gamma", optarg, 0, 10, &a->lr_gamma); break;
        case OPT_LR_MIN: ok = cli_parse_float ("lr-min", optarg, 0, 100, &a->lr_min); break;
        case OPT_VAL: ok = cli_parse_float ("val", optarg, 0, 0.9, &a->val); break;
        case OPT_PATIENCE: ok = cli_parse_int ("patience", optarg, 0, 1000000, &a->patience); break;
        case OPT_SCALING:
          a->scaling_given = true;
          if (strcmp (optarg, "feature") == 0)
            a->scaling = CW_SCALE_PER_FEATURE;
          else if (strcmp (optarg, "channel") == 0)
            a->scaling = CW_SCALE_PER_CHANNEL;
          else if (strcmp (optarg, "none") == 0)
            a->scaling = CW_SCALE_NONE;
          else
            return cli_usage_error ("compare", "--scaling: '%s' is not one of feature, channel, none.", optarg);
          break;
        case OPT_NO_TARGET_SCALING: a->no_target_scaling = true; break;
        case OPT_AUG_SHIFT: ok = cli_parse_int ("aug-shift", optarg, 0, 1 << 20, &a->aug.shift); break;
        case OPT_AUG_NOISE: ok = cli_parse_float ("aug-noise", optarg, 0, 1e6, &a->aug.noise); break;
        case OPT_AUG_SCALE: ok = cli_parse_float ("aug-scale", optarg, 0, 1e6, &a->aug.scale); break;
        case OPT_AUG_OFFSET: ok = cli_parse_float ("aug-offset", optarg, 0, 1e6, &a->aug.offset); break;
        case OPT_AUG_SLOPE: ok = cli_parse_float ("aug-slope", optarg, 0, 1e6, &a->aug.slope); break;
        case OPT_SEED: ok = cli_parse_u64 ("seed", optarg, &a->seed); break;
        case OPT_THREADS: ok = cli_parse_int ("threads", optarg, 1, 1024, &a->threads); break;
        case OPT_DRIFT: a->drift = true; break;
        case OPT_JSON: a->json = true; break;
        case 'h': fputs (compare_usage, stdout); return CLI_EXIT_OK;
        default: return cli_option_error ("compare", c, argv);
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

static cw_train_config
make_config (const compare_args *a, cw_task task)
{
  cw_train_config cfg = cw_train_config_default (task);
  if (a->epochs > 0)
    cfg.epochs = a->epochs;
  if (a->batch > 0)
    cfg.batch = a->batch;
  cfg.seed = a->seed;
  if (a->optimizer_given)
    cfg.optimizer = cw_optimizer_config_default (a->optimizer);
  if (!isnan (a->lr))
    cfg.optimizer.lr = a->lr;
  if (!isnan (a->momentum))
    cfg.optimizer.momentum = a->momentum;
  if (!isnan (a->weight_decay))
    cfg.optimizer.weight_decay = a->weight_decay;
  if (a->loss_given)
    cfg.loss = a->loss;
  cfg.schedule.type = a->schedule;
  cfg.schedule.step_epochs = a->lr_step > 0 ? a->lr_step : 30;
  cfg.schedule.gamma = !isnan (a->lr_gamma) ? a->lr_gamma : (a->schedule == CW_SCHED_STEP ? 0.1f : 0.95f);
  cfg.schedule.min_lr = !isnan (a->lr_min) ? a->lr_min : 0.0f;
  if (a->patience >= 0)
    cfg.patience = a->patience;
  if (a->scaling_given)
    cfg.input_scaling = a->scaling;
  if (a->no_target_scaling)
    cfg.standardize_targets = false;
  cfg.augment = a->aug;
  if (a->threads > 0)
    cfg.threads = a->threads;
  return cfg;
}

/* ---- training progress (a redrawn line on a terminal) and Ctrl-C ---- */

static volatile sig_atomic_t interrupted;

static void
on_sigint (int sig)
{
  (void) sig;
  interrupted = 1;
}

static bool
should_abort (void *user)
{
  (void) user;
  return interrupted != 0;
}

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
  cw_spec *spec = NULL;
  cw_model *model = NULL;
  float *y = NULL, *xf = NULL;
  double *xt = NULL, *x_test = NULL, *y_test = NULL, *drift = NULL;
  unsigned char *role = NULL;
  char *arch = NULL;
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
      cw_split_random (n, fraction, a.seed, is_test);
      cw_status st = cw_cv_plan_test_rows (&plan, is_test, &err);
      free (is_test);
      if (st != CW_OK)
        {
          cli_error ("%s", err.message);
          goto out;
        }
      snprintf (split, sizeof split, "random %g, seed %llu", fraction, (unsigned long long) a.seed);
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
  pcfg.threads = a.threads > 0 ? a.threads : 1;
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
  arch = a.arch ? strdup (a.arch) : cli_default_arch (C, Lp, k);
  if (!(spec = cli_parse_arch (arch)))
    goto out;
  if (!(model = cw_model_new (spec, C, Lp, task, k, &err)))
    {
      cli_report_arch_error (arch, &err);
      goto out;
    }
  if (a.threads > 0)
    cw_model_set_threads (model, a.threads);
  /* role: 0 = fit, 1 = early-stopping rows (a share of the training rows), 2 = test. */
  role = calloc ((size_t) n + 1, 1);
  unsigned char *held = calloc ((size_t) n_train + 1, 1);
  if (!isnan (a.val) && a.val > 0)
    cw_split_random (n_train, a.val, a.seed, held);
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
  cw_train_config cfg = make_config (&a, task);
  progress_state ps = { .show = !a.quiet && isatty (STDERR_FILENO) };
  cw_train_callbacks cb = { .progress = on_progress, .should_abort = should_abort, .user = &ps };
  struct sigaction sa = { .sa_handler = on_sigint, .sa_flags = SA_RESETHAND }, old_sa;
  sigemptyset (&sa.sa_mask);
  interrupted = 0;
  sigaction (SIGINT, &sa, &old_sa);
  cw_status st = cw_train (model, &cfg, train, val, &cb, &hist, &err);
  sigaction (SIGINT, &old_sa, NULL);
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
                          .algorithm = a.algorithm, .drift = a.drift, .seed = a.seed };
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
          if (drift_model (&cr.models[m], cr.sizes, a.seed, x_test, y_test, n_test, C, L, q, cr.classification,
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
  free (arch);
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
  cw_spec_free (spec);
  cw_pls_cv_result_clear (&r);
  cw_cv_plan_clear (&plan);
  cw_chemo_data_clear (&d);
  cw_pipeline_free (pipe);
  cw_dataset_free (ds);
  return status;
}
