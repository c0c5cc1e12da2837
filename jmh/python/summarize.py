#!/usr/bin/env python3
"""Markdown table of a run_all.sh results file: seconds per phase, per impl/problem/threads.

Usage: python3 summarize.py results.jsonl [more.jsonl ...]
"""

import json
import sys

COLS = ["total_s", "matvec_s", "reorth_s", "tridiag_s", "grid_s", "other_s"]


def main(paths):
  rows = []
  for path in paths:
    with open(path) as f:
      for line in f:
        line = line.strip()
        if not line.startswith("{"):
          continue
        rec = json.loads(line)
        if rec.get("header"):
          print(f"<!-- {path}: {rec.get('date')} {rec.get('host_cpu')}, "
                f"OPENBLAS_CORETYPE was {rec.get('orig_OPENBLAS_CORETYPE')}, "
                f"OPENBLAS_L2_SIZE was {rec.get('orig_OPENBLAS_L2_SIZE')} (both unset), "
                f"kernel {rec.get('numpy_openblas_core')} -->")
          continue
        rows.append(rec)
  print("| impl | problem | threads | runs x steps | " + " | ".join(COLS) + " | reorth % |")
  print("|---|---|---|---|" + "---|" * (len(COLS) + 1))
  for r in rows:
    pct = 100.0 * r["reorth_s"] / r["total_s"] if r["total_s"] > 0 else 0.0
    cells = " | ".join(f"{r[k]:.3f}" for k in COLS)
    print(f"| {r['impl']} | {r['problem']} | {r['threads']} | {r['runs']} x {r['steps']} | "
          f"{cells} | {pct:.0f} |")
  return 0


if __name__ == "__main__":
  sys.exit(main(sys.argv[1:]))
