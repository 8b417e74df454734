/// A line chart written as an SVG document by hand: axes, ticks, one polyline per series
/// and a legend. Y runs from 0 to 1.
struct LineChart {
  var title: String
  var xLabel: String
  var yLabel: String
  var x: [Double]
  var series: [(name: String, values: [Double])]

  /// Tableau 10, a palette that stays distinguishable for most readers.
  static let colors = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
  ]

  func svg() -> String {
    let width = 860.0, height = 480.0
    let left = 70.0, right = 170.0, top = 50.0, bottom = 60.0
    let plotWidth = width - left - right, plotHeight = height - top - bottom
    let xMax = max(x.last ?? 1, 1)
    func px(_ value: Double) -> String { format(left + value / xMax * plotWidth) }
    func py(_ value: Double) -> String { format(top + (1 - value) * plotHeight) }

    var s = """
      <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
      viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
      <rect width="100%" height="100%" fill="white"/>
      <text x="\(format(width / 2))" y="24" text-anchor="middle" font-size="14">\(escape(title))</text>

      """
    // Grid and ticks.
    for k in 0...5 {
      let value = Double(k) / 5
      s += "<line x1=\"\(px(0))\" y1=\"\(py(value))\" x2=\"\(px(xMax))\" y2=\"\(py(value))\" stroke=\"#ddd\"/>\n"
      s += "<text x=\"\(format(left - 8))\" y=\"\(py(value))\" text-anchor=\"end\" dominant-baseline=\"middle\">"
        + "\(format(value))</text>\n"
    }
    for k in 0...5 {
      let value = xMax * Double(k) / 5
      s += "<line x1=\"\(px(value))\" y1=\"\(py(0))\" x2=\"\(px(value))\" y2=\"\(format(top + plotHeight + 5))\" stroke=\"#888\"/>\n"
      s += "<text x=\"\(px(value))\" y=\"\(format(top + plotHeight + 20))\" text-anchor=\"middle\">"
        + "\(Int(value.rounded()))</text>\n"
    }
    s += "<rect x=\"\(format(left))\" y=\"\(format(top))\" width=\"\(format(plotWidth))\" height=\"\(format(plotHeight))\" "
      + "fill=\"none\" stroke=\"#444\"/>\n"
    s += "<text x=\"\(format(left + plotWidth / 2))\" y=\"\(format(height - 15))\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
    s += "<text transform=\"translate(18 \(format(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\">"
      + "\(escape(yLabel))</text>\n"
    // Series and legend.
    for (k, line) in series.enumerated() {
      let color = Self.colors[k % Self.colors.count]
      let points = zip(x, line.values).map { "\(px($0)),\(py($1))" }.joined(separator: " ")
      s += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(points)\"/>\n"
      let y = top + 10 + Double(k) * 20
      s += "<line x1=\"\(format(width - right + 15))\" y1=\"\(format(y))\" x2=\"\(format(width - right + 40))\" "
        + "y2=\"\(format(y))\" stroke=\"\(color)\" stroke-width=\"3\"/>\n"
      s += "<text x=\"\(format(width - right + 46))\" y=\"\(format(y))\" dominant-baseline=\"middle\">"
        + "\(escape(line.name))</text>\n"
    }
    return s + "</svg>\n"
  }

  private func format(_ value: Double) -> String {
    let rounded = (value * 100).rounded() / 100
    return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
  }

  private func escape(_ text: String) -> String {
    text.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
      .replacing("\"", with: "&quot;")
  }
}
