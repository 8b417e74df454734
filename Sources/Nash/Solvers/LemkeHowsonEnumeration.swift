/// Every equilibrium reachable by Lemke–Howson paths: a search of the graph whose nodes
/// are the completely labeled vertex pairs and whose edges are Lemke–Howson paths
/// (Shapley 1974; von Stengel 2007, §3.5).
///
/// The search starts at the artificial equilibrium (0, 0) with every label 0..<m+n, then
/// follows every label from every equilibrium found, until no new vertex pair appears.
/// Equilibria are de-duplicated (two bases of a degenerate game can give the same profile)
/// and listed in the order they were first reached.
///
/// Not every equilibrium need be reachable: the graph can have components (pairs of
/// equilibria joined by their own paths) that do not contain the artificial equilibrium.
/// The result therefore always has ``EquilibriumResult/isComplete`` false and a
/// ``Diagnostic/possiblyIncomplete(_:)`` diagnostic; use support enumeration when the
/// complete set is needed.
///
/// References: L. S. Shapley, "A note on the Lemke–Howson algorithm", Mathematical
/// Programming Study 1:175–189, 1974; B. von Stengel, ch. 3 of Algorithmic Game Theory,
/// Cambridge University Press, 2007, §3.5. Each path is the one ``LemkeHowson`` follows.
///
/// - Complexity: O((E + 1) · (m + n)) Lemke–Howson paths for E equilibria found (vertex
///   pairs of the lexicographically perturbed game), each O(k · (m + n) · max(m, n)) for k
///   pivots; memory O(E · (m + n)²) for the tableaux kept at each equilibrium.
public struct LemkeHowsonEnumeration: EquilibriumSolver {
  /// The pivot budget of each path; a path that exceeds it is abandoned and the result has
  /// ``EquilibriumResult/hasConverged`` false.
  public var maxIterations: Int
  /// The relative regret tolerance (times ``BimatrixGame/payoffScale``).
  public var tolerance: Double
  /// The largest number of vertex pairs to visit before stopping (with
  /// ``EquilibriumResult/hasConverged`` false): 10,000 by default.
  public var maxEquilibria: Int

  public var name: String { "lemke-howson-all" }

  /// Creates the solver.
  public init(
    maxIterations: Int = LemkeHowson.defaultMaxIterations, tolerance: Double = Tolerance.regret,
    maxEquilibria: Int = 10_000
  ) {
    self.maxIterations = maxIterations
    self.tolerance = tolerance
    self.maxEquilibria = maxEquilibria
  }

  /// Finds the equilibria reachable from the artificial equilibrium by Lemke–Howson paths.
  ///
  /// - Throws: ``SolverError/invalidOption(_:)`` for a pivot budget or equilibrium limit below
  ///   1, or a tolerance that is not positive and finite.
  public func solve(_ game: BimatrixGame) throws -> EquilibriumResult {
    try LemkeHowson.validate(label: nil, maxIterations: maxIterations, tolerance: tolerance, game: game)
    guard maxEquilibria >= 1 else {
      throw SolverError.invalidOption("maxEquilibria must be at least 1, not \(maxEquilibria)")
    }
    let labelCount = game.rowCount + game.columnCount
    let artificial = LemkeHowsonTableau(game: game)
    let scale = game.payoffScale
    var seen: Set<[Int]> = [artificial.basisKey]
    var queue = [artificial]
    var head = 0
    var equilibria = [Equilibrium]()
    var diagnostics = [Diagnostic]()
    var totalPivots = 0
    var unfinishedPaths = 0
    var rejected = 0
    var stoppedEarly = false

    search: while head < queue.count {
      let start = queue[head]
      head += 1
      for label in 0..<labelCount {
        var tableau = start
        let (outcome, pivots) = tableau.run(droppingLabel: label, maxPivots: maxIterations)
        totalPivots += pivots
        guard outcome == .completelyLabeled else {
          unfinishedPaths += 1
          continue
        }
        guard !tableau.isArtificial, seen.insert(tableau.basisKey).inserted else { continue }
        guard let equilibrium = tableau.certifiedEquilibrium(of: game, tolerance: tolerance, exactly: true, payoffScale: scale) else {
          rejected += 1
          continue
        }
        queue.append(tableau)
        if !equilibria.contains(where: { Self.sameProfile($0.profile, equilibrium.profile) }) {
          equilibria.append(equilibrium)
        }
        if queue.count - 1 >= maxEquilibria {
          stoppedEarly = true
          break search
        }
      }
    }

    var reasons = [
      "Lemke–Howson paths reach only the equilibria connected to the artificial equilibrium "
        + "(and to each other); others may exist (use support enumeration for all of them)"
    ]
    if unfinishedPaths > 0 {
      reasons.append("\(unfinishedPaths) path(s) did not finish within \(maxIterations) pivots")
    }
    if rejected > 0 {
      reasons.append("\(rejected) path end point(s) failed certification through round-off and were dropped")
    }
    if stoppedEarly {
      reasons.append("the search stopped at the limit of \(maxEquilibria) vertex pairs")
    }
    diagnostics.append(.possiblyIncomplete(reasons.joined(separator: "; ")))
    for (index, equilibrium) in equilibria.enumerated() where !equilibrium.isVerifiedExactly {
      diagnostics.append(
        .notVerifiedExactly(equilibriumIndex: index, reason: LemkeHowson.exactReason(equilibrium)))
    }
    for equilibrium in equilibria {
      if let witness = game.degeneracyWitness(of: equilibrium.profile, limit: tolerance * scale) {
        diagnostics.insert(.degenerate(witness), at: 0)
        break
      }
    }
    return EquilibriumResult(
      equilibria: equilibria, method: name, iterations: totalPivots,
      hasConverged: unfinishedPaths == 0 && !stoppedEarly, isComplete: false,
      diagnostics: diagnostics, tolerance: tolerance)
  }

  /// Whether two profiles are the same (exactly when both are exact, else within 1e-9).
  static func sameProfile(_ a: StrategyProfile, _ b: StrategyProfile) -> Bool {
    for player in Player.allCases {
      let s = a[player], t = b[player]
      if let same = s.hasSameExactProbabilities(as: t) {
        if !same { return false }
      } else if zip(s.probabilities, t.probabilities).contains(where: { abs($0 - $1) > 1e-9 }) {
        return false
      }
    }
    return true
  }
}

extension EquilibriumSolver where Self == LemkeHowsonEnumeration {
  /// Every equilibrium reachable by Lemke–Howson paths from the artificial equilibrium and
  /// from each other. See ``LemkeHowsonEnumeration``.
  public static func lemkeHowsonEnumeration(
    maxIterations: Int = LemkeHowson.defaultMaxIterations, tolerance: Double = Tolerance.regret,
    maxEquilibria: Int = 10_000
  ) -> Self {
    LemkeHowsonEnumeration(maxIterations: maxIterations, tolerance: tolerance, maxEquilibria: maxEquilibria)
  }
}
