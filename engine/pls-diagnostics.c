/* pls-diagnostics.c — what a fitted PLS model says about variables and samples: VIP, Hotelling's T²,
 * Q residuals, and their control limits. */
#include "cw-chemo-private.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>


void
cw_pls_vip (const cw_pls *m, int a, double *vip)
{
  assert (a >= 1 && a <= m->ncomp);
  int n = m->n, p = m->p, q = m->q;
  double total = 0;
  memset (vip, 0, (size_t) p * sizeof (double));
  for (int k = 0; k < a; k++)
    {
      const double *tk = m->t + (size_t) k * n, *wk = m->w + (size_t) k * p, *qk = m->ql + (size_t) k * q;
      double ssy = cw_dot (tk, tk, n) * cw_dot (qk, qk, q);
      double ww = cw_dot (wk, wk, p);
      total += ssy;
      for (int j = 0; j < p; j++)
        vip[j] += ssy * wk[j] * wk[j] / ww;
    }
  for (int j = 0; j < p; j++)
    vip[j] = sqrt (p * vip[j] / total);
}

void
cw_pls_t2_q (const cw_pls *m, int a, const double *x, int n, double *t2, double *q)
{
  assert (a >= 1 && a <= m->ncomp);
  int p = m->p;
  double *var = malloc ((size_t) a * sizeof (double));
  for (int k = 0; k < a; k++)
    {
      const double *tk = m->t + (size_t) k * m->n;
      var[k] = cw_dot (tk, tk, m->n) / (m->n - 1);
    }
  double *xc = malloc ((size_t) p * sizeof (double));
  double *t = malloc ((size_t) a * sizeof (double));
  for (int i = 0; i < n; i++)
    {
      const double *xi = x + (size_t) i * p;
      for (int j = 0; j < p; j++)
        xc[j] = xi[j] - m->x_mean[j];
      double sum_t2 = 0;
      for (int k = 0; k < a; k++)
        {
          t[k] = cw_dot (xc, m->r + (size_t) k * p, p);
          sum_t2 += t[k] * t[k] / var[k];
        }
      if (t2)
        t2[i] = sum_t2;
      if (q)
        {
          for (int k = 0; k < a; k++)
            {
              const double *pk = m->pl + (size_t) k * p;
              for (int j = 0; j < p; j++)
                xc[j] -= t[k] * pk[j];
            }
          q[i] = cw_dot (xc, xc, p);
        }
    }
  free (var);
  free (xc);
  free (t);
}

double
cw_pls_t2_limit (const cw_pls *m, int a, double confidence)
{
  assert (a >= 1 && a <= m->ncomp && confidence > 0 && confidence < 1);
  int n = m->n;
  if (n - a < 1)
    return INFINITY;
  return a * (n - 1.0) / (n - a) * cw_f_quantile (confidence, a, n - a);
}

/* The traces of the first three powers of the residual covariance equal those of the n x n Gram matrix
 * G = E E' / (n - 1), which is small (n rows) where E'E would be p x p: no eigen-decomposition needed. */
void
cw_pls_q_thetas (const cw_pls *m, int a, double theta[3])
{
  assert (a >= 1 && a <= m->ncomp);
  int n = m->n, p = m->p;
  double *e = malloc ((size_t) n * p * sizeof (double));
  memcpy (e, m->xc, (size_t) n * p * sizeof (double));
  for (int k = 0; k < a; k++)
    {
      const double *tk = m->t + (size_t) k * n, *pk = m->pl + (size_t) k * p;
      for (int i = 0; i < n; i++)
        {
          double *ei = e + (size_t) i * p;
          for (int j = 0; j < p; j++)
            ei[j] -= tk[i] * pk[j];
        }
    }
  double *g = malloc ((size_t) n * n * sizeof (double));
  for (int i = 0; i < n; i++)
    for (int j = 0; j <= i; j++)
      g[(size_t) i * n + j] = g[(size_t) j * n + i] = cw_dot (e + (size_t) i * p, e + (size_t) j * p, p) / (n - 1);
  double t1 = 0, t2 = 0, t3 = 0;
  for (int i = 0; i < n; i++)
    t1 += g[(size_t) i * n + i];
  for (size_t i = 0; i < (size_t) n * n; i++)
    t2 += g[i] * g[i];
  /* tr(G^3) = sum_ij G_ij (G^2)_ij for symmetric G */
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++)
      t3 += g[(size_t) i * n + j] * cw_dot (g + (size_t) i * n, g + (size_t) j * n, n);
  theta[0] = t1;
  theta[1] = t2;
  theta[2] = t3;
  free (e);
  free (g);
}

double
cw_pls_q_limit (const cw_pls *m, int a, double confidence)
{
  assert (confidence > 0 && confidence < 1);
  double theta[3];
  cw_pls_q_thetas (m, a, theta);
  /* A residual at rounding level is a model that reproduces X: no residual, no limit. */
  if (!(theta[0] > 1e-24 * m->ssx / (m->n - 1)))
    return 0;
  double q = cw_q_limit_jackson_mudholkar (theta, confidence);
  return isnan (q) ? cw_q_limit_box (theta, confidence) : q;
}
