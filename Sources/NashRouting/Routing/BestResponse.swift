/// The tokens' best response to prices: per row, the top-k of `s − β` by partial insertion.
///
/// Each row keeps a sorted buffer of its `k + 1` best reduced scores; an entry enters only when it beats
/// the current (k+1)-th, so for `k ≪ E` a row costs about `E` subtractions and comparisons and no sort
/// of `E` values. Ties go to the lower expert index (an equal value never displaces an earlier one).
///
/// Besides the ids and the load, one pass yields everything the dual needs: the midpoint
/// `α_i = (r_(k) + r_(k+1))/2` of the k-th and (k+1)-th largest reduced scores (the token's outside
/// option in the block-coordinate step, MOE.md §7.1), the (k+1)-th value itself (the repair's surplus
/// reference), and `Σ_top-k (s − β)` in `Double` for the dual objective. With `collect`, the same pass
/// also stores, per column `j`, every `s_ij − α_i` above `lower[j]` (the candidates of the next
/// column step), while the row is still in cache.
struct BestResponsePass {
  var scores: UnsafePointer<Float>
  var stride: Int
  var tokens: Int
  var experts: Int
  var k: Int

  struct Collector {
    var lower: UnsafePointer<Float>
    var buffer: UnsafeMutablePointer<Float>
    var counts: UnsafeMutablePointer<Int>
  }

  /// Runs the pass; returns the smallest k-th largest reduced score over all rows (for the dual shift).
  @discardableResult
  func run(
    prices beta: UnsafePointer<Float>, ids: UnsafeMutablePointer<Int32>, load: UnsafeMutablePointer<Int32>,
    alpha: UnsafeMutablePointer<Float>?, outside: UnsafeMutablePointer<Float>?,
    topSums: UnsafeMutablePointer<Double>?, collector: Collector?,
    values: UnsafeMutablePointer<Float>, indices: UnsafeMutablePointer<Int32>,
    rows: Range<Int>? = nil
  ) -> Float {
    let E = experts, k = k, T = tokens
    let m = min(k + 1, E)
    var minKth = Float.infinity
    if let collector {
      for j in 0..<E { collector.counts[j] = 0 }
    }
    let reduced = values + (E + 1)
    let candidateValues = values + (2 * E + 1)
    let candidateIndices = indices + (E + 1)
    let blockSize = E / m
    // With E a multiple of 8 and at least m chunks of 8, steps 1–3 run on SIMD8 lanes with a tighter θ
    // (the m-th largest of the chunk maxima, so far fewer candidates at k = 8), and the compaction skips
    // chunks with no lane ≥ θ. The top m of the candidates does not depend on θ as long as at least m
    // entries reach it, so both paths return the same ids.
    let chunks = E % 8 == 0 ? E / 8 : 0
    let vectorised = chunks >= m
    for i in rows ?? 0..<T {
      let row = scores + i * stride
      var n = 0
      if vectorised {
        // 1–2. Reduced scores and the maximum of every chunk of 8 (kept where the candidates go next);
        //      θ = the m-th largest chunk maximum: m chunks reach it, so at least m entries do.
        let chunkMaxima = candidateValues
        for c in 0..<chunks {
          let r = UnsafeRawPointer(row + 8 * c).loadUnaligned(as: SIMD8<Float>.self)
            - UnsafeRawPointer(beta + 8 * c).loadUnaligned(as: SIMD8<Float>.self)
          UnsafeMutableRawPointer(reduced + 8 * c).storeBytes(of: r, as: SIMD8<Float>.self)
          chunkMaxima[c] = horizontalMax(r)
        }
        var top = 0
        for c in 0..<chunks {
          let v = chunkMaxima[c]
          if top == m {
            if !(v > values[m - 1]) { continue }
          } else {
            top += 1
          }
          var p = top - 1
          while p > 0 && v > values[p - 1] {
            values[p] = values[p - 1]
            p -= 1
          }
          values[p] = v
        }
        let theta = values[m - 1]
        // 3. Compaction of the candidates, in index order, chunk by chunk.
        let threshold = SIMD8<Float>(repeating: theta)
        for c in 0..<chunks {
          let r = UnsafeRawPointer(reduced + 8 * c).loadUnaligned(as: SIMD8<Float>.self)
          let mask = r .>= threshold
          guard any(mask) else { continue }
          for lane in 0..<8 {
            candidateValues[n] = r[lane]
            candidateIndices[n] = Int32(truncatingIfNeeded: 8 * c + lane)
            n &+= mask[lane] ? 1 : 0
          }
        }
      } else {
        // 1. Reduced scores r = s − β.
        for j in 0..<E { reduced[j] = row[j] - beta[j] }
        // 2. A threshold θ that at least m entries reach: the smallest of the maxima of m blocks.
        //    Every top-m entry is ≥ θ, so the top m of the candidates ≥ θ is exact (ties included).
        var theta = Float.infinity
        for b in 0..<m {
          let start = b * blockSize, end = b == m - 1 ? E : start + blockSize
          var blockMax = reduced[start]
          for j in (start + 1)..<max(start + 1, end) { blockMax = reduced[j] > blockMax ? reduced[j] : blockMax }
          theta = blockMax < theta ? blockMax : theta
        }
        // 3. Branch-free compaction of the candidates, in index order.
        for j in 0..<E {
          let v = reduced[j]
          candidateValues[n] = v
          candidateIndices[n] = Int32(truncatingIfNeeded: j)
          n &+= Int(truncatingIfNeeded: unsafeBitCast(v >= theta, to: UInt8.self))
        }
      }
      // 4. Insertion of the candidates into the sorted top m (stable: ties keep the lower index first).
      var filled = 0
      for c in 0..<n {
        let v = candidateValues[c]
        if filled == m {
          if !(v > values[m - 1]) { continue }
        } else {
          filled += 1
        }
        var p = filled - 1
        while p > 0 && v > values[p - 1] {
          values[p] = values[p - 1]
          indices[p] = indices[p - 1]
          p -= 1
        }
        values[p] = v
        indices[p] = candidateIndices[c]
      }
      // 3. Outputs.
      let out = ids + i * k
      var sum = 0.0
      for q in 0..<k {
        let e = indices[q]
        out[q] = e
        load[Int(e)] &+= 1
        sum += Double(row[Int(e)]) - Double(beta[Int(e)])
      }
      topSums?[i] = sum
      if values[k - 1] < minKth { minKth = values[k - 1] }
      let a: Float = k < E ? 0.5 * (values[k - 1] + values[k]) : -.infinity
      alpha?[i] = a
      outside?[i] = k < E ? values[k] : 0
      if let collector, k < E {
        let lower = collector.lower, buffer = collector.buffer, counts = collector.counts
        var start = 0
        if chunks > 0 {
          // Most chunks hold no candidate: test eight columns at once, then store the few that pass.
          let shift = SIMD8<Float>(repeating: a)
          for c in 0..<chunks {
            let v = UnsafeRawPointer(row + 8 * c).loadUnaligned(as: SIMD8<Float>.self) - shift
            let mask = v .> UnsafeRawPointer(lower + 8 * c).loadUnaligned(as: SIMD8<Float>.self)
            guard any(mask) else { continue }
            for lane in 0..<8 where mask[lane] {
              let j = 8 * c + lane
              buffer[j &* T &+ counts[j]] = v[lane]
              counts[j] &+= 1
            }
          }
          start = 8 * chunks
        }
        for j in start..<E {
          let v = row[j] - a
          if v > lower[j] {
            buffer[j &* T &+ counts[j]] = v
            counts[j] &+= 1
          }
        }
      }
    }
    return minKth
  }
}

/// The largest lane, by halving (three vector maxima instead of seven scalar comparisons).
@inline(__always)
func horizontalMax(_ v: SIMD8<Float>) -> Float {
  let h4 = v.lowHalf.replacing(with: v.highHalf, where: v.highHalf .> v.lowHalf)
  let h2 = h4.lowHalf.replacing(with: h4.highHalf, where: h4.highHalf .> h4.lowHalf)
  return h2.x > h2.y ? h2.x : h2.y
}

/// The value `nth` places down in descending order (0-based), found by quickselect (Hoare 1961,
/// "Algorithm 65: Find", CACM 4(7)) with a median-of-three pivot. Afterwards `a[0..<nth] ≥ a[nth] ≥
/// a[nth+1..<n]`. Expected O(n).
func selectDescending(_ a: UnsafeMutablePointer<Float>, count n: Int, nth: Int) -> Float {
  var lo = 0, hi = n - 1
  while hi > lo {
    let mid = lo + (hi - lo) / 2
    if a[mid] > a[lo] { swapAt(a, lo, mid) }
    if a[hi] > a[lo] { swapAt(a, lo, hi) }
    if a[hi] > a[mid] { swapAt(a, mid, hi) }
    let pivot = a[mid]
    var i = lo, j = hi
    while i <= j {
      while a[i] > pivot { i += 1 }
      while a[j] < pivot { j -= 1 }
      if i <= j {
        swapAt(a, i, j)
        i += 1
        j -= 1
      }
    }
    if nth <= j {
      hi = j
    } else if nth >= i {
      lo = i
    } else {
      break
    }
  }
  return a[nth]
}

@inline(__always)
private func swapAt(_ a: UnsafeMutablePointer<Float>, _ i: Int, _ j: Int) {
  let t = a[i]
  a[i] = a[j]
  a[j] = t
}
