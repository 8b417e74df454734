// Robust weights side by side: Nash's exact worst-case LP (column generation), the core
// dense simplex on the full game, the entropic barrier Newton and exponentiated gradient,
// on experts × scenarios tables that Benchmarks/peers/weights_peers.py regenerates bit for bit.
//
//   swift build -c release --package-path Benchmarks --product WeightsSideBySide
//   OPENBLAS_NUM_THREADS=1 Benchmarks/.build/release/WeightsSideBySide [SIZES] [REPS]
//
// SIZES is a comma list of m x n (default 8x100,64x1000,256x10000); one JSON object per line.
import Foundation
import Nash
import NashRouting

/// The table generator shared with peers/weights_peers.py: a 4-factor model (as MOE.md's
/// zerosum.py) with every variate `2u − 1`, u = SplitMix64 `(next() >> 11)·2⁻⁵³`, drawn in the
/// order μ (m), loadings (m×4 row-major), factors (4×n row-major), noise (m×n row-major), then
/// scaled into [0, 1] by (A − min)/(max − min). Each entry is
/// `(μ_i + 0.1·(((l_i0 f_0j + l_i1 f_1j) + l_i2 f_2j) + l_i3 f_3j)) + 0.05·e_ij`, evaluated in that order.
func makeTable(experts m: Int, scenarios n: Int, seed: UInt64) -> [Double] {
  var rng = SplitMix64(seed: seed)
  func draw() -> Double { 2 * rng.nextUnitDouble() - 1 }
  let scales = [1.0, 0.6, 0.4, 0.3]
  let mu = (0..<m).map { _ in draw() * 0.02 }
  let load = (0..<(m * 4)).map { _ in draw() }
  var factors = [Double](repeating: 0, count: 4 * n)
  for k in 0..<4 { for j in 0..<n { factors[k * n + j] = scales[k] * draw() } }
  var a = [Double](repeating: 0, count: m * n)
  for i in 0..<m {
    for j in 0..<n {
      let l0 = load[i * 4], l1 = load[i * 4 + 1], l2 = load[i * 4 + 2], l3 = load[i * 4 + 3]
      var acc = l0 * factors[j]
      acc = acc + l1 * factors[n + j]
      acc = acc + l2 * factors[2 * n + j]
      acc = acc + l3 * factors[3 * n + j]
      let first = mu[i] + 0.1 * acc
      a[i * n + j] = first + 0.05 * draw()
    }
  }
  let lo = a.min()!, hi = a.max()!
  return a.map { ($0 - lo) / (hi - lo) }
}

/// Σ_k bits(a_k)·(2k+1) mod 2⁶⁴ over the row-major values (same in the Python peer).
func checksum(_ a: [Double]) -> String {
  var h: UInt64 = 0
  for (k, x) in a.enumerated() { h = h &+ x.bitPattern &* (2 &* UInt64(k) &+ 1) }
  return String(h, radix: 16)
}

/// Median wall time in ms of `reps` calls (one untimed warm-up), and the last result.
func measure<T>(reps: Int, _ body: () throws -> T) rethrows -> (ms: Double, result: T) {
  var result = try body()
  var samples = [Double]()
  for _ in 0..<reps {
    let start = ContinuousClock.now
    result = try body()
    let d = ContinuousClock.now - start
    samples.append(Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) * 1e-15)
  }
  samples.sort()
  return (samples[samples.count / 2], result)
}

func emit(_ fields: [String: Any]) {
  let data = try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
  print(String(decoding: data, as: UTF8.self))

}

let arguments = CommandLine.arguments
let sizes = (arguments.count > 1 ? arguments[1] : "8x100,64x1000,256x10000").split(separator: ",").map { s in
  let p = s.split(separator: "x").map { Int($0)! }
  return (p[0], p[1])
}
let reps = arguments.count > 2 ? Int(arguments[2])! : 5

for (m, n) in sizes {
  let values = makeTable(experts: m, scenarios: n, seed: UInt64(m))
  let table = try PayoffTable(values: values, experts: m, scenarios: n)
  let sum = checksum(values)
  let r = m * n >= 1_000_000 ? max(1, reps / 2) : reps
  func record(_ method: String, _ ms: Double, _ s: MinimaxSolution) {
    emit([
      "tool": "nash", "m": m, "n": n, "checksum": sum, "method": method, "ms": ms, "value": s.value,
      "lower": s.lowerBound, "upper": s.upperBound, "gap": s.gap, "iterations": s.iterations,
      "converged": s.hasConverged,
    ])
  }
  let lp = try measure(reps: r) { try robustWeights(payoff: table) }
  record("worst-case exact (column generation)", lp.ms, lp.result)
  if m * n <= 100_000 {
    // The core dense simplex on the whole game, for comparison.
    let game = try BimatrixGame(zeroSumPayoffs: table.rows)
    let full = try measure(reps: r) { try ZeroSumLP(verifiesExactly: false).solveZeroSum(game) }
    emit([
      "tool": "nash", "m": m, "n": n, "checksum": sum, "method": "worst-case full dense simplex", "ms": full.ms,
      "value": full.result.value, "lower": full.result.lowerBound, "upper": full.result.upperBound,
      "gap": full.result.gap, "iterations": full.result.iterations, "converged": full.result.hasConverged,
    ])
  }
  let entropic = try measure(reps: r) { try robustWeights(payoff: table, risk: .entropic(tau: 0.05)) }
  record("entropic tau=0.05 exact (barrier Newton)", entropic.ms, entropic.result)
  let eg = try measure(reps: r) {
    try robustWeights(payoff: table, risk: .entropic(tau: 0.05), method: .optimisticHedge(maxIterations: 500, tolerance: 1e-9))
  }
  record("entropic tau=0.05 exponentiated gradient, 500 it", eg.ms, eg.result)
  // Warm start after a small drift (±0.002 uniform), exact entropic.
  var rng = SplitMix64(seed: 99)
  let moved = try PayoffTable(values: values.map { $0 + 0.002 * (2 * rng.nextUnitDouble() - 1) }, experts: m, scenarios: n)
  let cold = try measure(reps: r) { try robustWeights(payoff: moved, risk: .entropic(tau: 0.05)) }
  let warm = try measure(reps: r) {
    try robustWeights(payoff: moved, risk: .entropic(tau: 0.05), warmStart: entropic.result)
  }
  record("entropic tau=0.05 exact after drift, cold", cold.ms, cold.result)
  record("entropic tau=0.05 exact after drift, warm", warm.ms, warm.result)
}
