import Nash
import Testing

/// Exact probabilities as doubles, for comparing a profile with a known equilibrium.
private func close(_ strategy: MixedStrategy, _ expected: [Double], tolerance: Double = 1e-9) -> Bool {
  strategy.count == expected.count
    && zip(strategy.probabilities, expected).allSatisfy { abs($0 - $1) <= tolerance }
}

/// Checks everything a Lemke–Howson result must satisfy: converged, one equilibrium, a
/// probability distribution of the right length for each player, regret within tolerance.
private func expectVerified(_ result: EquilibriumResult, _ game: BimatrixGame, _ context: String) {
  #expect(result.hasConverged, "\(context): \(result.diagnostics)")
  #expect(result.equilibria.count == 1, "\(context)")
  guard let equilibrium = result.equilibria.first else { return }
  let x = equilibrium.profile.row.probabilities, y = equilibrium.profile.column.probabilities
  #expect(x.count == game.rowCount && y.count == game.columnCount, "\(context)")
  for p in x + y { #expect(p.isFinite && p >= 0, "\(context): probability \(p)") }
  #expect(abs(x.reduce(0, +) - 1) <= 1e-9 && abs(y.reduce(0, +) - 1) <= 1e-9, "\(context)")
  #expect(
    equilibrium.maxRegret <= result.tolerance * game.payoffScale,
    "\(context): max regret \(equilibrium.maxRegret)")
  #expect(game.isNashEquilibrium(equilibrium.profile), "\(context)")
}

@Suite("Lemke–Howson")
struct LemkeHowsonTests {
  // Von Stengel (2007), Fig. 3.3 game: A = [[3,3],[2,5],[0,6]], B = [[3,2],[2,6],[3,1]].
  // Equilibria: e1 = ((1,0,0),(1,0)), e2 = ((4/5,1/5,0),(2/3,1/3)), e3 = ((0,1/3,2/3),(1/3,2/3)).
  // e2 has index −1, so no path from the artificial equilibrium ends there. Label → end:
  //   0 → e1 and 1 → e3, as in the literature (von Stengel 2007, Fig. 3.3; QuantEcon's tests).
  //   2 → e1 (by hand): x₃ enters P, column 1 binds at x = (0,0,1/3) (label 3 duplicate);
  //       y₁ enters Q, row 1 binds at y = (1/3,0) (label 0); x₁ enters P along column 1's
  //       facet and x₃ drops to 0 at x = (1/3,0,0): label 2 is back. End (1,0,0), (1,0).
  //   3 → e1 (by hand): y₁ enters Q, row 1 binds at y = (1/3,0); x₁ enters P and column 1
  //       binds at x = (1/3,0,0): label 3 is back.
  //   4 → e3 (by hand): y₂ enters Q, row 3 binds at y = (0,1/6); x₃ enters P, column 1 binds
  //       at x = (0,0,1/3); y₁ enters Q, row 2 binds at y = (1/12,1/6); x₂ enters P, column 2
  //       binds at x = (0,1/8,1/4): label 4 is back. End (0,1/3,2/3), (1/3,2/3).
  static let vonStengelMap: [(label: Int, row: [Double], column: [Double])] = [
    (0, [1, 0, 0], [1, 0]),
    (1, [0, 1.0 / 3, 2.0 / 3], [1.0 / 3, 2.0 / 3]),
    (2, [1, 0, 0], [1, 0]),
    (3, [1, 0, 0], [1, 0]),
    (4, [0, 1.0 / 3, 2.0 / 3], [1.0 / 3, 2.0 / 3]),
  ]

  @Test("von Stengel's 3×2 game: initial label → equilibrium", arguments: vonStengelMap.indices)
  func vonStengelLabelMap(_ index: Int) throws {
    let (label, row, column) = Self.vonStengelMap[index]
    let game = BimatrixGame.vonStengel3x2
    let result = try game.solve(using: .lemkeHowson(initialDroppedLabel: label))
    expectVerified(result, game, "label \(label)")
    let equilibrium = try #require(result.equilibria.first)
    #expect(close(equilibrium.profile.row, row), "label \(label): \(equilibrium.profile)")
    #expect(close(equilibrium.profile.column, column), "label \(label): \(equilibrium.profile)")
    #expect(equilibrium.isVerifiedExactly, "label \(label)")
    #expect(result.method == "lemke-howson")
    #expect(!result.isComplete)
  }

  @Test("the static member and the struct agree")
  func staticMember() throws {
    let game = BimatrixGame.battleOfTheSexes
    let a = try game.solve(using: .lemkeHowson(initialDroppedLabel: 2))
    let b = try LemkeHowson(initialDroppedLabel: 2).solve(game)
    #expect(a.equilibria.map(\.profile) == b.equilibria.map(\.profile))
    #expect(LemkeHowson().initialDroppedLabel == 0)
    #expect(LemkeHowson().tolerance == Tolerance.regret)
    #expect(LemkeHowson().maxIterations >= 100_000)
  }

  @Test("a label out of range is an invalid option", arguments: [-1, 5, 100])
  func labelOutOfRange(_ label: Int) {
    do {
      _ = try BimatrixGame.vonStengel3x2.solve(using: .lemkeHowson(initialDroppedLabel: label))
      Issue.record("label \(label) was accepted")
    } catch let error as SolverError {
      guard case .invalidOption(let message) = error else {
        Issue.record("expected invalidOption, got \(error)")
        return
      }
      #expect(message.contains("\(label)"))
    } catch { Issue.record("unexpected \(error)") }
  }

  @Test("bad budgets and tolerances are invalid options")
  func badOptions() {
    #expect(throws: SolverError.self) {
      try BimatrixGame.chicken.solve(using: .lemkeHowson(maxIterations: 0))
    }
    #expect(throws: SolverError.self) {
      try BimatrixGame.chicken.solve(using: .lemkeHowson(tolerance: .nan))
    }
  }

  @Test("hitting the pivot cap returns no equilibrium and hasConverged false")
  func iterationCap() throws {
    let game = BimatrixGame.random(rows: 30, columns: 30, seed: 1000)
    let full = try game.solve(using: .lemkeHowson())
    #expect(full.hasConverged && full.iterations > 2)
    let capped = try game.solve(using: .lemkeHowson(maxIterations: 2))
    #expect(!capped.hasConverged)
    #expect(capped.equilibria.isEmpty)
    #expect(capped.iterations == 2)
    #expect(capped.diagnostics.contains { if case .possiblyIncomplete = $0 { true } else { false } })
  }

  // MARK: - Degenerate games

  /// Winkels (1979): a 6×2 degenerate game with 12 extreme equilibria
  /// (Gambit's winkels.nfg; cells listed with player 1's strategy varying fastest).
  static let winkels: BimatrixGame = {
    let cells: [(Double, Double)] = [
      (1, 1), (1, 0), (3, -2), (3, 4), (2.5, -1), (2.5, 6),
      (3, 2), (3, -1), (1, 2), (1, -1), (2.5, 6), (2.5, -1),
    ]
    let a = (0..<6).map { i in (0..<2).map { j in cells[i + 6 * j].0 } }
    let b = (0..<6).map { i in (0..<2).map { j in cells[i + 6 * j].1 } }
    return try! BimatrixGame(rowPayoffs: a, columnPayoffs: b, title: "Winkels 1979")
  }()

  static let degenerateGames: [(name: String, game: BimatrixGame)] = [
    ("all-zero 2×2", try! BimatrixGame(rowPayoffs: [[0, 0], [0, 0]], columnPayoffs: [[0, 0], [0, 0]])),
    ("constant 3×3", try! BimatrixGame(
      rowPayoffs: Array(repeating: [7, 7, 7], count: 3), columnPayoffs: Array(repeating: [-2, -2, -2], count: 3))),
    ("constant rows", try! BimatrixGame(
      rowPayoffs: [[1, 1, 1], [2, 2, 2], [0, 0, 0]], columnPayoffs: [[3, 1, 2], [3, 1, 2], [3, 1, 2]])),
    ("ties", try! BimatrixGame(
      rowPayoffs: [[1, 1, 0], [1, 1, 0], [0, 1, 1]], columnPayoffs: [[1, 1, 0], [0, 1, 1], [1, 0, 1]])),
    ("weak dominance", try! BimatrixGame(
      rowPayoffs: [[1, 1], [1, 0], [0, 0]], columnPayoffs: [[1, 1], [0, 1], [1, 0]])),
    ("Winkels 6×2", winkels),
    ("coordination 4×4", BimatrixGame.coordination(4)),
    ("1×1", try! BimatrixGame(rowPayoffs: [[5]], columnPayoffs: [[-5]])),
    ("1×3", try! BimatrixGame(rowPayoffs: [[1, 2, 3]], columnPayoffs: [[0, 0, 1]])),
  ]

  @Test("every label of a degenerate game ends at a verified equilibrium", arguments: degenerateGames.indices)
  func degenerate(_ index: Int) throws {
    let (name, game) = Self.degenerateGames[index]
    for label in 0..<(game.rowCount + game.columnCount) {
      let result = try game.solve(using: .lemkeHowson(initialDroppedLabel: label))
      expectVerified(result, game, "\(name), label \(label)")
      #expect(result.equilibria.first?.isVerifiedExactly == true, "\(name), label \(label)")
    }
  }

  @Test("a degenerate end point comes with a witness")
  func degeneracyWitness() throws {
    // Constant game: every strategy is a best response to anything.
    let game = Self.degenerateGames[1].game
    let result = try game.solve(using: .lemkeHowson())
    #expect(result.isPossiblyDegenerate)
    let witness = try #require(result.degeneracyWitness)
    #expect(witness.bestResponses.count > witness.strategy.support.count)
  }

  // MARK: - Random games

  static let randomCases: [(size: Int, seed: UInt64)] = {
    let fixed: [(size: Int, seed: UInt64)] = [
      (2, 1), (3, 2), (5, 3), (8, 4), (10, 5), (13, 6), (20, 7), (30, 8), (50, 9), (100, 10),
    ]
    var small = [(size: Int, seed: UInt64)]()
    for k in 0..<12 { small.append((size: 4 + k % 5, seed: UInt64(100 + k))) }
    return fixed + small
  }()

  @Test("random games: every label gives an equilibrium within tolerance", arguments: randomCases)
  func randomEveryLabel(_ size: Int, _ seed: UInt64) throws {
    let game = BimatrixGame.random(rows: size, columns: size + (size > 20 ? 0 : 1), seed: seed)
    let labels = size > 30 ? [0, 1, size / 2, size, 2 * size - 1] : Array(0..<(game.rowCount + game.columnCount))
    for label in labels {
      let result = try game.solve(using: .lemkeHowson(initialDroppedLabel: label, verifiesExactly: size <= 10))
      expectVerified(result, game, "seed \(seed) size \(size) label \(label)")
      if size <= 10 {
        #expect(result.equilibria.first?.isVerifiedExactly == true, "seed \(seed) label \(label): not exact")
      }
    }
  }

  @Test("small random integer games: the end point is one of support enumeration's equilibria",
        arguments: (0..<8).map { UInt64(500 + $0) })
  func amongSupportEnumeration(_ seed: UInt64) throws {
    let game = BimatrixGame.randomInteger(rows: 4, columns: 5, range: 0...999, seed: seed)
    let all = try game.solve(using: .supportEnumeration())
    for label in 0..<9 {
      let result = try game.solve(using: .lemkeHowson(initialDroppedLabel: label))
      expectVerified(result, game, "seed \(seed) label \(label)")
      let found = try #require(result.equilibria.first)
      #expect(found.isVerifiedExactly, "seed \(seed) label \(label)")
      #expect(
        all.equilibria.contains { $0.profile == found.profile },
        "seed \(seed) label \(label): \(found.profile) not among \(all.equilibria.map(\.profile))")
    }
  }

  // MARK: - Enumeration

  @Test("enumeration on von Stengel's game finds the two reachable equilibria … and e2 through them")
  func enumerationVonStengel() throws {
    let result = try BimatrixGame.vonStengel3x2.solve(using: .lemkeHowsonEnumeration())
    #expect(result.method == "lemke-howson-all")
    #expect(!result.isComplete)
    #expect(result.hasConverged)
    #expect(result.diagnostics.contains { if case .possiblyIncomplete = $0 { true } else { false } })
    // Shapley's graph: e2 is reached from e1 or e3 by some label.
    #expect(result.equilibria.count == 3)
    #expect(result.equilibria.allSatisfy { $0.isVerifiedExactly })
  }

  @Test("enumeration: coordination and battle of the sexes", arguments: [3, 4])
  func enumerationCoordination(_ n: Int) throws {
    // Coordination n×n is degenerate-free with 2ⁿ − 1 equilibria; all are reachable here.
    let game = BimatrixGame.coordination(n)
    let result = try game.solve(using: .lemkeHowsonEnumeration())
    let all = try game.solve(using: .supportEnumeration())
    #expect(result.equilibria.count <= all.equilibria.count)
    #expect(result.equilibria.count >= 1)
    for e in result.equilibria {
      #expect(e.maxRegret <= Tolerance.regret * game.payoffScale)
      #expect(all.equilibria.contains { $0.profile == e.profile }, "\(e.profile)")
    }
    let bos = try BimatrixGame.battleOfTheSexes.solve(using: .lemkeHowsonEnumeration())
    #expect(bos.equilibria.count == 3)
  }

  @Test("enumeration on random games is a subset of support enumeration", arguments: (0..<5).map { UInt64(700 + $0) })
  func enumerationRandom(_ seed: UInt64) throws {
    let game = BimatrixGame.randomInteger(rows: 5, columns: 5, range: 0...99, seed: seed)
    let reachable = try game.solve(using: .lemkeHowsonEnumeration())
    let all = try game.solve(using: .supportEnumeration())
    #expect(reachable.hasConverged, "seed \(seed)")
    #expect(!reachable.equilibria.isEmpty, "seed \(seed)")
    for e in reachable.equilibria {
      #expect(all.equilibria.contains { $0.profile == e.profile }, "seed \(seed): \(e.profile)")
    }
  }
}
