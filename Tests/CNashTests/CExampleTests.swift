import Foundation
import Testing

/// Builds and runs the C ABI's examples (Examples/c-abi) against the libCNash.so that `swift test`
/// built beside this test bundle, so the header, the library and the examples cannot drift apart.
@Suite struct CExampleTests {
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The directory holding libCNash.so: the products directory of this build.
  static var libraryDirectory: URL? {
    var directory = Bundle.main.bundleURL
    if directory.pathExtension == "xctest" { directory.deleteLastPathComponent() }
    for candidate in [directory, Bundle.main.bundleURL.deletingLastPathComponent(),
                      packageRoot.appendingPathComponent(".build/debug")] {
      if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("libCNash.so").path) {
        return candidate
      }
    }
    return nil
  }

  struct Run { var status: Int32; var stdout: String; var stderr: String }

  static func run(_ executable: String, _ arguments: [String]) throws -> Run {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [executable] + arguments
    process.currentDirectoryURL = packageRoot
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
               stderr: String(decoding: stderr, as: UTF8.self))
  }

  @Test func theLibraryExportsEveryFunctionOfTheHeader() throws {
    let directory = try #require(Self.libraryDirectory, "libCNash.so was not built")
    let header = try String(
      contentsOf: Self.packageRoot.appendingPathComponent("Sources/CNashABI/include/nasheq.h"), encoding: .utf8)
    let declared = Set(header.matches(of: /\b(nasheq_[a-z_]+)\(/).map { String($0.output.1) })
    let symbols = try Self.run("nm", ["-D", "--defined-only", directory.appendingPathComponent("libCNash.so").path])
    #expect(symbols.status == 0)
    let exported = Set(symbols.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").last.map(String.init) })
    #expect(declared.count == 9)
    #expect(declared.subtracting(exported).isEmpty, "declared but not exported: \(declared.subtracting(exported))")
    #expect(!exported.contains("nasheq_internal_set_last_error"))
  }

  @Test func theCExampleBuildsAndRuns() throws {
    let directory = try #require(Self.libraryDirectory, "libCNash.so was not built")
    let binary = FileManager.default.temporaryDirectory.appendingPathComponent("nasheq-route-\(getpid())")
    defer { try? FileManager.default.removeItem(at: binary) }
    let build = try Self.run("cc", [
      "-std=c11", "-Wall", "-Wextra", "-Werror", "-I", "Sources/CNashABI/include", "Examples/c-abi/route.c",
      "-L", directory.path, "-lCNash", "-Wl,-rpath," + directory.path, "-lm", "-o", binary.path,
    ])
    #expect(build.status == 0, "cc failed: \(build.stderr)")
    guard build.status == 0 else { return }
    let run = try Self.run(binary.path, [])
    #expect(run.status == 0, "stderr: \(run.stderr)\nstdout: \(run.stdout)")
    #expect(run.stdout.hasSuffix("ok\n"))
    #expect(run.stdout.contains("create(k > experts)                -> -1 (nasheq_router_create: k must be in"))
    #expect(run.stdout.contains("route(a NaN score)                 -> -2"))
  }

  @Test func thePythonExampleRuns() throws {
    let directory = try #require(Self.libraryDirectory, "libCNash.so was not built")
    let run = try Self.run("python3", ["Examples/c-abi/route.py", directory.appendingPathComponent("libCNash.so").path])
    #expect(run.status == 0, "stderr: \(run.stderr)\nstdout: \(run.stdout)")
    #expect(run.stdout.hasSuffix("ok\n"))
    #expect(run.stdout.contains("route with an infinite score -> -2"))
  }
}
