package org.slq4j;

/**
 * How the estimator spends its budget of numRuns x lanczosSteps operator products: an option of
 * the estimator ({@link EstimatorOptions.Builder#varianceReduction}).
 *
 * <p>Classic SLQ gives every eigenvalue a random weight: an isolated eigenvalue far from the
 * bulk (the top eigenvalues of a trained network's Hessian, of a stiffness or admittance matrix)
 * gets a weight of (v'z)^2 per run instead of 1/n, and since it is far away, that error moves the
 * spectral CDF over a long distance. Deflation computes such eigenvalues exactly once and takes
 * them out of the random part, so their weight is exactly 1/n.
 */
public enum VarianceReduction {

  /** Classic SLQ: every product goes to the random runs. The default. */
  NONE,

  /**
   * Explicit deflation (Lin 2017; Bhattacharjee, Jiang, Kumar, Musco, Musco et al. 2025). Run
   * 0 runs first, as in classic SLQ, and is the probe: when none of its 4 largest Ritz pairs
   * has converged (residual at most 1e-6 ||H||, read from its tridiagonal at no extra product),
   * the other runs follow and the estimate is classic SLQ bit for bit. Otherwise a pre-pass of
   * thick-restart Lanczos spends 15% of the budget on the 30 largest eigenpairs; those whose
   * residual is small are deflated, each becoming an exact node of weight 1/n in every run,
   * and the runs, with what run 0 and the pre-pass left, estimate the spectrum of the deflated
   * operator (I - VV')H(I - VV') from projected start vectors, their weights scaled by
   * (n - l)/n. Best when the spectrum has outliers. On a spectrum without them whose top
   * eigenvalues still converge (the edge of a Wishart bulk) it deflates them to little use and
   * its runs get a quarter fewer steps; {@link #AUTO} does not.
   */
  DEFLATE,

  /**
   * {@link #DEFLATE} only for an outlier: run 0's converged top Ritz value must lie at least
   * 10% of ||H|| above every Ritz value of run 0 that has not converged, else the estimate is
   * classic SLQ bit for bit; and after the pre-pass, deflation only when a converged eigenvalue
   * is still that far beyond the innermost eigenvalue estimate the pre-pass did not converge,
   * else classic SLQ with the products left. The result's {@link
   * SpectralDensity#varianceReduction()} says which ran. A spectrum far from 0 compared with its
   * width (H + 1000 I with ||H|| = 1) shows small relative gaps: AUTO stays classic there,
   * DEFLATE does not.
   */
  AUTO
}
