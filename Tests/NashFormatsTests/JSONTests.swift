import Foundation
import Nash
import NashFormats
import Testing

@Suite("JSON")
struct JSONTests {
  /// The three equilibria of von Stengel's 3×2 game, certified by the core.
  static func vonStengelResult() throws -> EquilibriumResult {
    let game = BimatrixGame.vonStengel3x2
    let third = 1.0 / 3
    let profiles: [([Double], [Double])] = [
      ([1, 0, 0], [1, 0]), ([0.8, 0.2, 0], [2 * third, third]), ([0, third, 2 * third], [third, 2 * third]),
    ]
    let equilibria = try profiles.map {
      game.certify(StrategyProfile(row: try MixedStrategy($0.0), column: try MixedStrategy($0.1)))
    }
    return EquilibriumResult(
      equilibria: equilibria, method: "support-enumeration", iterations: 9, hasConverged: true,
      isComplete: true, diagnostics: [.possiblyIncomplete("just testing")], tolerance: 1e-9)
  }

  @Test func resultObject() throws {
    let game = BimatrixGame.vonStengel3x2
    let text = try Self.vonStengelResult().jsonString(for: game)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(object["method"] as? String == "support-enumeration")
    #expect(object["hasConverged"] as? Bool == true)
    #expect(object["isComplete"] as? Bool == true)
    #expect(object["tolerance"] as? Double == 1e-9)
    #expect(
      object["diagnostics"] as? [String] == ["the equilibria listed may not be all of them: just testing"])
    let shape = try #require(object["game"] as? [String: Any])
    #expect(shape["rows"] as? Int == 3 && shape["columns"] as? Int == 2)
    #expect(shape["rowLabels"] as? [String] == ["1", "2", "3"])
    #expect(shape["title"] as? String == "von Stengel 3x2")
    let equilibria = try #require(object["equilibria"] as? [[String: Any]])
    #expect(equilibria.count == 3)
    let second = equilibria[1]
    #expect(second["rowExact"] as? [String] == ["4/5", "1/5", "0"])
    #expect(second["columnExact"] as? [String] == ["2/3", "1/3"])
    #expect(second["rowPayoffExact"] as? String == "3")
    #expect(second["columnPayoffExact"] as? String == "14/5")
    #expect(second["verified"] as? Bool == true)
    #expect(second["rowSupport"] as? [Int] == [0, 1])
    #expect(second["columnSupport"] as? [Int] == [0, 1])
    #expect((second["row"] as? [Double])?.count == 3)
    #expect((second["rowPayoff"] as? Double).map { abs($0 - 3) < 1e-12 } == true)
    #expect((second["maxRegret"] as? Double).map { $0 <= 1e-12 } == true)
    for key in ["rowRegret", "columnRegret", "columnPayoff"] { #expect(second[key] is Double, "\(key)") }
  }

  @Test func resultIsDeterministicWithSortedKeys() throws {
    let result = try Self.vonStengelResult()
    let a = result.jsonString(for: .vonStengel3x2)
    let b = result.jsonString(for: .vonStengel3x2)
    #expect(a == b)
    #expect(a.hasPrefix("{\"diagnostics\":"))
    #expect(!a.contains("\n"))
    let pretty = result.jsonString(for: .vonStengel3x2, prettyPrinted: true)
    #expect(pretty.contains("\n"))
  }

  @Test func unverifiedEquilibriumHasNoExactFields() throws {
    let game = BimatrixGame.matchingPennies
    let equilibrium = game.certify(
      StrategyProfile(row: try MixedStrategy([0.5, 0.5]), column: try MixedStrategy([0.5, 0.5])),
      exactly: false)
    let result = EquilibriumResult(
      equilibria: [equilibrium], method: "test", iterations: 1, hasConverged: true, isComplete: false,
      diagnostics: [], tolerance: 1e-9)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.jsonString(for: game).utf8)) as? [String: Any])
    let first = try #require((object["equilibria"] as? [[String: Any]])?.first)
    #expect(first["verified"] as? Bool == false)
    #expect(first["rowExact"] == nil && first["columnExact"] == nil)
    #expect(first["row"] as? [Double] == [0.5, 0.5])
  }

  @Test func gameRoundTrip() throws {
    for game in [BimatrixGame.prisonersDilemma, .vonStengel3x2, .rockPaperScissors] {
      #expect(try BimatrixGame(json: game.jsonString()) == game)
      #expect(try BimatrixGame(json: game.jsonString(prettyPrinted: true)) == game)
    }
    let fractions = try BimatrixGame(csv: "T,\"1/3, -2/7\",\"0.5, 1e-3\"\n")
    #expect(try BimatrixGame(json: fractions.jsonString()) == fractions)
  }

  @Test func gameObjectLayout() {
    let text = BimatrixGame.prisonersDilemma.jsonString()
    #expect(
      text == """
        {"columnLabels":["Cooperate","Defect"],"columnPayoffs":[["-1","0"],["-3","-2"]],"columns":2,\
        "format":"nash-game","rowLabels":["Cooperate","Defect"],"rowPayoffs":[["-1","-3"],["0","-2"]],\
        "rows":2,"title":"Prisoner's dilemma","version":1}
        """)
  }

  @Test func gameFromNumbersAndMinimalKeys() throws {
    let game = try BimatrixGame(
      json: #"{"rows":1,"columns":2,"rowPayoffs":[[1, 0.1]],"columnPayoffs":[["2","-1/3"]]}"#)
    #expect(game.exactPayoff(for: .row, row: 0, column: 1) == q("1/10"))
    #expect(game.exactPayoff(for: .column, row: 0, column: 1) == q("-1/3"))
    #expect(game.rowLabels == ["1"] && game.title == "")
  }

  @Test func gameErrors() {
    expectFormatError(.invalidJSON("the text is not valid JSON")) { _ = try BimatrixGame(json: "{not json") }
    expectFormatError(.invalidJSON("missing key \"rowPayoffs\" in the top level")) {
      _ = try BimatrixGame(json: #"{"rows":1,"columns":1,"columnPayoffs":[["1"]]}"#)
    }
    expectFormatError(.invalidJSON("rows and columns must be positive, found 0 and 1")) {
      _ = try BimatrixGame(json: #"{"rows":0,"columns":1,"rowPayoffs":[],"columnPayoffs":[]}"#)
    }
    expectFormatError(.raggedRow(expected: 2, found: 1)) {
      _ = try BimatrixGame(json: #"{"rows":1,"columns":2,"rowPayoffs":[["1"]],"columnPayoffs":[["1","2"]]}"#)
    }
    expectFormatError(
      .shapesDiffer(rowPlayer: .init(rows: 1, columns: 1), columnPlayer: .init(rows: 2, columns: 1))
    ) {
      _ = try BimatrixGame(
        json: #"{"rows":1,"columns":1,"rowPayoffs":[["1"]],"columnPayoffs":[["1"],["2"]]}"#)
    }
    expectFormatError(.notANumber("abc")) {
      _ = try BimatrixGame(json: #"{"rows":1,"columns":1,"rowPayoffs":[["abc"]],"columnPayoffs":[["1"]]}"#)
    }
    expectFormatError(.nonFiniteNumber("NaN")) {
      _ = try BimatrixGame(json: #"{"rows":1,"columns":1,"rowPayoffs":[["NaN"]],"columnPayoffs":[["1"]]}"#)
    }
    expectFormatError(.invalidGame(.dimensionMismatch("1 row labels for 2 rows"))) {
      _ = try BimatrixGame(
        json:
          #"{"rows":2,"columns":1,"rowLabels":["a"],"rowPayoffs":[["1"],["2"]],"columnPayoffs":[["1"],["2"]]}"#
      )
    }
    expectFormatError(.tooLarge(cells: 100_000_000, limit: BimatrixGame.maximumCellCount)) {
      _ = try BimatrixGame(json: #"{"rows":10000,"columns":10000,"rowPayoffs":[],"columnPayoffs":[]}"#)
    }
  }
}
