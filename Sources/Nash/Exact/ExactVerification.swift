import BigInt

/// Exact verification of an equilibrium in rational arithmetic.
///
/// Given a floating-point profile, rebuild it exactly: for each player, solve the
/// indifference system on the support (the opponent's tight best replies all pay the same,
/// the probabilities sum to 1). A square system is solved fraction-free (Bareiss 1968,
/// "Sylvester's identity and multistep integer-preserving Gaussian elimination", Math. Comp.
/// 22(103):565–578, https://doi.org/10.1090/S0025-5718-1968-0226829-0) on equations scaled to
/// integers; a rank-deficient one (degenerate games) by rational Gauss–Jordan elimination,
/// with free unknowns set to the nearest small fraction of their floating-point value.
/// Then check, exactly and in integers, that every probability is non-negative and that no
/// pure strategy pays more than the profile: both regrets are exactly zero. That check is the
/// certificate; how the candidate was built does not matter to it.
///
/// - Complexity: O(k³) integer operations for supports of size k, plus O((m + n)·k) for the
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
    let x: ScaledVector, y: ScaledVector
    if let ex = profile.row.exactProbabilities, let ey = profile.column.exactProbabilities {
      (x, y) = (ScaledVector(ex), ScaledVector(ey))
    } else {
      let rowSupport = profile.row.support, columnSupport = profile.column.support
      guard rowSupport.count <= Self.maximumExactSupportSize,
        columnSupport.count <= Self.maximumExactSupportSize
      else { return nil }
      // Pure strategies within 1e-7 (relative) of the best: the candidates for exact ties.
      let rowTight = bestResponses(to: profile.column, for: .row, tolerance: 1e-7)
      let columnTight = bestResponses(to: profile.row, for: .column, tolerance: 1e-7)
      guard
        let ex = exactIndifferentStrategy(
          of: .row, support: rowSupport, approximate: profile.row.probabilities,
          opponentTight: columnTight, opponentSupport: columnSupport),
        let ey = exactIndifferentStrategy(
          of: .column, support: columnSupport, approximate: profile.column.probabilities,
          opponentTight: rowTight, opponentSupport: rowSupport)
      else { return nil }
      guard ex.isClose(to: profile.row.probabilities), ey.isClose(to: profile.column.probabilities)
      else { return nil }
      (x, y) = (ex, ey)
    }
    guard x.isDistribution, y.isDistribution,
      let rowPayoff = exactPayoffIfBestResponse(x, against: y, for: .row),
      let columnPayoff = exactPayoffIfBestResponse(y, against: x, for: .column)
    else { return nil }
    return (
      StrategyProfile(
        row: MixedStrategy(uncheckedExact: x.rationals), column: MixedStrategy(uncheckedExact: y.rationals)),
      rowPayoff, columnPayoff
    )
  }

  /// The exact strategy of `player` on `support` that makes the opponent indifferent among
  /// `opponentTight` (or, if those equations are inconsistent, among `opponentSupport`).
  private func exactIndifferentStrategy(
    of player: Player, support: [Int], approximate: [Double], opponentTight: [Int],
    opponentSupport: [Int]
  ) -> ScaledVector? {
    let count = strategyCount(for: player)
    func coefficient(_ s: Int, _ t: Int) -> Rational {
      player == .row
        ? exactPayoff(for: .column, row: s, column: t) : exactPayoff(for: .row, row: t, column: s)
    }
    func fraction(_ s: Int, _ t: Int) -> (BigInt, BigInt) {
      player == .row
        ? exactPayoffFraction(for: .column, row: s, column: t) : exactPayoffFraction(for: .row, row: t, column: s)
    }
    for equations in [opponentTight, opponentSupport] {
      guard Set(opponentSupport).isSubset(of: equations) else { continue }
      let k = support.count
      // Unknowns: p_s for s in support, then the opponent's payoff w.
      // Rows: for each opponent strategy t: Σ_s payoff(s,t) p_s − w = 0; then Σ p_s = 1.
      if equations.count == k {
        var rows = [[BigInt]]()
        rows.reserveCapacity(k + 1)
        for t in equations {
          let scaled = ScaledVector(fractions: support.map { fraction($0, t) })
          rows.append(scaled.numerators + [-scaled.denominator, 0])
        }
        rows.append(Array(repeating: 1, count: k) + [0, 1])
        if let (numerators, determinant) = solveFractionFree(rows) {
          var full = [BigInt](repeating: 0, count: count)
          for (index, s) in support.enumerated() { full[s] = numerators[index] }
          return ScaledVector(numerators: full, denominator: determinant)
        }
      }
      var system = [[Rational]]()
      for t in equations { system.append(support.map { coefficient($0, t) } + [-.one, .zero]) }
      system.append(Array(repeating: .one, count: k) + [.zero, .one])
      let guess = support.map { approximate[$0] } + [0]
      guard let solution = solveExactly(system, unknowns: k + 1, guess: guess) else { continue }
      var full = [Rational](repeating: .zero, count: count)
      for (index, s) in support.enumerated() { full[s] = solution[index] }
      return ScaledVector(full)
    }
    return nil
  }

  /// If `own` is a best response to `opponent` for `player`, exactly, its payoff; else nil.
  /// Works in integers: payoffs against the opponent's support are scaled by their common
  /// denominator, the opponent's strategy by its own.
  private func exactPayoffIfBestResponse(
    _ own: ScaledVector, against opponent: ScaledVector, for player: Player
  ) -> Rational? {
    let opponentSupport = opponent.numerators.indices.filter { !opponent.numerators[$0].isZero }
    let ownCount = own.numerators.count
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
    let scaledBlock = ScaledVector(fractions: block)
    var values = [BigInt]()
    values.reserveCapacity(ownCount)
    var index = 0
    for _ in 0..<ownCount {
      var value = BigInt(0)
      for t in opponentSupport {
        value += scaledBlock.numerators[index] * opponent.numerators[t]
        index += 1
      }
      values.append(value)
    }
    let best = values.max()!
    for s in 0..<ownCount where !own.numerators[s].isZero {
      guard values[s] == best else { return nil }
    }
    // Payoff = best / (block scale · opponent scale); own sums to 1.
    return Rational(best, scaledBlock.denominator * opponent.denominator)
  }
}

/// Rationals over one positive common denominator: `values[i] = numerators[i] / denominator`.
struct ScaledVector {
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

  var rationals: [Rational] { numerators.map { Rational($0, denominator) } }

  /// Whether each entry is within ``BimatrixGame/exactReconstructionTolerance`` of `values`.
  func isClose(to values: [Double]) -> Bool {
    guard values.count == numerators.count else { return false }
    let tolerance = BimatrixGame.exactReconstructionTolerance
    if denominator.bitWidth < 900 {
      // Both fit a Double; the product's relative error (~1e-16) is far below the tolerance.
      let scale = 1 / Double(denominator)
      return zip(numerators, values).allSatisfy { abs(Double($0) * scale - $1) <= tolerance }
    }
    return zip(numerators, values).allSatisfy { abs(Rational($0, denominator).doubleValue - $1) <= tolerance }
  }

  /// Non-negative entries summing to exactly 1.
  var isDistribution: Bool {
    numerators.allSatisfy { $0.sign == .plus || $0.isZero }
      && numerators.reduce(BigInt(0), +) == denominator
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
