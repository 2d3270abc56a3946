/* cw-saliency-job.h — the CNN's side of the Compare page, computed off the main thread: its predictions on
 * the test rows and where it looks (gradient × input and 1D Grad-CAM, averaged over the test rows).
 *
 * The worker runs its own copy of the CNN (the project's model is never touched off the main thread).
 * Predictions go through the engine's cw_predictor (the pipeline, then cw_model_predict) on the raw float
 * signals, the path the drift test takes too, so its unperturbed RMSEP is the same number. */
#pragma once

#include "cw-compare-data.h"

G_BEGIN_DECLS

typedef struct
{
  int n, k;            /* test rows, CNN outputs */
  double *pred;        /* n x k: predictions in target units (regression) or probabilities */
  int *classes;        /* n predicted classes (classification), else NULL */
  int length;          /* the CNN's input length (the preprocessed axis, CwCompareInputs.model_axis) */
  /* Mean over the test rows (and channels) of |gradient × input| for the prediction (regression), or for
   * the logit of the row's true class (classification). */
  float *saliency;     /* length */
  /* Mean 1D Grad-CAM of the last conv layer on the input axis; NULL when the CNN has no conv layer. */
  float *gradcam;      /* length or NULL */
  int gradcam_layer;   /* the layer Grad-CAM used, -1 when none */
} CwSaliencyResult;

CwSaliencyResult *cw_saliency_result_ref (CwSaliencyResult *result);
void cw_saliency_result_unref (CwSaliencyResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CwSaliencyResult, cw_saliency_result_unref)

/* inputs must hold a CNN (inputs->model != NULL). Cancelling ends the worker between test rows and gives
 * G_IO_ERROR_CANCELLED; an engine failure gives CW_PROJECT_ERROR. */
void cw_saliency_job_run_async (CwCompareInputs *inputs, GCancellable *cancellable, GAsyncReadyCallback callback,
                                gpointer user_data);
CwSaliencyResult *cw_saliency_job_run_finish (GAsyncResult *result, GError **error);

/* The blocking form (tests, scripts). */
CwSaliencyResult *cw_saliency_job_run (CwCompareInputs *inputs, GCancellable *cancellable, GError **error);

G_END_DECLS
