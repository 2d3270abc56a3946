/* layer-dense.c — fully connected layer and flatten.
 *
 * dense: y = x W^T + b, with x the batch as n rows of `inputs` values (a (C, 1) tensor read flat),
 * W (units, inputs) row-major then b (units). The whole batch is one GEMM, so the BLAS kernel sees a
 * matrix-matrix product instead of n matrix-vector ones. */
#include "cw-layer-private.h"

#include "cw-blas-private.h"

#include <limits.h>
#include <math.h>
#include <string.h>

/* ---- dense ---- */

static cw_status
dense_shape (const cw_layer_spec *s, int in_c, int in_l, cw_shape_info *out, size_t *n_state,
             cw_error *err)
{
  if (s->units < 1)
    return cw_error_set (err, CW_ERR_SHAPE, 0, 0, "dense needs at least one unit (got %d)", s->units);
  if (in_l != 1)
    return cw_error_set (err, CW_ERR_SHAPE, 0, 0,
                         "dense needs a flat input (C x 1) but gets %d x %d: add flatten or a global "
                         "pooling layer before it", in_c, in_l);
  size_t inputs = (size_t) in_c;
  out->channels = s->units;
  out->length = 1;
  out->params = (size_t) s->units * inputs + (s->bias ? (size_t) s->units : 0);
  out->flops = 2.0 * (double) s->units * (double) inputs;
  *n_state = 0;
  return CW_OK;
}

/* He- or Glorot-uniform, as the model decided from the activation that follows; biases start at zero. */
static void
dense_init (cw_layer *l, cw_rng *rng)
{
  int inputs = l->in_c;
  cw_init_uniform (l->params, (size_t) l->spec.units * (size_t) inputs,
                   cw_init_limit (l, (size_t) inputs, (size_t) l->spec.units), rng);
}

static void
dense_forward (cw_layer *l, const float *x, float *y, int n, bool training)
{
  int units = l->spec.units, inputs = l->in_c;
  const float *w = l->params;
  if (l->spec.bias)
    {
      const float *b = w + (size_t) units * inputs;
      for (int i = 0; i < n; i++)
        memcpy (y + (size_t) i * units, b, (size_t) units * sizeof (float));
    }
  /* beta = 1 accumulates onto the bias rows (beta = 0 ignores whatever y holds). */
  cw_sgemm (false, true, n, units, inputs, 1.0f, x, inputs, w, inputs, l->spec.bias ? 1.0f : 0.0f, y,
            units);
}

static void
dense_backward (cw_layer *l, const float *x, const float *y, const float *dy, float *dx, int n)
{
  int units = l->spec.units, inputs = l->in_c;
  const float *w = l->params;
  float *dw = l->grads;
  /* dW (units x inputs) += dy^T x */
  cw_sgemm (true, false, units, inputs, n, 1.0f, dy, units, x, inputs, 1.0f, dw, inputs);
  if (l->spec.bias)
    {
      float *db = dw + (size_t) units * inputs;
      for (int i = 0; i < n; i++)
        {
          const float *dyi = dy + (size_t) i * units;
          for (int u = 0; u < units; u++)
            db[u] += dyi[u];
        }
    }
  /* dx (n x inputs) = dy W */
  if (dx)
    cw_sgemm (false, false, n, inputs, units, 1.0f, dy, units, w, inputs, 0.0f, dx, inputs);
}

const cw_layer_ops cw_dense_ops = {
  .shape = dense_shape,
  .init = dense_init,
  .workspace = NULL,
  .forward = dense_forward,
  .backward = dense_backward,
};

/* ---- flatten: (C, L) -> (C*L, 1), channel-major; the values do not move, only the shape changes ---- */

static cw_status
flatten_shape (const cw_layer_spec *s, int in_c, int in_l, cw_shape_info *out, size_t *n_state,
               cw_error *err)
{
  long long values = (long long) in_c * in_l;
  if (values > INT_MAX)
    return cw_error_set (err, CW_ERR_SHAPE, 0, 0,
                         "flatten of %d x %d gives %lld values per sample, more than a layer can hold "
                         "(%d): pool or stride before flatten",
                         in_c, in_l, values, INT_MAX);
  out->channels = (int) values;
  out->length = 1;
  out->params = 0;
  out->flops = 0;
  *n_state = 0;
  return CW_OK;
}

/* A copy, because the model keeps one output buffer per layer. */
static void
flatten_forward (cw_layer *l, const float *x, float *y, int n, bool training)
{
  memcpy (y, x, (size_t) n * (size_t) l->in_c * (size_t) l->in_l * sizeof (float));
}

static void
flatten_backward (cw_layer *l, const float *x, const float *y, const float *dy, float *dx, int n)
{
  if (dx)
    memcpy (dx, dy, (size_t) n * (size_t) l->in_c * (size_t) l->in_l * sizeof (float));
}

const cw_layer_ops cw_flatten_ops = {
  .shape = flatten_shape,
  .init = NULL,
  .workspace = NULL,
  .forward = flatten_forward,
  .backward = flatten_backward,
};
