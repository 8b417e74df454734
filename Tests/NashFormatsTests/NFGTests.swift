import Nash
import NashFormats
import Testing

@Suite("Gambit .nfg")
struct NFGTests {
  @Test func allSixtyGambitGamesParse() throws {
    let names = try gambitFixtureNames()
    #expect(names.count == 60)
    var twoPlayer = 0
    for name in names {
      let text = try fixture("gambit/\(name)")
      let game: NormalFormGame
      do {
        game = try NormalFormGame(nfg: text, source: name)
      } catch {
        Issue.record("\(error)")
        continue
      }
      #expect(game.payoffs.count == game.playerCount, "\(name)")
      #expect(game.contingencyCount == game.strategyCounts.reduce(1, *), "\(name)")
      if game.playerCount == 2 {
        twoPlayer += 1
        let bimatrix = try BimatrixGame(nfg: text, source: name)
        #expect(bimatrix.rowCount == game.strategyCounts[0], "\(name)")
        #expect(bimatrix.columnCount == game.strategyCounts[1], "\(name)")
      } else {
        expectFormatError(.invalidGame(.unsupportedPlayerCount(game.playerCount))) {
          _ = try BimatrixGame(nfg: text, source: name)
        }
      }
      // Writing and reading back gives the same game.
      #expect(try NormalFormGame(nfg: game.nfgString()) == game, "\(name)")
    }
    #expect(twoPlayer == 44)
  }

  @Test func strategyCountsOfSeveralGames() throws {
    let expected: [String: [Int]] = [
      "2x2.nfg": [2, 2], "2x2x2.nfg": [2, 2, 2], "2x2x2x2x2.nfg": [2, 2, 2, 2, 2],
      "5x4x3.nfg": [5, 4, 3], "8x8.nfg": [8, 8], "e04.nfg": [3, 2], "todd3.nfg": [7, 4],
      "winkels.nfg": [6, 2], "dcg_vonstengel1999_6x6_game_with_75_eq.nfg": [6, 6],
      "ijgt_nau2004_sec6.nfg": [2, 2, 4], "tests_coordination_4x4_outcome.nfg": [4, 4],
    ]
    for (name, counts) in expected {
      let game = try NormalFormGame(nfg: try fixture("gambit/\(name)"), source: name)
      #expect(game.strategyCounts == counts, "\(name)")
    }
  }

  @Test func outcomeVersionWithLabels() throws {
    let game = try BimatrixGame(nfg: try fixture("gambit/2x2a.nfg"))
    #expect(game.title == "Two person 2 x 2 game with unique mixed equilibrium")
    #expect(game.rowLabels == ["U", "D"] && game.columnLabels == ["L", "R"])
    // Outcomes 1 2 3 4 in Gambit order: (U,L) (D,L) (U,R) (D,R).
    #expect(game.rowPayoffs == [[9, 0], [0, 1]])
    #expect(game.columnPayoffs == [[0, 1], [1, 0]])
  }

  @Test func outcomeVersionWithRepeatedOutcomes() throws {
    let game = try BimatrixGame(nfg: try fixture("gambit/tests_coordination_4x4_outcome.nfg"))
    #expect(game.rowLabels == ["1-1", "1-2", "1-3", "1-4"])
    for i in 0..<4 {
      for j in 0..<4 { #expect(game.payoff(for: .row, row: i, column: j) == (i == j ? 1 : 0)) }
    }
    let payoffVersion = try BimatrixGame(nfg: try fixture("gambit/tests_coordination_4x4_payoff.nfg"))
    #expect(exactMatrices(payoffVersion) == exactMatrices(game))
  }

  @Test func payoffVersionWithCounts() throws {
    // 1 1 0 2 0 2 1 1 0 3 2 0: contingencies (1,1) (2,1) (3,1) (1,2) (2,2) (3,2).
    let game = try BimatrixGame(nfg: try fixture("gambit/tests_mixed_strategy.nfg"))
    #expect(game.rowPayoffs == [[1, 1], [0, 0], [0, 2]])
    #expect(game.columnPayoffs == [[1, 1], [2, 3], [2, 0]])
    #expect(game.rowLabels == ["1", "2", "3"])
  }

  @Test func decimalsAreExact() throws {
    let game = try BimatrixGame(nfg: try fixture("gambit/e07.nfg"))
    #expect(game.exactPayoff(for: .row, row: 0, column: 0) == q("7.6"))
    #expect(game.exactPayoff(for: .row, row: 0, column: 0).description == "38/5")
    let cent = try BimatrixGame(nfg: try fixture("gambit/cent2.nfg"))
    // Outcomes without commas: { "" 0.811000 0.274000 }.
    #expect(cent.exactPayoff(for: .row, row: 0, column: 0) == q("811/1000"))
    #expect(cent.exactPayoff(for: .column, row: 0, column: 0) == q("0.274"))
    #expect(cent.rowLabels == ["1*11", "2111", "2211"])
  }

  @Test func fractions() throws {
    let todd = try BimatrixGame(nfg: try fixture("gambit/todd3.nfg"))
    #expect(todd.rowCount == 7 && todd.columnCount == 4)
    #expect(todd.exactPayoff(for: .row, row: 4, column: 0) == q("2/7"))
    #expect(todd.exactPayoff(for: .row, row: 5, column: 1) == q("6/19"))
    #expect(todd.exactPayoff(for: .row, row: 6, column: 0) == q("7/38"))
    let winkels = try BimatrixGame(nfg: try fixture("gambit/winkels.nfg"))
    #expect(winkels.exactPayoff(for: .row, row: 4, column: 0) == q("5/2"))
    let perfect = try BimatrixGame(nfg: try fixture("gambit/perfect1.nfg"))
    // Outcome "21" (3/2, 1) is row 2, column 1.
    #expect(perfect.exactPayoff(for: .row, row: 1, column: 0) == q("3/2"))
  }

  @Test func threePlayerPayoffOrder() throws {
    let game = try NormalFormGame(
      nfg: try fixture("gambit/tests_2x2x2_nfg_from_local_max_cut_2_pure_1_mixed_eq.nfg"))
    #expect(game.playerCount == 3)
    #expect(game.comment.contains("local max cut"))
    // "a b a: 2 4 2" is contingency (0, 1, 0); "b a a: 1 2 -1" is (1, 0, 0).
    #expect((0..<3).map { game.payoff(for: $0, strategies: [0, 1, 0]) } == [q(2), q(4), q(2)])
    #expect((0..<3).map { game.payoff(for: $0, strategies: [1, 0, 0]) } == [q(1), q(2), q(-1)])
    #expect(game.contingencyIndex([1, 1, 1]) == 7)
  }

  @Test func vonStengel75() throws {
    let game = try BimatrixGame(
      nfg: try fixture("gambit/dcg_vonstengel1999_6x6_game_with_75_eq_small_payoffs.nfg"))
    #expect(game.rowCount == 6 && game.columnCount == 6)
    #expect(game.exactPayoff(for: .row, row: 0, column: 0) == q(-81))
    #expect(game.exactPayoff(for: .column, row: 0, column: 0) == q(72))
    #expect(game.exactPayoff(for: .row, row: 1, column: 0) == q(-180))
    #expect(game.exactPayoff(for: .row, row: 0, column: 1) == q(36))
  }

  @Test func writerRoundTripAndShape() throws {
    let game = BimatrixGame.vonStengel3x2
    let text = game.nfgString()
    #expect(text.hasPrefix("NFG 1 R \"von Stengel 3x2\" { \"Player 1\" \"Player 2\" }"))
    #expect(text.contains("3 3 2 2 0 3\n3 2 5 6 6 1\n"))
    #expect(try BimatrixGame(nfg: text) == game)
  }

  @Test func writerEscapesStrings() throws {
    let game = exactGame(
      [[1, 2]], [[3, 4]], rows: ["say \"hi\""], columns: ["back\\slash", "two\nlines"], title: "T \"q\"")
    let back = try BimatrixGame(nfg: game.nfgString())
    #expect(back == game)
  }

  @Test func normalFormGameFromBimatrix() throws {
    let nfg = NormalFormGame(.battleOfTheSexes)
    #expect(nfg.playerCount == 2 && nfg.strategyCounts == [2, 2])
    #expect(nfg.payoff(for: 1, strategies: [1, 1]) == q(3))
    #expect(try nfg.bimatrixGame() == .battleOfTheSexes)
  }

  @Test func normalFormGameChecksShapes() {
    #expect(throws: GameError.self) {
      try NormalFormGame(
        playerNames: ["a", "b"], strategyLabels: [["x"], ["y", "z"]], payoffs: [[q(1)], [q(1)]])
    }
    #expect(throws: GameError.self) {
      try NormalFormGame(playerNames: ["a"], strategyLabels: [[]], payoffs: [[]])
    }
    let three = try! NormalFormGame(
      playerNames: ["a", "b", "c"], strategyLabels: [["x"], ["y"], ["z"]], payoffs: [[q(1)], [q(2)], [q(3)]])
    #expect(throws: GameError.unsupportedPlayerCount(3)) { try three.bimatrixGame() }
  }
}

@Suite("Gambit .nfg errors")
struct NFGErrorTests {
  static let header = "NFG 1 R \"g\" { \"A\" \"B\" } { 2 2 }\n"

  @Test func emptyFile() {
    expectFormatError(.noData) { _ = try NormalFormGame(nfg: "  \n") }
  }

  @Test func notAnNFGFile() {
    expectFormatError(
      .unexpectedToken(expected: "\"NFG\" at the start of a Gambit game file", found: "EFG"), line: 1,
      column: 1
    ) {
      _ = try NormalFormGame(nfg: "EFG 2 R \"x\"")
    }
    expectFormatError(.unexpectedToken(expected: "the format version 1 (\"NFG 1\")", found: "2")) {
      _ = try NormalFormGame(nfg: "NFG 2 R \"x\" { \"A\" } { 1 } 1")
    }
    expectFormatError(.unexpectedToken(expected: "R or D (the number type)", found: "Q")) {
      _ = try NormalFormGame(nfg: "NFG 1 Q \"x\" { \"A\" } { 1 } 1")
    }
  }

  @Test func tooFewPayoffs() {
    let error = expectFormatError(.tooFewPayoffs(expected: 8, found: 6), line: 2) {
      _ = try BimatrixGame(nfg: Self.header + "1 2 3 4 5 6", source: "g.nfg")
    }
    #expect(error?.description == "g.nfg:2:12: expected 8 payoffs, found 6")
  }

  @Test func tooManyPayoffs() {
    expectFormatError(.tooManyPayoffs(expected: 8), line: 2, column: 17) {
      _ = try BimatrixGame(nfg: Self.header + "1 2 3 4 5 6 7 8 9")
    }
  }

  @Test func badPayoff() {
    expectFormatError(.notANumber("x"), line: 2, column: 3) {
      _ = try BimatrixGame(nfg: Self.header + "1 x 3 4 5 6 7 8")
    }
    expectFormatError(.nonFiniteNumber("nan"), line: 2, column: 3) {
      _ = try BimatrixGame(nfg: Self.header + "1 nan 3 4 5 6 7 8")
    }
    expectFormatError(.unexpectedToken(expected: "a payoff", found: "{"), line: 2, column: 3) {
      _ = try BimatrixGame(nfg: Self.header + "1 { 3 4 5 6 7 8")
    }
  }

  @Test func syntaxErrors() {
    expectFormatError(.unexpectedEnd(expected: "the game's title in double quotes")) {
      _ = try NormalFormGame(nfg: "NFG 1 R")
    }
    expectFormatError(
      .unexpectedToken(expected: "the game's title in double quotes", found: "{"), line: 1, column: 9
    ) {
      _ = try NormalFormGame(nfg: "NFG 1 R { \"A\" }")
    }
    expectFormatError(.unterminatedQuote, line: 1, column: 9) {
      _ = try NormalFormGame(nfg: "NFG 1 R \"title")
    }
    expectFormatError(.unexpectedToken(expected: "a player's name in double quotes, or \"}\"", found: "A")) {
      _ = try NormalFormGame(nfg: "NFG 1 R \"t\" { A B } { 2 2 }")
    }
    expectFormatError(.unexpectedToken(expected: "at least one player's name", found: "}")) {
      _ = try NormalFormGame(nfg: "NFG 1 R \"t\" { } { }")
    }
    expectFormatError(
      .unexpectedToken(expected: "the number of strategies of player 2 (a positive integer)", found: "0")
    ) { _ = try NormalFormGame(nfg: "NFG 1 R \"t\" { \"A\" \"B\" } { 2 0 }") }
    expectFormatError(
      .unexpectedToken(expected: "the number of strategies of player 1 (a positive integer)", found: "-2")
    ) { _ = try NormalFormGame(nfg: "NFG 1 R \"t\" { \"A\" \"B\" } { -2 2 }") }
    expectFormatError(.unexpectedToken(expected: "\"}\" after the strategies of all 2 players", found: "3")) {
      _ = try NormalFormGame(nfg: "NFG 1 R \"t\" { \"A\" \"B\" } { 2 2 3 } 1 2 3 4 5 6 7 8")
    }
    expectFormatError(.unexpectedToken(expected: "at least one strategy for player 2", found: "}")) {
      _ = try NormalFormGame(nfg: "NFG 1 R \"t\" { \"A\" \"B\" } { { \"a\" } { } }")
    }
    expectFormatError(.unexpectedEnd(expected: "\"{\" before the strategy names of player 2")) {
      _ = try NormalFormGame(nfg: "NFG 1 R \"t\" { \"A\" \"B\" } { { \"a\" }")
    }
  }

  static let outcomeHeader = "NFG 1 R \"g\" { \"A\" \"B\" }\n{ { \"a\" \"b\" } { \"c\" } }\n\"\"\n"

  @Test func outcomeVersionErrors() {
    expectFormatError(.tooFewPayoffs(expected: 2, found: 1), line: 4, column: 11) {
      _ = try BimatrixGame(nfg: Self.outcomeHeader + "{ { \"o\" 1 } }\n1 1")
    }
    expectFormatError(.tooManyPayoffs(expected: 2), line: 4, column: 15) {
      _ = try BimatrixGame(nfg: Self.outcomeHeader + "{ { \"o\" 1, 2, 3 } }\n1 1")
    }
    expectFormatError(.outcomeIndexOutOfRange(index: 2, outcomeCount: 1), line: 5, column: 3) {
      _ = try BimatrixGame(nfg: Self.outcomeHeader + "{ { \"o\" 1, 2 } }\n1 2")
    }
    expectFormatError(.tooFewOutcomeNumbers(expected: 2, found: 1)) {
      _ = try BimatrixGame(nfg: Self.outcomeHeader + "{ { \"o\" 1, 2 } }\n1")
    }
    expectFormatError(.tooManyOutcomeNumbers(expected: 2), line: 5, column: 5) {
      _ = try BimatrixGame(nfg: Self.outcomeHeader + "{ { \"o\" 1, 2 } }\n1 0 1")
    }
    expectFormatError(.unexpectedToken(expected: "an outcome number (0 to 1)", found: "-1")) {
      _ = try BimatrixGame(nfg: Self.outcomeHeader + "{ { \"o\" 1, 2 } }\n1 -1")
    }
    expectFormatError(.unexpectedToken(expected: "the outcome's name in double quotes", found: "1")) {
      _ = try BimatrixGame(nfg: Self.outcomeHeader + "{ { 1, 2 } }\n1 1")
    }
    expectFormatError(.unexpectedEnd(expected: "a payoff or \"}\"")) {
      _ = try BimatrixGame(nfg: Self.outcomeHeader + "{ { \"o\" 1, 2 ")
    }
  }

  @Test func outcomeZeroIsAllZero() throws {
    let game = try BimatrixGame(nfg: Self.outcomeHeader + "{ { \"o\" 1, 2 } }\n0 1")
    #expect(game.rowPayoffs == [[0], [1]] && game.columnPayoffs == [[0], [2]])
  }

  @Test func tooLarge() {
    expectFormatError(.tooLarge(cells: 100_000_000, limit: BimatrixGame.maximumCellCount)) {
      _ = try NormalFormGame(nfg: "NFG 1 R \"t\" { \"A\" \"B\" } { 10000 10000 } 1 2")
    }
    expectFormatError(.tooLarge(cells: 2_500_000_000_000_000, limit: BimatrixGame.maximumCellCount)) {
      _ = try NormalFormGame(
        nfg:
          "NFG 1 R \"t\" { \"A\" \"B\" \"C\" \"D\" \"E\" } { 50000000 50000000 50000000 50000000 50000000 } 1"
      )
    }
    expectFormatError(
      .unexpectedToken(
        expected: "the number of strategies of player 1 (a positive integer)", found: "99999999999999999999")
    ) { _ = try NormalFormGame(nfg: "NFG 1 R \"t\" { \"A\" } { 99999999999999999999 } 1") }
  }
}
