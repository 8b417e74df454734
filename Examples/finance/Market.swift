import Nash

/// The four asset classes of the scenario file.
enum AssetClass: Int, CaseIterable, Sendable {
  case stocks, bonds, bills, gold

  var name: String {
    switch self {
    case .stocks: "stocks"
    case .bonds: "bonds"
    case .bills: "T-bills"
    case .gold: "gold"
    }
  }
}

/// One market scenario: a historical year's annual returns (as fractions, 0.372 = 37.2%),
/// and the previous year's stock and T-bill returns for the trend rule.
struct Scenario: Equatable, Sendable {
  var name: String
  /// Indexed by ``AssetClass/rawValue``.
  var returns: [Double]
  var previousStocks: Double
  var previousBills: Double

  func `return`(of asset: AssetClass) -> Double { returns[asset.rawValue] }
}

/// The scenario table, read from a CSV file with the project's reader: one block of numbers
/// with a header row and a first column of labels, which `NashFormats` reads as a zero-sum
/// game whose row player's payoffs are the table. Percentages are converted to fractions.
struct ScenarioTable: Sendable {
  var scenarios: [Scenario]

  static let columns = ["stocks", "bonds", "bills", "gold", "stocks previous year", "bills previous year"]

  init(scenarios: [Scenario]) { self.scenarios = scenarios }

  /// - Throws: ``FinanceError/badData(_:)`` if the columns are not the expected six.
  init(_ table: BimatrixGame) throws(FinanceError) {
    guard table.columnLabels.map({ $0.lowercased() }) == Self.columns else {
      throw .badData(
        "expected the columns \(Self.columns.joined(separator: ", ")), found \(table.columnLabels.joined(separator: ", "))")
    }
    let rows = table.rowPayoffs
    scenarios = rows.indices.map { i in
      let percent = rows[i].map { $0 / 100 }
      return Scenario(
        name: table.rowLabels[i], returns: Array(percent[0..<4]), previousStocks: percent[4],
        previousBills: percent[5])
    }
    for s in scenarios where s.returns.contains(where: { $0 <= -1 }) || s.previousStocks <= -1 {
      throw .badData("\(s.name): a return of -100% or less")
    }
  }
}

/// An investment strategy: a rule that sets an asset mix for the year of each scenario.
struct Expert: Sendable {
  enum Rule: Sendable, Equatable {
    /// The same weights of stocks, bonds, T-bills and gold every year, rebalanced yearly.
    case fixed([Double])
    /// The simplest absolute-momentum rule: all stocks for the year when last year's stock
    /// return beat last year's T-bill return, all T-bills otherwise (no partial positions,
    /// no transaction costs).
    case trend
  }

  var name: String
  var description: String
  var rule: Rule

  /// A short column heading.
  var shortName: String {
    switch name {
    case "equity-heavy 80/20": "80/20"
    case "balanced 60/40": "60/40"
    case "bond-heavy 20/80": "20/80"
    case "permanent portfolio": "permanent"
    case "trend following": "trend"
    case "gold-hedged": "gold-hedged"
    default: name
    }
  }

  /// The weights of the asset classes in the given scenario (non-negative, summing to 1).
  func mix(in scenario: Scenario) -> [Double] {
    switch rule {
    case .fixed(let weights): weights
    case .trend: scenario.previousStocks > scenario.previousBills ? [1, 0, 0, 0] : [0, 0, 1, 0]
    }
  }

  /// The portfolio's return over the year: the mix's weighted return.
  func `return`(in scenario: Scenario) -> Double {
    zip(mix(in: scenario), scenario.returns).reduce(0) { $0 + $1.0 * $1.1 }
  }

  /// The experts of the example.
  static let all: [Expert] = [
    Expert(name: "equity-heavy 80/20", description: "80% stocks, 20% bonds", rule: .fixed([0.8, 0.2, 0, 0])),
    Expert(name: "balanced 60/40", description: "60% stocks, 40% bonds", rule: .fixed([0.6, 0.4, 0, 0])),
    Expert(name: "bond-heavy 20/80", description: "20% stocks, 80% bonds", rule: .fixed([0.2, 0.8, 0, 0])),
    Expert(name: "cash", description: "100% 3-month T-bills", rule: .fixed([0, 0, 1, 0])),
    Expert(name: "gold-hedged", description: "40% stocks, 40% bonds, 20% gold", rule: .fixed([0.4, 0.4, 0, 0.2])),
    Expert(
      name: "permanent portfolio", description: "25% each of stocks, bonds, T-bills and gold",
      rule: .fixed([0.25, 0.25, 0.25, 0.25])),
    Expert(
      name: "trend following", description: "all stocks if last year's stocks beat T-bills, else all T-bills",
      rule: .trend),
  ]

  /// `returns[i][j]`: expert i's return in scenario j.
  static func returns(_ experts: [Expert], in table: ScenarioTable) -> [[Double]] {
    experts.map { e in table.scenarios.map { e.return(in: $0) } }
  }
}

/// The example's errors, printed by ArgumentParser as one `Error:` line (exit code 1).
enum FinanceError: Error, CustomStringConvertible {
  case badData(String)
  case cannotRead(path: String, reason: String)

  var description: String {
    switch self {
    case .badData(let why): "the scenario table is not usable: \(why)"
    case .cannotRead(let path, let reason): "\(path): \(reason)"
    }
  }
}
