import Nash

/// A move in one round of the iterated game.
enum Move: Sendable, Equatable {
  case cooperate, defect

  var flipped: Move { self == .cooperate ? .defect : .cooperate }
}

/// What a player remembers of a match so far: enough for every strategy below, in O(1).
struct Memory: Sendable, Equatable {
  /// The round about to be played, from 0.
  var round = 0
  var myLast: Move?
  var theirLast: Move?
  var theirSecondLast: Move?
  var theyHaveDefected = false

  /// Records one round as it was actually played (after any noise).
  mutating func record(mine: Move, theirs: Move) {
    round += 1
    myLast = mine
    theirSecondLast = theirLast
    theirLast = theirs
    if theirs == .defect { theyHaveDefected = true }
  }
}

/// The classic strategies of Axelrod's tournaments (Axelrod 1984, *The Evolution of
/// Cooperation*) and of the evolutionary literature after it.
enum Strategy: String, CaseIterable, Sendable {
  case alwaysCooperate = "always-cooperate"
  case alwaysDefect = "always-defect"
  case titForTat = "tit-for-tat"
  case suspiciousTitForTat = "suspicious-tit-for-tat"
  case titForTwoTats = "tit-for-two-tats"
  case grimTrigger = "grim-trigger"
  case pavlov = "pavlov"
  case random = "random"

  /// A short column heading.
  var abbreviation: String {
    switch self {
    case .alwaysCooperate: "AllC"
    case .alwaysDefect: "AllD"
    case .titForTat: "TFT"
    case .suspiciousTitForTat: "STFT"
    case .titForTwoTats: "TF2T"
    case .grimTrigger: "Grim"
    case .pavlov: "Pavlov"
    case .random: "Random"
    }
  }

  /// One line on how it plays.
  var summary: String {
    switch self {
    case .alwaysCooperate: "always cooperates"
    case .alwaysDefect: "always defects"
    case .titForTat: "cooperates first, then copies the opponent's last move"
    case .suspiciousTitForTat: "defects first, then copies the opponent's last move"
    case .titForTwoTats: "defects only after two defections in a row"
    case .grimTrigger: "cooperates until the opponent defects once, then defects forever"
    case .pavlov: "win-stay, lose-shift: repeats its move after R or T, switches after P or S"
    case .random: "cooperates or defects with probability 1/2 each (seeded)"
    }
  }

  /// The move this strategy intends in the next round. Only ``random`` draws from `rng`.
  func move(_ memory: Memory, rng: inout SplitMix64) -> Move {
    switch self {
    case .alwaysCooperate: return .cooperate
    case .alwaysDefect: return .defect
    case .titForTat: return memory.theirLast ?? .cooperate
    case .suspiciousTitForTat: return memory.theirLast ?? .defect
    case .titForTwoTats:
      return memory.theirLast == .defect && memory.theirSecondLast == .defect ? .defect : .cooperate
    case .grimTrigger: return memory.theyHaveDefected ? .defect : .cooperate
    case .pavlov:
      // Win-stay, lose-shift (Nowak & Sigmund 1993): after R or T (the opponent cooperated)
      // repeat the last move, after P or S switch; that is, cooperate iff both moved alike.
      guard let mine = memory.myLast, let theirs = memory.theirLast else { return .cooperate }
      return mine == theirs ? .cooperate : .defect
    case .random: return rng.nextUnitDouble() < 0.5 ? .cooperate : .defect
    }
  }
}
