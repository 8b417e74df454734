extension BimatrixGame {
  /// A random m×n game with every payoff drawn independently and uniformly from [0, 1),
  /// from `seed` (``SplitMix64``): A first, row by row, then B. Such games are
  /// nondegenerate with probability 1.
  public static func random(rows: Int, columns: Int, seed: UInt64) -> BimatrixGame {
    precondition(rows > 0 && columns > 0, "a random game needs at least one strategy each")
    var rng = SplitMix64(seed: seed)
    let a = (0..<rows).map { _ in (0..<columns).map { _ in rng.nextUnitDouble() } }
    let b = (0..<rows).map { _ in (0..<columns).map { _ in rng.nextUnitDouble() } }
    return try! BimatrixGame(rowPayoffs: a, columnPayoffs: b, title: "random \(rows)x\(columns) seed \(seed)")
  }

  /// A random m×n game with integer payoffs drawn uniformly from `range`, from `seed`.
  /// With a wide range (say 0...999) such games are nondegenerate with high probability,
  /// and their exact payoffs make them good for comparison with exact tools such as lrsnash.
  public static func randomInteger(
    rows: Int, columns: Int, range: ClosedRange<Int>, seed: UInt64
  ) -> BimatrixGame {
    precondition(rows > 0 && columns > 0, "a random game needs at least one strategy each")
    var rng = SplitMix64(seed: seed)
    let a = (0..<rows).map { _ in (0..<columns).map { _ in Rational(Int.random(in: range, using: &rng)) } }
    let b = (0..<rows).map { _ in (0..<columns).map { _ in Rational(Int.random(in: range, using: &rng)) } }
    return try! BimatrixGame(
      exactRowPayoffs: a, exactColumnPayoffs: b, title: "random integer \(rows)x\(columns) seed \(seed)")
  }
}

extension BimatrixGame {
  /// A random m×n zero-sum game: the row player's payoffs uniform in [0, 1) from `seed`
  /// (as in ``random(rows:columns:seed:)``, A row by row), the column player's their negatives.
  public static func randomZeroSum(rows: Int, columns: Int, seed: UInt64) -> BimatrixGame {
    precondition(rows > 0 && columns > 0, "a random game needs at least one strategy each")
    var rng = SplitMix64(seed: seed)
    let a = (0..<rows).map { _ in (0..<columns).map { _ in rng.nextUnitDouble() } }
    return try! BimatrixGame(zeroSumPayoffs: a, title: "random zero-sum \(rows)x\(columns) seed \(seed)")
  }
}
