import NashLinearAlgebra

/// Finds every extreme Nash equilibrium, also of degenerate games, by enumerating the
/// vertices of both players' best-response polytopes and pairing the completely labeled ones.
///
/// With A′ and B′ the payoffs shifted to be positive (which changes no equilibrium), the
/// best-response polytopes are
///
///     P = { x ∈ ℝᵐ : x ≥ 0, B′ᵀx ≤ 1 },   Q = { y ∈ ℝⁿ : A′y ≤ 1, y ≥ 0 }.
///
/// A point's labels are its tight inequalities: row i when xᵢ = 0 (in P) or (A′y)ᵢ = 1 (in
/// Q), column j when (B′ᵀx)ⱼ = 1 (in P) or yⱼ = 0 (in Q). A pair of non-zero vertices (x, y)
/// with every label 0..<m+n among them is an extreme equilibrium after normalising x and y to
/// sum to 1. This is Algorithm 3.5 of von Stengel, "Equilibrium computation for two-player
/// games in strategic and extensive form", in *Algorithmic Game Theory*, Cambridge University
/// Press, 2007, https://doi.org/10.1017/CBO9780511800481.005. Vertices are found by trying
/// every basis (a support S and as many tight opponent strategies W, |S| = |W|); lrsnash
/// (Avis, Rosenberg, Savani & von Stengel 2010, Economic Theory 42(1):9–37,
/// https://doi.org/10.1007/s00199-009-0449-x) walks them by reverse search instead.
///
/// Unlike ``SupportEnumeration``, the result is the complete set of extreme equilibria even
/// when the game is degenerate: every equilibrium, including those on continua, is a convex
/// combination of them (within each maximal Nash subset). Ties are judged with `tolerance`
/// relative to the payoff scale, and every equilibrium is then verified exactly.
///
/// - Complexity: C(m+n, m) − 1 small solves per polytope, then one label test per vertex
///   pair; the solver refuses games over ``maximumBases`` bases or with m + n > 128.
public struct VertexEnumeration: EquilibriumSolver {
  public var name: String { "vertex-enumeration" }
  /// Relative tolerance for tight inequalities and zero probabilities.
  public var tolerance: Double
  /// Whether to verify each equilibrium in exact rational arithmetic.
  public var verifiesExactly: Bool
  /// The largest number of bases C(m+n, m) − 1 per polytope: 5·10⁷ by default (13×13 has
  /// 10⁷, 14×14 4·10⁷).
  public var maximumBases: Double

  public init(tolerance: Double = Tolerance.regret, verifiesExactly: Bool = true, maximumBases: Double = 5e7) {
    self.tolerance = tolerance
    self.verifiesExactly = verifiesExactly
    self.maximumBases = maximumBases
  }

  public func solve(_ game: BimatrixGame) throws -> EquilibriumResult {
    guard tolerance > 0, tolerance.isFinite else {
      throw SolverError.invalidOption("the tolerance must be a positive number, got \(tolerance)")
    }
    let m = game.rowCount, n = game.columnCount
    let bases = binomial(m + n, m) - 1
    guard m + n <= 128, bases <= maximumBases else {
      throw SolverError.gameTooLarge(
        "a \(m)×\(n) game has \(Int(min(bases, 1e18))) bases per polytope, more than vertex enumeration's limit of "
          + "\(Int(maximumBases)) (and m + n must be at most 128); use support enumeration or Lemke–Howson")
    }
    let a = SupportSearch.shiftedPositive(game.rowMatrix.storage)
    let b = SupportSearch.shiftedPositive(game.columnMatrix.storage)
    // P's vertices use B′ (column player's payoffs, transposed), Q's use A′.
    let pVertices = polytopeVertices(own: m, opponent: n, payoffs: b, transposed: true)
    let qVertices = polytopeVertices(own: n, opponent: m, payoffs: a, transposed: false)

    let all = LabelSet.all(m + n)
    var equilibria = [Equilibrium]()
    var rejected = 0
    for x in pVertices {
      for y in qVertices where x.labels.union(y.labels) == all {
        let profile = StrategyProfile(
          row: MixedStrategy(cleaning: x.point), column: MixedStrategy(cleaning: y.point))
        let equilibrium = game.certify(profile, exactly: verifiesExactly)
        guard equilibrium.maxRegret <= tolerance * game.payoffScale else {
          rejected += 1
          continue
        }
        if !equilibria.contains(where: { $0.profile.isClose(to: equilibrium.profile) }) {
          equilibria.append(equilibrium)
        }
      }
    }
    var diagnostics = [Diagnostic]()
    if let witness = game.pureDegeneracyWitness(tolerance: tolerance) {
      diagnostics.append(.degenerate(witness))
    }
    if verifiesExactly {
      for (index, e) in equilibria.enumerated() where !e.isVerifiedExactly {
        diagnostics.append(.notVerifiedExactly(equilibriumIndex: index, reason: "its exact reconstruction failed"))
      }
    }
    if rejected > 0 {
      diagnostics.append(
        .possiblyIncomplete("\(rejected) completely labeled vertex pairs failed the regret check (round-off)"))
    }
    return EquilibriumResult(
      equilibria: equilibria, method: name, iterations: Int(2 * bases), hasConverged: true,
      isComplete: rejected == 0, diagnostics: diagnostics, tolerance: tolerance)
  }

  struct Vertex {
    /// The point scaled to sum to 1 (a mixed strategy), in the polytope's own coordinates.
    let point: [Double]
    let labels: LabelSet
  }

  /// The non-zero vertices of { z ≥ 0, Mᵀz ≤ 1 } (`transposed`: M = B′, z = x, m own strategies)
  /// or { M z ≤ 1, z ≥ 0 } (M = A′, z = y), with labels numbered rows first, then columns.
  ///
  /// `own` is the number of coordinates of z, `opponent` the number of payoff inequalities.
  func polytopeVertices(own: Int, opponent: Int, payoffs: [Double], transposed: Bool) -> [Vertex] {
    let m = transposed ? own : opponent  // rows of the payoff matrix
    // payoff(s, t): own strategy s against opponent strategy t.
    func payoff(_ s: Int, _ t: Int) -> Double { transposed ? payoffs[s + t * m] : payoffs[t + s * m] }
    let maximum = payoffs.max()!
    let zeroLimit = tolerance / maximum
    // Labels: row player's strategies are 0..<m, column player's m..<m+n.
    func ownLabel(_ s: Int) -> Int { transposed ? s : m + s }
    func opponentLabel(_ t: Int) -> Int { transposed ? m + t : t }

    var vertices = [Vertex]()
    var seen = Set<[Int64]>()
    let workspace = SmallSystemWorkspace(capacity: min(own, opponent))
    for k in 1...min(own, opponent) {
      let supports = SupportSearch.Subsets(of: own, size: k, withMasks: false)
      let tights = SupportSearch.Subsets(of: opponent, size: k, withMasks: false)
      var z = [Double](repeating: 0, count: own)
      for si in 0..<supports.count {
        let support = supports.members[(si * k)..<(si * k + k)]
        for ti in 0..<tights.count {
          let tight = tights.members[(ti * k)..<(ti * k + k)]
          // Σ_s payoff(s, t) z_s = 1 for t in tight.
          for (r, t) in tight.enumerated() {
            for (c, s) in support.enumerated() { workspace.matrix[r + c * k] = payoff(s, t) }
            workspace.rhs[r] = 1
          }
          guard workspace.solveInPlace(order: k) else { continue }
          for i in z.indices { z[i] = 0 }
          var feasible = true
          for (c, s) in support.enumerated() {
            let value = workspace.rhs[c]
            guard value.isFinite, value >= -zeroLimit else {
              feasible = false
              break
            }
            z[s] = max(0, value)
          }
          guard feasible else { continue }
          var labels = LabelSet()
          var total = 0.0
          for s in 0..<own {
            total += z[s]
            if z[s] <= zeroLimit { labels.insert(ownLabel(s)) }
          }
          guard total > 0 else { continue }
          for t in 0..<opponent {
            var value = 0.0
            for s in support { value += payoff(s, t) * z[s] }
            if value > 1 + tolerance {
              feasible = false
              break
            }
            if value >= 1 - tolerance { labels.insert(opponentLabel(t)) }
          }
          guard feasible else { continue }
          let point = z.map { $0 / total }
          // A degenerate vertex is reached from several bases: keep it once.
          let key = point.map { Int64(($0 * 1e9).rounded()) }
          if seen.insert(key).inserted { vertices.append(Vertex(point: point, labels: labels)) }
        }
      }
    }
    return vertices
  }
}

extension EquilibriumSolver where Self == VertexEnumeration {
  /// Every extreme equilibrium, also of degenerate games, by vertex enumeration.
  public static func vertexEnumeration(tolerance: Double = Tolerance.regret, verifiesExactly: Bool = true) -> Self {
    VertexEnumeration(tolerance: tolerance, verifiesExactly: verifiesExactly)
  }
}

/// A set of labels 0..<128 as two bit words.
struct LabelSet: Hashable {
  var low: UInt64 = 0
  var high: UInt64 = 0

  mutating func insert(_ label: Int) {
    if label < 64 { low |= 1 << UInt64(label) } else { high |= 1 << UInt64(label - 64) }
  }

  func union(_ other: LabelSet) -> LabelSet {
    LabelSet(low: low | other.low, high: high | other.high)
  }

  static func all(_ count: Int) -> LabelSet {
    var set = LabelSet()
    for label in 0..<count { set.insert(label) }
    return set
  }
}
