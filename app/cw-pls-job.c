/* cw-pls-job.c — the PLS baseline off the main thread: a snapshot of the project's inputs is taken on
 * the main thread, the engine's CV driver and the diagnostics run in a GTask worker, and the answer is
 * an immutable CwPlsResult. */
#include "cw-background.h"
#include "cw-pls-job.h"

#include "cw-tsan-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

G_DEFINE_BOXED_TYPE (CwPlsResult, cw_pls_result, cw_pls_result_ref, cw_pls_result_unref)

/* ---- the result ---- */

static void
cw_pls_result_clear (CwPlsResult *self)
{
  HANDOFF_ACQUIRE (self); /* every thread's writes before its last unref */
  g_free (self->target_name);
  g_free (self->pipeline_text);
  g_free (self->cv_label);
  g_free (self->settings.group_column);
  g_free (self->is_test);
  g_free (self->fold);
  g_free (self->group);
  g_free (self->y);
  g_free (self->classes);
  double *arrays[] = { self->rmsec, self->r2c, self->rmsecv, self->rmsecv_se, self->q2, self->rmsep,
                       self->r2p, self->acc_c, self->acc_cv, self->acc_p, self->pred_cv, self->pred,
                       self->axis, self->mean_spectrum, self->scores, self->loadings, self->coefficients,
                       self->vip, self->explained_x, self->explained_y, self->t2, self->qres,
                       self->t2_limit, self->q_limit, self->test_truth, self->test_pred };
  for (size_t i = 0; i < G_N_ELEMENTS (arrays); i++)
    g_free (arrays[i]);
  g_free (self->prep_scores);
  g_free (self->nested_components);
  g_free (self->nested_prep);
  g_free (self->test_rows);
  g_free (self->test_class_truth);
  g_free (self->test_class_pred);
  g_clear_pointer (&self->pipeline, cw_pipeline_free);
  g_clear_pointer (&self->model, cw_pls_free);
}

CwPlsResult *
cw_pls_result_ref (CwPlsResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  return g_atomic_rc_box_acquire (result);
}

void
cw_pls_result_unref (CwPlsResult *result)
{
  g_return_if_fail (result != NULL);
  HANDOFF_RELEASE (result); /* what this thread wrote, to whichever thread clears */
  g_atomic_rc_box_release_full (result, (GDestroyNotify) cw_pls_result_clear);
}

static const double *
block (const double *array, int a, size_t size)
{
  return array + (size_t) (a - 1) * size;
}

const double *
cw_pls_result_coefficients (const CwPlsResult *result, int a)
{
  g_return_val_if_fail (result && a >= 1 && a <= result->n_components, NULL);
  return block (result->coefficients, a, (size_t) result->n_features * result->q);
}

const double *
cw_pls_result_vip (const CwPlsResult *result, int a)
{
  g_return_val_if_fail (result && a >= 1 && a <= result->n_components, NULL);
  return block (result->vip, a, (size_t) result->n_features);
}

const double *
cw_pls_result_t2 (const CwPlsResult *result, int a)
{
  g_return_val_if_fail (result && a >= 1 && a <= result->n_components, NULL);
  return block (result->t2, a, (size_t) result->n_rows);
}

const double *
cw_pls_result_q (const CwPlsResult *result, int a)
{
  g_return_val_if_fail (result && a >= 1 && a <= result->n_components, NULL);
  return block (result->qres, a, (size_t) result->n_rows);
}

const double *
cw_pls_result_pred (const CwPlsResult *result, int a)
{
  g_return_val_if_fail (result && a >= 1 && a <= result->n_components, NULL);
  return block (result->pred, a, (size_t) result->n_rows * result->q);
}

void
cw_pls_result_predict_f64 (const CwPlsResult *result, int a, const double *raw_x, int n, double *out)
{
  g_return_if_fail (result && a >= 1 && a <= result->n_components && (raw_x || n == 0) && out);
  if (n <= 0)
    return;
  g_autofree double *processed = g_new (double, (size_t) n * result->n_features);
  cw_pipeline_apply (result->pipeline, raw_x, n, processed);
  cw_pls_predict (result->model, a, processed, n, out);
}

void
cw_pls_result_predict (const CwPlsResult *result, int a, const float *raw_x, int n, double *out)
{
  g_return_if_fail (result && a >= 1 && a <= result->n_components && (raw_x || n == 0) && out);
  if (n <= 0)
    return;
  size_t in_size = (size_t) n * result->channels * result->in_length;
  g_autofree double *x = g_new (double, in_size);
  for (size_t i = 0; i < in_size; i++)
    x[i] = raw_x[i];
  cw_pls_result_predict_f64 (result, a, x, n, out);
}

/* ---- the candidate preprocessings ---- */

static const struct
{
  const char *text, *label;
} prep_candidates[] = {
  { "center", "none" },
  { "snv center", "SNV" },
  { "msc center", "MSC" },
  { "sg(11,2,1) center", "sg(11,2,1)" },
  { "snv sg(11,2,1) center", "SNV + sg(11,2,1)" },
  { "sg(15,2,2) center", "sg(15,2,2)" },
};

int
cw_pls_job_n_prep_candidates (void)
{
  return (int) G_N_ELEMENTS (prep_candidates);
}

const char *
cw_pls_job_prep_candidate (int index, const char **label)
{
  g_return_val_if_fail (index >= 0 && index < (int) G_N_ELEMENTS (prep_candidates), NULL);
  if (label)
    *label = prep_candidates[index].label;
  return prep_candidates[index].text;
}

/* ---- what the worker takes from the project ---- */

typedef struct
{
  cw_chemo_data data;          /* owned: doubles of every row, axis, encoded targets */
  unsigned char *is_test;      /* n: the project's test rows */
  int *cnn_fold;               /* n: the CNN's CV folds of the training rows (-1 elsewhere); NULL when the
                                  CNN does not cross-validate */
  int cnn_n_folds;
  int *group;                  /* n group ids of settings.group_column's values; NULL = no grouping */
  int *cnn_group;              /* n group ids of the rows' group column when the CNN's folds keep groups
                                  together (the nested CV's inner folds do too); NULL = none */
  guint64 rows_seed;           /* the seed of the CNN's folds: the nested CV's inner folds draw from it */
  CwPlsPrepMode prep_mode;     /* PROJECT or CV */
  char *pipeline_text;
  char *target_name;
  CwPlsSettings settings;
  cw_task task;
  int target, n_classes, threads;
  guint64 seed;
} JobInput;

static void
job_input_free (JobInput *input)
{
  cw_chemo_data_clear (&input->data);
  g_free (input->is_test);
  g_free (input->cnn_fold);
  g_free (input->group);
  g_free (input->cnn_group);
  g_free (input->settings.group_column);
  g_free (input->pipeline_text);
  g_free (input->target_name);
  g_free (input);
}

static gboolean
set_engine_error (GError **error, const cw_error *err, const char *prefix)
{
  g_set_error (error, CW_PROJECT_ERROR, err->status ? (int) err->status : CW_ERR_INVALID_ARGUMENT, "%s%s",
               prefix ? prefix : "", err->message);
  return FALSE;
}

static gboolean take_groups (const cw_dataset *ds, const char *column, int **group_out, GError **error);

/* The project's test rows are PLS's test rows; everything else calibrates. When the CNN cross-validates,
 * PLS takes its very folds, so both choose on the same partitions of the training rows (and the nested
 * CV's inner folds keep the rows' groups together as those folds do). */
static gboolean
take_rows (CwProject *project, JobInput *input, GError **error)
{
  const CwRowSettings *settings = cw_project_get_row_settings (project);
  input->rows_seed = settings->seed;
  CwRowRoles rows;
  if (!cw_project_compute_rows (project, NULL, &rows, error))
    return FALSE;
  input->is_test = g_new0 (unsigned char, MAX (rows.n, 1));
  for (int i = 0; i < rows.n; i++)
    input->is_test[i] = rows.roles[i] == CW_ROLE_TEST;
  if (rows.fold)
    {
      input->cnn_fold = g_steal_pointer (&rows.fold);
      input->cnn_n_folds = rows.n_folds;
    }
  cw_row_roles_clear (&rows);
  if (input->cnn_fold && settings->group_column
      && !take_groups (cw_project_get_dataset (project), settings->group_column, &input->cnn_group, error))
    return FALSE;
  return TRUE;
}

/* Group ids by the text of a meta column (equal texts, empty ones included, share an id), as
 * cw_cv_plan_grouped_by_meta makes them: the worker has no dataset to ask. */
static gboolean
take_groups (const cw_dataset *ds, const char *column, int **group_out, GError **error)
{
  int col = cw_dataset_find_meta (ds, column);
  if (col < 0)
    {
      g_set_error (error, CW_PROJECT_ERROR, CW_ERR_INVALID_ARGUMENT,
                   "The data has no meta column “%s” to keep rows together by: choose another in “Keep "
                   "together by”.", column);
      return FALSE;
    }
  int n = cw_dataset_n_samples (ds);
  int *group = g_new (int, MAX (n, 1));
  g_autoptr (GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  for (int i = 0; i < n; i++)
    {
      const char *value = cw_dataset_meta_value (ds, i, col);
      if (!value)
        value = "";
      gpointer id;
      if (!g_hash_table_lookup_extended (ids, value, NULL, &id))
        {
          id = GINT_TO_POINTER (g_hash_table_size (ids));
          g_hash_table_insert (ids, (gpointer) value, id);
        }
      group[i] = GPOINTER_TO_INT (id);
    }
  *group_out = group;
  return TRUE;
}

static JobInput *
job_input_new (CwProject *project, GError **error)
{
  const cw_dataset *ds = cw_project_get_dataset (project);
  int target = cw_project_get_target (project);
  if (!ds || cw_dataset_n_samples (ds) == 0)
    {
      g_set_error (error, CW_PROJECT_ERROR, CW_ERR_INVALID_ARGUMENT, "There is no data to fit PLS on.");
      return NULL;
    }
  if (target < 0 || target >= cw_dataset_n_targets (ds))
    {
      g_set_error (error, CW_PROJECT_ERROR, CW_ERR_INVALID_ARGUMENT,
                   "Choose a target column to fit PLS on.");
      return NULL;
    }

  g_autoptr (GError) local_error = NULL;
  JobInput *input = g_new0 (JobInput, 1);
  input->task = cw_project_get_task (project);
  if (input->task == CW_TASK_MULTILABEL)
    input->task = CW_TASK_REGRESSION; /* one column: PLS1 on its 0/1 values */
  input->target = target;
  input->target_name = g_strdup (cw_dataset_target_name (ds, target));
  input->n_classes = input->task == CW_TASK_REGRESSION ? 0 : cw_dataset_n_classes (ds, target);
  input->settings = *cw_project_get_pls_settings (project);
  input->settings.group_column = g_strdup (input->settings.group_column);
  input->prep_mode = cw_project_get_pls_prep_mode (project);
  input->pipeline_text = g_strdup (cw_project_get_preprocessing (project));
  input->seed = cw_project_get_train_config (project)->seed;
  input->threads = MAX (cw_project_get_threads (project), 1);

  cw_error err = { 0 };
  if (cw_chemo_data_from_dataset (ds, input->task, &target, 1, &input->data, &err) != CW_OK)
    {
      set_engine_error (error, &err, "PLS cannot use this target: ");
      job_input_free (input);
      return NULL;
    }
  if (!take_rows (project, input, error)
      || (input->settings.group_column && !take_groups (ds, input->settings.group_column, &input->group, error)))
    {
      job_input_free (input);
      return NULL;
    }
  /* The most components worth evaluating: fewer than the calibration rows, and than the features. */
  if (input->settings.max_components <= 0)
    {
      int n_cal = 0;
      for (int i = 0; i < input->data.n; i++)
        n_cal += !input->is_test[i];
      /* The candidates keep the signal's length; the project's preprocessing may shorten it. */
      int length = input->prep_mode == CW_PLS_PREP_CV ? cw_dataset_length (ds) : cw_project_get_input_length (project);
      int features = cw_dataset_n_channels (ds) * MAX (length, 1);
      input->settings.max_components = MAX (MIN (MIN (n_cal - 1, 30), features), 1);
    }
  return input;
}

/* ---- the worker ---- */

static gboolean
build_plan (const JobInput *input, cw_cv_plan *plan, GError **error)
{
  cw_error err = { 0 };
  cw_cv_plan_init (plan, input->data.n);
  if (cw_cv_plan_test_rows (plan, input->is_test, &err) != CW_OK)
    return set_engine_error (error, &err, NULL);
  int n_cal = cw_cv_plan_n_calibration (plan);
  if (n_cal < 3)
    {
      g_set_error (error, CW_PROJECT_ERROR, CW_ERR_INVALID_ARGUMENT,
                   "PLS needs at least 3 calibration rows; the test rows leave %d.", n_cal);
      return FALSE;
    }
  if (input->cnn_fold)
    {
      /* The CNN's folds: PLS's components are chosen on the same partitions its epochs and recipe are. */
      memcpy (plan->fold, input->cnn_fold, (size_t) input->data.n * sizeof (int));
      plan->n_folds = input->cnn_n_folds;
      g_snprintf (plan->label, sizeof plan->label, "the CNN's %d folds", input->cnn_n_folds);
      return TRUE;
    }
  cw_status st;
  if (input->group)
    /* k <= 0 or k >= the number of groups leaves one group out at a time */
    st = cw_cv_plan_grouped (plan, input->group, MAX (input->settings.cv_folds, 0), input->settings.cv_random,
                             input->seed, &err);
  else if (input->settings.cv_folds <= 0 || input->settings.cv_folds >= n_cal)
    st = cw_cv_plan_loo (plan, &err);
  else
    st = cw_cv_plan_kfold (plan, MAX (input->settings.cv_folds, 2), input->settings.cv_random,
                           input->seed, &err);
  if (st != CW_OK)
    return set_engine_error (error, &err, NULL);
  return TRUE;
}

static int
argmax (const double *v, int q)
{
  if (q == 1)
    return v[0] >= 0.5;
  int best = 0;
  for (int k = 1; k < q; k++)
    if (v[k] > v[best])
      best = k;
  return best;
}

static double *
copy_doubles (const double *src, size_t n)
{
  return g_memdup2 (src, MAX (n, 1) * sizeof (double));
}

/* Everything the page draws, from the CV driver's answer and the final model. */
typedef struct
{
  int n_configs;
  double *scores;              /* n_configs (CV choice) */
  int chosen;
  gboolean has_nested;
  cw_pls_nested_result nested;
  int *nested_prep;            /* per outer fold (CV choice) */
  int inner_k;
} JobChoice;

static CwPlsResult *
assemble_result (const JobInput *input, const cw_cv_plan *plan, cw_pls_cv_result *cv, JobChoice *choice)
{
  const cw_chemo_data *d = &input->data;
  CwPlsResult *r = g_atomic_rc_box_new0 (CwPlsResult);
  int n = d->n, q = d->q, A = cv->n_components;

  r->task = input->task;
  r->classification = input->task != CW_TASK_REGRESSION;
  r->target = input->target;
  r->target_name = g_strdup (input->target_name);
  r->settings = input->settings;
  r->settings.group_column = g_strdup (input->settings.group_column);
  r->prep_mode = input->prep_mode;
  r->prep_chosen = -1;
  if (input->prep_mode == CW_PLS_PREP_CV)
    {
      r->n_prep = choice->n_configs;
      r->prep_scores = g_steal_pointer (&choice->scores);
      r->prep_chosen = choice->chosen;
    }
  r->nested_rmse = r->nested_r2 = r->nested_accuracy = NAN;
  if (choice->has_nested)
    {
      r->has_nested = TRUE;
      r->nested_outer = choice->nested.n_outer;
      r->nested_inner_k = choice->inner_k;
      r->nested_n = choice->nested.n;
      r->nested_rmse = choice->nested.rmse;
      r->nested_r2 = choice->nested.r2;
      r->nested_accuracy = choice->nested.accuracy;
      r->nested_components = g_memdup2 (choice->nested.chosen, MAX (r->nested_outer, 1) * sizeof (int));
      r->nested_prep = g_steal_pointer (&choice->nested_prep);
    }
  r->n_rows = n;
  r->n_cal = cv->n_cal;
  r->n_test = cv->n_test;
  r->channels = d->channels;
  r->in_length = d->length;
  r->q = q;
  r->n_classes = input->n_classes;
  r->is_test = g_memdup2 (input->is_test, MAX (n, 1));
  r->n_folds = plan->n_folds;
  r->fold = g_memdup2 (plan->fold, MAX (n, 1) * sizeof (int));
  if (input->group)
    r->group = g_memdup2 (input->group, MAX (n, 1) * sizeof (int));
  r->y = copy_doubles (d->y, (size_t) n * q);
  if (r->classification)
    {
      r->classes = g_new (int, MAX (n, 1));
      for (int i = 0; i < n; i++)
        r->classes[i] = argmax (d->y + (size_t) i * q, q);
    }

  /* ownership of the fitted pipeline and model moves into the result */
  r->pipeline = g_steal_pointer (&cv->pipeline);
  r->model = g_steal_pointer (&cv->model);
  char *text = cw_pipeline_to_string (r->pipeline);
  r->pipeline_text = g_strdup (text);
  free (text);
  r->cv_label = g_strdup (plan->label);
  r->out_length = cw_pipeline_out_length (r->pipeline);
  r->n_features = r->channels * r->out_length;
  r->axis = copy_doubles (cw_pipeline_out_axis (r->pipeline), (size_t) r->out_length);

  r->n_components = A;
  r->suggested = cv->suggested >= 1 ? MIN (cv->suggested, A) : 1;
  r->chosen = input->settings.components >= 1 ? MIN (input->settings.components, A) : r->suggested;
  r->rmsec = copy_doubles (cv->rmsec, A);
  r->r2c = copy_doubles (cv->r2c, A);
  r->rmsecv = copy_doubles (cv->rmsecv, A);
  r->rmsecv_se = copy_doubles (cv->rmsecv_se, A);
  r->q2 = copy_doubles (cv->q2, A);
  r->rmsep = copy_doubles (cv->rmsep, A);
  r->r2p = copy_doubles (cv->r2p, A);
  r->acc_c = copy_doubles (cv->acc_c, A);
  r->acc_cv = copy_doubles (cv->acc_cv, A);
  r->acc_p = copy_doubles (cv->acc_p, A);
  r->pred_cv = copy_doubles (cv->pred_cv, (size_t) A * n * q);
  r->pred = copy_doubles (cv->pred, (size_t) A * n * q);

  /* Diagnostics of every row need the rows preprocessed by the calibration pipeline. */
  size_t p = (size_t) r->n_features;
  g_autofree double *processed = g_new (double, MAX ((size_t) n * p, 1));
  cw_pipeline_apply (r->pipeline, d->x, n, processed);
  r->mean_spectrum = g_new0 (double, MAX (p, 1));
  for (int i = 0; i < n; i++)
    if (!r->is_test[i])
      for (size_t j = 0; j < p; j++)
        r->mean_spectrum[j] += processed[i * p + j];
  for (size_t j = 0; j < p; j++)
    r->mean_spectrum[j] /= MAX (r->n_cal, 1);

  r->scores = g_new (double, MAX ((size_t) n * A, 1));
  cw_pls_transform (r->model, A, processed, n, r->scores);
  r->loadings = copy_doubles (cw_pls_x_loadings (r->model), (size_t) A * p);
  r->explained_x = copy_doubles (cw_pls_explained_x (r->model), A);
  r->explained_y = copy_doubles (cw_pls_explained_y (r->model), A);
  r->coefficients = g_new (double, MAX ((size_t) A * p * q, 1));
  r->vip = g_new (double, MAX ((size_t) A * p, 1));
  r->t2 = g_new (double, MAX ((size_t) A * n, 1));
  r->qres = g_new (double, MAX ((size_t) A * n, 1));
  r->t2_limit = g_new (double, MAX (A, 1));
  r->q_limit = g_new (double, MAX (A, 1));
  for (int a = 1; a <= A; a++)
    {
      memcpy (r->coefficients + (size_t) (a - 1) * p * q, cw_pls_coefficients (r->model, a),
              p * q * sizeof (double));
      cw_pls_vip (r->model, a, r->vip + (size_t) (a - 1) * p);
      cw_pls_t2_q (r->model, a, processed, n, r->t2 + (size_t) (a - 1) * n, r->qres + (size_t) (a - 1) * n);
      r->t2_limit[a - 1] = cw_pls_t2_limit (r->model, a, CW_PLS_LIMIT_CONFIDENCE);
    }
  /* Every component's Q limit from one Gram matrix of the residual. */
  cw_pls_q_limits (r->model, CW_PLS_LIMIT_CONFIDENCE, r->q_limit);

  r->test_rows = g_new (int, MAX (r->n_test, 1));
  r->test_truth = g_new (double, MAX ((size_t) r->n_test * q, 1));
  r->test_pred = g_new (double, MAX ((size_t) r->n_test * q, 1));
  if (r->classification)
    {
      r->test_class_truth = g_new (int, MAX (r->n_test, 1));
      r->test_class_pred = g_new (int, MAX (r->n_test, 1));
    }
  const double *pred = cw_pls_result_pred (r, r->chosen);
  for (int i = 0, t = 0; i < n; i++)
    {
      if (!r->is_test[i])
        continue;
      r->test_rows[t] = i;
      memcpy (r->test_truth + (size_t) t * q, d->y + (size_t) i * q, q * sizeof (double));
      memcpy (r->test_pred + (size_t) t * q, pred + (size_t) i * q, q * sizeof (double));
      if (r->classification)
        {
          r->test_class_truth[t] = r->classes[i];
          r->test_class_pred[t] = argmax (pred + (size_t) i * q, q);
        }
      t++;
    }
  return r;
}

/* Nested CV of the whole choice on the plan's folds: every outer fold is predicted by the configuration and
 * count an inner CV of the other calibration rows chose, so no choice saw the rows it is scored on. Inner
 * folds: as many as the outer ones (10 when the outer CV leaves one out), random by the folds' seed, groups
 * kept together as the outer folds keep them. Data too small to nest (an inner CV that cannot be built)
 * leaves the result without a nested estimate rather than failing the fit. */
static void
run_nested (const JobInput *input, const cw_pls_cv_config *configs, int n_configs, const cw_cv_plan *plan,
            JobChoice *choice)
{
  cw_error err = { 0 };
  int n_cal = cw_cv_plan_n_calibration (plan);
  int inner_k = plan->n_folds >= n_cal ? 10 : MIN (plan->n_folds, 10);
  const int *groups = input->cnn_fold ? input->cnn_group : input->group;
  guint64 seed = input->cnn_fold ? input->rows_seed : input->seed;
  int *prep = n_configs > 1 ? g_new0 (int, MAX (plan->n_folds, 1)) : NULL;
  if (plan->n_folds < 2 || inner_k < 2
      || cw_pls_nested_cv_select (configs, n_configs, &input->data, plan, inner_k, TRUE, seed, groups,
                                  &choice->nested, prep, &err) != CW_OK)
    {
      g_free (prep);
      cw_pls_nested_result_clear (&choice->nested);
      return;
    }
  choice->has_nested = TRUE;
  choice->nested_prep = prep;
  choice->inner_k = inner_k;
}

static CwPlsResult *
job_compute (const JobInput *input, GCancellable *cancellable, GError **error)
{
  cw_cv_plan plan = { 0 };
  if (!build_plan (input, &plan, error))
    {
      cw_cv_plan_clear (&plan);
      return NULL;
    }

  /* One configuration per preprocessing tried: the project's, or every candidate. */
  gboolean choose = input->prep_mode == CW_PLS_PREP_CV;
  int n_configs = choose ? cw_pls_job_n_prep_candidates () : 1;
  cw_pipeline *pipelines[G_N_ELEMENTS (prep_candidates)] = { NULL };
  cw_pls_cv_config configs[G_N_ELEMENTS (prep_candidates)];
  cw_error err = { 0 };
  CwPlsResult *result = NULL;
  JobChoice choice = { .n_configs = n_configs, .chosen = 0 };
  cw_pls_cv_result cv = { 0 };
  for (int c = 0; c < n_configs; c++)
    {
      const char *text = choose ? prep_candidates[c].text : input->pipeline_text ? input->pipeline_text : "";
      if (!(pipelines[c] = cw_pipeline_parse (text, &err)))
        {
          set_engine_error (error, &err, "Preprocessing: ");
          goto out;
        }
      configs[c] = cw_pls_cv_config_default ();
      configs[c].max_components = MAX (input->settings.max_components, 1);
      configs[c].rule = input->settings.rule;
      configs[c].algorithm = input->settings.algorithm;
      configs[c].pipeline = pipelines[c];
      configs[c].classification = input->task != CW_TASK_REGRESSION;
      configs[c].threads = input->threads;
    }

  choice.scores = g_new (double, (gsize) MAX (n_configs, 1));
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;
  /* Every configuration on the same folds; test rows are predicted by each final model but never scored
   * by the choice. */
  if (cw_pls_cv_select (configs, n_configs, &input->data, &plan, &cv, &choice.chosen, choice.scores, &err) != CW_OK)
    {
      set_engine_error (error, &err, NULL);
      goto out;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;
  run_nested (input, configs, n_configs, &plan, &choice);
  if (!g_cancellable_set_error_if_cancelled (cancellable, error))
    result = assemble_result (input, &plan, &cv, &choice);

out:
  cw_pls_cv_result_clear (&cv);
  cw_pls_nested_result_clear (&choice.nested);
  g_free (choice.scores);
  g_free (choice.nested_prep);
  for (int c = 0; c < n_configs; c++)
    cw_pipeline_free (pipelines[c]);
  cw_cv_plan_clear (&plan);
  return result;
}

static void
job_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  HANDOFF_ACQUIRE (task_data); /* the input the main thread copied */
  GError *error = NULL;
  CwPlsResult *result = job_compute (task_data, cancellable, &error);
  HANDOFF_RELEASE (task);       /* the result, to the callback's finish */
  if (result)
    g_task_return_pointer (task, result, (GDestroyNotify) cw_pls_result_unref);
  else
    g_task_return_error (task, error);
}

void
cw_pls_job_run_async (CwProject *project, GCancellable *cancellable, GAsyncReadyCallback callback,
                      gpointer user_data)
{
  g_return_if_fail (CW_IS_PROJECT (project));

  /* No source object: the last reference of the task may drop on the worker, and nothing that belongs
   * to the main thread must be finalized there. */
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cw_pls_job_run_async);
  g_task_set_name (task, "[cw] PLS job");

  GError *error = NULL;
  JobInput *input = job_input_new (project, &error);
  if (!input)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, input, (GDestroyNotify) job_input_free);
  /* Already cancelled: answer here. GLib 2.74's g_task_run_in_thread would store its own CANCELLED
   * error in the task and, with return-on-cancel, never free it (the finish call reports a fresh one
   * from the cancellable): a GError leaked per job started cancelled. */
  if (g_task_return_error_if_cancelled (task))
    return;
  /* A cancelled job answers at once; the worker finishes its stage on its own copy and is ignored. */
  g_task_set_return_on_cancel (task, TRUE);
  HANDOFF_RELEASE (input);
  cw_task_run_in_background (task, job_thread);
}

CwPlsResult *
cw_pls_job_run_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cw_pls_job_run_async, NULL);
  HANDOFF_ACQUIRE (result);
  return g_task_propagate_pointer (G_TASK (result), error);
}

CwPlsResult *
cw_pls_job_run (CwProject *project, GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (CW_IS_PROJECT (project), NULL);
  JobInput *input = job_input_new (project, error);
  if (!input)
    return NULL;
  CwPlsResult *result = job_compute (input, cancellable, error);
  job_input_free (input);
  return result;
}
