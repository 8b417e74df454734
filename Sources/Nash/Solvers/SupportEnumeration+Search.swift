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

    subscript(index: Int) -> ArraySlice<Int> { members[(index * size)..<((index + 1) * size)] }
  }

  let game: BimatrixGame
  let m: Int
  let n: Int
  /// A and B, column-major.
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
    a = game.rowMatrix.storage
    b = game.columnMatrix.storage
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
        for r in start..<end {
          kernel.setRows(rows[r])
          let excludedColumns = self.usesMasks ? columnsDominatedBy[r] : 0
          let rowMask = rows.masks[r]
          for c in 0..<columns.count {
            if self.usesMasks
              && (columns.masks[c] & excludedColumns != 0 || rowMask & rowsDominatedBy[c] != 0)
            {
              continue
            }
            if let candidate = kernel.examine(columns: columns[c]) { found.append(candidate) }
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

/// One thread's solver state for support size k.
private struct Kernel: ~Copyable {
  let search: SupportSearch
  let k: Int
  let workspace: SmallSystemWorkspace
  var rowSupport: [Int]
  var inRowSupport: [Bool]
  var inColumnSupport: [Bool]
  var y: [Double]
  var x: [Double]
  var solved = 0

  init(search: SupportSearch, k: Int) {
    self.search = search
    self.k = k
    workspace = SmallSystemWorkspace(capacity: k + 1)
    rowSupport = Array(repeating: 0, count: k)
    inRowSupport = Array(repeating: false, count: search.m)
    inColumnSupport = Array(repeating: false, count: search.n)
    y = Array(repeating: 0, count: k)
    x = Array(repeating: 0, count: k)
  }

  mutating func setRows(_ rows: ArraySlice<Int>) {
    for i in rowSupport { inRowSupport[i] = false }
    for (r, i) in rows.enumerated() {
      rowSupport[r] = i
      inRowSupport[i] = true
    }
  }

  /// Solves both indifference systems for (rows, columns) and checks the best-reply
  /// conditions; returns the equilibrium candidate, or nil.
  mutating func examine(columns: ArraySlice<Int>) -> SupportSearch.Candidate? {
    let (m, n, k, limit) = (search.m, search.n, self.k, search.limit)
    let order = k + 1
    let matrix = workspace.matrix, rhs = workspace.rhs
    let a = search.a, b = search.b
    solved += 1

    // y on J: A[I,J] y − v = 0 for each row of I, Σ y = 1.
    for (c, j) in columns.enumerated() {
      for r in 0..<k { matrix[r + c * order] = a[rowSupport[r] + j * m] }
      matrix[k + c * order] = 1
    }
    for r in 0..<k { matrix[r + k * order] = -1 }
    matrix[k + k * order] = 0
    for r in 0..<k { rhs[r] = 0 }
    rhs[k] = 1
    guard workspace.solveInPlace(order: order) else { return nil }
    let v = rhs[k]
    for c in 0..<k {
      let value = rhs[c]
      guard value.isFinite, value >= -Tolerance.probability else { return nil }
      y[c] = value
    }
    guard v.isFinite else { return nil }
    // No row outside I may pay more than v.
    for i in 0..<m where !inRowSupport[i] {
      var payoff = 0.0
      for (c, j) in columns.enumerated() { payoff += a[i + j * m] * y[c] }
      if payoff > v + limit { return nil }
    }

    // x on I: B[I,J]ᵀ x − u = 0 for each column of J, Σ x = 1.
    for (r, j) in columns.enumerated() {
      for c in 0..<k { matrix[r + c * order] = b[rowSupport[c] + j * m] }
      matrix[r + k * order] = -1
    }
    for c in 0..<k { matrix[k + c * order] = 1 }
    matrix[k + k * order] = 0
    for r in 0..<k { rhs[r] = 0 }
    rhs[k] = 1
    guard workspace.solveInPlace(order: order) else { return nil }
    let u = rhs[k]
    for c in 0..<k {
      let value = rhs[c]
      guard value.isFinite, value >= -Tolerance.probability else { return nil }
      x[c] = value
    }
    guard u.isFinite else { return nil }
    for j in columns { inColumnSupport[j] = true }
    defer { for j in columns { inColumnSupport[j] = false } }
    for j in 0..<n where !inColumnSupport[j] {
      var payoff = 0.0
      for (c, i) in rowSupport.enumerated() { payoff += b[i + j * m] * x[c] }
      if payoff > u + limit { return nil }
    }

    var rowFull = [Double](repeating: 0, count: m)
    var columnFull = [Double](repeating: 0, count: n)
    for (c, i) in rowSupport.enumerated() { rowFull[i] = x[c] }
    for (c, j) in columns.enumerated() { columnFull[j] = y[c] }
    let profile = StrategyProfile(
      row: MixedStrategy(cleaning: rowFull), column: MixedStrategy(cleaning: columnFull))
    return SupportSearch.Candidate(profile: profile, witness: witness(for: profile))
  }

  /// Degeneracy evidence at an equilibrium: a strategy with more pure best replies than
  /// its support size.
  func witness(for profile: StrategyProfile) -> DegeneracyWitness? {
    let game = search.game
    for player in Player.allCases {
      let strategy = profile[player.opponent]
      let replies = game.bestResponses(to: strategy, for: player, tolerance: search.limit / game.payoffScale)
      if replies.count > strategy.support.count {
        return DegeneracyWitness(player: player.opponent, strategy: strategy, bestResponses: replies)
      }
    }
    return nil
  }
}
