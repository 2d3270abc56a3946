/* test-layers.c — forward values and hand-computed backward of dense, flatten, dropout, batchnorm and
 * the activations; thread-count independence. Their gradients are checked in test-gradcheck.c. */
#include "cw-loss.h"
#include "cw-model.h"
#include "engine-test-util.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void
test_dense_values (void)
{
  cw_layer_spec layers[] = { dense (3, true) };
  cw_model *m = build (layers, 1, 2, 1, CW_TASK_REGRESSION, 3, 2, 1);
  size_t np;
  float *p = cw_model_layer_params (m, 0, &np);
  g_assert_cmpuint (np, ==, 3 * 2 + 3);
  const float w[] = { 1, 2, -1, 0.5f, 0, 3, /* W (3 x 2) */ 0.25f, -1, 2 /* b */ };
  memcpy (p, w, sizeof w);
  const float x[] = { 1, -2, 3, 4 };
  const float *y = cw_model_forward (m, x, 2, false);
  const float expected[] = { -3 + 0.25f, -2 - 1, -6 + 2, 11 + 0.25f, -1 - 1, 12 + 2 };
  for (int i = 0; i < 6; i++)
    g_assert_cmpfloat_with_epsilon (y[i], expected[i], 1e-6);
  /* dW = dy^T x, db = sum dy, dx = dy W */
  const float dy[] = { 1, 0, -1, 0, 2, 1 };
  float dx[4];
  cw_model_zero_grads (m);
  cw_model_backward (m, dy, dx);
  const float *g = cw_model_layer_grads (m, 0, &np);
  const float dw[] = { 1, -2, 6, 8, 2, 6, 1, 2, 0 }, dxe[] = { 1, -1, -2, 4 };
  for (int i = 0; i < 9; i++)
    g_assert_cmpfloat_with_epsilon (g[i], dw[i], 1e-6);
  for (int i = 0; i < 4; i++)
    g_assert_cmpfloat_with_epsilon (dx[i], dxe[i], 1e-6);
  cw_model_free (m);

  /* dense on an unflattened input names the fix; spec.c prefixes the layer. */
  cw_spec *spec = cw_spec_new ();
  cw_layer_spec c = cw_layer_spec_default (CW_LAYER_CONV), d = dense (4, true);
  c.units = 16;
  c.kernel = 7;
  cw_spec_append (spec, &c);
  cw_spec_append (spec, &d);
  cw_error err;
  g_assert_null (cw_model_new (spec, 1, 100, CW_TASK_REGRESSION, 4, &err));
  g_assert_cmpint (err.status, ==, CW_ERR_SHAPE);
  g_assert_cmpint (err.item, ==, 1);
  g_assert_true (g_str_has_prefix (err.message, "Layer 2, "));
  g_assert_true (g_str_has_suffix (err.message, ": dense needs a flat input (C x 1) but gets 16 x 94: add "
                                   "flatten or a global pooling layer before it"));
  cw_spec_free (spec);
}

/* (C, L) -> (C*L, 1) channel-major, i.e. the same memory; the gradient comes back unchanged. */
static void
test_flatten_values (void)
{
  cw_layer_spec layers[] = { plain (CW_LAYER_FLATTEN) };
  cw_model *m = build (layers, 1, 3, 4, CW_TASK_REGRESSION, 12, 2, 1);
  cw_shape_info si = cw_model_layer_info (m, 0);
  g_assert_cmpint (si.channels, ==, 12);
  g_assert_cmpint (si.length, ==, 1);
  g_assert_cmpuint (si.params, ==, 0);
  float x[24], dx[24];
  for (int i = 0; i < 24; i++)
    x[i] = (float) i - 7.5f;
  g_assert_cmpmem (cw_model_forward (m, x, 2, true), sizeof x, x, sizeof x);
  cw_model_backward (m, x, dx);
  g_assert_cmpmem (dx, sizeof dx, x, sizeof x);
  cw_model_free (m);
}

static void
test_dropout_values (void)
{
  enum { C = 4, L = 500 };
  cw_layer_spec layers[] = { plain (CW_LAYER_DROPOUT) };
  layers[0].rate = 0.3f;
  cw_model *m = build (layers, 1, C, L, CW_TASK_REGRESSION, C * L, 1, 1);
  float *x = g_new (float, C * L), *first = g_new (float, C * L);
  for (int i = 0; i < C * L; i++)
    x[i] = 1.0f + (float) i / (C * L);
  g_assert_cmpmem (cw_model_forward (m, x, 1, false), C * L * sizeof (float), x, C * L * sizeof (float));
  cw_model_seed_noise (m, 5);
  memcpy (first, cw_model_forward (m, x, 1, true), C * L * sizeof (float));
  int dropped = 0;
  for (int i = 0; i < C * L; i++)
    if (first[i] == 0.0f)
      dropped++;
    else
      g_assert_cmpfloat_with_epsilon (first[i], x[i] / 0.7f, 1e-6); /* inverted dropout */
  /* 2000 draws of p = 0.3: 600 expected, SD 20.5 */
  g_test_message ("dropped %d of %d", dropped, C * L);
  g_assert_cmpint (abs (dropped - 600), <, 100);
  cw_model_seed_noise (m, 5);
  g_assert_cmpmem (cw_model_forward (m, x, 1, true), C * L * sizeof (float), first, C * L * sizeof (float));
  g_free (x);
  g_free (first);
  cw_model_free (m);
}

static void
test_batchnorm_values (void)
{
  /* 2 samples x 2 channels x 2 positions; channel 0 holds 1 2 3 4, channel 1 holds 0 0 0 8. */
  cw_layer_spec layers[] = { plain (CW_LAYER_BATCHNORM) };
  cw_model *m = build (layers, 1, 2, 2, CW_TASK_REGRESSION, 4, 2, 1);
  const float *st = cw_model_state (m), *p = cw_model_params (m);
  g_assert_cmpuint (cw_model_n_state (m), ==, 4);
  const float init_state[] = { 0, 0, 1, 1 }, init_params[] = { 1, 1, 0, 0 };
  g_assert_cmpmem (st, sizeof init_state, init_state, sizeof init_state);
  g_assert_cmpmem (p, sizeof init_params, init_params, sizeof init_params);
  float *pm = cw_model_params (m);
  pm[0] = 2; /* gamma_0 */
  pm[3] = -1; /* beta_1 */
  const float x[] = { 1, 2, 0, 0, 3, 4, 0, 8 };
  const float *y = cw_model_forward (m, x, 2, true);
  /* channel 0: mean 2.5, biased var 1.25; channel 1: mean 2, biased var 12 */
  double s0 = sqrt (1.25 + 1e-5), s1 = sqrt (12 + 1e-5);
  const double expected[] = { 2 * -1.5 / s0, 2 * -0.5 / s0, -2 / s1 - 1, -2 / s1 - 1,
                              2 * 0.5 / s0, 2 * 1.5 / s0, -2 / s1 - 1, 6 / s1 - 1 };
  for (int i = 0; i < 8; i++)
    g_assert_cmpfloat_with_epsilon (y[i], expected[i], 1e-5);
  /* running = 0.9 running + 0.1 batch, with the unbiased variance (x 4/3) */
  const double run[] = { 0.25, 0.2, 0.9 + 0.1 * 1.25 * 4 / 3, 0.9 + 0.1 * 12 * 4 / 3 };
  for (int i = 0; i < 4; i++)
    g_assert_cmpfloat_with_epsilon (st[i], run[i], 1e-6);
  /* inference normalises with the running statistics and leaves them alone */
  float saved[4];
  memcpy (saved, st, sizeof saved);
  y = cw_model_forward (m, x, 2, false);
  g_assert_cmpfloat_with_epsilon (y[0], 2 * (1 - run[0]) / sqrt (run[2] + 1e-5), 1e-5);
  g_assert_cmpfloat_with_epsilon (y[7], (8 - run[1]) / sqrt (run[3] + 1e-5) - 1, 1e-5);
  g_assert_cmpmem (st, sizeof saved, saved, sizeof saved);
  cw_model_free (m);
}

static double
reference (cw_activation a, double x, double other_channel)
{
  switch (a)
    {
    case CW_ACT_LINEAR: return x;
    case CW_ACT_RELU: return fmax (x, 0);
    case CW_ACT_RELU6: return fmin (fmax (x, 0), 6);
    case CW_ACT_SOFTPLUS: return fmax (x, 0) + log1p (exp (-fabs (x)));
    case CW_ACT_LEAKY_RELU: return x > 0 ? x : 0.1 * x;
    case CW_ACT_PRELU: return x > 0 ? x : 0.25 * x;
    case CW_ACT_RRELU: return x > 0 ? x : (1.0 / 8 + 1.0 / 3) / 2 * x; /* inference: the mean slope */
    case CW_ACT_ELU: return x > 0 ? x : 0.7 * expm1 (x);
    case CW_ACT_SWISH: return x / (1 + exp (-x));
    case CW_ACT_SIGMOID: return 1 / (1 + exp (-x));
    case CW_ACT_TANH: return tanh (x);
    case CW_ACT_SOFTMAX: return 1 / (1 + exp (other_channel - x));
    case CW_ACT_N: break;
    }
  return NAN;
}

static void
test_activation_values (void)
{
  /* 2 channels x 6 positions, values far into both tails */
  const float x[] = { -100, -2, -0.5f, 0.5f, 7, 100, 100, 3, 0, -1, 7, -100 };
  for (int a = 0; a < CW_ACT_N; a++)
    {
      cw_layer_spec layers[] = { act ((cw_activation) a) };
      cw_model *m = build (layers, 1, 2, 6, CW_TASK_REGRESSION, 12, 1, 1);
      const float *y = cw_model_forward (m, x, 1, false);
      for (int i = 0; i < 12; i++)
        {
          double r = reference ((cw_activation) a, x[i], x[(i + 6) % 12]);
          if (!(isfinite (y[i]) && fabs (y[i] - r) <= 1e-6 * fmax (1, fabs (r))))
            g_error ("%s(%g) = %.9g, expected %.9g", cw_activation_name ((cw_activation) a), x[i], y[i], r);
        }
      cw_model_free (m);
    }

  /* RReLU in training: one slope per negative value, drawn from [lower, upper]. */
  cw_layer_spec layers[] = { act (CW_ACT_RRELU) };
  cw_model *m = build (layers, 1, 1, 400, CW_TASK_REGRESSION, 400, 1, 1);
  float xs[400];
  for (int i = 0; i < 400; i++)
    xs[i] = i % 2 ? -1.0f : 1.0f;
  const float *y = cw_model_forward (m, xs, 1, true);
  float lo = 1, hi = 0;
  for (int i = 0; i < 400; i++)
    if (xs[i] > 0)
      g_assert_cmpfloat (y[i], ==, 1.0f);
    else
      {
        lo = fminf (lo, -y[i]);
        hi = fmaxf (hi, -y[i]);
      }
  g_test_message ("rrelu slopes in [%g, %g]", lo, hi);
  g_assert_cmpfloat (lo, >=, 1.0f / 8);
  g_assert_cmpfloat (hi, <=, 1.0f / 3);
  g_assert_cmpfloat (hi - lo, >, 0.9 * (1.0 / 3 - 1.0 / 8));
  cw_model_free (m);
}

/* Large enough for the layers to go parallel: forward, backward and state bitwise equal on 1 and 2
 * threads. */
static void
test_threads_bitwise (void)
{
  enum { C = 8, L = 1000, N = 8, K = 3 };
  cw_layer_spec layers[] = { plain (CW_LAYER_BATCHNORM), act (CW_ACT_PRELU), plain (CW_LAYER_DROPOUT),
                             act (CW_ACT_RRELU), act (CW_ACT_SWISH), act (CW_ACT_SOFTMAX),
                             plain (CW_LAYER_FLATTEN), dense (K, true) };
  float *x = g_new (float, N * C * L), y[N * K], dout[N * K];
  cw_rng rng;
  cw_rng_seed (&rng, 9);
  uniform (&rng, x, N * C * L, -2, 2);
  uniform (&rng, y, N * K, -1, 1);
  float *results[2][4];
  for (int t = 0; t < 2; t++)
    {
      cw_model *m = build (layers, G_N_ELEMENTS (layers), C, L, CW_TASK_REGRESSION, K, N, 3);
      cw_model_set_threads (m, t + 1);
      size_t na;
      float *slopes = cw_model_layer_params (m, 1, &na);
      for (size_t c = 0; c < na; c++)
        slopes[c] = 0.05f * (float) (c + 1); /* one per channel, all different */
      cw_model_seed_noise (m, 4);
      const float *o = cw_model_forward (m, x, N, true);
      cw_loss_compute (CW_LOSS_MSE, o, y, N, K, dout);
      results[t][0] = g_memdup2 (o, sizeof dout);
      results[t][1] = g_new (float, N * C * L);
      cw_model_zero_grads (m);
      cw_model_backward (m, dout, results[t][1]);
      results[t][2] = g_memdup2 (cw_model_grads (m), cw_model_n_params (m) * sizeof (float));
      results[t][3] = g_memdup2 (cw_model_state (m), cw_model_n_state (m) * sizeof (float));
      cw_model_free (m);
    }
  /* output, dx, parameters (batchnorm 2C, prelu C, dense C*L*K + K), batchnorm state */
  const size_t sizes[] = { sizeof dout, N * C * L * sizeof (float),
                           (2 * C + C + C * L * K + K) * sizeof (float), 2 * C * sizeof (float) };
  for (int i = 0; i < 4; i++)
    {
      g_assert_cmpmem (results[0][i], sizes[i], results[1][i], sizes[i]);
      g_free (results[0][i]);
      g_free (results[1][i]);
    }
  g_free (x);
}

/* Largest |w| of a layer's weights (bias excluded) relative to a limit. */
static double
max_abs_ratio (cw_model *m, int layer, size_t n_weights, double limit)
{
  size_t n;
  float *w = cw_model_layer_params (m, layer, &n);
  g_assert_cmpuint (n, >, n_weights);
  double mx = 0;
  for (size_t i = 0; i < n_weights; i++)
    mx = fmax (mx, fabs (w[i]));
  return mx / limit;
}

/* He (sqrt(6/fan_in)) before a ReLU-family activation, Glorot (sqrt(6/(fan_in+fan_out))) before tanh or
 * at the output: the largest of many uniform draws sits just under its limit. */
static void
test_init_scheme (void)
{
  cw_spec *spec = cw_spec_new ();
  cw_layer_spec conv = cw_layer_spec_default (CW_LAYER_CONV);
  conv.units = 16;
  conv.kernel = 5;
  cw_spec_append (spec, &conv);                              /* 0: conv 4 -> 16, k 5 */
  cw_layer_spec bn = cw_layer_spec_default (CW_LAYER_BATCHNORM);
  cw_spec_append (spec, &bn);                                /* 1 */
  cw_layer_spec relu = cw_activation_spec (CW_ACT_RELU);
  cw_spec_append (spec, &relu);                              /* 2 */
  cw_layer_spec flat = cw_layer_spec_default (CW_LAYER_FLATTEN);
  cw_spec_append (spec, &flat);                              /* 3: 16 x 36 */
  cw_layer_spec dense = cw_layer_spec_default (CW_LAYER_DENSE);
  dense.units = 32;
  cw_spec_append (spec, &dense);                             /* 4: 576 -> 32 */
  cw_layer_spec tanh_act = cw_activation_spec (CW_ACT_TANH);
  cw_spec_append (spec, &tanh_act);                          /* 5 */
  dense.units = 2;
  cw_spec_append (spec, &dense);                             /* 6: 32 -> 2, output */
  cw_error err;
  cw_model *m = cw_model_new (spec, 4, 40, CW_TASK_REGRESSION, 2, &err);
  g_assert_nonnull (m);
  cw_model_init_weights (m, 3);
  double he_conv = sqrt (6.0 / (4 * 5));
  double r = max_abs_ratio (m, 0, 16 * 4 * 5, he_conv);
  g_assert_cmpfloat (r, <=, 1.0);
  g_assert_cmpfloat (r, >, 0.97);
  double glorot_dense = sqrt (6.0 / (576 + 32));
  r = max_abs_ratio (m, 4, 32 * 576, glorot_dense);
  g_assert_cmpfloat (r, <=, 1.0);
  g_assert_cmpfloat (r, >, 0.99);
  double glorot_out = sqrt (6.0 / (32 + 2));
  r = max_abs_ratio (m, 6, 2 * 32, glorot_out);
  g_assert_cmpfloat (r, <=, 1.0);
  g_assert_cmpfloat (r, >, 0.8);
  cw_model_free (m);
  cw_spec_free (spec);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layers/dense", test_dense_values);
  g_test_add_func ("/layers/flatten", test_flatten_values);
  g_test_add_func ("/layers/dropout", test_dropout_values);
  g_test_add_func ("/layers/batchnorm", test_batchnorm_values);
  g_test_add_func ("/layers/activation", test_activation_values);
  g_test_add_func ("/layers/threads-bitwise", test_threads_bitwise);
  g_test_add_func ("/layers/init-scheme", test_init_scheme);
  return g_test_run ();
}
