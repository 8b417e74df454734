import Benchmark
import Nash

// Lemke–Howson from initial dropped label 0 on random n×n games (payoffs uniform in
// [0, 1), SplitMix64 seeds), n = 10 … 400. One path per call, so the work grows roughly
// like n³ (a path of O(n) pivots, each O(n²)).
let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(
    metrics: [.wallClock, .throughput, .mallocCountTotal],
    warmupIterations: 1,
    maxDuration: .seconds(3),
    maxIterations: 1_000
  )
  for n in [10, 50, 100, 200, 400] {
    Benchmark(
      "LemkeHowson random \(n)x\(n)",
      configuration: .init(tags: ["n": "\(n)", "seed": "\(n)", "label": "0"])
    ) { benchmark, game in
      for _ in benchmark.scaledIterations {
        blackHole(try game.solve(using: .lemkeHowson(initialDroppedLabel: 0)))
      }
    } setup: {
      BimatrixGame.random(rows: n, columns: n, seed: UInt64(n))
    }
  }
}
