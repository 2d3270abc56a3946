/* cw-preprocess.h — spectral preprocessing as a chain of steps, fitted on training rows and applied to
 * any rows, feeding both PLS (doubles) and the CNN (floats).
 *
 * Data is n samples x channels x length, row-major (the dataset layout). Steps that act on one spectrum
 * (SNV, MSC, Savitzky–Golay, detrending, range selection, PCA scores) act on each channel's signal
 * separately; steps that act on one column (centring, autoscaling) act on each (channel, position).
 *
 * Text form, one line, steps separated by spaces (names case-insensitive), applied left to right:
 *   center | centre       subtract the training mean of each column
 *   autoscale             centre, then divide by the training SD (n - 1) of each column
 *   snv                   per spectrum: (x - mean) / SD (n - 1)
 *   msc                   per spectrum: fit x = a + b m by least squares, m = the training mean spectrum,
 *                         and return (x - a) / b
 *   sg(W,P,D)             Savitzky–Golay: window W (odd), polynomial order P (default 2), derivative D
 *                         (default 0), derivatives per point (axis spacing 1); also savgol(...)
 *   detrend(K)            per spectrum: subtract the least-squares polynomial of order K (1 or 2, default 1)
 *                         in the axis value (the position when the axis is not numeric)
 *   range(LO,HI)          keep the positions whose axis value lies in [LO, HI]
 *   pca(K)                per channel: the scores (x - mean) . p_k on the first K principal components
 *                         of the training rows (K >= 1, default 10); the signal becomes K values over the
 *                         axis 1, 2, ..., K (component numbers), so later steps see length K
 * e.g. "snv sg(11,2,1) range(1000,1600) center" or "snv pca(10) autoscale". The canonical form
 * (cw_pipeline_to_string) prints every sg argument, detrend's order only when it is 2, pca's K always,
 * and numbers in their shortest round-trip form.
 *
 * PCA: per channel, the training rows are centred on their column means and the first K loadings are
 * found by NIPALS with deflation in double precision (start: the column of largest variance; converged
 * when the relative change of the score vector is below 1e-12, at most 10000 iterations; each loading
 * re-orthogonalised against the earlier ones and signed so that its largest-|value| entry is positive).
 * Fitting needs K <= min(training rows - 1, signal length) and K directions of nonzero variance.
 *
 * Savitzky–Golay edges: the first and last W/2 points take the value (or derivative) at their own
 * position of the polynomial fitted to the first / last full window (scipy's mode="interp"), so every
 * polynomial of order <= P passes through unchanged, edges included. */
#ifndef CW_PREPROCESS_H
#define CW_PREPROCESS_H

#include "cw-base.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  CW_PRE_CENTER,
  CW_PRE_AUTOSCALE,
  CW_PRE_SNV,
  CW_PRE_MSC,
  CW_PRE_SAVGOL,
  CW_PRE_DETREND,
  CW_PRE_RANGE,
  CW_PRE_PCA,
} cw_pre_kind;

typedef struct {
  cw_pre_kind kind;
  int window, poly, deriv; /* sg */
  int order;               /* detrend: 1 or 2 */
  double lo, hi;           /* range, in axis units, inclusive */
  int components;          /* pca: K >= 1 */
} cw_pre_step;

/* A step of `kind` with its defaults (sg(11,2,0), detrend(1), range(-inf, inf), pca(10)). */
cw_pre_step cw_pre_step_default (cw_pre_kind kind);
const char *cw_pre_kind_name (cw_pre_kind kind); /* "center", "autoscale", "snv", "msc", "sg", ... */
/* CW_ERR_INVALID_ARGUMENT with the reason when the arguments are impossible (even window, order too
 * high, lo > hi, fewer than 1 pca component); says nothing about a particular data length or row count
 * (that is checked when fitting). */
cw_status cw_pre_step_check (const cw_pre_step *step, cw_error *err);

typedef struct cw_pipeline cw_pipeline;

cw_pipeline *cw_pipeline_new (void);            /* no steps: the identity */
void cw_pipeline_free (cw_pipeline *pipe);
cw_pipeline *cw_pipeline_copy (const cw_pipeline *pipe); /* steps and fitted state */
/* NULL on error; err->column is the 1-based character of the offending token, err->length its length,
 * err->item its 0-based step index. Empty text (or "none") is the empty pipeline. */
cw_pipeline *cw_pipeline_parse (const char *text, cw_error *err);
char *cw_pipeline_to_string (const cw_pipeline *pipe); /* canonical one-line form, "" when empty; caller frees */
cw_status cw_pipeline_append (cw_pipeline *pipe, const cw_pre_step *step, cw_error *err); /* checked */
int cw_pipeline_count (const cw_pipeline *pipe);
const cw_pre_step *cw_pipeline_get (const cw_pipeline *pipe, int index);
/* True when a step needs training data (center, autoscale, msc, pca); false for pure per-spectrum chains. */
bool cw_pipeline_needs_fit (const cw_pipeline *pipe);
/* True when the output still lies on the signal's axis (positions, wavelengths); false after a pca step, whose
 * outputs are component scores (saliency, activation maps over the axis mean nothing then). */
bool cw_pipeline_keeps_axis (const cw_pipeline *pipe);

/* Fits every step in order on x (n x channels x length; each step is fitted on the previous one's output
 * of these rows). axis has `length` values (NULL = positions 0, 1, ...). When out is non-NULL it receives
 * the transformed rows, n x channels x cw_pipeline_out_length (malloc'd, caller frees). Fails with a
 * reason when the data cannot feed a step (sg window longer than the signal, no axis value in a range,
 * a range over a non-numeric axis, fewer than 2 rows for autoscale, more pca components than the rows
 * or the signal allow). Refitting replaces the old state. */
cw_status cw_pipeline_fit (cw_pipeline *pipe, const double *x, int n, int channels, int length,
                           const double *axis, double **out, cw_error *err);
bool cw_pipeline_is_fitted (const cw_pipeline *pipe);
int cw_pipeline_in_length (const cw_pipeline *pipe);    /* after fit */
int cw_pipeline_channels (const cw_pipeline *pipe);     /* after fit */
int cw_pipeline_out_length (const cw_pipeline *pipe);   /* after fit: length after range selections, pca */
const double *cw_pipeline_out_axis (const cw_pipeline *pipe); /* after fit: out_length values */
/* Applies the fitted pipeline to n rows of channels x in_length; out has n x channels x out_length
 * (out may equal x only when the lengths are equal). */
void cw_pipeline_apply (const cw_pipeline *pipe, const double *x, int n, double *out);

/* The same for float data, as the CNN takes it (computed in double). out of fit is malloc'd floats. */
cw_status cw_pipeline_fit_f (cw_pipeline *pipe, const float *x, int n, int channels, int length,
                             const double *axis, float **out, cw_error *err);
void cw_pipeline_apply_f (const cw_pipeline *pipe, const float *x, int n, float *out);

/* Fitted state of step `index` for inspection (and the leakage test): the column means (center,
 * autoscale, pca), the column SDs (autoscale) or the reference spectrum (msc), each channels x the step's
 * input length values; NULL when the step has no such state or is not fitted. */
const double *cw_pipeline_step_mean (const cw_pipeline *pipe, int index);
const double *cw_pipeline_step_scale (const cw_pipeline *pipe, int index);
/* pca: the loadings, channels x K x the step's input length (loading k of channel c at (c K + k) L),
 * orthonormal per channel; NULL for other steps or when not fitted. */
const double *cw_pipeline_step_loadings (const cw_pipeline *pipe, int index);

/* A fitted (or unfitted) pipeline as bytes, for model and project files: the steps with their
 * parameters and, when fitted, the whole fitted state (lengths, channels, column means and SDs,
 * reference spectra, filter coefficients, detrending bases, kept positions, pca loadings, output axis),
 * doubles bit-exact, so a deserialised pipeline applies bitwise identically. Little-endian,
 * self-describing ("CWPP", version 2; version 1, from before pca, is still read). serialize returns
 * malloc'd bytes (NULL only when out of memory). deserialize reads exactly `size` bytes and fails with
 * CW_ERR_FORMAT saying where and what for truncated, corrupt or inconsistent data; no count from the
 * data is trusted before it is checked against the bytes there. */
unsigned char *cw_pipeline_serialize (const cw_pipeline *pipe, size_t *size);
cw_pipeline *cw_pipeline_deserialize (const unsigned char *data, size_t size, cw_error *err);

/* Savitzky–Golay coefficients: for each of the `window` evaluation offsets o = -W/2 .. W/2 (row o + W/2)
 * the `window` weights h such that sum_i h[i] x[i] over one window is the D-th derivative at offset o of
 * the least-squares polynomial of order P. Row W/2 is the usual central filter, e.g. W=5, P=2, D=0:
 * [-3, 12, 17, 12, -3] / 35. coef has window x window doubles. */
cw_status cw_savgol_coefficients (int window, int poly, int deriv, double *coef, cw_error *err);

#ifdef __cplusplus
}
#endif
#endif
