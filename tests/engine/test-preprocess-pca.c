/* test-preprocess-pca.c — the pca(K) preprocessing step: loadings and scores on data whose principal
 * components are known by construction, scores' variances against the eigenvalues of the covariance
 * computed here by Jacobi rotations (independently of the engine's NIPALS), exact reconstruction at
 * full rank, the refusals (too many components for the rows, the length or the rank), the fit never
 * reading held-out rows (also inside the PLS cross-validation driver), chaining after and before other
 * steps, two channels, the float path, bitwise serialisation, and pca scores feeding PLS and a network.
 * The text form (pca(K) and its errors) and the format-1 files are tested in test-preprocess.c. */
#include "cw-model.h"
#include "cw-pls.h"
#include "cw-preprocess.h"
#include "cw-spec.h"
#include "cw-validation.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define GASOLINE RESOURCES_DIR "/data/gasoline.csv"

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

/* Fits `text` on x (n x c x l) and returns the transformed rows (malloc'd); the pipeline in *keep. */
static double *
fit_text (const char *text, const double *x, int n, int c, int l, cw_pipeline **keep)
{
  cw_error err;
  cw_pipeline *p = parse_ok (text);
  double *out = NULL;
  cw_status st = cw_pipeline_fit (p, x, n, c, l, NULL, &out, &err);
  if (st != CW_OK)
    g_printerr ("fit '%s': %s\n", text, err.message);
  g_assert_cmpint (st, ==, CW_OK);
  if (keep)
    *keep = p;
  else
    cw_pipeline_free (p);
  return out;
}

/* The fit's error message (the fit must fail). */
static void
assert_fit_fails (const char *text, const double *x, int n, int c, int l, const char *says)
{
  cw_error err;
  cw_pipeline *p = parse_ok (text);
  double *out = (double *) 1;
  g_assert_cmpint (cw_pipeline_fit (p, x, n, c, l, NULL, &out, &err), ==, CW_ERR_INVALID_ARGUMENT);
  g_assert_null (out);
  g_assert_false (cw_pipeline_is_fitted (p));
  if (!strstr (err.message, says))
    g_printerr ("wanted '%s' in: %s\n", says, err.message);
  g_assert_nonnull (strstr (err.message, says));
  cw_pipeline_free (p);
}

static double
dot (const double *a, const double *b, int n)
{
  double s = 0;
  for (int i = 0; i < n; i++)
    s += a[i] * b[i];
  return s;
}

/* k orthonormal vectors of length l (Gram–Schmidt, twice, on fixed cosines), row after row in q. */
static void
orthonormal (int k, int l, double *q)
{
  for (int j = 0; j < k; j++)
    {
      double *v = q + j * l;
      for (int t = 0; t < l; t++)
        v[t] = cos (0.9 * (j + 1) * t + 0.3 * j) + 0.05 * (j + 1) * t;
      for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < j; i++)
          {
            double c = dot (q + i * l, v, l);
            for (int t = 0; t < l; t++)
              v[t] -= c * q[i * l + t];
          }
      double nrm = sqrt (dot (v, v, l));
      for (int t = 0; t < l; t++)
        v[t] /= nrm;
    }
}

/* The sign that makes v's largest-|value| entry positive. */
static double
sign_rule (const double *v, int l)
{
  int big = 0;
  for (int t = 1; t < l; t++)
    if (fabs (v[t]) > fabs (v[big]))
      big = t;
  return v[big] < 0 ? -1 : 1;
}

static void
assert_close (const double *got, const double *want, int n, double eps)
{
  for (int i = 0; i < n; i++)
    g_assert_cmpfloat_with_epsilon (got[i], want[i], eps);
}

/* Loadings p (k x l) orthonormal. */
static void
assert_orthonormal (const double *p, int k, int l, double eps)
{
  for (int a = 0; a < k; a++)
    for (int b = 0; b < k; b++)
      g_assert_cmpfloat_with_epsilon (dot (p + a * l, p + b * l, l), a == b ? 1.0 : 0.0, eps);
}

/* ---- components known by construction ---- */

/* Rows m + a_i u + b_i v + 0.02 c_i w1 + 0.01 d_i w2 with u, v, w1, w2 orthonormal and a, b, c, d
 * sinusoids over a whole period (zero mean, mutually orthogonal over the rows), a of amplitude 3 and b
 * of 1.5: the covariance is exactly (n / 2 / (n - 1)) (9 uu' + 2.25 vv' + 4e-4 w1w1' + 1e-4 w2w2'), so
 * its eigenvectors are u, v, w1, w2, the column means are m and the scores are a, b, c, d. */
enum { KN = 40, KL = 12 };

static void
known_data (double *x, double *m, double *q, double *a, double *b)
{
  orthonormal (4, KL, q);
  for (int t = 0; t < KL; t++)
    m[t] = 5 + sin (0.5 * t);
  for (int i = 0; i < KN; i++)
    {
      double th = 2 * G_PI * i / KN;
      a[i] = 3 * cos (th);
      b[i] = 1.5 * sin (th);
      double c = 0.02 * cos (2 * th), d = 0.01 * sin (3 * th);
      for (int t = 0; t < KL; t++)
        x[i * KL + t] = m[t] + a[i] * q[t] + b[i] * q[KL + t] + c * q[2 * KL + t] + d * q[3 * KL + t];
    }
}

static void
test_known_components (void)
{
  double x[KN * KL], m[KL], q[4 * KL], a[KN], b[KN];
  known_data (x, m, q, a, b);
  const double *u = q, *v = q + KL;
  double su = sign_rule (u, KL), sv = sign_rule (v, KL);

  cw_pipeline *p;
  double *out = fit_text ("pca(2)", x, KN, 1, KL, &p);
  g_assert_cmpint (cw_pipeline_out_length (p), ==, 2);
  const double want_axis[2] = { 1, 2 };
  g_assert_cmpmem (cw_pipeline_out_axis (p), sizeof want_axis, want_axis, sizeof want_axis);
  assert_close (cw_pipeline_step_mean (p, 0), m, KL, 1e-12);
  const double *load = cw_pipeline_step_loadings (p, 0);
  g_assert_nonnull (load);
  for (int t = 0; t < KL; t++)
    {
      g_assert_cmpfloat_with_epsilon (load[t], su * u[t], 1e-10);
      g_assert_cmpfloat_with_epsilon (load[KL + t], sv * v[t], 1e-10);
    }
  g_assert_cmpfloat (sign_rule (load, KL), ==, 1);
  g_assert_cmpfloat (sign_rule (load + KL, KL), ==, 1);
  for (int i = 0; i < KN; i++)
    {
      g_assert_cmpfloat_with_epsilon (out[i * 2], su * a[i], 1e-10);
      g_assert_cmpfloat_with_epsilon (out[i * 2 + 1], sv * b[i], 1e-10);
    }
  /* a new row: its coordinates along u and v, whatever it has along w1 */
  double row[KL], s[2];
  for (int t = 0; t < KL; t++)
    row[t] = m[t] + 0.7 * u[t] - 0.2 * v[t] + 0.5 * q[2 * KL + t];
  cw_pipeline_apply (p, row, 1, s);
  g_assert_cmpfloat_with_epsilon (s[0], su * 0.7, 1e-10);
  g_assert_cmpfloat_with_epsilon (s[1], sv * -0.2, 1e-10);
  free (out);
  cw_pipeline_free (p);

  /* all four: the small ones too, orthonormal, and the largest entry of each positive */
  out = fit_text ("pca(4)", x, KN, 1, KL, &p);
  load = cw_pipeline_step_loadings (p, 0);
  assert_orthonormal (load, 4, KL, 1e-12);
  for (int k = 0; k < 4; k++)
    {
      double sk = sign_rule (q + k * KL, KL);
      for (int t = 0; t < KL; t++)
        g_assert_cmpfloat_with_epsilon (load[k * KL + t], sk * q[k * KL + t], 1e-10);
      g_assert_cmpfloat (sign_rule (load + k * KL, KL), ==, 1);
    }
  /* four components span the rows: mean + sum_k s_k p_k gives them back */
  for (int i = 0; i < KN; i++)
    for (int t = 0; t < KL; t++)
      {
        double r = cw_pipeline_step_mean (p, 0)[t];
        for (int k = 0; k < 4; k++)
          r += out[i * 4 + k] * load[k * KL + t];
        g_assert_cmpfloat_with_epsilon (r, x[i * KL + t], 1e-12);
      }
  free (out);
  cw_pipeline_free (p);
}

/* ---- eigenvalues, computed here ---- */

/* Eigenvalues (descending) and unit eigenvectors (rows of vec) of the symmetric l x l matrix a, by
 * cyclic Jacobi rotations; a is destroyed. */
static void
jacobi_eigen (double *a, int l, double *val, double *vec)
{
  double *v = g_new0 (double, l * l);
  for (int i = 0; i < l; i++)
    v[i * l + i] = 1;
  for (int sweep = 0; sweep < 100; sweep++)
    {
      double off = 0, diag = 0;
      for (int i = 0; i < l; i++)
        {
          diag += a[i * l + i] * a[i * l + i];
          for (int j = i + 1; j < l; j++)
            off += a[i * l + j] * a[i * l + j];
        }
      if (off <= 1e-32 * diag)
        break;
      for (int pp = 0; pp < l; pp++)
        for (int qq = pp + 1; qq < l; qq++)
          {
            double apq = a[pp * l + qq];
            if (apq == 0)
              continue;
            double theta = (a[qq * l + qq] - a[pp * l + pp]) / (2 * apq);
            double t = (theta >= 0 ? 1 : -1) / (fabs (theta) + sqrt (theta * theta + 1));
            double c = 1 / sqrt (t * t + 1), s = t * c;
            for (int k = 0; k < l; k++)
              {
                double akp = a[k * l + pp], akq = a[k * l + qq];
                a[k * l + pp] = c * akp - s * akq;
                a[k * l + qq] = s * akp + c * akq;
              }
            for (int k = 0; k < l; k++)
              {
                double apk = a[pp * l + k], aqk = a[qq * l + k];
                a[pp * l + k] = c * apk - s * aqk;
                a[qq * l + k] = s * apk + c * aqk;
              }
            for (int k = 0; k < l; k++)
              {
                double vkp = v[k * l + pp], vkq = v[k * l + qq];
                v[k * l + pp] = c * vkp - s * vkq;
                v[k * l + qq] = s * vkp + c * vkq;
              }
          }
    }
  /* selection sort by eigenvalue, descending; eigenvector j is column j of v */
  int *order = g_new (int, l);
  for (int i = 0; i < l; i++)
    order[i] = i;
  for (int i = 0; i < l; i++)
    for (int j = i + 1; j < l; j++)
      if (a[order[j] * l + order[j]] > a[order[i] * l + order[i]])
        {
          int tmp = order[i];
          order[i] = order[j];
          order[j] = tmp;
        }
  for (int i = 0; i < l; i++)
    {
      val[i] = a[order[i] * l + order[i]];
      for (int k = 0; k < l; k++)
        vec[i * l + k] = v[k * l + order[i]];
    }
  g_free (order);
  g_free (v);
}

/* A fixed 15 x 8 matrix of normal draws with column scales 1 .. 8 and a shared factor: well separated
 * eigenvalues, nothing special about the directions. */
enum { EN = 15, EL = 8 };

static void
eigen_data (double *x)
{
  cw_rng rng;
  cw_rng_seed (&rng, 7);
  for (int i = 0; i < EN; i++)
    {
      double f = cw_rng_normal (&rng);
      for (int t = 0; t < EL; t++)
        x[i * EL + t] = 10 + (1 + t) * cw_rng_normal (&rng) + 2 * f * sin (t);
    }
}

static void
test_eigenvalues (void)
{
  double x[EN * EL];
  eigen_data (x);
  /* the covariance (n - 1) and its eigen-decomposition, here */
  double mean[EL] = { 0 }, cov[EL * EL] = { 0 }, val[EL], vec[EL * EL];
  for (int i = 0; i < EN; i++)
    for (int t = 0; t < EL; t++)
      mean[t] += x[i * EL + t] / EN;
  for (int i = 0; i < EN; i++)
    for (int s = 0; s < EL; s++)
      for (int t = 0; t < EL; t++)
        cov[s * EL + t] += (x[i * EL + s] - mean[s]) * (x[i * EL + t] - mean[t]) / (EN - 1);
  jacobi_eigen (cov, EL, val, vec);
  for (int k = 0; k + 1 < EL; k++)
    g_assert_cmpfloat (val[k + 1], <, 0.9 * val[k]); /* separated: the eigenvectors are well defined */

  enum { K = 5 };
  cw_pipeline *p;
  double *out = fit_text ("pca(5)", x, EN, 1, EL, &p);
  const double *load = cw_pipeline_step_loadings (p, 0);
  assert_orthonormal (load, K, EL, 1e-12);
  double var[K];
  for (int k = 0; k < K; k++)
    {
      double s = 0, ss = 0;
      for (int i = 0; i < EN; i++)
        s += out[i * K + k];
      for (int i = 0; i < EN; i++)
        ss += out[i * K + k] * out[i * K + k];
      var[k] = ss / (EN - 1);
      g_assert_cmpfloat (fabs (s / EN), <, 1e-12 * sqrt (val[0])); /* zero mean */
      g_assert_cmpfloat (fabs (var[k] - val[k]), <, 1e-10 * val[k]); /* the eigenvalues */
      if (k > 0)
        g_assert_cmpfloat (var[k], <, var[k - 1]);
      /* the loading is the eigenvector, up to its sign */
      g_assert_cmpfloat_with_epsilon (fabs (dot (load + k * EL, vec + k * EL, EL)), 1.0, 1e-10);
      /* uncorrelated scores */
      for (int j = 0; j < k; j++)
        {
          double c = 0;
          for (int i = 0; i < EN; i++)
            c += out[i * K + k] * out[i * K + j];
          g_assert_cmpfloat (fabs (c / (EN - 1)), <, 1e-10 * val[0]);
        }
    }
  free (out);
  cw_pipeline_free (p);

  /* K = rank: min (n - 1, L) = 8 components reconstruct every row, and other rows too */
  out = fit_text ("pca(8)", x, EN, 1, EL, &p);
  load = cw_pipeline_step_loadings (p, 0);
  assert_orthonormal (load, EL, EL, 1e-12);
  double fresh[3 * EL], s[3 * EL];
  for (int i = 0; i < 3 * EL; i++)
    fresh[i] = 3 * cos (1.7 * i) + 9;
  cw_pipeline_apply (p, fresh, 3, s);
  for (int i = 0; i < EN + 3; i++)
    for (int t = 0; t < EL; t++)
      {
        const double *scores = i < EN ? out + i * EL : s + (i - EN) * EL;
        double r = cw_pipeline_step_mean (p, 0)[t];
        for (int k = 0; k < EL; k++)
          r += scores[k] * load[k * EL + t];
        g_assert_cmpfloat_with_epsilon (r, i < EN ? x[i * EL + t] : fresh[(i - EN) * EL + t], 1e-12);
      }
  free (out);
  cw_pipeline_free (p);
}

/* Rows of rank 3 about their mean: 3 components give them back exactly (and other rows of the same
 * affine subspace); a 4th does not exist and is refused. With fewer rows than points, K = n - 1 spans
 * the centred rows. */
static void
test_rank (void)
{
  enum { N = 10, L = 9 };
  double q[3 * L], x[N * L], coef[N * 3];
  orthonormal (3, L, q);
  cw_rng rng;
  cw_rng_seed (&rng, 3);
  for (int i = 0; i < N * 3; i++)
    coef[i] = cw_rng_normal (&rng) * (3 - i % 3);
  for (int i = 0; i < N; i++)
    for (int t = 0; t < L; t++)
      x[i * L + t] = 2 + 0.1 * t + coef[i * 3] * q[t] + coef[i * 3 + 1] * q[L + t]
                     + coef[i * 3 + 2] * q[2 * L + t];
  cw_pipeline *p;
  double *out = fit_text ("pca(3)", x, N, 1, L, &p);
  const double *load = cw_pipeline_step_loadings (p, 0), *mean = cw_pipeline_step_mean (p, 0);
  double extra[L], s[3];
  for (int t = 0; t < L; t++)
    extra[t] = 2 + 0.1 * t + 4 * q[t] - 5 * q[2 * L + t];
  cw_pipeline_apply (p, extra, 1, s);
  for (int i = 0; i <= N; i++)
    for (int t = 0; t < L; t++)
      {
        const double *scores = i < N ? out + i * 3 : s;
        double r = mean[t];
        for (int k = 0; k < 3; k++)
          r += scores[k] * load[k * L + t];
        g_assert_cmpfloat_with_epsilon (r, i < N ? x[i * L + t] : extra[t], 1e-12);
      }
  free (out);
  cw_pipeline_free (p);
  assert_fit_fails ("pca(4)", x, N, 1, L,
                    "Step 1 (pca): the training rows vary in only 3 directions, so 4 components cannot be "
                    "found; ask for at most pca(3).");

  /* identical rows have no components at all */
  double same[4 * L];
  for (int i = 0; i < 4 * L; i++)
    same[i] = i % L;
  assert_fit_fails ("snv pca(1)", same, 4, 1, L, "Step 2 (pca): the training rows are all the same");

  /* 6 generic rows of 9 points: K = n - 1 = 5 components reconstruct them */
  double g[6 * L];
  for (int i = 0; i < 6 * L; i++)
    g[i] = cw_rng_normal (&rng) + 0.3 * (i % L);
  out = fit_text ("pca(5)", g, 6, 1, L, &p);
  load = cw_pipeline_step_loadings (p, 0);
  mean = cw_pipeline_step_mean (p, 0);
  assert_orthonormal (load, 5, L, 1e-12);
  for (int i = 0; i < 6; i++)
    for (int t = 0; t < L; t++)
      {
        double r = mean[t];
        for (int k = 0; k < 5; k++)
          r += out[i * 5 + k] * load[k * L + t];
        g_assert_cmpfloat_with_epsilon (r, g[i * L + t], 1e-12);
      }
  free (out);
  cw_pipeline_free (p);
  assert_fit_fails ("pca(6)", g, 6, 1, L, "Step 1 (pca): 6 components need at least 7 training rows (got 6).");
}

/* ---- refusals ---- */

static void
test_errors (void)
{
  enum { N = 8, L = 40 };
  double x[N * L];
  for (int i = 0; i < N * L; i++)
    x[i] = sin (0.3 * i) + 0.01 * i * (i % 3);
  assert_fit_fails ("snv center pca(10)", x, N, 1, L,
                    "Step 3 (pca): 10 components need at least 11 training rows (got 8).");
  assert_fit_fails ("pca(1)", x, 1, 1, L, "Step 1 (pca): 1 component needs at least 2 training rows (got 1).");
  assert_fit_fails ("range(0,3) pca(5)", x, N, 1, L,
                    "Step 2 (pca): 5 components need signals of at least 5 points (got 4).");
  /* the second channel is flat */
  double two[N * 2 * L];
  for (int i = 0; i < N; i++)
    for (int t = 0; t < L; t++)
      {
        two[(i * 2) * L + t] = x[i * L + t];
        two[(i * 2 + 1) * L + t] = 1.5;
      }
  assert_fit_fails ("pca(2)", two, N, 2, L, "Step 1 (pca): the training rows of channel 2 are all the same");
  double bad[N * L];
  memcpy (bad, x, sizeof bad);
  bad[3 * L + 5] = NAN;
  assert_fit_fails ("pca(2)", bad, N, 1, L, "Step 1 (pca): the training rows hold values that are not finite");
  /* K = n - 1 and K = L are the limits that fit */
  cw_pipeline *p;
  free (fit_text ("pca(7)", x, N, 1, L, &p));
  cw_pipeline_free (p);
  free (fit_text ("range(0,3) pca(4)", x, N, 1, L, &p));
  cw_pipeline_free (p);
}

/* ---- held-out rows ---- */

/* Fitted on rows A only: the state is bitwise the same whatever rows B hold, B's scores are
 * (snv(b) - mean) . p with the state fitted on A, and changing a row of A does change the state. */
static void
test_no_leakage (void)
{
  enum { NA = 12, NB = 8, L = 30, K = 3 };
  double a[NA * L], b[NB * L], out_b[NB * K];
  for (int i = 0; i < NA * L; i++)
    a[i] = sin (0.21 * i) + 0.3 * cos (0.013 * i * i) + 0.02 * (i % 7);
  for (int i = 0; i < NB * L; i++)
    b[i] = cos (0.11 * i) + 0.05 * i;
  cw_pipeline *p1 = parse_ok ("snv pca(3)"), *p2 = parse_ok ("snv pca(3)"), *p3 = parse_ok ("snv pca(3)");
  g_assert_cmpint (cw_pipeline_fit (p1, a, NA, 1, L, NULL, NULL, NULL), ==, CW_OK);
  cw_pipeline_apply (p1, b, NB, out_b);
  size_t s1, s2;
  unsigned char *state1 = cw_pipeline_serialize (p1, &s1);

  /* B's expected scores, from the state */
  const double *mean = cw_pipeline_step_mean (p1, 1), *load = cw_pipeline_step_loadings (p1, 1);
  for (int i = 0; i < NB; i++)
    {
      double z[L], mu = 0, ss = 0;
      for (int t = 0; t < L; t++)
        mu += b[i * L + t] / L;
      for (int t = 0; t < L; t++)
        ss += (b[i * L + t] - mu) * (b[i * L + t] - mu);
      for (int t = 0; t < L; t++)
        z[t] = (b[i * L + t] - mu) / sqrt (ss / (L - 1)) - mean[t];
      for (int k = 0; k < K; k++)
        g_assert_cmpfloat_with_epsilon (out_b[i * K + k], dot (z, load + k * L, L), 1e-12);
    }

  /* wild new B: the same state */
  for (int i = 0; i < NB * L; i++)
    b[i] = 1000 * b[i] + 50 * sin (7.0 * i) + i;
  g_assert_cmpint (cw_pipeline_fit (p2, a, NA, 1, L, NULL, NULL, NULL), ==, CW_OK);
  unsigned char *state2 = cw_pipeline_serialize (p2, &s2);
  g_assert_cmpmem (state1, s1, state2, s2);
  free (state2);
  /* the control: one changed training row changes it */
  a[5 * L + 3] += 0.5;
  g_assert_cmpint (cw_pipeline_fit (p3, a, NA, 1, L, NULL, NULL, NULL), ==, CW_OK);
  g_assert_cmpfloat (cw_pipeline_step_loadings (p3, 1)[0], !=, cw_pipeline_step_loadings (p1, 1)[0]);
  free (state1);
  cw_pipeline_free (p1);
  cw_pipeline_free (p2);
  cw_pipeline_free (p3);
}

static void
load_gasoline (cw_chemo_data *d)
{
  cw_error err;
  cw_dataset *ds = cw_dataset_load_csv (GASOLINE, NULL, &err);
  if (!ds)
    g_printerr ("%s\n", err.message);
  g_assert_nonnull (ds);
  int col = cw_dataset_find_target (ds, "octane");
  g_assert_cmpint (cw_chemo_data_from_dataset (ds, CW_TASK_REGRESSION, &col, 1, d, &err), ==, CW_OK);
  cw_dataset_free (ds);
}

/* Inside the PLS cross-validation driver, a fold's pca is fitted on that fold's training rows only:
 * held-out spectra changed wildly leave its means and loadings bitwise the same. */
static void
test_no_leakage_cv (void)
{
  cw_chemo_data d;
  load_gasoline (&d);
  cw_error err;
  cw_cv_plan plan;
  cw_cv_plan_init (&plan, d.n);
  g_assert_cmpint (cw_cv_plan_test_by_ranges (&plan, "51-60", &err), ==, CW_OK);
  g_assert_cmpint (cw_cv_plan_kfold (&plan, 5, false, 0, &err), ==, CW_OK);
  cw_pipeline *pipe = parse_ok ("snv pca(10)");
  cw_pls_cv_config cfg = cw_pls_cv_config_default ();
  cfg.max_components = 5;
  cfg.pipeline = pipe;
  const int fold = 2;
  double *x2 = g_memdup2 (d.x, (gsize) d.n * d.length * sizeof (double));
  for (int i = 0; i < d.n; i++)
    if (plan.fold[i] == fold || plan.is_test[i])
      for (int t = 0; t < d.length; t++)
        x2[i * d.length + t] = 1000 * x2[i * d.length + t] + 50 * sin (3.0 * t + i) + t;
  cw_chemo_data d2 = d;
  d2.x = x2;
  cw_pipeline *p1, *p2;
  cw_pls *m1, *m2;
  g_assert_cmpint (cw_pls_cv_fit_fold (&cfg, &d, &plan, fold, &p1, &m1, &err), ==, CW_OK);
  g_assert_cmpint (cw_pls_cv_fit_fold (&cfg, &d2, &plan, fold, &p2, &m2, &err), ==, CW_OK);
  size_t bytes = (size_t) d.length * sizeof (double);
  g_assert_cmpmem (cw_pipeline_step_mean (p1, 1), bytes, cw_pipeline_step_mean (p2, 1), bytes);
  g_assert_cmpmem (cw_pipeline_step_loadings (p1, 1), 10 * bytes, cw_pipeline_step_loadings (p2, 1),
                   10 * bytes);
  g_assert_cmpmem (cw_pls_coefficients (m1, 5), 10 * sizeof (double), cw_pls_coefficients (m2, 5),
                   10 * sizeof (double));
  /* the control: a change to one of the fold's training rows moves the loadings */
  int train_row = 0;
  while (plan.fold[train_row] == fold || plan.is_test[train_row])
    train_row++;
  double *x3 = g_memdup2 (d.x, (gsize) d.n * d.length * sizeof (double));
  for (int t = 0; t < d.length; t++)
    x3[train_row * d.length + t] += 0.01 * sin (0.1 * t);
  cw_chemo_data d3 = d;
  d3.x = x3;
  cw_pipeline *p3;
  cw_pls *m3;
  g_assert_cmpint (cw_pls_cv_fit_fold (&cfg, &d3, &plan, fold, &p3, &m3, &err), ==, CW_OK);
  g_assert_true (memcmp (cw_pipeline_step_loadings (p1, 1), cw_pipeline_step_loadings (p3, 1), 10 * bytes)
                 != 0);
  g_free (x3);
  cw_pipeline_free (p1);
  cw_pipeline_free (p2);
  cw_pipeline_free (p3);
  cw_pls_free (m1);
  cw_pls_free (m2);
  cw_pls_free (m3);
  g_free (x2);
  cw_pipeline_free (pipe);
  cw_cv_plan_clear (&plan);
  cw_chemo_data_clear (&d);
}

/* ---- with other steps, channels, floats ---- */

static void
test_chain (void)
{
  double x[KN * KL], m[KL], q[4 * KL], a[KN], b[KN];
  known_data (x, m, q, a, b);
  cw_pipeline *p;
  double *s4 = fit_text ("pca(4)", x, KN, 1, KL, &p);
  cw_pipeline_free (p);

  /* autoscale after pca works on the K scores: each gets mean 0 and SD 1 */
  double *z = fit_text ("pca(4) autoscale", x, KN, 1, KL, &p);
  g_assert_cmpint (cw_pipeline_out_length (p), ==, 4);
  for (int k = 0; k < 4; k++)
    {
      double s = 0, ss = 0;
      for (int i = 0; i < KN; i++)
        s += z[i * 4 + k];
      for (int i = 0; i < KN; i++)
        ss += z[i * 4 + k] * z[i * 4 + k];
      g_assert_cmpfloat (fabs (s), <, 1e-10);
      g_assert_cmpfloat_with_epsilon (ss / (KN - 1), 1.0, 1e-12);
    }
  free (z);
  cw_pipeline_free (p);

  /* range after pca selects component numbers */
  double *r = fit_text ("pca(4) range(2,3)", x, KN, 1, KL, &p);
  g_assert_cmpint (cw_pipeline_out_length (p), ==, 2);
  const double want_axis[2] = { 2, 3 };
  g_assert_cmpmem (cw_pipeline_out_axis (p), sizeof want_axis, want_axis, sizeof want_axis);
  for (int i = 0; i < KN; i++)
    {
      g_assert_cmpfloat (r[i * 2], ==, s4[i * 4 + 1]);
      g_assert_cmpfloat (r[i * 2 + 1], ==, s4[i * 4 + 2]);
    }
  free (r);
  cw_pipeline_free (p);

  /* two channels are fitted separately: each as its own single-channel fit */
  double two[KN * 2 * KL];
  for (int i = 0; i < KN; i++)
    for (int t = 0; t < KL; t++)
      {
        two[(i * 2) * KL + t] = x[i * KL + t];
        two[(i * 2 + 1) * KL + t] = x[((i * 7) % KN) * KL + (KL - 1 - t)] * 2 - 1;
      }
  double second[KN * KL];
  for (int i = 0; i < KN; i++)
    memcpy (second + i * KL, two + (i * 2 + 1) * KL, KL * sizeof (double));
  double *both = fit_text ("pca(3)", two, KN, 2, KL, &p);
  cw_pipeline *p2;
  double *only = fit_text ("pca(3)", second, KN, 1, KL, &p2);
  for (int i = 0; i < KN; i++)
    for (int k = 0; k < 3; k++)
      {
        g_assert_cmpfloat (both[(i * 2) * 3 + k], ==, s4[i * 4 + k]);
        g_assert_cmpfloat (both[(i * 2 + 1) * 3 + k], ==, only[i * 3 + k]);
      }
  g_assert_cmpmem (cw_pipeline_step_loadings (p, 0) + 3 * KL, 3 * KL * sizeof (double),
                   cw_pipeline_step_loadings (p2, 0), 3 * KL * sizeof (double));
  free (both);
  free (only);
  cw_pipeline_free (p2);

  /* the float path: the double results, rounded */
  float xf[KN * 2 * KL], af[KN * 2 * 3];
  for (int i = 0; i < KN * 2 * KL; i++)
    xf[i] = (float) two[i];
  float *ff = NULL;
  cw_pipeline *pf = parse_ok ("pca(3)");
  g_assert_cmpint (cw_pipeline_fit_f (pf, xf, KN, 2, KL, NULL, &ff, NULL), ==, CW_OK);
  cw_pipeline_apply_f (pf, xf, KN, af);
  g_assert_cmpmem (ff, sizeof af, af, sizeof af);
  double *xd = g_new (double, KN * 2 * KL);
  for (int i = 0; i < KN * 2 * KL; i++)
    xd[i] = xf[i];
  double *od = fit_text ("pca(3)", xd, KN, 2, KL, NULL);
  for (int i = 0; i < KN * 2 * 3; i++)
    g_assert_cmpfloat (ff[i], ==, (float) od[i]);
  free (od);
  g_free (xd);
  free (ff);
  cw_pipeline_free (pf);
  cw_pipeline_free (p);
  free (s4);
}

/* ---- serialisation ---- */

static void
put_le32 (unsigned char *p, guint32 v)
{
  for (int i = 0; i < 4; i++)
    p[i] = (unsigned char) (v >> (8 * i));
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

/* A fitted pipeline with a pca step comes back with its means and loadings to the bit, applies
 * bitwise identically, and serialises to the same bytes; so does a copy. Truncated or inconsistent
 * bytes are refused. */
static void
test_serialize (void)
{
  enum { N = 9, CH = 2, LEN = 20 };
  double x[N * CH * LEN], fresh[4 * CH * LEN];
  for (int i = 0; i < N * CH * LEN; i++)
    x[i] = sin (0.17 * i) + 0.3 * cos (0.011 * i * i) + 0.02 * (i % 7);
  for (int i = 0; i < 4 * CH * LEN; i++)
    fresh[i] = cos (0.13 * i) + 0.01 * i;
  cw_pipeline *p;
  free (fit_text ("snv pca(3) autoscale", x, N, CH, LEN, &p));
  size_t size = 0, size2 = 0, size3 = 0;
  unsigned char *bytes = cw_pipeline_serialize (p, &size);
  /* header 8, count 4, 3 steps of 40, flag 1, 3 lengths 12, per step 2 lengths 8: snv nothing, pca
   * C x L means and C x 3 x L loadings, autoscale C x 3 means and SDs; the 3-value axis */
  g_assert_cmpuint (size, ==, 8 + 4 + 3 * 40 + 1 + 12 + 3 * 8 + 8 * (CH * LEN * 4 + 2 * CH * 3 + 3));
  cw_error err;
  cw_pipeline *back = cw_pipeline_deserialize (bytes, size, &err);
  if (!back)
    g_printerr ("%s\n", err.message);
  g_assert_nonnull (back);
  unsigned char *bytes2 = cw_pipeline_serialize (back, &size2);
  g_assert_cmpmem (bytes, size, bytes2, size2);
  cw_pipeline *copy = cw_pipeline_copy (back);
  unsigned char *bytes3 = cw_pipeline_serialize (copy, &size3);
  g_assert_cmpmem (bytes, size, bytes3, size3);
  char *text = cw_pipeline_to_string (back);
  g_assert_cmpstr (text, ==, "snv pca(3) autoscale");
  free (text);
  g_assert_cmpmem (cw_pipeline_step_mean (p, 1), CH * LEN * sizeof (double), cw_pipeline_step_mean (back, 1),
                   CH * LEN * sizeof (double));
  g_assert_cmpmem (cw_pipeline_step_loadings (p, 1), CH * 3 * LEN * sizeof (double),
                   cw_pipeline_step_loadings (back, 1), CH * 3 * LEN * sizeof (double));
  g_assert_cmpmem (cw_pipeline_step_loadings (p, 1), CH * 3 * LEN * sizeof (double),
                   cw_pipeline_step_loadings (copy, 1), CH * 3 * LEN * sizeof (double));
  double oa[4 * CH * 3], ob[4 * CH * 3], oc[4 * CH * 3];
  cw_pipeline_apply (p, fresh, 4, oa);
  cw_pipeline_apply (back, fresh, 4, ob);
  cw_pipeline_apply (copy, fresh, 4, oc);
  g_assert_cmpmem (oa, sizeof oa, ob, sizeof ob);
  g_assert_cmpmem (oa, sizeof oa, oc, sizeof oc);
  cw_pipeline_free (copy);
  cw_pipeline_free (back);
  free (bytes2);
  free (bytes3);

  for (size_t len = 1; len < size; len++)
    {
      char *want = g_strdup_printf ("truncated at byte %zu", len);
      assert_refused (bytes, len, want);
      g_free (want);
    }
  /* step 2's record at 52..91: components at 72; the fitted state: flag 132, channels / lengths 133..144,
   * snv's lengths 145 / 149, pca's 153 / 157 */
  unsigned char *b = g_memdup2 (bytes, size);
  g_assert_cmpuint (b[52], ==, CW_PRE_PCA);
  g_assert_cmpuint (b[72], ==, 3);
  put_le32 (b + 72, 4);
  assert_refused (b, size, "step 2 (pca) turns 20 points into 3");
  put_le32 (b + 72, 0);
  assert_refused (b, size, "step 2 (pca): The number of PCA components must be at least 1 (got 0)");
  put_le32 (b + 72, 3);
  put_le32 (b + 157, 21);
  assert_refused (b, size, "step 2 (pca) turns 20 points into 21");
  put_le32 (b + 157, 3);
  /* a channel count the bytes cannot hold is refused before anything is allocated for it */
  put_le32 (b + 133, 0x7fffffffu);
  assert_refused (b, size, "truncated");
  put_le32 (b + 133, CH);
  g_assert_cmpmem (b, size, bytes, size);
  /* a flipped bit is refused or gives a pipeline that applies within its bounds (checked by ASan) */
  for (size_t i = 0; i < size; i++)
    for (int mask = 1; mask <= 0x80; mask <<= 7)
      {
        b[i] ^= (unsigned char) mask;
        cw_pipeline *q = cw_pipeline_deserialize (b, size, &err);
        if (q)
          {
            if (cw_pipeline_is_fitted (q) && cw_pipeline_channels (q) == CH && cw_pipeline_in_length (q) == LEN
                && cw_pipeline_out_length (q) <= 3)
              cw_pipeline_apply (q, fresh, 4, oa);
            cw_pipeline_free (q);
          }
        else
          g_assert_cmpint (err.status, ==, CW_ERR_FORMAT);
        b[i] ^= (unsigned char) mask;
      }
  g_free (b);
  free (bytes);
  cw_pipeline_free (p);
}

/* ---- feeding PLS and a network ---- */

/* "snv pca(10)" in front of PLS (cross-validated by the driver, which refits it in every fold): PLS
 * with all 10 components on 10 uncorrelated scores is least squares on them, so its calibration fit
 * equals ordinary least squares of y on [1, scores] solved here. */
static void
test_feeds_pls (void)
{
  cw_chemo_data d;
  load_gasoline (&d);
  cw_error err;
  cw_cv_plan plan;
  cw_cv_plan_init (&plan, d.n);
  g_assert_cmpint (cw_cv_plan_kfold (&plan, 5, false, 0, &err), ==, CW_OK);
  cw_pipeline *pipe = parse_ok ("snv pca(10)");
  cw_pls_cv_config cfg = cw_pls_cv_config_default ();
  cfg.max_components = 10;
  cfg.pipeline = pipe;
  cw_pls_cv_result r;
  cw_status st = cw_pls_cv_run (&cfg, &d, &plan, &r, &err);
  if (st != CW_OK)
    g_printerr ("%s\n", err.message);
  g_assert_cmpint (st, ==, CW_OK);
  g_assert_cmpint (r.n_components, ==, 10);
  g_assert_cmpint (cw_pipeline_out_length (r.pipeline), ==, 10);
  g_assert_cmpint (cw_pls_n_features (r.model), ==, 10);
  for (int a = 0; a < 10; a++)
    g_assert_true (isfinite (r.rmsecv[a]));
  /* octane from 10 principal components of SNV spectra: well under the spread of the targets (1.5) */
  g_test_message ("snv pca(10): RMSEC %.4f, RMSECV %.4f with 10 PLS components", r.rmsec[9], r.rmsecv[9]);
  g_assert_cmpfloat (r.rmsecv[9], <, 0.5);

  /* least squares on [1, scores] by the normal equations */
  double *s = g_new (double, d.n * 10);
  cw_pipeline_apply (r.pipeline, d.x, d.n, s);
  double ata[11 * 11] = { 0 }, aty[11] = { 0 };
  for (int i = 0; i < d.n; i++)
    {
      double row[11] = { 1 };
      memcpy (row + 1, s + i * 10, 10 * sizeof (double));
      for (int j = 0; j < 11; j++)
        {
          aty[j] += row[j] * d.y[i];
          for (int k = 0; k < 11; k++)
            ata[j * 11 + k] += row[j] * row[k];
        }
    }
  for (int c = 0; c < 11; c++) /* Gauss–Jordan (positive definite: no pivoting needed) */
    for (int j = 0; j < 11; j++)
      if (j != c)
        {
          double f = ata[j * 11 + c] / ata[c * 11 + c];
          for (int k = 0; k < 11; k++)
            ata[j * 11 + k] -= f * ata[c * 11 + k];
          aty[j] -= f * aty[c];
        }
  double sse = 0;
  for (int i = 0; i < d.n; i++)
    {
      double fit = aty[0] / ata[0];
      for (int k = 0; k < 10; k++)
        fit += s[i * 10 + k] * aty[k + 1] / ata[(k + 1) * 11 + k + 1];
      g_assert_cmpfloat_with_epsilon (r.pred[9 * d.n + i], fit, 1e-9);
      sse += (d.y[i] - fit) * (d.y[i] - fit);
    }
  g_assert_cmpfloat_with_epsilon (r.rmsec[9], sqrt (sse / d.n), 1e-9);
  g_free (s);
  cw_pls_cv_result_clear (&r);
  cw_pipeline_free (pipe);
  cw_cv_plan_clear (&plan);
  cw_chemo_data_clear (&d);
}

/* A network on the 10 scores carries the fitted pipeline in its file (format-2 pipeline inside) and
 * predicts raw spectra as pipeline-then-network, identically after a save and load. */
static void
test_feeds_model (void)
{
  cw_chemo_data d;
  load_gasoline (&d);
  cw_pipeline *pipe = parse_ok ("snv pca(10)");
  g_assert_cmpint (cw_pipeline_fit (pipe, d.x, 40, 1, d.length, d.axis, NULL, NULL), ==, CW_OK);
  cw_error err;
  cw_spec *spec = cw_spec_parse ("flatten dense(8) tanh dense(1)", &err);
  g_assert_nonnull (spec);
  cw_model *m = cw_model_new (spec, 1, 10, CW_TASK_REGRESSION, 1, &err);
  if (!m)
    g_printerr ("%s\n", err.message);
  g_assert_nonnull (m);
  cw_model_init_weights (m, 5);
  cw_model_set_pipeline (m, pipe);
  g_assert_cmpint (cw_model_raw_length (m), ==, d.length);

  enum { N = 20 };
  float *raw = g_new (float, N * d.length), *pre = g_new (float, N * 10);
  for (int i = 0; i < N * d.length; i++)
    raw[i] = (float) d.x[40 * d.length + i];
  cw_pipeline_apply_f (pipe, raw, N, pre);
  float direct[N], via[N], loaded[N];
  g_assert_cmpint (cw_model_predict (m, pre, N, direct, &err), ==, CW_OK);
  g_assert_cmpint (cw_model_predict_raw (m, raw, N, via, &err), ==, CW_OK);
  g_assert_cmpmem (direct, sizeof direct, via, sizeof via);

  size_t size = 0;
  unsigned char *bytes = cw_model_save_bytes (m, &size, &err);
  g_assert_nonnull (bytes);
  cw_model *back = cw_model_load_bytes (bytes, size, NULL, &err);
  if (!back)
    g_printerr ("%s\n", err.message);
  g_assert_nonnull (back);
  char *text = cw_pipeline_to_string (cw_model_get_pipeline (back));
  g_assert_cmpstr (text, ==, "snv pca(10)");
  free (text);
  g_assert_cmpint (cw_model_predict_raw (back, raw, N, loaded, &err), ==, CW_OK);
  g_assert_cmpmem (direct, sizeof direct, loaded, sizeof loaded);
  for (int i = 0; i < N; i++)
    g_assert_true (isfinite (loaded[i]));
  free (bytes);
  cw_model_free (back);
  cw_model_free (m);
  cw_spec_free (spec);
  g_free (raw);
  g_free (pre);
  cw_pipeline_free (pipe);
  cw_chemo_data_clear (&d);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/preprocess-pca/known-components", test_known_components);
  g_test_add_func ("/preprocess-pca/eigenvalues", test_eigenvalues);
  g_test_add_func ("/preprocess-pca/rank", test_rank);
  g_test_add_func ("/preprocess-pca/errors", test_errors);
  g_test_add_func ("/preprocess-pca/no-leakage", test_no_leakage);
  g_test_add_func ("/preprocess-pca/no-leakage-cv", test_no_leakage_cv);
  g_test_add_func ("/preprocess-pca/chain", test_chain);
  g_test_add_func ("/preprocess-pca/serialize", test_serialize);
  g_test_add_func ("/preprocess-pca/feeds-pls", test_feeds_pls);
  g_test_add_func ("/preprocess-pca/feeds-model", test_feeds_model);
  return g_test_run ();
}
