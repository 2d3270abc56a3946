/* cmd-compare.c — `conv1d compare`: a CNN and PLS on one split, fed by one preprocessing pipeline fitted
 * on the training rows, scored on the same test rows; optionally how each degrades under instrument
 * drift (perturbations of the raw test spectra). */
#include "compare-report.h"
#include "cli-fit.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char compare_usage_head[] =
  "Usage: conv1d compare --data FILE --target NAME [OPTIONS]\n"
  "\n"
  "Fits a 1D CNN and PLS on the same training rows, with the same preprocessing (fitted on those rows), each\n"
  "choosing its own settings (epochs and recipe; components) by validation on the training rows only, and\n"
  "scores both once on the same test rows: RMSEP, R² and MAE, or accuracy for classes.\n"
  "\n"
  "Data:\n"
  "  -d, --data FILE          CSV/TSV with meta:, target: and signal columns\n"
  "  -t, --target NAME        column(s) to predict (default: every target: column)\n"
  "      --task TASK          regression | binary | multiclass (default: from the column)\n";

static const char compare_usage_tail[] =
  "      --scale MODE         center (default) | autoscale | none: appended to --preprocess, as in `conv1d pls`\n"
  "      (without --test-*, --split-column or a split column in the data, a random 20 % is the test set)\n"
  "      (the default validation is 5 random folds of the training rows, shared by the CNN and PLS)\n"
  "PLS:\n"
  "  -c, --components N|auto  components (default auto: the one-SE rule on the CV folds)\n"
  "  -m, --max-components N   components evaluated for auto (default min(training rows - 1, 30, points))\n"
  "      --algorithm NAME     nipals (default) | simpls\n"
  "      --rule RULE          how CV chooses the components: one-se (default), min, first-min, wold\n"
  "      (--nested K also estimates both procedures by nested CV on the same K outer folds)\n"
  "CNN (as in `conv1d train`; the default recipe is auto):\n"
  "  -a, --arch SPEC          layers (--recipe custom)\n"
  "  -e, --epochs N, -b, --batch N, --lr RATE, --optimizer NAME, --momentum M, --weight-decay W,\n"
  "      --loss NAME, --schedule NAME (--lr-step, --lr-gamma, --lr-min, --plateau-patience N,\n"
  "      --plateau-factor F), --patience N, --scaling MODE, --no-target-scaling, --aug-shift N,\n"
  "      --aug-noise SD, --aug-scale SD, --aug-offset SD, --aug-slope SD, --aug-units standardised|input\n"
  "      --seed N             seed for the splits, folds, weights and the drift noise (default 1)\n"
  "      --threads N          training runs and folds at once (default 1; results do not depend on it)\n"
  "Output:\n"
  "      --drift              also perturb the raw test spectra in graded steps (shift, offset, slope,\n"
  "                           scale, noise) and report each model's RMSEP (accuracy) per step\n"
  "      --json               print one JSON object instead of the text report\n"
  "  -q, --quiet              no training progress on stderr\n"
  "  -h, --help               this help\n"
  "\n"
  "Example:\n"
  "  conv1d compare --data resources/data/gasoline.csv --target octane --test-meta split_vignette=test --drift\n";

enum {
  OPT_TASK = 256, OPT_SCALE, OPT_ALGORITHM, OPT_DRIFT, OPT_JSON, OPT_RULE,
};

static const struct option compare_options_table[] = {
  { "data", required_argument, NULL, 'd' },
  { "target", required_argument, NULL, 't' },
  { "task", required_argument, NULL, OPT_TASK },
  { "scale", required_argument, NULL, OPT_SCALE },
  { "components", required_argument, NULL, 'c' },
  { "max-components", required_argument, NULL, 'm' },
  { "algorithm", required_argument, NULL, OPT_ALGORITHM },
  { "rule", required_argument, NULL, OPT_RULE },
  CLI_FIT_OPTIONS,
  CLI_CNN_OPTIONS,
  { "drift", no_argument, NULL, OPT_DRIFT },
  { "json", no_argument, NULL, OPT_JSON },
  { "quiet", no_argument, NULL, 'q' },
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 },
};

/* NAN / -1 / NULL = not given, so the engine's defaults stay in charge. */
typedef struct {
  const char *data, *target, *scale;
  bool task_given, drift, json, quiet;
  cw_task task;
  int components, max_components;     /* components 0 = auto; max 0 = the default limit */
  cw_pls_algorithm algorithm;
  cw_ncomp_rule rule;
  cli_fit_args fit;
  cli_cnn_args cnn;
} compare_args;

static void
print_usage (void)
{
  fputs (compare_usage_head, stdout);
  fputs (cli_fit_usage_rows, stdout);
  fputs (cli_fit_usage_recipe, stdout);
  fputs (compare_usage_tail, stdout);
}

static int
parse_args (int argc, char **argv, compare_args *a)
{
  memset (a, 0, sizeof *a);
  cli_fit_args_init (&a->fit);
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
        case 'q': a->quiet = true; break;
        case OPT_TASK: ok = cli_parse_task (optarg, &a->task); a->task_given = true; break;
        case OPT_SCALE: a->scale = optarg; ok = cli_check_scale (optarg); break;
        case 'c':
          if (strcmp (optarg, "auto") == 0)
            a->components = 0;
          else
            ok = cli_parse_int ("components", optarg, 1, 10000, &a->components);
          break;
        case 'm': ok = cli_parse_int ("max-components", optarg, 1, 10000, &a->max_components); break;
        case OPT_ALGORITHM:
          ok = cli_parse_pls_algorithm ("compare", optarg, &a->algorithm);
          break;
        case OPT_DRIFT: a->drift = true; break;
        case OPT_RULE:
          if (!cw_ncomp_rule_from_name (optarg, &a->rule))
            return cli_usage_error ("compare", "--rule: '%s' is not one of one-se, min, first-min, wold.", optarg);
          break;
        case OPT_JSON: a->json = true; break;
        case 'h': print_usage (); return CLI_EXIT_OK;
        default:
          {
            int rc = cli_fit_parse_option (&a->fit, "compare", c, optarg);
            if (rc < 0)
              rc = cli_cnn_parse_option (&a->cnn, "compare", c, optarg);
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
  int rc = cli_fit_check_args (&a->fit, "compare");
  if (rc)
    return rc;
  if (a->components && a->max_components && a->components > a->max_components)
    a->max_components = a->components;
  if (a->task_given && a->task == CW_TASK_MULTILABEL)
    return cli_usage_error ("compare", "--task multilabel is not available (PLS-DA takes one class column).");
  return -1;
}

/* ---- evaluation ---- */

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

/* The fitted CNN on every row, for --predictions (doubles, n x k). */
static cw_status
predict_rows (cw_predictor *p, const double *x, int n, int q, double **out, cw_error *err)
{
  *out = malloc ((size_t) n * q * sizeof (double) + 1);
  return cw_predictor_predict (p, x, n, *out, err);
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
  cw_pipeline *pipe = NULL, *cnn_pipe = NULL;
  cw_chemo_data d = { 0 };
  cw_cv_plan plan = { 0 };
  cw_pls_cv_result r = { 0 };
  cli_rows rows = { 0 };
  cw_recipe recipes[CW_RECIPE_MAX_AUTO];
  cw_fit_result fit = { 0 };
  float *y = NULL;
  double *x_test = NULL, *y_test = NULL, *test_pred = NULL, *drift = NULL, *pred_all[2] = { NULL, NULL };
  compare_report cr = { 0 };
  static const char *const pls_candidates[] = { "", "snv", "msc", "sg(11,2,1)", "snv sg(11,2,1)", "sg(15,2,2)" };
  enum { N_PLS_CANDIDATES = sizeof pls_candidates / sizeof pls_candidates[0] };
  cw_pipeline *pls_pipes[N_PLS_CANDIDATES] = { NULL };
  cw_pls_cv_config pls_configs[N_PLS_CANDIDATES];
  double pls_scores[N_PLS_CANDIDATES];
  int n_pls_configs = 0;
  char pls_choice[512] = "";
  cw_fit_nested_result nested_cnn = { 0 };
  cw_pls_nested_result nested_pls = { 0 };
  int *outer_fold = NULL;
  char *cnn_text = NULL;
  cw_error err;
  cw_error_clear (&err);

  /* PLS centres (or autoscales) after the user's steps; the CNN takes the user's steps, then its recipe's,
   * and standardises by itself. */
  if (!(pipe = cli_parse_preprocess (a.fit.preprocess, a.scale ? a.scale : "center")))
    goto out;
  if (!(cnn_pipe = cli_parse_preprocess (a.fit.preprocess, "none")))
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

  /* One split for both models: a comparison needs test rows, so without any a random 20 % is drawn. */
  cli_fit_args fa = a.fit;
  if (!fa.test_meta && !fa.test_rows && isnan (fa.test_fraction)
      && !(fa.split_column ? strcmp (fa.split_column, "none") != 0 : cw_roles_guess_split_column (ds) >= 0))
    fa.test_fraction = 0.2f;
  if (!cli_rows_make (ds, &fa, a.cnn.seed, CLI_DEFAULT_VAL_CV, &rows))
    goto out;
  int counts[3];
  cw_roles_count (rows.roles, n, counts);
  int n_test = counts[CW_ROLE_TEST], n_train = n - n_test;
  if (n_test == 0 || n_train < 2)
    {
      cli_error ("The split (%s) gives %d training and %d test rows; a comparison needs test rows and at "
                 "least 2 training rows.", rows.split, n_train, n_test);
      goto out;
    }
  /* PLS validates on the CNN's folds when it cross-validates, otherwise on folds of its own. */
  if (!cli_rows_pls_plan (&rows, ds, a.fit.cv_text ? &a.fit.cv : NULL, a.cnn.seed, &plan))
    goto out;

  /* PLS, and with it the pipeline fitted on the training rows. */
  cw_pls_cv_config pcfg = cw_pls_cv_config_default ();
  int limit = n_train - 1 < 30 ? n_train - 1 : 30;
  pcfg.max_components = a.max_components > 0 ? a.max_components : (limit < C * L ? limit : C * L);
  if (a.components > pcfg.max_components)
    pcfg.max_components = a.components;
  pcfg.algorithm = a.algorithm;
  pcfg.rule = a.rule;
  pcfg.pipeline = pipe;
  pcfg.classification = task != CW_TASK_REGRESSION;
  pcfg.threads = a.cnn.threads > 0 ? a.cnn.threads : 1;
  /* Without --preprocess, PLS chooses its preprocessing by the same CV as its components, among what a
   * chemometrician would try first: the baseline deserves the same search the CNN's recipes get. */
  n_pls_configs = 1;
  pls_configs[0] = pcfg;
  if (!a.fit.preprocess && a.components == 0 && plan.n_folds >= 2)
    {
      n_pls_configs = 0;
      for (size_t c = 0; c < sizeof pls_candidates / sizeof pls_candidates[0]; c++)
        {
          pls_pipes[c] = cli_parse_preprocess (pls_candidates[c], a.scale ? a.scale : "center");
          if (!pls_pipes[c])
            goto out;
          pls_configs[n_pls_configs] = pcfg;
          pls_configs[n_pls_configs++].pipeline = pls_pipes[c];
        }
    }
  int pls_chosen = 0;
  if (cw_pls_cv_select (pls_configs, n_pls_configs, &d, &plan, &r, &pls_chosen, pls_scores, &err) != CW_OK)
    {
      cli_error ("PLS: %s", err.message[0] ? err.message : cw_status_name (err.status));
      goto out;
    }
  pcfg = pls_configs[pls_chosen];
  if (n_pls_configs > 1)
    {
      size_t used = (size_t) snprintf (pls_choice, sizeof pls_choice, "chosen by CV on the training rows among");
      for (int c = 0; c < n_pls_configs && used < sizeof pls_choice; c++)
        used += (size_t) snprintf (pls_choice + used, sizeof pls_choice - used, "%s %s %.4g", c ? "," : "",
                                   pls_candidates[c][0] ? pls_candidates[c] : "none", pls_scores[c]);
    }
  int components = a.components ? a.components : r.suggested;
  if (components > r.n_components)
    {
      cli_error ("--components %d: only %d component%s could be fitted.", components, r.n_components,
                 r.n_components == 1 ? "" : "s");
      goto out;
    }

  /* The CNN: the same preprocessing (fitted per run on that run's training rows), then its recipe's. */
  int k = 0;
  if (cw_dataset_encode_targets (ds, task, cols, n_cols, &y, &k, &err) != CW_OK)
    {
      cli_error ("%s", err.message);
      goto out;
    }
  int Lp = cli_preprocessed_length (cnn_pipe, ds, rows.roles);
  if (Lp < 0)
    goto out;
  int n_recipes = cli_fit_recipes (&a.fit, &a.cnn, "auto", task, C, Lp, counts[CW_ROLE_TRAIN], k, recipes,
                                   CW_RECIPE_MAX_AUTO);
  if (n_recipes == 0)
    goto out;
  cw_fit_config config = cli_fit_config (&a.fit, &a.cnn, recipes, n_recipes, cnn_pipe);
  cw_fit_data data = cli_fit_data (ds, y, k, task, &rows);
  cw_status st = cli_fit_interruptible (&config, &data, a.quiet, &fit, &err);
  if (st != CW_OK && !(st == CW_ERR_ABORTED && fit.model))
    {
      cli_error ("CNN training failed: %s", err.message[0] ? err.message : cw_status_name (st));
      goto out;
    }
  cw_model_set_info (fit.model, "data", a.data);
  cw_model_set_info (fit.model, "split", rows.split);
  cw_model_set_info (fit.model, "validation", rows.validation);

  /* Both models, now final, on the raw test rows: the only time the test rows are read. */
  unsigned char *is_test = calloc ((size_t) n + 1, 1);
  for (int i = 0; i < n; i++)
    is_test[i] = rows.roles[i] == CW_ROLE_TEST;
  x_test = malloc ((size_t) n_test * C * L * sizeof (double));
  y_test = malloc ((size_t) n_test * q * sizeof (double));
  gather_rows (d.x, (size_t) C * L, is_test, n, x_test);
  gather_rows (d.y, (size_t) q, is_test, n, y_test);
  free (is_test);
  char *arch = cw_spec_to_string (cw_model_spec (fit.model));
  cr = (compare_report) { .data = a.data, .ds = ds, .cols = cols, .n_cols = n_cols, .task = task,
                          .classification = pcfg.classification, .split = rows.split, .n_train = n_train,
                          .n_test = n_test, .n_val = counts[CW_ROLE_VALIDATION],
                          .pipeline = cw_pipeline_to_string (r.pipeline), .arch = arch,
                          .params = cw_model_n_params (fit.model), .hist = &fit.history,
                          .interrupted = st == CW_ERR_ABORTED, .components = components,
                          .components_given = a.components > 0, .validation = plan.label,
                          .algorithm = a.algorithm, .drift = a.drift, .seed = a.cnn.seed };
  const cw_pipeline *model_pipe = cw_model_get_pipeline (fit.model);
  cnn_text = model_pipe ? cw_pipeline_to_string (model_pipe) : strdup ("");
  cr.cnn_pipeline = cnn_text;
  cr.recipe = cw_model_get_info (fit.model, "recipe");
  cr.pls_choice = pls_choice[0] ? pls_choice : NULL;
  cr.kept = fit.epoch_reason;
  cr.members = fit.n_members;
  cr.models[0] = (model_result) { .name = "CNN", .predictor = { .model = fit.model } };
  cr.models[1] = (model_result) { .name = "PLS",
                                  .predictor = { .pipeline = r.pipeline, .pls = r.model, .ncomp = components } };
  /* Validation scores side by side: RMSECV (or CV accuracy) of each at its chosen setting. PLS's is always CV;
   * the CNN's is the holdout's when it validated on one. */
  if (!isnan (fit.score) && plan.n_folds > 0)
    {
      cr.models[0].validation = fit.score;
      cr.models[1].validation = pcfg.classification ? r.acc_cv[components - 1] : r.rmsecv[components - 1];
      cr.validation_name = pcfg.classification ? (fit.validation == CW_VALIDATE_CV ? "CV acc%" : "val/CV acc%")
                                               : (fit.validation == CW_VALIDATE_CV ? "RMSECV" : "val/CV RMSE");
    }
  test_pred = malloc ((size_t) 2 * n_test * q * sizeof (double));
  for (int m = 0; m < 2; m++)
    if (cw_predictor_predict (&cr.models[m].predictor, x_test, n_test, test_pred + (size_t) m * n_test * q, &err)
        != CW_OK)
      {
        cli_error ("%s: %s", cr.models[m].name, err.message);
        goto out;
      }
  if (compare_report_score (&cr, y_test, test_pred, test_pred + (size_t) n_test * q, n_test, q, a.cnn.seed, &err)
      != CW_OK)
    {
      cli_error ("%s", err.message);
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
  if (a.fit.predictions)
    {
      for (int m = 0; m < 2; m++)
        if (predict_rows (&cr.models[m].predictor, d.x, n, q, &pred_all[m], &err) != CW_OK)
          {
            cli_error ("%s: %s", cr.models[m].name, err.message);
            goto out;
          }
      const char *names[CLI_MAX_TARGETS + 256];
      char bufs[256][32];
      for (int j = 0; j < q && j < 256; j++)
        names[j] = cli_output_name (fit.model, j, bufs[j], sizeof bufs[j]);
      const char *model_names[2] = { "CNN", "PLS" };
      const double *preds[2] = { pred_all[0], pred_all[1] };
      if (!cli_write_predictions (a.fit.predictions, ds, rows.roles, 2, model_names, preds, q, names))
        goto out;
    }
  if (a.fit.nested && st == CW_OK)
    {
      /* Both procedures on the same outer folds, each choosing again inside every one of them. */
      int inner_k = 5;
      if (!cli_fit_nested (&a.fit, &rows, ds, &config, &data, a.quiet, &nested_cnn, &outer_fold, &inner_k))
        goto out;
      cw_cv_plan outer;
      cw_cv_plan_init (&outer, n);
      unsigned char *held = calloc ((size_t) n + 1, 1);
      for (int i = 0; i < n; i++)
        held[i] = rows.roles[i] == CW_ROLE_TEST;
      cw_status pst = cw_cv_plan_test_rows (&outer, held, &err);
      free (held);
      if (pst == CW_OK)
        {
          for (int i = 0; i < n; i++)
            outer.fold[i] = outer_fold[i];
          outer.n_folds = a.fit.nested;
          pst = cw_pls_nested_cv_select (pls_configs, n_pls_configs, &d, &outer, inner_k, true, a.cnn.seed,
                                         rows.groups, &nested_pls, NULL, &err);
        }
      cw_cv_plan_clear (&outer);
      if (pst != CW_OK)
        {
          cli_error ("nested CV of PLS: %s", err.message);
          goto out;
        }
      cr.nested_cnn = &nested_cnn;
      cr.nested_pls = &nested_pls;
      cr.cnn_config = &config;
    }
  if (a.json)
    compare_print_json (&cr);
  else
    {
      cli_fit_print_text (stdout, &fit, &config);
      printf ("\n");
      compare_print_text (&cr);
    }
  status = st == CW_ERR_ABORTED ? CLI_EXIT_INTERRUPTED : CLI_EXIT_OK;

out:
  free (cr.pipeline);
  free (cr.arch);
  free (cnn_text);
  free (outer_fold);
  cw_fit_nested_result_clear (&nested_cnn);
  cw_pls_nested_result_clear (&nested_pls);
  free (drift);
  free (x_test);
  free (y_test);
  free (test_pred);
  free (pred_all[0]);
  free (pred_all[1]);
  free (y);
  cw_fit_result_clear (&fit);
  cli_rows_clear (&rows);
  cw_pls_cv_result_clear (&r);
  cw_cv_plan_clear (&plan);
  cw_chemo_data_clear (&d);
  cw_pipeline_free (pipe);
  cw_pipeline_free (cnn_pipe);
  for (int c = 0; c < N_PLS_CANDIDATES; c++)
    cw_pipeline_free (pls_pipes[c]);
  cw_dataset_free (ds);
  return status;
}
