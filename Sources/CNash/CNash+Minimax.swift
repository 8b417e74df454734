// nasheq_minimax: robust ensemble weights through the C ABI (see nasheq.h).
import CNashABI
import NashRouting

@_cdecl("nasheq_minimax")
public func nasheqMinimax(
  _ payoff: UnsafePointer<Double>?, _ m: Int32, _ n: Int32, _ method: Int32, _ tau: Double,
  _ prior: UnsafePointer<Double>?, _ maxIterations: Int32, _ tolerance: Double,
  _ warmW: UnsafePointer<Double>?, _ warmQ: UnsafePointer<Double>?,
  _ outW: UnsafeMutablePointer<Double>?, _ outQ: UnsafeMutablePointer<Double>?,
  _ outBounds: UnsafeMutablePointer<Double>?, _ iterations: UnsafeMutablePointer<Int32>?
) -> Int32 {
  abiCall("nasheq_minimax") {
    let payoff = try required(payoff, "payoff")
    let outW = try required(outW, "out_w"), outQ = try required(outQ, "out_q")
    let outBounds = try required(outBounds, "out_bounds")
    guard m >= 1, n >= 1 else { throw RoutingError.invalidArgument("m and n must be at least 1 (got \(m)×\(n))") }
    let experts = Int(m), scenarios = Int(n)
    let (count, overflow) = experts.multipliedReportingOverflow(by: scenarios)
    guard !overflow else { throw RoutingError.invalidArgument("m × n (\(m)×\(n)) is too large") }
    guard tau.isFinite, tau >= 0 else { throw RoutingError.invalidArgument("tau must be finite and non-negative (got \(tau))") }
    guard maxIterations >= 0 else {
      throw RoutingError.invalidArgument("max_iterations must be non-negative (got \(maxIterations))")
    }
    guard tolerance.isFinite, tolerance >= 0 else {
      throw RoutingError.invalidArgument("tolerance must be finite and non-negative (got \(tolerance))")
    }
    let table = try PayoffTable(
      values: Array(UnsafeBufferPointer(start: payoff, count: count)), experts: experts, scenarios: scenarios)
    let risk: RiskMeasure =
      tau == 0 ? .worstCase : .entropic(tau: tau, prior: prior.map { Array(UnsafeBufferPointer(start: $0, count: scenarios)) })
    let solver: MinimaxMethod
    switch method {
    case NASHEQ_MINIMAX_EXACT: solver = .exact
    case NASHEQ_MINIMAX_OPTIMISTIC_HEDGE:
      solver = .optimisticHedge(
        maxIterations: maxIterations == 0 ? 10_000 : Int(maxIterations), tolerance: tolerance == 0 ? 1e-6 : tolerance)
    default: throw RoutingError.invalidArgument("method must be 0 or 1 (got \(method))")
    }
    var warmStart: MinimaxSolution?
    switch (warmW, warmQ) {
    case (nil, nil): warmStart = nil
    case (let w?, let q?):
      warmStart = MinimaxSolution(
        weights: Array(UnsafeBufferPointer(start: w, count: experts)),
        scenarioWeights: Array(UnsafeBufferPointer(start: q, count: scenarios)))
    default: throw RoutingError.invalidArgument("warm_w and warm_q must both be given or both be NULL")
    }
    let solution = try robustWeights(payoff: table, risk: risk, method: solver, warmStart: warmStart)
    for i in 0..<experts { outW[i] = solution.weights[i] }
    for j in 0..<scenarios { outQ[j] = solution.scenarioWeights[j] }
    outBounds[0] = solution.lowerBound
    outBounds[1] = solution.upperBound
    outBounds[2] = solution.value
    iterations?.pointee = Int32(clamping: solution.iterations)
  }
}
