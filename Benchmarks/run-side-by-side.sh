#!/usr/bin/env bash
# Times Nash side by side with its peers (QuantEcon.py, Nashpy, pygambit, lrsnash) on the
# same random games, in one session, and writes results/side-by-side.md (the tables that go
# into Benchmarks/README.md) plus the raw JSON lines in results/<method>.jsonl.
#
#   Benchmarks/run-side-by-side.sh                       # both methods
#   Benchmarks/run-side-by-side.sh support-enumeration   # or: lemke-howson
#
# Settings (environment): SE_SIZES (4-12), SE_SEEDS (1,2,3), LH_SIZES (10,50,100,200,400),
# LH_SEEDS (1,2,3), LH_LABEL (0), REPS (7), BUDGET (30, seconds of samples per game and
# peer), NASHPY_SE_MAX (8: Nashpy's support enumeration is slow beyond it), LH_TIMEOUT (60:
# a peer's Lemke–Howson call still running after it is abandoned, and larger sizes skipped),
# LH_PEERS (quantecon,nashpy,pygambit), SCRATCH_PATH (SwiftPM's build directory; default
# Benchmarks/.build).
# Needs: pip install quantecon nashpy pygambit; apt-get install lrslib (optional).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
methods=("$@")
[ ${#methods[@]} -eq 0 ] && methods=(support-enumeration lemke-howson)

SE_SIZES=${SE_SIZES:-4-12}
SE_SEEDS=${SE_SEEDS:-1,2,3}
LH_SIZES=${LH_SIZES:-10,50,100,200,400}
LH_SEEDS=${LH_SEEDS:-1,2,3}
LH_LABEL=${LH_LABEL:-0}
REPS=${REPS:-7}
BUDGET=${BUDGET:-30}
NASHPY_SE_MAX=${NASHPY_SE_MAX:-8}
LH_TIMEOUT=${LH_TIMEOUT:-60}
LH_PEERS=${LH_PEERS:-quantecon,nashpy,pygambit}
PYTHON=${PYTHON:-python3}
SCRATCH_PATH=${SCRATCH_PATH:-$here/.build}

# One BLAS thread: on 2-core machines OpenBLAS's default threads are slower and noisy
# (DESIGN.md §8). The peers' numpy gets the same setting.
export OPENBLAS_NUM_THREADS=1

swift build -c release --package-path "$here" --scratch-path "$SCRATCH_PATH" --product SideBySide >&2
bin="$(swift build -c release --package-path "$here" --scratch-path "$SCRATCH_PATH" --show-bin-path)/SideBySide"
results="$here/results"
mkdir -p "$results"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

for method in "${methods[@]}"; do
  out="$results/$method.jsonl"
  : >"$out"
  case "$method" in
  support-enumeration)
    echo "== $method: Nash" >&2
    "$bin" --method "$method" --sizes "$SE_SIZES" --seeds "$SE_SEEDS" --repetitions "$REPS" --budget "$BUDGET" >>"$out"
    "$bin" --method "$method" --sizes "$SE_SIZES" --seeds "$SE_SEEDS" --repetitions "$REPS" --budget "$BUDGET" --threads 1 >>"$out"
    "$bin" --method "$method" --sizes "$SE_SIZES" --seeds "$SE_SEEDS" --repetitions "$REPS" --budget "$BUDGET" --float-only >>"$out"
    echo "== $method: peers" >&2
    "$PYTHON" "$here/peers/run_peers.py" --method "$method" --sizes "$SE_SIZES" --seeds "$SE_SEEDS" \
      --repetitions "$REPS" --budget "$BUDGET" --max-n "nashpy=$NASHPY_SE_MAX" >>"$out"
    ;;
  lemke-howson)
    echo "== $method: Nash" >&2
    "$bin" --method "$method" --sizes "$LH_SIZES" --seeds "$LH_SEEDS" --label "$LH_LABEL" \
      --repetitions "$REPS" --budget "$BUDGET" >>"$out"
    "$bin" --method "$method" --sizes "$LH_SIZES" --seeds "$LH_SEEDS" --label "$LH_LABEL" \
      --repetitions "$REPS" --budget "$BUDGET" --float-only >>"$out"
    echo "== $method: peers" >&2
    "$PYTHON" "$here/peers/run_peers.py" --method "$method" --sizes "$LH_SIZES" --seeds "$LH_SEEDS" \
      --label "$LH_LABEL" --repetitions "$REPS" --budget "$BUDGET" --timeout "$LH_TIMEOUT" \
      --peers "$LH_PEERS" >>"$out"
    ;;
  *) echo "Error: unknown method $method (support-enumeration or lemke-howson)" >&2; exit 64 ;;
  esac
done

# The environment, so the numbers can be read against it.
{
  echo "## Machine and versions"
  echo
  echo "- Date: $(date -u +%Y-%m-%dT%H:%MZ); load average (1, 5, 15 min) before the run: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; memory $(free -h | awk '/^Mem:/ {print $2}')"
  echo "- OS: $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
  echo "- $(swift --version 2>&1 | head -1)"
  echo "- OpenBLAS: $(dpkg-query -W -f='${Package} ${Version}\n' 'libopenblas0*' 2>/dev/null | grep -v ' $' | paste -sd, - || echo unknown), OPENBLAS_NUM_THREADS=$OPENBLAS_NUM_THREADS"
  "$PYTHON" - <<'PY'
import platform
from importlib.metadata import version, PackageNotFoundError
names = ["numpy", "scipy", "numba", "quantecon", "nashpy", "pygambit"]
def v(name):
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"
print(f"- Python {platform.python_version()}: " + ", ".join(f"{n} {v(n)}" for n in names))
PY
  echo "- lrslib: $(dpkg-query -W -f='${Version}' lrslib 2>/dev/null || echo 'not installed')"
  echo
  echo "## Settings"
  echo
  echo "- Support enumeration: n = $SE_SIZES, seeds $SE_SEEDS; Lemke–Howson: n = $LH_SIZES, seeds $LH_SEEDS, initial dropped label $LH_LABEL"
  echo "- Repetitions: $REPS samples per game after one warm-up call (at most $BUDGET s of samples per game and peer)"
  echo "- Command: \`$(basename "$0") ${methods[*]}\` with SE_SIZES=$SE_SIZES SE_SEEDS=$SE_SEEDS LH_SIZES=$LH_SIZES LH_SEEDS=$LH_SEEDS REPS=$REPS BUDGET=$BUDGET NASHPY_SE_MAX=$NASHPY_SE_MAX"
  echo
  echo "## Results"
  echo
  for method in "${methods[@]}"; do
    "$PYTHON" "$here/peers/report.py" "$results/$method.jsonl"
  done
} >"$results/side-by-side.md"
cat "$results/side-by-side.md"
