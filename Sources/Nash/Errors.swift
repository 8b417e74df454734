/// Why a game could not be built from the data given.
public enum GameError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A player has no strategies.
  case emptyStrategySet(player: Player)
  /// The two payoff matrices (or a matrix and its labels) have different shapes.
  case dimensionMismatch(String)
  /// A payoff is NaN or infinite (row and column are 0-based).
  case nonFinitePayoff(player: Player, row: Int, column: Int)
  /// The game has more cells than ``BimatrixGame/maximumCellCount``.
  case tooLarge(rows: Int, columns: Int, limit: Int)
  /// A game with a number of players that this operation does not support.
  case unsupportedPlayerCount(Int)

  public var description: String {
    switch self {
    case .emptyStrategySet(let player): "the \(player) player has no strategies"
    case .dimensionMismatch(let what): what
    case .nonFinitePayoff(let player, let row, let column):
      "the \(player) player's payoff at row \(row + 1), column \(column + 1) is not a finite number"
    case .tooLarge(let rows, let columns, let limit):
      "a \(rows)×\(columns) game exceeds the limit of \(limit) cells"
    case .unsupportedPlayerCount(let count):
      "this operation needs a two-player game, and this game has \(count) players"
    }
  }
}

/// Why a solver could not run or finish.
public enum SolverError: Error, Equatable, Sendable, CustomStringConvertible {
  /// An option is out of range for this game (e.g. an initial label ≥ m + n).
  case invalidOption(String)
  /// The game is too large for this method; the message says the limit and what to use.
  case gameTooLarge(String)
  /// The solver ran out of iterations before reaching its tolerance.
  case didNotConverge(iterations: Int, maxRegret: Double)

  public var description: String {
    switch self {
    case .invalidOption(let message): message
    case .gameTooLarge(let message): message
    case .didNotConverge(let iterations, let maxRegret):
      "no equilibrium within \(iterations) iterations (max regret \(maxRegret))"
    }
  }
}

/// Why a mixed strategy was rejected.
public enum StrategyError: Error, Equatable, Sendable, CustomStringConvertible {
  case empty
  case nonFiniteProbability(index: Int)
  case negativeProbability(index: Int, value: Double)
  case probabilitiesDoNotSumToOne(sum: Double)
  case wrongLength(expected: Int, actual: Int)

  public var description: String {
    switch self {
    case .empty: "a mixed strategy needs at least one probability"
    case .nonFiniteProbability(let i): "probability \(i) is not a finite number"
    case .negativeProbability(let i, let v): "probability \(i) is negative (\(v))"
    case .probabilitiesDoNotSumToOne(let sum): "probabilities sum to \(sum), not 1"
    case .wrongLength(let expected, let actual): "expected \(expected) probabilities, got \(actual)"
    }
  }
}
