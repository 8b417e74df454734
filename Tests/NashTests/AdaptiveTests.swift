@testable import Nash
import Testing
import _NashTestSupport

@Suite("Adaptive solver")
struct AdaptiveTests {
  @Test("constant-sum games go to optimistic gradient")
  func zeroSum() throws {
    let game = ZeroSumTests.randomZeroSum(rows: 9, columns: 8, seed: 4)
    let r = try game.solve(using: .adaptive())
    #expect(r.method == "adaptive(optimistic-gradient)" && r.hasConverged)
    #expect(r.maxRegret <= 1e-6 * game.payoffScale)
  }

  @Test("a 60×61 random zero-sum game to regret 1e-6 of the payoff range", arguments: [1, 2, 3] as [UInt64])
  func mediumZeroSum(seed: UInt64) throws {
    let game = BimatrixGame.randomZeroSum(rows: 60, columns: 61, seed: seed)
    let r = try game.solve(using: .adaptive())
    #expect(r.hasConverged, "seed \(seed): \(r.diagnostics)")
    #expect(r.maxRegret <= 1e-6 * game.payoffScale, "seed \(seed): max regret \(r.maxRegret)")
    #expect(certificateProblem(r, in: game) == nil, "seed \(seed)")
    let lp = try ZeroSumLP(verifiesExactly: false).solveZeroSum(game)
    let rowPayoff = try #require(r.equilibria.first).rowPayoff
    #expect(abs(rowPayoff - lp.value) <= 1e-6 * game.payoffScale, "seed \(seed)")
  }

  @Test("general-sum games go to logit tracing")
  func generalSum() throws {
    let game = BimatrixGame.random(rows: 4, columns: 4, seed: 2)
    let r = try game.solve(using: .adaptive())
    #expect(r.method == "adaptive(logit-tracing)" && r.hasConverged)
    #expect(r.maxRegret <= 1e-6 * game.payoffScale)
  }
}

@Suite("Optimistic gradient")
struct OptimisticGradientTests {
  @Test("known values: matching pennies, rock-paper-scissors")
  func knownValues() throws {
    let pennies = try OptimisticGradient(tolerance: 1e-10).solveZeroSum(.matchingPennies)
    #expect(pennies.hasConverged && pennies.gap <= 1e-10 && abs(pennies.value) <= 1e-10)
    #expect(abs(pennies.rowStrategy[0] - 0.5) <= 1e-9 && abs(pennies.columnStrategy[0] - 0.5) <= 1e-9)
    let rps = try OptimisticGradient(tolerance: 1e-10).solveZeroSum(.rockPaperScissors)
    #expect(rps.hasConverged && abs(rps.value) <= 1e-10)
    for i in 0..<3 { #expect(abs(rps.rowStrategy[i] - 1.0 / 3) <= 1e-9) }
  }

  @Test("agrees with the LP on random zero-sum games, gap 1e-9", arguments: 0..<16)
  func matchesLP(seed: UInt64) throws {
    let (m, n) = ZeroSumTests.shape(seed, 2...40)
    let game = ZeroSumTests.randomZeroSum(rows: m, columns: n, seed: seed)
    let s = try OptimisticGradient(tolerance: 1e-9).solveZeroSum(game)
    #expect(s.hasConverged, "seed \(seed) \(m)×\(n): gap \(s.gap) after \(s.iterations)")
    #expect(s.gap >= 0 && s.gap <= 1e-9 * game.payoffScale, "seed \(seed) \(m)×\(n): gap \(s.gap)")
    #expect(s.lowerBound <= s.value && s.value <= s.upperBound, "seed \(seed)")
    let lp = try ZeroSumLP().solveZeroSum(game)
    #expect(abs(s.value - lp.value) <= s.gap + lp.gap + 1e-12, "seed \(seed): \(s.value) vs LP \(lp.value)")
    let result = try game.solve(using: .optimisticGradient(tolerance: 1e-9))
    #expect(result.hasConverged && result.maxRegret <= s.gap + 1e-12, "seed \(seed)")
    #expect(certificateProblem(result, in: game) == nil, "seed \(seed)")
  }

  @Test("without the crossover the last iterate still converges, also on degenerate games", arguments: 0..<8)
  func plainOGDA(seed: UInt64) throws {
    let (m, n) = ZeroSumTests.shape(seed, 2...8)
    var rng = SplitMix64(seed: seed)
    // Integer payoffs in -2...2: many ties, often several equilibria.
    let a = (0..<m).map { _ in (0..<n).map { _ in Double(Int.random(in: -2...2, using: &rng)) } }
    let game = try BimatrixGame(zeroSumPayoffs: a)
    let s = try OptimisticGradient(tolerance: 1e-8, maxIterations: 200_000, crossoverInterval: 0).solveZeroSum(game)
    #expect(s.hasConverged && s.gap <= 1e-8 * game.payoffScale, "seed \(seed) \(m)×\(n): gap \(s.gap)")
    let lp = try ZeroSumLP().solveZeroSum(game)
    #expect(abs(s.value - lp.value) <= s.gap + 1e-12, "seed \(seed)")
  }

  @Test("budget exhaustion is reported; a warm start at the answer needs no iteration")
  func budgetAndWarmStart() throws {
    let game = ZeroSumTests.randomZeroSum(rows: 8, columns: 9, seed: 3)
    let short = try OptimisticGradient(tolerance: 1e-12, maxIterations: 5, crossoverInterval: 0).solveZeroSum(game)
    #expect(!short.hasConverged && short.iterations == 5 && short.gap > 1e-12)
    let result = try game.solve(using: .optimisticGradient(tolerance: 1e-12, maxIterations: 5, crossoverInterval: 0))
    #expect(!result.hasConverged && !result.diagnostics.isEmpty)
    let full = try OptimisticGradient(tolerance: 1e-9).solveZeroSum(game)
    #expect(full.hasConverged)
    let warm = try OptimisticGradient(tolerance: 1e-9).solveZeroSum(game, warmStart: full.profile)
    #expect(warm.iterations == 0 && warm.hasConverged)
  }

  @Test("a warm start from a nearby game finds the new equilibrium by crossover at once")
  func warmStartCrossover() throws {
    let games = EquilibriumTrackerTests.drifting(5, steps: 2, size: 30, rate: 0.001)
    let first = try OptimisticGradient(tolerance: 1e-10).solveZeroSum(games[0])
    #expect(first.hasConverged)
    let next = try OptimisticGradient(tolerance: 1e-10).solveZeroSum(games[1], warmStart: first.profile)
    let cold = try OptimisticGradient(tolerance: 1e-10).solveZeroSum(games[1])
    #expect(next.hasConverged && next.gap <= 1e-10 * games[1].payoffScale)
    #expect(next.iterations < cold.iterations, "warm \(next.iterations) vs cold \(cold.iterations)")
  }

  @Test("refuses general-sum games, bad options and warm starts of the wrong shape")
  func refuses() {
    #expect(throws: SolverError.self) { try BimatrixGame.prisonersDilemma.solve(using: .optimisticGradient()) }
    #expect(throws: SolverError.self) { try OptimisticGradient(stepSize: 0).solveZeroSum(.matchingPennies) }
    #expect(throws: SolverError.self) { try OptimisticGradient(stepSize: 1).solveZeroSum(.matchingPennies) }
    #expect(throws: SolverError.self) { try OptimisticGradient(tolerance: -1).solveZeroSum(.matchingPennies) }
    let wrong = StrategyProfile(row: .uniform(count: 3), column: .uniform(count: 3))
    #expect(throws: SolverError.self) { try OptimisticGradient().solveZeroSum(.matchingPennies, warmStart: wrong) }
  }
}

@Suite("Simplex projection")
struct SimplexProjectionTests {
  @Test("known projections")
  func known() {
    var scratch = [Double](repeating: 0, count: 4)
    for (input, expected) in [
      ([0.25, 0.75], [0.25, 0.75]), ([2.0, 0.0], [1.0, 0.0]), ([0.6, 0.6], [0.5, 0.5]),
      ([1.0, 0.5, -1.0], [0.75, 0.25, 0.0]), ([0.0, 0.0, 0.0, 0.0], [0.25, 0.25, 0.25, 0.25]),
    ] {
      var v = input
      SimplexProjection.project(&v, scratch: &scratch)
      for i in v.indices { #expect(abs(v[i] - expected[i]) <= 1e-15, "\(input) → \(v)") }
    }
  }

  @Test("the result is a distribution satisfying the optimality conditions", arguments: 0..<20)
  func optimality(seed: UInt64) {
    var rng = SplitMix64(seed: seed)
    let n = Int.random(in: 1...40, using: &rng)
    let input = (0..<n).map { _ in (rng.nextUnitDouble() - 0.5) * 4 }
    var p = input
    var scratch = [Double](repeating: 0, count: n)
    SimplexProjection.project(&p, scratch: &scratch)
    #expect(p.allSatisfy { $0 >= 0 } && abs(p.reduce(0, +) - 1) <= 1e-12, "seed \(seed)")
    // KKT: v − p is the same θ on the support and at most θ off it.
    let support = p.indices.filter { p[$0] > 0 }
    let theta = input[support[0]] - p[support[0]]
    for i in 0..<n {
      if p[i] > 0 {
        #expect(abs(input[i] - p[i] - theta) <= 1e-12, "seed \(seed) index \(i)")
      } else {
        #expect(input[i] <= theta + 1e-12, "seed \(seed) index \(i)")
      }
    }
  }
}
