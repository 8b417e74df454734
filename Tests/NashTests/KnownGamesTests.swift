@testable import Nash
import Testing
import _NashTestSupport

/// Textbook games with their complete equilibrium sets (von Stengel 2007; Osborne &
/// Rubinstein 1994). Each check asserts the certificate first, then the exact profiles.
@Suite("Known games")
struct KnownGamesTests {
  static let cases: [(String, BimatrixGame, [ExpectedEquilibrium])] = [
    ("prisoner's dilemma", .prisonersDilemma, [.init(["0", "1"], ["0", "1"])]),
    ("matching pennies", .matchingPennies, [.init(["1/2", "1/2"], ["1/2", "1/2"])]),
    (
      "battle of the sexes", .battleOfTheSexes,
      [.init(["1", "0"], ["1", "0"]), .init(["0", "1"], ["0", "1"]), .init(["3/5", "2/5"], ["2/5", "3/5"])]
    ),
    ("rock-paper-scissors", .rockPaperScissors, [.init(["1/3", "1/3", "1/3"], ["1/3", "1/3", "1/3"])]),
    (
      "stag hunt", .stagHunt,
      [.init(["1", "0"], ["1", "0"]), .init(["0", "1"], ["0", "1"]), .init(["1/2", "1/2"], ["1/2", "1/2"])]
    ),
    (
      "chicken", .chicken,
      [.init(["0", "1"], ["1", "0"]), .init(["1", "0"], ["0", "1"]), .init(["9/10", "1/10"], ["9/10", "1/10"])]
    ),
    (
      "von Stengel 3x2", .vonStengel3x2,
      [
        .init(["1", "0", "0"], ["1", "0"]), .init(["4/5", "1/5", "0"], ["2/3", "1/3"]),
        .init(["0", "1/3", "2/3"], ["1/3", "2/3"]),
      ]
    ),
  ]

  @Test("support enumeration finds the full set, verified exactly", arguments: cases.indices)
  func supportEnumeration(index: Int) throws {
    let (name, game, expected) = Self.cases[index]
    let result = try game.solve(using: .supportEnumeration())
    #expect(certificateProblem(result, in: game) == nil, "\(name)")
    #expect(result.equilibria.allSatisfy { $0.isVerifiedExactly }, "\(name)")
    #expect(Set(result.equilibria.compactMap(\.exactProfile)) == Set(expected), "\(name)")
    #expect(result.equilibria.count == expected.count, "\(name)")
    #expect(result.isComplete, "\(name)")
    #expect(!result.isPossiblyDegenerate, "\(name)")
  }

  @Test("pure equilibria are the pure members of the full set", arguments: cases.indices)
  func pure(index: Int) throws {
    let (name, game, expected) = Self.cases[index]
    let result = try game.solve(using: .pureEquilibria())
    let pureExpected = expected.filter { e in
      e.row.filter { !$0.isZero }.count == 1 && e.column.filter { !$0.isZero }.count == 1
    }
    #expect(Set(result.equilibria.compactMap(\.exactProfile)) == Set(pureExpected), "\(name)")
    #expect(certificateProblem(result, in: game) == nil, "\(name)")
  }

  @Test("payoffs of the mixed battle-of-the-sexes equilibrium are exact")
  func exactPayoffs() throws {
    let result = try BimatrixGame.battleOfTheSexes.solve(using: .supportEnumeration())
    let mixed = try #require(result.equilibria.first { !$0.isPure })
    #expect(mixed.exactPayoffs?.row == Rational(6, 5))
    #expect(mixed.exactPayoffs?.column == Rational(6, 5))
    #expect(abs(mixed.rowPayoff - 1.2) < 1e-12)
  }

  @Test("a 4x4 coordination game has all 15 equilibria")
  func coordination() throws {
    let game = BimatrixGame.coordination(4)
    let result = try game.solve(using: .supportEnumeration())
    #expect(result.equilibria.count == 15)
    #expect(certificateProblem(result, in: game) == nil)
    for e in result.equilibria {
      // The uniform mix on the support, for both players.
      let support = e.rowSupport
      #expect(e.columnSupport == support)
      #expect(e.profile.row.exactProbabilities!.allSatisfy { $0.isZero || $0 == Rational(1, .init(support.count)) })
    }
  }

  @Test("rectangular games: 2x3 and 3x5")
  func rectangular() throws {
    // A 2x3 game where column 3 is strictly dominated and the rest is matching pennies.
    let game = try BimatrixGame(rowPayoffs: [[1, -1, 5], [-1, 1, 5]], columnPayoffs: [[-1, 1, -2], [1, -1, -2]])
    let result = try game.solve(using: .supportEnumeration())
    #expect(Set(result.equilibria.compactMap(\.exactProfile)) == [ExpectedEquilibrium(["1/2", "1/2"], ["1/2", "1/2", "0"])])
    let wide = BimatrixGame.random(rows: 3, columns: 5, seed: 11)
    let wideResult = try wide.solve(using: .supportEnumeration())
    #expect(certificateProblem(wideResult, in: wide) == nil)
    #expect(wideResult.equilibria.count % 2 == 1)
  }

  @Test("a degenerate game is reported with a witness, not guessed")
  func degenerate() throws {
    // Column 1 is a best reply to both rows' pure strategies: row ties in column 1.
    let game = try BimatrixGame(rowPayoffs: [[1, 0], [1, 2]], columnPayoffs: [[1, 0], [0, 1]])
    let result = try game.solve(using: .supportEnumeration())
    #expect(result.isPossiblyDegenerate)
    #expect(!result.isComplete)
    let witness = try #require(result.degeneracyWitness)
    #expect(witness.bestResponses.count > witness.strategy.support.count)
    #expect(certificateProblem(result, in: game) == nil)
  }

  /// x = (½, ½, 0), y = (½, ½) is the equilibrium; row 3 pays `third` against y, ½ being a tie.
  static func nearTieGame(third: Double) throws -> BimatrixGame {
    try BimatrixGame(
      rowPayoffs: [[1, 0], [0, 1], [third, third]], columnPayoffs: [[0, 1], [1, 0], [0, 0.5]])
  }

  @Test("witnesses are decided exactly: an exact tie is degenerate, a tie within the tolerance only is marked so")
  func exactAndNearWitnesses() throws {
    let solvers: [(name: String, solve: (BimatrixGame) throws -> EquilibriumResult)] = [
      ("support enumeration", { try $0.solve(using: .supportEnumeration()) }),
      ("Lemke–Howson", { try $0.solve(using: .lemkeHowson()) }),
    ]
    for solver in solvers {
      // Row 3 pays ½ − 1e-12 against y: within the regret tolerance (1e-9 of the payoff range),
      // not tied. The game is nondegenerate, only nearly so.
      let near = try solver.solve(Self.nearTieGame(third: 0.5 - 1e-12))
      let nearWitness = try #require(near.degeneracyWitness, "\(solver.name)")
      #expect(!nearWitness.isExact && nearWitness.player == .column && nearWitness.bestResponses == [0, 1, 2])
      #expect(nearWitness.description.hasPrefix("the game is degenerate or nearly so: "))
      #expect(nearWitness.description.contains("within the tolerance"))
      // Exactly ½: three best responses to a support of two, exactly.
      let tied = try solver.solve(Self.nearTieGame(third: 0.5))
      let tiedWitness = try #require(tied.degeneracyWitness, "\(solver.name)")
      #expect(tiedWitness.isExact && tiedWitness.bestResponses == [0, 1, 2])
      #expect(tiedWitness.description.hasPrefix("the game is degenerate: "))
      // Far from a tie: no witness.
      #expect(try solver.solve(Self.nearTieGame(third: 0.25)).degeneracyWitness == nil, "\(solver.name)")
    }
    // Pure strategies of a game of Doubles: equal Doubles tie exactly, Doubles 1e-12 apart only nearly.
    let pureNear = try BimatrixGame(rowPayoffs: [[0.3, 0], [0.3 + 1e-12, 1]], columnPayoffs: [[1, 0], [0, 1]])
    let pureTied = try BimatrixGame(rowPayoffs: [[0.3, 0], [0.3, 1]], columnPayoffs: [[1, 0], [0, 1]])
    #expect(pureNear.pureDegeneracyWitness(tolerance: Tolerance.regret)?.isExact == false)
    #expect(pureTied.pureDegeneracyWitness(tolerance: Tolerance.regret)?.isExact == true)
  }

  @Test("an all-zero game: every profile is an equilibrium; reported as degenerate")
  func allZero() throws {
    let game = try BimatrixGame(rowPayoffs: [[0, 0], [0, 0]], columnPayoffs: [[0, 0], [0, 0]])
    let result = try game.solve(using: .supportEnumeration())
    #expect(result.isPossiblyDegenerate)
    #expect(!result.equilibria.isEmpty)
    #expect(certificateProblem(result, in: game) == nil)
  }
}
