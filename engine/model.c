/* model.c — building a layer stack from a spec, buffers, forward/backward, prediction. */
#include "cw-model-private.h"

#include "cw-blas-private.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *
cw_task_name (cw_task task)
{
  switch (task)
    {
    case CW_TASK_REGRESSION: return "regression";
    case CW_TASK_BINARY: return "binary";
    case CW_TASK_MULTICLASS: return "multiclass";
    case CW_TASK_MULTILABEL: return "multilabel";
    }
  return "?";
}

const cw_layer_ops *
cw_layer_ops_for (cw_layer_type type)
{
  switch (type)
    {
    case CW_LAYER_CONV: return &cw_conv_ops;
    case CW_LAYER_MAXPOOL: return &cw_maxpool_ops;
    case CW_LAYER_AVGPOOL: return &cw_avgpool_ops;
    case CW_LAYER_GLOBAL_MAXPOOL: return &cw_global_maxpool_ops;
    case CW_LAYER_GLOBAL_AVGPOOL: return &cw_global_avgpool_ops;
    case CW_LAYER_FLATTEN: return &cw_flatten_ops;
    case CW_LAYER_DENSE: return &cw_dense_ops;
    case CW_LAYER_DROPOUT: return &cw_dropout_ops;
    case CW_LAYER_BATCHNORM: return &cw_batchnorm_ops;
    case CW_LAYER_ACTIVATION: return &cw_activation_ops;
    case CW_LAYER_N_TYPES: break;
    }
  assert (!"unknown layer type");
  return NULL;
}

void
cw_init_uniform (float *w, size_t n, float limit, cw_rng *rng)
{
  for (size_t i = 0; i < n; i++)
    w[i] = (float) ((2.0 * cw_rng_uniform (rng) - 1.0) * limit);
}

float
cw_init_limit (const cw_layer *l, size_t fan_in, size_t fan_out)
{
  if (l->glorot_init)
    return sqrtf (6.0f / (float) (fan_in + fan_out));
  return sqrtf (6.0f / (float) fan_in);
}

/* He initialisation keeps the variance of ReLU-family outputs; for tanh, sigmoid, softmax or a linear
 * output Glorot's is the right scale. Look past layers that do not change the distribution's kind. */
static bool
wants_glorot (const cw_spec *spec, int i)
{
  for (int j = i + 1; j < cw_spec_count (spec); j++)
    {
      const cw_layer_spec *s = cw_spec_get (spec, j);
      switch (s->type)
        {
        case CW_LAYER_BATCHNORM:
        case CW_LAYER_DROPOUT:
        case CW_LAYER_MAXPOOL:
        case CW_LAYER_AVGPOOL:
          continue;
        case CW_LAYER_ACTIVATION:
          switch (s->activation)
            {
            case CW_ACT_RELU: case CW_ACT_RELU6: case CW_ACT_LEAKY_RELU: case CW_ACT_PRELU:
            case CW_ACT_RRELU: case CW_ACT_ELU: case CW_ACT_SWISH: case CW_ACT_SOFTPLUS:
              return false;
            default:
              return true;
            }
        default:
          return true; /* no activation before the next weight layer: a linear map */
        }
    }
  return true; /* the output layer */
}

static bool
is_output_function (const cw_layer_spec *s, cw_task task)
{
  if (s->type != CW_LAYER_ACTIVATION)
    return false;
  if (task == CW_TASK_MULTICLASS)
    return s->activation == CW_ACT_SOFTMAX;
  if (task == CW_TASK_BINARY || task == CW_TASK_MULTILABEL)
    return s->activation == CW_ACT_SIGMOID;
  return false;
}

cw_status
cw_model_check_memory (size_t n_params, size_t n_state, cw_error *err)
{
  double need = ((double) n_params * 2 + (double) n_state) * sizeof (float);
  size_t available = cw_memory_available ();
  if (need < (double) available && need < (double) SIZE_MAX / 4)
    return CW_OK;
  char need_text[32], have_text[32];
  cw_format_bytes (need, need_text);
  cw_format_bytes ((double) available, have_text);
  return cw_error_set (err, CW_ERR_NOMEM, 0, 0,
                       "The network is too large for this machine: %.0f parameters need %s for their weights "
                       "and gradients alone, and %s of memory is available. Use fewer filters or units, or pool "
                       "or stride before flatten.",
                       (double) n_params, need_text, have_text);
}

/* What building a stack for this input would give, worked out without allocating weights: the shapes
 * (info, n entries, owned by the caller), the output layer, the parameter and state counts. Refuses an
 * empty or impossible stack, a wrong output count and a network too large for memory, as cw_model_new
 * does. */
typedef struct {
  cw_shape_info *info;
  int n, logits;
  size_t n_params, n_state;
} network_plan;

static cw_status
plan_network (const cw_spec *spec, int in_c, int in_l, cw_task task, int n_outputs, network_plan *plan,
              cw_error *err)
{
  memset (plan, 0, sizeof *plan);
  int n = cw_spec_count (spec);
  if (n == 0)
    return cw_error_set (err, CW_ERR_SHAPE, 0, 0, "The architecture has no layers.");
  cw_shape_info *info = calloc ((size_t) n, sizeof *info);
  if (!info)
    return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Out of memory building the network.");
  cw_status st = cw_spec_infer (spec, in_c, in_l, info, err);
  if (st != CW_OK)
    {
      free (info);
      return st;
    }
  int logits = n - 1;
  if (n > 1 && is_output_function (cw_spec_get (spec, n - 1), task))
    logits = n - 2;
  const cw_shape_info *last = &info[logits];
  /* The output is used flat: n_outputs = channels x length (usually k x 1 after dense; a conv output
   * such as 1 x 3 is allowed so a bare convolution can be fitted to a target signal). */
  if ((long) last->channels * last->length != n_outputs)
    {
      st = cw_error_set (err, CW_ERR_SHAPE, 0, 0,
                         "The network ends with %d x %d values but the %s task needs %d output%s: end the "
                         "stack with flatten or global pooling and dense(%d).",
                         last->channels, last->length, cw_task_name (task), n_outputs,
                         n_outputs == 1 ? "" : "s", n_outputs);
      if (err)
        err->item = logits;
      free (info);
      return st;
    }
  int c = in_c, l = in_l;
  for (int i = 0; i < n; i++)
    {
      const cw_layer_spec *ls = cw_spec_get (spec, i);
      cw_shape_info si;
      size_t ns = 0;
      st = cw_layer_ops_for (ls->type)->shape (ls, c, l, &si, &ns, err);
      assert (st == CW_OK); /* cw_spec_infer already accepted this stack */
      plan->n_params += si.params;
      plan->n_state += ns;
      c = si.channels;
      l = si.length;
    }
  /* Refused before allocation: with overcommit a huge calloc "succeeds" and the process is killed when
   * the weights are first written. */
  st = cw_model_check_memory (plan->n_params, plan->n_state, err);
  if (st != CW_OK)
    {
      free (info);
      return st;
    }
  plan->info = info;
  plan->n = n;
  plan->logits = logits;
  return CW_OK;
}

cw_status
cw_model_check (const cw_spec *spec, int in_channels, int in_length, cw_task task, int n_outputs,
                cw_error *err)
{
  assert (spec);
  cw_error_clear (err);
  if (in_channels < 1 || in_length < 1 || n_outputs < 1)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "Input must have at least one channel and one value, and the task at least one "
                         "output (got %d x %d input, %d outputs).", in_channels, in_length, n_outputs);
  network_plan plan;
  cw_status st = plan_network (spec, in_channels, in_length, task, n_outputs, &plan, err);
  free (plan.info);
  return st;
}

cw_model *
cw_model_build (cw_spec *spec, int in_c, int in_l, cw_task task, int n_outputs, cw_error *err)
{
  network_plan plan;
  if (plan_network (spec, in_c, in_l, task, n_outputs, &plan, err) != CW_OK)
    {
      cw_spec_free (spec);
      return NULL;
    }
  int n = plan.n;
  cw_model *m = calloc (1, sizeof *m);
  if (!m)
    {
      free (plan.info);
      cw_spec_free (spec);
      cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Out of memory building the network.");
      return NULL;
    }
  m->spec = spec;
  m->in_c = in_c;
  m->in_l = in_l;
  m->task = task;
  m->n_outputs = n_outputs;
  m->n_layers = n;
  m->info = plan.info;
  m->logits_layer = plan.logits;
  m->threads = 1;
  m->layers = calloc ((size_t) n, sizeof *m->layers);
  m->outputs = calloc ((size_t) n, sizeof *m->outputs);
  if (!m->layers || !m->outputs)
    {
      m->n_layers = 0; /* nothing per layer to free */
      cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Out of memory building the network.");
      cw_model_free (m);
      return NULL;
    }
  cw_rng_seed (&m->noise, 0x5eed);

  int c = in_c, l = in_l;
  for (int i = 0; i < n; i++)
    {
      cw_layer *ly = &m->layers[i];
      ly->spec = *cw_spec_get (spec, i);
      ly->ops = cw_layer_ops_for (ly->spec.type);
      cw_shape_info si;
      size_t ns = 0;
      cw_status st = ly->ops->shape (&ly->spec, c, l, &si, &ns, err);
      assert (st == CW_OK); /* plan_network already accepted this stack */
      (void) st;
      ly->in_c = c;
      ly->in_l = l;
      ly->out_c = si.channels;
      ly->out_l = si.length;
      ly->n_params = si.params;
      ly->n_state = ns;
      ly->threads = 1;
      ly->rng = &m->noise;
      ly->glorot_init = wants_glorot (spec, i);
      c = si.channels;
      l = si.length;
    }
  m->n_params = plan.n_params;
  m->n_state = plan.n_state;
  m->params = calloc (m->n_params ? m->n_params : 1, sizeof (float));
  m->grads = calloc (m->n_params ? m->n_params : 1, sizeof (float));
  m->state = calloc (m->n_state ? m->n_state : 1, sizeof (float));
  if (!m->params || !m->grads || !m->state)
    {
      char need[32];
      cw_format_bytes (((double) m->n_params * 2 + (double) m->n_state) * sizeof (float), need);
      cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Out of memory: the network's weights and gradients need %s.",
                    need);
      cw_model_free (m);
      return NULL;
    }
  size_t po = 0, so = 0;
  for (int i = 0; i < n; i++)
    {
      cw_layer *ly = &m->layers[i];
      ly->params = m->params + po;
      ly->grads = m->grads + po;
      ly->state = m->state + so;
      po += ly->n_params;
      so += ly->n_state;
    }
  cw_model_init_weights (m, 1);
  cw_blas_init ();
  return m;
}

cw_model *
cw_model_new (const cw_spec *spec, int in_channels, int in_length, cw_task task, int n_outputs,
              cw_error *err)
{
  assert (spec);
  cw_error_clear (err);
  if (in_channels < 1 || in_length < 1 || n_outputs < 1)
    {
      cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                    "Input must have at least one channel and one value, and the task at least one "
                    "output (got %d x %d input, %d outputs).", in_channels, in_length, n_outputs);
      return NULL;
    }
  return cw_model_build (cw_spec_copy (spec), in_channels, in_length, task, n_outputs, err);
}

/* Rebuilds the layers from the spec (so layer views point into the copy's own arrays) and then
 * overwrites everything learned or remembered; buffers are per-batch scratch and stay unallocated. */
cw_model *
cw_model_copy_network (const cw_model *m)
{
  assert (m);
  cw_model *c = cw_model_build (cw_spec_copy (m->spec), m->in_c, m->in_l, m->task, m->n_outputs, NULL);
  if (!c)
    return NULL;
  assert (c->n_params == m->n_params && c->n_state == m->n_state);
  memcpy (c->params, m->params, m->n_params * sizeof (float));
  memcpy (c->grads, m->grads, m->n_params * sizeof (float));
  memcpy (c->state, m->state, m->n_state * sizeof (float));
  for (int i = 0; i < m->n_layers; i++)
    c->layers[i].glorot_init = m->layers[i].glorot_init;
  cw_model_set_input_scaling (c, m->x_mean, m->x_scale);
  cw_model_set_target_scaling (c, m->y_mean, m->y_scale);
  c->noise = m->noise;
  cw_model_set_threads (c, m->threads);
  return c;
}

cw_model *
cw_model_copy (const cw_model *m)
{
  cw_model *c = cw_model_copy_network (m);
  if (!c)
    return NULL;
  cw_model_set_class_names (c, m->n_class_names, (const char *const *) m->class_names);
  cw_model_set_target_names (c, m->n_target_names, (const char *const *) m->target_names);
  cw_model_copy_extras (c, m);
  return c;
}

static void
free_names (char **names, int n)
{
  for (int i = 0; i < n; i++)
    free (names[i]);
  free (names);
}

static void
free_buffers (cw_model *m)
{
  for (int i = 0; i < m->n_layers; i++)
    {
      free (m->outputs[i]);
      m->outputs[i] = NULL;
      free (m->layers[i].ws);
      m->layers[i].ws = NULL;
      m->layers[i].ws_size = 0;
    }
  free (m->input);
  free (m->dbuf[0]);
  free (m->dbuf[1]);
  free (m->predict_buf);
  m->input = m->dbuf[0] = m->dbuf[1] = m->predict_buf = NULL;
  m->batch = 0;
}

void
cw_model_free (cw_model *m)
{
  if (!m)
    return;
  cw_model_free_extras (m);
  free_buffers (m);
  free (m->outputs);
  free (m->layers);
  free (m->info);
  free (m->params);
  free (m->grads);
  free (m->state);
  free (m->x_mean);
  free (m->x_scale);
  free (m->y_mean);
  free (m->y_scale);
  free_names (m->class_names, m->n_class_names);
  free_names (m->target_names, m->n_target_names);
  cw_spec_free (m->spec);
  free (m);
}

void
cw_model_init_weights (cw_model *m, uint64_t seed)
{
  cw_rng rng;
  cw_rng_seed (&rng, seed);
  memset (m->params, 0, m->n_params * sizeof (float));
  memset (m->state, 0, m->n_state * sizeof (float));
  for (int i = 0; i < m->n_layers; i++)
    if (m->layers[i].ops->init)
      m->layers[i].ops->init (&m->layers[i], &rng);
}

void
cw_model_set_threads (cw_model *m, int threads)
{
  if (threads < 1)
    threads = 1;
  for (int i = 0; i < m->n_extra; i++)
    cw_model_set_threads (m->extra[i], threads);
  int old_batch = m->batch;
  m->threads = threads;
  for (int i = 0; i < m->n_layers; i++)
    m->layers[i].threads = threads;
  if (old_batch > 0)
    {
      /* Per-thread workspaces depend on the thread count. */
      free_buffers (m);
      cw_model_set_batch (m, old_batch, NULL);
    }
}

int
cw_model_get_threads (const cw_model *m)
{
  return m->threads;
}

static size_t
sample_size (const cw_model *m, int layer)
{
  return (size_t) m->layers[layer].out_c * (size_t) m->layers[layer].out_l;
}

cw_status
cw_model_set_batch (cw_model *m, int batch, cw_error *err)
{
  if (batch < 1)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "Batch size must be at least 1 (got %d).",
                         batch);
  if (batch == m->batch)
    return CW_OK;
  free_buffers (m);
  size_t in_size = (size_t) m->in_c * (size_t) m->in_l;
  size_t largest = in_size;
  /* Activations for the whole batch, refused up front like the weights (see cw_model_check_memory). */
  double per_sample = 2.0 * (double) in_size;
  for (int i = 0; i < m->n_layers; i++)
    per_sample += 3.0 * (double) sample_size (m, i); /* output, and at most two gradient buffers */
  double need = per_sample * batch * sizeof (float);
  if (need >= (double) cw_memory_available ())
    {
      char need_text[32], have_text[32];
      cw_format_bytes (need, need_text);
      cw_format_bytes ((double) cw_memory_available (), have_text);
      return cw_error_set (err, CW_ERR_NOMEM, 0, 0,
                           "A batch of %d samples needs %s for the network's activations, and %s of memory is "
                           "available: use a smaller batch or a smaller network.",
                           batch, need_text, have_text);
    }
  for (int i = 0; i < m->n_layers; i++)
    {
      size_t s = sample_size (m, i);
      if (s > largest)
        largest = s;
      m->outputs[i] = malloc ((size_t) batch * s * sizeof (float));
      cw_layer *ly = &m->layers[i];
      ly->ws_size = ly->ops->workspace ? ly->ops->workspace (ly, batch, m->threads) : 0;
      ly->ws = ly->ws_size ? calloc (ly->ws_size, sizeof (float)) : NULL;
      if (!m->outputs[i] || (ly->ws_size && !ly->ws))
        {
          free_buffers (m);
          return cw_error_set (err, CW_ERR_NOMEM, 0, 0,
                               "Not enough memory for a batch of %d samples.", batch);
        }
    }
  m->input = malloc ((size_t) batch * in_size * sizeof (float));
  m->predict_buf = malloc ((size_t) batch * in_size * sizeof (float));
  m->dbuf[0] = malloc ((size_t) batch * largest * sizeof (float));
  m->dbuf[1] = malloc ((size_t) batch * largest * sizeof (float));
  if (!m->input || !m->predict_buf || !m->dbuf[0] || !m->dbuf[1])
    {
      free_buffers (m);
      return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory for a batch of %d samples.",
                           batch);
    }
  m->batch = batch;
  m->last_n = 0;
  return CW_OK;
}

int cw_model_get_batch (const cw_model *m) { return m->batch; }
void cw_model_seed_noise (cw_model *m, uint64_t seed) { cw_rng_seed (&m->noise, seed); }
const cw_spec *cw_model_spec (const cw_model *m) { return m->spec; }
cw_task cw_model_task (const cw_model *m) { return m->task; }
int cw_model_in_channels (const cw_model *m) { return m->in_c; }
int cw_model_in_length (const cw_model *m) { return m->in_l; }
int cw_model_n_outputs (const cw_model *m) { return m->n_outputs; }
int cw_model_n_layers (const cw_model *m) { return m->n_layers; }
int cw_model_logits_layer (const cw_model *m) { return m->logits_layer; }
size_t cw_model_n_params (const cw_model *m) { return m->n_params; }
float *cw_model_params (cw_model *m) { return m->params; }
float *cw_model_grads (cw_model *m) { return m->grads; }
size_t cw_model_n_state (const cw_model *m) { return m->n_state; }
float *cw_model_state (cw_model *m) { return m->state; }

cw_shape_info
cw_model_layer_info (const cw_model *m, int layer)
{
  assert (layer >= 0 && layer < m->n_layers);
  return m->info[layer];
}

double
cw_model_flops (const cw_model *m)
{
  double f = 0;
  for (int i = 0; i < m->n_layers; i++)
    f += m->info[i].flops;
  return f;
}

float *
cw_model_layer_params (cw_model *m, int layer, size_t *n)
{
  assert (layer >= 0 && layer < m->n_layers);
  *n = m->layers[layer].n_params;
  return *n ? m->layers[layer].params : NULL;
}

float *
cw_model_layer_grads (cw_model *m, int layer, size_t *n)
{
  assert (layer >= 0 && layer < m->n_layers);
  *n = m->layers[layer].n_params;
  return *n ? m->layers[layer].grads : NULL;
}

const float *
cw_model_forward (cw_model *m, const float *x, int n, bool training)
{
  assert (m->batch > 0 && "call cw_model_set_batch first");
  assert (n >= 1 && n <= m->batch);
  size_t in_size = (size_t) m->in_c * (size_t) m->in_l;
  if (x != m->input)
    memcpy (m->input, x, (size_t) n * in_size * sizeof (float));
  const float *cur = m->input;
  for (int i = 0; i <= m->logits_layer; i++)
    {
      cw_layer *ly = &m->layers[i];
      ly->ops->forward (ly, cur, m->outputs[i], n, training);
      cur = m->outputs[i];
    }
  m->last_n = n;
  m->last_training = training;
  return cur;
}

const float *
cw_model_layer_output (const cw_model *m, int layer)
{
  assert (layer >= 0 && layer < m->n_layers);
  return m->outputs[layer];
}

void
cw_model_zero_grads (cw_model *m)
{
  memset (m->grads, 0, m->n_params * sizeof (float));
}

void
cw_model_backward (cw_model *m, const float *dout, float *dx)
{
  int n = m->last_n;
  assert (n > 0 && "backward needs a forward first");
  const float *dy = dout;
  int which = 0;
  for (int i = m->logits_layer; i >= 0; i--)
    {
      cw_layer *ly = &m->layers[i];
      const float *x = i > 0 ? m->outputs[i - 1] : m->input;
      float *dxi;
      if (i > 0)
        dxi = m->dbuf[which];
      else
        dxi = dx; /* may be NULL: the first layer then skips its input gradient */
      ly->ops->backward (ly, x, m->outputs[i], dy, dxi, n);
      dy = dxi;
      which ^= 1;
    }
}

static void
set_vector (float **dst, const float *src, size_t n)
{
  free (*dst);
  *dst = NULL;
  if (src)
    {
      *dst = malloc (n * sizeof (float));
      memcpy (*dst, src, n * sizeof (float));
    }
}

void
cw_model_set_input_scaling (cw_model *m, const float *mean, const float *scale)
{
  size_t n = (size_t) m->in_c * (size_t) m->in_l;
  set_vector (&m->x_mean, mean, n);
  set_vector (&m->x_scale, scale, n);
}

void
cw_model_set_target_scaling (cw_model *m, const float *mean, const float *scale)
{
  set_vector (&m->y_mean, mean, (size_t) m->n_outputs);
  set_vector (&m->y_scale, scale, (size_t) m->n_outputs);
}

const float *cw_model_input_mean (const cw_model *m) { return m->x_mean; }
const float *cw_model_input_scale (const cw_model *m) { return m->x_scale; }
const float *cw_model_target_mean (const cw_model *m) { return m->y_mean; }
const float *cw_model_target_scale (const cw_model *m) { return m->y_scale; }

void
cw_model_standardize_input (const cw_model *m, const float *x, int n, float *out)
{
  size_t f = (size_t) m->in_c * (size_t) m->in_l;
  for (int i = 0; i < n; i++)
    {
      const float *xi = x + (size_t) i * f;
      float *oi = out + (size_t) i * f;
      for (size_t j = 0; j < f; j++)
        {
          float v = xi[j];
          if (m->x_mean)
            v -= m->x_mean[j];
          if (m->x_scale)
            v /= m->x_scale[j];
          oi[j] = v;
        }
    }
}

static void
set_names (char ***dst, int *dst_n, int n, const char *const *names)
{
  free_names (*dst, *dst_n);
  *dst = NULL;
  *dst_n = 0;
  if (n <= 0 || !names)
    return;
  *dst = calloc ((size_t) n, sizeof (char *));
  for (int i = 0; i < n; i++)
    (*dst)[i] = strdup (names[i] ? names[i] : "");
  *dst_n = n;
}

void cw_model_set_class_names (cw_model *m, int n, const char *const *names) { set_names (&m->class_names, &m->n_class_names, n, names); }
int cw_model_n_class_names (const cw_model *m) { return m->n_class_names; }
void cw_model_set_target_names (cw_model *m, int n, const char *const *names) { set_names (&m->target_names, &m->n_target_names, n, names); }
int cw_model_n_target_names (const cw_model *m) { return m->n_target_names; }

const char *
cw_model_class_name (const cw_model *m, int i)
{
  assert (i >= 0 && i < m->n_class_names);
  return m->class_names[i];
}

const char *
cw_model_target_name (const cw_model *m, int i)
{
  assert (i >= 0 && i < m->n_target_names);
  return m->target_names[i];
}

/* The task's output function applied to logits, in place: softmax per row or elementwise sigmoid. */
static void
apply_output_function (cw_task task, float *out, int n, int k)
{
  if (task == CW_TASK_MULTICLASS)
    {
      for (int i = 0; i < n; i++)
        {
          float *r = out + (size_t) i * k;
          float mx = r[0];
          for (int j = 1; j < k; j++)
            mx = r[j] > mx ? r[j] : mx;
          double s = 0;
          for (int j = 0; j < k; j++)
            s += (r[j] = expf (r[j] - mx));
          for (int j = 0; j < k; j++)
            r[j] = (float) (r[j] / s);
        }
    }
  else if (task == CW_TASK_BINARY || task == CW_TASK_MULTILABEL)
    {
      for (size_t i = 0; i < (size_t) n * k; i++)
        out[i] = 1.0f / (1.0f + expf (-out[i]));
    }
}

cw_status
cw_model_predict (cw_model *m, const float *x, int n, float *out, cw_error *err)
{
  assert (m && (x || n == 0) && (out || n == 0));
  if (m->n_extra > 0)
    return cw_model_predict_ensemble (m, x, n, out, err);
  return cw_model_predict_network (m, x, n, out, err);
}

cw_status
cw_model_predict_network (cw_model *m, const float *x, int n, float *out, cw_error *err)
{
  if (m->batch == 0)
    {
      cw_status st = cw_model_set_batch (m, n < 64 ? (n > 0 ? n : 1) : 64, err);
      if (st != CW_OK)
        return st;
    }
  size_t f = (size_t) m->in_c * (size_t) m->in_l;
  int k = m->n_outputs;
  for (int start = 0; start < n; start += m->batch)
    {
      int nb = n - start < m->batch ? n - start : m->batch;
      cw_model_standardize_input (m, x + (size_t) start * f, nb, m->predict_buf);
      const float *o = cw_model_forward (m, m->predict_buf, nb, false);
      float *dst = out + (size_t) start * k;
      memcpy (dst, o, (size_t) nb * k * sizeof (float));
      if (m->task == CW_TASK_REGRESSION)
        {
          for (int i = 0; i < nb; i++)
            for (int j = 0; j < k; j++)
              {
                float v = dst[(size_t) i * k + j];
                if (m->y_scale)
                  v *= m->y_scale[j];
                if (m->y_mean)
                  v += m->y_mean[j];
                dst[(size_t) i * k + j] = v;
              }
        }
      else
        apply_output_function (m->task, dst, nb, k);
    }
  return CW_OK;
}
