#!/usr/bin/env bash
# The machine's BLAS throughput (Debian's OpenBLAS, one thread) at the shapes Lemke–Howson works on,
# and Lemke–Howson's pivot rate against it (issue 3: "pivots per second against the machine's
# dgemm/dger throughput"). Compiles Benchmarks/blas/throughput.c with the system C compiler, writes
# results/blas-throughput.jsonl, then peers/lh_hardware.py reads it with results/lemke-howson.jsonl
# (from run-side-by-side.sh lemke-howson) and prints the table of Benchmarks/README.md.
#
#   Benchmarks/run-blas-throughput.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export OPENBLAS_NUM_THREADS=1
binary=$(mktemp /tmp/blas-throughput.XXXXXX)
trap 'rm -f "$binary"' EXIT
${CC:-cc} -O2 -o "$binary" "$here/blas/throughput.c" -lopenblas
"$binary" >"$here/results/blas-throughput.jsonl"
python3 "$here/peers/lh_hardware.py" "$here/results/blas-throughput.jsonl" "$here/results/lemke-howson.jsonl"
