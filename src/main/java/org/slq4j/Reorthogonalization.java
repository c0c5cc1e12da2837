package org.slq4j;

/**
 * How each Lanczos run keeps its basis orthogonal: an option of the estimator
 * ({@link EstimatorOptions.Builder#reorthogonalization}), trading memory and time for nodes
 * and weights free of spurious copies.
 */
public enum Reorthogonalization {

  /**
   * Every new Lanczos vector is orthogonalized against all previous ones, in one sweep over the
   * stored basis per step (classical Gram-Schmidt, repeated when a single pass would not be
   * accurate enough). Needs the whole basis, lanczosSteps + 1 vectors of length n, in memory
   * per run; gives nodes and weights free of the spurious copies ("ghosts") that loss of
   * orthogonality produces. The default.
   */
  FULL,

  /**
   * The plain three-term recurrence: three vectors of memory per run, no reorthogonalization.
   * Ritz values converge, but loss of orthogonality makes converged ones reappear as ghosts that
   * take weight from their neighbours; fine for smooth densities at a fraction of the memory and
   * time.
   */
  NONE,

  /**
   * Local reorthogonalization: each new Lanczos vector is orthogonalized against the most
   * recent {@link EstimatorOptions#reorthogonalizationWindow()} vectors only, which are all a
   * run keeps. Memory is bounded by the window whatever the number of steps (about 1.5 window
   * + 2 vectors of length n per run, the spare ones keeping the window contiguous), and the vectors stay orthogonal to their recent neighbours,
   * where rounding errors grow fastest; orthogonality to older vectors is not kept, so ghosts
   * of converged Ritz values can still appear after enough steps. With a window of lanczosSteps + 1
   * or more every vector is orthogonalized against all previous ones.
   */
  LOCAL
}
