import Foundation
import Nash
import NashFormats

/// Reading a game from a path or standard input: the CLI's only file I/O besides writing
/// to stdout and stderr.
enum InputFile {
  /// Files larger than this are refused before reading: 256 MiB.
  static let maximumBytes = 256 << 20

  struct ReadError: Error, CustomStringConvertible {
    let description: String
  }

  /// Reads `path` ('-' for standard input) and parses it as `format`, or as the format its
  /// extension (or, for stdin, its content) says.
  static func readGame(path: String, format: GameFormat?) throws -> BimatrixGame {
    let text = try readText(path: path)
    let source = path == "-" ? "<stdin>" : path
    let chosen: GameFormat
    if let format {
      chosen = format
    } else if path == "-" {
      chosen = GameFormat.detect(content: text)
    } else if let byExtension = GameFormat(path: path) {
      chosen = byExtension
    } else {
      let ext = (path as NSString).pathExtension
      throw ReadError(
        description: ext.isEmpty
          ? "\(path): no file extension; name it .csv, .nfg, .lrs or .json, or pass --input-format"
          : "\(path): unknown file extension '.\(ext)'; expected .csv, .nfg, .lrs or .json (or pass --input-format)")
    }
    return try chosen.readGame(from: text, source: source)
  }

  static func readText(path: String) throws -> String {
    let data: Data
    if path == "-" {
      data = FileHandle.standardInput.readDataToEndOfFile()
    } else {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw ReadError(description: "\(path): no such file")
      }
      guard !isDirectory.boolValue else { throw ReadError(description: "\(path): is a directory, not a game file") }
      if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maximumBytes {
        throw ReadError(description: "\(path): the file is \(size >> 20) MiB, more than the \(maximumBytes >> 20) MiB limit")
      }
      guard let contents = FileManager.default.contents(atPath: path) else {
        throw ReadError(description: "\(path): cannot be read (permission denied?)")
      }
      data = contents
    }
    guard data.count <= maximumBytes else {
      throw ReadError(description: "standard input is more than the \(maximumBytes >> 20) MiB limit")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw ReadError(description: "\(path == "-" ? "<stdin>" : path): not valid UTF-8 text")
    }
    return text
  }
}
