import ArgumentParser
import Nash

/// The methods `nash solve --method` accepts.
enum SolverMethod: String, CaseIterable, ExpressibleByArgument {
  case auto
  case pure
  case supportEnumeration = "support-enumeration"

  static let allValueStrings = allCases.map(\.rawValue)
}

/// How results are printed.
enum OutputFormat: String, CaseIterable, ExpressibleByArgument {
  case table
  case json
  case csv
}

struct SolverOptions: ParsableArguments {
  @Option(
    name: .shortAndLong,
    help: ArgumentHelp(
      "The method: auto (a sound choice for the game, named on stderr), pure (pure equilibria only), support-enumeration (all equilibria of a nondegenerate game).",
      valueName: "method"))
  var method: SolverMethod = .auto

  @Option(
    help: ArgumentHelp(
      "Regret tolerance, relative to the game's payoff range (max − min).", valueName: "relative"))
  var tolerance: Double = Tolerance.regret

  func validate() throws {
    guard tolerance.isFinite, tolerance >= 0, tolerance < 1 else {
      throw ValidationError("--tolerance must be a number in [0, 1), got \(tolerance)")
    }
  }

  /// The largest game `auto` solves by full support enumeration: C(m+n, m) − 1 ≤ 10⁸ support
  /// pairs (about 14×14), a few seconds at most.
  static let autoEnumerationPairLimit = 1e8

  /// The solver for `game`, and, for `auto`, why it was chosen.
  func solver(for game: BimatrixGame) throws -> (any EquilibriumSolver, reason: String?) {
    switch method {
    case .pure:
      return (PureEquilibria(tolerance: tolerance), nil)
    case .supportEnumeration:
      return (SupportEnumeration(tolerance: tolerance), nil)
    case .auto:
      let pairs = pairCount(game)
      guard pairs <= Self.autoEnumerationPairLimit else {
        throw SolverError.gameTooLarge(
          "a \(game.rowCount)×\(game.columnCount) game is too large for support enumeration under --method auto "
            + "(\(Int(pairs)) support pairs); try --method pure, or --method support-enumeration to enumerate anyway")
      }
      return (
        SupportEnumeration(tolerance: tolerance),
        "support-enumeration (all equilibria; \(Int(pairs)) support pairs)"
      )
    }
  }

  private func pairCount(_ game: BimatrixGame) -> Double {
    let (m, n) = (game.rowCount, game.columnCount)
    var result = 1.0
    for i in 0..<min(m, n) { result = result * Double(m + n - i) / Double(i + 1) }
    return result.rounded() - 1
  }
}
