import Foundation
import Nash

/// Turning results into text. Pure functions from values to `String`, tested directly.
enum Rendering {
  /// A human-readable table: one line per equilibrium with each player's support (labels and
  /// probabilities), both payoffs, the max regret and whether it was verified exactly.
  static func table(_ result: EquilibriumResult, for game: BimatrixGame, name: String, exact: Bool) -> String {
    let count = result.equilibria.count
    let noun = result.method == "pure" ? "pure equilibri" : "equilibri"
    var heading = "\(name) (\(game.rowCount)×\(game.columnCount)), \(result.method): "
    heading += "\(count) \(noun)\(count == 1 ? "um" : "a")"
    if count > 0 {
      heading += result.isComplete ? " (the complete set)" : " (possibly not all)"
    }
    var lines = [heading]
    guard count > 0 else { return lines.joined(separator: "\n") + "\n" }
    var rows = [["#", "Row player", "Column player", "Row payoff", "Column payoff", "Max regret", "Verified"]]
    for (index, e) in result.equilibria.enumerated() {
      let useExact = exact && e.isVerifiedExactly
      rows.append([
        String(index + 1),
        support(e.profile.row, labels: game.rowLabels, exact: useExact),
        support(e.profile.column, labels: game.columnLabels, exact: useExact),
        useExact ? e.exactPayoffs!.row.description : decimal(e.rowPayoff),
        useExact ? e.exactPayoffs!.column.description : decimal(e.columnPayoff),
        regret(e.maxRegret),
        e.isVerifiedExactly ? "exact" : "no",
      ])
    }
    lines.append("")
    lines.append(contentsOf: aligned(rows))
    return lines.joined(separator: "\n") + "\n"
  }

  /// Gambit's CSV rows: `NE,` then the row player's probabilities, then the column player's.
  static func gambitRows(_ result: EquilibriumResult, exact: Bool) -> String {
    result.equilibria.map { e in
      let useExact = exact && e.isVerifiedExactly
      let values = [e.profile.row, e.profile.column].flatMap { strategy in
        useExact ? strategy.exactProbabilities!.map(\.description) : strategy.probabilities.map(probability)
      }
      return (["NE"] + values).joined(separator: ",") + "\n"
    }.joined()
  }

  /// "Defect" for a pure strategy, else "Opera 0.6, Football 0.4" (the support only).
  static func support(_ strategy: MixedStrategy, labels: [String], exact: Bool) -> String {
    let indices = strategy.support
    if indices.count == 1 { return labels[indices[0]] }
    let exactProbabilities = exact ? strategy.exactProbabilities : nil
    return indices.map { i in
      "\(labels[i]) " + (exactProbabilities?[i].description ?? decimal(strategy.probabilities[i]))
    }.joined(separator: ", ")
  }

  /// Six significant digits, without trailing zeros.
  static func decimal(_ value: Double) -> String {
    if value == 0 { return "0" }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    return String(format: "%.6g", value)
  }

  /// A probability at full precision (shortest round-trip form), 0 and 1 as integers.
  static func probability(_ value: Double) -> String {
    if value == 0 { return "0" }
    if value == 1 { return "1" }
    return "\(value)"
  }

  static func regret(_ value: Double) -> String {
    value == 0 ? "0" : String(format: "%.1e", value)
  }

  /// Left-aligned columns separated by two spaces.
  static func aligned(_ rows: [[String]]) -> [String] {
    let widths = rows[0].indices.map { c in rows.map { $0[c].count }.max()! }
    return rows.map { row in
      row.enumerated().map { c, cell in
        c == row.count - 1 ? cell : cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
      }.joined(separator: "  ")
    }
  }
}
