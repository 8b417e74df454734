import Foundation

/// Runs a built example executable and captures what it prints.
enum ExampleRunner {
  struct Run {
    let status: Int32
    let stdout: String
    let stderr: String

    /// The lines of standard error that start with "Error: ".
    var errorLines: [Substring] { stderr.split(separator: "\n").filter { $0.hasPrefix("Error: ") } }
  }

  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// The executable `name` in the products directory beside the test bundle.
  static func binary(_ name: String) -> URL {
    var directory = Bundle.main.bundleURL
    if directory.pathExtension == "xctest" { directory.deleteLastPathComponent() }
    for candidate in [directory, Bundle.main.bundleURL.deletingLastPathComponent()] {
      let url = candidate.appendingPathComponent(name)
      if FileManager.default.isExecutableFile(atPath: url.path) { return url }
    }
    return packageRoot.appendingPathComponent(".build/debug/\(name)")
  }

  /// Runs `name` with `arguments` from the package root, with one OpenBLAS thread.
  static func run(_ name: String, _ arguments: [String]) throws -> Run {
    let process = Process()
    process.executableURL = binary(name)
    process.arguments = arguments
    process.currentDirectoryURL = packageRoot
    var environment = ProcessInfo.processInfo.environment
    environment["OPENBLAS_NUM_THREADS"] = "1"
    process.environment = environment
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Read both pipes concurrently so a full stderr pipe cannot block the child.
    nonisolated(unsafe) var errData = Data()
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) { errData = err.fileHandleForReading.readDataToEndOfFile() }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return Run(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }

  /// Parses standard output as one JSON object.
  static func json(_ run: Run) throws -> [String: Any] {
    guard let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] else {
      throw CocoaError(.coderReadCorrupt)
    }
    return object
  }

  /// A fresh temporary directory for files an example writes.
  static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("nash-examples-tests-\(getpid())-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}

/// The max regret of the profile (x, y) in the game (A, B), recomputed from scratch.
func recomputedMaxRegret(a: [[Double]], b: [[Double]], row x: [Double], column y: [Double]) -> Double {
  let m = a.count, n = a[0].count
  let rowValues = (0..<m).map { i in (0..<n).reduce(0.0) { $0 + a[i][$1] * y[$1] } }
  let columnValues = (0..<n).map { j in (0..<m).reduce(0.0) { $0 + b[$1][j] * x[$1] } }
  let rowPayoff = zip(x, rowValues).reduce(0.0) { $0 + $1.0 * $1.1 }
  let columnPayoff = zip(y, columnValues).reduce(0.0) { $0 + $1.0 * $1.1 }
  return max(rowValues.max()! - rowPayoff, columnValues.max()! - columnPayoff)
}
