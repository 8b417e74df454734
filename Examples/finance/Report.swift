import ExampleSupport
import Foundation
import Nash
import NashRouting

/// The analysis as text tables or one JSON object.
struct Report {
  var source: String
  var analysis: Analysis
  var budget: Double

  private var experts: [Expert] { analysis.experts }
  private var scenarios: [Scenario] { analysis.table.scenarios }

  // MARK: - Text

  func text() -> String {
    var out = "Scenario returns (%), US asset classes in representative years (\(source);\n"
      + "source: A. Damodaran, Historical Returns on Stocks, Bonds and Bills, NYU Stern)\n\n"
    out += TextTable(
      header: ["scenario"] + AssetClass.allCases.map(\.name),
      rows: scenarios.map { s in [s.name] + s.returns.map { percent($0) } },
      rightAligned: Set(1...AssetClass.allCases.count)
    ).rendered()

    out += "\nThe experts and their returns (%) in each scenario:\n"
    let years = scenarios.map { shortName($0.name) }
    out += TextTable(
      header: ["expert"] + years + ["mean", "worst"],
      rows: experts.indices.map { i in
        [experts[i].name] + analysis.returns[i].map { percent($0) } + [percent(analysis.means[i]), percent(analysis.worst[i])]
      },
      rightAligned: Set(1...(years.count + 2))
    ).rendered()
    for e in experts { out += "  \(e.name): \(e.description)\n" }

    let robust = analysis.robust
    out += "\nRobust allocation of \(money(budget)): the investor-versus-market zero-sum game (worst case, exact LP)\n"
    out += allocation(robust.weights)
    out += "The market's worst-case scenario mix: \(scenarioMix(robust.scenarioWeights))\n"
    out += "Certificate: this allocation returns at least \(percent(robust.lowerBound))% in every scenario, "
      + "and no allocation of these experts can guarantee more than \(percent(robust.upperBound))% "
      + "(gap \(scientific(robust.gap)), \(robust.hasConverged ? "converged" : "NOT converged"))\n"

    let tuned = analysis.tuned
    out += "\nRisk-tuned allocation, risk tolerance τ = \(String(format: "%g", analysis.tau)) (entropic risk; τ = 0 is the worst case, "
      + "large τ the average over equally likely scenarios)\n"
    out += allocation(tuned.weights)
    out += "The market's scenario mix at this τ: \(scenarioMix(tuned.scenarioWeights))\n"
    out += "Certificate: the optimal risk-adjusted return lies in [\(percent(tuned.lowerBound))%, "
      + "\(percent(tuned.upperBound))%] (gap \(scientific(tuned.gap)))\n"

    out += "\nHow the mix changes with the risk tolerance τ (weights in %):\n"
    out += TextTable(
      header: ["τ"] + experts.map(\.shortName) + ["lower bound", "upper bound"],
      rows: analysis.sweep.map { tau, s in
        [String(format: "%g", tau)] + s.weights.map { percent($0, digits: 1) } + [percent(s.lowerBound) + "%", percent(s.upperBound) + "%"]
      },
      rightAligned: Set(0...(experts.count + 2))
    ).rendered()

    let game = analysis.crowdingGame, result = analysis.crowdingResult
    out += "\nTwo investors, each picking one expert; crowding costs each \(percent(analysis.crowding)) points when both "
      + "pick the same (payoffs: mean return over equally likely scenarios).\n"
    out += "\(result.method): \(result.equilibria.count) equilibri\(result.equilibria.count == 1 ? "um" : "a"), "
      + (result.isComplete ? "the complete set" : "possibly not all") + "\n"
    out += TextTable(
      header: ["#", "investor 1", "investor 2", "return 1 (%)", "return 2 (%)", "max regret"],
      rows: result.equilibria.enumerated().map { k, e in
        [
          "\(k + 1)", mix(e.profile.row, game.rowLabels), mix(e.profile.column, game.columnLabels),
          percent(e.rowPayoff), percent(e.columnPayoff), scientific(e.maxRegret),
        ]
      },
      rightAligned: [0, 3, 4, 5]
    ).rendered()
    return out
  }

  /// A table of expert weights in percent and money, then the asset classes they add up to.
  private func allocation(_ weights: [Double]) -> String {
    var out = TextTable(
      header: ["expert", "weight", "amount"],
      rows: experts.indices.map { i in [experts[i].name, percent(weights[i]) + "%", money(weights[i] * budget)] },
      rightAligned: [1, 2]
    ).rendered()
    let (assets, trend) = analysis.assetAllocation(weights, budget: budget)
    let parts =
      AssetClass.allCases.map { "\($0.name) \(money(assets[$0.rawValue]))" }
      + (trend >= 0.005 ? ["trend rule \(money(trend))"] : [])
    out += "In asset classes: " + parts.joined(separator: ", ") + "\n"
    return out
  }

  private func scenarioMix(_ q: [Double]) -> String {
    q.indices.filter { q[$0] >= 0.0005 }.sorted { q[$0] > q[$1] }.map { "\(scenarios[$0].name) \(percent(q[$0], digits: 1))%" }
      .joined(separator: ", ")
  }

  private func mix(_ strategy: MixedStrategy, _ labels: [String]) -> String {
    if strategy.isPure { return labels[strategy.support[0]] }
    return strategy.support.map { "\(labels[$0]) \(percent(strategy[$0], digits: 1))%" }.joined(separator: ", ")
  }

  // MARK: - JSON

  struct JSONReport: Encodable {
    struct ScenarioDTO: Encodable {
      var name: String
      var returns: [String: Double]
      var previousStocks: Double
      var previousBills: Double
    }
    struct ExpertDTO: Encodable {
      var name: String
      var description: String
      var returns: [Double]
      var mean: Double
      var worst: Double
    }
    struct AllocationDTO: Encodable {
      var risk: String
      var tau: Double
      var weights: [String: Double]
      var amounts: [String: Double]
      var assetClassAmounts: [String: Double]
      var scenarioWeights: [String: Double]
      var value: Double
      var lowerBound: Double
      var upperBound: Double
      var gap: Double
      var iterations: Int
      var hasConverged: Bool
    }
    struct EquilibriumDTO: Encodable {
      var investor1: [Double]
      var investor2: [Double]
      var return1: Double
      var return2: Double
      var maxRegret: Double
    }
    struct CrowdingDTO: Encodable {
      var crowding: Double
      var strategies: [String]
      var investor1Payoffs: [[Double]]
      var investor2Payoffs: [[Double]]
      var method: String
      var isComplete: Bool
      var equilibria: [EquilibriumDTO]
    }
    var source: String
    var budget: Double
    var scenarios: [ScenarioDTO]
    var experts: [ExpertDTO]
    var robust: AllocationDTO
    var tuned: AllocationDTO
    var sweep: [AllocationDTO]
    var crowdingGame: CrowdingDTO
  }

  func json() throws -> String {
    func named(_ values: [Double], _ names: [String]) -> [String: Double] {
      Dictionary(uniqueKeysWithValues: zip(names, values))
    }
    func dto(_ s: MinimaxSolution, tau: Double) -> JSONReport.AllocationDTO {
      let (assets, trend) = analysis.assetAllocation(s.weights, budget: budget)
      var classes = named(assets, AssetClass.allCases.map(\.name))
      classes["trend rule"] = trend
      return .init(
        risk: tau == 0 ? "worst case" : "entropic", tau: tau, weights: named(s.weights, experts.map(\.name)),
        amounts: named(s.weights.map { $0 * budget }, experts.map(\.name)), assetClassAmounts: classes,
        scenarioWeights: named(s.scenarioWeights, scenarios.map(\.name)), value: s.value, lowerBound: s.lowerBound,
        upperBound: s.upperBound, gap: s.gap, iterations: s.iterations, hasConverged: s.hasConverged)
    }
    let game = analysis.crowdingGame
    let report = JSONReport(
      source: source, budget: budget,
      scenarios: scenarios.map {
        .init(
          name: $0.name, returns: named($0.returns, AssetClass.allCases.map(\.name)), previousStocks: $0.previousStocks,
          previousBills: $0.previousBills)
      },
      experts: experts.indices.map {
        .init(
          name: experts[$0].name, description: experts[$0].description, returns: analysis.returns[$0],
          mean: analysis.means[$0], worst: analysis.worst[$0])
      },
      robust: dto(analysis.robust, tau: 0), tuned: dto(analysis.tuned, tau: analysis.tau),
      sweep: analysis.sweep.map { dto($0.solution, tau: $0.tau) },
      crowdingGame: .init(
        crowding: analysis.crowding, strategies: game.rowLabels, investor1Payoffs: game.rowPayoffs,
        investor2Payoffs: game.columnPayoffs, method: analysis.crowdingResult.method,
        isComplete: analysis.crowdingResult.isComplete,
        equilibria: analysis.crowdingResult.equilibria.map {
          .init(
            investor1: $0.profile.row.probabilities, investor2: $0.profile.column.probabilities, return1: $0.rowPayoff,
            return2: $0.columnPayoff, maxRegret: $0.maxRegret)
        }))
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
  }
}

// MARK: - Formatting

/// A fraction as a percentage with two decimals (0.3720 → "37.20").
func percent(_ fraction: Double, digits: Int = 2) -> String {
  let text = String(format: "%.\(digits)f", fraction * 100)
  return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
}

/// Dollars with thousands separators and cents: "$62,310.00".
func money(_ amount: Double) -> String {
  let cents = Int((abs(amount) * 100).rounded())
  var whole = String(cents / 100)
  var grouped = ""
  while whole.count > 3 {
    grouped = "," + whole.suffix(3) + grouped
    whole.removeLast(3)
  }
  let fraction = String(format: "%02d", cents % 100)
  return (amount < 0 && cents > 0 ? "-$" : "$") + whole + grouped + "." + fraction
}

/// Small numbers such as gaps and regrets: "0" or "1.2e-16".
func scientific(_ value: Double) -> String {
  value == 0 ? "0" : String(format: "%.1e", value)
}

/// "boom (1995)" → "1995"; names without a parenthesis stay as they are.
func shortName(_ name: String) -> String {
  guard let open = name.lastIndex(of: "("), let close = name.lastIndex(of: ")"), open < close else { return name }
  return String(name[name.index(after: open)..<close])
}
