import NashRouting
import Testing

/// The best-response kernels (C, `NashRoutingKernels`): on x86-64 with AVX2, `k + 1 ≤ 16` and `E ≥ 16`
/// take the packed-candidate kernel, everything else the running-threshold kernel. These check both on
/// shapes at their edges (E not a multiple of 8, `k = E − 1`, `k + 1` at 16 and 17, E below 16) against
/// a full stable sort, with ties and prices, and the router's invariants.
@Suite("EquilibriumRouter: best-response kernels")
struct RouterKernelTests {
  typealias Shape = RowPassShape
  static let shapes = [
    Shape(tokens: 40, experts: 13, k: 12), Shape(tokens: 30, experts: 20, k: 3), Shape(tokens: 25, experts: 17, k: 16),
    Shape(tokens: 30, experts: 16, k: 15), Shape(tokens: 50, experts: 9, k: 1), Shape(tokens: 33, experts: 250, k: 15),
    Shape(tokens: 20, experts: 250, k: 16), Shape(tokens: 35, experts: 23, k: 7), Shape(tokens: 12, experts: 1, k: 1),
    Shape(tokens: 18, experts: 40, k: 39), Shape(tokens: 21, experts: 64, k: 64),
  ]

  @Test(arguments: 0..<6)
  func plainTopKMatchesAFullSort(seed: Int) throws {
    try expectPlainTopKMatchesAFullSort(Self.shapes, seed: seed, priceStride: 7, priceLevels: 3)
  }

  @Test(arguments: 0..<2)
  func invariantsHoldForEverySolver(seed: Int) throws {
    try expectInvariantsForEverySolver(Self.shapes, seed: seed, batches: 2, tiedSeed: 1)
  }
}

/// Batches with `T·E ≥ 2¹⁸` split their rows over threads; every output (ids, weights, load, prices,
/// stats to the last bit) must equal one thread's, over a warm stream of batches.
@Suite("EquilibriumRouter: threads")
struct RouterThreadingTests {
  struct Case: Sendable, CustomStringConvertible {
    var tokens: Int, experts: Int, k: Int, tied: Bool
    var description: String { "\(tokens)x\(experts) k=\(k)\(tied ? " tied" : "")" }
  }
  static let cases = [
    Case(tokens: 1100, experts: 256, k: 8, tied: false), Case(tokens: 4001, experts: 68, k: 3, tied: false),
    Case(tokens: 2700, experts: 100, k: 20, tied: false), Case(tokens: 1200, experts: 250, k: 2, tied: true),
  ]
  static let solvers: [(PriceSolver, Capacity, OverflowPolicy)] = [
    (.none, .unbounded, .reroute), (.blockCoordinate(), .factor(1), .reroute),
    (.blockCoordinate(), .factor(1.25), .reroute), (.signStep(gamma: 0.01), .factor(1.1), .reroute),
    (.none, .factor(1), .drop),
  ]

  @Test(arguments: cases)
  func threadedRoutingEqualsOneThread(_ c: Case) throws {
    var model = RouterTestModel(experts: c.experts, seed: 11)
    let batches = (0..<2).map { b in
      c.tied ? tiedScores(tokens: c.tokens, experts: c.experts, levels: 4, seed: UInt64(b)) : model.batch(c.tokens)
    }
    for (solver, capacity, overflow) in Self.solvers {
      var routings: [[Routing]] = []
      for threads in [1, 2, 3] {
        let router = try EquilibriumRouter(
          RouterConfiguration(
            experts: c.experts, k: c.k, capacity: capacity, solver: solver, overflow: overflow, threadCount: threads))
        if solver == .none { try router.setPrices((0..<c.experts).map { Float($0 % 5) * 0.1 }) }
        routings.append(try batches.map { try router.route(scores: $0, tokens: c.tokens) })
      }
      #expect(routings[1] == routings[0], "\(c) \(solver) \(capacity) \(overflow): 2 threads")
      #expect(routings[2] == routings[0], "\(c) \(solver) \(capacity) \(overflow): 3 threads")
    }
  }

  @Test func threadCountMustBePositive() {
    #expect(throws: RoutingError.self) {
      try EquilibriumRouter(RouterConfiguration(experts: 8, k: 2, threadCount: 0))
    }
  }

  @Test func nonFiniteScoreIsNamedByRowWhateverTheThreads() throws {
    let T = 2048, E = 256
    var s = RouterTestModel(experts: E, seed: 3).batchOnce(T)
    s[1900 * E + 7] = .nan
    s[1500 * E + 9] = .infinity
    for threads in [1, 2, 4] {
      let router = try EquilibriumRouter(RouterConfiguration(experts: E, k: 8, threadCount: threads))
      #expect(throws: RoutingError.nonFinite("score at row 1500, column 9 is inf")) {
        try router.route(scores: s, tokens: T)
      }
    }
  }
}
