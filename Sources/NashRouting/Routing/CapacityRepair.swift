import NashRoutingKernels

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
  /// Each slot's reduced score `s − β` in the proposal, as the best-response pass computed it (the same
  /// float as `reduced(t, ids[p])`), or nil to read the scores.
  var slotValues: UnsafePointer<Float>? = nil

  /// How many pending entries ahead the proposal scan prefetches rows.
  private static let ahead = 4

  @inline(__always)
  private func reduced(_ t: Int, _ j: Int) -> Float { scores[t * stride + j] - prices[j] }

  @inline(__always)
  private func holds(_ ids: UnsafeMutablePointer<Int32>, _ t: Int, _ j: Int) -> Bool {
    let row = ids + t * k
    let held = Int32(truncatingIfNeeded: j), proposed = -2 - held
    for q in 0..<k where row[q] == held || row[q] == proposed { return true }
    return false
  }

  /// Repairs `ids` in place; `load` holds the proposal's load on entry and the final load on exit;
  /// `changed[t]` is set to 1 for every token whose ids change. Returns the number of rerouted and
  /// dropped slots.
  func run(
    ids: UnsafeMutablePointer<Int32>, load: UnsafeMutablePointer<Int32>, remaining: UnsafeMutablePointer<Int>,
    changed: UnsafeMutablePointer<UInt8>, workspace ws: RoutingWorkspace
  ) -> (rerouted: Int, dropped: Int) {
    let T = tokens, E = experts
    // Round 1: experts within capacity accept everything.
    var anyOverfull = false
    for j in 0..<E {
      remaining[j] = capacities[j] - Int(load[j])
      if remaining[j] < 0 { anyOverfull = true }
    }
    guard anyOverfull else { return (0, 0) }
    ws.pending.removeAll(keepingCapacity: true)
    rejectOverflow(ids: ids, load: load, remaining: remaining, rejected: &ws.pending, ws: ws)
    // Every later change is to a token with a rejected slot, or to the token an augmenting path moves.
    for p in ws.pending { changed[p / k] = 1 }
    var rerouted = 0
    var dropped = 0
    var choiceValues: [Float] = []
    var choiceIndices: [Int32] = []
    // The experts with room, in index order (refreshed each round and after an augmenting path), and
    // a table of the experts the current token holds or has proposed to.
    let held = ws.held.reserve(E)
    for j in 0..<E { held[j] = false }
    while !ws.pending.isEmpty {
      ws.pending.sort()
      // Snapshot of which experts had room at the start of the round.
      ws.room.removeAll(keepingCapacity: true)
      for j in 0..<E where remaining[j] > 0 { ws.room.append(j) }
      var proposals: [(position: Int, expert: Int32)] = []
      var g = 0
      while g < ws.pending.count {
        let t = ws.pending[g] / k
        // The rows of the tokens a few entries ahead (random rows, long out of cache).
        if g + Self.ahead < ws.pending.count {
          nash_rk_prefetch(scores + (ws.pending[g + Self.ahead] / k) * stride, experts * MemoryLayout<Float>.stride)
        }
        var h = g
        while h < ws.pending.count && ws.pending[h] / k == t { h += 1 }
        let m = h - g
        // The m best admissible experts of token t (with room, not held), in index order.
        choiceValues.removeAll(keepingCapacity: true)
        choiceIndices.removeAll(keepingCapacity: true)
        let row = ids + t * k
        for q in 0..<k {
          let v = Int(row[q])
          if v >= 0 { held[v] = true } else if v <= -2 { held[-2 - v] = true }
        }
        for j in ws.room where !held[j] {
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
        for q in 0..<k {
          let v = Int(row[q])
          if v >= 0 { held[v] = false } else if v <= -2 { held[-2 - v] = false }
        }
        for r in 0..<m {
          let position = ws.pending[g + r]
          if r < choiceIndices.count {
            // Tentative until accepted: encoded as −2 − e so that `holds` sees it and `augment` skips it.
            proposals.append((position, choiceIndices[r]))
            ids[position] = -2 - choiceIndices[r]
          } else if augment(
            token: t, position: position, ids: ids, remaining: remaining, room: &ws.augmentRoom,
            heldScratch: ws.augmentHeld.reserve(E), changed: changed)
          {
            rerouted += 1
            // An expert may have filled up: the snapshot follows `remaining` as the scan above did.
            ws.room.removeAll(keepingCapacity: true)
            for j in 0..<E where remaining[j] > 0 { ws.room.append(j) }
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
      acceptBest(positions: ws.order, experts: ids, remaining: remaining, accepted: &accepted, rejected: &rejected,
      ws: ws)
      rerouted += accepted
      ws.pending = rejected
    }
    for j in 0..<E { load[j] = 0 }
    for p in 0..<(T * k) where ids[p] >= 0 { load[Int(ids[p])] &+= 1 }
    return (rerouted, dropped)
  }

  /// Round 1: each overfull expert keeps its `C` best proposals by surplus (ties by position) and rejects
  /// the rest (ids reset to −1, positions appended to `rejected` in no particular order); `remaining`
  /// becomes the free capacity. The proposals are bucketed by expert with one counting pass over the
  /// slots (an expert with room gets a dummy bucket that is overwritten), and the surplus comes from
  /// `slotValues` when given, so the scores are not read at random. The same selection as `acceptBest`
  /// over the overfull slots in position order.
  private func rejectOverflow(
    ids: UnsafeMutablePointer<Int32>, load: UnsafePointer<Int32>, remaining: UnsafeMutablePointer<Int>,
    rejected: inout [Int], ws: RoutingWorkspace
  ) {
    let E = experts, slots = tokens * k
    let next = ws.repairNext.reserve(E)
    let step = ws.repairSteps.reserve(E)
    let start = ws.repairBuckets.reserve(E + 1)
    var total = 0
    for j in 0..<E {
      start[j] = total
      if remaining[j] < 0 {
        total += Int(load[j])
        step[j] = 1
      } else {
        step[j] = 0
      }
    }
    start[E] = total
    // Experts with room write to the dummy slot `total` without advancing.
    for j in 0..<E { next[j] = remaining[j] < 0 ? start[j] : total }
    let bucket = ws.repairPositions.reserve(total + 1)
    // Each bucketed slot's surplus beside it, read in slot order while the ids are read.
    let bucketSurplus = ws.repairSurplus.reserve(total + 1)
    if let slotValues {
      for t in 0..<tokens {
        let o = outside[t]
        for p in (t * k)..<(t * k + k) {
          let e = Int(ids[p])
          let b = next[e]
          bucket[b] = Int32(truncatingIfNeeded: p)
          bucketSurplus[b] = slotValues[p] - o
          next[e] = b &+ step[e]
        }
      }
    } else {
      for p in 0..<slots {
        let e = Int(ids[p])
        bucket[next[e]] = Int32(truncatingIfNeeded: p)
        next[e] &+= step[e]
      }
      for b in 0..<total {
        let p = Int(bucket[b])
        bucketSurplus[b] = reduced(p / k, Int(ids[p])) - outside[p / k]
      }
    }
    let largest = (0..<E).reduce(0) { remaining[$1] < 0 ? max($0, Int(load[$1])) : $0 }
    let order = ws.repairOrder.reserve(max(1, largest))
    let worst = ws.repairKeys.reserve(Self.fewRejections)
    for e in 0..<E where remaining[e] < 0 {
      let group = bucket + start[e], surplus = bucketSurplus + start[e], size = Int(load[e])
      // `remaining = C − load < 0`: the room is C.
      remaining[e] += size
      let room = max(0, remaining[e])
      let rejections = size - room
      var ordered = true
      for i in 0..<size where surplus[i].isNaN { ordered = false }
      if ordered && rejections <= Self.fewRejections {
        // Usually an expert is over by a few slots: keep its `rejections` worst in a sorted buffer. The
        // key orders (surplus, −i) as the comparison below does (−0 as +0), so the set is the same.
        var n = 0
        for i in 0..<size {
          let key = Self.key(surplus[i], i)
          if n == rejections {
            if !(key < worst[n - 1]) { continue }
          } else {
            n += 1
          }
          var q = n - 1
          while q > 0 && key < worst[q - 1] {
            worst[q] = worst[q - 1]
            q -= 1
          }
          worst[q] = key
        }
        for q in 0..<rejections {
          let p = Int(group[Int(UInt32.max - UInt32(truncatingIfNeeded: worst[q]))])
          ids[p] = -1
          rejected.append(p)
        }
      } else {
        for i in 0..<size { order[i] = Int32(truncatingIfNeeded: i) }
        if room > 0 {
          quickselect(order, count: size, nth: room - 1) { a, b in
            surplus[Int(a)] > surplus[Int(b)] || (surplus[Int(a)] == surplus[Int(b)] && a < b)
          }
        }
        for q in room..<size {
          let p = Int(group[Int(order[q])])
          ids[p] = -1
          rejected.append(p)
        }
      }
      remaining[e] -= room
    }
  }

  /// Up to this many rejections per expert go through the sorted buffer of `rejectOverflow`.
  private static let fewRejections = 64

  /// A key whose unsigned order is "larger surplus, or equal surplus and lower index" (for non-NaN
  /// surpluses; −0 and +0 are equal).
  @inline(__always)
  private static func key(_ v: Float, _ i: Int) -> UInt64 {
    let bits = (v == 0 ? 0 : v).bitPattern
    let ordered = bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
    return UInt64(ordered) << 32 | UInt64(UInt32.max - UInt32(truncatingIfNeeded: i))
  }

  /// Among `positions` (whose proposed expert is in `ids`), each expert accepts its `remaining` best by
  /// surplus (ties in list order); rejected positions are reset to −1 and listed (in no particular
  /// order: callers sort them).
  ///
  /// The positions are bucketed by expert (a counting sort, so each bucket keeps list order), and only
  /// a bucket with more proposals than room is partitioned, by quickselect on (surplus descending, list
  /// rank ascending), a total order, so the accepted set is the same as after a full sort.
  private func acceptBest(
    positions: [Int], experts ids: UnsafeMutablePointer<Int32>, remaining: UnsafeMutablePointer<Int>,
    accepted: UnsafeMutablePointer<Int>?, rejected: inout [Int], ws: RoutingWorkspace
  ) {
    let n = positions.count, E = experts
    let surplus = ws.repairSurplus.reserve(max(1, n))
    let bucketed = ws.repairRanks.reserve(max(1, n))
    let start = ws.repairBuckets.reserve(E + 1)
    for j in 0...E { start[j] = 0 }
    for (rank, p) in positions.enumerated() {
      let t = p / k, e = Int(ids[p])
      surplus[rank] = reduced(t, e) - outside[t]
      start[e + 1] += 1
    }
    for j in 0..<E { start[j + 1] += start[j] }
    let next = ws.repairNext.reserve(E)
    for j in 0..<E { next[j] = start[j] }
    for (rank, p) in positions.enumerated() {
      let e = Int(ids[p])
      bucketed[next[e]] = rank
      next[e] += 1
    }
    var count = 0
    for e in 0..<E where start[e + 1] > start[e] {
      let group = bucketed + start[e], size = start[e + 1] - start[e]
      // `remaining` here counts room before this group (round 1: negative = overfull by that much).
      let room = roomFor(e, groupSize: size, remaining: remaining)
      if room < size {
        if room > 0 { selectBest(group, count: size, first: room, surplus: surplus) }
        for q in room..<size {
          let p = positions[group[q]]
          ids[p] = -1
          rejected.append(p)
        }
      }
      count += min(room, size)
      remaining[e] -= min(room, size)
    }
    accepted?.pointee = count
  }

  /// Reorders `ranks[0..<count]` so that its first `first` entries are the best by surplus (descending,
  /// ties by the lower rank): quickselect on a total order.
  private func selectBest(
    _ ranks: UnsafeMutablePointer<Int>, count: Int, first: Int, surplus: UnsafePointer<Float>
  ) {
    quickselect(ranks, count: count, nth: first - 1) { a, b in
      surplus[a] > surplus[b] || (surplus[a] == surplus[b] && a < b)
    }
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
    token a: Int, position: Int, ids: UnsafeMutablePointer<Int32>, remaining: UnsafeMutablePointer<Int>,
    room: inout [Int], heldScratch: UnsafeMutablePointer<Bool>, changed: UnsafeMutablePointer<UInt8>
  ) -> Bool {
    let T = tokens, E = experts
    var best: (gain: Float, j: Int, b: Int, slot: Int, e: Int)? = nil
    // The experts with room, in index order (few by the time a slot needs a path): the scan below is
    // O(T·k·|room|) instead of O(T·k·E), visiting the same (b, slot, e) in the same order.
    room.removeAll(keepingCapacity: true)
    for e in 0..<E where remaining[e] > 0 { room.append(e) }
    guard !room.isEmpty else { return false }
    // What token a holds (or has proposed to), as a table: `holds(ids, a, j)` in O(1) in the scan.
    let held = heldScratch
    for j in 0..<E { held[j] = false }
    for q in 0..<k {
      let v = Int(ids[a * k + q])
      if v >= 0 { held[v] = true } else if v <= -2 { held[-2 - v] = true }
    }
    for b in 0..<T where b != a {
      let row = ids + b * k
      for slot in 0..<k {
        let j = Int(row[slot])
        guard j >= 0, remaining[j] <= 0, !held[j] else { continue }
        let base = reduced(a, j) - reduced(b, j)
        for e in room where !holds(ids, b, e) {
          let gain = base + reduced(b, e)
          if best == nil || gain > best!.gain { best = (gain, j, b, slot, e) }
        }
      }
    }
    guard let best else { return false }
    ids[best.b * k + best.slot] = Int32(truncatingIfNeeded: best.e)
    changed[best.b] = 1
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
