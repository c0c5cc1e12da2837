package org.slq4j.internal.deflation;

import java.util.Arrays;
import org.slq4j.internal.lanczos.LanczosResult;
import org.slq4j.internal.tridiagonal.Eigensystem;
import org.slq4j.internal.tridiagonal.SymmetricTridiagonalEigen;

/**
 * Whether the top of a spectrum holds an eigenvalue a pre-pass could deflate, read from a
 * finished classic run at no extra product: the Lanczos residual of a Ritz pair (theta, V s) of
 * the leading k x k block of T is beta_k |s_k|, beta_k being the next off-diagonal of T, so a
 * run of m steps tells, for the Ritz pairs of its first m - 1 steps, how far each is from an
 * eigenpair of H.
 *
 * <p>An outlier converges within a few dozen steps from any start; the edge of a continuous
 * bulk does not. So when none of the {@value #PAIRS} largest Ritz pairs has a residual within
 * the pre-pass's tolerance, the pre-pass would find nothing to deflate at the top either, and
 * the estimate stays classic with that run as its run 0, losing no product.
 */
public final class RitzProbe {

  /**
   * Largest Ritz pairs looked at: several rather than one, because outliers may come as a
   * tight cluster (1138_bus has three within 0.5% of each other), whose largest member
   * converges late while a smaller one has already converged.
   */
  static final int PAIRS = 4;

  private RitzProbe() {}

  /**
   * What run 0 says about the top of the spectrum.
   *
   * @param converged one of the {@value #PAIRS} largest Ritz pairs has a residual within the
   *     tolerance: a pre-pass would find something to deflate
   * @param separated a converged one lies at least {@link Deflation#SEPARATION} of ||H|| above
   *     every Ritz value that has not converged: an outlier, worth AUTO's pre-pass
   */
  public record Verdict(boolean converged, boolean separated) {}

  /**
   * The verdict of {@code run}: its Ritz pairs of the first m - 1 steps, residuals relative to
   * the largest |Ritz value| of the whole run (an estimate of ||H|| from below). A run that met
   * an invariant subspace has exact Ritz values: converged and, as its Ritz values are all the
   * eigenvalues its start vector sees, separated. A run of fewer than 2 steps tells nothing.
   */
  public static Verdict of(LanczosResult run, double tolerance) {
    double[] alpha = run.alpha();
    double[] beta = run.beta();
    int m = alpha.length;
    if (run.invariantSubspace() && m >= 1) {
      return new Verdict(true, true);
    }
    if (m < 2) {
      return new Verdict(false, false);
    }
    double norm = 0;
    for (double theta : SymmetricTridiagonalEigen.gaussRule(alpha, beta).nodes()) {
      norm = Math.max(norm, Math.abs(theta));
    }
    int k = m - 1;
    double next = Math.abs(beta[k - 1]);
    Eigensystem leading = SymmetricTridiagonalEigen.eigensystem(Arrays.copyOf(alpha, k),
        Arrays.copyOf(beta, k - 1));
    double topConverged = Double.NEGATIVE_INFINITY;
    double edge = Double.NEGATIVE_INFINITY;
    for (int q = k - 1; q >= 0; q--) {
      boolean converged = next * Math.abs(leading.eigenvector(q, k - 1)) <= tolerance * norm;
      if (converged && q >= k - PAIRS) {
        topConverged = Math.max(topConverged, leading.eigenvalue(q));
      } else if (!converged) {
        edge = Math.max(edge, leading.eigenvalue(q));
      }
    }
    boolean converged = topConverged > Double.NEGATIVE_INFINITY;
    return new Verdict(converged, converged
        && (edge == Double.NEGATIVE_INFINITY || topConverged - edge >= Deflation.SEPARATION * norm));
  }
}
