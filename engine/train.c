/* train.c — the training loop: scaling fitted on the training rows, shuffled mini-batches through
 * (augmentation) / forward / loss / backward / optimizer step, the learning-rate schedule (ReduceLROnPlateau
 * included), validation, early stopping, progress and abort callbacks.
 * Everything a batch needs is allocated before the first epoch; a batch itself never allocates. */
#include "cw-train.h"

#include "cw-model-private.h"
#include "cw-train-private.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

cw_train_config
cw_train_config_default (cw_task task)
{
  cw_train_config c;
  memset (&c, 0, sizeof c);
  c.epochs = 100;
  c.batch = 32;
  c.seed = 1;
  c.init_weights = true;
  c.shuffle = true;
  c.loss = cw_loss_default_for_task (task);
  c.optimizer = cw_optimizer_config_default (CW_OPT_ADAM);
  c.schedule.type = CW_SCHED_CONSTANT;
  c.schedule.step_epochs = 10;
  c.schedule.gamma = 0.5f;
  c.schedule.min_lr = 0.0f;
  c.patience = 0;
  c.min_delta = 0.0f;
  c.restore_best = true;
  c.input_scaling = CW_SCALE_PER_FEATURE;
  c.standardize_targets = true;
  c.threads = 0;
  c.train_metrics = true;
  return c;
}

cw_xy
cw_xy_select (const float *x, const float *y, int n, int sample_size, int k, const unsigned char *is_val,
              bool want_val)
{
  cw_xy r = { NULL, NULL, 0 };
  int count = 0;
  for (int i = 0; i < n; i++)
    count += (is_val[i] != 0) == want_val;
  size_t f = (size_t) sample_size;
  float *rx = malloc ((count ? (size_t) count : 1) * f * sizeof (float));
  float *ry = y ? malloc ((count ? (size_t) count : 1) * (size_t) k * sizeof (float)) : NULL;
  int j = 0;
  for (int i = 0; i < n; i++)
    if ((is_val[i] != 0) == want_val)
      {
        memcpy (rx + (size_t) j * f, x + (size_t) i * f, f * sizeof (float));
        if (y)
          memcpy (ry + (size_t) j * k, y + (size_t) i * k, (size_t) k * sizeof (float));
        j++;
      }
  r.x = rx;
  r.y = ry;
  r.n = count;
  return r;
}

void
cw_xy_free (cw_xy *xy)
{
  if (!xy)
    return;
  free ((float *) xy->x);
  free ((float *) xy->y);
  xy->x = xy->y = NULL;
  xy->n = 0;
}

void
cw_history_clear (cw_history *h)
{
  if (!h)
    return;
  free (h->train_loss);
  free (h->val_loss);
  free (h->train_metric);
  free (h->val_metric);
  free (h->lr);
  memset (h, 0, sizeof *h);
}

static double
now_s (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

/* Independent generator streams from one seed, so that turning augmentation on, say, does not change
 * the shuffling order. */
static uint64_t
stream_seed (uint64_t seed, uint64_t stream)
{
  cw_rng r;
  cw_rng_seed (&r, seed ^ (stream * 0x9e3779b97f4a7c15ULL));
  return cw_rng_next (&r);
}

/* Everything one training run allocates, up front. */
typedef struct {
  cw_model *model;
  const cw_train_config *cfg;
  size_t f;              /* floats per sample */
  int k;                 /* outputs */
  cw_xy train, val;      /* user-unit data, as given */
  bool raw_augment;      /* augmentation in input units: batches are augmented before standardising */
  cw_augment augment;    /* what the batches get: config's, or its sizes times the training SD */
  float *xraw;           /* raw_augment: one batch of raw rows being augmented */
  float *xs, *ys;        /* standardised training copies (xs not needed with raw_augment) */
  float *xv, *yv;        /* standardised validation copies */
  float *yb, *dout;      /* batch targets and dL/d(output) */
  int *order;
  float *good_params, *good_state; /* before the last step: what a NaN falls back to */
  float *best_params, *best_state; /* at the end of the best epoch (restore_best) */
  float *pred_train, *pred_val;    /* user-unit predictions for the metrics */
  cw_optimizer *opt;
  cw_history h;
} session;

static void
session_free (session *s)
{
  free (s->xraw);
  free (s->xs);
  free (s->ys);
  free (s->xv);
  free (s->yv);
  free (s->yb);
  free (s->dout);
  free (s->order);
  free (s->good_params);
  free (s->good_state);
  free (s->best_params);
  free (s->best_state);
  free (s->pred_train);
  free (s->pred_val);
  cw_optimizer_free (s->opt);
  cw_history_clear (&s->h);
}

static float *
alloc_floats (size_t n, bool *ok)
{
  float *p = malloc ((n ? n : 1) * sizeof (float));
  if (!p)
    *ok = false;
  return p;
}

static cw_status
session_alloc (session *s, int batch, cw_error *err)
{
  const cw_train_config *c = s->cfg;
  size_t np = cw_model_n_params (s->model), ns = cw_model_n_state (s->model);
  size_t nt = (size_t) s->train.n, nv = (size_t) s->val.n, k = (size_t) s->k;
  bool ok = true;
  if (s->raw_augment)
    s->xraw = alloc_floats ((size_t) batch * s->f, &ok);
  else
    s->xs = alloc_floats (nt * s->f, &ok);
  s->ys = alloc_floats (nt * k, &ok);
  if (nv)
    {
      s->xv = alloc_floats (nv * s->f, &ok);
      s->yv = alloc_floats (nv * k, &ok);
      s->pred_val = alloc_floats (nv * k, &ok);
    }
  s->yb = alloc_floats ((size_t) batch * k, &ok);
  s->dout = alloc_floats ((size_t) batch * k, &ok);
  s->order = malloc (nt * sizeof (int));
  ok = ok && s->order;
  s->good_params = alloc_floats (np, &ok);
  s->good_state = alloc_floats (ns, &ok);
  if (c->restore_best)
    {
      s->best_params = alloc_floats (np, &ok);
      s->best_state = alloc_floats (ns, &ok);
    }
  if (c->train_metrics)
    s->pred_train = alloc_floats (nt * k, &ok);
  int e = c->epochs;
  s->h.train_loss = calloc ((size_t) e, sizeof (double));
  s->h.val_loss = calloc ((size_t) e, sizeof (double));
  s->h.train_metric = calloc ((size_t) e, sizeof (double));
  s->h.val_metric = calloc ((size_t) e, sizeof (double));
  s->h.lr = calloc ((size_t) e, sizeof (double));
  ok = ok && s->h.train_loss && s->h.val_loss && s->h.train_metric && s->h.val_metric && s->h.lr;
  s->opt = cw_optimizer_new (&c->optimizer, np);
  ok = ok && s->opt;
  if (!ok)
    return cw_error_set (err, CW_ERR_NOMEM, 0, 0,
                         "Not enough memory to train on %d rows of %zu values.", s->train.n, s->f);
  return CW_OK;
}

static cw_status
check_config (const cw_model *model, const cw_train_config *c, cw_xy train, cw_xy val, cw_error *err)
{
  if (c->epochs < 1)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "Epochs must be at least 1 (got %d).",
                         c->epochs);
  if (c->batch < 1)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "Batch size must be at least 1 (got %d).",
                         c->batch);
  if (!(c->optimizer.lr > 0) || !isfinite (c->optimizer.lr))
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "The learning rate must be a positive number (got %g).", c->optimizer.lr);
  if (c->optimizer.type == CW_OPT_ADAM
      && !(c->optimizer.beta1 >= 0 && c->optimizer.beta1 < 1 && c->optimizer.beta2 >= 0
           && c->optimizer.beta2 < 1))
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "Adam's betas must lie in [0, 1) (got %g and %g).", c->optimizer.beta1,
                         c->optimizer.beta2);
  if (c->optimizer.momentum < 0 || c->optimizer.weight_decay < 0)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "Momentum and weight decay cannot be negative.");
  if (c->patience < 0 || c->min_delta < 0)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "Early-stopping patience and minimum improvement cannot be negative.");
  if (c->schedule.type == CW_SCHED_PLATEAU)
    {
      /* A factor of 1 or more would never lower the rate (PyTorch refuses it too). */
      if (!(c->schedule.gamma > 0 && c->schedule.gamma < 1))
        return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                             "The plateau schedule's factor must lie between 0 and 1, exclusive (got %g).",
                             c->schedule.gamma);
      if (c->schedule.step_epochs < 0)
        return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                             "The plateau schedule's patience cannot be negative (got %d epochs).",
                             c->schedule.step_epochs);
      if (!(c->schedule.min_lr >= 0) || !isfinite (c->schedule.min_lr))
        return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                             "The plateau schedule's floor (minimum learning rate) must be 0 or more "
                             "(got %g).", c->schedule.min_lr);
    }
  if (train.n < 1 || !train.x || !train.y)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "There are no training rows with targets to learn from.");
  if (val.n < 0 || (val.n > 0 && (!val.x || !val.y)))
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "The validation set has no signals or targets.");
  size_t f = (size_t) cw_model_in_channels (model) * (size_t) cw_model_in_length (model);
  int k = cw_model_n_outputs (model);
  const cw_xy *sets[2] = { &train, &val };
  const char *names[2] = { "Training", "Validation" };
  /* NaN rows would only show up later as a NaN loss with no hint of the cause. */
  for (int s = 0; s < 2; s++)
    for (int i = 0; i < sets[s]->n; i++)
      {
        const float *xi = sets[s]->x + (size_t) i * f, *yi = sets[s]->y + (size_t) i * k;
        for (size_t j = 0; j < f; j++)
          if (!isfinite (xi[j]))
            return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                                 "%s row %d has a missing or non-finite signal value (position %zu); "
                                 "remove the row or fill the value in before training.",
                                 names[s], i + 1, j + 1);
        for (int j = 0; j < k; j++)
          if (!isfinite (yi[j]))
            return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                                 "%s row %d has a missing target value (output %d).", names[s], i + 1,
                                 j + 1);
      }
  return CW_OK;
}

/* Mean loss over rows of already standardised data, inference mode, in chunks of the model's batch. */
static double
standardized_loss (cw_model *model, cw_loss loss, const float *xs, const float *ys, int n)
{
  size_t f = (size_t) model->in_c * (size_t) model->in_l;
  int k = model->n_outputs, b = model->batch;
  double sum = 0;
  for (int start = 0; start < n; start += b)
    {
      int nb = n - start < b ? n - start : b;
      const float *o = cw_model_forward (model, xs + (size_t) start * f, nb, false);
      sum += cw_loss_compute (loss, o, ys + (size_t) start * k, nb, k, NULL) * nb;
    }
  return sum / n;
}

double
cw_evaluate_loss (cw_model *model, cw_loss loss, cw_xy data)
{
  if (data.n <= 0)
    return NAN;
  if (model->batch == 0 && cw_model_set_batch (model, data.n < 64 ? data.n : 64, NULL) != CW_OK)
    return NAN;
  size_t f = (size_t) model->in_c * (size_t) model->in_l;
  int k = model->n_outputs;
  float *xs = malloc ((size_t) data.n * f * sizeof (float));
  float *ys = malloc ((size_t) data.n * k * sizeof (float));
  double result = NAN;
  if (xs && ys)
    {
      cw_model_standardize_input (model, data.x, data.n, xs);
      cw_standardize_targets (model, data.y, data.n, ys);
      result = standardized_loss (model, loss, xs, ys, data.n);
    }
  free (xs);
  free (ys);
  return result;
}

/* Rows `rows` of x (the standardised copy, or the raw rows for input-unit augmentation) into xb, and
 * their standardised targets into the session's batch targets. */
static void
gather_batch (session *s, const float *x, const int *rows, int nb, float *xb)
{
  for (int i = 0; i < nb; i++)
    {
      int r = rows[i];
      memcpy (xb + (size_t) i * s->f, x + (size_t) r * s->f, s->f * sizeof (float));
      memcpy (s->yb + (size_t) i * s->k, s->ys + (size_t) r * s->k, (size_t) s->k * sizeof (float));
    }
}

static void
snapshot (cw_model *model, float *params, float *state)
{
  memcpy (params, model->params, model->n_params * sizeof (float));
  memcpy (state, model->state, model->n_state * sizeof (float));
}

static void
restore (cw_model *model, const float *params, const float *state)
{
  memcpy (model->params, params, model->n_params * sizeof (float));
  memcpy (model->state, state, model->n_state * sizeof (float));
}

static bool
all_finite (const float *v, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (!isfinite (v[i]))
      return false;
  return true;
}

/* RMSE for regression, accuracy otherwise: the one number the history keeps per epoch. */
static double
headline (const cw_metrics *m)
{
  return m->task == CW_TASK_REGRESSION ? m->rmse : m->accuracy;
}

static void
user_metrics (session *s, cw_xy data, float *pred, cw_metrics *m)
{
  cw_task task = cw_model_task (s->model);
  if (data.n == 0 || !pred || cw_model_predict (s->model, data.x, data.n, pred, NULL) != CW_OK)
    {
      cw_metrics_compute (task, NULL, NULL, 0, s->k, m);
      return;
    }
  cw_metrics_compute (task, pred, data.y, data.n, s->k, m);
}

void
cw_plateau_init (cw_plateau *p, float base_lr)
{
  p->lr = base_lr;
  p->best = INFINITY;
  p->bad_epochs = 0;
}

/* PyTorch's step(): is_better is `loss < best * (1 - threshold)`, _reduce_lr is
 * `new = max(old * factor, min_lr); if old - new > eps: old = new`, with eps = 1e-8. */
void
cw_plateau_step (cw_plateau *p, const cw_schedule *schedule, double loss)
{
  if (loss < p->best * (1.0 - 1e-4))
    {
      p->best = loss;
      p->bad_epochs = 0;
    }
  else
    p->bad_epochs++;
  if (p->bad_epochs > schedule->step_epochs)
    {
      double reduced = fmax (p->lr * schedule->gamma, schedule->min_lr);
      if (p->lr - reduced > 1e-8)
        p->lr = reduced;
      p->bad_epochs = 0;
    }
}

/* A batch loss this many times the first one (on standardised targets) means the run diverged. */
#define DIVERGED_FACTOR 1e6

static cw_status
nonfinite_error (cw_error *err, int epoch, int batch, const char *what)
{
  return cw_error_set (err, CW_ERR_NONFINITE, 0, 0,
                       "epoch %d, batch %d: %s; the last good weights were kept. Lower the learning rate "
                       "or clip the gradients.", epoch, batch, what);
}

cw_status
cw_train (cw_model *model, const cw_train_config *config, cw_xy train, cw_xy val,
          const cw_train_callbacks *callbacks, cw_history *hist, cw_error *err)
{
  assert (model && config);
  cw_error_clear (err);
  if (hist)
    memset (hist, 0, sizeof *hist);
  if (val.n < 0)
    val.n = 0;
  cw_status st = check_config (model, config, train, val, err);
  if (st != CW_OK)
    return st;
  const double t_start = now_s ();

  if (config->threads > 0)
    cw_model_set_threads (model, config->threads);
  int batch = config->batch < train.n ? config->batch : train.n;

  session s;
  memset (&s, 0, sizeof s);
  s.model = model;
  s.cfg = config;
  s.f = (size_t) model->in_c * (size_t) model->in_l;
  s.k = model->n_outputs;
  s.train = train;
  s.val = val;
  s.augment = config->augment;
  s.raw_augment = config->augment.input_units && cw_augment_active (&config->augment);
  st = session_alloc (&s, batch, err);
  if (st == CW_OK)
    st = cw_model_set_batch (model, batch, err);
  if (st == CW_OK)
    st = cw_fit_scaling (model, config, train, err);
  if (st != CW_OK)
    {
      session_free (&s);
      return st;
    }
  if (s.raw_augment)
    s.augment = cw_augment_scaled (&config->augment, cw_signal_sd (train.x, train.n, s.f));
  else
    cw_model_standardize_input (model, train.x, train.n, s.xs);
  cw_standardize_targets (model, train.y, train.n, s.ys);
  if (val.n > 0)
    {
      cw_model_standardize_input (model, val.x, val.n, s.xv);
      cw_standardize_targets (model, val.y, val.n, s.yv);
    }

  if (config->init_weights)
    cw_model_init_weights (model, config->seed);
  cw_model_seed_noise (model, stream_seed (config->seed, 1));
  cw_rng shuffle_rng, augment_rng;
  cw_rng_seed (&shuffle_rng, stream_seed (config->seed, 2));
  cw_rng_seed (&augment_rng, stream_seed (config->seed, 3));
  bool augment = cw_augment_active (&config->augment);
  const bool plateau = config->schedule.type == CW_SCHED_PLATEAU;
  cw_plateau plateau_lr;
  cw_plateau_init (&plateau_lr, config->optimizer.lr);

  for (int i = 0; i < train.n; i++)
    s.order[i] = i;
  snapshot (model, s.good_params, s.good_state);
  double first_loss = NAN; /* the first batch's loss: how far a diverging run has gone */

  const int epochs = config->epochs;
  const int batches = (train.n + batch - 1) / batch;
  const bool have_val = val.n > 0;
  double best_value = INFINITY;
  int best_epoch = 0, since_best = 0;
  long samples_done = 0;
  float *xb = model->input; /* gathering straight into the model's input saves forward a copy */
  cw_progress p;
  memset (&p, 0, sizeof p);
  p.epochs = epochs;
  p.batches = batches;

  for (int epoch = 1; epoch <= epochs && st == CW_OK; epoch++)
    {
      const float lr = plateau ? (float) plateau_lr.lr
                               : cw_schedule_lr (&config->schedule, config->optimizer.lr, epoch - 1, epochs);
      if (config->shuffle)
        cw_rng_shuffle (&shuffle_rng, s.order, train.n);
      const double t_epoch = now_s ();
      double loss_sum = 0, batch_loss = 0;
      int rows_done = 0;

      for (int b = 0; b < batches; b++)
        {
          if (callbacks && callbacks->should_abort && callbacks->should_abort (callbacks->user))
            {
              st = cw_error_set (err, CW_ERR_ABORTED, 0, 0, "Training was stopped in epoch %d after %d "
                                 "batch%s of %d.", epoch, b, b == 1 ? "" : "es", batches);
              break;
            }
          int start = b * batch;
          int nb = train.n - start < batch ? train.n - start : batch;
          if (s.raw_augment)
            {
              /* The physical perturbations act on the signal as measured; the model then sees them
               * through its own scaling, as it will see a real shifted or tilted spectrum. */
              gather_batch (&s, train.x, s.order + start, nb, s.xraw);
              cw_augment_apply (&s.augment, s.xraw, nb, model->in_c, model->in_l, &augment_rng);
              cw_model_standardize_input (model, s.xraw, nb, xb);
            }
          else
            {
              gather_batch (&s, s.xs, s.order + start, nb, xb);
              if (augment)
                cw_augment_apply (&s.augment, xb, nb, model->in_c, model->in_l, &augment_rng);
            }
          const float *out = cw_model_forward (model, xb, nb, true);
          batch_loss = cw_loss_compute (config->loss, out, s.yb, nb, s.k, s.dout);
          if (!isfinite (batch_loss))
            {
              restore (model, s.good_params, s.good_state);
              st = nonfinite_error (err, epoch, b + 1, isnan (batch_loss) ? "the loss became NaN"
                                                                    : "the loss became infinite");
              break;
            }
          if (isnan (first_loss))
            first_loss = batch_loss;
          /* Targets are standardised, so a loss a million times its start (or a million, from a
           * start below 1) is a run that diverged while still finite (lr 100 reached 1e28): stop. */
          if (batch_loss > DIVERGED_FACTOR * fmax (first_loss, 1.0))
            {
              restore (model, s.good_params, s.good_state);
              char what[128];
              snprintf (what, sizeof what, "the loss diverged to %.3g from %.3g", batch_loss,
                        first_loss);
              st = nonfinite_error (err, epoch, b + 1, what);
              break;
            }
          cw_model_zero_grads (model);
          cw_model_backward (model, s.dout, NULL);
          snapshot (model, s.good_params, s.good_state);
          cw_optimizer_step (s.opt, model->params, model->grads, lr);

          loss_sum += batch_loss * nb;
          rows_done += nb;
          samples_done += nb;
          if (callbacks && callbacks->progress)
            {
              double t = now_s ();
              p.epoch = epoch;
              p.batch = b + 1;
              p.epoch_end = false;
              p.batch_loss = batch_loss;
              p.train_loss = loss_sum / rows_done;
              p.val_loss = NAN;
              p.lr = lr;
              p.samples_per_s = rows_done / fmax (t - t_epoch, 1e-9);
              p.elapsed_s = t - t_start;
              long remaining = (long) (epochs - epoch) * train.n + (train.n - rows_done);
              p.eta_s = p.elapsed_s / (double) samples_done * (double) remaining;
              p.best_epoch = best_epoch;
              callbacks->progress (&p, callbacks->user);
            }
        }
      if (st != CW_OK)
        break;
      const double t_trained = now_s ();

      /* The last step of the epoch has no forward after it to reveal a blow-up. */
      if (!all_finite (model->params, model->n_params))
        {
          restore (model, s.good_params, s.good_state);
          st = nonfinite_error (err, epoch, batches, "the update made weights NaN or infinite");
          break;
        }

      int e = epoch - 1;
      double train_loss = loss_sum / train.n;
      double val_loss = have_val ? standardized_loss (model, config->loss, s.xv, s.yv, val.n) : NAN;
      cw_metrics tm, vm;
      if (config->train_metrics)
        user_metrics (&s, train, s.pred_train, &tm);
      else
        cw_metrics_compute (model->task, NULL, NULL, 0, s.k, &tm);
      user_metrics (&s, val, s.pred_val, &vm);
      s.h.train_loss[e] = train_loss;
      s.h.val_loss[e] = val_loss;
      s.h.train_metric[e] = headline (&tm);
      s.h.val_metric[e] = headline (&vm);
      s.h.lr[e] = lr;
      s.h.epochs = epoch;
      if (plateau)
        cw_plateau_step (&plateau_lr, &config->schedule, train_loss);

      /* Early stopping watches the validation loss, or the training loss without validation. */
      double monitored = have_val ? val_loss : train_loss;
      if (monitored < best_value - config->min_delta)
        {
          best_value = monitored;
          best_epoch = epoch;
          since_best = 0;
          if (config->restore_best)
            snapshot (model, s.best_params, s.best_state);
        }
      else
        since_best++;

      if (callbacks && callbacks->progress)
        {
          double t = now_s ();
          p.epoch = epoch;
          p.batch = batches;
          p.epoch_end = true;
          p.batch_loss = batch_loss;
          p.train_loss = train_loss;
          p.val_loss = val_loss;
          p.train_metrics = tm;
          p.val_metrics = vm;
          p.lr = lr;
          p.samples_per_s = train.n / fmax (t_trained - t_epoch, 1e-9);
          p.elapsed_s = t - t_start;
          p.eta_s = p.elapsed_s / (double) samples_done * (double) (epochs - epoch) * train.n;
          p.best_epoch = best_epoch;
          p.val_pred = have_val ? s.pred_val : NULL;
          callbacks->progress (&p, callbacks->user);
          memset (&p.train_metrics, 0, sizeof p.train_metrics);
          memset (&p.val_metrics, 0, sizeof p.val_metrics);
          p.val_pred = NULL;
        }
      cw_metrics_clear (&tm);
      cw_metrics_clear (&vm);

      if (config->patience > 0 && since_best >= config->patience)
        {
          s.h.stopped_early = epoch < epochs;
          break;
        }
    }

  if (st != CW_ERR_NONFINITE && config->restore_best && best_epoch > 0)
    restore (model, s.best_params, s.best_state);
  s.h.best_epoch = best_epoch;
  s.h.seconds = now_s () - t_start;
  if (hist)
    {
      *hist = s.h;
      memset (&s.h, 0, sizeof s.h);
    }
  session_free (&s);
  return st;
}
