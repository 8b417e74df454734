// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "Nash",
  products: [
    .library(name: "Nash", targets: ["Nash"]),
    .library(name: "NashFormats", targets: ["NashFormats"]),
    .library(name: "NashRouting", targets: ["NashRouting"]),
    // The C ABI: libCNash.so with the hand-written header Sources/CNashABI/include/nasheq.h.
    .library(name: "CNash", type: .dynamic, targets: ["CNash"]),
    .executable(name: "nash", targets: ["NashCLI"]),
    // Examples (`swift run -c release <name>`).
    .executable(name: "prisoners-dilemma", targets: ["PrisonersDilemma"]),
    .executable(name: "finance", targets: ["Finance"]),
    .executable(name: "moe-router", targets: ["MoERouter"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/attaswift/BigInt", from: "6.0.1"),
    // `swift package generate-documentation` (DocC catalog in Sources/Nash/Nash.docc); a plugin only.
    .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
  ],
  targets: [
    // MARK: - Public API
    .target(
      name: "Nash",
      dependencies: [
        "NashLinearAlgebra",
        "CDenseKernels",
        .product(name: "BigInt", package: "BigInt"),
      ]
    ),
    .target(name: "NashFormats", dependencies: ["Nash"]),
    .target(name: "NashRouting", dependencies: ["Nash", "NashLinearAlgebra", "NashRoutingKernels"]),
    // CNashABI holds the C header (the single source of the ABI's types) and the thread-local
    // last-error buffer; CNash implements the functions in Swift with @_cdecl.
    .target(name: "CNashABI"),
    .target(name: "CNash", dependencies: ["CNashABI", "NashRouting", "Nash"]),
    .executableTarget(
      name: "NashCLI",
      dependencies: [
        "Nash", "NashFormats", "NashRouting",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),

    // MARK: - Examples
    .target(name: "ExampleSupport", path: "Examples/Shared"),
    .executableTarget(
      name: "PrisonersDilemma",
      dependencies: [
        "Nash", "ExampleSupport", "NashFormats",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      path: "Examples/prisoners-dilemma",
      exclude: ["README.md"]
    ),
    .executableTarget(
      name: "Finance",
      dependencies: [
        "Nash", "ExampleSupport", "NashFormats", "NashRouting",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      path: "Examples/finance",
      exclude: ["README.md", "scenario-returns.csv"]
    ),
    .executableTarget(
      name: "MoERouter",
      dependencies: [
        "Nash", "ExampleSupport", "NashRouting",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      path: "Examples/moe-router",
      exclude: ["README.md", "data"]
    ),

    // MARK: - Implementation details
    .systemLibrary(
      name: "CLAPACK",
      pkgConfig: "openblas",
      providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
    ),
    // Small dense kernels with AVX2 + FMA variants chosen at run time (see its header).
    .target(name: "CDenseKernels"),
    .target(name: "NashLinearAlgebra", dependencies: ["CLAPACK", "CDenseKernels"]),

    // The best-response row kernel of NashRouting in C (x86-64 baseline and AVX2, chosen at run time).
    .target(name: "NashRoutingKernels"),

    // MARK: - Unit test bundles
    .target(name: "_NashTestSupport", dependencies: ["Nash"], path: "Tests/_NashTestSupport"),
    .testTarget(name: "NashLinearAlgebraTests", dependencies: ["NashLinearAlgebra", "CDenseKernels"]),
    .testTarget(name: "NashTests", dependencies: ["Nash", "NashFormats", "_NashTestSupport"]),
    .testTarget(name: "NashFormatsTests", dependencies: ["Nash", "NashFormats", "_NashTestSupport"]),
    .testTarget(name: "NashRoutingTests", dependencies: ["NashRouting", "Nash", "_NashTestSupport"]),
    .testTarget(name: "NashCLITests", dependencies: ["NashCLI", "Nash", "_NashTestSupport"]),
    // Builds and runs the C and Python examples against libCNash.so.
    .testTarget(name: "CNashTests", dependencies: ["CNash"]),
    .testTarget(
      name: "ExamplesTests",
      dependencies: ["PrisonersDilemma", "Finance", "MoERouter", "_NashTestSupport"]
    ),
  ]
)
