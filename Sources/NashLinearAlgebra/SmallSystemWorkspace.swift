import CLAPACK

/// A reusable workspace for solving many small square systems without allocating: the hot
/// loop of support enumeration. Not thread-safe; give each thread its own.
///
/// Systems of order ≤ ``directOrderLimit`` are solved by Gaussian elimination with partial
/// pivoting written out here; larger ones by LAPACK `dgesv`, which is the same algorithm.
/// The split is measured, not assumed: on the project's 2-core EPYC machine (OpenBLAS
/// 0.3.21, one thread), one `dgesv` call costs 225 ns at order 3, 683 ns at 7, 1177 ns at 9
/// and 2228 ns at 13, against 50, 273, 446 and 1115 ns for the loop below. At these orders
/// LAPACK's fixed per-call cost (argument checks, recursive panel factorization, thread
/// dispatch) dominates the O(n³/3) flops; see Benchmarks/README.md.
package struct SmallSystemWorkspace: ~Copyable {
  /// Orders up to this use the direct loop; above it, LAPACK.
  package static let directOrderLimit = 16

  package let capacity: Int
  /// Column-major `capacity × capacity` matrix buffer; fill `matrix[i + j * order]`.
  package let matrix: UnsafeMutableBufferPointer<Double>
  /// Right-hand side in, solution out.
  package let rhs: UnsafeMutableBufferPointer<Double>
  let pivots: UnsafeMutableBufferPointer<Int32>

  package init(capacity: Int) {
    precondition(capacity > 0)
    self.capacity = capacity
    matrix = .allocate(capacity: capacity * capacity)
    matrix.initialize(repeating: 0)
    rhs = .allocate(capacity: capacity)
    rhs.initialize(repeating: 0)
    pivots = .allocate(capacity: capacity)
    pivots.initialize(repeating: 0)
  }

  deinit {
    matrix.deallocate()
    rhs.deallocate()
    pivots.deallocate()
  }

  /// Solves the `order × order` system held in `matrix` (leading dimension `order`) with
  /// right-hand side `rhs`, in place; `matrix` is overwritten. Returns false if a pivot is
  /// exactly zero (the matrix is singular).
  package func solveInPlace(order: Int) -> Bool {
    precondition(order > 0 && order <= capacity)
    return order <= Self.directOrderLimit ? eliminate(order: order) : solveWithLAPACK(order: order)
  }

  /// Solves with LAPACK `dgesv` regardless of the order (for tests and measurements).
  package func solveWithLAPACK(order: Int) -> Bool {
    var n = Int32(order)
    var nrhs: Int32 = 1
    var lda = n
    var ldb = n
    var info: Int32 = 0
    dgesv_(&n, &nrhs, matrix.baseAddress, &lda, pivots.baseAddress, rhs.baseAddress, &ldb, &info)
    precondition(info >= 0, "dgesv rejected its arguments (info \(info))")
    return info == 0
  }

  /// Gaussian elimination with partial pivoting, column-oriented for the column-major
  /// layout: multipliers are stored in the pivot column, then each later column receives
  /// one contiguous axpy.
  private func eliminate(order n: Int) -> Bool {
    let a = matrix.baseAddress!, b = rhs.baseAddress!
    for k in 0..<n {
      let pivotColumn = a + k * n
      var p = k
      var largest = abs(pivotColumn[k])
      for r in (k + 1)..<n where abs(pivotColumn[r]) > largest {
        largest = abs(pivotColumn[r])
        p = r
      }
      guard largest != 0 else { return false }
      if p != k {
        for c in k..<n { swap(&a[k + c * n], &a[p + c * n]) }
        swap(&b[k], &b[p])
      }
      let inverse = 1 / pivotColumn[k]
      for r in (k + 1)..<n { pivotColumn[r] *= inverse }
      for c in (k + 1)..<n {
        let column = a + c * n
        let t = column[k]
        if t != 0 { for r in (k + 1)..<n { column[r] -= pivotColumn[r] * t } }
      }
      let t = b[k]
      if t != 0 { for r in (k + 1)..<n { b[r] -= pivotColumn[r] * t } }
    }
    for k in stride(from: n - 1, through: 0, by: -1) {
      let value = b[k] / a[k + k * n]
      b[k] = value
      if value != 0 { for r in 0..<k { b[r] -= a[r + k * n] * value } }
    }
    return true
  }
}
