import BigInt

/// An exact rational number `numerator / denominator` in lowest terms, with a positive
/// denominator, on arbitrary-precision integers (attaswift/BigInt).
///
/// Payoffs read from text keep their exact value here (`0.1` is `1/10`, not the nearest
/// `Double`), so equilibria can be verified exactly. A `Double` converts through its
/// shortest round-trip decimal (`Rational(0.1)` is `1/10`), which is what a person typed.
public struct Rational: Sendable, Hashable, Comparable, CustomStringConvertible {
  public let numerator: BigInt
  public let denominator: BigInt

  /// Creates `numerator / denominator` in lowest terms. The denominator must not be zero.
  public init(_ numerator: BigInt, _ denominator: BigInt = 1) {
    precondition(!denominator.isZero, "zero denominator")
    if denominator == 1 {
      self.numerator = numerator
      self.denominator = 1
      return
    }
    // Most payoffs and probabilities fit 64 bits: reduce them without BigInt division.
    if numerator.magnitude.bitWidth <= 64, denominator.magnitude.bitWidth <= 64 {
      let n = UInt64(numerator.magnitude), d = UInt64(denominator.magnitude)
      let g = UInt64(WordArithmetic.binaryGCD(UInt(n), UInt(d)))
      let negative = (numerator.sign == .minus) != (denominator.sign == .minus) && n != 0
      var reduced = BigInt(n / g)
      if negative { reduced.negate() }
      self.numerator = reduced
      self.denominator = BigInt(d / g)
      return
    }
    let g = numerator.greatestCommonDivisor(with: denominator)
    var n = numerator / g
    var d = denominator / g
    if d.sign == .minus {
      n.negate()
      d.negate()
    }
    self.numerator = n
    self.denominator = d
  }

  public init(_ value: Int) { self.init(BigInt(value)) }

  /// The exact value of the shortest decimal that round-trips to `value` (so `0.1` is
  /// `1/10`). Returns nil for NaN and infinities.
  public init?(_ value: Double) {
    guard value.isFinite else { return nil }
    self.init(decimalText: value.description)
  }

  public static let zero = Rational(0)
  public static let one = Rational(1)

  public var isZero: Bool { numerator.isZero }
  public var isNegative: Bool { numerator.sign == .minus && !numerator.isZero }
  public var isInteger: Bool { denominator == 1 }

  /// The nearest `Double`, correctly rounded (ties to even) for results in the normal range;
  /// subnormal results may be rounded twice.
  ///
  /// Small numerators and denominators (below 2⁵³) are exact `Double`s, so one IEEE
  /// division rounds correctly; 64-bit ones divide in 128 bits with a sticky bit. Larger
  /// ones first try their leading words (an interval of width 6 units in the 64th bit that
  /// usually rounds to a single `Double`) and otherwise scale the quotient to exactly 64
  /// bits by big-integer division, fold the remainder into its lowest bit (a sticky bit, far
  /// below the 53 kept), and convert once; the power-of-two scaling back is exact.
  public var doubleValue: Double { Self.nearestDouble(numerator, over: denominator) }

  /// The nearest `Double` to `numerator / denominator`, rounded as ``doubleValue`` describes;
  /// the fraction need not be in lowest terms (the value decides the rounding), and the
  /// denominator must be positive.
  static func nearestDouble(_ numerator: BigInt, over denominator: BigInt) -> Double {
    if numerator.isZero { return 0 }
    let n = numerator.magnitude, d = denominator.magnitude
    let nBits = n.bitWidth, dBits = d.bitWidth
    let negative = numerator.sign == .minus
    if nBits <= 53, dBits <= 53 {
      let magnitude = Double(UInt64(n)) / Double(UInt64(d))
      return negative ? -magnitude : magnitude
    }
    if nBits <= 64, dBits <= 64 {
      let magnitude = correctlyRoundedQuotient(UInt64(n), UInt64(d))
      return negative ? -magnitude : magnitude
    }
    let magnitude = boundedQuotient(n, nBits, d, dBits) ?? exactQuotient(n, d)
    return negative ? -magnitude : magnitude
  }

  /// n/d for large n, d from their leading words, without big-integer arithmetic: with
  /// N = the top 127 bits of n and D = the top 64 bits of d (truncated), the true quotient,
  /// scaled by the same power of two, lies strictly between ⌊N/(D+1)⌋ and ⌈(N+1)/D⌉, which
  /// are within 3 of ⌊N/D⌋ (a 63- or 64-bit integer). When both ends round to the same
  /// `Double`, so does the true value; otherwise (a rounding boundary within 3 units of the
  /// last bit of q, well under 1% of random quotients) nil, and the caller divides exactly.
  private static func boundedQuotient(_ n: BigUInt, _ nBits: Int, _ d: BigUInt, _ dBits: Int) -> Double? {
    let (nHigh, nLow) = leadingBits(n, bitWidth: nBits, count: 127)
    let (_, dTop) = leadingBits(d, bitWidth: dBits, count: 64)
    // nHigh < 2^63 ≤ dTop, so the 128-by-64 division fits in 64 bits.
    let (q, _) = dTop.dividingFullWidth((nHigh, nLow))
    guard q >= 3, q <= UInt64.max - 3 else { return nil }
    let low = Double(q - 3), high = Double(q + 3)
    guard low == high else { return nil }
    // value = q · 2^((nBits − 127) − (dBits − 64)); scale in two exact steps.
    let exponent = (nBits - 127) - (dBits - 64)
    let half = exponent / 2
    return low * pow2(half) * pow2(exponent - half)
  }

  /// The correctly rounded quotient by big-integer division (the general, slow path).
  private static func exactQuotient(_ n: BigUInt, _ d: BigUInt) -> Double {
    let n = BigInt(n), d = BigInt(d)
    var shift = 64 - (n.bitWidth - d.bitWidth)
    var (q, r) = scaledQuotient(n, d, shift)
    if q.bitWidth > 65 {  // one bit too many (bitWidth counts a sign bit)
      shift -= 1
      (q, r) = scaledQuotient(n, d, shift)
    } else if q.bitWidth < 65 {
      shift += 1
      (q, r) = scaledQuotient(n, d, shift)
    }
    var bits = UInt64(q)
    if !r.isZero { bits |= 1 }
    // Scale in two exact steps so a tiny result is not flushed to zero on the way.
    let half = -shift / 2
    return Double(bits) * pow2(half) * pow2(-shift - half)
  }

  /// The `count` (≤ 128) most significant bits of `m` (which has `bitWidth` bits) as a 128-bit
  /// (high, low) integer: ⌊m / 2^(bitWidth − count)⌋, or m shifted left if it is shorter.
  private static func leadingBits(_ m: BigUInt, bitWidth: Int, count: Int) -> (UInt64, UInt64) {
    let words = m.words
    // The 64 bits of m starting at bit position `bit` (which may be negative: zeros below bit 0).
    func word(at bit: Int) -> UInt64 {
      if bit <= -64 { return 0 }
      if bit < 0 { return UInt64(words[0]) << UInt64(-bit) }
      let index = bit / 64, offset = bit % 64
      let lowWord = index < words.count ? UInt64(words[index]) : 0
      if offset == 0 { return lowWord }
      let highWord = index + 1 < words.count ? UInt64(words[index + 1]) : 0
      return (lowWord >> UInt64(offset)) | (highWord << UInt64(64 - offset))
    }
    let start = bitWidth - count
    let low = word(at: start)
    let high = count > 64 ? word(at: start + 64) & (count >= 128 ? UInt64.max : (1 << UInt64(count - 64)) - 1) : 0
    return (high, count >= 64 ? low : low & ((1 << UInt64(count)) - 1))
  }

  /// `p/q`, or `p` for integers.
  public var description: String {
    denominator == 1 ? numerator.description : "\(numerator)/\(denominator)"
  }

  public static func + (a: Rational, b: Rational) -> Rational {
    if a.denominator == b.denominator { return Rational(a.numerator + b.numerator, a.denominator) }
    return Rational(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator)
  }
  public static func - (a: Rational, b: Rational) -> Rational { a + (-b) }
  public static prefix func - (a: Rational) -> Rational {
    Rational(unchecked: -a.numerator, a.denominator)
  }
  public static func * (a: Rational, b: Rational) -> Rational {
    Rational(a.numerator * b.numerator, a.denominator * b.denominator)
  }
  public static func / (a: Rational, b: Rational) -> Rational {
    precondition(!b.isZero, "division by zero")
    return Rational(a.numerator * b.denominator, a.denominator * b.numerator)
  }
  public static func += (a: inout Rational, b: Rational) { a = a + b }
  public static func -= (a: inout Rational, b: Rational) { a = a - b }
  public static func *= (a: inout Rational, b: Rational) { a = a * b }

  public static func < (a: Rational, b: Rational) -> Bool {
    a.numerator * b.denominator < b.numerator * a.denominator
  }

  /// Already in lowest terms with a positive denominator.
  init(unchecked numerator: BigInt, _ denominator: BigInt) {
    self.numerator = numerator
    self.denominator = denominator
  }
}

extension Rational {
  /// Parses an exact number: an integer (`-3`), a decimal (`0.25`, `.5`, `1.`), an exponent
  /// (`1e-3`, `2.5E4`), or a fraction `p/q` of two such numbers (`1/3`, `0.5/3`), with an
  /// optional `+`/`-` sign. Surrounding spaces are ignored. Returns nil for anything else,
  /// including `nan`, `inf` and `1/0`.
  public init?(parsing text: some StringProtocol) {
    if let value = Rational(smallDecimal: text) {
      self = value
      return
    }
    let trimmed = text.trimmingSpaces
    if let slash = trimmed.firstIndex(of: "/") {
      guard let p = Rational(decimalText: trimmed[..<slash]),
        let q = Rational(decimalText: trimmed[trimmed.index(after: slash)...]),
        !q.isZero
      else { return nil }
      self = p / q
    } else {
      guard let value = Rational(decimalText: trimmed) else { return nil }
      self = value
    }
  }

  /// A plain decimal (optional sign, digits with at most one point, optional exponent of up
  /// to three digits; spaces and tabs around it) with at most 18 significant digits, whose
  /// value is a 64-bit integer over a power of ten up to 10¹⁸ (`-0.25`, `7`, `1e3`,
  /// `0.6038906202342335`), or a fraction `p/q` of two integers of at most 18 digits each
  /// (`-3/4`): read and reduced in machine words, without big-integer arithmetic.
  /// Nil for anything else, which ``init(parsing:)`` then reads in full. This is the shape of
  /// almost every payoff in a file, and of every `Double`'s shortest decimal but the largest
  /// and smallest.
  package init?(smallDecimal text: some StringProtocol) {
    let parsed =
      text.utf8.withContiguousStorageIfAvailable { Self.smallDecimal($0) } ?? Self.smallDecimal(Array(text.utf8))
    guard let (numerator, denominator) = parsed else { return nil }
    self.init(unchecked: .word(numerator), .word(denominator))
  }

  /// ``init(smallDecimal:)`` on the UTF-8 bytes of the text (a concrete buffer: a generic
  /// one would be read through protocol witnesses across the module boundary).
  package init?(smallDecimalUTF8 bytes: UnsafeBufferPointer<UInt8>) {
    guard let (numerator, denominator) = Self.smallDecimal(bytes) else { return nil }
    self.init(unchecked: .word(numerator), .word(denominator))
  }

  /// The reduced `(numerator, denominator)` of a small decimal (see ``init(smallDecimal:)``).
  private static func smallDecimal(_ bytes: some RandomAccessCollection<UInt8>) -> (Int64, UInt64)? {
    let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), zero = UInt8(ascii: "0"), nine = UInt8(ascii: "9")
    var i = bytes.startIndex
    func peek() -> UInt8? { i < bytes.endIndex ? bytes[i] : nil }
    while let c = peek(), c == space || c == tab { i = bytes.index(after: i) }
    var negative = false
    if let c = peek(), c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
      negative = c == UInt8(ascii: "-")
      i = bytes.index(after: i)
    }
    var significand: UInt64 = 0
    var significantDigits = 0, fractionDigits = 0, digits = 0
    var seenPoint = false
    while let c = peek() {
      if c >= zero && c <= nine {
        if significand != 0 || c != zero { significantDigits += 1 }
        guard significantDigits <= 18 else { return nil }
        significand = significand * 10 + UInt64(c - zero)
        digits += 1
        if seenPoint { fractionDigits += 1 }
      } else if c == UInt8(ascii: "."), !seenPoint {
        seenPoint = true
      } else {
        break
      }
      i = bytes.index(after: i)
    }
    guard digits > 0 else { return nil }
    var exponent = 0, hasExponent = false
    if let c = peek(), c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
      hasExponent = true
      i = bytes.index(after: i)
      var exponentNegative = false
      if let c = peek(), c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
        exponentNegative = c == UInt8(ascii: "-")
        i = bytes.index(after: i)
      }
      var exponentDigits = 0
      while let c = peek(), c >= zero && c <= nine {
        exponentDigits += 1
        guard exponentDigits <= 3 else { return nil }
        exponent = exponent * 10 + Int(c - zero)
        i = bytes.index(after: i)
      }
      guard exponentDigits > 0 else { return nil }
      if exponentNegative { exponent = -exponent }
    }
    while let c = peek(), c == space || c == tab { i = bytes.index(after: i) }
    if let c = peek(), c == UInt8(ascii: "/") {
      // p/q of two integers (as lrsnash and Gambit write exact payoffs).
      guard !seenPoint, !hasExponent else { return nil }
      i = bytes.index(after: i)
      while let c = peek(), c == space || c == tab { i = bytes.index(after: i) }
      var denominatorNegative = false
      if let c = peek(), c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
        denominatorNegative = c == UInt8(ascii: "-")
        i = bytes.index(after: i)
      }
      var denominator: UInt64 = 0, denominatorDigits = 0
      while let c = peek(), c >= zero && c <= nine {
        if denominator != 0 || c != zero { denominatorDigits += 1 }
        guard denominatorDigits <= 18 else { return nil }
        denominator = denominator * 10 + UInt64(c - zero)
        i = bytes.index(after: i)
      }
      while let c = peek(), c == space || c == tab { i = bytes.index(after: i) }
      guard i == bytes.endIndex, denominator != 0 else { return nil }  // q = 0: the full reader says why
      if significand == 0 { return (0, 1) }
      let g = UInt64(WordArithmetic.binaryGCD(UInt(significand), UInt(denominator)))
      let numerator = Int64(significand / g)  // < 10¹⁸
      return (negative != denominatorNegative ? -numerator : numerator, denominator / g)
    }
    guard i == bytes.endIndex else { return nil }
    if significand == 0 { return (0, 1) }
    let scale = exponent - fractionDigits
    var power: UInt64 = 1
    for _ in 0..<min(abs(scale), 19) { power &*= 10 }
    if scale >= 0 {
      guard scale <= 18 else { return nil }
      let (value, overflow) = significand.multipliedReportingOverflow(by: power)
      guard !overflow, value <= UInt64(Int64.max) else { return nil }
      return (negative ? -Int64(value) : Int64(value), 1)
    }
    guard scale >= -18 else { return nil }
    let g = UInt64(WordArithmetic.binaryGCD(UInt(significand), UInt(power)))
    let numerator = Int64(significand / g)  // < 10¹⁸
    return (negative ? -numerator : numerator, power / g)
  }

  /// A decimal number with optional sign, fraction and exponent, spaces allowed around it.
  init?(decimalText raw: some StringProtocol) {
    guard let (numerator, denominator) = decimalFraction(raw) else { return nil }
    self.init(numerator, denominator)
  }
}

/// Parses a decimal (optional sign, fraction and exponent, spaces around it) into an
/// unreduced fraction `numerator / 10^k`, with no gcd: the exact verifier scales such
/// fractions to a common denominator by divisibility alone.
func decimalFraction(_ raw: some StringProtocol) -> (BigInt, BigInt)? {
  let text = raw.trimmingSpaces
  var bytes = Array(text.utf8)[...]
  guard !bytes.isEmpty, bytes.count <= 4096 else { return nil }
  var negative = false
  if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
    negative = first == UInt8(ascii: "-")
    bytes = bytes.dropFirst()
  }
  var mantissa = BigInt(0)
  var digits = 0
  var fractionDigits = 0
  var seenPoint = false
  var chunk: Int64 = 0
  var chunkDigits = 0
  func flush() {
    if chunkDigits > 0 {
      mantissa = mantissa * BigInt(power10(chunkDigits)) + BigInt(chunk)
      chunk = 0
      chunkDigits = 0
    }
  }
  while let c = bytes.first, c != UInt8(ascii: "e"), c != UInt8(ascii: "E") {
    bytes = bytes.dropFirst()
    if c == UInt8(ascii: ".") {
      guard !seenPoint else { return nil }
      seenPoint = true
    } else if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
      chunk = chunk * 10 + Int64(c - UInt8(ascii: "0"))
      chunkDigits += 1
      if chunkDigits == 18 { flush() }
      digits += 1
      if seenPoint { fractionDigits += 1 }
    } else {
      return nil
    }
  }
  flush()
  guard digits > 0 else { return nil }
  var exponent = 0
  if !bytes.isEmpty {
    bytes = bytes.dropFirst()  // the e
    var expNegative = false
    if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
      expNegative = first == UInt8(ascii: "-")
      bytes = bytes.dropFirst()
    }
    guard !bytes.isEmpty, bytes.count <= 4 else { return nil }
    for c in bytes {
      guard c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") else { return nil }
      exponent = exponent * 10 + Int(c - UInt8(ascii: "0"))
    }
    if expNegative { exponent = -exponent }
  }
  let scale = exponent - fractionDigits
  if negative { mantissa.negate() }
  return scale >= 0 ? (mantissa * BigInt(10).power(scale), 1) : (mantissa, BigInt(10).power(-scale))
}

extension StringProtocol {
  /// The text without leading and trailing spaces and tabs.
  var trimmingSpaces: Substring {
    let s = Substring(self)
    guard let start = s.firstIndex(where: { $0 != " " && $0 != "\t" }) else { return s[s.endIndex...] }
    let end = s.lastIndex(where: { $0 != " " && $0 != "\t" })!
    return s[start...end]
  }
}

private func power10(_ n: Int) -> Int64 {
  var r: Int64 = 1
  for _ in 0..<n { r *= 10 }
  return r
}

/// 2^e (0 or infinity beyond the range of `Double`).
private func pow2(_ e: Int) -> Double {
  Double(sign: .plus, exponent: e, significand: 1)
}

/// n / d rounded once to the nearest `Double`, for positive 64-bit n and d: the quotient
/// n·2^s / d is formed with exactly 64 bits by a 128-by-64-bit division, the remainder
/// becomes a sticky bit, and `Double(UInt64)` rounds (ties to even).
private func correctlyRoundedQuotient(_ n: UInt64, _ d: UInt64) -> Double {
  var shift = 63 + (64 - d.leadingZeroBitCount) - (64 - n.leadingZeroBitCount)
  func quotient(_ s: Int) -> (UInt64, UInt64) {
    // n << s as a 128-bit (high, low) pair; s is in 0...126 and n·2^s < d·2^64.
    let high: UInt64 = s == 0 ? 0 : s >= 64 ? n << (s - 64) : n >> (64 - s)
    let low: UInt64 = s >= 64 ? 0 : n << s
    return d.dividingFullWidth((high, low))
  }
  var (q, r) = quotient(shift)
  if q < (1 << 63) {
    shift += 1
    (q, r) = quotient(shift)
  }
  if r != 0 { q |= 1 }
  return Double(q) * pow2(-shift)
}

/// ⌊n·2^shift / d⌋ and the remainder, for positive n and d.
private func scaledQuotient(_ n: BigInt, _ d: BigInt, _ shift: Int) -> (BigInt, BigInt) {
  var scaledN = n, scaledD = d
  if shift >= 0 { scaledN <<= shift } else { scaledD <<= -shift }
  return scaledN.quotientAndRemainder(dividingBy: scaledD)
}

extension BigInt {
  private static let unit = BigUInt(1)

  /// A machine integer as a `BigInt` through BigUInt's word product, not the generic
  /// `BinaryInteger` conversion (which runs unspecialized, through protocol witnesses, from
  /// another module): a few times faster, which matters for millions of payoffs.
  static func word(_ value: Int64) -> BigInt {
    BigInt(sign: value < 0 ? .minus : .plus, magnitude: value == 0 ? BigUInt() : unit.multiplied(byWord: UInt(value.magnitude)))
  }

  static func word(_ value: UInt64) -> BigInt {
    BigInt(sign: .plus, magnitude: value == 0 ? BigUInt() : unit.multiplied(byWord: UInt(value)))
  }
}
