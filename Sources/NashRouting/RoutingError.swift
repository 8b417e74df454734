/// Why an expert-weighting call could not run. Every case names what was wrong and where.
///
/// The C ABI maps the cases one to one onto its negative return codes
/// (`NASHEQ_INVALID_ARGUMENT`, `NASHEQ_NON_FINITE`, `NASHEQ_INFEASIBLE`, `NASHEQ_INTERNAL`).
public enum RoutingError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A size, count, option or buffer does not fit the call (for example `k` > experts).
  case invalidArgument(String)
  /// An input value is NaN or infinite; the message names the first one (row and column).
  case nonFinite(String)
  /// The constraints cannot be met (for example per-expert capacities that are negative).
  case infeasible(String)
  /// A solver failed in a way the inputs do not explain.
  case internalFailure(String)

  public var description: String {
    switch self {
    case .invalidArgument(let message), .nonFinite(let message), .infeasible(let message),
      .internalFailure(let message):
      message
    }
  }
}
