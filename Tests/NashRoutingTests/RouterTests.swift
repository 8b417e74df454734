import Foundation
import NashRouting
import Testing

@Suite("EquilibriumRouter: known answers and arguments")
struct RouterKnownAnswerTests {
  /// 4 tokens × 2 experts, k = 1, capacity 2 each; everyone prefers expert 0 by 3, 2, 1, 0.
  /// By hand (midpoint rule from zero prices): α = (1.5, 1, 0.5, 0); column 0 of s − α is
  /// (1.5, 1, 0.5, 0) → β₀ = mid(1, 0.5) = 0.75; column 1 is (−1.5, −1, −0.5, 0) → β₁ = −0.75; shifted:
  /// β = (1.5, 0). Then tokens 0, 1 keep expert 0 and tokens 2, 3 take expert 1: primal 5 = dual
  /// 2 + 2·1.5 (top-1 sums 1.5 + 0.5 + 0 + 0, plus C·β).
  static let fourByTwo: [Float] = [3, 0, 2, 0, 1, 0, 0, 0]

  @Test(arguments: [PriceSolver.blockCoordinate(), .blockCoordinate(maxIterations: 16), .exact])
  func fourTokensTwoExpertsCapacityTwo(solver: PriceSolver) throws {
    let router = try EquilibriumRouter(
      RouterConfiguration(experts: 2, k: 1, capacity: .perExpert([2, 2]), solver: solver))
    let r = try router.route(scores: Self.fourByTwo, tokens: 4)
    #expect(r.expertIDs == [0, 0, 1, 1])
    #expect(r.load == [2, 2])
    #expect(r.weights == [1, 1, 1, 1])
    #expect(r.stats.primal == 5)
    #expect(abs(r.stats.dual - 5) < 1e-9)
    #expect(r.stats.dropped == 0)
    if solver == .blockCoordinate() {
      #expect(r.prices == [1.5, 0])
      #expect(r.stats.iterations == 1)
      #expect(r.stats.overflowBeforeRepair == 0)
    }
  }

  @Test func plainTopKOverflowsAndRepairKeepsHighestSurplus() throws {
    // No prices: all four pick expert 0; repair keeps the two with the largest surplus s₀ − s₁ (3 and 2).
    let router = try EquilibriumRouter(RouterConfiguration(experts: 2, k: 1, capacity: .perExpert([2, 2]), solver: .none))
    let r = try router.route(scores: Self.fourByTwo, tokens: 4)
    #expect(r.expertIDs == [0, 0, 1, 1])
    #expect(r.stats.overflowBeforeRepair == 2)
    #expect(r.stats.rerouted == 2)
    #expect(r.prices == [0, 0])
    // D(0) = 3 + 2 + 1 + 0 = 6, P = 5.
    #expect(abs(r.stats.gapPerToken - 0.25) < 1e-12)
  }

  @Test func dropPolicyIsGShardOrder() throws {
    // k = 2: first choices (expert 0 for all) fill expert 0 with tokens 0, 1; second choices (expert 1) fit.
    let router = try EquilibriumRouter(
      RouterConfiguration(experts: 3, k: 2, capacity: .perExpert([2, 4, 4]), solver: .none, overflow: .drop))
    let s: [Float] = [3, 1, 0, 3, 1, 0, 3, 1, 0]
    let r = try router.route(scores: s, tokens: 3)
    #expect(r.expertIDs == [0, 1, 0, 1, -1, 1])
    #expect(r.weights[4] == 0 && r.weights[5] == 1)
    #expect(r.stats.dropped == 1)
    #expect(r.load == [2, 3, 0])
    #expect(r.stats.gapPerToken >= -1e-6)
  }

  @Test func exactSwapNeedsALengthTwoPath() throws {
    // k = 2 of 3 experts, capacities (2, 2, 2), T = 3 (ΣC = T·k). All want experts 0 and 1.
    let s: [Float] = [5, 4, 0, 5, 4, 0, 5, 4, 3]
    let exact = try EquilibriumRouter(RouterConfiguration(experts: 3, k: 2, capacity: .perExpert([2, 2, 2]), solver: .exact))
    let r = try exact.route(scores: s, tokens: 3)
    let best = bruteForceOptimum(s, tokens: 3, experts: 3, k: 2, capacities: [2, 2, 2])!
    #expect(abs(r.stats.primal - best) < 1e-9)
    #expect(abs(r.stats.gapPerToken) < 1e-6)
    for solver in allSolvers {
      let router = try EquilibriumRouter(RouterConfiguration(experts: 3, k: 2, capacity: .perExpert([2, 2, 2]), solver: solver))
      let q = try router.route(scores: s, tokens: 3)
      #expect(q.load.allSatisfy { $0 <= 2 }, "\(solver)")
      #expect(q.stats.dropped == 0, "\(solver)")
      #expect(q.stats.primal <= best + 1e-9, "\(solver)")
    }
  }

  @Test func emptyBatchChangesNothing() throws {
    let router = try EquilibriumRouter(
      RouterConfiguration(experts: 4, k: 2), state: RouterState(prices: [0.5, 0, 0, 1], calls: 3))
    let r = try router.route(scores: [], tokens: 0)
    #expect(r.expertIDs.isEmpty && r.weights.isEmpty)
    #expect(r.load == [0, 0, 0, 0])
    #expect(r.prices == [0.5, 0, 0, 1])
    #expect(router.state == RouterState(prices: [0.5, 0, 0, 1], calls: 3))
  }

  @Test(arguments: [Float.nan, .infinity, -.infinity])
  func nonFiniteScoresAreNamed(bad: Float) throws {
    let router = try EquilibriumRouter(RouterConfiguration(experts: 3, k: 1))
    var s = [Float](repeating: 0, count: 12)
    s[2 * 3 + 1] = bad
    #expect {
      try router.route(scores: s, tokens: 4)
    } throws: { error in
      guard case RoutingError.nonFinite(let message) = error else { return false }
      return message.contains("row 2, column 1")
    }
    #expect(router.state.calls == 0)
  }

  @Test func invalidConfigurations() {
    let bad: [RouterConfiguration] = [
      RouterConfiguration(experts: 4, k: 5),
      RouterConfiguration(experts: 4, k: 0),
      RouterConfiguration(experts: 0, k: 1),
      RouterConfiguration(experts: 4, k: 1, capacity: .factor(0)),
      RouterConfiguration(experts: 4, k: 1, capacity: .factor(-1)),
      RouterConfiguration(experts: 4, k: 1, capacity: .factor(.nan)),
      RouterConfiguration(experts: 4, k: 1, capacity: .factor(.infinity)),
      RouterConfiguration(experts: 4, k: 1, capacity: .perExpert([1, 1, 1])),
      RouterConfiguration(experts: 4, k: 1, capacity: .perExpert([1, 1, -1, 1])),
      RouterConfiguration(experts: 4, k: 1, solver: .signStep(gamma: .nan)),
      RouterConfiguration(experts: 4, k: 1, solver: .blockCoordinate(maxIterations: -1)),
      RouterConfiguration(experts: 4, k: 1, solver: .sinkhorn(maxIterations: 0)),
      RouterConfiguration(experts: 4, k: 1, routeScale: -1),
    ]
    for configuration in bad {
      #expect(throws: RoutingError.self, "\(configuration)") { try EquilibriumRouter(configuration) }
      do {
        _ = try EquilibriumRouter(configuration)
      } catch let error as RoutingError {
        guard case .invalidArgument = error else {
          Issue.record("\(configuration): \(error)")
          continue
        }
      } catch { Issue.record("\(error)") }
    }
    #expect(throws: RoutingError.self) {
      try EquilibriumRouter(RouterConfiguration(experts: 4, k: 1), state: RouterState(prices: [0, 0, 0]))
    }
  }

  @Test func invalidCallArguments() throws {
    let router = try EquilibriumRouter(RouterConfiguration(experts: 4, k: 2))
    func isInvalid(_ body: () throws -> Void) -> Bool {
      do {
        try body()
        return false
      } catch RoutingError.invalidArgument { return true } catch { return false }
    }
    #expect(isInvalid { _ = try router.route(scores: [Float](repeating: 0, count: 7), tokens: 2) })
    #expect(isInvalid { _ = try router.route(scores: [], tokens: -1) })
    #expect(isInvalid { try router.setPrices([0, 0]) })
    #expect(isInvalid { try router.observe(load: [1, 2], tokens: 3) })
    #expect(isInvalid { try router.observe(load: [1, 2, -1, 0], tokens: 3) })
    let scores = [Float](repeating: 0, count: 8)
    var ids = [Int32](repeating: 0, count: 4), weights = [Float](repeating: 0, count: 4)
    var shortIDs = [Int32](repeating: 0, count: 3), shortWeights = [Float](repeating: 0, count: 3)
    var load = [Int32](repeating: 0, count: 3)
    try scores.withUnsafeBufferPointer { s in
      try ids.withUnsafeMutableBufferPointer { i in
        try weights.withUnsafeMutableBufferPointer { w in
          try shortIDs.withUnsafeMutableBufferPointer { si in
            try shortWeights.withUnsafeMutableBufferPointer { sw in
              try load.withUnsafeMutableBufferPointer { l in
                #expect(isInvalid { _ = try router.route(scores: s, tokens: 2, rowStride: 4, expertIDs: si, weights: w, load: nil) })
                #expect(isInvalid { _ = try router.route(scores: s, tokens: 2, rowStride: 4, expertIDs: i, weights: sw, load: nil) })
                #expect(isInvalid { _ = try router.route(scores: s, tokens: 2, rowStride: 4, expertIDs: i, weights: w, load: l) })
                #expect(isInvalid { _ = try router.route(scores: s, tokens: 2, rowStride: 3, expertIDs: i, weights: w, load: nil) })
                #expect(isInvalid { _ = try router.route(scores: s, tokens: 3, rowStride: 4, expertIDs: i, weights: w, load: nil) })
                // A valid call through the same buffers (stride 4, 2 tokens).
                let stats = try router.route(scores: s, tokens: 2, rowStride: 4, expertIDs: i, weights: w, load: nil)
                #expect(stats.dropped == 0)
              }
            }
          }
        }
      }
    }
  }

  @Test func capacitiesFollowCeilOfFactor() throws {
    let router = try EquilibriumRouter(RouterConfiguration(experts: 64, k: 2, capacity: .factor(1.25)))
    #expect(router.capacities(tokens: 4096) == Array(repeating: 160, count: 64))
    #expect(router.capacities(tokens: 100) == Array(repeating: 4, count: 64))  // ceil(3.90625)
    let unbounded = try EquilibriumRouter(RouterConfiguration(experts: 3, k: 1, capacity: .unbounded))
    #expect(unbounded.capacities(tokens: 7) == [7, 7, 7])
  }

  @Test func rowStrideSkipsPadding() throws {
    var model = RouterTestModel(experts: 8, seed: 11)
    let s = model.batch(64)
    var padded: [Float] = []
    for t in 0..<64 { padded += s[(t * 8)..<(t * 8 + 8)] + [Float.nan, 99] }
    let a = try EquilibriumRouter(RouterConfiguration(experts: 8, k: 2, capacity: .factor(1)))
    let b = try EquilibriumRouter(RouterConfiguration(experts: 8, k: 2, capacity: .factor(1)))
    let expected = try a.route(scores: s, tokens: 64)
    var ids = [Int32](repeating: 0, count: 128), weights = [Float](repeating: 0, count: 128)
    var load = [Int32](repeating: 0, count: 8)
    let stats = try padded.withUnsafeBufferPointer { p in
      try ids.withUnsafeMutableBufferPointer { i in
        try weights.withUnsafeMutableBufferPointer { w in
          try load.withUnsafeMutableBufferPointer { l in
            try b.route(scores: UnsafeBufferPointer(rebasing: p[0..<(63 * 10 + 8)]), tokens: 64, rowStride: 10, expertIDs: i, weights: w, load: l)
          }
        }
      }
    }
    #expect(ids == expected.expertIDs)
    #expect(weights == expected.weights)
    #expect(load == expected.load)
    #expect(stats == expected.stats)
  }
}
