/* compare-stats.c — test statistics of one model (RMSEP, bias, SEP, R², MAE, RPD, slope, accuracy) and the
 * paired comparison of two models on the same rows: the sign-flip randomisation test (exact or seeded
 * Monte Carlo), the exact McNemar test for classes, and a bootstrap interval of the RMSEP ratio. */
#include "cw-compare.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>

/* ---- input checks ---- */

/* A user-facing failure for the first value of v (n x q) that is not finite; `what` names the array. */
static cw_status
check_finite (const double *v, int n, int q, const char *what, cw_error *err)
{
  for (int i = 0; i < n; i++)
    for (int k = 0; k < q; k++)
      {
        double x = v[(size_t) i * q + k];
        if (isfinite (x))
          continue;
        if (q == 1)
          return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                               "Row %d of %d: %s is %g, not a finite number.", i + 1, n, what, x);
        return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                             "Row %d of %d, response %d: %s is %g, not a finite number.", i + 1, n, k + 1,
                             what, x);
      }
  return CW_OK;
}

static cw_status
check_rows (int n, cw_error *err)
{
  if (n < 1)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "There are no test rows to score (%d rows).", n);
  return CW_OK;
}

/* The class a row stands for: argmax, or >= 0.5 for one 0/1 column (as cw_pls_cv_result's accuracies). */
static int
row_class (const double *row, int q)
{
  if (q == 1)
    return row[0] >= 0.5;
  int best = 0;
  for (int k = 1; k < q; k++)
    if (row[k] > row[best])
      best = k;
  return best;
}

/* ---- one model ---- */

static void
score_regression (const double *y, const double *pred, int n, int q, cw_test_scores *s)
{
  /* Response by response, then row by row: the order of cw_pls_cv_result's RMSEP sums, so the two
   * agree to the last bit when they score the same predictions. */
  double sse = 0, sae = 0, sst = 0, sum_e = 0, centred = 0;
  for (int k = 0; k < q; k++)
    {
      double mean_y = 0, bias_k = 0;
      for (int i = 0; i < n; i++)
        {
          mean_y += y[(size_t) i * q + k];
          bias_k += pred[(size_t) i * q + k] - y[(size_t) i * q + k];
        }
      mean_y /= n;
      sum_e += bias_k;
      bias_k /= n;
      for (int i = 0; i < n; i++)
        {
          double yi = y[(size_t) i * q + k], e = yi - pred[(size_t) i * q + k];
          double dy = yi - mean_y, de = -e - bias_k;
          sse += e * e;
          sae += fabs (e);
          sst += dy * dy;
          centred += de * de;
        }
    }
  double count = (double) n * q;
  s->rmsep = sqrt (sse / count);
  s->bias = sum_e / count;
  s->mae = sae / count;
  s->r2 = sst > 0 ? 1 - sse / sst : NAN;
  if (n >= 2)
    {
      double dof = (double) q * (n - 1);
      s->sep = sqrt (centred / dof);
      s->sd_reference = sqrt (sst / dof);
      s->rpd = s->sep > 0 ? s->sd_reference / s->sep : s->sd_reference > 0 ? INFINITY : NAN;
    }
  if (q == 1 && sst > 0)
    {
      double mean_y = 0, mean_p = 0, sxy = 0;
      for (int i = 0; i < n; i++)
        mean_y += y[i], mean_p += pred[i];
      mean_y /= n;
      mean_p /= n;
      for (int i = 0; i < n; i++)
        sxy += (y[i] - mean_y) * (pred[i] - mean_p);
      s->slope = sxy / sst;
      s->intercept = mean_p - s->slope * mean_y;
    }
}

cw_status
cw_test_scores_compute (const double *y, const double *pred, int n, int q, bool classification,
                        cw_test_scores *out, cw_error *err)
{
  assert (y && pred && out && q >= 1);
  *out = (cw_test_scores) { .n = n, .q = q, .classification = classification, .rmsep = NAN, .bias = NAN,
                            .sep = NAN, .r2 = NAN, .mae = NAN, .sd_reference = NAN, .rpd = NAN,
                            .slope = NAN, .intercept = NAN, .accuracy = NAN };
  cw_status st = check_rows (n, err);
  if (st == CW_OK)
    st = check_finite (y, n, q, "the reference value", err);
  if (st == CW_OK)
    st = check_finite (pred, n, q, "the prediction", err);
  if (st != CW_OK)
    return st;
  if (classification)
    {
      for (int i = 0; i < n; i++)
        out->n_errors += row_class (y + (size_t) i * q, q) != row_class (pred + (size_t) i * q, q);
      out->accuracy = (double) (n - out->n_errors) / n;
    }
  else
    score_regression (y, pred, n, q, out);
  return CW_OK;
}

/* ---- the sign-flip test ---- */

/* sum of v[i], negated where bit i of `negative` is set, in index order. */
static double
signed_sum (const double *v, int m, uint64_t negative)
{
  double t = 0;
  for (int i = 0; i < m; i++)
    t += (negative >> i & 1) ? -v[i] : v[i];
  return t;
}

/* Counts the patterns (out of 2^m) whose |sum| reaches `limit`. The last value keeps its sign and the
 * count doubles: negating every term negates a floating-point sum exactly, so the mirror pattern ties. */
static double
exact_p (const double *v, int m, double limit)
{
  if (m == 0)
    return 1;
  uint64_t half = (uint64_t) 1 << (m - 1);
  uint64_t hits = 0;
  for (uint64_t negative = 0; negative < half; negative++)
    hits += fabs (signed_sum (v, m, negative)) >= limit;
  return (double) (2 * hits) / (double) (2 * half);
}

static double
monte_carlo_p (const double *v, int m, double limit, int draws, uint64_t seed)
{
  cw_rng rng;
  cw_rng_seed (&rng, seed);
  long hits = 0;
  for (int b = 0; b < draws; b++)
    {
      double t = 0;
      uint64_t bits = 0;
      for (int i = 0; i < m; i++)
        {
          if (i % 64 == 0)
            bits = cw_rng_next (&rng);
          t += (bits & 1) ? -v[i] : v[i];
          bits >>= 1;
        }
      hits += fabs (t) >= limit;
    }
  return (1.0 + hits) / (draws + 1.0);
}

cw_status
cw_sign_flip_test (const double *d, int n, int draws, uint64_t seed, cw_sign_flip_result *out, cw_error *err)
{
  assert (d && out);
  *out = (cw_sign_flip_result) { .n = n, .mean = NAN, .p_value = NAN };
  cw_status st = check_rows (n, err);
  if (st == CW_OK)
    st = check_finite (d, n, 1, "the difference", err);
  if (st != CW_OK)
    return st;
  if (draws < 1)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "The randomisation test needs at least 1 random sign pattern, not %d.", draws);
  double *v = malloc ((size_t) n * sizeof (double));
  if (!v)
    return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory for the randomisation test.");
  int m = 0;
  double total = 0, magnitude = 0;
  for (int i = 0; i < n; i++)
    {
      total += d[i];
      if (d[i] != 0)
        {
          v[m++] = d[i];
          magnitude += fabs (d[i]);
        }
    }
  out->n_nonzero = m;
  out->mean = total / n;
  /* Sums of the same terms in another order may differ in the last bits; a pattern whose |sum| is
   * mathematically equal to the observed one must count, so the limit gives way by a hair. */
  double observed = fabs (signed_sum (v, m, 0));
  double limit = observed - 1e-9 * magnitude;
  if (m <= CW_SIGN_FLIP_EXACT_MAX)
    {
      out->exact = true;
      out->p_value = exact_p (v, m, limit);
    }
  else
    {
      out->draws = draws;
      out->p_value = monte_carlo_p (v, m, limit, draws, seed);
    }
  free (v);
  return CW_OK;
}

double
cw_mcnemar_exact_p (int b, int c)
{
  assert (b >= 0 && c >= 0);
  int m = b + c;
  if (b == c)
    return 1;
  int low = b < c ? b : c;
  /* P(K <= low) = sum_k C(m, k) / 2^m. Up to m = 50 the coefficients are exact integers in a double
   * (C(50, 25) < 2^53), so the p-value is the exact fraction rounded once. */
  if (m <= 50)
    {
      double count = 0, coef = 1;
      for (int k = 0; k <= low; k++)
        {
          count += coef;
          coef = coef * (m - k) / (k + 1);
        }
      double p = ldexp (2 * count, -m);
      return p < 1 ? p : 1;
    }
  /* Beyond, each term from the last in logs (2^m underflows past m = 1074). */
  double log_term = -m * log (2.0), tail = 0;
  for (int k = 0; k <= low; k++)
    {
      tail += exp (log_term);
      log_term += log ((double) (m - k) / (k + 1));
    }
  double p = 2 * tail;
  return p < 1 ? p : 1;
}

/* ---- two models ---- */

cw_paired_config
cw_paired_config_default (void)
{
  return (cw_paired_config) { .draws = 9999, .bootstrap = 2000, .level = 0.95, .seed = 1 };
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* Quantile p of sorted x[0..n-1] by linear interpolation between order statistics (R's type 7). */
static double
quantile_sorted (const double *x, int n, double p)
{
  double h = (n - 1) * p;
  int low = (int) floor (h);
  if (low >= n - 1 || x[low] == x[low + 1])
    return x[low]; /* also keeps inf - inf out of the interpolation */
  return x[low] + (h - low) * (x[low + 1] - x[low]);
}

static double
ratio_of_sums (double sse1, double sse2)
{
  if (sse2 > 0)
    return sqrt (sse1 / sse2);
  return sse1 > 0 ? INFINITY : 1;
}

/* The percentile interval of rmsep1 / rmsep2 over resamples of the rows (loss1, loss2: squared errors
 * per row). */
static cw_status
bootstrap_ratio (const double *loss1, const double *loss2, int n, const cw_paired_config *cfg,
                 cw_paired_comparison *out, cw_error *err)
{
  double *ratios = malloc ((size_t) cfg->bootstrap * sizeof (double));
  if (!ratios)
    return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory for %d bootstrap resamples.",
                         cfg->bootstrap);
  cw_rng rng;
  /* Its own stream: the interval does not change when the number of sign-flip draws does. */
  cw_rng_seed (&rng, cfg->seed ^ 0x9e3779b97f4a7c15u);
  for (int r = 0; r < cfg->bootstrap; r++)
    {
      double sse1 = 0, sse2 = 0;
      for (int j = 0; j < n; j++)
        {
          int i = (int) cw_rng_below (&rng, (uint32_t) n);
          sse1 += loss1[i];
          sse2 += loss2[i];
        }
      ratios[r] = ratio_of_sums (sse1, sse2);
    }
  qsort (ratios, (size_t) cfg->bootstrap, sizeof (double), compare_doubles);
  out->ratio_low = quantile_sorted (ratios, cfg->bootstrap, (1 - cfg->level) / 2);
  out->ratio_high = quantile_sorted (ratios, cfg->bootstrap, (1 + cfg->level) / 2);
  free (ratios);
  return CW_OK;
}

static cw_status
check_config (const cw_paired_config *cfg, cw_error *err)
{
  if (cfg->draws < 1)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "The randomisation test needs at least 1 random sign pattern, not %d.", cfg->draws);
  if (cfg->bootstrap < 0)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "The number of bootstrap resamples cannot be negative (%d).", cfg->bootstrap);
  if (!(cfg->level > 0 && cfg->level < 1))
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "The bootstrap interval's level must lie between 0 and 1 (exclusive), not %g.",
                         cfg->level);
  return CW_OK;
}

cw_status
cw_paired_compare (const cw_paired_config *config, const double *y, const double *pred1, const double *pred2,
                   int n, int q, bool classification, cw_paired_comparison *out, cw_error *err)
{
  assert (config && y && pred1 && pred2 && out && q >= 1);
  *out = (cw_paired_comparison) { .n = n, .q = q, .classification = classification, .rmsep_ratio = NAN,
                                  .ratio_low = NAN, .ratio_high = NAN, .level = config->level,
                                  .seed = config->seed };
  out->test = (cw_sign_flip_result) { .n = n, .mean = NAN, .p_value = NAN };
  cw_status st = check_config (config, err);
  if (st == CW_OK)
    st = check_rows (n, err);
  if (st == CW_OK)
    st = check_finite (y, n, q, "the reference value", err);
  if (st == CW_OK)
    st = check_finite (pred1, n, q, "the first model's prediction", err);
  if (st == CW_OK)
    st = check_finite (pred2, n, q, "the second model's prediction", err);
  if (st != CW_OK)
    return st;

  double *loss = malloc ((size_t) 3 * n * sizeof (double));
  if (!loss)
    return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to compare %d rows.", n);
  double *loss1 = loss, *loss2 = loss + n, *d = loss + 2 * (size_t) n;
  for (int i = 0; i < n; i++)
    {
      const double *yi = y + (size_t) i * q, *p1 = pred1 + (size_t) i * q, *p2 = pred2 + (size_t) i * q;
      if (classification)
        {
          int truth = row_class (yi, q);
          loss1[i] = row_class (p1, q) != truth;
          loss2[i] = row_class (p2, q) != truth;
        }
      else
        {
          double s1 = 0, s2 = 0;
          for (int k = 0; k < q; k++)
            {
              s1 += (p1[k] - yi[k]) * (p1[k] - yi[k]);
              s2 += (p2[k] - yi[k]) * (p2[k] - yi[k]);
            }
          loss1[i] = s1 / q;
          loss2[i] = s2 / q;
        }
      d[i] = loss1[i] - loss2[i];
      out->first_better += d[i] < 0;
      out->second_better += d[i] > 0;
    }

  st = cw_sign_flip_test (d, n, config->draws, config->seed, &out->test, err);
  if (st == CW_OK && classification)
    {
      /* The sign flips of 0/1 errors are a binomial on the discordant rows: exact at any size. */
      out->test.p_value = cw_mcnemar_exact_p (out->second_better, out->first_better);
      out->test.exact = true;
      out->test.draws = 0;
    }
  if (st == CW_OK && !classification)
    {
      double sse1 = 0, sse2 = 0;
      for (int i = 0; i < n; i++)
        sse1 += loss1[i], sse2 += loss2[i];
      out->rmsep_ratio = ratio_of_sums (sse1, sse2);
      out->bootstrap = config->bootstrap;
      if (config->bootstrap > 0)
        st = bootstrap_ratio (loss1, loss2, n, config, out, err);
    }
  free (loss);
  return st;
}
