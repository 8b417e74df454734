import Foundation
import Testing

/// The README's "Expert weighting for MoE routers" commands, on the data bundled in
/// Examples/moe-router/data, print what the README says they print.
@Suite struct MoEReadmeTests {
  @Test func robustWeightsOfTheBundledTable() throws {
    let worst = try CLITests.run(["weights", "Examples/moe-router/data/model-quality.csv"])
    #expect(worst.status == 0, "stderr: \(worst.stderr)")
    #expect(worst.stdout.contains("value 0.692727   bounds [0.692727, 0.692727]   gap 0"))
    #expect(worst.stdout.contains("cloud-small      0.818182"))
    #expect(worst.stdout.contains("cloud-large      0.181818"))
    let tuned = try CLITests.run(["weights", "Examples/moe-router/data/model-quality.csv", "--tau", "0.05"])
    #expect(tuned.status == 0)
    #expect(tuned.stdout.contains("cloud-small      0.7508"))
    #expect(tuned.stdout.contains("cloud-large      0.2491"))
  }

  @Test func routingTheBundledBatch() throws {
    let run = try CLITests.run([
      "route", "Examples/moe-router/data/scores.csv", "--k", "2", "--capacity-factor", "1.0", "--format", "json",
    ])
    #expect(run.status == 0, "stderr: \(run.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let ids = try #require(object["expertIDs"] as? [[Int]])
    let load = try #require(object["load"] as? [Int])
    #expect(ids.count == 12 && ids.allSatisfy { $0.count == 2 && $0[0] != $0[1] })
    #expect(load == [4, 4, 4, 4, 4, 4])  // capacity ceil(1.0 · 12 · 2 / 6) = 4, and 24 slots fill it
    let stats = try #require(object["stats"] as? [String: Any])
    #expect(stats["dropped"] as? Int == 0)
    #expect(try #require(stats["gapPerToken"] as? Double) >= -1e-6)
  }
}
