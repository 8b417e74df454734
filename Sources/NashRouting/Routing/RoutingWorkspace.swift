import NashRoutingKernels

/// A buffer of trivial values that grows on demand and is reused between calls, so that a warm
/// router allocates nothing per call. Its memory comes from `nash_rk_allocate` (huge pages for large
/// buffers where the OS offers them).
final class GrowableBuffer<Element> {
  private(set) var pointer: UnsafeMutablePointer<Element>
  private(set) var capacity: Int

  init() {
    pointer = Self.allocate(1)
    capacity = 1
  }

  private static func allocate(_ count: Int) -> UnsafeMutablePointer<Element> {
    let bytes = count * MemoryLayout<Element>.stride
    guard let raw = nash_rk_allocate(bytes) else { fatalError("out of memory (\(bytes) bytes)") }
    return raw.bindMemory(to: Element.self, capacity: count)
  }

  /// A pointer to at least `count` elements (contents undefined after growth).
  func reserve(_ count: Int) -> UnsafeMutablePointer<Element> {
    if count > capacity {
      nash_rk_deallocate(pointer)
      let grown = max(count, capacity + capacity / 2)
      pointer = Self.allocate(grown)
      capacity = grown
    }
    return pointer
  }

  deinit { nash_rk_deallocate(pointer) }
}

/// The scratch memory of one router.
final class RoutingWorkspace {
  /// Selection scores when they differ from the inputs (price space `.scores`), or Sinkhorn's kernel.
  let matrix = GrowableBuffer<Float>()
  /// Column candidates of the block-coordinate step (`E` columns of up to `T` values).
  let candidates = GrowableBuffer<Float>()
  let candidateCounts = GrowableBuffer<Int>()
  /// Out-of-place selection scratch of the column step (three arrays per block of columns).
  let selection = GrowableBuffer<Float>()
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
  /// The selection score of every slot (for the primal), and its reduced score in the last pass.
  let slotScores = GrowableBuffer<Float>()
  let slotValues = GrowableBuffer<Float>()
  /// Per token: 1 when the repair changed its ids.
  let changedTokens = GrowableBuffer<UInt8>()
  /// Scratch ids for passes whose selection is not returned.
  let scratchIDs = GrowableBuffer<Int32>()
  /// Small per-row insertion buffers (`E + 48` per thread), and per-thread loads and candidate
  /// counts of a threaded pass.
  let rowValues = GrowableBuffer<Float>()
  let rowIndices = GrowableBuffer<Int32>()
  let threadLoads = GrowableBuffer<Int32>()
  let threadCounts = GrowableBuffer<Int>()
  /// The best-response short lists (`nash_rk_shortlist`): the struct, per-row counts and bounds, the
  /// listed columns and scores, and the prices they were built at.
  let shortlist = GrowableBuffer<nash_rk_shortlist>()
  let shortlistCounts = GrowableBuffer<Int32>()
  let shortlistBounds = GrowableBuffer<Float>()
  let shortlistIndices = GrowableBuffer<Int32>()
  let shortlistScores = GrowableBuffer<Float>()
  let shortlistPrices = GrowableBuffer<Float>()
  /// Sinkhorn vectors.
  let rowScale = GrowableBuffer<Float>()
  let columnSums = GrowableBuffer<Double>()
  /// Repair bookkeeping.
  let repairSurplus = GrowableBuffer<Float>()
  let repairRanks = GrowableBuffer<Int>()
  let repairBuckets = GrowableBuffer<Int>()
  let repairNext = GrowableBuffer<Int>()
  let repairSteps = GrowableBuffer<Int>()
  let repairPositions = GrowableBuffer<Int32>()
  let repairOrder = GrowableBuffer<Int32>()
  let repairKeys = GrowableBuffer<UInt64>()
  let held = GrowableBuffer<Bool>()
  let augmentHeld = GrowableBuffer<Bool>()
  var pending: [Int] = []
  var nextPending: [Int] = []
  var proposals: [Int32] = []
  var order: [Int] = []
  var surplus: [Float] = []
  var room: [Int] = []
  var augmentRoom: [Int] = []
}
