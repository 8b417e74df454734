@testable import Nash
import Testing
import _NashTestSupport

/// Seeded properties of support enumeration on random games. Every failure names its seed;
/// a seed that once failed becomes a regression case below.
@Suite("Support enumeration properties")
struct SupportEnumerationPropertyTests {
  /// Shape for a seed: 2–6 strategies each.
  static func shape(_ seed: UInt64) -> (Int, Int) {
    var rng = SplitMix64(seed: seed &* 0x9E37_79B9)
    return (Int.random(in: 2...6, using: &rng), Int.random(in: 2...6, using: &rng))
  }

  @Test("certified, exact, odd count, complete", arguments: 0..<200)
  func certifiedAndOdd(seed: UInt64) throws {
    let (m, n) = Self.shape(seed)
    let game = BimatrixGame.random(rows: m, columns: n, seed: seed)
    let result = try game.solve(using: .supportEnumeration())
    #expect(certificateProblem(result, in: game) == nil, "seed \(seed)")
    #expect(result.equilibria.count % 2 == 1, "seed \(seed): \(result.equilibria.count) equilibria")
    #expect(result.equilibria.allSatisfy { $0.isVerifiedExactly }, "seed \(seed)")
    #expect(result.isComplete && !result.isPossiblyDegenerate, "seed \(seed)")
  }

  @Test("unchanged by positive affine transforms of each player's payoffs", arguments: 0..<60)
  func affineInvariance(seed: UInt64) throws {
    let (m, n) = Self.shape(seed)
    let game = BimatrixGame.random(rows: m, columns: n, seed: seed)
    var rng = SplitMix64(seed: seed ^ 0xABCDEF)
    let (a, c) = (0.5 + 9.5 * rng.nextUnitDouble(), -50 + 100 * rng.nextUnitDouble())
    let (b, d) = (0.01 + rng.nextUnitDouble(), -3 + 6 * rng.nextUnitDouble())
    let transformed = try BimatrixGame(
      rowPayoffs: game.rowPayoffs.map { $0.map { a * $0 + c } },
      columnPayoffs: game.columnPayoffs.map { $0.map { b * $0 + d } })
    let original = try game.solve(using: .supportEnumeration(verifiesExactly: false))
    let moved = try transformed.solve(using: .supportEnumeration(verifiesExactly: false))
    #expect(original.equilibria.count == moved.equilibria.count, "seed \(seed)")
    for e in original.equilibria {
      #expect(
        moved.equilibria.contains { close($0.profile, e.profile) }, "seed \(seed): \(e.profile) not found after transform")
    }
  }

  @Test("swapping the players mirrors every equilibrium", arguments: 0..<60)
  func swapMirrors(seed: UInt64) throws {
    let (m, n) = Self.shape(seed)
    let game = BimatrixGame.random(rows: m, columns: n, seed: seed)
    let original = try game.solve(using: .supportEnumeration())
    let swapped = try game.swappingPlayers().solve(using: .supportEnumeration())
    #expect(
      Set(original.equilibria.compactMap(\.exactProfile).map { ExpectedEquilibrium($0.column, $0.row) })
        == Set(swapped.equilibria.compactMap(\.exactProfile)), "seed \(seed)")
  }

  @Test("the thread count does not change the output", arguments: [3, 17, 101] as [UInt64])
  func threadIndependence(seed: UInt64) throws {
    let game = BimatrixGame.random(rows: 8, columns: 8, seed: seed)
    let one = try SupportEnumeration(threadCount: 1).solve(game)
    let four = try SupportEnumeration(threadCount: 4).solve(game)
    #expect(one.equilibria == four.equilibria, "seed \(seed)")
    #expect(one.iterations == four.iterations, "seed \(seed)")
  }

  @Test("a game over the pair limit is refused with a clear error")
  func tooLarge() {
    let game = BimatrixGame.random(rows: 20, columns: 20, seed: 1)
    #expect(throws: SolverError.self) { try game.solve(using: .supportEnumeration()) }
    do {
      _ = try game.solve(using: .supportEnumeration())
    } catch let error as SolverError {
      #expect(error.description.contains("Lemke"))
    } catch {
      Issue.record("unexpected error \(error)")
    }
  }

  @Test("far over the pair limit (50×50, 200×200, 600×600) is an error, not a crash")
  func farTooLarge() {
    for n in [50, 200, 600] {
      let game = BimatrixGame.random(rows: n, columns: n, seed: 1)
      do {
        _ = try game.solve(using: .supportEnumeration())
        Issue.record("a \(n)×\(n) game was enumerated")
      } catch let error as SolverError {
        #expect(error.description.contains("\(n)×\(n)") && error.description.contains("Lemke"), "\(error)")
      } catch {
        Issue.record("unexpected error \(error)")
      }
    }
    #expect(formatCount(999_999) == "999999")
    #expect(formatCount(12_345_678) == "12.3 million")
    #expect(formatCount(1.27e30) == "1.2e30" || formatCount(1.27e30) == "1.3e30")
    #expect(formatCount(.infinity) == "more than 1e308")
  }

  @Test("bad options are rejected")
  func badOptions() {
    #expect(throws: SolverError.self) { try BimatrixGame.matchingPennies.solve(using: SupportEnumeration(tolerance: -1)) }
    #expect(throws: SolverError.self) { try BimatrixGame.matchingPennies.solve(using: SupportEnumeration(tolerance: .nan)) }
    #expect(throws: SolverError.self) { try BimatrixGame.matchingPennies.solve(using: SupportEnumeration(threadCount: 0)) }
  }

  private func close(_ p: StrategyProfile, _ q: StrategyProfile) -> Bool {
    zip(p.row.probabilities, q.row.probabilities).allSatisfy { abs($0 - $1) < 1e-7 }
      && zip(p.column.probabilities, q.column.probabilities).allSatisfy { abs($0 - $1) < 1e-7 }
  }
}
