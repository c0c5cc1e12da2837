#!/usr/bin/env bash
# Spark runs mode against the plain estimator on the same threads, through the command line:
# for T in 1 2, `density INPUT --threads T` and `density INPUT --master local[T]` (one thread
# per task), REPS times each, interleaved so that a noisy neighbour hits both alike. Prints one
# line per estimate (the command's estimate seconds from summary.json, the process's wall
# seconds) and checks that the Spark and plain files are identical.
#
#   bash jmh/spark/runs-vs-plain.sh [INPUT] [extra density options...]
#   (default INPUT laplacian:1000000, the 1-D Laplacian, n = 1e6; env REPS, default 2)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
INPUT="${1:-laplacian:1000000}"
shift || true
REPS="${REPS:-2}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/slq4j-spark-bench.XXXXXX")"
cd "$WORK"
# Build both paths before timing anything.
"$ROOT/slq4j" --version >/dev/null
"$ROOT/slq4j" density laplacian:8 --steps 2 --runs 1 -q --out warm --master 'local[1]'
for rep in $(seq 1 "$REPS"); do
  for t in 1 2; do
    for mode in plain spark; do
      if [ "$mode" = plain ]; then opts=(--threads "$t"); else opts=(--master "local[$t]"); fi
      out="out-$mode-$t"
      rm -rf "$out"
      start=$(date +%s.%N)
      "$ROOT/slq4j" density "$INPUT" "$@" "${opts[@]}" -q --out "$out"
      end=$(date +%s.%N)
      python3 - "$out/summary.json" "$mode" "$t" "$rep" "$start" "$end" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
t = s["time_seconds"]
print(f"rep {sys.argv[4]} {sys.argv[2]:5} T={sys.argv[3]} estimate {t['estimate']:8.2f} s"
      f"  wall {float(sys.argv[6]) - float(sys.argv[5]):8.2f} s")
PY
    done
    for f in density.csv cdf.csv nodes.csv; do
      cmp -s "out-plain-$t/$f" "out-spark-$t/$f" || { echo "DIFFERENT: $f (T=$t)"; exit 1; }
    done
  done
done
echo "files identical (density.csv, cdf.csv, nodes.csv); results in $WORK"
