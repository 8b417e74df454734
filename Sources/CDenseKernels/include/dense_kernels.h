// Small dense kernels for NashLinearAlgebra's DenseKernels: column-major matrix–vector products
// and rank-one updates at the sizes of a Lemke–Howson support block (tens of rows and columns),
// where a BLAS call's overhead dominates; and, for Nash's exact verification, elimination
// modulo four primes at once (below). Each entry point picks, once, an AVX2 + FMA variant when
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

// Gaussian elimination of an integer linear system modulo four primes at once, for Nash's exact
// verification (MultimodularSolve.swift; implemented in modular_elimination.c). Each 256-bit lane
// holds the system modulo one prime p < 2^50, as a double; products are split exactly with FMA
// and reduced with a rounded quotient. Only with AVX2 and FMA: both functions answer -1 where the
// CPU lacks them, and the caller solves in scalar Montgomery arithmetic instead.

/// Residues of `count` signed integers modulo four primes. Integer e is ±Σ_w words[start[e] + w] · 2^(64w)
/// over w < start[e + 1] − start[e] (little-endian words), negative when negative[e] ≠ 0. Its residue
/// modulo primes[l] goes to out[4e + l], in [0, primes[l]). Every prime must be odd with
/// 2^49 < p < 2^50. Returns 1, or -1 without AVX2 and FMA (out untouched).
int nash_modular_residues4(int64_t count, const uint64_t *words, const int64_t *start, const uint8_t *negative,
                           const double *primes, double *out);

/// Solves M X = det(M) · b for the augmented n × (n + 1) system [M | b] modulo four primes: entry (i, j)
/// modulo primes[l] is a[4(i(n + 1) + j) + l], in [0, primes[l]) (a is overwritten). On success
/// X_i mod primes[l] goes to out[4i + l] (i < n) and det M mod primes[l] to out[4n + l], all in
/// [0, primes[l]), and the answer is 1. The answer is 0 when some column has no row whose entry
/// is non-zero modulo all four primes (M singular modulo one of them, or by rare chance a
/// different pivot would be needed per prime): the caller then solves prime by prime. -1 without
/// AVX2 and FMA.
int nash_modular_solve4(int64_t n, double *a, const double *primes, double *out);

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
