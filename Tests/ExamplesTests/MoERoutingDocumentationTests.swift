import NashRouting
import Testing

/// The code of `Sources/Nash/Nash.docc/MoERouting.md`, verbatim, with its stated results
/// asserted. It lives here because this bundle links NashRouting (through the finance example)
/// and NashTests does not.
@Suite("MoERouting.md snippet")
struct MoERoutingDocumentationTests {
  @Test func robustAndTunedWeights() throws {
    let table = try PayoffTable(
      rows: [[0.20, -0.30, 0.25], [0.04, 0.05, 0.03]],
      expertLabels: ["equities", "bonds"], scenarioLabels: ["boom", "crash", "recovery"])
    let robust = try robustWeights(payoff: table)
    // robust.weights sum to 1, robust.lowerBound ≤ robust.value ≤ robust.upperBound
    let tuned = try robustWeights(payoff: table, risk: .entropic(tau: 0.05))
    // tuned.weights[0] ≥ robust.weights[0]: a higher risk tolerance leans toward the average case
    #expect(abs(robust.weights.reduce(0, +) - 1) <= 1e-12)
    #expect(robust.lowerBound <= robust.value && robust.value <= robust.upperBound)
    #expect(tuned.weights[0] >= robust.weights[0])
    // By hand: the worst case balances crash (0.05 − 0.35w) against recovery (0.03 + 0.22w),
    // so w = 0.02/0.57 of equities and the value 0.05 − 0.35·0.02/0.57.
    #expect(abs(robust.weights[0] - 0.02 / 0.57) <= 1e-9)
    #expect(abs(robust.value - (0.05 - 0.35 * 0.02 / 0.57)) <= 1e-9)
  }
}
