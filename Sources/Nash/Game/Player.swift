/// One of the two players of a bimatrix game.
public enum Player: Int, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
  /// Player 1, who chooses a row and receives the payoffs of matrix A.
  case row = 0
  /// Player 2, who chooses a column and receives the payoffs of matrix B.
  case column = 1

  public var opponent: Player { self == .row ? .column : .row }
  public var description: String { self == .row ? "row" : "column" }
}
