import CLAPACK

// BLAS level 2 and 3 wrappers. Every pointer and `Int32` stays in this file.

extension Matrix {
  /// `y = alpha * op(self) * x + beta * y` (``DenseKernels``: the C kernels for small
  /// matrices, cblas_dgemv otherwise).
  package func multiply(
    _ x: [Double], transposed: Bool = false, alpha: Double = 1, beta: Double = 0,
    into y: inout [Double]
  ) {
    let (outCount, inCount) = transposed ? (columns, rows) : (rows, columns)
    precondition(x.count == inCount && y.count == outCount, "gemv shape mismatch")
    guard outCount > 0 else { return }
    guard inCount > 0 else {
      for i in y.indices { y[i] *= beta }
      return
    }
    storage.withUnsafeBufferPointer { a in
      x.withUnsafeBufferPointer { xp in
        y.withUnsafeMutableBufferPointer { yp in
          if transposed {
            DenseKernels.gemvTransposed(
              rows: rows, columns: columns, alpha: alpha, a: a.baseAddress!, lda: rows,
              x: xp.baseAddress!, beta: beta, y: yp.baseAddress!)
          } else {
            DenseKernels.gemv(
              rows: rows, columns: columns, alpha: alpha, a: a.baseAddress!, lda: rows,
              x: xp.baseAddress!, beta: beta, y: yp.baseAddress!)
          }
        }
      }
    }
  }

  /// `op(self) * x` as a new vector.
  package func times(_ x: [Double], transposed: Bool = false) -> [Double] {
    var y = [Double](repeating: 0, count: transposed ? columns : rows)
    multiply(x, transposed: transposed, into: &y)
    return y
  }

  /// `alpha * op(self) * op(other)` (cblas_dgemm).
  package func times(
    _ other: Matrix, transposeSelf: Bool = false, transposeOther: Bool = false,
    alpha: Double = 1
  ) -> Matrix {
    let m = transposeSelf ? columns : rows
    let k = transposeSelf ? rows : columns
    let k2 = transposeOther ? other.columns : other.rows
    let n = transposeOther ? other.rows : other.columns
    precondition(k == k2, "gemm inner dimensions differ")
    var result = Matrix(rows: m, columns: n)
    guard m > 0, n > 0, k > 0 else { return result }
    storage.withUnsafeBufferPointer { a in
      other.storage.withUnsafeBufferPointer { b in
        result.storage.withUnsafeMutableBufferPointer { c in
          cblas_dgemm(
            CblasColMajor, transposeSelf ? CblasTrans : CblasNoTrans,
            transposeOther ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), Int32(k), alpha,
            a.baseAddress, Int32(Swift.max(rows, 1)), b.baseAddress,
            Int32(Swift.max(other.rows, 1)), 0, c.baseAddress, Int32(m))
        }
      }
    }
    return result
  }

  /// Rank-one update `self += alpha * x * yᵀ` (cblas_dger).
  package mutating func addOuterProduct(_ x: [Double], _ y: [Double], alpha: Double = 1) {
    precondition(x.count == rows && y.count == columns, "ger shape mismatch")
    guard rows > 0, columns > 0 else { return }
    let (m, n) = (rows, columns)
    storage.withUnsafeMutableBufferPointer { a in
      x.withUnsafeBufferPointer { xp in
        y.withUnsafeBufferPointer { yp in
          cblas_dger(
            CblasColMajor, Int32(m), Int32(n), alpha, xp.baseAddress, 1, yp.baseAddress, 1,
            a.baseAddress, Int32(m))
        }
      }
    }
  }
}

/// Dot product (cblas_ddot).
package func dot(_ x: [Double], _ y: [Double]) -> Double {
  precondition(x.count == y.count, "dot length mismatch")
  guard !x.isEmpty else { return 0 }
  return x.withUnsafeBufferPointer { xp in
    y.withUnsafeBufferPointer { yp in cblas_ddot(Int32(x.count), xp.baseAddress, 1, yp.baseAddress, 1) }
  }
}
