// Times one library call per game, warm, for the side-by-side comparison with the Python
// and C peers (see peers/ and run-side-by-side.sh), and prints one JSON object per game.
//
//   SideBySide --method support-enumeration --sizes 4-12 --seeds 1,2,3 --repetitions 7
//   SideBySide --method lemke-howson --sizes 10,50,100 --seeds 1 --label 0
//   SideBySide --method checksum --sizes 4 --seeds 1
//
// Each game is `BimatrixGame.random(rows: n, columns: n, seed:)`. Its checksum (FNV-1a over
// the payoffs' IEEE-754 bit patterns, A row by row then B row by row, one 64-bit word at a
// time) lets peers/games.py prove it regenerated the same game bit for bit.
//
// Timing: one untimed call (warm-up, and the result that is reported), then `repetitions`
// samples. A sample runs the call `inner` times back to back, with `inner` chosen so a sample
// lasts at least `--min-sample` seconds; the time per call is the sample over `inner`. The
// median and the minimum over the samples are reported, in seconds. A slow call gets fewer
// samples (`--budget` seconds of them, at least one); a warm-up call slower than
// `--single-run-above` seconds is the game's only measurement ("single_run": true).
import Nash

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

struct Options {
  var method = "support-enumeration"
  var sizes: [Int] = []
  var seeds: [UInt64] = [1]
  var repetitions = 7
  var label = 0
  var minimumSample = 0.02
  /// Seconds of samples per game: fewer repetitions (at least one) when a call is slow.
  var budget = 30.0
  /// A warm-up call slower than this (seconds) is the only measurement of that game.
  var singleRunAbove = 60.0
  /// Support enumeration's thread count (nil: the library's default, one per core on large games).
  var threads: Int?
  /// Solve without the exact (rational) verification of each equilibrium.
  var floatOnly = false

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
      case "--method": options.method = value()
      case "--sizes": options.sizes = integers(value())
      case "--seeds": options.seeds = integers(value()).map { UInt64($0) }
      case "--repetitions": options.repetitions = Int(value()) ?? 0
      case "--label": options.label = Int(value()) ?? -1
      case "--min-sample": options.minimumSample = Double(value()) ?? -1
      case "--budget": options.budget = Double(value()) ?? -1
      case "--single-run-above": options.singleRunAbove = Double(value()) ?? -1
      case "--threads": options.threads = Int(value()) ?? 0
      case "--float-only": options.floatOnly = true
      case "-h", "--help":
        print(
          """
          usage: SideBySide --method support-enumeration|lemke-howson|checksum --sizes 4-12|10,50
                            [--seeds 1,2,3] [--repetitions 7] [--label 0] [--min-sample 0.02]
                            [--budget 30] [--single-run-above 60]
                            [--threads N]   (support enumeration; reported as tool "nash-threadsN")
                            [--float-only]  (no exact verification of the equilibria; tool "nash-float")
          """)
        exit(0)
      default: fail("unknown argument \(arguments[index])")
      }
      index += 1
    }
    guard !options.sizes.isEmpty, options.sizes.allSatisfy({ $0 > 0 }) else { fail("--sizes needs positive sizes") }
    guard options.repetitions > 0 else { fail("--repetitions must be positive") }
    if let threads = options.threads, threads < 1 { fail("--threads must be positive") }
    guard options.budget > 0, options.singleRunAbove > 0 else { fail("--budget and --single-run-above need seconds") }
    guard options.minimumSample >= 0 else { fail("--min-sample must be a number of seconds") }
    guard ["support-enumeration", "lemke-howson", "checksum"].contains(options.method) else {
      fail("unknown method \(options.method)")
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
func checksum(_ game: BimatrixGame) -> UInt64 {
  let m = game.rowCount, n = game.columnCount
  // Column j of A is A·e_j; row i of B is Bᵀ·e_i (exact: every product is by 1 or 0).
  let aColumns = (0..<n).map { game.payoffs(for: .row, against: .pure($0, count: n)) }
  let bRows = (0..<m).map { game.payoffs(for: .column, against: .pure($0, count: m)) }
  var hash: UInt64 = 0xcbf2_9ce4_8422_2325
  func mix(_ x: Double) { hash = (hash ^ x.bitPattern) &* 0x0000_0100_0000_01b3 }
  for i in 0..<m { for j in 0..<n { mix(aColumns[j][i]) } }
  for i in 0..<m { for j in 0..<n { mix(bRows[i][j]) } }
  return hash
}

func hex(_ value: UInt64) -> String {
  let digits = String(value, radix: 16)
  return String(repeating: "0", count: 16 - digits.count) + digits
}

func json(_ value: Double) -> String { value.isFinite ? "\(value)" : "null" }

func json(_ supports: [[Int]]) -> String { "[" + supports.map { "\($0)" }.joined(separator: ",") + "]" }

let options = Options.parse(Array(CommandLine.arguments.dropFirst()))
let clock = ContinuousClock()

func seconds(_ duration: Duration) -> Double {
  let parts = duration.components
  return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
}

for n in options.sizes {
  for seed in options.seeds {
    let game = BimatrixGame.random(rows: n, columns: n, seed: seed)
    let tool = "nash" + (options.floatOnly ? "-float" : "") + (options.threads.map { "-threads\($0)" } ?? "")
    var line = "{\"tool\":\"\(tool)\",\"method\":\"\(options.method)\",\"n\":\(n),\"seed\":\(seed),"
    line += "\"checksum\":\"\(hex(checksum(game)))\""
    if options.method != "checksum" {
      let solve: () throws -> EquilibriumResult =
        options.method == "support-enumeration"
        ? { [solver = SupportEnumeration(verifiesExactly: !options.floatOnly, threadCount: options.threads)] in
          try game.solve(using: solver)
        }
        : { [solver = LemkeHowson(initialDroppedLabel: options.label, verifiesExactly: !options.floatOnly)] in
          try game.solve(using: solver)
        }
      do {
        let warmStart = clock.now
        let result = try solve()
        let once = max(seconds(clock.now - warmStart), 1e-9)
        let inner = max(1, Int((options.minimumSample / once).rounded(.up)))
        var repetitions = options.repetitions
        if once * Double(repetitions) > options.budget { repetitions = max(1, Int(options.budget / once)) }
        if once > options.singleRunAbove { repetitions = 0 }
        var samples: [Double] = repetitions == 0 ? [once] : []
        for _ in 0..<repetitions {
          let start = clock.now
          for _ in 0..<inner { _ = try solve() }
          samples.append(seconds(clock.now - start) / Double(inner))
        }
        samples.sort()
        let median =
          samples.count % 2 == 1
          ? samples[samples.count / 2] : (samples[samples.count / 2 - 1] + samples[samples.count / 2]) / 2
        let first = result.equilibria.first
        line += ",\"median_s\":\(json(median)),\"min_s\":\(json(samples[0]))"
        line += ",\"repetitions\":\(samples.count),\"inner\":\(repetitions == 0 ? 1 : inner)"
        if repetitions == 0 { line += ",\"single_run\":true" }
        line += ",\"equilibria\":\(result.equilibria.count),\"max_regret\":\(json(result.maxRegret))"
        line += ",\"iterations\":\(result.iterations)"
        if options.method == "lemke-howson" {
          line += ",\"label\":\(options.label)"
        }
        if let first {
          line += ",\"first_support\":" + json([first.rowSupport, first.columnSupport])
        }
      } catch {
        line += ",\"error\":\"\(String(describing: error).replacingOccurrences(of: "\"", with: "'"))\""
      }
    }
    print(line + "}")
    fflush(nil)
  }
}
