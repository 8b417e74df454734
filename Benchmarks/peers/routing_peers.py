"""MoE routing side by side, numpy half: generates the shared batches and runs the numpy reference routers
(../shared/moe-reference/routers.py and synth.py, imported by path, not copied) on them.

    python3 Benchmarks/peers/routing_peers.py generate DIR [GRID] [REPS] [WARM]
    OPENBLAS_NUM_THREADS=1 python3 Benchmarks/peers/routing_peers.py run DIR

`generate` draws, for every (T, E) of GRID (a comma list of TxExk; default MOE.md's grid T ∈ {1024, 4096,
16384} × E ∈ {8, 64, 256} × k ∈ {1, 2, 8}, k < E), exactly what bench_routing.py draws: a fresh
synth.RouterModel(E, seed=0, SYNTH), then REPS measured batches (default 10, 5 at T = 16384, as
bench_routing.py), then WARM warm-up batches (default 20). They are written as one float32 little-endian
row-major file DIR/T{T}_E{E}.f32 of (REPS + WARM)·T·E values, measured batches first, and DIR/index.json
lists the files, grid, seeds and counts. Batches do not depend on k, so every k of a (T, E) routes the
same batches. RoutingSideBySide (Swift) reads the same files.

`run` prints one JSON line per (T, E, k, method), impl "numpy-reference": `ms` is the median wall time of one
routing call (ids and gate weights), `cpu_ms` the median thread CPU time; quality is averaged over the
measured batches. Protocol (identical in RoutingSideBySide): warm methods make a fresh router, route the WARM
warm-up batches in file order (prices carried, ≤ 2 iterations, no drift), then route the measured batches in
order, still carrying prices; the cold method resets prices before every measured batch (≤ 16 iterations).
The reference directory can be overridden with MOE_REFERENCE=/path/to/moe-reference.
"""
from __future__ import annotations

import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REFERENCE = os.environ.get("MOE_REFERENCE", os.path.join(HERE, "..", "..", "..", "shared", "moe-reference"))
sys.path.insert(0, os.path.abspath(REFERENCE))

import numpy as np  # noqa: E402
from routers import EquilibriumRouter, capacity, capacity_drop, gates_softmax, sinkhorn_route, topk_ids  # noqa: E402
from synth import RouterModel, softmax  # noqa: E402

# bench_routing.py's SYNTH parameters.
SYNTH = dict(pop_sigma=0.5, center_sigma=1.0, noise_sigma=1.0, n_clusters=32, cluster_alpha=0.5)
SEED = 0


def parse_grid(text):
    if text:
        return [tuple(int(v) for v in item.split("x")) for item in text.split(",")]
    return [(T, E, k) for E in (8, 64, 256) for k in (1, 2, 8) if k < E for T in (1024, 4096, 16384)]


def generate(directory, grid, reps, warm):
    os.makedirs(directory, exist_ok=True)
    points = {}
    for T, E, k in grid:
        points.setdefault((T, E), []).append(k)
    entries = []
    for (T, E), ks in points.items():
        n = reps if reps is not None else (5 if T >= 16384 else 10)
        model = RouterModel(E, seed=SEED, **SYNTH)
        name = f"T{T}_E{E}.f32"
        with open(os.path.join(directory, name), "wb") as f:
            for _ in range(n + warm):
                f.write(np.ascontiguousarray(model.batch(T), dtype="<f4").tobytes())
        entries.append(dict(T=T, E=E, ks=ks, reps=n, warm=warm, seed=SEED, file=name))
    meta = dict(generator="synth.RouterModel", synth=SYNTH, seed=SEED, numpy=np.__version__,
                layout="float32 little-endian row-major T x E; reps measured batches, then warm warm-up batches")
    with open(os.path.join(directory, "index.json"), "w") as f:
        json.dump(dict(meta=meta, points=entries), f, indent=1)


def load(directory, entry):
    T, E, n, w = entry["T"], entry["E"], entry["reps"], entry["warm"]
    data = np.fromfile(os.path.join(directory, entry["file"]), dtype="<f4")
    assert data.size == (n + w) * T * E, f"{entry['file']}: {data.size} values, expected {(n + w) * T * E}"
    batches = data.reshape(n + w, T, E)
    return [batches[i] for i in range(n)], [batches[n + i] for i in range(w)]


def mass(p, ids):
    sel = np.take_along_axis(p, np.maximum(ids, 0), axis=1)
    sel[ids < 0] = 0
    return float(sel.sum())


def run(directory):
    with open(os.path.join(directory, "index.json")) as f:
        index = json.load(f)
    for entry in index["points"]:
        T, E = entry["T"], entry["E"]
        batches, warmup = load(directory, entry)
        probs = [softmax(x) for x in batches]
        for k in entry["ks"]:
            topk_mass = [mass(p, topk_ids(x, k)) for x, p in zip(batches, probs)]
            C1, C125 = capacity(T, E, k, 1.0), capacity(T, E, k, 1.25)

            def emit(name, calls, cf=None):
                wall, cpu, mets = [], [], []
                for b, x in enumerate(batches):
                    w0, c0 = time.perf_counter(), time.thread_time()
                    ids, extra = calls(x)
                    cpu.append((time.thread_time() - c0) * 1e3)
                    wall.append((time.perf_counter() - w0) * 1e3)
                    p = probs[b]
                    load_ = np.bincount(ids[ids >= 0], minlength=E)
                    mets.append(dict(max_over_mean=float(load_.max() / (T * k / E)),
                                     retention=mass(p, ids) / topk_mass[b],
                                     **{"kept@1.0": mass(p, capacity_drop(ids, C1)) / topk_mass[b],
                                        "kept@1.25": mass(p, capacity_drop(ids, C125)) / topk_mass[b]},
                                     **extra))
                row = dict(T=T, E=E, k=k, method=name, impl="numpy-reference", cf=cf, reps=len(batches),
                           warm=len(warmup), seed=entry["seed"], ms=float(np.median(wall)),
                           cpu_ms=float(np.median(cpu)))
                for key in mets[0]:
                    row[key] = float(np.mean([m[key] for m in mets]))
                print(json.dumps(row, sort_keys=True), flush=True)

            def plain(x):
                ids = topk_ids(x, k)
                gates_softmax(x, ids)
                return ids, {}
            emit("topk", plain)

            def sk(x):
                ids, w, it = sinkhorn_route(x, k)
                return ids, dict(iters=it)
            emit("sinkhorn", sk)

            for name, cf, warm, iters in (("eq_cold@1.0", 1.0, False, 16), ("eq_warm@1.0", 1.0, True, 2),
                                          ("eq_warm@1.25", 1.25, True, 2)):
                C = capacity(T, E, k, cf)
                router = EquilibriumRouter(E)
                if warm:
                    for x in warmup:
                        router.route(x, k, C, max_iter=iters)

                def eq(x, router=router, C=C, iters=iters, cold=not warm):
                    if cold:
                        router.beta[:] = 0
                    ids, st = router.route(x, k, C, max_iter=iters)
                    gates_softmax(x, ids)
                    return ids, dict(gap_per_token=st["gap"] / T, iters=st["iters"],
                                     rerouted_frac=st["rerouted"] / (T * k))
                emit(name, eq, cf)


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("generate", "run"):
        sys.exit(__doc__)
    if sys.argv[1] == "generate":
        grid = parse_grid(sys.argv[3] if len(sys.argv) > 3 else "")
        reps = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[4] else None
        warm = int(sys.argv[5]) if len(sys.argv) > 5 else 20
        generate(sys.argv[2], grid, reps, warm)
    else:
        run(sys.argv[2])


if __name__ == "__main__":
    main()
