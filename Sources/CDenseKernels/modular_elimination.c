// See the modular section of include/dense_kernels.h. Measured reason for this file: exact verification of a
// 200×200 Lemke–Howson end point (supports of 31) spent half its instructions in Gaussian
// elimination modulo 62-bit primes in scalar Montgomery arithmetic (three 64×64→128-bit products
// per multiply–subtract), and a tenth in one extended Euclidean inversion per pivot and prime.
// Here four primes share each AVX2 instruction, and the elimination is division-free (one
// inversion per system, by Fermat's little theorem, for the whole diagonal).
//
// Products modulo p < 2^50 in doubles: for 0 ≤ a, b < p, h = fl(a·b) and l = a·b − h (exact by FMA);
// q = round(h · fl(1/p)) is within 7/8 of a·b/p (three roundings of relative size 2^-53 on a value
// below 2^50, plus the rounding to an integer), so a·b − q·p lies in (−p, p); fl(h − q·p) is exact
// (an integer below 2^51 in magnitude), and so is adding l.
#include "dense_kernels.h"

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
#define MODULAR_AVX2 __attribute__((target("avx2,fma")))

typedef struct {
  __m256d p, inverse;  // the four primes and fl(1/p)
} moduli;

/// r in (−p, p) to [0, p).
MODULAR_AVX2 static inline __m256d lift(__m256d r, moduli m) {
  return _mm256_add_pd(r, _mm256_and_pd(_mm256_cmp_pd(r, _mm256_setzero_pd(), _CMP_LT_OQ), m.p));
}

/// An integer d with |d| < 2^51 to [0, p).
MODULAR_AVX2 static inline __m256d reduce(__m256d d, moduli m) {
  const __m256d q = _mm256_round_pd(_mm256_mul_pd(d, m.inverse), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  return lift(_mm256_fnmadd_pd(q, m.p, d), m);
}

/// a · b − q · p in (−p, p), for 0 ≤ a, b < p (see the top of the file).
MODULAR_AVX2 static inline __m256d product_near(__m256d a, __m256d b, moduli m) {
  const __m256d h = _mm256_mul_pd(a, b);
  const __m256d l = _mm256_fmsub_pd(a, b, h);
  const __m256d q = _mm256_round_pd(_mm256_mul_pd(h, m.inverse), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  return _mm256_add_pd(_mm256_fnmadd_pd(q, m.p, h), l);
}

MODULAR_AVX2 static inline __m256d product(__m256d a, __m256d b, moduli m) { return lift(product_near(a, b, m), m); }

/// −x modulo p, for 0 ≤ x < p.
MODULAR_AVX2 static inline __m256d negate(__m256d x, moduli m) {
  const __m256d nonzero = _mm256_cmp_pd(x, _mm256_setzero_pd(), _CMP_NEQ_OQ);
  return _mm256_blendv_pd(x, _mm256_sub_pd(m.p, x), nonzero);
}

/// x^(p − 2) = x⁻¹ modulo each prime (x ≠ 0), by square-and-multiply over the 50 exponent bits.
MODULAR_AVX2 static __m256d inverse(__m256d x, const double *primes, moduli m) {
  const __m256i exponent = _mm256_set_epi64x((int64_t)primes[3] - 2, (int64_t)primes[2] - 2,
                                             (int64_t)primes[1] - 2, (int64_t)primes[0] - 2);
  __m256d r = _mm256_set1_pd(1);
  for (int bit = 49; bit >= 0; bit--) {
    r = product(r, r, m);
    const __m256d times = product(r, x, m);
    // blendv takes each lane's sign bit: the exponent's bit moved there.
    r = _mm256_blendv_pd(r, times, _mm256_castsi256_pd(_mm256_slli_epi64(exponent, 63 - bit)));
  }
  return r;
}

MODULAR_AVX2 static moduli load_moduli(const double *primes) {
  const __m256d p = _mm256_loadu_pd(primes);
  return (moduli){p, _mm256_div_pd(_mm256_set1_pd(1), p)};
}

MODULAR_AVX2 static void residues_avx2(int64_t count, const uint64_t *words, const int64_t *start,
                                       const uint8_t *negative, const double *primes, double *out) {
  const moduli m = load_moduli(primes);
  const __m256d two32 = _mm256_set1_pd(0x1p32);  // below every prime
  const __m256d two64 = product(two32, two32, m);
  for (int64_t e = 0; e < count; e++) {
    __m256d acc = _mm256_setzero_pd();
    for (int64_t w = start[e + 1] - 1; w >= start[e]; w--) {
      // word = high · 2^32 + low; high · 2^32 < 2^64 is exact, and so is its remainder below.
      const __m256d high = _mm256_set1_pd((double)(words[w] >> 32) * 0x1p32);
      const __m256d low = _mm256_set1_pd((double)(uint32_t)words[w]);
      const __m256d q =
          _mm256_round_pd(_mm256_mul_pd(high, m.inverse), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
      const __m256d word = _mm256_add_pd(_mm256_fnmadd_pd(q, m.p, high), low);  // in (−p, p + 2^32)
      acc = reduce(_mm256_add_pd(product(acc, two64, m), word), m);
    }
    if (negative[e]) acc = negate(acc, m);
    _mm256_storeu_pd(out + 4 * e, acc);
  }
}

MODULAR_AVX2 static int solve_avx2(int64_t n, double *a, const double *primes, double *out) {
  const moduli m = load_moduli(primes);
  const __m256d zero = _mm256_setzero_pd(), one = _mm256_set1_pd(1);
  const int64_t width = n + 1;
#define ENTRY(i, j) (a + 4 * ((i) * width + (j)))
  // Row i ← pivot · row i − a_ic · row c multiplies det by the pivot; `scale` collects those
  // factors, so that one inversion serves the diagonal and it.
  __m256d scale = one;
  int swapped = 0;  // an odd number of row swaps
  for (int64_t c = 0; c < n; c++) {
    int64_t r = c;
    while (r < n && _mm256_movemask_pd(_mm256_cmp_pd(_mm256_loadu_pd(ENTRY(r, c)), zero, _CMP_NEQ_OQ)) != 0xF) r++;
    if (r == n) return 0;
    if (r != c) {
      for (int64_t j = c; j < width; j++) {
        const __m256d t = _mm256_loadu_pd(ENTRY(c, j));
        _mm256_storeu_pd(ENTRY(c, j), _mm256_loadu_pd(ENTRY(r, j)));
        _mm256_storeu_pd(ENTRY(r, j), t);
      }
      swapped ^= 1;
    }
    const __m256d pivot = _mm256_loadu_pd(ENTRY(c, c));
    for (int64_t i = c + 1; i < n; i++) {
      const __m256d entry = _mm256_loadu_pd(ENTRY(i, c));
      if (_mm256_movemask_pd(_mm256_cmp_pd(entry, zero, _CMP_NEQ_OQ)) == 0) continue;
      for (int64_t j = c + 1; j < width; j++) {
        const __m256d d = _mm256_sub_pd(product_near(pivot, _mm256_loadu_pd(ENTRY(i, j)), m),
                                        product_near(entry, _mm256_loadu_pd(ENTRY(c, j)), m));
        _mm256_storeu_pd(ENTRY(i, j), reduce(d, m));  // |d| < 2p
      }
      _mm256_storeu_pd(ENTRY(i, c), zero);
      scale = product(scale, pivot, m);
    }
  }
  // det M = ±Π u_ii / scale. Prefix products of the diagonal go to out (row i's slot is read at
  // step i + 1 of the back substitution, before step i overwrites it).
  __m256d running = one;
  for (int64_t i = 0; i < n; i++) {
    running = product(running, _mm256_loadu_pd(ENTRY(i, i)), m);
    _mm256_storeu_pd(out + 4 * i, running);
  }
  __m256d inverted = inverse(product(running, scale, m), primes, m);  // (Π u_ii · scale)⁻¹
  __m256d determinant = product(inverted, running, m);                // scale⁻¹ ...
  inverted = product(inverted, scale, m);                             // (Π u_ii)⁻¹
  determinant = product(determinant, running, m);                     // ... · Π u_ii
  if (swapped) determinant = negate(determinant, m);
  // Back substitution, x_i = (y_i − Σ_{j>i} u_ij x_j) / u_ii kept in column n; out gets det · x_i.
  for (int64_t i = n - 1; i >= 0; i--) {
    const __m256d diagonalInverse = product(inverted, i > 0 ? _mm256_loadu_pd(out + 4 * (i - 1)) : one, m);
    inverted = product(inverted, _mm256_loadu_pd(ENTRY(i, i)), m);
    __m256d value = _mm256_loadu_pd(ENTRY(i, n));
    for (int64_t j = i + 1; j < n; j++) {
      value = reduce(_mm256_sub_pd(value, product_near(_mm256_loadu_pd(ENTRY(i, j)), _mm256_loadu_pd(ENTRY(j, n)), m)), m);
    }
    value = product(value, diagonalInverse, m);
    _mm256_storeu_pd(ENTRY(i, n), value);
    _mm256_storeu_pd(out + 4 * i, product(value, determinant, m));
  }
  _mm256_storeu_pd(out + 4 * n, determinant);
#undef ENTRY
  return 1;
}
#endif

int nash_modular_residues4(int64_t count, const uint64_t *words, const int64_t *start, const uint8_t *negative,
                           const double *primes, double *out) {
#if defined(MODULAR_AVX2)
  if (nash_dense_uses_avx2()) {
    residues_avx2(count, words, start, negative, primes, out);
    return 1;
  }
#endif
  (void)count, (void)words, (void)start, (void)negative, (void)primes, (void)out;
  return -1;
}

int nash_modular_solve4(int64_t n, double *a, const double *primes, double *out) {
#if defined(MODULAR_AVX2)
  if (nash_dense_uses_avx2()) return solve_avx2(n, a, primes, out);
#endif
  (void)n, (void)a, (void)primes, (void)out;
  return -1;
}
