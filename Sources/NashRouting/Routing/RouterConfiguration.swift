import Foundation

/// How a router turns raw router logits into the per-expert scores that weight the chosen experts.
///
/// The score function decides the gate weights, which always come from the *unbiased* scores (prices
/// change which experts are chosen, never a weight), as in DeepSeek-V3, vLLM `fused_topk` and
/// llama.cpp `build_moe_ffn`.
public enum ScoreFunction: String, Codable, Sendable, CaseIterable {
  /// `softmax` over all experts of a token (Mixtral, vLLM, Switch).
  case softmax
  /// The logistic function per expert (DeepSeek-V3).
  case sigmoid
  /// `sqrt(softplus(x)) = sqrt(log(1 + e^x))` per expert (llama.cpp `sqrt_softplus`).
  case sqrtSoftplus
  /// The inputs already are scores; negative scores weigh 0.
  case identity
}

/// Where prices are subtracted before the top-k selection.
public enum PriceSpace: String, Codable, Sendable {
  /// Top-k of `logits − price` (the default; for softmax this is a multiplicative price on probabilities).
  case logits
  /// Top-k of `score(logits) − price` (DeepSeek-V3 adds its bias to sigmoid scores).
  case scores
}

/// The most tokens each expert may take in one call.
public enum Capacity: Codable, Sendable, Equatable {
  /// No limit (an expert can take every token once).
  case unbounded
  /// `C = ceil(T·k/E·factor)` for every expert (Switch, GShard, Megatron `get_capacity`).
  case factor(Double)
  /// One capacity per expert.
  case perExpert([Int])
}

/// How the router computes its per-expert prices.
public enum PriceSolver: Codable, Sendable, Equatable {
  /// Plain top-k of the scores minus the fixed current prices (zero unless set): vLLM `fused_topk` parity
  /// with `Capacity.unbounded`.
  case none
  /// DeepSeek-V3's loss-free bias: after selecting, `price += gamma·sign(load − mean load)`, one step per call.
  case signStep(gamma: Float = 1e-3)
  /// Block-coordinate descent on the routing LP's dual with the midpoint rule, warm-started from the state,
  /// stopped when the best response satisfies the KKT conditions; then a capacity repair. The default.
  case blockCoordinate(maxIterations: Int = 2, tolerance: Double = 0)
  /// Sinkhorn balancing of `exp(scores)` (S-BASE); price = −log of the column potential.
  case sinkhorn(tolerance: Float = 1e-4, maxIterations: Int = 100)
  /// The exact LP optimum by min-cost flow (for small T·E and tests).
  case exact
}

/// What happens to slots that do not fit an expert's capacity.
public enum OverflowPolicy: String, Codable, Sendable {
  /// Overfull experts keep their highest-surplus tokens; the others go to their best expert with room.
  case reroute
  /// Switch/GShard: first choices first, in token order; slots over capacity become −1 with weight 0.
  case drop
}

/// Everything that fixes what an ``EquilibriumRouter`` does.
public struct RouterConfiguration: Codable, Sendable, Equatable {
  /// The number of experts `E` (columns of the score matrix).
  public var experts: Int
  /// Experts per token, `1...experts`.
  public var k: Int
  /// How logits become gate weights (and, with ``PriceSpace/scores``, selection scores).
  public var score: ScoreFunction
  /// Where prices are subtracted.
  public var priceSpace: PriceSpace
  /// Per-expert capacity.
  public var capacity: Capacity
  /// How prices are computed.
  public var solver: PriceSolver
  /// What happens to slots over capacity.
  public var overflow: OverflowPolicy
  /// Whether the k gate weights of a token are divided by their sum.
  public var renormalize: Bool
  /// A factor on every weight (DeepSeek-V3: 2.5).
  public var routeScale: Float
  /// The most threads one call may use; `nil` (the default) means one per core, but only for batches
  /// with `T·E ≥ 2¹⁸` (smaller ones stay on the calling thread), and at most one per `2¹⁷` scores.
  /// `1` keeps every call on the calling thread. The output does not depend on it: the best-response
  /// passes split the tokens into contiguous blocks and merge them in token order.
  public var threadCount: Int?

  /// A configuration; checked when an ``EquilibriumRouter`` is made from it.
  public init(
    experts: Int, k: Int, score: ScoreFunction = .softmax, priceSpace: PriceSpace = .logits,
    capacity: Capacity = .factor(1.25), solver: PriceSolver = .blockCoordinate(),
    overflow: OverflowPolicy = .reroute, renormalize: Bool = true, routeScale: Float = 1, threadCount: Int? = nil
  ) {
    self.experts = experts
    self.k = k
    self.score = score
    self.priceSpace = priceSpace
    self.capacity = capacity
    self.solver = solver
    self.overflow = overflow
    self.renormalize = renormalize
    self.routeScale = routeScale
    self.threadCount = threadCount
  }

  /// Throws ``RoutingError/invalidArgument(_:)`` naming the first option that is out of range.
  func validate() throws {
    guard experts >= 1 else { throw RoutingError.invalidArgument("experts must be at least 1, got \(experts)") }
    guard k >= 1, k <= experts else {
      throw RoutingError.invalidArgument("k must be in 1...\(experts) (the number of experts), got \(k)")
    }
    guard routeScale.isFinite, routeScale >= 0 else {
      throw RoutingError.invalidArgument("routeScale must be finite and non-negative, got \(routeScale)")
    }
    if let threadCount, threadCount < 1 {
      throw RoutingError.invalidArgument("threadCount must be at least 1, got \(threadCount)")
    }
    switch capacity {
    case .unbounded: break
    case .factor(let f):
      guard f.isFinite, f > 0 else {
        throw RoutingError.invalidArgument("capacity factor must be finite and positive, got \(f)")
      }
    case .perExpert(let c):
      guard c.count == experts else {
        throw RoutingError.invalidArgument("perExpert capacity has \(c.count) entries for \(experts) experts")
      }
      if let j = c.firstIndex(where: { $0 < 0 }) {
        throw RoutingError.invalidArgument("perExpert capacity of expert \(j) is negative (\(c[j]))")
      }
    }
    switch solver {
    case .none, .exact: break
    case .signStep(let gamma):
      guard gamma.isFinite, gamma >= 0 else {
        throw RoutingError.invalidArgument("signStep gamma must be finite and non-negative, got \(gamma)")
      }
    case .blockCoordinate(let maxIterations, let tolerance):
      guard maxIterations >= 0 else {
        throw RoutingError.invalidArgument("blockCoordinate maxIterations must be non-negative, got \(maxIterations)")
      }
      guard tolerance.isFinite, tolerance >= 0 else {
        throw RoutingError.invalidArgument("blockCoordinate tolerance must be finite and non-negative, got \(tolerance)")
      }
    case .sinkhorn(let tolerance, let maxIterations):
      guard maxIterations >= 1 else {
        throw RoutingError.invalidArgument("sinkhorn maxIterations must be at least 1, got \(maxIterations)")
      }
      guard tolerance.isFinite, tolerance >= 0 else {
        throw RoutingError.invalidArgument("sinkhorn tolerance must be finite and non-negative, got \(tolerance)")
      }
    }
  }

  /// The threads a call on `tokens` tokens uses (see ``threadCount``).
  func threads(tokens: Int) -> Int {
    let scores = tokens * experts
    guard scores >= 1 << 18 else { return 1 }
    let limit = threadCount ?? ProcessInfo.processInfo.activeProcessorCount
    return max(1, min(limit, scores >> 17, tokens))
  }

  /// Capacities for a batch of `tokens`, as configured (not clipped at `tokens`).
  func capacities(tokens: Int) -> [Int] {
    switch capacity {
    case .unbounded: return Array(repeating: tokens, count: experts)
    case .factor(let f):
      // Same operation order as Megatron / the numpy reference: ceil(T * k / E * cf).
      let c = (Double(tokens) * Double(k) / Double(experts) * f).rounded(.up)
      let clipped = c >= Double(Int.max / 2) ? Int.max / 2 : Int(c)
      return Array(repeating: clipped, count: experts)
    case .perExpert(let c): return c
    }
  }
}
