/* loss.c — losses on logits with their gradients; sums in double, reductions as in PyTorch. */
#include "cw-loss.h"

#include <assert.h>
#include <math.h>
#include <strings.h>

static const char *const loss_names[CW_LOSS_N] = {
  [CW_LOSS_MSE] = "mse",
  [CW_LOSS_MAE] = "mae",
  [CW_LOSS_CROSS_ENTROPY] = "crossentropy",
  [CW_LOSS_BINARY_CROSS_ENTROPY] = "bce",
  [CW_LOSS_HINGE] = "hinge",
  [CW_LOSS_EXPONENTIAL] = "exp",
};

const char *
cw_loss_name (cw_loss loss)
{
  return (unsigned) loss < CW_LOSS_N ? loss_names[loss] : "?";
}

bool
cw_loss_from_name (const char *name, cw_loss *loss)
{
  static const struct {
    const char *name;
    cw_loss loss;
  } aliases[] = {
    { "ce", CW_LOSS_CROSS_ENTROPY },
    { "exponential", CW_LOSS_EXPONENTIAL },
  };
  if (!name)
    return false;
  for (int i = 0; i < CW_LOSS_N; i++)
    if (strcasecmp (name, loss_names[i]) == 0)
      {
        *loss = (cw_loss) i;
        return true;
      }
  for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
    if (strcasecmp (name, aliases[i].name) == 0)
      {
        *loss = aliases[i].loss;
        return true;
      }
  return false;
}

cw_loss
cw_loss_default_for_task (cw_task task)
{
  switch (task)
    {
    case CW_TASK_REGRESSION: return CW_LOSS_MSE;
    case CW_TASK_BINARY: return CW_LOSS_BINARY_CROSS_ENTROPY;
    case CW_TASK_MULTICLASS: return CW_LOSS_CROSS_ENTROPY;
    case CW_TASK_MULTILABEL: return CW_LOSS_BINARY_CROSS_ENTROPY;
    }
  return CW_LOSS_MSE;
}

/* Elementwise losses: value and derivative of one term; the caller averages over n*k. */

/* (o - t)^2, derivative 2 (o - t) */
static double
mse_term (double o, double t, double *d)
{
  double e = o - t;
  *d = 2.0 * e;
  return e * e;
}

/* |o - t|, derivative sign(o - t) (0 at o = t, as PyTorch) */
static double
mae_term (double o, double t, double *d)
{
  double e = o - t;
  *d = (e > 0) - (e < 0);
  return fabs (e);
}

/* -(t log s(o) + (1-t) log(1 - s(o))) = max(o, 0) - o t + log(1 + e^-|o|), derivative s(o) - t:
 * the stable form never takes the log of a rounded-to-zero probability. */
static double
bce_term (double o, double t, double *d)
{
  double e = exp (-fabs (o));
  double s = o >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
  *d = s - t;
  return fmax (o, 0.0) - o * t + log1p (e);
}

/* max(0, 1 - y o) with y = 2t - 1, derivative -y inside the margin */
static double
hinge_term (double o, double t, double *d)
{
  double y = 2.0 * t - 1.0;
  double m = 1.0 - y * o;
  *d = m > 0 ? -y : 0.0;
  return m > 0 ? m : 0.0;
}

/* exp(-y o) with y = 2t - 1, derivative -y exp(-y o) */
static double
exp_term (double o, double t, double *d)
{
  double y = 2.0 * t - 1.0;
  double e = exp (-y * o);
  *d = -y * e;
  return e;
}

/* -sum_j t_j log softmax(o)_j = (sum_j t_j) lse(o) - sum_j t_j o_j per row, derivative
 * (sum_j t_j) softmax(o) - t (= p - t for one-hot rows). lse is taken after subtracting the row
 * maximum so no exponential overflows. */
static double
cross_entropy (const float *out, const float *target, int n, int k, float *grad)
{
  double total = 0;
  for (int i = 0; i < n; i++)
    {
      const float *o = out + (size_t) i * k, *t = target + (size_t) i * k;
      double mx = o[0];
      for (int j = 1; j < k; j++)
        mx = fmax (mx, o[j]);
      double s = 0, sum_t = 0, dot = 0;
      for (int j = 0; j < k; j++)
        {
          s += exp (o[j] - mx);
          sum_t += t[j];
          dot += (double) t[j] * o[j];
        }
      double lse = mx + log (s);
      total += sum_t * lse - dot;
      if (grad)
        {
          float *g = grad + (size_t) i * k;
          for (int j = 0; j < k; j++)
            g[j] = (float) ((sum_t * exp (o[j] - lse) - t[j]) / n);
        }
    }
  return total / n;
}

double
cw_loss_compute (cw_loss loss, const float *out, const float *target, int n, int k, float *grad)
{
  assert (out && target && n >= 1 && k >= 1);
  if (loss == CW_LOSS_CROSS_ENTROPY)
    return cross_entropy (out, target, n, k, grad);

  double (*term) (double, double, double *) = NULL;
  switch (loss)
    {
    case CW_LOSS_MSE: term = mse_term; break;
    case CW_LOSS_MAE: term = mae_term; break;
    case CW_LOSS_BINARY_CROSS_ENTROPY: term = bce_term; break;
    case CW_LOSS_HINGE: term = hinge_term; break;
    case CW_LOSS_EXPONENTIAL: term = exp_term; break;
    case CW_LOSS_CROSS_ENTROPY:
    case CW_LOSS_N:
      break;
    }
  assert (term && "unknown loss");
  size_t count = (size_t) n * (size_t) k;
  double total = 0;
  for (size_t i = 0; i < count; i++)
    {
      double d;
      total += term (out[i], target[i], &d);
      if (grad)
        grad[i] = (float) (d / (double) count);
    }
  return total / (double) count;
}
