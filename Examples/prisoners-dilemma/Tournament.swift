import Nash

/// The outcome of one match of the iterated game.
struct MatchResult: Equatable, Sendable {
  /// Each player's total payoff over all rounds.
  var firstTotal: Double
  var secondTotal: Double
  /// How often each player cooperated (moves as played, after noise).
  var firstCooperations: Int
  var secondCooperations: Int
  var rounds: Int
}

/// A round-robin tournament of the iterated prisoner's dilemma, as in Axelrod's (1984):
/// every strategy meets every strategy, itself included, for a fixed number of rounds, and
/// with probability `noise` each intended move is flipped (a trembling hand, Axelrod's 1984
/// "echo effect" discussion). All randomness comes from SplitMix64 streams seeded from
/// `seed` and the pair of strategies, so a run is reproducible and independent of match order.
struct Tournament: Sendable {
  var strategies: [Strategy]
  var payoffs: StagePayoffs
  var rounds: Int
  var noise: Double
  var seed: UInt64

  /// Plays one match between `first` and `second`, drawing from `rng`.
  func play(_ first: Strategy, _ second: Strategy, rng: inout SplitMix64) -> MatchResult {
    var memoryA = Memory(), memoryB = Memory()
    var result = MatchResult(firstTotal: 0, secondTotal: 0, firstCooperations: 0, secondCooperations: 0, rounds: rounds)
    for _ in 0..<rounds {
      var a = first.move(memoryA, rng: &rng), b = second.move(memoryB, rng: &rng)
      if noise > 0 {
        if rng.nextUnitDouble() < noise { a = a.flipped }
        if rng.nextUnitDouble() < noise { b = b.flipped }
      }
      result.firstTotal += payoffs.payoff(a, b)
      result.secondTotal += payoffs.payoff(b, a)
      if a == .cooperate { result.firstCooperations += 1 }
      if b == .cooperate { result.secondCooperations += 1 }
      memoryA.record(mine: a, theirs: b)
      memoryB.record(mine: b, theirs: a)
    }
    return result
  }

  /// The random stream of the match between strategies `i` and `j` (i ≤ j).
  func matchSeed(_ i: Int, _ j: Int) -> UInt64 {
    var mixer = SplitMix64(seed: seed ^ (UInt64(i) << 32 | UInt64(j)))
    return mixer.next()
  }

  /// Plays every pair once and returns the meta-game payoffs: `averages[i][j]` is the
  /// average payoff per round of strategy `i` against strategy `j` (for `i == j`, the mean of
  /// both sides of the self-match).
  func run() -> TournamentResult {
    let k = strategies.count
    var averages = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
    var cooperation = averages
    for i in 0..<k {
      for j in i..<k {
        var rng = SplitMix64(seed: matchSeed(i, j))
        let match = play(strategies[i], strategies[j], rng: &rng)
        let n = Double(rounds)
        if i == j {
          averages[i][i] = (match.firstTotal + match.secondTotal) / (2 * n)
          cooperation[i][i] = Double(match.firstCooperations + match.secondCooperations) / (2 * n)
        } else {
          averages[i][j] = match.firstTotal / n
          averages[j][i] = match.secondTotal / n
          cooperation[i][j] = Double(match.firstCooperations) / n
          cooperation[j][i] = Double(match.secondCooperations) / n
        }
      }
    }
    return TournamentResult(strategies: strategies, averages: averages, cooperation: cooperation)
  }
}

/// Average payoffs per round between every pair of strategies.
struct TournamentResult: Sendable {
  var strategies: [Strategy]
  /// `averages[i][j]`: strategy i's average payoff per round against strategy j.
  var averages: [[Double]]
  /// `cooperation[i][j]`: how often strategy i cooperated against strategy j.
  var cooperation: [[Double]]

  /// Each strategy's mean over all opponents (itself included), Axelrod's ranking score.
  var scores: [Double] { averages.map { $0.reduce(0, +) / Double($0.count) } }

  /// Strategy indices from the best score to the worst (ties by name order).
  var ranking: [Int] {
    let s = scores
    return s.indices.sorted { s[$0] != s[$1] ? s[$0] > s[$1] : $0 < $1 }
  }

  /// The symmetric meta-game: each player picks a strategy for the whole match; the row
  /// player receives `averages` (A), the column player its transpose (B = Aᵀ).
  func metaGame() throws -> BimatrixGame {
    let names = strategies.map(\.abbreviation)
    let transposed = averages.indices.map { j in averages.indices.map { i in averages[i][j] } }
    return try BimatrixGame(
      rowPayoffs: averages, columnPayoffs: transposed, rowLabels: names, columnLabels: names,
      title: "iterated prisoner's dilemma meta-game")
  }
}
