/* test-train.c — the training loop on small synthetic problems with known answers, its callbacks,
 * early stopping, abort, NaN recovery, the scaling it stores, and the metrics. */
#include "cw.h"

#include <glib.h>
#include <math.h>
#include <string.h>

/* ---- data ---- */

typedef struct {
  int n, c, l, k;
  float *x, *y;
} data;

static void
data_free (data *d)
{
  g_free (d->x);
  g_free (d->y);
}

static cw_xy
xy (const data *d, int from, int n)
{
  return (cw_xy) { d->x + (size_t) from * d->c * d->l, d->y + (size_t) from * d->k, n };
}

/* x_t = a sin(4 pi t / L) + b exp(-(t - 16)^2 / 8) + N(0, 0.05^2), y = offset + gain (3a - 2b) with
 * a, b ~ U(-1, 1): a target linear in the signal, in units far from standardised. */
static data
make_regression (int n, uint64_t seed, float offset, float gain)
{
  data d = { n, 1, 32, 1, g_new (float, n * 32), g_new (float, n) };
  cw_rng rng;
  cw_rng_seed (&rng, seed);
  for (int i = 0; i < n; i++)
    {
      double a = 2 * cw_rng_uniform (&rng) - 1, b = 2 * cw_rng_uniform (&rng) - 1;
      for (int t = 0; t < 32; t++)
        d.x[i * 32 + t] = (float) (a * sin (4 * G_PI * t / 32) + b * exp (-(t - 16) * (t - 16) / 8.0)
                                   + 0.05 * cw_rng_normal (&rng));
      d.y[i] = (float) (offset + gain * (3 * a - 2 * b));
    }
  return d;
}

/* Three classes by where a peak sits (t = 8, 16, 24, jitter +-1), amplitude 1 +- 0.2, noise 0.1;
 * targets one-hot. */
static data
make_classes (int n, uint64_t seed)
{
  data d = { n, 1, 32, 3, g_new (float, n * 32), g_new0 (float, n * 3) };
  cw_rng rng;
  cw_rng_seed (&rng, seed);
  for (int i = 0; i < n; i++)
    {
      int cls = i % 3;
      double centre = 8 + 8 * cls + (double) cw_rng_below (&rng, 3) - 1;
      double amp = 1 + 0.2 * (2 * cw_rng_uniform (&rng) - 1);
      for (int t = 0; t < 32; t++)
        d.x[i * 32 + t] = (float) (amp * exp (-(t - centre) * (t - centre) / 4.0) + 0.1 * cw_rng_normal (&rng));
      d.y[i * 3 + cls] = 1;
    }
  return d;
}

/* ---- models ---- */

static void
add_conv (cw_spec *s, int filters, int kernel)
{
  cw_layer_spec l = cw_layer_spec_default (CW_LAYER_CONV);
  l.units = filters;
  l.kernel = kernel;
  cw_spec_append (s, &l);
}

static void
add_dense (cw_spec *s, int units)
{
  cw_layer_spec l = cw_layer_spec_default (CW_LAYER_DENSE);
  l.units = units;
  cw_spec_append (s, &l);
}

static void
add_layer (cw_spec *s, cw_layer_type type)
{
  cw_layer_spec l = cw_layer_spec_default (type);
  cw_spec_append (s, &l);
}

static void
add_act (cw_spec *s, cw_activation act)
{
  cw_layer_spec l = cw_activation_spec (act);
  cw_spec_append (s, &l);
}

/* conv(4,k=5) [batchnorm] relu [maxpool(2)] flatten dense(k) */
static cw_model *
small_cnn (int in_l, cw_task task, int k, bool batchnorm, bool pool)
{
  cw_spec *s = cw_spec_new ();
  add_conv (s, 4, 5);
  if (batchnorm)
    add_layer (s, CW_LAYER_BATCHNORM);
  add_act (s, CW_ACT_RELU);
  if (pool)
    add_layer (s, CW_LAYER_MAXPOOL);
  add_layer (s, CW_LAYER_FLATTEN);
  add_dense (s, k);
  cw_error err;
  cw_model *m = cw_model_new (s, 1, in_l, task, k, &err);
  if (!m)
    g_error ("model: %s", err.message);
  cw_spec_free (s);
  return m;
}

/* ---- callbacks ---- */

typedef struct {
  int batch_calls, epoch_calls;
  int abort_after;           /* should_abort says yes once this many batches ran; -1 = never */
  cw_model *model;
  size_t n_params, n_state;
  GArray *epoch_params;      /* params at every epoch end, concatenated */
  GArray *epoch_state;
  float *after, *before;     /* params after the last step, and after the one before */
  double last_val_metric;
  int last_val_n;
  bool monotonic_ok;         /* epoch/batch numbering as documented */
  int prev_epoch, prev_batch;
} watcher;

static void
watcher_init (watcher *w, cw_model *m, int abort_after)
{
  memset (w, 0, sizeof *w);
  w->model = m;
  w->abort_after = abort_after;
  w->n_params = cw_model_n_params (m);
  w->n_state = cw_model_n_state (m);
  w->epoch_params = g_array_new (FALSE, FALSE, sizeof (float));
  w->epoch_state = g_array_new (FALSE, FALSE, sizeof (float));
  w->after = g_new (float, w->n_params);
  w->before = g_new (float, w->n_params);
  memcpy (w->after, cw_model_params (m), w->n_params * sizeof (float));
  memcpy (w->before, w->after, w->n_params * sizeof (float));
  w->monotonic_ok = true;
  w->prev_epoch = 1;
}

static void
watcher_clear (watcher *w)
{
  g_array_free (w->epoch_params, TRUE);
  g_array_free (w->epoch_state, TRUE);
  g_free (w->after);
  g_free (w->before);
}

static void
on_progress (const cw_progress *p, void *user)
{
  watcher *w = user;
  if (p->epoch_end)
    {
      w->epoch_calls++;
      g_array_append_vals (w->epoch_params, cw_model_params (w->model), (guint) w->n_params);
      g_array_append_vals (w->epoch_state, cw_model_state (w->model), (guint) w->n_state);
      w->last_val_n = p->val_metrics.n;
      w->last_val_metric = p->val_metrics.task == CW_TASK_REGRESSION ? p->val_metrics.rmse
                                                                      : p->val_metrics.accuracy;
      if (p->batch != p->batches || !isfinite (p->train_loss))
        w->monotonic_ok = false;
      return;
    }
  w->batch_calls++;
  if (p->epoch < w->prev_epoch || (p->epoch == w->prev_epoch && p->batch != w->prev_batch + 1)
      || (p->epoch > w->prev_epoch && p->batch != 1) || !isnan (p->val_loss) || p->eta_s < 0
      || !(p->samples_per_s > 0) || p->elapsed_s < 0)
    w->monotonic_ok = false;
  w->prev_epoch = p->epoch;
  w->prev_batch = p->batch;
  memcpy (w->before, w->after, w->n_params * sizeof (float));
  memcpy (w->after, cw_model_params (w->model), w->n_params * sizeof (float));
}

static bool
on_should_abort (void *user)
{
  watcher *w = user;
  return w->abort_after >= 0 && w->batch_calls >= w->abort_after;
}

static bool
all_finite (const float *v, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (!isfinite (v[i]))
      return false;
  return true;
}

/* ---- metrics ---- */

/* pred [1,2,3] vs y [1,2,5]: SSE 4, RMSE sqrt(4/3), MAE 2/3, SST 78/9 -> R^2 = 1 - 36/78. Two outputs
 * average: the second output is predicted perfectly (RMSE 0, MAE 0, R^2 1). */
static void
test_metrics_regression (void)
{
  const float pred[] = { 1, 10, 2, 20, 3, 40 };
  const float y[] = { 1, 10, 2, 20, 5, 40 };
  cw_metrics m;
  cw_metrics_compute (CW_TASK_REGRESSION, pred, y, 3, 2, &m);
  g_assert_cmpint (m.n, ==, 3);
  g_assert_cmpfloat_with_epsilon (m.rmse, sqrt (4.0 / 3) / 2, 1e-9);
  g_assert_cmpfloat_with_epsilon (m.mae, 2.0 / 3 / 2, 1e-9);
  g_assert_cmpfloat_with_epsilon (m.r2, (1 - 36.0 / 78 + 1) / 2, 1e-9);
  g_assert_null (m.confusion);
  cw_metrics_clear (&m);

  /* constant targets: R^2 undefined */
  const float flat[] = { 2, 2 }, guess[] = { 1, 3 };
  cw_metrics_compute (CW_TASK_REGRESSION, guess, flat, 2, 1, &m);
  g_assert_true (isnan (m.r2));
  g_assert_cmpfloat_with_epsilon (m.rmse, 1, 1e-12);
  cw_metrics_clear (&m);
}

/* 3 classes, 6 rows: true 0 0 1 1 2 2, predicted 0 1 1 1 0 2 ->
 * confusion [[1,1,0],[0,2,0],[1,0,1]], accuracy 4/6, precision [1/2, 2/3, 1], recall [1/2, 1, 1/2]. */
static void
test_metrics_multiclass (void)
{
  const int truth[] = { 0, 0, 1, 1, 2, 2 }, guess[] = { 0, 1, 1, 1, 0, 2 };
  float y[18] = { 0 }, p[18];
  for (int i = 0; i < 6; i++)
    {
      y[i * 3 + truth[i]] = 1;
      for (int j = 0; j < 3; j++)
        p[i * 3 + j] = j == guess[i] ? 0.6f : 0.2f;
    }
  cw_metrics m;
  cw_metrics_compute (CW_TASK_MULTICLASS, p, y, 6, 3, &m);
  g_assert_cmpint (m.n_classes, ==, 3);
  const long want[] = { 1, 1, 0, 0, 2, 0, 1, 0, 1 };
  for (int i = 0; i < 9; i++)
    g_assert_cmpint (m.confusion[i], ==, want[i]);
  g_assert_cmpfloat_with_epsilon (m.accuracy, 4.0 / 6, 1e-12);
  const double prec[] = { 0.5, 2.0 / 3, 1 }, rec[] = { 0.5, 1, 0.5 };
  for (int c = 0; c < 3; c++)
    {
      g_assert_cmpfloat_with_epsilon (m.precision[c], prec[c], 1e-12);
      g_assert_cmpfloat_with_epsilon (m.recall[c], rec[c], 1e-12);
    }
  cw_metrics_clear (&m);
  g_assert_null (m.confusion);

  /* a class never predicted and never present: precision and recall undefined */
  const float y2[] = { 1, 0, 0, 0, 1, 0 }, p2[] = { 0.9f, 0.1f, 0, 0.2f, 0.7f, 0.1f };
  cw_metrics_compute (CW_TASK_MULTICLASS, p2, y2, 2, 3, &m);
  g_assert_cmpfloat (m.accuracy, ==, 1);
  g_assert_true (isnan (m.precision[2]));
  g_assert_true (isnan (m.recall[2]));
  cw_metrics_clear (&m);
}

/* Binary at threshold 0.5: truth 1 1 0 0 0, probabilities .9 .4 .6 .1 .2 ->
 * confusion [[2,1],[1,1]], accuracy 3/5, precision(1) = 1/2, recall(1) = 1/2, precision(0) = 2/3. */
static void
test_metrics_binary (void)
{
  const float y[] = { 1, 1, 0, 0, 0 }, p[] = { 0.9f, 0.4f, 0.6f, 0.1f, 0.2f };
  cw_metrics m;
  cw_metrics_compute (CW_TASK_BINARY, p, y, 5, 1, &m);
  g_assert_cmpint (m.n_classes, ==, 2);
  const long want[] = { 2, 1, 1, 1 };
  for (int i = 0; i < 4; i++)
    g_assert_cmpint (m.confusion[i], ==, want[i]);
  g_assert_cmpfloat_with_epsilon (m.accuracy, 0.6, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.precision[1], 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.recall[1], 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.precision[0], 2.0 / 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.recall[0], 2.0 / 3, 1e-12);
  cw_metrics_clear (&m);
}

/* Two labels over 4 rows: label 0 all right; label 1 truth 1 0 1 0, predicted 1 1 0 0 ->
 * accuracy (4 + 2) / 8, label 1 precision 1/2 recall 1/2, label 0 precision/recall 1. */
static void
test_metrics_multilabel (void)
{
  const float y[] = { 1, 1, 0, 0, 1, 1, 0, 0 };
  const float p[] = { 0.8f, 0.7f, 0.1f, 0.6f, 0.9f, 0.2f, 0.3f, 0.1f };
  cw_metrics m;
  cw_metrics_compute (CW_TASK_MULTILABEL, p, y, 4, 2, &m);
  g_assert_cmpint (m.n_classes, ==, 2);
  g_assert_cmpfloat_with_epsilon (m.accuracy, 6.0 / 8, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.precision[0], 1, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.recall[0], 1, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.precision[1], 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (m.recall[1], 0.5, 1e-12);
  /* label 1 block [t0p0, t0p1, t1p0, t1p1] = [1, 1, 1, 1] */
  for (int i = 0; i < 4; i++)
    g_assert_cmpint (m.confusion[4 + i], ==, 1);
  cw_metrics_clear (&m);
}

/* ---- helpers of the loop ---- */

static void
test_xy_select (void)
{
  const float x[] = { 0, 0, 1, 1, 2, 2, 3, 3, 4, 4 }, y[] = { 10, 11, 12, 13, 14 };
  const unsigned char is_val[] = { 0, 1, 0, 0, 1 };
  cw_xy tr = cw_xy_select (x, y, 5, 2, 1, is_val, false);
  cw_xy va = cw_xy_select (x, y, 5, 2, 1, is_val, true);
  g_assert_cmpint (tr.n, ==, 3);
  g_assert_cmpint (va.n, ==, 2);
  const float want_tx[] = { 0, 0, 2, 2, 3, 3 }, want_ty[] = { 10, 12, 13 };
  for (int i = 0; i < 6; i++)
    g_assert_cmpfloat (tr.x[i], ==, want_tx[i]);
  for (int i = 0; i < 3; i++)
    g_assert_cmpfloat (tr.y[i], ==, want_ty[i]);
  g_assert_cmpfloat (va.x[2], ==, 4);
  g_assert_cmpfloat (va.y[0], ==, 11);
  g_assert_cmpfloat (va.y[1], ==, 14);
  cw_xy_free (&tr);
  cw_xy_free (&va);
  g_assert_null (tr.x);
  g_assert_cmpint (tr.n, ==, 0);
}

static void
test_config_default (void)
{
  cw_train_config c = cw_train_config_default (CW_TASK_MULTICLASS);
  g_assert_cmpint (c.epochs, ==, 100);
  g_assert_cmpint (c.batch, ==, 32);
  g_assert_cmpuint (c.seed, ==, 1);
  g_assert_true (c.init_weights && c.shuffle && c.restore_best && c.standardize_targets && c.train_metrics);
  g_assert_cmpint (c.loss, ==, CW_LOSS_CROSS_ENTROPY);
  g_assert_cmpint (c.optimizer.type, ==, CW_OPT_ADAM);
  g_assert_cmpfloat_with_epsilon (c.optimizer.lr, 1e-3, 1e-10);
  g_assert_cmpint (c.schedule.type, ==, CW_SCHED_CONSTANT);
  g_assert_cmpint (c.patience, ==, 0);
  g_assert_cmpint (c.input_scaling, ==, CW_SCALE_PER_FEATURE);
  g_assert_false (cw_augment_active (&c.augment));
  g_assert_cmpint (cw_train_config_default (CW_TASK_REGRESSION).loss, ==, CW_LOSS_MSE);
}

static void
test_invalid (void)
{
  data d = make_regression (10, 1, 0, 1);
  cw_model *m = small_cnn (32, CW_TASK_REGRESSION, 1, false, false);
  cw_train_config c = cw_train_config_default (CW_TASK_REGRESSION);
  cw_error err;
  cw_xy none = { NULL, NULL, 0 };
  c.epochs = 0;
  g_assert_cmpint (cw_train (m, &c, xy (&d, 0, 10), none, NULL, NULL, &err), ==, CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "Epochs"));
  c.epochs = 2;
  c.optimizer.lr = -1;
  g_assert_cmpint (cw_train (m, &c, xy (&d, 0, 10), none, NULL, NULL, &err), ==, CW_ERR_INVALID_ARGUMENT);
  c.optimizer.lr = 1e-3f;
  g_assert_cmpint (cw_train (m, &c, xy (&d, 0, 0), none, NULL, NULL, &err), ==, CW_ERR_INVALID_ARGUMENT);
  d.x[2 * 32 + 5] = NAN;
  g_assert_cmpint (cw_train (m, &c, xy (&d, 0, 10), none, NULL, NULL, &err), ==, CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "row 3"));
  cw_model_free (m);
  data_free (&d);
}

/* ---- training ---- */

/* A linear target in odd units: validation R^2 > 0.95 in user units, the loss falls, progress arrives
 * after every batch and epoch, and the history's validation RMSE is what predict gives afterwards. */
static void
test_regression (void)
{
  data d = make_regression (200, 11, 1000, 50);
  cw_model *m = small_cnn (32, CW_TASK_REGRESSION, 1, false, false);
  cw_train_config c = cw_train_config_default (CW_TASK_REGRESSION);
  c.epochs = 40;
  c.batch = 16;
  c.optimizer.lr = 3e-3f;
  c.restore_best = false;
  c.seed = 3;
  watcher w;
  watcher_init (&w, m, -1);
  cw_train_callbacks cb = { on_progress, on_should_abort, &w };
  cw_history h;
  cw_error err;
  cw_status st = cw_train (m, &c, xy (&d, 0, 160), xy (&d, 160, 40), &cb, &h, &err);
  g_assert_cmpint (st, ==, CW_OK);
  g_assert_cmpint (h.epochs, ==, 40);
  g_assert_false (h.stopped_early);
  g_assert_cmpint (w.batch_calls, ==, 40 * 10);
  g_assert_cmpint (w.epoch_calls, ==, 40);
  g_assert_true (w.monotonic_ok);
  g_assert_cmpint (w.last_val_n, ==, 40);
  g_test_message ("regression: train loss %.4f -> %.4f, val loss %.4f -> %.4f, val RMSE %.3f",
                  h.train_loss[0], h.train_loss[39], h.val_loss[0], h.val_loss[39], h.val_metric[39]);
  g_assert_cmpfloat (h.train_loss[39], <, 0.1 * h.train_loss[0]);
  g_assert_cmpfloat (h.val_loss[39], <, 0.1 * h.val_loss[0]);
  for (int e = 0; e < 40; e++)
    g_assert_cmpfloat (h.lr[e], ==, c.optimizer.lr);

  /* predictions in user units */
  float pred[40];
  g_assert_cmpint (cw_model_predict (m, d.x + 160 * 32, 40, pred, &err), ==, CW_OK);
  cw_metrics vm;
  cw_metrics_compute (CW_TASK_REGRESSION, pred, d.y + 160, 40, 1, &vm);
  g_test_message ("regression: val R2 %.4f RMSE %.3f (target SD about %.0f)", vm.r2, vm.rmse, 50 * sqrt (13.0 / 3));
  g_assert_cmpfloat (vm.r2, >, 0.95);
  g_assert_cmpfloat (vm.rmse, ==, h.val_metric[39]);
  g_assert_cmpfloat (vm.rmse, ==, w.last_val_metric);
  cw_metrics_clear (&vm);

  /* the validation loss of the history is the model-space loss cw_evaluate_loss computes */
  double vl = cw_evaluate_loss (m, CW_LOSS_MSE, xy (&d, 160, 40));
  g_assert_cmpfloat_with_epsilon (vl, h.val_loss[39], 1e-12 + 1e-9 * vl);
  /* ... which is the MSE of the predictions measured in target SDs */
  double sd = cw_model_target_scale (m)[0], mse = 0;
  for (int i = 0; i < 40; i++)
    mse += (pred[i] - d.y[160 + i]) * (pred[i] - d.y[160 + i]) / (sd * sd);
  g_assert_cmpfloat_with_epsilon (vl, mse / 40, 1e-4 * vl);

  cw_history_clear (&h);
  g_assert_null (h.train_loss);
  watcher_clear (&w);
  cw_model_free (m);
  data_free (&d);
}

/* Peak position decides the class: validation accuracy above 95 %. */
static void
test_classification (void)
{
  data d = make_classes (240, 5);
  cw_model *m = small_cnn (32, CW_TASK_MULTICLASS, 3, false, true);
  cw_train_config c = cw_train_config_default (CW_TASK_MULTICLASS);
  c.epochs = 30;
  c.batch = 16;
  c.optimizer.lr = 5e-3f;
  c.seed = 9;
  c.schedule.type = CW_SCHED_COSINE;
  c.schedule.min_lr = 1e-4f;
  watcher w;
  watcher_init (&w, m, -1);
  cw_train_callbacks cb = { on_progress, NULL, &w };
  cw_history h;
  cw_error err;
  g_assert_cmpint (cw_train (m, &c, xy (&d, 0, 180), xy (&d, 180, 60), &cb, &h, &err), ==, CW_OK);
  g_test_message ("classification: loss %.3f -> %.3f, val accuracy %.3f at best epoch %d", h.train_loss[0],
                  h.train_loss[29], h.val_metric[h.best_epoch - 1], h.best_epoch);
  g_assert_cmpfloat (h.train_loss[29], <, 0.2 * h.train_loss[0]);
  for (int e = 0; e < 30; e++)
    g_assert_cmpfloat_with_epsilon (h.lr[e], cw_schedule_lr (&c.schedule, c.optimizer.lr, e, 30), 1e-9);
  g_assert_cmpfloat_with_epsilon (h.lr[29], 1e-4, 1e-9);

  float prob[60 * 3];
  g_assert_cmpint (cw_model_predict (m, d.x + 180 * 32, 60, prob, &err), ==, CW_OK);
  for (int i = 0; i < 60; i++)
    g_assert_cmpfloat_with_epsilon (prob[i * 3] + prob[i * 3 + 1] + prob[i * 3 + 2], 1, 1e-5);
  cw_metrics vm;
  cw_metrics_compute (CW_TASK_MULTICLASS, prob, d.y + 180 * 3, 60, 3, &vm);
  g_assert_cmpfloat (vm.accuracy, >, 0.95);
  long total = 0;
  for (int i = 0; i < 9; i++)
    total += vm.confusion[i];
  g_assert_cmpint (total, ==, 60);
  g_assert_cmpfloat (vm.accuracy, ==, h.val_metric[h.best_epoch - 1]); /* restore_best: the best epoch */
  cw_metrics_clear (&vm);
  cw_history_clear (&h);
  watcher_clear (&w);
  cw_model_free (m);
  data_free (&d);
}

/* Scaling is fitted on the training rows only and stored in the model. */
static void
test_scaling_stored (void)
{
  data d = make_regression (60, 21, 500, 20);
  /* shift the validation rows so that using them would show in the means */
  for (int i = 40 * 32; i < 60 * 32; i++)
    d.x[i] += 100;
  d.x[3 * 32 + 7] = 0; /* feature 7 differs in one row only ... */
  for (int i = 0; i < 40; i++)
    d.x[i * 32 + 9] = 2.5f; /* ... and feature 9 is constant: SD 0 -> scale 1 */
  cw_model *m = small_cnn (32, CW_TASK_REGRESSION, 1, false, false);
  cw_train_config c = cw_train_config_default (CW_TASK_REGRESSION);
  c.epochs = 2;
  cw_error err;
  g_assert_cmpint (cw_train (m, &c, xy (&d, 0, 40), xy (&d, 40, 20), NULL, NULL, &err), ==, CW_OK);
  const float *mean = cw_model_input_mean (m), *scale = cw_model_input_scale (m);
  g_assert_nonnull (mean);
  for (int t = 0; t < 32; t++)
    {
      double s = 0, ss = 0;
      for (int i = 0; i < 40; i++)
        s += d.x[i * 32 + t];
      double mu = s / 40;
      for (int i = 0; i < 40; i++)
        ss += (d.x[i * 32 + t] - mu) * (d.x[i * 32 + t] - mu);
      double sd = sqrt (ss / 39);
      g_assert_cmpfloat_with_epsilon (mean[t], mu, 1e-5);
      g_assert_cmpfloat_with_epsilon (scale[t], sd > 0 ? sd : 1, 1e-5);
    }
  g_assert_cmpfloat (scale[9], ==, 1);
  double ys = 0, yss = 0;
  for (int i = 0; i < 40; i++)
    ys += d.y[i];
  for (int i = 0; i < 40; i++)
    yss += (d.y[i] - ys / 40) * (d.y[i] - ys / 40);
  g_assert_cmpfloat_with_epsilon (cw_model_target_mean (m)[0], ys / 40, 1e-3);
  g_assert_cmpfloat_with_epsilon (cw_model_target_scale (m)[0], sqrt (yss / 39), 1e-3);

  /* per channel: one mean and SD per channel, over rows and positions */
  c.input_scaling = CW_SCALE_PER_CHANNEL;
  g_assert_cmpint (cw_train (m, &c, xy (&d, 0, 40), xy (&d, 40, 20), NULL, NULL, &err), ==, CW_OK);
  double s = 0, ss = 0;
  for (int i = 0; i < 40 * 32; i++)
    s += d.x[i];
  for (int i = 0; i < 40 * 32; i++)
    ss += (d.x[i] - s / 1280) * (d.x[i] - s / 1280);
  for (int t = 0; t < 32; t++)
    {
      g_assert_cmpfloat_with_epsilon (cw_model_input_mean (m)[t], s / 1280, 1e-5);
      g_assert_cmpfloat_with_epsilon (cw_model_input_scale (m)[t], sqrt (ss / 1279), 1e-5);
    }

  /* none: identity, and classification never scales targets */
  c.input_scaling = CW_SCALE_NONE;
  c.standardize_targets = false;
  g_assert_cmpint (cw_train (m, &c, xy (&d, 0, 40), xy (&d, 40, 20), NULL, NULL, &err), ==, CW_OK);
  g_assert_null (cw_model_input_mean (m));
  g_assert_null (cw_model_input_scale (m));
  g_assert_null (cw_model_target_mean (m));
  cw_model_free (m);
  data_free (&d);
}

/* Validation targets unrelated to the signals: the validation loss soon stops improving, training stops
 * `patience` epochs after the best one and puts back that epoch's weights and batchnorm statistics. */
static void
test_early_stopping (void)
{
  data d = make_regression (120, 31, 0, 1);
  cw_rng rng;
  cw_rng_seed (&rng, 99);
  for (int i = 80; i < 120; i++)
    d.y[i] = (float) (3 * cw_rng_normal (&rng));
  cw_model *m = small_cnn (32, CW_TASK_REGRESSION, 1, true, false);
  g_assert_cmpuint (cw_model_n_state (m), >, 0);
  cw_train_config c = cw_train_config_default (CW_TASK_REGRESSION);
  c.epochs = 200;
  c.batch = 16;
  c.optimizer.lr = 1e-2f;
  c.patience = 4;
  c.min_delta = 0.001f;
  watcher w;
  watcher_init (&w, m, -1);
  cw_train_callbacks cb = { on_progress, NULL, &w };
  cw_history h;
  cw_error err;
  g_assert_cmpint (cw_train (m, &c, xy (&d, 0, 80), xy (&d, 80, 40), &cb, &h, &err), ==, CW_OK);
  g_test_message ("early stopping after %d epochs, best %d", h.epochs, h.best_epoch);
  g_assert_true (h.stopped_early);
  g_assert_cmpint (h.epochs, <, 200);
  g_assert_cmpint (h.epochs, ==, h.best_epoch + c.patience);
  /* the best epoch improved on every earlier best by more than min_delta; none after it did */
  double best = INFINITY;
  int want_best = 0;
  for (int e = 0; e < h.epochs; e++)
    if (h.val_loss[e] < best - c.min_delta)
      {
        best = h.val_loss[e];
        want_best = e + 1;
      }
  g_assert_cmpint (h.best_epoch, ==, want_best);
  /* weights and batchnorm state are those at the end of the best epoch */
  const float *bp = &g_array_index (w.epoch_params, float, (h.best_epoch - 1) * w.n_params);
  const float *bs = &g_array_index (w.epoch_state, float, (h.best_epoch - 1) * w.n_state);
  const float *lp = &g_array_index (w.epoch_params, float, (h.epochs - 1) * w.n_params);
  g_assert_cmpint (memcmp (cw_model_params (m), bp, w.n_params * sizeof (float)), ==, 0);
  g_assert_cmpint (memcmp (cw_model_state (m), bs, w.n_state * sizeof (float)), ==, 0);
  g_assert_cmpint (memcmp (cw_model_params (m), lp, w.n_params * sizeof (float)), !=, 0);
  g_assert_cmpfloat (cw_evaluate_loss (m, CW_LOSS_MSE, xy (&d, 80, 40)), ==, h.val_loss[h.best_epoch - 1]);
  cw_history_clear (&h);
  watcher_clear (&w);
  cw_model_free (m);
  data_free (&d);
}

/* should_abort says yes after 7 batches (5 per epoch: in the middle of epoch 2): exactly 7 batches ran,
 * one epoch is in the history, and the weights are those of the 7th batch. */
static void
test_abort (void)
{
  data d = make_regression (80, 41, 0, 1);
  cw_model *m = small_cnn (32, CW_TASK_REGRESSION, 1, false, false);
  cw_train_config c = cw_train_config_default (CW_TASK_REGRESSION);
  c.epochs = 10;
  c.batch = 16;
  c.restore_best = false;
  watcher w;
  watcher_init (&w, m, 7);
  cw_train_callbacks cb = { on_progress, on_should_abort, &w };
  cw_history h;
  cw_error err;
  g_assert_cmpint (cw_train (m, &c, xy (&d, 0, 80), (cw_xy) { NULL, NULL, 0 }, &cb, &h, &err), ==,
                   CW_ERR_ABORTED);
  g_assert_cmpint (w.batch_calls, ==, 7);
  g_assert_cmpint (w.epoch_calls, ==, 1);
  g_assert_cmpint (h.epochs, ==, 1);
  g_assert_cmpint (err.status, ==, CW_ERR_ABORTED);
  g_assert_cmpint (memcmp (cw_model_params (m), w.after, w.n_params * sizeof (float)), ==, 0);
  cw_history_clear (&h);
  watcher_clear (&w);

  /* asked before the first batch: nothing runs */
  watcher_init (&w, m, 0);
  g_assert_cmpint (cw_train (m, &c, xy (&d, 0, 80), (cw_xy) { NULL, NULL, 0 }, &cb, &h, &err), ==,
                   CW_ERR_ABORTED);
  g_assert_cmpint (w.batch_calls, ==, 0);
  g_assert_cmpint (h.epochs, ==, 0);
  cw_history_clear (&h);
  watcher_clear (&w);
  cw_model_free (m);
  data_free (&d);
}

/* Plain SGD with a learning rate of 1e8 blows up within a few batches: CW_ERR_NONFINITE with a message
 * that says what to do, and the weights that gave the last finite loss are back in place. */
static void
test_nonfinite (void)
{
  data d = make_regression (64, 51, 0, 1);
  cw_model *m = small_cnn (32, CW_TASK_REGRESSION, 1, false, false);
  cw_model_init_weights (m, 4);
  cw_train_config c = cw_train_config_default (CW_TASK_REGRESSION);
  c.init_weights = false;
  c.epochs = 50;
  c.batch = 8;
  c.optimizer = cw_optimizer_config_default (CW_OPT_SGD);
  c.optimizer.momentum = 0;
  c.optimizer.lr = 1e8f;
  watcher w;
  watcher_init (&w, m, -1);
  cw_train_callbacks cb = { on_progress, NULL, &w };
  cw_history h;
  cw_error err;
  g_assert_cmpint (cw_train (m, &c, xy (&d, 0, 64), (cw_xy) { NULL, NULL, 0 }, &cb, &h, &err), ==,
                   CW_ERR_NONFINITE);
  g_test_message ("%d good batches; %s", w.batch_calls, err.message);
  g_assert_cmpint (err.status, ==, CW_ERR_NONFINITE);
  g_assert_true (strstr (err.message, "NaN") || strstr (err.message, "infinite") || strstr (err.message, "diverged"));
  g_assert_nonnull (strstr (err.message, "Lower the learning rate"));
  g_assert_nonnull (strstr (err.message, "batch"));
  g_assert_cmpint (w.batch_calls, >=, 1);
  g_assert_true (all_finite (cw_model_params (m), cw_model_n_params (m)));
  /* the weights before the last successful step, i.e. those whose loss was the last finite one */
  g_assert_cmpint (memcmp (cw_model_params (m), w.before, w.n_params * sizeof (float)), ==, 0);
  cw_history_clear (&h);
  watcher_clear (&w);
  cw_model_free (m);
  data_free (&d);
}




#define DIVERGING_LR 3.0f
/* A learning rate that makes the loss explode while it stays finite (lr 100 reached 1e28 in the CLI) is
 * stopped as soon as the loss passes a million times its start, with the last good weights kept. */
static void
test_diverged (void)
{
  data d = make_regression (64, 51, 0, 1);
  cw_model *m = small_cnn (32, CW_TASK_REGRESSION, 1, false, false);
  cw_model_init_weights (m, 4);
  cw_train_config c = cw_train_config_default (CW_TASK_REGRESSION);
  c.init_weights = false;
  c.epochs = 50;
  c.batch = 8;
  c.optimizer = cw_optimizer_config_default (CW_OPT_SGD);
  c.optimizer.momentum = 0;
  c.optimizer.lr = DIVERGING_LR;
  watcher w;
  watcher_init (&w, m, -1);
  cw_train_callbacks cb = { on_progress, NULL, &w };
  cw_history h;
  cw_error err;
  g_assert_cmpint (cw_train (m, &c, xy (&d, 0, 64), (cw_xy) { NULL, NULL, 0 }, &cb, &h, &err), ==,
                   CW_ERR_NONFINITE);
  g_test_message ("%s", err.message);
  g_assert_nonnull (strstr (err.message, "diverged"));
  g_assert_true (all_finite (cw_model_params (m), cw_model_n_params (m)));
  g_assert_cmpint (memcmp (cw_model_params (m), w.before, w.n_params * sizeof (float)), ==, 0);
  cw_history_clear (&h);
  watcher_clear (&w);
  cw_model_free (m);
  data_free (&d);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/metrics/regression", test_metrics_regression);
  g_test_add_func ("/metrics/multiclass", test_metrics_multiclass);
  g_test_add_func ("/metrics/binary", test_metrics_binary);
  g_test_add_func ("/metrics/multilabel", test_metrics_multilabel);
  g_test_add_func ("/train/xy-select", test_xy_select);
  g_test_add_func ("/train/config-default", test_config_default);
  g_test_add_func ("/train/invalid", test_invalid);
  g_test_add_func ("/train/regression", test_regression);
  g_test_add_func ("/train/classification", test_classification);
  g_test_add_func ("/train/scaling-stored", test_scaling_stored);
  g_test_add_func ("/train/early-stopping", test_early_stopping);
  g_test_add_func ("/train/abort", test_abort);
  g_test_add_func ("/train/nonfinite", test_nonfinite);
  g_test_add_func ("/train/diverged", test_diverged);
  return g_test_run ();
}
