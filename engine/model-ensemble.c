/* model-ensemble.c — what stands around the network: further ensemble members whose predictions are
 * averaged, and the fitted preprocessing the model was trained behind. */
#include "cw-model-private.h"
#include "cw-preprocess.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* ---- members ---- */

cw_status
cw_model_add_member (cw_model *m, const cw_model *member, cw_error *err)
{
  assert (m && member);
  cw_error_clear (err);
  char *ours = cw_spec_to_string (m->spec), *theirs = cw_spec_to_string (member->spec);
  bool same_spec = strcmp (ours, theirs) == 0;
  cw_status st = CW_OK;
  if (!same_spec)
    st = cw_error_set (err, CW_ERR_SHAPE, 0, 0,
                       "An ensemble member must have the model's architecture '%s', not '%s'.", ours, theirs);
  else if (member->in_c != m->in_c || member->in_l != m->in_l)
    st = cw_error_set (err, CW_ERR_SHAPE, 0, 0,
                       "An ensemble member must take the model's %d x %d input, not %d x %d.", m->in_c, m->in_l,
                       member->in_c, member->in_l);
  else if (member->task != m->task || member->n_outputs != m->n_outputs)
    st = cw_error_set (err, CW_ERR_SHAPE, 0, 0,
                       "An ensemble member must have the model's task (%s, %d output%s), not %s with %d.",
                       cw_task_name (m->task), m->n_outputs, m->n_outputs == 1 ? "" : "s",
                       cw_task_name (member->task), member->n_outputs);
  free (ours);
  free (theirs);
  if (st != CW_OK)
    return st;

  cw_model *copy = cw_model_copy_network (member);
  cw_model **grown = copy ? realloc (m->extra, (size_t) (m->n_extra + 1) * sizeof *grown) : NULL;
  if (!grown)
    {
      cw_model_free (copy);
      return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory for another ensemble member.");
    }
  cw_model_set_threads (copy, m->threads);
  m->extra = grown;
  m->extra[m->n_extra++] = copy;
  return CW_OK;
}

int
cw_model_n_members (const cw_model *m)
{
  return 1 + m->n_extra;
}

cw_model *
cw_model_member (cw_model *m, int index)
{
  assert (index >= 0 && index <= m->n_extra);
  return index == 0 ? m : m->extra[index - 1];
}

cw_status
cw_model_predict_member (cw_model *m, int index, const float *x, int n, float *out, cw_error *err)
{
  return cw_model_predict_network (cw_model_member (m, index), x, n, out, err);
}

/* The mean of the members' user-unit outputs: summed in member order in double, then divided once, so
 * the result depends on nothing but the members and their order. */
cw_status
cw_model_predict_ensemble (cw_model *m, const float *x, int n, float *out, cw_error *err)
{
  size_t total = (size_t) (n > 0 ? n : 0) * (size_t) m->n_outputs;
  double *sum = calloc (total ? total : 1, sizeof (double));
  float *one = malloc ((total ? total : 1) * sizeof (float));
  cw_status st = CW_OK;
  if (!sum || !one)
    st = cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to predict %d samples.", n);
  int members = cw_model_n_members (m);
  for (int i = 0; i < members && st == CW_OK; i++)
    {
      st = cw_model_predict_network (cw_model_member (m, i), x, n, one, err);
      for (size_t j = 0; j < total && st == CW_OK; j++)
        sum[j] += one[j];
    }
  if (st == CW_OK)
    for (size_t j = 0; j < total; j++)
      out[j] = (float) (sum[j] / members);
  free (sum);
  free (one);
  return st;
}

/* ---- the pipeline ---- */

void
cw_model_set_pipeline (cw_model *m, const cw_pipeline *pipeline)
{
  assert (m);
  if (pipeline)
    {
      /* The model's input is the pipeline's output: anything else is a caller's mix-up. */
      assert (cw_pipeline_is_fitted (pipeline) && "fit the pipeline before giving it to the model");
      assert (cw_pipeline_channels (pipeline) == m->in_c && cw_pipeline_out_length (pipeline) == m->in_l
              && "the pipeline's output must be the model's input shape");
    }
  cw_pipeline *copy = pipeline ? cw_pipeline_copy (pipeline) : NULL;
  cw_pipeline_free (m->pipeline);
  m->pipeline = copy;
}

const cw_pipeline *
cw_model_get_pipeline (const cw_model *m)
{
  return m->pipeline;
}

int
cw_model_raw_length (const cw_model *m)
{
  return m->pipeline ? cw_pipeline_in_length (m->pipeline) : m->in_l;
}

cw_status
cw_model_predict_raw (cw_model *m, const float *x, int n, float *out, cw_error *err)
{
  assert (m && n >= 0);
  if (!m->pipeline)
    return cw_model_predict (m, x, n, out, err);
  cw_error_clear (err);
  /* All rows through the pipeline, then one prediction call: the batches are then those of
   * cw_model_predict on the preprocessed rows, so both routes give the same bits. */
  size_t size = (size_t) n * (size_t) m->in_c * (size_t) m->in_l;
  float *processed = malloc ((size ? size : 1) * sizeof (float));
  if (!processed)
    return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to preprocess %d samples.", n);
  if (n > 0)
    cw_pipeline_apply_f (m->pipeline, x, n, processed);
  cw_status st = cw_model_predict (m, processed, n, out, err);
  free (processed);
  return st;
}

/* ---- copying and freeing ---- */

void
cw_model_copy_extras (cw_model *dst, const cw_model *src)
{
  assert (dst->n_extra == 0 && !dst->pipeline && dst->n_info == 0);
  if (src->n_extra > 0)
    {
      dst->extra = calloc ((size_t) src->n_extra, sizeof *dst->extra);
      for (int i = 0; i < src->n_extra; i++)
        dst->extra[i] = cw_model_copy_network (src->extra[i]);
      dst->n_extra = src->n_extra;
    }
  if (src->pipeline)
    dst->pipeline = cw_pipeline_copy (src->pipeline);
  cw_model_copy_record (dst, src);
}

void
cw_model_free_extras (cw_model *m)
{
  for (int i = 0; i < m->n_extra; i++)
    cw_model_free (m->extra[i]);
  free (m->extra);
  m->extra = NULL;
  m->n_extra = 0;
  cw_pipeline_free (m->pipeline);
  m->pipeline = NULL;
  cw_model_free_record (m);
}
