/* test-conv.c — conv1d: hand-computed outputs, padding geometry, shape errors, initialisation, and the
 * direct (AVX-512 and plain-C) and im2col paths against a naive double-precision reference for the
 * forward pass, the input gradient and the weight/bias gradients, with 1 and 2 threads. */
#include "conv-kernels-private.h"
#include "cw-layer-private.h"
#include "cw.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- a conv layer on its own, with buffers the test owns ---- */

typedef struct {
  cw_layer l;
  int batch;
} test_layer;

static test_layer *
layer_new (cw_layer_spec spec, int in_c, int in_l, int batch, int threads)
{
  test_layer *t = g_new0 (test_layer, 1);
  cw_layer *l = &t->l;
  l->spec = spec;
  l->ops = &cw_conv_ops;
  cw_shape_info si;
  size_t ns = 99;
  cw_error err;
  cw_error_clear (&err);
  g_assert_cmpint (l->ops->shape (&spec, in_c, in_l, &si, &ns, &err), ==, CW_OK);
  g_assert_cmpuint (ns, ==, 0);
  l->in_c = in_c;
  l->in_l = in_l;
  l->out_c = si.channels;
  l->out_l = si.length;
  l->n_params = si.params;
  l->threads = threads;
  l->params = g_new0 (float, si.params + 1);
  l->grads = g_new0 (float, si.params + 1);
  l->ws_size = l->ops->workspace (l, batch, threads);
  l->ws = g_new (float, l->ws_size + 1);
  /* Garbage in the workspace must not matter. */
  for (size_t i = 0; i <= l->ws_size; i++)
    l->ws[i] = NAN;
  t->batch = batch;
  return t;
}

static void
layer_free (test_layer *t)
{
  g_free (t->l.params);
  g_free (t->l.grads);
  g_free (t->l.ws);
  g_free (t);
}

static cw_layer_spec
conv_spec (int filters, int kernel, int stride, int dilation, cw_padding pad, int pl, int pr, bool bias)
{
  cw_layer_spec s = cw_layer_spec_default (CW_LAYER_CONV);
  s.units = filters;
  s.kernel = kernel;
  s.stride = stride;
  s.dilation = dilation;
  s.padding = pad;
  s.pad_left = pl;
  s.pad_right = pr;
  s.bias = bias;
  return s;
}

static void
fill_random (float *v, size_t n, cw_rng *rng)
{
  for (size_t i = 0; i < n; i++)
    v[i] = (float) (2.0 * cw_rng_uniform (rng) - 1.0);
}

/* ---- the reference: the definition, in double ---- */

/* Padding from the layer documentation (TF "same", causal, explicit), independent of layer-conv.c. */
static void
reference_pads (const cw_layer_spec *s, int len, int *pl, int *pr, int *len_out)
{
  int span = s->dilation * (s->kernel - 1) + 1;
  switch (s->padding)
    {
    case CW_PAD_VALID: *pl = *pr = 0; break;
    case CW_PAD_SAME:
      {
        int out = (len + s->stride - 1) / s->stride;
        int total = MAX ((out - 1) * s->stride + span - len, 0);
        *pl = total / 2;
        *pr = total - *pl;
        break;
      }
    case CW_PAD_CAUSAL: *pl = span - 1; *pr = 0; break;
    case CW_PAD_EXPLICIT: *pl = s->pad_left; *pr = s->pad_right; break;
    }
  *len_out = (len + *pl + *pr - span) / s->stride + 1;
}

typedef struct {
  double *y, *y_abs;     /* n x F x Lout */
  double *dx, *dx_abs;   /* n x C x L */
  double *dw, *dw_abs;   /* F x C x k, then F bias */
} reference;

static reference
reference_run (const cw_layer_spec *s, int C, int L, int n, const float *w, const float *x, const float *dy)
{
  int F = s->units, k = s->kernel, pl, pr, lo;
  reference_pads (s, L, &pl, &pr, &lo);
  size_t np = (size_t) F * C * k + F;
  reference r = {
    g_new0 (double, (size_t) n * F * lo), g_new0 (double, (size_t) n * F * lo),
    g_new0 (double, (size_t) n * C * L), g_new0 (double, (size_t) n * C * L),
    g_new0 (double, np), g_new0 (double, np),
  };
  for (int i = 0; i < n; i++)
    for (int f = 0; f < F; f++)
      for (int t = 0; t < lo; t++)
        {
          size_t yo = ((size_t) i * F + f) * lo + t;
          double g = dy[yo];
          double acc = s->bias ? w[(size_t) F * C * k + f] : 0.0, acc_abs = fabs (acc);
          for (int c = 0; c < C; c++)
            for (int j = 0; j < k; j++)
              {
                int p = t * s->stride + j * s->dilation - pl;
                if (p < 0 || p >= L)
                  continue;
                size_t wo = ((size_t) f * C + c) * k + j, xo = ((size_t) i * C + c) * L + p;
                acc += (double) w[wo] * x[xo];
                acc_abs += fabs ((double) w[wo] * x[xo]);
                r.dx[xo] += (double) w[wo] * g;
                r.dx_abs[xo] += fabs ((double) w[wo] * g);
                r.dw[wo] += (double) x[xo] * g;
                r.dw_abs[wo] += fabs ((double) x[xo] * g);
              }
          r.y[yo] = acc;
          r.y_abs[yo] = acc_abs;
          if (s->bias)
            {
              r.dw[(size_t) F * C * k + f] += g;
              r.dw_abs[(size_t) F * C * k + f] += fabs (g);
            }
        }
  return r;
}

static void
reference_free (reference *r)
{
  g_free (r->y);
  g_free (r->y_abs);
  g_free (r->dx);
  g_free (r->dx_abs);
  g_free (r->dw);
  g_free (r->dw_abs);
}

/* Float sums may differ from the double reference by a few ulps of the sum of |terms|. */
static void
assert_close (const char *what, const float *got, const double *want, const double *scale, size_t n,
              const char *config)
{
  for (size_t i = 0; i < n; i++)
    {
      double tol = 2e-5 * scale[i] + 1e-6;
      if (!(fabs (got[i] - want[i]) <= tol))
        g_error ("%s[%zu] = %.9g, expected %.9g (tolerance %.3g) for %s", what, i, got[i], want[i], tol, config);
    }
}

static const char *
path_name (cw_conv_path p)
{
  switch (p)
    {
    case CW_CONV_PATH_AUTO: return "auto";
    case CW_CONV_PATH_IM2COL: return "im2col";
    case CW_CONV_PATH_DIRECT: return "direct";
    case CW_CONV_PATH_DIRECT_PORTABLE: return "direct-portable";
    }
  return "?";
}

/* Runs forward + backward of one configuration on every path and checks all four results. */
static void
check_config (const cw_layer_spec *s, int C, int L, int n, int threads, uint64_t seed)
{
  cw_rng rng;
  cw_rng_seed (&rng, seed);
  int F = s->units, k = s->kernel, pl, pr, lo;
  reference_pads (s, L, &pl, &pr, &lo);
  size_t np = (size_t) F * C * k + (s->bias ? F : 0);
  size_t nx = (size_t) n * C * L, ny = (size_t) n * F * lo;
  float *w = g_new (float, np), *x = g_new (float, nx), *dy = g_new (float, ny);
  float *y = g_new (float, ny), *dx = g_new (float, nx), *g0 = g_new (float, np);
  fill_random (w, np, &rng);
  fill_random (x, nx, &rng);
  fill_random (dy, ny, &rng);
  fill_random (g0, np, &rng);
  reference r = reference_run (s, C, L, n, w, x, dy);
  double *dw_want = g_new (double, np);

  static const cw_conv_path paths[] = { CW_CONV_PATH_AUTO, CW_CONV_PATH_IM2COL, CW_CONV_PATH_DIRECT,
                                        CW_CONV_PATH_DIRECT_PORTABLE };
  for (unsigned p = 0; p < G_N_ELEMENTS (paths); p++)
    {
      cw_conv_force_path = paths[p];
      char *config = g_strdup_printf ("C=%d L=%d F=%d k=%d s=%d d=%d pad=%d(%d:%d) bias=%d n=%d threads=%d "
                                      "path=%s", C, L, F, k, s->stride, s->dilation, s->padding, pl, pr,
                                      s->bias, n, threads, path_name (paths[p]));
      test_layer *t = layer_new (*s, C, L, n, threads);
      g_assert_cmpint (t->l.out_l, ==, lo);
      g_assert_cmpint (t->l.out_c, ==, F);
      g_assert_cmpuint (t->l.n_params, ==, np);
      memcpy (t->l.params, w, np * sizeof (float));
      /* backward adds into the gradients */
      memcpy (t->l.grads, g0, np * sizeof (float));
      for (size_t i = 0; i < ny; i++)
        y[i] = NAN;
      for (size_t i = 0; i < nx; i++)
        dx[i] = NAN;
      t->l.ops->forward (&t->l, x, y, n, true);
      assert_close ("y", y, r.y, r.y_abs, ny, config);
      t->l.ops->backward (&t->l, x, y, dy, dx, n);
      assert_close ("dx", dx, r.dx, r.dx_abs, nx, config);
      for (size_t i = 0; i < (size_t) F * C * k; i++)
        dw_want[i] = r.dw[i] + g0[i];
      if (s->bias)
        for (int f = 0; f < F; f++)
          dw_want[(size_t) F * C * k + f] = r.dw[(size_t) F * C * k + f] + g0[(size_t) F * C * k + f];
      double *scale = g_new (double, np);
      for (size_t i = 0; i < np; i++)
        scale[i] = r.dw_abs[i] + fabs (g0[i]);
      assert_close ("dW", t->l.grads, dw_want, scale, np, config);
      /* without dx only the parameter gradients change */
      memcpy (t->l.grads, g0, np * sizeof (float));
      t->l.ops->backward (&t->l, x, y, dy, NULL, n);
      assert_close ("dW (dx = NULL)", t->l.grads, dw_want, scale, np, config);
      g_free (scale);
      layer_free (t);
      g_free (config);
    }
  cw_conv_force_path = CW_CONV_PATH_AUTO;
  reference_free (&r);
  g_free (dw_want);
  g_free (w);
  g_free (x);
  g_free (dy);
  g_free (y);
  g_free (dx);
  g_free (g0);
}

/* ---- hand-computed examples ---- */

static void
run_single (cw_layer_spec spec, int C, int L, const float *w, const float *x, float *y)
{
  test_layer *t = layer_new (spec, C, L, 1, 1);
  memcpy (t->l.params, w, t->l.n_params * sizeof (float));
  t->l.ops->forward (&t->l, x, y, 1, false);
  layer_free (t);
}

static void
test_hand_example (void)
{
  /* y[t] = 1*x[t] + 2*x[t+1]: 0+6, 3+8, 4+10 */
  const float x[] = { 0, 3, 4, 5 }, w[] = { 1, 2 };
  static const cw_conv_path paths[] = { CW_CONV_PATH_AUTO, CW_CONV_PATH_IM2COL,
                                        CW_CONV_PATH_DIRECT_PORTABLE };
  for (unsigned p = 0; p < G_N_ELEMENTS (paths); p++)
    {
      cw_conv_force_path = paths[p];
      float y[3] = { -1, -1, -1 };
      run_single (conv_spec (1, 2, 1, 1, CW_PAD_VALID, 0, 0, false), 1, 4, w, x, y);
      g_assert_cmpfloat (y[0], ==, 6);
      g_assert_cmpfloat (y[1], ==, 11);
      g_assert_cmpfloat (y[2], ==, 14);
    }
  cw_conv_force_path = CW_CONV_PATH_AUTO;

  /* with a bias of 0.5 and two filters, the second one [2, 1] */
  const float w2[] = { 1, 2, 2, 1, 0.5f, -1 };
  float y2[6];
  run_single (conv_spec (2, 2, 1, 1, CW_PAD_VALID, 0, 0, true), 1, 4, w2, x, y2);
  const float want2[] = { 6.5f, 11.5f, 14.5f, 2, 9, 12 };
  for (int i = 0; i < 6; i++)
    g_assert_cmpfloat (y2[i], ==, want2[i]);
}

static void
test_edge_detector (void)
{
  /* [-1, 2, -1] on a step: flat parts give 0, the last low sample a trough, the first high a peak. */
  const float x[] = { 0, 0, 0, 0, 1, 1, 1, 1 }, w[] = { -1, 2, -1 };
  float y[8];
  run_single (conv_spec (1, 3, 1, 1, CW_PAD_VALID, 0, 0, false), 1, 8, w, x, y);
  const float want[] = { 0, 0, -1, 1, 0, 0 };
  for (int i = 0; i < 6; i++)
    g_assert_cmpfloat (y[i], ==, want[i]);

  /* same padding keeps the length: the zero borders make edges at both ends too */
  run_single (conv_spec (1, 3, 1, 1, CW_PAD_SAME, 0, 0, false), 1, 8, w, x, y);
  const float want_same[] = { 0, 0, 0, -1, 1, 0, 0, 1 };
  for (int i = 0; i < 8; i++)
    g_assert_cmpfloat (y[i], ==, want_same[i]);

  /* dilation 2 spans 5 samples: y[t] = -x[t] + 2 x[t+2] - x[t+4] */
  run_single (conv_spec (1, 3, 1, 2, CW_PAD_VALID, 0, 0, false), 1, 8, w, x, y);
  const float want_dil[] = { -1, -1, 1, 1 };
  for (int i = 0; i < 4; i++)
    g_assert_cmpfloat (y[i], ==, want_dil[i]);

  /* stride 2 keeps every other output of the valid case */
  run_single (conv_spec (1, 3, 2, 1, CW_PAD_VALID, 0, 0, false), 1, 8, w, x, y);
  const float want_str[] = { 0, -1, 0 };
  for (int i = 0; i < 3; i++)
    g_assert_cmpfloat (y[i], ==, want_str[i]);
}

/* Output lengths and shapes for each padding mode. */
static void
test_geometry (void)
{
  struct {
    int len, k, s, d;
    cw_padding pad;
    int pl, pr, want;
  } cases[] = {
    { 401, 9, 1, 1, CW_PAD_VALID, 0, 0, 393 },
    { 10, 3, 1, 1, CW_PAD_SAME, 0, 0, 10 },
    { 10, 4, 3, 1, CW_PAD_SAME, 0, 0, 4 },   /* ceil(10/3); total pad 3*3 + 4 - 10 = 3 */
    { 10, 3, 4, 1, CW_PAD_SAME, 0, 0, 3 },   /* total pad max(8 + 3 - 10, 0) = 1 */
    { 10, 1, 5, 1, CW_PAD_SAME, 0, 0, 2 },   /* no padding needed */
    { 10, 3, 1, 3, CW_PAD_CAUSAL, 0, 0, 10 },
    { 10, 3, 2, 1, CW_PAD_CAUSAL, 0, 0, 5 },
    { 10, 3, 1, 1, CW_PAD_EXPLICIT, 2, 1, 11 },
    { 5, 9, 1, 1, CW_PAD_EXPLICIT, 2, 2, 1 },
    { 9, 3, 1, 4, CW_PAD_VALID, 0, 0, 1 },
    { 12, 3, 3, 2, CW_PAD_VALID, 0, 0, 3 },  /* (12 - 5) / 3 + 1 */
  };
  for (unsigned i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      cw_layer_spec s = conv_spec (4, cases[i].k, cases[i].s, cases[i].d, cases[i].pad, cases[i].pl,
                                   cases[i].pr, true);
      cw_shape_info si;
      size_t ns;
      cw_error err;
      g_assert_cmpint (cw_conv_ops.shape (&s, 3, cases[i].len, &si, &ns, &err), ==, CW_OK);
      g_assert_cmpint (si.channels, ==, 4);
      g_assert_cmpint (si.length, ==, cases[i].want);
      g_assert_cmpuint (si.params, ==, 4 * 3 * cases[i].k + 4);
      g_assert_cmpfloat (si.flops, ==, 2.0 * 4 * 3 * cases[i].k * cases[i].want);
    }
  cw_layer_spec nb = conv_spec (8, 9, 1, 1, CW_PAD_VALID, 0, 0, false);
  cw_shape_info si;
  size_t ns;
  g_assert_cmpint (cw_conv_ops.shape (&nb, 1, 401, &si, &ns, NULL), ==, CW_OK);
  g_assert_cmpuint (si.params, ==, 72);
}

/* A causal convolution never looks ahead: changing x[t0] leaves every y[t < t0] unchanged. */
static void
test_causal (void)
{
  cw_rng rng;
  cw_rng_seed (&rng, 7);
  cw_layer_spec s = conv_spec (5, 4, 1, 2, CW_PAD_CAUSAL, 0, 0, true);
  int C = 3, L = 40, t0 = 23;
  test_layer *t = layer_new (s, C, L, 1, 1);
  g_assert_cmpint (t->l.out_l, ==, L);
  fill_random (t->l.params, t->l.n_params, &rng);
  float x[3 * 40], y1[5 * 40], y2[5 * 40];
  fill_random (x, G_N_ELEMENTS (x), &rng);
  t->l.ops->forward (&t->l, x, y1, 1, false);
  for (int c = 0; c < C; c++)
    x[c * L + t0] += 10.0f;
  t->l.ops->forward (&t->l, x, y2, 1, false);
  for (int f = 0; f < 5; f++)
    for (int i = 0; i < L; i++)
      {
        if (i < t0)
          g_assert_cmpfloat (y1[f * L + i], ==, y2[f * L + i]);
        else if (i == t0)
          g_assert_cmpfloat (y1[f * L + i], !=, y2[f * L + i]);
      }
  layer_free (t);
}

static void
expect_shape_error (cw_layer_spec s, int in_c, int in_l, const char *message)
{
  cw_shape_info si;
  size_t ns;
  cw_error err;
  cw_error_clear (&err);
  g_assert_cmpint (cw_conv_ops.shape (&s, in_c, in_l, &si, &ns, &err), ==, CW_ERR_SHAPE);
  g_assert_cmpint (err.status, ==, CW_ERR_SHAPE);
  g_assert_cmpstr (err.message, ==, message);
}

static void
test_shape_errors (void)
{
  expect_shape_error (conv_spec (8, 9, 1, 1, CW_PAD_VALID, 0, 0, true), 1, 5,
                      "input length 5 is shorter than the kernel span 9");
  expect_shape_error (conv_spec (8, 3, 1, 4, CW_PAD_VALID, 0, 0, true), 1, 8,
                      "input length 8 is shorter than the kernel span 9");
  expect_shape_error (conv_spec (8, 9, 1, 1, CW_PAD_EXPLICIT, 1, 2, true), 1, 5,
                      "padded input length 8 (1 + 5 + 2) is shorter than the kernel span 9");
  expect_shape_error (conv_spec (0, 3, 1, 1, CW_PAD_VALID, 0, 0, true), 1, 50,
                      "conv needs at least one filter (got 0)");
  expect_shape_error (conv_spec (4, 0, 1, 1, CW_PAD_VALID, 0, 0, true), 1, 50,
                      "kernel size must be at least 1 (got 0)");
  expect_shape_error (conv_spec (4, 3, 0, 1, CW_PAD_VALID, 0, 0, true), 1, 50,
                      "stride must be at least 1 (got 0)");
  expect_shape_error (conv_spec (4, 3, 1, 0, CW_PAD_VALID, 0, 0, true), 1, 50,
                      "dilation must be at least 1 (got 0)");
  expect_shape_error (conv_spec (4, 3, 1, 1, CW_PAD_EXPLICIT, -1, 2, true), 1, 50,
                      "padding must not be negative (got -1:2)");
  /* same and causal padding always leave at least one output */
  cw_shape_info si;
  size_t ns;
  cw_layer_spec same = conv_spec (4, 9, 1, 1, CW_PAD_SAME, 0, 0, true);
  g_assert_cmpint (cw_conv_ops.shape (&same, 1, 2, &si, &ns, NULL), ==, CW_OK);
  g_assert_cmpint (si.length, ==, 2);
  cw_layer_spec causal = conv_spec (4, 9, 1, 1, CW_PAD_CAUSAL, 0, 0, true);
  g_assert_cmpint (cw_conv_ops.shape (&causal, 1, 1, &si, &ns, NULL), ==, CW_OK);
  g_assert_cmpint (si.length, ==, 1);

  /* through the spec walk: the failing layer is named by its index */
  cw_spec *spec = cw_spec_new ();
  cw_layer_spec ok = conv_spec (8, 9, 1, 1, CW_PAD_VALID, 0, 0, true);
  cw_spec_append (spec, &ok);
  cw_spec_append (spec, &ok);
  cw_error err;
  g_assert_cmpint (cw_spec_infer (spec, 1, 15, NULL, &err), ==, CW_ERR_SHAPE);
  g_assert_cmpint (err.item, ==, 1);
  g_assert_true (g_str_has_suffix (err.message, "input length 7 is shorter than the kernel span 9"));
  g_assert_true (g_str_has_prefix (err.message, "Layer 2"));
  cw_spec_free (spec);
}

/* He-uniform within sqrt(6 / (C k)), spread over the whole range; biases zero. */
static void
test_init (void)
{
  cw_layer_spec s = conv_spec (16, 7, 1, 1, CW_PAD_VALID, 0, 0, true);
  test_layer *t = layer_new (s, 32, 100, 1, 1);
  cw_rng rng;
  cw_rng_seed (&rng, 3);
  t->l.ops->init (&t->l, &rng);
  double limit = sqrt (6.0 / (32 * 7));
  size_t nw = 16 * 32 * 7;
  double lo = 1, hi = -1, sum = 0;
  for (size_t i = 0; i < nw; i++)
    {
      lo = MIN (lo, t->l.params[i]);
      hi = MAX (hi, t->l.params[i]);
      sum += t->l.params[i];
    }
  g_assert_cmpfloat (hi, <=, limit);
  g_assert_cmpfloat (lo, >=, -limit);
  g_assert_cmpfloat (hi, >, 0.98 * limit);
  g_assert_cmpfloat (lo, <, -0.98 * limit);
  g_assert_cmpfloat (fabs (sum / nw), <, 0.05 * limit);
  for (int f = 0; f < 16; f++)
    g_assert_cmpfloat (t->l.params[nw + f], ==, 0);
  layer_free (t);
}

/* ---- the paths against the reference ---- */

static void
test_workload_shapes (void)
{
  /* The benchmark layers, at small batches. */
  const int shapes[][4] = { { 1, 401, 8, 9 }, { 8, 196, 16, 9 }, { 1, 1000, 32, 7 }, { 32, 497, 64, 7 },
                            { 64, 245, 64, 7 }, { 1, 700, 64, 3 }, { 64, 454, 64, 3 }, { 64, 15, 64, 3 } };
  for (unsigned i = 0; i < G_N_ELEMENTS (shapes); i++)
    {
      cw_layer_spec s = conv_spec (shapes[i][2], shapes[i][3], 1, 1, CW_PAD_VALID, 0, 0, true);
      check_config (&s, shapes[i][0], shapes[i][1], 2, 1 + (int) (i % 2), 100 + i);
    }
}

static void
test_random_configs (void)
{
  static const int channels[] = { 1, 2, 3, 5, 8, 17 };
  static const int filters[] = { 1, 3, 4, 8, 9, 16, 20, 33 };
  static const int kernels[] = { 1, 2, 3, 5, 7, 9 };
  static const cw_padding pads[] = { CW_PAD_VALID, CW_PAD_SAME, CW_PAD_CAUSAL, CW_PAD_EXPLICIT };
  cw_rng rng;
  cw_rng_seed (&rng, 2024);
  int done = 0;
  /* Each stride, dilation, padding and bias combination at least once, with random sizes. */
  for (int stride = 1; stride <= 3; stride++)
    for (int dil = 1; dil <= 3; dil++)
      for (int p = 0; p < 4; p++)
        for (int bias = 0; bias <= 1; bias++)
          for (int rep = 0; rep < 2; rep++)
            {
              int C = channels[cw_rng_below (&rng, G_N_ELEMENTS (channels))];
              int F = filters[cw_rng_below (&rng, G_N_ELEMENTS (filters))];
              int k = kernels[cw_rng_below (&rng, G_N_ELEMENTS (kernels))];
              int pl = (int) cw_rng_below (&rng, 4), pr = (int) cw_rng_below (&rng, 4);
              int L = dil * (k - 1) + 1 + (int) cw_rng_below (&rng, 120);
              int n = 1 + (int) cw_rng_below (&rng, 4);
              int threads = 1 + (int) cw_rng_below (&rng, 2);
              cw_layer_spec s = conv_spec (F, k, stride, dil, pads[p], pl, pr, bias);
              check_config (&s, C, L, n, threads, cw_rng_next (&rng));
              done++;
            }
  g_test_message ("%d random configurations checked on 4 paths", done);
}

/* Lengths around the kernel's 16-wide vectors and 48-wide tiles, and filter counts around its blocks. */
static void
test_tile_edges (void)
{
  const int lengths[] = { 1, 15, 16, 17, 31, 32, 33, 47, 48, 49, 95, 96, 97 };
  const int filters[] = { 1, 2, 5, 7, 8, 15, 17, 31, 64 };
  uint64_t seed = 1;
  for (unsigned i = 0; i < G_N_ELEMENTS (lengths); i++)
    for (unsigned j = 0; j < G_N_ELEMENTS (filters); j++)
      {
        cw_layer_spec s = conv_spec (filters[j], 3, 1, 1, CW_PAD_VALID, 0, 0, true);
        check_config (&s, 1 + (int) (j % 3), lengths[i] + 2, 2, 1, seed++);
      }
}

/* Two runs with 2 threads give bitwise the same outputs and gradients. */
static void
test_deterministic_threads (void)
{
  cw_rng rng;
  cw_rng_seed (&rng, 11);
  int C = 32, L = 300, n = 7;
  cw_layer_spec s = conv_spec (64, 7, 1, 1, CW_PAD_SAME, 0, 0, true);
  float *x = g_new (float, (size_t) n * C * L), *dy = g_new (float, (size_t) n * 64 * L);
  fill_random (x, (size_t) n * C * L, &rng);
  fill_random (dy, (size_t) n * 64 * L, &rng);
  static const cw_conv_path paths[] = { CW_CONV_PATH_AUTO, CW_CONV_PATH_IM2COL };
  for (unsigned p = 0; p < G_N_ELEMENTS (paths); p++)
    {
      cw_conv_force_path = paths[p];
      float *out[2][3];
      for (int run = 0; run < 2; run++)
        {
          test_layer *t = layer_new (s, C, L, n, 2);
          cw_rng init;
          cw_rng_seed (&init, 5);
          t->l.ops->init (&t->l, &init);
          out[run][0] = g_new (float, (size_t) n * 64 * L);
          out[run][1] = g_new (float, (size_t) n * C * L);
          t->l.ops->forward (&t->l, x, out[run][0], n, true);
          t->l.ops->backward (&t->l, x, out[run][0], dy, out[run][1], n);
          t->l.ops->backward (&t->l, x, out[run][0], dy, out[run][1], n);
          out[run][2] = g_memdup2 (t->l.grads, t->l.n_params * sizeof (float));
          layer_free (t);
        }
      g_assert_cmpmem (out[0][0], (size_t) n * 64 * L * sizeof (float), out[1][0],
                       (size_t) n * 64 * L * sizeof (float));
      g_assert_cmpmem (out[0][1], (size_t) n * C * L * sizeof (float), out[1][1],
                       (size_t) n * C * L * sizeof (float));
      g_assert_cmpmem (out[0][2], (size_t) (64 * C * 7 + 64) * sizeof (float), out[1][2],
                       (size_t) (64 * C * 7 + 64) * sizeof (float));
      for (int run = 0; run < 2; run++)
        for (int i = 0; i < 3; i++)
          g_free (out[run][i]);
    }
  cw_conv_force_path = CW_CONV_PATH_AUTO;
  g_free (x);
  g_free (dy);
}

/* Through the model: a bare conv as the whole network. */
static void
test_in_model (void)
{
  cw_spec *spec = cw_spec_new ();
  cw_layer_spec s = conv_spec (3, 5, 1, 2, CW_PAD_SAME, 0, 0, true);
  cw_spec_append (spec, &s);
  cw_error err;
  int C = 2, L = 50, n = 4;
  cw_model *m = cw_model_new (spec, C, L, CW_TASK_REGRESSION, 3 * L, &err);
  g_assert_nonnull (m);
  g_assert_cmpuint (cw_model_n_params (m), ==, 3 * 2 * 5 + 3);
  g_assert_cmpfloat (cw_model_flops (m), ==, 2.0 * 3 * 2 * 5 * L);
  g_assert_cmpint (cw_model_set_batch (m, n, &err), ==, CW_OK);
  cw_model_set_threads (m, 2);
  cw_rng rng;
  cw_rng_seed (&rng, 9);
  float x[4 * 2 * 50], dy[4 * 3 * 50], dx[4 * 2 * 50];
  fill_random (x, G_N_ELEMENTS (x), &rng);
  fill_random (dy, G_N_ELEMENTS (dy), &rng);
  float *w = cw_model_params (m);
  fill_random (w + 30, 3, &rng); /* non-zero biases */
  reference r = reference_run (&s, C, L, n, w, x, dy);
  const float *y = cw_model_forward (m, x, n, true);
  assert_close ("model y", y, r.y, r.y_abs, G_N_ELEMENTS (dy), "model");
  cw_model_zero_grads (m);
  cw_model_backward (m, dy, dx);
  assert_close ("model dx", dx, r.dx, r.dx_abs, G_N_ELEMENTS (dx), "model");
  assert_close ("model dW", cw_model_grads (m), r.dw, r.dw_abs, 33, "model");
  reference_free (&r);
  cw_model_free (m);
  cw_spec_free (spec);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_message ("direct kernel: %s", cw_conv_direct_is_simd () ? "AVX-512" : "plain C");
  g_test_add_func ("/conv/hand-example", test_hand_example);
  g_test_add_func ("/conv/edge-detector", test_edge_detector);
  g_test_add_func ("/conv/geometry", test_geometry);
  g_test_add_func ("/conv/causal", test_causal);
  g_test_add_func ("/conv/shape-errors", test_shape_errors);
  g_test_add_func ("/conv/init", test_init);
  g_test_add_func ("/conv/workload-shapes", test_workload_shapes);
  g_test_add_func ("/conv/random-configs", test_random_configs);
  g_test_add_func ("/conv/tile-edges", test_tile_edges);
  g_test_add_func ("/conv/deterministic-threads", test_deterministic_threads);
  g_test_add_func ("/conv/in-model", test_in_model);
  return g_test_run ();
}
