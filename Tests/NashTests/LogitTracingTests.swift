import Nash
import Testing
import _NashTestSupport

@Suite("Logit tracing")
struct LogitTracingTests {
  static func among(_ e: Equilibrium, _ all: [Equilibrium]) -> Bool {
    all.contains { other in
      zip(e.profile.row.probabilities, other.profile.row.probabilities).allSatisfy { abs($0 - $1) <= 1e-6 }
        && zip(e.profile.column.probabilities, other.profile.column.probabilities).allSatisfy { abs($0 - $1) <= 1e-6 }
    }
  }

  @Test("von Stengel's 3×2 game")
  func vonStengel() throws {
    let game = BimatrixGame.vonStengel3x2
    let r = try game.solve(using: .logitTracing())
    let e = try #require(r.equilibria.first)
    #expect(r.hasConverged && e.maxRegret <= 1e-6 * game.payoffScale)
    #expect(Self.among(e, try game.equilibria(using: .supportEnumeration())), "\(e.profile)")
  }

  @Test("random 10×10 games", arguments: 0..<12)
  func random(seed: UInt64) throws {
    let game = BimatrixGame.random(rows: 10, columns: 10, seed: seed)
    let r = try game.solve(using: .logitTracing())
    let e = try #require(r.equilibria.first, "seed \(seed)")
    #expect(r.hasConverged && e.maxRegret <= 1e-6 * game.payoffScale, "seed \(seed): \(e.maxRegret)")
    #expect(Self.among(e, try game.equilibria(using: .supportEnumeration(verifiesExactly: false))), "seed \(seed)")
  }
}
