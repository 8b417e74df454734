/// A dense, column-major matrix of `Double`, laid out as BLAS and LAPACK expect.
///
/// Element `(i, j)` lives at `storage[i + j * rows]`. The type is a plain value
/// (copy-on-write through its array) and is `package`-visible only: the public
/// API of `Nash` speaks in `[[Double]]` and never exposes it.
package struct Matrix: Hashable, Sendable {
  package let rows: Int
  package let columns: Int
  /// Column-major elements, `rows * columns` of them.
  package var storage: [Double]

  package init(rows: Int, columns: Int, repeating value: Double = 0) {
    precondition(rows >= 0 && columns >= 0, "negative matrix dimension")
    self.rows = rows
    self.columns = columns
    self.storage = Array(repeating: value, count: rows * columns)
  }

  /// Creates a matrix from column-major storage.
  package init(rows: Int, columns: Int, columnMajor storage: [Double]) {
    precondition(storage.count == rows * columns, "storage does not match the shape")
    self.rows = rows
    self.columns = columns
    self.storage = storage
  }

  /// Creates a matrix from an array of rows; every row must have the same length.
  package init(rowArrays: [[Double]]) {
    let rows = rowArrays.count
    let columns = rowArrays.first?.count ?? 0
    precondition(rowArrays.allSatisfy { $0.count == columns }, "ragged rows")
    var storage = [Double](repeating: 0, count: rows * columns)
    for i in 0..<rows {
      for j in 0..<columns { storage[i + j * rows] = rowArrays[i][j] }
    }
    self.init(rows: rows, columns: columns, columnMajor: storage)
  }

  @inline(__always)
  package subscript(row: Int, column: Int) -> Double {
    get { storage[row + column * rows] }
    set { storage[row + column * rows] = newValue }
  }

  /// The rows as arrays (for display and for the public API).
  package var rowArrays: [[Double]] {
    (0..<rows).map { i in (0..<columns).map { j in self[i, j] } }
  }

  package var transposed: Matrix {
    var result = Matrix(rows: columns, columns: rows)
    for j in 0..<columns {
      for i in 0..<rows { result[j, i] = self[i, j] }
    }
    return result
  }

  package static func identity(_ n: Int) -> Matrix {
    var result = Matrix(rows: n, columns: n)
    for i in 0..<n { result[i, i] = 1 }
    return result
  }
}
