import Foundation
import Nash
import Testing

/// Hard-to-solve games for Lemke–Howson (Savani & von Stengel 2006, "Hard-to-solve bimatrix
/// games", Econometrica 74(2):397–429, https://doi.org/10.1111/j.1468-0262.2006.00667.x), in
/// the unit-vector form of Savani & von Stengel 2016 ("Unit vector games", Int. J. Econ.
/// Theory 12:7–27, https://doi.org/10.1111/ijet.12077), built here from the definitions:
///
/// - P is the dual of a cyclic polytope with 2d facets in dimension d (d even). We take the
///   2d points pₖ = (cos θₖ, sin θₖ, cos 2θₖ, sin 2θₖ, …, cos (d/2)θₖ, sin (d/2)θₖ),
///   θₖ = 2πk/(2d), on the trigonometric moment curve (combinatorially cyclic, and well
///   conditioned), and P′ = { z : pₖ·z ≤ 1 }. Its vertex on facets 0..<d is moved to the origin
///   by xᵢ = 1 − pᵢ·z, giving P = { x ≥ 0 : Cᵀx ≤ 1 }; B = C shifted to be positive (a
///   projective change that keeps the labeled polytope).
/// - Facet k of P carries label l(k): l(k) = k for the d facets xₖ ≥ 0 and, for the other d
///   facets, Morris's labeling d, d−2, d−1, d−4, d−3, …, 2, 3, 1 (1-based labels). The row
///   player's payoff column j is the unit vector e_{l(d+j)} (a unit vector game).
///
/// Completely labeled vertices of P other than 0 are the equilibria of the game; with this
/// labeling there is exactly one, the vertex on all of the facets d..<2d (Gale string
/// 0ᵈ1ᵈ), so the unique equilibrium is x ∝ the solution of Bᵀx = 1 and y uniform. Every
/// Lemke–Howson path to it is exponentially long in d.
struct HardGame {
  let dimension: Int
  let game: BimatrixGame
  /// The 0-based label of each facet of P.
  let facetLabels: [Int]

  init(dimension d: Int) {
    precondition(d >= 4 && d % 2 == 0)
    dimension = d
    let points: [[Double]] = (0..<(2 * d)).map { k in
      let theta = 2 * Double.pi * Double(k) / Double(2 * d)
      return (1...(d / 2)).flatMap { f in [cos(Double(f) * theta), sin(Double(f) * theta)] }
    }
    // Mᵀ w = p_{d+j} with M's rows p₀ … p_{d−1}.
    let mTransposed = (0..<d).map { r in (0..<d).map { c in points[c][r] } }
    var c = [[Double]](repeating: [Double](repeating: 0, count: d), count: d)
    for j in 0..<d {
      let w = solveLinearSystem(mTransposed, points[d + j])
      let denominator = 1 - w.reduce(0, +)
      precondition(denominator > 0, "the base vertex is degenerate")
      for i in 0..<d { c[i][j] = -w[i] / denominator }
    }
    let shift = 1 - c.joined().min()!
    let b = c.map { $0.map { $0 + shift } }
    var second = [d]
    var k = d - 2
    while k >= 2 {
      second += [k, k + 1]
      k -= 2
    }
    second.append(1)
    let labels = Array(0..<d) + second.map { $0 - 1 }
    facetLabels = labels
    let u = (0..<d).map { i in (0..<d).map { j in labels[d + j] == i ? 1.0 : 0.0 } }
    game = try! BimatrixGame(rowPayoffs: u, columnPayoffs: b, title: "Savani–von Stengel d=\(d)")
  }

  /// The number of pivots in P on the Lemke–Howson path that drops label `label` (< d),
  /// computed combinatorially on Gale strings: vertices of P are the d-sets of facets whose
  /// runs (cyclically) have even length.
  func galePathLength(droppingLabel label: Int) -> Int {
    let n = 2 * dimension
    func isGaleEven(_ s: [Bool]) -> Bool {
      guard let zero = s.firstIndex(of: false) else { return true }
      var run = 0
      for offset in 1...n {
        if s[(zero + offset) % n] { run += 1 } else {
          if run % 2 == 1 { return false }
          run = 0
        }
      }
      return true
    }
    var s = (0..<n).map { $0 < dimension }
    var leaving = label
    var steps = 0
    while true {
      s[leaving] = false
      let entering = (0..<n).first { k in
        guard !s[k], k != leaving else { return false }
        var t = s
        t[k] = true
        return isGaleEven(t)
      }!
      s[entering] = true
      steps += 1
      if facetLabels[entering] == label { return steps }
      leaving = (0..<n).first { s[$0] && $0 != entering && facetLabels[$0] == facetLabels[entering] }!
    }
  }
}

/// Gaussian elimination with partial pivoting, for the small systems of the construction.
private func solveLinearSystem(_ matrix: [[Double]], _ rhs: [Double]) -> [Double] {
  let n = rhs.count
  var a = matrix
  var b = rhs
  for col in 0..<n {
    let pivot = (col..<n).max { abs(a[$0][col]) < abs(a[$1][col]) }!
    a.swapAt(col, pivot)
    b.swapAt(col, pivot)
    for r in (col + 1)..<n {
      let f = a[r][col] / a[col][col]
      for c in col..<n { a[r][c] -= f * a[col][c] }
      b[r] -= f * b[col]
    }
  }
  var x = [Double](repeating: 0, count: n)
  for r in stride(from: n - 1, through: 0, by: -1) {
    var sum = b[r]
    for c in (r + 1)..<n { sum -= a[r][c] * x[c] }
    x[r] = sum / a[r][r]
  }
  return x
}

@Suite("Lemke–Howson on hard games")
struct LemkeHowsonHardGamesTests {
  @Test("the Gale-string paths grow exponentially (sanity check of the construction)")
  func galeLengths() {
    // Shortest path over all labels, d = 4 … 12: 4, 8, 12, 22, 32 (each ≈ 1.4× the last).
    let shortest = [4, 6, 8, 10, 12].map { d in
      let hard = HardGame(dimension: d)
      return (0..<d).map { hard.galePathLength(droppingLabel: $0) }.min()!
    }
    #expect(shortest == [4, 8, 12, 22, 32])
  }

  @Test("every label ends at the unique equilibrium, after an exponentially long path",
        arguments: [4, 6, 8, 10, 12, 14])
  func hard(_ d: Int) throws {
    let hard = HardGame(dimension: d)
    let game = hard.game
    for label in 0..<(2 * d) {
      let result = try game.solve(using: .lemkeHowson(initialDroppedLabel: label, verifiesExactly: d <= 8))
      let context = "d \(d) label \(label)"
      #expect(result.hasConverged, "\(context): \(result.diagnostics)")
      let equilibrium = try #require(result.equilibria.first, "\(context)")
      #expect(equilibrium.maxRegret <= Tolerance.regret * game.payoffScale, "\(context)")
      // The unique equilibrium: y uniform, x of full support.
      for p in equilibrium.profile.column.probabilities {
        #expect(abs(p - 1 / Double(d)) <= 1e-9, "\(context): \(equilibrium.profile.column)")
      }
      #expect(equilibrium.rowSupport.count == d, "\(context)")
      if d <= 8 { #expect(equilibrium.isVerifiedExactly, "\(context)") }
      if label < d {
        // Each Gale step is a pivot in P, and they alternate with pivots in Q.
        #expect(result.iterations >= hard.galePathLength(droppingLabel: label), "\(context)")
      }
    }
  }

  @Test("the pivot cap stops a long path without presenting an equilibrium")
  func capOnHardGame() throws {
    let game = HardGame(dimension: 12).game
    let result = try game.solve(using: .lemkeHowson(maxIterations: 20))
    #expect(!result.hasConverged)
    #expect(result.equilibria.isEmpty)
  }

  @Test("enumeration on a hard game finds the unique equilibrium")
  func enumeration() throws {
    let game = HardGame(dimension: 6).game
    let result = try game.solve(using: .lemkeHowsonEnumeration())
    #expect(result.equilibria.count == 1)
    #expect(!result.isComplete)
  }
}
