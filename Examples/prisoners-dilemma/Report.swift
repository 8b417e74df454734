import ExampleSupport
import Foundation
import Nash

/// Everything the example computes, rendered as text, JSON or an SVG chart.
struct Report {
  var source: String
  var oneShot: OneShotAnalysis
  var stage: StagePayoffs
  var tournament: Tournament
  var outcome: TournamentResult
  var meta: MetaGameAnalysis
  var evolution: Evolution

  // MARK: - Text

  func text() -> String {
    let game = oneShot.game
    var out = "The one-shot prisoner's dilemma (\(source))\n\n"
    out += TextTable(
      header: [""] + game.columnLabels,
      rows: (0..<game.rowCount).map { i in
        [game.rowLabels[i]]
          + (0..<game.columnCount).map { j in
            "\(game.exactPayoff(for: .row, row: i, column: j)), \(game.exactPayoff(for: .column, row: i, column: j))"
          }
      }
    ).rendered()
    out += "\nStrict dominance (against every strategy of the opponent, in exact arithmetic):\n"
    if oneShot.dominances.isEmpty { out += "  none\n" }
    for d in oneShot.dominances {
      let labels = game.labels(for: d.player)
      let opponents = game.labels(for: d.player.opponent)
      let comparisons = opponents.indices.map { j in
        let better = d.player == .row
          ? game.exactPayoff(for: .row, row: d.dominant, column: j) : game.exactPayoff(for: .column, row: j, column: d.dominant)
        let worse = d.player == .row
          ? game.exactPayoff(for: .row, row: d.dominated, column: j) : game.exactPayoff(for: .column, row: j, column: d.dominated)
        return "\(better) > \(worse) against \(opponents[j])"
      }
      out += "  the \(d.player) player's \(labels[d.dominant]) strictly dominates \(labels[d.dominated]): "
        + comparisons.joined(separator: ", ") + "\n"
    }
    let r = oneShot.result
    out += "\nEquilibria (\(r.method), \(r.isComplete ? "the complete set" : "possibly not all")): \(r.equilibria.count)\n"
    for e in r.equilibria {
      out += "  row \(mix(e.profile.row, game.rowLabels)), column \(mix(e.profile.column, game.columnLabels)):"
        + "  payoffs \(number(e.rowPayoff)), \(number(e.columnPayoff))  max regret \(number(e.maxRegret))"
        + (e.isVerifiedExactly ? "  verified exactly" : "") + "\n"
    }
    for (equilibrium, better) in oneShot.paretoImprovements {
      let name = "(\(game.rowLabels[equilibrium.row]), \(game.columnLabels[equilibrium.column]))"
      if better.isEmpty { out += "  No outcome pays both players more than \(name).\n" }
      for b in better {
        out += "  (\(game.rowLabels[b.row]), \(game.columnLabels[b.column])) pays both players more than \(name)"
          + " (\(number(game.payoff(for: .row, row: b.row, column: b.column))), "
          + "\(number(game.payoff(for: .column, row: b.row, column: b.column))) against "
          + "\(number(game.payoff(for: .row, row: equilibrium.row, column: equilibrium.column))), "
          + "\(number(game.payoff(for: .column, row: equilibrium.row, column: equilibrium.column)))), "
          + "but it is not an equilibrium: each player gains by deviating from it.\n"
      }
    }

    let names = outcome.strategies.map(\.abbreviation)
    out += "\nThe iterated game: \(names.count) strategies, round robin (self-play included), "
      + "\(tournament.rounds) rounds per match, noise \(number(tournament.noise)), seed \(tournament.seed)\n"
    out += "Stage payoffs: R = \(number(stage.reward)), S = \(number(stage.sucker)), "
      + "T = \(number(stage.temptation)), P = \(number(stage.punishment))\n\n"
    out += "Average payoff per round, row strategy against column strategy:\n"
    out += TextTable(
      header: [""] + names,
      rows: outcome.averages.enumerated().map { [names[$0.offset]] + $0.element.map { fixed($0) } },
      rightAligned: Set(1...names.count)
    ).rendered()
    out += "\nRanking by mean payoff per round over all opponents:\n"
    let scores = outcome.scores
    out += TextTable(
      header: ["#", "strategy", "score", "plays"],
      rows: outcome.ranking.enumerated().map { place, i in
        ["\(place + 1)", outcome.strategies[i].rawValue, fixed(scores[i]), outcome.strategies[i].summary]
      },
      rightAligned: [0, 2]
    ).rendered()

    let mr = meta.result
    out += "\nThe meta-game (each player picks a strategy for a whole match; A = the table above, B = Aᵀ):\n"
    out += "\(mr.method)\(meta.isDegenerate ? " (the game is degenerate, so every extreme equilibrium is enumerated)" : ""): "
      + "\(mr.equilibria.count) equilibri\(mr.equilibria.count == 1 ? "um" : "a"), "
      + "\(mr.isComplete ? "the complete set\(meta.isDegenerate ? " of extreme equilibria" : "")" : "possibly not all"); "
      + "max regret over all of them \(number(mr.maxRegret))\n"
    // Degenerate meta-games can have hundreds of extreme equilibria: beyond a screenful,
    // list the symmetric ones (the population states) and leave the rest to --format json.
    let numbered = Array(mr.equilibria.enumerated())
    let listed = numbered.count <= Self.maximumListed ? numbered : numbered.filter { isSymmetric($0.element) }
    out += TextTable(
      header: ["#", "row strategy", "column strategy", "row payoff", "column payoff", "max regret", "symmetric"],
      rows: listed.prefix(Self.maximumListed).map { k, e in
        [
          "\(k + 1)", mix(e.profile.row, names), mix(e.profile.column, names), fixed(e.rowPayoff),
          fixed(e.columnPayoff), number(e.maxRegret), isSymmetric(e) ? "yes" : "",
        ]
      },
      rightAligned: [0, 3, 4, 5]
    ).rendered()
    if listed.count < numbered.count {
      out += listed.count <= Self.maximumListed
        ? "(the \(listed.count) symmetric ones of \(numbered.count) are shown; --format json lists them all)\n"
        : "(the first \(Self.maximumListed) symmetric ones of \(numbered.count) are shown; --format json lists them all)\n"
    }
    let steps = evolution.generations
    let shown = sampleColumns(steps.count)
    out += "\nReplicator dynamics from a uniform population (share of each strategy by generation):\n"
    out += TextTable(
      header: ["strategy"] + shown.map { "t=\(steps[$0])" },
      rows: names.indices.map { i in [names[i]] + shown.map { fixed(evolution.shares[$0][i]) } },
      rightAligned: Set(1...shown.count)
    ).rendered()
    let survivors = evolution.survivors.map { names[$0] }.joined(separator: ", ")
    out += "Survivors (share ≥ \(Evolution.extinctionThreshold)): \(survivors)\n"
    let last = steps.last!
    out += "Final population (generation \(last)) as a profile of the meta-game: max regret \(number(evolution.final.maxRegret)); "
      + (last < evolution.requestedGenerations
        ? "the dynamics stopped early because it is an exact equilibrium"
        : evolution.isApproximateEquilibrium
          ? "an equilibrium of the meta-game within 1e-6 of the payoff range"
          : "not (yet) an equilibrium of the meta-game") + "\n"
    return out
  }

  /// The most equilibria the text report lists one per line.
  static let maximumListed = 24

  private func isSymmetric(_ e: Equilibrium) -> Bool {
    meta.symmetricEquilibria.contains(e)
  }

  /// At most eight sample columns, always the first and the last.
  private func sampleColumns(_ count: Int) -> [Int] {
    guard count > 8 else { return Array(0..<count) }
    return (0..<8).map { $0 * (count - 1) / 7 }
  }

  /// A mixed strategy as "TFT 0.5, Grim 0.5" (its support only) or a label.
  private func mix(_ strategy: MixedStrategy, _ labels: [String]) -> String {
    if strategy.isPure { return labels[strategy.support[0]] }
    return strategy.support.map { "\(labels[$0]) \(compact(strategy[$0]))" }.joined(separator: ", ")
  }

  // MARK: - JSON

  struct JSONReport: Encodable {
    struct OneShot: Encodable {
      var rowLabels: [String]
      var columnLabels: [String]
      var rowPayoffs: [[Double]]
      var columnPayoffs: [[Double]]
      var dominances: [DominanceDTO]
      var equilibria: [EquilibriumDTO]
      var isComplete: Bool
      var paretoImprovements: [ParetoDTO]
    }
    struct DominanceDTO: Encodable {
      var player: String
      var dominant: String
      var dominated: String
    }
    struct ParetoDTO: Encodable {
      var equilibrium: [String]
      var better: [[String]]
    }
    struct EquilibriumDTO: Encodable {
      var row: [Double]
      var column: [Double]
      var rowPayoff: Double
      var columnPayoff: Double
      var maxRegret: Double
      var verified: Bool
      var symmetric: Bool?
    }
    struct Iterated: Encodable {
      var strategies: [String]
      var rounds: Int
      var noise: Double
      var seed: UInt64
      var stagePayoffs: [String: Double]
      var averagePayoffs: [[Double]]
      var cooperationRates: [[Double]]
      var scores: [Double]
      var ranking: [String]
    }
    struct MetaGame: Encodable {
      var method: String
      var isDegenerate: Bool
      var isComplete: Bool
      var maxRegret: Double
      var equilibria: [EquilibriumDTO]
    }
    struct Replicator: Encodable {
      var generations: [Int]
      var shares: [[Double]]
      var finalShares: [Double]
      var survivors: [String]
      var maxRegret: Double
      var isApproximateEquilibrium: Bool
    }
    var source: String
    var oneShot: OneShot
    var iterated: Iterated
    var metaGame: MetaGame
    var replicator: Replicator
  }

  func json() throws -> String {
    let game = oneShot.game
    let names = outcome.strategies.map(\.abbreviation)
    func dto(_ e: Equilibrium, symmetric: Bool?) -> JSONReport.EquilibriumDTO {
      .init(
        row: e.profile.row.probabilities, column: e.profile.column.probabilities, rowPayoff: e.rowPayoff,
        columnPayoff: e.columnPayoff, maxRegret: e.maxRegret, verified: e.isVerifiedExactly, symmetric: symmetric)
    }
    let report = JSONReport(
      source: source,
      oneShot: .init(
        rowLabels: game.rowLabels, columnLabels: game.columnLabels, rowPayoffs: game.rowPayoffs,
        columnPayoffs: game.columnPayoffs,
        dominances: oneShot.dominances.map {
          .init(
            player: $0.player.description, dominant: game.labels(for: $0.player)[$0.dominant],
            dominated: game.labels(for: $0.player)[$0.dominated])
        },
        equilibria: oneShot.result.equilibria.map { dto($0, symmetric: nil) },
        isComplete: oneShot.result.isComplete,
        paretoImprovements: oneShot.paretoImprovements.map { p in
          .init(
            equilibrium: [game.rowLabels[p.equilibrium.row], game.columnLabels[p.equilibrium.column]],
            better: p.better.map { [game.rowLabels[$0.row], game.columnLabels[$0.column]] })
        }),
      iterated: .init(
        strategies: names, rounds: tournament.rounds, noise: tournament.noise, seed: tournament.seed,
        stagePayoffs: ["R": stage.reward, "S": stage.sucker, "T": stage.temptation, "P": stage.punishment],
        averagePayoffs: outcome.averages, cooperationRates: outcome.cooperation, scores: outcome.scores,
        ranking: outcome.ranking.map { names[$0] }),
      metaGame: .init(
        method: meta.result.method, isDegenerate: meta.isDegenerate, isComplete: meta.result.isComplete,
        maxRegret: meta.result.maxRegret,
        equilibria: meta.result.equilibria.map { dto($0, symmetric: isSymmetric($0)) }),
      replicator: .init(
        generations: evolution.generations, shares: evolution.shares,
        finalShares: evolution.final.profile.row.probabilities, survivors: evolution.survivors.map { names[$0] },
        maxRegret: evolution.final.maxRegret, isApproximateEquilibrium: evolution.isApproximateEquilibrium))
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
  }

  // MARK: - SVG

  /// A line chart of the population shares over the generations, as a standalone SVG file.
  func svg() -> String {
    let names = outcome.strategies.map(\.abbreviation)
    return LineChart(
      title: "Replicator dynamics on the iterated prisoner's dilemma meta-game "
        + "(\(tournament.rounds) rounds, noise \(number(tournament.noise)))",
      xLabel: "generation", yLabel: "population share",
      x: evolution.generations.map(Double.init),
      series: names.indices.map { i in (names[i], evolution.shares.map { $0[i] }) }
    ).svg()
  }
}

// MARK: - Number formatting

/// Three decimals, for tables of averages.
func fixed(_ value: Double) -> String {
  let text = String(format: "%.3f", value)
  return text == "-0.000" ? "0.000" : text
}

/// Up to four significant digits, dropping trailing zeros.
func compact(_ value: Double) -> String {
  String(format: "%.4g", value)
}

/// A payoff or regret: integers without decimals, others in shortest form, tiny values in
/// scientific notation.
func number(_ value: Double) -> String {
  if value == 0 { return "0" }
  if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
  if abs(value) < 1e-3 { return String(format: "%.1e", value) }
  return String(format: "%.4g", value)
}
