import NashLinearAlgebra

extension BimatrixGame {
  /// The payoff of each of `player`'s pure strategies against the opponent's mixed strategy:
  /// `A y` for the row player, `Bᵀ x` for the column player (one BLAS dgemv).
  public func payoffs(for player: Player, against opponent: MixedStrategy) -> [Double] {
    precondition(opponent.count == strategyCount(for: player.opponent), "strategy length differs from the game")
    return player == .row
      ? rowMatrix.times(opponent.probabilities)
      : columnMatrix.times(opponent.probabilities, transposed: true)
  }

  /// Each player's expected payoff, `xᵀ A y` and `xᵀ B y`.
  public func expectedPayoffs(_ profile: StrategyProfile) -> (row: Double, column: Double) {
    let rowValues = payoffs(for: .row, against: profile.column)
    let columnValues = payoffs(for: .column, against: profile.row)
    return (dot(profile.row.probabilities, rowValues), dot(profile.column.probabilities, columnValues))
  }

  /// `player`'s pure best responses to the opponent's mixed strategy: every strategy whose
  /// payoff is within `tolerance` (relative to ``payoffScale``) of the best.
  public func bestResponses(
    to opponent: MixedStrategy, for player: Player, tolerance: Double = Tolerance.regret
  ) -> [Int] {
    let values = payoffs(for: player, against: opponent)
    let best = values.max()!
    let limit = tolerance * payoffScale
    return values.indices.filter { values[$0] >= best - limit }
  }

  /// Each player's regret: the best pure-strategy payoff against the opponent minus the
  /// payoff actually received. Never negative.
  public func regret(of profile: StrategyProfile) -> (row: Double, column: Double) {
    certificate(for: profile).regrets
  }

  /// The larger of the two players' regrets.
  public func maxRegret(of profile: StrategyProfile) -> Double {
    let r = regret(of: profile)
    return max(r.row, r.column)
  }

  /// Whether no player can gain more than `tolerance` (relative to ``payoffScale``) by deviating.
  public func isNashEquilibrium(_ profile: StrategyProfile, tolerance: Double = Tolerance.regret) -> Bool {
    maxRegret(of: profile) <= tolerance * payoffScale
  }

  /// Payoffs and regrets of a profile, computed from the original payoffs with BLAS.
  package func certificate(for profile: StrategyProfile) -> (payoffs: (row: Double, column: Double), regrets: (row: Double, column: Double)) {
    precondition(profile.row.count == rowCount && profile.column.count == columnCount, "profile does not fit the game")
    let rowValues = rowMatrix.times(profile.column.probabilities)
    let columnValues = columnMatrix.times(profile.row.probabilities, transposed: true)
    let rowPayoff = dot(profile.row.probabilities, rowValues)
    let columnPayoff = dot(profile.column.probabilities, columnValues)
    return (
      (rowPayoff, columnPayoff),
      (max(0, rowValues.max()! - rowPayoff), max(0, columnValues.max()! - columnPayoff))
    )
  }
}
