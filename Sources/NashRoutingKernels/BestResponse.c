/* The best-response row kernel (see BestResponseKernel.h), built for the x86-64 baseline and, on x86-64,
 * for AVX2 too; the AVX2 build is chosen at run time when the CPU and the OS support it. */
#include "NashRoutingKernels.h"

#include <float.h>
#include <math.h>
#include <pthread.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <immintrin.h>

/* SSE2: two halves of four. */
static inline unsigned sse2_mask8(const float *s, const float *b, float threshold) {
  const __m128 t = _mm_set1_ps(threshold);
  const __m128 lo = _mm_sub_ps(_mm_loadu_ps(s), _mm_loadu_ps(b));
  const __m128 hi = _mm_sub_ps(_mm_loadu_ps(s + 4), _mm_loadu_ps(b + 4));
  return (unsigned)_mm_movemask_ps(_mm_cmpgt_ps(lo, t)) | ((unsigned)_mm_movemask_ps(_mm_cmpgt_ps(hi, t)) << 4);
}
static inline unsigned sse2_mask8_shift(const float *s, float a, const float *lower) {
  const __m128 sa = _mm_set1_ps(a);
  const __m128 lo = _mm_sub_ps(_mm_loadu_ps(s), sa);
  const __m128 hi = _mm_sub_ps(_mm_loadu_ps(s + 4), sa);
  return (unsigned)_mm_movemask_ps(_mm_cmpgt_ps(lo, _mm_loadu_ps(lower)))
    | ((unsigned)_mm_movemask_ps(_mm_cmpgt_ps(hi, _mm_loadu_ps(lower + 4))) << 4);
}

__attribute__((target("avx2"))) static inline unsigned avx2_mask8(const float *s, const float *b, float threshold) {
  const __m256 r = _mm256_sub_ps(_mm256_loadu_ps(s), _mm256_loadu_ps(b));
  return (unsigned)_mm256_movemask_ps(_mm256_cmp_ps(r, _mm256_set1_ps(threshold), _CMP_GT_OQ));
}
__attribute__((target("avx2"))) static inline unsigned avx2_mask8_shift(const float *s, float a, const float *lower) {
  const __m256 v = _mm256_sub_ps(_mm256_loadu_ps(s), _mm256_set1_ps(a));
  return (unsigned)_mm256_movemask_ps(_mm256_cmp_ps(v, _mm256_loadu_ps(lower), _CMP_GT_OQ));
}

#define RK_NAME best_response_sse2
#define RK_TARGET
#define RK_MASK8 sse2_mask8
#define RK_MASK8_SHIFT sse2_mask8_shift
#include "BestResponseKernel.h"
#undef RK_NAME
#undef RK_TARGET
#undef RK_MASK8
#undef RK_MASK8_SHIFT

#define RK_NAME best_response_avx2
#define RK_TARGET __attribute__((target("avx2")))
#define RK_MASK8 avx2_mask8
#define RK_MASK8_SHIFT avx2_mask8_shift
#include "BestResponseKernel.h"
#undef RK_NAME
#undef RK_TARGET
#undef RK_MASK8
#undef RK_MASK8_SHIFT

/* The AVX2 row kernel for m = k + 1 ≤ 16 (with E ≤ 16, every column is a candidate and steps 1–3 are
 * skipped; otherwise E ≥ 17 gives at least two chunks of 8 columns):
 * 1. r = s − β chunk by chunk; two accumulators keep the lane-wise maxima of the even and the odd
 *    chunks, so G = 16 disjoint groups of columns (8 when m ≤ 8: one accumulator).
 * 2. θ = the m-th largest of the G group maxima (counted with multiplicity): m groups reach it, so at
 *    least m columns have r ≥ θ and every top-m column does (a column below θ has m columns above it).
 * 3. The columns with r ≥ θ are packed in index order (a permutation table per 8-bit mask, no branch).
 * 4. With at most 16 candidates, each one's rank (how many beat it: larger value, or equal value and a
 *    lower index) is counted with two vector comparisons, and the first m ranks are written in place;
 *    with more (ties), they go through the sorted insertion of the portable kernel.
 * The outputs are those of the portable kernel, bit for bit. */
static int32_t pack_table[256][8];

static void fill_pack_table(void) {
  for (int mask = 0; mask < 256; mask++) {
    int n = 0;
    for (int l = 0; l < 8; l++)
      if (mask & (1 << l)) pack_table[mask][n++] = l;
    for (; n < 8; n++) pack_table[mask][n] = 0;
  }
}

/* Appends packed column candidates (values, and the columns they belong to) to their columns'
 * candidate lists, in order. */
static inline void append_candidates(const nash_rk_collector *collector, const float *packed_values,
                                     const int32_t *packed_columns, ptrdiff_t packed) {
  float *buffer = collector->buffer;
  const ptrdiff_t cs = collector->column_stride;
  ptrdiff_t *counts = collector->counts;
  for (ptrdiff_t i = 0; i < packed; i++) {
    const ptrdiff_t q = packed_columns[i];
    buffer[q * cs + counts[q]] = packed_values[i];
    counts[q] += 1;
  }
}

/* The outputs of row t once its top m is known, as best_response_avx2_row_outputs (the same values,
 * entries and order), without a branch per column: the short-list columns (r > bound) are packed
 * straight into the row's list (the list has 8 entries of slack past its capacity; packing stops
 * once the list is over capacity), and the column candidates (s − α > lower) are packed into
 * `packed_values`/`packed_columns` (E + 8 entries) before they are appended to their columns. */
__attribute__((target("avx2,popcnt"))) static inline float avx2_row_outputs_packed(
  const float *row, const float *beta, ptrdiff_t t, ptrdiff_t E, ptrdiff_t k, const float *values,
  const int32_t *indices, int32_t *ids, int32_t *load, float *alpha, float *outside, double *top_sums,
  float *slot_values, float *slot_scores, const nash_rk_collector *collector, nash_rk_shortlist *shortlist,
  float min_kth,
  float *packed_values, int32_t *packed_columns)
{
  const float a = rk_emit_row(
    row, indices, indices, beta, t, E, k, values, ids, load, alpha, outside, top_sums, slot_values, slot_scores,
    &min_kth);
  if (k >= E || (!shortlist && !collector)) return min_kth;
  const ptrdiff_t vector_end = E & ~(ptrdiff_t)7;
  const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  const float bound = shortlist ? values[k] - shortlist->width : 0.0f;
  const ptrdiff_t capacity = shortlist ? shortlist->capacity : 0;
  int32_t *listed = shortlist ? shortlist->indices + t * shortlist->stride : NULL;
  float *listed_scores = shortlist ? shortlist->scores + t * shortlist->stride : NULL;
  const float *lower = collector ? collector->lower : NULL;
  const __m256 bound8 = _mm256_set1_ps(bound), a8 = _mm256_set1_ps(a);
  ptrdiff_t listed_count = 0, packed = 0;
  ptrdiff_t c = 0;
  for (; c < vector_end; c += 8) {
    const __m256 s = _mm256_loadu_ps(row + c);
    const __m256i columns = _mm256_add_epi32(lanes, _mm256_set1_epi32((int)c));
    if (shortlist) {
      const __m256 r = _mm256_sub_ps(s, _mm256_loadu_ps(beta + c));
      const unsigned mask = (unsigned)_mm256_movemask_ps(_mm256_cmp_ps(r, bound8, _CMP_GT_OQ));
      if (listed_count < capacity) {
        const __m256i order = _mm256_loadu_si256((const __m256i *)pack_table[mask]);
        _mm256_storeu_ps(listed_scores + listed_count, _mm256_permutevar8x32_ps(s, order));
        _mm256_storeu_si256((__m256i *)(listed + listed_count), _mm256_permutevar8x32_epi32(columns, order));
      }
      listed_count += __builtin_popcount(mask);
    }
    if (collector) {
      const __m256 v = _mm256_sub_ps(s, a8);
      const unsigned mask = (unsigned)_mm256_movemask_ps(_mm256_cmp_ps(v, _mm256_loadu_ps(lower + c), _CMP_GT_OQ));
      const __m256i order = _mm256_loadu_si256((const __m256i *)pack_table[mask]);
      _mm256_storeu_ps(packed_values + packed, _mm256_permutevar8x32_ps(v, order));
      _mm256_storeu_si256((__m256i *)(packed_columns + packed), _mm256_permutevar8x32_epi32(columns, order));
      packed += __builtin_popcount(mask);
    }
  }
  for (; c < E; c++) {
    if (shortlist && row[c] - beta[c] > bound) {
      if (listed_count < capacity) {
        listed[listed_count] = (int32_t)c;
        listed_scores[listed_count] = row[c];
      }
      listed_count++;
    }
    if (collector) {
      const float v = row[c] - a;
      if (v > lower[c]) {
        packed_values[packed] = v;
        packed_columns[packed] = (int32_t)c;
        packed++;
      }
    }
  }
  if (shortlist) {
    shortlist->counts[t] = listed_count <= capacity ? (int32_t)listed_count : -1;
    shortlist->bounds[t] = bound;
  }
  if (collector) append_candidates(collector, packed_values, packed_columns, packed);
  return min_kth;
}

__attribute__((target("avx2,popcnt"))) static inline float avx2_mth_largest(__m256 a, __m256 b, int groups,
ptrdiff_t m) {
  float g[16];
  _mm256_storeu_ps(g, a);
  _mm256_storeu_ps(g + 8, b);
  float theta = -INFINITY;
  for (int i = 0; i < groups; i++) {
    const __m256 x = _mm256_set1_ps(g[i]);
    unsigned ge = (unsigned)_mm256_movemask_ps(_mm256_cmp_ps(a, x, _CMP_GE_OQ));
    if (groups > 8) ge |= (unsigned)_mm256_movemask_ps(_mm256_cmp_ps(b, x, _CMP_GE_OQ)) << 8;
    const float candidate = __builtin_popcount(ge) >= m ? g[i] : -INFINITY;
    theta = candidate > theta ? candidate : theta;
  }
  return theta;
}

__attribute__((target("avx2,popcnt"))) static float best_response_avx2_small(
  const float *scores, ptrdiff_t stride, ptrdiff_t E, ptrdiff_t k, const float *beta,
  ptrdiff_t row_begin, ptrdiff_t row_end, int32_t *ids, int32_t *load, float *alpha, float *outside,
  double *top_sums, float *slot_values, float *slot_scores, const nash_rk_collector *collector,
  nash_rk_shortlist *shortlist,
  float *values, int32_t *indices, ptrdiff_t *first_nonfinite, float *candidate_values, int32_t *candidate_indices)
{
  const ptrdiff_t m = k + 1 < E ? k + 1 : E;
  const int groups = m <= 8 ? 8 : 16;
  float min_kth = INFINITY;
  const ptrdiff_t chunks = E / 8, vector_end = 8 * chunks;
  const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  for (ptrdiff_t t = row_begin; t < row_end; t++) {
    const float *row = scores + t * stride;
    ptrdiff_t n = 0;
    /* A few rows ahead: the scores (the hardware prefetcher stops at page boundaries) and the short
     * list's entries, which are written. */
    if (t + 4 < row_end) {
      const char *ahead = (const char *)(row + 4 * stride);
      for (ptrdiff_t b = 0; b < E * (ptrdiff_t)sizeof(float); b += 64) __builtin_prefetch(ahead + b);
      if (shortlist) {
        const char *li = (const char *)(shortlist->indices + (t + 4) * shortlist->stride);
        const char *ls = (const char *)(shortlist->scores + (t + 4) * shortlist->stride);
        for (ptrdiff_t b = 0; b < shortlist->stride * 4; b += 64) {
          __builtin_prefetch(li + b, 1);
          __builtin_prefetch(ls + b, 1);
        }
      }
    }
    if (E <= 16) {
      /* Few columns: every one is a candidate. */
      if (first_nonfinite && !rk_row_is_finite(row, 0, E)) {
        *first_nonfinite = t;
        return min_kth;
      }
      for (ptrdiff_t j = 0; j < E; j++) {
        candidate_values[j] = row[j] - beta[j];
        candidate_indices[j] = (int32_t)j;
      }
      n = E;
    } else {
      /* 1–2. Group maxima and θ (and, when asked, the finiteness probe Σ s·0, NaN for a NaN or ±inf). */
      const __m256 zero = _mm256_setzero_ps();
      __m256 s0 = _mm256_loadu_ps(row), s1 = _mm256_loadu_ps(row + 8);
      __m256 probe = _mm256_add_ps(_mm256_mul_ps(s0, zero), _mm256_mul_ps(s1, zero));
      __m256 a = _mm256_sub_ps(s0, _mm256_loadu_ps(beta));
      __m256 b = _mm256_sub_ps(s1, _mm256_loadu_ps(beta + 8));
      if (groups == 8) a = _mm256_max_ps(a, b);
      ptrdiff_t c = 2;
      for (; c + 1 < chunks; c += 2) {
        s0 = _mm256_loadu_ps(row + 8 * c);
        s1 = _mm256_loadu_ps(row + 8 * c + 8);
        probe = _mm256_add_ps(probe, _mm256_add_ps(_mm256_mul_ps(s0, zero), _mm256_mul_ps(s1, zero)));
        a = _mm256_max_ps(a, _mm256_sub_ps(s0, _mm256_loadu_ps(beta + 8 * c)));
        const __m256 r = _mm256_sub_ps(s1, _mm256_loadu_ps(beta + 8 * c + 8));
        if (groups == 8) a = _mm256_max_ps(a, r); else b = _mm256_max_ps(b, r);
      }
      if (c < chunks) {
        s0 = _mm256_loadu_ps(row + 8 * c);
        probe = _mm256_add_ps(probe, _mm256_mul_ps(s0, zero));
        a = _mm256_max_ps(a, _mm256_sub_ps(s0, _mm256_loadu_ps(beta + 8 * c)));
      }
      if (first_nonfinite
          && (_mm256_movemask_ps(_mm256_cmp_ps(probe, zero, _CMP_NEQ_UQ)) || !rk_row_is_finite(row, vector_end, E))) {
        *first_nonfinite = t;
        return min_kth;
      }
      const float theta = avx2_mth_largest(a, b, groups, m);
      /* 3. Pack the candidates r ≥ θ in index order. */
      const __m256 th = _mm256_set1_ps(theta);
      for (ptrdiff_t j = 0; j < vector_end; j += 8) {
        const __m256 r = _mm256_sub_ps(_mm256_loadu_ps(row + j), _mm256_loadu_ps(beta + j));
        const unsigned mask = (unsigned)_mm256_movemask_ps(_mm256_cmp_ps(r, th, _CMP_GE_OQ));
        const __m256i order = _mm256_loadu_si256((const __m256i *)pack_table[mask]);
        _mm256_storeu_ps(candidate_values + n, _mm256_permutevar8x32_ps(r, order));
        _mm256_storeu_si256((__m256i *)(candidate_indices + n),
                            _mm256_permutevar8x32_epi32(_mm256_add_epi32(lanes, _mm256_set1_epi32((int)j)), order));
        n += __builtin_popcount(mask);
      }
      for (ptrdiff_t j = vector_end; j < E; j++) {
        const float v = row[j] - beta[j];
        if (v >= theta) {
          candidate_values[n] = v;
          candidate_indices[n] = (int32_t)j;
          n++;
        }
      }
    }
    /* 4. The top m of the candidates. */
    if (n <= 16) {
      for (ptrdiff_t q = n; q < 16; q++) candidate_values[q] = -INFINITY;
      const __m256 v0 = _mm256_loadu_ps(candidate_values), v1 = _mm256_loadu_ps(candidate_values + 8);
      for (ptrdiff_t i = 0; i < n; i++) {
        const __m256 x = _mm256_set1_ps(candidate_values[i]);
        const unsigned gt = (unsigned)_mm256_movemask_ps(_mm256_cmp_ps(v0, x, _CMP_GT_OQ))
          | ((unsigned)_mm256_movemask_ps(_mm256_cmp_ps(v1, x, _CMP_GT_OQ)) << 8);
        const unsigned eq = (unsigned)_mm256_movemask_ps(_mm256_cmp_ps(v0, x, _CMP_EQ_OQ))
          | ((unsigned)_mm256_movemask_ps(_mm256_cmp_ps(v1, x, _CMP_EQ_OQ)) << 8);
        const int rank = __builtin_popcount(gt) + __builtin_popcount(eq & ((1u << i) - 1));
        const ptrdiff_t slot = rank < m ? rank : m; /* values[m] is a dummy slot */
        values[slot] = candidate_values[i];
        indices[slot] = candidate_indices[i];
      }
    } else {
      rk_insert_top(candidate_values, candidate_indices, n, m, values, indices);
    }
    /* Outputs and column candidates, as the portable kernel (the candidate buffers are free now). */
    min_kth = avx2_row_outputs_packed(
      row, beta, t, E, k, values, indices, ids, load, alpha, outside, top_sums, slot_values, slot_scores, collector,
      shortlist,
      min_kth, candidate_values, candidate_indices);
  }
  return min_kth;
}

/* The top m of r[0..<n] (n ≥ m; r padded with −inf to a multiple of 8) by rank: each entry's rank is
 * how many beat it (larger, or equal at a lower position), counted eight at a time; the entries of rank
 * < m go to their slots. Branch-free per comparison, unlike a sorted insertion. */
__attribute__((target("avx2,popcnt"))) static void top_by_rank_avx2(
  const float *r, ptrdiff_t n, ptrdiff_t m, float *top, int32_t *positions)
{
  if (n <= 32) {
    /* Up to four chunks held in registers; one 32-bit mask per comparison (lanes ≥ n masked off: r may
     * hold anything past its padding), no branch per entry (top[m] is a dummy slot). */
    const __m256 v0 = _mm256_loadu_ps(r), v1 = _mm256_loadu_ps(r + 8);
    const __m256 v2 = n > 16 ? _mm256_loadu_ps(r + 16) : _mm256_set1_ps(-INFINITY);
    const __m256 v3 = n > 24 ? _mm256_loadu_ps(r + 24) : _mm256_set1_ps(-INFINITY);
    const uint32_t valid = n == 32 ? 0xffffffffu : (1u << n) - 1;
    for (ptrdiff_t i = 0; i < n; i++) {
      const __m256 x = _mm256_set1_ps(r[i]);
      const uint32_t gt = (uint32_t)_mm256_movemask_ps(_mm256_cmp_ps(v0, x, _CMP_GT_OQ))
        | (uint32_t)_mm256_movemask_ps(_mm256_cmp_ps(v1, x, _CMP_GT_OQ)) << 8
        | (uint32_t)_mm256_movemask_ps(_mm256_cmp_ps(v2, x, _CMP_GT_OQ)) << 16
        | (uint32_t)_mm256_movemask_ps(_mm256_cmp_ps(v3, x, _CMP_GT_OQ)) << 24;
      const uint32_t eq = (uint32_t)_mm256_movemask_ps(_mm256_cmp_ps(v0, x, _CMP_EQ_OQ))
        | (uint32_t)_mm256_movemask_ps(_mm256_cmp_ps(v1, x, _CMP_EQ_OQ)) << 8
        | (uint32_t)_mm256_movemask_ps(_mm256_cmp_ps(v2, x, _CMP_EQ_OQ)) << 16
        | (uint32_t)_mm256_movemask_ps(_mm256_cmp_ps(v3, x, _CMP_EQ_OQ)) << 24;
      const int rank = __builtin_popcount(gt & valid) + __builtin_popcount(eq & ((1u << i) - 1));
      const ptrdiff_t slot = rank < m ? rank : m;
      top[slot] = r[i];
      positions[slot] = (int32_t)i;
    }
    return;
  }
  const ptrdiff_t chunks = (n + 7) / 8;
  for (ptrdiff_t i = 0; i < n; i++) {
    const __m256 x = _mm256_set1_ps(r[i]);
    int rank = 0;
    for (ptrdiff_t c = 0; c < chunks; c++) {
      const __m256 v = _mm256_loadu_ps(r + 8 * c);
      const unsigned gt = (unsigned)_mm256_movemask_ps(_mm256_cmp_ps(v, x, _CMP_GT_OQ));
      const unsigned eq = (unsigned)_mm256_movemask_ps(_mm256_cmp_ps(v, x, _CMP_EQ_OQ));
      const ptrdiff_t before = i - 8 * c;
      const unsigned earlier = before >= 8 ? 0xffu : before <= 0 ? 0u : (1u << before) - 1;
      rank += __builtin_popcount(gt) + __builtin_popcount(eq & earlier);
    }
    if (rank < m) {
      top[rank] = r[i];
      positions[rank] = (int32_t)i;
    }
  }
}

/* Order statistics of a column's candidates for the block-coordinate step (nash_rk_column_statistics):
 * quickselect (Hoare, "Algorithm 65: Find", CACM 4(7), 1961) with three-way partitions written out of
 * place, eight values at a time (the pack table packs each side), the first partition around the
 * caller's guess (the column's old price), so the later rounds see only the side that holds the answer. */
/* src[0..<n] → above (> p), below (< p) packed in order; returns the counts; *equal gets the rest. Every
 * output array has 8 entries of slack. src is read in whole chunks: its tail past n must be readable. */
__attribute__((target("avx2,popcnt"))) static void partition3(
  const float *src, ptrdiff_t n, float p, float *above, ptrdiff_t *n_above, float *below, ptrdiff_t *n_below)
{
  const __m256 p8 = _mm256_set1_ps(p);
  const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  ptrdiff_t a = 0, b = 0;
  for (ptrdiff_t i = 0; i < n; i += 8) {
    const ptrdiff_t left = n - i < 8 ? n - i : 8;
    const unsigned valid = (unsigned)_mm256_movemask_ps(
      _mm256_castsi256_ps(_mm256_cmpgt_epi32(_mm256_set1_epi32((int)left), lanes)));
    const __m256 v = _mm256_loadu_ps(src + i);
    const unsigned gt = (unsigned)_mm256_movemask_ps(_mm256_cmp_ps(v, p8, _CMP_GT_OQ)) & valid;
    const unsigned lt = (unsigned)_mm256_movemask_ps(_mm256_cmp_ps(v, p8, _CMP_LT_OQ)) & valid;
    _mm256_storeu_ps(above + a, _mm256_permutevar8x32_ps(v, _mm256_loadu_si256((const __m256i *)pack_table[gt])));
    _mm256_storeu_ps(below + b, _mm256_permutevar8x32_ps(v, _mm256_loadu_si256((const __m256i *)pack_table[lt])));
    a += __builtin_popcount(gt);
    b += __builtin_popcount(lt);
  }
  *n_above = a;
  *n_below = b;
}

static inline float median3(float x, float y, float z) {
  if (x > y) { const float t = x; x = y; y = t; }
  if (y > z) y = z;
  return x > y ? x : y;
}

/* The value `rank` places down in descending order of v[0..<n] (no NaN), using the two other arrays
 * of `scratch` (each n + 8) as outputs; v may be one of them. 0 when it gives up (too many rounds). */
__attribute__((target("avx2,popcnt"))) static int select_rank(
  float *v, ptrdiff_t n, ptrdiff_t rank, float *buffers[3], int current, float *result)
{
  for (int round = 0; round < 64; round++) {
    if (n <= 16) {
      /* Insertion sort, descending. */
      float s[16];
      for (ptrdiff_t i = 0; i < n; i++) {
        const float x = v[i];
        ptrdiff_t q = i;
        while (q > 0 && x > s[q - 1]) {
          s[q] = s[q - 1];
          q--;
        }
        s[q] = x;
      }
      *result = s[rank];
      return 1;
    }
    const float p = median3(v[0], v[n / 2], v[n - 1]);
    float *above = buffers[(current + 1) % 3], *below = buffers[(current + 2) % 3];
    ptrdiff_t na, nb;
    partition3(v, n, p, above, &na, below, &nb);
    if (rank < na) {
      v = above;
      n = na;
      current = (current + 1) % 3;
    } else if (rank < n - nb) {
      *result = p;
      return 1;
    } else {
      rank -= n - nb;
      v = below;
      n = nb;
      current = (current + 2) % 3;
    }
  }
  return 0;
}

__attribute__((target("avx2,popcnt"))) static int column_statistics_avx2(
  const float *values, ptrdiff_t n, ptrdiff_t c, float hint, float *scratch, float *cth, float *next)
{
  float *buffers[3] = {scratch, scratch + (n + 8), scratch + 2 * (n + 8)};
  /* NaN check and the first partition around the hint (values ≤ hint below, equal ones included). */
  const __m256 h8 = _mm256_set1_ps(hint);
  const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  ptrdiff_t a = 0, b = 0;
  unsigned unordered = 0;
  for (ptrdiff_t i = 0; i < n; i += 8) {
    const ptrdiff_t left = n - i < 8 ? n - i : 8;
    const unsigned valid = (unsigned)_mm256_movemask_ps(
      _mm256_castsi256_ps(_mm256_cmpgt_epi32(_mm256_set1_epi32((int)left), lanes)));
    /* The column may end at its buffer's end: load the tail lane by lane. */
    __m256 v;
    if (left == 8) {
      v = _mm256_loadu_ps(values + i);
    } else {
      float tail[8] = {0, 0, 0, 0, 0, 0, 0, 0};
      for (ptrdiff_t l = 0; l < left; l++) tail[l] = values[i + l];
      v = _mm256_loadu_ps(tail);
    }
    unordered |= (unsigned)_mm256_movemask_ps(_mm256_cmp_ps(v, v, _CMP_UNORD_Q)) & valid;
    const unsigned gt = (unsigned)_mm256_movemask_ps(_mm256_cmp_ps(v, h8, _CMP_GT_OQ)) & valid;
    const unsigned le = ~gt & valid;
    _mm256_storeu_ps(buffers[1] + a, _mm256_permutevar8x32_ps(v, _mm256_loadu_si256((const __m256i *)pack_table[gt])));
    _mm256_storeu_ps(buffers[2] + b, _mm256_permutevar8x32_ps(v, _mm256_loadu_si256((const __m256i *)pack_table[le])));
    a += __builtin_popcount(gt);
    b += __builtin_popcount(le);
  }
  if (unordered) return 0;
  /* The (c+1)-th largest (rank c, 0-based) is in the side above the hint when c < a. */
  float value;
  const int found = c < a ? select_rank(buffers[1], a, c, buffers, 1, &value)
                          : select_rank(buffers[2], b, c - a, buffers, 2, &value);
  if (!found) return 0;
  /* The c-th largest: the smallest value above the (c+1)-th when exactly c are above it, else equal. */
  const __m256 value8 = _mm256_set1_ps(value);
  __m256 least = _mm256_set1_ps(INFINITY);
  ptrdiff_t greater = 0, i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256 x = _mm256_loadu_ps(values + i);
    const __m256 gt = _mm256_cmp_ps(x, value8, _CMP_GT_OQ);
    greater += __builtin_popcount((unsigned)_mm256_movemask_ps(gt));
    least = _mm256_min_ps(least, _mm256_blendv_ps(_mm256_set1_ps(INFINITY), x, gt));
  }
  float lanes_least[8];
  _mm256_storeu_ps(lanes_least, least);
  float smallest = INFINITY;
  for (int l = 0; l < 8; l++) smallest = lanes_least[l] < smallest ? lanes_least[l] : smallest;
  for (; i < n; i++) {
    const float x = values[i];
    if (x > value) {
      greater++;
      if (x < smallest) smallest = x;
    }
  }
  const float c_th = greater == c ? smallest : value;
  if (value == 0 || c_th == 0) return 0; /* −0 or +0: left to the caller's selection */
  *cth = c_th;
  *next = value;
  return 1;
}

/* AVX2 needs the CPU flag and the OS saving the YMM state (OSXSAVE and XCR0 bits 1–2). */
static int detect(void) {
  unsigned eax, ebx, ecx, edx;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 1;
  if (!(ecx & bit_OSXSAVE) || !(ecx & bit_AVX)) return 1;
  unsigned xcr0_lo, xcr0_hi;
  __asm__ volatile("xgetbv" : "=a"(xcr0_lo), "=d"(xcr0_hi) : "c"(0));
  if ((xcr0_lo & 6) != 6) return 1;
  if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 1;
  return (ebx & bit_AVX2) ? 2 : 1;
}

static int instruction_set = 0;
static pthread_once_t instruction_set_once = PTHREAD_ONCE_INIT;

static void initialize(void) {
  instruction_set = detect();
  if (instruction_set == 2) fill_pack_table();
}

int nash_rk_instruction_set(void) {
  pthread_once(&instruction_set_once, initialize);
  return instruction_set;
}

float nash_rk_best_response(
  const float *scores, ptrdiff_t stride, ptrdiff_t experts, ptrdiff_t k, const float *prices,
  ptrdiff_t row_begin, ptrdiff_t row_end, int32_t *ids, int32_t *load, float *alpha, float *outside,
  double *top_sums, float *slot_values, float *slot_scores, const nash_rk_collector *collector,
  nash_rk_shortlist *shortlist,
  float *values, int32_t *indices, ptrdiff_t *first_nonfinite)
{
  if (nash_rk_instruction_set() == 2) {
    const ptrdiff_t m = k + 1 < experts ? k + 1 : experts;
    if (m <= 16) {
      return best_response_avx2_small(
        scores, stride, experts, k, prices, row_begin, row_end, ids, load, alpha, outside, top_sums, slot_values,
        slot_scores,
        collector, shortlist, values, indices, first_nonfinite, values + 32, indices + 32);
    }
    return best_response_avx2(scores, stride, experts, k, prices, row_begin, row_end, ids, load, alpha, outside,
                              top_sums, slot_values, slot_scores, collector, shortlist, values, indices,
                              first_nonfinite);
  }
  return best_response_sse2(scores, stride, experts, k, prices, row_begin, row_end, ids, load, alpha, outside,
                            top_sums, slot_values, slot_scores, collector, shortlist, values, indices, first_nonfinite);
}

#else
/* Other architectures: the same kernel with scalar masks. */
static inline unsigned scalar_mask8(const float *s, const float *b, float threshold) {
  unsigned mask = 0;
  for (int l = 0; l < 8; l++) mask |= (unsigned)(s[l] - b[l] > threshold) << l;
  return mask;
}
static inline unsigned scalar_mask8_shift(const float *s, float a, const float *lower) {
  unsigned mask = 0;
  for (int l = 0; l < 8; l++) mask |= (unsigned)(s[l] - a > lower[l]) << l;
  return mask;
}
#define RK_NAME best_response_scalar
#define RK_TARGET
#define RK_MASK8 scalar_mask8
#define RK_MASK8_SHIFT scalar_mask8_shift
#include "BestResponseKernel.h"

int nash_rk_instruction_set(void) { return 0; }

float nash_rk_best_response(
  const float *scores, ptrdiff_t stride, ptrdiff_t experts, ptrdiff_t k, const float *prices,
  ptrdiff_t row_begin, ptrdiff_t row_end, int32_t *ids, int32_t *load, float *alpha, float *outside,
  double *top_sums, float *slot_values, float *slot_scores, const nash_rk_collector *collector,
  nash_rk_shortlist *shortlist,
  float *values, int32_t *indices, ptrdiff_t *first_nonfinite)
{
  return best_response_scalar(scores, stride, experts, k, prices, row_begin, row_end, ids, load, alpha, outside,
                              top_sums, slot_values, slot_scores, collector, shortlist, values, indices,
                              first_nonfinite);
}
#endif

#if defined(__x86_64__) || defined(__i386__)
/* Lanes i < n of the chunk starting at `from` (n − from may exceed 8). */
__attribute__((target("avx2"))) static inline __m256i avx2_lanes_below(ptrdiff_t from, ptrdiff_t n) {
  const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  const ptrdiff_t left = n - from > 8 ? 8 : n - from;
  return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)left), lanes);
}

/* reduced[i] = listed_scores[i] − β[listed[i]] for i < n, −inf for n ≤ i < n + 8 rounded up to a chunk:
 * the prices gathered eight at a time (lanes past n load nothing; the list rows have 8 entries of
 * slack, so reading their entries is in bounds). The same subtraction as the scalar loop. */
__attribute__((target("avx2"))) static void avx2_list_reduced(
  const float *listed_scores, const int32_t *listed, const float *beta, ptrdiff_t n, float *reduced)
{
  const __m256 minus_inf = _mm256_set1_ps(-INFINITY);
  ptrdiff_t i = 0;
  for (; i < n; i += 8) {
    const __m256i valid = avx2_lanes_below(i, n);
    const __m256i columns = _mm256_loadu_si256((const __m256i *)(listed + i));
    const __m256 prices = _mm256_mask_i32gather_ps(minus_inf, beta, columns, _mm256_castsi256_ps(valid), 4);
    const __m256 r = _mm256_sub_ps(_mm256_loadu_ps(listed_scores + i), prices);
    _mm256_storeu_ps(reduced + i, _mm256_blendv_ps(minus_inf, r, _mm256_castsi256_ps(valid)));
  }
  _mm256_storeu_ps(reduced + i, minus_inf);
}

/* The listed column candidates s − α > lower[q] of a row, in list (index) order, packed with the
 * prices' gather and the pack table, then appended to their columns. */
__attribute__((target("avx2,popcnt"))) static void avx2_list_candidates(
  const float *listed_scores, const int32_t *listed, ptrdiff_t n, float a, const nash_rk_collector *collector,
  float *packed_values, int32_t *packed_columns)
{
  const __m256 a8 = _mm256_set1_ps(a);
  ptrdiff_t packed = 0;
  for (ptrdiff_t i = 0; i < n; i += 8) {
    const __m256i valid = avx2_lanes_below(i, n);
    const __m256i columns = _mm256_loadu_si256((const __m256i *)(listed + i));
    const __m256 lower = _mm256_mask_i32gather_ps(
      _mm256_set1_ps(INFINITY), collector->lower, columns, _mm256_castsi256_ps(valid), 4);
    const __m256 v = _mm256_sub_ps(_mm256_loadu_ps(listed_scores + i), a8);
    const unsigned mask = (unsigned)_mm256_movemask_ps(
      _mm256_and_ps(_mm256_cmp_ps(v, lower, _CMP_GT_OQ), _mm256_castsi256_ps(valid)));
    const __m256i order = _mm256_loadu_si256((const __m256i *)pack_table[mask]);
    _mm256_storeu_ps(packed_values + packed, _mm256_permutevar8x32_ps(v, order));
    _mm256_storeu_si256((__m256i *)(packed_columns + packed), _mm256_permutevar8x32_epi32(columns, order));
    packed += __builtin_popcount(mask);
  }
  append_candidates(collector, packed_values, packed_columns, packed);
}
#endif

/* The top m of r[0..<n] (n ≥ m, r padded with −inf to a multiple of 8), descending, ties to the lower
 * position: by rank with AVX2, else by the portable kernel's strict sorted insertion. */
static void top_of_list(const float *r, ptrdiff_t n, ptrdiff_t m, float *top, int32_t *positions) {
#if defined(__x86_64__) || defined(__i386__)
  if (nash_rk_instruction_set() == 2) {
    top_by_rank_avx2(r, n, m, top, positions);
    return;
  }
#endif
  rk_insert_top(r, NULL, n, m, top, positions);
}

/* The short-list pass (see NashRoutingKernels.h). Unlisted column j had fl(s_j − β⁰_j) ≤ bound, so its
 * value now is at most bound − Δ_j ≤ bound − delta_min, up to rounding: a few float ulps of the
 * magnitudes involved, covered by a margin 16× larger. The listed columns are in index order and go
 * through the same strict sorted insertion as the full kernel, so ties keep the lower index. */
float nash_rk_best_response_shortlist(
  const float *scores, ptrdiff_t stride, ptrdiff_t E, ptrdiff_t k, const float *beta,
  ptrdiff_t row_begin, ptrdiff_t row_end, int32_t *ids, int32_t *load, float *alpha, float *outside,
  double *top_sums, float *slot_values, float *slot_scores, const nash_rk_collector *collector,
  const nash_rk_shortlist *shortlist,
  float *values, int32_t *indices, ptrdiff_t *fallbacks)
{
  const ptrdiff_t m = k + 1;
  float min_kth = INFINITY;
  float top[17];
  int32_t positions[17], columns[16];
  /* The listed reduced scores, padded with −inf to a multiple of 8 (capacity ≤ E, so they fit), and
   * (AVX2) the packed column candidates of a row. */
  float *reduced = values;
#if defined(__x86_64__) || defined(__i386__)
  const int avx2 = nash_rk_instruction_set() == 2;
  float *packed_values = values + 32;
  int32_t *packed_columns = indices + 32;
#endif
  for (ptrdiff_t t = row_begin; t < row_end; t++) {
    const ptrdiff_t n = shortlist->counts[t];
    const int32_t *listed = shortlist->indices + t * shortlist->stride;
    const float *listed_scores = shortlist->scores + t * shortlist->stride;
    int usable = n >= m;
    if (usable) {
#if defined(__x86_64__) || defined(__i386__)
      if (avx2) {
        avx2_list_reduced(listed_scores, listed, beta, n, reduced);
      } else
#endif
      {
        for (ptrdiff_t i = 0; i < n; i++) reduced[i] = listed_scores[i] - beta[listed[i]];
        for (ptrdiff_t i = n; i < n + 8; i++) reduced[i] = -INFINITY;
      }
      top_of_list(reduced, n, m, top, positions);
      const float unlisted = shortlist->bounds[t] - shortlist->delta_min;
      const float scale = fabsf(shortlist->bounds[t]) + fabsf(shortlist->delta_min) + shortlist->magnitude;
      usable = top[m - 1] > unlisted + (0x1p-20f * scale + FLT_MIN);
      if (usable && collector) {
        const float a = 0.5f * (top[k - 1] + top[k]);
        usable = a + shortlist->offset_min >= unlisted + (0x1p-19f * (scale + fabsf(a)) + FLT_MIN);
      }
    }
    if (!usable) {
      const float v = nash_rk_best_response(
        scores, stride, E, k, beta, t, t + 1, ids, load, alpha, outside, top_sums, slot_values, slot_scores,
        collector, NULL,
        values, indices, NULL);
      if (v < min_kth) min_kth = v;
      *fallbacks += 1;
      continue;
    }
    for (ptrdiff_t q = 0; q < k; q++) columns[q] = listed[positions[q]];
    const float a = rk_emit_row(
      listed_scores, positions, columns, beta, t, E, k, top, ids, load, alpha, outside, top_sums, slot_values,
      slot_scores,
      &min_kth);
#if defined(__x86_64__) || defined(__i386__)
    if (collector && avx2) {
      avx2_list_candidates(listed_scores, listed, n, a, collector, packed_values, packed_columns);
    } else
#endif
    if (collector) {
      const float *lower = collector->lower;
      float *buffer = collector->buffer;
      const ptrdiff_t cs = collector->column_stride;
      ptrdiff_t *counts = collector->counts;
      for (ptrdiff_t i = 0; i < n; i++) {
        const ptrdiff_t q = listed[i];
        const float v = listed_scores[i] - a;
        if (v > lower[q]) {
          buffer[q * cs + counts[q]] = v;
          counts[q] += 1;
        }
      }
    }
  }
  return min_kth;
}

/* Large scratch buffers on 2 MiB pages where the OS offers them (Linux transparent huge pages in
 * "madvise" mode): the column-candidate buffer is written at E scattered places per row, and with 4 KiB
 * pages each of those places is a TLB miss. */
#if defined(__linux__)
#include <stdlib.h>
#include <sys/mman.h>
void *nash_rk_allocate(size_t bytes) {
  const size_t huge = (size_t)2 << 20;
  if (bytes < 2 * huge) return malloc(bytes ? bytes : 1);
  void *p = NULL;
  const size_t rounded = (bytes + huge - 1) & ~(huge - 1);
  if (posix_memalign(&p, huge, rounded) != 0) return NULL;
  (void)madvise(p, rounded, MADV_HUGEPAGE);
  return p;
}
#else
#include <stdlib.h>
void *nash_rk_allocate(size_t bytes) { return malloc(bytes ? bytes : 1); }
#endif
void nash_rk_deallocate(void *p) { free(p); }

int nash_rk_column_statistics(
  const float *values, ptrdiff_t n, ptrdiff_t c, float hint, float *scratch, float *cth, float *next)
{
#if defined(__x86_64__) || defined(__i386__)
  if (c < 1 || c >= n || nash_rk_instruction_set() != 2) return 0;
  return column_statistics_avx2(values, n, c, hint, scratch, cth, next);
#else
  (void)values; (void)n; (void)c; (void)hint; (void)scratch; (void)cth; (void)next;
  return 0;
#endif
}
