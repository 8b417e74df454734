import Foundation
import Testing

/// Runs the moe-router example (Examples/moe-router) and checks what it reports against the router's promises.
@Suite struct MoERouterExampleTests {
  @Test func defaultRunPrintsTheTickTableAndTheFallbackMix() throws {
    let run = try ExampleRunner.run("moe-router", [])
    #expect(run.status == 0, "stderr: \(run.stderr)")
    #expect(run.stdout.contains("The local model's price peaks at"))
    #expect(run.stdout.contains("Fallback mix (robust weights"))
  }

  @Test(arguments: [UInt64(1), 2, 3])
  func everyTickRespectsCapacityAndPricesTheSaturatedBackend(seed: UInt64) throws {
    let run = try ExampleRunner.run("moe-router", ["--format", "json", "--seed", String(seed), "--ticks", "30"])
    #expect(run.status == 0, "stderr: \(run.stderr)")
    let output = try ExampleRunner.json(run)
    let ticks = try #require(output["ticks"] as? [[String: Any]])
    #expect(ticks.count == 30)
    var spilled = 0
    var sawLocalPriced = false
    for tick in ticks {
      let load = try #require(tick["load"] as? [Int]), capacity = try #require(tick["capacity"] as? [Int])
      let prices = try #require(tick["prices"] as? [Double]), requests = try #require(tick["requests"] as? Int)
      #expect(zip(load, capacity).allSatisfy { $0 <= $1 }, "over capacity: \(load) vs \(capacity)")
      #expect(load.reduce(0, +) == min(requests, capacity.reduce(0, +)), "a request was dropped with room left")
      #expect(prices.allSatisfy { $0 >= 0 && $0.isFinite })
      #expect(try #require(tick["gapPerRequest"] as? Double) >= -1e-6)
      spilled += try #require(tick["spilled"] as? Int)
      let plain = try #require(tick["plainTopKLoad"] as? [Int])
      if plain[0] > capacity[0] { sawLocalPriced = sawLocalPriced || prices[0] > 0 }
    }
    #expect(spilled > 0, "no request ever spilled to the cloud")
    #expect(sawLocalPriced, "the local model was never priced while over-demanded")
    let fallback = try #require(output["fallback"] as? [String: Any])
    for key in ["worstCase", "riskTuned"] {
      let weights = try #require(fallback[key] as? [Double])
      #expect(weights.count == 3 && weights.allSatisfy { $0 >= 0 })
      #expect(abs(weights.reduce(0, +) - 1) < 1e-9)
    }
    let bounds = try #require(fallback["worstCaseBounds"] as? [Double])
    #expect(bounds[0] <= bounds[1] + 1e-12)
  }

  @Test(arguments: [["--ticks", "0"], ["--format", "xml"], ["--tau", "-1"], ["--no-such-flag"]])
  func badFlagsAreUsageErrors(flags: [String]) throws {
    let run = try ExampleRunner.run("moe-router", flags)
    #expect(run.status == 64)
    #expect(run.errorLines.count == 1, "stderr: \(run.stderr)")
  }
}
