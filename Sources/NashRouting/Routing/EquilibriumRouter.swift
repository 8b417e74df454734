import NashRoutingKernels

/// Capacity-respecting top-k routing of tokens to experts as a market equilibrium.
///
/// Routing `T` tokens to `k` of `E` experts each, with expert capacities `C_j`, is the LP
/// `max Σ s_ij x_ij` subject to `Σ_j x_ij = k`, `Σ_i x_ij ≤ C_j`, `0 ≤ x ≤ 1` (a b-matching with a totally
/// unimodular matrix, so optimal vertices are integral). Its dual prices `β ≥ 0` make an equilibrium
/// (Shapley & Shubik 1971, "The assignment game I", IJGT 1): every token takes its top-k of `s − β`, no
/// expert is over capacity, and only full experts have a positive price. Every production balancer
/// without an auxiliary loss is "top-k of score − price"; they differ in how the price is found
/// (``PriceSolver``). The default, ``PriceSolver/blockCoordinate(maxIterations:tolerance:)``, warm-starts
/// from the previous batch's prices (the state), takes midpoint block-coordinate dual steps
/// (``MidpointColumnStep``), and repairs what still overflows (``CapacityRepair``), so that load never
/// exceeds capacity and nothing is dropped when `ΣC ≥ T·k`. Each call reports the certified gap
/// `(D(β) − P(x))/T`.
///
/// ```swift
/// let router = try EquilibriumRouter(RouterConfiguration(experts: 4, k: 1, capacity: .factor(1)))
/// let routing = try router.route(scores: [3, 0, 0, 0,  3, 1, 0, 0,  3, 0, 2, 0,  3, 0, 0, 1], tokens: 4)
/// // routing.expertIDs == [0, 1, 2, 3]: capacity 1 each; tokens 1–3 take their second choices
/// // (total 7, the optimum); routing.prices == [2.5, 0, 0.25, 0]; routing.stats.gapPerToken == 0
/// ```
///
/// Gate weights come from the unbiased scores (prices change the selection, never a weight).
/// An instance is not reentrant: use one per layer or stream.
///
/// Threads: a call on a batch with `T·E ≥ 2¹⁸` scores splits its tokens into contiguous blocks and
/// runs the best-response passes, the column steps and the per-token outputs on one thread per core
/// (Dispatch), at most one per `2¹⁷` scores; smaller batches stay on the calling thread.
/// ``RouterConfiguration/threadCount`` caps it (`1`: never leave the calling thread). The output does
/// not depend on the thread count, bit for bit. The best-response row kernel is C, with an AVX2 build
/// chosen at run time on x86-64 CPUs that have it.
///
/// - Complexity: per call, `O(T·E)` per best-response pass (about `E/8` vector comparisons and
///   `O(k)` insertions per token for `k < 16`) plus selection of `C_j`-th values per column; the warm
///   default does at most 3 passes, and when the previous call's prices moved little (`E ≥ 32`,
///   `k < 16`) only the first reads whole rows: it lists each row's columns near its top k, and the
///   later passes read those lists (a row whose list cannot settle its outputs, bit for bit, is read
///   again in full). The first pass also checks the scores for NaN and infinities. `.exact` is
///   `O(overflow · (T·k·E + E³))`.
public final class EquilibriumRouter {
  /// The prices carried between calls.
  public private(set) var state: RouterState
  /// The configuration the router was made with.
  public var configuration: RouterConfiguration { config }

  private let config: RouterConfiguration
  private let ws = RoutingWorkspace()
  /// How far below the old prices the block-coordinate step looks for column candidates (speed only):
  /// one window for the first step of a call (a new batch moves the order statistics more) and one for
  /// the later steps.
  private var windows: (first: Float, later: Float) = (.infinity, .infinity)
  /// The short lists' width in units of those windows (speed only): doubled when too many lists do not
  /// settle their rows, halved when too many overflow, narrowed a little when almost none fall back.
  private var shortlistScale: Float = 2

  /// Makes a router, optionally starting from saved prices.
  ///
  /// - Throws: ``RoutingError/invalidArgument(_:)`` if the configuration is out of range or the state has
  ///   the wrong number of prices; ``RoutingError/nonFinite(_:)`` if a price is NaN or infinite.
  public init(_ configuration: RouterConfiguration, state: RouterState? = nil) throws {
    try configuration.validate()
    config = configuration
    if let state {
      try Self.check(prices: state.prices, experts: configuration.experts)
      guard state.calls >= 0 else {
        throw RoutingError.invalidArgument("state.calls must be non-negative, got \(state.calls)")
      }
      self.state = state
    } else {
      self.state = RouterState(prices: Array(repeating: 0, count: configuration.experts), calls: 0)
    }
  }

  private static func check(prices: [Float], experts: Int) throws {
    guard prices.count == experts else {
      throw RoutingError.invalidArgument("expected \(experts) prices, got \(prices.count)")
    }
    if let j = prices.firstIndex(where: { !$0.isFinite }) {
      throw RoutingError.nonFinite("price of expert \(j) is \(prices[j])")
    }
  }

  /// The configured capacity of each expert for a batch of `tokens` (`C = ceil(T·k/E·factor)` for a factor).
  public func capacities(tokens: Int) -> [Int] { config.capacities(tokens: max(0, tokens)) }

  /// Replaces the prices (for example with all-reduced prices, or a fixed selection bias for `.none`).
  ///
  /// - Throws: ``RoutingError/invalidArgument(_:)`` for a wrong count, ``RoutingError/nonFinite(_:)`` for NaN.
  public func setPrices(_ prices: [Float]) throws {
    try Self.check(prices: prices, experts: config.experts)
    state.prices = prices
    windows = (.infinity, .infinity)
  }

  /// Forgets the prices (all zero) and the call count.
  public func reset() {
    state = RouterState(prices: Array(repeating: 0, count: config.experts), calls: 0)
    windows = (.infinity, .infinity)
  }

  /// Adapts the prices from expert loads counted elsewhere (for example all-reduced across data-parallel
  /// ranks), without routing.
  ///
  /// With `.signStep(gamma)` this is DeepSeek-V3's update `β += γ·sign(load − mean load)` (Megatron-LM
  /// `get_updated_expert_bias`). The solvers that compute prices from scores (`.blockCoordinate`,
  /// `.sinkhorn`, `.exact`) take a projected sign step on the dual toward the capacities,
  /// `β_j ← max(0, β_j + 10⁻³·sign(load_j − C_j))`, so a persistently overfull expert becomes dearer.
  /// `.none` keeps its fixed prices.
  ///
  /// - Throws: ``RoutingError/invalidArgument(_:)`` if `load` does not have one non-negative count per
  ///   expert or `tokens` is negative.
  public func observe(load: [Int32], tokens: Int) throws {
    let E = config.experts
    guard load.count == E else { throw RoutingError.invalidArgument("expected \(E) loads, got \(load.count)") }
    guard tokens >= 0 else { throw RoutingError.invalidArgument("tokens must be non-negative, got \(tokens)") }
    if let j = load.firstIndex(where: { $0 < 0 }) {
      throw RoutingError.invalidArgument("load of expert \(j) is negative (\(load[j]))")
    }
    guard tokens > 0 else { return }
    switch config.solver {
    case .none: break
    case .signStep(let gamma):
      let mean = Float(load.reduce(0) { $0 + Int($1) }) / Float(E)
      for j in 0..<E { state.prices[j] += gamma * signum(Float(load[j]) - mean) }
    case .blockCoordinate, .sinkhorn, .exact:
      let c = capacities(tokens: tokens)
      for j in 0..<E { state.prices[j] = max(0, state.prices[j] + 1e-3 * signum(Float(Int(load[j]) - c[j]))) }
    }
    state.calls += 1
  }

  /// Routes a batch given as a row-major `T×E` array of router logits.
  ///
  /// - Throws: ``RoutingError/invalidArgument(_:)`` if `scores.count != tokens·experts`;
  ///   ``RoutingError/nonFinite(_:)`` naming the first NaN or infinite score.
  public func route(scores: [Float], tokens: Int) throws -> Routing {
    let E = config.experts, k = config.k
    guard tokens >= 0 else { throw RoutingError.invalidArgument("tokens must be non-negative, got \(tokens)") }
    guard scores.count == tokens * E else {
      throw RoutingError.invalidArgument("scores has \(scores.count) values; \(tokens) tokens × \(E) experts need \(tokens * E)")
    }
    var ids = [Int32](repeating: -1, count: tokens * k)
    var weights = [Float](repeating: 0, count: tokens * k)
    var load = [Int32](repeating: 0, count: E)
    let stats = try scores.withUnsafeBufferPointer { s in
      try ids.withUnsafeMutableBufferPointer { i in
        try weights.withUnsafeMutableBufferPointer { w in
          try load.withUnsafeMutableBufferPointer { l in
            try route(scores: s, tokens: tokens, rowStride: E, expertIDs: i, weights: w, load: l)
          }
        }
      }
    }
    return Routing(
      tokens: tokens, k: k, expertIDs: ids, weights: weights, load: load, prices: state.prices, stats: stats)
  }

  /// Routes a batch into caller-owned buffers; allocation-free after the first call of a given size
  /// (except for the repair's small per-round lists when slots overflow, and a few words per threaded
  /// step).
  ///
  /// - Parameters:
  ///   - scores: Row `t` starts at `t·rowStride`; `E` logits per row.
  ///   - expertIDs: At least `T·k` entries; receives ids row-major.
  ///   - weights: At least `T·k` entries.
  ///   - load: At least `E` entries, or nil.
  /// - Returns: The stats and certificate; the new prices are in ``state``.
  /// - Throws: ``RoutingError/invalidArgument(_:)`` for a buffer too small or a stride below `E`;
  ///   ``RoutingError/nonFinite(_:)`` naming the row and column of the first NaN or infinite score.
  /// - Postconditions: ids of a token are distinct; `load ≤ C` with `.reroute`; no slot is dropped when
  ///   `Σ min(C_j, T) ≥ T·k` (except in a corner case the repair's length-2 paths cannot fix); weights are
  ///   finite and non-negative; `T = 0` changes nothing.
  public func route(
    scores: UnsafeBufferPointer<Float>, tokens: Int, rowStride: Int,
    expertIDs: UnsafeMutableBufferPointer<Int32>, weights: UnsafeMutableBufferPointer<Float>,
    load: UnsafeMutableBufferPointer<Int32>?
  ) throws -> RoutingStats {
    let E = config.experts, k = config.k, T = tokens
    guard T >= 0 else { throw RoutingError.invalidArgument("tokens must be non-negative, got \(T)") }
    guard rowStride >= E else {
      throw RoutingError.invalidArgument("rowStride \(rowStride) is smaller than the number of experts \(E)")
    }
    if let load {
      guard load.count >= E else {
        throw RoutingError.invalidArgument("load buffer has \(load.count) entries for \(E) experts")
      }
    }
    guard T > 0 else {
      if let load { for j in 0..<E { load[j] = 0 } }
      return RoutingStats()
    }
    guard scores.count >= (T - 1) * rowStride + E else {
      throw RoutingError.invalidArgument(
        "scores buffer has \(scores.count) values; \(T) rows of stride \(rowStride) need \((T - 1) * rowStride + E)")
    }
    guard expertIDs.count >= T * k else {
      throw RoutingError.invalidArgument("expertIDs buffer has \(expertIDs.count) entries; \(T)×\(k) needed")
    }
    guard weights.count >= T * k else {
      throw RoutingError.invalidArgument("weights buffer has \(weights.count) entries; \(T)×\(k) needed")
    }
    let x = scores.baseAddress!
    let threads = config.threads(tokens: T)
    // The first best-response pass of `.none` and `.blockCoordinate` checks the scores as it reads them
    // (when it reads the inputs themselves); the other paths check first.
    let transformsScores = config.priceSpace == .scores && config.score != .identity
    var checksInFirstPass = false
    if !transformsScores {
      switch config.solver {
      case .none, .blockCoordinate: checksInFirstPass = true
      default: break
      }
    }
    if !checksInFirstPass { try checkFinite(x, tokens: T, experts: E, stride: rowStride, threads: threads) }
    var firstNonFinite = T

    // Selection scores.
    let s: UnsafePointer<Float>
    let sStride: Int
    if transformsScores {
      let m = ws.matrix.reserve(T * E)
      applyScoreFunction(logits: x, stride: rowStride, tokens: T, experts: E, score: config.score, into: m)
      s = UnsafePointer(m)
      sStride = E
    } else {
      s = x
      sStride = rowStride
    }
    // Effective capacities min(C_j, T).
    let caps = ws.capacities.reserve(E)
    var totalCapacity = 0
    switch config.capacity {
    case .unbounded: for j in 0..<E { caps[j] = T }
    case .factor(let f):
      let c = (Double(T) * Double(k) / Double(E) * f).rounded(.up)
      let clipped = c >= Double(T) ? T : Int(c)
      for j in 0..<E { caps[j] = clipped }
    case .perExpert(let c): for j in 0..<E { caps[j] = min(c[j], T) }
    }
    for j in 0..<E { totalCapacity += caps[j] }
    let equality = totalCapacity <= T * k

    let beta = ws.prices.reserve(E)
    for j in 0..<E { beta[j] = state.prices[j] }
    let ids = expertIDs.baseAddress!
    let loads = ws.load.reserve(E)
    for j in 0..<E { loads[j] = 0 }
    let outside = ws.outside.reserve(T)
    let topSums = ws.topSums.reserve(T)
    // Each slot's `s − β` and `s` from the pass that chose it (the repair's surplus; the per-token outputs).
    let slotValues = ws.slotValues.reserve(T * k)
    let slotScores = ws.slotScores.reserve(T * k)
    let scratch = BestResponsePass.Scratch(
      values: ws.rowValues.reserve(threads * (E + 48)), indices: ws.rowIndices.reserve(threads * (E + 48)),
      loads: ws.threadLoads.reserve(threads * E), counts: ws.threadCounts.reserve(threads * E))
    let pass = BestResponsePass(scores: s, stride: sStride, tokens: T, experts: E, k: k, threads: threads)

    var iterations = 0
    var converged = true
    var minKth: Float = 0
    var returned = beta
    var exactDropped: Int? = nil
    switch config.solver {
    case .none:
      minKth = pass.run(
        prices: beta, ids: ids, load: loads, alpha: nil, outside: outside, topSums: topSums, slotValues: slotValues,
        slotScores: slotScores,
        collector: nil, firstNonFinite: &firstNonFinite, scratch: scratch)
      try Self.throwIfNonFinite(x, row: firstNonFinite, tokens: T, experts: E, stride: rowStride)
    case .signStep(let gamma):
      minKth = pass.run(
        prices: beta, ids: ids, load: loads, alpha: nil, outside: outside, topSums: topSums, slotValues: slotValues,
        slotScores: slotScores,
        collector: nil, scratch: scratch)
      iterations = 1
      let next = ws.nextPrices.reserve(E)
      let mean = Float(T * k) / Float(E)
      for j in 0..<E { next[j] = beta[j] + gamma * signum(Float(loads[j]) - mean) }
      returned = next
    case .blockCoordinate(let maxIterations, let tolerance):
      (iterations, converged, minKth) = try blockCoordinate(
        maxIterations: maxIterations, tolerance: tolerance, pass: pass, capacities: caps, equality: equality,
        prices: beta, ids: ids, load: loads, outside: outside, topSums: topSums, slotValues: slotValues,
        slotScores: slotScores,
        scratch: scratch, logits: checksInFirstPass ? (x, rowStride) : nil)
    case .sinkhorn(let tolerance, let maxIterations):
      (iterations, converged) = sinkhornPrices(
        scores: s, stride: sStride, tokens: T, experts: E, tolerance: tolerance, maxIterations: maxIterations,
        kernel: ws.candidates.reserve(T * E), rowScale: ws.alpha.reserve(T), columnSums: ws.columnSums.reserve(E),
        prices: beta)
      minKth = pass.run(
        prices: beta, ids: ids, load: loads, alpha: nil, outside: outside, topSums: topSums, slotValues: slotValues,
        slotScores: slotScores,
        collector: nil, scratch: scratch)
    case .exact:
      let exact = ExactAssignment(scores: s, stride: sStride, tokens: T, experts: E, k: k, capacities: caps)
      let result = exact.run(ids: ids, load: loads, prices: beta)
      iterations = result.augmentations
      exactDropped = result.dropped
      // The best response to the exact prices, for the dual and the repair's reference values.
      let scratchLoad = ws.scratchLoad.reserve(E)
      for j in 0..<E { scratchLoad[j] = 0 }
      minKth = pass.run(
        prices: beta, ids: ws.scratchIDs.reserve(T * k), load: scratchLoad, alpha: nil, outside: outside,
        topSums: topSums, collector: nil, scratch: scratch)
    }

    // Capacity.
    var overflow = 0
    for j in 0..<E where Int(loads[j]) > caps[j] { overflow += Int(loads[j]) - caps[j] }
    var rerouted = 0
    var dropped = 0
    var sortsSlots = false
    // The ids are the last pass's at `beta` (but for `.exact`, which has no repair), with their scores in
    // `slotScores`, in order; `changed` flags the tokens the repair changes (nil: any may differ).
    var changed: UnsafeMutablePointer<UInt8>? = nil
    if exactDropped == nil && config.overflow == .reroute {
      let flags = ws.changedTokens.reserve(T)
      flags.initialize(repeating: 0, count: T)
      changed = flags
    }
    if let exactDropped {
      dropped = exactDropped
      overflow = iterations + exactDropped
      sortsSlots = true
    } else if overflow > 0 || totalCapacity < T * k {
      switch config.overflow {
      case .reroute:
        let repair = CapacityRepair(
          scores: s, stride: sStride, tokens: T, experts: E, k: k, prices: beta, outside: outside, capacities: caps,
          slotValues: slotValues)
        (rerouted, dropped) = repair.run(
          ids: ids, load: loads, remaining: ws.remaining.reserve(E), changed: changed!, workspace: ws)
        sortsSlots = true
      case .drop:
        dropped = greedyDrop(ids: ids, tokens: T, experts: E, k: k, capacities: caps, load: loads)
      }
    }

    // Per token, in concurrent blocks of tokens (C, `nash_rk_token_outputs`; one gather of the chosen
    // columns while the ids are hot): the ids ordered by reduced score after a repair, the selection score
    // of every slot (summed for the primal below, in slot order), and softmax gate weights (other score
    // functions' weights in Swift, `gateWeights`).
    let w = weights.baseAddress!, score = config.score, renormalize = config.renormalize
    let routeScale = config.routeScale
    let sortPrices: UnsafePointer<Float>? = sortsSlots ? UnsafePointer(beta) : nil
    forEachRowBlock(rows: T, blocks: threads) { _, rows in
      nash_rk_token_outputs(
        s, sStride, x, rowStride, rows.lowerBound, rows.upperBound, E, k, ids, sortPrices, slotScores, changed,
        score == .softmax ? w : nil, renormalize ? 1 : 0, routeScale)
      if score != .softmax {
        gateWeights(
          logits: x, stride: rowStride, rows: rows, experts: E, k: k, ids: ids, weights: w, score: score,
          renormalize: renormalize, routeScale: routeScale)
      }
    }

    // Certificate at the returned prices.
    var primal = 0.0
    var assigned = 0
    for p in 0..<(T * k) where ids[p] >= 0 {
      primal += Double(slotScores[p])
      assigned += 1
    }
    if returned != beta {
      let scratchLoad = ws.scratchLoad.reserve(E)
      for j in 0..<E { scratchLoad[j] = 0 }
      minKth = pass.run(
        prices: returned, ids: ws.scratchIDs.reserve(T * k), load: scratchLoad, alpha: nil, outside: nil,
        topSums: topSums, collector: nil, scratch: scratch)
    }
    var smallest = Float.infinity
    for j in 0..<E { smallest = min(smallest, returned[j]) }
    let shift = Double(smallest)
    var dual = 0.0
    for t in 0..<T { dual += topSums[t] }
    dual += Double(T * k) * shift
    for j in 0..<E { dual += Double(caps[j]) * (Double(returned[j]) - shift) }
    if assigned < T * k {
      // Slots were dropped: bound against the best routing of `assigned` slots (shifted LP, see RoutingStats).
      let c = max(0, -(Double(minKth) + shift))
      dual += c * Double(T * k - assigned)
    }
    var maxLoad: Int32 = 0
    for j in 0..<E { maxLoad = max(maxLoad, loads[j]) }

    if let load { for j in 0..<E { load[j] = loads[j] } }
    for j in 0..<E { state.prices[j] = returned[j] }
    state.calls += 1

    return RoutingStats(
      iterations: iterations, overflowBeforeRepair: overflow, rerouted: rerouted, dropped: dropped,
      maxOverMean: Double(maxLoad) / (Double(T * k) / Double(E)), primal: primal, dual: dual,
      gapPerToken: (dual - primal) / Double(T), hasConverged: converged)
  }

  /// The default solver: warm start, midpoint block-coordinate steps while the KKT conditions fail.
  private func blockCoordinate(
    maxIterations: Int, tolerance: Double, pass: BestResponsePass, capacities caps: UnsafeMutablePointer<Int>,
    equality: Bool, prices beta: UnsafeMutablePointer<Float>, ids: UnsafeMutablePointer<Int32>,
    load: UnsafeMutablePointer<Int32>, outside: UnsafeMutablePointer<Float>, topSums: UnsafeMutablePointer<Double>,
    slotValues: UnsafeMutablePointer<Float>, slotScores: UnsafeMutablePointer<Float>,
    scratch: BestResponsePass.Scratch, logits: (pointer: UnsafePointer<Float>, stride: Int)?
  ) throws -> (iterations: Int, converged: Bool, minKth: Float) {
    let T = pass.tokens, E = pass.experts, k = pass.k
    let budget = tolerance * Double(T * k)
    let canIterate = maxIterations > 0 && k < E
    let alpha = ws.alpha.reserve(T)
    let lower = ws.lower.reserve(E)
    let counts = ws.candidateCounts.reserve(E)
    let candidateStride = BestResponsePass.candidateStride(tokens: T)
    let candidates = canIterate ? ws.candidates.reserve(candidateStride * E) : ws.candidates.pointer
    func collector(firstStep: Bool) -> BestResponsePass.Collector {
      let window = firstStep ? windows.first : windows.later
      // Without equality, values ≤ 0 only ever matter through a clipped price (see MidpointColumnStep).
      for j in 0..<E { lower[j] = equality ? beta[j] - window : max(beta[j] - window, 0) }
      return BestResponsePass.Collector(lower: lower, buffer: candidates, columnStride: candidateStride, counts: counts)
    }
    // Short lists (speed only; see `nash_rk_shortlist`): when the previous call's windows say the prices
    // move little within a call, the first pass lists each row's columns within `width` of its top k and
    // the later passes read only those (rows whose list does not settle them take the full pass).
    let width = shortlistScale * (windows.first + windows.later)
    let listed = canIterate && k + 1 <= 16 && E >= 32 && width.isFinite
    let list = ws.shortlist.reserve(1)
    let listPrices = ws.shortlistPrices.reserve(E)
    var firstNonFinite = T
    if listed {
      let capacity = min(E, 3 * (k + 1) + 24), listStride = capacity + 8
      list.pointee = nash_rk_shortlist(
        capacity: capacity, stride: listStride, counts: ws.shortlistCounts.reserve(T),
        indices: ws.shortlistIndices.reserve(T * listStride), scores: ws.shortlistScores.reserve(T * listStride),
        bounds: ws.shortlistBounds.reserve(T), width: width,
        delta_min: 0, offset_min: 0, magnitude: 0)
      for j in 0..<E { listPrices[j] = beta[j] }
    }
    var minKth = withUnsafeMutablePointer(to: &firstNonFinite) { bad in
      pass.run(
        prices: beta, ids: ids, load: load, alpha: alpha, outside: outside, topSums: topSums, slotValues: slotValues,
        slotScores: slotScores,
        collector: canIterate ? collector(firstStep: true) : nil, shortlist: listed ? .build(list) : nil,
        firstNonFinite: logits != nil ? bad : nil, scratch: scratch)
    }
    if let logits {
      try Self.throwIfNonFinite(logits.pointer, row: firstNonFinite, tokens: T, experts: E, stride: logits.stride)
    }
    var violation = kktViolation(load: load, capacities: caps, prices: beta, experts: E, equality: equality)
    var iterations = 0
    let step = MidpointColumnStep(scores: pass.scores, stride: pass.stride, tokens: T, experts: E)
    let next = ws.nextPrices.reserve(E)
    while canIterate && iterations < maxIterations && Double(violation) > budget {
      iterations += 1
      let (need, fallbacks) = step.run(
        alpha: alpha, prices: beta, lower: lower, capacities: caps, equality: equality, candidates: candidates,
        candidateStride: candidateStride, counts: counts, next: next,
        selection: ws.selection.reserve(MidpointColumnStep.selectionScratch(tokens: T, threads: pass.threads)),
        threads: pass.threads)
      let window: Float = fallbacks > max(1, E / 16) ? .infinity : 2.5 * need + 1e-3
      if iterations == 1 { windows.first = window } else { windows.later = window }
      for j in 0..<E {
        beta[j] = next[j]
        load[j] = 0
      }
      let columns = iterations < maxIterations ? collector(firstStep: false) : nil
      if listed {
        // How far the prices moved since the lists were built, and how far below them the collector looks.
        var deltaMin = Float.infinity, offsetMin = Float.infinity, magnitude: Float = 0
        for j in 0..<E {
          deltaMin = min(deltaMin, beta[j] - listPrices[j])
          magnitude = max(magnitude, abs(beta[j]), abs(listPrices[j]))
        }
        if columns != nil {
          for j in 0..<E {
            offsetMin = min(offsetMin, lower[j] - beta[j])
            if lower[j].isFinite { magnitude = max(magnitude, abs(lower[j])) }
          }
        }
        list.pointee.delta_min = deltaMin
        list.pointee.offset_min = offsetMin
        list.pointee.magnitude = 4 * magnitude
      }
      var rowsFallingBack = 0
      minKth = pass.run(
        prices: beta, ids: ids, load: load, alpha: alpha, outside: outside, topSums: topSums, slotValues: slotValues,
        slotScores: slotScores,
        collector: columns,
        shortlist: listed ? .use(list) : nil, fallbacks: &rowsFallingBack, scratch: scratch)
      if listed && iterations == 1 {
        // Too narrow (lists that do not settle their rows), too wide (lists over capacity), or wider
        // than needed (almost no row falls back: try narrower lists, which are cheaper to read)?
        var overfull = 0
        for t in 0..<T where list.pointee.counts[t] < 0 { overfull += 1 }
        if rowsFallingBack - overfull > T / 32 {
          shortlistScale = min(2 * shortlistScale, 16)
        } else if overfull > T / 32 {
          shortlistScale = max(shortlistScale / 2, 0.25)
        } else if rowsFallingBack < T / 256 {
          shortlistScale = max(shortlistScale * 0.8, 0.25)
        }
      }
      violation = kktViolation(load: load, capacities: caps, prices: beta, experts: E, equality: equality)
    }
    return (iterations, Double(violation) <= budget, minKth)
  }

  /// Throws `.nonFinite` naming the first NaN or infinite score (the first in row order, however many
  /// blocks of rows are checked concurrently).
  private func checkFinite(
    _ x: UnsafePointer<Float>, tokens T: Int, experts E: Int, stride: Int, threads: Int
  ) throws {
    let blocks = max(1, min(threads, T))
    let firstBad = UnsafeMutablePointer<Int>.allocate(capacity: blocks)
    defer { firstBad.deallocate() }
    firstBad.initialize(repeating: T, count: blocks)
    forEachRowBlock(rows: T, blocks: blocks) { b, rows in
      firstBad[b] = Self.firstNonFiniteRow(x, rows: rows, experts: E, stride: stride) ?? T
    }
    var t = T
    for b in 0..<blocks { t = min(t, firstBad[b]) }
    try Self.throwIfNonFinite(x, row: t, tokens: T, experts: E, stride: stride)
  }

  /// Throws `.nonFinite` naming the first NaN or infinite score of row `t` (nothing when `t == T`).
  private static func throwIfNonFinite(
    _ x: UnsafePointer<Float>, row t: Int, tokens T: Int, experts E: Int, stride: Int
  ) throws {
    guard t < T else { return }
    let row = x + t * stride
    for j in 0..<E where !row[j].isFinite {
      throw RoutingError.nonFinite("score at row \(t), column \(j) is \(row[j])")
    }
  }

  private static func firstNonFiniteRow(
    _ x: UnsafePointer<Float>, rows: Range<Int>, experts E: Int, stride: Int
  ) -> Int? {
    for t in rows {
      let row = x + t * stride
      // x·0 is 0 for finite x and NaN otherwise; eight lanes keep the additions independent.
      var lanes = SIMD8<Float>(repeating: 0)
      var j = 0
      while j + 8 <= E {
        lanes += UnsafeRawPointer(row + j).loadUnaligned(as: SIMD8<Float>.self) * 0
        j += 8
      }
      var probe = lanes.sum()
      while j < E {
        probe += row[j] * 0
        j += 1
      }
      if !(probe == 0) { return t }
    }
    return nil
  }
}

@inline(__always)
func signum(_ v: Float) -> Float { v > 0 ? 1 : v < 0 ? -1 : 0 }
