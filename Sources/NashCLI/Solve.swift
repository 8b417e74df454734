import ArgumentParser
import Foundation
import Nash
import NashFormats

struct Solve: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Compute the equilibria of a game and print them with their certificates.",
    discussion: """
      Examples:
        nash solve Examples/games/prisoners-dilemma.csv
        nash solve game.nfg --method support-enumeration --exact
        cat game.csv | nash solve - --format csv

      Results go to stdout; the method chosen by 'auto' and any diagnostics (degeneracy, \
      equilibria not verified exactly) go to stderr.
      """)

  @Argument(
    help: ArgumentHelp("The game file (.csv, .nfg, .lrs, .json), or '-' for standard input.", valueName: "file"),
    completion: .file(extensions: ["csv", "nfg", "lrs", "json"]))
  var gameFile: String

  @OptionGroup var solver: SolverOptions

  @Option(name: .shortAndLong, help: "Output format: table, json, or csv (Gambit's NE rows).")
  var format: OutputFormat = .table

  @Flag(help: "Print probabilities and payoffs as exact fractions (of equilibria verified exactly).")
  var exact = false

  @Option(help: ArgumentHelp("Read the input as this format instead of guessing from the extension.", valueName: "format"))
  var inputFormat: GameFormat?

  func run() throws {
    let game = try InputFile.readGame(path: gameFile, format: inputFormat)
    let (chosen, reason) = solver.solver(for: game)
    if let reason { Diagnostics.note("method: \(reason)") }
    var result = try game.solve(using: chosen)
    if result.isPossiblyDegenerate, let (fallback, why) = solver.degenerateFallback(for: game) {
      Diagnostics.note("method: \(why)")
      result = try game.solve(using: fallback)
    }
    if result.equilibria.isEmpty, !result.hasConverged {
      // A solver failure (a path cut off by its pivot budget, round-off): one Error line, exit 1.
      // (No equilibria from a finished search, such as no pure ones, is an answer.)
      let reasons = result.diagnostics.compactMap { diagnostic -> String? in
        if case .possiblyIncomplete(let reason) = diagnostic { reason } else { nil }
      }
      throw SolveFailure(description: "\(result.method) found no equilibrium: " + (reasons.first ?? "the solver gave up"))
    }
    let output: String
    switch format {
    case .table:
      let name = !game.title.isEmpty ? game.title : gameFile == "-" ? "Game" : (gameFile as NSString).lastPathComponent
      output = Rendering.table(result, for: game, name: name, exact: exact)
    case .csv: output = Rendering.gambitRows(result, exact: exact)
    case .json: output = result.jsonString(for: game, prettyPrinted: true) + "\n"
    }
    print(output, terminator: "")
    for diagnostic in result.diagnostics { Diagnostics.note(diagnostic.description) }
    if exact, result.equilibria.contains(where: { !$0.isVerifiedExactly }) {
      Diagnostics.note("some equilibria were not verified exactly; they are shown as decimals")
    }
    if solver.method.isIterative || result.method == "zero-sum-lp" {
      for e in result.equilibria {
        let relative = e.maxRegret / game.payoffScale
        Diagnostics.note(
          "certificate: max regret \(Rendering.regret(e.maxRegret)) (\(Rendering.regret(relative)) of the payoff range) "
            + "after \(result.iterations) iterations\(e.isVerifiedExactly ? ", verified exactly" : "")")
      }
    }
    if !result.hasConverged, solver.method.isIterative || result.method == "zero-sum-lp" {
      // (Lemke–Howson's stopped searches say why in their diagnostics above.)
      Diagnostics.note("the solver stopped before reaching its tolerance; the profile shown is its best answer, with its true max regret")
    }
  }
}

/// A solver that returned no equilibrium (printed as one `Error:` line; exit status 1).
struct SolveFailure: Error, CustomStringConvertible {
  let description: String
}

/// Writing notes to standard error.
enum Diagnostics {
  static func note(_ message: String) {
    FileHandle.standardError.write(Data("nash: \(message)\n".utf8))
  }
}
