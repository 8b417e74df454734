import CDenseKernels
import CLAPACK

// Raw-pointer BLAS/LAPACK kernels for callers that keep their own column-major buffers
// (the revised Lemke–Howson tableau). Every Int32 and CLAPACK call stays in this file.

/// Column-major dense kernels on caller-owned storage.
///
/// Small problems run in the C kernels of `CDenseKernels` (AVX2 + FMA when the CPU has them,
/// chosen at run time; portable loops otherwise): a BLAS call costs about as much as a few
/// hundred flops, which dominates at the sizes of a Lemke–Howson support block.
package enum DenseKernels {
  /// Problems with at most this many matrix entries skip BLAS. `Benchmarks/run-kernels.sh`
  /// measured the C kernels 5–50% faster than one-thread OpenBLAS up to 400 × 160 (64,000
  /// entries) and level with it up to 1000 × 1000 (memory-bound there).
  package static let smallProblem = 65536

  /// `y ← alpha · A x + beta · y` with A `rows × columns`, column-major, leading dimension
  /// `lda` (cblas_dgemv). Does nothing to `y` beyond scaling by `beta` when `columns` is 0.
  package static func gemv(
    rows: Int, columns: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int,
    x: UnsafePointer<Double>, beta: Double, y: UnsafeMutablePointer<Double>
  ) {
    guard rows > 0 else { return }
    guard columns > 0 else {
      if beta == 0 {
        y.update(repeating: 0, count: rows)
      } else if beta != 1 {
        for i in 0..<rows { y[i] *= beta }
      }
      return
    }
    if rows * columns <= smallProblem {
      nash_dense_gemv(Int64(rows), Int64(columns), alpha, a, Int64(lda), x, beta, y)
      return
    }
    cblas_dgemv(
      CblasColMajor, CblasNoTrans, Int32(rows), Int32(columns), alpha, a, Int32(lda), x, 1,
      beta, y, 1)
  }

  /// `y ← alpha · Aᵀ x + beta · y` with A `rows × columns`, column-major, leading
  /// dimension `lda`; `x` has `rows` entries and `y` has `columns` (cblas_dgemv, transposed).
  package static func gemvTransposed(
    rows: Int, columns: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int,
    x: UnsafePointer<Double>, beta: Double, y: UnsafeMutablePointer<Double>
  ) {
    guard columns > 0 else { return }
    guard rows > 0 else {
      if beta == 0 { y.update(repeating: 0, count: columns) } else if beta != 1 {
        for j in 0..<columns { y[j] *= beta }
      }
      return
    }
    if rows * columns <= smallProblem {
      nash_dense_gemv_transposed(Int64(rows), Int64(columns), alpha, a, Int64(lda), x, beta, y)
      return
    }
    cblas_dgemv(
      CblasColMajor, CblasTrans, Int32(rows), Int32(columns), alpha, a, Int32(lda), x, 1,
      beta, y, 1)
  }

  /// `A ← A + alpha · x yᵀ` with A `rows × columns`, column-major, leading dimension `lda`
  /// (cblas_dger).
  package static func rankOneUpdate(
    rows: Int, columns: Int, alpha: Double, x: UnsafePointer<Double>, y: UnsafePointer<Double>,
    a: UnsafeMutablePointer<Double>, lda: Int
  ) {
    guard rows > 0, columns > 0 else { return }
    if rows * columns <= smallProblem {
      nash_dense_rank_one_update(Int64(rows), Int64(columns), alpha, x, y, a, Int64(lda))
      return
    }
    cblas_dger(CblasColMajor, Int32(rows), Int32(columns), alpha, x, 1, y, 1, a, Int32(lda))
  }

  /// The minimum-ratio test of a pivot: `ratios[i] = beta[i] / d[i]` where `d[i] > tolerance`,
  /// +∞ elsewhere; returns the least ratio r*, the last index whose ratio is within
  /// `tie · max(1, |r*|)` of it and how many are (nil if every ratio is infinite). AVX2 when
  /// the CPU has it.
  package static func minimumRatio(
    count: Int, d: UnsafePointer<Double>, beta: UnsafePointer<Double>, tolerance: Double, tie: Double,
    ratios: UnsafeMutablePointer<Double>
  ) -> (least: Double, last: Int, within: Int)? {
    var within: Int64 = 0
    var least = Double.infinity
    let last = nash_dense_min_ratio(Int64(count), d, beta, tolerance, tie, ratios, &within, &least)
    return last < 0 ? nil : (least, Int(last), Int(within))
  }

  /// Orders up to this are inverted by ``gaussJordanInverse(order:a:lda:)``; larger ones by LAPACK.
  package static let smallInverse = 48

  /// Inverts the `order × order` matrix held column-major in `a` (leading dimension `lda`)
  /// in place with partial pivoting: Gauss–Jordan up to ``smallInverse`` (no allocation;
  /// dgetrf + dgetri's call, workspace and pivot-array costs dominate a Lemke–Howson
  /// refactorization at supports of 9–31: 12% of a 50×50 path), LAPACK dgetrf + dgetri
  /// above. Returns false, with `a` overwritten, if the matrix is exactly singular.
  package static func invertInPlace(order: Int, a: UnsafeMutablePointer<Double>, lda: Int) -> Bool {
    guard order > 0 else { return true }
    if order <= smallInverse { return gaussJordanInverse(order: order, a: a, lda: lda) }
    return lapackInverse(order: order, a: a, lda: lda)
  }

  /// `invertInPlace` by LAPACK dgetrf + dgetri, at any order.
  package static func lapackInverse(order: Int, a: UnsafeMutablePointer<Double>, lda: Int) -> Bool {
    guard order > 0 else { return true }
    var n = Int32(order)
    var ld = Int32(lda)
    var info: Int32 = 0
    var pivots = [Int32](repeating: 0, count: order)
    dgetrf_(&n, &n, a, &ld, &pivots, &info)
    guard info == 0 else { return false }
    var lwork = Int32(max(1, order * 64))
    var work = [Double](repeating: 0, count: Int(lwork))
    dgetri_(&n, a, &ld, &pivots, &work, &lwork, &info)
    return info == 0
  }

  /// In-place Gauss–Jordan inversion with partial pivoting (Golub & Van Loan, *Matrix
  /// Computations*, 4th ed., §3.2 and §3.4): each step swaps the pivot row into place and
  /// eliminates its column from every other row by one rank-one update
  /// (``rankOneUpdate(rows:columns:alpha:x:y:a:lda:)``); the row interchanges become column
  /// interchanges of the inverse, undone at the end. `order ≤` ``smallInverse``. Returns false if a pivot is exactly zero.
  package static func gaussJordanInverse(order n: Int, a: UnsafeMutablePointer<Double>, lda: Int) -> Bool {
    withUnsafeTemporaryAllocation(of: Int.self, capacity: n) { swaps in
      withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * n) { scratch in
        let m = scratch.baseAddress!, r = m + n
        for j in 0..<n {
          let column = a + j * lda
          var p = j
          var largest = abs(column[j])
          for i in (j + 1)..<max(j + 1, n) where abs(column[i]) > largest {
            largest = abs(column[i])
            p = i
          }
          guard largest > 0 else { return false }
          swaps[j] = p
          if p != j {
            for c in 0..<n {
              let t = a[j + c * lda]
              a[j + c * lda] = a[p + c * lda]
              a[p + c * lda] = t
            }
          }
          let inverse = 1 / column[j]
          // Row j scaled by the pivot's inverse (r, with r[j] = 0 so column j is left alone), the
          // multipliers m = column j (with m[j] = 0 so row j is left alone), then every other
          // entry by one rank-one update A −= m rᵀ.
          for c in 0..<n {
            let scaled = a[j + c * lda] * inverse
            a[j + c * lda] = scaled
            r[c] = scaled
          }
          r[j] = 0
          for i in 0..<n { m[i] = column[i] }
          m[j] = 0
          rankOneUpdate(rows: n, columns: n, alpha: -1, x: m, y: r, a: a, lda: lda)
          for i in 0..<n { column[i] = -m[i] * inverse }
          column[j] = inverse
        }
        for j in stride(from: n - 1, through: 0, by: -1) where swaps[j] != j {
          let x = a + j * lda, y = a + swaps[j] * lda
          for i in 0..<n {
            let t = x[i]
            x[i] = y[i]
            y[i] = t
          }
        }
        return true
      }
    }
  }
}
