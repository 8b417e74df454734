import Foundation

/// Prices from Sinkhorn balancing (S-BASE: Clark et al. 2022, "Unified Scaling Laws for Routed Language
/// Models", arXiv 2202.01169; Megatron-LM `moe_utils.sinkhorn`), as in the numpy reference.
///
/// With `K = exp(s − rowmax)`, iterate `d0 = (1/T)/(K·d1 + ε)` and `d1 = (1/E)/(d0ᵀK + ε)` from `d1 = 1`
/// until the mean change of `d1` is at most `tolerance`. Top-k of `d0_i K_ij d1_j` per row equals top-k of
/// `s − β` with `β = −log d1`, so the price is `−log d1`, shifted so the cheapest expert costs 0.
/// Sinkhorn balances the whole softmax mass, not the top-k counts, so capacity still needs the repair.
/// Returns the iteration count and whether the tolerance was met.
func sinkhornPrices(
  scores s: UnsafePointer<Float>, stride: Int, tokens T: Int, experts E: Int, tolerance: Float,
  maxIterations: Int, kernel K: UnsafeMutablePointer<Float>, rowScale d0: UnsafeMutablePointer<Float>,
  columnSums: UnsafeMutablePointer<Double>, prices d1: UnsafeMutablePointer<Float>
) -> (iterations: Int, converged: Bool) {
  for i in 0..<T {
    let row = s + i * stride
    var m = -Float.infinity
    for j in 0..<E { m = max(m, row[j]) }
    let o = K + i * E
    for j in 0..<E { o[j] = expf(row[j] - m) }
  }
  for j in 0..<E { d1[j] = 1 }
  let epsilon: Float = 1e-8
  let rowTarget = 1 / Float(T), columnTarget = 1 / Float(E)
  var iterations = 0
  var converged = false
  while iterations < maxIterations {
    iterations += 1
    for j in 0..<E { columnSums[j] = 0 }
    for i in 0..<T {
      let o = K + i * E
      var dot: Float = 0
      for j in 0..<E { dot += o[j] * d1[j] }
      let r = rowTarget / (dot + epsilon)
      d0[i] = r
      let rd = Double(r)
      for j in 0..<E { columnSums[j] += rd * Double(o[j]) }
    }
    var change: Double = 0
    for j in 0..<E {
      let updated = columnTarget / (Float(columnSums[j]) + epsilon)
      change += Double(abs(updated - d1[j]))
      d1[j] = updated
    }
    if change / Double(E) <= Double(tolerance) {
      converged = true
      break
    }
  }
  // β = −log d1, shifted so that min β = 0.
  var smallest = Float.infinity
  for j in 0..<E {
    d1[j] = -logf(d1[j])
    smallest = min(smallest, d1[j])
  }
  for j in 0..<E { d1[j] -= smallest }
  return (iterations, converged)
}
