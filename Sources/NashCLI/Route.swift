import ArgumentParser
import Foundation
import NashRouting

/// `nash route`: capacity-respecting top-k routing of a batch of router scores.
struct Route: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Route tokens to experts: top-k under expert capacities, with equilibrium prices.",
    discussion: """
      SCORES is a CSV file of T rows (tokens) by E columns (experts) of router logits, with an \
      optional header row of expert labels and an optional first column of token labels; '-' reads \
      standard input. Each token gets k distinct experts; no expert takes more than \
      ceil(factor·T·k/E) tokens; gate weights are the softmax of the raw scores at the chosen \
      experts, renormalised. The certificate gap/token bounds how much score per token any \
      capacity-feasible routing could still gain.

      Examples:
        nash route scores.csv --k 2 --capacity-factor 1.0
        nash route scores.csv --k 8 --solver exact --format table
        cat scores.csv | nash route - --k 2 --state layer7.json

      With --state FILE, prices are read from FILE (a RouterState JSON) if it exists and the new \
      state is written back after routing, so successive batches start warm.

      Exit codes: 0 success; 1 bad input (one 'Error:' line on stderr); 64 usage error.
      """)

  @Argument(
    help: ArgumentHelp("CSV of scores (T rows × E columns), or '-' for standard input.", valueName: "scores"),
    completion: .file(extensions: ["csv"]))
  var scoresFile: String

  @Option(name: .customLong("k"), help: "Experts per token.")
  var k: Int

  @Option(help: ArgumentHelp("Capacity factor f (C = ceil(f·T·k/E)), or 'unbounded'.", valueName: "f"))
  var capacityFactor: CapacityArgument = .factor(1.25)

  @Option(help: "Price solver: none, sign-step, block-coordinate, sinkhorn or exact.")
  var solver: RouteSolver = .blockCoordinate

  @Option(help: "Iteration limit of block-coordinate (default 2) or sinkhorn (default 100).")
  var maxIterations: Int?

  @Option(help: "Score function for the weights: softmax, sigmoid, sqrt-softplus or identity.")
  var score: RouteScore = .softmax

  @Option(help: "Slots over capacity: reroute (to the best expert with room) or drop (Switch/GShard).")
  var overflow: RouteOverflow = .reroute

  @Option(help: ArgumentHelp("Read prices from FILE if it exists; write the new state back.", valueName: "file"))
  var state: String?

  @Option(
    help: ArgumentHelp(
      "Most threads per call (default: one per core, used only for batches of at least 2^18 scores; the output does not depend on it).",
      valueName: "n"))
  var threads: Int?

  @Option(name: .shortAndLong, help: "Output format: json or table.")
  var format: RouteFormat = .json

  func validate() throws {
    guard k >= 1 else { throw ValidationError("--k must be at least 1") }
    if case .factor(let f) = capacityFactor, !(f.isFinite && f > 0) {
      throw ValidationError("--capacity-factor must be a positive number or 'unbounded'")
    }
    if let maxIterations, maxIterations < (solver == .sinkhorn ? 1 : 0) {
      throw ValidationError("--max-iterations must be at least \(solver == .sinkhorn ? 1 : 0)")
    }
    if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, not \(threads)") }
  }

  func run() throws {
    let text = try InputFile.readText(path: scoresFile)
    let source = scoresFile == "-" ? "<stdin>" : scoresFile
    let table = try ScoreTable(parsing: text, source: source)
    let experts = table.experts
    guard k <= experts else {
      throw InputFile.ReadError(description: "--k \(k) is more than the \(experts) experts (columns) in \(source)")
    }
    let configuration = RouterConfiguration(
      experts: experts, k: k, score: score.function, capacity: capacityFactor.capacity,
      solver: solver.solver(maxIterations: maxIterations), overflow: overflow.policy, threadCount: threads)
    var saved: RouterState? = nil
    if let state, FileManager.default.fileExists(atPath: state) {
      guard let data = FileManager.default.contents(atPath: state) else {
        throw InputFile.ReadError(description: "\(state): cannot be read")
      }
      do {
        saved = try JSONDecoder().decode(RouterState.self, from: data)
      } catch {
        throw InputFile.ReadError(description: "\(state): not a router state (expected {\"prices\": [...], \"calls\": n})")
      }
    }
    let router: EquilibriumRouter
    do {
      router = try EquilibriumRouter(configuration, state: saved)
    } catch let error as RoutingError {
      throw InputFile.ReadError(description: saved != nil ? "\(state!): \(error)" : "\(error)")
    }
    let routing = try router.route(scores: table.scores, tokens: table.tokens)
    if let state {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys]
      do {
        try encoder.encode(router.state).write(to: URL(fileURLWithPath: state), options: .atomic)
      } catch {
        throw InputFile.ReadError(description: "\(state): cannot write the router state (\(error.localizedDescription))")
      }
    }
    switch format {
    case .json: print(try RouteRendering.json(routing, table: table))
    case .table: print(RouteRendering.table(routing, table: table), terminator: "")
    }
  }
}

enum CapacityArgument: ExpressibleByArgument, Equatable {
  case unbounded
  case factor(Double)
  init?(argument: String) {
    if argument == "unbounded" {
      self = .unbounded
    } else if let f = Double(argument) {
      self = .factor(f)
    } else {
      return nil
    }
  }
  var capacity: Capacity {
    switch self {
    case .unbounded: .unbounded
    case .factor(let f): .factor(f)
    }
  }
  var defaultValueDescription: String {
    switch self {
    case .unbounded: "unbounded"
    case .factor(let f): "\(f)"
    }
  }
}

enum RouteSolver: String, CaseIterable, ExpressibleByArgument {
  case none
  case signStep = "sign-step"
  case blockCoordinate = "block-coordinate"
  case sinkhorn
  case exact
  func solver(maxIterations: Int?) -> PriceSolver {
    switch self {
    case .none: .none
    case .signStep: .signStep()
    case .blockCoordinate: .blockCoordinate(maxIterations: maxIterations ?? 2)
    case .sinkhorn: .sinkhorn(maxIterations: maxIterations ?? 100)
    case .exact: .exact
    }
  }
}

enum RouteScore: String, CaseIterable, ExpressibleByArgument {
  case softmax, sigmoid
  case sqrtSoftplus = "sqrt-softplus"
  case identity
  var function: ScoreFunction {
    switch self {
    case .softmax: .softmax
    case .sigmoid: .sigmoid
    case .sqrtSoftplus: .sqrtSoftplus
    case .identity: .identity
    }
  }
}

enum RouteOverflow: String, CaseIterable, ExpressibleByArgument {
  case reroute, drop
  var policy: OverflowPolicy { self == .reroute ? .reroute : .drop }
}

enum RouteFormat: String, CaseIterable, ExpressibleByArgument {
  case json, table
}

/// A T×E matrix of scores read from CSV, with optional expert and token labels.
struct ScoreTable {
  var tokens: Int
  var experts: Int
  var scores: [Float]
  var expertLabels: [String]?
  var tokenLabels: [String]?

  /// Parses comma-separated numbers; a first row that is not all numbers is a header of expert labels,
  /// and a first column that is not a number on the first data row holds token labels. Errors name
  /// `source:line:column`.
  init(parsing text: String, source: String) throws {
    // Lines and cells are found on the UTF-8 bytes (commas, quotes and line breaks are ASCII);
    // each cell becomes a String only to be read as a Float (short ones are stored inline).
    let bytes = Array(text.utf8)
    var rows: [(line: Int, cells: [String])] = []
    var lineNumber = 0
    var lineStart = 0
    while lineStart <= bytes.count {
      var lineEnd = lineStart
      while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
      defer { lineStart = lineEnd + 1 }
      lineNumber += 1
      if lineEnd == bytes.count, lineStart == bytes.count { break }  // after the last line break
      var end = lineEnd
      if end > lineStart, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
      let line = bytes[lineStart..<end]
      if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) || line.first == UInt8(ascii: "#") {
        continue
      }
      var cells: [String] = []
      var cellStart = lineStart
      for i in lineStart...end where i == end || bytes[i] == UInt8(ascii: ",") {
        cells.append(Self.trimmed(bytes[cellStart..<i]))
        cellStart = i + 1
      }
      rows.append((lineNumber, cells))
    }
    guard !rows.isEmpty else { throw InputFile.ReadError(description: "\(source): no scores (the file is empty)") }
    var header: [String]? = nil
    if rows[0].cells.contains(where: { Float($0) == nil }) {
      header = rows[0].cells
      rows.removeFirst()
    }
    let labelled = rows.first.map { Float($0.cells[0]) == nil } ?? false
    var labels: [String] = []
    var values: [Float] = []
    var width: Int? = nil
    for (line, cells) in rows {
      let numbers = labelled ? cells.dropFirst() : cells[...]
      if labelled { labels.append(cells[0]) }
      if let width, numbers.count != width {
        throw InputFile.ReadError(
          description: "\(source):\(line): \(numbers.count) scores, but the first row has \(width)")
      }
      width = numbers.count
      for (index, cell) in cells.enumerated() {
        if labelled && index == 0 { continue }
        // The column (in characters) is counted only for an error message.
        func column() -> Int { cells[..<index].reduce(1) { $0 + $1.count + 1 } }
        guard let value = Float(cell) else {
          throw InputFile.ReadError(description: "\(source):\(line):\(column()): '\(cell)' is not a number")
        }
        guard value.isFinite else {
          throw InputFile.ReadError(description: "\(source):\(line):\(column()): score '\(cell)' is not finite")
        }
        values.append(value)
      }
    }
    let experts = width ?? (header.map { $0.count - (labelled ? 1 : 0) } ?? 0)
    guard experts >= 1 else { throw InputFile.ReadError(description: "\(source): no expert columns") }
    if var header {
      if labelled || header.count == experts + 1 { header.removeFirst() }
      guard header.count == experts else {
        throw InputFile.ReadError(description: "\(source):\(rows.first?.line ?? 1): the header has \(header.count) expert labels for \(experts) columns")
      }
      expertLabels = header
    }
    tokens = values.count / experts
    self.experts = experts
    scores = values
    tokenLabels = labelled ? labels : nil
  }

  /// The cell without the spaces and tabs around it, and without one pair of surrounding quotes.
  private static func trimmed(_ cell: ArraySlice<UInt8>) -> String {
    var c = cell
    while let f = c.first, f == UInt8(ascii: " ") || f == UInt8(ascii: "\t") { c.removeFirst() }
    while let l = c.last, l == UInt8(ascii: " ") || l == UInt8(ascii: "\t") { c.removeLast() }
    if c.count >= 2, c.first == UInt8(ascii: "\""), c.last == UInt8(ascii: "\"") { c = c.dropFirst().dropLast() }
    return String(decoding: c, as: UTF8.self)
  }
}

/// Rendering of a routing (pure: returns strings).
enum RouteRendering {
  struct Output: Encodable {
    var tokens: Int
    var experts: Int
    var k: Int
    var expertLabels: [String]?
    var tokenLabels: [String]?
    var expertIDs: [[Int32]]
    var weights: [[Float]]
    var load: [Int32]
    var prices: [Float]
    var stats: RoutingStats
  }

  static func json(_ r: Routing, table: ScoreTable) throws -> String {
    let k = r.k
    let output = Output(
      tokens: r.tokens, experts: table.experts, k: k, expertLabels: table.expertLabels, tokenLabels: table.tokenLabels,
      expertIDs: (0..<r.tokens).map { Array(r.expertIDs[($0 * k)..<($0 * k + k)]) },
      weights: (0..<r.tokens).map { Array(r.weights[($0 * k)..<($0 * k + k)]) },
      load: r.load, prices: r.prices, stats: r.stats)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(output), as: UTF8.self)
  }

  static func table(_ r: Routing, table: ScoreTable) -> String {
    let k = r.k
    func expertName(_ id: Int32) -> String {
      id < 0 ? "-" : table.expertLabels?[Int(id)] ?? "\(id)"
    }
    var out = ""
    for t in 0..<r.tokens {
      let name = table.tokenLabels?[t] ?? "\(t)"
      let slots = (0..<k).map { q in
        "\(expertName(r.expertIDs[t * k + q])) \(String(format: "%.4f", r.weights[t * k + q]))"
      }
      out += "\(name)\t" + slots.joined(separator: "\t") + "\n"
    }
    out += "load\t" + r.load.map(String.init).joined(separator: " ") + "\n"
    out += "prices\t" + r.prices.map { String(format: "%.4g", $0) }.joined(separator: " ") + "\n"
    let s = r.stats
    out += "stats\titerations \(s.iterations), overflow before repair \(s.overflowBeforeRepair), rerouted \(s.rerouted), "
      + "dropped \(s.dropped), max/mean \(String(format: "%.3f", s.maxOverMean)), "
      + "gap/token \(String(format: "%.3g", s.gapPerToken))\(s.hasConverged ? "" : " (not converged)")\n"
    return out
  }
}
