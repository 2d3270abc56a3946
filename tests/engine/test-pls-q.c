/* test-pls-q.c — the Q-residual thetas (traces of the first three powers of the calibration residual
 * covariance) against an independent computation: the residual E = Xc - T P' formed from the model's
 * scores and loadings, S = E'E / (n - 1) formed explicitly (p x p), theta_i = tr S^i by plain loops and,
 * for small p, as sum l^i over its eigenvalues l by cyclic Jacobi rotations. Both shapes (n < p, where the engine works with the n x n Gram matrix,
 * and n > p, p x p), NIPALS and SIMPLS, one and two responses, every number of components. Also a CV
 * run whose final model keeps its calibration X (fold models do not) and predicts in several row blocks. */
#include "cw.h"
#include "cw-pls.h"
#include "cw-validation.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#define THETA_TOL 1e-10

/* A fixed pseudo-random sequence (xorshift64*), uniform in [0, 1). */
static double
uniform (guint64 *s)
{
  *s ^= *s >> 12;
  *s ^= *s << 25;
  *s ^= *s >> 27;
  return (double) ((*s * 2685821657736338717ULL) >> 11) * 0x1.0p-53;
}

/* n spectra of p points: four broad bands with random heights, a slope and noise; y (n x q) linear in the
 * heights plus a little noise. */
static void
make_data (int n, int p, int q, guint64 seed, double *x, double *y)
{
  guint64 s = seed;
  for (int i = 0; i < n; i++)
    {
      double h[4];
      for (int k = 0; k < 4; k++)
        h[k] = uniform (&s);
      double slope = uniform (&s) - 0.5;
      for (int j = 0; j < p; j++)
        {
          double u = (double) j / p, v = slope * u;
          for (int k = 0; k < 4; k++)
            {
              double d = (u - 0.2 * (k + 1)) / 0.12;
              v += h[k] * exp (-0.5 * d * d);
            }
          x[(size_t) i * p + j] = v + 0.02 * (uniform (&s) - 0.5);
        }
      for (int r = 0; r < q; r++)
        y[(size_t) i * q + r] = h[r] + 0.5 * h[(r + 2) % 4] + 0.01 * (uniform (&s) - 0.5);
    }
}

/* Eigenvalues of the symmetric k x k matrix a (destroyed) into l: cyclic Jacobi until the off-diagonal
 * part is negligible. */
static void
jacobi_eigenvalues (double *a, int k, double *l)
{
  for (int sweep = 0; sweep < 100; sweep++)
    {
      double off = 0, diag = 0;
      for (int i = 0; i < k; i++)
        for (int j = 0; j < k; j++)
          *(i == j ? &diag : &off) += a[i * k + j] * a[i * k + j];
      if (off <= 1e-32 * diag)
        break;
      for (int pi = 0; pi < k; pi++)
        for (int qi = pi + 1; qi < k; qi++)
          {
            double apq = a[pi * k + qi];
            if (apq == 0)
              continue;
            double theta = (a[qi * k + qi] - a[pi * k + pi]) / (2 * apq);
            double t = (theta >= 0 ? 1 : -1) / (fabs (theta) + sqrt (theta * theta + 1));
            double c = 1 / sqrt (t * t + 1), s = t * c;
            for (int r = 0; r < k; r++)
              {
                double arp = a[r * k + pi], arq = a[r * k + qi];
                a[r * k + pi] = c * arp - s * arq;
                a[r * k + qi] = s * arp + c * arq;
              }
            for (int r = 0; r < k; r++)
              {
                double apr = a[pi * k + r], aqr = a[qi * k + r];
                a[pi * k + r] = c * apr - s * aqr;
                a[qi * k + r] = s * apr + c * aqr;
              }
          }
    }
  for (int i = 0; i < k; i++)
    l[i] = a[i * k + i];
}

/* theta_1..3 of the a-component model from the eigenvalues of the explicit p x p residual covariance. */
static void
reference_thetas (const cw_pls *pls, const double *x, int a, double theta[3])
{
  int n = cw_pls_n_samples (pls), p = cw_pls_n_features (pls);
  const double *mean = cw_pls_x_mean (pls), *t = cw_pls_x_scores (pls), *pl = cw_pls_x_loadings (pls);
  double *e = g_new (double, (size_t) n * p), *s = g_new0 (double, (size_t) p * p), *l = g_new (double, p);
  for (int i = 0; i < n; i++)
    for (int j = 0; j < p; j++)
      {
        double v = x[(size_t) i * p + j] - mean[j];
        for (int k = 0; k < a; k++)
          v -= t[(size_t) k * n + i] * pl[(size_t) k * p + j];
        e[(size_t) i * p + j] = v;
      }
  for (int j = 0; j < p; j++)
    for (int k = 0; k < p; k++)
      {
        double sum = 0;
        for (int i = 0; i < n; i++)
          sum += e[(size_t) i * p + j] * e[(size_t) i * p + k];
        s[(size_t) j * p + k] = sum / (n - 1);
      }
  /* The traces straight from S: tr S, sum S_jk^2, sum_jkl S_jk S_kl S_lj. */
  theta[0] = theta[1] = theta[2] = 0;
  for (int j = 0; j < p; j++)
    {
      theta[0] += s[(size_t) j * p + j];
      for (int k = 0; k < p; k++)
        {
          double sjk = s[(size_t) j * p + k], s2 = 0;
          theta[1] += sjk * sjk;
          for (int m = 0; m < p; m++)
            s2 += s[(size_t) k * p + m] * s[(size_t) m * p + j];
          theta[2] += sjk * s2;
        }
    }
  /* For small p also from the eigenvalues (Jacobi): the same numbers another way. */
  if (p <= 64)
    {
      jacobi_eigenvalues (s, p, l);
      double ev[3] = { 0, 0, 0 };
      for (int j = 0; j < p; j++)
        {
          ev[0] += l[j];
          ev[1] += l[j] * l[j];
          ev[2] += l[j] * l[j] * l[j];
        }
      for (int i = 0; i < 3; i++)
        g_assert_cmpfloat (fabs (ev[i] - theta[i]), <=, 1e-12 * theta[i]);
    }
  g_free (e);
  g_free (s);
  g_free (l);
}

static double
rel_diff (double got, double want)
{
  return fabs (got - want) / fmax (fabs (want), 1e-300);
}

static void
check_shape (int n, int p, int q, int ncomp, cw_pls_algorithm alg)
{
  double *x = g_new (double, (size_t) n * p), *y = g_new (double, (size_t) n * q);
  make_data (n, p, q, 0x9e3779b97f4a7c15ULL + (guint64) n * 131 + p, x, y);
  cw_error err;
  cw_pls *pls = cw_pls_fit (x, y, n, p, q, ncomp, alg, &err);
  g_assert_nonnull (pls);
  int A = cw_pls_n_components (pls);
  g_assert_cmpint (A, ==, ncomp);
  double *all = g_new (double, 3 * A), *limits = g_new (double, A);
  cw_pls_q_thetas_all (pls, all);
  cw_pls_q_limits (pls, 0.95, limits);
  for (int a = 1; a <= A; a++)
    {
      double want[3], got[3];
      reference_thetas (pls, x, a, want);
      cw_pls_q_thetas (pls, a, got);
      for (int i = 0; i < 3; i++)
        {
          g_assert_cmpfloat (want[i], >, 0);
          g_assert_cmpfloat (rel_diff (got[i], want[i]), <=, THETA_TOL);
          g_assert_cmpfloat (all[3 * (a - 1) + i], ==, got[i]);
        }
      /* The residual shrinks with every component. */
      if (a > 1)
        g_assert_cmpfloat (got[0], <, all[3 * (a - 2)]);
      double limit = cw_pls_q_limit (pls, a, 0.95);
      g_assert_cmpfloat (limit, >, 0);
      g_assert_cmpfloat (limits[a - 1], ==, limit);
      /* The limit of the reference thetas, by the same formulas. */
      double jm = cw_q_limit_jackson_mudholkar (want, 0.95);
      g_assert_cmpfloat (rel_diff (limit, isnan (jm) ? cw_q_limit_box (want, 0.95) : jm), <=, 1e-9);
    }
  g_free (all);
  g_free (limits);
  cw_pls_free (pls);
  g_free (x);
  g_free (y);
}

/* n < p: the engine uses the n x n Gram matrix (p spans several column blocks). */
static void
test_wide (void)
{
  check_shape (23, 300, 1, 6, CW_PLS_NIPALS);
  check_shape (23, 300, 1, 6, CW_PLS_SIMPLS);
  check_shape (23, 300, 2, 5, CW_PLS_NIPALS);
  check_shape (23, 300, 2, 5, CW_PLS_SIMPLS);
}

/* n > p: the p x p Gram matrix, accumulated over several row blocks. */
static void
test_tall (void)
{
  check_shape (700, 17, 1, 7, CW_PLS_NIPALS);
  check_shape (700, 17, 1, 7, CW_PLS_SIMPLS);
  check_shape (700, 17, 2, 6, CW_PLS_NIPALS);
  check_shape (700, 17, 2, 6, CW_PLS_SIMPLS);
}

/* n = p sits on the n x n side of the switch. */
static void
test_square (void)
{
  check_shape (40, 40, 1, 8, CW_PLS_NIPALS);
}

/* A CV run on data that needs several row blocks for prediction and fold models that do not keep X: the
 * final model still gives its Q limits, equal to those of a model fitted directly on the same rows. */
static void
test_cv_model_keeps_x (void)
{
  int n = 600, p = 40;
  double *x = g_new (double, (size_t) n * p), *y = g_new (double, n);
  make_data (n, p, 1, 7, x, y);
  cw_chemo_data d = { .x = x, .n = n, .channels = 1, .length = p, .y = y, .q = 1 };
  cw_cv_plan plan;
  cw_cv_plan_init (&plan, n);
  cw_error err;
  g_assert_cmpint (cw_cv_plan_kfold (&plan, 10, false, 0, &err), ==, CW_OK);
  cw_pls_cv_config cfg = cw_pls_cv_config_default ();
  cfg.max_components = 6;
  cw_pls_cv_result r;
  g_assert_cmpint (cw_pls_cv_run (&cfg, &d, &plan, &r, &err), ==, CW_OK);
  cw_pls *direct = cw_pls_fit (x, y, n, p, 1, 6, CW_PLS_NIPALS, &err);
  for (int a = 1; a <= 6; a++)
    {
      g_assert_cmpfloat (rel_diff (cw_pls_q_limit (r.model, a, 0.95), cw_pls_q_limit (direct, a, 0.95)), <=, 1e-12);
      /* Predictions made block by block equal the model's own. */
      double pred;
      cw_pls_predict (direct, a, x + (size_t) 599 * p, 1, &pred);
      g_assert_cmpfloat (rel_diff (r.pred[(size_t) (a - 1) * n + 599], pred), <=, 1e-12);
    }
  cw_pls_free (direct);
  cw_pls_cv_result_clear (&r);
  cw_cv_plan_clear (&plan);
  g_free (x);
  g_free (y);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pls-q/thetas/wide", test_wide);
  g_test_add_func ("/pls-q/thetas/tall", test_tall);
  g_test_add_func ("/pls-q/thetas/square", test_square);
  g_test_add_func ("/pls-q/cv-model-keeps-x", test_cv_model_keeps_x);
  return g_test_run ();
}
