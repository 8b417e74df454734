/* The body of the best-response row kernel, included twice by BestResponse.c: once for the x86-64
 * baseline (SSE2) and once for AVX2, with RK_NAME, RK_TARGET and RK_MASK8 defined by the includer.
 *
 * Per row, a sorted buffer of the m = min(k+1, E) best reduced scores r = s − β; after the first m
 * columns fill it, a column enters only when r is strictly above the buffer's last value (so an equal
 * value never displaces a lower index). Eight columns at a time are compared with that running
 * threshold; only the set bits of the mask, in index order, are inserted. For columns in random order
 * about m·(1 + ln(E/m)) entries are inserted per row. */

#ifndef RK_CAT
#define RK_CAT2(a, b) a##b
#define RK_CAT(a, b) RK_CAT2(a, b)

/* The per-row outputs that depend only on the sorted top m (values, columns): ids, load, Σ top-k (s − β)
 * in double (slot q's score is row_scores[score_positions[q]]), the slots' reduced scores (values) and
 * scores, the
 * (k+1)-th value and min(min_kth,
 * k-th value). Returns α_t, the midpoint of the k-th and (k+1)-th values (−inf when k == E). Shared by
 * the full kernels and the short-list kernel. */
static inline __attribute__((always_inline)) float rk_emit_row(
  const float *row_scores, const int32_t *score_positions, const int32_t *columns, const float *beta,
  ptrdiff_t t, ptrdiff_t E, ptrdiff_t k, const float *values, int32_t *ids, int32_t *load, float *alpha,
  float *outside, double *top_sums, float *slot_values, float *slot_scores, float *min_kth)
{
  int32_t *out = ids + t * k;
  double sum = 0;
  for (ptrdiff_t q = 0; q < k; q++) {
    const int32_t e = columns[q];
    out[q] = e;
    load[e] += 1;
    sum += (double)row_scores[score_positions[q]] - (double)beta[e];
  }
  if (top_sums) top_sums[t] = sum;
  if (slot_values) {
    for (ptrdiff_t q = 0; q < k; q++) slot_values[t * k + q] = values[q];
  }
  if (slot_scores) {
    for (ptrdiff_t q = 0; q < k; q++) slot_scores[t * k + q] = row_scores[score_positions[q]];
  }
  if (values[k - 1] < *min_kth) *min_kth = values[k - 1];
  const float a = k < E ? 0.5f * (values[k - 1] + values[k]) : -INFINITY;
  if (alpha) alpha[t] = a;
  if (outside) outside[t] = k < E ? values[k] : 0.0f;
  return a;
}

/* The top m of v[0..<n] (n ≥ m) by strict sorted insertion into top/labels (descending; an equal value
 * never displaces an earlier one, so ties keep the earlier entry): entry i's label is labels[i], or i
 * when labels is NULL. */
static inline __attribute__((always_inline)) void rk_insert_top(
  const float *v, const int32_t *labels, ptrdiff_t n, ptrdiff_t m, float *top, int32_t *top_labels)
{
  ptrdiff_t filled = 0;
  for (ptrdiff_t i = 0; i < n; i++) {
    const float x = v[i];
    if (filled == m) {
      if (!(x > top[m - 1])) continue;
    } else {
      filled++;
    }
    ptrdiff_t p = filled - 1;
    while (p > 0 && x > top[p - 1]) {
      top[p] = top[p - 1];
      top_labels[p] = top_labels[p - 1];
      p--;
    }
    top[p] = x;
    top_labels[p] = labels ? labels[i] : (int32_t)i;
  }
}

/* Whether s[from..<to] are all finite: Σ s·0 is 0 for finite values and NaN otherwise. */
static inline __attribute__((always_inline)) int rk_row_is_finite(const float *s, ptrdiff_t from, ptrdiff_t to) {
  float probe = 0;
  for (ptrdiff_t j = from; j < to; j++) probe += s[j] * 0.0f;
  return probe == 0;
}
#endif

/* The outputs of row t once its sorted top m (values, indices) is known: rk_emit_row's, the column
 * candidates s_tj − α_t > lower_j, and with `shortlist` the row's short list (the columns with
 * s_tj − β_j > r_t,(k+1) − width). Returns min(min_kth, k-th value). Shared by the kernel below and the AVX2
 * packed-candidate kernel of BestResponse.c. */
RK_TARGET static inline __attribute__((always_inline)) float RK_CAT(RK_NAME, _row_outputs)(
  const float *row, const float *beta, ptrdiff_t t, ptrdiff_t E, ptrdiff_t k, const float *values,
  const int32_t *indices, int32_t *ids, int32_t *load, float *alpha, float *outside, double *top_sums,
  float *slot_values, float *slot_scores, const nash_rk_collector *collector, nash_rk_shortlist *shortlist,
  float min_kth)
{
  const ptrdiff_t vector_end = E & ~(ptrdiff_t)7;
  const float a = rk_emit_row(
    row, indices, indices, beta, t, E, k, values, ids, load, alpha, outside, top_sums, slot_values, slot_scores,
    &min_kth);
  if (shortlist && k < E) {
    const float bound = values[k] - shortlist->width;
    const ptrdiff_t capacity = shortlist->capacity;
    int32_t *listed = shortlist->indices + t * shortlist->stride;
    float *listed_scores = shortlist->scores + t * shortlist->stride;
    ptrdiff_t n = 0;
    ptrdiff_t c = 0;
    for (; c < vector_end; c += 8) {
      unsigned mask = RK_MASK8(row + c, beta + c, bound);
      while (mask) {
        const ptrdiff_t q = c + __builtin_ctz(mask);
        mask &= mask - 1;
        if (n < capacity) {
          listed[n] = (int32_t)q;
          listed_scores[n] = row[q];
        }
        n++;
      }
    }
    for (; c < E; c++) {
      if (row[c] - beta[c] > bound) {
        if (n < capacity) {
          listed[n] = (int32_t)c;
          listed_scores[n] = row[c];
        }
        n++;
      }
    }
    shortlist->counts[t] = n <= capacity ? (int32_t)n : -1;
    shortlist->bounds[t] = bound;
  }
  if (collector && k < E) {
    const float *lower = collector->lower;
    float *buffer = collector->buffer;
    const ptrdiff_t cs = collector->column_stride;
    ptrdiff_t *counts = collector->counts;
    ptrdiff_t c = 0;
    for (; c < vector_end; c += 8) {
      unsigned mask = RK_MASK8_SHIFT(row + c, a, lower + c);
      while (mask) {
        const ptrdiff_t q = c + __builtin_ctz(mask);
        mask &= mask - 1;
        buffer[q * cs + counts[q]] = row[q] - a;
        counts[q] += 1;
      }
    }
    for (; c < E; c++) {
      const float v = row[c] - a;
      if (v > lower[c]) {
        buffer[c * cs + counts[c]] = v;
        counts[c] += 1;
      }
    }
  }
  return min_kth;
}

RK_TARGET static float RK_NAME(
  const float *scores, ptrdiff_t stride, ptrdiff_t E, ptrdiff_t k, const float *beta,
  ptrdiff_t row_begin, ptrdiff_t row_end, int32_t *ids, int32_t *load, float *alpha, float *outside,
  double *top_sums, float *slot_values, float *slot_scores, const nash_rk_collector *collector,
  nash_rk_shortlist *shortlist,
  float *values, int32_t *indices, ptrdiff_t *first_nonfinite)
{
  const ptrdiff_t m = k + 1 < E ? k + 1 : E;
  float min_kth = INFINITY;
  const ptrdiff_t vector_end = E & ~(ptrdiff_t)7;
  for (ptrdiff_t t = row_begin; t < row_end; t++) {
    const float *row = scores + t * stride;
    if (first_nonfinite && !rk_row_is_finite(row, 0, E)) {
      *first_nonfinite = t;
      return min_kth;
    }
    /* 1. Fill the buffer with the first m columns (sorted insertion, stable). */
    for (ptrdiff_t j = 0; j < m; j++) {
      const float v = row[j] - beta[j];
      ptrdiff_t p = j;
      while (p > 0 && v > values[p - 1]) {
        values[p] = values[p - 1];
        indices[p] = indices[p - 1];
        p--;
      }
      values[p] = v;
      indices[p] = (int32_t)j;
    }
    float threshold = values[m - 1];
    /* 2. The remaining columns against the running threshold. */
#define RK_INSERT(J, V)                                                                                  \
    do {                                                                                                 \
      ptrdiff_t p_ = m - 1;                                                                              \
      while (p_ > 0 && (V) > values[p_ - 1]) {                                                           \
        values[p_] = values[p_ - 1];                                                                     \
        indices[p_] = indices[p_ - 1];                                                                   \
        p_--;                                                                                            \
      }                                                                                                  \
      values[p_] = (V);                                                                                  \
      indices[p_] = (int32_t)(J);                                                                        \
      threshold = values[m - 1];                                                                         \
    } while (0)
    ptrdiff_t j = m;
    const ptrdiff_t aligned = (m + 7) & ~(ptrdiff_t)7;
    for (; j < E && j < aligned; j++) {
      const float v = row[j] - beta[j];
      if (v > threshold) RK_INSERT(j, v);
    }
    for (; j < vector_end; j += 8) {
      unsigned mask = RK_MASK8(row + j, beta + j, threshold);
      while (mask) {
        const ptrdiff_t q = j + __builtin_ctz(mask);
        mask &= mask - 1;
        const float v = row[q] - beta[q];
        if (v > threshold) RK_INSERT(q, v);
      }
    }
    for (; j < E; j++) {
      const float v = row[j] - beta[j];
      if (v > threshold) RK_INSERT(j, v);
    }
#undef RK_INSERT
    /* 3–4. Outputs and column candidates. */
    min_kth = RK_CAT(RK_NAME, _row_outputs)(
      row, beta, t, E, k, values, indices, ids, load, alpha, outside, top_sums, slot_values, slot_scores, collector,
      shortlist,
      min_kth);
  }
  return min_kth;
}
