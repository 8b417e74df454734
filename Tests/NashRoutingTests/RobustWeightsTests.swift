import Foundation
import Nash
import NashRouting
import Testing

/// A seeded experts × scenarios table: a 4-factor model with noise, as MOE.md's
/// `zerosum.py` (uniform variates from SplitMix64 instead of normals).
func factorTable(experts m: Int, scenarios n: Int, seed: UInt64) -> PayoffTable {
  var rng = SplitMix64(seed: seed)
  var draw: () -> Double = { 0 }
  draw = { 2 * rng.nextUnitDouble() - 1 }
  let scales = [1.0, 0.6, 0.4, 0.3]
  let mu = (0..<m).map { _ in 0.02 * draw() }
  let load = (0..<m).map { _ in (0..<4).map { _ in draw() } }
  let factors = (0..<4).map { k in (0..<n).map { _ in scales[k] * draw() } }
  let rows = (0..<m).map { i in
    (0..<n).map { j in
      mu[i] + 0.1 * (0..<4).reduce(0) { $0 + load[i][$1] * factors[$1][j] } + 0.05 * draw()
    }
  }
  return try! PayoffTable(rows: rows)
}

/// A seeded table with payoffs uniform in [0, 1).
func uniformTable(experts m: Int, scenarios n: Int, seed: UInt64) -> PayoffTable {
  var rng = SplitMix64(seed: seed)
  return try! PayoffTable(rows: (0..<m).map { _ in (0..<n).map { _ in rng.nextUnitDouble() } })
}

/// `table` with every value moved by up to ±`step` (seeded).
func drifted(_ table: PayoffTable, step: Double, seed: UInt64) -> PayoffTable {
  var rng = SplitMix64(seed: seed)
  return try! PayoffTable(
    values: table.values.map { $0 + step * (2 * rng.nextUnitDouble() - 1) }, experts: table.experts,
    scenarios: table.scenarios)
}

/// The LP value of the table by the core solver on the full game, independently of NashRouting.
func coreLPValue(_ table: PayoffTable) throws -> Double {
  try ZeroSumLP().solveZeroSum(BimatrixGame(zeroSumPayoffs: table.rows)).value
}

/// The first broken postcondition of a solution, or nil.
func solutionProblem(_ s: MinimaxSolution, _ table: PayoffTable) -> String? {
  for (name, p) in [("weights", s.weights), ("scenarioWeights", s.scenarioWeights)] {
    if p.contains(where: { !$0.isFinite || $0 < 0 }) { return "\(name) has a bad entry: \(p)" }
    if abs(p.reduce(0, +) - 1) > 1e-12 { return "\(name) sums to \(p.reduce(0, +))" }
  }
  if s.weights.count != table.experts || s.scenarioWeights.count != table.scenarios { return "wrong lengths" }
  if !(s.gap >= 0) || abs(s.gap - (s.upperBound - s.lowerBound)) > 1e-15 * max(1, abs(s.upperBound)) {
    return "gap \(s.gap) vs bounds [\(s.lowerBound), \(s.upperBound)]"
  }
  if !(s.lowerBound <= s.value && s.value <= s.upperBound) {
    return "value \(s.value) outside [\(s.lowerBound), \(s.upperBound)]"
  }
  return nil
}

/// ρ_τ(u) with a uniform prior, by log-sum-exp with a max shift.
func entropicRisk(_ u: [Double], tau: Double) -> Double {
  let z = u.map { -$0 / tau }
  let top = z.max()!
  return -tau * (top + log(z.reduce(0) { $0 + exp($1 - top) }) - log(Double(u.count)))
}

@Suite("Robust weights")
struct RobustWeightsTests {
  static let bracket = 1e-9

  // MARK: Known answers

  @Test func matchingPenniesIsUniform() throws {
    let table = try PayoffTable(rows: [[1, -1], [-1, 1]])
    for method in [MinimaxMethod.exact, .optimisticHedge(tolerance: 1e-9)] {
      let s = try robustWeights(payoff: table, method: method)
      #expect(solutionProblem(s, table) == nil)
      #expect(abs(s.weights[0] - 0.5) < 1e-6, "\(method): \(s.weights)")
      #expect(abs(s.scenarioWeights[0] - 0.5) < 1e-6, "\(method): \(s.scenarioWeights)")
      #expect(abs(s.value) < 1e-8 && s.lowerBound <= Self.bracket && s.upperBound >= -Self.bracket)
      #expect(s.hasConverged)
    }
    // Entropic: symmetric, so still uniform, and the value is ρ_τ((0, 0)) = 0.
    let e = try robustWeights(payoff: table, risk: .entropic(tau: 0.3))
    #expect(abs(e.weights[0] - 0.5) < 1e-9 && abs(e.value) < 1e-9 && e.hasConverged)
  }

  /// max_p min(3p, 2 − 2p, 1 + p) is at p = 2/5, value 6/5; the adversary mixes the first two
  /// scenarios with q = (2/5, 3/5, 0), making both experts earn 6/5.
  @Test func handSolvedTwoByThree() throws {
    let table = try PayoffTable(rows: [[3, 0, 2], [0, 2, 1]])
    for method in [MinimaxMethod.exact, .optimisticHedge(tolerance: 1e-10)] {
      let s = try robustWeights(payoff: table, method: method)
      #expect(solutionProblem(s, table) == nil)
      #expect(abs(s.value - 1.2) < 1e-9, "\(method)")
      #expect(abs(s.weights[0] - 0.4) < 1e-8 && abs(s.weights[1] - 0.6) < 1e-8, "\(method): \(s.weights)")
      #expect(abs(s.scenarioWeights[0] - 0.4) < 1e-8 && s.scenarioWeights[2] < 1e-8, "\(method): \(s.scenarioWeights)")
    }
  }

  /// One expert: its weight is 1 and the values are the worst scenario / the entropic risk.
  @Test func singleExpert() throws {
    let table = try PayoffTable(rows: [[0.3, 0.1, 0.7]])
    let s = try robustWeights(payoff: table)
    #expect(s.weights == [1] && abs(s.value - 0.1) < 1e-12 && s.scenarioWeights[1] > 0.999)
    let e = try robustWeights(payoff: table, risk: .entropic(tau: 0.2))
    #expect(abs(e.value - entropicRisk([0.3, 0.1, 0.7], tau: 0.2)) < 1e-12 && e.gap < 1e-12)
  }

  @Test func constantTableIsSolvedAtOnce() throws {
    let table = try PayoffTable(rows: [[2, 2], [2, 2], [2, 2]])
    for risk in [RiskMeasure.worstCase, .entropic(tau: 1)] {
      for method in [MinimaxMethod.exact, .optimisticHedge()] {
        let s = try robustWeights(payoff: table, risk: risk, method: method)
        #expect(solutionProblem(s, table) == nil && abs(s.value - 2) < 1e-12 && s.gap < 1e-12)
      }
    }
  }

  /// A prior with a zero: that scenario is ignored by the entropic adversary.
  @Test func priorZeroExcludesAScenario() throws {
    let table = try PayoffTable(rows: [[1, 0], [0.5, 0.5]])
    let s = try robustWeights(payoff: table, risk: .entropic(tau: 0.1, prior: [1, 0]))
    #expect(s.scenarioWeights == [1, 0])
    #expect(abs(s.weights[0] - 1) < 1e-8 && abs(s.value - 1) < 1e-8)
  }

  // MARK: Seeded properties

  static let shapes: [(Int, Int)] = [(2, 3), (3, 7), (8, 20), (6, 6), (12, 60), (5, 400), (10, 900)]

  @Test(arguments: 0..<8)
  func worstCaseValueEqualsTheLP(seed: Int) throws {
    for (m, n) in Self.shapes {
      for table in [uniformTable(experts: m, scenarios: n, seed: UInt64(seed)),
                    factorTable(experts: m, scenarios: n, seed: UInt64(seed))] {
        let s = try robustWeights(payoff: table)
        let lp = try coreLPValue(table)
        #expect(solutionProblem(s, table) == nil, "seed \(seed) \(m)×\(n)")
        #expect(s.hasConverged, "seed \(seed) \(m)×\(n)")
        #expect(abs(s.value - lp) <= 1e-9, "seed \(seed) \(m)×\(n): \(s.value) vs LP \(lp)")
        #expect(s.lowerBound <= lp + Self.bracket && lp <= s.upperBound + Self.bracket, "seed \(seed) \(m)×\(n)")
        #expect(s.gap <= 1e-9, "seed \(seed) \(m)×\(n): gap \(s.gap)")
      }
    }
  }

  @Test(arguments: 0..<6)
  func entropicExactConvergesAndBrackets(seed: Int) throws {
    for (m, n) in Self.shapes {
      let table = factorTable(experts: m, scenarios: n, seed: UInt64(seed))
      let range = table.values.max()! - table.values.min()!
      for tau in [0.001, 0.05, 1.0] {
        let s = try robustWeights(payoff: table, risk: .entropic(tau: tau * range))
        #expect(solutionProblem(s, table) == nil, "seed \(seed) \(m)×\(n) τ \(tau)")
        #expect(s.hasConverged && s.gap <= 1e-9 * range, "seed \(seed) \(m)×\(n) τ \(tau): gap \(s.gap), \(s.iterations) steps")
        // value = ρ_τ(Aᵀw), recomputed here.
        let u = (0..<n).map { j in (0..<m).reduce(0) { $0 + s.weights[$1] * table[$1, j] } }
        #expect(abs(entropicRisk(u, tau: tau * range) - s.value) <= 1e-12 * max(1, range), "seed \(seed)")
      }
    }
  }

  /// τ → 0 approaches the worst case, τ → ∞ the best expert under the prior, and the value
  /// rises monotonically in between: min u ≤ ρ_τ(u) ≤ min u + τ ln n gives
  /// v_LP ≤ v_τ ≤ v_LP + τ ln n, and
  /// max_i (Ap)_i − range²/(8τ) ≤ v_τ ≤ max_i (Ap)_i (Hoeffding's lemma).
  @Test(arguments: 0..<5)
  func temperatureSweepIsMonotoneBetweenTheLimits(seed: Int) throws {
    let table = factorTable(experts: 12, scenarios: 150, seed: UInt64(100 + seed))
    let (m, n) = (table.experts, table.scenarios)
    let range = table.values.max()! - table.values.min()!
    let lp = try coreLPValue(table)
    let priorMean = (0..<m).map { i in (0..<n).reduce(0) { $0 + table[i, $1] } / Double(n) }.max()!
    var previous = -Double.infinity
    for tau in [1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1, 10, 100, 1e4].map({ $0 * range }) {
      let s = try robustWeights(payoff: table, risk: .entropic(tau: tau))
      #expect(s.hasConverged, "seed \(seed) τ \(tau)")
      #expect(s.value >= lp - Self.bracket && s.value <= lp + tau * log(Double(n)) + Self.bracket, "seed \(seed) τ \(tau)")
      #expect(s.value >= priorMean - range * range / (8 * tau) - Self.bracket, "seed \(seed) τ \(tau)")
      #expect(s.value <= priorMean + Self.bracket, "seed \(seed) τ \(tau)")
      #expect(s.value >= previous - Self.bracket, "seed \(seed): not monotone at τ \(tau): \(s.value) < \(previous)")
      previous = s.value
    }
    // The limits themselves: within 1e-4 of the range at the ends of the sweep.
    let cold = try robustWeights(payoff: table, risk: .entropic(tau: 1e-6 * range))
    #expect(abs(cold.value - lp) <= 1e-4 * range, "seed \(seed): \(cold.value) vs LP \(lp)")
    let hot = try robustWeights(payoff: table, risk: .entropic(tau: 1e5 * range))
    #expect(abs(hot.value - priorMean) <= 1e-4 * range, "seed \(seed): \(hot.value) vs prior mean \(priorMean)")
  }

  @Test(arguments: 0..<6)
  func optimisticHedgeBracketsTheExactValue(seed: Int) throws {
    for (m, n) in [(3, 7), (8, 20), (12, 60), (10, 300)] {
      let table = factorTable(experts: m, scenarios: n, seed: UInt64(seed))
      let range = table.values.max()! - table.values.min()!
      for risk in [RiskMeasure.worstCase, .entropic(tau: 0.05 * range)] {
        let exact = try robustWeights(payoff: table, risk: risk)
        let hedge = try robustWeights(payoff: table, risk: risk, method: .optimisticHedge(maxIterations: 2000, tolerance: 1e-6))
        #expect(solutionProblem(hedge, table) == nil, "seed \(seed) \(m)×\(n) \(risk)")
        #expect(
          hedge.lowerBound - Self.bracket <= exact.value && exact.value <= hedge.upperBound + Self.bracket,
          "seed \(seed) \(m)×\(n) \(risk): exact \(exact.value) outside [\(hedge.lowerBound), \(hedge.upperBound)]")
        if hedge.hasConverged { #expect(hedge.gap <= 1e-6 * range * 1.0001, "seed \(seed) \(m)×\(n)") }
      }
    }
  }

  /// Warm starts on a slowly drifting table need fewer iterations than cold starts.
  @Test(arguments: 0..<4)
  func warmStartCutsIterations(seed: Int) throws {
    var table = factorTable(experts: 10, scenarios: 200, seed: UInt64(seed))
    let range = table.values.max()! - table.values.min()!
    let risk = RiskMeasure.entropic(tau: 0.05 * range)
    let hedge = MinimaxMethod.optimisticHedge(maxIterations: 20_000, tolerance: 1e-5)
    var previousHedge = try robustWeights(payoff: table, risk: risk, method: hedge)
    var previousExact = try robustWeights(payoff: table, risk: risk)
    var (coldHedge, warmHedge, coldExact, warmExact) = (0, 0, 0, 0)
    for step in 0..<5 {
      table = drifted(table, step: 0.002 * range, seed: UInt64(1000 * seed + step))
      let c = try robustWeights(payoff: table, risk: risk, method: hedge)
      let w = try robustWeights(payoff: table, risk: risk, method: hedge, warmStart: previousHedge)
      #expect(c.hasConverged && w.hasConverged, "seed \(seed) step \(step)")
      #expect(solutionProblem(w, table) == nil)
      coldHedge += c.iterations
      warmHedge += w.iterations
      previousHedge = w
      let ce = try robustWeights(payoff: table, risk: risk)
      let we = try robustWeights(payoff: table, risk: risk, warmStart: previousExact)
      #expect(we.hasConverged && abs(we.value - ce.value) <= 2e-10 * range, "seed \(seed) step \(step)")
      coldExact += ce.iterations
      warmExact += we.iterations
      previousExact = we
    }
    #expect(warmHedge < coldHedge, "seed \(seed): hedge warm \(warmHedge) vs cold \(coldHedge)")
    #expect(warmExact < coldExact, "seed \(seed): Newton warm \(warmExact) vs cold \(coldExact)")
  }

  // MARK: Invalid arguments

  @Test func invalidTablesThrow() {
    #expect(throws: RoutingError.self) { try PayoffTable(rows: []) }
    #expect(throws: RoutingError.self) { try PayoffTable(rows: [[]]) }
    #expect(throws: RoutingError.invalidArgument("ragged payoff table: row 0 has 2 scenarios but row 1 has 1")) {
      try PayoffTable(rows: [[1, 2], [3]])
    }
    #expect(throws: RoutingError.nonFinite("the payoff of expert 1, scenario 0 (row 1, column 0) is nan")) {
      try PayoffTable(rows: [[1, 2], [.nan, 3]])
    }
    #expect(throws: RoutingError.self) { try PayoffTable(rows: [[1, .infinity]]) }
    #expect(throws: RoutingError.self) { try PayoffTable(rows: [[1, 2]], expertLabels: ["a", "b"]) }
    #expect(throws: RoutingError.self) { try PayoffTable(rows: [[1, 2]], scenarioLabels: ["a"]) }
    #expect(throws: RoutingError.self) { try PayoffTable(values: [1, 2, 3], experts: 2, scenarios: 2) }
    #expect(throws: RoutingError.self) { try PayoffTable(values: [], experts: 0, scenarios: 2) }
    #expect(throws: RoutingError.nonFinite("the payoff of expert 1, scenario 0 (row 1, column 0) is -inf")) {
      try PayoffTable(values: [1, 2, -.infinity, 4], experts: 2, scenarios: 2)
    }
  }

  @Test func invalidOptionsThrow() throws {
    let table = try PayoffTable(rows: [[1, 0, 0.5], [0, 1, 0.5]])
    let bad: [(RiskMeasure, MinimaxMethod, MinimaxSolution?)] = [
      (.entropic(tau: -1), .exact, nil),
      (.entropic(tau: .nan), .exact, nil),
      (.entropic(tau: .infinity), .exact, nil),
      (.entropic(tau: 0.1, prior: [0.5, 0.5]), .exact, nil),
      (.entropic(tau: 0.1, prior: [0.5, 0.6, -0.1]), .exact, nil),
      (.entropic(tau: 0.1, prior: [0.5, 0.2, 0.2]), .exact, nil),
      (.entropic(tau: 0.1, prior: [0.5, .nan, 0.5]), .exact, nil),
      (.entropic(tau: 0, prior: [1]), .exact, nil),
      (.worstCase, .optimisticHedge(maxIterations: -1), nil),
      (.worstCase, .optimisticHedge(tolerance: 0), nil),
      (.worstCase, .optimisticHedge(tolerance: .nan), nil),
      (.worstCase, .exact, MinimaxSolution(weights: [1], scenarioWeights: [1, 0, 0])),
      (.worstCase, .optimisticHedge(), MinimaxSolution(weights: [0.5, 0.5], scenarioWeights: [1, 0])),
      (.entropic(tau: 1), .exact, MinimaxSolution(weights: [0.5, .nan], scenarioWeights: [1, 0, 0])),
      (.entropic(tau: 1), .exact, MinimaxSolution(weights: [1.5, -0.5], scenarioWeights: [1, 0, 0])),
      (.entropic(tau: 1), .exact, MinimaxSolution(weights: [0, 0], scenarioWeights: [1, 0, 0])),
    ]
    for (risk, method, warm) in bad {
      #expect(throws: RoutingError.self, "\(risk) \(method) \(String(describing: warm))") {
        try robustWeights(payoff: table, risk: risk, method: method, warmStart: warm)
      }
    }
    // τ = 0 is the worst case, not an error.
    let zero = try robustWeights(payoff: table, risk: .entropic(tau: 0))
    #expect(zero == (try robustWeights(payoff: table)))
  }

  @Test func solutionsRoundTripThroughCodable() throws {
    let table = factorTable(experts: 4, scenarios: 9, seed: 3)
    let s = try robustWeights(payoff: table, risk: .entropic(tau: 0.01, prior: nil))
    let decoded = try JSONDecoder().decode(MinimaxSolution.self, from: JSONEncoder().encode(s))
    #expect(decoded == s)
    for risk in [RiskMeasure.worstCase, .entropic(tau: 0.2, prior: [0.5, 0.5])] {
      #expect(try JSONDecoder().decode(RiskMeasure.self, from: JSONEncoder().encode(risk)) == risk)
    }
  }
}

@Suite("Game tracker")
struct GameTrackerTests {
  /// Along a drift, the exact optimum stays within the tracker's certified bounds at every step.
  @Test(arguments: 0..<4)
  func staysWithinItsCertifiedBounds(seed: Int) throws {
    var table = factorTable(experts: 8, scenarios: 60, seed: UInt64(seed))
    let range = table.values.max()! - table.values.min()!
    for risk in [RiskMeasure.entropic(tau: 0.05 * range), .worstCase] {
      let tracker = try GameTracker(experts: 8, scenarios: 60, risk: risk, stepsPerUpdate: 20)
      var (warmGaps, coldGaps) = ([Double](), [Double]())
      for step in 0..<25 {
        table = drifted(table, step: 0.003 * range, seed: UInt64(77 * seed + step))
        let s = try tracker.update(payoff: table)
        let exact = try robustWeights(payoff: table, risk: risk)
        #expect(solutionProblem(s, table) == nil, "seed \(seed) step \(step)")
        #expect(
          s.lowerBound - 1e-9 <= exact.value && exact.value <= s.upperBound + 1e-9,
          "seed \(seed) step \(step) \(risk): \(exact.value) outside [\(s.lowerBound), \(s.upperBound)]")
        #expect(s.iterations <= 20)
        // The same budget from a cold start, for comparison.
        let cold = try GameTracker(experts: 8, scenarios: 60, risk: risk, stepsPerUpdate: 20).update(payoff: table)
        warmGaps.append(s.gap / range)
        coldGaps.append(cold.gap / range)
      }
      // Warm steps accumulate: over the last 10 updates the tracker's gap is below a cold
      // start's with the same budget.
      let warm = warmGaps.suffix(10).reduce(0, +), cold = coldGaps.suffix(10).reduce(0, +)
      #expect(warm < cold, "seed \(seed) \(risk): warm \(warmGaps) cold \(coldGaps)")
      if case .entropic = risk { #expect(warmGaps.suffix(10).max()! < 1e-3, "seed \(seed): \(warmGaps)") }
    }
  }

  @Test func invalidArgumentsThrow() throws {
    #expect(throws: RoutingError.self) { try GameTracker(experts: 0, scenarios: 3) }
    #expect(throws: RoutingError.self) { try GameTracker(experts: 2, scenarios: 0) }
    #expect(throws: RoutingError.self) { try GameTracker(experts: 2, scenarios: 3, stepsPerUpdate: 0) }
    #expect(throws: RoutingError.self) { try GameTracker(experts: 2, scenarios: 3, risk: .entropic(tau: -0.1)) }
    #expect(throws: RoutingError.self) {
      try GameTracker(experts: 2, scenarios: 3, risk: .entropic(tau: 0.1, prior: [1, 0]))
    }
    let tracker = try GameTracker(experts: 2, scenarios: 3)
    #expect(throws: RoutingError.self) { try tracker.update(payoff: PayoffTable(rows: [[1, 2], [3, 4]])) }
  }
}
