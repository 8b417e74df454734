// Small dense kernels for NashLinearAlgebra's DenseKernels: column-major matrix–vector products
// and rank-one updates at the sizes of a Lemke–Howson support block (tens of rows and columns),
// where a BLAS call's overhead dominates. Each entry point picks, once, an AVX2 + FMA variant when
// the CPU has both and a portable one otherwise (the package is built for baseline x86-64, so
// Swift code cannot use these instructions). Not part of Nash's public API. The output vector or
// matrix must not overlap the inputs.
#ifndef NASH_DENSE_KERNELS_H
#define NASH_DENSE_KERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// y ← alpha · A x + beta · y; A is rows × columns, column-major with leading dimension lda.
void nash_dense_gemv(int64_t rows, int64_t columns, double alpha, const double *a, int64_t lda,
                     const double *x, double beta, double *y);

/// y ← alpha · Aᵀ x + beta · y; x has rows entries, y has columns.
void nash_dense_gemv_transposed(int64_t rows, int64_t columns, double alpha, const double *a, int64_t lda,
                                const double *x, double beta, double *y);

/// A ← A + alpha · x yᵀ; A is rows × columns, column-major with leading dimension lda.
void nash_dense_rank_one_update(int64_t rows, int64_t columns, double alpha, const double *x, const double *y,
                                double *a, int64_t lda);

/// The minimum-ratio test of a simplex-type pivot: ratios[i] = beta[i] / d[i] where d[i] > tolerance and
/// +∞ elsewhere; the least ratio r* (*least); the number of ratios at most r* + tie · max(1, |r*|)
/// (*within); returns the last index among those, or −1 if every ratio is infinite.
int64_t nash_dense_min_ratio(int64_t count, const double *d, const double *beta, double tolerance, double tie,
                             double *ratios, int64_t *within, double *least);

/// 1 when the AVX2 + FMA variants are in use, 0 for the portable ones (for tests and benchmarks).
int nash_dense_uses_avx2(void);

// The variants themselves, for the tests (the AVX2 ones only where nash_dense_uses_avx2() is 1;
// they exist on x86-64 builds only).
void nash_dense_gemv_portable(int64_t rows, int64_t columns, double alpha, const double *a, int64_t lda,
                              const double *x, double beta, double *y);
void nash_dense_gemv_transposed_portable(int64_t rows, int64_t columns, double alpha, const double *a,
                                         int64_t lda, const double *x, double beta, double *y);
void nash_dense_rank_one_portable(int64_t rows, int64_t columns, double alpha, const double *x, const double *y,
                                  double *a, int64_t lda);
int64_t nash_dense_min_ratio_portable(int64_t count, const double *d, const double *beta, double tolerance,
                                      double tie, double *ratios, int64_t *within, double *least);
#if defined(__x86_64__)
void nash_dense_gemv_avx2(int64_t rows, int64_t columns, double alpha, const double *a, int64_t lda,
                          const double *x, double beta, double *y);
void nash_dense_gemv_transposed_avx2(int64_t rows, int64_t columns, double alpha, const double *a, int64_t lda,
                                     const double *x, double beta, double *y);
void nash_dense_rank_one_avx2(int64_t rows, int64_t columns, double alpha, const double *x, const double *y,
                              double *a, int64_t lda);
int64_t nash_dense_min_ratio_avx2(int64_t count, const double *d, const double *beta, double tolerance, double tie,
                                  double *ratios, int64_t *within, double *least);
#endif

#ifdef __cplusplus
}
#endif

#endif
