import Foundation
import Testing

/// End-to-end tests: run the built `nash` binary and check stdout, stderr and exit codes.
@Suite("nash command line")
struct CLITests {
  struct Run {
    let status: Int32
    let stdout: String
    let stderr: String
  }

  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// The `nash` executable beside the test bundle.
  static var binary: URL {
    var directory = Bundle.main.bundleURL
    if directory.pathExtension == "xctest" { directory.deleteLastPathComponent() }
    for candidate in [directory, Bundle.main.bundleURL.deletingLastPathComponent()] {
      let url = candidate.appendingPathComponent("nash")
      if FileManager.default.isExecutableFile(atPath: url.path) { return url }
    }
    return packageRoot.appendingPathComponent(".build/debug/nash")
  }

  static func run(_ arguments: [String], stdin: String? = nil) throws -> Run {
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.currentDirectoryURL = packageRoot
    var environment = ProcessInfo.processInfo.environment
    environment["OPENBLAS_NUM_THREADS"] = "1"
    process.environment = environment
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }

  static func temporaryFile(_ name: String, _ contents: String) throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nash-cli-tests-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let url = directory.appendingPathComponent(name)
    try contents.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  @Test func solvesTheBundledPrisonersDilemma() throws {
    let run = try Self.run(["solve", "Examples/games/prisoners-dilemma.csv"])
    #expect(run.status == 0)
    #expect(run.stdout.contains("1 equilibrium (the complete set)"))
    #expect(run.stdout.contains("Defect      Defect         -2          -2             0           exact"))
    #expect(run.stderr.contains("method: support-enumeration"))
  }

  @Test func csvRowsOnlyOnStdout() throws {
    let run = try Self.run(["solve", "Examples/games/battle-of-the-sexes.csv", "--format", "csv", "--exact"])
    #expect(run.status == 0)
    #expect(run.stdout == "NE,1,0,1,0\nNE,0,1,0,1\nNE,3/5,2/5,2/5,3/5\n")
    let decimals = try Self.run(["solve", "Examples/games/battle-of-the-sexes.csv", "--format", "csv"])
    #expect(decimals.stdout == "NE,1,0,1,0\nNE,0,1,0,1\nNE,0.6,0.4,0.4,0.6\n")
  }

  @Test func jsonIsOneParsableObject() throws {
    let run = try Self.run(["solve", "Examples/games/rock-paper-scissors.csv", "--format", "json"])
    #expect(run.status == 0)
    let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
    let equilibria = try #require(object?["equilibria"] as? [[String: Any]])
    #expect(equilibria.count == 1)
    #expect(equilibria[0]["verified"] as? Bool == true)
  }

  @Test func readsStandardInputAndNfg() throws {
    let nfg = """
      NFG 1 R "Matching pennies" { "P1" "P2" } { 2 2 }
      1 -1 -1 1 -1 1 1 -1
      """
    let run = try Self.run(["solve", "-", "--format", "csv", "--exact"], stdin: nfg)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout == "NE,1/2,1/2,1/2,1/2\n")
  }

  /// `auto` notices a degenerate game and switches to vertex enumeration, saying so.
  @Test func autoSwitchesToVertexEnumerationOnDegenerateGames() throws {
    let run = try Self.run(["solve", "Tests/Fixtures/gambit/winkels.nfg", "--format", "csv"])
    #expect(run.status == 0)
    #expect(run.stdout.split(separator: "\n").count == 12)
    #expect(run.stderr.contains("vertex-enumeration: the game is degenerate"))
    let plain = try Self.run(["solve", "Tests/Fixtures/gambit/winkels.nfg", "--method", "support-enumeration", "--format", "csv"])
    #expect(plain.stdout.split(separator: "\n").count == 6)
    #expect(plain.stderr.contains("may not be all"))
  }

  /// Constant-sum games go to the LP under auto; the LP refuses a general-sum game clearly.
  @Test func zeroSumLP() throws {
    let auto = try Self.run(["solve", "Examples/games/rock-paper-scissors.csv", "--format", "csv", "--exact"])
    #expect(auto.stdout == "NE,1/3,1/3,1/3,1/3,1/3,1/3\n")
    #expect(auto.stderr.contains("method: zero-sum-lp"))
    let refused = try Self.run(["solve", "Examples/games/battle-of-the-sexes.csv", "--method", "zero-sum-lp"])
    #expect(refused.status == 1)
    #expect(refused.stdout.isEmpty)
    #expect(refused.stderr.hasPrefix("Error: zero-sum-lp needs a zero-sum (constant-sum) game"))
  }

  /// Iterative methods print their certificate on stderr and the NE row on stdout.
  @Test func iterativeMethodsReportTheirCertificate() throws {
    for method in ["adaptive", "regret-matching", "fictitious-play", "logit"] {
      let run = try Self.run(["solve", "Examples/games/rock-paper-scissors.csv", "--method", method, "--format", "csv"])
      #expect(run.status == 0, "\(method): \(run.stderr)")
      #expect(run.stdout.hasPrefix("NE,"), "\(method)")
      #expect(run.stderr.contains("certificate: max regret"), "\(method): \(run.stderr)")
    }
  }

  @Test func pureMethod() throws {
    let run = try Self.run(["solve", "Examples/games/battle-of-the-sexes.csv", "--method", "pure", "--format", "csv"])
    #expect(run.stdout == "NE,1,0,1,0\nNE,0,1,0,1\n")
    // No pure equilibrium is an answer, not a failure.
    let none = try Self.run(["solve", "Examples/games/rock-paper-scissors.csv", "--method", "pure"])
    #expect(none.status == 0 && none.stdout.contains("0 pure equilibria"), "\(none.stderr)")
  }

  @Test func convertRoundTrips() throws {
    let nfg = try Self.run(["convert", "Examples/games/battle-of-the-sexes.csv", "--to", "nfg"])
    #expect(nfg.status == 0)
    #expect(nfg.stdout.hasPrefix("NFG 1 R"))
    let path = try Self.temporaryFile("bos.nfg", nfg.stdout)
    let solved = try Self.run(["solve", path, "--format", "csv", "--exact"])
    #expect(solved.stdout == "NE,1,0,1,0\nNE,0,1,0,1\nNE,3/5,2/5,2/5,3/5\n")
    let lrs = try Self.run(["convert", path, "--to", "lrs"])
    #expect(lrs.stdout.hasPrefix("2 2"))
  }

  /// Bad input: one `Error:` line naming the place, exit code 1, nothing on stdout.
  @Test(arguments: [
    ("ragged.csv", "1,2\n3\n", "ragged.csv:2"),
    ("word.csv", "1,2\n3,abc\n", "word.csv:2"),
    ("nan.csv", "1,2\n3,NaN\n", "nan.csv:2"),
    ("empty.csv", "", "empty.csv"),
    ("shapes.csv", "1,2\n3,4\n\n1,2,3\n4,5,6\n", "shapes.csv"),
    ("pair.csv", "\"1,2\",3\n\"4,5\",\"6,7\"\n", "pair.csv:1"),
    ("short.nfg", "NFG 1 R \"g\" { \"1\" \"2\" } { 2 2 }\n1 2 3\n", "short.nfg"),
  ])
  func badInput(name: String, contents: String, expected: String) throws {
    let path = try Self.temporaryFile(name, contents)
    let run = try Self.run(["solve", path])
    #expect(run.status == 1, "\(name): \(run.stderr)")
    #expect(run.stdout.isEmpty, "\(name)")
    let errorLines = run.stderr.split(separator: "\n").filter { $0.hasPrefix("Error: ") }
    #expect(errorLines.count == 1, "\(name): \(run.stderr)")
    #expect(run.stderr.contains(name), "\(name): \(run.stderr)")
  }

  /// Lemke–Howson through the CLI on a generated game: one verified equilibrium; and a path cut
  /// off by its pivot budget is a solver failure (one Error line, exit 1, nothing on stdout).
  @Test func lemkeHowsonOnAGeneratedGame() throws {
    let generated = try Self.run(["generate", "--rows", "40", "--columns", "40", "--seed", "1003"])
    #expect(generated.status == 0)
    let run = try Self.run(
      ["solve", "-", "--method", "lemke-howson", "--initial-label", "7", "--format", "json"], stdin: generated.stdout)
    #expect(run.status == 0, "\(run.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
    let equilibria = try #require(object?["equilibria"] as? [[String: Any]])
    #expect(equilibria.count == 1 && equilibria[0]["verified"] as? Bool == true)
    #expect(object?["hasConverged"] as? Bool == true && object?["isComplete"] as? Bool == false)
    let cut = try Self.run(
      ["solve", "-", "--method", "lemke-howson", "--max-iterations", "2"], stdin: generated.stdout)
    #expect(cut.status == 1 && cut.stdout.isEmpty)
    #expect(cut.stderr.hasPrefix("Error: lemke-howson found no equilibrium: the Lemke–Howson path from label 0 did not end within 2 pivots"))
    #expect(cut.stderr.split(separator: "\n").count == 1, "\(cut.stderr)")
  }

  @Test func missingFileAndUnknownExtension() throws {
    let missing = try Self.run(["solve", "no-such-game.csv"])
    #expect(missing.status == 1)
    #expect(missing.stderr.hasPrefix("Error: no-such-game.csv: no such file"))
    let path = try Self.temporaryFile("game.txt", "1,2\n3,4\n")
    let unknown = try Self.run(["solve", path])
    #expect(unknown.status == 1)
    #expect(unknown.stderr.contains("unknown file extension '.txt'"))
    #expect(unknown.stdout.isEmpty)
  }

  @Test func usageErrorsExit64() throws {
    #expect(try Self.run(["solve"]).status == 64)
    #expect(try Self.run(["solve", "x.csv", "--method", "magic"]).status == 64)
    #expect(try Self.run(["solve", "Examples/games/prisoners-dilemma.csv", "--tolerance", "-1"]).status == 64)
    #expect(try Self.run(["frobnicate"]).status == 64)
  }

  @Test func helpCarriesExamples() throws {
    let help = try Self.run(["--help"])
    #expect(help.status == 0)
    #expect(help.stdout.contains("nash solve Examples/games/prisoners-dilemma.csv"))
    let solveHelp = try Self.run(["solve", "--help"])
    #expect(solveHelp.stdout.contains("--method"))
    #expect(solveHelp.stdout.contains("Examples:"))
  }
}
