import Foundation
import NashRouting
import Testing

@Suite("EquilibriumRouter: seeded properties")
struct RouterPropertyTests {
  struct Shape: Sendable, CustomStringConvertible {
    var tokens: Int, experts: Int, k: Int
    var description: String { "\(tokens)x\(experts) k=\(k)" }
  }
  static let shapes = [
    Shape(tokens: 64, experts: 8, k: 1), Shape(tokens: 96, experts: 8, k: 2), Shape(tokens: 128, experts: 16, k: 4),
    Shape(tokens: 40, experts: 5, k: 5), Shape(tokens: 33, experts: 7, k: 3),
  ]

  @Test(arguments: 0..<6)
  func invariantsHoldForEverySolver(seed: Int) throws {
    for shape in Self.shapes {
      for capacity in [Capacity.factor(1), .factor(1.25), .unbounded, .perExpert((0..<shape.experts).map { ($0 * 7 + seed) % 3 * shape.tokens / 2 })] {
        for overflow in [OverflowPolicy.reroute, .drop] {
          var model = RouterTestModel(experts: shape.experts, seed: UInt64(seed))
          for solver in allSolvers {
            if solver == .exact && shape.tokens * shape.experts > 2048 { continue }
            let c = RouterConfiguration(experts: shape.experts, k: shape.k, capacity: capacity, solver: solver, overflow: overflow)
            let router = try EquilibriumRouter(c)
            for batch in 0..<2 {
              let s = seed % 2 == 0 ? model.batch(shape.tokens) : tiedScores(tokens: shape.tokens, experts: shape.experts, levels: 4, seed: UInt64(seed * 10 + batch))
              let r = try router.route(scores: s, tokens: shape.tokens)
              let problem = invariantProblem(r, scores: s, configuration: c, capacities: router.capacities(tokens: shape.tokens))
              #expect(problem == nil, "seed \(seed) \(shape) \(capacity) \(overflow) \(solver) batch \(batch): \(problem ?? "")")
              // Unbiased weights: softmax of the raw scores at the chosen ids, renormalised.
              let expected = referenceWeights(s, tokens: shape.tokens, experts: shape.experts, k: shape.k, ids: r.expertIDs)
              let worst = zip(expected, r.weights).map { abs($0 - $1) }.max() ?? 0
              #expect(worst < 1e-5, "seed \(seed) \(shape) \(solver): weight error \(worst)")
            }
          }
        }
      }
    }
  }

  @Test(arguments: 0..<20)
  func noneIsPlainTopK(seed: Int) throws {
    let shape = Self.shapes[seed % Self.shapes.count]
    let s = seed % 2 == 0
      ? RouterTestModel(experts: shape.experts, seed: UInt64(seed)).batchOnce(shape.tokens)
      : tiedScores(tokens: shape.tokens, experts: shape.experts, levels: 3, seed: UInt64(seed))
    let router = try EquilibriumRouter(RouterConfiguration(experts: shape.experts, k: shape.k, capacity: .unbounded, solver: .none))
    let r = try router.route(scores: s, tokens: shape.tokens)
    #expect(r.expertIDs == naiveTopK(s, tokens: shape.tokens, experts: shape.experts, k: shape.k))
    #expect(r.stats.gapPerToken == 0 || abs(r.stats.gapPerToken) < 1e-9)
    // A fixed selection bias changes the ids but not the weights' formula.
    let bias = (0..<shape.experts).map { Float($0 % 3) * 0.5 }
    try router.setPrices(bias)
    let biased = try router.route(scores: s, tokens: shape.tokens)
    #expect(biased.expertIDs == naiveTopK(s, tokens: shape.tokens, experts: shape.experts, k: shape.k, prices: bias))
    #expect(biased.prices == bias)
    let expected = referenceWeights(s, tokens: shape.tokens, experts: shape.experts, k: shape.k, ids: biased.expertIDs)
    #expect(zip(expected, biased.weights).allSatisfy { abs($0 - $1) < 1e-5 })
  }

  @Test(arguments: 0..<12)
  func exactIsTheOptimumAndBoundsEverySolver(seed: Int) throws {
    var rng = RouterTestModel(experts: 4, seed: UInt64(seed))
    let T = 5, E = 4, k = 1 + seed % 2
    let s = seed % 3 == 0 ? tiedScores(tokens: T, experts: E, levels: 3, seed: UInt64(seed)) : rng.batch(T)
    let caps = (0..<E).map { j in max(1, (T * k + E - 1) / E + (j + seed) % 2 - 1) }
    let capacity = Capacity.perExpert(caps)
    let effective = caps.map { min($0, T) }
    guard effective.reduce(0, +) >= T * k, let best = bruteForceOptimum(s, tokens: T, experts: E, k: k, capacities: caps) else { return }
    let exact = try EquilibriumRouter(RouterConfiguration(experts: E, k: k, capacity: capacity, solver: .exact)).route(scores: s, tokens: T)
    #expect(abs(exact.stats.primal - best) <= 1e-6 * Double(T), "seed \(seed): exact \(exact.stats.primal) vs \(best)")
    #expect(exact.stats.gapPerToken >= -1e-6 && exact.stats.gapPerToken < 1e-5, "seed \(seed): exact gap \(exact.stats.gapPerToken)")
    for solver in allSolvers {
      let r = try EquilibriumRouter(RouterConfiguration(experts: E, k: k, capacity: capacity, solver: solver)).route(scores: s, tokens: T)
      #expect(r.stats.primal <= exact.stats.primal + 1e-9, "seed \(seed) \(solver)")
      // The certificate bounds the true distance to the optimum.
      #expect(r.stats.dual >= best - 1e-6, "seed \(seed) \(solver): dual \(r.stats.dual) < OPT \(best)")
      #expect(r.stats.gapPerToken * Double(T) >= best - r.stats.primal - 1e-6, "seed \(seed) \(solver)")
    }
  }

  @Test(arguments: 0..<3)
  func exactMatchesOptimumOnLargerBatches(seed: Int) throws {
    // No enumeration here: the exact solver's own dual certifies optimality (D(β) = P).
    var model = RouterTestModel(experts: 16, seed: UInt64(100 + seed))
    let s = model.batch(128)
    let r = try EquilibriumRouter(RouterConfiguration(experts: 16, k: 2, capacity: .factor(1), solver: .exact)).route(scores: s, tokens: 128)
    #expect(abs(r.stats.dual - r.stats.primal) <= 1e-6 * 128 * 10, "gap \(r.stats.dual - r.stats.primal)")
    let bcd = try EquilibriumRouter(RouterConfiguration(experts: 16, k: 2, capacity: .factor(1), solver: .blockCoordinate(maxIterations: 16))).route(scores: s, tokens: 128)
    #expect(bcd.stats.primal <= r.stats.primal + 1e-9)
    #expect(bcd.stats.dual >= r.stats.primal - 1e-6)
  }

  @Test func warmPricesBeatColdOnADriftingStream() throws {
    var model = RouterTestModel(experts: 16, seed: 5)
    let c = RouterConfiguration(experts: 16, k: 2, capacity: .factor(1.25), solver: .blockCoordinate(maxIterations: 8))
    let warm = try EquilibriumRouter(c)
    let cold = try EquilibriumRouter(c)
    var warmRerouted = 0, coldRerouted = 0, warmIterations = 0, coldIterations = 0
    for _ in 0..<50 {
      model.drift()
      let s = model.batch(256)
      let w = try warm.route(scores: s, tokens: 256)
      cold.reset()
      let q = try cold.route(scores: s, tokens: 256)
      #expect(w.stats.maxOverMean <= 1.25 + 1e-9)
      #expect(w.stats.dropped == 0)
      warmRerouted += w.stats.rerouted
      coldRerouted += q.stats.rerouted
      warmIterations += w.stats.iterations
      coldIterations += q.stats.iterations
    }
    #expect(warmRerouted < coldRerouted, "rerouted warm \(warmRerouted) vs cold \(coldRerouted)")
    #expect(warmIterations < coldIterations, "iterations warm \(warmIterations) vs cold \(coldIterations)")
  }

  @Test func stateRoundTripsAndResumesDeterministically() throws {
    var model = RouterTestModel(experts: 8, seed: 9)
    let b1 = model.batch(100), b2 = model.batch(100)
    let c = RouterConfiguration(experts: 8, k: 2, capacity: .factor(1))
    let a = try EquilibriumRouter(c)
    _ = try a.route(scores: b1, tokens: 100)
    let saved = try JSONEncoder().encode(a.state)
    let restored = try JSONDecoder().decode(RouterState.self, from: saved)
    #expect(restored == a.state)
    #expect(restored.calls == 1)
    let b = try EquilibriumRouter(c, state: restored)
    #expect(try a.route(scores: b2, tokens: 100) == b.route(scores: b2, tokens: 100))
    // Same inputs, same outputs, for every solver.
    for solver in allSolvers {
      var config = c
      config.solver = solver
      let x = try EquilibriumRouter(config), y = try EquilibriumRouter(config)
      #expect(try x.route(scores: b1, tokens: 100) == y.route(scores: b1, tokens: 100))
    }
    let configuration = try JSONDecoder().decode(RouterConfiguration.self, from: JSONEncoder().encode(RouterConfiguration(experts: 8, k: 2, solver: .sinkhorn(tolerance: 1e-3, maxIterations: 7))))
    #expect(configuration.solver == .sinkhorn(tolerance: 1e-3, maxIterations: 7))
  }

  @Test func signStepMovesPricesTowardTheMean() throws {
    let c = RouterConfiguration(experts: 3, k: 1, score: .sigmoid, priceSpace: .scores, capacity: .unbounded, solver: .signStep(gamma: 0.01))
    let router = try EquilibriumRouter(c)
    // Loads (2, 1, 0) around a mean of 1.
    let s: [Float] = [2, 1, 0, 2, 1, 0, 0, 2, 1]
    let r = try router.route(scores: s, tokens: 3)
    #expect(r.load == [2, 1, 0])
    #expect(r.prices == [0.01, 0, -0.01])
    // DeepSeek-V3 weights: sigmoid scores at the ids, normalised.
    #expect(r.weights == [1, 1, 1])
    try router.observe(load: [0, 0, 6], tokens: 6)
    #expect(router.state.prices == [0, -0.01, 0])
    #expect(router.state.calls == 2)
  }

  @Test func weightOptions() throws {
    let s: [Float] = [1, 2, 0, -1]
    func weights(_ score: ScoreFunction, _ renormalize: Bool, _ scale: Float) throws -> [Float] {
      let router = try EquilibriumRouter(RouterConfiguration(experts: 4, k: 2, score: score, capacity: .unbounded, solver: .none, renormalize: renormalize, routeScale: scale))
      let r = try router.route(scores: s, tokens: 1)
      #expect(r.expertIDs == [1, 0])
      return r.weights
    }
    let z = Float(exp(1.0) + exp(2.0) + 1 + exp(-1.0))
    let softmax = try weights(.softmax, false, 1)
    #expect(abs(softmax[0] - Float(exp(2.0)) / z) < 1e-6 && abs(softmax[1] - Float(exp(1.0)) / z) < 1e-6)
    let scaled = try weights(.softmax, true, 2.5)
    #expect(abs(scaled[0] - 2.5 * Float(exp(2.0) / (exp(2.0) + exp(1.0)))) < 1e-5)
    let sig = try weights(.sigmoid, false, 1)
    #expect(abs(sig[0] - Float(1 / (1 + exp(-2.0)))) < 1e-6)
    let root = try weights(.sqrtSoftplus, false, 1)
    #expect(abs(root[1] - Float(log(1 + exp(1.0)).squareRoot())) < 1e-6)
    let identity = try weights(.identity, true, 1)
    #expect(abs(identity[0] - 2.0 / 3) < 1e-6)
  }

  @Test func capacityTooSmallDropsOnlyTheExcess() throws {
    var model = RouterTestModel(experts: 6, seed: 3)
    let s = model.batch(50)
    for solver in allSolvers {
      let c = RouterConfiguration(experts: 6, k: 2, capacity: .perExpert([10, 10, 10, 10, 10, 5]), solver: solver)
      let r = try EquilibriumRouter(c).route(scores: s, tokens: 50)
      #expect(r.stats.dropped == 45, "\(solver)")
      #expect(invariantProblem(r, scores: s, configuration: c, capacities: [10, 10, 10, 10, 10, 5]) == nil, "\(solver)")
    }
  }
}

extension RouterTestModel {
  func batchOnce(_ tokens: Int) -> [Float] {
    var copy = self
    return copy.batch(tokens)
  }
}
