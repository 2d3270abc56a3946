/* preprocess-io.c — a pipeline as bytes and back, fitted state included, for model and project files.
 *
 * Layout (version 2), integers little-endian, doubles IEEE-754 binary64 little-endian (bit-exact):
 *   "CWPP"  u32 version
 *   u32 n_steps, then per step: u32 kind, i32 window, i32 poly, i32 deriv, i32 order, i32 components,
 *                               f64 lo, f64 hi
 *   u8 fitted; when 1:
 *     u32 channels, u32 in_length, u32 out_length
 *     per step: u32 in_length, u32 out_length, then what the kind learnt (C = channels, L = in_length):
 *       center: C x L means;  autoscale: C x L means, C x L SDs;  msc: C x L reference spectrum;
 *       sg: window x window coefficients;  detrend: (order + 1) x L basis;  range: out_length u32
 *       kept positions;  pca: C x L means, C x K x L loadings (K = components = out_length);
 *       snv: nothing
 *     out_length f64 output axis
 * Version 1 is the same without the components field (and without pca steps); it is still read, its
 * steps taking the default components (so they equal the parsed steps).
 * The fitted state is stored rather than recomputed on loading, so the loaded pipeline is the fitted
 * one to the bit, whatever libm the reading machine has. */
#include "cw-bytes-private.h"
#include "cw-chemo-private.h"

#include <assert.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PIPE_MAGIC "CWPP"
#define PIPE_MAGIC_LEN 4
#define PIPE_VERSION 2u
#define STEP_BYTES_V1 (5 * 4 + 2 * 8) /* kind, window, poly, deriv, order, lo, hi */
#define STEP_BYTES (6 * 4 + 2 * 8)    /* kind, window, poly, deriv, order, components, lo, hi */

/* ---- writing ---- */

unsigned char *
cw_pipeline_serialize (const cw_pipeline *p, size_t *size)
{
  assert (p && size);
  cw_bytes_out b = { 0 };
  cw_put_bytes (&b, PIPE_MAGIC, PIPE_MAGIC_LEN);
  cw_put_u32 (&b, PIPE_VERSION);
  cw_put_u32 (&b, (uint32_t) p->count);
  for (int i = 0; i < p->count; i++)
    {
      const cw_pre_step *s = &p->steps[i].step;
      cw_put_u32 (&b, (uint32_t) s->kind);
      cw_put_u32 (&b, (uint32_t) s->window);
      cw_put_u32 (&b, (uint32_t) s->poly);
      cw_put_u32 (&b, (uint32_t) s->deriv);
      cw_put_u32 (&b, (uint32_t) s->order);
      cw_put_u32 (&b, (uint32_t) s->components);
      cw_put_doubles (&b, &s->lo, 1);
      cw_put_doubles (&b, &s->hi, 1);
    }
  cw_put_u8 (&b, p->fitted);
  if (p->fitted)
    {
      cw_put_u32 (&b, (uint32_t) p->channels);
      cw_put_u32 (&b, (uint32_t) p->in_length);
      cw_put_u32 (&b, (uint32_t) p->out_length);
      for (int i = 0; i < p->count; i++)
        {
          const cw_fitted_step *f = &p->steps[i];
          size_t cols = (size_t) p->channels * (size_t) f->in_length;
          cw_put_u32 (&b, (uint32_t) f->in_length);
          cw_put_u32 (&b, (uint32_t) f->out_length);
          switch (f->step.kind)
            {
            case CW_PRE_CENTER:
            case CW_PRE_MSC:
              cw_put_doubles (&b, f->mean, cols);
              break;
            case CW_PRE_AUTOSCALE:
              cw_put_doubles (&b, f->mean, cols);
              cw_put_doubles (&b, f->scale, cols);
              break;
            case CW_PRE_SAVGOL:
              cw_put_doubles (&b, f->coef, (size_t) f->step.window * (size_t) f->step.window);
              break;
            case CW_PRE_DETREND:
              cw_put_doubles (&b, f->basis, (size_t) (f->step.order + 1) * (size_t) f->in_length);
              break;
            case CW_PRE_RANGE:
              for (int t = 0; t < f->out_length; t++)
                cw_put_u32 (&b, (uint32_t) f->keep[t]);
              break;
            case CW_PRE_PCA:
              cw_put_doubles (&b, f->mean, cols);
              cw_put_doubles (&b, f->loadings, cols * (size_t) f->step.components);
              break;
            case CW_PRE_SNV:
              break;
            }
        }
      cw_put_doubles (&b, p->out_axis, (size_t) p->out_length);
    }
  if (b.failed)
    {
      free (b.data);
      return NULL;
    }
  *size = b.len;
  return b.data;
}

/* ---- reading ---- */

/* n doubles read into a new array; NULL (and r failed) when the data ends first. */
static double *
read_doubles (cw_bytes_in *r, uint64_t n, const char *what)
{
  size_t at = cw_bytes_skip (r, n, 8, what);
  if (r->failed)
    return NULL;
  double *v = malloc ((n ? (size_t) n : 1) * sizeof (double));
  if (!v)
    {
      cw_error_set (r->err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read the %s.", r->kind);
      r->failed = true;
      return NULL;
    }
  cw_decode_doubles (r->data + at, v, (size_t) n);
  return v;
}

/* A length or channel count from the data, 1 to INT_MAX; `what` says where it lies (for a truncation),
 * `label` what it counts (for a bad value). */
static int
read_count (cw_bytes_in *r, const char *what, const char *label)
{
  uint32_t v = cw_get_u32 (r, what);
  if (r->failed)
    return 0;
  if (v < 1 || v > INT_MAX)
    cw_bytes_corrupt (r, "%s is %u", label, v);
  return (int) v;
}

static double
read_double (cw_bytes_in *r, const char *what)
{
  double v = 0;
  size_t at = cw_bytes_skip (r, 1, 8, what);
  if (!r->failed)
    cw_decode_doubles (r->data + at, &v, 1);
  return v;
}

static bool
read_steps (cw_bytes_in *r, cw_pipeline *p, uint32_t version)
{
  uint32_t n = cw_get_u32 (r, "the step count");
  if (r->failed)
    return false;
  /* every step takes its record's bytes: a count the remaining bytes cannot hold is refused before the
   * loop */
  if (n > (r->size - r->pos) / (version == 1 ? STEP_BYTES_V1 : STEP_BYTES))
    {
      char what[64];
      snprintf (what, sizeof what, "the %u steps it claims", n);
      return cw_bytes_need (r, UINT64_MAX, what);
    }
  for (uint32_t i = 0; i < n; i++)
    {
      cw_pre_step s = cw_pre_step_default (CW_PRE_CENTER);
      uint32_t kind = cw_get_u32 (r, "a step");
      s.window = (int) cw_get_u32 (r, "a step");
      s.poly = (int) cw_get_u32 (r, "a step");
      s.deriv = (int) cw_get_u32 (r, "a step");
      s.order = (int) cw_get_u32 (r, "a step");
      if (version >= 2)
        s.components = (int) cw_get_u32 (r, "a step");
      s.lo = read_double (r, "a step");
      s.hi = read_double (r, "a step");
      if (r->failed)
        return false;
      if (kind > (version == 1 ? CW_PRE_RANGE : CW_PRE_PCA))
        return cw_bytes_corrupt (r, "step %u has an unknown kind (%u)", i + 1, kind);
      s.kind = (cw_pre_kind) kind;
      cw_error inner;
      if (cw_pipeline_append (p, &s, &inner) != CW_OK)
        return cw_bytes_corrupt (r, "step %u (%s): %s", i + 1, cw_pre_kind_name (s.kind), inner.message);
    }
  return true;
}

/* Step i's lengths and learnt state; `length` is what the previous step gives it. */
static bool
read_step_state (cw_bytes_in *r, cw_pipeline *p, int i, int length)
{
  cw_fitted_step *f = &p->steps[i];
  const cw_pre_step *s = &f->step;
  const char *name = cw_pre_kind_name (s->kind);
  char what[96];
  snprintf (what, sizeof what, "the fitted state of step %d (%s)", i + 1, name);
  char label[96];
  snprintf (label, sizeof label, "the input length of step %d (%s)", i + 1, name);
  f->in_length = read_count (r, what, label);
  snprintf (label, sizeof label, "the output length of step %d (%s)", i + 1, name);
  f->out_length = read_count (r, what, label);
  if (r->failed)
    return false;
  if (f->in_length != length)
    return cw_bytes_corrupt (r, "step %d (%s) was fitted on %d points but the step before gives %d", i + 1,
                             name, f->in_length, length);
  if (s->kind == CW_PRE_PCA ? f->out_length != s->components || f->out_length > f->in_length
      : s->kind == CW_PRE_RANGE ? f->out_length > f->in_length : f->out_length != f->in_length)
    return cw_bytes_corrupt (r, "step %d (%s) turns %d points into %d", i + 1, name, f->in_length,
                             f->out_length);
  uint64_t cols = (uint64_t) p->channels * (uint64_t) f->in_length;
  switch (s->kind)
    {
    case CW_PRE_CENTER:
    case CW_PRE_MSC:
      f->mean = read_doubles (r, cols, what);
      break;
    case CW_PRE_AUTOSCALE:
      f->mean = read_doubles (r, cols, what);
      f->scale = read_doubles (r, cols, what);
      break;
    case CW_PRE_SAVGOL:
      /* the filter reads a whole window at each end */
      if (f->in_length < s->window)
        return cw_bytes_corrupt (r, "step %d (sg) has a window of %d points over a signal of %d", i + 1,
                                 s->window, f->in_length);
      f->coef = read_doubles (r, (uint64_t) s->window * (uint64_t) s->window, what);
      break;
    case CW_PRE_DETREND:
      if (f->in_length <= s->order)
        return cw_bytes_corrupt (r, "step %d (detrend) of order %d over a signal of %d points", i + 1,
                                 s->order, f->in_length);
      f->basis = read_doubles (r, (uint64_t) (s->order + 1) * (uint64_t) f->in_length, what);
      break;
    case CW_PRE_RANGE:
      {
        size_t at = cw_bytes_skip (r, (uint64_t) f->out_length, 4, what);
        if (r->failed)
          return false;
        f->keep = malloc ((size_t) f->out_length * sizeof (int));
        if (!f->keep)
          {
            cw_error_set (r->err, CW_ERR_NOMEM, 0, 0, "Not enough memory to read the %s.", r->kind);
            r->failed = true;
            return false;
          }
        /* apply indexes the input with these: each must lie inside it, in increasing order as fit
         * leaves them */
        for (int t = 0; t < f->out_length; t++)
          {
            uint32_t k = cw_decode_u32 (r->data + at + 4 * (size_t) t);
            if (k >= (uint32_t) f->in_length || (t > 0 && (int) k <= f->keep[t - 1]))
              return cw_bytes_corrupt (r, "step %d (range) keeps position %u of a %d-point signal out of order "
                                       "or out of bounds", i + 1, k, f->in_length);
            f->keep[t] = (int) k;
          }
        break;
      }
    case CW_PRE_PCA:
      f->mean = read_doubles (r, cols, what);
      /* cols x K could overflow 64 bits: compare K with what the remaining bytes hold per column */
      if (!r->failed && cols > 0 && (uint64_t) f->out_length > (r->size - r->pos) / 8 / cols)
        return cw_bytes_need (r, UINT64_MAX, what);
      f->loadings = read_doubles (r, cols * (uint64_t) f->out_length, what);
      break;
    case CW_PRE_SNV:
      break;
    }
  return !r->failed;
}

static bool
read_fitted_state (cw_bytes_in *r, cw_pipeline *p)
{
  unsigned fitted = cw_get_u8 (r, "the fitted flag");
  if (r->failed)
    return false;
  if (fitted > 1)
    return cw_bytes_corrupt (r, "bad fitted flag (%u) at byte %zu", fitted, r->pos - 1);
  if (!fitted)
    return true;
  p->channels = read_count (r, "the channel count", "the channel count");
  p->in_length = read_count (r, "the input length", "the input length");
  p->out_length = read_count (r, "the output length", "the output length");
  if (r->failed)
    return false;
  int length = p->in_length;
  for (int i = 0; i < p->count; i++)
    {
      if (!read_step_state (r, p, i, length))
        return false;
      length = p->steps[i].out_length;
    }
  if (length != p->out_length)
    return cw_bytes_corrupt (r, "its steps give %d points but it claims %d", length, p->out_length);
  p->out_axis = read_doubles (r, (uint64_t) p->out_length, "the output axis");
  p->fitted = !r->failed;
  return p->fitted;
}

cw_pipeline *
cw_pipeline_deserialize (const unsigned char *data, size_t size, cw_error *err)
{
  assert (data || size == 0);
  cw_error_clear (err);
  cw_bytes_in r = { data, size, 0, "preprocessing pipeline", NULL, err, false };
  if (size < PIPE_MAGIC_LEN && size > 0 && memcmp (data, PIPE_MAGIC, size) == 0)
    {
      cw_bytes_need (&r, PIPE_MAGIC_LEN, "the header");
      return NULL;
    }
  if (size < PIPE_MAGIC_LEN || memcmp (data, PIPE_MAGIC, PIPE_MAGIC_LEN) != 0)
    {
      cw_error_set (err, CW_ERR_FORMAT, 0, 0, "The data is not a serialised preprocessing pipeline.");
      return NULL;
    }
  r.pos = PIPE_MAGIC_LEN;
  uint32_t version = cw_get_u32 (&r, "the header");
  if (r.failed)
    return NULL;
  if (version < 1 || version > PIPE_VERSION)
    {
      cw_error_set (err, CW_ERR_FORMAT, 0, 0,
                    "The preprocessing pipeline uses format %u; this version of Conv1D Workbench reads "
                    "formats 1 to %u.", version, PIPE_VERSION);
      return NULL;
    }
  cw_pipeline *p = cw_pipeline_new ();
  if (read_steps (&r, p, version) && read_fitted_state (&r, p) && r.pos != size)
    cw_bytes_corrupt (&r, "%zu unexpected bytes after byte %zu", size - r.pos, r.pos);
  if (r.failed)
    {
      cw_pipeline_free (p);
      return NULL;
    }
  return p;
}
