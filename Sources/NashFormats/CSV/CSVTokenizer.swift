/// One CSV field with its position.
struct CSVField {
  /// The field's text: unquoted and unescaped for a quoted field; for an unquoted field,
  /// as written (spaces included).
  var text: String
  /// Whether the field was quoted.
  var isQuoted: Bool
  /// The 1-based line and column where the field starts.
  var line: Int
  var column: Int
}

/// One CSV record (a line, or several when a quoted field holds line breaks).
struct CSVRecord {
  var fields: [CSVField]
  /// The 1-based line where the record starts.
  var line: Int
  /// The position just past the record's last character.
  var endLine: Int
  var endColumn: Int

  /// Whether every field is empty and unquoted (a line of commas, as spreadsheets write
  /// for an empty row).
  var isBlank: Bool { fields.allSatisfy { !$0.isQuoted && $0.text.allSatisfy { $0 == " " || $0 == "\t" } } }
}

/// Splits CSV text (RFC 4180) into blocks of records.
///
/// Records are separated by `\n`, `\r\n` or `\r`; fields by commas. A field that starts with
/// a double quote (spaces before it are allowed) runs to the next lone double quote, holds
/// `""` as an escaped quote and may span lines; after its closing quote only spaces may come
/// before the next comma or line break. Lines whose first non-blank character is `#` are
/// comments and are skipped; blank lines (or lines of empty, unquoted fields) end a block.
/// A leading byte-order mark is ignored.
struct CSVTokenizer {
  private let scalars: [Unicode.Scalar]
  private let source: String?
  private var index = 0
  private var line = 1
  private var column = 1

  init(_ text: String, source: String?) {
    var scalars = Array(text.unicodeScalars)
    if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
    self.scalars = scalars
    self.source = source
  }

  /// The blocks of records, in order; empty when the text holds no records.
  mutating func blocks() throws(FormatError) -> [[CSVRecord]] {
    var blocks: [[CSVRecord]] = []
    var current: [CSVRecord] = []
    while index < scalars.count {
      if isAtCommentOrBlankLine() {
        let isComment = skipLine()
        if !isComment, !current.isEmpty {
          blocks.append(current)
          current = []
        }
        continue
      }
      let record = try readRecord()
      if record.isBlank {
        if !current.isEmpty {
          blocks.append(current)
          current = []
        }
      } else {
        current.append(record)
      }
    }
    if !current.isEmpty { blocks.append(current) }
    return blocks
  }

  /// Whether the line starting at `index` is blank or a comment.
  private func isAtCommentOrBlankLine() -> Bool {
    var i = index
    while i < scalars.count, scalars[i] == " " || scalars[i] == "\t" { i += 1 }
    guard i < scalars.count else { return true }
    return scalars[i] == "#" || scalars[i] == "\n" || scalars[i] == "\r"
  }

  /// Skips to the start of the next line; returns whether the line was a comment.
  private mutating func skipLine() -> Bool {
    var isComment = false
    while index < scalars.count {
      let c = scalars[index]
      if c == "\n" || c == "\r" {
        consumeLineBreak()
        return isComment
      }
      if c == "#" { isComment = true }
      index += 1
      column += 1
    }
    return isComment
  }

  private mutating func consumeLineBreak() {
    if scalars[index] == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" { index += 1 }
    index += 1
    line += 1
    column = 1
  }

  private func location(_ line: Int, _ column: Int) -> FormatError.Location {
    FormatError.Location(source: source, line: line, column: column)
  }

  private mutating func readRecord() throws(FormatError) -> CSVRecord {
    let startLine = line
    var fields: [CSVField] = []
    while true {
      let field = try readField()
      fields.append(field)
      if index < scalars.count, scalars[index] == "," {
        index += 1
        column += 1
        continue
      }
      let end = (line, column)
      if index < scalars.count { consumeLineBreak() }
      return CSVRecord(fields: fields, line: startLine, endLine: end.0, endColumn: end.1)
    }
  }

  /// Reads one field, leaving `index` at the comma, line break or end that follows it.
  private mutating func readField() throws(FormatError) -> CSVField {
    let startLine = line
    let startColumn = column
    var i = index
    while i < scalars.count, scalars[i] == " " || scalars[i] == "\t" { i += 1 }
    if i < scalars.count, scalars[i] == "\"" {
      column += i - index
      index = i
      return try readQuotedField()
    }
    var text = String.UnicodeScalarView()
    while index < scalars.count {
      let c = scalars[index]
      if c == "," || c == "\n" || c == "\r" { break }
      text.append(c)
      index += 1
      column += 1
    }
    return CSVField(text: String(text), isQuoted: false, line: startLine, column: startColumn)
  }

  private mutating func readQuotedField() throws(FormatError) -> CSVField {
    let startLine = line
    let startColumn = column
    index += 1
    column += 1
    var text = String.UnicodeScalarView()
    while true {
      guard index < scalars.count else {
        throw FormatError(.unterminatedQuote, at: location(startLine, startColumn))
      }
      let c = scalars[index]
      if c == "\"" {
        if index + 1 < scalars.count, scalars[index + 1] == "\"" {
          text.append("\"")
          index += 2
          column += 2
          continue
        }
        index += 1
        column += 1
        break
      }
      if c == "\n" || c == "\r" {
        // Line breaks inside quotes are content, kept as written.
        text.append(c)
        if c == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" { text.append("\n") }
        consumeLineBreak()
        continue
      }
      text.append(c)
      index += 1
      column += 1
    }
    while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" {
      index += 1
      column += 1
    }
    if index < scalars.count {
      let c = scalars[index]
      guard c == "," || c == "\n" || c == "\r" else {
        throw FormatError(
          .textAfterClosingQuote(String(Character(c))), at: location(line, column))
      }
    }
    return CSVField(text: String(text), isQuoted: true, line: startLine, column: startColumn)
  }
}
