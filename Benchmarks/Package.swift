// swift-tools-version: 6.1
// The benchmark package of Nash. It is a package of its own so that `swift build` and
// `swift test` of the main package never compile it, nor the malloc interposer that
// ordo-one/benchmark brings in.
//
//   swift package --package-path Benchmarks benchmark          # every suite
//   ./Benchmarks/run-side-by-side.sh                            # against QuantEcon, Nashpy, Gambit, lrsnash
import PackageDescription

let package = Package(
  name: "NashBenchmarks",
  platforms: [.macOS(.v13)],
  dependencies: [
    .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    .package(name: "Nash", path: ".."),
  ],
  targets: [
    // MARK: - Benchmark suites (ordo-one/benchmark; sources must live under Benchmarks/)
    .executableTarget(
      name: "SupportEnumeration",
      dependencies: [
        .product(name: "Benchmark", package: "benchmark"),
        .product(name: "Nash", package: "Nash"),
      ],
      path: "Benchmarks/SupportEnumeration",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    ),
    .executableTarget(
      name: "LemkeHowson",
      dependencies: [
        .product(name: "Benchmark", package: "benchmark"),
        .product(name: "Nash", package: "Nash"),
      ],
      path: "Benchmarks/LemkeHowson",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    ),

    // MARK: - Side-by-side timing against the Python/C peers (see peers/ and run-side-by-side.sh).
    // Not under Benchmarks/, so the benchmark plugin does not take it for a suite.
    .executableTarget(
      name: "SideBySide",
      dependencies: [.product(name: "Nash", package: "Nash")],
      path: "Sources/SideBySide"
    ),
    .executableTarget(
      name: "AdaptiveSideBySide",
      dependencies: [.product(name: "Nash", package: "Nash")],
      path: "Sources/AdaptiveSideBySide"
    ),
    .executableTarget(
      name: "RoutingSideBySide",
      dependencies: [.product(name: "NashRouting", package: "Nash")],
      path: "Sources/RoutingSideBySide"
    ),
    .executableTarget(
      name: "WeightsSideBySide",
      dependencies: [.product(name: "NashRouting", package: "Nash"), .product(name: "Nash", package: "Nash")],
      path: "Sources/WeightsSideBySide"
    ),
  ]
)
