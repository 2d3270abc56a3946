/* layer-pool.c — max and average pooling over windows, and global max / average pooling.
 *
 * Windows as PyTorch's MaxPool1d / AvgPool1d without padding (floor mode): window k, stride s
 * (0 = k), L_out = (L - k) / s + 1; windows may overlap (k > s).
 *   maxpool:  y[c,t] = max_j x[c, t*s + j], dx routed to the first argmax (kept in l->ws as ints);
 *   avgpool:  y[c,t] = (1/k) sum_j x[c, t*s + j], dx[c, t*s + j] += dy[c,t] / k;
 *   gmaxpool: y[c] = max_t x[c,t] (first argmax), gavgpool: y[c] = (1/L) sum_t x[c,t].
 * These passes are memory-bound: one pass over the rows, split over samples. */
#include "cw-layer-private.h"
#include "cw-parallel-private.h"

#include <math.h>
#include <string.h>

#ifdef __AVX512F__
#include <immintrin.h>
#endif

static cw_status
window_geometry (const cw_layer_spec *s, int in_l, int *k, int *stride, int *out_l, cw_error *err)
{
  if (s->kernel < 1)
    return cw_error_set (err, CW_ERR_SHAPE, 0, 0, "pooling window must be at least 1 (got %d)", s->kernel);
  if (s->stride < 0)
    return cw_error_set (err, CW_ERR_SHAPE, 0, 0, "pooling stride must be at least 1 (got %d)", s->stride);
  if (s->kernel > in_l)
    return cw_error_set (err, CW_ERR_SHAPE, 0, 0, "pooling window %d is longer than the input length %d",
                         s->kernel, in_l);
  *k = s->kernel;
  *stride = s->stride == 0 ? s->kernel : s->stride;
  *out_l = (in_l - *k) / *stride + 1;
  return CW_OK;
}

static cw_status
pool_shape (const cw_layer_spec *s, int in_c, int in_l, cw_shape_info *out, size_t *n_state,
            cw_error *err)
{
  int k = 0, stride = 0, out_l = 0;
  cw_status st = window_geometry (s, in_l, &k, &stride, &out_l, err);
  if (st != CW_OK)
    return st;
  out->channels = in_c;
  out->length = out_l;
  out->params = 0;
  out->flops = 0;
  *n_state = 0;
  return CW_OK;
}

/* One call's arguments, shared by the parts of a sample split; `row` does one (sample, channel) row r of
 * the pass, with the layer's window k and stride s. */
typedef struct pool_job pool_job;
struct pool_job
{
  cw_layer *l;
  const float *x, *dy;
  float *y, *dx;
  int n;
  bool training;
  void (*row) (const pool_job *job, size_t r, int k, int s);
};

static void
layer_window (const cw_layer *l, int *k, int *stride)
{
  int out_l = 0;
  window_geometry (&l->spec, l->in_l, k, stride, &out_l, NULL);
}

static void
pool_samples (void *job_arg, int i0, int i1, int part)
{
  const pool_job *job = job_arg;
  (void) part;
  int k = 1, s = 1;
  layer_window (job->l, &k, &s);
  size_t rows = (size_t) job->l->in_c;
  for (size_t r = (size_t) i0 * rows; r < (size_t) i1 * rows; r++)
    job->row (job, r, k, s);
}

/* Every row of the batch, the samples split over the layer's threads. */
static void
pool_rows (const pool_job *job)
{
  cw_parallel_for (cw_threads_for (job->l->threads, job->n), job->n, pool_samples, (void *) job);
}

/* ---- maxpool ---- */

/* One int per output: the index of its window's maximum within the input row. */
static size_t
maxpool_workspace (const cw_layer *l, int batch, int threads)
{
  return (size_t) batch * l->out_c * l->out_l;
}

/* The first maximum of n values at x[0], x[1], ...; a NaN wins (the last one) as in PyTorch. */
static inline int
first_argmax (const float *x, int n)
{
  int a = 0;
  float m = x[0];
  for (int j = 1; j < n; j++)
    if (x[j] > m || isnan (x[j]))
      {
        m = x[j];
        a = j;
      }
  return a;
}

/* Window offset outside, positions inside, selects instead of branches: the compiler can vectorise it
 * and random data costs no mispredictions. Same result as first_argmax per window. */
static void
maxpool_row_scalar (const float *restrict x, int k, int s, int t0, int out_l, float *restrict y,
                    int *restrict arg)
{
  for (int t = t0; t < out_l; t++)
    {
      y[t] = x[(size_t) t * s];
      arg[t] = 0;
    }
  for (int j = 1; j < k; j++)
    for (int t = t0; t < out_l; t++)
      {
        float v = x[(size_t) t * s + j];
        bool take = v > y[t] || v != v;
        y[t] = take ? v : y[t];
        arg[t] = take ? j : arg[t];
      }
  for (int t = t0; t < out_l; t++)
    arg[t] += t * s;
}

#ifdef __AVX512F__
/* Keeps the running maximum m and its window offset a; NaN wins as in first_argmax. */
static inline void
max_step (__m512 v, int j, __m512 *m, __m512i *a)
{
  __mmask16 take = _mm512_cmp_ps_mask (v, *m, _CMP_GT_OQ) | _mm512_cmp_ps_mask (v, v, _CMP_UNORD_Q);
  *m = _mm512_mask_mov_ps (*m, take, v);
  *a = _mm512_mask_mov_epi32 (*a, take, _mm512_set1_epi32 (j));
}

/* 16 windows at a time: for each window offset j the values x[(t0 + lane) * s + j] are picked from
 * contiguous vectors with permutes (s <= 3) or gathered, and compared with the running maximum. When
 * windows do not overlap (k <= s, the usual maxpool(2) / maxpool(3)) the s vectors holding 16
 * windows are loaded once for all offsets. */
static void
maxpool_row (const float *x, int k, int s, int out_l, float *y, int *arg)
{
  const __m512i lane = _mm512_setr_epi32 (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  const __m512i lane_s = _mm512_mullo_epi32 (lane, _mm512_set1_epi32 (s));
  const __m512i v32 = _mm512_set1_epi32 (32);
  bool disjoint = k <= s && (s == 2 || s == 3);
  /* the last vector of a block is read only as far as the block's last window reaches */
  __mmask16 block_tail = (__mmask16) ((1u << (k - s + 16)) - 1);
  int t0 = 0;
  for (; t0 + 16 <= out_l; t0 += 16)
    {
      const float *base = x + (size_t) t0 * s;
      __m512 m = _mm512_setzero_ps ();
      __m512i a = _mm512_setzero_si512 ();
      if (disjoint)
        {
          __m512 v0 = _mm512_loadu_ps (base);
          __m512 v1 = s == 2 ? _mm512_maskz_loadu_ps (block_tail, base + 16) : _mm512_loadu_ps (base + 16);
          __m512 v2 = s == 3 ? _mm512_maskz_loadu_ps (block_tail, base + 32) : v1;
          for (int j = 0; j < k; j++)
            {
              __m512i idx = _mm512_add_epi32 (lane_s, _mm512_set1_epi32 (j));
              __m512 v = _mm512_permutex2var_ps (v0, idx, v1);
              if (s == 3)
                v = _mm512_mask_permutexvar_ps (v, _mm512_cmpge_epi32_mask (idx, v32),
                                                _mm512_sub_epi32 (idx, v32), v2);
              if (j == 0)
                m = v;
              else
                max_step (v, j, &m, &a);
            }
        }
      else
        for (int j = 0; j < k; j++)
          {
            const float *p = base + j;
            __m512 v;
            if (s == 1)
              v = _mm512_loadu_ps (p);
            else if (s == 2)
              v = _mm512_permutex2var_ps (_mm512_loadu_ps (p), lane_s,
                                          _mm512_maskz_loadu_ps (0x7FFF, p + 16));
            else if (s == 3)
              {
                v = _mm512_permutex2var_ps (_mm512_loadu_ps (p), lane_s, _mm512_loadu_ps (p + 16));
                v = _mm512_mask_permutexvar_ps (v, 0xF800, _mm512_sub_epi32 (lane_s, v32),
                                                _mm512_maskz_loadu_ps (0x3FFF, p + 32));
              }
            else
              v = _mm512_i32gather_ps (lane_s, p, 4);
            if (j == 0)
              m = v;
            else
              max_step (v, j, &m, &a);
          }
      _mm512_storeu_ps (y + t0, m);
      __m512i at = _mm512_add_epi32 (_mm512_add_epi32 (lane_s, _mm512_set1_epi32 (t0 * s)), a);
      _mm512_storeu_si512 ((void *) (arg + t0), at);
    }
  maxpool_row_scalar (x, k, s, t0, out_l, y, arg);
}
#else
static void
maxpool_row (const float *x, int k, int s, int out_l, float *y, int *arg)
{
  maxpool_row_scalar (x, k, s, 0, out_l, y, arg);
}
#endif

static void
maxpool_forward_row (const pool_job *job, size_t r, int k, int s)
{
  const cw_layer *l = job->l;
  int *arg = (int *) l->ws;
  maxpool_row (job->x + r * l->in_l, k, s, l->out_l, job->y + r * l->out_l, arg + r * l->out_l);
}

static void
maxpool_forward (cw_layer *l, const float *x, float *y, int n, bool training)
{
  pool_rows (&(pool_job) { .l = l, .x = x, .y = y, .n = n, .training = training, .row = maxpool_forward_row });
}

/* Windows that do not overlap (k <= s): every dx value is written once, either its window's gradient
 * (when it is the window's argmax) or zero, so the row is one streaming pass without a memset. */
static void
unpool_row_disjoint (const float *dy, const int *arg, int s, int out_l, int in_l, float *dx)
{
  int t0 = 0;
#ifdef __AVX512F__
  if (s <= 16)
    {
      /* 16 windows = s vectors of dx; vector q, lane i belongs to window (16 q + i) / s */
      const __m512i lane = _mm512_setr_epi32 (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
      __m512i owner[16];
      for (int q = 0; q < s; q++)
        {
          int idx[16];
          for (int i = 0; i < 16; i++)
            idx[i] = (16 * q + i) / s;
          owner[q] = _mm512_loadu_si512 ((const void *) idx);
        }
      for (; t0 + 16 <= out_l; t0 += 16)
        {
          __m512 g = _mm512_loadu_ps (dy + t0);
          __m512i a = _mm512_loadu_si512 ((const void *) (arg + t0));
          int p0 = t0 * s;
          for (int q = 0; q < s; q++)
            {
              __m512i pos = _mm512_add_epi32 (lane, _mm512_set1_epi32 (p0 + 16 * q));
              __mmask16 hit = _mm512_cmpeq_epi32_mask (_mm512_permutexvar_epi32 (owner[q], a), pos);
              _mm512_storeu_ps (dx + p0 + 16 * q, _mm512_maskz_permutexvar_ps (hit, owner[q], g));
            }
        }
    }
#endif
  for (int p = t0 * s; p < in_l; p++)
    dx[p] = 0.0f;
  for (int t = t0; t < out_l; t++)
    dx[arg[t]] = dy[t];
}

static void
maxpool_backward_row (const pool_job *job, size_t r, int k, int s)
{
  const cw_layer *l = job->l;
  int in_l = l->in_l, out_l = l->out_l;
  float *restrict dxr = job->dx + r * in_l;
  const float *restrict dyr = job->dy + r * out_l;
  const int *restrict ar = (const int *) l->ws + r * out_l;
  if (k <= s)
    {
      unpool_row_disjoint (dyr, ar, s, out_l, in_l, dxr);
      return;
    }
  memset (dxr, 0, (size_t) in_l * sizeof (float));
  /* += because overlapping windows can share their maximum */
  for (int t = 0; t < out_l; t++)
    dxr[ar[t]] += dyr[t];
}

static void
maxpool_backward (cw_layer *l, const float *x, const float *y, const float *dy, float *dx, int n)
{
  if (!dx)
    return;
  pool_rows (&(pool_job) { .l = l, .x = x, .dy = dy, .dx = dx, .n = n, .row = maxpool_backward_row });
}

const cw_layer_ops cw_maxpool_ops = {
  .shape = pool_shape,
  .init = NULL,
  .workspace = maxpool_workspace,
  .forward = maxpool_forward,
  .backward = maxpool_backward,
};

/* ---- avgpool ---- */

static void
avgpool_forward_row (const pool_job *job, size_t r, int k, int s)
{
  int in_l = job->l->in_l, out_l = job->l->out_l;
  float inv = 1.0f / (float) k;
  const float *restrict xr = job->x + r * in_l;
  float *restrict yr = job->y + r * out_l;
  for (int t = 0; t < out_l; t++)
    {
      const float *w = xr + (size_t) t * s;
      float sum = 0.0f;
      for (int j = 0; j < k; j++)
        sum += w[j];
      yr[t] = sum * inv;
    }
}

static void
avgpool_forward (cw_layer *l, const float *x, float *y, int n, bool training)
{
  pool_rows (&(pool_job) { .l = l, .x = x, .y = y, .n = n, .training = training, .row = avgpool_forward_row });
}

static void
avgpool_backward_row (const pool_job *job, size_t r, int k, int s)
{
  int in_l = job->l->in_l, out_l = job->l->out_l;
  float inv = 1.0f / (float) k;
  float *restrict dxr = job->dx + r * in_l;
  const float *restrict dyr = job->dy + r * out_l;
  memset (dxr, 0, (size_t) in_l * sizeof (float));
  for (int t = 0; t < out_l; t++)
    {
      float g = dyr[t] * inv;
      float *w = dxr + (size_t) t * s;
      for (int j = 0; j < k; j++)
        w[j] += g;
    }
}

static void
avgpool_backward (cw_layer *l, const float *x, const float *y, const float *dy, float *dx, int n)
{
  if (!dx)
    return;
  pool_rows (&(pool_job) { .l = l, .x = x, .dy = dy, .dx = dx, .n = n, .row = avgpool_backward_row });
}

const cw_layer_ops cw_avgpool_ops = {
  .shape = pool_shape,
  .init = NULL,
  .workspace = NULL,
  .forward = avgpool_forward,
  .backward = avgpool_backward,
};

/* ---- global pooling: (C, L) -> (C, 1) ---- */

static cw_status
global_shape (const cw_layer_spec *s, int in_c, int in_l, cw_shape_info *out, size_t *n_state,
              cw_error *err)
{
  out->channels = in_c;
  out->length = 1;
  out->params = 0;
  out->flops = 0;
  *n_state = 0;
  return CW_OK;
}

static size_t
global_max_workspace (const cw_layer *l, int batch, int threads)
{
  return (size_t) batch * l->in_c;
}

static void
global_max_forward (cw_layer *l, const float *x, float *y, int n, bool training)
{
  size_t rows = (size_t) n * l->in_c;
  int len = l->in_l;
  int *arg = (int *) l->ws;
  for (size_t r = 0; r < rows; r++)
    {
      const float *xr = x + r * len;
      int a = first_argmax (xr, len);
      arg[r] = a;
      y[r] = xr[a];
    }
}

static void
global_max_backward (cw_layer *l, const float *x, const float *y, const float *dy, float *dx, int n)
{
  if (!dx)
    return;
  size_t rows = (size_t) n * l->in_c;
  int len = l->in_l;
  const int *arg = (const int *) l->ws;
  memset (dx, 0, rows * len * sizeof (float));
  for (size_t r = 0; r < rows; r++)
    dx[r * len + arg[r]] = dy[r];
}

const cw_layer_ops cw_global_maxpool_ops = {
  .shape = global_shape,
  .init = NULL,
  .workspace = global_max_workspace,
  .forward = global_max_forward,
  .backward = global_max_backward,
};

static void
global_avg_forward (cw_layer *l, const float *x, float *y, int n, bool training)
{
  size_t rows = (size_t) n * l->in_c;
  int len = l->in_l;
  float inv = 1.0f / (float) len;
  for (size_t r = 0; r < rows; r++)
    {
      const float *xr = x + r * len;
      float sum = 0.0f;
      for (int t = 0; t < len; t++)
        sum += xr[t];
      y[r] = sum * inv;
    }
}

static void
global_avg_backward (cw_layer *l, const float *x, const float *y, const float *dy, float *dx, int n)
{
  if (!dx)
    return;
  size_t rows = (size_t) n * l->in_c;
  int len = l->in_l;
  float inv = 1.0f / (float) len;
  for (size_t r = 0; r < rows; r++)
    {
      float g = dy[r] * inv;
      float *dxr = dx + r * len;
      for (int t = 0; t < len; t++)
        dxr[t] = g;
    }
}

const cw_layer_ops cw_global_avgpool_ops = {
  .shape = global_shape,
  .init = NULL,
  .workspace = NULL,
  .forward = global_avg_forward,
  .backward = global_avg_backward,
};
