#!/usr/bin/env python3
"""NumPy port of the Python reference library's top-k eigenpairs (hessian_eigenthings).

Ported from noahgolmant/pytorch-hessian-eigenthings (torch -> NumPy, same operations in the same
order):
  - hessian_eigenthings/algorithms/power_iteration.py, functions power_iteration_one and
    deflated_power_iteration and the helper _deflate (commit 53b2b963)
  - hessian_eigenthings/linalg/backend.py, SingleDeviceBackend (dot, norm, axpy, scale,
    zeros_like; commit 20dede68)
Only the operator changes (a NumPy/SciPy matvec instead of a Hessian-vector product) and the
random start (numpy default_rng(seed + i).standard_normal instead of torch.randn with a
generator seeded seed + i: the same distribution, other numbers).

The algorithm: for i = 0 .. k-1, power iteration on A_i = A - sum_{l<i} lambda_l v_l v_l^T from
a fresh Gaussian start; each iteration is one product with A (the deflated operator wraps the
previous one, so every call reaches A exactly once), then lambda = v'Av, residual
||Av - lambda v||, and it stops when both |lambda - lambda_prev| / |lambda| and
residual / |lambda| are below tol (not on the first iteration), or after max_iter products.
Pairs are returned sorted by |lambda|, descending. Defaults as the library's: k = 10,
max_iter = 100, tol = 1e-4, momentum 0.

Prints every pair against the exact eigenvalues (../shared/data/STEM.eigenvalues.txt) and the
products used, for comparison with slq4j's EigenpairsValidation on the same matrices:

  python3 jmh/python/eigs_power_iteration.py --matrix bcsstk13
  python3 jmh/python/eigs_power_iteration.py --matrix mlp_digits_trained --tol 1e-8 \\
      --max-iter 100000
"""

import argparse
import json
import os
import sys
import time

import numpy as np

_EPS = 1e-12  # power_iteration.py's _EPS

_MATRICES = {
    "bcsstk13": "suitesparse/bcsstk13",
    "mlp_digits_trained": "hessians/mlp_digits_trained",
    "mlp_digits_init": "hessians/mlp_digits_init",
    "1138_bus": "suitesparse/1138_bus",
}


# SingleDeviceBackend (linalg/backend.py) in NumPy.
def _dot(a, b):
  return float(np.dot(a, b))  # torch.dot(...), .item() at the call sites


def _norm(a):
  return float(np.linalg.norm(a))  # torch.linalg.vector_norm(...)


def _axpy(alpha, a, b):
  return alpha * a + b  # functional: returns a new vector


def _scale(alpha, a):
  return alpha * a


def power_iteration_one(matvec, n, max_iter=100, tol=1e-4, momentum=0.0, seed=None):
  """Port of power_iteration_one: (eigenvalue, eigenvector, residual, iterations, converged)."""
  v = np.random.default_rng(seed).standard_normal(n)  # torch.randn(size, generator=gen)
  nrm0 = _norm(v)
  if nrm0 < _EPS:
    raise ValueError("init vector has near-zero norm")
  v = _scale(1.0 / nrm0, v)

  prev_v = np.zeros_like(v)
  lambda_prev = 0.0
  lambda_est = 0.0
  residual = float("inf")
  converged = False
  last_iter = 0

  for it in range(max_iter):
    last_iter = it + 1
    av = matvec(v)
    if momentum != 0.0:
      av = _axpy(-momentum, prev_v, av)

    lambda_est = _dot(v, av)
    residual = _norm(_axpy(-lambda_est, v, av))

    nrm = _norm(av)
    if nrm < _EPS:
      return 0.0, v, 0.0, last_iter, True

    denom = max(abs(lambda_est), _EPS)
    rel_change = abs(lambda_est - lambda_prev) / denom
    rel_residual = residual / denom

    if it > 0 and rel_change < tol and rel_residual < tol:
      converged = True
      break

    prev_v = v
    v = _scale(1.0 / nrm, av)
    lambda_prev = lambda_est

  return lambda_est, v, residual, last_iter, converged


def _deflate(base, lam, vec):
  """Port of _deflate: the operator x -> base(x) - lam (vec . x) vec."""
  def matvec(x):
    out = base(x)
    coeff = lam * _dot(vec, x)
    return _axpy(-coeff, vec, out)
  return matvec


def deflated_power_iteration(matvec, n, k=10, max_iter=100, tol=1e-4, momentum=0.0,
                             seed=None):
  """Port of deflated_power_iteration; returns a dict of the EigenResult fields."""
  if k < 1:
    raise ValueError(f"k must be >= 1, got {k}")
  if k > n:
    raise ValueError(f"k={k} exceeds operator size {n}")
  eigenvalues, eigenvectors, residuals, converged_flags, per_pair_iters = [], [], [], [], []
  total_iters = 0
  current_op = matvec
  for i in range(k):
    sub_seed = None if seed is None else seed + i
    lam, vec, res, iters, conv = power_iteration_one(
        current_op, n, max_iter=max_iter, tol=tol, momentum=momentum, seed=sub_seed)
    eigenvalues.append(lam)
    eigenvectors.append(vec)
    residuals.append(res)
    converged_flags.append(conv)
    per_pair_iters.append(iters)
    total_iters += iters
    if i < k - 1:
      current_op = _deflate(current_op, lam, vec)

  vals = np.array(eigenvalues)
  order = np.argsort(-np.abs(vals), kind="stable")  # torch.argsort(vals.abs(), descending)
  return {"eigenvalues": vals[order], "eigenvectors": np.stack(eigenvectors)[order],
          "residuals": np.array(residuals)[order], "iterations": total_iters,
          "converged": np.array(converged_flags)[order],
          "iterations_per_pair": np.array(per_pair_iters)[order]}


def load(stem, data):
  """The matrix (dense for .npy, CSR for .mtx) and its exact eigenvalues, ascending."""
  base = os.path.join(data, stem)
  if os.path.exists(base + ".npy"):
    a = np.load(base + ".npy")
  else:
    import scipy.io
    a = scipy.io.mmread(base + ".mtx").tocsr()
  exact = np.loadtxt(base + ".eigenvalues.txt")
  return a, exact


def main(argv=None):
  here = os.path.dirname(os.path.abspath(__file__))
  p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  p.add_argument("--matrix", required=True, help="one of " + ", ".join(_MATRICES)
                 + ", or a STEM under --data")
  p.add_argument("--data", default=os.path.normpath(os.path.join(here, "../../../shared/data")))
  p.add_argument("--k", type=int, default=10)
  p.add_argument("--max-iter", type=int, default=100)
  p.add_argument("--tol", type=float, default=1e-4)
  p.add_argument("--seed", type=int, default=0)
  args = p.parse_args(argv)

  stem = _MATRICES.get(args.matrix, args.matrix)
  a, exact = load(stem, args.data)
  n = a.shape[0]
  products = [0]

  def matvec(x):
    products[0] += 1
    return a @ x

  t0 = time.perf_counter()
  res = deflated_power_iteration(matvec, n, k=args.k, max_iter=args.max_iter, tol=args.tol,
                                 seed=args.seed)
  seconds = time.perf_counter() - t0
  assert products[0] == res["iterations"], "one product with A per iteration"

  by_magnitude = exact[np.argsort(-np.abs(exact), kind="stable")]
  print(f"hessian_eigenthings deflated power iteration (NumPy port) on {stem}: n = {n}, "
        f"k = {args.k}, tol = {args.tol:g}, max_iter = {args.max_iter}, seed = {args.seed}")
  print(f"  {'i':>2}  {'eigenvalue':>24}  {'exact':>24}  {'rel. error':>10}  "
        f"{'residual':>10}  {'iters':>6}  converged")
  worst = 0.0
  for i in range(args.k):
    lam = res["eigenvalues"][i]
    ex = by_magnitude[i]
    err = abs(lam - ex) / abs(ex)
    worst = max(worst, err)
    print(f"  {i:>2}  {lam:>24.17g}  {ex:>24.17g}  {err:>10.2e}  {res['residuals'][i]:>10.3g}"
          f"  {res['iterations_per_pair'][i]:>6}  {bool(res['converged'][i])}")
  print(f"  products: {products[0]}; all converged: {bool(np.all(res['converged']))}; "
        f"max relative error {worst:.2e}; {seconds:.3f} s")
  print(json.dumps({"impl": "numpy-hessian-eigenthings-power-iteration", "matrix": stem, "n": n,
                    "k": args.k, "tol": args.tol, "max_iter": args.max_iter, "seed": args.seed,
                    "matvecs": products[0],
                    "all_converged": bool(np.all(res["converged"])),
                    "max_relative_error": worst, "seconds": seconds}))
  return 0


if __name__ == "__main__":
  sys.exit(main())
