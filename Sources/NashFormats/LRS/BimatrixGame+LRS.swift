import Nash

extension BimatrixGame {
  /// Reads a game in lrsnash's input format (lrslib 7):
  ///
  /// ```
  /// 3 2
  ///
  /// 3 3
  /// 2 5
  /// 0 6
  ///
  /// 3 2
  /// 2 6
  /// 3 1
  /// ```
  ///
  /// The first line holds `m n`; then come the m rows of A and the m rows of B, row by row.
  /// Like lrsnash, the reader goes by blank-separated numbers, so blank lines and line breaks
  /// inside the matrices are optional. Numbers are integers or fractions `p/q` (decimals are
  /// read exactly too, though lrsnash itself does not accept them). The game gets the default
  /// labels and an empty title.
  ///
  /// - Throws: ``FormatError``: ``FormatError/Kind/invalidHeader(_:)`` for a first line
  ///   that is not two positive integers, ``FormatError/Kind/tooFewPayoffs(expected:found:)``
  ///   and ``FormatError/Kind/tooManyPayoffs(expected:)`` when the count is not 2·m·n, a
  ///   non-number, or a game over ``maximumCellCount`` cells.
  public init(lrs text: String, source: String? = nil) throws(FormatError) {
    let allLines = lines(ofWords: text)
    guard let headerIndex = allLines.firstIndex(where: { !$0.words.isEmpty }) else {
      throw FormatError(.noData, at: FormatError.Location(source: source))
    }
    let header = allLines[headerIndex]
    let headerText = header.words.map(\.text).joined(separator: " ")
    let place = FormatError.Location(source: source, line: header.line, column: header.words[0].column)
    guard header.words.count == 2, let m = positiveInteger(header.words[0].text),
      let n = positiveInteger(header.words[1].text)
    else {
      throw FormatError(.invalidHeader(headerText), at: place)
    }
    let (cells, overflow) = m.multipliedReportingOverflow(by: n)
    guard !overflow, cells <= BimatrixGame.maximumCellCount else {
      throw FormatError(
        .tooLarge(cells: overflow ? nil : cells, limit: BimatrixGame.maximumCellCount), at: place)
    }
    let expected = 2 * cells
    var values: [Rational] = []
    values.reserveCapacity(min(expected, 1 << 16))
    for (_, words) in allLines[(headerIndex + 1)...] {
      for word in words {
        let here = FormatError.Location(source: source, line: word.line, column: word.column)
        guard values.count < expected else {
          throw FormatError(.tooManyPayoffs(expected: expected), at: here)
        }
        switch parseNumber(word.text) {
        case .number(let value): values.append(value)
        case .nonFinite: throw FormatError(.nonFiniteNumber(word.text), at: here)
        case .outOfRange: throw FormatError(.numberOutOfRange(word.text), at: here)
        case .notANumber: throw FormatError(.notANumber(word.text), at: here)
        }
      }
    }
    guard values.count == expected else {
      let last = allLines.last { !$0.words.isEmpty }!
      throw FormatError(
        .tooFewPayoffs(expected: expected, found: values.count),
        at: FormatError.Location(source: source, line: last.line))
    }
    let a = (0..<m).map { i in Array(values[(i * n)..<(i * n + n)]) }
    let b = (0..<m).map { i in Array(values[(cells + i * n)..<(cells + i * n + n)]) }
    do {
      self = try BimatrixGame(exactRowPayoffs: a, exactColumnPayoffs: b)
    } catch {
      throw FormatError(.invalidGame(error), at: FormatError.Location(source: source))
    }
  }

  /// The game in lrsnash's input format: `m n`, a blank line, the rows of A, a blank line,
  /// the rows of B. Payoffs are exact integers or fractions `p/q` (lrsnash reads no decimals;
  /// a game built from `Double`s is written with each payoff's shortest decimal as a
  /// fraction). Labels and the title are not part of the format.
  public func lrsString() -> String {
    var text = "\(rowCount) \(columnCount)\n"
    for player in [Player.row, .column] {
      text += "\n"
      for i in 0..<rowCount {
        text +=
          (0..<columnCount).map { exactPayoff(for: player, row: i, column: $0).description }
          .joined(separator: " ") + "\n"
      }
    }
    return text
  }
}

/// A positive integer of at most 18 digits, written with digits only.
func positiveInteger(_ text: String) -> Int? {
  guard !text.isEmpty, text.count <= 18, text.unicodeScalars.allSatisfy({ $0 >= "0" && $0 <= "9" }),
    let value = Int(text), value > 0
  else { return nil }
  return value
}
