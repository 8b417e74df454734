/// A blank-separated word with its 1-based position.
struct Word {
  var text: String
  var line: Int
  var column: Int
}

/// Splits text into blank-separated words, line by line, for the lrs formats.
/// `\n`, `\r\n` and `\r` end lines; a leading byte-order mark is ignored.
func lines(ofWords text: String) -> [(line: Int, words: [Word])] {
  var result: [(line: Int, words: [Word])] = []
  var words: [Word] = []
  var current = String.UnicodeScalarView()
  var line = 1
  var column = 1
  var start = 1
  var scalars = text.unicodeScalars[...]
  if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
  var previousWasCR = false
  func flushWord() {
    if !current.isEmpty {
      words.append(Word(text: String(current), line: line, column: start))
      current = String.UnicodeScalarView()
    }
  }
  for c in scalars {
    if c == "\n" && previousWasCR {
      previousWasCR = false
      continue
    }
    previousWasCR = c == "\r"
    if c == "\n" || c == "\r" {
      flushWord()
      result.append((line, words))
      words = []
      line += 1
      column = 1
      continue
    }
    if c == " " || c == "\t" || c == "\u{0B}" || c == "\u{0C}" {
      flushWord()
    } else {
      if current.isEmpty { start = column }
      current.append(c)
    }
    column += 1
  }
  flushWord()
  result.append((line, words))
  return result
}
