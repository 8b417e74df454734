import Foundation
import NashLinearAlgebra

/// Exact entropic-risk weights: maximises the smooth concave function
///
///     F(w) = ρ_τ(Aᵀw) = −τ log Σ_j p_j exp(−(Aᵀw)_j / τ)      over the simplex Δm
///
/// by a primal barrier (interior-point) method with equality-constrained Newton steps
/// (Boyd & Vandenberghe 2004, *Convex Optimization*, §11.3 the barrier method and §10.2
/// Newton's method with equality constraints, https://web.stanford.edu/~boyd/cvxbook/).
///
/// Why this method (the brief allowed exponentiated gradient run to 1e-10 or Newton):
/// - F is smooth with gradient `∇F = A q` (q the adversary's softmax response) and Hessian
///   `∇²F = −(1/τ) Σ_j q_j (a_j − Aq)(a_j − Aq)ᵀ` — minus the q-covariance of the scenario
///   columns over τ. Exponentiated gradient converges only sublinearly on such a problem when
///   it is not strongly concave (the reference `zerosum.py` still has gap 1.3e-3 after 500
///   iterations at 64×1000, τ = 0.05); Newton's method converges quadratically near the
///   optimum, and m (experts) is small, so an m×m Hessian costs one O(m²n) gemm per step.
/// - An active-set Newton method would have to add and drop experts one by one; the barrier
///   `μ Σ log w_i` keeps every iterate interior, so no combinatorics, and the path parameter μ
///   bounds the duality gap: at the barrier optimum `g_i + μ/w_i = ν` for all i, so
///   `max_i g_i − wᵀg ≤ m·μ`.
///
/// Steps (payoffs scaled into [0, 1], τ in the same units):
///   1. u = Âᵀw, q = softmax(log p − u/τ), g = Â q             (two gemv)
///   2. stop if the duality gap `max_i g_i − wᵀg` ≤ 1e-10 — it equals `upper − lower` of the
///      certificate, since `ρ_τ(Aᵀw) = wᵀAq + τ·KL(q‖p)` at the exact response
///   3. H = (1/τ) Bᵀ B with B_j· = √q_j (â_j − g)                (one gemm; scenarios with
///      q_j < 1e-18·max q skipped)
///   4. the Newton step of F + μ Σ log w on {1ᵀd = 0}, in the variables d = W d̃
///      (W = diag w, the affine scaling of interior-point methods, which keeps the system
///      well conditioned as coordinates approach 0): one LU of the (m+1)×(m+1) KKT matrix
///      `[W H W + μI, w; wᵀ, 0]`, right-hand side `[w∘g + μ; 0]`
///   5. backtracking line search on F + μ Σ log w, at most 99.5% of the way to the boundary
///   6. once the Newton decrement λ² = dᵀ(g + μ/w) is below μ (near the central path),
///      μ ← max(min(μ/10, gap/(10m)), 1e-10/(100m))
///
/// Small τ makes F nearly piecewise linear (kinks of width τ), where Newton's quadratic
/// model is poor far from the optimum. So a cold start follows a homotopy in τ: stages
/// τ_k = max(τ, 0.1·10⁻ᵏ) (scaled units), each warm-started from the last and solved to a
/// gap of 1e-3·τ_k, the final stage to 1e-10 (the smoothing/continuation idea of Nesterov
/// 2005, "Smooth minimization of non-smooth functions", https://doi.org/10.1007/s10107-004-0552-5).
/// A warm start w₀ skips the homotopy when it beats the uniform start: it begins at
/// μ₀ = gap(w₀)/m with each coordinate lifted to at least μ₀/(max g − g_i), its
/// central-path value, so a near-optimal start takes a few steps.
///
/// - Complexity: O(m²·n + m³) per Newton step; typically 20–60 steps from a cold start.
enum EntropicBarrierNewton {
  /// The duality gap to stop at, relative to the payoff range; the result counts as
  /// converged when its certified gap is within 10× of it.
  static let tolerance = 1e-10
  /// The step budget (all stages together).
  static let maxSteps = 500
  /// The homotopy starts at this τ (scaled units) when τ is smaller.
  static let homotopyStart = 0.1

  static func solve(
    _ table: PayoffTable, tau: Double, logPrior: [Double], warmStart: [Double]?
  ) -> MinimaxSolution {
    let risk = ResolvedRisk.entropic(tau: tau, logPrior: logPrior)
    let m = table.experts
    let (low, high) = table.range
    let range = high - low
    guard range > 0 else {
      return certify(
        table, risk: risk, weights: [Double](repeating: 1, count: m), scenarioWeights: nil, iterations: 0,
        hasConverged: true)
    }
    let t = tau / range
    var state = NewtonState(op: PayoffOperator(table, low: low, range: range), logPrior: logPrior)
    let uniform = [Double](repeating: 1 / Double(m), count: m)
    var stages = [Double]()
    var start = uniform
    if let warmStart {
      let warm = cleanDistribution(warmStart)
      if state.evaluate(warm, tau: t).gap < state.evaluate(uniform, tau: t).gap { start = warm }
    }
    if start == uniform {
      var stageTau = homotopyStart
      while stageTau > 3 * t {
        stages.append(stageTau)
        stageTau *= 0.1
      }
    }
    stages.append(t)
    var w = start
    var gap = Double.infinity
    for (k, stageTau) in stages.enumerated() {
      let last = k == stages.count - 1
      gap = state.run(
        from: &w, tau: stageTau, tolerance: last ? tolerance : 1e-3 * stageTau, maxSteps: maxSteps,
        isWarm: k > 0 || start != uniform)
    }
    let solution = certify(
      table, risk: risk, weights: w, scenarioWeights: nil, iterations: state.steps, hasConverged: gap <= tolerance)
    // Round-off in the last Newton steps can stall just above the target; a certified gap
    // within 10× of it (1e-9 of the range) still counts as converged.
    return solution.gap <= 10 * tolerance * range ? with(solution) { $0.hasConverged = true } : solution
  }
}

/// The buffers and step count of ``EntropicBarrierNewton``.
private struct NewtonState {
  let op: PayoffOperator
  let logPrior: [Double]
  var steps = 0
  var u: [Double]
  var q: [Double]
  var g: [Double]
  /// A warm start begins at μ = max(tolerance, this·τ)/m.
  static let warmGapScale = 1e-3

  init(op: PayoffOperator, logPrior: [Double]) {
    self.op = op
    self.logPrior = logPrior
    u = [Double](repeating: 0, count: op.scenarios)
    q = [Double](repeating: 0, count: op.scenarios)
    g = [Double](repeating: 0, count: op.experts)
  }

  /// Steps 1–2: F(w) and the duality gap; fills u, q, g.
  mutating func evaluate(_ w: [Double], tau: Double) -> (value: Double, gap: Double) {
    op.scenarioPayoffs(w, into: &u)
    let (rho, _) = entropicResponse(scenarioPayoffs: u, tau: tau, logPrior: logPrior, into: &q)
    op.expertPayoffs(q, into: &g)
    var wg = 0.0
    for i in w.indices { wg += w[i] * g[i] }
    return (rho, max(0, g.max()! - wg))
  }

  /// Runs the barrier method at temperature `tau` from `w` until the gap is at most
  /// `tolerance`, the budget is spent, or no ascent direction can be computed; returns the gap.
  mutating func run(from w: inout [Double], tau: Double, tolerance: Double, maxSteps: Int, isWarm: Bool) -> Double {
    let m = op.experts, n = op.scenarios
    // Keep every coordinate interior.
    for i in 0..<m { w[i] = max(w[i], 1e-12 / Double(m)) }
    let total = w.reduce(0, +)
    for i in 0..<m { w[i] /= total }
    var (value, gap) = evaluate(w, tau: tau)
    guard gap > tolerance else { return gap }
    // A cold (uniform) start is central for μ = gap/m. A warm start is near the optimum
    // but its duality gap can be large when τ is small (the exact response jumps between
    // near-tied scenarios), so it starts at a small μ instead: the barrier then acts as a
    // safeguarded Newton method that cannot leave the simplex.
    var mu = isWarm ? max(tolerance, min(gap, Self.warmGapScale * tau)) / Double(m) : max(gap, tolerance) / Double(m)
    if isWarm {
      // Lift each coordinate to at least its central-path value μ/(max g − g_i).
      let top = g.max()!
      for i in 0..<m { w[i] = max(w[i], mu / max(top - g[i], tau)) }
      let lifted = w.reduce(0, +)
      for i in 0..<m { w[i] /= lifted }
      (value, gap) = evaluate(w, tau: tau)
    }
    let minimumMu = tolerance / (100 * Double(m))
    var trial = [Double](repeating: 0, count: m)
    while gap > tolerance, steps < maxSteps {
      steps += 1
      // 3. B = √q (Â − g) on the scenarios that carry weight, scaled by W on the right.
      var rowsKept = [Int]()
      let qMax = q.max()!
      for j in 0..<n where q[j] >= 1e-18 * qMax { rowsKept.append(j) }
      let k = rowsKept.count
      var b = Matrix(rows: k, columns: m)
      op.transposed.storage.withUnsafeBufferPointer { a in
        b.storage.withUnsafeMutableBufferPointer { bp in
          for i in 0..<m {
            let (gi, wi) = (g[i], w[i])
            for (r, j) in rowsKept.enumerated() { bp[r + i * k] = (a[j + i * n] - gi) * q[j].squareRoot() * wi }
          }
        }
      }
      let scaledHessian = b.times(b, transposeSelf: true, alpha: 1 / tau)
      // 4. The scaled KKT system [W H W + μI, w; wᵀ, 0] [d̃; −ν] = [w∘g + μ; 0].
      var kkt = Matrix(rows: m + 1, columns: m + 1)
      var rhs = [Double](repeating: 0, count: m + 1)
      for j in 0..<m {
        for i in 0..<m { kkt[i, j] = scaledHessian[i, j] }
        kkt[j, j] += mu
        kkt[j, m] = w[j]
        kkt[m, j] = w[j]
        rhs[j] = w[j] * g[j] + mu
      }
      guard let lu = try? LUFactorization(kkt) else { break }
      let solution = lu.solve(rhs)
      var d = [Double](repeating: 0, count: m)
      var decrement = 0.0
      for i in 0..<m {
        d[i] = w[i] * solution[i]
        decrement += solution[i] * rhs[i]
      }
      func barrier(_ x: [Double]) -> Double { x.reduce(0) { $0 + Foundation.log($1) } }
      let phi = value + mu * barrier(w)
      let noise = 1e-14 * (1 + abs(phi))
      guard decrement.isFinite, decrement >= 0 else {
        // A decrement below zero by round-off only: centred as well as the arithmetic
        // allows, so move on along the path.
        guard decrement.isFinite, decrement > -noise, mu > minimumMu else { break }
        mu = max(min(mu * 0.1, 0.1 * gap / Double(m)), minimumMu)
        continue
      }
      // 5. Line search, staying inside the simplex.
      var alpha = 1.0
      for i in 0..<m where d[i] < 0 { alpha = min(alpha, -0.995 * w[i] / d[i]) }
      var accepted = false
      for _ in 0..<60 {
        for i in 0..<m { trial[i] = max(w[i] + alpha * d[i], Double.leastNormalMagnitude) }
        let (trialValue, _) = evaluate(trial, tau: tau)
        let trialPhi = trialValue + mu * barrier(trial)
        if decrement <= noise || trialPhi >= phi + 0.1 * alpha * decrement - noise {
          accepted = true
          break
        }
        alpha *= 0.5
      }
      guard accepted else {
        (value, gap) = evaluate(w, tau: tau)
        break
      }
      let sum = trial.reduce(0, +)
      for i in 0..<m { w[i] = trial[i] / sum }
      (value, gap) = evaluate(w, tau: tau)
      // 6. Follow the central path.
      if decrement <= mu { mu = max(min(mu * 0.1, 0.1 * gap / Double(m)), minimumMu) }
    }
    return gap
  }
}

/// `value` after `change`.
func with<T>(_ value: T, _ change: (inout T) -> Void) -> T {
  var copy = value
  change(&copy)
  return copy
}
