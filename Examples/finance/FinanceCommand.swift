import ArgumentParser
import Foundation
import Nash
import NashFormats
import NashRouting

/// Experts simulate investment strategies; the Nash computation finds the equilibrium.
///
/// Seven strategy experts (fixed stock/bond/T-bill/gold mixes and a trend rule) are
/// evaluated in eight historical market scenarios, with annual returns from Aswath
/// Damodaran's "Historical Returns on Stocks, Bonds and Bills" (NYU Stern; see
/// `scenario-returns.csv`). The library then computes the robust (worst-case) mix of the
/// experts, the risk-tuned mix for a risk tolerance τ, and the equilibria of a two-investor
/// game with crowding. The library computes; this file reads and writes.
@main
struct FinanceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "finance",
    abstract: "Robust and risk-tuned mixes of investment strategies across historical market scenarios.",
    discussion: """
      Examples:
        swift run -c release finance
        swift run -c release finance --budget 250000 --tau 0.05
        swift run -c release finance --format json > finance.json

      Exit codes: 0 success; 1 unreadable or unusable scenario file; 64 usage error.
      """)

  @Option(help: "The amount to allocate, in dollars.")
  var budget = 100_000.0

  @Option(
    name: [.customLong("tau"), .customLong("risk-tolerance")],
    help: ArgumentHelp(
      "Risk tolerance τ ≥ 0 in units of annual return (0.02 = 2 points): 0 is the worst case, large values the average case.",
      valueName: "tau"))
  var tau = 0.02

  @Option(help: ArgumentHelp("Return lost by each of two investors who pick the same strategy, in [0, 1).", valueName: "fraction"))
  var crowding = 0.03

  @Option(help: "Output format: table or json.")
  var format: ReportFormat = .table

  @Option(help: ArgumentHelp("The scenario table (CSV); default: the bundled one.", valueName: "file"))
  var data: String?

  func validate() throws {
    guard budget.isFinite, budget > 0, budget <= 1e15 else { throw ValidationError("--budget must be a positive amount, got \(budget)") }
    guard tau.isFinite, tau >= 0 else { throw ValidationError("--tau must be a finite number ≥ 0, got \(tau)") }
    guard crowding.isFinite, (0..<1).contains(crowding) else {
      throw ValidationError("--crowding must be in [0, 1), got \(crowding)")
    }
  }

  func run() throws {
    let (text, source) = try Self.readData(data)
    let table = try ScenarioTable(try BimatrixGame(csv: text, source: source))
    let analysis = try Analysis(table: table, tau: tau, crowding: crowding)
    let report = Report(source: source, analysis: analysis, budget: budget)
    print(format == .json ? try report.json() : report.text(), terminator: "")
  }

  /// The scenario file's text: `path`, or the bundled file, looked up from the working
  /// directory (as `swift run` starts it) and then beside this source file.
  static func readData(_ path: String?) throws -> (text: String, source: String) {
    let bundled = "Examples/finance/scenario-returns.csv"
    let candidates =
      path.map { [$0] }
      ?? [bundled, URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("scenario-returns.csv").path]
    for candidate in candidates {
      if let text = try? String(contentsOfFile: candidate, encoding: .utf8) { return (text, path ?? bundled) }
    }
    throw FinanceError.cannotRead(path: path ?? bundled, reason: "no such file, or not readable UTF-8 text")
  }
}

/// The output formats.
enum ReportFormat: String, CaseIterable, ExpressibleByArgument {
  case table, json
}
