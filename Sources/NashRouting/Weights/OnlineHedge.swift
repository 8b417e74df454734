import Foundation

/// Prediction with expert advice: weights over experts that learn from each round's
/// rewards, by (optimistic) Hedge with optional fixed share.
///
/// Each round the learner plays ``weights``, then ``update(payoffs:)`` reveals every expert's
/// reward; ``regret`` is the best single expert's total minus the learner's.
/// - **Hedge** (Freund & Schapire 1997, https://doi.org/10.1006/jcss.1997.1504; 1999):
///   `w ∝ exp(η·L)` with L the experts' cumulative rewards. Without a `learningRate`, η follows
///   the anytime schedule `η_t = √(8 ln N / t) / s`, with s the largest per-round reward spread
///   (max − min over experts) seen so far, so rewards need no known range (Cesa-Bianchi &
///   Lugosi 2006, *Prediction, Learning, and Games*, Thm 2.3).
/// - **Optimistic** (Rakhlin & Sridharan 2013, "Optimization, learning, and games with
///   predictable sequences", NeurIPS, https://arxiv.org/abs/1311.1869): the weights also
///   count the last round's rewards once more, as a prediction of the next round's, which
///   cuts regret when rewards change slowly.
/// - **Fixed share** (Herbster & Warmuth 1998, "Tracking the best expert", Machine Learning
///   32, https://doi.org/10.1023/A:1007424614876): after each update a fraction α of the
///   weight is spread uniformly, `w ← (1 − α)w + α/N`, so an expert that was bad can recover
///   in O(log(1/α)/η) rounds once it becomes the best — tracking a switching best expert.
///   With α > 0 the update is the recursive form `w ← w ⊙ exp(η_t r_t)`, then the share.
///
/// ```swift
/// let hedge = try OnlineHedge(experts: 3, fixedShare: 0.01)
/// try hedge.update(payoffs: [0.2, 0.9, 0.4])
/// // hedge.weights[1] is now the largest; hedge.rounds == 1
/// ```
///
/// An instance is not thread-safe; use one per stream.
/// - Complexity: O(N) per update.
public final class OnlineHedge {
  /// N, the number of experts.
  public let experts: Int
  /// A fixed η (nil: the anytime schedule).
  public let learningRate: Double?
  /// Whether the last round's rewards are used as a prediction of the next round's.
  public let optimistic: Bool
  /// α, the fixed-share mixing rate in [0, 1).
  public let fixedShare: Double
  /// Rounds seen so far.
  public private(set) var rounds = 0

  /// Cumulative rewards L (α = 0) or log-weights of the recursion (α > 0).
  private var state: [Double]
  private var cumulative: [Double]
  private var learnerTotal = 0.0
  private var lastPayoffs: [Double]?
  private var largestSpread = 0.0

  /// - Throws: ``RoutingError/invalidArgument(_:)`` if `experts` < 1, `learningRate` is not a
  ///   finite number > 0, or `fixedShare` is outside [0, 1).
  public init(experts: Int, learningRate: Double? = nil, optimistic: Bool = true, fixedShare: Double = 0) throws {
    guard experts >= 1 else { throw RoutingError.invalidArgument("OnlineHedge needs at least one expert, not \(experts)") }
    if let learningRate, !(learningRate.isFinite && learningRate > 0) {
      throw RoutingError.invalidArgument("the learning rate must be a finite number > 0, not \(learningRate)")
    }
    guard fixedShare.isFinite, fixedShare >= 0, fixedShare < 1 else {
      throw RoutingError.invalidArgument("fixedShare must be in [0, 1), not \(fixedShare)")
    }
    self.experts = experts
    self.learningRate = learningRate
    self.optimistic = optimistic
    self.fixedShare = fixedShare
    state = [Double](repeating: 0, count: experts)
    cumulative = [Double](repeating: 0, count: experts)
  }

  /// The weights to play this round (a distribution over the experts).
  public var weights: [Double] {
    let eta = rate(forRound: rounds + 1)
    var logits = state
    if fixedShare == 0 { for i in 0..<experts { logits[i] *= eta } }
    if optimistic, let last = lastPayoffs { for i in 0..<experts { logits[i] += eta * last[i] } }
    return EntropicExponentiatedGradient.softmax(logits)
  }

  /// The best expert's cumulative reward minus the learner's (static regret; may be negative).
  public var regret: Double { rounds == 0 ? 0 : cumulative.max()! - learnerTotal }

  /// Charges the learner `weights · payoffs` and learns from `payoffs` (one reward per expert).
  ///
  /// - Throws: ``RoutingError/invalidArgument(_:)`` for a wrong count,
  ///   ``RoutingError/nonFinite(_:)`` naming the first NaN or infinite reward; the state is
  ///   unchanged when it throws.
  public func update(payoffs: [Double]) throws {
    guard payoffs.count == experts else {
      throw RoutingError.invalidArgument("\(payoffs.count) payoffs for \(experts) experts")
    }
    if let i = payoffs.firstIndex(where: { !$0.isFinite }) {
      throw RoutingError.nonFinite("the payoff of expert \(i) is \(payoffs[i])")
    }
    let played = weights
    for i in 0..<experts {
      learnerTotal += played[i] * payoffs[i]
      cumulative[i] += payoffs[i]
    }
    largestSpread = max(largestSpread, payoffs.max()! - payoffs.min()!)
    rounds += 1
    if fixedShare == 0 {
      for i in 0..<experts { state[i] += payoffs[i] }
    } else {
      let eta = rate(forRound: rounds)
      for i in 0..<experts { state[i] += eta * payoffs[i] }
      var w = EntropicExponentiatedGradient.softmax(state)
      for i in 0..<experts {
        w[i] = (1 - fixedShare) * w[i] + fixedShare / Double(experts)
        state[i] = Foundation.log(w[i])
      }
    }
    lastPayoffs = payoffs
  }

  /// η for round t.
  private func rate(forRound t: Int) -> Double {
    if let learningRate { return learningRate }
    guard largestSpread > 0, experts > 1 else { return 0 }
    return (8 * Foundation.log(Double(experts)) / Double(max(t, 1))).squareRoot() / largestSpread
  }
}
