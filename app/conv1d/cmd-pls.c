/* cmd-pls.c — `conv1d pls`: PLS regression or PLS-DA with the preprocessing refitted inside every CV
 * fold, the per-component table, the suggested number of components, and the chosen model's
 * coefficients, VIP and T²/Q outliers. */
#include "cli-fit.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char pls_usage[] =
  "Usage: conv1d pls --data FILE --target NAME[,NAME...] [OPTIONS]\n"
  "\n"
  "Fits PLS (PLS1, PLS2, or PLS-DA for a class column) and cross-validates it: the preprocessing is\n"
  "fitted on the training rows of every fold, never on the rows it predicts.\n"
  "\n"
  "Data and split:\n"
  "  -d, --data FILE          CSV/TSV with meta:, target: and signal columns\n"
  "  -t, --target NAME        column(s) to predict (default: every target: column); text classes\n"
  "                           give PLS-DA\n"
  "      --task TASK          regression | binary | multiclass (default: from the column)\n"
  "      --test-meta COL=VAL  test rows by a meta column, e.g. split_vignette=test\n"
  "      --test-rows RANGES   test rows by 1-based row number, e.g. 51-60 or 1-5,9\n"
  "      --split-column COL   test rows from a column of train/val/test words (default: found in the\n"
  "                           data when a meta column holds only such words; none = ignore it)\n"
  "Model:\n"
  "  -p, --preprocess STEPS   e.g. \"snv sg(11,2,1) center\" (default: center); steps: center,\n"
  "                           autoscale, snv, msc, sg(W,P,D), detrend(K), range(LO,HI), pca(K)\n"
  "      --scale MODE         center (default) | autoscale | none: the last step, added when the\n"
  "                           steps do not already end with it\n"
  "      --algorithm NAME     nipals (default) | simpls\n"
  "  -m, --max-components N   components to evaluate (default min(calibration rows - 1, 30, points))\n"
  "  -c, --components N       the model to report (default: the suggested number)\n"
  "      --cv SPEC            cross-validation over the calibration rows: K (K consecutive folds,\n"
  "                           default 10), loo, kfold:K:random:SEED, group:META[:K], none\n"
  "      --rule RULE          how CV chooses the components: one-se (default: the fewest within one\n"
  "                           standard error of the lowest CV error), min, first-min (stop when one more\n"
  "                           does not help), wold (stop when one more lowers PRESS by less than 5 %)\n"
  "      --no-nested          skip the nested CV estimate (reported by default with CV)\n"
  "      --confidence P       level of the T² and Q limits (default 0.95)\n"
  "      --threads N          folds fitted in parallel (default 1)\n"
  "Output:\n"
  "      --json               print one JSON object instead of the text report\n"
  "      --predictions CSV    every row's prediction by the chosen model (with its role)\n"
  "      --out-coef CSV       write the chosen model's coefficients and VIP over the (preprocessed)\n"
  "                           axis: columns axis, one per response, vip\n"
  "      --export-onnx FILE   write the chosen model with its preprocessing as an ONNX file: input\n"
  "                           \"signal\" float64 [N, 1, L] raw rows, output \"prediction\" float64 [N, q]\n"
  "                           (PLS-DA: the class scores), equal to --predictions'\n"
  "  -h, --help               this help\n"
  "\n"
  "The suggested number of components is the fewest whose CV error is within one standard error of the\n"
  "smallest. RMSEC/RMSECV/RMSEP: calibration fit, cross-validation, test rows; Q² is R² of the CV\n"
  "predictions; X%, Y%: cumulative variance explained.\n"
  "Example:\n"
  "  conv1d pls --data resources/data/gasoline.csv --target octane --test-meta split_vignette=test --cv loo\n";

enum {
  OPT_TASK = 256, OPT_TEST_META, OPT_TEST_ROWS, OPT_SCALE, OPT_ALGORITHM, OPT_CV, OPT_CONFIDENCE,
  OPT_THREADS, OPT_JSON, OPT_OUT_COEF, OPT_SPLIT_COLUMN, OPT_PREDICTIONS, OPT_RULE, OPT_NO_NESTED,
  OPT_EXPORT_ONNX,
};

static const struct option pls_options_table[] = {
  { "data", required_argument, NULL, 'd' },
  { "target", required_argument, NULL, 't' },
  { "task", required_argument, NULL, OPT_TASK },
  { "test-meta", required_argument, NULL, OPT_TEST_META },
  { "test-rows", required_argument, NULL, OPT_TEST_ROWS },
  { "preprocess", required_argument, NULL, 'p' },
  { "scale", required_argument, NULL, OPT_SCALE },
  { "algorithm", required_argument, NULL, OPT_ALGORITHM },
  { "max-components", required_argument, NULL, 'm' },
  { "components", required_argument, NULL, 'c' },
  { "cv", required_argument, NULL, OPT_CV },
  { "confidence", required_argument, NULL, OPT_CONFIDENCE },
  { "threads", required_argument, NULL, OPT_THREADS },
  { "json", no_argument, NULL, OPT_JSON },
  { "out-coef", required_argument, NULL, OPT_OUT_COEF },
  { "split-column", required_argument, NULL, OPT_SPLIT_COLUMN },
  { "predictions", required_argument, NULL, OPT_PREDICTIONS },
  { "rule", required_argument, NULL, OPT_RULE },
  { "no-nested", no_argument, NULL, OPT_NO_NESTED },
  { "export-onnx", required_argument, NULL, OPT_EXPORT_ONNX },
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 },
};

typedef struct {
  const char *data, *target, *preprocess, *scale, *test_meta, *test_rows, *out_coef, *cv_text, *split_column,
             *predictions, *export_onnx;
  bool task_given, json, no_nested;
  cw_task task;
  cw_pls_algorithm algorithm;
  cw_ncomp_rule rule;
  int max_components, components, threads;
  float confidence;
  cli_cv cv;
} pls_args;

static int
parse_args (int argc, char **argv, pls_args *a)
{
  memset (a, 0, sizeof *a);
  a->max_components = 0; /* the default limit, once the calibration rows are known */
  a->threads = 1;
  a->confidence = 0.95f;
  a->cv_text = "10";
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long (argc, argv, ":d:t:p:m:c:h", pls_options_table, NULL)) != -1)
    {
      bool ok = true;
      switch (c)
        {
        case 'd': a->data = optarg; break;
        case 't': a->target = optarg; break;
        case 'p': a->preprocess = optarg; break;
        case OPT_TASK: ok = cli_parse_task (optarg, &a->task); a->task_given = true; break;
        case OPT_TEST_META:
          a->test_meta = optarg;
          ok = cli_check_meta_value ("pls", "test-meta", optarg);
          break;
        case OPT_TEST_ROWS: a->test_rows = optarg; break;
        case OPT_SCALE: a->scale = optarg; ok = cli_check_scale (optarg); break;
        case OPT_ALGORITHM:
          ok = cli_parse_pls_algorithm ("pls", optarg, &a->algorithm);
          break;
        case 'm': ok = cli_parse_int ("max-components", optarg, 1, 10000, &a->max_components); break;
        case 'c': ok = cli_parse_int ("components", optarg, 1, 10000, &a->components); break;
        case OPT_CV: a->cv_text = optarg; break;
        case OPT_CONFIDENCE: ok = cli_parse_float ("confidence", optarg, 0.5, 0.9999, &a->confidence); break;
        case OPT_THREADS: ok = cli_parse_int ("threads", optarg, 1, 1024, &a->threads); break;
        case OPT_JSON: a->json = true; break;
        case OPT_OUT_COEF: a->out_coef = optarg; break;
        case OPT_SPLIT_COLUMN: a->split_column = optarg; break;
        case OPT_PREDICTIONS: a->predictions = optarg; break;
        case OPT_NO_NESTED: a->no_nested = true; break;
        case OPT_EXPORT_ONNX: a->export_onnx = optarg; break;
        case OPT_RULE:
          if (!cw_ncomp_rule_from_name (optarg, &a->rule))
            return cli_usage_error ("pls", "--rule: '%s' is not one of one-se, min, first-min, wold.", optarg);
          break;
        case 'h': fputs (pls_usage, stdout); return CLI_EXIT_OK;
        default: return cli_option_error ("pls", c, argv);
        }
      if (!ok)
        return CLI_EXIT_USAGE;
    }
  if (optind < argc)
    return cli_usage_error ("pls", "unexpected argument '%s'.", argv[optind]);
  if (!a->data)
    return cli_usage_error ("pls", "--data FILE is required.");
  if (a->test_meta && a->test_rows)
    return cli_usage_error ("pls", "--test-meta and --test-rows are alternatives; give one.");
  if (!cli_parse_cv (a->cv_text, &a->cv))
    return CLI_EXIT_USAGE;
  if (a->cv.kind == CLI_CV_NONE && a->components == 0)
    return cli_usage_error ("pls", "without cross-validation (--cv none) the number of components has to be "
                            "given with --components N.");
  if (a->max_components && a->components > a->max_components)
    a->max_components = a->components;
  if (a->task_given && a->task == CW_TASK_MULTILABEL)
    return cli_usage_error ("pls", "--task multilabel is not available for PLS (PLS-DA takes one class column).");
  return -1;
}

/* ---- what the report shows ---- */

typedef struct {
  const pls_args *args;
  const cw_dataset *ds;
  const int *cols;
  int n_cols;
  cw_task task;
  bool da;                      /* PLS-DA */
  const cw_chemo_data *d;
  const cw_cv_plan *plan;
  const char *split;
  char *pipeline;               /* canonical text */
  const cw_pls_cv_result *r;
  int chosen;
  const char *chosen_by;        /* "suggested" or "--components" */
  const cw_pls_nested_result *nested; /* NULL when not computed */
  int p, q, out_length;
  const double *axis;           /* out_length values after the pipeline */
  const double *coef;           /* p x q of the chosen model */
  double *intercept;            /* q */
  double *vip;                  /* p */
  double *t2, *qres;            /* n: every row through the final pipeline and model */
  double t2_limit, q_limit;
  int *t2_cal, *t2_test, *q_cal, *q_test; /* 1-based rows beyond the limits */
  int n_t2_cal, n_t2_test, n_q_cal, n_q_test;
} pls_report;

static const char *
response_name (const pls_report *rp, int k, char *buf, size_t size)
{
  if (!rp->da)
    return cw_dataset_target_name (rp->ds, rp->cols[k]);
  int column = rp->cols[0];
  /* Binary PLS-DA has one 0/1 response: the score of the second class. */
  int cls = rp->q == 1 ? 1 : k;
  snprintf (buf, size, "%s", cw_dataset_class_name (rp->ds, column, cls));
  return buf;
}

static const char *
kind_name (const pls_report *rp)
{
  return rp->da ? "PLS-DA" : rp->q == 1 ? "PLS1" : "PLS2";
}

/* The `top` positions of largest |v| (p values, `stride` apart), largest first, into idx; returns how many. */
static int
top_positions (const double *v, int stride, int p, int top, int *idx)
{
  int m = 0;
  for (int j = 0; j < p; j++)
    {
      double a = fabs (v[(size_t) j * stride]);
      if (m == top && a <= fabs (v[(size_t) idx[m - 1] * stride]))
        continue;
      int at = m < top ? m++ : top - 1;
      while (at > 0 && fabs (v[(size_t) idx[at - 1] * stride]) < a)
        {
          idx[at] = idx[at - 1];
          at--;
        }
      idx[at] = j;
    }
  return m;
}

static void
rule_text (const pls_report *rp, char *buf, size_t size)
{
  const cw_pls_cv_result *r = rp->r;
  if (r->suggested == 0)
    {
      snprintf (buf, size, "none without cross-validation");
      return;
    }
  int best = 0;
  const double *err = rp->da ? r->acc_cv : r->rmsecv;
  for (int a = 1; a < r->n_components; a++)
    if (rp->da ? err[a] > err[best] : err[a] < err[best])
      best = a;
  char low[64];
  if (rp->da)
    snprintf (low, sizeof low, "%.1f %% misclassified at %d", 100 * (1 - err[best]), best + 1);
  else
    snprintf (low, sizeof low, "%.4f at %d", err[best], best + 1);
  const char *what = rp->da ? "CV error rate" : "RMSECV";
  switch (rp->args->rule)
    {
    case CW_NCOMP_ONE_SE:
      snprintf (buf, size, "the fewest components whose %s is within one standard error of the lowest (%s)", what,
                low);
      break;
    case CW_NCOMP_MIN:
      snprintf (buf, size, "the lowest %s (%s)", what, low);
      break;
    case CW_NCOMP_FIRST_MIN:
      snprintf (buf, size, "the first minimum of the %s: one more component does not lower it (lowest: %s)", what,
                low);
      break;
    case CW_NCOMP_WOLD:
      snprintf (buf, size, "Wold's R: one more component lowers the CV error sum by less than 5 %% (lowest: %s)",
                low);
      break;
    }
}

/* ---- text ---- */

static void
fmt (cli_cell cell, const char *format, double v)
{
  if (isnan (v))
    snprintf (cell, sizeof (cli_cell), "-");
  else
    snprintf (cell, sizeof (cli_cell), format, v);
}

static void
print_component_table (const pls_report *rp)
{
  const cw_pls_cv_result *r = rp->r;
  bool cv = rp->plan->n_folds > 0, test = r->n_test > 0;
  cli_cell header[12];
  int cols = 0;
  enum { C_COMP, C_RMSEC, C_R2C, C_RMSECV, C_SE, C_Q2, C_RMSEP, C_R2P, C_ACC_C, C_ACC_CV, C_ACC_P, C_X, C_Y };
  int which[13];
#define ADD(id, text) do { which[cols] = id; snprintf (header[cols++], sizeof (cli_cell), "%s", text); } while (0)
  ADD (C_COMP, "comp");
  if (rp->da)
    {
      ADD (C_ACC_C, "acc.cal%");
      if (cv)
        ADD (C_ACC_CV, "acc.CV%");
      if (test)
        ADD (C_ACC_P, "acc.test%");
    }
  else
    {
      ADD (C_RMSEC, "RMSEC");
      ADD (C_R2C, "R²cal");
      if (cv)
        {
          ADD (C_RMSECV, "RMSECV");
          ADD (C_SE, "±SE");
          ADD (C_Q2, "Q²");
        }
      if (test)
        {
          ADD (C_RMSEP, "RMSEP");
          ADD (C_R2P, "R²test");
        }
    }
  ADD (C_X, "X%");
  ADD (C_Y, "Y%");
#undef ADD
  int rows = r->n_components;
  cli_cell *cells = calloc ((size_t) rows * cols, sizeof (cli_cell));
  const char **notes = calloc ((size_t) rows, sizeof (char *));
  const double *ex = cw_pls_explained_x (r->model), *ey = cw_pls_explained_y (r->model);
  double cx = 0, cy = 0;
  for (int a = 0; a < rows; a++)
    {
      cx += ex[a];
      cy += ey[a];
      for (int c = 0; c < cols; c++)
        {
          cli_cell *cell = &cells[(size_t) a * cols + c];
          switch (which[c])
            {
            case C_COMP: snprintf (*cell, sizeof *cell, "%d", a + 1); break;
            case C_RMSEC: fmt (*cell, "%.4f", r->rmsec[a]); break;
            case C_R2C: fmt (*cell, "%.4f", r->r2c[a]); break;
            case C_RMSECV: fmt (*cell, "%.4f", r->rmsecv[a]); break;
            case C_SE: fmt (*cell, "%.4f", r->rmsecv_se[a]); break;
            case C_Q2: fmt (*cell, "%.4f", r->q2[a]); break;
            case C_RMSEP: fmt (*cell, "%.4f", r->rmsep[a]); break;
            case C_R2P: fmt (*cell, "%.4f", r->r2p[a]); break;
            case C_ACC_C: fmt (*cell, "%.1f", 100 * r->acc_c[a]); break;
            case C_ACC_CV: fmt (*cell, "%.1f", 100 * r->acc_cv[a]); break;
            case C_ACC_P: fmt (*cell, "%.1f", 100 * r->acc_p[a]); break;
            case C_X: fmt (*cell, "%.2f", 100 * cx); break;
            case C_Y: fmt (*cell, "%.2f", 100 * cy); break;
            }
        }
      if (a + 1 == rp->chosen && a + 1 == r->suggested)
        notes[a] = "<- suggested, chosen";
      else if (a + 1 == rp->chosen)
        notes[a] = "<- chosen";
      else if (a + 1 == r->suggested)
        notes[a] = "<- suggested";
    }
  cli_print_table (stdout, header, cols, cells, rows, 0, notes);
  free (cells);
  free (notes);
}

static void
print_text (const pls_report *rp)
{
  const pls_args *a = rp->args;
  const cw_pls_cv_result *r = rp->r;
  const cw_dataset *ds = rp->ds;
  printf ("Data:        %s: %d samples, %d x %d; target ", a->data, cw_dataset_n_samples (ds),
          cw_dataset_n_channels (ds), cw_dataset_length (ds));
  for (int i = 0; i < rp->n_cols; i++)
    printf ("%s%s", i ? ", " : "", cw_dataset_target_name (ds, rp->cols[i]));
  if (rp->da)
    printf (" (%s, %d classes)\n", kind_name (rp), cw_dataset_n_classes (ds, rp->cols[0]));
  else
    printf (" (%s)\n", kind_name (rp));
  printf ("Split:       %d calibration, %d test (%s)\n", r->n_cal, r->n_test, rp->split);
  printf ("Preprocess:  %s (fitted on the calibration rows, and within every CV fold on its training rows)\n",
          rp->pipeline[0] ? rp->pipeline : "none");
  printf ("Validation:  %s over the %d calibration rows\n", rp->plan->label, r->n_cal);
  printf ("Algorithm:   %s, %d component%s evaluated\n\n", cli_pls_algorithm_label (a->algorithm),
          r->n_components, r->n_components == 1 ? "" : "s");
  print_component_table (rp);
  if (r->n_test > 0)
    printf ("\n(RMSEP, R²test: the %d test rows, shown for every count for the record; the count is chosen on the CV "
            "columns alone.)\n", r->n_test);
  printf ("\n");
  char rule[256];
  rule_text (rp, rule, sizeof rule);
  if (r->suggested > 0)
    printf ("Suggested:   %d component%s: %s\n", r->suggested, r->suggested == 1 ? "" : "s", rule);
  printf ("Chosen:      %d component%s (%s)\n", rp->chosen, rp->chosen == 1 ? "" : "s", rp->chosen_by);
  if (rp->nested)
    {
      const cw_pls_nested_result *nr = rp->nested;
      char counts[256] = "";
      size_t used = 0;
      for (int o = 0; o < nr->n_outer && used < sizeof counts - 16; o++)
        used += (size_t) snprintf (counts + used, sizeof counts - used, "%s%d", o ? ", " : "", nr->chosen[o]);
      if (rp->da)
        printf ("Nested CV:   accuracy %.1f %% over %d rows", 100 * nr->accuracy, nr->n);
      else
        printf ("Nested CV:   RMSE %.4f, R² %.4f over %d rows", nr->rmse, nr->r2, nr->n);
      printf (": the honest estimate of PLS with components chosen by CV.\n"
              "             Each of the %d outer folds was predicted by a model whose count an inner CV of the\n"
              "             other rows chose (%s); the RMSECV column above is the curve the choice\n"
              "             was made on, so at the chosen count it flatters the model.\n",
              nr->n_outer, counts);
    }

  int A = rp->chosen, top[5];
  char name[64], pos[48];
  printf ("\nModel with %d component%s:\n", A, A == 1 ? "" : "s");
  int length = rp->out_length, channels = rp->d->channels;
  for (int k = 0; k < rp->q; k++)
    {
      const char *resp = response_name (rp, k, name, sizeof name);
      if (rp->q > 1)
        printf ("  %s:\n", resp);
      else if (rp->da)
        printf ("  (the score of class %s; 0.5 or more predicts it)\n", resp);
      printf ("  intercept         %.6g\n", rp->intercept[k]);
      int m = top_positions (rp->coef + k, rp->q, rp->p, 5, top);
      printf ("  largest |coef|   ");
      for (int i = 0; i < m; i++)
        printf (" %s (%+.4g)", cli_axis_position (rp->axis, length, channels, top[i], pos, sizeof pos),
                rp->coef[(size_t) top[i] * rp->q + k]);
      printf ("\n");
    }
  int m = top_positions (rp->vip, 1, rp->p, 5, top), above = 0;
  for (int j = 0; j < rp->p; j++)
    above += rp->vip[j] > 1;
  printf ("  highest VIP      ");
  for (int i = 0; i < m; i++)
    printf (" %s (%.2f)", cli_axis_position (rp->axis, length, channels, top[i], pos, sizeof pos), rp->vip[top[i]]);
  printf ("\n  VIP > 1           %d of %d positions\n", above, rp->p);

  char rows[256];
  double conf = 100 * (double) a->confidence;
  printf ("\nOutliers at %g %% confidence (rows are 1-based data rows):\n", conf);
  cli_format_rows (rp->t2_cal, rp->n_t2_cal, 12, rows, sizeof rows);
  printf ("  T² limit %-10.4g calibration rows beyond: %s\n", rp->t2_limit, rows);
  if (r->n_test)
    {
      cli_format_rows (rp->t2_test, rp->n_t2_test, 12, rows, sizeof rows);
      printf ("  %-19s test rows beyond: %s\n", "", rows);
    }
  cli_format_rows (rp->q_cal, rp->n_q_cal, 12, rows, sizeof rows);
  printf ("  Q  limit %-10.4g calibration rows beyond: %s\n", rp->q_limit, rows);
  if (r->n_test)
    {
      cli_format_rows (rp->q_test, rp->n_q_test, 12, rows, sizeof rows);
      printf ("  %-19s test rows beyond: %s\n", "", rows);
    }
  if (a->out_coef)
    printf ("\nCoefficients and VIP written to %s\n", a->out_coef);
  if (a->export_onnx)
    printf ("%sONNX model (%d component%s, with its preprocessing) written to %s\n", a->out_coef ? "" : "\n",
            rp->chosen, rp->chosen == 1 ? "" : "s", a->export_onnx);
}

/* ---- JSON ---- */

static void
json_rows (cli_json *j, const char *key, const int *rows, int n)
{
  cli_json_begin_array (j, key, true);
  for (int i = 0; i < n; i++)
    cli_json_int (j, NULL, rows[i]);
  cli_json_end_array (j);
}

static void
json_numbers (cli_json *j, const char *key, const double *v, int n, int stride)
{
  cli_json_begin_array (j, key, true);
  for (int i = 0; i < n; i++)
    cli_json_number (j, NULL, v[(size_t) i * stride]);
  cli_json_end_array (j);
}

static void
print_json (const pls_report *rp)
{
  const pls_args *a = rp->args;
  const cw_pls_cv_result *r = rp->r;
  const cw_dataset *ds = rp->ds;
  int n = r->n, q = rp->q;
  char name[64], pos[48];
  cli_json j;
  cli_json_init (&j, stdout);
  cli_json_begin_object (&j, NULL);
  cli_json_string (&j, "command", "pls");
  cli_json_string (&j, "data", a->data);
  cli_json_int (&j, "samples", n);
  cli_json_int (&j, "channels", cw_dataset_n_channels (ds));
  cli_json_int (&j, "length", cw_dataset_length (ds));
  cli_json_begin_array (&j, "targets", true);
  for (int i = 0; i < rp->n_cols; i++)
    cli_json_string (&j, NULL, cw_dataset_target_name (ds, rp->cols[i]));
  cli_json_end_array (&j);
  cli_json_string (&j, "task", cw_task_name (rp->task));
  cli_json_string (&j, "kind", kind_name (rp));
  cli_json_begin_array (&j, "responses", true);
  for (int k = 0; k < q; k++)
    cli_json_string (&j, NULL, response_name (rp, k, name, sizeof name));
  cli_json_end_array (&j);
  cli_json_string (&j, "preprocess", rp->pipeline);
  cli_json_string (&j, "algorithm", cw_pls_algorithm_name (a->algorithm));
  cli_json_begin_object (&j, "split");
  cli_json_string (&j, "by", rp->split);
  cli_json_int (&j, "calibration", r->n_cal);
  cli_json_int (&j, "test", r->n_test);
  cli_json_end_object (&j);
  cli_json_string (&j, "validation", rp->plan->label);
  cli_json_int (&j, "folds", rp->plan->n_folds);

  const double *ex = cw_pls_explained_x (r->model), *ey = cw_pls_explained_y (r->model);
  double cx = 0, cy = 0;
  cli_json_begin_array (&j, "components", false);
  for (int c = 0; c < r->n_components; c++)
    {
      cx += ex[c];
      cy += ey[c];
      cli_json_begin_object (&j, NULL);
      cli_json_int (&j, "n", c + 1);
      cli_json_number (&j, "rmsec", r->rmsec[c]);
      cli_json_number (&j, "r2c", r->r2c[c]);
      cli_json_number (&j, "rmsecv", r->rmsecv[c]);
      cli_json_number (&j, "rmsecv_se", r->rmsecv_se[c]);
      cli_json_number (&j, "q2", r->q2[c]);
      cli_json_number (&j, "rmsep", r->rmsep[c]);
      cli_json_number (&j, "r2p", r->r2p[c]);
      if (rp->da)
        {
          cli_json_number (&j, "accuracy_c", r->acc_c[c]);
          cli_json_number (&j, "accuracy_cv", r->acc_cv[c]);
          cli_json_number (&j, "accuracy_p", r->acc_p[c]);
        }
      cli_json_number (&j, "explained_x", ex[c]);
      cli_json_number (&j, "explained_y", ey[c]);
      cli_json_number (&j, "cumulative_x", cx);
      cli_json_number (&j, "cumulative_y", cy);
      cli_json_end_object (&j);
    }
  cli_json_end_array (&j);
  char rule[256];
  rule_text (rp, rule, sizeof rule);
  cli_json_int (&j, "suggested", r->suggested);
  cli_json_string (&j, "rule", rule);
  cli_json_int (&j, "chosen", rp->chosen);
  cli_json_string (&j, "chosen_by", rp->chosen_by);
  cli_json_string (&j, "rule_name", cw_ncomp_rule_name (rp->args->rule));
  if (rp->nested)
    {
      const cw_pls_nested_result *nr = rp->nested;
      cli_json_begin_object (&j, "nested");
      cli_json_int (&j, "outer_folds", nr->n_outer);
      cli_json_int (&j, "rows", nr->n);
      if (rp->da)
        cli_json_number (&j, "accuracy", nr->accuracy);
      else
        {
          cli_json_number (&j, "rmse", nr->rmse);
          cli_json_number (&j, "r2", nr->r2);
        }
      cli_json_begin_array (&j, "chosen", true);
      for (int o = 0; o < nr->n_outer; o++)
        cli_json_int (&j, NULL, nr->chosen[o]);
      cli_json_end_array (&j);
      cli_json_end_object (&j);
    }

  cli_json_begin_object (&j, "model");
  cli_json_int (&j, "components", rp->chosen);
  json_numbers (&j, "intercept", rp->intercept, q, 1);
  cli_json_begin_array (&j, "axis", true);
  for (int p = 0; p < rp->p; p++)
    cli_json_string (&j, NULL, cli_axis_position (rp->axis, rp->out_length, rp->d->channels, p, pos, sizeof pos));
  cli_json_end_array (&j);
  cli_json_begin_array (&j, "coefficients", false);
  for (int k = 0; k < q; k++)
    json_numbers (&j, NULL, rp->coef + k, rp->p, q);
  cli_json_end_array (&j);
  json_numbers (&j, "vip", rp->vip, rp->p, 1);
  cli_json_number (&j, "confidence", a->confidence);
  cli_json_number (&j, "t2_limit", rp->t2_limit);
  cli_json_number (&j, "q_limit", rp->q_limit);
  cli_json_begin_object (&j, "beyond");
  json_rows (&j, "t2_calibration", rp->t2_cal, rp->n_t2_cal);
  json_rows (&j, "t2_test", rp->t2_test, rp->n_t2_test);
  json_rows (&j, "q_calibration", rp->q_cal, rp->n_q_cal);
  json_rows (&j, "q_test", rp->q_test, rp->n_q_test);
  cli_json_end_object (&j);
  cli_json_end_object (&j);

  /* Per row, for parity plots: which set, the target, the fit (calibration) or prediction (test), the
   * CV prediction, T² and Q, all with the chosen number of components. */
  const double *pred = r->pred + (size_t) (rp->chosen - 1) * n * q;
  const double *pred_cv = r->pred_cv + (size_t) (rp->chosen - 1) * n * q;
  cli_json_begin_object (&j, "rows");
  cli_json_begin_array (&j, "test", true);
  for (int i = 0; i < n; i++)
    cli_json_bool (&j, NULL, rp->plan->is_test[i]);
  cli_json_end_array (&j);
  const struct { const char *key; const double *v; } series[] = {
    { "y", rp->d->y }, { "predicted", pred }, { "cv", pred_cv },
  };
  for (size_t s = 0; s < sizeof series / sizeof series[0]; s++)
    {
      cli_json_begin_array (&j, series[s].key, false);
      for (int k = 0; k < q; k++)
        json_numbers (&j, NULL, series[s].v + k, n, q);
      cli_json_end_array (&j);
    }
  json_numbers (&j, "t2", rp->t2, n, 1);
  json_numbers (&j, "q", rp->qres, n, 1);
  cli_json_end_object (&j);
  cli_json_end_object (&j);
  cli_json_finish (&j);
}

/* ---- coefficients file ---- */

static bool
write_coefficients (const pls_report *rp, const char *path)
{
  cw_atomic_file af;
  cw_error err;
  FILE *f = cw_atomic_open (&af, path, &err);
  if (!f)
    {
      cli_error ("%s", err.message);
      return false;
    }
  char name[64], pos[48];
  fputs ("axis", f);
  for (int k = 0; k < rp->q; k++)
    {
      fputc (',', f);
      cli_json_write_escaped (f, response_name (rp, k, name, sizeof name));
    }
  fputs (",vip\n", f);
  for (int p = 0; p < rp->p; p++)
    {
      fputs (cli_axis_position (rp->axis, rp->out_length, rp->d->channels, p, pos, sizeof pos), f);
      for (int k = 0; k < rp->q; k++)
        fprintf (f, ",%.17g", rp->coef[(size_t) p * rp->q + k]);
      fprintf (f, ",%.17g\n", rp->vip[p]);
    }
  if (cw_atomic_commit (&af, &err) != CW_OK)
    {
      cli_error ("%s", err.message);
      return false;
    }
  return true;
}

/* ---- the command ---- */

/* 1-based rows among `want` whose value exceeds limit. */
static int
rows_beyond (const double *v, int n, double limit, const unsigned char *is_test, bool test, int *out)
{
  int m = 0;
  for (int i = 0; i < n; i++)
    if ((is_test[i] != 0) == test && v[i] > limit)
      out[m++] = i + 1;
  return m;
}

int
cli_pls (int argc, char **argv)
{
  pls_args a;
  int rc = parse_args (argc, argv, &a);
  if (rc >= 0)
    return rc;

  int status = CLI_EXIT_FAILURE;
  cw_dataset *ds = NULL;
  cw_pipeline *pipe = NULL;
  cw_chemo_data d = { 0 };
  cw_cv_plan plan = { 0 };
  cw_pls_cv_result r = { 0 };
  pls_report rp = { 0 };
  cli_rows rows = { 0 };
  cw_pls_nested_result nested = { 0 };
  bool have_nested = false;
  double *xt = NULL;
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
  /* Test rows as `train` and `compare` find them (the split column's validation rows are calibration rows
   * here: PLS validates by the CV folds). */
  cli_fit_args fa;
  cli_fit_args_init (&fa);
  fa.test_meta = a.test_meta;
  fa.test_rows = a.test_rows;
  fa.split_column = a.split_column;
  if (!cli_rows_make (ds, &fa, 1, CLI_DEFAULT_VAL_NONE, &rows))
    goto out;
  const char *split = rows.split;
  cw_cv_plan_init (&plan, d.n);
  unsigned char *is_test = calloc ((size_t) d.n + 1, 1);
  for (int i = 0; i < d.n; i++)
    is_test[i] = rows.roles[i] == CW_ROLE_TEST;
  cw_status plan_st = cw_cv_plan_test_rows (&plan, is_test, &err);
  free (is_test);
  if (plan_st != CW_OK)
    {
      cli_error ("%s (%s)", err.message, split);
      goto out;
    }
  if (!cli_plan_folds (&plan, ds, &a.cv))
    goto out;

  cw_pls_cv_config cfg = cw_pls_cv_config_default ();
  int n_cal = cw_cv_plan_n_calibration (&plan), p_all = d.channels * d.length;
  int limit = n_cal - 1 < 30 ? n_cal - 1 : 30;
  cfg.max_components = a.max_components > 0 ? a.max_components : (limit < p_all ? limit : p_all);
  if (a.components > cfg.max_components)
    cfg.max_components = a.components;
  cfg.algorithm = a.algorithm;
  cfg.pipeline = pipe;
  cfg.classification = task != CW_TASK_REGRESSION;
  cfg.threads = a.threads;
  cfg.rule = a.rule;
  if (cw_pls_cv_run (&cfg, &d, &plan, &r, &err) != CW_OK)
    {
      cli_error ("%s", err.message[0] ? err.message : cw_status_name (err.status));
      goto out;
    }
  /* Nested CV: the outer folds are the CV above; inner folds of the same kind choose within each. */
  if (!a.no_nested && plan.n_folds >= 2)
    {
      int *groups = NULL;
      /* Leave-one-out inside leave-one-out would refit n² times: the inner choice uses 10 folds then. */
      int inner_k = a.cv.kind == CLI_CV_LOO ? 10 : a.cv.k;
      if (a.cv.kind == CLI_CV_GROUP)
        {
          groups = malloc ((size_t) d.n * sizeof (int) + 1);
          if (cw_groups_from_meta (ds, a.cv.meta, groups, &err) < 0)
            {
              free (groups);
              cli_error ("--cv: %s", err.message);
              goto out;
            }
        }
      cw_status nst = cw_pls_nested_cv (&cfg, &d, &plan, inner_k, a.cv.random, a.cv.seed, groups, &nested, &err);
      free (groups);
      if (nst != CW_OK)
        {
          cli_error ("nested CV: %s", err.message);
          goto out;
        }
      have_nested = true;
    }
  if (a.components > r.n_components)
    {
      cli_error ("--components %d: only %d component%s could be fitted (rows and rank limit them).", a.components,
                 r.n_components, r.n_components == 1 ? "" : "s");
      goto out;
    }

  rp = (pls_report) { .args = &a, .ds = ds, .cols = cols, .n_cols = n_cols, .task = task,
                      .da = cfg.classification, .d = &d, .plan = &plan, .split = split,
                      .pipeline = cw_pipeline_to_string (r.pipeline), .r = &r };
  rp.chosen = a.components ? a.components : r.suggested;
  rp.chosen_by = a.components ? "--components" : "suggested";
  rp.nested = have_nested ? &nested : NULL;
  rp.out_length = cw_pipeline_out_length (r.pipeline);
  rp.axis = cw_pipeline_out_axis (r.pipeline);
  rp.p = d.channels * rp.out_length;
  rp.q = d.q;
  rp.coef = cw_pls_coefficients (r.model, rp.chosen);
  rp.intercept = malloc ((size_t) rp.q * sizeof (double));
  cw_pls_intercepts (r.model, rp.chosen, rp.intercept);
  rp.vip = malloc ((size_t) rp.p * sizeof (double));
  cw_pls_vip (r.model, rp.chosen, rp.vip);

  int n = d.n;
  xt = malloc ((size_t) n * rp.p * sizeof (double));
  cw_pipeline_apply (r.pipeline, d.x, n, xt);
  rp.t2 = malloc ((size_t) n * sizeof (double));
  rp.qres = malloc ((size_t) n * sizeof (double));
  cw_pls_t2_q (r.model, rp.chosen, xt, n, rp.t2, rp.qres);
  rp.t2_limit = cw_pls_t2_limit (r.model, rp.chosen, a.confidence);
  rp.q_limit = cw_pls_q_limit (r.model, rp.chosen, a.confidence);
  int **lists[] = { &rp.t2_cal, &rp.t2_test, &rp.q_cal, &rp.q_test };
  for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
    *lists[i] = malloc ((size_t) n * sizeof (int));
  rp.n_t2_cal = rows_beyond (rp.t2, n, rp.t2_limit, plan.is_test, false, rp.t2_cal);
  rp.n_t2_test = rows_beyond (rp.t2, n, rp.t2_limit, plan.is_test, true, rp.t2_test);
  rp.n_q_cal = rows_beyond (rp.qres, n, rp.q_limit, plan.is_test, false, rp.q_cal);
  rp.n_q_test = rows_beyond (rp.qres, n, rp.q_limit, plan.is_test, true, rp.q_test);

  if (a.out_coef && !write_coefficients (&rp, a.out_coef))
    goto out;
  if (a.predictions)
    {
      double *pred = malloc ((size_t) n * rp.q * sizeof (double) + 1);
      cw_pls_predict (r.model, rp.chosen, xt, n, pred);
      const char *names[CLI_MAX_TARGETS + 1];
      for (int j = 0; j < rp.q; j++)
        names[j] = rp.da ? cw_dataset_class_name (ds, cols[0], j) : cw_dataset_target_name (ds, cols[j]);
      const double *preds[1] = { pred };
      const char *model_names[1] = { "PLS" };
      bool written = cli_write_predictions (a.predictions, ds, rows.roles, 1, model_names, preds, rp.q, names);
      free (pred);
      if (!written)
        goto out;
    }
  if (a.export_onnx
      && !cli_export_pls_onnx (ds, cols, rp.da, r.model, rp.chosen, r.pipeline, a.export_onnx))
    goto out;
  if (a.json)
    print_json (&rp);
  else
    print_text (&rp);
  status = CLI_EXIT_OK;

out:
  free (rp.pipeline);
  free (rp.intercept);
  free (rp.vip);
  free (rp.t2);
  free (rp.qres);
  free (rp.t2_cal);
  free (rp.t2_test);
  free (rp.q_cal);
  free (rp.q_test);
  free (xt);
  cw_pls_cv_result_clear (&r);
  cli_rows_clear (&rows);
  cw_pls_nested_result_clear (&nested);
  cw_cv_plan_clear (&plan);
  cw_chemo_data_clear (&d);
  cw_pipeline_free (pipe);
  cw_dataset_free (ds);
  return status;
}
