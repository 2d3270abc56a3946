/* pls.c — PLS1/PLS2 by NIPALS and SIMPLS, coefficients for every number of components, prediction,
 * PLS-DA. Diagnostics (VIP, T², Q and their limits) are in pls-diagnostics.c, the distributions in
 * pls-stats.c. Row-major doubles throughout; the loops run along rows so they vectorise. */
#include "cw-chemo-private.h"
#include "cw-blas-private.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NIPALS_TOL 1e-12
#define NIPALS_MAX_ITER 500

const char *
cw_pls_algorithm_name (cw_pls_algorithm alg)
{
  return alg == CW_PLS_SIMPLS ? "simpls" : "nipals";
}

/* ---- small vector kernels ---- */

/* out (p) = X' v for X n x p row-major. */
static void
xt_times (const double *x, int n, int p, const double *v, double *out)
{
  cw_dgemv (true, n, p, 1, x, p, v, 0, out);
}

/* out (n) = X v. */
static void
x_times (const double *x, int n, int p, const double *v, double *out)
{
  cw_dgemv (false, n, p, 1, x, p, v, 0, out);
}

/* The deflated X_a = Xc - sum_b<a t_b p_b' without forming it: out (n) = X_a v, or with trans (p) = X_a' v
 * (the t_b, p_b component-major in m). */
static void
deflated_times (const cw_pls *m, int a, bool trans, const double *v, double *out)
{
  int n = m->n, p = m->p;
  if (trans)
    xt_times (m->xc, n, p, v, out);
  else
    x_times (m->xc, n, p, v, out);
  for (int b = 0; b < a; b++)
    {
      const double *tb = m->t + (size_t) b * n, *pb = m->pl + (size_t) b * p;
      /* X_a' v: p_b (t_b'v) (which rounding alone keeps from vanishing); X_a v: t_b (p_b'v) */
      double f = trans ? cw_dot (tb, v, n) : cw_dot (pb, v, p);
      const double *dir = trans ? pb : tb;
      int len = trans ? p : n;
      for (int j = 0; j < len; j++)
        out[j] -= f * dir[j];
    }
}

/* One pass over the rows of Xc: t_i = x_i w - corr_i (corr may be NULL) and s = Xc't, four rows at a
 * time so that s is stored once per four rows (the stores bound this loop). */
static void
project_rows (const double *xc, int n, int p, const double *w, const double *corr, double *t, double *s)
{
  memset (s, 0, (size_t) p * sizeof (double));
  for (int i0 = 0; i0 < n; i0 += 4)
    {
      int rows = n - i0 < 4 ? n - i0 : 4;
      const double *x0 = xc + (size_t) i0 * p, *xr[4];
      double tr[4] = { 0, 0, 0, 0 };
      for (int k = 0; k < 4; k++)
        xr[k] = k < rows ? x0 + (size_t) k * p : x0; /* a short block repeats row 0 with weight 0 */
      for (int k = 0; k < rows; k++)
        t[i0 + k] = tr[k] = cw_dot (xr[k], w, p) - (corr ? corr[i0 + k] : 0);
      for (int j = 0; j < p; j++)
        s[j] += (tr[0] * xr[0][j] + tr[1] * xr[1][j]) + (tr[2] * xr[2][j] + tr[3] * xr[3][j]);
    }
}

/* Dominant eigenvector of the symmetric k x k matrix a (destroyed) by cyclic Jacobi rotations. */
static void
dominant_eigenvector (double *a, int k, double *vec)
{
  double *v = calloc ((size_t) k * k, sizeof (double));
  for (int i = 0; i < k; i++)
    v[i * k + i] = 1;
  for (int sweep = 0; sweep < 100; sweep++)
    {
      double off = 0, diag = 0;
      for (int i = 0; i < k; i++)
        for (int j = 0; j < k; j++)
          *(i == j ? &diag : &off) += a[i * k + j] * a[i * k + j];
      if (off <= 1e-30 * diag)
        break;
      for (int pi = 0; pi < k; pi++)
        for (int qi = pi + 1; qi < k; qi++)
          {
            double apq = a[pi * k + qi];
            if (apq == 0)
              continue;
            double theta = (a[qi * k + qi] - a[pi * k + pi]) / (2 * apq);
            double tn = (theta >= 0 ? 1 : -1) / (fabs (theta) + sqrt (theta * theta + 1));
            double c = 1 / sqrt (tn * tn + 1), s = tn * c;
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
            for (int r = 0; r < k; r++)
              {
                double vrp = v[r * k + pi], vrq = v[r * k + qi];
                v[r * k + pi] = c * vrp - s * vrq;
                v[r * k + qi] = s * vrp + c * vrq;
              }
          }
    }
  int best = 0;
  for (int i = 1; i < k; i++)
    if (a[i * k + i] > a[best * k + best])
      best = i;
  for (int r = 0; r < k; r++)
    vec[r] = v[r * k + best];
  free (v);
}

/* ---- the two algorithms: each fills t, pl, w, r, ql for up to `want` components; returns the count ---- */

/* R = W (P'W)^-1, column by column: P'W is unit upper triangular, so r_a = w_a - sum_b<a r_b (p_b'w_a). */
static void
nipals_rotations (cw_pls *m, int a)
{
  int p = m->p;
  for (int k = 0; k < a; k++)
    {
      double *rk = m->r + (size_t) k * p;
      const double *wk = m->w + (size_t) k * p;
      memcpy (rk, wk, (size_t) p * sizeof (double));
      for (int b = 0; b < k; b++)
        {
          double f = cw_dot (m->pl + (size_t) b * p, wk, p);
          const double *rb = m->r + (size_t) b * p;
          for (int j = 0; j < p; j++)
            rk[j] -= f * rb[j];
        }
    }
}

/* PLS1 by NIPALS without deflating X. With y deflated instead, X_a'y = Xc'y_a = Xc'y_(a-1) - q Xc't,
 * and X_a w, X_a't follow from Xc and the earlier components; so each component needs ONE pass over the
 * rows (t_i = x_i w - corrections, then Xc't += t_i x_i while x_i is in cache) instead of four passes
 * and no n x p working copy. The same model as deflating X, in exact arithmetic. */
static int
fit_nipals1 (cw_pls *m, const double *yc, int want)
{
  int n = m->n, p = m->p;
  double *ya = malloc ((size_t) n * sizeof (double));
  double *u = malloc ((size_t) p * sizeof (double));  /* Xc'y_a, the unnormalised weight */
  double *s = malloc ((size_t) p * sizeof (double));  /* Xc't */
  double *corr = malloc ((size_t) n * sizeof (double));
  memcpy (ya, yc, (size_t) n * sizeof (double));
  xt_times (m->xc, n, p, ya, u);
  double u0 = sqrt (cw_dot (u, u, p));
  int a = 0;
  for (; a < want; a++)
    {
      double *w = m->w + (size_t) a * p, *t = m->t + (size_t) a * n, *pv = m->pl + (size_t) a * p;
      double nw = sqrt (cw_dot (u, u, p));
      /* X'y used up (to rounding): further components would fit noise. */
      if (!(nw > 1e-13 * u0))
        break;
      for (int j = 0; j < p; j++)
        w[j] = u[j] / nw;
      /* X_a w = Xc w - sum_b t_b (p_b'w): the sum is the correction per row */
      memset (corr, 0, (size_t) n * sizeof (double));
      for (int b = 0; b < a; b++)
        {
          double fb = cw_dot (m->pl + (size_t) b * p, w, p);
          const double *tb = m->t + (size_t) b * n;
          for (int i = 0; i < n; i++)
            corr[i] += fb * tb[i];
        }
      project_rows (m->xc, n, p, w, corr, t, s);
      double tt = cw_dot (t, t, n);
      if (!(tt > 1e-24 * m->ssx))
        break;
      /* p = X_a't / t't = (Xc't - sum_b p_b (t_b't)) / t't; the t_b't vanish but for rounding. */
      memcpy (pv, s, (size_t) p * sizeof (double));
      for (int b = 0; b < a; b++)
        {
          double g = cw_dot (m->t + (size_t) b * n, t, n);
          const double *pb = m->pl + (size_t) b * p;
          for (int j = 0; j < p; j++)
            pv[j] -= g * pb[j];
        }
      for (int j = 0; j < p; j++)
        pv[j] /= tt;
      double qa = cw_dot (ya, t, n) / tt;
      m->ql[a] = qa;
      for (int i = 0; i < n; i++)
        ya[i] -= qa * t[i];
      for (int j = 0; j < p; j++)
        u[j] -= qa * s[j];
    }
  nipals_rotations (m, a);
  free (ya);
  free (u);
  free (s);
  free (corr);
  return a;
}

/* PLS2 by NIPALS. Y is deflated; X is not: X_a w and X_a'u come from Xc and the earlier components
 * (deflated_times), so no n x p working copy is made and each product is one pass over Xc. */
static int
fit_nipals (cw_pls *m, const double *yc, int want)
{
  if (m->q == 1)
    return fit_nipals1 (m, yc, want);
  int n = m->n, p = m->p, q = m->q;
  double *yw = malloc ((size_t) n * q * sizeof (double));
  double *u = malloc ((size_t) n * sizeof (double));
  double *t_old = calloc ((size_t) n, sizeof (double));
  double *c = malloc ((size_t) q * sizeof (double));
  memcpy (yw, yc, (size_t) n * q * sizeof (double));
  int a = 0;
  for (; a < want; a++)
    {
      double *w = m->w + (size_t) a * p, *t = m->t + (size_t) a * n;
      double *pv = m->pl + (size_t) a * p, *qv = m->ql + (size_t) a * q;
      /* Start from the Y column with the largest remaining sum of squares. */
      int start = 0;
      double best = -1;
      for (int k = 0; k < q; k++)
        {
          double ss = 0;
          for (int i = 0; i < n; i++)
            ss += yw[(size_t) i * q + k] * yw[(size_t) i * q + k];
          if (ss > best)
            best = ss, start = k;
        }
      for (int i = 0; i < n; i++)
        u[i] = yw[(size_t) i * q + start];
      for (int iter = 0; iter < NIPALS_MAX_ITER; iter++)
        {
          deflated_times (m, a, true, u, w);
          double nw = sqrt (cw_dot (w, w, p));
          if (!(nw > 0))
            goto done;
          for (int j = 0; j < p; j++)
            w[j] /= nw;
          deflated_times (m, a, false, w, t);
          double tt = cw_dot (t, t, n);
          cw_dgemv (true, n, q, 1 / tt, yw, q, t, 0, c);
          double cc = cw_dot (c, c, q);
          cw_dgemv (false, n, q, 1 / cc, yw, q, c, 0, u);
          double diff = 0;
          for (int i = 0; i < n; i++)
            diff += (t[i] - t_old[i]) * (t[i] - t_old[i]);
          memcpy (t_old, t, (size_t) n * sizeof (double));
          if (iter > 0 && diff <= NIPALS_TOL * NIPALS_TOL * tt)
            break;
        }
      double tt = cw_dot (t, t, n);
      /* Scores that carry no variance left: X is used up, further components would be noise. */
      if (!(tt > 1e-24 * m->ssx))
        break;
      deflated_times (m, a, true, t, pv);
      for (int j = 0; j < p; j++)
        pv[j] /= tt;
      cw_dgemv (true, n, q, 1 / tt, yw, q, t, 0, qv);
      for (int i = 0; i < n; i++)
        for (int k = 0; k < q; k++)
          yw[(size_t) i * q + k] -= t[i] * qv[k];
    }
done:
  nipals_rotations (m, a);
  free (yw);
  free (u);
  free (t_old);
  free (c);
  return a;
}

static int
fit_simpls (cw_pls *m, const double *yc, int want)
{
  int n = m->n, p = m->p, q = m->q;
  double *s = calloc ((size_t) p * q, sizeof (double)); /* X'Y, p x q */
  double *v = malloc ((size_t) want * p * sizeof (double)); /* orthonormal basis of the loadings */
  double *sts = malloc ((size_t) q * q * sizeof (double));
  double *c = malloc ((size_t) q * sizeof (double));
  double *vs = malloc ((size_t) q * sizeof (double));
  cw_dgemm (true, false, p, q, n, 1, m->xc, p, yc, q, 0, s, q);
  int a = 0;
  for (; a < want; a++)
    {
      double *r = m->r + (size_t) a * p, *t = m->t + (size_t) a * n;
      double *pv = m->pl + (size_t) a * p, *qv = m->ql + (size_t) a * q, *va = v + (size_t) a * p;
      if (q == 1)
        memcpy (r, s, (size_t) p * sizeof (double));
      else
        {
          /* The dominant left singular vector of S: S c with c the top eigenvector of S'S. */
          for (int k = 0; k < q; k++)
            for (int l = 0; l < q; l++)
              {
                double sum = 0;
                for (int j = 0; j < p; j++)
                  sum += s[(size_t) j * q + k] * s[(size_t) j * q + l];
                sts[k * q + l] = sum;
              }
          dominant_eigenvector (sts, q, c);
          for (int j = 0; j < p; j++)
            r[j] = cw_dot (s + (size_t) j * q, c, q);
        }
      project_rows (m->xc, n, p, r, NULL, t, pv); /* t = Xc r, pv = Xc't (rescaled below) */
      double nt = sqrt (cw_dot (t, t, n));
      if (!(nt * nt > 1e-24 * m->ssx))
        break;
      for (int i = 0; i < n; i++)
        t[i] /= nt;
      for (int j = 0; j < p; j++)
        {
          r[j] /= nt;
          pv[j] /= nt;
        }
      for (int k = 0; k < q; k++)
        {
          double sum = 0;
          for (int i = 0; i < n; i++)
            sum += yc[(size_t) i * q + k] * t[i];
          qv[k] = sum;
        }
      memcpy (va, pv, (size_t) p * sizeof (double));
      for (int pass = 0; pass < 2; pass++) /* twice: Gram–Schmidt loses orthogonality otherwise */
        for (int b = 0; b < a; b++)
          {
            const double *vb = v + (size_t) b * p;
            double f = cw_dot (vb, va, p);
            for (int j = 0; j < p; j++)
              va[j] -= f * vb[j];
          }
      double nv = sqrt (cw_dot (va, va, p));
      for (int j = 0; j < p; j++)
        va[j] /= nv;
      /* S -= v (v'S) */
      memset (vs, 0, (size_t) q * sizeof (double));
      for (int j = 0; j < p; j++)
        for (int k = 0; k < q; k++)
          vs[k] += va[j] * s[(size_t) j * q + k];
      for (int j = 0; j < p; j++)
        for (int k = 0; k < q; k++)
          s[(size_t) j * q + k] -= va[j] * vs[k];
      /* Weights for VIP and plots: the rotation at unit length. */
      double nr = sqrt (cw_dot (r, r, p));
      for (int j = 0; j < p; j++)
        m->w[(size_t) a * p + j] = r[j] / nr;
    }
  free (s);
  free (v);
  free (sts);
  free (c);
  free (vs);
  return a;
}

/* ---- fit ---- */

/* The reason for a non-finite sum: the first non-finite cell of v (n x width), or values too large. */
static void
non_finite_error (const double *v, int n, int width, bool in_x, cw_error *err)
{
  size_t i = 0, size = (size_t) n * width;
  while (i < size && isfinite (v[i]))
    i++;
  if (i == size)
    cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "The %s values are too large for PLS (their squares "
                  "overflow); rescale them.", in_x ? "input" : "response");
  else
    cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                  in_x ? "PLS needs finite inputs; row %zu, position %zu is %g."
                       : "PLS needs a value for every response; row %zu, response %zu is %g.",
                  i / width + 1, i % width + 1, v[i]);
}

cw_pls *
cw_pls_fit (const double *x, const double *y, int n, int p, int q, int ncomp, cw_pls_algorithm alg,
            cw_error *err)
{
  assert (x && y && p >= 1 && q >= 1 && ncomp >= 1);
  size_t size = (size_t) (n > 0 ? n : 0) * p;
  double *copy = malloc ((size ? size : 1) * sizeof (double));
  memcpy (copy, x, size * sizeof (double));
  return cw_pls_fit_inplace (copy, y, n, p, q, ncomp, alg, true, err);
}

/* A model that failed to fit, freed without the caller's rows when it does not own them. */
static void
discard (cw_pls *m, bool take)
{
  if (!take)
    m->xc = NULL;
  cw_pls_free (m);
}

cw_pls *
cw_pls_fit_inplace (double *x, const double *y, int n, int p, int q, int ncomp, cw_pls_algorithm alg, bool take,
                    cw_error *err)
{
  assert (x && y && p >= 1 && q >= 1 && ncomp >= 1);
  cw_error_clear (err);
  if (n < 2)
    {
      cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "PLS needs at least 2 calibration rows (got %d).", n);
      if (take)
        free (x);
      return NULL;
    }
  cw_blas_init ();
  cw_pls *m = calloc (1, sizeof *m);
  m->alg = alg;
  m->n = n;
  m->p = p;
  m->q = q;
  m->x_mean = calloc ((size_t) p, sizeof (double));
  m->y_mean = calloc ((size_t) q, sizeof (double));
  m->xc = x; /* centred in place below; cleared before any cw_pls_free when the caller keeps x */
  double *yc = malloc ((size_t) n * q * sizeof (double));
  double *colss = calloc ((size_t) p, sizeof (double));
  for (int i = 0; i < n; i++)
    {
      for (int j = 0; j < p; j++)
        m->x_mean[j] += x[(size_t) i * p + j];
      for (int k = 0; k < q; k++)
        m->y_mean[k] += y[(size_t) i * q + k];
    }
  double sum_means = 0;
  for (int j = 0; j < p; j++)
    sum_means += m->x_mean[j] /= n;
  for (int k = 0; k < q; k++)
    m->y_mean[k] /= n;
  /* A NaN or infinity anywhere makes its column's mean non-finite: look for the cell (in the raw rows, before
   * they are centred) only then. */
  if (!isfinite (sum_means))
    {
      non_finite_error (x, n, p, true, err);
      free (yc);
      free (colss);
      discard (m, take);
      return NULL;
    }
  /* Column sums of squares (vectorised across the row), added up in a fixed order afterwards. */
  for (int i = 0; i < n; i++)
    {
      for (int j = 0; j < p; j++)
        {
          double d = x[(size_t) i * p + j] - m->x_mean[j];
          x[(size_t) i * p + j] = d;
          colss[j] += d * d;
        }
      for (int k = 0; k < q; k++)
        {
          double d = y[(size_t) i * q + k] - m->y_mean[k];
          yc[(size_t) i * q + k] = d;
          m->ssy += d * d;
        }
    }
  for (int j = 0; j < p; j++)
    m->ssx += colss[j];
  free (colss);
  if (!isfinite (m->ssx) || !isfinite (m->ssy))
    {
      bool in_x = !isfinite (m->ssx);
      non_finite_error (in_x ? x : y, n, in_x ? p : q, in_x, err);
      free (yc);
      discard (m, take);
      return NULL;
    }
  if (!(m->ssx > 0) || !(m->ssy > 0))
    {
      cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "%s is the same in every calibration row; PLS has "
                    "nothing to model.", m->ssx > 0 ? "The response" : "The input");
      free (yc);
      discard (m, take);
      return NULL;
    }

  int want = ncomp;
  if (want > n - 1)
    want = n - 1;
  if (want > p)
    want = p;
  m->t = calloc ((size_t) want * n, sizeof (double));
  m->pl = calloc ((size_t) want * p, sizeof (double));
  m->w = calloc ((size_t) want * p, sizeof (double));
  m->r = calloc ((size_t) want * p, sizeof (double));
  m->ql = calloc ((size_t) want * q, sizeof (double));
  int got = alg == CW_PLS_SIMPLS ? fit_simpls (m, yc, want) : fit_nipals (m, yc, want);
  free (yc);
  if (!take)
    m->xc = NULL;
  if (got == 0)
    {
      cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "X carries no information about Y (X'Y is zero), so "
                    "PLS finds no component.");
      discard (m, take);
      return NULL;
    }
  m->ncomp = got;

  /* B_a = sum_{k<a} r_k q_k', accumulated. */
  m->coef = malloc ((size_t) got * p * q * sizeof (double));
  for (int a = 0; a < got; a++)
    {
      double *b = m->coef + (size_t) a * p * q;
      if (a == 0)
        memset (b, 0, (size_t) p * q * sizeof (double));
      else
        memcpy (b, b - (size_t) p * q, (size_t) p * q * sizeof (double));
      const double *ra = m->r + (size_t) a * p, *qa = m->ql + (size_t) a * q;
      if (q == 1)
        for (int j = 0; j < p; j++)
          b[j] += ra[j] * qa[0];
      else
        for (int j = 0; j < p; j++)
          for (int k = 0; k < q; k++)
            b[(size_t) j * q + k] += ra[j] * qa[k];
    }
  m->expl_x = malloc ((size_t) got * sizeof (double));
  m->expl_y = malloc ((size_t) got * sizeof (double));
  for (int a = 0; a < got; a++)
    {
      const double *ta = m->t + (size_t) a * n;
      double tt = cw_dot (ta, ta, n);
      m->expl_x[a] = tt * cw_dot (m->pl + (size_t) a * p, m->pl + (size_t) a * p, p) / m->ssx;
      m->expl_y[a] = tt * cw_dot (m->ql + (size_t) a * q, m->ql + (size_t) a * q, q) / m->ssy;
    }
  return m;
}

void
cw_pls_free (cw_pls *m)
{
  if (!m)
    return;
  free (m->x_mean);
  free (m->y_mean);
  free (m->xc);
  free (m->t);
  free (m->pl);
  free (m->w);
  free (m->r);
  free (m->ql);
  free (m->coef);
  free (m->expl_x);
  free (m->expl_y);
  free (m);
}

int cw_pls_n_components (const cw_pls *m) { return m->ncomp; }
int cw_pls_n_samples (const cw_pls *m) { return m->n; }
int cw_pls_n_features (const cw_pls *m) { return m->p; }
int cw_pls_n_responses (const cw_pls *m) { return m->q; }
cw_pls_algorithm cw_pls_get_algorithm (const cw_pls *m) { return m->alg; }
const double *cw_pls_x_mean (const cw_pls *m) { return m->x_mean; }
const double *cw_pls_y_mean (const cw_pls *m) { return m->y_mean; }
const double *cw_pls_x_scores (const cw_pls *m) { return m->t; }
const double *cw_pls_x_loadings (const cw_pls *m) { return m->pl; }
const double *cw_pls_x_weights (const cw_pls *m) { return m->w; }
const double *cw_pls_x_rotations (const cw_pls *m) { return m->r; }
const double *cw_pls_y_loadings (const cw_pls *m) { return m->ql; }
const double *cw_pls_explained_x (const cw_pls *m) { return m->expl_x; }
const double *cw_pls_explained_y (const cw_pls *m) { return m->expl_y; }

const double *
cw_pls_coefficients (const cw_pls *m, int a)
{
  assert (a >= 1 && a <= m->ncomp);
  return m->coef + (size_t) (a - 1) * m->p * m->q;
}

void
cw_pls_intercepts (const cw_pls *m, int a, double *out)
{
  const double *b = cw_pls_coefficients (m, a);
  for (int k = 0; k < m->q; k++)
    {
      double s = m->y_mean[k];
      for (int j = 0; j < m->p; j++)
        s -= m->x_mean[j] * b[(size_t) j * m->q + k];
      out[k] = s;
    }
}

void
cw_pls_predict (const cw_pls *m, int a, const double *x, int n, double *out)
{
  const double *b = cw_pls_coefficients (m, a);
  int p = m->p, q = m->q;
  double *xc = malloc ((size_t) p * sizeof (double));
  for (int i = 0; i < n; i++)
    {
      const double *xi = x + (size_t) i * p;
      for (int j = 0; j < p; j++)
        xc[j] = xi[j] - m->x_mean[j];
      for (int k = 0; k < q; k++)
        out[(size_t) i * q + k] = m->y_mean[k];
      if (q == 1)
        out[i] += cw_dot (xc, b, p);
      else
        for (int j = 0; j < p; j++)
          for (int k = 0; k < q; k++)
            out[(size_t) i * q + k] += xc[j] * b[(size_t) j * q + k];
    }
  free (xc);
}

void
cw_pls_transform (const cw_pls *m, int a, const double *x, int n, double *scores)
{
  assert (a >= 1 && a <= m->ncomp);
  int p = m->p;
  double *xc = malloc ((size_t) p * sizeof (double));
  for (int i = 0; i < n; i++)
    {
      for (int j = 0; j < p; j++)
        xc[j] = x[(size_t) i * p + j] - m->x_mean[j];
      for (int k = 0; k < a; k++)
        scores[(size_t) i * a + k] = cw_dot (xc, m->r + (size_t) k * p, p);
    }
  free (xc);
}

/* ---- PLS-DA ---- */

void
cw_plsda_predict (const cw_pls *m, int a, const double *x, int n, int *classes)
{
  int q = m->q;
  double *pred = malloc ((size_t) n * q * sizeof (double));
  cw_pls_predict (m, a, x, n, pred);
  for (int i = 0; i < n; i++)
    {
      const double *pi = pred + (size_t) i * q;
      if (q == 1)
        classes[i] = pi[0] >= 0.5;
      else
        {
          int best = 0;
          for (int k = 1; k < q; k++)
            if (pi[k] > pi[best])
              best = k;
          classes[i] = best;
        }
    }
  free (pred);
}

double *
cw_plsda_one_hot (const int *classes, int n, int k)
{
  double *y = calloc ((size_t) (n ? n : 1) * k, sizeof (double));
  for (int i = 0; i < n; i++)
    {
      assert (classes[i] >= 0 && classes[i] < k);
      y[(size_t) i * k + classes[i]] = 1;
    }
  return y;
}
