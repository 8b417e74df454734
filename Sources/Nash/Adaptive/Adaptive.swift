/// Picks a method from the game: optimistic gradient descent–ascent (``OptimisticGradient``,
/// with its support crossover) for a constant-sum game; for a general-sum one the logit path follower
/// (``LogitTracing``), and regret matching (``RegretMatching``) if tracing ends without a
/// certified equilibrium. ``EquilibriumResult/method`` says which ran:
/// `"adaptive(optimistic-gradient)"`, `"adaptive(logit-tracing)"` or
/// `"adaptive(regret-matching)"`.
///
/// Regret matching's averaged play need not approach a Nash equilibrium in a general-sum
/// game; the result then says so (`hasConverged == false`, with the certified regret).
///
/// ```swift
/// let r = try BimatrixGame.matchingPennies.solve(using: .adaptive())
/// // r.method == "adaptive(optimistic-gradient)", r.hasConverged
/// ```
///
/// - Complexity: that of the chosen method, O(m·n) per iteration.
public struct Adaptive: EquilibriumSolver {
  public var name: String { "adaptive" }
  /// The regret (constant-sum: duality gap) to stop at, relative to the payoff scale.
  public var tolerance: Double
  /// The iteration budget of the chosen method.
  public var maxIterations: Int

  public init(tolerance: Double = 1e-6, maxIterations: Int = 100_000) {
    self.tolerance = tolerance
    self.maxIterations = maxIterations
  }

  /// - Throws: ``SolverError/invalidOption(_:)`` for options out of range.
  public func solve(_ game: BimatrixGame) throws -> EquilibriumResult {
    let inner: EquilibriumResult
    if game.isConstantSum() {
      inner = try OptimisticGradient(tolerance: tolerance, maxIterations: maxIterations).solve(game)
    } else {
      let traced = try LogitTracing(tolerance: tolerance).solve(game)
      inner = traced.hasConverged
        ? traced : try RegretMatching(tolerance: tolerance, maxIterations: maxIterations).solve(game)
    }
    return EquilibriumResult(
      equilibria: inner.equilibria, method: "adaptive(\(inner.method))", iterations: inner.iterations,
      hasConverged: inner.hasConverged, isComplete: false, diagnostics: inner.diagnostics,
      tolerance: tolerance)
  }
}

extension EquilibriumSolver where Self == Adaptive {
  /// Optimistic gradient for constant-sum games, logit tracing (or regret matching) otherwise
  /// (``Adaptive``).
  public static func adaptive(tolerance: Double = 1e-6, maxIterations: Int = 100_000) -> Self {
    Adaptive(tolerance: tolerance, maxIterations: maxIterations)
  }
}
