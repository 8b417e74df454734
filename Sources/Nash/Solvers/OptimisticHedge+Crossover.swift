import NashLinearAlgebra

extension OptimisticHedgeKernel {
  /// Crossover from the iterate to an exact vertex (as LP solvers finish first-order or
  /// interior-point methods): guess the supports from the current strategies, solve the
  /// indifference system of game g on them (LAPACK), and return the resulting strategies if
  /// they are distributions with duality gap at most `target`.
  ///
  /// With supports I, J (|I| = |J| = k) the system is `Â[I,J] y_J = v·1`, `1ᵀy_J = 1` and
  /// `Â[I,J]ᵀ x_I = v·1`, `1ᵀx_I = 1`; unequal sizes are solved in the least-squares sense.
  ///
  /// - Complexity: O(k³) for the solves plus O(m·n) for the gap.
  func crossover(_ g: Int, target: Double) -> (x: [Double], y: [Double])? {
    let a = Matrix(
      rows: m, columns: n,
      columnMajor: Array(batch.storage[(g * m * n)..<((g + 1) * m * n)]))
    var topX = 0.0, topY = 0.0, hi = -Double.infinity, lo = Double.infinity
    for i in 0..<m { topX = max(topX, xBar[i, g]); hi = max(hi, gx[i, g]) }
    for j in 0..<n { topY = max(topY, yBar[j, g]); lo = min(lo, gy[j, g]) }
    let gap = max(hi - lo, 0)
    // Candidate supports: the strategies with large probability, and the near-best
    // responses (within a fraction of the current gap) to the opponent's iterate.
    var candidates = [([Int], [Int])]()
    for threshold in [1e-3, 1e-6] {
      candidates.append(
        ((0..<m).filter { xBar[$0, g] > threshold * topX }, (0..<n).filter { yBar[$0, g] > threshold * topY }))
    }
    for slack in [1.0, 0.25] {
      candidates.append(
        ((0..<m).filter { gx[$0, g] >= hi - slack * gap }, (0..<n).filter { gy[$0, g] <= lo + slack * gap }))
    }
    var tried = Set<[[Int]]>()
    for (rows, columns) in candidates where tried.insert([rows, columns]).inserted {
      guard let y = Self.indifferent(a, rows: rows, columns: columns, count: n, transposed: false),
        let x = Self.indifferent(a, rows: rows, columns: columns, count: m, transposed: true)
      else { continue }
      let ay = a.times(y), xa = a.times(x, transposed: true)
      if ay.max()! - xa.min()! <= target { return (x, y) }
    }
    return nil
  }

  /// Solves `Â[I,J] y = v·1, 1ᵀy = 1` for y on J (or, transposed, `Â[I,J]ᵀ x = v·1` for x
  /// on I) and returns it scattered into a vector of `count`, or nil if it is not a
  /// distribution (beyond round-off).
  static func indifferent(_ a: Matrix, rows: [Int], columns: [Int], count: Int, transposed: Bool) -> [Double]? {
    let (equations, unknowns) = transposed ? (columns, rows) : (rows, columns)
    guard !unknowns.isEmpty else { return nil }
    let k = unknowns.count
    // Unknowns: the probabilities on the support, then v.
    var system = Matrix(rows: equations.count + 1, columns: k + 1)
    for (e, eq) in equations.enumerated() {
      for (u, un) in unknowns.enumerated() {
        system[e, u] = transposed ? a[un, eq] : a[eq, un]
      }
      system[e, k] = -1
    }
    for u in 0..<k { system[equations.count, u] = 1 }
    var rhs = [Double](repeating: 0, count: equations.count + 1)
    rhs[equations.count] = 1
    let solution: [Double]
    if system.rows == system.columns, let s = try? system.solve(rhs) {
      solution = s
    } else if let s = try? system.leastSquares(rhs) {
      solution = s
    } else {
      return nil
    }
    var full = [Double](repeating: 0, count: count)
    for (u, un) in unknowns.enumerated() {
      guard solution[u].isFinite, solution[u] >= -1e-12 else { return nil }
      full[un] = max(0, solution[u])
    }
    let total = full.reduce(0, +)
    guard total > 0.5, total < 1.5 else { return nil }
    return full.map { $0 / total }
  }
}
