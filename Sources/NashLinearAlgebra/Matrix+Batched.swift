import CLAPACK

// Kernels for the zero-sum and learning-dynamics solvers: the Tucker exchange step of a
// condensed simplex tableau (one cblas_dger), and products of several same-shape matrices
// with several vectors at once. Every pointer and `Int32` stays in this file.

extension Matrix {
  /// One exchange (Tucker) pivot on a condensed tableau at `(r, s)`, with pivot element
  /// `p = self[r, s]`:
  ///
  ///     T[i, j] ← T[i, j] − T[i, s]·T[r, j]/p   (i ≠ r, j ≠ s)
  ///     T[r, j] ← T[r, j]/p,  T[i, s] ← −T[i, s]/p,  T[r, s] ← 1/p
  ///
  /// This swaps the basic variable of row `r` with the nonbasic variable of column `s` in a
  /// dictionary `x_B = b − T x_N` (Chvátal 1983, ch. 2; Tucker's condensed form). The bulk
  /// is one BLAS rank-one update (cblas_dger) over the whole matrix; row `r` and column `s`
  /// are then overwritten from saved copies.
  ///
  /// - Parameter workspace: scratch of at least `rows + columns` entries, reused across calls.
  /// - Precondition: the pivot element is finite and non-zero.
  /// - Complexity: O(rows × columns).
  package mutating func exchange(row r: Int, column s: Int, workspace: inout [Double]) {
    let (m, n) = (rows, columns)
    precondition(r >= 0 && r < m && s >= 0 && s < n, "pivot position out of range")
    let p = storage[r + s * m]
    precondition(p.isFinite && p != 0, "zero or non-finite pivot element")
    if workspace.count < m + n { workspace = [Double](repeating: 0, count: m + n) }
    let inverse = 1 / p
    storage.withUnsafeMutableBufferPointer { t in
      let base = t.baseAddress!
      workspace.withUnsafeMutableBufferPointer { w in
        let column = w.baseAddress!
        let row = column + m
        for i in 0..<m { column[i] = base[i + s * m] }
        for j in 0..<n { row[j] = base[r + j * m] }
        cblas_dger(CblasColMajor, Int32(m), Int32(n), -inverse, column, 1, row, 1, base, Int32(m))
        for j in 0..<n { base[r + j * m] = row[j] * inverse }
        for i in 0..<m { base[i + s * m] = -column[i] * inverse }
        base[r + s * m] = inverse
      }
    }
  }

  /// The sub-matrix with the given rows and columns (in that order).
  package func submatrix(rows rowIndices: [Int], columns columnIndices: [Int]) -> Matrix {
    var result = Matrix(rows: rowIndices.count, columns: columnIndices.count)
    for (jj, j) in columnIndices.enumerated() {
      for (ii, i) in rowIndices.enumerated() { result[ii, jj] = self[i, j] }
    }
    return result
  }

  /// `alpha * op(self) * X + beta * Y` for a block of right-hand sides X (cblas_dgemm),
  /// written into `result`, whose shape must fit.
  package func multiply(
    _ x: Matrix, transposed: Bool = false, alpha: Double = 1, beta: Double = 0,
    into result: inout Matrix
  ) {
    let m = transposed ? columns : rows
    let k = transposed ? rows : columns
    precondition(x.rows == k && result.rows == m && result.columns == x.columns, "gemm shape mismatch")
    let n = x.columns
    guard m > 0, n > 0 else { return }
    guard k > 0 else {
      for i in result.storage.indices { result.storage[i] *= beta }
      return
    }
    storage.withUnsafeBufferPointer { a in
      x.storage.withUnsafeBufferPointer { b in
        result.storage.withUnsafeMutableBufferPointer { c in
          cblas_dgemm(
            CblasColMajor, transposed ? CblasTrans : CblasNoTrans, CblasNoTrans, Int32(m), Int32(n),
            Int32(k), alpha, a.baseAddress, Int32(Swift.max(rows, 1)), b.baseAddress,
            Int32(Swift.max(x.rows, 1)), beta, c.baseAddress, Int32(Swift.max(m, 1)))
        }
      }
    }
  }
}

/// A batch of `count` same-shape matrices stored back to back (each column-major) in one
/// contiguous buffer, for advancing several games in lockstep.
///
/// Products `M_g v_g` with a different matrix per member are not a single gemm (OpenBLAS
/// 0.3.21 has no batched gemm), so ``multiply(_:transposed:alpha:beta:into:)`` runs one
/// strided dgemv per member over the shared buffer.
package struct MatrixBatch: Sendable {
  package let rows: Int
  package let columns: Int
  package let count: Int
  /// `count` column-major matrices, member g at offset `g * rows * columns`.
  package var storage: [Double]

  package init(_ matrices: [Matrix]) {
    precondition(!matrices.isEmpty, "an empty batch")
    let (r, c) = (matrices[0].rows, matrices[0].columns)
    precondition(matrices.allSatisfy { $0.rows == r && $0.columns == c }, "shapes differ")
    rows = r
    columns = c
    count = matrices.count
    storage = matrices.flatMap(\.storage)
  }

  /// `Y[:, g] = alpha * op(M_g) * X[:, g] + beta * Y[:, g]` for every member g, where X and
  /// Y hold one vector per column (dgemv per member on the shared buffer).
  package func multiply(
    _ x: Matrix, transposed: Bool = false, alpha: Double = 1, beta: Double = 0,
    into y: inout Matrix
  ) {
    let (outCount, inCount) = transposed ? (columns, rows) : (rows, columns)
    precondition(x.rows == inCount && x.columns == count, "batched gemv: wrong input shape")
    precondition(y.rows == outCount && y.columns == count, "batched gemv: wrong output shape")
    guard outCount > 0, inCount > 0 else { return }
    let stride = rows * columns
    storage.withUnsafeBufferPointer { a in
      x.storage.withUnsafeBufferPointer { xp in
        y.storage.withUnsafeMutableBufferPointer { yp in
          for g in 0..<count {
            cblas_dgemv(
              CblasColMajor, transposed ? CblasTrans : CblasNoTrans, Int32(rows), Int32(columns),
              alpha, a.baseAddress! + g * stride, Int32(Swift.max(rows, 1)),
              xp.baseAddress! + g * inCount, 1, beta, yp.baseAddress! + g * outCount, 1)
          }
        }
      }
    }
  }
}
