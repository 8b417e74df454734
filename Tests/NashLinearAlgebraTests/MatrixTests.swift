import CDenseKernels
import Testing

@testable import NashLinearAlgebra

/// Doubles uniform in [−0.5, 0.5) from a 64-bit LCG (Knuth's MMIX constants), for the kernels' tests.
struct Uniform {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> Double {
    state = state &* 6364136223846793005 &+ 1442695040888963407
    return Double(state >> 11) * 0x1.0p-53 - 0.5
  }
}

@Suite("Linear algebra layer")
struct MatrixTests {
  let matrix = Matrix(rowArrays: [[2, 1, 0], [1, 3, 1], [0, 1, 4]])

  @Test func columnMajorLayout() {
    #expect(matrix.storage == [2, 1, 0, 1, 3, 1, 0, 1, 4])
    #expect(matrix[1, 2] == 1)
    #expect(matrix.transposed.rowArrays == [[2, 1, 0], [1, 3, 1], [0, 1, 4]])
  }

  @Test func gemvAndGemm() {
    #expect(matrix.times([1, 1, 1]) == [3, 5, 5])
    let rect = Matrix(rowArrays: [[1, 2], [3, 4], [5, 6]])
    #expect(rect.times([1, 1], transposed: false) == [3, 7, 11])
    #expect(rect.times([1, 0, 1], transposed: true) == [6, 8])
    #expect(rect.times(rect, transposeSelf: true).rowArrays == [[35, 44], [44, 56]])
  }

  @Test func rankOneUpdate() {
    var m = Matrix(rows: 2, columns: 2)
    m.addOuterProduct([1, 2], [3, 4], alpha: 2)
    #expect(m.rowArrays == [[6, 8], [12, 16]])
  }

  @Test func luSolve() throws {
    let x = try matrix.solve([3, 5, 5])
    for (value, expected) in zip(x, [1.0, 1, 1]) { #expect(abs(value - expected) < 1e-14) }
    let lu = try LUFactorization(matrix)
    let xt = lu.solve([3, 5, 5], transposed: true)
    for (value, expected) in zip(xt, [1.0, 1, 1]) { #expect(abs(value - expected) < 1e-14) }
  }

  @Test func singularMatrixThrows() {
    #expect(throws: LinearAlgebraError.singular) {
      try Matrix(rowArrays: [[1, 2], [2, 4]]).solve([1, 1])
    }
  }

  @Test func leastSquares() throws {
    // Fit y = a + b t through (0,1), (1,3), (2,5): a = 1, b = 2.
    let design = Matrix(rowArrays: [[1, 0], [1, 1], [1, 2]])
    let coefficients = try design.leastSquares([1, 3, 5])
    #expect(abs(coefficients[0] - 1) < 1e-12 && abs(coefficients[1] - 2) < 1e-12)
  }

  @Test func smallWorkspaceSolves() {
    let workspace = SmallSystemWorkspace(capacity: 3)
    for (i, v) in matrix.storage.enumerated() { workspace.matrix[i] = v }
    workspace.rhs[0] = 3
    workspace.rhs[1] = 5
    workspace.rhs[2] = 5
    let solved = workspace.solveInPlace(order: 3)
    #expect(solved)
    #expect(abs(workspace.rhs[1] - 1) < 1e-14)
  }
}

@Suite("Small-system workspace")
struct SmallSystemTests {
  /// The direct loop and LAPACK agree on random systems of every order up to 20.
  @Test(arguments: 1...20)
  func directLoopAgreesWithLAPACK(order: Int) {
    var random = Uniform(seed: 0x1234_5678 &+ UInt64(order))
    func next() -> Double { random.next() }
    let values = (0..<(order * order)).map { _ in next() }
    let rhs = (0..<order).map { _ in next() }
    let direct = SmallSystemWorkspace(capacity: order)
    let lapack = SmallSystemWorkspace(capacity: order)
    for i in values.indices {
      direct.matrix[i] = values[i]
      lapack.matrix[i] = values[i]
    }
    for i in rhs.indices {
      direct.rhs[i] = rhs[i]
      lapack.rhs[i] = rhs[i]
    }
    let directSolved = direct.solveInPlace(order: order)
    let lapackSolved = lapack.solveWithLAPACK(order: order)
    #expect(directSolved && lapackSolved)
    for i in 0..<order { #expect(abs(direct.rhs[i] - lapack.rhs[i]) <= 1e-9 * max(1, abs(lapack.rhs[i]))) }
  }

  @Test func singularIsReported() {
    let workspace = SmallSystemWorkspace(capacity: 2)
    for (i, v) in [1.0, 2, 2, 4].enumerated() { workspace.matrix[i] = v }
    let solved = workspace.solveInPlace(order: 2)
    #expect(!solved)
  }
}

@Suite("Dense kernels: in-place inverse")
struct InverseTests {
  /// Gauss–Jordan and LAPACK agree, and A·A⁻¹ = I, on random matrices of orders 1–48 with a
  /// leading dimension above the order; one matrix in three (order ≥ 2) has a zero diagonal, so the pivot
  /// search and the final column interchanges are exercised.
  @Test(arguments: [1, 2, 3, 5, 9, 16, 19, 31, 48])
  func gaussJordanAgreesWithLAPACK(order n: Int) {
    var random = Uniform(seed: 0x9E37_79B9 &+ UInt64(n))
    func next() -> Double { random.next() }
    let lda = n + 3
    for trial in 0..<3 {
      var a = (0..<(lda * n)).map { _ in next() }
      if trial == 0, n > 1 { for j in 0..<n { a[j + j * lda] = 0 } }
      var gj = a, lapack = a
      let solvedGJ = gj.withUnsafeMutableBufferPointer {
        DenseKernels.gaussJordanInverse(order: n, a: $0.baseAddress!, lda: lda)
      }
      let solvedLAPACK = lapack.withUnsafeMutableBufferPointer {
        DenseKernels.lapackInverse(order: n, a: $0.baseAddress!, lda: lda)
      }
      #expect(solvedGJ && solvedLAPACK)
      var worst = 0.0
      for j in 0..<n {
        for i in 0..<n {
          worst = max(worst, abs(gj[i + j * lda] - lapack[i + j * lda]) / max(1, abs(lapack[i + j * lda])))
          var product = 0.0
          for l in 0..<n { product += a[i + l * lda] * gj[l + j * lda] }
          #expect(abs(product - (i == j ? 1 : 0)) <= 1e-8, "order \(n) trial \(trial): (A·A⁻¹)[\(i), \(j)] = \(product)")
        }
      }
      #expect(worst <= 1e-8, "order \(n) trial \(trial): Gauss–Jordan and LAPACK differ by \(worst)")
    }
  }

  @Test func singularIsReported() {
    var a: [Double] = [1, 2, 2, 4]
    let solved = a.withUnsafeMutableBufferPointer { DenseKernels.gaussJordanInverse(order: 2, a: $0.baseAddress!, lda: 2) }
    #expect(!solved)
  }
}

@Suite("Dense kernels: C variants")
struct CDenseKernelTests {
  typealias Gemv = (Int64, Int64, Double, UnsafePointer<Double>?, Int64, UnsafePointer<Double>?, Double,
    UnsafeMutablePointer<Double>?) -> Void
  typealias RankOne = (Int64, Int64, Double, UnsafePointer<Double>?, UnsafePointer<Double>?,
    UnsafeMutablePointer<Double>?, Int64) -> Void

  /// Every variant this machine can run: the portable one always, AVX2 + FMA when the CPU has it,
  /// and the dispatching entry point.
  static var variants: [(name: String, gemv: Gemv, gemvT: Gemv, rankOne: RankOne)] {
    var all: [(String, Gemv, Gemv, RankOne)] = [
      ("portable", nash_dense_gemv_portable, nash_dense_gemv_transposed_portable, nash_dense_rank_one_portable),
      ("dispatch", nash_dense_gemv, nash_dense_gemv_transposed, nash_dense_rank_one_update),
    ]
    #if arch(x86_64)
      if nash_dense_uses_avx2() == 1 {
        all.append(("avx2", nash_dense_gemv_avx2, nash_dense_gemv_transposed_avx2, nash_dense_rank_one_avx2))
      }
    #endif
    return all
  }

  /// Each variant against plain loops, on shapes that cover every tail of the four-row and
  /// four-column blocks, with a leading dimension above the row count and alpha/beta cases
  /// 0, 1 and general.
  @Test func variantsAgreeWithPlainLoops() {
    var random = Uniform(seed: 77)
    func next() -> Double { random.next() }
    for (name, gemv, gemvT, rankOne) in Self.variants {
      for rows in [1, 2, 3, 4, 5, 7, 8, 9, 13, 50, 100] {
        for columns in [1, 3, 4, 5, 9, 19] {
          for (alpha, beta) in [(1.0, 0.0), (-1.0, 1.0), (0.5, -2.0)] {
            let lda = rows + 2
            let a = (0..<(lda * columns)).map { _ in next() }
            let x = (0..<max(rows, columns)).map { _ in next() }
            let y0 = (0..<max(rows, columns)).map { _ in next() }
            // y ← αAx + βy
            var y = y0
            gemv(Int64(rows), Int64(columns), alpha, a, Int64(lda), x, beta, &y)
            for i in 0..<rows {
              var s = 0.0
              for j in 0..<columns { s += a[i + j * lda] * x[j] }
              let expected = alpha * s + beta * y0[i]
              #expect(abs(y[i] - expected) <= 1e-12, "\(name) gemv \(rows)×\(columns) row \(i)")
            }
            for i in rows..<y.count { #expect(y[i] == y0[i], "\(name) gemv wrote past row \(rows)") }
            // y ← αAᵀx + βy
            var yt = y0
            gemvT(Int64(rows), Int64(columns), alpha, a, Int64(lda), x, beta, &yt)
            for j in 0..<columns {
              var s = 0.0
              for i in 0..<rows { s += a[i + j * lda] * x[i] }
              #expect(abs(yt[j] - (alpha * s + beta * y0[j])) <= 1e-12, "\(name) gemvT \(rows)×\(columns) col \(j)")
            }
            // A ← A + αxyᵀ, padding rows untouched
            var b = a
            rankOne(Int64(rows), Int64(columns), alpha, x, y0, &b, Int64(lda))
            for j in 0..<columns {
              for i in 0..<lda {
                let expected = i < rows ? a[i + j * lda] + alpha * x[i] * y0[j] : a[i + j * lda]
                #expect(abs(b[i + j * lda] - expected) <= 1e-12, "\(name) rank one \(rows)×\(columns) (\(i), \(j))")
              }
            }
          }
        }
      }
    }
  }

  /// The transposed products four columns at a time give each column the same bits as the
  /// one-column loop (same operations in the same order), so blocking changes no pivot path.
  @Test func transposedBlocksMatchSingleColumns() {
    var random = Uniform(seed: 5)
    func next() -> Double { random.next() }
    for (name, _, gemvT, _) in Self.variants {
      for rows in [1, 3, 4, 7, 8, 31, 100] {
        let columns = 11, lda = rows + 1
        let a = (0..<(lda * columns)).map { _ in next() }
        let x = (0..<rows).map { _ in next() }
        for (alpha, beta) in [(1.0, 0.0), (0.5, -2.0)] {
          let y0 = (0..<columns).map { _ in next() }
          var blocked = y0
          gemvT(Int64(rows), Int64(columns), alpha, a, Int64(lda), x, beta, &blocked)
          for j in 0..<columns {
            var single = [y0[j]]
            a.withUnsafeBufferPointer { gemvT(Int64(rows), 1, alpha, $0.baseAddress! + j * lda, Int64(lda), x, beta, &single) }
            #expect(blocked[j].bitPattern == single[0].bitPattern, "\(name) gemvT \(rows) rows, column \(j)")
          }
        }
      }
    }
  }

  /// The minimum-ratio test of every variant against a plain loop: entries at or below the
  /// tolerance (negative, zero, tiny) never qualify, exact ties are counted, and the last tied
  /// index is returned; all-infinite columns give −1.
  @Test func minimumRatioAgreesWithPlainLoop() {
    typealias MinRatio = (Int64, UnsafePointer<Double>?, UnsafePointer<Double>?, Double, Double,
      UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Int64>?, UnsafeMutablePointer<Double>?) -> Int64
    var variants: [(String, MinRatio)] = [("portable", nash_dense_min_ratio_portable), ("dispatch", nash_dense_min_ratio)]
    #if arch(x86_64)
      if nash_dense_uses_avx2() == 1 { variants.append(("avx2", nash_dense_min_ratio_avx2)) }
    #endif
    var state: UInt64 = 5
    func next() -> UInt64 {
      state = state &* 6364136223846793005 &+ 1442695040888963407
      return state >> 33
    }
    let tolerance = 1e-12, tie = 1e-9
    for (name, minRatio) in variants {
      for count in [0, 1, 3, 4, 5, 8, 13, 50, 101] {
        for trial in 0..<20 {
          // Small integers make exact ties common; a quarter of the entries cannot pivot.
          let d: [Double] = (0..<count).map { _ in
            switch next() % 8 {
            case 0: return -Double(next() % 3)
            case 1: return trial == 0 ? 0 : 1e-13
            default: return Double(1 + next() % 4)
            }
          }
          let beta: [Double] = (0..<count).map { _ in Double(next() % 6) }
          var least = Double.infinity
          for i in 0..<count where d[i] > tolerance { least = min(least, beta[i] / d[i]) }
          let cutoff = least + tie * max(1, abs(least))
          let tied = (0..<count).filter { d[$0] > tolerance && beta[$0] / d[$0] <= cutoff }
          var ratios = [Double](repeating: .nan, count: count)
          var within: Int64 = -1
          var reported = Double.nan
          let last = minRatio(Int64(count), d, beta, tolerance, tie, &ratios, &within, &reported)
          if least == .infinity {
            #expect(last == -1, "\(name) count \(count): \(last)")
          } else {
            #expect(reported == least && last == Int64(tied.last!) && within == Int64(tied.count),
              "\(name) count \(count) trial \(trial): (\(reported), \(last), \(within)) vs (\(least), \(tied.last!), \(tied.count))")
          }
          for i in 0..<count {
            #expect(ratios[i] == (d[i] > tolerance ? beta[i] / d[i] : .infinity), "\(name) ratio \(i)")
          }
        }
      }
    }
  }
}
