import NashLinearAlgebra

/// Solves a zero-sum (constant-sum) game by linear programming: its value and a pair of
/// optimal strategies, certified by the duality gap.
///
/// The row player's payoffs A are shifted and scaled into `P = (A − min A)/range + 1`, whose
/// entries lie in [1, 2], and the LP `max 1ᵀu s.t. P u ≤ 1, u ≥ 0` is solved by a dense
/// primal simplex method on a condensed (Tucker) tableau (Dantzig 1951/1963; Chvátal 1983,
/// *Linear Programming*, ch. 2–3 and 15). Its optimal u and dual w give the column and row
/// players' optimal strategies `y = u/1ᵀu`, `x = w/1ᵀw` and the value
/// `v = (1/1ᵀu − 1)·range + min A` (von Stengel 2007, "Equilibrium computation for
/// two-player games in strategic and extensive form", §3.3, in *Algorithmic Game Theory*,
/// https://doi.org/10.1017/CBO9780511800481.005).
///
/// Why this design:
/// - **Tableau simplex, not Lemke.** A constant-sum game needs one LP, not an LCP; the slack
///   basis is feasible from the start (no phase 1), and the condensed tableau holds primal
///   and dual solutions at once, so both strategies come out of one run.
/// - **BLAS pivots.** Each pivot is a single rank-one update (cblas_dger) of the
///   (m+1)×(n+1) tableau, so the kernel runs at memory bandwidth.
/// - **Anti-cycling.** Dantzig's largest-coefficient rule picks the entering column (few
///   pivots in practice); after 50 consecutive degenerate pivots Bland's smallest-index
///   rule (Bland 1977, https://doi.org/10.1287/moor.2.2.103) takes over until the objective
///   moves, so the method cannot cycle.
/// - **Accuracy.** Round-off accumulates over thousands of pivots, so the final basis is
///   re-solved from the original data (LAPACK LU of `P[I, J]`, both `P[I,J] u = 1` and
///   `P[I,J]ᵀ w = 1`), and whichever of the two candidate profiles has the smaller duality
///   gap is returned. The gap and regrets are then computed from the original payoffs.
///
/// ```swift
/// let s = try ZeroSumLP().solveZeroSum(.rockPaperScissors)
/// // s.value ≈ 0, s.rowStrategy ≈ (1/3, 1/3, 1/3), s.gap ≈ 0
/// let result = try BimatrixGame.matchingPennies.solve(using: .zeroSumLP())
/// ```
///
/// - Throws: ``SolverError/invalidOption(_:)`` if the game is not constant-sum or an option
///   is out of range.
/// - Complexity: O(m·n) memory; O((m+1)(n+1)) per pivot, with a number of pivots that is
///   exponential in the worst case (Klee–Minty) but typically a small multiple of m + n;
///   plus one O(k³) LU solve on the final support of size k.
public struct ZeroSumLP: EquilibriumSolver {
  public var name: String { "zero-sum-lp" }
  /// Relative tolerance (times ``BimatrixGame/payoffScale``) for the constant-sum test and
  /// the regret the result is measured against.
  public var tolerance: Double
  /// The pivot budget; nil means `50·(m + n) + 1000`.
  public var maxIterations: Int?
  /// Whether to try exact rational verification (supports of at most
  /// ``BimatrixGame/maximumExactSupportSize``).
  public var verifiesExactly: Bool

  public init(tolerance: Double = Tolerance.regret, maxIterations: Int? = nil, verifiesExactly: Bool = true) {
    self.tolerance = tolerance
    self.maxIterations = maxIterations
    self.verifiesExactly = verifiesExactly
  }

  /// The value and optimal strategies of a constant-sum game, with the duality gap.
  ///
  /// - Throws: ``SolverError/invalidOption(_:)`` if the game is not constant-sum.
  /// - Complexity: see ``ZeroSumLP``.
  public func solveZeroSum(_ game: BimatrixGame) throws -> ZeroSumSolution {
    try validate(game)
    let m = game.rowCount, n = game.columnCount
    let a = game.rowMatrix
    let lo = a.storage.min()!, hi = a.storage.max()!
    let range = hi - lo
    guard range > 0 else {
      // Every payoff equal: every profile is optimal.
      return ZeroSumSolution(
        game: game, profile: StrategyProfile(row: .uniform(count: m), column: .uniform(count: n)),
        iterations: 0, hasConverged: true)
    }
    var p = a
    for k in p.storage.indices { p.storage[k] = (p.storage[k] - lo) / range + 1 }
    var simplex = ZeroSumSimplex(scaledPayoffs: p)
    let outcome = simplex.run(maxPivots: maxIterations ?? (50 * (m + n) + 1000))

    var candidates = [StrategyProfile]()
    let (u, w) = (simplex.primal, simplex.dual)
    if let x = Self.normalized(w), let y = Self.normalized(u) {
      candidates.append(StrategyProfile(row: x, column: y))
    }
    let (rows, columns) = simplex.basis
    if rows.count == columns.count, !rows.isEmpty,
      let lu = try? LUFactorization(p.submatrix(rows: rows, columns: columns))
    {
      let ones = [Double](repeating: 1, count: rows.count)
      let uJ = lu.solve(ones), wI = lu.solve(ones, transposed: true)
      var uFull = [Double](repeating: 0, count: n), wFull = [Double](repeating: 0, count: m)
      for (k, j) in columns.enumerated() { uFull[j] = uJ[k] }
      for (k, i) in rows.enumerated() { wFull[i] = wI[k] }
      if let x = Self.normalized(wFull), let y = Self.normalized(uFull) {
        candidates.append(StrategyProfile(row: x, column: y))
      }
    }
    if candidates.isEmpty {
      candidates.append(StrategyProfile(row: .uniform(count: m), column: .uniform(count: n)))
    }
    let solutions = candidates.map {
      ZeroSumSolution(game: game, profile: $0, iterations: simplex.pivots, hasConverged: outcome == .optimal)
    }
    return solutions.min { $0.gap < $1.gap }!
  }

  /// Solves the game and returns its certified equilibrium (one optimal profile; the
  /// equilibria of a zero-sum game form a convex polytope, so the result is not complete).
  ///
  /// - Throws: ``SolverError/invalidOption(_:)`` if the game is not constant-sum.
  public func solve(_ game: BimatrixGame) throws -> EquilibriumResult {
    let solution = try solveZeroSum(game)
    return solution.equilibriumResult(
      in: game, method: name, tolerance: tolerance, verifiesExactly: verifiesExactly,
      extraDiagnostics: { equilibrium in
        verifiesExactly && game.hasExactPayoffs && !equilibrium.isVerifiedExactly
          ? [.notVerifiedExactly(equilibriumIndex: 0, reason: LemkeHowson.exactReason(equilibrium))] : []
      },
      budgetNote: "the simplex method stopped at its budget of \(solution.iterations) pivots with duality gap "
        + "\(solution.gap); raise maxIterations")
  }

  private func validate(_ game: BimatrixGame) throws {
    guard tolerance.isFinite, tolerance >= 0 else {
      throw SolverError.invalidOption("the tolerance must be a non-negative number, not \(tolerance)")
    }
    if let maxIterations, maxIterations < 1 {
      throw SolverError.invalidOption("maxIterations must be at least 1, not \(maxIterations)")
    }
    try game.requireConstantSum(for: "zero-sum-lp", tolerance: tolerance)
  }

  /// `v/Σv` as a mixed strategy, after clearing round-off below zero; nil if `v` has a
  /// clearly negative or non-finite entry, or sums to zero.
  static func normalized(_ v: [Double]) -> MixedStrategy? {
    let total = v.reduce(0) { $0 + max(0, $1) }
    guard total > 0, total.isFinite else { return nil }
    var scaled = [Double](repeating: 0, count: v.count)
    for (k, value) in v.enumerated() {
      guard value.isFinite, value >= -1e-9 * total else { return nil }
      scaled[k] = max(0, value) / total
    }
    return MixedStrategy(cleaning: scaled)
  }
}

extension EquilibriumSolver where Self == ZeroSumLP {
  /// Linear programming for a zero-sum (constant-sum) game (``ZeroSumLP``).
  public static func zeroSumLP(
    tolerance: Double = Tolerance.regret, maxIterations: Int? = nil, verifiesExactly: Bool = true
  ) -> Self {
    ZeroSumLP(tolerance: tolerance, maxIterations: maxIterations, verifiesExactly: verifiesExactly)
  }
}
