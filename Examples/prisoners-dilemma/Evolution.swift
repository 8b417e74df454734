import Nash

/// The meta-game's equilibria. Tournament matrices are full of ties (against a nice
/// opponent, every nice strategy scores R in every round), so the meta-game is often
/// degenerate; then support enumeration may miss equilibria and the game is re-solved by
/// vertex enumeration, which lists every extreme equilibrium, as `nash solve`'s `auto` does.
struct MetaGameAnalysis: Sendable {
  var game: BimatrixGame
  var result: EquilibriumResult
  /// Whether support enumeration found the game degenerate.
  var isDegenerate: Bool

  init(_ game: BimatrixGame) throws {
    self.game = game
    let first = try game.solve(using: .supportEnumeration())
    isDegenerate = first.isPossiblyDegenerate
    result = isDegenerate ? try game.solve(using: .vertexEnumeration()) : first
  }

  /// The equilibria in which both players use the same mixed strategy: the candidates for
  /// a stable population state of the symmetric game.
  var symmetricEquilibria: [Equilibrium] {
    result.equilibria.filter { e in
      zip(e.profile.row.probabilities, e.profile.column.probabilities).allSatisfy { abs($0 - $1) <= 1e-12 }
    }
  }
}

/// Replicator dynamics on the meta-game: a population in which each strategy's share grows
/// in proportion to how much better than the population average it scores (Taylor & Jonker
/// 1978), the evolutionary reading of Axelrod's tournament (Axelrod 1984, ch. 3).
///
/// The population is advanced by the library's ``ReplicatorDynamics`` in chunks of
/// `sampleInterval` generations, each chunk starting where the last stopped, so the
/// trajectory is the library's own dynamics. The game is symmetric and both populations
/// start uniform, so the row and the column population stay equal; the row one is reported.
struct Evolution: Sendable {
  /// The number of generations asked for (the run stops earlier at an exact rest point).
  var requestedGenerations: Int
  /// The generations at which shares were sampled, starting at 0.
  var generations: [Int]
  /// `shares[t][i]`: the share of strategy i at `generations[t]`.
  var shares: [[Double]]
  /// The final population as a profile of the meta-game, with its certificate.
  var final: Equilibrium
  /// Whether the final population is a Nash equilibrium of the meta-game within 1e-6 of the payoff range.
  var isApproximateEquilibrium: Bool

  /// Shares below this count as extinct.
  static let extinctionThreshold = 1e-3

  /// The strategies whose final share is at least ``extinctionThreshold``.
  var survivors: [Int] { final.profile.row.probabilities.indices.filter { final.profile.row[$0] >= Self.extinctionThreshold } }

  init(game: BimatrixGame, generations total: Int, sampleInterval: Int, stepSize: Double = 0.5) throws {
    precondition(total >= 1 && sampleInterval >= 1)
    requestedGenerations = total
    var profile = StrategyProfile(
      row: .uniform(count: game.rowCount), column: .uniform(count: game.columnCount))
    generations = [0]
    shares = [profile.row.probabilities]
    var done = 0
    var last: LearningDynamicsOutcome?
    while done < total {
      let chunk = min(sampleInterval, total - done)
      // Tolerance 0: run the whole chunk unless the population sits exactly at a rest point.
      let outcome = try ReplicatorDynamics(tolerance: 0, maxIterations: chunk, stepSize: stepSize, start: profile)
        .run(game)
      done += outcome.iterations
      profile = outcome.profile
      last = outcome
      generations.append(done)
      shares.append(profile.row.probabilities)
      if outcome.iterations < chunk { break }
    }
    final = last!.equilibrium
    isApproximateEquilibrium = final.maxRegret <= 1e-6 * game.payoffScale
  }
}
