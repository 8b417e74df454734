/// A token of a Gambit `.nfg` file.
struct NFGToken {
  enum Kind: Equatable {
    case open
    case close
    case comma
    /// A double-quoted string, unescaped (`\"` is a quote, `\\` a backslash).
    case string(String)
    /// Anything else between blanks, braces, quotes and commas: a number or a keyword.
    case word(String)
  }

  var kind: Kind
  var line: Int
  var column: Int

  /// The token as it would appear in the file, for messages.
  var text: String {
    switch kind {
    case .open: "{"
    case .close: "}"
    case .comma: ","
    case .string(let s): "\"\(s)\""
    case .word(let w): w
    }
  }
}

/// Splits a `.nfg` file into tokens, lazily, with 1-based line and column numbers.
struct NFGLexer {
  private let scalars: [Unicode.Scalar]
  private let source: String?
  private var index = 0
  private var line = 1
  private var column = 1
  /// The token after the current position, if it was looked at.
  private var lookahead: NFGToken?

  init(_ text: String, source: String?) {
    var scalars = Array(text.unicodeScalars)
    if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
    self.scalars = scalars
    self.source = source
  }

  /// The position just past the last token read, or of the end of the input.
  var endLocation: FormatError.Location { FormatError.Location(source: source, line: line, column: column) }

  /// The next token without consuming it; nil at the end of the input.
  mutating func peek() throws(FormatError) -> NFGToken? {
    if lookahead == nil { lookahead = try scan() }
    return lookahead
  }

  /// The next token; nil at the end of the input.
  mutating func next() throws(FormatError) -> NFGToken? {
    if let token = lookahead {
      lookahead = nil
      return token
    }
    return try scan()
  }

  private mutating func advance() {
    let c = scalars[index]
    index += 1
    if c == "\n" || (c == "\r" && (index >= scalars.count || scalars[index] != "\n")) {
      line += 1
      column = 1
    } else if c != "\r" {
      column += 1
    }
  }

  private static func isBlank(_ c: Unicode.Scalar) -> Bool {
    c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0B}" || c == "\u{0C}"
  }

  private mutating func scan() throws(FormatError) -> NFGToken? {
    while index < scalars.count, Self.isBlank(scalars[index]) { advance() }
    guard index < scalars.count else { return nil }
    let startLine = line
    let startColumn = column
    let c = scalars[index]
    switch c {
    case "{":
      advance()
      return NFGToken(kind: .open, line: startLine, column: startColumn)
    case "}":
      advance()
      return NFGToken(kind: .close, line: startLine, column: startColumn)
    case ",":
      advance()
      return NFGToken(kind: .comma, line: startLine, column: startColumn)
    case "\"":
      advance()
      var text = String.UnicodeScalarView()
      while true {
        guard index < scalars.count else {
          throw FormatError(
            .unterminatedQuote, at: FormatError.Location(source: source, line: startLine, column: startColumn)
          )
        }
        let s = scalars[index]
        if s == "\"" {
          advance()
          break
        }
        if s == "\\", index + 1 < scalars.count, scalars[index + 1] == "\"" || scalars[index + 1] == "\\" {
          advance()
        }
        text.append(scalars[index])
        advance()
      }
      return NFGToken(kind: .string(String(text)), line: startLine, column: startColumn)
    default:
      var text = String.UnicodeScalarView()
      while index < scalars.count {
        let s = scalars[index]
        if Self.isBlank(s) || s == "{" || s == "}" || s == "," || s == "\"" { break }
        text.append(s)
        advance()
      }
      return NFGToken(kind: .word(String(text)), line: startLine, column: startColumn)
    }
  }
}
