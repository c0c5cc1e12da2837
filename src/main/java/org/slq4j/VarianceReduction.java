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
   * Explicit deflation (Lin 2017; Bhattacharjee, Jiang, Kumar, Musco, Musco et al. 2025): a
   * pre-pass of thick-restart Lanczos spends part of the budget on the extreme eigenpairs;
   * those whose residual is small are deflated, each becoming an exact node of weight 1/n in
   * every run, and the runs, with the rest of the budget, estimate the spectrum of the deflated
   * operator (I - VV')H(I - VV') from projected start vectors, their weights scaled by
   * (n - l)/n. The pre-pass takes 20% of the budget and asks for the 30 largest pairs; a probe
   * of the 4 largest on a quarter of that comes first, and when none converges the pre-pass
   * stops. Best when the spectrum has outliers; on a spectrum without them the probe finds
   * nothing and its products (5% of the budget) are lost to the runs.
   */
  DEFLATE,

  /**
   * The pre-pass of {@link #DEFLATE}, then deflation only when it found a converged
   * eigenvalue separated from the rest of the spectrum (at least 10% of ||H|| beyond the
   * innermost eigenvalue estimate the pre-pass did not converge); otherwise classic SLQ with the products left. The result's
   * {@link SpectralDensity#varianceReduction()} says which ran. A spectrum far from 0 compared
   * with its width (H + 1000 I with ||H|| = 1) shows small relative gaps: AUTO stays classic
   * there, DEFLATE does not.
   */
  AUTO
}
