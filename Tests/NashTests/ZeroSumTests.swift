import Foundation
import Nash
import Testing
import _NashTestSupport

/// Zero-sum games: linear programming (``ZeroSumLP``) and optimistic hedge.
@Suite("Zero-sum games")
struct ZeroSumTests {
  /// A random zero-sum game with payoffs uniform in [0, 1), from `seed`.
  static func randomZeroSum(rows: Int, columns: Int, seed: UInt64) -> BimatrixGame {
    var rng = SplitMix64(seed: seed)
    let a = (0..<rows).map { _ in (0..<columns).map { _ in rng.nextUnitDouble() } }
    return try! BimatrixGame(zeroSumPayoffs: a)
  }

  static func shape(_ seed: UInt64, _ range: ClosedRange<Int> = 2...6) -> (Int, Int) {
    var rng = SplitMix64(seed: seed &* 0x9E37_79B9 &+ 17)
    return (Int.random(in: range, using: &rng), Int.random(in: range, using: &rng))
  }

  @Test("known values: matching pennies, rock-paper-scissors, a rectangular game")
  func knownValues() throws {
    let pennies = try ZeroSumLP().solveZeroSum(.matchingPennies)
    #expect(abs(pennies.value) <= 1e-12 && pennies.gap <= 1e-12 && pennies.hasConverged)
    #expect(abs(pennies.rowStrategy[0] - 0.5) <= 1e-12)
    let rps = try ZeroSumLP().solveZeroSum(.rockPaperScissors)
    #expect(abs(rps.value) <= 1e-12 && rps.gap <= 1e-12)
    #expect(rps.columnStrategy.probabilities.allSatisfy { abs($0 - 1.0 / 3) <= 1e-12 })
    // A = [[3, -1, 2], [-2, 4, 1]]: the row player mixes (3/5, 2/5) and the column player
    // (1/2, 1/2, 0); the value is 1 (column 3 pays 8/5 > 1 and is not used).
    let game = try BimatrixGame(zeroSumPayoffs: [[3, -1, 2], [-2, 4, 1]])
    let s = try ZeroSumLP().solveZeroSum(game)
    #expect(abs(s.value - 1) <= 1e-12 && s.gap <= 1e-12, "\(s)")
    #expect(abs(s.rowStrategy[0] - 0.6) <= 1e-12 && abs(s.columnStrategy[2]) <= 1e-12)
    let result = try game.solve(using: .zeroSumLP())
    #expect(result.method == "zero-sum-lp" && result.hasConverged)
    #expect(result.equilibria.count == 1 && result.equilibria[0].isVerifiedExactly)
    #expect(result.equilibria[0].profile.row.exactProbabilities == exact("3/5", "2/5"))
  }

  @Test("refuses a game that is not constant-sum")
  func refusesGeneralSum() {
    #expect {
      try BimatrixGame.prisonersDilemma.solve(using: .zeroSumLP())
    } throws: { error in
      guard case SolverError.invalidOption(let message) = error else { return false }
      return message.contains("not constant-sum") && message.contains("zero-sum-lp")
    }
  }

  @Test("a constant-sum game that is not zero-sum, and a constant game")
  func constantSum() throws {
    let game = try BimatrixGame(rowPayoffs: [[1, 3], [4, 2]], columnPayoffs: [[9, 7], [6, 8]])
    let s = try ZeroSumLP().solveZeroSum(game)
    #expect(abs(s.value - 2.5) <= 1e-12 && s.gap <= 1e-12)
    let flat = try BimatrixGame(zeroSumPayoffs: [[2, 2], [2, 2]])
    let f = try ZeroSumLP().solveZeroSum(flat)
    #expect(f.value == 2 && f.gap == 0)
  }

  @Test("LP value equals support enumeration's on small random zero-sum games", arguments: 0..<60)
  func matchesSupportEnumeration(seed: UInt64) throws {
    let (m, n) = Self.shape(seed)
    let game = Self.randomZeroSum(rows: m, columns: n, seed: seed)
    let s = try ZeroSumLP().solveZeroSum(game)
    let all = try game.solve(using: .supportEnumeration(verifiesExactly: false))
    let value = try #require(all.equilibria.first, "seed \(seed)").rowPayoff
    #expect(s.hasConverged, "seed \(seed)")
    #expect(s.gap >= 0 && s.gap <= 1e-12, "seed \(seed): gap \(s.gap)")
    #expect(abs(s.value - value) <= 1e-9, "seed \(seed): LP \(s.value) vs enumeration \(value)")
    #expect(s.lowerBound <= s.value && s.value <= s.upperBound, "seed \(seed)")
    let result = try game.solve(using: .zeroSumLP())
    #expect(certificateProblem(result, in: game) == nil, "seed \(seed)")
    #expect(result.maxRegret <= s.gap + 1e-12, "seed \(seed)")
  }

  @Test("degenerate games: integer payoffs with many ties", arguments: 0..<40)
  func degenerate(seed: UInt64) throws {
    let (m, n) = Self.shape(seed, 2...9)
    var rng = SplitMix64(seed: seed)
    let a = (0..<m).map { _ in (0..<n).map { _ in Double(Int.random(in: -2...2, using: &rng)) } }
    let game = try BimatrixGame(zeroSumPayoffs: a)
    let s = try ZeroSumLP().solveZeroSum(game)
    #expect(s.hasConverged && s.gap <= 1e-12, "seed \(seed): gap \(s.gap)")
  }

  @Test("a 60×70 random zero-sum game to regret 1e-9 of the payoff range", arguments: [1, 2] as [UInt64])
  func larger(seed: UInt64) throws {
    let game = Self.randomZeroSum(rows: 60, columns: 70, seed: seed)
    let s = try ZeroSumLP().solveZeroSum(game)
    #expect(s.hasConverged && s.gap <= 1e-9 * game.payoffScale, "seed \(seed): gap \(s.gap)")
    // Exact verification of a ~35-strategy support in BigInt arithmetic is slow in debug builds.
    let result = try game.solve(using: .zeroSumLP(verifiesExactly: false))
    #expect(certificateProblem(result, in: game) == nil, "seed \(seed)")
  }
}

@Suite("Optimistic hedge")
struct OptimisticHedgeTests {
  @Test("reaches gap 1e-6 on random zero-sum games", arguments: 0..<12)
  func reachesGap(seed: UInt64) throws {
    let (m, n) = ZeroSumTests.shape(seed, 3...30)
    let game = ZeroSumTests.randomZeroSum(rows: m, columns: n, seed: seed)
    let s = try OptimisticHedge(tolerance: 1e-6, maxIterations: 200_000).solveZeroSum(game)
    #expect(s.hasConverged, "seed \(seed) \(m)×\(n): gap \(s.gap) after \(s.iterations)")
    #expect(s.gap >= 0 && s.gap <= 1e-6 * game.payoffScale, "seed \(seed) \(m)×\(n): gap \(s.gap)")
    let lp = try ZeroSumLP().solveZeroSum(game)
    #expect(abs(s.value - lp.value) <= s.gap + 1e-12, "seed \(seed)")
    let result = try game.solve(using: .optimisticHedge())
    #expect(result.hasConverged && result.maxRegret <= 1e-6 * game.payoffScale, "seed \(seed)")
  }

  @Test("pure OMWU (no crossover) on matching pennies; budget exhaustion is reported")
  func plainAndBudget() throws {
    let s = try OptimisticHedge(tolerance: 1e-8, maxIterations: 100_000, crossoverInterval: 0)
      .solveZeroSum(.matchingPennies)
    #expect(s.hasConverged && s.gap <= 1e-8)
    let game = ZeroSumTests.randomZeroSum(rows: 8, columns: 9, seed: 3)
    let short = try OptimisticHedge(tolerance: 1e-12, maxIterations: 5, crossoverInterval: 0).solveZeroSum(game)
    #expect(!short.hasConverged && short.iterations == 5 && short.gap > 1e-12)
    let warm = try OptimisticHedge().solveZeroSum(.matchingPennies, warmStart: s.profile)
    #expect(warm.iterations == 0 && warm.hasConverged)
  }

  @Test("entropic variant converges to the quantal-response equilibrium")
  func entropic() throws {
    let game = ZeroSumTests.randomZeroSum(rows: 6, columns: 7, seed: 5)
    let s = try OptimisticHedge(tolerance: 1e-10, maxIterations: 20_000, temperature: 0.1).solveZeroSum(game)
    #expect(s.hasConverged, "iterations \(s.iterations)")
    // A QRE is a fixed point of the logit responses: x ∝ exp(Ây/τ). The regularised game is
    // τ-strongly concave-convex, so a gap of 1e-10 puts x within about √(2·1e-10/τ) ≈ 5e-5.
    let a = game.rowPayoffs, scale = game.payoffScale
    let ay = a.map { row in zip(row, s.columnStrategy.probabilities).map(*).reduce(0, +) / scale }
    let weights = ay.map { Foundation.exp($0 / 0.1) }
    let total = weights.reduce(0, +)
    for i in 0..<6 { #expect(abs(weights[i] / total - s.rowStrategy[i]) <= 1e-4) }
    #expect(s.lowerBound <= s.value && s.value <= s.upperBound)
  }

  @Test("batch: several same-shape games in lockstep agree with one-by-one runs")
  func batch() throws {
    let games = (1...4).map { ZeroSumTests.randomZeroSum(rows: 7, columns: 6, seed: $0) }
    let solver = OptimisticHedge(tolerance: 1e-7)
    let together = try solver.solveZeroSum(games)
    for (g, game) in games.enumerated() {
      let alone = try solver.solveZeroSum(game)
      #expect(together[g].hasConverged && together[g].gap <= 1e-7 * game.payoffScale, "game \(g)")
      #expect(together[g].iterations == alone.iterations, "game \(g)")
    }
  }

  @Test("refuses general-sum games and bad options")
  func refuses() {
    #expect(throws: SolverError.self) { try BimatrixGame.prisonersDilemma.solve(using: .optimisticHedge()) }
    #expect(throws: SolverError.self) { try OptimisticHedge(stepSize: 0).solveZeroSum(.matchingPennies) }
  }
}

@Suite("Equilibrium tracker")
struct EquilibriumTrackerTests {
  /// A zero-sum game drifting from `base` along `direction`, step `t`.
  static func drifting(_ seed: UInt64, steps: Int, size: Int, rate: Double) -> [BimatrixGame] {
    var rng = SplitMix64(seed: seed)
    let base = (0..<size).map { _ in (0..<size).map { _ in rng.nextUnitDouble() } }
    let direction = (0..<size).map { _ in (0..<size).map { _ in rng.nextUnitDouble() - 0.5 } }
    return (0..<steps).map { t in
      try! BimatrixGame(
        zeroSumPayoffs: zip(base, direction).map { zip($0, $1).map { $0 + rate * Double(t) * $1 } })
    }
  }

  @Test(
    "warm updates need far fewer iterations than cold starts",
    arguments: [11, 12] as [UInt64], [EquilibriumTracker.Engine.optimisticGradient, .optimisticHedge])
  func warmBeatsCold(seed: UInt64, engine: EquilibriumTracker.Engine) throws {
    let games = Self.drifting(seed, steps: 12, size: 12, rate: 0.002)
    var tracker = EquilibriumTracker(tolerance: 1e-6, engine: engine)
    var warm = 0, cold = 0
    for (t, game) in games.enumerated() {
      let step = try tracker.update(with: game)
      #expect(step.hasConverged && step.solution.gap <= 1e-6 * game.payoffScale, "seed \(seed) step \(t)")
      #expect(step.equilibrium.maxRegret <= step.solution.gap + 1e-12, "seed \(seed) step \(t)")
      #expect(step.wasWarmStarted == (t > 0))
      guard t > 0 else { continue }
      warm += step.iterations
      cold += try tracker.solve(game).iterations
    }
    #expect(warm * 4 <= cold, "seed \(seed) \(engine): warm \(warm) vs cold \(cold) iterations")
  }

  @Test("a 40×40 game drifting over 30 steps stays within tolerance at every step")
  func longerDrift() throws {
    let games = Self.drifting(21, steps: 30, size: 40, rate: 0.003)
    var tracker = EquilibriumTracker(tolerance: 1e-8)
    for (t, game) in games.enumerated() {
      let step = try tracker.update(with: game)
      #expect(step.hasConverged && step.equilibrium.maxRegret <= 1e-8 * game.payoffScale, "step \(t)")
    }
    tracker.reset()
    #expect(tracker.current == nil)
  }

}
