import NashLinearAlgebra

/// The pair of tableaux on which Lemke–Howson pivots (von Stengel 2007, §3.5).
///
/// With A′ and B′ the payoffs shifted and scaled into [1, 2] (a positive affine map per
/// player, which changes no equilibrium), the best-response polytopes are
///
///     P = { x ∈ ℝᵐ : x ≥ 0, B′ᵀx ≤ 1 },   Q = { y ∈ ℝⁿ : y ≥ 0, A′y ≤ 1 },
///
/// bounded because A′, B′ > 0 (also for all-zero and constant games), with slacks s and r:
/// `B′ᵀx + s = 1` (the tableau of P, n rows) and `r + A′y = 1` (the tableau of Q, m rows).
/// Both tableaux index their variables by label: label i < m is xᵢ in P and rᵢ in Q, label
/// m + j is sⱼ in P and yⱼ in Q; the last column is the right-hand side. A variable that is
/// non-basic (zero) carries its label; a vertex pair is completely labeled when every label
/// is non-basic in one of the tableaux.
///
/// The slack columns hold the inverse of the current basis, which makes the lexicographic
/// minimum-ratio test cheap: ties in the ratio are broken by comparing the rows of B⁻¹
/// divided by the pivot element, in a fixed column order. That is the simplex method's
/// lexicographic rule, equivalent to perturbing the right-hand side by (ε, ε², …); no two
/// rows tie in it, so degenerate games cannot make the method cycle.
struct LemkeHowsonTableau: Sendable {
  enum Side: Sendable {
    case p  // the row player's x and the column player's slacks: B′ᵀx + s = 1
    case q  // the row player's slacks and the column player's y: r + A′y = 1

    var other: Side { self == .p ? .q : .p }
  }

  /// The outcome of one complementary pivoting run.
  enum Outcome: Sendable, Equatable {
    /// The dropped label was picked up again: a completely labeled vertex pair.
    case completelyLabeled
    /// The pivot budget ran out.
    case iterationLimit
    /// No row passed the ratio test (only possible through round-off).
    case numericalFailure
  }

  let m: Int
  let n: Int
  var p: Matrix  // n × (m + n + 1)
  var q: Matrix  // m × (m + n + 1)
  /// The label of the basic variable of each row.
  var basisP: [Int]
  var basisQ: [Int]
  /// The row in which a label's variable is basic, or −1.
  var rowP: [Int]
  var rowQ: [Int]
  var workspace: [Double]
  /// A′ and B′, kept for refining the final vertex from the original data.
  let shiftedA: Matrix
  let shiftedB: Matrix

  /// A pivot element must exceed this; smaller entries are taken as round-off zeros.
  static let pivotTolerance = 1e-10
  /// Ratios within this (relative) of the minimum count as ties for the lexicographic rule.
  static let tieTolerance = 1e-11

  /// The tableaux at the artificial equilibrium x = 0, y = 0 (all slacks basic).
  ///
  /// - Complexity: O(mn + (m + n)²) time and memory.
  init(game: BimatrixGame) {
    m = game.rowCount
    n = game.columnCount
    shiftedA = Self.normalized(game.rowMatrix)
    shiftedB = Self.normalized(game.columnMatrix)
    let width = m + n + 1
    // Fill both tableaux straight into column-major storage (label-indexed columns).
    var pStorage = [Double](repeating: 0, count: n * width)
    var qStorage = [Double](repeating: 0, count: m * width)
    let (rowCount, columnCount) = (m, n)
    shiftedB.storage.withUnsafeBufferPointer { b in
      pStorage.withUnsafeMutableBufferPointer { t in
        // Column i (label i) of P's tableau is row i of B′.
        for i in 0..<rowCount {
          for j in 0..<columnCount { t[j + i * columnCount] = b[i + j * rowCount] }
        }
        for j in 0..<columnCount {
          t[j + (rowCount + j) * columnCount] = 1
          t[j + (rowCount + columnCount) * columnCount] = 1
        }
      }
    }
    shiftedA.storage.withUnsafeBufferPointer { a in
      qStorage.withUnsafeMutableBufferPointer { t in
        for i in 0..<rowCount {
          t[i + i * rowCount] = 1
          t[i + (rowCount + columnCount) * rowCount] = 1
        }
        // Column m + j (label m + j) of Q's tableau is column j of A′.
        for k in 0..<(rowCount * columnCount) { t[rowCount * rowCount + k] = a[k] }
      }
    }
    p = Matrix(rows: n, columns: width, columnMajor: pStorage)
    q = Matrix(rows: m, columns: width, columnMajor: qStorage)
    basisP = (0..<columnCount).map { rowCount + $0 }
    basisQ = Array(0..<m)
    rowP = [Int](repeating: -1, count: m + n)
    rowQ = [Int](repeating: -1, count: m + n)
    for j in 0..<n { rowP[m + j] = j }
    for i in 0..<m { rowQ[i] = i }
    workspace = [Double](repeating: 0, count: max(m, n, width))
  }

  /// `(M − min M) / (max M − min M) + 1`, entries in [1, 2]; a constant matrix becomes all ones.
  static func normalized(_ matrix: Matrix) -> Matrix {
    let lo = matrix.storage.min()!, hi = matrix.storage.max()!
    let range = hi - lo
    let scale = range > 0 ? 1 / range : 0
    var result = matrix
    for k in result.storage.indices { result.storage[k] = (matrix.storage[k] - lo) * scale + 1 }
    return result
  }

  /// Whether this is the artificial vertex pair (0, 0).
  var isArtificial: Bool {
    basisP.allSatisfy { $0 >= m } && basisQ.allSatisfy { $0 < m }
  }

  /// A key identifying the basis pair, for de-duplication.
  var basisKey: [Int] { basisP.sorted() + [-1] + basisQ.sorted() }

  /// Runs complementary pivoting from the current completely labeled vertex pair, dropping
  /// `label`, for at most `maxPivots` pivots.
  ///
  /// - Complexity: O(k (m + n) · max(m, n)) for a path of k pivots.
  mutating func run(droppingLabel label: Int, maxPivots: Int) -> (outcome: Outcome, pivots: Int) {
    precondition(label >= 0 && label < m + n)
    // At a completely labeled pair the label is non-basic in exactly one tableau;
    // its variable enters there.
    var side: Side = rowP[label] < 0 ? .p : .q
    var entering = label
    var pivots = 0
    while pivots < maxPivots {
      guard let leaving = pivot(entering: entering, side: side) else {
        return (.numericalFailure, pivots)
      }
      pivots += 1
      if leaving == label { return (.completelyLabeled, pivots) }
      // The leaving label is now non-basic on this side as well as on the other:
      // its partner enters on the other side.
      entering = leaving
      side = side.other
    }
    return (.iterationLimit, pivots)
  }

  /// Enters `label`'s variable on `side`, choosing the leaving row by the lexicographic
  /// minimum-ratio test. Returns the leaving label, or nil if no row qualifies.
  mutating func pivot(entering label: Int, side: Side) -> Int? {
    let row: Int?
    switch side {
    case .p: row = Self.lexicographicMinimumRatioRow(p, column: label, slacks: m..<(m + n))
    case .q: row = Self.lexicographicMinimumRatioRow(q, column: label, slacks: 0..<m)
    }
    guard let row else { return nil }
    switch side {
    case .p:
      let leaving = basisP[row]
      p.pivot(row: row, column: label, workspace: &workspace)
      basisP[row] = label
      rowP[leaving] = -1
      rowP[label] = row
      return leaving
    case .q:
      let leaving = basisQ[row]
      q.pivot(row: row, column: label, workspace: &workspace)
      basisQ[row] = label
      rowQ[leaving] = -1
      rowQ[label] = row
      return leaving
    }
  }

  /// The lexicographic minimum-ratio test on `column` of `tableau` (von Stengel 2007,
  /// §3.6): among rows with a positive entry, the least right-hand side over entry; ties
  /// broken by the rows of the basis inverse (the `slacks` columns) over entry, in order.
  ///
  /// - Complexity: O(rows) without ties; O(rows × slacks) in the worst case.
  static func lexicographicMinimumRatioRow(_ tableau: Matrix, column: Int, slacks: Range<Int>) -> Int? {
    let rows = tableau.rows
    let rhsColumn = tableau.columns - 1
    return tableau.storage.withUnsafeBufferPointer { t -> Int? in
      let entries = t.baseAddress! + column * rows
      let rhs = t.baseAddress! + rhsColumn * rows
      var best = -1
      var bestRatio = Double.infinity
      var tied = false
      for i in 0..<rows {
        let a = entries[i]
        guard a > pivotTolerance else { continue }
        let ratio = rhs[i] / a
        if best < 0 || ratio < bestRatio - tieTolerance * max(1, abs(bestRatio)) {
          best = i
          bestRatio = ratio
          tied = false
        } else if ratio <= bestRatio + tieTolerance * max(1, abs(bestRatio)) {
          tied = true
          if ratio < bestRatio { bestRatio = ratio }
        }
      }
      guard best >= 0 else { return nil }
      guard tied else { return best }
      // Collect the tied rows, then refine by each column of the basis inverse.
      let limit = bestRatio + tieTolerance * max(1, abs(bestRatio))
      var candidates = [Int]()
      for i in 0..<rows where entries[i] > pivotTolerance && rhs[i] / entries[i] <= limit {
        candidates.append(i)
      }
      for s in slacks where candidates.count > 1 {
        let values = t.baseAddress! + s * rows
        var least = Double.infinity
        for i in candidates { least = min(least, values[i] / entries[i]) }
        let cut = least + tieTolerance * max(1, abs(least))
        candidates.removeAll { values[$0] / entries[$0] > cut }
      }
      // Exact arithmetic leaves one row; round-off may leave near-copies: take the
      // largest pivot element, the most stable choice.
      return candidates.max { entries[$0] < entries[$1] }
    }
  }

  /// The current vertex pair as unnormalized (x, y) ∈ P × Q.
  func vertex() -> (x: [Double], y: [Double]) {
    var x = [Double](repeating: 0, count: m)
    var y = [Double](repeating: 0, count: n)
    let rhs = m + n
    for i in 0..<m where rowP[i] >= 0 { x[i] = p[rowP[i], rhs] }
    for j in 0..<n where rowQ[m + j] >= 0 { y[j] = q[rowQ[m + j], rhs] }
    return (x, y)
  }

  /// The current vertex pair recomputed from A′ and B′ by solving the basis systems with
  /// LU (LAPACK dgesv), free of the round-off accumulated over the pivots. Nil if a basis
  /// matrix is singular.
  ///
  /// - Complexity: O(m³ + n³).
  func refinedVertex() -> (x: [Double], y: [Double])? {
    // P: columns of [B′ᵀ | I] for the basic labels, right-hand side 1.
    var basisMatrixP = Matrix(rows: n, columns: n)
    for (k, label) in basisP.enumerated() {
      if label < m {
        for j in 0..<n { basisMatrixP[j, k] = shiftedB[label, j] }
      } else {
        basisMatrixP[label - m, k] = 1
      }
    }
    var basisMatrixQ = Matrix(rows: m, columns: m)
    for (k, label) in basisQ.enumerated() {
      if label < m {
        basisMatrixQ[label, k] = 1
      } else {
        for i in 0..<m { basisMatrixQ[i, k] = shiftedA[i, label - m] }
      }
    }
    guard let valuesP = try? basisMatrixP.solve([Double](repeating: 1, count: n)),
      let valuesQ = try? basisMatrixQ.solve([Double](repeating: 1, count: m))
    else { return nil }
    var x = [Double](repeating: 0, count: m)
    var y = [Double](repeating: 0, count: n)
    for (k, label) in basisP.enumerated() where label < m { x[label] = valuesP[k] }
    for (k, label) in basisQ.enumerated() where label >= m { y[label - m] = valuesQ[k] }
    return (x, y)
  }
}

extension LemkeHowsonTableau {
  /// Turns the current vertex pair into a certified equilibrium of `game`, or nil if it is
  /// not one within `tolerance` (relative to the payoff scale), after trying the vertex
  /// recomputed from the original payoffs.
  func certifiedEquilibrium(
    of game: BimatrixGame, tolerance: Double, exactly: Bool, payoffScale: Double
  ) -> Equilibrium? {
    Self.certifiedEquilibrium(
      vertex: vertex(), refinedVertex: refinedVertex, of: game, tolerance: tolerance,
      exactly: exactly, payoffScale: payoffScale)
  }

  /// The certification shared by both tableaux: `vertex`, or else the vertex recomputed by
  /// `refinedVertex`, as a certified equilibrium within `tolerance`, or nil.
  static func certifiedEquilibrium(
    vertex: (x: [Double], y: [Double]), refinedVertex: () -> (x: [Double], y: [Double])?,
    of game: BimatrixGame, tolerance: Double, exactly: Bool, payoffScale: Double
  ) -> Equilibrium? {
    let limit = tolerance * payoffScale
    func certified(_ candidate: (x: [Double], y: [Double])?) -> Equilibrium? {
      guard let candidate,
        let x = Self.distribution(candidate.x), let y = Self.distribution(candidate.y)
      else { return nil }
      let profile = StrategyProfile(row: x, column: y)
      // A cheap floating-point check first; exact verification only for a good candidate
      // (without it, certify computes the same regrets: no need to compute them twice).
      if exactly {
        let regrets = game.certificate(for: profile).regrets
        guard regrets.row <= limit, regrets.column <= limit else { return nil }
      }
      let equilibrium = game.certify(profile, exactly: exactly)
      return equilibrium.maxRegret <= limit ? equilibrium : nil
    }
    return certified(vertex) ?? certified(refinedVertex())
  }

  /// A non-negative vector scaled to a probability distribution, or nil if it is not
  /// finite, has a clearly negative entry, or is zero.
  static func distribution(_ values: [Double]) -> MixedStrategy? {
    let sum = values.reduce(0, +)
    guard sum.isFinite, sum > 0 else { return nil }
    let scaled = values.map { $0 / sum }
    guard scaled.allSatisfy({ $0.isFinite && $0 >= -Tolerance.probability }) else { return nil }
    return MixedStrategy(cleaning: scaled)
  }
}
