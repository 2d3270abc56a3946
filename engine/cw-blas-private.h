/* cw-blas-private.h — the wrappers around BLAS: cblas_sgemm for the CNN, and the double-precision
 * level-2/3 routines PLS and its diagnostics use. Nothing else in the project calls BLAS directly. */
#ifndef CW_BLAS_PRIVATE_H
#define CW_BLAS_PRIVATE_H

#include <stdbool.h>

/* Row-major C[M x N] = alpha * op(A)[M x K] * op(B)[K x N] + beta * C. Runs on the calling thread
 * (OpenBLAS is held at one thread; the engine parallelises over samples itself). */
void cw_sgemm (bool trans_a, bool trans_b, int M, int N, int K, float alpha, const float *A, int lda,
               const float *B, int ldb, float beta, float *C, int ldc);

/* Double precision, row-major, as cblas: C = alpha op(A) op(B) + beta C. */
void cw_dgemm (bool trans_a, bool trans_b, int M, int N, int K, double alpha, const double *A, int lda,
               const double *B, int ldb, double beta, double *C, int ldc);
/* y = alpha op(A) x + beta y, A M x N row-major. */
void cw_dgemv (bool trans, int M, int N, double alpha, const double *A, int lda, const double *x, double beta,
               double *y);
/* Upper triangle of C (N x N, row-major) = alpha op(A) op(A)' + beta C: op(A) = A (N x K) when trans is
 * false, A' (A is K x N) when true. The strict lower triangle is not touched. */
void cw_dsyrk_upper (bool trans, int N, int K, double alpha, const double *A, int lda, double beta, double *C,
                     int ldc);

/* Called once before any GEMM: pins OpenBLAS to one thread. Idempotent and thread-safe. */
void cw_blas_init (void);

#endif
