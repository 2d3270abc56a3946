/* cw-pls.h — partial least squares regression (PLS1, PLS2) and PLS-DA, with the diagnostics
 * chemometrics expects: coefficients per number of components, scores, loadings, weights, explained
 * variance, VIP, Hotelling's T² and Q residuals with their control limits.
 *
 * All arithmetic is in double. X is n x p and Y n x q, row-major. The fit centres X and Y on their
 * training means (as R's plsr and scikit-learn do); any other scaling belongs in the preprocessing
 * pipeline (cw-preprocess.h: "autoscale" = plsr's scale = TRUE).
 *
 * Per-component arrays are component-major: component a (0-based) of a p-vector array starts at
 * a * p, of the scores at a * n. The components satisfy T = Xc R (R = W (P'W)^-1 the rotations, Xc the
 * centred X), Xc ~ T P', Yc ~ T Q'. NIPALS keeps T orthogonal with unit-length weights W; SIMPLS keeps T
 * orthonormal. For one response the two give the same model (and R's kernel PLS the same again). */
#ifndef CW_PLS_H
#define CW_PLS_H

#include "cw-base.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  CW_PLS_NIPALS, /* X and Y deflation; PLS2 iterates to convergence (relative 1e-12, at most 500 steps) */
  CW_PLS_SIMPLS, /* de Jong (1993): deflation of the cross-product X'Y */
} cw_pls_algorithm;

const char *cw_pls_algorithm_name (cw_pls_algorithm alg); /* "nipals", "simpls" */

typedef struct cw_pls cw_pls;

/* Fits up to ncomp components (1 <= ncomp; it is capped at min(n - 1, p)). Fewer are kept when X runs
 * out of rank (a component whose scores vanish ends the fit): cw_pls_n_components says how many.
 * NULL with the reason for impossible input (n < 2, non-finite values, Y constant). */
cw_pls *cw_pls_fit (const double *x, const double *y, int n, int p, int q, int ncomp,
                    cw_pls_algorithm alg, cw_error *err);
void cw_pls_free (cw_pls *pls);

int cw_pls_n_components (const cw_pls *pls);
int cw_pls_n_samples (const cw_pls *pls);   /* calibration rows */
int cw_pls_n_features (const cw_pls *pls);  /* p */
int cw_pls_n_responses (const cw_pls *pls); /* q */
cw_pls_algorithm cw_pls_get_algorithm (const cw_pls *pls);
const double *cw_pls_x_mean (const cw_pls *pls); /* p */
const double *cw_pls_y_mean (const cw_pls *pls); /* q */

/* Regression coefficients of the model with a components (1 <= a <= n_components): p x q row-major, so
 * that y = y_mean + (x - x_mean) B. For one response, B is one value per axis position. */
const double *cw_pls_coefficients (const cw_pls *pls, int a);
/* The intercepts b0 (q values) of the same model: y = b0 + x B. Caller provides out[q]. */
void cw_pls_intercepts (const cw_pls *pls, int a, double *out);
/* Predictions with a components for n rows of raw x (n x p); out is n x q. */
void cw_pls_predict (const cw_pls *pls, int a, const double *x, int n, double *out);
/* Scores (n x a, row-major) of new rows: t = (x - x_mean) R. */
void cw_pls_transform (const cw_pls *pls, int a, const double *x, int n, double *scores);

/* Component-major arrays of n_components vectors each. */
const double *cw_pls_x_scores (const cw_pls *pls);    /* T, n each */
const double *cw_pls_x_loadings (const cw_pls *pls);  /* P, p each */
const double *cw_pls_x_weights (const cw_pls *pls);   /* W, p each (SIMPLS: R normalised to unit length) */
const double *cw_pls_x_rotations (const cw_pls *pls); /* R, p each */
const double *cw_pls_y_loadings (const cw_pls *pls);  /* Q, q each */
/* Fraction (0..1) of the total centred sum of squares of X / of Y that each component explains;
 * summing the first a gives the cumulative fraction of the a-component model. */
const double *cw_pls_explained_x (const cw_pls *pls);
const double *cw_pls_explained_y (const cw_pls *pls);

/* Variable importance in projection for the a-component model, p values:
 * VIP_j = sqrt (p sum_k SSY_k (w_jk / |w_k|)^2 / sum_k SSY_k), SSY_k = |t_k|^2 |q_k|^2 the Y sum of
 * squares component k explains; hence sum_j VIP_j^2 = p. The weights are W: NIPALS's weights (the
 * usual definition); for SIMPLS its rotations at unit length, which give different values (R's pls
 * offers VIP for its NIPALS-type algorithm only, for this reason). */
void cw_pls_vip (const cw_pls *pls, int a, double *vip);

/* Hotelling's T² and the Q residual (squared prediction error of X) for n rows of raw x with the
 * a-component model: T² = sum_k t_k^2 / s_k^2 (s_k^2 the calibration variance of score k, n - 1),
 * Q = |xc - t P'|^2. t2 or q may be NULL. */
void cw_pls_t2_q (const cw_pls *pls, int a, const double *x, int n, double *t2, double *q);
/* Calibration-sample control limits at `confidence` (e.g. 0.95):
 * T²: a (n - 1) / (n - a) F(confidence; a, n - a) (Tracy, Young & Mason 1992, samples of the model);
 * Q: Jackson & Mudholkar (1979) from the eigenvalues l of the calibration residual covariance
 *    E'E / (n - 1): theta_i = sum l^i, h0 = 1 - 2 theta1 theta3 / (3 theta2^2),
 *    Q = theta1 [z sqrt (2 theta2 h0^2) / theta1 + 1 + theta2 h0 (h0 - 1) / theta1^2]^(1 / h0), z the
 *    normal quantile. When h0 <= 0 (the formula breaks down for very uneven eigenvalues) it falls back
 *    to Box (1954): Q = g chi2(confidence; h), g = theta2 / theta1, h = theta1^2 / theta2.
 *    0 when the residual is zero (a full-rank model). */
double cw_pls_t2_limit (const cw_pls *pls, int a, double confidence);
double cw_pls_q_limit (const cw_pls *pls, int a, double confidence);
/* theta1..3 of the a-component calibration residual (for plots that want the other approximation).
 * The Q limits need the centred calibration X, which models from cw_pls_fit keep. The cost is one Gram
 * matrix of the residual, the smaller of n x n and p x p (about n p min(n, p) + min(n, p)^3 flops by
 * BLAS), whatever a: for several components use the _all / cw_pls_q_limits forms, which cost the same
 * once for every a. */
void cw_pls_q_thetas (const cw_pls *pls, int a, double theta[3]);
/* theta for every a = 1..n_components: theta[3 (a - 1) + i]. */
void cw_pls_q_thetas_all (const cw_pls *pls, double *theta);
/* cw_pls_q_limit for every a = 1..n_components into limits[a - 1], at the cost of one. */
void cw_pls_q_limits (const cw_pls *pls, double confidence, double *limits);
double cw_q_limit_jackson_mudholkar (const double theta[3], double confidence); /* NAN when h0 <= 0 */
double cw_q_limit_box (const double theta[3], double confidence);

/* PLS-DA: Y is the one-hot class matrix (q = number of classes, or q = 1 with 0/1 for two classes); the
 * predicted class is the argmax of the predicted row (q = 1: 1 when the prediction is >= 0.5).
 * classes has n entries. */
void cw_plsda_predict (const cw_pls *pls, int a, const double *x, int n, int *classes);
/* One-hot n x k doubles from class indices 0..k-1 (malloc'd, caller frees). */
double *cw_plsda_one_hot (const int *classes, int n, int k);

/* Distributions for the limits, implemented here (no external statistics library). */
double cw_normal_quantile (double p);                     /* Phi^-1(p), 0 < p < 1 */
double cw_beta_inc (double a, double b, double x);        /* regularised incomplete beta I_x(a, b) */
double cw_beta_inc_inverse (double a, double b, double p); /* x such that I_x(a, b) = p */
double cw_f_quantile (double p, double d1, double d2);    /* quantile of F(d1, d2) */
double cw_gamma_inc (double a, double x);                 /* regularised lower incomplete gamma P(a, x) */
double cw_chi2_quantile (double p, double df);            /* quantile of chi-square(df) */

#ifdef __cplusplus
}
#endif
#endif
