import Nash
import Testing
import _NashTestSupport

@Suite("Adaptive solver")
struct AdaptiveTests {
  @Test("constant-sum games go to optimistic hedge")
  func zeroSum() throws {
    let game = ZeroSumTests.randomZeroSum(rows: 9, columns: 8, seed: 4)
    let r = try game.solve(using: .adaptive())
    #expect(r.method == "adaptive(optimistic-hedge)" && r.hasConverged)
    #expect(r.maxRegret <= 1e-6 * game.payoffScale)
  }

  @Test("general-sum games go to logit tracing")
  func generalSum() throws {
    let game = BimatrixGame.random(rows: 4, columns: 4, seed: 2)
    let r = try game.solve(using: .adaptive())
    #expect(r.method == "adaptive(logit-tracing)" && r.hasConverged)
    #expect(r.maxRegret <= 1e-6 * game.payoffScale)
  }
}
