import BigInt

/// Exact verification of an equilibrium in rational arithmetic.
///
/// Given a floating-point profile, rebuild it exactly: for each player, solve the
/// indifference system on the support (the opponent's tight best responses all pay the
/// same, the probabilities sum to 1) by rational Gauss–Jordan elimination; where the system
/// leaves freedom (degenerate games), free unknowns take the nearest small fraction of their
/// floating-point value. Then check, exactly, that every probability is non-negative and
/// that no pure strategy pays more than the profile (both regrets are exactly zero). The
/// check is the certificate; how the candidate was built does not matter to it.
///
/// Cost: O(k³) rational operations for supports of size k, plus O((m + n)·k) for the
/// regret check; supports larger than ``BimatrixGame/maximumExactSupportSize`` are not tried.
extension BimatrixGame {
  /// The largest support (per player) that exact verification attempts: 64.
  public static let maximumExactSupportSize = 64

  /// Verifies `profile` exactly; returns it with exact probabilities and payoffs, or nil if
  /// it is not an exact equilibrium (or its support is too large to try).
  public func verifyExactly(
    _ profile: StrategyProfile
  ) -> (profile: StrategyProfile, rowPayoff: Rational, columnPayoff: Rational)? {
    let x: [Rational], y: [Rational]
    if let ex = profile.row.exactProbabilities, let ey = profile.column.exactProbabilities {
      (x, y) = (ex, ey)
    } else {
      let rowSupport = profile.row.support, columnSupport = profile.column.support
      guard rowSupport.count <= Self.maximumExactSupportSize,
        columnSupport.count <= Self.maximumExactSupportSize
      else { return nil }
      let tight = looseBestResponses(profile)
      guard
        let ex = exactIndifferentStrategy(
          of: .row, support: rowSupport, approximate: profile.row.probabilities,
          opponentTight: tight.column, opponentSupport: columnSupport),
        let ey = exactIndifferentStrategy(
          of: .column, support: columnSupport, approximate: profile.column.probabilities,
          opponentTight: tight.row, opponentSupport: rowSupport)
      else { return nil }
      (x, y) = (ex, ey)
    }
    guard let rowPayoff = exactPayoffIfBestResponse(x, y, for: .row),
      let columnPayoff = exactPayoffIfBestResponse(y, x, for: .column)
    else { return nil }
    return (
      StrategyProfile(row: MixedStrategy(uncheckedExact: x), column: MixedStrategy(uncheckedExact: y)),
      rowPayoff, columnPayoff
    )
  }

  /// Pure strategies whose payoff is within 1e-7 of the best (relative): the candidates for
  /// exact ties.
  private func looseBestResponses(_ profile: StrategyProfile) -> (row: [Int], column: [Int]) {
    (
      bestResponses(to: profile.column, for: .row, tolerance: 1e-7),
      bestResponses(to: profile.row, for: .column, tolerance: 1e-7)
    )
  }

  /// The exact strategy of `player` on `support` that makes the opponent indifferent among
  /// `opponentTight` (falling back to `opponentSupport` if those equations are inconsistent),
  /// non-negative, summing to 1.
  private func exactIndifferentStrategy(
    of player: Player, support: [Int], approximate: [Double], opponentTight: [Int],
    opponentSupport: [Int]
  ) -> [Rational]? {
    for equations in [opponentTight, opponentSupport] {
      guard Set(opponentSupport).isSubset(of: equations) else { continue }
      // Unknowns: p_s for s in support, then the opponent's payoff w.
      // Rows: for each opponent strategy t: Σ_s payoff_opp(s,t) p_s − w = 0; then Σ p_s = 1.
      let k = support.count
      var system = [[Rational]]()
      system.reserveCapacity(equations.count + 1)
      for t in equations {
        var row = support.map { s in
          player == .row
            ? exactPayoff(for: .column, row: s, column: t) : exactPayoff(for: .row, row: t, column: s)
        }
        row.append(-.one)
        row.append(.zero)
        system.append(row)
      }
      system.append(Array(repeating: .one, count: k) + [.zero, .one])
      let guess = support.map { approximate[$0] } + [0]
      guard let solution = solveExactly(system, unknowns: k + 1, guess: guess) else { continue }
      var strategy = [Rational](repeating: .zero, count: strategyCount(for: player))
      for (index, s) in support.enumerated() {
        guard !solution[index].isNegative else { return nil }
        strategy[s] = solution[index]
      }
      return strategy
    }
    return nil
  }

  /// If `own` is a best response to `opponent` for `player`, exactly, its payoff; else nil.
  private func exactPayoffIfBestResponse(_ own: [Rational], _ opponent: [Rational], for player: Player) -> Rational? {
    let opponentSupport = opponent.indices.filter { !opponent[$0].isZero }
    var best: Rational? = nil
    var values = [Rational](repeating: .zero, count: own.count)
    for s in own.indices {
      var value = Rational.zero
      for t in opponentSupport {
        let payoff =
          player == .row
          ? exactPayoff(for: .row, row: s, column: t) : exactPayoff(for: .column, row: t, column: s)
        value += payoff * opponent[t]
      }
      values[s] = value
      if best == nil || value > best! { best = value }
    }
    var received = Rational.zero
    for s in own.indices where !own[s].isZero {
      guard values[s] == best! else { return nil }
      received += own[s] * values[s]
    }
    return received
  }
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
  init(approximating value: Double) {
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
