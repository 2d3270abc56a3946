/* savgol.c — Savitzky–Golay coefficients by least squares, the filter with fitted-window edges, and the
 * small dense solver they share with the other chemometrics files. */
#include "cw-chemo-private.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WINDOW 10001

bool
cw_solve_dense (double *a, double *b, int n, int nrhs)
{
  double largest = 0;
  for (int i = 0; i < n * n; i++)
    largest = fmax (largest, fabs (a[i]));
  if (largest == 0)
    return false;
  for (int col = 0; col < n; col++)
    {
      int pivot = col;
      for (int r = col + 1; r < n; r++)
        if (fabs (a[r * n + col]) > fabs (a[pivot * n + col]))
          pivot = r;
      if (fabs (a[pivot * n + col]) <= 1e-14 * largest)
        return false;
      if (pivot != col)
        {
          for (int j = 0; j < n; j++)
            {
              double t = a[col * n + j];
              a[col * n + j] = a[pivot * n + j];
              a[pivot * n + j] = t;
            }
          for (int j = 0; j < nrhs; j++)
            {
              double t = b[col * nrhs + j];
              b[col * nrhs + j] = b[pivot * nrhs + j];
              b[pivot * nrhs + j] = t;
            }
        }
      for (int r = col + 1; r < n; r++)
        {
          double f = a[r * n + col] / a[col * n + col];
          if (f == 0)
            continue;
          for (int j = col; j < n; j++)
            a[r * n + j] -= f * a[col * n + j];
          for (int j = 0; j < nrhs; j++)
            b[r * nrhs + j] -= f * b[col * nrhs + j];
        }
    }
  for (int col = n - 1; col >= 0; col--)
    for (int j = 0; j < nrhs; j++)
      {
        double s = b[col * nrhs + j];
        for (int k = col + 1; k < n; k++)
          s -= a[col * n + k] * b[k * nrhs + j];
        b[col * nrhs + j] = s / a[col * n + col];
      }
  return true;
}

/* The normal equations of a polynomial of order `poly` on `window` offsets u_i = (i - m) / m in [-1, 1]:
 * gram (np x np) = A'A and proj (np x window) = A', A_ik = u_i^k. Both calloc'd; false when memory ran
 * out (both freed then). */
static bool
savgol_normal_equations (int window, int poly, double **gram_out, double **proj_out)
{
  int m = window / 2, np = poly + 1;
  double *gram = calloc ((size_t) np * np, sizeof (double));
  double *proj = calloc ((size_t) np * window, sizeof (double));
  if (!gram || !proj)
    {
      free (gram);
      free (proj);
      return false;
    }
  for (int i = 0; i < window; i++)
    {
      double u = (double) (i - m) / m, pk = 1;
      for (int k = 0; k < np; k++, pk *= u)
        {
          proj[k * window + i] = pk;
          double pj = 1;
          for (int j = 0; j < np; j++, pj *= u)
            gram[k * np + j] += pk * pj;
        }
    }
  *gram_out = gram;
  *proj_out = proj;
  return true;
}

static cw_status
savgol_unfit (int window, int poly, cw_error *err)
{
  return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                       "A Savitzky–Golay polynomial of order %d cannot be fitted reliably on a window of %d "
                       "points (the least-squares system is singular to double precision); use a lower "
                       "order or a wider window.",
                       poly, window);
}

/* Orders beyond this never fit in double precision on any window (monomials on [-1, 1] are too alike);
 * refusing them first keeps the check below cheap for windows of thousands of points. */
#define MAX_RELIABLE_POLY 25

cw_status
cw_savgol_check_fit (int window, int poly, cw_error *err)
{
  if (poly > MAX_RELIABLE_POLY)
    return savgol_unfit (window, poly, err);
  double *gram, *proj;
  if (!savgol_normal_equations (window, poly, &gram, &proj))
    return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Out of memory for a Savitzky–Golay filter of %d points.",
                         window);
  int np = poly + 1, m = window / 2;
  bool ok = cw_solve_dense (gram, proj, np, window);
  /* Reliable means the fit reproduces every monomial it claims to: (A'A)^-1 A' A = I to 1e-8, not merely
   * a pivot above round-off. */
  if (ok)
    {
      memset (gram, 0, (size_t) np * np * sizeof (double)); /* now (A'A)^-1 A' A */
      for (int i = 0; i < window; i++)
        {
          double u = (double) (i - m) / m, uj = 1;
          for (int j = 0; j < np; j++, uj *= u)
            for (int k = 0; k < np; k++)
              gram[k * np + j] += proj[k * window + i] * uj;
        }
      for (int e = 0; ok && e < np * np; e++)
        ok = fabs (gram[e] - (e / np == e % np)) < 1e-8;
    }
  free (gram);
  free (proj);
  return ok ? CW_OK : savgol_unfit (window, poly, err);
}

cw_status
cw_savgol_coefficients (int window, int poly, int deriv, double *coef, cw_error *err)
{
  cw_pre_step s = cw_pre_step_default (CW_PRE_SAVGOL);
  s.window = window;
  s.poly = poly;
  s.deriv = deriv;
  cw_status st = cw_pre_step_check (&s, err);
  if (st != CW_OK)
    return st;
  int m = window / 2, np = poly + 1;
  /* Offsets scaled to [-1, 1] keep the normal equations well conditioned for long windows; the
   * derivative is rescaled to per-point units at the end (d/dx = (1/m) d/du). High orders on short
   * windows stay ill-conditioned all the same: those are refused, never asserted. */
  double *gram, *proj; /* proj becomes (A'A)^-1 A', np x window */
  if (!savgol_normal_equations (window, poly, &gram, &proj))
    return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Out of memory for a Savitzky–Golay filter of %d points.",
                         window);
  if (!cw_solve_dense (gram, proj, np, window))
    {
      free (gram);
      free (proj);
      return savgol_unfit (window, poly, err);
    }
  /* coef[o][i] = m^-D sum_{k>=D} proj[k][i] k!/(k-D)! u_o^(k-D) */
  double rescale = pow ((double) m, -deriv);
  for (int o = 0; o < window; o++)
    {
      double uo = (double) (o - m) / m;
      for (int i = 0; i < window; i++)
        {
          double sum = 0, uo_pow = 1;
          for (int k = deriv; k < np; k++, uo_pow *= uo)
            {
              double falling = 1;
              for (int f = k; f > k - deriv; f--)
                falling *= f;
              sum += proj[k * window + i] * falling * uo_pow;
            }
          coef[o * window + i] = sum * rescale;
        }
    }
  free (gram);
  free (proj);
  return CW_OK;
}

void
cw_savgol_filter (const double *coef, int window, const double *x, int length, double *out)
{
  assert (length >= window && window <= MAX_WINDOW);
  int m = window / 2;
  const double *centre = coef + (size_t) m * window;
  for (int t = m; t < length - m; t++)
    {
      const double *xs = x + t - m;
      double s = 0;
      for (int i = 0; i < window; i++)
        s += centre[i] * xs[i];
      out[t] = s;
    }
  /* Edges: the polynomial of the first / last full window, evaluated at the edge point's own offset. */
  const double *last = x + length - window;
  for (int t = 0; t < m; t++)
    {
      const double *head = coef + (size_t) t * window;
      const double *tail = coef + (size_t) (window - m + t) * window;
      double s = 0, e = 0;
      for (int i = 0; i < window; i++)
        {
          s += head[i] * x[i];
          e += tail[i] * last[i];
        }
      out[t] = s;
      out[length - m + t] = e;
    }
}
