import Nash
import NashLinearAlgebra

/// Robust ensemble weights: the mixture of experts that does best against an adversarial
/// (or risk-weighted) choice of scenario, with the adversary's scenario mix and certified
/// bounds on the optimal value.
///
/// The payoff table A (experts × scenarios) is read as a zero-sum game in which the
/// experts' mixer w maximises and the scenario player q minimises `wᵀAq` (Freund & Schapire
/// 1999, "Adaptive game playing using multiplicative weights", Games and Economic Behavior
/// 29, https://doi.org/10.1006/game.1999.0738). ``RiskMeasure/worstCase`` gives the maximin
/// weights; ``RiskMeasure/entropic(tau:prior:)`` charges the adversary τ·KL(q‖p) and gives
/// the weights that maximise the entropic risk measure ρ_τ(Aᵀw), between the worst case
/// (τ → 0) and the prior's expected payoff (τ → ∞).
///
/// | risk | ``MinimaxMethod/exact`` | ``MinimaxMethod/optimisticHedge(maxIterations:tolerance:)`` |
/// |---|---|---|
/// | worst case | LP: core dense simplex (``Nash/ZeroSumLP``), column generation when n ≫ m | OMWU, last iterate (``Nash/OptimisticHedge``; Daskalakis & Panageas 2019) |
/// | entropic | barrier Newton to gap 1e-10 of the range | exponentiated gradient vs the exact softmax response (Cen, Wei & Chi 2021) |
///
/// ```swift
/// let pennies = try PayoffTable(rows: [[1, -1], [-1, 1]])
/// let s = try robustWeights(payoff: pennies)
/// // s.weights ≈ [0.5, 0.5], s.value ≈ 0, s.lowerBound ≤ 0 ≤ s.upperBound
/// let cautious = try robustWeights(payoff: pennies, risk: .entropic(tau: 0.1))
/// ```
///
/// - Parameters:
///   - payoff: the table; `payoff[i, j]` is expert i's value in scenario j (larger is better).
///   - risk: the adversary's cost of deviating from the prior (default: none, worst case).
///   - method: exact, or a first-order method with a budget and tolerance (relative to the
///     payoff range `max A − min A`).
///   - warmStart: a previous solution for a table of the same shape; the first-order methods
///     start from it, the entropic exact method starts its barrier path close to it, and the
///     worst-case LP ignores it.
/// - Returns: weights, scenario mix, value and bounds, all computed from the original table.
/// - Throws: ``RoutingError/invalidArgument(_:)`` for τ < 0, NaN or infinite, a prior that is
///   not a distribution over the scenarios, a budget below 0, a tolerance not finite and > 0,
///   or a warm start of the wrong shape or with negative or non-finite entries;
///   ``RoutingError/internalFailure(_:)`` if the LP fails.
/// - Complexity: see each method; O(m·n) memory.
public func robustWeights(
  payoff: PayoffTable, risk: RiskMeasure = .worstCase, method: MinimaxMethod = .exact,
  warmStart: MinimaxSolution? = nil
) throws -> MinimaxSolution {
  let resolved = try ResolvedRisk(risk, scenarios: payoff.scenarios)
  if case .optimisticHedge(let maxIterations, let tolerance) = method {
    guard maxIterations >= 0 else {
      throw RoutingError.invalidArgument("maxIterations must be ≥ 0, not \(maxIterations)")
    }
    guard tolerance.isFinite, tolerance > 0 else {
      throw RoutingError.invalidArgument("the tolerance must be a finite number > 0, not \(tolerance)")
    }
  }
  if let warmStart { try validateWarmStart(warmStart, for: payoff) }
  switch (resolved, method) {
  case (.worstCase, .exact):
    return try WorstCaseLP.solve(payoff)
  case (.worstCase, .optimisticHedge(let maxIterations, let tolerance)):
    return try worstCaseOptimisticHedge(
      payoff, maxIterations: maxIterations, tolerance: tolerance, warmStart: warmStart)
  case (.entropic(let tau, let logPrior), .exact):
    return EntropicBarrierNewton.solve(payoff, tau: tau, logPrior: logPrior, warmStart: warmStart?.weights)
  case (.entropic(let tau, let logPrior), .optimisticHedge(let maxIterations, let tolerance)):
    let (low, high) = payoff.range
    guard high > low else {
      return certify(
        payoff, risk: resolved, weights: [Double](repeating: 1, count: payoff.experts), scenarioWeights: nil,
        iterations: 0, hasConverged: true)
    }
    var solver = EntropicExponentiatedGradient(
      op: PayoffOperator(payoff, low: low, range: high - low), tau: tau / (high - low), logPrior: logPrior,
      start: warmStart?.weights)
    let outcome = solver.run(tolerance: tolerance, maxIterations: maxIterations)
    return certify(
      payoff, risk: resolved, weights: solver.weights, scenarioWeights: nil, iterations: outcome.iterations,
      hasConverged: outcome.converged)
  }
}

/// Throws unless `start` has one finite, non-negative weight per expert and per scenario.
func validateWarmStart(_ start: MinimaxSolution, for table: PayoffTable) throws {
  guard start.weights.count == table.experts, start.scenarioWeights.count == table.scenarios else {
    throw RoutingError.invalidArgument(
      "the warm start has \(start.weights.count) weights and \(start.scenarioWeights.count) scenario weights "
        + "for a \(table.experts)×\(table.scenarios) table")
  }
  for (name, vector) in [("weights", start.weights), ("scenarioWeights", start.scenarioWeights)] {
    if let k = vector.firstIndex(where: { !$0.isFinite || $0 < 0 }) {
      throw RoutingError.invalidArgument("the warm start's \(name)[\(k)] is \(vector[k]); it must be finite and ≥ 0")
    }
    guard vector.reduce(0, +) > 0 else {
      throw RoutingError.invalidArgument("the warm start's \(name) are all zero")
    }
  }
}

/// Worst case by optimistic multiplicative weights for both players (the core
/// ``Nash/OptimisticHedge``: OMWU last iterate, Daskalakis & Panageas 2019, with its support
/// crossover), from the warm start's profile.
func worstCaseOptimisticHedge(
  _ table: PayoffTable, maxIterations: Int, tolerance: Double, warmStart: MinimaxSolution?
) throws -> MinimaxSolution {
  let game: BimatrixGame
  do {
    game = try BimatrixGame(zeroSumPayoffs: table.rows)
  } catch {
    throw RoutingError.invalidArgument("the payoff table cannot be solved as a game: \(error)")
  }
  var start: StrategyProfile?
  if let warmStart {
    start = StrategyProfile(
      row: MixedStrategy(cleaning: cleanDistribution(warmStart.weights)),
      column: MixedStrategy(cleaning: cleanDistribution(warmStart.scenarioWeights)))
  }
  let solution: ZeroSumSolution
  do {
    solution = try OptimisticHedge(tolerance: tolerance, maxIterations: maxIterations)
      .solveZeroSum(game, warmStart: start)
  } catch {
    throw RoutingError.internalFailure("optimistic hedge failed: \(error)")
  }
  return certify(
    table, risk: .worstCase, weights: solution.rowStrategy.probabilities,
    scenarioWeights: solution.columnStrategy.probabilities, iterations: solution.iterations,
    hasConverged: solution.hasConverged)
}
