/* The row kernel of NashRouting's best-response pass. Not an ABI: an implementation detail of the
 * NashRouting Swift module (the C ABI of the package is CNashABI's nasheq.h). */
#ifndef NASH_ROUTING_KERNELS_H
#define NASH_ROUTING_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/** Column candidates of the block-coordinate step, collected while a row is in cache. */
typedef struct nash_rk_collector {
  /** `E` thresholds: `s_tj − α_t` is stored when it is strictly greater than `lower[j]`. */
  const float *lower;
  /** Column `j`'s candidates go to `buffer + j * column_stride + counts[j]`, in row order. */
  float *buffer;
  ptrdiff_t column_stride;
  /** `E` counts, incremented per stored candidate (the caller zeroes them). */
  ptrdiff_t *counts;
} nash_rk_collector;

/**
 * Per row `t` in `[row_begin, row_end)`: the top `k` of `s_t· − β` (descending, ties to the lower index)
 * into `ids + t*k`, `load[id] += 1`, and when non-NULL `alpha[t]` (midpoint of the k-th and (k+1)-th
 * largest reduced scores; −inf when k == E), `outside[t]` (the (k+1)-th; 0 when k == E), `top_sums[t]`
 * (Σ of the top k in double) and the column candidates (`s_tj − α_t > lower[j]`, in row order).
 * `values` and `indices` are scratch of `E + 48` entries each. Returns the smallest k-th largest reduced
 * score over the rows (+inf for none). Scores and prices must be finite; `r = s − β` may overflow to ±inf.
 */
float nash_rk_best_response(
  const float *scores, ptrdiff_t stride, ptrdiff_t experts, ptrdiff_t k, const float *prices,
  ptrdiff_t row_begin, ptrdiff_t row_end, int32_t *ids, int32_t *load, float *alpha, float *outside,
  double *top_sums, const nash_rk_collector *collector, float *values, int32_t *indices);

/** Which kernel `nash_rk_best_response` uses on this machine: 2 = AVX2, 1 = SSE2, 0 = portable C. */
int nash_rk_instruction_set(void);

#endif /* NASH_ROUTING_KERNELS_H */
