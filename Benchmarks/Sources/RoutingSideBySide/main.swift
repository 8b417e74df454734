// MoE routing side by side: Nash's EquilibriumRouter on synth.py-style skewed logits, one JSON object
// per (T, E, k, method) line, with the same metrics as MOE.md §5 and Benchmarks/peers/routing_peers.py
// (which runs the numpy reference routers of ../shared/moe-reference/routers.py on the same grid).
//
//   swift build -c release --package-path Benchmarks --product RoutingSideBySide
//   OPENBLAS_NUM_THREADS=1 Benchmarks/.build/release/RoutingSideBySide [GRID] [REPS]
//
// GRID is a comma list of TxExk (default: MOE.md's T ∈ {1024, 4096, 16384} × E ∈ {8, 64, 256} ×
// k ∈ {1, 2, 8}, k < E); REPS batches are measured per point (default 5). `ms` is the median wall
// time of one call, `cpu_ms` the median thread CPU time (robust on a loaded machine).
import Foundation
import NashRouting

/// SplitMix64 (Steele, Lea & Flood 2014), as Nash's.
struct Mix64 {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }
  mutating func normal() -> Double {
    let u1 = max(unit(), 1e-300), u2 = unit()
    return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
  }
  /// Marsaglia & Tsang (2000), with the U^(1/a) boost for a < 1.
  mutating func gamma(_ a: Double) -> Double {
    if a < 1 { return gamma(a + 1) * pow(max(unit(), 1e-300), 1 / a) }
    let d = a - 1.0 / 3, c = 1 / (9 * d).squareRoot()
    while true {
      var x = 0.0, v = 0.0
      repeat {
        x = normal()
        v = 1 + c * x
      } while v <= 0
      v = v * v * v
      let u = unit()
      if u < 1 - 0.0331 * x * x * x * x || log(u) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v }
    }
  }
}

/// synth.py's RouterModel with bench_routing.py's SYNTH parameters: popularity ~ N(0, 0.5²), 32 clusters
/// with centers ~ N(0, 1) and Dirichlet(0.5) frequencies, noise N(0, 1). The RNG differs from numpy's;
/// MOE.md's metrics are averages.
struct SynthModel {
  var rng: Mix64
  let experts: Int
  var popularity: [Float] = []
  var centers: [Float] = []
  var cdf: [Double] = []
  init(experts: Int, seed: UInt64) {
    rng = Mix64(state: seed)
    self.experts = experts
    for _ in 0..<experts { popularity.append(Float(0.5 * rng.normal())) }
    for _ in 0..<(32 * experts) { centers.append(Float(rng.normal())) }
    var g: [Double] = []
    for _ in 0..<32 { g.append(rng.gamma(0.5)) }
    let total = g.reduce(0, +)
    var acc = 0.0
    for p in g {
      acc += p / total
      cdf.append(acc)
    }
  }
  mutating func batch(_ tokens: Int) -> [Float] {
    var x = [Float](repeating: 0, count: tokens * experts)
    for t in 0..<tokens {
      let u = rng.unit() * cdf[cdf.count - 1]
      let c = min(cdf.firstIndex { $0 >= u } ?? cdf.count - 1, cdf.count - 1)
      for j in 0..<experts { x[t * experts + j] = Float(rng.normal()) + centers[c * experts + j] + popularity[j] }
    }
    return x
  }
}

func clock(_ id: clockid_t) -> Double {
  var ts = timespec()
  clock_gettime(id, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}
func median(_ a: [Double]) -> Double { a.sorted()[a.count / 2] }

/// Softmax probabilities of a row-major batch (Double, for the metrics only).
func softmax(_ x: [Float], experts E: Int) -> [Double] {
  var p = [Double](repeating: 0, count: x.count)
  for t in 0..<(x.count / E) {
    var m = -Double.infinity
    for j in 0..<E { m = max(m, Double(x[t * E + j])) }
    var z = 0.0
    for j in 0..<E {
      p[t * E + j] = exp(Double(x[t * E + j]) - m)
      z += p[t * E + j]
    }
    for j in 0..<E { p[t * E + j] /= z }
  }
  return p
}

/// GShard greedy drop at capacity C (first choices first, token order): the ids that survive.
func greedyDropped(_ ids: [Int32], tokens T: Int, experts E: Int, k: Int, capacity C: Int) -> [Int32] {
  var out = ids
  var count = [Int](repeating: 0, count: E)
  for q in 0..<k {
    for t in 0..<T where out[t * k + q] >= 0 {
      let e = Int(out[t * k + q])
      if count[e] < C { count[e] += 1 } else { out[t * k + q] = -1 }
    }
  }
  return out
}

func mass(_ p: [Double], _ ids: [Int32], experts E: Int, k: Int) -> Double {
  var s = 0.0
  for (i, id) in ids.enumerated() where id >= 0 { s += p[(i / k) * E + Int(id)] }
  return s
}

let arguments = CommandLine.arguments
var grid: [(Int, Int, Int)] = []
if arguments.count > 1 {
  for item in arguments[1].split(separator: ",") {
    let parts = item.split(separator: "x").compactMap { Int($0) }
    guard parts.count == 3 else { fatalError("grid entries are TxExk, got \(item)") }
    grid.append((parts[0], parts[1], parts[2]))
  }
} else {
  for E in [8, 64, 256] { for k in [1, 2, 8] where k < E { for T in [1024, 4096, 16384] { grid.append((T, E, k)) } } }
}
let reps = arguments.count > 2 ? Int(arguments[2])! : 5

for (T, E, k) in grid {
  var model = SynthModel(experts: E, seed: 0)
  let batches = (0..<reps).map { _ in model.batch(T) }
  let probabilities = batches.map { softmax($0, experts: E) }
  let plain = try EquilibriumRouter(RouterConfiguration(experts: E, k: k, capacity: .unbounded, solver: .none))
  let topkMass = try batches.indices.map { b in
    mass(probabilities[b], try plain.route(scores: batches[b], tokens: T).expertIDs, experts: E, k: k)
  }
  let methods: [(String, RouterConfiguration, Int, Bool)] = [
    ("topk", RouterConfiguration(experts: E, k: k, capacity: .unbounded, solver: .none), 0, false),
    ("ds_bias", RouterConfiguration(experts: E, k: k, score: .sigmoid, priceSpace: .scores, capacity: .unbounded, solver: .signStep()), 300, false),
    ("sinkhorn", RouterConfiguration(experts: E, k: k, capacity: .unbounded, solver: .sinkhorn()), 0, false),
    ("eq_cold@1.0", RouterConfiguration(experts: E, k: k, capacity: .factor(1), solver: .blockCoordinate(maxIterations: 16)), 0, true),
    ("eq_warm@1.0", RouterConfiguration(experts: E, k: k, capacity: .factor(1)), 20, false),
    ("eq_warm@1.25", RouterConfiguration(experts: E, k: k, capacity: .factor(1.25)), 20, false),
  ]
  for (name, configuration, warmBatches, cold) in methods {
    let router = try EquilibriumRouter(configuration)
    var warmModel = model
    for _ in 0..<(T >= 16384 ? min(warmBatches, 100) : warmBatches) {
      _ = try router.route(scores: warmModel.batch(T), tokens: T)
    }
    var wall: [Double] = [], cpu: [Double] = []
    var mm = 0.0, kept1 = 0.0, kept125 = 0.0, ret = 0.0, gap = 0.0, iterations = 0.0, rerouted = 0.0
    for (b, x) in batches.enumerated() {
      if cold { router.reset() }
      let w0 = clock(CLOCK_MONOTONIC), c0 = clock(CLOCK_THREAD_CPUTIME_ID)
      let r = try router.route(scores: x, tokens: T)
      cpu.append((clock(CLOCK_THREAD_CPUTIME_ID) - c0) * 1e3)
      wall.append((clock(CLOCK_MONOTONIC) - w0) * 1e3)
      let p = probabilities[b]
      mm += Double(r.load.max()!) / (Double(T * k) / Double(E))
      ret += mass(p, r.expertIDs, experts: E, k: k) / topkMass[b]
      let c1 = Int((Double(T) * Double(k) / Double(E) * 1.0).rounded(.up))
      let c125 = Int((Double(T) * Double(k) / Double(E) * 1.25).rounded(.up))
      kept1 += mass(p, greedyDropped(r.expertIDs, tokens: T, experts: E, k: k, capacity: c1), experts: E, k: k) / topkMass[b]
      kept125 += mass(p, greedyDropped(r.expertIDs, tokens: T, experts: E, k: k, capacity: c125), experts: E, k: k) / topkMass[b]
      gap += r.stats.gapPerToken
      iterations += Double(r.stats.iterations)
      rerouted += Double(r.stats.rerouted) / Double(T * k)
    }
    let n = Double(batches.count)
    let row: [String: Any] = [
      "T": T, "E": E, "k": k, "method": name, "impl": "nash-swift", "ms": median(wall), "cpu_ms": median(cpu),
      "max_over_mean": mm / n, "retention": ret / n, "kept@1.0": kept1 / n, "kept@1.25": kept125 / n,
      "gap_per_token": gap / n, "iters": iterations / n, "rerouted_frac": rerouted / n,
    ]
    let data = try JSONSerialization.data(withJSONObject: row, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
  }
}
