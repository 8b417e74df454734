import Foundation

/// Gate weights from the unbiased scores at the chosen experts (DeepSeek-V3 `Gate.forward`, llama.cpp
/// `build_moe_ffn`) for the per-expert score functions: `score(x)` gathered at the ids, divided by their
/// sum if `renormalize`, times `routeScale`. Dropped slots (−1) weigh 0. Writes the weights of `rows`
/// only. Softmax weights (vLLM `fused_topk`) are C, `nash_rk_token_outputs`: with renormalisation the
/// softmax denominator cancels, so only the k chosen logits are exponentiated (relative to their maximum).
func gateWeights(
  logits x: UnsafePointer<Float>, stride: Int, rows: Range<Int>, experts E: Int, k: Int,
  ids: UnsafePointer<Int32>, weights w: UnsafeMutablePointer<Float>, score: ScoreFunction, renormalize: Bool,
  routeScale: Float
) {
  for t in rows {
    let row = x + t * stride
    let id = ids + t * k
    let out = w + t * k
    switch score {
    case .softmax:
      preconditionFailure("softmax gate weights are computed by nash_rk_token_outputs")
    case .sigmoid:
      for q in 0..<k { out[q] = id[q] >= 0 ? sigmoid(row[Int(id[q])]) : 0 }
    case .sqrtSoftplus:
      for q in 0..<k { out[q] = id[q] >= 0 ? sqrtSoftplus(row[Int(id[q])]) : 0 }
    case .identity:
      for q in 0..<k { out[q] = id[q] >= 0 ? max(row[Int(id[q])], 0) : 0 }
    }
    if renormalize {
      var sum: Float = 0
      for q in 0..<k { sum += out[q] }
      let factor = sum > 0 ? routeScale / sum : 0
      for q in 0..<k { out[q] *= factor }
    } else if routeScale != 1 {
      for q in 0..<k { out[q] *= routeScale }
    }
  }
}

@inline(__always)
func sigmoid(_ v: Float) -> Float {
  v >= 0 ? 1 / (1 + expf(-v)) : expf(v) / (1 + expf(v))
}

@inline(__always)
func sqrtSoftplus(_ v: Float) -> Float {
  (max(v, 0) + log1pf(expf(-abs(v)))).squareRoot()
}

/// The selection scores `score(x)` for price space `.scores`, row by row into `out` (stride `E`).
func applyScoreFunction(
  logits x: UnsafePointer<Float>, stride: Int, tokens T: Int, experts E: Int, score: ScoreFunction,
  into out: UnsafeMutablePointer<Float>
) {
  for t in 0..<T {
    let row = x + t * stride
    let o = out + t * E
    switch score {
    case .softmax:
      var m = -Float.infinity
      for j in 0..<E { m = max(m, row[j]) }
      var sum: Float = 0
      for j in 0..<E {
        o[j] = expf(row[j] - m)
        sum += o[j]
      }
      let inverse = 1 / sum
      for j in 0..<E { o[j] *= inverse }
    case .sigmoid:
      for j in 0..<E { o[j] = sigmoid(row[j]) }
    case .sqrtSoftplus:
      for j in 0..<E { o[j] = sqrtSoftplus(row[j]) }
    case .identity:
      for j in 0..<E { o[j] = row[j] }
    }
  }
}
