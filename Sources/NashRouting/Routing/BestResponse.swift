import Dispatch
import NashRoutingKernels

/// The tokens' best response to prices: per row, the top `m = k + 1` of `s − β` (ties to the lower
/// expert index), by one of two C kernels (`NashRoutingKernels`, chosen at run time):
///
/// - AVX2, `m ≤ 16`, `E ≥ 16`: the lane-wise maxima of the even and odd chunks of eight give 16 (or 8)
///   disjoint group maxima; `θ`, the m-th largest of them, is reached by at least `m` columns and by
///   every top-m column. The columns with `r ≥ θ` are packed in index order (a permutation per 8-bit
///   mask, no branch; about 13 per row at k = 8, E = 256), and each one's rank (larger value, or equal
///   value and lower index) is counted with two vector comparisons.
/// - Otherwise (no AVX2, or larger k): a sorted buffer of the `m` best; after the first `m` columns,
///   eight columns at a time are compared with its last value and only the columns that beat it
///   strictly are inserted, in index order: about `m·(1 + ln(E/m))` insertions per row for columns in
///   random order (Knuth, TAOCP 3, §5.3.3).
///
/// Both give the same ids and values (the top m is unique under the tie rule).
///
/// Besides the ids and the load, one pass yields everything the dual needs: the midpoint
/// `α_i = (r_(k) + r_(k+1))/2` of the k-th and (k+1)-th largest reduced scores (the token's outside
/// option in the block-coordinate step, MOE.md §7.1), the (k+1)-th value itself (the repair's surplus
/// reference), `Σ_top-k (s − β)` in `Double` for the dual objective, and optionally each slot's `s − β`
/// (the repair's surplus) and `s` (the per-token outputs'), without reading the scores again. With a
/// collector, the same pass also stores, per column `j`, every `s_ij − α_i` above `lower[j]` (the
/// candidates of the next column step, in row order), while the row is still in cache.
///
/// Short lists (``Shortlist``, `nash_rk_shortlist`): a full pass can also list, per row, the columns
/// within a width of its (k+1)-th reduced score; a later pass at prices that moved by `Δ` then reads only
/// those, and uses a row's list when its (k+1)-th listed value is above `bound − min Δ` (no unlisted
/// column can reach it, with a rounding margin) and, with a collector, when `α + min(lower − β)` is above
/// that too. Other rows take the full kernel, so the outputs never depend on the lists.
///
/// With `threads > 1` the rows are split into that many contiguous blocks run concurrently, each with
/// its own load, counts and scratch; the loads are added and each column's candidates are moved
/// together in block order, so every output is identical to one thread's.
struct BestResponsePass {
  var scores: UnsafePointer<Float>
  var stride: Int
  var tokens: Int
  var experts: Int
  var k: Int
  /// Row blocks run concurrently (1 = the calling thread only).
  var threads: Int = 1

  struct Collector {
    var lower: UnsafePointer<Float>
    /// Column `j`'s candidates start at `buffer + j·columnStride` (`columnStride ≥ T`).
    var buffer: UnsafeMutablePointer<Float>
    var columnStride: Int
    var counts: UnsafeMutablePointer<Int>
  }

  /// A column stride for the candidate buffer: at least `tokens`, and an odd number of 64-byte lines,
  /// so that the E columns' current ends fall into different cache sets (with a power-of-two stride
  /// such as T = 16384 they all compete for one set, and every candidate store misses).
  static func candidateStride(tokens: Int) -> Int {
    let lines = (tokens + 15) / 16
    return 16 * (lines % 2 == 0 ? lines + 1 : lines + 2)
  }

  /// A short list per row (`nash_rk_shortlist`): `.build` records it in a full pass, `.use` reads it in a
  /// pass at nearby prices (rows whose list does not settle their outputs take the full pass).
  enum Shortlist {
    case build(UnsafeMutablePointer<nash_rk_shortlist>)
    case use(UnsafePointer<nash_rk_shortlist>)
  }

  /// Per-thread scratch: `threads·(E + 48)` values and indices, `threads·E` loads and counts.
  struct Scratch {
    var values: UnsafeMutablePointer<Float>
    var indices: UnsafeMutablePointer<Int32>
    var loads: UnsafeMutablePointer<Int32>
    var counts: UnsafeMutablePointer<Int>
  }

  /// Runs the pass over every row; returns the smallest k-th largest reduced score over all rows (for
  /// the dual shift). `load` is added to (callers zero it); the collector's counts are reset here.
  /// With `.use`, `fallbacks` receives the number of rows that took the full pass. With
  /// `firstNonFinite`, the scores are checked as they are read: it receives the first row (in row order)
  /// with a NaN or infinite score, or `T` (the outputs are incomplete when it is below `T`).
  @discardableResult
  func run(
    prices beta: UnsafePointer<Float>, ids: UnsafeMutablePointer<Int32>, load: UnsafeMutablePointer<Int32>,
    alpha: UnsafeMutablePointer<Float>?, outside: UnsafeMutablePointer<Float>?,
    topSums: UnsafeMutablePointer<Double>?, slotValues: UnsafeMutablePointer<Float>? = nil,
    slotScores: UnsafeMutablePointer<Float>? = nil, collector: Collector?,
    shortlist: Shortlist? = nil, fallbacks: UnsafeMutablePointer<Int>? = nil,
    firstNonFinite: UnsafeMutablePointer<Int>? = nil, scratch: Scratch
  ) -> Float {
    let E = experts, T = tokens
    if let collector {
      for j in 0..<E { collector.counts[j] = 0 }
    }
    let blocks = max(1, min(threads, T))
    firstNonFinite?.pointee = T
    if blocks == 1 {
      var rowsFallingBack = 0
      defer { fallbacks?.pointee = rowsFallingBack }
      return block(
        rows: 0..<T, prices: beta, ids: ids, load: load, alpha: alpha, outside: outside, topSums: topSums,
        slotValues: slotValues, slotScores: slotScores, collector: collector, shortlist: shortlist,
        fallbacks: &rowsFallingBack,
        firstNonFinite: firstNonFinite, values: scratch.values, indices: scratch.indices)
    }
    let work = Work(
      pass: self, blocks: blocks, beta: beta, ids: ids, load: load, alpha: alpha, outside: outside,
      topSums: topSums, slotValues: slotValues, slotScores: slotScores, collector: collector, shortlist: shortlist,
      checksFinite: firstNonFinite != nil, scratch: scratch)
    DispatchQueue.concurrentPerform(iterations: blocks) { b in work.run(b) }
    if let firstNonFinite {
      for b in 0..<blocks { firstNonFinite.pointee = min(firstNonFinite.pointee, work.nonFinite[b]) }
    }
    // Merge in block order: loads add; block b's candidates of column j move down behind the earlier
    // blocks' (they were written from row offset start(b) of the column), which is the row order.
    var minKth = Float.infinity
    var rowsFallingBack = 0
    defer { fallbacks?.pointee = rowsFallingBack }
    for b in 0..<blocks {
      minKth = min(minKth, work.results[b])
      rowsFallingBack += work.fallbacks[b]
      guard b > 0 else { continue }
      let loads = scratch.loads + b * E
      for j in 0..<E { load[j] &+= loads[j] }
      if let collector {
        let start = work.start(b)
        let counts = scratch.counts + b * E
        for j in 0..<E where counts[j] > 0 {
          let column = collector.buffer + j * collector.columnStride
          (column + collector.counts[j]).update(from: column + start, count: counts[j])
          collector.counts[j] += counts[j]
        }
      }
    }
    return minKth
  }

  /// One block of rows on the calling thread.
  func block(
    rows: Range<Int>, prices beta: UnsafePointer<Float>, ids: UnsafeMutablePointer<Int32>,
    load: UnsafeMutablePointer<Int32>, alpha: UnsafeMutablePointer<Float>?, outside: UnsafeMutablePointer<Float>?,
    topSums: UnsafeMutablePointer<Double>?, slotValues: UnsafeMutablePointer<Float>?,
    slotScores: UnsafeMutablePointer<Float>?, collector: Collector?,
    shortlist: Shortlist?, fallbacks: UnsafeMutablePointer<Int>, firstNonFinite: UnsafeMutablePointer<Int>?,
    values: UnsafeMutablePointer<Float>, indices: UnsafeMutablePointer<Int32>
  ) -> Float {
    guard !rows.isEmpty else { return .infinity }
    func kernel(_ c: UnsafePointer<nash_rk_collector>?) -> Float {
      switch shortlist {
      case .use(let list)?:
        return nash_rk_best_response_shortlist(
          scores, stride, experts, k, beta, rows.lowerBound, rows.upperBound, ids, load, alpha, outside, topSums,
          slotValues, slotScores, c, list, values, indices, fallbacks)
      case .build(let list)?:
        return nash_rk_best_response(
          scores, stride, experts, k, beta, rows.lowerBound, rows.upperBound, ids, load, alpha, outside, topSums,
          slotValues, slotScores, c, list, values, indices, firstNonFinite)
      case nil:
        return nash_rk_best_response(
          scores, stride, experts, k, beta, rows.lowerBound, rows.upperBound, ids, load, alpha, outside, topSums,
          slotValues, slotScores, c, nil, values, indices, firstNonFinite)
      }
    }
    guard let collector else { return kernel(nil) }
    var c = nash_rk_collector(
      lower: collector.lower, buffer: collector.buffer, column_stride: collector.columnStride, counts: collector.counts)
    return kernel(&c)
  }

  /// The shared inputs of a threaded pass; block `b` writes only its rows, its own scratch and
  /// `results[b]`.
  private final class Work: @unchecked Sendable {
    let pass: BestResponsePass
    let blocks: Int
    let beta: UnsafePointer<Float>
    let ids: UnsafeMutablePointer<Int32>
    let load: UnsafeMutablePointer<Int32>
    let alpha: UnsafeMutablePointer<Float>?
    let outside: UnsafeMutablePointer<Float>?
    let topSums: UnsafeMutablePointer<Double>?
    let slotValues: UnsafeMutablePointer<Float>?
    let slotScores: UnsafeMutablePointer<Float>?
    let collector: Collector?
    let shortlist: Shortlist?
    let checksFinite: Bool
    let scratch: Scratch
    /// Each block's smallest k-th value and short-list fallbacks (pointers, not arrays: blocks write
    /// them concurrently).
    let results: UnsafeMutablePointer<Float>
    let fallbacks: UnsafeMutablePointer<Int>
    /// Each block's first row with a non-finite score (T: none), when checked.
    let nonFinite: UnsafeMutablePointer<Int>

    init(
      pass: BestResponsePass, blocks: Int, beta: UnsafePointer<Float>, ids: UnsafeMutablePointer<Int32>,
      load: UnsafeMutablePointer<Int32>, alpha: UnsafeMutablePointer<Float>?, outside: UnsafeMutablePointer<Float>?,
      topSums: UnsafeMutablePointer<Double>?, slotValues: UnsafeMutablePointer<Float>?,
      slotScores: UnsafeMutablePointer<Float>?, collector: Collector?,
      shortlist: Shortlist?, checksFinite: Bool, scratch: Scratch
    ) {
      self.pass = pass
      self.blocks = blocks
      self.beta = beta
      self.ids = ids
      self.load = load
      self.alpha = alpha
      self.outside = outside
      self.topSums = topSums
      self.slotValues = slotValues
      self.slotScores = slotScores
      self.collector = collector
      self.shortlist = shortlist
      self.checksFinite = checksFinite
      self.scratch = scratch
      self.results = .allocate(capacity: blocks)
      self.results.initialize(repeating: .infinity, count: blocks)
      self.fallbacks = .allocate(capacity: blocks)
      self.fallbacks.initialize(repeating: 0, count: blocks)
      self.nonFinite = .allocate(capacity: blocks)
      self.nonFinite.initialize(repeating: pass.tokens, count: blocks)
    }

    deinit {
      results.deallocate()
      fallbacks.deallocate()
      nonFinite.deallocate()
    }

    func start(_ b: Int) -> Int { pass.tokens * b / blocks }

    func run(_ b: Int) {
      let E = pass.experts
      let rows = start(b)..<start(b + 1)
      var blockLoad = load
      var blockCollector = collector
      if b > 0 {
        blockLoad = scratch.loads + b * E
        for j in 0..<E { blockLoad[j] = 0 }
        if let collector {
          let counts = scratch.counts + b * E
          for j in 0..<E { counts[j] = 0 }
          // Column j of this block starts at row offset start(b): at most one candidate per row.
          blockCollector = Collector(
            lower: collector.lower, buffer: collector.buffer + rows.lowerBound, columnStride: collector.columnStride,
            counts: counts)
        }
      }
      results[b] = pass.block(
        rows: rows, prices: beta, ids: ids, load: blockLoad, alpha: alpha, outside: outside, topSums: topSums,
        slotValues: slotValues, slotScores: slotScores, collector: blockCollector, shortlist: shortlist,
        fallbacks: fallbacks + b,
        firstNonFinite: checksFinite ? nonFinite + b : nil, values: scratch.values + b * (E + 48),
        indices: scratch.indices + b * (E + 48))
    }
  }
}

/// The value `nth` places down in descending order (0-based), found by quickselect. Afterwards
/// `a[0..<nth] ≥ a[nth] ≥ a[nth+1..<n]`. Expected O(n).
///
/// With a `hint` (a guess of the answer, such as the old price of a column), one branch-free pass first
/// moves the values above it to the front; the quickselect then runs only on the side holding `nth`,
/// which is short when the guess is good. The result is the same value either way.
func selectDescending(_ a: UnsafeMutablePointer<Float>, count n: Int, nth: Int, hint: Float? = nil) -> Float {
  guard let hint else {
    quickselect(a, count: n, nth: nth, by: >)
    return a[nth]
  }
  var above = 0
  for i in 0..<n {
    let v = a[i]
    a[i] = a[above]
    a[above] = v
    above &+= v > hint ? 1 : 0
  }
  if nth < above {
    quickselect(a, count: above, nth: nth, by: >)
  } else {
    quickselect(a + above, count: n - above, nth: nth - above, by: >)
  }
  return a[nth]
}

/// Reorders `a[0..<n]` so that `a[nth]` is where a sort by `better` (a strict total or weak order,
/// best first) would put it, with no worse entry before it and no better one after: Hoare's
/// quickselect ("Algorithm 65: Find", CACM 4(7), 1961) with a median-of-three pivot. Expected O(n).
@inline(__always)
func quickselect<T>(_ a: UnsafeMutablePointer<T>, count n: Int, nth: Int, by better: (T, T) -> Bool) {
  @inline(__always) func swapAt(_ i: Int, _ j: Int) {
    let t = a[i]
    a[i] = a[j]
    a[j] = t
  }
  var lo = 0, hi = n - 1
  while hi > lo {
    let mid = lo + (hi - lo) / 2
    if better(a[mid], a[lo]) { swapAt(lo, mid) }
    if better(a[hi], a[lo]) { swapAt(lo, hi) }
    if better(a[hi], a[mid]) { swapAt(mid, hi) }
    let pivot = a[mid]
    var i = lo, j = hi
    while i <= j {
      while better(a[i], pivot) { i += 1 }
      while better(pivot, a[j]) { j -= 1 }
      if i <= j {
        swapAt(i, j)
        i += 1
        j -= 1
      }
    }
    if nth <= j {
      hi = j
    } else if nth >= i {
      lo = i
    } else {
      break
    }
  }
}
