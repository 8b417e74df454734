/// The Lemke–Howson algorithm: one Nash equilibrium of a bimatrix game by complementary
/// pivoting (Lemke & Howson 1964; von Stengel 2007, Algorithm 3.6).
///
/// Starting from the artificial equilibrium (0, 0) of the best-response polytopes
///
///     P = { x ≥ 0 : B′ᵀx ≤ 1 },   Q = { y ≥ 0 : A′y ≤ 1 },
///
/// the algorithm drops one label (a pure strategy: 0..<m are the row player's, m..<m+n the
/// column player's), walks along edges of P × Q on which every other label stays present,
/// and stops when the dropped label is picked up again. The end point is a Nash equilibrium
/// after normalizing x and y to probability distributions.
///
/// ```swift
/// let result = try BimatrixGame.vonStengel3x2.solve(using: .lemkeHowson(initialDroppedLabel: 1))
/// // result.equilibria[0].profile == ((0, 1/3, 2/3), (1/3, 2/3))
/// ```
///
/// Implementation notes:
/// - A′ and B′ are the payoffs mapped affinely into [1, 2] (each player separately), which
///   keeps the polytopes bounded for every game, including all-zero and constant ones, and
///   changes no equilibrium.
/// - Games with both dimensions above 16 pivot in revised form
///   (`LemkeHowsonRevisedTableau`): each polytope keeps only the inverse of its k × k
///   structural basis block (k = the current support size), updated by rank-one formulas and
///   refactored (Gauss–Jordan to order 48, LAPACK LU above) every 50 updates or after a
///   tiny pivot, so a pivot costs O((m + n) · k + k²) instead of a full tableau update. Its matrix–vector products,
///   rank-one updates and ratio test run in small C kernels that use AVX2 and FMA when the
///   CPU has them (chosen at run time), so the last bits of the floating-point path, and in
///   near-degenerate games the equilibrium reached, can differ between machines; every
///   result is certified from the original payoffs either way. The payoffs are mapped into
///   [1, 2] on the fly rather than copied. Smaller games, and any path whose end point does
///   not certify in revised form (round-off on an ill-conditioned game), use the full
///   tableau, updated in place column by column, skipping the columns whose pivot-row entry
///   is zero (see `Matrix.pivot(row:column:kernel:workspace:)`). Both follow the same path
///   (the same lexicographic rule) in exact arithmetic.
/// - The leaving variable is chosen by the lexicographic minimum-ratio test, so degenerate
///   games cannot make the method cycle; an equilibrium of a degenerate game is still
///   returned, with a ``Diagnostic/degenerate(_:)`` witness when its strategies have more
///   pure best responses than their support.
/// - The end point is certified from the original payoffs with
///   ``BimatrixGame/certify(_:exactly:)``. If its regret exceeds `tolerance` × payoff scale
///   (round-off over a long path), the vertex is recomputed from the original payoffs by LU
///   on the final bases and certified again; if that fails too, the result has no
///   equilibria, ``EquilibriumResult/hasConverged`` false and a diagnostic. Exact rational
///   verification is attempted as ``BimatrixGame/certify(_:exactly:)`` does, which skips
///   supports above ``BimatrixGame/maximumExactSupportSize`` (64): for large random games an
///   equilibrium can then be certified in floating point only, which is expected.
///
/// Conventions: A and B are both m×n. QuantEcon's `lemke_howson` stores the column player's
/// payoffs transposed and calls the initial dropped label `init_pivot`; the label numbering
/// (rows first, then columns) is the same.
///
/// References:
/// - C. E. Lemke and J. T. Howson, Jr., "Equilibrium points of bimatrix games", SIAM Journal
///   on Applied Mathematics 12(2):413–423, 1964. https://doi.org/10.1137/0112033
/// - B. von Stengel, "Equilibrium computation for two-player games in strategic and
///   extensive form", ch. 3 of Algorithmic Game Theory (Nisan, Roughgarden, Tardos,
///   Vazirani, eds.), Cambridge University Press, 2007: Algorithm 3.6 and §3.5–3.6
///   (pivoting, lexicographic degeneracy resolution).
///
/// - Complexity: O(mn + p · ((m + n) · k + k²)) time for a path of p pivots with supports of
///   size at most k (O(p · (m + n) · max(m, n)) on the full tableau), and O(mn + (m + n) · k)
///   memory. Paths are short for random games but can be
///   exponentially long (Savani & von Stengel 2006).
public struct LemkeHowson: EquilibriumSolver {
  /// The label dropped at the artificial equilibrium: 0..<m are the row player's strategies,
  /// m..<m+n the column player's. (QuantEcon: `init_pivot`.)
  public var initialDroppedLabel: Int
  /// The largest number of pivots before giving up with ``EquilibriumResult/hasConverged``
  /// false.
  public var maxIterations: Int
  /// The relative regret tolerance: the end point must have regret at most this times the
  /// game's ``BimatrixGame/payoffScale``.
  public var tolerance: Double
  /// Whether to attempt exact rational verification of the end point
  /// (``BimatrixGame/certify(_:exactly:)``). On games built from `Double`s it costs tens to
  /// hundreds of microseconds (supports of 2–10 strategies) to a few milliseconds (about
  /// 30): more than a short path's pivoting, less than a long one's. Switch it off for speed
  /// when a floating-point certificate is enough.
  public var verifiesExactly: Bool

  /// The default pivot budget: 1,000,000, far beyond the paths of random games of any size
  /// that fits in memory, and enough for hard games up to about dimension 30.
  public static let defaultMaxIterations = 1_000_000

  public var name: String { "lemke-howson" }

  /// Creates the solver.
  ///
  /// - Parameters:
  ///   - initialDroppedLabel: the label dropped first, in 0..<m+n.
  ///   - maxIterations: the pivot budget, at least 1.
  ///   - tolerance: the relative regret tolerance, positive.
  ///   - verifiesExactly: whether to attempt exact rational verification.
  public init(
    initialDroppedLabel: Int = 0, maxIterations: Int = LemkeHowson.defaultMaxIterations,
    tolerance: Double = Tolerance.regret, verifiesExactly: Bool = true
  ) {
    self.initialDroppedLabel = initialDroppedLabel
    self.maxIterations = maxIterations
    self.tolerance = tolerance
    self.verifiesExactly = verifiesExactly
  }

  /// Finds one equilibrium by the Lemke–Howson path that starts by dropping
  /// ``initialDroppedLabel``.
  ///
  /// - Returns: one certified equilibrium with ``EquilibriumResult/hasConverged`` true and
  ///   ``EquilibriumResult/isComplete`` false (unless the game has one strategy per player),
  ///   or no equilibria with ``EquilibriumResult/hasConverged`` false and a diagnostic when
  ///   the pivot budget ran out or round-off spoiled the end point.
  /// - Throws: ``SolverError/invalidOption(_:)`` for a label outside 0..<m+n, a pivot
  ///   budget below 1, or a tolerance that is not positive and finite.
  /// - Complexity: O(p · ((m + n) · k + k²)) for a path of p pivots with supports of size at
  ///   most k (see ``LemkeHowson``).
  public func solve(_ game: BimatrixGame) throws -> EquilibriumResult {
    try Self.validate(
      label: initialDroppedLabel, maxIterations: maxIterations, tolerance: tolerance, game: game)
    let scale = game.payoffScale
    let (outcome, pivots, found) = followPath(game, payoffScale: scale)
    let isTrivial = game.rowCount == 1 && game.columnCount == 1
    switch outcome {
    case .iterationLimit:
      return failure(
        pivots, "the Lemke–Howson path from label \(initialDroppedLabel) did not end within "
          + "\(maxIterations) pivots; raise maxIterations or try another initial label")
    case .numericalFailure:
      return failure(
        pivots, "round-off left no valid pivot on the Lemke–Howson path from label "
          + "\(initialDroppedLabel) after \(pivots) pivots; try another initial label")
    case .completelyLabeled:
      guard let equilibrium = found else {
        return failure(
          pivots, "the end of the Lemke–Howson path from label \(initialDroppedLabel) is not an "
            + "equilibrium within the tolerance (round-off after \(pivots) pivots); "
            + "try another initial label or support enumeration")
      }
      var diagnostics = [Diagnostic]()
      if let witness = game.degeneracyWitness(of: equilibrium.profile, limit: tolerance * scale) {
        diagnostics.append(.degenerate(witness))
      }
      if verifiesExactly, !equilibrium.isVerifiedExactly {
        diagnostics.append(.notVerifiedExactly(equilibriumIndex: 0, reason: Self.exactReason(equilibrium)))
      }
      return EquilibriumResult(
        equilibria: [equilibrium], method: name, iterations: pivots, hasConverged: true,
        isComplete: isTrivial, diagnostics: diagnostics, tolerance: tolerance)
    }
  }

  /// Follows the path with the revised kernel (``LemkeHowsonRevisedTableau``) when the game
  /// is large enough for it to pay, else, or when its end point does not certify or it
  /// meets no valid pivot (round-off on an ill-conditioned game), with the full tableau
  /// (``LemkeHowsonTableau``). Returns the certified end point, if any.
  private func followPath(
    _ game: BimatrixGame, payoffScale scale: Double
  ) -> (outcome: LemkeHowsonTableau.Outcome, pivots: Int, equilibrium: Equilibrium?) {
    let label = initialDroppedLabel
    if LemkeHowsonRevisedTableau.isPreferred(rows: game.rowCount, columns: game.columnCount) {
      let revised = LemkeHowsonRevisedTableau(game: game)
      let (outcome, pivots) = revised.run(droppingLabel: label, maxPivots: maxIterations)
      if outcome == .iterationLimit { return (outcome, pivots, nil) }
      if outcome == .completelyLabeled, let equilibrium = revised.certifiedEquilibrium(
        of: game, tolerance: tolerance, exactly: verifiesExactly, payoffScale: scale) {
        return (outcome, pivots, equilibrium)
      }
    }
    var tableau = LemkeHowsonTableau(game: game)
    let (outcome, pivots) = tableau.run(droppingLabel: label, maxPivots: maxIterations)
    guard outcome == .completelyLabeled else { return (outcome, pivots, nil) }
    return (outcome, pivots, tableau.certifiedEquilibrium(
      of: game, tolerance: tolerance, exactly: verifiesExactly, payoffScale: scale))
  }

  private func failure(_ pivots: Int, _ reason: String) -> EquilibriumResult {
    EquilibriumResult(
      equilibria: [], method: name, iterations: pivots, hasConverged: false, isComplete: false,
      diagnostics: [.possiblyIncomplete(reason)], tolerance: tolerance)
  }

  static func exactReason(_ equilibrium: Equilibrium) -> String {
    let largest = max(equilibrium.rowSupport.count, equilibrium.columnSupport.count)
    if largest > BimatrixGame.maximumExactSupportSize {
      return "its support (\(largest) strategies) exceeds the exact-verification limit of "
        + "\(BimatrixGame.maximumExactSupportSize); it is certified in floating point only"
    }
    return "the exact indifference system did not confirm it; it is certified in floating point only"
  }

  static func validate(label: Int?, maxIterations: Int, tolerance: Double, game: BimatrixGame) throws {
    let labelCount = game.rowCount + game.columnCount
    if let label, !(0..<labelCount).contains(label) {
      throw SolverError.invalidOption(
        "the initial dropped label \(label) is out of range: a \(game.rowCount)×\(game.columnCount) "
          + "game has labels 0..<\(labelCount) (rows 0..<\(game.rowCount), then columns)")
    }
    guard maxIterations >= 1 else {
      throw SolverError.invalidOption("maxIterations must be at least 1, not \(maxIterations)")
    }
    guard tolerance.isFinite, tolerance > 0 else {
      throw SolverError.invalidOption("the tolerance must be positive and finite, not \(tolerance)")
    }
  }
}

extension EquilibriumSolver where Self == LemkeHowson {
  /// The Lemke–Howson algorithm from the artificial equilibrium, dropping
  /// `initialDroppedLabel` (0..<m row strategies, then m..<m+n column strategies;
  /// QuantEcon: `init_pivot`). See ``LemkeHowson``.
  public static func lemkeHowson(
    initialDroppedLabel: Int = 0, maxIterations: Int = LemkeHowson.defaultMaxIterations,
    tolerance: Double = Tolerance.regret, verifiesExactly: Bool = true
  ) -> Self {
    LemkeHowson(
      initialDroppedLabel: initialDroppedLabel, maxIterations: maxIterations, tolerance: tolerance,
      verifiesExactly: verifiesExactly)
  }
}
