import Benchmark
import Nash

// Support enumeration on random n×n games (payoffs uniform in [0, 1), SplitMix64 seeds),
// n = 4…12. The work grows like 4ⁿ, so the sizes are tags of one suite.
let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(
    metrics: [.wallClock, .throughput, .mallocCountTotal],
    warmupIterations: 1,
    maxDuration: .seconds(3),
    maxIterations: 1_000
  )
  for n in 4...12 {
    Benchmark(
      "SupportEnumeration random \(n)x\(n)",
      configuration: .init(tags: ["n": "\(n)", "seed": "\(n)"])
    ) { benchmark, game in
      for _ in benchmark.scaledIterations {
        blackHole(try game.solve(using: .supportEnumeration()))
      }
    } setup: {
      BimatrixGame.random(rows: n, columns: n, seed: UInt64(n))
    }
  }
}
