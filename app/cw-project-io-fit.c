/* cw-project-io-fit.c — the fit summary in .cwproj files ("fit"): the candidates with their scores, what
 * was chosen and why, the rows' roles as one string ("0" training, "1" validation, "2" test), the
 * validation predictions and the final model's prediction of every row (floats as JSON numbers, which
 * json-glib writes with 17 digits: they read back to the same floats). The targets are not stored: the
 * project's data gives them back. */
#include "cw-project-io-private.h"

#include <math.h>
#include <string.h>

static const char *const validation_names[] = { "none", "holdout", "cv" };

static void
add_floats (JsonBuilder *builder, const char *name, const float *values, gsize n)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (gsize i = 0; i < n; i++)
    if (isfinite (values[i]))
      json_builder_add_double_value (builder, values[i]);
    else
      json_builder_add_null_value (builder);
  json_builder_end_array (builder);
}

void
cw_project_write_fit (JsonBuilder *builder, const CwFitSummary *s)
{
  json_builder_set_member_name (builder, "fit");
  json_builder_begin_object (builder);
  cw_writer_add_string (builder, "validation", validation_names[s->validation]);
  cw_writer_add_int (builder, "folds", s->n_folds);
  json_builder_set_member_name (builder, "candidates");
  json_builder_begin_array (builder);
  for (int c = 0; c < s->n_candidates; c++)
    {
      const CwFitCandidateSummary *cand = &s->candidates[c];
      json_builder_begin_object (builder);
      cw_writer_add_string (builder, "name", cand->name);
      cw_writer_add_bool (builder, "evaluated", cand->evaluated);
      cw_writer_add_string (builder, "note", cand->note);
      cw_writer_add_double (builder, "score", cand->score);
      cw_writer_add_int (builder, "epochs", cand->epochs);
      cw_writer_add_double (builder, "seconds", cand->seconds);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  cw_writer_add_int (builder, "chosen", s->chosen);
  cw_writer_add_int (builder, "epochs", s->epochs);
  json_builder_set_member_name (builder, "member_epochs");
  json_builder_begin_array (builder);
  for (int m = 0; s->member_epochs && m < s->n_members; m++)
    json_builder_add_int_value (builder, s->member_epochs[m]);
  json_builder_end_array (builder);
  cw_writer_add_string (builder, "kept_weights", s->epoch_reason);
  cw_writer_add_double (builder, "score", s->score);
  cw_writer_add_double (builder, "seconds", s->seconds);
  cw_writer_add_bool (builder, "stopped", s->stopped);
  cw_writer_add_bool (builder, "refit", s->refit);
  cw_writer_add_int (builder, "rows", s->n);
  cw_writer_add_int (builder, "outputs", s->k);
  g_autofree char *roles = g_new (char, s->n + 1);
  for (int i = 0; i < s->n; i++)
    roles[i] = (char) ('0' + s->roles[i]);
  roles[s->n] = '\0';
  cw_writer_add_string (builder, "roles", roles);
  gsize cells = (gsize) s->n * s->k;
  if (s->val_pred)
    add_floats (builder, "validation_predictions", s->val_pred, cells);
  if (s->pred)
    add_floats (builder, "predictions", s->pred, cells);
  cw_writer_add_double_array (builder, "curve_loss", s->curve_loss, s->curve_len);
  cw_writer_add_double_array (builder, "curve", s->curve, s->curve_len);
  json_builder_end_object (builder);
}

static float *
read_floats (CwReader *r, JsonObject *o, const char *name, gsize n)
{
  g_autofree double *values = cw_reader_double_array (r, o, "fit", name, (int) n);
  if (!values)
    return NULL;
  float *out = g_new (float, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    out[i] = (float) values[i];
  return out;
}

static double *
read_doubles (CwReader *r, JsonObject *o, const char *name, int n)
{
  double *values = cw_reader_double_array (r, o, "fit", name, n);
  double *copy = values ? g_memdup2 (values, (gsize) MAX (n, 1) * sizeof (double)) : NULL;
  free (values);
  return copy;
}

CwFitSummary *
cw_project_read_fit (CwReader *r, JsonObject *o, cw_task task)
{
  g_autoptr (CwFitSummary) s = cw_fit_summary_new ();
  s->task = task;
  const char *validation = cw_reader_string (r, o, "fit", "validation");
  for (int v = 0; validation && v < (int) G_N_ELEMENTS (validation_names); v++)
    if (strcmp (validation, validation_names[v]) == 0)
      s->validation = (cw_validate_kind) v;
  cw_reader_int (r, o, "fit", "folds", &s->n_folds);
  JsonNode *node = cw_reader_member (r, o, "fit", "candidates", JSON_TYPE_ARRAY);
  JsonArray *candidates = node ? json_node_get_array (node) : NULL;
  s->n_candidates = candidates ? (int) json_array_get_length (candidates) : 0;
  s->candidates = g_new0 (CwFitCandidateSummary, MAX (s->n_candidates, 1));
  for (int c = 0; c < s->n_candidates && !r->failed; c++)
    {
      JsonNode *item = json_array_get_element (candidates, (guint) c);
      JsonObject *co = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;
      if (!co)
        {
          cw_reader_fail (r, CW_ERR_FORMAT, "'fit.candidates' holds something that is not a candidate.");
          return NULL;
        }
      CwFitCandidateSummary *cand = &s->candidates[c];
      cand->name = g_strdup (cw_reader_string (r, co, "fit.candidates", "name"));
      bool evaluated = false;
      cw_reader_bool (r, co, "fit.candidates", "evaluated", &evaluated);
      cand->evaluated = evaluated;
      cand->note = g_strdup (cw_reader_string (r, co, "fit.candidates", "note"));
      JsonNode *score = cw_reader_member (r, co, "fit.candidates", "score", G_TYPE_DOUBLE);
      cand->score = score ? json_node_get_double (score) : NAN;
      cw_reader_int (r, co, "fit.candidates", "epochs", &cand->epochs);
      JsonNode *seconds = cw_reader_member (r, co, "fit.candidates", "seconds", G_TYPE_DOUBLE);
      cand->seconds = seconds ? json_node_get_double (seconds) : 0;
    }
  cw_reader_int (r, o, "fit", "chosen", &s->chosen);
  cw_reader_int (r, o, "fit", "epochs", &s->epochs);
  node = cw_reader_member (r, o, "fit", "member_epochs", JSON_TYPE_ARRAY);
  JsonArray *members = node ? json_node_get_array (node) : NULL;
  s->n_members = members ? (int) json_array_get_length (members) : 0;
  s->member_epochs = g_new0 (int, MAX (s->n_members, 1));
  for (int m = 0; m < s->n_members; m++)
    s->member_epochs[m] = (int) json_array_get_int_element (members, (guint) m);
  s->epoch_reason = g_strdup (cw_reader_string (r, o, "fit", "kept_weights"));
  JsonNode *score = cw_reader_member (r, o, "fit", "score", G_TYPE_DOUBLE);
  s->score = score ? json_node_get_double (score) : NAN;
  JsonNode *seconds = cw_reader_member (r, o, "fit", "seconds", G_TYPE_DOUBLE);
  s->seconds = seconds ? json_node_get_double (seconds) : 0;
  bool stopped = false;
  cw_reader_bool (r, o, "fit", "stopped", &stopped);
  s->stopped = stopped;
  bool refit = false;
  cw_reader_bool (r, o, "fit", "refit", &refit);
  s->refit = refit;
  cw_reader_int (r, o, "fit", "rows", &s->n);
  cw_reader_int (r, o, "fit", "outputs", &s->k);
  const char *roles = cw_reader_string (r, o, "fit", "roles");
  if (r->failed)
    return NULL;
  if (s->n < 0 || s->k < 1 || !roles || (int) strlen (roles) != s->n
      || s->chosen >= s->n_candidates)
    {
      cw_reader_fail (r, CW_ERR_FORMAT, "'fit' does not describe its rows (roles, rows, outputs, chosen).");
      return NULL;
    }
  s->roles = g_new (unsigned char, MAX (s->n, 1));
  for (int i = 0; i < s->n; i++)
    {
      if (roles[i] < '0' || roles[i] > '2')
        {
          cw_reader_fail (r, CW_ERR_FORMAT, "'fit.roles' holds '%c', not a role (0, 1 or 2).", roles[i]);
          return NULL;
        }
      s->roles[i] = (unsigned char) (roles[i] - '0');
    }
  gsize cells = (gsize) s->n * s->k;
  s->val_pred = read_floats (r, o, "validation_predictions", cells);
  s->pred = read_floats (r, o, "predictions", cells);
  node = cw_reader_member (r, o, "fit", "curve_loss", JSON_TYPE_ARRAY);
  s->curve_len = node ? (int) json_array_get_length (json_node_get_array (node)) : 0;
  s->curve_loss = read_doubles (r, o, "curve_loss", s->curve_len);
  s->curve = read_doubles (r, o, "curve", s->curve_len);
  if (r->failed)
    return NULL;
  return g_steal_pointer (&s);
}
