import Nash
import NashFormats
import Testing

@Suite("CSV reader")
struct CSVReaderTests {
  /// The example of DESIGN.md §4.
  static let prisonersDilemma = """
    ,Cooperate,Defect
    Cooperate,"-1,-1","-3,0"
    Defect,"0,-3","-2,-2"
    """

  @Test func designPrisonersDilemma() throws {
    let game = try BimatrixGame(csv: Self.prisonersDilemma, source: "pd.csv")
    #expect(game.rowCount == 2 && game.columnCount == 2)
    #expect(game.rowLabels == ["Cooperate", "Defect"])
    #expect(game.columnLabels == ["Cooperate", "Defect"])
    #expect(game.title == "")
    #expect(game.hasExactPayoffs)
    #expect(exactMatrices(game) == exactMatrices(.prisonersDilemma))
    #expect(game.rowPayoffs == [[-1, -3], [0, -2]])
    #expect(game.columnPayoffs == [[-1, 0], [-3, -2]])
  }

  @Test(arguments: [
    "3;1,0;2\n5;0,1;1\n",
    "\"3, 1\",\"0, 2\"\n\"5, 0\",\"1, 1\"\n",
    "\"(3, 1)\",\"(0,2)\"\n\"(5 ,0)\",\" ( 1 ; 1 ) \"\n",
    "(3;1),(0;2)\n(5;0),(1;1)\n",
    "  3 ; 1 , 0;2\n5;0,  1;1  \n",
  ])
  func pairCellLayouts(text: String) throws {
    let game = try BimatrixGame(csv: text)
    #expect(exactMatrices(game) == [[[q(3), q(0)], [q(5), q(1)]], [[q(1), q(2)], [q(0), q(1)]]])
    #expect(game.rowLabels == ["1", "2"] && game.columnLabels == ["1", "2"])
  }

  @Test func twoBlockLayout() throws {
    let text = """
      3,3
      2,5
      0,6

      3,2
      2,6
      3,1
      """
    let game = try BimatrixGame(csv: text)
    #expect(exactMatrices(game) == exactMatrices(.vonStengel3x2))
  }

  @Test func twoBlocksWithLabelsInBoth() throws {
    let text = """
      ,L,R
      T,1,2
      B,3,4

      ,L,R
      T,5,6
      B,7,8
      """
    let game = try BimatrixGame(csv: text)
    #expect(game.rowLabels == ["T", "B"] && game.columnLabels == ["L", "R"])
    #expect(game.columnPayoffs == [[5, 6], [7, 8]])
  }

  @Test func twoBlocksLabelledOnlyOnce() throws {
    let text = "Title,L,R\nT,1,2\nB,3,4\n\n\n\n5,6\n7,8\n"
    let game = try BimatrixGame(csv: text)
    #expect(game.title == "Title")
    #expect(game.rowLabels == ["T", "B"] && game.columnLabels == ["L", "R"])
    #expect(game.columnPayoffs == [[5, 6], [7, 8]])
  }

  @Test func zeroSumLayout() throws {
    let game = try BimatrixGame(csv: ",Heads,Tails\nHeads,1,-1\nTails,-1,1\n")
    #expect(exactMatrices(game) == exactMatrices(.matchingPennies))
    #expect(game.isConstantSum())
  }

  @Test func singleCellGame() throws {
    let game = try BimatrixGame(csv: "7\n")
    #expect(game.rowPayoffs == [[7]] && game.columnPayoffs == [[-7]])
    let pair = try BimatrixGame(csv: "7;-2\n")
    #expect(pair.rowPayoffs == [[7]] && pair.columnPayoffs == [[-2]])
  }

  @Test func headerOnly() throws {
    let game = try BimatrixGame(csv: "L,C,R\n1,2,3\n4,5,6\n")
    #expect(game.columnLabels == ["L", "C", "R"])
    #expect(game.rowLabels == ["1", "2"])
    #expect(game.rowPayoffs == [[1, 2, 3], [4, 5, 6]])
  }

  @Test func rowLabelsOnly() throws {
    let game = try BimatrixGame(csv: "Up,1;0,2;0\nDown,3;1,4;1\n")
    #expect(game.rowLabels == ["Up", "Down"])
    #expect(game.columnLabels == ["1", "2"])
    #expect(game.columnPayoffs == [[0, 0], [1, 1]])
  }

  @Test func titleInTopLeftCell() throws {
    let game = try BimatrixGame(csv: "\"My game, v2\",L,R\nT,1;1,0;0\nB,0;0,1;1\n")
    #expect(game.title == "My game, v2")
    #expect(game.columnLabels == ["L", "R"])
  }

  @Test func headerWithoutCornerCell() throws {
    let game = try BimatrixGame(csv: "L,R\nT,1;1,0;0\nB,0;0,1;1\n")
    #expect(game.title == "")
    #expect(game.columnLabels == ["L", "R"] && game.rowLabels == ["T", "B"])
  }

  @Test func numericLabelsInPairLayout() throws {
    // What csvString() writes for default labels: the first row and column hold no pairs.
    let game = try BimatrixGame(csv: ",10,20\n1,\"1,2\",\"3,4\"\n2,\"5,6\",\"7,8\"\n")
    #expect(game.columnLabels == ["10", "20"] && game.rowLabels == ["1", "2"])
    #expect(game.rowPayoffs == [[1, 3], [5, 7]])
  }

  @Test func labelsAreTrimmedUnlessQuoted() throws {
    let game = try BimatrixGame(csv: "  ,  Left , \" Right \"\n Top ,1;1,0;0\n")
    #expect(game.columnLabels == ["Left", " Right "])
    #expect(game.rowLabels == ["Top"])
  }

  @Test func quotedLabelsWithQuotesAndLineBreaks() throws {
    let text = ",\"say \"\"hi\"\"\",\"two\nlines\"\nT,1;2,3;4\n"
    let game = try BimatrixGame(csv: text)
    #expect(game.columnLabels == ["say \"hi\"", "two\nlines"])
    #expect(game.rowPayoffs == [[1, 3]])
  }

  @Test func exactNumbers() throws {
    let game = try BimatrixGame(csv: "1/3;0.1,-2.5e-1;+4\n1e3;-7/21,.5;2.\n")
    #expect(
      exactMatrices(game) == [
        [[q("1/3"), q("-1/4")], [q(1000), q("1/2")]], [[q("1/10"), q(4)], [q("-1/3"), q(2)]],
      ])
    #expect(game.exactPayoff(for: .column, row: 0, column: 0).description == "1/10")
  }

  @Test func commentsAndBlankLines() throws {
    let text = """
      # Prisoner's dilemma
         # indented comment

      ,Cooperate,Defect
      # a comment inside the block does not split it
      Cooperate,"-1,-1","-3,0"
      Defect,"0,-3","-2,-2"

      # trailing comment
      """
    let game = try BimatrixGame(csv: text)
    #expect(exactMatrices(game) == exactMatrices(.prisonersDilemma))
  }

  @Test func crlfAndByteOrderMark() throws {
    let text = "\u{FEFF}" + Self.prisonersDilemma.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n"
    let game = try BimatrixGame(csv: text)
    #expect(exactMatrices(game) == exactMatrices(.prisonersDilemma))
    #expect(game.columnLabels == ["Cooperate", "Defect"])
    let twoBlocks = try BimatrixGame(csv: "1,2\r\n3,4\r\n\r\n5,6\r\n7,8\r\n")
    #expect(twoBlocks.columnPayoffs == [[5, 6], [7, 8]])
  }

  @Test func linesOfEmptyCellsSeparateBlocks() throws {
    // Spreadsheets export an empty row as a line of commas.
    let game = try BimatrixGame(csv: "1,2\n3,4\n,\n5,6\n7,8\n")
    #expect(game.columnPayoffs == [[5, 6], [7, 8]])
  }

  @Test func exactPayoffsAreKept() throws {
    let game = try BimatrixGame(csv: "0.1;0.2\n")
    #expect(game.hasExactPayoffs)
    #expect(game.exactPayoff(for: .row, row: 0, column: 0) == Rational(1, 10))
    #expect(game.exactPayoff(for: .column, row: 0, column: 0) == Rational(1, 5))
  }
}

@Suite("CSV reader errors")
struct CSVReaderErrorTests {
  @Test func emptyInput() {
    for text in ["", "\n\n", "  \n# only a comment\n", "\u{FEFF}", ",,\n"] {
      expectFormatError(.noData) { _ = try BimatrixGame(csv: text) }
    }
  }

  @Test func labelsWithoutPayoffs() {
    expectFormatError(.noPayoffs, line: 1) { _ = try BimatrixGame(csv: ",L,R\n") }
  }

  @Test func raggedRow() {
    let error = expectFormatError(.raggedRow(expected: 2, found: 3), line: 2, column: 5) {
      _ = try BimatrixGame(csv: "1,2\n3,4,5\n", source: "game.csv")
    }
    #expect(
      error?.description == "game.csv:2:5: expected 2 cells in this row, like the rows before it, found 3")
    expectFormatError(.raggedRow(expected: 3, found: 2), line: 2, column: 4) {
      _ = try BimatrixGame(csv: "1,2,3\n4,5\n")
    }
    expectFormatError(.raggedRow(expected: 3, found: 4), line: 1) {
      _ = try BimatrixGame(csv: "T,L,R,X\nA,1;1,2;2\n")
    }
  }

  @Test func notANumber() {
    let exact = expectFormatError(.notANumber("abc"), line: 3, column: 3) {
      _ = try BimatrixGame(csv: "1,2\n3,4\n7,abc\n", source: "game.csv")
    }
    #expect(exact?.description == "game.csv:3:3: expected a number, found \"abc\"")
    expectFormatError(.notANumber("x"), line: 1, column: 1) { _ = try BimatrixGame(csv: "\"3;x\"\n") }
    expectFormatError(.notANumber("1/2/3"), line: 2, column: 3) {
      _ = try BimatrixGame(csv: "1,2\n3,1/2/3\n")
    }
  }

  /// Columns count characters (Unicode scalars), not UTF-8 bytes; quoted fields keep escaped
  /// quotes and line breaks; text after a closing quote is named whole.
  @Test func positionsAndQuotesBeyondASCII() throws {
    expectFormatError(.notANumber("x"), line: 2, column: 11) {  // 12 in bytes
      _ = try BimatrixGame(csv: ",Größe,Ω\nÄpfel,1;1,x\n")
    }
    expectFormatError(.textAfterClosingQuote("é"), line: 1, column: 10) {
      _ = try BimatrixGame(csv: "1;1,\"2;2\"é\n")
    }
    let game = try BimatrixGame(csv: ",\"say \"\"hi\"\"\",\"two\nlines\"\n\"A, é\",1;2,3;4\n")
    #expect(game.columnLabels == ["say \"hi\"", "two\nlines"] && game.rowLabels == ["A, é"])
    #expect(game.payoff(for: .column, row: 0, column: 1) == 4)
  }

  @Test func nonFinite() {
    for word in ["NaN", "nan", "inf", "-Inf", "Infinity", "1/0"] {
      expectFormatError(.nonFiniteNumber(word), line: 2, column: 3) {
        _ = try BimatrixGame(csv: "1,2\n3,\(word)\n")
      }
    }
    expectFormatError(.nonFiniteNumber("nan"), line: 1, column: 7) {
      _ = try BimatrixGame(csv: "1;1,  \"2; nan\"\n")
    }
  }

  @Test func outOfRange() {
    expectFormatError(.numberOutOfRange("1e-9999"), line: 1, column: 3) {
      _ = try BimatrixGame(csv: "1,1e-9999\n")
    }
    expectFormatError(.numberOutOfRange("-2e151"), line: 1, column: 1) {
      _ = try BimatrixGame(csv: "-2e151;1\n")
    }
    expectFormatError(.numberOutOfRange("1e200"), line: 1, column: 3) {
      _ = try BimatrixGame(csv: "1,1e200\n")
    }
  }

  @Test func emptyCell() {
    expectFormatError(.emptyCell, line: 2, column: 3) { _ = try BimatrixGame(csv: "1,2\n3,\n") }
    expectFormatError(.emptyCell, line: 1, column: 3) { _ = try BimatrixGame(csv: "1, ,3\n") }
    expectFormatError(.emptyCell, line: 1, column: 5) { _ = try BimatrixGame(csv: "1;1,\"\"\n") }
  }

  @Test func shapesDiffer() {
    let error = expectFormatError(
      .shapesDiffer(rowPlayer: .init(rows: 2, columns: 2), columnPlayer: .init(rows: 1, columns: 2)),
      line: 4
    ) { _ = try BimatrixGame(csv: "1,2\n3,4\n\n5,6\n") }
    #expect(error?.message.contains("2×2") == true)
    expectFormatError(
      .shapesDiffer(rowPlayer: .init(rows: 1, columns: 2), columnPlayer: .init(rows: 1, columns: 3))
    ) { _ = try BimatrixGame(csv: "1,2\n\n5,6,7\n") }
  }

  @Test func labelsDiffer() {
    expectFormatError(.labelsDiffer, line: 4) {
      _ = try BimatrixGame(csv: ",L,R\nT,1,2\n\n,L,X\nT,1,2\n")
    }
  }

  @Test func tooManyBlocks() {
    expectFormatError(.tooManyBlocks(3), line: 5) { _ = try BimatrixGame(csv: "1\n\n2\n\n3\n") }
  }

  @Test func pairCellWithOneNumber() {
    let error = expectFormatError(.missingSecondPayoff("4"), line: 2, column: 5) {
      _ = try BimatrixGame(csv: "1;1,2;2\n3;3,4\n")
    }
    #expect(error?.message.contains("two payoffs") == true)
    expectFormatError(.missingSecondPayoff("3;"), line: 1, column: 1) { _ = try BimatrixGame(csv: "3;\n") }
    expectFormatError(.missingSecondPayoff("(4)"), line: 1, column: 5) {
      _ = try BimatrixGame(csv: "1;1,(4)\n")
    }
  }

  @Test func pairCellWithThreeNumbers() {
    expectFormatError(.tooManyPayoffsInCell("1;2;3"), line: 1, column: 5) {
      _ = try BimatrixGame(csv: "1;1,1;2;3\n")
    }
  }

  @Test func pairCellInTwoBlockLayout() {
    expectFormatError(.unexpectedPairCell("5;5"), line: 3, column: 1) {
      _ = try BimatrixGame(csv: "1,2\n\n5;5,6\n")
    }
  }

  @Test func unterminatedQuote() {
    let error = expectFormatError(.unterminatedQuote, line: 2, column: 5) {
      _ = try BimatrixGame(csv: "1;1,2;2\n3;3,\"4;4\n5;5,6;6\n", source: "g.csv")
    }
    #expect(error?.description == "g.csv:2:5: this quote is never closed")
  }

  @Test func textAfterClosingQuote() {
    expectFormatError(.textAfterClosingQuote("x"), line: 1, column: 7) {
      _ = try BimatrixGame(csv: "\"1;1\" x,2;2\n")
    }
  }

  @Test func locationWithoutSourceName() {
    let error = expectFormatError(.notANumber("abc")) { _ = try BimatrixGame(csv: "1,2\n3,abc\n") }
    #expect(error?.description == "line 2, column 3: expected a number, found \"abc\"")
  }

  @Test func columnsAfterMultilineQuotedField() {
    // Line numbers follow line breaks inside quoted fields.
    expectFormatError(.notANumber("zz"), line: 4, column: 3) {
      _ = try BimatrixGame(csv: ",\"a\nb\",c\nT,1;1,2;2\nU,zz,3;3\n")
    }
  }
}

@Suite("Error messages")
struct ErrorMessageTests {
  @Test func locations() {
    typealias Location = FormatError.Location
    #expect(Location(source: "g.csv", line: 3, column: 5).description == "g.csv:3:5")
    #expect(Location(source: "g.csv", line: 3).description == "g.csv:3")
    #expect(Location(source: "g.csv").description == "g.csv")
    #expect(Location(source: nil, line: 3, column: 5).description == "line 3, column 5")
    #expect(Location(source: nil, line: 3).description == "line 3")
    #expect(Location(source: nil).description == "")
  }

  @Test func messagesSayWhatWasExpected() {
    let place = FormatError.Location(source: "g.nfg", line: 2, column: 7)
    #expect(
      FormatError(.tooLarge(cells: 100_000_000, limit: 50_000_000), at: .init(source: nil)).description
        == "the game has 100000000 cells, more than the limit of 50000000 (BimatrixGame.maximumCellCount)")
    #expect(
      FormatError(.unexpectedToken(expected: "\"}\"", found: "x"), at: place).description
        == "g.nfg:2:7: expected \"}\", found \"x\"")
    #expect(
      FormatError(.invalidGame(.unsupportedPlayerCount(3)), at: .init(source: "g.nfg")).description
        == "g.nfg: this operation needs a two-player game, and this game has 3 players")
    let long = String(repeating: "x", count: 100) + "\n"
    #expect(
      FormatError(.notANumber(long), at: place).message
        == "expected a number, found \"\(String(repeating: "x", count: 40))...\"")
    #expect(FormatError(.notANumber("a\nb"), at: place).message == "expected a number, found \"a\\nb\"")
  }
}
