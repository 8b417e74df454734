import Nash

extension NormalFormGame {
  /// Reads a Gambit `.nfg` file, either version, for any number of players.
  ///
  /// - **Payoff version**: `NFG 1 R "title" { "P1" "P2" } { 3 2 }` (strategy counts) or
  ///   `{ { "a" "b" } { "c" "d" } }` (strategy names), an optional comment string, then one
  ///   payoff per player for every contingency, player 1's strategy varying fastest.
  /// - **Outcome version**: the same header, then a list of outcomes
  ///   `{ { "name" 1, 2 } { "" 0 3 } }` (commas optional), then one outcome number per
  ///   contingency in the same order; outcome 0 means every payoff is zero.
  ///
  /// `R` and `D` files are both read exactly: `0.1` is 1/10, and fractions such as `3/2`
  /// are allowed. Strings may contain `\"` and line breaks.
  ///
  /// - Parameters:
  ///   - text: The file's contents.
  ///   - source: A name for messages, usually the file name.
  /// - Throws: ``FormatError`` naming the line and column: a syntax error, a non-number,
  ///   too few or too many payoffs or outcome numbers, an outcome number out of range, or a
  ///   game over ``BimatrixGame/maximumCellCount`` contingencies.
  public init(nfg text: String, source: String? = nil) throws(FormatError) {
    var parser = NFGParser(lexer: NFGLexer(text, source: source), source: source)
    self = try parser.parse()
  }

  /// The game as a Gambit `.nfg` file, payoff version, with strategy names, exact payoffs
  /// (`p/q`) and player 1's strategy varying fastest.
  public func nfgString() -> String {
    var text = "NFG 1 R \(nfgQuoted(title)) { \(playerNames.map(nfgQuoted).joined(separator: " ")) }\n\n{ "
    text += strategyLabels.map { "{ " + $0.map(nfgQuoted).joined(separator: " ") + " }" }
      .joined(separator: "\n")
    text += "\n}\n\(nfgQuoted(comment))\n\n"
    // One line per cycle of player 1's strategies: for two players, one column of the matrices.
    let cycle = strategyLabels[0].count
    var line: [String] = []
    for contingency in 0..<contingencyCount {
      for player in 0..<playerCount { line.append(payoffs[player][contingency].description) }
      if contingency % cycle == cycle - 1 {
        text += line.joined(separator: " ") + "\n"
        line.removeAll(keepingCapacity: true)
      }
    }
    return text
  }
}

extension BimatrixGame {
  /// Reads a Gambit `.nfg` file (either version) holding a two-player game; see
  /// ``NormalFormGame/init(nfg:source:)``. Player 1 chooses rows, player 2 columns.
  ///
  /// - Throws: ``FormatError``; a game with other than two players gives
  ///   ``FormatError/Kind/invalidGame(_:)`` with ``GameError/unsupportedPlayerCount(_:)``.
  public init(nfg text: String, source: String? = nil) throws(FormatError) {
    let game = try NormalFormGame(nfg: text, source: source)
    do {
      self = try game.bimatrixGame()
    } catch {
      throw FormatError(.invalidGame(error), at: FormatError.Location(source: source))
    }
  }

  /// The game as a Gambit `.nfg` file, payoff version (players "Player 1" and "Player 2").
  /// Payoffs are exact when the game ``hasExactPayoffs``, otherwise the shortest decimals of
  /// the `Double`s, so reading the file back gives the same game.
  public func nfgString() -> String {
    guard !hasExactPayoffs else { return NormalFormGame(self).nfgString() }
    var text =
      "NFG 1 R \(nfgQuoted(title)) { \"Player 1\" \"Player 2\" }\n\n{ { "
      + rowLabels.map(nfgQuoted).joined(separator: " ") + " }\n{ "
      + columnLabels.map(nfgQuoted).joined(separator: " ") + " }\n}\n\"\"\n\n"
    for j in 0..<columnCount {
      text +=
        (0..<rowCount).map { "\(payoffText(.row, $0, j)) \(payoffText(.column, $0, j))" }
        .joined(separator: " ") + "\n"
    }
    return text
  }
}

/// A string in `.nfg` syntax: in double quotes, with `"` and `\` escaped by a backslash.
func nfgQuoted(_ text: String) -> String {
  var result = "\""
  for scalar in text.unicodeScalars {
    if scalar == "\"" || scalar == "\\" { result += "\\" }
    result.unicodeScalars.append(scalar)
  }
  return result + "\""
}

/// A recursive-descent reader for `.nfg` files.
private struct NFGParser {
  var lexer: NFGLexer
  let source: String?

  func location(_ token: NFGToken) -> FormatError.Location {
    FormatError.Location(source: source, line: token.line, column: token.column)
  }

  mutating func next(expecting what: String) throws(FormatError) -> NFGToken {
    guard let token = try lexer.next() else {
      throw FormatError(.unexpectedEnd(expected: what), at: lexer.endLocation)
    }
    return token
  }

  mutating func expect(_ kind: NFGToken.Kind, _ what: String) throws(FormatError) {
    let token = try next(expecting: what)
    guard token.kind == kind else {
      throw FormatError(.unexpectedToken(expected: what, found: token.text), at: location(token))
    }
  }

  mutating func string(_ what: String) throws(FormatError) -> String {
    let token = try next(expecting: what)
    guard case .string(let text) = token.kind else {
      throw FormatError(.unexpectedToken(expected: what, found: token.text), at: location(token))
    }
    return text
  }

  mutating func isNext(_ kind: NFGToken.Kind) throws(FormatError) -> Bool {
    try lexer.peek()?.kind == kind
  }

  func number(_ token: NFGToken, _ what: String) throws(FormatError) -> Rational {
    guard case .word(let word) = token.kind else {
      throw FormatError(.unexpectedToken(expected: what, found: token.text), at: location(token))
    }
    switch parseNumber(word) {
    case .number(let value): return value
    case .nonFinite: throw FormatError(.nonFiniteNumber(word), at: location(token))
    case .outOfRange: throw FormatError(.numberOutOfRange(word), at: location(token))
    case .notANumber: throw FormatError(.notANumber(word), at: location(token))
    }
  }

  /// A non-negative integer that fits in `Int`.
  func integer(_ token: NFGToken, _ what: String) throws(FormatError) -> Int {
    guard case .word(let word) = token.kind, !word.isEmpty, word.count <= 18,
      word.unicodeScalars.allSatisfy({ $0 >= "0" && $0 <= "9" }), let value = Int(word)
    else {
      throw FormatError(.unexpectedToken(expected: what, found: token.text), at: location(token))
    }
    return value
  }

  mutating func parse() throws(FormatError) -> NormalFormGame {
    guard let first = try lexer.next() else {
      throw FormatError(.noData, at: FormatError.Location(source: source))
    }
    guard first.kind == .word("NFG") else {
      throw FormatError(
        .unexpectedToken(expected: "\"NFG\" at the start of a Gambit game file", found: first.text),
        at: location(first))
    }
    try expect(.word("1"), "the format version 1 (\"NFG 1\")")
    let precision = try next(expecting: "R or D (the number type)")
    guard precision.kind == .word("R") || precision.kind == .word("D") else {
      throw FormatError(
        .unexpectedToken(expected: "R or D (the number type)", found: precision.text),
        at: location(precision))
    }
    let title = try string("the game's title in double quotes")

    // Players.
    try expect(.open, "\"{\" before the players' names")
    var players: [String] = []
    while try !isNext(.close) {
      players.append(try string("a player's name in double quotes, or \"}\""))
    }
    let closePlayers = try next(expecting: "}")
    guard !players.isEmpty else {
      throw FormatError(
        .unexpectedToken(expected: "at least one player's name", found: "}"), at: location(closePlayers))
    }

    // Strategies: counts or names.
    try expect(.open, "\"{\" before the strategies")
    // Names, or counts whose default labels "1", "2", … are made once the payoffs have
    // shown the game is as large as it claims.
    var labels: [[String]] = []
    var counts: [Int] = []
    if try isNext(.open) {
      for player in players.indices {
        try expect(.open, "\"{\" before the strategy names of player \(player + 1)")
        var names: [String] = []
        while try !isNext(.close) {
          names.append(try string("a strategy name in double quotes, or \"}\""))
        }
        let close = try next(expecting: "}")
        guard !names.isEmpty else {
          throw FormatError(
            .unexpectedToken(expected: "at least one strategy for player \(player + 1)", found: "}"),
            at: location(close))
        }
        labels.append(names)
        counts.append(names.count)
      }
    } else {
      for player in players.indices {
        let what = "the number of strategies of player \(player + 1) (a positive integer)"
        let token = try next(expecting: what)
        let count = try integer(token, what)
        guard count > 0 else {
          throw FormatError(.unexpectedToken(expected: what, found: token.text), at: location(token))
        }
        guard count <= BimatrixGame.maximumCellCount else {
          throw FormatError(
            .tooLarge(cells: count, limit: BimatrixGame.maximumCellCount), at: location(token))
        }
        counts.append(count)
      }
    }
    try expect(.close, "\"}\" after the strategies of all \(players.count) players")

    var cells = 1
    for count in counts {
      let (product, overflow) = cells.multipliedReportingOverflow(by: count)
      guard !overflow, product <= BimatrixGame.maximumCellCount else {
        throw FormatError(
          .tooLarge(cells: overflow ? nil : product, limit: BimatrixGame.maximumCellCount),
          at: FormatError.Location(source: source))
      }
      cells = product
    }

    var comment = ""
    if case .string(let text)? = try lexer.peek()?.kind {
      comment = text
      _ = try lexer.next()
    }

    let payoffs =
      try isNext(.open)
      ? try outcomeVersion(players: players.count, cells: cells)
      : try payoffVersion(players: players.count, cells: cells)
    if labels.isEmpty { labels = counts.map { (1...$0).map(String.init) } }
    do {
      return try NormalFormGame(
        title: title, comment: comment, playerNames: players, strategyLabels: labels, payoffs: payoffs)
    } catch {
      throw FormatError(.invalidGame(error), at: FormatError.Location(source: source))
    }
  }

  mutating func payoffVersion(players: Int, cells: Int) throws(FormatError) -> [[Rational]] {
    let expected = players * cells
    var payoffs = [[Rational]](repeating: [], count: players)
    for p in 0..<players { payoffs[p].reserveCapacity(min(cells, 1 << 16)) }
    var found = 0
    while let token = try lexer.next() {
      guard found < expected else {
        throw FormatError(.tooManyPayoffs(expected: expected), at: location(token))
      }
      payoffs[found % players].append(try number(token, "a payoff"))
      found += 1
    }
    guard found == expected else {
      throw FormatError(.tooFewPayoffs(expected: expected, found: found), at: lexer.endLocation)
    }
    return payoffs
  }

  mutating func outcomeVersion(players: Int, cells: Int) throws(FormatError) -> [[Rational]] {
    try expect(.open, "\"{\" before the outcomes")
    var outcomes: [[Rational]] = []
    while try isNext(.open) {
      _ = try lexer.next()
      _ = try string("the outcome's name in double quotes")
      var values: [Rational] = []
      while true {
        let token = try next(expecting: "a payoff or \"}\"")
        if token.kind == .close {
          guard values.count == players else {
            throw FormatError(
              .tooFewPayoffs(expected: players, found: values.count), at: location(token))
          }
          break
        }
        if token.kind == .comma { continue }
        guard values.count < players else {
          throw FormatError(.tooManyPayoffs(expected: players), at: location(token))
        }
        values.append(try number(token, "a payoff or \"}\""))
      }
      outcomes.append(values)
    }
    try expect(.close, "\"{\" before an outcome, or \"}\" after the outcomes")

    var payoffs = [[Rational]](repeating: [], count: players)
    for p in 0..<players { payoffs[p].reserveCapacity(min(cells, 1 << 16)) }
    let zero = [Rational](repeating: .zero, count: players)
    var found = 0
    while let token = try lexer.next() {
      guard found < cells else {
        throw FormatError(.tooManyOutcomeNumbers(expected: cells), at: location(token))
      }
      let index = try integer(token, "an outcome number (0 to \(outcomes.count))")
      guard index <= outcomes.count else {
        throw FormatError(
          .outcomeIndexOutOfRange(index: index, outcomeCount: outcomes.count), at: location(token))
      }
      let values = index == 0 ? zero : outcomes[index - 1]
      for p in 0..<players { payoffs[p].append(values[p]) }
      found += 1
    }
    guard found == cells else {
      throw FormatError(.tooFewOutcomeNumbers(expected: cells, found: found), at: lexer.endLocation)
    }
    return payoffs
  }
}
