import Dispatch
import NashLinearAlgebra

/// The enumeration kernel of ``SupportEnumeration``: subsets, dominance masks, the two
/// indifference solves and the best-reply checks, over a preallocated LAPACK workspace.
struct SupportSearch: Sendable {
  struct Candidate: Sendable {
    let profile: StrategyProfile
    let witness: DegeneracyWitness?
  }

  /// All size-k subsets of 0..<count, flattened with stride k, with their bitmasks.
  struct Subsets: Sendable {
    let size: Int
    let members: [Int]
    let masks: [UInt64]
    var count: Int { masks.count }

    init(of count: Int, size k: Int, withMasks: Bool) {
      var members = [Int]()
      var masks = [UInt64]()
      var current = Array(0..<k)
      while true {
        members.append(contentsOf: current)
        masks.append(withMasks ? current.reduce(0) { $0 | (1 << UInt64($1)) } : 0)
        // Next combination in lexicographic order.
        var i = k - 1
        while i >= 0 && current[i] == count - k + i { i -= 1 }
        if i < 0 { break }
        current[i] += 1
        for j in (i + 1)..<k { current[j] = current[j - 1] + 1 }
      }
      self.size = k
      self.members = members
      self.masks = masks
    }

  }

  let game: BimatrixGame
  let m: Int
  let n: Int
  /// A and B, column-major, each shifted so its entries lie in [s, 2s] for s its range (or
  /// 1): equilibria do not change, and positive payoffs let each indifference system be
  /// solved at order k instead of k + 1 (see `Kernel.solveIndifference`).
  let a: [Double]
  let b: [Double]
  /// Payoff slack: tolerance × payoff scale.
  let limit: Double
  let usesMasks: Bool
  /// `rowBeaten[i * m + r]`: the columns on which row r pays the row player more than row i.
  let rowBeaten: [UInt64]
  /// `columnBeaten[j * n + c]`: the rows on which column c pays the column player more than column j.
  let columnBeaten: [UInt64]

  init(game: BimatrixGame, tolerance: Double) {
    self.game = game
    m = game.rowCount
    n = game.columnCount
    a = Self.shiftedPositive(game.rowMatrix.storage)
    b = Self.shiftedPositive(game.columnMatrix.storage)
    limit = tolerance * game.payoffScale
    usesMasks = m <= 64 && n <= 64
    var rowBeaten = [UInt64](repeating: 0, count: usesMasks ? m * m : 0)
    var columnBeaten = [UInt64](repeating: 0, count: usesMasks ? n * n : 0)
    if usesMasks {
      let (m, n, a, b, limit) = (m, n, a, b, limit)
      for i in 0..<m {
        for r in 0..<m where r != i {
          var mask: UInt64 = 0
          for j in 0..<n where a[r + j * m] > a[i + j * m] + limit { mask |= 1 << UInt64(j) }
          rowBeaten[i * m + r] = mask
        }
      }
      for j in 0..<n {
        for c in 0..<n where c != j {
          var mask: UInt64 = 0
          for i in 0..<m where b[i + c * m] > b[i + j * m] + limit { mask |= 1 << UInt64(i) }
          columnBeaten[j * n + c] = mask
        }
      }
    }
    self.rowBeaten = rowBeaten
    self.columnBeaten = columnBeaten
  }

  static func shiftedPositive(_ values: [Double]) -> [Double] {
    let lo = values.min()!, hi = values.max()!
    let range = hi - lo
    let offset = (range > 0 ? range : 1) - lo
    return values.map { $0 + offset }
  }

  /// The rows that some other row strictly beats on every column of `columns`.
  func dominatedRows(given columns: UInt64) -> UInt64 {
    var dominated: UInt64 = 0
    for i in 0..<m {
      for r in 0..<m where r != i && columns & ~rowBeaten[i * m + r] == 0 {
        dominated |= 1 << UInt64(i)
        break
      }
    }
    return dominated
  }

  /// The columns that some other column strictly beats on every row of `rows`.
  func dominatedColumns(given rows: UInt64) -> UInt64 {
    var dominated: UInt64 = 0
    for j in 0..<n {
      for c in 0..<n where c != j && rows & ~columnBeaten[j * n + c] == 0 {
        dominated |= 1 << UInt64(j)
        break
      }
    }
    return dominated
  }

  /// Enumerates every support pair; returns the candidates in (k, I, J) order and the
  /// number of pairs whose systems were solved.
  func run(threads: Int) -> ([Candidate], Int) {
    var all = [Candidate]()
    var solved = 0
    for k in 1...min(m, n) {
      let rows = Subsets(of: m, size: k, withMasks: usesMasks)
      let columns = Subsets(of: n, size: k, withMasks: usesMasks)
      let columnsDominatedBy = usesMasks ? rows.masks.map(dominatedColumns(given:)) : []
      let rowsDominatedBy = usesMasks ? columns.masks.map(dominatedRows(given:)) : []
      let chunkCount = threads > 1 ? min(rows.count, threads * 8) : 1
      let chunkResults = ChunkResults(count: chunkCount)
      let work: @Sendable (Int) -> Void = { chunk in
        let start = rows.count * chunk / chunkCount
        let end = rows.count * (chunk + 1) / chunkCount
        var kernel = Kernel(search: self, k: k)
        var found = [Candidate]()
        rows.members.withUnsafeBufferPointer { rowMembers in
          columns.members.withUnsafeBufferPointer { columnMembers in
            for r in start..<end {
              kernel.setRows(UnsafeBufferPointer(rebasing: rowMembers[(r * k)..<(r * k + k)]))
              let excludedColumns = self.usesMasks ? columnsDominatedBy[r] : 0
              let rowMask = rows.masks[r]
              for c in 0..<columns.count {
                if self.usesMasks
                  && (columns.masks[c] & excludedColumns != 0 || rowMask & rowsDominatedBy[c] != 0)
                {
                  continue
                }
                let columnSupport = UnsafeBufferPointer(rebasing: columnMembers[(c * k)..<(c * k + k)])
                if let candidate = kernel.examine(columns: columnSupport) { found.append(candidate) }
              }
            }
          }
        }
        chunkResults.store(chunk, found, solved: kernel.solved)
      }
      if chunkCount > 1 {
        DispatchQueue.concurrentPerform(iterations: chunkCount, execute: work)
      } else {
        work(0)
      }
      for chunk in 0..<chunkCount {
        all.append(contentsOf: chunkResults.candidates[chunk])
        solved += chunkResults.solved[chunk]
      }
    }
    return (all, solved)
  }
}

/// Per-chunk output slots; each chunk writes only its own index.
private final class ChunkResults: @unchecked Sendable {
  var candidates: [[SupportSearch.Candidate]]
  var solved: [Int]
  init(count: Int) {
    candidates = Array(repeating: [], count: count)
    solved = Array(repeating: 0, count: count)
  }
  func store(_ chunk: Int, _ found: [SupportSearch.Candidate], solved count: Int) {
    candidates.withUnsafeMutableBufferPointer { $0[chunk] = found }
    solved.withUnsafeMutableBufferPointer { $0[chunk] = count }
  }
}

/// One thread's solver state for support size k. It owns copies of the (shifted) payoffs
/// and every buffer it touches, so the hot loop neither allocates nor retains.
private struct Kernel: ~Copyable {
  let search: SupportSearch
  let m: Int
  let n: Int
  let k: Int
  let limit: Double
  let workspace: SmallSystemWorkspace
  let a: UnsafeMutableBufferPointer<Double>
  let b: UnsafeMutableBufferPointer<Double>
  let rowSupport: UnsafeMutableBufferPointer<Int>
  let inRowSupport: UnsafeMutableBufferPointer<Bool>
  let inColumnSupport: UnsafeMutableBufferPointer<Bool>
  /// The current candidate strategies on the support (column's y, row's x).
  let y: UnsafeMutableBufferPointer<Double>
  let x: UnsafeMutableBufferPointer<Double>
  var solved = 0

  init(search: SupportSearch, k: Int) {
    self.search = search
    (m, n, self.k, limit) = (search.m, search.n, k, search.limit)
    workspace = SmallSystemWorkspace(capacity: k + 1)
    a = .allocate(capacity: search.a.count)
    _ = a.initialize(from: search.a)
    b = .allocate(capacity: search.b.count)
    _ = b.initialize(from: search.b)
    rowSupport = .allocate(capacity: k)
    rowSupport.initialize(repeating: 0)
    inRowSupport = .allocate(capacity: search.m)
    inRowSupport.initialize(repeating: false)
    inColumnSupport = .allocate(capacity: search.n)
    inColumnSupport.initialize(repeating: false)
    y = .allocate(capacity: k)
    y.initialize(repeating: 0)
    x = .allocate(capacity: k)
    x.initialize(repeating: 0)
  }

  deinit {
    for buffer in [a, b, y, x] { buffer.deallocate() }
    rowSupport.deallocate()
    inRowSupport.deallocate()
    inColumnSupport.deallocate()
  }

  func setRows(_ rows: UnsafeBufferPointer<Int>) {
    for i in rowSupport { inRowSupport[i] = false }
    for r in 0..<k {
      rowSupport[r] = rows[r]
      inRowSupport[rows[r]] = true
    }
  }

  /// Solves both indifference systems for (rows, columns) and checks the best-reply
  /// conditions; returns the equilibrium candidate, or nil.
  mutating func examine(columns: UnsafeBufferPointer<Int>) -> SupportSearch.Candidate? {
    solved += 1
    // y on J: A[I,J] y = v·1 with Σ y = 1.
    guard let v = solveIndifference(columns: columns, payoffs: a, transposed: false, into: y) else { return nil }
    // No row outside I may pay more than v.
    for i in 0..<m where !inRowSupport[i] {
      var payoff = 0.0
      for c in 0..<k { payoff += a[i + columns[c] * m] * y[c] }
      if payoff > v + limit { return nil }
    }
    // x on I: B[I,J]ᵀ x = u·1 with Σ x = 1.
    guard let u = solveIndifference(columns: columns, payoffs: b, transposed: true, into: x) else { return nil }
    for c in 0..<k { inColumnSupport[columns[c]] = true }
    defer { for c in 0..<k { inColumnSupport[columns[c]] = false } }
    for j in 0..<n where !inColumnSupport[j] {
      var payoff = 0.0
      for r in 0..<k { payoff += b[rowSupport[r] + j * m] * x[r] }
      if payoff > u + limit { return nil }
    }

    var rowFull = [Double](repeating: 0, count: m)
    var columnFull = [Double](repeating: 0, count: n)
    for r in 0..<k { rowFull[rowSupport[r]] = x[r] }
    for c in 0..<k { columnFull[columns[c]] = y[c] }
    let profile = StrategyProfile(
      row: MixedStrategy(cleaning: rowFull), column: MixedStrategy(cleaning: columnFull))
    return SupportSearch.Candidate(profile: profile, witness: search.game.degeneracyWitness(of: profile, limit: search.limit))
  }

  /// Solves one player's indifference system on the support pair and writes the mixed
  /// strategy (on the support, in order) into `strategy`; returns the indifferent payoff, or
  /// nil if there is no non-negative solution.
  ///
  /// `payoffs` is the matrix whose rows must be indifferent: A with `transposed` false (rows
  /// I equal against y on J), B with `transposed` true (columns J equal against x on I).
  /// Because the shifted payoffs are positive, any y ≥ 0 with Σy = 1 has v > 0, so
  /// z = y / v solves M z = 1 at order k, and y = z / Σz, v = 1 / Σz. Only when M is singular
  /// is the bordered system [M −1; 1ᵀ 0][y; v] = [0; 1] of order k + 1 solved instead.
  func solveIndifference(
    columns: UnsafeBufferPointer<Int>, payoffs: UnsafeMutableBufferPointer<Double>, transposed: Bool,
    into strategy: UnsafeMutableBufferPointer<Double>
  ) -> Double? {
    let matrix = workspace.matrix, rhs = workspace.rhs
    var value: Double
    fillSupportBlock(columns: columns, payoffs: payoffs, transposed: transposed, order: k)
    for r in 0..<k { rhs[r] = 1 }
    if workspace.solveInPlace(order: k) {
      var total = 0.0
      for c in 0..<k { total += rhs[c] }
      guard total > 0, total.isFinite else { return nil }
      value = 1 / total
      for c in 0..<k { rhs[c] *= value }
    } else {
      let order = k + 1
      fillSupportBlock(columns: columns, payoffs: payoffs, transposed: transposed, order: order)
      for r in 0..<k {
        matrix[r + k * order] = -1
        matrix[k + r * order] = 1
        rhs[r] = 0
      }
      matrix[k + k * order] = 0
      rhs[k] = 1
      guard workspace.solveInPlace(order: order) else { return nil }
      value = rhs[k]
    }
    guard value.isFinite else { return nil }
    for c in 0..<k {
      let p = rhs[c]
      guard p.isFinite, p >= -Tolerance.probability else { return nil }
      strategy[c] = p
    }
    return value
  }

  /// Copies the k×k support block of `payoffs` (or its transpose) into the workspace matrix
  /// with leading dimension `order`.
  @inline(__always)
  func fillSupportBlock(
    columns: UnsafeBufferPointer<Int>, payoffs: UnsafeMutableBufferPointer<Double>, transposed: Bool,
    order: Int
  ) {
    let matrix = workspace.matrix
    for c in 0..<k {
      let base = columns[c] * m
      if transposed {
        for r in 0..<k { matrix[c + r * order] = payoffs[rowSupport[r] + base] }
      } else {
        for r in 0..<k { matrix[r + c * order] = payoffs[rowSupport[r] + base] }
      }
    }
  }
}
