import Foundation
import Testing

/// `nash weights`: end to end through the built binary (helpers from CLITests).
@Suite("nash weights")
struct WeightsCommandTests {
  /// max_p min(3p, 2 − 2p, 1 + p) = 6/5 at p = 2/5; the adversary plays (2/5, 3/5, 0).
  static let twoByThree = """
    # experts × scenarios
    ,calm,storm,drift
    alpha,3,0,2
    beta,0,2,1
    """

  @Test func jsonHasWeightsBoundsAndLabels() throws {
    let path = try CLITests.temporaryFile("weights.csv", Self.twoByThree)
    let run = try CLITests.run(["weights", path, "--format", "json"])
    #expect(run.status == 0, "\(run.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let weights = try #require(object["weights"] as? [Double])
    let scenarioWeights = try #require(object["scenarioWeights"] as? [Double])
    #expect(abs(weights[0] - 0.4) < 1e-9 && abs(weights[1] - 0.6) < 1e-9)
    #expect(abs(scenarioWeights[0] - 0.4) < 1e-9 && scenarioWeights[2] < 1e-9)
    let value = try #require(object["value"] as? Double)
    let lower = try #require(object["lowerBound"] as? Double), upper = try #require(object["upperBound"] as? Double)
    #expect(abs(value - 1.2) < 1e-9 && lower <= value && value <= upper && upper - lower < 1e-9)
    #expect(object["experts"] as? [String] == ["alpha", "beta"])
    #expect(object["scenarios"] as? [String] == ["calm", "storm", "drift"])
    #expect(object["hasConverged"] as? Bool == true && object["gap"] is Double && object["iterations"] is Int)
  }

  @Test func tableShowsExpertsBoundsAndScenarios() throws {
    let run = try CLITests.run(["weights", "-"], stdin: Self.twoByThree)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("Robust weights (worst case, exact): 2 experts × 3 scenarios"))
    #expect(run.stdout.contains("value 1.2   bounds [1.2, 1.2]"))
    #expect(run.stdout.contains("alpha   0.4"))
    #expect(run.stdout.contains("beta    0.6"))
    #expect(run.stdout.contains("scenario  adversary weight"))
    #expect(run.stdout.contains("storm     0.6"))
    #expect(run.stdout.contains("1 scenarios with weight below 1e-6 not shown"))
  }

  /// --prior: a prior on the likelier scenario moves the entropic weights toward the expert that
  /// is good there; the JSON echoes the normalised prior; a wrong count, a negative entry or a
  /// prior without --tau is refused with one Error: line.
  @Test func priorShiftsTheEntropicWeights() throws {
    let path = try CLITests.temporaryFile("weights-prior.csv", "3,0,2\n0,2,1\n")
    func weights(_ extra: [String]) throws -> (weights: [Double], prior: [Double]?) {
      let run = try CLITests.run(["weights", path, "--tau", "1", "--format", "json"] + extra)
      #expect(run.status == 0, "\(run.stderr)")
      let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
      return (try #require(object["weights"] as? [Double]), object["prior"] as? [Double])
    }
    let uniform = try weights([])
    let calm = try weights(["--prior", "8,1,1"])
    let storm = try weights(["--prior", "1,8,1"])
    #expect(uniform.prior == nil)
    #expect(calm.prior.map { $0.map { ($0 * 10).rounded() / 10 } } == [0.8, 0.1, 0.1])
    // Expert 0 pays 3 in the first scenario, expert 1 pays 2 in the second.
    #expect(calm.weights[0] > uniform.weights[0] && storm.weights[1] > uniform.weights[1])

    let wrongCount = try CLITests.run(["weights", path, "--tau", "1", "--prior", "1,1"])
    #expect(wrongCount.status == 1 && wrongCount.stderr.contains("--prior has 2 weights but"))
    let negative = try CLITests.run(["weights", path, "--tau", "1", "--prior", "1,-1,1"])
    #expect(negative.status == 64 && negative.stderr.contains("expected a finite number ≥ 0"))
    let noTau = try CLITests.run(["weights", path, "--prior", "1,1,1"])
    #expect(noTau.status == 64 && noTau.stderr.contains("--prior needs --tau"))
  }

  @Test func entropicAndHedgeOptions() throws {
    let path = try CLITests.temporaryFile("weights-plain.csv", "3,0,2\n0,2,1\n")
    let exact = try CLITests.run(["weights", path, "--tau", "0.5", "--format", "json"])
    let hedge = try CLITests.run([
      "weights", path, "--tau", "0.5", "--method", "optimistic-hedge", "--max-iterations", "20000", "--format", "json",
    ])
    #expect(exact.status == 0 && hedge.status == 0, "\(exact.stderr) \(hedge.stderr)")
    let e = try #require(try JSONSerialization.jsonObject(with: Data(exact.stdout.utf8)) as? [String: Any])
    let h = try #require(try JSONSerialization.jsonObject(with: Data(hedge.stdout.utf8)) as? [String: Any])
    #expect(e["risk"] as? String == "entropic" && h["method"] as? String == "optimistic-hedge")
    // The entropic value lies above the worst case 1.2 and within the hedge's bounds.
    let v = try #require(e["value"] as? Double)
    #expect(v > 1.2)
    #expect((h["lowerBound"] as! Double) - 1e-9 <= v && v <= (h["upperBound"] as! Double) + 1e-9)
    #expect(e["experts"] as? [String] == ["1", "2"])
  }

  @Test func parseErrorsNameFileLineAndColumn() throws {
    let bad = try CLITests.temporaryFile("bad-weights.csv", "a,b\nx,1,2\ny,3,oops\n")
    let run = try CLITests.run(["weights", bad])
    #expect(run.status == 1)
    #expect(run.stderr == "Error: \(bad):3:5: expected a number, found \"oops\"\n")
    let ragged = try CLITests.temporaryFile("ragged-weights.csv", "1,2,3\n4,5\n")
    let raggedRun = try CLITests.run(["weights", ragged])
    #expect(raggedRun.status == 1 && raggedRun.stderr.contains("\(ragged):2:1: this row has 2 cells; the first row has 3"))
    let nan = try CLITests.temporaryFile("nan-weights.csv", "1,nan\n")
    #expect(try CLITests.run(["weights", nan]).stderr.contains(":1:3: the payoff nan is not finite"))
    #expect(try CLITests.run(["weights", "/no/such/file.csv"]).status == 1)
    #expect(try CLITests.run(["weights", "-"], stdin: "# only a comment\n").status == 1)
  }

  @Test func usageErrorsExit64() throws {
    let path = try CLITests.temporaryFile("weights-usage.csv", "1,0\n0,1\n")
    for arguments in [["--tau", "-1"], ["--tau", "nan"], ["--method", "simplex"], ["--max-iterations", "-5"],
                      ["--tolerance", "0"], ["--format", "csv"]] {
      let run = try CLITests.run(["weights", path] + arguments)
      #expect(run.status == 64, "\(arguments): \(run.stderr)")
    }
  }

  @Test func helpCarriesAnExample() throws {
    let run = try CLITests.run(["weights", "--help"])
    #expect(run.status == 0)
    #expect(run.stdout.contains("nash weights payoff.csv --tau 0.05 --format json"))
  }
}
