import Foundation
import Nash
import NashFormats
import Testing
import _NashTestSupport

/// The code of the DocC articles in `Sources/Nash/Nash.docc`, verbatim, with the results
/// the articles state asserted. When an article changes, change its test the same way.
@Suite("documentation snippets")
struct DocumentationTests {
  // MARK: - Nash.md (landing page)

  @Test func landingPage() throws {
    let game = try BimatrixGame(
      rowPayoffs: [[3, 0], [0, 2]], columnPayoffs: [[2, 0], [0, 3]],
      rowLabels: ["Opera", "Football"], columnLabels: ["Opera", "Football"])
    let result = try game.solve(using: .supportEnumeration())
    // result.equilibria.count == 3, result.isComplete
    #expect(result.equilibria.count == 3)
    #expect(result.isComplete)
  }

  // MARK: - README.md ("The library")

  @Test func readme() throws {
    let game = try BimatrixGame(
      rowPayoffs: [[3, 0], [0, 2]], columnPayoffs: [[2, 0], [0, 3]],
      rowLabels: ["Opera", "Football"], columnLabels: ["Opera", "Football"])
    let result = try game.solve(using: .supportEnumeration())
    for equilibrium in result.equilibria {
      print(equilibrium.profile, equilibrium.maxRegret, equilibrium.isVerifiedExactly)
    }
    // result.isComplete, result.diagnostics (degeneracy witnesses), result.method, result.iterations
    #expect(result.isComplete && result.diagnostics.isEmpty && result.method == "support-enumeration")
    #expect(result.equilibria.allSatisfy { $0.maxRegret == 0 && $0.isVerifiedExactly })
  }

  // MARK: - GettingStarted.md

  @Test func gettingStarted() throws {
    // "Build the game"
    let game = try BimatrixGame(
      rowPayoffs: [[3, 0], [0, 2]], columnPayoffs: [[2, 0], [0, 3]],
      rowLabels: ["Opera", "Football"], columnLabels: ["Opera", "Football"])
    #expect(game.rowPayoffs == BimatrixGame.battleOfTheSexes.rowPayoffs)
    #expect(game.columnPayoffs == BimatrixGame.battleOfTheSexes.columnPayoffs)

    // "Solve it"
    let result = try game.solve(using: .supportEnumeration())
    // result.equilibria.count == 3
    // result.isComplete == true, result.method == "support-enumeration"
    #expect(result.equilibria.count == 3)
    #expect(result.isComplete == true)
    #expect(result.method == "support-enumeration")

    // "Read the equilibria"
    let mixed = result.equilibria[2]
    // mixed.profile.row.probabilities == [0.6, 0.4]
    // mixed.profile.column.probabilities == [0.4, 0.6]
    // mixed.profile.row.exactProbabilities == [3/5, 2/5]
    // mixed.rowPayoff == 1.2, mixed.columnPayoff == 1.2
    // mixed.maxRegret == 0, mixed.isVerifiedExactly == true
    #expect(mixed.profile.row.probabilities == [0.6, 0.4])
    #expect(mixed.profile.column.probabilities == [0.4, 0.6])
    #expect(mixed.profile.row.exactProbabilities == exact("3/5", "2/5"))
    #expect(abs(mixed.rowPayoff - 1.2) <= 1e-15 && abs(mixed.columnPayoff - 1.2) <= 1e-15)
    #expect(mixed.exactPayoffs?.row == exact("6/5")[0])
    #expect(mixed.maxRegret == 0)
    #expect(mixed.isVerifiedExactly == true)
    #expect(result.equilibria[0].isPure && result.equilibria[1].isPure)
    #expect(result.equilibria[0].rowSupport == [0] && result.equilibria[1].rowSupport == [1])

    // "Check a profile of your own"
    let guess = StrategyProfile(
      row: try MixedStrategy([0.5, 0.5]), column: try MixedStrategy([0.5, 0.5]))
    let regrets = game.regret(of: guess)
    // regrets.row == 0.25, regrets.column == 0.25
    // game.isNashEquilibrium(guess) == false
    let certified = game.certify(guess)
    // certified.maxRegret == 0.25, certified.isVerifiedExactly == false
    #expect(regrets.row == 0.25 && regrets.column == 0.25)
    #expect(game.isNashEquilibrium(guess) == false)
    #expect(certified.maxRegret == 0.25)
    #expect(certified.isVerifiedExactly == false)
    #expect(throws: StrategyError.self) { try MixedStrategy([0.5, 0.6]) }
    #expect(throws: StrategyError.self) { try MixedStrategy([1.5, -0.5]) }

    // "Find one equilibrium fast"
    let one = try game.solve(using: .lemkeHowson(initialDroppedLabel: 0))
    // one.equilibria.count == 1, one.equilibria[0].isPure
    #expect(one.equilibria.count == 1)
    #expect(one.equilibria[0].isPure)
  }

  @Test func gettingStartedFiles() throws {
    let game = try BimatrixGame(
      rowPayoffs: [[3, 0], [0, 2]], columnPayoffs: [[2, 0], [0, 3]],
      rowLabels: ["Opera", "Football"], columnLabels: ["Opera", "Football"])

    let text = """
      ,Opera,Football
      Opera,"3,2","0,0"
      Football,"0,0","2,3"
      """
    let fromCSV = try BimatrixGame(csv: text, source: "bos.csv")
    let json = try fromCSV.solve(using: .supportEnumeration()).jsonString(for: fromCSV)
    // fromCSV.rowPayoffs == game.rowPayoffs, json contains "\"verified\":true"
    #expect(fromCSV.rowPayoffs == game.rowPayoffs)
    #expect(fromCSV.columnPayoffs == game.columnPayoffs)
    #expect(json.contains("\"verified\":true"))
  }

  // MARK: - ChoosingASolver.md

  @Test func choosingASolver() throws {
    let all = try BimatrixGame.vonStengel3x2.solve(using: .supportEnumeration())
    let one = try BimatrixGame.vonStengel3x2.solve(using: .lemkeHowson(initialDroppedLabel: 1))
    let value = try ZeroSumLP().solveZeroSum(.rockPaperScissors)
    // all.equilibria.count == 3, all.isComplete
    // one.equilibria.count == 1, one.isComplete == false
    // value.value ≈ 0, value.gap ≤ 1e-12
    #expect(all.equilibria.count == 3 && all.isComplete)
    #expect(one.equilibria.count == 1 && one.isComplete == false)
    #expect(abs(value.value) <= 1e-12 && value.gap <= 1e-12)
  }

  /// The article's `allEquilibria(of:)`, verbatim.
  func allEquilibria(of game: BimatrixGame) throws -> EquilibriumResult {
    if game.isConstantSum() { return try game.solve(using: .zeroSumLP()) }
    let result = try game.solve(using: .supportEnumeration())
    return result.isPossiblyDegenerate ? try game.solve(using: .vertexEnumeration()) : result
  }

  @Test func choosingASolverAuto() throws {
    // allEquilibria(of: .rockPaperScissors).method == "zero-sum-lp"
    // allEquilibria(of: .battleOfTheSexes).equilibria.count == 3
    #expect(try allEquilibria(of: .rockPaperScissors).method == "zero-sum-lp")
    #expect(try allEquilibria(of: .battleOfTheSexes).equilibria.count == 3)
    // And the degenerate game of Degeneracy.md goes to vertex enumeration.
    let degenerate = try BimatrixGame(
      rowPayoffs: [[3, 3], [2, 5], [0, 6]], columnPayoffs: [[3, 3], [2, 6], [3, 1]])
    #expect(try allEquilibria(of: degenerate).method == "vertex-enumeration")
  }

  // MARK: - PayoffConventions.md

  @Test func payoffConventions() throws {
    let game = try BimatrixGame(
      rowPayoffs: [[3, 3], [2, 5], [0, 6]],  // A, 3×2
      columnPayoffs: [[3, 2], [2, 6], [3, 1]])  // B, 3×2
    // game.rowCount == 3, game.columnCount == 2
    // game.payoff(for: .column, row: 1, column: 1) == 6
    #expect(game.rowCount == 3 && game.columnCount == 2)
    #expect(game.payoff(for: .column, row: 1, column: 1) == 6)

    let quantEconB: [[Double]] = [[3, 2, 3], [2, 6, 1]]  // n×m, the column player's actions first
    let transposed = (0..<3).map { i in (0..<2).map { j in quantEconB[j][i] } }
    let fromQuantEcon = try BimatrixGame(rowPayoffs: [[3, 3], [2, 5], [0, 6]], columnPayoffs: transposed)
    // fromQuantEcon.columnPayoffs == [[3, 2], [2, 6], [3, 1]]
    #expect(fromQuantEcon.columnPayoffs == [[3, 2], [2, 6], [3, 1]])
    #expect(fromQuantEcon.columnPayoffs == game.columnPayoffs)

    let swapped = BimatrixGame.battleOfTheSexes.swappingPlayers()
    // swapped.rowPayoffs == [[2, 0], [0, 3]], swapped.columnPayoffs == [[3, 0], [0, 2]]
    #expect(swapped.rowPayoffs == [[2, 0], [0, 3]])
    #expect(swapped.columnPayoffs == [[3, 0], [0, 2]])
    // An equilibrium (x, y) of the game is (y, x) of the swapped game.
    let original = try BimatrixGame.battleOfTheSexes.solve(using: .supportEnumeration()).equilibria.map(\.profile)
    let mirrored = try swapped.solve(using: .supportEnumeration()).equilibria.map(\.profile.swapped)
    #expect(Set(original.map(\.description)) == Set(mirrored.map(\.description)))
    // "For the 3×2 game above, the swap is a 2×3 game."
    let swapped3x2 = game.swappingPlayers()
    #expect(swapped3x2.rowCount == 2 && swapped3x2.columnCount == 3)
    #expect(swapped3x2.rowPayoffs == [[3, 2, 3], [2, 6, 1]])
  }

  // MARK: - CSVFormat.md

  @Test func csvFormat() throws {
    let pairCells = try BimatrixGame(csv: "Game,L,R\nU,3;2,0;0\nD,0;0,2;3\n")
    let zeroSum = try BimatrixGame(csv: "1,-1\n-1,1\n")
    // pairCells.title == "Game", pairCells.rowLabels == ["U", "D"], pairCells.columnPayoffs == [[2, 0], [0, 3]]
    // zeroSum.columnPayoffs == [[-1, 1], [1, -1]], zeroSum.rowLabels == ["1", "2"]
    #expect(pairCells.title == "Game")
    #expect(pairCells.rowLabels == ["U", "D"])
    #expect(pairCells.columnPayoffs == [[2, 0], [0, 3]])
    #expect(zeroSum.columnPayoffs == [[-1, 1], [1, -1]])
    #expect(zeroSum.rowLabels == ["1", "2"])

    var caught = false
    do {
      _ = try BimatrixGame(csv: "1,2\n3\n", source: "ragged.csv")
    } catch {
      // error.location.line == 2, "\(error)" starts with "ragged.csv:2"
      #expect(error.location.line == 2)
      #expect("\(error)".hasPrefix("ragged.csv:2"))
      caught = true
    }
    #expect(caught)
  }

  /// The three layouts shown in the article, as files.
  @Test func csvFormatLayouts() throws {
    let pd = try BimatrixGame(
      csv: """
        # The prisoner's dilemma: payoffs are minus years in prison.
        ,Cooperate,Defect
        Cooperate,"-1,-1","-3,0"
        Defect,"0,-3","-2,-2"
        """)
    #expect(pd.rowPayoffs == [[-1, -3], [0, -2]] && pd.columnPayoffs == [[-1, 0], [-3, -2]])
    let bos = try BimatrixGame(
      csv: """
        ,Opera,Football
        Opera,3,0
        Football,0,2

        ,Opera,Football
        Opera,2,0
        Football,0,3
        """)
    #expect(bos.rowPayoffs == [[3, 0], [0, 2]] && bos.columnPayoffs == [[2, 0], [0, 3]])
    let rps = try BimatrixGame(
      csv: """
        ,Rock,Paper,Scissors
        Rock,0,-1,1
        Paper,1,0,-1
        Scissors,-1,1,0
        """)
    #expect(rps.columnPayoffs == BimatrixGame.rockPaperScissors.columnPayoffs)
    #expect(rps.columnLabels == ["Rock", "Paper", "Scissors"])
  }

  // MARK: - Degeneracy.md

  @Test func degeneracy() throws {
    let degenerate = try BimatrixGame(
      rowPayoffs: [[3, 3], [2, 5], [0, 6]],
      columnPayoffs: [[3, 3], [2, 6], [3, 1]])
    let partial = try degenerate.solve(using: .supportEnumeration())
    // partial.isPossiblyDegenerate == true, partial.isComplete == false
    // partial.degeneracyWitness?.player == .row: the row player's first strategy has two best responses
    #expect(partial.isPossiblyDegenerate == true)
    #expect(partial.isComplete == false)
    let witness = try #require(partial.degeneracyWitness)
    #expect(witness.player == .row)
    #expect(witness.strategy.probabilities == [1, 0, 0])
    #expect(witness.bestResponses == [0, 1])

    let extreme = try degenerate.solve(using: .vertexEnumeration())
    // extreme.isComplete == true, extreme.equilibria.count == 3:
    // ((1, 0, 0), (1, 0)), ((1, 0, 0), (2/3, 1/3)), ((0, 1/3, 2/3), (1/3, 2/3))
    #expect(extreme.isComplete == true)
    #expect(extreme.equilibria.count == 3)
    let found = Set(extreme.equilibria.map { e in
      [e.profile.row.exactProbabilities ?? [], e.profile.column.exactProbabilities ?? []]
    })
    let expected: Set<[[Rational]]> = [
      [exact("1", "0", "0"), exact("1", "0")],
      [exact("1", "0", "0"), exact("2/3", "1/3")],
      [exact("0", "1/3", "2/3"), exact("1/3", "2/3")],
    ]
    #expect(found == expected)
    // "the row player's first strategy against any column mix between (2/3, 1/3) and (1, 0)"
    for p in stride(from: 2.0 / 3, through: 1, by: 1.0 / 30) {
      let profile = StrategyProfile(row: .pure(0, count: 3), column: try MixedStrategy([p, 1 - p]))
      #expect(degenerate.isNashEquilibrium(profile), "\(p)")
    }
  }

  // MARK: - Certificates.md

  @Test func certificates() throws {
    let game = BimatrixGame.vonStengel3x2
    let profile = StrategyProfile(
      row: try MixedStrategy([0, 1.0 / 3, 2.0 / 3]), column: try MixedStrategy([1.0 / 3, 2.0 / 3]))
    let certificate = game.certify(profile)
    // certificate.isVerifiedExactly == true
    // certificate.profile.row.exactProbabilities == [0, 1/3, 2/3], certificate.exactPayoffs?.row == 4
    #expect(certificate.isVerifiedExactly == true)
    #expect(certificate.profile.row.exactProbabilities == exact("0", "1/3", "2/3"))
    #expect(certificate.exactPayoffs?.row == exact("4")[0])

    let solution = try OptimisticHedge(tolerance: 1e-8).solveZeroSum(.matchingPennies)
    // solution.hasConverged, solution.lowerBound ≤ 0 ≤ solution.upperBound, solution.gap ≤ 1e-8
    #expect(solution.hasConverged)
    #expect(solution.lowerBound <= 0 && 0 <= solution.upperBound)
    #expect(solution.gap <= 1e-8)
  }
}
