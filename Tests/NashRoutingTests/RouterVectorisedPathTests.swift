import NashRouting
import Testing

/// Shapes with E a multiple of 8 and at least k + 1 chunks of eight (the vectorised row paths of the
/// best-response kernels; RouterKernelTests covers the edges): the same ids as a full stable sort, ties
/// to the lower index, with and without prices, and the router's invariants for every price solver.
@Suite("EquilibriumRouter: vectorised row pass")
struct RouterVectorisedPathTests {
  struct Shape: Sendable, CustomStringConvertible {
    var tokens: Int, experts: Int, k: Int
    var description: String { "\(tokens)x\(experts) k=\(k)" }
  }
  static let shapes = [
    Shape(tokens: 50, experts: 16, k: 1), Shape(tokens: 70, experts: 32, k: 2), Shape(tokens: 90, experts: 64, k: 2),
    Shape(tokens: 60, experts: 64, k: 7), Shape(tokens: 40, experts: 256, k: 8), Shape(tokens: 30, experts: 24, k: 2),
  ]

  @Test(arguments: 0..<8)
  func plainTopKMatchesAFullSort(seed: Int) throws {
    for shape in Self.shapes {
      let s = seed % 2 == 0
        ? RouterTestModel(experts: shape.experts, seed: UInt64(seed)).batchOnce(shape.tokens)
        : tiedScores(tokens: shape.tokens, experts: shape.experts, levels: 2 + seed % 3, seed: UInt64(seed))
      let router = try EquilibriumRouter(
        RouterConfiguration(experts: shape.experts, k: shape.k, capacity: .unbounded, solver: .none))
      let plain = try router.route(scores: s, tokens: shape.tokens)
      #expect(plain.expertIDs == naiveTopK(s, tokens: shape.tokens, experts: shape.experts, k: shape.k), "\(shape)")
      // Prices with ties among the reduced scores too.
      let prices = (0..<shape.experts).map { Float(($0 * 5 + seed) % 4) * 0.5 }
      try router.setPrices(prices)
      let priced = try router.route(scores: s, tokens: shape.tokens)
      #expect(
        priced.expertIDs == naiveTopK(s, tokens: shape.tokens, experts: shape.experts, k: shape.k, prices: prices),
        "\(shape) with prices")
    }
  }

  @Test(arguments: 0..<3)
  func invariantsHoldForEverySolver(seed: Int) throws {
    for shape in Self.shapes {
      for capacity in [Capacity.factor(1), .factor(1.25)] {
        var model = RouterTestModel(experts: shape.experts, seed: UInt64(seed))
        for solver in allSolvers where solver != .exact || shape.tokens * shape.experts <= 2048 {
          let c = RouterConfiguration(experts: shape.experts, k: shape.k, capacity: capacity, solver: solver)
          let router = try EquilibriumRouter(c)
          for batch in 0..<3 {
            let s = seed == 2
              ? tiedScores(tokens: shape.tokens, experts: shape.experts, levels: 3, seed: UInt64(batch))
              : model.batch(shape.tokens)
            let r = try router.route(scores: s, tokens: shape.tokens)
            let problem = invariantProblem(
              r, scores: s, configuration: c, capacities: router.capacities(tokens: shape.tokens))
            #expect(problem == nil, "seed \(seed) \(shape) \(capacity) \(solver) batch \(batch): \(problem ?? "")")
          }
        }
      }
    }
  }
}
