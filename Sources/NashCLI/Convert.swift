import ArgumentParser
import Nash
import NashFormats

struct Convert: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Convert a game between formats, keeping payoffs exact.",
    discussion: """
      Examples:
        nash convert game.csv --to nfg > game.nfg
        nash convert game.nfg --to lrs > game.lrs && lrsnash game.lrs
      """)

  @Argument(
    help: ArgumentHelp("The game file (.csv, .nfg, .lrs, .json), or '-' for standard input.", valueName: "file"),
    completion: .file(extensions: ["csv", "nfg", "lrs", "json"]))
  var gameFile: String

  @Option(help: "The output format: csv, nfg, lrs or json.")
  var to: GameFormat

  @Option(help: ArgumentHelp("Read the input as this format instead of guessing from the extension.", valueName: "format"))
  var inputFormat: GameFormat?

  func run() throws {
    let game = try InputFile.readGame(path: gameFile, format: inputFormat)
    print(to.string(for: game), terminator: "")
  }
}
