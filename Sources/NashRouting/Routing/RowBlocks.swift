import Dispatch

/// Runs `body` on `blocks` contiguous ranges that split `0..<rows` in order (block `b` is
/// `rows·b/blocks ..< rows·(b+1)/blocks`), concurrently when `blocks > 1`. `body` must only write
/// memory that belongs to its own rows or its own block index.
func forEachRowBlock(rows: Int, blocks: Int, _ body: (_ block: Int, _ rows: Range<Int>) -> Void) {
  let n = max(1, min(blocks, rows))
  guard n > 1 else {
    body(0, 0..<rows)
    return
  }
  withoutActuallyEscaping(body) { body in
    let work = BlockWork(body)
    DispatchQueue.concurrentPerform(iterations: n) { b in work.body(b, (rows * b / n)..<(rows * (b + 1) / n)) }
  }
}

/// Carries the block body into the worker threads (it only touches disjoint memory per block).
private final class BlockWork: @unchecked Sendable {
  let body: (Int, Range<Int>) -> Void
  init(_ body: @escaping (Int, Range<Int>) -> Void) { self.body = body }
}
