"""Times the peers of Nash's zero-sum and learning methods on the games of
``BimatrixGame.randomZeroSum``, one JSON line per (peer, game), with the timing scheme of the
Swift ``AdaptiveSideBySide`` harness.

    python3 adaptive_peers.py --section zero-sum --sizes 100,500,1000 --seeds 1,2,3
    python3 adaptive_peers.py --section fictitious-play --sizes 10,100,500 --seeds 1,2,3 --iterations 10000
    python3 adaptive_peers.py --report results/adaptive.jsonl > results/adaptive.md

Peers (each only called, never copied):
  scipy      ``scipy.optimize.linprog(method="highs")`` on ``min v s.t. A y <= v 1, 1'y = 1,
             y >= 0``; the row strategy is the negated dual of the inequalities. Value, and
             the duality gap ``max A y - min x'A`` of the returned pair, from the payoffs.
  nashpy     ``nashpy.learning.fictitious_play.fictitious_play(A, B, iterations,
             play_counts=[e_0, e_0])``: the counts start as if both had played strategy 0 once,
             which is Nash's start (Nashpy breaks ties at random, so from zero counts its first
             move would be random; with e_0 ties are rare on these games).
  quantecon  ``FictitiousPlay(NormalFormGame((Player(A), Player(B.T)))).play(actions=(e_0,
             e_0), num_reps=iterations - 1)``: beliefs start at the pure profile (0, 0), ties go
             to the smallest index — Nash's rule, so the profiles agree up to round-off.

Fictitious play's result is the averaged profile; its max regret (relative to the payoff
range) is computed here from the payoffs, the same way for every tool.

Games: A uniform in [0, 1) from SplitMix64(seed), row by row (``games.SplitMix64``), B = -A.
The checksum (FNV-1a over the IEEE-754 bit patterns of A then B, ``games.checksum``) must match
the Swift side's.
"""

import argparse
import json
import os
import statistics
import sys
import time
import warnings

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from games import SplitMix64, checksum  # noqa: E402


def random_zero_sum(rows, columns, seed):
    """(A, -A) as ``BimatrixGame.randomZeroSum(rows:columns:seed:)`` builds them."""
    rng = SplitMix64(seed)
    a = np.array([[rng.next_integer53() for _ in range(columns)] for _ in range(rows)], dtype=np.float64)
    a *= 2.0**-53  # exact: integers below 2**53 times a power of two
    return a, -a


def integers(text):
    out = []
    for part in text.split(","):
        bounds = [int(x) for x in part.split("-")]
        out += bounds if len(bounds) == 1 else list(range(bounds[0], bounds[1] + 1))
    return out


def measure(call, args):
    """Warm-up result, and the timing fields of the Swift harness."""
    start = time.perf_counter()
    result = call()
    once = max(time.perf_counter() - start, 1e-9)
    inner = max(1, int(np.ceil(args.min_sample / once)))
    repetitions = args.repetitions
    if once * repetitions > args.budget:
        repetitions = max(1, int(args.budget / once))
    samples = []
    for _ in range(repetitions):
        begin = time.perf_counter()
        for _ in range(inner):
            call()
        samples.append((time.perf_counter() - begin) / inner)
    return result, {"median_s": statistics.median(samples), "min_s": min(samples),
                    "repetitions": len(samples), "inner": inner}


def max_regret(a, x, y):
    """Nash regret of (x, y) in the zero-sum game (A, -A): the larger player's gain."""
    ay, xa = a @ y, x @ a
    value = x @ ay
    return max(ay.max() - value, value - xa.min())


def highs(a):
    from scipy.optimize import linprog
    m, n = a.shape
    c = np.r_[np.zeros(n), 1.0]
    a_ub = np.c_[a, -np.ones(m)]
    a_eq = np.r_[np.ones(n), 0.0][None, :]
    bounds = [(0, None)] * n + [(None, None)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = linprog(c, A_ub=a_ub, b_ub=np.zeros(m), A_eq=a_eq, b_eq=[1.0], bounds=bounds, method="highs")
    return res


def zero_sum(args, n, seed, a, b, base):
    res, timing = measure(lambda: highs(a), args)
    line = dict(base, tool="scipy-highs", **timing)
    if res.status == 0:
        y = np.maximum(res.x[:n], 0)
        y /= y.sum()
        x = np.maximum(-res.ineqlin.marginals, 0)
        x /= x.sum()
        scale = a.max() - a.min()
        line.update(value=float(res.x[n]), gap=float(((a @ y).max() - (x @ a).min()) / scale),
                    iterations=int(getattr(res, "nit", -1)), converged=True)
    else:
        line.update(error=res.message)
    print(json.dumps(line), flush=True)


def fictitious(args, n, seed, a, b, base):
    scale = a.max() - a.min()
    e0 = np.zeros(n)
    e0[0] = 1
    if "nashpy" in args.peers:
        from nashpy.learning.fictitious_play import fictitious_play

        def call():
            np.random.seed(0)
            last = None
            for counts in fictitious_play(a, b, args.iterations - 1, play_counts=[e0.copy(), e0.copy()]):
                last = counts
            return last

        counts, timing = measure(call, args)
        x, y = counts[0] / counts[0].sum(), counts[1] / counts[1].sum()
        print(json.dumps(dict(base, tool="nashpy", **timing, iterations=args.iterations,
                              max_regret=float(max_regret(a, x, y) / scale))), flush=True)
    if "quantecon" in args.peers:
        from quantecon.game_theory import FictitiousPlay, NormalFormGame, Player

        fp = FictitiousPlay(NormalFormGame((Player(a), Player(b.T.copy()))))

        def call():
            return fp.play(actions=(e0.copy(), e0.copy()), num_reps=args.iterations - 1)

        (x, y), timing = measure(call, args)
        print(json.dumps(dict(base, tool="quantecon", **timing, iterations=args.iterations,
                              max_regret=float(max_regret(a, x, y) / scale))), flush=True)


def fmt_s(x):
    if x is None:
        return "—"
    if x >= 1:
        return f"{x:.2f} s"
    if x >= 1e-3:
        return f"{x * 1e3:.3g} ms"
    return f"{x * 1e6:.3g} µs"


def fmt_ratio(x):
    return f"{x:.0f}×" if x >= 100 else f"{x:.1f}×" if x >= 10 else f"{x:.2f}×"


def report(path):
    """Markdown tables from the JSON lines of both harnesses; exits 1 if checksums differ."""
    import collections
    with open(path) as handle:
        records = [json.loads(line) for line in handle if line.strip().startswith("{")]
    sums = collections.defaultdict(set)
    for r in records:
        if "checksum" in r:
            sums[(r["section"], r["n"], r["seed"])].add(r["checksum"])
    bad = [k for k, v in sums.items() if len(v) > 1]
    if bad:
        print(f"checksums differ for {bad}", file=sys.stderr)
        sys.exit(1)
    by = collections.defaultdict(list)
    for r in records:
        by[(r["section"], r["tool"], r["n"])].append(r)

    def mean_median(section, tool, n):
        rows = by.get((section, tool, n), [])
        if not rows or any("median_s" not in r for r in rows):
            return None, rows
        return sum(r["median_s"] for r in rows) / len(rows), rows

    out = []
    sizes = sorted({r["n"] for r in records if r["section"] == "zero-sum"})
    if sizes:
        out += ["### Zero-sum value: Nash LP and adaptive vs scipy HiGHS", "",
                "| n | games | Nash ZeroSumLP | Nash adaptive (OGDA) | scipy HiGHS | HiGHS / LP | HiGHS / adaptive "
                "| LP pivots | OGDA iterations | worst gap (LP, OGDA, HiGHS) | max value difference |",
                "|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---|---:|"]
        for n in sizes:
            lp, lpr = mean_median("zero-sum", "nash-lp", n)
            ad, adr = mean_median("zero-sum", "nash-adaptive", n)
            hi, hir = mean_median("zero-sum", "scipy-highs", n)
            values = collections.defaultdict(list)
            for r in lpr + adr + hir:
                if r.get("value") is not None:
                    values[r["seed"]].append(r["value"])
            diff = max((max(v) - min(v) for v in values.values()), default=float("nan"))

            def worst(rows):
                return f"{max(r['gap'] for r in rows):.1e}" if rows and all("gap" in r for r in rows) else "—"

            def its(rows):
                return ", ".join(str(r["iterations"]) for r in rows) if rows else "—"

            out.append(
                f"| {n} | {len(lpr)} | {fmt_s(lp)} | {fmt_s(ad)} | {fmt_s(hi)} "
                f"| {fmt_ratio(hi / lp) if hi and lp else '—'} | {fmt_ratio(hi / ad) if hi and ad else '—'} "
                f"| {its(lpr)} | {its(adr)} | {worst(lpr)}, {worst(adr)}, {worst(hir)} | {diff:.1e} |")
        out.append("")
    sizes = sorted({r["n"] for r in records if r["section"] == "fictitious-play"})
    if sizes:
        iterations = sorted({r["iterations"] for r in records if r["section"] == "fictitious-play"})
        out += [f"### Fictitious play, {', '.join(map(str, iterations))} rounds: Nash vs Nashpy and QuantEcon", "",
                "| n | games | Nash | Nash per round | Nashpy (ratio) | QuantEcon (ratio) "
                "| max regret Nash / Nashpy / QuantEcon (mean, of the payoff range) |",
                "|---:|---:|---:|---:|---:|---:|:---|"]
        for n in sizes:
            na, nar = mean_median("fictitious-play", "nash", n)
            cells = []
            regrets = [f"{sum(r['max_regret'] for r in nar) / len(nar):.2e}" if nar else "—"]
            for tool in ["nashpy", "quantecon"]:
                t, rows = mean_median("fictitious-play", tool, n)
                cells.append(f"{fmt_s(t)} ({fmt_ratio(t / na)})" if t and na and len(rows) == len(nar) else "—")
                regrets.append(f"{sum(r['max_regret'] for r in rows) / len(rows):.2e}" if rows else "—")
            per = na / nar[0]["iterations"] if na else None
            out.append(f"| {n} | {len(nar)} | {fmt_s(na)} | {fmt_s(per)} | {cells[0]} | {cells[1]} | {' / '.join(regrets)} |")
        out.append("")
    tracker = [r for r in records if r["section"] == "tracker"]
    if tracker:
        out += ["### Equilibrium tracker: warm vs cold starts on drifting games (Nash only)", "",
                "| engine | n | sequences | steps × rate | warm iterations | cold iterations | cold / warm "
                "| warm time | cold time | worst gap | all converged |",
                "|:---|---:|---:|:---|---:|---:|---:|---:|---:|---:|:---|"]
        groups = collections.defaultdict(list)
        for r in tracker:
            groups[(r["engine"], r["n"], r["steps"], r["rate"])].append(r)
        for (engine, n, steps, rate), rows in sorted(groups.items()):
            warm = sum(r["warm_iterations"] for r in rows)
            cold = sum(r["cold_iterations"] for r in rows)
            out.append(
                f"| {engine} | {n} | {len(rows)} | {steps} × {rate} | {warm} | {cold} "
                f"| {fmt_ratio(cold / warm) if warm else '∞ (warm: 0)'} | {fmt_s(sum(r['warm_s'] for r in rows))} "
                f"| {fmt_s(sum(r['cold_s'] for r in rows))} | {max(r['worst_gap'] for r in rows):.1e} "
                f"| {all(r['converged'] for r in rows)} |")
        out.append("")
    print("\n".join(out))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--section", choices=["zero-sum", "fictitious-play", "checksum"])
    parser.add_argument("--sizes", type=integers)
    parser.add_argument("--report", metavar="JSONL", help="print the Markdown tables of a results file and exit")
    parser.add_argument("--seeds", type=integers, default=[1])
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--min-sample", type=float, default=0.02)
    parser.add_argument("--budget", type=float, default=30.0)
    parser.add_argument("--iterations", type=int, default=10_000)
    parser.add_argument("--peers", default="nashpy,quantecon")
    parser.add_argument("--max-n", default="", help="per-peer size caps, e.g. nashpy=500")
    args = parser.parse_args()
    if args.report:
        report(args.report)
        return
    if not args.section or not args.sizes:
        parser.error("--section and --sizes are required")
    args.peers = args.peers.split(",")
    caps = dict(item.split("=") for item in args.max_n.split(",") if item)
    for n in args.sizes:
        for seed in args.seeds:
            a, b = random_zero_sum(n, n, seed)
            base = {"section": args.section, "n": n, "seed": seed, "checksum": checksum(a, b)}
            if args.section == "checksum":
                print(json.dumps(dict(base, tool="python")), flush=True)
            elif args.section == "zero-sum":
                zero_sum(args, n, seed, a, b, base)
            else:
                peers = args.peers
                args.peers = [p for p in peers if p not in caps or n <= int(caps[p])]
                fictitious(args, n, seed, a, b, base)
                args.peers = peers


if __name__ == "__main__":
    main()
