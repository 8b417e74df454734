import Nash
import NashRouting

/// "Experts simulate investment strategies, the Nash computation finds the equilibrium."
///
/// 1. The investor-versus-market zero-sum game: the investor mixes the experts, the market
///    picks a scenario. Its maximin mixture (`robustWeights`, worst case) is the allocation
///    whose worst scenario is best, with the market's worst-case scenario mix and certified
///    bounds on the game's value (Freund & Schapire 1999 read expert weighting as this game).
/// 2. The entropic variant: the market pays τ·KL(q‖uniform) to move away from "every
///    scenario equally likely", so τ (in units of annual return) is the investor's risk
///    tolerance, from the worst case (τ = 0) to the average case (τ → ∞).
/// 3. Two investors who each pick one expert, in a general-sum game with crowding: when both
///    pick the same strategy, each loses `crowding` of annual return (price impact). Its
///    equilibria come from the library's bimatrix solvers.
struct Analysis: Sendable {
  var table: ScenarioTable
  var experts: [Expert]
  /// `returns[i][j]`: expert i's return in scenario j.
  var returns: [[Double]]
  var robust: MinimaxSolution
  var tau: Double
  var tuned: MinimaxSolution
  var sweep: [(tau: Double, solution: MinimaxSolution)]
  var crowding: Double
  var crowdingGame: BimatrixGame
  var crowdingResult: EquilibriumResult

  /// The risk tolerances of the sweep table, in units of annual return.
  static let sweepTaus: [Double] = [0, 0.005, 0.01, 0.02, 0.05, 0.1, 1]

  init(table: ScenarioTable, experts: [Expert] = Expert.all, tau: Double, crowding: Double) throws {
    self.table = table
    self.experts = experts
    self.tau = tau
    self.crowding = crowding
    returns = Expert.returns(experts, in: table)
    let payoff = try PayoffTable(
      rows: returns, expertLabels: experts.map(\.name), scenarioLabels: table.scenarios.map(\.name))
    robust = try robustWeights(payoff: payoff)
    tuned = try Self.tuned(payoff, tau: tau)
    sweep = try Self.sweepTaus.map { ($0, try Self.tuned(payoff, tau: $0)) }
    crowdingGame = try Self.crowdingGame(returns: returns, names: experts.map(\.name), crowding: crowding)
    let first = try crowdingGame.solve(using: .supportEnumeration())
    crowdingResult = first.isPossiblyDegenerate ? try crowdingGame.solve(using: .vertexEnumeration()) : first
  }

  /// Risk-tuned weights: entropic risk with a uniform prior; τ = 0 is the worst case.
  static func tuned(_ payoff: PayoffTable, tau: Double) throws -> MinimaxSolution {
    try robustWeights(payoff: payoff, risk: tau == 0 ? .worstCase : .entropic(tau: tau))
  }

  /// The two-investor game: each investor's payoff is its expert's mean return over the
  /// scenarios (each equally likely), minus `crowding` when both pick the same expert.
  static func crowdingGame(returns: [[Double]], names: [String], crowding: Double) throws -> BimatrixGame {
    let means = returns.map { $0.reduce(0, +) / Double($0.count) }
    let k = means.count
    let a = (0..<k).map { i in (0..<k).map { j in means[i] - (i == j ? crowding : 0) } }
    let b = (0..<k).map { i in (0..<k).map { j in means[j] - (i == j ? crowding : 0) } }
    return try BimatrixGame(
      rowPayoffs: a, columnPayoffs: b, rowLabels: names, columnLabels: names, title: "two investors with crowding")
  }

  /// Each expert's mean return over the scenarios.
  var means: [Double] { returns.map { $0.reduce(0, +) / Double($0.count) } }

  /// Each expert's worst return over the scenarios.
  var worst: [Double] { returns.map { $0.min()! } }

  /// The money in each asset class implied by expert weights: the fixed-mix experts' shares
  /// added up per asset class, and the trend rule's share on its own (it holds stocks or
  /// T-bills depending on last year).
  func assetAllocation(_ weights: [Double], budget: Double) -> (assets: [Double], trend: Double) {
    var assets = [Double](repeating: 0, count: AssetClass.allCases.count)
    var trend = 0.0
    for (w, e) in zip(weights, experts) {
      switch e.rule {
      case .fixed(let mix): for (a, share) in mix.enumerated() { assets[a] += w * share * budget }
      case .trend: trend += w * budget
      }
    }
    return (assets, trend)
  }
}
