/// The part of a router that persists between calls: its per-expert prices.
///
/// Warm-starting from the prices of the previous batch is what makes routing adaptive; a state
/// round-trips through `Codable` so it can be saved and restored.
public struct RouterState: Codable, Sendable, Equatable {
  /// One price per expert, in the units of the price space (subtracted before selection).
  public var prices: [Float]
  /// How many non-empty batches the router has routed or observed.
  public var calls: Int

  /// A state with the given prices.
  public init(prices: [Float], calls: Int = 0) {
    self.prices = prices
    self.calls = calls
  }
}

/// What one routing call did, with its optimality certificate.
///
/// `primal` is the total selection score of the routed slots, `dual` the routing LP's dual objective at the
/// returned prices (shifted so that the cheapest expert costs 0, which changes no selection). By weak
/// duality `dual ≥ OPT ≥ primal`, so `gapPerToken = (dual − primal)/T` bounds how much score per token any
/// capacity-feasible routing could still gain. When slots were dropped, the bound is against the best
/// routing of the same number of slots.
public struct RoutingStats: Codable, Sendable, Equatable {
  /// Dual iterations (block-coordinate or Sinkhorn), 1 for a sign step, augmentations for `.exact`.
  public var iterations: Int
  /// Slots over capacity in the best response to the final prices, before repair or dropping.
  public var overflowBeforeRepair: Int
  /// Slots moved to another expert by the repair.
  public var rerouted: Int
  /// Slots returned as −1.
  public var dropped: Int
  /// The largest expert load over the mean `T·k/E` (1 is perfect balance).
  public var maxOverMean: Double
  /// Total selection score of the routed slots.
  public var primal: Double
  /// The dual objective at the returned prices, an upper bound on the best feasible routing.
  public var dual: Double
  /// `(dual − primal)/T ≥ 0`: a certified bound on the per-token score left on the table.
  public var gapPerToken: Double
  /// Whether the price solver met its stopping rule (KKT conditions or tolerance) within its iteration limit.
  public var hasConverged: Bool

  /// Stats with every field given.
  public init(
    iterations: Int = 0, overflowBeforeRepair: Int = 0, rerouted: Int = 0, dropped: Int = 0,
    maxOverMean: Double = 0, primal: Double = 0, dual: Double = 0, gapPerToken: Double = 0,
    hasConverged: Bool = true
  ) {
    self.iterations = iterations
    self.overflowBeforeRepair = overflowBeforeRepair
    self.rerouted = rerouted
    self.dropped = dropped
    self.maxOverMean = maxOverMean
    self.primal = primal
    self.dual = dual
    self.gapPerToken = gapPerToken
    self.hasConverged = hasConverged
  }
}

/// The routing of one batch of tokens.
public struct Routing: Sendable, Equatable {
  /// `T`, the number of tokens.
  public var tokens: Int
  /// Experts per token.
  public var k: Int
  /// `T·k` expert ids, row-major; a token's ids are distinct and ordered by reduced score
  /// (score − price), best first; −1 only for a dropped slot.
  public var expertIDs: [Int32]
  /// `T·k` gate weights from the unbiased scores, renormalised if configured, times `routeScale`; 0 for a
  /// dropped slot. Never negative, never NaN.
  public var weights: [Float]
  /// Tokens per expert (`E`).
  public var load: [Int32]
  /// The router's prices after this call (`E`).
  public var prices: [Float]
  /// Iterations, repair counts and the certificate.
  public var stats: RoutingStats
}
