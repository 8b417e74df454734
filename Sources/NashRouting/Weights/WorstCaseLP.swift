import Nash
import NashLinearAlgebra

/// Exact worst-case (maximin) weights: the LP `max_w min_j (Aᵀw)_j` over the simplex, solved
/// by the core dense simplex method (``Nash/ZeroSumLP``) on the zero-sum game whose row
/// player (the experts) receives A; the scenario mix is the column player's optimal strategy.
///
/// When scenarios far outnumber experts (n > ``columnGenerationRatio``·m and n >
/// ``columnGenerationMinimum``), the LP is solved by column generation — the double-oracle
/// method of McMahan, Gordon & Blum (2003), "Planning in the presence of cost functions
/// controlled by an adversary", ICML 2003 — with the experts'
/// side complete: solve the game restricted to a set J of scenarios, find the scenarios where
/// the restricted optimum w does worst, `(Aᵀw)_j < v_J`, and add up to m of them; stop when
/// none is below v_J. Every round adds a new scenario, so it ends after at most n rounds; in
/// practice J ends a small multiple of the support (≤ m + 1 scenarios by LP theory), so each
/// restricted simplex runs on an m × O(m) tableau instead of m × n.
///
/// Certificate: the bounds are recomputed from the full table, `min_j (Aᵀw)_j` and
/// `max_i (A q)_i` (q is zero outside J), so they hold whatever the restricted LPs did.
///
/// - Complexity: one dense simplex, O((m+1)(n+1)) per pivot; with column generation,
///   O(m·|J|) per pivot plus two O(m·n) gemv per round.
enum WorstCaseLP {
  /// Column generation is used when `n > columnGenerationRatio · m` ...
  static let columnGenerationRatio = 4
  /// ... and `n > columnGenerationMinimum`.
  static let columnGenerationMinimum = 200

  static func solve(_ table: PayoffTable) throws -> MinimaxSolution {
    let (m, n) = (table.experts, table.scenarios)
    if n > columnGenerationRatio * m, n > columnGenerationMinimum {
      return try columnGeneration(table)
    }
    let s = try lp(table, columns: Array(0..<n))
    return certify(
      table, risk: .worstCase, weights: s.rowStrategy.probabilities, scenarioWeights: s.columnStrategy.probabilities,
      iterations: s.iterations, hasConverged: s.hasConverged, value: s.value)
  }

  /// ZeroSumLP on the columns `columns` of the table.
  static func lp(_ table: PayoffTable, columns: [Int]) throws -> ZeroSumSolution {
    let rows = (0..<table.experts).map { i in columns.map { table.values[i * table.scenarios + $0] } }
    let game: BimatrixGame
    do {
      game = try BimatrixGame(zeroSumPayoffs: rows)
    } catch {
      throw RoutingError.invalidArgument("the payoff table cannot be solved as a game: \(error)")
    }
    do {
      return try ZeroSumLP(verifiesExactly: false).solveZeroSum(game)
    } catch {
      throw RoutingError.internalFailure("the zero-sum LP failed: \(error)")
    }
  }

  static func columnGeneration(_ table: PayoffTable) throws -> MinimaxSolution {
    let (m, n) = (table.experts, table.scenarios)
    let op = PayoffOperator(table)
    let (low, high) = table.range
    let tolerance = 1e-12 * max(high - low, Double.leastNormalMagnitude)
    // Start from each expert's worst scenario and the uniform mixture's worst scenario.
    var inJ = [Bool](repeating: false, count: n)
    var columns = [Int]()
    func add(_ j: Int) {
      if !inJ[j] {
        inJ[j] = true
        columns.append(j)
      }
    }
    for i in 0..<m {
      var worst = 0
      for j in 1..<n where table.values[i * n + j] < table.values[i * n + worst] { worst = j }
      add(worst)
    }
    var u = [Double](repeating: 0, count: n)
    op.scenarioPayoffs([Double](repeating: 1 / Double(m), count: m), into: &u)
    add(u.indices.min { u[$0] < u[$1] }!)

    var pivots = 0
    var converged = true
    while true {
      let s = try lp(table, columns: columns)
      pivots += s.iterations
      converged = converged && s.hasConverged
      let w = s.rowStrategy.probabilities
      op.scenarioPayoffs(w, into: &u)
      // v_J: what the restricted optimum concedes, max_i (A q)_i over J.
      let restrictedUpper = s.upperBound
      var violated = [(Int, Double)]()
      for j in 0..<n where !inJ[j] && u[j] < restrictedUpper - tolerance { violated.append((j, u[j])) }
      if violated.isEmpty || columns.count == n {
        var q = [Double](repeating: 0, count: n)
        for (k, j) in columns.enumerated() { q[j] = s.columnStrategy.probabilities[k] }
        return certify(
          table, risk: .worstCase, weights: w, scenarioWeights: q, iterations: pivots,
          hasConverged: converged, value: s.value)
      }
      violated.sort { $0.1 < $1.1 }
      for (j, _) in violated.prefix(max(1, m)) { add(j) }
    }
  }
}
