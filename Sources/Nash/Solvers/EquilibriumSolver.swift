/// A method that computes Nash equilibria of a bimatrix game.
///
/// Each algorithm is a value type in a file of its own, with its options as stored
/// properties; the enum-like call site comes from static members
/// (`game.solve(using: .supportEnumeration())`), so the set of solvers stays open.
public protocol EquilibriumSolver: Sendable {
  /// A short, stable name for the method ("support-enumeration"), as the CLI spells it.
  var name: String { get }

  /// Computes equilibria of `game`. Every returned equilibrium is certified from the
  /// original payoffs (``BimatrixGame/certify(_:exactly:)``).
  ///
  /// - Throws: ``SolverError`` for options that do not fit the game, or a game too large
  ///   for the method.
  func solve(_ game: BimatrixGame) throws -> EquilibriumResult
}

extension BimatrixGame {
  /// Runs `solver` on this game.
  public func solve(using solver: some EquilibriumSolver) throws -> EquilibriumResult {
    try solver.solve(self)
  }

  /// The equilibria `solver` finds (the certified ones only).
  public func equilibria(using solver: some EquilibriumSolver) throws -> [Equilibrium] {
    try solver.solve(self).equilibria
  }
}
