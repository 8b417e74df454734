import NashLinearAlgebra

/// The value and a pair of optimal (or near-optimal) strategies of a constant-sum game,
/// with the duality-gap certificate.
///
/// For the row player's payoffs A, the row strategy x guarantees at least
/// `lowerBound = min_j (xᵀA)_j` whatever the column player does, and the column strategy y
/// holds the row player to at most `upperBound = max_i (A y)_i`. Both bounds are computed
/// from the game's original payoffs, independently of the solver, so the game's value lies
/// in `[lowerBound, upperBound]`, and each player's regret at `(x, y)` is at most
/// ``gap`` (von Neumann's minimax theorem; von Stengel 2007, §3.3).
///
/// ```swift
/// let s = try ZeroSumLP().solveZeroSum(.matchingPennies)
/// // s.value ≈ 0, s.gap ≈ 0, s.rowStrategy ≈ (1/2, 1/2)
/// ```
///
/// Postconditions: `lowerBound ≤ value ≤ upperBound` and `gap ≥ 0`.
public struct ZeroSumSolution: Sendable, Hashable {
  /// The row player's expected payoff `xᵀ A y` at the returned strategies.
  public let value: Double
  /// `min_j (xᵀA)_j`: what the row strategy guarantees the row player.
  public let lowerBound: Double
  /// `max_i (A y)_i`: the most the row player can get against the column strategy.
  public let upperBound: Double
  /// x, the row player's (maximin) strategy.
  public let rowStrategy: MixedStrategy
  /// y, the column player's (minimax) strategy.
  public let columnStrategy: MixedStrategy
  /// Simplex pivots or learning iterations.
  public let iterations: Int
  /// Whether the method reached its stopping rule (an optimal basis, or the requested gap)
  /// rather than its iteration budget.
  public let hasConverged: Bool

  /// `upperBound − lowerBound`, never negative: a bound on each player's regret and on the
  /// distance of ``value`` from the game's value.
  public var gap: Double { upperBound - lowerBound }

  /// The two strategies as a profile.
  public var profile: StrategyProfile { StrategyProfile(row: rowStrategy, column: columnStrategy) }

  /// Certifies `profile` in `game` from the row player's original payoffs A.
  package init(game: BimatrixGame, profile: StrategyProfile, iterations: Int, hasConverged: Bool) {
    let ay = game.rowMatrix.times(profile.column.probabilities)
    let xa = game.rowMatrix.times(profile.row.probabilities, transposed: true)
    // At an exact equilibrium both bounds equal the value; in floating point the lower one
    // can exceed the upper by an ulp, and then both collapse onto the lower.
    let lower = xa.min()!
    let upper = max(ay.max()!, lower)
    let value = dot(profile.row.probabilities, ay)
    self.init(
      value: min(max(value, lower), upper), lowerBound: lower, upperBound: upper,
      rowStrategy: profile.row, columnStrategy: profile.column, iterations: iterations,
      hasConverged: hasConverged)
  }

  package init(
    value: Double, lowerBound: Double, upperBound: Double, rowStrategy: MixedStrategy,
    columnStrategy: MixedStrategy, iterations: Int, hasConverged: Bool
  ) {
    self.value = value
    self.lowerBound = lowerBound
    self.upperBound = upperBound
    self.rowStrategy = rowStrategy
    self.columnStrategy = columnStrategy
    self.iterations = iterations
    self.hasConverged = hasConverged
  }
}

extension BimatrixGame {
  /// Throws unless the game is constant-sum (A + B the same in every cell, within
  /// `tolerance` relative to the payoff scale), naming `method`.
  package func requireConstantSum(for method: String, tolerance: Double = Tolerance.regret) throws {
    guard isConstantSum(tolerance: tolerance) else {
      throw SolverError.invalidOption(
        "\(method) needs a zero-sum (constant-sum) game, where A + B is the same in every cell; "
          + "this \(rowCount)×\(columnCount) game is not constant-sum, so use a general-sum method "
          + "such as support-enumeration or lemke-howson")
    }
  }
}

extension ZeroSumSolution {
  /// The result a zero-sum solver returns: the profile certified from `game`'s original payoffs,
  /// and a `possiblyIncomplete` diagnostic, `budgetNote` (what ran out and what to do), when
  /// the solver stopped at its budget instead of its stopping rule. `extraDiagnostics` come first.
  func equilibriumResult(
    in game: BimatrixGame, method: String, tolerance: Double, verifiesExactly: Bool,
    extraDiagnostics: (Equilibrium) -> [Diagnostic] = { _ in [] }, budgetNote: String
  ) -> EquilibriumResult {
    let equilibrium = game.certify(profile, exactly: verifiesExactly)
    var diagnostics = extraDiagnostics(equilibrium)
    if !hasConverged { diagnostics.append(.possiblyIncomplete(budgetNote)) }
    return EquilibriumResult(
      equilibria: [equilibrium], method: method, iterations: iterations, hasConverged: hasConverged,
      isComplete: false, diagnostics: diagnostics, tolerance: tolerance)
  }

  /// The options the iterative zero-sum solvers (``OptimisticHedge``, ``OptimisticGradient``)
  /// share: a finite non-negative tolerance, and a crossover interval and iteration budget that
  /// are not negative. Throws ``SolverError/invalidOption(_:)`` naming the first that is not.
  static func validateIterationOptions(tolerance: Double, crossoverInterval: Int, maxIterations: Int) throws {
    guard tolerance.isFinite, tolerance >= 0 else {
      throw SolverError.invalidOption("the tolerance must be a non-negative number, not \(tolerance)")
    }
    guard crossoverInterval >= 0 else {
      throw SolverError.invalidOption("the crossover interval must not be negative, not \(crossoverInterval)")
    }
    guard maxIterations >= 0 else {
      throw SolverError.invalidOption("maxIterations must not be negative, not \(maxIterations)")
    }
  }
}
