import Nash

/// One equilibrium as lrsnash prints it: both strategies and both payoffs, exactly.
public struct LRSNashEquilibrium: Sendable, Hashable, CustomStringConvertible {
  /// The row player's (player 1's) mixed strategy, m probabilities.
  public let row: [Rational]
  /// The column player's (player 2's) mixed strategy, n probabilities.
  public let column: [Rational]
  /// The row player's payoff, as lrsnash reports it.
  public let rowPayoff: Rational
  /// The column player's payoff, as lrsnash reports it.
  public let columnPayoff: Rational

  /// Creates an equilibrium record.
  public init(row: [Rational], column: [Rational], rowPayoff: Rational, columnPayoff: Rational) {
    self.row = row
    self.column = column
    self.rowPayoff = rowPayoff
    self.columnPayoff = columnPayoff
  }

  /// `(4/5, 1/5, 0) (2/3, 1/3)`.
  public var description: String {
    "(\(row.map(\.description).joined(separator: ", "))) "
      + "(\(column.map(\.description).joined(separator: ", ")))"
  }
}

/// Reads what lrsnash (lrslib 7) prints, so that tests can use it as an exact oracle.
///
/// lrsnash prints, for each extreme equilibrium of player 1, a block of lines
///
/// ```
/// 2  2/3  1/3  3
/// 1  4/5  1/5  0  14/5
/// ```
///
/// A line starting with `2` is a strategy of player 2 (the column player) followed by
/// player 1's payoff; a line starting with `1` is a strategy of player 1 (the row player)
/// followed by player 2's payoff. In a degenerate game a block lists several `2` lines
/// before its `1` line: each of them forms an equilibrium with that `1` strategy (the
/// equilibria in between are their convex combinations). Lines starting with `*` are
/// comments (banner, counts, timing), and blank lines separate blocks.
public enum LRSNashOutput {
  /// The equilibria lrsnash printed, one per (`2` line, `1` line) pair of each block, in
  /// the order printed.
  ///
  /// - Parameters:
  ///   - text: lrsnash's standard output.
  ///   - rows: m, if known: then every `1` line must hold m probabilities.
  ///   - columns: n, if known: then every `2` line must hold n probabilities.
  ///   - source: A name for messages.
  /// - Throws: ``FormatError`` for a line that is neither a comment nor a strategy line,
  ///   a non-number, strategy lines of different lengths
  ///   (``FormatError/Kind/raggedRow(expected:found:)``, counting the leading player
  ///   number and the payoff), a `1` line with no `2` line before it, or `2` lines left
  ///   without a `1` line at the end.
  public static func equilibria(
    in text: String, rows: Int? = nil, columns: Int? = nil, source: String? = nil
  ) throws(FormatError) -> [LRSNashEquilibrium] {
    var result: [LRSNashEquilibrium] = []
    var pendingColumns: [(strategy: [Rational], payoff: Rational)] = []
    var lastWasRow = false
    var rowLength = rows.map { $0 + 2 }
    var columnLength = columns.map { $0 + 2 }
    var lastLine = 1
    for (line, words) in lines(ofWords: text) {
      lastLine = line
      guard let first = words.first, !first.text.hasPrefix("*") else { continue }
      let place = FormatError.Location(source: source, line: line, column: first.column)
      let isRow: Bool
      switch first.text {
      case "1": isRow = true
      case "2": isRow = false
      default:
        throw FormatError(
          .unexpectedToken(expected: "a line starting with 1, 2 or *", found: first.text), at: place)
      }
      var numbers: [Rational] = []
      for word in words.dropFirst() {
        let here = FormatError.Location(source: source, line: line, column: word.column)
        switch parseNumber(word.text) {
        case .number(let value): numbers.append(value)
        case .nonFinite: throw FormatError(.nonFiniteNumber(word.text), at: here)
        case .outOfRange: throw FormatError(.numberOutOfRange(word.text), at: here)
        case .notANumber: throw FormatError(.notANumber(word.text), at: here)
        }
      }
      guard numbers.count >= 2 else {
        throw FormatError(
          .raggedRow(expected: (isRow ? rowLength : columnLength) ?? 3, found: words.count), at: place)
      }
      if isRow {
        if let expected = rowLength, expected != words.count {
          throw FormatError(.raggedRow(expected: expected, found: words.count), at: place)
        }
        rowLength = words.count
        guard !pendingColumns.isEmpty else {
          throw FormatError(
            .unexpectedToken(expected: "a line starting with 2 before this one", found: "1"), at: place)
        }
        let strategy = Array(numbers.dropLast())
        let payoff = numbers.last!
        for column in pendingColumns {
          result.append(
            LRSNashEquilibrium(
              row: strategy, column: column.strategy, rowPayoff: column.payoff, columnPayoff: payoff))
        }
        lastWasRow = true
      } else {
        if let expected = columnLength, expected != words.count {
          throw FormatError(.raggedRow(expected: expected, found: words.count), at: place)
        }
        columnLength = words.count
        if lastWasRow {
          pendingColumns = []
          lastWasRow = false
        }
        pendingColumns.append((Array(numbers.dropLast()), numbers.last!))
      }
    }
    if !pendingColumns.isEmpty, !lastWasRow {
      throw FormatError(
        .unexpectedEnd(expected: "a line starting with 1 after the lines starting with 2"),
        at: FormatError.Location(source: source, line: lastLine))
    }
    return result
  }
}
