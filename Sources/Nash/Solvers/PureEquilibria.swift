import NashLinearAlgebra

/// Finds every pure-strategy Nash equilibrium: the cells where A's entry is a best reply
/// in its column and B's entry a best reply in its row.
///
/// With exact payoffs the test is exact; otherwise ties are within `tolerance` times the
/// game's ``BimatrixGame/payoffScale``.
///
/// - Complexity: O(mn).
public struct PureEquilibria: EquilibriumSolver {
  public var name: String { "pure" }
  /// Relative tolerance for ties (used only when the game has no exact payoffs).
  public var tolerance: Double

  public init(tolerance: Double = Tolerance.regret) {
    self.tolerance = tolerance
  }

  public func solve(_ game: BimatrixGame) throws -> EquilibriumResult {
    guard tolerance >= 0, tolerance.isFinite else {
      throw SolverError.invalidOption("the tolerance must be a non-negative number, got \(tolerance)")
    }
    let cells = PureEquilibria.cells(of: game, tolerance: tolerance)
    let equilibria = cells.map { game.certify(.pure(row: $0.row, column: $0.column, in: game)) }
    var diagnostics = [Diagnostic]()
    if let witness = game.pureDegeneracyWitness(tolerance: tolerance) {
      diagnostics.append(.degenerate(witness))
    }
    return EquilibriumResult(
      equilibria: equilibria, method: name, iterations: game.rowCount * game.columnCount,
      hasConverged: true, isComplete: true, diagnostics: diagnostics, tolerance: tolerance)
  }

  /// The pure equilibrium cells in row-major order.
  static func cells(of game: BimatrixGame, tolerance: Double) -> [(row: Int, column: Int)] {
    let m = game.rowCount, n = game.columnCount
    var result = [(row: Int, column: Int)]()
    if let exactA = game.exactRowMatrix, let exactB = game.exactColumnMatrix {
      let columnMax = (0..<n).map { j in (0..<m).map { exactA[$0 + j * m] }.max()! }
      let rowMax = (0..<m).map { i in (0..<n).map { exactB[i + $0 * m] }.max()! }
      for i in 0..<m {
        for j in 0..<n where exactA[i + j * m] == columnMax[j] && exactB[i + j * m] == rowMax[i] {
          result.append((i, j))
        }
      }
      return result
    }
    let a = game.rowMatrix, b = game.columnMatrix
    let limit = tolerance * game.payoffScale
    let columnMax = (0..<n).map { j in (0..<m).map { a[$0, j] }.max()! }
    let rowMax = (0..<m).map { i in (0..<n).map { b[i, $0] }.max()! }
    for i in 0..<m {
      for j in 0..<n where a[i, j] >= columnMax[j] - limit && b[i, j] >= rowMax[i] - limit {
        result.append((i, j))
      }
    }
    return result
  }
}

extension EquilibriumSolver where Self == PureEquilibria {
  /// Every pure-strategy equilibrium.
  public static func pureEquilibria(tolerance: Double = Tolerance.regret) -> Self {
    PureEquilibria(tolerance: tolerance)
  }
}

extension BimatrixGame {
  /// A pure strategy with two or more pure best responses, if there is one: the simplest
  /// evidence of degeneracy. With exact payoffs the ties are exact. With `Double` payoffs,
  /// payoffs within the tolerance of the best count (the game is then degenerate or nearly so,
  /// and a floating-point solver cannot tell the two apart); the witness is exact when the
  /// `Double`s themselves tie (their exact values, the shortest decimals, are ordered as they are).
  func pureDegeneracyWitness(tolerance: Double) -> DegeneracyWitness? {
    let m = rowCount, n = columnCount
    let limit = tolerance * payoffScale
    func witness(_ values: [Double], player: Player, strategy: @autoclosure () -> MixedStrategy) -> DegeneracyWitness? {
      let best = values.max()!
      let near = values.indices.filter { values[$0] >= best - limit }
      guard near.count > 1 else { return nil }
      let exact = near.filter { values[$0] == best }
      return DegeneracyWitness(
        player: player, strategy: strategy(), bestResponses: exact.count > 1 ? exact : near, isExact: exact.count > 1)
    }
    func exactWitness(_ values: [Rational], player: Player, strategy: @autoclosure () -> MixedStrategy)
      -> DegeneracyWitness?
    {
      let best = values.max()!
      let ties = values.indices.filter { values[$0] == best }
      return ties.count > 1
        ? DegeneracyWitness(player: player, strategy: strategy(), bestResponses: ties, isExact: true) : nil
    }
    // Column j played purely: the row player's best responses are the maxima of A's column j.
    for j in 0..<n {
      let found =
        if let e = exactRowMatrix {
          exactWitness((0..<m).map { e[$0 + j * m] }, player: .column, strategy: .pure(j, count: n))
        } else {
          witness((0..<m).map { rowMatrix[$0, j] }, player: .column, strategy: .pure(j, count: n))
        }
      if let found { return found }
    }
    for i in 0..<m {
      let found =
        if let e = exactColumnMatrix {
          exactWitness((0..<n).map { e[i + $0 * m] }, player: .row, strategy: .pure(i, count: m))
        } else {
          witness((0..<n).map { columnMatrix[i, $0] }, player: .row, strategy: .pure(i, count: m))
        }
      if let found { return found }
    }
    return nil
  }
}
