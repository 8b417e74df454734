import BigInt
@testable import Nash
import Testing
import _NashTestSupport

@Suite("Game model")
struct GameModelTests {
  @Test func shapeErrors() {
    #expect(throws: GameError.emptyStrategySet(player: .row)) {
      try BimatrixGame(rowPayoffs: [], columnPayoffs: [])
    }
    #expect(throws: GameError.emptyStrategySet(player: .column)) {
      try BimatrixGame(rowPayoffs: [[]], columnPayoffs: [[]])
    }
    #expect(throws: GameError.self) { try BimatrixGame(rowPayoffs: [[1, 2], [3]], columnPayoffs: [[1, 2], [3, 4]]) }
    #expect(throws: GameError.self) { try BimatrixGame(rowPayoffs: [[1, 2]], columnPayoffs: [[1, 2], [3, 4]]) }
    #expect(throws: GameError.nonFinitePayoff(player: .column, row: 0, column: 1)) {
      try BimatrixGame(rowPayoffs: [[1, 2]], columnPayoffs: [[1, .nan]])
    }
    #expect(throws: GameError.nonFinitePayoff(player: .row, row: 0, column: 0)) {
      try BimatrixGame(rowPayoffs: [[.infinity, 2]], columnPayoffs: [[1, 1]])
    }
    #expect(throws: GameError.self) {
      try BimatrixGame(rowPayoffs: [[1, 2]], columnPayoffs: [[1, 2]], rowLabels: ["a", "b"])
    }
  }

  @Test func strategiesAreDistributions() throws {
    #expect(throws: StrategyError.negativeProbability(index: 1, value: -0.5)) { try MixedStrategy([1.5, -0.5]) }
    #expect(throws: StrategyError.self) { try MixedStrategy([0.5, 0.4]) }
    #expect(throws: StrategyError.nonFiniteProbability(index: 0)) { try MixedStrategy([.nan, 1]) }
    #expect(throws: StrategyError.empty) { try MixedStrategy([]) }
    let s = try MixedStrategy([0.25, 0, 0.75])
    #expect(s.support == [0, 2])
    #expect(try MixedStrategy(exact: exact("1/3", "2/3")).probabilities[1] == 2.0 / 3)
  }

  @Test func payoffsRegretsBestResponses() throws {
    let game = BimatrixGame.vonStengel3x2
    let profile = StrategyProfile(row: try MixedStrategy([0, 1.0 / 3, 2.0 / 3]), column: try MixedStrategy([1.0 / 3, 2.0 / 3]))
    let payoffs = game.expectedPayoffs(profile)
    #expect(abs(payoffs.row - 4) < 1e-12)
    #expect(abs(payoffs.column - 8.0 / 3) < 1e-12)
    #expect(game.maxRegret(of: profile) < 1e-12)
    #expect(game.isNashEquilibrium(profile))
    let pure = StrategyProfile.pure(row: 2, column: 0, in: game)
    let regret = game.regret(of: pure)
    #expect(regret.row == 3)  // row 0 pays 3 against column 0, row 2 pays 0
    #expect(regret.column == 0)  // column 0 pays 3 against row 2, the best
    #expect(game.bestResponses(to: .pure(0, count: 2), for: .row) == [0])
    #expect(game.bestResponses(to: profile.row, for: .column) == [0, 1])
  }

  @Test func swappingPlayersTransposes() {
    let game = BimatrixGame.vonStengel3x2
    let swapped = game.swappingPlayers()
    #expect(swapped.rowCount == 2 && swapped.columnCount == 3)
    #expect(swapped.payoff(for: .row, row: 1, column: 2) == game.payoff(for: .column, row: 2, column: 1))
    #expect(swapped.exactPayoff(for: .column, row: 0, column: 1) == game.exactPayoff(for: .row, row: 1, column: 0))
  }

  @Test func payoffScaleAndConstantSum() throws {
    #expect(BimatrixGame.matchingPennies.payoffScale == 2)
    #expect(BimatrixGame.matchingPennies.isConstantSum())
    #expect(!BimatrixGame.battleOfTheSexes.isConstantSum())
    let zero = try BimatrixGame(rowPayoffs: [[0, 0]], columnPayoffs: [[0, 0]])
    #expect(zero.payoffScale == 1)
    let zeroSum = try BimatrixGame(zeroSumPayoffs: [[1, 2], [3, -4]])
    #expect(zeroSum.isConstantSum())
  }

  @Test func rationals() {
    #expect(Rational(parsing: "0.1") == Rational(1, 10))
    #expect(Rational(parsing: " -3/6 ") == Rational(-1, 2))
    #expect(Rational(parsing: "1e-3") == Rational(1, 1000))
    #expect(Rational(parsing: "2.5E2") == Rational(250))
    #expect(Rational(parsing: ".5") == Rational(1, 2))
    #expect(Rational(parsing: "+7") == Rational(7))
    for bad in ["", "nan", "inf", "1/0", "1.2.3", "abc", "1e", "--1", "1/", "/2"] {
      #expect(Rational(parsing: bad) == nil, "\(bad)")
    }
    #expect(Rational(0.1) == Rational(1, 10))
    #expect(Rational(Double.nan) == nil)
    #expect(Rational(1, 3).doubleValue == 1.0 / 3)
    #expect(Rational(-6, 4).description == "-3/2")
    #expect(Rational(approximating: 1.0 / 3) == Rational(1, 3))
  }

  /// The machine-word reader of small decimals gives exactly what the big-integer reader
  /// gives, in lowest terms, on random decimals of every shape near its limits, and refuses
  /// (leaving them to the full reader) what it cannot hold.
  @Test func smallDecimalsMatchTheFullReader() throws {
    var rng = SplitMix64(seed: 31)
    func digits(_ count: Int) -> String { String((0..<count).map { _ in Character(String(rng.next() % 10)) }) }
    for _ in 0..<4000 {
      let whole = digits(Int(rng.next() % 12)), fraction = digits(Int(rng.next() % 12))
      var text = whole + (rng.next() % 3 == 0 ? "" : "." + fraction)
      if rng.next() % 3 == 0 { text += ["e", "E"][Int(rng.next() % 2)] + ["", "+", "-"][Int(rng.next() % 3)] + String(rng.next() % 25) }
      text = ["", "-", "+"][Int(rng.next() % 3)] + text
      if rng.next() % 4 == 0 { text += [" / ", "/", "/-", "/+"][Int(rng.next() % 4)] + digits(Int(rng.next() % 20)) }
      if rng.next() % 4 == 0 { text = " \t" + text + " " }
      // The big-integer reader (Rational(parsing:) without its fast path).
      var full = Rational(decimalText: text)
      if let slash = text.firstIndex(of: "/") {
        let p = Rational(decimalText: text[..<slash]), q = Rational(decimalText: text[text.index(after: slash)...])
        full = p.flatMap { p in q.flatMap { $0.isZero ? nil : p / $0 } }
      }
      guard let small = Rational(smallDecimal: text) else { continue }
      #expect(small == full, "\(text)")
      #expect(small.numerator == full?.numerator && small.denominator == full?.denominator, "\(text)")
    }
    // At the limits: 18 significant digits (leading zeros free), numerators up to Int64.max,
    // denominators up to 10¹⁸.
    #expect(Rational(smallDecimal: "000.123456789012345678") == Rational(123_456_789_012_345_678, BigInt(10).power(18)))
    #expect(Rational(smallDecimal: "0.000123456789012345678") == nil)  // over 10²¹: the full reader
    #expect(Rational(smallDecimal: "9223372036854775807") == nil)  // 19 digits: the full reader
    #expect(Rational(smallDecimal: "922337203685477580e1") == Rational(BigInt(9_223_372_036_854_775_800)))
    #expect(Rational(smallDecimal: "922337203685477581e1") == nil)  // beyond Int64
    #expect(Rational(smallDecimal: "1e-19") == nil && Rational(parsing: "1e-19") == Rational(1, BigInt(10).power(19)))
    #expect(Rational(smallDecimal: "6038906202342335/10000000000000000") == Rational(6_038_906_202_342_335, BigInt(10).power(16)))
    #expect(Rational(smallDecimal: " -6 / -4 ") == Rational(3, 2) && Rational(smallDecimal: "0/7") == .zero)
    for bad in ["", ".", "-", "1e", "1e+", "1.2.3", "1e1234", "1 2", "0x1", "1/0", "1.5/2", "1e1/2", "1/2/3", "/2", "1/", "nan"] {
      #expect(Rational(smallDecimal: bad) == nil, "\(bad)")
    }
    #expect(Rational(smallDecimal: "-0.0")?.isZero == true && Rational(smallDecimal: " 1. ") == Rational(1))
  }

  @Test func exactVerificationRejectsNonEquilibria() throws {
    let game = BimatrixGame.battleOfTheSexes
    // Close to the mixed equilibrium but not it: not verified.
    let near = StrategyProfile(row: try MixedStrategy([0.6, 0.4]), column: try MixedStrategy([0.4, 0.6]))
    #expect(game.verifyExactly(near) != nil)  // 0.6 is 3/5 exactly as a decimal
    let off = StrategyProfile(row: try MixedStrategy([0.59, 0.41]), column: try MixedStrategy([0.4, 0.6]))
    #expect(game.verifyExactly(off) == nil)
    #expect(!game.certify(off).isVerifiedExactly)
  }
}

@Suite("Rational to Double")
struct RationalConversionTests {
  /// Parsing a Double's shortest decimal and converting back gives the same Double, bit for
  /// bit: the conversion rounds correctly (the reader relies on it).
  @Test(arguments: 0..<20 as Range<UInt64>)
  func roundTripsDoubles(seed: UInt64) {
    var rng = SplitMix64(seed: seed)
    for _ in 0..<500 {
      let magnitude = Double.random(in: -30...30, using: &rng)
      let value = (rng.nextUnitDouble() - 0.5) * Double(sign: .plus, exponent: Int(magnitude), significand: 1)
      let rational = Rational(value)!
      #expect(rational.doubleValue == value, "seed \(seed): \(value) came back as \(rational.doubleValue)")
    }
  }

  @Test func knownHardCases() {
    #expect(Rational(parsing: "0.7610344216276269")!.doubleValue == 0.7610344216276269)
    #expect(Rational(parsing: "1/3")!.doubleValue == 1.0 / 3)
    #expect(Rational(parsing: "-2/3")!.doubleValue == -2.0 / 3)
    #expect(Rational(parsing: "123456789012345678901234567890")!.doubleValue == 123456789012345678901234567890.0)
    #expect(Rational(parsing: "1e-300")!.doubleValue == 1e-300)
    #expect(Rational(parsing: "5e-324")!.doubleValue == .leastNonzeroMagnitude)
  }
}
