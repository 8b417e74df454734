import Foundation
import Nash
import NashFormats
import Testing

/// Tests/Fixtures, found from this file's path so no resources are needed.
let fixturesDirectory = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

/// The contents of Tests/Fixtures/`path`.
func fixture(_ path: String) throws -> String {
  try String(contentsOf: fixturesDirectory.appendingPathComponent(path), encoding: .utf8)
}

/// The names of the Gambit fixtures, sorted.
func gambitFixtureNames() throws -> [String] {
  try FileManager.default.contentsOfDirectory(atPath: fixturesDirectory.appendingPathComponent("gambit").path)
    .filter { $0.hasSuffix(".nfg") }.sorted()
}

/// Exact numbers from integers or strings such as "1/3".
func q(_ value: Int) -> Rational { Rational(value) }
func q(_ text: String) -> Rational { Rational(parsing: text)! }

/// An exact game from integer matrices.
func exactGame(
  _ a: [[Int]], _ b: [[Int]], rows: [String]? = nil, columns: [String]? = nil, title: String = ""
) -> BimatrixGame {
  try! BimatrixGame(
    exactRowPayoffs: a.map { $0.map(Rational.init) }, exactColumnPayoffs: b.map { $0.map(Rational.init) },
    rowLabels: rows, columnLabels: columns, title: title)
}

/// The exact payoff matrices of a game, for comparisons that ignore labels.
func exactMatrices(_ game: BimatrixGame) -> [[[Rational]]] {
  [Player.row, .column].map { player in
    (0..<game.rowCount).map { i in
      (0..<game.columnCount).map { game.exactPayoff(for: player, row: i, column: $0) }
    }
  }
}

/// Runs `body`, expecting a ``FormatError`` of exactly `kind` (and, when given, at `line`
/// and `column`); returns the error for further checks.
@discardableResult
func expectFormatError(
  _ kind: FormatError.Kind, line: Int? = nil, column: Int? = nil,
  sourceLocation: SourceLocation = #_sourceLocation,
  _ body: () throws -> Void
) -> FormatError? {
  do {
    try body()
    Issue.record("expected \(kind), but nothing was thrown", sourceLocation: sourceLocation)
    return nil
  } catch let error as FormatError {
    #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
    if let line { #expect(error.location.line == line, "\(error)", sourceLocation: sourceLocation) }
    if let column {
      #expect(error.location.column == column, "\(error)", sourceLocation: sourceLocation)
    }
    return error
  } catch {
    Issue.record("expected a FormatError, got \(error)", sourceLocation: sourceLocation)
    return nil
  }
}
