import NashRoutingKernels

/// The column half of block-coordinate descent on the routing LP's dual, with the midpoint rule.
///
/// The dual of capacity-constrained top-k routing is `D(α, β) = k·Σα_i + Σ C_j β_j + Σ_ij (s_ij − α_i −
/// β_j)₊` with `β ≥ 0` (MOE.md §2). Minimising it exactly over `α` with `β` fixed puts `α_i` anywhere
/// between the k-th and (k+1)-th largest `s_i· − β`; minimising over `β_j` with `α` fixed puts `β_j`
/// between the C_j-th and (C_j+1)-th largest `s_·j − α`. Megatron-LM's `qb_dual_update` (quantile
/// balancing; Su 2026, kexue.fm/archives/11619) takes the interval end points; MOE.md §6.2 shows the
/// midpoints cut the certified gap 2–3× at capacity factor 1 and stop a warm-start price creep at 1.25.
/// The row half is ``BestResponsePass`` (which also yields `α`); this function does the columns.
///
/// Speed: the C-th order statistic of a column lies near the old price, so the preceding row pass only
/// keeps, per column, the values above `β_j − window` as candidates. When a column has enough
/// candidates its order statistics are exact among them; otherwise (or with an infinite window) the
/// whole column is gathered, so the result never depends on the window. The window adapts to how far
/// below the old prices the needed values were.
struct MidpointColumnStep {
  var scores: UnsafePointer<Float>
  var stride: Int
  var tokens: Int
  var experts: Int

  /// Writes the new prices (clipped at 0 unless `equality`, then shifted so the smallest is 0) into
  /// `next`. Returns the deepest distance below an old price that a needed value had, and how many
  /// columns needed a full gather. The columns are independent: with `threads > 1` they are split into
  /// that many concurrent blocks, with the same result. `selection` is scratch of
  /// `selectionScratch(tokens:threads:)` floats.
  func run(
    alpha: UnsafePointer<Float>, prices beta: UnsafePointer<Float>, lower: UnsafePointer<Float>,
    capacities: UnsafePointer<Int>, equality: Bool,
    candidates: UnsafeMutablePointer<Float>, candidateStride: Int, counts: UnsafePointer<Int>,
    next: UnsafeMutablePointer<Float>, selection: UnsafeMutablePointer<Float>, threads: Int = 1
  ) -> (need: Float, fallbacks: Int) {
    let E = experts
    let blocks = max(1, min(threads, E))
    let needs = UnsafeMutablePointer<Float>.allocate(capacity: blocks)
    let gathers = UnsafeMutablePointer<Int>.allocate(capacity: blocks)
    defer {
      needs.deallocate()
      gathers.deallocate()
    }
    forEachRowBlock(rows: E, blocks: blocks) { b, columns in
      (needs[b], gathers[b]) = self.columns(
        columns, alpha: alpha, prices: beta, lower: lower, capacities: capacities, equality: equality,
        candidates: candidates, candidateStride: candidateStride, counts: counts, next: next,
        selection: selection + b * Self.selectionScratch(tokens: tokens, threads: 1))
    }
    var need: Float = 0
    var fallbacks = 0
    for b in 0..<blocks {
      if needs[b] > need { need = needs[b] }
      fallbacks += gathers[b]
    }
    var smallest = Float.infinity
    for j in 0..<E {
      if !equality && next[j] < 0 { next[j] = 0 }
      if next[j] < smallest { smallest = next[j] }
    }
    if smallest != 0 {
      for j in 0..<E { next[j] -= smallest }
    }
    return (need, fallbacks)
  }

  /// The scratch `run` needs: three arrays of `T + 8` floats per block of columns.
  static func selectionScratch(tokens: Int, threads: Int) -> Int { max(1, threads) * 3 * (tokens + 8) }

  /// The new (unclipped) prices of `columns`.
  private func columns(
    _ columns: Range<Int>, alpha: UnsafePointer<Float>, prices beta: UnsafePointer<Float>,
    lower: UnsafePointer<Float>, capacities: UnsafePointer<Int>, equality: Bool,
    candidates: UnsafeMutablePointer<Float>, candidateStride: Int, counts: UnsafePointer<Int>,
    next: UnsafeMutablePointer<Float>, selection: UnsafeMutablePointer<Float>
  ) -> (need: Float, fallbacks: Int) {
    let T = tokens
    var need: Float = 0
    var fallbacks = 0
    for j in columns {
      let c = capacities[j]
      let buffer = candidates + j * candidateStride
      var n = counts[j]
      let lo = lower[j]
      let deepest = c == 0 ? 1 : min(c + 1, T)
      if n < deepest {
        // With β ≥ 0, a value known to be ≤ lo ≤ 0 gives a price clipped to 0 without the exact value.
        if !equality && c >= 1 && lo <= 0 {
          if c >= T || n < c {
            next[j] = 0
            continue
          }
          var vc = Float.infinity
          for q in 0..<n where buffer[q] < vc { vc = buffer[q] }
          if vc + lo <= 0 {
            next[j] = 0
            continue
          }
        }
        for i in 0..<T { buffer[i] = scores[i * stride + j] - alpha[i] }
        n = T
        fallbacks += 1
      }
      var b: Float
      var deepestValue: Float
      if c == 0 {
        var v1 = -Float.infinity
        for q in 0..<n where buffer[q] > v1 { v1 = buffer[q] }
        b = v1 + 0.5 * bump(v1)
        deepestValue = v1
      } else if c >= T {
        var vT = Float.infinity
        for q in 0..<n where buffer[q] < vT { vT = buffer[q] }
        b = vT - 0.5 * bump(vT)
        deepestValue = vT
      } else {
        // The (C+1)-th value of `s − α` lies near the old price (the new price is between it and the C-th):
        // vectorised out-of-place selection, or (when it declines) in place.
        var cth: Float = 0, below: Float = 0
        if nash_rk_column_statistics(buffer, n, c, beta[j], selection, &cth, &below) == 0 {
          below = selectDescending(buffer, count: n, nth: c, hint: beta[j])
          cth = .infinity
          for q in 0..<c where buffer[q] < cth { cth = buffer[q] }
        }
        b = 0.5 * (cth + below)
        deepestValue = below
      }
      let d = beta[j] - (equality ? deepestValue : max(deepestValue, 0))
      if d > need { need = d }
      next[j] = b
    }
    return (need, fallbacks)
  }

  /// A step past the last order statistic when a column has no (C+1)-th (or no first) value.
  @inline(__always)
  private func bump(_ v: Float) -> Float { 1 + abs(v) / 1024 }
}

/// The KKT violation of a best response (MOE.md §7.1): slots over capacity, plus, unless the capacities
/// sum to exactly `T·k`, unused capacity of experts with a positive price (complementary slackness).
func kktViolation(
  load: UnsafePointer<Int32>, capacities: UnsafePointer<Int>, prices: UnsafePointer<Float>, experts: Int,
  equality: Bool
) -> Int {
  var violation = 0
  for j in 0..<experts {
    let l = Int(load[j]), c = capacities[j]
    if l > c {
      violation += l - c
    } else if !equality && prices[j] > 0 {
      violation += c - l
    }
  }
  return violation
}
