import Foundation
import NashLinearAlgebra

/// The payoff table as a BLAS operand, and the certificates of ``MinimaxSolution``.
///
/// The table's row-major values are, read column-major, the n×m matrix Aᵀ, so both products
/// the solvers need are one cblas_dgemv on the table's own storage, with no copy:
/// `Aᵀw` (no transpose) and `A q` (transposed).
struct PayoffOperator {
  /// Aᵀ, n×m column-major (the table's values, optionally shifted and scaled).
  let transposed: Matrix
  var experts: Int { transposed.columns }
  var scenarios: Int { transposed.rows }

  init(_ table: PayoffTable) {
    transposed = Matrix(rows: table.scenarios, columns: table.experts, columnMajor: table.values)
  }

  /// The table mapped into [0, 1] by `(A − low)/range` (range > 0).
  init(_ table: PayoffTable, low: Double, range: Double) {
    transposed = Matrix(
      rows: table.scenarios, columns: table.experts, columnMajor: table.values.map { ($0 - low) / range })
  }

  /// `out = Aᵀ w` (length n).
  func scenarioPayoffs(_ w: [Double], into out: inout [Double]) {
    transposed.multiply(w, into: &out)
  }

  /// `out = A q` (length m).
  func expertPayoffs(_ q: [Double], into out: inout [Double]) {
    transposed.multiply(q, transposed: true, into: &out)
  }
}

/// A scenario prior as logarithms (−∞ where the prior is 0), validated.
struct LogPrior {
  let values: [Double]

  /// - Throws: ``RoutingError/invalidArgument(_:)`` unless `prior` (nil: uniform) is a
  ///   distribution of length `scenarios` (entries finite and ≥ 0, summing to 1 within 1e-9).
  init(_ prior: [Double]?, scenarios: Int) throws {
    guard let prior else {
      values = [Double](repeating: -Foundation.log(Double(scenarios)), count: scenarios)
      return
    }
    guard prior.count == scenarios else {
      throw RoutingError.invalidArgument("the prior has \(prior.count) entries for \(scenarios) scenarios")
    }
    if let j = prior.firstIndex(where: { !$0.isFinite || $0 < 0 }) {
      throw RoutingError.invalidArgument("the prior's entry \(j) is \(prior[j]); it must be a finite number ≥ 0")
    }
    let total = prior.reduce(0, +)
    guard abs(total - 1) <= 1e-9 * Double(max(1, scenarios)) else {
      throw RoutingError.invalidArgument("the prior sums to \(total), not 1")
    }
    values = prior.map { $0 > 0 ? Foundation.log($0 / total) : -Double.infinity }
  }
}

/// The adversary's exact response to w under the entropic risk, and the value:
/// `q = softmax(log p − u/τ)`, `ρ = −τ·LSE(log p − u/τ)`, computed with a max shift.
/// `u = Aᵀw` must be given; `q` is overwritten. Returns ρ and `Σ_j q_j (log q_j − log p_j)`.
func entropicResponse(
  scenarioPayoffs u: [Double], tau: Double, logPrior: [Double], into q: inout [Double]
) -> (risk: Double, divergence: Double) {
  let n = u.count
  var top = -Double.infinity
  for j in 0..<n where logPrior[j] > -Double.infinity { top = max(top, logPrior[j] - u[j] / tau) }
  var total = 0.0
  for j in 0..<n {
    if logPrior[j] == -Double.infinity {
      q[j] = 0
    } else {
      let e = Foundation.exp(logPrior[j] - u[j] / tau - top)
      q[j] = e
      total += e
    }
  }
  let logSum = top + Foundation.log(total)
  var divergence = 0.0
  for j in 0..<n where q[j] > 0 {
    q[j] /= total
    // log q_j − log p_j = −u_j/τ − LSE.
    divergence += q[j] * (-u[j] / tau - logSum)
  }
  return (-tau * logSum, max(0, divergence))
}

/// Bounds, value and a clean scenario mix for weights w (and, for the worst case, the
/// adversary's q), computed from the original table.
func certify(
  _ table: PayoffTable, risk: ResolvedRisk, weights: [Double], scenarioWeights: [Double]?,
  iterations: Int, hasConverged: Bool, value: Double? = nil
) -> MinimaxSolution {
  let op = PayoffOperator(table)
  let w = cleanDistribution(weights)
  var u = [Double](repeating: 0, count: table.scenarios)
  op.scenarioPayoffs(w, into: &u)
  var g = [Double](repeating: 0, count: table.experts)
  switch risk {
  case .worstCase:
    let q = cleanDistribution(scenarioWeights ?? [Double](repeating: 1, count: table.scenarios))
    op.expertPayoffs(q, into: &g)
    let lower = u.min()!, upper = g.max()!
    let objective = value ?? lower
    return MinimaxSolution(
      weights: w, scenarioWeights: q, value: objective, lowerBound: lower, upperBound: upper,
      iterations: iterations, hasConverged: hasConverged)
  case .entropic(let tau, let logPrior):
    var q = [Double](repeating: 0, count: table.scenarios)
    let (rho, divergence) = entropicResponse(scenarioPayoffs: u, tau: tau, logPrior: logPrior, into: &q)
    op.expertPayoffs(q, into: &g)
    let upper = g.max()! + tau * divergence
    return MinimaxSolution(
      weights: w, scenarioWeights: cleanDistribution(q), value: rho, lowerBound: rho, upperBound: upper,
      iterations: iterations, hasConverged: hasConverged)
  }
}

/// `v` with negative or non-finite entries cleared and scaled to sum 1 (uniform if nothing is left).
func cleanDistribution(_ v: [Double]) -> [Double] {
  var p = v.map { $0.isFinite && $0 > 0 ? $0 : 0 }
  let total = p.reduce(0, +)
  guard total > 0, total.isFinite else { return [Double](repeating: 1 / Double(v.count), count: v.count) }
  for k in p.indices { p[k] /= total }
  return p
}

/// A ``RiskMeasure`` after validation: τ = 0 folded into the worst case, the prior as logs.
enum ResolvedRisk {
  case worstCase
  case entropic(tau: Double, logPrior: [Double])

  init(_ risk: RiskMeasure, scenarios: Int) throws {
    switch risk {
    case .worstCase:
      self = .worstCase
    case .entropic(let tau, let prior):
      guard !tau.isNaN, tau >= 0 else {
        throw RoutingError.invalidArgument("the entropic temperature τ must be ≥ 0, not \(tau)")
      }
      guard tau.isFinite else {
        throw RoutingError.invalidArgument("the entropic temperature τ must be finite, not \(tau)")
      }
      let logPrior = try LogPrior(prior, scenarios: scenarios).values
      self = tau == 0 ? .worstCase : .entropic(tau: tau, logPrior: logPrior)
    }
  }
}
