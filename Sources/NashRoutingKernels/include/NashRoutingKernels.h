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
 * A short list per row of the columns near its top k, so that later passes at nearby prices read a
 * few columns instead of the row. Built by a full pass at prices β⁰ (`nash_rk_best_response` with a
 * non-NULL `shortlist`): row t lists, in index order, every column with `s_tj − β⁰_j > bounds[t] =
 * r_t,(k+1) − width` (the (k+1)-th largest reduced score less the width) (index and score), or gets `counts[t] = −1` when more than `capacity` columns qualify.
 * Used by `nash_rk_best_response_shortlist` at prices β with the fields below the build's.
 */
typedef struct nash_rk_shortlist {
  ptrdiff_t capacity;
  /** Row `t`'s entries start at `t * stride` in `indices` and `scores`; `stride ≥ capacity + 8` (room for
   * an eight-wide store past the last listed entry). */
  ptrdiff_t stride;
  int32_t *counts;
  int32_t *indices;
  float *scores;
  float *bounds;
  /** Build: `bounds[t] = r_t,(k+1) − width`. */
  float width;
  /** Use: `min_j fl(β_j − β⁰_j)`. */
  float delta_min;
  /** Use with a collector: `min_j fl(lower_j − β_j)`. */
  float offset_min;
  /** Use: an upper bound on every `|β⁰_j|`, `|β_j|` and finite `|lower_j|` (for the rounding margins). */
  float magnitude;
} nash_rk_shortlist;

/**
 * Per row `t` in `[row_begin, row_end)`: the top `k` of `s_t· − β` (descending, ties to the lower index)
 * into `ids + t*k`, `load[id] += 1`, and when non-NULL `alpha[t]` (midpoint of the k-th and (k+1)-th
 * largest reduced scores; −inf when k == E), `outside[t]` (the (k+1)-th; 0 when k == E), `top_sums[t]`
 * (Σ of the top k in double), `slot_values[t*k + q]` (slot q's reduced score `s − β`, the same float the
 * selection compared), `slot_scores[t*k + q]` (its score `s`) and the column candidates
 * (`s_tj − α_t > lower[j]`, in row order).
 * `values` and `indices` are scratch of `E + 48` entries each. Returns the smallest k-th largest reduced
 * score over the rows (+inf for none). Prices must be finite; `r = s − β` may overflow to ±inf. Scores
 * must be finite unless `first_nonfinite` is non-NULL: then a row with a NaN or ±inf score stops the
 * pass there (that row and the later ones get no outputs) and `*first_nonfinite` is set to its index.
 */
float nash_rk_best_response(
  const float *scores, ptrdiff_t stride, ptrdiff_t experts, ptrdiff_t k, const float *prices,
  ptrdiff_t row_begin, ptrdiff_t row_end, int32_t *ids, int32_t *load, float *alpha, float *outside,
  double *top_sums, float *slot_values, float *slot_scores, const nash_rk_collector *collector,
  nash_rk_shortlist *shortlist,
  float *values, int32_t *indices, ptrdiff_t *first_nonfinite);

/**
 * The same outputs as `nash_rk_best_response` (bit for bit) for `k + 1 ≤ 16`, `k < E`, from the short
 * lists of `shortlist` at new prices: a row's top k + 1 come from its list when the (k+1)-th listed value
 * is above what any unlisted column can reach (`bounds[t] − delta_min`, with a rounding margin), and its
 * column candidates when `α_t + offset_min` is above that too; other rows take the full pass. Returns
 * the smallest k-th value; adds the number of rows that took the full pass to `*fallbacks`.
 */
float nash_rk_best_response_shortlist(
  const float *scores, ptrdiff_t stride, ptrdiff_t experts, ptrdiff_t k, const float *prices,
  ptrdiff_t row_begin, ptrdiff_t row_end, int32_t *ids, int32_t *load, float *alpha, float *outside,
  double *top_sums, float *slot_values, float *slot_scores, const nash_rk_collector *collector,
  const nash_rk_shortlist *shortlist,
  float *values, int32_t *indices, ptrdiff_t *fallbacks);

/**
 * Per token `t` in `[row_begin, row_end)` (ids row-major, `k` per token, −1 = dropped): with
 * `sort_prices`, orders the token's ids by `s − β` (best first, ties to the lower index, −1 last);
 * `slot_scores[t*k + q] = s[id]` (0 for −1); with `weights`, the softmax gate weights from the logits
 * (`renormalize`: over the chosen ids only, else over the whole row) times `route_scale`. With `changed`
 * (T flags), the ids of a token whose flag is 0 are the best-response pass's, already in order, and
 * `slot_scores` holds their scores already (the pass recorded them): such a token's scores are not read
 * again, and neither are its logits when `logits == scores` with renormalised weights.
 */
void nash_rk_token_outputs(
  const float *scores, ptrdiff_t stride, const float *logits, ptrdiff_t logit_stride, ptrdiff_t row_begin,
  ptrdiff_t row_end, ptrdiff_t experts, ptrdiff_t k, int32_t *ids, const float *sort_prices, float *slot_scores,
  const uint8_t *changed, float *weights, int renormalize, float route_scale);

/** Memory for large scratch buffers (on huge pages where the OS offers them); NULL on failure. Free with
 * `nash_rk_deallocate`. */
void *nash_rk_allocate(size_t bytes);
void nash_rk_deallocate(void *pointer);

/**
 * The `c`-th and `(c+1)`-th largest of `values[0..<n]` (`1 ≤ c < n`) into `*cth` and `*next`, found near
 * `hint` (a guess of them), without reordering `values`; `scratch` holds `3·(n + 8)` floats. Returns 1,
 * or 0 with nothing written when it cannot (no AVX2, a NaN, a zero result whose sign a selection in
 * place could give differently, or a pathological input): the caller then selects in place.
 */
int nash_rk_column_statistics(
  const float *values, ptrdiff_t n, ptrdiff_t c, float hint, float *scratch, float *cth, float *next);

/** Prefetches the cache lines of `[pointer, pointer + bytes)` for reading. */
void nash_rk_prefetch(const void *pointer, ptrdiff_t bytes);

/** Which kernel `nash_rk_best_response` uses on this machine: 2 = AVX2, 1 = SSE2, 0 = portable C. */
int nash_rk_instruction_set(void);

#endif /* NASH_ROUTING_KERNELS_H */
