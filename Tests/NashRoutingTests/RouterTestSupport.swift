import Foundation
import Nash
import NashRouting

/// synth.py's `RouterModel` (MOE.md §5) on SplitMix64: `popularity[e] + centers[cluster(t), e] + N(0, 1)`
/// with popularity ~ N(0, 0.5²), 32 clusters with centers ~ N(0, 1) and Dirichlet(0.5) frequencies.
struct RouterTestModel {
  var rng: SplitMix64
  let experts: Int
  var popularity: [Float] = []
  var centers: [Float] = []
  var clusterP: [Double] = []

  init(experts: Int, seed: UInt64, clusters: Int = 32, popularitySigma: Double = 0.5, centerSigma: Double = 1) {
    rng = SplitMix64(seed: seed)
    self.experts = experts
    for _ in 0..<experts { popularity.append(Float(popularitySigma * normal())) }
    for _ in 0..<(clusters * experts) { centers.append(Float(centerSigma * normal())) }
    var g: [Double] = []
    for _ in 0..<clusters { g.append(gamma(0.5)) }
    let total = g.reduce(0, +)
    clusterP = g.map { $0 / total }
  }

  mutating func normal() -> Double {
    let u1 = max(rng.nextUnitDouble(), 1e-300), u2 = rng.nextUnitDouble()
    return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
  }

  /// Marsaglia & Tsang (2000), with the `U^(1/a)` boost for a < 1.
  mutating func gamma(_ a: Double) -> Double {
    if a < 1 { return gamma(a + 1) * pow(max(rng.nextUnitDouble(), 1e-300), 1 / a) }
    let d = a - 1.0 / 3, c = 1 / (9 * d).squareRoot()
    while true {
      var x = 0.0, v = 0.0
      repeat {
        x = normal()
        v = 1 + c * x
      } while v <= 0
      v = v * v * v
      let u = rng.nextUnitDouble()
      if u < 1 - 0.0331 * x * x * x * x || log(u) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v }
    }
  }

  mutating func batch(_ tokens: Int) -> [Float] {
    var x = [Float](repeating: 0, count: tokens * experts)
    for t in 0..<tokens {
      var u = rng.nextUnitDouble()
      var c = 0
      while c < clusterP.count - 1 && u >= clusterP[c] {
        u -= clusterP[c]
        c += 1
      }
      for j in 0..<experts { x[t * experts + j] = Float(normal()) + centers[c * experts + j] + popularity[j] }
    }
    return x
  }

  /// synth.py `drift`: random-walk the popularity and the cluster mix.
  mutating func drift(popularityStep: Double = 0.03, mixStep: Double = 0.02) {
    for j in 0..<experts { popularity[j] += Float(popularityStep * normal()) }
    var logp = clusterP.map { log($0) + mixStep * normal() }
    let m = logp.max()!
    logp = logp.map { exp($0 - m) }
    let s = logp.reduce(0, +)
    clusterP = logp.map { $0 / s }
  }
}

/// Integer-valued scores in 0..<levels (many ties).
func tiedScores(tokens: Int, experts: Int, levels: Int, seed: UInt64) -> [Float] {
  var rng = SplitMix64(seed: seed)
  return (0..<(tokens * experts)).map { _ in Float(Int(rng.next() % UInt64(levels))) }
}

/// The k largest of each row by a full stable sort (ties to the lower index).
func naiveTopK(_ s: [Float], tokens: Int, experts: Int, k: Int, prices: [Float]? = nil) -> [Int32] {
  var out: [Int32] = []
  for t in 0..<tokens {
    let r = (0..<experts).map { s[t * experts + $0] - (prices?[$0] ?? 0) }
    let order = (0..<experts).sorted { r[$0] > r[$1] || (r[$0] == r[$1] && $0 < $1) }
    out += order.prefix(k).map { Int32($0) }
  }
  return out
}

/// The best total score over every capacity-feasible routing, by enumeration (tiny sizes only).
func bruteForceOptimum(_ s: [Float], tokens: Int, experts: Int, k: Int, capacities: [Int]) -> Double? {
  var subsets: [[Int]] = []
  func choose(_ start: Int, _ current: [Int]) {
    if current.count == k {
      subsets.append(current)
      return
    }
    for j in start..<experts { choose(j + 1, current + [j]) }
  }
  choose(0, [])
  var best: Double? = nil
  var load = [Int](repeating: 0, count: experts)
  func search(_ t: Int, _ value: Double) {
    if t == tokens {
      if best == nil || value > best! { best = value }
      return
    }
    for subset in subsets where subset.allSatisfy({ load[$0] < capacities[$0] }) {
      for j in subset { load[j] += 1 }
      search(t + 1, value + subset.reduce(0.0) { $0 + Double(s[t * experts + $1]) })
      for j in subset { load[j] -= 1 }
    }
  }
  search(0, 0)
  return best
}

/// Softmax of a row gathered at `ids`, renormalised (vLLM `fused_topk`).
func referenceWeights(_ x: [Float], tokens: Int, experts: Int, k: Int, ids: [Int32]) -> [Float] {
  var out: [Float] = []
  for t in 0..<tokens {
    let row = (0..<experts).map { Double(x[t * experts + $0]) }
    let m = row.max()!
    let e = row.map { exp($0 - m) }
    let z = e.reduce(0, +)
    let w = (0..<k).map { q -> Double in
      let id = ids[t * k + q]
      return id >= 0 ? e[Int(id)] / z : 0
    }
    let sum = w.reduce(0, +)
    out += w.map { Float(sum > 0 ? $0 / sum : 0) }
  }
  return out
}

/// Every solver, with settings the tests use.
let allSolvers: [PriceSolver] = [
  .none, .signStep(), .blockCoordinate(), .blockCoordinate(maxIterations: 16), .sinkhorn(), .exact,
]

/// Checks the router invariants of MOE.md §4.1 on one routing; returns the first violation.
func invariantProblem(
  _ routing: Routing, scores: [Float], configuration c: RouterConfiguration, capacities: [Int]
) -> String? {
  let T = routing.tokens, k = c.k, E = c.experts
  guard routing.expertIDs.count == T * k, routing.weights.count == T * k, routing.load.count == E else {
    return "output sizes"
  }
  var load = [Int32](repeating: 0, count: E)
  for t in 0..<T {
    let row = routing.expertIDs[(t * k)..<(t * k + k)].filter { $0 >= 0 }
    if Set(row).count != row.count { return "token \(t) has repeated ids \(row)" }
    for id in row {
      guard id < E else { return "token \(t) has id \(id)" }
      load[Int(id)] += 1
    }
  }
  if load != routing.load { return "load \(routing.load) != counted \(load)" }
  let effective = capacities.map { min($0, T) }
  if c.overflow == .reroute || c.solver == .exact {
    for j in 0..<E where Int(load[j]) > effective[j] { return "expert \(j) load \(load[j]) > capacity \(effective[j])" }
  }
  let dropped = routing.expertIDs.filter { $0 < 0 }.count
  if dropped != routing.stats.dropped { return "dropped \(dropped) != stats \(routing.stats.dropped)" }
  if c.overflow == .reroute && effective.reduce(0, +) >= T * k && dropped != 0 {
    return "\(dropped) slots dropped although capacity suffices"
  }
  for (i, w) in routing.weights.enumerated() {
    if !w.isFinite || w < 0 { return "weight \(i) is \(w)" }
    if routing.expertIDs[i] < 0 && w != 0 { return "dropped slot \(i) has weight \(w)" }
  }
  if T > 0 && !(routing.stats.gapPerToken >= -1e-6) { return "gap per token \(routing.stats.gapPerToken)" }
  if routing.prices.contains(where: { !$0.isFinite }) { return "non-finite price" }
  return nil
}
