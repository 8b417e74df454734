import Foundation
import NashLinearAlgebra

/// Follows the principal branch of logit quantal-response equilibria from λ = 0 (uniform
/// play) towards a Nash equilibrium, then finishes on the detected supports.
///
/// A logit QRE at precision λ solves `x_i ∝ exp(λ (A y)_i)`, `y_j ∝ exp(λ (Bᵀx)_j)`
/// (McKelvey & Palfrey 1995, "Quantal response equilibria for normal form games", Games and
/// Economic Behavior 10:6–38, https://doi.org/10.1006/game.1995.1023). For generic games the
/// branch starting at the centroid converges as λ → ∞ to a Nash equilibrium (the "limiting
/// logit equilibrium"). The path is traced in log-probabilities by pseudo-arclength
/// predictor–corrector continuation, as in Turocy (2005), "A dynamic homotopy interpretation of
/// the logistic quantal response equilibrium correspondence", Games and Economic Behavior
/// 51:243–263, https://doi.org/10.1016/j.geb.2004.04.003: an Euler predictor along the
/// tangent and Newton correctors orthogonal to it, each a LAPACK LU solve of order m+n+1, with
/// the step length adapted to the corrector's behaviour. Payoffs are divided by the payoff
/// scale, so λ is dimensionless.
///
/// Every few steps once λ is large, the supports suggested by the QRE (probabilities above
/// a threshold) are refined: the indifference system on them is solved (LAPACK) and the
/// resulting profile certified from the original payoffs; the run stops when its max regret
/// is at most ``tolerance`` times the payoff scale. ``EquilibriumResult/hasConverged`` is
/// false when no refinement met the tolerance within the budget.
///
/// ```swift
/// let r = try BimatrixGame.vonStengel3x2.solve(using: .logitTracing())
/// // r.equilibria[0].maxRegret ≤ 1e-6, one of the game's three equilibria
/// ```
///
/// - Complexity: O((m+n)³) per corrector iteration; the number of steps grows with the
///   length of the branch (roughly logarithmically in the final λ with adaptive steps).
public struct LogitTracing: EquilibriumSolver {
  public var name: String { "logit-tracing" }
  /// Max regret of the refined profile to stop at, relative to the payoff scale.
  public var tolerance: Double
  /// The budget of continuation steps.
  public var maxIterations: Int
  /// The largest λ (dimensionless) to trace to.
  public var maximumLambda: Double
  /// Whether to try exact verification of the final profile.
  public var verifiesExactly: Bool

  public init(
    tolerance: Double = 1e-6, maxIterations: Int = 5_000, maximumLambda: Double = 1e7, verifiesExactly: Bool = true
  ) {
    self.tolerance = tolerance
    self.maxIterations = maxIterations
    self.maximumLambda = maximumLambda
    self.verifiesExactly = verifiesExactly
  }

  public func solve(_ game: BimatrixGame) throws -> EquilibriumResult {
    try validateDynamics(tolerance: tolerance, maxIterations: maxIterations)
    let m = game.rowCount, n = game.columnCount, d = m + n
    let scale = game.payoffScale, limit = tolerance * scale
    var a = game.rowMatrix, b = game.columnMatrix
    for k in a.storage.indices { a.storage[k] /= scale; b.storage[k] /= scale }
    // z = (log x, log y, λ).
    var z = [Double](repeating: 0, count: d + 1)
    for i in 0..<m { z[i] = -Foundation.log(Double(m)) }
    for j in 0..<n { z[m + j] = -Foundation.log(Double(n)) }
    var tangent = [Double](repeating: 0, count: d + 1)
    tangent[d] = 1
    var stepLength = 0.1
    var steps = 0
    var best: Equilibrium? = nil
    func consider(_ z: [Double]) {
      guard let e = refine(z, game: game, a: game.rowMatrix, b: game.columnMatrix, m: m, n: n) else { return }
      if best == nil || e.maxRegret < best!.maxRegret { best = e }
    }
    while steps < maxIterations, z[d] < maximumLambda {
      steps += 1
      // 1. Tangent: J t = 0, oriented like the previous tangent.
      guard let next = Self.tangent(at: z, previous: tangent, a: a, b: b, m: m, n: n) else { break }
      tangent = next
      // 2. Predict, then 3. correct (Newton orthogonal to the tangent); halve on failure.
      var accepted = false
      while stepLength > 1e-10 {
        var trial = zip(z, tangent).map { $0 + stepLength * $1 }
        var converged = false
        var newtonSteps = 0
        for _ in 0..<8 {
          newtonSteps += 1
          let h = Self.residual(trial, a: a, b: b, m: m, n: n)
          var jac = Self.jacobian(trial, a: a, b: b, m: m, n: n)
          for k in 0...d { jac[d, k] = tangent[k] }
          var rhs = h.map { -$0 }
          rhs.append(0)
          guard let delta = try? jac.solve(rhs), delta.allSatisfy(\.isFinite) else { break }
          for k in 0...d { trial[k] += delta[k] }
          if delta.map(abs).max()! <= 1e-10 * max(1, trial.map(abs).max()!) {
            converged = true
            break
          }
        }
        if converged, trial[d] > 0 {
          z = trial
          accepted = true
          if newtonSteps <= 3 { stepLength = min(stepLength * 2, max(1, z[d])) }
          break
        }
        stepLength /= 2
      }
      guard accepted else { break }
      // 4. Refine on the supports every few steps once λ is large enough to tell.
      if z[d] > 10, steps % 5 == 0 {
        consider(z)
        if let best, best.maxRegret <= limit { break }
      }
    }
    if best == nil || best!.maxRegret > limit { consider(z) }
    guard var equilibrium = best else {
      return EquilibriumResult(
        equilibria: [], method: name, iterations: steps, hasConverged: false, isComplete: false,
        diagnostics: [.possiblyIncomplete("the logit path reached λ = \(z[d]) without a support whose indifference system gives an equilibrium")],
        tolerance: tolerance)
    }
    if verifiesExactly { equilibrium = game.certify(equilibrium.profile, exactly: true) }
    let converged = equilibrium.maxRegret <= limit
    return EquilibriumResult(
      equilibria: [equilibrium], method: name, iterations: steps, hasConverged: converged,
      isComplete: false,
      diagnostics: converged ? [] : [.possiblyIncomplete("the refined profile's max regret \(equilibrium.maxRegret) exceeds the tolerance")],
      tolerance: tolerance)
  }

  /// The support refinement: strategies whose QRE probability exceeds a threshold, the
  /// indifference systems solved on them, the best certified profile.
  private func refine(_ z: [Double], game: BimatrixGame, a: Matrix, b: Matrix, m: Int, n: Int) -> Equilibrium? {
    var best: Equilibrium? = nil
    for threshold in [1e-2, 1e-4, 1e-6] {
      let rows = (0..<m).filter { Foundation.exp(z[$0]) > threshold }
      let columns = (0..<n).filter { Foundation.exp(z[m + $0]) > threshold }
      guard rows.count == columns.count,
        let y = OptimisticHedgeKernel.indifferent(a, rows: rows, columns: columns, count: n, transposed: false),
        let x = OptimisticHedgeKernel.indifferent(b, rows: rows, columns: columns, count: m, transposed: true)
      else { continue }
      let e = game.certify(StrategyProfile(row: MixedStrategy(cleaning: x), column: MixedStrategy(cleaning: y)), exactly: false)
      if best == nil || e.maxRegret < best!.maxRegret { best = e }
    }
    return best
  }

  /// H(z): for i ≥ 1, `u_i − u_0 − λ((Ây)_i − (Ây)_0)`; `Σ exp(u) − 1`; the same for v.
  static func residual(_ z: [Double], a: Matrix, b: Matrix, m: Int, n: Int) -> [Double] {
    let lambda = z[m + n]
    let x = (0..<m).map { Foundation.exp(z[$0]) }, y = (0..<n).map { Foundation.exp(z[m + $0]) }
    let ay = a.times(y), bx = b.times(x, transposed: true)
    var h = [Double](repeating: 0, count: m + n)
    for i in 1..<max(m, 1) { h[i - 1] = z[i] - z[0] - lambda * (ay[i] - ay[0]) }
    h[m - 1] = x.reduce(0, +) - 1
    for j in 1..<max(n, 1) { h[m + j - 1] = z[m + j] - z[m] - lambda * (bx[j] - bx[0]) }
    h[m + n - 1] = y.reduce(0, +) - 1
    return h
  }

  /// The (m+n+1)×(m+n+1) matrix whose first m+n rows are ∂H/∂z (last row left zero).
  static func jacobian(_ z: [Double], a: Matrix, b: Matrix, m: Int, n: Int) -> Matrix {
    let d = m + n, lambda = z[d]
    let x = (0..<m).map { Foundation.exp(z[$0]) }, y = (0..<n).map { Foundation.exp(z[m + $0]) }
    let ay = a.times(y), bx = b.times(x, transposed: true)
    var j = Matrix(rows: d + 1, columns: d + 1)
    for i in 1..<max(m, 1) {
      let r = i - 1
      j[r, i] = 1
      j[r, 0] = -1
      for l in 0..<n { j[r, m + l] = -lambda * (a[i, l] - a[0, l]) * y[l] }
      j[r, d] = -(ay[i] - ay[0])
    }
    for k in 0..<m { j[m - 1, k] = x[k] }
    for c in 1..<max(n, 1) {
      let r = m + c - 1
      j[r, m + c] = 1
      j[r, m] = -1
      for k in 0..<m { j[r, k] = -lambda * (b[k, c] - b[k, 0]) * x[k] }
      j[r, d] = -(bx[c] - bx[0])
    }
    for l in 0..<n { j[d - 1, m + l] = y[l] }
    return j
  }

  /// The unit tangent of the path at z: `J t = 0` with `t·previous = 1`, normalised.
  static func tangent(at z: [Double], previous: [Double], a: Matrix, b: Matrix, m: Int, n: Int) -> [Double]? {
    let d = m + n
    var jac = jacobian(z, a: a, b: b, m: m, n: n)
    for k in 0...d { jac[d, k] = previous[k] }
    var rhs = [Double](repeating: 0, count: d + 1)
    rhs[d] = 1
    guard let t = try? jac.solve(rhs), t.allSatisfy(\.isFinite) else { return nil }
    let norm = t.map { $0 * $0 }.reduce(0, +).squareRoot()
    guard norm > 0 else { return nil }
    return t.map { $0 / norm }
  }
}

extension EquilibriumSolver where Self == LogitTracing {
  /// Logit QRE path following with support refinement (``LogitTracing``).
  public static func logitTracing(tolerance: Double = 1e-6, maxIterations: Int = 5_000) -> Self {
    LogitTracing(tolerance: tolerance, maxIterations: maxIterations)
  }
}
