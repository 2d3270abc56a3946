/* layer-activation.c — every activation function, one layer type keyed on spec.activation.
 *
 * Elementwise except softmax (over channels at each position). Backward uses x or y, whichever gives
 * the derivative more cheaply; PReLU's slope (one per channel) is the only parameter, RReLU's random
 * slopes are kept in the workspace between forward and backward. */
#include "cw-layer-private.h"
#include "cw-parallel-private.h"

#include <math.h>
#include <string.h>

/* Below this many values per call a parallel region costs more than it saves. */
#define PARALLEL_MIN_VALUES 32768

/* RReLU workspace: [0] = 1 when the last forward drew slopes (training), then one slope per value. */
enum { RRELU_SLOPES = 1 };

static cw_status
activation_shape (const cw_layer_spec *s, int in_c, int in_l, cw_shape_info *out, size_t *n_state,
                  cw_error *err)
{
  if ((unsigned) s->activation >= CW_ACT_N)
    return cw_error_set (err, CW_ERR_SHAPE, 0, 0, "unknown activation %d", (int) s->activation);
  if (s->activation == CW_ACT_RRELU && !(s->lower >= 0.0f && s->lower <= s->upper))
    return cw_error_set (err, CW_ERR_SHAPE, 0, 0,
                         "rrelu needs 0 <= lower <= upper (got lower %g, upper %g)", (double) s->lower,
                         (double) s->upper);
  if (s->activation == CW_ACT_ELU && !(s->alpha >= 0.0f))
    return cw_error_set (err, CW_ERR_SHAPE, 0, 0, "elu needs alpha >= 0 (got %g)",
                         (double) s->alpha);
  out->channels = in_c;
  out->length = in_l;
  out->params = s->activation == CW_ACT_PRELU ? (size_t) in_c : 0;
  out->flops = 0;
  *n_state = 0;
  return CW_OK;
}

/* PReLU starts with the same slope alpha on every channel. */
static void
activation_init (cw_layer *l, cw_rng *rng)
{
  if (l->spec.activation != CW_ACT_PRELU)
    return;
  for (int c = 0; c < l->in_c; c++)
    l->params[c] = l->spec.alpha;
}

static size_t
activation_workspace (const cw_layer *l, int batch, int threads)
{
  if (l->spec.activation != CW_ACT_RRELU)
    return 0;
  return RRELU_SLOPES + (size_t) batch * (size_t) l->in_c * (size_t) l->in_l;
}

static int
activation_threads (const cw_layer *l, int n)
{
  size_t count = (size_t) n * (size_t) l->in_c * (size_t) l->in_l;
  return count >= PARALLEL_MIN_VALUES ? cw_threads_for (l->threads, n) : 1;
}

/* 1 / (1 + e^-x) without overflow: e^x is only taken of non-positive numbers. */
static inline float
sigmoid (float x)
{
  if (x >= 0.0f)
    return 1.0f / (1.0f + expf (-x));
  float e = expf (x);
  return e / (1.0f + e);
}

/* One sample (C x L values). slopes: this sample's RReLU slopes, NULL outside RReLU training. */
static void
forward_sample (const cw_layer *l, const float *x, float *y, const float *slopes)
{
  int C = l->in_c, L = l->in_l;
  size_t count = (size_t) C * (size_t) L;
  float alpha = l->spec.alpha;
  switch (l->spec.activation)
    {
    case CW_ACT_LINEAR: /* y = x */
      memcpy (y, x, count * sizeof (float));
      break;
    case CW_ACT_RELU: /* y = max(x, 0) */
      for (size_t j = 0; j < count; j++)
        y[j] = x[j] > 0.0f ? x[j] : 0.0f;
      break;
    case CW_ACT_RELU6: /* y = min(max(x, 0), 6) */
      for (size_t j = 0; j < count; j++)
        y[j] = fminf (fmaxf (x[j], 0.0f), 6.0f);
      break;
    case CW_ACT_SOFTPLUS: /* y = log(1 + e^x) = max(x, 0) + log1p(e^-|x|), which never overflows */
      for (size_t j = 0; j < count; j++)
        y[j] = fmaxf (x[j], 0.0f) + log1pf (expf (-fabsf (x[j])));
      break;
    case CW_ACT_LEAKY_RELU: /* y = x > 0 ? x : alpha x */
      for (size_t j = 0; j < count; j++)
        y[j] = x[j] > 0.0f ? x[j] : alpha * x[j];
      break;
    case CW_ACT_PRELU: /* y = x > 0 ? x : a_c x, a_c learned per channel */
      for (int c = 0; c < C; c++)
        {
          float a = l->params[c];
          const float *xc = x + (size_t) c * L;
          float *yc = y + (size_t) c * L;
          for (int t = 0; t < L; t++)
            yc[t] = xc[t] > 0.0f ? xc[t] : a * xc[t];
        }
      break;
    case CW_ACT_RRELU: /* y = x > 0 ? x : r x, r ~ U(lower, upper) in training, (lower+upper)/2 after */
      if (slopes)
        for (size_t j = 0; j < count; j++)
          y[j] = x[j] > 0.0f ? x[j] : slopes[j] * x[j];
      else
        {
          float r = 0.5f * (l->spec.lower + l->spec.upper);
          for (size_t j = 0; j < count; j++)
            y[j] = x[j] > 0.0f ? x[j] : r * x[j];
        }
      break;
    case CW_ACT_ELU: /* y = x > 0 ? x : alpha (e^x - 1) */
      for (size_t j = 0; j < count; j++)
        y[j] = x[j] > 0.0f ? x[j] : alpha * expm1f (x[j]);
      break;
    case CW_ACT_SWISH: /* y = x sigmoid(x) */
      for (size_t j = 0; j < count; j++)
        y[j] = x[j] * sigmoid (x[j]);
      break;
    case CW_ACT_SIGMOID: /* y = 1 / (1 + e^-x) */
      for (size_t j = 0; j < count; j++)
        y[j] = sigmoid (x[j]);
      break;
    case CW_ACT_TANH: /* y = tanh x */
      for (size_t j = 0; j < count; j++)
        y[j] = tanhf (x[j]);
      break;
    case CW_ACT_SOFTMAX: /* y_c = e^(x_c - max) / sum_c' e^(x_c' - max) at each position */
      for (int t = 0; t < L; t++)
        {
          float mx = x[t];
          for (int c = 1; c < C; c++)
            mx = fmaxf (mx, x[(size_t) c * L + t]);
          double s = 0;
          for (int c = 0; c < C; c++)
            s += (y[(size_t) c * L + t] = expf (x[(size_t) c * L + t] - mx));
          float inv = (float) (1.0 / s);
          for (int c = 0; c < C; c++)
            y[(size_t) c * L + t] *= inv;
        }
      break;
    case CW_ACT_N:
      break;
    }
}

/* One call's arguments, shared by the parts of a sample split. */
typedef struct
{
  const cw_layer *l;
  const float *x, *dy, *slopes;
  const float *y_in; /* backward: the forward's output */
  float *y, *dx;     /* forward output, backward input gradient */
} activation_job;

static void
forward_samples (void *arg, int i0, int i1, int part)
{
  const activation_job *job = arg;
  const cw_layer *l = job->l;
  size_t per = (size_t) l->in_c * (size_t) l->in_l;
  (void) part;
  for (int i = i0; i < i1; i++)
    forward_sample (l, job->x + (size_t) i * per, job->y + (size_t) i * per,
                    job->slopes ? job->slopes + (size_t) i * per : NULL);
}

static void
activation_forward (cw_layer *l, const float *x, float *y, int n, bool training)
{
  size_t per = (size_t) l->in_c * (size_t) l->in_l;
  const float *slopes = NULL;
  if (l->spec.activation == CW_ACT_RRELU)
    {
      l->ws[0] = training ? 1.0f : 0.0f;
      if (training)
        {
          /* One slope per value whatever its sign, drawn in order from the model's generator: the
           * noise then depends on the seed only, not on the data or the thread count. */
          float *r = l->ws + RRELU_SLOPES;
          double lo = l->spec.lower, span = (double) l->spec.upper - l->spec.lower;
          for (size_t j = 0; j < (size_t) n * per; j++)
            r[j] = (float) (lo + span * cw_rng_uniform (l->rng));
          slopes = r;
        }
    }
  activation_job job = { .l = l, .x = x, .y = y, .slopes = slopes };
  cw_parallel_for (activation_threads (l, n), n, forward_samples, &job);
}

static void
backward_sample (const cw_layer *l, const float *x, const float *y, const float *dy, float *dx,
                 const float *slopes)
{
  int C = l->in_c, L = l->in_l;
  size_t count = (size_t) C * (size_t) L;
  float alpha = l->spec.alpha;
  switch (l->spec.activation)
    {
    case CW_ACT_LINEAR:
      memcpy (dx, dy, count * sizeof (float));
      break;
    case CW_ACT_RELU:
      for (size_t j = 0; j < count; j++)
        dx[j] = x[j] > 0.0f ? dy[j] : 0.0f;
      break;
    case CW_ACT_RELU6:
      for (size_t j = 0; j < count; j++)
        dx[j] = x[j] > 0.0f && x[j] < 6.0f ? dy[j] : 0.0f;
      break;
    case CW_ACT_SOFTPLUS: /* dy/dx = sigmoid(x) */
      for (size_t j = 0; j < count; j++)
        dx[j] = dy[j] * sigmoid (x[j]);
      break;
    case CW_ACT_LEAKY_RELU:
      for (size_t j = 0; j < count; j++)
        dx[j] = x[j] > 0.0f ? dy[j] : alpha * dy[j];
      break;
    case CW_ACT_PRELU:
      for (int c = 0; c < C; c++)
        {
          float a = l->params[c];
          const float *xc = x + (size_t) c * L, *dyc = dy + (size_t) c * L;
          float *dxc = dx + (size_t) c * L;
          for (int t = 0; t < L; t++)
            dxc[t] = xc[t] > 0.0f ? dyc[t] : a * dyc[t];
        }
      break;
    case CW_ACT_RRELU:
      if (slopes)
        for (size_t j = 0; j < count; j++)
          dx[j] = x[j] > 0.0f ? dy[j] : slopes[j] * dy[j];
      else
        {
          float r = 0.5f * (l->spec.lower + l->spec.upper);
          for (size_t j = 0; j < count; j++)
            dx[j] = x[j] > 0.0f ? dy[j] : r * dy[j];
        }
      break;
    case CW_ACT_ELU: /* for x <= 0, dy/dx = alpha e^x = y + alpha */
      for (size_t j = 0; j < count; j++)
        dx[j] = x[j] > 0.0f ? dy[j] : dy[j] * (y[j] + alpha);
      break;
    case CW_ACT_SWISH: /* dy/dx = s + x s (1 - s) = y + s (1 - y) */
      for (size_t j = 0; j < count; j++)
        {
          float s = sigmoid (x[j]);
          dx[j] = dy[j] * (y[j] + s * (1.0f - y[j]));
        }
      break;
    case CW_ACT_SIGMOID: /* dy/dx = y (1 - y) */
      for (size_t j = 0; j < count; j++)
        dx[j] = dy[j] * y[j] * (1.0f - y[j]);
      break;
    case CW_ACT_TANH: /* dy/dx = 1 - y^2 */
      for (size_t j = 0; j < count; j++)
        dx[j] = dy[j] * (1.0f - y[j] * y[j]);
      break;
    case CW_ACT_SOFTMAX: /* dx_c = y_c (dy_c - sum_c' dy_c' y_c') at each position */
      for (int t = 0; t < L; t++)
        {
          double dot = 0;
          for (int c = 0; c < C; c++)
            dot += (double) dy[(size_t) c * L + t] * y[(size_t) c * L + t];
          for (int c = 0; c < C; c++)
            {
              size_t j = (size_t) c * L + t;
              dx[j] = y[j] * (dy[j] - (float) dot);
            }
        }
      break;
    case CW_ACT_N:
      break;
    }
}

typedef struct
{
  cw_layer *l;
  const float *x, *dy;
  int n;
} prelu_job;

static void
prelu_slope_grads_channels (void *arg, int c0, int c1, int part)
{
  const prelu_job *job = arg;
  cw_layer *l = job->l;
  int C = l->in_c, L = l->in_l, n = job->n;
  size_t per = (size_t) C * (size_t) L;
  (void) part;
  for (int c = c0; c < c1; c++)
    {
      double s = 0;
      for (int i = 0; i < n; i++)
        {
          const float *xc = job->x + (size_t) i * per + (size_t) c * L;
          const float *dyc = job->dy + (size_t) i * per + (size_t) c * L;
          for (int t = 0; t < L; t++)
            if (xc[t] <= 0.0f)
              s += (double) dyc[t] * xc[t];
        }
      l->grads[c] += (float) s;
    }
}

/* dL/da_c = sum over samples and positions of dy x where x <= 0. Channels are split over threads so
 * each sum runs in one fixed order whatever the thread count. */
static void
prelu_slope_grads (cw_layer *l, const float *x, const float *dy, int n)
{
  int threads = activation_threads (l, n) > 1 ? cw_threads_for (l->threads, l->in_c) : 1;
  prelu_job job = { .l = l, .x = x, .dy = dy, .n = n };
  cw_parallel_for (threads, l->in_c, prelu_slope_grads_channels, &job);
}

static void
backward_samples (void *arg, int i0, int i1, int part)
{
  const activation_job *job = arg;
  const cw_layer *l = job->l;
  size_t per = (size_t) l->in_c * (size_t) l->in_l;
  (void) part;
  for (int i = i0; i < i1; i++)
    backward_sample (l, job->x + (size_t) i * per, job->y_in + (size_t) i * per, job->dy + (size_t) i * per,
                     job->dx + (size_t) i * per, job->slopes ? job->slopes + (size_t) i * per : NULL);
}

static void
activation_backward (cw_layer *l, const float *x, const float *y, const float *dy, float *dx, int n)
{
  if (l->spec.activation == CW_ACT_PRELU)
    prelu_slope_grads (l, x, dy, n);
  if (!dx)
    return;
  const float *slopes = NULL;
  if (l->spec.activation == CW_ACT_RRELU && l->ws[0] != 0.0f)
    slopes = l->ws + RRELU_SLOPES;
  activation_job job = { .l = l, .x = x, .y_in = y, .dy = dy, .dx = dx, .slopes = slopes };
  cw_parallel_for (activation_threads (l, n), n, backward_samples, &job);
}

const cw_layer_ops cw_activation_ops = {
  .shape = activation_shape,
  .init = activation_init,
  .workspace = activation_workspace,
  .forward = activation_forward,
  .backward = activation_backward,
};
