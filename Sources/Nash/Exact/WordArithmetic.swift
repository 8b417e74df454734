import BigInt

/// Non-negative integers as little-endian arrays of 64-bit words, for the hot spots of exact
/// verification that attaswift/BigInt serves slowly: the greatest common divisor of numbers
/// of thousands of bits (BigInt uses Stein's binary algorithm, one bit per pass, allocating
/// on every shift) and the nearest `Double` of a quotient.
///
/// The gcd is Lehmer's: Euclid's quotients are found from the leading 62 bits of both
/// numbers while they provably agree with the true ones (Collins's condition, as in Knuth's
/// Algorithm L), and applied to the full numbers as one 2 × 2 cofactor matrix, so a pass over
/// the words removes about 30 bits instead of one.
///
/// References:
/// - D. H. Lehmer, "Euclid's algorithm for large numbers", American Mathematical Monthly
///   45(4):227–233, 1938. https://doi.org/10.2307/2302607
/// - D. E. Knuth, The Art of Computer Programming, vol. 2, 3rd ed., §4.5.2, Algorithm L.
enum WordArithmetic {
  /// `value = value · factor + addend`.
  static func multiplyAdd(_ value: inout [UInt], _ factor: UInt, _ addend: UInt) {
    var carry = addend
    for i in value.indices {
      let (high, low) = value[i].multipliedFullWidth(by: factor)
      let (sum, overflow) = low.addingReportingOverflow(carry)
      value[i] = sum
      carry = high &+ (overflow ? 1 : 0)  // high ≤ 2⁶⁴ − 2: no overflow
    }
    if carry != 0 { value.append(carry) }
  }

  /// `accumulator += a · b` (the accumulator has room for the sum).
  static func multiplyAccumulate<A: RandomAccessCollection>(_ accumulator: inout [UInt], _ a: A, _ b: [UInt])
  where A.Element == UInt, A.Index == Int {
    accumulator.withUnsafeMutableBufferPointer { acc in
      b.withUnsafeBufferPointer { bb in
        for (offset, i) in a.indices.enumerated() {
          let ai = a[i]
          guard ai != 0 else { continue }
          var carry: UInt = 0
          for j in 0..<bb.count {
            let (high, low) = ai.multipliedFullWidth(by: bb[j])
            let (s1, o1) = low.addingReportingOverflow(carry)
            let (s2, o2) = acc[offset + j].addingReportingOverflow(s1)
            acc[offset + j] = s2
            carry = high &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0)  // high ≤ 2⁶⁴ − 2: no overflow
          }
          var k = offset + bb.count
          while carry != 0 {
            let (s, o) = acc[k].addingReportingOverflow(carry)
            acc[k] = s
            carry = o ? 1 : 0
            k += 1
          }
        }
      }
    }
  }

  /// Drops leading zero words (zero is the empty array).
  static func normalize(_ value: inout [UInt]) {
    while let last = value.last, last == 0 { value.removeLast() }
  }

  static func normalized(_ value: [UInt]) -> [UInt] {
    var v = value
    normalize(&v)
    return v
  }

  /// −1, 0 or 1 as a < b, a = b or a > b (leading zero words allowed).
  static func compare(_ a: [UInt], _ b: [UInt]) -> Int {
    var la = a.count, lb = b.count
    while la > 0 && a[la - 1] == 0 { la -= 1 }
    while lb > 0 && b[lb - 1] == 0 { lb -= 1 }
    return compare(a, count: la, b, count: lb)
  }

  /// a − b for a ≥ b, normalized.
  static func subtract(_ a: [UInt], _ b: [UInt]) -> [UInt] {
    var result = a
    var borrow: UInt = 0
    for i in result.indices {
      let (d1, o1) = result[i].subtractingReportingOverflow(i < b.count ? b[i] : 0)
      let (d2, o2) = d1.subtractingReportingOverflow(borrow)
      result[i] = d2
      borrow = (o1 || o2) ? 1 : 0
    }
    precondition(borrow == 0, "subtract: a < b")
    normalize(&result)
    return result
  }

  static func add(_ a: [UInt], _ b: [UInt]) -> [UInt] {
    var result = a.count >= b.count ? a : b
    let other = a.count >= b.count ? b : a
    var carry: UInt = 0
    for i in result.indices {
      let (s1, o1) = result[i].addingReportingOverflow(i < other.count ? other[i] : 0)
      let (s2, o2) = s1.addingReportingOverflow(carry)
      result[i] = s2
      carry = (o1 || o2) ? 1 : 0
    }
    if carry != 0 { result.append(carry) }
    return result
  }

  /// value · factor.
  static func times(_ value: [UInt], _ factor: UInt) -> [UInt] {
    var result = value
    multiplyAdd(&result, factor, 0)
    normalize(&result)
    return result
  }

  /// The number of significant bits.
  static func bitLength(_ value: [UInt]) -> Int {
    guard let last = value.last else { return 0 }
    return (value.count - 1) * UInt.bitWidth + UInt.bitWidth - last.leadingZeroBitCount
  }

  /// Bits [shift, shift + 62) of value (value < 2^(shift + 62)).
  private static func bits62(_ value: [UInt], from shift: Int) -> Int64 {
    let word = shift / UInt.bitWidth, offset = shift % UInt.bitWidth
    var result = word < value.count ? value[word] >> UInt(offset) : 0
    if offset > 0, word + 1 < value.count { result |= value[word + 1] << UInt(UInt.bitWidth - offset) }
    return Int64(result & ((1 << 62) - 1))
  }

  /// value / d (truncated) for a single word d > 0.
  static func quotient(_ value: [UInt], _ d: UInt) -> [UInt] {
    var result = value
    var r: UInt = 0
    for i in stride(from: value.count - 1, through: 0, by: -1) {
      (result[i], r) = d.dividingFullWidth((r, value[i]))
    }
    normalize(&result)
    return result
  }

  /// value mod d for a single word d > 0.
  static func remainder(_ value: [UInt], _ d: UInt) -> UInt {
    var r: UInt = 0
    for w in value.reversed() { r = d.dividingFullWidth((r, w)).remainder }
    return r
  }

  /// The greatest common divisor of a and b (gcd(0, b) = b), by Lehmer's algorithm.
  static func gcd(_ a: [UInt], _ b: [UInt]) -> [UInt] {
    var u = normalized(a), v = normalized(b)
    if compare(u, v) < 0 { swap(&u, &v) }
    // v lives in a buffer as long as u; both shrink by their leading zero words.
    var uCount = u.count, vCount = v.count
    v += [UInt](repeating: 0, count: uCount - vCount)
    while vCount > 1 {
      // u ≥ v ≥ 2⁶⁴: the leading 62 bits of u, and v's bits at the same position.
      let shift = (uCount - 1) * UInt.bitWidth + UInt.bitWidth - u[uCount - 1].leadingZeroBitCount - 62
      var uh = bits62(u, from: shift), vh = bits62(v, from: shift)
      var (ca, cb, cc, cd): (Int64, Int64, Int64, Int64) = (1, 0, 0, 1)
      // Knuth's Algorithm L: the quotient of the leading bits is Euclid's quotient when
      // it is the same for both extremes of the unknown lower bits. The cofactors stay below
      // 2⁶² in magnitude, so no sum below overflows.
      while true {
        let den1 = vh &+ cc, den2 = vh &+ cd
        guard den1 > 0, den2 > 0 else { break }
        let q = (uh &+ ca) / den1
        guard q == (uh &+ cb) / den2 else { break }
        (ca, cc) = (cc, ca &- q &* cc)
        (cb, cd) = (cd, cb &- q &* cd)
        (uh, vh) = (vh, uh &- q &* vh)
      }
      if cb == 0 {
        // No quotient was certain: one full division step.
        let r = BigUInt(words: u[0..<uCount]) % BigUInt(words: v[0..<vCount])
        swap(&u, &v)
        swap(&uCount, &vCount)
        var count = 0
        for (i, w) in r.words.enumerated() {
          v[i] = w
          if w != 0 { count = i + 1 }
        }
        for i in r.words.count..<v.count { v[i] = 0 }
        vCount = count
      } else {
        // (u, v) = (ca·u + cb·v, cc·u + cd·v), both non-negative, in one pass.
        var carryU: Int128 = 0, carryV: Int128 = 0
        for i in 0..<uCount {
          let ui = Int128(u[i]), vi = Int128(v[i])
          let nu = Int128(ca) * ui + Int128(cb) * vi + carryU
          let nv = Int128(cc) * ui + Int128(cd) * vi + carryV
          u[i] = UInt(truncatingIfNeeded: nu)
          v[i] = UInt(truncatingIfNeeded: nv)
          carryU = nu >> 64
          carryV = nv >> 64
        }
        while uCount > 0 && u[uCount - 1] == 0 { uCount -= 1 }
        vCount = uCount
        while vCount > 0 && v[vCount - 1] == 0 { vCount -= 1 }
        if compare(u, count: uCount, v, count: vCount) < 0 {
          swap(&u, &v)
          swap(&uCount, &vCount)
        }
      }
    }
    u.removeLast(u.count - uCount)
    guard vCount == 1 else { return u }
    let last = v[0]
    return [binaryGCD(last, remainder(u, last))]
  }

  /// `compare` of the first `aCount` words of `a` and `bCount` of `b` (each without leading
  /// zero words), without slicing into new arrays.
  static func compare(_ a: [UInt], count aCount: Int, _ b: [UInt], count bCount: Int) -> Int {
    if aCount != bCount { return aCount < bCount ? -1 : 1 }
    var i = aCount - 1
    while i >= 0 {
      if a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
      i -= 1
    }
    return 0
  }

  /// Stein's binary gcd of two words (gcd(a, 0) = a).
  static func binaryGCD(_ a: UInt, _ b: UInt) -> UInt {
    if a == 0 { return b }
    if b == 0 { return a }
    var (u, v) = (a, b)
    let shift = (u | v).trailingZeroBitCount
    u >>= u.trailingZeroBitCount
    repeat {
      v >>= v.trailingZeroBitCount
      if u > v { swap(&u, &v) }
      v -= u
    } while v != 0
    return u << shift
  }

  /// The leading 64 bits of value (top bit set) and the power of two they stand for:
  /// value ≈ top · 2^exponent, truncated (relative error below 2⁻⁶³).
  private static func leading(_ value: [UInt]) -> (top: UInt, exponent: Int) {
    let bits = bitLength(value)
    let shift = bits - UInt.bitWidth
    if shift <= 0 { return (value.first! << UInt(-shift), shift) }
    let word = shift / UInt.bitWidth, offset = shift % UInt.bitWidth
    var top = value[word] >> UInt(offset)
    if offset > 0 { top |= value[word + 1] << UInt(UInt.bitWidth - offset) }
    return (top, shift)
  }

  /// n / d (d ≠ 0) as a `Double` within 3 units in the last place (relative error at most
  /// 3 · 2⁻⁵³) when the result is a normal number; 0 for n = 0; possibly 0, subnormal or
  /// infinite outside the normal range.
  static func approximateQuotient(_ n: [UInt], _ d: [UInt]) -> Double {
    let nn = normalized(n), dd = normalized(d)
    guard !nn.isEmpty else { return 0 }
    precondition(!dd.isEmpty, "division by zero")
    let (tn, en) = leading(nn), (td, ed) = leading(dd)
    let ratio = Double(tn) / Double(td)  // in (0.5, 2)
    let exponent = en - ed
    guard exponent > -2000 else { return 0 }
    guard exponent < 2000 else { return .infinity }
    return Double(sign: .plus, exponent: exponent, significand: ratio)
  }
}

extension BigInt {
  /// The magnitude's words, normalized.
  var magnitudeWords: [UInt] { WordArithmetic.normalized(Array(magnitude.words)) }
}

extension Rational {
  /// numerator / denominator in lowest terms, reduced with Lehmer's gcd (much faster than
  /// BigInt's binary gcd on numbers of thousands of bits).
  init(reducing numerator: BigInt, _ denominator: BigInt) {
    precondition(!denominator.isZero, "zero denominator")
    if numerator.isZero {
      self = .zero
      return
    }
    if numerator.magnitude.bitWidth <= 64, denominator.magnitude.bitWidth <= 64 {
      self.init(numerator, denominator)
      return
    }
    let g = WordArithmetic.gcd(numerator.magnitudeWords, denominator.magnitudeWords)
    var n = numerator, d = denominator
    if g.count == 1 {
      if g[0] != 1 {
        n = BigInt(sign: n.sign, magnitude: BigUInt(words: WordArithmetic.quotient(n.magnitudeWords, g[0])))
        d = BigInt(sign: d.sign, magnitude: BigUInt(words: WordArithmetic.quotient(d.magnitudeWords, g[0])))
      }
    } else {
      let divisor = BigInt(sign: .plus, magnitude: BigUInt(words: g))
      n = n / divisor
      d = d / divisor
    }
    if d.sign == .minus {
      n.negate()
      d.negate()
    }
    self.init(unchecked: n, d)
  }
}
