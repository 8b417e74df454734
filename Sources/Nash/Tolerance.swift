/// The tolerances the library uses, named once.
///
/// Regret tolerances are *relative*: a solver multiplies them by the game's
/// ``BimatrixGame/payoffScale`` (its payoff range), so scaling every payoff by 1000 does
/// not change which profiles count as equilibria. Probability tolerances are absolute,
/// since probabilities have no unit.
public enum Tolerance {
  /// A profile is an equilibrium when each player's regret is at most this times the
  /// payoff scale: 1e-9, about half of `Double`'s digits left after the O(n) round-off of
  /// solving an indifference system and summing payoffs.
  public static let regret = 1e-9
  /// Probabilities within this of zero are treated as zero (and set to zero), and a
  /// strategy's probabilities must sum to 1 within it.
  public static let probability = 1e-9
}
