import Foundation
import NashLinearAlgebra

/// The iteration of ``OptimisticHedge`` for a batch of k same-shape zero-sum games, run in
/// lockstep. Notation of Cen, Wei & Chi (2021), §3 ("OMWU"), with the payoffs scaled into
/// [0, 1] (Â) and strategies kept as log-weights so nothing underflows:
///
///     1. x̄ ∝ x^(1−ητ) · exp(η Â ȳ_prev),     ȳ ∝ y^(1−ητ) · exp(−η Âᵀ x̄_prev)   (predict)
///     2. gx = Â ȳ,  gy = Âᵀ x̄                                                   (2 gemv per game)
///     3. stop if the duality gap max gx − min gy (τ = 0), or the entropy-regularised gap
///        (τ > 0), is at most the target
///     4. x ∝ x^(1−ητ) · exp(η gx),           y ∝ y^(1−ητ) · exp(−η gy)            (update)
///
/// With τ = 0 this is optimistic multiplicative weights in the two-sequence form of Wei,
/// Lee, Zhang & Luo (2021), whose last iterate converges linearly when the equilibrium is
/// unique; with τ > 0 it converges linearly to the quantal-response equilibrium (Cen et al.).
struct OptimisticHedgeKernel {
  let batch: MatrixBatch
  let m: Int
  let n: Int
  let k: Int
  let eta: Double
  let tau: Double
  /// log x, log y (column g is game g), up to an additive constant per column.
  var logX: Matrix
  var logY: Matrix
  /// The predicted (midpoint) strategies, where gradients and gaps are evaluated.
  var xBar: Matrix
  var yBar: Matrix
  /// Â ȳ and Âᵀ x̄ from the last step.
  var gx: Matrix
  var gy: Matrix

  /// The weight of the uniform strategy mixed into a warm start: multiplicative weights
  /// revives a strategy of weight w only after about log(1/w)/(η·advantage) iterations,
  /// so the floor must not be tiny when the game has moved.
  static let warmStartMixing = 1e-4

  init(batch: MatrixBatch, eta: Double, tau: Double, starts: [(x: [Double], y: [Double])]) {
    self.batch = batch
    (m, n, k) = (batch.rows, batch.columns, batch.count)
    self.eta = eta
    self.tau = tau
    logX = Matrix(rows: m, columns: k)
    logY = Matrix(rows: n, columns: k)
    xBar = Matrix(rows: m, columns: k)
    yBar = Matrix(rows: n, columns: k)
    for (g, start) in starts.enumerated() {
      // Mix in a little of the uniform strategy: multiplicative weights cannot revive a
      // strategy whose weight is exactly zero.
      for i in 0..<m {
        let p = (1 - Self.warmStartMixing) * start.x[i] + Self.warmStartMixing / Double(m)
        logX[i, g] = Foundation.log(p)
        xBar[i, g] = p
      }
      for j in 0..<n {
        let p = (1 - Self.warmStartMixing) * start.y[j] + Self.warmStartMixing / Double(n)
        logY[j, g] = Foundation.log(p)
        yBar[j, g] = p
      }
    }
    gx = Matrix(rows: m, columns: k)
    gy = Matrix(rows: n, columns: k)
    batch.multiply(yBar, into: &gx)
    batch.multiply(xBar, transposed: true, into: &gy)
  }

  /// Runs until every game's gap is at most `target` (in scaled payoff units) or
  /// `maxIterations`; returns each game's iteration count and whether it converged.
  ///
  /// Every `crossoverInterval` iterations (0: never; only for τ = 0) it also tries
  /// ``crossover(_:target:)``, and stops a game whose crossover point meets the target.
  mutating func run(
    target: Double, maxIterations: Int, crossoverInterval: Int = 0, starts: [(x: [Double], y: [Double])]
  ) -> [(iterations: Int, converged: Bool)] {
    var outcome = [(iterations: Int, converged: Bool)](repeating: (maxIterations, false), count: k)
    var active = [Bool](repeating: true, count: k)
    var remaining = k
    let decay = 1 - eta * tau
    // A start that already meets the target needs no iteration.
    // A start that already meets the target needs no iteration (checked before mixing).
    for g in 0..<k {
      let x = starts[g].x, y = starts[g].y
      let a = Matrix(rows: m, columns: n, columnMajor: Array(batch.storage[(g * m * n)..<((g + 1) * m * n)]))
      let ay = a.times(y), xa = a.times(x, transposed: true)
      if ay.max()! - xa.min()! <= target {
        for i in 0..<m { xBar[i, g] = x[i] }
        for j in 0..<n { yBar[j, g] = y[j] }
        outcome[g] = (0, true)
        active[g] = false
        remaining -= 1
      } else if tau == 0, crossoverInterval > 0, let point = crossover(g, target: target) {
        for i in 0..<m { xBar[i, g] = point.x[i] }
        for j in 0..<n { yBar[j, g] = point.y[j] }
        outcome[g] = (0, true)
        active[g] = false
        remaining -= 1
      }
    }
    var t = 0
    while remaining > 0, t < maxIterations {
      t += 1
      // 1. Predict.
      for g in 0..<k where active[g] {
        Self.softmax(from: logX, column: g, decay: decay, step: eta, gradient: gx, into: &xBar)
        Self.softmax(from: logY, column: g, decay: decay, step: -eta, gradient: gy, into: &yBar)
      }
      // 2. Gradients at the prediction.
      batch.multiply(yBar, into: &gx)
      batch.multiply(xBar, transposed: true, into: &gy)
      for g in 0..<k where active[g] {
        // 3. Certificate.
        if gap(g) <= target {
          outcome[g] = (t, true)
          active[g] = false
          remaining -= 1
          continue
        }
        if tau == 0, crossoverInterval > 0, t % crossoverInterval == 0, let point = crossover(g, target: target) {
          for i in 0..<m { xBar[i, g] = point.x[i] }
          for j in 0..<n { yBar[j, g] = point.y[j] }
          outcome[g] = (t, true)
          active[g] = false
          remaining -= 1
          continue
        }
        // 4. Update the base sequence.
        Self.step(&logX, column: g, decay: decay, step: eta, gradient: gx)
        Self.step(&logY, column: g, decay: decay, step: -eta, gradient: gy)
      }
    }
    return outcome
  }

  /// The stopping quantity of game g at (x̄, ȳ): the duality gap `max Â ȳ − min Âᵀ x̄` for
  /// τ = 0, else the gap of the entropy-regularised game
  /// `f_τ(x, y) = xᵀÂy + τH(x) − τH(y)`, which is
  /// `τ·LSE(Âȳ/τ) + τ·LSE(−Âᵀx̄/τ) − τH(x̄) − τH(ȳ)` (Cen et al. 2021, §2).
  func gap(_ g: Int) -> Double {
    if tau == 0 {
      var hi = -Double.infinity, lo = Double.infinity
      for i in 0..<m { hi = max(hi, gx[i, g]) }
      for j in 0..<n { lo = min(lo, gy[j, g]) }
      return hi - lo
    }
    func logSumExp(_ v: Matrix, _ sign: Double, _ count: Int) -> Double {
      var top = -Double.infinity
      for i in 0..<count { top = max(top, sign * v[i, g] / tau) }
      var s = 0.0
      for i in 0..<count { s += Foundation.exp(sign * v[i, g] / tau - top) }
      return top + Foundation.log(s)
    }
    func entropy(_ p: Matrix, _ count: Int) -> Double {
      var h = 0.0
      for i in 0..<count where p[i, g] > 0 { h -= p[i, g] * Foundation.log(p[i, g]) }
      return h
    }
    let value =
      tau * (logSumExp(gx, 1, m) + logSumExp(gy, -1, n)) - tau * (entropy(xBar, m) + entropy(yBar, n))
    return max(0, value)
  }

  /// `out[:, g] = softmax(decay · log[:, g] + step · gradient[:, g])`.
  static func softmax(
    from log: Matrix, column g: Int, decay: Double, step: Double, gradient: Matrix, into out: inout Matrix
  ) {
    let count = log.rows
    var top = -Double.infinity
    for i in 0..<count { top = max(top, decay * log[i, g] + step * gradient[i, g]) }
    var total = 0.0
    for i in 0..<count {
      let e = Foundation.exp(decay * log[i, g] + step * gradient[i, g] - top)
      out[i, g] = e
      total += e
    }
    for i in 0..<count { out[i, g] /= total }
  }

  /// `log[:, g] = decay · log[:, g] + step · gradient[:, g]`, shifted so its maximum is 0.
  static func step(_ log: inout Matrix, column g: Int, decay: Double, step: Double, gradient: Matrix) {
    let count = log.rows
    var top = -Double.infinity
    for i in 0..<count {
      let v = decay * log[i, g] + step * gradient[i, g]
      log[i, g] = v
      top = max(top, v)
    }
    for i in 0..<count { log[i, g] -= top }
  }
}
