import Foundation
import Nash
import NashFormats
import Testing

@testable import PrisonersDilemma

/// The prisoner's dilemma example: its pure parts, computed against hand-worked values, and
/// the built executable end to end.
@Suite("prisoners-dilemma example")
struct PrisonersDilemmaTests {
  /// Axelrod's payoffs (R, S, T, P) = (3, 0, 5, 1).
  static let axelrod = StagePayoffs(reward: 3, sucker: 0, temptation: 5, punishment: 1)

  static func match(_ a: Strategy, _ b: Strategy, rounds: Int, noise: Double = 0, seed: UInt64 = 1) -> MatchResult {
    let tournament = Tournament(strategies: [a, b], payoffs: axelrod, rounds: rounds, noise: noise, seed: seed)
    var rng = SplitMix64(seed: seed)
    return tournament.play(a, b, rng: &rng)
  }

  static func memory(_ rounds: [(mine: Move, theirs: Move)]) -> Memory {
    var memory = Memory()
    for r in rounds { memory.record(mine: r.mine, theirs: r.theirs) }
    return memory
  }

  // MARK: - Strategies

  @Test func openingMoves() {
    var rng = SplitMix64(seed: 0)
    let expected: [Strategy: Move] = [
      .alwaysCooperate: .cooperate, .alwaysDefect: .defect, .titForTat: .cooperate, .suspiciousTitForTat: .defect,
      .titForTwoTats: .cooperate, .grimTrigger: .cooperate, .pavlov: .cooperate,
    ]
    for (strategy, move) in expected { #expect(strategy.move(Memory(), rng: &rng) == move, "\(strategy)") }
  }

  @Test func reactiveStrategies() {
    var rng = SplitMix64(seed: 0)
    let betrayed = Self.memory([(.cooperate, .defect)])
    #expect(Strategy.titForTat.move(betrayed, rng: &rng) == .defect)
    #expect(Strategy.titForTwoTats.move(betrayed, rng: &rng) == .cooperate)
    #expect(Strategy.titForTwoTats.move(Self.memory([(.cooperate, .defect), (.cooperate, .defect)]), rng: &rng) == .defect)
    #expect(Strategy.titForTwoTats.move(Self.memory([(.cooperate, .defect), (.cooperate, .cooperate)]), rng: &rng) == .cooperate)
    // Grim never forgives; tit-for-tat does.
    let forgiven = Self.memory([(.cooperate, .defect), (.defect, .cooperate), (.cooperate, .cooperate)])
    #expect(Strategy.grimTrigger.move(forgiven, rng: &rng) == .defect)
    #expect(Strategy.titForTat.move(forgiven, rng: &rng) == .cooperate)
  }

  /// Win-stay, lose-shift: keep the move after R or T, switch after S or P.
  @Test func pavlov() {
    var rng = SplitMix64(seed: 0)
    #expect(Strategy.pavlov.move(Self.memory([(.cooperate, .cooperate)]), rng: &rng) == .cooperate)  // R: stay
    #expect(Strategy.pavlov.move(Self.memory([(.defect, .cooperate)]), rng: &rng) == .defect)  // T: stay
    #expect(Strategy.pavlov.move(Self.memory([(.cooperate, .defect)]), rng: &rng) == .defect)  // S: shift
    #expect(Strategy.pavlov.move(Self.memory([(.defect, .defect)]), rng: &rng) == .cooperate)  // P: shift
  }

  @Test func randomStrategyIsSeededAndFair() {
    var a = SplitMix64(seed: 42), b = SplitMix64(seed: 42)
    let first = (0..<1000).map { _ in Strategy.random.move(Memory(), rng: &a) }
    let second = (0..<1000).map { _ in Strategy.random.move(Memory(), rng: &b) }
    #expect(first == second)
    let cooperations = first.filter { $0 == .cooperate }.count
    #expect((400...600).contains(cooperations), "\(cooperations) cooperations in 1000")
  }

  // MARK: - Matches and the tournament

  /// Tit-for-tat against always-defect: suckered once, then punished: S + (n−1)P against
  /// T + (n−1)P.
  @Test(arguments: [1, 2, 10, 200])
  func titForTatAgainstAlwaysDefect(rounds: Int) {
    let result = Self.match(.titForTat, .alwaysDefect, rounds: rounds)
    #expect(result.firstTotal == 0 + Double(rounds - 1) * 1)
    #expect(result.secondTotal == 5 + Double(rounds - 1) * 1)
    #expect(result.firstCooperations == 1 && result.secondCooperations == 0)
  }

  /// Tit-for-tat against suspicious tit-for-tat: they alternate, so over an even number of
  /// rounds each scores (S + T)/2 per round.
  @Test func titForTatAgainstSuspiciousTitForTat() {
    let result = Self.match(.titForTat, .suspiciousTitForTat, rounds: 10)
    #expect(result.firstTotal == 5 * (0 + 5))
    #expect(result.secondTotal == 5 * (5 + 0))
  }

  /// Pavlov against always-defect alternates C, D: S, P, S, P, …; grim against tit-for-tat
  /// cooperates throughout.
  @Test func moreKnownPairs() {
    let pavlov = Self.match(.pavlov, .alwaysDefect, rounds: 6)
    #expect(pavlov.firstTotal == 3 * (0 + 1))
    #expect(pavlov.firstCooperations == 3)
    let nice = Self.match(.grimTrigger, .titForTat, rounds: 50)
    #expect(nice.firstTotal == 150 && nice.secondTotal == 150)
  }

  /// With noise, one slip sets tit-for-tat players off echoing each other's defections.
  @Test func noiseIsSeededAndHurtsTitForTat() {
    let quiet = Self.match(.titForTat, .titForTat, rounds: 500)
    let noisy = Self.match(.titForTat, .titForTat, rounds: 500, noise: 0.05, seed: 3)
    let again = Self.match(.titForTat, .titForTat, rounds: 500, noise: 0.05, seed: 3)
    #expect(noisy == again)
    #expect(quiet.firstTotal == 1500)
    #expect(noisy.firstTotal < quiet.firstTotal)
  }

  @Test func tournamentMatrixAndMetaGame() throws {
    let tournament = Tournament(
      strategies: [.alwaysCooperate, .alwaysDefect, .titForTat], payoffs: Self.axelrod, rounds: 10, noise: 0, seed: 1)
    let result = tournament.run()
    // Hand-computed averages per round over 10 rounds.
    #expect(result.averages == [[3, 0, 3], [5, 1, 1.4], [3, 0.9, 3]])
    for (score, expected) in zip(result.scores, [6.0 / 3, 7.4 / 3, 6.9 / 3]) { #expect(abs(score - expected) <= 1e-12) }
    #expect(result.ranking == [1, 2, 0])
    let game = try result.metaGame()
    #expect(game.rowPayoffs == result.averages)
    #expect(game.columnPayoffs == game.rowPayoffs.indices.map { j in game.rowPayoffs.indices.map { i in game.rowPayoffs[i][j] } })
  }

  // MARK: - The one-shot game

  static func bundledGame() throws -> BimatrixGame {
    let (text, source) = try PrisonersDilemma.readGameText(nil)
    return try BimatrixGame(csv: text, source: source)
  }

  @Test func oneShotDominanceEquilibriumAndPareto() throws {
    let analysis = try OneShotAnalysis(try Self.bundledGame())
    let defect = 1, cooperate = 0
    #expect(
      analysis.dominances == [
        Dominance(player: .row, dominant: defect, dominated: cooperate),
        Dominance(player: .column, dominant: defect, dominated: cooperate),
      ])
    #expect(analysis.result.isComplete)
    #expect(analysis.result.equilibria.map { [$0.rowSupport, $0.columnSupport] } == [[[defect], [defect]]])
    #expect(analysis.paretoImprovements.count == 1)
    #expect(analysis.paretoImprovements[0].better.map { [$0.row, $0.column] } == [[cooperate, cooperate]])
    let stage = try StagePayoffs(analysis)
    #expect(stage == StagePayoffs(reward: -1, sucker: -3, temptation: 0, punishment: -2))
  }

  /// Games that are not prisoner's dilemmas are refused with a reason.
  @Test(arguments: [
    ("battle of the sexes", BimatrixGame.battleOfTheSexes),
    ("stag hunt", BimatrixGame.stagHunt),
    ("matching pennies", BimatrixGame.matchingPennies),
    ("rock-paper-scissors", BimatrixGame.rockPaperScissors),
  ])
  func refusesOtherGames(name: String, game: BimatrixGame) throws {
    let analysis = try OneShotAnalysis(game)
    #expect(throws: ExampleError.self, "\(name)") { try StagePayoffs(analysis) }
  }

  @Test func evolutionFromUniform() throws {
    let tournament = Tournament(strategies: Strategy.allCases, payoffs: Self.axelrod, rounds: 100, noise: 0, seed: 1)
    let game = try tournament.run().metaGame()
    let evolution = try Evolution(game: game, generations: 3000, sampleInterval: 30)
    #expect(evolution.generations.first == 0)
    #expect(evolution.shares[0] == [Double](repeating: 1.0 / 8, count: 8))
    for shares in evolution.shares {
      #expect(shares.allSatisfy { $0 >= 0 })
      #expect(abs(shares.reduce(0, +) - 1) <= 1e-12)
    }
    #expect(evolution.shares.last == evolution.final.profile.row.probabilities)
    // Without noise, the exploiters die out and only nice strategies remain.
    let names = evolution.survivors.map { Strategy.allCases[$0] }
    #expect(!names.contains(.alwaysDefect))
    #expect(names.contains(.titForTat))
    #expect(abs(evolution.final.maxRegret - game.maxRegret(of: evolution.final.profile)) <= 1e-15)
  }

  // MARK: - The executable

  @Test func defaultRun() throws {
    let run = try ExampleRunner.run("prisoners-dilemma", [])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("the row player's Defect strictly dominates Cooperate"))
    #expect(run.stdout.contains("the column player's Defect strictly dominates Cooperate"))
    #expect(run.stdout.contains("Equilibria (support-enumeration, the complete set): 1"))
    #expect(run.stdout.contains("row Defect, column Defect:"))
    #expect(run.stdout.contains("(Cooperate, Cooperate) pays both players more than (Defect, Defect)"))
    #expect(run.stdout.contains("Replicator dynamics"))
    #expect(run.stderr.isEmpty)
  }

  /// The JSON carries every number; each meta-game equilibrium certifies when its regret is
  /// recomputed here from the printed matrix.
  @Test(arguments: [["--rounds", "50"], ["--noise", "0.05", "--seed", "3", "--rounds", "100"]])
  func jsonCertificates(flags: [String]) throws {
    let run = try ExampleRunner.run("prisoners-dilemma", flags + ["--format", "json", "--generations", "500"])
    #expect(run.status == 0, "\(run.stderr)")
    let object = try ExampleRunner.json(run)
    let oneShot = try #require(object["oneShot"] as? [String: Any])
    let oneShotEquilibria = try #require(oneShot["equilibria"] as? [[String: Any]])
    #expect(oneShotEquilibria.count == 1)
    #expect(oneShotEquilibria[0]["row"] as? [Double] == [0, 1])
    #expect(oneShotEquilibria[0]["column"] as? [Double] == [0, 1])

    let iterated = try #require(object["iterated"] as? [String: Any])
    let a = try #require(iterated["averagePayoffs"] as? [[Double]])
    #expect(a.count == Strategy.allCases.count)
    let b = a.indices.map { j in a.indices.map { i in a[i][j] } }
    let scale = a.flatMap { $0 }.max()! - a.flatMap { $0 }.min()!

    let meta = try #require(object["metaGame"] as? [String: Any])
    let equilibria = try #require(meta["equilibria"] as? [[String: Any]])
    #expect(!equilibria.isEmpty)
    #expect(meta["isComplete"] as? Bool == true)
    for (k, e) in equilibria.enumerated() {
      let x = try #require(e["row"] as? [Double]), y = try #require(e["column"] as? [Double])
      let reported = try #require(e["maxRegret"] as? Double)
      #expect(reported <= 1e-9 * scale, "equilibrium \(k)")
      #expect(recomputedMaxRegret(a: a, b: b, row: x, column: y) <= 1e-9 * scale, "equilibrium \(k)")
      #expect(x.allSatisfy { $0 >= 0 } && abs(x.reduce(0, +) - 1) <= 1e-9)
    }
    // Without noise, (AllD, AllD) is an equilibrium of the meta-game: nothing scores more
    // than P against always-defect.
    if !flags.contains("--noise") {
      #expect(equilibria.contains { ($0["row"] as? [Double]) == [0, 1, 0, 0, 0, 0, 0, 0] && $0["symmetric"] as? Bool == true })
    }

    let replicator = try #require(object["replicator"] as? [String: Any])
    let final = try #require(replicator["finalShares"] as? [Double])
    #expect(abs(final.reduce(0, +) - 1) <= 1e-9)
  }

  @Test func svgChart() throws {
    let directory = try ExampleRunner.temporaryDirectory()
    let path = directory.appendingPathComponent("shares.svg").path
    let run = try ExampleRunner.run("prisoners-dilemma", ["--noise", "0.01", "--generations", "300", "--svg", path])
    #expect(run.status == 0, "\(run.stderr)")
    let svg = try String(contentsOfFile: path, encoding: .utf8)
    #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
    #expect(svg.hasSuffix("</svg>\n"))
    #expect(svg.components(separatedBy: "<polyline").count - 1 == Strategy.allCases.count)
    for strategy in Strategy.allCases { #expect(svg.contains(">\(strategy.abbreviation)</text>")) }
    try? FileManager.default.removeItem(at: directory)
  }

  @Test(arguments: [["--noise", "2"], ["--rounds", "0"], ["--generations", "-1"], ["--format", "yaml"], ["--frobnicate"]])
  func usageErrorsExit64(flags: [String]) throws {
    let run = try ExampleRunner.run("prisoners-dilemma", flags)
    #expect(run.status == 64, "\(flags): \(run.stderr)")
    #expect(run.errorLines.count == 1, "\(flags): \(run.stderr)")
    #expect(run.stdout.isEmpty)
  }

  @Test func badGameFilesExit1() throws {
    let missing = try ExampleRunner.run("prisoners-dilemma", ["--game", "no-such-game.csv"])
    #expect(missing.status == 1)
    #expect(missing.errorLines.count == 1)
    #expect(missing.stderr.hasPrefix("Error: no-such-game.csv"))
    let other = try ExampleRunner.run("prisoners-dilemma", ["--game", "Examples/games/battle-of-the-sexes.csv"])
    #expect(other.status == 1)
    #expect(other.stderr.hasPrefix("Error: not a prisoner's dilemma"))
    #expect(other.stdout.isEmpty)
  }
}
