/* test-fit.c — the fit driver: no choice and no weight depends on a test row (poisoned targets and signals
 * give bitwise the same model), the same model on 1 and 2 threads, the CV epoch choice and its refit, the
 * holdout's restored epoch, the recipe choice and the time budget, stopping, the record, and refusals. */
#include "cw-recipe.h"
#include "cw-generate.h"
#include "cw-roles.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  cw_dataset *ds;
  int n, length;
  float *x, *y;
  unsigned char roles[80];
  int fold[80];
} toy;

/* 80 synthetic spectra of 32 points whose middle peak's height is the target; rows 60..79 test. */
static void
toy_init (toy *t)
{
  cw_generator_config g = cw_generator_config_default (CW_GEN_SPECTRA);
  g.n = 80;
  g.length = 32;
  g.seed = 3;
  cw_error err;
  t->ds = cw_generate (&g, &err);
  g_assert_nonnull (t->ds);
  t->n = 80;
  t->length = 32;
  t->x = g_memdup2 (cw_dataset_signals (t->ds), sizeof (float) * 80 * 32);
  t->y = g_memdup2 (cw_dataset_target_values (t->ds, 0), sizeof (float) * 80);
  for (int i = 0; i < 80; i++)
    t->roles[i] = i >= 60 ? CW_ROLE_TEST : CW_ROLE_TRAIN;
  g_assert_cmpint (cw_roles_folds (t->roles, 80, 4, NULL, true, 9, t->fold, &err), ==, CW_OK);
}

static void
toy_clear (toy *t)
{
  cw_dataset_free (t->ds);
  g_free (t->x);
  g_free (t->y);
}

static cw_recipe
small_recipe (const char *name, int epochs)
{
  cw_recipe r;
  memset (&r, 0, sizeof r);
  snprintf (r.name, sizeof r.name, "%s", name);
  snprintf (r.title, sizeof r.title, "test");
  snprintf (r.arch, sizeof r.arch, "conv(3,k=5) relu flatten dense(8) relu dense(1)");
  r.train = cw_train_config_default (CW_TASK_REGRESSION);
  r.train.epochs = epochs;
  r.train.batch = 8;
  r.train.optimizer.lr = 3e-3f;
  r.ensemble = 2;
  return r;
}

static cw_fit_data
data_of (toy *t, bool cv)
{
  cw_fit_data d = { .x = t->x, .n = t->n, .channels = 1, .length = t->length, .axis = NULL, .y = t->y, .k = 1,
                    .task = CW_TASK_REGRESSION, .roles = t->roles, .fold = cv ? t->fold : NULL,
                    .n_folds = cv ? 4 : 0 };
  return d;
}

static void
assert_same_model (cw_model *a, cw_model *b)
{
  g_assert_cmpint (cw_model_n_members (a), ==, cw_model_n_members (b));
  for (int m = 0; m < cw_model_n_members (a); m++)
    {
      cw_model *ma = cw_model_member (a, m), *mb = cw_model_member (b, m);
      g_assert_cmpmem (cw_model_params (ma), cw_model_n_params (ma) * sizeof (float), cw_model_params (mb),
                       cw_model_n_params (mb) * sizeof (float));
    }
}

static void
run_fit (const cw_recipe *recipes, int n, const cw_fit_data *d, int threads, cw_fit_result *r)
{
  cw_fit_config c = cw_fit_config_default ();
  c.candidates = recipes;
  c.n_candidates = n;
  c.threads = threads;
  c.seed = 5;
  cw_error err;
  cw_status st = cw_fit_run (&c, d, NULL, r, &err);
  if (st != CW_OK)
    g_error ("cw_fit_run: %s", err.message);
}

/* Test rows' targets 1e6 and signals scrambled: the model must not move by one bit. */
static void
test_test_rows_never_read (void)
{
  toy t;
  toy_init (&t);
  cw_recipe r = small_recipe ("a", 12);
  unsigned char cv_roles[80];
  memcpy (cv_roles, t.roles, sizeof cv_roles);
  cw_error err;
  for (int cv = 0; cv < 2; cv++)
    {
      /* A holdout of the training rows, then CV over them. */
      memcpy (t.roles, cv_roles, sizeof cv_roles);
      if (!cv)
        g_assert_cmpint (cw_roles_holdout (t.roles, 80, 0.25, NULL, 4, &err), ==, CW_OK);
      cw_fit_data d = data_of (&t, cv);
      cw_fit_result clean = { 0 }, poisoned = { 0 };
      run_fit (&r, 1, &d, 1, &clean);
      float *y = g_memdup2 (t.y, sizeof (float) * 80), *x = g_memdup2 (t.x, sizeof (float) * 80 * 32);
      for (int i = 60; i < 80; i++)
        {
          y[i] = 1e6f;
          for (int j = 0; j < 32; j++)
            x[i * 32 + j] = (float) (i * j) - 1e4f;
        }
      cw_fit_data dp = d;
      dp.x = x;
      dp.y = y;
      run_fit (&r, 1, &dp, 1, &poisoned);
      assert_same_model (clean.model, poisoned.model);
      g_assert_cmpint (clean.epochs, ==, poisoned.epochs);
      g_assert_cmpint (clean.validation, ==, cv ? CW_VALIDATE_CV : CW_VALIDATE_HOLDOUT);
      g_assert_true (isfinite (clean.score));
      g_assert_cmpfloat (clean.score, ==, poisoned.score);
      g_free (x);
      g_free (y);
      cw_fit_result_clear (&clean);
      cw_fit_result_clear (&poisoned);
    }
  toy_clear (&t);
}

static void
test_threads_do_not_matter (void)
{
  toy t;
  toy_init (&t);
  cw_recipe r[2] = { small_recipe ("a", 10), small_recipe ("b", 10) };
  r[1].train.optimizer.lr = 1e-2f;
  cw_fit_data d = data_of (&t, true);
  cw_fit_result one = { 0 }, two = { 0 };
  run_fit (r, 2, &d, 1, &one);
  run_fit (r, 2, &d, 2, &two);
  g_assert_cmpint (one.chosen, ==, two.chosen);
  for (int c = 0; c < 2; c++)
    g_assert_cmpfloat (one.candidates[c].score, ==, two.candidates[c].score);
  assert_same_model (one.model, two.model);
  cw_fit_result_clear (&one);
  cw_fit_result_clear (&two);
  toy_clear (&t);
}

static void
test_cv_epoch_choice (void)
{
  toy t;
  toy_init (&t);
  cw_recipe r = small_recipe ("a", 30);
  cw_fit_data d = data_of (&t, true);
  cw_fit_result res = { 0 };
  run_fit (&r, 1, &d, 2, &res);
  g_assert_cmpint (res.validation, ==, CW_VALIDATE_CV);
  const cw_fit_candidate *c = &res.candidates[0];
  g_assert_true (c->evaluated);
  g_assert_cmpint (c->curve_len, ==, 30);
  /* The chosen epoch minimises the 5-epoch centred mean of the fold-pooled validation MSE. */
  int best = 0;
  double best_v = INFINITY;
  for (int e = 0; e < c->curve_len; e++)
    {
      double s = 0;
      int m = 0;
      for (int j = MAX (0, e - 2); j <= MIN (c->curve_len - 1, e + 2); j++, m++)
        s += c->curve_loss[j];
      if (s / m < best_v)
        {
          best_v = s / m;
          best = e;
        }
    }
  g_assert_cmpint (c->epochs, ==, best + 1);
  g_assert_cmpint (res.epochs, ==, best + 1);
  /* The refit runs exactly that many epochs on all 60 training rows, for every member. */
  g_assert_cmpint (res.history.epochs, ==, res.epochs);
  g_assert_cmpint (res.n_members, ==, 2);
  for (int m = 0; m < 2; m++)
    g_assert_cmpint (res.member_epochs[m], ==, res.epochs);
  /* RMSECV is the RMSE of the pooled CV predictions at that epoch, which cover the training rows only. */
  double sse = 0;
  for (int i = 0; i < 80; i++)
    {
      if (i >= 60)
        {
          g_assert_true (isnan (res.val_pred[i]));
          continue;
        }
      g_assert_false (isnan (res.val_pred[i]));
      sse += ((double) res.val_pred[i] - t.y[i]) * ((double) res.val_pred[i] - t.y[i]);
    }
  g_assert_cmpfloat_with_epsilon (sqrt (sse / 60), res.score, 1e-9 * res.score);
  g_assert_cmpfloat (res.score, ==, c->curve[best]);
  /* The record says which epoch's weights were kept and why. */
  g_assert_nonnull (strstr (cw_model_get_info (res.model, "kept_weights"), "cross-validation"));
  g_assert_cmpint (atoi (cw_model_get_info (res.model, "epochs")), ==, res.epochs);
  g_assert_nonnull (cw_model_get_info (res.model, "validation"));
  cw_fit_result_clear (&res);
  toy_clear (&t);
}

static void
test_holdout_restores_best (void)
{
  toy t;
  toy_init (&t);
  cw_error err;
  g_assert_cmpint (cw_roles_holdout (t.roles, 80, 0.25, NULL, 2, &err), ==, CW_OK);
  cw_recipe r = small_recipe ("a", 25);
  r.ensemble = 1;
  cw_fit_data d = data_of (&t, false);
  cw_fit_result res = { 0 };
  cw_fit_config c = cw_fit_config_default ();
  c.candidates = &r;
  c.n_candidates = 1;
  c.seed = 5;
  c.holdout_refit = false;
  g_assert_cmpint (cw_fit_run (&c, &d, NULL, &res, &err), ==, CW_OK);
  g_assert_cmpint (res.validation, ==, CW_VALIDATE_HOLDOUT);
  g_assert_cmpint (res.member_epochs[0], ==, res.history.best_epoch);
  /* The validation predictions at the kept epoch are the final model's predictions of those rows. */
  float pred[80];
  g_assert_cmpint (cw_model_predict_raw (res.model, t.x, 80, pred, &err), ==, CW_OK);
  int n_val = 0;
  for (int i = 0; i < 80; i++)
    if (t.roles[i] == CW_ROLE_VALIDATION)
      {
        /* The same weights; only the rows batched with it differ (BLAS blocking), hence float tolerance. */
        g_assert_cmpfloat_with_epsilon (res.val_pred[i], pred[i], 1e-5 * MAX (1.0, fabs (pred[i])));
        n_val++;
      }
    else
      g_assert_true (isnan (res.val_pred[i]));
  g_assert_cmpint (n_val, ==, 15);
  cw_fit_result_clear (&res);
  toy_clear (&t);
}

/* The default holdout refit: the winner trains again on training and validation rows for its best epoch
 * count; the validation predictions stay those of the holdout run, which never trained on them. */
static void
test_holdout_refit (void)
{
  toy t;
  toy_init (&t);
  cw_error err;
  g_assert_cmpint (cw_roles_holdout (t.roles, 80, 0.25, NULL, 2, &err), ==, CW_OK);
  cw_recipe r = small_recipe ("a", 25);
  cw_fit_data d = data_of (&t, false);
  cw_fit_result res = { 0 };
  run_fit (&r, 1, &d, 1, &res);
  g_assert_cmpint (res.validation, ==, CW_VALIDATE_HOLDOUT);
  const cw_fit_candidate *c = &res.candidates[0];
  g_assert_cmpint (res.epochs, ==, c->epochs);
  g_assert_cmpint (res.history.epochs, ==, c->epochs);
  for (int m = 0; m < res.n_members; m++)
    g_assert_cmpint (res.member_epochs[m], ==, c->epochs);
  /* Validation RMSE at the chosen epoch is the score, from predictions of rows the holdout run did not train on. */
  double sse = 0;
  int n_val = 0;
  for (int i = 0; i < 80; i++)
    if (t.roles[i] == CW_ROLE_VALIDATION)
      {
        sse += ((double) res.val_pred[i] - t.y[i]) * ((double) res.val_pred[i] - t.y[i]);
        n_val++;
      }
  g_assert_cmpfloat_with_epsilon (sqrt (sse / n_val), res.score, 1e-9 * res.score);
  g_assert_nonnull (strstr (res.epoch_reason, "training and validation rows"));
  cw_fit_result_clear (&res);
  toy_clear (&t);
}

static void
test_choice_and_budget (void)
{
  toy t;
  toy_init (&t);
  /* A candidate that cannot learn (lr 1e-7 for 3 epochs) and one that can. */
  cw_recipe r[2] = { small_recipe ("frozen", 3), small_recipe ("learns", 30) };
  r[0].train.optimizer.lr = 1e-7f;
  cw_fit_data d = data_of (&t, true);
  cw_fit_result res = { 0 };
  run_fit (r, 2, &d, 1, &res);
  g_assert_cmpint (res.chosen, ==, 1);
  g_assert_cmpfloat (res.candidates[1].score, <, res.candidates[0].score);
  g_assert_nonnull (strstr (cw_model_get_info (res.model, "recipe"), "learns"));
  cw_fit_result_clear (&res);

  /* With a budget already spent, only the first candidate runs; the second is skipped and says why. */
  cw_fit_config c = cw_fit_config_default ();
  c.candidates = r;
  c.n_candidates = 2;
  c.time_budget_s = 1e-9;
  cw_error err;
  g_assert_cmpint (cw_fit_run (&c, &d, NULL, &res, &err), ==, CW_OK);
  g_assert_true (res.candidates[0].evaluated);
  g_assert_false (res.candidates[1].evaluated);
  g_assert_nonnull (strstr (res.candidates[1].note, "time budget"));
  g_assert_cmpint (res.chosen, ==, 0);
  cw_fit_result_clear (&res);
  toy_clear (&t);
}

/* Nested CV: each outer fold's predictions are those of the whole fit run without that fold (its rows as
 * test rows, inner folds over the rest), and the test rows are predicted by none of them. */
static void
test_nested (void)
{
  toy t;
  toy_init (&t);
  cw_recipe r[2] = { small_recipe ("a", 8), small_recipe ("b", 8) };
  r[1].train.optimizer.lr = 1e-2f;
  cw_fit_config c = cw_fit_config_default ();
  c.candidates = r;
  c.n_candidates = 2;
  c.seed = 5;
  cw_fit_data d = data_of (&t, false);
  int outer[80];
  cw_error err;
  g_assert_cmpint (cw_roles_folds (t.roles, 80, 3, NULL, true, 21, outer, &err), ==, CW_OK);
  cw_fit_nested_result nr;
  g_assert_cmpint (cw_fit_nested (&c, &d, outer, 3, 3, NULL, NULL, &nr, &err), ==, CW_OK);
  g_assert_cmpint (nr.n, ==, 60);
  double sse = 0;
  for (int o = 0; o < 3; o++)
    {
      unsigned char roles[80];
      int fold[80];
      for (int i = 0; i < 80; i++)
        roles[i] = t.roles[i] == CW_ROLE_TEST || outer[i] == o ? CW_ROLE_TEST : CW_ROLE_TRAIN;
      g_assert_cmpint (cw_roles_folds (roles, 80, 3, NULL, true, c.seed, fold, &err), ==, CW_OK);
      cw_fit_data inner = d;
      inner.roles = roles;
      inner.fold = fold;
      inner.n_folds = 3;
      cw_fit_result fit = { 0 };
      g_assert_cmpint (cw_fit_run (&c, &inner, NULL, &fit, &err), ==, CW_OK);
      g_assert_cmpint (nr.chosen[o], ==, fit.chosen);
      g_assert_cmpint (nr.epochs[o], ==, fit.epochs);
      float pred[80];
      g_assert_cmpint (cw_model_predict_raw (fit.model, t.x, 80, pred, &err), ==, CW_OK);
      for (int i = 0; i < 60; i++)
        if (outer[i] == o)
          {
            /* One prediction call batched other rows with it: float tolerance. */
            g_assert_cmpfloat_with_epsilon (nr.pred[i], pred[i], 1e-5 * MAX (1.0, fabs (pred[i])));
            sse += ((double) nr.pred[i] - t.y[i]) * ((double) nr.pred[i] - t.y[i]);
          }
      cw_fit_result_clear (&fit);
    }
  for (int i = 60; i < 80; i++)
    g_assert_true (isnan (nr.pred[i]));
  g_assert_cmpfloat_with_epsilon (nr.score, sqrt (sse / 60), 1e-4 * nr.score);
  cw_fit_nested_result_clear (&nr);
  toy_clear (&t);
}

typedef struct {
  int calls, final_calls, bad;
  int max_run;
} progress_log;

static void
log_progress (const cw_fit_progress *p, void *user)
{
  progress_log *l = user;
  l->calls++;
  l->max_run = MAX (l->max_run, p->run);
  if (!p->model || !p->pipeline || !cw_pipeline_is_fitted (p->pipeline) || !p->train)
    l->bad++;
  if (p->stage == CW_FIT_STAGE_FINAL)
    {
      l->final_calls++;
      if (p->n_members != 2 || p->member < 0 || p->member >= 2 || p->fold != -1)
        l->bad++;
    }
  else if (p->member != -1 || p->n_members != 0 || p->fold < 0 || p->fold >= 4 || p->n_folds != 4)
    l->bad++;
}

/* What the progress callback sees: the stage, fold or member of every run, a number per run, and the run's
 * own model and fitted pipeline. */
static void
test_progress (void)
{
  toy t;
  toy_init (&t);
  cw_recipe r = small_recipe ("a", 3);
  cw_fit_config c = cw_fit_config_default ();
  c.candidates = &r;
  c.n_candidates = 1;
  c.threads = 2;
  progress_log log = { 0 };
  cw_fit_callbacks cb = { .progress = log_progress, .user = &log };
  cw_fit_data d = data_of (&t, true);
  cw_fit_result res = { 0 };
  cw_error err;
  g_assert_cmpint (cw_fit_run (&c, &d, &cb, &res, &err), ==, CW_OK);
  g_assert_cmpint (log.bad, ==, 0);
  g_assert_cmpint (log.final_calls, >, 0);
  g_assert_cmpint (log.max_run, ==, 4 + 2 - 1); /* 4 folds, then 2 members */
  cw_fit_result_clear (&res);
  toy_clear (&t);
}

static int abort_after;

static bool
abort_soon (void *user)
{
  (void) user;
  return --abort_after < 0;
}

static void
test_abort (void)
{
  toy t;
  toy_init (&t);
  cw_recipe r = small_recipe ("a", 50);
  cw_fit_config c = cw_fit_config_default ();
  c.candidates = &r;
  c.n_candidates = 1;
  cw_fit_callbacks cb = { .should_abort = abort_soon };
  cw_error err;
  cw_fit_result res = { 0 };
  /* Under CV a stop while choosing leaves no model. */
  cw_fit_data d = data_of (&t, true);
  abort_after = 20;
  g_assert_cmpint (cw_fit_run (&c, &d, &cb, &res, &err), ==, CW_ERR_ABORTED);
  g_assert_null (res.model);
  cw_fit_result_clear (&res);
  /* A holdout run is a model already: it is kept. */
  g_assert_cmpint (cw_roles_holdout (t.roles, 80, 0.25, NULL, 2, &err), ==, CW_OK);
  d = data_of (&t, false);
  abort_after = 20;
  g_assert_cmpint (cw_fit_run (&c, &d, &cb, &res, &err), ==, CW_ERR_ABORTED);
  g_assert_nonnull (res.model);
  g_assert_cmpint (res.history.epochs, >=, 1);
  cw_fit_result_clear (&res);
  toy_clear (&t);
}

static void
test_refusals (void)
{
  toy t;
  toy_init (&t);
  cw_recipe r[2] = { small_recipe ("a", 2), small_recipe ("b", 2) };
  cw_fit_config c = cw_fit_config_default ();
  c.candidates = r;
  c.n_candidates = 2;
  cw_error err;
  cw_fit_result res = { 0 };
  cw_fit_data d = data_of (&t, false);
  g_assert_cmpint (cw_fit_run (&c, &d, NULL, &res, &err), ==, CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "needs validation"));
  /* A fold holding a test row. */
  d = data_of (&t, true);
  t.fold[70] = 1;
  c.n_candidates = 1;
  g_assert_cmpint (cw_fit_run (&c, &d, NULL, &res, &err), ==, CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "Row 71"));
  t.fold[70] = -1;
  /* Folds and validation rows together. */
  t.roles[3] = CW_ROLE_VALIDATION;
  g_assert_cmpint (cw_fit_run (&c, &d, NULL, &res, &err), ==, CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "not both"));
  toy_clear (&t);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/fit/test-rows-never-read", test_test_rows_never_read);
  g_test_add_func ("/fit/threads-do-not-matter", test_threads_do_not_matter);
  g_test_add_func ("/fit/cv-epoch-choice", test_cv_epoch_choice);
  g_test_add_func ("/fit/holdout-restores-best", test_holdout_restores_best);
  g_test_add_func ("/fit/holdout-refit", test_holdout_refit);
  g_test_add_func ("/fit/choice-and-budget", test_choice_and_budget);
  g_test_add_func ("/fit/nested", test_nested);
  g_test_add_func ("/fit/progress", test_progress);
  g_test_add_func ("/fit/abort", test_abort);
  g_test_add_func ("/fit/refusals", test_refusals);
  return g_test_run ();
}
