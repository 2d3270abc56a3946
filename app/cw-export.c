/* cw-export.c — plots to PNG/SVG/PDF through the drawable interface (the same drawing as on screen),
 * predictions to CSV through the engine's cw_model_predict on the model's own preprocessing, and the model
 * as ONNX (on a worker thread: a model with long linear preprocessing steps makes a large file). */
#include "cw-background.h"
#include "cw-export.h"

#include <math.h>
#include <string.h>

#include "cw-drawable.h"

gboolean
cw_export_plot (GtkWidget *drawable, GFile *file, GError **error)
{
  g_return_val_if_fail (CW_IS_DRAWABLE (drawable), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  g_autofree char *path = g_file_get_path (file);
  if (!path)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "Plots can only be exported to local files.");
      return FALSE;
    }
  g_autofree char *lower = g_ascii_strdown (path, -1);
  if (!g_str_has_suffix (lower, ".png") && !g_str_has_suffix (lower, ".svg") && !g_str_has_suffix (lower, ".pdf"))
    {
      g_autofree char *name = g_file_get_basename (file);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                   "%s: the name must end in .png, .svg or .pdf to choose the format.", name);
      return FALSE;
    }
  return cw_drawable_export (CW_DRAWABLE (drawable), path, 0, 0, error);
}

/* ---- predictions ---- */

/* A CSV cell, quoted when a reader would split, trim or misread it. */
static void
append_cell (GString *out, const char *text, gboolean first)
{
  if (!first)
    g_string_append_c (out, ',');
  if (!text)
    return;
  size_t n = strlen (text);
  gboolean quote = n > 0 && (strpbrk (text, ",;\t\"\r\n") || text[0] == ' ' || text[n - 1] == ' ');
  if (!quote)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_number (GString *out, double value)
{
  g_string_append_c (out, ',');
  if (isfinite (value))
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.6g", value));
    }
}

/* The model's inputs for every row: through the pipeline it was trained with, else the raw signals when
 * they fit the model as they are. */
static float *
dup_model_inputs (CwProject *project, cw_model *model, GError **error)
{
  const cw_dataset *ds = cw_project_get_dataset (project);
  int length = 0;
  float *x = cw_project_dup_model_inputs (project, &length);
  if (x && length == cw_model_in_length (model))
    return x;
  g_free (x);
  if (cw_dataset_length (ds) == cw_model_in_length (model) && cw_dataset_n_channels (ds) == cw_model_in_channels (model))
    return g_memdup2 (cw_dataset_signals (ds),
                      sizeof (float) * (size_t) cw_dataset_n_samples (ds) * cw_dataset_n_channels (ds)
                        * cw_dataset_length (ds));
  g_set_error (error, CW_PROJECT_ERROR, CW_ERR_SHAPE,
               "The trained model expects signals of %d points, but the data (after its preprocessing) does "
               "not give them: train the model again.", cw_model_in_length (model));
  return NULL;
}

static const char *
class_name (const cw_dataset *ds, cw_model *model, int target, int c, char *buf, size_t size)
{
  if (c < cw_model_n_class_names (model))
    return cw_model_class_name (model, c);
  if (target >= 0 && cw_dataset_target_is_categorical (ds, target) && c < cw_dataset_n_classes (ds, target))
    return cw_dataset_class_name (ds, target, c);
  g_snprintf (buf, size, "%d", c);
  return buf;
}

char *
cw_export_predictions_csv (CwProject *project, GError **error)
{
  g_return_val_if_fail (CW_IS_PROJECT (project), NULL);
  const cw_dataset *ds = cw_project_get_dataset (project);
  cw_model *model = cw_project_get_model (project);
  if (!ds || !model)
    {
      g_set_error_literal (error, CW_PROJECT_ERROR, CW_ERR_INVALID_ARGUMENT,
                           "There is no trained model yet: train one first.");
      return NULL;
    }

  int n = cw_dataset_n_samples (ds);
  int k = cw_model_n_outputs (model);
  cw_task task = cw_model_task (model);
  int target = cw_project_get_target (project);
  g_autofree float *x = dup_model_inputs (project, model, error);
  if (!x)
    return NULL;
  g_autofree float *pred = g_new (float, (size_t) n * k);
  cw_error err;
  cw_error_clear (&err);
  if (cw_model_predict (model, x, n, pred, &err) != CW_OK)
    {
      g_set_error (error, CW_PROJECT_ERROR, err.status, "Prediction failed: %s", err.message);
      return NULL;
    }
  CwRowRoles roles = { 0 };
  gboolean have_roles = cw_project_compute_rows (project, NULL, &roles, NULL);

  const char *target_name = target >= 0 ? cw_dataset_target_name (ds, target) : "target";
  const float *truth = target >= 0 ? cw_dataset_target_values (ds, target) : NULL;
  gboolean classes = task != CW_TASK_REGRESSION;
  /* Binary models give P(class 1) only; the table shows both classes. */
  int n_probabilities = task == CW_TASK_BINARY ? 2 : k;
  char buf[32];

  g_autoptr(GString) out = g_string_new (NULL);
  append_cell (out, "row", TRUE);
  for (int m = 0; m < cw_dataset_n_meta (ds); m++)
    append_cell (out, cw_dataset_meta_name (ds, m), FALSE);
  append_cell (out, "role", FALSE);
  append_cell (out, target_name, FALSE);
  if (!classes)
    for (int j = 0; j < k; j++)
      {
        g_autofree char *name = g_strdup_printf ("predicted %s", k == 1 ? target_name
                                                 : j < cw_model_n_target_names (model) ? cw_model_target_name (model, j)
                                                 : "output");
        append_cell (out, name, FALSE);
      }
  else
    {
      g_autofree char *name = g_strdup_printf ("predicted %s", target_name);
      append_cell (out, name, FALSE);
      for (int c = 0; c < n_probabilities; c++)
        {
          g_autofree char *p = g_strdup_printf ("p(%s)", class_name (ds, model, target, c, buf, sizeof buf));
          append_cell (out, p, FALSE);
        }
    }
  g_string_append_c (out, '\n');

  for (int i = 0; i < n; i++)
    {
      const float *row = pred + (size_t) i * k;
      g_string_append_printf (out, "%d", i + 1);
      for (int m = 0; m < cw_dataset_n_meta (ds); m++)
        append_cell (out, cw_dataset_meta_value (ds, i, m), FALSE);
      append_cell (out, have_roles ? cw_role_name (roles.roles[i]) : "", FALSE);
      if (!classes)
        {
          append_number (out, truth ? truth[i] : NAN);
          for (int j = 0; j < k; j++)
            append_number (out, row[j]);
        }
      else
        {
          double p[n_probabilities];
          for (int c = 0; c < n_probabilities; c++)
            p[c] = task == CW_TASK_BINARY ? (c == 1 ? row[0] : 1.0 - row[0]) : row[c];
          int best = 0;
          for (int c = 1; c < n_probabilities; c++)
            best = p[c] > p[best] ? c : best;
          gboolean known = truth && isfinite (truth[i]);
          append_cell (out, known ? class_name (ds, model, target, (int) truth[i], buf, sizeof buf) : "", FALSE);
          append_cell (out, class_name (ds, model, target, best, buf, sizeof buf), FALSE);
          for (int c = 0; c < n_probabilities; c++)
            append_number (out, p[c]);
        }
      g_string_append_c (out, '\n');
    }
  cw_row_roles_clear (&roles);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

gboolean
cw_export_predictions (CwProject *project, GFile *file, GError **error)
{
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_autofree char *csv = cw_export_predictions_csv (project, error);
  if (!csv)
    return FALSE;
  /* replace_contents writes a temporary file and renames it: never a half-written table. */
  return g_file_replace_contents (file, csv, strlen (csv), NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                  NULL, NULL, error);
}

/* ---- the model as ONNX ---- */

typedef struct {
  cw_model *model; /* a copy, owned by the task */
  char *path;
} onnx_job;

static void
onnx_job_free (gpointer data)
{
  onnx_job *job = data;
  cw_model_free (job->model);
  g_free (job->path);
  g_free (job);
}

static void
export_onnx_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  onnx_job *job = task_data;
  cw_error err;
  cw_error_clear (&err);
  if (cw_model_export_onnx (job->model, job->path, &err) != CW_OK)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", err.message);
  else
    g_task_return_boolean (task, TRUE);
}

void
cw_export_model_onnx_async (CwProject *project, GFile *file, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (CW_IS_PROJECT (project));
  g_return_if_fail (G_IS_FILE (file));
  g_autoptr(GTask) task = g_task_new (project, cancellable, callback, user_data);
  g_task_set_source_tag (task, cw_export_model_onnx_async);
  cw_model *model = cw_project_get_model (project);
  g_autofree char *path = g_file_get_path (file);
  if (!model)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "There is no trained model to export.");
      return;
    }
  if (!path)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               "Models can only be exported to local files.");
      return;
    }
  onnx_job *job = g_new0 (onnx_job, 1);
  job->model = cw_model_copy (model);
  job->path = g_steal_pointer (&path);
  g_task_set_task_data (task, job, onnx_job_free);
  cw_task_run_in_background (task, export_onnx_thread);
}

gboolean
cw_export_model_onnx_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cw_export_model_onnx_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
