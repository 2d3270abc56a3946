/* conv-kernels.c — the direct convolution and weight-gradient kernels (AVX-512 with a plain-C
 * fallback).
 *
 * OpenBLAS is pinned to its AVX2 kernels here and im2col multiplies the data volume by k, so the
 * stride-1 convolutions that dominate training run on these register-blocked kernels instead:
 *  - direct: a tile of 8 outputs x 48 positions lives in 24 zmm accumulators; per tap the 8 weights
 *    are broadcast and FMA'd with 3 unaligned 16-float loads of the (shifted) input row;
 *  - wgrad: a tile of up to 8 taps x 64 outputs; per position the input value of each tap is
 *    broadcast and FMA'd with the output-gradient row of that position (dy transposed), so the sum
 *    over positions stays in registers and needs no horizontal reduction;
 *  - wgrad_rows, for layers with few taps (a first layer on one channel), where transposing dy would
 *    cost more than the products: output rows x taps accumulated along vectors of positions, with one
 *    horizontal sum per pair at the end. */
#include "conv-kernels-private.h"

#include <string.h>

#ifdef __AVX512F__
#include <immintrin.h>
#endif

cw_conv_path cw_conv_force_path = CW_CONV_PATH_AUTO;

/* ---- plain C ---- */

void
cw_conv_direct_portable (int n_out, int len, int n_taps, const float *wp, const int *off,
                         const float *in, const float *bias, float *out, int ldo)
{
  for (int o = 0; o < n_out; o++)
    {
      float *restrict y = out + (size_t) o * ldo;
      float b = bias ? bias[o] : 0.0f;
      for (int t = 0; t < len; t++)
        y[t] = b;
      for (int i = 0; i < n_taps; i++)
        {
          float w = wp[cw_conv_packed_index (o, i, n_taps)];
          const float *restrict x = in + off[i];
          for (int t = 0; t < len; t++)
            y[t] += w * x[t];
        }
    }
}

void
cw_conv_wgrad_portable (int n_taps, int ldg, int len, const int *off, const float *in, const float *g,
                        float *acc)
{
  for (int i = 0; i < n_taps; i++)
    {
      const float *x = in + off[i];
      float *restrict a = acc + (size_t) i * ldg;
      for (int t = 0; t < len; t++)
        {
          const float *restrict gt = g + (size_t) t * ldg;
          float xv = x[t];
          for (int o = 0; o < ldg; o++)
            a[o] += xv * gt[o];
        }
    }
}

void
cw_conv_wgrad_rows_portable (int n_out, int n_taps, int len, const int *off, const float *in,
                             const float *dy, int ldy, float *acc)
{
  for (int f = 0; f < n_out; f++)
    for (int i = 0; i < n_taps; i++)
      {
        const float *restrict x = in + off[i], *restrict g = dy + (size_t) f * ldy;
        float s = 0.0f;
        for (int t = 0; t < len; t++)
          s += g[t] * x[t];
        acc[(size_t) f * n_taps + i] += s;
      }
}

#ifdef __AVX512F__
/* dst[i * ldd + j] = src[j * lds + i] for a 16 x 16 block, in registers: 2-, 4-, 8- then 16-float
 * interleaves. */
static inline void
transpose_16x16 (const float *src, size_t lds, float *dst, size_t ldd)
{
  __m512 r[16], t[16];
  for (int i = 0; i < 16; i++)
    r[i] = _mm512_loadu_ps (src + i * lds);
  for (int i = 0; i < 8; i++)
    {
      t[2 * i] = _mm512_unpacklo_ps (r[2 * i], r[2 * i + 1]);
      t[2 * i + 1] = _mm512_unpackhi_ps (r[2 * i], r[2 * i + 1]);
    }
  for (int i = 0; i < 4; i++)
    {
      __m512d a = _mm512_castps_pd (t[4 * i]), b = _mm512_castps_pd (t[4 * i + 1]);
      __m512d c = _mm512_castps_pd (t[4 * i + 2]), d = _mm512_castps_pd (t[4 * i + 3]);
      r[4 * i] = _mm512_castpd_ps (_mm512_unpacklo_pd (a, c));
      r[4 * i + 1] = _mm512_castpd_ps (_mm512_unpackhi_pd (a, c));
      r[4 * i + 2] = _mm512_castpd_ps (_mm512_unpacklo_pd (b, d));
      r[4 * i + 3] = _mm512_castpd_ps (_mm512_unpackhi_pd (b, d));
    }
  /* r[4i + j], 128-bit lane L: rows 4i..4i+3 of column 4L + j */
  for (int j = 0; j < 4; j++)
    {
      t[j] = _mm512_shuffle_f32x4 (r[j], r[4 + j], 0x88);
      t[4 + j] = _mm512_shuffle_f32x4 (r[j], r[4 + j], 0xdd);
      t[8 + j] = _mm512_shuffle_f32x4 (r[8 + j], r[12 + j], 0x88);
      t[12 + j] = _mm512_shuffle_f32x4 (r[8 + j], r[12 + j], 0xdd);
    }
  for (int j = 0; j < 4; j++)
    {
      _mm512_storeu_ps (dst + j * ldd, _mm512_shuffle_f32x4 (t[j], t[8 + j], 0x88));
      _mm512_storeu_ps (dst + (8 + j) * ldd, _mm512_shuffle_f32x4 (t[j], t[8 + j], 0xdd));
      _mm512_storeu_ps (dst + (4 + j) * ldd, _mm512_shuffle_f32x4 (t[4 + j], t[12 + j], 0x88));
      _mm512_storeu_ps (dst + (12 + j) * ldd, _mm512_shuffle_f32x4 (t[4 + j], t[12 + j], 0xdd));
    }
}
#endif

void
cw_conv_transpose_grad (int n_out, int len, const float *dy, int ldg, float *g)
{
  /* 16 x 16 tiles keep both the reads and the writes within a few cache lines. */
  for (int t0 = 0; t0 < len; t0 += 16)
    {
      int t1 = t0 + 16 < len ? t0 + 16 : len;
      for (int o0 = 0; o0 < n_out; o0 += 16)
        {
          int o1 = o0 + 16 < n_out ? o0 + 16 : n_out;
#ifdef __AVX512F__
          if (t1 - t0 == 16 && o1 - o0 == 16)
            {
              transpose_16x16 (dy + (size_t) o0 * len + t0, (size_t) len, g + (size_t) t0 * ldg + o0,
                               (size_t) ldg);
              continue;
            }
#endif
          for (int t = t0; t < t1; t++)
            for (int o = o0; o < o1; o++)
              g[(size_t) t * ldg + o] = dy[(size_t) o * len + t];
        }
      if (ldg > n_out)
        for (int t = t0; t < t1; t++)
          memset (g + (size_t) t * ldg + n_out, 0, (size_t) (ldg - n_out) * sizeof (float));
    }
}

#ifdef __AVX512F__

#define ALWAYS_INLINE static inline __attribute__ ((always_inline))

bool
cw_conv_direct_is_simd (void)
{
  return true;
}

/* One tile of nf outputs x nv vectors of positions; the last vector is masked. nf, nv are constants
 * at every call site so the accumulators stay in registers. */
ALWAYS_INLINE void
direct_tile (const int nf, const int nv, int n_taps, const float *restrict w, const int *restrict off,
             const float *restrict in, const float *restrict bias, float *restrict out, int ldo,
             __mmask16 last)
{
  __m512 acc[CW_CONV_OUT_BLOCK][3];
#pragma GCC unroll 8
  for (int f = 0; f < nf; f++)
    {
      __m512 b = bias ? _mm512_set1_ps (bias[f]) : _mm512_setzero_ps ();
#pragma GCC unroll 3
      for (int v = 0; v < nv; v++)
        acc[f][v] = b;
    }
  for (int i = 0; i < n_taps; i++)
    {
      const float *p = in + off[i];
      __m512 xv[3];
#pragma GCC unroll 3
      for (int v = 0; v < nv - 1; v++)
        xv[v] = _mm512_loadu_ps (p + 16 * v);
      xv[nv - 1] = _mm512_maskz_loadu_ps (last, p + 16 * (nv - 1));
      const float *wi = w + (size_t) i * CW_CONV_OUT_BLOCK;
#pragma GCC unroll 8
      for (int f = 0; f < nf; f++)
        {
          __m512 wv = _mm512_set1_ps (wi[f]);
#pragma GCC unroll 3
          for (int v = 0; v < nv; v++)
            acc[f][v] = _mm512_fmadd_ps (wv, xv[v], acc[f][v]);
        }
    }
#pragma GCC unroll 8
  for (int f = 0; f < nf; f++)
    {
      float *y = out + (size_t) f * ldo;
#pragma GCC unroll 3
      for (int v = 0; v < nv - 1; v++)
        _mm512_storeu_ps (y + 16 * v, acc[f][v]);
      _mm512_mask_storeu_ps (y + 16 * (nv - 1), last, acc[f][nv - 1]);
    }
}

#define DIRECT_CASE(nf, nv) \
  case (nf) * 4 + (nv): \
    direct_tile ((nf), (nv), n_taps, w, off, tin, b, y, ldo, last); \
    break;

/* Runs the tiles of outputs [o0, o0 + 8) x positions [t0, t0 + 48). */
static inline void
direct_block (int n_out, int len, int n_taps, const float *wp, const int *off, const float *in,
              const float *bias, float *out, int ldo, int o0, int t0)
{
  int rem = len - t0;
  int nv = rem >= 48 ? 3 : (rem + 15) / 16;
  int tail = rem - 16 * (nv - 1);
  __mmask16 last = tail >= 16 ? (__mmask16) 0xFFFF : (__mmask16) ((1u << tail) - 1);
  const float *tin = in + t0;
  const float *wblock = wp + (size_t) (o0 / CW_CONV_OUT_BLOCK) * n_taps * CW_CONV_OUT_BLOCK;
  int nleft = n_out - o0 < CW_CONV_OUT_BLOCK ? n_out - o0 : CW_CONV_OUT_BLOCK;
  /* A partial block runs as pieces of 4, 2 and 1 outputs. */
  for (int f0 = 0; f0 < nleft;)
    {
      int nf = nleft - f0 >= 8 ? 8 : nleft - f0 >= 4 ? 4 : nleft - f0 >= 2 ? 2 : 1;
      const float *w = wblock + f0;
      const float *b = bias ? bias + o0 + f0 : NULL;
      float *y = out + (size_t) (o0 + f0) * ldo + t0;
      switch (nf * 4 + nv)
        {
          DIRECT_CASE (8, 1) DIRECT_CASE (8, 2) DIRECT_CASE (8, 3)
          DIRECT_CASE (4, 1) DIRECT_CASE (4, 2) DIRECT_CASE (4, 3)
          DIRECT_CASE (2, 1) DIRECT_CASE (2, 2) DIRECT_CASE (2, 3)
          DIRECT_CASE (1, 1) DIRECT_CASE (1, 2) DIRECT_CASE (1, 3)
        }
      f0 += nf;
    }
}

void
cw_conv_direct (int n_out, int len, int n_taps, const float *wp, const int *off, const float *in,
                const float *bias, float *out, int ldo)
{
  if (n_taps <= 16)
    {
      /* Few taps: the output dominates the traffic, so each block of 8 rows is written start to end
       * (8 store streams) while the small input stays cached. */
      for (int o0 = 0; o0 < n_out; o0 += CW_CONV_OUT_BLOCK)
        for (int t0 = 0; t0 < len; t0 += 48)
          direct_block (n_out, len, n_taps, wp, off, in, bias, out, ldo, o0, t0);
      return;
    }
  /* Position tiles outside, output blocks inside: the input window of a tile (n_taps rows of 48 +
   * span floats) stays in L1 while the packed weights stream through once per tile. */
  for (int t0 = 0; t0 < len; t0 += 48)
    for (int o0 = 0; o0 < n_out; o0 += CW_CONV_OUT_BLOCK)
      direct_block (n_out, len, n_taps, wp, off, in, bias, out, ldo, o0, t0);
}

/* Up to 8 taps x nv output vectors; the sum over positions stays in registers. */
ALWAYS_INLINE void
wgrad_tile (const int nr, const int nv, int len, const int *restrict off, const float *restrict in,
            const float *restrict g, int ldg, float *restrict acc_out)
{
  __m512 acc[8][4];
  const float *p[8];
#pragma GCC unroll 8
  for (int r = 0; r < nr; r++)
    {
      p[r] = in + off[r];
#pragma GCC unroll 4
      for (int v = 0; v < nv; v++)
        acc[r][v] = _mm512_setzero_ps ();
    }
  for (int t = 0; t < len; t++)
    {
      const float *gt = g + (size_t) t * ldg;
      __m512 gv[4];
#pragma GCC unroll 4
      for (int v = 0; v < nv; v++)
        gv[v] = _mm512_loadu_ps (gt + 16 * v);
#pragma GCC unroll 8
      for (int r = 0; r < nr; r++)
        {
          __m512 xb = _mm512_set1_ps (p[r][t]);
#pragma GCC unroll 4
          for (int v = 0; v < nv; v++)
            acc[r][v] = _mm512_fmadd_ps (xb, gv[v], acc[r][v]);
        }
    }
#pragma GCC unroll 8
  for (int r = 0; r < nr; r++)
#pragma GCC unroll 4
    for (int v = 0; v < nv; v++)
      {
        float *a = acc_out + (size_t) r * ldg + 16 * v;
        _mm512_storeu_ps (a, _mm512_add_ps (_mm512_loadu_ps (a), acc[r][v]));
      }
}

#define WGRAD_CASE(nr, nv) \
  case (nr) * 8 + (nv): \
    wgrad_tile ((nr), (nv), tl, off + i0, tin, tg, ldg, a); \
    break;

/* Taps per tile for nv output vectors: about 24 accumulators. */
static int
wgrad_rows (int nv)
{
  return nv >= 4 ? 6 : 8;
}

void
cw_conv_wgrad (int n_taps, int ldg, int len, const int *off, const float *in, const float *g,
               float *acc)
{
  /* Chunks of positions keep the chunk of g and the input windows in L1 across all tap tiles. */
  enum { CHUNK = 128 };
  int nvec = ldg / 16;
  for (int t0 = 0; t0 < len; t0 += CHUNK)
    {
      int tl = len - t0 < CHUNK ? len - t0 : CHUNK;
      const float *tin = in + t0;
      for (int v0 = 0; v0 < nvec; v0 += 4)
        {
          int nv = nvec - v0 < 4 ? nvec - v0 : 4;
          int rows = wgrad_rows (nv);
          const float *tg = g + (size_t) t0 * ldg + 16 * v0;
          for (int i0 = 0; i0 < n_taps; i0 += rows)
            {
              int nr = n_taps - i0 < rows ? n_taps - i0 : rows;
              float *a = acc + (size_t) i0 * ldg + 16 * v0;
              switch (nr * 8 + nv)
                {
                  WGRAD_CASE (1, 1) WGRAD_CASE (2, 1) WGRAD_CASE (3, 1) WGRAD_CASE (4, 1)
                  WGRAD_CASE (5, 1) WGRAD_CASE (6, 1) WGRAD_CASE (7, 1) WGRAD_CASE (8, 1)
                  WGRAD_CASE (1, 2) WGRAD_CASE (2, 2) WGRAD_CASE (3, 2) WGRAD_CASE (4, 2)
                  WGRAD_CASE (5, 2) WGRAD_CASE (6, 2) WGRAD_CASE (7, 2) WGRAD_CASE (8, 2)
                  WGRAD_CASE (1, 3) WGRAD_CASE (2, 3) WGRAD_CASE (3, 3) WGRAD_CASE (4, 3)
                  WGRAD_CASE (5, 3) WGRAD_CASE (6, 3) WGRAD_CASE (7, 3) WGRAD_CASE (8, 3)
                  WGRAD_CASE (1, 4) WGRAD_CASE (2, 4) WGRAD_CASE (3, 4) WGRAD_CASE (4, 4)
                  WGRAD_CASE (5, 4) WGRAD_CASE (6, 4)
                }
            }
        }
    }
}

/* nf output rows x nt taps; the sums run along 16-wide vectors of positions and are reduced to
 * scalars once at the end. */
ALWAYS_INLINE void
wgrad_rows_tile (const int nf, const int nt, int n_taps, int len, const int *restrict off,
                 const float *restrict in, const float *restrict dy, int ldy, float *restrict acc_out)
{
  __m512 acc[8][8];
  const float *p[8];
#pragma GCC unroll 8
  for (int f = 0; f < nf; f++)
#pragma GCC unroll 8
    for (int i = 0; i < nt; i++)
      acc[f][i] = _mm512_setzero_ps ();
#pragma GCC unroll 8
  for (int i = 0; i < nt; i++)
    p[i] = in + off[i];
  for (int t = 0; t < len; t += 16)
    {
      __mmask16 m = len - t >= 16 ? (__mmask16) 0xFFFF : (__mmask16) ((1u << (len - t)) - 1);
      __m512 xv[8];
#pragma GCC unroll 8
      for (int i = 0; i < nt; i++)
        xv[i] = _mm512_maskz_loadu_ps (m, p[i] + t);
#pragma GCC unroll 8
      for (int f = 0; f < nf; f++)
        {
          __m512 g = _mm512_maskz_loadu_ps (m, dy + (size_t) f * ldy + t);
#pragma GCC unroll 8
          for (int i = 0; i < nt; i++)
            acc[f][i] = _mm512_fmadd_ps (g, xv[i], acc[f][i]);
        }
    }
#pragma GCC unroll 8
  for (int f = 0; f < nf; f++)
#pragma GCC unroll 8
    for (int i = 0; i < nt; i++)
      acc_out[(size_t) f * n_taps + i] += _mm512_reduce_add_ps (acc[f][i]);
}

#define ROWS_CASE(nf, nt) \
  case (nf) * 16 + (nt): \
    wgrad_rows_tile ((nf), (nt), n_taps, len, off + i0, in, dy + (size_t) f0 * ldy, ldy, \
                     acc + (size_t) f0 * n_taps + i0); \
    break;

void
cw_conv_wgrad_rows (int n_out, int n_taps, int len, const int *off, const float *in, const float *dy,
                    int ldy, float *acc)
{
  for (int i0 = 0; i0 < n_taps; i0 += 8)
    {
      int nt = n_taps - i0 < 8 ? n_taps - i0 : 8;
      int rows = nt <= 3 ? 8 : nt <= 4 ? 6 : nt <= 6 ? 4 : 3; /* about 24 accumulators */
      for (int f0 = 0; f0 < n_out; f0 += rows)
        {
          int nf = n_out - f0 < rows ? n_out - f0 : rows;
          switch (nf * 16 + nt)
            {
              ROWS_CASE (1, 1) ROWS_CASE (2, 1) ROWS_CASE (3, 1) ROWS_CASE (4, 1)
              ROWS_CASE (5, 1) ROWS_CASE (6, 1) ROWS_CASE (7, 1) ROWS_CASE (8, 1)
              ROWS_CASE (1, 2) ROWS_CASE (2, 2) ROWS_CASE (3, 2) ROWS_CASE (4, 2)
              ROWS_CASE (5, 2) ROWS_CASE (6, 2) ROWS_CASE (7, 2) ROWS_CASE (8, 2)
              ROWS_CASE (1, 3) ROWS_CASE (2, 3) ROWS_CASE (3, 3) ROWS_CASE (4, 3)
              ROWS_CASE (5, 3) ROWS_CASE (6, 3) ROWS_CASE (7, 3) ROWS_CASE (8, 3)
              ROWS_CASE (1, 4) ROWS_CASE (2, 4) ROWS_CASE (3, 4) ROWS_CASE (4, 4)
              ROWS_CASE (5, 4) ROWS_CASE (6, 4)
              ROWS_CASE (1, 5) ROWS_CASE (2, 5) ROWS_CASE (3, 5) ROWS_CASE (4, 5)
              ROWS_CASE (1, 6) ROWS_CASE (2, 6) ROWS_CASE (3, 6) ROWS_CASE (4, 6)
              ROWS_CASE (1, 7) ROWS_CASE (2, 7) ROWS_CASE (3, 7)
              ROWS_CASE (1, 8) ROWS_CASE (2, 8) ROWS_CASE (3, 8)
            }
        }
    }
}

#else /* no AVX-512: the plain-C kernels */

bool
cw_conv_direct_is_simd (void)
{
  return false;
}

void
cw_conv_direct (int n_out, int len, int n_taps, const float *wp, const int *off, const float *in,
                const float *bias, float *out, int ldo)
{
  cw_conv_direct_portable (n_out, len, n_taps, wp, off, in, bias, out, ldo);
}

void
cw_conv_wgrad (int n_taps, int ldg, int len, const int *off, const float *in, const float *g,
               float *acc)
{
  cw_conv_wgrad_portable (n_taps, ldg, len, off, in, g, acc);
}

void
cw_conv_wgrad_rows (int n_out, int n_taps, int len, const int *off, const float *in, const float *dy,
                    int ldy, float *acc)
{
  cw_conv_wgrad_rows_portable (n_out, n_taps, len, off, in, dy, ldy, acc);
}

#endif
