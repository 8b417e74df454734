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
  /// The text as UTF-8: every delimiter is ASCII, so the scan runs on bytes and a field is one
  /// slice of them; columns count Unicode scalars (bytes that do not continue a sequence).
  private let bytes: [UInt8]
  private let source: String?
  private var index = 0
  private var line = 1
  private var column = 1

  private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"),
    carriageReturn = UInt8(ascii: "\r"), space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), hash = UInt8(ascii: "#")

  init(_ text: String, source: String?) {
    var bytes = Array(text.utf8)
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }  // a byte-order mark
    self.bytes = bytes
    self.source = source
  }

  /// Whether `byte` starts a Unicode scalar (is not a UTF-8 continuation byte).
  @inline(__always)
  private static func startsScalar(_ byte: UInt8) -> Bool { byte & 0xC0 != 0x80 }

  /// The blocks of records, in order; empty when the text holds no records.
  mutating func blocks() throws(FormatError) -> [[CSVRecord]] {
    var blocks: [[CSVRecord]] = []
    var current: [CSVRecord] = []
    while index < bytes.count {
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
    while i < bytes.count, bytes[i] == Self.space || bytes[i] == Self.tab { i += 1 }
    guard i < bytes.count else { return true }
    return bytes[i] == Self.hash || bytes[i] == Self.newline || bytes[i] == Self.carriageReturn
  }

  /// Skips to the start of the next line; returns whether the line was a comment.
  private mutating func skipLine() -> Bool {
    var isComment = false
    while index < bytes.count {
      let c = bytes[index]
      if c == Self.newline || c == Self.carriageReturn {
        consumeLineBreak()
        return isComment
      }
      if c == Self.hash { isComment = true }
      if Self.startsScalar(c) { column += 1 }
      index += 1
    }
    return isComment
  }

  private mutating func consumeLineBreak() {
    if bytes[index] == Self.carriageReturn, index + 1 < bytes.count, bytes[index + 1] == Self.newline { index += 1 }
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
      if index < bytes.count, bytes[index] == Self.comma {
        index += 1
        column += 1
        continue
      }
      let end = (line, column)
      if index < bytes.count { consumeLineBreak() }
      return CSVRecord(fields: fields, line: startLine, endLine: end.0, endColumn: end.1)
    }
  }

  /// Reads one field, leaving `index` at the comma, line break or end that follows it.
  private mutating func readField() throws(FormatError) -> CSVField {
    let startLine = line
    let startColumn = column
    var i = index
    while i < bytes.count, bytes[i] == Self.space || bytes[i] == Self.tab { i += 1 }
    if i < bytes.count, bytes[i] == Self.quote {
      column += i - index
      index = i
      return try readQuotedField()
    }
    let start = index
    while index < bytes.count {
      let c = bytes[index]
      if c == Self.comma || c == Self.newline || c == Self.carriageReturn { break }
      if Self.startsScalar(c) { column += 1 }
      index += 1
    }
    return CSVField(text: text(start..<index), isQuoted: false, line: startLine, column: startColumn)
  }

  private mutating func readQuotedField() throws(FormatError) -> CSVField {
    let startLine = line
    let startColumn = column
    index += 1
    column += 1
    // The content is one slice of the text unless it holds an escaped quote: then the pieces
    // between escapes are collected.
    var pieces: [UInt8] = []
    var start = index
    while true {
      guard index < bytes.count else {
        throw FormatError(.unterminatedQuote, at: location(startLine, startColumn))
      }
      let c = bytes[index]
      if c == Self.quote {
        if index + 1 < bytes.count, bytes[index + 1] == Self.quote {
          pieces.append(contentsOf: bytes[start...index])  // up to and with one quote
          index += 2
          column += 2
          start = index
          continue
        }
        break
      }
      if c == Self.newline || c == Self.carriageReturn {
        // Line breaks inside quotes are content, kept as written.
        consumeLineBreak()
        continue
      }
      if Self.startsScalar(c) { column += 1 }
      index += 1
    }
    let content = pieces.isEmpty ? text(start..<index) : text(pieces + bytes[start..<index])
    index += 1  // the closing quote
    column += 1
    while index < bytes.count, bytes[index] == Self.space || bytes[index] == Self.tab {
      index += 1
      column += 1
    }
    if index < bytes.count {
      let c = bytes[index]
      guard c == Self.comma || c == Self.newline || c == Self.carriageReturn else {
        var end = index + 1
        while end < bytes.count, !Self.startsScalar(bytes[end]) { end += 1 }
        throw FormatError(.textAfterClosingQuote(text(index..<end)), at: location(line, column))
      }
    }
    return CSVField(text: content, isQuoted: true, line: startLine, column: startColumn)
  }

  private func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
  private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
}
