import BigInt
import CDenseKernels

/// Exact solution of a square integer linear system by congruences: solve it modulo enough
/// 50-bit primes, then rebuild the integers by the Chinese remainder theorem.
///
/// For `M X = d b` with M an n × n integer matrix (n = k + 1 for a support of k strategies), Cramer's
/// rule makes `d = det M` and every `X_i = det M_i` (M with column i replaced by b) integers
/// bounded by Hadamard's inequality, `|det| ≤ Π_r ‖row_r‖₂ ≤ Π_r √n · max_r` over the rows of
/// the augmented matrix `[M | b]`. Each prime p gives `det M mod p` and `X mod p` by Gaussian
/// elimination (`det M · (M⁻¹ b) mod p`): four primes at once in the AVX2 lanes of doubles
/// (products split exactly by FMA), or one at a time in Montgomery arithmetic on CPUs without
/// AVX2 (and for the rare group of four that needs a different pivot per prime); once the primes' product
/// exceeds twice the bound, Garner's mixed-radix form of the residues gives the integers in
/// the symmetric range exactly. A prime that divides det M ("unlucky") is skipped; two in a row
/// make the system count as singular, and the caller falls back to rational elimination
/// (which handles rank-deficient systems, and is exact either way).
///
/// This replaces fraction-free (Bareiss) elimination on big integers, whose O(n³) operations
/// act on numbers of up to n · 60 bits: here the O(n³) work is per prime on single words, and
/// only the O(n · P²) reconstruction (P primes) touches multi-word numbers. The caller still
/// substitutes the result into the original system and the regret inequalities, in exact
/// integers: the certificate does not rest on this routine.
///
/// References:
/// - I. Borosh and A. S. Fraenkel, "Exact solutions of linear equations with rational
///   coefficients by congruence techniques", Mathematics of Computation 20(93):107–112, 1966.
///   https://doi.org/10.1090/S0025-5718-1966-0187376-2
/// - S. Cabay and T. P. L. Lam, "Congruence techniques for the exact solution of integer
///   systems of linear equations", ACM Transactions on Mathematical Software 3(4):386–397,
///   1977. https://doi.org/10.1145/355759.355766
/// - H. L. Garner, "The residue number system", IRE Transactions on Electronic Computers
///   EC-8(2):140–147, 1959 (mixed-radix conversion).
/// - P. L. Montgomery, "Modular multiplication without trial division", Mathematics of
///   Computation 44(170):519–521, 1985. https://doi.org/10.1090/S0025-5718-1985-0777282-X
/// - J. D. Dixon, "Exact solution of linear equations using p-adic expansions", Numerische
///   Mathematik 40:137–141, 1982. https://doi.org/10.1007/BF01459080 — the one-prime
///   alternative (p-adic lifting, O(n³ + n² · P) word operations instead of O(n³ · P)). It
///   needs a rational reconstruction (an extended gcd on numbers of twice the size) and exact
///   residual updates; at the support sizes exact verification attempts (n ≤ 65) the
///   elimination modulo each prime costs little more, so the simpler method is used.
///
/// - Complexity: O(P · n³) single-word operations for P ≈ (log₂ of the Hadamard bound) / 50
///   primes, plus O(n · P²) for the reconstruction.
enum MultimodularSolve {
  enum Outcome {
    /// `M X = determinant · b`, with `determinant = det M ≠ 0` (either sign).
    case solution(numerators: [BigInt], determinant: BigInt)
    /// det M vanished modulo two primes in a row: singular, or nearly so by ill luck.
    case singular
    /// The Hadamard bound needs more primes than the table holds (entries of thousands of bits).
    case tooLarge
  }

  /// 128 primes just below 2⁵⁰, as 2⁵⁰ − offset (ascending offsets): 6,399 bits in all, room for
  /// a 50 × 50 system with 120-bit entries. Below 2⁵⁰ so that four of them share the AVX2
  /// elimination in doubles (`modular_elimination.c`); checked prime by the tests.
  static let primeOffsets: [UInt64] = [
    27, 35, 51, 71, 113, 117, 131, 161, 195, 233, 267, 341, 351, 377, 423, 447, 545, 591, 603, 611,
    651, 653, 665, 675, 681, 707, 723, 741, 765, 813, 821, 873, 911, 951, 971, 1001, 1011, 1077,
    1085, 1091, 1121, 1125, 1163, 1197, 1205, 1227, 1247, 1323, 1361, 1401, 1443, 1463, 1485, 1493,
    1505, 1511, 1527, 1553, 1611, 1617, 1715, 1727, 1791, 1821, 1833, 1851, 1865, 1877, 1931, 1965,
    2015, 2031, 2033, 2051, 2147, 2187, 2211, 2217, 2243, 2291, 2315, 2345, 2351, 2375, 2427, 2523,
    2561, 2567, 2613, 2687, 2691, 2693, 2753, 2841, 2855, 2871, 2897, 2921, 2967, 2987, 3041, 3083,
    3095, 3107, 3117, 3131, 3135, 3201, 3207, 3221, 3237, 3243, 3291, 3393, 3435, 3437, 3513, 3551,
    3615, 3633, 3641, 3645, 3681, 3701, 3737, 3743, 3765, 3827,
  ]

  static let primes: [UInt64] = primeOffsets.map { (1 << 50) - $0 }

  /// Every prime exceeds 2^49.99999 (2⁵⁰ − p < 2¹²): a safe lower bound for the bits one prime
  /// contributes.
  static let bitsPerPrime = 49.99999

  /// The primes as doubles (exact), for the four-lane kernels.
  private static let primeDoubles: [Double] = primes.map { Double($0) }

  /// Solves `M X = d b` for the augmented rows `[M | b]` (n rows of n + 1 integers). With
  /// `vectorized` (and a CPU with AVX2 and FMA), four primes at a time go through the kernels
  /// of `modular_elimination.c`; otherwise, and for any group of four where the kernel needs a
  /// different pivot per prime, each prime goes through ``MontgomeryField``. The result is the
  /// same either way.
  static func solve(_ augmented: [[BigInt]], vectorized: Bool = true) -> Outcome {
    let n = augmented.count
    precondition(n > 0 && augmented.allSatisfy { $0.count == n + 1 }, "augmented rows must be n × (n + 1)")
    let width = n + 1
    let entries = n * width
    // Magnitudes as words (little-endian; entry e's are words[wordStart[e]..<wordStart[e + 1]],
    // all in one array), with signs, and the Hadamard bound in bits.
    var words = [UInt64]()
    words.reserveCapacity(2 * entries)
    var wordStart = [Int64]()
    wordStart.reserveCapacity(entries + 1)
    var negative = [UInt8]()
    negative.reserveCapacity(entries)
    var boundBits = 1.0  // M > 2 · bound
    let halfLogN = 0.5 * Double(Int.bitWidth - n.leadingZeroBitCount)  // ≥ ½ log₂ n
    for row in augmented {
      var rowBits = 0
      for value in row {
        wordStart.append(Int64(words.count))
        for word in value.magnitude.words { words.append(UInt64(word)) }
        negative.append(value.sign == .minus && !value.isZero ? 1 : 0)
        rowBits = max(rowBits, value.magnitude.bitWidth)
      }
      boundBits += Double(rowBits) + halfLogN
    }
    wordStart.append(Int64(words.count))
    let needed = Int((boundBits / bitsPerPrime).rounded(.up))
    guard needed <= primes.count else { return .tooLarge }

    // residues[j * (n + 1) + i]: X_i mod p_j (i < n), then det mod p_j.
    var usedPrimes = [UInt64]()
    usedPrimes.reserveCapacity(needed + 3)
    var residues = [UInt64]()
    residues.reserveCapacity((needed + 3) * width)
    var unluckyInARow = 0
    var next = 0
    var lanes = vectorized ? [Double](repeating: 0, count: 4 * entries) : []
    var laneResults = vectorized ? [Double](repeating: 0, count: 4 * width) : []
    var scalarUntil = vectorized ? 0 : primes.count  // primes below this index go one at a time
    var matrix = [UInt64]()
    while usedPrimes.count < needed {
      guard next < primes.count else { return .tooLarge }
      if next >= scalarUntil, next + 4 <= primes.count {
        let answer = primeDoubles.withUnsafeBufferPointer { allPrimes in
          let four = allPrimes.baseAddress! + next
          return lanes.withUnsafeMutableBufferPointer { lanes in
            let read = nash_modular_residues4(
              Int64(entries), words, wordStart, negative, four, lanes.baseAddress!)
            guard read == 1 else { return read }
            return laneResults.withUnsafeMutableBufferPointer {
              nash_modular_solve4(Int64(n), lanes.baseAddress!, four, $0.baseAddress!)
            }
          }
        }
        if answer == 1 {
          let taken = min(4, needed - usedPrimes.count)
          for lane in 0..<taken {
            usedPrimes.append(primes[next + lane])
            for i in 0..<width { residues.append(UInt64(laneResults[4 * i + lane])) }
          }
          unluckyInARow = 0
          next += 4
          continue
        }
        // No AVX2 (solve everything prime by prime), or a pivot not shared by the four primes.
        scalarUntil = answer < 0 ? primes.count : next + 4
      }
      let field = MontgomeryField(primes[next])
      next += 1
      if matrix.isEmpty { matrix = [UInt64](repeating: 0, count: entries) }
      words.withUnsafeBufferPointer { all in
        for index in 0..<entries {
          let entry = UnsafeBufferPointer(
            rebasing: all[Int(wordStart[index])..<Int(wordStart[index + 1])])
          matrix[index] = field.residue(words: entry, negative: negative[index] != 0)
        }
      }
      let solved = matrix.withUnsafeMutableBufferPointer { field.solveInPlace($0.baseAddress!, order: n) }
      guard let solved else {
        unluckyInARow += 1
        if unluckyInARow >= 2 { return .singular }
        continue
      }
      unluckyInARow = 0
      usedPrimes.append(field.p)
      residues.append(contentsOf: solved)
    }
    let values = GarnerReconstruction.forPrimes(usedPrimes).integers(residues: residues, count: n + 1)
    return .solution(numerators: Array(values[0..<n]), determinant: values[n])
  }
}

/// Arithmetic modulo an odd prime p < 2⁶² in Montgomery form (R = 2⁶⁴): `a` stands for
/// a · R mod p, and a product needs no division (Montgomery 1985).
struct MontgomeryField {
  let p: UInt64
  /// −p⁻¹ mod 2⁶⁴.
  let negativeInverse: UInt64
  /// R mod p: 1 in Montgomery form.
  let one: UInt64
  /// R² mod p: multiplying by it converts into Montgomery form.
  let rSquared: UInt64

  init(_ p: UInt64) {
    precondition(p & 1 == 1 && p < 1 << 62, "the modulus must be odd and below 2^62")
    self.p = p
    var inverse = p  // correct to 3 bits for odd p; each Newton step doubles them
    for _ in 0..<5 { inverse = inverse &* (2 &- p &* inverse) }
    negativeInverse = 0 &- inverse
    one = (UInt64.max % p) &+ 1
    rSquared = p.dividingFullWidth((one, 0)).remainder
  }

  /// a · b · R⁻¹ mod p, for a, b < p.
  @inline(__always)
  func multiply(_ a: UInt64, _ b: UInt64) -> UInt64 {
    let (high, low) = a.multipliedFullWidth(by: b)
    let m = low &* negativeInverse
    let (mHigh, _) = m.multipliedFullWidth(by: p)
    // low + (m · p mod 2⁶⁴) is 0 mod 2⁶⁴; it carries exactly when low ≠ 0.
    var u = high &+ mHigh &+ (low == 0 ? 0 : 1)
    if u >= p { u &-= p }
    return u
  }

  @inline(__always)
  func add(_ a: UInt64, _ b: UInt64) -> UInt64 {
    let s = a &+ b
    return s >= p ? s &- p : s
  }

  @inline(__always)
  func subtract(_ a: UInt64, _ b: UInt64) -> UInt64 {
    a >= b ? a &- b : a &+ p &- b
  }

  func toMontgomery(_ a: UInt64) -> UInt64 { multiply(a % p, rSquared) }
  func fromMontgomery(_ a: UInt64) -> UInt64 { multiply(a, 1) }

  /// a⁻¹ in Montgomery form (a ≠ 0, in Montgomery form). The extended Euclidean algorithm on
  /// the words gives (aR)⁻¹ = a⁻¹R⁻¹; two products by R² make it a⁻¹R.
  func inverse(_ a: UInt64) -> UInt64 {
    // Invariants: r0 ≡ t0 · a and r1 ≡ t1 · a (mod p), |t| < p, signs alternating.
    var (r0, r1) = (p, a)
    var (t0, t1): (Int64, Int64) = (0, 1)
    while r1 != 0 {
      let (q, r) = r0.quotientAndRemainder(dividingBy: r1)
      (r0, r1) = (r1, r)
      (t0, t1) = (t1, t0 &- Int64(bitPattern: q) &* t1)
    }
    // r0 = gcd = 1; t0 = a⁻¹ mod p, in (−p, p).
    let plain = t0 < 0 ? UInt64(bitPattern: t0) &+ p : UInt64(bitPattern: t0)
    return multiply(multiply(plain, rSquared), rSquared)
  }

  /// The Montgomery form of ±Σ wᵢ 2⁶⁴ⁱ mod p, by Horner's rule (multiplying by R² is
  /// multiplying by 2⁶⁴ and converting at once).
  func residue(words: UnsafeBufferPointer<UInt64>, negative: Bool) -> UInt64 {
    var acc: UInt64 = 0
    for w in words.reversed() {
      let limb = w < p ? w : w % p
      acc = multiply(add(acc, limb), rSquared)
    }
    return negative && acc != 0 ? p - acc : acc
  }

  /// Up to this order the elimination is division-free (two products per entry, one
  /// inversion in all); above it, one inversion per pivot is cheaper than the extra products.
  /// Chosen when an inversion cost about 93 products (Fermat's a^(p−2)); with the Euclidean
  /// inversion, timing orders 10 and 13 both ways showed no difference beyond the noise.
  static let divisionFreeOrder = 16

  /// Solves the augmented system `a` (row-major, n rows of n + 1 entries in Montgomery form,
  /// overwritten) by Gaussian elimination: returns X mod p and det mod p (ordinary
  /// residues: X = det · M⁻¹ b), or nil if det ≡ 0 (mod p).
  func solveInPlace(_ a: UnsafeMutablePointer<UInt64>, order n: Int) -> [UInt64]? {
    let width = n + 1
    var negate = false
    var inverses = [UInt64](repeating: 0, count: n)
    var determinant: UInt64
    func pivot(_ c: Int) -> Bool {
      guard let pivotRow = (c..<n).first(where: { a[$0 * width + c] != 0 }) else { return false }
      if pivotRow != c {
        for j in c..<width { swap(&a[c * width + j], &a[pivotRow * width + j]) }
        negate.toggle()
      }
      return true
    }
    if n <= Self.divisionFreeOrder {
      // Row i ← pivot · row i − a_ic · row c multiplies det by the pivot: `scale` collects
      // those factors, and one inversion (Montgomery's batch trick) serves the diagonal and it.
      var scale = one
      for c in 0..<n {
        guard pivot(c) else { return nil }
        let source = a + c * width
        let pivotValue = source[c]
        for i in (c + 1)..<n {
          let target = a + i * width
          let entry = target[c]
          guard entry != 0 else { continue }
          for j in (c + 1)..<width {
            target[j] = subtract(multiply(pivotValue, target[j]), multiply(entry, source[j]))
          }
          target[c] = 0
          scale = multiply(scale, pivotValue)
        }
      }
      var prefix = [UInt64](repeating: 0, count: n)
      var running = one
      for i in 0..<n {
        running = multiply(running, a[i * width + i])
        prefix[i] = running
      }
      let diagonalProduct = running
      var inverse = self.inverse(multiply(diagonalProduct, scale))  // (Π u_ii · scale)⁻¹
      let scaleInverse = multiply(inverse, diagonalProduct)
      inverse = multiply(inverse, scale)  // (Π u_ii)⁻¹
      for i in stride(from: n - 1, through: 0, by: -1) {
        inverses[i] = multiply(inverse, i > 0 ? prefix[i - 1] : one)
        inverse = multiply(inverse, a[i * width + i])
      }
      determinant = multiply(diagonalProduct, scaleInverse)
    } else {
      determinant = one
      for c in 0..<n {
        guard pivot(c) else { return nil }
        let source = a + c * width
        let pivotValue = source[c]
        determinant = multiply(determinant, pivotValue)
        let inverse = self.inverse(pivotValue)
        inverses[c] = inverse
        for i in (c + 1)..<n {
          let target = a + i * width
          let entry = target[c]
          guard entry != 0 else { continue }
          let factor = multiply(entry, inverse)
          for j in (c + 1)..<width {
            target[j] = subtract(target[j], multiply(factor, source[j]))
          }
          target[c] = 0
        }
      }
    }
    if negate && determinant != 0 { determinant = p - determinant }
    // Back substitution: x_i = (y_i − Σ_{j>i} u_ij x_j) / u_ii, kept in a's last column.
    var result = [UInt64](repeating: 0, count: n + 1)
    for i in stride(from: n - 1, through: 0, by: -1) {
      let row = a + i * width
      var value = row[n]
      for j in (i + 1)..<n where row[j] != 0 { value = subtract(value, multiply(row[j], a[j * width + n])) }
      value = multiply(value, inverses[i])
      row[n] = value
      result[i] = fromMontgomery(multiply(value, determinant))
    }
    result[n] = fromMontgomery(determinant)
    return result
  }
}

/// Integers in the symmetric range (−M/2, M/2] from their residues modulo pairwise coprime
/// primes with product M, by Garner's mixed-radix conversion.
///
/// The tables depend on each prime and those before it only, so the tables of
/// ``MultimodularSolve/primes`` (built once) serve every solve that used a prefix of them:
/// all but those that met an unlucky prime.
struct GarnerReconstruction {
  /// The primes whose tables are held; the first `count` are used.
  let primes: [UInt64]
  let fields: [MontgomeryField]
  /// `inversePrefix[j]` = (p₀ ⋯ p_{j−1})⁻¹ mod p_j, in Montgomery form.
  let inversePrefix: [UInt64]
  /// `primeModulo[j][i]` = p_i mod p_j (i < j), in Montgomery form.
  let primeModulo: [[UInt64]]
  /// How many primes (the first of `primes`) the residues are taken modulo.
  let count: Int
  /// M = Π p_j over those, as words.
  let product: [UInt]

  /// The tables of the whole prime table.
  static let standard = GarnerReconstruction(primes: MultimodularSolve.primes)

  /// The reconstruction modulo `used`: a view of ``standard`` when they are its first primes.
  static func forPrimes(_ used: [UInt64]) -> GarnerReconstruction {
    let standard = Self.standard
    guard used.count <= standard.primes.count, used.elementsEqual(standard.primes.prefix(used.count))
    else { return GarnerReconstruction(primes: used) }
    return GarnerReconstruction(prefixOf: standard, count: used.count)
  }

  private init(prefixOf tables: GarnerReconstruction, count: Int) {
    primes = tables.primes
    fields = tables.fields
    inversePrefix = tables.inversePrefix
    primeModulo = tables.primeModulo
    self.count = count
    product = Self.product(of: primes[..<count])
  }

  private static func product(of primes: ArraySlice<UInt64>) -> [UInt] {
    var product: [UInt] = [1]
    for p in primes { WordArithmetic.multiplyAdd(&product, UInt(p), 0) }
    return product
  }

  init(primes: [UInt64]) {
    self.primes = primes
    count = primes.count
    fields = primes.map(MontgomeryField.init)
    var inversePrefix = [UInt64]()
    var primeModulo = [[UInt64]]()
    for (j, field) in fields.enumerated() {
      let row = primes[..<j].map { field.toMontgomery($0) }
      primeModulo.append(row)
      let prefix = row.reduce(field.one) { field.multiply($0, $1) }
      inversePrefix.append(j == 0 ? field.one : field.inverse(prefix))
    }
    self.inversePrefix = inversePrefix
    self.primeModulo = primeModulo
    product = Self.product(of: primes[...])
  }

  /// The integers whose residues are `residues[j * count + i]` (value i modulo prime j).
  func integers(residues: [UInt64], count: Int) -> [BigInt] {
    let primeCount = self.count
    var digits = [UInt64](repeating: 0, count: primeCount)
    var result = [BigInt]()
    result.reserveCapacity(count)
    for i in 0..<count {
      // Mixed radix: value = c₀ + c₁ p₀ + c₂ p₀p₁ + ⋯ with 0 ≤ c_j < p_j.
      for j in 0..<primeCount {
        let field = fields[j]
        let r = residues[j * count + i]
        guard j > 0 else {
          digits[0] = r
          continue
        }
        // t = c₀ + c₁ p₀ + ⋯ + c_{j−1} p₀⋯p_{j−2} mod p_j, by Horner (Montgomery form).
        // Digits and residues are below 2⁶² < 2p_j: one subtraction reduces them.
        func montgomery(_ x: UInt64) -> UInt64 {
          field.multiply(x >= field.p ? x &- field.p : x, field.rSquared)
        }
        let moduli = primeModulo[j]
        var t = montgomery(digits[j - 1])
        for l in stride(from: j - 2, through: 0, by: -1) {
          t = field.add(field.multiply(t, moduli[l]), montgomery(digits[l]))
        }
        let difference = field.subtract(montgomery(r), t)
        digits[j] = field.fromMontgomery(field.multiply(difference, inversePrefix[j]))
      }
      // value = c₀ + p₀(c₁ + p₁(c₂ + ⋯)).
      var value: [UInt] = [UInt(digits[primeCount - 1])]
      for j in stride(from: primeCount - 2, through: 0, by: -1) {
        WordArithmetic.multiplyAdd(&value, UInt(primes[j]), UInt(digits[j]))
      }
      // Symmetric range: value > M − value means value − M < 0.
      let complement = WordArithmetic.subtract(product, value)
      if WordArithmetic.compare(value, complement) > 0 {
        result.append(BigInt(sign: .minus, magnitude: BigUInt(words: complement)))
      } else {
        result.append(BigInt(sign: .plus, magnitude: BigUInt(words: value)))
      }
    }
    return result
  }
}
