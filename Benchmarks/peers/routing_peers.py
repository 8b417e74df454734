"""The numpy reference routers (../shared/moe-reference/routers.py, imported by path, not copied) on
RoutingSideBySide's grid, printing the same JSON lines (impl "numpy-reference").

    OPENBLAS_NUM_THREADS=1 python3 Benchmarks/peers/routing_peers.py [GRID] [REPS]

GRID is a comma list of TxExk (default MOE.md's grid), REPS batches per point (default 5). `ms` is the
median wall time, `cpu_ms` the median thread CPU time. The reference directory can be overridden with
MOE_REFERENCE=/path/to/moe-reference.
"""
from __future__ import annotations

import json
import math
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REFERENCE = os.environ.get("MOE_REFERENCE", os.path.join(HERE, "..", "..", "..", "shared", "moe-reference"))
sys.path.insert(0, os.path.abspath(REFERENCE))

import numpy as np  # noqa: E402
from routers import (DeepSeekBias, EquilibriumRouter, capacity, capacity_drop, gates_softmax,  # noqa: E402
                     sinkhorn_route, topk_ids)
from synth import RouterModel, softmax  # noqa: E402

SYNTH = dict(pop_sigma=0.5, center_sigma=1.0, noise_sigma=1.0, n_clusters=32, cluster_alpha=0.5)


def mass(p, ids):
    sel = np.take_along_axis(p, np.maximum(ids, 0), axis=1)
    sel[ids < 0] = 0
    return float(sel.sum())


def main():
    if len(sys.argv) > 1:
        grid = [tuple(int(v) for v in item.split("x")) for item in sys.argv[1].split(",")]
    else:
        grid = [(T, E, k) for E in (8, 64, 256) for k in (1, 2, 8) if k < E for T in (1024, 4096, 16384)]
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    for T, E, k in grid:
        model = RouterModel(E, seed=0, **SYNTH)
        batches = [model.batch(T) for _ in range(reps)]
        probs = [softmax(x) for x in batches]
        topk_mass = [mass(p, topk_ids(x, k)) for x, p in zip(batches, probs)]
        C1, C125 = capacity(T, E, k, 1.0), capacity(T, E, k, 1.25)

        def emit(name, calls):
            wall, cpu, mets = [], [], []
            for b, x in enumerate(batches):
                w0, c0 = time.perf_counter(), time.thread_time()
                ids, extra = calls(x)
                cpu.append((time.thread_time() - c0) * 1e3)
                wall.append((time.perf_counter() - w0) * 1e3)
                p = probs[b]
                load = np.bincount(ids[ids >= 0], minlength=E)
                mets.append(dict(max_over_mean=float(load.max() / (T * k / E)),
                                 retention=mass(p, ids) / topk_mass[b],
                                 **{"kept@1.0": mass(p, capacity_drop(ids, C1)) / topk_mass[b],
                                    "kept@1.25": mass(p, capacity_drop(ids, C125)) / topk_mass[b]},
                                 **extra))
            row = dict(T=T, E=E, k=k, method=name, impl="numpy-reference", ms=float(np.median(wall)),
                       cpu_ms=float(np.median(cpu)))
            for key in mets[0]:
                row[key] = float(np.mean([m[key] for m in mets]))
            print(json.dumps(row, sort_keys=True), flush=True)

        def plain(x):
            ids = topk_ids(x, k)
            gates_softmax(x, ids)
            return ids, {}
        emit("topk", plain)

        ds = DeepSeekBias(E, gamma=1e-3)
        for _ in range(100 if T >= 16384 else 300):
            ds.route(model.batch(T), k)
        emit("ds_bias", lambda x: (ds.route(x, k)[0], {}))

        def sk(x):
            ids, w, it = sinkhorn_route(x, k)
            return ids, dict(iters=it)
        emit("sinkhorn", sk)

        for name, cf, warm, iters in (("eq_cold@1.0", 1.0, 0, 16), ("eq_warm@1.0", 1.0, 20, 2), ("eq_warm@1.25", 1.25, 20, 2)):
            C = capacity(T, E, k, cf)
            router = EquilibriumRouter(E)
            for _ in range(warm):
                router.route(model.batch(T), k, C, max_iter=2)

            def eq(x, router=router, C=C, iters=iters, cold=(warm == 0)):
                if cold:
                    router.beta[:] = 0
                ids, st = router.route(x, k, C, max_iter=iters)
                gates_softmax(x, ids)
                return ids, dict(gap_per_token=st["gap"] / T, iters=st["iters"], rerouted_frac=st["rerouted"] / (T * k))
            emit(name, eq)


if __name__ == "__main__":
    main()
