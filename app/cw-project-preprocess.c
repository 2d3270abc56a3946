/* cw-project-preprocess.c — CwProject's preprocessing: the pipeline text (canonical, so equal pipelines
 * compare equal), fitting it on training rows (also off the main thread, from a copy), the input length
 * and axis it leaves for the network, the pipeline the trained model was trained with, and the PLS
 * baseline's settings.
 *
 * Why the model keeps its own pipeline: the user may change the preprocessing after training. The model
 * still expects what it was trained on, so predictions, the Inside page and exports go through the
 * model's pipeline, fitted on the rows it was trained with, while the Training page can say the model
 * predates the current pipeline. */
#include "cw-project-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Rows the shape fit uses: the length and axis after preprocessing depend on the axis, not on the
 * values, and a few rows keep the check cheap enough to run on every keystroke of the Model page. */
#define SHAPE_FIT_ROWS 8

static gboolean
set_engine_error (GError **error, const cw_error *err)
{
  g_set_error_literal (error, CW_PROJECT_ERROR, err->status != CW_OK ? (int) err->status : CW_ERR_INVALID_ARGUMENT,
                       err->message[0] ? err->message : cw_status_name (err->status));
  return FALSE;
}

void
cw_project_pls_settings_init (CwPlsSettings *settings)
{
  settings->max_components = 0; /* min (training rows - 1, 30, signal length) */
  settings->components = 0;
  settings->cv_folds = 10;
  settings->cv_random = FALSE;
  settings->algorithm = CW_PLS_NIPALS;
  settings->group_column = NULL;
  settings->rule = CW_NCOMP_ONE_SE;
  settings->preprocessing = CW_PLS_PREP_AUTO;
}

/* ---- the pipeline text ---- */

const char *
cw_project_get_preprocessing (CwProject *self)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), "");
  return self->preprocessing ? self->preprocessing : "";
}

/* The canonical form of a text, or NULL with the engine's located message. */
static char *
canonical_text (const char *text, GError **error)
{
  cw_error err;
  cw_error_clear (&err);
  cw_pipeline *pipe = cw_pipeline_parse (text ? text : "", &err);
  if (!pipe)
    {
      set_engine_error (error, &err);
      return NULL;
    }
  char *printed = cw_pipeline_to_string (pipe);
  cw_pipeline_free (pipe);
  char *canonical = g_strdup (printed ? printed : "");
  free (printed);
  return canonical;
}

gboolean
cw_project_set_preprocessing (CwProject *self, const char *text, GError **error)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), FALSE);
  g_autofree char *canonical = canonical_text (text, error);
  if (!canonical)
    return FALSE;
  if (g_strcmp0 (canonical, cw_project_get_preprocessing (self)) == 0)
    return TRUE;
  g_free (self->preprocessing);
  self->preprocessing = g_steal_pointer (&canonical);
  cw_project_invalidate_input_shape (self);
  cw_project_set_modified (self, TRUE);
  g_signal_emit (self, cw_project_signals[CW_PROJECT_PREPROCESSING_CHANGED], 0);
  return TRUE;
}

/* ---- fitting, on any thread from a copy ---- */

struct _CwPreprocessingFit
{
  char *text;
  double *x;          /* n_rows x channels x length */
  int n_rows, channels, length;
  double *axis;       /* length values */
};

/* The parsed doubles themselves (not the floats the CNN reads), so the pipeline is fitted on exactly the
 * values in the file, as PLS sees them. */
double *
cw_project_dup_rows_f64 (CwProject *self, const unsigned char *is_val, int *n_rows)
{
  const cw_dataset *ds = self->dataset;
  int n = cw_dataset_n_samples (ds);
  size_t sample = (size_t) cw_dataset_n_channels (ds) * (size_t) cw_dataset_length (ds);
  int kept = 0;
  for (int i = 0; i < n; i++)
    kept += !is_val || !is_val[i];
  double *x = g_new (double, MAX ((size_t) kept * sample, 1));
  const double *signals = cw_dataset_signals_f64 (ds);
  double *to = x;
  for (int i = 0; i < n; i++)
    if (!is_val || !is_val[i])
      {
        memcpy (to, signals + (size_t) i * sample, sample * sizeof (double));
        to += sample;
      }
  *n_rows = kept;
  return x;
}

CwPreprocessingFit *
cw_project_prepare_preprocessing_fit (CwProject *self, const unsigned char *is_val)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), NULL);
  CwPreprocessingFit *fit = g_new0 (CwPreprocessingFit, 1);
  fit->text = g_strdup (cw_project_get_preprocessing (self));
  if (!self->dataset)
    return fit;
  fit->channels = cw_dataset_n_channels (self->dataset);
  fit->length = cw_dataset_length (self->dataset);
  fit->x = cw_project_dup_rows_f64 (self, is_val, &fit->n_rows);
  fit->axis = g_memdup2 (cw_dataset_axis (self->dataset), (gsize) MAX (fit->length, 1) * sizeof (double));
  return fit;
}

int
cw_preprocessing_fit_n_rows (const CwPreprocessingFit *fit)
{
  g_return_val_if_fail (fit != NULL, 0);
  return fit->n_rows;
}

cw_pipeline *
cw_preprocessing_fit_run (const CwPreprocessingFit *fit, GError **error)
{
  g_return_val_if_fail (fit != NULL, NULL);
  if (!fit->x || fit->length < 1)
    {
      g_set_error_literal (error, CW_PROJECT_ERROR, CW_ERR_INVALID_ARGUMENT, "Load a data file first.");
      return NULL;
    }
  cw_error err;
  cw_error_clear (&err);
  cw_pipeline *pipe = cw_pipeline_parse (fit->text, &err);
  if (!pipe)
    {
      set_engine_error (error, &err);
      return NULL;
    }
  if (fit->n_rows == 0 && cw_pipeline_needs_fit (pipe))
    {
      cw_pipeline_free (pipe);
      g_set_error_literal (error, CW_PROJECT_ERROR, CW_ERR_INVALID_ARGUMENT,
                           "The preprocessing needs training rows to fit on, and the split leaves none.");
      return NULL;
    }
  if (cw_pipeline_fit (pipe, fit->x, fit->n_rows, fit->channels, fit->length, fit->axis, NULL, &err) != CW_OK)
    {
      cw_pipeline_free (pipe);
      set_engine_error (error, &err);
      return NULL;
    }
  return pipe;
}

void
cw_preprocessing_fit_free (CwPreprocessingFit *fit)
{
  if (!fit)
    return;
  g_free (fit->text);
  g_free (fit->x);
  g_free (fit->axis);
  g_free (fit);
}

cw_pipeline *
cw_project_fit_preprocessing (CwProject *self, const unsigned char *is_val, GError **error)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), NULL);
  g_autoptr(CwPreprocessingFit) fit = cw_project_prepare_preprocessing_fit (self, is_val);
  return cw_preprocessing_fit_run (fit, error);
}

/* ---- the input the network sees ---- */

void
cw_project_invalidate_input_shape (CwProject *self)
{
  self->input_shape_known = FALSE;
  g_clear_pointer (&self->input_shape, cw_pipeline_free);
  g_clear_pointer (&self->input_shape_error, g_free);
}

static void
ensure_input_shape (CwProject *self)
{
  if (self->input_shape_known)
    return;
  self->input_shape_known = TRUE;
  if (!self->dataset || cw_dataset_length (self->dataset) < 1)
    return;
  int n = cw_dataset_n_samples (self->dataset);
  g_autofree unsigned char *left_out = g_new0 (unsigned char, MAX (n, 1));
  for (int i = SHAPE_FIT_ROWS; i < n; i++)
    left_out[i] = 1;
  g_autoptr(GError) error = NULL;
  self->input_shape = cw_project_fit_preprocessing (self, left_out, &error);
  if (!self->input_shape)
    self->input_shape_error = g_strdup (error->message);
}

gboolean
cw_project_check_preprocessing (CwProject *self, char **message)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), FALSE);
  if (message)
    *message = NULL;
  if (!self->dataset)
    {
      if (message)
        *message = g_strdup ("Load a data file first.");
      return FALSE;
    }
  ensure_input_shape (self);
  if (self->input_shape)
    return TRUE;
  if (message)
    *message = g_strdup_printf ("The preprocessing does not fit these data: %s",
                                self->input_shape_error ? self->input_shape_error : "no reason given.");
  return FALSE;
}

int
cw_project_get_input_length (CwProject *self)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), 0);
  ensure_input_shape (self);
  return self->input_shape ? cw_pipeline_out_length (self->input_shape) : 0;
}

const double *
cw_project_get_input_axis (CwProject *self)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), NULL);
  ensure_input_shape (self);
  return self->input_shape ? cw_pipeline_out_axis (self->input_shape) : NULL;
}

gboolean
cw_project_adapt_preprocessing_to_data (CwProject *self)
{
  cw_project_invalidate_input_shape (self);
  if (cw_project_get_preprocessing (self)[0] == '\0' || cw_project_check_preprocessing (self, NULL))
    return FALSE;
  g_clear_pointer (&self->preprocessing, g_free);
  cw_project_invalidate_input_shape (self);
  return TRUE;
}

/* ---- the pipeline the model was trained with ---- */

void
cw_project_clear_model_pipeline (CwProject *self)
{
  g_clear_pointer (&self->model_preprocessing, g_free);
  g_clear_pointer (&self->fit_summary, cw_fit_summary_unref);
}

/* The engine asserts that a model's pipeline hands it its input shape: check before attaching. */
static gboolean
pipeline_fits_model (const cw_pipeline *pipeline, const cw_model *model)
{
  return cw_pipeline_is_fitted (pipeline) && cw_pipeline_channels (pipeline) == cw_model_in_channels (model)
         && cw_pipeline_out_length (pipeline) == cw_model_in_length (model);
}

/* An empty pipeline fitted to the data's shape: what a model trained on raw signals goes through. NULL
 * when the data is not the model's shape. */
static cw_pipeline *
identity_pipeline (CwProject *self, const cw_model *model)
{
  if (!self->dataset || cw_dataset_length (self->dataset) < 1)
    return NULL;
  cw_pipeline *pipe = cw_pipeline_new ();
  double no_rows = 0;
  cw_pipeline_fit (pipe, &no_rows, 0, cw_dataset_n_channels (self->dataset), cw_dataset_length (self->dataset),
                   cw_dataset_axis (self->dataset), NULL, NULL);
  if (!pipeline_fits_model (pipe, model))
    g_clear_pointer (&pipe, cw_pipeline_free);
  return pipe;
}

static char *
pipeline_text (const cw_pipeline *pipeline)
{
  char *text = pipeline ? cw_pipeline_to_string (pipeline) : NULL;
  char *copy = g_strdup (text ? text : "");
  free (text);
  return copy;
}

void
cw_project_set_trained_model (CwProject *self, cw_model *model, const cw_history *hist, cw_pipeline *pipeline)
{
  g_return_if_fail (CW_IS_PROJECT (self));
  g_return_if_fail (pipeline == NULL || cw_pipeline_is_fitted (pipeline));
  cw_project_clear_model_pipeline (self);
  if (model)
    {
      if (pipeline && pipeline_fits_model (pipeline, model))
        cw_model_set_pipeline (model, pipeline);
      else if (pipeline)
        g_critical ("%s: the pipeline's output is not the model's input shape", G_STRFUNC);
      else if (!cw_model_get_pipeline (model))
        {
          g_autoptr (cw_pipeline) identity = identity_pipeline (self, model);
          if (identity)
            cw_model_set_pipeline (model, identity);
        }
      self->model_preprocessing = pipeline_text (cw_model_get_pipeline (model));
    }
  g_clear_pointer (&pipeline, cw_pipeline_free);
  /* Emits "model-changed" once the pipeline is in place, so listeners see both together. */
  cw_project_install_model (self, model, hist);
}

void
cw_project_set_fit_result (CwProject *self, cw_model *model, const cw_history *hist, CwFitSummary *summary,
                           const char *preprocessing)
{
  g_return_if_fail (CW_IS_PROJECT (self));
  g_return_if_fail (model == NULL || cw_model_get_pipeline (model) != NULL);
  cw_project_clear_model_pipeline (self);
  if (model)
    self->model_preprocessing = g_strdup (preprocessing ? preprocessing : "");
  if (summary)
    self->fit_summary = cw_fit_summary_ref (summary);
  cw_project_install_model (self, model, hist);
}

CwFitSummary *
cw_project_get_fit_summary (CwProject *self)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), NULL);
  return self->model ? self->fit_summary : NULL;
}

void
cw_project_set_model_preprocessing (CwProject *self, const char *text)
{
  g_return_if_fail (self->model != NULL);
  g_free (self->model_preprocessing);
  self->model_preprocessing = g_strdup (text ? text : "");
}

gboolean
cw_project_refit_model_pipeline (CwProject *self, const char *text, const unsigned char *is_val, char **message)
{
  g_return_val_if_fail (self->model != NULL, FALSE);
  cw_project_set_model_preprocessing (self, text);
  if (!self->dataset)
    return TRUE;
  /* Fit exactly as training did, from the saved text: the same rows give the same state. */
  g_autoptr(CwPreprocessingFit) fit = cw_project_prepare_preprocessing_fit (self, is_val);
  g_free (fit->text);
  fit->text = g_strdup (self->model_preprocessing);
  g_autoptr(GError) error = NULL;
  g_autoptr (cw_pipeline) pipeline = cw_preprocessing_fit_run (fit, &error);
  if (pipeline && pipeline_fits_model (pipeline, self->model))
    {
      cw_model_set_pipeline (self->model, pipeline);
      return TRUE;
    }
  if (message)
    *message = g_strdup (error ? error->message : "its output is not the shape the model takes.");
  g_autoptr (cw_pipeline) identity = identity_pipeline (self, self->model);
  cw_model_set_pipeline (self->model, identity);
  return FALSE;
}

const char *
cw_project_get_model_preprocessing (CwProject *self)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), NULL);
  return self->model ? (self->model_preprocessing ? self->model_preprocessing : "") : NULL;
}

const cw_pipeline *
cw_project_get_model_pipeline (CwProject *self)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), NULL);
  return self->model ? cw_model_get_pipeline (self->model) : NULL;
}

cw_pipeline *
cw_project_dup_model_pipeline (CwProject *self)
{
  const cw_pipeline *pipe = cw_project_get_model_pipeline (self);
  return pipe ? cw_pipeline_copy (pipe) : NULL;
}

/* The model pipeline when it reads this dataset's rows. */
static const cw_pipeline *
usable_model_pipeline (CwProject *self)
{
  const cw_pipeline *pipe = cw_project_get_model_pipeline (self);
  if (!pipe || !self->dataset || cw_pipeline_channels (pipe) != cw_dataset_n_channels (self->dataset)
      || cw_pipeline_in_length (pipe) != cw_dataset_length (self->dataset))
    return NULL;
  return pipe;
}

gboolean
cw_project_preprocess_row (CwProject *self, int row, float *out)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  const cw_pipeline *pipe = usable_model_pipeline (self);
  if (!pipe || row < 0 || row >= cw_dataset_n_samples (self->dataset))
    return FALSE;
  size_t sample = (size_t) cw_dataset_n_channels (self->dataset) * (size_t) cw_dataset_length (self->dataset);
  cw_pipeline_apply_f (pipe, cw_dataset_signals (self->dataset) + (size_t) row * sample, 1, out);
  return TRUE;
}

float *
cw_project_dup_model_inputs (CwProject *self, int *length)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), NULL);
  const cw_pipeline *pipe = usable_model_pipeline (self);
  if (length)
    *length = pipe ? cw_pipeline_out_length (pipe) : 0;
  if (!pipe)
    return NULL;
  int n = cw_dataset_n_samples (self->dataset);
  size_t values = (size_t) n * (size_t) cw_pipeline_channels (pipe) * (size_t) cw_pipeline_out_length (pipe);
  float *x = g_new (float, MAX (values, 1));
  cw_pipeline_apply_f (pipe, cw_dataset_signals (self->dataset), n, x);
  return x;
}

/* ---- PLS settings ---- */

const CwPlsSettings *
cw_project_get_pls_settings (CwProject *self)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), NULL);
  return &self->pls;
}

void
cw_project_set_pls_settings (CwProject *self, const CwPlsSettings *settings)
{
  g_return_if_fail (CW_IS_PROJECT (self));
  g_return_if_fail (settings != NULL);
  CwPlsSettings wanted = *settings;
  wanted.max_components = MAX (wanted.max_components, 0);
  wanted.components = CLAMP (wanted.components, 0, wanted.max_components > 0 ? wanted.max_components : 1000);
  /* 0 is leave-one-out; one fold would leave nothing to calibrate on. */
  wanted.cv_folds = wanted.cv_folds == 1 ? 2 : MAX (wanted.cv_folds, 0);
  wanted.cv_random = !!wanted.cv_random;
  if (wanted.group_column && !wanted.group_column[0])
    wanted.group_column = NULL;
  if ((int) wanted.rule < CW_NCOMP_ONE_SE || (int) wanted.rule > CW_NCOMP_WOLD)
    wanted.rule = CW_NCOMP_ONE_SE;
  if ((int) wanted.preprocessing < CW_PLS_PREP_AUTO || (int) wanted.preprocessing > CW_PLS_PREP_CV)
    wanted.preprocessing = CW_PLS_PREP_AUTO;
  if (wanted.max_components == self->pls.max_components && wanted.components == self->pls.components
      && wanted.cv_folds == self->pls.cv_folds && wanted.cv_random == self->pls.cv_random
      && wanted.algorithm == self->pls.algorithm && g_strcmp0 (wanted.group_column, self->pls.group_column) == 0
      && wanted.rule == self->pls.rule && wanted.preprocessing == self->pls.preprocessing)
    return;
  /* settings usually starts as a copy of ours: copy its string before freeing the old one it may share */
  char *old_group_column = self->pls.group_column;
  self->pls = wanted;
  self->pls.group_column = g_strdup (wanted.group_column);
  g_free (old_group_column);
  cw_project_set_modified (self, TRUE);
  g_signal_emit (self, cw_project_signals[CW_PROJECT_SETTINGS_CHANGED], 0);
}

CwPlsPrepMode
cw_project_get_pls_prep_mode (CwProject *self)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), CW_PLS_PREP_PROJECT);
  if (self->pls.preprocessing != CW_PLS_PREP_AUTO)
    return self->pls.preprocessing;
  return cw_project_get_preprocessing (self)[0] ? CW_PLS_PREP_PROJECT : CW_PLS_PREP_CV;
}
