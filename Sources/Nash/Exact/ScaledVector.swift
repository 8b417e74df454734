import BigInt

/// A vector of rationals over one positive common denominator, stored by its non-zero
/// entries: entry `support[i]` is `numerators[i] / denominator`, every other entry is 0.
///
/// Exact strategies of large games are mostly zeros (a 400-strategy player with a support of
/// a dozen), so checks and conversions cost O(support), not O(count), in big integers.
struct ScaledVector: Sendable {
  /// The number of entries.
  let count: Int
  /// The indices of the non-zero entries, ascending.
  let support: [Int]
  /// Their numerators, none zero.
  let numerators: [BigInt]
  /// Positive.
  let denominator: BigInt

  /// The vector with `numerators[i] / denominator` at `support[i]` (ascending indices below
  /// `count`) and 0 elsewhere; zero numerators are dropped, and a negative denominator
  /// changes every sign.
  init(count: Int, support: [Int], numerators: [BigInt], denominator: BigInt) {
    precondition(support.count == numerators.count && !denominator.isZero)
    precondition(zip(support, support.dropFirst()).allSatisfy { $0 < $1 } && support.allSatisfy { $0 >= 0 && $0 < count })
    let flip = denominator.sign == .minus
    var kept = [Int](), values = [BigInt]()
    kept.reserveCapacity(support.count)
    values.reserveCapacity(support.count)
    for (index, numerator) in zip(support, numerators) where !numerator.isZero {
      kept.append(index)
      values.append(flip ? -numerator : numerator)
    }
    self.count = count
    self.support = kept
    self.numerators = values
    self.denominator = flip ? -denominator : denominator
  }

  /// The vector of `values`, scaled by the least common multiple of their denominators.
  init(_ values: [Rational]) {
    let support = values.indices.filter { !values[$0].isZero }
    let scaled = Self.commonDenominator(support.map { (values[$0].numerator, values[$0].denominator) })
    self.init(count: values.count, support: support, numerators: scaled.numerators, denominator: scaled.denominator)
  }

  /// Fractions (not necessarily reduced; positive denominators) over a common multiple of
  /// their denominators: found by divisibility when one divides the other (always, for
  /// decimals over powers of ten), by a gcd otherwise.
  static func commonDenominator(_ fractions: [(BigInt, BigInt)]) -> (numerators: [BigInt], denominator: BigInt) {
    var common = BigInt(1)
    for (_, d) in fractions where d != common {
      if (common % d).isZero { continue }
      if (d % common).isZero {
        common = d
      } else {
        common = common / common.greatestCommonDivisor(with: d) * d
      }
    }
    return (fractions.map { $0.1 == common ? $0.0 : $0.0 * (common / $0.1) }, common)
  }

  /// Every entry in lowest terms (a gcd per non-zero entry: the costly step, done only when asked).
  var rationals: [Rational] {
    var values = [Rational](repeating: .zero, count: count)
    for (index, numerator) in zip(support, numerators) { values[index] = Rational(reducing: numerator, denominator) }
    return values
  }

  /// Each entry's nearest `Double` (``Rational/doubleValue``'s rounding), without reducing.
  var nearestDoubles: [Double] {
    var values = [Double](repeating: 0, count: count)
    for (index, numerator) in zip(support, numerators) { values[index] = Rational.nearestDouble(numerator, over: denominator) }
    return values
  }

  /// Whether both hold the same rationals (compared across denominators, without reducing).
  func hasSameValues(as other: ScaledVector) -> Bool {
    guard count == other.count, support == other.support else { return false }
    if denominator == other.denominator { return numerators == other.numerators }
    return zip(numerators, other.numerators).allSatisfy { a, b in a * other.denominator == b * denominator }
  }

  /// Whether each entry is within ``BimatrixGame/exactReconstructionTolerance`` of `values`.
  func isClose(to values: [Double]) -> Bool {
    guard values.count == count else { return false }
    let tolerance = BimatrixGame.exactReconstructionTolerance
    let denominatorWords = denominator.magnitudeWords
    var next = 0  // position in support
    for (i, value) in values.enumerated() {
      var exact = 0.0
      if next < support.count && support[next] == i {
        // Within 3 ulps (or flushed to 0 below 2^-1000): far inside the tolerance.
        let numerator = numerators[next]
        exact = WordArithmetic.approximateQuotient(numerator.magnitudeWords, denominatorWords)
        if numerator.sign == .minus { exact = -exact }
        next += 1
      }
      guard abs(exact - value) <= tolerance else { return false }
    }
    return true
  }

  /// Non-negative entries summing to exactly 1.
  var isDistribution: Bool {
    numerators.allSatisfy { $0.sign == .plus } && numerators.reduce(BigInt(0), +) == denominator
  }
}
