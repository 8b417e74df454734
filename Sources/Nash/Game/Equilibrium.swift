/// A strategy profile with its certificate: what each player gets, how much each could gain
/// by deviating, and whether that was verified in exact arithmetic.
///
/// Every `Equilibrium` the library returns is built by ``BimatrixGame/certify(_:exactly:)``, from
/// the game's original payoffs, independently of the solver that found the profile.
public struct Equilibrium: Sendable, Hashable {
  /// The strategies (with exact probabilities when verified exactly).
  public let profile: StrategyProfile
  /// The row player's expected payoff `xᵀ A y`.
  public let rowPayoff: Double
  /// The column player's expected payoff `xᵀ B y`.
  public let columnPayoff: Double
  /// The row player's regret: `max_i (A y)_i − xᵀ A y`, never negative.
  public let rowRegret: Double
  /// The column player's regret: `max_j (Bᵀ x)_j − xᵀ B y`, never negative.
  public let columnRegret: Double
  /// The exact payoffs, present exactly when the equilibrium was verified in rational arithmetic.
  public let exactPayoffs: ExactPayoffs?

  /// Exact payoffs of a verified equilibrium.
  public struct ExactPayoffs: Sendable, Hashable {
    public let row: Rational
    public let column: Rational
  }

  /// The larger regret, in payoff units (floating point, from the original payoffs).
  public var maxRegret: Double { max(rowRegret, columnRegret) }
  /// Whether exact rational arithmetic confirmed both regrets are exactly zero.
  public var isVerifiedExactly: Bool { exactPayoffs != nil }
  /// The row strategies played with positive probability.
  public var rowSupport: [Int] { profile.row.support }
  /// The column strategies played with positive probability.
  public var columnSupport: [Int] { profile.column.support }
  public var isPure: Bool { profile.row.isPure && profile.column.isPure }

  package init(
    profile: StrategyProfile, payoffs: (row: Double, column: Double),
    regrets: (row: Double, column: Double), exactPayoffs: ExactPayoffs?
  ) {
    self.profile = profile
    self.rowPayoff = payoffs.row
    self.columnPayoff = payoffs.column
    self.rowRegret = regrets.row
    self.columnRegret = regrets.column
    self.exactPayoffs = exactPayoffs
  }
}

extension BimatrixGame {
  /// Certifies a profile: payoffs and regrets from the original payoffs, and, unless
  /// `exactly` is false, an attempt to verify it in exact rational arithmetic (see
  /// ``verifyExactly(_:)``). A profile that verifies exactly comes back with its exact
  /// probabilities.
  public func certify(_ profile: StrategyProfile, exactly: Bool = true) -> Equilibrium {
    var profile = profile
    var exact: Equilibrium.ExactPayoffs? = nil
    if exactly, let verified = verifyExactly(profile) {
      profile = verified.profile
      exact = Equilibrium.ExactPayoffs(row: verified.rowPayoff, column: verified.columnPayoff)
    }
    let c = certificate(for: profile)
    return Equilibrium(profile: profile, payoffs: c.payoffs, regrets: c.regrets, exactPayoffs: exact)
  }
}
