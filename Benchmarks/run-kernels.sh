#!/usr/bin/env bash
# Nash's C dense kernels against the machine's BLAS (one thread) at Lemke–Howson's support-block
# shapes: the evidence behind DenseKernels.smallProblem (problems up to that many entries skip BLAS).
# Compiles Benchmarks/blas/kernels.c with Sources/CDenseKernels/dense_kernels.c, writes
# results/kernels.jsonl, and prints the table of Benchmarks/README.md.
#
#   Benchmarks/run-kernels.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
export OPENBLAS_NUM_THREADS=1
binary=$(mktemp /tmp/nash-kernels.XXXXXX)
trap 'rm -f "$binary"' EXIT
${CC:-cc} -O2 -I "$root/Sources/CDenseKernels/include" -o "$binary" "$here/blas/kernels.c" \
  "$root/Sources/CDenseKernels/dense_kernels.c" -lopenblas -lm
"$binary" >"$here/results/kernels.jsonl"
python3 - "$here/results/kernels.jsonl" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
table = {}
for r in rows:
    table.setdefault((r["rows"], r["columns"]), {})[(r["kernel"], r["source"])] = r["microseconds"]
print("| shape | entries | gemv Nash / OpenBLAS (µs) | transposed gemv Nash / OpenBLAS (µs) | rank one Nash / OpenBLAS (µs) |")
print("|---|---:|---:|---:|---:|")
for (m, n), t in table.items():
    cells = [f"{t[(k, 'nash')]:.3g} / {t[(k, 'openblas')]:.3g}" for k in ("gemv", "gemv_transposed", "rank_one")]
    print(f"| {m}×{n} | {m * n} | " + " | ".join(cells) + " |")
PY
