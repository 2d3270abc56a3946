/* cmd-train.c — `conv1d train`: load a labelled CSV, split, train with live progress, report, save. */
#include "cli-fit.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char train_usage_head[] =
  "Usage: conv1d train --data FILE [--target NAME[,NAME...]] [OPTIONS]\n"
  "\n"
  "Trains a 1D CNN on a wide CSV (one sample per row). Every choice (epochs, early stopping, the recipe)\n"
  "is made on the training rows only; test rows are scored once, after the model is final.\n"
  "\n"
  "Data and task:\n"
  "  -d, --data FILE          CSV/TSV with meta:, target: and signal columns\n"
  "  -t, --target NAME        column(s) to predict (default: every target: column)\n"
  "      --task TASK          regression | binary | multiclass | multilabel (default: regression for\n"
  "                           numbers, binary/multiclass for classes)\n";

static const char train_usage_tail[] =
  "Network and training (override the recipe's settings):\n"
  "  -a, --arch SPEC          layers, e.g. \"conv(8,k=9) relu maxpool(2) flatten dense(1)\" (--recipe custom)\n"
  "  -e, --epochs N           epochs (the most that validation may choose)\n"
  "  -b, --batch N            batch size\n"
  "      --lr RATE            learning rate\n"
  "      --optimizer NAME     adam | sgd\n"
  "      --momentum M         sgd momentum (default 0.9)\n"
  "      --nesterov           sgd with Nesterov momentum\n"
  "      --weight-decay W     L2 penalty added to the gradient\n"
  "      --clip NORM          clip the gradient's L2 norm\n"
  "      --clip-value V       clamp each gradient component to [-V, V]\n"
  "      --loss NAME          mse | mae | crossentropy | bce | hinge | exp (default: the task's)\n"
  "      --schedule NAME      constant | step | exp | cosine | plateau\n"
  "      --lr-step N          step schedule: epochs between decays (default 30)\n"
  "      --lr-gamma G         step/exp schedule: decay factor (default 0.1 step, 0.95 exp)\n"
  "      --lr-min RATE        cosine schedule: final rate; plateau: lowest rate (default 0)\n"
  "      --plateau-patience N plateau schedule (ReduceLROnPlateau on the training loss): epochs without\n"
  "                           a 1e-4 relative improvement tolerated before the rate drops (default 10)\n"
  "      --plateau-factor F   plateau schedule: the rate is multiplied by F at a drop (default 0.5)\n"
  "      --patience N         stop a run after N epochs without validation improvement\n"
  "      --scaling MODE       input scaling: feature (default) | channel | none\n"
  "      --no-target-scaling  do not standardise regression targets\n"
  "      --seed N             seed for weights, splits, folds, shuffling and noise (default 1)\n"
  "      --threads N          training runs at once (default 1; the result does not depend on it)\n"
  "Augmentation (training batches only):\n"
  "      --aug-units UNITS    standardised (default): applied to the scaled input, sizes in its units;\n"
  "                           input: applied to the signals before the input scaling, offset, slope and\n"
  "                           noise sizes in SDs of all training signal values\n"
  "      --aug-shift N        random shift by up to N points\n"
  "      --aug-noise SD       additive Gaussian noise\n"
  "      --aug-scale SD       multiplicative factor 1 + N(0, SD^2)\n"
  "      --aug-offset SD      baseline offset\n"
  "      --aug-slope SD       baseline slope\n"
  "Output:\n"
  "  -o, --out MODEL          save the trained model (with its preprocessing and how it was made)\n"
  "      --json               print one JSON object instead of the text report\n"
  "  -q, --quiet              no progress on stderr\n"
  "  -h, --help               this help\n"
  "\n"
  "Without --cv, --val or --val-meta the data's split column's validation rows validate (then the winner is\n"
  "refitted on training and validation rows); otherwise 5-fold CV over the training rows (a random 20 % for a\n"
  "single recipe). Ctrl-C stops training within a batch; the model trained so far is still reported and saved\n"
  "(under CV there is none until the final fit starts).\n"
  "Example:\n"
  "  conv1d train --data resources/data/gasoline.csv --target octane --test-meta split_vignette=test \\\n"
  "               --out octane.cw1d\n";

enum {
  OPT_TASK = 256, OPT_JSON,
};

static const struct option train_options_table[] = {
  { "data", required_argument, NULL, 'd' },
  { "target", required_argument, NULL, 't' },
  { "task", required_argument, NULL, OPT_TASK },
  CLI_FIT_OPTIONS,
  CLI_CNN_OPTIONS,
  CLI_CNN_GRADIENT_OPTIONS,
  { "out", required_argument, NULL, 'o' },
  { "json", no_argument, NULL, OPT_JSON },
  { "quiet", no_argument, NULL, 'q' },
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 },
};

/* What the command line asked for; NAN / NULL = not given. */
typedef struct {
  const char *data, *target, *out;
  bool task_given;
  cw_task task;
  cli_fit_args fit;
  cli_cnn_args cnn;
  bool json, quiet;
} train_args;

static void
print_usage (void)
{
  fputs (train_usage_head, stdout);
  fputs (cli_fit_usage_rows, stdout);
  fputs (cli_fit_usage_recipe, stdout);
  fputs (train_usage_tail, stdout);
}

/* 0 = parsed, otherwise the exit status (help printed, or a bad option). */
static int
parse_args (int argc, char **argv, train_args *a)
{
  memset (a, 0, sizeof *a);
  cli_fit_args_init (&a->fit);
  cli_cnn_args_init (&a->cnn);
  int c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long (argc, argv, ":d:t:a:e:b:o:p:qh", train_options_table, NULL)) != -1)
    {
      bool ok = true;
      switch (c)
        {
        case 'd': a->data = optarg; break;
        case 't': a->target = optarg; break;
        case 'o': a->out = optarg; break;
        case 'q': a->quiet = true; break;
        case OPT_JSON: a->json = true; break;
        case OPT_TASK: ok = cli_parse_task (optarg, &a->task); a->task_given = true; break;
        case 'h': print_usage (); return CLI_EXIT_OK;
        default:
          {
            int rc = cli_fit_parse_option (&a->fit, "train", c, optarg);
            if (rc < 0)
              rc = cli_cnn_parse_option (&a->cnn, "train", c, optarg);
            if (rc < 0)
              return cli_option_error ("train", c, argv);
            if (rc > 0)
              return rc;
          }
        }
      if (!ok)
        return CLI_EXIT_USAGE;
    }
  if (optind < argc)
    return cli_usage_error ("train", "unexpected argument '%s'.", argv[optind]);
  if (!a->data)
    return cli_usage_error ("train", "--data FILE is required.");
  int rc = cli_fit_check_args (&a->fit, "train");
  return rc ? rc : -1;
}

/* ---- results ---- */

/* Metrics of the final model on the rows of one role (raw signals through the model's pipeline). */
static void
role_metrics (cw_model *model, const cw_dataset *ds, const float *y, int k, const unsigned char *roles, int role,
              cw_metrics *m)
{
  memset (m, 0, sizeof *m);
  m->task = cw_model_task (model);
  int n = cw_dataset_n_samples (ds), count = 0;
  for (int i = 0; i < n; i++)
    count += roles[i] == role;
  if (count == 0)
    return;
  size_t w = (size_t) cw_dataset_n_channels (ds) * cw_dataset_length (ds);
  float *x = malloc ((size_t) count * w * sizeof (float));
  float *yy = malloc ((size_t) count * k * sizeof (float));
  float *pred = malloc ((size_t) count * k * sizeof (float));
  for (int i = 0, j = 0; i < n; i++)
    if (roles[i] == role)
      {
        memcpy (x + (size_t) j * w, cw_dataset_signals (ds) + (size_t) i * w, w * sizeof (float));
        memcpy (yy + (size_t) j * k, y + (size_t) i * k, (size_t) k * sizeof (float));
        j++;
      }
  cw_error err;
  cw_error_clear (&err);
  if (cw_model_predict_raw (model, x, count, pred, &err) == CW_OK)
    cw_metrics_compute (cw_model_task (model), pred, yy, count, k, m);
  else
    cli_error ("%s", err.message);
  free (x);
  free (yy);
  free (pred);
}

static void
json_history (cli_json *j, const cw_history *h)
{
  const struct { const char *key; const double *v; } series[] = {
    { "train_loss", h->train_loss }, { "val_loss", h->val_loss }, { "train_metric", h->train_metric },
    { "val_metric", h->val_metric }, { "lr", h->lr },
  };
  cli_json_begin_object (j, "history");
  for (size_t s = 0; s < sizeof series / sizeof series[0]; s++)
    {
      if (!series[s].v)
        continue;
      cli_json_begin_array (j, series[s].key, true);
      /* The learning rate is a float setting; print it as one. */
      for (int e = 0; e < h->epochs; e++)
        if (series[s].v == h->lr)
          cli_json_float (j, NULL, (float) series[s].v[e]);
        else
          cli_json_number (j, NULL, series[s].v[e]);
      cli_json_end_array (j);
    }
  cli_json_end_object (j);
}

typedef struct {
  const train_args *args;
  const cw_dataset *ds;
  const int *cols;
  int n_cols;
  const cli_rows *rows;
  const cw_fit_config *config;
  const cw_fit_result *fit;
  cw_status status;
  const cw_metrics *train_m, *val_m, *test_m;
  const cw_fit_nested_result *nested;
} train_report;

static void
print_json (const train_report *r)
{
  cw_model *model = r->fit->model;
  int counts[3];
  cw_roles_count (r->rows->roles, r->rows->n, counts);
  cli_json j;
  cli_json_init (&j, stdout);
  cli_json_begin_object (&j, NULL);
  cli_json_string (&j, "command", "train");
  cli_json_string (&j, "data", r->args->data);
  cli_json_int (&j, "samples", cw_dataset_n_samples (r->ds));
  cli_json_int (&j, "channels", cw_dataset_n_channels (r->ds));
  cli_json_int (&j, "length", cw_dataset_length (r->ds));
  cli_json_begin_array (&j, "targets", true);
  for (int i = 0; i < r->n_cols; i++)
    cli_json_string (&j, NULL, cw_dataset_target_name (r->ds, r->cols[i]));
  cli_json_end_array (&j);
  cli_json_string (&j, "task", cw_task_name (cw_model_task (model)));
  cli_json_int (&j, "outputs", cw_model_n_outputs (model));
  char *arch = cw_spec_to_string (cw_model_spec (model));
  cli_json_string (&j, "arch", arch);
  free (arch);
  cli_json_int (&j, "params", (long long) cw_model_n_params (model));
  cli_json_number (&j, "flops_per_sample", cw_model_flops (model));
  cli_json_begin_object (&j, "split");
  cli_json_string (&j, "by", r->rows->split);
  cli_json_string (&j, "validation_by", r->rows->validation);
  cli_json_int (&j, "train", counts[CW_ROLE_TRAIN]);
  cli_json_int (&j, "validation", counts[CW_ROLE_VALIDATION]);
  cli_json_int (&j, "test", counts[CW_ROLE_TEST]);
  cli_json_int (&j, "folds", r->rows->n_folds);
  cli_json_end_object (&j);
  const cw_train_config *cfg = &r->config->candidates[r->fit->chosen].train;
  cli_json_begin_object (&j, "config");
  cli_json_int (&j, "epochs", cfg->epochs);
  cli_json_int (&j, "batch", cfg->batch);
  cli_json_string (&j, "optimizer", cw_optimizer_name (cfg->optimizer.type));
  cli_json_float (&j, "lr", cfg->optimizer.lr);
  cli_json_string (&j, "loss", cw_loss_name (cfg->loss));
  cli_json_string (&j, "schedule", cw_schedule_name (cfg->schedule.type));
  cli_json_int (&j, "patience", cfg->patience);
  cli_json_int (&j, "seed", (long long) r->config->seed);
  cli_json_int (&j, "threads", r->config->threads);
  cli_json_end_object (&j);
  cli_json_string (&j, "status", r->status == CW_ERR_ABORTED ? "interrupted" : "ok");
  cli_json_int (&j, "epochs_run", r->fit->history.epochs);
  cli_json_int (&j, "best_epoch", r->fit->history.best_epoch);
  cli_json_bool (&j, "stopped_early", r->fit->history.stopped_early);
  cli_json_number (&j, "seconds", r->fit->seconds);
  cli_json_string (&j, "model", r->args->out);
  cli_json_metrics (&j, "train", model, r->train_m);
  cli_json_metrics (&j, "validation", model, r->val_m);
  cli_json_metrics (&j, "test", model, r->test_m);
  cli_fit_json (&j, r->fit, r->config);
  if (r->nested)
    cli_json_nested (&j, r->nested, r->config, cw_model_task (model));
  cli_json_record (&j, "record", model);
  json_history (&j, &r->fit->history);
  cli_json_end_object (&j);
  cli_json_finish (&j);
}

static void
print_text (const train_report *r)
{
  const cw_dataset *ds = r->ds;
  cw_model *model = r->fit->model;
  int counts[3];
  cw_roles_count (r->rows->roles, r->rows->n, counts);
  printf ("Data:     %s: %d samples, %d x %d; target ", r->args->data, cw_dataset_n_samples (ds),
          cw_dataset_n_channels (ds), cw_dataset_length (ds));
  for (int i = 0; i < r->n_cols; i++)
    printf ("%s%s", i ? ", " : "", cw_dataset_target_name (ds, r->cols[i]));
  printf (" (%s)\n", cw_task_name (cw_model_task (model)));
  printf ("Rows:     %d training, %d validation, %d test (%s)\n", counts[CW_ROLE_TRAIN], counts[CW_ROLE_VALIDATION],
          counts[CW_ROLE_TEST], r->rows->split);
  printf ("Validate: %s\n", r->rows->validation);
  cli_fit_print_text (stdout, r->fit, r->config);
  if (r->nested)
    cli_print_nested (stdout, r->nested, r->config, cw_model_task (model));
  if (r->status == CW_ERR_ABORTED)
    printf ("Stopped:  interrupted; the model is reported as it is\n");
  if (r->args->out)
    printf ("Saved:    %s\n", r->args->out);
  printf ("\n");
  /* Test rows when there are any (scored once, now); otherwise the validation rows. */
  if (r->test_m->n > 0)
    cli_print_metrics (stdout, model, "training", r->train_m, "test", r->test_m);
  else
    cli_print_metrics (stdout, model, "training", r->train_m, "validation", r->val_m);
}

/* Names travel with the model so predict and eval can print and match them. */
static void
name_outputs (cw_model *model, const cw_dataset *ds, cw_task task, const int *cols, int n_cols)
{
  const char *names[CLI_MAX_TARGETS];
  for (int i = 0; i < n_cols; i++)
    names[i] = cw_dataset_target_name (ds, cols[i]);
  cw_model_set_target_names (model, n_cols, names);
  if (task == CW_TASK_MULTILABEL)
    cw_model_set_class_names (model, n_cols, names);
  else if (task == CW_TASK_BINARY || task == CW_TASK_MULTICLASS)
    {
      int k = cw_dataset_n_classes (ds, cols[0]);
      const char **classes = malloc ((size_t) k * sizeof *classes);
      for (int c = 0; c < k; c++)
        classes[c] = cw_dataset_class_name (ds, cols[0], c);
      cw_model_set_class_names (model, k, classes);
      free (classes);
    }
}

static bool
write_predictions (const train_args *a, const cw_dataset *ds, const cli_rows *rows, cw_model *model, int k)
{
  int n = cw_dataset_n_samples (ds);
  float *pred = malloc ((size_t) n * k * sizeof (float) + 1);
  double *pd = malloc ((size_t) n * k * sizeof (double) + 1);
  cw_error err;
  cw_error_clear (&err);
  bool ok = cw_model_predict_raw (model, cw_dataset_signals (ds), n, pred, &err) == CW_OK;
  if (!ok)
    cli_error ("%s", err.message);
  for (size_t i = 0; ok && i < (size_t) n * k; i++)
    pd[i] = pred[i];
  const char *names[CLI_MAX_TARGETS + 256];
  char bufs[256][32];
  for (int j = 0; j < k && j < 256; j++)
    names[j] = cli_output_name (model, j, bufs[j], sizeof bufs[j]);
  const double *preds[1] = { pd };
  const char *model_names[1] = { "CNN" };
  if (ok)
    ok = cli_write_predictions (a->fit.predictions, ds, rows->roles, 1, model_names, preds, k, names);
  free (pred);
  free (pd);
  return ok;
}

int
cli_train (int argc, char **argv)
{
  train_args a;
  int rc = parse_args (argc, argv, &a);
  if (rc >= 0)
    return rc;

  int status = CLI_EXIT_FAILURE;
  cw_dataset *ds = NULL;
  cw_pipeline *pipe = NULL;
  float *y = NULL;
  cli_rows rows = { 0 };
  cw_recipe recipes[CW_RECIPE_MAX_AUTO];
  cw_fit_result fit = { 0 };
  cw_metrics train_m = { 0 }, val_m = { 0 }, test_m = { 0 };
  cw_fit_nested_result nested = { 0 };
  bool have_nested = false;
  int *outer_fold = NULL;
  cw_error err;
  cw_error_clear (&err);

  if (a.fit.preprocess && !(pipe = cli_parse_preprocess (a.fit.preprocess, "none")))
    goto out;
  if (!(ds = cli_load_data (a.data, a.target)))
    goto out;
  int cols[CLI_MAX_TARGETS], n_cols = 0;
  cw_task task = a.task;
  if (!cli_resolve_targets (ds, a.target, a.task_given, &task, cols, &n_cols))
    goto out;
  int k = 0;
  if (cw_dataset_encode_targets (ds, task, cols, n_cols, &y, &k, &err) != CW_OK)
    {
      cli_error ("%s", err.message);
      goto out;
    }
  /* auto is the default recipe (it earned it: see the README's table); --arch alone means custom. */
  const bool is_auto = a.fit.recipe ? strcmp (a.fit.recipe, "auto") == 0 : !a.cnn.arch;
  if (!cli_rows_make (ds, &a.fit, a.cnn.seed, is_auto ? CLI_DEFAULT_VAL_CV : CLI_DEFAULT_VAL_HOLDOUT, &rows))
    goto out;
  int counts[3];
  cw_roles_count (rows.roles, rows.n, counts);
  int C = cw_dataset_n_channels (ds), L = cli_preprocessed_length (pipe, ds, rows.roles);
  if (L < 0)
    goto out;
  int n_recipes = cli_fit_recipes (&a.fit, &a.cnn, "auto", task, C, L, counts[CW_ROLE_TRAIN], k, recipes,
                                   CW_RECIPE_MAX_AUTO);
  if (n_recipes == 0)
    goto out;

  cw_fit_config config = cli_fit_config (&a.fit, &a.cnn, recipes, n_recipes, pipe);
  cw_fit_data data = cli_fit_data (ds, y, k, task, &rows);
  cw_status st = cli_fit_interruptible (&config, &data, a.quiet, &fit, &err);
  if (st != CW_OK && !(st == CW_ERR_ABORTED && fit.model))
    {
      cli_error ("training failed: %s", err.message[0] ? err.message : cw_status_name (st));
      goto out;
    }
  if (st == CW_ERR_ABORTED && !a.quiet)
    fprintf (stderr, "Interrupted after %d epoch%s; reporting the model as it is.\n", fit.history.epochs,
             fit.history.epochs == 1 ? "" : "s");
  cw_model *model = fit.model;
  name_outputs (model, ds, task, cols, n_cols);
  cw_model_set_info (model, "data", a.data);
  cw_model_set_info (model, "split", rows.split);
  cw_model_set_info (model, "validation", rows.validation);

  /* Training and validation rows first; the test rows once, now that nothing is left to choose. */
  role_metrics (model, ds, y, k, rows.roles, CW_ROLE_TRAIN, &train_m);
  role_metrics (model, ds, y, k, rows.roles, CW_ROLE_VALIDATION, &val_m);
  role_metrics (model, ds, y, k, rows.roles, CW_ROLE_TEST, &test_m);
  if (a.out && cw_model_save (model, a.out, &err) != CW_OK)
    {
      cli_error ("%s", err.message);
      goto out;
    }
  if (a.fit.predictions && !write_predictions (&a, ds, &rows, model, k))
    goto out;
  if (a.fit.nested && st == CW_OK)
    {
      int inner_k;
      if (!cli_fit_nested (&a.fit, &rows, ds, &config, &data, a.quiet, &nested, &outer_fold, &inner_k))
        goto out;
      have_nested = true;
    }
  train_report r = { .args = &a, .ds = ds, .cols = cols, .n_cols = n_cols, .rows = &rows, .config = &config,
                     .fit = &fit, .status = st, .train_m = &train_m, .val_m = &val_m, .test_m = &test_m,
                     .nested = have_nested ? &nested : NULL };
  if (a.json)
    print_json (&r);
  else
    print_text (&r);
  status = st == CW_ERR_ABORTED ? CLI_EXIT_INTERRUPTED : CLI_EXIT_OK;

out:
  cw_metrics_clear (&train_m);
  cw_metrics_clear (&val_m);
  cw_metrics_clear (&test_m);
  cw_fit_result_clear (&fit);
  cw_fit_nested_result_clear (&nested);
  free (outer_fold);
  cli_rows_clear (&rows);
  free (y);
  cw_pipeline_free (pipe);
  cw_dataset_free (ds);
  return status;
}
