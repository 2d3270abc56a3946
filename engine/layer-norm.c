/* layer-norm.c — dropout and batch normalisation: the layers that behave differently in training. */
#include "cw-layer-private.h"
#include "cw-parallel-private.h"

#include <math.h>
#include <string.h>

/* Below this many values per call a parallel region costs more than it saves. */
#define PARALLEL_MIN_VALUES 32768

/* ---- dropout: inverted, y = x * m / (1 - rate) with m ~ Bernoulli(1 - rate) in training, y = x at
 * inference, so no rescaling is needed when the network is used ---- */

/* Workspace: [0] = 1 when the last forward drew a mask, then the mask (0 or 1/(1-rate)) per value. */
enum { DROPOUT_MASK = 1 };

static cw_status
dropout_shape (const cw_layer_spec *s, int in_c, int in_l, cw_shape_info *out, size_t *n_state,
               cw_error *err)
{
  if (!(s->rate >= 0.0f && s->rate < 1.0f))
    return cw_error_set (err, CW_ERR_SHAPE, 0, 0,
                         "the dropout rate must be in [0, 1) (got %g)", (double) s->rate);
  out->channels = in_c;
  out->length = in_l;
  out->params = 0;
  out->flops = 0;
  *n_state = 0;
  return CW_OK;
}

static size_t
dropout_workspace (const cw_layer *l, int batch, int threads)
{
  return DROPOUT_MASK + (size_t) batch * (size_t) l->in_c * (size_t) l->in_l;
}

static void
dropout_forward (cw_layer *l, const float *x, float *y, int n, bool training)
{
  size_t count = (size_t) n * (size_t) l->in_c * (size_t) l->in_l;
  if (!training || l->spec.rate == 0.0f)
    {
      l->ws[0] = 0.0f;
      memcpy (y, x, count * sizeof (float));
      return;
    }
  /* The mask is drawn sequentially from the model's one generator, so it depends on the seed only,
   * never on the thread count. */
  float *mask = l->ws + DROPOUT_MASK;
  double rate = l->spec.rate;
  float scale = (float) (1.0 / (1.0 - rate));
  for (size_t i = 0; i < count; i++)
    mask[i] = cw_rng_uniform (l->rng) < rate ? 0.0f : scale;
  for (size_t i = 0; i < count; i++)
    y[i] = x[i] * mask[i];
  l->ws[0] = 1.0f;
}

static void
dropout_backward (cw_layer *l, const float *x, const float *y, const float *dy, float *dx, int n)
{
  if (!dx)
    return;
  size_t count = (size_t) n * (size_t) l->in_c * (size_t) l->in_l;
  if (l->ws[0] == 0.0f)
    {
      memcpy (dx, dy, count * sizeof (float));
      return;
    }
  const float *mask = l->ws + DROPOUT_MASK;
  for (size_t i = 0; i < count; i++)
    dx[i] = dy[i] * mask[i];
}

const cw_layer_ops cw_dropout_ops = {
  .shape = dropout_shape,
  .init = NULL,
  .workspace = dropout_workspace,
  .forward = dropout_forward,
  .backward = dropout_backward,
};

/* ---- batchnorm: y = gamma (x - mu) / sqrt(var + eps) + beta per channel, mu and var over the batch
 * and the length (biased var) in training, the running averages at inference ---- */

/* Workspace: mean (C), 1/sqrt(var + eps) (C) of the last forward, then a flag: 1 when they were batch
 * statistics (backward must then go through them), 0 when they were the running ones. */
static cw_status
batchnorm_shape (const cw_layer_spec *s, int in_c, int in_l, cw_shape_info *out, size_t *n_state,
                 cw_error *err)
{
  if (!(s->eps > 0.0f))
    return cw_error_set (err, CW_ERR_SHAPE, 0, 0,
                         "the batchnorm epsilon must be positive (got %g)", (double) s->eps);
  if (!(s->momentum >= 0.0f && s->momentum <= 1.0f))
    return cw_error_set (err, CW_ERR_SHAPE, 0, 0,
                         "the batchnorm momentum must be in [0, 1] (got %g)", (double) s->momentum);
  out->channels = in_c;
  out->length = in_l;
  out->params = 2 * (size_t) in_c;
  out->flops = 0;
  *n_state = 2 * (size_t) in_c;
  return CW_OK;
}

static void
batchnorm_init (cw_layer *l, cw_rng *rng)
{
  int c = l->in_c;
  for (int i = 0; i < c; i++)
    {
      l->params[i] = 1.0f;     /* gamma */
      l->params[c + i] = 0.0f; /* beta */
      l->state[i] = 0.0f;      /* running mean */
      l->state[c + i] = 1.0f;  /* running variance */
    }
}

static size_t
batchnorm_workspace (const cw_layer *l, int batch, int threads)
{
  return 2 * (size_t) l->in_c + 1;
}

static int
batchnorm_threads (const cw_layer *l, int n)
{
  size_t count = (size_t) n * (size_t) l->in_c * (size_t) l->in_l;
  return count >= PARALLEL_MIN_VALUES ? cw_threads_for (l->threads, l->in_c) : 1;
}

/* One batchnorm call's arguments, shared by the parts of a channel split. */
typedef struct
{
  cw_layer *l;
  const float *x, *dy;
  float *y, *dx;
  int n;
  bool training;
} batchnorm_job;

static void
batchnorm_forward_channels (void *arg, int c0, int c1, int part)
{
  const batchnorm_job *job = arg;
  cw_layer *l = job->l;
  const float *x = job->x;
  float *y = job->y;
  int n = job->n;
  bool training = job->training;
  int C = l->in_c, L = l->in_l;
  size_t stride = (size_t) C * (size_t) L;
  const float *gamma = l->params, *beta = l->params + C;
  float *run_mean = l->state, *run_var = l->state + C;
  float *mean = l->ws, *invstd = l->ws + C;
  double count = (double) n * L;
  double momentum = l->spec.momentum, eps = l->spec.eps;
  (void) part;

  for (int c = c0; c < c1; c++)
    {
      double mu, var;
      if (training)
        {
          /* Two passes: the mean first, then the squared deviations, which is exact enough in double
           * where the one-pass E[x^2] - E[x]^2 can cancel badly. */
          double s = 0;
          for (int i = 0; i < n; i++)
            {
              const float *xc = x + (size_t) i * stride + (size_t) c * L;
              for (int t = 0; t < L; t++)
                s += xc[t];
            }
          mu = s / count;
          double ss = 0;
          for (int i = 0; i < n; i++)
            {
              const float *xc = x + (size_t) i * stride + (size_t) c * L;
              for (int t = 0; t < L; t++)
                {
                  double d = xc[t] - mu;
                  ss += d * d;
                }
            }
          var = ss / count;
          /* The running variance is the unbiased estimate (PyTorch); with one value per channel it is
           * undefined, and the biased one (0) is kept instead of a division by zero. */
          double unbiased = count > 1 ? ss / (count - 1) : var;
          run_mean[c] = (float) ((1.0 - momentum) * run_mean[c] + momentum * mu);
          run_var[c] = (float) ((1.0 - momentum) * run_var[c] + momentum * unbiased);
        }
      else
        {
          mu = run_mean[c];
          var = run_var[c];
        }
      float m = (float) mu, is = (float) (1.0 / sqrt (var + eps));
      mean[c] = m;
      invstd[c] = is;
      float g = gamma[c] * is, b = beta[c];
      for (int i = 0; i < n; i++)
        {
          const float *xc = x + (size_t) i * stride + (size_t) c * L;
          float *yc = y + (size_t) i * stride + (size_t) c * L;
          for (int t = 0; t < L; t++)
            yc[t] = g * (xc[t] - m) + b;
        }
    }
}

static void
batchnorm_forward (cw_layer *l, const float *x, float *y, int n, bool training)
{
  /* Channels are independent, so splitting them over threads keeps every sum in one fixed order. */
  batchnorm_job job = { .l = l, .x = x, .y = y, .n = n, .training = training };
  cw_parallel_for (batchnorm_threads (l, n), l->in_c, batchnorm_forward_channels, &job);
  l->ws[2 * l->in_c] = training ? 1.0f : 0.0f;
}

/* With batch statistics every output depends on every input of its channel:
 * dx = gamma * invstd * (dy - mean(dy) - xhat * mean(dy * xhat)), xhat = (x - mu) * invstd. */
static void
batchnorm_backward_channels (void *arg, int c0, int c1, int part)
{
  const batchnorm_job *job = arg;
  cw_layer *l = job->l;
  const float *x = job->x, *dy = job->dy;
  float *dx = job->dx;
  int n = job->n;
  int C = l->in_c, L = l->in_l;
  size_t stride = (size_t) C * (size_t) L;
  const float *gamma = l->params;
  float *dgamma = l->grads, *dbeta = l->grads + C;
  const float *mean = l->ws, *invstd = l->ws + C;
  bool batch_stats = l->ws[2 * C] != 0.0f;
  double count = (double) n * L;
  (void) part;

  for (int c = c0; c < c1; c++)
    {
      float m = mean[c], is = invstd[c];
      double sum_dy = 0, sum_dy_xhat = 0;
      for (int i = 0; i < n; i++)
        {
          const float *xc = x + (size_t) i * stride + (size_t) c * L;
          const float *dyc = dy + (size_t) i * stride + (size_t) c * L;
          for (int t = 0; t < L; t++)
            {
              sum_dy += dyc[t];
              sum_dy_xhat += (double) dyc[t] * ((xc[t] - m) * is);
            }
        }
      dgamma[c] += (float) sum_dy_xhat;
      dbeta[c] += (float) sum_dy;
      if (!dx)
        continue;
      float g = gamma[c] * is;
      float mean_dy = batch_stats ? (float) (sum_dy / count) : 0.0f;
      float mean_dy_xhat = batch_stats ? (float) (sum_dy_xhat / count) : 0.0f;
      for (int i = 0; i < n; i++)
        {
          const float *xc = x + (size_t) i * stride + (size_t) c * L;
          const float *dyc = dy + (size_t) i * stride + (size_t) c * L;
          float *dxc = dx + (size_t) i * stride + (size_t) c * L;
          for (int t = 0; t < L; t++)
            dxc[t] = g * (dyc[t] - mean_dy - (xc[t] - m) * is * mean_dy_xhat);
        }
    }
}

static void
batchnorm_backward (cw_layer *l, const float *x, const float *y, const float *dy, float *dx, int n)
{
  batchnorm_job job = { .l = l, .x = x, .dy = dy, .dx = dx, .n = n };
  cw_parallel_for (batchnorm_threads (l, n), l->in_c, batchnorm_backward_channels, &job);
}

const cw_layer_ops cw_batchnorm_ops = {
  .shape = batchnorm_shape,
  .init = batchnorm_init,
  .workspace = batchnorm_workspace,
  .forward = batchnorm_forward,
  .backward = batchnorm_backward,
};
