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
#endif

/* The outputs of row t once its sorted top m (values, indices) is known: ids, load, Σ top-k (s − β),
 * α_t (midpoint of the k-th and (k+1)-th values), the (k+1)-th value, and the column candidates
 * s_tj − α_t > lower_j. Returns min(min_kth, k-th value). Shared by the kernel below and the AVX2
 * packed-candidate kernel of BestResponse.c. */
RK_TARGET static inline __attribute__((always_inline)) float RK_CAT(RK_NAME, _row_outputs)(
  const float *row, const float *beta, ptrdiff_t t, ptrdiff_t E, ptrdiff_t k, const float *values,
  const int32_t *indices, int32_t *ids, int32_t *load, float *alpha, float *outside, double *top_sums,
  const nash_rk_collector *collector, float min_kth)
{
  const ptrdiff_t vector_end = E & ~(ptrdiff_t)7;
  int32_t *out = ids + t * k;
  double sum = 0;
  for (ptrdiff_t q = 0; q < k; q++) {
    const int32_t e = indices[q];
    out[q] = e;
    load[e] += 1;
    sum += (double)row[e] - (double)beta[e];
  }
  if (top_sums) top_sums[t] = sum;
  if (values[k - 1] < min_kth) min_kth = values[k - 1];
  const float a = k < E ? 0.5f * (values[k - 1] + values[k]) : -INFINITY;
  if (alpha) alpha[t] = a;
  if (outside) outside[t] = k < E ? values[k] : 0.0f;
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
  double *top_sums, const nash_rk_collector *collector, float *values, int32_t *indices)
{
  const ptrdiff_t m = k + 1 < E ? k + 1 : E;
  float min_kth = INFINITY;
  const ptrdiff_t vector_end = E & ~(ptrdiff_t)7;
  for (ptrdiff_t t = row_begin; t < row_end; t++) {
    const float *row = scores + t * stride;
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
      row, beta, t, E, k, values, indices, ids, load, alpha, outside, top_sums, collector, min_kth);
  }
  return min_kth;
}
