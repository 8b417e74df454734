#!/usr/bin/env bash
# Issue 4's benchmarks: Nash's zero-sum LP and adaptive method (optimistic gradient) beside
# scipy's linprog (HiGHS), Nash's fictitious play beside Nashpy's and QuantEcon's, and the
# equilibrium tracker's warm vs cold iteration counts. Same games on both sides (checked by
# checksum). Writes results/adaptive.jsonl (raw lines) and results/adaptive.md (tables).
#
#   Benchmarks/run-adaptive.sh
#
# Settings (environment): ZS_SIZES (100,500,1000), ZS_SEEDS (1,2,3), FP_SIZES (10,100,500),
# FP_SEEDS (1,2,3), FP_ITERATIONS (10000), TR_SIZES (20,50,200), TR_OMWU_SIZES (20,50: the
# optimistic-hedge engine, which stalls on larger games), TR_SEEDS (1,2,3),
# TR_STEPS (20), TR_RATE (0.002), TR_TOLERANCE (1e-6), REPS (5), BUDGET (40 s of samples
# per game and tool), NASHPY_FP_MAX (500).
# Needs: pip install scipy nashpy quantecon.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
ZS_SIZES=${ZS_SIZES:-100,500,1000}
ZS_SEEDS=${ZS_SEEDS:-1,2,3}
FP_SIZES=${FP_SIZES:-10,100,500}
FP_SEEDS=${FP_SEEDS:-1,2,3}
FP_ITERATIONS=${FP_ITERATIONS:-10000}
TR_SIZES=${TR_SIZES:-20,50,200}
TR_OMWU_SIZES=${TR_OMWU_SIZES:-20,50}
TR_SEEDS=${TR_SEEDS:-1,2,3}
TR_STEPS=${TR_STEPS:-20}
TR_RATE=${TR_RATE:-0.002}
TR_TOLERANCE=${TR_TOLERANCE:-1e-6}
REPS=${REPS:-5}
BUDGET=${BUDGET:-40}
NASHPY_FP_MAX=${NASHPY_FP_MAX:-500}
PYTHON=${PYTHON:-python3}
SCRATCH=${SCRATCH:-}

# One BLAS thread for Nash and for the peers' numpy/HiGHS (DESIGN.md §8).
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1

build=(swift build -c release --package-path "$here" --product AdaptiveSideBySide)
[ -n "$SCRATCH" ] && build+=(--scratch-path "$SCRATCH")
"${build[@]}" >&2
bin="$("${build[@]}" --show-bin-path)/AdaptiveSideBySide"
results="$here/results"
mkdir -p "$results"
out="$results/adaptive.jsonl"
: >"$out"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u +%Y-%m-%dT%H:%MZ)

echo "== zero-sum: Nash" >&2
"$bin" --section zero-sum --sizes "$ZS_SIZES" --seeds "$ZS_SEEDS" --repetitions "$REPS" --budget "$BUDGET" >>"$out"
echo "== zero-sum: scipy" >&2
"$PYTHON" "$here/peers/adaptive_peers.py" --section zero-sum --sizes "$ZS_SIZES" --seeds "$ZS_SEEDS" \
  --repetitions "$REPS" --budget "$BUDGET" >>"$out"
echo "== fictitious play: Nash" >&2
"$bin" --section fictitious-play --sizes "$FP_SIZES" --seeds "$FP_SEEDS" --iterations "$FP_ITERATIONS" \
  --repetitions "$REPS" --budget "$BUDGET" >>"$out"
echo "== fictitious play: Nashpy, QuantEcon" >&2
"$PYTHON" "$here/peers/adaptive_peers.py" --section fictitious-play --sizes "$FP_SIZES" --seeds "$FP_SEEDS" \
  --iterations "$FP_ITERATIONS" --repetitions "$REPS" --budget "$BUDGET" --max-n "nashpy=$NASHPY_FP_MAX" >>"$out"
echo "== tracker" >&2
"$bin" --section tracker --sizes "$TR_SIZES" --seeds "$TR_SEEDS" --steps "$TR_STEPS" --rate "$TR_RATE" \
  --tolerance "$TR_TOLERANCE" --engines optimistic-gradient >>"$out"
"$bin" --section tracker --sizes "$TR_OMWU_SIZES" --seeds "$TR_SEEDS" --steps "$TR_STEPS" --rate "$TR_RATE" \
  --tolerance "$TR_TOLERANCE" --engines optimistic-hedge >>"$out"

{
  echo "## Machine and versions"
  echo
  echo "- Date: $started; load average (1, 5, 15 min) before the run: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) usable of $(nproc --all) cores; memory $(free -h | awk '/^Mem:/ {print $2}')"
  echo "- OS: $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
  echo "- $(swift --version 2>&1 | head -1)"
  echo "- OpenBLAS: $(dpkg-query -W -f='${Package} ${Version}\n' 'libopenblas0*' 2>/dev/null | grep -v ' $' | paste -sd, - || echo unknown), OPENBLAS_NUM_THREADS=$OPENBLAS_NUM_THREADS"
  "$PYTHON" - <<'PY'
import platform
from importlib.metadata import version, PackageNotFoundError
names = ["numpy", "scipy", "highspy", "quantecon", "nashpy", "numba"]
def v(name):
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"
print(f"- Python {platform.python_version()}: " + ", ".join(f"{n} {v(n)}" for n in names))
PY
  echo "- Commit: $(git -C "$here" rev-parse --short HEAD)$(git -C "$here" diff --quiet -- ../Sources || echo ' (with uncommitted changes in Sources)')"
  echo
  echo "## Settings"
  echo
  echo "- Zero-sum: n = $ZS_SIZES, seeds $ZS_SEEDS; fictitious play: n = $FP_SIZES, seeds $FP_SEEDS, $FP_ITERATIONS rounds (Nashpy up to n = $NASHPY_FP_MAX); tracker: n = $TR_SIZES (optimistic hedge: $TR_OMWU_SIZES), seeds $TR_SEEDS, $TR_STEPS steps, drift rate $TR_RATE, tolerance $TR_TOLERANCE"
  echo "- Timing: one warm-up call, then up to $REPS samples (at most $BUDGET s of samples per game and tool); mean over the seeds of each game's median"
  echo
  echo "## Results"
  echo
  "$PYTHON" "$here/peers/adaptive_peers.py" --report "$out"
} >"$results/adaptive.md"
cat "$results/adaptive.md"
