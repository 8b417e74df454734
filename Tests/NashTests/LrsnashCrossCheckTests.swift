import Foundation
import Nash
import NashFormats
import Testing
import _NashTestSupport

/// Cross-check against an independent exact oracle: lrsnash (lrslib, Avis; Debian package
/// lrslib, installed by Scripts/setup.sh) enumerates every extreme equilibrium in exact
/// arithmetic. On nondegenerate games the two sets must be identical, fraction for fraction.
@Suite("Cross-check against lrsnash")
struct LrsnashCrossCheckTests {
  static let lrsnash = "/usr/bin/lrsnash"

  /// Runs lrsnash on `game` and returns its equilibria as exact profiles.
  static func lrsEquilibria(_ game: BimatrixGame) throws -> Set<ExpectedEquilibrium> {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nash-lrs-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let input = directory.appendingPathComponent("game-\(UInt64.random(in: 0...UInt64.max)).lrs")
    try game.lrsString().write(to: input, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: input) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: lrsnash)
    process.arguments = [input.path]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    let parsed = try LRSNashOutput.equilibria(in: text, rows: game.rowCount, columns: game.columnCount)
    return Set(parsed.map { ExpectedEquilibrium($0.row, $0.column) })
  }

  @Test("lrsnash is installed (Scripts/setup.sh installs it)")
  func oracleIsInstalled() {
    #expect(FileManager.default.isExecutableFile(atPath: Self.lrsnash), "run Scripts/setup.sh to install lrslib")
  }

  /// 245 seeded games, every shape from 2×2 to 8×8 five times, integer payoffs in ±10⁶.
  @Test("same equilibrium sets as lrsnash on random games up to 8x8", arguments: 0..<245)
  func sameSets(seed: UInt64) throws {
    guard FileManager.default.isExecutableFile(atPath: Self.lrsnash) else { return }
    let m = 2 + Int(seed % 7), n = 2 + Int((seed / 7) % 7)
    let game = BimatrixGame.randomInteger(rows: m, columns: n, range: -1_000_000...1_000_000, seed: seed)
    let result = try game.solve(using: .supportEnumeration())
    #expect(certificateProblem(result, in: game) == nil, "seed \(seed)")
    #expect(result.equilibria.allSatisfy { $0.isVerifiedExactly }, "seed \(seed)")
    let ours = Set(result.equilibria.compactMap(\.exactProfile))
    let theirs = try Self.lrsEquilibria(game)
    if result.isComplete {
      #expect(ours == theirs, "seed \(seed) (\(m)x\(n)): ours \(ours.subtracting(theirs)) vs lrsnash \(theirs.subtracting(ours))")
    } else {
      // Degenerate: every equilibrium we report must still be a real one; lrsnash lists
      // the extreme ones, so ours should be among them.
      #expect(ours.isSubset(of: theirs), "seed \(seed): degenerate game, ours not among lrsnash's")
    }
  }

  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/gambit")

  /// The two-player games among Gambit's test games (many degenerate).
  static let gambitBimatrixGames: [String] = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? []
    return names.filter { $0.hasSuffix(".nfg") }.sorted().filter { name in
      guard let text = try? String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8),
        let game = try? NormalFormGame(nfg: text)
      else { return false }
      return game.playerCount == 2
    }
  }()

  @Test("the fixtures hold Gambit's 44 two-player games")
  func fixtureCount() {
    #expect(Self.gambitBimatrixGames.count == 44)
  }

  /// Gambit's test games, many degenerate: when support enumeration claims the complete set
  /// it must equal lrsnash's; otherwise (a degeneracy witness) what it reports must be real
  /// extreme equilibria, all verified exactly.
  @Test("Gambit's two-player games agree with lrsnash", arguments: gambitBimatrixGames)
  func gambitGames(name: String) throws {
    guard FileManager.default.isExecutableFile(atPath: Self.lrsnash) else { return }
    let text = try String(contentsOf: Self.fixtures.appendingPathComponent(name), encoding: .utf8)
    let game = try NormalFormGame(nfg: text, source: name).bimatrixGame()
    let result = try game.solve(using: .supportEnumeration())
    #expect(certificateProblem(result, in: game) == nil, "\(name)")
    #expect(result.equilibria.allSatisfy { $0.isVerifiedExactly }, "\(name)")
    let ours = Set(result.equilibria.compactMap(\.exactProfile))
    let theirs = try Self.lrsEquilibria(game)
    if result.isComplete {
      #expect(ours == theirs, "\(name): ours \(ours.subtracting(theirs)) vs lrsnash \(theirs.subtracting(ours))")
    } else {
      #expect(ours.isSubset(of: theirs), "\(name): \(ours.subtracting(theirs)) not among lrsnash's")
      #expect(result.isPossiblyDegenerate, "\(name)")
    }
  }

  /// Vertex enumeration finds every extreme equilibrium, degenerate games included: the same
  /// set as lrsnash on every two-player Gambit game.
  @Test("vertex enumeration equals lrsnash on Gambit's two-player games", arguments: gambitBimatrixGames)
  func vertexEnumerationOnGambitGames(name: String) throws {
    guard FileManager.default.isExecutableFile(atPath: Self.lrsnash) else { return }
    let text = try String(contentsOf: Self.fixtures.appendingPathComponent(name), encoding: .utf8)
    let game = try NormalFormGame(nfg: text, source: name).bimatrixGame()
    let result = try game.solve(using: .vertexEnumeration())
    #expect(certificateProblem(result, in: game) == nil, "\(name)")
    #expect(result.equilibria.allSatisfy { $0.isVerifiedExactly }, "\(name)")
    #expect(result.isComplete, "\(name)")
    let ours = Set(result.equilibria.compactMap(\.exactProfile))
    let theirs = try Self.lrsEquilibria(game)
    #expect(ours == theirs, "\(name): ours \(ours.subtracting(theirs)) vs lrsnash \(theirs.subtracting(ours))")
  }

  @Test("vertex enumeration equals lrsnash on random games with ties", arguments: 0..<60)
  func vertexEnumerationOnRandomTies(seed: UInt64) throws {
    guard FileManager.default.isExecutableFile(atPath: Self.lrsnash) else { return }
    let m = 2 + Int(seed % 4), n = 2 + Int((seed / 4) % 4)
    // Payoffs in 0...3: ties everywhere, so most of these games are degenerate.
    let game = BimatrixGame.randomInteger(rows: m, columns: n, range: 0...3, seed: seed)
    let result = try game.solve(using: .vertexEnumeration())
    #expect(certificateProblem(result, in: game) == nil, "seed \(seed)")
    let ours = Set(result.equilibria.compactMap(\.exactProfile))
    #expect(ours == (try Self.lrsEquilibria(game)), "seed \(seed)")
  }
}
