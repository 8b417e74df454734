"""The random games of ``BimatrixGame.random(rows:columns:seed:)``, regenerated bit for bit.

Nash's generator is SplitMix64 (Steele, Lea & Flood 2014): payoffs are A row by row, then
B row by row, each ``(next() >> 11) * 2**-53``, a uniform double in [0, 1). This module
ports it with explicit uint64 masking, and computes the same checksum as the Swift
``SideBySide`` harness (FNV-1a over the payoffs' IEEE-754 bit patterns, one 64-bit word at
a time), so the driver can check that both sides timed the same games.

Every payoff is an integer multiple of 2**-53, so ``scaled_integers`` gives the game
multiplied by 2**53 exactly, which is how lrsnash receives it (equilibria are unchanged by a
positive scaling of a player's payoffs).
"""

import struct

import numpy as np

MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed: int):
        self.state = seed & MASK

    def next(self) -> int:
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def next_integer53(self) -> int:
        return self.next() >> 11


def random_integers(rows: int, columns: int, seed: int):
    """A and B scaled by 2**53: nested lists of Python ints below 2**53."""
    rng = SplitMix64(seed)
    a = [[rng.next_integer53() for _ in range(columns)] for _ in range(rows)]
    b = [[rng.next_integer53() for _ in range(columns)] for _ in range(rows)]
    return a, b


def random_game(rows: int, columns: int, seed: int):
    """(A, B), both rows×columns float64 arrays, as ``BimatrixGame.random`` builds them."""
    a, b = random_integers(rows, columns, seed)
    scale = 2.0**-53  # exact: every integer below 2**53 times a power of two
    return (np.array(a, dtype=np.float64) * scale, np.array(b, dtype=np.float64) * scale)


def checksum(a: np.ndarray, b: np.ndarray) -> str:
    """FNV-1a over 64-bit words: the bit patterns of A row by row, then B row by row."""
    h = 0xCBF29CE484222325
    for matrix in (a, b):
        for x in np.ascontiguousarray(matrix, dtype=np.float64).ravel(order="C"):
            (bits,) = struct.unpack("<Q", struct.pack("<d", float(x)))
            h = ((h ^ bits) * 0x100000001B3) & MASK
    return f"{h:016x}"


if __name__ == "__main__":
    import sys

    n, seed = int(sys.argv[1]), int(sys.argv[2])
    a, b = random_game(n, n, seed)
    print(checksum(a, b))
