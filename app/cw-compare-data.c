/* cw-compare-data.c — the Compare page's inputs taken from the project, the model copy its workers run,
 * and the metrics both models are judged by. */
#include "cw-compare-data.h"

#include "cw-tsan-private.h"

#include <math.h>
#include <string.h>

/* ---- the CNN ---- */

cw_model *
cw_compare_copy_model (cw_model *model, cw_error *err)
{
  g_return_val_if_fail (model != NULL, NULL);
  cw_error_clear (err);
  cw_model *copy = cw_model_copy (model);
  if (copy == NULL)
    {
      /* only an allocation failure or a model the engine no longer accepts gets here */
      cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "The model could not be copied.");
      return NULL;
    }
  /* One thread per copy: the page's workers run beside training and each other. */
  cw_model_set_threads (copy, 1);
  return copy;
}

cw_model *
cw_compare_inputs_dup_model (const CwCompareInputs *inputs)
{
  g_return_val_if_fail (inputs != NULL, NULL);
  if (inputs->model == NULL)
    return NULL;
  return cw_compare_copy_model (inputs->model, NULL);
}

gboolean
cw_compare_pipeline_keeps_axis (const cw_pipeline *pipeline)
{
  for (int i = 0; pipeline && i < cw_pipeline_count (pipeline); i++)
    if (cw_pipeline_get (pipeline, i)->kind == CW_PRE_PCA)
      return FALSE;
  return TRUE;
}

/* ---- inputs ---- */

static void
inputs_clear (gpointer data)
{
  HANDOFF_ACQUIRE (data); /* every thread's writes before its last unref */
  CwCompareInputs *inputs = data;
  g_free (inputs->rows);
  g_free (inputs->x);
  g_free (inputs->x64);
  g_free (inputs->y);
  g_free (inputs->truth);
  g_free (inputs->classes);
  g_free (inputs->axis);
  g_free (inputs->mean_spectrum);
  g_free (inputs->axis_label);
  g_free (inputs->target_name);
  g_strfreev (inputs->class_names);
  g_clear_pointer (&inputs->model, cw_model_free);
  g_clear_pointer (&inputs->pipeline, cw_pipeline_free);
  g_free (inputs->model_preprocessing);
  g_free (inputs->model_axis);
  g_free (inputs->cnn_recipe);
  g_free (inputs->cnn_kept);
  g_free (inputs->cnn_validation);
  g_free (inputs->cnn_problem);
}

CwCompareInputs *
cw_compare_inputs_ref (CwCompareInputs *inputs)
{
  return g_atomic_rc_box_acquire (inputs);
}

void
cw_compare_inputs_unref (CwCompareInputs *inputs)
{
  HANDOFF_RELEASE (inputs); /* what this thread wrote, to whichever thread clears */
  g_atomic_rc_box_release_full (inputs, inputs_clear);
}

static void
take_raw_rows (CwCompareInputs *inputs, CwProject *project, const float *x, const float *y,
               const unsigned char *is_test)
{
  const cw_dataset *ds = cw_project_get_dataset (project);
  int rows = cw_dataset_n_samples (ds);
  gsize sample = (gsize) inputs->channels * inputs->length;
  /* PLS's doubles exactly as the PLS job reads them (cw_chemo_data_from_dataset), so that the stress
   * test at size 0 reproduces its test error to the last bit; the parsed doubles when that refuses. */
  cw_chemo_data chemo = { 0 };
  int target = cw_project_get_target (project);
  gboolean have_chemo = cw_chemo_data_from_dataset (ds, inputs->task, &target, 1, &chemo, NULL) == CW_OK;
  const double *x64 = have_chemo ? chemo.x : cw_dataset_signals_f64 (ds);
  inputs->rows = g_new (int, inputs->n);
  inputs->x = g_new (float, inputs->n * sample);
  inputs->x64 = g_new (double, inputs->n * sample);
  inputs->y = g_new (float, (gsize) inputs->n * inputs->k);
  for (int i = 0, j = 0; i < rows; i++)
    if (is_test[i])
      {
        inputs->rows[j] = i;
        memcpy (inputs->x + j * sample, x + i * sample, sample * sizeof (float));
        memcpy (inputs->x64 + j * sample, x64 + i * sample, sample * sizeof (double));
        memcpy (inputs->y + (gsize) j * inputs->k, y + (gsize) i * inputs->k, (gsize) inputs->k * sizeof (float));
        j++;
      }
  if (have_chemo)
    cw_chemo_data_clear (&chemo);

  if (inputs->task == CW_TASK_REGRESSION)
    {
      inputs->truth = g_new (double, (gsize) inputs->n * inputs->k);
      for (gsize i = 0; i < (gsize) inputs->n * inputs->k; i++)
        inputs->truth[i] = inputs->y[i];
    }
  else
    {
      g_autofree double *wide = g_new (double, (gsize) inputs->n * inputs->k);
      for (gsize i = 0; i < (gsize) inputs->n * inputs->k; i++)
        wide[i] = inputs->y[i];
      inputs->classes = g_new (int, inputs->n);
      cw_compare_classes_from_outputs (wide, inputs->n, inputs->k, inputs->classes);
    }

  /* Positions stand in for a header that is not a number, as the other pages do. */
  const double *axis = cw_dataset_axis (ds);
  inputs->axis = g_new (double, inputs->length);
  gboolean numeric = TRUE;
  for (int t = 0; t < inputs->length; t++)
    numeric = numeric && isfinite (axis[t]);
  for (int t = 0; t < inputs->length; t++)
    inputs->axis[t] = numeric ? axis[t] : t;

  /* The mean of every row, not just the test rows: it is the backdrop that says where the bands are. */
  inputs->mean_spectrum = g_new0 (float, inputs->length);
  g_autofree double *sum = g_new0 (double, inputs->length);
  for (gsize i = 0; i < (gsize) rows * inputs->channels; i++)
    for (int t = 0; t < inputs->length; t++)
      sum[t] += x[i * inputs->length + t];
  for (int t = 0; t < inputs->length; t++)
    inputs->mean_spectrum[t] = (float) (sum[t] / ((double) rows * inputs->channels));
}

/* The CNN, when one is trained and still fits the data, task and (preprocessed) length. */
static void
take_model (CwCompareInputs *inputs, CwProject *project)
{
  cw_model *model = cw_project_get_model (project);
  if (model == NULL)
    {
      inputs->cnn_problem = g_strdup ("No CNN is trained yet.");
      return;
    }
  cw_pipeline *pipeline = cw_project_dup_model_pipeline (project);
  const char *trained_with = cw_project_get_model_preprocessing (project);
  if (pipeline == NULL && trained_with != NULL && *trained_with != '\0')
    {
      inputs->cnn_problem = g_strdup_printf ("The CNN's preprocessing (%s) no longer fits the data: train it again.",
                                             trained_with);
      return;
    }
  int length = pipeline != NULL ? cw_pipeline_out_length (pipeline) : inputs->length;
  if (cw_model_task (model) != inputs->task || cw_model_n_outputs (model) != inputs->k
      || cw_model_in_channels (model) != inputs->channels || cw_model_in_length (model) != length
      || (pipeline != NULL && cw_pipeline_in_length (pipeline) != inputs->length))
    {
      g_clear_pointer (&pipeline, cw_pipeline_free);
      inputs->cnn_problem = g_strdup ("The trained CNN was made for other data or another target: train it again.");
      return;
    }

  cw_error err;
  cw_error_clear (&err);
  inputs->model = cw_compare_copy_model (model, &err);
  if (inputs->model == NULL)
    {
      g_clear_pointer (&pipeline, cw_pipeline_free);
      inputs->cnn_problem = g_strdup_printf ("The trained CNN could not be copied: %s", err.message);
      return;
    }
  inputs->pipeline = pipeline;
  inputs->model_preprocessing = g_strdup (trained_with ? trained_with : "");
  inputs->model_length = length;
  inputs->model_on_axis = cw_compare_pipeline_keeps_axis (pipeline);
  inputs->model_axis = g_new (double, length);
  if (pipeline != NULL)
    memcpy (inputs->model_axis, cw_pipeline_out_axis (pipeline), (gsize) length * sizeof (double));
  else
    memcpy (inputs->model_axis, inputs->axis, (gsize) length * sizeof (double));

  const cw_history *hist = cw_project_get_history (project);
  if (hist != NULL)
    {
      inputs->epochs = hist->epochs;
      inputs->best_epoch = hist->best_epoch;
    }
  inputs->cnn_recipe = g_strdup (cw_model_get_info (model, "recipe"));
  inputs->cnn_kept = g_strdup (cw_model_get_info (model, "kept_weights"));
  inputs->cnn_validation = g_strdup (cw_model_get_info (model, "cv_score"));
  inputs->cnn_members = cw_model_n_members (model);
}

CwCompareInputs *
cw_compare_inputs_new (CwProject *project, GError **error)
{
  g_return_val_if_fail (CW_IS_PROJECT (project), NULL);

  if (cw_project_get_task (project) == CW_TASK_MULTILABEL)
    {
      g_set_error_literal (error, CW_PROJECT_ERROR, CW_ERR_INVALID_ARGUMENT,
                           "The comparison covers regression and single-label classes, not several labels per row.");
      return NULL;
    }
  g_autofree float *x = NULL;
  g_autofree float *y = NULL;
  g_autofree unsigned char *is_test = NULL;
  int k = 0;
  CwRowRoles roles;
  if (!cw_project_build_training_data (project, &x, &y, &k, error)
      || !cw_project_compute_rows (project, NULL, &roles, error))
    return NULL;
  const cw_dataset *ds = cw_project_get_dataset (project);
  int n_test = roles.counts[CW_ROLE_TEST];
  is_test = g_new0 (unsigned char, MAX (roles.n, 1));
  for (int i = 0; i < roles.n; i++)
    is_test[i] = roles.roles[i] == CW_ROLE_TEST;
  cw_row_roles_clear (&roles);
  if (n_test == 0)
    {
      g_set_error_literal (error, CW_PROJECT_ERROR, CW_ERR_INVALID_ARGUMENT,
                           "There are no test rows: choose them on the Data page (a split column, a meta "
                           "column's value or a random share).");
      return NULL;
    }

  CwCompareInputs *inputs = g_atomic_rc_box_new0 (CwCompareInputs);
  inputs->task = cw_project_get_task (project);
  inputs->n = n_test;
  inputs->channels = cw_dataset_n_channels (ds);
  inputs->length = cw_dataset_length (ds);
  inputs->k = k;
  inputs->seed = cw_project_get_train_config (project)->seed;
  inputs->axis_label = cw_project_dup_axis_label (project);

  int target = cw_project_get_target (project);
  inputs->target_name = g_strdup (cw_dataset_target_name (ds, target));
  if (inputs->task != CW_TASK_REGRESSION)
    {
      inputs->n_classes = cw_dataset_target_is_categorical (ds, target) ? cw_dataset_n_classes (ds, target)
                                                                          : MAX (k, 2);
      inputs->class_names = g_new0 (char *, inputs->n_classes + 1);
      for (int c = 0; c < inputs->n_classes; c++)
        inputs->class_names[c] = cw_dataset_target_is_categorical (ds, target)
                                 ? g_strdup (cw_dataset_class_name (ds, target, c))
                                 : g_strdup_printf ("class %d", c);
    }

  take_raw_rows (inputs, project, x, y, is_test);
  take_model (inputs, project);
  return inputs;
}

/* ---- metrics ---- */

void
cw_compare_metrics_regression (const double *truth, const double *pred, int n, int q, CwCompareMetrics *m)
{
  memset (m, 0, sizeof *m);
  m->n = n;
  m->accuracy = NAN;
  gsize count = (gsize) n * q;
  if (count == 0)
    {
      m->rmsep = m->r2 = m->mae = m->bias = NAN;
      return;
    }
  /* The sum in row order, exactly as cw_drift_curve does: the drift test's size 0 must reproduce it. */
  double sse = 0, sae = 0, sum = 0, mean = 0;
  for (gsize i = 0; i < count; i++)
    {
      double e = truth[i] - pred[i];
      sse += e * e;
      sae += fabs (e);
      sum += pred[i] - truth[i];
    }
  m->rmsep = sqrt (sse / (double) count);
  m->mae = sae / (double) count;
  m->bias = sum / (double) count;

  /* R² per response about that response's mean over these rows, pooled. */
  double sst = 0;
  for (int j = 0; j < q; j++)
    {
      mean = 0;
      for (int i = 0; i < n; i++)
        mean += truth[(gsize) i * q + j];
      mean /= n;
      for (int i = 0; i < n; i++)
        sst += (truth[(gsize) i * q + j] - mean) * (truth[(gsize) i * q + j] - mean);
    }
  m->r2 = sst > 0 ? 1.0 - sse / sst : NAN;

  /* The chemometric statistics (SEP, RPD) as the engine defines them for a test set. */
  cw_test_scores scores;
  m->sep = m->rpd = NAN;
  if (cw_test_scores_compute (truth, pred, n, q, false, &scores, NULL) == CW_OK)
    {
      m->sep = scores.sep;
      m->rpd = scores.rpd;
    }
}

gboolean
cw_compare_paired (const double *truth, const double *cnn, const double *pls, int n, int q, gboolean classification,
                   guint64 seed, cw_paired_comparison *out, char **message)
{
  cw_paired_config config = cw_paired_config_default ();
  config.seed = seed;
  cw_error err;
  cw_error_clear (&err);
  if (cw_paired_compare (&config, truth, cnn, pls, n, q, classification, out, &err) == CW_OK)
    return TRUE;
  if (message)
    *message = g_strdup (err.message);
  return FALSE;
}

char *
cw_compare_verdict (const cw_paired_comparison *c)
{
  gboolean significant = c->test.p_value < 0.05;
  /* mean < 0: the CNN's errors are the smaller (classes: accuracy2 - accuracy1 < 0). */
  const char *better = c->test.mean < 0 ? "the CNN" : c->test.mean > 0 ? "PLS" : NULL;
  g_autofree char *p = c->test.p_value < 0.001 ? g_strdup ("p < 0.001") : g_strdup_printf ("p = %.3g", c->test.p_value);
  const char *test = c->classification ? "exact McNemar test" : c->test.exact ? "exact paired sign-flip test"
                                                                              : "paired sign-flip test";
  int rows_cnn = c->first_better, rows_pls = c->second_better;
  g_autofree char *rows = c->classification
    ? g_strdup_printf ("only the CNN is right on %d row%s, only PLS on %d", rows_cnn, rows_cnn == 1 ? "" : "s", rows_pls)
    : g_strdup_printf ("the CNN is closer on %d of %d rows", rows_cnn, c->n);
  if (!better)
    return g_strdup_printf ("Verdict: a tie. The two models do equally well on these %d test rows (%s).", c->n,
                            rows);
  if (significant)
    return g_strdup_printf ("Verdict: %s predicts better. It is ahead on these %d test rows by more than chance "
                            "would give (%s; %s, %s).", c->test.mean < 0 ? "the CNN" : "PLS", c->n, rows, test, p);
  return g_strdup_printf ("Verdict: no clear winner. %s is ahead on these %d test rows, but by no more than "
                          "chance would give (%s; %s, %s).", c->test.mean < 0 ? "The CNN" : "PLS", c->n, rows, test,
                          p);
}

void
cw_compare_metrics_classes (const int *truth, const int *pred, int n, int n_classes, CwCompareMetrics *m)
{
  memset (m, 0, sizeof *m);
  m->n = n;
  m->rmsep = m->r2 = m->mae = m->bias = NAN;
  m->n_classes = n_classes;
  m->recall = g_new (double, MAX (n_classes, 1));
  g_autofree int *right = g_new0 (int, MAX (n_classes, 1));
  g_autofree int *total = g_new0 (int, MAX (n_classes, 1));
  int correct = 0;
  for (int i = 0; i < n; i++)
    {
      correct += truth[i] == pred[i];
      if (truth[i] >= 0 && truth[i] < n_classes)
        {
          total[truth[i]]++;
          right[truth[i]] += truth[i] == pred[i];
        }
    }
  m->accuracy = n > 0 ? (double) correct / n : NAN;
  for (int c = 0; c < n_classes; c++)
    m->recall[c] = total[c] > 0 ? (double) right[c] / total[c] : NAN;
}

void
cw_compare_metrics_clear (CwCompareMetrics *m)
{
  g_clear_pointer (&m->recall, g_free);
}

void
cw_compare_classes_from_outputs (const double *out, int n, int k, int *classes)
{
  for (int i = 0; i < n; i++)
    {
      const double *row = out + (gsize) i * k;
      if (k == 1)
        {
          classes[i] = row[0] >= 0.5;
          continue;
        }
      int best = 0;
      for (int c = 1; c < k; c++)
        if (row[c] > row[best])
          best = c;
      classes[i] = best;
    }
}
