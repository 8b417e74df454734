#!/usr/bin/env python3
"""Route MoE router scores and compute robust weights through libCNash with ctypes (no numpy needed).

    swift build -c release --product CNash
    python3 Examples/c-abi/route.py .build/release/libCNash.so

The structures mirror Sources/CNashABI/include/nasheq.h field by field. Exits 1 if a check fails.
"""
import ctypes as C
import math
import random
import sys

NASHEQ_OK, NASHEQ_INVALID_ARGUMENT, NASHEQ_NON_FINITE = 0, -1, -2
SOLVER_BLOCK_COORDINATE = 2


class RouterConfig(C.Structure):
    _fields_ = [
        ("experts", C.c_int32), ("k", C.c_int32), ("score_fn", C.c_int32), ("solver", C.c_int32),
        ("max_iterations", C.c_int32), ("gamma", C.c_float), ("tolerance", C.c_float),
        ("capacity_factor", C.c_float), ("capacity", C.POINTER(C.c_int32)), ("overflow", C.c_int32),
        ("renormalize", C.c_int32), ("price_space", C.c_int32), ("route_scale", C.c_float),
    ]


class RouteStats(C.Structure):
    _fields_ = [
        ("iterations", C.c_int32), ("overflow", C.c_int32), ("rerouted", C.c_int32), ("dropped", C.c_int32),
        ("max_over_mean", C.c_double), ("primal", C.c_double), ("dual", C.c_double),
        ("gap_per_token", C.c_double),
    ]


def load(path):
    lib = C.CDLL(path)
    lib.nasheq_abi_version.restype = C.c_int32
    lib.nasheq_last_error.restype = C.c_char_p
    lib.nasheq_router_create.argtypes = [C.POINTER(RouterConfig), C.POINTER(C.c_void_p)]
    lib.nasheq_router_route.argtypes = [
        C.c_void_p, C.POINTER(C.c_float), C.c_int64, C.c_int64, C.POINTER(C.c_int32), C.POINTER(C.c_float),
        C.POINTER(C.c_int32), C.POINTER(RouteStats)]
    lib.nasheq_router_get_prices.argtypes = [C.c_void_p, C.POINTER(C.c_float), C.c_int32]
    lib.nasheq_router_destroy.argtypes = [C.c_void_p]
    lib.nasheq_router_destroy.restype = None
    P = C.POINTER(C.c_double)
    lib.nasheq_minimax.argtypes = [P, C.c_int32, C.c_int32, C.c_int32, C.c_double, P, C.c_int32, C.c_double,
                                   P, P, P, P, P, C.POINTER(C.c_int32)]
    return lib


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else ".build/release/libCNash.so"
    lib = load(path)
    experts, k, tokens = 16, 2, 512
    config = RouterConfig(experts=experts, k=k, solver=SOLVER_BLOCK_COORDINATE, capacity_factor=1.0, renormalize=1)
    router = C.c_void_p()
    code = lib.nasheq_router_create(C.byref(config), C.byref(router))
    if code != NASHEQ_OK:
        sys.exit(f"create: {code} {lib.nasheq_last_error().decode()}")

    failures = []
    rng = random.Random(7)
    popularity = [rng.gauss(0, 0.5) for _ in range(experts)]
    capacity = math.ceil(tokens * k / experts)
    scores = (C.c_float * (tokens * experts))()
    ids = (C.c_int32 * (tokens * k))()
    weights = (C.c_float * (tokens * k))()
    loads = (C.c_int32 * experts)()
    stats = RouteStats()
    for batch in range(5):
        for t in range(tokens):
            for e in range(experts):
                scores[t * experts + e] = popularity[e] + rng.gauss(0, 1)
        code = lib.nasheq_router_route(router, scores, tokens, experts, ids, weights, loads, C.byref(stats))
        if code != NASHEQ_OK:
            sys.exit(f"route: {code} {lib.nasheq_last_error().decode()}")
        if max(loads) > capacity:
            failures.append(f"batch {batch}: load {max(loads)} over capacity {capacity}")
        if stats.dropped != 0:
            failures.append(f"batch {batch}: {stats.dropped} dropped")
        for t in range(tokens):
            if ids[t * k] == ids[t * k + 1] or abs(weights[t * k] + weights[t * k + 1] - 1) > 1e-5:
                failures.append(f"batch {batch}, token {t}: ids {ids[t * k]}, {ids[t * k + 1]}")
        print(f"batch {batch}: max load {max(loads)} (capacity {capacity}), rerouted {stats.rerouted}, "
              f"gap/token {stats.gap_per_token:.4f}")

    scores[0] = float("inf")
    code = lib.nasheq_router_route(router, scores, tokens, experts, ids, weights, None, None)
    print(f"route with an infinite score -> {code} ({lib.nasheq_last_error().decode()})")
    if code != NASHEQ_NON_FINITE:
        failures.append("an infinite score was not refused")
    lib.nasheq_router_destroy(router)

    payoff = (C.c_double * 6)(1, -1, 0.5, -1, 1, 0.5)  # 2 experts x 3 scenarios
    w, q, bounds = (C.c_double * 2)(), (C.c_double * 3)(), (C.c_double * 3)()
    iterations = C.c_int32()
    code = lib.nasheq_minimax(payoff, 2, 3, 0, 0.0, None, 0, 0.0, None, None, w, q, bounds, C.byref(iterations))
    print(f"robust weights {w[0]:.4f} {w[1]:.4f}, value {bounds[2]:.6f} in [{bounds[0]:.6f}, {bounds[1]:.6f}]")
    if code != NASHEQ_OK or not bounds[0] - 1e-9 <= bounds[2] <= bounds[1] + 1e-9:
        failures.append("minimax bounds")

    for failure in failures[:10]:
        print("FAILED:", failure, file=sys.stderr)
    if failures:
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()
