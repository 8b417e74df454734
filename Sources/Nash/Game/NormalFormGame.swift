/// A finite game in normal form with any number of players and exact payoffs, as Gambit's
/// `.nfg` files describe them.
///
/// The solvers work on two-player games (``BimatrixGame``); this type holds what a file
/// says for any number of players, and ``bimatrixGame()`` converts it when there are two.
///
/// Payoffs are stored per player in Gambit's order of contingencies (pure-strategy
/// profiles): player 1's strategy varies fastest, then player 2's, and so on. The
/// contingency `(s₁, s₂, …, s_N)` (0-based) has index `s₁ + k₁·(s₂ + k₂·(s₃ + …))`, where
/// `kᵢ` is player i's number of strategies. For two players that is column-major order,
/// the order ``BimatrixGame`` stores its matrices in.
///
/// ```swift
/// let game = try NormalFormGame(
///   playerNames: ["Row", "Column"], strategyLabels: [["U", "D"], ["L", "R"]],
///   payoffs: [[3, 5, 0, 1].map(Rational.init), [3, 0, 5, 1].map(Rational.init)])
/// let bimatrix = try game.bimatrixGame()  // A = [[3, 0], [5, 1]]
/// ```
public struct NormalFormGame: Sendable, Hashable {
  /// The game's title, possibly empty.
  public let title: String
  /// A free-form comment (Gambit's second string), possibly empty.
  public let comment: String
  /// One name per player, in player order.
  public let playerNames: [String]
  /// For each player, the labels of their strategies.
  public let strategyLabels: [[String]]
  /// For each player, their payoff in every contingency, in Gambit's order (player 1's
  /// strategy varies fastest). Each inner array has ``contingencyCount`` entries.
  public let payoffs: [[Rational]]

  /// The number of players.
  public var playerCount: Int { playerNames.count }
  /// Each player's number of strategies.
  public var strategyCounts: [Int] { strategyLabels.map(\.count) }
  /// The number of contingencies (pure-strategy profiles): the product of the strategy counts.
  public var contingencyCount: Int { payoffs.first?.count ?? 0 }

  /// Creates a game, checking that the shapes agree.
  ///
  /// - Parameters:
  ///   - title: A title, possibly empty.
  ///   - comment: A comment, possibly empty.
  ///   - playerNames: One name per player (at least one player).
  ///   - strategyLabels: For each player, at least one strategy label.
  ///   - payoffs: For each player, one payoff per contingency in Gambit's order.
  /// - Throws: ``GameError/dimensionMismatch(_:)`` when the counts disagree, a player has no
  ///   strategies, or the number of contingencies exceeds ``BimatrixGame/maximumCellCount``.
  public init(
    title: String = "", comment: String = "", playerNames: [String], strategyLabels: [[String]],
    payoffs: [[Rational]]
  ) throws(GameError) {
    guard !playerNames.isEmpty else { throw .dimensionMismatch("a game needs at least one player") }
    guard strategyLabels.count == playerNames.count else {
      throw .dimensionMismatch(
        "\(playerNames.count) players but strategy labels for \(strategyLabels.count)")
    }
    var cells = 1
    for (player, labels) in strategyLabels.enumerated() {
      guard !labels.isEmpty else {
        throw .dimensionMismatch("player \(player + 1) has no strategies")
      }
      let (product, overflow) = cells.multipliedReportingOverflow(by: labels.count)
      guard !overflow, product <= BimatrixGame.maximumCellCount else {
        throw .dimensionMismatch(
          "the game has more than \(BimatrixGame.maximumCellCount) contingencies, the limit")
      }
      cells = product
    }
    guard payoffs.count == playerNames.count else {
      throw .dimensionMismatch("\(playerNames.count) players but payoffs for \(payoffs.count)")
    }
    for (player, list) in payoffs.enumerated() where list.count != cells {
      throw .dimensionMismatch(
        "player \(player + 1) has \(list.count) payoffs, expected \(cells) (one per contingency)")
    }
    self.title = title
    self.comment = comment
    self.playerNames = playerNames
    self.strategyLabels = strategyLabels
    self.payoffs = payoffs
  }

  /// The two-player game `game` as a normal-form game, with players named "Player 1"
  /// (rows) and "Player 2" (columns).
  public init(_ game: BimatrixGame) {
    var a = [Rational]()
    var b = [Rational]()
    a.reserveCapacity(game.rowCount * game.columnCount)
    b.reserveCapacity(game.rowCount * game.columnCount)
    for j in 0..<game.columnCount {
      for i in 0..<game.rowCount {
        a.append(game.exactPayoff(for: .row, row: i, column: j))
        b.append(game.exactPayoff(for: .column, row: i, column: j))
      }
    }
    self.title = game.title
    self.comment = ""
    self.playerNames = ["Player 1", "Player 2"]
    self.strategyLabels = [game.rowLabels, game.columnLabels]
    self.payoffs = [a, b]
  }

  /// The index of the contingency where player i plays `strategies[i]` (0-based), in
  /// Gambit's order.
  ///
  /// - Precondition: one in-range strategy per player.
  public func contingencyIndex(_ strategies: [Int]) -> Int {
    precondition(strategies.count == playerCount, "one strategy per player")
    var index = 0
    for player in stride(from: playerCount - 1, through: 0, by: -1) {
      let count = strategyLabels[player].count
      precondition(strategies[player] >= 0 && strategies[player] < count, "strategy out of range")
      index = index * count + strategies[player]
    }
    return index
  }

  /// `player`'s payoff (0-based player index) when player i plays `strategies[i]`.
  public func payoff(for player: Int, strategies: [Int]) -> Rational {
    payoffs[player][contingencyIndex(strategies)]
  }

  /// The game as a ``BimatrixGame``: player 1 chooses rows, player 2 columns.
  ///
  /// - Throws: ``GameError/unsupportedPlayerCount(_:)`` unless the game has exactly two
  ///   players, or the errors of the exact ``BimatrixGame`` initializer.
  public func bimatrixGame() throws(GameError) -> BimatrixGame {
    guard playerCount == 2 else { throw .unsupportedPlayerCount(playerCount) }
    let m = strategyLabels[0].count
    let n = strategyLabels[1].count
    let a = (0..<m).map { i in (0..<n).map { j in payoffs[0][i + j * m] } }
    let b = (0..<m).map { i in (0..<n).map { j in payoffs[1][i + j * m] } }
    return try BimatrixGame(
      exactRowPayoffs: a, exactColumnPayoffs: b, rowLabels: strategyLabels[0],
      columnLabels: strategyLabels[1], title: title)
  }
}
