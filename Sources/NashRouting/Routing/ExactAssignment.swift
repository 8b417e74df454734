/// The exact optimum of capacity-constrained top-k routing, by successive shortest paths on the
/// min-cost-flow network (Busacker & Gowen 1960; Ahuja, Magnanti & Orlin 1993, §9.7).
///
/// The LP `max Σ s_ij x_ij, Σ_j x_ij = k, Σ_i x_ij ≤ C_j, 0 ≤ x ≤ 1` is a transportation problem with a
/// totally unimodular matrix, so an integral optimum exists. Start from every token's unconstrained
/// top-k: that flow is optimal for its supplies (each token holds its best experts) but overfull
/// experts carry excess. Each step sends one unit of excess along a shortest path to an expert with room
/// in the residual network contracted onto the experts: an edge `a → b` moves a token holding `a` but
/// not `b` to `b`, at cost `min_t (s_ta − s_tb)`. Bellman–Ford handles the negative edges that appear;
/// shortest augmentations keep the flow optimal for its supplies, so when no excess remains it is optimal.
/// The number of augmentations is the initial overflow, each `O(T·k·E + E³)`.
///
/// Why this method: the expert side is small, so contracting onto experts gives a dense E-node graph and
/// an exact, simple solver without a general LP; it is meant for small `T·E` and for tests.
///
/// Prices: `β_a` = the length of a shortest path from `a` to an expert with room (0 there), which makes
/// every token's assignment a top-k of `s − β` and gives `β_j > 0` only to full experts, so `D(β) = P`
/// (strong duality, Shapley & Shubik 1971). Experts that cannot reach one with room get potentials
/// among themselves, shifted to satisfy every edge; finally the cheapest expert is shifted to 0.
struct ExactAssignment {
  var scores: UnsafePointer<Float>
  var stride: Int
  var tokens: Int
  var experts: Int
  var k: Int
  var capacities: UnsafePointer<Int>

  @inline(__always)
  private func s(_ t: Int, _ j: Int) -> Double { Double(scores[t * stride + j]) }

  /// Fills `ids` (T·k), `load` and `prices`; returns the number of augmentations and of dropped slots
  /// (only when the capacities cannot hold `T·k` slots).
  func run(ids: UnsafeMutablePointer<Int32>, load: UnsafeMutablePointer<Int32>, prices: UnsafeMutablePointer<Float>)
    -> (augmentations: Int, dropped: Int)
  {
    let T = tokens, E = experts
    var held = [Bool](repeating: false, count: T * E)
    for j in 0..<E { load[j] = 0 }
    // 1. Unconstrained top-k per token (ties to the lower index).
    var order = Array(0..<E)
    for t in 0..<T {
      order.sort { a, b in s(t, a) > s(t, b) || (s(t, a) == s(t, b) && a < b) }
      for q in 0..<k {
        ids[t * k + q] = Int32(order[q])
        held[t * E + order[q]] = true
        load[order[q]] += 1
      }
    }
    var w = [Double](repeating: 0, count: E * E)
    var via = [Int](repeating: -1, count: E * E)
    func buildEdges() {
      for i in 0..<(E * E) {
        w[i] = .infinity
        via[i] = -1
      }
      for t in 0..<T {
        for q in 0..<k {
          let a = Int(ids[t * k + q])
          guard a >= 0 else { continue }
          let sa = s(t, a)
          for b in 0..<E where !held[t * E + b] {
            let v = sa - s(t, b)
            if v < w[a * E + b] {
              w[a * E + b] = v
              via[a * E + b] = t
            }
          }
        }
      }
    }
    var dist = [Double](repeating: 0, count: E)
    var pred = [Int](repeating: -1, count: E)
    var augmentations = 0
    // 2. Successive shortest paths from the overfull experts to experts with room.
    while (0..<E).contains(where: { Int(load[$0]) > capacities[$0] }) {
      buildEdges()
      for j in 0..<E {
        dist[j] = Int(load[j]) > capacities[j] ? 0 : .infinity
        pred[j] = -1
      }
      for _ in 0..<E {
        var changed = false
        for a in 0..<E where dist[a] < .infinity {
          for b in 0..<E where w[a * E + b] < .infinity {
            let d = dist[a] + w[a * E + b]
            if d < dist[b] {
              dist[b] = d
              pred[b] = a
              changed = true
            }
          }
        }
        if !changed { break }
      }
      var target = -1
      for b in 0..<E where Int(load[b]) < capacities[b] && dist[b] < .infinity {
        if target < 0 || dist[b] < dist[target] { target = b }
      }
      guard target >= 0 else { break }
      var b = target
      var steps = 0
      while pred[b] >= 0 && steps < E {
        let a = pred[b]
        let t = via[a * E + b]
        for q in 0..<k where ids[t * k + q] == Int32(a) { ids[t * k + q] = Int32(b) }
        held[t * E + a] = false
        held[t * E + b] = true
        b = a
        steps += 1
      }
      load[b] -= 1
      load[target] += 1
      augmentations += 1
    }
    // 3. Capacities too small for T·k: drop the lowest-scoring excess slots.
    var dropped = 0
    for j in 0..<E where Int(load[j]) > capacities[j] {
      var holders: [(score: Double, position: Int)] = []
      for t in 0..<T {
        for q in 0..<k where ids[t * k + q] == Int32(j) { holders.append((s(t, j), t * k + q)) }
      }
      holders.sort { $0.score < $1.score || ($0.score == $1.score && $0.position > $1.position) }
      for h in holders.prefix(Int(load[j]) - capacities[j]) {
        held[(h.position / k) * E + j] = false
        ids[h.position] = -1
        dropped += 1
      }
      load[j] = Int32(capacities[j])
    }
    // 4. Prices: distances to the experts with room.
    buildEdges()
    var beta = [Double](repeating: .infinity, count: E)
    for j in 0..<E where Int(load[j]) < capacities[j] { beta[j] = 0 }
    relax(&beta, w, E, restrictedTo: nil)
    let unreachable = (0..<E).filter { beta[$0] == .infinity }
    if !unreachable.isEmpty {
      var inside = [Bool](repeating: false, count: E)
      for u in unreachable {
        inside[u] = true
        beta[u] = 0
      }
      relax(&beta, w, E, restrictedTo: inside)
      var shift = 0.0
      for u in unreachable {
        shift = max(shift, -beta[u])
        for c in 0..<E where !inside[c] && w[c * E + u] < .infinity {
          shift = max(shift, beta[c] - w[c * E + u] - beta[u])
        }
      }
      for u in unreachable { beta[u] += shift }
    }
    let smallest = beta.min() ?? 0
    for j in 0..<E { prices[j] = Float(beta[j] - smallest) }
    return (augmentations, dropped)
  }

  /// Bellman–Ford relaxation `β_a ← min(β_a, w_ab + β_b)`, over the nodes marked `inside` if given.
  private func relax(_ beta: inout [Double], _ w: [Double], _ E: Int, restrictedTo inside: [Bool]?) {
    for _ in 0..<E {
      var changed = false
      for a in 0..<E where inside?[a] ?? true {
        for b in 0..<E where (inside?[b] ?? true) && beta[b] < .infinity && w[a * E + b] < .infinity {
          let d = w[a * E + b] + beta[b]
          if d < beta[a] {
            beta[a] = d
            changed = true
          }
        }
      }
      if !changed { break }
    }
  }
}
