#!/usr/bin/env bash
# Issue 5's benchmarks: Nash's EquilibriumRouter (plain top-k, Sinkhorn, cold and warm equilibrium
# prices) beside the numpy reference routers of ../shared/moe-reference, on the SAME batches in the
# same session (Swift twice: one thread, then the library's default threads): routing_peers.py generates them once with synth.py (bench_routing.py's parameters,
# seed 0 per (T, E)) into float32 files, RoutingSideBySide (Swift) routes them, then routing_peers.py
# routes them with numpy. Writes results/routing.jsonl (raw lines), results/routing-meta.json
# (machine, versions, load, protocol) and results/routing.md (tables, by peers/routing_report.py).
#
#   Benchmarks/run-routing.sh
#
# Settings (environment): GRID (comma list of TxExk; default T ∈ {1024, 4096, 16384} × E ∈ {8, 64, 256}
# × k ∈ {1, 2, 8}, k < E), REPS (measured batches per point; default 10, and 5 at T = 16384, as
# bench_routing.py), WARM (warm-up batches for warm prices; default 20, as bench_routing.py),
# DATA (where the batches go; default Benchmarks/.build-routing-bench/routing-data, removed at the end
# unless KEEP_DATA=1), SCRATCH (swift scratch path; default Benchmarks/.build-routing-bench).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
GRID=${GRID:-}
REPS=${REPS:-}
WARM=${WARM:-20}
PYTHON=${PYTHON:-python3}
SCRATCH=${SCRATCH:-$here/.build-routing-bench}
DATA=${DATA:-$SCRATCH/routing-data}
KEEP_DATA=${KEEP_DATA:-0}

# One BLAS thread for Nash and for numpy (DESIGN.md §8).
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1

build=(swift build -c release --package-path "$here" --scratch-path "$SCRATCH" --product RoutingSideBySide)
"${build[@]}" >&2
bin="$("${build[@]}" --show-bin-path)/RoutingSideBySide"
results="$here/results"
mkdir -p "$results"
out="$results/routing.jsonl"
meta="$results/routing-meta.json"

echo "== checking Swift's top-k ids against a stable sort" >&2
"$bin" --check-topk >&2
echo "== generating batches into $DATA" >&2
rm -rf "$DATA"
"$PYTHON" "$here/peers/routing_peers.py" generate "$DATA" "$GRID" "$REPS" "$WARM"

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
: >"$out"
echo "== Nash (Swift), one thread" >&2
THREADS=1 "$bin" "$DATA" >>"$out"
load_threads=$(cut -d' ' -f1-3 /proc/loadavg)
# The library's default: one thread per core for batches of T·E ≥ 2^18 (identical results).
echo "== Nash (Swift), default threads" >&2
IMPL=nash-swift-threads "$bin" "$DATA" >>"$out"
load_middle=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== numpy reference" >&2
"$PYTHON" "$here/peers/routing_peers.py" run "$DATA" >>"$out"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
finished=$(date -u +%Y-%m-%dT%H:%M:%SZ)

CPU_MODEL=$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1) \
CPU_COUNT=$(lscpu | sed -n 's/^CPU(s):[[:space:]]*//p' | head -1) SWIFT_VERSION=$(swift --version 2>&1 | head -1) \
LOAD_BEFORE=$load_before LOAD_THREADS=$load_threads LOAD_MIDDLE=$load_middle LOAD_AFTER=$load_after STARTED=$started FINISHED=$finished \
WARM=$WARM DATA=$DATA "$PYTHON" - "$meta" <<'PY'
import json, os, platform, sys
import numpy as np
index = json.load(open(os.path.join(os.environ["DATA"], "index.json")))
meta = dict(cpu=os.environ["CPU_MODEL"], cores=int(os.environ["CPU_COUNT"]), swift=os.environ["SWIFT_VERSION"],
            python=platform.python_version(), numpy=np.__version__, openblas_threads=1,
            load_before=os.environ["LOAD_BEFORE"], load_after_swift_1_thread=os.environ["LOAD_THREADS"],
            load_after_swift=os.environ["LOAD_MIDDLE"],
            load_after=os.environ["LOAD_AFTER"], started=os.environ["STARTED"], finished=os.environ["FINISHED"],
            seed=index["meta"]["seed"], synth=index["meta"]["synth"], warm=int(os.environ["WARM"]),
            reps={f"{p['T']}x{p['E']}": p["reps"] for p in index["points"]},
            protocol=("same float32 batches on both sides (synth.RouterModel, seed 0 per (T, E)); warm methods: "
                      "fresh router, the warm-up batches routed in order (prices carried, <= 2 iterations, no drift), "
                      "then the measured batches in order with prices carried; cold: prices reset before every "
                      "measured batch, <= 16 iterations; ms = median wall time per call (ids + gate weights); "
                      "Swift once with threadCount 1 (nash-swift) and once with the default, one thread per core "
                      "for T*E >= 2^18 (nash-swift-threads); numpy single-threaded"))
json.dump(meta, open(sys.argv[1], "w"), indent=1)
PY
[ "$KEEP_DATA" = 1 ] || rm -rf "$DATA"
"$PYTHON" "$here/peers/routing_report.py" "$out" "$meta" >"$results/routing.md"
echo "wrote $out, $meta and $results/routing.md" >&2
