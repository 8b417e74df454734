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
  /// evidence of degeneracy.
  func pureDegeneracyWitness(tolerance: Double) -> DegeneracyWitness? {
    let m = rowCount, n = columnCount
    let limit = hasExactPayoffs ? 0 : tolerance * payoffScale
    func ties(_ values: [Double]) -> [Int] {
      let best = values.max()!
      return values.indices.filter { values[$0] >= best - limit }
    }
    func exactTies(_ values: [Rational]) -> [Int] {
      let best = values.max()!
      return values.indices.filter { values[$0] == best }
    }
    // Column j played purely: the row player's best responses are the maxima of A's column j.
    for j in 0..<n {
      let responses =
        exactRowMatrix.map { e in exactTies((0..<m).map { e[$0 + j * m] }) }
        ?? ties((0..<m).map { rowMatrix[$0, j] })
      if responses.count > 1 {
        return DegeneracyWitness(player: .column, strategy: .pure(j, count: n), bestResponses: responses)
      }
    }
    for i in 0..<m {
      let responses =
        exactColumnMatrix.map { e in exactTies((0..<n).map { e[i + $0 * m] }) }
        ?? ties((0..<n).map { columnMatrix[i, $0] })
      if responses.count > 1 {
        return DegeneracyWitness(player: .row, strategy: .pure(i, count: m), bestResponses: responses)
      }
    }
    return nil
  }
}
