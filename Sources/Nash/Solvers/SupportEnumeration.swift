import Dispatch
import NashLinearAlgebra

#if canImport(Glibc)
  import Glibc
#endif

/// Finds every Nash equilibrium of a nondegenerate bimatrix game by enumerating pairs of
/// equal-size supports and solving their indifference systems.
///
/// For supports I (rows) and J (columns) with |I| = |J| = k, the column strategy y on J
/// must make the row player indifferent over I, and x on I the column player over J:
///
///     A[I,J] y = v·1,  Σ y = 1,        B[I,J]ᵀ x = u·1,  Σ x = 1,
///
/// and the pair is an equilibrium when x, y ≥ 0 and no row (column) outside the support
/// pays more than v (u). This is Algorithm 3.4 of von Stengel, "Equilibrium computation for
/// two-player games in strategic and extensive form", in Nisan, Roughgarden, Tardos and
/// Vazirani (eds.), *Algorithmic Game Theory*, Cambridge University Press, 2007, ch. 3,
/// https://doi.org/10.1017/CBO9780511800481.005.
///
/// How this implementation differs from the textbook loop:
/// - Each system is solved on the support only (order k + 1, LAPACK `dgesv`), so entries off
///   the support are structurally zero. Round-off such as −2e-17 cannot appear there, and
///   within the support an entry ≥ −``Tolerance/probability`` is cleaned to 0 rather than
///   rejected, so no equilibrium is lost to round-off.
/// - Pairs that cannot be equilibria are pruned before any solve by *conditional strict
///   dominance* (Porter, Nudelman & Shoham, "Simple search methods for finding a Nash
///   equilibrium", Games and Economic Behavior 63(2), 2008,
///   https://doi.org/10.1016/j.geb.2005.03.002): a row that another row beats on every
///   column of J cannot be a best reply to any y on J, so no I containing it pairs with J
///   (and the same for columns). The test is a few bitmask operations per pair.
/// - The row player's system is solved first; the column player's only when it passes.
/// - Large enumerations run on every core, with results merged in a fixed order, so the
///   output does not depend on thread timing.
///
/// **Degenerate games.** In a degenerate game (a mixed strategy with more pure best replies
/// than its support size) support enumeration may miss equilibria, including whole continua.
/// The solver reports a ``DegeneracyWitness`` when it sees one (a pure strategy with tied
/// best replies, or an equilibrium with more best replies than support) and then sets
/// ``EquilibriumResult/isComplete`` to false. Without a witness the result is complete for
/// a nondegenerate game; a degenerate game can escape the witness checks only if its
/// degeneracy touches no pure strategy and no equilibrium found.
///
/// - Complexity: Σₖ C(m,k)·C(n,k) = C(m+n, m) − 1 support pairs, each O(k³) when not pruned.
///   The solver refuses games with more than ``maximumSupportPairs`` pairs.
public struct SupportEnumeration: EquilibriumSolver {
  public var name: String { "support-enumeration" }
  /// Relative regret tolerance (times ``BimatrixGame/payoffScale``).
  public var tolerance: Double
  /// Whether to verify each equilibrium in exact rational arithmetic.
  public var verifiesExactly: Bool
  /// The largest number of support pairs C(m+n, m) − 1 the solver will enumerate:
  /// 2·10⁹ by default (a 16×16 game has 6·10⁸; 17×17 has 2.3·10⁹).
  public var maximumSupportPairs: Double
  /// Threads to use; nil means one per core. The output does not depend on it.
  public var threadCount: Int?

  public init(
    tolerance: Double = Tolerance.regret, verifiesExactly: Bool = true,
    maximumSupportPairs: Double = 2e9, threadCount: Int? = nil
  ) {
    self.tolerance = tolerance
    self.verifiesExactly = verifiesExactly
    self.maximumSupportPairs = maximumSupportPairs
    self.threadCount = threadCount
  }

  public func solve(_ game: BimatrixGame) throws -> EquilibriumResult {
    guard tolerance >= 0, tolerance.isFinite else {
      throw SolverError.invalidOption("the tolerance must be a non-negative number, got \(tolerance)")
    }
    if let threadCount, threadCount < 1 {
      throw SolverError.invalidOption("the thread count must be at least 1, got \(threadCount)")
    }
    let m = game.rowCount, n = game.columnCount
    let pairs = Self.supportPairCount(for: game)
    guard pairs <= maximumSupportPairs else {
      throw SolverError.gameTooLarge(
        "a \(m)×\(n) game has \(formatCount(pairs)) support pairs, more than support enumeration's limit of "
          + "\(formatCount(maximumSupportPairs)); use Lemke–Howson for one equilibrium, or raise maximumSupportPairs")
    }
    let search = SupportSearch(game: game, tolerance: tolerance)
    let threads = threadCount ?? (pairs > 20_000 ? processorCount() : 1)
    let (candidates, examined) = search.run(threads: threads)

    var diagnostics = [Diagnostic]()
    var witness = game.pureDegeneracyWitness(tolerance: tolerance)
    var equilibria = [Equilibrium]()
    for candidate in candidates {
      let equilibrium = game.certify(candidate.profile, exactly: verifiesExactly)
      if witness == nil, let w = candidate.witness {
        // Found on the floating-point profile; with the exact one the ties are decided exactly.
        witness = w
        if !w.isExact, equilibrium.isVerifiedExactly {
          for player in Player.allCases {
            if let exact = game.degeneracyWitness(
              at: equilibrium.profile[player], of: player, limit: search.limit), exact.isExact
            {
              witness = exact
              break
            }
          }
        }
      }
      guard equilibrium.maxRegret <= tolerance * game.payoffScale else { continue }
      // Degenerate games can reach one equilibrium from several support pairs.
      if equilibria.contains(where: { $0.profile.isClose(to: equilibrium.profile) }) { continue }
      equilibria.append(equilibrium)
    }
    if verifiesExactly {
      for (index, equilibrium) in equilibria.enumerated() where !equilibrium.isVerifiedExactly {
        diagnostics.append(
          .notVerifiedExactly(
            equilibriumIndex: index,
            reason: "its exact support system has no exact equilibrium solution, or its support exceeds "
              + "\(BimatrixGame.maximumExactSupportSize)"))
      }
    }
    if let witness {
      diagnostics.insert(.degenerate(witness), at: 0)
      diagnostics.append(
        .possiblyIncomplete("support enumeration can miss equilibria of degenerate games (continua among them)"))
    }
    return EquilibriumResult(
      equilibria: equilibria, method: name, iterations: examined, hasConverged: true,
      isComplete: witness == nil, diagnostics: diagnostics, tolerance: tolerance)
  }
}

extension SupportEnumeration {
  /// The number of equal-size support pairs of `game`, Σₖ C(m,k)·C(n,k) = C(m+n, m) − 1: the
  /// size of the enumeration (exact up to 2⁵³).
  public static func supportPairCount(for game: BimatrixGame) -> Double {
    binomial(game.rowCount + game.columnCount, game.rowCount) - 1
  }
}

extension EquilibriumSolver where Self == SupportEnumeration {
  /// All equilibria of a nondegenerate game, by support enumeration.
  public static func supportEnumeration(
    tolerance: Double = Tolerance.regret, verifiesExactly: Bool = true
  ) -> Self {
    SupportEnumeration(tolerance: tolerance, verifiesExactly: verifiesExactly)
  }
}

extension StrategyProfile {
  /// Whether every probability is within 1e-9 of the other profile's (exactly equal when
  /// both are exact).
  func isClose(to other: StrategyProfile) -> Bool {
    if let sameRow = row.hasSameExactProbabilities(as: other.row),
      let sameColumn = column.hasSameExactProbabilities(as: other.column)
    {
      return sameRow && sameColumn
    }
    return zip(row.probabilities, other.row.probabilities).allSatisfy { abs($0 - $1) <= 1e-9 }
      && zip(column.probabilities, other.column.probabilities).allSatisfy { abs($0 - $1) <= 1e-9 }
  }
}

/// C(n, k) as a Double (exact up to 2⁵³).
func binomial(_ n: Int, _ k: Int) -> Double {
  guard k >= 0, k <= n else { return 0 }
  let k = min(k, n - k)
  var result = 1.0
  for i in 0..<k { result = result * Double(n - i) / Double(i + 1) }
  return result.rounded()
}

/// A count for a message: exact below a million, "12.3 million" below 10¹², then "1.3e30"
/// (a 50×50 game has about 1.3 · 10³⁰ support pairs; beyond 10³⁰⁸ the count is infinite).
func formatCount(_ value: Double) -> String {
  guard value.isFinite else { return "more than 1e308" }
  if value < 1e6 { return String(Int(value)) }
  if value < 1e12 { return "\((value / 1e5).rounded(.down) / 10) million" }
  var mantissa = value, exponent = 0
  while mantissa >= 10 {
    mantissa /= 10
    exponent += 1
  }
  return "\((mantissa * 10).rounded(.down) / 10)e\(exponent)"
}

func processorCount() -> Int {
  #if canImport(Glibc)
    return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
  #else
    return 1
  #endif
}
