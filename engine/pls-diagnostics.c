/* pls-diagnostics.c — what a fitted PLS model says about variables and samples: VIP, Hotelling's T²,
 * Q residuals, and their control limits. */
#include "cw-chemo-private.h"
#include "cw-blas-private.h"

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

/* Rows per block in the BLAS passes below: a block of residuals (BLOCK x p doubles) stays small. */
#define BLOCK 256

void
cw_pls_t2_q (const cw_pls *m, int a, const double *x, int n, double *t2, double *q)
{
  assert (a >= 1 && a <= m->ncomp);
  cw_blas_init ();
  int p = m->p;
  double *inv_var = malloc ((size_t) a * sizeof (double));
  for (int k = 0; k < a; k++)
    {
      const double *tk = m->t + (size_t) k * m->n;
      inv_var[k] = (m->n - 1) / cw_dot (tk, tk, m->n);
    }
  /* Per block of rows: Xc = x - mean, scores T = Xc R' (rows x a), the residual Xc - T P'. */
  double *xc = malloc ((size_t) BLOCK * p * sizeof (double));
  double *t = malloc ((size_t) BLOCK * a * sizeof (double));
  for (int i0 = 0; i0 < n; i0 += BLOCK)
    {
      int rows = n - i0 < BLOCK ? n - i0 : BLOCK;
      for (int i = 0; i < rows; i++)
        {
          const double *xi = x + (size_t) (i0 + i) * p;
          double *ci = xc + (size_t) i * p;
          for (int j = 0; j < p; j++)
            ci[j] = xi[j] - m->x_mean[j];
        }
      cw_dgemm (false, true, rows, a, p, 1, xc, p, m->r, p, 0, t, a);
      for (int i = 0; t2 && i < rows; i++)
        {
          double sum_t2 = 0;
          for (int k = 0; k < a; k++)
            sum_t2 += t[(size_t) i * a + k] * t[(size_t) i * a + k] * inv_var[k];
          t2[i0 + i] = sum_t2;
        }
      if (!q)
        continue;
      cw_dgemm (false, false, rows, p, a, -1, t, a, m->pl, p, 1, xc, p);
      for (int i = 0; i < rows; i++)
        q[i0 + i] = cw_dot (xc + (size_t) i * p, xc + (size_t) i * p, p);
    }
  free (inv_var);
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

/* ---- the Q limit's theta_i = tr(S^i), S_a = E_a'E_a / (n - 1) the residual covariance of a components ----
 *
 * With T orthogonal and P = Xc'T (T'T)^-1 (NIPALS; SIMPLS with T'T = I), the residuals nest:
 * E_a'E_a = E_A'E_A + sum_{k>a} p_k (t_k't_k) p_k', A the fitted count. So with B = E_A'E_A / (n - 1)
 * (the base) and U the p x (A - a) matrix of the later u_k = p_k |t_k| / sqrt (n - 1), S_a = B + U U' and
 *   tr S_a   = tr B + tr H
 *   tr S_a^2 = tr B^2 + 2 tr W + tr H^2
 *   tr S_a^3 = tr B^3 + 3 tr V + 3 tr (W H) + tr H^3,    H = U'U, W = U'BU, V = U'B^2U,
 * sums of non-negative terms: no cancellation, however small the residual. One Gram matrix gives every a.
 * The base comes from the smaller Gram matrix: p x p (E'E, over blocks of rows) when p < n, else n x n
 * (E E' = the same non-zero spectrum, over blocks of columns, with F = E U: W = F'F, V = F'GF).
 * E is formed block by block (Xc block - T P' block by dgemm), never as a second n x p array. */

/* tr G, tr G^2 and tr G^3 of a symmetric k x k matrix (both triangles filled). tr G^3 = sum_ij G_ij (G^2)_ij,
 * both symmetric: twice the sum over i < j plus the diagonal, so for each block of columns J only the rows
 * above its end are multiplied out (G^2 a block at a time: half the flops of the full product, k x BLOCK
 * memory). */
static void
gram_traces (const double *g, int k, double out[3])
{
  double t1 = 0, t2 = 0, t3 = 0;
  for (int i = 0; i < k; i++)
    {
      t1 += g[(size_t) i * k + i];
      t2 += cw_dot (g + (size_t) i * k, g + (size_t) i * k, k);
    }
  double *g2 = malloc ((size_t) k * BLOCK * sizeof (double));
  for (int j0 = 0; j0 < k; j0 += BLOCK)
    {
      int cols = k - j0 < BLOCK ? k - j0 : BLOCK, rows = j0 + cols;
      cw_dgemm (false, false, rows, cols, k, 1, g, k, g + j0, k, 0, g2, cols);
      for (int i = 0; i < j0; i++)
        t3 += 2 * cw_dot (g + (size_t) i * k + j0, g2 + (size_t) i * cols, cols);
      for (int i = j0; i < rows; i++)
        {
          const double *gi = g + (size_t) i * k + j0, *ci = g2 + (size_t) i * cols;
          int d = i - j0;
          t3 += gi[d] * ci[d] + 2 * cw_dot (gi + d + 1, ci + d + 1, cols - d - 1);
        }
    }
  free (g2);
  out[0] = t1;
  out[1] = t2;
  out[2] = t3;
}

/* The strict lower triangle of a k x k matrix from its upper one. */
static void
symmetrise (double *g, int k)
{
  for (int i = 0; i < k; i++)
    for (int j = 0; j < i; j++)
      g[(size_t) i * k + j] = g[(size_t) j * k + i];
}

void
cw_pls_q_thetas_all (const cw_pls *m, double *theta)
{
  assert (m->xc && "the Q limits need the calibration X, which CV fold models do not keep");
  cw_blas_init ();
  int n = m->n, p = m->p, A = m->ncomp;
  double s = 1 / sqrt (n - 1.0);
  double *ut = malloc ((size_t) A * p * sizeof (double)); /* U' (A x p) over all A components */
  for (int k = 0; k < A; k++)
    {
      const double *tk = m->t + (size_t) k * n, *pk = m->pl + (size_t) k * p;
      double f = sqrt (cw_dot (tk, tk, n)) * s;
      for (int j = 0; j < p; j++)
        ut[(size_t) k * p + j] = pk[j] * f;
    }
  double *h = malloc ((size_t) A * A * sizeof (double));
  double *w = malloc ((size_t) A * A * sizeof (double));
  double *v = calloc ((size_t) A, sizeof (double));
  cw_dgemm (false, true, A, A, p, 1, ut, p, ut, p, 0, h, A);
  double base[3];
  if (p < n)
    {
      /* B = sum over row blocks of E_b'E_b / (n - 1), E_b = Xc_b - T_b P' */
      double *g = calloc ((size_t) p * p, sizeof (double));
      double *e = malloc ((size_t) BLOCK * p * sizeof (double));
      for (int i0 = 0; i0 < n; i0 += BLOCK)
        {
          int rows = n - i0 < BLOCK ? n - i0 : BLOCK;
          memcpy (e, m->xc + (size_t) i0 * p, (size_t) rows * p * sizeof (double));
          cw_dgemm (true, false, rows, p, A, -1, m->t + i0, n, m->pl, p, 1, e, p);
          cw_dsyrk_upper (true, p, rows, 1 / (n - 1.0), e, p, 1, g, p);
        }
      free (e);
      symmetrise (g, p);
      double *bu = malloc ((size_t) p * A * sizeof (double)); /* B U, p x A */
      cw_dgemm (false, true, p, A, p, 1, g, p, ut, p, 0, bu, A);
      cw_dgemm (false, false, A, A, p, 1, ut, p, bu, A, 0, w, A);
      for (int j = 0; j < p; j++)
        for (int k = 0; k < A; k++)
          v[k] += bu[(size_t) j * A + k] * bu[(size_t) j * A + k];
      free (bu);
      gram_traces (g, p, base);
      free (g);
    }
  else
    {
      /* G = sum over column blocks of E_J E_J' / (n - 1), F = E U / sqrt (n - 1) */
      double *g = calloc ((size_t) n * n, sizeof (double));
      double *f = calloc ((size_t) n * A, sizeof (double));
      double *e = malloc ((size_t) n * BLOCK * sizeof (double));
      for (int j0 = 0; j0 < p; j0 += BLOCK)
        {
          int cols = p - j0 < BLOCK ? p - j0 : BLOCK;
          for (int i = 0; i < n; i++)
            memcpy (e + (size_t) i * cols, m->xc + (size_t) i * p + j0, (size_t) cols * sizeof (double));
          cw_dgemm (true, false, n, cols, A, -1, m->t, n, m->pl + j0, p, 1, e, cols);
          cw_dsyrk_upper (false, n, cols, 1 / (n - 1.0), e, cols, 1, g, n);
          cw_dgemm (false, true, n, A, cols, s, e, cols, ut + j0, p, 1, f, A);
        }
      free (e);
      symmetrise (g, n);
      cw_dgemm (true, false, A, A, n, 1, f, A, f, A, 0, w, A);
      double *gf = malloc ((size_t) n * A * sizeof (double));
      cw_dgemm (false, false, n, A, n, 1, g, n, f, A, 0, gf, A);
      for (int i = 0; i < n; i++)
        for (int k = 0; k < A; k++)
          v[k] += f[(size_t) i * A + k] * gf[(size_t) i * A + k];
      free (gf);
      free (f);
      gram_traces (g, n, base);
      free (g);
    }
  /* theta for a components from the trailing (A - a) x (A - a) blocks of H, W and V. */
  double *hh = malloc ((size_t) A * A * sizeof (double));
  for (int a = 1; a <= A; a++)
    {
      int k = A - a;
      double t1 = base[0], t2 = base[1], t3 = base[2];
      if (k > 0)
        {
          const double *hk = h + (size_t) a * A + a, *wk = w + (size_t) a * A + a;
          cw_dgemm (false, false, k, k, k, 1, hk, A, hk, A, 0, hh, k);
          double tr_h = 0, tr_w = 0, tr_v = 0, tr_hh = 0, tr_wh = 0, tr_hhh = 0;
          for (int i = 0; i < k; i++)
            {
              tr_h += hk[(size_t) i * A + i];
              tr_w += wk[(size_t) i * A + i];
              tr_v += v[a + i];
              tr_hh += hh[(size_t) i * k + i];
              for (int j = 0; j < k; j++)
                {
                  tr_wh += wk[(size_t) i * A + j] * hk[(size_t) j * A + i];
                  tr_hhh += hh[(size_t) i * k + j] * hk[(size_t) j * A + i];
                }
            }
          t1 += tr_h;
          t2 += 2 * tr_w + tr_hh;
          t3 += 3 * tr_v + 3 * tr_wh + tr_hhh;
        }
      theta[3 * (a - 1)] = t1;
      theta[3 * (a - 1) + 1] = t2;
      theta[3 * (a - 1) + 2] = t3;
    }
  free (hh);
  free (ut);
  free (h);
  free (w);
  free (v);
}

void
cw_pls_q_thetas (const cw_pls *m, int a, double theta[3])
{
  assert (a >= 1 && a <= m->ncomp);
  double *all = malloc ((size_t) m->ncomp * 3 * sizeof (double));
  cw_pls_q_thetas_all (m, all);
  memcpy (theta, all + 3 * (a - 1), 3 * sizeof (double));
  free (all);
}

/* The limit from theta; a residual at rounding level is a model that reproduces X: no residual, no limit. */
static double
q_limit_of (const cw_pls *m, const double theta[3], double confidence)
{
  if (!(theta[0] > 1e-24 * m->ssx / (m->n - 1)))
    return 0;
  double q = cw_q_limit_jackson_mudholkar (theta, confidence);
  return isnan (q) ? cw_q_limit_box (theta, confidence) : q;
}

void
cw_pls_q_limits (const cw_pls *m, double confidence, double *limits)
{
  assert (confidence > 0 && confidence < 1);
  double *all = malloc ((size_t) m->ncomp * 3 * sizeof (double));
  cw_pls_q_thetas_all (m, all);
  for (int a = 1; a <= m->ncomp; a++)
    limits[a - 1] = q_limit_of (m, all + 3 * (a - 1), confidence);
  free (all);
}

double
cw_pls_q_limit (const cw_pls *m, int a, double confidence)
{
  assert (confidence > 0 && confidence < 1);
  double theta[3];
  cw_pls_q_thetas (m, a, theta);
  return q_limit_of (m, theta, confidence);
}
