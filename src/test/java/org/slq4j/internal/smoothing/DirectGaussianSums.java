package org.slq4j.internal.smoothing;

/**
 * The tests' reference for the Gaussian sums: every node at every grid point with
 * {@link Math#exp}, no window, no recurrence; O(count * grid size). Arguments are not checked.
 */
public final class DirectGaussianSums {

  private static final double INV_SQRT_2PI = 0.3989422804014327;

  private DirectGaussianSums() {}

  /** Adds to density[j] scale * sum_k weights[k] * exp(-z^2/2) / (sigma sqrt(2 pi)). */
  public static void accumulate(double first, double step, int size, double[] nodes,
      double[] weights, int count, double scale, double sigma, double[] density) {
    for (int k = 0; k < count; k++) {
      double sw = scale * weights[k];
      if (sw == 0) {
        continue;
      }
      double a = sw / sigma * INV_SQRT_2PI;
      double x = nodes[k];
      for (int j = 0; j < size; j++) {
        double z = (first + j * step - x) / sigma;
        density[j] += a * Math.exp(-0.5 * z * z);
      }
    }
  }

  /** {@link #accumulate(double, double, int, double[], double[], int, double, double, double[])}
   * on a grid. */
  public static void accumulate(Grid grid, double[] nodes, double[] weights, int count,
      double scale, double sigma, double[] density) {
    accumulate(grid.first(), grid.step(), grid.size(), nodes, weights, count, scale, sigma,
        density);
  }
}
