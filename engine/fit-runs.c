/* fit-runs.c — training runs of the fit driver: the rows, pipeline, model and training of one run, and
 * running a batch of runs in parallel, one thread each. The plan and the final model are in fit.c,
 * scoring and the epoch choice in fit-select.c. */
#include "cw-fit-private.h"

#include "cw-parallel-private.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

cw_fit_config
cw_fit_config_default (void)
{
  cw_fit_config c;
  memset (&c, 0, sizeof c);
  c.seed = 1;
  c.threads = 1;
  c.holdout_refit = true;
  return c;
}

double
fit_now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

/* Seeds by role, not by candidate: every candidate sees the same folds' seeds (common random numbers make
 * their comparison less noisy), and a recipe run alone trains exactly as it does inside "auto". */
uint64_t
fit_run_seed (uint64_t base, int fold, int member)
{
  cw_rng r;
  uint64_t stream = member >= 0 ? 0x4d454d42ULL + (uint64_t) member : 0x464f4c44ULL + (uint64_t) (fold + 1);
  cw_rng_seed (&r, base ^ (stream * 0x9e3779b97f4a7c15ULL));
  return cw_rng_next (&r);
}

void
fit_run_clear (fit_run *r)
{
  if (!r)
    return;
  cw_model_free (r->model);
  cw_history_clear (&r->hist);
  free (r->val_rows);
  free (r->pred_hist);
  memset (r, 0, sizeof *r);
}

/* ---- one run ---- */

static bool
is_training_row (const fit_driver *d, const fit_run *r, int i)
{
  const cw_fit_data *data = d->data;
  if (data->roles && data->roles[i] != CW_ROLE_TRAIN
      && !(r->with_validation_rows && data->roles[i] == CW_ROLE_VALIDATION))
    return false;
  return r->fold < 0 || !data->fold || data->fold[i] != r->fold;
}

static bool
is_validation_row (const fit_driver *d, const fit_run *r, int i)
{
  const cw_fit_data *data = d->data;
  if (r->fold >= 0)
    return data->fold && data->fold[i] == r->fold && (!data->roles || data->roles[i] == CW_ROLE_TRAIN);
  return r->validate && data->roles && data->roles[i] == CW_ROLE_VALIDATION;
}

/* The caller's pipeline followed by the recipe's steps (unfitted). NULL with err on a bad recipe text. */
static cw_pipeline *
combined_pipeline (const cw_pipeline *caller, const cw_recipe *recipe, cw_error *err)
{
  cw_pipeline *pipe = caller ? cw_pipeline_copy (caller) : cw_pipeline_new ();
  if (recipe->preprocess[0])
    {
      cw_pipeline *extra = cw_pipeline_parse (recipe->preprocess, err);
      if (!extra)
        {
          cw_pipeline_free (pipe);
          return NULL;
        }
      for (int s = 0; s < cw_pipeline_count (extra); s++)
        if (cw_pipeline_append (pipe, cw_pipeline_get (extra, s), err) != CW_OK)
          {
            cw_pipeline_free (extra);
            cw_pipeline_free (pipe);
            return NULL;
          }
      cw_pipeline_free (extra);
    }
  return pipe;
}

typedef struct {
  fit_driver *d;
  fit_run *r;
  cw_fit_progress p;
} run_context;

static void
on_run_progress (const cw_progress *p, void *user)
{
  run_context *rc = user;
  fit_run *r = rc->r;
  const int k = rc->d->data->k;
  if (p->epoch_end && p->val_pred && r->n_val > 0)
    {
      /* Grown as epochs arrive: a run asked for a million epochs may stop after fifty. */
      size_t per_epoch = (size_t) r->n_val * k;
      if (p->epoch > r->pred_epochs)
        {
          int cap = r->pred_epochs ? 2 * r->pred_epochs : 64;
          while (cap < p->epoch)
            cap *= 2;
          float *grown = realloc (r->pred_hist, (size_t) cap * per_epoch * sizeof (float));
          if (!grown)
            return; /* scoring will find the epochs missing and say the run failed */
          r->pred_hist = grown;
          r->pred_epochs = cap;
        }
      memcpy (r->pred_hist + (size_t) (p->epoch - 1) * per_epoch, p->val_pred, per_epoch * sizeof (float));
      if (p->epoch > r->pred_filled)
        r->pred_filled = p->epoch;
    }
  const cw_fit_callbacks *cb = rc->d->callbacks;
  if (!cb || !cb->progress)
    return;
  pthread_mutex_lock (&rc->d->lock);
  rc->p.train = p;
  rc->p.runs_done = rc->d->runs_done;
  rc->p.runs_total = rc->d->runs_total;
  rc->p.elapsed_s = fit_now () - rc->d->t0;
  cb->progress (&rc->p, cb->user);
  pthread_mutex_unlock (&rc->d->lock);
}

static bool
on_run_should_abort (void *user)
{
  run_context *rc = user;
  fit_driver *d = rc->d;
  if (atomic_load (&d->aborted))
    return true;
  const cw_fit_callbacks *cb = d->callbacks;
  if (!cb || !cb->should_abort)
    return false;
  pthread_mutex_lock (&d->lock);
  bool stop = cb->should_abort (cb->user);
  pthread_mutex_unlock (&d->lock);
  if (stop)
    atomic_store (&d->aborted, true);
  return stop;
}

/* Gathers rows of x (and y) where want(i) into fresh arrays. */
static int
gather (const fit_driver *d, const fit_run *r, bool validation, float **x, float **y, int *rows)
{
  const cw_fit_data *data = d->data;
  size_t w = (size_t) data->channels * data->length;
  int count = 0;
  for (int i = 0; i < data->n; i++)
    count += validation ? is_validation_row (d, r, i) : is_training_row (d, r, i);
  *x = malloc ((count ? (size_t) count : 1) * w * sizeof (float));
  *y = malloc ((count ? (size_t) count : 1) * (size_t) data->k * sizeof (float));
  int m = 0;
  for (int i = 0; i < data->n; i++)
    if (validation ? is_validation_row (d, r, i) : is_training_row (d, r, i))
      {
        memcpy (*x + (size_t) m * w, data->x + (size_t) i * w, w * sizeof (float));
        memcpy (*y + (size_t) m * data->k, data->y + (size_t) i * data->k, (size_t) data->k * sizeof (float));
        if (rows)
          rows[m] = i;
        m++;
      }
  return count;
}

static void
execute_run (fit_driver *d, fit_run *r)
{
  const cw_fit_data *data = d->data;
  const double t_start = fit_now ();
  float *x_train = NULL, *y_train = NULL, *x_val = NULL, *y_val = NULL, *xp_train = NULL, *xp_val = NULL;
  cw_pipeline *pipe = NULL;
  cw_spec *spec = NULL;
  cw_model *model = NULL;
  cw_error *err = &r->err;
  cw_error_clear (err);

  int n_train = gather (d, r, false, &x_train, &y_train, NULL);
  r->val_rows = malloc ((size_t) data->n * sizeof (int));
  r->n_val = gather (d, r, true, &x_val, &y_val, r->val_rows);
  if (n_train == 0)
    {
      r->status = cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "There are no training rows to fit on.");
      goto out;
    }
  if (!(pipe = combined_pipeline (d->config->pipeline, r->recipe, err)))
    {
      r->status = err->status;
      goto out;
    }
  /* Fitted on this run's training rows only: never on its validation fold, never on test rows. */
  if ((r->status = cw_pipeline_fit_f (pipe, x_train, n_train, data->channels, data->length, data->axis, &xp_train,
                                      err)) != CW_OK)
    goto out;
  int lp = cw_pipeline_out_length (pipe);
  if (r->n_val > 0)
    {
      xp_val = malloc ((size_t) r->n_val * data->channels * lp * sizeof (float));
      cw_pipeline_apply_f (pipe, x_val, r->n_val, xp_val);
    }
  if (!(spec = cw_spec_parse (r->recipe->arch, err)))
    {
      r->status = err->status;
      goto out;
    }
  if (!(model = cw_model_new (spec, data->channels, lp, data->task, data->k, err)))
    {
      r->status = err->status;
      goto out;
    }
  cw_model_set_threads (model, 1);

  cw_train_config cfg = r->recipe->train;
  cfg.seed = r->seed;
  cfg.threads = 1;
  cfg.epochs = r->epochs;
  cfg.restore_best = r->restore_best;
  cfg.patience = r->patience;

  run_context rc = { .d = d, .r = r };
  rc.p.stage = r->member >= 0 ? CW_FIT_STAGE_FINAL : CW_FIT_STAGE_SELECT;
  rc.p.candidate = r->candidate;
  rc.p.n_candidates = d->config->n_candidates;
  rc.p.candidate_name = r->recipe->name;
  rc.p.fold = r->fold;
  rc.p.n_folds = d->kind == CW_VALIDATE_CV ? data->n_folds : 0;
  rc.p.member = r->member;
  rc.p.n_members = r->member >= 0 ? r->n_members : 0;
  rc.p.run = r->id;
  rc.p.pipeline = pipe;
  rc.p.budget_s = d->config->time_budget_s;
  rc.p.model = model;
  cw_train_callbacks callbacks = { .progress = on_run_progress, .should_abort = on_run_should_abort, .user = &rc };
  cw_xy train = { xp_train, y_train, n_train }, val = { xp_val, y_val, r->n_val };
  r->status = cw_train (model, &cfg, train, val, &callbacks, &r->hist, err);
  if (r->keep_model && (r->status == CW_OK || r->status == CW_ERR_ABORTED))
    {
      cw_model_set_pipeline (model, pipe);
      r->model = model;
      model = NULL;
    }

out:
  cw_model_free (model);
  cw_spec_free (spec);
  cw_pipeline_free (pipe);
  free (x_train);
  free (y_train);
  free (x_val);
  free (y_val);
  free (xp_train);
  free (xp_val);
  r->seconds = fit_now () - t_start;
  pthread_mutex_lock (&d->lock);
  d->runs_done++;
  pthread_mutex_unlock (&d->lock);
}

typedef struct {
  fit_driver *d;
  fit_run **runs;
  int n;
  atomic_int next;
} batch_context;

static void
batch_worker (void *ctx, int begin, int end, int part)
{
  (void) begin;
  (void) end;
  (void) part;
  batch_context *b = ctx;
  for (;;)
    {
      int i = atomic_fetch_add (&b->next, 1);
      if (i >= b->n)
        break;
      if (atomic_load (&b->d->aborted))
        {
          b->runs[i]->status = cw_error_set (&b->runs[i]->err, CW_ERR_ABORTED, 0, 0, "Stopped before it started.");
          continue;
        }
      execute_run (b->d, b->runs[i]);
    }
}

void
fit_execute (fit_driver *d, fit_run **runs, int n)
{
  /* Each run takes one thread and its own seed, so which thread runs it changes nothing. */
  batch_context b = { .d = d, .runs = runs, .n = n };
  atomic_init (&b.next, 0);
  int threads = d->config->threads > 0 ? d->config->threads : 1;
  int parts = threads < n ? threads : n;
  if (parts < 1)
    return;
  cw_parallel_for (parts, parts, batch_worker, &b);
}

double
fit_recipe_flops (const fit_driver *d, const cw_recipe *recipe)
{
  const cw_fit_data *data = d->data;
  cw_spec *spec = cw_spec_parse (recipe->arch, NULL);
  double flops = 0;
  if (spec)
    {
      /* Preprocessing keeps the length unless it selects a range: the input length is close enough for a
       * cost estimate. */
      cw_model *m = cw_model_new (spec, data->channels, data->length, data->task, data->k, NULL);
      if (m)
        flops = cw_model_flops (m);
      cw_model_free (m);
    }
  cw_spec_free (spec);
  return flops;
}
