/* test-pool.c — max / average pooling (including overlapping windows) and global pooling against
 * hand-computed outputs, gradient routing to the first argmax, shape errors, and the vectorised rows
 * against a plain reference on random data. */
#include "cw-layer-private.h"
#include "cw.h"

#include <glib.h>
#include <math.h>
#include <string.h>

typedef struct {
  cw_layer l;
} test_layer;

static test_layer *
layer_new (cw_layer_type type, int window, int stride, int in_c, int in_l, int batch, int threads)
{
  test_layer *t = g_new0 (test_layer, 1);
  cw_layer *l = &t->l;
  l->spec = cw_layer_spec_default (type);
  l->spec.kernel = window;
  l->spec.stride = stride;
  l->ops = cw_layer_ops_for (type);
  cw_shape_info si;
  size_t ns = 99;
  cw_error err;
  cw_error_clear (&err);
  g_assert_cmpint (l->ops->shape (&l->spec, in_c, in_l, &si, &ns, &err), ==, CW_OK);
  g_assert_cmpuint (si.params, ==, 0);
  g_assert_cmpuint (ns, ==, 0);
  l->in_c = in_c;
  l->in_l = in_l;
  l->out_c = si.channels;
  l->out_l = si.length;
  l->threads = threads;
  l->ws_size = l->ops->workspace ? l->ops->workspace (l, batch, threads) : 0;
  l->ws = g_new0 (float, l->ws_size + 1);
  return t;
}

static void
layer_free (test_layer *t)
{
  g_free (t->l.ws);
  g_free (t);
}

static void
assert_floats (const float *got, const float *want, int n)
{
  for (int i = 0; i < n; i++)
    g_assert_cmpfloat_with_epsilon (got[i], want[i], 1e-6);
}

/* Forward then backward of one sample; returns the output length. */
static int
run (cw_layer_type type, int window, int stride, int in_c, int in_l, const float *x, const float *dy,
     float *y, float *dx)
{
  test_layer *t = layer_new (type, window, stride, in_c, in_l, 1, 1);
  int out_l = t->l.out_l;
  t->l.ops->forward (&t->l, x, y, 1, true);
  for (int i = 0; i < in_c * in_l; i++)
    dx[i] = NAN;
  t->l.ops->backward (&t->l, x, y, dy, dx, 1);
  layer_free (t);
  return out_l;
}

static void
test_maxpool_hand (void)
{
  /* window 2: [1,3] [2,2] [5,4]; the tie routes to the first 2 */
  const float x[] = { 1, 3, 2, 2, 5, 4 }, dy[] = { 1, 2, 3 };
  float y[3], dx[6];
  g_assert_cmpint (run (CW_LAYER_MAXPOOL, 2, 0, 1, 6, x, dy, y, dx), ==, 3);
  assert_floats (y, (const float[]) { 3, 2, 5 }, 3);
  assert_floats (dx, (const float[]) { 0, 1, 2, 0, 3, 0 }, 6);

  /* floor: 7 values, window 2 -> 3 outputs, the 7th value never matters */
  const float x7[] = { 1, 0, 0, 4, 2, 2, 9 };
  float y7[3], dx7[7];
  g_assert_cmpint (run (CW_LAYER_MAXPOOL, 2, 2, 1, 7, x7, dy, y7, dx7), ==, 3);
  assert_floats (y7, (const float[]) { 1, 4, 2 }, 3);
  assert_floats (dx7, (const float[]) { 1, 0, 0, 2, 3, 0, 0 }, 7);

  /* two channels, window 3 */
  const float x2[] = { 1, 2, 3, 6, 5, 4, -1, -3, -2, -6, -5, -4 }, dy2[] = { 1, 2, 3, 4 };
  float y2[4], dx2[12];
  g_assert_cmpint (run (CW_LAYER_MAXPOOL, 3, 0, 2, 6, x2, dy2, y2, dx2), ==, 2);
  assert_floats (y2, (const float[]) { 3, 6, -1, -4 }, 4);
  assert_floats (dx2, (const float[]) { 0, 0, 1, 2, 0, 0, 3, 0, 0, 0, 0, 4 }, 12);
}

static void
test_maxpool_overlapping (void)
{
  /* window 3 stride 2 over 7 values: [1,5,2] [2,4,3] [3,0,6] */
  const float x[] = { 1, 5, 2, 4, 3, 0, 6 }, dy[] = { 1, 10, 100 };
  float y[3], dx[7];
  g_assert_cmpint (run (CW_LAYER_MAXPOOL, 3, 2, 1, 7, x, dy, y, dx), ==, 3);
  assert_floats (y, (const float[]) { 5, 4, 6 }, 3);
  assert_floats (dx, (const float[]) { 0, 1, 0, 10, 0, 0, 100 }, 7);

  /* a maximum shared by two windows collects both gradients */
  const float xs[] = { 0, 1, 9, 1, 0 }, dys[] = { 1, 2 };
  float ys[2], dxs[5];
  g_assert_cmpint (run (CW_LAYER_MAXPOOL, 3, 2, 1, 5, xs, dys, ys, dxs), ==, 2);
  assert_floats (ys, (const float[]) { 9, 9 }, 2);
  assert_floats (dxs, (const float[]) { 0, 0, 3, 0, 0 }, 5);

  /* stride 1 (every window), ties at the first */
  const float xt[] = { 2, 2, 2, 1 }, dyt[] = { 1, 1, 1 };
  float yt[3], dxt[4];
  g_assert_cmpint (run (CW_LAYER_MAXPOOL, 2, 1, 1, 4, xt, dyt, yt, dxt), ==, 3);
  assert_floats (yt, (const float[]) { 2, 2, 2 }, 3);
  assert_floats (dxt, (const float[]) { 1, 1, 1, 0 }, 4);
}

static void
test_avgpool_hand (void)
{
  const float x[] = { 1, 3, 2, 2, 5, 4, 7 }, dy[] = { 2, 4, 6 };
  float y[3], dx[7];
  g_assert_cmpint (run (CW_LAYER_AVGPOOL, 2, 0, 1, 7, x, dy, y, dx), ==, 3);
  assert_floats (y, (const float[]) { 2, 2, 4.5f }, 3);
  assert_floats (dx, (const float[]) { 1, 1, 2, 2, 3, 3, 0 }, 7);

  /* overlapping 3/2: [1,3,2] [2,2,5] [5,4,7]; the shared values get two thirds-shares */
  float y3[3], dx3[7];
  g_assert_cmpint (run (CW_LAYER_AVGPOOL, 3, 2, 1, 7, x, dy, y3, dx3), ==, 3);
  assert_floats (y3, (const float[]) { 2, 3, 16.0f / 3 }, 3);
  assert_floats (dx3, (const float[]) { 2.0f / 3, 2.0f / 3, 2, 4.0f / 3, 10.0f / 3, 2, 2 }, 7);
}

static void
test_global_hand (void)
{
  /* two channels of 4: max 7 at index 1 (the first of two), -1 at index 3; means 3.5 and -2.5 */
  const float x[] = { 1, 7, 7, -1, -4, -3, -2, -1 }, dy[] = { 10, 20 };
  float y[2], dx[8];
  g_assert_cmpint (run (CW_LAYER_GLOBAL_MAXPOOL, 0, 0, 2, 4, x, dy, y, dx), ==, 1);
  assert_floats (y, (const float[]) { 7, -1 }, 2);
  assert_floats (dx, (const float[]) { 0, 10, 0, 0, 0, 0, 0, 20 }, 8);
  g_assert_cmpint (run (CW_LAYER_GLOBAL_AVGPOOL, 0, 0, 2, 4, x, dy, y, dx), ==, 1);
  assert_floats (y, (const float[]) { 3.5f, -2.5f }, 2);
  assert_floats (dx, (const float[]) { 2.5f, 2.5f, 2.5f, 2.5f, 5, 5, 5, 5 }, 8);
}

static void
expect_error (cw_layer_type type, int window, int stride, int in_l, const char *message)
{
  cw_layer_spec s = cw_layer_spec_default (type);
  s.kernel = window;
  s.stride = stride;
  cw_shape_info si;
  size_t ns;
  cw_error err;
  cw_error_clear (&err);
  g_assert_cmpint (cw_layer_ops_for (type)->shape (&s, 4, in_l, &si, &ns, &err), ==, CW_ERR_SHAPE);
  g_assert_cmpstr (err.message, ==, message);
}

static void
test_shapes (void)
{
  expect_error (CW_LAYER_MAXPOOL, 5, 0, 3, "pooling window 5 is longer than the input length 3");
  expect_error (CW_LAYER_AVGPOOL, 0, 0, 3, "pooling window must be at least 1 (got 0)");
  expect_error (CW_LAYER_MAXPOOL, 2, -1, 3, "pooling stride must be at least 1 (got -1)");
  const struct {
    int len, k, s, want;
  } cases[] = { { 393, 2, 2, 196 }, { 4094, 3, 3, 1364 }, { 7, 3, 2, 3 }, { 3, 3, 0, 1 }, { 10, 3, 1, 8 },
                { 5, 2, 0, 2 } };
  for (unsigned i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      cw_layer_spec s = cw_layer_spec_default (CW_LAYER_AVGPOOL);
      s.kernel = cases[i].k;
      s.stride = cases[i].s;
      cw_shape_info si;
      size_t ns;
      g_assert_cmpint (cw_avgpool_ops.shape (&s, 6, cases[i].len, &si, &ns, NULL), ==, CW_OK);
      g_assert_cmpint (si.channels, ==, 6);
      g_assert_cmpint (si.length, ==, cases[i].want);
      g_assert_cmpfloat (si.flops, ==, 0);
    }
  cw_layer_spec g = cw_layer_spec_default (CW_LAYER_GLOBAL_MAXPOOL);
  cw_shape_info si;
  size_t ns;
  g_assert_cmpint (cw_global_maxpool_ops.shape (&g, 64, 119, &si, &ns, NULL), ==, CW_OK);
  g_assert_cmpint (si.channels, ==, 64);
  g_assert_cmpint (si.length, ==, 1);

  /* the spec walk names the layer */
  cw_spec *spec = cw_spec_new ();
  cw_layer_spec conv = cw_layer_spec_default (CW_LAYER_CONV);
  cw_layer_spec pool = cw_layer_spec_default (CW_LAYER_MAXPOOL);
  pool.kernel = 4;
  pool.stride = 0;
  cw_spec_append (spec, &conv);
  cw_spec_append (spec, &pool);
  cw_error err;
  g_assert_cmpint (cw_spec_infer (spec, 1, 5, NULL, &err), ==, CW_ERR_SHAPE);
  g_assert_cmpint (err.item, ==, 1);
  g_assert_true (g_str_has_suffix (err.message, "pooling window 4 is longer than the input length 3"));
  cw_spec_free (spec);
}

/* The vectorised rows (strides 1, 2, 3 by permutes, others by gathers) against the definition, on
 * random data with many ties, several lengths around the 16-wide blocks, with 1 and 2 threads. */
static void
test_maxpool_random (void)
{
  cw_rng rng;
  cw_rng_seed (&rng, 42);
  const int lengths[] = { 2, 17, 33, 48, 100, 401 };
  int checked = 0;
  for (int k = 1; k <= 5; k++)
    for (int s = 0; s <= 5; s++)
      for (unsigned li = 0; li < G_N_ELEMENTS (lengths); li++)
        {
          int len = lengths[li], C = 3, n = 3;
          if (k > len)
            continue;
          int stride = s == 0 ? k : s;
          int out_l = (len - k) / stride + 1;
          size_t nx = (size_t) n * C * len, ny = (size_t) n * C * out_l;
          float *x = g_new (float, nx), *dy = g_new (float, ny), *y = g_new (float, ny);
          float *dx = g_new (float, nx), *ay = g_new (float, ny), *adx = g_new (float, nx);
          for (size_t i = 0; i < nx; i++)
            x[i] = (float) cw_rng_below (&rng, 5); /* small integers: many ties */
          for (size_t i = 0; i < ny; i++)
            dy[i] = (float) (cw_rng_uniform (&rng) - 0.5);
          test_layer *t = layer_new (CW_LAYER_MAXPOOL, k, s, C, len, n, 1 + (k + s) % 2);
          g_assert_cmpint (t->l.out_l, ==, out_l);
          t->l.ops->forward (&t->l, x, y, n, true);
          t->l.ops->backward (&t->l, x, y, dy, dx, n);
          test_layer *a = layer_new (CW_LAYER_AVGPOOL, k, s, C, len, n, 2);
          a->l.ops->forward (&a->l, x, ay, n, true);
          a->l.ops->backward (&a->l, x, ay, dy, adx, n);
          float *want_dx = g_new0 (float, nx), *want_adx = g_new0 (float, nx);
          for (size_t r = 0; r < (size_t) n * C; r++)
            for (int o = 0; o < out_l; o++)
              {
                const float *w = x + r * len + (size_t) o * stride;
                int best = 0;
                double sum = 0;
                for (int j = 0; j < k; j++)
                  {
                    if (w[j] > w[best])
                      best = j;
                    sum += w[j];
                  }
                g_assert_cmpfloat (y[r * out_l + o], ==, w[best]);
                g_assert_cmpfloat_with_epsilon (ay[r * out_l + o], sum / k, 1e-5);
                want_dx[r * len + (size_t) o * stride + best] += dy[r * out_l + o];
                for (int j = 0; j < k; j++)
                  want_adx[r * len + (size_t) o * stride + j] += dy[r * out_l + o] / k;
              }
          for (size_t i = 0; i < nx; i++)
            {
              g_assert_cmpfloat_with_epsilon (dx[i], want_dx[i], 1e-6);
              g_assert_cmpfloat_with_epsilon (adx[i], want_adx[i], 1e-6);
            }
          layer_free (t);
          layer_free (a);
          g_free (x);
          g_free (dy);
          g_free (y);
          g_free (dx);
          g_free (ay);
          g_free (adx);
          g_free (want_dx);
          g_free (want_adx);
          checked++;
        }
  g_test_message ("%d window/stride/length combinations checked", checked);
}

/* NaN propagates through max pooling, as in PyTorch. */
static void
test_maxpool_nan (void)
{
  float x[40], dy[20], y[20], dx[40];
  for (int i = 0; i < 40; i++)
    x[i] = (float) i;
  for (int i = 0; i < 20; i++)
    dy[i] = 1;
  x[7] = NAN;  /* window 3 (6, 7): the vector path */
  x[38] = NAN; /* window 19 (38, 39) */
  g_assert_cmpint (run (CW_LAYER_MAXPOOL, 2, 0, 1, 40, x, dy, y, dx), ==, 20);
  g_assert_true (isnan (y[3]));
  g_assert_true (isnan (y[19]));
  g_assert_cmpfloat (y[4], ==, 9);
  g_assert_cmpfloat (dx[7], ==, 1);
  g_assert_cmpfloat (dx[6], ==, 0);
  g_assert_cmpfloat (dx[38], ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pool/maxpool-hand", test_maxpool_hand);
  g_test_add_func ("/pool/maxpool-overlapping", test_maxpool_overlapping);
  g_test_add_func ("/pool/avgpool-hand", test_avgpool_hand);
  g_test_add_func ("/pool/global-hand", test_global_hand);
  g_test_add_func ("/pool/shapes", test_shapes);
  g_test_add_func ("/pool/maxpool-random", test_maxpool_random);
  g_test_add_func ("/pool/maxpool-nan", test_maxpool_nan);
  return g_test_run ();
}
