/* test-preprocess.c — the preprocessing steps against hand-computed values (SNV, MSC, detrending, range
 * selection, centring, autoscaling), Savitzky–Golay coefficients and edges against the textbook tables
 * and scipy, chained pipelines, the float path, the text form and its located errors, the serialised
 * form (bitwise round trips, refusal of truncated and inconsistent data). */
#include "cw-preprocess.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EPS 1e-12

static cw_pipeline *
parse_ok (const char *text)
{
  cw_error err;
  cw_pipeline *p = cw_pipeline_parse (text, &err);
  if (!p)
    g_printerr ("'%s': %s\n", text, err.message);
  g_assert_nonnull (p);
  return p;
}

/* Fits `text` on x (n x c x l) and returns the transformed rows (malloc'd). */
static double *
fit_text (const char *text, const double *x, int n, int c, int l, const double *axis, cw_pipeline **keep)
{
  cw_error err;
  cw_pipeline *p = parse_ok (text);
  double *out = NULL;
  cw_status st = cw_pipeline_fit (p, x, n, c, l, axis, &out, &err);
  if (st != CW_OK)
    g_printerr ("fit '%s': %s\n", text, err.message);
  g_assert_cmpint (st, ==, CW_OK);
  if (keep)
    *keep = p;
  else
    cw_pipeline_free (p);
  return out;
}

static void
assert_close (const double *got, const double *want, int n, double eps)
{
  for (int i = 0; i < n; i++)
    if (eps == 0)
      g_assert_cmpfloat (got[i], ==, want[i]);
    else
      g_assert_cmpfloat_with_epsilon (got[i], want[i], eps);
}

/* ---- per-spectrum steps ---- */

static void
test_snv (void)
{
  /* mean 3, SD (n - 1) sqrt(10 / 4) */
  const double x[5] = { 1, 2, 3, 4, 5 };
  const double s = sqrt (2.5);
  const double want[5] = { -2 / s, -1 / s, 0, 1 / s, 2 / s };
  double *out = fit_text ("snv", x, 1, 1, 5, NULL, NULL);
  assert_close (out, want, 5, EPS);
  free (out);
  /* Two channels are normalised separately; a flat signal becomes zeros, not NaN. */
  const double x2[10] = { 1, 2, 3, 4, 5, 7, 7, 7, 7, 7 };
  out = fit_text ("snv", x2, 1, 2, 5, NULL, NULL);
  assert_close (out, want, 5, EPS);
  for (int t = 5; t < 10; t++)
    g_assert_cmpfloat (out[t], ==, 0.0);
  free (out);
}

static void
test_msc (void)
{
  /* Training mean [1, 2, 3] (from rows [0, 1, 2] and [2, 3, 4]); a row 1 + 2 m = [3, 5, 7] maps back to m. */
  const double train[6] = { 0, 1, 2, 2, 3, 4 };
  cw_pipeline *p;
  double *out = fit_text ("msc", train, 2, 1, 3, NULL, &p);
  const double m[3] = { 1, 2, 3 };
  g_assert_nonnull (cw_pipeline_step_mean (p, 0));
  assert_close (cw_pipeline_step_mean (p, 0), m, 3, EPS);
  assert_close (out, m, 3, EPS);
  assert_close (out + 3, m, 3, EPS);
  const double x[3] = { 3, 5, 7 };
  double y[3];
  cw_pipeline_apply (p, x, 1, y);
  assert_close (y, m, 3, EPS);
  free (out);
  cw_pipeline_free (p);

  /* Rows a_i + b_i r all map to the training mean spectrum: MSC removes exactly this variation. */
  enum { N = 4, L = 7 };
  double xs[N * L], r[L];
  const double a[N] = { 0.1, -0.3, 0.5, 0.0 }, b[N] = { 1.0, 1.4, 0.7, 2.2 };
  for (int t = 0; t < L; t++)
    r[t] = sin (t) + 0.1 * t * t;
  for (int i = 0; i < N; i++)
    for (int t = 0; t < L; t++)
      xs[i * L + t] = a[i] + b[i] * r[t];
  out = fit_text ("msc", xs, N, 1, L, NULL, &p);
  for (int i = 0; i < N; i++)
    assert_close (out + i * L, cw_pipeline_step_mean (p, 0), L, 1e-12);
  free (out);
  cw_pipeline_free (p);
}

static void
test_detrend (void)
{
  /* y = [1, 3, 2, 5, 4] at 0..4: the least-squares line is 3 + 0.8 (t - 2). */
  const double x[5] = { 1, 3, 2, 5, 4 };
  const double want[5] = { -0.4, 0.8, -1.0, 1.2, -0.6 };
  double *out = fit_text ("detrend", x, 1, 1, 5, NULL, NULL);
  assert_close (out, want, 5, EPS);
  free (out);
  /* Order 2 removes a parabola plus a line exactly. */
  double q[9];
  for (int t = 0; t < 9; t++)
    q[t] = 0.5 * t * t - 3 * t + 2;
  out = fit_text ("detrend(2)", q, 1, 1, 9, NULL, NULL);
  for (int t = 0; t < 9; t++)
    g_assert_cmpfloat (fabs (out[t]), <, 1e-12);
  free (out);
  /* The trend is in the axis value: a line over an uneven axis is removed exactly (it would not be over
   * positions). */
  const double axis[4] = { 900, 905, 930, 1000 };
  double line[4];
  for (int t = 0; t < 4; t++)
    line[t] = 0.01 * axis[t] - 3;
  out = fit_text ("detrend", line, 1, 1, 4, axis, NULL);
  for (int t = 0; t < 4; t++)
    g_assert_cmpfloat (fabs (out[t]), <, 1e-12);
  free (out);
}

static void
test_range (void)
{
  double axis[11], x[22];
  for (int t = 0; t < 11; t++)
    {
      axis[t] = 900 + 2 * t;
      x[t] = t;
      x[11 + t] = 100 + t;
    }
  cw_pipeline *p;
  double *out = fit_text ("range(904,910)", x, 2, 1, 11, axis, &p);
  g_assert_cmpint (cw_pipeline_out_length (p), ==, 4);
  const double want_axis[4] = { 904, 906, 908, 910 }, want[8] = { 2, 3, 4, 5, 102, 103, 104, 105 };
  assert_close (cw_pipeline_out_axis (p), want_axis, 4, 0);
  assert_close (out, want, 8, 0);
  free (out);
  /* Applying to new rows keeps the same positions. */
  double y[4];
  cw_pipeline_apply (p, x + 11, 1, y);
  assert_close (y, want + 4, 4, 0);
  cw_pipeline_free (p);
  /* Half-open ends work too. */
  out = fit_text ("range(-inf,901)", x, 1, 1, 11, axis, &p);
  g_assert_cmpint (cw_pipeline_out_length (p), ==, 1);
  free (out);
  cw_pipeline_free (p);
}

/* ---- per-column steps ---- */

static void
test_center_autoscale (void)
{
  /* Columns [1, 2, 3] and [2, 2, 2] over three rows. */
  const double x[6] = { 1, 2, 2, 2, 3, 2 };
  cw_pipeline *p;
  double *out = fit_text ("center", x, 3, 1, 2, NULL, &p);
  const double centred[6] = { -1, 0, 0, 0, 1, 0 };
  assert_close (out, centred, 6, EPS);
  const double mean[2] = { 2, 2 };
  assert_close (cw_pipeline_step_mean (p, 0), mean, 2, EPS);
  g_assert_null (cw_pipeline_step_scale (p, 0));
  free (out);
  cw_pipeline_free (p);
  /* SD (n - 1) of [1, 2, 3] is 1; the constant column keeps scale 1 (zeros, not NaN). */
  out = fit_text ("autoscale", x, 3, 1, 2, NULL, &p);
  assert_close (out, centred, 6, EPS);
  const double scale[2] = { 1, 1 };
  assert_close (cw_pipeline_step_scale (p, 0), scale, 2, EPS);
  double y[2], row[2] = { 5, 4 };
  cw_pipeline_apply (p, row, 1, y);
  g_assert_cmpfloat_with_epsilon (y[0], 3.0, EPS);
  g_assert_cmpfloat_with_epsilon (y[1], 2.0, EPS);
  free (out);
  cw_pipeline_free (p);
  /* A second data set: SD of [2, 4, 9] is sqrt(13). */
  const double z[3] = { 2, 4, 9 };
  out = fit_text ("autoscale", z, 3, 1, 1, NULL, NULL);
  g_assert_cmpfloat_with_epsilon (out[0], -3 / sqrt (13), EPS);
  g_assert_cmpfloat_with_epsilon (out[2], 4 / sqrt (13), EPS);
  free (out);
}

/* ---- Savitzky–Golay ---- */

static void
check_central (int w, int p, int d, const double *want, double denom)
{
  cw_error err;
  double *coef = g_new (double, w * w);
  g_assert_cmpint (cw_savgol_coefficients (w, p, d, coef, &err), ==, CW_OK);
  for (int i = 0; i < w; i++)
    g_assert_cmpfloat_with_epsilon (coef[(w / 2) * w + i], want[i] / denom, 1e-13);
  g_free (coef);
}

static void
test_savgol_coefficients (void)
{
  check_central (5, 2, 0, (const double[]) { -3, 12, 17, 12, -3 }, 35);
  check_central (5, 2, 1, (const double[]) { -2, -1, 0, 1, 2 }, 10);
  check_central (5, 2, 2, (const double[]) { 2, -1, -2, -1, 2 }, 7);
  check_central (7, 2, 0, (const double[]) { -2, 3, 6, 7, 6, 3, -2 }, 21);
  check_central (7, 3, 0, (const double[]) { -2, 3, 6, 7, 6, 3, -2 }, 21); /* odd order adds nothing */
  check_central (9, 4, 0, (const double[]) { 15, -55, 30, 135, 179, 135, 30, -55, 15 }, 429);
  /* The edge rows: the quadratic through the first 5 points evaluated at the first point. */
  double coef[25];
  cw_savgol_coefficients (5, 2, 0, coef, NULL);
  const double first[5] = { 31, 9, -3, -5, 3 };
  for (int i = 0; i < 5; i++)
    {
      g_assert_cmpfloat_with_epsilon (coef[i], first[i] / 35, 1e-13);
      g_assert_cmpfloat_with_epsilon (coef[4 * 5 + i], first[4 - i] / 35, 1e-13); /* mirrored at the end */
    }
  cw_error err;
  g_assert_cmpint (cw_savgol_coefficients (6, 2, 0, coef, &err), ==, CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "odd"));
  g_assert_cmpint (cw_savgol_coefficients (5, 5, 0, coef, &err), ==, CW_ERR_INVALID_ARGUMENT);
  g_assert_cmpint (cw_savgol_coefficients (5, 2, 3, coef, &err), ==, CW_ERR_INVALID_ARGUMENT);
}

/* Orders the normal equations cannot carry in double precision are refused with a message, never
 * asserted: the fuzzed sg(19,18) and sg(53,34) aborted the process. Order 4 on 5 points (exact
 * interpolation) is still fine, and reproduces the data. */
static void
test_savgol_ill_conditioned (void)
{
  static const char *const refused[] = { "sg(19,18)", "sg(53,34)", "sg(21,20,3)", "sg(10001,40)" };
  for (size_t t = 0; t < G_N_ELEMENTS (refused); t++)
    {
      cw_error err;
      cw_pipeline *p = cw_pipeline_parse (refused[t], &err);
      g_assert_null (p);
      g_assert_nonnull (strstr (err.message, "cannot be fitted reliably"));
    }
  double *coef = g_new (double, 19 * 19);
  cw_error err;
  g_assert_cmpint (cw_savgol_coefficients (19, 18, 0, coef, &err), ==, CW_ERR_INVALID_ARGUMENT);
  g_free (coef);
  double exact[25];
  g_assert_cmpint (cw_savgol_coefficients (5, 4, 0, exact, &err), ==, CW_OK);
  for (int o = 0; o < 5; o++)
    for (int i = 0; i < 5; i++)
      g_assert_cmpfloat_with_epsilon (exact[o * 5 + i], o == i, 1e-12);
}

static void
test_savgol_filter (void)
{
  /* scipy.signal.savgol_filter(x, 5, 2, mode="interp") and deriv=1: the edge convention we document. */
  const double x[8] = { 1, 4, 2, 8, 5, 7, 3, 6 };
  const double smooth[8] = { 1.0285714285714271, 3.0857142857142854, 4.571428571428569, 5.34285714285714,
                             7.142857142857141, 4.9428571428571395, 4.771428571428566, 5.457142857142856 };
  const double deriv[8] = { 2.3428571428571443, 1.7714285714285722, 1.2000000000000017, 0.9000000000000017,
                            0.10000000000000253, -0.5999999999999985, 0.25714285714286067, 1.114285714285721 };
  double *out = fit_text ("sg(5,2,0)", x, 1, 1, 8, NULL, NULL);
  assert_close (out, smooth, 8, 1e-12);
  free (out);
  out = fit_text ("sg(5,2,1)", x, 1, 1, 8, NULL, NULL);
  assert_close (out, deriv, 8, 1e-12);
  free (out);
  /* A cubic passes through order-3 smoothing unchanged, edges included, and its derivatives come out
   * exactly (per point). */
  double c[20], dc[20], d2c[20];
  for (int t = 0; t < 20; t++)
    {
      double u = t - 7.5;
      c[t] = 0.01 * u * u * u - 0.2 * u * u + u + 3;
      dc[t] = 0.03 * u * u - 0.4 * u + 1;
      d2c[t] = 0.06 * u - 0.4;
    }
  out = fit_text ("sg(7,3,0)", c, 1, 1, 20, NULL, NULL);
  assert_close (out, c, 20, 1e-11);
  free (out);
  out = fit_text ("sg(9,3,1)", c, 1, 1, 20, NULL, NULL);
  assert_close (out, dc, 20, 1e-11);
  free (out);
  out = fit_text ("sg(11,4,2)", c, 1, 1, 20, NULL, NULL);
  assert_close (out, d2c, 20, 1e-10);
  free (out);
  /* A long window with a high order stays accurate (scaled offsets). */
  double big[301];
  for (int t = 0; t < 301; t++)
    big[t] = pow ((t - 150) / 150.0, 6);
  out = fit_text ("sg(101,6,0)", big, 1, 1, 301, NULL, NULL);
  assert_close (out, big, 301, 1e-9);
  free (out);
}

/* ---- pipelines ---- */

static void
test_chain (void)
{
  /* A chain equals its steps applied one after the other, fitted on the training rows only. */
  enum { N = 6, L = 40 };
  double x[N * L], axis[L];
  cw_rng rng;
  cw_rng_seed (&rng, 5);
  for (int t = 0; t < L; t++)
    axis[t] = 1000 + 5 * t;
  for (int i = 0; i < N * L; i++)
    x[i] = sin (i * 0.3) + 0.1 * cw_rng_normal (&rng) + (i / L);
  const char *steps[] = { "snv", "sg(7,2,1)", "range(1020,1150)", "detrend", "msc", "autoscale" };
  cw_pipeline *chain;
  double *all = fit_text ("snv sg(7,2,1) range(1020,1150) detrend msc autoscale", x, 4, 1, L, axis, &chain);
  double *cur = g_memdup2 (x, sizeof x);
  const double *ax = axis;
  double *ax_copy = NULL;
  int len = L;
  /* The two rows the chain was not fitted on go through the same fitted steps. */
  double *held = g_memdup2 (x + 4 * L, 2 * L * sizeof (double));
  for (size_t s = 0; s < G_N_ELEMENTS (steps); s++)
    {
      cw_pipeline *one;
      double *next = fit_text (steps[s], cur, 4, 1, len, ax, &one);
      double *next_held = g_new (double, 2 * cw_pipeline_out_length (one));
      cw_pipeline_apply (one, held, 2, next_held);
      g_free (held);
      held = next_held;
      g_free (cur);
      cur = g_memdup2 (next, 4 * cw_pipeline_out_length (one) * sizeof (double));
      free (next);
      g_free (ax_copy);
      len = cw_pipeline_out_length (one);
      ax = ax_copy = g_memdup2 (cw_pipeline_out_axis (one), len * sizeof (double));
      cw_pipeline_free (one);
    }
  g_assert_cmpint (cw_pipeline_out_length (chain), ==, len);
  g_assert_cmpint (len, ==, 27); /* 1020..1150 step 5 */
  assert_close (all, cur, 4 * len, 1e-12);
  double *applied = g_new (double, 2 * len);
  cw_pipeline_apply (chain, x + 4 * L, 2, applied);
  assert_close (applied, held, 2 * len, 1e-12);
  /* A copy is fitted the same; refitting replaces the state. */
  cw_pipeline *copy = cw_pipeline_copy (chain);
  double *again = g_new (double, 2 * len);
  cw_pipeline_apply (copy, x + 4 * L, 2, again);
  assert_close (again, applied, 2 * len, 0);
  cw_pipeline_free (copy);
  /* The float path matches the double path to float precision. */
  float xf[N * L], *of = NULL, af[2 * L];
  for (int i = 0; i < N * L; i++)
    xf[i] = (float) x[i];
  g_assert_cmpint (cw_pipeline_fit_f (chain, xf, 4, 1, L, axis, &of, NULL), ==, CW_OK);
  for (int i = 0; i < 4 * len; i++)
    g_assert_cmpfloat_with_epsilon (of[i], all[i], 2e-5 * (1 + fabs (all[i])));
  cw_pipeline_apply_f (chain, xf + 4 * L, 2, af);
  for (int i = 0; i < 2 * len; i++)
    g_assert_cmpfloat_with_epsilon (af[i], applied[i], 2e-5 * (1 + fabs (applied[i])));
  free (of);
  g_assert_true (cw_pipeline_needs_fit (chain));
  g_free (applied);
  g_free (again);
  g_free (held);
  g_free (cur);
  g_free (ax_copy);
  free (all);
  cw_pipeline_free (chain);
  /* The empty pipeline is the identity. */
  cw_pipeline *none = parse_ok ("  ");
  g_assert_cmpint (cw_pipeline_count (none), ==, 0);
  g_assert_false (cw_pipeline_needs_fit (none));
  double *same = NULL;
  g_assert_cmpint (cw_pipeline_fit (none, x, N, 1, L, NULL, &same, NULL), ==, CW_OK);
  assert_close (same, x, N * L, 0);
  free (same);
  cw_pipeline_free (none);
}

static void
test_fit_errors (void)
{
  cw_error err;
  double x[10] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
  double axis[5] = { 1, 2, NAN, 4, 5 };
  struct {
    const char *text;
    int n;
    const double *axis;
    const char *says;
  } cases[] = {
    { "sg(7,2,0)", 2, NULL, "longer than the signal" },
    { "range(100,200)", 2, NULL, "no axis value lies in [100, 200]" },
    { "range(1,3)", 2, axis, "numeric axis" },
    { "snv autoscale", 1, NULL, "Step 2 (autoscale) needs at least 2" },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      cw_pipeline *p = parse_ok (cases[i].text);
      double *out = (double *) 1;
      g_assert_cmpint (cw_pipeline_fit (p, x, cases[i].n, 1, 5, cases[i].axis, &out, &err), ==,
                       CW_ERR_INVALID_ARGUMENT);
      g_assert_null (out);
      g_assert_false (cw_pipeline_is_fitted (p));
      if (!strstr (err.message, cases[i].says))
        g_printerr ("%s: %s\n", cases[i].text, err.message);
      g_assert_nonnull (strstr (err.message, cases[i].says));
      cw_pipeline_free (p);
    }
}

/* ---- text ---- */

static void
test_text_round_trip (void)
{
  const struct {
    const char *in, *out;
  } cases[] = {
    { "snv sg(11,2,1) center", "snv sg(11,2,1) center" },
    { "  SNV   savgol(11, 2, 1)\tcentre ", "snv sg(11,2,1) center" },
    { "sg(9)", "sg(9,2,0)" },
    { "detrend(1) detrend(2) detrend", "detrend detrend(2) detrend" },
    { "range(1000,1600.5) msc autoscale", "range(1000,1600.5) msc autoscale" },
    { "range(-inf, 1e3)", "range(-inf,1000)" },
    { "snv pca(7) autoscale", "snv pca(7) autoscale" },
    { "PCA pca( 3 ) pca()", "pca(10) pca(3) pca(10)" },
    { "none", "" },
    { "", "" },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      cw_pipeline *p = parse_ok (cases[i].in);
      char *s = cw_pipeline_to_string (p);
      g_assert_cmpstr (s, ==, cases[i].out);
      cw_pipeline *back = parse_ok (s);
      char *s2 = cw_pipeline_to_string (back);
      g_assert_cmpstr (s2, ==, s);
      free (s);
      free (s2);
      cw_pipeline_free (p);
      cw_pipeline_free (back);
    }
  cw_pipeline *p = parse_ok ("snv sg(11,2,1) range(950.25,1600)");
  g_assert_cmpint (cw_pipeline_count (p), ==, 3);
  const cw_pre_step *sg = cw_pipeline_get (p, 1);
  g_assert_cmpint (sg->kind, ==, CW_PRE_SAVGOL);
  g_assert_cmpint (sg->window, ==, 11);
  g_assert_cmpint (sg->poly, ==, 2);
  g_assert_cmpint (sg->deriv, ==, 1);
  g_assert_cmpfloat (cw_pipeline_get (p, 2)->lo, ==, 950.25);
  /* Building by steps gives the same text. */
  cw_pipeline *built = cw_pipeline_new ();
  cw_pre_step s = cw_pre_step_default (CW_PRE_SNV);
  g_assert_cmpint (cw_pipeline_append (built, &s, NULL), ==, CW_OK);
  s = cw_pre_step_default (CW_PRE_SAVGOL);
  s.deriv = 1;
  g_assert_cmpint (cw_pipeline_append (built, &s, NULL), ==, CW_OK);
  s = cw_pre_step_default (CW_PRE_RANGE);
  s.lo = 950.25;
  s.hi = 1600;
  g_assert_cmpint (cw_pipeline_append (built, &s, NULL), ==, CW_OK);
  char *a = cw_pipeline_to_string (p), *b = cw_pipeline_to_string (built);
  g_assert_cmpstr (a, ==, b);
  s = cw_pre_step_default (CW_PRE_SAVGOL);
  s.window = 4;
  cw_error err;
  g_assert_cmpint (cw_pipeline_append (built, &s, &err), ==, CW_ERR_INVALID_ARGUMENT);
  g_assert_cmpint (cw_pipeline_count (built), ==, 3);
  free (a);
  free (b);
  cw_pipeline_free (p);
  cw_pipeline_free (built);

  /* pca(K): the kind, its name and default, and its argument built by hand */
  p = parse_ok ("pca(7)");
  g_assert_cmpint (cw_pipeline_get (p, 0)->kind, ==, CW_PRE_PCA);
  g_assert_cmpint (cw_pipeline_get (p, 0)->components, ==, 7);
  g_assert_true (cw_pipeline_needs_fit (p));
  cw_pipeline_free (p);
  g_assert_cmpstr (cw_pre_kind_name (CW_PRE_PCA), ==, "pca");
  s = cw_pre_step_default (CW_PRE_PCA);
  g_assert_cmpint (s.components, ==, 10);
  g_assert_cmpint (cw_pre_step_check (&s, NULL), ==, CW_OK);
  s.components = 0;
  g_assert_cmpint (cw_pre_step_check (&s, &err), ==, CW_ERR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (err.message, "at least 1"));
  built = cw_pipeline_new ();
  s.components = 7;
  g_assert_cmpint (cw_pipeline_append (built, &s, NULL), ==, CW_OK);
  a = cw_pipeline_to_string (built);
  g_assert_cmpstr (a, ==, "pca(7)");
  free (a);
  cw_pipeline_free (built);
}

static void
test_text_errors (void)
{
  const struct {
    const char *text;
    int column, length, item;
    const char *says;
  } cases[] = {
    { "snv foo center", 5, 3, 1, "unknown preprocessing step" },
    { "sg(10,2)", 1, 8, 0, "must be an odd number" },
    { "snv sg(5,5)", 5, 7, 1, "polynomial order must be from 0 to window - 1 = 4" },
    { "sg(5,2,3)", 1, 9, 0, "derivative must be from 0 to the polynomial order 2" },
    { "center range(5)", 8, 8, 1, "two ends" },
    { "range(10,5)", 1, 11, 0, "low end at or below its high end" },
    { "snv(3)", 1, 6, 0, "snv takes no arguments" },
    { "msc sg(5,2", 5, 6, 1, "missing ')'" },
    { "sg(a)", 1, 5, 0, "window must be a number, not 'a'" },
    { "sg(5.5)", 1, 7, 0, "whole number" },
    { "detrend(3)", 1, 10, 0, "order 1 or 2" },
    { "snv sg(5,,1)", 5, 8, 1, "argument is empty" },
    { "snv)", 1, 4, 0, "unexpected characters" },
    { "sg(5)x", 1, 6, 0, "unexpected characters" },
    { "snv pca(0)", 5, 6, 1, "number of PCA components must be at least 1 (got 0)" },
    { "pca(-2)", 1, 7, 0, "at least 1 (got -2)" },
    { "snv pca(2.5)", 5, 8, 1, "number of components must be a whole number (got 2.5)" },
    { "pca(k)", 1, 6, 0, "number of components must be a number, not 'k'" },
    { "pca(3,2)", 1, 8, 0, "pca takes at most the number of components" },
    { "pca3", 1, 4, 0, "unknown preprocessing step; expected center, autoscale, snv, msc, sg(W,P,D), "
                       "detrend(K), range(LO,HI) or pca(K)" },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      cw_error err;
      cw_pipeline *p = cw_pipeline_parse (cases[i].text, &err);
      g_assert_null (p);
      if (!strstr (err.message, cases[i].says) || err.column != cases[i].column
          || err.length != cases[i].length || err.item != cases[i].item)
        g_printerr ("'%s': column %d length %d item %d: %s\n", cases[i].text, err.column, err.length,
                    err.item, err.message);
      g_assert_cmpint (err.status, ==, CW_ERR_PARSE);
      g_assert_nonnull (strstr (err.message, cases[i].says));
      g_assert_cmpint (err.column, ==, cases[i].column);
      g_assert_cmpint (err.length, ==, cases[i].length);
      g_assert_cmpint (err.item, ==, cases[i].item);
    }
}

/* ---- serialisation ---- */

static void
put_le32 (unsigned char *p, guint32 v)
{
  for (int i = 0; i < 4; i++)
    p[i] = (unsigned char) (v >> (8 * i));
}

static cw_pipeline *
round_trip (const cw_pipeline *p)
{
  size_t size = 0;
  unsigned char *bytes = cw_pipeline_serialize (p, &size);
  g_assert_nonnull (bytes);
  cw_error err;
  cw_pipeline *back = cw_pipeline_deserialize (bytes, size, &err);
  if (!back)
    g_printerr ("%s\n", err.message);
  g_assert_nonnull (back);
  /* and the copy serialises to the same bytes */
  size_t size2 = 0;
  unsigned char *bytes2 = cw_pipeline_serialize (back, &size2);
  g_assert_cmpmem (bytes, size, bytes2, size2);
  free (bytes);
  free (bytes2);
  return back;
}

/* A fitted pipeline with every kind of step comes back with the same state to the bit and applies to
 * new rows with bitwise-identical output; unfitted and empty pipelines come back as they were. */
static void
test_serialize_round_trip (void)
{
  enum { N = 6, CH = 2, LEN = 40 };
  double x[N * CH * LEN], fresh[3 * CH * LEN], axis[LEN];
  for (int t = 0; t < LEN; t++)
    axis[t] = 900 + 2.5 * t;
  for (int i = 0; i < N * CH * LEN; i++)
    x[i] = sin (0.17 * i) + 0.3 * cos (0.011 * i * i) + 0.02 * (i % 7);
  for (int i = 0; i < 3 * CH * LEN; i++)
    fresh[i] = cos (0.13 * i) + 0.01 * i;
  cw_pipeline *p = NULL;
  free (fit_text ("snv sg(7,3,1) detrend(2) msc range(920,980) autoscale center", x, N, CH, LEN, axis, &p));
  cw_pipeline *back = round_trip (p);

  char *ta = cw_pipeline_to_string (p), *tb = cw_pipeline_to_string (back);
  g_assert_cmpstr (ta, ==, tb);
  free (ta);
  free (tb);
  g_assert_true (cw_pipeline_is_fitted (back));
  g_assert_cmpint (cw_pipeline_channels (back), ==, CH);
  g_assert_cmpint (cw_pipeline_in_length (back), ==, LEN);
  int out_len = cw_pipeline_out_length (p);
  g_assert_cmpint (out_len, ==, 25); /* 920, 922.5, ..., 980 */
  g_assert_cmpint (cw_pipeline_out_length (back), ==, out_len);
  g_assert_cmpmem (cw_pipeline_out_axis (p), out_len * sizeof (double), cw_pipeline_out_axis (back),
                   out_len * sizeof (double));
  for (int i = 0; i < cw_pipeline_count (p); i++)
    {
      int cols = CH * (i < 4 ? LEN : out_len);
      const double *ma = cw_pipeline_step_mean (p, i), *mb = cw_pipeline_step_mean (back, i);
      g_assert_true ((ma == NULL) == (mb == NULL));
      if (ma)
        g_assert_cmpmem (ma, cols * sizeof (double), mb, cols * sizeof (double));
      const double *sa = cw_pipeline_step_scale (p, i), *sb = cw_pipeline_step_scale (back, i);
      g_assert_true ((sa == NULL) == (sb == NULL));
      if (sa)
        g_assert_cmpmem (sa, cols * sizeof (double), sb, cols * sizeof (double));
    }
  double out_a[3 * CH * 25], out_b[3 * CH * 25];
  cw_pipeline_apply (p, fresh, 3, out_a);
  cw_pipeline_apply (back, fresh, 3, out_b);
  g_assert_cmpmem (out_a, sizeof out_a, out_b, sizeof out_b);
  cw_pipeline_free (back);
  cw_pipeline_free (p);

  /* not fitted: the steps only; fitting both on the same rows then gives the same pipeline */
  p = parse_ok ("sg(5,2,0) range(910,950)");
  back = round_trip (p);
  g_assert_false (cw_pipeline_is_fitted (back));
  g_assert_cmpint (cw_pipeline_count (back), ==, 2);
  g_assert_cmpfloat (cw_pipeline_get (back, 1)->hi, ==, 950);
  g_assert_cmpint (cw_pipeline_fit (p, x, N, CH, LEN, axis, NULL, NULL), ==, CW_OK);
  g_assert_cmpint (cw_pipeline_fit (back, x, N, CH, LEN, axis, NULL, NULL), ==, CW_OK);
  double small_a[3 * CH * 17], small_b[3 * CH * 17];
  g_assert_cmpint (cw_pipeline_out_length (back), ==, 17);
  cw_pipeline_apply (p, fresh, 3, small_a);
  cw_pipeline_apply (back, fresh, 3, small_b);
  g_assert_cmpmem (small_a, sizeof small_a, small_b, sizeof small_b);
  cw_pipeline_free (back);
  cw_pipeline_free (p);

  /* empty and fitted: the identity on CH x LEN */
  p = parse_ok ("");
  g_assert_cmpint (cw_pipeline_fit (p, x, N, CH, LEN, axis, NULL, NULL), ==, CW_OK);
  back = round_trip (p);
  g_assert_true (cw_pipeline_is_fitted (back));
  g_assert_cmpint (cw_pipeline_count (back), ==, 0);
  g_assert_cmpint (cw_pipeline_out_length (back), ==, LEN);
  g_assert_cmpmem (cw_pipeline_out_axis (back), sizeof axis, axis, sizeof axis);
  cw_pipeline_free (back);
  cw_pipeline_free (p);
}

static void
assert_refused (const unsigned char *bytes, size_t size, const char *says)
{
  cw_error err;
  g_assert_null (cw_pipeline_deserialize (bytes, size, &err));
  g_assert_cmpint (err.status, ==, CW_ERR_FORMAT);
  if (!strstr (err.message, says))
    g_printerr ("wanted '%s' in: %s\n", says, err.message);
  g_assert_nonnull (strstr (err.message, says));
}

/* Truncated, inconsistent or hostile data is refused with what and where; a single flipped bit either is
 * refused or gives a pipeline that applies within its bounds (the ASan build checks the latter). */
static void
test_serialize_refused (void)
{
  /* "range(2,5)" fitted on 1 x 8 positions: the layout is 8 header bytes, the count at 8, the step at
   * 12..51 (kind, window, poly, deriv, order, components, lo, hi), the fitted flag at 52, channels /
   * in / out lengths at 53 / 57 / 61, the step's lengths at 65 / 69, its kept positions 2, 3, 4, 5 at
   * 73..88, the output axis at 89..120. */
  double x[2 * 8];
  for (int i = 0; i < 16; i++)
    x[i] = i * 0.5;
  cw_pipeline *p = parse_ok ("range(2,5)");
  g_assert_cmpint (cw_pipeline_fit (p, x, 2, 1, 8, NULL, NULL, NULL), ==, CW_OK);
  size_t size = 0;
  unsigned char *bytes = cw_pipeline_serialize (p, &size);
  cw_pipeline_free (p);
  g_assert_cmpuint (size, ==, 121);
  g_assert_cmpmem (bytes, 4, "CWPP", 4);

  assert_refused (bytes, 0, "not a serialised preprocessing pipeline");
  for (size_t len = 1; len < size; len++)
    {
      char *want = g_strdup_printf ("truncated at byte %zu", len);
      assert_refused (bytes, len, want);
      g_free (want);
    }
  unsigned char *b = g_malloc (size + 1);
  memcpy (b, bytes, size);
  b[size] = 0;
  assert_refused (b, size + 1, "1 unexpected bytes after byte 121");

  put_le32 (b + 8, 1000000000u);
  assert_refused (b, size, "the 1000000000 steps it claims");
  put_le32 (b + 8, 1);
  put_le32 (b + 12, 99);
  assert_refused (b, size, "step 1 has an unknown kind (99)");
  put_le32 (b + 12, 6);
  put_le32 (b + 85, 8);
  assert_refused (b, size, "keeps position 8 of a 8-point signal");
  put_le32 (b + 85, 3);
  assert_refused (b, size, "keeps position 3");
  put_le32 (b + 85, 5);
  put_le32 (b + 69, 5);
  /* a fifth kept position is read from the axis that follows: its low half of 2.0 is 0, out of order */
  assert_refused (b, size, "keeps position 0 of a 8-point signal out of order");
  put_le32 (b + 69, 4);
  put_le32 (b + 65, 9);
  assert_refused (b, size, "step 1 (range) was fitted on 9 points but the step before gives 8");
  put_le32 (b + 65, 8);
  /* a range step read as pca(10): it would turn 8 points into 4 */
  put_le32 (b + 12, 7);
  assert_refused (b, size, "step 1 (pca) turns 8 points into 4");
  put_le32 (b + 12, 6);
  put_le32 (b + 4, 3);
  assert_refused (b, size, "format 3");
  put_le32 (b + 4, 0);
  assert_refused (b, size, "format 0");
  put_le32 (b + 4, 2);
  g_assert_cmpmem (b, size, bytes, size);

  for (size_t i = 0; i < size; i++)
    for (int mask = 1; mask <= 0x80; mask <<= 7)
      {
        b[i] ^= (unsigned char) mask;
        cw_error err;
        cw_pipeline *q = cw_pipeline_deserialize (b, size, &err);
        if (q)
          {
            double y[2 * 8];
            if (cw_pipeline_is_fitted (q) && cw_pipeline_channels (q) == 1 && cw_pipeline_in_length (q) == 8
                && cw_pipeline_out_length (q) <= 8)
              cw_pipeline_apply (q, x, 2, y);
            cw_pipeline_free (q);
          }
        else
          g_assert_cmpint (err.status, ==, CW_ERR_FORMAT);
        b[i] ^= (unsigned char) mask;
      }
  g_free (b);
  free (bytes);

  /* a Savitzky–Golay window longer than the signal it was fitted on, and an even one */
  p = parse_ok ("sg(5,2,0)");
  g_assert_cmpint (cw_pipeline_fit (p, x, 2, 1, 8, NULL, NULL, NULL), ==, CW_OK);
  bytes = cw_pipeline_serialize (p, &size);
  cw_pipeline_free (p);
  put_le32 (bytes + 16, 9);
  assert_refused (bytes, size, "step 1 (sg) has a window of 9 points over a signal of 8");
  put_le32 (bytes + 16, 6);
  assert_refused (bytes, size, "step 1 (sg): The Savitzky–Golay window must be an odd number");
  free (bytes);
}

/* Version 2 bytes with the components field taken out of every step record and the version set to 1:
 * the layout version 1 had. */
static unsigned char *
as_version_1 (const unsigned char *v2, size_t size, size_t *size1)
{
  guint32 n = v2[8] | v2[9] << 8 | v2[10] << 16 | (guint32) v2[11] << 24;
  unsigned char *v1 = g_malloc (size);
  memcpy (v1, v2, 12);
  put_le32 (v1 + 4, 1);
  size_t from = 12, to = 12;
  for (guint32 i = 0; i < n; i++)
    {
      memcpy (v1 + to, v2 + from, 20); /* kind, window, poly, deriv, order */
      memcpy (v1 + to + 20, v2 + from + 24, 16); /* lo, hi */
      from += 40;
      to += 36;
    }
  memcpy (v1 + to, v2 + from, size - from);
  *size1 = to + size - from;
  return v1;
}

/* A fitted pipeline written by the code before pca (format 1, fixtures/pipeline-format1.cwpp: "snv
 * sg(5,2,1) detrend(2) msc range(2,6) autoscale center" fitted on 3 rows of 2 x 9 points,
 * x[i] = 0.25 ((7 i) mod 13) + 0.125 i) still loads: same steps, same state (written again as format 2
 * and put back into the format-1 layout it gives the file's bytes), and it applies as a fresh fit. */
static void
test_serialize_format1 (void)
{
  gchar *data = NULL;
  gsize size = 0;
  g_assert_true (g_file_get_contents (FIXTURES_DIR "/pipeline-format1.cwpp", &data, &size, NULL));
  g_assert_cmpuint (size, ==, 1193);
  cw_error err;
  cw_pipeline *old = cw_pipeline_deserialize ((const unsigned char *) data, size, &err);
  if (!old)
    g_printerr ("%s\n", err.message);
  g_assert_nonnull (old);
  char *text = cw_pipeline_to_string (old);
  g_assert_cmpstr (text, ==, "snv sg(5,2,1) detrend(2) msc range(2,6) autoscale center");
  free (text);
  g_assert_true (cw_pipeline_is_fitted (old));
  g_assert_cmpint (cw_pipeline_channels (old), ==, 2);
  g_assert_cmpint (cw_pipeline_in_length (old), ==, 9);
  g_assert_cmpint (cw_pipeline_out_length (old), ==, 5);
  for (int i = 0; i < cw_pipeline_count (old); i++)
    g_assert_cmpint (cw_pipeline_get (old, i)->components, ==, 10); /* the default, as parsed */

  size_t size2 = 0, size1 = 0;
  unsigned char *v2 = cw_pipeline_serialize (old, &size2);
  g_assert_cmpuint (size2, ==, size + 7 * 4);
  g_assert_cmpuint (v2[4], ==, 2);
  unsigned char *v1 = as_version_1 (v2, size2, &size1);
  g_assert_cmpmem (v1, size1, data, size);

  enum { N = 3, CH = 2, LEN = 9 };
  double x[N * CH * LEN], a[N * CH * 5], b[N * CH * 5];
  for (int i = 0; i < N * CH * LEN; i++)
    x[i] = 0.25 * ((i * 7) % 13) + 0.125 * i;
  cw_pipeline *fresh = NULL;
  free (fit_text ("snv sg(5,2,1) detrend(2) msc range(2,6) autoscale center", x, N, CH, LEN, NULL, &fresh));
  cw_pipeline_apply (old, x, N, a);
  cw_pipeline_apply (fresh, x, N, b);
  assert_close (a, b, N * CH * 5, 1e-12);

  /* format 1 knows no pca: kind 7 there is unknown */
  v1[12] = 7;
  assert_refused (v1, size1, "step 1 has an unknown kind (7)");
  /* and a format-1 record read as format 2 is misaligned, and refused */
  unsigned char *bad = g_memdup2 (data, size);
  put_le32 (bad + 4, 2);
  cw_pipeline *q = cw_pipeline_deserialize (bad, size, &err);
  g_assert_null (q);
  g_assert_cmpint (err.status, ==, CW_ERR_FORMAT);
  g_free (bad);
  g_free (v1);
  free (v2);
  cw_pipeline_free (fresh);
  cw_pipeline_free (old);
  g_free (data);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/preprocess/snv", test_snv);
  g_test_add_func ("/preprocess/msc", test_msc);
  g_test_add_func ("/preprocess/detrend", test_detrend);
  g_test_add_func ("/preprocess/range", test_range);
  g_test_add_func ("/preprocess/center-autoscale", test_center_autoscale);
  g_test_add_func ("/preprocess/savgol/coefficients", test_savgol_coefficients);
  g_test_add_func ("/preprocess/savgol/ill-conditioned", test_savgol_ill_conditioned);
  g_test_add_func ("/preprocess/savgol/filter", test_savgol_filter);
  g_test_add_func ("/preprocess/chain", test_chain);
  g_test_add_func ("/preprocess/fit-errors", test_fit_errors);
  g_test_add_func ("/preprocess/text/round-trip", test_text_round_trip);
  g_test_add_func ("/preprocess/text/errors", test_text_errors);
  g_test_add_func ("/preprocess/serialize/round-trip", test_serialize_round_trip);
  g_test_add_func ("/preprocess/serialize/refused", test_serialize_refused);
  g_test_add_func ("/preprocess/serialize/format1", test_serialize_format1);
  return g_test_run ();
}
