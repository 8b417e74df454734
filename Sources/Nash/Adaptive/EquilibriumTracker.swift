/// Follows the equilibrium of a zero-sum game that drifts over time, warm-starting each
/// solve from the previous answer.
///
/// Each ``update(with:)`` runs the ``engine`` — ``OptimisticGradient`` (the default) or
/// ``OptimisticHedge`` — from the last profile (the first call, or a change of shape, starts
/// from uniform strategies) until the duality gap reaches the tolerance or the step budget
/// runs out. When the game moves little between calls, the previous equilibrium is close to
/// the new one and keeps the same supports, so the warm start needs far fewer iterations
/// than a cold one — the "adaptive" use of last-iterate convergent dynamics (Daskalakis &
/// Panageas 2019; Wei, Lee, Zhang & Luo 2021). With optimistic gradient, a warm start whose
/// supports are still right is finished by the crossover before the first iteration.
///
/// ```swift
/// var tracker = EquilibriumTracker(tolerance: 1e-8)
/// let step = try tracker.update(with: .matchingPennies)
/// // step.hasConverged, step.equilibrium.maxRegret ≤ 1e-8
/// let again = try tracker.update(with: .matchingPennies)   // again.iterations == 0
/// ```
///
/// - Complexity: O(m·n) per iteration, as ``OptimisticGradient`` and ``OptimisticHedge``.
public struct EquilibriumTracker: Sendable {
  /// The dynamics an update runs.
  public enum Engine: Sendable, Hashable {
    /// ``OptimisticGradient`` (``gradientSolver``): projected optimistic gradient with the
    /// support crossover.
    case optimisticGradient
    /// ``OptimisticHedge`` (``solver``): optimistic multiplicative weights.
    case optimisticHedge
  }

  /// Which solver each update runs.
  public var engine: Engine
  /// The solver of ``Engine/optimisticHedge`` (its ``OptimisticHedge/warmStart`` is
  /// replaced by the tracker's current profile).
  public var solver: OptimisticHedge
  /// The solver of ``Engine/optimisticGradient`` (its warm start is replaced likewise).
  public var gradientSolver: OptimisticGradient
  /// The current approximate equilibrium (nil before the first update).
  public private(set) var current: StrategyProfile?

  /// - Parameters:
  ///   - tolerance: the duality gap each update aims for, relative to the payoff scale.
  ///   - maxIterationsPerUpdate: the step budget of one update.
  ///   - stepSize: η of the engine, in its units (both default to 0.5).
  ///   - engine: the dynamics (optimistic gradient unless said otherwise).
  public init(
    tolerance: Double = 1e-6, maxIterationsPerUpdate: Int = 100_000, stepSize: Double = 0.5,
    engine: Engine = .optimisticGradient
  ) {
    self.engine = engine
    solver = OptimisticHedge(tolerance: tolerance, maxIterations: maxIterationsPerUpdate, stepSize: stepSize)
    gradientSolver = OptimisticGradient(
      tolerance: tolerance, maxIterations: maxIterationsPerUpdate, stepSize: stepSize)
  }

  /// Solves `game` from `start` (nil: cold) with the engine, without touching the tracker's
  /// state: what an update would do, for comparing warm and cold starts.
  ///
  /// - Throws: ``SolverError/invalidOption(_:)`` if the game is not constant-sum.
  public func solve(_ game: BimatrixGame, from start: StrategyProfile? = nil) throws -> ZeroSumSolution {
    switch engine {
    case .optimisticGradient: try gradientSolver.solveZeroSum(game, warmStart: start)
    case .optimisticHedge: try solver.solveZeroSum(game, warmStart: start)
    }
  }

  /// Solves `game` from the current profile and makes the answer current.
  ///
  /// - Throws: ``SolverError/invalidOption(_:)`` if the game is not constant-sum.
  public mutating func update(with game: BimatrixGame) throws -> TrackerStep {
    var start = current
    if let s = start, s.row.count != game.rowCount || s.column.count != game.columnCount { start = nil }
    let solution = try solve(game, from: start)
    current = solution.profile
    return TrackerStep(
      solution: solution, equilibrium: game.certify(solution.profile, exactly: false),
      wasWarmStarted: start != nil)
  }

  /// Forgets the current profile, so the next update starts cold.
  public mutating func reset() { current = nil }
}

/// The outcome of one ``EquilibriumTracker/update(with:)``.
public struct TrackerStep: Sendable {
  /// Value, bounds, strategies, iterations and convergence (the duality-gap certificate).
  public let solution: ZeroSumSolution
  /// The profile's certificate (payoffs and regrets from the original payoffs).
  public let equilibrium: Equilibrium
  /// Whether the update started from the previous answer.
  public let wasWarmStarted: Bool

  /// The new profile.
  public var profile: StrategyProfile { solution.profile }
  /// Iterations this update used.
  public var iterations: Int { solution.iterations }
  /// Whether the gap reached the tolerance within the budget.
  public var hasConverged: Bool { solution.hasConverged }
}
