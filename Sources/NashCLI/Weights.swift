import ArgumentParser
import Foundation
import NashRouting

struct Weights: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Compute robust (minimax) expert weights from an experts × scenarios payoff table.",
    discussion: """
      The CSV has one row per expert and one column per scenario (larger payoffs are better), \
      with an optional header row of scenario labels and an optional first column of expert \
      labels; '#' lines are comments; '-' reads standard input. Without --tau the weights \
      maximise the worst scenario's payoff; with --tau T > 0 the adversary pays T·KL(q‖p) for \
      moving away from the prior p (uniform, or --prior) and the weights maximise the entropic \
      risk −T·log Σ_j p_j exp(−payoff_j/T) (T in payoff units: small is cautious, large \
      approaches the average under p). The output gives the weights, \
      the adversary's scenario mix and certified bounds lower ≤ optimum ≤ upper.

      Examples:
        nash weights payoff.csv
        nash weights payoff.csv --tau 0.05 --format json
        nash weights payoff.csv --tau 0.05 --prior 0.5,0.3,0.2
        nash weights payoff.csv --method optimistic-hedge --max-iterations 5000

      Exit codes: 0 success; 1 bad input or solver failure (one 'Error:' line on stderr); \
      64 usage error.
      """)

  enum Method: String, CaseIterable, ExpressibleByArgument {
    case exact
    case optimisticHedge = "optimistic-hedge"
  }

  enum Format: String, CaseIterable, ExpressibleByArgument {
    case table, json
  }

  @Argument(
    help: ArgumentHelp("The payoff table (.csv), or '-' for standard input.", valueName: "payoff.csv"),
    completion: .file(extensions: ["csv"]))
  var payoffFile: String

  @Option(help: "Entropic risk temperature τ ≥ 0 in payoff units (default: worst case; 0 is the worst case).")
  var tau: Double?

  @Option(
    help: ArgumentHelp(
      "With --tau: the scenarios' prior weights, comma-separated, one per scenario (normalised to sum 1; default uniform).",
      valueName: "w1,w2,..."))
  var prior: String?

  @Option(help: "exact (LP, or Newton for --tau) or optimistic-hedge (first-order).")
  var method: Method = .exact

  @Option(help: "Iteration budget of optimistic-hedge.")
  var maxIterations: Int = 10_000

  @Option(help: "Duality gap at which optimistic-hedge stops, relative to the payoff range.")
  var tolerance: Double = 1e-6

  @Option(name: .shortAndLong, help: "Output format: table or json.")
  var format: Format = .table

  func validate() throws {
    if let tau, !(tau.isFinite && tau >= 0) { throw ValidationError("--tau must be a finite number ≥ 0, not \(tau)") }
    guard maxIterations >= 0 else { throw ValidationError("--max-iterations must be ≥ 0, not \(maxIterations)") }
    guard tolerance.isFinite, tolerance > 0 else { throw ValidationError("--tolerance must be a number > 0, not \(tolerance)") }
    if prior != nil {
      guard let tau, tau > 0 else {
        throw ValidationError("--prior needs --tau T > 0 (the worst case does not depend on a prior)")
      }
      _ = try priorWeights()
    }
  }

  /// --prior as numbers (finite, ≥ 0, positive sum), normalised; nil without the option.
  func priorWeights() throws -> [Double]? {
    guard let prior else { return nil }
    var values = [Double]()
    for (index, item) in prior.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
      let text = item.trimmingCharacters(in: .whitespaces)
      guard let value = Double(text), value.isFinite, value >= 0 else {
        throw ValidationError("--prior: entry \(index + 1) is \"\(text)\"; expected a finite number ≥ 0")
      }
      values.append(value)
    }
    let total = values.reduce(0, +)
    guard total > 0 else { throw ValidationError("--prior: the weights sum to 0") }
    return values.map { $0 / total }
  }

  func run() throws {
    let text = try InputFile.readText(path: payoffFile)
    let table = try PayoffCSV.read(text, source: payoffFile == "-" ? "<stdin>" : payoffFile)
    let prior = try priorWeights()
    if let prior, prior.count != table.scenarios {
      throw PayoffCSV.ParseError(
        description: "--prior has \(prior.count) weights but \(payoffFile) has \(table.scenarios) scenarios")
    }
    let risk: RiskMeasure = tau.map { .entropic(tau: $0, prior: prior) } ?? .worstCase
    let solverMethod: MinimaxMethod =
      method == .exact ? .exact : .optimisticHedge(maxIterations: maxIterations, tolerance: tolerance)
    let solution = try robustWeights(payoff: table, risk: risk, method: solverMethod)
    switch format {
    case .json:
      print(try WeightsRendering.json(solution, table: table, tau: tau, prior: prior, method: method.rawValue))
    case .table: print(WeightsRendering.table(solution, table: table, tau: tau, method: method.rawValue), terminator: "")
    }
    if !solution.hasConverged {
      Diagnostics.note(
        "the solver stopped after \(solution.iterations) iterations before reaching its tolerance; "
          + "the bounds shown are still certified")
    }
  }
}

/// Rendering of ``MinimaxSolution`` (pure; unit-testable).
enum WeightsRendering {
  struct Output: Encodable {
    let experts: [String]
    let scenarios: [String]
    let weights: [Double]
    let scenarioWeights: [Double]
    let value: Double
    let lowerBound: Double
    let upperBound: Double
    let gap: Double
    let iterations: Int
    let hasConverged: Bool
    let risk: String
    let tau: Double?
    /// The normalised prior of the entropic risk (nil: uniform, or the worst case).
    let prior: [Double]?
    let method: String
  }

  static func json(
    _ s: MinimaxSolution, table: PayoffTable, tau: Double?, prior: [Double]? = nil, method: String
  ) throws -> String {
    let output = Output(
      experts: table.expertLabels, scenarios: table.scenarioLabels, weights: s.weights,
      scenarioWeights: s.scenarioWeights, value: s.value, lowerBound: s.lowerBound, upperBound: s.upperBound,
      gap: s.gap, iterations: s.iterations, hasConverged: s.hasConverged,
      risk: (tau ?? 0) > 0 ? "entropic" : "worst-case", tau: tau, prior: prior, method: method)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    return String(decoding: try encoder.encode(output), as: UTF8.self)
  }

  static func table(_ s: MinimaxSolution, table: PayoffTable, tau: Double?, method: String) -> String {
    let risk = (tau ?? 0) > 0 ? "entropic risk, τ = \(Rendering.decimal(tau!))" : "worst case"
    var lines = [
      "Robust weights (\(risk), \(method)): \(table.experts) experts × \(table.scenarios) scenarios",
      "value \(Rendering.decimal(s.value))   bounds [\(Rendering.decimal(s.lowerBound)), \(Rendering.decimal(s.upperBound))]"
        + "   gap \(Rendering.regret(s.gap))   \(s.iterations) iterations\(s.hasConverged ? "" : " (not converged)")",
      "",
    ]
    lines += Rendering.aligned(
      [["expert", "weight"]] + table.expertLabels.indices.map { [table.expertLabels[$0], Rendering.decimal(s.weights[$0])] })
    lines.append("")
    let shown = table.scenarioLabels.indices.filter { s.scenarioWeights[$0] >= 1e-6 }
    lines += Rendering.aligned(
      [["scenario", "adversary weight"]]
        + shown.map { [table.scenarioLabels[$0], Rendering.decimal(s.scenarioWeights[$0])] })
    if shown.count < table.scenarios {
      lines.append("(\(table.scenarios - shown.count) scenarios with weight below 1e-6 not shown)")
    }
    return lines.joined(separator: "\n") + "\n"
  }
}

/// A small reader for payoff tables: CSV rows of numbers, an optional header row of scenario
/// labels and an optional first column of expert labels. Errors name file:line:column.
enum PayoffCSV {
  struct ParseError: Error, CustomStringConvertible {
    let description: String
  }

  struct Cell {
    var text: String
    var column: Int
  }

  static func read(_ text: String, source: String) throws -> PayoffTable {
    var records = [(line: Int, cells: [Cell])]()
    for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
      var line = String(raw)
      if line.hasSuffix("\r") { line.removeLast() }
      if index == 0, line.hasPrefix("\u{FEFF}") { line.removeFirst() }
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
      records.append((index + 1, try cells(line, line: index + 1, source: source)))
    }
    guard !records.isEmpty else { throw ParseError(description: "\(source): no payoffs (the file is empty)") }
    func isNumber(_ cell: Cell) -> Bool { Double(cell.text.trimmingCharacters(in: .whitespaces)) != nil }
    // A header row has a cell that is not a number (after the first, which may be a corner label).
    var header: [Cell]?
    let headerLine = records[0].line
    if records[0].cells.dropFirst().contains(where: { !isNumber($0) })
      || (records[0].cells.count == 1 && !isNumber(records[0].cells[0]))
    {
      header = records.removeFirst().cells
    }
    guard let first = records.first else {
      throw ParseError(description: "\(source): a header row but no payoffs")
    }
    let labelled = !isNumber(first.cells[0])
    let width = first.cells.count - (labelled ? 1 : 0)
    guard width > 0 else { throw ParseError(description: "\(source):\(first.line): a row with a label but no payoffs") }
    var rows = [[Double]](), expertLabels = [String]()
    for record in records {
      let expected = width + (labelled ? 1 : 0)
      guard record.cells.count == expected else {
        throw ParseError(
          description: "\(source):\(record.line):1: this row has \(record.cells.count) cells; the first row has \(expected)")
      }
      var values = [Double]()
      for (k, cell) in record.cells.enumerated() {
        if labelled, k == 0 {
          expertLabels.append(cell.text.trimmingCharacters(in: .whitespaces))
          continue
        }
        let trimmed = cell.text.trimmingCharacters(in: .whitespaces)
        guard let value = Double(trimmed) else {
          throw ParseError(
            description: trimmed.isEmpty
              ? "\(source):\(record.line):\(cell.column): empty cell where a payoff was expected"
              : "\(source):\(record.line):\(cell.column): expected a number, found \"\(trimmed)\"")
        }
        guard value.isFinite else {
          throw ParseError(description: "\(source):\(record.line):\(cell.column): the payoff \(trimmed) is not finite")
        }
        values.append(value)
      }
      rows.append(values)
    }
    var scenarioLabels: [String]?
    if let header {
      let names = header.map { $0.text.trimmingCharacters(in: .whitespaces) }
      if names.count == width {
        scenarioLabels = names
      } else if names.count == width + 1 {
        scenarioLabels = Array(names.dropFirst())
      } else {
        throw ParseError(
          description: "\(source):\(headerLine):1: the header has \(names.count) labels for \(width) scenarios")
      }
    }
    do {
      return try PayoffTable(rows: rows, expertLabels: labelled ? expertLabels : nil, scenarioLabels: scenarioLabels)
    } catch let error as RoutingError {
      throw ParseError(description: "\(source): \(error)")
    }
  }

  /// Splits one line into cells (RFC 4180 quotes within the line), with 1-based columns.
  static func cells(_ line: String, line number: Int, source: String) throws -> [Cell] {
    var cells = [Cell]()
    var current = ""
    var start = 1
    var column = 1
    var quoted = false
    var iterator = Array(line).makeIterator()
    var pending: Character? = nil
    while let c = pending ?? iterator.next() {
      pending = nil
      if quoted {
        if c == "\"" {
          if let next = iterator.next() {
            if next == "\"" { current.append("\""); column += 1 } else { quoted = false; pending = next }
          } else {
            quoted = false
          }
        } else {
          current.append(c)
        }
      } else if c == "\"" && current.trimmingCharacters(in: .whitespaces).isEmpty {
        quoted = true
        current = ""
      } else if c == "," {
        cells.append(Cell(text: current, column: start))
        current = ""
        start = column + 1
      } else {
        current.append(c)
      }
      column += 1
    }
    if quoted { throw ParseError(description: "\(source):\(number):\(start): unterminated quoted field") }
    cells.append(Cell(text: current, column: start))
    return cells
  }
}
