// Times Nash's zero-sum and learning methods for the side-by-side comparison with scipy
// (HiGHS), Nashpy and QuantEcon (peers/adaptive_peers.py, run-adaptive.sh), and measures the
// equilibrium tracker's warm against cold starts. One JSON object per line.
//
//   AdaptiveSideBySide --section zero-sum --sizes 100,500,1000 --seeds 1,2,3
//   AdaptiveSideBySide --section fictitious-play --sizes 10,100,500 --seeds 1,2,3 --iterations 10000
//   AdaptiveSideBySide --section tracker --sizes 50,200 --seeds 1,2,3 --steps 20 --rate 0.002
//
// Games: `BimatrixGame.randomZeroSum(rows: n, columns: n, seed:)` (A uniform in [0, 1) from
// SplitMix64 row by row, B = −A); each line carries the FNV-1a checksum of A then B (IEEE-754
// bit patterns, read back through the public API) so the peers can prove they regenerated the
// same game. The tracker's drifting sequence is A_t = A₀ + rate·t·D with A₀ uniform in [0, 1)
// and D uniform in [−1/2, 1/2), both from SplitMix64(seed) (Nash only).
//
// Timing, as in SideBySide: one untimed warm-up call (whose result is reported), then
// `repetitions` samples, each running the call enough times to last `--min-sample` seconds;
// fewer samples (at least one) when a call is slow (`--budget` seconds per game and tool).
// Median and minimum time per call, in seconds.
import Nash

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

struct Options {
  var section = "zero-sum"
  var sizes: [Int] = []
  var seeds: [UInt64] = [1]
  var repetitions = 5
  var minimumSample = 0.02
  var budget = 30.0
  /// Fictitious play: rounds per run.
  var iterations = 10_000
  /// Tracker: games in the drifting sequence, and the drift per step.
  var steps = 20
  var rate = 0.002
  /// Tracker: the engines to run.
  var engines: [EquilibriumTracker.Engine] = [.optimisticGradient, .optimisticHedge]
  /// The duality gap the iterative zero-sum methods stop at (relative to the payoff range).
  var tolerance = 1e-9

  static func parse(_ arguments: [String]) -> Options {
    var options = Options()
    var index = 0
    func value() -> String {
      index += 1
      guard index < arguments.count else { fail("\(arguments[index - 1]) needs a value") }
      return arguments[index]
    }
    while index < arguments.count {
      switch arguments[index] {
      case "--section": options.section = value()
      case "--sizes": options.sizes = integers(value())
      case "--seeds": options.seeds = integers(value()).map { UInt64($0) }
      case "--repetitions": options.repetitions = Int(value()) ?? 0
      case "--min-sample": options.minimumSample = Double(value()) ?? -1
      case "--budget": options.budget = Double(value()) ?? -1
      case "--iterations": options.iterations = Int(value()) ?? 0
      case "--steps": options.steps = Int(value()) ?? 0
      case "--rate": options.rate = Double(value()) ?? -1
      case "--tolerance": options.tolerance = Double(value()) ?? -1
      case "--engines":
        options.engines = value().split(separator: ",").map {
          switch $0 {
          case "optimistic-gradient": .optimisticGradient
          case "optimistic-hedge": .optimisticHedge
          default: fail("unknown engine \($0)")
          }
        }
      case "-h", "--help":
        print(
          """
          usage: AdaptiveSideBySide --section zero-sum|fictitious-play|tracker|checksum --sizes 100,500
                                    [--seeds 1,2,3] [--repetitions 5] [--min-sample 0.02] [--budget 30]
                                    [--tolerance 1e-9]          (zero-sum, tracker)
                                    [--iterations 10000]        (fictitious-play)
                                    [--steps 20] [--rate 0.002] (tracker)
                                    [--engines optimistic-gradient,optimistic-hedge] (tracker)
          """)
        exit(0)
      default: fail("unknown argument \(arguments[index])")
      }
      index += 1
    }
    guard !options.sizes.isEmpty, options.sizes.allSatisfy({ $0 > 0 }) else { fail("--sizes needs positive sizes") }
    guard options.repetitions > 0, options.iterations > 0, options.steps > 1 else {
      fail("--repetitions and --iterations must be positive, --steps at least 2")
    }
    guard options.budget > 0, options.minimumSample >= 0, options.rate >= 0, options.tolerance >= 0 else {
      fail("--budget, --min-sample, --rate and --tolerance need non-negative numbers")
    }
    guard ["zero-sum", "fictitious-play", "tracker", "checksum"].contains(options.section) else {
      fail("unknown section \(options.section)")
    }
    return options
  }

  /// "4-12" or "10,50,100" (or a mix: "4-6,10").
  static func integers(_ text: String) -> [Int] {
    text.split(separator: ",").flatMap { part -> [Int] in
      let bounds = part.split(separator: "-").compactMap { Int($0) }
      switch bounds.count {
      case 1: return bounds
      case 2 where bounds[0] <= bounds[1]: return Array(bounds[0]...bounds[1])
      default: fail("cannot read \(part) as a number or a range")
      }
    }
  }
}

func fail(_ message: String) -> Never {
  var text = "Error: \(message)\n"
  text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
  exit(1)
}

/// FNV-1a over 64-bit words: the bit patterns of A row by row, then B row by row.
func checksum(_ game: BimatrixGame) -> String {
  let m = game.rowCount, n = game.columnCount
  // Column j of A is A·e_j; row i of B is Bᵀ·e_i (exact: every product is by 1 or 0).
  let aColumns = (0..<n).map { game.payoffs(for: .row, against: .pure($0, count: n)) }
  let bRows = (0..<m).map { game.payoffs(for: .column, against: .pure($0, count: m)) }
  var hash: UInt64 = 0xcbf2_9ce4_8422_2325
  func mix(_ x: Double) { hash = (hash ^ x.bitPattern) &* 0x0000_0100_0000_01b3 }
  for i in 0..<m { for j in 0..<n { mix(aColumns[j][i]) } }
  for i in 0..<m { for j in 0..<n { mix(bRows[i][j]) } }
  let digits = String(hash, radix: 16)
  return String(repeating: "0", count: 16 - digits.count) + digits
}

func json(_ value: Double) -> String { value.isFinite ? "\(value)" : "null" }

let options = Options.parse(Array(CommandLine.arguments.dropFirst()))
let clock = ContinuousClock()

func seconds(_ duration: Duration) -> Double {
  let parts = duration.components
  return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
}

/// The warm-up call's result and the timing fields (median_s, min_s, repetitions, inner).
func measure<T>(_ call: () throws -> T) rethrows -> (result: T, fields: String) {
  let start = clock.now
  let result = try call()
  let once = max(seconds(clock.now - start), 1e-9)
  let inner = max(1, Int((options.minimumSample / once).rounded(.up)))
  var repetitions = options.repetitions
  if once * Double(repetitions) > options.budget { repetitions = max(1, Int(options.budget / once)) }
  var samples = [Double]()
  for _ in 0..<repetitions {
    let begin = clock.now
    for _ in 0..<inner { _ = try call() }
    samples.append(seconds(clock.now - begin) / Double(inner))
  }
  samples.sort()
  let median =
    samples.count % 2 == 1
    ? samples[samples.count / 2] : (samples[samples.count / 2 - 1] + samples[samples.count / 2]) / 2
  return (
    result,
    "\"median_s\":\(json(median)),\"min_s\":\(json(samples[0])),\"repetitions\":\(samples.count),\"inner\":\(inner)"
  )
}

func emit(_ line: String) {
  print(line)
  fflush(nil)
}

func head(_ tool: String, _ n: Int, _ seed: UInt64, _ game: BimatrixGame) -> String {
  "{\"tool\":\"\(tool)\",\"section\":\"\(options.section)\",\"n\":\(n),\"seed\":\(seed),\"checksum\":\"\(checksum(game))\""
}

func zeroSumFields(_ s: ZeroSumSolution, _ game: BimatrixGame) -> String {
  ",\"value\":\(json(s.value)),\"gap\":\(json(s.gap / game.payoffScale)),\"iterations\":\(s.iterations)"
    + ",\"converged\":\(s.hasConverged)"
}

/// The drifting sequence of the tracker section.
func drifting(size: Int, seed: UInt64) -> [BimatrixGame] {
  var rng = SplitMix64(seed: seed)
  let base = (0..<size).map { _ in (0..<size).map { _ in rng.nextUnitDouble() } }
  let direction = (0..<size).map { _ in (0..<size).map { _ in rng.nextUnitDouble() - 0.5 } }
  return (0..<options.steps).map { t in
    try! BimatrixGame(
      zeroSumPayoffs: zip(base, direction).map { zip($0, $1).map { $0 + options.rate * Double(t) * $1 } })
  }
}

do {
  for n in options.sizes {
    for seed in options.seeds {
      switch options.section {
      case "checksum":
        let game = BimatrixGame.randomZeroSum(rows: n, columns: n, seed: seed)
        emit(head("nash", n, seed, game) + "}")
      case "zero-sum":
        let game = BimatrixGame.randomZeroSum(rows: n, columns: n, seed: seed)
        let lp = ZeroSumLP(verifiesExactly: false)
        let (s, timing) = try measure { try lp.solveZeroSum(game) }
        emit(head("nash-lp", n, seed, game) + "," + timing + zeroSumFields(s, game) + "}")
        let ogda = OptimisticGradient(tolerance: options.tolerance)
        let (a, timing2) = try measure { try ogda.solveZeroSum(game) }
        emit(head("nash-adaptive", n, seed, game) + "," + timing2 + zeroSumFields(a, game) + "}")
      case "fictitious-play":
        let game = BimatrixGame.randomZeroSum(rows: n, columns: n, seed: seed)
        // tolerance 0 and one regret check at the end: exactly `iterations` rounds.
        let fp = FictitiousPlay(tolerance: 0, maxIterations: options.iterations, checkInterval: options.iterations)
        let (r, timing) = try measure { try fp.run(game) }
        emit(
          head("nash", n, seed, game) + "," + timing + ",\"iterations\":\(r.iterations)"
            + ",\"max_regret\":\(json(r.equilibrium.maxRegret / game.payoffScale))}")
      default:  // tracker
        let games = drifting(size: n, seed: seed)
        for engine in options.engines {
          let name = engine == .optimisticGradient ? "optimistic-gradient" : "optimistic-hedge"
          var tracker = EquilibriumTracker(tolerance: options.tolerance, engine: engine)
          var warm = 0, cold = 0, warmTime = 0.0, coldTime = 0.0, worstGap = 0.0
          var allConverged = true
          var first = 0
          for (t, game) in games.enumerated() {
            let start = clock.now
            let step = try tracker.update(with: game)
            let elapsed = seconds(clock.now - start)
            allConverged = allConverged && step.hasConverged
            worstGap = max(worstGap, step.solution.gap / game.payoffScale)
            if t == 0 {
              first = step.iterations
              continue
            }
            warm += step.iterations
            warmTime += elapsed
            let coldStart = clock.now
            let coldRun = try tracker.solve(game)
            coldTime += seconds(clock.now - coldStart)
            cold += coldRun.iterations
            allConverged = allConverged && coldRun.hasConverged
          }
          emit(
            "{\"tool\":\"nash-tracker\",\"section\":\"tracker\",\"engine\":\"\(name)\",\"n\":\(n),\"seed\":\(seed)"
              + ",\"steps\":\(options.steps),\"rate\":\(options.rate),\"tolerance\":\(options.tolerance)"
              + ",\"first_iterations\":\(first),\"warm_iterations\":\(warm),\"cold_iterations\":\(cold)"
              + ",\"warm_s\":\(json(warmTime)),\"cold_s\":\(json(coldTime)),\"worst_gap\":\(json(worstGap))"
              + ",\"converged\":\(allConverged)}")
        }
      }
    }
  }
} catch {
  fail("\(error)")
}
