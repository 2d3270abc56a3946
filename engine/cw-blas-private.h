/* cw-blas-private.h — the one wrapper around cblas_sgemm; nothing else in the project calls BLAS GEMM. */
#ifndef CW_BLAS_PRIVATE_H
#define CW_BLAS_PRIVATE_H

#include <stdbool.h>

/* Row-major C[M x N] = alpha * op(A)[M x K] * op(B)[K x N] + beta * C. Runs on the calling thread
 * (OpenBLAS is held at one thread; the engine parallelises over samples itself). */
void cw_sgemm (bool trans_a, bool trans_b, int M, int N, int K, float alpha, const float *A, int lda,
               const float *B, int ldb, float beta, float *C, int ldc);

/* Called once before any GEMM: pins OpenBLAS to one thread. Idempotent and thread-safe. */
void cw_blas_init (void);

#endif
