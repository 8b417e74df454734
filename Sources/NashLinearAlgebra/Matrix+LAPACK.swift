import CLAPACK

// LAPACK wrappers: LU factorization and solve (dgetrf/dgetrs, dgesv), least squares
// (dgels). Every pointer and info code stays in this file.

/// An LU factorization `P A = L U` of a square matrix (LAPACK dgetrf).
package struct LUFactorization: Sendable {
  package let order: Int
  var factors: [Double]
  var pivots: [Int32]

  /// Factors `matrix`; throws `.singular` when a pivot is exactly zero.
  package init(_ matrix: Matrix) throws(LinearAlgebraError) {
    precondition(matrix.rows == matrix.columns, "LU needs a square matrix")
    order = matrix.rows
    factors = matrix.storage
    pivots = [Int32](repeating: 0, count: order)
    guard order > 0 else { return }
    var n = Int32(order)
    var lda = n
    var nCols = n
    var info: Int32 = 0
    factors.withUnsafeMutableBufferPointer { a in
      pivots.withUnsafeMutableBufferPointer { p in
        dgetrf_(&n, &nCols, a.baseAddress, &lda, p.baseAddress, &info)
      }
    }
    if info > 0 { throw .singular }
    if info < 0 { throw .lapack(routine: "dgetrf", info: Int(info)) }
  }

  /// Solves `A x = b` (or `Aᵀ x = b`) with the stored factors (LAPACK dgetrs).
  package func solve(_ b: [Double], transposed: Bool = false) -> [Double] {
    precondition(b.count == order, "right-hand side length differs from the order")
    var x = b
    guard order > 0 else { return x }
    var n = Int32(order)
    var nrhs: Int32 = 1
    var lda = n
    var ldb = n
    var info: Int32 = 0
    var trans: CChar = transposed ? 0x54 : 0x4E  // "T" or "N"
    var f = factors
    f.withUnsafeMutableBufferPointer { a in
      pivots.withUnsafeBufferPointer { p in
        x.withUnsafeMutableBufferPointer { xb in
          dgetrs_(&trans, &n, &nrhs, a.baseAddress, &lda, p.baseAddress, xb.baseAddress, &ldb, &info, 1)
        }
      }
    }
    precondition(info == 0, "dgetrs rejected its arguments (info \(info))")
    return x
  }
}

extension Matrix {
  /// Solves the square system `self * x = b` by LU with partial pivoting (LAPACK dgesv).
  package func solve(_ b: [Double]) throws(LinearAlgebraError) -> [Double] {
    try LUFactorization(self).solve(b)
  }

  /// The minimum-norm least-squares solution of `self * x ≈ b` (LAPACK dgelsd, SVD based,
  /// so rank-deficient and rectangular systems are fine).
  package func leastSquares(_ b: [Double]) throws(LinearAlgebraError) -> [Double] {
    precondition(b.count == rows, "right-hand side length differs from the row count")
    let ldb = Swift.max(rows, columns, 1)
    var rhs = [Double](repeating: 0, count: ldb)
    for i in 0..<rows { rhs[i] = b[i] }
    guard rows > 0, columns > 0 else { return [Double](repeating: 0, count: columns) }
    var a = storage
    var singular = [Double](repeating: 0, count: Swift.min(rows, columns))
    var rank: Int32 = 0
    let info = a.withUnsafeMutableBufferPointer { ap in
      rhs.withUnsafeMutableBufferPointer { bp in
        singular.withUnsafeMutableBufferPointer { sp in
          LAPACKE_dgelsd(
            LAPACK_COL_MAJOR, Int32(rows), Int32(columns), 1, ap.baseAddress, Int32(Swift.max(rows, 1)),
            bp.baseAddress, Int32(ldb), sp.baseAddress, -1, &rank)
        }
      }
    }
    if info != 0 { throw .lapack(routine: "dgelsd", info: Int(info)) }
    return Array(rhs.prefix(columns))
  }
}
