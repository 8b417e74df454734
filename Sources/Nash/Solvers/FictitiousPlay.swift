import NashLinearAlgebra

/// Fictitious play: each round both players best-respond to the opponent's empirical
/// frequency of play so far (Brown 1951, "Iterative solution of games by fictitious play", in
/// *Activity Analysis of Production and Allocation*; Robinson 1951, "An iterative method of
/// solving a game", Annals of Mathematics 54(2):296–301, https://doi.org/10.2307/1969530).
///
/// The empirical frequencies converge to a Nash equilibrium in zero-sum games (Robinson),
/// 2×n games and potential games, but may cycle in general-sum games (Shapley 1964), so the
/// result reports the averaged profile's Nash regret, certified from the original payoffs, and
/// ``LearningDynamicsOutcome/hasConverged`` only when it reaches the tolerance. Ties in the best
/// response go to the lowest index, so runs are deterministic.
///
/// ```swift
/// let r = try FictitiousPlay(tolerance: 1e-2).run(.rockPaperScissors)
/// // r.profile ≈ uniform
/// ```
///
/// - Complexity: O(m + n) per iteration (the payoff sums are updated by one column and one
///   row of the payoff matrices), plus O(m·n) per regret check.
public struct FictitiousPlay: EquilibriumSolver {
  public var name: String { "fictitious-play" }
  /// Nash regret of the averaged profile to stop at, relative to the payoff scale.
  public var tolerance: Double
  /// The iteration budget.
  public var maxIterations: Int
  /// How often the averaged profile's regret is checked.
  public var checkInterval: Int
  /// The first round's pure strategies (row, column).
  public var initialStrategies: (row: Int, column: Int)

  public init(
    tolerance: Double = 1e-3, maxIterations: Int = 100_000, checkInterval: Int = 100,
    initialStrategies: (row: Int, column: Int) = (0, 0)
  ) {
    self.tolerance = tolerance
    self.maxIterations = maxIterations
    self.checkInterval = max(1, checkInterval)
    self.initialStrategies = initialStrategies
  }

  /// Runs fictitious play.
  ///
  /// - Throws: ``SolverError/invalidOption(_:)`` for options out of range.
  public func run(_ game: BimatrixGame) throws -> LearningDynamicsOutcome {
    try validateDynamics(tolerance: tolerance, maxIterations: maxIterations)
    let m = game.rowCount, n = game.columnCount
    guard (0..<m).contains(initialStrategies.row), (0..<n).contains(initialStrategies.column) else {
      throw SolverError.invalidOption("the initial strategies must be a row in 0..<\(m) and a column in 0..<\(n)")
    }
    let a = game.rowMatrix, b = game.columnMatrix
    let limit = tolerance * game.payoffScale
    var countX = [Double](repeating: 0, count: m), countY = [Double](repeating: 0, count: n)
    // A·(Σ y) and Bᵀ·(Σ x): the payoffs of each pure strategy against the opponent's history.
    var payX = [Double](repeating: 0, count: m), payY = [Double](repeating: 0, count: n)
    var (i, j) = initialStrategies
    var t = 0
    var profile = StrategyProfile.pure(row: i, column: j, in: game)
    while t < maxIterations {
      countX[i] += 1
      countY[j] += 1
      for r in 0..<m { payX[r] += a[r, j] }
      for c in 0..<n { payY[c] += b[i, c] }
      t += 1
      if t % checkInterval == 0 || t == maxIterations {
        profile = StrategyProfile(row: MixedStrategy(cleaning: countX), column: MixedStrategy(cleaning: countY))
        if game.maxRegret(of: profile) <= limit { break }
      }
      i = payX.indices.max { payX[$0] < payX[$1] || (payX[$0] == payX[$1] && $0 > $1) }!
      j = payY.indices.max { payY[$0] < payY[$1] || (payY[$0] == payY[$1] && $0 > $1) }!
    }
    let equilibrium = game.certify(profile, exactly: false)
    return LearningDynamicsOutcome(
      equilibrium: equilibrium, iterations: t, hasConverged: equilibrium.maxRegret <= limit,
      coarseCorrelatedGap: nil)
  }

  public func solve(_ game: BimatrixGame) throws -> EquilibriumResult {
    try run(game).result(method: name, tolerance: tolerance)
  }
}

extension EquilibriumSolver where Self == FictitiousPlay {
  /// Fictitious play (``FictitiousPlay``).
  public static func fictitiousPlay(
    tolerance: Double = 1e-3, maxIterations: Int = 100_000, checkInterval: Int = 100
  ) -> Self {
    FictitiousPlay(tolerance: tolerance, maxIterations: maxIterations, checkInterval: checkInterval)
  }
}
