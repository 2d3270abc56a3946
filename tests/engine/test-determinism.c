/* test-determinism.c — the same seed gives bitwise-identical training (weights, batchnorm state,
 * history) on every run and on any number of threads; another seed gives other weights. The model uses
 * every source of randomness the loop seeds (weight init, shuffling, dropout, RReLU, augmentation) and
 * every conv path (direct by rows, direct by taps, strided im2col), batchnorm and PReLU, whose sums over
 * samples are where a thread count could leak into the result. */
#include "conv-kernels-private.h"
#include "cw.h"

#include <glib.h>
#include <math.h>
#include <string.h>

enum { N = 192, L = 64, C = 2, THREADS = 2, N_TRAIN = 160 };

typedef struct {
  float *params, *state;
  size_t n_params, n_state;
  cw_history hist;
} result;

static void
make_data (float *x, float *y)
{
  cw_rng rng;
  cw_rng_seed (&rng, 2024);
  for (int i = 0; i < N; i++)
    {
      double a = cw_rng_uniform (&rng), f = 1 + 3 * cw_rng_uniform (&rng);
      for (int c = 0; c < C; c++)
        for (int t = 0; t < L; t++)
          x[(i * C + c) * L + t] = (float) (a * sin (f * t / 10.0 + c) + 0.05 * cw_rng_normal (&rng));
      y[i] = (float) (2 * a + f);
    }
}

static cw_model *
build_model (void)
{
  cw_spec *s = cw_spec_new ();
  cw_layer_spec l = cw_layer_spec_default (CW_LAYER_CONV);
  l.units = 8;
  l.kernel = 5;
  cw_spec_append (s, &l);
  l = cw_layer_spec_default (CW_LAYER_BATCHNORM);
  cw_spec_append (s, &l);
  l = cw_activation_spec (CW_ACT_RRELU);
  cw_spec_append (s, &l);
  l = cw_layer_spec_default (CW_LAYER_MAXPOOL);
  cw_spec_append (s, &l);
  /* 8 x 3 taps: the direct path's taps-major weight gradient (the first conv's 10 go by rows) */
  l = cw_layer_spec_default (CW_LAYER_CONV);
  l.units = 8;
  l.kernel = 3;
  cw_spec_append (s, &l);
  l = cw_activation_spec (CW_ACT_PRELU);
  cw_spec_append (s, &l);
  /* strided: im2col and GEMM into the chunk partials */
  l = cw_layer_spec_default (CW_LAYER_CONV);
  l.units = 6;
  l.kernel = 3;
  l.stride = 2;
  cw_spec_append (s, &l);
  l = cw_activation_spec (CW_ACT_RELU);
  cw_spec_append (s, &l);
  l = cw_layer_spec_default (CW_LAYER_FLATTEN);
  cw_spec_append (s, &l);
  l = cw_layer_spec_default (CW_LAYER_DROPOUT);
  l.rate = 0.3f;
  cw_spec_append (s, &l);
  l = cw_layer_spec_default (CW_LAYER_DENSE);
  l.units = 1;
  cw_spec_append (s, &l);
  cw_error err;
  cw_model *m = cw_model_new (s, C, L, CW_TASK_REGRESSION, 1, &err);
  if (!m)
    g_error ("model: %s", err.message);
  cw_spec_free (s);
  return m;
}

static result
train_with (uint64_t seed, int threads, int batch, const float *x, const float *y)
{
  cw_model *m = build_model ();
  cw_train_config c = cw_train_config_default (CW_TASK_REGRESSION);
  c.epochs = 4;
  c.batch = batch;
  c.seed = seed;
  c.threads = threads;
  c.augment.shift = 2;
  c.augment.noise = 0.05f;
  c.augment.scale = 0.05f;
  c.optimizer.lr = 3e-3f;
  cw_xy train = { x, y, N_TRAIN }, val = { x + N_TRAIN * C * L, y + N_TRAIN, N - N_TRAIN };
  result r;
  cw_error err;
  cw_status st = cw_train (m, &c, train, val, NULL, &r.hist, &err);
  if (st != CW_OK)
    g_error ("training: %s", err.message);
  g_assert_cmpint (cw_model_get_threads (m), ==, threads);
  r.n_params = cw_model_n_params (m);
  r.n_state = cw_model_n_state (m);
  r.params = g_memdup2 (cw_model_params (m), r.n_params * sizeof (float));
  r.state = g_memdup2 (cw_model_state (m), r.n_state * sizeof (float));
  cw_model_free (m);
  return r;
}

static result
train_once (uint64_t seed, const float *x, const float *y)
{
  return train_with (seed, THREADS, 24, x, y);
}

static void
result_clear (result *r)
{
  g_free (r->params);
  g_free (r->state);
  cw_history_clear (&r->hist);
}

static void
test_same_seed_identical (void)
{
  float *x = g_new (float, N * C * L), *y = g_new (float, N);
  make_data (x, y);
  result a = train_once (17, x, y), b = train_once (17, x, y);
  g_assert_cmpuint (a.n_state, >, 0);
  g_assert_cmpint (memcmp (a.params, b.params, a.n_params * sizeof (float)), ==, 0);
  g_assert_cmpint (memcmp (a.state, b.state, a.n_state * sizeof (float)), ==, 0);
  g_assert_cmpint (a.hist.epochs, ==, b.hist.epochs);
  for (int e = 0; e < a.hist.epochs; e++)
    {
      g_assert_cmpfloat (a.hist.train_loss[e], ==, b.hist.train_loss[e]);
      g_assert_cmpfloat (a.hist.val_loss[e], ==, b.hist.val_loss[e]);
      g_assert_cmpfloat (a.hist.val_metric[e], ==, b.hist.val_metric[e]);
    }
  /* it did learn something, so the comparison is not between two untouched models */
  g_assert_cmpfloat (a.hist.train_loss[a.hist.epochs - 1], <, a.hist.train_loss[0]);

  result c = train_once (18, x, y);
  g_assert_cmpint (memcmp (a.params, c.params, a.n_params * sizeof (float)), !=, 0);
  size_t differ = 0;
  for (size_t i = 0; i < a.n_params; i++)
    differ += a.params[i] != c.params[i];
  g_test_message ("%zu of %zu weights differ with another seed", differ, a.n_params);
  g_assert_cmpuint (differ, >, a.n_params / 2);
  g_assert_cmpfloat (a.hist.train_loss[0], !=, c.hist.train_loss[0]);

  result_clear (&a);
  result_clear (&b);
  result_clear (&c);
  g_free (x);
  g_free (y);
}

/* Weights, state and every number of the history equal bit for bit. */
static void
assert_same_result (const result *a, const result *b)
{
  g_assert_cmpuint (a->n_params, ==, b->n_params);
  g_assert_cmpuint (a->n_state, ==, b->n_state);
  g_assert_cmpint (memcmp (a->params, b->params, a->n_params * sizeof (float)), ==, 0);
  g_assert_cmpint (memcmp (a->state, b->state, a->n_state * sizeof (float)), ==, 0);
  g_assert_cmpint (a->hist.epochs, ==, b->hist.epochs);
  g_assert_cmpint (a->hist.best_epoch, ==, b->hist.best_epoch);
  size_t e = (size_t) a->hist.epochs * sizeof (double);
  g_assert_cmpint (memcmp (a->hist.train_loss, b->hist.train_loss, e), ==, 0);
  g_assert_cmpint (memcmp (a->hist.val_loss, b->hist.val_loss, e), ==, 0);
  g_assert_cmpint (memcmp (a->hist.train_metric, b->hist.train_metric, e), ==, 0);
  g_assert_cmpint (memcmp (a->hist.val_metric, b->hist.val_metric, e), ==, 0);
  g_assert_cmpint (memcmp (a->hist.lr, b->hist.lr, e), ==, 0);
}

/* The thread count changes the speed only: 1, 2, 3 and 7 threads train the same model bit for bit.
 * Batch 28 leaves a last batch of 20 (chunks of 2 and 3 samples); batch 5 has fewer samples than the
 * gradient chunks and than 7 threads. Run on every conv path the machine has. */
static void
test_any_thread_count (void)
{
  static const cw_conv_path paths[] = { CW_CONV_PATH_AUTO, CW_CONV_PATH_IM2COL,
                                        CW_CONV_PATH_DIRECT_PORTABLE };
  static const int threads[] = { 2, 3, 7 };
  static const int batches[] = { 28, 5 };
  float *x = g_new (float, N * C * L), *y = g_new (float, N);
  make_data (x, y);
  for (size_t p = 0; p < G_N_ELEMENTS (paths); p++)
    for (size_t b = 0; b < G_N_ELEMENTS (batches); b++)
      {
        cw_conv_force_path = paths[p];
        result one = train_with (23, 1, batches[b], x, y);
        g_assert_cmpfloat (one.hist.train_loss[one.hist.epochs - 1], <, one.hist.train_loss[0]);
        for (size_t t = 0; t < G_N_ELEMENTS (threads); t++)
          {
            g_test_message ("conv path %d, batch %d: 1 thread against %d", (int) paths[p], batches[b],
                            threads[t]);
            result many = train_with (23, threads[t], batches[b], x, y);
            assert_same_result (&one, &many);
            result_clear (&many);
          }
        result_clear (&one);
      }
  cw_conv_force_path = CW_CONV_PATH_AUTO;
  g_free (x);
  g_free (y);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/determinism/same-seed", test_same_seed_identical);
  g_test_add_func ("/determinism/any-thread-count", test_any_thread_count);
  return g_test_run ();
}
