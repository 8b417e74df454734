// moe-router: a request router in front of a local model and two cloud models, routing every scheduling
// tick as a capacity-respecting equilibrium (NashRouting's EquilibriumRouter), with prices carried from
// tick to tick in a RouterState, and a robust fallback mix from robustWeights.
//
//   swift run -c release moe-router                 # 24 ticks, the default scenario
//   swift run -c release moe-router --ticks 48 --seed 3 --format json
import ArgumentParser
import ExampleSupport
import Foundation
import Nash
import NashRouting

/// One inference backend: how many requests it can take per tick, what a request costs, and how good
/// its answers are as a function of the input's length.
struct Backend: Sendable {
  var name: String
  var slots: Int
  /// Cost per request, in the same units as quality (0 for the local model).
  var cost: Double
  /// Quality in [0, 1] for an input of `length` tokens.
  var quality: @Sendable (Double) -> Double
}

/// The three backends of the scenario. The local model is good and free on short inputs but has a small
/// context and four slots; the small cloud model is cheap with many slots; the large one is best and dear.
let backends: [Backend] = [
  Backend(name: "local (llama.cpp)", slots: 4, cost: 0) { length in
    length <= 2_000 ? 0.80 : max(0.1, 0.80 - 0.25 * log2(length / 2_000))
  },
  Backend(name: "cloud-small", slots: 12, cost: 0.10) { length in 0.72 - 0.02 * log2(max(length, 250) / 250) },
  Backend(name: "cloud-large", slots: 6, cost: 0.30) { _ in 0.95 },
]

struct Request { var length: Double }

/// Requests arriving in one tick: a load that rises to a peak in the middle of the run and falls again.
func arrivals(tick: Int, ticks: Int, generator: inout SplitMix64) -> [Request] {
  let phase = Double(tick) / Double(max(ticks - 1, 1))
  let mean = 4 + 16 * sin(Double.pi * phase)  // 4 requests per tick at the ends, 20 at the peak
  let count = max(0, Int((mean + 3 * (generator.nextUnitDouble() - 0.5)).rounded()))
  return (0..<count).map { _ in
    // Input lengths log-uniform between 64 and 16k tokens.
    Request(length: 64 * pow(256, generator.nextUnitDouble()))
  }
}

struct TickReport: Codable {
  var tick: Int
  var requests: Int
  var load: [Int]
  var capacity: [Int]
  var prices: [Double]
  var plainTopKLoad: [Int]
  var spilled: Int
  var meanQuality: Double
  var meanCost: Double
  var gapPerRequest: Double
}

struct FallbackReport: Codable {
  var scenarios: [String]
  var worstCase: [Double]
  var worstCaseBounds: [Double]
  var riskTuned: [Double]
  var riskTunedBounds: [Double]
  var tau: Double
}

@main
struct MoERouterExample: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "moe-router",
    abstract: "Route a stream of requests to a local model and two cloud models as a priced equilibrium.",
    discussion: """
      Every tick, each queued request scores each backend (quality for its input length minus the cost \
      weight times the backend's cost); the router picks one backend per request so that no backend gets \
      more requests than it has free slots, by prices that carry over from tick to tick. Watch the local \
      model's price rise as the load peaks and long inputs spill to the cloud.

      Example:
        swift run -c release moe-router --ticks 24 --seed 1
      """)

  @Option(help: "Number of scheduling ticks.") var ticks = 24
  @Option(help: "Seed of the request stream.") var seed: UInt64 = 1
  @Option(help: "How much a unit of cost weighs against a unit of quality.") var costWeight = 1.0
  @Option(help: "Risk tolerance τ of the fallback mix (0 = worst case).") var tau = 0.05
  @Option(help: "table or json.") var format = "table"

  func validate() throws {
    guard ticks >= 1 else { throw ValidationError("--ticks must be at least 1") }
    guard costWeight.isFinite, costWeight >= 0 else { throw ValidationError("--cost-weight must be non-negative") }
    guard tau.isFinite, tau >= 0 else { throw ValidationError("--tau must be non-negative") }
    guard ["table", "json"].contains(format) else { throw ValidationError("--format must be table or json") }
  }

  func run() throws {
    var generator = SplitMix64(seed: seed)
    let capacity = backends.map(\.slots)
    let configuration = RouterConfiguration(
      experts: backends.count, k: 1, score: .identity, capacity: .perExpert(capacity),
      // A tick is small (T ≤ 64, E = 3), so the dual steps run to convergence from the warm prices.
      solver: .blockCoordinate(maxIterations: 25))
    let router = try EquilibriumRouter(configuration)
    let plain = try EquilibriumRouter(
      RouterConfiguration(experts: backends.count, k: 1, score: .identity, capacity: .unbounded, solver: .none))
    var reports: [TickReport] = []
    for tick in 0..<ticks {
      let requests = arrivals(tick: tick, ticks: ticks, generator: &generator)
      var scores: [Float] = []
      scores.reserveCapacity(requests.count * backends.count)
      for request in requests {
        for backend in backends {
          scores.append(Float(backend.quality(request.length) - costWeight * backend.cost))
        }
      }
      let routing = try router.route(scores: scores, tokens: requests.count)
      let unpriced = try plain.route(scores: scores, tokens: requests.count)
      var quality = 0.0, cost = 0.0, spilled = 0
      for (index, request) in requests.enumerated() {
        let chosen = Int(routing.expertIDs[index])
        guard chosen >= 0 else { continue }
        quality += backends[chosen].quality(request.length)
        cost += backends[chosen].cost
        if chosen != Int(unpriced.expertIDs[index]) { spilled += 1 }
      }
      let n = Double(max(requests.count, 1))
      reports.append(
        TickReport(
          tick: tick, requests: requests.count, load: routing.load.map(Int.init), capacity: capacity,
          prices: routing.prices.map(Double.init), plainTopKLoad: unpriced.load.map(Int.init), spilled: spilled,
          meanQuality: quality / n, meanCost: cost / n, gapPerRequest: routing.stats.gapPerToken))
    }
    let fallback = try fallbackMix()
    if format == "json" {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      struct Output: Codable { var backends: [String]; var ticks: [TickReport]; var fallback: FallbackReport }
      let data = try encoder.encode(Output(backends: backends.map(\.name), ticks: reports, fallback: fallback))
      print(String(decoding: data, as: UTF8.self))
    } else {
      printTable(reports, fallback)
    }
  }

  /// Robust weights over the backends for a fallback mix: the payoff of sending traffic to a backend
  /// under each stress scenario (its average quality minus cost over a spread of input lengths, or a
  /// penalty when the scenario takes the backend away).
  func fallbackMix() throws -> FallbackReport {
    let lengths = (0..<16).map { 64 * pow(256, (Double($0) + 0.5) / 16) }
    func value(_ backend: Int, outage: Int?, costFactor: Double, longInputs: Bool) -> Double {
      if backend == outage { return -0.5 }
      let sample = longInputs ? Array(lengths.suffix(6)) : lengths
      let quality = sample.map(backends[backend].quality).reduce(0, +) / Double(sample.count)
      return quality - costWeight * backends[backend].cost * costFactor
    }
    let scenarios = ["normal", "local down", "cloud-small down", "cloud-large down", "prices ×3", "long inputs"]
    let rows = backends.indices.map { b in
      [
        value(b, outage: nil, costFactor: 1, longInputs: false), value(b, outage: 0, costFactor: 1, longInputs: false),
        value(b, outage: 1, costFactor: 1, longInputs: false), value(b, outage: 2, costFactor: 1, longInputs: false),
        value(b, outage: nil, costFactor: 3, longInputs: false), value(b, outage: nil, costFactor: 1, longInputs: true),
      ]
    }
    let table = try PayoffTable(rows: rows, expertLabels: backends.map(\.name), scenarioLabels: scenarios)
    let worst = try robustWeights(payoff: table, risk: .worstCase)
    let tuned = try robustWeights(payoff: table, risk: tau == 0 ? .worstCase : .entropic(tau: tau, prior: nil))
    return FallbackReport(
      scenarios: scenarios, worstCase: worst.weights, worstCaseBounds: [worst.lowerBound, worst.upperBound],
      riskTuned: tuned.weights, riskTunedBounds: [tuned.lowerBound, tuned.upperBound], tau: tau)
  }

  func printTable(_ reports: [TickReport], _ fallback: FallbackReport) {
    print("Backends: " + backends.map { "\($0.name) (\($0.slots) slots, cost \($0.cost))" }.joined(separator: ", "))
    print("Loads are routed/slots; 'top-1 local' is how many requests would pick the local model without prices.\n")
    let rows = reports.map { r in
      [String(r.tick), String(r.requests)] + zip(r.load, r.capacity).map { "\($0)/\($1)" }
        + r.prices.map { String(format: "%.3f", $0) }
        + [String(r.plainTopKLoad[0]), String(r.spilled), String(format: "%.3f", r.meanQuality),
           String(format: "%.4f", r.gapPerRequest)]
    }
    let header = ["tick", "reqs", "local", "small", "large", "price local", "price small", "price large", "top-1 local",
                  "spilled", "quality", "gap/req"]
    print(TextTable(header: header, rows: rows, rightAligned: Set(header.indices)).rendered(), terminator: "")
    let peak = reports.max { $0.prices[0] < $1.prices[0] }!
    print("\nThe local model's price peaks at \(String(format: "%.3f", peak.prices[0])) in tick \(peak.tick), "
      + "when \(peak.plainTopKLoad[0]) requests want it and it has \(peak.capacity[0]) slots.")
    print("\nFallback mix (robust weights over \(fallback.scenarios.joined(separator: ", "))):")
    for (index, backend) in backends.enumerated() {
      print("  " + backend.name.padding(toLength: 20, withPad: " ", startingAt: 0)
        + String(format: "worst case %5.1f%%   τ = %g: %5.1f%%", 100 * fallback.worstCase[index], fallback.tau,
                 100 * fallback.riskTuned[index]))
    }
    print(String(format: "  worst-case value in [%.4f, %.4f]", fallback.worstCaseBounds[0], fallback.worstCaseBounds[1]))
  }
}
