import ArgumentParser

@main
struct NashCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "nash",
    abstract: "Compute certified Nash equilibria of two-player games.",
    discussion: """
      Games are read from CSV (pair cells, two blocks, or one zero-sum block), Gambit .nfg, \
      lrsnash input, or JSON; '-' reads standard input. Every equilibrium is printed with its \
      payoffs and max regret, computed from the original payoffs, and is verified in exact \
      rational arithmetic where possible.

      Examples:
        nash solve Examples/games/prisoners-dilemma.csv
        nash solve game.nfg --method support-enumeration --format json
        nash convert game.csv --to nfg

      Exit codes: 0 success; 1 bad input or solver failure (one 'Error:' line on stderr); \
      64 usage error.
      """,
    version: nashVersion,
    subcommands: [Solve.self, Convert.self, Generate.self, Route.self, Weights.self]
  )
}

let nashVersion = "0.1.0"
