// MoE routing side by side: Nash's EquilibriumRouter on the *same* synthetic batches as the numpy reference
// routers. Benchmarks/peers/routing_peers.py `generate` writes them with ../shared/moe-reference/synth.py
// (bench_routing.py's parameters and seed); this program reads them and prints one JSON object per
// (T, E, k, method) line, with the same metrics as MOE.md §5 and `routing_peers.py run`.
//
//   python3 Benchmarks/peers/routing_peers.py generate DIR
//   swift build -c release --package-path Benchmarks --product RoutingSideBySide
//   OPENBLAS_NUM_THREADS=1 Benchmarks/.build/release/RoutingSideBySide DIR
//   OPENBLAS_NUM_THREADS=1 PROFILE=eq_warm@1.0:40 perf record Benchmarks/.build/release/RoutingSideBySide DIR
//   PROFILE_CYCLE=1 ...   # PROFILE routes the measured batches in turn instead of the first again and again
//   THREADS=1 ...   # RouterConfiguration.threadCount (default nil: one thread per core for T·E ≥ 2^18)
//   IMPL=nash-swift-threads ...   # the "impl" field of the JSON lines
//
// DIR/index.json lists, per (T, E), a float32 little-endian row-major file of `reps` measured batches
// followed by `warm` warm-up batches, and the k values to run. Protocol (identical in routing_peers.py):
// warm methods make a fresh router, route the warm-up batches in file order (prices carried, default
// ≤ 2 block-coordinate iterations, no drift), then route the measured batches in order, still carrying
// prices; the cold method resets prices before every measured batch (≤ 16 iterations). `ms` is the
// median wall time of one call (ids and gate weights), `cpu_ms` the median CPU time of the process over
// the call (all threads; robust on a loaded machine); quality is averaged over the measured batches.
import Foundation
import NashRouting

struct Index: Decodable {
  struct Point: Decodable {
    let T: Int
    let E: Int
    let ks: [Int]
    let reps: Int
    let warm: Int
    let seed: Int
    let file: String
  }
  let points: [Point]
}

/// `THREADS=n` sets every router's `threadCount` (unset: the library's default); `IMPL` names the
/// implementation in the JSON lines (default `nash-swift`).
let threadCount: Int? = ProcessInfo.processInfo.environment["THREADS"].flatMap { Int($0) }
let implementation = ProcessInfo.processInfo.environment["IMPL"] ?? "nash-swift"

func configured(_ c: RouterConfiguration) -> RouterConfiguration {
  var c = c
  c.threadCount = threadCount
  return c
}

/// The batches of one (T, E): `reps` measured, then `warm` warm-up, each T·E floats.
func load(_ directory: URL, _ point: Index.Point) throws -> (measured: [[Float]], warmup: [[Float]]) {
  let data = try Data(contentsOf: directory.appendingPathComponent(point.file))
  let size = point.T * point.E
  let count = point.reps + point.warm
  guard data.count == count * size * 4 else {
    fatalError("\(point.file): \(data.count) bytes, expected \(count * size * 4)")
  }
  let batches: [[Float]] = data.withUnsafeBytes { raw in
    (0..<count).map { b in
      [Float](unsafeUninitializedCapacity: size) { buffer, initialized in
        for i in 0..<size {
          let bits = raw.loadUnaligned(fromByteOffset: (b * size + i) * 4, as: UInt32.self)
          buffer[i] = Float(bitPattern: UInt32(littleEndian: bits))
        }
        initialized = size
      }
    }
  }
  return (Array(batches[0..<point.reps]), Array(batches[point.reps...]))
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

/// `--check-topk`: plain top-k ids (with and without selection prices) against a stable sort, on shapes
/// that take both the scalar and the SIMD row paths of the best-response pass, with continuous and tied
/// scores. Exits 1 on the first mismatch.
func checkTopK() throws {
  var state: UInt64 = 12345
  func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  var checked = 0
  for E in [8, 16, 24, 40, 64, 72, 256] {
    for k in [1, 2, 3, 8, 9] where k < E {
      for tied in [false, true] {
        let T = 67
        let s: [Float] = (0..<(T * E)).map { _ in
          tied ? Float(next() % 4) : Float(Double(next() >> 11) * 0x1.0p-53 * 6 - 3)
        }
        let bias: [Float] = (0..<E).map { j in tied ? Float(j % 3) : Float(Double(next() >> 11) * 0x1.0p-53) }
        let router = try EquilibriumRouter(RouterConfiguration(experts: E, k: k, capacity: .unbounded, solver: .none))
        for prices in [[Float](repeating: 0, count: E), bias] {
          try router.setPrices(prices)
          let ids = try router.route(scores: s, tokens: T).expertIDs
          for t in 0..<T {
            let r = (0..<E).map { s[t * E + $0] - prices[$0] }
            let order = (0..<E).sorted { r[$0] > r[$1] || (r[$0] == r[$1] && $0 < $1) }
            let expected = order.prefix(k).map { Int32($0) }
            if Array(ids[(t * k)..<((t + 1) * k)]) != expected {
              print("mismatch E=\(E) k=\(k) tied=\(tied) token \(t): \(ids[(t * k)..<((t + 1) * k)]) vs \(expected)")
              exit(1)
            }
          }
          checked += 1
        }
      }
    }
  }
  print("top-k ids match a stable sort on \(checked) (shape, scores, prices) cases")
}

let arguments = CommandLine.arguments
if arguments.count == 2 && arguments[1] == "--check-topk" {
  try checkTopK()
  exit(0)
}
guard arguments.count == 2 else {
  FileHandle.standardError.write(Data("usage: RoutingSideBySide DIR (written by routing_peers.py generate)\n".utf8))
  exit(2)
}
let directory = URL(fileURLWithPath: arguments[1])
let index = try JSONDecoder().decode(Index.self, from: Data(contentsOf: directory.appendingPathComponent("index.json")))

/// `PROFILE=METHOD:N` (for perf or callgrind): route the first measured batch N times with one method of the
/// table (after its warm-up, if warm) and print nothing else; no metrics are computed.
let profile: (method: String, count: Int)? = ProcessInfo.processInfo.environment["PROFILE"].flatMap { value in
  let parts = value.split(separator: ":")
  guard parts.count == 2, let n = Int(parts[1]) else { return nil }
  return (String(parts[0]), n)
}

for point in index.points {
  let (T, E) = (point.T, point.E)
  let (batches, warmup) = try load(directory, point)
  if let profile {
    for k in point.ks {
      let configuration: RouterConfiguration
      switch profile.method {
      case "topk": configuration = configured(RouterConfiguration(experts: E, k: k, capacity: .unbounded, solver: .none))
      case "eq_warm@1.0": configuration = configured(RouterConfiguration(experts: E, k: k, capacity: .factor(1)))
      case "eq_warm@1.25": configuration = configured(RouterConfiguration(experts: E, k: k, capacity: .factor(1.25)))
      default: fatalError("PROFILE: unknown method \(profile.method) (topk, eq_warm@1.0, eq_warm@1.25)")
      }
      let router = try EquilibriumRouter(configuration)
      for x in warmup { _ = try router.route(scores: x, tokens: T) }
      let w0 = clock(CLOCK_MONOTONIC), c0 = clock(CLOCK_PROCESS_CPUTIME_ID)
      // PROFILE_CYCLE=1: the measured batches in turn (a new batch every call, as in the table).
      let cycle = ProcessInfo.processInfo.environment["PROFILE_CYCLE"] == "1"
      for i in 0..<profile.count { _ = try router.route(scores: batches[cycle ? i % batches.count : 0], tokens: T) }
      let ms = (clock(CLOCK_MONOTONIC) - w0) * 1e3 / Double(max(1, profile.count))
      let cpu = (clock(CLOCK_PROCESS_CPUTIME_ID) - c0) * 1e3 / Double(max(1, profile.count))
      FileHandle.standardError.write(
        Data("\(T)x\(E)x\(k) \(profile.method): \(ms) ms per call (CPU \(cpu) ms, all threads)\n".utf8))
    }
    continue
  }
  let probabilities = batches.map { softmax($0, experts: E) }
  for k in point.ks {
    let plain = try EquilibriumRouter(RouterConfiguration(experts: E, k: k, capacity: .unbounded, solver: .none))
    let topkMass = try batches.indices.map { b in
      mass(probabilities[b], try plain.route(scores: batches[b], tokens: T).expertIDs, experts: E, k: k)
    }
    let methods: [(String, Double?, RouterConfiguration, Bool)] = [
      ("topk", nil, configured(RouterConfiguration(experts: E, k: k, capacity: .unbounded, solver: .none)), false),
      ("sinkhorn", nil, configured(RouterConfiguration(experts: E, k: k, capacity: .unbounded, solver: .sinkhorn())), false),
      ("eq_cold@1.0", 1, configured(RouterConfiguration(experts: E, k: k, capacity: .factor(1), solver: .blockCoordinate(maxIterations: 16))), false),
      ("eq_warm@1.0", 1, configured(RouterConfiguration(experts: E, k: k, capacity: .factor(1))), true),
      ("eq_warm@1.25", 1.25, configured(RouterConfiguration(experts: E, k: k, capacity: .factor(1.25))), true),
    ]
    let c1 = Int((Double(T) * Double(k) / Double(E) * 1.0).rounded(.up))
    let c125 = Int((Double(T) * Double(k) / Double(E) * 1.25).rounded(.up))
    for (name, cf, configuration, warm) in methods {
      let router = try EquilibriumRouter(configuration)
      if warm { for x in warmup { _ = try router.route(scores: x, tokens: T) } }
      let cold = name.hasPrefix("eq_cold")
      var wall: [Double] = [], cpu: [Double] = []
      var mm = 0.0, kept1 = 0.0, kept125 = 0.0, ret = 0.0, gap = 0.0, iterations = 0.0, rerouted = 0.0
      for (b, x) in batches.enumerated() {
        if cold { router.reset() }
        let w0 = clock(CLOCK_MONOTONIC), c0 = clock(CLOCK_PROCESS_CPUTIME_ID)
        let r = try router.route(scores: x, tokens: T)
        cpu.append((clock(CLOCK_PROCESS_CPUTIME_ID) - c0) * 1e3)
        wall.append((clock(CLOCK_MONOTONIC) - w0) * 1e3)
        let p = probabilities[b]
        mm += Double(r.load.max()!) / (Double(T * k) / Double(E))
        ret += mass(p, r.expertIDs, experts: E, k: k) / topkMass[b]
        kept1 += mass(p, greedyDropped(r.expertIDs, tokens: T, experts: E, k: k, capacity: c1), experts: E, k: k) / topkMass[b]
        kept125 += mass(p, greedyDropped(r.expertIDs, tokens: T, experts: E, k: k, capacity: c125), experts: E, k: k) / topkMass[b]
        gap += r.stats.gapPerToken
        iterations += Double(r.stats.iterations)
        rerouted += Double(r.stats.rerouted) / Double(T * k)
      }
      let n = Double(batches.count)
      var row: [String: Any] = [
        "T": T, "E": E, "k": k, "method": name, "impl": implementation, "ms": median(wall), "cpu_ms": median(cpu),
        "reps": batches.count, "warm": warmup.count, "seed": point.seed,
        "threads": configuration.threadCount.map { $0 as Any } ?? "auto",
        "max_over_mean": mm / n, "retention": ret / n, "kept@1.0": kept1 / n, "kept@1.25": kept125 / n,
        "gap_per_token": gap / n, "iters": iterations / n, "rerouted_frac": rerouted / n,
      ]
      row["cf"] = cf.map { $0 as Any } ?? NSNull()
      let data = try JSONSerialization.data(withJSONObject: row, options: [.sortedKeys])
      FileHandle.standardOutput.write(data + Data("\n".utf8))
    }
  }
}
