import Foundation
import Nash

/// The JSON form of a solver's result.
struct ResultDTO: Encodable {
  struct Game: Encodable {
    var title: String
    var rows: Int
    var columns: Int
    var rowLabels: [String]
    var columnLabels: [String]
  }

  struct EquilibriumDTO: Encodable {
    var row: [Double]
    var column: [Double]
    var rowExact: [String]?
    var columnExact: [String]?
    var rowPayoff: Double
    var columnPayoff: Double
    var rowPayoffExact: String?
    var columnPayoffExact: String?
    var rowRegret: Double
    var columnRegret: Double
    var maxRegret: Double
    var rowSupport: [Int]
    var columnSupport: [Int]
    var verified: Bool
  }

  var game: Game
  var method: String
  var iterations: Int
  var hasConverged: Bool
  var isComplete: Bool
  var isPossiblyDegenerate: Bool
  var tolerance: Double
  var maxRegret: Double
  var diagnostics: [String]
  var equilibria: [EquilibriumDTO]
}

extension EquilibriumResult {
  /// The result as one JSON object with sorted keys, for `nash solve --format json`:
  ///
  /// - `game`: `title`, `rows`, `columns`, `rowLabels`, `columnLabels`;
  /// - `method`, `iterations`, `hasConverged`, `isComplete`, `isPossiblyDegenerate`,
  ///   `tolerance` (relative), `maxRegret` (over all equilibria), `diagnostics` (strings);
  /// - `equilibria`: for each, `row` and `column` (probabilities as numbers), `rowExact`
  ///   and `columnExact` (exact fractions as strings, present only when ``Equilibrium/isVerifiedExactly``),
  ///   `rowPayoff`, `columnPayoff` (and `rowPayoffExact`, `columnPayoffExact` when verified),
  ///   `rowRegret`, `columnRegret`, `maxRegret`, `rowSupport`, `columnSupport` (0-based
  ///   strategy indices) and `verified`.
  ///
  /// The output is deterministic: the same result gives the same bytes.
  ///
  /// - Parameters:
  ///   - game: The game the result is for (its shape and labels are included).
  ///   - prettyPrinted: Whether to indent the output over several lines.
  public func jsonString(for game: BimatrixGame, prettyPrinted: Bool = false) -> String {
    let dto = ResultDTO(
      game: .init(
        title: game.title, rows: game.rowCount, columns: game.columnCount, rowLabels: game.rowLabels,
        columnLabels: game.columnLabels),
      method: method, iterations: iterations, hasConverged: hasConverged, isComplete: isComplete,
      isPossiblyDegenerate: isPossiblyDegenerate, tolerance: tolerance, maxRegret: maxRegret,
      diagnostics: diagnostics.map(\.description),
      equilibria: equilibria.map { equilibrium in
        let verified = equilibrium.isVerifiedExactly
        let profile = equilibrium.profile
        return .init(
          row: profile.row.probabilities, column: profile.column.probabilities,
          rowExact: verified ? profile.row.exactProbabilities?.map(\.description) : nil,
          columnExact: verified ? profile.column.exactProbabilities?.map(\.description) : nil,
          rowPayoff: equilibrium.rowPayoff, columnPayoff: equilibrium.columnPayoff,
          rowPayoffExact: equilibrium.exactPayoffs?.row.description,
          columnPayoffExact: equilibrium.exactPayoffs?.column.description,
          rowRegret: equilibrium.rowRegret, columnRegret: equilibrium.columnRegret,
          maxRegret: equilibrium.maxRegret, rowSupport: equilibrium.rowSupport,
          columnSupport: equilibrium.columnSupport, verified: verified)
      })
    return encodeJSON(dto, prettyPrinted: prettyPrinted)
  }
}
