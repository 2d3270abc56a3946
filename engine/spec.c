/* spec.c — the architecture as a list of layer specs, defaults, and shape inference.
 * The text form (parse / print) lives in spec-text.c. */
#include "cw-spec.h"

#include "cw-layer-private.h"

#include <assert.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

struct cw_spec {
  int n, cap;
  cw_layer_spec *layers;
};

cw_layer_spec
cw_layer_spec_default (cw_layer_type type)
{
  cw_layer_spec s;
  memset (&s, 0, sizeof s);
  s.type = type;
  s.stride = 1;
  s.dilation = 1;
  s.bias = true;
  s.momentum = 0.1f;
  s.eps = 1e-5f;
  switch (type)
    {
    case CW_LAYER_CONV:
      s.units = 8;
      s.kernel = 3;
      break;
    case CW_LAYER_MAXPOOL:
    case CW_LAYER_AVGPOOL:
      s.kernel = 2;
      s.stride = 2;
      break;
    case CW_LAYER_DENSE:
      s.units = 16;
      break;
    case CW_LAYER_DROPOUT:
      s.rate = 0.5f;
      break;
    case CW_LAYER_ACTIVATION:
      s.activation = CW_ACT_RELU;
      break;
    default:
      break;
    }
  return s;
}

cw_layer_spec
cw_activation_spec (cw_activation act)
{
  cw_layer_spec s = cw_layer_spec_default (CW_LAYER_ACTIVATION);
  s.activation = act;
  switch (act)
    {
    case CW_ACT_LEAKY_RELU: s.alpha = 0.01f; break;
    case CW_ACT_PRELU: s.alpha = 0.25f; break;
    case CW_ACT_ELU: s.alpha = 1.0f; break;
    case CW_ACT_RRELU: s.lower = 1.0f / 8.0f; s.upper = 1.0f / 3.0f; break;
    default: break;
    }
  return s;
}

const char *
cw_activation_name (cw_activation act)
{
  static const char *const names[CW_ACT_N] = {
    [CW_ACT_LINEAR] = "linear", [CW_ACT_RELU] = "relu", [CW_ACT_RELU6] = "relu6",
    [CW_ACT_SOFTPLUS] = "softplus", [CW_ACT_LEAKY_RELU] = "leakyrelu", [CW_ACT_PRELU] = "prelu",
    [CW_ACT_RRELU] = "rrelu", [CW_ACT_ELU] = "elu", [CW_ACT_SWISH] = "swish",
    [CW_ACT_SIGMOID] = "sigmoid", [CW_ACT_TANH] = "tanh", [CW_ACT_SOFTMAX] = "softmax",
  };
  return (unsigned) act < CW_ACT_N ? names[act] : "?";
}

const char *
cw_layer_type_name (cw_layer_type type)
{
  static const char *const names[CW_LAYER_N_TYPES] = {
    [CW_LAYER_CONV] = "conv", [CW_LAYER_MAXPOOL] = "maxpool", [CW_LAYER_AVGPOOL] = "avgpool",
    [CW_LAYER_GLOBAL_MAXPOOL] = "gmaxpool", [CW_LAYER_GLOBAL_AVGPOOL] = "gavgpool",
    [CW_LAYER_FLATTEN] = "flatten", [CW_LAYER_DENSE] = "dense", [CW_LAYER_DROPOUT] = "dropout",
    [CW_LAYER_BATCHNORM] = "batchnorm", [CW_LAYER_ACTIVATION] = "activation",
  };
  return (unsigned) type < CW_LAYER_N_TYPES ? names[type] : "?";
}

cw_spec *
cw_spec_new (void)
{
  return calloc (1, sizeof (cw_spec));
}

void
cw_spec_free (cw_spec *spec)
{
  if (!spec)
    return;
  free (spec->layers);
  free (spec);
}

cw_spec *
cw_spec_copy (const cw_spec *spec)
{
  cw_spec *c = cw_spec_new ();
  for (int i = 0; i < spec->n; i++)
    cw_spec_append (c, &spec->layers[i]);
  return c;
}

int
cw_spec_count (const cw_spec *spec)
{
  return spec->n;
}

const cw_layer_spec *
cw_spec_get (const cw_spec *spec, int index)
{
  assert (index >= 0 && index < spec->n);
  return &spec->layers[index];
}

void
cw_spec_set (cw_spec *spec, int index, const cw_layer_spec *layer)
{
  assert (index >= 0 && index < spec->n);
  spec->layers[index] = *layer;
}

void
cw_spec_insert (cw_spec *spec, int index, const cw_layer_spec *layer)
{
  assert (index >= 0 && index <= spec->n);
  if (spec->n == spec->cap)
    {
      spec->cap = spec->cap ? 2 * spec->cap : 8;
      spec->layers = realloc (spec->layers, (size_t) spec->cap * sizeof *spec->layers);
    }
  memmove (&spec->layers[index + 1], &spec->layers[index],
           (size_t) (spec->n - index) * sizeof *spec->layers);
  spec->layers[index] = *layer;
  spec->n++;
}

void
cw_spec_append (cw_spec *spec, const cw_layer_spec *layer)
{
  cw_spec_insert (spec, spec->n, layer);
}

void
cw_spec_remove (cw_spec *spec, int index)
{
  assert (index >= 0 && index < spec->n);
  memmove (&spec->layers[index], &spec->layers[index + 1],
           (size_t) (spec->n - index - 1) * sizeof *spec->layers);
  spec->n--;
}

void
cw_spec_move (cw_spec *spec, int from, int to)
{
  assert (from >= 0 && from < spec->n && to >= 0 && to < spec->n);
  cw_layer_spec tmp = spec->layers[from];
  cw_spec_remove (spec, from);
  cw_spec_insert (spec, to, &tmp);
}

bool
cw_spec_equal (const cw_spec *a, const cw_spec *b)
{
  if (a->n != b->n)
    return false;
  for (int i = 0; i < a->n; i++)
    {
      char *sa = cw_layer_spec_to_string (&a->layers[i]);
      char *sb = cw_layer_spec_to_string (&b->layers[i]);
      bool same = strcmp (sa, sb) == 0;
      free (sa);
      free (sb);
      if (!same)
        return false;
    }
  return true;
}

cw_status
cw_spec_infer (const cw_spec *spec, int in_channels, int in_length, cw_shape_info *info, cw_error *err)
{
  cw_error_clear (err);
  int c = in_channels, l = in_length;
  for (int i = 0; i < spec->n; i++)
    {
      const cw_layer_spec *s = &spec->layers[i];
      cw_shape_info si = { 0 };
      size_t n_state = 0;
      cw_error local;
      cw_error_clear (&local);
      cw_status st = cw_layer_ops_for (s->type)->shape (s, c, l, &si, &n_state, &local);
      /* Every buffer is indexed per sample with int: an output past INT_MAX values would wrap. */
      if (st == CW_OK && (long long) si.channels * si.length > INT_MAX)
        st = cw_error_set (&local, CW_ERR_SHAPE, 0, 0,
                           "its output of %d x %d values per sample is more than a layer can hold (%d)",
                           si.channels, si.length, INT_MAX);
      if (st != CW_OK)
        {
          if (err)
            {
              char *tok = cw_layer_spec_to_string (s);
              cw_error_set (err, st, 0, 0, "Layer %d, %s: %s", i + 1, tok, local.message);
              err->item = i;
              free (tok);
            }
          return st;
        }
      if (info)
        info[i] = si;
      c = si.channels;
      l = si.length;
    }
  return CW_OK;
}
