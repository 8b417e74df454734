import BigInt

/// A probability distribution over one player's strategies.
///
/// Invariants, checked at construction: at least one entry, every probability finite and
/// non-negative, and the sum within ``Tolerance/probability`` of 1. When the exact
/// probabilities are known (after exact verification) they are kept beside the decimals.
public struct MixedStrategy: Sendable, Hashable, CustomStringConvertible {
  /// The probability of each pure strategy.
  public let probabilities: [Double]

  /// The exact probabilities, when the strategy was verified or built exactly, each in
  /// lowest terms.
  ///
  /// Exact verification keeps them over one common denominator and reduces them here, when
  /// they are read (a gcd of two numbers of up to a few hundred bits per entry): read the
  /// array once rather than once per entry.
  public var exactProbabilities: [Rational]? {
    switch exact {
    case .none: nil
    case .reduced(let values): values
    case .scaled(let vector): vector.rationals
    }
  }

  /// How the exact probabilities are held: as built, or over the common denominator that
  /// exact verification solved for (reduced only on demand).
  private enum ExactValues: Sendable {
    case reduced([Rational])
    case scaled(ScaledVector)

    var scaled: ScaledVector {
      switch self {
      case .reduced(let values): ScaledVector(values)
      case .scaled(let vector): vector
      }
    }
  }

  private let exact: ExactValues?

  /// Whether the exact probabilities are known.
  public var isExact: Bool { exact != nil }

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
    self.exact = nil
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
    self.exact = .reduced(exact)
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
    self.exact = nil
  }

  package init(uncheckedExact exact: [Rational]) {
    self.exact = .reduced(exact)
    self.probabilities = exact.map(\.doubleValue)
  }

  /// Exact probabilities over a common (positive) denominator, not checked and not reduced.
  init(uncheckedExact vector: ScaledVector) {
    self.exact = .scaled(vector)
    self.probabilities = vector.nearestDoubles
  }

  /// The exact probabilities over a common denominator, unreduced; nil when not exact.
  var exactScaled: ScaledVector? { exact?.scaled }

  /// Whether both have exact probabilities and they are equal; nil when either is not exact.
  func hasSameExactProbabilities(as other: MixedStrategy) -> Bool? {
    switch (exact, other.exact) {
    case (.reduced(let a), .reduced(let b)): a == b
    case (let a?, let b?): a.scaled.hasSameValues(as: b.scaled)
    default: nil
    }
  }

  /// Both exact with the same values (compared across denominators; the `Double`s follow from
  /// them), or neither exact with the same probabilities.
  public static func == (a: MixedStrategy, b: MixedStrategy) -> Bool {
    if let same = a.hasSameExactProbabilities(as: b) { return same }
    return a.exact == nil && b.exact == nil && a.probabilities == b.probabilities
  }

  /// Exact strategies hash their length and support (the same whatever the denominator);
  /// others their probabilities.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(exact != nil)
    if exact != nil {
      hasher.combine(probabilities.count)
      hasher.combine(support)
    } else {
      hasher.combine(probabilities)
    }
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
    switch exact {
    case .reduced(let values): return values.indices.filter { !values[$0].isZero }
    case .scaled(let vector): return vector.support
    case .none: break
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
