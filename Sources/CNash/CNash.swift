// The C ABI of NashRouting: the functions declared in Sources/CNashABI/include/nasheq.h, implemented with
// @_cdecl. Nothing here may trap on bad input: every pointer, size and option is checked before use, every
// thrown error becomes a negative return code plus a message in the per-thread last-error buffer.
import CNashABI
import NashRouting

// MARK: - Errors

/// Runs one ABI call: returns `NASHEQ_OK`, or the code for the error thrown, with its message recorded.
func abiCall(_ function: StaticString, _ body: () throws -> Void) -> Int32 {
  do {
    try body()
    return NASHEQ_OK
  } catch let error as RoutingError {
    let code: Int32
    switch error {
    case .invalidArgument: code = NASHEQ_INVALID_ARGUMENT
    case .nonFinite: code = NASHEQ_NON_FINITE
    case .infeasible: code = NASHEQ_INFEASIBLE
    case .internalFailure: code = NASHEQ_INTERNAL
    }
    setLastError("\(function): \(error.description)")
    return code
  } catch {
    setLastError("\(function): \(error)")
    return NASHEQ_INTERNAL
  }
}

func setLastError(_ message: String) {
  message.withCString { nasheq_internal_set_last_error($0) }
}

/// The pointer, or an `invalidArgument` error naming the parameter.
func required<T>(_ pointer: T?, _ name: String) throws -> T {
  guard let pointer else { throw RoutingError.invalidArgument("\(name) is NULL") }
  return pointer
}

/// `count` as an `Int`, or an error when it is negative.
func nonNegative<T: BinaryInteger>(_ count: T, _ name: String) throws -> Int {
  guard count >= 0, let value = Int(exactly: count) else {
    throw RoutingError.invalidArgument("\(name) must be non-negative (got \(count))")
  }
  return value
}

// MARK: - Router handles

/// What an opaque `nasheq_router *` points to.
final class RouterHandle {
  let router: EquilibriumRouter
  init(_ router: EquilibriumRouter) { self.router = router }

  static func from(_ pointer: OpaquePointer?) throws -> RouterHandle {
    let pointer = try required(pointer, "router")
    return Unmanaged<RouterHandle>.fromOpaque(UnsafeRawPointer(pointer)).takeUnretainedValue()
  }
}

extension RouterConfiguration {
  /// The configuration a C caller described, with every field checked.
  init(_ c: nasheq_router_config) throws {
    guard c.experts >= 1 else { throw RoutingError.invalidArgument("experts must be at least 1 (got \(c.experts))") }
    guard c.k >= 1, c.k <= c.experts else {
      throw RoutingError.invalidArgument("k must be in 1...experts = 1...\(c.experts) (got \(c.k))")
    }
    guard c.max_iterations >= 0 else {
      throw RoutingError.invalidArgument("max_iterations must be non-negative (got \(c.max_iterations))")
    }
    for (name, value) in [("gamma", c.gamma), ("tolerance", c.tolerance), ("route_scale", c.route_scale)] {
      guard value.isFinite, value >= 0 else {
        throw RoutingError.invalidArgument("\(name) must be finite and non-negative (got \(value))")
      }
    }
    let score: ScoreFunction
    switch c.score_fn {
    case NASHEQ_SCORE_SOFTMAX: score = .softmax
    case NASHEQ_SCORE_SIGMOID: score = .sigmoid
    case NASHEQ_SCORE_SQRT_SOFTPLUS: score = .sqrtSoftplus
    case NASHEQ_SCORE_IDENTITY: score = .identity
    default: throw RoutingError.invalidArgument("score_fn must be 0...3 (got \(c.score_fn))")
    }
    let iterations = Int(c.max_iterations)
    let solver: PriceSolver
    switch c.solver {
    case NASHEQ_SOLVER_NONE: solver = .none
    case NASHEQ_SOLVER_SIGN_STEP: solver = .signStep(gamma: c.gamma == 0 ? 1e-3 : c.gamma)
    case NASHEQ_SOLVER_BLOCK_COORDINATE:
      solver = .blockCoordinate(maxIterations: iterations == 0 ? 2 : iterations, tolerance: Double(c.tolerance))
    case NASHEQ_SOLVER_SINKHORN:
      solver = .sinkhorn(tolerance: c.tolerance == 0 ? 1e-4 : c.tolerance, maxIterations: iterations == 0 ? 100 : iterations)
    case NASHEQ_SOLVER_EXACT: solver = .exact
    default: throw RoutingError.invalidArgument("solver must be 0...4 (got \(c.solver))")
    }
    let capacity: Capacity
    if let perExpert = c.capacity {
      capacity = .perExpert(UnsafeBufferPointer(start: perExpert, count: Int(c.experts)).map(Int.init))
    } else if c.capacity_factor.isNaN {
      throw RoutingError.invalidArgument("capacity_factor is NaN")
    } else if c.capacity_factor > 0 {
      capacity = .factor(Double(c.capacity_factor))
    } else {
      capacity = .unbounded
    }
    let overflow: OverflowPolicy
    switch c.overflow {
    case NASHEQ_OVERFLOW_REROUTE: overflow = .reroute
    case NASHEQ_OVERFLOW_DROP: overflow = .drop
    default: throw RoutingError.invalidArgument("overflow must be 0 or 1 (got \(c.overflow))")
    }
    let priceSpace: PriceSpace
    switch c.price_space {
    case NASHEQ_PRICE_SPACE_LOGITS: priceSpace = .logits
    case NASHEQ_PRICE_SPACE_SCORES: priceSpace = .scores
    default: throw RoutingError.invalidArgument("price_space must be 0 or 1 (got \(c.price_space))")
    }
    self.init(
      experts: Int(c.experts), k: Int(c.k), score: score, priceSpace: priceSpace, capacity: capacity,
      solver: solver, overflow: overflow, renormalize: c.renormalize != 0,
      routeScale: c.route_scale == 0 ? 1 : c.route_scale)
  }
}

extension nasheq_route_stats {
  init(_ stats: RoutingStats) {
    func clamped(_ value: Int) -> Int32 { Int32(clamping: value) }
    self.init(
      iterations: clamped(stats.iterations), overflow: clamped(stats.overflowBeforeRepair),
      rerouted: clamped(stats.rerouted), dropped: clamped(stats.dropped), max_over_mean: stats.maxOverMean,
      primal: stats.primal, dual: stats.dual, gap_per_token: stats.gapPerToken)
  }
}

// MARK: - Exported functions

@_cdecl("nasheq_abi_version")
public func nasheqABIVersion() -> Int32 { NASHEQ_ABI_VERSION }

@_cdecl("nasheq_router_create")
public func nasheqRouterCreate(
  _ config: UnsafePointer<nasheq_router_config>?, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
  abiCall("nasheq_router_create") {
    let out = try required(out, "out")
    out.pointee = nil
    let configuration = try RouterConfiguration(try required(config, "config").pointee)
    let handle = RouterHandle(try EquilibriumRouter(configuration))
    out.pointee = OpaquePointer(Unmanaged.passRetained(handle).toOpaque())
  }
}

@_cdecl("nasheq_router_route")
public func nasheqRouterRoute(
  _ router: OpaquePointer?, _ scores: UnsafePointer<Float>?, _ tokens: Int64, _ rowStride: Int64,
  _ outIDs: UnsafeMutablePointer<Int32>?, _ outWeights: UnsafeMutablePointer<Float>?,
  _ outLoad: UnsafeMutablePointer<Int32>?, _ stats: UnsafeMutablePointer<nasheq_route_stats>?
) -> Int32 {
  abiCall("nasheq_router_route") {
    let router = try RouterHandle.from(router).router
    let experts = router.configuration.experts, k = router.configuration.k
    let tokens = try nonNegative(tokens, "tokens")
    let rowStride = try nonNegative(rowStride, "row_stride")
    guard rowStride >= experts else {
      throw RoutingError.invalidArgument("row_stride (\(rowStride)) must be at least experts (\(experts))")
    }
    // The extent of the score rows and of the outputs, refusing sizes that overflow.
    let (rows, o1) = tokens == 0 ? (0, false) : (tokens - 1).multipliedReportingOverflow(by: rowStride)
    let (slots, o2) = tokens.multipliedReportingOverflow(by: k)
    guard !o1, !o2, rows <= Int.max - experts else {
      throw RoutingError.invalidArgument("tokens (\(tokens)) × row_stride (\(rowStride)) is too large")
    }
    let scoreCount = tokens == 0 ? 0 : rows + experts
    let scoreBuffer = UnsafeBufferPointer(start: tokens == 0 ? scores : try required(scores, "scores"), count: scoreCount)
    let ids = UnsafeMutableBufferPointer(start: tokens == 0 ? outIDs : try required(outIDs, "out_ids"), count: slots)
    let weights = UnsafeMutableBufferPointer(
      start: tokens == 0 ? outWeights : try required(outWeights, "out_weights"), count: slots)
    let load = outLoad.map { UnsafeMutableBufferPointer(start: $0, count: experts) }
    let result = try router.route(
      scores: scoreBuffer, tokens: tokens, rowStride: rowStride, expertIDs: ids, weights: weights, load: load)
    stats?.pointee = nasheq_route_stats(result)
  }
}

@_cdecl("nasheq_router_get_prices")
public func nasheqRouterGetPrices(_ router: OpaquePointer?, _ out: UnsafeMutablePointer<Float>?, _ n: Int32) -> Int32 {
  abiCall("nasheq_router_get_prices") {
    let router = try RouterHandle.from(router).router
    let out = try required(out, "out")
    let prices = router.state.prices
    guard Int(n) == prices.count else {
      throw RoutingError.invalidArgument("n (\(n)) must equal experts (\(prices.count))")
    }
    for (index, price) in prices.enumerated() { out[index] = price }
  }
}

@_cdecl("nasheq_router_set_prices")
public func nasheqRouterSetPrices(_ router: OpaquePointer?, _ prices: UnsafePointer<Float>?, _ n: Int32) -> Int32 {
  abiCall("nasheq_router_set_prices") {
    let router = try RouterHandle.from(router).router
    let prices = try required(prices, "prices")
    let experts = router.configuration.experts
    guard Int(n) == experts else { throw RoutingError.invalidArgument("n (\(n)) must equal experts (\(experts))") }
    try router.setPrices(Array(UnsafeBufferPointer(start: prices, count: experts)))
  }
}

@_cdecl("nasheq_router_observe_load")
public func nasheqRouterObserveLoad(
  _ router: OpaquePointer?, _ load: UnsafePointer<Int32>?, _ n: Int32, _ tokens: Int64
) -> Int32 {
  abiCall("nasheq_router_observe_load") {
    let router = try RouterHandle.from(router).router
    let load = try required(load, "load")
    let experts = router.configuration.experts
    guard Int(n) == experts else { throw RoutingError.invalidArgument("n (\(n)) must equal experts (\(experts))") }
    try router.observe(load: Array(UnsafeBufferPointer(start: load, count: experts)), tokens: try nonNegative(tokens, "tokens"))
  }
}

@_cdecl("nasheq_router_destroy")
public func nasheqRouterDestroy(_ router: OpaquePointer?) {
  guard let router else { return }
  Unmanaged<RouterHandle>.fromOpaque(UnsafeRawPointer(router)).release()
}
