"""Shared parts of the NumPy/SciPy SLQ comparison scripts: problems, density, output.

Both slq_cgs2.py and slq_reference_loop.py import this module, so the two implementations see
the same operators, the same start vectors and the same JSON-lines output format. Only the
Lanczos loop (and, faithfully to the reference library, its grid padding) differs.
"""

import argparse
import ctypes
import datetime
import glob
import json
import math
import os
import platform
import sys
import time

import numpy as np
import scipy
import scipy.sparse as sp

DEFAULT_N = {"diagonal": 1_000_000, "sparse": 1_000_000, "dense": 4000}

# Nonzeros per row of the random sparse problem before symmetrization; A = R + R^T then has
# about twice as many (10 per row).
SPARSE_NNZ_PER_ROW_HALF = 5


def parse_args(description):
  p = argparse.ArgumentParser(description=description)
  p.add_argument("--problem", choices=sorted(DEFAULT_N), required=True)
  p.add_argument("--n", type=int, default=None,
                 help="dimension (default: 1e6 diagonal/sparse, 4000 dense)")
  p.add_argument("--runs", type=int, default=10, help="number of SLQ runs (start vectors)")
  p.add_argument("--steps", type=int, default=80, help="Lanczos steps m per run")
  p.add_argument("--seed", type=int, default=0,
                 help="problem seed; run r uses start-vector seed seed + r")
  p.add_argument("--grid-points", type=int, default=10000)
  return p


def n_label(n):
  """'1e6' for powers of ten >= 1e4, else the plain number (so 'diagonal-1e6', 'dense-4000')."""
  e = round(math.log10(n)) if n > 0 else 0
  return f"1e{e}" if n >= 10_000 and 10 ** e == n else str(n)


# ---------------------------------------------------------------------------------------------
# Problems. Each returns (matvec, matvec_into, info): matvec(x) returns a new array (what the
# reference library's operator.matvec does), matvec_into(x, out) writes into out where the
# library allows it (used by the CGS2 script to avoid an allocation per step).
# ---------------------------------------------------------------------------------------------

def make_problem(name, n, seed):
  rng = np.random.default_rng(seed)
  if name == "diagonal":
    # Spectrum: a standard Gaussian sample, so the density is the N(0,1) bell.
    d = rng.standard_normal(n)

    def matvec(x):
      return d * x

    def matvec_into(x, out):
      np.multiply(d, x, out=out)
      return out

    return matvec, matvec_into, {"nnz": n, "eigenvalues": d}
  if name == "sparse":
    # R: n x n with exactly k = 5n distinct positions drawn uniformly without replacement over
    # all n^2 positions (scipy.sparse.random_array), values standard normal. A = R + R^T
    # (entries at coinciding positions summed), CSR with sorted int32 indices. nnz(A) is 10n
    # minus 2x(number of pairs where both (i,j) and (j,i) were drawn) minus (diagonal hits);
    # for n = 1e6, seed 0 it is 9_999_976. Values differ from any Java generator; size, nnz and
    # the uniform random pattern (no band structure, so x is read at random) are what matter.
    k = SPARSE_NNZ_PER_ROW_HALF
    r = sp.random_array((n, n), density=k / n, format="csr", rng=rng,
                        data_sampler=rng.standard_normal)
    a = (r + r.T).tocsr()
    a.sum_duplicates()
    a.sort_indices()

    def matvec(x):
      return a @ x

    def matvec_into(x, out):
      out[:] = a @ x  # scipy's CSR matvec always allocates its result
      return out

    return matvec, matvec_into, {"nnz": int(a.nnz)}
  if name == "dense":
    # Row-major (C order) n x n, standard normal, symmetrized as (A + A^T) / 2.
    g = rng.standard_normal((n, n))
    a = np.ascontiguousarray((g + g.T) * 0.5)
    del g

    def matvec(x):
      return a @ x

    def matvec_into(x, out):
      np.dot(a, x, out=out)  # BLAS dgemv (OpenBLAS threads)
      return out

    return matvec, matvec_into, {"nnz": n * n}
  raise ValueError(f"unknown problem {name!r}")


def rademacher_pm1(n, seed):
  """Rademacher vector of +-1 entries from a NumPy PCG64 stream seeded with `seed`.

  The reference library seeds run r with seed + r (torch.Generator) and draws bits * 2 - 1;
  NumPy's stream differs from torch's, so the vectors (not their distribution) differ.
  """
  bits = np.random.default_rng(seed).integers(0, 2, size=n, dtype=np.int8)
  v = bits.astype(np.float64)
  v *= 2.0
  v -= 1.0
  return v


def rademacher(n, seed):
  """Unit Rademacher start vector: entries +-1/sqrt(n) (same signs as rademacher_pm1)."""
  v = rademacher_pm1(n, seed)
  v *= 1.0 / math.sqrt(n)
  return v


# ---------------------------------------------------------------------------------------------
# Density on a regular grid.
# ---------------------------------------------------------------------------------------------

def make_grid(nodes_runs, steps, num_points, pad_rule):
  """Grid and sigma as slq4j (pad_rule 'slq4j') or as the reference library ('reference').

  sigma = spread / steps with spread = max(max node - min node, 1e-9) over all runs.
  slq4j: pad = max(0.1 * spread, 6 sigma), so no mass falls off the grid.
  reference: pad = 0.1 * spread (loses tail mass when sigma is large relative to the spread).
  """
  allnodes = np.concatenate(nodes_runs)
  lo, hi = float(allnodes.min()), float(allnodes.max())
  spread = max(hi - lo, 1e-9)
  sigma = spread / steps
  pad = 0.1 * spread
  if pad_rule == "slq4j":
    pad = max(pad, 6.0 * sigma)
  grid = np.linspace(lo - pad, hi + pad, num_points)
  return grid, sigma


def density_full(grid, sigma, nodes_runs, weights_runs):
  """Every node at every grid point (as the reference library does), averaged over runs."""
  density = np.zeros_like(grid)
  norm = 1.0 / (sigma * math.sqrt(2.0 * math.pi))
  inv2s2 = 1.0 / (2.0 * sigma * sigma)
  for nodes, weights in zip(nodes_runs, weights_runs):
    diffs = grid[:, None] - nodes[None, :]
    density += (np.exp(-(diffs * diffs) * inv2s2) * norm) @ weights
  density /= len(nodes_runs)
  return density


def density_windowed(grid, sigma, nodes_runs, weights_runs, cutoff=8.5):
  """Each node only over grid points within cutoff*sigma (exp(-8.5^2/2) ~ 2e-16 relative)."""
  density = np.zeros_like(grid)
  norm = 1.0 / (sigma * math.sqrt(2.0 * math.pi))
  inv2s2 = 1.0 / (2.0 * sigma * sigma)
  g0, h = grid[0], grid[1] - grid[0]
  last = len(grid) - 1
  for nodes, weights in zip(nodes_runs, weights_runs):
    i0s = np.clip(np.ceil((nodes - cutoff * sigma - g0) / h).astype(np.int64), 0, last + 1)
    i1s = np.clip(np.floor((nodes + cutoff * sigma - g0) / h).astype(np.int64) + 1, 0, last + 1)
    for t, w, i0, i1 in zip(nodes, weights, i0s, i1s):
      d = grid[i0:i1] - t
      density[i0:i1] += (w * norm) * np.exp(-(d * d) * inv2s2)
  density /= len(nodes_runs)
  return density


def trapezoid(y, x):
  return float(np.sum((y[1:] + y[:-1]) * np.diff(x)) * 0.5)


# ---------------------------------------------------------------------------------------------
# Environment facts recorded with every result line.
# ---------------------------------------------------------------------------------------------

def _openblas_libs():
  """(label, CDLL, symbol suffix) for the OpenBLAS copies that numpy and scipy ship."""
  out = []
  specs = [("numpy", os.path.dirname(np.__file__) + "/../numpy.libs/libscipy_openblas*", "64_"),
           ("scipy", os.path.dirname(scipy.__file__) + "/../scipy.libs/libscipy_openblas*", "")]
  for label, pattern, suffix in specs:
    for path in sorted(glob.glob(pattern)):
      try:
        out.append((label, ctypes.CDLL(path), suffix))
      except OSError:
        pass
  return out


def blas_facts():
  """Which OpenBLAS kernel (core) and thread count actually run, per library copy.

  threadpoolctl would report the same (it calls openblas_get_corename too); it is not installed
  here, so the functions are called directly through ctypes.
  """
  facts = {}
  try:
    import threadpoolctl  # noqa: F401  (optional)
    facts["threadpoolctl"] = [
        {k: d.get(k) for k in ("internal_api", "prefix", "version", "num_threads",
                                "architecture")}
        for d in threadpoolctl.threadpool_info()]
  except ImportError:
    pass
  for label, lib, suffix in _openblas_libs():
    try:
      core = getattr(lib, "scipy_openblas_get_corename" + suffix)
      core.restype = ctypes.c_char_p
      nthr = getattr(lib, "scipy_openblas_get_num_threads" + suffix)
      nthr.restype = ctypes.c_int
      cfg = getattr(lib, "scipy_openblas_get_config" + suffix)
      cfg.restype = ctypes.c_char_p
      facts[label + "_openblas_core"] = core().decode()
      facts[label + "_openblas_threads"] = int(nthr())
      facts[label + "_openblas_config"] = cfg().decode().strip()
    except AttributeError:
      pass
  return facts


def env_facts():
  facts = {
      "python": platform.python_version(),
      "numpy": np.__version__,
      "scipy": scipy.__version__,
      "env_OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS"),
      "env_OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS"),
      "env_OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
      "env_OPENBLAS_L2_SIZE": os.environ.get("OPENBLAS_L2_SIZE"),
      "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
  }
  facts.update(blas_facts())
  return facts


class PhaseTimer:
  """Accumulates wall time per phase; `with t.phase("matvec"): ...`."""

  def __init__(self, names):
    self.s = {k: 0.0 for k in names}

  def phase(self, name):
    timer = self

    class _Ctx:
      def __enter__(self):
        self.t0 = time.perf_counter()

      def __exit__(self, *exc):
        timer.s[name] += time.perf_counter() - self.t0
        return False

    return _Ctx()


def report(impl, args, n, info, setup_s, total_s, timer, nodes_runs, weights_runs, grid,
           density, sigma, matvecs, extra=None):
  """Print one JSON line with the timings and sanity figures of one SLQ call."""
  phases = {k + "_s": round(v, 6) for k, v in timer.s.items()}
  rec = {
      "impl": impl,
      "problem": f"{args.problem}-{n_label(n)}",
      "n": n,
      "nnz": info["nnz"],
      "runs": args.runs,
      "steps": args.steps,
      "seed": args.seed,
      "threads": blas_facts().get("numpy_openblas_threads"),
      "total_s": round(total_s, 6),
      **phases,
      "other_s": round(total_s - sum(timer.s.values()), 6),
      "setup_s": round(setup_s, 6),
      "matvecs": matvecs,
      "sigma": sigma,
      "grid_lo": float(grid[0]),
      "grid_hi": float(grid[-1]),
      "density_integral": trapezoid(density, grid),
      "weights_sum_max_dev": max(abs(float(np.sum(w)) - 1.0) for w in weights_runs),
      "tridiag_sizes": sorted({len(t) for t in nodes_runs}),
  }
  if extra:
    rec.update(extra)
  rec.update(env_facts())
  print(json.dumps(rec), flush=True)
  return rec


def check_steps(args, n):
  if args.runs < 1:
    sys.exit(f"--runs must be >= 1, got {args.runs}")
  if args.steps < 1 or args.steps > n:
    sys.exit(f"--steps must be in [1, n={n}], got {args.steps}")
  if args.grid_points < 2:
    sys.exit(f"--grid-points must be >= 2, got {args.grid_points}")
