@testable import Nash
import Testing

/// The revised kernel (``LemkeHowsonRevisedTableau``) against the full tableau
/// (``LemkeHowsonTableau``): the same path (outcome, pivot count) and the same end point.
private func expectSamePath(_ game: BimatrixGame, label: Int, _ context: String) {
  var full = LemkeHowsonTableau(game: game)
  let a = full.run(droppingLabel: label, maxPivots: 100_000)
  let revised = LemkeHowsonRevisedTableau(game: game)
  let b = revised.run(droppingLabel: label, maxPivots: 100_000)
  #expect(a.outcome == b.outcome, "\(context)")
  #expect(a.pivots == b.pivots, "\(context)")
  let (x1, y1) = full.vertex(), (x2, y2) = revised.vertex()
  for (u, v) in zip(x1 + y1, x2 + y2) {
    #expect(abs(u - v) <= 1e-9 * max(1, abs(u)), "\(context): \(u) vs \(v)")
  }
  guard let refined = revised.refinedVertex() else {
    Issue.record("\(context): singular final basis")
    return
  }
  for (u, v) in zip(x1 + y1, refined.x + refined.y) {
    #expect(abs(u - v) <= 1e-9 * max(1, abs(u)), "\(context): refined \(u) vs \(v)")
  }
}

@Suite("Lemke–Howson revised kernel")
struct LemkeHowsonRevisedTableauTests {
  @Test("random games: the same path as the full tableau", arguments: [
    (3, 4), (8, 8), (17, 17), (20, 25), (40, 30), (50, 50), (60, 60),
  ])
  func randomGames(_ m: Int, _ n: Int) {
    for seed in UInt64(0)..<6 {
      let game = BimatrixGame.random(rows: m, columns: n, seed: 4000 + seed)
      for label in [0, 1, m / 2, m, m + n - 1] {
        expectSamePath(game, label: label, "\(m)×\(n) seed \(seed) label \(label)")
      }
    }
  }

  @Test("degenerate games: the same path as the full tableau")
  func degenerateGames() throws {
    var games: [(String, BimatrixGame)] = LemkeHowsonTests.degenerateGames.map { ($0.name, $0.game) }
    games.append(("coordination 20", BimatrixGame.coordination(20)))
    for seed in UInt64(0)..<4 {
      games.append(("integer 0...2 seed \(seed)", BimatrixGame.randomInteger(rows: 20, columns: 24, range: 0...2, seed: 800 + seed)))
      games.append(("integer 0...9 seed \(seed)", BimatrixGame.randomInteger(rows: 30, columns: 30, range: 0...9, seed: 900 + seed)))
    }
    games.append(("constant 20×20", try BimatrixGame(
      rowPayoffs: Array(repeating: Array(repeating: 3, count: 20), count: 20),
      columnPayoffs: Array(repeating: Array(repeating: 1, count: 20), count: 20))))
    for (name, game) in games {
      for label in 0..<(game.rowCount + game.columnCount) {
        expectSamePath(game, label: label, "\(name) label \(label)")
      }
    }
  }

  @Test("large degenerate games through the public solver give verified equilibria")
  func publicSolverOnDegenerateGames() throws {
    let games = [
      BimatrixGame.coordination(20),
      BimatrixGame.randomInteger(rows: 20, columns: 24, range: 0...2, seed: 801),
      BimatrixGame.randomInteger(rows: 40, columns: 40, range: 0...3, seed: 802),
    ]
    for game in games {
      #expect(LemkeHowsonRevisedTableau.isPreferred(rows: game.rowCount, columns: game.columnCount))
      for label in stride(from: 0, to: game.rowCount + game.columnCount, by: 3) {
        let result = try game.solve(using: .lemkeHowson(initialDroppedLabel: label, verifiesExactly: false))
        #expect(result.hasConverged, "label \(label): \(result.diagnostics)")
        let equilibrium = try #require(result.equilibria.first)
        #expect(game.isNashEquilibrium(equilibrium.profile), "label \(label)")
      }
    }
  }

  @Test("long paths: many refactorizations keep the path of the full tableau")
  func longPaths() {
    // n = 100, seed 1002 has a path of 14,408 pivots from label 0.
    let game = BimatrixGame.random(rows: 100, columns: 100, seed: 1002)
    expectSamePath(game, label: 0, "100×100 seed 1002 label 0")
  }
}
