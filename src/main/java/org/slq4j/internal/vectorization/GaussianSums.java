package org.slq4j.internal.vectorization;

/**
 * Sums of Gaussians on a regular grid: adds to {@code density[j]}
 *
 * <pre>
 *   scale * sum_k weights[k] * exp(-(t_j - nodes[k])^2 / (2 sigma^2)) / (sigma sqrt(2 pi)),
 *   t_j = first + j*step, j = 0..size-1, k = 0..count-1,
 * </pre>
 *
 * the smoothing step of Stochastic Lanczos Quadrature (Lin, Saad and Yang, "Approximating
 * spectral densities of large matrices", SIAM Review 58, 2016, section 3).
 *
 * <p><b>Window.</b> Both implementations evaluate node k only at grid points with |t_j - x_k| <=
 * {@link #CUTOFF_SIGMAS} sigma. A term left out is below exp(-CUTOFF_SIGMAS^2/2) = 2.05e-16 of
 * its node's peak p_k = scale*|weights[k]|/(sigma sqrt(2 pi)), so the truncation error at any
 * point is at most 2.05e-16 * sum_k p_k. With nonnegative weights summing to 1 per run that is
 * 2.05e-16/(sigma sqrt(2 pi)); for the SLQ default (sigma = spread/80 on a grid 1.2 spreads
 * wide) it is below 1e-14 of the density's maximum.
 *
 * <p><b>Recurrence.</b> Inside the window successive values on the grid obey g_{j+1} = g_j r_j,
 * r_{j+1} = r_j c with c = exp(-(step/sigma)^2) (see {@link ScalarGaussianSums}), so most points
 * cost two multiplies and no exp. Each multiply adds a relative rounding error of at most u =
 * 2^-53 and c itself carries about u, so after i steps log r is off by about 2 i u and log g by
 * the sum of those, about i^2 u: the error grows quadratically. Two levels keep it bounded with
 * few exps: a fine recurrence runs for segments of K = {@link #RESTART_STEPS} steps of a lane,
 * and a coarse recurrence with the same structure (step K times longer, ratio b, factor
 * exp(-(K d)^2); the fine ratio advances by c^K = exp(-K d^2)) carries the segment start values
 * across M = {@link #COARSE_STEPS} segments, after which everything restarts from exact exps.
 * The relative error of every term is then at most about (1.1 K^2 + 2 K M + 1.1 M^2 + 300) u =
 * 2700 u = 3.0e-13 (the 300 u covers the restart's rounded arguments, |z| d u per step), so
 * the sum's pointwise error is below 3.0e-13 * sum_k p_k g_k(t_j): 3.0e-13 of the density
 * there when weights are nonnegative. Measured on SLQ's default configuration: 1.6e-14 of
 * max(density) (spectrum [0, 10]); see GaussianSmootherTest. The SLQ default window (about
 * 1770 points) needs one set of exps per node.
 *
 * <p><b>Conditioning.</b> A direct evaluation (every node at every grid point with exp, the
 * tests' reference) and the windowed one both start from the rounded grid points t_j; where
 * |t_j| is many sigmas the rounding of t_j itself (u |t_j|) moves z = (t_j - x)/sigma by
 * u |t_j|/sigma, and the two may differ by about that relative to the peak. For a spectrum [a, b] with |a|, |b| of the order of b - a this is ~1e-14.
 *
 * <p>Tiny sigma (below a grid step) is no special case: the Gaussian is evaluated exactly at the
 * few (or no) grid points within the window, so a node between grid points may leave no trace;
 * callers who need the mass on the grid choose sigma of at least a few steps. Nothing is
 * allocated per call beyond a few temporaries.
 */
public final class GaussianSums {

  /** Half-width of each node's window in sigmas: exp(-8.5^2/2) = 2.05e-16 of the peak. */
  public static final double CUTOFF_SIGMAS = 8.5;

  /** Fine recurrence steps of a lane per segment (K in the error bound above). */
  static final int RESTART_STEPS = 32;

  /** Segments chained by the coarse recurrence before a restart from exact exps (M). */
  static final int COARSE_STEPS = 16;

  private static final GaussianSumsSupport IMPL =
      VectorizationProvider.getInstance().gaussianSums();

  private GaussianSums() {}

  /**
   * Adds the Gaussian sums of {@code nodes[0..count)} to {@code density[0..size)} with the
   * {@link GaussianSumsSupport} of {@link VectorizationProvider#getInstance()}.
   *
   * @throws IllegalArgumentException naming the argument when an array is null, count is
   *     outside [0, min(nodes.length, weights.length)], density.length != size, size < 1,
   *     first/step/scale are not finite, step or sigma is not > 0 and finite, a node or weight
   *     is not finite, or a node's peak overflows (sigma too small for its weight); nothing is
   *     written then
   */
  public static void accumulate(
      double first, double step, int size, double[] nodes, double[] weights, int count,
      double scale, double sigma, double[] density) {
    validate(first, step, size, nodes, weights, count, scale, sigma, density);
    IMPL.accumulate(first, step, size, nodes, weights, count, scale, sigma, density);
  }

  private static void validate(
      double first, double step, int size, double[] nodes, double[] weights, int count,
      double scale, double sigma, double[] density) {
    if (nodes == null) {
      throw new IllegalArgumentException("nodes must not be null");
    }
    if (weights == null) {
      throw new IllegalArgumentException("weights must not be null");
    }
    if (density == null) {
      throw new IllegalArgumentException("density must not be null");
    }
    if (size < 1) {
      throw new IllegalArgumentException("size must be >= 1, got " + size);
    }
    if (density.length != size) {
      throw new IllegalArgumentException(
          "density has length " + density.length + " but the grid has " + size + " points");
    }
    if (!Double.isFinite(first)) {
      throw new IllegalArgumentException("first must be finite, got " + first);
    }
    if (!(step > 0) || !Double.isFinite(step)) {
      throw new IllegalArgumentException("step must be finite and > 0, got " + step);
    }
    if (!Double.isFinite(first + (size - 1.0) * step)) {
      throw new IllegalArgumentException("the last grid point first + (size-1)*step = "
          + (first + (size - 1.0) * step) + " is not finite");
    }
    if (!(sigma > 0) || !Double.isFinite(sigma)) {
      throw new IllegalArgumentException("sigma must be finite and > 0, got " + sigma);
    }
    if (!Double.isFinite(scale)) {
      throw new IllegalArgumentException("scale must be finite, got " + scale);
    }
    int max = Math.min(nodes.length, weights.length);
    if (count < 0 || count > max) {
      throw new IllegalArgumentException("count must be in [0, " + max
          + "] (nodes.length " + nodes.length + ", weights.length " + weights.length + "), got "
          + count);
    }
    for (int k = 0; k < count; k++) {
      if (!Double.isFinite(nodes[k])) {
        throw new IllegalArgumentException("nodes[" + k + "] = " + nodes[k] + " is not finite");
      }
      if (!Double.isFinite(weights[k])) {
        throw new IllegalArgumentException(
            "weights[" + k + "] = " + weights[k] + " is not finite");
      }
      if (!Double.isFinite(ScalarGaussianSums.coefficient(scale, weights[k], sigma))) {
        throw new IllegalArgumentException("sigma = " + sigma + " is too small: the peak "
            + "scale*weights[" + k + "]/(sigma sqrt(2 pi)) overflows (weights[" + k + "] = "
            + weights[k] + ", scale = " + scale + ")");
      }
    }
  }
}
