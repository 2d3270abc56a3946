/* saliency.c — gradient × input and 1D Grad-CAM for one sample. Grad-CAM needs the gradient arriving at
 * an inner layer's output, which the public backward does not keep, so it runs the backward pass of the
 * layers above that layer itself through the private layer table (no change to the model core). */
#include "cw-saliency.h"

#include "cw-model-private.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static cw_status
check_call (cw_model *m, int output, cw_error *err)
{
  cw_error_clear (err);
  if (output < 0 || output >= m->n_outputs)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                         "Output %d does not exist; the model has %d output%s.", output, m->n_outputs,
                         m->n_outputs == 1 ? "" : "s");
  if (m->batch < 1)
    return cw_model_set_batch (m, 1, err);
  return CW_OK;
}

/* Standardised x, the forward pass, and d out / d (network output) in out_grad (n_outputs). */
static float *
forward_one (cw_model *m, const float *x, int output, float *out_grad)
{
  size_t f = (size_t) m->in_c * m->in_l;
  float *xs = malloc (f * sizeof (float));
  cw_model_standardize_input (m, x, 1, xs);
  cw_model_forward (m, xs, 1, false);
  memset (out_grad, 0, (size_t) m->n_outputs * sizeof (float));
  /* Regression predictions are y_mean + y_scale * network output. */
  out_grad[output] = m->task == CW_TASK_REGRESSION && m->y_scale ? m->y_scale[output] : 1.0f;
  return xs;
}

cw_status
cw_saliency_gradient_input (cw_model *m, const float *x, int output, float *saliency, float *gradient,
                            cw_error *err)
{
  assert (m && x);
  cw_status st = check_call (m, output, err);
  if (st != CW_OK)
    return st;
  size_t f = (size_t) m->in_c * m->in_l;
  float *dout = malloc ((size_t) m->n_outputs * sizeof (float));
  float *dx = malloc (f * sizeof (float));
  float *xs = forward_one (m, x, output, dout);
  cw_model_backward (m, dout, dx); /* d out / d x_std */
  cw_model_zero_grads (m);
  for (size_t j = 0; j < f; j++)
    {
      if (saliency)
        saliency[j] = xs[j] * dx[j];
      if (gradient)
        gradient[j] = m->x_scale ? dx[j] / m->x_scale[j] : dx[j];
    }
  free (dout);
  free (dx);
  free (xs);
  return CW_OK;
}

static bool
keeps_positions (cw_layer_type t)
{
  return t == CW_LAYER_CONV || t == CW_LAYER_MAXPOOL || t == CW_LAYER_AVGPOOL || t == CW_LAYER_DROPOUT
         || t == CW_LAYER_BATCHNORM || t == CW_LAYER_ACTIVATION;
}

int
cw_saliency_gradcam_layer (const cw_model *m)
{
  int last = -1;
  for (int i = 0; i < m->n_layers; i++)
    {
      if (!keeps_positions (m->layers[i].spec.type))
        break;
      if (m->layers[i].spec.type == CW_LAYER_CONV)
        last = i;
    }
  if (last < 0)
    return -1;
  while (last + 1 <= m->logits_layer && m->layers[last + 1].spec.type == CW_LAYER_ACTIVATION
         && m->layers[last + 1].spec.activation != CW_ACT_SOFTMAX)
    last++;
  return last;
}

/* Input position of the centre of layer `layer`'s output position j: pos = scale * j + offset. */
static void
receptive_centre (const cw_model *m, int layer, double *scale, double *offset)
{
  double a = 1, b = 0;
  for (int i = layer; i >= 0; i--)
    {
      const cw_layer *ly = &m->layers[i];
      const cw_layer_spec *s = &ly->spec;
      double stride = 1, shift = 0;
      if (s->type == CW_LAYER_CONV)
        {
          int span = s->dilation * (s->kernel - 1) + 1, pad_l = 0;
          switch (s->padding)
            {
            case CW_PAD_VALID: pad_l = 0; break;
            case CW_PAD_SAME:
              {
                /* As layer-conv.c: out = ceil(L / s), the odd zero on the right. */
                int out = (ly->in_l + s->stride - 1) / s->stride;
                int total = (out - 1) * s->stride + span - ly->in_l;
                pad_l = total > 0 ? total / 2 : 0;
                break;
              }
            case CW_PAD_CAUSAL: pad_l = span - 1; break;
            case CW_PAD_EXPLICIT: pad_l = s->pad_left; break;
            }
          stride = s->stride;
          shift = -pad_l + (span - 1) / 2.0;
        }
      else if (s->type == CW_LAYER_MAXPOOL || s->type == CW_LAYER_AVGPOOL)
        {
          stride = s->stride ? s->stride : s->kernel;
          shift = (s->kernel - 1) / 2.0;
        }
      /* x_in = stride * x_out + shift, composed under the map found so far */
      b = stride * b + shift;
      a = stride * a;
    }
  *scale = a;
  *offset = b;
}

cw_status
cw_saliency_gradcam (cw_model *m, const float *x, int output, int layer, float *cam_layer, float *cam_input,
                     cw_error *err)
{
  assert (m && x);
  cw_status st = check_call (m, output, err);
  if (st != CW_OK)
    return st;
  if (layer < 0 || layer > m->logits_layer)
    return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "Layer %d is not one of the network's layers "
                         "0-%d.", layer, m->logits_layer);
  for (int i = 0; i <= layer; i++)
    if (!keeps_positions (m->layers[i].spec.type))
      return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                           "Grad-CAM needs a map over positions, but layer %d comes after %s (layer %d).",
                           layer + 1, cw_layer_type_name (m->layers[i].spec.type), i + 1);

  float *dout = malloc ((size_t) m->n_outputs * sizeof (float));
  float *xs = forward_one (m, x, output, dout);
  size_t largest = (size_t) m->n_outputs;
  for (int i = layer; i <= m->logits_layer; i++)
    {
      size_t s = (size_t) m->layers[i].out_c * m->layers[i].out_l;
      largest = s > largest ? s : largest;
    }
  float *buf[2] = { malloc (largest * sizeof (float)), malloc (largest * sizeof (float)) };
  const float *dy = dout;
  int which = 0;
  for (int i = m->logits_layer; i > layer; i--)
    {
      cw_layer *ly = &m->layers[i];
      ly->ops->backward (ly, m->outputs[i - 1], m->outputs[i], dy, buf[which], 1);
      dy = buf[which];
      which ^= 1;
    }
  cw_model_zero_grads (m);

  const cw_layer *target = &m->layers[layer];
  int c_l = target->out_c, l_l = target->out_l;
  const float *act = m->outputs[layer];
  double *cam = malloc ((size_t) l_l * sizeof (double));
  for (int t = 0; t < l_l; t++)
    cam[t] = 0;
  for (int c = 0; c < c_l; c++)
    {
      double alpha = 0;
      for (int t = 0; t < l_l; t++)
        alpha += dy[(size_t) c * l_l + t];
      alpha /= l_l;
      for (int t = 0; t < l_l; t++)
        cam[t] += alpha * act[(size_t) c * l_l + t];
    }
  for (int t = 0; t < l_l; t++)
    cam[t] = cam[t] > 0 ? cam[t] : 0;
  if (cam_layer)
    for (int t = 0; t < l_l; t++)
      cam_layer[t] = (float) cam[t];
  if (cam_input)
    {
      double a, b;
      receptive_centre (m, layer, &a, &b);
      for (int t = 0; t < m->in_l; t++)
        {
          double j = (t - b) / a;
          if (j <= 0)
            cam_input[t] = (float) cam[0];
          else if (j >= l_l - 1)
            cam_input[t] = (float) cam[l_l - 1];
          else
            {
              int j0 = (int) floor (j);
              double f = j - j0;
              cam_input[t] = (float) ((1 - f) * cam[j0] + f * cam[j0 + 1]);
            }
        }
    }
  free (cam);
  free (buf[0]);
  free (buf[1]);
  free (dout);
  free (xs);
  return CW_OK;
}
