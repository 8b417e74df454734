import BigInt

/// Rationals over one positive common denominator: `values[i] = numerators[i] / denominator`.
struct ScaledVector: Sendable {
  var numerators: [BigInt]
  var denominator: BigInt

  init(numerators: [BigInt], denominator: BigInt) {
    if denominator.sign == .minus {
      self.numerators = numerators.map { -$0 }
      self.denominator = -denominator
    } else {
      self.numerators = numerators
      self.denominator = denominator
    }
  }

  /// Scales by the least common multiple of the denominators.
  init(_ values: [Rational]) {
    self.init(fractions: values.map { ($0.numerator, $0.denominator) })
  }

  /// Scales fractions (not necessarily reduced; positive denominators) by a common multiple
  /// of their denominators: found by divisibility when one divides the other (always, for
  /// decimals over powers of ten), by a gcd otherwise.
  init(fractions: [(BigInt, BigInt)]) {
    var common = BigInt(1)
    for (_, d) in fractions where d != common {
      if (common % d).isZero { continue }
      if (d % common).isZero {
        common = d
      } else {
        common = common / common.greatestCommonDivisor(with: d) * d
      }
    }
    numerators = fractions.map { $0.1 == common ? $0.0 : $0.0 * (common / $0.1) }
    denominator = common
  }

  /// Each entry in lowest terms (a gcd per entry: the costly step, done only when asked).
  var rationals: [Rational] { numerators.map { Rational(reducing: $0, denominator) } }

  /// Each entry's nearest `Double` (``Rational/doubleValue``'s rounding), without reducing.
  var nearestDoubles: [Double] { numerators.map { Rational.nearestDouble($0, over: denominator) } }

  /// Whether both hold the same rationals (compared across denominators, without reducing).
  func hasSameValues(as other: ScaledVector) -> Bool {
    guard numerators.count == other.numerators.count else { return false }
    if denominator == other.denominator { return numerators == other.numerators }
    return zip(numerators, other.numerators).allSatisfy { a, b in
      a.isZero ? b.isZero : a * other.denominator == b * denominator
    }
  }

  /// Whether each entry is within ``BimatrixGame/exactReconstructionTolerance`` of `values`.
  func isClose(to values: [Double]) -> Bool {
    guard values.count == numerators.count else { return false }
    let tolerance = BimatrixGame.exactReconstructionTolerance
    let denominatorWords = denominator.magnitudeWords
    return zip(numerators, values).allSatisfy { numerator, value in
      // Within 3 ulps (or flushed to 0 below 2^-1000): far inside the tolerance.
      var exact = WordArithmetic.approximateQuotient(numerator.magnitudeWords, denominatorWords)
      if numerator.sign == .minus { exact = -exact }
      return abs(exact - value) <= tolerance
    }
  }

  /// Non-negative entries summing to exactly 1.
  var isDistribution: Bool {
    numerators.allSatisfy { $0.sign == .plus || $0.isZero }
      && numerators.reduce(BigInt(0), +) == denominator
  }
}
