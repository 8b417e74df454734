import Foundation
import Nash
import NashRouting
import Testing

@Suite("Online hedge")
struct OnlineHedgeTests {
  /// One round with η = 1: plain Hedge plays e^r/Σe^r next; optimistic counts r twice.
  @Test func knownFirstRound() throws {
    let plain = try OnlineHedge(experts: 2, learningRate: 1, optimistic: false)
    #expect(plain.weights == [0.5, 0.5] && plain.regret == 0 && plain.rounds == 0)
    try plain.update(payoffs: [1, 0])
    #expect(abs(plain.weights[0] - exp(1) / (1 + exp(1))) < 1e-15)
    #expect(abs(plain.regret - 0.5) < 1e-15 && plain.rounds == 1)
    let optimistic = try OnlineHedge(experts: 2, learningRate: 1, optimistic: true)
    try optimistic.update(payoffs: [1, 0])
    #expect(abs(optimistic.weights[0] - exp(2) / (1 + exp(2))) < 1e-15)
    // Fixed share 0.1 on top of plain Hedge: (1 − α)·e/(1+e) + α/2.
    let shared = try OnlineHedge(experts: 2, learningRate: 1, optimistic: false, fixedShare: 0.1)
    try shared.update(payoffs: [1, 0])
    #expect(abs(shared.weights[0] - (0.9 * exp(1) / (1 + exp(1)) + 0.05)) < 1e-15)
  }

  @Test func singleExpertHasNoRegret() throws {
    let hedge = try OnlineHedge(experts: 1)
    for r in [0.3, -2, 7] { try hedge.update(payoffs: [r]) }
    #expect(hedge.weights == [1] && abs(hedge.regret) < 1e-12)
  }

  /// A stochastic sequence where expert 2 is best on average: regret per round falls.
  @Test(arguments: 0..<5)
  func averageRegretVanishesWhenOneExpertIsBest(seed: Int) throws {
    for optimistic in [true, false] {
      let hedge = try OnlineHedge(experts: 5, optimistic: optimistic)
      var rng = SplitMix64(seed: UInt64(seed))
      var checkpoints = [Double]()
      for t in 1...8000 {
        let payoffs = (0..<5).map { i in (i == 2 ? 0.6 : 0.45) + 0.6 * (rng.nextUnitDouble() - 0.5) }
        try hedge.update(payoffs: payoffs)
        if t == 500 || t == 8000 { checkpoints.append(hedge.regret / Double(t)) }
        #expect(abs(hedge.weights.reduce(0, +) - 1) < 1e-12 && !hedge.weights.contains { !($0 >= 0) })
      }
      #expect(checkpoints[1] < 0.02, "seed \(seed) optimistic \(optimistic): \(checkpoints)")
      #expect(checkpoints[1] < checkpoints[0], "seed \(seed) optimistic \(optimistic): \(checkpoints)")
      #expect(hedge.weights[2] > 0.9, "seed \(seed): \(hedge.weights)")
    }
  }

  /// The best expert switches at round 1000; with fixed share the new best takes the
  /// majority of the weight sooner.
  @Test(arguments: 0..<5)
  func fixedShareRecoversFasterAfterASwitch(seed: Int) throws {
    func roundsToRecover(fixedShare: Double) throws -> Int {
      let hedge = try OnlineHedge(experts: 4, learningRate: 0.2, fixedShare: fixedShare)
      var rng = SplitMix64(seed: UInt64(seed))
      for t in 0..<3000 {
        let best = t < 1000 ? 0 : 1
        try hedge.update(payoffs: (0..<4).map { i in (i == best ? 0.7 : 0.4) + 0.4 * (rng.nextUnitDouble() - 0.5) })
        if t >= 1000, hedge.weights[1] > 0.5 { return t - 1000 }
      }
      return 2000
    }
    let shared = try roundsToRecover(fixedShare: 0.01)
    let plain = try roundsToRecover(fixedShare: 0)
    #expect(shared < plain, "seed \(seed): fixed share \(shared) rounds, plain \(plain)")
    #expect(shared < 200, "seed \(seed): \(shared)")
  }

  @Test func invalidArgumentsThrowAndLeaveTheStateAlone() throws {
    #expect(throws: RoutingError.self) { try OnlineHedge(experts: 0) }
    #expect(throws: RoutingError.self) { try OnlineHedge(experts: 2, learningRate: 0) }
    #expect(throws: RoutingError.self) { try OnlineHedge(experts: 2, learningRate: -1) }
    #expect(throws: RoutingError.self) { try OnlineHedge(experts: 2, learningRate: .nan) }
    #expect(throws: RoutingError.self) { try OnlineHedge(experts: 2, fixedShare: 1) }
    #expect(throws: RoutingError.self) { try OnlineHedge(experts: 2, fixedShare: -0.1) }
    #expect(throws: RoutingError.self) { try OnlineHedge(experts: 2, fixedShare: .nan) }
    let hedge = try OnlineHedge(experts: 3)
    try hedge.update(payoffs: [1, 0, 0.5])
    let before = (hedge.weights, hedge.regret, hedge.rounds)
    #expect(throws: RoutingError.invalidArgument("2 payoffs for 3 experts")) { try hedge.update(payoffs: [1, 2]) }
    #expect(throws: RoutingError.nonFinite("the payoff of expert 1 is nan")) { try hedge.update(payoffs: [1, .nan, 2]) }
    #expect(throws: RoutingError.self) { try hedge.update(payoffs: [1, 0, .infinity]) }
    #expect(hedge.weights == before.0 && hedge.regret == before.1 && hedge.rounds == before.2)
  }
}
