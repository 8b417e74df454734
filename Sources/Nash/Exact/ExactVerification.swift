import BigInt

/// Exact verification of an equilibrium in rational arithmetic.
///
/// Given a floating-point profile, rebuild it exactly: for each player, solve the
/// indifference system on the support (the opponent's tight best replies all pay the same,
/// the probabilities sum to 1), on equations scaled to integers. A square system is solved by
/// congruences (``MultimodularSolve``: Gaussian elimination modulo 50-bit primes and the
/// Chinese remainder theorem; Borosh & Fraenkel 1966), falling back to fraction-free
/// elimination (Bareiss 1968, "Sylvester's identity and multistep integer-preserving
/// Gaussian elimination", Math. Comp. 22(103):565–578,
/// https://doi.org/10.1090/S0025-5718-1968-0226829-0) for entries too large for the prime
/// table; a rank-deficient one (degenerate games) by rational Gauss–Jordan elimination, with
/// free unknowns set to the nearest small fraction of their floating-point value.
///
/// Then the check, which is the certificate (how the candidate was built does not matter
/// to it), in exact integers:
/// - the rational solution is substituted into the integer-scaled system: every equation
///   holds exactly, so the opponent's tight strategies all pay exactly the same value, and the
///   probabilities sum to exactly 1; none is negative;
/// - no other pure strategy of the opponent pays more. Strategies whose floating-point payoff
///   lies below that value by more than a rigorous bound on its rounding error are settled
///   without big integers (a filtered exact predicate, as in robust geometric computation):
///   the `Double` payoffs differ from the exact ones by at most half an ulp, the probabilities
///   as `Double`s by at most three ulps, and a dot product of k terms adds at most
///   γ_k = k·u/(1 − k·u) times the sum of the magnitudes; the bound used, (k + 10) · 2.3e-16 ·
///   Σ|a|·y + 1e-290, exceeds all three together. Only the strategies within that bound of the
///   value are evaluated exactly. So the check succeeds only if both regrets are exactly zero.
///
/// Payoffs of a game built from `Double`s are their shortest round-trip decimals (see
/// ``BimatrixGame``); they are read from the decimal digits into machine words, not through
/// big-integer parsing.
///
/// - Complexity: O(P · k³) word operations for supports of size k and P ≈ k · (bits per
///   scaled payoff) / 62 primes, plus O((m + n) · k) floating-point operations for the
///   regret check; supports larger than ``BimatrixGame/maximumExactSupportSize`` are not tried.
extension BimatrixGame {
  /// The largest support (per player) that exact verification attempts: 64.
  public static let maximumExactSupportSize = 64

  /// How far (per probability) the exact reconstruction of a floating-point profile may lie
  /// from it: 1e-6. A profile farther than this from every exact equilibrium on its support
  /// is not verified, so a certificate always describes the profile it was asked about.
  public static let exactReconstructionTolerance = 1e-6

  /// Verifies `profile` exactly; returns it with exact probabilities and payoffs, or nil if
  /// it is not an exact equilibrium (or its support is too large to try).
  ///
  /// A profile with exact probabilities is checked as it is. A floating-point profile is first
  /// rebuilt exactly on its support; the rebuilt profile must lie within
  /// ``exactReconstructionTolerance`` of it, entry by entry.
  public func verifyExactly(
    _ profile: StrategyProfile
  ) -> (profile: StrategyProfile, rowPayoff: Rational, columnPayoff: Rational)? {
    if let x = profile.row.exactScaled, let y = profile.column.exactScaled {
      guard x.isDistribution, y.isDistribution,
        let rowPayoff = exactPayoffIfBestResponse(x, against: y, for: .row),
        let columnPayoff = exactPayoffIfBestResponse(y, against: x, for: .column)
      else { return nil }
      return (profile, rowPayoff, columnPayoff)
    }
    let rowSupport = profile.row.support, columnSupport = profile.column.support
    guard rowSupport.count <= Self.maximumExactSupportSize,
      columnSupport.count <= Self.maximumExactSupportSize
    else { return nil }
    // Pure strategies within 1e-7 (relative) of the best: the candidates for exact ties.
    let rowTight = bestResponses(to: profile.column, for: .row, tolerance: 1e-7)
    let columnTight = bestResponses(to: profile.row, for: .column, tolerance: 1e-7)
    guard
      let sx = exactIndifferentStrategy(
        of: .row, support: rowSupport, approximate: profile.row.probabilities,
        opponentTight: columnTight, opponentSupport: columnSupport),
      let sy = exactIndifferentStrategy(
        of: .column, support: columnSupport, approximate: profile.column.probabilities,
        opponentTight: rowTight, opponentSupport: rowSupport)
    else { return nil }
    let (x, y) = (sx.strategy, sy.strategy)
    guard x.isClose(to: profile.row.probabilities), y.isClose(to: profile.column.probabilities),
      x.isDistribution, y.isDistribution
    else { return nil }
    // x's system certifies the column player's side (its equations are column strategies),
    // and y's the row player's.
    func payoff(of player: Player, own: ScaledVector, opponent: ScaledVector, system: IndifferenceSolution)
      -> Rational?
    {
      guard let value = system.equationValue else {
        return exactPayoffIfBestResponse(own, against: opponent, for: player)
      }
      guard noStrategyExceeds(value, for: player, against: opponent, except: system.equations)
      else { return nil }
      return Rational(reducing: value.numerator, value.denominator)
    }
    guard let rowPayoff = payoff(of: .row, own: x, opponent: y, system: sy),
      let columnPayoff = payoff(of: .column, own: y, opponent: x, system: sx)
    else { return nil }
    return (
      StrategyProfile(row: MixedStrategy(uncheckedExact: x), column: MixedStrategy(uncheckedExact: y)),
      rowPayoff, columnPayoff
    )
  }

  /// An exact strategy from an indifference system, and, when the system was square and its
  /// solution was substituted back exactly, the value every equation's strategy pays.
  struct IndifferenceSolution {
    var strategy: ScaledVector
    /// The opponent's payoff against `strategy`, for every strategy in `equations`, exactly.
    var equationValue: (numerator: BigInt, denominator: BigInt)?
    var equations: [Int]
  }

  /// The exact strategy of `player` on `support` that makes the opponent indifferent among
  /// `opponentTight` (or, if those equations are inconsistent, among `opponentSupport`).
  private func exactIndifferentStrategy(
    of player: Player, support: [Int], approximate: [Double], opponentTight: [Int],
    opponentSupport: [Int]
  ) -> IndifferenceSolution? {
    let count = strategyCount(for: player)
    func coefficient(_ s: Int, _ t: Int) -> Rational {
      player == .row
        ? exactPayoff(for: .column, row: s, column: t) : exactPayoff(for: .row, row: t, column: s)
    }
    for equations in [opponentTight, opponentSupport] {
      guard Set(opponentSupport).isSubset(of: equations) else { continue }
      let k = support.count
      // Unknowns: p_s for s in support, then the opponent's payoff w.
      // Rows: for each opponent strategy t: Σ_s payoff(s,t) p_s − w = 0; then Σ p_s = 1.
      if equations.count == k, k == 1 {
        // A pure strategy: p_s = 1, and the one equation, a·D · 1 − D · w = 0 (D > 0), gives
        // w = a·D / D with nothing to solve.
        let row = integerEquation(of: player, support: support, opponentStrategy: equations[0])
        return IndifferenceSolution(
          strategy: ScaledVector(count: count, support: support, numerators: [1], denominator: 1),
          equationValue: (row[0], -row[1]), equations: equations)
      }
      if equations.count == k {
        var rows = [[BigInt]]()
        rows.reserveCapacity(k + 1)
        for t in equations { rows.append(integerEquation(of: player, support: support, opponentStrategy: t)) }
        rows.append(Array(repeating: 1, count: k) + [0, 1])
        if let (numerators, determinant) = solveSquare(rows), Self.satisfies(rows, numerators, determinant) {
          let strategy = ScaledVector(
            count: count, support: support, numerators: Array(numerators[0..<k]), denominator: determinant)
          let w = determinant.sign == .minus ? (-numerators[k], -determinant) : (numerators[k], determinant)
          return IndifferenceSolution(strategy: strategy, equationValue: w, equations: equations)
        }
      }
      var system = [[Rational]]()
      for t in equations { system.append(support.map { coefficient($0, t) } + [-.one, .zero]) }
      system.append(Array(repeating: .one, count: k) + [.zero, .one])
      let guess = support.map { approximate[$0] } + [0]
      guard let solution = solveExactly(system, unknowns: k + 1, guess: guess) else { continue }
      var full = [Rational](repeating: .zero, count: count)
      for (index, s) in support.enumerated() { full[s] = solution[index] }
      return IndifferenceSolution(strategy: ScaledVector(full), equationValue: nil, equations: equations)
    }
    return nil
  }

  /// The square system's solution `(X, d)` (x = X / d), by congruences, or by fraction-free
  /// elimination when its entries are too large for the prime table; nil if it is singular.
  private func solveSquare(_ rows: [[BigInt]]) -> ([BigInt], BigInt)? {
    switch MultimodularSolve.solve(rows) {
    case .solution(let numerators, let determinant): return (numerators, determinant)
    case .singular: return nil
    case .tooLarge: return solveFractionFree(rows)
    }
  }

  /// Whether `rows` (augmented `[M | b]`) hold exactly for x = numerators / determinant:
  /// M · numerators = determinant · b, in integers (positive and negative products summed
  /// apart in word arrays, then compared).
  static func satisfies(_ rows: [[BigInt]], _ numerators: [BigInt], _ determinant: BigInt) -> Bool {
    guard !determinant.isZero else { return false }
    let n = numerators.count
    let unknowns = numerators.map { $0.magnitudeWords } + [determinant.magnitudeWords]
    let signs = numerators.map { $0.sign == .minus } + [determinant.sign != .minus]  // −d on the left
    let longest = unknowns.map(\.count).max()!
    let widest = rows.lazy.flatMap { $0 }.map { $0.magnitude.words.count }.max() ?? 0
    // Both sums fit longest + widest words, plus one per carry of the n + 1 terms.
    var positive = [UInt](repeating: 0, count: longest + widest + 2)
    var negative = positive
    for row in rows {
      for i in positive.indices {
        positive[i] = 0
        negative[i] = 0
      }
      for j in 0...n where !row[j].isZero && !unknowns[j].isEmpty {
        // Column n: −determinant · b_r.
        let isNegative = (row[j].sign == .minus) != signs[j]
        if isNegative {
          WordArithmetic.multiplyAccumulate(&negative, row[j].magnitude.words, unknowns[j])
        } else {
          WordArithmetic.multiplyAccumulate(&positive, row[j].magnitude.words, unknowns[j])
        }
      }
      guard positive == negative else { return false }
    }
    return true
  }

  /// The equation "opponent strategy t pays w" on `support`, scaled to integers: the
  /// coefficients of p_s (s in support), of w, and the right-hand side 0.
  private func integerEquation(of player: Player, support: [Int], opponentStrategy t: Int) -> [BigInt] {
    let opponent = player.opponent
    func cell(_ s: Int) -> (row: Int, column: Int) { player == .row ? (s, t) : (t, s) }
    if exactRowMatrix == nil {
      // Decimal payoffs: ±significand · 10^exponent, scaled by 10^D for the least D ≥ 0 that
      // makes every entry an integer.
      var parts = [DecimalParts]()
      parts.reserveCapacity(support.count)
      for s in support {
        let (i, j) = cell(s)
        guard let decimal = DecimalParts(payoff(for: opponent, row: i, column: j)) else {
          parts.removeAll()
          break
        }
        parts.append(decimal)
      }
      if parts.count == support.count {
        let scale = max(0, parts.map { -$0.exponent }.max() ?? 0)
        var row = parts.map { $0.scaled(by: scale) }
        row.append(-DecimalParts.power10(scale))
        row.append(0)
        return row
      }
    }
    let scaled = ScaledVector.commonDenominator(
      support.map { s in
        let (i, j) = cell(s)
        return exactPayoffFraction(for: opponent, row: i, column: j)
      })
    return scaled.numerators + [-scaled.denominator, 0]
  }

  /// Whether no pure strategy of `player` outside `except` pays more than `value` (exactly)
  /// against `opponent`. Strategies clearly below it in floating point (beyond a rigorous
  /// rounding-error bound, see ``BimatrixGame``'s exact verification) are settled there; the
  /// rest exactly.
  private func noStrategyExceeds(
    _ value: (numerator: BigInt, denominator: BigInt), for player: Player, against opponent: ScaledVector,
    except excluded: [Int]
  ) -> Bool {
    let ownCount = strategyCount(for: player)
    let support = opponent.support
    let denominatorWords = opponent.denominator.magnitudeWords
    let q = opponent.numerators.map { WordArithmetic.approximateQuotient($0.magnitudeWords, denominatorWords) }
    var valueDouble = WordArithmetic.approximateQuotient(value.numerator.magnitudeWords, value.denominator.magnitudeWords)
    if value.numerator.sign == .minus { valueDouble = -valueDouble }
    // The filter needs normal numbers (relative error bounds) and room below overflow.
    let filterWorks =
      valueDouble.isFinite && abs(valueDouble) < 1e290 && q.allSatisfy { $0 >= 0x1p-1000 && $0 <= 1.5 }
    let lowerValue = valueDouble - abs(valueDouble) * 5e-16 - 1e-290
    let relative = (Double(support.count) + 10) * 2.3e-16
    var isExcluded = [Bool](repeating: false, count: ownCount)
    for s in excluded { isExcluded[s] = true }
    let matrix = player == .row ? rowMatrix : columnMatrix
    let m = rowCount
    return matrix.storage.withUnsafeBufferPointer { a in
      for s in 0..<ownCount where !isExcluded[s] {
        if filterWorks {
          var f = 0.0, magnitude = 0.0
          for (index, t) in support.enumerated() {
            let entry = player == .row ? a[s + t * m] : a[t + s * m]
            f += entry * q[index]
            magnitude += abs(entry) * q[index]
          }
          if f.isFinite, magnitude < 1e290, f + relative * magnitude + 1e-290 < lowerValue { continue }
        }
        guard exactPayoff(of: s, for: player, against: opponent, atMost: value) else {
          return false
        }
      }
      return true
    }
  }

  /// Whether strategy `s` of `player` pays at most `value` against `opponent`, exactly.
  private func exactPayoff(
    of s: Int, for player: Player, against opponent: ScaledVector,
    atMost value: (numerator: BigInt, denominator: BigInt)
  ) -> Bool {
    let (sum, scale) = scaledPayoff(of: s, for: player, against: opponent)
    // sum / (scale · d) ≤ value.numerator / value.denominator, all denominators positive.
    return sum * value.denominator <= value.numerator * scale * opponent.denominator
  }

  /// Strategy `s`'s exact payoff for `player` against `opponent` as `sum / (scale · d)` (d the
  /// opponent's denominator, scale > 0 the common denominator of the payoffs involved).
  private func scaledPayoff(of s: Int, for player: Player, against opponent: ScaledVector) -> (BigInt, BigInt) {
    let scaled = ScaledVector.commonDenominator(
      opponent.support.map { t in
        player == .row
          ? exactPayoffFraction(for: .row, row: s, column: t) : exactPayoffFraction(for: .column, row: t, column: s)
      })
    var sum = BigInt(0)
    for (a, y) in zip(scaled.numerators, opponent.numerators) { sum += a * y }
    return (sum, scaled.denominator)
  }

  /// Those of `candidates` (pure strategies of `player`) that pay exactly the most among them
  /// against `opponent`; nil unless `opponent`'s exact probabilities are known.
  func exactBestResponses(among candidates: [Int], for player: Player, against opponent: MixedStrategy) -> [Int]? {
    guard let y = opponent.exactScaled, !candidates.isEmpty else { return nil }
    let values = candidates.map { scaledPayoff(of: $0, for: player, against: y) }
    // a / b against c / e with b, e > 0 (the common factor 1/d cancels): a·e against c·b.
    var best = values[0]
    for value in values.dropFirst() where value.0 * best.1 > best.0 * value.1 { best = value }
    return zip(candidates, values).filter { $0.1.0 * best.1 == best.0 * $0.1.1 }.map(\.0)
  }

  /// Evidence of degeneracy at `profile`: the first player's strategy (row, then column) that
  /// has more pure best responses within `limit` than its support (see the next function).
  func degeneracyWitness(of profile: StrategyProfile, limit: Double) -> DegeneracyWitness? {
    for player in Player.allCases {
      if let witness = degeneracyWitness(at: profile[player], of: player, limit: limit) { return witness }
    }
    return nil
  }

  /// Evidence of degeneracy at `strategy` (played by `owner`): the opponent's pure best
  /// responses within `limit` (absolute) of the best, if there are more than the support size.
  /// When the strategy's exact probabilities are known, the ties are decided exactly among
  /// those (the limit is far above round-off, so the exact best responses are among them): an
  /// exact witness if they are still too many, else the near ties, marked inexact.
  func degeneracyWitness(at strategy: MixedStrategy, of owner: Player, limit: Double) -> DegeneracyWitness? {
    let responder = owner.opponent
    let values = payoffs(for: responder, against: strategy)
    let best = values.max()!
    let near = values.indices.filter { values[$0] >= best - limit }
    let k = strategy.support.count
    guard near.count > k else { return nil }
    if let exact = exactBestResponses(among: near, for: responder, against: strategy), exact.count > k {
      return DegeneracyWitness(player: owner, strategy: strategy, bestResponses: exact, isExact: true)
    }
    return DegeneracyWitness(player: owner, strategy: strategy, bestResponses: near, isExact: false)
  }

  /// If `own` is a best response to `opponent` for `player`, exactly, its payoff; else nil.
  /// Works in integers: payoffs against the opponent's support are scaled by their common
  /// denominator, the opponent's strategy by its own.
  private func exactPayoffIfBestResponse(
    _ own: ScaledVector, against opponent: ScaledVector, for player: Player
  ) -> Rational? {
    let opponentSupport = opponent.support
    let ownCount = own.count
    // payoff(s, t) for every own strategy s and opponent strategy t in the support.
    var block = [(BigInt, BigInt)]()
    block.reserveCapacity(ownCount * opponentSupport.count)
    for s in 0..<ownCount {
      for t in opponentSupport {
        block.append(
          player == .row
            ? exactPayoffFraction(for: .row, row: s, column: t)
            : exactPayoffFraction(for: .column, row: t, column: s))
      }
    }
    let scaledBlock = ScaledVector.commonDenominator(block)
    var values = [BigInt]()
    values.reserveCapacity(ownCount)
    var index = 0
    for _ in 0..<ownCount {
      var value = BigInt(0)
      for y in opponent.numerators {
        value += scaledBlock.numerators[index] * y
        index += 1
      }
      values.append(value)
    }
    let best = values.max()!
    for s in own.support {
      guard values[s] == best else { return nil }
    }
    // Payoff = best / (block scale · opponent scale); own sums to 1.
    return Rational(best, scaledBlock.denominator * opponent.denominator)
  }
}

/// Solves the square integer system given as augmented rows `[M | b]` (n rows of n + 1) by
/// Bareiss's fraction-free elimination. Returns `(X, d)` with the solution `X / d`
/// (d = ±det M, X integers), or nil if M is singular.
func solveFractionFree(_ augmented: [[BigInt]]) -> ([BigInt], BigInt)? {
  var a = augmented
  let n = a.count
  var previous = BigInt(1)
  for k in 0..<n {
    guard let p = (k..<n).first(where: { !a[$0][k].isZero }) else { return nil }
    if p != k { a.swapAt(p, k) }
    let pivot = a[k][k]
    for i in (k + 1)..<n {
      let factor = a[i][k]
      for j in (k + 1)...n {
        a[i][j] = (a[i][j] * pivot - factor * a[k][j]) / previous
      }
      a[i][k] = 0
    }
    previous = pivot
  }
  // Back substitution with X_i = det · x_i, which Cramer's rule makes integral.
  let determinant = a[n - 1][n - 1]
  var solution = [BigInt](repeating: 0, count: n)
  for i in stride(from: n - 1, through: 0, by: -1) {
    var value = determinant * a[i][n]
    for j in (i + 1)..<n where !a[i][j].isZero { value -= a[i][j] * solution[j] }
    solution[i] = value / a[i][i]
  }
  return (solution, determinant)
}

/// Solves the augmented system `[M | b]` (each row: `unknowns` coefficients then the right-hand
/// side) by rational Gauss–Jordan elimination. Free unknowns take the nearest small fraction
/// of `guess`. Returns nil if the system is inconsistent.
func solveExactly(_ augmented: [[Rational]], unknowns: Int, guess: [Double]) -> [Rational]? {
  var rows = augmented
  var pivotColumns = [Int]()
  var r = 0
  for c in 0..<unknowns where r < rows.count {
    guard let p = (r..<rows.count).first(where: { !rows[$0][c].isZero }) else { continue }
    rows.swapAt(r, p)
    let inverse = Rational.one / rows[r][c]
    for j in c...unknowns { rows[r][j] *= inverse }
    for i in 0..<rows.count where i != r && !rows[i][c].isZero {
      let factor = rows[i][c]
      for j in c...unknowns where !rows[r][j].isZero { rows[i][j] -= factor * rows[r][j] }
    }
    pivotColumns.append(c)
    r += 1
  }
  // Inconsistent: a zero row with a non-zero right-hand side.
  for i in r..<rows.count where !rows[i][unknowns].isZero { return nil }
  var solution = [Rational?](repeating: nil, count: unknowns)
  let pivotSet = Set(pivotColumns)
  for c in 0..<unknowns where !pivotSet.contains(c) {
    solution[c] = Rational(approximating: guess[c])
  }
  for (i, c) in pivotColumns.enumerated() {
    var value = rows[i][unknowns]
    for j in (c + 1)..<unknowns where !pivotSet.contains(j) && !rows[i][j].isZero {
      value -= rows[i][j] * solution[j]!
    }
    solution[c] = value
  }
  return solution.map { $0! }
}

extension Rational {
  /// The fraction with the smallest denominator (at most 10⁹) within 1e-12 of `value`,
  /// by continued fractions; the shortest decimal of `value` if none is that close.
  public init(approximating value: Double) {
    guard value.isFinite else {
      self = .zero
      return
    }
    var (h0, h1): (Int64, Int64) = (0, 1)
    var (k0, k1): (Int64, Int64) = (1, 0)
    var x = value
    for _ in 0..<40 {
      let a = x.rounded(.down)
      guard abs(a) < 1e9 else { break }
      let ai = Int64(a)
      let (h2, k2) = (ai * h1 + h0, ai * k1 + k0)
      guard k2 > 0, k2 <= 1_000_000_000 else { break }
      (h0, h1, k0, k1) = (h1, h2, k1, k2)
      if abs(Double(h1) / Double(k1) - value) <= 1e-12 * max(1, abs(value)) {
        self = Rational(BigInt(h1), BigInt(k1))
        return
      }
      let fraction = x - a
      guard fraction > 1e-15 else { break }
      x = 1 / fraction
    }
    self = Rational(value)!
  }
}

/// A finite `Double`'s shortest round-trip decimal, ±significand · 10^exponent, read from its
/// `description` into a machine word (at most 17 significant digits), without big integers.
struct DecimalParts {
  var isNegative: Bool
  var significand: UInt64
  var exponent: Int

  /// nil for non-finite values, or (never for Swift's shortest decimals) more than 19 digits.
  init?(_ value: Double) {
    guard value.isFinite else { return nil }
    var text = value.description
    guard let parts = text.withUTF8({ Self.parse($0) }) else { return nil }
    self = parts
  }

  private init(isNegative: Bool, significand: UInt64, exponent: Int) {
    self.isNegative = isNegative
    self.significand = significand
    self.exponent = exponent
  }

  /// The parts of a finite `Double`'s description, read from its UTF-8 bytes in place.
  private static func parse(_ utf8: UnsafeBufferPointer<UInt8>) -> DecimalParts? {
    var negative = false, significand: UInt64 = 0, fractionDigits = 0, seenPoint = false
    var exponent = 0, inExponent = false, exponentNegative = false
    for c in utf8 {
      switch c {
      case UInt8(ascii: "-"):
        if inExponent { exponentNegative = true } else { negative = true }
      case UInt8(ascii: "+"):
        continue
      case UInt8(ascii: "."):
        seenPoint = true
      case UInt8(ascii: "e"), UInt8(ascii: "E"):
        inExponent = true
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        let digit = UInt64(c - UInt8(ascii: "0"))
        if inExponent {
          exponent = exponent * 10 + Int(digit)
        } else {
          let (times10, overflow) = significand.multipliedReportingOverflow(by: 10)
          let (sum, carry) = times10.addingReportingOverflow(digit)
          guard !overflow && !carry else { return nil }
          significand = sum
          if seenPoint { fractionDigits += 1 }
        }
      default:
        return nil
      }
    }
    return DecimalParts(
      isNegative: negative && significand != 0, significand: significand,
      exponent: (exponentNegative ? -exponent : exponent) - fractionDigits)
  }

  static let smallPowers: [UInt64] = (0...19).map { e in (0..<e).reduce(UInt64(1)) { p, _ in p * 10 } }

  /// 10^e (e ≥ 0) as a big integer (small ones built from their word: BigInt's generic
  /// integer conversion is slow).
  static func power10(_ e: Int) -> BigInt {
    e <= 19 ? BigInt(sign: .plus, magnitude: BigUInt(words: [UInt(smallPowers[e])])) : BigInt(10).power(e)
  }

  /// The value times 10^scale, an integer when scale ≥ −exponent.
  func scaled(by scale: Int) -> BigInt {
    let e = exponent + scale
    precondition(e >= 0, "the scale does not clear the decimal's denominator")
    var magnitude: BigInt
    if e <= 19 {
      let (high, low) = significand.multipliedFullWidth(by: Self.smallPowers[e])
      magnitude = BigInt(sign: .plus, magnitude: BigUInt(words: [UInt(low), UInt(high)]))
    } else {
      magnitude = BigInt(sign: .plus, magnitude: BigUInt(words: [UInt(significand)])) * Self.power10(e)
    }
    if isNegative { magnitude.negate() }
    return magnitude
  }
}
