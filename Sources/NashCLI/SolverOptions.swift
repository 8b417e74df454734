import ArgumentParser
import Foundation
import Nash

/// The methods `nash solve --method` accepts.
enum SolverMethod: String, CaseIterable, ExpressibleByArgument {
  case auto
  case pure
  case supportEnumeration = "support-enumeration"
  case vertexEnumeration = "vertex-enumeration"
  case lemkeHowson = "lemke-howson"
  case zeroSumLP = "zero-sum-lp"
  case adaptive
  case regretMatching = "regret-matching"
  case fictitiousPlay = "fictitious-play"
  case replicator
  case logit

  /// Methods that iterate towards an equilibrium and report how close they got.
  var isIterative: Bool {
    switch self {
    case .adaptive, .regretMatching, .fictitiousPlay, .replicator, .logit: true
    default: false
    }
  }
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
      """
      auto (a sound choice for the game, named on stderr), pure (all pure equilibria), \
      support-enumeration (all equilibria of a nondegenerate game), vertex-enumeration (all \
      extreme equilibria, also of degenerate games), lemke-howson (one equilibrium; with \
      --all, every one reachable by Lemke-Howson paths), zero-sum-lp (value and optimal \
      strategies of a constant-sum game by linear programming), adaptive (optimistic gradient for \
      constant-sum games, logit tracing otherwise; certificate on stderr), regret-matching, \
      fictitious-play, replicator, logit (learning dynamics and the logit path; each reports \
      how close it got).
      """,
      valueName: "method"))
  var method: SolverMethod = .auto

  @Flag(help: "With lemke-howson: every equilibrium reachable by Lemke-Howson paths, not just one.")
  var all = false

  @Option(
    help: ArgumentHelp(
      "With lemke-howson: the label dropped first, 0..<m+n (0..<m are rows, m..<m+n columns).",
      valueName: "label"))
  var initialLabel: Int = 0

  @Option(
    help: ArgumentHelp(
      "Pivot budget (lemke-howson, zero-sum-lp) or iteration budget (iterative methods); each method has a default.",
      valueName: "count"))
  var maxIterations: Int?

  @Option(
    help: ArgumentHelp(
      "Regret (or duality-gap) tolerance, relative to the game's payoff range; default 1e-9 for exact methods, each iterative method's own otherwise.",
      valueName: "relative"))
  var tolerance: Double?

  func validate() throws {
    if let tolerance {
      guard tolerance.isFinite, tolerance > 0, tolerance < 1 else {
        throw ValidationError("--tolerance must be a number in (0, 1), got \(tolerance)")
      }
    }
    if let maxIterations, maxIterations < 1 { throw ValidationError("--max-iterations must be at least 1") }
    guard initialLabel >= 0 else { throw ValidationError("--initial-label must be non-negative") }
    if method != .lemkeHowson && method != .auto {
      if initialLabel != 0 { throw ValidationError("--initial-label applies to --method lemke-howson only") }
      if all { throw ValidationError("--all applies to --method lemke-howson (the other methods always find all)") }
    }
  }

  private var exactTolerance: Double { tolerance ?? Tolerance.regret }

  /// The largest game `auto` solves by full support enumeration: C(m+n, m) − 1 ≤ 5·10⁷
  /// support pairs (a 14×14 game has 4·10⁷), a few seconds at most.
  static let autoEnumerationPairLimit = 5e7

  /// The solver for `game`, and, for `auto`, why it was chosen.
  func solver(for game: BimatrixGame) -> (any EquilibriumSolver, reason: String?) {
    switch method {
    case .pure: return (PureEquilibria(tolerance: exactTolerance), nil)
    case .supportEnumeration: return (SupportEnumeration(tolerance: exactTolerance), nil)
    case .vertexEnumeration: return (VertexEnumeration(tolerance: exactTolerance), nil)
    case .lemkeHowson: return (lemkeHowson, nil)
    case .zeroSumLP: return (ZeroSumLP(tolerance: exactTolerance, maxIterations: maxIterations), nil)
    case .adaptive: return (Adaptive(tolerance: tolerance ?? 1e-6, maxIterations: maxIterations ?? 100_000), nil)
    case .regretMatching:
      return (RegretMatching(tolerance: tolerance ?? 1e-4, maxIterations: maxIterations ?? 100_000), nil)
    case .fictitiousPlay:
      return (FictitiousPlay(tolerance: tolerance ?? 1e-3, maxIterations: maxIterations ?? 100_000), nil)
    case .replicator:
      return (ReplicatorDynamics(tolerance: tolerance ?? 1e-6, maxIterations: maxIterations ?? 100_000), nil)
    case .logit:
      return (LogitTracing(tolerance: tolerance ?? 1e-6, maxIterations: maxIterations ?? 5_000), nil)
    case .auto:
      if !all, game.isConstantSum() {
        return (
          ZeroSumLP(tolerance: exactTolerance, maxIterations: maxIterations),
          "zero-sum-lp (the game is constant-sum: its value and optimal strategies by linear programming)"
        )
      }
      let pairs = SupportEnumeration.supportPairCount(for: game)
      if pairs <= Self.autoEnumerationPairLimit && !all {
        return (
          SupportEnumeration(tolerance: exactTolerance),
          "support-enumeration (all equilibria; \(Int(pairs)) support pairs)"
        )
      }
      let why = all ? "" : "the game is too large to enumerate (\(formatted(pairs)) support pairs), so "
      return (
        lemkeHowson,
        "lemke-howson: \(why)"
          + (all
            ? "every equilibrium reachable by Lemke-Howson paths (may not be all)"
            : "one equilibrium, from label \(initialLabel)")
      )
    }
  }

  /// For `auto`: when support enumeration found the game degenerate, the solver to run
  /// instead, if the game is small enough for it, and why.
  func degenerateFallback(for game: BimatrixGame) -> (any EquilibriumSolver, reason: String)? {
    guard method == .auto, !all, SupportEnumeration.supportPairCount(for: game) <= Self.autoVertexEnumerationLimit else { return nil }
    return (
      VertexEnumeration(tolerance: exactTolerance),
      "vertex-enumeration: the game is degenerate, so every extreme equilibrium is enumerated instead"
    )
  }

  /// The largest game `auto` re-solves by vertex enumeration when it is degenerate: 10⁷ bases.
  static let autoVertexEnumerationLimit = 1e7

  private var lemkeHowson: any EquilibriumSolver {
    let budget = maxIterations ?? LemkeHowson.defaultMaxIterations
    return all
      ? LemkeHowsonEnumeration(maxIterations: budget, tolerance: exactTolerance)
      : LemkeHowson(initialDroppedLabel: initialLabel, maxIterations: budget, tolerance: exactTolerance)
  }

  private func formatted(_ value: Double) -> String {
    value < 1e9 ? String(Int(value)) : String(format: "%.1e", value)
  }
}
