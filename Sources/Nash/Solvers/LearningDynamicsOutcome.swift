/// What a learning dynamic (``RegretMatching``, ``FictitiousPlay``) ended with: the time-averaged
/// profile with its certificate, and the honest convergence status.
public struct LearningDynamicsOutcome: Sendable {
  /// The averaged profile's certificate (payoffs and regrets from the original payoffs).
  public let equilibrium: Equilibrium
  /// Iterations run.
  public let iterations: Int
  /// Whether the averaged profile's max regret reached the tolerance (false: the budget ran
  /// out; the profile is then only an approximate equilibrium, with the regret shown).
  public let hasConverged: Bool
  /// For regret matching: the coarse-correlated-equilibrium gap of the empirical joint play,
  /// `max(max_i R_i⁺, max_j R_j⁺)/T` in payoff units (Hart & Mas-Colell 2000); nil otherwise.
  public let coarseCorrelatedGap: Double?

  /// The averaged profile.
  public var profile: StrategyProfile { equilibrium.profile }
  /// Its Nash regret (the larger of the two players').
  public var maxRegret: Double { equilibrium.maxRegret }

  func result(method: String, tolerance: Double) -> EquilibriumResult {
    var diagnostics = [Diagnostic]()
    if !hasConverged {
      diagnostics.append(
        .possiblyIncomplete(
          "\(method) stopped at its budget of \(iterations) iterations; the averaged profile has max regret "
            + "\(maxRegret), so it is an approximate equilibrium only"))
    }
    return EquilibriumResult(
      equilibria: [equilibrium], method: method, iterations: iterations,
      hasConverged: hasConverged, isComplete: false, diagnostics: diagnostics, tolerance: tolerance)
  }
}

func validateDynamics(tolerance: Double, maxIterations: Int) throws {
  guard tolerance.isFinite, tolerance >= 0 else {
    throw SolverError.invalidOption("the tolerance must be a non-negative number, not \(tolerance)")
  }
  guard maxIterations >= 1 else {
    throw SolverError.invalidOption("maxIterations must be at least 1, not \(maxIterations)")
  }
}
