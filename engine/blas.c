/* blas.c — the single call site of cblas_sgemm. */
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
