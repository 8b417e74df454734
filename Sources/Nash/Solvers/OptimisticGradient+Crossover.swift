import NashLinearAlgebra

extension OptimisticGradientKernel {
  /// Support repairs after each crossover solve (see ``polish(rows:columns:target:)``).
  static let repairs = 3

  /// Crossover from the OGDA iterate to an exact vertex, the way LP codes finish a
  /// first-order or interior-point method (Megiddo 1991, "On finding primal- and
  /// dual-optimal bases", *ORSA J. Computing* 3, https://doi.org/10.1287/ijoc.3.1.63).
  ///
  /// For a nondegenerate game the equilibrium (x*, y*) is unique with supports I, J of one
  /// size k, and solves `P[I,J] u = 1`, `P[I,J]ᵀ w = 1` (P = Â + 1 > 0, so the value is
  /// positive) with `y* = u/1ᵀu`, `x* = w/1ᵀw` (von Stengel 2007, §3.3). The projections
  /// already zero the strategies outside the supports, but near convergence one or two
  /// equilibrium strategies with tiny probability are usually still cut off, or an
  /// outsider lingers; so instead of the iterate's supports themselves the crossover ranks
  /// each player's strategies by their pre-projection value (x̂ + η C y, ŷ − η Cᵀx) and tries
  /// the top k for every k between the two support sizes and one beyond on either side (or
  /// just the two sizes if they differ by more than 3). Each candidate costs one LU and two
  /// matrix–vector products, and up to ``repairs`` more for the support repairs of
  /// ``polish(rows:columns:target:)``; support pairs already tried are skipped.
  ///
  /// This is also why the crossover of ``OptimisticHedge`` rarely fires on large games:
  /// multiplicative weights never zero a strategy, so thresholds on the probabilities
  /// rarely give the exact supports (and never equal sizes) before the gap is tiny.
  ///
  /// - Returns: the best candidate that is a pair of distributions (with its gap in scaled
  ///   units), or nil; and the attempt's cost in iterations (flops / 4mn).
  mutating func crossover(target: Double) -> (point: (gap: Double, x: [Double], y: [Double])?, cost: Double) {
    let supportX = x.reduce(0) { $1 > 0 ? $0 + 1 : $0 }
    let supportY = y.reduce(0) { $1 > 0 ? $0 + 1 : $0 }
    let (low, high) = (min(supportX, supportY), max(supportX, supportY))
    // One size below and above too: a support that is about to grow (a warm start after
    // the game moved) or to shrink (a probability on its way to zero).
    let sizes = high - low <= 3 ? Array((low - 1)...(high + 1)) : [low, high]
    let rowOrder = zx.indices.sorted { zx[$0] > zx[$1] }
    let columnOrder = zy.indices.sorted { zy[$0] > zy[$1] }
    let iterationFlops = 4 * Double(m) * Double(n)
    var flops = Double(m) * Double(n)
    var best: (gap: Double, x: [Double], y: [Double])?
    for k in sizes where k >= 1 && k <= min(m, n) {
      let rows = rowOrder[0..<k].sorted(), columns = columnOrder[0..<k].sorted()
      var hasher = Hasher()
      hasher.combine(rows)
      hasher.combine(columns)
      guard tried.insert(hasher.finalize()).inserted else { continue }
      let outcome = polish(rows: rows, columns: columns, target: target)
      flops += Double(max(outcome.solves, 1)) * (2 * Double(k * k * k) / 3 + 4 * Double(k * k) + iterationFlops)
      guard let point = outcome.point else { continue }
      if best == nil || point.gap < best!.gap { best = point }
      if point.gap <= target { break }
    }
    return (best, flops / iterationFlops)
  }

  /// Solves the indifference system on supports (I, J) of equal size, then repairs the
  /// supports up to ``repairs`` times, like pivots of an active-set method: a strategy whose
  /// weight comes out negative leaves, with the opponent's strategy chosen by a ratio test
  /// (the first whose weight reaches zero as the leaving one is made unattractive, as in a
  /// simplex pivot), and if the profile is a pair of distributions whose gap
  /// misses the target, each player's best reply outside the support joins. This is what a
  /// warm start needs when the game moved across a support change: the old supports are one
  /// pivot away from the new ones.
  ///
  /// - Returns: the distribution pair with the smallest gap (scaled units) met on the way, or
  ///   nil; and the number of LU solves.
  func polish(rows startRows: [Int], columns startColumns: [Int], target: Double) -> (
    point: (gap: Double, x: [Double], y: [Double])?, solves: Int
  ) {
    var rows = startRows, columns = startColumns
    var best: (gap: Double, x: [Double], y: [Double])?
    var solves = 0
    for _ in 0...Self.repairs {
      guard !rows.isEmpty, rows.count == columns.count else { break }
      let k = rows.count
      var p = c.submatrix(rows: rows, columns: columns)
      for e in p.storage.indices { p.storage[e] += crossoverShift }
      guard let lu = try? LUFactorization(p) else { break }
      solves += 1
      let ones = [Double](repeating: 1, count: k)
      let u = lu.solve(ones), w = lu.solve(ones, transposed: true)
      let sumU = u.reduce(0, +), sumW = w.reduce(0, +)
      guard sumU.isFinite, sumW.isFinite, sumU > 0, sumW > 0 else { break }
      let badColumn = u.indices.filter { u[$0] < -1e-12 * sumU }.min { u[$0] < u[$1] }
      let badRow = w.indices.filter { w[$0] < -1e-12 * sumW }.min { w[$0] < w[$1] }
      switch (badRow, badColumn) {
      case (let i?, let j?):
        rows.remove(at: i)
        columns.remove(at: j)
        continue
      case (nil, let j?):
        // Column j leaves: move w along d (Sᵀd = e_j, so column j costs the row player's
        // opponent more) until a row's weight reaches zero; that row leaves with it.
        var e = [Double](repeating: 0, count: k)
        e[j] = 1
        guard let i = Self.ratioTest(w, lu.solve(e, transposed: true)) else { break }
        rows.remove(at: i)
        columns.remove(at: j)
        continue
      case (let i?, nil):
        // Row i leaves: move u along d (S d = −e_i, so row i pays less) until a column's
        // weight reaches zero; that column leaves with it.
        var e = [Double](repeating: 0, count: k)
        e[i] = -1
        guard let j = Self.ratioTest(u, lu.solve(e)) else { break }
        rows.remove(at: i)
        columns.remove(at: j)
        continue
      case (nil, nil): break
      }
      if badRow != nil || badColumn != nil { break }
      guard let y = Self.scatter(u, into: columns, count: n), let x = Self.scatter(w, into: rows, count: m) else {
        break
      }
      let cy = c.times(y), cx = c.times(x, transposed: true)
      let gap = cy.max()! - cx.min()!
      if best == nil || gap < best!.gap { best = (gap, x, y) }
      if gap <= target { break }
      let inRows = Set(rows), inColumns = Set(columns)
      guard let i = (0..<m).filter({ !inRows.contains($0) }).max(by: { cy[$0] < cy[$1] }),
        let j = (0..<n).filter({ !inColumns.contains($0) }).min(by: { cx[$0] < cx[$1] })
      else { break }
      rows = (rows + [i]).sorted()
      columns = (columns + [j]).sorted()
    }
    return (best, solves)
  }

  /// The index where `base + t·direction` first reaches zero as t grows from 0 (the
  /// minimum ratio `base_i / −direction_i` over decreasing entries), or nil if none does.
  static func ratioTest(_ base: [Double], _ direction: [Double]) -> Int? {
    var best: Int?
    var ratio = Double.infinity
    for i in base.indices where direction[i] < 0 && direction[i].isFinite {
      let r = max(base[i], 0) / -direction[i]
      if r < ratio { (best, ratio) = (i, r) }
    }
    return best
  }

  /// `v / 1ᵀv` placed at `indices` of a vector of `count` zeros, or nil if v has a
  /// non-finite entry, an entry below round-off, or a non-positive sum.
  static func scatter(_ v: [Double], into indices: [Int], count: Int) -> [Double]? {
    let total = v.reduce(0, +)
    guard total.isFinite, total > 0 else { return nil }
    var full = [Double](repeating: 0, count: count)
    for (e, i) in indices.enumerated() {
      guard v[e].isFinite, v[e] >= -1e-12 * total else { return nil }
      full[i] = max(v[e], 0) / total
    }
    return full
  }
}
