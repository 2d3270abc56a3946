/* test-train-schedule.c — what the training loop adds around the optimizer: ReduceLROnPlateau (against
 * PyTorch's scheduler and its rule replayed on the recorded losses), augmentation in input units (the
 * batch the model sees, un-standardised, differs from the raw rows by exactly the drawn perturbation),
 * and the validation predictions handed to the progress callback. */
#include "cw.h"
#include "cw-train-private.h"

#include <glib.h>
#include <math.h>
#include <string.h>

/* ---- data and models ---- */

typedef struct {
  int n, l;
  float *x, *y;
} data;

static void
data_free (data *d)
{
  g_free (d->x);
  g_free (d->y);
}

static cw_xy
rows (const data *d, int from, int n)
{
  return (cw_xy) { d->x + (size_t) from * d->l, d->y + from, n };
}

/* x_t = base + a sin(4 pi t / L) + b exp(-(t - L/2)^2 / 8) + N(0, 0.05^2), y = 3a - 2b, a, b ~ U(-1, 1).
 * A target linear in the signal; base puts the signal in units far from standardised. */
static data
make_signals (int n, int l, uint64_t seed, double base)
{
  data d = { n, l, g_new (float, (size_t) n * l), g_new (float, n) };
  cw_rng rng;
  cw_rng_seed (&rng, seed);
  for (int i = 0; i < n; i++)
    {
      double a = 2 * cw_rng_uniform (&rng) - 1, b = 2 * cw_rng_uniform (&rng) - 1;
      for (int t = 0; t < l; t++)
        d.x[(size_t) i * l + t] = (float) (base + a * sin (4 * G_PI * t / l)
                                           + b * exp (-(t - l / 2) * (t - l / 2) / 8.0)
                                           + 0.05 * cw_rng_normal (&rng));
      d.y[i] = (float) (3 * a - 2 * b);
    }
  return d;
}

static cw_model *
model_of (const char *spec_text, int l)
{
  cw_error err;
  cw_spec *s = cw_spec_parse (spec_text, &err);
  if (!s)
    g_error ("spec: %s", err.message);
  cw_model *m = cw_model_new (s, 1, l, CW_TASK_REGRESSION, 1, &err);
  if (!m)
    g_error ("model: %s", err.message);
  cw_spec_free (s);
  return m;
}

/* ---- ReduceLROnPlateau ---- */

/* The rule against PyTorch 1.13 itself. Reference computed offline with /usr/bin/python3:
 *   p = torch.zeros(1, requires_grad=True); opt = torch.optim.SGD([p], lr=LR)
 *   sch = ReduceLROnPlateau(opt, mode='min', factor=F, patience=P, threshold=1e-4, threshold_mode='rel',
 *                           cooldown=0, min_lr=MIN)
 *   for loss in losses: record opt.param_groups[0]['lr']; sch.step(loss)   (then record once more)
 * with the float settings widened exactly (LR = float(np.float32(0.1)), ...), printed with repr().
 * Sequence A (P 2, F 0.3f, floor 0.004f): a loss equal to best (1 - 1e-4) is no improvement, the next
 * double below is; 0.49996 is within the threshold of 0.5; drops after epochs 4, 9, 12; the drop after
 * epoch 16 would go below the floor, which is where the rate already is, so it is skipped.
 * Sequence B (P 0, F 0.5, floor 0): a drop at every epoch without improvement, until a drop of
 * 6.25e-9 is not above PyTorch's eps of 1e-8 and the rate stays. */
static void
test_plateau_rule_matches_pytorch (void)
{
  const double losses_a[] = { 1.0, 0.9999, 1.2, 1.0, 0.9998999999999999, 0.5, 0.5, 0.49996, 0.7, 0.6, 0.6,
                              0.6, 0.3, 0.3, 0.3, 0.3, 0.29, 0.29 };
  const double torch_a[] = { 0.10000000149011612, 0.10000000149011612, 0.10000000149011612,
                             0.10000000149011612, 0.03000000163912775, 0.03000000163912775,
                             0.03000000163912775, 0.03000000163912775, 0.03000000163912775,
                             0.009000000849366212, 0.009000000849366212, 0.009000000849366212,
                             0.004000000189989805, 0.004000000189989805, 0.004000000189989805,
                             0.004000000189989805, 0.004000000189989805, 0.004000000189989805,
                             0.004000000189989805 };
  g_assert_true (1.0 * (1.0 - 1e-4) == 0.9999); /* the threshold case really is the threshold */
  cw_schedule sa = { .type = CW_SCHED_PLATEAU, .step_epochs = 2, .gamma = 0.3f, .min_lr = 0.004f };
  cw_plateau p;
  cw_plateau_init (&p, 0.1f);
  for (size_t e = 0; e < G_N_ELEMENTS (losses_a); e++)
    {
      g_assert_cmpfloat (p.lr, ==, torch_a[e]);
      cw_plateau_step (&p, &sa, losses_a[e]);
    }
  g_assert_cmpfloat (p.lr, ==, torch_a[G_N_ELEMENTS (losses_a)]);

  const double torch_b[] = { 5.000000058430487e-08, 5.000000058430487e-08, 2.5000000292152436e-08,
                             1.2500000146076218e-08, 1.2500000146076218e-08, 1.2500000146076218e-08,
                             1.2500000146076218e-08 };
  cw_schedule sb = { .type = CW_SCHED_PLATEAU, .step_epochs = 0, .gamma = 0.5f, .min_lr = 0 };
  cw_plateau_init (&p, 5e-8f);
  for (int e = 0; e < 6; e++)
    {
      g_assert_cmpfloat (p.lr, ==, torch_b[e]);
      cw_plateau_step (&p, &sb, 2.0);
    }
  g_assert_cmpfloat (p.lr, ==, torch_b[6]);
}

/* PyTorch's rule written out again, independently of the engine, to replay on a recorded history:
 * the rate each epoch trained with, from the losses of the epochs before it. */
static void
replay_plateau (const double *losses, int epochs, double lr, int patience, double factor, double min_lr,
                double *lr_of_epoch)
{
  double best = INFINITY;
  int bad = 0;
  for (int e = 0; e < epochs; e++)
    {
      lr_of_epoch[e] = lr;
      if (losses[e] < best * (1 - 1e-4))
        best = losses[e], bad = 0;
      else
        bad++;
      if (bad > patience)
        {
          double next = fmax (lr * factor, min_lr);
          if (lr - next > 1e-8)
            lr = next;
          bad = 0;
        }
    }
}

/* A loss that provably stalls: plain SGD at a rate of 1e-7 moves a dense model's loss by far less than
 * the 1e-4 relative threshold (checked below), so after epoch 1 no epoch improves. With patience 1 every
 * 2nd epoch without improvement (epochs 3, 5, 7, ...) halves the rate for the epochs after it:
 *   no floor:   1e-7 (1-3), 5e-8 (4-5), 2.5e-8 (6-7), 1.25e-8 (8-12): halving 1.25e-8 would lower it by
 *               6.25e-9, not more than PyTorch's eps 1e-8, so the rate stays;
 *   floor 3e-8: 1e-7 (1-3), 5e-8 (4-5), then max (2.5e-8, 3e-8) = 3e-8 (6-12), held by the floor.
 * The same sequences as PyTorch's ReduceLROnPlateau(factor=0.5, patience=1, min_lr=0 or float32(3e-8))
 * stepped with a constant loss, lr = float32(1e-7) (computed offline with /usr/bin/python3). */
static void
test_plateau_stalled_loss (void)
{
  data d = make_signals (48, 16, 7, 2.0);
  const float want[2][12] = {
    { 1e-7f, 1e-7f, 1e-7f, 5e-8f, 5e-8f, 2.5e-8f, 2.5e-8f, 1.25e-8f, 1.25e-8f, 1.25e-8f, 1.25e-8f, 1.25e-8f },
    { 1e-7f, 1e-7f, 1e-7f, 5e-8f, 5e-8f, 3e-8f, 3e-8f, 3e-8f, 3e-8f, 3e-8f, 3e-8f, 3e-8f },
  };
  const float floors[2] = { 0, 3e-8f };
  for (int run = 0; run < 2; run++)
    {
      cw_model *m = model_of ("flatten dense(1)", 16);
      cw_train_config c = cw_train_config_default (CW_TASK_REGRESSION);
      c.epochs = 12;
      c.batch = 16;
      c.optimizer = cw_optimizer_config_default (CW_OPT_SGD);
      c.optimizer.momentum = 0;
      c.optimizer.lr = 1e-7f;
      c.schedule = (cw_schedule) { .type = CW_SCHED_PLATEAU, .step_epochs = 1, .gamma = 0.5f,
                                   .min_lr = floors[run] };
      cw_history h;
      cw_error err;
      g_assert_cmpint (cw_train (m, &c, rows (&d, 0, 48), (cw_xy) { NULL, NULL, 0 }, NULL, &h, &err), ==,
                       CW_OK);
      g_assert_cmpint (h.epochs, ==, 12);
      g_test_message ("stalled loss: %.9f -> %.9f", h.train_loss[0], h.train_loss[11]);
      for (int e = 1; e < 12; e++)
        g_assert_cmpfloat (h.train_loss[e], >=, h.train_loss[0] * (1 - 1e-4)); /* the premise: a stall */
      for (int e = 0; e < 12; e++)
        g_assert_cmpfloat ((float) h.lr[e], ==, want[run][e]);
      cw_history_clear (&h);
      cw_model_free (m);
    }
  data_free (&d);
}

typedef struct {
  const double *lr_of_epoch; /* expected rate per epoch, filled before training */
  int mismatches;
} lr_watch;

static void
check_batch_lr (const cw_progress *p, void *user)
{
  lr_watch *w = user;
  if (w->lr_of_epoch && p->lr != (double) (float) w->lr_of_epoch[p->epoch - 1])
    w->mismatches++;
}

/* A real plateau: SGD on a linear model with inputs and targets that are independent N(0, 1) noise (a
 * well-conditioned least-squares problem with nothing to learn beyond the in-sample fit): the training
 * loss falls for some epochs and then settles, batches in a fixed order. The recorded rates are
 * PyTorch's rule replayed on the recorded losses, the drops happen (down to the floor), and they are the
 * rates the optimizer used: retraining one epoch at a time at a constant rate from the history gives the
 * same weights, bitwise. */
static void
test_plateau_in_training (void)
{
  const int n = 64, l = 8, epochs = 60;
  data d = { n, l, g_new (float, n * l), g_new (float, n) };
  cw_rng rng;
  cw_rng_seed (&rng, 99);
  for (int i = 0; i < n * l; i++)
    d.x[i] = (float) cw_rng_normal (&rng);
  for (int i = 0; i < n; i++)
    d.y[i] = (float) cw_rng_normal (&rng);
  cw_train_config c = cw_train_config_default (CW_TASK_REGRESSION);
  c.epochs = epochs;
  c.batch = 16;
  c.shuffle = false; /* so that one-epoch runs see the same batches */
  c.restore_best = false;
  c.optimizer = cw_optimizer_config_default (CW_OPT_SGD);
  c.optimizer.momentum = 0; /* no optimizer state to carry from one run to the next */
  c.optimizer.lr = 0.05f;
  c.schedule = (cw_schedule) { .type = CW_SCHED_PLATEAU, .step_epochs = 3, .gamma = 0.5f, .min_lr = 0.01f };
  c.seed = 4;
  cw_model *m = model_of ("flatten dense(1)", l);
  cw_history h;
  cw_error err;
  lr_watch watch = { NULL, 0 };
  cw_train_callbacks cb = { check_batch_lr, NULL, &watch };
  g_assert_cmpint (cw_train (m, &c, rows (&d, 0, n), (cw_xy) { NULL, NULL, 0 }, &cb, &h, &err), ==, CW_OK);
  g_assert_cmpint (h.epochs, ==, epochs);

  double *want = g_new (double, epochs);
  replay_plateau (h.train_loss, epochs, c.optimizer.lr, 3, 0.5, 0.01f, want);
  int drops = 0;
  for (int e = 0; e < epochs; e++)
    {
      g_assert_cmpfloat (h.lr[e], ==, (double) (float) want[e]);
      drops += e > 0 && h.lr[e] < h.lr[e - 1];
    }
  g_test_message ("plateau in training: loss %.5f -> %.5f, %d drops, last rate %g", h.train_loss[0],
                  h.train_loss[epochs - 1], drops, h.lr[epochs - 1]);
  g_assert_cmpint (drops, ==, 3);                         /* 0.05 -> 0.025 -> 0.0125 -> the floor */
  g_assert_cmpfloat (h.lr[epochs - 1], ==, (double) 0.01f);

  /* every batch of an epoch trained at that epoch's rate (progress reports it) ... */
  cw_model *m2 = model_of ("flatten dense(1)", l);
  watch.lr_of_epoch = h.lr;
  g_assert_cmpint (cw_train (m2, &c, rows (&d, 0, n), (cw_xy) { NULL, NULL, 0 }, &cb, NULL, &err), ==, CW_OK);
  g_assert_cmpint (watch.mismatches, ==, 0);
  g_assert_cmpmem (cw_model_params (m2), cw_model_n_params (m2) * sizeof (float), cw_model_params (m),
                   cw_model_n_params (m) * sizeof (float));

  /* ... and the optimizer really used it: the same epochs as one-epoch runs at constant rates */
  cw_model *m3 = model_of ("flatten dense(1)", l);
  cw_train_config one = c;
  one.epochs = 1;
  one.schedule.type = CW_SCHED_CONSTANT;
  for (int e = 0; e < epochs; e++)
    {
      one.optimizer.lr = (float) h.lr[e];
      one.init_weights = e == 0;
      g_assert_cmpint (cw_train (m3, &one, rows (&d, 0, n), (cw_xy) { NULL, NULL, 0 }, NULL, NULL, &err), ==,
                       CW_OK);
    }
  g_assert_cmpmem (cw_model_params (m3), cw_model_n_params (m3) * sizeof (float), cw_model_params (m),
                   cw_model_n_params (m) * sizeof (float));
  g_free (want);
  cw_history_clear (&h);
  cw_model_free (m);
  cw_model_free (m2);
  cw_model_free (m3);
  data_free (&d);
}

static void
test_plateau_invalid (void)
{
  data d = make_signals (8, 16, 3, 0.0);
  cw_model *m = model_of ("flatten dense(1)", 16);
  cw_train_config c = cw_train_config_default (CW_TASK_REGRESSION);
  c.epochs = 2;
  c.schedule = (cw_schedule) { .type = CW_SCHED_PLATEAU, .step_epochs = 2, .gamma = 1.0f };
  cw_error err;
  cw_xy none = { NULL, NULL, 0 };
  g_assert_cmpint (cw_train (m, &c, rows (&d, 0, 8), none, NULL, NULL, &err), ==, CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "plateau schedule's factor"));
  g_assert_nonnull (strstr (err.message, "got 1"));
  c.schedule.gamma = 0.5f;
  c.schedule.step_epochs = -1;
  g_assert_cmpint (cw_train (m, &c, rows (&d, 0, 8), none, NULL, NULL, &err), ==, CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "patience"));
  c.schedule.step_epochs = 0;
  c.schedule.min_lr = -1e-3f;
  g_assert_cmpint (cw_train (m, &c, rows (&d, 0, 8), none, NULL, NULL, &err), ==, CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "floor"));
  c.schedule.min_lr = 0;
  g_assert_cmpint (cw_train (m, &c, rows (&d, 0, 8), none, NULL, NULL, &err), ==, CW_OK);
  cw_model_free (m);
  data_free (&d);
}

/* ---- augmentation in input units ---- */

/* Watches the batches: the model's first layer is linear (identity), so its output after a training
 * forward is the standardised, augmented batch; un-standardised with the model's scaling it is the raw
 * batch as augmented. Full batches in order, so batch row i is training row i. */
typedef struct {
  cw_model *model;
  const float *raw;  /* the training rows */
  int n, l;
  bool standardised; /* diff in standardised units instead of input units */
  double max_departure; /* largest |diff - fitted offset + slope| over all rows and positions */
  GArray *offsets, *slopes;
} batch_watch;

static void
on_batch (const cw_progress *p, void *user)
{
  batch_watch *w = user;
  if (p->epoch_end)
    return;
  g_assert_cmpint (p->batches, ==, 1);
  const float *xb = cw_model_layer_output (w->model, 0);
  const float *mean = cw_model_input_mean (w->model), *scale = cw_model_input_scale (w->model);
  int l = w->l;
  double *diff = g_new (double, l);
  for (int i = 0; i < w->n; i++)
    {
      const float *xi = xb + (size_t) i * l, *ri = w->raw + (size_t) i * l;
      for (int t = 0; t < l; t++)
        diff[t] = w->standardised ? xi[t] - ((double) ri[t] - mean[t]) / scale[t]
                                  : (double) xi[t] * scale[t] + mean[t] - ri[t];
      /* diff = o + b (t / (L - 1) - 1/2): the ramp sums to zero, so o is the mean, b the end-to-end rise */
      double o = 0;
      for (int t = 0; t < l; t++)
        o += diff[t];
      o /= l;
      double b = diff[l - 1] - diff[0];
      for (int t = 0; t < l; t++)
        w->max_departure = fmax (w->max_departure, fabs (diff[t] - o - b * ((double) t / (l - 1) - 0.5)));
      g_array_append_val (w->offsets, o);
      g_array_append_val (w->slopes, b);
    }
  g_free (diff);
}

static double
sd_of (const double *v, int n, double *mean_out)
{
  double mean = 0, ss = 0;
  for (int i = 0; i < n; i++)
    mean += v[i];
  mean /= n;
  for (int i = 0; i < n; i++)
    ss += (v[i] - mean) * (v[i] - mean);
  *mean_out = mean;
  return sqrt (ss / (n - 1));
}

/* Runs `epochs` full-batch epochs with the given augmentation and returns what the batches showed. */
static void
watch_augmentation (const data *d, const cw_augment *aug, int epochs, batch_watch *w)
{
  cw_model *m = model_of ("linear flatten dense(1)", d->l);
  cw_train_config c = cw_train_config_default (CW_TASK_REGRESSION);
  c.epochs = epochs;
  c.batch = d->n;
  c.shuffle = false;
  c.augment = *aug;
  w->model = m;
  w->raw = d->x;
  w->n = d->n;
  w->l = d->l;
  w->standardised = !aug->input_units;
  w->max_departure = 0;
  w->offsets = g_array_new (FALSE, FALSE, sizeof (double));
  w->slopes = g_array_new (FALSE, FALSE, sizeof (double));
  cw_train_callbacks cb = { on_batch, NULL, w };
  cw_error err;
  cw_xy none = { NULL, NULL, 0 };
  g_assert_cmpint (cw_train (m, &c, rows (d, 0, d->n), none, &cb, NULL, &err), ==, CW_OK);
  cw_model_free (m);
  w->model = NULL;
}

/* With input_units, an offset of size s moves each raw row by one constant whose SD over samples is
 * s x SD(all training values); a slope of size s tilts it by a ramp whose end-to-end rise has that SD.
 * 64 rows x 50 epochs = 3200 draws: the SD estimate is within 5 % (about 4 standard errors). Without
 * input_units the same offset is s in standardised units: a constant there, not in input units. */
static void
test_augment_input_units (void)
{
  data d = make_signals (64, 24, 13, 1000.0);
  size_t count = (size_t) d.n * d.l;
  double values_mean = 0, ss = 0;
  for (size_t i = 0; i < count; i++)
    values_mean += d.x[i];
  values_mean /= (double) count;
  for (size_t i = 0; i < count; i++)
    ss += (d.x[i] - values_mean) * (d.x[i] - values_mean);
  const double values_sd = sqrt (ss / (double) (count - 1));
  g_test_message ("training values: mean %.3f, SD %.4f", values_mean, values_sd);
  const int epochs = 50, draws = 64 * 50;

  struct { cw_augment aug; bool offset; } cases[] = {
    { { .offset = 0.5f, .input_units = true }, true },
    { { .slope = 0.8f, .input_units = true }, false },
    { { .offset = 0.5f, .input_units = false }, true },
  };
  for (size_t k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      batch_watch w;
      watch_augmentation (&d, &cases[k].aug, epochs, &w);
      g_assert_cmpint (w.offsets->len, ==, draws);
      GArray *drawn = cases[k].offset ? w.offsets : w.slopes, *other = cases[k].offset ? w.slopes : w.offsets;
      double mean, other_mean;
      double sd = sd_of ((double *) drawn->data, draws, &mean);
      double other_sd = sd_of ((double *) other->data, draws, &other_mean);
      double size = cases[k].offset ? cases[k].aug.offset : cases[k].aug.slope;
      double want = cases[k].aug.input_units ? size * values_sd : size;
      g_test_message ("%s %s: SD %.5f (want %.5f), mean %.5f, other SD %.2g, largest departure %.2g",
                      cases[k].offset ? "offset" : "slope",
                      cases[k].aug.input_units ? "input units" : "standardised",
                      sd, want, mean, other_sd, w.max_departure);
      /* float rounding of values near 1000 (an ulp is 6e-5), through standardising and back */
      g_assert_cmpfloat (w.max_departure, <, 1e-3 * want);
      g_assert_cmpfloat (other_sd, <, 1e-3 * want);
      g_assert_cmpfloat (fabs (sd / want - 1), <, 0.05);
      g_assert_cmpfloat (fabs (mean), <, 4 * want / sqrt (draws));
      g_array_free (w.offsets, TRUE);
      g_array_free (w.slopes, TRUE);
    }

  /* the scaled sizes are what the batches got */
  cw_augment a = { .shift = 3, .noise = 0.1f, .scale = 0.2f, .offset = 0.5f, .slope = 0.8f,
                   .input_units = true };
  cw_augment s = cw_augment_scaled (&a, values_sd);
  g_assert_cmpint (s.shift, ==, 3);
  g_assert_cmpfloat (s.scale, ==, 0.2f);
  g_assert_cmpfloat (s.offset, ==, (float) ((double) 0.5f * values_sd));
  g_assert_cmpfloat (s.slope, ==, (float) ((double) 0.8f * values_sd));
  g_assert_cmpfloat (s.noise, ==, (float) ((double) 0.1f * values_sd));
  g_assert_true (s.input_units);
  data_free (&d);
}

/* Augmented in input units (offset, slope, scale, noise and shift together), a small CNN still learns a
 * target linear in the signal: validation R^2 above 0.9 in user units. */
static void
test_augment_input_units_learns (void)
{
  data d = make_signals (240, 32, 17, 5.0);
  cw_model *m = model_of ("conv(4,k=5) relu flatten dense(1)", 32);
  cw_train_config c = cw_train_config_default (CW_TASK_REGRESSION);
  c.epochs = 60;
  c.batch = 16;
  c.optimizer.lr = 3e-3f;
  c.seed = 2;
  c.augment = (cw_augment) { .shift = 1, .noise = 0.02f, .scale = 0.02f, .offset = 0.1f, .slope = 0.1f,
                             .input_units = true };
  cw_history h;
  cw_error err;
  g_assert_cmpint (cw_train (m, &c, rows (&d, 0, 200), rows (&d, 200, 40), NULL, &h, &err), ==, CW_OK);
  float pred[40];
  g_assert_cmpint (cw_model_predict (m, d.x + 200 * 32, 40, pred, &err), ==, CW_OK);
  cw_metrics vm;
  cw_metrics_compute (CW_TASK_REGRESSION, pred, d.y + 200, 40, 1, &vm);
  g_test_message ("input-unit augmentation: train loss %.4f -> %.4f, validation R2 %.4f RMSE %.4f",
                  h.train_loss[0], h.train_loss[59], vm.r2, vm.rmse);
  g_assert_cmpfloat (vm.r2, >, 0.9);
  g_assert_cmpfloat (h.train_loss[59], <, 0.2 * h.train_loss[0]);
  cw_metrics_clear (&vm);
  cw_history_clear (&h);
  cw_model_free (m);
  data_free (&d);
}

/* ---- validation predictions in progress ---- */

typedef struct {
  cw_model *model;
  cw_xy val, train;
  bool predict_every_batch; /* also run inference on the training rows after every batch */
  float *buf;
  int epoch_reports, equal, batch_reports_with_pred;
} pred_watch;

static void
on_progress_predict (const cw_progress *p, void *user)
{
  pred_watch *w = user;
  cw_error err;
  if (!p->epoch_end)
    {
      w->batch_reports_with_pred += p->val_pred != NULL;
      if (w->predict_every_batch)
        g_assert_cmpint (cw_model_predict (w->model, w->train.x, w->train.n, w->buf, &err), ==, CW_OK);
      return;
    }
  w->epoch_reports++;
  if (w->val.n == 0)
    {
      w->equal += p->val_pred == NULL;
      return;
    }
  g_assert_nonnull (p->val_pred);
  g_assert_cmpint (cw_model_predict (w->model, w->val.x, w->val.n, w->buf, &err), ==, CW_OK);
  w->equal += memcmp (w->buf, p->val_pred, (size_t) w->val.n * sizeof (float)) == 0;
}

/* At every epoch end val_pred is, bit for bit, cw_model_predict of the validation rows at that point;
 * it is NULL in batch reports and without validation rows. Calling cw_model_predict from the callback
 * (after every batch and every epoch) leaves training bitwise unchanged, with batch norm, dropout and
 * RReLU, whose training-mode buffers and noise inference must not disturb. */
static void
test_val_pred (void)
{
  data d = make_signals (120, 32, 31, 3.0);
  const char *spec = "conv(4,k=5) batchnorm rrelu maxpool(2) flatten dropout(0.2) dense(1)";
  cw_train_config c = cw_train_config_default (CW_TASK_REGRESSION);
  c.epochs = 8;
  c.batch = 16;
  c.seed = 6;
  cw_xy train = rows (&d, 0, 100), val = rows (&d, 100, 20);
  cw_error err;

  cw_model *quiet = model_of (spec, 32);
  cw_history hq;
  g_assert_cmpint (cw_train (quiet, &c, train, val, NULL, &hq, &err), ==, CW_OK);

  cw_model *m = model_of (spec, 32);
  pred_watch w = { m, val, train, true, g_new (float, 100), 0, 0, 0 };
  cw_train_callbacks cb = { on_progress_predict, NULL, &w };
  cw_history h;
  g_assert_cmpint (cw_train (m, &c, train, val, &cb, &h, &err), ==, CW_OK);
  g_assert_cmpint (w.epoch_reports, ==, 8);
  g_assert_cmpint (w.equal, ==, 8);
  g_assert_cmpint (w.batch_reports_with_pred, ==, 0);
  g_assert_cmpmem (cw_model_params (m), cw_model_n_params (m) * sizeof (float), cw_model_params (quiet),
                   cw_model_n_params (quiet) * sizeof (float));
  g_assert_cmpmem (cw_model_state (m), cw_model_n_state (m) * sizeof (float), cw_model_state (quiet),
                   cw_model_n_state (quiet) * sizeof (float));
  g_assert_cmpmem (h.train_loss, 8 * sizeof (double), hq.train_loss, 8 * sizeof (double));
  g_assert_cmpmem (h.val_loss, 8 * sizeof (double), hq.val_loss, 8 * sizeof (double));
  cw_history_clear (&h);
  cw_history_clear (&hq);

  /* without validation rows */
  pred_watch w0 = { m, (cw_xy) { NULL, NULL, 0 }, train, false, w.buf, 0, 0, 0 };
  cb.user = &w0;
  c.epochs = 3;
  g_assert_cmpint (cw_train (m, &c, train, (cw_xy) { NULL, NULL, 0 }, &cb, NULL, &err), ==, CW_OK);
  g_assert_cmpint (w0.epoch_reports, ==, 3);
  g_assert_cmpint (w0.equal, ==, 3);
  g_free (w.buf);
  cw_model_free (m);
  cw_model_free (quiet);
  data_free (&d);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/schedule/plateau-rule-matches-pytorch", test_plateau_rule_matches_pytorch);
  g_test_add_func ("/schedule/plateau-stalled-loss", test_plateau_stalled_loss);
  g_test_add_func ("/schedule/plateau-in-training", test_plateau_in_training);
  g_test_add_func ("/schedule/plateau-invalid", test_plateau_invalid);
  g_test_add_func ("/augment/input-units", test_augment_input_units);
  g_test_add_func ("/augment/input-units-learns", test_augment_input_units_learns);
  g_test_add_func ("/progress/val-pred", test_val_pred);
  return g_test_run ();
}
