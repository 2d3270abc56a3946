/* test-compare-stats.c — a model's test statistics against hand-computed values (one and two responses,
 * classes), the sign-flip test against an independent brute-force enumeration, its Monte Carlo p-value
 * against exact binomial tails, the exact McNemar test against exact rational arithmetic, the paired
 * comparison's invariants (identical models, a model better on every row, the bootstrap interval of the
 * RMSEP ratio) and the messages for bad input. */
#include "cw-compare.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void
assert_ok (cw_status st, const cw_error *err)
{
  if (st != CW_OK)
    g_printerr ("%s\n", err->message);
  g_assert_cmpint (st, ==, CW_OK);
}

/* ---- one model ---- */

/* y = 1..5, pred = 1.5, 2, 2.5, 4.5, 6, so e = pred - y = 0.5, 0, -0.5, 0.5, 1. By hand:
 * sum e = 1.5, bias = 0.3; sum e^2 = 1.75, RMSEP = sqrt (0.35); e - bias = 0.2, -0.3, -0.8, 0.2, 0.7
 * whose squares sum to 1.30, SEP = sqrt (1.30 / 4); SST = 4 + 1 + 0 + 1 + 4 = 10, R² = 1 - 1.75 / 10;
 * MAE = 2.5 / 5; SD of y = sqrt (10 / 4), RPD = sqrt (2.5 / 0.325); mean pred 3.3, sum of
 * (y - 3)(pred - 3.3) = 3.6 + 1.3 + 0 + 1.2 + 5.4 = 11.5, slope = 11.5 / 10, intercept = 3.3 - 1.15 * 3. */
static const double five_y[5] = { 1, 2, 3, 4, 5 };
static const double five_pred[5] = { 1.5, 2, 2.5, 4.5, 6 };

static void
test_scores_hand (void)
{
  cw_error err;
  cw_test_scores s;
  assert_ok (cw_test_scores_compute (five_y, five_pred, 5, 1, false, &s, &err), &err);
  g_assert_cmpint (s.n, ==, 5);
  g_assert_cmpint (s.q, ==, 1);
  g_assert_false (s.classification);
  g_assert_cmpfloat_with_epsilon (s.rmsep, sqrt (0.35), 1e-14);
  g_assert_cmpfloat_with_epsilon (s.bias, 0.3, 1e-14);
  g_assert_cmpfloat_with_epsilon (s.sep, sqrt (0.325), 1e-14);
  g_assert_cmpfloat_with_epsilon (s.r2, 0.825, 1e-14);
  g_assert_cmpfloat_with_epsilon (s.mae, 0.5, 1e-14);
  g_assert_cmpfloat_with_epsilon (s.sd_reference, sqrt (2.5), 1e-14);
  g_assert_cmpfloat_with_epsilon (s.rpd, sqrt (2.5 / 0.325), 1e-13);
  g_assert_cmpfloat_with_epsilon (s.slope, 1.15, 1e-14);
  g_assert_cmpfloat_with_epsilon (s.intercept, -0.15, 1e-14);
  g_assert_true (isnan (s.accuracy));
  g_assert_cmpint (s.n_errors, ==, 0);
  /* The decomposition that makes SEP the bias-corrected RMSEP: n RMSEP² = (n - 1) SEP² + n bias². */
  g_assert_cmpfloat_with_epsilon (5 * s.rmsep * s.rmsep, 4 * s.sep * s.sep + 5 * s.bias * s.bias, 1e-13);
}

/* Two responses pooled. y = (1, 10), (2, 20), (3, 30); pred = (2, 10), (2, 18), (4, 30): errors
 * (1, 0, 1) and (0, -2, 0), response biases 2/3 and -2/3, pooled bias 0. By hand: SSE = 6 over 6 values,
 * RMSEP = 1; centred errors (1/3, -2/3, 1/3) and (2/3, -4/3, 2/3) square to 6/9 + 24/9 = 10/3 over
 * q (n - 1) = 4, SEP = sqrt (5/6); SST = 2 + 200, R² = 1 - 6/202; MAE = 4/6; SD = sqrt (202/4); no line
 * for two responses. */
static void
test_scores_two_responses (void)
{
  const double y[6] = { 1, 10, 2, 20, 3, 30 };
  const double pred[6] = { 2, 10, 2, 18, 4, 30 };
  cw_error err;
  cw_test_scores s;
  assert_ok (cw_test_scores_compute (y, pred, 3, 2, false, &s, &err), &err);
  g_assert_cmpfloat_with_epsilon (s.rmsep, 1, 1e-14);
  g_assert_cmpfloat_with_epsilon (s.bias, 0, 1e-14);
  g_assert_cmpfloat_with_epsilon (s.sep, sqrt (5.0 / 6), 1e-14);
  g_assert_cmpfloat_with_epsilon (s.r2, 1 - 6.0 / 202, 1e-14);
  g_assert_cmpfloat_with_epsilon (s.mae, 4.0 / 6, 1e-14);
  g_assert_cmpfloat_with_epsilon (s.sd_reference, sqrt (202.0 / 4), 1e-13);
  g_assert_cmpfloat_with_epsilon (s.rpd, sqrt (202.0 / 4) / sqrt (5.0 / 6), 1e-12);
  g_assert_true (isnan (s.slope) && isnan (s.intercept));
  /* Pooled over responses each with its own bias: n q RMSEP² = q (n - 1) SEP² + n sum_k bias_k². */
  g_assert_cmpfloat_with_epsilon (6 * s.rmsep * s.rmsep, 4 * s.sep * s.sep + 3 * (4.0 / 9 + 4.0 / 9), 1e-13);
}

static void
test_scores_degenerate (void)
{
  cw_error err;
  cw_test_scores s;
  /* One row: RMSEP, bias and MAE exist, the spreads do not. */
  const double y1 = 2, p1 = 2.5;
  assert_ok (cw_test_scores_compute (&y1, &p1, 1, 1, false, &s, &err), &err);
  g_assert_cmpfloat (s.rmsep, ==, 0.5);
  g_assert_cmpfloat (s.bias, ==, 0.5);
  g_assert_true (isnan (s.sep) && isnan (s.sd_reference) && isnan (s.rpd) && isnan (s.r2) && isnan (s.slope));
  /* A perfect model: SEP 0, so the RPD is infinite. */
  assert_ok (cw_test_scores_compute (five_y, five_y, 5, 1, false, &s, &err), &err);
  g_assert_cmpfloat (s.rmsep, ==, 0);
  g_assert_cmpfloat (s.sep, ==, 0);
  g_assert_cmpfloat (s.r2, ==, 1);
  g_assert_true (isinf (s.rpd) && s.rpd > 0);
  g_assert_cmpfloat (s.slope, ==, 1);
  g_assert_cmpfloat (s.intercept, ==, 0);
}

/* Classes one-hot over 3 columns, the predicted class the argmax of the scores; and one 0/1 column
 * where 0.5 already counts as class 1. */
static void
test_scores_classes (void)
{
  const double y[5 * 3] = { 1, 0, 0,  0, 1, 0,  0, 0, 1,  1, 0, 0,  0, 1, 0 };
  const double pred[5 * 3] = { 0.8, 0.1, 0.1,  0.5, 0.2, 0.3,  0.1, 0.2, 0.7,  0.2, 0.3, 0.5,  0, 0.9, 0.1 };
  cw_error err;
  cw_test_scores s;
  assert_ok (cw_test_scores_compute (y, pred, 5, 3, true, &s, &err), &err);
  g_assert_true (s.classification);
  g_assert_cmpint (s.n_errors, ==, 2); /* rows 2 and 4 */
  g_assert_cmpfloat (s.accuracy, ==, 3.0 / 5);
  g_assert_true (isnan (s.rmsep) && isnan (s.sep) && isnan (s.r2));

  const double yb[4] = { 0, 1, 1, 0 }, pb[4] = { 0.49, 0.5, 0.2, 0.7 };
  assert_ok (cw_test_scores_compute (yb, pb, 4, 1, true, &s, &err), &err);
  g_assert_cmpint (s.n_errors, ==, 2); /* rows 3 and 4 */
  g_assert_cmpfloat (s.accuracy, ==, 0.5);
}

static void
test_scores_errors (void)
{
  cw_error err;
  cw_test_scores s;
  double pred[5] = { 1, 2, NAN, 4, 5 };
  g_assert_cmpint (cw_test_scores_compute (five_y, pred, 5, 1, false, &s, &err), ==, CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "Row 3 of 5"));
  g_assert_nonnull (strstr (err.message, "the prediction is nan"));
  const double y2[4] = { 1, 2, 3, INFINITY };
  g_assert_cmpint (cw_test_scores_compute (y2, y2, 2, 2, false, &s, &err), ==, CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "Row 2 of 2, response 2: the reference value is inf"));
  g_assert_cmpint (cw_test_scores_compute (five_y, five_y, 0, 1, false, &s, &err), ==,
                   CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "no test rows"));
}

/* ---- the sign-flip test ---- */

/* Independent of the engine: all 2^n sign patterns of all n differences (zeros included), counting those
 * whose |mean| reaches the observed one (within 1e-9 of the largest possible |sum|, for rounding). */
static double
brute_force_p (const double *d, int n)
{
  double observed = 0, largest = 0;
  for (int i = 0; i < n; i++)
    observed += d[i], largest += fabs (d[i]);
  long hits = 0, patterns = 1L << n;
  for (long s = 0; s < patterns; s++)
    {
      double sum = 0;
      for (int i = 0; i < n; i++)
        sum += (s >> i & 1) ? -d[i] : d[i];
      hits += fabs (sum / n) >= fabs (observed / n) - 1e-9 * largest / n;
    }
  return (double) hits / patterns;
}

static void
test_sign_flip_hand (void)
{
  cw_error err;
  cw_sign_flip_result r;
  /* (3, 1): sums 4, 2, -2, -4, so |sum| >= 4 in 2 of 4 patterns. */
  const double two[2] = { 3, 1 };
  assert_ok (cw_sign_flip_test (two, 2, 9999, 1, &r, &err), &err);
  g_assert_true (r.exact);
  g_assert_cmpint (r.draws, ==, 0);
  g_assert_cmpint (r.n_nonzero, ==, 2);
  g_assert_cmpfloat (r.mean, ==, 2);
  g_assert_cmpfloat (r.p_value, ==, 0.5);
  /* (1, 2, 3, 4): sum 10; |±1 ±2 ±3 ±4| >= 10 only for all plus or all minus: 2 of 16. (1, 2, 3, -4):
   * sum 2, and |sum| < 2 only for the sums 0, i.e. 1 + 4 = 2 + 3 and its mirror: 14 of 16. */
  const double four[4] = { 1, 2, 3, 4 }, four_mixed[4] = { 1, 2, 3, -4 };
  assert_ok (cw_sign_flip_test (four, 4, 9999, 1, &r, &err), &err);
  g_assert_cmpfloat (r.p_value, ==, 2.0 / 16);
  assert_ok (cw_sign_flip_test (four_mixed, 4, 9999, 1, &r, &err), &err);
  g_assert_cmpfloat (r.mean, ==, 0.5);
  g_assert_cmpfloat (r.p_value, ==, 14.0 / 16);
  /* All zero: nothing to flip, p = 1. */
  const double zeros[3] = { 0, 0, 0 };
  assert_ok (cw_sign_flip_test (zeros, 3, 9999, 1, &r, &err), &err);
  g_assert_cmpint (r.n_nonzero, ==, 0);
  g_assert_cmpfloat (r.mean, ==, 0);
  g_assert_cmpfloat (r.p_value, ==, 1);
}

static void
test_sign_flip_exact_brute_force (void)
{
  cw_error err;
  cw_sign_flip_result r;
  /* Integers (ties everywhere, exact sums) with zeros; reals with no ties; 20 values, the largest exact. */
  const double ints[9] = { 1, 2, 3, -1, 4, 0, 2, 0, -2 };
  const double reals[12] = { 0.31, -1.27, 2.53, 0.74, 1.12, -0.45, 0.93, 0.058, -0.66, 1.71, 0.29, 0.87 };
  double twenty[20];
  GRand *rand = g_rand_new_with_seed (7);
  for (int i = 0; i < 20; i++)
    twenty[i] = g_rand_double_range (rand, -1, 2.5);
  g_rand_free (rand);
  struct { const double *d; int n; } cases[] = { { ints, 9 }, { reals, 12 }, { twenty, 20 } };
  for (size_t c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      assert_ok (cw_sign_flip_test (cases[c].d, cases[c].n, 9999, 1, &r, &err), &err);
      g_assert_true (r.exact);
      double want = brute_force_p (cases[c].d, cases[c].n);
      g_assert_cmpfloat (r.p_value, ==, want);
      g_assert_cmpfloat (r.p_value, >, 0);
    }
  /* The integer case by hand: 7 nonzero values summing to 9, p = hits / 2^7 (2^9 with the zeros). */
  assert_ok (cw_sign_flip_test (ints, 9, 9999, 1, &r, &err), &err);
  g_assert_cmpint (r.n_nonzero, ==, 7);
  g_assert_cmpfloat_with_epsilon (r.mean, 9.0 / 9, 1e-15);
}

/* P(|2K - n| >= t) for K ~ Binomial (n, 1/2), from the binomial coefficients (exact in doubles for
 * n <= 50: C(50, 25) < 2^53). */
static double
binomial_two_sided (int n, int t)
{
  double hits = 0, coef = 1;
  for (int k = 0; k <= n; k++)
    {
      if (abs (2 * k - n) >= t)
        hits += coef;
      coef = coef * (n - k) / (k + 1);
    }
  return hits / ldexp (1, n);
}

/* 43 differences of equal size a: the statistic is a (2K - 43) / 43 with K ~ Binomial (43, 1/2) under
 * sign flips, so the exact p-value is a binomial tail. The Monte Carlo p-value must lie within Monte Carlo
 * error of it: 4 standard errors sqrt (p (1 - p) / B), plus the 1 / (B + 1) of the observed pattern. */
static void
test_sign_flip_monte_carlo (void)
{
  cw_error err;
  const int n = 43, draws = 9999;
  struct { int negative; uint64_t seed; } cases[] = { { 29, 1 }, { 25, 2 }, { 36, 3 } };
  for (size_t c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      double d[43];
      for (int i = 0; i < n; i++)
        d[i] = i < cases[c].negative ? -0.37 : 0.37;
      cw_sign_flip_result r;
      assert_ok (cw_sign_flip_test (d, n, draws, cases[c].seed, &r, &err), &err);
      g_assert_false (r.exact);
      g_assert_cmpint (r.draws, ==, draws);
      g_assert_cmpint (r.n_nonzero, ==, n);
      int t = abs (cases[c].negative - (n - cases[c].negative));
      double want = binomial_two_sided (n, t);
      double se = sqrt (want * (1 - want) / draws);
      g_test_message ("%d of 43 negative: Monte Carlo p %.5f, exact %.5f (SE %.5f)", cases[c].negative,
                      r.p_value, want, se);
      g_assert_cmpfloat (fabs (r.p_value - want), <=, 4 * se + 1.0 / (draws + 1));
      /* p = (1 + count) / (B + 1) */
      double count = r.p_value * (draws + 1) - 1;
      g_assert_cmpfloat (fabs (count - round (count)), <, 1e-6);
      /* The same seed, the same p-value. */
      cw_sign_flip_result again;
      assert_ok (cw_sign_flip_test (d, n, draws, cases[c].seed, &again, &err), &err);
      g_assert_cmpfloat (again.p_value, ==, r.p_value);
    }
  /* The 2^-42 of the exact tail for "all 43 negative" is far below what 9999 draws can show: the
   * smallest Monte Carlo p-value, 1 / (B + 1). */
  double all[43];
  for (int i = 0; i < n; i++)
    all[i] = -1;
  cw_sign_flip_result r;
  assert_ok (cw_sign_flip_test (all, n, draws, 5, &r, &err), &err);
  g_assert_cmpfloat (r.p_value, ==, 1.0 / (draws + 1));
}

/* Just past the exact limit (21 nonzero values of different sizes): the Monte Carlo p-value against
 * the brute-force enumeration of its 2^21 patterns. */
static void
test_sign_flip_monte_carlo_reals (void)
{
  cw_error err;
  double d[21];
  GRand *rand = g_rand_new_with_seed (11);
  for (int i = 0; i < 21; i++)
    d[i] = g_rand_double_range (rand, -1.4, 2);
  g_rand_free (rand);
  cw_sign_flip_result r;
  assert_ok (cw_sign_flip_test (d, 21, 9999, 4, &r, &err), &err);
  g_assert_false (r.exact);
  double want = brute_force_p (d, 21);
  g_test_message ("Monte Carlo p %.5f, exact %.5f", r.p_value, want);
  g_assert_cmpfloat (fabs (r.p_value - want), <=, 4 * sqrt (want * (1 - want) / 9999) + 1.0 / 10000);
}

static void
test_sign_flip_errors (void)
{
  cw_error err;
  cw_sign_flip_result r;
  const double d[3] = { 1, NAN, 2 };
  g_assert_cmpint (cw_sign_flip_test (d, 3, 99, 1, &r, &err), ==, CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "Row 2 of 3: the difference is nan"));
  g_assert_cmpint (cw_sign_flip_test (d, 1, 0, 1, &r, &err), ==, CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "at least 1 random sign pattern, not 0"));
}

/* b rows only the first model gets wrong, c only the second. Small cases by hand, larger ones from
 * exact rational arithmetic in Python: 2 * sum_{k <= min} C(b + c, k) / 2^(b + c) with fractions.Fraction
 * and math.comb, converted to float at the end. */
static void
test_mcnemar (void)
{
  g_assert_cmpfloat (cw_mcnemar_exact_p (0, 0), ==, 1);
  g_assert_cmpfloat (cw_mcnemar_exact_p (3, 3), ==, 1);
  /* Exact fractions up to 50 discordant rows. */
  g_assert_cmpfloat (cw_mcnemar_exact_p (0, 5), ==, 2.0 / 32);
  g_assert_cmpfloat (cw_mcnemar_exact_p (6, 1), ==, 2 * 8.0 / 128);
  g_assert_cmpfloat (cw_mcnemar_exact_p (2, 8), ==, 0.109375);  /* 2 (1 + 10 + 45) / 1024 */
  g_assert_cmpfloat (cw_mcnemar_exact_p (1, 2), ==, 1);                          /* 2 (1 + 3) / 8, capped */
  g_assert_cmpfloat (fabs (cw_mcnemar_exact_p (30, 20) / 0.20263875106454066 - 1), <, 1e-14);
  g_assert_cmpfloat (fabs (cw_mcnemar_exact_p (40, 70) / 0.005447429511444482 - 1), <, 1e-11);
  g_assert_cmpfloat (fabs (cw_mcnemar_exact_p (600, 500) / 0.0028195449914364275 - 1), <, 1e-10);
  /* It is the sign-flip test's distribution on 0/1 errors. */
  const double d[9] = { 1, -1, 0, 1, 1, 0, 1, -1, 1 }; /* b = 5, c = 2: p = 2 (1 + 7 + 21) / 128 */
  cw_error err;
  cw_sign_flip_result r;
  assert_ok (cw_sign_flip_test (d, 9, 99, 1, &r, &err), &err);
  g_assert_cmpfloat (r.p_value, ==, 58.0 / 128);
  g_assert_cmpfloat (cw_mcnemar_exact_p (5, 2), ==, 58.0 / 128);
}

/* ---- two models ---- */

/* five_pred against pred2 = y + (1, -1, 1, -1, 1): squared errors (0.25, 0, 0.25, 0.25, 1) and all 1,
 * so d = (-0.75, -1, -0.75, -0.75, 0), mean -0.65 = 0.35 - 1 = RMSEP1² - RMSEP2²; the four nonzero
 * differences are all negative: p = 2 / 2^4. */
static void
test_paired_regression_hand (void)
{
  const double pred2[5] = { 2, 1, 4, 3, 6 };
  cw_paired_config cfg = cw_paired_config_default ();
  g_assert_cmpint (cfg.draws, ==, 9999);
  cw_error err;
  cw_paired_comparison c;
  assert_ok (cw_paired_compare (&cfg, five_y, five_pred, pred2, 5, 1, false, &c, &err), &err);
  g_assert_cmpfloat_with_epsilon (c.test.mean, -0.65, 1e-15);
  g_assert_cmpint (c.test.n_nonzero, ==, 4);
  g_assert_true (c.test.exact);
  g_assert_cmpfloat (c.test.p_value, ==, 2.0 / 16);
  g_assert_cmpint (c.first_better, ==, 4);
  g_assert_cmpint (c.second_better, ==, 0);
  g_assert_cmpfloat_with_epsilon (c.rmsep_ratio, sqrt (0.35), 1e-15);
  g_assert_cmpint (c.bootstrap, ==, 2000);
  g_assert_cmpfloat (c.ratio_low, <=, c.rmsep_ratio);
  g_assert_cmpfloat (c.ratio_high, >=, c.rmsep_ratio);
  /* Swapping the models mirrors everything but the p-value. */
  cw_paired_comparison s;
  assert_ok (cw_paired_compare (&cfg, five_y, pred2, five_pred, 5, 1, false, &s, &err), &err);
  g_assert_cmpfloat (s.test.mean, ==, -c.test.mean);
  g_assert_cmpfloat (s.test.p_value, ==, c.test.p_value);
  g_assert_cmpint (s.second_better, ==, 4);
}

/* A model better on every one of n rows: p = 2 / 2^n (exact); identical models: p = 1, mean 0, ratio 1. */
static void
test_paired_invariants (void)
{
  enum { N = 12 };
  double y[N], good[N], bad[N];
  for (int i = 0; i < N; i++)
    {
      y[i] = 0.5 * i;
      good[i] = y[i] + ((i % 2) ? 0.1 : -0.05) * (1 + i % 3);
      bad[i] = y[i] + ((i % 3) ? -0.3 : 0.4) * (1 + i % 2);
    }
  cw_paired_config cfg = cw_paired_config_default ();
  cw_error err;
  cw_paired_comparison c;
  assert_ok (cw_paired_compare (&cfg, y, good, bad, N, 1, false, &c, &err), &err);
  g_assert_true (c.test.exact);
  g_assert_cmpfloat (c.test.p_value, ==, 2.0 / (1 << N));
  g_assert_cmpint (c.first_better, ==, N);
  g_assert_cmpfloat (c.test.mean, <, 0);

  assert_ok (cw_paired_compare (&cfg, y, bad, bad, N, 1, false, &c, &err), &err);
  g_assert_cmpfloat (c.test.p_value, ==, 1);
  g_assert_cmpfloat (c.test.mean, ==, 0);
  g_assert_cmpint (c.first_better + c.second_better, ==, 0);
  g_assert_cmpfloat (c.rmsep_ratio, ==, 1);
  g_assert_cmpfloat (c.ratio_low, ==, 1);
  g_assert_cmpfloat (c.ratio_high, ==, 1);

  /* Over the Monte Carlo limit, identical models still give exactly 1: no row can be flipped. */
  double y50[50], p50[50];
  for (int i = 0; i < 50; i++)
    y50[i] = i, p50[i] = i + (i % 5) - 2;
  assert_ok (cw_paired_compare (&cfg, y50, p50, p50, 50, 1, false, &c, &err), &err);
  g_assert_cmpfloat (c.test.p_value, ==, 1);
  g_assert_true (c.test.exact);
}

/* Two responses: d_i is the difference of the squared errors averaged over the responses, so the mean
 * difference is RMSEP1² - RMSEP2² of the pooled RMSEPs. */
static void
test_paired_two_responses (void)
{
  const double y[6] = { 1, 10, 2, 20, 3, 30 };
  const double p1[6] = { 2, 10, 2, 18, 4, 30 };    /* squared errors (1, 0), (0, 4), (1, 0) */
  const double p2[6] = { 1, 11, 2, 20, 3.5, 31 };  /* (0, 1), (0, 0), (0.25, 1) */
  cw_paired_config cfg = cw_paired_config_default ();
  cw_error err;
  cw_paired_comparison c;
  assert_ok (cw_paired_compare (&cfg, y, p1, p2, 3, 2, false, &c, &err), &err);
  /* d = (0.5 - 0.5, 2 - 0, 0.5 - 0.625) = (0, 2, -0.125) */
  g_assert_cmpfloat_with_epsilon (c.test.mean, (2 - 0.125) / 3, 1e-15);
  g_assert_cmpint (c.test.n_nonzero, ==, 2);
  g_assert_cmpfloat (c.test.p_value, ==, 1); /* ±2 ± 0.125: |sum| is 1.875 or 2.125 in all 4 patterns */
  g_assert_cmpfloat_with_epsilon (c.rmsep_ratio, sqrt (6.0 / 2.25), 1e-15);
}

/* Classes: model 1 wrong on rows 1, 2, 3, model 2 on rows 3 and 4: b = 2 rows only model 1 gets wrong,
 * c = 1 only model 2; mean difference = accuracy2 - accuracy1 = 4/6 - 3/6; McNemar p(2, 1) = 1. And the
 * McNemar p-value equals the sign-flip enumeration of the 0/1 differences on a larger case. */
static void
test_paired_classes (void)
{
  const double y[6] = { 0, 1, 1, 0, 1, 0 };
  const double p1[6] = { 0.9, 0.2, 0.4, 0.1, 0.8, 0.3 };
  const double p2[6] = { 0.1, 0.7, 0.3, 0.6, 0.9, 0.2 };
  cw_paired_config cfg = cw_paired_config_default ();
  cw_error err;
  cw_paired_comparison c;
  assert_ok (cw_paired_compare (&cfg, y, p1, p2, 6, 1, true, &c, &err), &err);
  g_assert_true (c.classification);
  g_assert_cmpfloat_with_epsilon (c.test.mean, 1.0 / 6, 1e-15);
  g_assert_cmpint (c.second_better, ==, 2);
  g_assert_cmpint (c.first_better, ==, 1);
  g_assert_cmpfloat (c.test.p_value, ==, 1);
  g_assert_true (c.test.exact);
  g_assert_true (isnan (c.rmsep_ratio) && isnan (c.ratio_low));

  /* 40 rows, 3 classes one-hot: model 1 wrong on 14 rows (of which 4 shared), model 2 on 4 (all shared):
   * b = 10, c = 0, so p = 2 / 2^10, exactly the sign flips of the 10 discordant rows. */
  double y3[40 * 3] = { 0 }, a[40 * 3] = { 0 }, b[40 * 3] = { 0 };
  double d[40];
  for (int i = 0; i < 40; i++)
    {
      int truth = i % 3, wrong = (i + 1) % 3;
      y3[i * 3 + truth] = 1;
      bool a_wrong = i < 14, b_wrong = i < 4;
      a[i * 3 + (a_wrong ? wrong : truth)] = 0.8;
      b[i * 3 + (b_wrong ? wrong : truth)] = 0.6;
      d[i] = (double) a_wrong - (double) b_wrong;
    }
  assert_ok (cw_paired_compare (&cfg, y3, a, b, 40, 3, true, &c, &err), &err);
  g_assert_cmpint (c.second_better, ==, 10);
  g_assert_cmpint (c.first_better, ==, 0);
  g_assert_cmpfloat_with_epsilon (c.test.mean, 10.0 / 40, 1e-15);
  g_assert_cmpfloat_with_epsilon (c.test.p_value, 2.0 / 1024, 1e-17);
  cw_sign_flip_result r;
  assert_ok (cw_sign_flip_test (d, 40, 99, 1, &r, &err), &err);
  g_assert_true (r.exact);
  g_assert_cmpfloat_with_epsilon (r.p_value, c.test.p_value, 1e-17);
}

/* The bootstrap interval of the RMSEP ratio. (1) Model 2's errors are twice model 1's on every row:
 * every resample has the ratio 1/2 exactly. (2) Two rows: a resample is (a, a), (b, b) or a mix whose
 * ratio lies between them (a mediant), each pure one with probability 1/4, so the 2.5 % and 97.5 %
 * points of 2000 resamples are the two pure ratios. (3) The same seed gives the same interval. */
static void
test_paired_bootstrap (void)
{
  cw_paired_config cfg = cw_paired_config_default ();
  cw_error err;
  cw_paired_comparison c;
  double y[7] = { 3, 1, 4, 1, 5, 9, 2 }, p1[7], p2[7];
  const double e[7] = { 0.5, -0.25, 1, 0.125, -2, 0.75, -0.5 };
  for (int i = 0; i < 7; i++)
    p1[i] = y[i] + e[i], p2[i] = y[i] + 2 * e[i];
  assert_ok (cw_paired_compare (&cfg, y, p1, p2, 7, 1, false, &c, &err), &err);
  g_assert_cmpfloat (c.rmsep_ratio, ==, 0.5);
  g_assert_cmpfloat (c.ratio_low, ==, 0.5);
  g_assert_cmpfloat (c.ratio_high, ==, 0.5);

  const double y2[2] = { 0, 0 }, a[2] = { 1, 2 }, b[2] = { 2, 1 };
  assert_ok (cw_paired_compare (&cfg, y2, a, b, 2, 1, false, &c, &err), &err);
  g_assert_cmpfloat (c.rmsep_ratio, ==, 1);
  g_assert_cmpfloat (c.ratio_low, ==, 0.5);  /* |1| / |2| */
  g_assert_cmpfloat (c.ratio_high, ==, 2);   /* |2| / |1| */

  GRand *rand = g_rand_new_with_seed (3);
  double yr[30], r1[30], r2[30];
  for (int i = 0; i < 30; i++)
    {
      yr[i] = g_rand_double (rand);
      r1[i] = yr[i] + g_rand_double_range (rand, -0.2, 0.2);
      r2[i] = yr[i] + g_rand_double_range (rand, -0.3, 0.3);
    }
  g_rand_free (rand);
  cw_paired_comparison again;
  cfg.seed = 42;
  assert_ok (cw_paired_compare (&cfg, yr, r1, r2, 30, 1, false, &c, &err), &err);
  assert_ok (cw_paired_compare (&cfg, yr, r1, r2, 30, 1, false, &again, &err), &err);
  g_assert_cmpfloat (c.ratio_low, ==, again.ratio_low);
  g_assert_cmpfloat (c.ratio_high, ==, again.ratio_high);
  g_assert_cmpfloat (c.ratio_low, <, c.rmsep_ratio);
  g_assert_cmpfloat (c.ratio_high, >, c.rmsep_ratio);
  /* A wider level, a wider interval (the same resamples). */
  cfg.level = 0.99;
  assert_ok (cw_paired_compare (&cfg, yr, r1, r2, 30, 1, false, &again, &err), &err);
  g_assert_cmpfloat (again.ratio_low, <=, c.ratio_low);
  g_assert_cmpfloat (again.ratio_high, >=, c.ratio_high);
  /* No resamples: the ratio without its interval. */
  cfg.bootstrap = 0;
  assert_ok (cw_paired_compare (&cfg, yr, r1, r2, 30, 1, false, &again, &err), &err);
  g_assert_cmpfloat (again.rmsep_ratio, ==, c.rmsep_ratio);
  g_assert_true (isnan (again.ratio_low) && isnan (again.ratio_high));
}

static void
test_paired_errors (void)
{
  cw_paired_config cfg = cw_paired_config_default ();
  cw_error err;
  cw_paired_comparison c;
  double bad[5] = { 1, 2, 3, 4, INFINITY };
  g_assert_cmpint (cw_paired_compare (&cfg, five_y, five_pred, bad, 5, 1, false, &c, &err), ==,
                   CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "Row 5 of 5: the second model's prediction is inf"));
  cfg.level = 1;
  g_assert_cmpint (cw_paired_compare (&cfg, five_y, five_pred, five_pred, 5, 1, false, &c, &err), ==,
                   CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "level must lie between 0 and 1"));
  cfg = cw_paired_config_default ();
  cfg.bootstrap = -1;
  g_assert_cmpint (cw_paired_compare (&cfg, five_y, five_pred, five_pred, 5, 1, false, &c, &err), ==,
                   CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "cannot be negative (-1)"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/compare/scores/hand", test_scores_hand);
  g_test_add_func ("/compare/scores/two-responses", test_scores_two_responses);
  g_test_add_func ("/compare/scores/degenerate", test_scores_degenerate);
  g_test_add_func ("/compare/scores/classes", test_scores_classes);
  g_test_add_func ("/compare/scores/errors", test_scores_errors);
  g_test_add_func ("/compare/sign-flip/hand", test_sign_flip_hand);
  g_test_add_func ("/compare/sign-flip/exact-brute-force", test_sign_flip_exact_brute_force);
  g_test_add_func ("/compare/sign-flip/monte-carlo-binomial", test_sign_flip_monte_carlo);
  g_test_add_func ("/compare/sign-flip/monte-carlo-reals", test_sign_flip_monte_carlo_reals);
  g_test_add_func ("/compare/sign-flip/errors", test_sign_flip_errors);
  g_test_add_func ("/compare/mcnemar", test_mcnemar);
  g_test_add_func ("/compare/paired/regression-hand", test_paired_regression_hand);
  g_test_add_func ("/compare/paired/invariants", test_paired_invariants);
  g_test_add_func ("/compare/paired/two-responses", test_paired_two_responses);
  g_test_add_func ("/compare/paired/classes", test_paired_classes);
  g_test_add_func ("/compare/paired/bootstrap", test_paired_bootstrap);
  g_test_add_func ("/compare/paired/errors", test_paired_errors);
  return g_test_run ();
}
