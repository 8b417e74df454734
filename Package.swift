// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "Nash",
  products: [
    .library(name: "Nash", targets: ["Nash"]),
    .library(name: "NashFormats", targets: ["NashFormats"]),
    .executable(name: "nash", targets: ["NashCLI"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/attaswift/BigInt", from: "6.0.1"),
  ],
  targets: [
    // MARK: - Public API
    .target(
      name: "Nash",
      dependencies: [
        "NashLinearAlgebra",
        .product(name: "BigInt", package: "BigInt"),
      ]
    ),
    .target(name: "NashFormats", dependencies: ["Nash"]),
    .executableTarget(
      name: "NashCLI",
      dependencies: [
        "Nash", "NashFormats",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),

    // MARK: - Implementation details
    .systemLibrary(
      name: "CLAPACK",
      pkgConfig: "openblas",
      providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
    ),
    .target(name: "NashLinearAlgebra", dependencies: ["CLAPACK"]),

    // MARK: - Unit test bundles
    .target(name: "_NashTestSupport", dependencies: ["Nash"], path: "Tests/_NashTestSupport"),
    .testTarget(name: "NashLinearAlgebraTests", dependencies: ["NashLinearAlgebra"]),
    .testTarget(name: "NashTests", dependencies: ["Nash", "NashFormats", "_NashTestSupport"]),
    .testTarget(name: "NashFormatsTests", dependencies: ["Nash", "NashFormats", "_NashTestSupport"]),
    .testTarget(name: "NashCLITests", dependencies: ["NashCLI", "Nash", "_NashTestSupport"]),
  ]
)
