/* conv-kernels-private.h — the inner loops of conv1d, shared by layer-conv.c, its tests and
 * tools/bench-layers.c.
 *
 * Both kernels work on "taps": a tap i is one (input row, kernel offset) pair, given as a float offset
 * off[i] into a sample buffer, so a convolution over C channels and k kernel positions has C*k taps and
 * dilation or row strides only change the offset table. Positions t run with stride 1 (the direct path
 * handles stride-1 convolutions; strided ones go through im2col + cw_sgemm in layer-conv.c). */
#ifndef CW_CONV_KERNELS_PRIVATE_H
#define CW_CONV_KERNELS_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

/* Weights of the direct kernel are packed in blocks of this many outputs: wp[o / 8][i][o % 8], the last
 * block zero-filled, so the kernel broadcasts the weights of 8 outputs from one 32-byte line per tap. */
#define CW_CONV_OUT_BLOCK 8

static inline size_t
cw_conv_packed_size (int n_out, int n_taps)
{
  return (size_t) ((n_out + CW_CONV_OUT_BLOCK - 1) / CW_CONV_OUT_BLOCK) * CW_CONV_OUT_BLOCK
         * (size_t) n_taps;
}

static inline size_t
cw_conv_packed_index (int o, int i, int n_taps)
{
  return ((size_t) (o / CW_CONV_OUT_BLOCK) * (size_t) n_taps + (size_t) i) * CW_CONV_OUT_BLOCK
         + (size_t) (o % CW_CONV_OUT_BLOCK);
}

/* Columns of the weight-gradient accumulator (outputs rounded up to a whole vector). */
static inline int
cw_conv_grad_cols (int n_out)
{
  return (n_out + 15) / 16 * 16;
}

/* Direct correlation: out[o * ldo + t] = bias[o] + sum_i W[o, i] in[off[i] + t] for o < n_out,
 * t < len; wp packed as above, bias may be NULL. Reads in[off[i] + t] only for t < len. */
void cw_conv_direct (int n_out, int len, int n_taps, const float *wp, const int *off, const float *in,
                     const float *bias, float *out, int ldo);

/* Weight gradient: acc[i * ldg + o] += sum_t in[off[i] + t] g[t * ldg + o] for i < n_taps,
 * o < ldg (a multiple of 16), t < len. g is the output gradient transposed to (len, ldg). */
void cw_conv_wgrad (int n_taps, int ldg, int len, const int *off, const float *in, const float *g,
                    float *acc);

/* Weight gradient for few taps: acc[o * n_taps + i] += sum_t in[off[i] + t] dy[o * ldy + t] for
 * o < n_out, i < n_taps, t < len, reading dy as it is (no transpose). */
void cw_conv_wgrad_rows (int n_out, int n_taps, int len, const int *off, const float *in,
                         const float *dy, int ldy, float *acc);

/* Taps up to which a layer uses cw_conv_wgrad_rows instead of cw_conv_wgrad. */
#define CW_CONV_ROWS_MAX_TAPS 16

/* Plain-C versions of the same two functions (the fallback; also run by the tests). */
void cw_conv_direct_portable (int n_out, int len, int n_taps, const float *wp, const int *off,
                              const float *in, const float *bias, float *out, int ldo);
void cw_conv_wgrad_portable (int n_taps, int ldg, int len, const int *off, const float *in,
                             const float *g, float *acc);
void cw_conv_wgrad_rows_portable (int n_out, int n_taps, int len, const int *off, const float *in,
                                  const float *dy, int ldy, float *acc);

/* g[t * ldg + o] = dy[o * len + t] for o < n_out, zero for n_out <= o < ldg. */
void cw_conv_transpose_grad (int n_out, int len, const float *dy, int ldg, float *g);

/* True when cw_conv_direct is the vectorised (AVX-512) kernel rather than the plain-C one. */
bool cw_conv_direct_is_simd (void);

/* Which algorithm conv layers use. AUTO: the direct kernels for stride 1 when they are vectorised,
 * im2col + GEMM otherwise. The other values force one path for tests and benchmarks. */
typedef enum {
  CW_CONV_PATH_AUTO,
  CW_CONV_PATH_IM2COL,
  CW_CONV_PATH_DIRECT,          /* direct for stride 1 even without AVX-512 */
  CW_CONV_PATH_DIRECT_PORTABLE, /* the plain-C direct kernels for stride 1 */
} cw_conv_path;

extern cw_conv_path cw_conv_force_path;

#endif
