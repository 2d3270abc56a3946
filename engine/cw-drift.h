/* cw-drift.h — instrument drift as exact, testable perturbations of spectra, and a driver that measures
 * how a model's RMSEP grows with the size of each perturbation (a CNN and PLS through one callback).
 *
 * Data is n x channels x length doubles, row-major; every perturbation acts on each channel's signal. */
#ifndef CW_DRIFT_H
#define CW_DRIFT_H

#include "cw-base.h"
#include "cw-model.h"
#include "cw-pls.h"
#include "cw-preprocess.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  CW_DRIFT_SHIFT,  /* out[t] = x(t - size): the signal moves by `size` points (fractional: linear
                      interpolation between neighbours; positions beyond the ends take the end value) */
  CW_DRIFT_OFFSET, /* out[t] = x[t] + size */
  CW_DRIFT_SLOPE,  /* out[t] = x[t] + size * t / (length - 1): a baseline rising by `size` across the signal */
  CW_DRIFT_SCALE,  /* out[t] = x[t] * (1 + size) */
  CW_DRIFT_NOISE,  /* out[t] = x[t] + size * N(0, 1), drawn by seed in the order sample, channel, position */
  CW_DRIFT_N_KINDS
} cw_drift_kind;

#define CW_DRIFT_STEPS 6

const char *cw_drift_name (cw_drift_kind kind); /* "shift", "offset", "slope", "scale", "noise" */
/* out may equal x. seed is used by CW_DRIFT_NOISE only. */
void cw_drift_apply (cw_drift_kind kind, double size, uint64_t seed, const double *x, int n, int channels,
                     int length, double *out);
/* CW_DRIFT_STEPS graded sizes starting at 0: shift 0, 0.5, 1, 2, 3, 5 points; scale 0, 1, 2, 5, 10, 20 %;
 * offset and slope the same fractions of the data's range (max - min over all values); noise SD
 * 0, 0.1, 0.2, 0.5, 1, 2 % of that range. */
void cw_drift_default_sizes (cw_drift_kind kind, const double *x, int n, int channels, int length,
                             double sizes[CW_DRIFT_STEPS]);

/* Predictions out (n x q) for raw x (n x channels x length), or a status with err filled. */
typedef cw_status (*cw_predict_fn) (void *user, const double *x, int n, double *out, cw_error *err);

/* A ready-made predictor: the fitted pipeline (NULL = none) then either a PLS model with ncomp
 * components or, when pls is NULL, a CNN (cw_model_predict, which applies the model's own scaling; with no
 * pipeline here, cw_model_predict_raw, which applies the pipeline the model carries, if any). */
typedef struct {
  const cw_pipeline *pipeline;
  const cw_pls *pls;
  int ncomp;
  cw_model *model;
} cw_predictor;

/* cw_predict_fn for a cw_predictor passed as user. */
cw_status cw_predictor_predict (void *predictor, const double *x, int n, double *out, cw_error *err);

/* For each size: perturb the test rows x, predict, and store RMSEP against y (n x q, pooled over rows
 * and responses, as cw_pls_cv_result) in rmsep[size index]. */
cw_status cw_drift_curve (cw_drift_kind kind, const double *sizes, int n_sizes, uint64_t seed,
                          const double *x, const double *y, int n, int channels, int length, int q,
                          cw_predict_fn predict, void *user, double *rmsep, cw_error *err);

#ifdef __cplusplus
}
#endif
#endif
