import Testing

@testable import NashLinearAlgebra

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
    var state: UInt64 = 0x1234_5678 &+ UInt64(order)
    func next() -> Double {
      state = state &* 6364136223846793005 &+ 1442695040888963407
      return Double(state >> 11) * 0x1.0p-53 - 0.5
    }
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
