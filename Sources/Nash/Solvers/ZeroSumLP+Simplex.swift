import NashLinearAlgebra

/// The LP kernel of ``ZeroSumLP``: a dense primal simplex method on a condensed (Tucker)
/// tableau, for
///
///     maximize 1ᵀu  subject to  P u ≤ 1,  u ≥ 0,                                   (1)
///
/// where `P` is the row player's payoff matrix shifted and scaled into [1, 2], so that
/// (1) is feasible at u = 0 (the slack basis) and bounded. Its dual is
/// `minimize 1ᵀw  s.t.  Pᵀw ≥ 1, w ≥ 0`, and at the optimum `1ᵀu = 1ᵀw = 1/v′` with
/// `y = u/1ᵀu`, `x = w/1ᵀw` optimal strategies and `v′` the value of P (von Stengel 2007,
/// §3.3; Chvátal 1983, ch. 15).
///
/// The tableau holds the dictionary `x_B = b − T x_N`, `z = z₀ + d x_N` as an
/// (m+1)×(n+1) column-major matrix: rows 0..<m are the basic variables, row m is the
/// objective (stored as −d, with z₀ in the corner), column n is b. Variables 0..<n are
/// u, n..<n+m the slacks. Each pivot is one exchange step, a BLAS rank-one update
/// (``NashLinearAlgebra/Matrix/exchange(row:column:workspace:)``).
struct ZeroSumSimplex {
  /// How the run ended.
  enum Outcome { case optimal, iterationLimit, numericalFailure }

  var tableau: Matrix
  let m: Int
  let n: Int
  /// The variable basic in each row (0..<n are u, n..<n+m slacks).
  var basic: [Int]
  /// The variable nonbasic in each column.
  var nonbasic: [Int]
  var pivots = 0

  /// Reduced costs above −this count as non-negative (the entries of P lie in [1, 2]).
  static let optimalityTolerance = 1e-11
  /// Pivot elements must exceed this.
  static let pivotTolerance = 1e-9
  /// After this many consecutive degenerate pivots, Bland's rule takes over until the
  /// objective moves again.
  static let degenerateRunLimit = 50

  init(scaledPayoffs p: Matrix) {
    let (m, n) = (p.rows, p.columns)
    self.m = m
    self.n = n
    var t = Matrix(rows: m + 1, columns: n + 1)
    t.storage.withUnsafeMutableBufferPointer { dst in
      p.storage.withUnsafeBufferPointer { src in
        for j in 0..<n {
          for i in 0..<m { dst[i + j * (m + 1)] = src[i + j * m] }
          dst[m + j * (m + 1)] = -1
        }
        for i in 0..<m { dst[i + n * (m + 1)] = 1 }
      }
    }
    tableau = t
    basic = (0..<m).map { n + $0 }
    nonbasic = Array(0..<n)
  }

  /// Runs the simplex method: Dantzig's largest-coefficient rule for the entering column,
  /// the minimum-ratio test (ties to the largest pivot element) for the leaving row, and
  /// Bland's smallest-index rule (Bland 1977) during runs of degenerate pivots, which
  /// rules out cycling.
  ///
  /// - Complexity: O((m+1)(n+1)) per pivot; the number of pivots is exponential in the
  ///   worst case but a small multiple of m + n in practice.
  mutating func run(maxPivots: Int) -> Outcome {
    let rows = m + 1
    var workspace = [Double](repeating: 0, count: rows + n + 1)
    var degenerateRun = 0
    while true {
      let useBland = degenerateRun >= Self.degenerateRunLimit
      // 1. Entering column: a negative entry of the objective row (−d).
      var s = -1
      var best = -Self.optimalityTolerance
      tableau.storage.withUnsafeBufferPointer { t in
        for j in 0..<n {
          let d = t[m + j * rows]
          if useBland {
            if d < -Self.optimalityTolerance, s < 0 || nonbasic[j] < nonbasic[s] { s = j }
          } else if d < best {
            best = d
            s = j
          }
        }
      }
      if s < 0 { return .optimal }
      if pivots >= maxPivots { return .iterationLimit }
      // 2. Leaving row: the minimum ratio b_i / T[i, s] over T[i, s] > 0.
      var r = -1
      var ratio = Double.infinity
      var pivotElement = 0.0
      tableau.storage.withUnsafeBufferPointer { t in
        let column = s * rows, rhs = n * rows
        for i in 0..<m {
          let a = t[i + column]
          guard a > Self.pivotTolerance else { continue }
          let q = max(0, t[i + rhs]) / a
          if q < ratio - 1e-12 * max(1, ratio) || r < 0 {
            (r, ratio, pivotElement) = (i, q, a)
          } else if q <= ratio + 1e-12 * max(1, ratio) {
            let better = useBland ? basic[i] < basic[r] : a > pivotElement
            if better { (r, ratio, pivotElement) = (i, min(q, ratio), a) }
          }
        }
      }
      // P > 0 bounds every u, so a column without a positive entry means round-off.
      guard r >= 0 else { return .numericalFailure }
      degenerateRun = ratio <= 1e-13 ? degenerateRun + 1 : 0
      // 3. Exchange.
      tableau.exchange(row: r, column: s, workspace: &workspace)
      swap(&basic[r], &nonbasic[s])
      pivots += 1
      // Round-off can push b slightly below zero; the exact b is non-negative.
      for i in 0..<m where tableau.storage[i + n * rows] < 0 { tableau.storage[i + n * rows] = 0 }
    }
  }

  /// u (length n), read from the basic rows.
  var primal: [Double] {
    var u = [Double](repeating: 0, count: n)
    for i in 0..<m where basic[i] < n { u[basic[i]] = max(0, tableau[i, n]) }
    return u
  }

  /// w (length m), the dual values: the objective-row entries of the slack columns.
  var dual: [Double] {
    var w = [Double](repeating: 0, count: m)
    for j in 0..<n where nonbasic[j] >= n { w[nonbasic[j] - n] = max(0, tableau[m, j]) }
    return w
  }

  /// The columns of P whose u is basic (J) and the rows whose slack is nonbasic (I):
  /// the optimal basis, for re-solving `P[I, J] u_J = 1` from the original data.
  var basis: (rows: [Int], columns: [Int]) {
    (
      nonbasic.filter { $0 >= n }.map { $0 - n }.sorted(),
      basic.filter { $0 < n }.sorted()
    )
  }
}
