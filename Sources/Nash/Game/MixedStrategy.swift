import BigInt

/// A probability distribution over one player's strategies.
///
/// Invariants, checked at construction: at least one entry, every probability finite and
/// non-negative, and the sum within ``Tolerance/probability`` of 1. When the exact
/// probabilities are known (after exact verification) they are kept beside the decimals.
public struct MixedStrategy: Sendable, Hashable, CustomStringConvertible {
  /// The probability of each pure strategy.
  public let probabilities: [Double]
  /// The exact probabilities, when the strategy was verified or built exactly.
  public let exactProbabilities: [Rational]?

  /// Creates a mixed strategy, checking that `probabilities` is a distribution.
  public init(_ probabilities: [Double]) throws(StrategyError) {
    guard !probabilities.isEmpty else { throw .empty }
    var sum = 0.0
    for (i, p) in probabilities.enumerated() {
      guard p.isFinite else { throw .nonFiniteProbability(index: i) }
      guard p >= 0 else { throw .negativeProbability(index: i, value: p) }
      sum += p
    }
    guard abs(sum - 1) <= Tolerance.probability * Double(probabilities.count) else {
      throw .probabilitiesDoNotSumToOne(sum: sum)
    }
    self.probabilities = probabilities
    self.exactProbabilities = nil
  }

  /// Creates a mixed strategy from exact probabilities, which must be non-negative and sum to 1.
  public init(exact: [Rational]) throws(StrategyError) {
    guard !exact.isEmpty else { throw .empty }
    for (i, p) in exact.enumerated() where p.isNegative {
      throw .negativeProbability(index: i, value: p.doubleValue)
    }
    let sum = exact.reduce(Rational.zero, +)
    guard sum == .one else { throw .probabilitiesDoNotSumToOne(sum: sum.doubleValue) }
    self.probabilities = exact.map(\.doubleValue)
    self.exactProbabilities = exact
  }

  /// Cleans a solver's raw output: entries within the probability tolerance of zero (such
  /// as −2e-17) become 0, and the rest are rescaled to sum to 1.
  ///
  /// - Precondition: every entry is finite, none is below `-Tolerance.probability`, and the
  ///   sum is positive. Solvers check this before they call it.
  package init(cleaning raw: [Double]) {
    precondition(raw.allSatisfy { $0.isFinite && $0 >= -Tolerance.probability }, "not a distribution")
    var cleaned = raw.map { $0 <= Tolerance.probability ? 0 : $0 }
    let sum = cleaned.reduce(0, +)
    precondition(sum > 0, "all probabilities vanished")
    for i in cleaned.indices { cleaned[i] /= sum }
    self.probabilities = cleaned
    self.exactProbabilities = nil
  }

  package init(uncheckedExact exact: [Rational]) {
    self.exactProbabilities = exact
    self.probabilities = exact.map(\.doubleValue)
  }

  /// The pure strategy `index` among `count`.
  public static func pure(_ index: Int, count: Int) -> MixedStrategy {
    precondition(index >= 0 && index < count, "pure strategy index out of range")
    var exact = [Rational](repeating: .zero, count: count)
    exact[index] = .one
    return MixedStrategy(uncheckedExact: exact)
  }

  /// Every strategy with probability 1/count.
  public static func uniform(count: Int) -> MixedStrategy {
    precondition(count > 0)
    return MixedStrategy(uncheckedExact: Array(repeating: Rational(1, BigInt(count)), count: count))
  }

  /// The number of pure strategies.
  public var count: Int { probabilities.count }

  public subscript(index: Int) -> Double { probabilities[index] }

  /// The strategies played with positive probability (exactly, when known).
  public var support: [Int] {
    if let exactProbabilities {
      return exactProbabilities.indices.filter { !exactProbabilities[$0].isZero }
    }
    return probabilities.indices.filter { probabilities[$0] > 0 }
  }

  /// Whether one strategy has probability 1.
  public var isPure: Bool { support.count == 1 }

  public var description: String {
    "(" + (exactProbabilities?.map(\.description) ?? probabilities.map { "\($0)" }).joined(separator: ", ") + ")"
  }
}

/// One mixed strategy per player.
public struct StrategyProfile: Sendable, Hashable, CustomStringConvertible {
  public let row: MixedStrategy
  public let column: MixedStrategy

  public init(row: MixedStrategy, column: MixedStrategy) {
    self.row = row
    self.column = column
  }

  /// The profile where the row player plays `row` and the column player `column`.
  public static func pure(row: Int, column: Int, in game: BimatrixGame) -> StrategyProfile {
    StrategyProfile(
      row: .pure(row, count: game.rowCount), column: .pure(column, count: game.columnCount))
  }

  public subscript(player: Player) -> MixedStrategy { player == .row ? row : column }

  /// The profile with the players exchanged (for the game with the players swapped).
  public var swapped: StrategyProfile { StrategyProfile(row: column, column: row) }

  public var description: String { "\(row) \(column)" }
}
