import NashLinearAlgebra

/// Approximates, and usually solves exactly, a zero-sum game by optimistic gradient
/// descent–ascent with Euclidean projections onto the simplices (OGDA), whose *last
/// iterate* converges linearly on matrix games, polished by a support-identification
/// crossover.
///
/// The iteration is Popov's "past extragradient" form of OGDA (Popov 1980,
/// https://doi.org/10.1007/BF01141092): with Π the projection onto the simplex
/// (`SimplexProjection`, Held, Wolfe & Crowder 1974; Duchi et al. 2008),
///
///     x_t = Π(x̂ + η A y_{t−1}),   y_t = Π(ŷ − η Aᵀx_{t−1})        (predict)
///     x̂  ← Π(x̂ + η A y_t),        ŷ  ← Π(ŷ − η Aᵀx_t)             (update)
///
/// two matrix–vector products (BLAS dgemv) per iteration. Wei, Lee, Zhang & Luo (2021),
/// "Linear last-iterate convergence in constrained saddle-point optimization", ICLR,
/// https://openreview.net/forum?id=dx11_7vm5_r, §4, prove that its last iterate converges
/// *linearly* on every bilinear game over polytopes (they satisfy the paper's saddle-point
/// metric subregularity condition), without the unique-equilibrium assumption of their
/// multiplicative-weights result, whose constants also degrade with the smallest
/// equilibrium probability. In practice ``OptimisticHedge`` stalls on a 250×257 random
/// game (gap 1e-2 after 100,000 iterations) where this method needs about 1,000.
///
/// The projection produces exact zeros, so after a few hundred iterations the supports of
/// the iterate are (nearly) those of the equilibrium. The crossover (as LP codes finish an
/// interior-point or first-order method) ranks each player's strategies by their
/// pre-projection value, takes the top k for the sizes k the iterate suggests, solves the
/// indifference system on those supports (one LAPACK LU), and stops as soon as the
/// resulting profile's duality gap meets the tolerance. Attempts are spaced so they cost
/// no more time than the iterations between them.
///
/// Step size: η = ``stepSize`` / L with L = ‖Â − mean(Â)‖₂ (the spectral norm, estimated
/// by 30 power iterations and raised by 5%), Â the payoffs scaled into [0, 1]. Subtracting
/// a constant from every payoff changes neither the projections nor the gap, only L, which
/// it makes about √(mn)/(√m + √n) times smaller for random games. Wei et al. prove their
/// rate for η ≤ 1/(8L); ``stepSize`` 0.5 was stable on every random game we tried, 0.7
/// was about 1.4× faster, 0.9 diverged.
///
/// The stopping test is the duality gap `max_i (A y)_i − min_j (xᵀA)_j` of the current
/// prediction (x_t, y_t), checked every iteration at no extra cost; if the budget runs out,
/// the iterate with the smallest gap seen is returned. The result's bounds are recomputed
/// from the original payoffs (``ZeroSumSolution``), and `hasConverged` is true only when
/// that certified gap is at most `tolerance × payoffScale`.
///
/// ```swift
/// let game = BimatrixGame.randomZeroSum(rows: 250, columns: 257, seed: 7)
/// let s = try OptimisticGradient(tolerance: 1e-9).solveZeroSum(game)
/// // s.hasConverged, s.gap ≤ 1e-9 · game.payoffScale (about 1,000 iterations)
/// let warm = try OptimisticGradient().solveZeroSum(game, warmStart: s.profile)
/// // warm.iterations == 0
/// ```
///
/// - Complexity: O(m·n) per iteration; O(log(1/ε)/c) iterations to gap ε for a
///   game-dependent c (Wei et al. 2021); each crossover attempt O(k³ + m·n) for supports of
///   size k.
public struct OptimisticGradient: EquilibriumSolver {
  public var name: String { "optimistic-gradient" }
  /// The duality gap to stop at, relative to ``BimatrixGame/payoffScale``.
  public var tolerance: Double
  /// The iteration budget.
  public var maxIterations: Int
  /// η·L, the step in units of 1/L (L the spectral norm of the centred, scaled payoffs);
  /// in (0, 1).
  public var stepSize: Double
  /// Where to start (nil: both players uniform).
  public var warmStart: StrategyProfile?
  /// The smallest number of iterations between two crossover attempts (0: never try).
  public var crossoverInterval: Int
  /// Whether ``solve(_:)`` tries exact verification of the profile.
  public var verifiesExactly: Bool

  public init(
    tolerance: Double = 1e-6, maxIterations: Int = 100_000, stepSize: Double = 0.5,
    warmStart: StrategyProfile? = nil, crossoverInterval: Int = 25, verifiesExactly: Bool = false
  ) {
    self.tolerance = tolerance
    self.maxIterations = maxIterations
    self.stepSize = stepSize
    self.warmStart = warmStart
    self.crossoverInterval = crossoverInterval
    self.verifiesExactly = verifiesExactly
  }

  /// Runs the iteration on one constant-sum game, from `warmStart` (or ``warmStart``, or
  /// uniform strategies).
  ///
  /// - Throws: ``SolverError/invalidOption(_:)`` if the game is not constant-sum, an option
  ///   is out of range, or the warm start does not fit the game.
  public func solveZeroSum(_ game: BimatrixGame, warmStart start: StrategyProfile? = nil) throws -> ZeroSumSolution {
    try validate()
    try game.requireConstantSum(for: name)
    let (m, n) = (game.rowCount, game.columnCount)
    let initial = start ?? warmStart
    if let s = initial, s.row.count != m || s.column.count != n {
      throw SolverError.invalidOption(
        "the warm start has \(s.row.count)×\(s.column.count) strategies for a \(m)×\(n) game")
    }
    let a = game.rowMatrix
    let lo = a.storage.min()!, hi = a.storage.max()!
    guard hi > lo else {
      // Every payoff equal: every profile is optimal.
      let profile = initial ?? StrategyProfile(row: .uniform(count: m), column: .uniform(count: n))
      return ZeroSumSolution(game: game, profile: profile, iterations: 0, hasConverged: true)
    }
    let range = hi - lo
    var kernel = OptimisticGradientKernel(
      payoffs: a, lo: lo, range: range, stepSize: stepSize,
      start: initial.map { ($0.row.probabilities, $0.column.probabilities) })
    let target = tolerance * game.payoffScale / range
    let outcome = kernel.run(target: target, maxIterations: maxIterations, crossoverInterval: crossoverInterval)
    let profile = StrategyProfile(
      row: OptimisticHedge.strategy(outcome.x), column: OptimisticHedge.strategy(outcome.y))
    let certified = ZeroSumSolution(game: game, profile: profile, iterations: outcome.iterations, hasConverged: false)
    return ZeroSumSolution(
      value: certified.value, lowerBound: certified.lowerBound, upperBound: certified.upperBound,
      rowStrategy: profile.row, columnStrategy: profile.column, iterations: outcome.iterations,
      hasConverged: certified.gap <= tolerance * game.payoffScale)
  }

  /// Runs the iteration and returns the certified profile. `hasConverged` says whether the
  /// requested gap was reached (false: the iteration budget ran out).
  ///
  /// - Throws: ``SolverError/invalidOption(_:)`` as ``solveZeroSum(_:warmStart:)``.
  public func solve(_ game: BimatrixGame) throws -> EquilibriumResult {
    let solution = try solveZeroSum(game)
    return solution.equilibriumResult(
      in: game, method: name, tolerance: tolerance, verifiesExactly: verifiesExactly,
      budgetNote: "optimistic gradient stopped at its budget of \(solution.iterations) iterations with duality gap "
        + "\(solution.gap); raise maxIterations or the tolerance, or use zero-sum-lp")
  }

  private func validate() throws {
    try ZeroSumSolution.validateIterationOptions(
      tolerance: tolerance, crossoverInterval: crossoverInterval, maxIterations: maxIterations)
    guard stepSize.isFinite, stepSize > 0, stepSize < 1 else {
      throw SolverError.invalidOption("the step size (η times the spectral norm) must be in (0, 1), not \(stepSize)")
    }
  }
}

extension OptimisticHedge {
  /// A probability vector as a mixed strategy, keeping tiny probabilities (they matter
  /// for the gap).
  static func strategy(_ values: [Double]) -> MixedStrategy {
    (try? MixedStrategy(values)) ?? MixedStrategy(cleaning: values)
  }
}

extension EquilibriumSolver where Self == OptimisticGradient {
  /// Optimistic gradient descent–ascent with simplex projections and a support crossover,
  /// for a zero-sum game (``OptimisticGradient``).
  public static func optimisticGradient(
    tolerance: Double = 1e-6, maxIterations: Int = 100_000, stepSize: Double = 0.5,
    warmStart: StrategyProfile? = nil, crossoverInterval: Int = 25
  ) -> Self {
    OptimisticGradient(
      tolerance: tolerance, maxIterations: maxIterations, stepSize: stepSize, warmStart: warmStart,
      crossoverInterval: crossoverInterval)
  }
}
