package org.slq4j.validation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The accuracy figure of ../shared/data/README.md: the Wasserstein-1 distance between the exact
 * spectral CDF F(t) = #{lambda_i <= t} / n and an SLQ CDF G(t) = (1/runs) sum weight * [node <=
 * t], divided by the spectrum's width. Both are step functions, so the integral is exact.
 */
final class SpectralDistance {

  private SpectralDistance() {}

  static double relativeW1(double[] eigenvalues, double[][] nodes, double[][] weights) {
    double[] exact = eigenvalues.clone();
    Arrays.sort(exact);
    int count = 0;
    for (double[] run : nodes) {
      count += run.length;
    }
    double[] x = new double[count];
    double[] w = new double[count];
    Integer[] order = new Integer[count];
    int c = 0;
    for (int r = 0; r < nodes.length; r++) {
      for (int k = 0; k < nodes[r].length; k++) {
        x[c] = nodes[r][k];
        w[c] = weights[r][k] / nodes.length;
        order[c] = c;
        c++;
      }
    }
    Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
    int n = exact.length;
    int i = 0;
    int j = 0;
    double f = 0;
    double g = 0;
    double last = Math.min(exact[0], x[order[0]]);
    double integral = 0;
    while (i < n || j < count) {
      double next = j >= count || (i < n && exact[i] <= x[order[j]]) ? exact[i] : x[order[j]];
      integral += Math.abs(f - g) * (next - last);
      last = next;
      while (i < n && exact[i] == next) {
        i++;
        f = (double) i / n;
      }
      while (j < count && x[order[j]] == next) {
        g += w[order[j]];
        j++;
      }
    }
    return integral / (exact[n - 1] - exact[0]);
  }

  /**
   * The same figure for a density given on a grid, as a user sees it: G is the cumulative
   * trapezoid of {@code density} over {@code grid}, divided by its total (so it ends at 1),
   * linear between grid points, 0 before the grid and 1 after it. The integral of |F - G| is
   * exact: F is constant and G linear between consecutive breakpoints (grid points and
   * eigenvalues), and a sign change of F - G there is integrated as two triangles.
   */
  static double relativeW1OfDensity(double[] eigenvalues, double[] grid, double[] density) {
    double[] exact = eigenvalues.clone();
    Arrays.sort(exact);
    int g = grid.length;
    double[] cdf = new double[g];
    for (int j = 1; j < g; j++) {
      cdf[j] = cdf[j - 1] + 0.5 * (grid[j] - grid[j - 1]) * (density[j - 1] + density[j]);
    }
    double total = cdf[g - 1];
    for (int j = 0; j < g; j++) {
      cdf[j] /= total;
    }
    double[] points = new double[g + exact.length];
    System.arraycopy(grid, 0, points, 0, g);
    System.arraycopy(exact, 0, points, g, exact.length);
    Arrays.sort(points);
    int n = exact.length;
    int i = 0;
    double integral = 0;
    for (int k = 0; k + 1 < points.length; k++) {
      double a = points[k];
      double b = points[k + 1];
      while (i < n && exact[i] <= a) {
        i++;
      }
      if (b == a) {
        continue;
      }
      double f = (double) i / n;
      double da = gridCdf(grid, cdf, a) - f;
      double db = gridCdf(grid, cdf, b) - f;
      if (da * db >= 0) {
        integral += 0.5 * (b - a) * Math.abs(da + db);
      } else {
        integral += 0.5 * (b - a) * (da * da + db * db) / (Math.abs(da) + Math.abs(db));
      }
    }
    return integral / (exact[n - 1] - exact[0]);
  }

  /** G(t): the grid CDF interpolated linearly, 0 before the grid and 1 after it. */
  private static double gridCdf(double[] grid, double[] cdf, double t) {
    if (t <= grid[0]) {
      return 0;
    }
    if (t >= grid[grid.length - 1]) {
      return 1;
    }
    int j = Arrays.binarySearch(grid, t);
    if (j >= 0) {
      return cdf[j];
    }
    int hi = -j - 1;
    int lo = hi - 1;
    double u = (t - grid[lo]) / (grid[hi] - grid[lo]);
    return cdf[lo] + u * (cdf[hi] - cdf[lo]);
  }

  static double[] readColumn(Path file) throws IOException {
    return Files.readAllLines(file).stream().map(String::trim).filter(s -> !s.isEmpty())
        .mapToDouble(Double::parseDouble).toArray();
  }
}
