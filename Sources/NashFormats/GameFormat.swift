import Nash

/// The text formats a ``BimatrixGame`` can be read from and written to.
///
/// ```swift
/// let format = GameFormat(path: "game.nfg") ?? GameFormat.detect(content: text)
/// let game = try format.readGame(from: text, source: "game.nfg")
/// let csv = GameFormat.csv.string(for: game)
/// ```
public enum GameFormat: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
  /// The CSV game format, v1 (``BimatrixGame/init(csv:source:)``).
  case csv
  /// Gambit's `.nfg` format (``BimatrixGame/init(nfg:source:)``).
  case nfg
  /// lrsnash's input format (``BimatrixGame/init(lrs:source:)``).
  case lrs
  /// The package's JSON game format (``BimatrixGame/init(json:source:)``).
  case json

  /// The format's name, as the CLI spells it.
  public var description: String { rawValue }

  /// The format a file extension names, ignoring case and a leading dot: `csv`, `nfg`,
  /// `lrs`, `json`. Nil for anything else (then use ``detect(content:)``).
  public init?(fileExtension: String) {
    var ext = Substring(fileExtension)
    if ext.first == "." { ext = ext.dropFirst() }
    switch ext.lowercased() {
    case "csv": self = .csv
    case "nfg": self = .nfg
    case "lrs": self = .lrs
    case "json": self = .json
    default: return nil
    }
  }

  /// The format named by the extension of the last component of `path`, or nil when it has
  /// none or an unknown one.
  public init?(path: String) {
    let name = path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
    self.init(fileExtension: String(name[name.index(after: dot)...]))
  }

  /// Guesses the format of `content` (for standard input, or a file without a known
  /// extension): text starting with `NFG` is `.nfg`, with `{` is `.json`; text whose first
  /// non-blank line is two positive integers `m n` followed by exactly 2·m·n numbers is
  /// `.lrs`; anything else is `.csv`. A byte-order mark and leading blanks are skipped.
  public static func detect(content: String) -> GameFormat {
    var scalars = content.unicodeScalars[...]
    if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
    while let c = scalars.first, c == " " || c == "\t" || c == "\n" || c == "\r" {
      scalars = scalars.dropFirst()
    }
    if scalars.starts(with: "NFG".unicodeScalars) { return .nfg }
    if scalars.first == "{" { return .json }
    if looksLikeLRS(content) { return .lrs }
    return .csv
  }

  /// The format from `path`'s extension when it names one, else from the content.
  public static func detect(path: String?, content: String) -> GameFormat {
    path.flatMap(GameFormat.init(path:)) ?? detect(content: content)
  }

  /// Reads a game from `text` in this format.
  ///
  /// - Parameters:
  ///   - text: The file's contents.
  ///   - source: A name for messages, usually the file name.
  /// - Throws: ``FormatError``.
  public func readGame(from text: String, source: String? = nil) throws(FormatError) -> BimatrixGame {
    switch self {
    case .csv: try BimatrixGame(csv: text, source: source)
    case .nfg: try BimatrixGame(nfg: text, source: source)
    case .lrs: try BimatrixGame(lrs: text, source: source)
    case .json: try BimatrixGame(json: text, source: source)
    }
  }

  /// The game written in this format. `.lrs` drops labels and the title.
  public func string(for game: BimatrixGame) -> String {
    switch self {
    case .csv: game.csvString()
    case .nfg: game.nfgString()
    case .lrs: game.lrsString()
    case .json: game.jsonString(prettyPrinted: true) + "\n"
    }
  }
}

/// Whether the first non-blank line is `m n` and exactly 2·m·n blank-separated words follow.
private func looksLikeLRS(_ content: String) -> Bool {
  let all = lines(ofWords: content)
  guard let header = all.firstIndex(where: { !$0.words.isEmpty }) else { return false }
  let words = all[header].words
  guard words.count == 2, let m = positiveInteger(words[0].text), let n = positiveInteger(words[1].text)
  else { return false }
  let (cells, overflow) = m.multipliedReportingOverflow(by: n)
  guard !overflow, cells <= BimatrixGame.maximumCellCount else { return false }
  let count = all[(header + 1)...].reduce(0) { $0 + $1.words.count }
  return count == 2 * cells
}
