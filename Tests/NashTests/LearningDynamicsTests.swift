import Nash
import Testing
import _NashTestSupport

@Suite("General-sum learning dynamics")
struct LearningDynamicsTests {
  @Test("regret matching: zero-sum games converge; the CCE gap is reported")
  func regretMatching() throws {
    let r = try RegretMatching(tolerance: 1e-3).run(.rockPaperScissors)
    #expect(r.hasConverged && r.maxRegret <= 1e-3 * BimatrixGame.rockPaperScissors.payoffScale)
    #expect((r.coarseCorrelatedGap ?? 1) <= 1e-2)
    let result = try BimatrixGame.matchingPennies.solve(using: .regretMatching(tolerance: 1e-3))
    #expect(result.method == "regret-matching" && result.hasConverged)
  }

  @Test("never claims convergence it lacks", arguments: 0..<10)
  func honest(seed: UInt64) throws {
    let game = BimatrixGame.random(rows: 5, columns: 6, seed: seed)
    let scale = game.payoffScale
    for outcome in [
      try RegretMatching(tolerance: 1e-4, maxIterations: 2_000).run(game),
      try FictitiousPlay(tolerance: 1e-4, maxIterations: 2_000).run(game),
    ] {
      #expect(outcome.hasConverged == (outcome.maxRegret <= 1e-4 * scale), "seed \(seed)")
      #expect(abs(game.maxRegret(of: outcome.profile) - outcome.maxRegret) <= 1e-12, "seed \(seed)")
    }
  }

  @Test("fictitious play converges on zero-sum games (Robinson 1951)")
  func fictitiousPlay() throws {
    let r = try FictitiousPlay(tolerance: 1e-2, maxIterations: 200_000).run(.rockPaperScissors)
    #expect(r.hasConverged && r.maxRegret <= 1e-2 * 2)
    let s = try FictitiousPlay(tolerance: 1e-2).run(.prisonersDilemma)
    #expect(s.hasConverged && s.profile.row[1] >= 0.99 && s.profile.column[1] >= 0.99)
  }

  @Test("replicator dynamics: a strict equilibrium is reached, cycling is reported")
  func replicator() throws {
    let pd = try ReplicatorDynamics(tolerance: 1e-6).run(.prisonersDilemma)
    #expect(pd.hasConverged && pd.profile.row[1] >= 1 - 1e-5, "\(pd.profile)")
    // Matching pennies: the flow circles the interior equilibrium; the uniform start is the
    // equilibrium itself, so start elsewhere and expect an honest non-convergence.
    let start = StrategyProfile(row: try MixedStrategy([0.7, 0.3]), column: try MixedStrategy([0.4, 0.6]))
    let mp = try ReplicatorDynamics(tolerance: 1e-6, maxIterations: 2_000, start: start).run(.matchingPennies)
    #expect(!mp.hasConverged && mp.maxRegret > 1e-6)
    let result = try BimatrixGame.prisonersDilemma.solve(using: .replicator())
    #expect(result.method == "replicator" && result.hasConverged)
  }
}
