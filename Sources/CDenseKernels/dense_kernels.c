// See include/dense_kernels.h. Measured reason for this file: on the revised Lemke–Howson kernel at
// 100×100 (seed 1002, supports of 19) the Swift loops spent 4,900 instructions per pivot in gemv,
// about 2 per multiply–add, because baseline x86-64 code has neither 256-bit vectors nor FMA.
#include "dense_kernels.h"

#include <math.h>
#include <stddef.h>

// ---------------------------------------------------------------------------------------------
// Portable variants (the compiler vectorizes them for the baseline target).

void nash_dense_gemv_portable(int64_t rows, int64_t columns, double alpha, const double *a, int64_t lda,
                          const double *x, double beta, double *restrict y) {
  if (beta == 0) {
    for (int64_t i = 0; i < rows; i++) y[i] = 0;
  } else if (beta != 1) {
    for (int64_t i = 0; i < rows; i++) y[i] *= beta;
  }
  int64_t j = 0;
  for (; j + 4 <= columns; j += 4) {
    const double f0 = alpha * x[j], f1 = alpha * x[j + 1], f2 = alpha * x[j + 2], f3 = alpha * x[j + 3];
    const double *restrict c0 = a + j * lda, *restrict c1 = c0 + lda, *restrict c2 = c1 + lda,
                           *restrict c3 = c2 + lda;
    for (int64_t i = 0; i < rows; i++) y[i] += f0 * c0[i] + f1 * c1[i] + f2 * c2[i] + f3 * c3[i];
  }
  for (; j < columns; j++) {
    const double f = alpha * x[j];
    const double *restrict c = a + j * lda;
    for (int64_t i = 0; i < rows; i++) y[i] += f * c[i];
  }
}

void nash_dense_gemv_transposed_portable(int64_t rows, int64_t columns, double alpha, const double *a, int64_t lda,
                                     const double *x, double beta, double *restrict y) {
  for (int64_t j = 0; j < columns; j++) {
    const double *restrict c = a + j * lda;
    double s0 = 0, s1 = 0;
    int64_t i = 0;
    for (; i + 2 <= rows; i += 2) {
      s0 += c[i] * x[i];
      s1 += c[i + 1] * x[i + 1];
    }
    if (i < rows) s0 += c[i] * x[i];
    const double sum = s0 + s1;
    y[j] = beta == 0 ? alpha * sum : alpha * sum + beta * y[j];
  }
}

void nash_dense_rank_one_portable(int64_t rows, int64_t columns, double alpha, const double *x, const double *y,
                              double *a, int64_t lda) {
  for (int64_t j = 0; j < columns; j++) {
    const double f = alpha * y[j];
    if (f == 0) continue;
    double *restrict c = a + j * lda;
    const double *restrict xr = x;
    for (int64_t i = 0; i < rows; i++) c[i] += f * xr[i];
  }
}

// The tie cutoff of the minimum-ratio test: ratios within tie · max(1, |best|) of the least.
static inline double tie_cutoff(double best, double tie) { return best + tie * (fabs(best) > 1 ? fabs(best) : 1); }

// The count pass of the portable variant (and of every variant when no ratio is finite).
static int64_t ratio_ties(int64_t count, const double *ratios, double best, double tie, int64_t *within) {
  if (best == INFINITY) {
    *within = 0;
    return -1;
  }
  const double cutoff = tie_cutoff(best, tie);
  int64_t last = -1, n = 0;
  for (int64_t i = 0; i < count; i++) {
    if (ratios[i] <= cutoff) {
      last = i;
      n++;
    }
  }
  *within = n;
  return last;
}

int64_t nash_dense_min_ratio_portable(int64_t count, const double *d, const double *beta, double tolerance,
                                      double tie, double *ratios, int64_t *within, double *least) {
  double best = INFINITY;
  for (int64_t i = 0; i < count; i++) {
    const double r = d[i] > tolerance ? beta[i] / d[i] : INFINITY;
    ratios[i] = r;
    best = r < best ? r : best;
  }
  *least = best;
  return ratio_ties(count, ratios, best, tie, within);
}

// ---------------------------------------------------------------------------------------------
// AVX2 + FMA variants (x86-64 only).

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
#define NASH_HAVE_AVX2_VARIANTS 1
#define AVX2 __attribute__((target("avx2,fma")))

// Row tails (0–3 entries) run in scalar FMA: masked loads and stores are slow on some CPUs
// (microcoded on AMD Zen 2).

AVX2 void nash_dense_gemv_avx2(int64_t rows, int64_t columns, double alpha, const double *a, int64_t lda,
                           const double *x, double beta, double *y) {
  if (beta == 0) {
    for (int64_t i = 0; i < rows; i++) y[i] = 0;
  } else if (beta != 1) {
    for (int64_t i = 0; i < rows; i++) y[i] *= beta;
  }
  const int64_t full = rows & ~(int64_t)3;
  int64_t j = 0;
  // Four columns per sweep over y (y loaded and stored a quarter as often).
  for (; j + 4 <= columns; j += 4) {
    const __m256d f0 = _mm256_set1_pd(alpha * x[j]), f1 = _mm256_set1_pd(alpha * x[j + 1]),
                  f2 = _mm256_set1_pd(alpha * x[j + 2]), f3 = _mm256_set1_pd(alpha * x[j + 3]);
    const double *c0 = a + j * lda, *c1 = c0 + lda, *c2 = c1 + lda, *c3 = c2 + lda;
    int64_t i = 0;
    for (; i < full; i += 4) {
      __m256d v = _mm256_loadu_pd(y + i);
      v = _mm256_fmadd_pd(f0, _mm256_loadu_pd(c0 + i), v);
      v = _mm256_fmadd_pd(f1, _mm256_loadu_pd(c1 + i), v);
      v = _mm256_fmadd_pd(f2, _mm256_loadu_pd(c2 + i), v);
      v = _mm256_fmadd_pd(f3, _mm256_loadu_pd(c3 + i), v);
      _mm256_storeu_pd(y + i, v);
    }
    const double g0 = alpha * x[j], g1 = alpha * x[j + 1], g2 = alpha * x[j + 2], g3 = alpha * x[j + 3];
    for (; i < rows; i++) y[i] = fma(g3, c3[i], fma(g2, c2[i], fma(g1, c1[i], fma(g0, c0[i], y[i]))));
  }
  for (; j < columns; j++) {
    const __m256d f = _mm256_set1_pd(alpha * x[j]);
    const double *c = a + j * lda;
    int64_t i = 0;
    for (; i < full; i += 4) {
      _mm256_storeu_pd(y + i, _mm256_fmadd_pd(f, _mm256_loadu_pd(c + i), _mm256_loadu_pd(y + i)));
    }
    const double g = alpha * x[j];
    for (; i < rows; i++) y[i] = fma(g, c[i], y[i]);
  }
}

AVX2 static inline double horizontal_sum(__m256d v) {
  const __m128d pair = _mm_add_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1));
  return _mm_cvtsd_f64(_mm_add_sd(pair, _mm_unpackhi_pd(pair, pair)));
}

AVX2 void nash_dense_gemv_transposed_avx2(int64_t rows, int64_t columns, double alpha, const double *a, int64_t lda,
                                      const double *x, double beta, double *y) {
  const int64_t full = rows & ~(int64_t)3;
  int64_t j = 0;
  // Four columns per sweep: four independent FMA chains (one chain waits on the FMA latency)
  // and x loaded once for four columns. Each column's operations and their order are those
  // of the one-column loop below, so the results are the same bit for bit.
  for (; j + 4 <= columns; j += 4) {
    const double *c0 = a + j * lda, *c1 = c0 + lda, *c2 = c1 + lda, *c3 = c2 + lda;
    __m256d s0 = _mm256_setzero_pd(), s1 = s0, s2 = s0, s3 = s0;
    int64_t i = 0;
    for (; i < full; i += 4) {
      const __m256d v = _mm256_loadu_pd(x + i);
      s0 = _mm256_fmadd_pd(_mm256_loadu_pd(c0 + i), v, s0);
      s1 = _mm256_fmadd_pd(_mm256_loadu_pd(c1 + i), v, s1);
      s2 = _mm256_fmadd_pd(_mm256_loadu_pd(c2 + i), v, s2);
      s3 = _mm256_fmadd_pd(_mm256_loadu_pd(c3 + i), v, s3);
    }
    double sum0 = horizontal_sum(s0), sum1 = horizontal_sum(s1), sum2 = horizontal_sum(s2),
           sum3 = horizontal_sum(s3);
    for (; i < rows; i++) {
      sum0 = fma(c0[i], x[i], sum0);
      sum1 = fma(c1[i], x[i], sum1);
      sum2 = fma(c2[i], x[i], sum2);
      sum3 = fma(c3[i], x[i], sum3);
    }
    if (beta == 0) {
      y[j] = alpha * sum0;
      y[j + 1] = alpha * sum1;
      y[j + 2] = alpha * sum2;
      y[j + 3] = alpha * sum3;
    } else {
      y[j] = alpha * sum0 + beta * y[j];
      y[j + 1] = alpha * sum1 + beta * y[j + 1];
      y[j + 2] = alpha * sum2 + beta * y[j + 2];
      y[j + 3] = alpha * sum3 + beta * y[j + 3];
    }
  }
  for (; j < columns; j++) {
    const double *c = a + j * lda;
    __m256d s = _mm256_setzero_pd();
    int64_t i = 0;
    for (; i < full; i += 4) s = _mm256_fmadd_pd(_mm256_loadu_pd(c + i), _mm256_loadu_pd(x + i), s);
    double sum = horizontal_sum(s);
    for (; i < rows; i++) sum = fma(c[i], x[i], sum);
    y[j] = beta == 0 ? alpha * sum : alpha * sum + beta * y[j];
  }
}

AVX2 void nash_dense_rank_one_avx2(int64_t rows, int64_t columns, double alpha, const double *x, const double *y,
                               double *a, int64_t lda) {
  const int64_t full = rows & ~(int64_t)3;
  for (int64_t j = 0; j < columns; j++) {
    const double factor = alpha * y[j];
    if (factor == 0) continue;
    const __m256d f = _mm256_set1_pd(factor);
    double *c = a + j * lda;
    int64_t i = 0;
    for (; i < full; i += 4) {
      _mm256_storeu_pd(c + i, _mm256_fmadd_pd(f, _mm256_loadu_pd(x + i), _mm256_loadu_pd(c + i)));
    }
    for (; i < rows; i++) c[i] = fma(factor, x[i], c[i]);
  }
}
AVX2 int64_t nash_dense_min_ratio_avx2(int64_t count, const double *d, const double *beta, double tolerance,
                                       double tie, double *ratios, int64_t *within, double *least) {
  const __m256d infinity = _mm256_set1_pd(INFINITY), limit = _mm256_set1_pd(tolerance);
  __m256d lowest = infinity;
  int64_t i = 0;
  for (; i + 4 <= count; i += 4) {
    const __m256d a = _mm256_loadu_pd(d + i);
    const __m256d r = _mm256_blendv_pd(infinity, _mm256_div_pd(_mm256_loadu_pd(beta + i), a),
                                       _mm256_cmp_pd(a, limit, _CMP_GT_OQ));
    _mm256_storeu_pd(ratios + i, r);
    lowest = _mm256_min_pd(r, lowest);  // (r, lowest): a NaN ratio never wins, as in the scalar tail
  }
  const __m128d pair = _mm_min_pd(_mm256_castpd256_pd128(lowest), _mm256_extractf128_pd(lowest, 1));
  double best = _mm_cvtsd_f64(_mm_min_sd(pair, _mm_unpackhi_pd(pair, pair)));
  for (; i < count; i++) {
    const double r = d[i] > tolerance ? beta[i] / d[i] : INFINITY;
    ratios[i] = r;
    best = r < best ? r : best;
  }
  *least = best;
  if (best == INFINITY) return ratio_ties(count, ratios, best, tie, within);
  // The tie count four ratios at a time (a NaN ratio compares false, as in ratio_ties).
  const double cutoff = tie_cutoff(best, tie);
  const __m256d c = _mm256_set1_pd(cutoff);
  int64_t last = -1, n = 0;
  for (i = 0; i + 4 <= count; i += 4) {
    const int mask = _mm256_movemask_pd(_mm256_cmp_pd(_mm256_loadu_pd(ratios + i), c, _CMP_LE_OQ));
    if (mask) {
      n += __builtin_popcount((unsigned)mask);
      last = i + 31 - __builtin_clz((unsigned)mask);
    }
  }
  for (; i < count; i++) {
    if (ratios[i] <= cutoff) {
      last = i;
      n++;
    }
  }
  *within = n;
  return last;
}
#endif

// ---------------------------------------------------------------------------------------------
// Dispatch: decided once per process (threads racing to decide store the same answer).

static int uses_avx2 = -1;

int nash_dense_uses_avx2(void) {
  int answer = __atomic_load_n(&uses_avx2, __ATOMIC_RELAXED);
  if (answer < 0) {
#ifdef NASH_HAVE_AVX2_VARIANTS
    __builtin_cpu_init();
    answer = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    answer = 0;
#endif
    __atomic_store_n(&uses_avx2, answer, __ATOMIC_RELAXED);
  }
  return answer;
}

void nash_dense_gemv(int64_t rows, int64_t columns, double alpha, const double *a, int64_t lda, const double *x,
                     double beta, double *y) {
#ifdef NASH_HAVE_AVX2_VARIANTS
  if (nash_dense_uses_avx2()) {
    nash_dense_gemv_avx2(rows, columns, alpha, a, lda, x, beta, y);
    return;
  }
#endif
  nash_dense_gemv_portable(rows, columns, alpha, a, lda, x, beta, y);
}

void nash_dense_gemv_transposed(int64_t rows, int64_t columns, double alpha, const double *a, int64_t lda,
                                const double *x, double beta, double *y) {
#ifdef NASH_HAVE_AVX2_VARIANTS
  if (nash_dense_uses_avx2()) {
    nash_dense_gemv_transposed_avx2(rows, columns, alpha, a, lda, x, beta, y);
    return;
  }
#endif
  nash_dense_gemv_transposed_portable(rows, columns, alpha, a, lda, x, beta, y);
}

void nash_dense_rank_one_update(int64_t rows, int64_t columns, double alpha, const double *x, const double *y,
                                double *a, int64_t lda) {
#ifdef NASH_HAVE_AVX2_VARIANTS
  if (nash_dense_uses_avx2()) {
    nash_dense_rank_one_avx2(rows, columns, alpha, x, y, a, lda);
    return;
  }
#endif
  nash_dense_rank_one_portable(rows, columns, alpha, x, y, a, lda);
}

int64_t nash_dense_min_ratio(int64_t count, const double *d, const double *beta, double tolerance, double tie,
                             double *ratios, int64_t *within, double *least) {
#ifdef NASH_HAVE_AVX2_VARIANTS
  if (nash_dense_uses_avx2()) return nash_dense_min_ratio_avx2(count, d, beta, tolerance, tie, ratios, within, least);
#endif
  return nash_dense_min_ratio_portable(count, d, beta, tolerance, tie, ratios, within, least);
}
