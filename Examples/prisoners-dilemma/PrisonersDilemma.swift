import ArgumentParser
import Foundation
import Nash
import NashFormats

/// The prisoner's dilemma, once and repeated: the one-shot game's dominance argument and
/// equilibrium, then a round-robin tournament of classic strategies for the iterated game
/// (after Axelrod 1984, *The Evolution of Cooperation*, Basic Books; Axelrod & Hamilton 1981,
/// "The evolution of cooperation", Science 211:1390–1396), the equilibria of the meta-game,
/// and replicator dynamics on it. The library computes; this file reads and writes.
@main
struct PrisonersDilemma: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "prisoners-dilemma",
    abstract: "The prisoner's dilemma: one-shot equilibrium, an Axelrod-style tournament, and evolution.",
    discussion: """
      Examples:
        swift run -c release prisoners-dilemma
        swift run -c release prisoners-dilemma --noise 0.05 --seed 7 --svg shares.svg
        swift run -c release prisoners-dilemma --rounds 1000 --format json

      Exit codes: 0 success; 1 unreadable or unsuitable game file; 64 usage error.
      """)

  @Option(help: ArgumentHelp("A symmetric 2×2 prisoner's dilemma (CSV, .nfg, …); default: the bundled one.", valueName: "file"))
  var game: String?

  @Option(help: "Rounds per match of the iterated game.")
  var rounds = 200

  @Option(help: ArgumentHelp("Probability that a move is flipped by mistake, in [0, 0.5].", valueName: "p"))
  var noise = 0.0

  @Option(help: "Seed of the random strategy and of the noise.")
  var seed: UInt64 = 1

  @Option(help: "Generations of replicator dynamics.")
  var generations = 2000

  @Option(help: "Output format: table or json.")
  var format: ReportFormat = .table

  @Option(help: ArgumentHelp("Also write a line chart of the population shares to this SVG file.", valueName: "file"))
  var svg: String?

  func validate() throws {
    guard (1...1_000_000).contains(rounds) else { throw ValidationError("--rounds must be in 1...1000000, got \(rounds)") }
    guard noise.isFinite, (0...0.5).contains(noise) else { throw ValidationError("--noise must be in [0, 0.5], got \(noise)") }
    guard (1...1_000_000).contains(generations) else {
      throw ValidationError("--generations must be in 1...1000000, got \(generations)")
    }
  }

  func run() throws {
    let (text, source) = try Self.readGameText(game)
    let oneShot = try OneShotAnalysis(try GameFormat.detect(path: source, content: text).readGame(from: text, source: source))
    let stage = try StagePayoffs(oneShot)
    let tournament = Tournament(strategies: Strategy.allCases, payoffs: stage, rounds: rounds, noise: noise, seed: seed)
    let outcome = tournament.run()
    let metaGame = try outcome.metaGame()
    let report = Report(
      source: source, oneShot: oneShot, stage: stage, tournament: tournament, outcome: outcome,
      meta: try MetaGameAnalysis(metaGame),
      evolution: try Evolution(game: metaGame, generations: generations, sampleInterval: max(1, generations / 100)))
    print(format == .json ? try report.json() : report.text(), terminator: "")
    if let svg {
      do { try report.svg().write(toFile: svg, atomically: true, encoding: .utf8) } catch {
        throw ExampleError.cannotWrite(path: svg, reason: error.localizedDescription)
      }
    }
  }

  /// The game file's text: `path`, or the bundled game, looked up from the working directory
  /// (as `swift run` starts it) and then beside this source file.
  static func readGameText(_ path: String?) throws -> (text: String, source: String) {
    let bundled = "Examples/games/prisoners-dilemma.csv"
    let candidates =
      path.map { [$0] }
      ?? [bundled, URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../games/prisoners-dilemma.csv").standardized.path]
    for candidate in candidates {
      if let text = try? String(contentsOfFile: candidate, encoding: .utf8) { return (text, path ?? bundled) }
    }
    throw ExampleError.cannotRead(path: path ?? bundled, reason: "no such file, or not readable UTF-8 text")
  }
}

/// The output formats.
enum ReportFormat: String, CaseIterable, ExpressibleByArgument {
  case table, json
}
