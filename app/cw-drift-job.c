/* cw-drift-job.c — the drift stress test in a GTask worker, and the verdict it leads to. */
#include "cw-background.h"
#include "cw-drift-job.h"

#include "cw-tsan-private.h"

#include <math.h>
#include <string.h>

/* ---- names ---- */

const char *
cw_drift_kind_title (cw_drift_kind kind)
{
  switch (kind)
    {
    case CW_DRIFT_SHIFT: return "Wavelength shift";
    case CW_DRIFT_OFFSET: return "Baseline offset";
    case CW_DRIFT_SLOPE: return "Baseline slope";
    case CW_DRIFT_SCALE: return "Multiplicative scale";
    case CW_DRIFT_NOISE: return "Added noise";
    default: return "Drift";
    }
}

/* The same in a sentence. */
static const char *
kind_phrase (cw_drift_kind kind)
{
  switch (kind)
    {
    case CW_DRIFT_SHIFT: return "wavelength shift";
    case CW_DRIFT_OFFSET: return "baseline offset";
    case CW_DRIFT_SLOPE: return "baseline slope";
    case CW_DRIFT_SCALE: return "multiplicative scaling";
    case CW_DRIFT_NOISE: return "added noise";
    default: return "drift";
    }
}

const char *
cw_drift_kind_axis_label (cw_drift_kind kind)
{
  switch (kind)
    {
    case CW_DRIFT_SHIFT: return "Shift (points)";
    case CW_DRIFT_OFFSET: return "Offset (% of range)";
    case CW_DRIFT_SLOPE: return "Rise (% of range)";
    case CW_DRIFT_SCALE: return "Scale (%)";
    case CW_DRIFT_NOISE: return "Noise SD (% of range)";
    default: return "Size";
    }
}

const char *
cw_drift_model_name (CwDriftModel model)
{
  return model == CW_DRIFT_MODEL_CNN ? "CNN" : "PLS";
}

/* ---- result ---- */

static void
result_clear (gpointer data)
{
  HANDOFF_ACQUIRE (data); /* every thread's writes before its last unref */
  CwDriftResult *result = data;
  g_free (result->metric_label);
}

CwDriftResult *
cw_drift_result_ref (CwDriftResult *result)
{
  return g_atomic_rc_box_acquire (result);
}

void
cw_drift_result_unref (CwDriftResult *result)
{
  HANDOFF_RELEASE (result); /* what this thread wrote, to whichever thread clears */
  g_atomic_rc_box_release_full (result, result_clear);
}

/* How much a model's error grows over the sweep: the mean increase over the non-zero sizes, so one
 * unlucky step does not decide the verdict. */
static double
mean_increase (const double *error)
{
  double sum = 0;
  for (int s = 1; s < CW_DRIFT_STEPS; s++)
    sum += error[s] - error[0];
  return sum / (CW_DRIFT_STEPS - 1);
}

static char *
format_error (const CwDriftResult *result, double value)
{
  return result->classification ? g_strdup_printf ("%.1f %%", value) : g_strdup_printf ("%.3g", value);
}

char *
cw_drift_result_verdict (const CwDriftResult *result, cw_drift_kind kind)
{
  g_return_val_if_fail (result != NULL && kind >= 0 && kind < CW_DRIFT_N_KINDS, NULL);
  const char *what = kind_phrase (kind);
  const char *metric = result->classification ? "error rate" : "RMSEP";

  /* "Affected" means a growth that matters against the models' own error: 2 % of it for RMSEP, half a
   * percentage point of error rate for classes (which may start at 0). */
  double base = 0;
  int tested = 0;
  for (int m = 0; m < CW_DRIFT_N_MODELS; m++)
    if (result->has_model[m])
      {
        base = MAX (base, result->error[kind][m][0]);
        tested++;
      }
  double tolerance = result->classification ? 0.5 : MAX (0.02 * base, 1e-12);

  double growth[CW_DRIFT_N_MODELS];
  gboolean affected[CW_DRIFT_N_MODELS];
  for (int m = 0; m < CW_DRIFT_N_MODELS; m++)
    {
      growth[m] = result->has_model[m] ? mean_increase (result->error[kind][m]) : NAN;
      affected[m] = result->has_model[m] && growth[m] > tolerance;
    }

  if (tested == 1)
    {
      CwDriftModel m = result->has_model[CW_DRIFT_MODEL_CNN] ? CW_DRIFT_MODEL_CNN : CW_DRIFT_MODEL_PLS;
      if (!affected[m])
        return g_strdup_printf ("%s is unaffected by %s", cw_drift_model_name (m), what);
      g_autofree char *from = format_error (result, result->error[kind][m][0]);
      g_autofree char *to = format_error (result, result->error[kind][m][CW_DRIFT_STEPS - 1]);
      return g_strdup_printf ("%s's %s grows from %s to %s under %s", cw_drift_model_name (m), metric, from, to,
                              what);
    }

  if (!affected[CW_DRIFT_MODEL_CNN] && !affected[CW_DRIFT_MODEL_PLS])
    return g_strdup_printf ("Neither model is affected by %s", what);
  if (affected[CW_DRIFT_MODEL_CNN] != affected[CW_DRIFT_MODEL_PLS])
    {
      CwDriftModel m = affected[CW_DRIFT_MODEL_CNN] ? CW_DRIFT_MODEL_CNN : CW_DRIFT_MODEL_PLS;
      g_autofree char *from = format_error (result, result->error[kind][m][0]);
      g_autofree char *to = format_error (result, result->error[kind][m][CW_DRIFT_STEPS - 1]);
      return g_strdup_printf ("Only %s degrades under %s (%s %s → %s)", cw_drift_model_name (m), what, metric,
                              from, to);
    }
  CwDriftModel worse = growth[CW_DRIFT_MODEL_PLS] > growth[CW_DRIFT_MODEL_CNN] ? CW_DRIFT_MODEL_PLS
                                                                              : CW_DRIFT_MODEL_CNN;
  CwDriftModel better = worse == CW_DRIFT_MODEL_PLS ? CW_DRIFT_MODEL_CNN : CW_DRIFT_MODEL_PLS;
  double ratio = growth[worse] / growth[better];
  if (ratio < 1.15)
    return g_strdup_printf ("CNN and PLS degrade alike under %s", what);
  return g_strdup_printf ("%s degrades %.1f× faster under %s", cw_drift_model_name (worse), ratio, what);
}

/* ---- the job ---- */

typedef struct
{
  CwCompareInputs *inputs;
  CwPlsResult *pls;
  CwDriftProgressFunc progress;
  gpointer progress_data;
  GMainContext *context;    /* where progress is reported */
} DriftJob;

static void
drift_job_free (DriftJob *job)
{
  g_clear_pointer (&job->inputs, cw_compare_inputs_unref);
  g_clear_pointer (&job->pls, cw_pls_result_unref);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_free (job);
}

typedef struct
{
  CwDriftProgressFunc progress;
  gpointer progress_data;
  GCancellable *cancellable;
  double fraction;
  char *what;
} ProgressReport;

static void
progress_report_free (gpointer data)
{
  ProgressReport *report = data;
  HANDOFF_ACQUIRE (report);
  g_clear_object (&report->cancellable);
  g_free (report->what);
  g_free (report);
}

static gboolean
deliver_progress (gpointer data)
{
  ProgressReport *report = data;
  HANDOFF_ACQUIRE (report);
  /* Cancelling happens on this same thread, so a cancelled caller never hears from us again. */
  if (report->cancellable == NULL || !g_cancellable_is_cancelled (report->cancellable))
    report->progress (report->fraction, report->what, report->progress_data);
  return G_SOURCE_REMOVE;
}

static void
post_progress (const DriftJob *job, GCancellable *cancellable, double fraction, const char *what)
{
  if (job->progress == NULL)
    return;
  ProgressReport *report = g_new0 (ProgressReport, 1);
  report->progress = job->progress;
  report->progress_data = job->progress_data;
  report->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  report->fraction = fraction;
  report->what = g_strdup (what);
  /* An idle source on the caller's context: g_main_context_invoke could run it here, in the worker. */
  GSource *source = g_idle_source_new ();
  /* The priority of the task's own completion, so a report never arrives after the answer. */
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, deliver_progress, report, progress_report_free);
  HANDOFF_RELEASE (report);
  g_source_attach (source, job->context);
  g_source_unref (source);
}

/* The error of one model's n x q outputs on the test rows: RMSEP pooled over rows and responses, summed
 * in row order as cw_drift_curve does, or the error rate in %. */
static double
model_error (const CwCompareInputs *inputs, const double *truth, const double *out, int q)
{
  int n = inputs->n;
  if (inputs->task == CW_TASK_REGRESSION)
    {
      double sse = 0;
      for (gsize i = 0; i < (gsize) n * q; i++)
        sse += (truth[i] - out[i]) * (truth[i] - out[i]);
      return sqrt (sse / ((double) n * q));
    }
  g_autofree int *classes = g_new (int, n);
  cw_compare_classes_from_outputs (out, n, q, classes);
  int wrong = 0;
  for (int i = 0; i < n; i++)
    wrong += classes[i] != inputs->classes[i];
  return 100.0 * wrong / n;
}

typedef struct
{
  cw_predictor predictor;
  const double *x;      /* the raw rows this model reads */
  const double *truth;  /* n x q regression targets as this model was scored (NULL for classes) */
  int q;
} ModelRun;

static double
data_range (const double *x, gsize count)
{
  double lo = INFINITY, hi = -INFINITY;
  for (gsize i = 0; i < count; i++)
    {
      lo = fmin (lo, x[i]);
      hi = fmax (hi, x[i]);
    }
  return hi > lo ? hi - lo : 1.0;
}

static CwDriftResult *
run_sweeps (DriftJob *job, GCancellable *cancellable, GError **error)
{
  CwCompareInputs *inputs = job->inputs;
  int n = inputs->n, channels = inputs->channels, length = inputs->length;
  gsize values = (gsize) n * channels * length;

  g_autoptr (CwDriftResult) result = g_atomic_rc_box_new0 (CwDriftResult);
  result->classification = inputs->task != CW_TASK_REGRESSION;
  result->metric_label = result->classification ? g_strdup ("Error rate (%)")
                                                : g_strdup_printf ("RMSEP (%s)", inputs->target_name);

  /* The CNN reads the float signals: widened, they perturb in double and narrow back to the same floats
   * at size 0. PLS reads the doubles its job read. */
  g_autofree double *x_float = g_new (double, values);
  for (gsize i = 0; i < values; i++)
    x_float[i] = inputs->x[i];

  ModelRun runs[CW_DRIFT_N_MODELS] = { 0 };
  cw_model *model = cw_compare_inputs_dup_model (inputs);
  if (model != NULL)
    {
      result->has_model[CW_DRIFT_MODEL_CNN] = TRUE;
      runs[CW_DRIFT_MODEL_CNN] = (ModelRun) { .predictor = { .pipeline = inputs->pipeline, .model = model },
                                              .x = x_float, .truth = inputs->truth, .q = inputs->k };
    }
  if (job->pls != NULL)
    {
      result->has_model[CW_DRIFT_MODEL_PLS] = TRUE;
      result->pls_components = job->pls->chosen;
      runs[CW_DRIFT_MODEL_PLS] = (ModelRun) { .predictor = { .pipeline = job->pls->pipeline, .pls = job->pls->model,
                                                             .ncomp = job->pls->chosen },
                                              .x = inputs->x64, .truth = job->pls->test_truth, .q = job->pls->q };
    }

  /* One set of sizes for both models. */
  result->data_range = data_range (inputs->x64, values);
  for (int kind = 0; kind < CW_DRIFT_N_KINDS; kind++)
    {
      cw_drift_default_sizes (kind, inputs->x64, n, channels, length, result->sizes[kind]);
      for (int s = 0; s < CW_DRIFT_STEPS; s++)
        {
          double size = result->sizes[kind][s];
          result->shown[kind][s] = kind == CW_DRIFT_SHIFT ? size
                                   : kind == CW_DRIFT_SCALE ? 100.0 * size
                                   : 100.0 * size / result->data_range;
          for (int m = 0; m < CW_DRIFT_N_MODELS; m++)
            result->error[kind][m][s] = NAN;
        }
    }

  int models = result->has_model[CW_DRIFT_MODEL_CNN] + result->has_model[CW_DRIFT_MODEL_PLS];
  int total = CW_DRIFT_N_KINDS * CW_DRIFT_STEPS * models, done = 0;
  g_autofree double *perturbed = g_new (double, values);
  g_autofree double *out = NULL;
  gboolean ok = TRUE;
  cw_error err;
  cw_error_clear (&err);

  for (int kind = 0; ok && kind < CW_DRIFT_N_KINDS; kind++)
    for (int m = 0; ok && m < CW_DRIFT_N_MODELS; m++)
      {
        if (!result->has_model[m])
          continue;
        ModelRun *run = &runs[m];
        g_autofree char *what = g_strdup_printf ("%s · %s", cw_drift_kind_title (kind), cw_drift_model_name (m));
        out = g_renew (double, out, (gsize) n * run->q);
        for (int s = 0; ok && s < CW_DRIFT_STEPS; s++)
          {
            if (g_cancellable_set_error_if_cancelled (cancellable, error))
              {
                ok = FALSE;
                break;
              }
            /* The same noise seed at every size, so the noise pattern only grows along the curve. */
            cw_drift_apply (kind, result->sizes[kind][s], inputs->seed, run->x, n, channels, length, perturbed);
            if (cw_predictor_predict (&run->predictor, perturbed, n, out, &err) != CW_OK)
              {
                g_set_error (error, CW_PROJECT_ERROR, err.status, "%s could not predict the perturbed rows: %s",
                             cw_drift_model_name (m), err.message);
                ok = FALSE;
                break;
              }
            result->error[kind][m][s] = model_error (inputs, run->truth, out, run->q);
            post_progress (job, cancellable, (double) ++done / total, what);
          }
      }
  g_clear_pointer (&model, cw_model_free);
  return ok ? g_steal_pointer (&result) : NULL;
}

static gboolean
check_job (DriftJob *job, GError **error)
{
  CwCompareInputs *inputs = job->inputs;
  if (inputs->model == NULL && job->pls == NULL)
    {
      g_set_error_literal (error, CW_PROJECT_ERROR, CW_ERR_INVALID_ARGUMENT,
                           "There is no model to test: train the CNN or fit PLS first.");
      return FALSE;
    }
  /* PLS must have been scored on these very rows, or the two curves would not be comparable. */
  CwPlsResult *pls = job->pls;
  if (pls != NULL && (pls->n_test != inputs->n || pls->chosen < 1 || pls->in_length != inputs->length
                      || pls->channels != inputs->channels
                      || memcmp (pls->test_rows, inputs->rows, (gsize) inputs->n * sizeof (int)) != 0))
    {
      g_set_error_literal (error, CW_PROJECT_ERROR, CW_ERR_INVALID_ARGUMENT,
                           "The PLS model was fitted for another split of the data: fit it again.");
      return FALSE;
    }
  return TRUE;
}

CwDriftResult *
cw_drift_job_run (CwCompareInputs *inputs, CwPlsResult *pls, GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (inputs != NULL, NULL);
  DriftJob job = { .inputs = inputs, .pls = pls };
  if (!check_job (&job, error))
    return NULL;
  return run_sweeps (&job, cancellable, error);
}

static void
run_in_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  HANDOFF_ACQUIRE (task_data); /* the job the main thread set up */
  GError *error = NULL;
  CwDriftResult *result = run_sweeps (task_data, cancellable, &error);
  HANDOFF_RELEASE (task);       /* the result, to the callback's finish */
  if (result != NULL)
    g_task_return_pointer (task, result, (GDestroyNotify) cw_drift_result_unref);
  else
    g_task_return_error (task, error);
}

void
cw_drift_job_run_async (CwCompareInputs *inputs, CwPlsResult *pls, GCancellable *cancellable,
                        CwDriftProgressFunc progress, gpointer progress_data, GAsyncReadyCallback callback,
                        gpointer user_data)
{
  g_return_if_fail (inputs != NULL);
  DriftJob *job = g_new0 (DriftJob, 1);
  job->inputs = cw_compare_inputs_ref (inputs);
  job->pls = pls ? cw_pls_result_ref (pls) : NULL;
  job->progress = progress;
  job->progress_data = progress_data;
  job->context = g_main_context_ref_thread_default ();

  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cw_drift_job_run_async);
  g_task_set_task_data (task, job, (GDestroyNotify) drift_job_free);
  GError *error = NULL;
  if (!check_job (job, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_return_on_cancel (task, TRUE);
  HANDOFF_RELEASE (job);
  cw_task_run_in_background (task, run_in_thread);
}

CwDriftResult *
cw_drift_job_run_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  HANDOFF_ACQUIRE (result);
  return g_task_propagate_pointer (G_TASK (result), error);
}
