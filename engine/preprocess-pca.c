/* preprocess-pca.c — the pca(K) step: the principal components of the training rows by NIPALS with
 * deflation, one channel at a time, and the scores of any signal on them.
 *
 * NIPALS (Wold; as in R's nipals and the chemometrics texts) on the centred rows X (n x L): start t at
 * the column of X with the largest sum of squares, then repeat p = X't / |X't|, t = X p until t moves by
 * less than TOLERANCE relative to its length; sign the loading so that its largest-|value| entry is
 * positive, and deflate X -= t p' before the next component. Each new p is re-orthogonalised against
 * the loadings before it (rounding in the deflated X would otherwise let them drift), so the loadings
 * stay orthonormal to working precision. All in double precision, in a fixed order: the fit is
 * deterministic. */
#include "cw-chemo-private.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOLERANCE 1e-12
/* The error in t shrinks by lambda_{a+1} / lambda_a per iteration, so near-equal variances are slow: on
 * the bundled gasoline spectra, sg(11,2,1) pca(10) has lambda_11 / lambda_10 = 0.989 and needs ~2500
 * iterations, and 1000 would fail pca(10) in about 4% of 80% subsets of its rows (CV folds); 10000
 * failed none of 200 such subsets. */
#define MAX_ITERATIONS 10000
/* A deflated X whose sum of squares is below this fraction of the centred rows' is rounding residue:
 * the rows span no further direction. */
#define RANK_TOLERANCE 1e-20

static double
sum_squares (const double *v, size_t n)
{
  double s = 0;
  for (size_t i = 0; i < n; i++)
    s += v[i] * v[i];
  return s;
}

/* " of channel C" when there is more than one, for the messages. */
static void
channel_text (char out[32], int c, int channels)
{
  out[0] = '\0';
  if (channels > 1)
    snprintf (out, 32, " of channel %d", c + 1);
}

/* The rows span only `a` directions (a < k). */
static cw_status
rank_error (cw_error *err, int index, const char *where, int a, int k)
{
  if (a == 0)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "Step %d (pca): the training rows%s are all the same, so they have no principal "
                         "components.", index + 1, where);
  return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                       "Step %d (pca): the training rows%s vary in only %d direction%s, so %d components "
                       "cannot be found; ask for at most pca(%d).",
                       index + 1, where, a, a == 1 ? "" : "s", k, a);
}

/* Component a (of k) of the centred, deflated rows xc (n x length) into p (length), its scores into t (n);
 * earlier holds the a loadings before it. */
static cw_status
nipals_component (const double *xc, int n, int length, const double *earlier, int a, int k, double *p,
                  double *t, double *t_next, int index, int c, int channels, double total, cw_error *err)
{
  char where[32];
  channel_text (where, c, channels);
  /* start: the column of largest variance (the first of equals) */
  int start = 0;
  double best = -1, residual = 0;
  for (int j = 0; j < length; j++)
    {
      double ss = 0;
      for (int i = 0; i < n; i++)
        ss += xc[(size_t) i * length + j] * xc[(size_t) i * length + j];
      residual += ss;
      if (ss > best)
        {
          best = ss;
          start = j;
        }
    }
  if (!(residual > RANK_TOLERANCE * total))
    return rank_error (err, index, where, a, k);
  for (int i = 0; i < n; i++)
    t[i] = xc[(size_t) i * length + start];

  double change = INFINITY;
  for (int iter = 0; iter < MAX_ITERATIONS; iter++)
    {
      /* p = X't, in a fixed order */
      memset (p, 0, (size_t) length * sizeof (double));
      for (int i = 0; i < n; i++)
        {
          const double *row = xc + (size_t) i * length;
          for (int j = 0; j < length; j++)
            p[j] += t[i] * row[j];
        }
      for (int b = 0; b < a; b++)
        {
          const double *q = earlier + (size_t) b * length;
          double d = cw_dot (q, p, length);
          for (int j = 0; j < length; j++)
            p[j] -= d * q[j];
        }
      double norm = sqrt (sum_squares (p, (size_t) length));
      if (!(norm > 0))
        return rank_error (err, index, where, a, k);
      for (int j = 0; j < length; j++)
        p[j] /= norm;
      /* t = X p */
      double diff = 0, size = 0;
      for (int i = 0; i < n; i++)
        {
          t_next[i] = cw_dot (xc + (size_t) i * length, p, length);
          diff += (t_next[i] - t[i]) * (t_next[i] - t[i]);
          size += t_next[i] * t_next[i];
        }
      memcpy (t, t_next, (size_t) n * sizeof (double));
      change = size > 0 ? sqrt (diff / size) : INFINITY;
      if (change < TOLERANCE)
        {
          /* the sign: the loading's largest-|value| entry (the first of equals) positive */
          int big = 0;
          for (int j = 1; j < length; j++)
            if (fabs (p[j]) > fabs (p[big]))
              big = j;
          if (p[big] < 0)
            {
              for (int j = 0; j < length; j++)
                p[j] = -p[j];
              for (int i = 0; i < n; i++)
                t[i] = -t[i];
            }
          return CW_OK;
        }
    }
  return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                       "Step %d (pca): component %d%s did not converge in %d NIPALS iterations (the score "
                       "vector still moves by %.1e of its length); its variance is too close to the next "
                       "one's, so ask for fewer components.",
                       index + 1, a + 1, where, MAX_ITERATIONS, change);
}

cw_status
cw_pca_fit (const double *x, int n, int channels, int length, int k, int index, double **mean_out,
            double **loadings_out, cw_error *err)
{
  if (k > n - 1)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "Step %d (pca): %d component%s need%s at least %d training rows (got %d).", index + 1,
                         k, k == 1 ? "" : "s", k == 1 ? "s" : "", k + 1, n);
  if (k > length)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "Step %d (pca): %d component%s need%s signals of at least %d points (got %d).",
                         index + 1, k, k == 1 ? "" : "s", k == 1 ? "s" : "", k, length);
  size_t cols = (size_t) channels * length;
  double *mean = *mean_out = malloc (cols * sizeof (double));
  double *loadings = *loadings_out = malloc (cols * (size_t) k * sizeof (double));
  double *xc = malloc ((size_t) n * length * sizeof (double));
  double *t = malloc ((size_t) n * sizeof (double));
  double *t_next = malloc ((size_t) n * sizeof (double));
  cw_status st = CW_OK;
  for (int c = 0; c < channels && st == CW_OK; c++)
    {
      double *m = mean + (size_t) c * length;
      memset (m, 0, (size_t) length * sizeof (double));
      for (int i = 0; i < n; i++)
        {
          const double *row = x + (size_t) i * cols + (size_t) c * length;
          for (int j = 0; j < length; j++)
            m[j] += row[j];
        }
      for (int j = 0; j < length; j++)
        m[j] /= n;
      for (int i = 0; i < n; i++)
        {
          const double *row = x + (size_t) i * cols + (size_t) c * length;
          for (int j = 0; j < length; j++)
            xc[(size_t) i * length + j] = row[j] - m[j];
        }
      double total = sum_squares (xc, (size_t) n * length);
      if (!isfinite (total))
        {
          char where[32];
          channel_text (where, c, channels);
          st = cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                             "Step %d (pca): the training rows%s hold values that are not finite numbers.",
                             index + 1, where);
          break;
        }
      double *pc = loadings + (size_t) c * k * length;
      for (int a = 0; a < k && st == CW_OK; a++)
        {
          double *p = pc + (size_t) a * length;
          st = nipals_component (xc, n, length, pc, a, k, p, t, t_next, index, c, channels, total, err);
          if (st != CW_OK)
            break;
          for (int i = 0; i < n; i++) /* deflate */
            {
              double *row = xc + (size_t) i * length;
              for (int j = 0; j < length; j++)
                row[j] -= t[i] * p[j];
            }
        }
    }
  free (xc);
  free (t);
  free (t_next);
  return st;
}

void
cw_pca_scores (const double *mean, const double *loadings, int k, const double *x, int length, double *work,
               double *out)
{
  for (int j = 0; j < length; j++)
    work[j] = x[j] - mean[j];
  for (int a = 0; a < k; a++)
    out[a] = cw_dot (work, loadings + (size_t) a * length, length);
}
