/* engine-test-util.h — layer specs and model building shared by the engine tests (static inline, so a
 * test that uses only some of them builds without warnings). */
#ifndef ENGINE_TEST_UTIL_H
#define ENGINE_TEST_UTIL_H

#include "cw-model.h"

#include <glib.h>

static inline cw_layer_spec
conv (int filters, int k, int s, int d, cw_padding pad, int pad_left, int pad_right, bool bias)
{
  cw_layer_spec l = cw_layer_spec_default (CW_LAYER_CONV);
  l.units = filters;
  l.kernel = k;
  l.stride = s;
  l.dilation = d;
  l.padding = pad;
  l.pad_left = pad_left;
  l.pad_right = pad_right;
  l.bias = bias;
  return l;
}

static inline cw_layer_spec
dense (int units, bool bias)
{
  cw_layer_spec l = cw_layer_spec_default (CW_LAYER_DENSE);
  l.units = units;
  l.bias = bias;
  return l;
}

static inline cw_layer_spec
pool (cw_layer_type type, int k, int s)
{
  cw_layer_spec l = cw_layer_spec_default (type);
  l.kernel = k;
  l.stride = s;
  return l;
}

static inline cw_layer_spec
plain (cw_layer_type type)
{
  return cw_layer_spec_default (type);
}

/* Leaky ReLU and ELU with other slopes than the defaults, so a hard-coded default would show. */
static inline cw_layer_spec
act (cw_activation a)
{
  cw_layer_spec l = cw_activation_spec (a);
  if (a == CW_ACT_LEAKY_RELU)
    l.alpha = 0.1f;
  if (a == CW_ACT_ELU)
    l.alpha = 0.7f;
  return l;
}

/* A model of `layers` on c x l inputs with batch capacity `batch` and weights from `seed`; aborts the
 * test when the layers do not fit. */
static inline cw_model *
build (const cw_layer_spec *layers, int n_layers, int c, int l, cw_task task, int k, int batch,
       uint64_t seed)
{
  cw_spec *spec = cw_spec_new ();
  for (int i = 0; i < n_layers; i++)
    cw_spec_append (spec, &layers[i]);
  cw_error err;
  cw_model *m = cw_model_new (spec, c, l, task, k, &err);
  cw_spec_free (spec);
  if (!m)
    g_error ("cw_model_new: %s", err.message);
  g_assert_cmpint (cw_model_set_batch (m, batch, &err), ==, CW_OK);
  cw_model_init_weights (m, seed);
  return m;
}

static inline void
uniform (cw_rng *rng, float *v, size_t n, double lo, double hi)
{
  for (size_t i = 0; i < n; i++)
    v[i] = (float) (lo + (hi - lo) * cw_rng_uniform (rng));
}

#endif
