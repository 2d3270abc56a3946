/* onnx-export.c — a network (with its pipeline, scaling and ensemble members) or a PLS model as an ONNX
 * file (see cw-onnx.h). Each layer's mapping, at inference:
 *   conv        y[f,t] = b[f] + sum_c,j W[f,c,j] x[c, t s + j d - pad_left]
 *               -> Conv (kernel_shape k, strides s, dilations d, pads [left, right], W [F, C, k], B [F]);
 *               the padding is what the layer's mode (valid, same, causal, explicit) comes to for its input
 *   maxpool, avgpool: windows of k every s, no padding, floor -> MaxPool / AveragePool (same attributes)
 *   gmaxpool, gavgpool -> GlobalMaxPool / GlobalAveragePool ([N, C, 1])
 *   flatten     (C, L) -> (C L, 1), channel-major -> Reshape [0, -1, 1]
 *   dense       y = x W^T + b on the (inputs, 1) column -> Reshape [0, -1], Gemm (transB = 1),
 *               Reshape [0, -1, 1]
 *   dropout     the identity at inference: nothing
 *   batchnorm   y = gamma (x - running mean) / sqrt(running var + eps) + beta -> BatchNormalization
 *   activations relu -> Relu; relu6 = min(max(x, 0), 6) -> Clip(0, 6); softplus -> Softplus;
 *               leakyrelu -> LeakyRelu(alpha); prelu -> PRelu with the learned slopes [C, 1];
 *               rrelu at inference is x > 0 ? x : r x with r = (lower + upper) / 2 -> LeakyRelu(r);
 *               elu -> Elu(alpha); swish = x sigmoid(x) -> Sigmoid, Mul; sigmoid -> Sigmoid;
 *               tanh -> Tanh; softmax over channels at each position -> Softmax(axis 1); linear: nothing
 * Around the layers: x_std = (x - mean) / scale -> Sub, Div by [C, L] constants; the network's output is
 * read flat (Reshape [0, -1]); regression y = out * y_scale + y_mean -> Mul, Add; classification takes the
 * task's output function (a trailing softmax/sigmoid layer is that function): Softmax(axis 1) or Sigmoid.
 * An ensemble predicts the mean of its members' outputs in user units -> Mean. */
#include "cw-chemo-private.h"
#include "cw-model-private.h"
#include "cw-onnx-private.h"
#include "cw-onnx.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A node with attributes; the attribute buffer is emptied for the next node. */
static cw_onnx_name
node_with (cw_onnx_graph *g, const char *op, int n_in, const cw_onnx_name *in, cw_bytes_out *attrs)
{
  cw_onnx_name y = cw_onnx_node (g, op, n_in, in, attrs);
  free (attrs->data);
  memset (attrs, 0, sizeof *attrs);
  return y;
}

static cw_onnx_name
conv_layer (cw_onnx_graph *g, const cw_layer *l, cw_onnx_name x)
{
  const cw_layer_spec *s = &l->spec;
  int pad_left = 0, pad_right = 0;
  cw_conv_layer_padding (l, &pad_left, &pad_right);
  int64_t wdims[3] = { s->units, l->in_c, s->kernel }, bdims[1] = { s->units };
  cw_onnx_name in[3] = { x, cw_onnx_floats (g, "conv_weight", l->params, 3, wdims) };
  int n_in = 2;
  if (s->bias)
    in[n_in++] = cw_onnx_floats (g, "conv_bias", l->params + (size_t) s->units * l->in_c * s->kernel, 1, bdims);
  cw_bytes_out attrs = { 0 };
  int64_t kernel = s->kernel, stride = s->stride, dilation = s->dilation, pads[2] = { pad_left, pad_right };
  cw_onnx_attr_ints (&attrs, "kernel_shape", &kernel, 1);
  cw_onnx_attr_ints (&attrs, "strides", &stride, 1);
  cw_onnx_attr_ints (&attrs, "dilations", &dilation, 1);
  cw_onnx_attr_ints (&attrs, "pads", pads, 2);
  return node_with (g, "Conv", n_in, in, &attrs);
}

static cw_onnx_name
pool_layer (cw_onnx_graph *g, const cw_layer *l, cw_onnx_name x, const char *op)
{
  int64_t kernel = l->spec.kernel, stride = l->spec.stride > 0 ? l->spec.stride : l->spec.kernel;
  cw_bytes_out attrs = { 0 };
  cw_onnx_attr_ints (&attrs, "kernel_shape", &kernel, 1);
  cw_onnx_attr_ints (&attrs, "strides", &stride, 1);
  return node_with (g, op, 1, &x, &attrs);
}

static cw_onnx_name
dense_layer (cw_onnx_graph *g, const cw_layer *l, cw_onnx_name x)
{
  const cw_layer_spec *s = &l->spec;
  static const int64_t flat[2] = { 0, -1 }, column[3] = { 0, -1, 1 };
  int64_t wdims[2] = { s->units, l->in_c }, bdims[1] = { s->units };
  cw_onnx_name in[3] = { cw_onnx_reshape (g, x, 2, flat), cw_onnx_floats (g, "dense_weight", l->params, 2, wdims) };
  int n_in = 2;
  if (s->bias)
    in[n_in++] = cw_onnx_floats (g, "dense_bias", l->params + (size_t) s->units * l->in_c, 1, bdims);
  cw_bytes_out attrs = { 0 };
  cw_onnx_attr_int (&attrs, "transB", 1);
  return cw_onnx_reshape (g, node_with (g, "Gemm", n_in, in, &attrs), 3, column);
}

static cw_onnx_name
batchnorm_layer (cw_onnx_graph *g, const cw_layer *l, cw_onnx_name x)
{
  int c = l->in_c;
  int64_t dims[1] = { c };
  cw_onnx_name in[5] = { x, cw_onnx_floats (g, "bn_gamma", l->params, 1, dims),
                         cw_onnx_floats (g, "bn_beta", l->params + c, 1, dims),
                         cw_onnx_floats (g, "bn_running_mean", l->state, 1, dims),
                         cw_onnx_floats (g, "bn_running_var", l->state + c, 1, dims) };
  cw_bytes_out attrs = { 0 };
  cw_onnx_attr_float (&attrs, "epsilon", l->spec.eps);
  return node_with (g, "BatchNormalization", 5, in, &attrs);
}

static cw_onnx_name
activation_layer (cw_onnx_graph *g, const cw_layer *l, cw_onnx_name x)
{
  const cw_layer_spec *s = &l->spec;
  cw_bytes_out attrs = { 0 };
  switch (s->activation)
    {
    case CW_ACT_LINEAR:
      return x;
    case CW_ACT_RELU:
      return cw_onnx_op1 (g, "Relu", x);
    case CW_ACT_RELU6:
      {
        /* Clip-13 takes min and max as scalar inputs */
        cw_onnx_name in[3] = { x, cw_onnx_scalar (g, "zero", CW_ONNX_FLOAT, 0.0),
                               cw_onnx_scalar (g, "six", CW_ONNX_FLOAT, 6.0) };
        return cw_onnx_node (g, "Clip", 3, in, NULL);
      }
    case CW_ACT_SOFTPLUS:
      return cw_onnx_op1 (g, "Softplus", x);
    case CW_ACT_LEAKY_RELU:
      cw_onnx_attr_float (&attrs, "alpha", s->alpha);
      return node_with (g, "LeakyRelu", 1, &x, &attrs);
    case CW_ACT_PRELU:
      {
        int64_t dims[2] = { l->in_c, 1 }; /* one slope per channel, broadcast over the positions */
        return cw_onnx_op2 (g, "PRelu", x, cw_onnx_floats (g, "prelu_slope", l->params, 2, dims));
      }
    case CW_ACT_RRELU:
      cw_onnx_attr_float (&attrs, "alpha", 0.5f * (s->lower + s->upper));
      return node_with (g, "LeakyRelu", 1, &x, &attrs);
    case CW_ACT_ELU:
      cw_onnx_attr_float (&attrs, "alpha", s->alpha);
      return node_with (g, "Elu", 1, &x, &attrs);
    case CW_ACT_SWISH:
      return cw_onnx_op2 (g, "Mul", x, cw_onnx_op1 (g, "Sigmoid", x));
    case CW_ACT_SIGMOID:
      return cw_onnx_op1 (g, "Sigmoid", x);
    case CW_ACT_TANH:
      return cw_onnx_op1 (g, "Tanh", x);
    case CW_ACT_SOFTMAX:
      cw_onnx_attr_int (&attrs, "axis", 1);
      return node_with (g, "Softmax", 1, &x, &attrs);
    case CW_ACT_N:
      break;
    }
  assert (!"unknown activation");
  return x;
}

/* One network from standardisation to user units: x float [N, C, L] -> [N, k]. */
static cw_onnx_name
network_graph (cw_onnx_graph *g, const cw_model *m, cw_onnx_name x)
{
  int64_t in_dims[2] = { m->in_c, m->in_l }, out_dims[1] = { m->n_outputs };
  if (m->x_mean)
    x = cw_onnx_op2 (g, "Sub", x, cw_onnx_floats (g, "input_mean", m->x_mean, 2, in_dims));
  if (m->x_scale)
    x = cw_onnx_op2 (g, "Div", x, cw_onnx_floats (g, "input_scale", m->x_scale, 2, in_dims));
  for (int i = 0; i <= m->logits_layer; i++)
    {
      const cw_layer *l = &m->layers[i];
      switch (l->spec.type)
        {
        case CW_LAYER_CONV: x = conv_layer (g, l, x); break;
        case CW_LAYER_MAXPOOL: x = pool_layer (g, l, x, "MaxPool"); break;
        case CW_LAYER_AVGPOOL: x = pool_layer (g, l, x, "AveragePool"); break;
        case CW_LAYER_GLOBAL_MAXPOOL: x = cw_onnx_op1 (g, "GlobalMaxPool", x); break;
        case CW_LAYER_GLOBAL_AVGPOOL: x = cw_onnx_op1 (g, "GlobalAveragePool", x); break;
        case CW_LAYER_FLATTEN:
          {
            static const int64_t column[3] = { 0, -1, 1 };
            x = cw_onnx_reshape (g, x, 3, column);
            break;
          }
        case CW_LAYER_DENSE: x = dense_layer (g, l, x); break;
        case CW_LAYER_DROPOUT: break;
        case CW_LAYER_BATCHNORM: x = batchnorm_layer (g, l, x); break;
        case CW_LAYER_ACTIVATION: x = activation_layer (g, l, x); break;
        case CW_LAYER_N_TYPES: assert (!"unknown layer type"); break;
        }
    }
  static const int64_t flat[2] = { 0, -1 };
  x = cw_onnx_reshape (g, x, 2, flat);
  cw_bytes_out attrs = { 0 };
  switch (m->task)
    {
    case CW_TASK_REGRESSION:
      if (m->y_scale)
        x = cw_onnx_op2 (g, "Mul", x, cw_onnx_floats (g, "target_scale", m->y_scale, 1, out_dims));
      if (m->y_mean)
        x = cw_onnx_op2 (g, "Add", x, cw_onnx_floats (g, "target_mean", m->y_mean, 1, out_dims));
      break;
    case CW_TASK_MULTICLASS:
      cw_onnx_attr_int (&attrs, "axis", 1);
      x = node_with (g, "Softmax", 1, &x, &attrs);
      break;
    case CW_TASK_BINARY:
    case CW_TASK_MULTILABEL:
      x = cw_onnx_op1 (g, "Sigmoid", x);
      break;
    }
  return x;
}

/* ---- metadata ---- */

/* names as a JSON array of strings (malloc'd). */
static char *
json_names (int n, const char *const *names)
{
  cw_bytes_out b = { 0 };
  cw_put_u8 (&b, '[');
  for (int i = 0; i < n; i++)
    {
      if (i)
        cw_put_u8 (&b, ',');
      cw_put_u8 (&b, '"');
      for (const unsigned char *p = (const unsigned char *) names[i]; *p; p++)
        {
          char esc[8];
          if (*p == '"' || *p == '\\')
            snprintf (esc, sizeof esc, "\\%c", *p);
          else if (*p < 0x20)
            snprintf (esc, sizeof esc, "\\u%04x", *p);
          else
            snprintf (esc, sizeof esc, "%c", *p);
          cw_put_bytes (&b, esc, strlen (esc));
        }
      cw_put_u8 (&b, '"');
    }
  cw_put_u8 (&b, ']');
  cw_put_u8 (&b, '\0');
  if (b.failed)
    {
      free (b.data);
      return NULL;
    }
  return (char *) b.data;
}

#define MAX_FIXED_META 8

typedef struct {
  cw_onnx_meta *items;
  char **owned; /* texts to free */
  int n, n_owned;
} meta_list;

static bool
meta_init (meta_list *ml, int capacity)
{
  ml->items = calloc ((size_t) capacity, sizeof *ml->items);
  ml->owned = calloc ((size_t) capacity * 2, sizeof *ml->owned);
  ml->n = ml->n_owned = 0;
  return ml->items && ml->owned;
}

/* Adds key = value (skipped when value is NULL: a text that could not be made); with own_value the list
 * frees value. */
static void
meta_add (meta_list *ml, const char *key, char *value, bool own_value)
{
  if (!value)
    return;
  ml->items[ml->n].key = key;
  ml->items[ml->n].value = value;
  ml->n++;
  if (own_value)
    ml->owned[ml->n_owned++] = value;
}

static void
meta_clear (meta_list *ml)
{
  for (int i = 0; i < ml->n_owned; i++)
    free (ml->owned[i]);
  free (ml->owned);
  free (ml->items);
}

static char *
text_copy (const char *s)
{
  size_t n = strlen (s) + 1;
  char *c = malloc (n);
  if (c)
    memcpy (c, s, n);
  return c;
}

/* ---- the network ---- */

cw_status
cw_model_export_onnx (const cw_model *model, const char *path, cw_error *err)
{
  assert (model && path);
  cw_error_clear (err);
  const cw_pipeline *pipe = model->pipeline;
  int channels = model->in_c, raw_length = pipe ? cw_pipeline_in_length (pipe) : model->in_l;
  cw_onnx_graph g = { 0 };
  g.prefix = "";
  cw_onnx_name x = cw_onnx_named ("signal");
  if (pipe && cw_pipeline_count (pipe) > 0)
    {
      /* the engine preprocesses in double and hands the network floats */
      cw_bytes_out attrs = { 0 };
      cw_onnx_attr_int (&attrs, "to", CW_ONNX_DOUBLE);
      x = node_with (&g, "Cast", 1, &x, &attrs);
      cw_status st = cw_onnx_pipeline (&g, pipe, x, &x, err);
      if (st != CW_OK)
        {
          cw_onnx_graph_clear (&g);
          return st;
        }
      cw_onnx_attr_int (&attrs, "to", CW_ONNX_FLOAT);
      x = node_with (&g, "Cast", 1, &x, &attrs);
    }

  int members = cw_model_n_members ((cw_model *) model);
  cw_onnx_name *outputs = calloc ((size_t) members, sizeof *outputs);
  if (!outputs)
    {
      cw_onnx_graph_clear (&g);
      return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to export the model to ONNX.");
    }
  char prefix[32];
  for (int i = 0; i < members; i++)
    {
      const cw_model *member = i == 0 ? model : model->extra[i - 1];
      snprintf (prefix, sizeof prefix, members > 1 ? "member%d_" : "", i + 1);
      g.prefix = prefix;
      outputs[i] = network_graph (&g, member, x);
    }
  g.prefix = "";
  bool classification = model->task != CW_TASK_REGRESSION;
  const char *output_name = classification ? "probabilities" : "prediction";
  if (members > 1)
    cw_onnx_node_to (&g, "Mean", members, outputs, NULL, output_name);
  else
    cw_onnx_node_to (&g, "Identity", 1, outputs, NULL, output_name);
  free (outputs);

  cw_onnx_value input = { "signal", CW_ONNX_FLOAT, 3, { -1, channels, raw_length } };
  cw_onnx_value output = { output_name, CW_ONNX_FLOAT, 2, { -1, model->n_outputs } };

  meta_list ml;
  cw_status st;
  if (!meta_init (&ml, MAX_FIXED_META + model->n_info))
    st = cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to export the model to ONNX.");
  else
    {
      char layout[256];
      snprintf (layout, sizeof layout,
                "signal: float32 [N, %d, %d] raw rows (N samples, %d channel%s, %d points); %s: float32 [N, %d]",
                channels, raw_length, channels, channels == 1 ? "" : "s", raw_length, output_name,
                model->n_outputs);
      meta_add (&ml, "task", (char *) cw_task_name (model->task), false);
      meta_add (&ml, "architecture", cw_spec_to_string (model->spec), true);
      meta_add (&ml, "preprocessing", pipe ? cw_pipeline_to_string (pipe) : text_copy (""), true);
      meta_add (&ml, "layout", text_copy (layout), true);
      char members_text[16];
      snprintf (members_text, sizeof members_text, "%d", members);
      meta_add (&ml, "ensemble_members", members_text, false);
      if (model->n_class_names > 0)
        meta_add (&ml, "class_labels", json_names (model->n_class_names, (const char *const *) model->class_names),
                  true);
      if (model->n_target_names > 0)
        meta_add (&ml, "target_names",
                  json_names (model->n_target_names, (const char *const *) model->target_names), true);
      char **record_keys = calloc ((size_t) model->n_info + 1, sizeof (char *));
      for (int i = 0; record_keys && i < model->n_info; i++)
        {
          size_t len = strlen (model->info_keys[i]) + 8;
          record_keys[i] = malloc (len);
          if (record_keys[i])
            {
              snprintf (record_keys[i], len, "record.%s", model->info_keys[i]);
              meta_add (&ml, record_keys[i], model->info_values[i], false);
            }
        }
      st = cw_onnx_write_model (&g, "conv1d_network", &input, &output, ml.items, ml.n,
                                "A Conv1D Workbench network with its preprocessing; see the metadata.", path, err);
      for (int i = 0; record_keys && i < model->n_info; i++)
        free (record_keys[i]);
      free (record_keys);
    }
  meta_clear (&ml);
  cw_onnx_graph_clear (&g);
  return st;
}

/* ---- PLS ---- */

cw_status
cw_pls_export_onnx (const cw_pls *pls, int components, const cw_pipeline *pipe, int n_names,
                    const char *const *names, bool classes, const char *path, cw_error *err)
{
  assert (pls && pipe && path);
  assert (components >= 1 && components <= cw_pls_n_components (pls));
  assert (cw_pipeline_is_fitted (pipe));
  cw_error_clear (err);
  int channels = cw_pipeline_channels (pipe), p = cw_pls_n_features (pls), q = cw_pls_n_responses (pls);
  assert ((long) channels * cw_pipeline_out_length (pipe) == p && "the pipeline must give the PLS model's features");

  cw_onnx_graph g = { 0 };
  g.prefix = "";
  cw_onnx_name x = cw_onnx_named ("signal");
  cw_status st = cw_onnx_pipeline (&g, pipe, x, &x, err);
  if (st != CW_OK)
    {
      cw_onnx_graph_clear (&g);
      return st;
    }
  if ((size_t) p * (size_t) q > CW_ONNX_MAX_CONSTANT_BYTES / sizeof (double))
    {
      cw_onnx_graph_clear (&g);
      return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                           "The PLS coefficients (%d x %d) are too large for an ONNX file.", p, q);
    }
  /* y = y_mean + (x - x_mean) B, as cw_pls_predict computes it */
  static const int64_t flat[2] = { 0, -1 };
  int64_t pdims[1] = { p }, bdims[2] = { p, q }, qdims[1] = { q };
  x = cw_onnx_reshape (&g, x, 2, flat);
  x = cw_onnx_op2 (&g, "Sub", x, cw_onnx_doubles (&g, "pls_x_mean", cw_pls_x_mean (pls), 1, pdims));
  x = cw_onnx_op2 (&g, "MatMul", x, cw_onnx_doubles (&g, "pls_coefficients", cw_pls_coefficients (pls, components),
                                                      2, bdims));
  cw_onnx_name in[2] = { x, cw_onnx_doubles (&g, "pls_y_mean", cw_pls_y_mean (pls), 1, qdims) };
  cw_onnx_node_to (&g, "Add", 2, in, NULL, "prediction");

  int length = cw_pipeline_in_length (pipe);
  cw_onnx_value input = { "signal", CW_ONNX_DOUBLE, 3, { -1, channels, length } };
  cw_onnx_value output = { "prediction", CW_ONNX_DOUBLE, 2, { -1, q } };
  meta_list ml;
  if (!meta_init (&ml, MAX_FIXED_META))
    st = cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Not enough memory to export the PLS model to ONNX.");
  else
    {
      char model_text[128], layout[256];
      snprintf (model_text, sizeof model_text, "PLS (%s), %d component%s",
                cw_pls_algorithm_name (cw_pls_get_algorithm (pls)), components, components == 1 ? "" : "s");
      snprintf (layout, sizeof layout,
                "signal: float64 [N, %d, %d] raw rows; prediction: float64 [N, %d]%s", channels, length, q,
                classes ? " class scores (the largest wins; with one score, 0.5 or more is the second class)" : "");
      meta_add (&ml, "task", classes ? "pls-da" : "pls", false);
      meta_add (&ml, "model", model_text, false);
      meta_add (&ml, "preprocessing", cw_pipeline_to_string (pipe), true);
      meta_add (&ml, "layout", layout, false);
      if (n_names > 0)
        meta_add (&ml, classes ? "class_labels" : "target_names", json_names (n_names, names), true);
      st = cw_onnx_write_model (&g, "conv1d_pls", &input, &output, ml.items, ml.n,
                                "A Conv1D Workbench PLS model with its preprocessing; see the metadata.", path, err);
    }
  meta_clear (&ml);
  cw_onnx_graph_clear (&g);
  return st;
}
