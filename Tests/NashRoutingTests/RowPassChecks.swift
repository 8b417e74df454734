import NashRouting
import Testing

/// A batch shape for the row-pass suites (RouterKernelTests, RouterVectorisedPathTests).
struct RowPassShape: Sendable, CustomStringConvertible {
  var tokens: Int, experts: Int, k: Int
  var description: String { "\(tokens)x\(experts) k=\(k)" }
}

/// Plain top-k equals a full stable sort on every shape, with continuous scores (even seeds) or ties
/// (odd seeds), then with the tied prices `((j · priceStride + seed) mod priceLevels) / 2`.
func expectPlainTopKMatchesAFullSort(
  _ shapes: [RowPassShape], seed: Int, priceStride: Int, priceLevels: Int
) throws {
  for shape in shapes {
    let s = seed % 2 == 0
      ? RouterTestModel(experts: shape.experts, seed: UInt64(seed)).batchOnce(shape.tokens)
      : tiedScores(tokens: shape.tokens, experts: shape.experts, levels: 2 + seed % 3, seed: UInt64(seed))
    let router = try EquilibriumRouter(
      RouterConfiguration(experts: shape.experts, k: shape.k, capacity: .unbounded, solver: .none))
    let plain = try router.route(scores: s, tokens: shape.tokens)
    #expect(plain.expertIDs == naiveTopK(s, tokens: shape.tokens, experts: shape.experts, k: shape.k), "\(shape)")
    let prices = (0..<shape.experts).map { Float(($0 * priceStride + seed) % priceLevels) * 0.5 }
    try router.setPrices(prices)
    let priced = try router.route(scores: s, tokens: shape.tokens)
    #expect(
      priced.expertIDs == naiveTopK(s, tokens: shape.tokens, experts: shape.experts, k: shape.k, prices: prices),
      "\(shape) with prices")
  }
}

/// The router's invariants for every solver (exact only on small batches), at capacity factors 1 and
/// 1.25, over `batches` warm batches: tied scores when `seed == tiedSeed`, the drifting model otherwise.
func expectInvariantsForEverySolver(_ shapes: [RowPassShape], seed: Int, batches: Int, tiedSeed: Int) throws {
  for shape in shapes {
    for capacity in [Capacity.factor(1), .factor(1.25)] {
      var model = RouterTestModel(experts: shape.experts, seed: UInt64(seed))
      for solver in allSolvers where solver != .exact || shape.tokens * shape.experts <= 2048 {
        let c = RouterConfiguration(experts: shape.experts, k: shape.k, capacity: capacity, solver: solver)
        let router = try EquilibriumRouter(c)
        for batch in 0..<batches {
          let s = seed == tiedSeed
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
