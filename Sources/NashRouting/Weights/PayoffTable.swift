/// A table of payoffs: the value of each expert (a row) under each scenario (a column).
///
/// This is the input of ``robustWeights(payoff:risk:method:warmStart:)`` and ``GameTracker``:
/// `payoff[i, j]` is what expert i earns (utility, accuracy, return; larger is better) if
/// scenario j happens. Read as a zero-sum game, the experts' mixer is the row player
/// (maximising) and an adversary choosing the scenario mix is the column player.
///
/// ```swift
/// let table = try PayoffTable(rows: [[1, 0], [0, 1]], expertLabels: ["bull", "bear"])
/// // table.experts == 2, table[0, 1] == 0
/// ```
///
/// Edge Cases: a table needs at least one expert and one scenario; every value must be finite.
public struct PayoffTable: Sendable, Equatable {
  /// The number of experts (rows).
  public let experts: Int
  /// The number of scenarios (columns).
  public let scenarios: Int
  /// The values, row-major: `values[i * scenarios + j]` is expert i under scenario j.
  public let values: [Double]
  /// A name for each expert (default "1", "2", …).
  public var expertLabels: [String]
  /// A name for each scenario (default "1", "2", …).
  public var scenarioLabels: [String]

  /// Creates a table from an array of rows, one per expert.
  ///
  /// - Throws: ``RoutingError/invalidArgument(_:)`` if there are no rows, no columns, the rows
  ///   differ in length, or the label counts do not match; ``RoutingError/nonFinite(_:)``
  ///   naming the first NaN or infinite value by row and column.
  /// - Complexity: O(experts · scenarios).
  public init(rows: [[Double]], expertLabels: [String]? = nil, scenarioLabels: [String]? = nil) throws {
    guard let first = rows.first else {
      throw RoutingError.invalidArgument("a payoff table needs at least one expert (row); got none")
    }
    let n = first.count
    guard n > 0 else {
      throw RoutingError.invalidArgument("a payoff table needs at least one scenario (column); row 0 is empty")
    }
    var values = [Double]()
    values.reserveCapacity(rows.count * n)
    for (i, row) in rows.enumerated() {
      guard row.count == n else {
        throw RoutingError.invalidArgument(
          "ragged payoff table: row 0 has \(n) scenarios but row \(i) has \(row.count)")
      }
      for (j, value) in row.enumerated() {
        guard value.isFinite else {
          throw RoutingError.nonFinite("the payoff of expert \(i), scenario \(j) (row \(i), column \(j)) is \(value)")
        }
      }
      values.append(contentsOf: row)
    }
    try self.init(checkedValues: values, experts: rows.count, scenarios: n,
                  expertLabels: expertLabels, scenarioLabels: scenarioLabels)
  }

  /// Creates a table from row-major values (`experts × scenarios` of them).
  ///
  /// - Throws: ``RoutingError/invalidArgument(_:)`` if a size is below 1 or the count does not
  ///   match; ``RoutingError/nonFinite(_:)`` naming the first NaN or infinite value.
  /// - Complexity: O(experts · scenarios).
  public init(values: [Double], experts: Int, scenarios: Int) throws {
    guard experts >= 1, scenarios >= 1 else {
      throw RoutingError.invalidArgument(
        "a payoff table needs at least one expert and one scenario, not \(experts)×\(scenarios)")
    }
    let (cells, overflow) = experts.multipliedReportingOverflow(by: scenarios)
    guard !overflow, values.count == cells else {
      throw RoutingError.invalidArgument(
        "\(values.count) values for a \(experts)×\(scenarios) payoff table (expected \(experts)×\(scenarios))")
    }
    if let k = values.firstIndex(where: { !$0.isFinite }) {
      throw RoutingError.nonFinite(
        "the payoff of expert \(k / scenarios), scenario \(k % scenarios) (row \(k / scenarios), column \(k % scenarios)) is \(values[k])")
    }
    try self.init(checkedValues: values, experts: experts, scenarios: scenarios, expertLabels: nil, scenarioLabels: nil)
  }

  private init(
    checkedValues values: [Double], experts: Int, scenarios: Int, expertLabels: [String]?, scenarioLabels: [String]?
  ) throws {
    if let expertLabels, expertLabels.count != experts {
      throw RoutingError.invalidArgument("\(expertLabels.count) expert labels for \(experts) experts")
    }
    if let scenarioLabels, scenarioLabels.count != scenarios {
      throw RoutingError.invalidArgument("\(scenarioLabels.count) scenario labels for \(scenarios) scenarios")
    }
    self.experts = experts
    self.scenarios = scenarios
    self.values = values
    self.expertLabels = expertLabels ?? (1...experts).map(String.init)
    self.scenarioLabels = scenarioLabels ?? (1...scenarios).map(String.init)
  }

  /// The value of `expert` under `scenario`.
  public subscript(expert: Int, scenario: Int) -> Double {
    precondition(expert >= 0 && expert < experts && scenario >= 0 && scenario < scenarios, "index out of range")
    return values[expert * scenarios + scenario]
  }

  /// The rows, one array per expert.
  public var rows: [[Double]] {
    (0..<experts).map { i in Array(values[(i * scenarios)..<((i + 1) * scenarios)]) }
  }

  /// The smallest and largest value.
  var range: (low: Double, high: Double) { (values.min()!, values.max()!) }
}
