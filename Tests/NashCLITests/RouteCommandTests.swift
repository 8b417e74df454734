import Foundation
import Nash
import Testing

/// `nash route`, end to end through the built binary.
@Suite("nash route")
struct RouteCommandTests {
  /// A seeded, skewed T×E batch as CSV (popular experts plus noise), with a header row.
  static func batchCSV(tokens: Int, experts: Int, seed: UInt64) -> String {
    var rng = SplitMix64(seed: seed)
    let popularity = (0..<experts).map { _ in rng.nextUnitDouble() * 2 }
    var lines = [(0..<experts).map { "e\($0)" }.joined(separator: ",")]
    for _ in 0..<tokens {
      lines.append((0..<experts).map { j in String(format: "%.4f", popularity[j] + 2 * rng.nextUnitDouble()) }.joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  @Test func routesA2048By64Top2BatchAtCapacityFactorOne() throws {
    let path = try CLITests.temporaryFile("route-2048x64.csv", Self.batchCSV(tokens: 2048, experts: 64, seed: 7))
    let run = try CLITests.run(["route", path, "--k", "2", "--capacity-factor", "1.0"])
    #expect(run.status == 0, "\(run.stderr)")
    let object = try Self.json(run.stdout)
    let ids = try #require(object["expertIDs"] as? [[Int]])
    let weights = try #require(object["weights"] as? [[Double]])
    let load = try #require(object["load"] as? [Int])
    let stats = try #require(object["stats"] as? [String: Any])
    #expect(ids.count == 2048 && ids.allSatisfy { $0.count == 2 && Set($0).count == 2 && $0.allSatisfy { (0..<64).contains($0) } })
    #expect(weights.allSatisfy { abs($0.reduce(0, +) - 1) < 1e-5 && $0.allSatisfy { $0 >= 0 } })
    #expect(load.count == 64 && load.allSatisfy { $0 <= 64 } && load.reduce(0, +) == 4096)
    #expect(stats["dropped"] as? Int == 0)
    #expect((stats["gapPerToken"] as? Double ?? -1) >= -1e-6)
    #expect((object["prices"] as? [Double])?.count == 64)
  }

  /// --threads caps the threads of a call; a batch of 2^18 scores (4096×64) is split over threads by
  /// default, and the JSON is the same byte for byte with 1 and 2 threads. 0 is a usage error.
  @Test func threadsDoNotChangeTheOutput() throws {
    let path = try CLITests.temporaryFile("route-4096x64.csv", Self.batchCSV(tokens: 4096, experts: 64, seed: 11))
    let one = try CLITests.run(["route", path, "--k", "2", "--capacity-factor", "1.0", "--threads", "1"])
    let two = try CLITests.run(["route", path, "--k", "2", "--capacity-factor", "1.0", "--threads", "2"])
    #expect(one.status == 0 && two.status == 0, "\(one.stderr) \(two.stderr)")
    #expect(one.stdout == two.stdout && !one.stdout.isEmpty)
    let zero = try CLITests.run(["route", path, "--k", "2", "--threads", "0"])
    #expect(zero.status == 64 && zero.stderr.contains("--threads must be at least 1"))
  }

  @Test func stateFileCarriesPricesBetweenRuns() throws {
    let path = try CLITests.temporaryFile("route-state.csv", Self.batchCSV(tokens: 256, experts: 8, seed: 3))
    let state = FileManager.default.temporaryDirectory.appendingPathComponent("nash-route-state-\(getpid()).json").path
    try? FileManager.default.removeItem(atPath: state)
    let first = try CLITests.run(["route", path, "--k", "2", "--capacity-factor", "1", "--state", state])
    #expect(first.status == 0, "\(first.stderr)")
    let saved = try Self.json(String(decoding: try Data(contentsOf: URL(fileURLWithPath: state)), as: UTF8.self))
    #expect(saved["calls"] as? Int == 1)
    #expect((saved["prices"] as? [Double]) == (try Self.json(first.stdout)["prices"] as? [Double]))
    let second = try CLITests.run(["route", path, "--k", "2", "--capacity-factor", "1", "--state", state, "--format", "table"])
    #expect(second.status == 0)
    #expect(second.stdout.contains("load\t"))
    let again = try Self.json(String(decoding: try Data(contentsOf: URL(fileURLWithPath: state)), as: UTF8.self))
    #expect(again["calls"] as? Int == 2)
    try "{\"prices\": [1, 2], \"calls\": 0}".write(toFile: state, atomically: true, encoding: .utf8)
    let wrong = try CLITests.run(["route", path, "--k", "2", "--state", state])
    #expect(wrong.status == 1)
    #expect(wrong.stderr.hasPrefix("Error: ") && wrong.stderr.contains("expected 8 prices"))
  }

  @Test func knownAnswerWithLabelsFromStandardInput() throws {
    let csv = "token,hot,cold\na,3,0\nb,2,0\nc,1,0\nd,0,0\n"
    let run = try CLITests.run(["route", "-", "--k", "1", "--capacity-factor", "1", "--format", "table"], stdin: csv)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.hasPrefix("a\thot 1.0000\nb\thot 1.0000\nc\tcold 1.0000\nd\tcold 1.0000\nload\t2 2\n"))
    let json = try Self.json(try CLITests.run(["route", "-", "--k", "1", "--capacity-factor", "1", "--solver", "exact"], stdin: csv).stdout)
    #expect(json["expertIDs"] as? [[Int]] == [[0], [0], [1], [1]])
    #expect(json["tokenLabels"] as? [String] == ["a", "b", "c", "d"])
  }

  /// Windows line endings: the same routing as with `\n` (they were read as one header line).
  @Test func crlfLineEndings() throws {
    let unix = try CLITests.run(["route", "-", "--k", "1", "--capacity-factor", "1"], stdin: "3,0\n2,0\n1,0\n0,0\n")
    let windows = try CLITests.run(["route", "-", "--k", "1", "--capacity-factor", "1"], stdin: "3,0\r\n2,0\r\n1,0\r\n0,0\r\n")
    #expect(unix.status == 0 && windows.status == 0, "\(windows.stderr)")
    #expect(windows.stdout == unix.stdout)
    #expect(try Self.json(windows.stdout)["expertIDs"] as? [[Int]] == [[0], [0], [1], [1]])
  }

  @Test func errorsNameTheCellAndExitCodes() throws {
    let bad = try CLITests.run(["route", "-", "--k", "1"], stdin: "1,2\n3,x\n")
    #expect(bad.status == 1)
    #expect(bad.stderr == "Error: <stdin>:2:3: 'x' is not a number\n")
    let ragged = try CLITests.run(["route", "-", "--k", "1"], stdin: "1,2\n3\n")
    #expect(ragged.status == 1 && ragged.stderr.contains("<stdin>:2:"))
    let tooMany = try CLITests.run(["route", "-", "--k", "3"], stdin: "1,2\n3,4\n")
    #expect(tooMany.status == 1 && tooMany.stderr.contains("more than the 2 experts"))
    let usage = try CLITests.run(["route", "-", "--k", "0"], stdin: "1,2\n")
    #expect(usage.status == 64)
    let factor = try CLITests.run(["route", "-", "--k", "1", "--capacity-factor", "-1"], stdin: "1,2\n")
    #expect(factor.status == 64)
    let missing = try CLITests.run(["route", "/nonexistent/scores.csv", "--k", "1"])
    #expect(missing.status == 1 && missing.stderr.contains("no such file"))
    let help = try CLITests.run(["route", "--help"])
    #expect(help.stdout.contains("nash route scores.csv --k 2 --capacity-factor 1.0"))
  }
}
