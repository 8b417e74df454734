// Shared by the examples (target ExampleSupport): terminal tables.

/// A plain-text table with aligned columns, two spaces apart.
public struct TextTable {
  public var header: [String]
  public var rows: [[String]]
  /// Columns aligned to the right (numbers); the others are aligned to the left.
  public var rightAligned: Set<Int> = []

  public init(header: [String], rows: [[String]], rightAligned: Set<Int> = []) {
    self.header = header
    self.rows = rows
    self.rightAligned = rightAligned
  }

  public func rendered() -> String {
    let all = [header] + rows
    let widths = header.indices.map { c in all.map { $0[c].count }.max() ?? 0 }
    return all.map { row in
      row.indices.map { c in
        let pad = String(repeating: " ", count: widths[c] - row[c].count)
        return rightAligned.contains(c) ? pad + row[c] : row[c] + pad
      }
      .joined(separator: "  ")
      .trimmingTrailingSpaces
    }
    .joined(separator: "\n") + "\n"
  }
}

extension String {
  /// The string without the spaces at its end.
  public var trimmingTrailingSpaces: String {
    var text = self
    while text.last == " " { text.removeLast() }
    return text
  }
}
