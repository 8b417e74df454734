"""Lemke–Howson's pivot rate against the machine's BLAS throughput (Benchmarks/README.md).

Reads results/blas-throughput.jsonl (blas/throughput.c) and results/lemke-howson.jsonl
(run-side-by-side.sh) and prints a Markdown table per game: pivots, the measured pivot rate of
Nash (float only, no exact check) and of QuantEcon, and the rate each would reach if its pivot ran
at BLAS speed on the same shapes.

Flop models (per pivot, n×n game, k = the larger support at the end of the path, an upper bound
for the supports along it):
- Nash's revised kernel: the entering column E·u (2k²) and C[:, S]·w (2nk), the ratio test and
  the update of the basic values (3n), the rank-one update of E (2k²): 2nk + 4k² + 3n, bounded by
  dgemv's rate on an n×k matrix (its dominant term).
- QuantEcon's full tableau (and Nash's full-tableau kernel): one rank-one update of the n×(2n+1)
  tableau, 2n(2n+1), bounded by dger's rate on n×2n.
"""
import json
import sys


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def nearest(rates, routine, rows, columns):
    """GFLOP/s of `routine` on the measured shape closest to rows×columns (same rows preferred)."""
    candidates = [r for r in rates if r["routine"] == routine]
    best = min(candidates, key=lambda r: (abs(r["rows"] - rows), abs(r["columns"] - columns)))
    return best["gflops"], f'{best["rows"]}×{best["columns"]}'


def main(blas_path, lh_path):
    rates = load(blas_path)
    games = {}
    for row in load(lh_path):
        if "median_s" not in row or row.get("method") != "lemke-howson":
            continue
        games.setdefault((row["n"], row["seed"]), {})[row["tool"]] = row
    print("| machine BLAS (1 thread) | shape | GFLOP/s |")
    print("|---|---|---:|")
    for r in rates:
        shape = f'{r["rows"]}×{r["columns"]}' + (f'×{r["depth"]}' if r["depth"] else "")
        print(f'| {r["routine"]} | {shape} | {r["gflops"]:.2f} |')
    print()
    print("| n | seed | pivots | k | Nash float | Nash at dgemv rate | Nash / bound | QuantEcon | full tableau at dger rate | QuantEcon / bound |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for (n, seed), tools in sorted(games.items()):
        nash = tools.get("nash-float")
        if not nash or not nash.get("iterations"):
            continue
        pivots = nash["iterations"]
        k = max(len(s) for s in nash.get("first_support", [[1]]))
        nash_rate = pivots / nash["median_s"]
        gemv, _ = nearest(rates, "dgemv", n, k)
        nash_bound = gemv * 1e9 / (2 * n * k + 4 * k * k + 3 * n)
        ger, _ = nearest(rates, "dger", n, 2 * n)
        full_bound = ger * 1e9 / (2 * n * (2 * n + 1))
        qe = tools.get("quantecon")
        qe_cells = ["—", "—"]
        if qe and "median_s" in qe:
            qe_rate = pivots / qe["median_s"]  # same path: pivot counts agree (checked in report.py)
            qe_cells = [f"{qe_rate / 1e3:.0f} k/s", f"{qe_rate / full_bound:.0%}"]
        print(f"| {n} | {seed} | {pivots} | {k} | {nash_rate / 1e3:.0f} k/s | {nash_bound / 1e3:.0f} k/s "
              f"| {nash_rate / nash_bound:.0%} | {qe_cells[0]} | {full_bound / 1e3:.0f} k/s | {qe_cells[1]} |")


if __name__ == "__main__":
    main(*sys.argv[1:3])
