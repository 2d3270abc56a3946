/* cw-drift-job.h — the drift stress test: perturb the RAW test spectra in graded steps (wavelength shift,
 * baseline offset and slope, multiplicative scale, added noise; engine/cw-drift.h), run each model's own
 * preprocessing and prediction on them, and measure how its error grows.
 *
 * The CNN reads the float signals (widened to double for the perturbation, as cw_predictor wants), PLS the
 * doubles its job read, each through cw_predictor with its own fitted pipeline; so at size 0 each model's
 * error is exactly its unperturbed test error. The worker runs its own copy of the CNN. */
#pragma once

#include "cw-compare-data.h"

G_BEGIN_DECLS

typedef enum
{
  CW_DRIFT_MODEL_CNN,
  CW_DRIFT_MODEL_PLS,
  CW_DRIFT_N_MODELS
} CwDriftModel;

typedef struct
{
  gboolean classification;   /* the error is the error rate (%) instead of RMSEP */
  char *metric_label;        /* "RMSEP (octane)" or "Error rate (%)" */
  gboolean has_model[CW_DRIFT_N_MODELS]; /* which models were tested */
  int pls_components;        /* the PLS model's components (0 without PLS) */
  double data_range;         /* max - min of the raw test signals: the unit of offset, slope and noise */
  /* Per kind (cw_drift_kind) and step: the perturbation size in data units (cw_drift_default_sizes), the
   * size as shown (points for shift, % of data_range for offset / slope / noise, % for scale), and the
   * error of each model (NAN for a model not tested). */
  double sizes[CW_DRIFT_N_KINDS][CW_DRIFT_STEPS];
  double shown[CW_DRIFT_N_KINDS][CW_DRIFT_STEPS];
  double error[CW_DRIFT_N_KINDS][CW_DRIFT_N_MODELS][CW_DRIFT_STEPS];
} CwDriftResult;

CwDriftResult *cw_drift_result_ref (CwDriftResult *result);
void cw_drift_result_unref (CwDriftResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CwDriftResult, cw_drift_result_unref)

/* Titles and axis labels of the small plots: "Wavelength shift", "Shift (points)", ... */
const char *cw_drift_kind_title (cw_drift_kind kind);
const char *cw_drift_kind_axis_label (cw_drift_kind kind);
const char *cw_drift_model_name (CwDriftModel model); /* "CNN", "PLS" */

/* The one-line verdict of a kind: which model's error grows faster (by the mean increase over the
 * sweep), e.g. "PLS degrades 3.1× faster under baseline offset"; or that neither / only one is affected.
 * Free with g_free. */
char *cw_drift_result_verdict (const CwDriftResult *result, cw_drift_kind kind);

/* Called on the main context after each step: fraction done (0..1) and what runs ("Baseline slope · PLS"). */
typedef void (*CwDriftProgressFunc) (double fraction, const char *what, gpointer user_data);

/* pls (nullable) must be the PLS result for the same test rows; the CNN is taken from inputs (nullable).
 * At least one model is needed. Cancelling stops the worker between steps (G_IO_ERROR_CANCELLED). No
 * progress call arrives after the callback, nor once the cancellable is cancelled. */
void cw_drift_job_run_async (CwCompareInputs *inputs, CwPlsResult *pls, GCancellable *cancellable,
                             CwDriftProgressFunc progress, gpointer progress_data, GAsyncReadyCallback callback,
                             gpointer user_data);
CwDriftResult *cw_drift_job_run_finish (GAsyncResult *result, GError **error);

/* The blocking form (tests): no progress. */
CwDriftResult *cw_drift_job_run (CwCompareInputs *inputs, CwPlsResult *pls, GCancellable *cancellable,
                                 GError **error);

G_END_DECLS
