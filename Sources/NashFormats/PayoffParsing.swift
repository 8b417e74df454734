import Nash

/// The outcome of reading one number from text.
enum ParsedNumber: Equatable {
  case number(Rational)
  /// NaN, an infinity, or `p/0`.
  case nonFinite
  /// Finite, but beyond ``FormatLimits/maximumPayoffMagnitude``.
  case outOfRange
  case notANumber
}

/// Reads an exact payoff: an integer, decimal, exponent or fraction `p/q`, with optional sign
/// and surrounding spaces (see `Rational(parsing:)`), and recognises the spellings of
/// non-finite values (`nan`, `inf`, `infinity`, `1/0`) so they can be reported as such.
func parseNumber(_ text: some StringProtocol) -> ParsedNumber {
  // Most payoffs: a decimal of at most 18 digits, read in machine words (and within every limit).
  if let value = Rational(smallDecimal: text) { return .number(value) }
  // Bound the work before building big integers: "1e9999" would cost seconds.
  let limit = FormatLimits.maximumDigits
  guard let sizes = digitCounts(text) else { return classifyNonNumber(text) }
  guard sizes.allSatisfy({ $0 <= limit }) else {
    return looksNumeric(text) ? .outOfRange : .notANumber
  }
  guard let value = Rational(parsing: text) else { return classifyNonNumber(text) }
  let magnitude = value.doubleValue.magnitude
  guard magnitude.isFinite, magnitude <= FormatLimits.maximumPayoffMagnitude else {
    return .outOfRange
  }
  // A fraction of long decimals can reduce to a longer numerator or denominator; keep
  // both within the limit, so that what is read can be written and read again.
  if sizes.reduce(0, +) > limit {
    let parts = value.description.split(separator: "/")
    guard parts.allSatisfy({ $0.filter(\.isNumber).count <= limit }) else { return .outOfRange }
  }
  return .number(value)
}

/// NaN, infinities and `p/0` are non-finite; anything else is not a number.
private func classifyNonNumber(_ text: some StringProtocol) -> ParsedNumber {
  var word = Substring(text).trimmingCharacters(" \t").lowercased()[...]
  if word.first == "+" || word.first == "-" { word = word.dropFirst() }
  if ["nan", "inf", "infinity", "∞"].contains(word) { return .nonFinite }
  if let slash = word.firstIndex(of: "/"), Rational(parsing: word[..<slash]) != nil,
    let q = Rational(parsing: word[word.index(after: slash)...]), q.isZero
  {
    return .nonFinite
  }
  return .notANumber
}

/// Whether `text` has the shape of a number (digits, sign, point, exponent, one slash).
private func looksNumeric(_ text: some StringProtocol) -> Bool {
  text.unicodeScalars.allSatisfy {
    ($0 >= "0" && $0 <= "9") || $0 == "." || $0 == "e" || $0 == "E" || $0 == "+" || $0 == "-"
      || $0 == "/" || $0 == " " || $0 == "\t"
  } && text.unicodeScalars.contains { $0 >= "0" && $0 <= "9" }
}

/// The size of each side of a fraction bar in digits: its mantissa digits plus the
/// magnitude of its exponent (so `1e-600` counts 601). Nil when the text is not made of
/// number characters or has an exponent too long to be one.
private func digitCounts(_ text: some StringProtocol) -> [Int]? {
  var sizes: [Int] = []
  for part in text.split(separator: "/", omittingEmptySubsequences: false) {
    var digits = 0
    var exponent = 0
    var inExponent = false
    var exponentDigits = 0
    for c in part.utf8 {
      switch c {
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        if inExponent {
          exponentDigits += 1
          guard exponentDigits <= 6 else { return nil }
          exponent = exponent * 10 + Int(c - UInt8(ascii: "0"))
        } else {
          digits += 1
        }
      case UInt8(ascii: "e"), UInt8(ascii: "E"): inExponent = true
      case UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: " "), UInt8(ascii: "\t"):
        break
      default: return nil
      }
    }
    sizes.append(digits + exponent)
  }
  return sizes
}

extension Substring {
  /// The text without the leading and trailing characters in `set`.
  func trimmingCharacters(_ set: String) -> Substring {
    let scalars = unicodeScalars
    guard let start = scalars.firstIndex(where: { !set.unicodeScalars.contains($0) }) else {
      return self[endIndex...]
    }
    let end = scalars.lastIndex(where: { !set.unicodeScalars.contains($0) })!
    return Substring(scalars[start...end])
  }
}
