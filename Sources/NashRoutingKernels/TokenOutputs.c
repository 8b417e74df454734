/* The per-token outputs of a routing call (see NashRoutingKernels.h): slot order after a repair, the
 * selection score of every slot and softmax gate weights, token by token so that the chosen columns are
 * fetched once. The arithmetic is the Swift code's it replaced, operation for operation (glibc's expf),
 * so the weights are the same bit for bit. */
#include "NashRoutingKernels.h"

#include <math.h>

/* Slot a before slot b: a larger reduced score s − β, equal scores by the lower index, −1 last. */
static inline int precedes(int32_t a, int32_t b, const float *s, const float *beta) {
  if (a < 0) return 0;
  if (b < 0) return 1;
  const float va = s[a] - beta[a], vb = s[b] - beta[b];
  return va > vb || (va == vb && a < b);
}

void nash_rk_token_outputs(
  const float *scores, ptrdiff_t stride, const float *logits, ptrdiff_t logit_stride, ptrdiff_t row_begin,
  ptrdiff_t row_end, ptrdiff_t E, ptrdiff_t k, int32_t *ids, const float *sort_prices, float *slot_scores,
  const uint8_t *changed, float *weights, int renormalize, float route_scale)
{
  /* Tokens the repair left alone: their ids are in order and their scores recorded; with renormalised
   * softmax weights of the scores themselves, their logits are those scores. */
  const int recorded_logits = weights && renormalize && logits == scores && logit_stride == stride;
  /* The chosen columns are scattered over rows that left the cache long ago: fetch them a few tokens
   * ahead. */
  enum { ahead = 8 };
  for (ptrdiff_t t = row_begin; t < row_end; t++) {
    const int recorded = changed && !changed[t];
    if (t + ahead < row_end && !(changed && !changed[t + ahead] && recorded_logits)) {
      const int32_t *later = ids + (t + ahead) * k;
      for (ptrdiff_t q = 0; q < k; q++) {
        if (later[q] >= 0) {
          __builtin_prefetch(scores + (t + ahead) * stride + later[q]);
          if (logits != scores) __builtin_prefetch(logits + (t + ahead) * logit_stride + later[q]);
        }
      }
    }
    int32_t *id = ids + t * k;
    const float *s = scores + t * stride;
    if (sort_prices && k > 1 && !recorded) {
      /* Most tokens (all but the repaired ones) are in order already: check before sorting. */
      int sorted = 1;
      for (ptrdiff_t q = 1; q < k && sorted; q++) sorted = !precedes(id[q], id[q - 1], s, sort_prices);
      if (!sorted) {
        for (ptrdiff_t q = 1; q < k; q++) {
          const int32_t e = id[q];
          ptrdiff_t p = q;
          while (p > 0 && precedes(e, id[p - 1], s, sort_prices)) {
            id[p] = id[p - 1];
            p--;
          }
          id[p] = e;
        }
      }
    }
    if (!recorded) {
      for (ptrdiff_t q = 0; q < k; q++) slot_scores[t * k + q] = id[q] >= 0 ? s[id[q]] : 0.0f;
    }
    if (!weights) continue;
    const float *x = logits + t * logit_stride;
    float *out = weights + t * k;
    /* The chosen logits (recorded ones for a token the repair left alone, when they are the scores). */
    float chosen[k > 0 ? k : 1];
    for (ptrdiff_t q = 0; q < k; q++) {
      chosen[q] = id[q] < 0 ? 0.0f : recorded && recorded_logits ? slot_scores[t * k + q] : x[id[q]];
    }
    float m = -INFINITY;
    if (renormalize) {
      for (ptrdiff_t q = 0; q < k; q++)
        if (id[q] >= 0 && chosen[q] >= m) m = chosen[q];
    } else {
      for (ptrdiff_t j = 0; j < E; j++)
        if (x[j] >= m) m = x[j];
    }
    for (ptrdiff_t q = 0; q < k; q++) out[q] = id[q] >= 0 ? expf(chosen[q] - m) : 0.0f;
    if (renormalize) {
      float sum = 0;
      for (ptrdiff_t q = 0; q < k; q++) sum += out[q];
      const float factor = sum > 0 ? route_scale / sum : 0.0f;
      for (ptrdiff_t q = 0; q < k; q++) out[q] *= factor;
    } else {
      float denominator = 0;
      for (ptrdiff_t j = 0; j < E; j++) denominator += expf(x[j] - m);
      for (ptrdiff_t q = 0; q < k; q++) out[q] /= denominator;
      if (route_scale != 1) {
        for (ptrdiff_t q = 0; q < k; q++) out[q] *= route_scale;
      }
    }
  }
}

void nash_rk_prefetch(const void *pointer, ptrdiff_t bytes) {
  const char *p = (const char *)pointer;
  for (ptrdiff_t b = 0; b < bytes; b += 64) __builtin_prefetch(p + b);
  if (bytes > 0) __builtin_prefetch(p + bytes - 1);
}
