/// Makes a top-k proposal capacity-feasible without dropping, following the numpy reference `repair`
/// (MOE.md §7.1).
///
/// 1. Every overfull expert keeps the proposals with the highest surplus `s_tj − β_j − r_t,(k+1)`
///    (the token's gain over its outside option; ties by token, then slot order).
/// 2. Each rejected slot proposes to its token's best expert (by `s − β`, ties to the lower index) that it
///    does not hold and that had room at the start of the round; proposals are accepted the same way;
///    repeat until every slot is placed.
/// 3. A slot whose token already holds every expert with room takes a full expert `j` from a token `b`
///    that moves on to an expert `e` with room (a length-2 augmenting path, best gain
///    `r_aj + r_be − r_bj`); only if none exists is the slot dropped.
///
/// This is a deferred-acceptance pass in the spirit of Gale & Shapley (1962) on the priced market.
struct CapacityRepair {
  var scores: UnsafePointer<Float>
  var stride: Int
  var tokens: Int
  var experts: Int
  var k: Int
  var prices: UnsafePointer<Float>
  var outside: UnsafePointer<Float>
  var capacities: UnsafePointer<Int>

  @inline(__always)
  private func reduced(_ t: Int, _ j: Int) -> Float { scores[t * stride + j] - prices[j] }

  @inline(__always)
  private func holds(_ ids: UnsafeMutablePointer<Int32>, _ t: Int, _ j: Int) -> Bool {
    let row = ids + t * k
    let held = Int32(truncatingIfNeeded: j), proposed = -2 - held
    for q in 0..<k where row[q] == held || row[q] == proposed { return true }
    return false
  }

  /// Repairs `ids` in place; `load` holds the proposal's load on entry and the final load on exit.
  /// Returns the number of rerouted and dropped slots.
  func run(
    ids: UnsafeMutablePointer<Int32>, load: UnsafeMutablePointer<Int32>, remaining: UnsafeMutablePointer<Int>,
    workspace ws: RoutingWorkspace
  ) -> (rerouted: Int, dropped: Int) {
    let T = tokens, E = experts
    // Round 1: experts within capacity accept everything.
    var anyOverfull = false
    for j in 0..<E {
      remaining[j] = capacities[j] - Int(load[j])
      if remaining[j] < 0 { anyOverfull = true }
    }
    guard anyOverfull else { return (0, 0) }
    ws.order.removeAll(keepingCapacity: true)
    ws.surplus.removeAll(keepingCapacity: true)
    for p in 0..<(T * k) {
      let e = Int(ids[p])
      if remaining[e] < 0 {
        ws.order.append(p)
      }
    }
    ws.pending.removeAll(keepingCapacity: true)
    acceptBest(positions: ws.order, experts: ids, remaining: remaining, accepted: nil, rejected: &ws.pending, ws: ws)
    var rerouted = 0
    var dropped = 0
    var choiceValues: [Float] = []
    var choiceIndices: [Int32] = []
    while !ws.pending.isEmpty {
      ws.pending.sort()
      // Snapshot of which experts had room at the start of the round.
      var proposals: [(position: Int, expert: Int32)] = []
      var g = 0
      while g < ws.pending.count {
        let t = ws.pending[g] / k
        var h = g
        while h < ws.pending.count && ws.pending[h] / k == t { h += 1 }
        let m = h - g
        // The m best admissible experts of token t.
        choiceValues.removeAll(keepingCapacity: true)
        choiceIndices.removeAll(keepingCapacity: true)
        for j in 0..<E where remaining[j] > 0 && !holds(ids, t, j) {
          let v = reduced(t, j)
          if choiceValues.count == m && !(v > choiceValues[m - 1]) { continue }
          if choiceValues.count == m {
            choiceValues.removeLast()
            choiceIndices.removeLast()
          }
          var p = choiceValues.count
          while p > 0 && v > choiceValues[p - 1] { p -= 1 }
          choiceValues.insert(v, at: p)
          choiceIndices.insert(Int32(truncatingIfNeeded: j), at: p)
        }
        for r in 0..<m {
          let position = ws.pending[g + r]
          if r < choiceIndices.count {
            // Tentative until accepted: encoded as −2 − e so that `holds` sees it and `augment` skips it.
            proposals.append((position, choiceIndices[r]))
            ids[position] = -2 - choiceIndices[r]
          } else if augment(token: t, position: position, ids: ids, remaining: remaining) {
            rerouted += 1
          } else {
            dropped += 1
          }
        }
        g = h
      }
      // Accept the new proposals per expert by surplus.
      ws.order.removeAll(keepingCapacity: true)
      for (position, e) in proposals {
        ids[position] = e
        ws.order.append(position)
      }
      var accepted = 0
      var rejected: [Int] = []
      acceptBest(positions: ws.order, experts: ids, remaining: remaining, accepted: &accepted, rejected: &rejected, ws: ws)
      rerouted += accepted
      ws.pending = rejected
    }
    for j in 0..<E { load[j] = 0 }
    for p in 0..<(T * k) where ids[p] >= 0 { load[Int(ids[p])] &+= 1 }
    return (rerouted, dropped)
  }

  /// Among `positions` (whose proposed expert is in `ids`), each expert accepts its `remaining` best by
  /// surplus (ties in list order); rejected positions are reset to −1 and listed.
  private func acceptBest(
    positions: [Int], experts ids: UnsafeMutablePointer<Int32>, remaining: UnsafeMutablePointer<Int>,
    accepted: UnsafeMutablePointer<Int>?, rejected: inout [Int], ws: RoutingWorkspace
  ) {
    var keyed: [(expert: Int32, surplus: Float, rank: Int)] = []
    keyed.reserveCapacity(positions.count)
    for (rank, p) in positions.enumerated() {
      let t = p / k, e = Int(ids[p])
      keyed.append((ids[p], reduced(t, e) - outside[t], rank))
    }
    keyed.sort { a, b in
      if a.expert != b.expert { return a.expert < b.expert }
      if a.surplus != b.surplus { return a.surplus > b.surplus }
      return a.rank < b.rank
    }
    var i = 0
    var count = 0
    while i < keyed.count {
      let e = Int(keyed[i].expert)
      var h = i
      while h < keyed.count && Int(keyed[h].expert) == e { h += 1 }
      // `remaining` here counts room before this group (round 1: negative = overfull by that much).
      let room = positions.count == 0 ? 0 : roomFor(e, groupSize: h - i, remaining: remaining)
      for q in i..<h {
        let p = positions[keyed[q].rank]
        if q - i < room {
          count += 1
        } else {
          ids[p] = -1
          rejected.append(p)
        }
      }
      remaining[e] -= min(room, h - i)
      i = h
    }
    accepted?.pointee = count
  }

  /// Room of expert `e` for a group of proposals. In round 1 the group is the expert's whole load and
  /// `remaining = C − load < 0`, so the room is `C`; later `remaining` is the free capacity.
  private func roomFor(_ e: Int, groupSize: Int, remaining: UnsafeMutablePointer<Int>) -> Int {
    if remaining[e] < 0 {
      // Round 1: the whole load proposed; restore the free capacity first.
      remaining[e] += groupSize
      return max(0, remaining[e])
    }
    return max(0, remaining[e])
  }

  /// Token `t` holds every expert with room: take a full expert `j` it does not hold from the token `b`
  /// that loses least by moving on to an expert `e` with room (best `r_tj + r_be − r_bj`).
  private func augment(
    token a: Int, position: Int, ids: UnsafeMutablePointer<Int32>, remaining: UnsafeMutablePointer<Int>
  ) -> Bool {
    let T = tokens, E = experts
    var best: (gain: Float, j: Int, b: Int, slot: Int, e: Int)? = nil
    var anyRoom = false
    for e in 0..<E where remaining[e] > 0 { anyRoom = true; break }
    guard anyRoom else { return false }
    for b in 0..<T where b != a {
      let row = ids + b * k
      for slot in 0..<k {
        let j = Int(row[slot])
        guard j >= 0, remaining[j] <= 0, !holds(ids, a, j) else { continue }
        let base = reduced(a, j) - reduced(b, j)
        for e in 0..<E where remaining[e] > 0 && !holds(ids, b, e) {
          let gain = base + reduced(b, e)
          if best == nil || gain > best!.gain { best = (gain, j, b, slot, e) }
        }
      }
    }
    guard let best else { return false }
    ids[best.b * k + best.slot] = Int32(truncatingIfNeeded: best.e)
    ids[position] = Int32(truncatingIfNeeded: best.j)
    remaining[best.e] -= 1
    return true
  }
}

/// Switch/GShard capacity dropping (Fedus et al. 2021; Lepikhin et al. 2020): all first choices in
/// token order, then all second choices, and so on; a slot over its expert's capacity becomes −1.
/// Returns the number of dropped slots and leaves the final load in `load`.
func greedyDrop(
  ids: UnsafeMutablePointer<Int32>, tokens T: Int, experts E: Int, k: Int, capacities: UnsafePointer<Int>,
  load: UnsafeMutablePointer<Int32>
) -> Int {
  for j in 0..<E { load[j] = 0 }
  var dropped = 0
  for q in 0..<k {
    for t in 0..<T {
      let p = t * k + q
      let e = Int(ids[p])
      guard e >= 0 else { continue }
      if Int(load[e]) < capacities[e] {
        load[e] &+= 1
      } else {
        ids[p] = -1
        dropped += 1
      }
    }
  }
  return dropped
}

/// Orders each token's ids by reduced score `s − β` (best first, ties to the lower index, −1 last).
func sortSlotsByReducedScore(
  ids: UnsafeMutablePointer<Int32>, scores: UnsafePointer<Float>, stride: Int, tokens T: Int, k: Int,
  prices: UnsafePointer<Float>
) {
  guard k > 1 else { return }
  for t in 0..<T {
    let row = ids + t * k
    let s = scores + t * stride
    for q in 1..<k {
      let e = row[q]
      var p = q
      while p > 0 && precedes(e, row[p - 1], s, prices) {
        row[p] = row[p - 1]
        p -= 1
      }
      row[p] = e
    }
  }
}

@inline(__always)
private func precedes(_ a: Int32, _ b: Int32, _ s: UnsafePointer<Float>, _ prices: UnsafePointer<Float>) -> Bool {
  if a < 0 { return false }
  if b < 0 { return true }
  let va = s[Int(a)] - prices[Int(a)], vb = s[Int(b)] - prices[Int(b)]
  return va > vb || (va == vb && a < b)
}
