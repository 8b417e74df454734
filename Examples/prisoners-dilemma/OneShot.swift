import Nash

/// One strategy of one player strictly better than another against everything the opponent
/// can do.
struct Dominance: Equatable, Sendable {
  var player: Player
  var dominant: Int
  var dominated: Int
}

/// What the one-shot game says, computed from its payoffs: strict dominance, the equilibria,
/// and the outcomes both players would prefer to an equilibrium outcome.
struct OneShotAnalysis: Sendable {
  var game: BimatrixGame
  var dominances: [Dominance]
  var result: EquilibriumResult
  /// For each pure equilibrium outcome (row, column): the outcomes that give both players
  /// strictly more.
  var paretoImprovements: [(equilibrium: (row: Int, column: Int), better: [(row: Int, column: Int)])]

  init(_ game: BimatrixGame) throws {
    self.game = game
    dominances = Self.strictDominances(in: game)
    result = try game.solve(using: .supportEnumeration())
    paretoImprovements = result.equilibria.filter(\.isPure).map { e in
      let outcome = (row: e.rowSupport[0], column: e.columnSupport[0])
      return (outcome, Self.paretoImprovements(over: outcome, in: game))
    }
  }

  /// Every pair (dominant, dominated) of one player's strategies where the first pays
  /// strictly more than the second against every pure strategy of the opponent, compared in
  /// exact arithmetic.
  static func strictDominances(in game: BimatrixGame) -> [Dominance] {
    var found = [Dominance]()
    for player in Player.allCases {
      let own = game.strategyCount(for: player), other = game.strategyCount(for: player.opponent)
      func payoff(_ mine: Int, _ theirs: Int) -> Rational {
        player == .row
          ? game.exactPayoff(for: .row, row: mine, column: theirs)
          : game.exactPayoff(for: .column, row: theirs, column: mine)
      }
      for a in 0..<own {
        for b in 0..<own where a != b && (0..<other).allSatisfy({ payoff(a, $0) > payoff(b, $0) }) {
          found.append(Dominance(player: player, dominant: a, dominated: b))
        }
      }
    }
    return found
  }

  /// The outcomes that give both players strictly more than `outcome`, by scanning all m·n.
  static func paretoImprovements(
    over outcome: (row: Int, column: Int), in game: BimatrixGame
  ) -> [(row: Int, column: Int)] {
    let a = game.exactPayoff(for: .row, row: outcome.row, column: outcome.column)
    let b = game.exactPayoff(for: .column, row: outcome.row, column: outcome.column)
    var better = [(row: Int, column: Int)]()
    for i in 0..<game.rowCount {
      for j in 0..<game.columnCount
      where game.exactPayoff(for: .row, row: i, column: j) > a && game.exactPayoff(for: .column, row: i, column: j) > b {
        better.append((i, j))
      }
    }
    return better
  }
}

/// The four payoffs of a symmetric prisoner's dilemma, from the point of view of one player:
/// reward R (both cooperate), sucker S, temptation T, punishment P, with T > R > P > S.
struct StagePayoffs: Equatable, Sendable {
  var reward: Double
  var sucker: Double
  var temptation: Double
  var punishment: Double
  /// The game's index of Cooperate and Defect (the same for both players).
  var cooperateIndex: Int
  var defectIndex: Int

  /// My payoff for one round.
  func payoff(_ mine: Move, _ theirs: Move) -> Double {
    switch (mine, theirs) {
    case (.cooperate, .cooperate): reward
    case (.cooperate, .defect): sucker
    case (.defect, .cooperate): temptation
    case (.defect, .defect): punishment
    }
  }

  /// Reads the stage game off a one-shot analysis: the game must be a symmetric 2×2 game in
  /// which one action (Defect) strictly dominates the other (Cooperate) for both players while
  /// mutual cooperation pays both more than mutual defection.
  init(_ analysis: OneShotAnalysis) throws(ExampleError) {
    let game = analysis.game
    guard game.rowCount == 2, game.columnCount == 2 else {
      throw .notAPrisonersDilemma("the game is \(game.rowCount)×\(game.columnCount), not 2×2")
    }
    for i in 0..<2 {
      for j in 0..<2 where game.exactPayoff(for: .row, row: i, column: j) != game.exactPayoff(for: .column, row: j, column: i) {
        throw .notAPrisonersDilemma("the game is not symmetric (A is not Bᵀ)")
      }
    }
    guard let rowDominance = analysis.dominances.first(where: { $0.player == .row }),
      analysis.dominances.contains(Dominance(player: .column, dominant: rowDominance.dominant, dominated: rowDominance.dominated))
    else { throw .notAPrisonersDilemma("no strategy strictly dominates the other") }
    let d = rowDominance.dominant, c = rowDominance.dominated
    let a = game.rowPayoffs
    self.init(
      reward: a[c][c], sucker: a[c][d], temptation: a[d][c], punishment: a[d][d], cooperateIndex: c, defectIndex: d)
    guard reward > punishment else {
      throw .notAPrisonersDilemma("mutual cooperation does not pay more than mutual defection")
    }
  }

  init(reward: Double, sucker: Double, temptation: Double, punishment: Double, cooperateIndex: Int = 0, defectIndex: Int = 1) {
    self.reward = reward
    self.sucker = sucker
    self.temptation = temptation
    self.punishment = punishment
    self.cooperateIndex = cooperateIndex
    self.defectIndex = defectIndex
  }
}

/// The example's own errors, printed by ArgumentParser as one `Error:` line.
enum ExampleError: Error, CustomStringConvertible {
  case notAPrisonersDilemma(String)
  case cannotRead(path: String, reason: String)
  case cannotWrite(path: String, reason: String)

  var description: String {
    switch self {
    case .notAPrisonersDilemma(let why): "not a prisoner's dilemma: \(why)"
    case .cannotRead(let path, let reason): "\(path): \(reason)"
    case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
    }
  }
}
