#!/usr/bin/env python3
"""NumPy port of the Python reference library's SLQ loop (hessian_eigenthings.spectral_density).

Ported from noahgolmant/pytorch-hessian-eigenthings (torch -> NumPy, same operations in the same
order, same allocation pattern):
  - hessian_eigenthings/algorithms/lanczos.py, function lanczos_tridiagonal (commit a4d17417)
  - hessian_eigenthings/algorithms/spectral_density.py, function spectral_density (e4ff0f25)
  - hessian_eigenthings/linalg/backend.py, SingleDeviceBackend (dot, norm, axpy, scale)
Only the operator changes (a NumPy matvec instead of a Hessian-vector product).

How its Lanczos step differs from slq_cgs2.py (the slq4j algorithm):
  - The basis is a Python list of separate contiguous n-vectors, not one column-major array.
  - Explicit three-term recurrence first (axpy with -beta v_{j-1}, dot for alpha, axpy with
    -alpha v_j), then ONE pass of modified Gram-Schmidt over ALL stored vectors, v_j included:
    for each vector one BLAS-1 dot and one axpy, the coefficient taken from the updated w.
    So per step (j+1) sequential dot/axpy pairs (BLAS-1, no gemv), and each vector is read twice
    back to back (dot, then axpy), which may hit in cache for small n. CGS2 instead makes
    4 BLAS-2 passes over V[:, :j+1].
  - axpy is functional (alpha * a + b returns a new array, as backend.axpy does), so every
    update allocates and writes a fresh n-vector; NumPy's temporary elision makes it two
    element-wise passes (tmp = alpha*a; tmp += b) instead of one in-place daxpy.
  - Early termination when beta < 1e-12 absolute (not relative to ||T||).
  - T is built as a dense m x m matrix and diagonalized by dense eigh (torch.linalg.eigh ->
    numpy.linalg.eigh here), not a tridiagonal solver.
  - Grid padding 0.1 * spread without the 6 sigma floor (loses tail mass for small m).

Phases and JSON-lines output as slq_cgs2.py: matvec_s (operator only), reorth_s (rest of the
Lanczos step: recurrence, Gram-Schmidt, norm, scaling), tridiag_s, grid_s, other_s, total_s.
"""

import math
import sys
import time

import numpy as np

import slq_common as c

_EPS = 1e-12  # lanczos.py's _EPS: absolute breakdown threshold


# SingleDeviceBackend (linalg/backend.py) in NumPy.
def _dot(a, b):
  return float(np.dot(a, b))  # torch.dot(...).item()


def _norm(a):
  return float(np.linalg.norm(a))  # torch.linalg.vector_norm(...).item()


def _axpy(alpha, a, b):
  return alpha * a + b  # functional: returns a new vector


def _scale(alpha, a):
  return alpha * a


def lanczos_tridiagonal(matvec, v0, max_iter, timer, reorthogonalize=True):
  """Port of lanczos_tridiagonal; returns (alphas, betas, basis)."""
  nrm0 = _norm(v0)
  if nrm0 < _EPS:
    raise ValueError("v0 has near-zero norm")
  v = _scale(1.0 / nrm0, v0)

  basis = [v]
  alphas_list, betas_list = [], []
  prev_v = np.zeros_like(v)
  beta = 0.0
  for j in range(max_iter):
    with timer.phase("matvec"):
      av = matvec(basis[j])
    with timer.phase("reorth"):
      if j > 0:
        av = _axpy(-beta, prev_v, av)

      alpha = _dot(basis[j], av)
      alphas_list.append(alpha)
      av = _axpy(-alpha, basis[j], av)

      if reorthogonalize:
        for vi in basis:
          av = _axpy(-_dot(vi, av), vi, av)

      beta_next = _norm(av)
      if beta_next < _EPS:
        break
      if j < max_iter - 1:
        betas_list.append(beta_next)
        prev_v = basis[j]
        basis.append(_scale(1.0 / beta_next, av))
        beta = beta_next
  return np.array(alphas_list), np.array(betas_list), basis


def slq(matvec, n, runs, steps, seed, grid_points, keep_basis=False):
  """Port of spectral_density; returns a dict like slq_cgs2.slq."""
  timer = c.PhaseTimer(["matvec", "reorth", "tridiag", "grid"])
  t0 = time.perf_counter()
  nodes_runs, weights_runs = [], []
  matvecs = 0
  basis = None
  for run in range(runs):
    v0 = c.rademacher_pm1(n, seed + run)  # gen.manual_seed(seed + run); rademacher_like
    alphas, betas, basis = lanczos_tridiagonal(matvec, v0, steps, timer)
    m = alphas.shape[0]
    matvecs += m
    with timer.phase("tridiag"):
      tridiag = np.zeros((m, m))
      np.fill_diagonal(tridiag, alphas)
      if m > 1 and betas.size > 0:
        off = betas[:m - 1]
        idx = np.arange(m - 1)
        tridiag[idx, idx + 1] = off
        tridiag[idx + 1, idx] = off
      theta, y = np.linalg.eigh(tridiag)
      weights = y[0, :] ** 2
    nodes_runs.append(theta)
    weights_runs.append(weights)
    if not keep_basis:
      basis = None
  with timer.phase("grid"):
    grid, sigma = c.make_grid(nodes_runs, steps, grid_points, "reference")
    density = c.density_full(grid, sigma, nodes_runs, weights_runs)
  total = time.perf_counter() - t0
  return {"timer": timer, "total_s": total, "nodes": nodes_runs, "weights": weights_runs,
          "grid": grid, "sigma": sigma, "density": density, "matvecs": matvecs,
          "basis": basis}


def main(argv=None):
  p = c.parse_args(__doc__.splitlines()[0])
  p.add_argument("--check-ortho", action="store_true",
                 help="after timing, report max |V^T V - I| of the last run")
  args = p.parse_args(argv)
  n = args.n or c.DEFAULT_N[args.problem]
  c.check_steps(args, n)
  t0 = time.perf_counter()
  matvec, _, info = c.make_problem(args.problem, n, args.seed)
  setup_s = time.perf_counter() - t0
  res = slq(matvec, n, args.runs, args.steps, args.seed, args.grid_points,
            keep_basis=args.check_ortho)
  extra = {"grid_eval": "full", "grid_pad": "0.1*spread"}
  if args.check_ortho:
    vk = np.stack(res["basis"], axis=1)
    extra["ortho_loss_last_run"] = float(np.max(np.abs(vk.T @ vk - np.eye(vk.shape[1]))))
  c.report("numpy-reference-loop", args, n, info, setup_s, res["total_s"], res["timer"],
           res["nodes"], res["weights"], res["grid"], res["density"], res["sigma"],
           res["matvecs"], extra)
  return 0


if __name__ == "__main__":
  sys.exit(main())
