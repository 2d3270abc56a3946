/* preprocess.c — the preprocessing pipeline: steps, their fitted state, fit on training rows, apply to
 * any rows, float wrappers for the CNN. The text form is in preprocess-text.c, Savitzky–Golay in
 * savgol.c, PCA in preprocess-pca.c. */
#include "cw-chemo-private.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WINDOW 10001

cw_pre_step
cw_pre_step_default (cw_pre_kind kind)
{
  cw_pre_step s;
  memset (&s, 0, sizeof s);
  s.kind = kind;
  s.window = 11;
  s.poly = 2;
  s.deriv = 0;
  s.order = 1;
  s.lo = -INFINITY;
  s.hi = INFINITY;
  s.components = 10;
  return s;
}

const char *
cw_pre_kind_name (cw_pre_kind kind)
{
  switch (kind)
    {
    case CW_PRE_CENTER: return "center";
    case CW_PRE_AUTOSCALE: return "autoscale";
    case CW_PRE_SNV: return "snv";
    case CW_PRE_MSC: return "msc";
    case CW_PRE_SAVGOL: return "sg";
    case CW_PRE_DETREND: return "detrend";
    case CW_PRE_RANGE: return "range";
    case CW_PRE_PCA: return "pca";
    }
  return "?";
}

cw_status
cw_pre_step_check (const cw_pre_step *s, cw_error *err)
{
  switch (s->kind)
    {
    case CW_PRE_SAVGOL:
      if (s->window < 3 || s->window % 2 == 0 || s->window > MAX_WINDOW)
        return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                             "The Savitzky–Golay window must be an odd number of points from 3 to %d (got %d).",
                             MAX_WINDOW, s->window);
      if (s->poly < 0 || s->poly >= s->window)
        return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                             "The Savitzky–Golay polynomial order must be from 0 to window - 1 = %d (got %d).",
                             s->window - 1, s->poly);
      if (s->deriv < 0 || s->deriv > s->poly)
        return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                             "The Savitzky–Golay derivative must be from 0 to the polynomial order %d (got %d).",
                             s->poly, s->deriv);
      return cw_savgol_check_fit (s->window, s->poly, err);
    case CW_PRE_DETREND:
      if (s->order != 1 && s->order != 2)
        return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                             "Detrending removes a polynomial of order 1 or 2 (got %d).", s->order);
      return CW_OK;
    case CW_PRE_RANGE:
      if (isnan (s->lo) || isnan (s->hi) || s->lo > s->hi)
        return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                             "A range needs its low end at or below its high end (got %g to %g).", s->lo, s->hi);
      return CW_OK;
    case CW_PRE_PCA:
      if (s->components < 1)
        return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                             "The number of PCA components must be at least 1 (got %d).", s->components);
      return CW_OK;
    case CW_PRE_CENTER:
    case CW_PRE_AUTOSCALE:
    case CW_PRE_SNV:
    case CW_PRE_MSC:
      return CW_OK;
    }
  return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0, "Unknown preprocessing step %d.", (int) s->kind);
}

/* ---- the pipeline object ---- */

static void
clear_state (cw_fitted_step *f)
{
  free (f->mean);
  free (f->scale);
  free (f->coef);
  free (f->basis);
  free (f->keep);
  free (f->loadings);
  f->mean = f->scale = f->coef = f->basis = f->loadings = NULL;
  f->keep = NULL;
  f->in_length = f->out_length = 0;
}

static void
unfit (cw_pipeline *p)
{
  for (int i = 0; i < p->count; i++)
    clear_state (&p->steps[i]);
  free (p->out_axis);
  p->out_axis = NULL;
  p->fitted = false;
  p->channels = p->in_length = p->out_length = 0;
}

cw_pipeline *
cw_pipeline_new (void)
{
  return calloc (1, sizeof (cw_pipeline));
}

void
cw_pipeline_free (cw_pipeline *p)
{
  if (!p)
    return;
  unfit (p);
  free (p->steps);
  free (p);
}

static void *
dup_array (const void *src, size_t bytes)
{
  if (!src)
    return NULL;
  void *d = malloc (bytes ? bytes : 1);
  memcpy (d, src, bytes);
  return d;
}

cw_pipeline *
cw_pipeline_copy (const cw_pipeline *p)
{
  assert (p);
  cw_pipeline *c = cw_pipeline_new ();
  *c = *p;
  c->cap = p->count;
  c->steps = calloc (p->count ? (size_t) p->count : 1, sizeof (cw_fitted_step));
  for (int i = 0; i < p->count; i++)
    {
      const cw_fitted_step *s = &p->steps[i];
      cw_fitted_step *d = &c->steps[i];
      size_t cols = (size_t) p->channels * (size_t) s->in_length;
      *d = *s;
      d->mean = dup_array (s->mean, cols * sizeof (double));
      d->scale = dup_array (s->scale, cols * sizeof (double));
      d->coef = dup_array (s->coef, (size_t) s->step.window * s->step.window * sizeof (double));
      d->basis = dup_array (s->basis, (size_t) (s->step.order + 1) * s->in_length * sizeof (double));
      d->keep = dup_array (s->keep, (size_t) s->out_length * sizeof (int));
      d->loadings = dup_array (s->loadings, cols * (size_t) s->step.components * sizeof (double));
    }
  c->out_axis = dup_array (p->out_axis, (size_t) p->out_length * sizeof (double));
  return c;
}

cw_status
cw_pipeline_append (cw_pipeline *p, const cw_pre_step *step, cw_error *err)
{
  assert (p && step);
  cw_status st = cw_pre_step_check (step, err);
  if (st != CW_OK)
    return st;
  unfit (p);
  if (p->count == p->cap)
    {
      int cap = p->cap ? 2 * p->cap : 4;
      cw_fitted_step *s = realloc (p->steps, (size_t) cap * sizeof *s);
      if (!s)
        return cw_error_set (err, CW_ERR_NOMEM, 0, 0, "Out of memory.");
      p->steps = s;
      p->cap = cap;
    }
  memset (&p->steps[p->count], 0, sizeof (cw_fitted_step));
  p->steps[p->count++].step = *step;
  return CW_OK;
}

int cw_pipeline_count (const cw_pipeline *p) { return p->count; }
bool cw_pipeline_is_fitted (const cw_pipeline *p) { return p->fitted; }
int cw_pipeline_in_length (const cw_pipeline *p) { return p->in_length; }
int cw_pipeline_channels (const cw_pipeline *p) { return p->channels; }
int cw_pipeline_out_length (const cw_pipeline *p) { return p->out_length; }
const double *cw_pipeline_out_axis (const cw_pipeline *p) { return p->out_axis; }

const cw_pre_step *
cw_pipeline_get (const cw_pipeline *p, int index)
{
  assert (index >= 0 && index < p->count);
  return &p->steps[index].step;
}

bool
cw_pipeline_keeps_axis (const cw_pipeline *p)
{
  assert (p);
  for (int i = 0; i < p->count; i++)
    if (p->steps[i].step.kind == CW_PRE_PCA)
      return false;
  return true;
}

bool
cw_pipeline_needs_fit (const cw_pipeline *p)
{
  for (int i = 0; i < p->count; i++)
    {
      cw_pre_kind k = p->steps[i].step.kind;
      if (k == CW_PRE_CENTER || k == CW_PRE_AUTOSCALE || k == CW_PRE_MSC || k == CW_PRE_PCA)
        return true;
    }
  return false;
}

const double *
cw_pipeline_step_mean (const cw_pipeline *p, int index)
{
  assert (index >= 0 && index < p->count);
  return p->steps[index].mean;
}

const double *
cw_pipeline_step_scale (const cw_pipeline *p, int index)
{
  assert (index >= 0 && index < p->count);
  return p->steps[index].scale;
}

const double *
cw_pipeline_step_loadings (const cw_pipeline *p, int index)
{
  assert (index >= 0 && index < p->count);
  return p->steps[index].loadings;
}

/* ---- per-spectrum helpers ---- */

/* SNV: z = (x - mean(x)) / sd(x), sd with n - 1. */
static void
snv_signal (const double *x, int length, double *out)
{
  double mean = 0;
  for (int t = 0; t < length; t++)
    mean += x[t];
  mean /= length;
  double ss = 0;
  for (int t = 0; t < length; t++)
    ss += (x[t] - mean) * (x[t] - mean);
  double sd = length > 1 ? sqrt (ss / (length - 1)) : 0;
  double inv = sd > 0 ? 1 / sd : 1; /* a flat spectrum stays flat (at zero) rather than becoming NaN */
  for (int t = 0; t < length; t++)
    out[t] = (x[t] - mean) * inv;
}

/* MSC: x = a + b ref by least squares (b = cov(x, ref) / var(ref), a = mean(x) - b mean(ref)), then
 * (x - a) / b. */
static void
msc_signal (const double *x, const double *ref, int length, double *out)
{
  double mx = 0, mr = 0;
  for (int t = 0; t < length; t++)
    {
      mx += x[t];
      mr += ref[t];
    }
  mx /= length;
  mr /= length;
  double sxr = 0, srr = 0;
  for (int t = 0; t < length; t++)
    {
      sxr += (x[t] - mx) * (ref[t] - mr);
      srr += (ref[t] - mr) * (ref[t] - mr);
    }
  double b = sxr / srr; /* srr > 0: fit refuses a flat reference */
  double a = mx - b * mr;
  double inv = b != 0 ? 1 / b : 1;
  for (int t = 0; t < length; t++)
    out[t] = (x[t] - a) * inv;
}

/* Detrending: x - sum_k (b_k'x) b_k over an orthonormal basis b_k of the polynomials up to the order, i.e.
 * the least-squares residual. */
static void
detrend_signal (const double *basis, int k, const double *x, int length, double *out)
{
  if (out != x)
    memcpy (out, x, (size_t) length * sizeof (double));
  for (int j = 0; j < k; j++)
    {
      const double *b = basis + (size_t) j * length;
      double c = 0;
      for (int t = 0; t < length; t++)
        c += b[t] * x[t];
      for (int t = 0; t < length; t++)
        out[t] -= c * b[t];
    }
}

/* Orthonormal 1, u, u^2 over the axis (Gram–Schmidt twice for accuracy), u the axis mapped to [-1, 1]. */
static bool
detrend_basis (const double *axis, int length, int order, double *basis)
{
  double lo = INFINITY, hi = -INFINITY;
  for (int t = 0; t < length; t++)
    {
      lo = fmin (lo, axis[t]);
      hi = fmax (hi, axis[t]);
    }
  double mid = 0.5 * (lo + hi), half = hi > lo ? 0.5 * (hi - lo) : 1;
  for (int j = 0; j <= order; j++)
    {
      double *b = basis + (size_t) j * length;
      for (int t = 0; t < length; t++)
        b[t] = pow ((axis[t] - mid) / half, j);
      for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < j; i++)
          {
            const double *o = basis + (size_t) i * length;
            double c = 0;
            for (int t = 0; t < length; t++)
              c += o[t] * b[t];
            for (int t = 0; t < length; t++)
              b[t] -= c * o[t];
          }
      double nrm = 0;
      for (int t = 0; t < length; t++)
        nrm += b[t] * b[t];
      if (!(nrm > 1e-20))
        return false;
      nrm = 1 / sqrt (nrm);
      for (int t = 0; t < length; t++)
        b[t] *= nrm;
    }
  return true;
}

/* ---- fitting and applying one step ---- */

static void
apply_step (const cw_fitted_step *f, int channels, const double *x, int n, double *out)
{
  int li = f->in_length, lo = f->out_length;
  size_t cols = (size_t) channels * li;
  double *work = f->step.kind == CW_PRE_PCA ? malloc ((size_t) li * sizeof (double)) : NULL;
  for (int i = 0; i < n; i++)
    for (int c = 0; c < channels; c++)
      {
        const double *xs = x + (size_t) i * cols + (size_t) c * li;
        double *os = out + (size_t) i * channels * lo + (size_t) c * lo;
        const double *mean = f->mean ? f->mean + (size_t) c * li : NULL;
        const double *scale = f->scale ? f->scale + (size_t) c * li : NULL;
        switch (f->step.kind)
          {
          case CW_PRE_CENTER:
            for (int t = 0; t < li; t++)
              os[t] = xs[t] - mean[t];
            break;
          case CW_PRE_AUTOSCALE:
            for (int t = 0; t < li; t++)
              os[t] = (xs[t] - mean[t]) / scale[t];
            break;
          case CW_PRE_SNV:
            snv_signal (xs, li, os);
            break;
          case CW_PRE_MSC:
            msc_signal (xs, mean, li, os);
            break;
          case CW_PRE_SAVGOL:
            cw_savgol_filter (f->coef, f->step.window, xs, li, os);
            break;
          case CW_PRE_DETREND:
            detrend_signal (f->basis, f->step.order + 1, xs, li, os);
            break;
          case CW_PRE_RANGE:
            for (int t = 0; t < lo; t++)
              os[t] = xs[f->keep[t]];
            break;
          case CW_PRE_PCA:
            cw_pca_scores (mean, f->loadings + (size_t) c * lo * li, lo, xs, li, work, os);
            break;
          }
      }
  free (work);
}

/* Centring x - mean_col, autoscaling (x - mean_col) / sd_col (n - 1): the column statistics. */
static void
column_means (const double *x, int n, size_t cols, double *mean)
{
  memset (mean, 0, cols * sizeof (double));
  for (int i = 0; i < n; i++)
    for (size_t j = 0; j < cols; j++)
      mean[j] += x[(size_t) i * cols + j];
  for (size_t j = 0; j < cols; j++)
    mean[j] /= n;
}

/* Fits step f on x (n x channels x length over `axis`); on success sets f's state and out_length, and
 * leaves the step's output axis in *axis_out (malloc'd). */
static cw_status
fit_step (cw_fitted_step *f, int index, const double *x, int n, int channels, int length, const double *axis,
          double **axis_out, cw_error *err)
{
  const cw_pre_step *s = &f->step;
  size_t cols = (size_t) channels * length;
  f->in_length = f->out_length = length;
  const char *name = cw_pre_kind_name (s->kind);
  switch (s->kind)
    {
    case CW_PRE_CENTER:
    case CW_PRE_AUTOSCALE:
    case CW_PRE_MSC:
      if (n < (s->kind == CW_PRE_AUTOSCALE ? 2 : 1))
        return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                             "Step %d (%s) needs at least %d training rows to fit (got %d).", index + 1, name,
                             s->kind == CW_PRE_AUTOSCALE ? 2 : 1, n);
      f->mean = malloc (cols * sizeof (double));
      column_means (x, n, cols, f->mean);
      if (s->kind == CW_PRE_AUTOSCALE)
        {
          f->scale = calloc (cols, sizeof (double));
          for (int i = 0; i < n; i++)
            for (size_t j = 0; j < cols; j++)
              {
                double d = x[(size_t) i * cols + j] - f->mean[j];
                f->scale[j] += d * d;
              }
          for (size_t j = 0; j < cols; j++)
            {
              f->scale[j] = sqrt (f->scale[j] / (n - 1));
              if (!(f->scale[j] > 0))
                f->scale[j] = 1; /* a constant column stays at zero instead of becoming NaN */
            }
        }
      if (s->kind == CW_PRE_MSC)
        for (int c = 0; c < channels; c++)
          {
            const double *ref = f->mean + (size_t) c * length;
            bool flat = true;
            for (int t = 1; t < length; t++)
              flat = flat && ref[t] == ref[0];
            if (flat)
              return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                                   "Step %d (msc): the mean training spectrum is flat, so it cannot serve as "
                                   "the reference.", index + 1);
          }
      break;
    case CW_PRE_SNV:
      if (length < 2)
        return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                             "Step %d (snv) needs signals of at least 2 points (got %d).", index + 1, length);
      break;
    case CW_PRE_SAVGOL:
      if (length < s->window)
        return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                             "Step %d (sg): the window of %d points is longer than the signal (%d points).",
                             index + 1, s->window, length);
      f->coef = malloc ((size_t) s->window * s->window * sizeof (double));
      if (cw_savgol_coefficients (s->window, s->poly, s->deriv, f->coef, err) != CW_OK)
        return err ? err->status : CW_ERR_INVALID_ARGUMENT;
      break;
    case CW_PRE_DETREND:
      {
        bool numeric = true;
        for (int t = 0; t < length; t++)
          numeric = numeric && isfinite (axis[t]);
        double *positions = NULL;
        if (!numeric)
          {
            positions = malloc ((size_t) length * sizeof (double));
            for (int t = 0; t < length; t++)
              positions[t] = t;
          }
        f->basis = malloc ((size_t) (s->order + 1) * length * sizeof (double));
        bool ok = length > s->order && detrend_basis (numeric ? axis : positions, length, s->order, f->basis);
        free (positions);
        if (!ok)
          return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                               "Step %d (detrend): a polynomial of order %d needs at least %d distinct axis "
                               "values (the signal has %d points).", index + 1, s->order, s->order + 1, length);
        break;
      }
    case CW_PRE_RANGE:
      {
        f->keep = malloc ((size_t) length * sizeof (int));
        int kept = 0;
        for (int t = 0; t < length; t++)
          {
            if (!isfinite (axis[t]))
              return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                                   "Step %d (range) needs a numeric axis, but position %d of the signal has "
                                   "no numeric axis value.", index + 1, t + 1);
            if (axis[t] >= s->lo && axis[t] <= s->hi)
              f->keep[kept++] = t;
          }
        if (kept == 0)
          {
            char lo[32], hi[32];
            cw_format_double (lo, s->lo);
            cw_format_double (hi, s->hi);
            return cw_error_set (err, CW_ERR_INVALID_ARGUMENT, 0, 0,
                                 "Step %d (range): no axis value lies in [%s, %s] (the axis runs from %g to %g).",
                                 index + 1, lo, hi, axis[0], axis[length - 1]);
          }
        f->out_length = kept;
        break;
      }
    case CW_PRE_PCA:
      {
        cw_status st = cw_pca_fit (x, n, channels, length, s->components, index, &f->mean, &f->loadings, err);
        if (st != CW_OK)
          return st;
        f->out_length = s->components;
        break;
      }
    }
  *axis_out = malloc ((size_t) f->out_length * sizeof (double));
  if (s->kind == CW_PRE_RANGE)
    for (int t = 0; t < f->out_length; t++)
      (*axis_out)[t] = axis[f->keep[t]];
  else if (s->kind == CW_PRE_PCA)
    for (int t = 0; t < f->out_length; t++)
      (*axis_out)[t] = t + 1; /* component numbers */
  else
    memcpy (*axis_out, axis, (size_t) length * sizeof (double));
  return CW_OK;
}

/* Element-wise steps that keep the length may overwrite their input. */
static bool
step_in_place (const cw_fitted_step *f)
{
  return (f->step.kind == CW_PRE_CENTER || f->step.kind == CW_PRE_AUTOSCALE) && f->out_length == f->in_length;
}

/* cw_pipeline_fit; with `inplace` (= x), element-wise steps overwrite x instead of filling a new n x p
 * array, and *out is x itself while every step has worked in place. */
static cw_status
fit_pipeline (cw_pipeline *p, const double *x, double *inplace, int n, int channels, int length,
              const double *axis, double **out, cw_error *err)
{
  assert (p && x && n >= 0 && channels >= 1 && length >= 1);
  cw_error_clear (err);
  unfit (p);
  if (out)
    *out = NULL;
  double *ax = malloc ((size_t) length * sizeof (double));
  for (int t = 0; t < length; t++)
    ax[t] = axis ? axis[t] : t;
  const double *cur = x; /* the first step reads the caller's rows; later ones the previous output */
  double *owned = NULL;   /* the current output when it is ours */
  double *writable = inplace; /* the current rows when a step may overwrite them (x or owned) */
  int len = length;
  for (int i = 0; i < p->count; i++)
    {
      cw_fitted_step *f = &p->steps[i];
      double *next_axis = NULL;
      cw_status st = fit_step (f, i, cur, n, channels, len, ax, &next_axis, err);
      if (st != CW_OK)
        {
          free (next_axis);
          free (ax);
          free (owned);
          unfit (p);
          return st;
        }
      if (writable && step_in_place (f))
        {
          apply_step (f, channels, writable, n, writable);
          free (ax);
          ax = next_axis;
          continue;
        }
      double *next = malloc (((size_t) n * channels * f->out_length + 1) * sizeof (double));
      apply_step (f, channels, cur, n, next);
      free (owned);
      free (ax);
      cur = owned = writable = next;
      ax = next_axis;
      len = f->out_length;
    }
  p->fitted = true;
  p->channels = channels;
  p->in_length = length;
  p->out_length = len;
  p->out_axis = ax;
  if (out && !owned && inplace)
    owned = inplace;
  else if (out && !owned)
    {
      size_t size = (size_t) n * channels * length;
      owned = malloc ((size ? size : 1) * sizeof (double));
      memcpy (owned, x, size * sizeof (double));
    }
  if (out)
    *out = owned;
  else if (owned != inplace)
    free (owned);
  return CW_OK;
}

cw_status
cw_pipeline_fit (cw_pipeline *p, const double *x, int n, int channels, int length, const double *axis,
                 double **out, cw_error *err)
{
  return fit_pipeline (p, x, NULL, n, channels, length, axis, out, err);
}

cw_status
cw_pipeline_fit_inplace (cw_pipeline *p, double *x, int n, int channels, int length, const double *axis,
                         double **out, cw_error *err)
{
  return fit_pipeline (p, x, x, n, channels, length, axis, out, err);
}

void
cw_pipeline_apply (const cw_pipeline *p, const double *x, int n, double *out)
{
  assert (p->fitted && "fit the pipeline before applying it");
  size_t in_size = (size_t) n * p->channels * p->in_length;
  if (p->count == 0)
    {
      if (out != x)
        memcpy (out, x, in_size * sizeof (double));
      return;
    }
  int longest = p->in_length;
  for (int i = 0; i < p->count; i++)
    longest = p->steps[i].out_length > longest ? p->steps[i].out_length : longest;
  size_t buf_size = (size_t) n * p->channels * longest + 1;
  double *buf[2] = { malloc (buf_size * sizeof (double)), malloc (buf_size * sizeof (double)) };
  const double *cur = x;
  for (int i = 0; i < p->count; i++)
    {
      double *dst = i == p->count - 1 ? out : buf[i & 1];
      /* The last step may write over x only when every step keeps the length (documented). */
      if (dst == cur)
        {
          memcpy (buf[i & 1], cur, (size_t) n * p->channels * p->steps[i].in_length * sizeof (double));
          cur = buf[i & 1];
        }
      apply_step (&p->steps[i], p->channels, cur, n, dst);
      cur = dst;
    }
  free (buf[0]);
  free (buf[1]);
}

void
cw_pipeline_apply_step (const cw_pipeline *p, int index, const double *x, int n, double *out)
{
  assert (p->fitted && index >= 0 && index < p->count);
  apply_step (&p->steps[index], p->channels, x, n, out);
}

/* ---- float wrappers ---- */

static double *
to_double (const float *x, size_t n)
{
  double *d = malloc ((n ? n : 1) * sizeof (double));
  for (size_t i = 0; i < n; i++)
    d[i] = x[i];
  return d;
}

cw_status
cw_pipeline_fit_f (cw_pipeline *p, const float *x, int n, int channels, int length, const double *axis,
                   float **out, cw_error *err)
{
  double *xd = to_double (x, (size_t) n * channels * length);
  double *od = NULL;
  cw_status st = cw_pipeline_fit (p, xd, n, channels, length, axis, out ? &od : NULL, err);
  free (xd);
  if (out)
    {
      *out = NULL;
      if (st == CW_OK)
        {
          size_t m = (size_t) n * channels * p->out_length;
          *out = malloc ((m ? m : 1) * sizeof (float));
          for (size_t i = 0; i < m; i++)
            (*out)[i] = (float) od[i];
        }
      free (od);
    }
  return st;
}

void
cw_pipeline_apply_f (const cw_pipeline *p, const float *x, int n, float *out)
{
  size_t m = (size_t) n * p->channels * p->out_length;
  double *xd = to_double (x, (size_t) n * p->channels * p->in_length);
  double *od = malloc ((m ? m : 1) * sizeof (double));
  cw_pipeline_apply (p, xd, n, od);
  for (size_t i = 0; i < m; i++)
    out[i] = (float) od[i];
  free (xd);
  free (od);
}
