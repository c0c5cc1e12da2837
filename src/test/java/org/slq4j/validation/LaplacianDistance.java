package org.slq4j.validation;

import java.util.Arrays;
import org.slq4j.SpectralDensity;
import org.slq4j.operators.LaplacianOperator;

/**
 * The accuracy figure of {@link SpectralDistance} (relative W1: the integral of |F - G| over
 * the width of the spectrum) for a {@link LaplacianOperator}, whose exact CDF F is counted, not
 * listed, so that n may be 10^8 and more. G is the SLQ CDF (1/runs) sum weight [node &lt;= t].
 *
 * <p>F is evaluated exactly at the points of a uniform mesh of {@code cells} cells over
 * [lambda_min, lambda_max]; outside that interval F is 0 or 1 and G is exact, so only the
 * behaviour of F inside a cell is unknown. F is nondecreasing, so on a cell it lies between its
 * values at the cell's ends; on each piece of the cell where G is constant that bounds |F - G|
 * from below and above. The two sums bound the integral, and the figure is their midpoint with
 * half their difference as its error: at most (mesh width) / 2, relative 1 / (2 cells), and
 * usually far less, since the bounds differ only by the rise of F across each cell.
 */
final class LaplacianDistance {

  private LaplacianDistance() {}

  /** The relative W1 and a bound on its error (both divided by the spectrum's width). */
  record Bounded(double value, double error) {}

  static Bounded relativeW1(LaplacianOperator op, SpectralDensity d, int cells) {
    double[][] x = new double[d.numRuns()][];
    double[][] w = new double[d.numRuns()][];
    for (int r = 0; r < d.numRuns(); r++) {
      x[r] = d.nodes(r);
      w[r] = d.weights(r);
    }
    return relativeW1(op, x, w, cells);
  }

  /**
   * The figure for the rule of nodes[r] and weights[r] (each run's weights summing to 1, runs
   * averaged), with F on {@code cells} cells.
   */
  static Bounded relativeW1(LaplacianOperator op, double[][] nodes, double[][] weights,
      int cells) {
    double lo = op.eigenvalueMin();
    double hi = op.eigenvalueMax();
    double width = hi - lo;
    double[] t = new double[cells + 1];
    for (int k = 0; k < cells; k++) {
      t[k] = lo + k * (width / cells);
    }
    t[cells] = hi;
    double[] f = op.cdf(t);

    int count = 0;
    for (double[] run : nodes) {
      count += run.length;
    }
    double[][] pooled = new double[count][];
    int c = 0;
    for (int r = 0; r < nodes.length; r++) {
      for (int k = 0; k < nodes[r].length; k++) {
        pooled[c++] = new double[] {nodes[r][k], weights[r][k] / nodes.length};
      }
    }
    Arrays.sort(pooled, (a, b) -> Double.compare(a[0], b[0]));

    // Pieces [a, b) between consecutive breakpoints (mesh points and nodes): G is constant on
    // each, and each lies in one cell, below lo (F = 0) or at or above hi (F = 1).
    double lower = 0;
    double upper = 0;
    double g = 0;
    int j = 0;
    int k = 0;
    double a = Math.min(lo, count > 0 ? pooled[0][0] : lo);
    double end = Math.max(hi, count > 0 ? pooled[count - 1][0] : hi);
    while (a < end) {
      while (j < count && pooled[j][0] <= a) {
        g += pooled[j++][1];
      }
      while (k <= cells && t[k] <= a) {
        k++;
      }
      double b = Math.min(j < count ? pooled[j][0] : end, k <= cells ? t[k] : end);
      double f0 = k == 0 ? 0 : k > cells ? 1 : f[k - 1];
      double f1 = k == 0 ? 0 : k > cells ? 1 : f[k];
      double below = g < f0 ? f0 - g : g > f1 ? g - f1 : 0;
      double above = Math.max(Math.abs(f0 - g), Math.abs(f1 - g));
      lower += below * (b - a);
      upper += above * (b - a);
      a = b;
    }
    return new Bounded(0.5 * (lower + upper) / width, 0.5 * (upper - lower) / width);
  }
}
