/* cw-saliency-job.c — the CNN's predictions and saliency on the test rows, in a GTask worker. */
#include "cw-background.h"
#include "cw-saliency-job.h"

#include "cw-tsan-private.h"

#include <math.h>
#include <string.h>

static void
result_clear (gpointer data)
{
  HANDOFF_ACQUIRE (data); /* every thread's writes before its last unref */
  CwSaliencyResult *result = data;
  g_free (result->pred);
  g_free (result->classes);
  g_free (result->saliency);
  g_free (result->gradcam);
}

CwSaliencyResult *
cw_saliency_result_ref (CwSaliencyResult *result)
{
  return g_atomic_rc_box_acquire (result);
}

void
cw_saliency_result_unref (CwSaliencyResult *result)
{
  HANDOFF_RELEASE (result); /* what this thread wrote, to whichever thread clears */
  g_atomic_rc_box_release_full (result, result_clear);
}

static gboolean
engine_failed (GError **error, const char *what, const cw_error *err)
{
  g_set_error (error, CW_PROJECT_ERROR, err->status != CW_OK ? (int) err->status : CW_ERR_INVALID_ARGUMENT,
               "%s: %s", what, err->message[0] ? err->message : cw_status_name (err->status));
  return FALSE;
}

/* Predictions of the test rows through cw_predictor, on the float signals widened to double: exactly
 * what the drift test computes at perturbation size 0. */
static gboolean
predict_rows (const CwCompareInputs *inputs, cw_model *model, CwSaliencyResult *result, GError **error)
{
  gsize values = (gsize) inputs->n * inputs->channels * inputs->length;
  g_autofree double *x = g_new (double, values);
  for (gsize i = 0; i < values; i++)
    x[i] = inputs->x[i];
  cw_predictor predictor = { .pipeline = inputs->pipeline, .model = model };
  cw_error err;
  cw_error_clear (&err);
  result->pred = g_new (double, (gsize) inputs->n * inputs->k);
  if (cw_predictor_predict (&predictor, x, inputs->n, result->pred, &err) != CW_OK)
    return engine_failed (error, "The CNN could not predict the test rows", &err);
  if (inputs->task != CW_TASK_REGRESSION)
    {
      result->classes = g_new (int, inputs->n);
      cw_compare_classes_from_outputs (result->pred, inputs->n, inputs->k, result->classes);
    }
  return TRUE;
}

/* Which outputs explain row i: every prediction for regression, the true class's logit otherwise. */
static void
outputs_for_row (const CwCompareInputs *inputs, int i, int *first, int *last)
{
  if (inputs->task == CW_TASK_REGRESSION)
    {
      *first = 0;
      *last = inputs->k - 1;
    }
  else if (inputs->k == 1)
    *first = *last = 0;
  else
    *first = *last = CLAMP (inputs->classes[i], 0, inputs->k - 1);
}

static gboolean
explain_rows (const CwCompareInputs *inputs, cw_model *model, CwSaliencyResult *result, GCancellable *cancellable,
              GError **error)
{
  int channels = inputs->channels, length = inputs->model_length;
  gsize sample = (gsize) channels * length;
  /* The network reads the preprocessed signal: explain that one, on the preprocessed axis. */
  g_autofree float *x = g_new (float, (gsize) inputs->n * sample);
  if (inputs->pipeline != NULL)
    cw_pipeline_apply_f (inputs->pipeline, inputs->x, inputs->n, x);
  else
    memcpy (x, inputs->x, (gsize) inputs->n * sample * sizeof (float));

  result->length = length;
  result->gradcam_layer = cw_saliency_gradcam_layer (model);
  g_autofree double *saliency_sum = g_new0 (double, length);
  g_autofree double *gradcam_sum = g_new0 (double, length);
  g_autofree float *saliency = g_new (float, sample);
  g_autofree float *cam = g_new (float, length);
  int explained = 0;
  cw_error err;
  cw_error_clear (&err);

  for (int i = 0; i < inputs->n; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      int first, last;
      outputs_for_row (inputs, i, &first, &last);
      for (int o = first; o <= last; o++)
        {
          const float *xi = x + i * sample;
          if (cw_saliency_gradient_input (model, xi, o, saliency, NULL, &err) != CW_OK)
            return engine_failed (error, "Gradient × input failed", &err);
          for (int c = 0; c < channels; c++)
            for (int t = 0; t < length; t++)
              saliency_sum[t] += fabs (saliency[(gsize) c * length + t]) / channels;
          if (result->gradcam_layer >= 0)
            {
              if (cw_saliency_gradcam (model, xi, o, result->gradcam_layer, NULL, cam, &err) != CW_OK)
                return engine_failed (error, "Grad-CAM failed", &err);
              for (int t = 0; t < length; t++)
                gradcam_sum[t] += cam[t];
            }
          explained++;
        }
    }

  result->saliency = g_new (float, length);
  for (int t = 0; t < length; t++)
    result->saliency[t] = (float) (saliency_sum[t] / MAX (explained, 1));
  if (result->gradcam_layer >= 0)
    {
      result->gradcam = g_new (float, length);
      for (int t = 0; t < length; t++)
        result->gradcam[t] = (float) (gradcam_sum[t] / MAX (explained, 1));
    }
  return TRUE;
}

CwSaliencyResult *
cw_saliency_job_run (CwCompareInputs *inputs, GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (inputs != NULL && inputs->model != NULL, NULL);

  cw_model *model = cw_compare_inputs_dup_model (inputs);
  if (model == NULL)
    {
      g_set_error_literal (error, CW_PROJECT_ERROR, CW_ERR_NOMEM, "The CNN could not be copied.");
      return NULL;
    }
  g_autoptr (CwSaliencyResult) result = g_atomic_rc_box_new0 (CwSaliencyResult);
  result->n = inputs->n;
  result->k = inputs->k;
  result->gradcam_layer = -1;
  gboolean ok = predict_rows (inputs, model, result, error)
                && explain_rows (inputs, model, result, cancellable, error);
  cw_model_free (model);
  return ok ? g_steal_pointer (&result) : NULL;
}

static void
run_in_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  HANDOFF_ACQUIRE (task_data); /* the inputs the main thread gathered */
  GError *error = NULL;
  CwSaliencyResult *result = cw_saliency_job_run (task_data, cancellable, &error);
  HANDOFF_RELEASE (task);       /* the result, to the callback's finish */
  if (result != NULL)
    g_task_return_pointer (task, result, (GDestroyNotify) cw_saliency_result_unref);
  else
    g_task_return_error (task, error);
}

void
cw_saliency_job_run_async (CwCompareInputs *inputs, GCancellable *cancellable, GAsyncReadyCallback callback,
                           gpointer user_data)
{
  g_return_if_fail (inputs != NULL && inputs->model != NULL);
  /* No source object: the last unref of a widget must never happen on the worker. */
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cw_saliency_job_run_async);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_set_task_data (task, cw_compare_inputs_ref (inputs), (GDestroyNotify) cw_compare_inputs_unref);
  HANDOFF_RELEASE (inputs);
  cw_task_run_in_background (task, run_in_thread);
}

CwSaliencyResult *
cw_saliency_job_run_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  HANDOFF_ACQUIRE (result);
  return g_task_propagate_pointer (G_TASK (result), error);
}
