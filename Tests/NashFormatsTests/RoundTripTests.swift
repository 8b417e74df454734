import Nash
import NashFormats
import Testing

@Suite("Writers and round trips")
struct RoundTripTests {
  static let catalog: [BimatrixGame] = [
    .prisonersDilemma, .matchingPennies, .battleOfTheSexes, .rockPaperScissors, .stagHunt, .chicken,
    .vonStengel3x2, .coordination(4),
  ]

  @Test func csvWriterMatchesTheDesignExample() {
    #expect(
      BimatrixGame.prisonersDilemma.csvString() == """
        Prisoner's dilemma,Cooperate,Defect
        Cooperate,"-1,-1","-3,0"
        Defect,"0,-3","-2,-2"

        """)
  }

  @Test(arguments: catalog)
  func csvRoundTrip(game: BimatrixGame) throws {
    #expect(try BimatrixGame(csv: game.csvString()) == game)
  }

  @Test(arguments: catalog)
  func nfgRoundTrip(game: BimatrixGame) throws {
    #expect(try BimatrixGame(nfg: game.nfgString()) == game)
  }

  @Test(arguments: catalog)
  func jsonRoundTrip(game: BimatrixGame) throws {
    #expect(try BimatrixGame(json: game.jsonString()) == game)
  }

  @Test(arguments: catalog)
  func lrsRoundTripKeepsPayoffs(game: BimatrixGame) throws {
    let back = try BimatrixGame(lrs: game.lrsString())
    #expect(exactMatrices(back) == exactMatrices(game))
  }

  /// CSV → NFG → lrs → JSON → CSV keeps the exact payoffs (lrs has no labels).
  @Test(arguments: 0..<20)
  func chainThroughAllFormats(seed: UInt64) throws {
    var rng = SplitMix64(seed: seed)
    let m = Int.random(in: 1...5, using: &rng)
    let n = Int.random(in: 1...5, using: &rng)
    func value() -> Rational {
      let p = Int.random(in: -50...50, using: &rng)
      let q = Int.random(in: 1...7, using: &rng)
      return Rational(p) / Rational(q)
    }
    let a = (0..<m).map { _ in (0..<n).map { _ in value() } }
    let b = (0..<m).map { _ in (0..<n).map { _ in value() } }
    let original = try BimatrixGame(exactRowPayoffs: a, exactColumnPayoffs: b)
    let fromCSV = try BimatrixGame(csv: original.csvString())
    let fromNFG = try BimatrixGame(nfg: fromCSV.nfgString())
    let fromLRS = try BimatrixGame(lrs: fromNFG.lrsString())
    let fromJSON = try BimatrixGame(json: fromLRS.jsonString())
    let back = try BimatrixGame(csv: fromJSON.csvString())
    #expect(back == original, "seed \(seed)")
    #expect(fromNFG == original && fromLRS == original && fromJSON == original, "seed \(seed)")
  }

  @Test func labelsSurviveCSVAndNFGAndJSON() throws {
    let game = exactGame(
      [[1, 2, 3], [4, 5, 6]], [[6, 5, 4], [3, 2, 1]],
      rows: ["# not a comment", " padded "], columns: ["a, b", "say \"x\"", "2111"],
      title: "Title, with comma")
    #expect(try BimatrixGame(csv: game.csvString()) == game)
    #expect(try BimatrixGame(nfg: game.nfgString()) == game)
    #expect(try BimatrixGame(json: game.jsonString()) == game)
  }

  @Test func emptyLabelsAndTitle() throws {
    let game = exactGame([[1, 2]], [[3, 4]], rows: [""], columns: ["", ""])
    #expect(try BimatrixGame(csv: game.csvString()) == game)
  }

  @Test func gambitGamesThroughCSV() throws {
    for name in try gambitFixtureNames() {
      let nfg = try NormalFormGame(nfg: try fixture("gambit/\(name)"))
      guard nfg.playerCount == 2 else { continue }
      let game = try nfg.bimatrixGame()
      #expect(try BimatrixGame(csv: game.csvString()) == game, "\(name)")
      #expect(try BimatrixGame(lrs: game.lrsString()).rowPayoffs == game.rowPayoffs, "\(name)")
    }
  }

  /// A game of `Double`s is written with each payoff's shortest round-trip decimal, and
  /// read back exactly as that decimal. (The `Double`s the core derives from the decimals
  /// can differ in the last bit while `Rational.doubleValue` is not correctly rounded.)
  @Test func floatingPointGamesRoundTripTheirDecimals() throws {
    for seed: UInt64 in 0..<10 {
      let game = BimatrixGame.random(rows: 3, columns: 4, seed: seed)
      for text in [game.csvString(), game.nfgString(), game.jsonString(), game.lrsString()] {
        let back = try GameFormat.detect(content: text).readGame(from: text)
        #expect(exactMatrices(back) == exactMatrices(game), "seed \(seed)")
        for (x, y) in zip(back.rowPayoffs.joined(), game.rowPayoffs.joined()) {
          #expect(x == y || x.nextUp == y || x.nextDown == y, "seed \(seed)")
        }
      }
    }
  }

  @Test func integralDoublesAreWrittenAsIntegers() {
    let game = try! BimatrixGame(rowPayoffs: [[3, -0.5]], columnPayoffs: [[1e20, 0]])
    #expect(game.csvString().contains("\"3,1e+20\""))
    #expect(game.csvString().contains("\"-0.5,0\""))
  }
}

@Suite("Format detection")
struct GameFormatTests {
  @Test func fromExtensions() {
    #expect(GameFormat(path: "games/pd.csv") == .csv)
    #expect(GameFormat(path: "pd.NFG") == .nfg)
    #expect(GameFormat(path: "/tmp/x.lrs") == .lrs)
    #expect(GameFormat(path: "out.json") == .json)
    #expect(GameFormat(path: "game") == nil)
    #expect(GameFormat(path: ".csv") == nil)
    #expect(GameFormat(path: "dir.csv/game") == nil)
    #expect(GameFormat(fileExtension: ".Json") == .json)
  }

  @Test func fromContent() {
    #expect(GameFormat.detect(content: "NFG 1 R \"x\" { \"a\" } { 1 } 1") == .nfg)
    #expect(GameFormat.detect(content: "\u{FEFF}\n  NFG 1 R") == .nfg)
    #expect(GameFormat.detect(content: " {\"rows\": 1}") == .json)
    #expect(GameFormat.detect(content: LRSInputTests.vonStengel) == .lrs)
    #expect(GameFormat.detect(content: "2 2\n1 2\n") == .csv)  // too few numbers for lrs
    #expect(GameFormat.detect(content: CSVReaderTests.prisonersDilemma) == .csv)
    #expect(GameFormat.detect(content: "3 2\n") == .csv)
    #expect(GameFormat.detect(content: "") == .csv)
    #expect(GameFormat.detect(path: "x.nfg", content: "1,2") == .nfg)
    #expect(GameFormat.detect(path: "-", content: "1,2") == .csv)
  }

  @Test(arguments: GameFormat.allCases)
  func readWhatIsWritten(format: GameFormat) throws {
    let text = format.string(for: .vonStengel3x2)
    #expect(GameFormat.detect(content: text) == format)
    let back = try format.readGame(from: text, source: "x.\(format)")
    #expect(exactMatrices(back) == exactMatrices(.vonStengel3x2))
  }

  @Test func sourceNameInMessages() {
    let error = expectFormatError(.notANumber("x")) {
      _ = try GameFormat.lrs.readGame(from: "1 1\n\nx 1\n", source: "in.lrs")
    }
    #expect(error?.description == "in.lrs:3:1: expected a number, found \"x\"")
  }
}
