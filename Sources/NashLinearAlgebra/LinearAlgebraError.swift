/// A failure reported by LAPACK. It stays inside the package: `Nash` maps it to its own
/// errors before anything reaches a user.
package enum LinearAlgebraError: Error, Equatable, Sendable {
  /// `routine` returned `info`; negative means an illegal argument (a bug on our side),
  /// positive means the matrix is singular (`getrf`) or rank-deficient (`gels`).
  case lapack(routine: String, info: Int)
  /// The factorization has a zero pivot: the system has no unique solution.
  case singular
}
