import CLAPACK

// Gauss–Jordan pivoting on a dense tableau, the kernel of complementary pivoting
// (Lemke–Howson). Every pointer and `Int32` stays in this file.

/// How ``Matrix/pivot(row:column:kernel:workspace:)`` updates the tableau.
package enum PivotKernel: Sendable, CaseIterable {
  /// One BLAS rank-one update (cblas_dger) over the whole tableau.
  case rankOne
  /// A column loop that skips the columns whose pivot-row entry is zero (the basic
  /// columns), updating each remaining column with a vectorized loop. Half the work of
  /// ``rankOne`` on a Lemke–Howson tableau, whose basic columns are unit vectors.
  case sparseRow
  /// As ``sparseRow``, with cblas_daxpy for each column.
  case sparseRowAXPY
}

extension Matrix {
  /// Pivots on entry `(row, column)`: divides `row` by the pivot element and subtracts
  /// multiples of it from every other row so that `column` becomes the unit vector
  /// `e_row`. This is one exchange step of the simplex method on a full tableau.
  ///
  /// - Parameters:
  ///   - workspace: scratch storage, resized to `rows` if needed; reuse it across calls
  ///     so pivoting does not allocate.
  /// - Precondition: the pivot element is finite and non-zero.
  /// - Complexity: O(rows × k), where k is the number of non-zero entries in `row`
  ///   (``PivotKernel/sparseRow``), or O(rows × columns) for ``PivotKernel/rankOne``.
  package mutating func pivot(
    row r: Int, column l: Int, kernel: PivotKernel = .sparseRow, workspace: inout [Double]
  ) {
    precondition(r >= 0 && r < rows && l >= 0 && l < columns, "pivot position out of range")
    let (m, n) = (rows, columns)
    let p = storage[r + l * m]
    precondition(p.isFinite && p != 0, "zero or non-finite pivot element")
    let inverse = 1 / p
    if workspace.count < Swift.max(m, n) {
      workspace = [Double](repeating: 0, count: Swift.max(m, n))
    }
    switch kernel {
    case .rankOne:
      var rowCopy = [Double](repeating: 0, count: n)
      storage.withUnsafeMutableBufferPointer { t in
        let base = t.baseAddress!
        workspace.withUnsafeMutableBufferPointer { w in
          let c = w.baseAddress!
          for i in 0..<m { c[i] = base[i + l * m] * inverse }
          c[r] = 1 - inverse
          rowCopy.withUnsafeMutableBufferPointer { y in
            for j in 0..<n { y[j] = base[r + j * m] }
            cblas_dger(CblasColMajor, Int32(m), Int32(n), -1, c, 1, y.baseAddress, 1, base, Int32(m))
          }
        }
        for i in 0..<m { base[i + l * m] = 0 }
        base[r + l * m] = 1
      }
    case .sparseRow, .sparseRowAXPY:
      let useBLAS = kernel == .sparseRowAXPY
      storage.withUnsafeMutableBufferPointer { t in
        let base = t.baseAddress!
        workspace.withUnsafeMutableBufferPointer { w in
          let c = w.baseAddress!
          let pivotColumn = base + l * m
          for i in 0..<m { c[i] = pivotColumn[i] }
          c[r] = 0
          for j in 0..<n where j != l {
            let column = base + j * m
            let a = column[r]
            if a == 0 { continue }
            let f = a * inverse
            if useBLAS {
              cblas_daxpy(Int32(m), -f, c, 1, column, 1)
            } else {
              for i in 0..<m { column[i] -= f * c[i] }
            }
            column[r] = f
          }
          for i in 0..<m { pivotColumn[i] = 0 }
          pivotColumn[r] = 1
        }
      }
    }
  }
}
