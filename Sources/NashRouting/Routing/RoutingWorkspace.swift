/// A buffer of trivial values that grows on demand and is reused between calls, so that a warm
/// router allocates nothing per call.
final class GrowableBuffer<Element> {
  private(set) var pointer: UnsafeMutablePointer<Element>
  private(set) var capacity: Int

  init() {
    pointer = .allocate(capacity: 1)
    capacity = 1
  }

  /// A pointer to at least `count` elements (contents undefined after growth).
  func reserve(_ count: Int) -> UnsafeMutablePointer<Element> {
    if count > capacity {
      pointer.deallocate()
      let grown = max(count, capacity + capacity / 2)
      pointer = .allocate(capacity: grown)
      capacity = grown
    }
    return pointer
  }

  deinit { pointer.deallocate() }
}

/// The scratch memory of one router.
final class RoutingWorkspace {
  /// Selection scores when they differ from the inputs (price space `.scores`), or Sinkhorn's kernel.
  let matrix = GrowableBuffer<Float>()
  /// Column candidates of the block-coordinate step (`E` columns of up to `T` values).
  let candidates = GrowableBuffer<Float>()
  let candidateCounts = GrowableBuffer<Int>()
  /// Per-token values: midpoint `α`, the (k+1)-th reduced score, top-k sums.
  let alpha = GrowableBuffer<Float>()
  let outside = GrowableBuffer<Float>()
  let topSums = GrowableBuffer<Double>()
  /// Per-expert values.
  let prices = GrowableBuffer<Float>()
  let nextPrices = GrowableBuffer<Float>()
  let capacities = GrowableBuffer<Int>()
  let load = GrowableBuffer<Int32>()
  let scratchLoad = GrowableBuffer<Int32>()
  let lower = GrowableBuffer<Float>()
  let remaining = GrowableBuffer<Int>()
  /// The selection score of every slot (for the primal).
  let slotScores = GrowableBuffer<Float>()
  /// Scratch ids for passes whose selection is not returned.
  let scratchIDs = GrowableBuffer<Int32>()
  /// Small per-row insertion buffers (`E + 48` per thread), and per-thread loads and candidate
  /// counts of a threaded pass.
  let rowValues = GrowableBuffer<Float>()
  let rowIndices = GrowableBuffer<Int32>()
  let threadLoads = GrowableBuffer<Int32>()
  let threadCounts = GrowableBuffer<Int>()
  /// Sinkhorn vectors.
  let rowScale = GrowableBuffer<Float>()
  let columnSums = GrowableBuffer<Double>()
  /// Repair bookkeeping.
  let repairSurplus = GrowableBuffer<Float>()
  let repairRanks = GrowableBuffer<Int>()
  let repairBuckets = GrowableBuffer<Int>()
  let repairNext = GrowableBuffer<Int>()
  let held = GrowableBuffer<Bool>()
  var pending: [Int] = []
  var nextPending: [Int] = []
  var proposals: [Int32] = []
  var order: [Int] = []
  var surplus: [Float] = []
  var room: [Int] = []
}
