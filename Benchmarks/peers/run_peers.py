"""Times the Python and C peers on the games of ``BimatrixGame.random``, one JSON line per
(peer, game), with the same timing scheme as the Swift ``SideBySide`` harness.

    python3 run_peers.py --method support-enumeration --sizes 4-12 --seeds 1,2,3
    python3 run_peers.py --method lemke-howson --sizes 10,50,100 --label 0 --peers quantecon,nashpy

Peers (each only called, never copied):
  quantecon  QuantEcon.py ``support_enumeration`` / ``lemke_howson(init_pivot=label)`` (numba);
             its player 2 holds B transposed (n×m), so the game is
             ``NormalFormGame((Player(A), Player(B.T)))``.
  nashpy     Nashpy ``Game(A, B).support_enumeration()`` / ``.lemke_howson(initial_dropped_label)``.
  pygambit   Gambit's C++ ``enummixed_solve(rational=False)`` / ``lcp_solve(rational=False,
             stop_after=1)`` through pygambit.
  lrsnash    lrslib's ``lrsnash`` (all extreme equilibria, exact arithmetic) as a subprocess,
             on the game scaled by 2**53 (integer payoffs, so exact); the time includes
             starting the process and writing the input file.

Timing: one untimed call (warm-up: numba compiles there; its result is reported), then
``repetitions`` samples; a sample runs the call ``inner`` times so that it lasts at least
``--min-sample`` seconds. Median and minimum per call, in seconds. A peer whose warm-up call
takes longer than ``--budget`` gets fewer samples (at least one), and one whose warm-up takes
longer than ``--give-up`` is not run on larger sizes (reported as ``skipped``). A warm-up call
still running after ``--timeout`` seconds is interrupted, and the peer skips larger sizes.
"""

import argparse
import json
import math
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from games import checksum, random_game, random_integers  # noqa: E402


def integers(text):
    out = []
    for part in text.split(","):
        bounds = [int(x) for x in part.split("-")]
        out += bounds if len(bounds) == 1 else list(range(bounds[0], bounds[1] + 1))
    return out


def supports(x, y, tol=1e-9):
    return [[int(i) for i in np.flatnonzero(np.asarray(x, dtype=float) > tol)],
            [int(j) for j in np.flatnonzero(np.asarray(y, dtype=float) > tol)]]


# Each peer: prepare(A, B, n, seed, args) -> state (untimed), call(state) -> result,
# summarize(result) -> dict (equilibria count, first support).

def quantecon_peer(method):
    from quantecon.game_theory import NormalFormGame, Player, lemke_howson, support_enumeration

    def prepare(a, b, n, seed, args):
        return NormalFormGame((Player(a), Player(b.T.copy())))

    if method == "support-enumeration":
        def call(g):
            return support_enumeration(g)

        def summarize(result):
            return {"equilibria": len(result),
                    "first_support": supports(*result[0]) if result else None}
    else:
        def call(g):
            return lemke_howson(g, init_pivot=ARGS.label)

        def summarize(result):
            return {"equilibria": 1, "first_support": supports(*result)}
    return prepare, call, summarize


def nashpy_peer(method):
    import nashpy

    def prepare(a, b, n, seed, args):
        return nashpy.Game(a, b)

    if method == "support-enumeration":
        def call(g):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return list(g.support_enumeration())

        def summarize(result):
            return {"equilibria": len(result),
                    "first_support": supports(*result[0]) if result else None}
    else:
        def call(g):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return g.lemke_howson(initial_dropped_label=ARGS.label)

        def summarize(result):
            return {"equilibria": 1, "first_support": supports(*result)}
    return prepare, call, summarize


def pygambit_peer(method):
    import pygambit as gbt

    def prepare(a, b, n, seed, args):
        return gbt.Game.from_arrays(a, b)

    if method == "support-enumeration":
        def call(g):
            return gbt.nash.enummixed_solve(g, rational=False)
    else:
        def call(g):
            return gbt.nash.lcp_solve(g, rational=False, stop_after=1)

    def summarize(result):
        eqs = result.equilibria
        if not eqs:
            return {"equilibria": 0, "first_support": None}
        players = list(eqs[0].game.players)
        first = [[float(eqs[0][s]) for s in p.strategies] for p in players]
        return {"equilibria": len(eqs), "first_support": supports(*first)}
    return prepare, call, summarize


LRSNASH = "/usr/bin/lrsnash"


def lrsnash_peer(method):
    if method != "support-enumeration":
        raise ValueError("lrsnash enumerates all extreme equilibria; it is compared with support enumeration only")

    def prepare(a, b, n, seed, args):
        ia, ib = random_integers(n, n, seed)
        lines = [f"{n} {n}", ""] + [" ".join(map(str, r)) for r in ia] + [""] + [" ".join(map(str, r)) for r in ib]
        handle = tempfile.NamedTemporaryFile("w", suffix=".lrs", delete=False)
        handle.write("\n".join(lines) + "\n")
        handle.close()
        return handle.name

    def call(path):
        done = subprocess.run([LRSNASH, path], capture_output=True, text=True, check=True)
        return done.stdout

    def summarize(output):
        found = re.search(r"Number of equilibria found:\s*(\d+)", output)
        return {"equilibria": int(found.group(1)) if found else None, "first_support": None}
    return prepare, call, summarize


PEERS = {"quantecon": quantecon_peer, "nashpy": nashpy_peer, "pygambit": pygambit_peer, "lrsnash": lrsnash_peer}


class TimedOut(Exception):
    pass


def _alarm(signum, frame):
    raise TimedOut()


def time_peer(call, state, args):
    # The warm-up call may not finish (Nashpy's Lemke–Howson can run for minutes); SIGALRM
    # interrupts Python code, not a long numba or C++ call, which the peers here return from quickly.
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(int(args.timeout))
    start = time.perf_counter()
    try:
        result = call(state)
    finally:
        signal.alarm(0)
    once = max(time.perf_counter() - start, 1e-9)
    repetitions = args.repetitions
    if once * repetitions > args.budget:
        repetitions = max(1, int(args.budget / once))
    if once > args.single_run_above:
        return result, once, [once], 1
    inner = max(1, math.ceil(args.min_sample / once))
    samples = []
    for _ in range(repetitions):
        start = time.perf_counter()
        for _ in range(inner):
            call(state)
        samples.append((time.perf_counter() - start) / inner)
    return result, once, samples, inner


def in_child(measure, summarize, limit):
    """Runs ``measure`` in a forked child and kills it after ``limit`` seconds (Gambit's C++
    cannot be interrupted by a signal handler); returns its timings and summary."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def child():
        result, once, samples, inner = measure()
        send.send((summarize(result), once, samples, inner))

    process = context.Process(target=child)
    process.start()
    if not receive.poll(limit):
        process.kill()
        process.join()
        raise TimedOut()
    value = receive.recv()
    process.join()
    return value


def main():
    global ARGS
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--method", choices=["support-enumeration", "lemke-howson"], required=True)
    parser.add_argument("--sizes", type=integers, required=True)
    parser.add_argument("--seeds", type=integers, default=[1])
    parser.add_argument("--repetitions", type=int, default=7)
    parser.add_argument("--label", type=int, default=0)
    parser.add_argument("--min-sample", type=float, default=0.02)
    parser.add_argument("--budget", type=float, default=30.0, help="seconds of samples per game and peer")
    parser.add_argument("--give-up", type=float, default=60.0,
                        help="skip larger sizes for a peer whose warm-up call took longer than this")
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="give up on a game whose warm-up call takes longer (seconds), and on larger sizes")
    parser.add_argument("--single-run-above", type=float, default=60.0,
                        help="a warm-up call slower than this (seconds) is the game's only measurement")
    parser.add_argument("--peers", default="quantecon,nashpy,pygambit,lrsnash")
    parser.add_argument("--max-n", action="append", default=[],
                        help="PEER=N: do not run PEER above size N (e.g. nashpy=8)")
    ARGS = args = parser.parse_args()
    caps = {k: int(v) for k, v in (item.split("=") for item in args.max_n)}

    for name in args.peers.split(","):
        try:
            prepare, call, summarize = PEERS[name](args.method)
        except Exception as error:  # not installed, or no such method
            print(json.dumps({"tool": name, "method": args.method, "error": f"{type(error).__name__}: {error}"}),
                  flush=True)
            continue
        gave_up = False
        for n in args.sizes:
            for seed in args.seeds:
                a, b = random_game(n, n, seed)
                record = {"tool": name, "method": args.method, "n": n, "seed": seed, "checksum": checksum(a, b)}
                if args.method == "lemke-howson":
                    record["label"] = args.label
                if gave_up or n > caps.get(name, 1 << 30):
                    record["skipped"] = "too slow at a smaller size" if gave_up else f"above the size cap {caps[name]}"
                    print(json.dumps(record), flush=True)
                    continue
                try:
                    state = prepare(a, b, n, seed, args)
                    if name == "pygambit":
                        result, once, samples, inner = in_child(
                            lambda: time_peer(call, state, args), summarize, args.timeout + args.budget + 30)
                    else:
                        result, once, samples, inner = time_peer(call, state, args)
                except TimedOut:
                    record["skipped"] = ("did not finish within "
                                         f"{args.timeout + (args.budget + 30 if name == 'pygambit' else 0):g} s")
                    print(json.dumps(record), flush=True)
                    gave_up = True
                    continue
                except Exception as error:
                    record["error"] = f"{type(error).__name__}: {error}"
                    print(json.dumps(record), flush=True)
                    continue
                record.update(median_s=statistics.median(samples), min_s=min(samples), warmup_s=once,
                              repetitions=len(samples), inner=inner)
                record.update(result if name == "pygambit" else summarize(result))
                if len(samples) == 1 and once > args.single_run_above:
                    record["single_run"] = True
                print(json.dumps(record), flush=True)
                if name == "lrsnash":
                    os.unlink(state)
                if once > args.give_up:
                    gave_up = True


if __name__ == "__main__":
    main()
