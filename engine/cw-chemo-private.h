/* cw-chemo-private.h — internals shared by the preprocessing, PLS, validation and drift files. */
#ifndef CW_CHEMO_PRIVATE_H
#define CW_CHEMO_PRIVATE_H

#include "cw-pls.h"
#include "cw-preprocess.h"

/* One signal through a Savitzky–Golay filter whose coefficient rows come from cw_savgol_coefficients;
 * length >= window. */
void cw_savgol_filter (const double *coef, int window, const double *x, int length, double *out);
/* Whether a polynomial of order poly can be fitted on window points in double precision: CW_OK, or an
 * error the user can read (the order too high for the window). */
cw_status cw_savgol_check_fit (int window, int poly, cw_error *err);

/* pca(K), in preprocess-pca.c. Fits channel by channel on x (n x channels x length): *mean gets the
 * column means (channels x length), *loadings the first k loadings of the centred rows (channels x k x
 * length), both malloc'd (and set, for the caller to free, even on a failure after the sizes are
 * checked). Fails with a reason naming step `index` (0-based) when k exceeds n - 1 or length, when
 * the centred rows span fewer than k directions, or when NIPALS does not converge. */
cw_status cw_pca_fit (const double *x, int n, int channels, int length, int k, int index, double **mean,
                      double **loadings, cw_error *err);
/* The k scores (x - mean) . p_j of one signal on one channel's mean and loadings; work has length
 * doubles. */
void cw_pca_scores (const double *mean, const double *loadings, int k, const double *x, int length,
                    double *work, double *out);

/* cw_pipeline_fit that may overwrite the caller's rows x: element-wise steps (center, autoscale) work in x
 * instead of allocating n x p more. *out is x itself when every step worked in place, else a new malloc'd
 * array (x is never freed). */
cw_status cw_pipeline_fit_inplace (cw_pipeline *pipe, double *x, int n, int channels, int length,
                                   const double *axis, double **out, cw_error *err);

/* cw_pls_fit that centres the caller's x (n x p) in place: no copy of X is made. With take the model owns
 * x (malloc'd; freed with the model, or on failure) and keeps it as the centred calibration X that the Q
 * limits need. Without, x stays the caller's (centred) and the model keeps no X: cw_pls_q_thetas and
 * cw_pls_q_limit must not be called on it (CV fold models). */
cw_pls *cw_pls_fit_inplace (double *x, const double *y, int n, int p, int q, int ncomp, cw_pls_algorithm alg,
                            bool take, cw_error *err);

/* Solves A X = B in place by Gaussian elimination with partial pivoting: a is n x n (destroyed), b is
 * n x nrhs row-major (overwritten by X). False when A is singular to working precision. */
bool cw_solve_dense (double *a, double *b, int n, int nrhs);

/* Shortest "%g" text that reads back to the same double (C locale); out has room for 32 chars. */
void cw_format_double (char out[32], double v);
/* strtod in the C locale over the whole string; false when it is not one finite number. */
bool cw_parse_double_c (const char *s, double *out);

/* sum a[i] b[i] with eight running sums: a plain loop is a serial chain of dependent adds that the
 * compiler may not reorder (no -ffast-math), this one vectorises. The order is fixed, so results are
 * reproducible. */
static inline double
cw_dot (const double *a, const double *b, int n)
{
  double acc[8] = { 0, 0, 0, 0, 0, 0, 0, 0 };
  int i = 0;
  for (; i + 8 <= n; i += 8)
    for (int k = 0; k < 8; k++)
      acc[k] += a[i + k] * b[i + k];
  double s = ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
  for (; i < n; i++)
    s += a[i] * b[i];
  return s;
}

/* A pipeline step with what fitting it learnt; preprocess.c fits and applies it, preprocess-io.c
 * serialises it. */
typedef struct {
  cw_pre_step step;
  int in_length, out_length;
  double *mean;   /* center, autoscale, pca: column means; msc: the reference spectrum
                   * (channels x in_length) */
  double *scale;  /* autoscale: column SDs (channels x in_length) */
  double *coef;   /* sg: window x window */
  double *basis;  /* detrend: (order + 1) orthonormal polynomials over the axis, each in_length long */
  int *keep;      /* range: the out_length kept positions */
  double *loadings; /* pca: channels x components x in_length */
} cw_fitted_step;

struct cw_pipeline {
  int count, cap;
  cw_fitted_step *steps;
  bool fitted;
  int channels, in_length, out_length;
  double *out_axis;
};

struct cw_pls {
  cw_pls_algorithm alg;
  int n, p, q, ncomp;
  double *x_mean, *y_mean;      /* p, q */
  double *xc;                   /* the centred calibration X, n x p, for the Q limits (NULL in CV fold models) */
  double *t, *pl, *w, *r, *ql;  /* component-major scores (n), X loadings, weights, rotations (p), Y loadings (q) */
  double *coef;                 /* ncomp blocks of p x q: B for 1, 2, ... components */
  double *expl_x, *expl_y;      /* ncomp fractions */
  double ssx, ssy;              /* total centred sums of squares */
};

/* Step `index` of a fitted pipeline alone, on n rows of channels x that step's input length; out has n x
 * channels x its output length (the ONNX export reads each linear step's matrix off it). */
void cw_pipeline_apply_step (const cw_pipeline *pipe, int index, const double *x, int n, double *out);

#endif
