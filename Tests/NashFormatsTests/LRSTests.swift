import Foundation
import Nash
import NashFormats
import Testing

@Suite("lrsnash input format")
struct LRSInputTests {
  static let vonStengel = "3 2\n\n3 3\n2 5\n0 6\n\n3 2\n2 6\n3 1\n"

  @Test func reads() throws {
    let game = try BimatrixGame(lrs: Self.vonStengel)
    #expect(exactMatrices(game) == exactMatrices(.vonStengel3x2))
    #expect(game.rowLabels == ["1", "2", "3"] && game.title == "")
  }

  @Test func writesWhatLRSNashReads() {
    #expect(BimatrixGame.vonStengel3x2.lrsString() == Self.vonStengel)
  }

  @Test func blankLinesAndLineBreaksAreOptional() throws {
    let game = try BimatrixGame(lrs: "3 2\n3 3 2 5\n0 6 3 2\n2 6 3 1")
    #expect(exactMatrices(game) == exactMatrices(.vonStengel3x2))
    let crlf = try BimatrixGame(lrs: Self.vonStengel.replacingOccurrences(of: "\n", with: "\r\n"))
    #expect(exactMatrices(crlf) == exactMatrices(.vonStengel3x2))
  }

  @Test func fractions() throws {
    let game = try BimatrixGame(lrs: "2 2\n\n1/2 0\n0 -1/3\n\n1 0\n0 2/4\n")
    #expect(game.exactPayoff(for: .row, row: 1, column: 1) == q("-1/3"))
    #expect(game.exactPayoff(for: .column, row: 1, column: 1) == q("1/2"))
    #expect(game.lrsString() == "2 2\n\n1/2 0\n0 -1/3\n\n1 0\n0 1/2\n")
  }

  @Test func decimalGamesAreWrittenAsFractions() throws {
    let game = try BimatrixGame(rowPayoffs: [[0.1, 2]], columnPayoffs: [[-0.25, 1e-3]])
    #expect(game.lrsString() == "1 2\n\n1/10 2\n\n-1/4 1/1000\n")
  }

  @Test func headerErrors() {
    expectFormatError(.noData) { _ = try BimatrixGame(lrs: "\n \n") }
    for header in ["3", "3 2 1", "0 2", "-1 2", "a b", "2.0 2", "1/1 2"] {
      expectFormatError(.invalidHeader(header), line: 1, column: 1) {
        _ = try BimatrixGame(lrs: header + "\n\n1 2\n")
      }
    }
    expectFormatError(.invalidHeader("3 x"), line: 2, column: 2) { _ = try BimatrixGame(lrs: "\n 3 x\n") }
  }

  @Test func shapeErrors() {
    let few = expectFormatError(.tooFewPayoffs(expected: 12, found: 11), line: 9) {
      _ = try BimatrixGame(lrs: "3 2\n\n3 3\n2 5\n0 6\n\n3 2\n2 6\n3\n", source: "g.lrs")
    }
    #expect(few?.description == "g.lrs:9: expected 12 payoffs, found 11")
    expectFormatError(.tooManyPayoffs(expected: 12), line: 9, column: 5) {
      _ = try BimatrixGame(lrs: "3 2\n\n3 3\n2 5\n0 6\n\n3 2\n2 6\n3 1 7\n")
    }
    expectFormatError(.notANumber("x"), line: 3, column: 3) { _ = try BimatrixGame(lrs: "1 1\n\n1 x\n") }
    expectFormatError(.nonFiniteNumber("1/0"), line: 3, column: 1) {
      _ = try BimatrixGame(lrs: "1 1\n\n1/0 1\n")
    }
    expectFormatError(.tooLarge(cells: 100_000_000, limit: BimatrixGame.maximumCellCount), line: 1) {
      _ = try BimatrixGame(lrs: "10000 10000\n1 2\n")
    }
  }
}

@Suite("lrsnash output parser")
struct LRSOutputTests {
  /// lrsnash (lrslib 7.1) on von Stengel's 3×2 game.
  static let vonStengelOutput = """
    *lrsnash:lrslib v.7.1 2021.6.2(64bit,lrsgmp.h,hybrid arithmetic) gmp v.6.2
    2  2/3  1/3  3 
    1  4/5  1/5  0  14/5 

    2  1/3  2/3  4 
    1  0  1/3  2/3  8/3 

    2  1  0  3 
    1  1  0  0  3 

    *Number of equilibria found: 3
    *Player 1: vertices=5 bases=5 pivots=8
    *Player 2: vertices=3 bases=1 pivots=8

    *lrsnash:lrslib v.7.1 2021.6.2(64bit,lrsgmp.h,hybrid arithmetic)
    *0.000u 0.003s 2188Kb 2 flts 0 swaps 80 blks-in 16 blks-out 
    """

  /// lrsnash on the all-zero 3×3 game: blocks with several `2` lines.
  static let zeroGameOutput = """
    *lrsnash:lrslib v.7.1 2021.6.2(64bit,lrsgmp.h,hybrid arithmetic) gmp v.6.2
    2  1  0  0  0 
    2  0  1  0  0 
    2  0  0  1  0 
    1  1  0  0  0 

    2  1  0  0  0 
    2  0  1  0  0 
    2  0  0  1  0 
    1  0  1  0  0 

    *Number of equilibria found: 6
    """

  @Test func vonStengel() throws {
    let equilibria = try LRSNashOutput.equilibria(in: Self.vonStengelOutput, rows: 3, columns: 2)
    #expect(
      equilibria == [
        LRSNashEquilibrium(
          row: [q("4/5"), q("1/5"), q(0)], column: [q("2/3"), q("1/3")], rowPayoff: q(3),
          columnPayoff: q("14/5")),
        LRSNashEquilibrium(
          row: [q(0), q("1/3"), q("2/3")], column: [q("1/3"), q("2/3")], rowPayoff: q(4),
          columnPayoff: q("8/3")),
        LRSNashEquilibrium(
          row: [q(1), q(0), q(0)], column: [q(1), q(0)], rowPayoff: q(3), columnPayoff: q(3)),
      ])
    #expect(equilibria[0].description == "(4/5, 1/5, 0) (2/3, 1/3)")
  }

  @Test func degenerateBlocksPairEveryColumnStrategyWithTheRowStrategy() throws {
    let equilibria = try LRSNashOutput.equilibria(in: Self.zeroGameOutput)
    #expect(equilibria.count == 6)
    #expect(equilibria.filter { $0.row == [q(1), q(0), q(0)] }.count == 3)
    #expect(
      Set(equilibria.prefix(3).map(\.column)) == [
        [q(1), q(0), q(0)], [q(0), q(1), q(0)], [q(0), q(0), q(1)],
      ])
    #expect(equilibria.allSatisfy { $0.rowPayoff == .zero && $0.columnPayoff == .zero })
  }

  @Test func noEquilibriaInAnEmptyRun() throws {
    #expect(try LRSNashOutput.equilibria(in: "*lrsnash banner\n\n*Number of equilibria found: 0\n").isEmpty)
    #expect(try LRSNashOutput.equilibria(in: "").isEmpty)
  }

  @Test func errors() {
    expectFormatError(
      .unexpectedToken(expected: "a line starting with 2 before this one", found: "1"), line: 1
    ) {
      _ = try LRSNashOutput.equilibria(in: "1  1  0  3\n")
    }
    expectFormatError(.unexpectedEnd(expected: "a line starting with 1 after the lines starting with 2")) {
      _ = try LRSNashOutput.equilibria(in: "2  1  0  3\n")
    }
    expectFormatError(
      .unexpectedToken(expected: "a line starting with 1, 2 or *", found: "3"), line: 2, column: 1
    ) {
      _ = try LRSNashOutput.equilibria(in: "*x\n3 1 1\n")
    }
    expectFormatError(.raggedRow(expected: 4, found: 5), line: 2) {
      _ = try LRSNashOutput.equilibria(in: "2 1 0 3\n1 1 0 0 3\n", rows: 2, columns: 2)
    }
    expectFormatError(.raggedRow(expected: 4, found: 5), line: 4) {
      _ = try LRSNashOutput.equilibria(in: "2 1 0 3\n1 1 0 3\n\n2 1 0 0 3\n1 1 0 3\n")
    }
    expectFormatError(.notANumber("x"), line: 1, column: 5) {
      _ = try LRSNashOutput.equilibria(in: "2 1 x 3\n1 1 3\n")
    }
  }

  /// lrsnash itself, on the two-player Gambit games: every equilibrium it prints is an exact
  /// equilibrium of the game we read, which checks the .nfg reader, the lrs writer and the
  /// output parser together. lrsnash is installed by the project's set-up (Debian lrslib).
  @Test func realLRSNashOutputOnGambitGames() throws {
    let lrsnash = "/usr/bin/lrsnash"
    try #require(
      FileManager.default.isExecutableFile(atPath: lrsnash),
      "lrsnash is not installed (apt-get install lrslib)")
    let names = ["2x2.nfg", "e04.nfg", "todd3.nfg", "winkels.nfg", "perfect1.nfg", "coord3.nfg", "cent2.nfg"]
    for name in names {
      let game = try BimatrixGame(nfg: try fixture("gambit/\(name)"), source: name)
      let output = try runLRSNash(lrsnash, input: game.lrsString())
      let equilibria = try LRSNashOutput.equilibria(
        in: output, rows: game.rowCount, columns: game.columnCount, source: name)
      #expect(!equilibria.isEmpty, "\(name)")
      for equilibrium in equilibria {
        let profile = StrategyProfile(
          row: try MixedStrategy(exact: equilibrium.row), column: try MixedStrategy(exact: equilibrium.column)
        )
        let verified = game.verifyExactly(profile)
        #expect(verified != nil, "\(name): \(equilibrium)")
        #expect(verified?.rowPayoff == equilibrium.rowPayoff, "\(name)")
        #expect(verified?.columnPayoff == equilibrium.columnPayoff, "\(name)")
      }
    }
    // The coordination game has 2³ − 1 = 7 equilibria, all extreme.
    let coord = try BimatrixGame(nfg: try fixture("gambit/coord3.nfg"))
    #expect(try LRSNashOutput.equilibria(in: try runLRSNash(lrsnash, input: coord.lrsString())).count == 7)
  }
}

/// Runs lrsnash on `input` (through a temporary file) and returns its standard output.
func runLRSNash(_ executable: String, input: String) throws -> String {
  let file = FileManager.default.temporaryDirectory
    .appendingPathComponent("nashformats-\(UUID().uuidString).lrs")
  try input.write(to: file, atomically: true, encoding: .utf8)
  defer { try? FileManager.default.removeItem(at: file) }
  let process = Process()
  process.executableURL = URL(fileURLWithPath: executable)
  process.arguments = [file.path]
  let pipe = Pipe()
  process.standardOutput = pipe
  process.standardError = FileHandle.nullDevice
  try process.run()
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return String(decoding: data, as: UTF8.self)
}
