#!/usr/bin/env python3
"""Stochastic Lanczos Quadrature in NumPy/SciPy with the same algorithm as slq4j.

Per run: Rademacher start vector (entries +-1/sqrt(n), seed + run), m Lanczos steps with full
reorthogonalization by classical Gram-Schmidt applied twice (CGS2) as BLAS-2 gemv over the
column-major basis V[:, :j+1] (Fortran-order array, one contiguous column per basis vector):

    h1 = V^T w;  w -= V h1;  h2 = V^T w;  w -= V h2;  alpha_j = h1[j] + h2[j];  beta_j = ||w||

so each step reads the stored basis four times (two dgemv 'T', two dgemv 'N'). The explicit
three-term recurrence is not needed: the projection onto v_j and v_{j-1} is part of V^T w.
Nodes/weights from scipy.linalg.eigh_tridiagonal (weights = squared first eigenvector
components), density = run average of weight * Gaussian(t - node, sigma) on a regular grid with
sigma = spread / m and pad = max(0.1 spread, 6 sigma).

Prints one JSON line per call with the time per phase:
  matvec_s    operator applications only
  reorth_s    the rest of each Lanczos step: CGS2 (4 gemv), norm, normalization into V
  tridiag_s   eigh_tridiagonal + weights
  grid_s      grid, sigma and density
  other_s     total minus the phases: basis allocation, start vectors
  total_s     the whole SLQ call (problem construction is setup_s, not in total)
"""

import math
import sys
import time

import ctypes

import numpy as np
import scipy.linalg
from scipy.linalg.blas import dgemv

import slq_common as c

EPS = np.finfo(np.float64).eps

_COL_MAJOR, _NO_TRANS, _TRANS = 102, 111, 112


class NumpyCblasGemv:
  """cblas_dgemv of the OpenBLAS that numpy itself ships (64-bit ints), called via ctypes.

  Why not scipy.linalg.blas.dgemv: scipy wheels bundle their own, different OpenBLAS copy
  (0.3.30 here, numpy's is 0.3.31), and numpy's own matmul cannot update y in place
  (w -= V @ h needs a temporary n-vector and an extra pass). This calls numpy's copy with
  beta = 1 so w is updated in place, exactly one read of V per gemv.
  """

  def __init__(self):
    lib = next((lib for label, lib, suffix in c._openblas_libs() if label == "numpy"), None)
    if lib is None:
      raise RuntimeError("numpy's OpenBLAS library not found")
    f = lib.scipy_cblas_dgemv64_
    i64, dbl, ptr = ctypes.c_int64, ctypes.c_double, ctypes.c_void_p
    f.argtypes = [ctypes.c_int, ctypes.c_int, i64, i64, dbl, ptr, i64, ptr, i64, dbl, ptr, i64]
    f.restype = None
    self.f = f

  def t(self, basis, k, x, out):
    """out[:k] = V[:, :k]^T x."""
    n = basis.shape[0]
    self.f(_COL_MAJOR, _TRANS, n, k, 1.0, basis.ctypes.data, n, x.ctypes.data, 1, 0.0,
           out.ctypes.data, 1)
    return out[:k]

  def n_update(self, basis, k, h, y):
    """y -= V[:, :k] h, in place."""
    n = basis.shape[0]
    self.f(_COL_MAJOR, _NO_TRANS, n, k, -1.0, basis.ctypes.data, n, h.ctypes.data, 1, 1.0,
           y.ctypes.data, 1)


def lanczos_cgs2(matvec_into, v0, m, basis, timer, gemv="blas"):
  """One Lanczos run with CGS2 full reorthogonalization; returns (alphas, betas).

  basis: preallocated Fortran-order (n, >= m) array, reused across runs. Stops early (shorter T)
  when beta falls to rounding level relative to ||T||: an invariant subspace was found.
  """
  n = v0.shape[0]
  basis[:, 0] = v0
  alphas = np.empty(m)
  betas = np.empty(max(m - 1, 0))
  w = np.empty(n)
  hbuf1, hbuf2 = np.empty(m), np.empty(m)
  cblas = NumpyCblasGemv() if gemv == "blas" else None
  if basis.dtype != np.float64 or not basis.flags.f_contiguous:
    raise ValueError("basis must be a Fortran-order float64 array")
  tnorm = 0.0
  beta_prev = 0.0
  for j in range(m):
    with timer.phase("matvec"):
      matvec_into(basis[:, j], w)
    with timer.phase("reorth"):
      vj = basis[:, :j + 1]  # F-contiguous view, no copy
      if gemv == "blas":
        # numpy's OpenBLAS, w updated in place (no temporary n-vector).
        h1 = cblas.t(basis, j + 1, w, hbuf1)
        cblas.n_update(basis, j + 1, h1, w)
        h2 = cblas.t(basis, j + 1, w, hbuf2)
        cblas.n_update(basis, j + 1, h2, w)
      elif gemv == "scipy":
        # scipy's OpenBLAS copy; y = alpha*A*x + beta*y in place (overwrite_y).
        h1 = dgemv(1.0, vj, w, trans=1)
        w2 = dgemv(-1.0, vj, h1, beta=1.0, y=w, overwrite_y=1)
        h2 = dgemv(1.0, vj, w, trans=1)
        w2 = dgemv(-1.0, vj, h2, beta=1.0, y=w, overwrite_y=1)
        if w2 is not w:  # f2py would copy only for a non-contiguous or non-double y
          raise RuntimeError("dgemv did not update w in place")
      else:
        # The literal NumPy expressions (one temporary n-vector per update).
        h1 = vj.T @ w
        w -= vj @ h1
        h2 = vj.T @ w
        w -= vj @ h2
      alpha = float(h1[j] + h2[j])
      alphas[j] = alpha
      if j == m - 1:
        break
      beta = math.sqrt(float(np.dot(w, w)))
      tnorm = max(tnorm, abs(alpha) + beta + beta_prev)
      if not math.isfinite(beta):
        raise FloatingPointError(f"non-finite beta at step {j}")
      if beta <= math.sqrt(n) * EPS * tnorm:
        return alphas[:j + 1], betas[:j]
      betas[j] = beta
      np.multiply(w, 1.0 / beta, out=basis[:, j + 1])
      beta_prev = beta
  return alphas, betas


def nodes_weights(alphas, betas):
  """Golub-Welsch: eigenvalues of T and squared first components of its eigenvectors."""
  if len(alphas) == 1:
    return alphas.copy(), np.ones(1)
  nodes, vecs = scipy.linalg.eigh_tridiagonal(alphas, betas)
  return nodes, vecs[0, :] ** 2


def slq(matvec_into, n, runs, steps, seed, grid_points, gemv="blas", grid_eval="full",
        keep_basis=False):
  """The whole SLQ call; returns a dict with timer, nodes/weights per run, grid, density."""
  timer = c.PhaseTimer(["matvec", "reorth", "tridiag", "grid"])
  t0 = time.perf_counter()
  basis = np.empty((n, steps), order="F")
  # Touch the pages now (counted in other_s) so first-touch faults do not land in reorth_s of
  # the first run; the Java side's Arena.allocate zero-fills its basis the same way.
  basis.fill(0.0)
  nodes_runs, weights_runs = [], []
  matvecs = 0
  for r in range(runs):
    v0 = c.rademacher(n, seed + r)
    alphas, betas = lanczos_cgs2(matvec_into, v0, steps, basis, timer, gemv)
    matvecs += len(alphas)
    with timer.phase("tridiag"):
      nodes, weights = nodes_weights(alphas, betas)
    nodes_runs.append(nodes)
    weights_runs.append(weights)
  with timer.phase("grid"):
    grid, sigma = c.make_grid(nodes_runs, steps, grid_points, "slq4j")
    if grid_eval == "full":
      density = c.density_full(grid, sigma, nodes_runs, weights_runs)
    else:
      density = c.density_windowed(grid, sigma, nodes_runs, weights_runs)
  total = time.perf_counter() - t0
  return {"timer": timer, "total_s": total, "nodes": nodes_runs, "weights": weights_runs,
          "grid": grid, "sigma": sigma, "density": density, "matvecs": matvecs,
          "basis": basis if keep_basis else None}


def main(argv=None):
  p = c.parse_args(__doc__.splitlines()[0])
  p.add_argument("--gemv", choices=["blas", "scipy", "numpy"], default="blas",
                 help="blas: numpy's OpenBLAS cblas_dgemv, w updated in place (default); "
                      "scipy: scipy.linalg.blas.dgemv (scipy's OpenBLAS copy), in place; "
                      "numpy: h = V.T @ w; w -= V @ h (temporary vector)")
  p.add_argument("--grid-eval", choices=["full", "windowed"], default="full",
                 help="full: every node at every grid point; windowed: within 8.5 sigma")
  p.add_argument("--check-ortho", action="store_true",
                 help="after timing, report max |V^T V - I| of the last run")
  args = p.parse_args(argv)
  n = args.n or c.DEFAULT_N[args.problem]
  c.check_steps(args, n)
  t0 = time.perf_counter()
  _, matvec_into, info = c.make_problem(args.problem, n, args.seed)
  setup_s = time.perf_counter() - t0
  res = slq(matvec_into, n, args.runs, args.steps, args.seed, args.grid_points, args.gemv,
            args.grid_eval, keep_basis=args.check_ortho)
  extra = {"gemv": args.gemv, "grid_eval": args.grid_eval, "basis_passes_per_step": 4}
  if args.check_ortho:
    k = len(res["nodes"][-1])
    vk = res["basis"][:, :k]
    extra["ortho_loss_last_run"] = float(np.max(np.abs(vk.T @ vk - np.eye(k))))
  c.report("numpy-cgs2", args, n, info, setup_s, res["total_s"], res["timer"], res["nodes"],
           res["weights"], res["grid"], res["density"], res["sigma"], res["matvecs"], extra)
  return 0


if __name__ == "__main__":
  sys.exit(main())
