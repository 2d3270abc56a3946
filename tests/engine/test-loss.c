/* test-loss.c — every loss against hand-computed values, its gradient against finite differences, the
 * stability of the fused cross-entropies at |logit| = 100, and the names the CLI uses. */
#include "cw-loss.h"

#include <glib.h>
#include <math.h>

#define EPS 1e-6

static void
assert_grad (const float *grad, const double *expected, int count)
{
  for (int i = 0; i < count; i++)
    g_assert_cmpfloat_with_epsilon (grad[i], expected[i], EPS);
}

static void
test_names (void)
{
  for (int i = 0; i < CW_LOSS_N; i++)
    {
      cw_loss l = CW_LOSS_N;
      g_assert_true (cw_loss_from_name (cw_loss_name ((cw_loss) i), &l));
      g_assert_cmpint (l, ==, i);
    }
  g_assert_cmpstr (cw_loss_name (CW_LOSS_MSE), ==, "mse");
  g_assert_cmpstr (cw_loss_name (CW_LOSS_MAE), ==, "mae");
  g_assert_cmpstr (cw_loss_name (CW_LOSS_CROSS_ENTROPY), ==, "crossentropy");
  g_assert_cmpstr (cw_loss_name (CW_LOSS_BINARY_CROSS_ENTROPY), ==, "bce");
  g_assert_cmpstr (cw_loss_name (CW_LOSS_HINGE), ==, "hinge");
  g_assert_cmpstr (cw_loss_name (CW_LOSS_EXPONENTIAL), ==, "exp");

  cw_loss l = CW_LOSS_N;
  g_assert_true (cw_loss_from_name ("ce", &l));
  g_assert_cmpint (l, ==, CW_LOSS_CROSS_ENTROPY);
  g_assert_true (cw_loss_from_name ("exponential", &l));
  g_assert_cmpint (l, ==, CW_LOSS_EXPONENTIAL);
  g_assert_true (cw_loss_from_name ("BCE", &l));
  g_assert_cmpint (l, ==, CW_LOSS_BINARY_CROSS_ENTROPY);
  l = CW_LOSS_HINGE;
  g_assert_false (cw_loss_from_name ("l2", &l));
  g_assert_false (cw_loss_from_name ("", &l));
  g_assert_false (cw_loss_from_name (NULL, &l));
  g_assert_cmpint (l, ==, CW_LOSS_HINGE); /* untouched on failure */

  g_assert_cmpint (cw_loss_default_for_task (CW_TASK_REGRESSION), ==, CW_LOSS_MSE);
  g_assert_cmpint (cw_loss_default_for_task (CW_TASK_BINARY), ==, CW_LOSS_BINARY_CROSS_ENTROPY);
  g_assert_cmpint (cw_loss_default_for_task (CW_TASK_MULTICLASS), ==, CW_LOSS_CROSS_ENTROPY);
  g_assert_cmpint (cw_loss_default_for_task (CW_TASK_MULTILABEL), ==, CW_LOSS_BINARY_CROSS_ENTROPY);
}

static void
test_mse (void)
{
  /* differences 1, 0, -2, 3: squares sum to 14 over n*k = 4 */
  const float o[] = { 1, 2, 3, 4 }, t[] = { 0, 2, 5, 1 };
  float g[4];
  g_assert_cmpfloat_with_epsilon (cw_loss_compute (CW_LOSS_MSE, o, t, 2, 2, g), 3.5, EPS);
  const double expected[] = { 0.5, 0, -1, 1.5 }; /* 2 (o - t) / 4 */
  assert_grad (g, expected, 4);
  g_assert_cmpfloat_with_epsilon (cw_loss_compute (CW_LOSS_MSE, o, t, 2, 2, NULL), 3.5, EPS);
  /* The same data seen as 4 rows of 1 output: the mean is over every element either way. */
  g_assert_cmpfloat_with_epsilon (cw_loss_compute (CW_LOSS_MSE, o, t, 4, 1, NULL), 3.5, EPS);
}

static void
test_mae (void)
{
  const float o[] = { 1, 2, 3, 4 }, t[] = { 0, 2, 5, 1 };
  float g[4];
  g_assert_cmpfloat_with_epsilon (cw_loss_compute (CW_LOSS_MAE, o, t, 2, 2, g), 1.5, EPS);
  const double expected[] = { 0.25, 0, -0.25, 0.25 }; /* sign(o - t) / 4, 0 where o = t */
  assert_grad (g, expected, 4);
}

static void
test_cross_entropy (void)
{
  /* row 0: logits 1 2 3, class 2 -> log(e + e^2 + e^3) - 3; row 1: equal logits, class 0 -> log 3 */
  const float o[] = { 1, 2, 3, 0, 0, 0 }, t[] = { 0, 0, 1, 1, 0, 0 };
  float g[6];
  double loss = cw_loss_compute (CW_LOSS_CROSS_ENTROPY, o, t, 2, 3, g);
  g_assert_cmpfloat_with_epsilon (loss, (0.40760596444438013 + 1.0986122886681098) / 2, EPS);
  /* (softmax - t) / n, the mean being over the 2 rows */
  const double p[] = { 0.09003057317038046, 0.24472847105479767, 0.6652409557748219 };
  const double expected[] = { p[0] / 2, p[1] / 2, (p[2] - 1) / 2, (1.0 / 3 - 1) / 2, 1.0 / 6, 1.0 / 6 };
  assert_grad (g, expected, 6);

  /* Soft labels follow -sum t log softmax(o) too. */
  const float ts[] = { 0.25f, 0.25f, 0.5f };
  double naive = -(0.25 * log (p[0]) + 0.25 * log (p[1]) + 0.5 * log (p[2]));
  g_assert_cmpfloat_with_epsilon (cw_loss_compute (CW_LOSS_CROSS_ENTROPY, o, ts, 1, 3, g), naive, EPS);
  const double expected_soft[] = { p[0] - 0.25, p[1] - 0.25, p[2] - 0.5 };
  assert_grad (g, expected_soft, 3);
}

static void
test_cross_entropy_stable (void)
{
  /* lse(100, -100, 0) = 100 to double precision; the loss of class 1 is 100 - (-100). */
  const float o[] = { 100, -100, 0, 100, -100, 0 }, t[] = { 0, 1, 0, 1, 0, 0 };
  float g[6];
  double loss = cw_loss_compute (CW_LOSS_CROSS_ENTROPY, o, t, 2, 3, g);
  g_assert_true (isfinite (loss));
  g_assert_cmpfloat_with_epsilon (loss, (200.0 + 0.0) / 2, 1e-9);
  const double expected[] = { 0.5, -0.5, 0, 0, 0, 0 };
  for (int i = 0; i < 6; i++)
    {
      g_assert_true (isfinite (g[i]));
      g_assert_cmpfloat_with_epsilon (g[i], expected[i], 1e-12);
    }
  /* Far beyond expf's range in float: still finite. */
  const float big[] = { 1000, -1000 }, tb[] = { 0, 1 };
  g_assert_cmpfloat_with_epsilon (cw_loss_compute (CW_LOSS_CROSS_ENTROPY, big, tb, 1, 2, g), 2000, 1e-9);
}

static void
test_bce (void)
{
  /* At o = 0 the probability is 1/2 whatever the target: log 2 per element. */
  const float zero[] = { 0, 0 }, t01[] = { 0, 1 };
  float g[4];
  g_assert_cmpfloat_with_epsilon (cw_loss_compute (CW_LOSS_BINARY_CROSS_ENTROPY, zero, t01, 1, 2, g),
                                  log (2.0), EPS);
  const double half[] = { 0.25, -0.25 }; /* (1/2 - t) / 2 */
  assert_grad (g, half, 2);

  /* o = 2, t = 1: -log s(2) = log(1 + e^-2); o = -1, t = 0: -log(1 - s(-1)) = log(1 + e^-1);
   * o = 0.5, t = 0.3 (soft): naive formula */
  const float o[] = { 2, -1, 0.5f }, t[] = { 1, 0, 0.3f };
  double s = 1 / (1 + exp (-0.5));
  double naive = -(0.3 * log (s) + 0.7 * log (1 - s));
  double expected = (log1p (exp (-2.0)) + log1p (exp (-1.0)) + naive) / 3;
  g_assert_cmpfloat_with_epsilon (cw_loss_compute (CW_LOSS_BINARY_CROSS_ENTROPY, o, t, 3, 1, g),
                                  expected, EPS);
  const double eg[] = { (1 / (1 + exp (-2.0)) - 1) / 3, (1 / (1 + exp (1.0))) / 3, (s - 0.3) / 3 };
  assert_grad (g, eg, 3);
}

static void
test_bce_stable (void)
{
  /* Right with confidence: ~0 (log(1 + e^-100) = 3.7e-44); wrong with confidence: exactly 100, not
   * the -log(0) = inf of the naive formula. */
  const float o[] = { 100, -100, 100, -100 }, t[] = { 1, 1, 0, 0 };
  float g[4];
  double loss = cw_loss_compute (CW_LOSS_BINARY_CROSS_ENTROPY, o, t, 2, 2, g);
  g_assert_true (isfinite (loss));
  g_assert_cmpfloat_with_epsilon (loss, (0 + 100 + 100 + 0) / 4.0, 1e-9);
  const double expected[] = { 0, -0.25, 0.25, 0 };
  for (int i = 0; i < 4; i++)
    {
      g_assert_true (isfinite (g[i]));
      g_assert_cmpfloat_with_epsilon (g[i], expected[i], 1e-12);
    }
  const float one[] = { 100 }, t1[] = { 1 };
  double tiny = cw_loss_compute (CW_LOSS_BINARY_CROSS_ENTROPY, one, t1, 1, 1, NULL);
  g_assert_cmpfloat_with_epsilon (tiny, 3.720075976020836e-44, 1e-50);
}

static void
test_hinge (void)
{
  /* y = 2t - 1: (1, 0.3) -> 0.7; (-1, 0.3) -> 1.3; (1, 2) -> 0; (-1, -3) -> 0; mean 0.5 */
  const float o[] = { 0.3f, 0.3f, 2, -3 }, t[] = { 1, 0, 1, 0 };
  float g[4];
  g_assert_cmpfloat_with_epsilon (cw_loss_compute (CW_LOSS_HINGE, o, t, 4, 1, g), 0.5, EPS);
  const double expected[] = { -0.25, 0.25, 0, 0 }; /* -y / 4 inside the margin */
  assert_grad (g, expected, 4);
}

static void
test_exponential (void)
{
  /* e^0, e^-1, e^1, e^-2 */
  const float o[] = { 0, 1, 1, -2 }, t[] = { 1, 1, 0, 0 };
  float g[4];
  g_assert_cmpfloat_with_epsilon (cw_loss_compute (CW_LOSS_EXPONENTIAL, o, t, 2, 2, g),
                                  1.055374138216775, EPS);
  const double expected[] = { -1 / 4.0, -exp (-1.0) / 4, exp (1.0) / 4, exp (-2.0) / 4 };
  assert_grad (g, expected, 4);
}

/* Each loss's gradient against central differences of the loss itself (double steps on float
 * logits), on logits kept away from the MAE and hinge kinks. */
static void
test_gradient_differences (void)
{
  enum { N = 3, K = 4 };
  GRand *rand = g_rand_new_with_seed (7);
  for (int loss = 0; loss < CW_LOSS_N; loss++)
    {
      float o[N * K], t[N * K], g[N * K];
      for (int i = 0; i < N * K; i++)
        {
          o[i] = (float) g_rand_double_range (rand, -3, 3);
          if (loss == CW_LOSS_MSE || loss == CW_LOSS_MAE)
            t[i] = (float) g_rand_double_range (rand, -3, 3);
          else if (loss == CW_LOSS_CROSS_ENTROPY)
            t[i] = (i % K) == (i / K) % K; /* one-hot */
          else
            t[i] = g_rand_boolean (rand);
          double y = 2.0 * t[i] - 1;
          if (loss == CW_LOSS_MAE && fabs (o[i] - t[i]) < 0.1)
            o[i] += 0.5f;
          if (loss == CW_LOSS_HINGE && fabs (1 - y * o[i]) < 0.1)
            o[i] += 0.5f;
        }
      cw_loss_compute ((cw_loss) loss, o, t, N, K, g);
      for (int i = 0; i < N * K; i++)
        {
          const float h = 1.0f / 1024; /* exact in float, so o +- h is exact for |o| < 8 */
          float save = o[i];
          o[i] = save + h;
          double lp = cw_loss_compute ((cw_loss) loss, o, t, N, K, NULL);
          o[i] = save - h;
          double lm = cw_loss_compute ((cw_loss) loss, o, t, N, K, NULL);
          o[i] = save;
          double numeric = (lp - lm) / (2 * h);
          if (fabs (numeric - g[i]) > 1e-4 * fmax (1, fabs (numeric)))
            g_error ("%s: d/do[%d] analytic %g, numeric %g", cw_loss_name ((cw_loss) loss), i, g[i],
                     numeric);
        }
    }
  g_rand_free (rand);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/loss/names", test_names);
  g_test_add_func ("/loss/mse", test_mse);
  g_test_add_func ("/loss/mae", test_mae);
  g_test_add_func ("/loss/cross-entropy", test_cross_entropy);
  g_test_add_func ("/loss/cross-entropy/stable", test_cross_entropy_stable);
  g_test_add_func ("/loss/bce", test_bce);
  g_test_add_func ("/loss/bce/stable", test_bce_stable);
  g_test_add_func ("/loss/hinge", test_hinge);
  g_test_add_func ("/loss/exponential", test_exponential);
  g_test_add_func ("/loss/gradient-differences", test_gradient_differences);
  return g_test_run ();
}
