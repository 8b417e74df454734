/// Textbook games, with exact payoffs. Their equilibrium sets are well known, which makes
/// them the first tests of every solver.
extension BimatrixGame {
  private static func exact(
    _ a: [[Int]], _ b: [[Int]], rows: [String], columns: [String], title: String
  ) -> BimatrixGame {
    try! BimatrixGame(
      exactRowPayoffs: a.map { $0.map(Rational.init) }, exactColumnPayoffs: b.map { $0.map(Rational.init) },
      rowLabels: rows, columnLabels: columns, title: title)
  }

  /// The prisoner's dilemma, payoffs as minus years in prison. One equilibrium: both defect.
  public static let prisonersDilemma = exact(
    [[-1, -3], [0, -2]], [[-1, 0], [-3, -2]],
    rows: ["Cooperate", "Defect"], columns: ["Cooperate", "Defect"], title: "Prisoner's dilemma")

  /// Matching pennies (zero-sum). One equilibrium: both mix 1/2, 1/2.
  public static let matchingPennies = exact(
    [[1, -1], [-1, 1]], [[-1, 1], [1, -1]],
    rows: ["Heads", "Tails"], columns: ["Heads", "Tails"], title: "Matching pennies")

  /// Battle of the sexes. Three equilibria: two pure, and ((3/5, 2/5), (2/5, 3/5)).
  public static let battleOfTheSexes = exact(
    [[3, 0], [0, 2]], [[2, 0], [0, 3]],
    rows: ["Opera", "Football"], columns: ["Opera", "Football"], title: "Battle of the sexes")

  /// Rock–paper–scissors (zero-sum). One equilibrium: both uniform.
  public static let rockPaperScissors = exact(
    [[0, -1, 1], [1, 0, -1], [-1, 1, 0]], [[0, 1, -1], [-1, 0, 1], [1, -1, 0]],
    rows: ["Rock", "Paper", "Scissors"], columns: ["Rock", "Paper", "Scissors"],
    title: "Rock-paper-scissors")

  /// The stag hunt. Three equilibria: both stag, both hare, and both mixing 1/2, 1/2.
  public static let stagHunt = exact(
    [[4, 1], [3, 2]], [[4, 3], [1, 2]],
    rows: ["Stag", "Hare"], columns: ["Stag", "Hare"], title: "Stag hunt")

  /// Chicken. Three equilibria: two pure (one swerves, one goes straight), and both swerving with probability 9/10.
  public static let chicken = exact(
    [[0, -1], [1, -10]], [[0, 1], [-1, -10]],
    rows: ["Swerve", "Straight"], columns: ["Swerve", "Straight"], title: "Chicken")

  /// Von Stengel's 3×2 example (Algorithmic Game Theory, 2007, ch. 3). Three equilibria:
  /// ((1,0,0),(1,0)), ((4/5,1/5,0),(2/3,1/3)), ((0,1/3,2/3),(1/3,2/3)).
  public static let vonStengel3x2 = exact(
    [[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]],
    rows: ["1", "2", "3"], columns: ["1", "2"], title: "von Stengel 3x2")

  /// An n×n coordination game (identity payoffs for both): 2ⁿ − 1 equilibria, one uniform
  /// mix on each non-empty subset of strategies.
  public static func coordination(_ n: Int) -> BimatrixGame {
    let identity = (0..<n).map { i in (0..<n).map { j in i == j ? 1 : 0 } }
    return exact(
      identity, identity, rows: (1...n).map(String.init), columns: (1...n).map(String.init),
      title: "coordination \(n)x\(n)")
  }
}
