package org.slq4j.internal.smoothing;

import java.util.Objects;
import org.slq4j.GridScale;
import org.slq4j.InsufficientMemoryException;

/**
 * Turns the Gauss rules of all runs into the estimated density: the variable the density is
 * gridded in (the nodes themselves, their log10 or their symmetric log), the grid bounds, the smoothing width and
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

  /**
   * Smallest default linear zone of a SYMLOG10 grid, relative to the largest |node|: nodes
   * smaller than this are at the rounding level of the quadrature, not features to stretch.
   */
  public static final double MIN_RELATIVE_LINEAR_ZONE = 1e-8;

  /** Fraction of the pooled quadrature mass whose |node| the default linear zone reaches. */
  public static final double LINEAR_ZONE_MASS = 0.05;

  /** The density on its grid, the sigma it was smoothed with and the grid's variable. */
  public record Density(Grid grid, double[] values, double sigma, GridTransform transform) {}

  /** Heap bytes of one grid point in the result: its coordinate and its density. */
  public static final long BYTES_PER_GRID_POINT = 16;

  private DensityAssembly() {}

  /**
   * Refuses a grid whose arrays, {@code bytesPerPoint} per point, do not fit in the heap the JVM
   * may still grow to, before any run starts.
   *
   * @throws InsufficientMemoryException naming the grid size, the bytes and the heap
   */
  public static void requireGridFits(int gridPoints, long bytesPerPoint, String remedy) {
    Runtime rt = Runtime.getRuntime();
    long available = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    long needed = gridPoints * bytesPerPoint;
    if (needed > available) {
      throw new InsufficientMemoryException(String.format(java.util.Locale.ROOT,
          "a grid of %d points needs %.2f GB of Java heap for its arrays, more than the %.2f "
          + "GB the JVM can still use; %s", gridPoints, needed / 1e9, available / 1e9, remedy),
          needed, available);
    }
  }

  /**
   * The run average of the smoothed Gauss rules of {@code nodes.length} runs.
   *
   * @param nodes each run's nodes (eigenvalues, also for a LOG10 grid)
   * @param weights each run's weights, as long as its nodes
   * @param scale the grid's variable; AUTO_LOG becomes LOG10 when every node is positive and
   *     SYMLOG10 otherwise
   * @param linearZone the SYMLOG10 linear zone, or NaN for the default rule
   * @param sigma the smoothing width in the grid's variable, or NaN for the default rule
   * @param lanczosSteps the steps per run asked for (the default sigma's divisor)
   * @throws IllegalArgumentException when a LOG10 grid meets a node that is not positive,
   *     naming the run, the node and its weight
   */
  public static Density assemble(double[][] nodes, double[][] weights, GridScale scale,
      double linearZone, double sigma, int lanczosSteps, double gridPadding, int gridPoints) {
    GridTransform transform = transform(nodes, weights, scale, linearZone);
    int runs = nodes.length;
    double[][] x = new double[runs][];
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int r = 0; r < runs; r++) {
      x[r] = transform.scale() == GridScale.LOG10 ? log10Nodes(r, nodes[r], weights[r])
          : transformed(nodes[r], transform);
      for (double v : x[r]) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    double spread = flooredSpread(lo, hi);
    double s = Double.isNaN(sigma) ? Math.max(spread / lanczosSteps, MIN_DEFAULT_SIGMA) : sigma;
    double pad = Math.max(gridPadding * spread, MIN_PADDING_SIGMAS * s);
    if (!Double.isFinite(lo - pad) || !Double.isFinite(hi + pad)) {
      throw new IllegalArgumentException(gridPadding * spread >= MIN_PADDING_SIGMAS * s
          ? "gridPadding " + gridPadding + " times the node spread " + spread + " takes the "
              + "grid beyond the double range; use a smaller gridPadding"
          : "sigma " + s + ": 6 sigma beyond the nodes [" + lo + ", " + hi + "] takes the grid "
              + "beyond the double range; use a smaller sigma");
    }
    Grid grid = Grid.linear(lo - pad, hi + pad, gridPoints);
    double[] density = new double[gridPoints];
    for (int r = 0; r < runs; r++) {
      GaussianSmoother.accumulate(grid, x[r], weights[r], x[r].length, 1.0 / runs, s, density);
    }
    return new Density(grid, density, s, transform);
  }

  /**
   * The grid variable for these nodes: AUTO_LOG resolved by the sign of the smallest node, the
   * SYMLOG10 linear zone given or by the default rule.
   */
  static GridTransform transform(double[][] nodes, double[][] weights, GridScale scale,
      double linearZone) {
    Objects.requireNonNull(scale, "scale");
    GridScale resolved = scale;
    if (scale == GridScale.AUTO_LOG) {
      resolved = GridScale.LOG10;
      for (double[] run : nodes) {
        for (double v : run) {
          if (!(v > 0)) {
            resolved = GridScale.SYMLOG10;
          }
        }
      }
    }
    return switch (resolved) {
      case LINEAR -> GridTransform.LINEAR;
      case LOG10 -> GridTransform.LOG10;
      default -> GridTransform.symlog(Double.isNaN(linearZone)
          ? defaultLinearZone(nodes, weights) : linearZone);
    };
  }

  /**
   * The smallest |node| at which the pooled quadrature measure (each run weighted 1 / runs)
   * of |node| reaches {@link #LINEAR_ZONE_MASS}, and at least {@link #MIN_RELATIVE_LINEAR_ZONE}
   * times the largest |node|; 1 when every node is zero.
   */
  static double defaultLinearZone(double[][] nodes, double[][] weights) {
    int count = 0;
    double largest = 0;
    double total = 0;
    for (int r = 0; r < nodes.length; r++) {
      count += nodes[r].length;
      for (int k = 0; k < nodes[r].length; k++) {
        largest = Math.max(largest, Math.abs(nodes[r][k]));
        total += weights[r][k] / nodes.length;
      }
    }
    if (!(largest > 0)) {
      return 1;
    }
    double[][] pairs = new double[count][];
    int i = 0;
    for (int r = 0; r < nodes.length; r++) {
      for (int k = 0; k < nodes[r].length; k++) {
        pairs[i++] = new double[] {Math.abs(nodes[r][k]), weights[r][k] / nodes.length};
      }
    }
    java.util.Arrays.sort(pairs, (a, b) -> Double.compare(a[0], b[0]));
    double target = LINEAR_ZONE_MASS * total;
    double mass = 0;
    double quantile = largest;
    for (double[] p : pairs) {
      mass += p[1];
      if (mass >= target) {
        quantile = p[0];
        break;
      }
    }
    return Math.max(quantile, MIN_RELATIVE_LINEAR_ZONE * largest);
  }

  private static double[] transformed(double[] nodes, GridTransform transform) {
    if (transform.scale() == GridScale.LINEAR) {
      return nodes;
    }
    double[] x = new double[nodes.length];
    for (int k = 0; k < nodes.length; k++) {
      x[k] = transform.forward(nodes[k]);
    }
    return x;
  }

  /** log10 of every node of run {@code run}, which must all be positive. */
  static double[] log10Nodes(int run, double[] nodes, double[] weights) {
    double[] x = new double[nodes.length];
    for (int k = 0; k < nodes.length; k++) {
      if (!(nodes[k] > 0)) {
        throw new IllegalArgumentException("a LOG10 grid needs a positive spectrum, but run "
            + run + " has the node " + nodes[k] + " (weight " + weights[k]
            + "); use a SYMLOG10 or AUTO_LOG grid, or shift the operator");
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
