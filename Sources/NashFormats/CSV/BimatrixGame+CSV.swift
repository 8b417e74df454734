import Nash

extension BimatrixGame {
  /// Reads a game in the CSV game format (v1).
  ///
  /// The format (DESIGN.md §4): UTF-8, comma-separated, RFC 4180 quoting; blank lines
  /// separate blocks; lines whose first non-blank character is `#` are comments. Numbers are
  /// integers, decimals, exponents or fractions `p/q`, with an optional sign; spaces around
  /// them are ignored; NaN, infinities and empty cells are errors. Three layouts are
  /// recognised:
  ///
  /// 1. **Pair cells**: one block whose cells hold two numbers, the row player's first,
  ///    separated by `;` or by a comma inside a quoted cell, optionally in parentheses:
  ///    `"3, 3"`, `3;3`, `"(3, 3)"`.
  /// 2. **Two blocks**: A, a blank line, B, of the same shape.
  /// 3. **One block** of single numbers: a zero-sum game, B = −A.
  ///
  /// An optional header row (its cells after the first are not numbers) names the column
  /// strategies, and an optional first column of non-numbers names the row strategies; with
  /// both, the top-left cell is the title (possibly empty). In the pair-cell layout a first
  /// row and first column without pair cells are labels too, even when they look like
  /// numbers (`1`, `2`, …), which is what ``csvString()`` writes. CRLF line breaks and a
  /// byte-order mark are accepted. Payoffs keep their exact values (``hasExactPayoffs``).
  ///
  /// ```
  /// ,Cooperate,Defect
  /// Cooperate,"-1,-1","-3,0"
  /// Defect,"0,-3","-2,-2"
  /// ```
  ///
  /// - Parameters:
  ///   - text: The file's contents.
  ///   - source: A name for messages, usually the file name.
  /// - Throws: ``FormatError``, naming the line and column and what was expected.
  public init(csv text: String, source: String? = nil) throws(FormatError) {
    self = try CSVGameReader(source: source).read(text)
  }

  /// The game in the CSV game format, pair-cell layout, with a header row of column labels
  /// (the title in the top-left cell) and a first column of row labels:
  ///
  /// ```
  /// Prisoner's dilemma,Cooperate,Defect
  /// Cooperate,"-1,-1","-3,0"
  /// Defect,"0,-3","-2,-2"
  /// ```
  ///
  /// Payoffs are exact (`p/q`) when the game ``hasExactPayoffs``, and otherwise the shortest
  /// decimals that read back as the same `Double`s, so ``init(csv:source:)`` gives back the
  /// same game. Fields are quoted where RFC 4180 requires it, and labels that could be read
  /// as a comment, a pair of payoffs, or spaces are quoted or kept as written.
  public func csvString() -> String {
    var lines: [String] = []
    // A header of empty cells would read as a blank line: quote the empty title then.
    let corner =
      title.isEmpty && columnLabels.allSatisfy(\.isEmpty) ? "\"\"" : csvLabel(title, first: true)
    lines.append(([corner] + columnLabels.map { csvLabel($0, first: false) }).joined(separator: ","))
    for i in 0..<rowCount {
      var cells = [csvLabel(rowLabels[i], first: true)]
      for j in 0..<columnCount {
        cells.append("\"\(payoffText(.row, i, j)),\(payoffText(.column, i, j))\"")
      }
      lines.append(cells.joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// A payoff as text: exact when the game is exact, else the `Double`'s shortest decimal.
  func payoffText(_ player: Player, _ row: Int, _ column: Int) -> String {
    if hasExactPayoffs { return exactPayoff(for: player, row: row, column: column).description }
    let value = payoff(for: player, row: row, column: column)
    if value == value.rounded(), value.magnitude < 1e15 { return String(Int64(value)) }
    return value.description
  }

  private func csvLabel(_ label: String, first: Bool) -> String {
    let needsQuotes =
      label.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
      || label.first == " " || label.first == "\t" || label.last == " " || label.last == "\t"
      || (first && label.trimmingPrefix(while: { $0 == " " || $0 == "\t" }).first == "#")
      || label.unicodeScalars.first == "\u{FEFF}"
    guard needsQuotes else { return label }
    var escaped = ""
    for scalar in label.unicodeScalars {
      if scalar == "\"" { escaped += "\"\"" } else { escaped.unicodeScalars.append(scalar) }
    }
    return "\"\(escaped)\""
  }
}

extension String {
  fileprivate func trimmingPrefix(while predicate: (Character) -> Bool) -> Substring {
    self[(firstIndex { !predicate($0) } ?? endIndex)...]
  }
}

/// What a CSV cell holds, before the layout is known.
private enum CellContent {
  case empty
  case single(Rational)
  case pair(Rational, Rational)
  /// A pair with a missing part (`3;`), or one number in parentheses.
  case partialPair
  /// Three or more numbers.
  case tooMany
  /// A number that is not finite (the offending text).
  case nonFinite(String)
  case outOfRange(String)
  case text

  /// Whether the cell could be a payoff (so it is not a label).
  var isNumeric: Bool {
    switch self {
    case .empty, .text: false
    default: true
    }
  }

  var isPair: Bool {
    if case .pair = self { true } else { false }
  }
}

/// A block split into title, labels and cells.
private struct ParsedBlock {
  var title: String?
  var rowLabels: [String]?
  var columnLabels: [String]?
  /// The data rows: cells after the label column.
  var rows: [[(field: CSVField, content: CellContent)]]
  /// The line of the first record.
  var line: Int
  var columnCount: Int { rows.first?.count ?? 0 }
}

/// Reads the CSV game format; see ``BimatrixGame/init(csv:source:)``.
private struct CSVGameReader {
  let source: String?

  func location(_ line: Int?, _ column: Int? = nil) -> FormatError.Location {
    FormatError.Location(source: source, line: line, column: column)
  }

  func read(_ text: String) throws(FormatError) -> BimatrixGame {
    var tokenizer = CSVTokenizer(text, source: source)
    let blocks = try tokenizer.blocks()
    guard !blocks.isEmpty else { throw FormatError(.noData, at: location(nil)) }
    guard blocks.count <= 2 else {
      throw FormatError(.tooManyBlocks(blocks.count), at: location(blocks[2][0].line, 1))
    }
    let parsed = try blocks.map { (block) throws(FormatError) in try split(block) }
    let a: [[Rational]]
    let b: [[Rational]]
    var rowLabels = parsed[0].rowLabels
    var columnLabels = parsed[0].columnLabels
    var title = parsed[0].title
    if parsed.count == 2 {
      let first = parsed[0]
      let second = parsed[1]
      a = try singles(first)
      b = try singles(second)
      let shapeA = FormatError.Shape(rows: first.rows.count, columns: first.columnCount)
      let shapeB = FormatError.Shape(rows: second.rows.count, columns: second.columnCount)
      guard shapeA == shapeB else {
        throw FormatError(
          .shapesDiffer(rowPlayer: shapeA, columnPlayer: shapeB), at: location(second.line))
      }
      for (mine, theirs) in [(rowLabels, second.rowLabels), (columnLabels, second.columnLabels)] {
        if let mine, let theirs, mine != theirs {
          throw FormatError(.labelsDiffer, at: location(second.line))
        }
      }
      rowLabels = rowLabels ?? second.rowLabels
      columnLabels = columnLabels ?? second.columnLabels
      title = title ?? second.title
    } else if parsed[0].rows.contains(where: { $0.contains { $0.content.isPair } }) {
      (a, b) = try pairs(parsed[0])
    } else {
      a = try singles(parsed[0])
      b = a.map { $0.map { -$0 } }
    }
    try checkSize(rows: a.count, columns: a[0].count)
    do {
      return try BimatrixGame(
        exactRowPayoffs: a, exactColumnPayoffs: b, rowLabels: rowLabels, columnLabels: columnLabels,
        title: title ?? "")
    } catch {
      throw FormatError(.invalidGame(error), at: location(nil))
    }
  }

  func checkSize(rows: Int, columns: Int) throws(FormatError) {
    let (cells, overflow) = rows.multipliedReportingOverflow(by: columns)
    guard !overflow, cells <= BimatrixGame.maximumCellCount else {
      throw FormatError(
        .tooLarge(cells: overflow ? nil : cells, limit: BimatrixGame.maximumCellCount),
        at: location(nil))
    }
  }

  /// Splits a block into header, label column and data cells, and checks it is rectangular.
  func split(_ records: [CSVRecord]) throws(FormatError) -> ParsedBlock {
    let contents = records.map { $0.fields.map { classify($0) } }
    let first = contents[0]
    var hasHeader = false
    var hasLabelColumn = false
    // The layout csvString() writes: pair cells inside, no pair in the first row or column.
    if records.count >= 2, contents.allSatisfy({ $0.count >= 2 }),
      !first.contains(where: \.isPair), !contents.contains(where: { $0[0].isPair }),
      contents.dropFirst().allSatisfy({ $0.dropFirst().allSatisfy(\.isPair) })
    {
      hasHeader = true
      hasLabelColumn = true
    } else {
      hasHeader =
        first.count >= 2 && !first.dropFirst().contains(where: \.isNumeric)
        && first.dropFirst().contains { if case .text = $0 { true } else { false } }
      let body = contents.dropFirst(hasHeader ? 1 : 0)
      hasLabelColumn =
        (body.first?.count ?? 0) >= 2 && body.allSatisfy { !$0[0].isNumeric }
        && body.contains { if case .text = $0[0] { true } else { false } }
    }
    let dataRecords = records.dropFirst(hasHeader ? 1 : 0)
    guard let firstData = dataRecords.first else {
      throw FormatError(.noPayoffs, at: location(records[0].endLine, records[0].endColumn))
    }
    let width = firstData.fields.count
    var block = ParsedBlock(rows: [], line: records[0].line)
    if hasHeader {
      let header = records[0]
      var labels = header.fields.map(label)
      if hasLabelColumn {
        if labels.count == width {
          block.title = labels.removeFirst()
        } else if labels.count != width - 1 {
          throw ragged(header, expected: width)
        }
      } else if labels.count != width {
        throw ragged(header, expected: width)
      }
      block.columnLabels = labels
    }
    let labelWidth = hasLabelColumn ? 1 : 0
    if width - labelWidth < 1 {
      throw FormatError(.noPayoffs, at: location(firstData.endLine, firstData.endColumn))
    }
    var rowLabels: [String] = []
    for (offset, record) in zip(dataRecords.indices, dataRecords) {
      guard record.fields.count == width else { throw ragged(record, expected: width) }
      if hasLabelColumn { rowLabels.append(label(record.fields[0])) }
      block.rows.append(
        Array(zip(record.fields, contents[offset]).dropFirst(labelWidth)).map {
          (field: $0.0, content: $0.1)
        })
    }
    if hasLabelColumn { block.rowLabels = rowLabels }
    return block
  }

  func ragged(_ record: CSVRecord, expected: Int) -> FormatError {
    let found = record.fields.count
    let place =
      found > expected
      ? location(record.fields[expected].line, record.fields[expected].column)
      : location(record.endLine, record.endColumn)
    return FormatError(.raggedRow(expected: expected, found: found), at: place)
  }

  /// A label: a quoted field as written, an unquoted one without surrounding spaces.
  func label(_ field: CSVField) -> String {
    field.isQuoted ? field.text : String(Substring(field.text).trimmingCharacters(" \t"))
  }

  private func classify(_ field: CSVField) -> CellContent {
    if let content = Self.plainNumbers(field.text) { return content }
    var text = Substring(field.text).trimmingCharacters(" \t")
    if text.isEmpty { return .empty }
    let hasSeparator = text.unicodeScalars.contains { $0 == ";" || $0 == "," }
    if !hasSeparator {
      switch parseNumber(text) {
      case .number(let value): return .single(value)
      case .nonFinite: return .nonFinite(String(text))
      case .outOfRange: return .outOfRange(String(text))
      case .notANumber: break
      }
    }
    var parenthesized = false
    if text.first == "(", text.last == ")", text.count >= 2 {
      text = text.dropFirst().dropLast()
      parenthesized = true
    }
    let parts = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == ";" || $0 == "," })
    let parsed = parts.map(parseNumber)
    if parts.count == 1 {
      if parenthesized, case .number(let value) = parsed[0] { return .single(value) }
      return .text
    }
    let blanks = parts.filter { $0.trimmingCharacters(" \t").isEmpty }.count
    let valid = parsed.filter { $0 != .notANumber }.count
    if parts.count == 2, blanks == 1, valid == 1 { return .partialPair }
    guard valid == parts.count else { return .text }
    for (part, value) in zip(parts, parsed) {
      if value == .nonFinite { return .nonFinite(String(part.trimmingCharacters(" \t"))) }
      if value == .outOfRange { return .outOfRange(String(part.trimmingCharacters(" \t"))) }
    }
    if parts.count > 2 { return .tooMany }
    guard case .number(let x) = parsed[0], case .number(let y) = parsed[1] else { return .text }
    return .pair(x, y)
  }

  /// The common cells, read on their UTF-8 bytes: one small decimal (see
  /// `Rational(smallDecimal:)`), or two separated by `;` or `,`, in parentheses or not. Nil for
  /// anything else, which ``classify(_:)`` reads in full (with the same result for these).
  private static func plainNumbers(_ text: String) -> CellContent? {
    text.utf8.withContiguousStorageIfAvailable { bytes -> CellContent? in
      let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
      var start = 0, end = bytes.count
      while start < end, bytes[start] == space || bytes[start] == tab { start += 1 }
      while end > start, bytes[end - 1] == space || bytes[end - 1] == tab { end -= 1 }
      guard start < end else { return nil }
      var separator = -1
      for i in start..<end where bytes[i] == UInt8(ascii: ";") || bytes[i] == UInt8(ascii: ",") {
        guard separator < 0 else { return nil }  // three or more parts
        separator = i
      }
      if separator < 0 {
        return Rational(smallDecimalUTF8: UnsafeBufferPointer(rebasing: bytes[start..<end])).map { .single($0) }
      }
      if bytes[start] == UInt8(ascii: "("), bytes[end - 1] == UInt8(ascii: ")"), end - start >= 2 {
        start += 1
        end -= 1
      }
      guard let x = Rational(smallDecimalUTF8: UnsafeBufferPointer(rebasing: bytes[start..<separator])),
        let y = Rational(smallDecimalUTF8: UnsafeBufferPointer(rebasing: bytes[(separator + 1)..<end]))
      else { return nil }
      return .pair(x, y)
    } ?? nil
  }

  /// The error for a cell that is not what the layout needs.
  func cellError(_ field: CSVField, _ content: CellContent, pairLayout: Bool) -> FormatError {
    let place = location(field.line, field.column)
    let text = String(Substring(field.text).trimmingCharacters(" \t"))
    switch content {
    case .empty: return FormatError(.emptyCell, at: place)
    case .nonFinite(let t): return FormatError(.nonFiniteNumber(t), at: place)
    case .outOfRange(let t): return FormatError(.numberOutOfRange(t), at: place)
    case .partialPair: return FormatError(.missingSecondPayoff(text), at: place)
    case .single:
      return FormatError(pairLayout ? .missingSecondPayoff(text) : .notANumber(text), at: place)
    case .tooMany:
      return FormatError(pairLayout ? .tooManyPayoffsInCell(text) : .notANumber(text), at: place)
    case .pair: return FormatError(.unexpectedPairCell(text), at: place)
    case .text:
      // In a would-be pair such as "3;x", quote the part that is not a number.
      var inner = Substring(text)
      if inner.first == "(", inner.last == ")", inner.count >= 2 {
        inner = inner.dropFirst().dropLast()
      }
      let parts = inner.split(omittingEmptySubsequences: false, whereSeparator: { $0 == ";" || $0 == "," })
      if parts.count == 2, parts.contains(where: { parseNumber($0) != .notANumber }),
        let bad = parts.first(where: { parseNumber($0) == .notANumber })
      {
        return FormatError(.notANumber(String(bad.trimmingCharacters(" \t"))), at: place)
      }
      return FormatError(.notANumber(text), at: place)
    }
  }

  func singles(_ block: ParsedBlock) throws(FormatError) -> [[Rational]] {
    var matrix: [[Rational]] = []
    matrix.reserveCapacity(block.rows.count)
    for row in block.rows {
      var values: [Rational] = []
      values.reserveCapacity(row.count)
      for (field, content) in row {
        guard case .single(let value) = content else {
          throw cellError(field, content, pairLayout: false)
        }
        values.append(value)
      }
      matrix.append(values)
    }
    return matrix
  }

  func pairs(_ block: ParsedBlock) throws(FormatError) -> ([[Rational]], [[Rational]]) {
    var a: [[Rational]] = []
    var b: [[Rational]] = []
    for row in block.rows {
      var ra: [Rational] = []
      var rb: [Rational] = []
      for (field, content) in row {
        guard case .pair(let x, let y) = content else {
          throw cellError(field, content, pairLayout: true)
        }
        ra.append(x)
        rb.append(y)
      }
      a.append(ra)
      b.append(rb)
    }
    return (a, b)
  }
}
