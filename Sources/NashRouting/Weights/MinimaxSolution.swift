/// How the adversary (the scenario player) is scored: the risk attitude of the weights.
///
/// - ``worstCase``: the weights maximise the worst scenario's payoff, `min_j (Aᵀw)_j`
///   (the maximin mixture of von Neumann's minimax theorem).
/// - ``entropic(tau:prior:)``: the adversary pays `τ·KL(q‖p)` for moving its scenario mix q
///   away from the prior p (uniform when nil), so the weights maximise the entropic risk
///   measure `ρ_τ(Aᵀw) = −τ log Σ_j p_j e^{−(Aᵀw)_j/τ}`. τ is in payoff units: τ → 0 gives the
///   worst case and τ → ∞ the prior's expected payoff, so τ is the user's risk tolerance.
///   τ = 0 is the worst case.
public enum RiskMeasure: Codable, Sendable, Equatable {
  /// The maximin (worst-case) criterion.
  case worstCase
  /// The entropic risk measure with temperature `tau ≥ 0` (payoff units) and a prior over the
  /// scenarios (a distribution of length `scenarios`; nil: uniform).
  case entropic(tau: Double, prior: [Double]? = nil)
}

/// How ``robustWeights(payoff:risk:method:warmStart:)`` solves the minimax problem.
public enum MinimaxMethod: Codable, Sendable, Equatable {
  /// To optimality. Worst case: the LP by the core dense simplex (``Nash/ZeroSumLP``), with
  /// column generation when scenarios far outnumber experts. Entropic: a primal barrier
  /// Newton method aiming at a duality gap of 1e-10 of the payoff range (`hasConverged`
  /// when the certified gap is at most 1e-9 of the range).
  case exact
  /// A first-order method, warm-startable, stopped at a duality gap of `tolerance` times the
  /// payoff range or after `maxIterations`. Worst case: optimistic multiplicative weights
  /// for both players (``Nash/OptimisticHedge``); entropic: exponentiated gradient for the
  /// weights against the adversary's exact softmax response.
  case optimisticHedge(maxIterations: Int = 10_000, tolerance: Double = 1e-6)
}

/// Minimax expert weights with the adversary's scenario mix and a certificate.
///
/// For any returned `(weights, scenarioWeights)`, `lowerBound ≤ v* ≤ upperBound`, where v* is
/// the optimal value of the chosen ``RiskMeasure``; both bounds are computed from the
/// original table, independently of the solver:
/// - worst case: `lowerBound = min_j (Aᵀw)_j`, `upperBound = max_i (A q)_i`;
/// - entropic(τ, p): `lowerBound = ρ_τ(Aᵀw)`, `upperBound = max_i (A q)_i + τ·KL(q‖p)` with
///   `q = softmax(log p − Aᵀw/τ)`, the adversary's exact response to w.
///
/// Postconditions: `weights` and `scenarioWeights` are distributions (finite, non-negative,
/// summing to 1); `gap = upperBound − lowerBound ≥ 0`; `lowerBound ≤ value ≤ upperBound`.
public struct MinimaxSolution: Codable, Sendable, Equatable {
  /// w, a distribution over the experts.
  public var weights: [Double]
  /// q, the adversary's scenario mix (a distribution over the scenarios).
  public var scenarioWeights: [Double]
  /// The objective at the returned weights (worst case by LP: the LP value).
  public var value: Double
  /// A guaranteed lower bound on the optimal value (what `weights` secures).
  public var lowerBound: Double
  /// A guaranteed upper bound on the optimal value (what `scenarioWeights` concedes at most).
  public var upperBound: Double
  /// `upperBound − lowerBound`, never negative.
  public var gap: Double
  /// Simplex pivots, Newton steps, or first-order iterations.
  public var iterations: Int
  /// Whether the method met its stopping rule rather than its iteration budget.
  public var hasConverged: Bool

  /// Creates a solution; also the way to build a warm start from stored weights
  /// (only `weights` and `scenarioWeights` are read from a warm start).
  public init(
    weights: [Double], scenarioWeights: [Double], value: Double = 0, lowerBound: Double = 0,
    upperBound: Double = 0, iterations: Int = 0, hasConverged: Bool = false
  ) {
    self.weights = weights
    self.scenarioWeights = scenarioWeights
    self.lowerBound = lowerBound
    self.upperBound = max(upperBound, lowerBound)
    self.value = min(max(value, lowerBound), self.upperBound)
    self.gap = self.upperBound - lowerBound
    self.iterations = iterations
    self.hasConverged = hasConverged
  }
}
