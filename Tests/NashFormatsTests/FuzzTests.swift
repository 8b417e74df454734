import Nash
import NashFormats
import Testing

/// Seeded random mutations of valid files: every reader either returns a game or throws a
/// ``FormatError``; none crashes or hangs.
@Suite("Fuzzing the readers")
struct FuzzTests {
  static let seeds: [String] = [
    CSVReaderTests.prisonersDilemma,
    "# comment\n\"t\",L,R\nT,\"(1/3, 2)\",0.5;1e2\nB,\"-1,-1\",\"2, 2\"\n",
    "1,2\n3,4\n\n5,6\n7,8\n",
    LRSInputTests.vonStengel,
    BimatrixGame.vonStengel3x2.nfgString(),
    "NFG 1 R \"g\" { \"A\" \"B\" }\n{ { \"a\" \"b\" } { \"c\" } }\n\"\"\n{ { \"o\" 1, 2 } { \"p\" 3/2 4 } }\n1 2\n",
    BimatrixGame.prisonersDilemma.jsonString(),
    LRSOutputTests.vonStengelOutput,
  ]

  /// Pieces that the mutations insert: the format's own syntax and known troublemakers.
  static let fragments: [String] = [
    ",", ";", "\"", "\"\"", "\n", "\r\n", "\r", "{", "}", "(", ")", "#", "/", "/0", "1/0", "nan", "-inf",
    "1e9999", "1e-9999", "9999999999999999999999", "0", "-", "+", ".", "e", "\u{FEFF}", "é", "\t", " ",
    "NFG 1 R", "\\", "2", "1", "*", "[", "]", ":", "\"rows\":", "99999", "1e150", "1e151",
  ]

  @Test(arguments: 0..<40)
  func mutationsNeverCrash(seed: UInt64) {
    var rng = SplitMix64(seed: seed)
    for base in Self.seeds {
      for _ in 0..<25 {
        var scalars = Array(base.unicodeScalars)
        let edits = Int.random(in: 1...4, using: &rng)
        for _ in 0..<edits {
          let position = scalars.isEmpty ? 0 : Int.random(in: 0..<scalars.count, using: &rng)
          switch Int.random(in: 0..<5, using: &rng) {
          case 0 where !scalars.isEmpty:
            scalars.remove(at: position)
          case 1:
            let fragment = Self.fragments.randomElement(using: &rng)!
            scalars.insert(contentsOf: fragment.unicodeScalars, at: position)
          case 2 where !scalars.isEmpty:
            scalars[position] = Unicode.Scalar(UInt8.random(in: 0...127, using: &rng))
          case 3 where !scalars.isEmpty:
            // Duplicate or truncate a stretch.
            let end = min(scalars.count, position + Int.random(in: 1...20, using: &rng))
            if Bool.random(using: &rng) {
              scalars.insert(contentsOf: scalars[position..<end], at: position)
            } else {
              scalars.removeSubrange(position..<end)
            }
          default:
            scalars = Array(scalars.prefix(position))
          }
        }
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars)
        exerciseEveryReader(text)
      }
    }
  }

  /// Reads `text` with every reader; any outcome but a crash is fine, and a game that is
  /// read must be a valid one whose writers produce readable text.
  func exerciseEveryReader(_ text: String) {
    for format in GameFormat.allCases {
      if let game = try? format.readGame(from: text, source: "fuzz") {
        #expect(game.rowCount > 0 && game.columnCount > 0)
        #expect(game.rowPayoffs.allSatisfy { $0.allSatisfy(\.isFinite) })
        #expect((try? BimatrixGame(csv: game.csvString())) == game, "\(text)")
      }
    }
    _ = try? NormalFormGame(nfg: text)
    _ = try? LRSNashOutput.equilibria(in: text)
    _ = GameFormat.detect(content: text)
  }

  @Test func pathologicalInputs() {
    let inputs = [
      String(repeating: "\"", count: 1001), String(repeating: ",", count: 5000),
      String(repeating: "\n", count: 5000), String(repeating: "{", count: 5000),
      String(repeating: "[", count: 5000), String(repeating: "1;", count: 3000),
      "NFG 1 R \"\" " + String(repeating: "{ ", count: 3000), String(repeating: "1e9999/1e-9999,", count: 50),
      "\u{0}", "\r", "\r\r\n\n", "\u{FEFF}\u{FEFF}",
    ]
    for text in inputs { exerciseEveryReader(text) }
  }
}
