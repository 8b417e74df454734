import Nash

/// Shared helpers for the test bundles. Not API: they may change with the tests.

/// Parses "1/2" style strings into exact probabilities.
public func exact(_ values: String...) -> [Rational] {
  values.map { Rational(parsing: $0)! }
}

/// An equilibrium written as exact strings, for comparing sets.
public struct ExpectedEquilibrium: Hashable, Sendable, CustomStringConvertible {
  public let row: [Rational]
  public let column: [Rational]
  public init(_ row: [Rational], _ column: [Rational]) {
    self.row = row
    self.column = column
  }
  public init(_ row: [String], _ column: [String]) {
    self.row = row.map { Rational(parsing: $0)! }
    self.column = column.map { Rational(parsing: $0)! }
  }
  public var description: String {
    "(" + row.map(\.description).joined(separator: ",") + ") (" + column.map(\.description).joined(separator: ",") + ")"
  }
}

extension Equilibrium {
  /// The exact profile of an exactly verified equilibrium (nil otherwise).
  public var exactProfile: ExpectedEquilibrium? {
    guard let r = profile.row.exactProbabilities, let c = profile.column.exactProbabilities else { return nil }
    return ExpectedEquilibrium(r, c)
  }
}

/// Whether every equilibrium lies in the simplex and has max regret within `tolerance` of
/// the payoff scale; returns a description of the first failure, or nil.
public func certificateProblem(_ result: EquilibriumResult, in game: BimatrixGame, tolerance: Double = 1e-9) -> String? {
  for (index, e) in result.equilibria.enumerated() {
    for strategy in [e.profile.row, e.profile.column] {
      if strategy.probabilities.contains(where: { !$0.isFinite || $0 < 0 }) {
        return "equilibrium \(index) has a bad probability: \(strategy)"
      }
      let sum = strategy.probabilities.reduce(0, +)
      if abs(sum - 1) > 1e-9 { return "equilibrium \(index) sums to \(sum)" }
    }
    if e.profile.row.count != game.rowCount || e.profile.column.count != game.columnCount {
      return "equilibrium \(index) has the wrong length"
    }
    if !(e.maxRegret <= tolerance * game.payoffScale) {
      return "equilibrium \(index) has max regret \(e.maxRegret)"
    }
    // The certificate must agree with an independent recomputation.
    let recomputed = game.maxRegret(of: e.profile)
    if abs(recomputed - e.maxRegret) > 1e-12 * game.payoffScale {
      return "equilibrium \(index) certificate \(e.maxRegret) disagrees with \(recomputed)"
    }
  }
  return nil
}
