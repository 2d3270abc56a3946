/* cw-project-io.c — writing .cwproj files: JSON (json-glib) holding the data file reference and its
 * checksum, target, task, architecture, preprocessing, training and PLS settings, the rows' roles, the
 * trained model (the engine's own model file, base64, so weights, scaling, names, its fitted pipeline and
 * its record come back bit for bit) and the loss history. Saves are atomic. Reading is in
 * cw-project-io-read.c. */
#include "cw-project-io-private.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const cw_project_scaling_names[CW_PROJECT_N_SCALINGS] = { "none", "per-feature", "per-channel" };
const char *const cw_project_test_choice_names[CW_PROJECT_N_TEST_CHOICES] = { "none", "split-column", "meta",
                                                                             "random" };
const char *const cw_project_choose_by_names[CW_PROJECT_N_CHOOSE_BY] = { "holdout", "cv" };
const char *const cw_project_pls_prep_names[CW_PROJECT_N_PLS_PREP] = { "auto", "project", "cv" };

/* ---- writing ---- */

/* JSON has no NaN or infinity: they are written as null. */
void
cw_writer_add_double (JsonBuilder *builder, const char *name, double value)
{
  json_builder_set_member_name (builder, name);
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
cw_writer_add_int (JsonBuilder *builder, const char *name, gint64 value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

void
cw_writer_add_bool (JsonBuilder *builder, const char *name, gboolean value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

void
cw_writer_add_string (JsonBuilder *builder, const char *name, const char *value)
{
  json_builder_set_member_name (builder, name);
  if (value)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
cw_writer_add_double_array (JsonBuilder *builder, const char *name, const double *values, int n)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (int i = 0; i < n; i++)
    if (values && isfinite (values[i]))
      json_builder_add_double_value (builder, values[i]);
    else
      json_builder_add_null_value (builder);
  json_builder_end_array (builder);
}

/* A path from the project's folder to the data ("data/x.csv", "../x.csv") when both are local files,
 * so a project folder can move as a whole; NULL otherwise. */
static char *
relative_data_path (GFile *project_file, GFile *data_file)
{
  g_autoptr(GFile) folder = g_file_get_parent (project_file);
  g_autofree char *from = folder ? g_file_get_path (folder) : NULL;
  g_autofree char *to = g_file_get_path (data_file);
  if (!from || !to)
    return NULL;
  g_auto(GStrv) a = g_strsplit (from, G_DIR_SEPARATOR_S, -1);
  g_auto(GStrv) b = g_strsplit (to, G_DIR_SEPARATOR_S, -1);
  guint common = 0;
  while (a[common] && b[common] && strcmp (a[common], b[common]) == 0)
    common++;
  /* Only the root in common: an absolute path says it better. */
  if (common <= 1)
    return NULL;
  g_autoptr(GString) path = g_string_new (NULL);
  for (guint i = common; a[i]; i++)
    if (a[i][0])
      g_string_append (path, ".." G_DIR_SEPARATOR_S);
  for (guint i = common; b[i]; i++)
    {
      g_string_append (path, b[i]);
      if (b[i + 1])
        g_string_append (path, G_DIR_SEPARATOR_S);
    }
  return g_string_free (g_steal_pointer (&path), FALSE);
}

static void
build_data (JsonBuilder *builder, CwProject *self, GFile *project_file)
{
  GFile *data_file = cw_project_get_data_file (self);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  if (data_file)
    {
      g_autofree char *relative = relative_data_path (project_file, data_file);
      g_autofree char *absolute = g_file_get_path (data_file);
      g_autofree char *uri = g_file_get_uri (data_file);
      cw_writer_add_string (builder, "path", relative ? relative : absolute);
      /* Kept beside the relative path: the project still finds the data when moved alone. */
      cw_writer_add_string (builder, "absolute_path", absolute);
      if (!absolute)
        cw_writer_add_string (builder, "uri", uri);
    }
  else
    cw_writer_add_string (builder, "path", NULL);
  cw_writer_add_string (builder, "sha256", cw_project_get_data_checksum (self));
  if (cw_project_get_axis_label_choice (self))
    cw_writer_add_string (builder, "axis_label", cw_project_get_axis_label_choice (self));
  /* Only when set, so projects that never needed it stay readable by older versions. */
  if (cw_project_get_allow_missing (self))
    cw_writer_add_bool (builder, "allow_missing", TRUE);
  json_builder_end_object (builder);
}

static void
build_training (JsonBuilder *builder, const cw_train_config *c)
{
  json_builder_set_member_name (builder, "training");
  json_builder_begin_object (builder);
  cw_writer_add_int (builder, "epochs", c->epochs);
  cw_writer_add_int (builder, "batch", c->batch);
  /* A 64-bit seed does not fit JSON numbers as most readers parse them: keep it as text. */
  g_autofree char *seed = g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64) c->seed);
  cw_writer_add_string (builder, "seed", seed);
  cw_writer_add_bool (builder, "init_weights", c->init_weights);
  cw_writer_add_bool (builder, "shuffle", c->shuffle);
  cw_writer_add_string (builder, "loss", cw_loss_name (c->loss));

  json_builder_set_member_name (builder, "optimizer");
  json_builder_begin_object (builder);
  cw_writer_add_string (builder, "type", cw_optimizer_name (c->optimizer.type));
  cw_writer_add_double (builder, "lr", c->optimizer.lr);
  cw_writer_add_double (builder, "momentum", c->optimizer.momentum);
  cw_writer_add_bool (builder, "nesterov", c->optimizer.nesterov);
  cw_writer_add_double (builder, "beta1", c->optimizer.beta1);
  cw_writer_add_double (builder, "beta2", c->optimizer.beta2);
  cw_writer_add_double (builder, "eps", c->optimizer.eps);
  cw_writer_add_double (builder, "weight_decay", c->optimizer.weight_decay);
  cw_writer_add_double (builder, "clip_norm", c->optimizer.clip_norm);
  cw_writer_add_double (builder, "clip_value", c->optimizer.clip_value);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "schedule");
  json_builder_begin_object (builder);
  cw_writer_add_string (builder, "type", cw_schedule_name (c->schedule.type));
  cw_writer_add_int (builder, "step_epochs", c->schedule.step_epochs);
  cw_writer_add_double (builder, "gamma", c->schedule.gamma);
  cw_writer_add_double (builder, "min_lr", c->schedule.min_lr);
  json_builder_end_object (builder);

  cw_writer_add_int (builder, "patience", c->patience);
  cw_writer_add_double (builder, "min_delta", c->min_delta);
  cw_writer_add_bool (builder, "restore_best", c->restore_best);
  cw_writer_add_string (builder, "input_scaling", cw_project_scaling_names[c->input_scaling]);
  cw_writer_add_bool (builder, "standardize_targets", c->standardize_targets);

  json_builder_set_member_name (builder, "augment");
  json_builder_begin_object (builder);
  cw_writer_add_int (builder, "shift", c->augment.shift);
  cw_writer_add_double (builder, "noise", c->augment.noise);
  cw_writer_add_double (builder, "scale", c->augment.scale);
  cw_writer_add_double (builder, "offset", c->augment.offset);
  cw_writer_add_double (builder, "slope", c->augment.slope);
  json_builder_end_object (builder);

  cw_writer_add_int (builder, "threads", c->threads);
  cw_writer_add_bool (builder, "train_metrics", c->train_metrics);
  json_builder_end_object (builder);
}

/* The engine's own model file (format 2: members, pipeline and record), in memory. */
static char *
model_to_base64 (cw_model *model, GError **error)
{
  cw_error err;
  cw_error_clear (&err);
  size_t length = 0;
  unsigned char *bytes = cw_model_save_bytes (model, &length, &err);
  if (!bytes)
    {
      g_set_error (error, CW_PROJECT_ERROR, err.status, "The trained model could not be written: %s", err.message);
      return NULL;
    }
  char *text = g_base64_encode (bytes, length);
  free (bytes);
  return text;
}

static void
build_history (JsonBuilder *builder, const cw_history *h)
{
  json_builder_set_member_name (builder, "history");
  json_builder_begin_object (builder);
  cw_writer_add_int (builder, "epochs", h->epochs);
  cw_writer_add_double_array (builder, "train_loss", h->train_loss, h->epochs);
  cw_writer_add_double_array (builder, "val_loss", h->val_loss, h->epochs);
  cw_writer_add_double_array (builder, "train_metric", h->train_metric, h->epochs);
  cw_writer_add_double_array (builder, "val_metric", h->val_metric, h->epochs);
  cw_writer_add_double_array (builder, "lr", h->lr, h->epochs);
  cw_writer_add_int (builder, "best_epoch", h->best_epoch);
  cw_writer_add_bool (builder, "stopped_early", h->stopped_early);
  cw_writer_add_double (builder, "seconds", h->seconds);
  json_builder_end_object (builder);
}

static void
build_pls (JsonBuilder *builder, const CwPlsSettings *pls)
{
  json_builder_set_member_name (builder, "pls");
  json_builder_begin_object (builder);
  cw_writer_add_int (builder, "max_components", pls->max_components);
  cw_writer_add_int (builder, "components", pls->components);
  cw_writer_add_int (builder, "cv_folds", pls->cv_folds);
  cw_writer_add_bool (builder, "cv_random", pls->cv_random);
  cw_writer_add_string (builder, "algorithm", cw_pls_algorithm_name (pls->algorithm));
  if (pls->group_column)
    cw_writer_add_string (builder, "group_column", pls->group_column);
  cw_writer_add_string (builder, "rule", cw_ncomp_rule_name (pls->rule));
  cw_writer_add_string (builder, "preprocessing", cw_project_pls_prep_names[pls->preprocessing]);
  json_builder_end_object (builder);
}


gboolean
cw_project_save (CwProject *self, GFile *file, GError **error)
{
  g_return_val_if_fail (CW_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  g_autoptr(JsonBuilder) builder = json_builder_new ();
  json_builder_begin_object (builder);
  cw_writer_add_string (builder, "format", CW_PROJECT_FORMAT);
  cw_writer_add_int (builder, "version", CW_PROJECT_FORMAT_VERSION);
  cw_writer_add_string (builder, "generator", "Conv1D Workbench " PACKAGE_VERSION);
  build_data (builder, self, file);

  const cw_dataset *ds = cw_project_get_dataset (self);
  int target = cw_project_get_target (self);
  cw_writer_add_string (builder, "target", ds && target >= 0 ? cw_dataset_target_name (ds, target) : NULL);
  cw_writer_add_string (builder, "task", cw_task_name (cw_project_get_task (self)));
  g_autofree char *spec = cw_spec_to_string (cw_project_get_spec (self));
  cw_writer_add_string (builder, "architecture", spec);
  cw_writer_add_string (builder, "preprocessing", cw_project_get_preprocessing (self));
  build_training (builder, cw_project_get_train_config (self));
  build_pls (builder, cw_project_get_pls_settings (self));

  cw_project_write_rows (builder, cw_project_get_row_settings (self));
  cw_project_write_recipe (builder, cw_project_get_recipe_settings (self));

  cw_writer_add_int (builder, "threads", cw_project_get_threads (self));

  cw_model *model = cw_project_get_model (self);
  json_builder_set_member_name (builder, "model");
  if (model)
    {
      g_autofree char *weights = model_to_base64 (model, error);
      if (!weights)
        return FALSE;
      json_builder_begin_object (builder);
      cw_writer_add_string (builder, "encoding", "base64 of a conv1d model file (format 2: with its fitted pipeline)");
      cw_writer_add_string (builder, "weights", weights);
      cw_writer_add_string (builder, "preprocessing", cw_project_get_model_preprocessing (self));
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  CwFitSummary *summary = cw_project_get_fit_summary (self);
  if (summary)
    cw_project_write_fit (builder, summary);
  build_history (builder, cw_project_get_history (self));
  json_builder_end_object (builder);

  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  gsize length = 0;
  g_autofree char *text = json_generator_to_data (generator, &length);

  /* g_file_replace_contents writes a temporary file and renames it over the old one: a crash or a
   * full disk never leaves half a project behind. */
  g_autoptr(GError) local_error = NULL;
  if (!g_file_replace_contents (file, text, length, NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL,
                                &local_error))
    {
      g_autofree char *name = g_file_get_parse_name (file);
      g_set_error (error, CW_PROJECT_ERROR, CW_ERR_IO, "%s could not be saved: %s", name,
                   local_error->message);
      return FALSE;
    }
  cw_project_set_file (self, file);
  cw_project_set_modified (self, FALSE);
  return TRUE;
}

