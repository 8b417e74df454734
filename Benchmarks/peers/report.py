"""Turns the JSON lines of SideBySide (tool "nash") and run_peers.py into Markdown tables.

    python3 report.py results.jsonl > table.md
    python3 report.py --per-game results.jsonl    # and one row per game

For each size n: Nash's time per game and each peer's, as the mean over the seeds of each
game's median time, and the ratio peer / Nash (so 10× means Nash is ten times faster).
A peer's cell is filled only when it was timed on every seed of that size. The script checks
that every tool saw the same games (checksums) and compares what they found: the number of
equilibria for support enumeration, the supports of the equilibrium reached for
Lemke–Howson. It exits non-zero if a checksum differs.
"""

import collections
import json
import sys

PEER_ORDER = ["nash-threads1", "nash-float", "quantecon", "nashpy", "pygambit", "lrsnash"]
PEER_NAMES = {"nash-threads1": "Nash, 1 thread", "nash-float": "Nash, no exact check", "quantecon": "QuantEcon", "nashpy": "Nashpy", "pygambit": "pygambit", "lrsnash": "lrsnash"}


def seconds(x):
    if x is None:
        return "—"
    if x >= 1:
        return f"{x:.2f} s"
    if x >= 1e-3:
        return f"{x * 1e3:.3g} ms"
    return f"{x * 1e6:.3g} µs"


def ratio(x):
    return f"{x:.0f}×" if x >= 100 else f"{x:.1f}×" if x >= 10 else f"{x:.2f}×"


def main(paths):
    records = []
    for path in paths:
        with open(path) as handle:
            records += [json.loads(line) for line in handle if line.strip().startswith("{")]
    by_method = collections.defaultdict(list)
    for r in records:
        if "n" in r:
            by_method[r["method"]].append(r)
    status = 0
    for method, rows in by_method.items():
        games = collections.defaultdict(dict)  # (n, seed) -> tool -> record
        for r in rows:
            games[(r["n"], r["seed"])][r["tool"]] = r
        bad = [(key, tool) for key, tools in games.items() for tool, r in tools.items()
               if "nash" in tools and r["checksum"] != tools["nash"]["checksum"]]
        for key, tool in bad:
            print(f"CHECKSUM MISMATCH: {tool} n={key[0]} seed={key[1]}", file=sys.stderr)
            status = 1
        tools = [t for t in PEER_ORDER if any(t in g for g in games.values())]
        sizes = sorted({n for n, _ in games})
        print(f"### {method}\n")
        header = ["n", "games", "Nash"] + [PEER_NAMES[t] if t.startswith("nash-") else f"{PEER_NAMES[t]} (ratio)"
                                           for t in tools] + ["agreement"]
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join(["---:"] * (len(header) - 1) + [":---"]) + "|")
        for n in sizes:
            keys = sorted(k for k in games if k[0] == n)

            def mean(tool):
                values = [games[k].get(tool, {}).get("median_s") for k in keys]
                return None if any(v is None for v in values) else sum(values) / len(values)

            nash = mean("nash")
            cells = [str(n), str(len(keys)), seconds(nash)]
            for t in tools:
                m = mean(t)
                if m is None:
                    reasons = {games[k].get(t, {}).get("skipped") or games[k].get(t, {}).get("error") for k in keys}
                    reasons.discard(None)
                    cells.append("not run" if reasons else "—")
                else:
                    show_ratio = nash and not t.startswith("nash-")
                    cells.append(seconds(m) + (f" ({ratio(m / nash)})" if show_ratio else ""))
            notes = []
            for t in tools:
                if t.startswith("nash-"):
                    continue
                differ = []
                for k in keys:
                    a, b = games[k].get("nash", {}), games[k].get(t, {})
                    if "median_s" not in a or "median_s" not in b:
                        continue
                    if method == "support-enumeration":
                        if b.get("equilibria") is not None and a.get("equilibria") != b.get("equilibria"):
                            differ.append(f"seed {k[1]}: {a.get('equilibria')} vs {b.get('equilibria')} equilibria")
                    elif b.get("first_support") is not None and a.get("first_support") != b.get("first_support"):
                        differ.append(f"seed {k[1]}: other equilibrium")
                if differ:
                    notes.append(f"{PEER_NAMES[t]}: " + "; ".join(differ))
            counts = [games[k].get("nash", {}).get("equilibria") for k in keys]
            summary = ("equilibria per game: " + ", ".join(map(str, counts))) if method == "support-enumeration" else ""
            cells.append("; ".join(([summary] if summary else []) + (notes or ["all agree"])))
            print("| " + " | ".join(cells) + " |")
        print()
        skipped = sorted({(t, r.get("skipped") or r.get("error")) for g in games.values() for t, r in g.items()
                          if r.get("skipped") or r.get("error")})
        for t, why in skipped:
            print(f"- {PEER_NAMES.get(t, t)}: {why}")
        if skipped:
            print()
    for r in records:
        if "n" not in r and "error" in r:
            print(f"- {PEER_NAMES.get(r['tool'], r['tool'])} ({r['method']}): could not run: {r['error']}\n")
    if PER_GAME:
        for method, rows in by_method.items():
            print(f"#### {method}, per game (median time; pivots for Lemke–Howson, equilibria for support enumeration)\n")
            tools = [t for t in ["nash"] + PEER_ORDER if any(r["tool"] == t for r in rows)]
            print("| n | seed | " + " | ".join(PEER_NAMES.get(t, "Nash") for t in tools) + " | Nash found |")
            print("|" + "---:|" * (len(tools) + 3))
            table = {(r["n"], r["seed"], r["tool"]): r for r in rows}
            for n, seed in sorted({(r["n"], r["seed"]) for r in rows}):
                cells = []
                for t in tools:
                    r = table.get((n, seed, t), {})
                    cell = seconds(r.get("median_s")) if "median_s" in r else "—"
                    cells.append(cell + (" (1 run)" if r.get("single_run") else ""))
                nash = table.get((n, seed, "nash"), {})
                found = nash.get("iterations") if method == "lemke-howson" else nash.get("equilibria")
                print(f"| {n} | {seed} | " + " | ".join(cells) + f" | {found} |")
            print()
    return status


PER_GAME = "--per-game" in sys.argv
if __name__ == "__main__":
    sys.exit(main([a for a in sys.argv[1:] if a != "--per-game"]))
