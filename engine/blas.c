/* blas.c — the single call site of CBLAS (see cw-blas-private.h). */
#include "cw-blas-private.h"

#include <cblas.h>
#include <stdatomic.h>

/* Not declared by every cblas.h; OpenBLAS exports it. */
extern void openblas_set_num_threads (int num_threads);

void
cw_blas_init (void)
{
  static atomic_int done;
  if (atomic_exchange (&done, 1) == 0)
    openblas_set_num_threads (1);
}

void
cw_sgemm (bool trans_a, bool trans_b, int M, int N, int K, float alpha, const float *A, int lda,
          const float *B, int ldb, float beta, float *C, int ldc)
{
  cblas_sgemm (CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans,
               M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}

void
cw_dgemm (bool trans_a, bool trans_b, int M, int N, int K, double alpha, const double *A, int lda,
          const double *B, int ldb, double beta, double *C, int ldc)
{
  cblas_dgemm (CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans,
               M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}

void
cw_dgemv (bool trans, int M, int N, double alpha, const double *A, int lda, const double *x, double beta,
          double *y)
{
  cblas_dgemv (CblasRowMajor, trans ? CblasTrans : CblasNoTrans, M, N, alpha, A, lda, x, 1, beta, y, 1);
}

void
cw_dsyrk_upper (bool trans, int N, int K, double alpha, const double *A, int lda, double beta, double *C,
                int ldc)
{
  cblas_dsyrk (CblasRowMajor, CblasUpper, trans ? CblasTrans : CblasNoTrans, N, K, alpha, A, lda, beta, C, ldc);
}
