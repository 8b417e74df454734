import ArgumentParser
import Nash
import NashFormats

struct Generate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write a seeded random game, for experiments and benchmarks.",
    discussion: """
      Payoffs are drawn independently, uniform in [0, 1) (or uniform integers with \
      --integers LOW...HIGH), from SplitMix64 seeded with --seed: the same seed gives the \
      same game on every machine.

      Examples:
        nash generate --rows 400 --columns 400 --seed 1000 > random400.csv
        nash generate --rows 8 --columns 8 --integers -1000...1000 --to lrs > game.lrs
        nash generate --rows 250 --columns 257 --zero-sum --seed 7 > zerosum.csv
      """)

  @Option(help: "Number of row strategies.")
  var rows: Int

  @Option(help: "Number of column strategies.")
  var columns: Int

  @Option(help: "The random seed.")
  var seed: UInt64 = 0

  @Option(help: ArgumentHelp("Uniform integer payoffs in LOW...HIGH instead of reals in [0, 1).", valueName: "LOW...HIGH"))
  var integers: String?

  @Flag(help: "A zero-sum game: the column player's payoffs are the negatives of the row player's.")
  var zeroSum = false

  @Option(help: "The output format: csv, nfg, lrs or json.")
  var to: GameFormat = .csv

  func validate() throws {
    guard rows >= 1, columns >= 1 else { throw ValidationError("--rows and --columns must be at least 1") }
    guard rows.multipliedReportingOverflow(by: columns).partialValue <= 4_000_000, rows <= 4_000_000, columns <= 4_000_000
    else { throw ValidationError("at most 4,000,000 cells (e.g. 2000×2000)") }
    if let integers {
      _ = try range(integers)
      if zeroSum { throw ValidationError("--zero-sum and --integers cannot be combined yet") }
    }
  }

  func range(_ text: String) throws -> ClosedRange<Int> {
    let parts = text.split(separator: ".", omittingEmptySubsequences: true)
    guard text.contains("..."), parts.count == 2, let low = Int(parts[0]), let high = Int(parts[1]), low <= high,
      high - low < Int.max / 2
    else { throw ValidationError("--integers takes LOW...HIGH with LOW ≤ HIGH, e.g. 0...999") }
    return low...high
  }

  func run() throws {
    let game =
      try integers.map { try BimatrixGame.randomInteger(rows: rows, columns: columns, range: range($0), seed: seed) }
      ?? (zeroSum
        ? BimatrixGame.randomZeroSum(rows: rows, columns: columns, seed: seed)
        : BimatrixGame.random(rows: rows, columns: columns, seed: seed))
    print(to.string(for: game), terminator: "")
  }
}
