import BigInt
@testable import Nash
import Testing

/// The pieces of exact verification: the solver by congruences against Bareiss's
/// fraction-free elimination, the prime table, Montgomery products, Lehmer's gcd, the
/// decimal reader and the quotient approximation; then verification itself on near ties
/// that only exact arithmetic can tell apart, and on random games against an independent
/// rational computation.
@Suite("Exact verification")
struct ExactVerificationTests {
  // MARK: - Helpers

  /// A random integer of `bits` bits (magnitude below 2^bits), either sign.
  static func randomInteger(bits: Int, _ rng: inout SplitMix64) -> BigInt {
    guard bits > 0 else { return 0 }
    var words = (0..<((bits + 63) / 64)).map { _ in UInt(rng.next()) }
    let extra = words.count * 64 - bits
    if extra > 0 { words[words.count - 1] >>= UInt(extra) }
    let magnitude = BigUInt(words: words)
    return rng.next() & 1 == 0 ? BigInt(sign: .plus, magnitude: magnitude) : BigInt(sign: .minus, magnitude: magnitude)
  }

  static func randomSystem(order n: Int, bits: Int, _ rng: inout SplitMix64) -> [[BigInt]] {
    (0..<n).map { _ in (0...n).map { _ in randomInteger(bits: bits, &rng) } }
  }

  /// The solution as reduced rationals.
  static func rationals(_ numerators: [BigInt], _ determinant: BigInt) -> [Rational] {
    numerators.map { Rational($0, determinant) }
  }

  /// Deterministic Miller–Rabin for 64-bit numbers (the first twelve primes as bases).
  static func isPrime(_ n: UInt64) -> Bool {
    let bases: [UInt64] = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37]
    if n < 2 { return false }
    for p in bases where n % p == 0 { return n == p }
    func mulmod(_ a: UInt64, _ b: UInt64) -> UInt64 { n.dividingFullWidth(a.multipliedFullWidth(by: b)).remainder }
    var d = n - 1, s = 0
    while d & 1 == 0 {
      d >>= 1
      s += 1
    }
    for a in bases {
      var x: UInt64 = 1, base = a, e = d
      while e > 0 {
        if e & 1 == 1 { x = mulmod(x, base) }
        base = mulmod(base, base)
        e >>= 1
      }
      if x == 1 || x == n - 1 { continue }
      var composite = true
      for _ in 0..<(s - 1) {
        x = mulmod(x, x)
        if x == n - 1 {
          composite = false
          break
        }
      }
      if composite { return false }
    }
    return true
  }

  // MARK: - Primes and Montgomery arithmetic

  @Test("the prime table holds 128 distinct primes between 2^49.99999 and 2^50")
  func primeTable() {
    let primes = MultimodularSolve.primes
    #expect(primes.count == 128)
    #expect(Set(primes).count == primes.count)
    for p in primes {
      #expect(p < 1 << 50)
      // The bits credited per prime (49.99999) are a lower bound: 2^49.99999 < 2^50 · (1 − 10⁻⁵).
      #expect(Double(p) > 0x1p50 * (1 - 1e-5))
      #expect(Self.isPrime(p), "\(p) is not prime")
    }
  }

  @Test("Montgomery products, sums and inverses agree with 128-bit division", arguments: [0, 17, 127])
  func montgomery(primeIndex: Int) {
    let p = MultimodularSolve.primes[primeIndex]
    let field = MontgomeryField(p)
    var rng = SplitMix64(seed: UInt64(primeIndex) + 1)
    for _ in 0..<2000 {
      let a = rng.next() % p, b = rng.next() % p
      let expected = p.dividingFullWidth(a.multipliedFullWidth(by: b)).remainder
      let product = field.fromMontgomery(field.multiply(field.toMontgomery(a), field.toMontgomery(b)))
      #expect(product == expected)
      #expect(field.fromMontgomery(field.add(field.toMontgomery(a), field.toMontgomery(b))) == (a + b) % p)
      if a != 0 {
        let inverse = field.fromMontgomery(field.inverse(field.toMontgomery(a)))
        #expect(p.dividingFullWidth(a.multipliedFullWidth(by: inverse)).remainder == 1)
      }
    }
    let twoWords: [UInt64] = [UInt64.max, UInt64.max]
    #expect(twoWords.withUnsafeBufferPointer { field.residue(words: $0, negative: false) } == field.toMontgomery(
      p.dividingFullWidth((UInt64.max % p, UInt64.max)).remainder))
  }

  // MARK: - Solving by congruences

  @Test(
    "random systems: the same solution as Bareiss's elimination",
    arguments: [(1, 10), (2, 60), (3, 1), (5, 64), (8, 57), (12, 70), (16, 60), (18, 60), (8, 200), (5, 600)])
  func againstBareiss(order: Int, bits: Int) throws {
    var rng = SplitMix64(seed: UInt64(order * 1000 + bits))
    for trial in 0..<3 {
      let system = Self.randomSystem(order: order, bits: bits, &rng)
      guard let (bx, bd) = solveFractionFree(system) else {
        // Likely for 1-bit entries: then both must find it singular.
        guard case .singular = MultimodularSolve.solve(system) else {
          Issue.record("a singular \(order)×\(order) system was solved by congruences (trial \(trial))")
          continue
        }
        continue
      }
      guard case .solution(let x, let d) = MultimodularSolve.solve(system) else {
        Issue.record("no solution by congruences for a random \(order)×\(order) system (trial \(trial))")
        continue
      }
      // Both return X and d = ±det M: the same up to sign.
      #expect(d.magnitude == bd.magnitude)
      #expect(Self.rationals(x, d) == Self.rationals(bx, bd))
      #expect(BimatrixGame.satisfies(system, x, d))
    }
  }

  @Test(
    "four primes per AVX2 kernel call and one prime at a time give the same solution",
    arguments: [(1, 3), (2, 64), (4, 130), (9, 57), (20, 57), (32, 57), (40, 20)])
  func vectorizedAgainstScalar(order: Int, bits: Int) {
    var rng = SplitMix64(seed: UInt64(order * 7919 + bits))
    for trial in 0..<3 {
      var system = Self.randomSystem(order: order, bits: bits, &rng)
      if trial == 1, order > 1 {
        // The shape of an indifference system: a column of equal entries, zero right-hand
        // sides, then a row of ones with right-hand side 1.
        for r in 0..<(order - 1) {
          system[r][order - 1] = -BigInt(10).power(17)
          system[r][order] = 0
        }
        system[order - 1] = Array(repeating: 1, count: order - 1) + [0, 1]
      }
      switch (MultimodularSolve.solve(system), MultimodularSolve.solve(system, vectorized: false)) {
      case (.solution(let x, let d), .solution(let y, let e)):
        #expect(d == e && x == y)
        #expect(BimatrixGame.satisfies(system, x, d))
      case (.singular, .singular):
        // Small entries can make a small system singular; then both must say so.
        #expect(solveFractionFree(system) == nil)
      default:
        Issue.record("the two paths disagree on a \(order)×\(order) system (trial \(trial))")
      }
    }
  }

  @Test("a pivot that vanishes modulo one prime of a group of four: that group is solved prime by prime")
  func pivotVanishingModuloOnePrime() throws {
    // Column 0 holds p₀ and p₁: modulo p₀ the first row cannot pivot, modulo p₁ the second
    // cannot, so no row serves all four lanes of the first group.
    let p0 = BigInt(MultimodularSolve.primes[0]), p1 = BigInt(MultimodularSolve.primes[1])
    let system: [[BigInt]] = [[p0, 1, 3], [p1, 2, 5]]
    guard case .solution(let x, let d) = MultimodularSolve.solve(system) else {
      Issue.record("no solution")
      return
    }
    let (bx, bd) = try #require(solveFractionFree(system))
    #expect(d.magnitude == bd.magnitude)
    #expect(Self.rationals(x, d) == Self.rationals(bx, bd))
    // x = (6 − 5) / (2p₀ − p₁), y = (5p₀ − 3p₁) / (2p₀ − p₁).
    #expect(Self.rationals(x, d) == [Rational(1, 2 * p0 - p1), Rational(5 * p0 - 3 * p1, 2 * p0 - p1)])
  }

  @Test("small integer systems with a known solution")
  func knownSolution() throws {
    // 2x + y = 5, x − y = 1: x = 2, y = 1, det = −3.
    let system: [[BigInt]] = [[2, 1, 5], [1, -1, 1]]
    guard case .solution(let x, let d) = MultimodularSolve.solve(system) else {
      Issue.record("no solution")
      return
    }
    #expect(d == -3)
    #expect(Self.rationals(x, d) == [Rational(2), Rational(1)])
    // A 1×1 system: 7x = −3.
    guard case .solution(let y, let e) = MultimodularSolve.solve([[7, -3]]) else {
      Issue.record("no solution")
      return
    }
    #expect(Self.rationals(y, e) == [Rational(-3, 7)])
  }

  @Test("singular systems are reported singular")
  func singular() {
    var rng = SplitMix64(seed: 99)
    for order in [2, 3, 6, 10] {
      var system = Self.randomSystem(order: order, bits: 60, &rng)
      // Row 1 = 3 · row 0 (consistent right-hand side or not: M is singular either way).
      system[1] = system[0].map { $0 * 3 }
      guard case .singular = MultimodularSolve.solve(system) else {
        Issue.record("a \(order)×\(order) system with dependent rows was not found singular")
        continue
      }
      system[order - 1] = Array(repeating: 0, count: order + 1)
      guard case .singular = MultimodularSolve.solve(system) else {
        Issue.record("a \(order)×\(order) system with a zero row was not found singular")
        continue
      }
    }
    #expect(solveFractionFree([[1, 2, 3], [2, 4, 5]]) == nil)
  }

  @Test("entries too large for the prime table are refused, and Bareiss takes over")
  func hugeEntries() {
    var rng = SplitMix64(seed: 7)
    // A 3×3 system of 4,000-bit entries: a Hadamard bound near 12,000 bits.
    let system = Self.randomSystem(order: 3, bits: 4000, &rng)
    guard case .tooLarge = MultimodularSolve.solve(system) else {
      Issue.record("4,000-bit entries were not refused")
      return
    }
    let (x, d) = solveFractionFree(system)!
    #expect(BimatrixGame.satisfies(system, x, d))
    // 1,000-bit entries in a 4×4 system need about 81 primes: still within the table.
    let large = Self.randomSystem(order: 4, bits: 1000, &rng)
    guard case .solution(let y, let e) = MultimodularSolve.solve(large) else {
      Issue.record("1,000-bit entries were refused")
      return
    }
    let (by, bd) = solveFractionFree(large)!
    #expect(Self.rationals(y, e) == Self.rationals(by, bd))
  }

  // MARK: - Word arithmetic

  @Test("Lehmer's gcd equals the binary gcd")
  func lehmerGCD() {
    var rng = SplitMix64(seed: 2024)
    func words(_ x: BigInt) -> [UInt] { x.magnitudeWords }
    for trial in 0..<150 {
      let bitsA = 1 + Int(rng.next() % 1500), bitsB = 1 + Int(rng.next() % 1500)
      var a = Self.randomInteger(bits: bitsA, &rng).magnitude
      var b = Self.randomInteger(bits: bitsB, &rng).magnitude
      if trial % 3 == 0 {
        // A large common factor.
        let c = Self.randomInteger(bits: 1 + Int(rng.next() % 900), &rng).magnitude
        a *= c
        b *= c
      }
      if trial % 50 == 1 { b = a * 12345 }  // one divides the other
      if trial % 50 == 2 { b = a }
      if trial % 50 == 3 { b = 0 }
      let expected = a.greatestCommonDivisor(with: b)
      let lehmer = WordArithmetic.gcd(Array(a.words), Array(b.words))
      #expect(BigUInt(words: lehmer) == expected, "trial \(trial)")
    }
    #expect(WordArithmetic.gcd([], []) == [])
    #expect(WordArithmetic.gcd([12], [18]) == [6])
  }

  @Test("reduced rationals from big numerators and denominators are in lowest terms")
  func reducing() {
    var rng = SplitMix64(seed: 11)
    for trial in 0..<100 {
      // A one-word common factor (divided in words) or a 300-bit one.
      let common = trial % 2 == 0 ? BigInt(6 * (trial + 1)) : Self.randomInteger(bits: 300, &rng)
      let n = Self.randomInteger(bits: 800, &rng) * common
      var d = Self.randomInteger(bits: 700, &rng) * common
      if d.isZero { d = 1 }
      let fast = Rational(reducing: n, d)
      let slow = Rational(n, d)
      #expect(fast == slow)
      #expect(fast.denominator.sign == .plus)
    }
    #expect(Rational(reducing: 0, -5) == .zero)
  }

  @Test("quotients of big integers as Doubles within 3 ulps of the correctly rounded value")
  func quotients() {
    var rng = SplitMix64(seed: 5)
    for _ in 0..<500 {
      let n = Self.randomInteger(bits: 1 + Int(rng.next() % 2000), &rng).magnitude
      var d = Self.randomInteger(bits: 1 + Int(rng.next() % 2000), &rng).magnitude
      if d.isZero { d = 1 }
      let approximate = WordArithmetic.approximateQuotient(Array(n.words), Array(d.words))
      let exact = Rational(BigInt(n), BigInt(d)).doubleValue
      guard exact.isNormal, exact < .greatestFiniteMagnitude else { continue }
      #expect(abs(approximate - exact) <= 3 * exact.ulp, "\(n) / \(d)")
    }
    #expect(WordArithmetic.approximateQuotient([], [3]) == 0)
    #expect(WordArithmetic.approximateQuotient([1], [3]) == 1.0 / 3)
  }

  /// Whether `x` is the `Double` nearest to `n/d` (n, d > 0), ties to even, by exact integer
  /// comparison of the distances to `x` and its two neighbours (normal range only).
  static func isCorrectlyRounded(_ x: Double, _ n: BigInt, _ d: BigInt) -> Bool {
    let s = 1200  // every exponent of a normal Double, plus the 52 fraction bits, is above −1200
    func scaled(_ y: Double) -> BigInt {  // y · 2^s, exactly
      let m = BigInt(y.significandBitPattern | (1 << 52))
      return m << (Int(y.exponent) - 52 + s)
    }
    let target = n << s
    func distance(_ y: Double) -> BigInt {
      let v = target - d * scaled(y)
      return v.sign == .minus ? -v : v
    }
    let here = distance(x), up = distance(x.nextUp), down = distance(x.nextDown)
    if here > up || here > down { return false }
    if here == up || here == down { return x.significandBitPattern & 1 == 0 }
    return true
  }

  @Test("doubleValue of big rationals is correctly rounded, near and at rounding midpoints too")
  func bigQuotientsRoundCorrectly() {
    var rng = SplitMix64(seed: 11)
    var cases: [(BigInt, BigInt)] = []
    for _ in 0..<400 {
      let n = Self.randomInteger(bits: 1 + Int(rng.next() % 700), &rng).magnitude
      let d = Self.randomInteger(bits: 1 + Int(rng.next() % 700), &rng).magnitude
      if n.isZero || d.isZero { continue }
      cases.append((BigInt(n), BigInt(d)))
    }
    // n/d = the midpoint between a Double x in [1, 2) and its successor, times (1 + δ/…):
    // n = (2m + 1)·K + δ and d = K·2^53 with m the significand of x and K a random big odd factor.
    for _ in 0..<200 {
      let m = BigInt((1 << 52) | (rng.next() >> 12))
      let k = Self.randomInteger(bits: 60 + Int(rng.next() % 300), &rng).magnitude | 1
      for delta in [-1, 0, 1] {
        cases.append(((2 * m + 1) * BigInt(k) + BigInt(delta), BigInt(k) << 53))
      }
    }
    for (n, d) in cases {
      let x = Rational(n, d).doubleValue
      guard x.isNormal, x < .greatestFiniteMagnitude else { continue }
      #expect(Self.isCorrectlyRounded(x, n, d), "\(n) / \(d) gave \(x)")
      #expect(Rational(-n, d).doubleValue == -x)
    }
  }

  @Test("decimal digits of Doubles: the same value as the shortest decimal")
  func decimals() throws {
    var rng = SplitMix64(seed: 3)
    var values: [Double] = [0, -0.0, 1, -1, 0.1, 1e-5, 123456.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 1e22, 0.5, -2.5e-300]
    for _ in 0..<500 {
      let x = rng.nextUnitDouble()
      values += [x, -x * 1000, x * 1e-8, Double(bitPattern: rng.next() & 0x7fef_ffff_ffff_ffff)]
    }
    for value in values {
      let parts = try #require(DecimalParts(value))
      let scale = max(0, -parts.exponent)
      let (numerator, denominator) = try #require(decimalFraction(value.description))
      // parts · 10^scale = numerator / denominator · 10^scale.
      #expect(
        parts.scaled(by: scale) * denominator == numerator * DecimalParts.power10(scale), "\(value)")
    }
    #expect(DecimalParts(.nan) == nil)
    #expect(DecimalParts(.infinity) == nil)
  }

  // MARK: - Verification

  /// Matching pennies with a third row: against y = (1/2, 1/2) it pays (a + b) / 2.
  static func pennies(thirdRow: [Double]) throws -> BimatrixGame {
    try BimatrixGame(
      rowPayoffs: [[1, 0], [0, 1], thirdRow], columnPayoffs: [[0, 1], [1, 0], [0, 0]])
  }

  static let halves = StrategyProfile(
    row: try! MixedStrategy([0.5, 0.5, 0]), column: try! MixedStrategy([0.5, 0.5]))

  @Test("a strategy outside the support that pays more by 1e-17 is caught")
  func nearTieAbove() throws {
    // (0.5 + 0.5000000000000001) / 2 exceeds 1/2 by 5e-17: within any float tolerance.
    let game = try Self.pennies(thirdRow: [0.5, 0.5000000000000001])
    let equilibrium = game.certify(Self.halves)
    #expect(equilibrium.maxRegret <= 1e-15)
    #expect(!equilibrium.isVerifiedExactly)
    #expect(game.verifyExactly(Self.halves) == nil)
  }

  @Test("a strategy outside the support that ties exactly, or falls short by 1e-17, is accepted")
  func nearTieBelow() throws {
    for row in [[0.5, 0.5], [0.4999999999999999, 0.5], [1, 0], [0.2, 0.8], [0.49, 0.5]] {
      let game = try Self.pennies(thirdRow: row)
      let verified = try #require(game.verifyExactly(Self.halves), "third row \(row)")
      #expect(verified.rowPayoff == Rational(1, 2))
      #expect(verified.columnPayoff == Rational(1, 2))
      #expect(verified.profile.row.exactProbabilities == [Rational(1, 2), Rational(1, 2), .zero])
    }
  }

  @Test("random games: exact payoffs equal xᵀAy and xᵀBy computed in rationals", arguments: [8, 16, 24])
  func randomGames(n: Int) throws {
    for seed: UInt64 in [1, 2, 3] {
      let game = BimatrixGame.random(rows: n, columns: n, seed: seed)
      let result = try game.solve(using: .lemkeHowson(initialDroppedLabel: Int(seed) % (2 * n)))
      let equilibrium = try #require(result.equilibria.first)
      #expect(equilibrium.isVerifiedExactly, "n = \(n), seed \(seed)")
      let exact = try #require(equilibrium.exactPayoffs)
      let x = try #require(equilibrium.profile.row.exactProbabilities)
      let y = try #require(equilibrium.profile.column.exactProbabilities)
      #expect(x.reduce(.zero, +) == .one && y.reduce(.zero, +) == .one)
      var rowPayoff = Rational.zero, columnPayoff = Rational.zero
      for i in equilibrium.rowSupport {
        for j in equilibrium.columnSupport {
          let weight = x[i] * y[j]
          rowPayoff += weight * game.exactPayoff(for: .row, row: i, column: j)
          columnPayoff += weight * game.exactPayoff(for: .column, row: i, column: j)
        }
      }
      #expect(exact.row == rowPayoff && exact.column == columnPayoff, "n = \(n), seed \(seed)")
      // No pure strategy pays more, in rationals.
      for i in 0..<n {
        var value = Rational.zero
        for j in equilibrium.columnSupport { value += y[j] * game.exactPayoff(for: .row, row: i, column: j) }
        #expect(value <= exact.row)
      }
      for j in 0..<n {
        var value = Rational.zero
        for i in equilibrium.rowSupport { value += x[i] * game.exactPayoff(for: .column, row: i, column: j) }
        #expect(value <= exact.column)
      }
    }
  }

  @Test("pure equilibria verify with the exact payoffs of their cell")
  func pureEquilibria() throws {
    var pure = 0
    for seed: UInt64 in 1...20 {
      let game = BimatrixGame.random(rows: 6, columns: 6, seed: seed)
      for equilibrium in try game.solve(using: .supportEnumeration()).equilibria where equilibrium.isPure {
        let (i, j) = (equilibrium.rowSupport[0], equilibrium.columnSupport[0])
        let exact = try #require(equilibrium.exactPayoffs, "seed \(seed)")
        #expect(exact.row == game.exactPayoff(for: .row, row: i, column: j), "seed \(seed)")
        #expect(exact.column == game.exactPayoff(for: .column, row: i, column: j), "seed \(seed)")
        #expect(equilibrium.profile.row.exactProbabilities?[i] == .one)
        pure += 1
      }
    }
    #expect(pure >= 5)
  }

  @Test("scaled vectors keep the non-zero entries: signs, zeros, closeness off the support, distributions")
  func scaledVectorSparse() {
    // (0, 3/6, 0, 0, 3/6) given as −3 / −6 over a negative denominator, with a zero numerator.
    let v = ScaledVector(count: 5, support: [1, 2, 4], numerators: [-3, 0, -3], denominator: -6)
    #expect(v.support == [1, 4] && v.numerators == [3, 3] && v.denominator == 6)
    #expect(v.rationals == [.zero, Rational(1, 2), .zero, .zero, Rational(1, 2)])
    #expect(v.nearestDoubles == [0, 0.5, 0, 0, 0.5])
    #expect(v.isDistribution)
    #expect(v.isClose(to: [0, 0.5, 0, 0, 0.5]) && v.isClose(to: [1e-7, 0.5, 0, 0, 0.5 - 1e-7]))
    #expect(!v.isClose(to: [0, 0.5, 1e-3, 0, 0.5]) && !v.isClose(to: [0, 0.5, 0, 0.5]))
    // The same values over another denominator, and from dense rationals.
    #expect(v.hasSameValues(as: ScaledVector(count: 5, support: [1, 4], numerators: [1, 1], denominator: 2)))
    #expect(v.hasSameValues(as: ScaledVector([.zero, Rational(1, 2), .zero, .zero, Rational(1, 2)])))
    #expect(!v.hasSameValues(as: ScaledVector(count: 5, support: [1, 3], numerators: [1, 1], denominator: 2)))
    #expect(!v.hasSameValues(as: ScaledVector(count: 6, support: [1, 4], numerators: [1, 1], denominator: 2)))
    // Not distributions: a negative entry, or a sum other than 1.
    #expect(!ScaledVector(count: 3, support: [0, 1], numerators: [3, -1], denominator: 2).isDistribution)
    #expect(!ScaledVector(count: 3, support: [0, 1], numerators: [1, 2], denominator: 4).isDistribution)
  }

  @Test("verified strategies keep one common denominator, and compare and hash by value")
  func verifiedStrategiesCompareByValue() throws {
    for seed: UInt64 in [4, 5, 6] {
      let game = BimatrixGame.random(rows: 12, columns: 12, seed: seed)
      let floating = try game.solve(using: .lemkeHowson(verifiesExactly: false))
      let profile = try #require(floating.equilibria.first).profile
      let verified = try #require(game.verifyExactly(profile)).profile
      for strategy in [verified.row, verified.column] {
        let exact = try #require(strategy.exactProbabilities)
        #expect(strategy.isExact)
        // Read on demand, in lowest terms, with the support and Doubles of the stored form.
        #expect(exact.allSatisfy { $0 == Rational($0.numerator, $0.denominator) && $0.denominator.sign == .plus })
        #expect(strategy.probabilities == exact.map(\.doubleValue))
        #expect(strategy.support == exact.indices.filter { !exact[$0].isZero })
        // The same values built from reduced rationals: equal, same hash, one Set element.
        let rebuilt = try MixedStrategy(exact: exact)
        #expect(rebuilt == strategy && strategy == rebuilt)
        #expect(rebuilt.hashValue == strategy.hashValue)
        #expect(Set([rebuilt, strategy]).count == 1)
        #expect(rebuilt.hasSameExactProbabilities(as: strategy) == true)
        // Not equal to its floating-point twin, nor to a strategy differing in one entry.
        let floatingTwin = try MixedStrategy(strategy.probabilities)
        #expect(floatingTwin != strategy)
        #expect(floatingTwin.hasSameExactProbabilities(as: strategy) == nil)
        let support = strategy.support
        if support.count >= 2 {
          var moved = exact
          let shift = Rational(1, BigInt(1) << 80)
          moved[support[0]] += shift
          moved[support[1]] -= shift
          let other = try MixedStrategy(exact: moved)
          #expect(other != strategy)
          #expect(other.hasSameExactProbabilities(as: strategy) == false)
        }
      }
      // Verifying the verified profile again gives the same payoffs.
      let again = try #require(game.verifyExactly(verified))
      #expect(again.profile == verified)
    }
  }

  @Test("games with exact payoffs and with huge payoff spreads verify as before")
  func exactAndSpreadGames() throws {
    // Exact thirds: the rows are scaled by a common denominator other than a power of ten.
    let thirds = try BimatrixGame(
      exactRowPayoffs: [[Rational(1, 3), Rational(2, 7)], [Rational(1, 5), Rational(5, 11)]],
      exactColumnPayoffs: [[Rational(2, 3), Rational(1, 9)], [Rational(1, 13), Rational(3, 4)]])
    let result = try thirds.solve(using: .supportEnumeration())
    #expect(!result.equilibria.isEmpty)
    #expect(result.equilibria.allSatisfy { $0.isVerifiedExactly })
    // Payoffs from 1e-300 to 1e300: the integer system's entries have thousands of digits.
    let spread = try BimatrixGame(
      rowPayoffs: [[1e300, 1e-300], [2e-300, 3e299]], columnPayoffs: [[1e-300, 2e299], [1e300, 5e-300]])
    let mixed = try spread.solve(using: .supportEnumeration())
    #expect(!mixed.equilibria.isEmpty)
    #expect(mixed.equilibria.allSatisfy { $0.isVerifiedExactly })
  }
}
