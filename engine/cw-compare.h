/* cw-compare.h — what a chemometrician reads when two models are scored on the same test rows: each
 * model's test statistics (RMSEP, bias, SEP, R², MAE, RPD, slope and intercept; accuracy for classes)
 * and whether their difference is more than chance, by a paired randomisation test on the rows.
 *
 * Every function here takes the test rows only — references y and predictions, n x q doubles by row —
 * and chooses nothing: there are no parameters to tune on them, so scoring cannot leak into a model.
 *
 * Comparing a CNN (model 1) with PLS (model 2) on the test rows:
 *   cw_test_scores s1, s2;
 *   cw_test_scores_compute (y, pred_cnn, n, q, false, &s1, &err);  (and pred_pls into s2)
 *   cw_paired_config cfg = cw_paired_config_default ();  cfg.seed = seed;
 *   cw_paired_comparison c;  cw_paired_compare (&cfg, y, pred_cnn, pred_pls, n, q, false, &c, &err);
 * then c.test.mean (< 0: the CNN's squared errors are smaller) and c.test.p_value. */
#ifndef CW_COMPARE_H
#define CW_COMPARE_H

#include "cw-base.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- one model's test statistics ---- */

/* Over n rows and q responses, with residuals e = pred - y. Sums are pooled over the responses as the
 * RMSEP of cw-validation.h is, so that with q = 1 every field is its textbook value:
 *   rmsep  = sqrt (sum e^2 / (n q))
 *   bias   = sum e / (n q)                          (positive: the model predicts too high)
 *   sep    = sqrt (sum_k sum_i (e_ik - bias_k)^2 / (q (n - 1))), bias_k the bias of response k:
 *            the bias-corrected standard error of prediction (Bellon-Maurel et al. 2010, ISO 12099);
 *            for q = 1, n rmsep^2 = (n - 1) sep^2 + n bias^2
 *   r2     = 1 - sum e^2 / sum (y - mean_k)^2, mean_k the mean of response k over these rows
 *            (as cw_pls_cv_result's r2p)
 *   mae    = sum |e| / (n q)
 *   sd_reference = sqrt (sum (y - mean_k)^2 / (q (n - 1))): the spread of the reference values
 *   rpd    = sd_reference / sep (ratio of performance to deviation)
 *   slope, intercept: least squares line of pred on y (pred = intercept + slope y), q = 1 only
 * sep and sd_reference need n >= 2, r2 varying references, slope and intercept q = 1 and varying
 * references; otherwise they are NAN (as every regression field is for classification). rpd is
 * INFINITY when sep = 0 < sd_reference, NAN when both are 0.
 *
 * Classification (y one-hot, or one 0/1 column): a row's class is the argmax of its q values, or
 * value >= 0.5 when q = 1 (as cw_pls_cv_result's accuracies); accuracy = correct rows / n. */
typedef struct {
  int n, q;
  bool classification;
  double rmsep, bias, sep, r2, mae, sd_reference, rpd, slope, intercept;
  double accuracy;  /* 0..1; NAN for regression */
  int n_errors;     /* misclassified rows; 0 for regression */
} cw_test_scores;

/* Fills out from y and pred (n x q, by row). Fails with CW_ERR_INVALID_ARGUMENT, naming the 1-based
 * row and response, on a value that is not finite, or when n < 1. */
cw_status cw_test_scores_compute (const double *y, const double *pred, int n, int q, bool classification,
                                  cw_test_scores *out, cw_error *err);

/* ---- the paired sign-flip randomisation test ---- */

/* Differences d_i up to this many nonzero ones are tested exactly, by all 2^m sign patterns. */
#define CW_SIGN_FLIP_EXACT_MAX 20

/* Under the null hypothesis that two models are exchangeable on every row, each row's difference is as
 * likely to have either sign. The statistic is mean (d); the two-sided p-value is the share of sign
 * patterns s (d_i -> s_i d_i) whose |mean| is at least the observed |mean| (ties within 1e-9 of
 * sum |d_i| count as at least). A zero difference cannot change the statistic, so only the m nonzero
 * ones are flipped (the same p-value as flipping all n):
 *  - m <= CW_SIGN_FLIP_EXACT_MAX: exact, every one of the 2^m patterns;
 *  - otherwise `draws` random patterns B from the seeded cw_rng, p = (1 + count) / (B + 1) with the
 *    observed pattern counted once (Phipson & Smyth 2010: never 0, and valid for any B).
 * With m = 0 (identical losses), p = 1. */
typedef struct {
  int n;            /* differences */
  int n_nonzero;    /* m: the rows whose sign is flipped */
  double mean;      /* mean of d over all n rows */
  double p_value;   /* two-sided */
  bool exact;       /* all 2^m patterns (or, for classes, the exact binomial) */
  int draws;        /* B when not exact, else 0 */
} cw_sign_flip_result;

/* Fails (CW_ERR_INVALID_ARGUMENT) when n < 1, when a difference is not finite (naming its 1-based row)
 * or when draws < 1. */
cw_status cw_sign_flip_test (const double *d, int n, int draws, uint64_t seed, cw_sign_flip_result *out,
                             cw_error *err);

/* Two-sided exact McNemar p-value for b rows only the first model gets wrong and c rows only the second
 * gets wrong: P(|K - (b + c) / 2| >= |b - c| / 2) for K ~ Binomial (b + c, 1/2), i.e.
 * min (1, 2 P(K <= min (b, c))); 1 when b + c = 0. This is the sign-flip test's exact distribution on
 * 0/1 errors, so it is exact for any number of discordant rows. */
double cw_mcnemar_exact_p (int b, int c);

typedef struct {
  int draws;        /* Monte Carlo sign patterns when more than CW_SIGN_FLIP_EXACT_MAX rows differ
                       (default 9999) */
  int bootstrap;    /* resamples of the rows for the RMSEP ratio's interval (default 2000; 0 = none) */
  double level;     /* coverage of that interval (default 0.95) */
  uint64_t seed;    /* for the draws and the resamples (default 1) */
} cw_paired_config;

cw_paired_config cw_paired_config_default (void);

/* Model 1 against model 2 on the same rows.
 *
 * Regression: d_i = mean over the responses of (pred1 - y)^2 - mean of (pred2 - y)^2, so test.mean =
 * rmsep1^2 - rmsep2^2 (< 0: model 1 is better); the sign-flip test above. rmsep_ratio = rmsep1 / rmsep2
 * with a percentile bootstrap interval: `bootstrap` resamples of n rows drawn with replacement, the
 * ratio of each, and its (1 - level) / 2 and (1 + level) / 2 quantiles (linear interpolation between
 * order statistics, R's type 7). A resample where model 2 is perfect gives an infinite ratio (1 when
 * both are).
 *
 * Classification: d_i = 1 when only model 1 misclassifies row i, -1 when only model 2 does, 0 otherwise;
 * test.mean = accuracy2 - accuracy1, and the p-value is the exact McNemar test on the discordant rows
 * (cw_mcnemar_exact_p: always exact, draws unused). The ratio fields are NAN.
 *
 * Fails (CW_ERR_INVALID_ARGUMENT) on n < 1, a non-finite value (naming the row, response and which
 * array), draws < 1, bootstrap < 0 or a level outside (0, 1). */
typedef struct {
  int n, q;
  bool classification;
  cw_sign_flip_result test;
  int first_better;   /* rows with d < 0 (classes: only model 2 wrong) */
  int second_better;  /* rows with d > 0 (classes: only model 1 wrong) */
  double rmsep_ratio;             /* model 1 / model 2 */
  double ratio_low, ratio_high;   /* the bootstrap interval; NAN without resamples */
  int bootstrap;
  double level;
  uint64_t seed;
} cw_paired_comparison;

cw_status cw_paired_compare (const cw_paired_config *config, const double *y, const double *pred1,
                             const double *pred2, int n, int q, bool classification,
                             cw_paired_comparison *out, cw_error *err);

#ifdef __cplusplus
}
#endif
#endif
