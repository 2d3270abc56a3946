/* cw-project-io-read.c — opening .cwproj files (written by cw-project-io.c): every member is checked for
 * its type, absent optional members keep their defaults (older files have no preprocessing, PLS settings,
 * rows or recipe), and a foreign or corrupt file is refused with a message a user can act on. A model of
 * format 1 carries no pipeline: it is refitted on the rows it was saved with, which gives back the same
 * fitted state. Format 1's validation rows open as test rows, and the warning says so. */
#include "cw-project-io-private.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- reading ---- */

gboolean
cw_reader_fail (CwReader *r, cw_status status, const char *fmt, ...)
{
  if (r->failed)
    return FALSE;
  va_list args;
  va_start (args, fmt);
  g_autofree char *what = g_strdup_vprintf (fmt, args);
  va_end (args);
  g_set_error (r->error, CW_PROJECT_ERROR, status, "%s: %s", r->name, what);
  r->failed = TRUE;
  return FALSE;
}

/* The member when present with the wanted JSON type; NULL when absent or null (fine for optional
 * fields); a type mismatch fails the whole read with the member's name. */
JsonNode *
cw_reader_member (CwReader *r, JsonObject *object, const char *section, const char *name, GType value_type)
{
  if (r->failed || !object)
    return NULL;
  JsonNode *node = json_object_get_member (object, name);
  if (!node || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  gboolean ok;
  if (value_type == JSON_TYPE_OBJECT)
    ok = JSON_NODE_HOLDS_OBJECT (node);
  else if (value_type == JSON_TYPE_ARRAY)
    ok = JSON_NODE_HOLDS_ARRAY (node);
  else if (value_type == G_TYPE_DOUBLE || value_type == G_TYPE_INT64)
    ok = JSON_NODE_HOLDS_VALUE (node)
         && (json_node_get_value_type (node) == G_TYPE_DOUBLE || json_node_get_value_type (node) == G_TYPE_INT64);
  else
    ok = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == value_type;
  if (!ok)
    {
      cw_reader_fail (r, CW_ERR_FORMAT, "'%s%s%s' has the wrong type.", section ? section : "", section ? "." : "",
                   name);
      return NULL;
    }
  return node;
}

void
cw_reader_int (CwReader *r, JsonObject *object, const char *section, const char *name, int *out)
{
  JsonNode *node = cw_reader_member (r, object, section, name, G_TYPE_INT64);
  if (node)
    {
      double value = json_node_get_double (node);
      if (value != rint (value) || fabs (value) > G_MAXINT)
        cw_reader_fail (r, CW_ERR_FORMAT, "'%s%s%s' should be a whole number.", section ? section : "",
                     section ? "." : "", name);
      else
        *out = (int) value;
    }
}

void
cw_reader_float (CwReader *r, JsonObject *object, const char *section, const char *name, float *out)
{
  JsonNode *node = cw_reader_member (r, object, section, name, G_TYPE_DOUBLE);
  if (node)
    *out = (float) json_node_get_double (node);
}

void
cw_reader_bool (CwReader *r, JsonObject *object, const char *section, const char *name, bool *out)
{
  JsonNode *node = cw_reader_member (r, object, section, name, G_TYPE_BOOLEAN);
  if (node)
    *out = json_node_get_boolean (node);
}

const char *
cw_reader_string (CwReader *r, JsonObject *object, const char *section, const char *name)
{
  JsonNode *node = cw_reader_member (r, object, section, name, G_TYPE_STRING);
  return node ? json_node_get_string (node) : NULL;
}

void
cw_reader_uint64_text (CwReader *r, JsonObject *object, const char *section, const char *name, guint64 *out)
{
  const char *text = cw_reader_string (r, object, section, name);
  if (text && !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, out, NULL))
    cw_reader_fail (r, CW_ERR_FORMAT, "'%s%s%s' is not a number.", section ? section : "", section ? "." : "",
                    name);
}

JsonObject *
cw_reader_object (CwReader *r, JsonObject *object, const char *section, const char *name)
{
  JsonNode *node = cw_reader_member (r, object, section, name, JSON_TYPE_OBJECT);
  return node ? json_node_get_object (node) : NULL;
}

static void
read_training (CwReader *r, JsonObject *o, cw_train_config *c)
{
  const char *s = "training";
  cw_reader_int (r, o, s, "epochs", &c->epochs);
  cw_reader_int (r, o, s, "batch", &c->batch);
  guint64 seed = c->seed;
  cw_reader_uint64_text (r, o, s, "seed", &seed);
  c->seed = seed;
  cw_reader_bool (r, o, s, "init_weights", &c->init_weights);
  cw_reader_bool (r, o, s, "shuffle", &c->shuffle);
  const char *loss = cw_reader_string (r, o, s, "loss");
  if (loss && !cw_loss_from_name (loss, &c->loss))
    cw_reader_fail (r, CW_ERR_FORMAT, "unknown loss '%s'.", loss);

  JsonObject *opt = cw_reader_object (r, o, s, "optimizer");
  const char *type = cw_reader_string (r, opt, "optimizer", "type");
  if (type && !cw_optimizer_from_name (type, &c->optimizer.type))
    cw_reader_fail (r, CW_ERR_FORMAT, "unknown optimizer '%s'.", type);
  cw_reader_float (r, opt, "optimizer", "lr", &c->optimizer.lr);
  cw_reader_float (r, opt, "optimizer", "momentum", &c->optimizer.momentum);
  cw_reader_bool (r, opt, "optimizer", "nesterov", &c->optimizer.nesterov);
  cw_reader_float (r, opt, "optimizer", "beta1", &c->optimizer.beta1);
  cw_reader_float (r, opt, "optimizer", "beta2", &c->optimizer.beta2);
  cw_reader_float (r, opt, "optimizer", "eps", &c->optimizer.eps);
  cw_reader_float (r, opt, "optimizer", "weight_decay", &c->optimizer.weight_decay);
  cw_reader_float (r, opt, "optimizer", "clip_norm", &c->optimizer.clip_norm);
  cw_reader_float (r, opt, "optimizer", "clip_value", &c->optimizer.clip_value);

  JsonObject *sched = cw_reader_object (r, o, s, "schedule");
  const char *schedule = cw_reader_string (r, sched, "schedule", "type");
  if (schedule && !cw_schedule_from_name (schedule, &c->schedule.type))
    cw_reader_fail (r, CW_ERR_FORMAT, "unknown learning-rate schedule '%s'.", schedule);
  cw_reader_int (r, sched, "schedule", "step_epochs", &c->schedule.step_epochs);
  cw_reader_float (r, sched, "schedule", "gamma", &c->schedule.gamma);
  cw_reader_float (r, sched, "schedule", "min_lr", &c->schedule.min_lr);

  cw_reader_int (r, o, s, "patience", &c->patience);
  cw_reader_float (r, o, s, "min_delta", &c->min_delta);
  cw_reader_bool (r, o, s, "restore_best", &c->restore_best);
  const char *scaling = cw_reader_string (r, o, s, "input_scaling");
  if (scaling)
    {
      gboolean known = FALSE;
      for (guint i = 0; i < G_N_ELEMENTS (cw_project_scaling_names); i++)
        if (strcmp (scaling, cw_project_scaling_names[i]) == 0)
          {
            c->input_scaling = (cw_scaling) i;
            known = TRUE;
          }
      if (!known)
        cw_reader_fail (r, CW_ERR_FORMAT, "unknown input scaling '%s'.", scaling);
    }
  cw_reader_bool (r, o, s, "standardize_targets", &c->standardize_targets);

  JsonObject *aug = cw_reader_object (r, o, s, "augment");
  cw_reader_int (r, aug, "augment", "shift", &c->augment.shift);
  cw_reader_float (r, aug, "augment", "noise", &c->augment.noise);
  cw_reader_float (r, aug, "augment", "scale", &c->augment.scale);
  cw_reader_float (r, aug, "augment", "offset", &c->augment.offset);
  cw_reader_float (r, aug, "augment", "slope", &c->augment.slope);

  cw_reader_int (r, o, s, "threads", &c->threads);
  cw_reader_bool (r, o, s, "train_metrics", &c->train_metrics);
}

static void
read_pls (CwReader *r, JsonObject *o, CwPlsSettings *pls)
{
  /* Files from before PLS chose its own preprocessing fitted it after the project's: they still do. */
  pls->preprocessing = CW_PLS_PREP_PROJECT;
  pls->rule = CW_NCOMP_ONE_SE;
  if (!o)
    return;
  const char *rule = cw_reader_string (r, o, "pls", "rule");
  if (rule && !cw_ncomp_rule_from_name (rule, &pls->rule))
    cw_reader_fail (r, CW_ERR_FORMAT, "unknown PLS component rule '%s'.", rule);
  const char *prep = cw_reader_string (r, o, "pls", "preprocessing");
  if (prep)
    {
      gboolean known = FALSE;
      for (int i = 0; i < CW_PROJECT_N_PLS_PREP && !known; i++)
        if (strcmp (prep, cw_project_pls_prep_names[i]) == 0)
          {
            pls->preprocessing = (CwPlsPrepMode) i;
            known = TRUE;
          }
      if (!known)
        cw_reader_fail (r, CW_ERR_FORMAT, "unknown PLS preprocessing mode '%s'.", prep);
    }
  cw_reader_int (r, o, "pls", "max_components", &pls->max_components);
  cw_reader_int (r, o, "pls", "components", &pls->components);
  cw_reader_int (r, o, "pls", "cv_folds", &pls->cv_folds);
  bool cv_random = pls->cv_random;
  cw_reader_bool (r, o, "pls", "cv_random", &cv_random);
  pls->cv_random = cv_random;
  /* absent in older files: no grouping (borrowed from the JSON until cw_project_set_pls_settings copies it) */
  pls->group_column = (char *) cw_reader_string (r, o, "pls", "group_column");
  const char *algorithm = cw_reader_string (r, o, "pls", "algorithm");
  if (!algorithm)
    return;
  for (cw_pls_algorithm a = CW_PLS_NIPALS; a <= CW_PLS_SIMPLS; a++)
    if (strcmp (algorithm, cw_pls_algorithm_name (a)) == 0)
      {
        pls->algorithm = a;
        return;
      }
  cw_reader_fail (r, CW_ERR_FORMAT, "unknown PLS algorithm '%s'.", algorithm);
}

/* The model pipeline's fitting rows ([first, last] runs) as a validation mask over n rows: 1 = left
 * out. NULL when absent (older files: the model took raw signals, which needs no rows). */
static unsigned char *
read_fit_rows (CwReader *r, JsonObject *model_object, int n)
{
  JsonNode *node = cw_reader_member (r, model_object, "model", "preprocessing_fit_rows", JSON_TYPE_ARRAY);
  if (!node)
    return NULL;
  JsonArray *runs = json_node_get_array (node);
  g_autofree unsigned char *left_out = g_new (unsigned char, MAX (n, 1));
  memset (left_out, 1, (size_t) MAX (n, 1));
  for (guint i = 0; i < json_array_get_length (runs); i++)
    {
      JsonNode *run = json_array_get_element (runs, i);
      JsonArray *pair = JSON_NODE_HOLDS_ARRAY (run) ? json_node_get_array (run) : NULL;
      gint64 first = -1, last = -1;
      if (pair && json_array_get_length (pair) == 2
          && JSON_NODE_HOLDS_VALUE (json_array_get_element (pair, 0))
          && JSON_NODE_HOLDS_VALUE (json_array_get_element (pair, 1))
          && json_node_get_value_type (json_array_get_element (pair, 0)) == G_TYPE_INT64
          && json_node_get_value_type (json_array_get_element (pair, 1)) == G_TYPE_INT64)
        {
          first = json_array_get_int_element (pair, 0);
          last = json_array_get_int_element (pair, 1);
        }
      if (first < 0 || last < first || last >= n)
        {
          cw_reader_fail (r, CW_ERR_FORMAT, "'model.preprocessing_fit_rows' holds a run that is not [first, last] "
                       "within the %d rows of the data.", n);
          return NULL;
        }
      memset (left_out + first, 0, (size_t) (last - first + 1));
    }
  return g_steal_pointer (&left_out);
}

double *
cw_reader_double_array (CwReader *r, JsonObject *o, const char *section, const char *name, int n)
{
  JsonNode *node = cw_reader_member (r, o, section, name, JSON_TYPE_ARRAY);
  if (!node)
    return NULL;
  JsonArray *array = json_node_get_array (node);
  if ((int) json_array_get_length (array) != n)
    {
      cw_reader_fail (r, CW_ERR_FORMAT, "'%s.%s' should hold %d values.", section, name, n);
      return NULL;
    }
  double *values = malloc ((size_t) MAX (n, 1) * sizeof (double));
  for (int i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (array, (guint) i);
      if (JSON_NODE_HOLDS_NULL (item))
        values[i] = NAN;
      else if (JSON_NODE_HOLDS_VALUE (item) && (json_node_get_value_type (item) == G_TYPE_DOUBLE
                                                || json_node_get_value_type (item) == G_TYPE_INT64))
        values[i] = json_node_get_double (item);
      else
        {
          free (values);
          cw_reader_fail (r, CW_ERR_FORMAT, "'%s.%s' holds something that is not a number.", section,
                          name);
          return NULL;
        }
    }
  return values;
}

static void
read_history (CwReader *r, JsonObject *o, cw_history *h)
{
  memset (h, 0, sizeof *h);
  if (!o)
    return;
  int epochs = 0;
  cw_reader_int (r, o, "history", "epochs", &epochs);
  if (epochs < 0)
    cw_reader_fail (r, CW_ERR_FORMAT, "'history.epochs' is negative.");
  if (r->failed || epochs == 0)
    return;
  h->epochs = epochs;
  h->train_loss = cw_reader_double_array (r, o, "history", "train_loss", epochs);
  h->val_loss = cw_reader_double_array (r, o, "history", "val_loss", epochs);
  h->train_metric = cw_reader_double_array (r, o, "history", "train_metric", epochs);
  h->val_metric = cw_reader_double_array (r, o, "history", "val_metric", epochs);
  h->lr = cw_reader_double_array (r, o, "history", "lr", epochs);
  cw_reader_int (r, o, "history", "best_epoch", &h->best_epoch);
  bool stopped_early = false;
  cw_reader_bool (r, o, "history", "stopped_early", &stopped_early);
  h->stopped_early = stopped_early;
  JsonNode *seconds = cw_reader_member (r, o, "history", "seconds", G_TYPE_DOUBLE);
  h->seconds = seconds ? json_node_get_double (seconds) : 0;
  if (!h->train_loss && !r->failed)
    cw_reader_fail (r, CW_ERR_FORMAT, "'history.train_loss' is missing.");
}

static cw_model *
model_from_base64 (CwReader *r, const char *text)
{
  gsize length = 0;
  g_autofree guchar *bytes = g_base64_decode (text, &length);
  cw_error err;
  cw_error_clear (&err);
  /* The name is what the engine's messages call the bytes. */
  cw_model *model = cw_model_load_bytes (bytes, length, "the stored model", &err);
  if (!model)
    cw_reader_fail (r, CW_ERR_FORMAT, "the trained model is damaged: %s", err.message);
  return model;
}

/* Where the data is: the path relative to the project (or absolute), else the absolute copy, else a
 * URI (e.g. the bundled example in the resources), else a file of the same name next to the project.
 * The first candidate is returned when none exists, so the message names where it was expected. */
static GFile *
resolve_data_file (JsonObject *data, GFile *project_file, CwReader *r)
{
  const char *path = cw_reader_string (r, data, "data", "path");
  const char *absolute = cw_reader_string (r, data, "data", "absolute_path");
  const char *uri = cw_reader_string (r, data, "data", "uri");
  g_autoptr(GFile) folder = g_file_get_parent (project_file);
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func (g_object_unref);
  if (path)
    g_ptr_array_add (candidates, g_path_is_absolute (path) || !folder ? g_file_new_for_path (path)
                                                                      : g_file_resolve_relative_path (folder, path));
  if (absolute)
    g_ptr_array_add (candidates, g_file_new_for_path (absolute));
  if (uri)
    g_ptr_array_add (candidates, g_file_new_for_uri (uri));
  if (candidates->len == 0)
    return NULL;
  g_autofree char *basename = g_file_get_basename (g_ptr_array_index (candidates, 0));
  if (folder && basename)
    g_ptr_array_add (candidates, g_file_get_child (folder, basename));
  for (guint i = 0; i < candidates->len; i++)
    if (g_file_query_exists (g_ptr_array_index (candidates, i), NULL))
      return g_object_ref (g_ptr_array_index (candidates, i));
  return g_object_ref (g_ptr_array_index (candidates, 0));
}

/* "line 3: JSON syntax error: …" from json-glib's "<data>:3:5: Parse error: …". */
static char *
describe_json_error (const GError *error)
{
  int line = 0, column = 0;
  const char *rest = error->message;
  if (g_str_has_prefix (rest, "<data>:") && sscanf (rest + 7, "%d:%d:", &line, &column) == 2)
    {
      for (int colons = 0; *rest && colons < 3; rest++)
        colons += *rest == ':';
      while (*rest == ' ')
        rest++;
      if (g_str_has_prefix (rest, "Parse error: "))
        rest += strlen ("Parse error: ");
      return g_strdup_printf ("line %d, column %d: JSON syntax error: %s", line, column, rest);
    }
  return g_strdup_printf ("JSON syntax error: %s", rest);
}

/* Warnings pile up, one sentence after another. */
static void
append_warning (char **warning, const char *text)
{
  if (!warning)
    return;
  char *earlier = *warning;
  *warning = earlier ? g_strdup_printf ("%s %s", earlier, text) : g_strdup (text);
  g_free (earlier);
}

CwProject *
cw_project_load (GFile *file, char **warning, GError **error)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  if (warning)
    *warning = NULL;

  g_autofree char *name = g_file_get_basename (file);
  CwReader reader = { name, error, FALSE };
  CwReader *r = &reader;

  g_autofree char *text = NULL;
  gsize length = 0;
  g_autoptr(GError) local_error = NULL;
  if (!g_file_load_contents (file, NULL, &text, &length, NULL, &local_error))
    {
      cw_reader_fail (r, CW_ERR_IO, "the project could not be read: %s", local_error->message);
      return NULL;
    }

  g_autoptr(JsonParser) parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, text, (gssize) length, &local_error))
    {
      g_autofree char *what = describe_json_error (local_error);
      cw_reader_fail (r, CW_ERR_FORMAT, "not a Conv1D Workbench project (%s).", what);
      return NULL;
    }
  JsonNode *root_node = json_parser_get_root (parser);
  JsonObject *root = root_node && JSON_NODE_HOLDS_OBJECT (root_node) ? json_node_get_object (root_node) : NULL;
  const char *format = root && json_object_has_member (root, "format")
                         && JSON_NODE_HOLDS_VALUE (json_object_get_member (root, "format"))
                         && json_node_get_value_type (json_object_get_member (root, "format")) == G_TYPE_STRING
                       ? json_object_get_string_member (root, "format") : NULL;
  if (g_strcmp0 (format, CW_PROJECT_FORMAT) != 0)
    {
      cw_reader_fail (r, CW_ERR_FORMAT, "not a Conv1D Workbench project.");
      return NULL;
    }
  int version = 0;
  cw_reader_int (r, root, NULL, "version", &version);
  if (!r->failed && version > CW_PROJECT_FORMAT_VERSION)
    cw_reader_fail (r, CW_ERR_FORMAT, "this project was saved by a newer Conv1D Workbench (format version %d; "
                 "this one reads %d).", version, CW_PROJECT_FORMAT_VERSION);
  if (!r->failed && version < 1)
    cw_reader_fail (r, CW_ERR_FORMAT, "not a Conv1D Workbench project (no format version).");
  if (r->failed)
    return NULL;

  g_autoptr(CwProject) self = cw_project_new ();

  /* Data first: target names, the default spec and the checksum depend on it. */
  JsonObject *data = cw_reader_object (r, root, NULL, "data");
  g_autoptr(GFile) data_file = data ? resolve_data_file (data, file, r) : NULL;
  const char *saved_checksum = cw_reader_string (r, data, "data", "sha256");
  /* Before the data is read: it decides how the file's missing cells are read (older projects: refused). */
  bool allow_missing = false;
  if (data && json_object_has_member (data, "allow_missing"))
    cw_reader_bool (r, data, "data", "allow_missing", &allow_missing);
  if (r->failed)
    return NULL;
  self->allow_missing = allow_missing;
  if (data_file)
    {
      if (!g_file_query_exists (data_file, NULL))
        {
          g_autofree char *data_name = g_file_get_parse_name (data_file);
          cw_reader_fail (r, CW_ERR_IO, "its data file %s was not found; put it back (or next to the project) "
                       "and open the project again.", data_name);
          return NULL;
        }
      if (!cw_project_load_data (self, data_file, &local_error))
        {
          g_autofree char *data_name = g_file_get_parse_name (data_file);
          cw_reader_fail (r, local_error->domain == CW_PROJECT_ERROR ? (cw_status) local_error->code : CW_ERR_IO,
                       "its data file %s could not be loaded: %s", data_name, local_error->message);
          return NULL;
        }
      const char *checksum = cw_project_get_data_checksum (self);
      if (warning && saved_checksum && g_strcmp0 (checksum, saved_checksum) != 0)
        {
          g_autofree char *data_name = g_file_get_basename (data_file);
          *warning = g_strdup_printf ("The data file %s has changed since the project was saved (its checksum "
                                      "differs): the trained model and the validation rows may not match it.",
                                      data_name);
        }
    }

  /* Optional (older projects have none): the user's name for the axis. */
  if (data && json_object_has_member (data, "axis_label"))
    {
      const char *axis_label = cw_reader_string (r, data, "data", "axis_label");
      if (r->failed)
        return NULL;
      g_free (self->axis_label);
      self->axis_label = g_strdup (axis_label && *axis_label ? axis_label : NULL);
    }

  const char *target = cw_reader_string (r, root, NULL, "target");
  const char *task_name = cw_reader_string (r, root, NULL, "task");
  const char *architecture = cw_reader_string (r, root, NULL, "architecture");
  const char *preprocessing = cw_reader_string (r, root, NULL, "preprocessing");
  if (r->failed)
    return NULL;
  const cw_dataset *ds = cw_project_get_dataset (self);
  if (target && ds)
    {
      int index = cw_dataset_find_target (ds, target);
      if (index < 0)
        {
          cw_reader_fail (r, CW_ERR_FORMAT, "the data file has no target column '%s'.", target);
          return NULL;
        }
      cw_project_set_target (self, index);
    }
  if (task_name)
    {
      gboolean known = FALSE;
      for (cw_task task = CW_TASK_REGRESSION; task <= CW_TASK_MULTILABEL; task++)
        if (strcmp (task_name, cw_task_name (task)) == 0)
          {
            cw_project_set_task (self, task);
            known = TRUE;
          }
      if (!known)
        {
          cw_reader_fail (r, CW_ERR_FORMAT, "unknown task '%s'.", task_name);
          return NULL;
        }
    }
  if (architecture)
    {
      cw_error err;
      cw_error_clear (&err);
      cw_spec *spec = cw_spec_parse (architecture, &err);
      if (!spec)
        {
          cw_reader_fail (r, CW_ERR_FORMAT, "the architecture cannot be read: %s", err.message);
          return NULL;
        }
      cw_project_set_spec (self, spec);
      cw_spec_free (spec);
    }
  if (preprocessing && !cw_project_set_preprocessing (self, preprocessing, &local_error))
    {
      cw_reader_fail (r, CW_ERR_FORMAT, "the preprocessing cannot be read: %s", local_error->message);
      return NULL;
    }

  cw_train_config config = *cw_project_get_train_config (self);
  JsonObject *training = cw_reader_object (r, root, NULL, "training");
  if (training)
    read_training (r, training, &config);

  /* Format 2 has "rows"; format 1 had a validation split, whose meta rows are test rows now. */
  CwRowSettings rows;
  cw_row_settings_copy (&rows, cw_project_get_row_settings (self));
  g_autofree char *rows_note = NULL;
  JsonObject *rows_object = cw_reader_object (r, root, NULL, "rows");
  JsonObject *validation_object = cw_reader_object (r, root, NULL, "validation");
  if (rows_object)
    cw_project_read_rows (r, rows_object, &rows);
  else if (validation_object)
    cw_project_read_legacy_validation (r, validation_object, &rows, &rows_note);
  /* Projects from before recipes trained their own layer stack. */
  CwRecipeSettings recipe = { g_strdup (CW_RECIPE_CUSTOM), 0, cw_project_get_recipe_settings (self)->time_budget_s };
  JsonObject *recipe_object = cw_reader_object (r, root, NULL, "recipe");
  if (recipe_object)
    cw_project_read_recipe (r, recipe_object, &recipe);
  int threads = cw_project_get_threads (self);
  cw_reader_int (r, root, NULL, "threads", &threads);
  CwPlsSettings pls = *cw_project_get_pls_settings (self);
  read_pls (r, cw_reader_object (r, root, NULL, "pls"), &pls);

  cw_model *model = NULL;
  JsonObject *model_object = cw_reader_object (r, root, NULL, "model");
  const char *weights = cw_reader_string (r, model_object, "model", "weights");
  const char *model_preprocessing = cw_reader_string (r, model_object, "model", "preprocessing");
  g_autofree unsigned char *model_val_rows = read_fit_rows (r, model_object, ds ? cw_dataset_n_samples (ds) : 0);
  if (weights && !r->failed)
    model = model_from_base64 (r, weights);
  cw_history history;
  read_history (r, cw_reader_object (r, root, NULL, "history"), &history);
  JsonObject *fit_object = cw_reader_object (r, root, NULL, "fit");
  g_autoptr (CwFitSummary) summary = fit_object && !r->failed
                                     ? cw_project_read_fit (r, fit_object, cw_project_get_task (self)) : NULL;
  if (r->failed)
    {
      g_clear_pointer (&model, cw_model_free);
      cw_history_clear (&history);
      cw_row_settings_clear (&rows);
      g_free (recipe.recipe);
      return NULL;
    }

  cw_project_set_train_config (self, &config);
  g_autoptr (GError) rows_error = NULL;
  /* Rows the data no longer allows (a column gone from a changed file) fall back to the data's defaults. */
  if (ds && !cw_project_set_row_settings (self, &rows, &rows_error))
    {
      g_autofree char *dropped = g_strdup_printf ("The saved choice of test and validation rows no longer fits "
                                                  "the data (%s); the data's defaults are used.",
                                                  rows_error->message);
      append_warning (warning, dropped);
    }
  cw_row_settings_clear (&rows);
  g_autoptr (GError) recipe_error = NULL;
  if (!cw_project_set_recipe_settings (self, &recipe, &recipe_error))
    {
      g_autofree char *dropped = g_strdup_printf ("%s This version trains auto instead.", recipe_error->message);
      append_warning (warning, dropped);
    }
  g_free (recipe.recipe);
  if (rows_note)
    append_warning (warning, rows_note);
  cw_project_set_threads (self, threads);
  cw_project_set_pls_settings (self, &pls);
  /* Model files of format 2 carry their fitted pipeline; format 1's is refitted below. */
  gboolean model_has_pipeline = model && cw_model_get_pipeline (model);
  if (model || history.epochs > 0)
    cw_project_set_model (self, model, &history);
  cw_history_clear (&history);
  g_autofree char *refit_problem = NULL;
  if (model && model_has_pipeline)
    cw_project_set_model_preprocessing (self, model_preprocessing ? model_preprocessing : "");
  /* Format 1 did not store the pipeline's fitted state: the same text on the same rows gives it back. */
  else if (model && model_preprocessing
           && !cw_project_refit_model_pipeline (self, model_preprocessing, model_val_rows, &refit_problem))
    {
      g_autofree char *problem = g_strdup_printf ("The trained model's preprocessing (%s) no longer fits the data: "
                                                  "%s Train the model again.", model_preprocessing, refit_problem);
      append_warning (warning, problem);
    }

  /* The summary's targets come from the data, when it still has the rows the fit ran on. */
  if (summary && model && ds && summary->n == cw_dataset_n_samples (ds))
    {
      float *y = NULL;
      int k = 0;
      if (cw_project_build_training_data (self, NULL, &y, &k, NULL) && k == summary->k)
        summary->y = g_steal_pointer (&y);
      g_free (y);
      self->fit_summary = g_steal_pointer (&summary);
    }

  cw_project_clear_undo (self);
  cw_project_set_file (self, file);
  cw_project_set_modified (self, FALSE);
  return g_steal_pointer (&self);
}
