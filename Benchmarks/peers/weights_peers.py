"""Robust weights side by side: scipy's HiGHS LP and the numpy reference (MOE.md's zerosum.py)
against Nash's WeightsSideBySide, on bit-identical experts x scenarios tables.

The tables are regenerated exactly as ``makeTable`` in
``Benchmarks/Sources/WeightsSideBySide/main.swift``: a 4-factor model whose variates are
``2u - 1`` with u = SplitMix64 ``(next() >> 11) * 2**-53`` (vectorised here: the k-th state is
seed + k * 0x9E3779B97F4A7C15 mod 2**64), drawn in the order mu, loadings, factors, noise, and
combined elementwise in the same order (IEEE operations, so the same bits), then scaled into
[0, 1]. Both sides print a checksum; the report refuses to compare tables that differ.

Usage (from the repository root):
    swift build -c release --package-path Benchmarks --product WeightsSideBySide
    OPENBLAS_NUM_THREADS=1 python3 Benchmarks/peers/weights_peers.py \
        --swift Benchmarks/.build/release/WeightsSideBySide [--sizes 8x100,64x1000,256x10000] [--reps 5]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

MASK = (1 << 64) - 1
GAMMA = np.uint64(0x9E3779B97F4A7C15)


class Stream:
    """SplitMix64, vectorised: ``take(count)`` returns the next ``count`` variates 2u - 1."""

    def __init__(self, seed: int):
        self.seed = np.uint64(seed & MASK)
        self.position = 0

    def take(self, count: int) -> np.ndarray:
        k = np.arange(self.position + 1, self.position + count + 1, dtype=np.uint64)
        self.position += count
        with np.errstate(over="ignore"):
            z = self.seed + k * GAMMA
            z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
            z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
            z = z ^ (z >> np.uint64(31))
        u = (z >> np.uint64(11)).astype(np.float64) * 2.0**-53
        return 2.0 * u - 1.0


def make_table(m: int, n: int, seed: int) -> np.ndarray:
    s = Stream(seed)
    scales = [1.0, 0.6, 0.4, 0.3]
    mu = s.take(m) * 0.02
    load = s.take(m * 4).reshape(m, 4)
    factors = np.stack([scales[k] * s.take(n) for k in range(4)])
    noise = s.take(m * n).reshape(m, n)
    acc = load[:, 0:1] * factors[0]
    acc = acc + load[:, 1:2] * factors[1]
    acc = acc + load[:, 2:3] * factors[2]
    acc = acc + load[:, 3:4] * factors[3]
    a = (mu[:, None] + 0.1 * acc) + 0.05 * noise
    return (a - a.min()) / (a.max() - a.min())


def checksum(a: np.ndarray) -> str:
    bits = np.ascontiguousarray(a, dtype=np.float64).ravel().view(np.uint64)
    with np.errstate(over="ignore"):
        weights = np.arange(bits.size, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
        h = int(np.sum(bits * weights, dtype=np.uint64))
    return format(h, "x")


def solve_lp(a):
    """zerosum.py's solve_lp: max v s.t. v <= (A^T w)_j, sum w = 1, by HiGHS; q from the duals."""
    from scipy.optimize import linprog

    m, n = a.shape
    c = np.zeros(m + 1)
    c[-1] = -1.0
    a_ub = np.hstack([-a.T, np.ones((n, 1))])
    res = linprog(c, A_ub=a_ub, b_ub=np.zeros(n), A_eq=np.hstack([np.ones((1, m)), [[0.0]]]), b_eq=[1.0],
                  bounds=[(0, None)] * m + [(None, None)], method="highs")
    assert res.status == 0, res.message
    w = np.maximum(res.x[:m], 0)
    w /= w.sum()
    q = np.maximum(-res.ineqlin.marginals, 0)
    q /= q.sum()
    return w, q, -res.fun


def entropic_eg(a, tau, iters=500, eta=1.0):
    """zerosum.py's entropic_weights: exponentiated gradient vs the exact softmax response."""
    m, n = a.shape
    lw = np.zeros(m)
    w = np.full(m, 1.0 / m)
    logp = np.full(n, -np.log(n))
    for _ in range(iters):
        z = logp - (a.T @ w) / tau
        z -= z.max()
        q = np.exp(z)
        q /= q.sum()
        lw = lw + eta * (a @ q)
        lw -= lw.max()
        w = np.exp(lw)
        w /= w.sum()
    z = logp - (a.T @ w) / tau
    zmax = z.max()
    lse = zmax + np.log(np.exp(z - zmax).sum())
    q = np.exp(z - lse)
    kl = float(np.sum(q * (z - lse - logp)))
    return float(-tau * lse), float((a @ q).max() + tau * kl)


def timed(reps, fn):
    fn()
    samples = []
    result = None
    for _ in range(reps):
        t0 = time.perf_counter()
        result = fn()
        samples.append((time.perf_counter() - t0) * 1e3)
    samples.sort()
    return samples[len(samples) // 2], result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--swift", help="path of the WeightsSideBySide binary (run first, same session)")
    ap.add_argument("--sizes", default="8x100,64x1000,256x10000")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "results", "weights.jsonl"))
    args = ap.parse_args()
    rows = []
    if args.swift:
        out = subprocess.run([args.swift, args.sizes, str(args.reps)], check=True, capture_output=True, text=True)
        rows += [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    for size in args.sizes.split(","):
        m, n = map(int, size.split("x"))
        a = make_table(m, n, seed=m)
        reps = max(1, args.reps // 2) if m * n >= 1_000_000 else args.reps
        ms, (w, q, v) = timed(reps, lambda: solve_lp(a))
        lower, upper = float((a.T @ w).min()), float((a @ q).max())
        rows.append(dict(tool="scipy-highs", m=m, n=n, checksum=checksum(a), method="worst-case LP", ms=ms,
                         value=v, lower=lower, upper=upper, gap=upper - lower))
        ms, (lo, hi) = timed(reps, lambda: entropic_eg(a, 0.05))
        rows.append(dict(tool="numpy", m=m, n=n, checksum=checksum(a), method="entropic tau=0.05 EG 500 it (zerosum.py)",
                         ms=ms, value=lo, lower=lo, upper=hi, gap=hi - lo))
        print(f"{m}x{n} done", file=sys.stderr, flush=True)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        for r in rows:
            f.write(json.dumps(r, sort_keys=True) + "\n")
    report(rows)


def report(rows):
    sizes = sorted({(r["m"], r["n"]) for r in rows})
    print("| m×n | method | tool | median ms | value | gap | iterations |")
    print("|---|---|---|---|---|---|---|")
    for (m, n) in sizes:
        here = [r for r in rows if (r["m"], r["n"]) == (m, n)]
        sums = {r["checksum"] for r in here}
        if len(sums) != 1:
            print(f"| {m}×{n} | TABLES DIFFER: {sorted(sums)} | | | | | |")
            continue
        for r in here:
            it = r.get("iterations", "")
            print(f"| {m}×{n} | {r['method']} | {r['tool']} | {r['ms']:.2f} | {r['value']:.12f} | {r['gap']:.1e} | {it} |")
        highs = next(r for r in here if r["tool"] == "scipy-highs")
        ours = next((r for r in here if r["method"].startswith("worst-case exact")), None)
        if ours:
            print(f"| {m}×{n} | **LP: HiGHS / Nash time {highs['ms'] / ours['ms']:.2f}×, "
                  f"|value difference| {abs(highs['value'] - ours['value']):.1e}** | | | | | |")
        ent = next((r for r in here if r["method"].startswith("entropic tau=0.05 exact (")), None)
        eg = next(r for r in here if r["tool"] == "numpy")
        if ent:
            print(f"| {m}×{n} | **entropic: numpy EG-500 / Nash Newton time {eg['ms'] / ent['ms']:.2f}×; "
                  f"Nash value − numpy lower bound {ent['value'] - eg['lower']:.1e}** | | | | | |")


if __name__ == "__main__":
    main()
