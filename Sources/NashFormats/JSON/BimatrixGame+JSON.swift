import Foundation
import Nash

/// The JSON form of a game (see ``BimatrixGame/jsonString(prettyPrinted:)``).
struct GameDTO: Codable {
  var format: String?
  var version: Int?
  var title: String?
  var rows: Int
  var columns: Int
  var rowLabels: [String]?
  var columnLabels: [String]?
  var rowPayoffs: [[JSONNumberText]]
  var columnPayoffs: [[JSONNumberText]]
}

/// A payoff in JSON: written as a string (`"-1/3"`), read from a string or a number.
struct JSONNumberText: Codable {
  var text: String

  init(_ text: String) { self.text = text }

  init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if let string = try? container.decode(String.self) {
      text = string
    } else {
      text = try container.decode(Decimal.self).description
    }
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(text)
  }
}

extension BimatrixGame {
  /// The game as a JSON object, keys sorted:
  ///
  /// ```json
  /// {"columnLabels":["Cooperate","Defect"],"columnPayoffs":[["-1","0"],["-3","-2"]],
  ///  "columns":2,"format":"nash-game","rowLabels":["Cooperate","Defect"],
  ///  "rowPayoffs":[["-1","-3"],["0","-2"]],"rows":2,"title":"Prisoner's dilemma","version":1}
  /// ```
  ///
  /// Payoffs are strings holding exact numbers (`"3"`, `"-1/3"`) when the game
  /// ``hasExactPayoffs``, otherwise the shortest decimals of the `Double`s, so
  /// ``init(json:source:)`` gives back the same game. Both matrices are m rows of n entries.
  public func jsonString(prettyPrinted: Bool = false) -> String {
    let dto = GameDTO(
      format: "nash-game", version: 1, title: title, rows: rowCount, columns: columnCount,
      rowLabels: rowLabels, columnLabels: columnLabels,
      rowPayoffs: payoffTexts(.row), columnPayoffs: payoffTexts(.column))
    return encodeJSON(dto, prettyPrinted: prettyPrinted)
  }

  private func payoffTexts(_ player: Player) -> [[JSONNumberText]] {
    (0..<rowCount).map { i in (0..<columnCount).map { JSONNumberText(payoffText(player, i, $0)) } }
  }

  /// Reads a game written by ``jsonString(prettyPrinted:)``: an object with `rows`,
  /// `columns`, `rowPayoffs` and `columnPayoffs` (m arrays of n payoffs, each a string such
  /// as `"-1/3"` or `"0.25"`, or a JSON number), and optionally `title`, `rowLabels`,
  /// `columnLabels`. Payoffs are kept exact.
  ///
  /// - Throws: ``FormatError``: ``FormatError/Kind/invalidJSON(_:)`` for text that is not
  ///   such an object, ``FormatError/Kind/raggedRow(expected:found:)`` or
  ///   ``FormatError/Kind/shapesDiffer(rowPlayer:columnPlayer:)`` when the matrices do not
  ///   match `rows` × `columns`, a non-number, or a game over ``maximumCellCount`` cells.
  public init(json text: String, source: String? = nil) throws(FormatError) {
    let place = FormatError.Location(source: source)
    let dto: GameDTO
    do {
      dto = try JSONDecoder().decode(GameDTO.self, from: Data(text.utf8))
    } catch {
      throw FormatError(.invalidJSON(describe(error)), at: place)
    }
    guard dto.rows > 0, dto.columns > 0 else {
      throw FormatError(
        .invalidJSON("rows and columns must be positive, found \(dto.rows) and \(dto.columns)"),
        at: place)
    }
    let (cells, overflow) = dto.rows.multipliedReportingOverflow(by: dto.columns)
    guard !overflow, cells <= BimatrixGame.maximumCellCount else {
      throw FormatError(
        .tooLarge(cells: overflow ? nil : cells, limit: BimatrixGame.maximumCellCount), at: place)
    }
    let expected = FormatError.Shape(rows: dto.rows, columns: dto.columns)
    var matrices: [[[Rational]]] = []
    for text in [dto.rowPayoffs, dto.columnPayoffs] {
      guard text.count == dto.rows else {
        throw FormatError(
          .shapesDiffer(
            rowPlayer: expected, columnPlayer: .init(rows: text.count, columns: text.first?.count ?? 0)),
          at: place)
      }
      var matrix: [[Rational]] = []
      for row in text {
        guard row.count == dto.columns else {
          throw FormatError(.raggedRow(expected: dto.columns, found: row.count), at: place)
        }
        var values: [Rational] = []
        for cell in row {
          switch parseNumber(cell.text) {
          case .number(let value): values.append(value)
          case .nonFinite: throw FormatError(.nonFiniteNumber(cell.text), at: place)
          case .outOfRange: throw FormatError(.numberOutOfRange(cell.text), at: place)
          case .notANumber: throw FormatError(.notANumber(cell.text), at: place)
          }
        }
        matrix.append(values)
      }
      matrices.append(matrix)
    }
    do {
      self = try BimatrixGame(
        exactRowPayoffs: matrices[0], exactColumnPayoffs: matrices[1], rowLabels: dto.rowLabels,
        columnLabels: dto.columnLabels, title: dto.title ?? "")
    } catch {
      throw FormatError(.invalidGame(error), at: place)
    }
  }
}

/// Encodes `value` as JSON with sorted keys; non-finite numbers (which the library never
/// produces) become the strings "NaN", "Infinity", "-Infinity".
func encodeJSON(_ value: some Encodable, prettyPrinted: Bool) -> String {
  let encoder = JSONEncoder()
  encoder.outputFormatting =
    prettyPrinted
    ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
  encoder.nonConformingFloatEncodingStrategy = .convertToString(
    positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
  do {
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  } catch {
    preconditionFailure("JSON encoding of plain data failed: \(error)")
  }
}

/// A one-line reason for a decoding error.
private func describe(_ error: any Error) -> String {
  func path(_ keys: [any CodingKey]) -> String {
    keys.isEmpty
      ? "the top level" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
  }
  guard let error = error as? DecodingError else { return "the text is not valid JSON" }
  switch error {
  case .dataCorrupted(let context):
    return context.codingPath.isEmpty
      ? "the text is not valid JSON" : "\(path(context.codingPath)): \(context.debugDescription)"
  case .keyNotFound(let key, let context):
    return "missing key \"\(key.stringValue)\" in \(path(context.codingPath))"
  case .typeMismatch(_, let context), .valueNotFound(_, let context):
    return "\(path(context.codingPath)): \(context.debugDescription)"
  @unknown default:
    return "the text is not a JSON game"
  }
}
