package org.slq4j.internal.smoothing;

import java.util.Objects;
import org.slq4j.GridScale;

/**
 * Turns the Gauss rules of all runs into the estimated density: the variable the density is
 * gridded in (the nodes themselves, or their log10), the grid bounds, the smoothing width and
 * the run average of the Gaussian-smoothed rules.
 *
 * <p>The rules: sigma is the one given, or by default (max node - min node) / lanczosSteps
 * (the rule of hessian_eigenthings), floored at {@link #MIN_DEFAULT_SIGMA}; the grid spans the
 * nodes padded on each side by {@code gridPadding} times their spread and never less than 6
 * sigma, so that no mass falls off the grid and the density integrates to 1; each run enters
 * with weight 1 / runs.
 */
public final class DensityAssembly {

  /**
   * Smallest default sigma. Only spectra narrower than lanczosSteps * 1e-290 (a constant spectrum
   * near 1e-300, say) meet it: below it the Gaussian's peak 1 / (sigma sqrt(2 pi)) and the grid
   * spacing would leave the normal double range.
   */
  public static final double MIN_DEFAULT_SIGMA = 1e-290;

  /** Grid padding on each side, in sigmas, below which it never falls. */
  static final double MIN_PADDING_SIGMAS = 6;

  /** The density on its grid, and the sigma it was smoothed with. */
  public record Density(Grid grid, double[] values, double sigma) {}

  private DensityAssembly() {}

  /**
   * The run average of the smoothed Gauss rules of {@code nodes.length} runs.
   *
   * @param nodes each run's nodes (eigenvalues, also for a LOG10 grid)
   * @param weights each run's weights, as long as its nodes
   * @param sigma the smoothing width in the grid's variable, or NaN for the default rule
   * @param lanczosSteps the steps per run asked for (the default sigma's divisor)
   * @throws IllegalArgumentException when a LOG10 grid meets a node that is not positive,
   *     naming the run, the node and its weight
   */
  public static Density assemble(double[][] nodes, double[][] weights, GridScale scale,
      double sigma, int lanczosSteps, double gridPadding, int gridPoints) {
    Objects.requireNonNull(scale, "scale");
    int runs = nodes.length;
    double[][] x = new double[runs][];
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int r = 0; r < runs; r++) {
      x[r] = scale == GridScale.LOG10 ? log10Nodes(r, nodes[r], weights[r]) : nodes[r];
      for (double v : x[r]) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    double spread = flooredSpread(lo, hi);
    double s = Double.isNaN(sigma) ? Math.max(spread / lanczosSteps, MIN_DEFAULT_SIGMA) : sigma;
    double pad = Math.max(gridPadding * spread, MIN_PADDING_SIGMAS * s);
    Grid grid = Grid.linear(lo - pad, hi + pad, gridPoints);
    double[] density = new double[gridPoints];
    for (int r = 0; r < runs; r++) {
      GaussianSmoother.accumulate(grid, x[r], weights[r], x[r].length, 1.0 / runs, s, density);
    }
    return new Density(grid, density, s);
  }

  /** log10 of every node of run {@code run}, which must all be positive. */
  static double[] log10Nodes(int run, double[] nodes, double[] weights) {
    double[] x = new double[nodes.length];
    for (int k = 0; k < nodes.length; k++) {
      if (!(nodes[k] > 0)) {
        throw new IllegalArgumentException("a LOG10 grid needs a positive spectrum, but run "
            + run + " has the node " + nodes[k] + " (weight " + weights[k]
            + "); shift the operator or use a LINEAR grid");
      }
      x[k] = Math.log10(nodes[k]);
    }
    return x;
  }

  /** max - min, floored at a tiny positive value so a constant spectrum still has a grid. */
  static double flooredSpread(double lo, double hi) {
    double spread = hi - lo;
    double magnitude = Math.max(Math.abs(lo), Math.abs(hi));
    double floor = magnitude > 0 ? 1e-8 * magnitude : 1e-8;
    return Math.max(spread, floor);
  }
}
