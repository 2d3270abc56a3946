/* drift.c — perturbations that mimic instrument drift (shift, offset, slope, scale, noise), and the
 * driver that measures RMSEP per perturbation size for any predictor. */
#include "cw-drift.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *
cw_drift_name (cw_drift_kind kind)
{
  switch (kind)
    {
    case CW_DRIFT_SHIFT: return "shift";
    case CW_DRIFT_OFFSET: return "offset";
    case CW_DRIFT_SLOPE: return "slope";
    case CW_DRIFT_SCALE: return "scale";
    case CW_DRIFT_NOISE: return "noise";
    case CW_DRIFT_N_KINDS: break;
    }
  return "?";
}

/* x(t - s) by linear interpolation, positions clamped to the signal. */
static void
shift_signal (const double *x, int length, double s, double *out)
{
  for (int t = 0; t < length; t++)
    {
      double pos = t - s;
      if (pos <= 0)
        out[t] = x[0];
      else if (pos >= length - 1)
        out[t] = x[length - 1];
      else
        {
          int i = (int) floor (pos);
          double f = pos - i;
          out[t] = f == 0 ? x[i] : (1 - f) * x[i] + f * x[i + 1];
        }
    }
}

void
cw_drift_apply (cw_drift_kind kind, double size, uint64_t seed, const double *x, int n, int channels,
                int length, double *out)
{
  assert (x && out && n >= 0 && channels >= 1 && length >= 1);
  size_t signals = (size_t) n * channels;
  cw_rng rng;
  cw_rng_seed (&rng, seed);
  double *tmp = kind == CW_DRIFT_SHIFT ? malloc ((size_t) length * sizeof (double)) : NULL;
  for (size_t s = 0; s < signals; s++)
    {
      const double *xs = x + s * length;
      double *os = out + s * length;
      switch (kind)
        {
        case CW_DRIFT_SHIFT:
          shift_signal (xs, length, size, tmp); /* via tmp: out may be x */
          memcpy (os, tmp, (size_t) length * sizeof (double));
          break;
        case CW_DRIFT_OFFSET:
          for (int t = 0; t < length; t++)
            os[t] = xs[t] + size;
          break;
        case CW_DRIFT_SLOPE:
          for (int t = 0; t < length; t++)
            os[t] = xs[t] + (length > 1 ? size * t / (length - 1) : 0);
          break;
        case CW_DRIFT_SCALE:
          for (int t = 0; t < length; t++)
            os[t] = xs[t] * (1 + size);
          break;
        case CW_DRIFT_NOISE:
          for (int t = 0; t < length; t++)
            os[t] = xs[t] + size * cw_rng_normal (&rng);
          break;
        case CW_DRIFT_N_KINDS:
          assert (!"not a drift kind");
        }
    }
  free (tmp);
}

void
cw_drift_default_sizes (cw_drift_kind kind, const double *x, int n, int channels, int length,
                        double sizes[CW_DRIFT_STEPS])
{
  static const double shift[CW_DRIFT_STEPS] = { 0, 0.5, 1, 2, 3, 5 };
  static const double fraction[CW_DRIFT_STEPS] = { 0, 0.01, 0.02, 0.05, 0.1, 0.2 };
  double lo = INFINITY, hi = -INFINITY;
  for (size_t i = 0; i < (size_t) n * channels * length; i++)
    {
      lo = fmin (lo, x[i]);
      hi = fmax (hi, x[i]);
    }
  double range = hi > lo ? hi - lo : 1;
  for (int k = 0; k < CW_DRIFT_STEPS; k++)
    switch (kind)
      {
      case CW_DRIFT_SHIFT: sizes[k] = shift[k]; break;
      case CW_DRIFT_SCALE: sizes[k] = fraction[k]; break;
      case CW_DRIFT_NOISE: sizes[k] = 0.1 * fraction[k] * range; break;
      default: sizes[k] = fraction[k] * range; break;
      }
}

cw_status
cw_predictor_predict (void *user, const double *x, int n, double *out, cw_error *err)
{
  const cw_predictor *p = user;
  assert (p && (p->pls || p->model));
  const double *xt = x;
  double *buf = NULL;
  if (p->pipeline)
    {
      size_t m = (size_t) n * cw_pipeline_channels (p->pipeline) * cw_pipeline_out_length (p->pipeline);
      buf = malloc ((m ? m : 1) * sizeof (double));
      cw_pipeline_apply (p->pipeline, x, n, buf);
      xt = buf;
    }
  cw_status st = CW_OK;
  if (p->pls)
    cw_pls_predict (p->pls, p->ncomp, xt, n, out);
  else
    {
      /* Without a pipeline of its own here, the model applies the one it carries (if any). */
      int length = p->pipeline ? cw_model_in_length (p->model) : cw_model_raw_length (p->model);
      size_t in = (size_t) n * cw_model_in_channels (p->model) * length;
      int k = cw_model_n_outputs (p->model);
      float *xf = malloc ((in ? in : 1) * sizeof (float));
      float *of = malloc (((size_t) n * k + 1) * sizeof (float));
      for (size_t i = 0; i < in; i++)
        xf[i] = (float) xt[i];
      st = p->pipeline ? cw_model_predict (p->model, xf, n, of, err) : cw_model_predict_raw (p->model, xf, n, of, err);
      for (size_t i = 0; st == CW_OK && i < (size_t) n * k; i++)
        out[i] = of[i];
      free (xf);
      free (of);
    }
  free (buf);
  return st;
}

cw_status
cw_drift_curve (cw_drift_kind kind, const double *sizes, int n_sizes, uint64_t seed, const double *x,
                const double *y, int n, int channels, int length, int q, cw_predict_fn predict, void *user,
                double *rmsep, cw_error *err)
{
  assert (sizes && x && y && predict && rmsep && n >= 1 && q >= 1);
  cw_error_clear (err);
  size_t size = (size_t) n * channels * length;
  double *xp = malloc (size * sizeof (double));
  double *pred = malloc ((size_t) n * q * sizeof (double));
  cw_status st = CW_OK;
  for (int s = 0; s < n_sizes && st == CW_OK; s++)
    {
      /* The same seed at every size: the noise pattern only grows, so the curve is smooth. */
      cw_drift_apply (kind, sizes[s], seed, x, n, channels, length, xp);
      st = predict (user, xp, n, pred, err);
      if (st != CW_OK)
        break;
      double sse = 0;
      for (size_t i = 0; i < (size_t) n * q; i++)
        sse += (y[i] - pred[i]) * (y[i] - pred[i]);
      rmsep[s] = sqrt (sse / ((double) n * q));
    }
  free (xp);
  free (pred);
  return st;
}
