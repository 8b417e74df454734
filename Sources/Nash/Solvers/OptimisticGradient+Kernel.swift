import Foundation
import NashLinearAlgebra

/// The iteration of ``OptimisticGradient`` on one zero-sum game (see there for the method
/// and its references). Payoffs are scaled into [0, 1] and centred: C = Â − mean(Â), which
/// leaves the projections, the gap and the equilibria unchanged and makes the spectral norm
/// that sets the step small.
struct OptimisticGradientKernel {
  /// C, the centred scaled payoffs.
  let c: Matrix
  /// The shift that turns C into P = Â + 1 ∈ [1, 2] for the crossover (positive value).
  let crossoverShift: Double
  let m: Int
  let n: Int
  /// η, in scaled payoff units.
  let eta: Double
  /// The base sequence (x̂, ŷ) and the predictions (x, y) with their gradients C y, Cᵀ x.
  var xHat: [Double]
  var yHat: [Double]
  var x: [Double]
  var y: [Double]
  var gx: [Double]
  var gy: [Double]
  /// The pre-projection points of the predictions, whose order ranks the strategies.
  var zx: [Double]
  var zy: [Double]
  var scratch: [Double]
  let isWarm: Bool
  /// Crossover bookkeeping: hashes of the support pairs already tried.
  var tried = Set<Int>()

  /// Power iterations for the spectral norm, and the safety factor applied to the estimate
  /// (which approaches the norm from below).
  static let powerIterations = 30
  static let normSafety = 1.05

  init(payoffs a: Matrix, lo: Double, range: Double, stepSize: Double, start: (x: [Double], y: [Double])?) {
    (m, n) = (a.rows, a.columns)
    var centred = a
    var mean = 0.0
    for k in centred.storage.indices {
      centred.storage[k] = (centred.storage[k] - lo) / range
      mean += centred.storage[k]
    }
    mean /= Double(m * n)
    for k in centred.storage.indices { centred.storage[k] -= mean }
    c = centred
    crossoverShift = mean + 1
    let norm = Self.spectralNorm(centred) * Self.normSafety
    eta = stepSize / max(norm, 1e-12)
    scratch = [Double](repeating: 0, count: max(m, n))
    isWarm = start != nil
    xHat = start?.x ?? [Double](repeating: 1 / Double(m), count: m)
    yHat = start?.y ?? [Double](repeating: 1 / Double(n), count: n)
    SimplexProjection.project(&xHat, scratch: &scratch)
    SimplexProjection.project(&yHat, scratch: &scratch)
    (x, y) = (xHat, yHat)
    (zx, zy) = (xHat, yHat)
    gx = c.times(y)
    gy = c.times(x, transposed: true)
  }

  /// Runs until the duality gap (in scaled units) is at most `target` or the budget runs
  /// out; returns the profile reached (else the one with the smallest gap seen) and the
  /// iteration count.
  mutating func run(target: Double, maxIterations: Int, crossoverInterval: Int) -> (x: [Double], y: [Double], iterations: Int) {
    var best = (gap: gap(), x: x, y: y)
    if best.gap <= target { return (x, y, 0) }
    if crossoverInterval > 0, isWarm {
      // A warm start from a nearby game usually has the right supports already.
      let attempt = crossover(target: target)
      if let point = attempt.point, point.gap < best.gap { best = point }
      if best.gap <= target { return (best.x, best.y, 0) }
    }
    var nextAttempt = crossoverInterval
    var t = 0
    while t < maxIterations {
      t += 1
      // Predict from the base point with the last gradients.
      for i in 0..<m { zx[i] = xHat[i] + eta * gx[i] }
      for j in 0..<n { zy[j] = yHat[j] - eta * gy[j] }
      (x, y) = (zx, zy)
      SimplexProjection.project(&x, scratch: &scratch)
      SimplexProjection.project(&y, scratch: &scratch)
      c.multiply(y, into: &gx)
      c.multiply(x, transposed: true, into: &gy)
      let g = gap()
      if g < best.gap { best = (g, x, y) }
      if g <= target { return (x, y, t) }
      if crossoverInterval > 0, t >= nextAttempt {
        let attempt = crossover(target: target)
        if let point = attempt.point, point.gap < best.gap { best = point }
        if best.gap <= target { return (best.x, best.y, t) }
        // Space attempts so that they cost no more than the iterations between them.
        nextAttempt = t + max(crossoverInterval, Int(attempt.cost.rounded(.up)))
      }
      // Update the base point with the new gradients.
      for i in 0..<m { xHat[i] += eta * gx[i] }
      for j in 0..<n { yHat[j] -= eta * gy[j] }
      SimplexProjection.project(&xHat, scratch: &scratch)
      SimplexProjection.project(&yHat, scratch: &scratch)
    }
    return (best.x, best.y, t)
  }

  /// `max (C y) − min (Cᵀ x)` at the current prediction.
  func gap() -> Double { gx.max()! - gy.min()! }

  /// ‖C‖₂ by power iteration on CᵀC from a fixed pseudo-random start (a lower estimate).
  static func spectralNorm(_ c: Matrix) -> Double {
    var rng = SplitMix64(seed: 0x9E37_79B9)
    var v = (0..<c.columns).map { _ in rng.nextUnitDouble() - 0.5 }
    var w = [Double](repeating: 0, count: c.rows)
    var estimate = 0.0
    for _ in 0..<powerIterations {
      let length = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
      guard length > 0 else { return estimate }
      for j in v.indices { v[j] /= length }
      c.multiply(v, into: &w)
      c.multiply(w, transposed: true, into: &v)
      estimate = v.reduce(0) { $0 + $1 * $1 }.squareRoot().squareRoot()
    }
    return estimate
  }
}
