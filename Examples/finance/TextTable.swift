/// A plain-text table with aligned columns, two spaces apart.
struct TextTable {
  var header: [String]
  var rows: [[String]]
  /// Columns aligned to the right (numbers); the others are aligned to the left.
  var rightAligned: Set<Int> = []

  func rendered() -> String {
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
  var trimmingTrailingSpaces: String {
    var text = self
    while text.last == " " { text.removeLast() }
    return text
  }
}
