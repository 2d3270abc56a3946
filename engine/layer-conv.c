/* layer-conv.c — 1D convolution (cross-correlation, as in PyTorch).
 *
 * y[f,t] = b[f] + sum_c sum_j W[f,c,j] x[c, t*s + j*d - pad_left], weights laid out (F, C, k) then
 * bias (F). Stride-1 layers run on the direct kernels of conv-kernels.c:
 *  - forward: the direct kernel over the (zero-padded) sample;
 *  - input gradient: dx[c,i] = sum_f sum_j W[f,c,k-1-j] dyp[f, i + pad_left + j*d], the same kernel on
 *    dy padded by d*(k-1) on both sides, with the weights flipped and transposed once per call;
 *  - weight gradient: dW[f,c,j] = sum_t dy[f,t] xp[c, t + j*d], the wgrad kernel on dy transposed.
 * Strided layers (and machines without AVX-512) use im2col + cw_sgemm per sample, which is also the
 * reference the tests hold the direct kernels to.
 *
 * Backward splits the batch into cw_grad_chunks (n) chunks of consecutive samples, a count that depends
 * on the batch size only. Each chunk adds its samples' weight gradients, in sample order, into its own
 * partial buffer; the pool's threads only decide who computes which chunk. The partials are then added
 * in chunk order, so the gradients are bitwise the same on 1, 2 or any number of threads. */
#include "cw-layer-private.h"

#include "conv-kernels-private.h"
#include "cw-blas-private.h"
#include "cw-parallel-private.h"

#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

typedef struct {
  int c, l, f, k, stride, dilation;
  int span;          /* d*(k-1) + 1 */
  int pad_l, pad_r;
  int len_p;         /* padded input length */
  int len_out;
} conv_geom;

/* The output length and the padding on each side; the reason in err when the input cannot feed the
 * layer. */
static cw_status
conv_geometry (const cw_layer_spec *s, int in_c, int in_l, conv_geom *g, cw_error *err)
{
  memset (g, 0, sizeof *g);
  if (s->units < 1)
    return cw_error_set (err, CW_ERR_SHAPE, 0, 0, "conv needs at least one filter (got %d)", s->units);
  if (s->kernel < 1)
    return cw_error_set (err, CW_ERR_SHAPE, 0, 0, "kernel size must be at least 1 (got %d)", s->kernel);
  if (s->stride < 1)
    return cw_error_set (err, CW_ERR_SHAPE, 0, 0, "stride must be at least 1 (got %d)", s->stride);
  if (s->dilation < 1)
    return cw_error_set (err, CW_ERR_SHAPE, 0, 0, "dilation must be at least 1 (got %d)", s->dilation);
  if (s->padding == CW_PAD_EXPLICIT && (s->pad_left < 0 || s->pad_right < 0))
    return cw_error_set (err, CW_ERR_SHAPE, 0, 0, "padding must not be negative (got %d:%d)",
                         s->pad_left, s->pad_right);
  g->c = in_c;
  g->l = in_l;
  g->f = s->units;
  g->k = s->kernel;
  g->stride = s->stride;
  g->dilation = s->dilation;
  g->span = s->dilation * (s->kernel - 1) + 1;
  switch (s->padding)
    {
    case CW_PAD_VALID:
      g->pad_l = g->pad_r = 0;
      break;
    case CW_PAD_SAME:
      {
        /* TensorFlow's rule: out = ceil(L / s), the odd zero on the right. */
        int out = (in_l + s->stride - 1) / s->stride;
        int total = (out - 1) * s->stride + g->span - in_l;
        if (total < 0)
          total = 0;
        g->pad_l = total / 2;
        g->pad_r = total - g->pad_l;
        break;
      }
    case CW_PAD_CAUSAL:
      g->pad_l = g->span - 1;
      g->pad_r = 0;
      break;
    case CW_PAD_EXPLICIT:
      g->pad_l = s->pad_left;
      g->pad_r = s->pad_right;
      break;
    default:
      assert (!"unknown padding");
    }
  g->len_p = in_l + g->pad_l + g->pad_r;
  if (g->len_p < g->span)
    {
      if (g->pad_l + g->pad_r == 0)
        return cw_error_set (err, CW_ERR_SHAPE, 0, 0, "input length %d is shorter than the kernel span %d",
                             in_l, g->span);
      return cw_error_set (err, CW_ERR_SHAPE, 0, 0,
                           "padded input length %d (%d + %d + %d) is shorter than the kernel span %d",
                           g->len_p, g->pad_l, in_l, g->pad_r, g->span);
    }
  g->len_out = (g->len_p - g->span) / g->stride + 1;
  return CW_OK;
}

static void
layer_geometry (const cw_layer *l, conv_geom *g)
{
  cw_status st = conv_geometry (&l->spec, l->in_c, l->in_l, g, NULL);
  assert (st == CW_OK && g->len_out == l->out_l);
  (void) st;
}

void
cw_conv_layer_padding (const cw_layer *l, int *pad_left, int *pad_right)
{
  conv_geom g;
  layer_geometry (l, &g);
  *pad_left = g.pad_l;
  *pad_right = g.pad_r;
}

static cw_status
conv_shape (const cw_layer_spec *s, int in_c, int in_l, cw_shape_info *out, size_t *n_state,
            cw_error *err)
{
  conv_geom g;
  cw_status st = conv_geometry (s, in_c, in_l, &g, err);
  if (st != CW_OK)
    return st;
  out->channels = g.f;
  out->length = g.len_out;
  out->params = (size_t) g.f * (size_t) g.c * (size_t) g.k + (s->bias ? (size_t) g.f : 0);
  out->flops = 2.0 * g.f * g.c * g.k * (double) g.len_out;
  *n_state = 0;
  return CW_OK;
}

/* He- or Glorot-uniform (the model decides from the next activation); biases stay at zero. */
static void
conv_init (cw_layer *l, cw_rng *rng)
{
  size_t fan_in = (size_t) l->in_c * (size_t) l->spec.kernel;
  size_t fan_out = (size_t) l->spec.units * (size_t) l->spec.kernel;
  cw_init_uniform (l->params, (size_t) l->spec.units * fan_in, cw_init_limit (l, fan_in, fan_out), rng);
}

/* ---- workspace ---- */

static size_t
round16 (size_t n)
{
  return (n + 15) / 16 * 16;
}

/* Where each buffer lives in l->ws: a shared part (packed weights, offset tables), one slice per thread
 * (padded input, scratch), then one weight-gradient partial per chunk of the batch. Every buffer starts
 * on a 64-byte boundary. */
typedef struct {
  size_t packed, offsets, shared;
  size_t xpad, scratch, per_thread;
  size_t partial;
} conv_layout;

static bool
needs_pad_copy (const conv_geom *g)
{
  return g->pad_l + g->pad_r > 0;
}

static conv_layout
layout_for (const conv_geom *g)
{
  conv_layout lay;
  int taps_x = g->c * g->k, taps_d = g->f * g->k;
  size_t packed_f = cw_conv_packed_size (g->f, taps_x), packed_b = cw_conv_packed_size (g->c, taps_d);
  lay.packed = round16 (packed_f > packed_b ? packed_f : packed_b);
  lay.offsets = round16 ((size_t) taps_x + (size_t) taps_d); /* ints, stored in float slots */
  lay.shared = lay.packed + lay.offsets;

  size_t ldg = (size_t) cw_conv_grad_cols (g->f);
  size_t len_dyp = (size_t) g->len_out + 2 * (size_t) (g->span - 1);
  lay.xpad = needs_pad_copy (g) ? round16 ((size_t) g->c * g->len_p) : 0;
  /* direct backward: padded dy then dy transposed; im2col: the column matrix */
  size_t direct = round16 ((size_t) g->f * len_dyp) + round16 ((size_t) g->len_out * ldg);
  size_t im2col = round16 ((size_t) taps_x * g->len_out);
  lay.scratch = direct > im2col ? direct : im2col;
  lay.partial = round16 ((size_t) taps_x * ldg + ldg);
  lay.per_thread = lay.xpad + lay.scratch;
  return lay;
}

static size_t
conv_workspace (const cw_layer *l, int batch, int threads)
{
  conv_geom g;
  layer_geometry (l, &g);
  conv_layout lay = layout_for (&g);
  /* One slice per thread (not fewer for small batches: backward finds the partials behind
   * l->threads slices). cw_grad_chunks grows with n, so the batch's count covers every smaller call. */
  return 16 + lay.shared + (size_t) threads * lay.per_thread + (size_t) cw_grad_chunks (batch) * lay.partial;
}

/* The first chunk partial, after every thread's slice. */
static float *
chunk_partials (const conv_layout *lay, float *base, int threads)
{
  return base + lay->shared + (size_t) threads * lay->per_thread;
}

static float *
aligned_base (const cw_layer *l)
{
  return (float *) (((uintptr_t) l->ws + 63) & ~(uintptr_t) 63);
}

/* ---- helpers shared by both paths ---- */

static bool
use_direct (const conv_geom *g)
{
  if (g->stride != 1)
    return false;
  switch (cw_conv_force_path)
    {
    case CW_CONV_PATH_AUTO: return cw_conv_direct_is_simd ();
    case CW_CONV_PATH_IM2COL: return false;
    case CW_CONV_PATH_DIRECT:
    case CW_CONV_PATH_DIRECT_PORTABLE: return true;
    }
  return false;
}

typedef void (*direct_fn) (int, int, int, const float *, const int *, const float *, const float *,
                           float *, int);
typedef void (*wgrad_fn) (int, int, int, const int *, const float *, const float *, float *);
typedef void (*wgrad_rows_fn) (int, int, int, const int *, const float *, const float *, int, float *);

static direct_fn
direct_kernel (void)
{
  return cw_conv_force_path == CW_CONV_PATH_DIRECT_PORTABLE ? cw_conv_direct_portable : cw_conv_direct;
}

static wgrad_fn
wgrad_kernel (void)
{
  return cw_conv_force_path == CW_CONV_PATH_DIRECT_PORTABLE ? cw_conv_wgrad_portable : cw_conv_wgrad;
}

static wgrad_rows_fn
wgrad_rows_kernel (void)
{
  return cw_conv_force_path == CW_CONV_PATH_DIRECT_PORTABLE ? cw_conv_wgrad_rows_portable
                                                              : cw_conv_wgrad_rows;
}

/* One sample (C, L) into a zero-bordered copy (C, pad_l + L + pad_r). */
static void
pad_copy (const conv_geom *g, const float *x, float *xp)
{
  for (int c = 0; c < g->c; c++)
    {
      float *row = xp + (size_t) c * g->len_p;
      memset (row, 0, (size_t) g->pad_l * sizeof (float));
      memcpy (row + g->pad_l, x + (size_t) c * g->l, (size_t) g->l * sizeof (float));
      memset (row + g->pad_l + g->l, 0, (size_t) g->pad_r * sizeof (float));
    }
}

/* Positions t < len_out whose input index t*s + j*d - pad_l falls inside [0, L). */
static void
valid_range (const conv_geom *g, int j, int *lo, int *hi)
{
  int shift = j * g->dilation - g->pad_l; /* input index = t*s + shift */
  int a = shift >= 0 ? 0 : (-shift + g->stride - 1) / g->stride;
  int last = g->l - 1 - shift;          /* t*s <= last */
  int b = last < 0 ? -1 : last / g->stride;
  if (b > g->len_out - 1)
    b = g->len_out - 1;
  *lo = a;
  *hi = b + 1;
  if (*hi < *lo)
    *hi = *lo;
}

/* col[(c*k + j), t] = x[c, t*s + j*d - pad_l], zero outside the input. */
static void
im2col (const conv_geom *g, const float *x, float *col)
{
  for (int j = 0; j < g->k; j++)
    {
      int lo, hi;
      valid_range (g, j, &lo, &hi);
      int shift = j * g->dilation - g->pad_l;
      for (int c = 0; c < g->c; c++)
        {
          float *restrict row = col + ((size_t) c * g->k + j) * g->len_out;
          const float *restrict xr = x + (size_t) c * g->l + shift;
          for (int t = 0; t < lo; t++)
            row[t] = 0.0f;
          if (g->stride == 1)
            memcpy (row + lo, xr + lo, (size_t) (hi - lo) * sizeof (float));
          else
            for (int t = lo; t < hi; t++)
              row[t] = xr[(size_t) t * g->stride];
          for (int t = hi; t < g->len_out; t++)
            row[t] = 0.0f;
        }
    }
}

/* The adjoint of im2col: dx[c, t*s + j*d - pad_l] += col[(c*k + j), t]. */
static void
col2im (const conv_geom *g, const float *col, float *dx)
{
  memset (dx, 0, (size_t) g->c * g->l * sizeof (float));
  for (int c = 0; c < g->c; c++)
    for (int j = 0; j < g->k; j++)
      {
        int lo, hi;
        valid_range (g, j, &lo, &hi);
        const float *restrict row = col + ((size_t) c * g->k + j) * g->len_out;
        float *restrict xr = dx + (size_t) c * g->l + j * g->dilation - g->pad_l;
        for (int t = lo; t < hi; t++)
          xr[(size_t) t * g->stride] += row[t];
      }
}

/* Sum of a row in 32 interleaved partial sums (vectorised, and the same order on every run). */
static float
row_sum (const float *x, int n)
{
  float part[32] = { 0 };
  int t = 0;
  for (; t + 32 <= n; t += 32)
    for (int i = 0; i < 32; i++)
      part[i] += x[t + i];
  float s = 0.0f;
  for (; t < n; t++)
    s += x[t];
  for (int i = 0; i < 32; i++)
    s += part[i];
  return s;
}

/* ---- forward ---- */

/* A forward call's locals, shared by the parts of a sample split. */
typedef struct
{
  conv_geom g;
  conv_layout lay;
  float *base, *packed;
  const float *w, *bias, *x;
  float *y;
  int taps;
  bool direct, padded;
  const int *off;
  direct_fn run;
} conv_forward_job;

static void
conv_forward_samples (void *arg, int i0, int i1, int part)
{
  const conv_forward_job *job = arg;
  const conv_geom g = job->g;
  const conv_layout lay = job->lay;
  float *base = job->base;
  const float *packed = job->packed, *w = job->w, *bias = job->bias, *x = job->x;
  float *y = job->y;
  int taps = job->taps;
  bool direct = job->direct, padded = job->padded;
  const int *off = job->off;
  direct_fn run = job->run;
  size_t in_size = (size_t) g.c * g.l, out_size = (size_t) g.f * g.len_out;
  for (int i = i0; i < i1; i++)
    {
      float *tws = base + lay.shared + (size_t) part * lay.per_thread;
      float *xpad = tws, *scratch = tws + lay.xpad;
      const float *xi = x + (size_t) i * in_size;
      float *yi = y + (size_t) i * out_size;
      if (direct)
        {
          const float *in = xi;
          if (padded)
            {
              pad_copy (&g, xi, xpad);
              in = xpad;
            }
          run (g.f, g.len_out, taps, packed, off, in, bias, yi, g.len_out);
        }
      else
        {
          im2col (&g, xi, scratch);
          if (bias)
            for (int f = 0; f < g.f; f++)
              for (int t = 0; t < g.len_out; t++)
                yi[(size_t) f * g.len_out + t] = bias[f];
          cw_sgemm (false, false, g.f, g.len_out, taps, 1.0f, w, taps, scratch, g.len_out,
                    bias ? 1.0f : 0.0f, yi, g.len_out);
        }
    }}

static void
conv_forward (cw_layer *l, const float *x, float *y, int n, bool training)
{
  conv_geom g;
  layer_geometry (l, &g);
  conv_layout lay = layout_for (&g);
  float *base = aligned_base (l);
  int taps = g.c * g.k;
  const float *w = l->params;
  const float *bias = l->spec.bias ? w + (size_t) g.f * taps : NULL;
  bool direct = use_direct (&g);
  bool padded = needs_pad_copy (&g);
  float *packed = base;
  int *off = (int *) (base + lay.packed);
  direct_fn run = direct_kernel ();
  if (direct)
    {
      for (int f = 0; f < g.f; f++)
        for (int i = 0; i < taps; i++)
          packed[cw_conv_packed_index (f, i, taps)] = w[(size_t) f * taps + i];
      int ld = padded ? g.len_p : g.l;
      for (int c = 0; c < g.c; c++)
        for (int j = 0; j < g.k; j++)
          off[c * g.k + j] = c * ld + j * g.dilation;
    }
  conv_forward_job job = { .g = g, .lay = lay, .base = base, .packed = packed, .w = w, .bias = bias, .x = x,
                          .y = y, .taps = taps, .direct = direct, .padded = padded, .off = off, .run = run };
  cw_parallel_for (cw_threads_for (l->threads, n), n, conv_forward_samples, &job);
}

/* ---- backward ---- */

/* A backward call's locals, shared by the parts of a chunk split. */
typedef struct
{
  conv_geom g;
  conv_layout lay;
  float *base, *packed, *partials;
  const float *w, *x, *dy;
  float *dx;
  int n, chunks;
  int taps, taps_d, ldg, len_dyp;
  bool has_bias, direct, padded, by_rows;
  const int *off_x, *off_d;
  direct_fn run;
  wgrad_fn run_wgrad;
  wgrad_rows_fn run_wgrad_rows;
} conv_backward_job;

/* Chunks [c0, c1) of the batch on the thread slice `part_index`; chunk c's gradients go to its own
 * partial, whoever computes it. */
static void
conv_backward_chunks (void *arg, int c0, int c1, int part_index)
{
  const conv_backward_job *job = arg;
  const conv_geom g = job->g;
  const conv_layout lay = job->lay;
  float *base = job->base;
  const float *packed = job->packed, *w = job->w, *x = job->x, *dy = job->dy;
  float *dx = job->dx;
  int taps = job->taps, taps_d = job->taps_d, ldg = job->ldg, len_dyp = job->len_dyp;
  bool has_bias = job->has_bias, direct = job->direct, padded = job->padded, by_rows = job->by_rows;
  const int *off_x = job->off_x, *off_d = job->off_d;
  direct_fn run = job->run;
  wgrad_fn run_wgrad = job->run_wgrad;
  wgrad_rows_fn run_wgrad_rows = job->run_wgrad_rows;
  size_t in_size = (size_t) g.c * g.l, out_size = (size_t) g.f * g.len_out;
  float *tws = base + lay.shared + (size_t) part_index * lay.per_thread;
  float *xpad = tws, *scratch = tws + lay.xpad;
  float *dyp = scratch, *gt = scratch + round16 ((size_t) g.f * len_dyp);
  for (int chunk = c0; chunk < c1; chunk++)
    {
      int i0, i1;
      cw_grad_chunk_range (job->n, job->chunks, chunk, &i0, &i1);
      float *part = job->partials + (size_t) chunk * lay.partial;
      float *part_b = part + (size_t) taps * ldg;
      memset (part, 0, lay.partial * sizeof (float));

      for (int i = i0; i < i1; i++)
        {
          const float *xi = x + (size_t) i * in_size;
          const float *dyi = dy + (size_t) i * out_size;
          float *dxi = dx ? dx + (size_t) i * in_size : NULL;
          if (has_bias)
            for (int f = 0; f < g.f; f++)
              part_b[f] += row_sum (dyi + (size_t) f * g.len_out, g.len_out);
          if (direct)
            {
              const float *in = xi;
              if (padded)
                {
                  pad_copy (&g, xi, xpad);
                  in = xpad;
                }
              if (by_rows)
                run_wgrad_rows (g.f, taps, g.len_out, off_x, in, dyi, g.len_out, part);
              else
                {
                  cw_conv_transpose_grad (g.f, g.len_out, dyi, ldg, gt);
                  run_wgrad (taps, ldg, g.len_out, off_x, in, gt, part);
                }
              if (dxi)
                {
                  int edge = g.span - 1;
                  for (int f = 0; f < g.f; f++)
                    {
                      float *row = dyp + (size_t) f * len_dyp;
                      memset (row, 0, (size_t) edge * sizeof (float));
                      memcpy (row + edge, dyi + (size_t) f * g.len_out, (size_t) g.len_out * sizeof (float));
                      memset (row + edge + g.len_out, 0, (size_t) edge * sizeof (float));
                    }
                  run (g.c, g.l, taps_d, packed, off_d, dyp, NULL, dxi, g.l);
                }
            }
          else
            {
              /* part is (F, C*k) here: dW += dy col^T */
              im2col (&g, xi, scratch);
              cw_sgemm (false, true, g.f, taps, g.len_out, 1.0f, dyi, g.len_out, scratch, g.len_out, 1.0f,
                        part, taps);
              if (dxi)
                {
                  cw_sgemm (true, false, taps, g.len_out, g.f, 1.0f, w, taps, dyi, g.len_out, 0.0f, scratch,
                            g.len_out);
                  col2im (&g, scratch, dxi);
                }
            }
        }
    }
}

/* The chunk partials (`stride` floats each) added into the first one in chunk order: each value's
 * sum is the same whichever threads computed the chunks. One pass on the caller: it reads a few
 * hundred kB at most, less than a fork-join of the pool costs on a busy machine. */
static void
sum_partials (float *partials, size_t stride, int chunks)
{
  float *restrict acc = partials;
  for (int c = 1; c < chunks; c++)
    {
      const float *restrict p = partials + (size_t) c * stride;
      for (size_t e = 0; e < stride; e++)
        acc[e] += p[e];
    }
}

static void
conv_backward (cw_layer *l, const float *x, const float *y, const float *dy, float *dx, int n)
{
  conv_geom g;
  layer_geometry (l, &g);
  conv_layout lay = layout_for (&g);
  float *base = aligned_base (l);
  int taps = g.c * g.k, taps_d = g.f * g.k;
  int ldg = cw_conv_grad_cols (g.f);
  const float *w = l->params;
  bool has_bias = l->spec.bias;
  bool direct = use_direct (&g);
  bool padded = needs_pad_copy (&g);
  int len_dyp = g.len_out + 2 * (g.span - 1);
  float *packed = base;
  int *off_x = (int *) (base + lay.packed);
  int *off_d = off_x + taps;
  direct_fn run = direct_kernel ();
  wgrad_fn run_wgrad = wgrad_kernel ();
  wgrad_rows_fn run_wgrad_rows = wgrad_rows_kernel ();
  /* With few taps dy is read as it is; otherwise it is transposed so the sums stay in registers. The
   * partials are then (C*k, ldg), else (F, C*k). */
  bool by_rows = taps <= CW_CONV_ROWS_MAX_TAPS;
  bool taps_major = direct && !by_rows;
  if (direct)
    {
      int ld = padded ? g.len_p : g.l;
      for (int c = 0; c < g.c; c++)
        for (int j = 0; j < g.k; j++)
          off_x[c * g.k + j] = c * ld + j * g.dilation;
      if (dx)
        {
          /* W'[c, f*k + j] = W[f, c, k-1-j]: the input gradient is a correlation with the flipped,
           * transposed kernel. */
          for (int c = 0; c < g.c; c++)
            for (int f = 0; f < g.f; f++)
              for (int j = 0; j < g.k; j++)
                packed[cw_conv_packed_index (c, f * g.k + j, taps_d)]
                  = w[((size_t) f * g.c + c) * g.k + (g.k - 1 - j)];
          for (int f = 0; f < g.f; f++)
            for (int j = 0; j < g.k; j++)
              off_d[f * g.k + j] = f * len_dyp + j * g.dilation + g.pad_l;
        }
    }
  int chunks = cw_grad_chunks (n);
  int team = cw_threads_for (l->threads, chunks);
  float *partials = chunk_partials (&lay, base, l->threads);
  conv_backward_job job = {
    .g = g, .lay = lay, .base = base, .packed = packed, .partials = partials, .w = w, .x = x, .dy = dy,
    .dx = dx, .n = n, .chunks = chunks, .taps = taps, .taps_d = taps_d, .ldg = ldg, .len_dyp = len_dyp,
    .has_bias = has_bias, .direct = direct, .padded = padded, .by_rows = by_rows, .off_x = off_x,
    .off_d = off_d, .run = run, .run_wgrad = run_wgrad, .run_wgrad_rows = run_wgrad_rows,
  };
  cw_parallel_for (team, chunks, conv_backward_chunks, &job);

  sum_partials (partials, lay.partial, chunks);
  const float *acc = partials;
  float *dw = l->grads;
  for (int f = 0; f < g.f; f++)
    for (int t = 0; t < taps; t++)
      dw[(size_t) f * taps + t] += acc[taps_major ? (size_t) t * ldg + f : (size_t) f * taps + t];
  if (has_bias)
    for (int f = 0; f < g.f; f++)
      dw[(size_t) g.f * taps + f] += acc[(size_t) taps * ldg + f];
}

const cw_layer_ops cw_conv_ops = {
  .shape = conv_shape,
  .init = conv_init,
  .workspace = conv_workspace,
  .forward = conv_forward,
  .backward = conv_backward,
};
