/// Euclidean projection onto the probability simplex, the proximal step of
/// ``OptimisticGradient``: `Π(v) = argmin_{p ≥ 0, 1ᵀp = 1} ‖p − v‖₂`, which is
/// `p_i = max(v_i − θ, 0)` for the unique θ with `Σ max(v_i − θ, 0) = 1`.
///
/// θ is found by sorting v in decreasing order and taking the largest ρ with
/// `u_ρ > (Σ_{i≤ρ} u_i − 1)/ρ` (Held, Wolfe & Crowder 1974, "Validation of subgradient
/// optimization", *Mathematical Programming* 6, https://doi.org/10.1007/BF01580223; in this
/// form Duchi, Shalev-Shwartz, Singer & Chandra 2008, "Efficient projections onto the
/// ℓ1-ball for learning in high dimensions", ICML, Fig. 1,
/// https://doi.org/10.1145/1390156.1390191). Unlike a multiplicative-weights step it
/// produces exact zeros, which is what lets the crossover read the supports off the iterate.
///
/// - Complexity: O(n log n) time (the sort), no allocation: `scratch` holds the sorted copy.
enum SimplexProjection {
  /// Projects `v` onto the simplex in place, using `scratch` (at least `v.count` long).
  static func project(_ v: inout [Double], scratch: inout [Double]) {
    let n = v.count
    precondition(scratch.count >= n, "the projection's scratch buffer is too short")
    v.withUnsafeMutableBufferPointer { p in
      scratch.withUnsafeMutableBufferPointer { s in
        for i in 0..<n { s[i] = p[i] }
        var sorted = UnsafeMutableBufferPointer(rebasing: s[0..<n])
        sorted.sort(by: >)
        var cumulative = 0.0
        var theta = sorted[0] - 1
        for r in 0..<n {
          cumulative += sorted[r]
          let candidate = (cumulative - 1) / Double(r + 1)
          if sorted[r] > candidate { theta = candidate } else { break }
        }
        for i in 0..<n { p[i] = max(p[i] - theta, 0) }
      }
    }
  }
}
