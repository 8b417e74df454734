/// Follows the minimax weights of a payoff table that drifts over time ("dynamic Nash"),
/// warm-starting each update from the previous answer and returning a certificate of the
/// current iterate.
///
/// Each ``update(payoff:)`` runs at most ``stepsPerUpdate`` first-order steps from the last
/// weights: for an entropic risk, exponentiated gradient against the adversary's exact
/// softmax response (step size carried across updates); for the worst case, optimistic
/// multiplicative weights for both players (the core ``Nash/OptimisticHedge``). When the table
/// moves little between calls, the previous answer is nearly optimal for the new one, so a
/// few steps keep the duality gap small — the regime studied by Zhang, Zhao, Luo & Zhou
/// (2022), "No-regret learning in time-varying zero-sum games", ICML,
/// https://arxiv.org/abs/2201.12736, and Anagnostides et al. (2023), whose equilibrium gap is
/// bounded by the game's variation. Whatever the drift, the bounds of the returned solution
/// are computed from the current table, so the optimal value always lies between them.
///
/// ```swift
/// let tracker = try GameTracker(experts: 2, scenarios: 2)
/// let s = try tracker.update(payoff: PayoffTable(rows: [[1, 0], [0, 1]]))
/// // s.lowerBound ≤ v* ≤ s.upperBound
/// ```
///
/// An instance is not thread-safe; use one per stream.
/// - Complexity: O(stepsPerUpdate · m · n) per update.
public final class GameTracker {
  /// m, the number of experts.
  public let experts: Int
  /// n, the number of scenarios.
  public let scenarios: Int
  /// The risk measure tracked.
  public let risk: RiskMeasure
  /// The step budget of one update.
  public let stepsPerUpdate: Int
  /// An update stops early once the duality gap is this fraction of the payoff range.
  public static let tolerance = 1e-6
  /// The last solution (nil before the first update).
  public private(set) var current: MinimaxSolution?

  private let resolved: ResolvedRisk
  private var stepSize = 1.0

  /// - Throws: ``RoutingError/invalidArgument(_:)`` if a size or `stepsPerUpdate` is below 1,
  ///   τ is negative, NaN or infinite, or the prior is not a distribution over `scenarios`.
  public init(
    experts: Int, scenarios: Int, risk: RiskMeasure = .entropic(tau: 0.05, prior: nil), stepsPerUpdate: Int = 50
  ) throws {
    guard experts >= 1, scenarios >= 1 else {
      throw RoutingError.invalidArgument("GameTracker needs at least one expert and one scenario, not \(experts)×\(scenarios)")
    }
    guard stepsPerUpdate >= 1 else {
      throw RoutingError.invalidArgument("stepsPerUpdate must be at least 1, not \(stepsPerUpdate)")
    }
    self.experts = experts
    self.scenarios = scenarios
    self.risk = risk
    self.stepsPerUpdate = stepsPerUpdate
    resolved = try ResolvedRisk(risk, scenarios: scenarios)
  }

  /// Advances to `payoff` and returns the certified current weights.
  ///
  /// - Throws: ``RoutingError/invalidArgument(_:)`` if the table's shape differs from the
  ///   tracker's.
  public func update(payoff: PayoffTable) throws -> MinimaxSolution {
    guard payoff.experts == experts, payoff.scenarios == scenarios else {
      throw RoutingError.invalidArgument(
        "the tracker follows \(experts)×\(scenarios) tables; this one is \(payoff.experts)×\(payoff.scenarios)")
    }
    let solution: MinimaxSolution
    switch resolved {
    case .worstCase:
      solution = try worstCaseOptimisticHedge(
        payoff, maxIterations: stepsPerUpdate, tolerance: Self.tolerance, warmStart: current)
    case .entropic(let tau, let logPrior):
      let (low, high) = payoff.range
      if high > low {
        var solver = EntropicExponentiatedGradient(
          op: PayoffOperator(payoff, low: low, range: high - low), tau: tau / (high - low), logPrior: logPrior,
          start: current?.weights)
        solver.stepSize = stepSize
        let outcome = solver.run(tolerance: Self.tolerance, maxIterations: stepsPerUpdate)
        stepSize = solver.stepSize
        solution = certify(
          payoff, risk: resolved, weights: solver.weights, scenarioWeights: nil, iterations: outcome.iterations,
          hasConverged: outcome.converged)
      } else {
        solution = certify(
          payoff, risk: resolved, weights: current?.weights ?? [Double](repeating: 1, count: experts),
          scenarioWeights: nil, iterations: 0, hasConverged: true)
      }
    }
    current = solution
    return solution
  }

  /// Forgets the current weights, so the next update starts cold.
  public func reset() {
    current = nil
    stepSize = 1
  }
}
