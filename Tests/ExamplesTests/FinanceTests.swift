import Foundation
import Nash
import NashFormats
import Testing

@testable import Finance

/// The finance example: expert returns worked out by hand, the certificates of the robust
/// and risk-tuned weights recomputed from the table, the crowding game, and the executable.
@Suite("finance example")
struct FinanceTests {
  static func bundledTable() throws -> ScenarioTable {
    let (text, source) = try FinanceCommand.readData(nil)
    return try ScenarioTable(try BimatrixGame(csv: text, source: source))
  }

  static func scenario(_ name: String, in table: ScenarioTable) throws -> Scenario {
    try #require(table.scenarios.first { $0.name == name })
  }

  static func expert(_ name: String) throws -> Expert {
    try #require(Expert.all.first { $0.name == name })
  }

  // MARK: - Data and experts

  @Test func readsTheBundledTable() throws {
    let table = try Self.bundledTable()
    #expect(table.scenarios.count == 8)
    let crisis = try Self.scenario("crisis (2008)", in: table)
    for (actual, expected) in zip(crisis.returns + [crisis.previousStocks, crisis.previousBills], [-0.3655, 0.2010, 0.0137, 0.0432, 0.0548, 0.0436]) {
      #expect(abs(actual - expected) <= 1e-15)
    }
  }

  @Test func expertReturnsByHand() throws {
    let table = try Self.bundledTable()
    let crisis = try Self.scenario("crisis (2008)", in: table)
    let recovery = try Self.scenario("recovery (2009)", in: table)
    // 60/40 in 2008: 0.6·(−36.55%) + 0.4·20.10% = −13.89%.
    #expect(abs(try Self.expert("balanced 60/40").return(in: crisis) - (-0.1389)) <= 1e-12)
    // Permanent portfolio in 2008: (−36.55 + 20.10 + 1.37 + 4.32)/4 = −2.69%.
    #expect(abs(try Self.expert("permanent portfolio").return(in: crisis) - (-0.0269)) <= 1e-12)
    // The trend rule held stocks into 2008 (2007: 5.48% > 4.36%) and T-bills into 2009.
    let trend = try Self.expert("trend following")
    #expect(trend.mix(in: crisis) == [1, 0, 0, 0] && abs(trend.return(in: crisis) - (-0.3655)) <= 1e-15)
    #expect(trend.mix(in: recovery) == [0, 0, 1, 0] && abs(trend.return(in: recovery) - 0.0015) <= 1e-15)
    for e in Expert.all {
      for s in table.scenarios {
        let mix = e.mix(in: s)
        #expect(mix.allSatisfy { $0 >= 0 } && abs(mix.reduce(0, +) - 1) <= 1e-12, "\(e.name)")
      }
    }
  }

  @Test func refusesOtherTables() throws {
    #expect(throws: FinanceError.self) { try ScenarioTable(BimatrixGame.battleOfTheSexes) }
  }

  // MARK: - The games

  /// The robust weights' certificate, recomputed from the returns table.
  @Test func robustWeightsCertify() throws {
    let analysis = try Analysis(table: try Self.bundledTable(), tau: 0.02, crowding: 0.03)
    let a = analysis.returns
    for (name, s) in [("robust", analysis.robust), ("tuned", analysis.tuned)] + analysis.sweep.map({ ("τ=\($0.tau)", $0.solution) }) {
      #expect(abs(s.weights.reduce(0, +) - 1) <= 1e-9, "\(name)")
      #expect(s.weights.allSatisfy { $0 >= 0 && $0.isFinite }, "\(name)")
      #expect(abs(s.scenarioWeights.reduce(0, +) - 1) <= 1e-9, "\(name)")
      #expect(s.lowerBound <= s.value + 1e-12 && s.value <= s.upperBound + 1e-12, "\(name)")
      #expect(s.gap <= 1e-8, "\(name)")
    }
    // Worst case: the weights earn at least the lower bound in every scenario, and the
    // market's mix holds every expert to at most the upper bound.
    let w = analysis.robust.weights, q = analysis.robust.scenarioWeights
    let byScenario = a[0].indices.map { j in a.indices.reduce(0.0) { $0 + w[$1] * a[$1][j] } }
    let byExpert = a.indices.map { i in a[i].indices.reduce(0.0) { $0 + q[$1] * a[i][$1] } }
    #expect(byScenario.min()! >= analysis.robust.lowerBound - 1e-12)
    #expect(byExpert.max()! <= analysis.robust.upperBound + 1e-12)
    // Nothing beats the robust weights' guarantee: it is at least every single expert's worst case.
    #expect(analysis.robust.lowerBound >= analysis.worst.max()! - 1e-12)
    // τ = 0 in the sweep is the worst case.
    #expect(analysis.sweep[0].tau == 0)
    #expect(abs(analysis.sweep[0].solution.value - analysis.robust.value) <= 1e-9)
  }

  /// The entropic risk measure rises from the worst case toward the mean as τ grows, so the
  /// optimal risk-adjusted value is non-decreasing in τ and below the best mean.
  @Test func riskToleranceSweepIsMonotone() throws {
    let analysis = try Analysis(table: try Self.bundledTable(), tau: 0.02, crowding: 0.03)
    let values = analysis.sweep.map(\.solution.value)
    for k in 1..<values.count { #expect(values[k] >= values[k - 1] - 1e-9, "τ = \(analysis.sweep[k].tau)") }
    #expect(values.last! <= analysis.means.max()! + 1e-9)
  }

  /// The crowding game's pure equilibria follow from the two best mean returns: each investor
  /// takes the best strategy the other has not taken, since the gap between them is smaller
  /// than the crowding cost.
  @Test func crowdingGame() throws {
    let analysis = try Analysis(table: try Self.bundledTable(), tau: 0.02, crowding: 0.03)
    let game = analysis.crowdingGame, result = analysis.crowdingResult
    #expect(result.isComplete)
    for e in result.equilibria { #expect(e.maxRegret <= 1e-9 * game.payoffScale) }
    let ranked = analysis.means.indices.sorted { analysis.means[$0] > analysis.means[$1] }
    let (best, second) = (ranked[0], ranked[1])
    #expect(analysis.means[best] - analysis.means[second] < 0.03)
    let pure = Set(result.equilibria.filter(\.isPure).map { [$0.rowSupport[0], $0.columnSupport[0]] })
    #expect(pure == [[best, second], [second, best]])
    // Without crowding both take the best strategy.
    let free = try Analysis.crowdingGame(returns: analysis.returns, names: Expert.all.map(\.name), crowding: 0)
    let freeResult = try free.solve(using: .supportEnumeration())
    #expect(freeResult.equilibria.map { [$0.rowSupport, $0.columnSupport] } == [[[best], [best]]])
  }

  @Test func formatting() {
    #expect(money(100_000) == "$100,000.00")
    #expect(money(2975.394) == "$2,975.39")
    #expect(money(0.004) == "$0.00")
    #expect(money(1_234_567.891) == "$1,234,567.89")
    #expect(percent(0.3720) == "37.20")
    #expect(percent(-0.00001) == "0.00")
    #expect(shortName("crisis (2008)") == "2008")
  }

  // MARK: - The executable

  @Test func defaultRun() throws {
    let run = try ExampleRunner.run("finance", [])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("Robust allocation of $100,000.00"))
    #expect(run.stdout.contains("The market's worst-case scenario mix:"))
    #expect(run.stdout.contains("How the mix changes with the risk tolerance"))
    #expect(run.stdout.contains("the complete set"))
    #expect(run.stderr.isEmpty)
  }

  @Test(arguments: [[String](), ["--budget", "250000", "--tau", "0.05"], ["--risk-tolerance", "0", "--crowding", "0.01"]])
  func jsonCertificates(flags: [String]) throws {
    let run = try ExampleRunner.run("finance", flags + ["--format", "json"])
    #expect(run.status == 0, "\(run.stderr)")
    let object = try ExampleRunner.json(run)
    let budget = try #require(object["budget"] as? Double)
    for key in ["robust", "tuned"] {
      let s = try #require(object[key] as? [String: Any])
      let weights = try #require(s["weights"] as? [String: Double])
      let amounts = try #require(s["amounts"] as? [String: Double])
      let lower = try #require(s["lowerBound"] as? Double), upper = try #require(s["upperBound"] as? Double)
      let value = try #require(s["value"] as? Double)
      #expect(abs(weights.values.reduce(0, +) - 1) <= 1e-9, "\(key)")
      #expect(abs(amounts.values.reduce(0, +) - budget) <= 1e-6 * budget, "\(key)")
      #expect(lower <= value + 1e-12 && value <= upper + 1e-12, "\(key)")
      let classes = try #require(s["assetClassAmounts"] as? [String: Double])
      #expect(abs(classes.values.reduce(0, +) - budget) <= 1e-6 * budget, "\(key)")
    }
    let game = try #require(object["crowdingGame"] as? [String: Any])
    let a = try #require(game["investor1Payoffs"] as? [[Double]]), b = try #require(game["investor2Payoffs"] as? [[Double]])
    let equilibria = try #require(game["equilibria"] as? [[String: Any]])
    #expect(!equilibria.isEmpty)
    let all = a.flatMap { $0 } + b.flatMap { $0 }
    let scale = all.max()! - all.min()!
    for e in equilibria {
      let x = try #require(e["investor1"] as? [Double]), y = try #require(e["investor2"] as? [Double])
      #expect(recomputedMaxRegret(a: a, b: b, row: x, column: y) <= 1e-9 * scale)
    }
  }

  @Test(arguments: [
    ["--budget", "0"], ["--tau", "nan"], ["--tau=-1"], ["--crowding", "1"], ["--format", "xml"], ["--budget", "lots"],
  ])
  func usageErrorsExit64(flags: [String]) throws {
    let run = try ExampleRunner.run("finance", flags)
    #expect(run.status == 64, "\(flags): \(run.stderr)")
    #expect(run.errorLines.count == 1, "\(flags): \(run.stderr)")
    #expect(run.stdout.isEmpty)
  }

  @Test func badDataExit1() throws {
    let missing = try ExampleRunner.run("finance", ["--data", "no-such-file.csv"])
    #expect(missing.status == 1)
    #expect(missing.stderr.hasPrefix("Error: no-such-file.csv"))
    let other = try ExampleRunner.run("finance", ["--data", "Examples/games/battle-of-the-sexes.csv"])
    #expect(other.status == 1)
    #expect(other.errorLines.count == 1)
    #expect(other.stderr.hasPrefix("Error: the scenario table is not usable"))
  }
}
