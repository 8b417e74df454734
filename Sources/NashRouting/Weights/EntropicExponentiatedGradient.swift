import Foundation
import NashLinearAlgebra

/// Entropic-risk weights by exponentiated gradient against the adversary's exact response:
/// the first-order, warm-startable path of ``MinimaxMethod/optimisticHedge(maxIterations:tolerance:)``
/// and of ``GameTracker`` for an entropic risk.
///
/// With the scenario player regularised by τ·KL(q‖p), its best response to weights w is
/// explicit, `q(w) = softmax(log p − Aᵀw/τ)`, so the weights face the smooth concave
/// objective `ρ_τ(Aᵀw)` with gradient `A q(w)` (MOE.md §7.5). Each iteration is a
/// multiplicative-weights (Hedge) step of the experts, `w ← w ⊙ exp(η A q(w))` normalised
/// (Kivinen & Warmuth 1997, "Exponentiated gradient versus gradient descent for linear
/// predictors", Information and Computation 132, https://doi.org/10.1006/inco.1996.2612),
/// i.e. the entropy-regularised game dynamics of Cen, Wei & Chi (2021), "Fast policy
/// extragradient methods for competitive games with entropy regularization", NeurIPS,
/// https://arxiv.org/abs/2105.15186, with the regularised player's step taken to its exact
/// solution. Because that player answers exactly, there is nothing to predict, so the
/// optimistic correction of OMWU is not needed; instead the step size adapts: η grows by
/// 1.25 after an accepted step and halves while a step would lower the objective, so the
/// iteration is monotone.
///
/// Stopping rule: the duality gap `max_i (Aq)_i − wᵀAq`, which equals `upper − lower` of the
/// certificate, relative to the payoff range.
///
/// - Complexity: two gemv (O(m·n)) per accepted iteration, plus two per rejected step.
struct EntropicExponentiatedGradient {
  let op: PayoffOperator
  let tau: Double
  let logPrior: [Double]
  /// log w up to a constant.
  var logWeights: [Double]
  /// The current step size (scaled payoff units), kept across calls.
  var stepSize = 1.0
  /// The weight of the uniform distribution mixed into a warm start, so every expert can revive.
  static let warmStartMixing = 1e-4

  private var u: [Double]
  private var q: [Double]
  private var g: [Double]

  /// - Parameters: `op` on payoffs scaled into [0, 1], `tau` in the same units.
  init(op: PayoffOperator, tau: Double, logPrior: [Double], start: [Double]?) {
    self.op = op
    self.tau = tau
    self.logPrior = logPrior
    let m = op.experts
    logWeights = [Double](repeating: 0, count: m)
    u = [Double](repeating: 0, count: op.scenarios)
    q = [Double](repeating: 0, count: op.scenarios)
    g = [Double](repeating: 0, count: m)
    if let start { restart(from: start) }
  }

  /// Starts again from weights `start` (mixed with a little of the uniform distribution).
  mutating func restart(from start: [Double]) {
    let m = op.experts
    let clean = cleanDistribution(start)
    for i in 0..<m {
      logWeights[i] = Foundation.log((1 - Self.warmStartMixing) * clean[i] + Self.warmStartMixing / Double(m))
    }
  }

  /// The current weights.
  var weights: [Double] { Self.softmax(logWeights) }

  /// Runs until the duality gap is at most `tolerance` (scaled units) or `maxIterations`;
  /// returns the iterations taken and whether the gap was met.
  mutating func run(tolerance: Double, maxIterations: Int) -> (iterations: Int, converged: Bool) {
    var w = weights
    var (value, gap) = evaluate(w)
    var t = 0
    while gap > tolerance, t < maxIterations {
      t += 1
      var accepted = false
      for _ in 0..<60 {
        let proposal = logWeights.indices.map { logWeights[$0] + stepSize * g[$0] }
        let trial = Self.softmax(proposal)
        let saved = g
        let (trialValue, trialGap) = evaluate(trial)
        if trialValue >= value - 1e-15 * (1 + abs(value)) {
          let top = proposal.max()!
          logWeights = proposal.map { max($0 - top, -700) }
          w = trial
          (value, gap) = (trialValue, trialGap)
          stepSize = min(stepSize * 1.25, 1e6)
          accepted = true
          break
        }
        g = saved
        stepSize *= 0.5
      }
      if !accepted {
        _ = evaluate(w)
        break
      }
    }
    return (t, gap <= tolerance)
  }

  /// F(w) and the duality gap; fills u, q, g.
  private mutating func evaluate(_ w: [Double]) -> (value: Double, gap: Double) {
    op.scenarioPayoffs(w, into: &u)
    let (rho, _) = entropicResponse(scenarioPayoffs: u, tau: tau, logPrior: logPrior, into: &q)
    op.expertPayoffs(q, into: &g)
    var wg = 0.0
    for i in w.indices { wg += w[i] * g[i] }
    return (rho, max(0, g.max()! - wg))
  }

  static func softmax(_ logits: [Double]) -> [Double] {
    let top = logits.max()!
    var p = logits.map { Foundation.exp($0 - top) }
    let total = p.reduce(0, +)
    for i in p.indices { p[i] /= total }
    return p
  }
}
