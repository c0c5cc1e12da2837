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

  static double[] readColumn(Path file) throws IOException {
    return Files.readAllLines(file).stream().map(String::trim).filter(s -> !s.isEmpty())
        .mapToDouble(Double::parseDouble).toArray();
  }
}
