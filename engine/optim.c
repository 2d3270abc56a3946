/* optim.c — SGD (momentum, Nesterov) and Adam over the flat parameter vector, gradient clipping and
 * learning-rate schedules. The update loops run once per batch over every parameter, so they are plain
 * restrict-qualified loops the compiler vectorises; PyTorch's formulations are followed exactly so the
 * same hyper-parameters mean the same thing. */
#include "cw-optim.h"

#include <assert.h>
#if defined(__AVX__)
#include <immintrin.h>
#endif
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct cw_optimizer {
  cw_optimizer_config config;
  size_t n;
  long step;      /* updates done since creation or reset */
  double beta1, beta2; /* the betas as the decimals the user wrote (see decimal_value) */
  float *m;       /* SGD: momentum buffer; Adam: first moment */
  float *v;       /* Adam: second moment */
  float *clipped; /* clipped copy of the gradient, only when clipping is on */
};

cw_optimizer_config
cw_optimizer_config_default (cw_optimizer_type type)
{
  cw_optimizer_config c;
  memset (&c, 0, sizeof c);
  c.type = type;
  c.beta1 = 0.9f;
  c.beta2 = 0.999f;
  c.eps = 1e-8f;
  if (type == CW_OPT_ADAM)
    c.lr = 1e-3f;
  else
    {
      c.lr = 1e-2f;
      c.momentum = 0.9f;
    }
  return c;
}

const char *
cw_optimizer_name (cw_optimizer_type type)
{
  switch (type)
    {
    case CW_OPT_SGD: return "sgd";
    case CW_OPT_ADAM: return "adam";
    }
  return "?";
}

bool
cw_optimizer_from_name (const char *name, cw_optimizer_type *type)
{
  if (!name)
    return false;
  if (strcasecmp (name, "sgd") == 0)
    *type = CW_OPT_SGD;
  else if (strcasecmp (name, "adam") == 0)
    *type = CW_OPT_ADAM;
  else
    return false;
  return true;
}

static bool
needs_clipped_copy (const cw_optimizer_config *c)
{
  return c->clip_norm > 0 || c->clip_value > 0;
}

/* The double a float was written as: the shortest decimal that rounds to it (0.999f -> 0.999).
 * PyTorch keeps its betas as Python doubles, so 1 - beta2 is 1e-3 there but 0.99998713e-3 from the
 * float; going back to the decimal makes the same hyper-parameters give the same moments. */
static double
decimal_value (float f)
{
  char buf[32];
  for (int digits = 6; digits <= 9; digits++)
    {
      snprintf (buf, sizeof buf, "%.*g", digits, (double) f);
      double d = strtod (buf, NULL);
      if ((float) d == f)
        return d;
    }
  return f;
}

cw_optimizer *
cw_optimizer_new (const cw_optimizer_config *config, size_t n_params)
{
  assert (config);
  cw_optimizer *opt = calloc (1, sizeof *opt);
  if (!opt)
    return NULL;
  opt->config = *config;
  opt->n = n_params;
  opt->beta1 = decimal_value (config->beta1);
  opt->beta2 = decimal_value (config->beta2);
  size_t alloc = n_params ? n_params : 1;
  bool uses_m = config->type == CW_OPT_ADAM || config->momentum != 0;
  bool ok = true;
  if (uses_m)
    ok &= (opt->m = calloc (alloc, sizeof (float))) != NULL;
  if (config->type == CW_OPT_ADAM)
    ok &= (opt->v = calloc (alloc, sizeof (float))) != NULL;
  if (needs_clipped_copy (config))
    ok &= (opt->clipped = malloc (alloc * sizeof (float))) != NULL;
  if (!ok)
    {
      cw_optimizer_free (opt);
      return NULL;
    }
  return opt;
}

void
cw_optimizer_free (cw_optimizer *opt)
{
  if (!opt)
    return;
  free (opt->m);
  free (opt->v);
  free (opt->clipped);
  free (opt);
}

void
cw_optimizer_reset (cw_optimizer *opt)
{
  opt->step = 0;
  if (opt->m)
    memset (opt->m, 0, opt->n * sizeof (float));
  if (opt->v)
    memset (opt->v, 0, opt->n * sizeof (float));
}

const float *cw_optimizer_moment1 (const cw_optimizer *opt) { return opt->m; }
const float *cw_optimizer_moment2 (const cw_optimizer *opt) { return opt->v; }

/* Sum of squares with four independent double accumulators: exact enough for a norm of a million floats
 * and still pipelined (a single accumulator would serialise on the add latency). */
static double
sum_of_squares (const float *restrict g, size_t n)
{
  double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  size_t i = 0;
  for (; i + 4 <= n; i += 4)
    {
      a0 += (double) g[i] * g[i];
      a1 += (double) g[i + 1] * g[i + 1];
      a2 += (double) g[i + 2] * g[i + 2];
      a3 += (double) g[i + 3] * g[i + 3];
    }
  for (; i < n; i++)
    a0 += (double) g[i] * g[i];
  return (a0 + a1) + (a2 + a3);
}

/* torch.nn.utils.clip_grad_norm_: g *= max_norm / (norm + 1e-6) when that factor is below 1. */
double
cw_clip_grad_norm (float *grads, size_t n, float max_norm)
{
  double norm = sqrt (sum_of_squares (grads, n));
  double coef = max_norm / (norm + 1e-6);
  if (coef < 1.0)
    {
      float c = (float) coef;
      for (size_t i = 0; i < n; i++)
        grads[i] *= c;
    }
  return norm;
}

static void
clip_values (float *restrict g, size_t n, float v)
{
  /* Comparisons rather than fminf/fmaxf, whose NaN rules keep GCC from vectorising. */
  for (size_t i = 0; i < n; i++)
    g[i] = g[i] < -v ? -v : (g[i] > v ? v : g[i]);
}

/* SGD (PyTorch, dampening 0): d = g + wd p; b = mu b + d (b = d at the first step, the same thing from
 * a zero buffer); p -= lr (nesterov ? d + mu b : b). */
static void
sgd_step (cw_optimizer *opt, float *restrict p, const float *restrict g, float lr)
{
  const float wd = opt->config.weight_decay, mu = opt->config.momentum;
  const size_t n = opt->n;
  if (!opt->m)
    {
      for (size_t i = 0; i < n; i++)
        p[i] -= lr * (g[i] + wd * p[i]);
      return;
    }
  float *restrict b = opt->m;
  if (opt->config.nesterov)
    for (size_t i = 0; i < n; i++)
      {
        float d = g[i] + wd * p[i];
        b[i] = mu * b[i] + d;
        p[i] -= lr * (d + mu * b[i]);
      }
  else
    for (size_t i = 0; i < n; i++)
      {
        float d = g[i] + wd * p[i];
        b[i] = mu * b[i] + d;
        p[i] -= lr * b[i];
      }
}

/* Adam (PyTorch): d = g + wd p; m = b1 m + (1-b1) d; v = b2 v + (1-b2) d^2;
 * p -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps).
 * GCC will not vectorise sqrtf while it may set errno (ISO C mode), so the body is written with
 * intrinsics; without fused multiply-adds it rounds exactly like the scalar tail. */
static void
adam_step (cw_optimizer *opt, float *restrict p, const float *restrict g, float lr)
{
  const float wd = opt->config.weight_decay;
  const float b1 = opt->config.beta1, b2 = opt->config.beta2, eps = opt->config.eps;
  /* 1 - beta and the bias corrections in double, as PyTorch computes them with Python floats. */
  const float c1 = (float) (1.0 - opt->beta1), c2 = (float) (1.0 - opt->beta2);
  double t = (double) opt->step;
  const float step_size = (float) (lr / (1.0 - pow (opt->beta1, t)));
  const float bc2_sqrt = (float) sqrt (1.0 - pow (opt->beta2, t));
  const size_t n = opt->n;
  float *restrict m = opt->m, *restrict v = opt->v;
  size_t i = 0;
#if defined(__AVX512F__)
  {
    const __m512 vwd = _mm512_set1_ps (wd), vb1 = _mm512_set1_ps (b1), vb2 = _mm512_set1_ps (b2);
    const __m512 vc1 = _mm512_set1_ps (c1), vc2 = _mm512_set1_ps (c2), veps = _mm512_set1_ps (eps);
    const __m512 vss = _mm512_set1_ps (step_size), vbc2 = _mm512_set1_ps (bc2_sqrt);
    for (; i + 16 <= n; i += 16)
      {
        __m512 pi = _mm512_loadu_ps (p + i);
        __m512 d = _mm512_add_ps (_mm512_loadu_ps (g + i), _mm512_mul_ps (vwd, pi));
        __m512 mi = _mm512_add_ps (_mm512_mul_ps (vb1, _mm512_loadu_ps (m + i)), _mm512_mul_ps (vc1, d));
        __m512 vi = _mm512_add_ps (_mm512_mul_ps (vb2, _mm512_loadu_ps (v + i)),
                                   _mm512_mul_ps (_mm512_mul_ps (vc2, d), d));
        __m512 denom = _mm512_add_ps (_mm512_div_ps (_mm512_sqrt_ps (vi), vbc2), veps);
        _mm512_storeu_ps (m + i, mi);
        _mm512_storeu_ps (v + i, vi);
        _mm512_storeu_ps (p + i, _mm512_sub_ps (pi, _mm512_div_ps (_mm512_mul_ps (vss, mi), denom)));
      }
  }
#elif defined(__AVX__)
  {
    const __m256 vwd = _mm256_set1_ps (wd), vb1 = _mm256_set1_ps (b1), vb2 = _mm256_set1_ps (b2);
    const __m256 vc1 = _mm256_set1_ps (c1), vc2 = _mm256_set1_ps (c2), veps = _mm256_set1_ps (eps);
    const __m256 vss = _mm256_set1_ps (step_size), vbc2 = _mm256_set1_ps (bc2_sqrt);
    for (; i + 8 <= n; i += 8)
      {
        __m256 pi = _mm256_loadu_ps (p + i);
        __m256 d = _mm256_add_ps (_mm256_loadu_ps (g + i), _mm256_mul_ps (vwd, pi));
        __m256 mi = _mm256_add_ps (_mm256_mul_ps (vb1, _mm256_loadu_ps (m + i)), _mm256_mul_ps (vc1, d));
        __m256 vi = _mm256_add_ps (_mm256_mul_ps (vb2, _mm256_loadu_ps (v + i)),
                                   _mm256_mul_ps (_mm256_mul_ps (vc2, d), d));
        __m256 denom = _mm256_add_ps (_mm256_div_ps (_mm256_sqrt_ps (vi), vbc2), veps);
        _mm256_storeu_ps (m + i, mi);
        _mm256_storeu_ps (v + i, vi);
        _mm256_storeu_ps (p + i, _mm256_sub_ps (pi, _mm256_div_ps (_mm256_mul_ps (vss, mi), denom)));
      }
  }
#endif
  for (; i < n; i++)
    {
      float d = g[i] + wd * p[i];
      m[i] = b1 * m[i] + c1 * d;
      v[i] = b2 * v[i] + c2 * d * d;
      p[i] -= step_size * m[i] / (sqrtf (v[i]) / bc2_sqrt + eps);
    }
}

void
cw_optimizer_step (cw_optimizer *opt, float *params, const float *grads, float lr)
{
  const float *g = grads;
  if (opt->clipped)
    {
      memcpy (opt->clipped, grads, opt->n * sizeof (float));
      if (opt->config.clip_value > 0)
        clip_values (opt->clipped, opt->n, opt->config.clip_value);
      if (opt->config.clip_norm > 0)
        cw_clip_grad_norm (opt->clipped, opt->n, opt->config.clip_norm);
      g = opt->clipped;
    }
  opt->step++;
  if (opt->config.type == CW_OPT_ADAM)
    adam_step (opt, params, g, lr);
  else
    sgd_step (opt, params, g, lr);
}

/* ---- schedules ---- */

const char *
cw_schedule_name (cw_schedule_type type)
{
  switch (type)
    {
    case CW_SCHED_CONSTANT: return "constant";
    case CW_SCHED_STEP: return "step";
    case CW_SCHED_EXPONENTIAL: return "exp";
    case CW_SCHED_COSINE: return "cosine";
    case CW_SCHED_PLATEAU: return "plateau";
    }
  return "?";
}

bool
cw_schedule_from_name (const char *name, cw_schedule_type *type)
{
  if (!name)
    return false;
  if (strcasecmp (name, "constant") == 0 || strcasecmp (name, "const") == 0)
    *type = CW_SCHED_CONSTANT;
  else if (strcasecmp (name, "step") == 0)
    *type = CW_SCHED_STEP;
  else if (strcasecmp (name, "exp") == 0 || strcasecmp (name, "exponential") == 0)
    *type = CW_SCHED_EXPONENTIAL;
  else if (strcasecmp (name, "cosine") == 0 || strcasecmp (name, "cos") == 0)
    *type = CW_SCHED_COSINE;
  else if (strcasecmp (name, "plateau") == 0)
    *type = CW_SCHED_PLATEAU;
  else
    return false;
  return true;
}

float
cw_schedule_lr (const cw_schedule *s, float base_lr, int epoch, int total_epochs)
{
  switch (s->type)
    {
    case CW_SCHED_CONSTANT:
      return base_lr;
    case CW_SCHED_STEP:
      /* lr gamma^floor(epoch / step_epochs), as torch.optim.lr_scheduler.StepLR */
      {
        int every = s->step_epochs > 0 ? s->step_epochs : 1;
        return (float) (base_lr * pow (s->gamma, epoch / every));
      }
    case CW_SCHED_EXPONENTIAL:
      /* lr gamma^epoch */
      return (float) (base_lr * pow (s->gamma, epoch));
    case CW_SCHED_COSINE:
      /* min + (base - min) (1 + cos(pi epoch / (E - 1))) / 2: base at the first epoch, min at the last */
      {
        if (total_epochs <= 1)
          return base_lr;
        int e = epoch < total_epochs - 1 ? epoch : total_epochs - 1;
        double f = 0.5 * (1.0 + cos (M_PI * e / (total_epochs - 1)));
        return (float) (s->min_lr + (base_lr - s->min_lr) * f);
      }
    case CW_SCHED_PLATEAU:
      /* Depends on the losses seen so far, which only the training loop knows (train.c). */
      return base_lr;
    }
  return base_lr;
}
