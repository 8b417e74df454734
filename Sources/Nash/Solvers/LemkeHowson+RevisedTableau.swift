import NashLinearAlgebra

/// One best-response polytope { z ≥ 0 : C z ≤ 1 } in revised form, for Lemke–Howson.
///
/// The constraints are `C z + t = 1` with C `rows × columns` (P: C = B′ᵀ, n × m; Q: C = A′,
/// m × n), structural variables z and slacks t. A basis has `rows` basic variables: k
/// structural ones (the set S) and the slacks of all rows except a set N of k tight rows.
/// Only the k × k block M = C[N, S] matters, and only its inverse E = M⁻¹ is kept:
///
///     z_S = E 1_N,   t_R = 1_R − C[R, S] z_S   (R = the rows not in N),
///
/// and the tableau column of an entering variable is E times its N part, with its R part
/// one matrix–vector product by C[:, S] (kept as a compact copy). Each pivot costs
/// O(rows · k + k²) instead of the full tableau's O(rows · columns); k is the support
/// size of the current vertex, small on random games.
///
/// Slots: the basic variables are indexed by row ("slot"): slot j ∉ N holds the slack tⱼ,
/// slot N[b] holds the structural variable S[b]. `beta` holds the basic values by slot.
///
/// E is updated by rank-one formulas (bordering when k grows, Sherman–Morrison when a row
/// or column of M is replaced, the Schur complement when k shrinks) and recomputed from C
/// by inversion (`DenseKernels.invertInPlace`) every ``refactorInterval`` updates, which also
/// recomputes `beta`.
///
/// The lexicographic minimum-ratio test uses the rows of the full basis inverse for the
/// tied slots only, formed on demand:
///   - slot N[b] (structural): entry E[b, a] in column N[a], zero in the R columns;
///   - slot j ∈ R (slack):     1 in column j, −(C[j, S] E)[a] in column N[a], else zero.
/// The columns are compared in row order, as the full tableau's slack columns are, so the
/// path is the same as ``LemkeHowsonTableau``'s in exact arithmetic.
final class RevisedPolytope {
  let rows: Int
  let columns: Int
  let capacity: Int
  /// C is not stored: C[r, s] = (source[r · rowStride + s · columnStride] − lo) · scale + 1,
  /// the payoffs mapped into [1, 2] on the fly (bit for bit as
  /// ``LemkeHowsonTableau/normalized(_:)``), so that a short path on a large game touches
  /// only the columns it enters (no O(mn) copy, no fresh pages to fault in).
  let source: [Double]
  let rowStride: Int
  let columnStride: Int
  let lo: Double
  let scale: Double
  /// The entering structural column of C (scratch, `rows` entries).
  let enteringColumn: UnsafeMutablePointer<Double>
  /// E, C[:, S] and the refactoring scratch, reallocated as k grows (``enlarge(to:)``):
  /// `blocks[0]` = E, `blocks[1]` = C[:, S], `blocks[2]` = scratch.
  private let blocks: UnsafeMutablePointer<UnsafeMutablePointer<Double>>
  /// C[:, S], column-major `rows × ld` (first k columns used).
  var cs: UnsafeMutablePointer<Double> { blocks[1] }
  /// E = M⁻¹, column-major `ld × ld`: rows are S positions, columns N positions.
  var e: UnsafeMutablePointer<Double> { blocks[0] }
  /// The leading dimension of E (and the column capacity of C[:, S]): it starts small and
  /// doubles as k grows, so that short paths on large games do not pay for k = min(m, n).
  var ld: Int {
    get { counters[2] }
    set { counters[2] = newValue }
  }
  /// Basic values by slot.
  let beta: UnsafeMutablePointer<Double>
  /// The entering column by slot (scratch).
  let d: UnsafeMutablePointer<Double>
  /// Scratch of `capacity` entries.
  let w: UnsafeMutablePointer<Double>
  let u: UnsafeMutablePointer<Double>
  let z: UnsafeMutablePointer<Double>
  /// The ratios of the minimum-ratio test by slot (scratch).
  let ratios: UnsafeMutablePointer<Double>
  /// Scratch for refactoring, `ld × ld`.
  var scratch: UnsafeMutablePointer<Double> { blocks[2] }
  /// N and S, by position (`capacity` entries).
  let tightRows: UnsafeMutablePointer<Int>
  let basicColumns: UnsafeMutablePointer<Int>
  /// The position of a row in N, or −1 (its slack is basic).
  let positionOfRow: UnsafeMutablePointer<Int>
  /// The position of a column in S, or −1 (non-basic).
  let positionOfColumn: UnsafeMutablePointer<Int>
  /// k and the updates since the last refactorization, in raw storage so that the hot
  /// loop pays no dynamic exclusivity checks.
  private let counters: UnsafeMutablePointer<Int>
  var k: Int {
    get { counters[0] }
    set { counters[0] = newValue }
  }
  var updatesSinceRefactor: Int {
    get { counters[1] }
    set { counters[1] = newValue }
  }

  static let refactorInterval = 50
  /// A pivot element below this (in absolute value; the data are in [1, 2]) triggers a
  /// refactorization right after the update.
  static let refactorPivot = 1e-6

  /// The polytope at the vertex z = 0 (all slacks basic), with C as described at
  /// ``source``.
  init(
    rows: Int, columns: Int, source: [Double], rowStride: Int, columnStride: Int,
    lo: Double, scale: Double
  ) {
    precondition(source.count == rows * columns)
    self.rows = rows
    self.columns = columns
    self.source = source
    self.rowStride = rowStride
    self.columnStride = columnStride
    self.lo = lo
    self.scale = scale
    capacity = max(1, min(rows, columns))
    enteringColumn = .allocate(capacity: rows)
    let ld = min(capacity, 16)
    blocks = .allocate(capacity: 3)
    blocks.initialize(to: .allocate(capacity: ld * ld))
    (blocks + 1).initialize(to: .allocate(capacity: rows * ld))
    (blocks + 2).initialize(to: .allocate(capacity: ld * ld))
    beta = .allocate(capacity: rows)
    beta.initialize(repeating: 1, count: rows)
    d = .allocate(capacity: rows)
    d.initialize(repeating: 0, count: rows)
    ratios = .allocate(capacity: rows)
    w = .allocate(capacity: capacity)
    u = .allocate(capacity: capacity)
    z = .allocate(capacity: capacity)
    counters = .allocate(capacity: 3)
    counters.initialize(repeating: 0, count: 3)
    counters[2] = ld
    tightRows = .allocate(capacity: capacity)
    tightRows.initialize(repeating: -1, count: capacity)
    basicColumns = .allocate(capacity: capacity)
    basicColumns.initialize(repeating: -1, count: capacity)
    positionOfRow = .allocate(capacity: rows)
    positionOfRow.initialize(repeating: -1, count: rows)
    positionOfColumn = .allocate(capacity: columns)
    positionOfColumn.initialize(repeating: -1, count: columns)
  }

  deinit {
    enteringColumn.deallocate()
    for b in 0..<3 { blocks[b].deallocate() }
    blocks.deallocate()
    beta.deallocate()
    d.deallocate()
    ratios.deallocate()
    w.deallocate()
    u.deallocate()
    z.deallocate()
    counters.deallocate()
    tightRows.deallocate()
    basicColumns.deallocate()
    positionOfRow.deallocate()
    positionOfColumn.deallocate()
  }

  /// A basic or entering variable: a structural column or a row's slack.
  enum Variable: Equatable {
    case structural(Int)
    case slack(Int)
  }

  func isBasic(_ v: Variable) -> Bool {
    switch v {
    case .structural(let i): positionOfColumn[i] >= 0
    case .slack(let j): positionOfRow[j] < 0
    }
  }

  /// The value of a structural variable (0 if non-basic).
  func value(ofColumn i: Int) -> Double {
    let b = positionOfColumn[i]
    return b >= 0 ? beta[tightRows[b]] : 0
  }

  /// Writes column `s` of C into `target` (`rows` entries).
  func loadColumn(_ s: Int, into target: UnsafeMutablePointer<Double>) {
    let (lo, scale, stride, count) = (self.lo, self.scale, rowStride, rows)
    source.withUnsafeBufferPointer { buffer in
      let from = buffer.baseAddress! + s * columnStride
      if stride == 1 {
        for r in 0..<count { target[r] = (from[r] - lo) * scale + 1 }
      } else {
        for r in 0..<count { target[r] = (from[r * stride] - lo) * scale + 1 }
      }
    }
  }

  /// C[r, s].
  func entry(_ r: Int, _ s: Int) -> Double {
    (source[r * rowStride + s * columnStride] - lo) * scale + 1
  }

  /// Fills `d` with the tableau column of `entering` (and `w` with its S part).
  private func computeColumn(_ entering: Variable) {
    let k = self.k
    switch entering {
    case .structural(let i):
      let column = enteringColumn
      loadColumn(i, into: column)
      for a in 0..<k { u[a] = column[tightRows[a]] }
      DenseKernels.gemv(rows: k, columns: k, alpha: 1, a: e, lda: ld, x: u, beta: 0, y: w)
      d.update(from: column, count: rows)
      DenseKernels.gemv(rows: rows, columns: k, alpha: -1, a: cs, lda: rows, x: w, beta: 1, y: d)
    case .slack(let j):
      let q = positionOfRow[j]
      precondition(q >= 0, "entering slack is basic")
      w.update(from: e + q * ld, count: k)
      DenseKernels.gemv(rows: rows, columns: k, alpha: -1, a: cs, lda: rows, x: w, beta: 0, y: d)
    }
    for b in 0..<k { d[tightRows[b]] = w[b] }
  }

  /// Row `slot` of the full basis inverse, densely (for the lexicographic tie-break).
  private func basisInverseRow(_ slot: Int) -> [Double] {
    var row = [Double](repeating: 0, count: rows)
    let b = positionOfRow[slot]
    if b >= 0 {
      for a in 0..<k { row[tightRows[a]] = e[b + a * ld] }
    } else {
      row[slot] = 1
      for a in 0..<k {
        var sum = 0.0
        let column = e + a * ld
        for bb in 0..<k { sum += cs[slot + bb * rows] * column[bb] }
        row[tightRows[a]] = -sum
      }
    }
    return row
  }

  /// The lexicographic minimum-ratio test on `d` (as ``LemkeHowsonTableau``'s).
  private func leavingSlot() -> Int? {
    let pivotTolerance = LemkeHowsonTableau.pivotTolerance
    let tieTolerance = LemkeHowsonTableau.tieTolerance
    // One vectorised pass for the ratios (infinite where the entry is not positive) and
    // their least value, then one that counts the rows within the tie tolerance of it
    // (`DenseKernels.minimumRatio`). Ties (rare on generic games) are resolved below.
    guard let (bestRatio, best, within) = DenseKernels.minimumRatio(
      count: rows, d: d, beta: beta, tolerance: pivotTolerance, tie: tieTolerance, ratios: ratios)
    else { return nil }
    guard within > 1 else { return best }
    let limit = bestRatio + tieTolerance * max(1, abs(bestRatio))
    var candidates = [Int]()
    for i in 0..<rows where d[i] > pivotTolerance && beta[i] / d[i] <= limit {
      candidates.append(i)
    }
    let inverseRows = Dictionary(uniqueKeysWithValues: candidates.map { ($0, basisInverseRow($0)) })
    for s in 0..<rows where candidates.count > 1 {
      var least = Double.infinity
      for i in candidates { least = min(least, inverseRows[i]![s] / d[i]) }
      let cut = least + tieTolerance * max(1, abs(least))
      candidates.removeAll { inverseRows[$0]![s] / d[$0] > cut }
    }
    return candidates.max { d[$0] < d[$1] }
  }

  /// Enters `entering` (non-basic) by the lexicographic minimum-ratio test; returns the
  /// leaving variable, or nil if no slot qualifies.
  func pivot(entering: Variable) -> Variable? {
    computeColumn(entering)
    guard let slot = leavingSlot() else { return nil }
    let pivotElement = d[slot]
    let theta = beta[slot] / pivotElement
    for t in 0..<rows { beta[t] -= theta * d[t] }
    let p = positionOfRow[slot]
    let leaving: Variable = p >= 0 ? .structural(basicColumns[p]) : .slack(slot)
    switch (entering, p >= 0) {
    case (.structural(let i), false): grow(column: i, row: slot, schur: pivotElement)
    case (.structural(let i), true): replaceColumn(at: p, with: i)
    case (.slack(let j), false): replaceRow(at: positionOfRow[j], with: slot)
    case (.slack(let j), true): shrink(removingRowAt: positionOfRow[j], columnAt: p)
    }
    switch entering {
    case .structural:
      beta[slot] = theta
    case .slack(let j):
      // The structural variable paired with row j moves to the leaving slot.
      let moved = beta[j]
      beta[slot] = moved
      beta[j] = theta
    }
    updatesSinceRefactor += 1
    if updatesSinceRefactor >= Self.refactorInterval || abs(pivotElement) < Self.refactorPivot {
      refactor()
    }
    return leaving
  }

  /// Bordering: row `r` joins N and column `i` joins S (w = E C[N, i] is current).
  private func grow(column i: Int, row r: Int, schur s: Double) {
    let k = self.k
    if k + 1 > ld { enlarge(to: min(capacity, max(2 * ld, k + 1))) }
    // z = C[r, S] E.
    for a in 0..<k { u[a] = cs[r + a * rows] }
    DenseKernels.gemvTransposed(rows: k, columns: k, alpha: 1, a: e, lda: ld, x: u, beta: 0, y: z)
    let inv = 1 / s
    DenseKernels.rankOneUpdate(rows: k, columns: k, alpha: inv, x: w, y: z, a: e, lda: ld)
    for b in 0..<k { e[b + k * ld] = -w[b] * inv }
    for a in 0..<k { e[k + a * ld] = -z[a] * inv }
    e[k + k * ld] = inv
    tightRows[k] = r
    basicColumns[k] = i
    positionOfRow[r] = k
    positionOfColumn[i] = k
    (cs + k * rows).update(from: enteringColumn, count: rows)
    self.k = k + 1
  }

  /// Reallocates E, C[:, S] and the scratch with leading dimension `newLd`, keeping the
  /// first k rows and columns.
  private func enlarge(to newLd: Int) {
    let (k, old) = (self.k, ld)
    let newE = UnsafeMutablePointer<Double>.allocate(capacity: newLd * newLd)
    for a in 0..<k { (newE + a * newLd).update(from: e + a * old, count: k) }
    let newCS = UnsafeMutablePointer<Double>.allocate(capacity: rows * newLd)
    newCS.update(from: cs, count: rows * k)
    for b in 0..<3 { blocks[b].deallocate() }
    blocks[0] = newE
    blocks[1] = newCS
    blocks[2] = .allocate(capacity: newLd * newLd)
    ld = newLd
  }

  /// Column `p` of M becomes C[N, i] (w = E C[N, i] is current; w[p] is the pivot).
  private func replaceColumn(at p: Int, with i: Int) {
    let k = self.k
    let inv = 1 / w[p]
    for a in 0..<k { e[p + a * ld] *= inv }
    // Rows b ≠ p: E[b, :] −= w[b] E′[p, :].
    for a in 0..<k { z[a] = e[p + a * ld] }
    let wp = w[p]
    w[p] = 0
    DenseKernels.rankOneUpdate(rows: k, columns: k, alpha: -1, x: w, y: z, a: e, lda: ld)
    w[p] = wp
    positionOfColumn[basicColumns[p]] = -1
    basicColumns[p] = i
    positionOfColumn[i] = p
    (cs + p * rows).update(from: enteringColumn, count: rows)
  }

  /// Row `q` of M (row N[q]) becomes row `r` of C.
  private func replaceRow(at q: Int, with r: Int) {
    let k = self.k
    // z = C[r, S] E; z[q] = −pivot.
    for a in 0..<k { u[a] = cs[r + a * rows] }
    DenseKernels.gemvTransposed(rows: k, columns: k, alpha: 1, a: e, lda: ld, x: u, beta: 0, y: z)
    let columnQ = e + q * ld
    let inv = 1 / z[q]
    for b in 0..<k { columnQ[b] *= inv }
    // Columns a ≠ q: E[:, a] −= E′[:, q] z[a].
    u.update(from: columnQ, count: k)
    z[q] = 0
    DenseKernels.rankOneUpdate(rows: k, columns: k, alpha: -1, x: u, y: z, a: e, lda: ld)
    positionOfRow[tightRows[q]] = -1
    tightRows[q] = r
    positionOfRow[r] = q
  }

  /// Row q and column p of M leave (E[p, q] is the pivot).
  private func shrink(removingRowAt q: Int, columnAt p: Int) {
    let k = self.k
    let inv = 1 / e[p + q * ld]
    // E −= E[:, q] E[p, :] / E[p, q]; row p and column q are overwritten or dropped below.
    u.update(from: e + q * ld, count: k)
    for a in 0..<k { z[a] = e[p + a * ld] }
    DenseKernels.rankOneUpdate(rows: k, columns: k, alpha: -inv, x: u, y: z, a: e, lda: ld)
    positionOfColumn[basicColumns[p]] = -1
    if p != q {
      // The structural variable of position q takes over position p.
      for a in 0..<k { e[p + a * ld] = e[q + a * ld] }
      basicColumns[p] = basicColumns[q]
      positionOfColumn[basicColumns[p]] = p
      (cs + p * rows).update(from: cs + q * rows, count: rows)
    }
    positionOfRow[tightRows[q]] = -1
    let last = k - 1
    if q != last {
      for a in 0..<k { e[q + a * ld] = e[last + a * ld] }
      (e + q * ld).update(from: e + last * ld, count: k)
      tightRows[q] = tightRows[last]
      basicColumns[q] = basicColumns[last]
      positionOfRow[tightRows[q]] = q
      positionOfColumn[basicColumns[q]] = q
      (cs + q * rows).update(from: cs + last * rows, count: rows)
    }
    tightRows[last] = -1
    basicColumns[last] = -1
    self.k = last
  }

  /// Recomputes E from C by inversion and the basic values from E; keeps the updated E if the
  /// block is numerically singular.
  func refactor() {
    updatesSinceRefactor = 0
    let k = self.k
    guard k > 0 else {
      beta.update(repeating: 1, count: rows)
      return
    }
    for b in 0..<k {
      let column = basicColumns[b]
      for a in 0..<k { scratch[a + b * ld] = entry(tightRows[a], column) }
    }
    guard DenseKernels.invertInPlace(order: k, a: scratch, lda: ld) else { return }
    for a in 0..<k { (e + a * ld).update(from: scratch + a * ld, count: k) }
    // z_S = E 1; t = 1 − C[:, S] z_S; slots in N hold z_S.
    for a in 0..<k { u[a] = 1 }
    DenseKernels.gemv(rows: k, columns: k, alpha: 1, a: e, lda: ld, x: u, beta: 0, y: w)
    beta.update(repeating: 1, count: rows)
    DenseKernels.gemv(rows: rows, columns: k, alpha: -1, a: cs, lda: rows, x: w, beta: 1, y: beta)
    for b in 0..<k { beta[tightRows[b]] = w[b] }
  }

  /// The structural values recomputed from C by LU on the current block (nil if singular).
  func refinedValues() -> [Double]? {
    var values = [Double](repeating: 0, count: columns)
    guard k > 0 else { return values }
    var block = Matrix(rows: k, columns: k)
    for b in 0..<k {
      for a in 0..<k { block[a, b] = entry(tightRows[a], basicColumns[b]) }
    }
    guard let solution = try? block.solve([Double](repeating: 1, count: k)) else { return nil }
    for b in 0..<k { values[basicColumns[b]] = solution[b] }
    return values
  }
}

/// The pair of polytopes P and Q of ``LemkeHowsonTableau`` in revised form
/// (``RevisedPolytope``), with the same labels: label i < m is xᵢ (structural in P) and rᵢ
/// (slack of row i in Q); label m + j is sⱼ (slack of row j in P) and yⱼ (structural in Q).
final class LemkeHowsonRevisedTableau {
  let m: Int
  let n: Int
  /// B′ᵀx + s = 1: n rows, m columns.
  let p: RevisedPolytope
  /// A′y + r = 1: m rows, n columns.
  let q: RevisedPolytope

  /// Whether the revised kernel is used for an m × n game: above this size it is faster,
  /// and below it the full tableau is cheap and copes better with ill-conditioned games
  /// (such as the hard games of Savani and von Stengel).
  static func isPreferred(rows m: Int, columns n: Int) -> Bool {
    min(m, n) > 16
  }

  /// The pair at the artificial vertex (0, 0). The payoffs are mapped into [1, 2] as
  /// ``LemkeHowsonTableau/normalized(_:)`` does, from each player's least and greatest payoff
  /// (the game's `rowPayoffRange` and `columnPayoffRange`), while they are copied.
  init(game: BimatrixGame) {
    let extremesA = (lo: game.rowPayoffRange.lowerBound, hi: game.rowPayoffRange.upperBound)
    let extremesB = (lo: game.columnPayoffRange.lowerBound, hi: game.columnPayoffRange.upperBound)
    m = game.rowCount
    n = game.columnCount
    let (m, n) = (self.m, self.n)
    func map(_ e: (lo: Double, hi: Double)) -> (lo: Double, scale: Double) {
      let range = e.hi - e.lo
      return (e.lo, range > 0 ? 1 / range : 0)
    }
    let mapB = map(extremesB), mapA = map(extremesA)
    // P: C = B′ᵀ, C[j, i] = B[i, j] = storage[i + j m]. Q: C = A′, C[i, j] = storage[i + j m].
    p = RevisedPolytope(
      rows: n, columns: m, source: game.columnMatrix.storage, rowStride: m, columnStride: 1,
      lo: mapB.lo, scale: mapB.scale)
    q = RevisedPolytope(
      rows: m, columns: n, source: game.rowMatrix.storage, rowStride: 1, columnStride: m,
      lo: mapA.lo, scale: mapA.scale)
  }

  private func variableInP(_ label: Int) -> RevisedPolytope.Variable {
    label < m ? .structural(label) : .slack(label - m)
  }

  private func variableInQ(_ label: Int) -> RevisedPolytope.Variable {
    label < m ? .slack(label) : .structural(label - m)
  }

  /// Complementary pivoting from the current completely labeled pair, dropping `label`
  /// (as ``LemkeHowsonTableau/run(droppingLabel:maxPivots:)``).
  func run(droppingLabel label: Int, maxPivots: Int) -> (outcome: LemkeHowsonTableau.Outcome, pivots: Int) {
    precondition(label >= 0 && label < m + n)
    var inP = !p.isBasic(variableInP(label))
    var entering = label
    var pivots = 0
    while pivots < maxPivots {
      let leavingLabel: Int
      if inP {
        guard let leaving = p.pivot(entering: variableInP(entering)) else {
          return (.numericalFailure, pivots)
        }
        switch leaving {
        case .structural(let i): leavingLabel = i
        case .slack(let j): leavingLabel = m + j
        }
      } else {
        guard let leaving = q.pivot(entering: variableInQ(entering)) else {
          return (.numericalFailure, pivots)
        }
        switch leaving {
        case .structural(let j): leavingLabel = m + j
        case .slack(let i): leavingLabel = i
        }
      }
      pivots += 1
      if leavingLabel == label { return (.completelyLabeled, pivots) }
      entering = leavingLabel
      inP.toggle()
    }
    return (.iterationLimit, pivots)
  }

  /// The current vertex pair as unnormalized (x, y).
  func vertex() -> (x: [Double], y: [Double]) {
    ((0..<m).map { p.value(ofColumn: $0) }, (0..<n).map { q.value(ofColumn: $0) })
  }

  /// The current vertex pair recomputed from A′ and B′ by LU on the final bases.
  func refinedVertex() -> (x: [Double], y: [Double])? {
    guard let x = p.refinedValues(), let y = q.refinedValues() else { return nil }
    return (x, y)
  }

  func certifiedEquilibrium(
    of game: BimatrixGame, tolerance: Double, exactly: Bool, payoffScale: Double
  ) -> Equilibrium? {
    LemkeHowsonTableau.certifiedEquilibrium(
      vertex: vertex(), refinedVertex: refinedVertex, of: game, tolerance: tolerance,
      exactly: exactly, payoffScale: payoffScale)
  }
}
