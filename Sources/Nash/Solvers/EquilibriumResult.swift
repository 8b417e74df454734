/// What a solver found, how, and how much to trust it.
///
/// No flag changes this type: a solver that finds one equilibrium returns an array of one,
/// an iterative solver that ran out of iterations says so in ``hasConverged``.
public struct EquilibriumResult: Sendable {
  /// The equilibria found, each with its certificate, in a deterministic order.
  public let equilibria: [Equilibrium]
  /// The solver's ``EquilibriumSolver/name``.
  public let method: String
  /// Iterations, pivots or support pairs examined, depending on the method.
  public let iterations: Int
  /// Whether the method ran to completion (false: it stopped at its iteration budget).
  public let hasConverged: Bool
  /// Whether ``equilibria`` is provably the whole set of equilibria (for a degenerate game,
  /// the set of extreme equilibria), as opposed to some of them.
  public let isComplete: Bool
  /// What the solver noticed about the game or its answers.
  public let diagnostics: [Diagnostic]
  /// The relative regret tolerance used (times ``BimatrixGame/payoffScale``).
  public let tolerance: Double

  package init(
    equilibria: [Equilibrium], method: String, iterations: Int, hasConverged: Bool,
    isComplete: Bool, diagnostics: [Diagnostic], tolerance: Double
  ) {
    self.equilibria = equilibria
    self.method = method
    self.iterations = iterations
    self.hasConverged = hasConverged
    self.isComplete = isComplete
    self.diagnostics = diagnostics
    self.tolerance = tolerance
  }

  /// The largest regret over all equilibria found (0 when there are none).
  public var maxRegret: Double { equilibria.map(\.maxRegret).max() ?? 0 }

  /// Whether the solver found evidence that the game is degenerate.
  public var isPossiblyDegenerate: Bool {
    diagnostics.contains { if case .degenerate = $0 { true } else { false } }
  }

  /// The first degeneracy witness, if any.
  public var degeneracyWitness: DegeneracyWitness? {
    for case .degenerate(let witness) in diagnostics { return witness }
    return nil
  }
}

/// Something a solver noticed, returned rather than printed.
public enum Diagnostic: Sendable, Hashable, CustomStringConvertible {
  /// The game is degenerate: a mixed strategy has more pure best responses than its
  /// support size. Solvers for nondegenerate games may then miss equilibria (including
  /// continua of them).
  case degenerate(DegeneracyWitness)
  /// An equilibrium found in floating point could not be confirmed in exact arithmetic.
  case notVerifiedExactly(equilibriumIndex: Int, reason: String)
  /// The equilibrium set reported may be incomplete, and why.
  case possiblyIncomplete(String)

  public var description: String {
    switch self {
    case .degenerate(let witness): witness.description
    case .notVerifiedExactly(let index, let reason):
      "equilibrium \(index + 1) was not verified exactly: \(reason)"
    case .possiblyIncomplete(let reason): "the equilibria listed may not be all of them: \(reason)"
    }
  }
}

/// Evidence that a game is degenerate: `player`'s mixed strategy `strategy` (support size
/// `strategy.support.count`) has more pure best responses than that.
///
/// ``isExact`` says whether the ties were decided in exact arithmetic (the game's exact payoffs
/// and the strategy's exact probabilities). Otherwise they hold within the solver's tolerance
/// only: the game is then degenerate or nearly so, which matters as much to a solver working in
/// floating point.
public struct DegeneracyWitness: Sendable, Hashable, CustomStringConvertible {
  /// The player whose strategy has too many best responses against it.
  public let player: Player
  /// The strategy (with support of size k).
  public let strategy: MixedStrategy
  /// The opponent's pure best responses to it (more than k of them).
  public let bestResponses: [Int]
  /// Whether `bestResponses` pay exactly the same (true), or within the tolerance (false).
  public let isExact: Bool

  public init(player: Player, strategy: MixedStrategy, bestResponses: [Int], isExact: Bool) {
    self.player = player
    self.strategy = strategy
    self.bestResponses = bestResponses
    self.isExact = isExact
  }

  public var description: String {
    (isExact ? "the game is degenerate: " : "the game is degenerate or nearly so: ")
      + "the \(player) player's strategy \(strategy) with support of size "
      + "\(strategy.support.count) has \(bestResponses.count) pure best responses "
      + (isExact ? "" : "within the tolerance ")
      + "(\(bestResponses.map { String($0 + 1) }.joined(separator: ", ")))"
  }
}
