/* fit.c — cw_fit_run: the plan (which runs make each candidate's score, which make the final model), the
 * time budget, the final model's members, and the record of how it was made. */
#include "cw-fit-private.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
cw_fit_result_clear (cw_fit_result *result)
{
  if (!result)
    return;
  for (int c = 0; c < result->n_candidates; c++)
    {
      free (result->candidates[c].curve);
      free (result->candidates[c].curve_loss);
    }
  free (result->candidates);
  free (result->member_epochs);
  free (result->val_pred);
  cw_model_free (result->model);
  cw_history_clear (&result->history);
  memset (result, 0, sizeof *result);
}

static cw_status
check_inputs (const cw_fit_config *config, const cw_fit_data *data, cw_validate_kind *kind, int *n_train,
              cw_error *err)
{
  assert (config && data && data->x && data->y && data->n >= 0 && data->k >= 1);
  if (config->n_candidates < 1 || !config->candidates)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "No recipe was given to train.");
  int counts[3];
  cw_roles_count (data->roles, data->n, counts);
  *n_train = counts[CW_ROLE_TRAIN];
  if (counts[CW_ROLE_TRAIN] == 0)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "There are no training rows: every row is a validation or test row.");
  bool folds = data->fold && data->n_folds >= 2;
  if (folds && counts[CW_ROLE_VALIDATION] > 0)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "Give either validation rows or cross-validation folds, not both (%d validation rows "
                         "and %d folds).", counts[CW_ROLE_VALIDATION], data->n_folds);
  if (folds)
    {
      /* Every fold must hold rows, and only training rows may be in one. */
      int *size = calloc ((size_t) data->n_folds, sizeof (int));
      for (int i = 0; i < data->n; i++)
        if (data->fold[i] >= 0)
          {
            assert (data->fold[i] < data->n_folds);
            if (data->roles && data->roles[i] != CW_ROLE_TRAIN)
              {
                free (size);
                return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                                     "Row %d is a %s row but sits in cross-validation fold %d; folds are made of "
                                     "training rows only.", i + 1, cw_role_name (data->roles[i]), data->fold[i] + 1);
              }
            size[data->fold[i]]++;
          }
      for (int f = 0; f < data->n_folds; f++)
        if (size[f] == 0)
          {
            free (size);
            return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "Cross-validation fold %d has no rows.", f + 1);
          }
      free (size);
      *kind = CW_VALIDATE_CV;
    }
  else
    *kind = counts[CW_ROLE_VALIDATION] > 0 ? CW_VALIDATE_HOLDOUT : CW_VALIDATE_NONE;
  if (*kind == CW_VALIDATE_NONE && config->n_candidates > 1)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "Choosing among %d recipes needs validation: validation rows or cross-validation folds "
                         "of the training rows.", config->n_candidates);
  return CW_OK;
}

/* Training rows of a CV fold's run (the other folds) or of every other run. */
static int
rows_per_run (const cw_fit_data *data, int n_train, cw_validate_kind kind)
{
  if (kind == CW_VALIDATE_CV)
    return n_train - n_train / data->n_folds;
  return n_train;
}

static bool
better (cw_task task, double a, double b)
{
  return task == CW_TASK_REGRESSION ? a < b : a > b;
}

static void
format_score (cw_task task, cw_validate_kind kind, double score, char *buf, size_t size)
{
  if (task == CW_TASK_REGRESSION)
    snprintf (buf, size, "%s %.4g", kind == CW_VALIDATE_CV ? "RMSECV" : "validation RMSE", score);
  else
    snprintf (buf, size, "%s accuracy %.1f %%", kind == CW_VALIDATE_CV ? "CV" : "validation", 100 * score);
}

/* The record saved with the model: enough to reproduce it and to say which epoch's weights it kept. */
static void
write_record (const fit_driver *d, const cw_fit_result *r, int n_train)
{
  const cw_fit_config *config = d->config;
  const cw_fit_data *data = d->data;
  cw_model *model = r->model;
  const cw_fit_candidate *chosen = &r->candidates[r->chosen];
  const cw_recipe *recipe = &config->candidates[r->chosen];
  char buf[1024];

  if (config->n_candidates > 1)
    snprintf (buf, sizeof buf, "%s (chosen among %d candidates by %s)", recipe->name, config->n_candidates,
              d->kind == CW_VALIDATE_CV ? "cross-validation" : "the validation rows");
  else
    snprintf (buf, sizeof buf, "%s", recipe->name);
  cw_model_set_info (model, "recipe", buf);
  size_t used = 0;
  buf[0] = '\0';
  for (int c = 0; c < r->n_candidates && used < sizeof buf; c++)
    {
      const cw_fit_candidate *cand = &r->candidates[c];
      char score[64] = "";
      if (cand->evaluated)
        format_score (data->task, d->kind, cand->score, score, sizeof score);
      used += (size_t) snprintf (buf + used, sizeof buf - used, "%s%s: %s%s%s", c ? "; " : "", cand->name,
                                 cand->evaluated ? score : "", cand->evaluated ? ", " : "", cand->note);
    }
  if (r->n_candidates > 1)
    cw_model_set_info (model, "candidates", buf);
  const cw_pipeline *pipe = cw_model_get_pipeline (model);
  char *text = pipe ? cw_pipeline_to_string (pipe) : NULL;
  cw_model_set_info (model, "preprocess", text && text[0] ? text : "none");
  free (text);
  cw_model_set_info (model, "arch", recipe->arch);
  int counts[3];
  cw_roles_count (data->roles, data->n, counts);
  if (d->kind == CW_VALIDATE_CV)
    snprintf (buf, sizeof buf, "%d-fold cross-validation over the %d training rows", data->n_folds, n_train);
  else if (d->kind == CW_VALIDATE_HOLDOUT)
    snprintf (buf, sizeof buf, "%d validation rows held out of the training rows; %d rows trained%s",
              counts[CW_ROLE_VALIDATION], n_train, d->config->holdout_refit ? ", then the winner refitted on both" : "");
  else
    snprintf (buf, sizeof buf, "none: %d training rows", n_train);
  cw_model_set_info (model, "validation", buf);
  snprintf (buf, sizeof buf, "%d training, %d validation, %d test (test rows were not read)",
            counts[CW_ROLE_TRAIN], counts[CW_ROLE_VALIDATION], counts[CW_ROLE_TEST]);
  cw_model_set_info (model, "rows", buf);
  snprintf (buf, sizeof buf, "%llu; %d member%s (run seeds derived from it)", (unsigned long long) config->seed,
            r->n_members, r->n_members == 1 ? "" : "s");
  cw_model_set_info (model, "seeds", buf);
  snprintf (buf, sizeof buf, "%d", r->epochs);
  cw_model_set_info (model, "epochs", buf);
  cw_model_set_info (model, "kept_weights", r->epoch_reason);
  if (chosen->evaluated)
    {
      format_score (data->task, d->kind, chosen->score, buf, sizeof buf);
      cw_model_set_info (model, "cv_score", buf);
    }
}

static void
free_runs (fit_run *runs, int n)
{
  for (int i = 0; i < n; i++)
    fit_run_clear (&runs[i]);
  free (runs);
}

cw_status
cw_fit_run (const cw_fit_config *config, const cw_fit_data *data, const cw_fit_callbacks *callbacks,
            cw_fit_result *result, cw_error *err)
{
  assert (result);
  cw_error_clear (err);
  memset (result, 0, sizeof *result);
  cw_validate_kind kind;
  int n_train = 0;
  cw_status st = check_inputs (config, data, &kind, &n_train, err);
  if (st != CW_OK)
    return st;

  fit_driver d = { .config = config, .data = data, .callbacks = callbacks, .kind = kind };
  pthread_mutex_init (&d.lock, NULL);
  atomic_init (&d.aborted, false);
  d.t0 = fit_now ();
  const int n_cand = config->n_candidates;
  const int folds = kind == CW_VALIDATE_CV ? data->n_folds : 1;
  const int members_hint = config->ensemble > 0 ? config->ensemble : 1;
  d.runs_total = (kind == CW_VALIDATE_NONE ? 0 : n_cand * folds) + members_hint;

  result->validation = kind;
  result->n_candidates = n_cand;
  result->candidates = calloc ((size_t) n_cand, sizeof (cw_fit_candidate));
  fit_run **selection = calloc ((size_t) n_cand, sizeof (fit_run *));
  int best = -1;
  double spent = 0, work_done = 0;
  const int rows = rows_per_run (data, n_train, kind);

  for (int c = 0; c < n_cand && kind != CW_VALIDATE_NONE; c++)
    {
      const cw_recipe *recipe = &config->candidates[c];
      cw_fit_candidate *cand = &result->candidates[c];
      snprintf (cand->name, sizeof cand->name, "%s", recipe->name);
      double flops = fit_recipe_flops (&d, recipe);
      /* Forward, backward and the update cost about three forward passes. */
      double work = 3 * flops * rows * recipe->train.epochs * folds;
      if (c > 0 && work_done > 0)
        {
          const cw_recipe *final_recipe = best >= 0 && best != c ? &config->candidates[best] : recipe;
          int members = config->ensemble > 0 ? config->ensemble : final_recipe->ensemble;
          double final_work = 3 * fit_recipe_flops (&d, final_recipe) * n_train * final_recipe->train.epochs * members;
          double estimate;
          if (fit_over_budget (&d, spent / work_done, work, final_work, &estimate))
            {
              snprintf (cand->note, sizeof cand->note, "skipped: it and the final model would take about %.0f s "
                        "more, past the time budget of %.0f s", estimate, config->time_budget_s);
              pthread_mutex_lock (&d.lock);
              d.runs_total -= folds;
              pthread_mutex_unlock (&d.lock);
              continue;
            }
        }
      fit_run *runs = calloc ((size_t) folds, sizeof (fit_run));
      fit_run *ptrs[64];
      fit_run **list = folds <= 64 ? ptrs : malloc ((size_t) folds * sizeof (fit_run *));
      for (int f = 0; f < folds; f++)
        {
          fit_run *r = &runs[f];
          r->recipe = recipe;
          r->candidate = c;
          r->member = -1;
          r->epochs = recipe->train.epochs;
          r->patience = recipe->train.patience;
          if (kind == CW_VALIDATE_CV)
            {
              r->fold = f;
              r->seed = fit_run_seed (config->seed, f, -1);
              r->restore_best = false;
            }
          else
            {
              /* The holdout run is also member 0 of the final model if this candidate wins. */
              r->fold = -1;
              r->validate = true;
              r->seed = fit_run_seed (config->seed, -1, 0);
              r->restore_best = true;
              r->keep_model = true;
            }
          r->id = d.runs_planned++;
          list[f] = r;
        }
      double t = fit_now ();
      fit_execute (&d, list, folds);
      spent += fit_now () - t;
      work_done += work;
      selection[c] = runs;
      bool ok = !atomic_load (&d.aborted) && fit_score_candidate (&d, list, folds, cand);
      if (list != ptrs)
        free (list);
      if (atomic_load (&d.aborted))
        break;
      if (ok && (best < 0 || better (data->task, cand->score, result->candidates[best].score)))
        best = c;
    }

  const bool stopped_choosing = atomic_load (&d.aborted);
  if (stopped_choosing)
    {
      /* A holdout run is a model already (it would be member 0): keep the best one so far, finished or
       * not, as training a single network keeps its weights when stopped. CV folds are not models. */
      if (kind == CW_VALIDATE_HOLDOUT && best < 0)
        for (int c = 0; c < n_cand; c++)
          if (selection[c] && selection[c][0].model)
            best = c;
      if (kind != CW_VALIDATE_HOLDOUT || best < 0)
        {
          st = cw_error_set (err, CW_ERR_ABORTED, 0, 0, "Stopped while choosing the recipe and epochs.");
          goto out;
        }
    }
  if (kind == CW_VALIDATE_NONE)
    {
      best = 0;
      snprintf (result->candidates[0].name, sizeof result->candidates[0].name, "%s", config->candidates[0].name);
      snprintf (result->candidates[0].note, sizeof result->candidates[0].note, "trained without validation");
    }
  if (best < 0)
    {
      char notes[400] = "";
      size_t used = 0;
      for (int c = 0; c < n_cand && used < sizeof notes; c++)
        used += (size_t) snprintf (notes + used, sizeof notes - used, "%s%s: %s", c ? "; " : "",
                                   result->candidates[c].name, result->candidates[c].note);
      st = cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "No recipe could be trained (%s).", notes);
      goto out;
    }

  /* ---- the final model ---- */
  result->chosen = best;
  const cw_recipe *recipe = &config->candidates[best];
  const int members = stopped_choosing ? 1 : config->ensemble > 0 ? config->ensemble : recipe->ensemble;
  const cw_fit_candidate *chosen = &result->candidates[best];
  result->n_members = members;
  result->member_epochs = calloc ((size_t) members, sizeof (int));
  result->score = kind == CW_VALIDATE_NONE ? NAN : chosen->score;
  /* A holdout refit trains the winner again on training and validation rows, for its best epoch count. */
  const bool refit = kind == CW_VALIDATE_HOLDOUT && config->holdout_refit && !stopped_choosing && chosen->evaluated;
  result->epochs = kind == CW_VALIDATE_CV || refit ? chosen->epochs : recipe->train.epochs;
  pthread_mutex_lock (&d.lock);
  d.runs_total = d.runs_done + members - (kind == CW_VALIDATE_HOLDOUT && !refit);
  pthread_mutex_unlock (&d.lock);

  fit_run *final = calloc ((size_t) members, sizeof (fit_run));
  fit_run **list = malloc ((size_t) members * sizeof (fit_run *));
  int n_list = 0;
  for (int m = 0; m < members; m++)
    {
      fit_run *r = &final[m];
      if (kind == CW_VALIDATE_HOLDOUT && !refit && m == 0)
        {
          /* The winning holdout run is member 0 already. */
          *r = selection[best][0];
          memset (&selection[best][0], 0, sizeof (fit_run));
          r->member = 0;
          r->n_members = members;
          continue;
        }
      r->recipe = recipe;
      r->candidate = best;
      r->fold = -1;
      r->member = m;
      r->n_members = members;
      r->id = d.runs_planned++;
      r->seed = fit_run_seed (config->seed, -1, m);
      r->keep_model = true;
      if (kind == CW_VALIDATE_HOLDOUT && !refit)
        {
          r->validate = true;
          r->restore_best = true;
          r->epochs = recipe->train.epochs;
          r->patience = recipe->train.patience;
        }
      else
        {
          r->epochs = result->epochs;
          r->restore_best = false;
          r->patience = 0;
          r->with_validation_rows = refit;
        }
      list[n_list++] = r;
    }
  fit_execute (&d, list, n_list);
  free (list);
  bool aborted = atomic_load (&d.aborted);
  for (int m = 0; m < members && st == CW_OK; m++)
    if (final[m].status != CW_OK && !(aborted && final[m].status == CW_ERR_ABORTED))
      st = cw_error_set (err, final[m].status, 0, 0, "%s, member %d of %d: %s", recipe->name, m + 1, members,
                         final[m].err.message);
  if (st == CW_OK)
    {
      /* Before the members' histories move into the result: the holdout run's predictions need its own. */
      if (kind != CW_VALIDATE_NONE && selection[best] && chosen->evaluated)
        {
          result->val_pred = malloc ((size_t) data->n * data->k * sizeof (float));
          if (kind == CW_VALIDATE_HOLDOUT)
            {
              fit_run *holdout = refit ? &selection[best][0] : &final[0];
              fit_fill_val_pred (&d, &holdout, 1, chosen->epochs, result->val_pred);
            }
          else
            {
              fit_run *ptrs[64];
              fit_run **l = folds <= 64 ? ptrs : malloc ((size_t) folds * sizeof (fit_run *));
              for (int f = 0; f < folds; f++)
                l[f] = &selection[best][f];
              fit_fill_val_pred (&d, l, folds, chosen->epochs, result->val_pred);
              if (l != ptrs)
                free (l);
            }
        }
      for (int m = 0; m < members; m++)
        {
          if (!final[m].model)
            continue;
          result->member_epochs[m] = final[m].restore_best && final[m].hist.best_epoch > 0 ? final[m].hist.best_epoch
                                                                                          : final[m].hist.epochs;
          if (!result->model)
            {
              result->model = final[m].model;
              final[m].model = NULL;
              result->history = final[m].hist;
              memset (&final[m].hist, 0, sizeof final[m].hist);
            }
          else if (cw_model_add_member (result->model, final[m].model, err) != CW_OK)
            st = err->status;
        }
      if (refit)
        {
          int counts[3];
          cw_roles_count (data->roles, data->n, counts);
          snprintf (result->epoch_reason, sizeof result->epoch_reason, "last epoch (%d) of a refit on all %d training "
                    "and validation rows; %d = the lowest validation loss on the %d validation rows", result->epochs,
                    counts[CW_ROLE_TRAIN] + counts[CW_ROLE_VALIDATION], result->epochs, counts[CW_ROLE_VALIDATION]);
        }
      else if (kind == CW_VALIDATE_HOLDOUT)
        {
          int lo = result->member_epochs[0], hi = lo;
          for (int m = 1; m < members; m++)
            {
              lo = result->member_epochs[m] < lo ? result->member_epochs[m] : lo;
              hi = result->member_epochs[m] > hi ? result->member_epochs[m] : hi;
            }
          result->epochs = hi;
          if (members == 1)
            snprintf (result->epoch_reason, sizeof result->epoch_reason, "weights of epoch %d, the lowest validation "
                      "loss on the validation rows (restored)", lo);
          else
            snprintf (result->epoch_reason, sizeof result->epoch_reason, "each member's weights of its lowest "
                      "validation loss on the validation rows (epochs %d to %d, restored)", lo, hi);
        }
      else if (kind == CW_VALIDATE_CV)
        snprintf (result->epoch_reason, sizeof result->epoch_reason, "last epoch (%d) of a refit on all %d training "
                  "rows; %d = the minimum of the mean validation error over %d cross-validation folds",
                  result->epochs, n_train, result->epochs, data->n_folds);
      else
        snprintf (result->epoch_reason, sizeof result->epoch_reason, "last epoch (%d): no validation rows to choose "
                  "another", result->epochs);
      if (result->model && st == CW_OK)
        write_record (&d, result, n_train);
      if (aborted && st == CW_OK)
        st = cw_error_set (err, CW_ERR_ABORTED, 0, 0, "Stopped; the model%s trained so far %s kept.",
                           members == 1 ? "" : "s", members == 1 ? "is" : "are");
    }
  free_runs (final, members);

out:
  for (int c = 0; c < n_cand; c++)
    if (selection[c])
      free_runs (selection[c], folds);
  free (selection);
  pthread_mutex_destroy (&d.lock);
  result->seconds = fit_now () - d.t0;
  if (st != CW_OK && st != CW_ERR_ABORTED)
    {
      cw_model_free (result->model);
      result->model = NULL;
    }
  return st;
}
