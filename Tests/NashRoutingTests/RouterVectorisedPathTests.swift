import NashRouting
import Testing

/// Shapes with E a multiple of 8 and at least k + 1 chunks of eight (the vectorised row paths of the
/// best-response kernels; RouterKernelTests covers the edges): the same ids as a full stable sort, ties
/// to the lower index, with and without prices, and the router's invariants for every price solver.
@Suite("EquilibriumRouter: vectorised row pass")
struct RouterVectorisedPathTests {
  typealias Shape = RowPassShape
  static let shapes = [
    Shape(tokens: 50, experts: 16, k: 1), Shape(tokens: 70, experts: 32, k: 2), Shape(tokens: 90, experts: 64, k: 2),
    Shape(tokens: 60, experts: 64, k: 7), Shape(tokens: 40, experts: 256, k: 8), Shape(tokens: 30, experts: 24, k: 2),
  ]

  @Test(arguments: 0..<8)
  func plainTopKMatchesAFullSort(seed: Int) throws {
    try expectPlainTopKMatchesAFullSort(Self.shapes, seed: seed, priceStride: 5, priceLevels: 4)
  }

  @Test(arguments: 0..<3)
  func invariantsHoldForEverySolver(seed: Int) throws {
    try expectInvariantsForEverySolver(Self.shapes, seed: seed, batches: 3, tiedSeed: 2)
  }
}
