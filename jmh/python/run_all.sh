#!/usr/bin/env bash
# Runs the NumPy/SciPy SLQ comparison scripts on every problem with 1 and 2 BLAS threads and
# appends one JSON line per run to a results file (plus a header line recording the
# environment). Run it under the machine-wide benchmark lock, from anywhere:
#
#   flock /tmp/slq4j-bench.lock bash jmh/python/run_all.sh
#
# Environment knobs (all optional):
#   PROBLEMS="diagonal sparse dense"  IMPLS="cgs2 reference_loop"  THREADS="1 2"
#   SMOKE=1      small sizes (n = 20000 / 20000 / 1000, 20 steps, 2 runs) to check the wiring
#   OUT=file     results file (default: target/python-bench/results-<UTC stamp>.jsonl)
#   PYTHON=...   interpreter (default python3)
#
# OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE: this environment may set them (older OpenBLAS builds
# crash or compute wrong results on some CPUs without them); they slow a current numpy. As the
# tool library's README says, they are unset together in the benchmark commands below only
# (env -u ... per command, nothing exported), and the kernel OpenBLAS then picks is recorded in
# every result line (numpy_openblas_core / scipy_openblas_core, read with openblas_get_corename;
# threadpoolctl is reported as well when it is installed). The values found are in the header.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
py="${PYTHON:-python3}"
problems="${PROBLEMS:-diagonal sparse dense}"
impls="${IMPLS:-cgs2 reference_loop}"
threads_list="${THREADS:-1 2}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="${OUT:-$root/target/python-bench/results-$stamp.jsonl}"
mkdir -p "$(dirname "$out")"

declare -A smoke_n=([diagonal]=20000 [sparse]=20000 [dense]=1000)

# The benchmark environment: the two OpenBLAS overrides removed, nothing else changed.
bench_env=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE)

cd "$here"
"${bench_env[@]}" "$py" -c '
import json, os, platform, subprocess, sys
import slq_common as c
flags = open("/proc/cpuinfo").read().split("flags", 1)[1].split("\n", 1)[0].split()
model = [l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")]
hdr = {"header": True, "cmd": "run_all.sh", "host_cpu": model[0] if model else None,
       "nproc": os.cpu_count(), "cpu_avx512f": "avx512f" in flags,
       "orig_OPENBLAS_CORETYPE": sys.argv[1], "orig_OPENBLAS_L2_SIZE": sys.argv[2],
       "openblas_overrides_unset_for_runs": True}
hdr.update(c.env_facts())
print(json.dumps(hdr))
' "${OPENBLAS_CORETYPE-<unset>}" "${OPENBLAS_L2_SIZE-<unset>}" | tee -a "$out"

# Correctness first (seconds): a benchmark of a wrong result is worthless.
"${bench_env[@]}" OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 "$py" check_correctness.py \
  | tail -n 1

for p in $problems; do
  for t in $threads_list; do
    for impl in $impls; do
      args=(--problem "$p")
      if [[ "${SMOKE:-0}" == 1 ]]; then
        args+=(--n "${smoke_n[$p]}" --steps 20 --runs 2)
      fi
      "${bench_env[@]}" OPENBLAS_NUM_THREADS="$t" OMP_NUM_THREADS="$t" \
        "$py" "slq_$impl.py" "${args[@]}" | tee -a "$out"
    done
  done
done

echo "results: $out" >&2
"$py" summarize.py "$out"
