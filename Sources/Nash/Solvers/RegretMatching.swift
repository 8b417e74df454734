import NashLinearAlgebra

/// Regret matching for a general-sum bimatrix game: each player plays each strategy with
/// probability proportional to its positive cumulative regret (Hart & Mas-Colell 2000, "A
/// simple adaptive procedure leading to correlated equilibrium", Econometrica 68(5):1127–1150,
/// https://doi.org/10.1111/1468-0262.00153), here in its deterministic, expected-payoff form.
///
/// The empirical joint play converges to the set of coarse correlated equilibria at rate
/// O(1/√T); its gap `max R⁺/T` is reported as ``LearningDynamicsOutcome/coarseCorrelatedGap``.
/// The time-averaged strategies need not approach a Nash equilibrium in a general-sum game
/// (they do in a zero-sum game), so the result reports their Nash regret, certified from the
/// original payoffs, and ``LearningDynamicsOutcome/hasConverged`` is true only when that regret
/// reaches the tolerance.
///
/// ```swift
/// let r = try RegretMatching(tolerance: 1e-3).run(.matchingPennies)
/// // r.hasConverged, r.maxRegret ≤ 1e-3
/// ```
///
/// - Complexity: O(m·n) per iteration (two BLAS dgemv); O(1/ε²) iterations for CCE gap ε.
public struct RegretMatching: EquilibriumSolver {
  public var name: String { "regret-matching" }
  /// Nash regret of the averaged profile to stop at, relative to the payoff scale.
  public var tolerance: Double
  /// The iteration budget.
  public var maxIterations: Int
  /// How often (in iterations) the averaged profile's regret is checked.
  public var checkInterval: Int

  public init(tolerance: Double = 1e-4, maxIterations: Int = 100_000, checkInterval: Int = 100) {
    self.tolerance = tolerance
    self.maxIterations = maxIterations
    self.checkInterval = max(1, checkInterval)
  }

  /// Runs regret matching from uniform play.
  ///
  /// - Throws: ``SolverError/invalidOption(_:)`` for options out of range.
  public func run(_ game: BimatrixGame) throws -> LearningDynamicsOutcome {
    try validateDynamics(tolerance: tolerance, maxIterations: maxIterations)
    let m = game.rowCount, n = game.columnCount
    let a = game.rowMatrix, b = game.columnMatrix
    let limit = tolerance * game.payoffScale
    var regretX = [Double](repeating: 0, count: m), regretY = [Double](repeating: 0, count: n)
    var sumX = [Double](repeating: 0, count: m), sumY = [Double](repeating: 0, count: n)
    var ay = [Double](repeating: 0, count: m), bx = [Double](repeating: 0, count: n)
    var t = 0
    var profile = StrategyProfile(row: .uniform(count: m), column: .uniform(count: n))
    while t < maxIterations {
      let x = Self.matching(regretX), y = Self.matching(regretY)
      a.multiply(y, into: &ay)
      b.multiply(x, transposed: true, into: &bx)
      let u = dot(x, ay), w = dot(y, bx)
      for i in 0..<m { regretX[i] += ay[i] - u; sumX[i] += x[i] }
      for j in 0..<n { regretY[j] += bx[j] - w; sumY[j] += y[j] }
      t += 1
      if t % checkInterval == 0 || t == maxIterations {
        profile = StrategyProfile(row: MixedStrategy(cleaning: sumX), column: MixedStrategy(cleaning: sumY))
        if game.maxRegret(of: profile) <= limit { break }
      }
    }
    let cce = max(regretX.max()!, regretY.max()!, 0) / Double(t)
    let equilibrium = game.certify(profile, exactly: false)
    return LearningDynamicsOutcome(
      equilibrium: equilibrium, iterations: t, hasConverged: equilibrium.maxRegret <= limit,
      coarseCorrelatedGap: cce)
  }

  public func solve(_ game: BimatrixGame) throws -> EquilibriumResult {
    try run(game).result(method: name, tolerance: tolerance)
  }

  /// Play proportional to positive regret (uniform when none is positive).
  static func matching(_ regret: [Double]) -> [Double] {
    let total = regret.reduce(0) { $0 + max(0, $1) }
    guard total > 0 else { return [Double](repeating: 1 / Double(regret.count), count: regret.count) }
    return regret.map { max(0, $0) / total }
  }
}

extension EquilibriumSolver where Self == RegretMatching {
  /// Regret matching (``RegretMatching``).
  public static func regretMatching(
    tolerance: Double = 1e-4, maxIterations: Int = 100_000, checkInterval: Int = 100
  ) -> Self {
    RegretMatching(tolerance: tolerance, maxIterations: maxIterations, checkInterval: checkInterval)
  }
}
