#!/usr/bin/env python3
"""Correctness checks of both SLQ scripts on small problems (seconds, no benchmarking).

Independent truths used:
  - Diagonal operator with m = n Lanczos steps: the Krylov space is all of R^n, so the nodes
    are exactly the diagonal entries (sorted), and since the eigenvectors are the unit vectors
    and the start vector has entries +-1/sqrt(n), every weight is exactly 1/n.
  - A diagonal operator with 5 distinct eigenvalues: Lanczos finds the invariant subspace
    after 5 steps (early stop), nodes = the values, weights = multiplicity / n.
  - Each run's weights are the squared first row of an orthogonal matrix: they sum to 1.
  - The density is a mixture of unit-mass Gaussians: it integrates to 1 on a grid that loses no
    tail mass (slq4j's padding; the reference's 0.1 * spread padding may lose some).
  - The two Lanczos variants (CGS2 and the reference's recurrence + MGS) start from the same
    Rademacher vectors, so they must produce the same nodes up to rounding.
  - The windowed density equals the full evaluation to 1e-12 x max(density).
Prints one line per check and a final 'N passed, N failed' line; exit status 1 on a failure.
"""

import sys

import numpy as np

import slq_cgs2
import slq_common as c
import slq_reference_loop

results = []


def check(name, ok, detail):
  results.append(ok)
  print(f"{'PASS' if ok else 'FAIL'}  {name}: {detail}", flush=True)


def run_cgs2(problem, n, runs, steps, seed=0, gemv="blas", grid_eval="full"):
  _, matvec_into, info = c.make_problem(problem, n, seed)
  return slq_cgs2.slq(matvec_into, n, runs, steps, seed, 10000, gemv, grid_eval,
                      keep_basis=True), info


def run_ref(problem, n, runs, steps, seed=0):
  matvec, _, info = c.make_problem(problem, n, seed)
  return slq_reference_loop.slq(matvec, n, runs, steps, seed, 10000, keep_basis=True), info


def main():
  # 1. Diagonal, m = n: nodes = eigenvalues, weights = 1/n.
  n = 300
  for label, runner in [("cgs2", run_cgs2), ("reference", run_ref)]:
    res, info = runner("diagonal", n, 2, n)
    exact = np.sort(info["eigenvalues"])
    scale = np.max(np.abs(exact))
    for r, (nodes, weights) in enumerate(zip(res["nodes"], res["weights"])):
      if len(nodes) != n:
        check(f"{label} diagonal n={n} m=n run {r}: T size", False, f"{len(nodes)} != {n}")
        continue
      err = np.max(np.abs(np.sort(nodes) - exact)) / scale
      check(f"{label} diagonal n={n} m=n run {r}: nodes = eigenvalues", err <= 1e-12,
            f"max |node - eigenvalue| / max|eigenvalue| = {err:.2e}")
      werr = np.max(np.abs(weights - 1.0 / n)) * n
      check(f"{label} diagonal n={n} m=n run {r}: weights = 1/n", werr <= 1e-8,
            f"max |w - 1/n| * n = {werr:.2e}")
      sdev = abs(np.sum(weights) - 1.0)
      check(f"{label} diagonal n={n} m=n run {r}: weights sum to 1", sdev <= 1e-12,
            f"|sum - 1| = {sdev:.2e}")

  # 2. Invariant subspace: 5 distinct eigenvalues, m = 20 > 5. Lanczos must stop after 5 steps
  # with nodes = the 5 values and weights = (multiplicity / n), the start vector's exact mass
  # on each eigenspace.
  n, vals = 1000, np.array([-2.0, -0.5, 0.25, 1.0, 3.0])
  d = vals[np.arange(n) % 5 * 7 % 5]  # each value 200 times, interleaved
  counts = np.array([np.sum(d == v) for v in vals])

  def mv_into(x, out):
    np.multiply(d, x, out=out)
    return out

  rc = slq_cgs2.slq(mv_into, n, 2, 20, 0, 10000)
  rr = slq_reference_loop.slq(lambda x: d * x, n, 2, 20, 0, 10000)
  for label, res in [("cgs2", rc), ("reference", rr)]:
    nodes, weights = res["nodes"][0], res["weights"][0]
    ok = len(nodes) == 5
    check(f"{label} 5 distinct eigenvalues, m=20: early stop at T size 5", ok,
          f"T size {len(nodes)}")
    if ok:
      err = np.max(np.abs(nodes - vals))
      werr = np.max(np.abs(weights - counts / n))
      check(f"{label} 5 distinct eigenvalues: nodes and weights exact",
            err <= 1e-13 and werr <= 1e-13, f"node err {err:.1e}, weight err {werr:.1e}")
  integ = c.trapezoid(rc["density"], rc["grid"])
  check("cgs2 5 distinct eigenvalues: density integrates to 1", abs(integ - 1) <= 1e-6,
        f"trapezoid = {integ:.12f}")

  # 3. Default-shaped small problems: weights, integral, orthogonality, agreement.
  for problem, n in [("diagonal", 20000), ("sparse", 20000), ("dense", 1000)]:
    steps, runs = 20, 2
    rc, _ = run_cgs2(problem, n, runs, steps)
    rr, _ = run_ref(problem, n, runs, steps)
    rw, _ = run_cgs2(problem, n, runs, steps, gemv="numpy", grid_eval="windowed")
    sdev = max(abs(np.sum(w) - 1.0) for w in rc["weights"] + rr["weights"])
    check(f"{problem} n={n} m={steps}: weights sum to 1 (both)", sdev <= 1e-12,
          f"max |sum - 1| = {sdev:.2e}")
    integ = c.trapezoid(rc["density"], rc["grid"])
    check(f"{problem} n={n} m={steps}: cgs2 density integrates to 1", abs(integ - 1) <= 1e-6,
          f"trapezoid = {integ:.12f}")
    integ_r = c.trapezoid(rr["density"], rr["grid"])
    check(f"{problem} n={n} m={steps}: reference density integral (0.1-spread pad)",
          0.95 <= integ_r <= 1 + 1e-6, f"trapezoid = {integ_r:.12f} (tail mass may be lost)")
    k = len(rc["nodes"][-1])
    v = rc["basis"][:, :k]
    ortho = np.max(np.abs(v.T @ v - np.eye(k)))
    check(f"{problem} n={n} m={steps}: cgs2 basis orthonormal", ortho <= 1e-13,
          f"max |V^T V - I| = {ortho:.2e}")
    nd = max(np.max(np.abs(a - b)) for a, b in zip(rc["nodes"], rr["nodes"]))
    sc = max(np.max(np.abs(a)) for a in rc["nodes"])
    check(f"{problem} n={n} m={steps}: cgs2 nodes = reference-loop nodes", nd <= 1e-10 * sc,
          f"max diff / max|node| = {nd / sc:.2e}")
    nd2 = max(np.max(np.abs(a - b)) for a, b in zip(rc["nodes"], rw["nodes"]))
    check(f"{problem} n={n} m={steps}: gemv blas = gemv numpy nodes", nd2 <= 1e-12 * sc,
          f"max diff / max|node| = {nd2 / sc:.2e}")
    dd = np.max(np.abs(rc["density"] - rw["density"])) / np.max(rc["density"])
    check(f"{problem} n={n} m={steps}: windowed density = full density", dd <= 1e-12,
          f"max diff / max density = {dd:.2e}")

  passed = sum(results)
  failed = len(results) - passed
  print(f"{passed} passed, {failed} failed")
  return 1 if failed else 0


if __name__ == "__main__":
  sys.exit(main())
