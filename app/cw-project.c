/* cw-project.c — the document object: its signals and "modified" flag, the architecture with bounded
 * undo/redo and the shape check, training settings, and the trained model with its history. Data
 * loading, target and task live in cw-project-data.c; .cwproj files in cw-project-io.c. */
#include "cw-project-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_UNDO 100

G_DEFINE_TYPE (CwProject, cw_project, G_TYPE_OBJECT)

G_DEFINE_QUARK (cw-project-error-quark, cw_project_error)

enum
{
  PROP_0,
  PROP_MODIFIED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
guint cw_project_signals[CW_PROJECT_N_SIGNALS];

static void
history_copy (cw_history *dest, const cw_history *src)
{
  cw_history_clear (dest);
  if (!src)
    return;
  *dest = *src;
  size_t bytes = (size_t) MAX (src->epochs, 1) * sizeof (double);
  double **fields[] = { &dest->train_loss, &dest->val_loss, &dest->train_metric, &dest->val_metric,
                        &dest->lr };
  const double *sources[] = { src->train_loss, src->val_loss, src->train_metric, src->val_metric,
                              src->lr };
  /* cw_history_clear frees with free(), so the copies come from malloc. */
  for (size_t i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      *fields[i] = NULL;
      if (sources[i] && src->epochs > 0)
        {
          *fields[i] = malloc (bytes);
          memcpy (*fields[i], sources[i], (size_t) src->epochs * sizeof (double));
        }
    }
}

static void
cw_project_finalize (GObject *object)
{
  CwProject *self = CW_PROJECT (object);
  g_clear_pointer (&self->recording, cw_recording_unref);

  g_clear_pointer (&self->dataset, cw_dataset_free);
  g_clear_object (&self->data_file);
  g_clear_pointer (&self->data_checksum, g_free);
  g_clear_pointer (&self->axis_label, g_free);
  g_clear_pointer (&self->spec, cw_spec_free);
  g_clear_pointer (&self->undo_stack, g_ptr_array_unref);
  g_clear_pointer (&self->redo_stack, g_ptr_array_unref);
  cw_row_settings_clear (&self->rows);
  cw_project_recipe_settings_clear (&self->recipe);
  g_clear_pointer (&self->preprocessing, g_free);
  g_clear_pointer (&self->pls.group_column, g_free);
  cw_project_invalidate_input_shape (self);
  g_clear_pointer (&self->model, cw_model_free);
  cw_history_clear (&self->history);
  cw_project_clear_model_pipeline (self);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (cw_project_parent_class)->finalize (object);
}

static void
cw_project_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CwProject *self = CW_PROJECT (object);

  switch (prop_id)
    {
    case PROP_MODIFIED:
      g_value_set_boolean (value, self->modified);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cw_project_class_init (CwProjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cw_project_finalize;
  object_class->get_property = cw_project_get_property;

  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  cw_project_signals[CW_PROJECT_DATA_CHANGED] = g_signal_new ("data-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 0);
  cw_project_signals[CW_PROJECT_SPEC_CHANGED] = g_signal_new ("spec-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 0);
  cw_project_signals[CW_PROJECT_SETTINGS_CHANGED] = g_signal_new ("settings-changed", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  cw_project_signals[CW_PROJECT_MODEL_CHANGED] = g_signal_new ("model-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  cw_project_signals[CW_PROJECT_PREPROCESSING_CHANGED] =
    g_signal_new ("preprocessing-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
cw_project_init (CwProject *self)
{
  self->target = -1;
  self->task = CW_TASK_REGRESSION;
  self->spec = cw_spec_new ();
  self->undo_stack = g_ptr_array_new_with_free_func ((GDestroyNotify) cw_spec_free);
  self->redo_stack = g_ptr_array_new_with_free_func ((GDestroyNotify) cw_spec_free);
  self->config = cw_train_config_default (CW_TASK_REGRESSION);
  cw_project_row_settings_init (&self->rows);
  cw_project_recipe_settings_init (&self->recipe);
  self->threads = CLAMP (g_get_num_processors (), 1, 8);
  self->preprocessing = g_strdup ("");
  cw_project_pls_settings_init (&self->pls);
}

CwProject *
cw_project_new (void)
{
  return g_object_new (CW_TYPE_PROJECT, NULL);
}

/* ---- modified flag and file ---- */

gboolean
cw_project_get_modified (CwProject *self)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), FALSE);
  return self->modified;
}

void
cw_project_set_modified (CwProject *self, gboolean modified)
{
  g_return_if_fail (CW_IS_PROJECT (self));
  modified = !!modified;
  if (self->modified == modified)
    return;
  self->modified = modified;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

GFile *
cw_project_get_file (CwProject *self)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), NULL);
  return self->file;
}

void
cw_project_set_file (CwProject *self, GFile *file)
{
  g_return_if_fail (CW_IS_PROJECT (self));
  g_set_object (&self->file, file);
}

/* ---- architecture ---- */

const cw_spec *
cw_project_get_spec (CwProject *self)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), NULL);
  return self->spec;
}

static void
push_bounded (GPtrArray *stack, cw_spec *spec)
{
  g_ptr_array_add (stack, spec);
  if (stack->len > MAX_UNDO)
    g_ptr_array_remove_index (stack, 0);
}

void
cw_project_set_spec (CwProject *self, const cw_spec *spec)
{
  g_return_if_fail (CW_IS_PROJECT (self));
  g_return_if_fail (spec != NULL);
  if (cw_spec_equal (spec, self->spec))
    return;
  push_bounded (self->undo_stack, self->spec);
  self->spec = cw_spec_copy (spec);
  g_ptr_array_set_size (self->redo_stack, 0);
  cw_project_set_modified (self, TRUE);
  g_signal_emit (self, cw_project_signals[CW_PROJECT_SPEC_CHANGED], 0);
}

gboolean
cw_project_can_undo (CwProject *self)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), FALSE);
  return self->undo_stack->len > 0;
}

gboolean
cw_project_can_redo (CwProject *self)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), FALSE);
  return self->redo_stack->len > 0;
}

/* Moves the current spec onto `to` and makes the top of `from` current. */
static void
swap_spec (CwProject *self, GPtrArray *from, GPtrArray *to)
{
  if (from->len == 0)
    return;
  push_bounded (to, self->spec);
  self->spec = g_ptr_array_steal_index (from, from->len - 1);
  cw_project_set_modified (self, TRUE);
  g_signal_emit (self, cw_project_signals[CW_PROJECT_SPEC_CHANGED], 0);
}

void
cw_project_undo (CwProject *self)
{
  g_return_if_fail (CW_IS_PROJECT (self));
  swap_spec (self, self->undo_stack, self->redo_stack);
}

void
cw_project_redo (CwProject *self)
{
  g_return_if_fail (CW_IS_PROJECT (self));
  swap_spec (self, self->redo_stack, self->undo_stack);
}

void
cw_project_clear_undo (CwProject *self)
{
  g_return_if_fail (CW_IS_PROJECT (self));
  g_ptr_array_set_size (self->undo_stack, 0);
  g_ptr_array_set_size (self->redo_stack, 0);
}

static gboolean
is_output_function (const cw_layer_spec *layer, cw_task task)
{
  if (layer->type != CW_LAYER_ACTIVATION)
    return FALSE;
  if (task == CW_TASK_MULTICLASS)
    return layer->activation == CW_ACT_SOFTMAX;
  if (task == CW_TASK_BINARY || task == CW_TASK_MULTILABEL)
    return layer->activation == CW_ACT_SIGMOID;
  return FALSE;
}

static gboolean
spec_problem (char **message, int *bad_layer, int layer, char *text)
{
  if (bad_layer)
    *bad_layer = layer;
  if (message)
    *message = text;
  else
    g_free (text);
  return FALSE;
}

gboolean
cw_project_check_spec (CwProject *self, char **message, int *bad_layer)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), FALSE);
  if (message)
    *message = NULL;
  if (bad_layer)
    *bad_layer = -1;

  if (!self->dataset)
    return spec_problem (message, bad_layer, -1, g_strdup ("Load a data file first."));
  if (self->target < 0)
    return spec_problem (message, bad_layer, -1, g_strdup ("Choose the target column to predict."));
  int count = cw_spec_count (self->spec);
  if (count == 0)
    return spec_problem (message, bad_layer, -1, g_strdup ("The architecture has no layers."));
  /* The network reads the preprocessed signal: a range selection shortens it. */
  char *preprocessing_problem = NULL;
  if (!cw_project_check_preprocessing (self, &preprocessing_problem))
    return spec_problem (message, bad_layer, -1, preprocessing_problem);

  g_autofree cw_shape_info *info = g_new0 (cw_shape_info, count);
  cw_error err;
  cw_error_clear (&err);
  if (cw_spec_infer (self->spec, cw_dataset_n_channels (self->dataset), cw_project_get_input_length (self),
                     info, &err) != CW_OK)
    return spec_problem (message, bad_layer, err.item, g_strdup (err.message));

  /* The same rule as cw_model_new: the (pre-output-function) result must hold exactly K values. */
  int logits = count - 1;
  if (count > 1 && is_output_function (cw_spec_get (self->spec, count - 1), self->task))
    logits = count - 2;
  int k = cw_project_get_n_outputs (self);
  if ((long) info[logits].channels * info[logits].length != k)
    return spec_problem (message, bad_layer, logits,
                         g_strdup_printf ("The network ends with %d × %d values but the %s task needs %d "
                                          "output%s: end the stack with flatten or global pooling and "
                                          "dense(%d).", info[logits].channels, info[logits].length,
                                          cw_task_name (self->task), k, k == 1 ? "" : "s", k));
  size_t n_params = 0;
  for (int i = 0; i < count; i++)
    n_params += info[i].params;
  if (cw_model_check_memory (n_params, 0, &err) != CW_OK)
    return spec_problem (message, bad_layer, -1, g_strdup (err.message));
  return TRUE;
}

/* ---- training settings ---- */

const cw_train_config *
cw_project_get_train_config (CwProject *self)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), NULL);
  return &self->config;
}

void
cw_project_set_train_config (CwProject *self, const cw_train_config *config)
{
  g_return_if_fail (CW_IS_PROJECT (self));
  g_return_if_fail (config != NULL);
  if (memcmp (config, &self->config, sizeof *config) == 0)
    return;
  self->config = *config;
  cw_project_set_modified (self, TRUE);
  g_signal_emit (self, cw_project_signals[CW_PROJECT_SETTINGS_CHANGED], 0);
}

int
cw_project_get_threads (CwProject *self)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), 1);
  return self->threads;
}

void
cw_project_set_threads (CwProject *self, int threads)
{
  g_return_if_fail (CW_IS_PROJECT (self));
  threads = MAX (threads, 1);
  if (threads == self->threads)
    return;
  self->threads = threads;
  cw_project_set_modified (self, TRUE);
  g_signal_emit (self, cw_project_signals[CW_PROJECT_SETTINGS_CHANGED], 0);
}

/* ---- trained model and history ---- */

cw_model *
cw_project_get_model (CwProject *self)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), NULL);
  return self->model;
}

void
cw_project_set_model (CwProject *self, cw_model *model, const cw_history *hist)
{
  g_return_if_fail (CW_IS_PROJECT (self));
  /* The same model with a new history keeps the pipeline it was trained with. */
  if (model && model == self->model)
    cw_project_install_model (self, model, hist);
  else
    cw_project_set_trained_model (self, model, hist, NULL);
}

void
cw_project_install_model (CwProject *self, cw_model *model, const cw_history *hist)
{
  if (model != self->model)
    g_clear_pointer (&self->model, cw_model_free);
  self->model = model;
  if (hist != &self->history)
    history_copy (&self->history, hist);
  cw_project_set_modified (self, TRUE);
  g_signal_emit (self, cw_project_signals[CW_PROJECT_MODEL_CHANGED], 0);
}

const cw_history *
cw_project_get_history (CwProject *self)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), NULL);
  return &self->history;
}
