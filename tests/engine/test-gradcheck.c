/* test-gradcheck.c — every layer type, activation and loss gradient-checked on odd sizes, and proof that
 * the check fails on a wrong gradient.
 *
 * Finite differences need smooth functions: inputs are drawn away from kinks (ReLU at 0, ReLU6 at 6,
 * max-pool ties), and where a kink sits behind a convolution the weight seed is chosen so that every
 * pre-activation is further from it than any step of the check can move it. */
#include "cw-model-private.h"
#include "cw-train.h"
#include "engine-test-util.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#define STEP 1e-2      /* central-difference step */
#define TOLERANCE 1e-2 /* max relative error (floor 1e-2, see gradcheck.c) */

/* ---- helpers ---- */

/* Moves values within `margin` of `kink` to 2 margins away on their side. */
static void
away_from (float *v, size_t n, float kink, float margin)
{
  for (size_t i = 0; i < n; i++)
    if (fabsf (v[i] - kink) < margin)
      v[i] = kink + (v[i] >= kink ? 2 * margin : -2 * margin);
}

static float
distance_to (const float *v, size_t n, float kink)
{
  float d = INFINITY;
  for (size_t i = 0; i < n; i++)
    d = fminf (d, fabsf (v[i] - kink));
  return d;
}

static float
max_value (const float *v, size_t n)
{
  float mx = -INFINITY;
  for (size_t i = 0; i < n; i++)
    mx = fmaxf (mx, v[i]);
  return mx;
}

static size_t
in_size (cw_model *m, int n)
{
  return (size_t) n * cw_model_in_channels (m) * cw_model_in_length (m);
}

static size_t
layer_size (cw_model *m, int layer, int n)
{
  cw_shape_info si = cw_model_layer_info (m, layer);
  return (size_t) n * si.channels * si.length;
}

/* Runs the check, asserts it passes, that every entry was compared, that every layer with parameters
 * gets a non-zero gradient (a check of all-zero gradients proves nothing) and that the model's
 * parameters and state come back unchanged. */
static cw_gradcheck_result
check_with (cw_model *m, cw_loss loss, const float *x, const float *y, int n, bool check_input,
            const char *what, double tolerance)
{
  size_t np = cw_model_n_params (m), ns = cw_model_n_state (m);
  /* One spare float so a layer without parameters or state still gets a non-NULL buffer. */
  float *params = g_new (float, np + 1);
  float *state = g_new (float, ns + 1);
  memcpy (params, cw_model_params (m), np * sizeof (float));
  memcpy (state, cw_model_state (m), ns * sizeof (float));
  cw_gradcheck_result r = cw_gradcheck (m, loss, x, y, n, STEP, check_input);
  g_test_message ("%s: %d entries, max rel %.2e, max abs %.2e, worst %d", what, r.checked,
                  r.max_rel_error, r.max_abs_error, r.worst_index);
  g_assert_cmpint (r.checked, ==, (int) (np + (check_input ? in_size (m, n) : 0)));
  if (tolerance > 0 && !(r.max_rel_error < tolerance))
    g_error ("%s: gradient check failed: max relative error %.3e (entry %d)", what, r.max_rel_error,
             r.worst_index);
  for (int i = 0; i < cw_model_n_layers (m); i++)
    {
      size_t lp;
      const float *g = cw_model_layer_grads (m, i, &lp);
      float mx = 0;
      for (size_t j = 0; j < lp; j++)
        mx = fmaxf (mx, fabsf (g[j]));
      if (lp && !(mx > 1e-4f))
        g_error ("%s: layer %d gets no gradient (max |g| = %g)", what, i, mx);
    }
  g_assert_cmpmem (params, np * sizeof (float), cw_model_params (m), np * sizeof (float));
  g_assert_cmpmem (state, ns * sizeof (float), cw_model_state (m), ns * sizeof (float));
  g_free (params);
  g_free (state);
  return r;
}

static void
check (cw_model *m, cw_loss loss, const float *x, const float *y, int n, bool check_input,
       const char *what)
{
  check_with (m, loss, x, y, n, check_input, what, TOLERANCE);
}

/* Network and data for a regression check: x uniform in [-xmax, xmax], targets uniform in [-1, 1]. */
typedef struct {
  cw_model *m;
  float *x, *y;
  int n;
} setup;

static setup
regression (const cw_layer_spec *layers, int n_layers, int c, int l, int k, int n, double xmax,
            uint64_t seed)
{
  setup s = { build (layers, n_layers, c, l, CW_TASK_REGRESSION, k, n, seed), NULL, NULL, n };
  cw_rng rng;
  cw_rng_seed (&rng, seed + 1000);
  s.x = g_new (float, in_size (s.m, n));
  s.y = g_new (float, (size_t) n * k);
  uniform (&rng, s.x, in_size (s.m, n), -xmax, xmax);
  uniform (&rng, s.y, (size_t) n * k, -1, 1);
  return s;
}

static void
setup_free (setup *s)
{
  cw_model_free (s->m);
  g_free (s->x);
  g_free (s->y);
}

/* ---- gradient checks per layer type ---- */

static void
test_conv (void)
{
  const cw_padding pads[] = { CW_PAD_VALID, CW_PAD_SAME, CW_PAD_CAUSAL, CW_PAD_EXPLICIT, CW_PAD_EXPLICIT };
  const int lefts[] = { 0, 0, 0, 2, 0 }, rights[] = { 0, 0, 0, 1, 3 };
  const int kernels[] = { 3, 4 };
  for (int ki = 0; ki < 2; ki++)
    for (int s = 1; s <= 3; s++)
      for (int d = 1; d <= 3; d++)
        for (int p = 0; p < 5; p++)
          for (int b = 0; b < 2; b++)
            {
              cw_layer_spec layers[] = {
                conv (3, kernels[ki], s, d, pads[p], lefts[p], rights[p], b),
                plain (CW_LAYER_FLATTEN), dense (2, true),
              };
              char *what = g_strdup_printf ("conv k=%d s=%d d=%d pad=%d(%d:%d) bias=%d", kernels[ki], s,
                                            d, pads[p], lefts[p], rights[p], b);
              setup t = regression (layers, 3, 3, 11, 2, 3, 1, 11 + ki * 100 + s * 10 + d);
              check (t.m, CW_LOSS_MSE, t.x, t.y, t.n, true, what);
              setup_free (&t);
              g_free (what);
            }
}

/* Inputs on a grid with spacing 0.05 in random order: no two values are within a step of each other,
 * so no max-pool window has a tie. */
static void
distinct_inputs (float *x, size_t n, uint64_t seed)
{
  cw_rng rng;
  cw_rng_seed (&rng, seed);
  int *order = g_new (int, n);
  for (size_t i = 0; i < n; i++)
    order[i] = (int) i;
  cw_rng_shuffle (&rng, order, (int) n);
  for (size_t i = 0; i < n; i++)
    x[i] = 0.05f * (float) (order[i] - (int) n / 2);
  g_free (order);
}

static void
test_pool (void)
{
  const struct {
    cw_layer_spec pool;
    const char *what;
  } cases[] = {
    { pool (CW_LAYER_MAXPOOL, 2, 2), "maxpool(2)" },
    { pool (CW_LAYER_MAXPOOL, 3, 2), "maxpool(3,s=2)" },
    { pool (CW_LAYER_AVGPOOL, 2, 2), "avgpool(2)" },
    { pool (CW_LAYER_AVGPOOL, 3, 2), "avgpool(3,s=2)" },
    { plain (CW_LAYER_GLOBAL_MAXPOOL), "gmaxpool" },
    { plain (CW_LAYER_GLOBAL_AVGPOOL), "gavgpool" },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      cw_layer_spec layers[] = { cases[i].pool, plain (CW_LAYER_FLATTEN), dense (2, true) };
      setup t = regression (layers, 3, 3, 11, 2, 3, 1, 40 + i);
      distinct_inputs (t.x, in_size (t.m, t.n), 50 + i);
      check (t.m, CW_LOSS_MSE, t.x, t.y, t.n, true, cases[i].what);
      setup_free (&t);
    }
}

static void
test_dense (void)
{
  /* Dense straight on a C x 1 input, a hidden layer, a dense without bias. */
  cw_layer_spec a[] = { dense (4, true), act (CW_ACT_TANH), dense (3, false) };
  setup t = regression (a, 3, 5, 1, 3, 3, 1.5, 60);
  check (t.m, CW_LOSS_MSE, t.x, t.y, t.n, true, "dense tanh dense(bias=false)");
  setup_free (&t);

  /* Flatten of a 3 x 11 input feeding dense layers. */
  cw_layer_spec b[] = { plain (CW_LAYER_FLATTEN), dense (4, true), act (CW_ACT_SIGMOID), dense (2, true) };
  t = regression (b, 4, 3, 11, 2, 3, 1, 61);
  check (t.m, CW_LOSS_MSE, t.x, t.y, t.n, true, "flatten dense sigmoid dense");
  setup_free (&t);
}

static void
test_dropout (void)
{
  cw_layer_spec layers[] = { plain (CW_LAYER_FLATTEN), dense (6, true), act (CW_ACT_TANH),
                             plain (CW_LAYER_DROPOUT), dense (2, true) };
  layers[3].rate = 0.3f;
  setup t = regression (layers, 5, 3, 11, 2, 3, 1, 70);
  check (t.m, CW_LOSS_MSE, t.x, t.y, t.n, true, "dropout(0.3) between dense layers");
  setup_free (&t);

  cw_layer_spec direct[] = { plain (CW_LAYER_DROPOUT), plain (CW_LAYER_FLATTEN), dense (2, true) };
  t = regression (direct, 3, 3, 11, 2, 3, 1, 71);
  check (t.m, CW_LOSS_MSE, t.x, t.y, t.n, true, "dropout(0.5) on the input");
  setup_free (&t);
}

/* gamma and beta away from their initial 1 and 0, so a swapped or ignored parameter shows. */
static void
randomize_batchnorm (cw_model *m, int layer, uint64_t seed)
{
  size_t np;
  float *p = cw_model_layer_params (m, layer, &np);
  cw_rng rng;
  cw_rng_seed (&rng, seed);
  uniform (&rng, p, np / 2, 0.5, 1.5);
  uniform (&rng, p + np / 2, np / 2, -0.5, 0.5);
}

static void
test_batchnorm (void)
{
  cw_layer_spec a[] = { plain (CW_LAYER_BATCHNORM), plain (CW_LAYER_FLATTEN), dense (2, true) };
  setup t = regression (a, 3, 3, 11, 2, 3, 1, 80);
  randomize_batchnorm (t.m, 0, 81);
  check (t.m, CW_LOSS_MSE, t.x, t.y, t.n, true, "batchnorm on 3 x 11");
  setup_free (&t);

  /* After a dense layer: statistics over the batch only (length 1), 5 samples. */
  cw_layer_spec b[] = { dense (4, true), plain (CW_LAYER_BATCHNORM), act (CW_ACT_TANH), dense (2, true) };
  t = regression (b, 4, 3, 1, 2, 5, 1.5, 82);
  randomize_batchnorm (t.m, 1, 83);
  check (t.m, CW_LOSS_MSE, t.x, t.y, t.n, true, "dense batchnorm tanh dense");
  setup_free (&t);
}

static float
kink_distance (cw_activation a, const float *v, size_t n)
{
  switch (a)
    {
    case CW_ACT_RELU6:
      return fminf (distance_to (v, n, 0.0f), distance_to (v, n, 6.0f));
    case CW_ACT_RELU: case CW_ACT_LEAKY_RELU: case CW_ACT_PRELU: case CW_ACT_RRELU: case CW_ACT_ELU:
      return distance_to (v, n, 0.0f);
    default:
      return INFINITY;
    }
}

static void
set_prelu_slopes (cw_model *m, int layer)
{
  size_t np;
  float *a = cw_model_layer_params (m, layer, &np);
  for (size_t c = 0; c < np; c++)
    a[c] = 0.1f + 0.2f * (float) c;
}

static void
test_activation (gconstpointer data)
{
  cw_activation a = (cw_activation) GPOINTER_TO_INT (data);
  const char *name = cw_activation_name (a);
  /* ReLU6 needs inputs on both sides of 0 and 6. */
  double xmax = a == CW_ACT_RELU6 ? 8 : 3;

  /* On the input directly: inputs kept 0.05 away from the kinks, far more than a step moves them. */
  cw_layer_spec direct[] = { act (a), plain (CW_LAYER_FLATTEN), dense (2, true) };
  setup t = regression (direct, 3, 3, 11, 2, 3, xmax, 90 + a);
  size_t nx = in_size (t.m, t.n);
  away_from (t.x, nx, 0.0f, 0.05f);
  away_from (t.x, nx, 6.0f, 0.05f);
  if (a == CW_ACT_PRELU)
    set_prelu_slopes (t.m, 0);
  char *what = g_strdup_printf ("%s on the input", name);
  check (t.m, CW_LOSS_MSE, t.x, t.y, t.n, true, what);
  g_free (what);
  setup_free (&t);

  /* After a convolution: the weight seed is chosen so that no pre-activation lies within the largest
   * shift a step can cause (STEP x |x| for a weight, STEP x |w| for an input). */
  xmax = a == CW_ACT_RELU6 ? 10 : 2;
  float margin = (float) (2 * STEP * xmax + 0.02);
  cw_layer_spec after[] = { conv (4, 3, 1, 1, CW_PAD_SAME, 0, 0, true), act (a),
                            plain (CW_LAYER_FLATTEN), dense (2, true) };
  t = regression (after, 4, 3, 11, 2, 3, xmax, 110 + a);
  uint64_t seed;
  for (seed = 1; seed < 2000; seed++)
    {
      cw_model_init_weights (t.m, seed);
      cw_model_forward (t.m, t.x, t.n, true);
      const float *pre = cw_model_layer_output (t.m, 0);
      size_t np = layer_size (t.m, 0, t.n);
      if (kink_distance (a, pre, np) < margin)
        continue;
      if (a == CW_ACT_RELU6 && !(max_value (pre, np) > 6.0f)) /* clipping on both sides */
        continue;
      break;
    }
  g_assert_cmpint (seed, <, 2000);
  if (a == CW_ACT_PRELU)
    set_prelu_slopes (t.m, 1);
  what = g_strdup_printf ("%s after conv (weight seed %d)", name, (int) seed);
  check (t.m, CW_LOSS_MSE, t.x, t.y, t.n, true, what);
  g_free (what);
  setup_free (&t);
}

/* ---- every loss ---- */

static void
test_loss (gconstpointer data)
{
  cw_loss loss = (cw_loss) GPOINTER_TO_INT (data);
  int k = 3, n = 4;
  cw_task task = CW_TASK_REGRESSION;
  cw_layer_spec layers[5] = { plain (CW_LAYER_FLATTEN), dense (5, true), act (CW_ACT_TANH), dense (k, true) };
  int n_layers = 4;
  /* The classification losses go with a trailing output function the model must skip. */
  if (loss == CW_LOSS_CROSS_ENTROPY)
    {
      task = CW_TASK_MULTICLASS;
      layers[n_layers++] = act (CW_ACT_SOFTMAX);
    }
  else if (loss == CW_LOSS_BINARY_CROSS_ENTROPY)
    {
      task = CW_TASK_MULTILABEL;
      layers[n_layers++] = act (CW_ACT_SIGMOID);
    }
  else if (loss != CW_LOSS_MSE && loss != CW_LOSS_MAE)
    task = CW_TASK_MULTILABEL;
  cw_model *m = build (layers, n_layers, 2, 7, task, k, n, 120 + loss);
  g_assert_cmpint (cw_model_logits_layer (m), ==, 3);
  /* Larger output weights so that the hinge has terms on both sides of its margin. */
  size_t nw;
  float *w = cw_model_layer_params (m, 3, &nw);
  for (size_t i = 0; i < nw; i++)
    w[i] *= 3;

  cw_rng rng;
  cw_rng_seed (&rng, 130 + loss);
  float x[4 * 2 * 7], y[4 * 3];
  uniform (&rng, x, G_N_ELEMENTS (x), -1, 1);
  const float *o = cw_model_forward (m, x, n, true);
  int active = 0;
  for (int i = 0; i < n * k; i++)
    {
      if (loss == CW_LOSS_MSE)
        y[i] = (float) (2 * cw_rng_uniform (&rng) - 1);
      else if (loss == CW_LOSS_MAE) /* at least 0.2 from the output: the kink of |o - t| is at 0 */
        y[i] = o[i] + (float) ((cw_rng_uniform (&rng) < 0.5 ? -1 : 1) * (0.2 + cw_rng_uniform (&rng)));
      else if (loss == CW_LOSS_CROSS_ENTROPY)
        y[i] = (i % k) == (i / k) % k;
      else
        {
          y[i] = cw_rng_uniform (&rng) < 0.5;
          /* The hinge kink is at y o = 1: flip the label when o is close to it. */
          if (loss == CW_LOSS_HINGE && fabsf (1 - (2 * y[i] - 1) * o[i]) < 0.1f)
            y[i] = 1 - y[i];
          active += 1 - (2 * y[i] - 1) * o[i] > 0;
        }
    }
  if (loss == CW_LOSS_HINGE)
    {
      g_test_message ("hinge: %d of %d terms inside the margin", active, n * k);
      g_assert_cmpint (active, >, 0);
      g_assert_cmpint (active, <, n * k);
    }
  char *what = g_strdup_printf ("loss %s", cw_loss_name (loss));
  check (m, loss, x, y, n, true, what);
  g_free (what);
  cw_model_free (m);
}

/* ---- a realistic stack with every noisy and batch-dependent layer at once ---- */

static float
pool_gap (const float *v, int n, int c, int l, int k, int s)
{
  float gap = INFINITY;
  for (int i = 0; i < n * c; i++)
    for (int t = 0; t + k <= l; t += s)
      {
        const float *w = v + (size_t) i * l + t;
        float top = -INFINITY, second = -INFINITY;
        for (int j = 0; j < k; j++)
          if (w[j] > top)
            {
              second = top;
              top = w[j];
            }
          else if (w[j] > second)
            second = w[j];
        gap = fminf (gap, top - second);
      }
  return gap;
}

static void
test_stack (void)
{
  cw_layer_spec layers[] = {
    conv (4, 3, 1, 1, CW_PAD_VALID, 0, 0, true), act (CW_ACT_TANH), pool (CW_LAYER_MAXPOOL, 2, 2),
    conv (5, 3, 1, 2, CW_PAD_SAME, 0, 0, true), plain (CW_LAYER_BATCHNORM), act (CW_ACT_SWISH),
    plain (CW_LAYER_DROPOUT), plain (CW_LAYER_GLOBAL_AVGPOOL), dense (3, true), act (CW_ACT_SOFTMAX),
  };
  layers[6].rate = 0.25f;
  int n = 3;
  cw_model *m = build (layers, G_N_ELEMENTS (layers), 2, 19, CW_TASK_MULTICLASS, 3, n, 1);
  float x[3 * 2 * 19], y[3 * 3] = { 1, 0, 0, 0, 1, 0, 0, 0, 1 };
  cw_rng rng;
  cw_rng_seed (&rng, 140);
  uniform (&rng, x, G_N_ELEMENTS (x), -2, 2);
  /* A step moves a tanh output by at most STEP x 2 (a weight times |x| <= 2) and a pair in one window
   * by twice that: the weight seed is chosen so that every max-pool window is won by a wider margin. */
  uint64_t seed;
  for (seed = 1; seed < 2000; seed++)
    {
      cw_model_init_weights (m, seed);
      cw_model_forward (m, x, n, true);
      cw_shape_info a = cw_model_layer_info (m, 1);
      if (pool_gap (cw_model_layer_output (m, 1), n, a.channels, a.length, 2, 2) > 5 * STEP)
        break;
    }
  g_assert_cmpint (seed, <, 2000);
  randomize_batchnorm (m, 4, seed);
  char *what = g_strdup_printf ("conv tanh maxpool conv(d=2,same) bn swish dropout gap dense softmax "
                                "(seed %d)", (int) seed);
  check (m, CW_LOSS_CROSS_ENTROPY, x, y, n, true, what);
  g_free (what);

  /* Two threads give the same gradient check (the layers reduce in a fixed order). */
  cw_model_set_threads (m, 2);
  check (m, CW_LOSS_CROSS_ENTROPY, x, y, n, true, "same stack, 2 threads");
  cw_model_free (m);
}

/* ---- the check must fail on a wrong gradient ---- */

static const cw_layer_ops *real_ops;
static cw_layer_ops wrong_ops;
static int bug;

enum { BUG_NO_BIAS_GRAD, BUG_SCALED_GRADS, BUG_NO_DERIVATIVE, BUG_BN_AS_INFERENCE };

static void
buggy_backward (cw_layer *l, const float *x, const float *y, const float *dy, float *dx, int n)
{
  switch (bug)
    {
    case BUG_NO_BIAS_GRAD:
      {
        /* The bias gradient is forgotten: keep what was there before this layer added to it. */
        size_t nb = (size_t) l->spec.units, nw = l->n_params - nb;
        float *saved = g_memdup2 (l->grads + nw, nb * sizeof (float));
        real_ops->backward (l, x, y, dy, dx, n);
        memcpy (l->grads + nw, saved, nb * sizeof (float));
        g_free (saved);
        break;
      }
    case BUG_SCALED_GRADS: /* every parameter gradient 5 % too large */
      {
        float *before = g_memdup2 (l->grads, l->n_params * sizeof (float));
        real_ops->backward (l, x, y, dy, dx, n);
        for (size_t j = 0; j < l->n_params; j++)
          l->grads[j] = before[j] + 1.05f * (l->grads[j] - before[j]);
        g_free (before);
        break;
      }
    case BUG_NO_DERIVATIVE: /* the activation's derivative left out: dx = dy */
      memcpy (dx, dy, (size_t) n * l->in_c * l->in_l * sizeof (float));
      break;
    case BUG_BN_AS_INFERENCE: /* batch statistics treated as constants */
      l->ws[2 * l->in_c] = 0.0f;
      real_ops->backward (l, x, y, dy, dx, n);
      break;
    }
}

static double
check_buggy (cw_model *m, int layer, int which, setup *t, const char *what)
{
  real_ops = m->layers[layer].ops;
  wrong_ops = *real_ops;
  wrong_ops.backward = buggy_backward;
  bug = which;
  m->layers[layer].ops = &wrong_ops;
  cw_gradcheck_result r = check_with (m, CW_LOSS_MSE, t->x, t->y, t->n, true, what, 0);
  m->layers[layer].ops = real_ops;
  return r.max_rel_error;
}

static void
test_catches_wrong_gradients (void)
{
  cw_layer_spec layers[] = { plain (CW_LAYER_BATCHNORM), plain (CW_LAYER_FLATTEN), dense (5, true),
                             act (CW_ACT_TANH), dense (2, true) };
  setup t = regression (layers, G_N_ELEMENTS (layers), 2, 5, 2, 4, 1.5, 150);
  randomize_batchnorm (t.m, 0, 151);
  check (t.m, CW_LOSS_MSE, t.x, t.y, t.n, true, "correct gradients");

  double e = check_buggy (t.m, 4, BUG_NO_BIAS_GRAD, &t, "bias gradient forgotten");
  g_assert_cmpfloat (e, >, 0.5);
  e = check_buggy (t.m, 2, BUG_SCALED_GRADS, &t, "dense gradients 5 % too large");
  g_assert_cmpfloat (e, >, 2 * TOLERANCE); /* 0.05 / 2.05 = 0.024 on the well-resolved entries */
  e = check_buggy (t.m, 3, BUG_NO_DERIVATIVE, &t, "tanh derivative left out");
  g_assert_cmpfloat (e, >, 0.1);
  e = check_buggy (t.m, 0, BUG_BN_AS_INFERENCE, &t, "batchnorm without the batch-statistics terms");
  g_assert_cmpfloat (e, >, 0.1);

  check (t.m, CW_LOSS_MSE, t.x, t.y, t.n, true, "correct gradients again");
  setup_free (&t);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gradcheck/catches-wrong-gradients", test_catches_wrong_gradients);
  g_test_add_func ("/gradcheck/dense", test_dense);
  g_test_add_func ("/gradcheck/dropout", test_dropout);
  g_test_add_func ("/gradcheck/batchnorm", test_batchnorm);
  for (int a = 0; a < CW_ACT_N; a++)
    {
      char *path = g_strdup_printf ("/gradcheck/activation/%s", cw_activation_name ((cw_activation) a));
      g_test_add_data_func (path, GINT_TO_POINTER (a), test_activation);
      g_free (path);
    }
  for (int l = 0; l < CW_LOSS_N; l++)
    {
      char *path = g_strdup_printf ("/gradcheck/loss/%s", cw_loss_name ((cw_loss) l));
      g_test_add_data_func (path, GINT_TO_POINTER (l), test_loss);
      g_free (path);
    }
  g_test_add_func ("/gradcheck/conv", test_conv);
  g_test_add_func ("/gradcheck/pool", test_pool);
  g_test_add_func ("/gradcheck/stack", test_stack);
  return g_test_run ();
}
