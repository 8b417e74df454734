import NashLinearAlgebra

/// Two-population replicator dynamics: each strategy's share grows in proportion to how much
/// better than average it does (Taylor & Jonker 1978, "Evolutionarily stable strategies and
/// game dynamics", Mathematical Biosciences 40:145–156,
/// https://doi.org/10.1016/0025-5564(78)90077-9):
///
///     ẋ_i = x_i·((A y)_i − xᵀA y),    ẏ_j = y_j·((Bᵀx)_j − xᵀB y),
///
/// integrated by forward Euler with step `h = stepSize / payoffScale`, which keeps every
/// share positive for `stepSize < 1`. Asymptotically stable rest points are Nash equilibria,
/// but the flow may cycle (matching pennies) or approach a rest point that is not an
/// equilibrium only from the boundary, so the last iterate is returned with its certified
/// regret, and ``LearningDynamicsOutcome/hasConverged`` is true only when that regret reached
/// the tolerance.
///
/// ```swift
/// let r = try ReplicatorDynamics().run(.prisonersDilemma)   // → (Defect, Defect)
/// ```
///
/// - Complexity: O(m·n) per step (two BLAS dgemv).
public struct ReplicatorDynamics: EquilibriumSolver {
  public var name: String { "replicator" }
  /// Max regret of the last iterate to stop at, relative to the payoff scale.
  public var tolerance: Double
  /// The step budget.
  public var maxIterations: Int
  /// The Euler step in units of 1/(payoff scale), in (0, 1).
  public var stepSize: Double
  /// Where to start (nil: both players uniform); it should be interior, since a strategy of
  /// share zero never grows.
  public var start: StrategyProfile?

  public init(
    tolerance: Double = 1e-6, maxIterations: Int = 100_000, stepSize: Double = 0.5, start: StrategyProfile? = nil
  ) {
    self.tolerance = tolerance
    self.maxIterations = maxIterations
    self.stepSize = stepSize
    self.start = start
  }

  /// Integrates the dynamics.
  ///
  /// - Throws: ``SolverError/invalidOption(_:)`` for options out of range or a start that
  ///   does not fit the game.
  public func run(_ game: BimatrixGame) throws -> LearningDynamicsOutcome {
    try validateDynamics(tolerance: tolerance, maxIterations: maxIterations)
    guard stepSize.isFinite, stepSize > 0, stepSize < 1 else {
      throw SolverError.invalidOption("the step size must be in (0, 1), not \(stepSize)")
    }
    let m = game.rowCount, n = game.columnCount
    if let start, start.row.count != m || start.column.count != n {
      throw SolverError.invalidOption("the start has \(start.row.count)×\(start.column.count) strategies for a \(m)×\(n) game")
    }
    let a = game.rowMatrix, b = game.columnMatrix
    let scale = game.payoffScale, limit = tolerance * scale, h = stepSize / scale
    var x = start?.row.probabilities ?? [Double](repeating: 1 / Double(m), count: m)
    var y = start?.column.probabilities ?? [Double](repeating: 1 / Double(n), count: n)
    var ay = [Double](repeating: 0, count: m), bx = [Double](repeating: 0, count: n)
    var t = 0
    while t < maxIterations {
      a.multiply(y, into: &ay)
      b.multiply(x, transposed: true, into: &bx)
      let u = dot(x, ay), w = dot(y, bx)
      // The certificate of the current point, from the products already computed.
      if max(ay.max()! - u, bx.max()! - w) <= limit { break }
      var sx = 0.0, sy = 0.0
      for i in 0..<m { x[i] *= 1 + h * (ay[i] - u); sx += x[i] }
      for j in 0..<n { y[j] *= 1 + h * (bx[j] - w); sy += y[j] }
      for i in 0..<m { x[i] /= sx }
      for j in 0..<n { y[j] /= sy }
      t += 1
    }
    let profile = StrategyProfile(
      row: (try? MixedStrategy(x)) ?? MixedStrategy(cleaning: x),
      column: (try? MixedStrategy(y)) ?? MixedStrategy(cleaning: y))
    let equilibrium = game.certify(profile, exactly: false)
    return LearningDynamicsOutcome(
      equilibrium: equilibrium, iterations: t, hasConverged: equilibrium.maxRegret <= limit,
      coarseCorrelatedGap: nil)
  }

  public func solve(_ game: BimatrixGame) throws -> EquilibriumResult {
    try run(game).result(method: name, tolerance: tolerance)
  }
}

extension EquilibriumSolver where Self == ReplicatorDynamics {
  /// Replicator dynamics (``ReplicatorDynamics``).
  public static func replicator(
    tolerance: Double = 1e-6, maxIterations: Int = 100_000, stepSize: Double = 0.5
  ) -> Self {
    ReplicatorDynamics(tolerance: tolerance, maxIterations: maxIterations, stepSize: stepSize)
  }
}
