import Nash

/// Why a game (or a solver's output) could not be read: what was wrong, and where.
///
/// Every reader in NashFormats throws only this type. Its ``description`` is one line in
/// the style of compilers, `game.csv:3:5: expected a number, found "abc"`, ready for a
/// command-line tool to print after `Error: `. Tests can match ``kind`` exactly.
public struct FormatError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What went wrong.
  public let kind: Kind
  /// Where it went wrong.
  public let location: Location

  /// Creates an error of `kind` at `location`.
  public init(_ kind: Kind, at location: Location) {
    self.kind = kind
    self.location = location
  }

  /// The kinds of bad input the readers recognise.
  public enum Kind: Sendable, Equatable {
    /// The input holds no game: it is empty, or only blank lines and comments.
    case noData
    /// A block has labels but no payoffs.
    case noPayoffs
    /// A row has a different number of cells than the rows before it.
    case raggedRow(expected: Int, found: Int)
    /// A cell or token should be a number and is not (the offending text).
    case notANumber(String)
    /// A number is NaN, infinite, or a fraction with a zero denominator (the text).
    case nonFiniteNumber(String)
    /// A number is finite but larger in magnitude than
    /// ``FormatLimits/maximumPayoffMagnitude``, or its exact value needs more than
    /// ``FormatLimits/maximumDigits`` digits (the text).
    case numberOutOfRange(String)
    /// A cell is empty (or only spaces) where a payoff was expected.
    case emptyCell
    /// In the pair-cell layout, a cell holds one number instead of two (the cell's text).
    case missingSecondPayoff(String)
    /// In the pair-cell layout, a cell holds more than two numbers (the cell's text).
    case tooManyPayoffsInCell(String)
    /// In the two-block or one-block layout, a cell holds a pair of numbers (the text).
    case unexpectedPairCell(String)
    /// The two blocks (A and B) have different shapes.
    case shapesDiffer(rowPlayer: Shape, columnPlayer: Shape)
    /// The two blocks name the strategies differently.
    case labelsDiffer
    /// More than two blocks separated by blank lines.
    case tooManyBlocks(Int)
    /// A quoted field or string has no closing quote.
    case unterminatedQuote
    /// A CSV field has text after its closing quote (the character found).
    case textAfterClosingQuote(String)
    /// Fewer payoffs (or outcome indices) than the declared shape needs.
    case tooFewPayoffs(expected: Int, found: Int)
    /// More payoffs (or outcome indices) than the declared shape needs.
    case tooManyPayoffs(expected: Int)
    /// A `.nfg` file (outcome version) has fewer outcome numbers than contingencies.
    case tooFewOutcomeNumbers(expected: Int, found: Int)
    /// A `.nfg` file (outcome version) has more outcome numbers than contingencies.
    case tooManyOutcomeNumbers(expected: Int)
    /// A syntax error: `expected` describes what should come here, `found` what did.
    case unexpectedToken(expected: String, found: String)
    /// The input ended where `expected` should have come.
    case unexpectedEnd(expected: String)
    /// An outcome index in a `.nfg` file is larger than the number of outcomes.
    case outcomeIndexOutOfRange(index: Int, outcomeCount: Int)
    /// The lrs header is not two positive integers `m n` (the text found).
    case invalidHeader(String)
    /// The game has more cells than ``BimatrixGame/maximumCellCount`` (nil: more than
    /// `Int` can count).
    case tooLarge(cells: Int?, limit: Int)
    /// JSON that cannot be decoded, and why.
    case invalidJSON(String)
    /// The data are well formed but do not make a valid game.
    case invalidGame(GameError)
  }

  /// The shape of a payoff matrix.
  public struct Shape: Sendable, Hashable, CustomStringConvertible {
    /// The number of rows.
    public let rows: Int
    /// The number of columns.
    public let columns: Int
    /// Creates a shape.
    public init(rows: Int, columns: Int) {
      self.rows = rows
      self.columns = columns
    }
    /// `3×2`.
    public var description: String { "\(rows)×\(columns)" }
  }

  /// What went wrong, without the location.
  public var message: String {
    switch kind {
    case .noData: "no game found: the input is empty or holds only blank lines and comments"
    case .noPayoffs: "expected rows of payoffs after the labels, found none"
    case .raggedRow(let expected, let found):
      "expected \(expected) cells in this row, like the rows before it, found \(found)"
    case .notANumber(let text): "expected a number, found \(quoted(text))"
    case .nonFiniteNumber(let text): "expected a finite number, found \(quoted(text))"
    case .numberOutOfRange(let text):
      "the number \(quoted(text)) is out of range (payoffs must be at most 1e150 in "
        + "magnitude, and at most \(FormatLimits.maximumDigits) digits long, exponent included)"
    case .emptyCell: "expected a number, found an empty cell"
    case .missingSecondPayoff(let text):
      "expected two payoffs in this cell, row player's first (like \"3, 1\" or 3;1), found "
        + "one: \(quoted(text))"
    case .tooManyPayoffsInCell(let text):
      "expected two payoffs in this cell, found more: \(quoted(text))"
    case .unexpectedPairCell(let text):
      "expected one number in this cell (the file has one payoff per cell), found "
        + "\(quoted(text))"
    case .shapesDiffer(let a, let b):
      "the row player's matrix is \(a) but the column player's is \(b); they must have the same shape"
    case .labelsDiffer:
      "the column player's block names the strategies differently from the row player's block"
    case .tooManyBlocks(let count):
      "expected one block (pair cells, or a zero-sum game) or two blocks (A, a blank line, B), "
        + "found \(count) blocks separated by blank lines"
    case .unterminatedQuote: "this quote is never closed"
    case .textAfterClosingQuote(let text):
      "expected a comma or the end of the line after the closing quote, found \(quoted(text))"
    case .tooFewPayoffs(let expected, let found):
      "expected \(expected) payoffs, found \(found)"
    case .tooManyPayoffs(let expected):
      "expected \(expected) payoffs, found more, starting here"
    case .tooFewOutcomeNumbers(let expected, let found):
      "expected \(expected) outcome numbers (one per contingency), found \(found)"
    case .tooManyOutcomeNumbers(let expected):
      "expected \(expected) outcome numbers (one per contingency), found more, starting here"
    case .unexpectedToken(let expected, let found): "expected \(expected), found \(quoted(found))"
    case .unexpectedEnd(let expected): "expected \(expected), found the end of the input"
    case .outcomeIndexOutOfRange(let index, let count):
      "outcome \(index) does not exist: the game has \(count) outcomes (0 means all payoffs zero)"
    case .invalidHeader(let text):
      "expected a first line of two positive integers \"m n\" (rows, columns), found \(quoted(text))"
    case .tooLarge(let cells, let limit):
      (cells.map { "the game has \($0) cells" } ?? "the game has too many cells to count")
        + ", more than the limit of \(limit) (BimatrixGame.maximumCellCount)"
    case .invalidJSON(let reason): "invalid JSON game: \(reason)"
    case .invalidGame(let error): error.description
    }
  }

  /// `game.csv:3:5: expected a number, found "abc"`.
  public var description: String {
    let place = location.description
    return place.isEmpty ? message : "\(place): \(message)"
  }
}

/// Quotes text for a message, shortening it to 40 characters and escaping line breaks.
private func quoted(_ text: String) -> String {
  var shown = ""
  for (count, scalar) in text.unicodeScalars.enumerated() {
    if count == 40 {
      shown += "..."
      break
    }
    switch scalar {
    case "\r": shown += "\\r"
    case "\n": shown += "\\n"
    default: shown.unicodeScalars.append(scalar)
    }
  }
  return "\"\(shown)\""
}

/// Limits that keep hostile or mistaken input from exhausting memory or producing
/// non-finite arithmetic.
public enum FormatLimits {
  /// The largest payoff magnitude the readers accept: 1e150. Larger numbers are rejected
  /// with ``FormatError/Kind/numberOutOfRange(_:)``, so that sums and products of payoffs and
  /// probabilities stay finite in `Double`.
  public static let maximumPayoffMagnitude = 1e150
  /// The most digits a number may have: 500 on each side of a fraction bar, counting an
  /// exponent as that many digits (`1e-600` has 601), and 500 in the numerator and the
  /// denominator of its exact value. Longer numbers are rejected with
  /// ``FormatError/Kind/numberOutOfRange(_:)``, before any arithmetic when possible, so a
  /// file of `1e9999`s cannot make a reader slow, and every payoff read can be written and
  /// read again.
  public static let maximumDigits = 500
}

extension FormatError {
  /// Where in a text something went wrong: the source's name (a file name, when the caller
  /// gave one), and a 1-based line and column.
  ///
  /// Columns count Unicode scalars from the start of the line, so a tab or an "é" is one
  /// column; a UTF-8 byte-order mark is not counted.
  public struct Location: Sendable, Hashable, CustomStringConvertible {
    /// The source's name (usually a file name), or nil.
    public let source: String?
    /// The 1-based line, or nil when the problem concerns the whole input.
    public let line: Int?
    /// The 1-based column, or nil when the problem concerns a whole line or the input.
    public let column: Int?

    /// Creates a location.
    public init(source: String?, line: Int? = nil, column: Int? = nil) {
      self.source = source
      self.line = line
      self.column = column
    }

    /// `game.csv:3:5`, `game.csv:3`, `game.csv`, `line 3, column 5`, or empty.
    public var description: String {
      if let source {
        var text = source
        if let line {
          text += ":\(line)"
          if let column { text += ":\(column)" }
        }
        return text
      }
      guard let line else { return "" }
      if let column { return "line \(line), column \(column)" }
      return "line \(line)"
    }
  }
}
