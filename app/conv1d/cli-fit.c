/* cli-fit.c — roles, inner validation, recipes, the fit driver with progress, its report and per-row
 * predictions: what `train` and `compare` share so that no choice they make reads a test row. */
#include "cli-fit.h"

#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char cli_fit_usage_rows[] =
  "Rows (training, validation, test; no choice ever reads a test row):\n"
  "      --test-meta COL=VAL  test rows by a meta column, e.g. split=test\n"
  "      --test-rows RANGES   test rows by 1-based row number, e.g. 51-60\n"
  "      --test-fraction F    random test share (by --seed)\n"
  "      --split-column COL   a meta column of train/val/test words (default: found in the data when one\n"
  "                           holds only train|cal, val|monitor and test words); none = ignore it\n"
  "      --cv SPEC            choose epochs (and the recipe) by K-fold CV over the training rows, then refit:\n"
  "                           K (consecutive folds), kfold:K:random[:SEED], loo, group:META[:K[:random]]\n"
  "      --val FRACTION       or hold out a random share of the training rows for validation (0 = none)\n"
  "      --val-meta COL=VAL   or validate on these training rows (never test rows)\n"
  "      --group META         keep rows with the same META value together in holdouts and folds\n"
  "      --no-refit           holdout: keep each network's best-validation weights instead of refitting the\n"
  "                           winner on the training and validation rows for its best epoch count\n"
  "      --nested K           also estimate the whole procedure by nested CV: K outer folds, every choice made\n"
  "                           again inside each by the inner CV of --cv (default 5 folds); costs K fits more\n";

const char cli_fit_usage_recipe[] =
  "Recipe (a preprocessing, a network and how to train it):\n"
  "      --recipe NAME        auto (the default: validation chooses among pca-linear(5), pca-linear(10),\n"
  "                           pca-mlp(6), pca-mlp(10), pca-mlp(15), cui-fearn2018, deriv-cnn and bjerrum2017;\n"
  "                           for classes linear, pca-linear(10), pca-mlp(10) and the three CNNs), one of those,\n"
  "                           pca-mlp(K), pca-linear(K), default (two conv blocks), or custom (--arch)\n"
  "      --ensemble N         members averaged in the final model (default: the recipe's)\n"
  "      --time-budget S      auto: skip candidates that would overrun S seconds (default 600; 0 = none)\n"
  "  -p, --preprocess STEPS   preprocessing before the recipe's own, e.g. \"snv sg(11,2,1)\"\n"
  "      --predictions CSV    every row's prediction (with its role) from the final model(s)\n";

void
cli_fit_args_init (cli_fit_args *a)
{
  memset (a, 0, sizeof *a);
  a->test_fraction = a->val = NAN;
  a->ensemble = -1;
  a->time_budget = NAN;
}

int
cli_fit_parse_option (cli_fit_args *a, const char *command, int c, const char *value)
{
  switch (c)
    {
    case CLI_OPT_TEST_META:
      a->test_meta = value;
      return cli_check_meta_value (command, "test-meta", value) ? 0 : CLI_EXIT_USAGE;
    case CLI_OPT_TEST_ROWS: a->test_rows = value; return 0;
    case CLI_OPT_TEST_FRACTION:
      return cli_parse_float ("test-fraction", value, 0.01, 0.95, &a->test_fraction) ? 0 : CLI_EXIT_USAGE;
    case CLI_OPT_SPLIT_COLUMN: a->split_column = value; return 0;
    case CLI_OPT_VAL: return cli_parse_float ("val", value, 0, 0.9, &a->val) ? 0 : CLI_EXIT_USAGE;
    case CLI_OPT_VAL_META:
      a->val_meta = value;
      return cli_check_meta_value (command, "val-meta", value) ? 0 : CLI_EXIT_USAGE;
    case CLI_OPT_GROUP: a->group = value; return 0;
    case CLI_OPT_CV: a->cv_text = value; return 0;
    case CLI_OPT_RECIPE: a->recipe = value; return 0;
    case CLI_OPT_ENSEMBLE: return cli_parse_int ("ensemble", value, 1, 1000, &a->ensemble) ? 0 : CLI_EXIT_USAGE;
    case CLI_OPT_TIME_BUDGET:
      return cli_parse_float ("time-budget", value, 0, 1e7, &a->time_budget) ? 0 : CLI_EXIT_USAGE;
    case 'p':
    case CLI_OPT_PREPROCESS: a->preprocess = value; return 0;
    case CLI_OPT_PREDICTIONS: a->predictions = value; return 0;
    case CLI_OPT_NO_REFIT: a->no_refit = true; return 0;
    case CLI_OPT_NESTED: return cli_parse_int ("nested", value, 2, 1000, &a->nested) ? 0 : CLI_EXIT_USAGE;
    default: return -1;
    }
}

int
cli_fit_check_args (cli_fit_args *a, const char *command)
{
  if ((a->test_meta != NULL) + (a->test_rows != NULL) + !isnan (a->test_fraction) > 1)
    return cli_usage_error (command, "--test-meta, --test-rows and --test-fraction are alternatives; give one.");
  if ((a->cv_text != NULL) + (a->val_meta != NULL) + !isnan (a->val) > 1)
    return cli_usage_error (command, "--cv, --val and --val-meta are alternatives; give one.");
  if (a->cv_text && !cli_parse_cv (a->cv_text, &a->cv))
    return CLI_EXIT_USAGE;
  if (a->cv_text && a->cv.kind == CLI_CV_GROUP && a->group)
    return cli_usage_error (command, "--cv group:META already keeps groups together; drop --group.");
  return 0;
}

/* ---- roles ---- */

void
cli_rows_clear (cli_rows *rows)
{
  free (rows->roles);
  free (rows->fold);
  free (rows->groups);
  memset (rows, 0, sizeof *rows);
}

/* COLUMN=VALUES split into its parts (caller frees the column). */
static char *
split_assignment (const char *text, const char **values)
{
  char *column = strdup (text);
  char *eq = strchr (column, '=');
  *eq = '\0';
  *values = eq + 1;
  return column;
}

static bool
test_roles (const cw_dataset *ds, const cli_fit_args *a, uint64_t seed, cli_rows *rows, bool *split_val)
{
  int n = rows->n;
  cw_error err;
  cw_error_clear (&err);
  unsigned char *is_test = calloc ((size_t) n + 1, 1);
  bool ok = true;
  *split_val = false;
  if (a->test_meta || a->test_rows)
    {
      cw_cv_plan plan;
      cw_cv_plan_init (&plan, n);
      ok = cli_plan_test (&plan, ds, a->test_meta, a->test_rows, rows->split, sizeof rows->split);
      if (ok)
        memcpy (is_test, plan.is_test, (size_t) n);
      cw_cv_plan_clear (&plan);
      if (ok && a->test_meta)
        {
          /* A split column named for the test keeps its validation rows as validation rows. */
          const char *values;
          char *column = split_assignment (a->test_meta, &values);
          unsigned char *split = malloc ((size_t) n + 1);
          if (cw_roles_from_split_column (ds, column, split, NULL) == CW_OK)
            for (int i = 0; i < n; i++)
              if (!is_test[i] && split[i] == CW_ROLE_VALIDATION)
                {
                  rows->roles[i] = CW_ROLE_VALIDATION;
                  *split_val = true;
                }
          free (split);
          free (column);
        }
    }
  else if (!isnan (a->test_fraction))
    {
      cw_split_random (n, a->test_fraction, seed, is_test);
      snprintf (rows->split, sizeof rows->split, "random %g, seed %llu", (double) a->test_fraction,
                (unsigned long long) seed);
    }
  else
    {
      const char *column = NULL;
      if (a->split_column && strcmp (a->split_column, "none") != 0)
        column = a->split_column;
      else if (!a->split_column)
        {
          int j = cw_roles_guess_split_column (ds);
          column = j >= 0 ? cw_dataset_meta_name (ds, j) : NULL;
        }
      if (column)
        {
          ok = cw_roles_from_split_column (ds, column, rows->roles, &err) == CW_OK;
          if (!ok)
            cli_error ("--split-column: %s", err.message);
          for (int i = 0; ok && i < n; i++)
            {
              is_test[i] = rows->roles[i] == CW_ROLE_TEST;
              *split_val |= rows->roles[i] == CW_ROLE_VALIDATION;
            }
          snprintf (rows->split, sizeof rows->split, "split column '%s'%s", column,
                    a->split_column ? "" : " (found in the data; --split-column none ignores it)");
        }
      else
        snprintf (rows->split, sizeof rows->split, "no test rows");
    }
  for (int i = 0; ok && i < n; i++)
    if (is_test[i])
      rows->roles[i] = CW_ROLE_TEST;
  free (is_test);
  return ok;
}

static const char *
cv_order (const cli_cv *cv)
{
  return cv->random ? "random" : "consecutive";
}

static bool
make_folds (const cw_dataset *ds, const cli_cv *cv, uint64_t seed, cli_rows *rows)
{
  cw_error err;
  cw_error_clear (&err);
  int counts[3];
  cw_roles_count (rows->roles, rows->n, counts);
  int *groups = rows->groups, k = cv->k;
  int *own_groups = NULL;
  bool random = cv->random;
  uint64_t fold_seed = cv->random ? cv->seed : seed;
  if (cv->kind == CLI_CV_LOO)
    k = counts[CW_ROLE_TRAIN];
  if (cv->kind == CLI_CV_GROUP)
    {
      own_groups = malloc ((size_t) rows->n * sizeof (int) + 1);
      int n_groups = cw_groups_from_meta (ds, cv->meta, own_groups, &err);
      if (n_groups < 0)
        {
          free (own_groups);
          cli_error ("--cv: %s", err.message);
          return false;
        }
      groups = own_groups;
      if (k <= 0)
        {
          /* One fold per group among the training rows. */
          int *seen = calloc ((size_t) n_groups + 1, sizeof (int));
          k = 0;
          for (int i = 0; i < rows->n; i++)
            if (rows->roles[i] == CW_ROLE_TRAIN && !seen[groups[i]]++)
              k++;
          free (seen);
        }
    }
  rows->fold = malloc ((size_t) rows->n * sizeof (int) + 1);
  bool ok = cw_roles_folds (rows->roles, rows->n, k, groups, random, fold_seed, rows->fold, &err) == CW_OK;
  if (!ok)
    cli_error ("--cv: %s", err.message);
  rows->n_folds = k;
  if (cv->kind == CLI_CV_LOO)
    snprintf (rows->validation, sizeof rows->validation, "leave-one-out CV over the %d training rows", k);
  else if (cv->kind == CLI_CV_GROUP)
    snprintf (rows->validation, sizeof rows->validation, "%d-fold CV keeping '%s' groups together (%s)", k,
              cv->meta, cv_order (cv));
  else
    snprintf (rows->validation, sizeof rows->validation, "%d-fold CV over the %d training rows (%s%s)%s", k,
              counts[CW_ROLE_TRAIN], cv_order (cv), random ? ", seeded" : "", groups ? ", groups kept together" : "");
  free (own_groups);
  return ok;
}

bool
cli_rows_make (const cw_dataset *ds, const cli_fit_args *a, uint64_t seed, cli_default_val fallback,
               cli_rows *rows)
{
  memset (rows, 0, sizeof *rows);
  int n = cw_dataset_n_samples (ds);
  rows->n = n;
  rows->roles = calloc ((size_t) n + 1, 1);
  cw_error err;
  cw_error_clear (&err);
  bool split_val = false;
  if (!test_roles (ds, a, seed, rows, &split_val))
    return false;
  if (a->group)
    {
      rows->groups = malloc ((size_t) n * sizeof (int) + 1);
      if (cw_groups_from_meta (ds, a->group, rows->groups, &err) < 0)
        {
          cli_error ("--group: %s", err.message);
          return false;
        }
    }
  else if (!(a->cv_text && a->cv.kind == CLI_CV_GROUP))
    {
      /* The app keeps such a column's rows together by itself; a script's rows stay as it asked, with
       * a word on stderr. */
      int guess = cw_roles_guess_group_column (ds, cw_roles_guess_split_column (ds));
      if (guess >= 0)
        fprintf (stderr,
                 "note: meta column '%s' repeats ids (replicates, patients?); rows sharing an id can fall on "
                 "both sides of the validation. Add --group %s to keep them together.\n",
                 cw_dataset_meta_name (ds, guess), cw_dataset_meta_name (ds, guess));
    }
  int counts[3];
  cw_roles_count (rows->roles, n, counts);
  if (counts[CW_ROLE_TRAIN] + counts[CW_ROLE_VALIDATION] < 2)
    {
      cli_error ("The split (%s) leaves %d training row%s; at least 2 are needed.", rows->split,
                 counts[CW_ROLE_TRAIN] + counts[CW_ROLE_VALIDATION],
                 counts[CW_ROLE_TRAIN] + counts[CW_ROLE_VALIDATION] == 1 ? "" : "s");
      return false;
    }
  bool explicit_val = a->cv_text || a->val_meta || !isnan (a->val);
  /* Validation given on the command line replaces the split column's validation rows (they train). */
  if (explicit_val || (!split_val && fallback != CLI_DEFAULT_VAL_NONE))
    for (int i = 0; i < n; i++)
      if (rows->roles[i] == CW_ROLE_VALIDATION)
        rows->roles[i] = CW_ROLE_TRAIN;
  if (a->cv_text && a->cv.kind != CLI_CV_NONE)
    return make_folds (ds, &a->cv, seed, rows);
  if (a->cv_text)
    {
      snprintf (rows->validation, sizeof rows->validation, "none (--cv none)");
      return true;
    }
  if (a->val_meta)
    {
      const char *values;
      char *column = split_assignment (a->val_meta, &values);
      unsigned char *is_val = calloc ((size_t) n + 1, 1);
      bool ok = cw_split_by_meta (ds, column, values, is_val, &err) == CW_OK;
      if (!ok)
        cli_error ("--val-meta: %s", err.message);
      for (int i = 0; ok && i < n; i++)
        if (is_val[i])
          {
            if (rows->roles[i] == CW_ROLE_TEST)
              {
                cli_error ("--val-meta %s: row %d is a test row (%s); validation rows come from the training "
                           "rows, and test rows are only scored once at the end.", a->val_meta, i + 1, rows->split);
                ok = false;
              }
            else
              rows->roles[i] = CW_ROLE_VALIDATION;
          }
      free (is_val);
      free (column);
      snprintf (rows->validation, sizeof rows->validation, "holdout: training rows with %s", a->val_meta);
      return ok;
    }
  float fraction = a->val;
  if (isnan (fraction))
    {
      if (split_val)
        {
          cw_roles_count (rows->roles, n, counts);
          snprintf (rows->validation, sizeof rows->validation, "holdout: the split column's %d validation rows",
                    counts[CW_ROLE_VALIDATION]);
          return true;
        }
      if (fallback == CLI_DEFAULT_VAL_CV)
        {
          cli_cv cv = { .kind = CLI_CV_KFOLD, .k = 5, .random = true, .seed = seed };
          cw_roles_count (rows->roles, n, counts);
          if (counts[CW_ROLE_TRAIN] < 10)
            cv.k = counts[CW_ROLE_TRAIN] < 4 ? 2 : 3;
          return make_folds (ds, &cv, seed, rows);
        }
      fraction = fallback == CLI_DEFAULT_VAL_HOLDOUT ? 0.2f : 0.0f;
    }
  if (fraction <= 0)
    {
      snprintf (rows->validation, sizeof rows->validation, "none");
      return true;
    }
  if (cw_roles_holdout (rows->roles, n, fraction, rows->groups, seed, &err) != CW_OK)
    {
      cli_error ("--val: %s", err.message);
      return false;
    }
  cw_roles_count (rows->roles, n, counts);
  snprintf (rows->validation, sizeof rows->validation, "holdout: %d random training rows (%g, seed %llu%s)",
            counts[CW_ROLE_VALIDATION], (double) fraction, (unsigned long long) seed,
            rows->groups ? ", groups kept together" : "");
  return true;
}

bool
cli_rows_pls_plan (const cli_rows *rows, const cw_dataset *ds, const cli_cv *cv, uint64_t seed, cw_cv_plan *plan)
{
  cw_error err;
  cw_error_clear (&err);
  cw_cv_plan_init (plan, rows->n);
  unsigned char *is_test = calloc ((size_t) rows->n + 1, 1);
  for (int i = 0; i < rows->n; i++)
    is_test[i] = rows->roles[i] == CW_ROLE_TEST;
  cw_status st = cw_cv_plan_test_rows (plan, is_test, &err);
  free (is_test);
  if (st != CW_OK)
    {
      cli_error ("%s", err.message);
      return false;
    }
  if (rows->fold)
    {
      /* The very folds the CNN cross-validates on. */
      for (int i = 0; i < rows->n; i++)
        plan->fold[i] = rows->fold[i];
      plan->n_folds = rows->n_folds;
      snprintf (plan->label, sizeof plan->label, "the CNN's %d folds", rows->n_folds);
      return true;
    }
  if (cv && cv->kind != CLI_CV_NONE)
    return cli_plan_folds (plan, ds, cv);
  int n_cal = cw_cv_plan_n_calibration (plan);
  int k = n_cal >= 10 ? 5 : n_cal >= 4 ? 3 : 2;
  if (cw_cv_plan_kfold (plan, k, true, seed, &err) != CW_OK)
    {
      cli_error ("%s", err.message);
      return false;
    }
  return true;
}

/* ---- recipes ---- */

static void
apply_cnn_options (const cli_cnn_args *cnn, cw_recipe *r)
{
  cw_train_config *c = &r->train;
  if (cnn->arch)
    snprintf (r->arch, sizeof r->arch, "%s", cnn->arch);
  if (cnn->epochs > 0)
    c->epochs = cnn->epochs;
  if (cnn->batch > 0)
    c->batch = cnn->batch;
  if (cnn->optimizer_given)
    {
      float wd = c->optimizer.weight_decay;
      c->optimizer = cw_optimizer_config_default (cnn->optimizer);
      c->optimizer.weight_decay = wd;
    }
  if (!isnan (cnn->lr))
    c->optimizer.lr = cnn->lr;
  if (!isnan (cnn->momentum))
    c->optimizer.momentum = cnn->momentum;
  if (cnn->nesterov)
    c->optimizer.nesterov = true;
  if (!isnan (cnn->weight_decay))
    c->optimizer.weight_decay = cnn->weight_decay;
  if (!isnan (cnn->clip))
    c->optimizer.clip_norm = cnn->clip;
  if (!isnan (cnn->clip_value))
    c->optimizer.clip_value = cnn->clip_value;
  if (cnn->loss_given)
    c->loss = cnn->loss;
  if (cnn->schedule_given)
    {
      c->schedule.type = cnn->schedule;
      if (cnn->schedule == CW_SCHED_PLATEAU)
        {
          c->schedule.step_epochs = 10;
          c->schedule.gamma = 0.5f;
        }
      else
        {
          c->schedule.step_epochs = cnn->lr_step > 0 ? cnn->lr_step : 30;
          c->schedule.gamma = !isnan (cnn->lr_gamma) ? cnn->lr_gamma : (cnn->schedule == CW_SCHED_STEP ? 0.1f : 0.95f);
        }
      c->schedule.min_lr = 0.0f;
    }
  /* The plateau's patience and factor (step_epochs and gamma), and any floor, also tune a recipe's own. */
  if (c->schedule.type == CW_SCHED_PLATEAU)
    {
      if (cnn->plateau_patience >= 0)
        c->schedule.step_epochs = cnn->plateau_patience;
      if (!isnan (cnn->plateau_factor))
        c->schedule.gamma = cnn->plateau_factor;
    }
  if (!isnan (cnn->lr_min))
    c->schedule.min_lr = cnn->lr_min;
  if (cnn->patience >= 0)
    c->patience = cnn->patience;
  if (cnn->scaling_given)
    c->input_scaling = cnn->scaling;
  if (cnn->no_target_scaling)
    c->standardize_targets = false;
  if (cw_augment_active (&cnn->aug))
    c->augment = cnn->aug;
}

int
cli_fit_recipes (const cli_fit_args *a, const cli_cnn_args *cnn, const char *default_recipe, cw_task task,
                 int channels, int length, int n_train, int k, cw_recipe *out, int max)
{
  const char *name = a->recipe ? a->recipe : cnn->arch ? "custom" : default_recipe;
  cw_error err;
  cw_error_clear (&err);
  int count = 0;
  if (strcmp (name, "auto") == 0)
    {
      if (cnn->arch)
        {
          cli_error ("--recipe auto chooses the network itself; drop --arch, or use --recipe custom.");
          return 0;
        }
      count = cw_recipe_auto_candidates (task, channels, length, n_train, k, out, max);
      if (count == 0)
        cli_error ("No built-in recipe fits signals of %d x %d.", channels, length);
    }
  else if (strcmp (name, "custom") == 0)
    {
      if (!cnn->arch)
        {
          cli_error ("--recipe custom trains the network of --arch; give --arch.");
          return 0;
        }
      cw_recipe_builtin ("default", task, channels, length, k, &out[0], NULL);
      snprintf (out[0].name, sizeof out[0].name, "custom");
      snprintf (out[0].title, sizeof out[0].title, "the network of --arch with the given training options");
      count = 1;
    }
  else if (cw_recipe_builtin (name, task, channels, length, k, &out[0], &err) == CW_OK)
    count = 1;
  else
    {
      cli_error ("--recipe: %s", err.message);
      return 0;
    }
  for (int i = 0; i < count; i++)
    apply_cnn_options (cnn, &out[i]);
  /* An impossible network is named with a caret before anything trains. */
  for (int i = 0; i < count; i++)
    {
      cw_spec *spec = cli_parse_arch (out[i].arch);
      if (!spec)
        return 0;
      cw_model *m = cw_model_new (spec, channels, length, task, k, &err);
      cw_spec_free (spec);
      if (!m)
        {
          cli_report_arch_error (out[i].arch, &err);
          return 0;
        }
      cw_model_free (m);
    }
  return count;
}

int
cli_preprocessed_length (const cw_pipeline *pipe, const cw_dataset *ds, const unsigned char *roles)
{
  int L = cw_dataset_length (ds);
  if (!pipe || cw_pipeline_count (pipe) == 0)
    return L;
  int n = cw_dataset_n_samples (ds), C = cw_dataset_n_channels (ds), m = 0;
  size_t w = (size_t) C * L;
  float *x = malloc ((size_t) n * w * sizeof (float) + 1);
  for (int i = 0; i < n; i++)
    if (roles[i] != CW_ROLE_TEST)
      memcpy (x + (size_t) m++ * w, cw_dataset_signals (ds) + (size_t) i * w, w * sizeof (float));
  cw_pipeline *copy = cw_pipeline_copy (pipe);
  cw_error err;
  cw_error_clear (&err);
  int length = -1;
  if (cw_pipeline_fit_f (copy, x, m, C, L, cw_dataset_axis (ds), NULL, &err) == CW_OK)
    length = cw_pipeline_out_length (copy);
  else
    cli_error ("--preprocess: %s", err.message);
  cw_pipeline_free (copy);
  free (x);
  return length;
}

cw_fit_config
cli_fit_config (const cli_fit_args *a, const cli_cnn_args *cnn, const cw_recipe *recipes, int n_recipes,
                const cw_pipeline *pipeline)
{
  cw_fit_config config = cw_fit_config_default ();
  config.candidates = recipes;
  config.n_candidates = n_recipes;
  config.pipeline = pipeline;
  config.ensemble = a->ensemble > 0 ? a->ensemble : 0;
  config.threads = cnn->threads > 0 ? cnn->threads : 1;
  config.time_budget_s = isnan (a->time_budget) ? 600 : a->time_budget;
  config.seed = cnn->seed;
  config.holdout_refit = !a->no_refit;
  return config;
}

cw_fit_data
cli_fit_data (const cw_dataset *ds, const float *y, int k, cw_task task, const cli_rows *rows)
{
  cw_fit_data data = { .x = cw_dataset_signals (ds), .n = cw_dataset_n_samples (ds),
                       .channels = cw_dataset_n_channels (ds), .length = cw_dataset_length (ds),
                       .axis = cw_dataset_axis (ds), .y = y, .k = k, .task = task, .roles = rows->roles,
                       .fold = rows->fold, .n_folds = rows->n_folds };
  return data;
}

/* ---- running ---- */

static volatile sig_atomic_t interrupted;

static void
on_sigint (int sig)
{
  (void) sig;
  interrupted = 1;
}

static bool
fit_should_abort (void *user)
{
  (void) user;
  return interrupted != 0;
}

typedef struct {
  bool tty, quiet, line_open;
  double last_draw;
  int last_candidate, last_fold, last_member;
  cw_fit_stage last_stage;
} fit_progress_state;

static void
on_fit_progress (const cw_fit_progress *p, void *user)
{
  fit_progress_state *s = user;
  if (s->quiet)
    return;
  const cw_progress *t = p->train;
  if (!s->tty)
    {
      /* One line when a run starts, and the final model's epochs as `train` always printed them. */
      if (p->stage != s->last_stage || p->candidate != s->last_candidate || p->fold != s->last_fold
          || p->member != s->last_member)
        {
          if (p->stage == CW_FIT_STAGE_SELECT)
            fprintf (stderr, "%s: %s%d/%d\n", p->candidate_name, p->fold >= 0 ? "fold " : "run ",
                     (p->fold >= 0 ? p->fold : 0) + 1, p->fold >= 0 ? p->n_folds : 1);
          else
            fprintf (stderr, "%s: final model, member %d\n", p->candidate_name, p->member + 1);
          s->last_stage = p->stage;
          s->last_candidate = p->candidate;
          s->last_fold = p->fold;
          s->last_member = p->member;
        }
      bool shown = p->stage == CW_FIT_STAGE_FINAL ? p->member == 0 : p->fold < 0 && p->n_candidates == 1;
      if (shown && t->epoch_end)
        {
          fprintf (stderr, "epoch %*d/%d  loss %.5g", t->epochs >= 1000 ? 5 : 3, t->epoch, t->epochs, t->train_loss);
          if (!isnan (t->val_loss))
            fprintf (stderr, "  val loss %.5g", t->val_loss);
          fprintf (stderr, "  lr %.3g\n", t->lr);
        }
      return;
    }
  double now = cli_now ();
  if (now - s->last_draw < 0.1)
    return;
  s->last_draw = now;
  char elapsed[32];
  cli_format_duration (p->elapsed_s, elapsed, sizeof elapsed);
  fprintf (stderr, "\r\033[K%s", p->candidate_name);
  if (p->stage == CW_FIT_STAGE_SELECT && p->fold >= 0)
    fprintf (stderr, " fold %d/%d", p->fold + 1, p->n_folds);
  else if (p->stage == CW_FIT_STAGE_FINAL)
    fprintf (stderr, " final, member %d", p->member + 1);
  fprintf (stderr, "  epoch %d/%d  loss %.4g", t->epoch, t->epochs, t->train_loss);
  if (!isnan (t->val_loss))
    fprintf (stderr, "  val %.4g", t->val_loss);
  fprintf (stderr, "  run %d/%d  %s", p->runs_done + 1, p->runs_total, elapsed);
  fflush (stderr);
  s->line_open = true;
}

cw_status
cli_fit_interruptible (const cw_fit_config *config, const cw_fit_data *data, bool quiet, cw_fit_result *result,
                       cw_error *err)
{
  fit_progress_state ps = { .tty = isatty (STDERR_FILENO), .quiet = quiet, .last_candidate = -1, .last_fold = -2,
                            .last_member = -2, .last_stage = -1 };
  cw_fit_callbacks cb = { .progress = on_fit_progress, .should_abort = fit_should_abort, .user = &ps };
  /* SA_RESETHAND lets a second Ctrl-C kill a stuck run. */
  struct sigaction sa = { .sa_handler = on_sigint, .sa_flags = SA_RESETHAND }, old_sa;
  sigemptyset (&sa.sa_mask);
  interrupted = 0;
  sigaction (SIGINT, &sa, &old_sa);
  cw_status st = cw_fit_run (config, data, &cb, result, err);
  sigaction (SIGINT, &old_sa, NULL);
  if (ps.line_open)
    fputc ('\n', stderr);
  return st;
}

/* ---- reports ---- */

static const char *
validation_word (cw_validate_kind kind)
{
  switch (kind)
    {
    case CW_VALIDATE_CV: return "cross-validation";
    case CW_VALIDATE_HOLDOUT: return "holdout";
    case CW_VALIDATE_NONE: break;
    }
  return "none";
}

static void
score_text (cw_task task, cw_validate_kind kind, double v, char *buf, size_t size)
{
  if (isnan (v))
    snprintf (buf, size, "-");
  else if (task == CW_TASK_REGRESSION)
    snprintf (buf, size, "%.4g", v);
  else
    snprintf (buf, size, "%.1f %%", 100 * v);
  (void) kind;
}

void
cli_fit_print_text (FILE *f, const cw_fit_result *r, const cw_fit_config *config)
{
  const cw_recipe *recipe = &config->candidates[r->chosen];
  cw_task task = r->model ? cw_model_task (r->model) : CW_TASK_REGRESSION;
  fprintf (f, "Recipe:   %s — %s\n", recipe->name, recipe->title);
  if (r->n_candidates > 1)
    {
      const char *score_name = task == CW_TASK_REGRESSION ? (r->validation == CW_VALIDATE_CV ? "RMSECV" : "val RMSE")
                                                          : (r->validation == CW_VALIDATE_CV ? "CV acc" : "val acc");
      fprintf (f, "          %-16s %10s %7s %8s\n", "candidate", score_name, "epochs", "cpu s");
      for (int c = 0; c < r->n_candidates; c++)
        {
          const cw_fit_candidate *cand = &r->candidates[c];
          if (!cand->evaluated)
            {
              fprintf (f, "          %-16s %s\n", cand->name, cand->note);
              continue;
            }
          char score[32];
          score_text (task, r->validation, cand->score, score, sizeof score);
          fprintf (f, "          %-16s %10s %7d %8.1f%s\n", cand->name, score, cand->epochs, cand->seconds,
                   c == r->chosen ? "  <- chosen" : "");
        }
    }
  if (r->model)
    {
      char *arch = cw_spec_to_string (cw_model_spec (r->model));
      const char *pre = cw_model_get_info (r->model, "preprocess");
      fprintf (f, "Network:  %s\n          %zu parameters x %d member%s, %.3f MFLOP per sample; preprocessing: %s\n",
               arch, cw_model_n_params (r->model), r->n_members, r->n_members == 1 ? "" : "s",
               cw_model_flops (r->model) / 1e6, pre ? pre : "none");
      free (arch);
    }
  const cw_train_config *c = &recipe->train;
  fprintf (f, "Training: %s %g, batch %d, %s loss, %s schedule; %.1f s in all\n", cw_optimizer_name (c->optimizer.type),
           c->optimizer.lr, c->batch, cw_loss_name (c->loss), cw_schedule_name (c->schedule.type), r->seconds);
  fprintf (f, "Kept:     %s\n", r->epoch_reason);
  if (r->validation != CW_VALIDATE_NONE && !isnan (r->score))
    {
      char score[32];
      score_text (task, r->validation, r->score, score, sizeof score);
      fprintf (f, "%s %s (%s, one seed per run)\n",
               task == CW_TASK_REGRESSION ? (r->validation == CW_VALIDATE_CV ? "RMSECV:  " : "Val RMSE:")
                                          : (r->validation == CW_VALIDATE_CV ? "CV acc:  " : "Val acc: "),
               score, validation_word (r->validation));
    }
}

void
cli_json_record (cli_json *j, const char *key, const cw_model *model)
{
  cli_json_begin_object (j, key);
  for (int i = 0; model && i < cw_model_n_info (model); i++)
    {
      const char *k = cw_model_info_key (model, i);
      cli_json_string (j, k, cw_model_get_info (model, k));
    }
  cli_json_end_object (j);
}

void
cli_fit_json (cli_json *j, const cw_fit_result *r, const cw_fit_config *config)
{
  cli_json_begin_object (j, "fit");
  cli_json_string (j, "validation", validation_word (r->validation));
  cli_json_string (j, "recipe", config->candidates[r->chosen].name);
  cli_json_begin_array (j, "candidates", false);
  for (int c = 0; c < r->n_candidates; c++)
    {
      const cw_fit_candidate *cand = &r->candidates[c];
      cli_json_begin_object (j, NULL);
      cli_json_string (j, "name", cand->name);
      cli_json_bool (j, "evaluated", cand->evaluated);
      if (cand->evaluated)
        {
          cli_json_number (j, "score", cand->score);
          cli_json_int (j, "epochs", cand->epochs);
          cli_json_number (j, "seconds", cand->seconds);
          cli_json_begin_array (j, "curve", true);
          for (int e = 0; e < cand->curve_len; e++)
            cli_json_number (j, NULL, cand->curve[e]);
          cli_json_end_array (j);
        }
      cli_json_string (j, "note", cand->note);
      cli_json_end_object (j);
    }
  cli_json_end_array (j);
  cli_json_int (j, "epochs", r->epochs);
  cli_json_string (j, "kept_weights", r->epoch_reason);
  cli_json_int (j, "members", r->n_members);
  cli_json_begin_array (j, "member_epochs", true);
  for (int m = 0; m < r->n_members; m++)
    cli_json_int (j, NULL, r->member_epochs[m]);
  cli_json_end_array (j);
  cli_json_number (j, "score", r->score);
  cli_json_number (j, "seconds", r->seconds);
  cli_json_end_object (j);
}

/* ---- predictions ---- */

static void
write_field (FILE *f, const char *s)
{
  if (!s)
    s = "";
  if (!strpbrk (s, ",\"\n\r;\t"))
    {
      fputs (s, f);
      return;
    }
  fputc ('"', f);
  for (; *s; s++)
    {
      if (*s == '"')
        fputc ('"', f);
      fputc (*s, f);
    }
  fputc ('"', f);
}

bool
cli_write_predictions (const char *path, const cw_dataset *ds, const unsigned char *roles, int n_models,
                       const char *const *model_names, const double *const *preds, int k,
                       const char *const *output_names)
{
  cw_atomic_file af;
  cw_error err;
  FILE *f = cw_atomic_open (&af, path, &err);
  if (!f)
    {
      cli_error ("%s", err.message);
      return false;
    }
  int n = cw_dataset_n_samples (ds);
  char name[256];
  fputs ("row", f);
  for (int j = 0; j < cw_dataset_n_meta (ds); j++)
    {
      snprintf (name, sizeof name, "meta:%s", cw_dataset_meta_name (ds, j));
      fputc (',', f);
      write_field (f, name);
    }
  fputs (",role", f);
  for (int m = 0; m < n_models; m++)
    for (int t = 0; t < k; t++)
      {
        if (n_models > 1)
          snprintf (name, sizeof name, "pred:%s:%s", model_names[m], output_names[t]);
        else
          snprintf (name, sizeof name, "pred:%s", output_names[t]);
        fputc (',', f);
        write_field (f, name);
      }
  fputc ('\n', f);
  for (int i = 0; i < n; i++)
    {
      fprintf (f, "%d", i + 1);
      for (int j = 0; j < cw_dataset_n_meta (ds); j++)
        {
          fputc (',', f);
          write_field (f, cw_dataset_meta_value (ds, i, j));
        }
      fprintf (f, ",%s", cw_role_name (roles ? roles[i] : CW_ROLE_TRAIN));
      /* 17 significant digits: two files agree bit for bit exactly when their texts do. */
      for (int m = 0; m < n_models; m++)
        for (int t = 0; t < k; t++)
          fprintf (f, ",%.17g", preds[m][(size_t) i * k + t]);
      fputc ('\n', f);
    }
  if (cw_atomic_commit (&af, &err) != CW_OK)
    {
      cli_error ("%s", err.message);
      return false;
    }
  return true;
}

/* ---- nested cross-validation ---- */

bool
cli_fit_nested (const cli_fit_args *a, const cli_rows *rows, const cw_dataset *ds, const cw_fit_config *config,
                const cw_fit_data *data, bool quiet, cw_fit_nested_result *out, int **outer_fold, int *inner_k)
{
  cw_error err;
  cw_error_clear (&err);
  int n = rows->n;
  int *groups = rows->groups;
  int *own_groups = NULL;
  if (!groups && a->cv_text && a->cv.kind == CLI_CV_GROUP)
    {
      own_groups = malloc ((size_t) n * sizeof (int) + 1);
      if (cw_groups_from_meta (ds, a->cv.meta, own_groups, &err) < 0)
        {
          free (own_groups);
          cli_error ("--cv: %s", err.message);
          return false;
        }
      groups = own_groups;
    }
  /* Outer folds over every non-test row: the validation rows are training rows to the outer level. */
  unsigned char *roles = malloc ((size_t) n + 1);
  for (int i = 0; i < n; i++)
    roles[i] = rows->roles[i] == CW_ROLE_TEST ? CW_ROLE_TEST : CW_ROLE_TRAIN;
  *outer_fold = malloc ((size_t) n * sizeof (int) + 1);
  bool ok = cw_roles_folds (roles, n, a->nested, groups, true, config->seed ^ 0x6e65737465ULL, *outer_fold, &err)
            == CW_OK;
  free (roles);
  if (!ok)
    cli_error ("--nested: %s", err.message);
  *inner_k = a->cv_text && a->cv.kind == CLI_CV_KFOLD ? a->cv.k : a->cv_text && a->cv.kind == CLI_CV_GROUP && a->cv.k > 1 ? a->cv.k : 5;
  if (ok)
    {
      if (!quiet)
        fprintf (stderr, "Nested CV: %d outer folds, each choosing by %d-fold CV\n", a->nested, *inner_k);
      cw_fit_config c = *config;
      c.time_budget_s = 0; /* every outer fold makes the same choices it would make alone */
      cw_status st = cw_fit_nested (&c, data, *outer_fold, a->nested, *inner_k, groups, NULL, out, &err);
      ok = st == CW_OK;
      if (!ok)
        cli_error ("nested CV: %s", err.message);
    }
  free (own_groups);
  return ok;
}

static void
nested_choices (const cw_fit_nested_result *r, const cw_fit_config *config, char *buf, size_t size)
{
  size_t used = 0;
  buf[0] = '\0';
  for (int c = 0; c < config->n_candidates && used < size; c++)
    {
      int times = 0;
      for (int o = 0; o < r->n_outer; o++)
        times += r->chosen[o] == c;
      if (times)
        used += (size_t) snprintf (buf + used, size - used, "%s%s ×%d", used ? ", " : "", config->candidates[c].name,
                                   times);
    }
}

void
cli_print_nested (FILE *f, const cw_fit_nested_result *r, const cw_fit_config *config, cw_task task)
{
  char choices[512];
  nested_choices (r, config, choices, sizeof choices);
  if (task == CW_TASK_REGRESSION)
    fprintf (f, "Nested:   RMSE %.4g over %d rows, %d outer folds; each outer fold's model made every choice on the\n"
             "          other rows (recipes chosen: %s): the honest estimate of the whole procedure\n",
             r->score, r->n, r->n_outer, choices);
  else
    fprintf (f, "Nested:   accuracy %.1f %% over %d rows, %d outer folds; each outer fold's model made every choice on\n"
             "          the other rows (recipes chosen: %s): the honest estimate of the whole procedure\n",
             100 * r->score, r->n, r->n_outer, choices);
}

void
cli_json_nested (cli_json *j, const cw_fit_nested_result *r, const cw_fit_config *config, cw_task task)
{
  cli_json_begin_object (j, "nested");
  cli_json_int (j, "outer_folds", r->n_outer);
  cli_json_int (j, "rows", r->n);
  cli_json_number (j, task == CW_TASK_REGRESSION ? "rmse" : "accuracy", r->score);
  cli_json_begin_array (j, "chosen", true);
  for (int o = 0; o < r->n_outer; o++)
    cli_json_string (j, NULL, config->candidates[r->chosen[o]].name);
  cli_json_end_array (j);
  cli_json_begin_array (j, "epochs", true);
  for (int o = 0; o < r->n_outer; o++)
    cli_json_int (j, NULL, r->epochs[o]);
  cli_json_end_array (j);
  cli_json_end_object (j);
}
